"""The layout spec: the one declaration of the workbook's sheets, columns, labels and formulas.

The writer builds workbooks from it and the reader finds its way back through it; nothing about
the layout is declared anywhere else. Labels are French and English over stable keys
(``budget_q1``); each column says whether people type into it (input) or a formula fills it, its
type (which fixes number format, validation and how a cell value maps to the model), its width,
the model field it holds and, for computed columns, its formula.

Every table sheet has the same frame (1-based Excel rows): row 1 the title, row 2 a subtitle,
row 3 totals or period bounds, row 4 the header, data from row 5. Derived sheets prepare
`capacity` rows (see `capacities`) so a row typed in the "Plan d'action" sheet flows everywhere.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from ..model.plan import Direction, Frequency, Horizon, Recurrence, Status

Lang = Literal["fr", "en"]
ColType = Literal[
    "id",
    "text",
    "longtext",
    "refs",
    "ref",
    "date",
    "money",
    "variance",
    "percent",
    "number",
    "int",
    "choice",
    "flag",
]

TITLE_ROW, SUBTITLE_ROW, TOTAL_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4, 5

FORMAT_NAME = "xlplan"
WORKBOOK_SCHEMA_VERSION = 1
META_SHEET = "_meta"


def quote(sheet: str) -> str:
    """A sheet name as it stands in a formula: always quoted, quotes doubled."""
    return "'" + sheet.replace("'", "''") + "'"


# --- choice lists: model value <-> label in each language ---------------------------------------
CHOICES: dict[str, dict[str, tuple[str, str]]] = {
    "status": {
        Status.TODO: ("À faire", "To do"),
        Status.IN_PROGRESS: ("En cours", "In progress"),
        Status.DONE: ("Terminé", "Done"),
        Status.CANCELLED: ("Annulé", "Cancelled"),
    },
    "recurrence": {
        Recurrence.ONE_OFF: ("Ponctuelle", "One-off"),
        Recurrence.RECURRING: ("Récurrente", "Recurring"),
        Recurrence.CONTINUOUS: ("Continue", "Continuous"),
    },
    "frequency": {
        Frequency.DAILY: ("Quotidienne", "Daily"),
        Frequency.WEEKLY: ("Hebdomadaire", "Weekly"),
        Frequency.MONTHLY: ("Mensuelle", "Monthly"),
        Frequency.QUARTERLY: ("Trimestrielle", "Quarterly"),
        Frequency.YEARLY: ("Annuelle", "Yearly"),
    },
    "horizon": {
        Horizon.SHORT: ("Court terme", "Short term"),
        Horizon.MEDIUM: ("Moyen terme", "Medium term"),
        Horizon.LONG: ("Long terme", "Long term"),
    },
    "direction": {Direction.HIGHER: ("↑", "↑"), Direction.LOWER: ("↓", "↓")},
    "kpi_status": {
        "achieved": ("Atteint", "Achieved"),
        "on_track": ("En bonne voie", "On track"),
        "behind": ("En retard", "Behind"),
    },
}


def choice_label(kind: str, value: str, lang: Lang) -> str:
    fr, en = CHOICES[kind][value]
    return fr if lang == "fr" else en


def choice_labels(kind: str, lang: Lang) -> list[str]:
    return [fr if lang == "fr" else en for fr, en in CHOICES[kind].values()]


# --- columns and sheets ----------------------------------------------------------------------
Formula = Callable[["Refs", int], str]


@dataclass(frozen=True)
class Column:
    """One column of a table sheet.

    Args:
        key: stable internal key, the same in every language.
        fr, en: header labels.
        type: fixes number format, validation and the cell <-> model mapping.
        width: column width in characters.
        field: dotted model attribute the column holds (input columns), e.g. ``budget.q1``.
        formula: for computed columns, the Excel formula of data row ``r``.
        choices: for ``choice`` columns, the `CHOICES` list; for ``ref``/``refs``, the defined
            name listing valid references.
        note: the input message shown when a cell is selected.
    """

    key: str
    fr: str
    en: str
    type: ColType
    width: float
    field: str = ""
    formula: Formula | None = None
    choices: str = ""
    note: tuple[str, str] = ("", "")

    @property
    def is_input(self) -> bool:
        return self.formula is None

    def label(self, lang: Lang) -> str:
        return self.fr if lang == "fr" else self.en


@dataclass(frozen=True)
class SheetSpec:
    key: str
    fr: str
    en: str
    columns: tuple[Column, ...]
    capacity: str  # which capacity applies: "actions", "objectives", "kpis" or "owners"
    intro: tuple[str, str] = ("", "")
    freeze_col: int = 2

    def name(self, lang: Lang) -> str:
        return self.fr if lang == "fr" else self.en

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)


def col_letter(index: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@functools.cache
def _letter(sheet_key: str, key: str) -> str:
    return col_letter(SHEETS[sheet_key].index(key))


@dataclass
class Refs:
    """Resolves column keys to A1 references for one workbook (language and capacities)."""

    lang: Lang
    capacities: dict[str, int]
    sheet: SheetSpec | None = None
    extra_plan_columns: int = 0

    def _spec(self, sheet_key: str) -> SheetSpec:
        return SHEETS[sheet_key]

    def letter(self, sheet_key: str, key: str) -> str:
        return _letter(sheet_key, key)

    def c(self, key: str, r: int) -> str:
        """Same-sheet relative reference with the column pinned: ``$B5``."""
        assert self.sheet is not None
        return f"${self.letter(self.sheet.key, key)}{r}"

    def at(self, sheet_key: str, key: str, r: int) -> str:
        """Another sheet's cell in the same row: ``'Plan d''action'!B5``."""
        name = quote(self._spec(sheet_key).name(self.lang))
        return f"{name}!{self.letter(sheet_key, key)}{r}"

    def last_row(self, sheet_key: str) -> int:
        return FIRST_ROW + self.capacities[self._spec(sheet_key).capacity] - 1

    def rng(self, sheet_key: str, key: str, *, sheet_prefix: bool = True) -> str:
        """A column's whole data range, absolute: ``'Suivi budgétaire'!$E$5:$E$204``."""
        letter = self.letter(sheet_key, key)
        ref = f"${letter}${FIRST_ROW}:${letter}${self.last_row(sheet_key)}"
        return f"{quote(self._spec(sheet_key).name(self.lang))}!{ref}" if sheet_prefix else ref

    def label(self, kind: str, value: str) -> str:
        return choice_label(kind, value, self.lang)


def _q(text: str) -> str:
    """A text literal inside a formula."""
    return '"' + text.replace('"', '""') + '"'


def _link(sheet_key: str, key: str) -> Formula:
    """Show another sheet's cell of the same row, blank when the action row is empty."""

    def formula(x: Refs, r: int) -> str:
        src = x.at(sheet_key, key, r)
        return f'=IF({x.at("plan", "title", r)}="","",IF({src}="","",{src}))'

    return formula


def _when_used(x: Refs, r: int, body: str, key: str = "title") -> str:
    return f'=IF({x.c(key, r)}="","",{body})'


QUARTER_KEYS = ("q1", "q2", "q3", "q4")


def _qlabel(prefix_fr: str, prefix_en: str, n: int) -> tuple[str, str]:
    return f"{prefix_fr} T{n}".strip(), f"{prefix_en} Q{n}".strip()


def _budget_cols() -> tuple[Column, ...]:
    return tuple(
        Column(
            f"budget_{q}",
            *_qlabel("Budget", "Budget", n),
            "money",
            12,
            field=f"budget.{q}",
            note=("Montant prévu (≥ 0)", "Planned amount (≥ 0)"),
        )
        for n, q in enumerate(QUARTER_KEYS, 1)
    )


PLAN = SheetSpec(
    "plan",
    "Plan d'action",
    "Action plan",
    (
        Column("id", "ID", "ID", "id", 7, field="id"),
        Column("title", "Action", "Action", "longtext", 34, field="title"),
        Column(
            "objectives",
            "Objectif(s)",
            "Objective(s)",
            "refs",
            12,
            field="objectives",
            choices="xl_objectives",
            note=("ID d'objectif ; plusieurs : O1, O2", "Objective ID; several: O1, O2"),
        ),
        Column(
            "kpis",
            "KPI",
            "KPI",
            "refs",
            11,
            field="kpis",
            choices="xl_kpis",
            note=("ID de KPI ; plusieurs : K1, K2", "KPI ID; several: K1, K2"),
        ),
        Column("owner", "Responsable", "Owner", "ref", 14, field="owner", choices="xl_owners"),
        Column("participants", "Participants", "Participants", "refs", 16, field="participants"),
        Column("resources", "Ressources", "Resources", "longtext", 20, field="resources"),
        Column("channel", "Levier / canal", "Channel", "longtext", 16, field="channel"),
        Column("start", "Début", "Start", "date", 11, field="start"),
        Column("end", "Fin", "End", "date", 11, field="end"),
        Column(
            "recurrence",
            "Récurrence",
            "Recurrence",
            "choice",
            12,
            field="recurrence",
            choices="recurrence",
        ),
        Column(
            "frequency",
            "Fréquence",
            "Frequency",
            "choice",
            13,
            field="frequency",
            choices="frequency",
        ),
        Column("status", "Statut", "Status", "choice", 11, field="status", choices="status"),
        Column("progress", "Avancement %", "Progress %", "percent", 11, field="progress"),
        *_budget_cols(),
        Column(
            "budget_total",
            "Total",
            "Total",
            "money",
            13,
            formula=lambda x, r: _when_used(
                x, r, f"SUM({x.c('budget_q1', r)}:{x.c('budget_q4', r)})"
            ),
        ),
        Column("notes", "Notes", "Notes", "longtext", 30, field="notes"),
    ),
    capacity="actions",
    intro=(
        "Une ligne par action. Les cellules blanches se remplissent, les grises se calculent.",
        "One row per action. White cells are yours to fill, grey cells are computed.",
    ),
)


def _first_objective(x: Refs, r: int) -> str:
    src = x.at("plan", "objectives", r)
    return f'=IF({x.at("plan", "title", r)}="","",TRIM(LEFT({src},FIND(",",{src}&",")-1)))'


def _sum_cols(first: str, last: str) -> Formula:
    return lambda x, r: _when_used(x, r, f"SUM({x.c(first, r)}:{x.c(last, r)})")


def _variance(q: str) -> Formula:
    return lambda x, r: (
        f'=IF({x.c(f"actual_{q}", r)}="","",{x.c(f"actual_{q}", r)}-N({x.c(f"planned_{q}", r)}))'
    )


BUDGET = SheetSpec(
    "budget",
    "Suivi budgétaire",
    "Budget tracking",
    (
        Column("id", "ID", "ID", "id", 7, formula=_link("plan", "id")),
        Column("title", "Action", "Action", "text", 30, formula=_link("plan", "title")),
        Column(
            "objective", "Objectif principal", "Main objective", "ref", 11, formula=_first_objective
        ),
        Column("owner", "Responsable", "Owner", "ref", 13, formula=_link("plan", "owner")),
        *(
            Column(
                f"planned_{q}",
                *_qlabel("Prévu", "Planned", n),
                "money",
                12,
                formula=_link("plan", f"budget_{q}"),
            )
            for n, q in enumerate(QUARTER_KEYS, 1)
        ),
        Column(
            "planned_total",
            "Prévu total",
            "Planned total",
            "money",
            13,
            formula=_sum_cols("planned_q1", "planned_q4"),
        ),
        *(
            Column(
                f"actual_{q}",
                *_qlabel("Réel", "Actual", n),
                "money",
                12,
                field=f"actual.{q}",
                note=("Dépense réelle du trimestre", "Actual spend for the quarter"),
            )
            for n, q in enumerate(QUARTER_KEYS, 1)
        ),
        Column(
            "actual_total",
            "Réel total",
            "Actual total",
            "money",
            13,
            formula=_sum_cols("actual_q1", "actual_q4"),
        ),
        *(
            Column(
                f"variance_{q}",
                *_qlabel("Écart", "Variance", n),
                "variance",
                12,
                formula=_variance(q),
            )
            for n, q in enumerate(QUARTER_KEYS, 1)
        ),
        Column(
            "variance_total",
            "Écart total",
            "Total variance",
            "variance",
            13,
            formula=lambda x, r: (
                f'=IF(COUNT({x.c("actual_q1", r)}:{x.c("actual_q4", r)})=0,"",'
                f"SUM({x.c('variance_q1', r)}:{x.c('variance_q4', r)}))"
            ),
        ),
        Column(
            "consumed",
            "% consommé",
            "% consumed",
            "percent",
            12,
            formula=lambda x, r: _when_used(
                x,
                r,
                f'IF(N({x.c("planned_total", r)})=0,"",'
                f"{x.c('actual_total', r)}/{x.c('planned_total', r)})",
            ),
        ),
    ),
    capacity="actions",
    intro=(
        "Saisissez les dépenses réelles par trimestre ; le prévu vient du plan d'action.",
        "Type actual spend per quarter; planned amounts come from the action plan.",
    ),
)


def _by_plan(func: str, value_key: str | None, plan_key: str) -> Formula:
    """COUNTIFS/SUMIFS over the action plan itself, so rows inserted anywhere in it count.

    For objectives the criteria match the *main* objective, the first one listed in the cell:
    either the whole cell ("O1") or its start up to a comma ("O1, O4").
    """
    own = "id" if plan_key == "objectives" else "name"

    def formula(x: Refs, r: int) -> str:
        head = f"{x.rng('plan', value_key)}," if value_key else ""
        crit = x.rng("plan", plan_key)
        me = x.c(own, r)
        body = f"{func}({head}{crit},{me})"
        if plan_key == "objectives":
            body += f'+{func}({head}{crit},{me}&",*")'
        return _when_used(x, r, body, key=own)

    return formula


def _actual_by(budget_key: str) -> Formula:
    """Actual spend lives on the budget sheet: SUMIFS over its rows."""
    own = "id" if budget_key == "objective" else "name"
    return lambda x, r: _when_used(
        x,
        r,
        f"SUMIFS({x.rng('budget', 'actual_total')},{x.rng('budget', budget_key)},{x.c(own, r)})",
        key=own,
    )


def _group_columns(plan_key: str, budget_key: str) -> tuple[Column, ...]:
    """Number of actions, planned budget and actual spend per objective (or owner)."""
    return (
        Column(
            "actions",
            "Nb d'actions",
            "Actions",
            "int",
            10,
            formula=_by_plan("COUNTIFS", None, plan_key),
        ),
        Column(
            "planned",
            "Budget prévu",
            "Planned budget",
            "money",
            14,
            formula=_by_plan("SUMIFS", "budget_total", plan_key),
        ),
        Column("actual", "Dépensé", "Actual spend", "money", 14, formula=_actual_by(budget_key)),
    )


OBJECTIVES = SheetSpec(
    "objectives",
    "Objectifs",
    "Objectives",
    (
        Column("id", "ID", "ID", "id", 7, field="id"),
        Column("title", "Objectif", "Objective", "text", 40, field="title"),
        Column("horizon", "Horizon", "Horizon", "choice", 14, field="horizon", choices="horizon"),
        Column("deadline", "Échéance", "Deadline", "date", 12, field="deadline"),
        Column("description", "Description", "Description", "longtext", 40, field="description"),
        *_group_columns("objectives", "objective"),
    ),
    capacity="objectives",
    intro=(
        "Les actions sont comptées sur leur objectif principal (le premier cité).",
        "Actions count towards their main objective (the first one listed).",
    ),
)


def _latest(x: Refs, r: int) -> str:
    q = [x.c(f"actual_{k}", r) for k in QUARTER_KEYS]
    return (
        f'=IF({q[3]}<>"",{q[3]},IF({q[2]}<>"",{q[2]},'
        f'IF({q[1]}<>"",{q[1]},IF({q[0]}<>"",{q[0]},""))))'
    )


def _gap(x: Refs, r: int) -> str:
    latest, target, sens = x.c("latest", r), x.c("target", r), x.c("direction", r)
    down = _q(x.label("direction", Direction.LOWER))
    return (
        f'=IF(OR({latest}="",{target}=""),"",IF({sens}={down},{latest}-{target},{target}-{latest}))'
    )


def _attainment(x: Refs, r: int) -> str:
    latest, target = x.c("latest", r), x.c("target", r)
    base, sens = x.c("baseline", r), x.c("direction", r)
    down = _q(x.label("direction", Direction.LOWER))
    return (
        f'=IF(OR({latest}="",{target}=""),"",'
        f'IF(AND({base}<>"",N({target})<>N({base})),({latest}-{base})/({target}-{base}),'
        f'IF({sens}={down},IF(N({latest})=0,"",{target}/{latest}),'
        f'IF(N({target})=0,"",{latest}/{target}))))'
    )


def _kpi_status(x: Refs, r: int) -> str:
    att = x.c("attainment", r)
    return (
        f'=IF({att}="","",IF({att}>=1,{_q(x.label("kpi_status", "achieved"))},'
        f"IF({att}>=xl_elapsed,{_q(x.label('kpi_status', 'on_track'))},"
        f"{_q(x.label('kpi_status', 'behind'))})))"
    )


KPIS = SheetSpec(
    "kpis",
    "KPI",
    "KPIs",
    (
        Column("id", "ID", "ID", "id", 7, field="id"),
        Column("name", "KPI", "KPI", "text", 34, field="name"),
        Column(
            "objective",
            "Objectif",
            "Objective",
            "ref",
            10,
            field="objective",
            choices="xl_objectives",
        ),
        Column("unit", "Unité", "Unit", "text", 9, field="unit"),
        Column(
            "direction",
            "Sens",
            "Direction",
            "choice",
            7,
            field="direction",
            choices="direction",
            note=(
                "↑ plus c'est haut, mieux c'est ; ↓ l'inverse",
                "↑ higher is better; ↓ lower is better",
            ),
        ),
        Column("baseline", "Valeur de départ", "Baseline", "number", 11, field="baseline"),
        Column("target", "Cible", "Target", "number", 10, field="target"),
        *(
            Column(
                f"actual_{q}", *_qlabel("Réalisé", "Actual", n), "number", 10, field=f"actual.{q}"
            )
            for n, q in enumerate(QUARTER_KEYS, 1)
        ),
        Column("latest", "Dernier réalisé", "Latest actual", "number", 11, formula=_latest),
        Column("gap", "Écart à la cible", "Gap to target", "number", 11, formula=_gap),
        Column("attainment", "Atteinte %", "Attainment %", "percent", 11, formula=_attainment),
        Column("status", "État", "Status", "text", 13, formula=_kpi_status),
    ),
    capacity="kpis",
    intro=(
        "Atteinte = progression de la valeur de départ vers la cible, selon le sens.",
        "Attainment = progress from baseline to target, in the KPI's direction.",
    ),
)

OWNERS = SheetSpec(
    "owners",
    "Responsables",
    "Owners",
    (
        Column("name", "Nom", "Name", "text", 22, field="name"),
        Column("role", "Rôle", "Role", "text", 24, field="role"),
        Column("contact", "Contact", "Contact", "text", 26, field="contact"),
        *_group_columns("owner", "owner"),
    ),
    capacity="owners",
    freeze_col=1,
)

TIMELINE = SheetSpec(
    "timeline",
    "Rétroplanning",
    "Timeline",
    (
        Column("id", "ID", "ID", "id", 6, formula=_link("plan", "id")),
        Column("title", "Action", "Action", "text", 30, formula=_link("plan", "title")),
        Column("owner", "Responsable", "Owner", "ref", 12, formula=_link("plan", "owner")),
        Column("start", "Début", "Start", "date", 10, formula=_link("plan", "start")),
        Column("end", "Fin", "End", "date", 10, formula=_link("plan", "end")),
        Column(
            "recurrence",
            "Récurrence",
            "Recurrence",
            "text",
            11,
            formula=_link("plan", "recurrence"),
        ),
        Column("status", "Statut", "Status", "text", 10, formula=_link("plan", "status")),
    ),
    capacity="actions",
    intro=(
        "Les barres suivent les dates du plan d'action : modifiez-les là-bas.",
        "Bars follow the action plan's dates: change them there.",
    ),
)

SHEETS: dict[str, SheetSpec] = {
    s.key: s for s in (PLAN, OBJECTIVES, KPIS, BUDGET, OWNERS, TIMELINE)
}

GUIDE_NAME = ("Mode d'emploi", "Guide")
DASHBOARD_NAME = ("Synthèse", "Dashboard")
SHEET_ORDER = ("guide", "plan", "objectives", "kpis", "budget", "owners", "timeline", "dashboard")


def sheet_name(key: str, lang: Lang) -> str:
    if key == "guide":
        return GUIDE_NAME[lang == "en"]
    if key == "dashboard":
        return DASHBOARD_NAME[lang == "en"]
    return SHEETS[key].name(lang)


def capacities(n_actions: int, n_objectives: int, n_kpis: int, n_owners: int) -> dict[str, int]:
    """Rows prepared per table: what the plan has plus generous room to add more.

    Actions get at least 200 rows and 100 free; objectives and KPIs at least 30 rows and 20 free;
    owners at least 20 rows and 10 free.
    """
    return {
        "actions": max(200, n_actions + 100),
        "objectives": max(30, n_objectives + 20),
        "kpis": max(30, n_kpis + 20),
        "owners": max(20, n_owners + 10),
    }


@dataclass(frozen=True)
class Period:
    """One column of the timeline: a month or a week of the fiscal year."""

    label: str
    offset: int  # months or weeks from the fiscal-year start


MONTHS = {
    "fr": (
        "janv.",
        "févr.",
        "mars",
        "avr.",
        "mai",
        "juin",
        "juil.",
        "août",
        "sept.",
        "oct.",
        "nov.",
        "déc.",
    ),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


@dataclass(frozen=True)
class Text:
    """A label in both languages."""

    fr: str
    en: str

    def __call__(self, lang: Lang) -> str:
        return self.fr if lang == "fr" else self.en


# Dashboard labels (the dashboard is a block layout, not a table).
DASH = {
    "title": Text("Synthèse du plan", "Plan dashboard"),
    "as_of": Text("Date de suivi", "As-of date"),
    "as_of_note": Text(
        "=AUJOURDHUI() par défaut ; tapez une date pour figer le suivi",
        "=TODAY() by default; type a date to freeze the report",
    ),
    "elapsed": Text("Part de l'exercice écoulée", "Share of the fiscal year elapsed"),
    "quarters": Text("Budget par trimestre", "Budget per quarter"),
    "planned": Text("Prévu", "Planned"),
    "actual": Text("Réel", "Actual"),
    "variance": Text("Écart", "Variance"),
    "consumed": Text("% consommé", "% consumed"),
    "total": Text("Total", "Total"),
    "envelope_block": Text("Enveloppe budgétaire", "Budget envelope"),
    "envelope": Text("Enveloppe", "Envelope"),
    "planned_total": Text("Budget prévu", "Planned budget"),
    "planned_share": Text("Prévu / enveloppe", "Planned / envelope"),
    "actual_total": Text("Dépensé", "Spent"),
    "remaining": Text("Reste à dépenser", "Remaining"),
    "envelope_consumed": Text("% de l'enveloppe consommé", "% of envelope consumed"),
    "alerts": Text("Alertes", "Alerts"),
    "overruns": Text("Dépassements (action × trimestre)", "Overruns (action × quarter)"),
    "late": Text("Actions en retard", "Late actions"),
    "kpis_behind": Text("KPI en retard", "KPIs behind"),
    "chart_quarters": Text("Prévu et réel par trimestre", "Planned vs actual per quarter"),
    "chart_objectives": Text("Budget par objectif", "Budget by objective"),
    "chart_kpis": Text("Atteinte des KPI", "KPI attainment"),
}

# Guide: plan metadata, one row each (label, defined name).
GUIDE_META = (
    ("business", Text("Entreprise", "Business")),
    ("plan_name", Text("Plan", "Plan")),
    ("mission", Text("Mission", "Mission")),
    ("fy_start", Text("Début de l'exercice", "Fiscal year start")),
    ("fy_end", Text("Fin de l'exercice", "Fiscal year end")),
    ("currency", Text("Devise", "Currency")),
    ("envelope_kind", Text("Type d'enveloppe", "Envelope type")),
    ("revenue", Text("CA prévisionnel", "Revenue forecast")),
    ("envelope_pct", Text("% du CA", "% of revenue")),
    ("envelope", Text("Enveloppe budgétaire", "Budget envelope")),
    ("max_overrun", Text("Dépassement toléré", "Maximum overrun")),
    ("warn_at", Text("Alertes de consommation (%)", "Warn at (% consumed)")),
    ("fail_on", Text("Règles bloquantes", "Failing rules")),
)

ENVELOPE_KINDS = {
    "fixed": Text("Montant fixe", "Fixed amount"),
    "percent": Text("% du chiffre d'affaires", "% of revenue"),
    "none": Text("Aucune (carte blanche)", "None (open budget)"),
}

GUIDE_SHEETS = {
    "plan": Text(
        "Une ligne par action : objectif, KPI, responsable, dates, budget par trimestre.",
        "One row per action: objective, KPI, owner, dates, budget per quarter.",
    ),
    "objectives": Text(
        "Les objectifs opérationnels, leur horizon et leur échéance.",
        "Operational objectives, their horizon and deadline.",
    ),
    "kpis": Text(
        "Les indicateurs : valeur de départ, cible et réalisé par trimestre.",
        "Indicators: baseline, target and actual per quarter.",
    ),
    "budget": Text(
        "Saisissez ici les dépenses réelles ; écarts et % consommé se calculent.",
        "Type actual spend here; variances and % consumed are computed.",
    ),
    "owners": Text(
        "Qui fait quoi : les responsables et leur budget.",
        "Who does what: owners and their budget.",
    ),
    "timeline": Text(
        "Le rétroplanning : une barre par action, de la date de début à la fin.",
        "The timeline: one bar per action, from start to end date.",
    ),
    "dashboard": Text(
        "Prévu contre réel, enveloppe, alertes et graphiques.",
        "Planned vs actual, envelope, alerts and charts.",
    ),
}


@dataclass
class Names:
    """Defined names of the workbook (list sources and key cells)."""

    values: dict[str, str] = field(default_factory=dict)
