"""The guide sheet of an xlplan workbook read back: the plan's details (name, business,
mission, currency, fiscal year start, checks, envelope), found by their labels in French or
English, as written or retyped; its rates table is `own_rates`'s."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..errors import ProblemCode
from ..i18n import msg
from ..layout.guide import GUIDE_META, GUIDE_NAME
from ..layout.values import exact_text
from ..xlsx.grid import Book
from .common import unreadable
from .own_rates import read_rates
from .own_table import Report, find_sheet
from .parse import CellParseError, normalize_header, parse_text

__all__ = ["plan_details", "read_guide"]


def _text(value: Any) -> str:
    return exact_text(value, escaped=False)


def read_guide(book: Book, report: Report) -> tuple[dict[str, tuple[Any, str]], list[list[object]]]:
    """The plan's details on the guide sheet, by key (`GUIDE_META`): (value, cell) of each
    found, with the guide's rows (where its rates table is); an error if there is no guide."""
    name = find_sheet(book, GUIDE_NAME)
    if name is None:
        report(
            ProblemCode.SHEET_MISSING,
            "error",
            GUIDE_NAME[0],
            "",
            msg(
                "the guide sheet with the plan's details (fiscal year start, currency, "
                "envelope) is missing"
            ),
        )
        return {}, []
    guide_rows = book.sheet(name).rows  # (its rates table: `own_rates`)
    # Bottom up: the settings table is under the title, which may read like a label (a
    # plan named "Plan" or "Mission" is the title's text in A1).
    rows = [
        (r, row[0], row[1])
        for r, row in reversed(list(enumerate(guide_rows, 1)))
        if len(row) > 1 and row[0] != ""
    ]
    # Labels as written first; normalised (retyped by hand) only for those not found so.
    exact = {t.fr: key for key, t in GUIDE_META} | {t.en: key for key, t in GUIDE_META}
    found: dict[str, tuple[Any, str]] = {}
    for r, label, value in rows:
        key = exact.get(label) if type(label) is str else None
        if key and key not in found:
            found[key] = (value, f"B{r}")
    if len(found) < len(GUIDE_META):
        labels = {normalize_header(t): k for k, both in GUIDE_META for t in (both.fr, both.en)}
        for r, label, value in rows:
            key = labels.get(normalize_header(label))
            if key and key not in found:
                found[key] = (value, f"B{r}")
    return found, guide_rows


def plan_details(
    guide: dict[str, tuple[Any, str]],
    guide_rows: list[list[object]],
    book: Book,
    path: Path,
    report: Report,
) -> dict[str, Any]:
    """The plan's fields from its details on the guide (`read_guide`): name, business, mission,
    currency and rates, fiscal year start, checks and envelope."""
    sheet = find_sheet(book, GUIDE_NAME) or GUIDE_NAME[0]
    out: dict[str, Any] = {}

    def value(key: str, reader: Any) -> Any:
        raw, cell = guide.get(key, (None, ""))
        try:
            return reader(raw)
        except CellParseError as exc:
            report(unreadable(exc), "error", sheet, cell, exc.localized)
            return None

    from .parse import parse_amount, parse_date, parse_percent

    out["name"] = value("plan_name", _text) or path.stem
    out["business"] = value("business", _text) or ""
    out["mission"] = value("mission", _text) or ""
    out["currency"] = value("currency", parse_text) or "EUR"
    out |= read_rates(guide_rows, out["currency"], sheet, report)
    start = value("fy_start", lambda v: parse_date(v, date1904=book.date1904))
    if start is None:
        raw, cell = guide.get("fy_start", (None, "B?"))
        report(
            ProblemCode.FISCAL_YEAR_UNREADABLE,
            "error",
            sheet,
            cell,
            msg(
                "found {raw!r} — expected the fiscal year's first day; 1 January of "
                "the current year is assumed",
                raw=raw,
            ),
        )
        start = dt.date(dt.date.today().year, 1, 1)
    out["fiscal_year_start"] = start
    checks = {k: value(k, _text) for k in ("max_overrun", "warn_at", "fail_on")}
    out["checks"] = {k: v for k, v in checks.items() if v}
    pct = value("envelope_pct", parse_percent)
    revenue = value("revenue", parse_amount)
    if pct is not None and revenue is not None:
        out["envelope"] = {"percent_of_revenue": pct, "revenue_forecast": revenue}
    else:
        amount = value("envelope", parse_amount)
        out["envelope"] = {} if amount is None else {"amount": amount}
    return out
