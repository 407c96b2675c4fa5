"""Every analysis of a plan on a date, in its two shapes.

`Figures` holds the tables as plain records, computed here without pandas: what `xlplan report`
and `xlplan check` render. `Analysis` holds them as pandas DataFrames, built from the records by
`xlplan.analysis.frames` for `xlplan.analyze`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..model.plan import Plan
from . import budget
from .planning_rules import hygiene
from .records import (
    ActionOverruns,
    ChannelGroup,
    HygieneBreach,
    KpiGap,
    LateAction,
    NotStarted,
    ObjectiveGroup,
    ObjectiveOverruns,
    Overrun,
    OwnerGroup,
    OwnerOverruns,
    Totals,
)
from .schedule import kpi_gaps, late_actions, not_started

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Figures:
    """Every table of `xlplan.analysis.Analysis` as a list of records, and its scalars.

    The field of each table has the name of the `Analysis` DataFrame it becomes.
    """

    as_of: dt.date
    totals: Totals
    planned_total: Decimal
    actual_total: Decimal
    envelope: Decimal | None
    remaining: Decimal
    consumed_pct: float | None
    envelope_overrun: Decimal | None
    by_objective: list[ObjectiveGroup]
    by_owner: list[OwnerGroup]
    by_channel: list[ChannelGroup]
    overruns: list[Overrun]
    overruns_by_action: list[ActionOverruns]
    overruns_by_objective: list[ObjectiveOverruns]
    overruns_by_owner: list[OwnerOverruns]
    kpi_gaps: list[KpiGap]
    late_actions: list[LateAction]
    not_started: list[NotStarted]
    hygiene: list[HygieneBreach]


def _day(as_of: object) -> dt.date:
    """`as_of` as a date: a date (a date-time's day), or its ISO text (``"2025-06-30"``).

    Raises:
        TypeError: anything else, or a text that is no ISO date.
    """
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if isinstance(as_of, dt.date):
        return as_of
    if isinstance(as_of, str):
        try:
            return dt.date.fromisoformat(as_of.strip())
        except ValueError:
            pass
    raise TypeError(
        f"as_of: expected a date, such as datetime.date(2025, 6, 30) or '2025-06-30'; "
        f"found {as_of!r}"
    )


def figures(plan: Plan, as_of: dt.date | str | None = None) -> Figures:
    """Run every analysis of the plan, without pandas.

    Args:
        plan: the plan.
        as_of: the date KPIs, lateness and starts are judged on (a date or its ISO text,
            ``"2025-06-30"``); today when None.

    Returns:
        Every table as records, and the scalar figures.

    Raises:
        TypeError: `as_of` is neither.
    """
    day = dt.date.today() if as_of is None else _day(as_of)
    sums = budget.sums(plan)  # (each sum once, not once per table)
    return Figures(
        as_of=day,
        totals=sums.totals,
        planned_total=sums.totals.planned.total,
        actual_total=sums.totals.actual.total,
        envelope=plan.envelope_total,
        remaining=budget.remaining(plan, sums),
        consumed_pct=budget.consumed_pct(plan, sums),
        envelope_overrun=budget.envelope_overrun(plan, sums),
        by_objective=budget.by_objective(plan, sums),
        by_owner=budget.by_owner(plan, sums),
        by_channel=budget.by_channel(plan, sums),
        overruns=budget.overruns(sums),
        overruns_by_action=budget.overruns_by_action(sums),
        overruns_by_objective=budget.overruns_by_objective(plan, sums),
        overruns_by_owner=budget.overruns_by_owner(sums),
        kpi_gaps=kpi_gaps(plan, day),
        late_actions=late_actions(plan, day),
        not_started=not_started(plan, day),
        hygiene=hygiene(plan, sums.planned),
    )


@dataclass(frozen=True, eq=False)
class Analysis:
    """Every analysis of a plan on a date; see the function of the same name for each table.

    Money in the tables is float (summed exactly as Decimal first); the scalar fields are Decimal.
    """

    as_of: dt.date
    totals: pd.DataFrame
    planned_total: Decimal
    actual_total: Decimal
    envelope: Decimal | None
    remaining: Decimal
    consumed_pct: float | None
    envelope_overrun: Decimal | None
    by_objective: pd.DataFrame
    by_owner: pd.DataFrame
    by_channel: pd.DataFrame
    overruns: pd.DataFrame
    overruns_by_action: pd.DataFrame
    overruns_by_objective: pd.DataFrame
    overruns_by_owner: pd.DataFrame
    kpi_gaps: pd.DataFrame
    late_actions: pd.DataFrame
    not_started: pd.DataFrame
    hygiene: pd.DataFrame
