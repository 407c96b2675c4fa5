"""Several plans into one company plan.

Each action keeps its plan of origin (its `team`, the *Plan / Équipe* column) and gets an ID
prefixed with its team's code (``MKT-A1``); objectives and KPIs are kept per plan, prefixed the
same way, unless the map merges them; owners are merged by name (case and accents as typed
aside); amounts are converted into the company currency at the rates given, and the rates used
and each team's currency go with the company plan (`Plan.rates`, `Plan.team_currencies`: its Guide's
rates table); dates move with the fiscal year when the plans are put on one (``--year``);
envelopes are summed — a plan without one counts its planned budget, as its workbook does —
unless a company envelope is given.

Monthly figures (`QuarterBudget.months`, `QuarterActual.months`) are kept. Put on the company's
fiscal year, a plan's figures keep their place in its fiscal year: its quarter *n* is the
company's quarter *n*, its fiscal month *n* the company's fiscal month *n*, and its dates move
by the months between the two fiscal year starts — so each month's money stays with the dates
it was planned for (a January plan put on a year from April: its January, and the actions of
January, become the company's April). The same holds for a quarterly-only plan moved by a
number of months that is not a multiple of 3: its quarters stay its quarters, its dates move.
Converted, each month is rounded to the cent and the quarters are the months' sums (they can
differ by a cent or two from the quarter converted whole; a quarterly plan's quarters are
converted whole, as before).
"""

from __future__ import annotations

import calendar
import datetime as dt
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..errors import Problem, XlplanError
from ..i18n import msg
from ..model.enums import QUARTERS, Lang
from ..model.plan import (
    KPI,
    Action,
    Envelope,
    Objective,
    Owner,
    Plan,
    QuarterActual,
    QuarterBudget,
)
from .options import ConsolidationMap, Rates
from .sources import Loaded

__all__ = ["Consolidation", "ConsolidationError", "Origin", "Source", "merge"]

_CENT = Decimal("0.01")


class ConsolidationError(XlplanError, ValueError):
    """Plans that cannot be consolidated as asked: different fiscal years or currencies without
    the means to reconcile them, or a map that names what the plans do not have."""


@dataclass(frozen=True)
class Source:
    """One plan of the consolidation, as it joined the company plan.

    Args:
        file: the file it was read from ("" for a plan given as an object).
        kind: "plan file", "workbook" or "object".
        team: its team code: the prefix of its IDs and its *Plan / Équipe* value.
        name: the plan's name; business: its business.
        currency: its currency; rate: one unit of it in the company currency.
        fiscal_year_start: its fiscal year's first day; months_moved: how many months its
            dates moved to fall in the company's fiscal year.
        envelope: what it adds to the company envelope (company currency): its envelope, or
            its planned budget when it has none (`envelope_is_planned`).
        planned, actual: its planned budget and actual spend (company currency).
        actions: its number of actions.
        problems: what reading it found, each with its sheet and cell.
    """

    file: str
    kind: str
    team: str
    name: str
    business: str
    currency: str
    rate: Decimal
    fiscal_year_start: dt.date
    months_moved: int
    envelope: Decimal
    envelope_is_planned: bool
    planned: Decimal
    actual: Decimal
    actions: int
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Origin:
    """Where an action of the company plan comes from.

    Args:
        id: its ID in the company plan (``MKT-A1``).
        team: its team code.
        file: the source file ("" for a plan given as an object).
        source_id: its ID in its own plan (``A1``).
        sheet, cell: the sheet and cell of its ID (or action text) in a source workbook; for
            a YAML plan file, no sheet and the line its action starts on (``line 170``).
        path: its field path in its own plan (``actions[0]``).
    """

    id: str
    team: str
    file: str
    source_id: str
    sheet: str
    cell: str
    path: str


@dataclass(frozen=True)
class Consolidation:
    """The company plan and where each part of it comes from.

    Args:
        plan: the company plan (actions with their `team`), ready for `xlplan.build`.
        sources: each plan consolidated, in the order given.
        origins: each action's origin, in the company plan's order.
        merged: the objectives and KPIs merged by the map: ``{"objectives": {"COM-O1":
            "MKT-O1"}, "kpis": {…}}``.
        rates: the rates used, currency -> one unit in the company currency.
    """

    plan: Plan
    sources: tuple[Source, ...]
    origins: tuple[Origin, ...]
    merged: Mapping[str, Mapping[str, str]]
    rates: Mapping[str, Decimal]

    @property
    def problems(self) -> list[tuple[str, Problem]]:
        """Every problem the sources showed, with the file each one is in."""
        return [(s.file, p) for s in self.sources for p in s.problems]


def _name(source: Loaded) -> str:
    return source.file or source.plan.name


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().casefold()


def shift(day: dt.date | None, months: int) -> dt.date | None:
    """`day` moved by `months`; the last day of a month stays the last day of its month."""
    if day is None or months == 0:
        return day
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    last = calendar.monthrange(year, month)[1]
    was_last = day.day == calendar.monthrange(day.year, day.month)[1]
    return dt.date(year, month, last if was_last else min(day.day, last))


def _months(start: dt.date, company: dt.date) -> int:
    return (company.year - start.year) * 12 + company.month - start.month


def _money(value: Decimal, rate: Decimal) -> Decimal:
    return value if rate == 1 else (value * rate).quantize(_CENT, ROUND_HALF_UP)


def _budget(budget: QuarterBudget, rate: Decimal) -> QuarterBudget:
    """An action's budget in the company currency. Monthly figures are converted month by month
    (each rounded to the cent) and its quarters are their sums, as the model wants; they keep
    their place in the fiscal year, as the quarters do (see the module's docstring)."""
    if budget.months is not None:
        return QuarterBudget.from_months([_money(v, rate) for v in budget.months])
    return QuarterBudget(
        **{q: _money(v, rate) for q, v in zip(QUARTERS, budget.values(), strict=True)}
    )


def _actual(actual: QuarterActual, rate: Decimal) -> QuarterActual:
    """An action's actual spend in the company currency: `_budget`'s rule, a month or quarter
    not entered (None) staying so."""
    if actual.months is not None:
        return QuarterActual.from_months(
            [None if v is None else _money(v, rate) for v in actual.months]
        )
    return QuarterActual(
        **{
            q: None if v is None else _money(v, rate)
            for q, v in zip(QUARTERS, actual.values(), strict=True)
        }
    )


def _fiscal_year(loaded: Sequence[Loaded], start: dt.date | None) -> dt.date:
    if start is not None:
        return start
    first = loaded[0].plan.fiscal_year_start
    other = next((s for s in loaded if s.plan.fiscal_year_start != first), None)
    if other is not None:
        raise ConsolidationError(
            msg(
                "plans of different fiscal years: {plan} starts on {first}, {other} on "
                "{other_start}; give --year or --start for the company's fiscal "
                "year (each plan's quarters become its quarters, its dates move with "
                "them)",
                plan=_name(loaded[0]),
                first=first,
                other=_name(other),
                other_start=other.plan.fiscal_year_start,
            )
        )
    return first


def _rates(loaded: Sequence[Loaded], rates: Rates | None) -> tuple[str, list[Decimal]]:
    company = (rates.currency if rates else None) or loaded[0].plan.currency
    if rates and rates.rates.get(company, 1) != 1:  # (a rate that would be silently ignored)
        raise ConsolidationError(
            f"rates.{company}: the company currency is worth 1, found {rates.rates[company]}"
        )
    found: list[Decimal] = []
    for source in loaded:
        currency = source.plan.currency
        rate = (
            rates.rate(currency, company)
            if rates
            else (Decimal(1) if currency == company else None)
        )
        if rate is None:
            if rates is None:
                raise ConsolidationError(
                    msg(
                        "plans in different currencies: {plan} is in {company}, {other} in "
                        "{currency}; give --rates with one rate per currency (what 1 "
                        "{currency} is worth in {company})",
                        plan=_name(loaded[0]),
                        company=company,
                        other=_name(source),
                        currency=currency,
                    )
                )
            raise ConsolidationError(
                msg(
                    "{plan} is in {currency} and the rates give none for it (what 1 "
                    "{currency} is worth in {company})",
                    plan=_name(source),
                    currency=currency,
                    company=company,
                )
            )
        found.append(rate)
    return company, found


def _check_map(kind: str, merged: Mapping[str, str], known: list[str], source: str) -> None:
    where = f"{source}: {kind}" if source else kind
    shown = ", ".join(known[:12]) + (", …" if len(known) > 12 else "")
    for key, target in merged.items():
        for ident in (key, target):
            if ident not in known:
                raise ConsolidationError(
                    msg(
                        "{where}: {ident!r} is not one of the plans' {kind} (known: {shown})",
                        where=where,
                        ident=ident,
                        kind=kind,
                        shown=shown,
                    )
                )
        if target in merged or key == target:
            raise ConsolidationError(
                msg(
                    "{where}: {key!r} is merged into {target!r}, which is itself merged; "
                    "name the one it is kept as",
                    where=where,
                    key=key,
                    target=target,
                )
            )


def _check_ids(mapping: ConsolidationMap, known: list[str]) -> None:
    """The map's action IDs: of actions the plans have, each new ID used once."""
    where = f"{mapping.source}: actions" if mapping.source else "actions"
    final = [mapping.actions.get(i, i) for i in known]
    for key, target in mapping.actions.items():
        if key not in known:
            shown = ", ".join(known[:12]) + (", …" if len(known) > 12 else "")
            raise ConsolidationError(
                msg(
                    "{where}: {key!r} is not one of the plans' actions ({shown})",
                    where=where,
                    key=key,
                    shown=shown,
                )
            )
        if final.count(target) > 1:
            raise ConsolidationError(
                msg(
                    "{where}: {target!r} would be the ID of two actions", where=where, target=target
                )
            )


def merge(
    loaded: Sequence[Loaded],
    teams: Sequence[str],
    *,
    mapping: ConsolidationMap | None = None,
    rates: Rates | None = None,
    start: dt.date | None = None,
    envelope: Decimal | None = None,
    name: str | None = None,
    business: str | None = None,
    lang: Lang | None = None,
) -> Consolidation:
    """Merge plans already read into one company plan (see the module's docstring).

    Args:
        loaded: the plans, in order.
        teams: each plan's team code (`sources.team_codes`).
        mapping: objectives and KPIs merged across plans.
        rates: conversion into the company currency (needed when currencies differ).
        start: the company's fiscal year start (needed when the plans' differ).
        envelope: the company envelope, instead of the sum of the plans'.
        name, business, lang: the company plan's; by default the plans' names and businesses
            joined with " + ", the first plan's language.

    Raises:
        ConsolidationError: different fiscal years or currencies without `start` or `rates`,
            or a map naming an objective or KPI that no plan has.
    """
    if not loaded:
        raise ConsolidationError(msg("no plan to consolidate"))
    mapping = mapping or ConsolidationMap()
    company_start = _fiscal_year(loaded, start)
    currency, found_rates = _rates(loaded, rates)
    pairs = list(zip(loaded, teams, strict=True))
    objective_ids = [f"{t}-{o.id}" for s, t in pairs for o in s.plan.objectives]
    kpi_ids = [f"{t}-{k.id}" for s, t in pairs for k in s.plan.kpis]
    _check_map("objectives", mapping.objectives, objective_ids, mapping.source)
    _check_map("kpis", mapping.kpis, kpi_ids, mapping.source)
    _check_ids(mapping, [f"{t}-{a.id}" for s, t in pairs for a in s.plan.actions])

    objectives: list[Objective] = []
    kpis: list[KPI] = []
    owners: dict[str, Owner] = {}
    owner_teams: dict[str, list[str]] = {}
    actions: list[Action] = []
    sources: list[Source] = []
    origins: list[Origin] = []
    for source, team, rate in zip(loaded, teams, found_rates, strict=True):
        plan = source.plan
        moved = _months(plan.fiscal_year_start, company_start)
        obj = {
            o.id: mapping.objectives.get(f"{team}-{o.id}", f"{team}-{o.id}")
            for o in plan.objectives
        }
        kpi = {k.id: mapping.kpis.get(f"{team}-{k.id}", f"{team}-{k.id}") for k in plan.kpis}
        for o in plan.objectives:
            if obj[o.id] == f"{team}-{o.id}":
                objectives.append(
                    o.model_copy(update={"id": obj[o.id], "deadline": shift(o.deadline, moved)})
                )
        for k in plan.kpis:
            if kpi[k.id] == f"{team}-{k.id}":
                kpis.append(
                    k.model_copy(
                        update={
                            "id": kpi[k.id],
                            "objective": None if k.objective is None else obj[k.objective],
                            "actual": k.actual.model_copy(),
                        }
                    )
                )
        names: dict[str, str] = {}
        for owner in plan.owners:
            kept = owners.setdefault(_fold(owner.name), owner.model_copy())
            kept.role, kept.contact = kept.role or owner.role, kept.contact or owner.contact
            names[owner.name] = kept.name
            listed = owner_teams.setdefault(_fold(owner.name), [])
            if team not in listed:
                listed.append(team)
        planned = actual = Decimal(0)
        for i, a in enumerate(plan.actions):
            budget, spent = _budget(a.budget, rate), _actual(a.actual, rate)
            planned += budget.total
            actual += spent.total
            ident = mapping.actions.get(f"{team}-{a.id}", f"{team}-{a.id}")
            actions.append(
                a.model_copy(
                    update={
                        "id": ident,
                        "objectives": [obj[o] for o in a.objectives],
                        "kpis": [kpi[k] for k in a.kpis],
                        "owner": None if a.owner is None else names.get(a.owner, a.owner),
                        "participants": list(a.participants),
                        "start": shift(a.start, moved),
                        "end": shift(a.end, moved),
                        "budget": budget,
                        "actual": spent,
                        "extra": dict(a.extra),
                        "team": team,
                    }
                )
            )
            sheet, cell = source.locations.get(a.id, ("", ""))
            origins.append(Origin(ident, team, source.file, a.id, sheet, cell, f"actions[{i}]"))
        own_envelope = plan.envelope_total
        sources.append(
            Source(
                file=source.file,
                kind=source.kind,
                team=team,
                name=plan.name,
                business=plan.business,
                currency=plan.currency,
                rate=rate,
                fiscal_year_start=plan.fiscal_year_start,
                months_moved=moved,
                envelope=planned if own_envelope is None else _money(own_envelope, rate),
                envelope_is_planned=own_envelope is None,
                planned=planned,
                actual=actual,
                actions=len(plan.actions),
                problems=tuple(source.problems),
            )
        )
    for key, owner in owners.items():
        owner.team = ", ".join(owner_teams[key])

    if envelope is not None:
        company_envelope = Envelope(amount=envelope)
    elif all(s.envelope_is_planned for s in sources):
        company_envelope = Envelope()
    else:
        company_envelope = Envelope(amount=sum((s.envelope for s in sources), Decimal(0)))
    plans = [s.plan for s in loaded]
    checks = plans[0].checks if all(p.checks == plans[0].checks for p in plans) else None

    # The conversion travels with the company plan (its Guide's rates table) when there was one.
    used = {s.currency for s in sources} - {currency}
    rates_used = {c: r for c, r in (rates.rates.items() if rates else ()) if c in used}
    conversion: dict[str, object] = (
        {"rates": rates_used, "team_currencies": {s.team: s.currency for s in sources}}
        if rates_used
        else {}
    )

    def joined(values: list[str]) -> str:
        return " + ".join(dict.fromkeys(v for v in values if v))

    try:
        company = Plan(
            name=name or joined([p.name for p in plans]),
            business=business if business is not None else joined([p.business for p in plans]),
            fiscal_year_start=company_start,
            currency=currency,
            language=lang or plans[0].language,
            envelope=company_envelope,
            timeline="weeks" if all(p.timeline == "weeks" for p in plans) else "months",
            **({"checks": checks.model_copy()} if checks is not None else {}),
            **conversion,
            objectives=objectives,
            kpis=kpis,
            owners=list(owners.values()),
            actions=actions,
        )
    except ValueError as exc:  # (a pydantic ValidationError: the plans' own rules)
        from pydantic import ValidationError

        from ..model.validation import problems_from

        if not isinstance(exc, ValidationError):
            raise
        shown = "; ".join(str(p) for p in problems_from(exc)[:3])
        raise ConsolidationError(
            msg("the company plan is not valid: {shown}", shown=shown)
        ) from None
    return Consolidation(
        plan=company,
        sources=tuple(sources),
        origins=tuple(origins),
        merged={"objectives": dict(mapping.objectives), "kpis": dict(mapping.kpis)},
        rates=rates_used,
    )
