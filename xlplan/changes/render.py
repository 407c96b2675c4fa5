"""A diff as JSON-compatible data (``docs/diff.schema.json``), a terminal table or Markdown.

The JSON document is a contract for scripts: values as the plan file writes them (money and
measures as plain numbers, dates in ISO form, enums as their text), quarters keyed Q1…Q4.
Table and Markdown are made from the same document.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..errors import Problem
from ..inert import strict_json, terminal_text
from .result import Diff, FieldChange, ItemChange, Kind, QuarterMoney, Source, Value

__all__ = ["FORMATS", "document", "render"]

FORMATS = ("table", "json", "markdown")
_SECTIONS: tuple[tuple[Kind, str], ...] = (
    ("action", "actions"),
    ("objective", "objectives"),
    ("kpi", "kpis"),
    ("owner", "owners"),
)
_MARK = {"added": "+", "removed": "-", "changed": "~"}


def _json(value: Value) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_json(v) for v in value]
    return value


def _change(change: FieldChange) -> dict[str, Any]:
    return {"field": change.field, "old": _json(change.old), "new": _json(change.new)}


def _pair(pair: tuple[Any, Any] | None) -> dict[str, Any] | None:
    return None if pair is None else {"old": pair[0], "new": pair[1]}


def _item(item: ItemChange) -> dict[str, Any]:
    out: dict[str, Any] = {
        "key": item.key,
        "old_key": item.old_key,
        "title": item.title,
        "status": item.status,
        "matched_by": item.matched_by,
        "changes": [_change(c) for c in item.changes],
    }
    if item.kind == "action":
        out["late"] = _pair(item.late)
    if item.kind == "kpi":
        out["kpi_status"] = _pair(item.kpi_status)
    return out


def _quarters(rows: tuple[QuarterMoney, ...]) -> dict[str, Any]:
    return {
        r.period: {"before": _json(r.before), "after": _json(r.after), "delta": _json(r.delta)}
        for r in rows
    }


def _source(source: Source) -> dict[str, Any]:
    return {"path": source.path, "kind": source.kind}


def _problem(file: str, problem: Problem) -> dict[str, str]:
    return {
        "file": file,
        "code": problem.code.value,
        "severity": problem.severity,
        "sheet": problem.sheet,
        "cell": problem.cell,
        "message": problem.message,
    }


def document(diff: Diff) -> dict[str, Any]:
    """The diff as JSON-compatible data (see ``docs/diff.schema.json``)."""
    m = diff.money
    cells = [
        [
            {
                "action": c.action,
                "period": c.period,
                "before": _json(c.before),
                "after": _json(c.after),
                "delta": _json(c.delta),
            }
            for c in found
        ]
        for found in (m.planned_cells, m.actual_cells)
    ]
    return {
        "old": _source(diff.old),
        "new": _source(diff.new),
        "as_of": diff.as_of.isoformat(),
        "identical": diff.empty,
        "plan": [_change(c) for c in diff.plan],
        **{name: [_item(i) for i in diff.of(kind)] for kind, name in _SECTIONS},
        "matched_by_title": list(diff.matched_by_title),
        "money": {
            "planned": _quarters(m.planned),
            "actual": _quarters(m.actual),
            "planned_cells": cells[0],
            "actual_cells": cells[1],
            "moves": [
                {
                    "from": {"action": v.from_action, "period": v.from_period},
                    "to": {"action": v.to_action, "period": v.to_period},
                    "amount": _json(v.amount),
                }
                for v in m.moves
            ],
            "moved": _json(m.moved),
        },
        "problems": [_problem(s.path, p) for s in (diff.old, diff.new) for p in s.problems],
    }


# --- people's renderings ---------------------------------------------------------------------
def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return f"{value:,}".replace(",", " ")
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value) or "—"
    return str(value).replace("\n", " ")


def _counts(items: list[dict[str, Any]]) -> str:
    parts = [f"{sum(i['status'] == s for i in items)} {s}" for s in ("added", "removed", "changed")]
    return ", ".join(p for p in parts if not p.startswith("0 ")) or "none"


def _detail(item: dict[str, Any], as_of: str) -> list[tuple[str, str | None, str]]:
    """(field, old, new) lines shown under an item (old None for an added item's fields)."""
    if item["status"] == "removed":
        return []
    if item["status"] == "added":
        keep = ("objectives", "objective", "owner", "role", "start", "end", "status", "target")
        return [
            (c["field"], None, _shown(c["new"]))
            for c in item["changes"]
            if (c["field"] in keep or c["field"].startswith(("budget.", "actual.")))
            and c["new"] not in (None, "", [], 0)
        ]  # (its title or name heads it)
    lines: list[tuple[str, str | None, str]] = [
        (c["field"], _shown(c["old"]), _shown(c["new"])) for c in item["changes"]
    ]
    for name in ("late", "kpi_status"):
        pair = item.get(name)
        if pair and (pair["old"] or pair["new"]):
            label = "late" if name == "late" else "KPI status"
            lines.append((f"{label} at {as_of}", _shown(pair["old"]), _shown(pair["new"])))
    return lines


def _head(item: dict[str, Any]) -> str:
    named = item["title"] if item["title"] != item["key"] else ""  # (an owner is its name)
    text = f"{_MARK[item['status']]} {item['key']} {named}".rstrip()
    if item["matched_by"] != "id":
        was = f"; was {item['old_key']}" if item["old_key"] != item["key"] else ""
        text += f" (matched by {item['matched_by']}{was})"
    return text


def _money_rows(doc: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    m = doc["money"]
    periods = list(m["planned"])
    rows = [
        [f"{what} {col}", *(_shown(m[what][p][col]) for p in periods)]
        for what in ("planned", "actual")
        for col in ("before", "after", "delta")
    ]
    return ["", *periods], rows


def _moves(doc: dict[str, Any]) -> list[list[str]]:
    return [
        [
            f"{v['from']['action']} {v['from']['period']}",
            f"{v['to']['action']} {v['to']['period']}",
            _shown(v["amount"]),
        ]
        for v in doc["money"]["moves"]
    ]


def _grid(header: list[str], rows: list[list[str]], text_columns: int = 1) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return [
        "  "
        + "  ".join(
            c.ljust(w) if i < text_columns else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in [header, *rows]
    ]


def _title(doc: dict[str, Any]) -> str:
    return f"{doc['old']['path'] or 'OLD'} → {doc['new']['path'] or 'NEW'}, as of {doc['as_of']}"


_NAMES = {"action": "action", "objective": "objective", "kpi": "KPI"}


def _by_title(doc: dict[str, Any]) -> list[str]:
    """How many items of each kind were paired by title (the JSON lists them)."""
    kinds = [key.partition(":")[0] for key in doc["matched_by_title"]]
    counts = [(kinds.count(k), name) for k, name in _NAMES.items() if k in kinds]
    said = ", ".join(f"{n} {name}{'s' if n > 1 else ''}" for n, name in counts)
    return ["", f"Matched by title (no ID typed): {said}."] if counts else []


def _money_unchanged(doc: dict[str, Any]) -> str | None:
    """'no change (planned …, actual …)' when no action's money changed, else None (no
    action's money changed: then no total changed and no money moved either)."""
    m = doc["money"]
    if m["planned_cells"] or m["actual_cells"]:
        return None
    totals = (_shown(m[what]["total"]["after"]) for what in ("planned", "actual"))
    return "no change (planned {}, actual {})".format(*totals)


def _currencies(doc: dict[str, Any]) -> str:
    """'EUR before, GBP after: compared as plain numbers' when the currency changed, else ""."""
    change = next((c for c in doc["plan"] if c["field"] == "currency"), None)
    if change is None:
        return ""
    return f"{change['old']} before, {change['new']} after: compared as plain numbers"


def render_table(doc: dict[str, Any]) -> str:
    out = [_title(doc)]
    if doc["identical"]:
        return "\n".join([*out, "", "No difference.", *_by_title(doc)]) + "\n"
    out += ["", "Plan:" + (" no change" if not doc["plan"] else "")]
    out += [f"  {c['field']}: {_shown(c['old'])} → {_shown(c['new'])}" for c in doc["plan"]]
    for _, name in _SECTIONS:
        items = doc[name]
        out += ["", f"{name.capitalize() if name != 'kpis' else 'KPIs'}: {_counts(items)}"]
        for item in items:
            out.append("  " + _head(item))
            for field, old, new in _detail(item, doc["as_of"]):
                out.append(
                    f"      {field}: {new}" if old is None else f"      {field}: {old} → {new}"
                )
    header, rows = _money_rows(doc)
    moves = _moves(doc)
    if unchanged := _money_unchanged(doc):
        return "\n".join([*out, "", f"Money: {unchanged}", *_by_title(doc)]) + "\n"
    note = f" ({currencies})" if (currencies := _currencies(doc)) else ""
    out += ["", f"Money{note}:", *_grid(header, rows)]
    out += ["", f"Budget moved: {_shown(doc['money']['moved'])}" if moves else "Budget moved: none"]
    if moves:
        out += _grid(["from", "to", "amount"], moves, text_columns=2)
    return "\n".join([*out, *_by_title(doc)]) + "\n"


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def render_markdown(doc: dict[str, Any]) -> str:
    out = [f"# Changes: {_title(doc)}"]
    if doc["identical"]:
        return "\n".join([*out, "", "No difference.", *_by_title(doc)]) + "\n"
    if doc["plan"]:
        out += ["", "## Plan", "", "| field | before | after |", "|---|---|---|"]
        out += [_md_row([c["field"], _shown(c["old"]), _shown(c["new"])]) for c in doc["plan"]]
    for _, name in _SECTIONS:
        items = doc[name]
        out += ["", f"## {name.capitalize() if name != 'kpis' else 'KPIs'}: {_counts(items)}"]
        if items:
            out += ["", "| | item | field | before | after |", "|---|---|---|---|---|"]
        for item in items:
            head = _head(item)[2:]
            lines = _detail(item, doc["as_of"]) or [("", None, "")]
            for n, (field, old, new) in enumerate(lines):
                first = n == 0
                out.append(
                    _md_row(
                        [
                            item["status"] if first else "",
                            head if first else "",
                            field,
                            old or "",
                            new,
                        ]
                    )
                )
    header, rows = _money_rows(doc)
    out += ["", "## Money", ""]
    if currencies := _currencies(doc):
        out += [f"{currencies}.", ""]
    if unchanged := _money_unchanged(doc):
        out += [unchanged[0].upper() + unchanged[1:] + "."]
        return "\n".join([*out, *_by_title(doc)]) + "\n"
    out += [_md_row(header), "|" + "---|" * len(header), *(_md_row(r) for r in rows)]
    moves = _moves(doc)
    out += ["", f"Budget moved: {_shown(doc['money']['moved'])}." if moves else "No budget moved."]
    if moves:
        out += ["", "| from | to | amount |", "|---|---|---|", *(_md_row(m) for m in moves)]
    return "\n".join([*out, *_by_title(doc)]) + "\n"


def render(diff: Diff, fmt: str) -> str:
    """The diff in one of `FORMATS`."""
    doc = document(diff)
    if fmt == "json":
        return strict_json(doc)
    text = render_markdown(doc) if fmt == "markdown" else render_table(doc)
    return terminal_text(text, keep_lines=True)
