"""The guide sheet's texts in French and English (`labels.Label`): titles and notes, the rates
table's headers, what each sheet is for, the plan's settings rows and the envelope kinds."""

from __future__ import annotations

from .labels import TEAM, Label

__all__ = ["ENVELOPE_KINDS", "GUIDE", "GUIDE_META", "GUIDE_RATES", "GUIDE_SHEETS"]

GUIDE: dict[str, Label] = {
    "sheets": Label("Les feuilles", "The sheets"),
    "legend": Label("Légende", "Legend"),
    "input": Label("À saisir", "Input"),
    "input_note": Label(
        "Cellules blanches : vous les remplissez.", "White cells: you fill them in."
    ),
    "computed": Label("Calculé", "Computed"),
    "computed_note": Label(
        "Cellules grises : formules, ne pas modifier.", "Grey cells: formulas, do not overwrite."
    ),
    "adding": Label("Ajouter une action", "Adding an action"),
    "adding_note": Label(
        "Tapez-la sur la première ligne libre du plan d'action, ou sur une ligne insérée où "
        "vous voulez : les autres feuilles la reprennent ({rows} lignes prêtes).",
        "Type it on the first free row of the action plan, or on a row inserted anywhere: "
        "every other sheet picks it up ({rows} rows ready).",
    ),
    "plan": Label("Le plan", "The plan"),
    "lists": Label("Listes (menus déroulants)", "Lists (dropdowns)"),
    "rates": Label("Taux de change", "Exchange rates"),
    "rates_note": Label(
        "1 unité de chaque devise en {currency} ; les montants du plan sont en {currency}.",
        "1 unit of each currency in {currency}; the plan's amounts are in {currency}.",
    ),
    "rates_dashboard": Label(
        "La synthèse montre aussi chaque équipe dans sa devise, à ces taux.",
        "The dashboard also shows each team in its own currency, at these rates.",
    ),
}
"""The guide's titles and texts (``adding_note``: fill rows)."""

GUIDE_RATES: dict[str, Label] = {
    "currency": Label("Devise", "Currency"),
    "rate": Label("Taux en {currency}", "Rate in {currency}"),
    "teams": TEAM,
}
"""The headers of the guide's rates table (a company plan's; ``rate``: fill currency)."""

GUIDE_SHEETS: dict[str, Label] = {
    "plan": Label(
        "Une ligne par action : objectif, KPI, responsable, dates, budget et dépenses réelles "
        "par trimestre.",
        "One row per action: objective, KPI, owner, dates, budget and actual spend per quarter.",
    ),
    "objectives": Label(
        "Les objectifs opérationnels, leur horizon et leur échéance.",
        "Operational objectives, their horizon and deadline.",
    ),
    "kpis": Label(
        "Les indicateurs : valeur de départ, cible et réalisé par trimestre.",
        "Indicators: baseline, target and actual per quarter.",
    ),
    "budget": Label(
        "Prévu, réel, écarts et % consommé de chaque action, calculés depuis le plan d'action.",
        "Planned, actual, variances and % consumed per action, computed from the action plan.",
    ),
    "owners": Label(
        "Qui fait quoi : les responsables et leur budget.",
        "Who does what: owners and their budget.",
    ),
    "timeline": Label(
        "Le rétroplanning : une barre par action, de la date de début à la fin.",
        "The timeline: one bar per action, from start to end date.",
    ),
    "dashboard": Label(
        "Prévu contre réel, enveloppe, alertes et graphiques.",
        "Planned vs actual, envelope, alerts and charts.",
    ),
    "monthly": Label(
        "Les actions budgétées au mois : prévu et réel de chaque mois, et leurs trimestres.",
        "Actions budgeted by month: planned and actual per month, and their quarters.",
    ),
}
"""What each sheet is for, as the guide lists it."""

GUIDE_META: dict[str, Label] = {
    "business": Label("Entreprise", "Business"),
    "plan_name": Label("Plan", "Plan"),
    "mission": Label("Mission", "Mission"),
    "fy_start": Label("Début de l'exercice", "Fiscal year start"),
    "fy_end": Label("Fin de l'exercice", "Fiscal year end"),
    "currency": Label("Devise", "Currency"),
    "envelope_kind": Label("Type d'enveloppe", "Envelope type"),
    "revenue": Label("CA prévisionnel", "Revenue forecast"),
    "envelope_pct": Label("% du CA", "% of revenue"),
    "envelope": Label("Enveloppe budgétaire", "Budget envelope"),
    "max_overrun": Label("Dépassement toléré", "Maximum overrun"),
    "warn_at": Label("Alertes de consommation (%)", "Warn at (% consumed)"),
    "fail_on": Label("Règles bloquantes", "Failing rules"),
}
"""The plan's settings on the guide, one row each in this order."""

ENVELOPE_KINDS: dict[str, Label] = {
    "fixed": Label("Montant fixe", "Fixed amount"),
    "percent": Label("% du chiffre d'affaires", "% of revenue"),
    "none": Label("Aucune (carte blanche)", "None (open budget)"),
}
