"""Calendar dates from date cells, serial numbers (1900 and 1904 systems) or text (ISO, or day
first such as ``15/03/2024``); two-digit years and month-first texts are refused."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from decimal import Decimal
from typing import Final

from ...i18n import msg
from .cell import fail, finite, refuse_error_value

__all__ = ["parse_date"]

_EXPECT_DATE: Final = msg("expected a date such as 15/03/2024 or 2024-03-15")
_EPOCH_1900_EARLY: Final = dt.date(1899, 12, 31)  # serials 1 to 59: 1900-01-01 to 1900-02-28
_EPOCH_1900: Final = dt.date(1899, 12, 30)  # serials 61 and later, past the fictitious 29/02/1900
_EPOCH_1904: Final = dt.date(1904, 1, 1)  # serial 0 in the 1904 system (old Mac workbooks)
_TIME: Final = (
    r"(?:[T ](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?)?"
)


@functools.cache  # (compiled on first use: most workbooks hold dates, not texts of dates)
def _written() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The ways a date is written as text: year first (ISO), day first, a two-digit year."""
    return (
        re.compile(
            rf"(?P<year>\d{{4}})(?P<sep>[-/.])(?P<month>\d{{1,2}})(?P=sep)(?P<day>\d{{1,2}}){_TIME}"
        ),
        re.compile(
            rf"(?P<day>\d{{1,2}})(?P<sep>[-/.])(?P<month>\d{{1,2}})(?P=sep)(?P<year>\d{{4}}){_TIME}"
        ),
        re.compile(rf"\d{{1,2}}(?P<sep>[-/.])\d{{1,2}}(?P=sep)\d{{2}}{_TIME}"),
    )


def _in_range(value: object, day: dt.date) -> dt.date:
    """`day` if its year is between 1900 and 9999, else raise."""
    if not 1900 <= day.year <= 9999:
        raise fail(value, msg("expected a date between 1900 and 9999"))
    return day


def _date_from_serial(value: object, serial: Decimal, date1904: bool) -> dt.date:
    """The date of a spreadsheet serial number; a fraction (the time of day) is dropped."""
    day = math.floor(serial)
    if date1904:
        if day < 0:
            raise fail(
                value, msg("{expected}: a date serial number is 0 or more", expected=_EXPECT_DATE)
            )
        epoch = _EPOCH_1904
    elif day == 60:
        raise fail(
            value,
            msg(
                "serial 60 is 29/02/1900, a day that never existed (Excel keeps it for"
                " compatibility with Lotus 1-2-3): expected a real date"
            ),
        )
    elif day < 1:
        raise fail(
            value, msg("{expected}: a date serial number is 1 or more", expected=_EXPECT_DATE)
        )
    else:
        epoch = _EPOCH_1900_EARLY if day < 60 else _EPOCH_1900
    try:
        return _in_range(value, epoch + dt.timedelta(days=day))
    except OverflowError:
        raise fail(value, msg("expected a date between 1900 and 9999")) from None


def _time_ok(match: re.Match[str]) -> bool:
    """Whether the optional time of a date text is a real time of day."""
    if match.group("hour") is None:
        return True
    second = match.group("second") or "0"
    return int(match.group("hour")) < 24 and int(match.group("minute")) < 60 and int(second) < 60


def _date_from_text(value: object, text: str) -> dt.date:
    """The date written in `text`: year first (ISO) or day first (dd/mm/yyyy), or raise."""
    year_first, day_first, short_year = _written()
    match = year_first.fullmatch(text) or day_first.fullmatch(text)
    if match is None:
        if short_year.fullmatch(text):
            raise fail(
                value, msg("a two-digit year is ambiguous: expected a date such as 15/03/2024")
            )
        raise fail(value, _EXPECT_DATE)
    year, month, day = (int(match.group(name)) for name in ("year", "month", "day"))
    if match.re is day_first and month > 12 and day <= 12:
        raise fail(
            value,
            msg(
                "expected day/month/year such as 15/03/2024, and {month} cannot be a month",
                month=month,
            ),
        )
    if not _time_ok(match):
        raise fail(value, _EXPECT_DATE)
    if year < 1900:
        raise fail(value, msg("expected a date between 1900 and 9999"))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise fail(
            value, msg("{expected}: that day is not in the calendar", expected=_EXPECT_DATE)
        ) from None


def parse_date(value: object, *, date1904: bool = False) -> dt.date | None:
    """A calendar date, from a date, a datetime, a serial number or a text.

    Args:
        value: a raw cell value. openpyxl already turns date-formatted cells into datetimes
            (their time of day is dropped); numbers are serials of the workbook's date system;
            text is ISO ``2024-03-15`` (a time may follow) or day first ``15/03/2024``,
            ``15.03.2024``, ``15-03-2024``.
        date1904: whether the workbook uses the 1904 date system (``workbook.epoch`` is
            1904-01-01 in openpyxl), where serial 0 is 1904-01-01.

    Returns:
        The date, or None for an empty cell.

    Raises:
        CellParseError: for a two-digit year, a month-first text such as ``03/15/2024``, serial
            60 of the 1900 system (the fictitious 29/02/1900), a year outside 1900–9999, a time
            alone, a boolean, any other text or an error value.
    """
    refuse_error_value(value)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return _in_range(value, value.date())
    if isinstance(value, dt.date):
        return _in_range(value, value)
    if isinstance(value, bool):
        raise fail(value, _EXPECT_DATE)
    if isinstance(value, int | float | Decimal):
        serial = Decimal(value) if isinstance(value, int) else finite(value)
        if serial is None:
            raise fail(value, _EXPECT_DATE)
        return _date_from_serial(value, serial, date1904)
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", value).strip()
        return None if text == "" else _date_from_text(value, text)
    raise fail(value, _EXPECT_DATE)
