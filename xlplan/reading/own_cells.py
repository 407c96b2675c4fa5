"""What an input cell of an xlplan workbook says beside its value, once read: a percentage out of
its range (100 typed in a ``0 %`` cell is 10 000 %), a date or an amount typed as text (read,
but the workbook's own formulas do not see it); and the last problems, for a refusal."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..errors import Problem, ProblemCode, Severity, place
from ..i18n import Message, msg
from ..i18n.numbers import Number, percent
from ..layout.spec import Column
from ..model.enums import Lang

__all__ = ["summary", "typed_cell"]


def typed_cell(
    col: Column, raw: Any, value: Any, lang: Lang
) -> tuple[Severity, ProblemCode, Message] | None:
    """What is worth saying about a value read from an input cell, or None.

    Args:
        col: the cell's column.
        raw: the cell's value as the file holds it.
        value: the model value read from it (not None).
        lang: the workbook's language (its column headers).

    Returns:
        (severity, code, message): an error means the value cannot be used (the caller leaves
        it out); a warning, that it is read but the workbook's own formulas miss it.
    """
    if col.type == "percent" and isinstance(value, Decimal) and not 0 <= value <= 100:
        return (
            "error",
            ProblemCode.FIELD_INVALID,
            msg(
                "{column}: {found} found, expected between {low} and {high} (type {high} or 1)",
                column=col.header(lang).rstrip(" %"),
                found=Number(value, ",", " %"),
                low=percent(0, 0),
                high=percent(100, 0),
            ),
        )
    if type(raw) is not str:
        return None
    if col.type == "date":
        return (
            "warning",
            ProblemCode.DATE_AS_TEXT,
            msg(
                "the date is typed as the text {raw!r}: xlplan reads {value}, but the workbook's "
                "own formulas and sorting do not see it as a date; retype it as a date",
                raw=raw,
                value=value.isoformat(),
            ),
        )
    if col.type == "money":
        return (
            "warning",
            ProblemCode.AMOUNT_AS_TEXT,
            msg(
                "the amount is typed as the text {raw!r}: xlplan reads {value}, but the "
                "workbook's own totals leave text out; retype it as a number",
                raw=raw,
                value=value,
            ),
        )
    return None


def summary(problems: list[Problem]) -> str | Message:
    """Problems as one text (``Sheet!B4: message; …``), for an error that lists them."""
    said: str | Message = ""
    for p in problems:
        at = place(p.sheet, p.cell) if p.sheet else p.path
        one = p.localized or p.message
        part = msg("{where}: {message}", where=at, message=one) if at else one
        said = msg("{first}; {second}", first=said, second=part) if said else part
    return said
