"""Budget figures of a plan as plain records: totals, envelope, breakdowns and overruns.

Money is summed as `Decimal`, exact to the cent. The counts and sums per main objective or
owner come from `xlplan.layout.cached` (what the workbook's formulas compute), so this analysis
and the workbook can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, NamedTuple, TypeVar

from ..layout import cached as calc
from ..model.plan import Action, Plan
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


class Sums(NamedTuple):
    """Every budget sum of a plan, from one pass over each column of its actions (columns, not
    a record per action: tens of thousands of actions are summed without an object each)."""

    totals: Totals
    actions: list[Action]
    planned: list[Decimal]  # each action's planned total
    actual: list[Decimal]  # each action's actual total, over the quarters entered
    mains: list[str]  # each action's main objective, "" for none
    owners: list[str]  # each action's owner, "" for none
    overruns: list[tuple[int, int, Decimal, Decimal]]
    """Every action-quarter whose entered actual exceeds the plan, in plan order: (the action's
    index, the quarter's index, planned, actual)."""
    overrun_actions: list[tuple[int, Decimal, Decimal]]
    """The overruns summed per action: (the action's index, planned, actual), in plan order."""


def sums(plan: Plan) -> Sums:
    """Per-quarter sums, exact (the same figures as `calc.dashboard`, which sums floats); each
    action's totals; the overruns.

    Args:
        plan: the plan.

    Returns:
        The sums, for the other functions of this module.
    """
    actions = plan.actions
    budgets = [a.budget for a in actions]
    spent = [a.actual for a in actions]
    planned_q = [[b.q1 for b in budgets], [b.q2 for b in budgets]]
    planned_q += [[b.q3 for b in budgets], [b.q4 for b in budgets]]
    actual_q = [[x.q1 for x in spent], [x.q2 for x in spent]]
    actual_q += [[x.q3 for x in spent], [x.q4 for x in spent]]
    planned = [w + x + y + z for w, x, y, z in zip(*planned_q, strict=True)]
    actual = [_ZERO] * len(actions)
    variance = [_ZERO] * 4
    overruns: list[tuple[int, int, Decimal, Decimal]] = []
    for q, (budgeted, entered) in enumerate(zip(planned_q, actual_q, strict=True)):
        for i, x in enumerate(entered):
            if x is not None:
                p = budgeted[i]
                actual[i] += x
                variance[q] += x - p
                if x > p:
                    overruns.append((i, q, p, x))
    overruns.sort(key=_action_then_quarter)
    overrun_actions: list[tuple[int, Decimal, Decimal]] = []
    last = -1
    for i, _, p, x in overruns:  # (in plan order: an action's are together)
        if i == last:
            _, summed_p, summed_x = overrun_actions[-1]
            overrun_actions[-1] = (i, summed_p + p, summed_x + x)
        else:
            overrun_actions.append((i, p, x))
            last = i
    totals = Totals(
        Quarters(*(sum(column, _ZERO) for column in planned_q)),
        Quarters(*(sum((x for x in column if x is not None), _ZERO) for column in actual_q)),
        Quarters(*variance),
    )
    mains, owners = calc.names_of(actions, "objective"), calc.names_of(actions, "owner")
    return Sums(totals, actions, planned, actual, mains, owners, overruns, overrun_actions)


def _action_then_quarter(overrun: tuple[int, int, Decimal, Decimal]) -> int:
    return overrun[0] * 4 + overrun[1]


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
    names = _with_unassigned(list(titles), sums.mains)
    group = calc.group_sums(sums.mains, sums.planned, sums.actual)
    return [ObjectiveGroup(name, titles.get(name, ""), *_counted(group(name))) for name in names]


def by_owner(plan: Plan, sums: Sums) -> list[OwnerGroup]:
    """One group per owner in plan order, then "" for unassigned actions, if any."""
    names = _with_unassigned([o.name for o in plan.owners], sums.owners)
    group = calc.group_sums(sums.owners, sums.planned, sums.actual)
    return [OwnerGroup(name, *_counted(group(name))) for name in names]


def _counted(row: dict[str, Any]) -> tuple[int, float, float]:
    """A group's count, planned and actual (`calc.group_sums`)."""
    return int(row["actions"]), float(row["planned"]), float(row["actual"])


def by_channel(plan: Plan, sums: Sums) -> list[ChannelGroup]:
    """One group per channel (compared without case or surrounding spaces, shown as first
    spelt) in order of first appearance, "" last."""
    groups: dict[str, list[Any]] = {}  # folded channel -> [channel, count, planned, actual]
    for action, planned, actual in zip(sums.actions, sums.planned, sums.actual, strict=True):
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
    actions, owners, mains = sums.actions, sums.owners, sums.mains
    rows = []
    for i, q, planned, actual in sums.overruns:
        a = actions[i]
        rows.append(
            Overrun(a.id, a.title, owners[i], mains[i], PERIODS[q], *_sums(planned, actual))
        )
    return rows


def _sums(planned: Decimal, actual: Decimal) -> tuple[Decimal, Decimal, Decimal, float | None]:
    """Planned, actual, overrun and overrun % (`pct`, None when nothing was planned)."""
    overrun = actual - planned
    return planned, actual, overrun, pct(overrun, planned)


_Summed = TypeVar("_Summed", ActionOverruns, ObjectiveOverruns, OwnerOverruns)


def _overruns_by(
    sums: Sums, record: Callable[..., _Summed], key: Callable[[int], tuple[str, ...]]
) -> list[_Summed]:
    """The overruns summed per `key` of their action's index (each action's summed first:
    its overruns share its key), largest overrun first (ties in plan order)."""
    groups: dict[tuple[str, ...], tuple[Decimal, Decimal]] = {}  # key -> planned, actual
    for i, planned, actual in sums.overrun_actions:
        k = key(i)
        if k in groups:
            p, x = groups[k]
            groups[k] = (p + planned, x + actual)
        else:
            groups[k] = (planned, actual)
    ordered = sorted(groups.items(), key=lambda g: g[1][0] - g[1][1])  # -(actual - planned)
    return [record(*k, *_sums(planned, actual)) for k, (planned, actual) in ordered]


def overruns_by_action(sums: Sums) -> list[ActionOverruns]:
    """The overruns summed per action, largest first."""
    actions, owners, mains = sums.actions, sums.owners, sums.mains

    def key(i: int) -> tuple[str, str, str, str]:
        return actions[i].id, actions[i].title, owners[i], mains[i]

    return _overruns_by(sums, ActionOverruns, key)


def overruns_by_objective(plan: Plan, sums: Sums) -> list[ObjectiveOverruns]:
    """The overruns summed per main objective ("" for actions without one), largest first."""
    titles = {o.id: o.title for o in plan.objectives}
    mains = sums.mains
    return _overruns_by(sums, ObjectiveOverruns, lambda i: (mains[i], titles.get(mains[i], "")))


def overruns_by_owner(sums: Sums) -> list[OwnerOverruns]:
    """The overruns summed per owner ("" for unassigned actions), largest first."""
    owners = sums.owners
    return _overruns_by(sums, OwnerOverruns, lambda i: (owners[i],))
