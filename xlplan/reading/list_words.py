"""The words of the other sheets people keep beside a hand-made plan table, as data: a KPI list
(name, baseline, target, actual per quarter or per month, unit, direction, objective) and an
owners list (name, role, contact, team), in French and English.

Headers are compared after `normalize_header` (no case, accents, punctuation or units in
brackets). `list_key` turns one header into the field it stands for in a list of one kind;
`sheet_hint` says which kind of list a sheet's name suggests. The quarter headers (``T1``,
``Réalisé Q2``, ``1er trimestre``) are the plan table's (`vocabulary.classify`), and so are the
months (``janv. 25``, ``Mar``, ``M3``, date cells: `periods.month_period`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Final, Literal

from ..model.enums import QUARTERS
from .parse import normalize_header
from .periods import month_period
from .vocabulary import PLANNED, classify

__all__ = [
    "DIRECTION_WORDS",
    "KPI_WORDS",
    "OWNER_WORDS",
    "ListKind",
    "list_key",
    "loose",
    "sheet_hint",
]

ListKind = Literal["kpis", "owners"]

KPI_WORDS: Final[dict[str, frozenset[str]]] = {
    "name": frozenset(
        {
            "kpi",
            "kpis",
            "nom du kpi",
            "indicateur",
            "indicateurs",
            "indicateur cle",
            "indicateurs cles",
            "indicateur de performance",
            "indicateurs de performance",
            "indicateur de suivi",
            "nom de l indicateur",
            "libelle",
            "intitule",
            "nom",
            "kpi name",
            "name",
            "metric",
            "metrics",
            "indicator",
            "indicators",
            "key performance indicator",
        }
    ),
    "id": frozenset({"id", "ref", "code", "id kpi", "kpi id"}),
    "objective": frozenset(
        {
            "objectif",
            "objectifs",
            "objectif lie",
            "objectif associe",
            "axe",
            "objective",
            "objectives",
            "goal",
            "related objective",
        }
    ),
    "unit": frozenset({"unite", "unites", "unite de mesure", "unit", "units", "unit of measure"}),
    "direction": frozenset(
        {
            "sens",
            "sens souhaite",
            "sens d amelioration",
            "tendance souhaitee",
            "polarite",
            "direction",
            "desired direction",
            "polarity",
            "better if",
        }
    ),
    "baseline": frozenset(
        {
            "valeur de depart",
            "valeur initiale",
            "valeur de reference",
            "point de depart",
            "depart",
            "situation initiale",
            "situation de depart",
            "niveau de depart",
            "base",
            "baseline",
            "base line",
            "initial value",
            "starting value",
            "starting point",
            "start value",
            "previous year",
            "annee precedente",
        }
    ),
    "target": frozenset(
        {
            "cible",
            "cibles",
            "valeur cible",
            "objectif chiffre",
            "objectif cible",
            "valeur visee",
            "target",
            "targets",
            "target value",
            "goal value",
        }
    ),
    # One measure, no quarter: read as the first quarter's (`KPI_QUARTER_ASSUMED` says so).
    "actual": frozenset(
        {
            "realise",
            "reel",
            "actuel",
            "valeur actuelle",
            "valeur atteinte",
            "atteint",
            "mesure",
            "resultat",
            "actual",
            "current",
            "current value",
            "achieved",
            "result",
        }
    ),
}
"""KPI list header → field (``actual_q1`` … ``actual_q4`` and ``month_1`` … ``month_12`` come
from `list_key`'s quarter and month readings)."""

OWNER_WORDS: Final[dict[str, frozenset[str]]] = {
    "name": frozenset(
        {
            "nom",
            "noms",
            "nom complet",
            "prenom nom",
            "nom prenom",
            "responsable",
            "responsables",
            "pilote",
            "personne",
            "collaborateur",
            "membre",
            "qui",
            "nom de famille",
            "name",
            "full name",
            "last name",
            "surname",
            "family name",
            "owner",
            "owners",
            "person",
            "member",
            "who",
        }
    ),
    "first_name": frozenset({"prenom", "first name", "given name"}),
    "role": frozenset(
        {"role", "roles", "fonction", "poste", "role fonction", "function", "position", "job"}
    ),
    "contact": frozenset(
        {
            "contact",
            "email",
            "e mail",
            "mail",
            "courriel",
            "adresse email",
            "adresse e mail",
            "adresse mail",
            "telephone",
            "tel",
            "phone",
            "mobile",
            "portable",
            "email address",
        }
    ),
    "team": frozenset(
        {"equipe", "equipes", "service", "departement", "pole", "team", "department", "unit"}
    ),
}
"""Owners list header → field (``first_name``: a *Prénom* column put before the *Nom*)."""

_HINTS: Final[dict[str, ListKind]] = {
    "kpi": "kpis",
    "kpis": "kpis",
    "indicateur": "kpis",
    "indicateurs": "kpis",
    "indicators": "kpis",
    "metrics": "kpis",
    "responsable": "owners",
    "responsables": "owners",
    "equipe": "owners",
    "equipes": "owners",
    "owners": "owners",
    "team": "owners",
    "people": "owners",
    "contacts": "owners",
    "annuaire": "owners",
}

DIRECTION_WORDS: Final[dict[str, str]] = {
    # (besides the layout's labels and words, `layout.values.choice_value`)
    "a augmenter": "higher",
    "augmenter": "higher",
    "maximiser": "higher",
    "plus haut": "higher",
    "plus c est haut mieux c est": "higher",
    "croissant": "higher",
    "up": "higher",
    "increase": "higher",
    "maximise": "higher",
    "maximize": "higher",
    "higher is better": "higher",
    "+": "higher",
    "a reduire": "lower",
    "reduire": "lower",
    "diminuer": "lower",
    "minimiser": "lower",
    "plus bas": "lower",
    "decroissant": "lower",
    "down": "lower",
    "decrease": "lower",
    "minimise": "lower",
    "minimize": "lower",
    "lower is better": "lower",
    "-": "lower",
}
"""A KPI's direction as people type it (normalised; ``+`` and ``-`` as typed)."""

_YEAR: Final = re.compile(r"(?:19|20)?\d\d")
# Words that may stand before a quarter or a month in a KPI list's measure header.
_MEASURE: Final = frozenset(
    {"mesure", "valeur", "resultat", "measure", "value", "result", "kpi", "de", "du", "of", "in"}
)
_ACTUAL_WORDS: Final = KPI_WORDS["actual"]
_QUOTES: Final = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def loose(text: str) -> str:
    """A name as it is compared between a list and the plan table: no case, accents or spaces,
    one apostrophe (``Nombre d’abonnés`` is ``nombre d'abonnes``)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(bare.casefold().split())


_HINT_FILLER: Final = frozenset(
    {"liste", "list", "des", "de", "du", "la", "le", "les", "l", "nos", "mes", "suivi", "tableau"}
    | {"our", "my", "the", "of", "table", "tracking", "plan", "sheet", "feuille"}
)


def sheet_hint(name: str) -> ListKind | None:
    """The kind of list a sheet's name says it holds (``Indicateurs``, ``Suivi des KPI 2025``,
    ``Équipe``, ``Owners``), or None — also for a name that says more (``Synthèse par
    responsable``, ``Équipe marketing``: a summary, a team's plan)."""
    words = [w for w in normalize_header(name).split() if not _YEAR.fullmatch(w)]
    kinds = {_HINTS.get(w) for w in words if w not in _HINT_FILLER}
    return kinds.pop() if len(kinds) == 1 else None


def _month(norm: str) -> str | None:
    """``calendar_N`` for a calendar month (``janv 25``, ``jan 2025``, ``realise mars``, a date
    cell under a group label: ``realise 2025 03 01``), ``month_N`` for a month of the fiscal year
    (``m1``, ``mois 3``); None. The months are the plan table's (`periods.month_period`)."""
    words = [w for w in norm.split() if w not in _MEASURE and w not in _ACTUAL_WORDS]
    found = month_period(" ".join(words))
    if found is None or found[1]:  # (a month, and nothing else but measure words)
        return None
    period = found[0]
    return f"{'month' if period.kind == 'fmonth' else 'calendar'}_{period.number}"


def list_key(raw: object, kind: ListKind) -> str | None:
    """The field a list's header stands for, or None for a column xlplan does not read.

    Args:
        raw: the header cell's value (with the group label merged above it, if any).
        kind: the list: ``"kpis"`` or ``"owners"``.

    Returns:
        A key of `KPI_WORDS` or `OWNER_WORDS`; for a KPI list also ``actual_q1`` …
        ``actual_q4`` (``T1``, ``Réalisé Q2``, ``1er trimestre``), ``month_1`` … ``month_12``
        (a fiscal month: ``M1``) or ``calendar_1`` … ``calendar_12`` (a calendar month:
        ``janv. 25``, ``Mar``, a date header cell).
    """
    if kind == "kpis" and isinstance(raw, dt.date):
        return f"calendar_{raw.month}"
    norm = normalize_header(raw)
    if not norm:
        return None
    fields = KPI_WORDS if kind == "kpis" else OWNER_WORDS
    for key, known in fields.items():
        if norm in known:
            return key
    if kind == "owners":
        return None
    if (month := _month(norm)) is not None:
        return month
    words = [w for w in norm.split() if w not in _MEASURE]
    if any(w in PLANNED for w in words):  # (``Budget T1``: money, not a KPI's measure)
        return None
    found = classify(" ".join(words))
    if found is not None and found[0] in _QUARTER_KEYS:
        return f"actual_{found[0][-2:]}"
    return None


_QUARTER_KEYS: Final = frozenset(f"{g}_{q}" for g in ("budget", "actual") for q in QUARTERS)
