"""The fiscal year a hand-made table states above its actions: a year in its title or in its
headers (``Plan d'action 2025``, ``Budget 2025``, ``FY2025``, ``Budget T1 2025``), or a labelled
cell (``Exercice | 2025``, ``Début de l'exercice | 01/04/2025``, ``Fiscal year start | …``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

from ..layout.spec import col_letter
from .common import cell_text
from .parse import CellParseError, normalize_header, parse_date
from .table import SheetGrid

__all__ = ["StatedYear", "stated_year"]

# A year alone (not inside a longer number), or a fiscal year tag: "FY2025", "FY 25", "FY'25".
_YEAR: Final = re.compile(r"(?<![\d/.])((?:19|20)\d\d)(?![\d/.])|\bfy\s?'?(\d\d)(?!\d)", re.I)
# Words that label the cell on their right as the fiscal year (or its first day).
_YEAR_LABELS: Final = frozenset(
    {"exercice", "exercise", "fiscal", "annee", "year", "fy", "periode", "period"}
)


@dataclass(frozen=True)
class StatedYear:
    """The year (and, from a labelled date, the month) the table says its fiscal year starts
    in; `cell` where, `text` as typed there."""

    year: int
    month: int | None
    cell: str
    text: str


def stated_year(grid: SheetGrid, header_row: int, date1904: bool) -> StatedYear | None:
    """The first year stated from the top of the sheet down to the header row, left to right:
    in a text (``Plan 2025``, ``Q1 FY25``), or in a number or date cell right of a label
    naming the fiscal year. None if the table states none."""
    for r in range(1, header_row + 1):
        label = False  # (the last text on the row named the fiscal year)
        for col in range(1, grid.width + 1):
            value = grid.raw(r, col)
            cell = f"{col_letter(col - 1)}{r}"
            if isinstance(value, str):
                found = _YEAR.search(value)
                if found is not None:
                    year = int(found[1]) if found[1] else 2000 + int(found[2])
                    return StatedYear(year, None, cell, cell_text(value))
                if value.strip():
                    label = bool(_YEAR_LABELS.intersection(normalize_header(value).split()))
                continue
            if not label or value is None or isinstance(value, bool):
                continue
            if isinstance(value, int | float) and 1900 <= value <= 2100 and value == int(value):
                return StatedYear(int(value), None, cell, str(int(value)))
            try:
                day = parse_date(value, date1904=date1904)
            except CellParseError:
                continue
            if isinstance(day, dt.date):
                return StatedYear(day.year, day.month, cell, day.isoformat())
    return None
