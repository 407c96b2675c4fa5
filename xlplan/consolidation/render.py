"""A consolidation shown as a JSON document or a table for the terminal.

The document: ``plan`` (the company plan's name, fiscal year, currency, envelope),
``rates``, ``sources`` (each plan: file, team, currency and rate, months moved, envelope,
planned and actual in the company currency), ``by_team``, ``totals`` (planned and actual per
quarter, envelope), ``actions`` (each with its ``origin``: file, ID, sheet and cell), the
``merged`` objectives and KPIs, and ``problems`` (each with its file, sheet and cell). Money
is plain numbers in the company currency.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..i18n import MessageLang, msg
from ..i18n.numbers import number
from ..inert import aligned, strict_json, terminal_text
from ..layout.labels import NO_LABEL, quarterly
from ..model.enums import QUARTERS
from .merge import Consolidation

__all__ = ["document", "render"]


def _n(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _quarters(values: list[Decimal]) -> dict[str, int | float | None]:
    out = {q.upper(): _n(v) for q, v in zip(QUARTERS, values, strict=True)}
    out["total"] = _n(sum(values, Decimal(0)))
    return out


def document(result: Consolidation) -> dict[str, Any]:
    """The consolidation as plain data (see the module's docstring)."""
    plan = result.plan
    planned = [sum((a.budget.values()[i] for a in plan.actions), Decimal(0)) for i in range(4)]
    actual = [
        sum((v for a in plan.actions if (v := a.actual.values()[i]) is not None), Decimal(0))
        for i in range(4)
    ]
    origins = {o.id: o for o in result.origins}
    return {
        "plan": {
            "name": plan.name,
            "business": plan.business,
            "fiscal_year_start": plan.fiscal_year_start.isoformat(),
            "currency": plan.currency,
            "envelope": _n(plan.envelope_total),
            "actions": len(plan.actions),
            "objectives": len(plan.objectives),
            "kpis": len(plan.kpis),
            "owners": len(plan.owners),
        },
        "rates": {c: _n(r) for c, r in result.rates.items()},
        "sources": [
            {
                "file": s.file,
                "kind": s.kind,
                "team": s.team,
                "name": s.name,
                "business": s.business,
                "currency": s.currency,
                "rate": _n(s.rate),
                "fiscal_year_start": s.fiscal_year_start.isoformat(),
                "months_moved": s.months_moved,
                "envelope": _n(s.envelope),
                "envelope_is_planned": s.envelope_is_planned,
                "planned": _n(s.planned),
                "actual": _n(s.actual),
                "actions": s.actions,
            }
            for s in result.sources
        ],
        "by_team": [
            {"team": s.team, "actions": s.actions, "planned": _n(s.planned), "actual": _n(s.actual)}
            for s in result.sources
        ],
        "totals": {
            "planned": _quarters(planned),
            "actual": _quarters(actual),
            "envelope": _n(plan.envelope_total),
        },
        "actions": [
            {
                "id": a.id,
                "team": a.team,
                "title": a.title,
                "owner": a.owner,
                "planned": _n(a.budget.total),
                "actual": _n(a.actual.total),
                "origin": {
                    "file": origins[a.id].file,
                    "id": origins[a.id].source_id,
                    "sheet": origins[a.id].sheet,
                    "cell": origins[a.id].cell,
                    "path": origins[a.id].path,
                },
            }
            for a in plan.actions
        ],
        "merged": {k: dict(v) for k, v in result.merged.items()},
        "problems": [
            {
                "file": file,
                "severity": p.severity,
                "code": p.code.value,
                "sheet": p.sheet,
                "cell": p.cell,
                "path": p.path,
                "message": p.message,
            }
            for file, p in result.problems
        ],
    }


def _money(value: int | float | None, lang: MessageLang) -> str:
    """An amount for people: ``1,250.00`` in English, ``1 250,00`` in French."""
    return "" if value is None else number(value, ",.2f", lang)


def _table(doc: dict[str, Any], lang: MessageLang = "en") -> str:
    plan = doc["plan"]
    heading = msg(
        "{name} — {actions} actions, fiscal year from {start}, {currency}",
        name=plan["name"],
        actions=plan["actions"],
        start=plan["fiscal_year_start"],
        currency=plan["currency"],
    )
    lines = [heading.text(lang), ""]
    words = (
        msg("team"),
        msg("file"),
        msg("currency"),
        msg("rate"),
        msg("actions"),
        msg("planned"),
        msg("actual"),
        msg("envelope"),
    )
    head = tuple(w.text(lang) for w in words)
    total = msg("total").text(lang)
    rows = [
        (
            s["team"],
            s["file"] or s["name"],
            s["currency"],
            number(s["rate"], "g", lang),
            str(s["actions"]),
            _money(s["planned"], lang),
            _money(s["actual"], lang),
            _money(s["envelope"], lang) + (" *" if s["envelope_is_planned"] else ""),
        )
        for s in doc["sources"]
    ]
    totals = doc["totals"]
    rows.append(
        (
            total,
            "",
            plan["currency"],
            "",
            str(plan["actions"]),
            _money(totals["planned"]["total"], lang),
            _money(totals["actual"]["total"], lang),
            _money(totals["envelope"], lang),
        )
    )
    shown = [tuple(terminal_text(cell) for cell in r) for r in rows]  # (widths as shown)
    lines += aligned([head, *shown], range(3, len(head)))
    if any(s["envelope_is_planned"] for s in doc["sources"]):
        lines.append(msg("* no envelope: its planned budget counts").text(lang))
    lines.append("")
    quarters = ("Q1", "Q2", "Q3", "Q4", "total")
    shown_quarters = (*(quarterly(NO_LABEL, n)(lang) for n in range(1, 5)), total)
    lines.append("           " + "".join(q.rjust(14) for q in shown_quarters))
    for key, word in (("planned", words[5]), ("actual", words[6])):
        lines.append(
            word.text(lang).ljust(11)
            + "".join(_money(totals[key][q], lang).rjust(14) for q in quarters)
        )
    return "\n".join(lines) + "\n"


def render(result: Consolidation, fmt: str, lang: MessageLang = "en") -> str:
    """The consolidation as ``table`` (for the terminal) or ``json`` text.

    Args:
        result: the consolidation.
        fmt: "table" or "json".
        lang: the table's language (the JSON is always English).

    Returns:
        The text, ending with a newline.
    """
    doc = document(result)
    if fmt == "json":
        return strict_json(doc)
    return terminal_text(_table(doc, lang), keep_lines=True)
