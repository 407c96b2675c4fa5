"""The monthly budget sheet of xlplan's own workbooks (`layout.spec.MONTHLY`), when there is one.

Each row's months go to the action of its ID: the months are what people type, the action
plan's quarter cells only show their sums (`layout.formulas.from_monthly`), so an action's
quarters are taken from its months; an action plan quarter that says otherwise (typed over, or
a stored result out of date) is named in a problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..errors import ProblemCode
from ..i18n import msg
from ..layout.spec import monthly_spec
from ..model.enums import QUARTERS
from ..model.months import MONTHS_FIELD, quarter_sums
from ..xlsx.grid import Book
from .common import unreadable
from .own_table import OwnTable, read_table_sheet
from .parse import CellParseError

Report = Callable[[ProblemCode, str, str, str, Any], None]
_KINDS = (("planned", "budget", False), ("actual", "actual", True))


def read_monthly(
    book: Book,
    data: dict[str, Any],
    parse: Callable[[Any, Any], Any],
    report: Report,
    where: Callable[[str], tuple[str, str]],
) -> OwnTable | None:
    """Put the monthly budget's months into the actions of raw plan `data`, by ID.

    Args:
        book: the workbook.
        data: the plan read so far (its ``fiscal_year_start`` and ``actions``), changed in place.
        parse: a cell's model value for its column (`own._Reader.parse`).
        report: where problems go.
        where: the (sheet, cell) a field path was read from.

    Returns:
        The sheet's table, or None when the workbook has no monthly budget.
    """
    start = data.get("fiscal_year_start")
    spec = monthly_spec(start.month - 1 if isinstance(start, dt.date) else 0)
    table = read_table_sheet(book, spec, report, required=False)
    if table is None:
        return None
    actions = {str(a["id"]): (i, a) for i, a in enumerate(data["actions"]) if a.get("id")}
    seen: dict[str, str] = {}
    for row in table.rows:
        raw_id = table.value(row, "id")
        ident = str(raw_id).strip() if raw_id not in ("", None) else ""
        months = {
            kind: _months(table, row, kind, blank, parse, report) for kind, _, blank in _KINDS
        }
        typed = {kind: m for kind, m in months.items() if m is not None}
        id_cell = table.cell("id", row)
        if not ident:
            if typed:
                report(
                    ProblemCode.ROW_WITHOUT_ACTION,
                    "warning",
                    table.sheet,
                    id_cell,
                    msg("months typed on a row without an action ID: left out"),
                )
            continue
        if ident in seen:
            report(
                ProblemCode.ID_DUPLICATE,
                "error",
                table.sheet,
                id_cell,
                msg(
                    "action {ident!r} already has its months on row {first}: this row is left out",
                    ident=ident,
                    first=seen[ident],
                ),
            )
            continue
        seen[ident] = id_cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        found = actions.get(ident)
        if found is None:
            report(
                ProblemCode.REFERENCE_UNKNOWN,
                "warning",
                table.sheet,
                id_cell,
                msg(
                    "no action of the action plan has the ID {ident!r}: its months are left out",
                    ident=ident,
                ),
            )
            continue
        index, action = found
        for kind, field, blank in _KINDS:
            if kind in typed:
                _take(action, index, field, typed[kind], blank, report, where)
    return table


def _months(
    table: OwnTable, row: Any, kind: str, blank: bool, parse: Any, report: Report
) -> list[Any] | None:
    """A row's twelve months of `kind` (a month not typed: 0 planned, None actual), or None
    when none is typed."""
    out: list[Any] = []
    typed = False
    for m in range(1, 13):
        key = f"{kind}_m{m}"
        raw = table.value(row, key)
        value = None if raw in ("", None) else parse(table.spec.column(key), raw)
        if isinstance(value, CellParseError):
            report(unreadable(value), "error", table.sheet, table.cell(key, row), value.localized)
            value = None
        typed |= value is not None
        out.append(value if value is not None or blank else 0)
    return out if typed else None


def _take(
    action: dict[str, Any],
    index: int,
    field: str,
    months: list[Any],
    blank: bool,
    report: Report,
    where: Callable[[str], tuple[str, str]],
) -> None:
    """The action's `field` from its months; an action plan quarter saying otherwise is named."""
    shown = action.get(field) or {}
    for q, total in zip(QUARTERS, quarter_sums(months, blank=blank), strict=True):
        value = shown.get(q)
        if value != total and not (value is None and total == 0):
            sheet, cell = where(f"actions[{index}].{field}.{q}")
            report(
                ProblemCode.TOTAL_MISMATCH,
                "warning",
                sheet,
                cell,
                msg(
                    "{found} here, but the action's months on the monthly budget add up to "
                    "{total}: the months are kept",
                    found="—" if value is None else value,
                    total="—" if total is None else total,
                ),
            )
    action[field] = {MONTHS_FIELD: months}
