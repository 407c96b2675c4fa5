"""The rates table of a company plan's guide (`layout.guide.GUIDE_RATES_COLUMNS`), read back into
`Plan.rates` and `Plan.team_currencies`.

The table is found by its title (French or English) with its header a few rows under it,
wherever it stands on the guide; its rows are read from the one after its header to the sheet's
end, empty rows skipped. A guide without
the table gives nothing, so such workbooks read as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from ..errors import ProblemCode
from ..i18n import Message, msg
from ..layout.guide import GUIDE_RATES_COLUMNS
from ..layout.labels_guide import GUIDE, GUIDE_RATES
from ..layout.spec import col_letter
from .common import unreadable
from .parse import CellParseError, parse_amount, parse_text

__all__ = ["read_rates"]

_CURRENCY = re.compile(r"^[A-Z]{3}$")
_TITLES = frozenset(GUIDE["rates"])
_HEADERS = frozenset(GUIDE_RATES["currency"])

Report = Callable[[ProblemCode, str, str, str, "str | Message"], None]


def _text(value: Any) -> str:
    try:
        return parse_text(value)
    except CellParseError:
        return ""


def read_rates(
    rows: Sequence[Sequence[Any]], currency: str, sheet: str, problem: Report
) -> dict[str, Any]:
    """The plan's rates and teams' currencies from the guide's rates table.

    Args:
        rows: the guide's cell values, row by row.
        currency: the plan's currency (its row's rate is 1 and is not kept).
        sheet: the guide's name, for problems.
        problem: records a problem (code, severity, sheet, cell, message).

    Returns:
        ``{"rates": {"GBP": Decimal("1.2")}, "team_currencies": {"NWC": "GBP", …}}``, or {} when
        the guide has no rates table.
    """

    def header_under(r: int, c: int) -> int | None:
        """The row of the table's header under its title at (r, c), if any (a few rows down)."""
        below = range(r + 1, min(r + 5, len(rows)))
        return next((h for h in below if c < len(rows[h]) and _text(rows[h][c]) in _HEADERS), None)

    found = next(
        (
            (c, header)
            for r, row in enumerate(rows)
            for c, value in enumerate(row)
            if type(value) is str
            and value.strip() in _TITLES
            and (header := header_under(r, c)) is not None
        ),
        None,
    )
    if found is None:
        return {}
    first, header = found
    width = len(GUIDE_RATES_COLUMNS)

    def cells(r: int) -> list[Any]:
        row = rows[r]
        return [row[c] if c < len(row) else "" for c in range(first, first + width)]

    rates: dict[str, Decimal] = {}
    currencies: dict[str, str] = {}
    for r in range(header + 1, len(rows)):
        raw_currency, raw_rate, raw_teams = cells(r)
        if raw_currency == "" and raw_rate == "" and raw_teams == "":
            continue

        def at(k: int, r: int = r) -> str:
            return f"{col_letter(first + k)}{r + 1}"

        code = _text(raw_currency).upper()
        if not _CURRENCY.match(code):
            problem(
                ProblemCode.CELL_UNREADABLE,
                "error",
                sheet,
                at(0),
                msg(
                    "found {value!r} — expected a currency code such as GBP; the "
                    "row of the rates table is left out",
                    value=raw_currency,
                ),
            )
            continue
        try:
            rate = parse_amount(raw_rate)
        except CellParseError as exc:
            problem(unreadable(exc), "error", sheet, at(1), exc.localized)
            continue
        if code == currency:
            if rate is not None and rate != 1:
                problem(
                    ProblemCode.FIELD_INVALID,
                    "warning",
                    sheet,
                    at(1),
                    msg(
                        "found {rate} — the plan's own currency {code} is worth 1; 1 is kept",
                        rate=rate,
                        code=code,
                    ),
                )
        elif rate is None or rate <= 0:
            problem(
                ProblemCode.FIELD_INVALID,
                "error",
                sheet,
                at(1),
                msg(
                    "found {value!r} — expected what 1 {code} is worth in {currency}, above 0",
                    value=raw_rate,
                    code=code,
                    currency=currency,
                ),
            )
            continue
        else:
            rates[code] = rate
        for team in (t.strip() for t in _text(raw_teams).split(",")):
            if team and currencies.setdefault(team, code) != code:
                problem(
                    ProblemCode.FIELD_INVALID,
                    "warning",
                    sheet,
                    at(2),
                    msg(
                        "{team!r} is also listed in {currency}; {currency} is kept",
                        team=team,
                        currency=currencies[team],
                    ),
                )
    return {"rates": rates, "team_currencies": currencies}
