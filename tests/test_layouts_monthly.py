"""A hand-made monthly table imports to a monthly plan (issue #17, items 2 and 3): the months of
each `layouts_headers` month fixture become the actions' monthly figures (fiscal order, a planned
month left blank 0, a month of spend left blank not entered), `xlplan import` writes them to the
plan file, `xlplan build` shows them on the Monthly budget sheet, and the workbook reads back to
the same months and quarters — also once LibreOffice has recalculated it, with no error value
and every cached value LibreOffice's.

The months are those worked out by hand in `layouts_headers` (Mimine's and Bob's seeds).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from layouts_headers import (
    BOB_MONTHS,
    BOB_SPENT_MONTHS,
    CRM,
    EXPECTED,
    FIXTURES,
    MIMINE_MONTHS,
    MIMINE_SPENT_MONTHS,
    NEWS,
    TRAINING,
    VIDEO,
)
from lo import recalculate_many
from sheets import column, error_cells, load, mismatches

import xlplan
from xlplan.cli import main
from xlplan.reading.handmade import read_table

D = Decimal
Months = tuple[Decimal | None, ...]


def _fiscal(months: dict[int, int], last: int, blank: Decimal | None) -> Months | None:
    """Months 1 … `last` of the fiscal year as typed (`blank` where not), the rest `blank`;
    None when none of them is typed."""
    typed = {m: D(v) for m, v in months.items() if m <= last}
    if not typed:
        return None
    return tuple(typed.get(m, blank) for m in range(1, 13))


# fixture -> (planned months, spent months, the months the Actual group covers), by action
SOURCES: dict[str, tuple[dict[str, dict[int, int]], dict[str, dict[int, int]], int]] = {
    "months_fr": (MIMINE_MONTHS, MIMINE_SPENT_MONTHS, 6),  # Réalisé over janv. … juin
    "months_en_table": (BOB_MONTHS, {}, 0),  # no spend
    "dates_april": (BOB_MONTHS, BOB_SPENT_MONTHS, 3),  # Actual over Apr-25 … Jun-25
    "fiscal_months_en": (MIMINE_MONTHS, MIMINE_SPENT_MONTHS, 3),  # Actual over M1 … M3
}
SHEET = {"months_fr": "Budget mensuel"}  # (the others are in English)


def expected_months(name: str) -> dict[str, tuple[Months | None, Months | None]]:
    """Each action's (planned, spent) months: planned blanks 0, spent blanks None, an action
    with no spent month typed None."""
    planned, spent, last = SOURCES[name]
    return {
        title: (_fiscal(months, 12, D(0)), _fiscal(spent.get(title, {}), last, None))
        for title, months in planned.items()
    }


def months_of(plan: xlplan.Plan) -> dict[str, tuple[Months | None, Months | None]]:
    return {a.title: (a.budget.months, a.actual.months) for a in plan.actions}


def quarters_of(plan: xlplan.Plan) -> dict[str, tuple[list[Any], list[Any]]]:
    return {a.title: (a.budget.values(), a.actual.values()) for a in plan.actions}


def test_the_months_worked_out_by_hand_are_those_of_the_fixtures() -> None:
    """(The planned months above are `layouts_headers`' own, blanks as 0.)"""
    for name in SOURCES:
        assert {
            t: tuple(D(0) if v is None else v for v in m) for t, m in EXPECTED[name].months.items()
        } == {t: p for t, (p, _) in expected_months(name).items()}


@pytest.mark.parametrize("name", list(SOURCES))
def test_a_monthly_table_imports_builds_and_reads_back_with_its_months(
    name: str, tmp_path: Path
) -> None:
    table = FIXTURES[name](tmp_path)
    read = read_table(table).plan
    assert months_of(read) == expected_months(name)
    # The quarters are the months' sums: the training's 6 000 + 6 000 in the first quarter.
    if name != "fiscal_months_en" and name != "months_fr":
        training = next(a for a in read.actions if a.title == TRAINING)
        assert training.budget.values() == [D(12_000), D(0), D(0), D(0)]
    else:  # the newsletter's 10 + 10 + 10, 20 + 10 + 20, 66 + 66 + 67
        newsletter = next(a for a in read.actions if a.title == NEWS)
        assert newsletter.budget.values() == [D(0), D(30), D(50), D(199)]

    runner = CliRunner()
    plan_file, built = tmp_path / "plan.yaml", tmp_path / "built.xlsx"
    done = runner.invoke(main, ["import", str(table), "-o", str(plan_file)])
    assert done.exit_code == 0, done.output
    done = runner.invoke(main, ["build", str(plan_file), "-o", str(built)])
    assert done.exit_code == 0, done.output

    back = xlplan.read(built)
    assert [p for p in back.problems if p.severity != "info"] == []
    assert months_of(back.plan) == expected_months(name)
    assert quarters_of(back.plan) == quarters_of(read)
    # The Monthly budget sheet shows them: the CRM follow-up's 200 € a month, Mimine's video
    # 800 € in January (the fiscal year's first month in each fixture).
    ws = load(built)[SHEET.get(name, "Monthly budget")]
    first = "Planned " + ("Apr" if "april" in name else "Jan")
    first = "Prévu janv." if name == "months_fr" else first
    title = CRM if name in ("months_en_table", "dates_april") else VIDEO
    ident = next(a.id for a in back.plan.actions if a.title == title)
    row = next(c.row for c in ws["A"] if c.value == ident)  # (found by its ID)
    assert ws[f"{column(ws, first)}{row}"].value == (200 if title == CRM else 800)


def test_the_built_workbooks_recalculate_in_libreoffice_with_the_same_months(
    tmp_path: Path,
) -> None:
    built = []
    for name in SOURCES:
        folder = tmp_path / name
        folder.mkdir()
        plan = read_table(FIXTURES[name](folder)).plan
        built.append((name, xlplan.build(plan, folder / f"{name}_built.xlsx")))
    fresh = recalculate_many([path for _, path in built], tmp_path / "lo")
    for (name, path), recalculated in zip(built, fresh, strict=True):
        assert error_cells(recalculated) == []
        assert mismatches(path, recalculated) == []
        assert months_of(xlplan.read(recalculated).plan) == expected_months(name)


def test_a_month_the_model_refuses_is_named_and_the_others_are_kept(tmp_path: Path) -> None:
    """A month too large for a cell is named at its cell and left blank; a quarter whose months
    add up to too much is named at its first month and its months left blank; the other months
    stay the action's."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Action", "janv.", "févr.", "mars", "avr.", "Réel janv."])
    ws.append([NEWS, 10, 1e16, 5, 7, 1e16])
    ws.append([VIDEO, 6e14, 6e14, 5, 800, 880])  # (6e14 + 6e14 + 5 > 999 999 999 999 999)
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")
    assert [(p.code.value, p.cell) for p in result.problems][:3] == [
        ("field-invalid", "C2"),
        ("field-invalid", "F2"),
        ("field-invalid", "B3"),
    ]
    newsletter, video = result.plan.actions
    assert newsletter.budget.months == (D(10), D(0), D(5), D(7), *[D(0)] * 8)
    assert newsletter.actual.months is None  # (its one month of spend refused)
    assert video.budget.values() == [D(0), D(800), D(0), D(0)]
    assert video.actual.months == (D(880), *[None] * 11)
