"""The JSON Schema of plan files, for editors that validate and autocomplete ``plan.yaml``."""

from __future__ import annotations

from typing import Any

from .plan import Plan

_QUARTERLY = ("QuarterBudget", "QuarterActual", "QuarterMeasure")
_LISTS = ("objectives", "kpis", "participants")


def plan_json_schema() -> dict[str, Any]:
    """The plan file's JSON Schema, including the shorthands the loader accepts.

    Shorthands: ``year: 2024`` for ``fiscal_year_start: 2024-01-01``; quarterly values as a
    list ``[q1, q2, q3, q4]`` or a mapping with ``Q1``…``Q4`` keys; an action's objectives,
    KPIs and participants as one comma-separated string, or null for none.
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
        defs[name] = {"anyOf": [defs[name], {"type": "array", "maxItems": 4, "items": item}]}
    action = defs["Action"]["properties"]
    for name in _LISTS:
        action[name] = {"anyOf": [action[name], {"type": "string"}, {"type": "null"}]}
    return schema
