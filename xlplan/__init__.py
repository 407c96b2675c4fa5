"""xlplan: business action plans kept in Excel — build, re-import, check."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from ._version import __version__

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from . import analysis
    from . import checks as _checks
    from .changes import Diff
from .errors import (
    OutputError,
    OutputExistsError,
    PlanFileError,
    PlanValidationError,
    Problem,
    ProblemCode,
    TemplateNotFoundError,
    XlplanError,
)

if TYPE_CHECKING:
    from .consolidation import Consolidation, ConsolidationError
    from .errors import WorkbookError
    from .model.enums import Direction, Frequency, Horizon, Recurrence, Status
    from .model.files import dump_plan, load_plan, save_plan
    from .model.plan import (
        KPI,
        Action,
        Envelope,
        Objective,
        Owner,
        Plan,
        QuarterActual,
        QuarterBudget,
        QuarterMeasure,
    )
    from .reading.own import ReadResult, read
    from .writing.workbook import build

# Heavy modules (pydantic, xlsxwriter, openpyxl, pandas) load on first use, so that
# `xlplan --help` and `xlplan --version` stay fast.
_LAZY = {
    **dict.fromkeys(
        [
            "KPI",
            "Action",
            "Envelope",
            "Objective",
            "Owner",
            "Plan",
            "QuarterActual",
            "QuarterBudget",
            "QuarterMeasure",
        ],
        ".model.plan",
    ),
    **dict.fromkeys(["Direction", "Frequency", "Horizon", "Recurrence", "Status"], ".model.enums"),
    **dict.fromkeys(["dump_plan", "load_plan", "save_plan"], ".model.files"),
    **dict.fromkeys(["ReadResult", "WorkbookError", "read"], ".reading.own"),
    "build": ".writing.workbook",
    **dict.fromkeys(["Consolidation", "ConsolidationError", "consolidate"], ".consolidation"),
}


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module 'xlplan' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    globals()[name] = value
    return value


def analyze(plan: Plan, as_of: datetime.date | None = None) -> analysis.Analysis:
    """Totals, overruns, KPI gaps, late actions and hygiene of a plan, as pandas DataFrames.

    See `xlplan.analysis.analyze`; pandas is imported on first use.
    """
    from .analysis import analyze as _analyze

    return _analyze(plan, as_of)


def diff(
    old: str | Path | Plan, new: str | Path | Plan, as_of: datetime.date | None = None
) -> Diff:
    """What changed from OLD to NEW, as `xlplan diff` shows it.

    Args:
        old: the earlier version: a workbook (xlplan's own or a hand-made plan table), a plan
            file (.yaml, .yml, .json) or a `Plan`.
        new: the later version, in any of these forms.
        as_of: the day lateness and KPI status are judged on (default: today).

    Returns:
        A `Diff` (`xlplan.changes.Diff`): `plan` and `items` (added, removed, changed field by
        field), `money` (totals per quarter before / after / delta, budget moved), `exit_code`,
        and the DataFrames `changes`, `totals` and `moves`.
    """
    from .changes import diff as _diff

    return _diff(old, new, as_of)


def check(
    paths: str | Path | Sequence[str | Path],
    *,
    as_of: datetime.date | None = None,
    max_overrun: str | None = None,
    warn_at: Sequence[float] | None = None,
    fail_on: Sequence[str] | None = None,
    jobs: int | None = None,
) -> _checks.CheckReport:
    """Check workbooks (files or folders) against budget rules, as `xlplan check` does.

    Args:
        paths: workbooks and folders of workbooks.
        as_of: the date late actions and KPIs are judged at (default: today).
        max_overrun: tolerated overrun per action and quarter, ``"30%"`` or ``"500"``.
        warn_at: budget-consumed percentages that raise warnings (default 80, 90, 100).
        fail_on: rules that fail the check (default overrun and envelope).
        jobs: worker processes (default: the number of CPUs).

    Returns:
        A `CheckReport`: `exit_code`, per-file results, and the DataFrames `overruns`,
        `totals`, `kpi_gaps` and `late_actions` of all files.
    """
    from decimal import Decimal

    from .checks import Thresholds
    from .checks import check as _run

    thresholds = Thresholds(
        max_overrun=max_overrun,
        warn_at=tuple(Decimal(str(w)) for w in warn_at) if warn_at else None,
        fail_on=tuple(fail_on) if fail_on else None,  # type: ignore[arg-type]
    )
    return _run(paths, as_of=as_of, thresholds=thresholds, jobs=jobs)


__all__ = [
    "KPI",
    "Action",
    "Consolidation",
    "ConsolidationError",
    "Direction",
    "Envelope",
    "Frequency",
    "Horizon",
    "Objective",
    "OutputError",
    "OutputExistsError",
    "Owner",
    "Plan",
    "PlanFileError",
    "PlanValidationError",
    "Problem",
    "ProblemCode",
    "QuarterActual",
    "QuarterBudget",
    "QuarterMeasure",
    "ReadResult",
    "Recurrence",
    "Status",
    "TemplateNotFoundError",
    "WorkbookError",
    "XlplanError",
    "__version__",
    "analyze",
    "build",
    "check",
    "consolidate",
    "diff",
    "dump_plan",
    "load_plan",
    "read",
    "save_plan",
]
