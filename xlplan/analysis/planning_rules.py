"""The planning rules of thumb a valid plan may still break, as plain records."""

from __future__ import annotations

from decimal import Decimal

from ..model.plan import Plan
from .records import HygieneBreach

HYGIENE_RULES: dict[str, str] = {
    "action_without_objective": "error",
    "action_without_owner": "error",
    "action_without_kpi": "error",
    "action_without_budget": "warning",
    "objective_without_kpi": "error",
    "objective_without_deadline": "error",
}
"""The planning rules checked by `hygiene`, with their severity, in reporting order."""


def hygiene(plan: Plan, planned: list[Decimal]) -> list[HygieneBreach]:
    """Breaches of `HYGIENE_RULES` (see `xlplan.analysis.hygiene`), rules in their order, items
    in plan order.

    Args:
        plan: the plan.
        planned: each action's planned total, in plan order.

    Returns:
        One record per breach.
    """
    measured = {k.objective for k in plan.kpis if k.objective}
    found: dict[str, list[tuple[str, str]]] = {rule: [] for rule in HYGIENE_RULES}
    for a, total in zip(plan.actions, planned, strict=True):
        what = f"action {a.id} “{a.title}”"
        if not a.objectives:
            found["action_without_objective"].append((a.id, f"{what} serves no objective"))
        if not a.owner:
            found["action_without_owner"].append((a.id, f"{what} has no owner"))
        if not a.kpis:
            found["action_without_kpi"].append((a.id, f"{what} is measured by no KPI"))
        if total == 0:
            found["action_without_budget"].append((a.id, f"{what} has no planned budget"))
    for o in plan.objectives:
        what = f"objective {o.id} “{o.title}”"
        if o.id not in measured:
            found["objective_without_kpi"].append((o.id, f"{what} has no KPI"))
        if o.deadline is None:
            found["objective_without_deadline"].append((o.id, f"{what} has no deadline"))
    return [
        HygieneBreach(rule, HYGIENE_RULES[rule], item, message)
        for rule, items in found.items()
        for item, message in items
    ]
