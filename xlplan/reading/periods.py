"""The periods of hand-made money columns other than quarters, as data: months by name (French or
English, full or abbreviated, with or without a year), by number (``M1 … M12``, months of the
fiscal year), as numbers with a year (``01/2025``) or as real date cells (``mmm-yy``); semesters
(``S1``, ``1er semestre``, ``H1``), which xlplan refuses; and the units of amounts (``k€``,
``M€``).

Headers are compared after `normalize_header` (no case, accents, punctuation or units), as in
`vocabulary`. A month's column key is ``budget_month_YYYY_MM`` (``YYYY`` is ``0000`` when the
header gives no year) or ``budget_fmonth_NN`` (the NN-th month of the fiscal year), ``actual_…``
for spend; a semester's is ``budget_semester_N``.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Final

from ..model.enums import Lang

__all__ = [
    "MONTH_WORDS",
    "Period",
    "month_period",
    "parse_period_key",
    "semester_period",
    "unit_scale",
]

# month word -> (calendar month, language); None: both languages, or neither.
MONTH_WORDS: Final[dict[str, tuple[int, Lang | None]]] = {
    "janvier": (1, "fr"),
    "janv": (1, "fr"),
    "jan": (1, None),
    "january": (1, "en"),
    "fevrier": (2, "fr"),
    "fevr": (2, "fr"),
    "fev": (2, "fr"),
    "feb": (2, "en"),
    "february": (2, "en"),
    "mars": (3, "fr"),
    "mar": (3, None),
    "march": (3, "en"),
    "avril": (4, "fr"),
    "avr": (4, "fr"),
    "apr": (4, "en"),
    "april": (4, "en"),
    "mai": (5, "fr"),
    "may": (5, "en"),
    "juin": (6, "fr"),
    "jun": (6, "en"),
    "june": (6, "en"),
    "juillet": (7, "fr"),
    "juil": (7, "fr"),
    "jul": (7, "en"),
    "july": (7, "en"),
    "aout": (8, "fr"),
    "aug": (8, "en"),
    "august": (8, "en"),
    "septembre": (9, "fr"),
    "sept": (9, None),
    "sep": (9, None),
    "september": (9, "en"),
    "octobre": (10, "fr"),
    "oct": (10, None),
    "october": (10, "en"),
    "novembre": (11, "fr"),
    "nov": (11, None),
    "november": (11, "en"),
    "decembre": (12, "fr"),
    "dec": (12, None),
    "december": (12, "en"),
}
# the year after a month's name: "janv 25", "jan 2025" (normalised)
_YEAR_WORD: Final = re.compile(r"(?:19|20)?\d\d")
# "01 2025", "2025 01": a month number with a four-digit year
_NUMBERED: Final = re.compile(
    r"(?:^|(?<=\s))(?:(?P<m1>0?[1-9]|1[0-2])\s(?P<y1>(?:19|20)\d\d)"
    r"|(?P<y2>(?:19|20)\d\d)\s(?P<m2>0?[1-9]|1[0-2]))(?=\s|$)"
)
# an ISO date (a real date cell, as `cell_text` gives it, then normalised): "2025 01 01"
_ISO: Final = re.compile(r"(?:^|(?<=\s))(?P<y>(?:19|20)\d\d)\s(?P<m>\d\d)\s\d\d(?:\s00)*(?=\s|$)")
# the fiscal year's months by number: "m1", "m 12", "mois 3", "mois3", "month 3"
_FISCAL: Final = re.compile(r"(?:^|(?<=\s))(?:m\s?|mois\s?|month\s?)(?P<n>1[0-2]|[1-9])(?=\s|$)")
_FISCAL_LANG: Final[dict[str, Lang | None]] = {"m": None, "mois": "fr", "month": "en"}
# a semester: s1, s2, h1, h2, semestre 1, 1er semestre, 2e semestre, half 1, first half
_SEMESTER: Final = re.compile(
    r"(?:^|(?<=\s))(?:(?P<letter>[sh])\s?(?P<n1>[12])"
    r"|(?P<word>semestre|sem|semester|half)\s(?P<n2>[12])"
    r"|(?P<n3>[12])\s?(?:er|re|e|eme|nd|st)?\s(?P<word3>semestre|semester|half)"
    r"|(?P<ordinal>premier|second|deuxieme|first)\s(?P<word4>semestre|semester|half))(?=\s|$)"
)


class Period:
    """What a money header's period is once its group words are set aside."""

    __slots__ = ("kind", "langs", "number", "year")

    def __init__(self, kind: str, number: int, year: int | None, langs: list[Lang | None]):
        self.kind = kind  # "month" (calendar), "fmonth" (fiscal month number), "semester"
        self.number = number
        self.year = year
        self.langs = langs

    def key(self, group: str) -> str:
        if self.kind == "month":
            return f"{group}_month_{self.year or 0:04d}_{self.number:02d}"
        if self.kind == "fmonth":
            return f"{group}_fmonth_{self.number:02d}"
        return f"{group}_semester_{self.number}"


def _year(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) if len(text) == 4 else 2000 + int(text)


def month_period(norm: str) -> tuple[Period, str] | None:
    """The month a normalised header names and what is left of the header around it."""
    for pattern in (_ISO, _NUMBERED):
        match = pattern.search(norm)
        if match is not None:
            g = match.groupdict()
            year = int(g.get("y") or g.get("y1") or g.get("y2") or 0)
            month = int(g.get("m") or g.get("m1") or g.get("m2") or 0)
            return Period("month", month, year, []), _rest(norm, match)
    match = _FISCAL.search(norm)
    if match is not None:
        word = match.group().split()[0].rstrip("0123456789")
        period = Period("fmonth", int(match["n"]), None, [_FISCAL_LANG.get(word)])
        return period, _rest(norm, match)
    words = norm.split()
    for i, word in enumerate(words):
        found = MONTH_WORDS.get(word)
        if found is None:
            continue
        number, lang = found
        # its year: the word after it ("janv 25", "Jan-2025"); a year before it is a group's
        # ("Budget 2025" over "avr. … mars"), which may be the first of two calendar years
        after = i + 1 < len(words) and _YEAR_WORD.fullmatch(words[i + 1])
        at = i + 1 if after else None
        rest = [w for j, w in enumerate(words) if j not in (i, at)]
        typed = None if at is None else _year(words[at])
        return Period("month", number, typed, [lang]), " ".join(rest)
    return None


def semester_period(norm: str) -> tuple[Period, str] | None:
    """The semester a normalised header names and what is left of the header around it."""
    match = _SEMESTER.search(norm)
    if match is None:
        return None
    g = match.groupdict()
    number = g["n1"] or g["n2"] or g["n3"]
    n = int(number) if number else (1 if g["ordinal"] in ("premier", "first") else 2)
    return Period("semester", n, None, []), _rest(norm, match)


def _rest(norm: str, match: re.Match[str]) -> str:
    return (norm[: match.start()] + " " + norm[match.end() :]).strip()


_KEY: Final = re.compile(r"(budget|actual)_(month|fmonth|semester)_(\d+)(?:_(\d+))?")


def parse_period_key(key: str) -> tuple[str, str, int, int] | None:
    """``(group, kind, year, number)`` of a period column key (`Period.key`); None for another
    key. ``year`` is 0 when the header gave none (and for fiscal months and semesters)."""
    match = _KEY.fullmatch(key)
    if match is None:
        return None
    group, kind, first, second = match.groups()
    if kind == "month":
        return group, kind, int(first), int(second)
    return group, kind, 0, int(first)


# Units of amounts in a header: thousands or millions of a currency. Looked for in the header as
# typed (NFKC, case folded): normalisation would drop the brackets they are written in.
# (k€, K$, keur, milliers, thousands, (000), 000 €, k euros; in English the sign comes first:
# $k, €k, £k, $000, (K), (000s))
_THOUSANDS: Final = re.compile(
    r"\bk\s?(?:€|eur\b|\$|usd\b|£|gbp\b|chf\b)|\bkeur\b|\bmilliers\b|\bthousands?\b"
    r"|\(\s*000s?\s*\)|\b000\s?(?:€|eur\b|\$|usd\b|£|gbp\b)|\bk\s?(?:euros?)\b"
    r"|(?:€|\$|£)\s?(?:k|000s?)(?![\w])|\(\s*k\s*\)|\b000s\b"
)
_MILLIONS: Final = re.compile(
    r"(?<![a-z])m\s?(?:€|eur\b|\$|usd\b|£|gbp\b|chf\b)|\bmeur\b|\bmillions?\b|\bmio\b"
    r"|(?:€|\$|£)\s?(?:m|mn|mm)(?![\w])"
)


def unit_scale(text: str) -> Decimal | None:
    """1000 for a header saying its amounts are in thousands (``Budget T1 (k€)``, ``K€``,
    ``en milliers d'euros``), 1000000 for millions (``M€``); None for units."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if _THOUSANDS.search(folded):
        return Decimal(1000)
    if _MILLIONS.search(folded):
        return Decimal(1_000_000)
    return None
