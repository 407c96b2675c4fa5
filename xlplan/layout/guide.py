"""The guide sheet's layout: its name, the plan's settings rows (one per setting, with their
labels), the settings cells that formulas use by defined name, the dropdowns' source lists, and
a company plan's rates table."""

from __future__ import annotations

from . import names
from .labels import SHEET_NAMES
from .labels_guide import GUIDE_META as _GUIDE_LABELS

__all__ = [
    "GUIDE_LISTS",
    "GUIDE_META",
    "GUIDE_NAME",
    "GUIDE_NAMES",
    "GUIDE_RATES_COL",
    "GUIDE_RATES_COLUMNS",
    "GUIDE_RATES_NAMES",
    "GUIDE_RATES_SPARE",
    "GUIDE_ROWS",
    "guide_rates_top",
]


GUIDE_NAME = SHEET_NAMES["guide"]
"""The guide's name in French and English (the reader looks for either)."""

GUIDE_ROWS = (
    "business",
    "plan_name",
    "mission",
    "fy_start",
    "fy_end",
    "currency",
    "envelope_kind",
    "revenue",
    "envelope_pct",
    "envelope",
    "max_overrun",
    "warn_at",
    "fail_on",
)
"""The plan's settings on the guide, one row each, in this order."""

GUIDE_META = tuple((key, _GUIDE_LABELS[key]) for key in GUIDE_ROWS)
"""The guide's settings rows with their labels, as the reader matches them."""

GUIDE_NAMES = {"fy_start": names.FY_START, "fy_end": names.FY_END, "envelope": names.ENVELOPE}
"""The guide's settings cells that formulas use, by defined name."""

GUIDE_LISTS = ("status", "recurrence", "frequency", "horizon", "direction")
"""The dropdowns whose source lists the guide holds (a defined name each, `names.choice_list`)."""


GUIDE_RATES_COLUMNS = ("currency", "rate", "teams")
"""The guide's rates table (a company plan's, `Plan.rates`): one row per currency — the plan's
own first, at 1 —, what one unit of it is worth in the plan's currency, and the teams in it
(``MKT, COM``); its headers are `labels_guide.GUIDE_RATES`, its title `labels_guide.GUIDE`
``rates``."""

GUIDE_RATES_COL = 3
"""The 0-based column of the rates table's currencies (D, under the dropdown lists)."""

GUIDE_RATES_SPARE = 3
"""Empty rows the rates table keeps for a currency added by hand (inside its defined names)."""

GUIDE_RATES_NAMES = {
    "currency": names.RATE_CURRENCIES,
    "rate": names.RATES,
    "teams": names.RATE_TEAMS,
}
"""The rates table's columns that formulas use, by defined name."""


def guide_rates_top() -> int:
    """The 0-based row of the rates table's title: under the dropdown lists (their title on
    row 4, headers on row 5, labels from row 6), two rows left empty."""
    from .labels import CHOICES

    return 5 + max(len(CHOICES[k]) for k in GUIDE_LISTS) + 2
