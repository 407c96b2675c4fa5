"""The table sheets of an xlplan workbook, as the layout spec declares them: a sheet found by its
French or English name, its header row matched to the spec's columns (so inserted, moved or
added columns are fine), its rows read as raw values from the header down (blank and "Total"
rows skipped), with the computed cells that hold a constant or nothing at all."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from ..errors import ProblemCode
from ..i18n import Message, msg
from ..layout.spec import SheetSpec, col_letter
from ..xlsx.grid import Book
from .common import HEADER_SCAN_ROWS, is_total_label
from .parse import CellParseError, normalize_header, parse_text

if TYPE_CHECKING:
    from ..model.plan import Plan

__all__ = [
    "OwnTable",
    "Report",
    "SheetRow",
    "action_locations",
    "find_sheet",
    "read_table_sheet",
]

Report = Callable[[ProblemCode, str, str, str, "str | Message"], None]
"""Where a problem goes: (code, severity, sheet, cell, message)."""


@dataclass
class SheetRow:
    number: int  # 1-based
    values: tuple[Any, ...]  # raw values of the table's columns, in `OwnTable.keys` order
    extra: dict[str, Any]
    constants: bool = False  # a computed cell holds a constant, or nothing at all
    bare: set[str] | None = None  # computed columns whose cell holds nothing at all


@dataclass
class OwnTable:
    sheet: str
    spec: SheetSpec
    columns: dict[str, int]  # key -> 0-based column index
    extras: dict[str, int]  # header -> 0-based column index
    rows: list[SheetRow] = field(default_factory=list)
    keys: dict[str, int] = field(default_factory=dict)  # key -> position in `SheetRow.values`
    computed: list[str] = field(default_factory=list)  # keys of the computed columns found
    constants: set[tuple[int, int]] = field(default_factory=set)  # computed cells, no formula
    links: dict[str, dict[int, str]] = field(default_factory=dict)  # key -> row -> formula

    def cell(self, key: str, row: SheetRow) -> str:
        return f"{col_letter(self.columns[key])}{row.number}"

    def value(self, row: SheetRow, key: str) -> Any:
        """The raw value of a cell ("" for a column the sheet does not have)."""
        return row.values[self.keys[key]] if key in self.keys else ""

    def formula(self, row: SheetRow, key: str) -> Any:
        """What a computed cell holds: its formula (the text of a link column's formula, "="
        for the others), the constant it was overwritten with, or None if nothing at all
        (also None for a column that is not a computed column of the sheet)."""
        if key not in self.computed or (row.bare and key in row.bare):
            return None
        if (row.number - 1, self.columns[key]) in self.constants:
            return self.value(row, key)
        links = self.links.get(key)
        return "=" if links is None else links.get(row.number - 1, "=")


def find_sheet(book: Book, names: tuple[str, str]) -> str | None:
    """A sheet by its French or English name, as written or as people may retype it."""
    for name in names:
        if name in book.sheetnames:
            return name
    folded = {normalize_header(n): n for n in book.sheetnames}
    for name in names:
        if normalize_header(name) in folded:
            return folded[normalize_header(name)]
    return None


def read_table_sheet(
    book: Book, spec: SheetSpec, report: Report, *, required: bool = True
) -> OwnTable | None:
    """A table sheet of the layout spec: its header row matched to the spec's columns, its
    rows read as raw values (blank and total rows skipped).

    Args:
        book: the workbook.
        spec: the sheet's declaration.
        report: where problems go (a missing sheet, header row or column).
        required: a missing sheet is a problem (else simply None).

    Returns:
        The table, or None when the sheet or its header row is missing.
    """
    name = find_sheet(book, (spec.fr, spec.en))
    if name is None:
        if required:
            report(
                ProblemCode.SHEET_MISSING,
                "error",
                spec.fr,
                "",
                msg("sheet '{fr}' / '{en}' is missing", fr=spec.fr, en=spec.en),
            )
        return None
    sheet = book.sheet(name)
    rows: list[list[Any]] = sheet.rows
    # The header row: labels as written first (cheap), then as people may retype them.
    exact = {c.fr: c.key for c in spec.columns} | {c.en: c.key for c in spec.columns}
    header_at, best = _header_row(rows, lambda v: v in exact)
    if best < 2:
        labels = _labels(spec)
        header_at, best = _header_row(rows, lambda v: normalize_header(v) in labels)
    if best < 2:
        report(
            ProblemCode.HEADER_MISSING,
            "error",
            name,
            "",
            msg(
                "no header row with the expected columns ({columns} …) in the first {rows} rows",
                columns=", ".join(c.fr for c in spec.columns[:4]),
                rows=HEADER_SCAN_ROWS,
            ),
        )
        return None
    columns: dict[str, int] = {}
    extras: dict[str, int] = {}
    for j, value in enumerate(rows[header_at]):
        if value == "":
            continue
        key = exact.get(value) if type(value) is str else None
        if key is None:
            key = _labels(spec).get(normalize_header(value))
        if key is not None and key not in columns:
            columns[key] = j
        elif spec.key == "plan" and key is None:
            extras[_header_text(value)] = j
    for col in spec.columns:
        if col.key not in columns and col.is_input and not col.optional:
            report(
                ProblemCode.COLUMN_MISSING,
                "warning",
                name,
                f"{col_letter(0)}{header_at + 1}",
                msg(
                    "column '{fr}' / '{en}' not found",
                    fr=col.label("fr"),
                    en=col.label("en"),
                ),
            )
    inputs = [(c.key, columns[c.key]) for c in spec.columns if c.key in columns and c.is_input]
    computed = [
        (c.key, columns[c.key]) for c in spec.columns if c.key in columns and not c.is_input
    ]
    picks = [j for _, j in inputs + computed]
    # Computed cells hold formulas; the grid says which hold a constant instead, and the
    # link columns' formulas (which action a budget row shows) are read as text.
    constants = sheet.constants([j for _, j in computed])
    link = next((k for k in ("id", "title") if k in dict(computed)), None)
    table = OwnTable(
        name,
        spec,
        columns,
        extras,
        keys={key: p for p, (key, _) in enumerate(inputs + computed)},
        computed=[key for key, _ in computed],
        constants=constants,
        links={link: sheet.formulas(columns[link])} if spec.key == "budget" and link else {},
    )
    pick: Callable[[list[Any]], tuple[Any, ...]] = (
        itemgetter(*picks) if len(picks) > 1 else lambda row: (row[picks[0]],)
    )
    width = 1 + max(picks + list(extras.values()))
    n_inputs, n_computed = len(inputs), len(computed)
    touched = {i for i, _ in constants}  # rows with a computed cell holding a constant
    total_at = table.keys.get("title" if "title" in columns else "name")
    id_at = table.keys.get("id")  # (a row with an id is an item, whatever its title says)
    extra_columns = list(extras.items())
    empty: dict[tuple[int, int], tuple[SheetRow, str]] = {}  # computed cells showing nothing
    for i in range(header_at + 1, len(rows)):
        row = rows[i]
        if len(row) < width:
            row = row + [""] * (width - len(row))
        values = pick(row)
        extra = {h: row[j] for h, j in extra_columns if row[j] != ""} if extras else {}
        if not extra and values.count("") == len(values):
            continue
        if (  # (a sheet without ids, the owners', has no total row: "Total" may be a name)
            total_at is not None
            and id_at is not None
            and values[id_at] in ("", None)
            and _is_total(values[total_at])
        ):
            continue
        overwritten = i in touched and any((i, j) in constants for _, j in computed)
        table.rows.append(SheetRow(i + 1, values, extra, overwritten))
        if n_computed and values[n_inputs:].count("") == n_computed:
            for key, j in computed:
                if (i, j) not in constants and i not in table.links.get(key, ()):
                    empty[i, j] = (table.rows[-1], key)
    # A row whose computed cells all show nothing may have no formulas at all (inserted by
    # hand): ask the sheet. (A cleared cell keeps its style, so `constants` found it.)
    for cell in empty.keys() - sheet.with_formula(set(empty)):
        row_, key = empty[cell]
        row_.bare = (row_.bare or set()) | {key}
        row_.constants = True
    return table


@functools.cache
def _labels(spec: SheetSpec) -> dict[str, str]:
    """A sheet's column headers, French and English, normalised -> column key."""
    return {normalize_header(c.fr): c.key for c in spec.columns} | {
        normalize_header(c.en): c.key for c in spec.columns
    }


def _header_row(rows: list[list[Any]], known: Any) -> tuple[int, int]:
    """The row (0-based) with the most known labels among the first rows, and how many."""
    header_at, best = -1, 0
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        hits = sum(1 for v in row if type(v) is str and v and known(v))
        if hits > best:
            header_at, best = i, hits
    return header_at, best


def _is_total(value: Any) -> bool:
    """A "Total" row's label (the longest is "sous-total (€)": anything long is not)."""
    return isinstance(value, str) and len(value) <= 30 and is_total_label(value)


def _header_text(value: Any) -> str:
    return parse_text(value) or "?"


def _plain(value: Any) -> str:
    try:
        return parse_text(value)
    except CellParseError:
        return ""


def action_locations(plan: Plan, table: OwnTable) -> dict[str, tuple[str, str]]:
    """Each action's id -> (sheet, cell of its ID, or of its action text when its row has
    none): the row is found by the ID typed on it, else by its action text."""
    by_id: dict[str, str] = {}
    by_title: dict[str, str] = {}
    for row in table.rows:
        ident, title = _plain(table.value(row, "id")), _plain(table.value(row, "title"))
        if ident and "id" in table.columns:
            by_id.setdefault(ident, table.cell("id", row))
        elif title and "title" in table.columns:
            by_title.setdefault(title, table.cell("title", row))
    found = {a.id: by_id.get(a.id) or by_title.get(a.title.strip()) for a in plan.actions}
    return {ident: (table.sheet, cell) for ident, cell in found.items() if cell}
