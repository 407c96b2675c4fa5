"""Section rows of a hand-made plan table, and the ledger of what the reader made of each row.

A section row holds only a label (often merged across the table, perhaps with subtotals under
the money columns) naming an objective, an owner or a phase (`section_words`). It sets that field
for the action rows under it, until the next section of the same kind; a section also ends the
sections opened after it (``Phase 1`` › ``Objectif 1`` › actions: ``Phase 2`` ends both). An
action's own cell wins over its section; when it names something else, a warning says so at the
section. A subtotal is checked against the sum of the section's actions, never read as one.
A lone label that names no section (merged across the table) is told and not imported.

`Ledger` is what the reader made of every row, for a caller that accounts for every cell of
the table (``tests/cell_walk.py``); it is filled only when asked for.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from ..errors import ProblemCode
from ..i18n import msg
from ..layout.labels import SECTION_PHASE
from ..model.enums import Lang
from .common import blank, cell_text, whole
from .handmade_periods import PeriodReader
from .handmade_sheet import ActionRow
from .handmade_values import MONEY_KEYS, amount_text, as_shown, fold, is_money_key
from .parse import CellParseError, parse_amount
from .section_words import SectionKind, objective_reference, section_label
from .table import Header, SheetGrid

__all__ = ["Ledger", "Section", "SectionReader"]

SECTION_SPAN: Final = 3  # a label merged over at least this many columns is a heading row


@dataclass(slots=True)
class Section:
    """A section row: its label's cell, what it names, and its actions (indices in the rows
    read: ``rows[first:last]``)."""

    row: int
    col: int
    kind: SectionKind
    value: str  # the objective's title, the owner's name, the phase as typed
    number: str  # the objective's number as typed, or ""
    label: str  # the cell's text
    first: int
    last: int = -1
    subtotals: dict[int, Any] = field(default_factory=dict)  # money column -> raw value
    numbered: int = 0  # the column of its number typed beside its label (a N° column), if any


@dataclass
class Ledger:
    """What the reader made of each row of the table it read (filled on request only).

    `actions`: the row of each action -> its index in the plan's actions. `totals`: the rows
    read as totals (a *Total* label, or amounts that are the sums of the rows above): their
    amounts are recomputed, not data. `sections`: each section row with the rows of its actions.
    `columns`, `extras`: the table's columns (key -> column) and extra columns (column -> name).
    `phase`: the name of the extra column a phase section fills. `months`: each month
    column's place in the fiscal year (0-11); `scales`: the factor of each money column whose
    header gives its unit (``k€``: 1000).
    """

    sheet: str = ""
    header_row: int = 0
    end_row: int = 0  # the table's last row (another table may start below it)
    date1904: bool = False
    columns: dict[str, int] = field(default_factory=dict)
    extras: dict[int, str] = field(default_factory=dict)
    actions: dict[int, int] = field(default_factory=dict)
    totals: set[int] = field(default_factory=set)
    sections: list[tuple[Section, list[int]]] = field(default_factory=list)
    phase: str = ""
    percent_rows: set[int] = field(default_factory=set)  # 1-based rows shown as percentages
    months: dict[str, int] = field(default_factory=dict)  # month column key -> fiscal month 0-11
    scales: dict[str, Decimal] = field(default_factory=dict)  # money column key -> its unit


class SectionReader(PeriodReader):
    """The section rows of the table: found while the rows are read (`section_row`), then
    applied to the actions read under them (`apply_sections`). Their subtotals are read as the
    money columns' amounts are (`PeriodReader`: months, units)."""

    def __init__(self, path: Path, date1904: bool, grid: SheetGrid, header: Header) -> None:
        super().__init__(path, date1904, grid, header)
        self.sections: list[Section] = []
        self.open_sections: list[Section] = []
        self.total_rows: list[int] = []  # the rows read as totals
        self.label_rows: set[int] = set()  # the section rows and the headings told
        self.extras: dict[int, str] = {}  # extra column -> its name (`read_rows` sets it)
        self.table_end = grid.height  # the table's last row (another table may start below)

    @functools.cached_property
    def money_cols(self) -> frozenset[int]:
        """The columns of amounts: quarters, months and totals."""
        return frozenset(
            col for key, col in self.cols.items() if key in MONEY_KEYS or is_money_key(key)
        )

    def language(self) -> Lang:
        votes = Counter(lang for lang in self.header.langs if lang is not None)
        return "en" if votes["en"] > votes["fr"] else "fr"

    @functools.cached_property
    def phase_column(self) -> str:
        return SECTION_PHASE(self.language())

    # --- while the rows are read ------------------------------------------------------------
    def value(self, key_or_col: str | int, row: int) -> Any:
        """`SheetReader.value`, without its warning about an action merged over several rows
        when the merged text is a section's label (or a heading's) merged down."""
        if key_or_col == "title":
            merge = self.grid.below.get((row, self.cols["title"]))
            if merge is not None and merge.top in self.label_rows:
                return merge.value
        return super().value(key_or_col, row)

    def section_row(self, r: int, values: dict[int, Any], count: int) -> bool:
        """Whether row `r` is a section row (opened, ending those it ends) or a heading that
        names no section (told): a row holding one text outside the money columns, perhaps
        with amounts under them. `count`: the action rows read so far."""
        label_col = numbered = 0
        for col in values:
            if col not in self.money_cols:
                if label_col:
                    numbered = self.numbered(values, label_col, col)
                    if not numbered:
                        return False
                    label_col = label_col if numbered == col else col
                    continue
                label_col = col
        if not label_col:
            return False
        above = self.grid.below.get((r, label_col))
        if above is not None and len(values) == 1 and above.top in self.label_rows:
            return True  # (a section's label, or a heading's, merged down over this row)
        label = values[label_col]
        text = cell_text(label)
        merge = self.grid.across.get((r, label_col))
        wide = merge is not None and merge.right - merge.left + 1 >= SECTION_SPAN
        found = section_label(text) if type(label) is str else None
        if found is not None and (found.strong or wide or len(values) == 1):
            self.label_rows.add(r)
            self.open_section(
                Section(
                    r,
                    label_col,
                    found.kind,
                    found.value,
                    found.number,
                    text,
                    count,
                    subtotals={c: v for c, v in values.items() if c not in (label_col, numbered)},
                    numbered=numbered,
                )
            )
            return True
        if numbered:
            return False
        if not wide:
            return False
        self.label_rows.add(r)
        self.problem(
            ProblemCode.SECTION_UNRECOGNISED,
            "warning",
            self.grid.name,
            self.at(label_col, r),
            msg(
                "this row holds only the text {text!r} (merged over {cells}), which names no "
                "objective ('Objectif 1 — …', 'Goal: …'), owner ('Responsable : …', 'Équipe "
                "…', 'Team: …') or phase ('Phase 1 — …'): the row is not imported",
                text=text,
                cells=merge.coord if merge is not None else "",
            ),
        )
        return True

    def numbered(self, values: dict[int, Any], one: int, other: int) -> int:
        """Of two cells of a row, the one holding a number (``1``, ``2.``) left of a strong
        section label (``Objectif 1 — …``) in the other: a numbering column beside the label;
        0 if they are not so."""
        number, label = (one, other) if one < other else (other, one)
        text = values[label]
        if type(text) is not str or not re.fullmatch(
            r"\s*\d{1,3}(?:[.)]\d{0,3})?\s*", str(values[number])
        ):
            return 0
        found = section_label(cell_text(text))
        return number if found is not None and found.strong else 0

    def open_section(self, section: Section) -> None:
        """Open a section, ending the open one of its kind and those opened after it."""
        stack = self.open_sections
        same = next((i for i, s in enumerate(stack) if s.kind == section.kind), len(stack))
        for ended in stack[same:]:
            ended.last = section.first
        del stack[same:]
        stack.append(section)
        self.sections.append(section)

    # --- once the rows are read -------------------------------------------------------------
    def apply_sections(self, count: int) -> None:
        """Give each section's field to its actions (an action's own cell wins), check the
        subtotals and tell the sections with no action or overridden by their actions' cells.
        `count`: the action rows read."""
        for section in self.open_sections:
            section.last = count
        for section in self.sections:
            self.row_at = section.row
            rows = self.rows[section.first : section.last]
            overridden = [cell for row in rows if (cell := self.give(section, row))]
            where = self.at(section.col, section.row)
            if not rows:
                self.problem(
                    ProblemCode.SECTION_EMPTY,
                    "warning",
                    self.grid.name,
                    where,
                    _EMPTY[section.kind](section),
                )
            elif overridden:
                self.problem(
                    ProblemCode.SECTION_OVERRIDDEN,
                    "warning",
                    self.grid.name,
                    where,
                    _OVERRIDDEN[section.kind](section, ", ".join(overridden)),
                )
            for col, raw in section.subtotals.items():
                self.check_subtotal(section, col, raw, rows)

    def give(self, section: Section, row: ActionRow) -> str:
        """Give the section's field to an action row; the action's own cell if it names
        something else (it is kept), else ``""``."""
        value = section.value
        if section.kind == "objective":
            if row.objectives and section.number:  # ("O1", "Objectif 1": the section's)
                row.objectives = tuple(
                    value if _names_objective(t, section.number, value) else t
                    for t in row.objectives
                )
            if not row.objectives:
                row.objectives = (value,)
            elif fold(value) not in {fold(t) for t in row.objectives}:
                return self.at("objectives", row.number)
        elif section.kind == "owner":
            if row.owner is None:
                row.owner = value
            elif fold(row.owner) != fold(value):
                return self.at("owner", row.number)
        else:
            extra = row.data.setdefault("extra", {})
            name = self.phase_column
            if name not in extra:
                extra[name] = value
            elif extra[name] != value:  # (typed in an extra column of that name)
                return self.at(next(c for c, n in self.extras.items() if n == name), row.number)
        return ""

    def check_subtotal(self, section: Section, col: int, raw: Any, rows: list[ActionRow]) -> None:
        """A subtotal on a section row must be the sum of its actions' amounts in that column
        (a month's, a quarter's or a total's, in the column's unit)."""
        key = next(k for k, c in self.cols.items() if c == col)
        where = self.at(col, section.row)
        try:
            subtotal = self.amount_reader(key)(raw)
        except CellParseError as exc:
            self.problem(
                ProblemCode.TOTAL_UNREADABLE,
                "warning",
                self.grid.name,
                where,
                msg(
                    "{label}: {message}; the subtotal is not read, xlplan recomputes it",
                    label=self.label(key),
                    message=exc.localized,
                ),
            )
            return
        expected = sum((self.month_amount(row, key) for row in rows), Decimal(0))
        if subtotal is not None and subtotal != expected:
            self.problem(
                ProblemCode.SUBTOTAL_MISMATCH,
                "warning",
                self.grid.name,
                where,
                msg(
                    "the subtotal {value} of the section {label!r} differs from the sum of "
                    "its {count} actions' '{column}', {sum}; xlplan keeps the actions' amounts",
                    # (in thousands: the amount it stands for, as the sum is)
                    value=amount_text(subtotal) if key in self.scales else as_shown(raw),
                    label=section.label,
                    count=len(rows),
                    column=self.label(key),
                    sum=amount_text(expected),
                ),
            )

    def check_total_row(self, r: int) -> None:
        """Tell the cells of a total row that are neither its label nor an amount under a money
        column: they are not imported (a total row's amounts are recomputed, the rest is not
        read)."""
        title_col = self.cols["title"]
        line = [(c, self.grid.raw(r, c)) for c in range(1, self.grid.width + 1)]
        filled = [
            (c, v)
            for c, v in line
            if not blank(v) and (c not in self.money_cols or not _is_amount(v))
        ]
        label = next((c for c, _ in filled if c == title_col), filled[0][0] if filled else 0)
        for col, value in filled:
            if col != label:
                self.problem(
                    ProblemCode.TOTAL_ROW_VALUE,
                    "warning",
                    self.grid.name,
                    self.at(col, r),
                    msg(
                        "{value} is on a total row: it is not imported (a total row's amounts "
                        "are recomputed, its other cells are not read)",
                        value=as_shown(value),
                    ),
                )

    # --- the ledger -------------------------------------------------------------------------
    def fill(self, ledger: Ledger, action_rows: list[int]) -> None:
        """What the reader made of each row. `action_rows`: the row of each action, in plan
        order."""
        ledger.sheet = self.grid.name
        ledger.header_row = self.header.row
        ledger.end_row = self.table_end
        ledger.date1904 = self.date1904
        ledger.columns = dict(self.cols)
        ledger.extras = dict(self.extras)
        ledger.actions = {r: i for i, r in enumerate(action_rows)}
        ledger.totals = set(self.total_rows)
        ledger.sections = [
            (s, [row.number for row in self.rows[s.first : s.last]]) for s in self.sections
        ]
        ledger.phase = self.phase_column
        ledger.months = dict(self.month_places)
        ledger.scales = dict(self.scales)
        if "progress" in self.cols:
            ledger.percent_rows = {r + 1 for r in self.percent_rows}


_EMPTY: Final = {
    "objective": lambda s: msg(
        "the section {label!r} has no action under it: the objective {value!r} is kept, with "
        "no action",
        label=s.label,
        value=s.value,
    ),
    "owner": lambda s: msg(
        "the section {label!r} has no action under it: the owner {value!r} is kept, with no action",
        label=s.label,
        value=s.value,
    ),
    "phase": lambda s: msg(
        "the section {label!r} has no action under it: the phase is not imported",
        label=s.label,
    ),
}
_OVERRIDDEN: Final = {
    "objective": lambda s, cells: msg(
        "the actions under the section {label!r} that name their own objective keep it, not "
        "the section's {value!r}: {cells}",
        label=s.label,
        value=s.value,
        cells=cells,
    ),
    "owner": lambda s, cells: msg(
        "the actions under the section {label!r} that name their own owner keep them, not the "
        "section's {value!r}: {cells}",
        label=s.label,
        value=s.value,
        cells=cells,
    ),
    "phase": lambda s, cells: msg(
        "the actions under the section {label!r} that have their own phase keep it, not the "
        "section's {value!r}: {cells}",
        label=s.label,
        value=s.value,
        cells=cells,
    ),
}


def _is_amount(value: Any) -> bool:
    """Whether a total row's cell under a money column holds an amount (recomputed, not read)."""
    try:
        parse_amount(whole(value))
    except CellParseError:
        return False
    return True


def _names_objective(text: str, number: str, title: str) -> bool:
    """Whether an action's objective cell names the objective numbered `number` titled
    `title`: ``O1``, ``Objectif 1``, ``Objectif 1 — <title>``."""
    ref = objective_reference(text)
    return ref is not None and ref[0] == number and (not ref[1] or fold(ref[1]) == fold(title))
