"""`xlplan consolidate`: several teams' plans as one company plan (see `merge`).

`consolidate` reads the plans (plan files, workbooks — xlplan's own or hand-made —, folders of
them, or `Plan` objects), gives each a team code and merges them (`merge.merge`); `render`
shows the result as a table or a JSON document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path

from ..i18n import msg
from ..model.enums import Lang
from ..model.plan import Plan
from ..output import same_file
from .merge import Consolidation, ConsolidationError, Origin, Source, merge
from .options import ConsolidationMap, Rates, load_map, load_rates, rates_of
from .sources import expand, load, team_codes

__all__ = [
    "Consolidation",
    "ConsolidationError",
    "ConsolidationMap",
    "Origin",
    "Rates",
    "Source",
    "consolidate",
    "load_map",
    "load_rates",
]


def consolidate(
    plans_or_paths: Iterable[Plan | str | Path] | Plan | str | Path,
    *,
    teams: Mapping[str, str] | None = None,
    mapping: ConsolidationMap | str | Path | None = None,
    rates: Rates | Mapping[str, float | str | Decimal] | str | Path | None = None,
    currency: str | None = None,
    year: int | None = None,
    start: dt.date | None = None,
    envelope: Decimal | float | None = None,
    name: str | None = None,
    business: str | None = None,
    lang: Lang | None = None,
) -> Consolidation:
    """Consolidate several plans into one company plan, as `xlplan consolidate` does.

    Args:
        plans_or_paths: plans, plan files (.yaml, .yml, .json), workbooks (.xlsx), or folders
            of them (the map and rates files given are not taken for plans there).
        teams: a source's file name (or path as given) -> its team code, the prefix of its IDs
            (default: made from the file's name, ``mimine.yaml`` -> ``MIMINE``); the map file's
            ``teams`` come first.
        mapping: objectives and KPIs merged across plans, or the map file (see `load_map`).
        rates: one rate per currency into the company currency (``{"GBP": 1.15}``), or the
            rates file (see `load_rates`); needed when the plans' currencies differ.
        currency: the company currency (default: the rates file's, else the first plan's).
        year: the company's fiscal year, from 1 January; needed when the plans' differ.
        start: the company's fiscal year start, the 1st of a month (instead of `year`).
        envelope: the company envelope (default: the plans' envelopes summed).
        name, business, lang: the company plan's (default: the plans' joined, the first
            plan's language).

    Returns:
        The company plan (`Consolidation.plan`, ready for `xlplan.build`) with each source's
        figures and problems and each action's origin.

    Raises:
        ConsolidationError: different fiscal years or currencies without `year`/`start` or
            `rates`, a map naming what no plan has, or an envelope below 0 or not a number.
        XlplanError: a source, the map or the rates file is unusable (the message names it).
    """
    if year is not None and start is not None:
        raise ConsolidationError(msg("give a year or a fiscal year start, not both"))
    if start is not None and start.day != 1:
        raise ConsolidationError(
            msg("the fiscal year must start on the 1st of a month, found {start}", start=start)
        )
    first = dt.date(year, 1, 1) if year is not None else start
    # (the map and rates files are no plans, though they often sit in the plans' folder)
    options = [Path(f) for f in (mapping, rates) if isinstance(f, str | Path)]
    if isinstance(mapping, str | Path):
        mapping = load_map(mapping)
    if isinstance(rates, str | Path):
        rates = load_rates(rates)
    elif rates is not None and not isinstance(rates, Rates):
        rates = rates_of(dict(rates), "rates")
    if currency is not None:
        rates = rates_of(dict(rates.rates) if rates else {}, "rates", currency)
    amount = None if envelope is None else Decimal(str(envelope))
    if amount is not None and (not amount.is_finite() or amount < 0):
        raise ConsolidationError(
            msg("envelope: expected an amount of 0 or more, found {envelope}", envelope=envelope)
        )
    items = [plans_or_paths] if isinstance(plans_or_paths, Plan | str | Path) else plans_or_paths
    found = [
        i for i in expand(items) if isinstance(i, Plan) or not any(same_file(i, f) for f in options)
    ]
    loaded = [load(item) for item in found]
    codes = team_codes(loaded, {**(teams or {}), **(mapping.teams if mapping else {})})
    return merge(
        loaded,
        codes,
        mapping=mapping,
        rates=rates,
        start=first,
        envelope=amount,
        name=name,
        business=business,
        lang=lang,
    )
