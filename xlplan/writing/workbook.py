"""Write a plan as a formula-driven workbook (xlsxwriter), following the layout spec.

This module orders the work: the guide, the table sheets (`tables`), the timeline, the
dashboard, the hidden ``_meta`` sheet, the defined names and the conditional formats. Every
formula is stored with the result xlplan computes for it (`layout.cached`), so viewers and tools
that do not recalculate still show the right numbers. User text is always written as text, never
as a formula. The same plan and as-of date give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .._version import __version__
from ..errors import PlanValidationError, Problem, ProblemCode
from ..i18n import msg
from ..layout import cached as calc
from ..layout.spec import (
    FORMAT_NAME,
    LIST_SOURCES,
    META_SHEET,
    SHEETS,
    WORKBOOK_SCHEMA_VERSION,
    Refs,
    capacities,
)
from ..layout.values import CellValue
from ..model.enums import Lang
from ..model.plan import Plan
from ..output import WORKBOOK, atomic_output
from ..xlsx.fastwrite import FastSheet
from ..xlsx.limits import LIMITS
from .common import BookWriter
from .dashboard import dashboard
from .guide import guide
from .monthly import has_months, monthly
from .tables import conditional_formats, table
from .timeline import timeline


def _meta(w: BookWriter) -> None:
    """The hidden sheet that identifies the workbook and its layout for the reader."""
    ws = w.wb.add_worksheet(META_SHEET)
    rows: list[tuple[str, CellValue]] = [
        ("format", FORMAT_NAME),
        ("schema_version", WORKBOOK_SCHEMA_VERSION),
        ("xlplan_version", __version__),
        ("plan_id", w.plan.id),
        ("plan_schema_version", w.plan.schema_version),
        ("language", w.lang),
        ("timeline", w.plan.timeline),
        ("capacity_actions", w.caps["actions"]),
        ("capacity_objectives", w.caps["objectives"]),
        ("capacity_kpis", w.caps["kpis"]),
        ("capacity_owners", w.caps["owners"]),
        ("extra_columns", len(w.extras)),
    ]
    for r, (key, value) in enumerate(rows):
        ws.write_string(r, 0, key)
        w.write_value(ws, r, 1, value, None)
    ws.hide()


def _defined_lists(w: BookWriter) -> None:
    refs = Refs(w.lang, w.caps)
    for name, (sheet_key, key) in LIST_SOURCES.items():
        w.wb.define_name(name, f"={refs.data_rng(sheet_key, key)}")


def write_workbook(
    plan: Plan,
    path: Path,
    lang: Lang,
    as_of: dt.date | None,
    *,
    sheet_class: type[Any] = FastSheet,
) -> None:
    """Write the workbook of `plan` to `path` (no checks on the path: see `build`).

    Args:
        plan: the plan to write.
        path: the file to write.
        lang: the workbook's language.
        as_of: the frozen as-of date, or None for ``=TODAY()``.
        sheet_class: the table sheets' worksheet class: `xlsx.fastwrite.FastSheet`, or its
            reference `xlsx.fastwrite.PlainSheet` (the byte-equality guard compares the two).

    Raises:
        PlanValidationError: an extra column of the action plan has a layout column's name.
    """
    caps = capacities(len(plan.actions), len(plan.objectives), len(plan.kpis), len(plan.owners))
    extras = _extra_keys(plan)
    _refuse_unreadable_size(plan, caps, len(extras))
    w = BookWriter(plan, path, lang, as_of, caps, extras, sheet_class)
    guide(w)
    table(w, SHEETS["plan"], plan.actions, calc.plan_row, w.extras)
    by_objective = calc.group_rows(plan.actions, "objective")
    table(w, SHEETS["objectives"], plan.objectives, lambda o: by_objective(o.id))
    table(w, SHEETS["kpis"], plan.kpis, lambda k: calc.kpi_row(k, w.elapsed, lang))
    table(w, SHEETS["budget"], plan.actions, lambda a: calc.budget_row(a, lang))
    monthly(w)  # (only for a plan with monthly figures)
    by_owner = calc.group_rows(plan.actions, "owner")
    table(w, SHEETS["owners"], plan.owners, lambda o: by_owner(o.name))
    timeline(w)
    dashboard(w)
    _meta(w)
    _defined_lists(w)
    conditional_formats(w)
    w.wb.close()


SHEET_OVERHEAD = 5_000
"""Cells outside the tables' rows (guide, dashboard, headers, totals, `_meta`): a bound."""


def workbook_cells(plan: Plan, caps: dict[str, int], n_extras: int) -> int:
    """An upper bound of the cells the plan's workbook holds: each table's prepared rows
    times its columns, the timeline's periods, and `SHEET_OVERHEAD`."""
    periods = 53 if plan.timeline == "weeks" else 12
    per_action = sum(len(SHEETS[k].columns) for k in ("plan", "budget", "timeline"))
    if any(has_months(a) for a in plan.actions):
        per_action += len(SHEETS["monthly"].columns)
    return (
        caps["actions"] * (per_action + n_extras + periods)
        + sum(caps[k] * len(SHEETS[k].columns) for k in ("objectives", "kpis", "owners"))
        + SHEET_OVERHEAD
    )


def _refuse_unreadable_size(plan: Plan, caps: dict[str, int], n_extras: int) -> None:
    """Refuse a plan whose workbook xlplan itself would refuse to read (`xlsx.limits`).

    Raises:
        PlanValidationError: the workbook would hold more cells than the reader accepts.
    """
    cells = workbook_cells(plan, caps, n_extras)
    limit = min(LIMITS.max_cells, LIMITS.max_area)
    if cells > limit:
        said = msg(
            "{actions:,} actions make a workbook of about {cells:,} cells, more "
            "than the {limit:,} xlplan reads back: split the plan in several",
            actions=len(plan.actions),
            cells=cells,
            limit=limit,
        )
        problem = Problem.of("error", said, path="actions", code=ProblemCode.FIELD_INVALID)
        raise PlanValidationError([plan.located(problem)])  # (the plan file's line, if read)


def _extra_keys(plan: Plan) -> list[str]:
    """User columns beyond the layout, in order of first appearance.

    Raises:
        PlanValidationError: a column's name is one of the layout's own headers (in either
            language, ignoring case and accents), which a re-import could not tell apart.
    """
    from ..reading.parse import normalize_header

    taken = {normalize_header(label) for c in SHEETS["plan"].columns for label in (c.fr, c.en)}
    seen: dict[str, None] = {}
    for i, action in enumerate(plan.actions):
        for key in action.extra:
            if normalize_header(key) in taken or not normalize_header(key):
                raise PlanValidationError(
                    [
                        Problem.of(
                            "error",
                            msg(
                                "extra column {key!r} has the name of one of the action "
                                "plan's own columns; rename it",
                                key=key,
                            ),
                            path=f"actions[{i}].extra",
                            code=ProblemCode.EXTRA_COLUMN_TAKEN,
                        )
                    ]
                )
            seen.setdefault(key, None)
    return list(seen)


def build(
    plan: Plan,
    path: str | Path,
    *,
    lang: Lang | None = None,
    as_of: dt.date | None = None,
    force: bool = False,
) -> Path:
    """Write the plan as an xlplan workbook.

    Args:
        plan: the plan to write.
        path: the ``.xlsx`` file to create.
        lang: "fr" or "en"; defaults to the plan's language.
        as_of: freezes the dashboard's as-of date (late actions, KPI status, the timeline's
            today marker) to this date. Without it the workbook keeps ``=TODAY()`` and stays
            live; its cached results are computed for today.
        force: replace `path` if it exists.

    Returns:
        The path written.

    Raises:
        OutputExistsError: `path` exists and `force` is false.
    """
    path = Path(path)
    with atomic_output(path, force=force, suffixes=WORKBOOK) as tmp:
        write_workbook(plan, tmp, lang or plan.language, as_of)
    return path
