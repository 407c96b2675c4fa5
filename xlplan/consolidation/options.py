"""What a consolidation may be told besides its plans: the conversion rates (``--rates``) and the
mapping of teams, objectives and KPIs (``--map``), each read from a small YAML file.

Rates file::

    currency: EUR        # the company currency (default: the first plan's)
    rates:               # what one unit of each currency is worth in the company currency
      GBP: 1.15

(a bare ``{GBP: 1.15}`` mapping is read the same). Map file::

    teams:               # a plan's file (its name, or its path as given) -> its team code,
      mimine.yaml: MKT   # the prefix of its IDs (MKT-A1) and its Plan / Team column
      bob.yaml: COM
    objectives:          # a plan's objective -> the company objective it is merged into
      COM-O1: MKT-O1
    kpis:
      COM-K1: MKT-K2
    actions:             # a plan's action -> its ID in the company plan (instead of MKT-A1)
      MKT-A6: SITE-1

Every mistake in either file is one line naming the file, the key and what was expected.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from ..errors import PlanFileError
from ..i18n import msg

__all__ = ["TEAM_CODE", "ConsolidationMap", "Rates", "load_map", "load_rates", "rates_of"]

TEAM_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,23}$")
"""A team code: letters, digits, ``_`` and ``-`` (no character that SUMIFS reads as a
wildcard), at most 24."""

_CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class Rates:
    """Conversion rates into the company currency.

    Args:
        currency: the company currency (ISO code), or None for the first plan's.
        rates: what one unit of each other currency is worth in the company currency.
    """

    currency: str | None = None
    rates: Mapping[str, Decimal] = field(default_factory=dict)

    def rate(self, currency: str, company: str) -> Decimal | None:
        """One unit of `currency` in `company` currency (1 for the company currency itself),
        or None when no rate is given."""
        return Decimal(1) if currency == company else self.rates.get(currency)


@dataclass(frozen=True)
class ConsolidationMap:
    """How plans meet: their team codes, and the objectives and KPIs merged across plans.

    Args:
        teams: a source (file name or path as given) -> its team code.
        objectives: a prefixed objective id (``COM-O1``) -> the one it is merged into.
        kpis: a prefixed KPI id -> the one it is merged into.
        source: the map file, for messages.
        actions: a prefixed action id (``MKT-A1``) -> its ID in the company plan instead.
    """

    teams: Mapping[str, str] = field(default_factory=dict)
    objectives: Mapping[str, str] = field(default_factory=dict)
    kpis: Mapping[str, str] = field(default_factory=dict)
    source: str = ""
    actions: Mapping[str, str] = field(default_factory=dict)


def _yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanFileError(
            msg("{path}: cannot be read ({error})", path=path, error=exc.__class__.__name__)
        ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = msg(", line {line}", line=mark.line + 1) if mark is not None else ""
        raise PlanFileError(msg("{path}{where}: not valid YAML", path=path, where=where)) from None


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PlanFileError(
            msg("{where}: expected a mapping, found {value!r}", where=where, value=value)
        )
    return {str(k): v for k, v in value.items()}


def rates_of(data: Mapping[str, Any], where: str, currency: str | None = None) -> Rates:
    """Rates from plain data: ``{GBP: 1.15}``.

    Args:
        data: currency -> rate (numbers, Decimals, or texts such as ``"1.15"``).
        where: what to name in messages (the file, and the key).
        currency: the company currency, or None for the first plan's.

    Raises:
        PlanFileError: a currency that is not an ISO code, or a rate that is not above 0.
    """
    rates: dict[str, Decimal] = {}
    for code, raw in data.items():
        if not _CURRENCY.match(code):
            raise PlanFileError(
                msg("{where}: {code!r} is not a currency code such as GBP", where=where, code=code)
            )
        try:
            numeric = isinstance(raw, int | float | str | Decimal)
            rate = Decimal(str(raw)) if numeric else Decimal(-1)
        except InvalidOperation:
            rate = Decimal(-1)
        if isinstance(raw, bool) or not rate.is_finite() or rate <= 0:
            raise PlanFileError(
                msg(
                    "{where}.{code}: expected a rate above 0, found {raw!r}",
                    where=where,
                    code=code,
                    raw=raw,
                )
            )
        rates[code] = rate
    if currency is not None and not _CURRENCY.match(currency):
        raise PlanFileError(
            msg(
                "{where}: {currency!r} is not a currency code such as EUR",
                where=where,
                currency=currency,
            )
        )
    return Rates(currency, rates)


def load_rates(path: str | Path) -> Rates:
    """Read a rates file (see the module's docstring).

    Raises:
        PlanFileError: the file cannot be read, or a currency or rate is wrong.
    """
    path = Path(path)
    data = _mapping(_yaml(path), str(path))
    if "rates" in data or "currency" in data:
        unknown = set(data) - {"rates", "currency"}
        if unknown:
            raise PlanFileError(
                msg(
                    "{path}: unknown key {unknown!r} (rates, currency)",
                    path=path,
                    unknown=sorted(unknown)[0],
                )
            )
        currency = data.get("currency")
        return rates_of(
            _mapping(data.get("rates"), f"{path}: rates"),
            f"{path}: rates",
            None if currency is None else str(currency),
        )
    return rates_of(data, str(path))


def load_map(path: str | Path) -> ConsolidationMap:
    """Read a map file (see the module's docstring).

    Raises:
        PlanFileError: the file cannot be read, or a key or team code is wrong.
    """
    path = Path(path)
    data = _mapping(_yaml(path), str(path))
    unknown = set(data) - {"teams", "objectives", "kpis", "actions"}
    if unknown:
        raise PlanFileError(
            msg(
                "{path}: unknown key {unknown!r} (teams, objectives, kpis, actions)",
                path=path,
                unknown=sorted(unknown)[0],
            )
        )
    teams = {k: str(v) for k, v in _mapping(data.get("teams"), f"{path}: teams").items()}
    for source, code in teams.items():
        if not TEAM_CODE.match(code):
            raise PlanFileError(
                msg(
                    "{path}: teams.{source}: {code!r} is not a team code (letters, digits, "
                    "_ and -, at most 24)",
                    path=path,
                    source=source,
                    code=code,
                )
            )
    merged = {
        key: {k: str(v) for k, v in _mapping(data.get(key), f"{path}: {key}").items()}
        for key in ("objectives", "kpis", "actions")
    }
    return ConsolidationMap(
        teams, merged["objectives"], merged["kpis"], str(path), merged["actions"]
    )
