"""Targeted scans of a worksheet's raw XML for what calamine's values do not tell: the formula
cells saved without their result, and the XML entities of a formula's text."""

from __future__ import annotations

import re
from typing import Final

from . import guard

__all__ = ["uncomputed", "unentity"]

_ENTITIES: Final = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_ENTITY: Final = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));")
# A formula cell's parts: where its formula starts, its reference and attributes, its formula
# text, its saved result.
_FORMULA_OPEN: Final = re.compile(rb"<f[\s/>]")
_CELL_HEAD: Final = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"([^>]*)>')
_FORMULA_TEXT: Final = re.compile(rb"<f(?:\s[^>]*)?>([^<]*)</f>")
_RESULT: Final = re.compile(rb"<v>")  # (``<v></v>`` is an empty text: xlsxwriter writes it so)


def unentity(text: str) -> str:
    """A formula's text as the XML escapes it (``&amp;``, ``&#10;``), unescaped."""

    def one(m: re.Match[str]) -> str:
        name, dec, hexa = m.groups()
        return _ENTITIES[name] if name else chr(int(dec) if dec else int(hexa, 16))

    return _ENTITY.sub(one, text)


def uncomputed(xml: bytes) -> dict[tuple[int, int], str]:
    """(row, col), 0-based → formula (``"=…"``, or "" when shared) of the cells of a sheet's
    XML holding a formula saved without its result (``<v/>`` or none, what openpyxl writes; an
    empty text result is ``<v></v>``): their value is not known (calamine reads "")."""
    out: dict[tuple[int, int], str] = {}
    stop = xml.rfind(b"</sheetData>")
    for found in _FORMULA_OPEN.finditer(xml, 0, stop if stop >= 0 else len(xml)):
        at = found.start()  # (each formula, not a pattern tried on every cell: 20x faster)
        end = xml.find(b"</c>", at)
        head = _CELL_HEAD.match(xml, xml.rfind(b"<c ", 0, at))
        if head is None or end < 0 or b't="str"' in head[3]:
            continue
        cell = xml[head.end() : end]
        if _RESULT.search(cell) is None:
            text = _FORMULA_TEXT.match(cell)
            formula = text[1].decode() if text else ""
            formula = unentity(formula) if "&" in formula else formula
            row, col = int(head[2]) - 1, guard.column_index(head[1].decode()) - 1
            out[row, col] = "=" + formula if formula else ""
    return out
