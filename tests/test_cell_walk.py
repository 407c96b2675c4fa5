"""Nothing dropped without a word (issue #17): every non-empty cell of a hand-made table read is
in the plan, in an extra column, or named in a problem (`cell_walk.unaccounted`).

Walked: every fixture of every ``tests/layouts_*.py`` module (each exposes `FIXTURES`), every
workbook the hand-made table tests of `HANDMADE_TESTS` build (each test is run into a folder of
its own, then the workbooks it left there are walked), and the hand-made tables other tests
build (`OTHER_BUILDERS`).
"""

from __future__ import annotations

import importlib
import inspect
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cell_walk import Cell, unaccounted

from xlplan.reading.own import WorkbookError

TESTS = Path(__file__).parent
LAYOUTS = sorted(p.stem for p in TESTS.glob("layouts_*.py"))
HANDMADE_TESTS = ("test_tables",)
"""The test modules whose tests build hand-made tables."""


def _fixtures() -> Iterator[tuple[str, str]]:
    for name in LAYOUTS:
        for fixture in importlib.import_module(name).FIXTURES:
            yield name, fixture


@pytest.mark.parametrize(("module", "fixture"), list(_fixtures()))
def test_every_cell_of_every_layout_fixture_is_accounted_for(
    module: str, fixture: str, tmp_path: Path
) -> None:
    path = importlib.import_module(module).FIXTURES[fixture](tmp_path)
    assert unaccounted(path) == []


def _handmade_tests() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(module, test, arguments) of each test that builds workbooks in `tmp_path`, once per
    parameter set."""
    for name in HANDMADE_TESTS:
        module = importlib.import_module(name)
        for test, function in inspect.getmembers(module, inspect.isfunction):
            if not test.startswith("test_"):
                continue
            if "tmp_path" not in inspect.signature(function).parameters:
                continue
            for arguments in _parameter_sets(function):
                yield name, test, arguments


def _parameter_sets(function: Callable[..., Any]) -> Iterator[dict[str, Any]]:
    marks = [m for m in getattr(function, "pytestmark", []) if m.name == "parametrize"]
    axes = []
    for mark in marks:
        names, values = mark.args[0], mark.args[1]
        names = [n.strip() for n in names.split(",")] if isinstance(names, str) else list(names)
        sets = [dict(zip(names, v if len(names) > 1 else (v,), strict=True)) for v in values]
        axes.append(sets)
    for combination in itertools.product(*axes):
        yield {k: v for part in combination for k, v in part.items()}


@pytest.mark.parametrize(
    ("module", "test", "arguments"),
    list(_handmade_tests()),
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_every_cell_of_the_hand_made_table_tests_is_accounted_for(
    module: str, test: str, arguments: dict[str, Any], tmp_path: Path
) -> None:
    getattr(importlib.import_module(module), test)(**arguments, tmp_path=tmp_path)
    found: list[Cell] = []
    walked = 0
    for path in sorted(tmp_path.rglob("*.xlsx")):
        try:
            found += unaccounted(path)
        except WorkbookError:  # (a workbook without a plan table: no table to walk)
            continue
        walked += 1
    assert found == []
    assert walked or test == "test_a_workbook_without_a_plan_table"


def _written(data: bytes, path: Path) -> Path:
    path.write_bytes(data)
    return path


OTHER_BUILDERS: dict[str, Callable[[Path], Path]] = {
    "test_i18n.french_table": lambda folder: importlib.import_module("test_i18n").french_table(
        folder / "plan.xlsx"
    ),
    "hostile.hand_made_workbook": lambda folder: _written(
        importlib.import_module("hostile").hand_made_workbook(), folder / "plan.xlsx"
    ),
}
"""Other hand-made tables the tests build."""


@pytest.mark.parametrize("builder", list(OTHER_BUILDERS))
def test_every_cell_of_the_other_hand_made_tables_is_accounted_for(
    builder: str, tmp_path: Path
) -> None:
    assert unaccounted(OTHER_BUILDERS[builder](tmp_path)) == []


# --- the walk itself ------------------------------------------------------------------------------
def test_the_walk_finds_a_cell_dropped_without_a_word(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were the reader to lose a problem, or an amount, the walk names the cell."""
    import cell_walk
    from layouts_sections import lone_labels_fr, objectives_fr

    from xlplan.errors import ProblemCode
    from xlplan.reading.handmade import read_table

    def forgetful(path: Path, **kwargs: Any) -> Any:
        result = read_table(path, **kwargs)
        result.problems = [p for p in result.problems if p.code != ProblemCode.SECTION_UNRECOGNISED]
        result.plan.actions[-1].budget.q4 = result.plan.actions[-1].budget.q4 + 1
        return result

    monkeypatch.setattr(cell_walk, "read_table", forgetful)
    lone = lone_labels_fr(tmp_path)
    assert [(c.cell, c.value, c.why) for c in unaccounted(lone)] == [
        ("A5", "Actions non payantes", "row not imported"),
        ("G16", 600, "action row"),  # the CRM's 600 € in T4, now 601 € in the plan
    ]
    # The last action of the section layout: the CRM's 600 € in T4.
    assert [c.cell for c in unaccounted(objectives_fr(tmp_path))] == ["H20"]
