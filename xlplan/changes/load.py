"""Either side of a diff: a plan file (YAML/JSON) or a workbook (xlplan's own or a hand-made
plan table), read through the same readers as `xlplan build` and `xlplan import`.

Besides the plan, a side says which ids were typed in the source: those the model assigned
(an action without an id in a plan file, every row of a hand-made table without an ID column,
the objectives and KPIs a hand-made table names by their text) cannot pair items, and the
diff pairs those by title instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..i18n import msg
from ..model.plan import Plan
from .result import Kind, Source

__all__ = ["PLAN_SUFFIXES", "Side", "load_side", "side_of"]

PLAN_SUFFIXES = (".yaml", ".yml", ".json")

Typed = dict[Kind, frozenset[str] | None]  # kind -> the ids typed in the source (None: all)


@dataclass(frozen=True)
class Side:
    """A plan, where it came from, and which of its ids were typed there."""

    plan: Plan
    source: Source
    typed: Typed

    def id_typed(self, kind: Kind, ident: str) -> bool:
        ids = self.typed.get(kind)
        return ids is None or ident in ids


def side_of(plan: Plan) -> Side:
    """A plan given in Python: every id counts as typed."""
    return Side(plan, Source("", "plan"), {})


def load_side(path: str | Path) -> Side:
    """Read a plan file or a workbook (chosen by the suffix: .yaml, .yml, .json or a workbook).

    Args:
        path: the file.

    Returns:
        The plan, its source (with the reader's problems) and the ids typed in it.

    Raises:
        XlplanError: the file is unusable (a one-line message naming it).
    """
    path = Path(path)
    if path.suffix.lower() in PLAN_SUFFIXES:
        from ..model.files import load_plan

        plan = load_plan(path)
        return Side(plan, Source(str(path), "plan-file"), _typed_in_plan_file(path))
    return _load_workbook(path)


def _typed_in_plan_file(path: Path) -> Typed:
    """The ids written in the plan file (the file was just validated: it parses)."""
    text = path.read_bytes().decode("utf-8-sig")
    data: Any = json.loads(text) if path.suffix.lower() == ".json" else _yaml(text)
    typed: Typed = {}
    for kind, key in (("action", "actions"), ("objective", "objectives"), ("kpi", "kpis")):
        items = data.get(key) if isinstance(data, dict) else None
        found = [i.get("id") for i in items or [] if isinstance(i, dict)]
        typed[kind] = frozenset(str(i) for i in found if i)  # type: ignore[index]
    return typed


def _yaml(text: str) -> Any:
    import yaml

    return yaml.safe_load(text)


def _load_workbook(path: Path) -> Side:
    from ..errors import WorkbookError
    from ..layout.spec import META_SHEET
    from ..reading.own import read_book
    from ..xlsx import guard
    from ..xlsx.grid import Book

    if not path.exists():  # (a folder, pipe or device: the guard says which)
        raise WorkbookError(msg("{path}: no such file", path=path))
    with guard.parser_errors(path), Book(path) as book:
        result = read_book(path, book)
        own = META_SHEET in book.sheetnames
        typed = _typed_in_own(book, result.plan) if own else _typed_in_table(book, result.plan)
    kind: Literal["workbook", "table"] = "workbook" if own else "table"
    return Side(result.plan, Source(str(path), kind, tuple(result.problems)), typed)


def _typed_in_own(book: Any, plan: Plan) -> Typed:
    """An xlplan workbook: the ids of the rows whose ID cell is filled (a row typed without
    one got the next free id from the model, which pairs nothing)."""
    from ..layout.spec import SHEETS
    from ..layout.values import exact_text
    from ..reading.own_table import read_table_sheet

    typed: Typed = {}
    lists: list[tuple[Kind, str, list[Any]]] = [
        ("action", "plan", plan.actions),
        ("objective", "objectives", plan.objectives),
        ("kpi", "kpis", plan.kpis),
    ]
    for kind, sheet, items in lists:
        table = read_table_sheet(book, SHEETS[sheet], lambda *_: None, required=False)
        if table is None or "id" not in table.keys:
            continue  # (the reader told what is missing; its ids pair as they are)
        at = table.keys["id"]
        cells = {exact_text(row.values[at], escaped=False).strip() for row in table.rows}
        typed[kind] = frozenset(i.id for i in items if i.id in cells)
    return typed


def _typed_in_table(book: Any, plan: Plan) -> Typed:
    """A hand-made table: action ids are typed only if it has an ID column; its objectives and
    KPIs are named by their text, never by an id."""
    from ..reading.table import SheetGrid, best_header

    found = []
    for name in book.sheetnames:
        if name not in book.hidden:
            grid = SheetGrid.load(book.sheet(name))
            if (header := best_header(grid)) is not None:
                found.append(header)
    has_id = bool(found) and "id" in max(found, key=lambda h: h.score).columns
    actions = frozenset(a.id for a in plan.actions) if has_id else frozenset()
    return {"action": actions, "objective": frozenset(), "kpi": frozenset()}
