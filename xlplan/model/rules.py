"""The plan's domain rules, with no Excel: how far into the fiscal year a date is, when an action
is late, how a KPI is doing, an action's main objective and the timeline's periods.

The workbook states each rule once more as a formula (`xlplan.layout.formulas`) and stores the
results computed here as the formulas' cached values (`xlplan.layout.cached`); the analysis uses
them directly. The tests check both against LibreOffice's recalculation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .enums import Direction, Status
from .plan import KPI, Action, Plan


def elapsed_share(plan: Plan, as_of: dt.date) -> float:
    """Share of the fiscal year elapsed on `as_of`, counting `as_of` itself, within 0..1.

    Args:
        plan: the plan (its fiscal year).
        as_of: the day the share is taken on.

    Returns:
        0 before the year starts, 1 from its last day on.
    """
    start, end = plan.fiscal_year_start, plan.fiscal_year_end
    return max(0.0, min(1.0, ((as_of - start).days + 1) / ((end - start).days + 1)))


def is_late(action: Action, as_of: dt.date) -> bool:
    """End date passed and neither done nor cancelled."""
    return (
        action.end is not None
        and action.end < as_of
        and action.status not in (Status.DONE, Status.CANCELLED)
    )


def main_objective(action: Action) -> str:
    """The action's main objective: the first one listed; "" if none."""
    return action.objectives[0] if action.objectives else ""


@dataclass(frozen=True)
class KpiValues:
    """How a KPI is doing (`kpi_values`)."""

    latest: Decimal | None
    gap: float | None
    attainment: float | None
    status: str  # "achieved", "on_track", "behind" or ""


def kpi_values(kpi: KPI, elapsed: float) -> KpiValues:
    """Latest actual, gap to target, attainment (direction-aware) and status of a KPI.

    Args:
        kpi: the KPI.
        elapsed: the share of the fiscal year elapsed (`elapsed_share`): a KPI whose attainment
            is at least this is on track.

    Returns:
        The KPI's values; None (and status "") where the KPI has no measure or no target.
    """
    latest, target, base = kpi.actual.latest(), kpi.target, kpi.baseline
    if latest is None or target is None:
        return KpiValues(latest, None, None, "")
    lower = kpi.direction is Direction.LOWER
    gap = float(latest) - float(target) if lower else float(target) - float(latest)
    attainment: float | None
    if base is not None and target != base:
        attainment = (float(latest) - float(base)) / (float(target) - float(base))
    elif lower:
        attainment = None if latest == 0 else float(target) / float(latest)
    else:
        attainment = None if target == 0 else float(latest) / float(target)
    if attainment is None:
        status = ""
    elif attainment >= 1:
        status = "achieved"
    else:
        status = "on_track" if attainment >= elapsed else "behind"
    return KpiValues(latest, gap, attainment, status)


def periods(plan: Plan) -> list[tuple[dt.date, dt.date]]:
    """The timeline's columns: months (or weeks) of the fiscal year, as (first, last) day."""
    if plan.timeline == "weeks":
        return [
            (
                plan.fiscal_year_start + dt.timedelta(weeks=i),
                plan.fiscal_year_start + dt.timedelta(weeks=i, days=6),
            )
            for i in range(53)
        ]
    starts = [*plan.month_starts(), plan.fiscal_year_end + dt.timedelta(days=1)]
    return [(starts[i], starts[i + 1] - dt.timedelta(days=1)) for i in range(12)]


def active(action: Action, first: dt.date, last: dt.date) -> bool:
    """Whether the action's bar covers the period [first, last]."""
    return (
        action.start is not None
        and action.end is not None
        and action.start <= last
        and action.end >= first
    )


def teams(plan: Plan) -> list[str]:
    """The plans (teams) of a company plan's actions, in order of first appearance, each once
    whatever its case (as SUMIFS and COUNTIFS compare text); [] for a single plan."""
    seen: dict[str, str] = {}
    for action in plan.actions:
        if action.team:
            seen.setdefault(action.team.casefold(), action.team)
    return list(seen.values())
