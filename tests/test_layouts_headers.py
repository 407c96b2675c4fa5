"""Hand-made tables laid out by their columns as people lay them out (issue #17): every fixture
of `layouts_headers` is read and its figures compared with those worked out by hand there —
planned and spent per quarter, per owner, per main objective, the overruns, the problems, the
fiscal year and the months kept for the monthly model."""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from layouts_headers import EN_MONTHS, EXPECTED, FIXTURES, FR_MONTHS, NEWS, VIDEO

from xlplan.analysis import budget
from xlplan.reading.handmade import read_table
from xlplan.reading.vocabulary import header_key

D = Decimal


@pytest.mark.parametrize("name", list(FIXTURES))
def test_each_layout_reads_as_worked_out_by_hand(name: str, tmp_path: Path) -> None:
    expected = EXPECTED[name]
    result = read_table(FIXTURES[name](tmp_path))
    plan = result.plan

    assert [(p.code.value, p.severity, p.cell) for p in result.problems] == expected.problems
    assert plan.fiscal_year_start == expected.fiscal_year_start
    sums = budget.sums(plan)
    assert tuple(sums.totals.planned) == expected.planned
    assert tuple(sums.totals.actual) == expected.actual
    owners = {g.owner: (D(str(g.planned)), D(str(g.actual))) for g in budget.by_owner(plan, sums)}
    assert {k: v for k, v in owners.items() if k} == expected.owners
    objectives = {g.title: D(str(g.planned)) for g in budget.by_objective(plan, sums) if g.title}
    assert objectives == expected.objectives
    overruns = {(o.action, o.period): o.overrun for o in budget.overruns(sums)}
    assert overruns == expected.overruns
    for title, extra in expected.extra.items():
        (action,) = [a for a in plan.actions if a.title == title]
        assert action.extra == extra


@pytest.mark.parametrize("name", [n for n, e in EXPECTED.items() if e.months])
def test_monthly_layouts_keep_the_twelve_months_in_fiscal_order(name: str, tmp_path: Path) -> None:
    """The rows keep their 12 months for the monthly model (`ActionRow.months_planned`)."""
    from xlplan.reading.handmade import _TableReader
    from xlplan.reading.table import SheetGrid, best_header
    from xlplan.xlsx.grid import Book

    path = FIXTURES[name](tmp_path)
    book = Book(path)
    try:
        grid = SheetGrid.load(book.sheet(book.sheetnames[0]))
        header = best_header(grid)
        assert header is not None
        reader = _TableReader(path, book.date1904, grid, header)
        reader.read_rows(reader.check_header())
    finally:
        book.close()
    months = {row.data["title"]: row.months_planned for row in reader.rows}
    assert months == EXPECTED[name].months


def test_the_issues_two_row_header_no_longer_reads_a_nameless_action(tmp_path: Path) -> None:
    """Issue #17's first case: the second header row was an action without a name and every
    amount was 0."""
    result = read_table(FIXTURES["two_row_fr"](tmp_path))
    assert not any(p.code == "row-without-action" for p in result.problems)
    assert result.plan.actions[0].title == "Vidéo de présentation"
    newsletter = next(a for a in result.plan.actions if a.title == NEWS)
    assert newsletter.budget.values() == [D(0), D(30), D(50), D(199)]
    assert newsletter.actual.values() == [D(0), D(30), None, None]


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("janv.", "budget_month_0000_01"),
        ("Janvier", "budget_month_0000_01"),
        ("Jan", "budget_month_0000_01"),
        ("January", "budget_month_0000_01"),
        ("janv. 25", "budget_month_2025_01"),
        ("Jan-2025", "budget_month_2025_01"),
        ("01/2025", "budget_month_2025_01"),
        ("Budget févr.", "budget_month_0000_02"),
        ("Réel août", "actual_month_0000_08"),
        ("Spent Dec-25", "actual_month_2025_12"),
        (dt.datetime(2025, 4, 1), "budget_month_2025_04"),
        ("M1", "budget_fmonth_01"),
        ("Mois 12", "budget_fmonth_12"),
        ("S1", "budget_semester_1"),
        ("1er semestre", "budget_semester_1"),
        ("H2", "budget_semester_2"),
        ("Budget T1 (k€)", "budget_q1"),
        ("Q1 budget (€)", "budget_q1"),
        ("Marché", None),
    ],
)
def test_period_headers(header: object, key: str | None) -> None:
    assert header_key(header) == key


def test_a_group_word_typed_without_a_merge_qualifies_the_columns_to_its_right(
    tmp_path: Path,
) -> None:
    """``Prévu`` in C1 and ``Dépensé`` in G1, not merged, over T1 … T4 each."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Action", "Responsable", "Prévu", None, None, None, "Dépensé"])
    ws.append([None, None, "T1", "T2", "T3", "T4", "T1", "T2", "T3", "T4"])
    ws.append([NEWS, "Arnaud", 0, 30, 50, 199, 0, 30])
    wb.save(tmp_path / "plan.xlsx")

    (action,) = read_table(tmp_path / "plan.xlsx").plan.actions
    assert action.budget.values() == [D(0), D(30), D(50), D(199)]
    assert action.actual.values() == [D(0), D(30), None, None]


def test_a_month_given_twice_is_told_and_the_first_is_read(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mimine 2024"])
    ws.append(["Action", "Responsable", "janv.", "févr.", "Janvier", "Feb"])
    ws.append([NEWS, "Arnaud", 10, 20, 99, 98])
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")
    (action,) = result.plan.actions
    assert action.budget.values() == [D(30), D(0), D(0), D(0)]
    assert [(p.code.value, p.cell) for p in result.problems] == [
        ("column-duplicate", "E2"),
        ("column-duplicate", "F2"),
        ("fiscal-year-assumed", "A1"),
    ]
    assert action.extra == {"Janvier": 99, "Feb": 98}


def test_a_month_outside_the_fiscal_year_is_told_not_read(tmp_path: Path) -> None:
    """Twelve months Jan-24 … Dec-24 tell the fiscal year; a thirteenth, Jan-25, is outside."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Task", "Owner", *(f"{m}-24" for m in EN_MONTHS), "Jan-25"])
    ws.append([NEWS, "Arnaud", *range(1, 13), 50])
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")
    (action,) = result.plan.actions
    # 1 + 2 + 3, 4 + 5 + 6, 7 + 8 + 9, 10 + 11 + 12
    assert action.budget.values() == [D(6), D(15), D(24), D(33)]
    assert result.plan.fiscal_year_start == dt.date(2024, 1, 1)
    assert [(p.code.value, p.cell) for p in result.problems] == [("date-outside-year", "O1")]


def test_weeks_named_s1_s2_s3_are_no_semesters(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Action", "Responsable", "Budget T1", "S1", "S2", "S3"])
    ws.append([NEWS, "Arnaud", 0, "x", None, "x"])
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")
    assert not any(p.code == "semester-column" for p in result.problems)
    assert result.plan.actions[0].extra == {"S1": "x", "S3": "x"}


def test_quarter_subtotals_beside_months_are_checked_not_read(tmp_path: Path) -> None:
    """``janv. févr. mars T1 avr. …``: each T is the sum of its three months; a wrong one is
    told, and the months are kept."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mimine 2024"])
    months = [["janv.", "févr.", "mars"], ["avr.", "mai", "juin"]]
    ws.append(["Action", "Responsable", *months[0], "T1", *months[1], "T2"])
    # the newsletter's first half: 0 + 0 + 0 = 0 in T1, 10 + 10 + 10 = 30 in T2
    ws.append([NEWS, "Arnaud", 0, 0, 0, 0, 10, 10, 10, 30])
    # Etsy's boost: 250 + 250 = 500 in T2, typed 550
    ws.append(["Boost Etsy", "Arnaud", None, None, None, None, 250, 250, None, 550])
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")
    assert [a.budget.values() for a in result.plan.actions] == [
        [D(0), D(30), D(0), D(0)],
        [D(0), D(500), D(0), D(0)],
    ]
    assert [(p.code.value, p.cell) for p in result.problems] == [
        ("total-mismatch", "J4"),
        ("fiscal-year-assumed", "A1"),
    ]
    assert "250 + 250 + 0 = 500" in result.problems[0].message


@pytest.mark.parametrize(
    ("header", "figure", "euros"),
    [
        ("Budget T1 (k€)", "1,5", D(1500)),
        ("Budget T1 (K€)", 2, D(2000)),
        ("Budget T1 (M€)", "0,25", D(250_000)),
        ("Budget T1 en milliers d'euros", 0.125, D(125)),
        ("Q1 budget (thousands)", 3, D(3000)),
        ("Q1 budget (€)", "1 250,00 €", D(1250)),
    ],
)
def test_units_in_headers(header: str, figure: object, euros: Decimal, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["Action", "Responsable", header])
    wb.active.append([NEWS, "Arnaud", figure])
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")
    assert result.plan.actions[0].budget.q1 == euros
    scaled = [p for p in result.problems if p.code == "unit-scaled"]
    assert [(p.severity, p.cell) for p in scaled] == ([] if euros == 1250 else [("info", "C1")])


def test_an_info_is_shown_but_changes_no_exit_code_even_with_strict(tmp_path: Path) -> None:
    """Months with their year (no fiscal-year warning) in k€: the only problem is the info."""
    from click.testing import CliRunner

    from xlplan.cli import main

    wb = openpyxl.Workbook()
    wb.active.append(["Action", "Responsable", *(f"{m}-25 (k€)" for m in EN_MONTHS)])
    wb.active.append([NEWS, "Arnaud", *[0.1] * 12])
    wb.save(tmp_path / "plan.xlsx")

    out = tmp_path / "plan.yaml"
    found = CliRunner().invoke(main, ["import", str(tmp_path / "plan.xlsx"), "-o", str(out)])
    assert found.exit_code == 0, found.output
    assert "info: " in found.stderr and "thousands" in found.stderr
    strict = ["import", str(tmp_path / "plan.xlsx"), "-o", str(out), "--strict", "--force"]
    assert CliRunner().invoke(main, strict).exit_code == 0
    # 0.1 k€ a month: 300 € a quarter
    assert read_table(tmp_path / "plan.xlsx").plan.actions[0].budget.values() == [D(300)] * 4


def test_a_year_merged_over_month_names_and_an_unlabelled_total_row(tmp_path: Path) -> None:
    """``2025`` merged over ``avr. … mars`` (the year of every month: April 2025 to March 2026
    is not said, so the months without their own year are April … March of a year starting in
    April); a row of sums without a label is a total row, not an action without a name."""
    wb = openpyxl.Workbook()
    ws = wb.active
    fiscal = FR_MONTHS[3:] + FR_MONTHS[:3]
    ws.append(["Action", "Responsable", "Budget 2025"])
    ws.append([None, None, *fiscal])
    ws.merge_cells("C1:N1")
    ws.merge_cells("A1:A2")
    ws.merge_cells("B1:B2")
    ws.append([NEWS, "Arnaud", *range(1, 13)])  # April 1 € … March 12 €
    ws.append(["Boost Etsy", "Arnaud", 250, 250])
    ws.append([None, None, 251, 252, *range(3, 13)])  # the sums of the two rows above
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")
    assert result.plan.fiscal_year_start == dt.date(2025, 4, 1)
    # Q1 = April + May + June = 1 + 2 + 3 (+ 250 + 250); Q2 4 + 5 + 6; Q3 7 + 8 + 9; Q4 10 + 11 + 12
    assert [a.budget.values() for a in result.plan.actions] == [
        [D(6), D(15), D(24), D(33)],
        [D(500), D(0), D(0), D(0)],
    ]
    assert result.problems == []


def test_thousands_said_only_in_the_title_are_told_not_guessed(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mimine 2024 — budget en k€"])
    ws.append(["Action", "Responsable", "Budget T1"])
    ws.append([NEWS, "Arnaud", "1,5"])
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")
    assert result.plan.actions[0].budget.q1 == D("1.5")  # as written
    assert [(p.code.value, p.severity, p.cell) for p in result.problems] == [
        ("thousands", "warning", "A1"),
        ("fiscal-year-assumed", "warning", "A1"),
    ]


def test_month_columns_of_a_timeline_are_extra_columns_not_amounts(tmp_path: Path) -> None:
    """A Gantt-like schedule: ``x`` in the months an action runs; its budget per quarter."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mimine 2024"])
    ws.append(["Action", "Responsable", "Budget T1", "Budget T2", "janv.", "févr.", "mars"])
    ws.append([VIDEO, "Zoé", 800, None, "x", "x", None])
    ws.append([NEWS, "Arnaud", 0, 30, None, "x", "x"])
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")
    assert [a.budget.values() for a in result.plan.actions] == [
        [D(800), D(0), D(0), D(0)],
        [D(0), D(30), D(0), D(0)],
    ]
    assert result.plan.actions[1].extra == {"févr.": "x", "mars": "x"}
    assert [p.code.value for p in result.problems] == ["fiscal-year-assumed"]


def test_a_group_word_typed_without_a_merge_leaves_the_other_columns_alone(
    tmp_path: Path,
) -> None:
    """``Réalisé`` typed over the spent quarters does not rename the ``Commentaire`` after them."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Action", "Responsable", "Prévu", None, "Réalisé"])
    ws.append([None, None, "T1", "T2", "T1", "T2", "Commentaire"])
    ws.append([NEWS, "Arnaud", 0, 30, 0, 25, "MailChimp"])
    wb.save(tmp_path / "plan.xlsx")

    (action,) = read_table(tmp_path / "plan.xlsx").plan.actions
    assert action.budget.values()[:2] == [D(0), D(30)]
    assert action.actual.values()[:2] == [D(0), D(25)]
    assert action.notes == "MailChimp"


def test_one_group_word_typed_over_the_spent_quarters_alone(tmp_path: Path) -> None:
    """``Réel`` typed once over the second T1 … T2, the first ones unlabelled (planned)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([None, None, None, None, "Réel"])
    ws.append(["Action", "Responsable", "T1", "T2", "T1", "T2"])
    ws.append([NEWS, "Arnaud", 0, 30, 0, 25])
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")
    (action,) = result.plan.actions
    assert action.budget.values()[:2] == [D(0), D(30)]
    assert action.actual.values()[:2] == [D(0), D(25)]
    assert [p.code.value for p in result.problems] == ["fiscal-year-assumed"]


# --- any amounts, in any of these layouts ---------------------------------------------------------
_cents = st.integers(min_value=0, max_value=10_000_000).map(lambda c: D(c) / 100)
_month = st.one_of(st.none(), _cents)
_action = st.tuples(
    st.lists(_month, min_size=12, max_size=12), st.lists(_month, min_size=3, max_size=3)
)
_LAYOUTS = ("months_fr_merged", "jan_25", "m_loose", "dates_april", "quarters_two_rows")


def _write(layout: str, actions: list[tuple[list, list]], path: Path) -> None:
    """`actions` (12 planned months, 3 spent months, in the fiscal year's order) laid out as
    `layout`, with openpyxl."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mimine 2024"])
    if layout == "months_fr_merged":
        ws.append(["Action", "Budget prévu", *[None] * 11, "Réalisé"])
        ws.append([None, *FR_MONTHS, *FR_MONTHS[:3]])
        ws.merge_cells("B2:M2")
        ws.merge_cells("N2:P2")
    elif layout == "jan_25":
        ws.append(
            ["Task", *(f"{m}-25" for m in EN_MONTHS), *(f"Actual {m}-25" for m in EN_MONTHS[:3])]
        )
    elif layout == "m_loose":
        ws.append(["Task", "Planned", *[None] * 11, "Actual"])
        ws.append([None, *(f"M{m}" for m in range(1, 13)), "M1", "M2", "M3"])
    elif layout == "dates_april":
        heads = [dt.datetime(2025 + (m < 4), m, 1) for m in (*range(4, 13), 1, 2, 3)]
        ws.append(["Task", "Planned", *[None] * 11, "Actual"])
        ws.append([None, *heads, *heads[:3]])
        for cell in ws[ws.max_row][1:]:
            cell.number_format = "mmm-yy"
    else:  # quarters: the months summed by the person who typed the table
        ws.append(["Action", "Prévu", None, None, None, "Réel"])
        ws.append([None, "T1", "T2", "T3", "T4", "T1"])
    for n, (planned, spent) in enumerate(actions, start=1):
        if layout == "quarters_two_rows":
            quarters = [_sum(planned[3 * q : 3 * q + 3]) for q in range(4)]
            ws.append([f"Action {n}", *quarters, _sum(spent)])
        else:
            ws.append([f"Action {n}", *planned, *spent])
    wb.save(path)


def _sum(months: list[Decimal | None]) -> Decimal | None:
    given = [m for m in months if m is not None]
    return sum(given, D(0)) if given else None


@settings(max_examples=40, deadline=None, database=None)
@given(st.sampled_from(_LAYOUTS), st.lists(_action, min_size=1, max_size=4))
def test_any_amounts_in_any_layout_read_back_as_their_quarters_and_months(
    layout: str, actions: list[tuple[list, list]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.xlsx"
        _write(layout, actions, path)
        result = read_table(path)
    assert result.errors == []
    for action, (planned, spent) in zip(result.plan.actions, actions, strict=True):
        assert action.budget.values() == [
            _sum(planned[3 * q : 3 * q + 3]) or D(0) for q in range(4)
        ]
        assert action.actual.values() == [_sum(spent), None, None, None]
        if layout != "quarters_two_rows":  # the months themselves, kept as typed
            typed = any(m is not None for m in planned)
            assert action.budget.months == (
                tuple(D(0) if m is None else m for m in planned) if typed else None
            )
            spent_typed = any(m is not None for m in spent)
            assert action.actual.months == ((*spent, *[None] * 9) if spent_typed else None)
    start = (
        dt.date(2025, 4, 1)
        if layout == "dates_april"
        else dt.date(2024 + (layout == "jan_25"), 1, 1)
    )
    assert result.plan.fiscal_year_start == start


def test_a_huge_amount_in_thousands_is_refused_not_a_crash(tmp_path: Path) -> None:
    """(Found by the fuzzer: 1e308 k€ could not be rounded to a whole number of euros.)"""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Action", "Budget T1 (k€)", "Budget T2 (k€)"])
    ws.append([NEWS, 1e308, 0.03])
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")
    assert [(p.code.value, p.cell) for p in result.problems][:2] == [
        ("unit-scaled", "B1"),
        ("field-invalid", "B2"),
    ]
    assert result.plan.actions[0].budget.values() == [D(0), D(30), D(0), D(0)]
