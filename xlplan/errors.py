"""Exceptions raised by xlplan, and the `Problem` record for findings that are not fatal.

Every exception derives from `XlplanError`; each precise subclass also derives from the built-in
exception it resembles, so callers can catch either. Messages name the file, the place in it
(field path, YAML line, sheet and cell), the value found and what was expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One finding about a plan or a workbook: where it is and what is wrong.

    Args:
        severity: "error" when the data cannot be used as is, "warning" when it is suspicious.
        message: a sentence a non-programmer can act on.
        path: field path in the plan model, e.g. ``actions[3].owner``.
        sheet: worksheet name, for workbook problems.
        cell: A1 reference, for workbook problems.
    """

    severity: Severity
    message: str
    path: str = ""
    sheet: str = ""
    cell: str = ""

    def __str__(self) -> str:
        where = f"{self.sheet}!{self.cell}" if self.sheet else self.path
        return f"{where}: {self.message}" if where else self.message


class XlplanError(Exception):
    """Base class of every error xlplan raises on purpose."""


class PlanValidationError(XlplanError, ValueError):
    """A plan breaks the model's rules; `problems` lists every breach, not just the first."""

    def __init__(self, problems: list[Problem], source: str = "") -> None:
        self.problems = problems
        self.source = source
        prefix = f"{source}: " if source else ""
        lines = [f"{prefix}{p}" for p in problems]
        super().__init__("\n".join(lines) if lines else f"{prefix}invalid plan")


class PlanFileError(XlplanError, ValueError):
    """A plan file cannot be read: missing, not YAML/JSON, or not a mapping."""


class OutputExistsError(XlplanError, FileExistsError):
    """The output file already exists and overwriting was not asked for."""


class TemplateNotFoundError(XlplanError, LookupError):
    """No starter template has the requested name."""


class WorkbookError(XlplanError, ValueError):
    """The workbook cannot be read as a plan at all."""
