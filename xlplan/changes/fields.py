"""The fields of a plan's items as flat, comparable values: ``budget.q1``, ``extra.Pays``…

`flat` turns an action, objective, KPI, owner or the plan itself (without its lists) into a
mapping from dotted field names to the model's values, enums as their text (`plan_fields`
for the plan itself: an id nobody typed is no value); `put` sets one dotted field back in the
plain data a model is validated from (`apply`).
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel

from ..model.plan import Plan
from .result import Value

__all__ = ["LISTS", "derived_id", "flat", "plan_fields", "put", "same"]

LISTS = ("objectives", "kpis", "owners", "actions")
"""The plan's lists of items: compared item by item, not as plan fields."""

_PLAN_SKIP = frozenset({*LISTS, "schema_version"})


def _plain(value: Any) -> Value:
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, list | tuple):  # (a tuple: an action's months, `model.months`)
        return [_plain(v) for v in value]  # type: ignore[return-value]
    return value  # type: ignore[no-any-return]


def flat(model: BaseModel, plan_level: bool = False) -> dict[str, Value]:
    """The model's fields, nested ones dotted (``budget.q1``, ``envelope.amount``).

    An extra column holding no value is left out, as if the column were not there.
    """
    out: dict[str, Value] = {}
    for name, value in model.model_dump(mode="python").items():
        if plan_level and name in _PLAN_SKIP:
            continue
        if name == "extra":
            for column, cell in value.items():
                if cell is not None:
                    out[f"extra.{column}"] = cell
        elif isinstance(value, dict):
            for sub, inner in value.items():
                out[f"{name}.{sub}"] = _plain(inner)
        else:
            out[name] = _plain(value)
    return out


def derived_id(plan: Plan) -> str:
    """The id the model makes for `plan` from its name and fiscal year when none is typed."""
    return Plan(name=plan.name, fiscal_year_start=plan.fiscal_year_start).id


def plan_fields(old: Plan, new: Plan) -> tuple[dict[str, Value], dict[str, Value]]:
    """The plan-level fields of both plans (`flat`), an id that the model made from either
    plan's name and year as "": no id typed (it follows the name and year, compared
    themselves; a workbook keeps the id its plan had when it was built)."""
    made = {derived_id(old), derived_id(new)}
    out = flat(old, plan_level=True), flat(new, plan_level=True)
    for fields in out:
        if fields.get("id") in made:
            fields["id"] = ""
    return out


def same(a: Value, b: Value) -> bool:
    """Equal values of the same kind (True is not 1, a date is not a date and time)."""
    if type(a) is type(b):  # (nearly always: the fast way)
        return a == b
    return _kind(a) == _kind(b) and a == b


def _kind(value: Value) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float | Decimal):
        return "number"
    return type(value).__name__


_MAPPINGS = frozenset({"extra", "rates", "team_currencies"})
"""The fields that are mappings whose keys come and go (an extra column, a currency's rate, a
team's currency): None removes the key."""


def put(data: dict[str, Any], field: str, value: Value) -> None:
    """Set a dotted field in plain model data; None removes a key of a mapping field (an extra
    column's value, a rate, a team's currency)."""
    head, _, rest = field.partition(".")
    if not rest:
        data[head] = value
        return
    inner = data.setdefault(head, {})
    if inner is None:
        inner = data[head] = {}
    if value is None and head in _MAPPINGS:
        inner.pop(rest, None)
    else:
        inner[rest] = value
