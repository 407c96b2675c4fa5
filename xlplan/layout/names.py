"""The workbook's defined names: the key cells and list sources formulas refer to by name.

Which cell or range each one points to is declared with the sheet that holds it (the guide's
settings, the dashboard's blocks, the tables' id columns); formulas use these names only.
"""

from __future__ import annotations

AS_OF = "xl_asof"  # the dashboard's as-of date
ELAPSED = "xl_elapsed"  # the share of the fiscal year elapsed on the as-of date
FY_START = "xl_fy_start"  # the guide's fiscal year start
FY_END = "xl_fy_end"  # the guide's fiscal year end
ENVELOPE = "xl_envelope"  # the guide's budget envelope

RATE_CURRENCIES = "xl_rate_currencies"  # the guide's rates table: its currencies (a company plan's)
RATES = "xl_rates"  # its rates: one unit of each currency in the plan's currency
RATE_TEAMS = "xl_rate_teams"  # its teams: the plans / teams in each currency ("MKT, COM")

OBJECTIVES = "xl_objectives"  # the objective ids (the objectives sheet's id column)
KPIS = "xl_kpis"  # the KPI ids
OWNERS = "xl_owners"  # the owners' names


def choice_list(kind: str) -> str:
    """The name of a dropdown's source list on the guide: ``xl_status``.

    Args:
        kind: the dropdown (a key of `labels.CHOICES`).

    Returns:
        The defined name.
    """
    return f"xl_{kind}"
