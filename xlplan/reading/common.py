"""What the two readers (own workbooks, hand-made tables) share: the header scan's reach, the
words of a total row, how a raw cell value is looked at (blank, whole number, text, the value of
an extra column), and how a value the model refuses is dropped from the data read."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, Final

from ..errors import ProblemCode
from .parse import CellParseError, ErrorValue, normalize_header, parse_text

__all__ = [
    "HEADER_SCAN_ROWS",
    "TOTAL_WORDS",
    "blank",
    "cell_text",
    "drop_field",
    "extra_value",
    "is_group_total_label",
    "is_total_label",
    "whole",
]

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


def is_group_total_label(text: str) -> bool:
    """Whether a label may name the total of a group (a total row when nothing but amounts is
    beside it): a total word first (``Total objectif 1``, ``Sous-total Julie``, ``S/Total``,
    ``Total costs``), ``total`` last (``Budget total``, ``Marketing total``), or ``Sum`` /
    ``Somme`` alone."""
    low = text.lower()  # (asked of every action's label: most have no "tot")
    if "tot" not in low and low.strip() not in ("sum", "somme"):
        return False
    words = normalize_header(text).split()
    if (
        words[:1] in (["sous"], ["sub"], ["s"], ["grand"])
        and words[1:2]
        and words[1] in TOTAL_WORDS
    ):
        words = words[1:]
    if not words:
        return False
    return words[0] in TOTAL_WORDS or words[-1] == "total" or words in (["sum"], ["somme"])


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


def extra_value(raw: object, *, as_typed: bool = False) -> Any:
    """A cell of a column the plan does not know, as an action's ``extra`` keeps it.

    Args:
        raw: the cell's value.
        as_typed: keep a text exactly as typed (an xlplan workbook, whose extra columns the
            writer wrote back); else as `cell_text` gives it (stripped, NFC).

    Returns:
        A date for a datetime at midnight, an int for a whole float, other dates, numbers and
        booleans as they are; anything else as text (an error value as its code: ``#REF!``).
    """
    value = whole(raw)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    if isinstance(value, dt.datetime | dt.date | bool | int | float):
        return value
    if as_typed and type(value) is str:
        return value
    return cell_text(value)


_PATH_PART: Final = re.compile(r"[^.\[\]]+|\[\d+\]")


def drop_field(data: dict[str, Any], path: str) -> bool:
    """Remove the value a field path names from data read, once the model refused it.

    Args:
        data: a plan's or an action's data, as the readers build it.
        path: the field path the model named (``actions[3].owner``, ``budget.q1``,
            ``participants[1]``).

    Returns:
        True if something was removed. An ``id`` is emptied rather than removed (a duplicate
        id: a fresh one is assigned).
    """
    parts = _PATH_PART.findall(path)
    node: Any = data
    for part in parts[:-1]:
        if part.startswith("["):
            index = int(part[1:-1])
            node = node[index] if isinstance(node, list) and index < len(node) else None
        else:
            node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            return False
    last = parts[-1] if parts else ""
    if last.startswith("[") and isinstance(node, list):
        index = int(last[1:-1])
        if index < len(node):
            del node[index]
            return True
    elif isinstance(node, dict) and last in node:
        if last == "id":
            node[last] = ""
        else:
            del node[last]
        return True
    return False


def unreadable(exc: CellParseError) -> ProblemCode:
    """The code of a cell that could not be read: `ERROR_VALUE` when it shows an error value
    (``#REF!``, ``#DIV/0!``…), `CELL_UNREADABLE` otherwise."""
    return (
        ProblemCode.ERROR_VALUE
        if isinstance(exc.value, ErrorValue)
        else ProblemCode.CELL_UNREADABLE
    )


def drop_item(data: dict[str, Any], path: str) -> bool:
    """Remove the whole list item a field path lies in (``objectives[1]`` of
    ``objectives[1].title``), for a required field that could not be read.

    Returns:
        True if an item was removed.
    """
    parts = _PATH_PART.findall(path)
    if len(parts) < 2 or not parts[1].startswith("["):
        return False
    return drop_field(data, parts[0] + parts[1])


def deepest_first(paths: list[str]) -> list[str]:
    """Field paths in the order their values can be removed one after the other: the later
    items of a list and the fields inside an item before the item itself, so that no removal
    shifts the index of a path still to come."""

    def key(path: str) -> list[tuple[bool, Any]]:
        return [
            (p.startswith("["), int(p[1:-1]) if p.startswith("[") else p)
            for p in _PATH_PART.findall(path)
        ]

    return sorted(paths, key=key, reverse=True)
