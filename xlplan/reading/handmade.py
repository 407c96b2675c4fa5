"""Import plan tables that people made themselves: no ``_meta`` sheet, their own headers.

A hand-made plan is one table: perhaps a title row or two, a header row such as ``Action |
Objectif | KPI | Responsable | Budget Q1 | … | Budget Q4``, one action per row below it, perhaps
a blank row, a "Total" row. `read_table` finds the header row in the visible sheets, matches each
header against known words in French and English (`header_key`), and builds a `Plan`: objectives,
KPIs and owners come from the distinct texts of their columns. Unknown columns are kept in each
action's ``extra``; totals are recomputed, never read as data; every value that cannot be read
exactly becomes a `Problem` naming the sheet, the cell, the value found and what was expected.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from pydantic import ValidationError

from ..errors import Problem, ProblemCode, Severity
from ..layout.spec import col_letter
from ..layout.values import choice_value
from ..model.enums import QUARTERS as QUARTER_KEYS
from ..model.enums import Lang
from ..model.plan import KPI, Action, Objective, Owner, Plan, problems_from
from ..xlsx.grid import Book
from .common import blank, cell_text, drop_field, extra_value, is_total_label, whole
from .parse import (
    CellParseError,
    error_value,
    normalize_header,
    parse_amount,
    parse_date,
    parse_number,
    parse_percent,
    parse_text,
)
from .result import ReadResult
from .table import LOOKED_FOR, Header, Merge, SheetGrid, best_header, describe
from .vocabulary import (
    CURRENCIES,
    STATUS_WORDS,
    THOUSANDS,
    TOTAL_FILLER,
    header_key,
    headerish,
    is_amount_word,
)

__all__ = ["header_key", "read_table"]

_MONEY_KEYS: Final = frozenset(
    {f"budget_{q}" for q in QUARTER_KEYS}
    | {f"actual_{q}" for q in QUARTER_KEYS}
    | {"total", "actual_total"}
)
_QUARTER_MONEY: Final = frozenset(
    f"{group}_{q}" for group in ("budget", "actual") for q in QUARTER_KEYS
)
_UNSEEN: Final[Any] = object()
_SECTION_SPAN: Final = 3  # a heading row's text is merged over at least this many columns
_LIST_SPLIT: Final = re.compile(r"\s*(?:[;\n\r]|(?<!\d),|,(?!\d))\s*")
_OWNER_SPLIT: Final = re.compile(r"\s*(?:[;\n\r/&+]|(?<!\d),|,(?!\d))\s*")
_BULLET: Final = re.compile(r"^[-–—•·*]\s+")


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


# --- reading ------------------------------------------------------------------------------------
def read_table(path: Path, book: Book | None = None) -> ReadResult:
    """Read a plan table that people made themselves (a workbook without xlplan's ``_meta``).

    Args:
        path: the ``.xlsx`` file; its stem names the plan when no title row does.
        book: the workbook already opened by `xlplan.read`; opened from `path` when None.

    Returns:
        The plan and every problem found, each with its sheet and cell. The fiscal year of a
        hand-made table is always assumed, and a warning says so.

    Raises:
        WorkbookError: the file cannot be opened, or no visible sheet has a plan table; the
            message says what was looked for and what the sheets hold.
    """
    from ..errors import WorkbookError
    from ..xlsx.guard import parser_errors

    path = Path(path)
    if book is None:
        if not path.is_file():
            raise WorkbookError(f"{path}: no such file")
        with parser_errors(path):
            opened = Book(path)
            try:
                return read_table(path, opened)
            finally:
                opened.close()
    grids = [
        SheetGrid.load(book.sheet(name)) for name in book.sheetnames if name not in book.hidden
    ]
    found = [(g, h) for g in grids if (h := best_header(g)) is not None]
    if not found:
        hidden = [name for name in book.sheetnames if name in book.hidden]
        seen = "; ".join(describe(g) for g in grids) or "no visible sheet"
        skipped = f" (hidden sheets skipped: {', '.join(hidden)})" if hidden else ""
        raise WorkbookError(f"{path}: no plan table found: {LOOKED_FOR}; {seen}{skipped}")
    grid, header = max(found, key=lambda gh: gh[1].score)  # the first of the best
    reader = _TableReader(path, book.date1904, grid, header)
    for other, other_header in found:
        if other is not grid:
            reader.problem(
                ProblemCode.SECOND_TABLE,
                "warning",
                other.name,
                f"{col_letter(other_header.columns['title'] - 1)}{other_header.row}",
                f"this sheet also looks like a plan table; only sheet '{grid.name}' was imported",
            )
    plan = reader.read()
    return ReadResult(plan, reader.problems)


@dataclass
class _Row:
    number: int
    data: dict[str, Any]
    objectives: list[str]
    kpis: list[str]
    owner: str | None


class _TableReader:
    def __init__(self, path: Path, date1904: bool, grid: SheetGrid, header: Header) -> None:
        self.path = path
        self.grid = grid
        self.header = header
        self.cols = header.columns
        self.date1904 = date1904
        self.problems: list[Problem] = []
        self.rows: list[_Row] = []
        self.merges_told: set[str] = set()
        # column key -> raw value -> read value (or the CellParseError)
        self.parsed: dict[str, dict[Any, Any]] = {key: {} for key in self.cols}
        self.splits: dict[tuple[str, re.Pattern[str]], list[str]] = {}
        self.currencies: Counter[str] = Counter()
        # while the rows are read column by column: (row, order told, problem), sorted after
        self.by_row: list[tuple[int, int, Problem]] | None = None
        self.row_at = 0

    def problem(
        self, code: ProblemCode, severity: Severity, sheet: str, cell: str, message: str
    ) -> None:
        found = Problem(severity, message, sheet=sheet, cell=cell, code=code)
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
        """`_split`, once per distinct text."""
        if not text:
            return []
        found = self.splits.get((text, pattern))
        if found is None:
            found = _split(text, pattern)
            if len(self.splits) < 20_000:
                self.splits[text, pattern] = found
        return list(found)

    @functools.cached_property
    def percent_rows(self) -> set[int]:
        """0-based rows whose progress cell is formatted as a percentage."""
        return self.grid.sheet.percent_rows(self.cols["progress"] - 1)

    # --- the header -------------------------------------------------------------------------
    def check_header(self) -> dict[int, str]:
        """Warn about doubtful columns; return the extra columns (column -> header text)."""
        sheet, row = self.grid.name, self.header.row
        for col, key in self.header.duplicates:
            self.problem(
                ProblemCode.COLUMN_DUPLICATE,
                "warning",
                sheet,
                self.at(col, row),
                f"'{self.header.labels[col]}' is a second '{self.label(key)}' column "
                f"(column {col_letter(self.cols[key] - 1)} is read); its values are kept in each "
                "action's extra columns",
            )
        if "total" in self.cols and not any(k.startswith("budget_") for k in self.cols):
            self.problem(
                ProblemCode.TOTAL_WITHOUT_QUARTERS,
                "warning",
                sheet,
                self.at("total", row),
                f"'{self.label('total')}' is a total but there is no quarterly budget column "
                "(such as 'Budget Q1' or 'T1'): the plan's budgets are 0; the totals are kept in "
                "each action's extra columns",
            )
            del self.cols["total"]
        for key, col in self.cols.items():
            raw = self.grid.header(row, col)
            if key in _MONEY_KEYS and isinstance(raw, str):
                folded = unicodedata.normalize("NFKC", raw).casefold()
                if THOUSANDS.search(folded):
                    self.problem(
                        ProblemCode.THOUSANDS,
                        "warning",
                        sheet,
                        self.at(col, row),
                        f"'{raw}' suggests amounts in thousands; xlplan reads amounts as "
                        "written (1,5 stays 1,5): convert them to units",
                    )
                self.count_currency(raw)
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
        folded = unicodedata.normalize("NFKC", text).casefold()
        for pattern, code in CURRENCIES:
            if pattern.search(folded):
                self.currencies[code] += 1

    # --- rows -------------------------------------------------------------------------------
    def value(self, key_or_col: str | int, row: int) -> Any:
        """A data cell's value; a vertically merged value applies to each row it covers, except
        an amount, which is counted once, on the merge's first row."""
        col = self.cols[key_or_col] if isinstance(key_or_col, str) else key_or_col
        key = key_or_col if isinstance(key_or_col, str) else ""
        merge = self.grid.below.get((row, col))
        wide = self.grid.across.get((row, col))
        if key in _MONEY_KEYS and wide is not None and wide.left == col and wide.top == row:
            self.tell(
                wide,
                f"the amount {wide.value!r} is merged over {wide.coord}: it is counted in "
                f"'{self.header.labels.get(col, key)}' only",
            )
        if merge is None:
            return self.grid.raw(row, col)
        if key in _MONEY_KEYS:
            self.tell(
                merge,
                f"the amount {merge.value!r} is merged over {merge.coord}: it is counted once, "
                "on the first row, not split between the actions of the merge",
            )
            return None
        if key == "title":
            self.tell(
                merge,
                f"the action {cell_text(merge.value)!r} is merged over {merge.coord}: each row is "
                "read as an action of its own",
            )
        return merge.value

    def tell(self, merge: Merge, message: str) -> None:
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

    def is_section(self, row: int, values: dict[int, Any]) -> bool:
        """A heading row (``T1 — janvier à mars``): one text merged across the table."""
        if len(values) != 1:
            return False
        (col,) = values
        merge = self.grid.across.get((row, col))
        covered = merge is not None and merge.right - merge.left + 1 >= _SECTION_SPAN
        return covered and isinstance(values[col], str)

    def read_rows(self, extras: dict[int, str]) -> None:
        """Read every action row, in three steps: find the action rows (and the rows that may
        be totals), read each column's values for all the rows at once (`read_columns`), then
        assemble each row. Each problem is told in its row's place, as if read row by row."""
        sheet = self.grid.name
        mapped = {col: key for key, col in self.cols.items()}
        merged = {r for r, _ in self.grid.below} | {r for r, _ in self.grid.across}
        width = self.grid.width
        title_col = self.cols["title"]
        pending: list[tuple[int, list[Any] | None]] = []
        # (row, action rows above it, values): a total row (values None), or a row without an
        # action, which is a total if its amounts are sums of the rows above
        events: list[tuple[int, int, dict[int, Any] | None]] = []
        self.by_row = []
        for r in range(self.header.row + 1, self.grid.height + 1):
            self.row_at = r
            line: list[Any] | None = self.grid.cells[r - 1]
            if r in merged:  # (each cell through `value`, which knows the merged ranges)
                line = None
                values = {}
                for col in range(1, width + 1):
                    value = self.value(mapped.get(col, col), r)
                    if not blank(value):
                        values[col] = value
            else:
                assert line is not None
                if len(line) < width:
                    line = line + [""] * (width - len(line))
                values = {
                    c: v
                    for c, v in enumerate(line, 1)
                    if v != "" and v is not None and (type(v) is not str or not v.isspace())
                }
            if not values or self.is_section(r, values):
                continue
            label = values.get(title_col, values[min(values)])
            if isinstance(label, str) and is_total_row_label(label):
                events.append((r, len(pending), None))
            elif title_col not in values:
                events.append((r, len(pending), values))
            else:
                pending.append((r, line))
        raws, columns = self.read_columns(pending)
        for i, (r, line) in enumerate(pending):
            self.row_at = r
            self.rows.append(self.read_row(r, extras, line, i, raws, columns))
        totals_since: list[int] = [0]  # index in self.rows after the last total row
        for r, above, found in events:
            self.row_at = r
            if found is None or self.is_unlabelled_total(found, totals_since, above):
                totals_since.append(above)
                continue
            shown = ", ".join(f"{self.at(c, r)} {_shown(v)}" for c, v in list(found.items())[:4])
            self.problem(
                ProblemCode.ROW_WITHOUT_ACTION,
                "error",
                sheet,
                self.at("title", r),
                f"no action in this cell, but the row has values ({shown}): the row is not "
                "imported; type the action's name",
            )
        told = sorted(self.by_row, key=lambda t: t[:2])
        self.by_row = None
        self.problems.extend(p for _, _, p in told)

    def read_columns(
        self, pending: list[tuple[int, list[Any] | None]]
    ) -> tuple[dict[str, list[Any]], dict[str, list[Any]]]:
        """The raw values of each column for the action rows, and their values read by the
        column's reader (or the `CellParseError`). Plans repeat their values: each distinct
        value is read once per column, in one loop per column rather than a call per cell."""
        raws: dict[str, list[Any]] = {}
        columns: dict[str, list[Any]] = {}
        for key, col in self.cols.items():
            raws[key] = [
                line[col - 1] if line is not None else self.value(key, r) for r, line in pending
            ]
            reader = self.reader(key)
            if reader is None:
                continue
            cache = self.parsed[key]
            read: list[Any] = []
            for raw in raws[key]:
                seen = raw if type(raw) is str else (type(raw), raw)
                found = cache.get(seen, _UNSEEN)
                if found is _UNSEEN:
                    try:
                        found = reader(whole(raw))
                    except CellParseError as exc:
                        found = exc
                    if len(cache) < 20_000:
                        cache[seen] = found
                read.append(found)
            columns[key] = read
        return raws, columns

    def reader(self, key: str) -> Any:
        """How a column's cells are read; None for the progress (read per row: it depends on
        its cell's format) and the totals (checked, not read)."""
        if key in ("start", "end"):
            return lambda v: parse_date(v, date1904=self.date1904)
        if key == "status":
            return _status
        if key in ("recurrence", "frequency"):
            return lambda v: _choice(key, v)
        if key in _QUARTER_MONEY:
            return parse_amount
        if key in ("progress", "total", "actual_total"):
            return None
        return parse_text

    def is_unlabelled_total(self, values: dict[int, Any], since: list[int], above: int) -> bool:
        """A row of amounts under the money columns only, each the sum of the `above` action
        rows above it (from the last total row, or from any total row before)."""
        mapped = {col: key for key, col in self.cols.items()}
        if not all(mapped.get(c) in _MONEY_KEYS for c in values):
            return False
        for start in sorted(set(since)):
            rows = self.rows[start:above]
            try:
                if all(
                    parse_amount(v) == sum((self.amount_of(x, mapped[c]) for x in rows), Decimal(0))
                    for c, v in values.items()
                ):
                    return True
            except CellParseError:
                return False
        return False

    @staticmethod
    def amount_of(row: _Row, key: str) -> Decimal:
        kind, _, q = key.partition("_")
        if key in ("total", "actual_total"):
            group = "actual" if key == "actual_total" else "budget"
            return sum((v for v in row.data.get(group, {}).values() if v), Decimal(0))
        value = row.data.get("actual" if kind == "actual" else "budget", {}).get(q)
        return value if isinstance(value, Decimal) else Decimal(0)

    def cell_of(self, row: _Row, name: str) -> str:
        """The cell a model field (``budget.q1``, ``owner``) of a row was read from; ``""``."""
        col = self.fields.get(name)
        return "" if col is None else self.at(col, row.number)

    @functools.cached_property
    def fields(self) -> dict[str, int]:
        """Model field → the column it is read from."""
        out = {}
        for key, col in self.cols.items():
            group, _, q = key.partition("_")
            out[f"{group}.{q}" if key in _QUARTER_MONEY else key] = col
        return out

    def read_row(
        self,
        r: int,
        extras: dict[int, str],
        line: list[Any] | None,
        i: int,
        raws: dict[str, list[Any]],
        columns: dict[str, list[Any]],
    ) -> _Row:
        """One action's data, from the `i`-th values of `raws` and `columns` (`read_columns`);
        `line`: the row's values when no merged range touches it."""
        sheet = self.grid.name
        row = _Row(r, {}, [], [], None)
        cols = self.cols
        value: Any = (
            (lambda key: self.value(key, r))
            if line is None
            else (lambda key: line[(cols[key] if type(key) is str else key) - 1])
        )

        def cell(key: str, reader: Any = None) -> Any:
            """The value of the row's `key` cell as read (None if unreadable: then a problem);
            `reader` for a column not read beforehand (progress)."""
            if reader is not None:
                if key not in cols:
                    return None
                try:
                    found = reader(whole(value(key)))
                except CellParseError as exc:
                    found = exc
            else:
                column = columns.get(key)
                if column is None:
                    return None
                found = column[i]
            if type(found) is CellParseError:
                self.problem(
                    ProblemCode.CELL_UNREADABLE,
                    "error",
                    sheet,
                    self.at(key, r),
                    f"{self.label(key)}: {found.message}",
                )
                return None
            return found

        data = row.data
        data["title"] = cell("title")
        for key in ("id", "resources", "channel", "notes"):
            if text := cell(key):
                data[key] = text
        row.objectives = self.split(cell("objectives"), _LIST_SPLIT)
        row.kpis = self.split(cell("kpis"), _LIST_SPLIT)
        owners = self.split(cell("owner"), _OWNER_SPLIT)
        participants = self.split(cell("participants"), _OWNER_SPLIT)
        if owners:
            row.owner = owners[0]
            if len(owners) > 1:
                self.problem(
                    ProblemCode.OWNERS_SEVERAL,
                    "warning",
                    sheet,
                    self.at("owner", r),
                    f"several owners ({', '.join(owners)}): {owners[0]!r} is the owner, "
                    "the others are participants",
                )
            participants = [*owners[1:], *(p for p in participants if p not in owners)]
        if participants:
            data["participants"] = participants
        for key in ("start", "end"):
            if (day := cell(key)) is not None:
                data[key] = day
        if (status := cell("status")) is not None:
            data["status"] = status
        for key in ("recurrence", "frequency"):
            if (choice := cell(key)) is not None:
                data[key] = choice
        if "progress" in self.cols:
            percent = (r - 1) in self.percent_rows
            progress = cell("progress", lambda v: _progress(v, percent))
            if progress is not None:
                data["progress"] = progress
        for group, total_key in (("budget", "total"), ("actual", "actual_total")):
            readable, as_text = True, []
            for q in QUARTER_KEYS:
                key = f"{group}_{q}"
                if key not in self.cols:
                    continue
                raw = raws[key][i]
                if isinstance(raw, str) and raw:
                    self.count_currency(raw)
                amount = cell(key)
                if amount is not None:
                    data.setdefault(group, {})[q] = amount
                    if isinstance(raw, str) and amount:
                        as_text.append(self.at(key, r))
                elif not blank(raw):
                    readable = False
            if readable:
                self.check_total(r, total_key, data.get(group, {}), as_text)
        self.check_dates(row)
        extra = {}
        for col, name in extras.items():
            raw = value(col)
            if blank(raw):
                continue
            if (code := error_value(raw)) is not None:
                self.problem(
                    ProblemCode.ERROR_VALUE,
                    "warning",
                    sheet,
                    self.at(col, r),
                    f"{name}: the error value {code} is kept as text in the action's extra columns",
                )
            extra[name] = extra_value(raw)
        if extra:
            data["extra"] = extra
        return row

    def check_total(
        self, r: int, key: str, quarters: dict[str, Decimal], as_text: list[str]
    ) -> None:
        """Warn when a row's total cell is not the sum of its quarters (the total is not data).

        Args:
            r: the row.
            key: ``total`` or ``actual_total``.
            quarters: the amounts read from the row.
            as_text: the cells whose amount is typed as text, which the spreadsheet's SUM skips.
        """
        if key not in self.cols:
            return
        raw = self.value(key, r)
        if blank(raw):
            return
        where = self.at(key, r)
        try:
            total = parse_amount(raw)
        except CellParseError as exc:
            self.problem(
                ProblemCode.TOTAL_UNREADABLE,
                "warning",
                self.grid.name,
                where,
                f"{self.label(key)}: {exc.message}; the total is not read, xlplan recomputes it",
            )
            return
        expected = sum(quarters.values(), Decimal(0))
        if total is not None and total != expected:
            parts = " + ".join(_show(quarters.get(q, Decimal(0))) for q in QUARTER_KEYS)
            self.problem(
                ProblemCode.TOTAL_MISMATCH,
                "warning",
                self.grid.name,
                where,
                f"{self.label(key)} {_show(total)} differs from the sum of the quarters "
                f"{parts} = {_show(expected)}; xlplan keeps the quarters"
                + (
                    f" (the amounts typed as text in {', '.join(as_text)} are skipped by the "
                    "spreadsheet's SUM)"
                    if as_text
                    else ""
                ),
            )

    def check_dates(self, row: _Row) -> None:
        start, end = row.data.get("start"), row.data.get("end")
        if start is not None and end is not None and end < start:
            self.problem(
                ProblemCode.END_BEFORE_START,
                "error",
                self.grid.name,
                self.cell_of(row, "end"),
                f"the end {end.isoformat()} is before the start {start.isoformat()}: "
                "the end date is not imported",
            )
            del row.data["end"]

    # --- the plan ---------------------------------------------------------------------------
    def read(self) -> Plan:
        extras = self.check_header()
        self.read_rows(extras)
        if not self.rows:
            self.problem(
                ProblemCode.NO_ACTIONS,
                "warning",
                self.grid.name,
                self.at("title", self.header.row),
                "no action below the header row",
            )
        objectives: dict[str, Objective] = {}
        kpis: dict[str, KPI] = {}
        kpis_by_id: dict[str, KPI] = {}
        owners: dict[str, Owner] = {}
        actions: list[Action] = []
        ids: set[str] = set()
        for row in self.rows:
            data = row.data
            if not data.get("title"):  # unreadable: the problem is already told
                continue
            data["objectives"] = _ids(row.objectives, objectives, "O", Objective, "title")
            data["kpis"] = _ids(row.kpis, kpis, "K", KPI, "name")
            for ident in data["kpis"]:
                kpi = kpis_by_id.get(ident) or kpis_by_id.setdefault(
                    ident, next(k for k in kpis.values() if k.id == ident)
                )
                if kpi.objective is None and data["objectives"]:
                    kpi.objective = data["objectives"][0]
            if row.owner is not None:
                data["owner"] = owners.setdefault(_fold(row.owner), Owner(name=row.owner)).name
            if (ident := data.get("id")) is not None:
                if ident in ids:
                    self.problem(
                        ProblemCode.ID_DUPLICATE,
                        "warning",
                        self.grid.name,
                        self.cell_of(row, "id"),
                        f"the id {ident!r} is already used by another action; a new one is given",
                    )
                    del data["id"]
                ids.add(ident)
            if (action := self.action(row)) is not None:
                actions.append(action)
        lang: Lang = self.language()
        start = self.fiscal_year_start()
        try:
            return Plan(
                name=self.title()[0] or self.path.stem,
                fiscal_year_start=start,
                language=lang,
                currency=self.currency(),
                objectives=list(objectives.values()),
                kpis=list(kpis.values()),
                owners=list(owners.values()),
                actions=actions,
            )
        except ValidationError as exc:
            from ..errors import WorkbookError

            shown = "; ".join(str(p) for p in problems_from(exc)[:3])
            raise WorkbookError(f"{self.path}: {shown}") from None

    def action(self, row: _Row) -> Action | None:
        """The row's action; a field the model refuses becomes a problem and is left out."""
        data = row.data
        for _ in range(len(data) + 1):
            try:
                return Action.model_validate(data)
            except ValidationError as exc:
                for p in problems_from(exc):
                    cell = self.cell_of(row, p.path) or self.cell_of(row, _top(p.path))
                    self.problem(p.code, "error", self.grid.name, cell, f"{p.path}: {p.message}")
                    drop_field(data, p.path)
        return None

    def title(self) -> tuple[str, str]:
        """The first title text above the header, and its cell; ``("", "")`` if none.

        Header words above the header row (``Action`` merged over two header rows, ``Budget
        prévu`` over ``T1 … T4``) are not titles.
        """
        for r in range(1, self.header.row):
            for col in range(1, self.grid.width + 1):
                value = self.grid.raw(r, col)
                if isinstance(value, str) and value.strip() and not headerish(value):
                    return cell_text(value), self.at(col, r)
        return "", ""

    def language(self) -> Lang:
        votes = Counter(lang for lang in self.header.langs if lang is not None)
        return "en" if votes["en"] > votes["fr"] else "fr"

    def currency(self) -> str:
        if not self.currencies:
            return "EUR"
        (code, _), *others = self.currencies.most_common()
        if others:
            self.problem(
                ProblemCode.CURRENCIES_SEVERAL,
                "warning",
                self.grid.name,
                "",
                f"amounts are written in several currencies ({', '.join(self.currencies)}); "
                f"the plan is in {code}",
            )
        return code

    def fiscal_year_start(self) -> dt.date:
        """1 January of the earliest action date's year, else of a year in the title, else of
        the current year; a warning says it was assumed."""
        dates = [
            (row.data[key], self.cell_of(row, key))
            for row in self.rows
            for key in ("start", "end")
            if key in row.data
        ]
        title, title_cell = self.title()
        year_in_title = re.search(r"\b(?:19|20)\d\d\b", title)
        if dates:
            day, cell = min(dates)
            year, why = day.year, f"the year of the earliest action date, {day.isoformat()}"
        elif year_in_title:
            year, why = int(year_in_title.group()), f"the year in the title {title!r}"
            cell = title_cell
        else:
            year, why, cell = dt.date.today().year, "the current year: no action has a date", ""
        self.problem(
            ProblemCode.FISCAL_YEAR_ASSUMED,
            "warning",
            self.grid.name,
            cell,
            f"the fiscal year is assumed to start on 1 January {year} ({why}); "
            "the table does not say when it starts",
        )
        return dt.date(year, 1, 1)


def is_total_row_label(text: str) -> bool:
    """Whether a row's label makes it a total row: Total, Totaux, Sous-total, Grand total,
    Total général, Total 2024, Total budget…"""
    return is_total_label(text, lambda w: is_amount_word(w) or w in TOTAL_FILLER)


def _split(text: str, pattern: re.Pattern[str]) -> list[str]:
    """The items of a list typed in one cell (``"Notoriété, fidélisation"``), without bullets."""
    items: list[str] = []
    for part in pattern.split(text):
        item = _BULLET.sub("", part).strip()
        if item and _fold(item) not in {_fold(i) for i in items}:
            items.append(item)
    return items


def _ids(texts: list[str], known: dict[str, Any], prefix: str, kind: Any, attr: str) -> list[str]:
    """The ids of the objectives (or KPIs) named in `texts`, creating those not seen yet."""
    ids = []
    for text in texts:
        key = _fold(text)
        if key not in known:
            known[key] = kind(**{"id": f"{prefix}{len(known) + 1}", attr: text})
        ids.append(known[key].id)
    return ids


def _status(raw: object) -> str | None:
    if blank(raw):
        return None
    try:
        return choice_value("status", raw)
    except CellParseError:
        status = STATUS_WORDS.get(normalize_header(raw))
        if status is None:
            raise
        return status.value


def _choice(kind: str, raw: object) -> str | None:
    return None if blank(raw) else choice_value(kind, raw)


def _progress(raw: object, percent: bool) -> Decimal | None:
    """Progress in percentage points: a number shown as a percentage (0.4 as 40 %) is a
    fraction, a number shown plainly (40) is already in points, a text is read as written."""
    if isinstance(raw, int | float) and not isinstance(raw, bool) and not percent:
        value = parse_number(raw)
    else:
        value = parse_percent(raw)
    if value is not None and not 0 <= value <= 100:
        raise CellParseError(raw, f"found {raw!r} — expected a progress between 0 and 100 %")
    return value


def _shown(value: object) -> str:
    """A cell value in a message: texts quoted, numbers and dates as a person sees them."""
    return repr(cell_text(value)) if isinstance(value, str) else cell_text(value)


def _show(amount: Decimal) -> str:
    return f"{amount.normalize():f}" if amount == amount.to_integral_value() else f"{amount:f}"


def _top(path: str) -> str:
    return re.split(r"[.\[]", path, maxsplit=1)[0]
