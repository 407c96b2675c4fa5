"""What the workbook's formulas compute, computed in Python from the domain rules.

xlsxwriter stores a cached result with every formula; viewers, pandas and LibreOffice (which does
not recalculate on load by default) show that cached value. This module computes, for each
computed column of the layout spec, the value its formula yields, so the writer can store it —
in cell terms (floats, date serials, labels, "" for blank), from the rules of
`xlplan.model.rules`. The tests check every one against LibreOffice's own recalculation.

Results use the spreadsheet's conventions: floats for numbers, serial numbers for dates and ""
for an empty result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..model.enums import Lang
from ..model.plan import KPI, Action, Plan
from ..model.rules import elapsed_share, is_late, kpi_values, main_objective
from .formulas import TITLE_SEPARATOR, TITLE_WORD_BREAKS
from .labels import choice_label
from .spec import BUDGET, PLAN

Cell = float | int | str

_EPOCH = dt.date(1899, 12, 30)


def serial(day: dt.date) -> int:
    """The spreadsheet serial number of a date (1900 date system)."""
    return (day - _EPOCH).days


def _f(value: Decimal | None) -> Cell:
    return "" if value is None else float(value)


PLAN_KEYS = tuple(c.key for c in PLAN.columns if not c.is_input)
"""The computed columns of the action plan, in the order of `plan_values`."""


def plan_values(action: Action) -> tuple[Cell, ...]:
    """The action plan's computed cells of an action, in the order of `PLAN_KEYS`."""
    return float(action.budget.total), float(action.actual.total)


def plan_row(action: Action) -> dict[str, Cell]:
    return dict(zip(PLAN_KEYS, plan_values(action), strict=True))


BUDGET_KEYS = tuple(c.key for c in BUDGET.columns if not c.is_input)
"""The computed columns of the budget sheet, in the order of `budget_values`."""


def budget_values(action: Action) -> tuple[Cell, ...]:
    """The "Suivi budgétaire" row of an action, in the order of `BUDGET_KEYS` (every column of
    version 2's budget tracking, a superset of version 1's computed columns)."""
    budget, actual = action.budget, action.actual
    planned = (float(budget.q1), float(budget.q2), float(budget.q3), float(budget.q4))
    planned_total = sum(planned)
    actual_total = float(actual.total)
    actuals = (actual.q1, actual.q2, actual.q3, actual.q4)
    variances: list[Cell] = [
        "" if a is None else float(a) - p for p, a in zip(planned, actuals, strict=True)
    ]
    entered = [v for v in variances if v != ""]
    return (
        action.id,
        action.title,
        main_objective(action),
        action.owner or "",
        *planned,
        planned_total,
        *(_f(a) for a in actuals),
        actual_total,
        *variances,
        sum(entered) if entered else "",  # type: ignore[arg-type]
        "" if planned_total == 0 else actual_total / planned_total,
        action.team or "",
    )


def budget_row(action: Action, lang: Lang) -> dict[str, Cell]:
    """The "Suivi budgétaire" row of an action."""
    return dict(zip(BUDGET_KEYS, budget_values(action), strict=True))


def timeline_row(action: Action, lang: Lang) -> dict[str, Cell]:
    return {
        "id": action.id,
        "title": action.title,
        "owner": action.owner or "",
        "start": serial(action.start) if action.start else "",
        "end": serial(action.end) if action.end else "",
        "recurrence": choice_label("recurrence", action.recurrence, lang),
        "status": choice_label("status", action.status, lang),
        "team": action.team or "",
    }


def kpi_row(kpi: KPI, elapsed: float, lang: Lang) -> dict[str, Cell]:
    v = kpi_values(kpi, elapsed)
    return {
        "latest": _f(v.latest),
        "gap": "" if v.gap is None else v.gap,
        "attainment": "" if v.attainment is None else v.attainment,
        "status": choice_label("kpi_status", v.status, lang) if v.status else "",
    }


def group_rows(actions: list[Action], key: str) -> Callable[[str], dict[str, Cell]]:
    """`group_row` for many objectives (or owners): the actions are grouped once.

    Args:
        actions: the plan's actions.
        key: "objective" (the main one) or "owner".

    Returns:
        A function of the objective id (or owner name) giving its count, planned and actual.
    """
    planned = [a.budget.total for a in actions]
    return group_sums(names_of(actions, key), planned, [a.actual.total for a in actions])


def names_of(actions: list[Action], key: str) -> list[str]:
    """Each action's main objective (`key` "objective") or owner ("owner"), "" for none."""
    if key == "objective":
        return [main_objective(a) for a in actions]
    return [a.owner or "" for a in actions]


def group_sums(
    names: list[str], planned: list[Decimal], actual: list[Decimal]
) -> Callable[[str], dict[str, Cell]]:
    """Count, planned and actual per name (compared without regard to case, as COUNTIFS and
    SUMIFS do), from each action's name (main objective or owner) and totals.

    Returns:
        A function of the objective id (or owner name) giving its count, planned and actual.
    """
    groups: dict[str, list[Any]] = {}  # folded name -> [count, planned, actual]
    for name, p, x in zip(names, planned, actual, strict=True):
        folded = name.casefold()
        group = groups.get(folded)
        if group is None:
            groups[folded] = [1, p, x]
        else:
            group[0] += 1
            group[1] += p
            group[2] += x

    def row(match: str) -> dict[str, Cell]:
        count, p, x = groups.get(match.casefold(), (0, Decimal(0), Decimal(0)))
        return {"actions": count, "planned": float(p), "actual": float(x)}

    return row


def group_row(actions: list[Action], key: str, match: str) -> dict[str, Cell]:
    """Count, planned and actual of the actions whose main objective (or owner) is `match`.

    Mirrors COUNTIFS/SUMIFS, which compare text without regard to case.
    """
    return group_rows(actions, key)(match)


def team_rows(plan: Plan, as_of: dt.date) -> list[dict[str, Cell]]:
    """The dashboard's spend-by-team rows of a company plan, one per team (`rules.teams`):
    actions, planned, actual, % consumed and late actions, by the block's column keys
    (COUNTIFS and SUMIFS compare the team's name without regard to case)."""
    from ..model.rules import teams

    rows: list[dict[str, Cell]] = []
    for team in teams(plan):
        mine = [a for a in plan.actions if (a.team or "").casefold() == team.casefold()]
        planned = float(sum((a.budget.total for a in mine), Decimal(0)))
        actual = float(sum((a.actual.total for a in mine), Decimal(0)))
        rows.append(
            {
                "team": team,
                "actions": len(mine),
                "planned": planned,
                "actual": actual,
                "consumed": "" if planned == 0 else actual / planned,
                "late": sum(is_late(a, as_of) for a in mine),
            }
        )
    return rows


def own_currency(plan: Plan, team: str) -> tuple[str, float] | None:
    """A team's currency and its rate into the plan's currency (`Plan.team_currencies`,
    `Plan.rates`), as the dashboard looks them up in the guide's rates table (team names
    compared without regard to case); None when the rates table does not list the team."""
    found = [c for t, c in plan.team_currencies.items() if t.casefold() == team.casefold()]
    if len(found) != 1:
        return None
    currency = found[0]
    return currency, 1.0 if currency == plan.currency else float(plan.rates[currency])


@dataclass(frozen=True)
class Dashboard:
    planned: list[float]  # Q1..Q4
    actual: list[float]
    variance: list[float]  # actual - planned, over the actions whose actual was typed
    envelope: float | None
    overruns: int
    late: int
    kpis_behind: int
    elapsed: float

    @property
    def planned_total(self) -> float:
        return sum(self.planned)

    @property
    def actual_total(self) -> float:
        return sum(self.actual)


def dashboard(plan: Plan, as_of: dt.date) -> Dashboard:
    elapsed = elapsed_share(plan, as_of)
    planned = [0.0] * 4
    actual = [0.0] * 4
    planned_typed = [0.0] * 4  # planned, of the quarters whose actual is typed
    overruns = 0
    for a in plan.actions:
        for i, (p, x) in enumerate(zip(a.budget.values(), a.actual.values(), strict=True)):
            planned[i] += float(p)
            if x is not None:
                actual[i] += float(x)
                planned_typed[i] += float(p)
                overruns += float(x) > float(p)
    # (summed as the dashboard's formulas do: `formulas.typed_variance`)
    variance = [a - p for a, p in zip(actual, planned_typed, strict=True)]
    envelope = plan.envelope_total
    return Dashboard(
        planned=planned,
        actual=actual,
        variance=variance,
        envelope=None if envelope is None else float(envelope),
        overruns=overruns,
        late=sum(is_late(a, as_of) for a in plan.actions),
        kpis_behind=sum(kpi_values(k, elapsed).status == "behind" for k in plan.kpis),
        elapsed=elapsed,
    )


def title_words(value: str) -> str:
    """`value`'s words as the title's formula compares them (`formulas._words`): upper case,
    word breaks made spaces, one space between words and one at each end."""
    upper = value.upper()
    for ch in TITLE_WORD_BREAKS:
        upper = upper.replace(ch, " ")
    return " " + " ".join(word for word in upper.split(" ") if word) + " "


def plan_title(name: str, business: str) -> str:
    """The workbook's title, as `formulas.plan_title` composes it from the guide's cells.

    Args:
        name: the plan's name.
        business: the business's name.

    Returns:
        ``Plan d'action — Mimine``; the name alone when it holds the business's already as
        whole words (in any case: "Mimine 2027"), or when the business is blank; the business
        alone when the name is blank.
    """
    if not business.strip():
        return name
    if not name.strip():
        return business
    if title_words(business) in title_words(name):
        return name
    return f"{name}{TITLE_SEPARATOR}{business}"
