"""The words of hand-made plan tables, as data: which header names which column, in French or
English, and the words of statuses, currencies and amounts in thousands.

Headers are compared after `normalize_header` (no case, accents, punctuation or units). Each
word or phrase says which language it belongs to; None: both, or neither. `classify` turns a
header into the column key it stands for and its language; `header_key` is its public face.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Final

from ..layout.spec import PLAN
from ..model.enums import Lang, Status
from .common import TOTAL_WORDS, cell_text
from .parse import normalize_header
from .periods import month_period, semester_period

__all__ = [
    "ACTUAL",
    "CURRENCIES",
    "FIELD_WORDS",
    "PLANNED",
    "STATUS_WORDS",
    "TOTAL_FILLER",
    "classify",
    "currencies_in",
    "group_word",
    "header_key",
    "headerish",
    "is_amount_word",
]

# --- header words -------------------------------------------------------------------------------
# Headers are compared after `normalize_header` (no case, accents, punctuation or units). Each
# word or phrase says which language it belongs to; None: both, or neither.
FIELD_WORDS: Final[dict[str, dict[str, Lang | None]]] = {
    "title": {
        "action": None,
        "actions": None,
        "action marketing": "fr",
        "actions marketing": "fr",
        "tache": "fr",
        "taches": "fr",
        "intitule": "fr",
        "libelle": "fr",
        "task": "en",
        "tasks": "en",
        "marketing action": "en",
    },
    "objectives": {
        "objectif": "fr",
        "objectifs": "fr",
        "objective": "en",
        "objectives": "en",
        "goal": "en",
        "goals": "en",
    },
    "kpis": {
        "kpi": None,
        "kpis": None,
        "indicateur": "fr",
        "indicateurs": "fr",
        "indicateur de performance": "fr",
        "indicateurs de performance": "fr",
        "indicateur de suivi": "fr",
        "indicateurs de suivi": "fr",
        "metric": "en",
        "metrics": "en",
        "indicator": "en",
        "indicators": "en",
    },
    "owner": {
        "responsable": "fr",
        "pilote": "fr",
        "qui": "fr",
        "owner": "en",
        "responsible": "en",
        "lead": "en",
        "who": "en",
    },
    "participants": {"participants": None, "intervenants": "fr"},
    "start": {"debut": "fr", "date de debut": "fr", "start": "en", "start date": "en"},
    "end": {
        "fin": "fr",
        "date de fin": "fr",
        "echeance": "fr",
        "end": "en",
        "end date": "en",
        "deadline": "en",
        "due date": "en",
    },
    "status": {"statut": "fr", "etat": "fr", "status": "en"},
    "progress": {"avancement": "fr", "progression": "fr", "progress": "en"},
    "channel": {"canal": "fr", "canaux": "fr", "levier": "fr", "leviers": "fr", "channel": "en"},
    "resources": {"ressources": "fr", "moyens": "fr", "resources": "en"},
    "notes": {
        "notes": None,
        "note": None,
        "commentaire": "fr",
        "commentaires": "fr",
        "remarque": "fr",
        "remarques": "fr",
        "comment": "en",
        "comments": "en",
    },
}
# "% réalisé" is progress; "Réalisé T1" is actual spend: the percent sign tells them apart.
PERCENT_DONE: Final[dict[str, Lang | None]] = {"realise": "fr", "done": "en", "complete": "en"}

# A quarter: q1, t1, trim 1, trimestre 1, 1er trimestre, 2e/2eme trimestre, quarter 1, 1st quarter.
_QUARTER: Final = re.compile(
    r"(?:^|(?<=\s))(?:"
    r"(?P<letter>[qt])(?P<n1>[1-4])"
    r"|(?P<word1>trimestre|trim|quarter|qtr)\s?(?P<n2>[1-4])"
    r"|(?P<n3>[1-4])\s?(?P<suffix>er|re|e|eme|nd|st|rd|th)?\s(?P<word3>trimestre|trim|quarter|qtr)"
    r"|(?P<ordinal>premier|deuxieme|troisieme|quatrieme|first|second|third|fourth)"
    r"\s(?P<word4>trimestre|quarter)"
    r")(?=\s|$)"
)
_ORDINALS: Final = {
    "premier": 1,
    "first": 1,
    "deuxieme": 2,
    "second": 2,
    "troisieme": 3,
    "third": 3,
    "quatrieme": 4,
    "fourth": 4,
}
_QUARTER_LANG: Final[dict[str, Lang | None]] = {
    "t": "fr",
    "trim": "fr",
    "trimestre": "fr",
    "er": "fr",
    "re": "fr",
    "e": "fr",
    "eme": "fr",
    "premier": "fr",
    "deuxieme": "fr",
    "troisieme": "fr",
    "quatrieme": "fr",
    "quarter": "en",
    "qtr": "en",
    "st": "en",
    "nd": "en",
    "rd": "en",
    "th": "en",
    "first": "en",
    "third": "en",
    "fourth": "en",
}
# Words that may stand with a quarter or "total": planned money, actual money, or filler.
PLANNED: Final[dict[str, Lang | None]] = {
    "budget": None,
    "budgets": None,
    "plan": None,
    "budgete": "fr",
    "prevu": "fr",
    "prevus": "fr",
    "prevue": "fr",
    "prevision": "fr",
    "previsionnel": "fr",
    "montant": "fr",
    "cout": "fr",
    "couts": "fr",
    "cost": "en",
    "costs": "en",
    "planned": "en",
    "budgeted": "en",
    "forecast": "en",
    "estimate": "en",
    "estimated": "en",
    "est": "en",
    "amount": "en",
}
ACTUAL: Final[dict[str, Lang | None]] = {
    "reel": "fr",
    "reels": "fr",
    "reelle": "fr",
    "depense": "fr",
    "depenses": "fr",
    "depensee": "fr",
    "realise": "fr",
    "realisee": "fr",
    "consomme": "fr",
    "actual": "en",
    "actuals": "en",
    "spent": "en",
    "spend": "en",
    "spending": "en",
}
FILLER: Final = frozenset(
    {
        "de",
        "du",
        "des",
        "d",
        "en",
        "au",
        "the",
        "of",
        "in",
        "eur",
        "euro",
        "euros",
        "ht",
        "ttc",
        "fy",
    }
    # units, which `periods.unit_scale` reads from the header as typed
    | {"k", "keur", "meur", "milliers", "millions", "million", "thousands", "thousand"}
)
TOTAL_FILLER: Final = frozenset({"annuel", "annual", "annee", "year", "general", "global"})
YEAR: Final = re.compile(r"(?:19|20)\d\d")
# A year beside a quarter: 2025, 25 (Q1-25, Q1'25), FY25, FY2025.
_YEAR_TAG: Final = re.compile(r"(?:fy)?(?:(?:19|20)\d\d|\d\d)")


def _add_layout_labels() -> None:
    """The labels of xlplan's own action plan sheet are headers too (for a workbook that lost
    its ``_meta`` sheet): ``Levier / canal``, ``Récurrence``, ``ID``…"""
    for col in PLAN.columns:
        if col.is_input and not col.key.startswith("budget_"):
            fr, en = normalize_header(col.fr), normalize_header(col.en)
            words = FIELD_WORDS.setdefault(col.key, {})
            words.setdefault(fr, None if fr == en else "fr")
            words.setdefault(en, None if fr == en else "en")


_add_layout_labels()

STATUS_WORDS: Final = {
    "a faire": Status.TODO,
    "non commence": Status.TODO,
    "non demarre": Status.TODO,
    "prevu": Status.TODO,
    "planifie": Status.TODO,
    "not started": Status.TODO,
    "planned": Status.TODO,
    "todo": Status.TODO,
    "en cours": Status.IN_PROGRESS,
    "commence": Status.IN_PROGRESS,
    "started": Status.IN_PROGRESS,
    "ongoing": Status.IN_PROGRESS,
    "wip": Status.IN_PROGRESS,
    "doing": Status.IN_PROGRESS,
    "fait": Status.DONE,
    "faite": Status.DONE,
    "termine": Status.DONE,
    "terminee": Status.DONE,
    "fini": Status.DONE,
    "realise": Status.DONE,
    "finished": Status.DONE,
    "complete": Status.DONE,
    "completed": Status.DONE,
    "annule": Status.CANCELLED,
    "annulee": Status.CANCELLED,
    "abandonne": Status.CANCELLED,
    "canceled": Status.CANCELLED,
}
CURRENCIES: Final = (
    (re.compile(r"€|\beur\b|\beuros?\b"), "EUR"),
    (re.compile(r"\$|\busd\b"), "USD"),
    (re.compile(r"£|\bgbp\b"), "GBP"),
    (re.compile(r"\bchf\b"), "CHF"),
)


def currencies_in(text: str) -> tuple[str, ...]:
    """The currencies a text names (``1 250,00 €``, ``Budget Q2 ($)``), as ISO codes."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return tuple(code for pattern, code in CURRENCIES if pattern.search(folded))


def _quarter_key(norm: str) -> tuple[str, list[Lang | None]] | None:
    """``("budget_q1", …)`` or ``("actual_q1", …)`` for a quarter header, with its languages."""
    match = _QUARTER.search(norm)
    if match is None:
        return None
    groups = match.groupdict()
    number = groups["n1"] or groups["n2"] or groups["n3"]
    n = int(number) if number else _ORDINALS[groups["ordinal"]]
    marks = [
        groups[g] for g in ("letter", "word1", "word3", "word4", "suffix", "ordinal") if groups[g]
    ]
    langs = [_QUARTER_LANG.get(m) for m in marks]
    words = (norm[: match.start()] + " " + norm[match.end() :]).split()
    kind = _group([w for w in words if not _YEAR_TAG.fullmatch(w)], langs)
    return None if kind is None else (f"{kind}_q{n}", langs)


def _group(words: list[str], langs: list[Lang | None]) -> str | None:
    """``"budget"`` or ``"actual"`` for the words around a period (``Réel``, ``Budget prévu``),
    adding their languages to `langs`; None if a word is not an amount word."""
    kind = "budget"
    for word in words:
        if word in ACTUAL:
            kind = "actual"
            langs.append(ACTUAL[word])
        elif word in PLANNED:
            langs.append(PLANNED[word])
        elif word not in FILLER and not YEAR.fullmatch(word):
            return None
    return kind


def _period_key(norm: str) -> tuple[str, list[Lang | None]] | None:
    """The key of a month or semester header (`periods.Period.key`), with its languages."""
    found = month_period(norm) or semester_period(norm)
    if found is None:
        return None
    period, rest = found
    langs = list(period.langs)
    kind = _group(rest.split(), langs)
    return None if kind is None else (period.key(kind), langs)


def _total_key(norm: str) -> tuple[str, list[Lang | None]] | None:
    words = norm.split()
    if not any(w in TOTAL_WORDS for w in words):
        return None
    kind, langs = "total", []
    for word in words:
        if word in ACTUAL:
            kind = "actual_total"
            langs.append(ACTUAL[word])
        elif word in PLANNED:
            langs.append(PLANNED[word])
        elif not (
            word in TOTAL_WORDS or word in FILLER or word in TOTAL_FILLER or YEAR.fullmatch(word)
        ):
            return None
    return kind, langs


def classify(raw: object) -> tuple[str, Lang | None] | None:
    """The column key a header stands for and the language it is written in, or None."""
    norm = normalize_header(raw)
    if not norm:
        return None
    for key, words in FIELD_WORDS.items():
        if norm in words:
            return key, words[norm]
    if isinstance(raw, str) and "%" in raw and norm in PERCENT_DONE:
        return "progress", PERCENT_DONE[norm]
    found = _quarter_key(norm) or _total_key(norm) or _period_key(norm)
    if found is None:
        return None
    key, langs = found
    if key.startswith("budget_") or key == "total":
        # "Budget T1 (réel)": normalize_header drops the brackets, which may say "actual".
        bracketed = normalize_header(re.sub(r"[()\[\]]", " ", cell_text(raw))).split()
        if any(word in ACTUAL for word in bracketed):
            key = key.replace("budget_", "actual_").replace("total", "actual_total")
    votes = Counter(lang for lang in langs if lang is not None)
    if not votes or votes["fr"] == votes["en"]:
        return key, None
    return key, "fr" if votes["fr"] > votes["en"] else "en"


def header_key(text: object) -> str | None:
    """The column a hand-made header stands for, or None for a column xlplan does not know.

    Args:
        text: the header cell's value, e.g. ``"Budget Q1 (€)"``, ``"1er trimestre"``,
            ``"Réel T2"``, ``"Responsable"``.

    Returns:
        ``"title"``, ``"objectives"``, ``"kpis"``, ``"owner"``, ``"participants"``, ``"start"``,
        ``"end"``, ``"status"``, ``"progress"``, ``"channel"``, ``"resources"``, ``"notes"`` (and
        the other input columns of xlplan's own action plan sheet), ``"budget_q1"`` …
        ``"budget_q4"`` (planned), ``"actual_q1"`` … ``"actual_q4"`` (spent), ``"total"`` or
        ``"actual_total"``.
    """
    found = classify(text)
    return None if found is None else found[0]


def is_amount_word(word: str) -> bool:
    return word in PLANNED or word in ACTUAL or word in FILLER or bool(YEAR.fullmatch(word))


def group_word(text: str | int) -> bool:
    """Whether a text above header cells qualifies them as a group: planned or actual money
    words, filler and years only (``Budget prévu``, ``Réalisé``, ``Actual``, ``2025``), and not
    a column of its own."""
    words = normalize_header(text).split()
    return bool(words) and all(is_amount_word(w) for w in words) and classify(text) is None


def headerish(text: str) -> bool:
    """Whether a text is a column header or a group label (``Budget prévu``, ``Réel``)."""
    words = normalize_header(text).split()
    return classify(text) is not None or (bool(words) and all(is_amount_word(w) for w in words))
