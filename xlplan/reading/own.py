"""Read an xlplan workbook back into a plan, after people edited it (`grid`: python-calamine).

The reader finds its way through the layout spec: sheets by their French or English name, columns
by their header (so inserted, moved or added columns are fine), rows from the header down (blank
and "Total" rows skipped). Totals are never taken from cached formula results: they are computed
again from the input cells, and a formula cell that was overwritten with a constant, or whose
cached result disagrees with the recomputation, is reported with its cell.

Every value that cannot be read exactly becomes a `Problem` naming sheet and cell, the value
found and what was expected — never a silent zero.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem, ProblemCode, WorkbookError
from ..layout import cached as calc
from ..layout.formulas import linked_row
from ..layout.spec import (
    BUDGET_V1,
    FORMAT_NAME,
    GUIDE_META,
    GUIDE_NAME,
    META_SHEET,
    WORKBOOK_SCHEMA_VERSION,
    Column,
    SheetSpec,
    col_letter,
    sheets_of,
)
from ..layout.values import exact_text, from_cell
from ..model.plan import Plan, problems_from
from ..xlsx.grid import Book
from .common import HEADER_SCAN_ROWS, is_total_label
from .handmade import read_table
from .result import ReadResult

if TYPE_CHECKING:
    from ..xlsx.guard import Limits
from .parse import CellParseError, normalize_header, parse_text

__all__ = ["ReadResult", "WorkbookError", "read", "read_book"]

_UNSEEN: Any = object()
_PATH = re.compile(r"(\w+)\[(\d+)\](?:\.(.+))?$")


@dataclass
class _Row:
    number: int  # 1-based
    values: tuple[Any, ...]  # raw values of the table's columns, in `_Table.keys` order
    extra: dict[str, Any]
    constants: bool = False  # a computed cell holds a constant, or nothing at all
    bare: set[str] | None = None  # computed columns whose cell holds nothing at all


@dataclass
class _Table:
    sheet: str
    spec: SheetSpec
    columns: dict[str, int]  # key -> 0-based column index
    extras: dict[str, int]  # header -> 0-based column index
    rows: list[_Row] = field(default_factory=list)
    keys: dict[str, int] = field(default_factory=dict)  # key -> position in `_Row.values`
    computed: list[str] = field(default_factory=list)  # keys of the computed columns found
    constants: set[tuple[int, int]] = field(default_factory=set)  # computed cells, no formula
    links: dict[str, dict[int, str]] = field(default_factory=dict)  # key -> row -> formula

    def cell(self, key: str, row: _Row) -> str:
        return f"{col_letter(self.columns[key])}{row.number}"

    def value(self, row: _Row, key: str) -> Any:
        """The raw value of a cell ("" for a column the sheet does not have)."""
        return row.values[self.keys[key]] if key in self.keys else ""

    def formula(self, row: _Row, key: str) -> Any:
        """What a computed cell holds: its formula (the text of a link column's formula, "="
        for the others), the constant it was overwritten with, or None if nothing at all
        (also None for a column that is not a computed column of the sheet)."""
        if key not in self.computed or (row.bare and key in row.bare):
            return None
        if (row.number - 1, self.columns[key]) in self.constants:
            return self.value(row, key)
        links = self.links.get(key)
        return "=" if links is None else links.get(row.number - 1, "=")


class _Reader:
    def __init__(self, path: Path, book: Book) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.book = book
        self.date1904 = self.book.date1904
        self.actual_rows: dict[int, _Row] = {}  # action index -> budget row of its actuals
        # (column type, choices) -> raw value (with its type unless text) -> model value
        self.parsed: dict[tuple[str, str | None], dict[Any, Any]] = {}
        self.tables: dict[str, _Table] = {}  # model list ("actions") -> the table it was read from
        self.links: dict[int, int] = {}  # budget sheet row -> index of the action it shows
        self.budget_table: _Table | None = None

    def problem(
        self, code: ProblemCode, severity: str, sheet: str, cell: str, message: str
    ) -> None:
        self.problems.append(Problem(severity, message, sheet=sheet, cell=cell, code=code))  # type: ignore[arg-type]

    # --- workbook level ---------------------------------------------------------------------
    def meta(self) -> dict[str, Any]:
        if META_SHEET not in self.book.sheetnames:
            raise WorkbookError(
                f"{self.path}: no '{META_SHEET}' sheet — not a workbook made by xlplan "
                "(reading hand-made plan tables is not supported yet)"
            )
        meta: dict[Any, Any] = {
            row[0]: _whole(row[1]) if len(row) > 1 else ""
            for row in self.book.sheet(META_SHEET).rows
            if row and row[0] != ""
        }
        if meta.get("format") != FORMAT_NAME:
            raise WorkbookError(
                f"{self.path}: sheet '{META_SHEET}' does not describe an "
                f"xlplan workbook (format {meta.get('format')!r})"
            )
        version = meta.get("schema_version")
        if not isinstance(version, int) or version > WORKBOOK_SCHEMA_VERSION:
            raise WorkbookError(
                f"{self.path}: workbook schema version {version!r}; this xlplan reads versions "
                f"up to {WORKBOOK_SCHEMA_VERSION} — upgrade xlplan"
            )
        return meta

    def sheet(self, names: tuple[str, str]) -> Any | None:
        for name in names:
            if name in self.book.sheetnames:
                return name
        folded = {normalize_header(n): n for n in self.book.sheetnames}
        for name in names:
            if normalize_header(name) in folded:
                return folded[normalize_header(name)]
        return None

    # --- tables -----------------------------------------------------------------------------
    def table(self, spec: SheetSpec, *, required: bool = True) -> _Table | None:
        name = self.sheet((spec.fr, spec.en))
        if name is None:
            if required:
                self.problem(
                    ProblemCode.SHEET_MISSING,
                    "error",
                    spec.fr,
                    "",
                    f"sheet '{spec.fr}' / '{spec.en}' is missing",
                )
            return None
        sheet = self.book.sheet(name)
        rows: list[list[Any]] = sheet.rows
        # The header row: labels as written first (cheap), then as people may retype them.
        exact = {c.fr: c.key for c in spec.columns} | {c.en: c.key for c in spec.columns}
        header_at, best = _header_row(rows, lambda v: v in exact)
        if best < 2:
            labels = _labels(spec)
            header_at, best = _header_row(rows, lambda v: normalize_header(v) in labels)
        if best < 2:
            self.problem(
                ProblemCode.HEADER_MISSING,
                "error",
                name,
                "",
                "no header row with the expected columns "
                f"({', '.join(c.fr for c in spec.columns[:4])} …) in the first "
                f"{HEADER_SCAN_ROWS} rows",
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
            if col.key not in columns and col.is_input:
                self.problem(
                    ProblemCode.COLUMN_MISSING,
                    "warning",
                    name,
                    f"{col_letter(0)}{header_at + 1}",
                    f"column '{col.label('fr')}' / '{col.label('en')}' not found",
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
        table = _Table(
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
        extra_columns = list(extras.items())
        empty: dict[tuple[int, int], tuple[_Row, str]] = {}  # computed cells showing nothing
        for i in range(header_at + 1, len(rows)):
            row = rows[i]
            if len(row) < width:
                row = row + [""] * (width - len(row))
            values = pick(row)
            extra = {h: row[j] for h, j in extra_columns if row[j] != ""} if extras else {}
            if not extra and values.count("") == len(values):
                continue
            if total_at is not None and _is_total(values[total_at]):
                continue
            overwritten = i in touched and any((i, j) in constants for _, j in computed)
            table.rows.append(_Row(i + 1, values, extra, overwritten))
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

    def where(self, path: str, default: tuple[str, str]) -> tuple[str, str]:
        """(sheet, cell) a model field (``actions[3].budget.q1``) was read from."""
        match = _PATH.match(path)
        budget = self.budget_table
        if match and match[1] == "actions" and budget and (match[3] or "").startswith("actual."):
            row = self.actual_rows.get(int(match[2]))
            key = "actual_" + match[3][len("actual.") :]
            if row is not None and key in budget.columns:
                return budget.sheet, budget.cell(key, row)
        if match and match[1] in self.tables:
            table = self.tables[match[1]]
            index, name = int(match[2]), match[3] or ""
            for col in table.spec.columns:
                if (
                    col.field
                    and col.key in table.columns
                    and index < len(table.rows)
                    and (name == col.field or name.startswith(col.field + "."))
                ):
                    return table.sheet, table.cell(col.key, table.rows[index])
        return default

    def parse(self, col: Column, raw: Any) -> Any:
        """The model value of a cell of a column (or the `CellParseError`).

        Plans repeat their values (statuses, owners, amounts, dates): each distinct value of a
        column type is parsed once."""
        cache = self.parsed.setdefault((col.type, col.choices), {})
        key = raw if type(raw) is str else (type(raw), raw)  # (1, 1.0 and True differ)
        found = cache.get(key, _UNSEEN)
        if found is _UNSEEN:
            try:
                found = from_cell(col, raw, date1904=self.date1904, escaped=False)
            except CellParseError as exc:
                found = exc
            if len(cache) < 20_000:
                cache[key] = found
        return list(found) if type(found) is list else found

    def items(self, table: _Table | None, kind: str) -> list[dict[str, Any]]:
        """Model data of every row of a table sheet: its input columns, by field path."""
        if table is None:
            return []
        self.tables[kind] = table
        fields = [  # (a text cell's text is its value: nothing to parse)
            (
                col,
                table.keys[col.key],
                *col.field.partition(".")[::2],
                col.type == "text",
                self.parsed.setdefault((col.type, col.choices), {}),
            )
            for col in table.spec.columns
            if col.is_input and col.key in table.columns and col.field
        ]
        out = []
        for row in table.rows:
            values = row.values
            data: dict[str, Any] = {}
            for col, at, head, tail, text, cache in fields:
                raw = values[at]
                if raw == "":
                    continue  # (an empty cell is an absent value for every column type)
                value: Any = raw
                if not (text and type(raw) is str):  # (`parse`, with the cache looked up first)
                    value = cache.get(raw if type(raw) is str else (type(raw), raw), _UNSEEN)
                    if value is _UNSEEN or type(value) is list:
                        value = self.parse(col, raw)
                    got = type(value)
                    if value is None or got is CellParseError or (got is list and not value):
                        if got is CellParseError:
                            self.problem(
                                ProblemCode.CELL_UNREADABLE,
                                "error",
                                table.sheet,
                                table.cell(col.key, row),
                                value.message,
                            )
                        continue
                if tail:
                    sub = data.get(head)
                    if sub is None:
                        sub = data[head] = {}
                    sub[tail] = value
                else:
                    data[head] = value
            if row.extra:
                data["extra"] = {k: _extra_value(v) for k, v in row.extra.items()}
            out.append(data)
        return out

    def guide(self) -> dict[str, Any]:
        name = self.sheet(GUIDE_NAME)
        if name is None:
            self.problem(
                ProblemCode.SHEET_MISSING,
                "error",
                GUIDE_NAME[0],
                "",
                "the guide sheet with the plan's details "
                "(fiscal year start, currency, envelope) is missing",
            )
            return {}
        rows = [
            (r, row[0], row[1])
            for r, row in enumerate(self.book.sheet(name).rows, 1)
            if len(row) > 1 and row[0] != ""
        ]
        # Labels as written first; normalised (retyped by hand) only for those not found so.
        exact = {t.fr: key for key, t in GUIDE_META} | {t.en: key for key, t in GUIDE_META}
        found: dict[str, tuple[Any, str]] = {}
        for r, label, value in rows:
            key = exact.get(label) if type(label) is str else None
            if key and key not in found:
                found[key] = (value, f"B{r}")
        if len(found) < len(GUIDE_META):
            labels = {normalize_header(t): k for k, both in GUIDE_META for t in (both.fr, both.en)}
            for r, label, value in rows:
                key = labels.get(normalize_header(label))
                if key and key not in found:
                    found[key] = (value, f"B{r}")
        return found

    # --- the plan ---------------------------------------------------------------------------
    def read(self) -> ReadResult:
        meta = self.meta()
        # Version 1 keeps actual spend in budget tracking; version 2 on the plan's rows.
        version_1 = meta["schema_version"] < 2
        sheets = sheets_of(meta["schema_version"])
        budget = self.sheet((BUDGET_V1.fr, BUDGET_V1.en)) if version_1 else None
        if budget is not None:
            self.book.prefetch(budget)  # (parsed on another core while the rest is read)
        guide = self.guide()
        plan_table = self.table(sheets["plan"])
        if plan_table is None:
            raise WorkbookError(
                f"{self.path}: no action plan sheet ('Plan d'action' / "
                "'Action plan') with its header row"
            )
        actions = self.items(plan_table, "actions")
        if version_1:
            self.actuals(actions, plan_table)
        data: dict[str, Any] = {
            "id": meta.get("plan_id") or "",
            "language": meta.get("language", "fr"),
            "timeline": meta.get("timeline", "months"),
            "objectives": self.items(self.table(sheets["objectives"]), "objectives"),
            "kpis": self.items(self.table(sheets["kpis"]), "kpis"),
            "owners": self.items(self.table(sheets["owners"]), "owners"),
            "actions": actions,
        }
        data |= self.plan_details(guide)
        self.add_missing_owners(data, plan_table)
        plan = self.validate(data)
        self.check_formulas(plan, plan_table)
        return ReadResult(plan, self.problems)

    def plan_details(self, guide: dict[str, tuple[Any, str]]) -> dict[str, Any]:
        sheet = self.sheet(GUIDE_NAME) or GUIDE_NAME[0]
        out: dict[str, Any] = {}

        def value(key: str, reader: Any) -> Any:
            raw, cell = guide.get(key, (None, ""))
            try:
                return reader(raw)
            except CellParseError as exc:
                self.problem(ProblemCode.CELL_UNREADABLE, "error", sheet, cell, exc.message)
                return None

        from .parse import parse_amount, parse_date, parse_percent

        out["name"] = value("plan_name", _text) or self.path.stem
        out["business"] = value("business", _text) or ""
        out["mission"] = value("mission", _text) or ""
        out["currency"] = value("currency", parse_text) or "EUR"
        start = value("fy_start", lambda v: parse_date(v, date1904=self.date1904))
        if start is None:
            raw, cell = guide.get("fy_start", (None, "B?"))
            self.problem(
                ProblemCode.FISCAL_YEAR_UNREADABLE,
                "error",
                sheet,
                cell,
                f"found {raw!r} — expected the fiscal year's "
                "first day; 1 January of the current year is assumed",
            )
            start = dt.date(dt.date.today().year, 1, 1)
        out["fiscal_year_start"] = start
        checks = {k: value(k, _text) for k in ("max_overrun", "warn_at", "fail_on")}
        out["checks"] = {k: v for k, v in checks.items() if v}
        pct = value("envelope_pct", parse_percent)
        revenue = value("revenue", parse_amount)
        if pct is not None and revenue is not None:
            out["envelope"] = {"percent_of_revenue": pct, "revenue_forecast": revenue}
        else:
            amount = value("envelope", parse_amount)
            out["envelope"] = {} if amount is None else {"amount": amount}
        return out

    def actuals(self, actions: list[dict[str, Any]], plan_table: _Table) -> None:
        """Actual spend from the budget sheet, matched to actions through the row links."""
        table = self.table(BUDGET_V1, required=False)
        if table is None:
            return
        self.budget_table = table
        by_row = {row.number: i for i, row in enumerate(plan_table.rows)}
        by_id = {a.get("id"): i for i, a in enumerate(actions) if a.get("id")}
        quarters = [
            (q, col)
            for q in ("q1", "q2", "q3", "q4")
            if (col := table.spec.column(f"actual_{q}")).key in table.columns
        ]
        for row in table.rows:
            index = None
            link = table.formula(row, "id") or table.formula(row, "title")
            shown = linked_row(link) if isinstance(link, str) else None
            if shown is not None:
                index = by_row.get(shown)
            elif table.value(row, "id"):
                index = by_id.get(parse_text(table.value(row, "id")))
            if index is not None:
                self.links[row.number] = index
            for q, col in quarters:
                raw = row.values[table.keys[col.key]]
                if raw == "":
                    continue
                if index is None:
                    self.problem(
                        ProblemCode.ACTUAL_UNLINKED,
                        "error",
                        table.sheet,
                        table.cell(col.key, row),
                        f"actual spend {raw!r} on a row that is not linked to any "
                        "action of the action plan",
                    )
                    continue
                self.actual_rows[index] = row
                value = self.parse(col, raw)
                if isinstance(value, CellParseError):
                    self.problem(
                        ProblemCode.CELL_UNREADABLE,
                        "error",
                        table.sheet,
                        table.cell(col.key, row),
                        value.message,
                    )
                elif value is not None:
                    actions[index].setdefault("actual", {})[q] = value

    def add_missing_owners(self, data: dict[str, Any], plan_table: _Table) -> None:
        """An owner typed in the action plan but not listed in the owners sheet is added."""
        known = {o.get("name") for o in data["owners"]}
        for i, action in enumerate(data["actions"]):
            name = action.get("owner")
            if name and name not in known:
                known.add(name)
                data["owners"].append({"name": name})
                sheet, cell = self.where(f"actions[{i}].owner", (plan_table.sheet, ""))
                self.problem(
                    ProblemCode.OWNER_UNLISTED,
                    "warning",
                    sheet,
                    cell,
                    f"owner {name!r} is not listed in the owners sheet; added to the plan's owners",
                )

    def validate(self, data: dict[str, Any]) -> Plan:
        """Validate, turning breaches into problems at their cells and repairing what is safe."""
        from pydantic import ValidationError

        for _ in range(50):
            try:
                return Plan.model_validate(data)
            except ValidationError as exc:
                fixed = False
                for p in problems_from(exc):
                    sheet, cell = self.where(p.path, ("", p.path))
                    self.problem(p.code, "error", sheet, cell, p.message)
                    fixed |= _drop(data, p.path)
                if not fixed:
                    raise WorkbookError(
                        f"{self.path}: " + "; ".join(str(p) for p in self.problems[-3:])
                    ) from None
        raise WorkbookError(f"{self.path}: too many problems to read this workbook")

    def check_formulas(self, plan: Plan, plan_table: _Table) -> None:
        """Report computed cells overwritten with constants, or whose cached result is wrong."""
        actions = plan.actions
        tables: list[tuple[_Table, tuple[str, ...], list[tuple[_Row, tuple[Any, ...]]]]] = [
            (
                plan_table,
                calc.PLAN_KEYS,
                [
                    (row, calc.plan_values(a))
                    for row, a in zip(plan_table.rows, actions, strict=False)
                ],
            )
        ]
        if self.budget_table is not None:
            tables.append(
                (
                    self.budget_table,
                    calc.BUDGET_KEYS,
                    [
                        (row, calc.budget_values(actions[i]))
                        for row in self.budget_table.rows
                        if (i := self.links.get(row.number, len(actions))) < len(actions)
                    ],
                )
            )
        for table, all_keys, pairs in tables:
            keys = [k for k in table.computed if k in all_keys]
            if not keys or not pairs:
                continue
            found = itemgetter(*(table.keys[k] for k in keys))
            expected = itemgetter(*(all_keys.index(k) for k in keys))
            for row, values in pairs:
                if not row.constants and found(row.values) == expected(values):
                    continue  # every computed cell holds its formula and the right result
                self.check_row(table, row, dict(zip(all_keys, values, strict=True)), keys)

    def check_row(self, table: _Table, row: _Row, values: dict[str, Any], keys: list[str]) -> None:
        """Report the computed cells of a row that hold a constant or a wrong result."""
        for key in keys:
            raw = table.formula(row, key)
            expected, cached = values[key], table.value(row, key)
            if not (isinstance(raw, str) and raw.startswith("=")):
                self.problem(
                    ProblemCode.FORMULA_OVERWRITTEN,
                    "warning",
                    table.sheet,
                    table.cell(key, row),
                    f"computed cell overwritten with the constant {raw!r}; "
                    f"xlplan computes {_show(expected)}",
                )
            elif cached != expected and cached != "" and not _same(cached, expected):
                # ("": the file was saved by a tool that stores no results, e.g.
                # openpyxl; nothing disagrees, the totals are recomputed anyway.)
                self.problem(
                    ProblemCode.CACHED_VALUE_STALE,
                    "warning",
                    table.sheet,
                    table.cell(key, row),
                    f"cached result {cached!r} differs from the recomputed "
                    f"{_show(expected)}; recalculate the workbook",
                )


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


def _show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else f"{value:g}"


def _same(cached: Any, expected: Any) -> bool:
    if cached in (None, "") and expected in (None, ""):
        return True
    if isinstance(cached, dt.datetime | dt.date) and isinstance(expected, int):
        day = cached.date() if isinstance(cached, dt.datetime) else cached
        return calc.serial(day) == expected
    if isinstance(cached, int | float) and isinstance(expected, int | float):
        return abs(cached - expected) <= 1e-6 * max(1.0, abs(expected))
    return bool(cached == expected)


def _header_text(value: Any) -> str:
    return parse_text(value) or "?"


def _extra_value(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    if isinstance(value, str):
        return _text(value)
    return _whole(value)


def _text(value: Any) -> str:
    return exact_text(value, escaped=False)


def _whole(value: Any) -> Any:
    """A float holding a whole number as an int (calamine reads every number as a float)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _drop(data: dict[str, Any], path: str) -> bool:
    """Remove the value at a field path (``actions[3].owner``); True if something was removed."""
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", path)
    node: Any = data
    for part in parts[:-1]:
        node = node[int(part[1:-1])] if part.startswith("[") else node.get(part)
        if node is None:
            return False
    last = parts[-1] if parts else ""
    if last.startswith("[") and isinstance(node, list):
        index = int(last[1:-1])
        if index < len(node):
            del node[index]
            return True
    elif isinstance(node, dict) and last in node:
        if last == "id":
            node[last] = ""  # a duplicate id: a fresh one is assigned
        else:
            del node[last]
        return True
    return False


def read(path: str | Path, *, prefetch: bool = True, limits: Limits | None = None) -> ReadResult:
    """Read a plan workbook into a plan with its actual spend.

    Workbooks made by xlplan (recognised by their ``_meta`` sheet) are read through the layout
    spec; any other workbook is searched for a plan table people made themselves, with columns
    such as ``Action | Objectif | KPI | Responsable | Budget Q1 … Q4`` (see `handmade`).

    Args:
        path: the ``.xlsx`` file.
        prefetch: whether the largest sheet may be read in a thread of its own, on another core
            (False in a worker process whose siblings keep the other cores busy).
        limits: the sizes a workbook may reach before it is refused as too large for a plan or
            hostile (`xlplan.xlsx.guard.Limits`); the guard's defaults when None.

    Returns:
        The plan and every problem found (sheet, cell, value found, what was expected).

    Raises:
        WorkbookError: the file is not an xlplan workbook, or too broken to read.
    """
    from ..xlsx import guard
    from ..xlsx.grid import PREFETCH_BYTES

    path = Path(path)
    if not path.is_file():
        raise WorkbookError(f"{path}: no such file")
    with (
        guard.parser_errors(path),
        Book(
            path,
            limits=guard.LIMITS if limits is None else limits,
            prefetch_from=PREFETCH_BYTES if prefetch else None,
        ) as book,
    ):
        return read_book(path, book)


def read_book(path: Path, book: Book) -> ReadResult:
    """`read`, from a workbook already opened (an xlplan workbook or a hand-made table).

    Args:
        path: the file, for messages (and the plan's name, if nothing else gives one).
        book: the workbook, opened by `grid`.

    Returns:
        The plan and every problem found.
    """
    if META_SHEET not in book.sheetnames:
        return read_table(path, book)
    return _Reader(path, book).read()
