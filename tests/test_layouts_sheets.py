"""A KPI list and an owners list kept on their own sheets beside a hand-made plan table (issue #17,
item 6): build each fixture of `layouts_sheets` → import it (API and ``xlplan import``) and
report it (`xlplan.analyze` and ``xlplan report --format json``) → compare with the figures
worked out by hand there. Some are read again after LibreOffice re-saved them."""

from __future__ import annotations

import datetime as dt
import json
import math
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from click.testing import CliRunner
from layouts_sheets import EXPECTED, FIXTURES, SAVED_BY_LIBREOFFICE, Expected
from lo import recalculate_many

import xlplan
from xlplan.cli import main
from xlplan.errors import Problem
from xlplan.layout.spec import col_letter
from xlplan.reading.handmade_lists import read_lists
from xlplan.reading.list_words import list_key, loose, sheet_hint
from xlplan.reading.table import SheetGrid
from xlplan.xlsx.grid import Book

NAMES = sorted(FIXTURES)


def problems(found: list[Problem]) -> list[tuple[str, str, str]]:
    return [(p.code.value, p.sheet, p.cell) for p in found]


def check_plan(plan: xlplan.Plan, expected: Expected) -> None:
    """The plan's KPIs, objectives, owners and links, as worked out in the fixture."""
    assert [
        (k.id, k.name, k.objective or "", k.unit, k.direction.value, k.baseline, k.target)
        for k in plan.kpis
    ] == [
        (g.kpi, g.name, g.objective, g.unit, g.direction, g.baseline, g.target)
        for g in expected.kpis
    ]
    assert [k.actual.values() for k in plan.kpis] == [g.actual for g in expected.kpis]
    assert [o.title for o in plan.objectives] == expected.objectives
    assert [(o.name, o.role, o.contact, o.team) for o in plan.owners] == expected.owners
    assert {a.title: a.kpis for a in plan.actions} == expected.action_kpis
    assert {a.title: a.budget.values() for a in plan.actions} == expected.budgets
    for title, owner in expected.action_owners.items():
        assert next(a.owner for a in plan.actions if a.title == title) == owner


def same_number(found: Any, expected: float | Decimal | None) -> bool:
    if expected is None or found is None:
        return found is None and expected is None
    return math.isclose(float(found), float(expected), abs_tol=1e-9)


def check_gaps(rows: list[dict[str, Any]], expected: Expected) -> None:
    """KPI gaps as the report gives them (JSON records or DataFrame rows)."""
    days = (expected.as_of - expected.as_of.replace(month=1, day=1)).days + 1
    year = 366 if expected.as_of.year % 4 == 0 else 365
    assert [r["kpi"] for r in rows] == [g.kpi for g in expected.kpis]
    for row, gap in zip(rows, expected.kpis, strict=True):
        assert (row["name"], row["status"], row["unit"], row["direction"]) == (
            gap.name,
            gap.status,
            gap.unit,
            gap.direction,
        )
        latest = next((v for v in reversed(gap.actual) if v is not None), None)
        assert same_number(row["actual"], latest), (gap.kpi, row)
        assert same_number(row["gap"], gap.gap), (gap.kpi, row)
        assert same_number(row["attainment_pct"], gap.attainment_pct), (gap.kpi, row)
        assert same_number(row["expected_pct"], days / year * 100)


def nan_to_none(value: Any) -> Any:
    return None if isinstance(value, float) and math.isnan(value) else value


# --- the API -----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_the_lists_are_read_and_linked(name: str, tmp_path: Path) -> None:
    expected = EXPECTED[name]
    result = xlplan.read(FIXTURES[name](tmp_path))

    check_plan(result.plan, expected)
    assert problems(result.problems) == expected.problems


@pytest.mark.parametrize("name", NAMES)
def test_the_kpi_gaps_of_a_hand_made_workbook(name: str, tmp_path: Path) -> None:
    expected = EXPECTED[name]
    plan = xlplan.read(FIXTURES[name](tmp_path)).plan

    frame = xlplan.analyze(plan, as_of=expected.as_of).kpi_gaps
    rows = [{k: nan_to_none(v) for k, v in r.items()} for r in frame.to_dict("records")]
    check_gaps(rows, expected)


def test_half_way_from_2_to_4_percent() -> None:
    """The brief's example: baseline 2 %, target 4 %, actual 3 % is half way (cells formatted
    0 %), and 1 point is left to go."""
    clicks = next(g for g in EXPECTED["bob_fr"].kpis if g.name.startswith("Taux de clics dans"))
    assert (clicks.baseline, clicks.target, clicks.actual[0]) == (2, 4, 3)
    assert (clicks.attainment_pct, clicks.gap) == (50.0, 1)


# --- the command line --------------------------------------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_xlplan_report_json(name: str, tmp_path: Path) -> None:
    expected = EXPECTED[name]
    path = FIXTURES[name](tmp_path)
    result = CliRunner().invoke(
        main, ["report", str(path), "--format", "json", "--as-of", expected.as_of.isoformat()]
    )

    errors = any(p.severity == "error" for p in xlplan.read(path).problems)
    assert result.exit_code == (1 if errors else 0), result.output
    doc = json.loads(result.stdout)
    check_gaps(doc["kpi_gaps"], expected)
    assert [(p["code"], p["sheet"], p["cell"]) for p in doc["problems"]] == expected.problems


def test_xlplan_import_writes_the_listed_kpis_and_owners(tmp_path: Path) -> None:
    expected = EXPECTED["mimine_en"]
    path = FIXTURES["mimine_en"](tmp_path)
    out = tmp_path / "mimine.yaml"
    result = CliRunner().invoke(main, ["import", str(path), "-o", str(out)])

    assert result.exit_code == 0, result.output
    check_plan(xlplan.load_plan(out), expected)
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["owners"][0] == {
        "name": "Zoé",
        "role": "Founder, designer",
        "contact": "zoe@mimine.fr, +33 6 12 34 56 78",
        "team": "Studio",
    }
    assert "'Leah' is not in the owners list of sheet 'Sheet3' (closest: 'Léa')" in result.stderr


# --- LibreOffice -------------------------------------------------------------------------------
def test_the_same_workbooks_saved_by_libreoffice(tmp_path: Path) -> None:
    built = [FIXTURES[name](tmp_path) for name in SAVED_BY_LIBREOFFICE]
    saved = recalculate_many(built, tmp_path / "lo")

    for name, before, after in zip(SAVED_BY_LIBREOFFICE, built, saved, strict=True):
        expected = EXPECTED[name]
        read = xlplan.read(after)
        check_plan(read.plan, expected)
        assert read.plan == xlplan.read(before).plan
        assert problems(read.problems) == expected.problems


# --- nothing dropped without a word ------------------------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_every_cell_of_a_list_is_read_or_named_in_a_problem(name: str, tmp_path: Path) -> None:
    """Each non-empty cell of the list sheets is in the header, was read into a KPI or owner,
    or is named by a problem (its cell, or a range the message names)."""
    expected = EXPECTED[name]
    path = FIXTURES[name](tmp_path)
    told: list[Problem] = []

    def tell(code: Any, severity: Any, sheet: str, cell: str, message: Any) -> None:
        told.append(Problem.of(severity, message, code=code, sheet=sheet, cell=cell))

    with Book(path) as book:
        grids = [SheetGrid.load(book.sheet(s)) for s in expected.list_sheets]
        plan = xlplan.read(path).plan
        lists = read_lists(grids, plan.fiscal_year_start, tell)
        linked = xlplan.read(path).problems
    assert sorted(found.sheet for found in lists) == sorted(expected.list_sheets)
    named = {(p.sheet, p.cell) for p in [*told, *linked]}
    ranges = [(p.sheet, p.message) for p in told]
    for found in lists:
        grid = _grid(grids, found.sheet)
        read = {cell for item in found.items for cell in item.read}
        header = _header_cells(grid, found)
        for r, line in enumerate(grid.cells, 1):
            for c, value in enumerate(line, 1):
                if value in ("", None):
                    continue
                cell = f"{col_letter(c - 1)}{r}"
                covered = (
                    cell in read
                    or cell in header
                    or (grid.name, cell) in named
                    or any(sheet == grid.name and _in_range(cell, text) for sheet, text in ranges)
                )
                assert covered, (name, grid.name, cell, value)


def _grid(grids: list[SheetGrid], sheet: str) -> SheetGrid:
    return next(g for g in grids if g.name == sheet)


def _header_cells(grid: SheetGrid, found: Any) -> set[str]:
    """The header row's cells and those merged into it from the row above."""
    from xlplan.reading.handmade_lists import find_list

    header = find_list(grid)
    assert header is not None and header.kind == found.kind
    rows = (header.row - 1, header.row)
    return {f"{col_letter(c - 1)}{r}" for r in rows for c in range(1, grid.width + 1)}


def _in_range(cell: str, message: str) -> bool:
    """Whether `message` names `cell` (``C4 10``) or a one-column range holding it (``J4:J10``)."""
    import re

    if re.search(rf"(?<![A-Z:]){cell}(?![0-9:])", message):
        return True
    for first, top, last, bottom in re.findall(r"\b([A-Z]+)(\d+):([A-Z]+)(\d+)\b", message):
        col = "".join(ch for ch in cell if ch.isalpha())
        row = int(cell[len(col) :])
        if first == last == col and int(top) <= row <= int(bottom):
            return True
    return False


# --- the words ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("header", "kind", "key"),
    [
        ("Indicateur", "kpis", "name"),
        ("KPI", "kpis", "name"),
        ("Valeur de départ", "kpis", "baseline"),
        ("Baseline", "kpis", "baseline"),
        ("Cible", "kpis", "target"),
        ("Target value", "kpis", "target"),
        ("Unité", "kpis", "unit"),
        ("Sens", "kpis", "direction"),
        ("T3", "kpis", "actual_q3"),
        ("Réalisé T2", "kpis", "actual_q2"),
        ("Q4 actual", "kpis", "actual_q4"),
        ("1er trimestre", "kpis", "actual_q1"),
        ("janv. 25", "kpis", "calendar_1"),
        ("Sept", "kpis", "calendar_9"),
        ("Dec-2025", "kpis", "calendar_12"),
        ("M12", "kpis", "month_12"),
        ("Fréquence", "kpis", None),
        ("Cible T1", "kpis", None),
        ("Nom", "owners", "name"),
        ("Prénom", "owners", "first_name"),
        ("Fonction", "owners", "role"),
        ("E-mail", "owners", "contact"),
        ("Téléphone", "owners", "contact"),
        ("Équipe", "owners", "team"),
        ("Department", "owners", "team"),
        ("Budget", "owners", None),
    ],
)
def test_list_headers(header: str, kind: Any, key: str | None) -> None:
    assert list_key(header, kind) == key


def test_a_kpi_lists_months_are_the_plan_tables() -> None:
    """One declaration of the months (`periods`): each month word a plan table knows names the
    same calendar month in a KPI list, alone, with a year or under a measure word; and the
    fiscal months and dates the plan table reads, too."""
    from xlplan.reading.periods import MONTH_WORDS
    from xlplan.reading.vocabulary import header_key

    for word, (month, _) in MONTH_WORDS.items():
        for header in (word, f"{word} 25", f"Réalisé {word}", f"{word.title()}-2025"):
            assert list_key(header, "kpis") == f"calendar_{month}", header
            assert header_key(header) in (
                f"budget_month_0000_{month:02d}",
                f"budget_month_2025_{month:02d}",
                f"actual_month_0000_{month:02d}",
            ), header
    for header, key in (
        ("Réalisé M2", "month_2"),
        ("mois3", "month_3"),
        ("Month 12", "month_12"),
        ("03/2025", "calendar_3"),
        ("2025-03-01 00:00:00", "calendar_3"),
        ("mars avril", None),
    ):
        assert list_key(header, "kpis") == key, header


def test_sheet_names_are_hints_and_names_compare_loosely() -> None:
    hints = {
        "Indicateurs": "kpis",
        "KPI 2025": "kpis",
        "Suivi des KPI": "kpis",
        "Équipe": "owners",
        "Liste des responsables": "owners",
        "Owners": "owners",
        "Feuil2": None,
        "Synthèse par responsable": None,
        "Équipe marketing": None,
    }
    assert {name: sheet_hint(name) for name in hints} == hints
    assert loose("Nombre d’abonnés ") == loose("nombre d'ABONNES") == loose("Nombre  d' abonnes")
    assert loose("Taux de clics dans les e-mails") != loose("Taux de clics dans les emails")


# --- which sheets are lists --------------------------------------------------------------------
def test_lists_are_found_by_their_headers_and_a_sheet_name_is_a_hint(tmp_path: Path) -> None:
    """A copy of the plan table is never a list (though its *KPI* and *T1* columns name a KPI
    list's); a name column alone is a list only in a sheet named like one (*Équipe*); of two
    KPI lists the one naming more columns is read, the other is a `second-table` warning; a
    *Prénom* column goes before the *Nom*."""
    wb = openpyxl.Workbook()
    plan = wb.active
    plan.title = "Plan"
    header = ["Action", "KPI", "Responsable", "T1", "T2"]
    rows = [
        ["Salon bio", "Nombre de leads", "dupont", 2000],
        ["Relance des devis", "Panier moyen", "Ana Lima", 0, 300],
    ]
    for ws in (plan, wb.create_sheet("Plan (copie)")):
        ws.append(header)
        for row in rows:
            ws.append(row)
    team = wb.create_sheet("Équipe")
    team.append(["Prénom", "Nom"])
    team.append(["Jean", "Dupont"])
    team.append(["Ana", "Lima"])
    names = wb.create_sheet("Noms")  # (a name column alone, in a sheet named like no list)
    names.append(["Nom"])
    names.append(["Dupont"])
    small = wb.create_sheet("Résumé")
    small.append(["Indicateur", "Cible"])
    small.append(["Panier moyen", 50])
    full = wb.create_sheet("Suivi")
    full.append(["Indicateur", "Valeur de départ", "Cible", "T1"])
    full.append(["Nombre de leads", 0, 100, 30])
    full.append(["Panier moyen", 45, 50, 47])
    path = tmp_path / "sheets.xlsx"
    wb.save(path)

    result = xlplan.read(path)

    assert [(k.name, k.baseline, k.target, k.actual.q1) for k in result.plan.kpis] == [
        ("Nombre de leads", 0, 100, 30),
        ("Panier moyen", 45, 50, 47),
    ]
    # "dupont" is not "Jean Dupont": not linked (but suggested); "Ana Lima" is
    assert [o.name for o in result.plan.owners] == ["Jean Dupont", "Ana Lima", "dupont"]
    assert [a.owner for a in result.plan.actions] == ["dupont", "Ana Lima"]
    assert problems(result.problems) == [
        ("second-table", "Plan (copie)", "A1"),
        ("fiscal-year-assumed", "Plan", ""),
        ("second-table", "Résumé", "A1"),
        ("owner-unlisted", "Plan", "C2"),
    ]
    assert "(closest: 'Jean Dupont')" in result.problems[-1].message


def test_a_summary_by_owner_is_no_list_and_a_total_row_is_no_owner(tmp_path: Path) -> None:
    """*Synthèse par responsable* (owner | budget, a Total row) is a summary, not a list: nothing
    read, nothing said. The same table in a sheet named *Responsables* is the owners list: its
    Total row and its budget column are named, not imported."""
    wb = openpyxl.Workbook()
    plan = wb.active
    plan.title = "Plan"
    plan.append(["Action", "Responsable", "Budget T1", "Début"])
    plan.append(["Vidéo", "zoé", 1250, dt.date(2024, 1, 8)])
    for name in ("Synthèse par responsable", "Responsables"):
        ws = wb.create_sheet(name)
        ws.append(["Responsable", "Budget"])
        ws.append(["Zoé", 1250])
        ws.append(["Total", 1250])
    path = tmp_path / "summary.xlsx"
    wb.save(path)

    result = xlplan.read(path)

    assert [o.name for o in result.plan.owners] == ["Zoé"]
    assert result.plan.actions[0].owner == "Zoé"
    assert problems(result.problems) == [
        ("fiscal-year-assumed", "Plan", "D2"),
        ("list-cell-ignored", "Responsables", "A3"),  # the total row
        ("list-cell-ignored", "Responsables", "B1"),  # Budget, B2:B3
    ]
    assert "(B2:B3)" in result.problems[-1].message


@pytest.mark.parametrize("name", ["bob_fr", "mimine_en"])
def test_the_lists_build_into_an_xlplan_workbook_and_read_back(name: str, tmp_path: Path) -> None:
    """The listed KPIs (figures, units, directions) and owners (role, contact, team) go into
    xlplan's own workbook and come back unchanged."""
    plan = xlplan.read(FIXTURES[name](tmp_path)).plan
    xlplan.build(plan, tmp_path / "built.xlsx")

    back = xlplan.read(tmp_path / "built.xlsx").plan
    check_plan(back, EXPECTED[name])
    assert (back.kpis, back.owners) == (plan.kpis, plan.owners)


def test_a_numeric_objectif_column_is_the_target(tmp_path: Path) -> None:
    """*Objectif* holding numbers, with no *Cible* column, is the KPIs' target (French sheets
    often say so); holding texts, it is their objective (`bob_fr`)."""
    wb = openpyxl.Workbook()
    plan = wb.active
    plan.title = "Plan"
    plan.append(["Action", "KPI", "T1"])
    plan.append(["Tournées", "Nouveaux clients", 1500])
    kpis = wb.create_sheet("Objectifs chiffrés")
    kpis.append(["Indicateur", "Objectif", "Réalisé"])
    kpis.append(["Nouveaux clients", 40, 15])
    kpis.append(["Panier moyen", "50 €", None])
    wb.save(tmp_path / "objectif.xlsx")

    plan_read = xlplan.read(tmp_path / "objectif.xlsx").plan

    assert [(k.name, k.objective, k.target, k.actual.q1) for k in plan_read.kpis] == [
        ("Nouveaux clients", None, 40, 15),  # the one measure: Q1's
        ("Panier moyen", None, 50, None),
    ]
    assert plan_read.objectives == []


def test_an_owners_list_with_first_and_last_names(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws.append(["Action", "Owner", "Q1"])
    ws.append(["Ads", "Jean Dupont", 100])
    team = wb.create_sheet("Team")
    team.append(["First name", "Last name", "Role", "Email"])
    team.append(["Jean", "Dupont", "Marketing", "jean@example.com"])
    wb.save(tmp_path / "plan.xlsx")

    result = xlplan.read(tmp_path / "plan.xlsx")

    assert [(o.name, o.role, o.contact) for o in result.plan.owners] == [
        ("Jean Dupont", "Marketing", "jean@example.com")
    ]
