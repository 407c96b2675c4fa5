"""The wording of the plan's problems, one function per kind, so that each kind is worded in
one place (English for now; a message catalog can replace these functions later)."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable

DATE_FORMAT = "write dates as YYYY-MM-DD, e.g. 2024-12-02"


def unknown_key(key: str, known: Iterable[str]) -> str:
    """An unknown key, with the closest known one when there is one (`difflib`)."""
    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown key {key!r}{hint}"


def bad_date(found: object) -> str:
    """A value that is not a date."""
    return f"expected a date, found {found!r}: {DATE_FORMAT}"


def date_out_of_range(day: dt.date, first: dt.date, last: dt.date) -> str:
    """A date a spreadsheet cannot hold (Excel's calendar runs from 1900 to 9999)."""
    return (
        f"{day.isoformat()} is outside the dates a spreadsheet can hold "
        f"({first.isoformat()} – {last.isoformat()})"
    )


def time_zone(found: dt.datetime) -> str:
    """A date-time with a time zone, which no cell can hold."""
    return (
        f"{found.isoformat()} has a time zone, which a spreadsheet cell cannot hold: "
        "write the local date and time without it"
    )


def date_time_fraction(found: dt.datetime) -> str:
    """A date-time with a fraction of a second, which a cell does not keep exactly."""
    return (
        f"{found.isoformat()} has a fraction of a second, which a spreadsheet cell does not keep "
        "exactly: give the time to the second"
    )


def number_too_large(found: object, limit: object) -> str:
    """A number beyond what a cell holds exactly."""
    shown = str(found)
    shown = shown if len(shown) <= 40 else f"{shown[:20]}…({len(shown)} characters)"
    return (
        f"{shown} is too large: a spreadsheet keeps 15 significant digits; "
        f"expected a number between -{limit} and {limit}"
    )


def not_a_number(found: object, expected: str = "a number") -> str:
    """Not a finite number (infinity, NaN)."""
    return f"found {found}, which no cell can hold: expected {expected}"


def not_a_cell_value(shown: str) -> str:
    """An extra column's value that is not one a cell holds (a list, a mapping)."""
    return f"expected text, a number, a date or true/false, found {shown}"


def text_too_long(length: int, limit: int) -> str:
    """A text longer than a cell holds."""
    return (
        f"the text is {length:,} characters long; a spreadsheet cell holds at most "
        f"{limit:,}: shorten it or move it to a linked document"
    )


def text_unencodable(position: int, char: str) -> str:
    """A text holding a character no file can store (a lone surrogate, U+FFFE/U+FFFF)."""
    return (
        f"the text holds U+{ord(char):04X} at character {position + 1}, which is not a "
        "character and cannot be saved: remove it"
    )


def duplicate_key(key: object, line: int | None, first_line: int | None) -> str:
    """A key given twice in one mapping of a plan file."""
    first = f" (first on line {first_line})" if first_line else ""
    where = f"line {line}: " if line else ""
    return f"{where}the key {key!r} appears twice in the same mapping{first}: keep one"


def too_deep(limit: int) -> str:
    """A plan file nested deeper than any plan is."""
    return f"nested more than {limit} levels deep: not a plan file"


def outside_year(day: dt.date, start: dt.date, end: dt.date) -> str:
    """A date outside the plan's fiscal year (a warning)."""
    return f"{day.isoformat()} is outside the fiscal year {start.isoformat()} – {end.isoformat()}"


def fiscal_year_too_late(start: dt.date, last: dt.date) -> str:
    """A fiscal year that would end after the last date a spreadsheet holds."""
    return (
        f"a fiscal year starting on {start.isoformat()} ends after {last.isoformat()}, the last "
        "date a spreadsheet can hold"
    )
