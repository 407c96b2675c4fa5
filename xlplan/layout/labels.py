"""Every text a workbook shows, in French and English, over stable keys: one `Label` shape.

Sheet names and intros, column headers and input messages, dropdown labels, validation
messages, the timeline's legend and the annotated copy's problem sheet here; the guide's texts in
`labels_guide`, the dashboard's and the charts' titles and the overruns' legend in
`labels_dashboard`. Writer and reader take their labels from here; nothing else
in the package spells a French or English label. (The header synonyms that hand-made tables may
use are reading vocabulary, in `xlplan.reading`.)
"""

from __future__ import annotations

from typing import NamedTuple

from ..model.enums import Direction, Frequency, Horizon, Lang, Recurrence, Status


class Label(NamedTuple):
    """A text in French and English; ``label(lang)`` is the text in that language."""

    fr: str
    en: str

    def __call__(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.fr

    def fill(self, lang: Lang, **values: object) -> str:
        """The text in `lang` with its ``{placeholders}`` filled (`str.format`).

        Args:
            lang: "fr" or "en".
            values: the placeholders' values.

        Returns:
            The filled text.
        """
        return self(lang).format(**values)


NO_LABEL = Label("", "")
"""An empty text (a column without input message, a sheet without intro)."""


def quarter_named(period: str) -> Label | None:
    """``Q1`` … ``Q4`` (the model's and the JSON's keys) as people write them: ``T1`` /
    ``Q1``; None for anything else (``total``)."""
    if len(period) == 2 and period[0] == "Q" and period[1] in "1234":
        return quarterly(NO_LABEL, int(period[1]))
    return None


def quarterly(prefix: Label, n: int) -> Label:
    """The label of fiscal quarter `n` (1–4): ``Budget T1`` / ``Budget Q1``; ``T1`` / ``Q1``.

    Args:
        prefix: what the quarter is of ("Budget"), or an empty label for the quarter alone.
        n: the quarter, 1 to 4.

    Returns:
        The quarter's label.
    """
    return Label(f"{prefix.fr} T{n}".strip(), f"{prefix.en} Q{n}".strip())


# --- sheets --------------------------------------------------------------------------------
SHEET_NAMES: dict[str, Label] = {
    "guide": Label("Mode d'emploi", "Guide"),
    "plan": Label("Plan d'action", "Action plan"),
    "objectives": Label("Objectifs", "Objectives"),
    "kpis": Label("KPI", "KPIs"),
    "budget": Label("Suivi budgétaire", "Budget tracking"),
    "owners": Label("Responsables", "Owners"),
    "timeline": Label("Rétroplanning", "Timeline"),
    "dashboard": Label("Synthèse", "Dashboard"),
}

SHEET_INTROS: dict[str, Label] = {
    "plan": Label(
        "Une ligne par action. Les cellules blanches se remplissent, les grises se calculent.",
        "One row per action. White cells are yours to fill, grey cells are computed.",
    ),
    "budget": Label(
        "Calculé depuis le plan d'action, ligne à ligne : saisissez les dépenses réelles "
        "dans le plan d'action (colonnes Réel T1 à T4).",
        "Computed from the action plan, row by row: type actual spend in the action plan "
        "(columns Actual Q1 to Q4).",
    ),
    "objectives": Label(
        "Les actions sont comptées sur leur objectif principal (le premier cité).",
        "Actions count towards their main objective (the first one listed).",
    ),
    "kpis": Label(
        "Atteinte = progression de la valeur de départ vers la cible, selon le sens.",
        "Attainment = progress from baseline to target, in the KPI's direction.",
    ),
    "owners": NO_LABEL,
    "timeline": Label(
        "Les barres suivent les dates du plan d'action : modifiez-les là-bas.",
        "Bars follow the action plan's dates: change them there.",
    ),
}

# --- column headers, per sheet and column key ------------------------------------------------
_ID, _ACTION, _OWNER = Label("ID", "ID"), Label("Action", "Action"), Label("Responsable", "Owner")
_START, _END = Label("Début", "Start"), Label("Fin", "End")
_RECURRENCE, _STATUS = Label("Récurrence", "Recurrence"), Label("Statut", "Status")
_BUDGET, PLANNED = Label("Budget", "Budget"), Label("Prévu", "Planned")
_ACTUAL, _ACTUAL_TOTAL = Label("Réel", "Actual"), Label("Réel total", "Actual total")
TEAM = Label("Plan / Équipe", "Plan / Team")
GROUPS = {
    "actions": Label("Nb d'actions", "Actions"),
    "planned": Label("Budget prévu", "Planned budget"),
    "actual": Label("Dépensé", "Actual spend"),
}
TOTAL = Label("Total", "Total")
"""The total column of the action plan, and the label of every sheet's total row."""
SECTION_PHASE = Label("Phase", "Phase")
"""The extra column a hand-made table's phase section rows (``Phase 1 — Lancement``) fill."""

HEADERS: dict[str, dict[str, Label]] = {
    "plan": {
        "id": _ID,
        "title": _ACTION,
        "objectives": Label("Objectif(s)", "Objective(s)"),
        "kpis": Label("KPI", "KPI"),
        "owner": _OWNER,
        "participants": Label("Participants", "Participants"),
        "resources": Label("Ressources", "Resources"),
        "channel": Label("Levier / canal", "Channel"),
        "start": _START,
        "end": _END,
        "recurrence": _RECURRENCE,
        "frequency": Label("Fréquence", "Frequency"),
        "status": _STATUS,
        "progress": Label("Avancement %", "Progress %"),
        **{f"budget_q{n}": quarterly(_BUDGET, n) for n in range(1, 5)},
        "budget_total": TOTAL,
        **{f"actual_q{n}": quarterly(_ACTUAL, n) for n in range(1, 5)},
        "actual_total": _ACTUAL_TOTAL,
        "notes": Label("Notes", "Notes"),
        "team": TEAM,
    },
    "budget": {
        "id": _ID,
        "title": _ACTION,
        "objective": Label("Objectif principal", "Main objective"),
        "owner": _OWNER,
        **{f"planned_q{n}": quarterly(PLANNED, n) for n in range(1, 5)},
        "planned_total": Label("Prévu total", "Planned total"),
        **{f"actual_q{n}": quarterly(_ACTUAL, n) for n in range(1, 5)},
        "actual_total": _ACTUAL_TOTAL,
        **{f"variance_q{n}": quarterly(Label("Écart", "Variance"), n) for n in range(1, 5)},
        "variance_total": Label("Écart total", "Total variance"),
        "consumed": Label("% consommé", "% consumed"),
        "team": TEAM,
    },
    "objectives": {
        "id": _ID,
        "title": Label("Objectif", "Objective"),
        "horizon": Label("Horizon", "Horizon"),
        "deadline": Label("Échéance", "Deadline"),
        "description": Label("Description", "Description"),
        **GROUPS,
    },
    "kpis": {
        "id": _ID,
        "name": Label("KPI", "KPI"),
        "objective": Label("Objectif", "Objective"),
        "unit": Label("Unité", "Unit"),
        "direction": Label("Sens", "Direction"),
        "baseline": Label("Valeur de départ", "Baseline"),
        "target": Label("Cible", "Target"),
        **{f"actual_q{n}": quarterly(Label("Réalisé", "Actual"), n) for n in range(1, 5)},
        "latest": Label("Dernier réalisé", "Latest actual"),
        "gap": Label("Écart à la cible", "Gap to target"),
        "attainment": Label("Atteinte %", "Attainment %"),
        "status": Label("État", "Status"),
    },
    "owners": {
        "name": Label("Nom", "Name"),
        "role": Label("Rôle", "Role"),
        "contact": Label("Contact", "Contact"),
        **GROUPS,
        "team": TEAM,
    },
    "timeline": {
        "id": _ID,
        "title": _ACTION,
        "owner": _OWNER,
        "start": _START,
        "end": _END,
        "recurrence": _RECURRENCE,
        "status": _STATUS,
        "team": TEAM,
    },
}

NOTES: dict[str, dict[str, Label]] = {
    "plan": {
        "objectives": Label("ID d'objectif ; plusieurs : O1, O2", "Objective ID; several: O1, O2"),
        "kpis": Label("ID de KPI ; plusieurs : K1, K2", "KPI ID; several: K1, K2"),
        **{
            f"budget_q{n}": Label("Montant prévu (≥ 0)", "Planned amount (≥ 0)")
            for n in range(1, 5)
        },
        **{
            f"actual_q{n}": Label(
                "Dépense réelle du trimestre (≥ 0)", "Actual spend for the quarter (≥ 0)"
            )
            for n in range(1, 5)
        },
    },
    "kpis": {
        "direction": Label(
            "↑ plus c'est haut, mieux c'est ; ↓ l'inverse",
            "↑ higher is better; ↓ lower is better",
        ),
    },
}
"""The input message shown when a cell of an input column is selected, per sheet and column."""

# --- dropdowns and status labels -------------------------------------------------------------
CHOICES: dict[str, dict[str, Label]] = {
    "status": {
        Status.TODO: Label("À faire", "To do"),
        Status.IN_PROGRESS: Label("En cours", "In progress"),
        Status.DONE: Label("Terminé", "Done"),
        Status.CANCELLED: Label("Annulé", "Cancelled"),
    },
    "recurrence": {
        Recurrence.ONE_OFF: Label("Ponctuelle", "One-off"),
        Recurrence.RECURRING: Label("Récurrente", "Recurring"),
        Recurrence.CONTINUOUS: Label("Continue", "Continuous"),
    },
    "frequency": {
        Frequency.DAILY: Label("Quotidienne", "Daily"),
        Frequency.WEEKLY: Label("Hebdomadaire", "Weekly"),
        Frequency.MONTHLY: Label("Mensuelle", "Monthly"),
        Frequency.QUARTERLY: Label("Trimestrielle", "Quarterly"),
        Frequency.YEARLY: Label("Annuelle", "Yearly"),
    },
    "horizon": {
        Horizon.SHORT: Label("Court terme", "Short term"),
        Horizon.MEDIUM: Label("Moyen terme", "Medium term"),
        Horizon.LONG: Label("Long terme", "Long term"),
    },
    "direction": {Direction.HIGHER: Label("↑", "↑"), Direction.LOWER: Label("↓", "↓")},
    "kpi_status": {
        "achieved": Label("Atteint", "Achieved"),
        "on_track": Label("En bonne voie", "On track"),
        "behind": Label("En retard", "Behind"),
    },
}
"""Model value -> label, per dropdown (and the KPI status the KPI sheet computes)."""

CHOICE_LISTS: dict[str, Label] = {
    "status": _STATUS,
    "recurrence": _RECURRENCE,
    "frequency": Label("Fréquence", "Frequency"),
    "horizon": Label("Horizon", "Horizon"),
    "direction": Label("Sens", "Direction"),
}
"""The dropdowns whose labels the guide lists (the dropdowns' source), with their titles."""

DIRECTION_WORDS: dict[str, tuple[str, ...]] = {
    Direction.HIGHER: ("higher", "hausse", "↑"),
    Direction.LOWER: ("lower", "baisse", "↓"),
}
"""Words read as a KPI direction besides its labels (normalised, either language)."""


def choice_label(kind: str, value: str, lang: Lang) -> str:
    """The label of a dropdown value.

    Args:
        kind: the dropdown (a key of `CHOICES`).
        value: the model value.
        lang: "fr" or "en".

    Returns:
        The label in `lang`.
    """
    return CHOICES[kind][value](lang)


def choice_labels(kind: str, lang: Lang) -> list[str]:
    """Every label of a dropdown, in its order, in `lang`."""
    return [label(lang) for label in CHOICES[kind].values()]


# --- validations -----------------------------------------------------------------------------
VALIDATIONS: dict[str, Label] = {
    "amount_title": Label("Montant invalide", "Invalid amount"),
    "amount_message": Label(
        "Saisissez un montant positif ou nul, en nombre (1250,50), sans texte.",
        "Type an amount of 0 or more, as a number (1250.50), not text.",
    ),
    "amount_prompt": Label("Un montant (≥ 0)", "An amount (≥ 0)"),
    "date_title": Label("Date invalide", "Invalid date"),
    "date_message": Label(
        "Saisissez une date (jj/mm/aaaa), pas du texte.", "Type a date (yyyy-mm-dd), not text."
    ),
    "date_prompt": Label("Une date (jj/mm/aaaa)", "A date (yyyy-mm-dd)"),
    "date_prompt_year": Label(
        "Une date (jj/mm/aaaa) ; exercice du {start:%d/%m/%Y} au {end:%d/%m/%Y}",
        "A date (yyyy-mm-dd); fiscal year {start} to {end}",
    ),
    "percent_title": Label("Pourcentage invalide", "Invalid percentage"),
    "percent_message": Label(
        "Saisissez un pourcentage entre 0 % et 100 %.", "Type a percentage from 0% to 100%."
    ),
    "number_title": Label("Nombre invalide", "Invalid number"),
    "number_message": Label("Saisissez un nombre, pas du texte.", "Type a number, not text."),
}
"""Titles, error messages and input messages (``prompt``) of the data validations
(``date_prompt_year``: fill start and end)."""

# --- timeline ------------------------------------------------------------------------------
MONTHS: tuple[Label, ...] = (
    Label("janv.", "Jan"),
    Label("févr.", "Feb"),
    Label("mars", "Mar"),
    Label("avr.", "Apr"),
    Label("mai", "May"),
    Label("juin", "Jun"),
    Label("juil.", "Jul"),
    Label("août", "Aug"),
    Label("sept.", "Sep"),
    Label("oct.", "Oct"),
    Label("nov.", "Nov"),
    Label("déc.", "Dec"),
)
"""The timeline's month headers, January first."""

# --- monthly budget ------------------------------------------------------------------------
SHEET_NAMES["monthly"] = Label("Budget mensuel", "Monthly budget")
SHEET_INTROS["monthly"] = Label(
    "Les actions budgétées au mois, une ligne par ID d'action : saisissez les mois ici ; chaque "
    "trimestre en est la somme et alimente le plan d'action (Budget et Réel T1 à T4).",
    "Actions budgeted by month, one row per action ID: type the months here; each quarter is "
    "their sum and feeds the action plan (Budget and Actual Q1 to Q4).",
)
MONTH_KINDS = {"planned": PLANNED, "actual": _ACTUAL}
"""What the monthly budget's amounts are: planned, or actual spend."""


def monthly_headers(first: int) -> dict[str, Label]:
    """The monthly budget's headers for a fiscal year starting in calendar month `first`
    (0-based): ``Prévu avr.`` / ``Planned Apr`` … over the fiscal months (``planned_m1`` is
    the fiscal year's first), ``Prévu T1`` / ``Planned Q1`` over the quarters' sums."""
    out = {"id": _ID, "title": _ACTION}
    for kind, word in MONTH_KINDS.items():
        for m in range(12):
            month = MONTHS[(first + m) % 12]
            out[f"{kind}_m{m + 1}"] = Label(f"{word.fr} {month.fr}", f"{word.en} {month.en}")
        for n in range(1, 5):
            out[f"{kind}_q{n}"] = quarterly(word, n)
    return out


HEADERS["monthly"] = monthly_headers(0)
"""(A fiscal year starting in January; `layout.spec.monthly_spec` for the others.)"""

WEEK = Label("S{n}", "W{n}")
"""The timeline's week header (fill n, 1-based)."""

TIMELINE_LEGEND: dict[str, Label] = {
    "one_off": CHOICES["recurrence"][Recurrence.ONE_OFF],
    "recurring": CHOICES["recurrence"][Recurrence.RECURRING],
    "continuous": CHOICES["recurrence"][Recurrence.CONTINUOUS],
    "done": CHOICES["status"][Status.DONE],
    "late": Label("En retard", "Late"),
    "today": Label("Aujourd'hui", "Today"),
}
"""The timeline's colour legend: the bars' recurrence and status take the dropdowns' labels."""

# --- the annotated copy's problem sheet ----------------------------------------------------
PROBLEMS_SHEET = Label("Problèmes", "Problems")
PROBLEMS_HEADERS = (
    Label("Gravité", "Severity"),
    Label("Feuille", "Sheet"),
    Label("Cellule", "Cell"),
    Label("Message", "Message"),
)
SEVERITIES: dict[str, Label] = {
    "error": Label("erreur", "error"),
    "warning": Label("avertissement", "warning"),
    "info": Label("information", "info"),
}
PROBLEMS_CAPPED = Label(
    "Seuls les {shown} premiers problèmes sur {total} sont listés et marqués dans cette copie ; "
    "la liste complète : xlplan report --format json",
    "Only the first {shown} of {total} problems are listed and marked in this copy; "
    "the full list: xlplan report --format json",
)
