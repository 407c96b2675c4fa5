"""The other sheets people keep beside a hand-made plan table: a KPI list and an owners list,
found by their headers (`list_header`, `list_words`), read row by row into KPIs and owners.

A sheet is a list when one of its first rows names a list's columns: a name column and at least
one other (*Valeur de départ*, *Cible*, *T1*… for KPIs; *Rôle*, *Email*, *Équipe*… for owners),
or a name column alone in a sheet whose name says which list it is (*Indicateurs*, *Équipe*).
Every non-empty cell of a list is read or named in a problem: a value that cannot be read
exactly (`CELL_UNREADABLE`, `ERROR_VALUE`), a column the plan has no field for, a title or a
heading row (`LIST_CELL_IGNORED`), a row without a name (`ROW_WITHOUT_NAME`). `handmade_links`
links them to the actions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from pydantic import ValidationError

from ..errors import ProblemCode, Severity
from ..i18n import Message, msg
from ..layout.spec import col_letter
from ..layout.values import choice_value
from ..model.enums import QUARTERS
from ..model.items import KPI, Owner
from ..model.validation import problems_from
from .common import blank, drop_field, unreadable
from .handmade_values import as_shown, is_total_row_label
from .list_header import ListHeader, find_list
from .list_words import DIRECTION_WORDS, ListKind
from .parse import CellParseError, normalize_header, parse_number, parse_text
from .parse.cell import strip_zeros
from .table import SheetGrid

__all__ = ["Listed", "SheetList", "Tell", "find_list", "read_lists"]

Tell = Callable[[ProblemCode, Severity, str, str, Message], None]
"""How a problem is told: code, severity, sheet, cell, message (`SheetReader.problem`)."""


@dataclass
class Listed:
    """One row of a list: the KPI or owner read, and what links it (its id and objective as
    typed), with the cell of each field."""

    row: int
    item: KPI | Owner
    cells: dict[str, str]  # field -> the cell it was read from
    ident: str = ""
    objective: str = ""
    read: set[str] = field(default_factory=set)  # every cell of the row read (months too)


@dataclass
class SheetList:
    """A list found in a sheet, and its rows read."""

    kind: ListKind
    sheet: str
    items: list[Listed]


def read_lists(grids: list[SheetGrid], fiscal_start: dt.date, tell: Tell) -> list[SheetList]:
    """The KPI list and the owners list among `grids` (sheets other than the plan table's).

    Args:
        grids: the visible sheets besides the plan table's.
        fiscal_start: the plan's first day: month columns fall into its quarters.
        tell: where problems go.

    Returns:
        At most one list of each kind (the one naming the most columns; a second is a
        `SECOND_TABLE` warning), KPI list first.
    """
    found: dict[ListKind, list[tuple[SheetGrid, ListHeader]]] = {"kpis": [], "owners": []}
    for grid in grids:
        header = find_list(grid)
        if header is not None:
            found[header.kind].append((grid, header))
    lists = []
    for kind, candidates in found.items():
        if not candidates:
            continue
        grid, header = max(candidates, key=lambda gh: gh[1].score)
        for other, other_header in candidates:
            if other is not grid:
                col = other_header.columns["name"][0]
                tell(
                    ProblemCode.SECOND_TABLE,
                    "warning",
                    other.name,
                    f"{col_letter(col - 1)}{other_header.row}",
                    msg(
                        "this sheet also looks like a {list}; only sheet '{sheet}' was imported",
                        list=_LIST_NAMES[kind],
                        sheet=grid.name,
                    ),
                )
        lists.append(_ListReader(grid, header, fiscal_start, tell).read())
    return lists


_LIST_NAMES: Final[dict[ListKind, Message]] = {
    "kpis": msg("KPI list"),
    "owners": msg("owners list"),
}


class _ListReader:
    """Reads one list's rows."""

    def __init__(
        self, grid: SheetGrid, header: ListHeader, fiscal_start: dt.date, tell: Tell
    ) -> None:
        self.grid = grid
        self.header = header
        self.tell = tell
        self.cols: dict[str, list[int]] = dict(header.columns)
        self.percent: dict[int, set[int]] = {}
        self.quarters: dict[int, tuple[str, int]] = {}  # column -> (quarter, order in it)
        self.ignored: dict[int, Message] = {}  # column -> why it is not read
        if header.kind == "kpis":
            self.measures(fiscal_start)
            objective = self.cols.get("objective")
            if objective and "target" not in self.cols and self.numbers(objective[0]):
                self.cols["target"] = self.cols.pop("objective")  # (*Objectif*: 40, a target)

    def at(self, col: int, row: int) -> str:
        return f"{col_letter(col - 1)}{row}"

    def problem(self, code: ProblemCode, severity: Severity, cell: str, message: Message) -> None:
        self.tell(code, severity, self.grid.name, cell, message)

    def measures(self, fiscal_start: dt.date) -> None:
        """Which column gives which quarter's measure: a quarter column, else the months of the
        quarter (the last one measured counts), else one measure column (the first quarter)."""
        quarter_cols: dict[str, int] = {}
        months: list[tuple[int, int]] = []  # (fiscal month 0-11, column)
        for key, cols in list(self.cols.items()):
            if key.startswith("actual_"):
                quarter_cols[key[-2:]] = cols[0]
            elif key.startswith(("month_", "calendar_")):
                number = int(key.rpartition("_")[2])
                fiscal = number - 1 if key.startswith("month_") else number - fiscal_start.month
                months.append((fiscal % 12, cols[0]))
            else:
                continue
            del self.cols[key]
        for q, col in quarter_cols.items():
            self.quarters[col] = (q, 0)
        for fiscal, col in sorted(months):
            q = QUARTERS[fiscal // 3]
            if q in quarter_cols:
                self.ignored[col] = msg(
                    "the quarter's measure is read from column {column}",
                    column=col_letter(quarter_cols[q] - 1),
                )
            else:
                self.quarters[col] = (q, fiscal)
        single = self.cols.pop("actual", None)
        if single is not None:
            if self.quarters:
                self.ignored[single[0]] = msg("the measures per quarter or month are read")
            else:
                self.quarters[single[0]] = ("q1", 0)

    def numbers(self, col: int) -> bool:
        """Whether a column holds numbers only, below the header (at least one)."""
        found = False
        for r in range(self.header.row + 1, self.grid.height + 1):
            value = self.grid.value(r, col)
            if blank(value):
                continue
            try:
                parse_number(value)
            except CellParseError:
                return False
            found = True
        return found

    def read(self) -> SheetList:
        kind, grid, header = self.header.kind, self.grid, self.header
        for col, key in header.duplicates:
            first = self.cols.get(key, [0])[0]
            self.problem(
                ProblemCode.COLUMN_DUPLICATE,
                "warning",
                self.at(col, header.row),
                msg(
                    "'{label}' is a second '{first}' column (column {column} is read); its "
                    "values are not imported",
                    label=header.labels[col],
                    first=header.labels.get(first, key),
                    column=col_letter(first - 1) if first else "?",
                ),
            )
        self.titles()
        used = {c for cols in self.cols.values() for c in cols} | set(self.quarters)
        skipped = {c for c, _ in header.duplicates}
        names = self.cols["name"]
        items: list[Listed] = []
        filled: dict[int, int] = {}  # column -> last row with a value
        for r in range(header.row + 1, grid.height + 1):
            values = {c: v for c in range(1, grid.width + 1) if not blank(v := grid.value(r, c))}
            if not values:
                continue
            for c in values:
                filled[c] = r
            if self.heading(r, values) or self.total(r, values, names):
                continue
            if not any(c in values for c in names):
                shown = ", ".join(f"{self.at(c, r)} {as_shown(v)}" for c, v in values.items())
                self.problem(
                    ProblemCode.ROW_WITHOUT_NAME,
                    "warning",
                    self.at(names[0], r),
                    msg(
                        "no name in this cell, but the row has values ({values}): the row is "
                        "not imported; type the name",
                        values=shown,
                    ),
                )
                continue
            listed = self.kpi(r, values) if kind == "kpis" else self.owner(r, values)
            if listed is not None:
                items.append(listed)
            elif others := {c: v for c, v in values.items() if c not in names}:
                shown = ", ".join(f"{self.at(c, r)} {as_shown(v)}" for c, v in others.items())
                self.problem(
                    ProblemCode.ROW_WITHOUT_NAME,
                    "warning",
                    self.at(names[0], r),
                    msg(
                        "the name cannot be read: the row is not imported ({values})",
                        values=shown,
                    ),
                )
        for col in sorted(set(filled) | set(header.labels)):
            if col not in used and col not in skipped:
                self.ignore_column(col, filled.get(col))
        return SheetList(kind, grid.name, items)

    def titles(self) -> None:
        """The cells above the header row that are not part of it (a title, a note)."""
        row = self.header.row
        for r in range(1, row):
            for c in range(1, self.grid.width + 1):
                raw = self.grid.raw(r, c)
                if blank(raw) or self.in_header(r, c):
                    continue
                self.problem(
                    ProblemCode.LIST_CELL_IGNORED,
                    "warning",
                    self.at(c, r),
                    msg(
                        "{value} above the {list}'s header row is not imported",
                        value=as_shown(raw),
                        list=_LIST_NAMES[self.header.kind],
                    ),
                )

    def in_header(self, r: int, c: int) -> bool:
        """Whether a cell above the header row is part of it: a label merged down into it, or a
        group label merged over header cells (*Réalisé* over *T1 … T4*)."""
        row = self.header.row
        down = self.grid.below.get((row, c))
        if down is not None and down.top == r:
            return True
        across = self.grid.across.get((r, c))
        if across is None or r != row - 1:
            return False
        return any(self.grid.group(row, k) is across for k in range(across.left, across.right + 1))

    def heading(self, r: int, values: dict[int, Any]) -> bool:
        """A heading row (one text merged across the list): not imported, and said so."""
        if len(values) != 1:
            return False
        (col,) = values
        merge = self.grid.across.get((r, col))
        if merge is None or merge.top != r or not isinstance(values[col], str):
            return False
        self.problem(
            ProblemCode.LIST_CELL_IGNORED,
            "warning",
            self.at(col, r),
            msg("the heading {value} is not imported", value=as_shown(values[col])),
        )
        return True

    def total(self, r: int, values: dict[int, Any], names: list[int]) -> bool:
        """A total row (*Total*, *Sous-total*): not a KPI or an owner, and said so."""
        label = next((values[c] for c in names if c in values), None)
        if not isinstance(label, str) or not is_total_row_label(label):
            return False
        self.problem(
            ProblemCode.LIST_CELL_IGNORED,
            "warning",
            self.at(names[0], r),
            msg("the total row {value} is not imported", value=as_shown(label)),
        )
        return True

    def ignore_column(self, col: int, last: int | None) -> None:
        """A column the plan has no field for: its header and values, named in a problem."""
        label = self.header.labels.get(col)
        row = self.header.row
        cells = f"{self.at(col, row + 1)}:{self.at(col, last)}" if last else msg("no values")
        why = self.ignored.get(col) or (
            msg("a plan's KPI has no such field")
            if self.header.kind == "kpis"
            else msg("a plan's owner has no such field")
        )
        self.problem(
            ProblemCode.LIST_CELL_IGNORED,
            "warning",
            self.at(col, row),
            msg(
                "column {column} ({cells}) is not imported: {why}",
                column=repr(label) if label else col_letter(col - 1),
                cells=cells,
                why=why,
            ),
        )

    # --- cells ------------------------------------------------------------------------------
    def unreadable(self, col: int, r: int, exc: CellParseError) -> None:
        self.problem(
            unreadable(exc),
            "error",
            self.at(col, r),
            msg(
                "{label}: {message}",
                label=self.header.labels.get(col, ""),
                message=exc.localized,
            ),
        )

    def text(self, key: str, r: int, values: dict[int, Any]) -> str | None:
        """The texts of a field's columns on row `r`, joined; None if empty or unreadable."""
        parts = []
        for col in self.cols.get(key, []):
            if col not in values:
                continue
            try:
                text = parse_text(values[col])
            except CellParseError as exc:
                self.unreadable(col, r, exc)
                continue
            if text:
                parts.append(text)
        return ", ".join(parts) if parts else None

    def number(self, col: int, r: int, values: dict[int, Any]) -> tuple[Decimal | None, bool]:
        """A measure and whether it is a percentage (a number formatted ``0 %``, a text with
        ``%``): in percentage points then."""
        raw = values.get(col)
        try:
            value = parse_number(raw)
        except CellParseError as exc:
            self.unreadable(col, r, exc)
            return None, False
        if value is None:
            return None, False
        if isinstance(raw, str):
            return value, "%" in raw
        rows = self.percent.get(col)
        if rows is None:
            rows = self.percent[col] = self.grid.sheet.percent_rows(col - 1)
        if (r - 1) in rows:
            return strip_zeros(value * 100), True
        return value, False

    def direction(self, r: int, values: dict[int, Any]) -> str | None:
        col = self.cols.get("direction", [0])[0]
        raw = values.get(col)
        if raw is None:
            return None
        try:
            return choice_value("direction", raw)
        except CellParseError as exc:
            typed = raw.strip() if isinstance(raw, str) else ""
            found = DIRECTION_WORDS.get(normalize_header(raw)) or DIRECTION_WORDS.get(typed)
            if found is None:
                self.unreadable(col, r, exc)
            return found

    # --- rows -------------------------------------------------------------------------------
    def kpi(self, r: int, values: dict[int, Any]) -> Listed | None:
        name = self.text("name", r, values)
        if name is None:
            return None
        cells = {k: self.at(cols[0], r) for k, cols in self.cols.items()}
        data: dict[str, Any] = {"name": name}
        percent = False
        for key in ("baseline", "target"):
            if key in self.cols:
                value, pct = self.number(self.cols[key][0], r, values)
                if value is not None:
                    data[key] = value
                    percent = percent or pct
        actual: dict[str, Decimal] = {}
        for col, (q, _) in sorted(self.quarters.items(), key=lambda cq: cq[1]):
            value, pct = self.number(col, r, values)
            if value is not None:
                actual[q] = value  # (months in order: the quarter's last one measured stays)
                cells[f"actual.{q}"] = self.at(col, r)
                percent = percent or pct
        if actual:
            data["actual"] = actual
        unit = self.text("unit", r, values)
        if unit or percent:
            data["unit"] = unit or "%"
        direction = self.direction(r, values)
        if direction is not None:
            data["direction"] = direction
        elif "target" in data and "baseline" in data and data["target"] < data["baseline"]:
            data["direction"] = "lower"  # (a target below the start: lower is better)
        item = self.validate(KPI, data, cells, r)
        if item is None:
            return None
        ident = self.text("id", r, values) or ""
        objective = self.text("objective", r, values) or ""
        read = {self.at(c, r) for c in values if c in self.quarters} | set(cells.values())
        return Listed(r, item, cells, ident, objective, read)

    def owner(self, r: int, values: dict[int, Any]) -> Listed | None:
        name = self.text("name", r, values)
        first = self.text("first_name", r, values)
        if name is None:
            return None
        cells = {k: self.at(cols[0], r) for k, cols in self.cols.items()}
        data: dict[str, Any] = {"name": f"{first} {name}" if first else name}
        for key in ("role", "contact", "team"):
            if (text := self.text(key, r, values)) is not None:
                data[key] = text
        item = self.validate(Owner, data, cells, r)
        read = {self.at(c, r) for cols in self.cols.values() for c in cols}
        return None if item is None else Listed(r, item, cells, read=read)

    def validate(
        self, model: type[KPI] | type[Owner], data: dict[str, Any], cells: dict[str, str], r: int
    ) -> Any:
        """The row's KPI or owner; a field the model refuses is a problem and left out."""
        for _ in range(len(data) + 1):
            try:
                return model.model_validate(data)
            except ValidationError as exc:
                for p in problems_from(exc):
                    top = p.path.split(".")[0].split("[")[0]
                    self.problem(
                        p.code,
                        "error",
                        cells.get(p.path) or cells.get(top) or self.at(self.cols["name"][0], r),
                        msg("{path}: {message}", path=p.path, message=p.localized or p.message),
                    )
                    if top == "name" or not drop_field(data, p.path):
                        return None
        return None
