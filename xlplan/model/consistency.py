"""The cross-field rules of a plan, checked once its fields are valid: ids unique, owners
named once, rates for the currencies used, references (objective, KPI, owner) known, an action's
end not before its start."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any

from ..errors import ProblemCode
from ..i18n import Message, msg
from .messages import did_you_mean, unknown_reference

if TYPE_CHECKING:
    from .plan import Plan

__all__ = ["Breaches", "FieldError", "breaches_of", "fold"]


def fold(text: str) -> str:
    """A name as compared: NFC, stripped, case-folded."""
    return unicodedata.normalize("NFC", text).strip().casefold()


def _known(names: list[str]) -> Message:
    shown = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
    return msg("known: {names}", names=shown) if names else msg("none is defined")


def _resolver(pairs: list[tuple[str, str]]) -> Any:
    """Map a reference (an id, or a title/name) to the canonical id; None if unknown."""
    exact = {key: ident for ident, key in pairs} | {ident: ident for ident, _ in pairs}
    folded = {fold(key): ident for ident, key in pairs} | {fold(i): i for i, _ in pairs}

    def resolve(ref: str) -> str | None:
        return exact.get(ref.strip()) or folded.get(fold(ref))

    return resolve


def breaches_of(plan: Plan) -> list[tuple[str, str | Message, ProblemCode]]:
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
    # what a hint may propose: ids first, then titles (a title close to the one typed)
    objective_names = objective_ids + [o.title for o in plan.objectives]
    kpi_names = kpi_ids + [k.name for k in plan.kpis]

    for i, k in enumerate(plan.kpis):
        if k.objective is not None:
            found = objective(k.objective)
            if found is None:
                said = msg(
                    "{objective!r} is not a known objective ({known})",
                    objective=k.objective,
                    known=_known(objective_ids),
                )
                breaches.append(
                    _unknown(f"kpis[{i}].objective", said, k.objective, objective_names)
                )
            else:
                k.objective = found
    for i, a in enumerate(plan.actions):
        for j, ref in enumerate(a.objectives):
            found = objective(ref)
            if found is None:
                said = msg(
                    "{ref!r} is not a known objective ({known})",
                    ref=ref,
                    known=_known(objective_ids),
                )
                breaches.append(
                    _unknown(f"actions[{i}].objectives[{j}]", said, ref, objective_names)
                )
            else:
                a.objectives[j] = found
        for j, ref in enumerate(a.kpis):
            found = kpi(ref)
            if found is None:
                said = msg("{ref!r} is not a known KPI ({known})", ref=ref, known=_known(kpi_ids))
                breaches.append(_unknown(f"actions[{i}].kpis[{j}]", said, ref, kpi_names))
            else:
                a.kpis[j] = found
        if a.owner is not None:
            found = owner(a.owner)
            if found is None:
                said = msg(
                    "{owner!r} is not a known owner ({known})",
                    owner=a.owner,
                    known=_known(owner_names),
                )
                breaches.append(_unknown(f"actions[{i}].owner", said, a.owner, owner_names))
            elif found != a.owner:  # (pydantic's assignment is slow: only when it changes)
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


class Breaches(ValueError):
    """The cross-field breaches of a plan, each with its field path and `ProblemCode`."""

    def __init__(self, items: list[tuple[str, str | Message, ProblemCode]]) -> None:
        super().__init__("\n".join(f"{path}: {msg}" for path, msg, _ in items))
        self.items = items


class FieldError(ValueError):
    """A model validator's refusal of one field (`field`), with its catalog message."""

    def __init__(self, field: str, message: Message) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _unknown(
    path: str, said: Message, ref: str, names: list[str]
) -> tuple[str, Message, ProblemCode]:
    """The breach of a reference to nothing known at `path`: `said`, and the closest of
    `names` as a hint."""
    return path, unknown_reference(said, did_you_mean(ref, names)), ProblemCode.REFERENCE_UNKNOWN
