"""The money moves between two plans: planned and actual totals per quarter, the action ×
quarter cells whose money changed, and the planned money moved from some cells to others.

Moves are read off the changed cells: within one action first (money moved between its
quarters), then a cut and an increase of the same amount, then the largest cut to the largest
increase; what is left is money added to or cut from the plan.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..model.plan import Action, Plan
from .result import BudgetMove, CellDelta, Money, QuarterMoney

__all__ = ["PERIODS", "money_moves"]

PERIODS = ("Q1", "Q2", "Q3", "Q4")
_ZERO = Decimal(0)
_Figures = Callable[[Action | None], list[Decimal]]  # an action's four quarters


def _planned(action: Action | None) -> list[Decimal]:
    return action.budget.values() if action is not None else [_ZERO] * 4


def _actual(action: Action | None) -> list[Decimal]:
    if action is None:
        return [_ZERO] * 4
    return [_ZERO if v is None else v for v in action.actual.values()]


def _totals(before: list[Decimal], after: list[Decimal]) -> tuple[QuarterMoney, ...]:
    rows = [QuarterMoney(p, b, a) for p, b, a in zip(PERIODS, before, after, strict=True)]
    return (*rows, QuarterMoney("total", sum(before, _ZERO), sum(after, _ZERO)))


def _sums(actions: Iterable[Action], figures: _Figures) -> list[Decimal]:
    out = [_ZERO] * 4
    for action in actions:
        for i, v in enumerate(figures(action)):
            out[i] += v
    return out


def money_moves(old: Plan, new: Plan, pairs: Sequence[tuple[str, str]]) -> Money:
    """The money moves from `old` to `new`.

    Args:
        old: the earlier plan.
        new: the later plan.
        pairs: (old id, new id) of the actions paired by the diff; the others were removed
            or added.

    Returns:
        Totals per quarter before and after, the changed cells (under the new id, the old one
        for a removed action) and the planned money moved.
    """
    olds = {a.id: a for a in old.actions}
    news = {a.id: a for a in new.actions}
    paired_old = {o for o, _ in pairs}
    rows: list[tuple[str, Action | None, Action | None]] = [(n, olds[o], news[n]) for o, n in pairs]
    paired_new = {n for _, n in pairs}
    rows += [(a.id, None, a) for a in new.actions if a.id not in paired_new]
    rows += [(a.id, a, None) for a in old.actions if a.id not in paired_old]
    planned_cells = _cells(rows, _planned)
    return Money(
        planned=_totals(_sums(olds.values(), _planned), _sums(news.values(), _planned)),
        actual=_totals(_sums(olds.values(), _actual), _sums(news.values(), _actual)),
        planned_cells=tuple(cell for _, cell in planned_cells),
        actual_cells=tuple(cell for _, cell in _cells(rows, _actual)),
        moves=_moves(planned_cells),
    )


def _cells(
    rows: list[tuple[str, Action | None, Action | None]], figures: _Figures
) -> list[tuple[int, CellDelta]]:
    """The cells whose money changed, each with the index of its action's row (a removed
    action and an added one may share an id, never a row)."""
    out = []
    for row, (key, before, after) in enumerate(rows):
        for period, b, a in zip(PERIODS, figures(before), figures(after), strict=True):
            if b != a:
                out.append((row, CellDelta(key, period, b, a)))
    return out


@dataclass
class _Left:
    """A cell's change not yet paired in a move."""

    row: int  # the action's row in `money_moves` (one action, whatever its id)
    order: int  # the cell's place among the cuts or the increases
    action: str
    period: str
    amount: Decimal


def _moves(cells: Sequence[tuple[int, CellDelta]]) -> tuple[BudgetMove, ...]:
    """Pair decreases with increases: within an action first, then equal amounts (money
    taken from one cell and put in another as it was), then the largest to the largest.

    Two cells under the same id that are not one action's (a removed action and an added
    one that got its id again from the reader) are never paired: ``A3 Q2 -> A3 Q3`` would
    read as money moved within one action. Each step looks increases up by action, by amount
    or by size (a heap), so that a diff of thousands of actions stays fast.
    """
    lefts = [_Left(r, i, c.action, c.period, c.delta) for i, (r, c) in enumerate(cells)]
    cuts = [_Left(x.row, x.order, x.action, x.period, -x.amount) for x in lefts if x.amount < 0]
    adds = [x for x in lefts if x.amount > 0]
    moves: list[BudgetMove] = []

    def take(cut: _Left, add: _Left) -> None:
        amount = min(cut.amount, add.amount)
        moves.append(BudgetMove(cut.action, cut.period, add.action, add.period, amount))
        cut.amount -= amount
        add.amount -= amount

    def apart(cut: _Left, add: _Left) -> bool:
        return cut.action != add.action

    by_row: dict[int, list[_Left]] = {}
    for add in adds:
        by_row.setdefault(add.row, []).append(add)
    for cut in cuts:
        for add in by_row.get(cut.row, ()):
            if cut.amount > 0 and add.amount > 0:
                take(cut, add)
    by_amount: dict[Decimal, list[_Left]] = {}
    for add in adds:
        if add.amount > 0:
            by_amount.setdefault(add.amount, []).append(add)
    for cut in cuts:
        same = by_amount.get(cut.amount, []) if cut.amount > 0 else []
        match = next((a for a in same if apart(cut, a)), None)
        if match is not None:
            same.remove(match)
            take(cut, match)
    heap = [(-add.amount, add.order, add) for add in adds if add.amount > 0]
    heapq.heapify(heap)
    for cut in sorted(cuts, key=_size, reverse=True):
        held = []
        while cut.amount > 0 and heap:
            entry = heapq.heappop(heap)
            add = entry[2]
            if not apart(cut, add):
                held.append(entry)
                continue
            take(cut, add)
            if add.amount > 0:
                heapq.heappush(heap, (-add.amount, add.order, add))
        for entry in held:
            heapq.heappush(heap, entry)
    return tuple(moves)


def _size(left: _Left) -> Decimal:
    return left.amount
