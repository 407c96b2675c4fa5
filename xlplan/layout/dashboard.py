"""The dashboard's blocks as data: where each labelled row, the quarter table and the charts are.

The dashboard is not a table: it is a column of blocks (a section title, then labelled rows
whose values stand in column B, or in B:F for the quarter table). Every address the writer, its
formulas, conditional formats, charts and defined names use is derived from `BLOCKS` through
`row` and `cell`; no address is spelled anywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

from .spec import col_letter

LABEL_COL, VALUE_COL, NOTE_COL = 0, 1, 2
"""0-based columns: the row labels, the values (B), the as-of date's note."""

QUARTER_COLS = (1, 2, 3, 4)
"""0-based columns of Q1..Q4 in the quarter table (B:E); its total is in `TOTAL_COL` (F)."""
TOTAL_COL = 5


@dataclass(frozen=True)
class Block:
    """A block of the dashboard.

    Args:
        title: the section title's label key (`labels_dashboard.DASHBOARD`); "" for a block
            without one.
        top: the 1-based row of the title (or of the first row when there is no title).
        rows: the label keys of its rows, top to bottom.
        quarters: the block is the quarter table: a header row of quarter labels under the
            title, values in B:E and their total in F.
    """

    title: str
    top: int
    rows: tuple[str, ...]
    quarters: bool = False

    @property
    def first_row(self) -> int:
        """The 1-based row of the block's first labelled row."""
        return self.top + bool(self.title) + self.quarters

    @property
    def header_row(self) -> int:
        """The 1-based row of the quarter table's header."""
        return self.top + 1

    @property
    def last_col(self) -> int:
        """The block's last 0-based column."""
        return TOTAL_COL if self.quarters else VALUE_COL


BLOCKS = (
    Block("", 4, ("as_of", "elapsed")),
    Block("quarters", 7, ("planned", "actual", "variance", "consumed"), quarters=True),
    Block(
        "envelope_block",
        14,
        (
            "envelope",
            "planned_total",
            "planned_share",
            "actual_total",
            "remaining",
            "envelope_consumed",
        ),
    ),
    Block("alerts", 22, ("overruns", "late", "kpis_behind")),
)
"""The dashboard's blocks, top to bottom."""

QUARTERS_BLOCK = BLOCKS[1]

LEGEND_ROW = QUARTERS_BLOCK.first_row + len(QUARTERS_BLOCK.rows)
"""The 1-based row under the quarter table that explains its red variances."""

_ROWS = {key: block.first_row + i for block in BLOCKS for i, key in enumerate(block.rows)}


def row(key: str) -> int:
    """The 1-based row of a labelled row of the dashboard.

    Args:
        key: the row's label key ("envelope", "late"…).

    Returns:
        Its row number.
    """
    return _ROWS[key]


def cell(key: str, col: int = VALUE_COL, *, absolute: bool = False) -> str:
    """The A1 address of a labelled row's value: ``B15``, or ``$B$15`` when `absolute`.

    Args:
        key: the row's label key.
        col: the 0-based column (B by default; the quarter table's B:F).
        absolute: pin column and row.

    Returns:
        The address.
    """
    pin = "$" if absolute else ""
    return f"{pin}{col_letter(col)}{pin}{row(key)}"


def span(key: str, first: int = QUARTER_COLS[0], last: int = QUARTER_COLS[-1]) -> str:
    """A labelled row's cells from column `first` to `last`, absolute: ``$B$9:$E$9``."""
    return f"{cell(key, first, absolute=True)}:{cell(key, last, absolute=True)}"


def header_span() -> str:
    """The quarter table's Q1..Q4 header cells, absolute: ``$B$8:$E$8``."""
    r = QUARTERS_BLOCK.header_row
    first, last = col_letter(QUARTER_COLS[0]), col_letter(QUARTER_COLS[-1])
    return f"${first}${r}:${last}${r}"


CHARTS = {"quarters": (3, 7), "objectives": (19, 7), "kpis": (26, 0)}
"""Where each chart's top-left corner is (0-based row, column)."""

CHART_SCALES = {"quarters": (1.1, 1.0), "objectives": (1.1, 1.1), "kpis": (1.25, 1.2)}
"""Each chart's x and y scale."""

TEAMS_TOP = 47
"""The 1-based title row of the spend-by-team block, below the charts: a header row under it,
then one row per team; written only for a company plan (`xlplan consolidate`)."""

TEAMS_COLUMNS = ("team", "actions", "planned", "actual", "consumed", "late")
"""The spend-by-team block's columns from A on, by header key (`labels_dashboard.TEAMS_BLOCK`)."""


TEAMS_RATE_COLUMNS = ("currency", "rate", "planned_own", "actual_own")
"""The spend-by-team block's columns in each team's own currency, from `TEAMS_RATE_COL` on
(after the spacer column G): written only when the plan has rates (`Plan.rates`)."""

TEAMS_RATE_COL = 7
"""The 0-based column of the first of `TEAMS_RATE_COLUMNS` (H)."""

TEAMS_RATE_WIDTHS = (10, 8, 22, 22)
"""The widths of `TEAMS_RATE_COLUMNS`."""


def teams_row(k: int) -> int:
    """The 1-based row of the spend-by-team block's team `k` (0-based)."""
    return TEAMS_TOP + 2 + k


def teams_col(key: str) -> int:
    """The 0-based column of a spend-by-team block's column key."""
    if key in TEAMS_RATE_COLUMNS:
        return TEAMS_RATE_COL + TEAMS_RATE_COLUMNS.index(key)
    return TEAMS_COLUMNS.index(key)


PRINT_AREA = (0, 0, 44, 15)
"""The printed range (0-based first row, first column, last row, last column)."""

COLUMN_WIDTHS = ((0, 0, 34), (1, 5, 14), (6, 6, 3))
"""(first column, last column, width) of the dashboard's columns."""
