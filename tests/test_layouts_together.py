"""Issue #17's "Done when", on the `layouts_together` fixtures: a team's plan with a two-row
header, months, objectives as section rows (and subtotals), an Excel table in k€, KPI and owners
lists on other sheets, imports with every figure worked out by hand — then builds to a workbook
(with its Monthly budget sheet) that reads back the same and that LibreOffice recalculates with
no error value. (`test_cell_walk` walks every cell of these fixtures too.)"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from layouts_together import EXPECTED, FIXTURES, Expected
from lo import recalculate_many
from sheets import error_cells, mismatches

import xlplan
from xlplan.analysis import budget
from xlplan.cli import main

D = Decimal


def twelve(months: dict[int, int], blank: Decimal | None) -> tuple[Decimal | None, ...]:
    return tuple(D(months[m]) if m in months else blank for m in range(1, 13))


def check(plan: xlplan.Plan, expected: Expected) -> None:
    """The plan holds every figure of `expected`."""
    assert [(a.title, a.objectives, a.owner, a.kpis) for a in plan.actions] == expected.actions
    sums = budget.sums(plan)
    assert tuple(sums.totals.planned) == expected.planned
    assert tuple(sums.totals.actual) == expected.actual
    assert {g.objective: (g.title, D(str(g.planned))) for g in budget.by_objective(plan, sums)} == (
        expected.objectives
    )
    assert {a.title: a.budget.months for a in plan.actions} == {
        title: twelve(months, D(0)) for title, months in expected.months.items()
    }
    assert {a.title: a.actual.months for a in plan.actions if a.actual.months} == {
        title: twelve(months, None) for title, months in expected.spent.items()
    }
    assert [
        (k.id, k.name, k.baseline, k.target, k.actual.values()) for k in plan.kpis
    ] == expected.kpis
    assert [(o.name, o.role) for o in plan.owners] == expected.owners
    assert plan.fiscal_year_start == expected.fiscal_year_start


@pytest.mark.parametrize("name", list(FIXTURES))
def test_a_teams_plan_imports_with_every_figure(name: str, tmp_path: Path) -> None:
    result = xlplan.read(FIXTURES[name](tmp_path))
    assert [(p.code.value, p.severity, p.cell) for p in result.problems] == EXPECTED[name].problems
    check(result.plan, EXPECTED[name])


def _import_and_build(table: Path, folder: Path, name: str) -> Path:
    runner = CliRunner()
    plan_file, built = folder / f"{name}.yaml", folder / f"{name}_built.xlsx"
    done = runner.invoke(main, ["import", str(table), "-o", str(plan_file)])
    assert done.exit_code == 0, done.output
    done = runner.invoke(main, ["build", str(plan_file), "-o", str(built)])
    assert done.exit_code == 0, done.output
    return built


def test_the_imported_plans_build_and_read_back_also_recalculated(tmp_path: Path) -> None:
    built: list[tuple[str, Path]] = []
    for name, fixture in FIXTURES.items():
        folder = tmp_path / name
        folder.mkdir()
        built.append((name, _import_and_build(fixture(folder), folder, name)))
    fresh = recalculate_many([path for _, path in built], tmp_path / "lo")
    for (name, path), recalculated in zip(built, fresh, strict=True):
        assert error_cells(recalculated) == []
        assert mismatches(path, recalculated) == []
        for book in (path, recalculated):
            read = xlplan.read(book)
            assert [p for p in read.problems if p.severity != "info"] == []
            check(read.plan, EXPECTED[name])
        assert {"Budget mensuel", "Monthly budget"} & set(_sheets(path))


def _sheets(path: Path) -> list[str]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return list(book.sheetnames)
    finally:
        book.close()
