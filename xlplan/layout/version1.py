"""Version 1 of the workbook layout, which the reader still knows: actual spend typed in budget
tracking, whose rows are linked to the action plan's by reference (`formulas.link`); the action
plan has no actual spend columns."""

from __future__ import annotations

from dataclasses import replace

from . import formulas as f
from .spec import BUDGET, PLAN, SHEETS, Column, SheetSpec

__all__ = ["BUDGET_V1", "PLAN_V1", "sheets_of"]


PLAN_V1 = SheetSpec(
    "plan",
    tuple(c for c in PLAN.columns if not c.key.startswith("actual_")),
    capacity="actions",
)
"""Version 1's action plan: no actual spend."""


def _v1(c: Column) -> Column:
    """A budget tracking column as version 1 had it."""
    if c.key in ("id", "title", "owner"):
        return replace(c, formula=f.link("plan", c.key))
    if c.key == "objective":
        return replace(c, formula=f.first_objective)
    if c.key.startswith("planned_q"):
        return replace(c, formula=f.link("plan", c.key.replace("planned", "budget")))
    if c.key.startswith("actual_q"):
        return replace(c, formula=None, field=f"actual.{c.key.removeprefix('actual_')}")
    return c


BUDGET_V1 = SheetSpec("budget", tuple(_v1(c) for c in BUDGET.columns), capacity="actions")
"""Version 1's budget tracking: rows linked to the plan's rows by reference (`formulas.link`),
actual spend typed here."""


def sheets_of(version: int) -> dict[str, SheetSpec]:
    """The table sheets of a workbook of schema `version` (1 or 2), by key.

    Args:
        version: the ``schema_version`` of the workbook's `META_SHEET`.

    Returns:
        `SHEETS`, or version 1's (`PLAN_V1`, `BUDGET_V1`).
    """
    return SHEETS if version >= 2 else SHEETS | {"plan": PLAN_V1, "budget": BUDGET_V1}
