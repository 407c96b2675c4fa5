"""Text made inert for where it goes next: a spreadsheet opening a CSV, a terminal, XML, JSON.

Cell text comes from workbooks other people typed; it may hold a formula (``=HYPERLINK(…)``),
an escape sequence that clears the screen or sets the terminal's title, a BEL, characters XML
forbids or lone surrogates. Every renderer of `report` and `check` passes its text through
the one function of its medium here:

- `csv_cell`: text starting with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a line
  feed gets a leading single quote (OWASP's advice against CSV injection); numbers stay numbers,
  a negative amount included (``-5`` in a number column is the number, not text); the rest of
  the text is kept (a CSV is data), line breaks as ``\n``;
- `terminal_text`: control characters (C0, DEL, C1 — ESC, BEL…), bidirectional overrides and
  lone surrogates are shown as visible escapes (``\\x1b``), so nothing reaches the terminal as a
  command; line breaks and tabs become spaces unless kept;
- `xml_text`: characters XML 1.0 cannot hold shown as the same visible escapes;
- `strict_json`: JSON that a strict parser reads: NaN and infinities become ``null`` (never
  ``NaN`` / ``Infinity``), lone surrogates stay as ``\\udXXX`` escapes.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import Any, Final

__all__ = [
    "FORMULA_STARTS",
    "aligned",
    "csv_cell",
    "finite",
    "strict_json",
    "terminal_text",
    "xml_text",
]

FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r", "\n")
"""What a spreadsheet may take for the start of a formula (or strip before one)."""

# C0 and C1 controls, DEL, bidirectional embeddings/overrides/isolates, lone surrogates.
_UNSAFE: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


# (The next two are compiled on first use: a set of characters beyond Latin-1 takes half a
# millisecond to compile, and most commands print neither a message of several lines nor XML.)
@functools.cache
def _unsafe_in_line() -> re.Pattern[str]:
    return re.compile(
        "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
    )


@functools.cache
def _not_xml() -> re.Pattern[str]:
    """What an XML 1.0 document cannot hold."""
    return re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: str, *, keep_lines: bool = False) -> str:
    """Text a terminal shows as it is, running nothing.

    Args:
        text: any text.
        keep_lines: keep line breaks and tabs (a message of several lines); else each becomes
            a space (a table cell).

    Returns:
        The text, each control character shown as a visible escape such as ``\\x1b``.
    """
    if keep_lines:
        return _unsafe_in_line().sub(_visible, text.replace("\r\n", "\n").replace("\r", "\n"))
    return _UNSAFE.sub(_visible, re.sub("\r\n|[\r\n\t]", " ", text))


def xml_text(text: str) -> str:
    """Text an XML 1.0 document can hold: forbidden characters shown as visible escapes."""
    return _not_xml().sub(_visible, text)


def csv_cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs: text that could start a formula gets a leading
    single quote; numbers (int, float, Decimal) and None are returned as they are.

    Line breaks in text become ``\n`` (a lone carriage return would end the row for a reader
    and is not quoted by a writer ending rows with ``\n``); a lone surrogate, which UTF-8
    cannot hold, is written as its ``\\udXXX`` escape.
    """
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.encode("utf-8", "backslashreplace").decode("utf-8")
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def finite(value: Any) -> Any:
    """`value` with every NaN or infinite number (float or Decimal), at any depth of dicts and
    lists, replaced by None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value


def strict_json(document: Any) -> str:
    """`document` as indented JSON that strict parsers accept, ending with a line break.

    NaN and infinities are written ``null`` (see `finite`); a lone surrogate in a string stays
    a ``\\udXXX`` escape, so the text can be printed and written as UTF-8.
    """
    text = json.dumps(finite(document), ensure_ascii=False, indent=2, allow_nan=False)
    return text.encode("utf-8", "backslashreplace").decode("utf-8") + "\n"


def aligned(rows: Sequence[Sequence[str]], numbers: Collection[int], indent: str = "") -> list[str]:
    """The lines of a terminal table: each column as wide as its widest cell, cells two spaces
    apart; the columns the caller declares as numbers aligned right (their heading included),
    every other column aligned left, whatever its cells look like (a message that starts with a
    date or an amount stays on the left).

    Args:
        rows: the table's rows, its header first; every row has as many cells.
        numbers: the indexes of the columns of numbers.
        indent: what starts every line.
    """
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        indent
        + "  ".join(
            c.rjust(w) if i in numbers else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
