"""The plan model: typed, validated plan objects that know nothing of Excel.

A `Plan` holds objectives, KPIs, owners (*responsables*) and actions, each action with a planned
budget and optional actual spend per fiscal quarter. Validation collects every breach at once and
names the field path and the bad value (``actions[3].owner: 'Zoe' is not a known owner ...``).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import unicodedata
from dataclasses import replace
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from ..errors import PlanValidationError, Problem, ProblemCode
from ..i18n import Message, msg
from . import messages
from .cells import LAST_DAY, CellDate, Name, Text
from .enums import Direction, Recurrence
from .items import (
    KPI,
    RULES,
    Action,
    Checks,
    Currency,
    Envelope,
    Objective,
    Owner,
    QuarterActual,
    QuarterBudget,
    QuarterMeasure,
    Rate,
    Rule,
    StrictModel,
    new_dict,
    new_list,
    parse_max_overrun,
)
from .locate import Origin
from .paths import PLACEHOLDER_DAY, Loc, model_at, set_aside

__all__ = [
    "KPI",
    "RULES",
    "SCHEMA_VERSION",
    "Action",
    "Checks",
    "Envelope",
    "Objective",
    "Owner",
    "Plan",
    "QuarterActual",
    "QuarterBudget",
    "QuarterMeasure",
    "Rule",
    "parse_max_overrun",
    "problems_from",
    "validate_plan",
]

SCHEMA_VERSION = 1
LAST_FISCAL_START = dt.date(9998, 12, 1)
"""The last first day of a fiscal year whose months and 53 weeks all stay in the calendar."""


def _add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    return dt.date(day.year + year, month + 1, 1)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().casefold()


class Plan(StrictModel):
    """A yearly action plan.

    `fiscal_year_start` may be any first day of a month; Q1–Q4 are the fiscal quarters that follow
    it. A plan file may give ``year: 2023`` instead, meaning 1 January 2023.

    A company plan made by `xlplan consolidate` from plans in other currencies also carries
    the conversion: `rates`, what one unit of each other currency is worth in `currency` (its
    amounts are already converted), and `team_currencies`, each team's own currency; both are
    empty in a single plan.
    """

    schema_version: int = SCHEMA_VERSION
    id: Text = ""
    name: Name
    business: Name = ""
    fiscal_year_start: CellDate
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "EUR"
    language: Literal["fr", "en"] = "fr"
    envelope: Envelope = Field(default_factory=Envelope)
    mission: Text = ""
    timeline: Literal["months", "weeks"] = "months"
    checks: Checks = Field(default_factory=Checks)
    rates: dict[Currency, Rate] = Field(default_factory=new_dict)
    team_currencies: dict[str, Currency] = Field(default_factory=new_dict)
    objectives: list[Objective] = Field(default_factory=new_list)
    kpis: list[KPI] = Field(default_factory=new_list)
    owners: list[Owner] = Field(default_factory=new_list)
    actions: list[Action] = Field(default_factory=new_list)
    _origin: Origin | None = PrivateAttr(default=None)

    @model_validator(mode="before")
    @classmethod
    def _year_shorthand(cls, data: Any) -> Any:
        if isinstance(data, dict) and "year" in data:
            data = dict(data)
            year = data.pop("year")
            if "fiscal_year_start" not in data:
                if not isinstance(year, int) or not 1900 <= year <= 9999:
                    raise _FieldError(
                        "year", msg("expected a year such as 2024, found {year!r}", year=year)
                    )
                data["fiscal_year_start"] = dt.date(year, 1, 1)
        return data

    @field_validator("fiscal_year_start")
    @classmethod
    def _first_of_month(cls, value: dt.date) -> dt.date:
        if value.day != 1:
            raise ValueError(
                msg("the fiscal year must start on the 1st of a month, found {date}", date=value)
            )
        if value > LAST_FISCAL_START:
            raise ValueError(messages.fiscal_year_too_late(value, LAST_DAY))
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
                    Problem.of(
                        "warning",
                        messages.outside_year(day, start, end),
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
                    Problem.of(
                        "warning",
                        msg("recurring action without a frequency"),
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
                        Problem.of(
                            "warning",
                            msg(
                                "target {target} is on the wrong side of baseline {baseline} "
                                "for a '{direction}' is better KPI",
                                target=kpi.target,
                                baseline=kpi.baseline,
                                direction=kpi.direction.value,
                            ),
                            path=f"kpis[{i}].target",
                            code=ProblemCode.TARGET_WRONG_SIDE,
                        )
                    )
        origin = self._origin
        return [replace(p, path=origin.where(p.path)) for p in found] if origin else found

    def __eq__(self, other: object) -> bool:
        """Plans are equal when their fields are: where they were read from does not count."""
        if not isinstance(other, Plan):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]

    def located(self, path: str) -> str:
        """A field path with the file and line it was read from (`read_from`), if known."""
        return self._origin.where(path) if self._origin else path

    def read_from(self, origin: Origin) -> Plan:
        """Remember where the plan was read from, for its warnings to name the file and line.

        Returns:
            The plan itself.
        """
        self._origin = origin
        return self


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


def _check(plan: Plan) -> list[tuple[str, str | Message, ProblemCode]]:
    """Every cross-field breach of the plan, as (field path, message, code)."""
    breaches: list[tuple[str, str | Message, ProblemCode]] = []
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
                        msg(
                            "duplicate id {ident!r} (also {field}[{first}])",
                            ident=ident,
                            field=field,
                            first=first[ident],
                        ),
                        ProblemCode.ID_DUPLICATE,
                    )
                )
            first.setdefault(ident, i)
    owners: dict[str, int] = {}
    for i, owner in enumerate(plan.owners):
        if owner.name in owners:
            breaches.append(
                (
                    f"owners[{i}].name",
                    msg("duplicate owner {name!r}", name=owner.name),
                    ProblemCode.ID_DUPLICATE,
                )
            )
        owners.setdefault(owner.name, i)

    for team, currency in plan.team_currencies.items():
        if currency != plan.currency and currency not in plan.rates:
            breaches.append(
                (
                    f"team_currencies.{team}",
                    msg(
                        "{currency!r} has no rate into {plan_currency} in the plan's rates "
                        "({known})",
                        currency=currency,
                        plan_currency=plan.currency,
                        known=_known(sorted(plan.rates)),
                    ),
                    ProblemCode.REFERENCE_UNKNOWN,
                )
            )
    if plan.rates.get(plan.currency, 1) != 1:
        breaches.append(
            (
                f"rates.{plan.currency}",
                msg(
                    "the plan's own currency is worth 1, found {found}",
                    found=plan.rates[plan.currency],
                ),
                ProblemCode.FIELD_INVALID,
            )
        )
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
                        msg(
                            "{objective!r} is not a known objective ({known})",
                            objective=k.objective,
                            known=_known(objective_ids),
                        ),
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
                        msg(
                            "{ref!r} is not a known objective ({known})",
                            ref=ref,
                            known=_known(objective_ids),
                        ),
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
                        msg("{ref!r} is not a known KPI ({known})", ref=ref, known=_known(kpi_ids)),
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
                        msg(
                            "{owner!r} is not a known owner ({known})",
                            owner=a.owner,
                            known=_known(owner_names),
                        ),
                        ProblemCode.REFERENCE_UNKNOWN,
                    )
                )
            else:
                a.owner = found
        if a.start is not None and a.end is not None and a.end < a.start:
            breaches.append(
                (
                    f"actions[{i}].end",
                    msg(
                        "{end} is before start {start}",
                        end=a.end.isoformat(),
                        start=a.start.isoformat(),
                    ),
                    ProblemCode.END_BEFORE_START,
                )
            )
    return breaches


class _Breaches(ValueError):
    """The cross-field breaches of a plan, each with its field path and `ProblemCode`."""

    def __init__(self, items: list[tuple[str, str | Message, ProblemCode]]) -> None:
        super().__init__("\n".join(f"{path}: {msg}" for path, msg, _ in items))
        self.items = items


class _FieldError(ValueError):
    """A model validator's refusal of one field (`field`), with its catalog message."""

    def __init__(self, field: str, message: Message) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _shown(value: Any) -> str:
    """A value as quoted in a message, cut to a readable length."""
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:60]}…({len(text):,} characters)"


def _message(err: Any, path: str) -> str | Message:
    """The message of one of pydantic's errors, with the value found and what to write."""
    kind, loc = err["type"], tuple(err["loc"])
    if kind == "extra_forbidden" and loc and isinstance(loc[-1], str):
        model = model_at(Plan, loc)
        return messages.unknown_key(loc[-1], model.model_fields if model else ())
    if kind.startswith("date_") and "input" in err:
        return messages.bad_date(err["input"])
    raised = err.get("ctx", {}).get("error")
    caught = raised.args[0] if isinstance(raised, ValueError) and raised.args else None
    if kind == "value_error" and isinstance(caught, Message):  # (a validator's catalog message)
        return caught
    # pydantic's generic errors in the catalog, from their context; a type the catalog does
    # not word (and a validator's plain ValueError) keeps pydantic's English text
    text: str | Message | None = messages.pydantic_error(kind, err.get("ctx"))
    if text is None:
        text = str(err["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind not in ("value_error", "missing") and "input" in err:
        bad = err["input"]
        if not isinstance(bad, dict | list):
            text = messages.found(text, _shown(bad))
    return text


def problems_from(error: ValidationError) -> list[Problem]:
    """Turn pydantic's errors into `Problem` records with field paths and the bad values."""
    problems: list[Problem] = []
    cells: set[str] = set()  # extra columns' values, refused by every type a cell holds
    for err in error.errors(include_url=False):
        loc = tuple(err["loc"])
        if len(loc) > 3 and loc[-3] == "extra" and loc[-1] in _CELL_TYPES:
            path = _path(loc[:-1])
            if path not in cells:
                cells.add(path)
                cell = messages.not_a_cell_value(_shown(err.get("input")))
                problems.append(
                    Problem.of("error", cell, path=path, code=ProblemCode.FIELD_INVALID)
                )
            continue
        path = _path(loc)
        breaches = err.get("ctx", {}).get("error")
        if isinstance(breaches, _Breaches):
            for sub, text, code in breaches.items:
                problems.append(Problem.of("error", text, path=_join(path, sub), code=code))
            continue
        if isinstance(breaches, _FieldError):
            problems.append(
                Problem.of(
                    "error",
                    breaches.message,
                    path=_join(path, breaches.field),
                    code=ProblemCode.FIELD_INVALID,
                )
            )
            continue
        msg = _message(err, path)
        if err["type"] == "value_error" and not path:  # ("field: message", from a model validator)
            for line in str(msg).splitlines():
                sub, _, text = line.partition(": ")
                problems.append(
                    Problem("error", text, path=_join(path, sub), code=ProblemCode.FIELD_INVALID)
                )
            continue
        code = _CODES.get(err["type"], ProblemCode.FIELD_INVALID)
        problems.append(Problem.of("error", msg, path=path, code=code))
    return problems


_CELL_TYPES = frozenset({"str", "int", "float", "bool", "datetime", "date"})
_CODES = {"missing": ProblemCode.FIELD_MISSING, "extra_forbidden": ProblemCode.FIELD_UNKNOWN}


def _join(base: str, sub: str) -> str:
    if not base:
        return sub
    return f"{base}{sub}" if sub.startswith("[") else f"{base}.{sub}"


def _deepest_first(loc: Loc) -> list[tuple[int, int | str]]:
    return [(0, p) if isinstance(p, int) else (1, p) for p in loc]


def _cross_field(data: Any, error: ValidationError) -> list[Problem]:
    """The cross-field breaches of a plan some of whose fields were refused: pydantic runs the
    cross-field rules only on a plan whose fields all passed, so the refused fields are set
    aside in a copy (`set_aside`) and the rules run on what is left."""
    if not isinstance(data, dict):
        return []
    data = copy.deepcopy(data)
    for _ in range(8):  # each round sets aside what the previous one refused
        locs = []
        for err in error.errors(include_url=False):
            if isinstance(err.get("ctx", {}).get("error"), _Breaches):
                return [p for p in problems_from(error) if p.code in _CROSS_FIELD]
            loc = tuple(err["loc"])
            if not loc and "year" in data:  # the year shorthand, refused
                data.pop("year")
                data.setdefault("fiscal_year_start", PLACEHOLDER_DAY)
                continue
            locs.append(loc)
        changed = False
        for loc in sorted(set(locs), key=_deepest_first, reverse=True):
            changed |= set_aside(Plan, data, loc)
        if not changed:
            return []
        try:
            Plan.model_validate(data)
        except ValidationError as exc:
            error = exc
            continue
        return []
    return []


_CROSS_FIELD = {
    ProblemCode.REFERENCE_UNKNOWN,
    ProblemCode.ID_DUPLICATE,
    ProblemCode.END_BEFORE_START,
}


def validate_plan(data: Any, source: str = "") -> Plan:
    """Validate a mapping (as read from a plan file) into a `Plan`.

    Args:
        data: the plan as plain Python data.
        source: the file name, quoted in error messages.

    Returns:
        The validated plan, with ids assigned and references resolved to ids.

    Raises:
        PlanValidationError: listing every breach of every kind with its field path: the
            fields refused, and the cross-field rules checked on the rest.
    """
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        problems = problems_from(exc)
        seen = {(p.path, p.message) for p in problems}
        problems += [p for p in _cross_field(data, exc) if (p.path, p.message) not in seen]
        raise PlanValidationError(problems, source) from None
