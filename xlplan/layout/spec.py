"""The layout spec: the one declaration of the workbook's sheets, columns and defined names.

The writer builds workbooks from it and the reader finds its way back through it; nothing about
the layout is declared anywhere else. Each column has a stable key (``budget_q1``), says whether
people type into it (input) or a formula fills it, its type (which fixes number format,
validation and how a cell value maps to the model), its width, the model field it holds and, for
computed columns, its formula builder (`layout.formulas`). Its header and input message are the
labels of `layout.labels` under the sheet's and the column's keys. The dashboard's blocks are
declared in `layout.dashboard`.

Every table sheet has the same frame (1-based Excel rows): row 1 the title, row 2 a subtitle,
row 3 totals or period bounds, row 4 the header, data from row 5. Derived sheets prepare
`capacity` rows (see `capacities`) so a row typed in the "Plan d'action" sheet flows everywhere.

Version 2 (`WORKBOOK_SCHEMA_VERSION`): actual spend is typed on the action's own row of the
action plan, and budget tracking and the timeline are computed views of the plan (`formulas.view`).
The reader still knows version 1 (actuals typed in budget tracking, rows linked by reference):
`layout.version1`. The guide's settings rows and rates table are declared in `layout.guide`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal

from ..model.enums import QUARTERS, Lang
from . import formulas as f
from . import names
from .formulas import Formula, quote
from .labels import (
    HEADERS,
    MONTH_KINDS,
    NO_LABEL,
    NOTES,
    SHEET_INTROS,
    SHEET_NAMES,
    Label,
    choice_label,
    monthly_headers,
)

ColType = Literal[
    "id",
    "text",
    "longtext",
    "refs",
    "ref",
    "date",
    "money",
    "variance",
    "percent",
    "number",
    "int",
    "choice",
    "flag",
]

TITLE_ROW, SUBTITLE_ROW, TOTAL_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4, 5

FORMAT_NAME = "xlplan"
WORKBOOK_SCHEMA_VERSION = 2
META_SHEET = "_meta"


# --- columns and sheets ----------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a table sheet.

    Args:
        key: stable internal key, the same in every language.
        header: the header label (`labels.HEADERS`).
        type: fixes number format, validation and the cell <-> model mapping.
        width: column width in characters.
        field: dotted model attribute the column holds (input columns), e.g. ``budget.q1``.
        formula: for computed columns, the Excel formula of data row ``r``.
        choices: for ``choice`` columns, the `labels.CHOICES` list; for ``ref``/``refs``, the
            defined name listing valid references.
        note: the input message shown when a cell is selected (`labels.NOTES`).
        sums: for a row total, the first and last input columns it adds up: the sheet's total
            row adds up those input columns over every row, not the row totals (which a row
            inserted by hand lacks).
        optional: written only when the plan has teams (the *Plan / Équipe* column of a company
            plan, `xlplan consolidate`); always the sheet's last columns, so that no other
            column moves, and a workbook without them reads without a warning.
    """

    key: str
    header: Label
    type: ColType
    width: float
    field: str = ""
    formula: Formula | None = None
    choices: str = ""
    note: Label = NO_LABEL
    sums: tuple[str, str] | None = None
    optional: bool = False

    @property
    def is_input(self) -> bool:
        return self.formula is None

    @property
    def fr(self) -> str:
        """The French header."""
        return self.header.fr

    @property
    def en(self) -> str:
        """The English header."""
        return self.header.en

    def label(self, lang: Lang) -> str:
        return self.header(lang)


@dataclass(frozen=True)
class SheetSpec:
    """One table sheet: its key, columns and which capacity (rows prepared) applies.

    Its name and intro are `labels.SHEET_NAMES` and `labels.SHEET_INTROS` under its key.
    """

    key: str
    columns: tuple[Column, ...]
    capacity: str  # which capacity applies: "actions", "objectives", "kpis" or "owners"
    freeze_col: int = 2

    @property
    def fr(self) -> str:
        """The French sheet name."""
        return SHEET_NAMES[self.key].fr

    @property
    def en(self) -> str:
        """The English sheet name."""
        return SHEET_NAMES[self.key].en

    @property
    def intro(self) -> Label:
        return SHEET_INTROS[self.key]

    def name(self, lang: Lang) -> str:
        return SHEET_NAMES[self.key](lang)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def shown(self, teams: bool) -> tuple[Column, ...]:
        """The columns a workbook holds: all of them when the plan has teams, else all but
        the optional ones (which come last, so the others keep their letters)."""
        return self.columns if teams else tuple(c for c in self.columns if not c.optional)

    def index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)


def _columns_of(sheet: str) -> Callable[..., Column]:
    """A `Column` maker for one sheet: the header and input message come from the labels."""

    def column(key: str, *args: Any, **kwargs: Any) -> Column:
        kwargs["note"] = NOTES.get(sheet, {}).get(key, NO_LABEL)
        return Column(key, HEADERS[sheet][key], *args, **kwargs)

    return column


def col_letter(index: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@functools.cache
def _letter(sheet_key: str, key: str) -> str:
    return col_letter(SHEETS[sheet_key].index(key))


@dataclass
class Refs:
    """Resolves column keys to A1 references for one workbook (language and capacities)."""

    lang: Lang
    capacities: dict[str, int]
    sheet: SheetSpec | None = None

    def _spec(self, sheet_key: str) -> SheetSpec:
        return SHEETS[sheet_key]

    def letter(self, sheet_key: str, key: str) -> str:
        return _letter(sheet_key, key)

    def c(self, key: str, r: int) -> str:
        """Same-sheet relative reference with the column pinned: ``$B5``."""
        assert self.sheet is not None
        return f"${self.letter(self.sheet.key, key)}{r}"

    def at(self, sheet_key: str, key: str, r: int) -> str:
        """Another sheet's cell in the same row: ``'Plan d''action'!B5``."""
        name = quote(self._spec(sheet_key).name(self.lang))
        return f"{name}!{self.letter(sheet_key, key)}{r}"

    def last_row(self, sheet_key: str) -> int:
        return FIRST_ROW + self.capacities[self._spec(sheet_key).capacity] - 1

    def rng(self, sheet_key: str, key: str) -> str:
        """A column's whole range from its header row on, absolute:
        ``'Plan d''action'!$O$4:$O$204``.

        The header row is part of it so that rows inserted above the first data row are inside
        too (text in a header is ignored by SUM, SUMIFS, COUNTIFS on dates or ids, INDEX views).
        """
        return self.block(sheet_key, key, key)

    def block(self, sheet_key: str, first: str, last: str, *, local: bool = False) -> str:
        """The columns `first` to `last` from the header row on, like `rng`:
        ``'Plan d''action'!$O$4:$R$204``, or ``$O$4:$R$204`` when `local` (a formula of that
        sheet itself)."""
        a, b = self.letter(sheet_key, first), self.letter(sheet_key, last)
        ref = f"${a}${HEADER_ROW}:${b}${self.last_row(sheet_key)}"
        return ref if local else f"{quote(self._spec(sheet_key).name(self.lang))}!{ref}"

    def data_rng(self, sheet_key: str, key: str) -> str:
        """A column's data rows only (a dropdown's list): ``'Objectifs'!$A$5:$A$34``."""
        letter = self.letter(sheet_key, key)
        ref = f"${letter}${FIRST_ROW}:${letter}${self.last_row(sheet_key)}"
        return f"{quote(self._spec(sheet_key).name(self.lang))}!{ref}"

    def nth(self, sheet_key: str, key: str) -> str:
        """``INDEX(<rng>,ROW()-3)``: the cell of that sheet's column in the data row of the same
        rank as this row (this sheet's data starting on the same row)."""
        return f"INDEX({self.rng(sheet_key, key)},ROW()-{HEADER_ROW - 1})"

    def past_end(self, sheet_key: str) -> str:
        """``ROW()-3>ROWS(<rng>)``: this row's rank is past that sheet's last row."""
        return f"ROW()-{HEADER_ROW - 1}>ROWS({self.rng(sheet_key, 'title')})"

    def label(self, kind: str, value: str) -> str:
        return choice_label(kind, value, self.lang)


# --- the table sheets ------------------------------------------------------------------------
def _row_total(column: Callable[..., Column], key: str, prefix: str) -> Column:
    """A row's total of the quarter columns ``<prefix>_q1`` to ``<prefix>_q4``."""
    span = f"{prefix}_{QUARTERS[0]}", f"{prefix}_{QUARTERS[-1]}"
    return column(key, "money", 13, formula=f.sum_of(*span), sums=span)


_plan = _columns_of("plan")
PLAN = SheetSpec(
    "plan",
    (
        _plan("id", "id", 7, field="id"),
        _plan("title", "longtext", 34, field="title"),
        _plan("objectives", "refs", 12, field="objectives", choices=names.OBJECTIVES),
        _plan("kpis", "refs", 11, field="kpis", choices=names.KPIS),
        _plan("owner", "ref", 14, field="owner", choices=names.OWNERS),
        _plan("participants", "refs", 16, field="participants"),
        _plan("resources", "longtext", 20, field="resources"),
        _plan("channel", "longtext", 16, field="channel"),
        _plan("start", "date", 11, field="start"),
        _plan("end", "date", 11, field="end"),
        _plan("recurrence", "choice", 12, field="recurrence", choices="recurrence"),
        _plan("frequency", "choice", 13, field="frequency", choices="frequency"),
        _plan("status", "choice", 11, field="status", choices="status"),
        _plan("progress", "percent", 11, field="progress"),
        *(_plan(f"budget_{q}", "money", 12, field=f"budget.{q}") for q in QUARTERS),
        _row_total(_plan, "budget_total", "budget"),
        *(_plan(f"actual_{q}", "money", 12, field=f"actual.{q}") for q in QUARTERS),
        _row_total(_plan, "actual_total", "actual"),
        _plan("notes", "longtext", 30, field="notes"),
        _plan("team", "text", 14, field="team", optional=True),
    ),
    capacity="actions",
)

_budget = _columns_of("budget")
BUDGET = SheetSpec(
    "budget",
    (
        _budget("id", "id", 7, formula=f.view("id")),
        _budget("title", "longtext", 30, formula=f.view("title")),
        _budget("objective", "ref", 11, formula=f.view_first_objective),
        _budget("owner", "ref", 13, formula=f.view("owner")),
        *(_budget(f"planned_{q}", "money", 12, formula=f.view(f"budget_{q}")) for q in QUARTERS),
        _row_total(_budget, "planned_total", "planned"),
        *(_budget(f"actual_{q}", "money", 12, formula=f.view(f"actual_{q}")) for q in QUARTERS),
        _row_total(_budget, "actual_total", "actual"),
        *(_budget(f"variance_{q}", "variance", 12, formula=f.variance(q)) for q in QUARTERS),
        _budget("variance_total", "variance", 13, formula=f.variance_total),
        _budget("consumed", "percent", 12, formula=f.consumed),
        _budget("team", "text", 14, formula=f.view("team"), optional=True),
    ),
    capacity="actions",
)
"""Budget tracking: a computed view of the action plan, row k showing the plan's row k."""


def _group_columns(sheet: str, plan_key: str) -> tuple[Column, ...]:
    """Number of actions, planned budget and actual spend per objective (or owner), from the
    action plan's input columns."""
    column = _columns_of(sheet)
    budget = tuple(f"budget_{q}" for q in QUARTERS)
    actual = tuple(f"actual_{q}" for q in QUARTERS)
    return (
        column("actions", "int", 10, formula=f.by_plan("COUNTIFS", (), plan_key)),
        column("planned", "money", 14, formula=f.by_plan("SUMIFS", budget, plan_key)),
        column("actual", "money", 14, formula=f.by_plan("SUMIFS", actual, plan_key)),
    )


_objective = _columns_of("objectives")
OBJECTIVES = SheetSpec(
    "objectives",
    (
        _objective("id", "id", 7, field="id"),
        _objective("title", "longtext", 40, field="title"),
        _objective("horizon", "choice", 14, field="horizon", choices="horizon"),
        _objective("deadline", "date", 12, field="deadline"),
        _objective("description", "longtext", 40, field="description"),
        *_group_columns("objectives", "objectives"),
    ),
    capacity="objectives",
)

_kpi = _columns_of("kpis")
KPIS = SheetSpec(
    "kpis",
    (
        _kpi("id", "id", 7, field="id"),
        _kpi("name", "longtext", 34, field="name"),
        _kpi("objective", "ref", 10, field="objective", choices=names.OBJECTIVES),
        _kpi("unit", "text", 9, field="unit"),
        _kpi("direction", "choice", 7, field="direction", choices="direction"),
        _kpi("baseline", "number", 11, field="baseline"),
        _kpi("target", "number", 10, field="target"),
        *(_kpi(f"actual_{q}", "number", 10, field=f"actual.{q}") for q in QUARTERS),
        _kpi("latest", "number", 11, formula=f.latest),
        _kpi("gap", "number", 11, formula=f.gap),
        _kpi("attainment", "percent", 11, formula=f.attainment),
        _kpi("status", "text", 13, formula=f.kpi_status),
    ),
    capacity="kpis",
)

_owner = _columns_of("owners")
OWNERS = SheetSpec(
    "owners",
    (
        _owner("name", "text", 22, field="name"),
        _owner("role", "longtext", 24, field="role"),
        _owner("contact", "text", 26, field="contact"),
        *_group_columns("owners", "owner"),
        _owner("team", "text", 16, field="team", optional=True),
    ),
    capacity="owners",
    freeze_col=1,
)

_timeline = _columns_of("timeline")
TIMELINE = SheetSpec(
    "timeline",
    tuple(
        _timeline(key, type_, width, formula=f.view(key))
        for key, type_, width in (
            ("id", "id", 6),
            ("title", "longtext", 34),
            ("owner", "ref", 12),
            ("start", "date", 10),
            ("end", "date", 10),
            ("recurrence", "text", 11),
            ("status", "text", 10),
        )
    ),
    capacity="actions",
)
"""The timeline's action columns: a computed view of the action plan, like `BUDGET`."""
TIMELINE = replace(
    TIMELINE,
    columns=(
        *TIMELINE.columns,
        _timeline("team", "text", 12, formula=f.view("team"), optional=True),
    ),
)
"""(With a company plan's optional *Plan / Équipe* column last, before the periods.)"""


def _monthly_columns() -> tuple[Column, ...]:
    column = _columns_of("monthly")
    out = [
        column("id", "id", 8, field="id"),
        column("title", "longtext", 30, formula=f.title_by_id),
    ]
    for kind in MONTH_KINDS:
        for q in range(1, 5):
            for m in range(3 * q - 2, 3 * q + 1):
                out.append(column(f"{kind}_m{m}", "money", 10, field=f"{kind}_m{m}"))
            out.append(column(f"{kind}_q{q}", "money", 11, formula=f.month_sum(kind, q)))
    return tuple(out)


MONTHLY = SheetSpec("monthly", _monthly_columns(), capacity="actions")
"""The monthly budget, written only for a plan with monthly figures: one row per action
budgeted by month, found by its ID (typed, not a view), its twelve planned and twelve actual
months (fiscal order, ``planned_m1`` the fiscal year's first) each followed by its quarter's
sum, which the action plan's quarter cells of that action show (`formulas.from_monthly`).
Its month headers name the months of the plan's fiscal year: `monthly_spec`."""


@functools.cache
def monthly_spec(first: int) -> SheetSpec:
    """`MONTHLY` with the month headers of a fiscal year starting in calendar month `first`
    (0-based, January 0): the same keys and columns."""
    headers = monthly_headers(first)
    return replace(
        MONTHLY, columns=tuple(replace(c, header=headers[c.key]) for c in MONTHLY.columns)
    )


SHEETS: dict[str, SheetSpec] = {
    s.key: s for s in (PLAN, OBJECTIVES, KPIS, BUDGET, OWNERS, TIMELINE, MONTHLY)
}
"""The table sheets by key."""

SHEET_ORDER = ("guide", "plan", "objectives", "kpis", "budget", "owners", "timeline", "dashboard")
"""Every sheet, in the workbook's order (the hidden `META_SHEET` comes last)."""

LIST_SOURCES = {
    names.OBJECTIVES: ("objectives", "id"),
    names.KPIS: ("kpis", "id"),
    names.OWNERS: ("owners", "name"),
}
"""The defined names that list valid references, and the (sheet, column) each one covers."""


def sheet_name(key: str, lang: Lang) -> str:
    """The name of sheet `key` (a key of `SHEET_ORDER`) in `lang`."""
    return SHEET_NAMES[key](lang)


def capacities(n_actions: int, n_objectives: int, n_kpis: int, n_owners: int) -> dict[str, int]:
    """Rows prepared per table: what the plan has plus generous room to add more.

    Actions get at least 200 rows and 100 free; objectives and KPIs at least 30 rows and 20 free;
    owners at least 20 rows and 10 free.
    """
    return {
        "actions": max(200, n_actions + 100),
        "objectives": max(30, n_objectives + 20),
        "kpis": max(30, n_kpis + 20),
        "owners": max(20, n_owners + 10),
    }
