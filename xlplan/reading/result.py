"""What reading a workbook gives: the plan and every problem found, each with its sheet and cell."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Problem
from ..model.plan import Plan

__all__ = ["ReadResult"]


@dataclass
class ReadResult:
    """What `read` found: the plan (with actuals) and every problem, with sheet and cell.

    `locations` says where each action was read: its id -> (sheet, cell of its ID, or of its
    action text when the row has no ID), for the actions whose row is known.
    """

    plan: Plan
    problems: list[Problem] = field(default_factory=list)
    locations: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]
