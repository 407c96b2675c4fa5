"""Hand-made plans laid out in all of issue #17's ways at once ("Done when": a team's existing
plan — two-row headers, months, objectives as section rows, an Excel table — imports with every
figure exact, every objective in place, every cell used or named in a problem), with the KPI and
owners lists kept on other sheets.

`FIXTURES` maps a name to a builder writing the workbook into a folder; `EXPECTED` holds, per
fixture, the figures worked out by hand below from the seeds' worked examples (the months are
`layouts_headers`' spread of Mimine's and Bob's quarters):

* ``team_fr`` (openpyxl): Mimine's plan, ``Budget prévu`` merged over ``janv. … déc.``, a
  ``Total`` and ``Réalisé`` over ``janv. … mars``, objectives as merged section rows with
  subtotals under the months and the Total, a Total row; an *Indicateurs* sheet and an *Équipe*
  sheet.
* ``team_en_table`` (xlsxwriter): Bob's plan as an Excel table ``Task | Owner | Jan-25 (k€) …
  Dec-25 (k€)`` with a totals row, its goals as section rows inside the table, amounts in
  thousands; a *Team* sheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl
import xlsxwriter
from layouts_headers import (
    BOB_MONTHS,
    CRM,
    ETSY,
    FR_MONTHS,
    LOYAL,
    MATERIALS,
    MIMINE_MONTHS,
    NEWS,
    PHOTOS,
    RETAIN,
    ROUNDS,
    SHOP,
    TRAIN,
    TRAINING,
    VIDEO,
    WIN,
)

D = Decimal
Q = tuple[Decimal, Decimal, Decimal, Decimal]
CROWD = "Récolter 5 000 € pendant la campagne de crowdfunding"
CHANNELS = "Ouvrir les canaux de distribution"
LOYALTY = "Fidéliser les anciens clients"
BACKERS, ETSY_SALES, OPEN_RATE = "Nombre de contributeurs", "Ventes Etsy", "Taux d'ouverture"


@dataclass(frozen=True)
class Expected:
    """What reading a fixture must give, worked out by hand."""

    # (title, objective ids, owner, KPI ids), in table order
    actions: list[tuple[str, list[str], str, list[str]]]
    objectives: dict[str, tuple[str, Decimal]]  # id -> (title, planned)
    planned: Q
    actual: Q
    months: dict[str, dict[int, int]]  # action -> planned fiscal month (1-12) -> amount
    spent: dict[str, dict[int, int]]  # action -> spent fiscal month -> amount
    kpis: list[tuple[str, str, Decimal, Decimal, list[Decimal | None]]]  # id, name, base, target
    owners: list[tuple[str, str | None]]  # name, role
    problems: list[tuple[str, str, str]]  # (code, severity, cell)
    fiscal_year_start: dt.date


# --- Mimine, French, openpyxl ---------------------------------------------------------------
TEAM_FR_ROWS = [  # (action, owner, KPI, spent in janv. … mars)
    (VIDEO, "Zoé", BACKERS, {1: 880}),
    (PHOTOS, "Zoé", None, {2: 450}),
    (ETSY, "Arnaud", ETSY_SALES, {}),
    (SHOP, "Arnaud", None, {}),
    (NEWS, "Arnaud", OPEN_RATE, {1: 0}),
]
SECTIONS_FR = {VIDEO: f"Objectif 1 — {CROWD}", ETSY: f"Objectif 2 — {CHANNELS}"}
SECTIONS_FR[NEWS] = f"Objectif 3 — {LOYALTY}"


def team_fr(folder: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan 2024"
    ws.append(["Mimine — plan marketing 2024"])
    ws.append(["Action", "Responsable", "KPI", "Budget prévu", *[None] * 11, "Total", "Réalisé"])
    ws.append([None, None, None, *FR_MONTHS, None, *FR_MONTHS[:3]])
    for cells in ("A2:A3", "B2:B3", "C2:C3", "D2:O2", "P2:P3", "Q2:S2"):
        ws.merge_cells(cells)
    # each section's subtotals: under the months (its actions' sums) and under the Total
    subtotals = {
        VIDEO: {1: 800, 2: 450, "total": 1250},  # 800 + 450
        ETSY: {4: 250, 5: 2750, 9: 7500, "total": 10_500},  # Etsy 250 + 250, shop 2 500 + 7 500
        NEWS: {"total": 279},
    }
    for title, owner, kpi, spent in TEAM_FR_ROWS:
        if title in SECTIONS_FR:
            ws.append([SECTIONS_FR[title]])
            r = ws.max_row
            ws.merge_cells(f"A{r}:C{r}")
            for month, value in subtotals[title].items():
                ws.cell(r, 16 if month == "total" else 3 + int(month), value)
        months = [MIMINE_MONTHS[title].get(m) for m in range(1, 13)]
        total = sum(MIMINE_MONTHS[title].values())
        ws.append([title, owner, kpi, *months, total, *(spent.get(m) for m in range(1, 4))])
    sums = [sum(MIMINE_MONTHS[t].get(m, 0) for t, *_ in TEAM_FR_ROWS) for m in range(1, 13)]
    ws.append(["Total", None, None, *sums, sum(sums), 880, 450, None])
    kpis = wb.create_sheet("Indicateurs")
    kpis.append(["Indicateur", "Valeur de départ", "Cible", "T1", "T2"])
    kpis.append([BACKERS, 0, 100, 62])
    kpis.append([ETSY_SALES, 10, 30, 12, 18])
    kpis.append([OPEN_RATE, 20, 35, 24])
    team = wb.create_sheet("Équipe")
    team.append(["Nom", "Rôle"])
    team.append(["Zoé", "Fondatrice"])
    team.append(["Arnaud", "Associé, ventes"])
    path = folder / "equipe_fr.xlsx"
    wb.save(path)
    return path


# --- Bob, English, an Excel table in k€ (xlsxwriter) ----------------------------------------
TEAM_EN_ROWS = [  # (action, owner, goal section above it or None)
    (TRAINING, "X", f"Goal: {TRAIN}"),
    (MATERIALS, "Y", f"Goal: {WIN}"),
    (CRM, "X", None),
    (ROUNDS, "Y", None),
    (LOYAL, "Y", f"Goal: {RETAIN}"),
]
EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def team_en_table(folder: Path) -> Path:
    path = folder / "team_table_en.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Plan")
    ws.write(0, 0, "Bob — field sales plan")
    data: list[list[object]] = []
    for title, owner, goal in TEAM_EN_ROWS:
        if goal is not None:
            data.append([goal, *[None] * 13])
        # in thousands: 6 000 € is 6, 200 € is 0.2
        data.append([title, owner, *(BOB_MONTHS[title].get(m, 0) / 1000 for m in range(1, 13))])
    columns = [
        {"header": "Task", "total_string": "Total"},
        {"header": "Owner"},
        *({"header": f"{m}-25 (k€)", "total_function": "sum"} for m in EN_MONTHS),
    ]
    last = 1 + len(data) + 1  # the header on row 2 (index 1), the data, the totals row
    ws.add_table(1, 0, last, 13, {"data": data, "columns": columns, "total_row": True})
    team = wb.add_worksheet("Team")
    team.write_row(0, 0, ["Name", "Role"])
    team.write_row(1, 0, ["X", "Sales manager"])
    team.write_row(2, 0, ["Y", "Field sales"])
    wb.close()
    return path


FIXTURES: dict[str, Callable[[Path], Path]] = {"team_fr": team_fr, "team_en_table": team_en_table}

EXPECTED: dict[str, Expected] = {
    "team_fr": Expected(
        actions=[
            (VIDEO, ["O1"], "Zoé", ["K1"]),
            (PHOTOS, ["O1"], "Zoé", []),
            (ETSY, ["O2"], "Arnaud", ["K2"]),
            (SHOP, ["O2"], "Arnaud", []),
            (NEWS, ["O3"], "Arnaud", ["K3"]),
        ],
        # O1 800 + 450; O2 500 + 10 000; O3 10 + 10 + 10 + 20 + 10 + 20 + 66 + 66 + 67
        objectives={"O1": (CROWD, D(1250)), "O2": (CHANNELS, D(10_500)), "O3": (LOYALTY, D(279))},
        # Q1 800 + 450; Q2 250 + 250 + 2 500 + 30; Q3 7 500 + 50; Q4 199
        planned=(D(1250), D(3030), D(7550), D(199)),
        actual=(D(880 + 450 + 0), D(0), D(0), D(0)),
        months={t: MIMINE_MONTHS[t] for t, *_ in TEAM_FR_ROWS},
        spent={VIDEO: {1: 880}, PHOTOS: {2: 450}, NEWS: {1: 0}},
        kpis=[
            ("K1", BACKERS, D(0), D(100), [D(62), None, None, None]),
            ("K2", ETSY_SALES, D(10), D(30), [D(12), D(18), None, None]),
            ("K3", OPEN_RATE, D(20), D(35), [D(24), None, None, None]),
        ],
        owners=[("Zoé", "Fondatrice"), ("Arnaud", "Associé, ventes")],
        # the year is the title's: Mimine's months name no year
        problems=[("fiscal-year-assumed", "warning", "A1")],
        fiscal_year_start=dt.date(2024, 1, 1),
    ),
    "team_en_table": Expected(
        actions=[
            (TRAINING, ["O1"], "X", []),
            (MATERIALS, ["O2"], "Y", []),
            (CRM, ["O2"], "X", []),
            (ROUNDS, ["O2"], "Y", []),
            (LOYAL, ["O3"], "Y", []),
        ],
        # O2: materials 9 000 + 3 000, CRM 12 × 200, rounds 3 × 500 + 9 × 1 500
        objectives={
            "O1": (TRAIN, D(12_000)),
            "O2": (WIN, D(12_000 + 2400 + 15_000)),
            "O3": (RETAIN, D(3500)),
        },
        # Q1 12 000 + 9 000 + 600 + 1 500; Q2 600 + 4 500; Q3 3 000 + 600 + 4 500 + 1 500;
        # Q4 600 + 4 500 + 1 000 + 1 000
        planned=(D(23_100), D(5100), D(9600), D(7100)),
        actual=(D(0), D(0), D(0), D(0)),
        months={t: BOB_MONTHS[t] for t, *_ in TEAM_EN_ROWS},
        spent={},
        kpis=[],
        owners=[("X", "Sales manager"), ("Y", "Field sales")],
        # Jan-25 … Dec-25: the headers say the year; the k€ said once, at the first month
        problems=[("unit-scaled", "info", "C2")],
        fiscal_year_start=dt.date(2025, 1, 1),
    ),
}
"""The figures each fixture must read back as, worked out by hand (see the module's doc)."""

__all__ = ["EXPECTED", "FIXTURES", "Expected"]
