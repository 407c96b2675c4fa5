"""Re-import: xlplan workbooks come back as the same plan, with the team's edits."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES, sample
from editing import insert_row
from lo import recalculate
from sheets import column, error_cells, load

import xlplan
from xlplan.errors import ProblemCode
from xlplan.reading.own import WorkbookError, read, read_book
from xlplan.writing.workbook import build
from xlplan.xlsx.grid import Book

AS_OF = dt.date(2024, 7, 1)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_build_then_read_gives_the_same_plan(path: Path, lang: str, tmp_path: Path) -> None:
    plan = xlplan.load_plan(path)
    result = read(build(plan, tmp_path / "w.xlsx", lang=lang, as_of=AS_OF))  # type: ignore[arg-type]
    assert result.problems == []
    assert result.plan == plan.model_copy(update={"language": lang})


def test_read_then_build_then_read_is_stable(tmp_path: Path) -> None:
    first = read(build(sample("bob"), tmp_path / "a.xlsx", as_of=AS_OF)).plan
    second = read(build(first, tmp_path / "b.xlsx", as_of=AS_OF)).plan
    assert second == first


def test_a_quarter_of_team_edits_saved_by_libreoffice(tmp_path: Path) -> None:
    """The Mimine plan after a quarter of work: every edit is read back, nothing else moves."""
    built = build(sample("mimine"), tmp_path / "mimine.xlsx", as_of=AS_OF)
    wb = load(built)
    plan = wb["Plan d'action"]
    col = {
        h: column(plan, h)
        for h in (
            "Action",
            "Objectif(s)",
            "Responsable",
            "Statut",
            "Début",
            "Fin",
            "Budget T3",
            "Total",
            "Notes",
        )
    }
    # Rows 5..18 hold A1..A14. A new action inserted before A5 (row 9), without an ID.
    insert_row(wb, "Plan d'action", 9)
    for header, value in (
        ("Action", "Salon Kids Expo"),
        ("Objectif(s)", "O5"),
        ("Responsable", "Zoé"),
        ("Statut", "À faire"),
        ("Budget T3", 800),
    ):
        plan[f"{col[header]}9"] = value
    plan[f"{col['Début']}9"] = dt.datetime(2024, 9, 10)
    plan[f"{col['Fin']}9"] = dt.datetime(2024, 9, 12)
    plan[f"{col['Fin']}11"] = dt.datetime(2024, 8, 31)  # A6, the website, moved to August…
    plan[f"{col['Statut']}11"] = "Terminé"  # …and done
    plan[f"{col['Total']}5"] = 999  # A1's total overwritten by a constant
    extra = chr(ord(col["Notes"]) + 1)
    plan[f"{extra}4"] = "Pays"  # a column the team added
    plan[f"{extra}5"] = "France"
    plan[f"{column(plan, 'Réel T4')}17"] = 4200  # A12's advertorial, on its own row
    wb.move_sheet("Synthèse", offset=-7)  # sheets reordered
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    saved = recalculate(edited, tmp_path / "lo")
    assert error_cells(saved) == []

    result = read(saved)
    got = result.plan
    assert len(got.actions) == 15
    new = got.actions[4]
    assert (new.id, new.title, new.owner, new.objectives) == (
        "A15",
        "Salon Kids Expo",
        "Zoé",
        ["O5"],
    )
    assert new.budget.values() == [0, 0, 800, 0]
    website = next(a for a in got.actions if a.id == "A6")
    assert (website.end, website.status) == (dt.date(2024, 8, 31), xlplan.Status.DONE)
    advertorial = next(a for a in got.actions if a.id == "A12")
    assert advertorial.actual.q4 == 4200
    assert got.actions[0].extra == {"Pays": "France"}
    # Every other figure is the sample's: planned 1 250 / 3 030 / 13 550 + 800 / 10 299.
    quarters = [sum((a.budget.values()[q] for a in got.actions), Decimal(0)) for q in range(4)]
    assert quarters == [1250, 3030, 14350, 10299]
    where = {(p.sheet, p.cell): p for p in result.problems}
    overwritten = where[("Plan d'action", f"{col['Total']}5")]
    assert "999" in overwritten.message and "800" in overwritten.message
    assert ("Plan d'action", f"{col['Total']}9") in where  # the inserted row has no formula
    # LibreOffice agrees: the dashboard's planned Q3 counts the inserted row.
    dash = load(saved, data_only=True)["Synthèse"]
    assert [c.value for c in dash[9][1:6]] == [1250, 3030, 14350, 10299, 28929]


def test_unreadable_cells_are_problems_with_their_cell(tmp_path: Path) -> None:
    wb = load(build(sample("bob"), tmp_path / "bob.xlsx", as_of=AS_OF))
    plan = wb["Plan d'action"]
    plan[f"{column(plan, 'Budget T2')}6"] = "douze"
    plan[f"{column(plan, 'Début')}7"] = "31/02/2023"
    plan[f"{column(plan, 'Réel T1')}5"] = "#REF!"
    plan[f"{column(plan, 'Réel T1')}6"] = "1\u202f250,50 €"  # money typed as text: fine
    wb.save(tmp_path / "edited.xlsx")
    result = read(tmp_path / "edited.xlsx")
    problems = result.problems
    assert result.plan.actions[1].actual.q1 == Decimal("1250.50")
    cells = {(p.sheet, p.cell, p.severity) for p in problems}
    assert ("Plan d'action", f"{column(plan, 'Budget T2')}6", "error") in cells
    assert ("Plan d'action", f"{column(plan, 'Début')}7", "error") in cells
    ref = next(p for p in problems if "#REF!" in p.message)
    assert (ref.sheet, ref.cell) == ("Plan d'action", f"{column(plan, 'Réel T1')}5")
    douze = next(p for p in problems if "douze" in p.message)
    assert "expected" in douze.message


def test_refuses_a_newer_workbook_schema(tmp_path: Path) -> None:
    wb = load(build(sample("bob"), tmp_path / "bob.xlsx", as_of=AS_OF))
    wb["_meta"]["B2"] = 99
    wb.save(tmp_path / "future.xlsx")
    with pytest.raises(WorkbookError, match="schema version 99"):
        read(tmp_path / "future.xlsx")


@pytest.fixture
def edited_v1(tmp_path: Path) -> Path:
    """A version-1 workbook (the Mimine plan, `tests/v1`: actuals typed in budget tracking, the
    sheet read in a thread of its own) with actuals typed, a computed cell overwritten and an
    error value."""
    wb = load(ROOT / "tests" / "v1" / "mimine.fr.xlsx")
    suivi = wb["Suivi budgétaire"]
    suivi[f"{column(suivi, 'Réel T1')}5"] = 1200
    suivi[f"{column(suivi, 'Réel T2')}6"] = "#REF!"
    suivi[f"{column(suivi, 'Écart total')}7"] = 5
    wb.save(tmp_path / "edited.xlsx")
    return tmp_path / "edited.xlsx"


def test_the_budget_sheet_read_in_a_thread_gives_the_same_result(edited_v1: Path) -> None:
    with Book(edited_v1, prefetch_from=None) as book:
        alone = read_book(edited_v1, book)
    with Book(edited_v1, prefetch_from=0) as book:  # (Mimine's plan is far below the real size)
        threaded = read_book(edited_v1, book)
    assert threaded.plan == alone.plan
    assert threaded.problems == alone.problems
    assert alone.plan.actions[0].actual.q1 == 1200
    assert {"#REF!", "overwritten"} <= {w for p in alone.problems for w in p.message.split()}


def test_a_hostile_budget_sheet_is_refused_from_the_thread_too(
    edited_v1: Path, tmp_path: Path
) -> None:
    from hostile import BILLION_LAUGHS, edit_member, with_doctype

    suivi = "xl/worksheets/sheet5.xml"  # (Guide, Plan, Objectifs, KPI, Suivi budgétaire, …)
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(
        edit_member(edited_v1.read_bytes(), suivi, lambda x: with_doctype(x, BILLION_LAUGHS))
    )
    with (
        pytest.raises(WorkbookError, match=f"'{suivi}' declares an XML document type"),
        Book(bomb, prefetch_from=0) as book,
    ):
        read_book(bomb, book)
    assert threading.active_count() == 1  # (the thread was waited for)


def test_error_values_of_the_sheets_read_for_nothing_else_are_found_from_a_thread(
    tmp_path: Path,
) -> None:
    # The timeline, the dashboard and budget tracking (version 2) are searched for error values
    # only, in a thread when they are large; Mimine's are not, hence `prefetch_from=0`.
    wb = load(build(sample("mimine"), tmp_path / "built.xlsx", as_of=AS_OF))
    wb["Rétroplanning"]["C8"] = "#REF!"
    wb["Synthèse"]["B4"] = "#DIV/0!"
    wb["Suivi budgétaire"]["A30"] = "#N/A"
    wb.save(tmp_path / "errors.xlsx")
    with Book(tmp_path / "errors.xlsx", prefetch_from=None) as book:
        alone = read_book(tmp_path / "errors.xlsx", book)
    with Book(tmp_path / "errors.xlsx", prefetch_from=0) as book:
        threaded = read_book(tmp_path / "errors.xlsx", book)
    assert threading.active_count() == 1  # (the thread was waited for)
    assert threaded.problems == alone.problems
    assert {(p.sheet, p.cell) for p in alone.problems if p.code is ProblemCode.ERROR_VALUE} == {
        ("Rétroplanning", "C8"),
        ("Synthèse", "B4"),
        ("Suivi budgétaire", "A30"),
    }


@pytest.mark.parametrize("blank_row", [False, True], ids=["title-on-header", "blank-row-between"])
def test_a_title_merged_over_the_table_is_its_title_not_a_group_label(
    blank_row: bool, tmp_path: Path
) -> None:
    """A hand-made table whose title is merged over its full width above the header row."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Plan d'action 2024"
    ws.merge_cells("A1:L1")
    if blank_row:
        ws.append([])
    quarters = ("T1", "T2", "T3", "T4")
    ws.append(
        ["Action", "Objectif", "KPI", "Responsable"]
        + [f"Budget {q}" for q in quarters]
        + [f"Réel {q}" for q in quarters]
    )
    ws.append(["Newsletter", "Fidélisation", "Taux d'ouverture", "Arnaud", 0, 30, 50, 199, 0, 30])
    ws.append(["Vidéo", "Notoriété", None, "Zoé", 1250])
    wb.save(tmp_path / "plan.xlsx")

    plan = read(tmp_path / "plan.xlsx").plan
    assert plan.name == "Plan d'action 2024"
    assert [(a.title, a.owner, a.budget.values()) for a in plan.actions] == [
        ("Newsletter", "Arnaud", [Decimal(0), Decimal(30), Decimal(50), Decimal(199)]),
        ("Vidéo", "Zoé", [Decimal(1250), Decimal(0), Decimal(0), Decimal(0)]),
    ]
    assert plan.actions[0].actual.values() == [Decimal(0), Decimal(30), None, None]
    assert [o.title for o in plan.objectives] == ["Fidélisation", "Notoriété"]


def test_an_error_value_or_a_time_in_an_extra_column_is_kept_as_text(tmp_path: Path) -> None:
    """An extra column added by hand to an xlplan workbook: a #REF! is kept as text, with a
    warning at its cell; a time of day (which the plan's extra values cannot hold) as text."""
    wb = load(build(sample("bob"), tmp_path / "bob.xlsx", as_of=AS_OF))
    ws = wb["Plan d'action"]
    col = ws.max_column + 1
    ws.cell(4, col, "Pays")
    ws.cell(5, col, "#REF!").data_type = "e"
    ws.cell(6, col, dt.time(8, 30))
    wb.save(tmp_path / "edited.xlsx")

    result = read(tmp_path / "edited.xlsx")
    assert [a.extra for a in result.plan.actions[:3]] == [
        {"Pays": "#REF!"},
        {"Pays": "08:30:00"},
        {},
    ]
    letter = ws.cell(4, col).column_letter
    assert [(p.code, p.severity, p.sheet, p.cell) for p in result.problems] == [
        (ProblemCode.ERROR_VALUE, "warning", "Plan d'action", f"{letter}5")
    ]


@pytest.mark.parametrize(
    ("name", "lang"),
    [("Plan", "fr"), ("Mission", "fr"), ("Devise", "fr"), ("Plan", "en"), ("Currency", "en")],
)
def test_a_plan_named_like_a_guide_label_reads_back_its_name(
    name: str, lang: str, tmp_path: Path
) -> None:
    # The guide's title (A1) is the plan's name: it must not be taken for the setting of that
    # label, whose value (B1) is empty.
    plan = xlplan.Plan(name=name, fiscal_year_start=dt.date(2024, 1, 1), language=lang)
    result = read(build(plan, tmp_path / "p.xlsx", as_of=AS_OF))
    assert result.plan.name == name
    assert result.plan.currency == "EUR"
    assert result.problems == []


def test_an_owner_named_total_is_an_owner(tmp_path: Path) -> None:
    """The owners sheet has no ids, hence no total row: a person may be called so."""
    plan = xlplan.Plan(
        name="Total",
        year=2024,
        owners=[xlplan.Owner(name="TOTAL"), xlplan.Owner(name="Zoé")],
        actions=[xlplan.Action(title="Salon", owner="TOTAL")],
    )
    xlplan.build(plan, tmp_path / "plan.xlsx")

    result = xlplan.read(tmp_path / "plan.xlsx")

    assert [o.name for o in result.plan.owners] == ["TOTAL", "Zoé"]
    assert result.plan.actions[0].owner == "TOTAL"
