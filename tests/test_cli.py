"""The `xlplan` command through click's CliRunner: exit codes, messages and the files written.

Exit codes: 0 fine, 2 unusable input with one message on stderr (never a traceback) and no
output file left behind.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sheets import load

from xlplan import __version__
from xlplan.cli import main

ROOT = Path(__file__).resolve().parents[1]
MIMINE = ROOT / "samples" / "mimine.yaml"


# --- helpers ------------------------------------------------------------------------------------
def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def sheet_names(path: Path) -> list[str]:
    return list(load(path).sheetnames)


def refused(result: Result) -> str:
    """The one-line-per-problem message of a run refused with exit code 2."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    return result.stderr


# --- the group ------------------------------------------------------------------------------------
def test_version_prints_the_package_version() -> None:
    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"xlplan, version {__version__}\n")


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: main {command} [OPTIONS]")


def test_the_group_help_lists_every_command() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in main.commands:
        assert f"  {command} " in result.stdout


def test_the_commands_are_the_expected_ones() -> None:
    assert sorted(main.commands) == [
        "build",
        "check",
        "consolidate",
        "diff",
        "import",
        "new",
        "refresh",
        "report",
        "schema",
        "templates",
    ]


# --- templates and schema -------------------------------------------------------------------------
def test_templates_lists_the_starter_templates() -> None:
    result = run("templates")
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names == ["blank", "commercial", "digital-marketing", "ecommerce-launch"]
    assert all(" en/fr " in line for line in result.stdout.splitlines())


def test_schema_prints_the_plan_json_schema() -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "xlplan plan file"
    assert {"actions", "objectives", "kpis", "owners", "year"} <= schema["properties"].keys()


# --- build ----------------------------------------------------------------------------------------
def test_build_writes_a_french_workbook(tmp_path: Path) -> None:
    output = tmp_path / "mimine.xlsx"
    result = run("build", MIMINE, "-o", output)
    assert (result.exit_code, result.stderr) == (0, f"wrote {output}\n")
    assert {"Mode d'emploi", "Plan d'action", "Synthèse"} <= set(sheet_names(output))


def test_build_writes_an_english_workbook(tmp_path: Path) -> None:
    output = tmp_path / "mimine-en.xlsx"
    result = run("build", MIMINE, "-o", output, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert {"Guide", "Action plan", "Dashboard"} <= set(sheet_names(output))


def test_build_with_as_of_freezes_the_dashboard_date(tmp_path: Path) -> None:
    output = tmp_path / "mimine.xlsx"
    result = run("build", MIMINE, "-o", output, "--as-of", "2024-06-30")
    assert result.exit_code == 0, result.output
    dashboard = load(output)["Synthèse"]
    dates = [c.value for row in dashboard.iter_rows() for c in row if c.is_date]
    assert dt.datetime(2024, 6, 30) in dates


def test_build_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    output = tmp_path / "mimine.xlsx"
    output.write_bytes(b"not a workbook, but mine")
    stderr = refused(run("build", MIMINE, "-o", output))
    assert stderr == f"Error: {output}: already exists; use --force to replace it\n"
    assert output.read_bytes() == b"not a workbook, but mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mimine.xlsx"]  # no temporary file


def test_build_with_force_replaces_the_file(tmp_path: Path) -> None:
    output = tmp_path / "mimine.xlsx"
    output.write_bytes(b"not a workbook, but mine")
    result = run("build", MIMINE, "-o", output, "--force")
    assert result.exit_code == 0, result.output
    assert "Plan d'action" in sheet_names(output)


def test_a_built_workbook_is_readable_by_others_as_the_umask_says(tmp_path: Path) -> None:
    output = tmp_path / "mimine.xlsx"
    previous = os.umask(0o022)
    try:
        result = run("build", MIMINE, "-o", output)
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    assert output.stat().st_mode & 0o777 == 0o644  # not the 0600 of a temporary file


def test_build_of_a_missing_plan_file(tmp_path: Path) -> None:
    plan_file, output = tmp_path / "nowhere.yaml", tmp_path / "out.xlsx"
    stderr = refused(run("build", plan_file, "-o", output))
    assert stderr == f"Error: {plan_file}: no such file\n"
    assert not output.exists()


def test_build_of_an_invalid_plan_names_the_file_the_line_and_the_problem(
    tmp_path: Path,
) -> None:
    plan_file = tmp_path / "broken.yaml"
    plan_file.write_text(
        "name: Broken plan\n"  # 1
        "year: 2024\n"  # 2
        "owners:\n"  # 3
        "  - name: Zoé\n"  # 4
        "  - name: Arnaud\n"  # 5
        "actions:\n"  # 6
        "  - title: Vidéo de présentation\n"  # 7
        "    owner: Zoe\n",  # 8
        encoding="utf-8",
    )
    output = tmp_path / "out.xlsx"
    stderr = refused(run("build", plan_file, "-o", output))
    assert stderr == (
        f"Error: {plan_file}: line 8 (actions[0].owner): "
        "'Zoe' is not a known owner (known: Zoé, Arnaud); did you mean 'Zoé'?\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.yaml"]


def test_build_of_a_plan_with_warnings_prints_them_and_succeeds(tmp_path: Path) -> None:
    plan_file = tmp_path / "late.yaml"
    plan_file.write_text(
        "name: Plan\nyear: 2024\nactions:\n  - title: Salon\n    end: 2025-01-15\n",
        encoding="utf-8",
    )
    output = tmp_path / "out.xlsx"
    result = run("build", plan_file, "-o", output)
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"warning: {plan_file}: line 5 (actions[0].end): 2025-01-15 is outside the fiscal year "
        f"2024-01-01 – 2024-12-31\nwrote {output}\n"
    )
    assert output.exists()


# --- new ------------------------------------------------------------------------------------------
def guide_value(path: Path, label: str) -> object:
    """The value next to `label` in the workbook's guide sheet (first sheet)."""
    guide = load(path).worksheets[0]
    return next(row[1].value for row in guide.iter_rows() if row[0].value == label)


def test_new_writes_a_workbook_for_a_fiscal_year_starting_in_april(tmp_path: Path) -> None:
    output = tmp_path / "sales.xlsx"
    result = run(
        "new", "--template", "commercial", "--lang", "en", "--start", "2025-04-01", "-o", output
    )
    assert (result.exit_code, result.stderr) == (0, f"wrote {output}\n")
    assert sheet_names(output)[0] == "Guide"
    assert guide_value(output, "Fiscal year start") == dt.datetime(2025, 4, 1)
    assert guide_value(output, "Fiscal year end") == "=EDATE(N(xl_fy_start),12)-1"


def test_new_with_year_and_name(tmp_path: Path) -> None:
    output = tmp_path / "plan.xlsx"
    result = run("new", "--year", "2027", "--name", "Plan 2027 de Zoé", "-o", output)
    assert result.exit_code == 0, result.output
    assert sheet_names(output)[0] == "Mode d'emploi"  # French by default
    assert guide_value(output, "Début de l'exercice") == dt.datetime(2027, 1, 1)
    assert guide_value(output, "Plan") == "Plan 2027 de Zoé"


def test_new_with_an_unknown_template_names_the_known_ones(tmp_path: Path) -> None:
    output = tmp_path / "x.xlsx"
    stderr = refused(run("new", "--template", "marketing", "-o", output))
    assert stderr == (
        "Error: no starter template 'marketing' in language 'fr' "
        "(known: blank, commercial, digital-marketing, ecommerce-launch)\n"
    )
    assert not output.exists()


def test_new_refuses_year_and_start_together(tmp_path: Path) -> None:
    output = tmp_path / "x.xlsx"
    result = run("new", "--year", "2027", "--start", "2027-04-01", "-o", output)
    stderr = refused(result)
    assert stderr.endswith("Error: give --year or --start, not both\n")
    assert stderr.startswith("Usage: main new [OPTIONS]")
    assert not output.exists()


def test_new_refuses_a_start_that_is_not_the_1st(tmp_path: Path) -> None:
    output = tmp_path / "x.xlsx"
    stderr = refused(run("new", "--start", "2025-04-15", "-o", output))
    assert stderr.endswith(
        "Error: Invalid value for '--start': "
        "the fiscal year must start on the 1st of a month, found 2025-04-15\n"
    )
    assert not output.exists()


def test_new_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    output = tmp_path / "x.xlsx"
    output.write_bytes(b"mine")
    stderr = refused(run("new", "--year", "2027", "-o", output))
    assert stderr == f"Error: {output}: already exists; use --force to replace it\n"
    assert output.read_bytes() == b"mine"
