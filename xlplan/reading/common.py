"""What the two readers (own workbooks, hand-made tables) share: the header scan's reach, the
words of a total row, and how a raw cell value is looked at (blank, whole number, text)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from .parse import CellParseError, normalize_header, parse_text

__all__ = ["HEADER_SCAN_ROWS", "TOTAL_WORDS", "blank", "cell_text", "is_total_label", "whole"]

HEADER_SCAN_ROWS: Final = 30
"""How far down a sheet the header row is looked for."""

TOTAL_WORDS: Final = frozenset({"total", "totale", "totaux", "totals", "subtotal"})
"""Words that make a row a total row, once normalised (``Sous-total`` is ``sous total``)."""


def is_total_label(text: str, more: Callable[[str], bool] | None = None) -> bool:
    """Whether a row's label makes it a total row: Total, Totale, Totaux, Sous-total, Subtotal,
    Grand total; with `more`, followed by words it accepts (``Total budget 2024``).

    Args:
        text: the label.
        more: which words may follow the total word; none when None.

    Returns:
        True for a total row's label.
    """
    if text.isascii() and "tot" not in text.lower():  # (every total word has "tot")
        return False
    words = normalize_header(text).split()
    if words[:1] in (["sous"], ["grand"]):
        words = words[1:]
    if words[:2] == ["sub", "total"]:
        words = words[1:]
    if not words or words[0] not in TOTAL_WORDS:
        return False
    return all(more is not None and more(w) for w in words[1:])


def whole(value: Any) -> Any:
    """A float holding a whole number as an int (calamine reads every number as a float)."""
    if type(value) is float and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def blank(value: object) -> bool:
    """An empty cell: nothing, or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: object) -> str:
    """A cell's text as `parse_text` gives it; an unreadable value as ``str`` gives it."""
    try:
        return parse_text(value)
    except CellParseError:
        return str(value)
