"""The state of a hand-made table's reading and what is known of its sheet: `ActionRow` (one action
row as read), `SheetReader` (problems told in row order, cell addresses, a column's label, lists
split once per text, the cells formatted as percentages, values under merged ranges, the header's
doubtful columns and extra columns, currencies named, the cell a model field was read from)."""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from ..errors import Problem, ProblemCode, Severity
from ..i18n import Message, msg
from ..layout.spec import col_letter
from .common import blank, cell_text
from .handmade_values import MONEY_KEYS, QUARTER_MONEY, is_money_key, split_items
from .parse import normalize_header
from .table import Header, Merge, SheetGrid
from .vocabulary import currencies_in

__all__ = ["ActionRow", "SheetReader"]

_ANY_DIGIT: Final = str.maketrans("123456789", "000000000")


@dataclass(slots=True)  # (no __dict__: one object fewer per row for the collector to track)
class ActionRow:
    number: int
    data: dict[str, Any]
    objectives: tuple[str, ...]
    kpis: tuple[str, ...]
    owner: str | None
    # the 12 monthly amounts in the fiscal year's order (None: left blank), for a table with
    # month columns (`handmade_periods`); None without them
    months_planned: list[Any] | None = None
    months_actual: list[Any] | None = None


class SheetReader:
    """The hand-made table being read: its sheet, header and columns, the problems found
    (in row order while the rows are read), cell addresses, merged cells and the header's
    checks. `RowReader` reads the rows on top of it, `handmade` assembles the plan."""

    def __init__(self, path: Path, date1904: bool, grid: SheetGrid, header: Header) -> None:
        self.path = path
        self.grid = grid
        self.header = header
        self.cols = header.columns
        self.date1904 = date1904
        self.problems: list[Problem] = []
        self.rows: list[ActionRow] = []
        self.merges_told: set[str] = set()
        # column key -> raw value -> read value (or the CellParseError)
        self.parsed: dict[str, dict[Any, Any]] = {key: {} for key in self.cols}
        self.splits: dict[tuple[str, re.Pattern[str]], tuple[str, ...]] = {}
        self.currencies: Counter[str] = Counter()
        self.read_dates: list[tuple[Any, str]] = []  # (date, cell) of the rows read
        self.currency_codes: dict[str, tuple[str, ...]] = {}  # `count_currency`'s, by shape
        # while the rows are read column by column: (row, order told, problem), sorted after
        self.by_row: list[tuple[int, int, Problem]] | None = None
        self.row_at = 0
        # month column key -> its place in the fiscal year (0-11), when the table has months
        self.month_places: dict[str, int] = {}

    def problem(
        self, code: ProblemCode, severity: Severity, sheet: str, cell: str, message: str | Message
    ) -> None:
        found = Problem.of(severity, message, sheet=sheet, cell=cell, code=code)
        if self.by_row is None:
            self.problems.append(found)
        else:
            self.by_row.append((self.row_at, len(self.by_row), found))

    def at(self, key_or_col: str | int, row: int) -> str:
        col = self.cols[key_or_col] if isinstance(key_or_col, str) else key_or_col
        return f"{col_letter(col - 1)}{row}"

    def label(self, key: str) -> str:
        return self.header.labels.get(self.cols[key], key)

    def split(self, text: str | None, pattern: re.Pattern[str]) -> list[str]:
        """`split_items`, once per distinct text."""
        return list(self.items(text, pattern))

    def items(self, text: str | None, pattern: re.Pattern[str]) -> tuple[str, ...]:
        """`split_items`, once per distinct text, as the one tuple kept for that text (the rows
        of one objective then hold one tuple, not a list each)."""
        if not text:
            return ()
        found = self.splits.get((text, pattern))
        if found is None:
            found = tuple(split_items(text, pattern))
            if len(self.splits) < 20_000:
                self.splits[text, pattern] = found
        return found

    @functools.cached_property
    def percent_rows(self) -> set[int]:
        """0-based rows whose progress cell is formatted as a percentage."""
        return self.grid.sheet.percent_rows(self.cols["progress"] - 1)

    # --- the header -------------------------------------------------------------------------
    def budget_without_periods(self) -> None:
        """Warn about each column named like a budget (``Budget``, ``Coût``, ``Montant HT``,
        ``Budget annuel``) in a table with no quarter or month column: its amounts cannot be
        placed in the year, and the plan's budgets are 0."""
        used = set(self.cols.values())
        told = {p.cell for p in self.problems if p.sheet == self.grid.name}  # (semesters)
        for col, label in self.header.labels.items():
            cell = self.at(col, self.header.row)
            if col in used or cell in told:
                continue
            if _MONEY_WORDS.intersection(normalize_header(label).split()):
                self.problem(
                    ProblemCode.TOTAL_WITHOUT_QUARTERS,
                    "warning",
                    self.grid.name,
                    cell,
                    msg(
                        "'{label}' looks like a budget, but the table has no quarterly or "
                        "monthly budget column (such as 'Budget Q1', 'T1' or 'janv.'): the "
                        "plan's budgets are 0; its values are kept in each action's extra columns",
                        label=label,
                    ),
                )

    def check_header(self) -> dict[int, str]:
        """Warn about doubtful columns; return the extra columns (column -> header text)."""
        sheet, row = self.grid.name, self.header.row
        for col, key in self.header.duplicates:
            self.problem(
                ProblemCode.COLUMN_DUPLICATE,
                "warning",
                sheet,
                self.at(col, row),
                msg(
                    "'{label}' is a second '{first}' column (column {column} is read); its "
                    "values are kept in each action's extra columns",
                    label=self.header.labels[col],
                    first=self.label(key),
                    column=col_letter(self.cols[key] - 1),
                ),
            )
        if "total" in self.cols and not any(k.startswith("budget_") for k in self.cols):
            self.problem(
                ProblemCode.TOTAL_WITHOUT_QUARTERS,
                "warning",
                sheet,
                self.at("total", row),
                msg(
                    "'{label}' is a total but there is no quarterly budget column (such as "
                    "'Budget Q1' or 'T1'): the plan's budgets are 0; the totals are kept in each "
                    "action's extra columns",
                    label=self.label("total"),
                ),
            )
            del self.cols["total"]
        elif not any(k.startswith("budget_") or k == "total" for k in self.cols):
            self.budget_without_periods()
        for key, col in self.cols.items():
            raw = self.grid.header(row, col)
            if (key in MONEY_KEYS or is_money_key(key)) and isinstance(raw, str):
                self.count_currency(raw)  # (units in thousands: `handmade_periods`)
        for r in range(1, row):  # the titles' currency too: "Budget 2025 (k€)"
            for col in range(1, self.grid.width + 1):
                if isinstance(title := self.grid.raw(r, col), str):
                    self.count_currency(title)
        extras: dict[int, str] = {}
        used = set(self.cols.values())
        names: set[str] = set()
        for col in range(1, self.grid.width + 1):
            if col in used:
                continue
            name = self.header.labels.get(col) or f"column {col_letter(col - 1)}"
            if name in names:
                name = f"{name} ({col_letter(col - 1)})"
            names.add(name)
            extras[col] = name
        return extras

    def count_currency(self, text: str) -> None:
        """Count the currencies a text names (``1 250,00 €``: EUR)."""
        # Amounts typed as text differ by their digits only: any digit stands for all (a digit
        # is a word character like any other, so the words around it match alike).
        shape = text.translate(_ANY_DIGIT)
        codes = self.currency_codes.get(shape)
        if codes is None:
            codes = currencies_in(shape)
            if len(self.currency_codes) < 20_000:
                self.currency_codes[shape] = codes
        for code in codes:
            self.currencies[code] += 1

    # --- cells (merged ranges, headings) and fields ----------------------------------------
    def value(self, key_or_col: str | int, row: int) -> Any:
        """A data cell's value; a vertically merged value applies to each row it covers, except
        an amount, which is counted once, on the merge's first row."""
        col = self.cols[key_or_col] if isinstance(key_or_col, str) else key_or_col
        key = key_or_col if isinstance(key_or_col, str) else ""
        merge = self.grid.below.get((row, col))
        wide = self.grid.across.get((row, col))
        money = key in MONEY_KEYS or is_money_key(key)
        if money and wide is not None and wide.left == col and wide.top == row:
            self.tell(
                wide,
                msg(
                    "the amount {value!r} is merged over {cells}: it is counted in '{label}' only",
                    value=wide.value,
                    cells=wide.coord,
                    label=self.header.labels.get(col, key),
                ),
            )
        if merge is None:
            return self.grid.raw(row, col)
        if money:
            self.tell(
                merge,
                msg(
                    "the amount {value!r} is merged over {cells}: it is counted once, on the "
                    "first row, not split between the actions of the merge",
                    value=merge.value,
                    cells=merge.coord,
                ),
            )
            return None
        if key == "title":
            self.tell(
                merge,
                msg(
                    "the action {title!r} is merged over {cells}: each row is read as an action "
                    "of its own",
                    title=cell_text(merge.value),
                    cells=merge.coord,
                ),
            )
        return merge.value

    def tell(self, merge: Merge, message: Message) -> None:
        """A warning about a merged range, once."""
        if merge.coord not in self.merges_told and not blank(merge.value):
            self.merges_told.add(merge.coord)
            self.problem(
                ProblemCode.MERGED_CELL,
                "warning",
                self.grid.name,
                merge.coord.split(":")[0],
                message,
            )

    def cell_of(self, row: ActionRow, name: str) -> str:
        """The cell a model field (``budget.q1``, ``owner``) of a row was read from; ``""``."""
        col = self.fields.get(name)
        return "" if col is None else self.at(col, row.number)

    @functools.cached_property
    def fields(self) -> dict[str, int]:
        """Model field → the column it is read from."""
        out = {}
        for key, col in self.cols.items():
            group, _, q = key.partition("_")
            if key in self.month_places:  # (the model's months: ``budget.months[3]``)
                out[f"{group}.months[{self.month_places[key]}]"] = col
            else:
                out[f"{group}.{q}" if key in QUARTER_MONEY else key] = col
        for key, place in sorted(self.month_places.items(), key=lambda kp: kp[1]):
            # (a quarter of months, refused: the first of its months, unless a column has it)
            if key in self.cols:
                out.setdefault(f"{key.partition('_')[0]}.q{place // 3 + 1}", self.cols[key])
        return out


# Words of a column of money (with no period, a budget xlplan cannot place in the year).
_MONEY_WORDS: Final = frozenset(
    {"budget", "budgets", "budgete", "cout", "couts", "cost", "costs", "montant", "montants"}
    | {
        "amount",
        "amounts",
        "prix",
        "price",
        "depense",
        "depenses",
        "spend",
        "spent",
        "previsionnel",
    }
)
