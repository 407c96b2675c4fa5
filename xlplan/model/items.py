"""The parts of a plan: quarterly figures, the envelope, objectives, KPIs, owners, actions and
the budget-check settings (pydantic models that know nothing of Excel).

`xlplan.model.plan` assembles them into a `Plan` and checks the references between them.
"""

# (No `from __future__ import annotations`: pydantic would evaluate every field's annotation
# from its text when the module is imported, 5 ms of every start-up.)
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from ..i18n import msg
from .cells import CellDate, ExtraValue, Money, Number, Text
from .enums import QUARTERS, Direction, Frequency, Horizon, Recurrence, Status
from .months import MONTHS_FIELD, named_month_error, with_months

Rate = Annotated[Number, Field(gt=0)]
"""A conversion rate: what one unit of a currency is worth in the plan's currency."""
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
"""An ISO currency code (``EUR``)."""


# Default factories are plain functions, not `list` / `dict`: pydantic inspects a factory's
# signature, and a builtin's is parsed from its text (tokenize), 7 ms of every start-up.
def new_list() -> list[Any]:
    return []


def new_dict() -> dict[str, Any]:
    return {}


class StrictModel(BaseModel):
    """The base of the plan's models: unknown fields refused.

    Defaults are not validated: each is already a value of its field's type (a test checks
    it), and validating them cost 30 000 calls of the text check per 10 000 actions read.
    """

    model_config = ConfigDict(extra="forbid", use_enum_values=False, validate_default=False)


_QUARTER_KEYS = frozenset(QUARTERS)


def _quarter_list(data: Any) -> Any:
    """Accept ``[q1, q2, q3, q4]`` as well as ``{q1: …}``; missing quarters take the default."""
    if isinstance(data, list | tuple):
        if len(data) > 4:
            raise ValueError(
                msg("expected at most 4 quarterly values, found {count}", count=len(data))
            )
        return dict(zip(QUARTERS, data, strict=False))
    if isinstance(data, dict):
        if _QUARTER_KEYS.issuperset(data):  # (what the readers build: nothing to rename; no view)
            return data
        return {str(k).lower(): v for k, v in data.items()}
    return data


def _money_list(data: Any, actual: bool) -> Any:
    """`_quarter_list` for money, which may also be given per month: a list of 12 (fiscal
    order) or ``{"months": [...]}`` (with quarters or not); the quarters are then the months'
    sums (`months.with_months`)."""
    if isinstance(data, dict):
        if _QUARTER_KEYS.issuperset(data):  # (quarterly: the fast way, as `_quarter_list`)
            return data
        if len(data) == 1 and MONTHS_FIELD in data:  # (months alone: what the readers give)
            return with_months(data, data[MONTHS_FIELD], actual)
        data = {str(k).lower(): v for k, v in data.items()}
        refused = named_month_error(list(data), twice=MONTHS_FIELD in data)
        if refused is not None:
            raise refused
        if MONTHS_FIELD in data:
            return with_months(data, data[MONTHS_FIELD], actual)
        return data
    if isinstance(data, list | tuple):
        if len(data) == 12:
            return with_months({}, data, actual)
        if len(data) > 4:
            raise ValueError(
                msg(
                    "expected at most 4 quarterly values or 12 monthly values, found {count}",
                    count=len(data),
                )
            )
        return dict(zip(QUARTERS, data, strict=False))
    return data


def _planned_list(data: Any) -> Any:
    return _money_list(data, actual=False)


def _actual_list(data: Any) -> Any:
    return _money_list(data, actual=True)


MonthList = tuple[Money, ...]
"""Twelve planned amounts, in fiscal order (the count is checked by `months.with_months`)."""
MonthActualList = tuple[Money | None, ...]
"""Twelve actual amounts, in fiscal order; None for a month not entered yet."""


class QuarterBudget(StrictModel):
    """Planned money per fiscal quarter; a missing quarter is 0.

    `months`: the planned money per month, in fiscal order (the first is the fiscal year's
    first month), when the plan gives it so; the quarters are then their sums. None for a
    quarterly budget. Make one from months with `from_months`.
    """

    q1: Money = Decimal(0)
    q2: Money = Decimal(0)
    q3: Money = Decimal(0)
    q4: Money = Decimal(0)
    months: MonthList | None = None

    _lists = model_validator(mode="before")(_planned_list)

    @classmethod
    def from_months(cls, months: Any) -> "QuarterBudget":
        """The budget of twelve monthly amounts in fiscal order, its quarters their sums.

        Raises:
            pydantic.ValidationError: not 12 amounts, or one that is not an amount.
        """
        return cls.model_validate(list(months))

    def values(self) -> list[Decimal]:
        return [self.q1, self.q2, self.q3, self.q4]

    @property
    def total(self) -> Decimal:
        return self.q1 + self.q2 + self.q3 + self.q4


class QuarterActual(StrictModel):
    """Actual money spent per fiscal quarter; None means not entered yet (unlike 0).

    `months`: the actual money per month in fiscal order when the plan gives it so (the
    quarters are then their sums), else None; as for `QuarterBudget`.
    """

    q1: Money | None = None
    q2: Money | None = None
    q3: Money | None = None
    q4: Money | None = None
    months: MonthActualList | None = None

    _lists = model_validator(mode="before")(_actual_list)

    @classmethod
    def from_months(cls, months: Any) -> "QuarterActual":
        """The actual spend of twelve monthly amounts (None: not entered) in fiscal order; a
        quarter none of whose months is entered is None.

        Raises:
            pydantic.ValidationError: not 12 values, or one that is not an amount.
        """
        return cls.model_validate(list(months))

    def values(self) -> list[Decimal | None]:
        return [self.q1, self.q2, self.q3, self.q4]

    @property
    def total(self) -> Decimal:
        total = Decimal(0)
        for v in (self.q1, self.q2, self.q3, self.q4):
            if v is not None:
                total += v
        return total

    def is_empty(self) -> bool:
        return all(v is None for v in self.values())


class QuarterMeasure(StrictModel):
    """A KPI's measured value per fiscal quarter (any sign); None means not measured yet."""

    q1: Number | None = None
    q2: Number | None = None
    q3: Number | None = None
    q4: Number | None = None

    _lists = model_validator(mode="before")(_quarter_list)

    def values(self) -> list[Decimal | None]:
        return [self.q1, self.q2, self.q3, self.q4]

    def latest(self) -> Decimal | None:
        """The last quarter's value that was measured, or None."""
        return next((v for v in reversed(self.values()) if v is not None), None)


class Envelope(StrictModel):
    """The budget envelope: a fixed amount, a percentage of forecast revenue, or none."""

    amount: Money | None = None
    percent_of_revenue: Annotated[Decimal, Field(ge=0, le=100)] | None = None
    revenue_forecast: Money | None = None

    @model_validator(mode="after")
    def _one_way(self) -> "Envelope":
        if self.amount is not None and self.percent_of_revenue is not None:
            raise ValueError(msg("give either amount or percent_of_revenue, not both"))
        if self.percent_of_revenue is not None and self.revenue_forecast is None:
            raise ValueError(msg("percent_of_revenue needs revenue_forecast"))
        return self

    @property
    def kind(self) -> Literal["fixed", "percent", "none"]:
        if self.amount is not None:
            return "fixed"
        return "percent" if self.percent_of_revenue is not None else "none"

    @property
    def total(self) -> Decimal | None:
        """The envelope in money, or None when the plan has no envelope."""
        if self.amount is not None:
            return self.amount
        if self.percent_of_revenue is not None and self.revenue_forecast is not None:
            return self.revenue_forecast * self.percent_of_revenue / 100
        return None


class Objective(StrictModel):
    id: Text = ""
    title: Text
    horizon: Horizon | None = None
    deadline: CellDate | None = None
    description: Text = ""


class KPI(StrictModel):
    id: Text = ""
    name: Text
    objective: Text | None = None
    unit: Text = ""
    direction: Direction = Direction.HIGHER
    baseline: Number | None = None
    target: Number | None = None
    actual: QuarterMeasure = Field(default_factory=QuarterMeasure)


class Owner(StrictModel):
    """A person responsible for actions.

    `team` is the plan (team) the owner works in, several joined by ", " — set by
    `xlplan consolidate`, which merges owners by name across plans; None in a single plan.
    """

    name: Text
    role: Text = ""
    contact: Text = ""
    team: Text | None = None


def _split_list(value: Any) -> Any:
    """Accept ``"O1, O2"`` as well as ``["O1", "O2"]``; None is an empty list."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Action(StrictModel):
    """One action of the plan.

    `team` is the plan (team) the action comes from in a company plan made by
    `xlplan consolidate` (the *Plan / Équipe* column); None in a single plan.
    """

    id: Text = ""
    title: Text
    objectives: list[Text] = Field(default_factory=new_list)
    kpis: list[Text] = Field(default_factory=new_list)
    owner: Text | None = None
    participants: list[Text] = Field(default_factory=new_list)
    resources: Text = ""
    channel: Text = ""
    start: CellDate | None = None
    end: CellDate | None = None
    recurrence: Recurrence = Recurrence.ONE_OFF
    frequency: Frequency | None = None
    status: Status = Status.TODO
    progress: Annotated[Decimal, Field(ge=0, le=100)] = Decimal(0)
    budget: QuarterBudget = Field(default_factory=QuarterBudget)
    actual: QuarterActual = Field(default_factory=QuarterActual)
    notes: Text = ""
    extra: dict[Text, ExtraValue] = Field(default_factory=new_dict)
    team: Text | None = None

    _lists = field_validator("objectives", "kpis", "participants", mode="before")(_split_list)

    @field_validator("extra")
    @classmethod
    def _no_empty_cells(cls, value: dict[str, Any]) -> dict[str, Any]:
        """An extra column's null is an empty cell: the same as no value (a workbook cannot
        tell them apart)."""
        if None in value.values():
            return {k: v for k, v in value.items() if v is not None}
        return value

    @property
    def planned_total(self) -> Decimal:
        return self.budget.total


RULES = ("overrun", "envelope", "kpi", "late", "hygiene")
Rule = Literal["overrun", "envelope", "kpi", "late", "hygiene"]


def parse_max_overrun(text: str) -> tuple[Literal["pct", "amount"], Decimal]:
    """``"30%"`` → ("pct", 30); ``"500"`` or ``"500 €"`` → ("amount", 500).

    Raises:
        ValueError: anything else, or a negative value.
    """
    raw = text.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    kind: Literal["pct", "amount"] = "pct" if raw.endswith("%") else "amount"
    number = raw.rstrip("%").rstrip("€$£").lstrip("€$£").replace(",", ".")
    try:
        value = Decimal(number)
    except ArithmeticError:
        value = Decimal(-1)
    if not value.is_finite() or value < 0 or not number:
        raise ValueError(
            msg(
                "expected a percentage such as {percent} or an amount such as {amount}, "
                "found {text!r}",
                percent="30%",
                amount=500,
                text=text,
            )
        )
    return kind, value


class Checks(StrictModel):
    """Budget-check settings a plan carries (`xlplan check`); the command line wins over them.

    Args:
        max_overrun: the overrun tolerated per action and quarter: ``"30%"`` or an amount
            (``"500"``); default 0 %.
        warn_at: warn when this share of the budget is consumed (percent); default 80, 90, 100.
        fail_on: the rules whose breach fails the check; default overrun and envelope.
    """

    max_overrun: Text | None = None
    warn_at: list[Annotated[Number, Field(gt=0)]] | None = None
    fail_on: list[Rule] | None = None

    @field_validator("max_overrun")
    @classmethod
    def _threshold(cls, value: str | None) -> str | None:
        if value is not None:
            parse_max_overrun(value)
        return value

    _lists = field_validator("warn_at", "fail_on", mode="before")(
        lambda v: (
            [p.strip() for p in v.replace(";", ",").split(",") if p.strip()]
            if isinstance(v, str)
            else v
        )
    )
