"""Monthly figures: an action's budget or actual spend given per month, summed into the quarters.

The model holds the months in **fiscal order** (the first is the first month of the fiscal
year), inside the quarterly figures they add up to (`QuarterBudget.months`,
`QuarterActual.months`): every consumer of the quarters keeps working, and a quarterly-only
action carries no extra object (``months`` is None).

A plan file may also name the months (``budget: {jan: 100, feb: 120, …}``, English or French
abbreviations); naming needs the plan's fiscal year start, so the file reader turns named months
into the fiscal-order list (`fiscal_months`) before validation.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ..i18n import msg
from .enums import QUARTERS

_ZERO = Decimal(0)

MONTH_NAMES: tuple[tuple[str, ...], ...] = (
    ("jan", "janv"),
    ("feb", "fevr"),
    ("mar", "mars"),
    ("apr", "avr"),
    ("may", "mai"),
    ("jun", "juin"),
    ("jul", "juil"),
    ("aug", "aout"),
    ("sep", "sept"),
    ("oct",),
    ("nov",),
    ("dec",),
)
"""The keys a plan file may name a calendar month by (January first): English three-letter
abbreviations and French abbreviations; any case, accents optional (``févr``, ``août``,
``déc``), a final dot allowed."""

MONTH_KEYS = {name: i for i, names in enumerate(MONTH_NAMES) for name in names}
"""A month key → its calendar month, 0-based."""

MONTHS_FIELD = "months"
"""The field of `QuarterBudget` / `QuarterActual` holding the months, in fiscal order."""


def month_of(key: object) -> int | None:
    """The 0-based calendar month a plan file's key names (``"Jan"``, ``"févr."``), or None."""
    if not isinstance(key, str):
        return None
    folded = key.strip().lower().removesuffix(".")
    found = MONTH_KEYS.get(folded)
    if found is None and not folded.isascii():  # (accents optional: févr, août, déc)
        bare = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
        found = MONTH_KEYS.get(bare)
    return found


def start_month(data: dict[str, Any]) -> int:
    """The 0-based calendar month the fiscal year of raw plan data starts in (January when it
    cannot be told: validation then refuses the start itself)."""
    start = data.get("fiscal_year_start")
    if isinstance(start, dt.date):
        return start.month - 1
    if isinstance(start, str) and len(start) >= 7 and start[5:7].isdigit():
        return min(max(int(start[5:7]), 1), 12) - 1
    return 0


def fiscal_months(data: dict[str, Any]) -> None:
    """Turn the named months of raw plan data's actions (``budget: {jan: 100, …}``, the same for
    ``actual``) into the fiscal-order list the model holds (``{"months": [...]}``), in place;
    quarter keys given beside them stay, for validation to check them against the months.

    A month named twice (``jan`` and ``janv``) is left as a key, which validation refuses.
    """
    actions = data.get("actions")
    if not isinstance(actions, list):
        return
    first = start_month(data)
    for action in actions:
        if not isinstance(action, dict):
            continue
        for field in ("budget", "actual"):
            value = action.get(field)
            if isinstance(value, dict) and any(month_of(k) is not None for k in value):
                action[field] = _named_to_fiscal(value, first, None if field == "actual" else 0)


def _named_to_fiscal(value: dict[str, Any], first: int, missing: int | None) -> dict[str, Any]:
    """Named months → ``{"months": [...]}`` in fiscal order, a month not named `missing`."""
    months: list[Any] = [missing] * 12
    named: set[int] = set()
    out: dict[str, Any] = {}
    for key, amount in value.items():
        month = month_of(key)
        index = None if month is None else (month - first) % 12
        if index is None or index in named:
            out[key] = amount
        else:
            months[index] = amount
            named.add(index)
    out[MONTHS_FIELD] = months
    return out


def named_months(months: Sequence[Decimal | None], first: int) -> dict[str, Decimal]:
    """Fiscal-order months → ``{"apr": …, "may": …}`` (English keys, fiscal order; months not
    entered left out), as a plan file writes them."""
    return {
        MONTH_NAMES[(first + i) % 12][0]: value
        for i, value in enumerate(months)
        if value is not None
    }


def quarter_sums(months: Sequence[Decimal | None], blank: bool) -> list[Decimal | None]:
    """Each fiscal quarter's sum of its three months; with `blank`, a quarter none of whose
    months is entered is None (actual spend not entered yet) rather than 0."""
    out: list[Decimal | None] = []
    for q in range(0, 12, 3):
        a, b, c = months[q : q + 3]
        if a is not None and b is not None and c is not None:  # (every month entered: 10 000s)
            out.append(_ZERO + a + b + c)
            continue
        three = [v for v in (a, b, c) if v is not None]
        out.append(None if blank and not three else sum(three, _ZERO))
    return out


@functools.cache
def _adapters() -> tuple[Any, Any]:
    """The validators of a month's amount (planned, actual): made on first use, not at import."""
    from pydantic import TypeAdapter

    from .cells import Money

    return TypeAdapter(Money), TypeAdapter(Money | None)


@functools.cache
def _list_adapters() -> tuple[Any, Any]:
    """The validators of twelve months (planned, actual): one call per list rather than one
    per month (a hand-made monthly table's 10 000 actions: 240 000 calls fewer)."""
    from pydantic import TypeAdapter

    from .cells import Money

    return TypeAdapter(list[Money]), TypeAdapter(list[Money | None])


def with_months(data: dict[str, Any], raw: Any, actual: bool) -> dict[str, Any]:
    """Quarterly figures' input holding months (`raw`, fiscal order) → the quarters they add up
    to, with the months; quarters given too must be what their months add up to.

    Values the model refuses are passed on unchanged, for validation to name them at their
    field path (``budget.months[3]``).

    Raises:
        ValueError: not 12 months, or a given quarter that its months do not add up to.
    """
    if not isinstance(raw, list | tuple):
        return data | {MONTHS_FIELD: raw}
    if len(raw) != 12:
        raise ValueError(msg("expected 12 monthly values, found {count}", count=len(raw)))
    check = _adapters()[1 if actual else 0]
    try:
        months = _list_adapters()[1 if actual else 0].validate_python(list(raw))
    except ValueError:
        return data | {MONTHS_FIELD: raw}
    sums = quarter_sums(months, blank=actual)
    if data.keys() <= {MONTHS_FIELD}:  # (months alone, as the readers give them)
        return dict(zip(QUARTERS, sums, strict=True)) | {MONTHS_FIELD: tuple(months)}
    given = {q: data[q] for q in QUARTERS if q in data}
    try:
        given = {q: check.validate_python(v) for q, v in given.items()}
    except ValueError:
        return data | {MONTHS_FIELD: months}
    for i, q in enumerate(QUARTERS):
        if q in given and given[q] != sums[i]:
            raise ValueError(
                msg(
                    "{quarter} is {given} but its months ({first} to {last} of the fiscal year) "
                    "add up to {months}",
                    quarter=msg("Q{number}", number=i + 1),
                    given="—" if given[q] is None else given[q],
                    first=3 * i + 1,
                    last=3 * i + 3,
                    months="—" if sums[i] is None else sums[i],
                )
            )
    rest = {k: v for k, v in data.items() if k not in given and k != MONTHS_FIELD}
    return rest | dict(zip(QUARTERS, sums, strict=True)) | {MONTHS_FIELD: tuple(months)}


def named_month_error(keys: Sequence[object], twice: bool = False) -> ValueError | None:
    """The refusal of named months left among quarterly figures' keys, or None: a month named
    twice (`twice`: the others are already in the months, `fiscal_months`), or named months
    where the plan's fiscal year is not known (a mapping validated on its own, not read from
    a plan file), saying how to give them."""
    named = [str(k) for k in keys if month_of(k) is not None]
    if not named:
        return None
    if twice:
        return ValueError(msg("month {key!r} is given twice", key=named[0]))
    return ValueError(
        msg(
            "month {key!r}: named months need the plan's fiscal year (a plan file); give the 12 "
            "months as a list in fiscal order instead",
            key=named[0],
        )
    )
