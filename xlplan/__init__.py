"""xlplan: business action plans kept in Excel — build, re-import, check."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from ._version import __version__

if TYPE_CHECKING:
    from . import analysis
from .errors import (
    OutputExistsError,
    PlanFileError,
    PlanValidationError,
    Problem,
    TemplateNotFoundError,
    XlplanError,
)
from .model import (
    KPI,
    Action,
    Direction,
    Envelope,
    Frequency,
    Horizon,
    Objective,
    Owner,
    Plan,
    QuarterActual,
    QuarterBudget,
    QuarterMeasure,
    Recurrence,
    Status,
)
from .planfile import dump_plan, load_plan, save_plan
from .reader import ReadResult, WorkbookError, read
from .writer import build


def analyze(plan: Plan, as_of: datetime.date | None = None) -> analysis.Analysis:
    """Totals, overruns, KPI gaps, late actions and hygiene of a plan, as pandas DataFrames.

    See `xlplan.analysis.analyze`; pandas is imported on first use.
    """
    from .analysis import analyze as _analyze

    return _analyze(plan, as_of)


__all__ = [
    "KPI",
    "Action",
    "Direction",
    "Envelope",
    "Frequency",
    "Horizon",
    "Objective",
    "OutputExistsError",
    "Owner",
    "Plan",
    "PlanFileError",
    "PlanValidationError",
    "Problem",
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
    "dump_plan",
    "load_plan",
    "read",
    "save_plan",
]
