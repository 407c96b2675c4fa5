"""Fixtures for issue #17, item 6: the other sheets people keep beside a hand-made plan table — a
KPI list and an owners list — built in code as a person would lay them out.

`FIXTURES` maps a name to a builder writing an ``.xlsx`` into a folder and returning its path;
`EXPECTED` holds, per fixture, the figures worked out by hand below (KPIs in plan order with
their gaps on `AS_OF`, owners, each action's KPIs and owner, the problems as (code, sheet,
cell)). `SAVED_BY_LIBREOFFICE` names the fixtures a test also reads re-saved by LibreOffice.

The KPIs are those of seed 002 (Bob's "plan d'action commercial": the ten KPI names of the
article, baselines and targets of ``samples/bob.yaml``, invented actuals), Mimine's (seed 001,
in English) and a shop's monthly follow-up. KPI values are in the units people show: a cell
formatted ``0 %`` holding 0.02 is 2 (percentage points, unit "%").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import openpyxl
import xlsxwriter
from openpyxl.styles import Alignment

D = Decimal
APOS = "\u2019"  # the article's apostrophe (Nombre d’abonnés)


@dataclass(frozen=True)
class Gap:
    """One KPI as the report gives it, worked out by hand."""

    kpi: str
    name: str
    objective: str
    unit: str
    direction: str
    baseline: Decimal | None
    target: Decimal | None
    actual: list[Decimal | None]  # Q1 … Q4
    gap: float | None
    attainment_pct: float | None
    status: str


@dataclass(frozen=True)
class Expected:
    as_of: dt.date
    kpis: list[Gap]
    action_kpis: dict[str, list[str]]  # action title -> KPI ids
    owners: list[tuple[str, str, str, str | None]] = field(default_factory=list)
    action_owners: dict[str, str] = field(default_factory=dict)
    objectives: list[str] = field(default_factory=list)  # titles, in id order O1, O2…
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (code, sheet, cell)
    list_sheets: tuple[str, ...] = ()
    budgets: dict[str, list[Decimal]] = field(default_factory=dict)  # action -> Q1 … Q4 planned


def _pct(part: Decimal, whole: Decimal) -> float:
    return float(part) / float(whole) * 100


# --- 1. Seed 002's KPI table in French (openpyxl) -------------------------------------------------
BOB_PLAN = "Plan d'action"
BOB_KPIS = "Indicateurs"
O_TRAIN = "Former Z et B aux techniques de vente terrain"
O_FIND = "Trouver 40 nouveaux clients"
O_KEEP = "Fidéliser les nouveaux clients"
O_CAC = "Rentabiliser la prospection"  # only in the KPI list: a new objective
DISCUSSIONS = "Nombre de discussions avec des prospects de chacun des commerciaux"
SITE_GROWTH = f"Pourcentage d{APOS}augmentation des achats sur le site internet"
CONVERSION = "Pourcentage de conversion du site Internet"
CLICKS = "Taux de clics dans les e-mails"
NEW_CLIENTS = "Nombre de nouveaux clients"
CAC = f"Coût d{APOS}acquisition client (CAC)"
LOYAL = "Nombre de clients fidélisés avec un ré achat ou plus"


def bob_fr(folder: Path) -> Path:
    """The plan table names the KPIs as people retype them (case, accents, apostrophes); one
    ("Taux de clics dans les emails") is not the list's spelling. The KPI list has a title
    row, a blank row, a *Fréquence* column the plan has no field for, percentages typed as text
    (``1,2 %``) and as numbers formatted ``0 %``, and a KPI whose target is below its start."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = BOB_PLAN
    ws["A1"] = "Plan d'action commercial Bob 2023"
    ws.append(["Action", "Objectif", "KPI", "Responsable", "T1", "T2", "T3", "T4"])
    for row in (
        (
            "Formation de Z et B aux techniques de vente terrain",
            O_TRAIN,
            f"{DISCUSSIONS.lower()}; Nombre de nouveaux clients",
            "X",
            12000,
        ),
        (
            "Tournées de prospection terrain",
            O_FIND,
            "NOMBRE DE NOUVEAUX CLIENTS ; Coût d'acquisition client (CAC)",
            "Y",
            1500,
            4500,
            4500,
            4500,
        ),
        (
            "Capture de contacts sur le site",
            O_FIND,
            "Pourcentage d'augmentation des achats sur le site internet, Pourcentage de "
            "conversion du site internet",
            "B",
            0,
            2500,
        ),
        ("Séquence d'e-mails de relance", O_KEEP, "Taux de clics dans les emails", "B", 0, 600),
        (
            "Programme de fidélisation",
            O_KEEP,
            "Nombre de clients fidelises avec un re achat ou plus",
            "Y",
            0,
            0,
            1500,
            2000,
        ),
    ):
        ws.append(list(row))
    kpis = wb.create_sheet(BOB_KPIS)
    kpis["A1"] = "Suivi des indicateurs 2023"
    kpis.append([])
    kpis.append(
        [
            "Indicateur",
            "Objectif",
            "Unité",
            "Valeur de départ",
            "Cible",
            "T1",
            "T2",
            "T3",
            "T4",
            "Fréquence",
        ]
    )
    rows: list[list[object]] = [
        [DISCUSSIONS, O_FIND, "discussions", 0, 300, 40, 110, None, None, "Mensuelle"],
        [SITE_GROWTH, O_FIND, "%", 0, 15, 3, 6, None, None, "Trimestrielle"],
        [CONVERSION, O_FIND, None, "1,2 %", "1,8 %", "1,5 %", None, None, None, "Mensuelle"],
        [CLICKS, O_KEEP, None, 0.02, 0.04, 0.03, None, None, None, "Mensuelle"],
        [NEW_CLIENTS, O_FIND.lower(), "clients", 0, 40, 6, 15, None, None, "Mensuelle"],
        [CAC, O_CAC, "€", 150, 100, 140, 120, None, None, "Trimestrielle"],
        [LOYAL, O_KEEP, "clients", 0, 15, None, None, None, None, "Trimestrielle"],
    ]
    for row in rows:
        kpis.append(row)
    for col in "DEF":
        kpis[f"{col}7"].number_format = "0%"
    path = folder / "bob-kpi-fr.xlsx"
    wb.save(path)
    return path


BOB_AS_OF = dt.date(2023, 6, 30)
BOB_ELAPSED = 181 / 365  # 1 January … 30 June 2023, counted inclusively: 181 days of 365
# fmt: off
BOB = Expected(
    as_of=BOB_AS_OF,
    objectives=[O_TRAIN, O_FIND, O_KEEP, O_CAC],
    kpis=[
        # 110 of 300 from 0: 36.7 %, under the 49.6 % of the year elapsed
        Gap("K1", DISCUSSIONS, "O2", "discussions", "higher", D(0), D(300),
            [D(40), D(110), None, None], 190, _pct(D(110), D(300)), "behind"),
        # 6 of 15 points from 0: 40 %
        Gap("K2", SITE_GROWTH, "O2", "%", "higher", D(0), D(15),
            [D(3), D(6), None, None], 9, 40.0, "behind"),
        # 1,2 % → 1,8 %, at 1,5 %: half way (0,3 of 0,6)
        Gap("K3", CONVERSION, "O2", "%", "higher", D("1.2"), D("1.8"),
            [D("1.5"), None, None, None], 0.3, 50.0, "on_track"),
        # 2 % → 4 %, at 3 % (cells formatted 0 %): half way
        Gap("K4", CLICKS, "O3", "%", "higher", D(2), D(4),
            [D(3), None, None, None], 1, 50.0, "on_track"),
        # 15 of 40 new clients: 37.5 %
        Gap("K5", NEW_CLIENTS, "O2", "clients", "higher", D(0), D(40),
            [D(6), D(15), None, None], 25, 37.5, "behind"),
        # a cost to bring down from 150 € to 100 €, at 120 €: 30 of 50, 60 %; 20 € to go
        Gap("K6", CAC, "O4", "€", "lower", D(150), D(100),
            [D(140), D(120), None, None], 20, 60.0, "on_track"),
        Gap("K7", LOYAL, "O3", "clients", "higher", D(0), D(15),
            [None, None, None, None], None, None, ""),
        # named by an action only: no figures
        Gap("K8", "Taux de clics dans les emails", "O3", "", "higher", None, None,
            [None, None, None, None], None, None, ""),
    ],
    action_kpis={
        "Formation de Z et B aux techniques de vente terrain": ["K1", "K5"],
        "Tournées de prospection terrain": ["K5", "K6"],
        "Capture de contacts sur le site": ["K2", "K3"],
        "Séquence d'e-mails de relance": ["K8"],
        "Programme de fidélisation": ["K7"],
    },
    owners=[("X", "", "", None), ("Y", "", "", None), ("B", "", "", None)],
    action_owners={},
    problems=[
        ("fiscal-year-assumed", BOB_PLAN, "A1"),
        ("list-cell-ignored", BOB_KPIS, "A1"),  # the title
        ("list-cell-ignored", BOB_KPIS, "J3"),  # Fréquence, J4:J10
        ("kpi-unlisted", BOB_PLAN, "C6"),  # Taux de clics dans les emails
    ],
    list_sheets=(BOB_KPIS,),
    budgets={
        "Formation de Z et B aux techniques de vente terrain": [D(12000), D(0), D(0), D(0)],
        "Tournées de prospection terrain": [D(1500), D(4500), D(4500), D(4500)],
        "Capture de contacts sur le site": [D(0), D(2500), D(0), D(0)],
        "Séquence d'e-mails de relance": [D(0), D(600), D(0), D(0)],
        "Programme de fidélisation": [D(0), D(0), D(1500), D(2000)],
    },
)
# fmt: on


# --- 2. Mimine in English: an owners list and a KPI list (xlsxwriter) ----------------------------
MIMINE_PLAN = "Action plan"
MIMINE_PEOPLE = "Sheet3"  # (found by its headers, not by its name)
MIMINE_KPIS = "Metrics"


def mimine_en(folder: Path) -> Path:
    """Owners typed in the plan table in any case and without accents; one ("Leah") is not in
    the owners list. The owners list has an email and a phone column (one contact); the KPI list
    a direction column (an arrow, a word), percentages formatted ``0.0 %`` and typed as text."""
    path = folder / "mimine-lists-en.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(MIMINE_PLAN)
    ws.write_row(0, 0, ["Mimine marketing plan 2024"])
    ws.write_row(
        1,
        0,
        ["Action", "Objective", "KPI", "Owner", "Q1 budget", "Q2 budget", "Q3 budget", "Q4 budget"],
    )
    for r, row in enumerate(
        [
            [
                "Presentation video and photos",
                "Raise 5,000 € in crowdfunding",
                "Amount raised",
                "zoe",
                1250,
            ],
            ["Etsy sales boost", "Open sales channels", "Conversion rate", "Arnaud", 0, 500],
            [
                "Online shop mimine.fr",
                "Open sales channels",
                "conversion rate; average basket",
                "ARNAUD",
                0,
                2500,
                7500,
            ],
            ["Newsletter", "Loyalty", "Open rate", "Leah", 0, 30, 50, 199],
        ],
        start=2,
    ):
        ws.write_row(r, 0, row)
    people = wb.add_worksheet(MIMINE_PEOPLE)
    people.write_row(0, 0, ["Name", "Role", "Email", "Phone", "Team"])
    people.write_row(
        1, 0, ["Zoé", "Founder, designer", "zoe@mimine.fr", "+33 6 12 34 56 78", "Studio"]
    )
    people.write_row(2, 0, ["Arnaud", "Co-founder, sales", "arnaud@mimine.fr", None, "Sales"])
    people.write_row(3, 0, ["Léa", "Community manager", "lea@example.com", None, "Marketing"])
    metrics = wb.add_worksheet(MIMINE_KPIS)
    pct = wb.add_format({"num_format": "0.0%"})
    metrics.write_row(
        0,
        0,
        [
            "KPI",
            "Unit",
            "Direction",
            "Baseline",
            "Target",
            "Q1 actual",
            "Q2 actual",
            "Q3 actual",
            "Q4 actual",
        ],
    )
    metrics.write_row(1, 0, ["Amount raised", "€", "↑", 0, 5000, 3200, 5400])
    metrics.write_row(2, 0, ["Conversion rate", "%", "higher"])
    metrics.write_row(2, 3, [0.01, 0.025, 0.012, 0.018], pct)
    metrics.write_row(3, 0, ["Average basket", "€", None, 35, 45, 38])
    metrics.write_row(4, 0, ["Open rate", None, None, "25 %", "35 %", "31 %", "29 %"])
    metrics.write_row(5, 0, ["Unsubscribe rate", "%", "lower"])
    metrics.write_row(5, 3, [0.02, 0.01, 0.015], pct)
    wb.close()
    return path


# fmt: off
MIMINE = Expected(
    as_of=dt.date(2024, 6, 30),  # 182 days of 366 elapsed: 49.7 %
    objectives=["Raise 5,000 € in crowdfunding", "Open sales channels", "Loyalty"],
    kpis=[
        # 5 400 € raised of 5 000 €: 108 %, 400 € past the target
        Gap("K1", "Amount raised", "O1", "€", "higher", D(0), D(5000),
            [D(3200), D(5400), None, None], -400, 108.0, "achieved"),
        # 1 % → 2,5 %, at 1,8 %: 0,8 of 1,5
        Gap("K2", "Conversion rate", "O2", "%", "higher", D(1), D("2.5"),
            [D("1.2"), D("1.8"), None, None], 0.7, 0.8 / 1.5 * 100, "on_track"),
        # 35 € → 45 €, at 38 €: 3 of 10
        Gap("K3", "Average basket", "O2", "€", "higher", D(35), D(45),
            [D(38), None, None, None], 7, 30.0, "behind"),
        # 25 % → 35 %, at 29 % (Q2, the latest): 4 of 10
        Gap("K4", "Open rate", "O3", "%", "higher", D(25), D(35),
            [D(31), D(29), None, None], 6, 40.0, "behind"),
        # lower is better: 2 % → 1 %, at 1,5 %: half way, 0,5 point to go
        Gap("K5", "Unsubscribe rate", "", "%", "lower", D(2), D(1),
            [D("1.5"), None, None, None], 0.5, 50.0, "on_track"),
    ],
    action_kpis={
        "Presentation video and photos": ["K1"],
        "Etsy sales boost": ["K2"],
        "Online shop mimine.fr": ["K2", "K3"],
        "Newsletter": ["K4"],
    },
    owners=[
        ("Zoé", "Founder, designer", "zoe@mimine.fr, +33 6 12 34 56 78", "Studio"),
        ("Arnaud", "Co-founder, sales", "arnaud@mimine.fr", "Sales"),
        ("Léa", "Community manager", "lea@example.com", "Marketing"),
        ("Leah", "", "", None),
    ],
    action_owners={
        "Presentation video and photos": "Zoé",
        "Etsy sales boost": "Arnaud",
        "Online shop mimine.fr": "Arnaud",
        "Newsletter": "Leah",
    },
    problems=[
        ("fiscal-year-assumed", MIMINE_PLAN, "A1"),
        ("owner-unlisted", MIMINE_PLAN, "D6"),  # Leah (closest: Léa)
    ],
    list_sheets=(MIMINE_PEOPLE, MIMINE_KPIS),
    budgets={
        "Presentation video and photos": [D(1250), D(0), D(0), D(0)],
        "Etsy sales boost": [D(0), D(500), D(0), D(0)],
        "Online shop mimine.fr": [D(0), D(2500), D(7500), D(0)],
        "Newsletter": [D(0), D(30), D(50), D(199)],
    },
)
# fmt: on


# --- 3. KPI actuals by month, under a two-row header (openpyxl) ----------------------------------
SHOP_PLAN = "Plan"
SHOP_KPIS = "Suivi mensuel"
MONTHS_FR = [
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
]
TURNOVER = "Chiffre d'affaires mensuel"


def shop_months(folder: Path) -> Path:
    """*Réalisé* merged over twelve month columns (``janv.`` … ``déc.``), the name, start and
    target columns merged over the two header rows; a quarter takes its last month measured."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHOP_PLAN
    ws["A1"] = "Plan d'action boutique 2025"
    ws.append(["Action", "KPI", "Responsable", "Budget T1", "Budget T2", "Budget T3", "Budget T4"])
    ws.append(["Soldes d'hiver", f"Chiffre d{APOS}affaires mensuel", "Inès", 800])
    ws.append(["Site : tunnel de commande", "taux de conversion ; Panier moyen", "Inès", 0, 1200])
    kpis = wb.create_sheet(SHOP_KPIS)
    kpis.append(["Indicateur", "Valeur de départ", "Cible", "Réalisé"])
    kpis.append([None, None, None, *MONTHS_FR])
    for col in "ABC":
        kpis.merge_cells(f"{col}1:{col}2")
    kpis.merge_cells("D1:O1")
    kpis["D1"].alignment = Alignment(horizontal="center")
    kpis.append([TURNOVER, 8000, 12000, 8200, 8500, 9100, 9800, 10400])
    kpis.append(["Taux de conversion", "2 %", "3 %", "2,1 %", "2,4 %", "2,2 %", "2,6 %"])
    kpis.append(["Panier moyen", 45, 50, 46, None, None, 44, None, None, 52])
    path = folder / "shop-kpi-months.xlsx"
    wb.save(path)
    return path


# fmt: off
SHOP = Expected(
    as_of=dt.date(2025, 9, 30),  # 273 days of 365 elapsed: 74.8 %
    kpis=[
        # Q1 = March 9 100, Q2 = May 10 400 (June not measured): 2 400 of 4 000
        Gap("K1", TURNOVER, "", "", "higher", D(8000), D(12000),
            [D(9100), D(10400), None, None], 1600, 60.0, "behind"),
        # Q1 = March 2,2 %, Q2 = April 2,6 %: 0,6 of 1
        Gap("K2", "Taux de conversion", "", "%", "higher", D(2), D(3),
            [D("2.2"), D("2.6"), None, None], 0.4, 60.0, "behind"),
        # Q1 = January 46, Q2 = April 44, Q3 = July 52: 7 of 5, past the target
        Gap("K3", "Panier moyen", "", "", "higher", D(45), D(50),
            [D(46), D(44), D(52), None], -2, 140.0, "achieved"),
    ],
    action_kpis={"Soldes d'hiver": ["K1"], "Site : tunnel de commande": ["K2", "K3"]},
    owners=[("Inès", "", "", None)],
    problems=[("fiscal-year-assumed", SHOP_PLAN, "A1")],
    list_sheets=(SHOP_KPIS,),
    budgets={
        "Soldes d'hiver": [D(800), D(0), D(0), D(0)],
        "Site : tunnel de commande": [D(0), D(1200), D(0), D(0)],
    },
)
# fmt: on


# --- 4. A KPI sheet with bad cells (xlsxwriter) --------------------------------------------------
BAD_PLAN = "Actions"
BAD_KPIS = "KPI"


def bad_cells(folder: Path) -> Path:
    """Text in a number cell, error values (a measure, a name), a row without a name, an ID
    given twice, a name listed twice, a comment column; the plan table names a KPI by its ID
    and one not listed."""
    path = folder / "kpi-bad-cells.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(BAD_PLAN)
    ws.write_row(0, 0, ["Action", "KPI", "Responsable", "Budget T1", "Budget T2"])
    ws.write_row(1, 0, ["Prospection terrain", "k1", "Yves", 1500, 4500])
    ws.write_row(2, 0, ["Relance des devis", "Panier moyen", "Yves", 0, 300])
    ws.write_row(3, 0, ["Salon bio", "Nombre de leads", "Zora", 2000])
    ws.write_datetime(1, 5, dt.datetime(2024, 2, 1), wb.add_format({"num_format": "dd/mm/yyyy"}))
    ws.write(0, 5, "Début")
    kpis = wb.add_worksheet(BAD_KPIS)
    kpis.write_row(0, 0, ["ID", "KPI", "Valeur de départ", "Cible", "T1", "T2", "Commentaire"])
    kpis.write_row(1, 0, ["K1", NEW_CLIENTS, 0, 40, "environ 10", 14, "source : CRM"])
    kpis.write_row(2, 0, ["K2", "Panier moyen", 45, "50 €"])
    kpis.write_formula(2, 4, "=1/0", None, "#DIV/0!")
    kpis.write(2, 5, 47)
    kpis.write_row(3, 2, [10, 20])
    kpis.write_row(4, 0, ["K2", "Taux de clics", 2, 4, 3])
    kpis.write_row(5, 0, ["K4", "panier moyen", 40, 60])
    kpis.write_formula(6, 1, "=NA()", None, "#N/A")  # a name that is an error value
    kpis.write_row(6, 2, [5, 8])
    wb.close()
    return path


# fmt: off
BAD = Expected(
    as_of=dt.date(2024, 6, 30),  # 182 days of 366: 49.7 %
    kpis=[
        # E2 unreadable: Q1 unknown, Q2 14 of 40
        Gap("K1", NEW_CLIENTS, "", "", "higher", D(0), D(40),
            [None, D(14), None, None], 26, 35.0, "behind"),
        # E3 #DIV/0!: Q2 47 on 45 → 50: 2 of 5
        Gap("K2", "Panier moyen", "", "", "higher", D(45), D(50),
            [None, D(47), None, None], 3, 40.0, "behind"),
        # its ID K2 is taken: a new one, past K1 and K2
        Gap("K3", "Taux de clics", "", "", "higher", D(2), D(4),
            [D(3), None, None, None], 1, 50.0, "on_track"),
        Gap("K4", "Nombre de leads", "", "", "higher", None, None,
            [None, None, None, None], None, None, ""),
    ],
    action_kpis={
        "Prospection terrain": ["K1"],
        "Relance des devis": ["K2"],
        "Salon bio": ["K4"],
    },
    owners=[("Yves", "", "", None), ("Zora", "", "", None)],
    problems=[
        ("fiscal-year-assumed", BAD_PLAN, "F2"),
        ("cell-unreadable", BAD_KPIS, "E2"),  # environ 10
        ("error-value", BAD_KPIS, "E3"),  # #DIV/0!
        ("row-without-name", BAD_KPIS, "B4"),
        ("error-value", BAD_KPIS, "B7"),  # #N/A as a name
        ("row-without-name", BAD_KPIS, "B7"),  # its values, C7 5 and D7 8, not imported
        ("list-cell-ignored", BAD_KPIS, "G1"),  # Commentaire, G2:G2
        ("id-duplicate", BAD_KPIS, "B6"),  # panier moyen, listed twice
        ("id-duplicate", BAD_KPIS, "A5"),  # K2 given twice
        ("kpi-unlisted", BAD_PLAN, "B4"),  # Nombre de leads (no close name)
    ],
    list_sheets=(BAD_KPIS,),
    budgets={
        "Prospection terrain": [D(1500), D(4500), D(0), D(0)],
        "Relance des devis": [D(0), D(300), D(0), D(0)],
        "Salon bio": [D(2000), D(0), D(0), D(0)],
    },
)
# fmt: on

# --- 5. Monthly actuals under date header cells, in English (xlsxwriter) -------------------------
WEB_PLAN = "Plan"
WEB_KPIS = "Data"  # (found by its headers)


def webshop_months(folder: Path) -> Path:
    """Month columns whose headers are real dates shown ``mmm-yy``; percentages formatted
    ``0 %``; a rate to bring down (its target below its start, no direction column)."""
    path = folder / "webshop-months-en.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(WEB_PLAN)
    ws.write_row(0, 0, ["Webshop plan 2025"])
    ws.write_row(1, 0, ["Task", "KPI", "Owner", "Budget Q1", "Budget Q2"])
    ws.write_row(2, 0, ["Spring sale", "monthly revenue", "Sam", 1500, 500])
    ws.write_row(3, 0, ["Checkout redesign", "Cart abandonment", "Sam", 0, 4000])
    data = wb.add_worksheet(WEB_KPIS)
    month = wb.add_format({"num_format": "mmm-yy"})
    pct = wb.add_format({"num_format": "0%"})
    data.write_row(0, 0, ["Metric", "Unit", "Baseline", "Target"])
    for i in range(6):
        data.write_datetime(0, 4 + i, dt.datetime(2025, i + 1, 1), month)
    data.write_row(1, 0, ["Monthly revenue", "€", 20000, 30000, 21000, 22500, 24000, 24500])
    data.write_row(2, 0, ["Cart abandonment"])
    data.write_row(2, 2, [0.7, 0.6, 0.68, 0.66, 0.65, 0.64, 0.62], pct)
    wb.close()
    return path


# fmt: off
WEB = Expected(
    as_of=dt.date(2025, 6, 30),  # 181 days of 365: 49.6 %
    kpis=[
        # Q1 = March 24 000, Q2 = April 24 500 (May, June not measured): 4 500 of 10 000
        Gap("K1", "Monthly revenue", "", "€", "higher", D(20000), D(30000),
            [D(24000), D(24500), None, None], 5500, 45.0, "behind"),
        # 70 % → 60 %, lower is better: Q1 = March 65, Q2 = May 62: 8 of 10 points, 2 to go
        Gap("K2", "Cart abandonment", "", "%", "lower", D(70), D(60),
            [D(65), D(62), None, None], 2, 80.0, "on_track"),
    ],
    action_kpis={"Spring sale": ["K1"], "Checkout redesign": ["K2"]},
    owners=[("Sam", "", "", None)],
    problems=[("fiscal-year-assumed", WEB_PLAN, "A1")],
    list_sheets=(WEB_KPIS,),
    budgets={
        "Spring sale": [D(1500), D(500), D(0), D(0)],
        "Checkout redesign": [D(0), D(4000), D(0), D(0)],
    },
)
# fmt: on

FIXTURES: dict[str, Callable[[Path], Path]] = {
    "bob_fr": bob_fr,
    "mimine_en": mimine_en,
    "shop_months": shop_months,
    "bad_cells": bad_cells,
    "webshop_months": webshop_months,
}
EXPECTED: dict[str, Expected] = {
    "bob_fr": BOB,
    "mimine_en": MIMINE,
    "shop_months": SHOP,
    "bad_cells": BAD,
    "webshop_months": WEB,
}
SAVED_BY_LIBREOFFICE = ("bob_fr", "mimine_en", "webshop_months")
