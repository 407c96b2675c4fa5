"""The public API: the exported names, and the README's examples, run as written."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT

import xlplan


def test_exported_names_are_the_intended_ones() -> None:
    assert sorted(xlplan.__all__) == sorted(
        [
            "KPI",
            "Action",
            "Consolidation",
            "ConsolidationError",
            "consolidate",
            "Direction",
            "Envelope",
            "Frequency",
            "Horizon",
            "Objective",
            "Owner",
            "Plan",
            "QuarterActual",
            "QuarterBudget",
            "QuarterMeasure",
            "Recurrence",
            "Status",
            "ReadResult",
            "Problem",
            "ProblemCode",
            "XlplanError",
            "OutputError",
            "OutputExistsError",
            "PlanFileError",
            "PlanValidationError",
            "TemplateNotFoundError",
            "WorkbookError",
            "__version__",
            "analyze",
            "build",
            "check",
            "diff",
            "dump_plan",
            "load_plan",
            "read",
            "save_plan",
        ]
    )
    for name in xlplan.__all__:
        assert getattr(xlplan, name) is not None


def test_errors_are_both_xlplan_and_builtin_errors() -> None:
    assert issubclass(xlplan.OutputError, OSError)
    assert issubclass(xlplan.ConsolidationError, ValueError)
    assert issubclass(xlplan.PlanValidationError, ValueError)
    assert issubclass(xlplan.OutputExistsError, FileExistsError)
    assert issubclass(xlplan.WorkbookError, xlplan.XlplanError)


README_EXAMPLES = re.findall(
    r"```python\n(.*?)```", (ROOT / "README.md").read_text("utf-8"), re.DOTALL
)


@pytest.mark.parametrize("code", README_EXAMPLES, ids=lambda c: c.splitlines()[-1][:40])
def test_readme_python_examples_run(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    monkeypatch.chdir(tmp_path)
    if "xlplan.build" not in code:  # the check example reads a workbook built before
        xlplan.build(xlplan.load_plan("samples/mimine.yaml"), "mimine.xlsx", force=True)
    exec(compile(code, "README.md", "exec"), {})


def test_readme_has_five_python_examples() -> None:
    assert len(README_EXAMPLES) == 5


def test_every_problem_code_is_documented_in_the_readme_and_the_schemas() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `([a-z0-9-]+)` \|", readme, flags=re.M)
    assert documented == [c.value for c in xlplan.ProblemCode]
    for name in ("report.schema.json", "check.schema.json", "consolidate.schema.json"):
        text = (ROOT / "docs" / name).read_text(encoding="utf-8")
        found = re.findall(r'"code": \{[^}]*"enum": \[([^\]]*)\]', text)
        assert found, name
        assert json.loads(f"[{found[0]}]") == [c.value for c in xlplan.ProblemCode]


def test_every_command_has_a_row_in_the_readmes_command_table() -> None:
    # (The diff's row once landed in the table of workbook edits, splitting one of its rows.)
    from xlplan.cli import main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Command line", 1)[1].split("\n#", 1)[0]
    rows = re.findall(r"^\| `xlplan ([a-z]+)", section, flags=re.M)
    assert sorted(rows) == sorted(main.commands)
    # Every table row of the README has as many cells as its header.
    for table in re.findall(r"(?:^\|.*\|\n)+", readme, flags=re.M):
        lines = table.splitlines()
        widths = {len(re.split(r"(?<!\\)\|", line)) for line in lines}
        assert len(widths) == 1, lines[0]


def test_analyze_takes_the_as_of_date_as_a_date_or_its_iso_text() -> None:
    plan = xlplan.load_plan(ROOT / "samples" / "mimine.yaml")

    as_text = xlplan.analyze(plan, "2024-07-01")

    assert as_text.late_actions.equals(xlplan.analyze(plan, dt.date(2024, 7, 1)).late_actions)
    with pytest.raises(TypeError, match="as_of: expected a date"):
        xlplan.analyze(plan, "1 July")
