"""The mapping between model values and cell values, per column type of the layout spec."""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal
from typing import Any

from ..i18n import msg
from ..model.enums import Lang
from ..reading.parse import (
    CellParseError,
    ErrorValue,
    normalize_header,
    parse_amount,
    parse_date,
    parse_number,
    parse_percent,
    parse_text,
)
from .labels import CHOICES, DIRECTION_WORDS, choice_label
from .spec import Column

CellValue = str | float | int | bool | dt.date | dt.datetime | None


def get_field(obj: Any, path: str) -> Any:
    """The value at a dotted attribute path (``budget.q1``) of a model object."""
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def to_cell(col: Column, value: Any, lang: Lang) -> CellValue:
    """The cell value that shows a model value in a column of the given type.

    Lists become ``"O1, O2"``, enum values their label in `lang`, money and numbers floats,
    progress (0–100) a fraction for the ``0%`` format; None and "" an empty cell.
    """
    if value is None or value == "" or value == []:
        return None
    if col.type == "refs":
        return ", ".join(value)
    if col.type == "choice":
        return choice_label(col.choices, value, lang)
    if col.type == "percent" and isinstance(value, Decimal):
        return float(value / 100)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value  # type: ignore[no-any-return]


_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(text: str) -> str:
    """Undo OOXML's ``_xHHHH_`` escapes of control characters (openpyxl leaves them)."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def exact_text(raw: object, *, escaped: bool = True) -> str:
    """A text cell exactly as typed (only the spreadsheet's escapes undone, unless the reader
    did: `escaped` False); other values are rendered as text."""
    if isinstance(raw, ErrorValue):
        raise CellParseError(
            raw, msg("found the error value {code} — the cell's formula is broken", code=raw)
        )
    if isinstance(raw, str):
        return unescape(raw) if escaped else raw
    return parse_text(raw)


@functools.cache
def _choice_lookup(kind: str) -> dict[str, str]:
    """Normalised label (either language) or value → model value, built once per list."""
    return {
        normalize_header(label): str(value)
        for value, labels in CHOICES[kind].items()
        for label in (*labels, value)
    }


@functools.cache
def _choice_labels(kind: str) -> dict[str, str]:
    """Label (either language) or value, as written by xlplan → model value."""
    return {label: str(value) for value, labels in CHOICES[kind].items() for label in labels} | {
        str(value): str(value) for value in CHOICES[kind]
    }


def choice_value(kind: str, raw: object, lang: Lang = "fr") -> str:
    """The model value of a dropdown label in either language (or of the value itself).

    Args:
        kind: the dropdown (a key of `CHOICES`).
        raw: the cell's value.
        lang: the workbook's language, whose labels a refusal lists (the dropdown's).

    Raises:
        CellParseError: the text is none of the list's labels.
    """
    if type(raw) is str and raw in _choice_labels(kind):  # (as written: nothing to normalise)
        return _choice_labels(kind)[raw]
    text = normalize_header(raw)
    found = _choice_lookup(kind).get(text) if text else None
    if found is not None:
        return found
    if kind == "direction":
        typed = (text, raw.strip() if isinstance(raw, str) else "")
        for value, words in DIRECTION_WORDS.items():
            if any(t in words for t in typed):
                return str(value)
    shown = ", ".join(label(lang) for label in CHOICES[kind].values())
    raise CellParseError(raw, msg("found {raw!r} — expected one of: {shown}", raw=raw, shown=shown))


def from_cell(
    col: Column, raw: object, *, date1904: bool = False, escaped: bool = True, lang: Lang = "fr"
) -> Any:
    """The model value held by a cell of a column of the layout spec (inverse of `to_cell`).

    Args:
        col: the column.
        raw: the cell's value.
        date1904: the workbook counts its dates from 1904.
        escaped: undo the spreadsheet's ``_xHHHH_`` escapes in text.
        lang: the workbook's language (a dropdown's refusal lists its labels in it).

    Returns:
        The value for the model field, or None for an empty cell.

    Raises:
        CellParseError: the cell cannot be read exactly as the column's type.
    """
    if col.type in ("money", "variance"):
        return parse_amount(raw)
    if col.type in ("number", "int"):
        return parse_number(raw)
    if col.type == "percent":
        return parse_percent(raw)
    if col.type == "date":
        return parse_date(raw, date1904=date1904)
    # Text is kept exactly as typed (spaces, line breaks, normalisation form): only the
    # spreadsheet's escapes are undone. Non-text values (a number in a text column) are rendered.
    text = exact_text(raw, escaped=escaped)
    if col.type in ("choice", "refs", "ref", "id"):
        text = text.strip()
    if not text:
        return [] if col.type == "refs" else None
    if col.type == "choice":
        return choice_value(col.choices, text, lang)
    if col.type == "refs":
        return [part.strip() for part in text.split(",") if part.strip()]
    return text
