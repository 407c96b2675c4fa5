"""What xlplan writes out, under hostile text, paths, options and signals (issue 14, output side).

Each class of failure is a generated family: every output format is valid and inert over hostile
text and numbers; one failing file never stops a batch; an output never destroys an input and
never appears half-written; option values are refused in one clear line.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import errno
import hashlib
import io
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
import unicodedata
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result
from conftest import ROOT, sample
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import xlplan
import xlplan.checks
from xlplan.check_output import render_check
from xlplan.checks import CheckReport, FileResult, Finding, Skipped
from xlplan.cli import main
from xlplan.errors import OutputError, OutputExistsError
from xlplan.inert import FORMULA_STARTS, csv_cell, strict_json, terminal_text, xml_text
from xlplan.output import atomic_output, atomic_write
from xlplan.report import render, report_workbook

AS_OF = dt.date(2025, 7, 1)
CHECK_SCHEMA = json.loads((ROOT / "docs" / "check.schema.json").read_text(encoding="utf-8"))
REPORT_SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
many = settings(
    max_examples=int(os.environ.get("XLPLAN_FUZZ_EXAMPLES", "150")),
    deadline=None,
    database=None,  # no example database in the working tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example],
)
few = settings(
    max_examples=20, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_one_line_exit_2(result: Result, *fragments: str) -> None:
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


# --- class 5: every output format is valid and inert ---------------------------------------------
# Hostile text: formula starts, terminal escape sequences (clear screen, set title), BEL, every
# C0/C1 control, bidirectional overrides, lone surrogates, XML's forbidden characters.
ESCAPES = ["\x1b[2J", "\x1b]0;pwned\x07", "\x07", "\x9b31m", "\u202e", "\ud800", "\ufffe", "\x00"]
hostile_text = st.one_of(
    st.text(max_size=30),  # (any code point, surrogates included)
    st.tuples(
        st.sampled_from([*FORMULA_STARTS, "", " "]),
        st.sampled_from(["", *ESCAPES]),
        st.text(st.characters(codec="utf-8"), max_size=10),
        st.sampled_from(['cmd|" /C calc"!A0', "SUM(1,2)", "1+1", "5", 'HYPERLINK("x")']),
    ).map("".join),
)
hostile_number = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1.7976931348623157e308, -1.7976931348623157e308, 1e308, -1e308, 5e-324]),
    st.integers(-(10**400), 10**400),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from([Decimal("1e400"), Decimal("-1e400"), Decimal("Infinity"), Decimal("NaN")]),
    st.none(),
)


@pytest.fixture(scope="module")
def real_document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Mimine's report document, which has every section filled (overruns, KPIs, late)."""
    folder = tmp_path_factory.mktemp("doc")
    path = xlplan.build(sample("mimine"), folder / "m.xlsx", as_of=AS_OF)
    doc = report_workbook(path, AS_OF).document
    for key, value in doc.items():  # (one row of each table is enough to poison)
        if isinstance(value, list):
            doc[key] = value[:1]
    doc["problems"] = [
        {"code": "cell-unreadable", "severity": "error", "sheet": "S", "cell": "A1", "message": "m"}
    ]
    return doc


def poison(value: Any, draw: Any) -> Any:
    """`value` with its strings and numbers replaced by hostile ones, at every depth; numbers
    go through `plain_number`, as `report.document` makes them."""
    from xlplan.report import plain_number

    if isinstance(value, dict):
        return {k: poison(v, draw) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v, draw) for v in value]
    if isinstance(value, str):
        return draw(hostile_text)
    if isinstance(value, bool) or value is None:
        return value
    return plain_number(draw(hostile_number))


def refuse_constant(name: str) -> None:
    raise ValueError(f"not JSON: {name}")


def unsafe_for_terminal(text: str) -> list[str]:
    """The characters of `text` a terminal could act on (line breaks and tabs are harmless)."""
    bidi = {"\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}
    return [
        c
        for c in text
        if c not in "\n\t" and (unicodedata.category(c) in ("Cc", "Cs") or c in bidi)
    ]


def assert_csv_inert(text: str, number_columns: set[str]) -> None:
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    for row in rows[1:]:
        assert len(row) == len(header)
        for column, cell in zip(header, row, strict=True):
            if cell[:1] in FORMULA_STARTS:
                # only a real number, in a number column, may start with "-"
                assert column in number_columns, (column, cell)
                assert cell[:1] == "-" and float(cell) < 0, (column, cell)


def assert_inert(fmt: str, text: str, number_columns: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    text.encode("utf-8")  # (no lone surrogate: it can be printed and written)
    if fmt == "json":
        json.loads(text, parse_constant=refuse_constant)
    elif fmt == "junit":
        ET.fromstring(text.encode("utf-8"))
    elif fmt == "csv":
        assert_csv_inert(text, number_columns)
    else:
        assert unsafe_for_terminal(text) == []


REPORT_NUMBER_COLUMNS = {
    c for c in xlplan.report.CSV_COLUMNS if c.startswith(("planned", "actual"))
}


@many
@given(data=st.data())
def test_every_report_format_is_valid_and_inert(real_document: dict[str, Any], data: Any) -> None:
    doc = poison(real_document, data.draw)
    for fmt in xlplan.report.FORMATS:
        assert_inert(fmt, render(doc, fmt), REPORT_NUMBER_COLUMNS)


near_limits = st.sampled_from([1.7976931348623157e308, -1.7976931348623157e308, 1e308, -1e308])
floats = st.floats() | near_limits
findings = st.one_of(
    st.builds(
        Finding,
        rule=st.sampled_from(["overrun", "envelope", "kpi", "late", "hygiene"]),
        severity=st.sampled_from(["fail", "warn"]),
        message=hostile_text,
        action_id=hostile_text,
        period=hostile_text,
        planned=floats | st.none(),
        actual=floats | st.none(),
        overrun=floats | st.none(),
        overrun_pct=floats | st.none(),
    ),
    st.builds(Finding, rule=st.just("consumed"), severity=st.just("warn"), message=hostile_text),
)
file_results = st.builds(
    FileResult,
    file=hostile_text,
    status=st.sampled_from(["ok", "breach", "unusable"]),
    findings=st.lists(findings, max_size=3),
    error=hostile_text,
    plan_name=hostile_text,
    currency=hostile_text,
    planned_total=floats,
    actual_total=floats,
    envelope=floats | st.none(),
    consumed_pct=floats | st.none(),
)
check_reports = st.builds(
    CheckReport,
    files=st.lists(file_results, max_size=4),
    as_of=st.just(AS_OF),
    skipped=st.lists(st.builds(Skipped, hostile_text, hostile_text), max_size=3),
)
CHECK_NUMBER_COLUMNS = {"planned", "actual", "overrun", "overrun_pct"}


@many
@given(report=check_reports)
def test_every_check_format_is_valid_and_inert(report: CheckReport) -> None:
    for fmt in ("table", "json", "csv", "junit"):
        assert_inert(fmt, render_check(report, fmt), CHECK_NUMBER_COLUMNS)
    doc = json.loads(render_check(report, "json"))
    jsonschema.validate(doc, CHECK_SCHEMA)


@many
@given(text=hostile_text)
def test_the_inert_functions_keep_what_is_safe(text: str) -> None:
    # Safe text passes unchanged; unsafe characters are shown, not dropped (one visible escape
    # each, so that a reader sees something was there).
    shown = terminal_text(text, keep_lines=True)
    assert unsafe_for_terminal(shown) == []
    if not unsafe_for_terminal(text) and "\r" not in text:
        assert shown == text
    cell = csv_cell(text)
    if "\r" not in text and not any("\ud800" <= c <= "\udfff" for c in text):
        assert cell == (("'" + text) if text.startswith(FORMULA_STARTS) else text)
    assert not cell.startswith(FORMULA_STARTS)
    element = ET.Element("a", b=xml_text(text))
    element.text = xml_text(text)
    ET.fromstring(ET.tostring(element, "unicode").encode("utf-8"))


def test_numbers_stay_numbers_in_csv_and_non_finite_numbers_are_json_null() -> None:
    # The decision: only text is escaped. A number is written as a number, a negative one
    # included (in a number column "-400" is the number -400, which spreadsheets read as such);
    # the text "-400" is escaped like any text starting with "-".
    assert csv_cell(-400) == -400
    assert csv_cell(-0.5) == -0.5
    assert csv_cell("-400") == "'-400"
    assert json.loads(strict_json({"a": float("inf"), "b": [float("nan")], "c": 1.5})) == {
        "a": None,
        "b": [None],
        "c": 1.5,
    }
    assert json.loads(strict_json({"t": "x\ud800"})) == {"t": "x\ud800"}


def test_hostile_titles_end_to_end_in_every_format(tmp_path: Path) -> None:
    # Text typed in a workbook (a formula, escape sequences, a bidi override) reaches every
    # output of `report` and `check` inert; the spreadsheet-read figures stay numbers.
    title = "=cmd|' /C calc'!A0\x1b]0;pwned\x07\x1b[2J\u202e"
    plan = xlplan.Plan(
        name="@" + title,
        fiscal_year_start=dt.date(2025, 1, 1),
        owners=[xlplan.Owner(name="-Y")],
        actions=[xlplan.Action(title=title, owner="-Y", budget=[100], actual=[500])],
    )
    path = xlplan.build(plan, tmp_path / "h.xlsx", as_of=AS_OF)
    for fmt in xlplan.report.FORMATS:
        result = run("report", path, "--format", fmt, "--as-of", "2025-07-01")
        assert result.exit_code == 0, result.output
        assert_inert(fmt, result.stdout, REPORT_NUMBER_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(run("report", path, "--format", "csv").stdout)))
    # 100 planned and 500 spent in Q1, numbers as typed; the title and owner escaped, whole
    assert (rows[0]["planned_Q1"], rows[0]["actual_Q1"]) == ("100", "500")
    read_back = xlplan.read(path).plan.actions[0].title  # (what the reader keeps of it)
    assert read_back.startswith("=cmd|")
    assert (rows[0]["action"], rows[0]["owner"]) == ("'" + read_back, "'-Y")
    for fmt in ("table", "json", "csv", "junit"):
        result = run("check", path, "--format", fmt, "--as-of", "2025-07-01")
        assert result.exit_code == 1  # (+400 % in Q1)
        assert_inert(fmt, result.stdout, CHECK_NUMBER_COLUMNS)
        assert unsafe_for_terminal(result.stderr) == []
    doc = json.loads(run("report", path, "--format", "json").stdout, parse_constant=refuse_constant)
    jsonschema.validate(doc, REPORT_SCHEMA)
    assert doc["actions"][0]["action"] == read_back  # (JSON keeps the text exactly)
    # diff and consolidate print the same text through the same escaping
    plain = xlplan.build(plan.model_copy(update={"actions": []}), tmp_path / "e.xlsx", as_of=AS_OF)
    for fmt in ("table", "json", "markdown"):
        result = run("diff", plain, path, "--format", fmt, "--as-of", "2025-07-01")
        assert result.exit_code == 1, result.output  # (an action added)
        assert_inert(fmt, result.stdout)
        assert unsafe_for_terminal(result.stderr) == []
    for fmt in ("table", "json"):
        result = run("consolidate", path, plain, "--format", fmt)
        assert result.exit_code == 0, result.output
        assert_inert(fmt, result.stdout)
        assert unsafe_for_terminal(result.stderr) == []


# --- class 2: any failure of one file is that file's "unusable" line --------------------------
@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four good workbooks: Bob (ok, nothing spent yet) and three of Mimine (ok on 1 July
    2025 with ``--max-overrun 20%``: its one overrun is the video's 10 %)."""
    folder = tmp_path_factory.mktemp("batch")
    xlplan.build(sample("bob"), folder / "a.xlsx", as_of=AS_OF)
    for name in ("b", "c", "d"):
        xlplan.build(sample("mimine"), folder / f"{name}.xlsx", as_of=AS_OF)
    return folder


FAILURES = [
    ValueError("bad"),
    KeyError("x"),
    RecursionError("maximum recursion depth exceeded"),
    MemoryError(),
    UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed"),
    OverflowError("date value out of range"),
    OSError(errno.EIO, "Input/output error"),
    AssertionError(),
    ZeroDivisionError("division by zero"),
]


@few
@given(broken=st.dictionaries(st.sampled_from("abcd"), st.sampled_from(FAILURES), max_size=4))
def test_any_exception_of_one_file_is_its_unusable_line(
    folder: Path, broken: dict[str, Exception]
) -> None:
    # The reader made to fail, file by file, with exceptions that are not XlplanError: each
    # failing file is one UNUSABLE line naming it and the exception; every other file is still
    # checked; the exit code is 2 when any failed.
    import xlplan.reading.own

    real = xlplan.reading.own.read

    def read(path: Any, **kwargs: Any) -> Any:
        if Path(path).stem in broken:
            raise broken[Path(path).stem]
        return real(path, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(xlplan.reading.own, "read", read)
        result = run("check", folder, "--jobs", "1", "--max-overrun", "20%")
    assert result.exit_code == (2 if broken else 0), result.output
    lines = result.stdout.splitlines()
    for stem in "abcd":
        line = next(x for x in lines if f"{stem}.xlsx" in x)
        if stem in broken:
            assert line.startswith("UNUSABLE"), line
            assert type(broken[stem]).__name__ in line
        else:
            assert line.startswith("OK"), line
    assert f"4 file(s): {4 - len(broken)} ok, 0 breaching, {len(broken)} unusable" in lines[-1]


CRASH = """
import os, sys
from concurrent.futures import ProcessPoolExecutor
import multiprocessing as mp
import xlplan.checks, xlplan.reading.own

real = xlplan.reading.own.read

def read(path, **kwargs):
    if os.path.basename(str(path)) in sys.argv[2:]:
        os._exit(9)  # (a worker that dies: a segfault, the out-of-memory killer)
    return real(path, **kwargs)

def patch():
    xlplan.reading.own.read = read

def pool(jobs, context):  # (forked: the patch is defined here, in __main__)
    return ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork"), initializer=patch)

thresholds = xlplan.checks.Thresholds(max_overrun="20%")
report = xlplan.checks.check(sys.argv[1], jobs=2, pool=pool, thresholds=thresholds)
for f in report.files:
    print(os.path.basename(f.file), f.status, f.error.replace(chr(10), " "))
"""


@pytest.mark.parametrize("crashing", [["b.xlsx"], ["a.xlsx", "d.xlsx"]])
def test_a_worker_that_dies_loses_only_its_file(folder: Path, crashing: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CRASH, str(folder), *crashing],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    rows = [line.split(" ", 2) for line in done.stdout.splitlines()]
    assert [r[0] for r in rows] == ["a.xlsx", "b.xlsx", "c.xlsx", "d.xlsx"]
    for name, status, error in rows:
        if name in crashing:
            assert status == "unusable"
            assert name in error and "process checking it stopped" in error
        else:
            assert (status, error) == ("ok", "")


# --- #15: spreadsheet files that cannot be checked are listed, never dropped silently --------
@pytest.fixture(scope="module")
def mixed(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    mixed = tmp_path_factory.mktemp("mixed")
    (mixed / "a.xlsx").write_bytes((folder / "a.xlsx").read_bytes())
    (mixed / "team").mkdir()
    for name in ("plan.ods", "old.xls", "big.xlsb", "export.csv", "mac.numbers"):
        (mixed / "team" / name).write_bytes(b"not checked")
    (mixed / "team" / "~$a.xlsx").write_bytes(b"Excel lock file")  # (not a plan: not listed)
    (mixed / "notes.txt").write_text("not a spreadsheet")
    return mixed


SKIPPED = ["big.xlsb", "export.csv", "mac.numbers", "old.xls", "plan.ods"]


def test_check_lists_the_files_it_cannot_check_in_every_format(mixed: Path) -> None:
    table = run("check", mixed, "--jobs", "1")
    assert table.exit_code == 0  # (Bob is fine; skipped files do not fail the check)
    skipped = [x for x in table.stdout.splitlines() if x.startswith("SKIPPED")]
    assert [Path(x.split()[1].rstrip(":")).name for x in skipped] == SKIPPED
    assert "OpenDocument" in skipped[4] and "save it as an Excel workbook (.xlsx)" in skipped[4]
    assert table.stdout.splitlines()[-1] == ("1 file(s): 1 ok, 0 breaching, 0 unusable, 5 skipped")
    doc = json.loads(run("check", mixed, "--format", "json", "--jobs", "1").stdout)
    jsonschema.validate(doc, CHECK_SCHEMA)
    assert doc["summary"] == {"files": 1, "ok": 1, "breach": 0, "unusable": 0, "skipped": 5}
    assert [Path(s["file"]).name for s in doc["skipped"]] == SKIPPED
    rows = list(csv.DictReader(io.StringIO(run("check", mixed, "--format", "csv").stdout)))
    assert [Path(r["file"]).name for r in rows if r["status"] == "skipped"] == SKIPPED
    junit = ET.fromstring(run("check", mixed, "--format", "junit").stdout)
    assert len(junit.findall("testsuite")) == 6
    assert len(junit.findall("testsuite/testcase/skipped")) == 5


def test_folders_leave_out_what_is_hidden(folder: Path, tmp_path: Path) -> None:
    # Another run's scratch folder (a build writing, or one killed with SIGKILL: nothing can
    # clean up after that) holds a half-written workbook; macOS leaves ._ files on shared
    # drives. Neither is a plan: a check or a consolidation of the folder must not read them.
    bob = (folder / "a.xlsx").read_bytes()
    (tmp_path / "a.xlsx").write_bytes(bob)
    scratch = tmp_path / ".a.xlsx.k3j2.tmp"
    scratch.mkdir()
    (scratch / "a.xlsx").write_bytes(bob[:5000])
    (tmp_path / "._a.xlsx").write_bytes(b"\x00\x05\x16\x07 AppleDouble")
    (tmp_path / ".old").mkdir()
    (tmp_path / ".old" / "plan.ods").write_bytes(b"hidden: not listed either")
    result = run("check", tmp_path, "--format", "json", "--jobs", "1")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [f["file"] for f in doc["files"]] == [str(tmp_path / "a.xlsx")] and doc["skipped"] == []
    assert [s.file for s in xlplan.consolidate([tmp_path]).sources] == [str(tmp_path / "a.xlsx")]


def test_check_strict_counts_them_as_unusable(mixed: Path) -> None:
    result = run("check", mixed, "--strict", "--format", "json", "--jobs", "1")
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, CHECK_SCHEMA)
    assert doc["summary"] == {"files": 6, "ok": 1, "breach": 0, "unusable": 5, "skipped": 0}
    unusable = [f for f in doc["files"] if f["status"] == "unusable"]
    assert sorted(Path(f["file"]).name for f in unusable) == SKIPPED
    assert all(Path(f["file"]).name in f["error"] for f in unusable)


# --- class 8: option values ------------------------------------------------------------------
bad_level = st.one_of(
    st.sampled_from(
        ["abc", "inf", "nan", "-inf", "-5", "0", "", " ", "80%%", "1e999999999", "sNaN"]
    ),
    st.text(st.characters(codec="ascii", exclude_characters=","), min_size=1, max_size=6).filter(
        lambda t: not t.strip().removesuffix("%").strip().replace(".", "", 1).isdigit()
    ),
)


@few
@given(
    good=st.lists(st.integers(1, 200).map(str), max_size=3),
    bad=bad_level,
    at=st.integers(0, 3),
)
def test_warn_at_refuses_what_is_not_a_percentage_in_one_line(
    good: list[str], bad: str, at: int
) -> None:
    text = ",".join([*good[:at], bad, *good[at:]])
    result = run("check", "nowhere.xlsx", f"--warn-at={text}")
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "<class" not in result.output
    assert "Invalid value for '--warn-at'" in result.stderr
    assert "expected percentages above 0 (at most 1,000,000)" in result.stderr
    assert repr(bad.strip()) in result.stderr  # (the item at fault, quoted)
    assert unsafe_for_terminal(result.stderr) == []


def test_warn_at_accepts_percentages(folder: Path) -> None:
    # Mimine on 1 July 2025: 4 320 spent of an envelope of 30 000 = 14.4 %, past a 10 % level
    args = ["--warn-at", "10%, 95", "--max-overrun", "20%", "--format", "json"]
    result = run("check", folder / "b.xlsx", *args)
    assert result.exit_code == 0
    (consumed,) = [
        x for x in json.loads(result.stdout)["files"][0]["findings"] if x["rule"] == "consumed"
    ]
    assert "(warning at 10 %)" in consumed["message"]


# --- class 6: outputs never destroy an input, never clobber, never stay half-written ----------
def listing(folder: Path) -> dict[str, str]:
    """Every entry of `folder` (hidden scratch folders included) and what it holds."""
    return {
        p.name: ("link->" + os.readlink(p))
        if p.is_symlink()
        else digest(p)
        if p.is_file()
        else "dir"
        for p in folder.iterdir()
    }


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return xlplan.build(sample("bob"), tmp_path_factory.mktemp("wb") / "bob.xlsx", as_of=AS_OF)


def alias(folder: Path, target: Path, how: str) -> Path:
    """Another name for `target`: the same path spelt differently, or a link to it."""
    if how == "same":
        return target
    if how == "dotted":
        (folder / "sub").mkdir(exist_ok=True)
        return folder / "sub" / ".." / "." / target.name
    other = folder / f"other{target.suffix}"
    if how == "symlink":
        other.symlink_to(target.name)
    else:
        os.link(target, other)
    return other


COMMANDS = {
    # (input file, arguments with {in} the input and {out} the aliased output)
    "build": ("plan.yaml", ["build", "{in}", "-o", "{out}"]),
    "import": ("plan.xlsx", ["import", "{in}", "-o", "{out}"]),
    "refresh": ("plan.xlsx", ["refresh", "{in}", "-o", "{out}"]),
    "report --annotate": ("plan.xlsx", ["report", "{in}", "--annotate", "{out}"]),
    "import --annotate": ("plan.xlsx", ["import", "{in}", "-o", "x.yaml", "--annotate", "{out}"]),
}


@few
@given(
    command=st.sampled_from(sorted(COMMANDS)),
    how=st.sampled_from(["same", "dotted", "symlink", "hardlink"]),
    force=st.booleans(),
)
def test_an_output_that_is_the_input_is_refused_whatever_force_says(
    workbook: Path, tmp_path_factory: pytest.TempPathFactory, command: str, how: str, force: bool
) -> None:
    folder = tmp_path_factory.mktemp("same")
    name, args = COMMANDS[command]
    source = folder / name
    if name.endswith(".yaml"):
        xlplan.save_plan(sample("bob"), source)
    else:
        source.write_bytes(workbook.read_bytes())
    out = alias(folder, source, how)
    before = listing(folder)
    with contextlib.chdir(folder):
        argv = [a.format(**{"in": source, "out": out}) for a in args]
        result = run(*argv, *(["--force"] if force else []))
    assert_one_line_exit_2(result, "is the input", source.name)
    assert listing(folder) == before  # (the input untouched, nothing written)


def test_two_outputs_of_one_command_must_differ(workbook: Path, tmp_path: Path) -> None:
    for force in ([], ["--force"]):
        result = run(
            "import", workbook, "-o", tmp_path / "x.yaml", "--annotate", tmp_path / "x.yaml", *force
        )
        assert_one_line_exit_2(result, "is also the output", "x.yaml")
    assert list(tmp_path.iterdir()) == []


def test_a_dangling_symlink_at_the_output_is_an_existing_file(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    xlplan.save_plan(sample("bob"), plan)
    (tmp_path / "out.xlsx").symlink_to("elsewhere.xlsx")
    result = run("build", plan, "-o", tmp_path / "out.xlsx")
    assert_one_line_exit_2(result, "out.xlsx", "already exists")
    assert os.readlink(tmp_path / "out.xlsx") == "elsewhere.xlsx"
    assert not (tmp_path / "elsewhere.xlsx").exists()
    result = run("build", plan, "-o", tmp_path / "out.xlsx", "--force")
    assert result.exit_code == 0, result.output
    # --force replaces the link itself, with the workbook; nothing is written through it
    assert not (tmp_path / "out.xlsx").is_symlink()
    assert xlplan.read(tmp_path / "out.xlsx").plan.name == sample("bob").name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx", "plan.yaml"]


@pytest.mark.parametrize("links", [True, False], ids=["hard-links", "no-hard-links"])
def test_the_exists_check_and_the_publication_are_one_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, links: bool
) -> None:
    import xlplan.output

    if not links:  # (a file system without hard links: the name is claimed with O_EXCL)

        def no_link(*args: Any, **kwargs: Any) -> None:
            raise OSError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(xlplan.output.os, "link", no_link)
    target = tmp_path / "out.txt"
    # Someone else creates the file while ours is being written: ours is refused, theirs kept.
    with pytest.raises(OutputExistsError, match="already exists"), atomic_output(target) as tmp:
        tmp.write_bytes(b"ours")
        target.write_bytes(b"theirs")
    assert target.read_bytes() == b"theirs"
    # Eight writers at once, none with force: exactly one wins, whole.
    target.unlink()
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def write(n: int) -> None:
        try:
            with atomic_output(target) as tmp:
                tmp.write_bytes(f"writer {n}".encode())
                barrier.wait()
            outcomes.append(f"writer {n}")
        except OutputExistsError:
            outcomes.append("refused")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [o for o in outcomes if o != "refused"]
    assert len(winners) == 1 and len(outcomes) == 8
    assert target.read_text() == winners[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]  # (no scratch left)


def test_two_builds_at_once_without_force_never_both_write(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    xlplan.save_plan(sample("mimine"), plan)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "xlplan", "build", str(plan), "-o", str(tmp_path / "m.xlsx")]
    procs = [subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    done = [(p.wait(timeout=300), p.communicate()[1]) for p in procs]
    assert sorted(code for code, _ in done) == [0, 2]
    assert sum("wrote" in err for _, err in done) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.xlsx", "plan.yaml"]
    assert xlplan.read(tmp_path / "m.xlsx").plan.name == sample("mimine").name


def big_plan(folder: Path) -> Path:
    plan = xlplan.Plan(
        name="Big",
        fiscal_year_start=dt.date(2025, 1, 1),
        owners=[xlplan.Owner(name="Y")],
        actions=[
            xlplan.Action(title=f"Action {i} " + "x" * 40, owner="Y", budget=[100, 200, 300, 400])
            for i in range(3000)
        ],
    )
    return xlplan.save_plan(plan, folder / "big.yaml")


# The build, run by the command line, stops once xlsxwriter has written its temporary parts
# (after the styles part): the test sends its signal then, whatever the machine's speed.
PAUSED_BUILD = """
import sys, time
from pathlib import Path
import xlsxwriter.packager as packager
from xlplan.cli import main
ready, args = Path(sys.argv[1]), sys.argv[2:]
styles = packager.Packager._write_styles_file
def paused(self):
    styles(self)
    ready.touch()
    time.sleep(300)
packager.Packager._write_styles_file = paused
main(args, prog_name="xlplan")
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_build_interrupted_leaves_no_temporary_file(tmp_path: Path, signum: int) -> None:
    # The signal is sent while xlsxwriter's temporary parts exist (in the scratch folder
    # beside the output): the scratch folder, the parts and the output are all gone.
    plan = xlplan.save_plan(sample("mimine"), tmp_path / "mimine.yaml")
    out, temp, ready = tmp_path / "out", tmp_path / "temp", tmp_path / "ready"
    out.mkdir()
    temp.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(temp)}
    cmd = [sys.executable, "-c", PAUSED_BUILD, str(ready), "build", str(plan), "-o"]
    proc = subprocess.Popen([*cmd, str(out / "m.xlsx")], env=env, stderr=subprocess.PIPE, text=True)
    while not ready.exists():
        assert proc.poll() is None, proc.communicate()[1]
        time.sleep(0.01)
    assert [p for d in out.glob(".m.xlsx.*.tmp") for p in d.iterdir()] != []  # (parts written)
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 128 + signum  # (not 1, which says "findings")
    assert "Traceback" not in stderr
    assert list(out.iterdir()) == []
    assert list(temp.iterdir()) == []


# `check`, run by the command line, stops in its first file's summary line, workers running.
PAUSED_CHECK = """
import sys, time
from pathlib import Path
import xlplan.check_output
from xlplan.cli import main
ready, args = Path(sys.argv[1]), sys.argv[2:]
def paused(*_):  # (the result, the language)
    ready.touch()
    time.sleep(300)
xlplan.check_output.summary_line = paused
main(args, prog_name="xlplan")
"""


def test_ctrl_c_during_a_parallel_check_is_not_a_finding(folder: Path, tmp_path: Path) -> None:
    # Exit code 1 says "a file breaches": a check stopped by Ctrl-C must not say that.
    ready = tmp_path / "ready"
    cmd = [sys.executable, "-c", PAUSED_CHECK, str(ready), "check", str(folder), "--jobs", "2"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [*cmd, "--format", "json"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    while not ready.exists():
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 128 + signal.SIGINT
    assert b"Traceback" not in stderr and stdout == b""  # (no half report)


SLOW_WORKERS = """
import os, signal, sys, threading, time
from concurrent.futures import ProcessPoolExecutor
import xlplan.checks

def slow(jobs, context):  # workers that take ten minutes to start; Ctrl-C half a second in
    threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT)).start()
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=time.sleep, initargs=(600,))

try:
    xlplan.checks.check(sys.argv[1], jobs=2, pool=slow)
except KeyboardInterrupt:
    print("interrupted")
"""


def test_ctrl_c_stops_the_workers_without_waiting_for_their_batches(folder: Path) -> None:
    # The pool's own shutdown would wait for the running batches (here ten minutes): the
    # interrupted check stops its workers instead. (The timeout only guards against a hang.)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", SLOW_WORKERS, str(folder)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout == "interrupted\n", done.stderr


def test_a_write_that_fails_is_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    # A real write failure: the file-size limit makes the writes fail (EFBIG), as a full disk
    # (ENOSPC) or a read-only file system (EROFS) would.
    plan = big_plan(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    script = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))\n"
        "from xlplan.cli import main\n"
        "main(sys.argv[1:])\n"
    )
    for command in (["build", str(plan), "-o", str(out / "big.xlsx")],):
        done = subprocess.run(
            [sys.executable, "-c", script, *command],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert done.returncode == 2, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "big.xlsx: cannot write the file (File too large)" in lines[0]
        assert list(out.iterdir()) == []


MIMINE_FILE = ROOT / "samples" / "mimine.yaml"


def test_an_output_that_is_no_file_is_never_replaced(tmp_path: Path) -> None:
    # With --force the output was renamed over whatever had its name: run as root,
    # `-o /dev/null --force` put a plain file in place of the device. Links here, so that a
    # failure replaces a link in tmp_path, never the device itself.
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)
    (tmp_path / "null.xlsx").symlink_to(os.devnull)
    (tmp_path / "to-pipe.xlsx").symlink_to(fifo)
    (tmp_path / "folder.xlsx").mkdir()
    for name in ("pipe.xlsx", "null.xlsx", "to-pipe.xlsx"):
        for force in ([], ["--force"]):
            out = tmp_path / name
            result = run("build", MIMINE_FILE, "-o", out, *force)
            assert result.exit_code == 2 and "is not a file" in result.stderr, result.output
    with pytest.raises(OutputExistsError, match="is not a file"):
        atomic_write(tmp_path / "folder.xlsx", b"x", force=True)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert os.readlink(tmp_path / "null.xlsx") == os.devnull
    assert os.readlink(tmp_path / "to-pipe.xlsx") == str(fifo)
    assert (tmp_path / "folder.xlsx").is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "folder.xlsx",
        "null.xlsx",
        "pipe.xlsx",
        "to-pipe.xlsx",
    ]


def test_a_name_near_the_system_s_limit_is_written(tmp_path: Path) -> None:
    # The longest names a folder takes (255 bytes here): the scratch folder beside the output
    # must not need a longer one. 'é' is two bytes in UTF-8.
    limit = os.pathconf(tmp_path, "PC_NAME_MAX")
    for name in ("a" * (limit - 5) + ".xlsx", "é" * ((limit - 5) // 2) + ".xlsx"):
        out = tmp_path / name
        result = CliRunner().invoke(main, ["build", str(MIMINE_FILE), "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert [p.name for p in tmp_path.iterdir()] == [name]
        assert xlplan.read(out).plan == sample("mimine")
        out.unlink()
    atomic_write(tmp_path / ("b" * limit), b"x")
    assert [p.read_bytes() for p in tmp_path.iterdir()] == [b"x"]


def test_a_failed_write_is_an_output_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import xlplan.output

    def full(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(xlplan.output.os, "link", full)
    with pytest.raises(
        OutputError, match=r"x.yaml: cannot write the file \(No space left on device\)"
    ):
        atomic_write(tmp_path / "x.yaml", b"x")
    assert list(tmp_path.iterdir()) == []


# --- class 7: the annotated copy is capped --------------------------------------------------
def test_the_annotated_copy_marks_at_most_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl
    from test_hostile import bad_values

    import xlplan.annotate

    path, _ = bad_values(tmp_path)
    problems = xlplan.read(path).problems
    assert len(problems) > 3
    monkeypatch.setattr(xlplan.annotate, "MAX_ANNOTATED", 3)
    result = run("report", path, "--annotate", tmp_path / "a.xlsx", "--format", "json")
    assert result.exit_code == 1  # (cells that could not be read)
    note = f"Only the first 3 of {len(problems)} problems are listed and marked"
    assert f"note: {note}" in result.stderr
    wb = openpyxl.load_workbook(tmp_path / "a.xlsx")
    sheet = wb.worksheets[0]
    assert sheet.title == "Problèmes"  # (Bob is French)
    assert str(sheet["A1"].value).startswith(f"Seuls les 3 premiers problèmes sur {len(problems)}")
    assert [c.value for c in sheet[2]] == ["Gravité", "Feuille", "Cellule", "Message"]
    assert sheet.max_row == 2 + 3
    commented = [
        (ws.title, c.coordinate)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.comment is not None and c.comment.author == "xlplan"
    ]
    assert 1 <= len(commented) <= 3
    assert {(p.sheet, p.cell) for p in problems[:3] if p.cell} >= set(commented)


def test_the_cap_note_counts_in_the_workbooks_language() -> None:
    from xlplan.annotate import MAX_ANNOTATED, capped_note

    assert MAX_ANNOTATED == 5_000  # (the README documents this number)
    assert capped_note(5_000) is None
    assert capped_note(80_001, "en") == (
        "Only the first 5,000 of 80,001 problems are listed and marked in this copy; "
        "the full list: xlplan report --format json"
    )
    assert "Seuls les 5\u202f000 premiers problèmes sur 80\u202f001" in str(
        capped_note(80_001, "fr")
    )


@pytest.mark.parametrize("command", ["report", "check"])
def test_a_full_standard_output_is_one_line_and_exit_2(workbook: Path, command: str) -> None:
    # /dev/full: every write fails with ENOSPC, as a redirection to a full disk would.
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "xlplan", command, str(workbook), "--format", "json"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    assert done.returncode == 2
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error")]
    assert errors == ["Error: standard output: cannot write (No space left on device)"]
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["new", "-o", "-"], "not standard output"),
        (["new", "-o", "plan.csv"], "plan.csv: this file must end with .xlsx (e.g. plan.xlsx)"),
        (["build", "plan.yaml", "-o", "plan"], "plan: this file must end with .xlsx"),
        (["refresh", "plan.xlsx", "-o", "fresh.xlsm"], "fresh.xlsm: this file must end with .xlsx"),
        (["report", "plan.xlsx", "--annotate", "marked.ods"], "marked.ods: this file must end"),
        (["import", "plan.xlsx", "-o", "plan.csv"], "must end with .yaml / .yml / .json"),
        (["import", "plan.xlsx", "-o", "-"], "not standard output"),
        (["consolidate", "plan.xlsx", "-o", "all.xls"], "all.xls: this file must end with .xlsx"),
    ],
)
def test_an_output_named_for_another_kind_of_file_is_refused(
    workbook: Path, tmp_path: Path, args: list[str], said: str
) -> None:
    # A workbook named plan.csv would not open in Excel, and a plan file named plan.txt would
    # not be read back as YAML; "-" would be a file named "-" in the current folder.
    xlplan.save_plan(sample("bob"), tmp_path / "plan.yaml")
    (tmp_path / "plan.xlsx").write_bytes(workbook.read_bytes())
    before = listing(tmp_path)
    with contextlib.chdir(tmp_path):
        result = run(*args)
    assert_one_line_exit_2(result, said)
    assert listing(tmp_path) == before


def test_the_library_refuses_those_names_too(tmp_path: Path) -> None:
    with pytest.raises(xlplan.OutputError, match=r"must end with \.xlsx"):
        xlplan.build(sample("bob"), tmp_path / "plan.csv")
    with pytest.raises(xlplan.OutputError, match=r"must end with \.yaml"):
        xlplan.save_plan(sample("bob"), tmp_path / "plan.txt")
    assert list(tmp_path.iterdir()) == []
