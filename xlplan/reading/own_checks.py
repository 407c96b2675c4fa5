"""The computed cells of an xlplan workbook checked against xlplan's own recomputation: a
formula overwritten with a constant, or a cached result that differs (totals are never read from
cached results; this only tells people where their workbook disagrees)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from operator import itemgetter
from typing import Any

from ..errors import ProblemCode
from ..i18n import msg
from ..layout import cached as calc
from ..model.plan import Plan
from .own_table import OwnTable, Report, SheetRow
from .parse import ErrorValue

__all__ = ["check_formulas"]


def check_formulas(
    plan: Plan,
    plan_table: OwnTable,
    budget_table: OwnTable | None,
    links: dict[int, int],
    report: Report,
) -> None:
    """Report computed cells overwritten with constants, or whose cached result is wrong.

    Args:
        plan: the plan read, whose values xlplan recomputes.
        plan_table: the action plan sheet, its rows in the order of `plan.actions`.
        budget_table: the budget sheet, if any.
        links: budget sheet row -> index of the action it shows.
        report: where problems go.
    """
    actions = plan.actions
    # (Rows and their recomputed values are paired as they are compared, not listed first: a
    # list of pairs per action would be more objects alive for the collector to walk.)
    tables: list[tuple[OwnTable, tuple[str, ...], Iterator[tuple[SheetRow, tuple[Any, ...]]]]] = [
        (
            plan_table,
            calc.PLAN_KEYS,
            ((row, calc.plan_values(a)) for row, a in zip(plan_table.rows, actions, strict=False)),
        )
    ]
    if budget_table is not None:
        tables.append(
            (
                budget_table,
                calc.BUDGET_KEYS,
                (
                    (row, calc.budget_values(actions[i]))
                    for row in budget_table.rows
                    if (i := links.get(row.number, len(actions))) < len(actions)
                ),
            )
        )
    for table, all_keys, pairs in tables:
        keys = [k for k in table.computed if k in all_keys]
        if not keys:
            continue
        found = itemgetter(*(table.keys[k] for k in keys))
        expected = itemgetter(*(all_keys.index(k) for k in keys))
        for row, values in pairs:
            if not row.constants and found(row.values) == expected(values):
                continue  # every computed cell holds its formula and the right result
            _check_row(report, table, row, dict(zip(all_keys, values, strict=True)), keys)


def _check_row(
    report: Report, table: OwnTable, row: SheetRow, values: dict[str, Any], keys: list[str]
) -> None:
    """Report the computed cells of a row that hold a constant or a wrong result."""
    for key in keys:
        raw = table.formula(row, key)
        expected, cached = values[key], table.value(row, key)
        if raw == "" or raw is None:
            report(
                ProblemCode.FORMULA_MISSING,
                "warning",
                table.sheet,
                table.cell(key, row),
                msg(
                    "the computed cell is empty (a row inserted by hand?); xlplan computes "
                    "{expected}: copy the formulas from the row above, or run xlplan refresh",
                    expected=_show(expected),
                ),
            )
        elif not (isinstance(raw, str) and raw.startswith("=")):
            report(
                ProblemCode.FORMULA_OVERWRITTEN,
                "warning",
                table.sheet,
                table.cell(key, row),
                msg(
                    "computed cell overwritten with the constant {raw!r}; xlplan computes "
                    "{expected}",
                    raw=raw,
                    expected=_show(expected),
                ),
            )
        elif isinstance(cached, ErrorValue):
            report(
                ProblemCode.ERROR_VALUE,
                "warning",
                table.sheet,
                table.cell(key, row),
                msg(
                    "the cell shows the error value {cached}; xlplan computes {expected} from "
                    "the cells it could read",
                    cached=cached,
                    expected=_show(expected),
                ),
            )
        elif cached != expected and cached != "" and not _same(cached, expected):
            # ("": the file was saved by a tool that stores no results, e.g.
            # openpyxl; nothing disagrees, the totals are recomputed anyway.)
            report(
                ProblemCode.CACHED_VALUE_STALE,
                "warning",
                table.sheet,
                table.cell(key, row),
                msg(
                    "cached result {cached!r} differs from the recomputed {expected}; "
                    "recalculate the workbook",
                    cached=cached,
                    expected=_show(expected),
                ),
            )


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
