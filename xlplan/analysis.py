"""Analysis of a plan: budget totals, breakdowns, overruns, KPI gaps, late actions and hygiene.

Plain functions over the model returning pandas DataFrames; no I/O. Whatever the workbook's
formulas also compute (KPI latest value, gap, attainment and status, the share of the year
elapsed, lateness, counts and sums by main objective or owner) comes from
`xlplan.layout.cached`, so this analysis and the workbook can never disagree.

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
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, NamedTuple

import numpy as np
import pandas as pd

from .layout import cached as calc
from .model import rules
from .model.enums import Status
from .model.plan import Action, Plan

__all__ = [
    "HYGIENE_RULES",
    "PERIODS",
    "Analysis",
    "analyze",
    "by_channel",
    "by_objective",
    "by_owner",
    "consumed_pct",
    "envelope_overrun",
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

PERIODS = ("Q1", "Q2", "Q3", "Q4")
"""Labels of the fiscal quarters in every table, whatever the plan's language."""

_Kind = Literal["text", "money", "number", "count", "date"]
_Row = tuple[object, ...]
_Schema = dict[str, _Kind]
_ZERO = Decimal(0)
_NAN = math.nan

# --- table schemas: column name -> kind, in column order -----------------------------------------
_GROUP: _Schema = {"actions": "count", "planned": "money", "actual": "money"}
_BY_OBJECTIVE: _Schema = {"objective": "text", "title": "text", **_GROUP}
_BY_OWNER: _Schema = {"owner": "text", **_GROUP}
_BY_CHANNEL: _Schema = {"channel": "text", **_GROUP}
_SUMS: _Schema = {
    "planned": "money",
    "actual": "money",
    "overrun": "money",
    "overrun_pct": "number",
}
_OVERRUNS: _Schema = {
    "action_id": "text",
    "action": "text",
    "owner": "text",
    "objective": "text",
    "period": "text",
    **_SUMS,
}
_OVERRUNS_BY_ACTION: _Schema = {
    "action_id": "text",
    "action": "text",
    "owner": "text",
    "objective": "text",
    **_SUMS,
}
_OVERRUNS_BY_OBJECTIVE: _Schema = {"objective": "text", "title": "text", **_SUMS}
_OVERRUNS_BY_OWNER: _Schema = {"owner": "text", **_SUMS}
_KPI_GAPS: _Schema = {
    "kpi": "text",
    "name": "text",
    "objective": "text",
    "unit": "text",
    "direction": "text",
    "baseline": "number",
    "target": "number",
    "actual": "number",
    "gap": "number",
    "attainment_pct": "number",
    "expected_pct": "number",
    "status": "text",
}
_LATE_ACTIONS: _Schema = {
    "action_id": "text",
    "action": "text",
    "owner": "text",
    "end": "date",
    "status": "text",
    "days_late": "count",
}
_NOT_STARTED: _Schema = {"action_id": "text", "action": "text", "owner": "text", "start": "date"}
_HYGIENE: _Schema = {"rule": "text", "severity": "text", "item_id": "text", "message": "text"}


def _frame(schema: _Schema, rows: Sequence[_Row]) -> pd.DataFrame:
    """A DataFrame with exactly the schema's columns and dtypes, even without rows.

    Each column is made as an array of its dtype first: pandas then takes the arrays as they are
    (five times faster than letting it infer and convert a Series per column)."""
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(schema)
    return pd.DataFrame(
        {
            name: _ARRAYS[kind](values)
            for (name, kind), values in zip(schema.items(), columns, strict=True)
        },
        index=pd.RangeIndex(len(rows)),
        copy=False,
    )


def _objects(values: Sequence[object]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


_STR = pd.api.types.pandas_dtype("str")  # (looked up once: pandas' registry is slow)
_ARRAYS: dict[_Kind, Callable[[Sequence[object]], Any]] = {
    "text": lambda values: pd.array(list(values), dtype=_STR),  # type: ignore[arg-type]
    "money": lambda values: np.array(values, dtype=np.float64),
    "number": lambda values: np.array(values, dtype=np.float64),
    "count": lambda values: np.array(values, dtype=np.int64),
    "date": _objects,
}


def _money(value: Decimal) -> float:
    return float(value)


def _number(value: Decimal | float | None) -> float:
    return _NAN if value is None else float(value)


def _pct(part: Decimal, whole: Decimal) -> float | None:
    """``part / whole * 100`` computed exactly, or None when `whole` is 0."""
    return None if whole == 0 else float(part * 100 / whole)


def _main_objective(action: Action) -> str:
    """The action's main objective (the first listed), as the workbook counts it; "" if none."""
    return action.objectives[0] if action.objectives else ""


# --- budget totals -------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Totals:
    planned: list[Decimal]
    actual: list[Decimal]
    variance: list[Decimal]
    per_action: list[tuple[Decimal, Decimal]]  # planned and actual total of each action
    overruns: list[_Overrun]  # every action-quarter whose entered actual exceeds the plan


class _Overrun(NamedTuple):
    action: Action
    period: str
    planned: Decimal
    actual: Decimal


def _totals(plan: Plan) -> _Totals:
    """Per-quarter sums, exact (the same figures as `calc.dashboard`, which sums floats); each
    action's totals; the overruns: one pass over the actions for all of them."""
    planned = [_ZERO] * 4
    actual = [_ZERO] * 4
    variance = [_ZERO] * 4
    per_action = []
    overruns = []
    for action in plan.actions:
        budget, spent = action.budget, action.actual
        quarter = (budget.q1, budget.q2, budget.q3, budget.q4)
        planned_total = quarter[0] + quarter[1] + quarter[2] + quarter[3]
        actual_total = _ZERO
        for i, x in enumerate((spent.q1, spent.q2, spent.q3, spent.q4)):
            planned[i] += quarter[i]
            if x is not None:
                p = quarter[i]
                actual[i] += x
                actual_total += x
                variance[i] += x - p
                if x > p:
                    overruns.append(_Overrun(action, PERIODS[i], p, x))
        per_action.append((planned_total, actual_total))
    return _Totals(planned, actual, variance, per_action, overruns)


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
    return _totals_frame(_totals(plan))


def _totals_frame(t: _Totals) -> pd.DataFrame:
    rows = [
        [_money(v) for v in (*values, sum(values, _ZERO))]
        for values in (t.planned, t.actual, t.variance)
    ]
    return pd.DataFrame(
        rows,
        index=pd.Index(["planned", "actual", "variance"]),
        columns=pd.Index([*PERIODS, "total"]),
        dtype="float64",
    )


def remaining(plan: Plan) -> Decimal:
    """Money left to spend: envelope minus actual spend, or planned minus actual without envelope.

    Args:
        plan: the plan.

    Returns:
        The remaining amount (negative when overspent), as the dashboard's "Remaining" cell.
    """
    return _remaining(plan, _totals(plan))


def _remaining(plan: Plan, t: _Totals) -> Decimal:
    envelope = plan.envelope_total
    base = sum(t.planned, _ZERO) if envelope is None else envelope
    return base - sum(t.actual, _ZERO)


def consumed_pct(plan: Plan) -> float | None:
    """Actual spend as a percentage of the envelope (of the planned total without envelope).

    Args:
        plan: the plan.

    Returns:
        E.g. ``14.4`` for 4 320 spent of a 30 000 envelope; None when the base is 0.
    """
    return _consumed_pct(plan, _totals(plan))


def _consumed_pct(plan: Plan, t: _Totals) -> float | None:
    envelope = plan.envelope_total
    base = sum(t.planned, _ZERO) if envelope is None else envelope
    return _pct(sum(t.actual, _ZERO), base)


def envelope_overrun(plan: Plan) -> Decimal | None:
    """How much the planned budget exceeds the envelope.

    Args:
        plan: the plan.

    Returns:
        ``planned total - envelope`` when positive; None when within the envelope or without one.
    """
    return _envelope_overrun(plan, _totals(plan))


def _envelope_overrun(plan: Plan, t: _Totals) -> Decimal | None:
    envelope = plan.envelope_total
    if envelope is None:
        return None
    excess = sum(t.planned, _ZERO) - envelope
    return excess if excess > 0 else None


# --- breakdowns ----------------------------------------------------------------------------------
def _groups(
    plan: Plan, key: Literal["objective", "owner"], t: _Totals
) -> Callable[[str], tuple[int, float, float]]:
    """Count, planned and actual of the actions whose main objective (or owner) is a name."""
    row = calc.group_rows(plan.actions, key, t.per_action)

    def group(name: str) -> tuple[int, float, float]:
        g = row(name)
        return int(g["actions"]), float(g["planned"]), float(g["actual"])

    return group


def _with_unassigned(known: list[str], used: Iterable[str]) -> list[str]:
    """`known` names, then names used but unknown, then "" if something is unassigned."""
    names = list(known)
    seen = list(dict.fromkeys(used))
    names += [name for name in seen if name and name not in names]
    if "" in seen:
        names.append("")
    return names


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
    return _by_objective(plan, _totals(plan))


def _by_objective(plan: Plan, t: _Totals) -> pd.DataFrame:
    titles = {o.id: o.title for o in plan.objectives}
    names = _with_unassigned(list(titles), (_main_objective(a) for a in plan.actions))
    group = _groups(plan, "objective", t)
    rows = [(name, titles.get(name, ""), *group(name)) for name in names]
    return _frame(_BY_OBJECTIVE, rows)


def by_owner(plan: Plan) -> pd.DataFrame:
    """Actions, planned and actual money per owner, like the workbook's "Owners" sheet.

    Args:
        plan: the plan.

    Returns:
        Columns ``owner``, ``actions``, ``planned``, ``actual``: one row per owner in plan order,
        then a row with owner "" for unassigned actions, if any.
    """
    return _by_owner(plan, _totals(plan))


def _by_owner(plan: Plan, t: _Totals) -> pd.DataFrame:
    names = _with_unassigned([o.name for o in plan.owners], (a.owner or "" for a in plan.actions))
    group = _groups(plan, "owner", t)
    return _frame(_BY_OWNER, [(name, *group(name)) for name in names])


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
    return _by_channel(plan, _totals(plan))


def _by_channel(plan: Plan, t: _Totals) -> pd.DataFrame:
    groups: dict[str, list[Any]] = {}  # folded channel -> [channel, count, planned, actual]
    for action, (planned, actual) in zip(plan.actions, t.per_action, strict=True):
        channel = action.channel.strip()
        group = groups.get(channel.casefold())
        if group is None:
            groups[channel.casefold()] = [channel, 1, planned, actual]
        else:
            group[1] += 1
            group[2] += planned
            group[3] += actual
    ordered = sorted(groups.values(), key=lambda g: g[0] == "")
    rows = [(channel, n, _money(p), _money(x)) for channel, n, p, x in ordered]
    return _frame(_BY_CHANNEL, rows)


# --- overruns ------------------------------------------------------------------------------------
def _overruns(plan: Plan) -> list[_Overrun]:
    """Every action-quarter whose entered actual exceeds its planned amount, in plan order."""
    return _totals(plan).overruns


def _sums(planned: Decimal, actual: Decimal) -> _Row:
    """Planned, actual, overrun and overrun % (`_pct`, NaN when nothing was planned)."""
    overrun = actual - planned
    return (_money(planned), _money(actual), _money(overrun), _number(_pct(overrun, planned)))


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
    return _overruns_frame(_overruns(plan))


def _overruns_frame(items: list[_Overrun]) -> pd.DataFrame:
    rows = [
        (
            a.id,
            a.title,
            a.owner or "",
            _main_objective(a),
            period,
            *_sums(planned, actual),
        )
        for a, period, planned, actual in items
    ]
    return _frame(_OVERRUNS, rows)


def _overruns_by(
    items: list[_Overrun], schema: _Schema, key: Callable[[Action], tuple[str, ...]]
) -> pd.DataFrame:
    """The overrun rows summed per `key` of their action (each action's summed first: its
    overruns share its key), largest overrun first (ties in plan order)."""
    per_action: dict[int, list[Any]] = {}  # id(action) -> [action, planned, actual]
    for action, _, planned, actual in items:
        group = per_action.get(id(action))
        if group is None:
            per_action[id(action)] = [action, planned, actual]
        else:
            group[1] += planned
            group[2] += actual
    groups: dict[tuple[str, ...], tuple[Decimal, Decimal]] = {}  # key -> planned, actual
    for action, planned, actual in per_action.values():
        k = key(action)
        if k in groups:
            p, x = groups[k]
            groups[k] = (p + planned, x + actual)
        else:
            groups[k] = (planned, actual)
    ordered = sorted(groups.items(), key=lambda g: g[1][0] - g[1][1])  # -(actual - planned)
    return _frame(schema, [(*k, *_sums(planned, actual)) for k, (planned, actual) in ordered])


def overruns_by_action(plan: Plan) -> pd.DataFrame:
    """The overrun rows summed per action.

    Args:
        plan: the plan.

    Returns:
        Columns ``action_id``, ``action``, ``owner``, ``objective``, then ``planned``, ``actual``
        and ``overrun`` summed over the action's overrun quarters and ``overrun_pct`` of those
        sums; largest overrun first.
    """
    return _overruns_by(_overruns(plan), _OVERRUNS_BY_ACTION, _action_key)


def _action_key(a: Action) -> tuple[str, ...]:
    return (a.id, a.title, a.owner or "", _main_objective(a))


def overruns_by_objective(plan: Plan) -> pd.DataFrame:
    """The overrun rows summed per main objective.

    Args:
        plan: the plan.

    Returns:
        Columns ``objective`` (id, "" for actions without objective), ``title``, then ``planned``,
        ``actual``, ``overrun`` and ``overrun_pct`` as in `overruns_by_action`; largest first.
    """
    return _overruns_by(_overruns(plan), _OVERRUNS_BY_OBJECTIVE, _objective_key(plan))


def _objective_key(plan: Plan) -> Callable[[Action], tuple[str, ...]]:
    titles = {o.id: o.title for o in plan.objectives}

    def key(action: Action) -> tuple[str, str]:
        main = _main_objective(action)
        return main, titles.get(main, "")

    return key


def overruns_by_owner(plan: Plan) -> pd.DataFrame:
    """The overrun rows summed per owner.

    Args:
        plan: the plan.

    Returns:
        Columns ``owner`` ("" for unassigned actions), then ``planned``, ``actual``, ``overrun``
        and ``overrun_pct`` as in `overruns_by_action`; largest first.
    """
    return _overruns_by(_overruns(plan), _OVERRUNS_BY_OWNER, _owner_key)


def _owner_key(a: Action) -> tuple[str, ...]:
    return (a.owner or "",)


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
    elapsed = rules.elapsed_share(plan, as_of)
    rows: list[_Row] = []
    for kpi in plan.kpis:
        v = rules.kpi_values(kpi, elapsed)
        rows.append(
            (
                kpi.id,
                kpi.name,
                kpi.objective or "",
                kpi.unit,
                kpi.direction.value,
                _number(kpi.baseline),
                _number(kpi.target),
                _number(v.latest),
                _number(v.gap),
                _NAN if v.attainment is None else v.attainment * 100,
                elapsed * 100,
                v.status,
            )
        )
    return _frame(_KPI_GAPS, rows)


def late_actions(plan: Plan, as_of: dt.date) -> pd.DataFrame:
    """Actions whose end date is before `as_of` and that are neither done nor cancelled.

    Args:
        plan: the plan.
        as_of: the date lateness is judged on (`rules.is_late`, as the dashboard counts it).

    Returns:
        Columns ``action_id``, ``action``, ``owner``, ``end`` (a date), ``status``, ``days_late``
        (days from the end date to `as_of`); most late first, ties in plan order.
    """
    late = [
        (a, a.end, (as_of - a.end).days)
        for a in plan.actions
        if rules.is_late(a, as_of) and a.end is not None
    ]
    late.sort(key=lambda item: -item[2])
    rows = [(a.id, a.title, a.owner or "", end, a.status.value, days) for a, end, days in late]
    return _frame(_LATE_ACTIONS, rows)


def not_started(plan: Plan, as_of: dt.date) -> pd.DataFrame:
    """Actions whose start date is before `as_of` but whose status is still "todo".

    Args:
        plan: the plan.
        as_of: the date the schedule is judged on.

    Returns:
        Columns ``action_id``, ``action``, ``owner``, ``start`` (a date), in plan order.
    """
    rows: list[_Row] = [
        (a.id, a.title, a.owner or "", a.start)
        for a in plan.actions
        if a.start is not None and a.start < as_of and a.status is Status.TODO
    ]
    return _frame(_NOT_STARTED, rows)


# --- hygiene -------------------------------------------------------------------------------------
HYGIENE_RULES: dict[str, str] = {
    "action_without_objective": "error",
    "action_without_owner": "error",
    "action_without_kpi": "error",
    "action_without_budget": "warning",
    "objective_without_kpi": "error",
    "objective_without_deadline": "error",
}
"""The planning rules checked by `hygiene`, with their severity, in reporting order."""


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
    return _hygiene(plan, _totals(plan))


def _hygiene(plan: Plan, t: _Totals) -> pd.DataFrame:
    measured = {k.objective for k in plan.kpis if k.objective}
    found: dict[str, list[tuple[str, str]]] = {rule: [] for rule in HYGIENE_RULES}
    for a, (planned, _) in zip(plan.actions, t.per_action, strict=True):
        what = f"action {a.id} “{a.title}”"
        if not a.objectives:
            found["action_without_objective"].append((a.id, f"{what} serves no objective"))
        if not a.owner:
            found["action_without_owner"].append((a.id, f"{what} has no owner"))
        if not a.kpis:
            found["action_without_kpi"].append((a.id, f"{what} is measured by no KPI"))
        if planned == 0:
            found["action_without_budget"].append((a.id, f"{what} has no planned budget"))
    for o in plan.objectives:
        what = f"objective {o.id} “{o.title}”"
        if o.id not in measured:
            found["objective_without_kpi"].append((o.id, f"{what} has no KPI"))
        if o.deadline is None:
            found["objective_without_deadline"].append((o.id, f"{what} has no deadline"))
    rows = [
        (rule, HYGIENE_RULES[rule], item, message)
        for rule, items in found.items()
        for item, message in items
    ]
    return _frame(_HYGIENE, rows)


# --- everything at once --------------------------------------------------------------------------
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


def analyze(plan: Plan, as_of: dt.date | None = None) -> Analysis:
    """Run every analysis of the plan.

    Args:
        plan: the plan.
        as_of: the date KPIs, lateness and starts are judged on; today when None.

    Returns:
        An `Analysis` holding each table and figure.
    """
    return _analyze(plan, dt.date.today() if as_of is None else as_of)


def _analyze(plan: Plan, day: dt.date) -> Analysis:
    t = _totals(plan)  # (each figure below once, not once per table)
    over = t.overruns
    return Analysis(
        as_of=day,
        totals=_totals_frame(t),
        planned_total=sum(t.planned, _ZERO),
        actual_total=sum(t.actual, _ZERO),
        envelope=plan.envelope_total,
        remaining=_remaining(plan, t),
        consumed_pct=_consumed_pct(plan, t),
        envelope_overrun=_envelope_overrun(plan, t),
        by_objective=_by_objective(plan, t),
        by_owner=_by_owner(plan, t),
        by_channel=_by_channel(plan, t),
        overruns=_overruns_frame(over),
        overruns_by_action=_overruns_by(over, _OVERRUNS_BY_ACTION, _action_key),
        overruns_by_objective=_overruns_by(over, _OVERRUNS_BY_OBJECTIVE, _objective_key(plan)),
        overruns_by_owner=_overruns_by(over, _OVERRUNS_BY_OWNER, _owner_key),
        kpi_gaps=kpi_gaps(plan, day),
        late_actions=late_actions(plan, day),
        not_started=not_started(plan, day),
        hygiene=_hygiene(plan, t),
    )
