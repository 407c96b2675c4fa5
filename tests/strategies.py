"""Hypothesis strategies for plans, kept in one place."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

import xlplan

# Text people type: any letters, marks, symbols, spaces and line breaks, formula-looking starts.
# Excluded: control characters other than tab/newline (xlsxwriter escapes them as _xHHHH_, and a
# literal "_xHHHH_" would be read back as the character by every spreadsheet application too),
# surrogates, and text longer than a cell comfortably shows.
_CHARS = st.characters(
    categories=("L", "M", "N", "P", "S", "Zs"), exclude_characters="_\x85\u2028\u2029"
)
FORMULA_LIKE = st.sampled_from(
    [
        "=SUM(1,2)",
        '+cmd|" /C calc"!A0',
        "@SUM(1)",
        "-2+3",
        '=HYPERLINK("http://x","y")',
        "https://example.com",
        "\t=1",
    ]
)
text = st.one_of(
    st.text(_CHARS, min_size=1, max_size=40),
    st.text(st.one_of(_CHARS, st.just("\n")), min_size=1, max_size=300),
    FORMULA_LIKE,
).filter(lambda s: s.strip() != "")
names = st.text(st.characters(categories=("L",)), min_size=1, max_size=20)

# Hostile text a cell can still hold: control characters (written as _xHHHH_ escapes), literal
# "_xHHHH_" sequences (written escaped again), line breaks, non-characters' neighbours, and
# texts at Excel's 32 767-character limit.
_CONTROL = st.characters(min_codepoint=0, max_codepoint=0x1F)
_ESCAPE_LIKE = st.sampled_from(["_x0041_", "_x0007_", "_xD800_", "_x005F_", "_xffff_"])
hostile_text = st.one_of(
    text,
    st.lists(st.one_of(_CHARS, _CONTROL, _ESCAPE_LIKE), min_size=1, max_size=30).map("".join),
    st.sampled_from(["A" * 32_767, "é" * 32_767, "😀" * 16_383, " lead and trail "]),
).filter(lambda s: s.strip() != "")
money = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)
quarters = st.lists(money, min_size=4, max_size=4)


@st.composite
def plans(draw: Any, max_actions: int = 30, text: Any = text) -> xlplan.Plan:
    """A valid plan; `text` draws its texts (`hostile_text` for what only a cell can hold)."""
    year = draw(st.integers(2000, 2040))
    month = draw(st.integers(1, 12))
    start = dt.date(year, month, 1)
    owners = draw(st.lists(names, min_size=1, max_size=5, unique_by=str.casefold))
    n_obj = draw(st.integers(0, 5))
    objectives = [{"title": draw(text)} for _ in range(n_obj)]
    kpis = [
        {
            "name": draw(text),
            "unit": draw(st.sampled_from(["", "%", "€", "clients"])),
            "direction": draw(st.sampled_from(["higher", "lower"])),
            "baseline": draw(st.none() | money),
            "target": draw(st.none() | money),
            "actual": draw(st.lists(st.none() | money, min_size=4, max_size=4)),
        }
        for _ in range(draw(st.integers(0, 4)))
    ]
    actions = []
    for _ in range(draw(st.integers(0, max_actions))):
        begin = start + dt.timedelta(days=draw(st.integers(0, 300)))
        action: dict[str, Any] = {
            "title": draw(text),
            "owner": draw(st.none() | st.sampled_from(owners)),
            "objectives": [
                f"O{i + 1}"
                for i in draw(st.lists(st.integers(0, n_obj - 1), unique=True, max_size=2))
            ]
            if n_obj
            else [],
            "start": begin,
            "end": begin + dt.timedelta(days=draw(st.integers(0, 200))),
            "status": draw(st.sampled_from(list(xlplan.Status))),
            "recurrence": draw(st.sampled_from(list(xlplan.Recurrence))),
            "progress": Decimal(draw(st.integers(0, 100))),
            "budget": draw(quarters),
            "actual": draw(st.lists(st.none() | money, min_size=4, max_size=4)),
            "notes": draw(st.just("") | text),
            "resources": draw(st.just("") | text),
            "extra": draw(
                st.dictionaries(
                    st.sampled_from(["x_pays", "x_ref", "x_date", "x_ok"]),
                    st.one_of(
                        text,
                        st.integers(-(10**6), 10**6),
                        st.booleans(),
                        st.dates(dt.date(1990, 1, 1), dt.date(2090, 1, 1)),
                    )
                    if text is not hostile_text
                    else st.one_of(
                        text,
                        st.integers(-(10**15) + 1, 10**15 - 1),
                        st.booleans(),
                        st.dates(dt.date(1900, 1, 1), dt.date(9999, 12, 31)),
                        st.datetimes(dt.datetime(1900, 1, 2), dt.datetime(9999, 12, 31)).map(
                            lambda d: d.replace(microsecond=0)
                        ),
                    ),
                    max_size=3,
                )
            ),
        }
        actions.append(action)
    return xlplan.Plan.model_validate(
        {
            "name": draw(text.filter(lambda s: len(s) <= 1000)),
            "business": draw(st.just("") | text.filter(lambda s: len(s) <= 1000)),
            "fiscal_year_start": start,
            "currency": draw(st.sampled_from(["EUR", "USD", "GBP", "CHF"])),
            "language": draw(st.sampled_from(["fr", "en"])),
            "envelope": draw(
                st.sampled_from(
                    [{}, {"amount": 60000}, {"percent_of_revenue": 5, "revenue_forecast": 200000}]
                )
            ),
            "owners": [{"name": o} for o in owners],
            "objectives": objectives,
            "kpis": kpis,
            "actions": actions,
        }
    )
