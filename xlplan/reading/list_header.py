"""A KPI or owners list's header row in a sheet (`find_list`): the row of the first
`HEADER_SCAN_ROWS` naming the most columns of one kind of list (`list_words.list_key`), with
the kind the sheet's name suggests first among equals (`list_words.sheet_hint`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from .common import HEADER_SCAN_ROWS, blank, cell_text
from .list_words import ListKind, list_key, sheet_hint
from .table import SheetGrid

__all__ = ["ListHeader", "find_list"]

_SEVERAL: Final = frozenset({"contact"})  # the fields several columns may give (joined)
_OTHERS: Final[dict[ListKind, frozenset[str]]] = {
    "kpis": frozenset({"baseline", "target", "actual", "unit", "direction"}),
    "owners": frozenset({"role", "contact", "team", "first_name"}),
}


@dataclass
class ListHeader:
    """A list's header row: the columns it names (several for a contact), the others."""

    kind: ListKind
    row: int
    columns: dict[str, list[int]]
    labels: dict[int, str]
    duplicates: list[tuple[int, str]] = field(default_factory=list)

    @property
    def score(self) -> int:
        return sum(len(cols) for cols in self.columns.values())

    def usable(self, hinted: bool) -> bool:
        if "name" not in self.columns:
            return False
        measures = any(k.startswith(("actual", "month_", "calendar_")) for k in self.columns)
        return hinted or measures or bool(_OTHERS[self.kind] & self.columns.keys())


def _header(grid: SheetGrid, row: int, kind: ListKind) -> ListHeader:
    found = ListHeader(kind, row, {}, {})
    for col in range(1, grid.width + 1):
        raw = grid.header(row, col)
        if blank(raw):
            continue
        found.labels[col] = cell_text(raw)
        key = list_key(raw, kind)
        if key is None:
            continue
        if key in found.columns and key not in _SEVERAL:
            found.duplicates.append((col, key))
            continue
        found.columns.setdefault(key, []).append(col)
    return found


def find_list(grid: SheetGrid) -> ListHeader | None:
    """The list a sheet holds: the header row naming the most columns of one kind, the kind its
    name suggests first among equals; None if the sheet holds no list."""
    hint = sheet_hint(grid.name)
    kinds: tuple[ListKind, ...] = ("owners", "kpis") if hint == "owners" else ("kpis", "owners")
    best: ListHeader | None = None
    for row in range(1, min(grid.height, HEADER_SCAN_ROWS) + 1):
        for kind in kinds:
            header = _header(grid, row, kind)
            if header.usable(hint == kind) and (best is None or header.score > best.score):
                best = header
    return best
