"""Deterministic hand-made plan tables for the benchmarks (written with xlsxwriter, not xlplan).

The seed's layout (`/work/shared/seeds/001_…`), as a person types it in a spreadsheet: a title
row merged over the table, the header ``Action | Objectif | KPI | Responsable | Budget T1 … T4 |
Réel T1 … T4``, one row per action with amounts as numbers, some typed as text (``1 250,00 €``)
and some left empty, and a Total row of ``=SUM`` formulas whose cached results are what a
spreadsheet computes (text amounts left out). No timing here.

The title is not merged over the table's width: xlplan's reader (as of commit ba44116) takes a
title merged over the columns right above the header for a group label of every column
("Plan d'action … Action", …) and then finds no plan table.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

QUARTERS = ("T1", "T2", "T3", "T4")
HEADER = (
    "Action",
    "Objectif",
    "KPI",
    "Responsable",
    *(f"Budget {q}" for q in QUARTERS),
    *(f"Réel {q}" for q in QUARTERS),
)
FIRST_AMOUNT = 4  # column E: Budget T1
TEXT_SHARE = 0.1  # amounts typed as text, "1 250,00 €"
EMPTY_SHARE = 0.15  # budget cells left empty (nothing planned that quarter)
ACTUAL_QUARTERS = 2  # actual spend typed for T1 and T2 (the as-of date is 1 July)
NNBSP = "\u202f"  # the narrow no-break space Excel's French number formats use

_OBJECTIVES = [
    "Récolter 5 000 € pendant la campagne de crowdfunding",
    "Ouvrir les canaux de distribution",
    "Acquérir des clients",
    "Fidélisation",
    "Notoriété",
    "Augmenter le panier moyen",
    "Développer les ventes en boutique",
    "Recruter des revendeurs",
    "Lancer la gamme été",
    "Réduire le coût d'acquisition",
    "Développer l'export",
    "Animer la communauté",
]
_KPIS = [
    "Montant collecté",
    "Taux de conversion",
    "Panier moyen",
    "Taux d'ouverture et taux de clic",
    "Part du trafic naturel",
    "Nombre d'abonnés",
    "Chiffre d'affaires",
    "Nombre de revendeurs",
    "Coût par clic",
    "Nombre de commandes",
    "Taux de réachat",
    "Visites du site",
    "Avis clients",
    "Leads qualifiés",
    "Ventes à l'export",
    "Portée des publications",
    "Taux d'engagement",
    "Inscriptions au salon",
    "Retombées presse",
    "Téléchargements du catalogue",
]
_OWNERS = [
    "Zoé",
    "Arnaud",
    "Camille",
    "Lucas",
    "Inès",
    "Hugo",
    "Léa",
    "Nathan",
    "Chloé",
    "Théo",
    "Manon",
    "Louis",
    "Emma",
    "Jules",
    "Sarah",
]
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
    "la vidéo de présentation",
    "la boutique en ligne",
]


def as_text(amount: float, rng: random.Random) -> str:
    """An amount as a person types it in French: ``1 250,00 €`` (a space or a narrow no-break
    space between thousands, a decimal comma, the euro sign)."""
    sep = rng.choice((" ", NNBSP))
    whole, cents = f"{amount:,.2f}".split(".")
    return f"{whole.replace(',', sep)},{cents} €"


def table_rows(n_rows: int, seed: int = 1) -> list[list[Any]]:
    """The `n_rows` action rows: four texts, then 8 amounts (float, text or None)."""
    rng = random.Random(seed)
    rows = []
    for i in range(1, n_rows + 1):
        budget = [
            None if rng.random() < EMPTY_SHARE else float(rng.randrange(1, 50) * 50)
            for _ in QUARTERS
        ]
        actual: list[float | None] = [
            round(b * rng.uniform(0.5, 1.4), 2) if b is not None and q < ACTUAL_QUARTERS else None
            for q, b in enumerate(budget)
        ]
        amounts: list[Any] = [
            as_text(a, rng) if a is not None and rng.random() < TEXT_SHARE else a
            for a in (*budget, *actual)
        ]
        rows.append(
            [
                f"{rng.choice(_VERBS)} {rng.choice(_THINGS)} #{i}",
                rng.choice(_OBJECTIVES),
                rng.choice(_KPIS),
                rng.choice(_OWNERS),
                *amounts,
            ]
        )
    return rows


def write_table(path: str, n_rows: int, seed: int = 1) -> dict[str, Any]:
    """Write the hand-made table of `n_rows` actions to `path` with xlsxwriter.

    Returns:
        ``rows`` (actions), ``cells`` written and ``text_amounts`` (amounts typed as text).
    """
    import xlsxwriter

    rows = table_rows(n_rows, seed)
    wb = xlsxwriter.Workbook(path, {"strings_to_numbers": False})
    wb.set_properties({"created": dt.datetime(2024, 1, 1)})  # reproducible files
    ws = wb.add_worksheet("Plan d'action")
    title = wb.add_format({"bold": True, "font_size": 14})
    head = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True})
    money = wb.add_format({"num_format": "#,##0.00 €", "border": 1})
    text = wb.add_format({"border": 1})
    total = wb.add_format({"bold": True, "num_format": "#,##0.00 €", "top": 2})
    ws.write_string(0, 0, "Plan d'action marketing 2024 — Mimine", title)
    ws.write_row(1, 0, HEADER, head)
    ws.set_column(0, 0, 40)
    ws.set_column(1, 2, 30)
    ws.set_column(FIRST_AMOUNT, len(HEADER) - 1, 12)
    sums = [0.0] * (len(HEADER) - FIRST_AMOUNT)
    texts = cells = 0
    for r, row in enumerate(rows, start=2):
        ws.write_row(r, 0, row[:FIRST_AMOUNT], text)
        cells += FIRST_AMOUNT
        for c, value in enumerate(row[FIRST_AMOUNT:]):
            if isinstance(value, float):
                ws.write_number(r, FIRST_AMOUNT + c, value, money)
                sums[c] += value
            elif isinstance(value, str):
                ws.write_string(r, FIRST_AMOUNT + c, value, text)
                texts += 1
            else:
                continue
            cells += 1
    last = len(rows) + 2
    ws.write_string(last, 0, "Total", total)
    for c, value in enumerate(sums):
        col = xlsxwriter.utility.xl_col_to_name(FIRST_AMOUNT + c)
        ws.write_formula(last, FIRST_AMOUNT + c, f"=SUM({col}3:{col}{last})", total, value)
    ws.freeze_panes(2, 1)
    wb.close()
    return {"rows": n_rows, "cells": cells + 1 + len(HEADER) + 1 + len(sums), "text_amounts": texts}
