"""`xlplan consolidate` keeps monthly budgets and actuals (issue #17, item 3).

Seed 001 (Mimine, 2024, EUR) gives the video 800 € of the first quarter's 1 250 € (its actual
880 €, a day of editing more) and the site 10 000 €: a deposit of 2 500 € at signature (Q2) and
7 500 € on delivery (Q3). The monthly variant spreads them by hand: the video 500 € in January
(shooting) and 300 € in February (editing; actual 500 + 380 = 880), the site's deposit in May
(the action starts on 2 May) and its balance in July (delivered on 12 July). Bob (seed 002,
2023) stays quarterly. Northwind Coffee (GBP, fiscal year from April 2025) gets its shop's
£3 500 (actual £3 950) spread over April–June in pence, to show the conversion's rounding.

A plan put on the company's fiscal year keeps its figures' place in its fiscal year: its month
*n* is the company's month *n*, its dates move by the months between the two starts (the
README's *Company plan*), so each month's money stays with the dates it was planned for.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import ROOT
from sheets import column, error_cells, load, mismatches

import xlplan
from xlplan.cli import main

SAMPLES = ROOT / "samples"
MIMINE, BOB, NORTHWIND = (SAMPLES / f"{n}.yaml" for n in ("mimine", "bob", "northwind-coffee"))
RATES = SAMPLES / "company" / "rates.yaml"  # GBP: 1.2
D = Decimal
NONE3 = [None] * 3

# --- the monthly variants, by hand --------------------------------------------------------------
MIMINE_EDITS = {
    "    budget: {q1: 800}": "    budget: {jan: 500, feb: 300}",
    "    actual: {q1: 880}": "    actual: {jan: 500, feb: 380}",
    "    budget: [0, 2500, 7500, 0]": "    budget: {may: 2500, jul: 7500}",
    "    actual: {q2: 2500}": "    actual: {mai: 2500}",
}
# Fiscal order, from January.
A1_BUDGET = (D(500), D(300), *[D(0)] * 10)
A1_ACTUAL = (D(500), D(380), *[None] * 10)
A6_BUDGET = (*[D(0)] * 4, D(2500), D(0), D(7500), *[D(0)] * 5)
A6_ACTUAL = (*[None] * 4, D(2500), *[None] * 7)
NORTHWIND_EDITS = {
    "    budget: {q1: 3500}": "    budget: {apr: 1166.67, may: 1166.67, jun: 1166.66}",
    "    actual: {q1: 3950}": "    actual: {apr: 1316.67, may: 1316.67, jun: 1316.66}",
}
# At 1.2, each month rounded to the cent: 1166.67 × 1.2 = 1400.004 -> 1400.00, 1166.66 × 1.2 =
# 1399.992 -> 1399.99; 1316.67 × 1.2 = 1580.004 -> 1580.00, 1316.66 × 1.2 = 1579.992 -> 1579.99.
# The quarter is their sum: 4 199.99 (the £3 500 converted whole would be 4 200.00).
NWC_BUDGET = (D("1400.00"), D("1400.00"), D("1399.99"), *[D(0)] * 9)
NWC_ACTUAL = (D("1580.00"), D("1580.00"), D("1579.99"), *[None] * 9)


def variant(source: Path, edits: dict[str, str], folder: Path) -> Path:
    """`source` with the lines of `edits` replaced (each found exactly once), as a file."""
    text = source.read_text(encoding="utf-8")
    for old, new in edits.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    folder.mkdir(exist_ok=True)
    path = folder / source.name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("monthly")
    return {
        "mimine": variant(MIMINE, MIMINE_EDITS, folder),
        "northwind": variant(NORTHWIND, NORTHWIND_EDITS, folder),
    }


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def by_id(plan: xlplan.Plan) -> dict[str, xlplan.Action]:
    return {a.id: a for a in plan.actions}


def test_the_variants_are_the_seed_plans_per_month(files: dict[str, Path]) -> None:
    mimine, plain = by_id(xlplan.load_plan(files["mimine"])), by_id(xlplan.load_plan(MIMINE))
    assert (mimine["A1"].budget.months, mimine["A1"].actual.months) == (A1_BUDGET, A1_ACTUAL)
    assert (mimine["A6"].budget.months, mimine["A6"].actual.months) == (A6_BUDGET, A6_ACTUAL)
    for ident in plain:  # (the same quarters as the seed plan's)
        assert mimine[ident].budget.values() == plain[ident].budget.values(), ident
        assert mimine[ident].actual.values() == plain[ident].actual.values(), ident
    northwind = by_id(xlplan.load_plan(files["northwind"]))["A1"]
    assert (northwind.budget.q1, northwind.actual.q1) == (3500, 3950)


def test_months_are_kept_and_quarters_are_as_before(files: dict[str, Path]) -> None:
    monthly = xlplan.consolidate([files["mimine"], BOB], year=2024)
    quarterly = xlplan.consolidate([MIMINE, BOB], year=2024)
    actions = by_id(monthly.plan)
    assert (actions["MIMINE-A1"].budget.months, actions["MIMINE-A1"].actual.months) == (
        A1_BUDGET,
        A1_ACTUAL,
    )
    assert (actions["MIMINE-A6"].budget.months, actions["MIMINE-A6"].actual.months) == (
        A6_BUDGET,
        A6_ACTUAL,
    )
    # The quarters: the video 800 in Q1 (actual 880), the site 2 500 in Q2 and 7 500 in Q3.
    assert actions["MIMINE-A1"].budget.values() == [800, 0, 0, 0]
    assert actions["MIMINE-A1"].actual.values() == [880, None, None, None]
    assert actions["MIMINE-A6"].budget.values() == [0, 2500, 7500, 0]
    assert actions["MIMINE-A6"].actual.values() == [None, 2500, None, None]
    # Everything else is the quarterly consolidation's: Bob's actions carry no months.
    for mine, theirs in zip(monthly.plan.actions, quarterly.plan.actions, strict=True):
        assert (mine.id, mine.budget.values(), mine.actual.values()) == (
            theirs.id,
            theirs.budget.values(),
            theirs.actual.values(),
        )
        assert (mine.start, mine.end) == (theirs.start, theirs.end)
    assert [a.id for a in monthly.plan.actions if a.budget.months is not None] == [
        "MIMINE-A1",
        "MIMINE-A6",
    ]
    assert [s.planned for s in monthly.sources] == [28129, 57200]
    assert [s.actual for s in monthly.sources] == [4320, 0]


def test_a_fiscal_year_from_april_moves_the_months_with_the_dates(
    files: dict[str, Path], tmp_path: Path
) -> None:
    # The company's year starts in April 2024: Mimine's (January 2024) moves 3 months on, Bob's
    # (January 2023) 15. Mimine's January is the company's April (its 1st month), with the video
    # that starts on 8 January -> 8 April; the site's May deposit is in August (5th month), with
    # its start 2 May -> 2 August, and its July balance in October (7th month).
    out = tmp_path / "company.xlsx"
    result = run(
        "consolidate", files["mimine"], BOB, "--start", "2024-04-01", "--lang", "en", "-o", out
    )
    assert result.exit_code == 0, result.output
    company = xlplan.consolidate([files["mimine"], BOB], start=dt.date(2024, 4, 1))
    assert [s.months_moved for s in company.sources] == [3, 15]
    actions = by_id(company.plan)
    video, site = actions["MIMINE-A1"], actions["MIMINE-A6"]
    assert (video.start, video.end) == (dt.date(2024, 4, 8), dt.date(2024, 5, 9))
    assert (site.start, site.end) == (dt.date(2024, 8, 2), dt.date(2024, 10, 12))
    assert (video.budget.months, video.actual.months) == (A1_BUDGET, A1_ACTUAL)
    assert (site.budget.months, site.actual.months) == (A6_BUDGET, A6_ACTUAL)
    assert site.budget.values() == [0, 2500, 7500, 0]  # (Aug is in Q2, Oct in Q3: re-derived)
    # In the workbook, under the company's month names.
    ws = load(out, data_only=True)["Monthly budget"]
    rows = {ws.cell(r, 1).value: r for r in range(5, ws.max_row + 1)}
    assert set(rows) >= {"MIMINE-A1", "MIMINE-A6"}

    def cell(ident: str, header: str) -> Any:
        return ws[f"{column(ws, header)}{rows[ident]}"].value

    assert [cell("MIMINE-A1", f"Planned {m}") for m in ("Apr", "May", "Jun")] == [500, 300, 0]
    assert [cell("MIMINE-A1", f"Actual {m}") for m in ("Apr", "May")] == [500, 380]
    assert cell("MIMINE-A1", "Planned Q1") == 800
    assert [cell("MIMINE-A6", f"Planned {m}") for m in ("Aug", "Oct")] == [2500, 7500]
    assert cell("MIMINE-A6", "Actual Aug") == 2500
    assert (cell("MIMINE-A6", "Planned Q2"), cell("MIMINE-A6", "Planned Q3")) == (2500, 7500)
    back = by_id(xlplan.read(out).plan)
    assert (back["MIMINE-A6"].budget, back["MIMINE-A6"].actual) == (site.budget, site.actual)


def test_a_move_by_months_not_a_multiple_of_3_keeps_every_quarter(
    files: dict[str, Path],
) -> None:
    # From February 2024: Mimine's year moves 1 month on, Bob's 13. Quarterly or monthly, each
    # plan's quarter n is the company's quarter n, its month n the company's month n.
    moved = xlplan.consolidate([files["mimine"], BOB], start=dt.date(2024, 2, 1))
    before = xlplan.consolidate([files["mimine"], BOB], year=2024)
    assert [s.months_moved for s in moved.sources] == [1, 13]
    for mine, theirs in zip(moved.plan.actions, before.plan.actions, strict=True):
        assert (mine.budget, mine.actual) == (theirs.budget, theirs.actual), mine.id
    bob = by_id(moved.plan)["BOB-A1"]
    assert bob.end == dt.date(2024, 3, 10)  # Bob's first action ends on 10 February 2023


def test_converted_months_sum_to_the_converted_quarters(files: dict[str, Path]) -> None:
    company = xlplan.consolidate([files["mimine"], BOB, files["northwind"]], year=2024, rates=RATES)
    plain = xlplan.consolidate([MIMINE, BOB, NORTHWIND], year=2024, rates=RATES)
    shop = by_id(company.plan)["NORTHWIND-COFFEE-A1"]
    assert (shop.budget.months, shop.actual.months) == (NWC_BUDGET, NWC_ACTUAL)
    assert shop.budget.values() == [D("4199.99"), 0, 0, 0]
    assert shop.actual.values() == [D("4739.99"), None, None, None]
    for action in company.plan.actions:  # (every action's quarters are its months' sums)
        for figures in (action.budget, action.actual):
            if figures.months is not None:
                sums = [
                    sum((v for v in figures.months[3 * q : 3 * q + 3] if v is not None), D(0))
                    for q in range(4)
                ]
                assert [v or 0 for v in figures.values()] == sums, action.id
    # The quarterly actions are converted as before (the £3 500 whole: 4 200.00).
    same = [a.id for a in plain.plan.actions if a.id != "NORTHWIND-COFFEE-A1"]
    mine, theirs = by_id(company.plan), by_id(plain.plan)
    for ident in same:
        assert mine[ident].budget.values() == theirs[ident].budget.values(), ident
        assert mine[ident].actual.values() == theirs[ident].actual.values(), ident
    assert theirs["NORTHWIND-COFFEE-A1"].budget.q1 == D("4200.00")
    nwc = company.sources[2]
    assert nwc.planned == plain.sources[2].planned - D("0.01")
    assert nwc.actual == plain.sources[2].actual - D("0.01")


def _report(path: Path, as_of: str) -> dict[str, Any]:
    result = run("report", path, "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_company_workbook_recalculates_reads_back_and_reports_the_sum(
    files: dict[str, Path], tmp_path: Path
) -> None:
    from lo import recalculate_many

    mimine = xlplan.build(xlplan.load_plan(files["mimine"]), tmp_path / "mimine.xlsx")
    bob = xlplan.build(xlplan.load_plan(BOB), tmp_path / "bob.xlsx")
    out = tmp_path / "company.xlsx"
    args = ("--year", "2024", "--as-of", "2024-07-01", "-o", out)
    assert run("consolidate", mimine, bob, *args).exit_code == 0
    converted = tmp_path / "converted.xlsx"
    result = run(
        "consolidate",
        files["mimine"],
        BOB,
        files["northwind"],
        "--year",
        "2024",
        "--rates",
        RATES,
        "--lang",
        "en",
        "-o",
        converted,
    )
    assert result.exit_code == 0, result.output
    assert "Budget mensuel" in load(out).sheetnames
    assert "Monthly budget" in load(converted).sheetnames
    expected = {
        out: xlplan.consolidate([mimine, bob], year=2024).plan,
        converted: xlplan.consolidate(
            [files["mimine"], BOB, files["northwind"]], year=2024, rates=RATES
        ).plan,
    }
    from_books = by_id(expected[out])  # (the months read from the team workbooks)
    assert (from_books["MIMINE-A6"].budget.months, from_books["MIMINE-A6"].actual.months) == (
        A6_BUDGET,
        A6_ACTUAL,
    )
    fresh = recalculate_many([out, converted], tmp_path / "lo")
    for (path, plan), recalculated in zip(expected.items(), fresh, strict=True):
        assert error_cells(recalculated) == []
        assert mismatches(path, recalculated) == []
        for book in (path, recalculated):
            read = xlplan.read(book)
            assert [p for p in read.problems if p.severity != "info"] == []
            assert [(a.id, a.budget, a.actual) for a in read.plan.actions] == [
                (a.id, a.budget, a.actual) for a in plan.actions
            ]
    # The shop's months, recalculated, by hand.
    ws = load(fresh[1], data_only=True)["Monthly budget"]
    row = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value == "NORTHWIND-COFFEE-A1")
    planned = [ws[f"{column(ws, f'Planned {m}')}{row}"].value for m in ("Jan", "Feb", "Mar")]
    assert planned == [1400, 1400, 1399.99]
    assert ws[f"{column(ws, 'Planned Q1')}{row}"].value == pytest.approx(4199.99, abs=1e-9)
    # consolidate -> report: the company's totals are the teams' reports summed.
    ours, theirs = _report(mimine, "2024-07-01"), _report(bob, "2023-07-01")  # (Bob's moved)
    company = _report(fresh[0], "2024-07-01")
    for key in ("planned", "actual"):
        assert company["totals"][key] == {
            q: ours["totals"][key][q] + theirs["totals"][key][q] for q in ours["totals"][key]
        }
    assert company["totals"]["planned"]["total"] == 28129 + 57200
    assert company["totals"]["actual"]["total"] == 4320
    assert company["problems"] == []
