"""A hand-made plan table found in a sheet: the sheet's values with its merged ranges spread,
and the header row (the row of the first `HEADER_SCAN_ROWS` whose cells name the most known
columns, `vocabulary.classify`)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Final

from ..i18n import Message, msg
from ..layout.spec import col_letter
from ..model.enums import Lang
from ..xlsx.grid import Sheet
from .common import HEADER_SCAN_ROWS, blank, cell_text, whole
from .vocabulary import classify, group_word

__all__ = ["LOOKED_FOR", "Header", "Merge", "SheetGrid", "best_header", "describe", "header_at"]


@dataclass(frozen=True)
class Merge:
    """A merged range and the value of its top-left cell."""

    top: int
    left: int
    bottom: int
    right: int
    value: Any
    coord: str


@dataclass
class SheetGrid:
    """A worksheet's values by (row, column), 1-based, with what merged ranges cover."""

    sheet: Sheet
    below: dict[tuple[int, int], Merge] = field(default_factory=dict)  # under a merge's top
    across: dict[tuple[int, int], Merge] = field(default_factory=dict)  # in a wide merge
    _extents: dict[int, tuple[int, int]] = field(default_factory=dict)  # row -> `extent`
    _groups: dict[int, int] = field(default_factory=dict)  # row -> `group_texts`

    @classmethod
    def load(cls, sheet: Sheet) -> SheetGrid:
        grid = cls(sheet)
        for top, left, bottom, right in sheet.merged:
            merge = Merge(
                top + 1,
                left + 1,
                bottom + 1,
                right + 1,
                grid.raw(top + 1, left + 1),
                f"{col_letter(left)}{top + 1}:{col_letter(right)}{bottom + 1}",
            )
            for r in range(merge.top + 1, merge.bottom + 1):
                grid.below[(r, merge.left)] = merge
            if merge.right > merge.left:
                for r in range(merge.top, merge.bottom + 1):
                    for c in range(merge.left, merge.right + 1):
                        grid.across[(r, c)] = merge
        return grid

    @property
    def name(self) -> str:
        return self.sheet.name

    @property
    def cells(self) -> list[list[Any]]:
        return self.sheet.rows

    @property
    def height(self) -> int:
        return len(self.sheet.rows)

    @functools.cached_property
    def width(self) -> int:
        return max((len(row) for row in self.sheet.rows), default=0)

    def raw(self, row: int, col: int) -> Any:
        """The cell's value (a whole float as an int, as typed); None outside the grid."""
        rows = self.sheet.rows
        line = rows[row - 1] if 0 < row <= len(rows) else []
        return whole(line[col - 1]) if 0 < col <= len(line) else None

    def value(self, row: int, col: int) -> Any:
        """The cell's value; under the top row of a merged range, the range's value."""
        merge = self.below.get((row, col))
        return merge.value if merge is not None else self.raw(row, col)

    def group(self, row: int, col: int) -> Merge | None:
        """The label merged over several columns just above a header cell (``Budget prévu``
        over ``T1 … T4``), if any. A text merged over the whole row's width (``Plan d'action
        2024`` over ``A1:L1``) is the table's title, not a group label."""
        merge = self.across.get((row - 1, col))
        if merge is None or merge.bottom >= row:
            return None
        first, last = self.named_extent(row)
        return None if merge.left <= first and merge.right >= last else merge

    def loose_group(self, row: int, col: int) -> Any:
        """A group label typed above a header cell without a merge: the nearest text to the
        left on the row above (``Réalisé`` in G1, over G2:J2 left blank), if it is a group word
        (`vocabulary.group_word`) and not a title (one group text alone, above the table's first
        column). None if there is none."""
        above = row - 1
        if above < 1 or not self.group_texts(above):
            return None
        for c in range(col, 0, -1):
            value = self.raw(above, c)
            if not blank(value):
                if not (isinstance(value, str) and group_word(value)):
                    return None
                # one text alone above the table's first column is its title ("Budget 2024")
                alone = self.group_texts(above) == 1 and c <= self.named_extent(row)[0]
                return None if alone else value
        return None

    def group_texts(self, row: int) -> int:
        """How many cells of a row are group words (``Budget prévu``, ``Réel``, ``2025``)."""
        found = self._groups.get(row)
        if found is None:
            line = self.cells[row - 1] if 0 < row <= len(self.cells) else []
            found = self._groups[row] = sum(1 for v in line if isinstance(v, str) and group_word(v))
        return found

    def extent(self, row: int) -> tuple[int, int]:
        """The first and last columns (1-based) of a row's non-blank cells, merged values
        included; (0, 0) for a blank row."""
        found = self._extents.get(row)
        if found is None:
            filled = [c for c in range(1, self.width + 1) if not blank(self.value(row, c))]
            found = self._extents[row] = (filled[0], filled[-1]) if filled else (0, 0)
        return found

    def named_extent(self, row: int) -> tuple[int, int]:
        """`extent` of a header row, counting the blank cells under a column's name typed on the
        group row above (``Action`` in A1, A2 left blank: the table starts in A)."""
        first, last = self.extent(row)
        if row > 1 and first > 1 and self.group_texts(row - 1):
            for c in range(1, first):
                above = self.value(row - 1, c)
                if blank(self.value(row, c)) and isinstance(above, str) and classify(above):
                    return c, last
        return first, last

    def header(self, row: int, col: int) -> Any:
        """A header cell's text, prefixed by the group label above it: merged over its columns,
        or typed on a group row without a merge (`loose_group`: only where the two name a money
        column, ``Réalisé`` + ``T1``). On the second row of a two-row header, a blank cell under
        a column's name (``Action`` in A1, A2 left blank) is that name."""
        own = self.value(row, col)
        merged = self.group(row, col)
        if merged is not None and not blank(merged.value):
            return merged.value if blank(own) else f"{cell_text(merged.value)} {cell_text(own)}"
        if blank(own):
            if row > 1 and self.group_texts(row - 1):
                above = self.value(row - 1, col)
                if isinstance(above, str) and above.strip():  # (known or not: its name)
                    return above
            return own
        loose = self.loose_group(row, col)
        if loose is not None:
            combined = f"{cell_text(loose)} {cell_text(own)}"
            found = classify(combined)
            if found is not None and found[0].startswith(("budget_", "actual_", "total")):
                return combined
        return own


@dataclass
class Header:
    """A candidate header row: the columns it names, and in which language."""

    row: int  # 1-based
    columns: dict[str, int]  # key -> 1-based column
    labels: dict[int, str]  # 1-based column -> header text
    langs: list[Lang | None]
    duplicates: list[tuple[int, str]]  # (column, key) of a second column for the same key

    @property
    def score(self) -> int:
        return len(self.columns)

    @property
    def usable(self) -> bool:
        has_money = any(k.startswith(("budget_", "actual_")) for k in self.columns)
        return "title" in self.columns and (
            has_money or "objectives" in self.columns or "owner" in self.columns
        )


def header_at(grid: SheetGrid, row: int) -> Header:
    """What row `row` (1-based) of a sheet says as a header row."""
    found = Header(row, {}, {}, [], [])
    for col in range(1, grid.width + 1):
        raw = grid.header(row, col)
        if blank(raw):
            continue
        found.labels[col] = cell_text(raw)
        match = classify(raw)
        if match is None:
            continue
        key, lang = match
        if key in found.columns:
            found.duplicates.append((col, key))
            continue
        found.columns[key] = col
        found.langs.append(lang)
    return found


def best_header(grid: SheetGrid) -> Header | None:
    """The usable header row naming the most columns, the first of equals; None if none."""
    best: Header | None = None
    for row in range(1, min(grid.height, HEADER_SCAN_ROWS) + 1):
        header = header_at(grid, row)
        if header.usable and (best is None or header.score > best.score):
            best = header
    return best


def describe(grid: SheetGrid) -> Message:
    """What the most header-like row of a sheet holds, for the 'no plan table' message."""
    rows = [header_at(grid, r) for r in range(1, min(grid.height, HEADER_SCAN_ROWS) + 1)]
    rows = [h for h in rows if h.labels]
    if not rows:
        return msg("sheet '{sheet}' is empty", sheet=grid.name)
    top = max(rows, key=lambda h: (h.score, -h.row))
    shown = ", ".join(f"'{t}'" for t in list(top.labels.values())[:8])
    more = ", …" if len(top.labels) > 8 else ""
    return msg(
        "sheet '{sheet}' row {row} has {labels}", sheet=grid.name, row=top.row, labels=shown + more
    )


LOOKED_FOR: Final = msg(
    "looked for a header row with 'Action' (or 'Tâche', 'Task', 'Intitulé') and a budget column "
    "such as 'Budget Q1', 'T1' or '1er trimestre' (or an 'Objectif' or 'Responsable' column) in "
    "the first {rows} rows of each visible sheet",
    rows=HEADER_SCAN_ROWS,
)
