"""The dashboard's texts in French and English (`labels.Label`): its section titles and row
labels, the spend-by-team block, the chart titles, and the overruns' legend (which the tables and
the guide show too)."""

from __future__ import annotations

from .labels import GROUPS, PLANNED, TEAM, TOTAL, Label

__all__ = ["CHARTS", "DASHBOARD", "OVERRUNS", "TEAMS_BLOCK"]

DASHBOARD: dict[str, Label] = {
    "as_of": Label("Date de suivi", "As-of date"),
    "as_of_note": Label(
        "=AUJOURDHUI() par défaut ; tapez une date pour figer le suivi",
        "=TODAY() by default; type a date to freeze the report",
    ),
    "elapsed": Label("Part de l'exercice écoulée", "Share of the fiscal year elapsed"),
    "quarters": Label("Budget par trimestre", "Budget per quarter"),
    "planned": PLANNED,
    "actual": Label("Réel", "Actual"),
    "variance": Label("Écart", "Variance"),
    "consumed": Label("% consommé", "% consumed"),
    "total": TOTAL,
    "envelope_block": Label("Enveloppe budgétaire", "Budget envelope"),
    "envelope": Label("Enveloppe", "Envelope"),
    "planned_total": Label("Budget prévu", "Planned budget"),
    "planned_share": Label("Prévu / enveloppe", "Planned / envelope"),
    "actual_total": Label("Dépensé", "Spent"),
    "remaining": Label("Reste à dépenser", "Remaining"),
    "envelope_consumed": Label("% de l'enveloppe consommé", "% of envelope consumed"),
    "alerts": Label("Alertes", "Alerts"),
    "overruns": Label("Dépassements (action × trimestre)", "Overruns (action × quarter)"),
    "late": Label("Actions en retard", "Late actions"),
    "kpis_behind": Label("KPI en retard", "KPIs behind"),
}
"""The dashboard's section titles and row labels, by block row key."""

TEAMS_BLOCK: dict[str, Label] = {
    "title": Label("Budget par plan / équipe", "Budget by plan / team"),
    "team": TEAM,
    "actions": GROUPS["actions"],
    "planned": PLANNED,
    "actual": Label("Réel", "Actual"),
    "consumed": Label("% consommé", "% consumed"),
    "late": Label("Actions en retard", "Late actions"),
    "currency": Label("Devise", "Currency"),
    "rate": Label("Taux", "Rate"),
    "planned_own": Label("Prévu (sa devise)", "Planned (own currency)"),
    "actual_own": Label("Réel (sa devise)", "Actual (own currency)"),
}
"""The dashboard's spend-by-team block (a company plan's): title and column headers."""

CHARTS: dict[str, Label] = {
    "quarters": Label("Prévu et réel par trimestre", "Planned vs actual per quarter"),
    "objectives": Label("Budget par objectif", "Budget by objective"),
    "kpis": Label("Atteinte des KPI", "KPI attainment"),
}
"""Chart titles."""

# --- overruns: the legend of the red variances ---------------------------------------------
OVERRUNS: dict[str, Label] = {
    "overrun": Label("Dépassement : réel > prévu", "Overrun: actual above planned"),
    "under": Label("Sous le budget : écart < 0", "Under budget: variance below 0"),
    "note": Label(
        "Écart = réel − prévu. En rouge, les dépassements (écart positif, réel au-dessus du "
        "prévu) ; un écart négatif (sous le budget) reste en noir.",
        "Variance = actual − planned. Overruns (positive variance, actual above planned) show "
        "in red; a negative variance (under budget) stays black.",
    ),
    "dashboard": Label(
        "En rouge : dépassements (réel > prévu, écart positif) ; écart négatif : sous le budget.",
        "In red: overruns (actual above planned, positive variance); negative: under budget.",
    ),
}
"""The overruns' legend: the samples over the variance columns, the guide's note and the
dashboard's line under the quarter table."""
