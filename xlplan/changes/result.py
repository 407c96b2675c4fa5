"""What `xlplan diff` finds between two plans: typed records, no pandas.

Every value is the model's own (text, `Decimal`, `datetime.date`, a list of ids, an enum's
value as text, or None for "no value"); `render` turns them into JSON, a table or Markdown,
`frames` into pandas DataFrames at the API edge.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from ..errors import Problem

if TYPE_CHECKING:
    import pandas as pd

Value = str | int | float | bool | Decimal | dt.date | list[str] | list[Decimal] | None
"""One field's value, as the plan model holds it (None: no value, or the field is absent)."""

Kind = Literal["action", "objective", "kpi", "owner"]
Status = Literal["added", "removed", "changed"]
MatchedBy = Literal["id", "title", "name"]

KINDS: tuple[Kind, ...] = ("action", "objective", "kpi", "owner")


@dataclass(frozen=True)
class FieldChange:
    """One field whose value differs: ``budget.q1`` 800 → 900.

    Field names are the plan file's, dotted for nested ones: ``budget.q1``, ``actual.q3``,
    ``extra.<column>``, ``envelope.amount``; ``id`` when an item matched by its title got
    another id.
    """

    field: str
    old: Value
    new: Value


@dataclass(frozen=True)
class ItemChange:
    """An action, objective, KPI or owner added, removed or changed.

    Args:
        kind: what the item is.
        key: its id (its name for an owner): the new one, the old one when removed.
        title: its title (name for KPIs and owners), the new one unless removed.
        status: added, removed or changed.
        matched_by: how a changed item was paired: by ``id``, or by ``title`` (``name``) when
            either side had no id typed for it.
        changes: the fields that differ (changed items), or every field of an added item (old
            values None), so that the change can be applied.
        old_key: the id it had in OLD (differs from `key` only when matched by title).
        late: for actions, whether it is late on the as-of date, (OLD, NEW); None where absent.
        kpi_status: for KPIs, ``achieved`` / ``on_track`` / ``behind`` / "" on the as-of date,
            (OLD, NEW); None where absent.
    """

    kind: Kind
    key: str
    title: str
    status: Status
    matched_by: MatchedBy = "id"
    changes: tuple[FieldChange, ...] = ()
    old_key: str = ""
    late: tuple[bool | None, bool | None] | None = None
    kpi_status: tuple[str | None, str | None] | None = None


@dataclass(frozen=True)
class QuarterMoney:
    """Planned or actual money of one quarter (or ``total``), before and after."""

    period: str  # Q1..Q4 or total
    before: Decimal
    after: Decimal

    @property
    def delta(self) -> Decimal:
        return self.after - self.before


@dataclass(frozen=True)
class BudgetMove:
    """Planned money moved from one action × quarter to another (``from_action`` equal to
    ``to_action`` when it moved between quarters of one action)."""

    from_action: str
    from_period: str
    to_action: str
    to_period: str
    amount: Decimal


@dataclass(frozen=True)
class CellDelta:
    """The planned (or actual) money of one action × quarter that changed; an added action's
    cells count from 0, a removed action's go to 0."""

    action: str
    period: str
    before: Decimal
    after: Decimal

    @property
    def delta(self) -> Decimal:
        return self.after - self.before


@dataclass(frozen=True)
class Money:
    """The money moves: totals per quarter, the cells that changed and the moves between them."""

    planned: tuple[QuarterMoney, ...]
    actual: tuple[QuarterMoney, ...]
    planned_cells: tuple[CellDelta, ...]
    actual_cells: tuple[CellDelta, ...]
    moves: tuple[BudgetMove, ...]

    @property
    def moved(self) -> Decimal:
        """Planned money taken from some cells and put in others."""
        return sum((m.amount for m in self.moves), Decimal(0))


@dataclass(frozen=True)
class Source:
    """One side of the diff: the file (or "" for a plan given in Python) and what it is."""

    path: str
    kind: Literal["plan-file", "workbook", "table", "plan"]
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Diff:
    """What changed from OLD to NEW.

    `plan` holds the plan-level changes (name, fiscal year, currency, envelope…), `items` the
    actions, objectives, KPIs and owners added, removed or changed, `money` the money moves.
    Items of either plan matched by title because an id was missing are listed in
    `matched_by_title` (``kind:key``) and flagged on their `ItemChange`.
    """

    old: Source
    new: Source
    as_of: dt.date
    plan: tuple[FieldChange, ...]
    items: tuple[ItemChange, ...]
    money: Money
    matched_by_title: tuple[str, ...] = field(default=())

    @property
    def empty(self) -> bool:
        """No difference at all (the order of rows is not a difference)."""
        return not self.plan and not self.items

    @property
    def exit_code(self) -> int:
        """0 when nothing differs, 1 otherwise (as `diff`)."""
        return 0 if self.empty else 1

    def of(self, kind: Kind, status: Status | None = None) -> list[ItemChange]:
        """The items of one kind (and status)."""
        return [i for i in self.items if i.kind == kind and status in (None, i.status)]

    # --- pandas, at the API edge ----------------------------------------------------------
    @property
    def changes(self) -> pd.DataFrame:
        """One row per field change: kind, key, title, status, matched_by, field, old, new."""
        from .frames import changes_frame

        return changes_frame(self)

    @property
    def totals(self) -> pd.DataFrame:
        """Planned and actual money per quarter and in total: before, after, delta."""
        from .frames import totals_frame

        return totals_frame(self)

    @property
    def moves(self) -> pd.DataFrame:
        """Planned money moved between quarters or actions: from, to, amount."""
        from .frames import moves_frame

        return moves_frame(self)
