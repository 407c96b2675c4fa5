"""The words of a hand-made table's section rows, as data: a row holding only a label that names
an objective (``Objectif 1 — Développer la notoriété``, ``Axe 2 : Fidéliser``, ``Goal: Grow
revenue``), an owner or a team (``Responsable : Bob``, ``Équipe commerciale``, ``Team: Sales``)
or a phase (``Phase 1 — Lancement``, ``Phase: launch``, ``T1 — janvier à mars``).

`section_label` reads such a label; `maybe_section` is its cheap first look, asked of every
action's text. Words are compared after `normalize_header` (no case, no accents).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from .parse import normalize_header

__all__ = ["SectionKind", "SectionLabel", "maybe_section", "objective_reference", "section_label"]

SectionKind = Literal["objective", "owner", "phase"]

_OBJECTIVE: Final = frozenset(
    {"objectif", "objectifs", "objective", "objectives", "goal", "goals", "axe", "axis"}
    | {"priorite", "priority", "enjeu"}
)
# After a person's word comes a separator and a name ("Responsable : Bob"), never a phrase
# ("Lead generation campaign" is an action).
_PERSON: Final = frozenset({"responsable", "pilote", "owner", "lead"})
_GROUP: Final = frozenset({"equipe", "team", "service", "pole", "departement", "department"})
_PHASE: Final = frozenset(
    {"phase", "etape", "stage", "step", "periode", "period", "trimestre", "quarter"}
    | {"semestre", "semester"}
)
_QUALIFIERS: Final = frozenset(  # "Objectif stratégique 1 : …"
    {"strategique", "operationnel", "operationnelle", "strategic", "operational", "principal"}
    | {"main", "secondaire", "secondary"}
)
_KINDS: Final[dict[str, SectionKind]] = {
    **dict.fromkeys(_OBJECTIVE, "objective"),
    **dict.fromkeys(_PERSON | _GROUP, "owner"),
    **dict.fromkeys(_PHASE, "phase"),
}
# The first word as typed, lower-cased, with and without its accents: `maybe_section`'s set.
_FIRST: Final = frozenset(_KINDS) | {
    "équipe",
    "pôle",
    "département",
    "priorité",
    "étape",
    "période",
}

_WORD: Final = re.compile(r"\s*([^\W\d_]+)")
_NEXT_WORD: Final = re.compile(r"\s+([^\W\d_]+)")
_TAIL: Final = re.compile(
    r"\s*(?:(?:n°|nº|no\.|#)\s*)?(?P<number>\d+(?:\.\d+)*)?"
    r"\s*(?P<sep>[:—–\-.)/|])?\s*(?P<rest>.*)",
    re.DOTALL,
)
# A quarter or semester heading: "T1 — janvier à mars", "Q2", "S1 : lancement".
_PERIOD: Final = re.compile(r"\s*[TtQqSs][1-4](?![\w])\s*(?P<sep>[:—–\-.)/|])?")
_MAYBE: Final = re.compile(
    r"\s*(?:"
    + "|".join(re.escape(w) for w in sorted(_FIRST, key=len, reverse=True))
    + r")(?![^\W\d_])|\s*[TtQqSs][1-4](?!\w)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class SectionLabel:
    """What a section row's label says.

    `value`: the objective's title, the owner's name, or the phase as typed. `number`: the
    objective's number as typed (``1``, ``2.1``), else ``""``. `strong`: the keyword is followed
    by a number or a separator (``Objectif 1``, ``Team:``): a section wherever the label stands;
    a weak label (``Équipe commerciale``) is a section only on a row of its own or merged across.
    """

    kind: SectionKind
    value: str
    number: str
    strong: bool


def maybe_section(text: str) -> bool:
    """Whether `text` may be a section label: its first word is a section word, it is a quarter
    heading, or it ends with "team". Cheap (one regular expression that fails on the first
    letters of most texts): asked of every action's text."""
    return _MAYBE.match(text) is not None or text.endswith(("team", "Team", "TEAM"))


def section_label(text: str) -> SectionLabel | None:
    """The section a lone label names, or None.

    Args:
        text: the label, as `cell_text` gives it (stripped).

    Returns:
        Its kind and value: ``Objectif 1 — Développer la notoriété`` is the objective 1
        "Développer la notoriété"; ``Responsable : Bob`` the owner "Bob"; ``Équipe
        commerciale`` the owner "Équipe commerciale"; ``Phase 1 — Lancement`` the phase
        "Phase 1 — Lancement".
    """
    if len(text) > 300:
        return None
    period = _PERIOD.match(text)
    if period is not None and (period.group("sep") or period.end() == len(text)):
        return SectionLabel("phase", text, "", True)
    found = _WORD.match(text)
    if found is None:
        return None
    word = normalize_header(found.group(1))
    kind = _KINDS.get(word)
    if kind is None:
        words = normalize_header(text).split()
        if 2 <= len(words) <= 4 and words[-1] == "team":  # "Sales team"
            return SectionLabel("owner", text, "", False)
        return None
    at = found.end()
    qualifier = _NEXT_WORD.match(text, at)
    if qualifier is not None and normalize_header(qualifier.group(1)) in _QUALIFIERS:
        at = qualifier.end()
    tail = _TAIL.match(text, at)
    assert tail is not None  # (every part of it is optional)
    number, sep, rest = tail.group("number") or "", tail.group("sep") or "", tail.group("rest")
    joined = text[tail.end("sep") : tail.end("sep") + 1].isalpha() if sep else False
    if sep in ("-", ".") and not number and tail.start("sep") == at and joined:
        return None  # a word joined to the next ("Team-building event"), not a separator
    rest = rest.strip()
    strong = bool(number or sep)
    if not rest and not number:
        return None  # "Objectif", "Équipe :" alone
    if kind == "objective":
        return SectionLabel(kind, rest or text, number, strong)
    if kind == "owner":
        if word in _PERSON:
            return SectionLabel(kind, rest, "", True) if rest and sep and not number else None
        return SectionLabel(kind, rest if sep and rest and not number else text, "", strong)
    return SectionLabel(kind, text, "", strong)


def objective_reference(text: str) -> tuple[str, str] | None:
    """The number of the objective an action's objective cell names by number, and the title it
    gives beside it ("" when none): ``O1`` and ``Objectif 1`` are ``("1", "")``, ``Objectif 1
    — Vendre plus`` is ``("1", "Vendre plus")``; None for any other text."""
    text = text.strip()
    if re.fullmatch(r"[Oo][0-9]+(?:\.[0-9]+)*", text):
        return text[1:], ""
    label = section_label(text)
    if label is None or label.kind != "objective" or not label.number:
        return None
    return label.number, "" if label.value == text else label.value
