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
from ..i18n import Joined, Message, MessageLang, msg
from ..i18n.numbers import number
from ..inert import aligned, strict_json, terminal_text
from ..layout.labels import CHOICES, quarter_named
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
_WORDED = ("status", "recurrence", "frequency", "horizon")  # (fields worded by a dropdown)


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


# --- people's renderings (in the terminal's language) -----------------------------------------
def _shown(value: Any, lang: MessageLang = "en") -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return (msg("yes") if value else msg("no")).text(lang)
    if isinstance(value, int | float):  # (English: thousands apart by a space, as always)
        return f"{value:,}".replace(",", " ") if lang == "en" else number(value, ",", lang)
    if isinstance(value, list):
        return ", ".join(_shown(v, lang) for v in value) or "—"
    return str(value).replace("\n", " ")


def _money(value: Any, lang: MessageLang) -> str:
    """An amount as the report shows it: two decimals, ``1,400.50`` / ``1 400,50``."""
    if value is None or value == "":
        return "—"
    return number(value, ",.2f", lang)


def _period(period: str, lang: MessageLang) -> str:
    """A quarter as the plan's people write it (``T1`` in French, as the report), or total."""
    if (named := quarter_named(period)) is not None:
        return named(lang)
    return msg("total").text(lang) if period == "total" else period


def _value(field: str, value: Any, lang: MessageLang) -> str:
    """A field's value for people: a status (recurrence, frequency, horizon) as the workbook's
    dropdown words it (``En cours``), anything else as `_shown`."""
    if field in _WORDED and isinstance(value, str) and value in CHOICES[field]:
        return CHOICES[field][value](lang)
    return _shown(value, lang)


def _status(status: str, lang: MessageLang) -> str:
    """An item's status (added, removed, changed) in `lang`."""
    words = {"added": msg("added"), "removed": msg("removed"), "changed": msg("changed")}
    return words[status].text(lang)


def _counts(items: list[dict[str, Any]], lang: MessageLang) -> str:
    parts = [
        msg("{count} {status}", count=n, status=_status(s, lang)).text(lang)
        for s in ("added", "removed", "changed")
        if (n := sum(i["status"] == s for i in items))
    ]
    return ", ".join(parts) or msg("none").text(lang)


def _section(name: str, lang: MessageLang) -> str:
    titles = {
        "actions": msg("Actions"),
        "objectives": msg("Objectives"),
        "kpis": msg("KPIs"),
        "owners": msg("Owners"),
    }
    return titles[name].text(lang)


def _detail(
    item: dict[str, Any], as_of: str, lang: MessageLang = "en"
) -> list[tuple[str, str | None, str]]:
    """(field, old, new) lines shown under an item (old None for an added item's fields)."""
    if item["status"] == "removed":
        return []
    if item["status"] == "added":
        keep = ("objectives", "objective", "owner", "role", "start", "end", "status", "target")
        return [
            (c["field"], None, _value(c["field"], c["new"], lang))
            for c in item["changes"]
            if (c["field"] in keep or c["field"].startswith(("budget.", "actual.")))
            and c["new"] not in (None, "", [], 0)
        ]  # (its title or name heads it)
    lines: list[tuple[str, str | None, str]] = [
        (c["field"], _value(c["field"], c["old"], lang), _value(c["field"], c["new"], lang))
        for c in item["changes"]
    ]
    for name in ("late", "kpi_status"):  # (derived: shown when it changed)
        pair = item.get(name)
        if pair and pair["old"] != pair["new"]:
            label = (
                msg("late at {as_of}", as_of=as_of)
                if name == "late"
                else msg("KPI status at {as_of}", as_of=as_of)
            )
            lines.append((label.text(lang), _shown(pair["old"], lang), _shown(pair["new"], lang)))
    return lines


def _head(item: dict[str, Any], lang: MessageLang = "en") -> str:
    named = item["title"] if item["title"] != item["key"] else ""  # (an owner is its name)
    text = f"{_MARK[item['status']]} {item['key']} {named}".rstrip()
    if item["matched_by"] != "id":
        how = {"title": msg("title"), "name": msg("name")}.get(item["matched_by"])
        was = (
            msg("; was {key}", key=item["old_key"]).text(lang)
            if item["old_key"] != item["key"]
            else ""
        )
        matched = msg(
            "(matched by {how}{was})",
            how=how.text(lang) if how else item["matched_by"],
            was=was,
        )
        text += " " + matched.text(lang)
    return text


def _money_rows(doc: dict[str, Any], lang: MessageLang) -> tuple[list[str], list[list[str]]]:
    m = doc["money"]
    periods = list(m["planned"])
    words = {
        "planned": msg("planned"),
        "actual": msg("actual"),
        "before": msg("before"),
        "after": msg("after"),
        "delta": msg("delta"),
    }
    rows = [
        [
            f"{words[what].text(lang)} {words[col].text(lang)}",
            *(_money(m[what][p][col], lang) for p in periods),
        ]
        for what in ("planned", "actual")
        for col in ("before", "after", "delta")
    ]
    return ["", *(_period(p, lang) for p in periods)], rows


def _moves(doc: dict[str, Any], lang: MessageLang) -> list[list[str]]:
    return [
        [
            f"{v['from']['action']} {_period(v['from']['period'], lang)}",
            f"{v['to']['action']} {_period(v['to']['period'], lang)}",
            _money(v["amount"], lang),
        ]
        for v in doc["money"]["moves"]
    ]


def _moves_header(lang: MessageLang) -> list[str]:
    return [msg("from").text(lang), msg("to").text(lang), msg("amount").text(lang)]


def _grid(header: list[str], rows: list[list[str]], text_columns: int = 1) -> list[str]:
    return aligned([header, *rows], range(text_columns, len(header)), indent="  ")


def _title(doc: dict[str, Any], lang: MessageLang) -> str:
    return msg(
        "{old} → {new}, as of {as_of}",
        old=doc["old"]["path"] or msg("OLD"),
        new=doc["new"]["path"] or msg("NEW"),
        as_of=doc["as_of"],
    ).text(lang)


def _kind_count(kind: str, n: int) -> Message:
    """``3 actions``, ``1 objective``… (the kinds an item can be paired by title)."""
    if kind == "action":
        return msg("{count} action", count=n) if n == 1 else msg("{count} actions", count=n)
    if kind == "objective":
        return msg("{count} objective", count=n) if n == 1 else msg("{count} objectives", count=n)
    return msg("{count} KPI", count=n) if n == 1 else msg("{count} KPIs", count=n)


def _by_title(doc: dict[str, Any], lang: MessageLang) -> list[str]:
    """How many items of each kind were paired by title (the JSON lists them)."""
    kinds = [key.partition(":")[0] for key in doc["matched_by_title"]]
    counts = [_kind_count(k, kinds.count(k)) for k in ("action", "objective", "kpi") if k in kinds]
    said = msg("Matched by title (no ID typed): {counts}.", counts=Joined(", ", tuple(counts)))
    return ["", said.text(lang)] if counts else []


def _money_unchanged(doc: dict[str, Any], lang: MessageLang) -> str | None:
    """'no change (planned …, actual …)' when no action's money changed, else None (no
    action's money changed: then no total changed and no money moved either)."""
    m = doc["money"]
    if m["planned_cells"] or m["actual_cells"]:
        return None
    planned, actual = (_money(m[what]["total"]["after"], lang) for what in ("planned", "actual"))
    return msg(
        "no change (planned {planned}, actual {actual})", planned=planned, actual=actual
    ).text(lang)


def _currencies(doc: dict[str, Any], lang: MessageLang) -> str:
    """'EUR before, GBP after: compared as plain numbers' when the currency changed, else ""."""
    change = next((c for c in doc["plan"] if c["field"] == "currency"), None)
    if change is None:
        return ""
    return msg(
        "{old} before, {new} after: compared as plain numbers", old=change["old"], new=change["new"]
    ).text(lang)


def _change_line(field: str, old: str | None, new: str, lang: MessageLang) -> str:
    """``field: old → new`` (``field : old → new`` in French), or ``field: new``."""
    if old is None:
        return msg("{field}: {new}", field=field, new=new).text(lang)
    return msg("{field}: {old} → {new}", field=field, old=old, new=new).text(lang)


def render_table(doc: dict[str, Any], lang: MessageLang = "en") -> str:
    """The diff for the terminal, in `lang`."""
    out = [_title(doc, lang)]
    if doc["identical"]:
        return "\n".join([*out, "", msg("No difference.").text(lang), *_by_title(doc, lang)]) + "\n"
    out += ["", (msg("Plan:") if doc["plan"] else msg("Plan: no change")).text(lang)]
    out += [
        "  " + _change_line(c["field"], _shown(c["old"], lang), _shown(c["new"], lang), lang)
        for c in doc["plan"]
    ]
    for _, name in _SECTIONS:
        items = doc[name]
        title = _section(name, lang)
        out += ["", msg("{title}: {counts}", title=title, counts=_counts(items, lang)).text(lang)]
        for item in items:
            out.append("  " + _head(item, lang))
            for field, old, new in _detail(item, doc["as_of"], lang):
                out.append("      " + _change_line(field, old, new, lang))
    header, rows = _money_rows(doc, lang)
    moves = _moves(doc, lang)
    if unchanged := _money_unchanged(doc, lang):
        money = msg("Money: {text}", text=unchanged).text(lang)
        return "\n".join([*out, "", money, *_by_title(doc, lang)]) + "\n"
    currencies = _currencies(doc, lang)
    heading = msg("Money ({note}):", note=currencies) if currencies else msg("Money:")
    out += ["", heading.text(lang), *_grid(header, rows)]
    moved = (
        msg("Budget moved: {amount}", amount=_money(doc["money"]["moved"], lang))
        if moves
        else msg("Budget moved: none")
    )
    out += ["", moved.text(lang)]
    if moves:
        out += _grid(_moves_header(lang), moves, text_columns=2)
    return "\n".join([*out, *_by_title(doc, lang)]) + "\n"


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def _md_header(cells: list[str]) -> list[str]:
    return [_md_row(cells), "|" + "---|" * len(cells)]


def render_markdown(doc: dict[str, Any], lang: MessageLang = "en") -> str:
    """The diff in Markdown, in `lang`."""
    out = [msg("# Changes: {title}", title=_title(doc, lang)).text(lang)]
    if doc["identical"]:
        return "\n".join([*out, "", msg("No difference.").text(lang), *_by_title(doc, lang)]) + "\n"
    field, before, after = (
        msg("field").text(lang),
        msg("before").text(lang),
        msg("after").text(lang),
    )
    if doc["plan"]:
        out += ["", "## " + msg("Plan").text(lang), "", *_md_header([field, before, after])]
        out += [
            _md_row([c["field"], _shown(c["old"], lang), _shown(c["new"], lang)])
            for c in doc["plan"]
        ]
    for _, name in _SECTIONS:
        items = doc[name]
        title = msg("{title}: {counts}", title=_section(name, lang), counts=_counts(items, lang))
        out += ["", "## " + title.text(lang)]
        if items:
            out += ["", *_md_header(["", msg("item").text(lang), field, before, after])]
        for item in items:
            head = _head(item, lang)[2:]
            lines = _detail(item, doc["as_of"], lang) or [("", None, "")]
            for n, (changed, old, new) in enumerate(lines):
                first = n == 0
                out.append(
                    _md_row(
                        [
                            _status(item["status"], lang) if first else "",
                            head if first else "",
                            changed,
                            old or "",
                            new,
                        ]
                    )
                )
    header, rows = _money_rows(doc, lang)
    out += ["", "## " + msg("Money").text(lang), ""]
    if currencies := _currencies(doc, lang):
        out += [f"{currencies}.", ""]
    if unchanged := _money_unchanged(doc, lang):
        out += [unchanged[0].upper() + unchanged[1:] + "."]
        return "\n".join([*out, *_by_title(doc, lang)]) + "\n"
    out += [*_md_header(header), *(_md_row(r) for r in rows)]
    moves = _moves(doc, lang)
    moved = (
        msg("Budget moved: {amount}.", amount=_money(doc["money"]["moved"], lang))
        if moves
        else msg("No budget moved.")
    )
    out += ["", moved.text(lang)]
    if moves:
        out += ["", *_md_header(_moves_header(lang)), *(_md_row(m) for m in moves)]
    return "\n".join([*out, *_by_title(doc, lang)]) + "\n"


def render(diff: Diff, fmt: str, lang: MessageLang = "en") -> str:
    """The diff in one of `FORMATS`: the table and Markdown in `lang`, the JSON English."""
    doc = document(diff)
    if fmt == "json":
        return strict_json(doc)
    text = render_markdown(doc, lang) if fmt == "markdown" else render_table(doc, lang)
    return terminal_text(text, keep_lines=True)
