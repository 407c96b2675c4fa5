"""Exact, tolerant parsing of raw cell values, as openpyxl returns them from an edited workbook.

People edit the workbooks in Excel, LibreOffice or Google Sheets, in French or in English: an
amount may come back as the float ``1250.1``, the text ``"1 250,10 €"`` or ``"1,250.10"``; a date
as a datetime, a serial number or the text ``"15/03/2024"``. Each function here turns one raw value
(int, float, str, datetime, date, time, bool or None) into one exact Python value, or raises
`CellParseError` saying what was found and what was expected. Nothing is guessed: text that reads
two ways (``"1,250"``: thousands or decimals?) is refused, and floats never leak binary artefacts
into the Decimal results.

The reader turns a `CellParseError` into a `Problem` record with the sheet and the cell.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from ..errors import XlplanError

__all__ = [
    "CellParseError",
    "error_value",
    "normalize_header",
    "parse_amount",
    "parse_date",
    "parse_number",
    "parse_percent",
    "parse_text",
]


class CellParseError(XlplanError, ValueError):
    """A cell value that cannot be read as the type its column expects.

    Args:
        value: the raw value found in the cell, as openpyxl returned it.
        message: what was found and what was expected, e.g. ``found 'douze' — expected an amount
            such as 1 250,00 or 1250.00``.
    """

    def __init__(self, value: object, message: str) -> None:
        super().__init__(message)
        self.value = value
        self.message = message


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
    if text.upper() in _ERROR_CODES:
        return text.upper()
    if match := _LIBREOFFICE_ERROR.fullmatch(text):
        return f"Err:{match.group(1)}"
    return None


def _refuse_error_value(value: object) -> None:
    """Raise if `value` is a spreadsheet error code."""
    if (code := error_value(value)) is not None:
        raise CellParseError(value, f"found the error value {code} — the cell's formula is broken")


# --- showing values in messages -----------------------------------------------------------------
_EXCEL_DIGITS: Final = 15  # what Excel, LibreOffice and Sheets keep of a typed number


def _strip_zeros(number: Decimal) -> Decimal:
    """`number` without trailing zeros, and never in exponent form when it is whole."""
    if number == number.to_integral_value():
        return Decimal(int(number))
    return number.normalize()


def _finite(number: float | Decimal) -> Decimal | None:
    """The exact Decimal of a number cell, or None for NaN and infinities."""
    if isinstance(number, Decimal):
        return number if number.is_finite() else None
    return _from_float(number) if math.isfinite(number) else None


def _from_float(number: float) -> Decimal:
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
        result = _strip_zeros(result.quantize(step, rounding=ROUND_HALF_UP))
    return result


def _number_text(number: Decimal) -> str:
    """A number the way a person reads it: ``12`` not ``12.0``, ``0.0001`` not ``1E-4``."""
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def _show(value: object) -> str:
    """A raw cell value as it appears in an error message."""
    if isinstance(value, str):
        return f"'{value.strip()}'"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        number = _finite(value)
        return str(value) if number is None else _number_text(number)
    if isinstance(value, dt.datetime):
        return f"the date and time {value.isoformat(sep=' ')}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dt.time):
        return f"the time {value.isoformat()}"
    return f"{value!r}"


def _fail(value: object, expected: str) -> CellParseError:
    return CellParseError(value, f"found {_show(value)} — {expected}")


# --- numbers written as text --------------------------------------------------------------------
_EXPECT_AMOUNT: Final = "expected an amount such as 1 250,00 or 1250.00"
_EXPECT_NUMBER: Final = "expected a number such as -1 250,50, 1250.5 or 12 %"
_EXPECT_PERCENT: Final = "expected a percentage such as 40 %, 12,5 % or 40"

_SPACES: Final = " \u00a0\u202f\u2009\u2007"  # space, no-break, narrow no-break, thin, figure
_QUOTES: Final = "'\u2019"  # Swiss 1'250.50, also with the typographic apostrophe
# A dash alone is zero, as accounting formats show it: hyphen, en dash, em dash, minus sign.
_DASHES: Final = frozenset({"-", "\u2013", "\u2014", "\u2212"})
_MINUS: Final = "-\u2013\u2212"  # a sign: hyphen-minus, en dash, minus sign
_CURRENCY: Final = r"(?:€|\$|£|euros?|eur|usd|gbp|chf)"
_CURRENCY_START: Final = re.compile(rf"^{_CURRENCY}", re.IGNORECASE)
_CURRENCY_END: Final = re.compile(rf"{_CURRENCY}$", re.IGNORECASE)
_BODY: Final = re.compile(rf"[0-9.,{_SPACES}{_QUOTES}]*[0-9][0-9.,{_SPACES}{_QUOTES}]*")


@dataclass(frozen=True)
class _Reading:
    """A number read from a cell, with the marks written around it."""

    value: Decimal
    percent: bool = False
    currency: bool = False


def _mark_class(char: str) -> str:
    """The kind of separator `char` is: "space", "quote", "," or "."."""
    if char in _SPACES:
        return "space"
    if char in _QUOTES:
        return "quote"
    return char


def _digits_grouped(text: str, group: str | None) -> bool:
    """Whether `text` is digits, grouped by three with separators of the class `group`."""
    if group is None:
        return text.isdigit()
    separators = {"space": _SPACES, "quote": _QUOTES}.get(group, group)
    first, *rest = re.split(f"[{re.escape(separators)}]", text)
    return (
        1 <= len(first) <= 3
        and first.isdigit()
        and not (rest and first.startswith("0"))
        and all(len(g) == 3 and g.isdigit() for g in rest)
    )


def _ambiguous(value: object, whole: str, mark: str, fraction: str) -> CellParseError:
    """The error for ``1,250``: 1250 with a thousands separator, or 1.25?"""
    as_decimal = _number_text(Decimal(f"{whole}.{fraction}")).replace(".", mark)
    return CellParseError(
        value,
        f"{_show(value)} is ambiguous (thousands or decimals?): "
        f"write {whole}{fraction} or {as_decimal}",
    )


def _body_value(value: object, body: str, expected: str) -> Decimal:
    """The Decimal that the digits and separators of `body` write, or raise.

    A number uses one kind of thousands separator (spaces, apostrophes, commas or dots), by groups
    of three, and at most one decimal mark (comma or dot) after them. A lone comma or dot followed
    by exactly three digits after one to three digits (``1,250``) could be either: refused.
    """
    if not _BODY.fullmatch(body):
        raise _fail(value, expected)
    marks = [_mark_class(c) for c in body if not c.isdigit()]
    kinds = set(marks)
    decimal: str | None = None
    if {",", "."} <= kinds:  # 1,250.50 or 1.250,50: the last one is the decimal mark
        decimal = "," if body.rfind(",") > body.rfind(".") else "."
    elif marks.count(",") == 1 or marks.count(".") == 1:  # one mark: a decimal mark
        decimal = "," if "," in kinds else "."
    groups = kinds - {decimal}
    if len(groups) > 1 or (decimal is not None and marks.count(decimal) != 1):
        raise _fail(value, expected)
    group = groups.pop() if groups else None
    whole, _, fraction = body.partition(decimal) if decimal else (body, "", "")
    if decimal is not None and not fraction.isdigit():
        raise _fail(value, expected)
    if whole and not _digits_grouped(whole, group):
        raise _fail(value, expected)
    if (
        decimal is not None
        and group is None
        and len(fraction) == 3
        and 1 <= len(whole) <= 3
        and not whole.startswith("0")
    ):
        raise _ambiguous(value, whole, decimal, fraction)
    digits = "".join(c for c in whole if c.isdigit()) or "0"
    return Decimal(f"{digits}.{fraction}" if decimal else digits)


def _read_text_number(value: object, text: str, expected: str) -> _Reading | None:
    """Read a number written as text, with its currency, sign and percent marks.

    Args:
        value: the raw cell value, for messages.
        text: the text of the cell, NFC-normalised and stripped.
        expected: what the caller expects, for messages.

    Returns:
        The reading, or None for an empty text.
    """
    rest = text
    signs = currencies = percents = 0
    negative = False
    while True:
        rest = rest.strip()
        if rest == "" and signs + currencies + percents == 0:
            return None
        if rest in _DASHES and signs + percents == 0:
            return _Reading(Decimal(0), currency=currencies > 0)
        if (found := _CURRENCY_START.match(rest)) or (found := _CURRENCY_END.search(rest)):
            rest = rest[: found.start()] + rest[found.end() :]
            currencies += 1
        elif rest.endswith("%"):
            rest, percents = rest[:-1], percents + 1
        elif rest.startswith("(") and rest.endswith(")"):
            rest, signs, negative = rest[1:-1], signs + 1, True
        elif rest.startswith(tuple(_MINUS)):
            rest, signs, negative = rest[1:], signs + 1, True
        elif rest.startswith("+"):
            rest, signs = rest[1:], signs + 1
        else:
            break
    if signs > 1 or currencies > 1 or percents > 1 or (currencies and percents):
        raise _fail(value, expected)
    number = _body_value(value, rest, expected)
    if negative and number != 0:
        number = -number
    return _Reading(number, percent=percents > 0, currency=currencies > 0)


def _read_number(value: object, expected: str) -> _Reading | None:
    """Read any raw cell value as a number; None for an empty cell."""
    _refuse_error_value(value)
    if value is None:
        return None
    if isinstance(value, bool):
        raise _fail(value, expected)
    if isinstance(value, int):
        return _Reading(Decimal(value))
    if isinstance(value, float | Decimal):
        number = _finite(value)
        if number is None:
            raise _fail(value, expected)
        return _Reading(number)
    if isinstance(value, str):
        return _read_text_number(value, unicodedata.normalize("NFC", value).strip(), expected)
    raise _fail(value, expected)


def parse_amount(value: object) -> Decimal | None:
    """An amount of money: a number of 0 or more, written with or without a currency.

    Args:
        value: a raw cell value: a number, or text such as ``"1 250,00 €"``, ``"1,250.50"``,
            ``"€500"``, ``"1'250.50"`` or ``"-"`` (zero, as accounting formats show it).

    Returns:
        The exact amount, or None for an empty cell.

    Raises:
        CellParseError: for anything else, a negative amount, a percentage, an ambiguous text
            such as ``"1,250"`` or an error value.
    """
    if type(value) is float:  # (the usual cell first: a plan's amounts are read by the thousand)
        number = _finite(value)
        if number is not None and number >= 0:
            return number
    reading = _read_number(value, _EXPECT_AMOUNT)
    if reading is None:
        return None
    if reading.percent:
        raise _fail(value, f"{_EXPECT_AMOUNT}, not a percentage")
    if reading.value < 0:
        raise _fail(value, "expected an amount of 0 or more")
    return reading.value


def parse_number(value: object) -> Decimal | None:
    """A number, negative or not, written with an optional currency or percent sign.

    Args:
        value: a raw cell value: a number, or text such as ``"-1 250,50"``, ``"(1 250)"``
            (negative, as accounting formats show it), ``"12 %"`` (read as 12) or ``"12,5%"``.

    Returns:
        The exact number, or None for an empty cell.

    Raises:
        CellParseError: for anything else, an ambiguous text such as ``"1.250"`` or an error
            value.
    """
    if type(value) is float:  # (the usual cell first)
        number = _finite(value)
        if number is not None:
            return number
    reading = _read_number(value, _EXPECT_NUMBER)
    return None if reading is None else reading.value


def parse_percent(value: object) -> Decimal | None:
    """A percentage, in percentage points.

    A cell formatted ``0%`` that shows 40 % holds the number 0.4: numbers are multiplied by 100.
    Text is read as written, with or without the percent sign: ``"40 %"`` and ``"40"`` are 40.

    Args:
        value: a raw cell value.

    Returns:
        The percentage (40 for 40 %), or None for an empty cell.

    Raises:
        CellParseError: for anything that is not a number, text with a currency, or an error
            value.
    """
    reading = _read_number(value, _EXPECT_PERCENT)
    if reading is None:
        return None
    if reading.currency:
        raise _fail(value, _EXPECT_PERCENT)
    if isinstance(value, str):
        return reading.value
    return _strip_zeros(reading.value * 100)


# --- dates --------------------------------------------------------------------------------------
_EXPECT_DATE: Final = "expected a date such as 15/03/2024 or 2024-03-15"
_EPOCH_1900_EARLY: Final = dt.date(1899, 12, 31)  # serials 1 to 59: 1900-01-01 to 1900-02-28
_EPOCH_1900: Final = dt.date(1899, 12, 30)  # serials 61 and later, past the fictitious 29/02/1900
_EPOCH_1904: Final = dt.date(1904, 1, 1)  # serial 0 in the 1904 system (old Mac workbooks)
_TIME: Final = (
    r"(?:[T ](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_YEAR_FIRST: Final = re.compile(
    rf"(?P<year>\d{{4}})(?P<sep>[-/.])(?P<month>\d{{1,2}})(?P=sep)(?P<day>\d{{1,2}}){_TIME}"
)
_DAY_FIRST: Final = re.compile(
    rf"(?P<day>\d{{1,2}})(?P<sep>[-/.])(?P<month>\d{{1,2}})(?P=sep)(?P<year>\d{{4}}){_TIME}"
)
_SHORT_YEAR: Final = re.compile(rf"\d{{1,2}}(?P<sep>[-/.])\d{{1,2}}(?P=sep)\d{{2}}{_TIME}")


def _in_range(value: object, day: dt.date) -> dt.date:
    """`day` if its year is between 1900 and 9999, else raise."""
    if not 1900 <= day.year <= 9999:
        raise _fail(value, "expected a date between 1900 and 9999")
    return day


def _date_from_serial(value: object, serial: Decimal, date1904: bool) -> dt.date:
    """The date of a spreadsheet serial number; a fraction (the time of day) is dropped."""
    day = math.floor(serial)
    if date1904:
        if day < 0:
            raise _fail(value, f"{_EXPECT_DATE}: a date serial number is 0 or more")
        epoch = _EPOCH_1904
    elif day == 60:
        raise _fail(
            value,
            "serial 60 is 29/02/1900, a day that never existed (Excel keeps it for compatibility"
            " with Lotus 1-2-3): expected a real date",
        )
    elif day < 1:
        raise _fail(value, f"{_EXPECT_DATE}: a date serial number is 1 or more")
    else:
        epoch = _EPOCH_1900_EARLY if day < 60 else _EPOCH_1900
    try:
        return _in_range(value, epoch + dt.timedelta(days=day))
    except OverflowError:
        raise _fail(value, "expected a date between 1900 and 9999") from None


def _time_ok(match: re.Match[str]) -> bool:
    """Whether the optional time of a date text is a real time of day."""
    if match.group("hour") is None:
        return True
    second = match.group("second") or "0"
    return int(match.group("hour")) < 24 and int(match.group("minute")) < 60 and int(second) < 60


def _date_from_text(value: object, text: str) -> dt.date:
    """The date written in `text`: year first (ISO) or day first (dd/mm/yyyy), or raise."""
    match = _YEAR_FIRST.fullmatch(text) or _DAY_FIRST.fullmatch(text)
    if match is None:
        if _SHORT_YEAR.fullmatch(text):
            raise _fail(value, "a two-digit year is ambiguous: expected a date such as 15/03/2024")
        raise _fail(value, _EXPECT_DATE)
    year, month, day = (int(match.group(name)) for name in ("year", "month", "day"))
    if match.re is _DAY_FIRST and month > 12 and day <= 12:
        raise _fail(
            value,
            f"expected day/month/year such as 15/03/2024, and {month} cannot be a month",
        )
    if not _time_ok(match):
        raise _fail(value, _EXPECT_DATE)
    if year < 1900:
        raise _fail(value, "expected a date between 1900 and 9999")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _fail(value, f"{_EXPECT_DATE}: that day is not in the calendar") from None


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
    _refuse_error_value(value)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return _in_range(value, value.date())
    if isinstance(value, dt.date):
        return _in_range(value, value)
    if isinstance(value, bool):
        raise _fail(value, _EXPECT_DATE)
    if isinstance(value, int | float | Decimal):
        serial = Decimal(value) if isinstance(value, int) else _finite(value)
        if serial is None:
            raise _fail(value, _EXPECT_DATE)
        return _date_from_serial(value, serial, date1904)
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", value).strip()
        return None if text == "" else _date_from_text(value, text)
    raise _fail(value, _EXPECT_DATE)


# --- text ---------------------------------------------------------------------------------------
def _render(value: object) -> str:
    """Any raw cell value as the text a person sees; numbers without ``.0``, dates in ISO."""
    if value is None:
        return ""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        number = _finite(value)
        return str(value) if number is None else _number_text(number)
    if isinstance(value, dt.datetime):
        midnight = value.time() == dt.time(0) and value.tzinfo is None
        return value.date().isoformat() if midnight else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value)).strip()


def parse_text(value: object) -> str:
    """The text of a cell: NFC-normalised and stripped.

    Args:
        value: a raw cell value. Numbers are rendered without ``.0`` (12.0 gives ``"12"``),
            dates in ISO (``"2024-03-15"``; a datetime keeps its time unless it is midnight),
            booleans as ``"TRUE"``/``"FALSE"``, an empty cell as ``""``.

    Returns:
        The text.

    Raises:
        CellParseError: for an error value, or a float that is not a number (NaN, infinity).
    """
    _refuse_error_value(value)
    if isinstance(value, float | Decimal) and _finite(value) is None:
        raise _fail(value, "expected a text or a number")
    return _render(value)


# --- headers ------------------------------------------------------------------------------------
_BRACKETED: Final = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def _header_pass(text: str) -> str:
    """One pass of `normalize_header`; repeated until nothing changes."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.category(c).startswith("M")).casefold()
    unbracketed = text
    while (shorter := _BRACKETED.sub(" ", unbracketed)) != unbracketed:
        unbracketed = shorter
    if any(c.isalnum() for c in unbracketed):  # "(notes)" alone keeps its words
        text = unbracketed
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


@functools.lru_cache(maxsize=4096, typed=True)
def _normalized(text: object) -> str:
    result = _render(text)
    for _ in range(8):  # NFKD and casefold may each undo the other's work once or twice
        again = _header_pass(result)
        if again == result:
            break
        result = again
    return result


def normalize_header(text: object) -> str:
    """A column header reduced to what matters for matching it against known labels.

    Accents are stripped (NFKD), case folded, parts in parentheses or brackets removed (units:
    ``"Budget Q1 (€)"`` gives ``"budget q1"``), punctuation and symbols turned into spaces, and
    spaces collapsed. The result is stable: normalising it again changes nothing.

    Args:
        text: a header cell's raw value; numbers and dates are rendered as by `parse_text`.

    Returns:
        The normalised header, ``""`` for an empty cell.
    """
    try:
        return _normalized(text)  # headers and dropdown labels repeat: normalised once each
    except TypeError:  # not hashable
        return _normalized.__wrapped__(text)
