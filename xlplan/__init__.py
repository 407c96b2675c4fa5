"""xlplan: business action plans kept in Excel — build, re-import, check."""

from ._version import __version__
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
    "Recurrence",
    "Status",
    "TemplateNotFoundError",
    "XlplanError",
    "__version__",
    "dump_plan",
    "load_plan",
    "save_plan",
]
