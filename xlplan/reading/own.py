"""Read an xlplan workbook back into a plan, after people edited it (`grid`: python-calamine).

The reader finds its way through the layout spec: each table sheet is read as raw values
(`own_table`), then turned into the plan's data here (the plan's details from the guide sheet,
`own_guide`; actual spend matched to actions through the budget sheet's row links); totals are
never taken from cached formula results, and the computed cells are checked against xlplan's own
recomputation (`own_checks`).

Every value that cannot be read exactly becomes a `Problem` naming sheet and cell, the value
found and what was expected — never a silent zero.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem, ProblemCode, WorkbookError
from ..i18n import Message, msg
from ..layout.formulas import linked_row
from ..layout.labels import SHEET_NAMES
from ..layout.spec import (
    FORMAT_NAME,
    META_SHEET,
    WORKBOOK_SCHEMA_VERSION,
    Column,
    SheetSpec,
    col_letter,
)
from ..layout.values import from_cell
from ..layout.version1 import BUDGET_V1, sheets_of
from ..model.enums import Lang
from ..model.messages import did_you_mean, unknown_reference
from ..model.plan import Plan
from ..model.validation import problems_from
from ..xlsx.grid import Book
from .common import deepest_first, drop_item, extra_value, unreadable, whole
from .common import drop_field as _drop  # (the name `validate` calls)
from .own_cells import summary, typed_cell
from .own_checks import check_formulas
from .own_guide import plan_details, read_guide
from .own_monthly import read_monthly
from .own_table import OwnTable, SheetRow, action_locations, find_sheet, read_table_sheet
from .parse import CellParseError, ErrorValue, error_value, parse_text
from .result import ReadResult

if TYPE_CHECKING:
    from ..xlsx.guard import Limits

__all__ = ["ReadResult", "WorkbookError", "read", "read_book"]

_UNSEEN: Any = object()
_ALSO = re.compile(r"\(also (\w+\[\d+\])\)")  # the first holder of a duplicate id
_PATH = re.compile(r"(\w+)\[(\d+)\](?:\.(.+))?$")


class _Reader:
    def __init__(self, path: Path, book: Book) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.book = book
        self.date1904 = self.book.date1904
        self.actual_rows: dict[int, SheetRow] = {}  # action index -> budget row of its actuals
        # (column type, choices) -> raw value (with its type unless text) -> model value
        self.parsed: dict[tuple[str, str | None], dict[Any, Any]] = {}
        self.tables: dict[str, OwnTable] = {}  # model list ("actions") -> table read from
        self.links: dict[int, int] = {}  # budget sheet row -> index of the action it shows
        self.budget_table: OwnTable | None = None
        self.lang: Lang = "fr"  # the workbook's (its dropdowns' labels, in refusals)

    def problem(
        self, code: ProblemCode, severity: str, sheet: str, cell: str, message: str | Message
    ) -> None:
        self.problems.append(Problem.of(severity, message, sheet=sheet, cell=cell, code=code))  # type: ignore[arg-type]

    # --- workbook level ---------------------------------------------------------------------
    def meta(self) -> dict[str, Any]:
        if META_SHEET not in self.book.sheetnames:
            raise WorkbookError(
                msg(
                    "{path}: no '{sheet}' sheet — not a workbook made by "
                    "xlplan (reading hand-made plan tables is not supported yet)",
                    path=self.path,
                    sheet=META_SHEET,
                )
            )
        meta: dict[Any, Any] = {
            row[0]: whole(row[1]) if len(row) > 1 else ""
            for row in self.book.sheet(META_SHEET).rows
            if row and row[0] != ""
        }
        if meta.get("format") != FORMAT_NAME:
            raise WorkbookError(
                msg(
                    "{path}: sheet '{sheet}' does not describe an xlplan "
                    "workbook (format {format!r})",
                    path=self.path,
                    sheet=META_SHEET,
                    format=meta.get("format"),
                )
            )
        version = meta.get("schema_version")
        if not isinstance(version, int) or version > WORKBOOK_SCHEMA_VERSION:
            raise WorkbookError(
                msg(
                    "{path}: workbook schema version {version!r}; this xlplan "
                    "reads versions up to {latest} — upgrade "
                    "xlplan",
                    path=self.path,
                    version=version,
                    latest=WORKBOOK_SCHEMA_VERSION,
                )
            )
        return meta

    def sheet(self, names: tuple[str, str]) -> str | None:
        return find_sheet(self.book, names)

    # --- tables -----------------------------------------------------------------------------
    def table(self, spec: SheetSpec, *, required: bool = True) -> OwnTable | None:
        return read_table_sheet(self.book, spec, self.problem, required=required)

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
                    and (name == col.field or name.startswith((col.field + ".", col.field + "[")))
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
                found = from_cell(col, raw, date1904=self.date1904, escaped=False, lang=self.lang)
            except CellParseError as exc:
                found = exc
            if type(found) is list:
                # A tuple, shared by the rows that repeat the text: no list per row for the
                # collector to track while the plan is read (the model makes its own list).
                found = tuple(found)
            if len(cache) < 20_000:
                cache[key] = found
        return found

    def items(self, table: OwnTable | None, kind: str) -> list[dict[str, Any]]:
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
                    if value is _UNSEEN:
                        value = self.parse(col, raw)
                    got = type(value)
                    if value is None or got is CellParseError or (got is tuple and not value):
                        if got is CellParseError:
                            self.problem(
                                unreadable(value),
                                "error",
                                table.sheet,
                                table.cell(col.key, row),
                                value.localized,
                            )
                        continue
                    if col.type == "percent" or type(raw) is str:
                        said = typed_cell(col, raw, value, self.lang)
                        if said is not None:
                            ref = table.cell(col.key, row)
                            self.problem(said[1], said[0], table.sheet, ref, said[2])
                            if said[0] == "error":
                                continue
                if tail:
                    sub = data.get(head)
                    if sub is None:
                        sub = data[head] = {}
                    sub[tail] = value
                else:
                    data[head] = value
            if row.extra:
                data["extra"] = {k: extra_value(v, as_typed=True) for k, v in row.extra.items()}
                for name, raw in row.extra.items():
                    if (code := error_value(raw)) is not None:
                        self.problem(
                            ProblemCode.ERROR_VALUE,
                            "warning",
                            table.sheet,
                            f"{col_letter(table.extras[name])}{row.number}",
                            msg(
                                "{name}: the error value {code} is kept as text in the action's "
                                "extra columns",
                                name=name,
                                code=code,
                            ),
                        )
            out.append(data)
        return out

    # --- the plan ---------------------------------------------------------------------------
    def read(self) -> ReadResult:
        meta = self.meta()
        self.lang = "en" if meta.get("language") == "en" else "fr"
        # Version 1 keeps actual spend in budget tracking; version 2 on the plan's rows.
        version_1 = meta["schema_version"] < 2
        sheets = sheets_of(meta["schema_version"])
        budget = self.sheet((BUDGET_V1.fr, BUDGET_V1.en)) if version_1 else None
        if budget is not None:
            self.book.prefetch(budget)  # (parsed on another core while the rest is read)
        # The sheets read for their error values only, searched on another core meanwhile
        unread = ("timeline", "dashboard") if version_1 else ("timeline", "dashboard", "budget")
        self.book.scan_errors([n for k in unread if (n := self.sheet(SHEET_NAMES[k])) is not None])
        guide, guide_rows = read_guide(self.book, self.problem)
        plan_table = self.table(sheets["plan"])
        if plan_table is None:
            raise WorkbookError(
                msg(
                    "{path}: no action plan sheet ('Plan d'action' / 'Action "
                    "plan') with its header row",
                    path=self.path,
                )
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
        data |= plan_details(guide, guide_rows, self.book, self.path, self.problem)
        read_monthly(self.book, data, self.parse, self.problem, lambda p: self.where(p, ("", "")))
        self.add_missing_owners(data, plan_table)
        plan = self.validate(data)
        del data, actions  # (the rows' data, validated: no longer alive for the collector to walk)
        check_formulas(plan, plan_table, self.budget_table, self.links, self.problem)
        self.explained_by_text()
        self.error_cells()
        return ReadResult(plan, self.problems, action_locations(plan, plan_table))

    def explained_by_text(self) -> None:
        """A row total that leaves out an amount typed as text is not stale: the
        amount-as-text problem of that row already says why and what to do."""
        rows = {
            (p.sheet, p.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
            for p in self.problems
            if p.code is ProblemCode.AMOUNT_AS_TEXT
        }
        if rows:
            self.problems[:] = [
                p
                for p in self.problems
                if not (
                    p.code is ProblemCode.CACHED_VALUE_STALE
                    and (p.sheet, p.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) in rows
                )
            ]

    def error_cells(self) -> None:
        """Every error value shown anywhere (the dashboard, the timeline…) that no other
        problem names yet: the rest of the workbook is read all the same."""
        named = {(p.sheet, p.cell) for p in self.problems}
        for name in self.book.sheetnames:
            if name == META_SHEET:
                continue
            for ref, code in self.book.error_cells(name):
                if (name, ref) not in named:
                    self.problem(
                        ProblemCode.ERROR_VALUE,
                        "warning",
                        name,
                        ref,
                        msg(
                            "the cell shows the error value {code}: a formula refers to something "
                            "that is gone or cannot be computed; xlplan's figures are computed "
                            "from the typed cells",
                            code=code,
                        ),
                    )

    def actuals(self, actions: list[dict[str, Any]], plan_table: OwnTable) -> None:
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
            elif (shown_id := table.value(row, "id")) and not isinstance(shown_id, ErrorValue):
                index = by_id.get(parse_text(shown_id))
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
                        msg(
                            "actual spend {raw!r} on a row that is not linked to any action of the "
                            "action plan (was its action deleted?); type it on the action's row, "
                            "or clear it",
                            raw=raw,
                        ),
                    )
                    continue
                self.actual_rows[index] = row
                value = self.parse(col, raw)
                if isinstance(value, CellParseError):
                    self.problem(
                        unreadable(value),
                        "error",
                        table.sheet,
                        table.cell(col.key, row),
                        value.localized,
                    )
                elif value is not None:
                    actions[index].setdefault("actual", {})[q] = value

    def add_missing_owners(self, data: dict[str, Any], plan_table: OwnTable) -> None:
        """An owner typed in the action plan but not listed in the owners sheet is added."""
        known = {o.get("name") for o in data["owners"]}
        listed = [name for name in known if isinstance(name, str)]
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
                    unknown_reference(
                        msg(
                            "owner {name!r} is not listed in the owners sheet; added to the "
                            "plan's owners",
                            name=name,
                        ),
                        did_you_mean(name, sorted(listed)),
                    ),
                )

    def validate(self, data: dict[str, Any]) -> Plan:
        """Validate, turning breaches into problems at their cells and repairing what is safe."""
        from pydantic import ValidationError

        for _ in range(50):
            try:
                return Plan.model_validate(data)
            except ValidationError as exc:
                _thaw(data)  # (the items' lists are tuples until one of them must be edited)
                fixed = False
                found = problems_from(exc)
                for p in found:
                    sheet, cell = self.where(p.path, ("", p.path))
                    self.problem(p.code, "error", sheet, cell, p.localized or p.message)
                    if p.code is ProblemCode.ID_DUPLICATE and (first := _ALSO.search(p.message)):
                        where = self.where(f"{first[1]}.id", ("", ""))
                        self.problem(
                            p.code,
                            "error",
                            *where,
                            msg(
                                "{message} — see {sheet}!{cell}",
                                message=p.localized or p.message,
                                sheet=sheet,
                                cell=cell,
                            ),
                        )
                for path in deepest_first([p.path for p in found]):
                    fixed |= _drop(data, path) or drop_item(data, path)
                if not fixed:
                    raise WorkbookError(
                        msg(
                            "{path}: {problems}",
                            path=self.path,
                            problems=summary(self.problems[-3:]),
                        )
                    ) from None
        raise WorkbookError(msg("{path}: too many problems to read this workbook", path=self.path))


def _thaw(data: dict[str, Any]) -> None:
    """The tuples of the items' list fields (`_Reader.parse`) as lists, which can be edited."""
    for items in data.values():
        if type(items) is list:
            for item in items:
                if type(item) is dict:
                    for key, value in item.items():
                        if type(value) is tuple:
                            item[key] = list(value)


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
    if not path.exists():  # (a folder, pipe or device: the guard says which)
        raise WorkbookError(msg("{path}: no such file", path=path))
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
        from .handmade import read_table  # (imported for hand-made tables only: 5 ms)

        return read_table(path, book)
    return _Reader(path, book).read()
