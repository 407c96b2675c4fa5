"""Importing plan tables that people made themselves, without xlplan (no ``_meta`` sheet).

Each test builds a workbook the way a person would (openpyxl here) and reads it with
`read_table`. The figures are Mimine's, from the article of seed 001: 1 250 € in Q1 for the
presentation video and photos, 500 € to boost sales on Etsy in Q2, the mimine.fr shop at 10 000 €
(a 25 % deposit in Q2, the rest on delivery in Q3), the newsletter at 0 / 30 / 50 / 199 €.
Actual spend is not in the article: it is the invented spend of ``samples/mimine.yaml``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from cell_walk import unaccounted
from lo import recalculate
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from xlplan.errors import Problem, ProblemCode
from xlplan.reading.handmade import header_key, read_table
from xlplan.reading.own import ReadResult, WorkbookError

D = Decimal
NNBSP = "\u202f"  # narrow no-break space: the French thousands separator

# The article's figures, worked out by hand.
SHOP = D(10_000)
SHOP_DEPOSIT = SHOP * D("0.25")  # 2 500 € on signing (Q2)
SHOP_BALANCE = SHOP - SHOP_DEPOSIT  # 7 500 € on delivery (Q3)
NEWSLETTER = [D(0), D(30), D(50), D(199)]


def budgets(result: ReadResult) -> dict[str, list[Decimal]]:
    return {a.title: a.budget.values() for a in result.plan.actions}


def where(problems: list[Problem]) -> list[tuple[str, str, str]]:
    return [(p.severity, p.sheet, p.cell) for p in problems]


# --- a French table, as in the article ------------------------------------------------------------
def mimine_fr(path: Path) -> Path:
    """Two title rows, the article's header plus a start date, an unknown column "Pays" and a
    Total column; a blank row in the middle; a Total row with =SUM formulas at the bottom."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws["A1"] = "Plan d'action marketing digital — Mimine"
    ws.merge_cells("A1:K1")
    ws["A2"] = "Budget fixe, en euros"
    ws.append(
        [
            "Action",
            "Objectif",
            "KPI",
            "Responsable",
            "Pays",
            "Début",
            "Budget Q1",
            "Budget Q2",
            "Budget Q3",
            "Budget Q4",
            "Total",
        ]
    )
    rows = [
        # row 4
        (
            "Vidéo et photos de présentation",
            "Récolter 5 000 € pendant la campagne de crowdfunding",
            "Montant collecté",
            "Zoé",
            "France",
            dt.datetime(2024, 1, 8),
            "1 250,00 €",
            "-",
        ),
        # row 5: Arnaud is merged over rows 5 and 6; two objectives in one cell
        (
            "Boost des ventes sur Etsy",
            "Ouvrir les canaux de distribution, acquérir des clients",
            "Taux de conversion",
            "Arnaud",
            "France",
            "15/04/2024",
            None,
            500,
        ),
        # row 6
        (
            "Boutique en ligne mimine.fr (agence)",
            "Ouvrir les canaux de distribution",
            "Taux de conversion; Panier moyen",
            None,
            "France",
            dt.datetime(2024, 5, 2),
            None,
            "2500.00",
            f"7{NNBSP}500 €",
        ),
        (),  # row 7: blank
        # row 8: the article's example row
        (
            "Newsletter",
            "Fidélisation",
            "Taux d'ouverture et taux de clic",
            "Arnaud",
            "Belgique",
            dt.datetime(2024, 2, 1),
            "0 €",
            "30 €",
            "50 €",
            "199 €",
        ),
        # row 9: no budget (an action that costs nothing)
        (
            "Animation de communauté",
            "Notoriété, fidélisation",
            "Part du trafic naturel",
            "Zoé",
            None,
            dt.datetime(2024, 1, 8),
        ),
    ]
    for number, row in enumerate(rows, start=4):
        ws.append([*row, *[None] * (10 - len(row)), f"=SUM(G{number}:J{number})" if row else None])
    ws.merge_cells("D5:D6")
    ws.append(["Total", None, None, None, None, None, *(f"=SUM({c}4:{c}9)" for c in "GHIJK")])
    wb.save(path)
    return path


def test_a_french_table_as_in_the_article(tmp_path: Path) -> None:
    result = read_table(mimine_fr(tmp_path / "mimine.xlsx"))
    plan = result.plan

    assert plan.name == "Plan d'action marketing digital — Mimine"
    assert plan.language == "fr"
    assert plan.currency == "EUR"
    assert len(plan.actions) == 5  # neither the blank row nor the Total row is an action
    assert "Total" not in [a.title for a in plan.actions]
    assert budgets(result) == {
        "Vidéo et photos de présentation": [D(1250), D(0), D(0), D(0)],
        "Boost des ventes sur Etsy": [D(0), D(500), D(0), D(0)],
        "Boutique en ligne mimine.fr (agence)": [D(0), SHOP_DEPOSIT, SHOP_BALANCE, D(0)],
        "Newsletter": NEWSLETTER,
        "Animation de communauté": [D(0)] * 4,
    }
    # Per quarter: 1 250 | 500 + 2 500 + 30 | 7 500 + 50 | 199, that is 12 029 € for the year.
    per_quarter = [sum(q, D(0)) for q in zip(*budgets(result).values(), strict=True)]
    assert per_quarter == [D(1250), D(3030), D(7550), D(199)]
    assert sum(a.planned_total for a in plan.actions) == D(12_029)

    # Objectives and KPIs are the distinct texts, numbered in order of first appearance;
    # "fidélisation" is the same objective as "Fidélisation".
    assert [(o.id, o.title) for o in plan.objectives] == [
        ("O1", "Récolter 5 000 € pendant la campagne de crowdfunding"),
        ("O2", "Ouvrir les canaux de distribution"),
        ("O3", "acquérir des clients"),
        ("O4", "Fidélisation"),
        ("O5", "Notoriété"),
    ]
    assert [(k.id, k.name, k.objective) for k in plan.kpis] == [
        ("K1", "Montant collecté", "O1"),
        ("K2", "Taux de conversion", "O2"),
        ("K3", "Panier moyen", "O2"),
        ("K4", "Taux d'ouverture et taux de clic", "O4"),
        ("K5", "Part du trafic naturel", "O5"),
    ]
    assert [o.name for o in plan.owners] == ["Zoé", "Arnaud"]
    assert [(a.objectives, a.kpis, a.owner) for a in plan.actions] == [
        (["O1"], ["K1"], "Zoé"),
        (["O2", "O3"], ["K2"], "Arnaud"),
        (["O2"], ["K2", "K3"], "Arnaud"),  # the owner cell merged over rows 5 and 6
        (["O4"], ["K4"], "Arnaud"),
        (["O5", "O4"], ["K5"], "Zoé"),
    ]
    assert [a.start for a in plan.actions] == [
        dt.date(2024, 1, 8),
        dt.date(2024, 4, 15),  # typed as the text 15/04/2024
        dt.date(2024, 5, 2),
        dt.date(2024, 2, 1),
        dt.date(2024, 1, 8),
    ]
    # The unknown column is kept, under its header.
    assert [a.extra for a in plan.actions] == [
        {"Pays": "France"},
        {"Pays": "France"},
        {"Pays": "France"},
        {"Pays": "Belgique"},
        {},
    ]
    # The table does not say when the fiscal year starts: 1 January of the earliest date's year.
    assert plan.fiscal_year_start == dt.date(2024, 1, 1)
    assert where(result.problems) == [("warning", "Plan", "F4")]
    assert "assumed to start on 1 January 2024" in result.problems[0].message


def test_the_same_table_saved_by_libreoffice(tmp_path: Path) -> None:
    """LibreOffice computes the =SUM totals: the amounts typed as text are not in them."""
    before = read_table(mimine_fr(tmp_path / "mimine.xlsx"))
    saved = recalculate(tmp_path / "mimine.xlsx", tmp_path / "lo")
    after = read_table(saved)

    assert budgets(after) == budgets(before)
    assert after.plan == before.plan
    assert where(after.problems) == [
        ("warning", "Plan", "K4"),  # 1 250,00 € typed as text: the row's SUM is 0
        ("warning", "Plan", "K6"),
        ("warning", "Plan", "K8"),
        ("warning", "Plan", "F4"),  # the fiscal year, as before
    ]
    assert after.problems[0].message == (
        "Total 0 differs from the sum of the quarters 1250 + 0 + 0 + 0 = 1250; xlplan keeps the "
        "quarters (the amounts typed as text in G4 are skipped by the spreadsheet's SUM)"
    )
    assert "0 + 2500 + 7500 + 0 = 10000" in after.problems[1].message


# --- an English table with actual spend -------------------------------------------------------
def test_an_english_table_with_actual_spend(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2024"
    ws.append(["Mimine — digital marketing plan 2024"])
    ws.append(
        [
            "Task",
            "Goal",
            "Metric",
            "Owner",
            "Start date",
            "Due date",
            "Q1",
            "Q2",
            "Q3",
            "Q4",
            "Actual Q1",
            "Actual Q2",
            "Budget total",
            "Comments",
        ]
    )
    rows = [
        # (task, goal, metric, owner), (Q1, Q2, Q3, Q4, actual Q1, actual Q2)
        (
            ("Video and photos", "Raise 5,000 € in crowdfunding", "Amount raised", "Zoé"),
            (1250, None, None, None, "€1,330.00", None),  # spent: 880 (video) + 450 (photos)
        ),
        (
            ("Etsy sales boost", "Acquire customers", "Conversion rate", "Arnaud"),
            (None, "€500", None, None, None, 460),
        ),
        (
            ("mimine.fr shop", "Open the sales channels", "Conversion rate", "Arnaud"),
            (None, 2500.0, 7500, None, None, "2,500.00"),
        ),
        (
            ("Newsletter", "Loyalty", "Open and click rates", "Arnaud"),
            (0, 30, 50, 199, 0, 30),
        ),
    ]
    for r, (texts, money) in enumerate(rows, start=3):
        ws.append([*texts, None, None, *money, f"=SUM(G{r}:J{r})"])
    ws["E3"], ws["F3"] = dt.date(2024, 1, 8), dt.date(2024, 2, 9)
    ws["N5"] = "10,000 € in all"
    ws.append(["TOTAL", None, None, None, None, None, *(f"=SUM({c}3:{c}6)" for c in "GHIJKLM")])
    path = tmp_path / "plan.xlsx"
    wb.save(path)

    result = read_table(path)
    plan = result.plan
    assert plan.language == "en"
    assert plan.name == "Mimine — digital marketing plan 2024"
    assert budgets(result) == {
        "Video and photos": [D(1250), D(0), D(0), D(0)],
        "Etsy sales boost": [D(0), D(500), D(0), D(0)],
        "mimine.fr shop": [D(0), SHOP_DEPOSIT, SHOP_BALANCE, D(0)],
        "Newsletter": NEWSLETTER,
    }
    # Actual spend: None where nothing was entered, unlike 0.
    assert [a.actual.values() for a in plan.actions] == [
        [D(1330), None, None, None],
        [None, D(460), None, None],
        [None, D(2500), None, None],
        [D(0), D(30), None, None],
    ]
    assert sum(a.actual.total for a in plan.actions) == D(1330 + 460 + 2500 + 30)
    assert plan.actions[0].end == dt.date(2024, 2, 9)
    assert plan.actions[2].notes == "10,000 € in all"
    assert [o.title for o in plan.objectives] == [
        "Raise 5,000 € in crowdfunding",  # a comma between digits does not split a list
        "Acquire customers",
        "Open the sales channels",
        "Loyalty",
    ]
    assert where(result.problems) == [("warning", "2024", "A1")]  # the year in the title


# --- headers --------------------------------------------------------------------------------------
HEADERS = [
    # (header as typed, what xlplan reads in the column)
    ("Action", "title"),
    ("Tâche", "title"),
    ("Task", "title"),
    ("Intitulé", "title"),
    ("Action marketing", "title"),
    ("Objectifs", "objectives"),
    ("Objective(s)", "objectives"),
    ("Goal", "objectives"),
    ("KPIs", "kpis"),
    ("Indicateur(s)", "kpis"),
    ("Indicateur de performance", "kpis"),
    ("Metric", "kpis"),
    ("Responsable", "owner"),
    ("Pilote", "owner"),
    ("Qui", "owner"),
    ("Owner", "owner"),
    ("Lead", "owner"),
    ("Date de début", "start"),
    ("Start date", "start"),
    ("Échéance", "end"),
    ("Due date", "end"),
    ("État", "status"),
    ("Status", "status"),
    ("Avancement", "progress"),
    ("% réalisé", "progress"),
    ("Levier", "channel"),
    ("Channel", "channel"),
    ("Moyens", "resources"),
    ("Commentaire(s)", "notes"),
    ("Remarques", "notes"),
    ("Participants", "participants"),
    ("Budget Q1", "budget_q1"),
    ("Budget T2", "budget_q2"),
    ("Q3", "budget_q3"),
    ("T4", "budget_q4"),
    ("Trim. 1", "budget_q1"),
    ("Trimestre 2", "budget_q2"),
    ("1er trimestre", "budget_q1"),
    ("2e trimestre", "budget_q2"),
    ("3ème trimestre", "budget_q3"),
    ("Prévu T1", "budget_q1"),
    ("Planned Q2", "budget_q2"),
    ("Budget prévu T3", "budget_q3"),
    ("Budget Q4 (€)", "budget_q4"),
    ("BUDGET  q1 [EUR]", "budget_q1"),
    ("Réel Q1", "actual_q1"),
    ("Réel T2", "actual_q2"),
    ("Actual Q3", "actual_q3"),
    ("Dépensé T4", "actual_q4"),
    ("Dépenses T1", "actual_q1"),
    ("Spent Q2", "actual_q2"),
    ("Réalisé T3", "actual_q3"),  # with a quarter, "réalisé" is money spent
    ("Budget T4 (réel)", "actual_q4"),
    ("Q1 FY25", "budget_q1"),  # a year beside the quarter
    ("FY25 Q2", "budget_q2"),
    ("Q3-25", "budget_q3"),
    ("Q4'25", "budget_q4"),
    ("Budget T1 2025", "budget_q1"),
    ("Q2 FY2025 actual", "actual_q2"),
    ("Q1 Budgeted", "budget_q1"),
    ("Coût T1", "budget_q1"),
    ("Q2 costs", "budget_q2"),
    ("Q2 est.", "budget_q2"),
    ("Total", "total"),
    ("Budget total", "total"),
    ("Total réel", "actual_total"),
    ("Pays", None),  # unknown: kept in each action's extra columns
    ("Réalisé", None),  # neither progress (no %) nor a quarter
    ("Budget", None),  # no quarter
]


@pytest.mark.parametrize(
    ("header", "scale"),
    [
        ("Budget T1 (k€)", 1000),
        ("Q1 budget ($k)", 1000),  # in English the currency sign comes first
        ("Q1 budget (£k)", 1000),
        ("Q1 budget (€k)", 1000),
        ("Q1 budget ($000)", 1000),
        ("Q1 budget (K)", 1000),
        ("Q1 budget (000s)", 1000),
        ("All amounts in $k", 1000),
        ("Q1 budget ($M)", 1_000_000),
        ("Budget T1 (M€)", 1_000_000),
        ("Budget T1", None),
        ("Keywords", None),
        ("Markets (M)", None),
    ],
)
def test_units_in_headers(header: str, scale: int | None) -> None:
    from xlplan.reading.periods import unit_scale

    assert unit_scale(header) == scale


@pytest.mark.parametrize(("header", "key"), HEADERS)
def test_headers(header: str, key: str | None) -> None:
    assert key == header_key(header)


QUARTER_HEADERS = [
    ["Budget Q1", "Budget Q2", "Budget Q3", "Budget Q4"],
    ["T1", "T2", "T3", "T4"],
    ["1er trimestre", "2e trimestre", "3ème trimestre", "4e trimestre"],
    ["Trim. 1", "Trim. 2", "Trim. 3", "Trim. 4"],
    ["Prévu T1", "Prévu T2", "Prévu T3", "Prévu T4"],
    ["Budget Q1 (€)", "Budget Q2 (€)", "Budget Q3 (€)", "Budget Q4 (€)"],
]


@pytest.mark.parametrize("quarters", QUARTER_HEADERS, ids=lambda q: q[0])
def test_the_article_row_under_any_quarter_headers(quarters: list[str], tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["Action", "Objectif", *quarters, "Réel T1", "Dépenses T2"])
    wb.active.append(["Newsletter", "Fidélisation", "0 €", "30 €", "50 €", "199 €", "0 €", "30 €"])
    wb.save(tmp_path / "plan.xlsx")

    action = read_table(tmp_path / "plan.xlsx").plan.actions[0]
    assert action.budget.values() == NEWSLETTER
    assert action.actual.values() == [D(0), D(30), None, None]


def test_a_two_row_header_with_merged_group_labels(tmp_path: Path) -> None:
    """ "Action" merged over both header rows; "Budget prévu" and "Réel" over their quarters."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Action", "Responsable", "Budget prévu", None, None, None, "Réel"])
    ws.append([None, None, "T1", "T2", "T3", "T4", "T1", "T2"])
    ws.append(["Newsletter", "Arnaud", 0, 30, 50, 199, 0, 30])
    for cells in ("A1:A2", "B1:B2", "C1:F1", "G1:H1"):
        ws.merge_cells(cells)
    wb.save(tmp_path / "suivi.xlsx")

    result = read_table(tmp_path / "suivi.xlsx")
    assert result.plan.name == "suivi"  # no title row: the file's name
    (action,) = result.plan.actions
    assert (action.title, action.owner) == ("Newsletter", "Arnaud")
    assert action.budget.values() == NEWSLETTER
    assert action.actual.values() == [D(0), D(30), None, None]


# --- problems -------------------------------------------------------------------------------------
def test_unreadable_cells_are_problems_with_their_cell_never_a_silent_zero(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Actions 2024"
    ws.append(["Action", "Responsable", "T1", "T2", "T3", "T4", "Total", "Fin", "Début"])
    ws.append(["Newsletter", "Arnaud", 0, "douze", 50, 199, None])  # row 2
    ws.append(["Boost Etsy", "Arnaud", None, "#REF!", None, None, None])  # row 3
    ws.append(["Vidéo et photos", "Zoé", "1 250 €", None, None, None, 1300])  # row 4
    ws.append([None, None, 45])  # row 5: an amount without an action, not a total
    ws.append(["Boutique", "Arnaud", None, None, None, None, None, "2024-01-31", "2024-05-02"])
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")
    assert where(result.problems) == [
        ("error", "Actions 2024", "D2"),
        ("error", "Actions 2024", "D3"),
        ("warning", "Actions 2024", "G4"),
        ("error", "Actions 2024", "A5"),
        ("error", "Actions 2024", "H6"),
        ("warning", "Actions 2024", "I6"),  # the fiscal year, from the start (the end is out)
    ]
    douze, ref, total, orphan, end, _ = (p.message for p in result.problems)
    assert douze == "T2: found 'douze' — expected an amount such as 1 250,00 or 1250.00"
    assert "#REF!" in ref
    assert total == (
        "Total 1300 differs from the sum of the quarters 1250 + 0 + 0 + 0 = 1250; xlplan keeps "
        "the quarters (the amounts typed as text in C4 are skipped by the spreadsheet's SUM)"
    )
    assert "C5 45" in orphan
    assert "2024-01-31 is before the start 2024-05-02" in end
    # The readable cells of each row are still read: four actions.
    assert budgets(result) == {
        "Newsletter": [D(0), D(0), D(50), D(199)],
        "Boost Etsy": [D(0)] * 4,
        "Vidéo et photos": [D(1250), D(0), D(0), D(0)],
        "Boutique": [D(0)] * 4,
    }
    assert len(result.errors) == 4


def test_formulas_saved_without_their_results_are_named_never_read_as_zero(
    tmp_path: Path,
) -> None:
    """openpyxl saves formulas without computing them: their value is unknown until a
    spreadsheet saves the file. The totals need none (xlplan recomputes them)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws.append(["Action", "Responsable", "Budget T1", "Budget T2", "Total", "Réel T1"])
    ws.append(["Affiches", "Zoé", "=400*3", "=C2/2", "=SUM(C2:D2)", "=SUM(100,50)"])
    ws.append(["Radio", "Zoé", 100, "=C3", "=SUM(C3:D3)", None])
    ws.append(["Total", None, "=SUM(C2:C3)", "=SUM(D2:D3)", "=SUM(E2:E3)", "=SUM(F2:F3)"])
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")
    unknown = [p for p in result.problems if p.code is ProblemCode.FORMULA_NOT_COMPUTED]
    assert where(unknown) == [
        ("error", "Plan", "C2"),
        ("error", "Plan", "D2"),
        ("error", "Plan", "F2"),
        ("error", "Plan", "D3"),
    ]
    assert unknown[0].message.startswith("the formula =400*3 was saved without its result")

    # An empty text computed (xlsxwriter's <v></v>, a spreadsheet's t="str") is a result.
    book = xlsxwriter.Workbook(tmp_path / "empty.xlsx")
    sheet = book.add_worksheet("Plan")
    sheet.write_row(0, 0, ["Action", "Responsable", "Budget T1", "Notes"])
    sheet.write_row(1, 0, ["Affiches", "Zoé", 100])
    sheet.write_formula(1, 3, '=IF(C2>0,"","à budgéter")', None, "")
    book.close()
    assert not [
        p
        for p in read_table(tmp_path / "empty.xlsx").problems
        if p.code is ProblemCode.FORMULA_NOT_COMPUTED
    ]

    saved = read_table(recalculate(tmp_path / "plan.xlsx", tmp_path / "lo"))
    assert not [p for p in saved.problems if p.code is ProblemCode.FORMULA_NOT_COMPUTED]
    assert budgets(saved) == {
        "Affiches": [D(1200), D(600), D(0), D(0)],
        "Radio": [D(100)] * 2 + [D(0)] * 2,
    }
    assert saved.plan.actions[0].actual.q1 == 150


@pytest.mark.parametrize(
    "label",
    [
        "Total objectif 1",
        "Sous-total Julie",
        "S/Total",
        "Total costs",
        "TOTAL EXPENSES",
        "Total - Marketing",
        "Budget total",
        "Marketing total",
        "Sum",
    ],
)
def test_a_group_s_total_row_is_a_total_whatever_follows_the_word(
    label: str, tmp_path: Path
) -> None:
    """A row labelled as a total with nothing but amounts beside it is a total, not an action
    (which would count its amounts twice); an action named so keeps its owner."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws.append(["Action", "Responsable", "KPI", "Budget T1", "Budget T2", "Réel T1"])
    ws.append(["Promo rentrée", "Julie", "CA", 1000, None, 900])
    ws.append(["Programme fidélité", "Marc", "Clients", 500, 500, 500])
    ws.append([label, None, None, 1500, "oops", 1400])
    ws.append(["Total refonte du site", "Julie", None, 200, 100, None])  # an action named so
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")

    assert [a.title for a in result.plan.actions] == [
        "Promo rentrée",
        "Programme fidélité",
        "Total refonte du site",
    ]
    assert budgets(result)["Total refonte du site"] == [D(200), D(100), D(0), D(0)]
    assert sum(a.budget.total for a in result.plan.actions) == 1000 + 1000 + 300
    told = [(p.code, p.cell) for p in result.problems if p.code is ProblemCode.TOTAL_ROW_VALUE]
    assert told == [(ProblemCode.TOTAL_ROW_VALUE, "E4")]  # "oops" is no amount: named
    assert unaccounted(tmp_path / "plan.xlsx") == []


@pytest.mark.parametrize(
    ("above", "header", "start", "expected", "told"),
    [
        ([["Plan 2025"]], "Q1", None, dt.date(2025, 1, 1), [("fiscal-year-assumed", "A1")]),
        (
            [["Marketing plan FY2025"]],
            "Q1",
            None,
            dt.date(2025, 1, 1),
            [("fiscal-year-assumed", "A1")],
        ),
        (
            [["Plan"], ["Exercice", 2025]],
            "Q1",
            None,
            dt.date(2025, 1, 1),
            [("fiscal-year-assumed", "B2")],
        ),
        # the year stated wins over a preparation action started the year before, which is told
        (
            [],
            "Budget T1 2025",
            dt.date(2024, 12, 1),
            dt.date(2025, 1, 1),
            [("fiscal-year-assumed", "C1"), ("date-outside-year", "E2")],
        ),
        # a labelled first day says the month too: nothing assumed
        (
            [["Début de l'exercice", dt.date(2025, 4, 1)]],
            "Q1",
            dt.date(2026, 5, 1),
            dt.date(2025, 4, 1),
            [("date-outside-year", "E3")],
        ),
        ([], "Q1", dt.date(2024, 12, 1), dt.date(2024, 1, 1), [("fiscal-year-assumed", "E2")]),
    ],
)
def test_the_fiscal_year_the_table_states(
    above: list[list[object]],
    header: str,
    start: dt.date | None,
    expected: dt.date,
    told: list[tuple[str, str]],
    tmp_path: Path,
) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan"
    for line in above:
        ws.append(line)
    ws.append(["Action", "Owner", header, "Q2", "Start"])
    ws.append(["Ads", "Amy", 100, 200, start])
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")

    assert result.plan.fiscal_year_start == expected
    assert [(p.code.value, p.cell) for p in result.problems] == told


@pytest.mark.parametrize("label", ["Budget", "Budget (€)", "Budget annuel", "Coût", "Montant HT"])
def test_a_budget_column_without_quarters_is_told(label: str, tmp_path: Path) -> None:
    """xlplan cannot place a yearly amount in the year's quarters: the plan's budgets are 0,
    and a warning at the column says so (the amounts stay in the extra columns)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws.append(["Action", "Responsable", label])
    ws.append(["Salon", "Zoé", 1200])
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")

    told = [p for p in result.problems if p.code is ProblemCode.TOTAL_WITHOUT_QUARTERS]
    assert where(told) == [("warning", "Plan", "C1")]
    assert result.plan.actions[0].budget.total == 0
    assert result.plan.actions[0].extra == {label: 1200}


def test_a_recap_table_under_the_plan_is_not_read_as_actions(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws.append(["Action", "Responsable", "T1", "T2", "T3", "T4"])
    ws.append(["Affiches", "Julie", 100, 100, None, None])
    ws.append(["Radio", "Marc", 200, 200, 200, 200])
    ws.append(["Total", None, 300, 300, 200, 200])
    ws.append([])
    ws.append(["Récapitulatif par responsable"])  # row 6
    ws.append(["Responsable", "T1", "T2", "T3", "T4"])  # row 7: another header
    ws.append(["Julie", 100, 100, 0, 0])
    ws.append(["Marc", 200, 200, 200, 200])
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")

    assert budgets(result) == {
        "Affiches": [D(100), D(100), D(0), D(0)],
        "Radio": [D(200)] * 4,
    }
    assert [(p.code, p.cell) for p in result.problems][:1] == [(ProblemCode.SECOND_TABLE, "A6")]
    assert "row 7" in result.problems[0].message
    assert unaccounted(tmp_path / "plan.xlsx") == []


def test_blocks_under_a_repeated_header_are_one_table(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan"
    header = ["Action", "Responsable", "Budget T1", "Budget T2"]
    ws.append(["COMMUNICATION"])
    ws.append(header)
    ws.append(["Salon", "Zoé", 1000, None])
    ws.append(["Flyers", "Zoé", None, 200])
    ws.append([])
    ws.append(["COMMERCIAL"])  # row 6
    ws.append(header)  # row 7
    ws.append(["Prospection", "Marc", 100, None])
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")

    assert [a.title for a in result.plan.actions] == ["Salon", "Flyers", "Prospection"]
    assert sum(a.budget.total for a in result.plan.actions) == 1000 + 200 + 100
    repeated = [p for p in result.problems if p.code is ProblemCode.HEADER_REPEATED]
    assert where(repeated) == [("info", "Plan", "A6"), ("info", "Plan", "A7")]
    assert unaccounted(tmp_path / "plan.xlsx") == []


def test_an_unknown_status_lists_the_choices_in_the_table_s_language(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws.append(["Task", "Owner", "Status", "Q1"])
    ws.append(["Ads", "Amy", "On hold", 100])
    ws.append(["SEO", "Amy", "WIP", 50])
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")

    assert result.errors[0].cell == "C2"
    assert result.errors[0].message.endswith("expected one of: To do, In progress, Done, Cancelled")
    assert result.plan.actions[1].status == "in_progress"


def test_a_name_on_the_upper_header_row_only_names_its_extra_column(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws.append(["Action", "Responsable", "Budget prévu", None, "Reste à dépenser"])
    ws.merge_cells("C1:D1")
    ws.append([None, None, "T1", "T2", None])
    ws.append(["Salon", "Zoé", 100, 200, 30])
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")

    assert result.plan.actions[0].extra == {"Reste à dépenser": 30}
    assert budgets(result) == {"Salon": [D(100), D(200), D(0), D(0)]}


def test_the_title_s_currency_counts(tmp_path: Path) -> None:
    """One amount typed with a dollar sign does not make a plan titled in k€ a dollar plan."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws.append(["Plan d'action 2025 (k€)"])
    ws.append(["Action", "Responsable", "T1"])
    ws.append(["Salon", "Zoé", 3])
    ws.append(["Stand", "Zoé", "$100"])
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")

    assert result.plan.currency == "EUR"
    assert ProblemCode.CURRENCIES_SEVERAL in {p.code for p in result.problems}


def test_status_progress_and_owners_as_people_type_them(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Action", "Responsable", "Statut", "Avancement"])
    ws.append(["Vidéo de présentation", "Zoé", "Terminé", 1])  # row 2
    ws.append(["Campagne de crowdfunding", "Arnaud, Zoé", "fait", "100 %"])
    ws.append(["Boutique mimine.fr", "Arnaud", "En cours", 0.7])  # row 4: shown as 70 %
    ws.append(["Newsletter", "Arnaud", "in progress", 45])  # shown as 45
    ws.append(["Animation de communauté", "Zoé", "bientôt", 450])  # row 6
    for row in (2, 4):
        ws[f"D{row}"].number_format = "0%"
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")
    assert [(a.status.value, a.progress) for a in result.plan.actions] == [
        ("done", D(100)),
        ("done", D(100)),
        ("in_progress", D(70)),
        ("in_progress", D(45)),
        ("todo", D(0)),  # the default: both cells are told below
    ]
    crowdfunding = result.plan.actions[1]
    assert (crowdfunding.owner, crowdfunding.participants) == ("Arnaud", ["Zoé"])
    assert where(result.problems) == [
        ("warning", "Sheet", "B3"),  # two owners: the first is the owner
        ("error", "Sheet", "C6"),
        ("error", "Sheet", "D6"),
        ("warning", "Sheet", ""),  # the fiscal year: no dates at all
    ]
    assert "'bientôt'" in result.problems[1].message
    assert "450" in result.problems[2].message


def test_amounts_in_thousands_or_in_another_currency_are_told(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["Task", "Owner", "Budget Q1 (k$)", "Budget Q2 ($)"])
    wb.active.append(["Trade show", "Lea", "1.5", "$2,500.00"])
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")
    assert result.plan.currency == "USD"
    # 1.5 k$ is 1 500 $: scaled, and said once (an info, not a warning)
    assert result.plan.actions[0].budget.values() == [D(1500), D(2500), D(0), D(0)]
    assert where(result.problems)[0] == ("info", "Sheet", "C1")
    assert result.problems[0].code == "unit-scaled"
    assert "thousands" in result.problems[0].message


def test_a_money_group_without_the_unit_of_the_other_is_told(tmp_path: Path) -> None:
    """Planned in k€, spent with no unit: the spend is read as written (3 600 € would be 3.6),
    and a warning at its header says so."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws.append(["Action", "Responsable", "Budget prévu (k€)", None, "Réalisé", None])
    ws.merge_cells("C1:D1")
    ws.merge_cells("E1:F1")
    ws.append([None, None, "T1", "T2", "T1", "T2"])
    ws.append(["Salon", "Zoé", 3, 1, 3.6, None])
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")

    assert result.plan.actions[0].budget.values()[:2] == [D(3000), D(1000)]
    assert result.plan.actions[0].actual.q1 == D("3.6")
    told = [(p.code, p.severity, p.cell) for p in result.problems][:2]
    assert told == [
        (ProblemCode.UNIT_SCALED, "info", "C2"),
        (ProblemCode.UNITS_MIXED, "warning", "E2"),
    ]


def test_a_workbook_without_a_plan_table(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Feuil1"
    wb.active.append(["Nom", "Prix"])
    wb.active.append(["Body évolutif", 29.9])
    wb.create_sheet("Vide")
    wb.save(tmp_path / "tarifs.xlsx")

    with pytest.raises(WorkbookError) as caught:
        read_table(tmp_path / "tarifs.xlsx")
    message = str(caught.value)
    assert "no plan table found: looked for a header row with 'Action'" in message
    assert "'Budget Q1'" in message
    assert "sheet 'Feuil1' row 1 has 'Nom', 'Prix'; sheet 'Vide' is empty" in message


def test_the_plan_sheet_need_not_be_the_first_and_hidden_sheets_are_skipped(
    tmp_path: Path,
) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Notes"
    wb.active.append(["Idées en vrac pour l'année"])
    old = wb.create_sheet("2023")
    old.append(["Action", "Budget T1"])
    old.append(["Salon", 900])
    old.sheet_state = "hidden"
    plan = wb.create_sheet("2024")
    plan.append(["Action", "Budget T1"])
    plan.append(["Vidéo et photos de présentation", 1250])
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")
    assert budgets(result) == {"Vidéo et photos de présentation": [D(1250), D(0), D(0), D(0)]}
    hidden = [p for p in result.problems if p.code is ProblemCode.SHEET_HIDDEN]
    assert where(hidden) == [("info", "2023", "")]  # (skipped, not without a word)


def test_dates_in_a_1904_workbook(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    wb.active.append(["Action", "Responsable", "Début", "Fin"])
    serial = (dt.date(2024, 2, 1) - dt.date(1904, 1, 1)).days  # a date typed as a plain number
    wb.active.append(["Newsletter", "Arnaud", serial, dt.datetime(2024, 12, 31)])
    wb.save(tmp_path / "mac.xlsx")

    action = read_table(tmp_path / "mac.xlsx").plan.actions[0]
    assert (action.start, action.end) == (dt.date(2024, 2, 1), dt.date(2024, 12, 31))


def test_an_open_workbook_is_read_as_is(tmp_path: Path) -> None:
    from xlplan.xlsx.grid import Book

    path = mimine_fr(tmp_path / "mimine.xlsx")
    book = Book(path)
    try:
        assert read_table(path, book).plan == read_table(path).plan
    finally:
        book.close()


def test_actions_without_an_id_are_numbered_past_the_ids_typed(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["ID", "Action", "Budget T1"])
    for ident, title in [("A3", "one"), (None, "two"), (None, "three"), ("A1", "four")]:
        wb.active.append([ident, title, 10])
    wb.active.append([None, "five", 10])
    wb.active.append(["A3", "six", 10])  # a second A3: a new id is given
    wb.save(tmp_path / "ids.xlsx")

    result = read_table(tmp_path / "ids.xlsx")
    # A1 and A3 are typed; the others take the free numbers in row order: A2, A4, A5, A6.
    assert [(a.id, a.title) for a in result.plan.actions] == [
        ("A3", "one"),
        ("A2", "two"),
        ("A4", "three"),
        ("A1", "four"),
        ("A5", "five"),
        ("A6", "six"),
    ]
    assert [(p.code.value, p.cell) for p in result.problems if p.cell == "A7"] == [
        ("id-duplicate", "A7")
    ]
