"""A deterministic hand-made plan table with monthly budgets under a two-row header (issue #17),
for the benchmarks (written with xlsxwriter, not xlplan). No timing here.

A title row; a group row with ``Action | Objectif | KPI | Responsable`` merged over both header
rows, ``Budget prévu`` merged over twelve months and ``Réalisé`` over six; the header row
``janv. … déc. | Total | janv. … juin``; one row per action with its planned months (some
empty, about 10 % typed as text ``1 250,00 €``), a Total of the planned months and the spent
months of the first half; a Total row of ``=SUM`` formulas.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from _tables import _KPIS, _OBJECTIVES, _OWNERS, _THINGS, _VERBS, NNBSP, TEXT_SHARE, as_text

MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin")
MONTHS += ("juil.", "août", "sept.", "oct.", "nov.", "déc.")
SPENT_MONTHS = 6  # spent typed for January to June (the as-of date is 1 July)
EMPTY_SHARE = 0.3  # planned months left empty
TEXTS = 4  # Action, Objectif, KPI, Responsable
FIRST_AMOUNT = TEXTS
TOTAL_COL = FIRST_AMOUNT + 12
FIRST_SPENT = TOTAL_COL + 1
WIDTH = FIRST_SPENT + SPENT_MONTHS

__all__ = ["NNBSP", "write_monthly_table"]


def monthly_rows(n_rows: int, seed: int = 1) -> list[list[Any]]:
    """The `n_rows` action rows: four texts, 12 planned months, their total, 6 spent months."""
    rng = random.Random(seed)
    rows = []
    for i in range(1, n_rows + 1):
        planned = [
            None if rng.random() < EMPTY_SHARE else float(rng.randrange(1, 20) * 25) for _ in MONTHS
        ]
        spent = [
            None if p is None else round(p * rng.uniform(0.5, 1.4), 2)
            for p in planned[:SPENT_MONTHS]
        ]
        total = sum(p for p in planned if p is not None)
        typed: list[Any] = [
            as_text(a, rng) if a is not None and rng.random() < TEXT_SHARE else a
            for a in (*planned, total, *spent)
        ]
        rows.append(
            [
                f"{rng.choice(_VERBS)} {rng.choice(_THINGS)} #{i}",
                rng.choice(_OBJECTIVES),
                rng.choice(_KPIS),
                rng.choice(_OWNERS),
                *typed,
            ]
        )
    return rows


def write_monthly_table(path: str, n_rows: int, seed: int = 1) -> dict[str, Any]:
    """Write the monthly hand-made table of `n_rows` actions to `path` with xlsxwriter.

    Returns:
        ``rows`` (actions), ``cells`` written and ``text_amounts`` (amounts typed as text).
    """
    import xlsxwriter

    rows = monthly_rows(n_rows, seed)
    wb = xlsxwriter.Workbook(path, {"strings_to_numbers": False})
    wb.set_properties({"created": dt.datetime(2024, 1, 1)})  # reproducible files
    ws = wb.add_worksheet("Budget mensuel")
    head = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "align": "center"})
    money = wb.add_format({"num_format": "#,##0.00 €", "border": 1})
    text = wb.add_format({"border": 1})
    ws.write_string(0, 0, "Plan d'action marketing 2024 — Mimine, budget mensuel")
    for c, label in enumerate(("Action", "Objectif", "KPI", "Responsable")):
        ws.merge_range(1, c, 2, c, label, head)
    ws.merge_range(1, FIRST_AMOUNT, 1, TOTAL_COL - 1, "Budget prévu", head)
    ws.merge_range(1, FIRST_SPENT, 1, WIDTH - 1, "Réalisé", head)
    ws.write_row(2, FIRST_AMOUNT, [*MONTHS, "Total", *MONTHS[:SPENT_MONTHS]], head)
    sums = [0.0] * (WIDTH - FIRST_AMOUNT)
    texts = cells = 0
    for r, row in enumerate(rows, start=3):
        ws.write_row(r, 0, row[:TEXTS], text)
        cells += TEXTS
        for c, value in enumerate(row[TEXTS:]):
            if isinstance(value, float):
                ws.write_number(r, FIRST_AMOUNT + c, value, money)
                sums[c] += value
            elif isinstance(value, str):
                ws.write_string(r, FIRST_AMOUNT + c, value, text)
                texts += 1
            else:
                continue
            cells += 1
    last = len(rows) + 3
    ws.write_string(last, 0, "Total")
    for c, value in enumerate(sums):
        col = xlsxwriter.utility.xl_col_to_name(FIRST_AMOUNT + c)
        ws.write_formula(last, FIRST_AMOUNT + c, f"=SUM({col}4:{col}{last})", money, value)
    ws.freeze_panes(3, 1)
    wb.close()
    header = TEXTS + 2 + len(MONTHS) + 1 + SPENT_MONTHS  # (the group row's two labels too)
    return {"rows": n_rows, "cells": cells + 1 + header + 1 + len(sums), "text_amounts": texts}
