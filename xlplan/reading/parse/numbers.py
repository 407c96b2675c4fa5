"""Amounts, numbers and percentages, from number cells or from text people typed
(``"1 250,00 €"``, ``"1,250.50"``, ``"(1 250)"``, ``"12 %"``); text that reads two ways
is refused."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from ...i18n import Message, msg
from .cell import CellParseError, fail, finite, number_text, refuse_error_value, show, strip_zeros

__all__ = ["parse_amount", "parse_number", "parse_percent"]

_EXPECT_AMOUNT: Final = msg("expected an amount such as 1 250,00 or 1250.00")
_EXPECT_NUMBER: Final = msg("expected a number such as -1 250,50, 1250.5 or 12 %")
_EXPECT_PERCENT: Final = msg("expected a percentage such as 40 %, 12,5 % or 40")

_SPACES: Final = " \u00a0\u202f\u2009\u2007"  # space, no-break, narrow no-break, thin, figure
_QUOTES: Final = "'\u2019"  # Swiss 1'250.50, also with the typographic apostrophe
# A dash alone is zero, as accounting formats show it: hyphen, en dash, em dash, minus sign.
_DASHES: Final = frozenset({"-", "\u2013", "\u2014", "\u2212"})
_MINUS: Final = "-\u2013\u2212"  # a sign: hyphen-minus, en dash, minus sign
_CURRENCY: Final = r"(?:€|\$|£|euros?|eur|usd|gbp|chf)"
# ``1 250,00 €``: the one reading `_read_text_number` gives such a text (groups of three after
# one to three digits, or no group; a decimal comma and one or two decimals), without its steps.
_PLAIN_EUROS: Final = re.compile(
    rf"[{_SPACES}]*([1-9][0-9]{{0,2}}(?:[{_SPACES}][0-9]{{3}})+|[0-9]+),([0-9]{{1,2}})[{_SPACES}]*€"
    rf"[{_SPACES}]*"
)


@functools.cache  # (compiled on first use: most workbooks hold numbers, not texts of numbers)
def _text() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A currency before or after a number written as text, and the number's digits and
    separators."""
    return (
        re.compile(rf"^{_CURRENCY}", re.IGNORECASE),
        re.compile(rf"{_CURRENCY}$", re.IGNORECASE),
        re.compile(rf"[0-9.,{_SPACES}{_QUOTES}]*[0-9][0-9.,{_SPACES}{_QUOTES}]*"),
    )


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
    as_decimal = number_text(Decimal(f"{whole}.{fraction}")).replace(".", mark)
    return CellParseError(
        value,
        msg(
            "{value} is ambiguous (thousands or decimals?): write {whole} or {decimal}",
            value=show(value),
            whole=whole + fraction,
            decimal=as_decimal,
        ),
    )


def _body_value(value: object, body: str, expected: Message) -> Decimal:
    """The Decimal that the digits and separators of `body` write, or raise.

    A number uses one kind of thousands separator (spaces, apostrophes, commas or dots), by groups
    of three, and at most one decimal mark (comma or dot) after them. A lone comma or dot followed
    by exactly three digits after one to three digits (``1,250``) could be either: refused.
    """
    if not _text()[2].fullmatch(body):
        raise fail(value, expected)
    marks = [_mark_class(c) for c in body if not c.isdigit()]
    kinds = set(marks)
    decimal: str | None = None
    if {",", "."} <= kinds:  # 1,250.50 or 1.250,50: the last one is the decimal mark
        decimal = "," if body.rfind(",") > body.rfind(".") else "."
    elif marks.count(",") == 1 or marks.count(".") == 1:  # one mark: a decimal mark
        decimal = "," if "," in kinds else "."
    groups = kinds - {decimal}
    if len(groups) > 1 or (decimal is not None and marks.count(decimal) != 1):
        raise fail(value, expected)
    group = groups.pop() if groups else None
    whole, _, fraction = body.partition(decimal) if decimal else (body, "", "")
    if decimal is not None and not fraction.isdigit():
        raise fail(value, expected)
    if whole and not _digits_grouped(whole, group):
        raise fail(value, expected)
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


def _read_text_number(value: object, text: str, expected: Message) -> _Reading | None:
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
        currency_start, currency_end, _ = _text()
        if (found := currency_start.match(rest)) or (found := currency_end.search(rest)):
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
        raise fail(value, expected)
    number = _body_value(value, rest, expected)
    if negative and number != 0:
        number = -number
    return _Reading(number, percent=percents > 0, currency=currencies > 0)


def _read_number(value: object, expected: Message) -> _Reading | None:
    """Read any raw cell value as a number; None for an empty cell."""
    refuse_error_value(value)
    if value is None:
        return None
    if isinstance(value, bool):
        raise fail(value, expected)
    if isinstance(value, int):
        return _Reading(Decimal(value))
    if isinstance(value, float | Decimal):
        number = finite(value)
        if number is None:
            raise fail(value, expected)
        return _Reading(number)
    if isinstance(value, str):
        return _read_text_number(value, unicodedata.normalize("NFC", value).strip(), expected)
    raise fail(value, expected)


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
        number = finite(value)
        if number is not None and number >= 0:
            return number
    elif type(value) is int and value >= 0:  # (a whole amount, as the readers pass it)
        return Decimal(value)
    elif type(value) is str and (plain := _PLAIN_EUROS.fullmatch(value)):  # (as typed in France)
        whole, fraction = plain.groups()
        return Decimal(f"{''.join(c for c in whole if c.isdigit())}.{fraction}")
    reading = _read_number(value, _EXPECT_AMOUNT)
    if reading is None:
        return None
    if reading.percent:
        raise fail(value, msg("{expected}, not a percentage", expected=_EXPECT_AMOUNT))
    if reading.value < 0:
        raise fail(value, msg("expected an amount of 0 or more"))
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
        number = finite(value)
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
        raise fail(value, _EXPECT_PERCENT)
    if isinstance(value, str):
        return reading.value
    return strip_zeros(reading.value * 100)
