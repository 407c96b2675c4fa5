"""The mapping between model values and cell values, per column type of the layout spec."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .layout import Column, Lang, choice_label

CellValue = str | float | int | bool | dt.date | dt.datetime | None


def get_field(obj: Any, path: str) -> Any:
    """The value at a dotted attribute path (``budget.q1``) of a model object."""
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def to_cell(col: Column, value: Any, lang: Lang) -> CellValue:
    """The cell value that shows a model value in a column of the given type.

    Lists become ``"O1, O2"``, enum values their label in `lang`, money and numbers floats,
    progress (0–100) a fraction for the ``0%`` format; None and "" an empty cell.
    """
    if value is None or value == "" or value == []:
        return None
    if col.type == "refs":
        return ", ".join(value)
    if col.type == "choice":
        return choice_label(col.choices, value, lang)
    if col.type == "percent" and isinstance(value, Decimal):
        return float(value / 100)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value  # type: ignore[no-any-return]
