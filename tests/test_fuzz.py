"""Fuzzing the reader: a mutated workbook is read, or refused with an `XlplanError` — nothing else.

Hypothesis mutates two valid workbooks — one made by xlplan (read through the layout) and a
hand-made plan table (read by
`xlplan.reading.handmade`) — in two ways: bytes of the zip file flipped,
inserted, deleted or cut off; and the XML of one part (a sheet, the shared strings, the
workbook, the styles…) truncated, its tags duplicated, attributes added or garbled, numbers made
huge, then zipped again. `xlplan.read` must return a `ReadResult` or raise an `XlplanError`; any
other exception, a MemoryError or a hang (an alarm after `HANG_SECONDS`) is a bug. When the read
succeeds, so must the annotated copy of the problems it found, or raise an `XlplanError`.

The example count is modest by default; ``XLPLAN_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py``
runs a longer campaign.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import io
import os
import re
import signal
import tempfile
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest
from hostile import ROOT, hand_made_workbook, members
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import hostile_text, plans

import xlplan
from xlplan.annotate import annotate
from xlplan.errors import XlplanError
from xlplan.reading.own import ReadResult, read
from xlplan.writing.workbook import build
from xlplan.xlsx import guard as safety

EXAMPLES = int(os.environ.get("XLPLAN_FUZZ_EXAMPLES", "150"))
CHECK_LEAKS = os.environ.get("XLPLAN_FUZZ_LEAKS") == "1"
HANG_SECONDS = 30

fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # no example database in the working tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@functools.cache
def small_xlplan_workbook() -> bytes:
    """The xlplan base: Mimine's plan cut to its first two actions (quicker to read)."""
    plan = xlplan.load_plan(ROOT / "samples" / "mimine.yaml")
    plan = plan.model_copy(update={"actions": plan.actions[:2]})
    with tempfile.TemporaryDirectory() as tmp:
        return build(plan, Path(tmp) / "small.xlsx", as_of=dt.date(2024, 6, 30)).read_bytes()


@functools.cache
def hand_made_monthly_workbook() -> bytes:
    """A hand-made monthly table (issue #17): ``Budget prévu (k€)`` merged over twelve months,
    ``Réalisé`` over three, a section row with subtotals, a Total row — the months become the
    actions' monthly figures."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mimine — budget 2024"])
    ws.append(["Action", "Responsable", "Budget prévu (k€)", *[None] * 11, "Réalisé"])
    months = ["janv.", "févr.", "mars", "avr.", "mai", "juin"]
    months += ["juil.", "août", "sept.", "oct.", "nov.", "déc."]
    ws.append([None, None, *months, *months[:3]])
    ws.merge_cells("C2:N2")
    ws.merge_cells("O2:Q2")
    ws.append(["Objectif 1 — Récolter 5 000 €", None, 0.81, 0.46])
    ws.append(["Vidéo de présentation", "Zoé", 0.8, None, None, *[None] * 9, 880])
    ws.append(["Photos", "Zoé", None, "0,45", None, *[None] * 9, None, 450])
    ws.append(["Newsletter", "Arnaud", *[0.01] * 12, 0, None, 5])
    ws.append(["Total", None, 0.81, 0.46, *[0.01] * 10])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


BASES = {
    "xlplan": small_xlplan_workbook,
    "hand-made": hand_made_workbook,
    "hand-made monthly": hand_made_monthly_workbook,
}


class Hang(Exception):
    """Raised by the alarm: reading took longer than `HANG_SECONDS`."""


@contextlib.contextmanager
def alarm(seconds: int) -> Iterator[None]:
    def ring(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"still reading after {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def read_or_refuse(data: bytes) -> None:
    """The property: read, or refuse with an XlplanError; then annotate, or refuse likewise.

    A file left open shows as an unraisable ResourceWarning, which pytest (warnings are
    errors) fails the test for; ``XLPLAN_FUZZ_LEAKS=1`` checks each example, to find which
    one leaves it (two garbage collections per example: slower).
    """
    if CHECK_LEAKS:
        gc.collect()  # what earlier examples left is theirs
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mutated.xlsx"
        path.write_bytes(data)
        with alarm(HANG_SECONDS), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ResourceWarning)
            with contextlib.suppress(XlplanError):
                safety.inspect_workbook(path)
            try:
                result = read(path)
            except XlplanError:
                result = None
            if result is not None:
                assert isinstance(result, ReadResult)
                with contextlib.suppress(XlplanError):
                    annotate(path, result.problems, Path(tmp) / "annotated.xlsx")
            if CHECK_LEAKS:
                gc.collect()
        assert [str(w.message) for w in caught if w.category is ResourceWarning] == []


# --- byte mutations of the zip file ---------------------------------------------------------------
def mutated_bytes(draw: st.DrawFn) -> bytes:
    data = bytearray(BASES[draw(st.sampled_from(sorted(BASES)))]())
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "set", "insert", "delete", "truncate"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "set" and data:
            data[at] = draw(st.sampled_from([0x00, 0xFF, 0x7F, 0x80, ord("<"), ord("&")]))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif op == "truncate":
            del data[at:]
    return bytes(data)


@fuzz
@given(st.data())
def test_mutated_zip_bytes_are_read_or_refused(data: st.DataObject) -> None:
    read_or_refuse(mutated_bytes(data.draw))


# --- XML mutations inside a re-zipped workbook ----------------------------------------------------
_TAG = re.compile(rb"<[A-Za-z][^<>]*>")
_ATTR = re.compile(rb'(\s[\w:]+)="([^"]*)"')
_NUMBER = re.compile(rb"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
GARBAGE_VALUES = [
    b"",
    b"0",
    b"-1",
    b"ZZZZ1",
    b"A0",
    b"XFD1048577",
    b"A1:XFD1048576",
    b"1e400",
    b"NaN",
    b"s",
    b"inlineStr",
    b"d",
    b"b",
    b"e",
    b"str",
    b"99999999999999999999",
    b"\xc3\x28",  # invalid UTF-8
    b"&amp;&lt;",
    b"x" * 300,
]
GARBAGE_ATTRIBUTES = [b"r", b"t", b"s", b"ref", b"sqref", b"count", b"sheetId", b"r:id", b"min"]
HUGE_NUMBERS = [
    b"1e308",
    b"1e400",
    b"-1e400",
    b"99999999999999999999999",
    b"NaN",
    b"inf",
    b"-0",
    b"1e-400",
    b"1048577",
    b"16385",
    b"2958466",  # the day after 9999-12-31
    b"-693594",  # before year 1
]


def _xml_members(data: bytes) -> list[str]:
    return sorted(n for n in members(data) if n.endswith((".xml", ".rels")))


def mutated_xml(draw: st.DrawFn) -> bytes:
    base = BASES[draw(st.sampled_from(sorted(BASES)))]()
    parts = _xml_members(base)
    sheets = [n for n in parts if n.startswith("xl/worksheets/sheet")]
    name = draw(st.one_of(st.sampled_from(sheets), st.sampled_from(parts)))
    xml = bytearray(members(base)[name])
    for _ in range(draw(st.integers(1, 4))):
        op = draw(
            st.sampled_from(
                ["truncate", "duplicate", "add-attribute", "garble", "number", "delete", "insert"]
            )
        )
        text = bytes(xml)
        if op == "truncate":
            del xml[draw(st.integers(0, len(xml))) :]
        elif op == "duplicate" and (tags := list(_TAG.finditer(text))):
            tag = draw(st.sampled_from(tags))
            at = draw(st.sampled_from([tag.end(), draw(st.integers(0, len(xml)))]))
            xml[at:at] = tag.group(0) * draw(st.integers(1, 3))
        elif op == "add-attribute" and (tags := list(_TAG.finditer(text))):
            tag = draw(st.sampled_from(tags))
            end = tag.end() - (2 if tag.group(0).endswith(b"/>") else 1)
            attr = draw(st.sampled_from(GARBAGE_ATTRIBUTES))
            value = draw(st.sampled_from(GARBAGE_VALUES))
            xml[end:end] = b" " + attr + b'="' + value + b'"'
        elif op == "garble" and (attrs := list(_ATTR.finditer(text))):
            found = draw(st.sampled_from(attrs))
            value = draw(st.one_of(st.sampled_from(GARBAGE_VALUES), st.binary(max_size=8)))
            xml[found.start(2) : found.end(2)] = value
        elif op == "number" and (numbers := list(_NUMBER.finditer(text))):
            found = draw(st.sampled_from(numbers))
            xml[found.start() : found.end()] = draw(st.sampled_from(HUGE_NUMBERS))
        elif op == "delete":
            at = draw(st.integers(0, len(xml)))
            del xml[at : at + draw(st.integers(1, 200))]
        elif op == "insert":
            at = draw(st.integers(0, len(xml)))
            xml[at:at] = draw(st.binary(min_size=1, max_size=32))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, content in members(base).items():
            zf.writestr(member, bytes(xml) if member == name else content)
    return out.getvalue()


@fuzz
@given(st.data())
def test_mutated_sheet_xml_is_read_or_refused(data: st.DataObject) -> None:
    read_or_refuse(mutated_xml(data.draw))


@pytest.mark.parametrize("base", sorted(BASES))
def test_the_bases_are_read(base: str) -> None:
    """Both bases are valid workbooks: what the fuzzer finds comes from its mutations."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "base.xlsx"
        path.write_bytes(BASES[base]())
        assert read(path).plan.actions


# --- plan files: YAML and JSON, hostile values in every place ------------------------------------
YAML_VALUES = [
    "2024-02-30",
    "0000-00-00",
    "9999-12-31",
    "1899-12-31",
    "2024-01-01T10:00:00+02:00",
    "2024-01-01 10:00:00.123456",
    "02/12/2024",
    "9" * 5000,
    "-" + "9" * 20,
    "1e400",
    "1.0e+400",
    "-.inf",
    ".nan",
    "0x1F",
    "0o777",
    "1_000",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!python/object/apply:os.system [echo]",
    "!unknown x",
    "!!int abc",
    "!!float abc",
    "!!timestamp 2024-13-45",
    "[" * 50 + "]" * 50,
    "{a: " * 30 + "1" + "}" * 30,
    '"\\ud800"',
    '"\\x07bell"',
    '"_x0041_ _xD800_"',
    '"\\0nul"',
    "'" + "x" * 33_000 + "'",
    "*undefined_alias",
    "&a [*a]",
    "~",
    "yes",
    "[]",
    "{}",
]
JSON_VALUES = [
    '"2024-02-30"',
    "1e400",
    "-1e400",
    "NaN",
    "Infinity",
    "9" * 5000,
    "[" * 1000 + "]" * 1000,
    '"\\ud800"',
    '"\\u0007"',
    '"' + "x" * 33_000 + '"',
    "true",
    "null",
    "{}",
    '{"a": 1, "a": 2}',
    "-0",
    "1.5e-400",
]
YAML_PLAN = """name: {0}
year: {1}
owners:
  - name: Zoé
objectives:
  - title: {2}
    deadline: {3}
kpis:
  - name: K
    target: {4}
    actual: [{5}]
actions:
  - title: {6}
    owner: {7}
    start: {8}
    end: {9}
    budget: [{10}, 0, 0, 0]
    actual: {{q1: {11}}}
    extra: {{x_a: {12}}}
    {13}: {14}
"""
JSON_PLAN = (
    '{{"name": {0}, "year": {1}, "owners": [{{"name": "Zoé"}}], "objectives": [{{"title": {2}, '
    '"deadline": {3}}}], "kpis": [{{"name": "K", "target": {4}, "actual": [{5}]}}], "actions": '
    '[{{"title": {6}, "owner": {7}, "start": {8}, "end": {9}, "budget": [{10}, 0, 0, 0], '
    '"actual": {{"q1": {11}}}, "extra": {{"x_a": {12}}}, "notes": {13}, "progress": {14}}}]}}'
)
YAML_FINE = [
    "Plan",
    "2024",
    "O",
    "2024-06-30",
    "10",
    "5",
    "A",
    "Zoé",
    "2024-02-01",
    "2024-03-01",
    "100",
    "80",
    "x",
    "notes",
    "n",
]
JSON_FINE = [
    *('"Plan"', "2024", '"O"', '"2024-06-30"', "10", "5", '"A"', '"Zoé"', '"2024-02-01"'),
    *('"2024-03-01"', "100", "80", '"x"', '"n"', "50"),
]


@st.composite
def plan_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A plan file, YAML or JSON, with hostile values in some places and its bytes mangled
    (an encoding, a byte order mark, a cut, a line given twice) now and then."""
    fmt = draw(st.sampled_from(["yaml", "json"]))
    hostile = YAML_VALUES if fmt == "yaml" else JSON_VALUES
    fine = YAML_FINE if fmt == "yaml" else JSON_FINE
    values = list(fine)
    for at in draw(st.lists(st.integers(0, len(fine) - 1), max_size=3)):
        values[at] = draw(st.sampled_from(hostile))
    text = (YAML_PLAN if fmt == "yaml" else JSON_PLAN).format(*values)
    lines = text.splitlines(keepends=True)
    op = draw(st.sampled_from(["none", "none", "repeat-line", "cut", "encoding", "bytes"]))
    if op == "repeat-line":
        at = draw(st.integers(0, len(lines) - 1))
        lines.insert(at, lines[at])
    text = "".join(lines)
    if op == "cut":
        text = text[: draw(st.integers(0, len(text)))]
    data = text.encode("utf-8", "surrogatepass")
    if op == "encoding":
        data = text.encode(draw(st.sampled_from(["utf-16", "utf-8-sig", "utf-32"])), "replace")
    elif op == "bytes":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    return fmt, data


@fuzz
@given(plan_files())
def test_any_plan_file_builds_or_is_refused_in_one_line(case: tuple[str, bytes]) -> None:
    """No plan file gives a traceback: `build` exits 0 (and xlplan reads back what it wrote)
    or 2 with one line."""
    from click.testing import CliRunner

    from xlplan.cli import main

    fmt, data = case
    with tempfile.TemporaryDirectory() as tmp:
        plan_file = Path(tmp) / f"plan.{fmt}"
        plan_file.write_bytes(data)
        out = Path(tmp) / "out.xlsx"
        with alarm(HANG_SECONDS):
            result = CliRunner().invoke(main, ["build", str(plan_file), "-o", str(out)])
        assert isinstance(result.exception, SystemExit | None), result.exception
        if result.exit_code == 0:
            assert read(out).plan == xlplan.load_plan(plan_file)
        else:
            assert result.exit_code == 2
            errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
            assert len(errors) == 1, result.output
            assert not out.exists()


# --- whatever validates is written so that xlplan, openpyxl and python-calamine read it back ---
@settings(
    max_examples=max(EXAMPLES // 10, 10),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(plans(max_actions=6, text=hostile_text))
def test_any_valid_plan_is_written_so_that_everyone_reads_it_back(plan: xlplan.Plan) -> None:
    import openpyxl
    import python_calamine

    with tempfile.TemporaryDirectory() as tmp:
        path = build(plan, Path(tmp) / "p.xlsx", as_of=dt.date(2030, 1, 1))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # (extensions openpyxl leaves out)
            openpyxl.load_workbook(path).close()
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()
        result = read(path)
    assert [p for p in result.problems if p.severity == "error"] == []
    assert result.plan == plan
