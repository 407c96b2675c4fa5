"""The model's closed vocabularies: the language of a workbook, quarters and the enumerations of
a plan's fields (status, recurrence, frequency, horizon, KPI direction).

The labels people see for each value, in French and English, are in `xlplan.layout.labels`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

Lang = Literal["fr", "en"]
"""The language of a workbook's labels."""

QUARTERS = ("q1", "q2", "q3", "q4")
"""The fiscal quarters, as the model's field names."""


class Horizon(StrEnum):
    SHORT = "short"
    MEDIUM = "medium"
    LONG = "long"


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Status(StrEnum):
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class Recurrence(StrEnum):
    ONE_OFF = "one_off"
    RECURRING = "recurring"
    CONTINUOUS = "continuous"


class Frequency(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"
