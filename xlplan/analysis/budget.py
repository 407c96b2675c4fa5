"""Budget figures of a plan as plain records: totals, envelope, breakdowns and overruns.

Money is summed as `Decimal`, exact to the cent. The counts and sums per main objective or
owner come from `xlplan.layout.cached` (what the workbook's formulas compute), so this analysis
and the workbook can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, Literal, NamedTuple, TypeVar

from ..layout import cached as calc
from ..model.plan import Action, Plan
from ..model.rules import main_objective
from .records import (
    PERIODS,
    ActionOverruns,
    ChannelGroup,
    ObjectiveGroup,
    ObjectiveOverruns,
    Overrun,
    OwnerGroup,
    OwnerOverruns,
    Quarters,
    Totals,
)

_ZERO = Decimal(0)


def pct(part: Decimal, whole: Decimal) -> float | None:
    """``part / whole * 100`` computed exactly, or None when `whole` is 0."""
    return None if whole == 0 else float(part * 100 / whole)


class _ActionOverrun(NamedTuple):
    action: Action
    period: str
    planned: Decimal
    actual: Decimal


class Sums(NamedTuple):
    """Every budget sum of a plan, from one pass over its actions."""

    totals: Totals
    per_action: list[tuple[Decimal, Decimal]]  # planned and actual total of each action
    overruns: list[_ActionOverrun]  # every action-quarter whose entered actual exceeds the plan


def sums(plan: Plan) -> Sums:
    """Per-quarter sums, exact (the same figures as `calc.dashboard`, which sums floats); each
    action's totals; the overruns.

    Args:
        plan: the plan.

    Returns:
        The sums, for the other functions of this module.
    """
    planned = [_ZERO] * 4
    actual = [_ZERO] * 4
    variance = [_ZERO] * 4
    per_action = []
    overruns = []
    for action in plan.actions:
        budgeted, spent = action.budget, action.actual
        quarter = (budgeted.q1, budgeted.q2, budgeted.q3, budgeted.q4)
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
                    overruns.append(_ActionOverrun(action, PERIODS[i], p, x))
        per_action.append((planned_total, actual_total))
    totals = Totals(Quarters(*planned), Quarters(*actual), Quarters(*variance))
    return Sums(totals, per_action, overruns)


def _base(plan: Plan, sums: Sums) -> Decimal:
    """What spending is measured against: the envelope, else the planned total."""
    envelope = plan.envelope_total
    return sums.totals.planned.total if envelope is None else envelope


def remaining(plan: Plan, sums: Sums) -> Decimal:
    """Envelope (planned total without one) minus actual spend, as the dashboard's cell."""
    return _base(plan, sums) - sums.totals.actual.total


def consumed_pct(plan: Plan, sums: Sums) -> float | None:
    """Actual spend as a percentage of the envelope (of the planned total without one)."""
    return pct(sums.totals.actual.total, _base(plan, sums))


def envelope_overrun(plan: Plan, sums: Sums) -> Decimal | None:
    """``planned total - envelope`` when positive; None within the envelope or without one."""
    envelope = plan.envelope_total
    if envelope is None:
        return None
    excess = sums.totals.planned.total - envelope
    return excess if excess > 0 else None


# --- breakdowns ----------------------------------------------------------------------------------
def _groups(
    plan: Plan, key: Literal["objective", "owner"], sums: Sums
) -> Callable[[str], tuple[int, float, float]]:
    """Count, planned and actual of the actions whose main objective (or owner) is a name."""
    row = calc.group_rows(plan.actions, key, sums.per_action)

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


def by_objective(plan: Plan, sums: Sums) -> list[ObjectiveGroup]:
    """One group per objective in plan order, then "" for actions without one, if any."""
    titles = {o.id: o.title for o in plan.objectives}
    names = _with_unassigned(list(titles), (main_objective(a) for a in plan.actions))
    group = _groups(plan, "objective", sums)
    return [ObjectiveGroup(name, titles.get(name, ""), *group(name)) for name in names]


def by_owner(plan: Plan, sums: Sums) -> list[OwnerGroup]:
    """One group per owner in plan order, then "" for unassigned actions, if any."""
    names = _with_unassigned([o.name for o in plan.owners], (a.owner or "" for a in plan.actions))
    group = _groups(plan, "owner", sums)
    return [OwnerGroup(name, *group(name)) for name in names]


def by_channel(plan: Plan, sums: Sums) -> list[ChannelGroup]:
    """One group per channel (compared without case or surrounding spaces, shown as first
    spelt) in order of first appearance, "" last."""
    groups: dict[str, list[Any]] = {}  # folded channel -> [channel, count, planned, actual]
    for action, (planned, actual) in zip(plan.actions, sums.per_action, strict=True):
        channel = action.channel.strip()
        group = groups.get(channel.casefold())
        if group is None:
            groups[channel.casefold()] = [channel, 1, planned, actual]
        else:
            group[1] += 1
            group[2] += planned
            group[3] += actual
    ordered = sorted(groups.values(), key=lambda g: g[0] == "")
    return [ChannelGroup(channel, n, float(p), float(x)) for channel, n, p, x in ordered]


# --- overruns ------------------------------------------------------------------------------------
def overruns(sums: Sums) -> list[Overrun]:
    """Every action × quarter whose entered actual exceeds its plan, in plan order."""
    return [
        Overrun(a.id, a.title, a.owner or "", main_objective(a), period, *_sums(planned, actual))
        for a, period, planned, actual in sums.overruns
    ]


def _sums(planned: Decimal, actual: Decimal) -> tuple[Decimal, Decimal, Decimal, float | None]:
    """Planned, actual, overrun and overrun % (`pct`, None when nothing was planned)."""
    overrun = actual - planned
    return planned, actual, overrun, pct(overrun, planned)


_Summed = TypeVar("_Summed", ActionOverruns, ObjectiveOverruns, OwnerOverruns)


def _overruns_by(
    sums: Sums, record: Callable[..., _Summed], key: Callable[[Action], tuple[str, ...]]
) -> list[_Summed]:
    """The overruns summed per `key` of their action (each action's summed first: its
    overruns share its key), largest overrun first (ties in plan order)."""
    per_action: dict[int, list[Any]] = {}  # id(action) -> [action, planned, actual]
    for action, _, planned, actual in sums.overruns:
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
    return [record(*k, *_sums(planned, actual)) for k, (planned, actual) in ordered]


def overruns_by_action(sums: Sums) -> list[ActionOverruns]:
    """The overruns summed per action, largest first."""
    return _overruns_by(
        sums, ActionOverruns, lambda a: (a.id, a.title, a.owner or "", main_objective(a))
    )


def overruns_by_objective(plan: Plan, sums: Sums) -> list[ObjectiveOverruns]:
    """The overruns summed per main objective ("" for actions without one), largest first."""
    titles = {o.id: o.title for o in plan.objectives}

    def key(action: Action) -> tuple[str, str]:
        main = main_objective(action)
        return main, titles.get(main, "")

    return _overruns_by(sums, ObjectiveOverruns, key)


def overruns_by_owner(sums: Sums) -> list[OwnerOverruns]:
    """The overruns summed per owner ("" for unassigned actions), largest first."""
    return _overruns_by(sums, OwnerOverruns, lambda a: (a.owner or "",))
