"""The rows of the analysis tables, as plain typed records (no pandas).

One named tuple per table: its fields are the table's columns, in order, and their types say
what each column holds, which is also what `frames` turns them into:

- ``str``: text ("" when missing) — a ``str`` column;
- ``int``: a count — ``int64``;
- ``Decimal`` (money summed exactly), ``float``, or either ``| None`` (None when the number
  cannot be computed) — ``float64``, None becoming NaN;
- ``datetime.date`` — an ``object`` column of dates.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

PERIODS = ("Q1", "Q2", "Q3", "Q4")
"""Labels of the fiscal quarters in every table, whatever the plan's language."""


class ObjectiveGroup(NamedTuple):
    """Actions and money of the actions whose MAIN objective is this one (as the workbook's
    COUNTIFS/SUMIFS count them, in float)."""

    objective: str
    title: str
    actions: int
    planned: float
    actual: float


class OwnerGroup(NamedTuple):
    """Actions and money of one owner's actions (as the workbook's "Owners" sheet)."""

    owner: str
    actions: int
    planned: float
    actual: float


class ChannelGroup(NamedTuple):
    """Actions and money of one channel's actions."""

    channel: str
    actions: int
    planned: float
    actual: float


class Overrun(NamedTuple):
    """One action × quarter whose entered actual exceeds the plan."""

    action_id: str
    action: str
    owner: str
    objective: str
    period: str
    planned: Decimal
    actual: Decimal
    overrun: Decimal
    overrun_pct: float | None


class ActionOverruns(NamedTuple):
    """The overruns of one action, summed."""

    action_id: str
    action: str
    owner: str
    objective: str
    planned: Decimal
    actual: Decimal
    overrun: Decimal
    overrun_pct: float | None


class ObjectiveOverruns(NamedTuple):
    """The overruns of the actions of one main objective, summed."""

    objective: str
    title: str
    planned: Decimal
    actual: Decimal
    overrun: Decimal
    overrun_pct: float | None


class OwnerOverruns(NamedTuple):
    """The overruns of one owner's actions, summed."""

    owner: str
    planned: Decimal
    actual: Decimal
    overrun: Decimal
    overrun_pct: float | None


class KpiGap(NamedTuple):
    """Where one KPI stands against its target."""

    kpi: str
    name: str
    objective: str
    unit: str
    direction: str
    baseline: Decimal | None
    target: Decimal | None
    actual: Decimal | None
    gap: float | None
    attainment_pct: float | None
    expected_pct: float
    status: str


class LateAction(NamedTuple):
    """An action past its end date, neither done nor cancelled."""

    action_id: str
    action: str
    owner: str
    end: dt.date
    status: str
    days_late: int


class NotStarted(NamedTuple):
    """An action past its start date, still "todo"."""

    action_id: str
    action: str
    owner: str
    start: dt.date


class HygieneBreach(NamedTuple):
    """One breach of a planning rule of thumb."""

    rule: str
    severity: str
    item_id: str
    message: str


class Quarters(NamedTuple):
    """An amount per fiscal quarter, exact."""

    q1: Decimal
    q2: Decimal
    q3: Decimal
    q4: Decimal

    @property
    def total(self) -> Decimal:
        return self.q1 + self.q2 + self.q3 + self.q4


class Totals(NamedTuple):
    """Planned, actual and variance (actual - planned, over the entered actuals) per quarter."""

    planned: Quarters
    actual: Quarters
    variance: Quarters
