"""The plan model: typed, validated plan objects that know nothing of Excel.

A `Plan` holds objectives, KPIs, owners (*responsables*) and actions, each action with a planned
budget and optional actual spend per fiscal quarter. Validation collects every breach at once and
names the field path and the bad value (``actions[3].owner: 'Zoe' is not a known owner ...``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    field_validator,
    model_validator,
)

from ..errors import PlanValidationError, Problem, ProblemCode
from .enums import QUARTERS, Direction, Frequency, Horizon, Recurrence, Status

SCHEMA_VERSION = 1


def _plain_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


Number = Annotated[Decimal, PlainSerializer(_plain_number, when_used="json")]
Money = Annotated[Decimal, Field(ge=0), PlainSerializer(_plain_number, when_used="json")]


def _cell_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(
            f"found {value}, which no cell can hold: expected text, a number or a date"
        )
    return value


ExtraValue = Annotated[
    str | int | float | bool | dt.datetime | dt.date | None, BeforeValidator(_cell_value)
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False, validate_default=True)


_QUARTER_KEYS = frozenset(QUARTERS)


def _quarter_list(data: Any) -> Any:
    """Accept ``[q1, q2, q3, q4]`` as well as ``{q1: …}``; missing quarters take the default."""
    if isinstance(data, list | tuple):
        if len(data) > 4:
            raise ValueError(f"expected at most 4 quarterly values, found {len(data)}")
        return dict(zip(QUARTERS, data, strict=False))
    if isinstance(data, dict):
        if data.keys() <= _QUARTER_KEYS:  # (what the reader builds: nothing to rename)
            return data
        return {str(k).lower(): v for k, v in data.items()}
    return data


class QuarterBudget(_Model):
    """Planned money per fiscal quarter; a missing quarter is 0."""

    q1: Money = Decimal(0)
    q2: Money = Decimal(0)
    q3: Money = Decimal(0)
    q4: Money = Decimal(0)

    _lists = model_validator(mode="before")(_quarter_list)

    def values(self) -> list[Decimal]:
        return [self.q1, self.q2, self.q3, self.q4]

    @property
    def total(self) -> Decimal:
        return self.q1 + self.q2 + self.q3 + self.q4


class QuarterActual(_Model):
    """Actual money spent per fiscal quarter; None means not entered yet (unlike 0)."""

    q1: Money | None = None
    q2: Money | None = None
    q3: Money | None = None
    q4: Money | None = None

    _lists = model_validator(mode="before")(_quarter_list)

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


class QuarterMeasure(_Model):
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


class Envelope(_Model):
    """The budget envelope: a fixed amount, a percentage of forecast revenue, or none."""

    amount: Money | None = None
    percent_of_revenue: Annotated[Decimal, Field(ge=0, le=100)] | None = None
    revenue_forecast: Money | None = None

    @model_validator(mode="after")
    def _one_way(self) -> Envelope:
        if self.amount is not None and self.percent_of_revenue is not None:
            raise ValueError("give either amount or percent_of_revenue, not both")
        if self.percent_of_revenue is not None and self.revenue_forecast is None:
            raise ValueError("percent_of_revenue needs revenue_forecast")
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


class Objective(_Model):
    id: str = ""
    title: str
    horizon: Horizon | None = None
    deadline: dt.date | None = None
    description: str = ""


class KPI(_Model):
    id: str = ""
    name: str
    objective: str | None = None
    unit: str = ""
    direction: Direction = Direction.HIGHER
    baseline: Number | None = None
    target: Number | None = None
    actual: QuarterMeasure = Field(default_factory=QuarterMeasure)


class Owner(_Model):
    name: str
    role: str = ""
    contact: str = ""


def _split_list(value: Any) -> Any:
    """Accept ``"O1, O2"`` as well as ``["O1", "O2"]``; None is an empty list."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Action(_Model):
    id: str = ""
    title: str
    objectives: list[str] = Field(default_factory=list)
    kpis: list[str] = Field(default_factory=list)
    owner: str | None = None
    participants: list[str] = Field(default_factory=list)
    resources: str = ""
    channel: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    recurrence: Recurrence = Recurrence.ONE_OFF
    frequency: Frequency | None = None
    status: Status = Status.TODO
    progress: Annotated[Decimal, Field(ge=0, le=100)] = Decimal(0)
    budget: QuarterBudget = Field(default_factory=QuarterBudget)
    actual: QuarterActual = Field(default_factory=QuarterActual)
    notes: str = ""
    extra: dict[str, ExtraValue] = Field(default_factory=dict)

    _lists = field_validator("objectives", "kpis", "participants", mode="before")(_split_list)

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
            f"expected a percentage such as 30% or an amount such as 500, found {text!r}"
        )
    return kind, value


class Checks(_Model):
    """Budget-check settings a plan carries (`xlplan check`); the command line wins over them.

    Args:
        max_overrun: the overrun tolerated per action and quarter: ``"30%"`` or an amount
            (``"500"``); default 0 %.
        warn_at: warn when this share of the budget is consumed (percent); default 80, 90, 100.
        fail_on: the rules whose breach fails the check; default overrun and envelope.
    """

    max_overrun: str | None = None
    warn_at: list[Annotated[Decimal, Field(gt=0)]] | None = None
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


def _add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    return dt.date(day.year + year, month + 1, 1)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().casefold()


class Plan(_Model):
    """A yearly action plan.

    `fiscal_year_start` may be any first day of a month; Q1–Q4 are the fiscal quarters that follow
    it. A plan file may give ``year: 2023`` instead, meaning 1 January 2023.
    """

    schema_version: int = SCHEMA_VERSION
    id: str = ""
    name: str
    business: str = ""
    fiscal_year_start: dt.date
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "EUR"
    language: Literal["fr", "en"] = "fr"
    envelope: Envelope = Field(default_factory=Envelope)
    mission: str = ""
    timeline: Literal["months", "weeks"] = "months"
    checks: Checks = Field(default_factory=Checks)
    objectives: list[Objective] = Field(default_factory=list)
    kpis: list[KPI] = Field(default_factory=list)
    owners: list[Owner] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _year_shorthand(cls, data: Any) -> Any:
        if isinstance(data, dict) and "year" in data:
            data = dict(data)
            year = data.pop("year")
            if "fiscal_year_start" not in data:
                if not isinstance(year, int) or not 1900 <= year <= 9999:
                    raise ValueError(f"year: expected a year such as 2024, found {year!r}")
                data["fiscal_year_start"] = dt.date(year, 1, 1)
        return data

    @field_validator("fiscal_year_start")
    @classmethod
    def _first_of_month(cls, value: dt.date) -> dt.date:
        if value.day != 1:
            raise ValueError(f"the fiscal year must start on the 1st of a month, found {value}")
        return value

    @model_validator(mode="after")
    def _link(self) -> Plan:
        if not self.id:
            ascii_name = unicodedata.normalize("NFKD", _fold(self.name)).encode("ascii", "ignore")
            slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.decode()).strip("-") or "plan"
            self.id = f"{slug}-{self.fiscal_year_start:%Y-%m}"
        _assign_ids(self.objectives, "O")
        _assign_ids(self.kpis, "K")
        _assign_ids(self.actions, "A")
        breaches = _check(self)
        if breaches:
            raise _Breaches(breaches)
        return self

    # --- calendar -------------------------------------------------------------------------
    @property
    def fiscal_year_end(self) -> dt.date:
        """The last day of the fiscal year."""
        return _add_months(self.fiscal_year_start, 12) - dt.timedelta(days=1)

    def quarter_bounds(self) -> list[tuple[dt.date, dt.date]]:
        """First and last day of each fiscal quarter."""
        starts = [_add_months(self.fiscal_year_start, 3 * i) for i in range(5)]
        return [(starts[i], starts[i + 1] - dt.timedelta(days=1)) for i in range(4)]

    def month_starts(self) -> list[dt.date]:
        """The first day of each of the fiscal year's twelve months."""
        return [_add_months(self.fiscal_year_start, i) for i in range(12)]

    @property
    def envelope_total(self) -> Decimal | None:
        return self.envelope.total

    # --- lookups --------------------------------------------------------------------------
    def objective(self, objective_id: str) -> Objective:
        return next(o for o in self.objectives if o.id == objective_id)

    def warnings(self) -> list[Problem]:
        """Suspicious but valid data: dates outside the fiscal year, KPI targets against their
        direction, recurring actions without a frequency."""
        start, end = self.fiscal_year_start, self.fiscal_year_end
        found: list[Problem] = []

        def outside(path: str, day: dt.date | None) -> None:
            if day is not None and not start <= day <= end:
                found.append(
                    Problem(
                        "warning",
                        f"{day.isoformat()} is outside the fiscal year "
                        f"{start.isoformat()} – {end.isoformat()}",
                        path=path,
                        code=ProblemCode.DATE_OUTSIDE_YEAR,
                    )
                )

        for i, obj in enumerate(self.objectives):
            outside(f"objectives[{i}].deadline", obj.deadline)
        for i, action in enumerate(self.actions):
            outside(f"actions[{i}].start", action.start)
            outside(f"actions[{i}].end", action.end)
            if action.recurrence is Recurrence.RECURRING and action.frequency is None:
                found.append(
                    Problem(
                        "warning",
                        "recurring action without a frequency",
                        path=f"actions[{i}].frequency",
                        code=ProblemCode.FREQUENCY_MISSING,
                    )
                )
        for i, kpi in enumerate(self.kpis):
            if kpi.baseline is not None and kpi.target is not None:
                wrong = (
                    kpi.target < kpi.baseline
                    if kpi.direction is Direction.HIGHER
                    else kpi.target > kpi.baseline
                )
                if wrong:
                    found.append(
                        Problem(
                            "warning",
                            f"target {kpi.target} is on the wrong side of baseline "
                            f"{kpi.baseline} for a '{kpi.direction.value}' is better KPI",
                            path=f"kpis[{i}].target",
                            code=ProblemCode.TARGET_WRONG_SIDE,
                        )
                    )
        return found


def _assign_ids(items: list[Any], prefix: str) -> None:
    """Give every item without an id the next free ``<prefix><n>``."""
    used = {item.id for item in items if item.id}
    n = 0
    for item in items:
        if not item.id:
            n += 1
            while f"{prefix}{n}" in used:
                n += 1
            item.id = f"{prefix}{n}"
            used.add(item.id)


def _known(names: list[str]) -> str:
    shown = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
    return f"known: {shown}" if names else "none is defined"


def _resolver(pairs: list[tuple[str, str]]) -> Any:
    """Map a reference (an id, or a title/name) to the canonical id; None if unknown."""
    exact = {key: ident for ident, key in pairs} | {ident: ident for ident, _ in pairs}
    folded = {_fold(key): ident for ident, key in pairs} | {_fold(i): i for i, _ in pairs}

    def resolve(ref: str) -> str | None:
        return exact.get(ref.strip()) or folded.get(_fold(ref))

    return resolve


def _check(plan: Plan) -> list[tuple[str, str, ProblemCode]]:
    """Every cross-field breach of the plan, as (field path, message, code)."""
    breaches: list[tuple[str, str, ProblemCode]] = []
    groups = (
        ("objectives", [o.id for o in plan.objectives]),
        ("kpis", [k.id for k in plan.kpis]),
        ("actions", [a.id for a in plan.actions]),
    )
    for field, ids in groups:
        first: dict[str, int] = {}
        for i, ident in enumerate(ids):
            if ident in first:
                breaches.append(
                    (
                        f"{field}[{i}].id",
                        f"duplicate id {ident!r} (also {field}[{first[ident]}])",
                        ProblemCode.ID_DUPLICATE,
                    )
                )
            first.setdefault(ident, i)
    owners: dict[str, int] = {}
    for i, owner in enumerate(plan.owners):
        if owner.name in owners:
            breaches.append(
                (f"owners[{i}].name", f"duplicate owner {owner.name!r}", ProblemCode.ID_DUPLICATE)
            )
        owners.setdefault(owner.name, i)

    objective = _resolver([(o.id, o.title) for o in plan.objectives])
    kpi = _resolver([(k.id, k.name) for k in plan.kpis])
    owner = _resolver([(o.name, o.name) for o in plan.owners])
    objective_ids = [o.id for o in plan.objectives]
    kpi_ids = [k.id for k in plan.kpis]
    owner_names = [o.name for o in plan.owners]

    for i, k in enumerate(plan.kpis):
        if k.objective is not None:
            found = objective(k.objective)
            if found is None:
                breaches.append(
                    (
                        f"kpis[{i}].objective",
                        f"{k.objective!r} is not a known objective ({_known(objective_ids)})",
                        ProblemCode.REFERENCE_UNKNOWN,
                    )
                )
            else:
                k.objective = found
    for i, a in enumerate(plan.actions):
        for j, ref in enumerate(a.objectives):
            found = objective(ref)
            if found is None:
                breaches.append(
                    (
                        f"actions[{i}].objectives[{j}]",
                        f"{ref!r} is not a known objective ({_known(objective_ids)})",
                        ProblemCode.REFERENCE_UNKNOWN,
                    )
                )
            else:
                a.objectives[j] = found
        for j, ref in enumerate(a.kpis):
            found = kpi(ref)
            if found is None:
                breaches.append(
                    (
                        f"actions[{i}].kpis[{j}]",
                        f"{ref!r} is not a known KPI ({_known(kpi_ids)})",
                        ProblemCode.REFERENCE_UNKNOWN,
                    )
                )
            else:
                a.kpis[j] = found
        if a.owner is not None:
            found = owner(a.owner)
            if found is None:
                breaches.append(
                    (
                        f"actions[{i}].owner",
                        f"{a.owner!r} is not a known owner ({_known(owner_names)})",
                        ProblemCode.REFERENCE_UNKNOWN,
                    )
                )
            else:
                a.owner = found
        if a.start is not None and a.end is not None and a.end < a.start:
            breaches.append(
                (
                    f"actions[{i}].end",
                    f"{a.end.isoformat()} is before start {a.start.isoformat()}",
                    ProblemCode.END_BEFORE_START,
                )
            )
    return breaches


class _Breaches(ValueError):
    """The cross-field breaches of a plan, each with its field path and `ProblemCode`."""

    def __init__(self, items: list[tuple[str, str, ProblemCode]]) -> None:
        super().__init__("\n".join(f"{path}: {msg}" for path, msg, _ in items))
        self.items = items


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def problems_from(error: ValidationError) -> list[Problem]:
    """Turn pydantic's errors into `Problem` records with field paths and the bad values."""
    problems: list[Problem] = []
    for err in error.errors(include_url=False):
        msg = str(err["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
        path = _path(tuple(err["loc"]))
        breaches = err.get("ctx", {}).get("error")
        if isinstance(breaches, _Breaches):
            for sub, text, code in breaches.items:
                problems.append(Problem("error", text, path=_join(path, sub), code=code))
            continue
        if err["type"] == "value_error" and not path:  # ("field: message", from a model validator)
            for line in msg.splitlines():
                sub, _, text = line.partition(": ")
                problems.append(
                    Problem("error", text, path=_join(path, sub), code=ProblemCode.FIELD_INVALID)
                )
            continue
        if err["type"] not in ("value_error", "missing") and "input" in err:
            bad = err["input"]
            if not isinstance(bad, dict | list):
                msg = f"{msg}, found {bad!r}"
        code = _CODES.get(err["type"], ProblemCode.FIELD_INVALID)
        problems.append(Problem("error", msg, path=path, code=code))
    return problems


_CODES = {"missing": ProblemCode.FIELD_MISSING, "extra_forbidden": ProblemCode.FIELD_UNKNOWN}


def _join(base: str, sub: str) -> str:
    if not base:
        return sub
    return f"{base}{sub}" if sub.startswith("[") else f"{base}.{sub}"


def validate_plan(data: Any, source: str = "") -> Plan:
    """Validate a mapping (as read from a plan file) into a `Plan`.

    Args:
        data: the plan as plain Python data.
        source: the file name, quoted in error messages.

    Returns:
        The validated plan, with ids assigned and references resolved to ids.

    Raises:
        PlanValidationError: listing every breach with its field path.
    """
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        raise PlanValidationError(problems_from(exc), source) from None
