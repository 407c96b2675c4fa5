"""Hand-made plan tables laid out with section rows (issue #17), and their figures worked out by
hand.

A section row holds only a label — often merged across the text columns, sometimes with
subtotals under the budget columns — naming an objective (``Objectif 1 — …``, ``Axe 2 : …``),
an owner or a team (``Owner: X``, ``Responsable : Zoé``, ``Field sales team``) or a phase
(``Phase 1 — …``, ``Phase : …``) for the rows under it.

`FIXTURES`: name -> builder writing the workbook into a folder and returning its path;
`EXPECTED`: name -> what reading it must give. The figures are Mimine's (seed 001 and
``samples/mimine.yaml``: 1 250 € in Q1 for the video and photos, 800 + 450; the Etsy boost
500 €; the shop 10 000 € as 2 500 € + 7 500 €; the newsletter 0 / 30 / 50 / 199 €, and the
sample's invented amounts) and Bob's (seed 002 and ``samples/bob.yaml``: 57 200 € planned out
of the 60 000 € envelope); the actual spend of Bob's plan is invented here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter
from lo import recalculate
from openpyxl.styles import Font

__all__ = ["EXPECTED", "FIXTURES", "Expected"]

D = Decimal


@dataclass(frozen=True)
class Expected:
    """What reading a fixture must give (money in the plan's currency).

    `planned` / `actual`: per quarter Q1–Q4 (0 where nothing was spent). `by_owner`: owner ->
    (planned, actual). `by_objective`: objective id -> (title, planned, actual), in plan order.
    `overruns`: (action, quarter, actual - planned). `problems`: (code, cell), in order.
    `actions`: each action's (title, objective ids, owner), in order. `phases`: phase -> planned
    (the actions' *Phase* extra column).
    """

    planned: tuple[Decimal, Decimal, Decimal, Decimal]
    actual: tuple[Decimal, Decimal, Decimal, Decimal]
    by_owner: dict[str, tuple[Decimal, Decimal]]
    by_objective: dict[str, tuple[str, Decimal, Decimal]]
    overruns: list[tuple[str, str, Decimal]]
    problems: list[tuple[str, str]]
    actions: list[tuple[str, list[str], str | None]]
    phases: dict[str, Decimal] = field(default_factory=dict)


# --- Mimine's objectives as merged section rows, in French (openpyxl) --------------------------
CROWDFUNDING = "Récolter 5 000 € pendant la campagne de crowdfunding"
CHANNELS = "Ouvrir les canaux de distribution"
CUSTOMERS = "Acquérir de nouveaux clients"
AWARENESS = "Développer la notoriété"
LOYALTY = "Fidéliser les anciens clients"

_MIMINE_HEADER = (
    "Action | KPI | Responsable | Début | Budget T1 | Budget T2 | Budget T3 | Budget T4"
)
# A section: "§ label || column=subtotal …"; a row: action | KPI | owner | start | T1 … T4 |
# réel T1 | réel T2.
_MIMINE_ROWS = f"""
§ Objectif 1 — {CROWDFUNDING} || E=1250
Vidéo de présentation | Montant collecté | Zoé | 2024-01-08 | 800 | | | | 880
Photos de présentation des produits | Montant collecté | Zoé | 2024-01-15 | 450 | | | | 450
Campagne de crowdfunding | Montant collecté | Arnaud | 2024-02-12
§ Objectif 2 — {CHANNELS} || F=2500 G=7500
Ouverture de la boutique Etsy | Taux de conversion | Arnaud | 2024-04-02
Création de la boutique en ligne mimine.fr | Taux de conversion | Arnaud | 2024-05-02 | | 2500 | 7500 | | | 2500
§ Objectif 3 — {CUSTOMERS} || F=500 H=1500
Boost des ventes sur Etsy | Coût d'acquisition d'un client | Arnaud | 2024-04-15 | | 500 | | | | 460
Location d'une base de données de parents | Coût d'acquisition d'un client | Arnaud | 2024-12-02 | | | | 1500
§ Objectif 4 — {AWARENESS} || G=6000 H=8000
Animation de communauté | Part du référencement naturel | Zoé | 2024-01-10
Tutos de couture | Part du référencement naturel | Zoé | 2024-03-04
Publicité en ligne | Coût d'acquisition d'un visiteur | Arnaud | 2024-07-15 | | | 6000 | 4000
Publireportage dans elle.com | Part du référencement naturel | Zoé | 2024-12-01 | | | | 4000
§ Objectif 5 — {LOYALTY}
Newsletter | Taux d'ouverture | Arnaud | 2024-02-01 | 0 | 30 | 50 | 199 | 0 | 30
Logiciel de gestion de la relation client | Satisfaction client | Arnaud | 2024-11-18 | | | | 600
"""  # noqa: E501  (one row a line, as in the sheet)


def _cells(line: str) -> list[Any]:
    """A row typed as ``text | 800 | 2024-01-08 | |``: whole numbers as numbers, ISO dates as
    datetimes, empty cells None."""
    found: list[Any] = []
    for part in (p.strip() for p in line.split("|")):
        if not part:
            found.append(None)
        elif re.fullmatch(r"-?\d+", part):
            found.append(int(part))
        elif re.fullmatch(r"\d{4}-\d\d-\d\d", part):
            found.append(dt.datetime.fromisoformat(part))
        else:
            found.append(part)
    return found


def objectives_fr(folder: Path) -> Path:
    """Mimine's plan, objectives as section rows merged over A:D with typed subtotals under the
    budget columns, a Total row of formulas (no cached value: openpyxl computes nothing)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan 2024"
    ws.append(["Plan d'action marketing digital — Mimine 2024"])
    ws.append(_cells(_MIMINE_HEADER + " | Réel T1 | Réel T2"))
    for line in _MIMINE_ROWS.strip().splitlines():
        r = ws.max_row + 1
        if line.startswith("§"):
            label, _, subtotals = line[1:].partition("||")
            ws.cell(r, 1, label.strip()).font = Font(bold=True)
            ws.merge_cells(f"A{r}:D{r}")
            for subtotal in subtotals.split():
                letter, _, amount = subtotal.partition("=")
                ws[f"{letter}{r}"] = int(amount)
        else:
            ws.append(_cells(line))
    last = ws.max_row
    ws.append(["Total", None, None, None, *(f"=SUM({c}3:{c}{last})" for c in "EFGHIJ")])
    path = folder / "objectifs.xlsx"
    wb.save(path)
    return path


_MIMINE = Expected(
    # Q1 800 + 450; Q2 2 500 + 500 + 30; Q3 7 500 + 6 000 + 50; Q4 1 500 + 4 000 + 4 000 + 199
    # + 600: 28 129 € in all, the sample's figure.
    planned=(D(1250), D(3030), D(13550), D(10299)),
    actual=(D(880 + 450 + 0), D(2500 + 460 + 30), D(0), D(0)),
    by_owner={
        "Zoé": (D(800 + 450 + 4000), D(880 + 450)),
        "Arnaud": (D(10000 + 500 + 1500 + 10000 + 279 + 600), D(2500 + 460 + 0 + 30)),
    },
    by_objective={
        "O1": (CROWDFUNDING, D(1250), D(1330)),
        "O2": (CHANNELS, D(10000), D(2500)),
        "O3": (CUSTOMERS, D(2000), D(460)),
        "O4": (AWARENESS, D(14000), D(0)),
        "O5": (LOYALTY, D(879), D(30)),
    },
    overruns=[("Vidéo de présentation", "Q1", D(80))],  # 880 spent for 800
    problems=[("fiscal-year-assumed", "A1")],  # the year in the title (not the earliest date)
    actions=[
        ("Vidéo de présentation", ["O1"], "Zoé"),
        ("Photos de présentation des produits", ["O1"], "Zoé"),
        ("Campagne de crowdfunding", ["O1"], "Arnaud"),
        ("Ouverture de la boutique Etsy", ["O2"], "Arnaud"),
        ("Création de la boutique en ligne mimine.fr", ["O2"], "Arnaud"),
        ("Boost des ventes sur Etsy", ["O3"], "Arnaud"),
        ("Location d'une base de données de parents", ["O3"], "Arnaud"),
        ("Animation de communauté", ["O4"], "Zoé"),
        ("Tutos de couture", ["O4"], "Zoé"),
        ("Publicité en ligne", ["O4"], "Arnaud"),
        ("Publireportage dans elle.com", ["O4"], "Zoé"),
        ("Newsletter", ["O5"], "Arnaud"),
        ("Logiciel de gestion de la relation client", ["O5"], "Arnaud"),
    ],
)


def objectives_fr_libreoffice(folder: Path) -> Path:
    """`objectives_fr` re-saved by LibreOffice (which computes the Total row)."""
    return recalculate(objectives_fr(folder), folder / "lo")


# --- Bob's plan with owner sections, in English (xlsxwriter) -----------------------------------
FIND = "Find 40 new customers through field prospecting"
TRAIN = "Train Z and B in field sales"
RETAIN = "Retain the new customers"
# (task, goal, Q1, Q2, Q3, Q4, actual Q1, actual Q2) or (section label, merged?)
_BOB_EN: list[Any] = [
    ("Owner: X", True),
    ("Targeting the prospecting areas from the Lucie persona", FIND),
    ("Training Z and B in field sales techniques", TRAIN, 12000, None, None, None, 12600),
    ("KPI follow-up in the CRM and monthly team meeting", FIND, 600, 600, 600, 600, 600, 600),
    ("Owner: Y", False),  # a label alone in the Task column, not merged
    ("Prospecting materials", FIND, 9000, None, 3000, None, 8700),
    ("Field prospecting tours", FIND, 1500, 4500, 4500, 4500, 1650, 4300),
    ("New customers loyalty programme", RETAIN, None, None, 1500, 2000),
    ("Field sales team", True),  # a team named without a separator: merged, so a section
    ("Events at the retailers of the prospected towns", FIND, None, 2000, 2000, 2500, None, 1800),
    ("Social media relay of the tours", FIND, None, 500, 500, 500, None, 550),
    ("Owner: B", True),
    ("Contact capture on the website", FIND, None, 2500, None, None, None, 2900),
    ("Follow-up e-mail sequence for the prospects met", FIND, None, 600, 600, 600, None, 600),
]


def owners_en(folder: Path) -> Path:
    """Bob's plan, owners as section rows, a Total column and a TOTAL row of formulas whose
    cached results are what a spreadsheet computes (as Excel saves them)."""
    path = folder / "owners.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Plan")
    bold = wb.add_format({"bold": True})
    ws.write_row(0, 0, ["Bob — field prospecting action plan 2023"])
    header = ["Task", "Goal", "Q1", "Q2", "Q3", "Q4", "Actual Q1", "Actual Q2", "Total"]
    ws.write_row(1, 0, header)
    r = 2
    sums = [0] * 7
    for row in _BOB_EN:
        if len(row) == 2 and isinstance(row[1], bool):
            if row[1]:
                ws.merge_range(r, 0, r, 1, row[0], bold)
            else:
                ws.write(r, 0, row[0], bold)
        else:
            amounts = [*row[2:], *[None] * (8 - len(row))]
            ws.write_row(r, 0, [*row[:2], *amounts])
            ws.write_formula(
                r, 8, f"=SUM(C{r + 1}:F{r + 1})", None, sum(a or 0 for a in amounts[:4])
            )
            for i, amount in enumerate(amounts):
                sums[i] += amount or 0
            sums[6] += sum(a or 0 for a in amounts[:4])
        r += 1
    ws.write(r, 0, "TOTAL", bold)
    for i, col in enumerate("CDEFGHI"):
        ws.write_formula(r, 2 + i, f"=SUM({col}3:{col}{r})", bold, sums[i])
    wb.close()
    return path


_BOB_OWNERS = Expected(
    # Q1 12 000 + 600 + 9 000 + 1 500; Q2 600 + 4 500 + 2 000 + 500 + 2 500 + 600; Q3 600 +
    # 3 000 + 4 500 + 1 500 + 2 000 + 500 + 600; Q4 600 + 4 500 + 2 000 + 2 500 + 500 + 600:
    # 57 200 € in all, the sample's figure.
    planned=(D(23100), D(10700), D(12700), D(10700)),
    actual=(D(12600 + 600 + 8700 + 1650), D(600 + 4300 + 1800 + 550 + 2900 + 600), D(0), D(0)),
    by_owner={
        "X": (D(12000 + 2400), D(12600 + 1200)),
        "Y": (D(12000 + 15000 + 3500), D(8700 + 1650 + 4300)),
        "Field sales team": (D(6500 + 1500), D(1800 + 550)),
        "B": (D(2500 + 1800), D(2900 + 600)),
    },
    by_objective={
        "O1": (FIND, D(2400 + 12000 + 15000 + 6500 + 1500 + 2500 + 1800), D(21700)),
        "O2": (TRAIN, D(12000), D(12600)),
        "O3": (RETAIN, D(3500), D(0)),
    },
    overruns=[
        ("Training Z and B in field sales techniques", "Q1", D(600)),
        ("Field prospecting tours", "Q1", D(150)),
        ("Social media relay of the tours", "Q2", D(50)),
        ("Contact capture on the website", "Q2", D(400)),
    ],
    problems=[("fiscal-year-assumed", "A1")],  # no dates: the year in the title
    actions=[
        ("Targeting the prospecting areas from the Lucie persona", ["O1"], "X"),
        ("Training Z and B in field sales techniques", ["O2"], "X"),
        ("KPI follow-up in the CRM and monthly team meeting", ["O1"], "X"),
        ("Prospecting materials", ["O1"], "Y"),
        ("Field prospecting tours", ["O1"], "Y"),
        ("New customers loyalty programme", ["O3"], "Y"),
        ("Events at the retailers of the prospected towns", ["O1"], "Field sales team"),
        ("Social media relay of the tours", ["O1"], "Field sales team"),
        ("Contact capture on the website", ["O1"], "B"),
        ("Follow-up e-mail sequence for the prospects met", ["O1"], "B"),
    ],
)


# --- Bob's plan with phase sections, in French (openpyxl, no merged cell) ----------------------
TROUVER = "Trouver 40 nouveaux clients grâce à la prospection terrain en 2023"
FORMER = "Former Z et B aux techniques de vente terrain"
FIDELISER = "Fidéliser les nouveaux clients (un ré-achat ou plus)"
PREPARE = "Phase 1 — Préparer l'opération"
PROSPECT = "Phase 2 — Prospecter"
ONLINE = "Phase 3 : prolonger la rencontre en ligne"
KEEP = "Phase : fidéliser"
_BOB_FR: list[Any] = [
    (PREPARE,),
    ("Ciblage des zones de prospection d'après le persona Lucie", TROUVER, "X"),
    ("Formation de Z et B aux techniques de vente terrain", FORMER, "X", 12000),
    ("Création des supports de prospection", TROUVER, "Y", 9000, None, 3000),
    ("Suivi des KPI dans le CRM et point d'équipe mensuel", TROUVER, "X", 600, 600, 600, 600),
    (PROSPECT,),
    ("Tournées de prospection terrain", TROUVER, "Y", 1500, 4500, 4500, 4500),
    ("Animations chez les distributeurs des villes prospectées", TROUVER, "Z", 0, 2000, 2000, 2500),
    (ONLINE,),
    ("Capture de contacts sur le site", TROUVER, "B", None, 2500),
    ("Séquence d'e-mails de relance des prospects rencontrés", TROUVER, "B", 0, 600, 600, 600),
    ("Relais des tournées sur les réseaux sociaux", TROUVER, "Z", 0, 500, 500, 500),
    (KEEP,),
    ("Programme de fidélisation des nouveaux clients", FIDELISER, "Y", None, None, 1500, 2000),
]


def phases_fr(folder: Path) -> Path:
    """Bob's plan, phases as section rows typed in the Action column (nothing merged)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan d'action"
    ws.append(["Plan d'action commercial Bob 2023"])
    ws.append(["Action", "Objectif", "Responsable", "T1", "T2", "T3", "T4"])
    for row in _BOB_FR:
        ws.append(list(row))
    path = folder / "phases.xlsx"
    wb.save(path)
    return path


_BOB_PHASES = Expected(
    planned=(D(23100), D(10700), D(12700), D(10700)),
    actual=(D(0), D(0), D(0), D(0)),
    by_owner={
        "X": (D(12000 + 2400), D(0)),
        "Y": (D(12000 + 15000 + 3500), D(0)),
        "Z": (D(6500 + 1500), D(0)),
        "B": (D(2500 + 1800), D(0)),
    },
    by_objective={
        "O1": (TROUVER, D(41700), D(0)),  # 57 200 - 12 000 - 3 500
        "O2": (FORMER, D(12000), D(0)),
        "O3": (FIDELISER, D(3500), D(0)),
    },
    overruns=[],
    problems=[("fiscal-year-assumed", "A1")],
    actions=[
        ("Ciblage des zones de prospection d'après le persona Lucie", ["O1"], "X"),
        ("Formation de Z et B aux techniques de vente terrain", ["O2"], "X"),
        ("Création des supports de prospection", ["O1"], "Y"),
        ("Suivi des KPI dans le CRM et point d'équipe mensuel", ["O1"], "X"),
        ("Tournées de prospection terrain", ["O1"], "Y"),
        ("Animations chez les distributeurs des villes prospectées", ["O1"], "Z"),
        ("Capture de contacts sur le site", ["O1"], "B"),
        ("Séquence d'e-mails de relance des prospects rencontrés", ["O1"], "B"),
        ("Relais des tournées sur les réseaux sociaux", ["O1"], "Z"),
        ("Programme de fidélisation des nouveaux clients", ["O3"], "Y"),
    ],
    phases={
        PREPARE: D(0 + 12000 + 12000 + 2400),
        PROSPECT: D(15000 + 6500),
        ONLINE: D(2500 + 1800 + 1500),
        KEEP: D(3500),
    },
)


# --- subtotals on section rows, right and wrong (xlsxwriter, formulas with their results) ------
def subtotals_fr(folder: Path) -> Path:
    """Three objective sections of Mimine's plan with =SUM subtotals (one typed, and wrong),
    a row of sums under the last section's actions, and a Total row."""
    path = folder / "sous-totaux.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Budget")
    bold = wb.add_format({"bold": True})
    ws.write(0, 0, "Budget marketing Mimine 2024", bold)
    ws.write_row(1, 0, ["Action", "Responsable", "T1", "T2", "T3", "T4", "Total"])

    def section(r: int, label: str) -> None:
        ws.merge_range(r, 0, r, 1, label, bold)

    def action(r: int, title: str, owner: str, amounts: list[int | None]) -> None:
        ws.write_row(r, 0, [title, owner, *amounts])
        ws.write_formula(r, 6, f"=SUM(C{r + 1}:F{r + 1})", None, sum(a or 0 for a in amounts))

    section(2, f"Objectif 1 — {CROWDFUNDING}")  # row 3
    ws.write_formula(2, 2, "=SUM(C4:C5)", bold, 1250)
    ws.write_formula(2, 6, "=SUM(G4:G5)", bold, 1250)
    action(3, "Vidéo de présentation", "Zoé", [800])
    action(4, "Photos de présentation des produits", "Zoé", [450])
    section(5, f"Objectif 2 — {CHANNELS}")  # row 6
    ws.write_formula(5, 3, "=SUM(D7)", bold, 2500)
    ws.write_formula(5, 4, "=SUM(E7)", bold, 7500)
    action(6, "Création de la boutique en ligne mimine.fr", "Arnaud", [None, 2500, 7500])
    section(7, f"Objectif 3 — {LOYALTY}")  # row 8
    ws.write(7, 5, 700, bold)  # typed, and wrong: 199 + 600 = 799
    ws.write_formula(7, 6, "=SUM(G9:G10)", bold, 879)
    action(8, "Newsletter", "Arnaud", [0, 30, 50, 199])
    action(9, "Logiciel de gestion de la relation client", "Arnaud", [None, None, None, 600])
    for i, (col, value) in enumerate(zip("CDEFG", (0, 30, 50, 799, 879), strict=True)):
        ws.write_formula(10, 2 + i, f"=SUM({col}9:{col}10)", None, value)  # row 11: no label
    ws.write(11, 0, "Total", bold)  # row 12
    for i, (col, value) in enumerate(zip("CDEFG", (1250, 2530, 7550, 799, 12129), strict=True)):
        ws.write_formula(11, 2 + i, f"={col}4+{col}5+{col}7+{col}9+{col}10", bold, value)
    wb.close()
    return path


def subtotals_fr_libreoffice(folder: Path) -> Path:
    """`subtotals_fr` re-saved by LibreOffice: the formulas recomputed, the typed 700 kept."""
    return recalculate(subtotals_fr(folder), folder / "lo")


_SUBTOTALS = Expected(
    planned=(D(1250), D(2500 + 30), D(7500 + 50), D(199 + 600)),  # 12 129 € in all
    actual=(D(0), D(0), D(0), D(0)),
    by_owner={"Zoé": (D(1250), D(0)), "Arnaud": (D(10000 + 279 + 600), D(0))},
    by_objective={
        "O1": (CROWDFUNDING, D(1250), D(0)),
        "O2": (CHANNELS, D(10000), D(0)),
        "O3": (LOYALTY, D(879), D(0)),
    },
    overruns=[],
    problems=[("subtotal-mismatch", "F8"), ("fiscal-year-assumed", "A1")],
    actions=[
        ("Vidéo de présentation", ["O1"], "Zoé"),
        ("Photos de présentation des produits", ["O1"], "Zoé"),
        ("Création de la boutique en ligne mimine.fr", ["O2"], "Arnaud"),
        ("Newsletter", ["O3"], "Arnaud"),
        ("Logiciel de gestion de la relation client", ["O3"], "Arnaud"),
    ],
)


# --- an Objectif and a Responsable column under sections (openpyxl, nothing merged) ------------
def mixed_fr(folder: Path) -> Path:
    """Axis and owner sections above rows that sometimes name their own objective or owner:
    the row's cell wins; a warning at the section names the cells that differ from it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S2"
    ws.append(["Plan marketing Mimine 2024 — second semestre"])
    ws.append(["Action", "Objectif", "Responsable", "Budget T1", "Budget T2", "Budget T3"])
    ws["G2"], ws["H2"], ws["I2"] = "Budget T4", "Réel T1", "Réel T2"
    rows: list[tuple[Any, ...]] = [
        (f"Axe 1 : {AWARENESS}",),  # row 3
        ("Responsable : Zoé",),  # row 4: within the axis
        ("Animation de communauté",),  # row 5
        ("Tutos de couture (marketing de contenu)", AWARENESS),  # row 6: the same, said again
        ("Publireportage dans elle.com", None, None, None, None, None, 4000),  # row 7
        ("Newsletter", LOYALTY, "Arnaud", 0, 30, 50, 199, 0, 30),  # row 8: its own, kept
        (f"Axe 2 : {LOYALTY}",),  # row 9: ends the axis 1 and the owner section within it
        ("Logiciel de gestion de la relation client (CRM)", None, "Arnaud", None, None, None, 600),
        ("Responsable : Arnaud",),  # row 11
        ("Jeu-concours Instagram", None, None, None, 150, None, None, None, 180),  # row 12
    ]
    for row in rows:
        ws.append(list(row))
    path = folder / "mixte.xlsx"
    wb.save(path)
    return path


_MIXED = Expected(
    planned=(D(0), D(30 + 150), D(50), D(4000 + 199 + 600)),
    actual=(D(0), D(30 + 180), D(0), D(0)),
    by_owner={"Zoé": (D(4000), D(0)), "Arnaud": (D(279 + 600 + 150), D(30 + 180))},
    by_objective={"O1": (AWARENESS, D(4000), D(0)), "O2": (LOYALTY, D(1029), D(210))},
    overruns=[("Jeu-concours Instagram", "Q2", D(30))],  # 180 spent for 150 (invented)
    problems=[
        ("section-overridden", "A3"),  # the newsletter's objective, B8
        ("section-overridden", "A4"),  # the newsletter's owner, C8
        ("fiscal-year-assumed", "A1"),
    ],
    actions=[
        ("Animation de communauté", ["O1"], "Zoé"),
        ("Tutos de couture (marketing de contenu)", ["O1"], "Zoé"),
        ("Publireportage dans elle.com", ["O1"], "Zoé"),
        ("Newsletter", ["O2"], "Arnaud"),
        ("Logiciel de gestion de la relation client (CRM)", ["O2"], "Arnaud"),
        ("Jeu-concours Instagram", ["O2"], "Arnaud"),
    ],
)


# --- labels that name no section, an empty section, a number given twice (openpyxl) -----------
def lone_labels_fr(folder: Path) -> Path:
    """A merged heading that names nothing xlplan knows, a section with no action, two
    sections numbered 3, a text alone in the Objectif column, a section label merged over two
    rows, and a note on the Total row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws.append(["Plan Mimine 2024"])
    ws.append(["Action", "Objectif", "Responsable", "T1", "T2", "T3", "T4"])
    rows: list[tuple[Any, ...]] = [
        (f"Objectif 1 — {CROWDFUNDING}",),  # row 3, merged A:C
        ("Vidéo de présentation", None, "Zoé", 800),
        ("Actions non payantes",),  # row 5, merged A:G: names nothing
        ("Campagne de crowdfunding", None, "Arnaud"),  # still under the objective 1
        (f"Objectif 2 — {CHANNELS}",),  # row 7: no action under it
        (f"Objectif 3 — {CUSTOMERS}",),  # row 8
        ("Boost des ventes sur Etsy", None, "Arnaud", None, 500),
        (f"Objectif 3 — {AWARENESS}",),  # row 10: the number 3 again
        ("Publicité en ligne", None, "Arnaud", None, None, 6000, 4000),
        (None, "Notoriété et fidélisation"),  # row 12: alone in the Objectif column
        ("Newsletter", None, "Arnaud", 0, 30, 50, 199),
        (f"Objectif 5 — {LOYALTY}",),  # row 14, merged down over row 15 too
        (),
        ("Logiciel de gestion de la relation client", None, "Arnaud", None, None, None, 600),
        ("Total", "hors taxes", None, 800, 500 + 30, 6000 + 50, 4000 + 199 + 600),  # row 17
    ]
    for row in rows:
        ws.append(list(row))
    for r in (3, 7, 8, 10):
        ws.merge_cells(f"A{r}:C{r}")
    ws.merge_cells("A5:G5")
    ws.merge_cells("A14:C15")
    path = folder / "libelles.xlsx"
    wb.save(path)
    return path


_LONE = Expected(
    planned=(D(800), D(500 + 30), D(6000 + 50), D(4000 + 199 + 600)),
    actual=(D(0), D(0), D(0), D(0)),
    by_owner={"Zoé": (D(800), D(0)), "Arnaud": (D(500 + 10000 + 279 + 600), D(0))},
    by_objective={
        "O1": (CROWDFUNDING, D(800), D(0)),
        "O2": (CHANNELS, D(0), D(0)),
        "O3": (CUSTOMERS, D(500), D(0)),
        "O4": (AWARENESS, D(10279), D(0)),  # the second "Objectif 3": the first free number
        "O5": (LOYALTY, D(600), D(0)),
    },
    overruns=[],
    problems=[
        ("section-unrecognised", "A5"),
        ("section-empty", "A7"),
        ("row-without-action", "A12"),
        ("total-row-value", "B17"),  # "hors taxes"
        ("id-duplicate", "A10"),
        ("fiscal-year-assumed", "A1"),
    ],
    actions=[
        ("Vidéo de présentation", ["O1"], "Zoé"),
        ("Campagne de crowdfunding", ["O1"], "Arnaud"),
        ("Boost des ventes sur Etsy", ["O3"], "Arnaud"),
        ("Publicité en ligne", ["O4"], "Arnaud"),
        ("Newsletter", ["O4"], "Arnaud"),
        ("Logiciel de gestion de la relation client", ["O5"], "Arnaud"),
    ],
)


FIXTURES: dict[str, Callable[[Path], Path]] = {
    "objectives_fr": objectives_fr,
    "objectives_fr_libreoffice": objectives_fr_libreoffice,
    "owners_en": owners_en,
    "phases_fr": phases_fr,
    "subtotals_fr": subtotals_fr,
    "subtotals_fr_libreoffice": subtotals_fr_libreoffice,
    "mixed_fr": mixed_fr,
    "lone_labels_fr": lone_labels_fr,
}
EXPECTED: dict[str, Expected] = {
    "objectives_fr": _MIMINE,
    "objectives_fr_libreoffice": _MIMINE,
    "owners_en": _BOB_OWNERS,
    "phases_fr": _BOB_PHASES,
    "subtotals_fr": _SUBTOTALS,
    "subtotals_fr_libreoffice": _SUBTOTALS,
    "mixed_fr": _MIXED,
    "lone_labels_fr": _LONE,
}
