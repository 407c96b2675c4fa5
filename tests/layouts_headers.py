"""Hand-made plan tables laid out by their columns as people lay them out (issue #17): headers over
two rows under merged (or merely typed) group words, month columns by name, by date cell or by
number, a fiscal year starting in April, amounts in k€, and semesters (refused).

`FIXTURES` maps a name to a builder writing the workbook into a folder; `EXPECTED` holds, per
fixture, the figures worked out by hand below from the seeds' worked examples:

* Mimine (seed 001, ``samples/mimine.yaml``): video 800 € and photos 450 € in Q1 (the article's
  1 250 €), the Etsy boost 500 € in Q2, the mimine.fr shop 10 000 € (2 500 € deposit in Q2,
  7 500 € on delivery in Q3), the newsletter 0 / 30 / 50 / 199 €, online ads 6 000 € in Q3 and
  4 000 € in Q4 (invented in the sample). Spent (invented in the sample): video 880 € (80 € over),
  photos 450 €, Etsy 460 €, shop 2 500 €, newsletter 0 € then 30 €.
* Bob (seed 002, ``samples/bob.yaml``): the field sales plan's budgets per quarter; spent in Q1
  invented here: training 12 500 € (500 € over), materials 8 700 €, CRM follow-up 600 €,
  prospecting rounds 1 650 € (150 € over).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import openpyxl
import xlsxwriter

D = Decimal
Q = tuple[Decimal, Decimal, Decimal, Decimal]


@dataclass(frozen=True)
class Expected:
    """What reading a fixture must give, worked out by hand."""

    planned: Q  # per quarter, all actions
    actual: Q
    owners: dict[str, tuple[Decimal, Decimal]]  # owner -> (planned, actual)
    objectives: dict[str, Decimal]  # main objective's title -> planned
    overruns: dict[tuple[str, str], Decimal]  # (action, quarter) -> spent over the plan
    problems: list[tuple[str, str, str]]  # (code, severity, cell), in order
    fiscal_year_start: dt.date
    months: dict[str, list[Decimal | None]] = field(default_factory=dict)  # planned, fiscal order
    extra: dict[str, dict[str, object]] = field(default_factory=dict)  # action -> extra columns


# --- Mimine (French) --------------------------------------------------------------------------
CROWD = "Récolter 5 000 € pendant la campagne de crowdfunding"
CHANNELS = "Ouvrir les canaux de distribution"
LOYALTY = "Fidéliser les anciens clients"
ACQUIRE = "Acquérir de nouveaux clients"
VIDEO, PHOTOS, ETSY = "Vidéo de présentation", "Photos de présentation des produits", "Boost Etsy"
SHOP, NEWS, ADS = "Boutique en ligne mimine.fr", "Newsletter", "Publicité en ligne"
# (action, objective, owner, planned Q1-Q4, spent Q1-Q4 (None: not typed))
MIMINE = [
    (VIDEO, CROWD, "Zoé", (800, 0, 0, 0), (880, None, None, None)),
    (PHOTOS, CROWD, "Zoé", (450, 0, 0, 0), (450, None, None, None)),
    (ETSY, CHANNELS, "Arnaud", (0, 500, 0, 0), (None, 460, None, None)),
    (SHOP, CHANNELS, "Arnaud", (0, 2500, 7500, 0), (None, 2500, None, None)),
    (NEWS, LOYALTY, "Arnaud", (0, 30, 50, 199), (0, 30, None, None)),
    (ADS, ACQUIRE, "Arnaud", (0, 0, 6000, 4000), (None, None, None, None)),
]
# Planned per quarter: Q1 800 + 450; Q2 500 + 2 500 + 30; Q3 7 500 + 50 + 6 000; Q4 199 + 4 000.
MIMINE_PLANNED: Q = (D(1250), D(3030), D(13550), D(4199))
# Spent: Q1 880 + 450 + 0; Q2 460 + 2 500 + 30.
MIMINE_ACTUAL: Q = (D(1330), D(2990), D(0), D(0))
MIMINE_OWNERS = {
    "Zoé": (D(1250), D(1330)),
    "Arnaud": (D(500 + 10_000 + 279 + 10_000), D(460 + 2500 + 30)),
}
MIMINE_OBJECTIVES = {
    CROWD: D(1250),
    CHANNELS: D(10_500),
    LOYALTY: D(279),
    ACQUIRE: D(10_000),
}
MIMINE_OVERRUNS = {(VIDEO, "Q1"): D(80)}
# The same plan month by month (calendar year = fiscal year), each quarter's sum as above.
MIMINE_MONTHS: dict[str, dict[int, int]] = {
    VIDEO: {1: 800},
    PHOTOS: {2: 450},
    ETSY: {4: 250, 5: 250},
    SHOP: {5: 2500, 9: 7500},
    NEWS: {4: 10, 5: 10, 6: 10, 7: 20, 8: 10, 9: 20, 10: 66, 11: 66, 12: 67},
    ADS: {7: 2000, 8: 2000, 9: 2000, 10: 2000, 11: 1000, 12: 1000},
}
MIMINE_SPENT_MONTHS: dict[str, dict[int, int]] = {
    VIDEO: {1: 880},
    PHOTOS: {2: 450},
    ETSY: {4: 200, 5: 260},
    SHOP: {5: 2500},
    NEWS: {1: 0, 4: 10, 5: 10, 6: 10},
}


def _twelve(months: dict[int, int], blank: Decimal | None = None) -> list[Decimal | None]:
    """Twelve months in the fiscal year's order; `blank` for a month not given."""
    return [D(months[m]) if m in months else blank for m in range(1, 13)]


# --- Bob (English) ----------------------------------------------------------------------------
WIN = "Win 40 new customers through field prospecting"
TRAIN = "Train Z and B in field selling"
RETAIN = "Retain the new customers"
TRAINING, MATERIALS, CRM = (
    "Training of Z and B",
    "Prospecting materials",
    "KPI follow-up in the CRM",
)
ROUNDS, EVENTS, CAPTURE = "Field prospecting rounds", "Retailer events", "Website lead capture"
EMAILS, SOCIAL, LOYAL = "Follow-up e-mails", "Social media relay", "Loyalty programme"
BOB = [
    (TRAINING, TRAIN, "X", (12000, 0, 0, 0), (12500, None, None, None)),
    (MATERIALS, WIN, "Y", (9000, 0, 3000, 0), (8700, None, None, None)),
    (CRM, WIN, "X", (600, 600, 600, 600), (600, None, None, None)),
    (ROUNDS, WIN, "Y", (1500, 4500, 4500, 4500), (1650, None, None, None)),
    (EVENTS, WIN, "Z", (0, 2000, 2000, 2500), (None, None, None, None)),
    (CAPTURE, WIN, "B", (0, 2500, 0, 0), (None, None, None, None)),
    (EMAILS, WIN, "B", (0, 600, 600, 600), (None, None, None, None)),
    (SOCIAL, WIN, "Z", (0, 500, 500, 500), (None, None, None, None)),
    (LOYAL, RETAIN, "Y", (0, 0, 1500, 2000), (None, None, None, None)),
]
# Q1 12 000 + 9 000 + 600 + 1 500; Q2 600 + 4 500 + 2 000 + 2 500 + 600 + 500;
# Q3 3 000 + 600 + 4 500 + 2 000 + 600 + 500 + 1 500; Q4 600 + 4 500 + 2 500 + 600 + 500 + 2 000.
BOB_PLANNED: Q = (D(23100), D(10700), D(12700), D(10700))
BOB_ACTUAL: Q = (D(12500 + 8700 + 600 + 1650), D(0), D(0), D(0))
BOB_OWNERS = {
    "X": (D(12000 + 2400), D(12500 + 600)),
    "Y": (D(12000 + 15000 + 3500), D(8700 + 1650)),
    "Z": (D(6500 + 1500), D(0)),
    "B": (D(2500 + 1800), D(0)),
}
BOB_OBJECTIVES = {
    TRAIN: D(12000),
    WIN: D(12000 + 2400 + 15000 + 6500 + 2500 + 1800 + 1500),
    RETAIN: D(3500),
}
BOB_OVERRUNS = {(TRAINING, "Q1"): D(500), (ROUNDS, "Q1"): D(150)}
# Month by month, in the fiscal year's order (month 1 is the fiscal year's first month).
BOB_MONTHS: dict[str, dict[int, int]] = {
    TRAINING: {1: 6000, 2: 6000},
    MATERIALS: {2: 9000, 9: 3000},
    CRM: dict.fromkeys(range(1, 13), 200),
    ROUNDS: {1: 500, 2: 500, 3: 500, **dict.fromkeys(range(4, 13), 1500)},
    EVENTS: {6: 2000, 9: 2000, 11: 1000, 12: 1500},
    CAPTURE: {5: 2500},
    EMAILS: dict.fromkeys(range(4, 13), 200),
    SOCIAL: {4: 500, 7: 500, 10: 500},
    LOYAL: {9: 1500, 10: 1000, 11: 1000},
}
BOB_SPENT_MONTHS: dict[str, dict[int, int]] = {
    TRAINING: {1: 6500, 2: 6000},
    MATERIALS: {2: 8700},
    CRM: {1: 200, 2: 200, 3: 200},
    ROUNDS: {1: 550, 2: 550, 3: 550},
}

FY = "fiscal-year-assumed"


def _expected_mimine(problems: list[tuple[str, str, str]], **more: object) -> Expected:
    return Expected(
        MIMINE_PLANNED,
        MIMINE_ACTUAL,
        MIMINE_OWNERS,
        MIMINE_OBJECTIVES,
        MIMINE_OVERRUNS,
        problems,
        dt.date(2024, 1, 1),
        **more,  # type: ignore[arg-type]
    )


def _expected_bob(
    problems: list[tuple[str, str, str]], start: dt.date, spent: bool = True, **more: object
) -> Expected:
    return Expected(
        BOB_PLANNED,
        BOB_ACTUAL if spent else (D(0),) * 4,  # type: ignore[arg-type]
        BOB_OWNERS if spent else {k: (p, D(0)) for k, (p, _) in BOB_OWNERS.items()},
        BOB_OBJECTIVES,
        BOB_OVERRUNS if spent else {},
        problems,
        start,
        **more,  # type: ignore[arg-type]
    )


# --- 1. two-row header, French, quarters under merged groups (openpyxl) ----------------------
def two_row_fr(folder: Path) -> Path:
    """A title; ``Action | Objectif | Responsable`` on row 2 only (not merged down), ``Budget
    prévu`` merged over the planned T1 … T4 and ``Réalisé`` over the spent T1 … T4 of row 3; a
    Total row of formulas."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan 2024"
    ws.append(["Plan d'action marketing digital — Mimine 2024"])
    ws.merge_cells("A1:K1")
    ws.append(["Action", "Objectif", "Responsable", "Budget prévu", *[None] * 3, "Réalisé"])
    ws.merge_cells("D2:G2")
    ws.merge_cells("H2:K2")
    ws.append([None, None, None, "T1", "T2", "T3", "T4", "T1", "T2", "T3", "T4"])
    for title, objective, owner, planned, spent in MIMINE:
        ws.append([title, objective, owner, *planned, *spent])
    last = ws.max_row
    ws.append(["Total", None, None, *(f"=SUM({c}4:{c}{last})" for c in "DEFGHIJK")])
    path = folder / "deux_lignes_fr.xlsx"
    wb.save(path)
    return path


# --- 2. two-row header, English, quarters under merged groups (xlsxwriter) --------------------
def two_row_en(folder: Path) -> Path:
    """A title; ``Task``, ``Goal``, ``Owner`` merged over both header rows, ``Planned`` over
    Q1 … Q4 and ``Actual`` over Q1 … Q4."""
    path = folder / "two_rows_en.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Field sales")
    ws.write(0, 0, "Bob — field sales plan 2023")
    for col, label in enumerate(("Task", "Goal", "Owner")):
        ws.merge_range(1, col, 2, col, label)
    ws.merge_range(1, 3, 1, 6, "Planned")
    ws.merge_range(1, 7, 1, 10, "Actual")
    ws.write_row(2, 3, ["Q1", "Q2", "Q3", "Q4", "Q1", "Q2", "Q3", "Q4"])
    for r, (title, goal, owner, planned, spent) in enumerate(BOB, start=3):
        ws.write_row(r, 0, [title, goal, owner, *planned])
        for c, x in enumerate(spent, start=7):
            if x is not None:
                ws.write_number(r, c, x)
    wb.close()
    return path


# --- 3. months in French, planned and spent under merged groups, a Total (openpyxl) ---------
FR_MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin"]
FR_MONTHS += ["juil.", "août", "sept.", "oct.", "nov.", "déc."]


def months_fr(folder: Path) -> Path:
    """``Action`` merged over both header rows; ``Budget prévu`` over ``janv. … déc.``, a
    ``Total`` (typed, the newsletter's wrong by 1 €), ``Réalisé`` over ``janv. … juin`` only."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Budget mensuel"
    ws.append(["Mimine — budget marketing 2024"])
    ws.append(["Action", "Objectif", "Responsable", "Budget prévu", *[None] * 11, None, "Réalisé"])
    ws.append([None, None, None, *FR_MONTHS, "Total", *FR_MONTHS[:6]])
    for cells in ("A2:A3", "B2:B3", "C2:C3", "D2:O2", "Q2:V2"):
        ws.merge_cells(cells)
    for title, objective, owner, planned, _ in MIMINE:
        months = [MIMINE_MONTHS[title].get(m) for m in range(1, 13)]
        spent = [MIMINE_SPENT_MONTHS.get(title, {}).get(m) for m in range(1, 7)]
        total = sum(planned) + (1 if title == NEWS else 0)  # 280 typed for 279
        ws.append([title, objective, owner, *months, total, *spent])
    path = folder / "mois_fr.xlsx"
    wb.save(path)
    return path


# --- 4. months in English as an Excel table with a totals row (xlsxwriter) --------------------
EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def months_en_table(folder: Path) -> Path:
    """A title, then a real Excel table ``Task | Owner | Goal | Jan-25 … Dec-25`` with a totals
    row (``Total`` and SUBTOTAL formulas)."""
    path = folder / "months_table_en.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Plan")
    ws.write(0, 0, "Bob — field sales, monthly budget")
    data = [
        [title, owner, goal, *(BOB_MONTHS[title].get(m, 0) for m in range(1, 13))]
        for title, goal, owner, _, _ in BOB
    ]
    columns = [
        {"header": "Task", "total_string": "Total"},
        {"header": "Owner"},
        {"header": "Goal"},
        *({"header": f"{m}-25", "total_function": "sum"} for m in EN_MONTHS),
    ]
    last = 1 + len(data) + 1  # header row 2 (index 1), the data, the totals row
    ws.add_table(1, 0, last, 2 + 12, {"data": data, "columns": columns, "total_row": True})
    wb.close()
    return path


# --- 5. date header cells (mmm-yy), a fiscal year starting in April (openpyxl) ----------------
def _fiscal_april(month: int) -> dt.datetime:
    """The fiscal year's month `month` (1 = April 2025) as the first day of that month."""
    calendar = (month + 2) % 12 + 1
    return dt.datetime(2025 if calendar >= 4 else 2026, calendar, 1)


def dates_april(folder: Path) -> Path:
    """``Planned`` merged over twelve date cells shown as ``Apr-25 … Mar-26``, ``Actual`` over
    ``Apr-25 … Jun-25``; the months' years tell the fiscal year (1 April 2025)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "FY 2025-26"
    ws.append(["Task", "Owner", "Goal", "Planned", *[None] * 11, "Actual"])
    ws.append([None, None, None, *(_fiscal_april(m) for m in range(1, 13))])
    for c, m in enumerate(range(1, 4), start=16):
        ws.cell(2, c, _fiscal_april(m))
    for cell in ws[2][3:]:
        cell.number_format = "mmm-yy"
    for cells in ("A1:A2", "B1:B2", "C1:C2", "D1:O1", "P1:R1"):
        ws.merge_cells(cells)
    for title, goal, owner, _, _ in BOB:
        months = [BOB_MONTHS[title].get(m) for m in range(1, 13)]
        spent = [BOB_SPENT_MONTHS.get(title, {}).get(m) for m in range(1, 4)]
        ws.append([title, owner, goal, *months, *spent])
    path = folder / "dates_april.xlsx"
    wb.save(path)
    return path


def dates_april_libreoffice(folder: Path) -> Path:
    """`dates_april` opened and saved again by LibreOffice."""
    from lo import recalculate

    (folder / "built").mkdir()
    return recalculate(dates_april(folder / "built"), folder)


def two_row_fr_libreoffice(folder: Path) -> Path:
    """`two_row_fr` opened and saved again by LibreOffice (the Total row's formulas computed)."""
    from lo import recalculate

    (folder / "built").mkdir()
    return recalculate(two_row_fr(folder / "built"), folder)


# --- 6. M1 … M12 under group words typed without a merge (xlsxwriter) -------------------------
def fiscal_months_en(folder: Path) -> Path:
    """A title; ``Planned`` typed in C2 and ``Actual`` in O2, neither merged, over ``M1 … M12``
    and ``M1 … M3``; ``Task`` and ``Owner`` on row 2 only."""
    path = folder / "fiscal_months_en.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Marketing")
    ws.write(0, 0, "Mimine — marketing plan 2024")
    ws.write_row(1, 0, ["Task", "Goal", "Owner", "Planned"])
    ws.write(1, 15, "Actual")
    ws.write_row(2, 3, [f"M{m}" for m in range(1, 13)])
    ws.write_row(2, 15, [f"M{m}" for m in range(1, 4)])
    for r, (title, goal, owner, _, _) in enumerate(MIMINE, start=3):
        ws.write_row(r, 0, [title, goal, owner])
        for m, x in MIMINE_MONTHS[title].items():
            ws.write_number(r, 2 + m, x)
        for m, x in MIMINE_SPENT_MONTHS.get(title, {}).items():
            if m <= 3:
                ws.write_number(r, 14 + m, x)
    wb.close()
    return path


# --- 7. amounts in k€ (openpyxl) -----------------------------------------------------------
def thousands_fr(folder: Path) -> Path:
    """``Budget T1 (k€) … Réel T2 (k€) | Total (k€)``: amounts as numbers and as French text."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws.append(["Mimine 2024 — budget en milliers d'euros"])
    ws.append(
        [
            "Action",
            "Objectif",
            "Responsable",
            *(f"Budget T{n} (k€)" for n in range(1, 5)),
            "Réel T1 (k€)",
            "Réel T2 (k€)",
            "Total (k€)",
        ]
    )
    thousands = {  # the plan's euros in thousands, typed as people type them
        VIDEO: ([0.8, None, None, None], [0.88, None], 0.8),
        PHOTOS: (["0,45", None, None, None], ["0,45", None], "0,45"),
        ETSY: ([None, 0.5, None, None], [None, "0,46"], 0.5),
        SHOP: ([None, "2,5", 7.5, None], [None, 2.5], 10),
        NEWS: ([0, 0.03, 0.05, 0.199], [0, "0,03"], 0.279),
        ADS: ([None, None, 6, 4], [None, None], 10),
    }
    for title, objective, owner, _, _ in MIMINE:
        planned, spent, total = thousands[title]
        ws.append([title, objective, owner, *planned, *spent, total])
    path = folder / "milliers_fr.xlsx"
    wb.save(path)
    return path


# --- 8. semesters, refused (openpyxl, xlsxwriter) ----------------------------------------------
def semesters_fr(folder: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws.append(["Plan Mimine 2024"])
    ws.append(["Action", "Responsable", "Budget T1", "S1", "1er semestre", "S2"])
    ws.append([NEWS, "Arnaud", 0, 30, 30, 249])
    path = folder / "semestres_fr.xlsx"
    wb.save(path)
    return path


def semesters_en(folder: Path) -> Path:
    path = folder / "halves_en.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Plan")
    ws.write(0, 0, "Bob 2023")
    ws.write_row(1, 0, ["Task", "Owner", "Budget H1", "Budget H2"])
    ws.write_row(2, 0, [ROUNDS, "Y", 6000, 9000])
    wb.close()
    return path


FIXTURES: dict[str, Callable[[Path], Path]] = {
    "two_row_fr": two_row_fr,
    "two_row_fr_libreoffice": two_row_fr_libreoffice,
    "two_row_en": two_row_en,
    "months_fr": months_fr,
    "months_en_table": months_en_table,
    "dates_april": dates_april,
    "dates_april_libreoffice": dates_april_libreoffice,
    "fiscal_months_en": fiscal_months_en,
    "thousands_fr": thousands_fr,
    "semesters_fr": semesters_fr,
    "semesters_en": semesters_en,
}

_MIMINE_MONTHS = {t: _twelve(m) for t, m in MIMINE_MONTHS.items()}
_BOB_MONTHS = {t: _twelve(m) for t, m in BOB_MONTHS.items()}
_APRIL = dt.date(2025, 4, 1)
_SEMESTER_PLAN = (D(0),) * 4
EXPECTED: dict[str, Expected] = {
    "two_row_fr": _expected_mimine([(FY, "warning", "A1")]),
    "two_row_fr_libreoffice": _expected_mimine([(FY, "warning", "A1")]),
    "two_row_en": _expected_bob([(FY, "warning", "A1")], dt.date(2023, 1, 1)),
    # the newsletter's Total: 280 typed, 10 + 10 + 10 + 20 + 10 + 20 + 66 + 66 + 67 = 279
    "months_fr": _expected_mimine(
        [("total-mismatch", "warning", "P8"), (FY, "warning", "A1")], months=_MIMINE_MONTHS
    ),
    # Jan-25 … Dec-25: the fiscal year is 2025, said by the headers (no warning); nothing spent;
    # every month typed, 0 where nothing is planned
    "months_en_table": _expected_bob(
        [],
        dt.date(2025, 1, 1),
        spent=False,
        months={t: _twelve(m, D(0)) for t, m in BOB_MONTHS.items()},
    ),
    "dates_april": _expected_bob([], _APRIL, months=_BOB_MONTHS),
    "dates_april_libreoffice": _expected_bob([], _APRIL, months=_BOB_MONTHS),
    # M1 … M12: months of a fiscal year whose start the table does not say (January assumed);
    # spent in M1 … M3 only: Q2's 460 + 2 500 + 30 are not in this table
    "fiscal_months_en": Expected(
        MIMINE_PLANNED,
        (D(1330), D(0), D(0), D(0)),
        {"Zoé": (D(1250), D(1330)), "Arnaud": (MIMINE_OWNERS["Arnaud"][0], D(0))},
        MIMINE_OBJECTIVES,
        MIMINE_OVERRUNS,
        [(FY, "warning", "A1")],
        dt.date(2024, 1, 1),
        months=_MIMINE_MONTHS,
    ),
    "thousands_fr": _expected_mimine([("unit-scaled", "info", "D2"), (FY, "warning", "A1")]),
    # S1, 1er semestre, S2 refused (kept as extra columns); only Budget T1 (0) is read
    "semesters_fr": Expected(
        _SEMESTER_PLAN,
        _SEMESTER_PLAN,
        {"Arnaud": (D(0), D(0))},
        {},
        {},
        [
            ("semester-column", "error", "D2"),
            ("semester-column", "error", "E2"),
            ("semester-column", "error", "F2"),
            (FY, "warning", "A1"),
        ],
        dt.date(2024, 1, 1),
        extra={NEWS: {"S1": 30, "1er semestre": 30, "S2": 249}},
    ),
    "semesters_en": Expected(
        _SEMESTER_PLAN,
        _SEMESTER_PLAN,
        {"Y": (D(0), D(0))},
        {},
        {},
        [
            ("semester-column", "error", "C2"),
            ("semester-column", "error", "D2"),
            (FY, "warning", "A1"),
        ],
        dt.date(2023, 1, 1),
        extra={ROUNDS: {"Budget H1": 6000, "Budget H2": 9000}},
    ),
}
"""The figures each fixture must read back as, worked out by hand (see the module's doc)."""

__all__ = ["EXPECTED", "FIXTURES", "Expected"]
