"""Header rows met below a hand-made table's header: the same header repeated over another block
of actions (``COMMUNICATION`` / header / actions, ``COMMERCIAL`` / header / actions), or the
header of another table that starts there (a recap by owner under the plan's Total row).

They are looked for only after a gap (a blank row, a total row or a section row, and the lone
texts that may title a block): a table's rows never read as one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import ProblemCode
from ..i18n import msg
from .handmade_sections import SectionReader
from .vocabulary import classify

__all__ = ["BlockReader", "Gap", "header_keys", "lone_text"]


@dataclass(frozen=True, slots=True)
class Gap:
    """Where the rows after a gap start: their first row, and how many action rows and events
    the reader had then (what it drops if a header follows them)."""

    row: int
    pending: int
    events: int


def header_keys(line: list[Any]) -> dict[int, str] | None:
    """Column (1-based) -> key of a row that reads as a header: texts only, two of them at least
    header words (``Responsable | T1 | T2``); None for any other row."""
    keys: dict[int, str] = {}
    for col, value in enumerate(line, 1):
        if value is None or value == "":
            continue
        if type(value) is not str:
            return None
        found = classify(value)
        if found is not None:
            keys[col] = found[0]
    return keys if len(keys) >= 2 else None


def lone_text(line: list[Any]) -> bool:
    """Whether a row holds one text and nothing else (a block's title, perhaps)."""
    filled = [v for v in line if v is not None and v != ""]
    return len(filled) == 1 and type(filled[0]) is str


def _first_filled(line: list[Any]) -> int:
    """The first column (1-based) of a row that holds something."""
    return next(c for c, v in enumerate(line, 1) if v is not None and v != "")


class BlockReader(SectionReader):
    """What tells a table's rows apart beside its actions, sections and totals: the headers met
    below its header, the formulas saved without their results."""

    def other_header(
        self,
        r: int,
        keys: dict[int, str],
        gap: Gap,
        pending: list[int],
        lines: list[list[Any] | None],
        events: list[tuple[int, int, dict[int, Any] | None]],
    ) -> bool:
        """Row `r` reads as a header (`keys`), after `gap`. The lone texts since the gap title
        its block: they are not actions. The table's own header repeated is skipped, and the
        table goes on (True is not returned); another table's ends the table above the gap's
        rows (True: read no further). Each is told."""
        rows = pending[gap.pending :] + [row for row, _, _ in events[gap.events :]]
        headings = [(row, self.grid.cells[row - 1]) for row in sorted(rows)]
        del pending[gap.pending :], lines[gap.pending :], events[gap.events :]
        same = all(self.cols.get(key) == col for col, key in keys.items())
        if same and self.cols["title"] in keys:
            for row, line in headings:
                col = _first_filled(line)
                self.row_at = row
                self.problem(
                    ProblemCode.HEADER_REPEATED,
                    "info",
                    self.grid.name,
                    self.at(col, row),
                    msg(
                        "'{label}' titles a block of the table: not an action", label=line[col - 1]
                    ),
                )
            self.row_at = r
            self.problem(
                ProblemCode.HEADER_REPEATED,
                "info",
                self.grid.name,
                self.at(min(keys), r),
                msg("the table's header, repeated: skipped"),
            )
            return False
        start = min([row for row, _ in headings] + [r])
        self.row_at = start
        self.table_end = start - 1
        self.problem(
            ProblemCode.SECOND_TABLE,
            "warning",
            self.grid.name,
            self.at(_first_filled(self.grid.cells[start - 1]), start),
            msg(
                "another table starts here (its header is on row {row}): the rows from here "
                "down are not read",
                row=r,
            ),
        )
        return True

    def uncomputed(self) -> None:
        """A problem for each formula of the table saved without its result (a file written by
        openpyxl, say): its value is unknown, and the cell was read as empty. Not in a total
        (a total row, an action's total column): xlplan recomputes those from their parts."""
        totals = set(self.total_rows)
        total_cols = {self.cols[k] for k in ("total", "actual_total") if k in self.cols}
        for (r, c), formula in sorted(self.grid.sheet.uncomputed().items()):
            if (
                not self.header.row <= r + 1 <= self.table_end
                or r + 1 in totals
                or c + 1 in total_cols
            ):
                continue
            self.row_at = r + 1
            self.problem(
                ProblemCode.FORMULA_NOT_COMPUTED,
                "error",
                self.grid.name,
                self.at(c + 1, r + 1),
                msg(
                    "the formula {formula} was saved without its result (by a program that "
                    "does not calculate), so its value is unknown and was read as empty; open "
                    "the file in Excel, LibreOffice or Google Sheets, save it and read it again",
                    formula=formula or msg("of this cell"),
                ),
            )
