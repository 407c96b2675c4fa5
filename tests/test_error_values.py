"""Error values in cells are problems with their sheet and cell, never a refused workbook."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import sample
from lo_uno import edit

import xlplan
from xlplan.cli import main
from xlplan.errors import ProblemCode

PLAN = "Plan d'action"


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Mimine after someone typed formulas that LibreOffice cannot compute."""
    folder = tmp_path_factory.mktemp("errors")
    built = xlplan.build(sample("mimine"), folder / "mimine.xlsx", lang="fr")
    ops = [
        {"op": "set", "sheet": PLAN, "cell": "G6", "formula": "=1/0"},  # A2's resources
        {"op": "set", "sheet": "Synthèse", "cell": "H2", "formula": "=NA()"},
    ]
    edited = edit(built, folder / "broken.xlsx", ops)
    assert edited.errors()[PLAN] == ["G6 #DIV/0!"]  # LibreOffice's own verdict
    return edited.path


def test_each_error_value_is_a_problem_at_its_cell_and_the_rest_is_read(broken: Path) -> None:
    result = xlplan.read(broken)
    errors = {(p.sheet, p.cell): p for p in result.problems if p.code is ProblemCode.ERROR_VALUE}
    assert set(errors) == {(PLAN, "G6"), ("Synthèse", "H2")}
    assert "#DIV/0!" in errors[(PLAN, "G6")].message
    assert "#N/A" in errors[("Synthèse", "H2")].message
    # Nothing else is lost: 14 actions, 28 129 planned (the sample's own comment).
    assert len(result.plan.actions) == 14
    assert sum(a.budget.total for a in result.plan.actions) == 28129


def test_check_counts_an_error_value_as_a_finding(broken: Path) -> None:
    # Only the envelope rule fails a check here, and Mimine keeps within its envelope.
    args = ["check", "--as-of", "2024-07-01", "--fail-on", "envelope", "--quiet"]
    clean = broken.with_name("mimine.xlsx")
    assert CliRunner().invoke(main, [*args, str(clean)]).exit_code == 0
    run = CliRunner().invoke(main, [*args, str(broken)])
    assert run.exit_code == 1, run.output
