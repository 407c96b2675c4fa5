"""KPIs and dates of a plan as plain records: KPI gaps, late actions, actions not started.

Whatever the workbook's formulas also compute (a KPI's latest value, gap, attainment and status,
the share of the year elapsed, lateness) comes from `xlplan.layout.cached`.
"""

from __future__ import annotations

import datetime as dt

from ..model import rules
from ..model.enums import Status
from ..model.plan import Plan
from .records import KpiGap, LateAction, NotStarted


def kpi_gaps(plan: Plan, as_of: dt.date) -> list[KpiGap]:
    """Where each KPI stands on `as_of`, in plan order (see `xlplan.analysis.kpi_gaps`).

    Args:
        plan: the plan.
        as_of: the date the KPIs are judged on.

    Returns:
        One record per KPI.
    """
    elapsed = rules.elapsed_share(plan, as_of)
    rows = []
    for kpi in plan.kpis:
        v = rules.kpi_values(kpi, elapsed)
        rows.append(
            KpiGap(
                kpi.id,
                kpi.name,
                kpi.objective or "",
                kpi.unit,
                kpi.direction.value,
                kpi.baseline,
                kpi.target,
                v.latest,
                v.gap,
                None if v.attainment is None else v.attainment * 100,
                elapsed * 100,
                v.status,
            )
        )
    return rows


def late_actions(plan: Plan, as_of: dt.date) -> list[LateAction]:
    """Actions ended before `as_of`, neither done nor cancelled (`rules.is_late`), most late
    first, ties in plan order.

    Args:
        plan: the plan.
        as_of: the date lateness is judged on.

    Returns:
        One record per late action.
    """
    late = [
        LateAction(a.id, a.title, a.owner or "", a.end, a.status.value, (as_of - a.end).days)
        for a in plan.actions
        if rules.is_late(a, as_of) and a.end is not None
    ]
    late.sort(key=lambda row: -row.days_late)
    return late


def not_started(plan: Plan, as_of: dt.date) -> list[NotStarted]:
    """Actions whose start date is before `as_of` but still "todo", in plan order.

    Args:
        plan: the plan.
        as_of: the date the schedule is judged on.

    Returns:
        One record per such action.
    """
    return [
        NotStarted(a.id, a.title, a.owner or "", a.start)
        for a in plan.actions
        if a.start is not None and a.start < as_of and a.status is Status.TODO
    ]
