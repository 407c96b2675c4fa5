"""Test helper: prove that a hand-made table's reading drops no cell without a word.

`unaccounted(path)` reads the workbook with `read_table` (asking for its `Ledger`: which row
became which action, which rows are totals and sections), then walks every non-empty cell below
the header of the table it read, as openpyxl sees it (an independent reading of the file), and
returns those it cannot account for. A cell is accounted for when:

- on an action row, its value is the action's field read back (the action's text, an amount
  in its quarter or its month, an owner among the owner and participants, an objective's title
  or id — names compared as a list sheet links them: no case, accents or spaces), or its extra
  column holds it; an amount is read in its column's unit (``k€``: × 1000); a month's amount is
  the action's month in the plan (`QuarterBudget.months`), or, for an action without months,
  the row's months of that quarter add up to the action's quarter;
- on a section row, the label names an objective, owner (in the plan) or phase (in the actions'
  extra column), a number beside it numbers it (a N° column), and each subtotal is the sum of
  the section's actions in its column (a quarter's, a month's or a total's, in its unit);
- on a total row (a *Total* label, a group's total label with nothing but amounts beside it,
  or the sums of the rows above), the label and the amounts under the money columns
  (quarters, months, totals): totals are recomputed, not data (anything else on it, text
  under a money column included, must be named);
- or a problem names the cell — or its row, for the problems about a whole row that is not
  imported (`ROW_PROBLEMS`).

Only the table read is walked: a second sheet that also looks like a plan table, or another
table below the one read, is named whole by its `second-table` problem, and the other sheets
hold no table.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from xlplan.errors import ProblemCode
from xlplan.model.plan import Action, Plan
from xlplan.reading.common import blank, cell_text, extra_value, is_group_total_label
from xlplan.reading.handmade import Ledger, read_table
from xlplan.reading.handmade_values import (
    LIST_SPLIT,
    OWNER_SPLIT,
    QUARTER_MONEY,
    fold,
    is_money_key,
    is_total_row_label,
    read_choice,
    read_progress,
    read_status,
    split_items,
)
from xlplan.reading.parse import CellParseError, parse_amount, parse_date

__all__ = ["ROW_PROBLEMS", "Cell", "unaccounted"]

ROW_PROBLEMS = frozenset(
    {ProblemCode.ROW_WITHOUT_ACTION, ProblemCode.SECTION_UNRECOGNISED, ProblemCode.HEADER_REPEATED}
)
"""The problems that name a whole row, none of whose cells is imported."""


@dataclass(frozen=True)
class Cell:
    """A cell whose value is nowhere in the plan and named in no problem."""

    sheet: str
    cell: str
    value: Any
    why: str  # what the row was read as


def unaccounted(path: Path) -> list[Cell]:
    """Every non-empty cell of the table `read_table` reads in `path` that is neither in the
    plan nor named in a problem (see the module's docstring); ``[]`` when none."""
    ledger = Ledger()
    result = read_table(path, ledger=ledger)
    plan = result.plan
    named = {(p.sheet, p.cell) for p in result.problems}
    rows_named = {
        (p.sheet, _row_of(p.cell)) for p in result.problems if p.code in ROW_PROBLEMS and p.cell
    }
    keys = {col: key for key, col in ledger.columns.items()}
    sections = {section.row: (section, rows) for section, rows in ledger.sections}
    actions = {row: plan.actions[i] for row, i in ledger.actions.items()}
    found: list[Cell] = []
    book = openpyxl.load_workbook(path, data_only=True)
    try:
        sheet = book[ledger.sheet]
        grid = {
            line[0].row: {cell.column: cell.value for cell in line if not blank(cell.value)}
            for line in sheet.iter_rows(min_row=ledger.header_row + 1)
            if line
        }
    finally:
        book.close()
    money = _Money(ledger, keys, grid)
    for r, values in grid.items():
        if r > ledger.end_row:  # (another table below: named by its `second-table` problem)
            continue
        for c, raw in values.items():
            where = f"{get_column_letter(c)}{r}"
            if (ledger.sheet, where) in named or (ledger.sheet, r) in rows_named:
                continue
            if r in actions:
                why = "action row"
                ok = _in_action(plan, actions[r], money, c, raw, r)
            elif r in sections:
                why = "section row"
                section, scope = sections[r]
                under = [(x, actions[x]) for x in scope if x in actions]
                ok = _in_section(plan, money, section, under, c, raw)
            elif r in ledger.totals:
                why = "total row"
                ok = (_is_money(keys.get(c, "")) and _is_amount(raw)) or (
                    isinstance(raw, str) and (is_total_row_label(raw) or is_group_total_label(raw))
                )
            else:
                why = "row not imported"
                ok = False
            if not ok:
                found.append(Cell(ledger.sheet, where, raw, why))
    return found


_MONEY = QUARTER_MONEY | {"total", "actual_total"}


def _is_amount(raw: Any) -> bool:
    """Whether a total row's cell holds an amount (recomputed; anything else must be named)."""
    try:
        parse_amount(raw)
    except CellParseError:
        return False
    return True


def _is_money(key: str) -> bool:
    """Whether a column holds amounts: a quarter, a month or a total."""
    return key in _MONEY or is_money_key(key)


def _row_of(cell: str) -> int:
    return int("".join(ch for ch in cell if ch.isdigit()) or 0)


@dataclass(frozen=True)
class _Money:
    """The table's money columns as the walk reads them: each amount in its column's unit, a
    month as the action's month (or its part of the action's quarter)."""

    ledger: Ledger
    keys: dict[int, str]  # column -> key
    grid: dict[int, dict[int, Any]]  # row -> column -> the non-empty cells below the header

    def read(self, key: str, raw: Any) -> Decimal | None:
        """A cell's amount in the plan's currency: ``0.8`` under ``Budget T1 (k€)`` is 800."""
        amount = parse_amount(raw)
        scale = self.ledger.scales.get(key)
        return amount if amount is None or scale is None else amount * scale

    def amount(self, action: Action, key: str, row: int) -> Decimal | None:
        """What the plan holds for the action read from `row` under the column `key`."""
        group, _, q = key.partition("_")
        figures = action.actual if group == "actual" else action.budget
        if key == "total":
            return action.budget.total
        if key == "actual_total":
            return action.actual.total
        place = self.ledger.months.get(key)
        if place is None:
            value = getattr(figures, q)
        elif figures.months is not None:
            value = figures.months[place]
        else:  # (no months in the plan: the row's months of that quarter are its quarter)
            return self.months_as_quarter(action, key, row)
        return value if isinstance(value, Decimal) else None

    def months_as_quarter(self, action: Action, key: str, row: int) -> Decimal | None:
        """The cell's own amount when the row's months of its quarter add up to the action's
        quarter, else None."""
        group = key.partition("_")[0]
        quarter = self.ledger.months[key] // 3
        values = self.grid.get(row, {})
        total = Decimal(0)
        for col, raw in values.items():
            other = self.keys.get(col, "")
            place = self.ledger.months.get(other)
            if place is not None and place // 3 == quarter and other.startswith(group + "_"):
                total += self.read(other, raw) or Decimal(0)
        figures = action.actual if group == "actual" else action.budget
        expected = figures.values()[quarter] or Decimal(0)
        return self.read(key, values.get(self.ledger.columns[key])) if total == expected else None


def _in_action(plan: Plan, action: Action, money: _Money, col: int, raw: Any, row: int) -> bool:
    """Whether the action read from the row holds the cell's value."""
    ledger = money.ledger
    if col in ledger.extras:
        return action.extra.get(ledger.extras[col]) == extra_value(raw)
    key = money.keys.get(col, "")
    check = _FIELDS.get(key)
    try:
        if check is not None:
            return check(plan, action, raw, ledger, row)
        if _is_money(key):
            return money.amount(action, key, row) == money.read(key, raw)
    except CellParseError:
        return False
    return False


def _items(raw: Any, split: Any) -> set[str]:
    return {_loose(item) for item in split_items(cell_text(raw), split)}


_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})


def _loose(text: str) -> str:
    """A name as a table and a list of the same workbook may spell it (a KPI list linked by
    name): no case, accents or spaces, one apostrophe."""
    bare = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    return "".join("".join(c for c in bare if not unicodedata.combining(c)).casefold().split())


def _named(items: set[str], found: list[tuple[str, str]]) -> bool:
    """Whether each item of a cell names one of `found` (id, name), by its name or its id."""
    return items <= {_loose(x) for pair in found for x in pair}


def _progress(action: Action, raw: Any, percent: bool) -> bool:
    return action.progress == (read_progress(raw, percent) or 0)


_FIELDS: dict[str, Callable[[Plan, Action, Any, Ledger, int], bool]] = {
    "title": lambda p, a, raw, led, r: a.title == cell_text(raw),
    "id": lambda p, a, raw, led, r: a.id == cell_text(raw),
    "objectives": lambda p, a, raw, led, r: _named(
        _items(raw, LIST_SPLIT), [(o.id, o.title) for o in p.objectives if o.id in a.objectives]
    ),
    "kpis": lambda p, a, raw, led, r: _named(
        _items(raw, LIST_SPLIT), [(k.id, k.name) for k in p.kpis if k.id in a.kpis]
    ),
    "owner": lambda p, a, raw, led, r: _named(
        _items(raw, OWNER_SPLIT), [(n, n) for n in [a.owner or "", *a.participants]]
    ),
    "participants": lambda p, a, raw, led, r: _named(
        _items(raw, OWNER_SPLIT), [(n, n) for n in [a.owner or "", *a.participants]]
    ),
    **{
        key: (lambda k: lambda p, a, raw, led, r: getattr(a, k) == cell_text(raw))(key)
        for key in ("resources", "channel", "notes", "team")
    },
    **{
        key: (
            lambda k: (
                lambda p, a, raw, led, r: getattr(a, k) == parse_date(raw, date1904=led.date1904)
            )
        )(key)
        for key in ("start", "end")
    },
    "status": lambda p, a, raw, led, r: a.status.value == read_status(raw),
    **{
        key: (
            lambda k: (
                lambda p, a, raw, led, r: (
                    (getattr(a, k).value if getattr(a, k) is not None else None)
                    == read_choice(k, raw)
                )
            )
        )(key)
        for key in ("recurrence", "frequency")
    },
    "progress": lambda p, a, raw, led, r: _progress(a, raw, r in led.percent_rows),
}


def _in_section(
    plan: Plan,
    money: _Money,
    section: Any,
    actions: list[tuple[int, Action]],
    col: int,
    raw: Any,
) -> bool:
    """Whether a section row's cell is in the plan: its label as an objective, an owner or
    the actions' phase; a subtotal as the sum of its actions (`actions`: (row, action))."""
    ledger = money.ledger
    if col == section.col:
        value = fold(section.value)
        if not isinstance(raw, str) or value not in fold(raw):
            return False
        if section.kind == "objective":
            return any(fold(o.title) == value for o in plan.objectives)
        if section.kind == "owner":
            return any(fold(o.name) == value for o in plan.owners)
        return any(fold(str(a.extra.get(ledger.phase, ""))) == value for _, a in actions)
    if col == section.numbered:  # (its number in a numbering column: the label's)
        return True
    key = money.keys.get(col, "")
    if not _is_money(key):
        return False
    try:
        subtotal = money.read(key, raw)
        amounts = [money.amount(a, key, r) or Decimal(0) for r, a in actions]
    except CellParseError:
        return False
    return subtotal == sum(amounts, Decimal(0))
