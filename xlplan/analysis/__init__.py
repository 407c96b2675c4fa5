"""Analysis of a plan: budget totals, breakdowns, overruns, KPI gaps, late actions and hygiene.

Plain functions over the model; no I/O. The figures are computed as plain typed records
(`figures`, without pandas: what the command line renders), and turned into pandas DataFrames
at the edge, by the functions below and `analyze` (`frames`, the one module that imports
pandas, imported on first use). Whatever the workbook's formulas also compute comes from
`xlplan.layout.cached`, so this analysis and the workbook can never disagree.

Modules: `records` (the row of each table), `budget` (totals, breakdowns, overruns),
`schedule` (KPIs and dates), `planning_rules` (hygiene), `result` (everything at once, as
records or as DataFrames), `frames` (records to DataFrames).

Conventions of every table:

- Money is summed as `Decimal` (exact to the cent) and converted to ``float`` only when the
  DataFrame is built; the `Analysis` fields that are not tables (`remaining`, `envelope`, …) stay
  `Decimal`.
- Columns are fixed: an empty table still has them, with the same dtypes (text columns ``str``,
  money and percentages ``float64``, counts ``int64``, dates ``object`` holding `datetime.date`).
- A missing number (no baseline, no measure, a percentage of 0) is NaN; a missing text is "".
- Quarters are named ``"Q1"`` … ``"Q4"`` (fiscal quarters) whatever the plan's language; statuses
  and directions are the model's enum values (``"in_progress"``, ``"lower"``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from . import budget, planning_rules, schedule
from .planning_rules import HYGIENE_RULES
from .records import (
    PERIODS,
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
)
from .result import Analysis, Figures, figures

if TYPE_CHECKING:
    import pandas as pd

    from ..model.plan import Plan

__all__ = [
    "HYGIENE_RULES",
    "PERIODS",
    "Analysis",
    "Figures",
    "analyze",
    "by_channel",
    "by_objective",
    "by_owner",
    "consumed_pct",
    "envelope_overrun",
    "figures",
    "hygiene",
    "kpi_gaps",
    "late_actions",
    "not_started",
    "overruns",
    "overruns_by_action",
    "overruns_by_objective",
    "overruns_by_owner",
    "remaining",
    "totals",
]


# --- budget totals -------------------------------------------------------------------------------
def totals(plan: Plan) -> pd.DataFrame:
    """Planned, actual and variance per fiscal quarter and for the year, as on the dashboard.

    The variance is ``actual - planned`` over the action-quarters whose actual was entered (an
    empty actual is "not entered yet", not an underspend), like the workbook's dashboard.

    Args:
        plan: the plan.

    Returns:
        Index ``["planned", "actual", "variance"]``, columns ``["Q1", "Q2", "Q3", "Q4",
        "total"]``, float money summed exactly.
    """
    from .frames import totals_frame

    return totals_frame(budget.sums(plan).totals)


def remaining(plan: Plan) -> Decimal:
    """Money left to spend: envelope minus actual spend, or planned minus actual without envelope.

    Args:
        plan: the plan.

    Returns:
        The remaining amount (negative when overspent), as the dashboard's "Remaining" cell.
    """
    return budget.remaining(plan, budget.sums(plan))


def consumed_pct(plan: Plan) -> float | None:
    """Actual spend as a percentage of the envelope (of the planned total without envelope).

    Args:
        plan: the plan.

    Returns:
        E.g. ``14.4`` for 4 320 spent of a 30 000 envelope; None when the base is 0.
    """
    return budget.consumed_pct(plan, budget.sums(plan))


def envelope_overrun(plan: Plan) -> Decimal | None:
    """How much the planned budget exceeds the envelope.

    Args:
        plan: the plan.

    Returns:
        ``planned total - envelope`` when positive; None when within the envelope or without one.
    """
    return budget.envelope_overrun(plan, budget.sums(plan))


# --- breakdowns ----------------------------------------------------------------------------------
def by_objective(plan: Plan) -> pd.DataFrame:
    """Actions, planned and actual money per objective, each action on its MAIN objective.

    An action counts once, on the first objective it lists, like the workbook's "Objectives"
    sheet (COUNTIFS/SUMIFS over the budget sheet's main-objective column).

    Args:
        plan: the plan.

    Returns:
        Columns ``objective`` (id), ``title``, ``actions``, ``planned``, ``actual``: one row per
        objective in plan order, then a row with objective "" for actions without objective, if
        any.
    """
    from .frames import frame

    return frame(ObjectiveGroup, budget.by_objective(plan, budget.sums(plan)))


def by_owner(plan: Plan) -> pd.DataFrame:
    """Actions, planned and actual money per owner, like the workbook's "Owners" sheet.

    Args:
        plan: the plan.

    Returns:
        Columns ``owner``, ``actions``, ``planned``, ``actual``: one row per owner in plan order,
        then a row with owner "" for unassigned actions, if any.
    """
    from .frames import frame

    return frame(OwnerGroup, budget.by_owner(plan, budget.sums(plan)))


def by_channel(plan: Plan) -> pd.DataFrame:
    """Actions, planned and actual money per channel (the workbook has no such table).

    Channels are compared without regard to case or surrounding spaces, as spreadsheet lookups
    do; a group is shown with the first spelling met.

    Args:
        plan: the plan.

    Returns:
        Columns ``channel``, ``actions``, ``planned``, ``actual``: one row per channel in order of
        first appearance, the row "" (actions without channel) last.
    """
    from .frames import frame

    return frame(ChannelGroup, budget.by_channel(plan, budget.sums(plan)))


# --- overruns ------------------------------------------------------------------------------------
def overruns(plan: Plan) -> pd.DataFrame:
    """One row per action × quarter where the actual spend exceeds the planned amount.

    A quarter whose actual is not entered, or equal to or below the plan, gives no row; the row
    count is the dashboard's "Overruns (action × quarter)" figure.

    Args:
        plan: the plan.

    Returns:
        Columns ``action_id``, ``action`` (title), ``owner``, ``objective`` (main objective id),
        ``period`` ("Q1".."Q4"), ``planned``, ``actual``, ``overrun`` (actual - planned) and
        ``overrun_pct`` (overrun / planned × 100, NaN when planned is 0), in plan order.
    """
    from .frames import frame

    return frame(Overrun, budget.overruns(budget.sums(plan)))


def overruns_by_action(plan: Plan) -> pd.DataFrame:
    """The overrun rows summed per action.

    Args:
        plan: the plan.

    Returns:
        Columns ``action_id``, ``action``, ``owner``, ``objective``, then ``planned``, ``actual``
        and ``overrun`` summed over the action's overrun quarters and ``overrun_pct`` of those
        sums; largest overrun first.
    """
    from .frames import frame

    return frame(ActionOverruns, budget.overruns_by_action(budget.sums(plan)))


def overruns_by_objective(plan: Plan) -> pd.DataFrame:
    """The overrun rows summed per main objective.

    Args:
        plan: the plan.

    Returns:
        Columns ``objective`` (id, "" for actions without objective), ``title``, then ``planned``,
        ``actual``, ``overrun`` and ``overrun_pct`` as in `overruns_by_action`; largest first.
    """
    from .frames import frame

    return frame(ObjectiveOverruns, budget.overruns_by_objective(plan, budget.sums(plan)))


def overruns_by_owner(plan: Plan) -> pd.DataFrame:
    """The overrun rows summed per owner.

    Args:
        plan: the plan.

    Returns:
        Columns ``owner`` ("" for unassigned actions), then ``planned``, ``actual``, ``overrun``
        and ``overrun_pct`` as in `overruns_by_action`; largest first.
    """
    from .frames import frame

    return frame(OwnerOverruns, budget.overruns_by_owner(budget.sums(plan)))


# --- KPIs and schedule ---------------------------------------------------------------------------
def kpi_gaps(plan: Plan, as_of: dt.date) -> pd.DataFrame:
    """Where each KPI stands against its target on `as_of`, as the workbook's "KPIs" sheet.

    The status compares the attainment with the share of the fiscal year elapsed (the target
    prorated over the year): "achieved" from 100 %, "on_track" when at least the elapsed share,
    "behind" otherwise, "" when the KPI has no measure or no target (`rules.kpi_values`).

    Args:
        plan: the plan.
        as_of: the date the KPIs are judged on.

    Returns:
        Columns ``kpi`` (id), ``name``, ``objective`` (id or ""), ``unit``, ``direction``
        ("higher"/"lower"), ``baseline``, ``target``, ``actual`` (latest measured quarter),
        ``gap`` (to target, positive while short of it), ``attainment_pct`` (progress from
        baseline to target × 100), ``expected_pct`` (elapsed share × 100) and ``status``; a
        number that cannot be computed is NaN. One row per KPI, in plan order.
    """
    from .frames import frame

    return frame(KpiGap, schedule.kpi_gaps(plan, as_of))


def late_actions(plan: Plan, as_of: dt.date) -> pd.DataFrame:
    """Actions whose end date is before `as_of` and that are neither done nor cancelled.

    Args:
        plan: the plan.
        as_of: the date lateness is judged on (`rules.is_late`, as the dashboard counts it).

    Returns:
        Columns ``action_id``, ``action``, ``owner``, ``end`` (a date), ``status``, ``days_late``
        (days from the end date to `as_of`); most late first, ties in plan order.
    """
    from .frames import frame

    return frame(LateAction, schedule.late_actions(plan, as_of))


def not_started(plan: Plan, as_of: dt.date) -> pd.DataFrame:
    """Actions whose start date is before `as_of` but whose status is still "todo".

    Args:
        plan: the plan.
        as_of: the date the schedule is judged on.

    Returns:
        Columns ``action_id``, ``action``, ``owner``, ``start`` (a date), in plan order.
    """
    from .frames import frame

    return frame(NotStarted, schedule.not_started(plan, as_of))


# --- hygiene -------------------------------------------------------------------------------------
def hygiene(plan: Plan) -> pd.DataFrame:
    """Breaches of the planning rules of thumb (the plan is valid; these are advice).

    - ``action_without_objective``: every action serves an objective ("pas d'action sans
      objectif");
    - ``action_without_owner``: every action has someone responsible;
    - ``action_without_kpi``: every action is measured by a KPI;
    - ``action_without_budget``: the action plans no money at all — often fine (free actions),
      hence severity "warning";
    - ``objective_without_kpi``: no KPI is attached to the objective;
    - ``objective_without_deadline``: the objective has no deadline.

    Every action is checked, cancelled ones included.

    Args:
        plan: the plan.

    Returns:
        Columns ``rule``, ``severity`` ("error" for a broken rule, "warning" for a note),
        ``item_id`` (action or objective id) and ``message``; rules in the order above, items in
        plan order.
    """
    from .frames import frame

    planned = budget.sums(plan).planned
    return frame(HygieneBreach, planning_rules.hygiene(plan, planned))


# --- everything at once --------------------------------------------------------------------------
def analyze(plan: Plan, as_of: dt.date | str | None = None) -> Analysis:
    """Run every analysis of the plan.

    Args:
        plan: the plan.
        as_of: the date KPIs, lateness and starts are judged on (a date or its ISO text,
            ``"2025-06-30"``); today when None.

    Returns:
        An `Analysis` holding each table as a DataFrame, and each figure.
    """
    from .frames import analysis

    return analysis(figures(plan, as_of))
