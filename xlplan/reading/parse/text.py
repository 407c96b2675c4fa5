"""Text: a cell's value as the text a person sees (`parse_text`), and column headers reduced to
what matters for matching them against known labels (`normalize_header`)."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import Final

from ...i18n import msg
from .cell import fail, finite, number_text, refuse_error_value

__all__ = ["NO_MARKS", "normalize_header", "parse_text"]


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
        number = finite(value)
        return str(value) if number is None else number_text(number)
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
    refuse_error_value(value)
    if isinstance(value, float | Decimal) and finite(value) is None:
        raise fail(value, msg("expected a text or a number"))
    return _render(value)


# --- headers ------------------------------------------------------------------------------------
_BRACKETED: Final = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


class _CharMap(dict[int, str | None]):
    """A `str.translate` table filled on first sight of each character: `keep` says whether a
    character stays (else it becomes `other`). Translating in C instead of a Python loop per
    character makes normalising a long title about ten times faster."""

    def __init__(self, keep: Callable[[str], bool], other: str | None) -> None:
        super().__init__()
        self.keep = keep
        self.other = other

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        self[code] = found = char if self.keep(char) else self.other
        return found


NO_MARKS: Final = _CharMap(lambda c: not unicodedata.category(c).startswith("M"), None)
_WORDS_ONLY: Final = _CharMap(str.isalnum, " ")


def _header_pass(text: str) -> str:
    """One pass of `normalize_header`; repeated until nothing changes."""
    text = unicodedata.normalize("NFKD", text).translate(NO_MARKS).casefold()
    unbracketed = text
    while (shorter := _BRACKETED.sub(" ", unbracketed)) != unbracketed:
        unbracketed = shorter
    if unbracketed.translate(_WORDS_ONLY).strip():  # "(notes)" alone keeps its words
        text = unbracketed
    return " ".join(text.translate(_WORDS_ONLY).split())


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
