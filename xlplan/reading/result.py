"""What reading a workbook gives: the plan and every problem found, each with its sheet and cell."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Problem
from ..model.plan import Plan

__all__ = ["ReadResult"]


@dataclass
class ReadResult:
    """What `read` found: the plan (with actuals) and every problem, with sheet and cell."""

    plan: Plan
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]
