"""What every cell parser shares: `CellParseError`, spreadsheet error values, and raw values
shown in messages as a person sees them (numbers without binary artefacts, dates in ISO)."""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from ...errors import XlplanError
from ...i18n import Message, msg

__all__ = [
    "CellParseError",
    "ErrorValue",
    "error_value",
    "fail",
    "finite",
    "from_float",
    "number_text",
    "refuse_error_value",
    "show",
    "strip_zeros",
]


class CellParseError(XlplanError, ValueError):
    """A cell value that cannot be read as the type its column expects.

    Args:
        value: the raw value found in the cell, as openpyxl returned it.
        message: what was found and what was expected, e.g. ``found 'douze' — expected an amount
            such as 1 250,00 or 1250.00`` (a catalog `Message`: `localized`; `message` is its
            English text).
    """

    def __init__(self, value: object, message: str | Message) -> None:
        super().__init__(message)
        self.value = value
        self.localized = message
        self.message = str(message)


# --- error values -------------------------------------------------------------------------------
_ERROR_CODES: Final = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
        "#EXTERNAL!",
        "#PYTHON!",
        "#ERROR!",  # Google Sheets: a formula that does not parse
    }
)
_LIBREOFFICE_ERROR: Final = re.compile(r"err:(\d{3})", re.IGNORECASE)
_CODE_STARTS: Final = frozenset("#eE")  # the first character of every code above


class ErrorValue(str):
    """An error value read from a cell (``#REF!``, ``#DIV/0!``…), not text someone typed."""

    __slots__ = ()


def error_value(value: object) -> str | None:
    """The spreadsheet error code a cell holds, if it holds one.

    Args:
        value: a raw cell value. openpyxl returns error cells as their code, a str.

    Returns:
        The code, upper-cased as the spreadsheets show it (``"#REF!"``, ``"#N/A"``,
        ``"Err:502"`` from LibreOffice, ``"#ERROR!"`` from Google Sheets), or None.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text[:1] not in _CODE_STARTS:  # (every text cell is asked: most are not codes)
        return None
    if text.upper() in _ERROR_CODES:
        return text.upper()
    if match := _LIBREOFFICE_ERROR.fullmatch(text):
        return f"Err:{match.group(1)}"
    return None


def refuse_error_value(value: object) -> None:
    """Raise if `value` is a spreadsheet error code."""
    if (code := error_value(value)) is not None:
        raise CellParseError(
            value, msg("found the error value {code} — the cell's formula is broken", code=code)
        )


# --- showing values in messages -----------------------------------------------------------------
_EXCEL_DIGITS: Final = 15  # what Excel, LibreOffice and Sheets keep of a typed number


def strip_zeros(number: Decimal) -> Decimal:
    """`number` without trailing zeros, and never in exponent form when it is whole."""
    if number == number.to_integral_value():
        return Decimal(int(number))
    return number.normalize()


def finite(number: float | Decimal) -> Decimal | None:
    """The exact Decimal of a number cell, or None for NaN and infinities."""
    if isinstance(number, Decimal):
        return number if number.is_finite() else None
    return from_float(number) if math.isfinite(number) else None


def from_float(number: float) -> Decimal:
    """The Decimal a spreadsheet means by a float: its shortest repr, cut to 15 digits.

    ``Decimal(repr(1250.1))`` is 1250.1 where ``Decimal(1250.1)`` is 1250.09999…; a computed
    ``0.1 + 0.2`` stored as 0.30000000000000004 is shown by every spreadsheet as 0.3, so floats
    with more than 15 significant digits are rounded to 15.
    """
    text = repr(number)
    if len(text) <= 16 and "e" not in text:  # (the usual cell: at most 15 digits, no exponent)
        return Decimal(text)
    result = Decimal(text)
    if "e+" in text:  # 1e+20: a whole number, shown without an exponent
        result = Decimal(int(result))
    if len(result.as_tuple().digits) > _EXCEL_DIGITS:
        step = Decimal(1).scaleb(result.adjusted() - _EXCEL_DIGITS + 1)
        result = strip_zeros(result.quantize(step, rounding=ROUND_HALF_UP))
    return result


def number_text(number: Decimal) -> str:
    """A number the way a person reads it: ``12`` not ``12.0``, ``0.0001`` not ``1E-4``."""
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def show(value: object) -> str | Message:
    """A raw cell value as it appears in an error message."""
    if isinstance(value, str):
        return f"'{value.strip()}'"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        number = finite(value)
        return str(value) if number is None else number_text(number)
    if isinstance(value, dt.datetime):
        return msg("the date and time {value}", value=value.isoformat(sep=" "))
    if isinstance(value, dt.date):
        return msg("the date {value}", value=value.isoformat())
    if isinstance(value, dt.time):
        return msg("the time {value}", value=value.isoformat())
    return f"{value!r}"


def fail(value: object, expected: str | Message) -> CellParseError:
    return CellParseError(
        value, msg("found {value} — {expected}", value=show(value), expected=expected)
    )
