"""LibreOffice recalculates every workbook xlplan builds and agrees with every cached value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import SAMPLES, TEMPLATE_NAMES
from lo import recalculate
from sheets import column, error_cells, load, mismatches

import xlplan
from xlplan.writing.workbook import build

KEYS = [f"{p.stem}.{lang}" for p in SAMPLES for lang in ("fr", "en")] + [
    f"template-{n}.{lang}" for n in TEMPLATE_NAMES for lang in ("fr", "en")
]


@pytest.mark.parametrize("key", KEYS)
def test_no_error_value_after_recalculation(key: str, recalculated: dict[str, Path]) -> None:
    assert error_cells(recalculated[key]) == []


@pytest.mark.parametrize("key", KEYS)
def test_every_cached_value_equals_libreoffice(
    key: str, every_workbook: dict[str, Path], recalculated: dict[str, Path]
) -> None:
    assert mismatches(every_workbook[key], recalculated[key]) == []


def small_plan() -> xlplan.Plan:
    """Two actions from the Mimine plan (seed 001): the newsletter and the Q1 video."""
    return xlplan.Plan(
        name="Mimine",
        fiscal_year_start=dt.date(2024, 1, 1),
        owners=[xlplan.Owner(name="Arnaud"), xlplan.Owner(name="Zoé")],
        objectives=[
            xlplan.Objective(title="Fidéliser"),
            xlplan.Objective(title="Récolter 5 000 € en crowdfunding"),
        ],
        kpis=[
            xlplan.KPI(name="Taux d'ouverture", objective="O1", unit="%", baseline=20, target=30)
        ],
        actions=[
            xlplan.Action(
                title="Newsletter",
                objectives=["O1"],
                kpis=["K1"],
                owner="Arnaud",
                budget=[0, 30, 50, 199],
                start=dt.date(2024, 1, 1),
                end=dt.date(2024, 12, 31),
                recurrence="recurring",
                frequency="monthly",
            ),
            xlplan.Action(
                title="Vidéo de présentation",
                objectives=["O2"],
                owner="Zoé",
                budget=[1250],
                start=dt.date(2024, 1, 15),
                end=dt.date(2024, 3, 15),
            ),
        ],
    )


def test_edits_flow_through_every_sheet(out: Path) -> None:
    path = build(small_plan(), out / "mimine.xlsx", as_of=dt.date(2024, 5, 15))
    wb = load(path)
    plan, budget = wb["Plan d'action"], wb["Suivi budgétaire"]
    q = {f"Q{n}": column(plan, f"Budget T{n}") for n in range(1, 5)}
    # A new action typed on the first free row (row 7), no ID: every sheet must pick it up.
    for header, value in (
        ("Action", "Boost Etsy"),
        ("Objectif(s)", "O2"),
        ("Responsable", "Zoé"),
        ("Statut", "À faire"),
        ("Récurrence", "Ponctuelle"),
    ):
        plan[f"{column(plan, header)}7"] = value
    plan[f"{q['Q2']}7"] = 500
    plan[f"{column(plan, 'Début')}7"] = dt.datetime(2024, 4, 1)
    plan[f"{column(plan, 'Fin')}7"] = dt.datetime(2024, 6, 30)
    plan[f"{q['Q4']}5"] = 250  # newsletter Q4: 199 → 250
    plan[f"{column(plan, 'Fin')}6"] = dt.datetime(2024, 4, 30)  # the video slips to April
    budget[f"{column(budget, 'Réel T2')}5"] = 45  # newsletter: 15 over
    budget[f"{column(budget, 'Réel T1')}6"] = 1300  # video: 50 over
    edited = out / "edited.xlsx"
    wb.save(edited)

    result = load(recalculate(edited, out / "lo"), data_only=True)
    assert error_cells(out / "lo" / "edited.xlsx") == []
    plan, budget = result["Plan d'action"], result["Suivi budgétaire"]
    # Totals row above the header: Q1 1 250, Q2 30 + 500, Q3 50, Q4 250.
    assert [plan[f"{q[k]}3"].value for k in q] == [1250, 530, 50, 250]
    assert plan[f"{column(plan, 'Total')}3"].value == 2080
    assert plan[f"{column(plan, 'Total')}7"].value == 500
    # Budget tracking: variances only where actuals were typed.
    assert budget[f"{column(budget, 'Écart T2')}5"].value == 15
    assert budget[f"{column(budget, 'Écart T1')}6"].value == 50
    assert budget[f"{column(budget, 'Écart T1')}5"].value is None
    assert budget[f"{column(budget, 'Écart total')}6"].value == 50
    assert budget[f"{column(budget, '% consommé')}6"].value == pytest.approx(1300 / 1250)
    assert budget[f"{column(budget, 'Prévu T2')}7"].value == 500
    assert budget[f"{column(budget, 'Action')}7"].value == "Boost Etsy"
    # Owners and objectives: Zoé has the video and the boost.
    owners = result["Responsables"]
    assert [c.value for c in owners[6][:6]] == ["Zoé", None, None, 2, 1750, 1300]
    assert [c.value for c in owners[5][3:6]] == [1, 330, 45]
    objectives = result["Objectifs"]
    assert [c.value for c in objectives[6][5:8]] == [2, 1750, 1300]
    # Dashboard: planned and actual per quarter, two overruns, one late action (the video).
    dash = result["Synthèse"]
    assert [c.value for c in dash[9][1:6]] == [1250, 530, 50, 250, 2080]
    assert [c.value for c in dash[10][1:6]] == [1300, 45, 0, 0, 1345]
    assert dash["B23"].value == 2
    assert dash["B24"].value == 1
    # Timeline: the video's bar now runs January–April, the boost's April–June.
    timeline = result["Rétroplanning"]
    months = [c.column_letter for c in timeline[4][7:19]]
    assert [timeline[f"{m}6"].value for m in months] == [1, 1, 1, 1] + [None] * 8
    assert [timeline[f"{m}7"].value for m in months] == [None] * 3 + [1, 1, 1] + [None] * 6
