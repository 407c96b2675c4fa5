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


BASES = {"xlplan": small_xlplan_workbook, "hand-made": hand_made_workbook}


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
