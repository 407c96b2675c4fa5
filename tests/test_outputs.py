"""What xlplan writes out, under hostile text, paths, options and signals (issue 14, output side).

Each class of failure is a generated family: every output format is valid and inert over hostile
text and numbers; one failing file never stops a batch; an output never destroys an input and
never appears half-written; option values are refused in one clear line.
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import hashlib
import io
import json
import os
import signal
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
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example],
)
few = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


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
        st.sampled_from(['cmd|" /C calc"!A0', "SUM(1,2)", "1+1", "5", "HYPERLINK(\"x\")"]),
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


REPORT_NUMBER_COLUMNS = {c for c in xlplan.report.CSV_COLUMNS if c.startswith(("planned", "actual"))}


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
