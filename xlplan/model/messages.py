"""The wording of the plan's problems, one function per kind, so that each kind is worded in
one place, as catalog messages (`xlplan.i18n`): English by ``str``, French by ``.text("fr")``."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable

from ..i18n import Message, msg

DATE_FORMAT = msg("write dates as YYYY-MM-DD, e.g. 2024-12-02")


def unknown_key(key: str, known: Iterable[str]) -> Message:
    """An unknown key, with the closest known one when there is one (`difflib`)."""
    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
    hint = msg("; did you mean {key!r}?", key=close[0]) if close else ""
    return msg("unknown key {key!r}{hint}", key=key, hint=hint)


def bad_date(found: object) -> Message:
    """A value that is not a date."""
    return msg("expected a date, found {found!r}: {how}", found=found, how=DATE_FORMAT)


def date_out_of_range(day: dt.date, first: dt.date, last: dt.date) -> Message:
    """A date a spreadsheet cannot hold (Excel's calendar runs from 1900 to 9999)."""
    return msg(
        "{date} is outside the dates a spreadsheet can hold ({first} – {last})",
        date=day.isoformat(),
        first=first.isoformat(),
        last=last.isoformat(),
    )


def time_zone(found: dt.datetime) -> Message:
    """A date-time with a time zone, which no cell can hold."""
    return msg(
        "{date} has a time zone, which a spreadsheet cell "
        "cannot hold: write the local date and time without it",
        date=found.isoformat(),
    )


def date_time_fraction(found: dt.datetime) -> Message:
    """A date-time with a fraction of a second, which a cell does not keep exactly."""
    return msg(
        "{date} has a fraction of a second, which a spreadsheet "
        "cell does not keep exactly: give the time to the second",
        date=found.isoformat(),
    )


def number_too_large(found: object, limit: object) -> Message:
    """A number beyond what a cell holds exactly."""
    shown = str(found)
    shown = shown if len(shown) <= 40 else f"{shown[:20]}…({len(shown)} characters)"
    return msg(
        "{shown} is too large: a spreadsheet keeps 15 significant "
        "digits; expected a number between -{limit} and {limit}",
        shown=shown,
        limit=limit,
    )


def not_a_number(found: object, expected: str = "a number") -> Message:
    """Not a finite number (infinity, NaN)."""
    return msg(
        "found {found}, which no cell can hold: expected {expected}", found=found, expected=expected
    )


def not_a_cell_value(shown: str) -> Message:
    """An extra column's value that is not one a cell holds (a list, a mapping)."""
    return msg("expected text, a number, a date or true/false, found {shown}", shown=shown)


def text_too_long(length: int, limit: int) -> Message:
    """A text longer than a cell holds."""
    return msg(
        "the text is {length:,} characters long; a spreadsheet cell "
        "holds at most {limit:,}: shorten it or move it to a linked "
        "document",
        length=length,
        limit=limit,
    )


def text_unencodable(position: int, char: str) -> Message:
    """A text holding a character no file can store (a lone surrogate, U+FFFE/U+FFFF)."""
    return msg(
        "the text holds U+{code:04X} at character {position}, which is "
        "not a character and cannot be saved: remove it",
        code=ord(char),
        position=position + 1,
    )


def duplicate_key(key: object, line: int | None, first_line: int | None) -> Message:
    """A key given twice in one mapping of a plan file."""
    first = msg(" (first on line {line})", line=first_line) if first_line else ""
    where = msg("line {line}: ", line=line) if line else ""
    return msg(
        "{where}the key {key!r} appears twice in the same mapping{first}: keep one",
        where=where,
        key=key,
        first=first,
    )


def too_deep(limit: int) -> Message:
    """A plan file nested deeper than any plan is."""
    return msg("nested more than {limit} levels deep: not a plan file", limit=limit)


def outside_year(day: dt.date, start: dt.date, end: dt.date) -> Message:
    """A date outside the plan's fiscal year (a warning)."""
    return msg(
        "{date} is outside the fiscal year {first} – {last}",
        date=day.isoformat(),
        first=start.isoformat(),
        last=end.isoformat(),
    )


def fiscal_year_too_late(start: dt.date, last: dt.date) -> Message:
    """A fiscal year that would end after the last date a spreadsheet holds."""
    return msg(
        "a fiscal year starting on {date} ends after {first}, the last date a spreadsheet can hold",
        date=start.isoformat(),
        first=last.isoformat(),
    )
