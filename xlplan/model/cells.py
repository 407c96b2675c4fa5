"""What a spreadsheet cell can hold, as the plan's field types: every text, number and date of a
plan is checked here once, at validation, so that whatever validates can be written to a
workbook, read back by xlplan and by a spreadsheet application, and rendered, unchanged.

- Text: at most `MAX_TEXT` characters (Excel's cell limit, counted as Excel counts: UTF-16
  units), and only characters a file can store (no lone surrogate, no U+FFFE/U+FFFF). Control
  characters are kept: the writer escapes them as spreadsheets do.
- Numbers: finite and at most `MAX_NUMBER` in size (a spreadsheet keeps 15 significant digits;
  beyond, a figure would not come back as it was, and sums could overflow).
- Dates: between `FIRST_DAY` and `LAST_DAY`, Excel's calendar; date-times without a time zone,
  to the second (a cell holds a date-time as a fraction of a day), after `FIRST_DAY`; an extra
  column's date-time at midnight is the day itself, as a cell holds it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from typing import Annotated, Any, Final

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer

from . import messages

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "MAX_NAME",
    "MAX_NUMBER",
    "MAX_TEXT",
    "CellDate",
    "ExtraValue",
    "Money",
    "Name",
    "Number",
    "Text",
    "check_date",
    "check_number",
    "check_text",
]

MAX_TEXT: Final = 32_767
"""Characters in a cell (Excel's limit)."""
MAX_NAME: Final = 1_000
"""Characters of the plan's name and business, which titles repeat with other words."""
MAX_NUMBER: Final = Decimal(10**15 - 1)
"""The largest figure (in absolute value): 15 digits, what a spreadsheet keeps exactly."""
FIRST_DAY: Final = dt.date(1900, 1, 1)
LAST_DAY: Final = dt.date(9999, 12, 31)

_NOT_CHARACTERS: Final = re.compile("[\ud800-\udfff\ufffe\uffff]")


def check_text(value: str, limit: int = MAX_TEXT) -> str:
    """The text unchanged, if a cell can hold it.

    Raises:
        ValueError: too long, or holding what is not a character.
    """
    if value.isascii():
        if len(value) > limit:
            raise ValueError(messages.text_too_long(len(value), limit))
        return value
    bad = _NOT_CHARACTERS.search(value)
    if bad:
        raise ValueError(messages.text_unencodable(bad.start(), bad.group()))
    if len(value) > limit // 2 and len(value.encode("utf-16-le")) // 2 > limit:
        raise ValueError(messages.text_too_long(len(value.encode("utf-16-le")) // 2, limit))
    return value


def _check_name(value: str) -> str:
    return check_text(value, MAX_NAME)


def check_number(value: Decimal) -> Decimal:
    """The number unchanged, if a cell holds it exactly.

    Raises:
        ValueError: not finite, or too large.
    """
    if not value.is_finite():
        raise ValueError(messages.not_a_number(value))
    if abs(value) > MAX_NUMBER:
        raise ValueError(messages.number_too_large(value, MAX_NUMBER))
    return value


def check_date(value: dt.date) -> dt.date:
    """The date unchanged, if a spreadsheet's calendar holds it (and, for a date-time, without
    a time zone).

    Raises:
        ValueError: before 1900, or with a time zone.
    """
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            raise ValueError(messages.time_zone(value))
        if value.microsecond:
            raise ValueError(messages.date_time_fraction(value))
        if not FIRST_DAY < value.date() <= LAST_DAY:  # (on day 1, readers see a time)
            raise ValueError(messages.date_out_of_range(value.date(), FIRST_DAY, LAST_DAY))
    elif not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(messages.date_out_of_range(value, FIRST_DAY, LAST_DAY))
    return value


def _plain_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


Text = Annotated[str, AfterValidator(check_text)]
Name = Annotated[str, AfterValidator(_check_name)]
# (Decimal refuses infinity and NaN by itself; the bounds are pydantic-core's, not a Python
# validator per figure: a monthly plan of 10 000 actions holds 400 000 figures)
Number = Annotated[
    Decimal,
    Field(ge=-MAX_NUMBER, le=MAX_NUMBER),
    PlainSerializer(_plain_number, when_used="json"),
]
Money = Annotated[
    Decimal, Field(ge=0, le=MAX_NUMBER), PlainSerializer(_plain_number, when_used="json")
]
CellDate = Annotated[dt.date, AfterValidator(check_date)]


def _extra_value(value: Any) -> Any:
    """An extra column's value, if a cell can hold it (checked before pydantic picks the type,
    so that each kind of value is checked by its own rule)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(messages.not_a_number(value, "text, a number or a date"))
        check_number(Decimal(value))
    elif isinstance(value, int):
        check_number(Decimal(value))
    elif isinstance(value, Decimal):  # (a JSON integer too long for int)
        check_number(value)
    elif isinstance(value, dt.date):
        check_date(value)
        if isinstance(value, dt.datetime) and value.time() == dt.time():
            return value.date()  # (a cell holds midnight of a day as the day: read back so)
    elif isinstance(value, str):
        check_text(value)
    return value


ExtraValue = Annotated[
    str | int | float | bool | dt.datetime | dt.date | None, BeforeValidator(_extra_value)
]
