"""Deterministic synthetic plans for the benchmarks (no I/O, no timing)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

YEAR = 2024
AS_OF = dt.date(YEAR, 7, 1)
N_OBJECTIVES = 30
N_KPIS = 30
N_OWNERS = 20

_VERBS = ["Lancer", "Animer", "Publier", "Former", "Relancer", "Mesurer", "Tester", "Organiser"]
_THINGS = [
    "la newsletter",
    "les réseaux sociaux",
    "un salon professionnel",
    "une campagne SEA",
    "le programme de fidélité",
    "un webinaire",
    "la prospection terrain",
    "les partenariats",
]
_CHANNELS = ["E-mail", "Instagram", "LinkedIn", "Salon", "Site web", "Presse", "Terrain"]
_STATUS = ["todo", "in_progress", "done", "cancelled"]
_RECURRENCE = ["one_off", "recurring", "continuous"]
_FREQUENCY = ["daily", "weekly", "monthly", "quarterly", "yearly"]


def plan_data(n_actions: int, seed: int = 1) -> dict[str, Any]:
    """A plan of `n_actions` actions with 30 objectives, 30 KPIs, 20 owners, quarterly budgets
    and actuals for Q1–Q2 (the as-of date is 1 July), as plain data for `xlplan.Plan`."""
    rng = random.Random(seed)
    start = dt.date(YEAR, 1, 1)
    owners = [
        {"name": f"Owner {i:02d}", "role": rng.choice(["Ventes", "Marketing", "Direction"])}
        for i in range(1, N_OWNERS + 1)
    ]
    objectives = [
        {
            "id": f"O{i}",
            "title": f"Objectif {i}: {rng.choice(_THINGS)}",
            "horizon": rng.choice(["short", "medium", "long"]),
            "deadline": start + dt.timedelta(days=rng.randrange(90, 365)),
        }
        for i in range(1, N_OBJECTIVES + 1)
    ]
    kpis = []
    for i in range(1, N_KPIS + 1):
        baseline = rng.randrange(0, 100)
        higher = rng.random() < 0.8
        target = baseline + rng.randrange(5, 50) if higher else max(0, baseline - 5)
        kpis.append(
            {
                "id": f"K{i}",
                "name": f"KPI {i}",
                "objective": f"O{rng.randrange(1, N_OBJECTIVES + 1)}",
                "unit": rng.choice(["%", "€", "clients", ""]),
                "direction": "higher" if higher else "lower",
                "baseline": baseline,
                "target": target,
                "actual": [baseline + rng.randrange(-5, 20) for _ in range(2)],
            }
        )
    actions = []
    for i in range(1, n_actions + 1):
        a_start = start + dt.timedelta(days=rng.randrange(0, 300))
        a_end = min(a_start + dt.timedelta(days=rng.randrange(0, 180)), dt.date(YEAR, 12, 31))
        recurrence = rng.choice(_RECURRENCE)
        budget = [rng.randrange(0, 50) * 100 for _ in range(4)]
        actual = [round(b * rng.uniform(0.5, 1.4), 2) for b in budget[:2]]
        action: dict[str, Any] = {
            "id": f"A{i}",
            "title": f"{rng.choice(_VERBS)} {rng.choice(_THINGS)} #{i}",
            "objectives": [f"O{rng.randrange(1, N_OBJECTIVES + 1)}"],
            "kpis": [f"K{rng.randrange(1, N_KPIS + 1)}"],
            "owner": owners[rng.randrange(N_OWNERS)]["name"],
            "channel": rng.choice(_CHANNELS),
            "start": a_start,
            "end": a_end,
            "recurrence": recurrence,
            "status": rng.choice(_STATUS),
            "progress": rng.randrange(0, 101, 10),
            "budget": budget,
            "actual": {"q1": actual[0], "q2": actual[1]},
        }
        if recurrence == "recurring":
            action["frequency"] = rng.choice(_FREQUENCY)
        if rng.random() < 0.2:
            action["notes"] = "Voir le compte rendu de la réunion du lundi."
        actions.append(action)
    total = sum(sum(a["budget"]) for a in actions)
    return {
        "name": f"Benchmark plan ({n_actions} actions)",
        "business": "Bench SARL",
        "year": YEAR,
        "currency": "EUR",
        "language": "fr",
        "envelope": {"amount": round(total * 1.05)},
        "owners": owners,
        "objectives": objectives,
        "kpis": kpis,
        "actions": actions,
    }
