"""The wording of the plan's problems, one function per kind, so that each kind is worded in
one place, as catalog messages (`xlplan.i18n`): English by ``str``, French by ``.text("fr")``."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..i18n import Message, msg

DATE_FORMAT = msg("write dates as YYYY-MM-DD, e.g. 2024-12-02")


def unknown_key(key: str, known: Iterable[str]) -> Message:
    """An unknown key, with the closest known one when there is one (`difflib`)."""
    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
    hint = msg("; did you mean {key!r}?", key=close[0]) if close else ""
    return msg("unknown key {key!r}{hint}", key=key, hint=hint)


def _plain(text: str) -> str:
    """A name without its accents, case or surrounding spaces: 'Zoé' and 'zoe ' agree."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip().casefold()


def did_you_mean(typed: str, known: Iterable[str]) -> Message | str:
    """``; did you mean 'Zoé'?`` after a reference the plan does not know, with the known name
    closest to `typed`: the same name but for accents and case first ('Zoe' for 'Zoé'), else the
    closest by `difflib`; "" when none is close (O9 among O1, O2 names none)."""
    names = {_plain(name): name for name in reversed(list(known))}  # (the first of equals)
    close = names.get(_plain(typed))
    if close is None:
        found = difflib.get_close_matches(_plain(typed), list(names), n=1, cutoff=0.75)
        close = names[found[0]] if found else None
    return msg("; did you mean {key!r}?", key=close) if close else ""


def unknown_reference(message: Message, hint: Message | str) -> Message:
    """An unknown reference's message followed by its `did_you_mean` hint (if any)."""
    return msg("{message}{hint}", message=message, hint=hint) if hint else message


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


# --- pydantic's generic errors ---------------------------------------------------------------
# pydantic words its errors in English only. The types a plan's fields can raise are worded
# here again from the error's context (`ctx`), in the catalog: the English msgid is pydantic's
# own wording (tests check they agree, so the English output is unchanged), the French is the
# catalog's. A type not listed keeps pydantic's English text (`pydantic_error` returns None).

Context = Mapping[str, Any]


def _plural(count: object) -> bool:
    return count != 1


def _choices(expected: str) -> str | Message:
    """pydantic's ``'a', 'b' or 'c'`` rebuilt with the catalog's "or"; kept as it is when the
    values cannot be told apart (a value holding a quote)."""
    values = re.findall(r"'[^']*'", expected)
    if len(values) < 2 or f"{', '.join(values[:-1])} or {values[-1]}" != expected:
        return expected
    return msg("{first} or {last}", first=", ".join(values[:-1]), last=values[-1])


def _kind_of(field_type: object) -> str | Message:
    """pydantic's name of a collection (``List``, ``Tuple``…) in the catalog."""
    names = {
        "List": msg("List"),
        "Tuple": msg("Tuple"),
        "Set": msg("Set"),
        "Dictionary": msg("Dictionary"),
        "Value": msg("Value"),
    }
    return names.get(str(field_type), str(field_type))


def _too_short(c: Context) -> Message:
    n, found = c["min_length"], c.get("actual_length")
    if _plural(n):
        return msg(
            "{field_type} should have at least {min_length} items after validation, not {found}",
            field_type=_kind_of(c["field_type"]),
            min_length=n,
            found=found,
        )
    return msg(
        "{field_type} should have at least {min_length} item after validation, not {found}",
        field_type=_kind_of(c["field_type"]),
        min_length=n,
        found=found,
    )


def _too_long(c: Context) -> Message:
    n, found = c["max_length"], c.get("actual_length")
    shown: object = msg("more") if found is None else found
    if _plural(n):
        return msg(
            "{field_type} should have at most {max_length} items after validation, not {found}",
            field_type=_kind_of(c["field_type"]),
            max_length=n,
            found=shown,
        )
    return msg(
        "{field_type} should have at most {max_length} item after validation, not {found}",
        field_type=_kind_of(c["field_type"]),
        max_length=n,
        found=shown,
    )


def _string_length(c: Context) -> Message:
    if "min_length" in c:
        n = c["min_length"]
        if _plural(n):
            return msg("String should have at least {min_length} characters", min_length=n)
        return msg("String should have at least {min_length} character", min_length=n)
    n = c["max_length"]
    if _plural(n):
        return msg("String should have at most {max_length} characters", max_length=n)
    return msg("String should have at most {max_length} character", max_length=n)


def _decimal_digits(kind: str, c: Context) -> Message:
    if kind == "decimal_max_digits":
        n = c["max_digits"]
        if _plural(n):
            return msg(
                "Decimal input should have no more than {max_digits} digits in total", max_digits=n
            )
        return msg(
            "Decimal input should have no more than {max_digits} digit in total", max_digits=n
        )
    if kind == "decimal_max_places":
        n = c["decimal_places"]
        if _plural(n):
            return msg(
                "Decimal input should have no more than {decimal_places} decimal places",
                decimal_places=n,
            )
        return msg(
            "Decimal input should have no more than {decimal_places} decimal place",
            decimal_places=n,
        )
    n = c["whole_digits"]
    if _plural(n):
        return msg(
            "Decimal input should have no more than {whole_digits} digits before the decimal point",
            whole_digits=n,
        )
    return msg(
        "Decimal input should have no more than {whole_digits} digit before the decimal point",
        whole_digits=n,
    )


_FIXED: dict[str, Message] = {
    "missing": msg("Field required"),
    "extra_forbidden": msg("Extra inputs are not permitted"),
    "invalid_key": msg("Keys should be strings"),
    "none_required": msg("Input should be None"),
    "finite_number": msg("Input should be a finite number"),
    "int_type": msg("Input should be a valid integer"),
    "int_parsing": msg("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": msg("Input should be a valid integer, got a number with a fractional part"),
    "int_parsing_size": msg("Unable to parse input string as an integer, exceeded maximum size"),
    "float_type": msg("Input should be a valid number"),
    "float_parsing": msg("Input should be a valid number, unable to parse string as a number"),
    "decimal_type": msg("Decimal input should be an integer, float, string or Decimal object"),
    "decimal_parsing": msg("Input should be a valid decimal"),
    "bool_type": msg("Input should be a valid boolean"),
    "bool_parsing": msg("Input should be a valid boolean, unable to interpret input"),
    "string_type": msg("Input should be a valid string"),
    "string_unicode": msg(
        "Input should be a valid string, unable to parse raw data as a unicode string"
    ),
    "dict_type": msg("Input should be a valid dictionary"),
    "model_attributes_type": msg(
        "Input should be a valid dictionary or object to extract fields from"
    ),
    "list_type": msg("Input should be a valid list"),
    "tuple_type": msg("Input should be a valid tuple"),
    "set_type": msg("Input should be a valid set"),
    "frozen_set_type": msg("Input should be a valid frozenset"),
    "iterable_type": msg("Input should be iterable"),
    "date_type": msg("Input should be a valid date"),
    "datetime_type": msg("Input should be a valid datetime"),
    "time_type": msg("Input should be a valid time"),
}

_FROM_CONTEXT: dict[str, Callable[[Context], Message]] = {
    "greater_than": lambda c: msg("Input should be greater than {gt}", gt=c["gt"]),
    "greater_than_equal": lambda c: msg(
        "Input should be greater than or equal to {ge}", ge=c["ge"]
    ),
    "less_than": lambda c: msg("Input should be less than {lt}", lt=c["lt"]),
    "less_than_equal": lambda c: msg("Input should be less than or equal to {le}", le=c["le"]),
    "multiple_of": lambda c: msg(
        "Input should be a multiple of {multiple_of}", multiple_of=c["multiple_of"]
    ),
    "enum": lambda c: msg("Input should be {expected}", expected=_choices(str(c["expected"]))),
    "literal_error": lambda c: msg(
        "Input should be {expected}", expected=_choices(str(c["expected"]))
    ),
    "string_pattern_mismatch": lambda c: msg(
        "String should match pattern '{pattern}'", pattern=c["pattern"]
    ),
    "string_too_short": _string_length,
    "string_too_long": _string_length,
    "too_short": _too_short,
    "too_long": _too_long,
    "model_type": lambda c: msg(
        "Input should be a valid dictionary or instance of {class_name}",
        class_name=c["class_name"],
    ),
    "decimal_max_digits": lambda c: _decimal_digits("decimal_max_digits", c),
    "decimal_max_places": lambda c: _decimal_digits("decimal_max_places", c),
    "decimal_whole_digits": lambda c: _decimal_digits("decimal_whole_digits", c),
}

PYDANTIC_TYPES = frozenset(_FIXED) | frozenset(_FROM_CONTEXT)
"""The pydantic error types worded in the catalog."""


def pydantic_error(kind: str, context: Context | None = None) -> Message | None:
    """One of pydantic's errors (its `type` and `ctx`) as a catalog message, or None for a type
    the catalog does not word: the caller then keeps pydantic's English text."""
    if kind in _FIXED:
        return _FIXED[kind]
    build = _FROM_CONTEXT.get(kind)
    if build is None:
        return None
    try:
        return build(context or {})
    except KeyError:  # (a context without the values this pydantic version used to give)
        return None


def found(message: str | Message, value: str) -> Message:
    """A refusal followed by the value found (already quoted, see ``validation._shown``)."""
    return msg("{message}, found {found}", message=message, found=value)
