"""The plan model: typed, validated plan objects that know nothing of Excel.

A `Plan` holds objectives, KPIs, owners (*responsables*) and actions, each action with a planned
budget and optional actual spend per fiscal quarter. Validation collects every breach at once and
names the field path and the bad value (``actions[3].owner: 'Zoe' is not a known owner ...``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import replace
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from ..errors import Problem, ProblemCode
from ..i18n import msg
from . import messages
from .cells import LAST_DAY, CellDate, Name, Text
from .consistency import Breaches, FieldError, breaches_of, fold
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
]

SCHEMA_VERSION = 1
LAST_FISCAL_START = dt.date(9998, 12, 1)
"""The last first day of a fiscal year whose months and 53 weeks all stay in the calendar."""


def _add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    return dt.date(day.year + year, month + 1, 1)


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
                    raise FieldError(
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
            ascii_name = unicodedata.normalize("NFKD", fold(self.name)).encode("ascii", "ignore")
            slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.decode()).strip("-") or "plan"
            self.id = f"{slug}-{self.fiscal_year_start:%Y-%m}"
        _assign_ids(self.objectives, "O")
        _assign_ids(self.kpis, "K")
        _assign_ids(self.actions, "A")
        breaches = breaches_of(self)
        if breaches:
            raise Breaches(breaches)
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
        return [self.located(p) for p in found]

    def __eq__(self, other: object) -> bool:
        """Plans are equal when their fields are: where they were read from does not count."""
        if not isinstance(other, Plan):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]

    def located(self, problem: Problem) -> Problem:
        """`problem` with the file and line its field was read from (`read_from`), if known."""
        origin = self._origin
        if origin is None:
            return problem
        return replace(problem, file=origin.source, line=origin.lines.get(problem.path))

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
