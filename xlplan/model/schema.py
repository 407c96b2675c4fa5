"""The JSON Schema of plan files, for editors that validate and autocomplete ``plan.yaml``."""

from __future__ import annotations

from typing import Any

from .months import MONTH_NAMES
from .plan import Plan

_QUARTERLY = ("QuarterBudget", "QuarterActual", "QuarterMeasure")
_LISTS = ("objectives", "kpis", "participants")
_ACCENTED = "^(f\\u00e9vr|ao\\u00fbt|d\\u00e9c)$"
"""The French month keys with their accents (févr, août, déc), as a JSON Schema pattern."""


def plan_json_schema() -> dict[str, Any]:
    """The plan file's JSON Schema, including the shorthands the loader accepts.

    Shorthands: ``year: 2024`` for ``fiscal_year_start: 2024-01-01``; quarterly values as a
    list ``[q1, q2, q3, q4]`` or a mapping with ``Q1``…``Q4`` keys; an action's budget and
    actual spend also per month, as a list of 12 in fiscal order or a mapping of named months
    (``jan``…``dec``, French ``janv``…``déc`` too); an action's objectives, KPIs and
    participants as one comma-separated string, or null for none.
    """
    schema = Plan.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "xlplan plan file"
    props = schema["properties"]
    props["year"] = {
        "type": "integer",
        "minimum": 1900,
        "maximum": 9999,
        "description": "Shorthand: the fiscal year starts on 1 January of it.",
    }
    schema["required"] = [r for r in schema.get("required", []) if r != "fiscal_year_start"]
    schema["anyOf"] = [{"required": ["fiscal_year_start"]}, {"required": ["year"]}]
    defs = schema["$defs"]
    for name in _QUARTERLY:
        quarters = defs[name]["properties"]
        item = quarters["q1"]
        quarters |= {q.upper(): quarters[q] for q in ("q1", "q2", "q3", "q4")}
        forms = [defs[name], {"type": "array", "maxItems": 4, "items": item}]
        if "months" in quarters:
            forms += _monthly(quarters)
        defs[name] = {"anyOf": forms}
    action = defs["Action"]["properties"]
    for name in _LISTS:
        action[name] = {"anyOf": [action[name], {"type": "string"}, {"type": "null"}]}
    return schema


def _monthly(quarters: dict[str, Any]) -> list[dict[str, Any]]:
    """The monthly forms of an action's budget or actual spend: the ``months`` list itself
    (12 items, fiscal order), 12 items in place of the quarters, or named months (with
    quarters beside them, which must then be what their months add up to)."""
    months = quarters["months"]
    listed = next(form for form in months["anyOf"] if form.get("type") == "array")
    listed.update(minItems=12, maxItems=12)
    listed["description"] = "The 12 months in fiscal order (the first is the fiscal year's first)."
    item = listed["items"]
    named = {
        "type": "object",
        "description": (
            "Named months (English jan…dec or French janv…dec, accents optional); the quarters "
            "are their sums, per the plan's fiscal year start; a month not given is 0 (budget) "
            "or not entered yet (actual spend). Quarters given too must be those sums."
        ),
        "properties": {q: quarters[q] for q in quarters if q != "months"}
        | {name: item for names in MONTH_NAMES for name in names},
        "patternProperties": {_ACCENTED: item},
        "additionalProperties": False,
    }
    return [{**listed, "type": "array"}, named]
