"""Nothing lost: any plan → build → read gives the same plan back (property tests)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from strategies import plans

import xlplan
from xlplan.reading.own import read
from xlplan.writing.workbook import build


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(plans())
def test_plan_build_read_gives_the_same_plan(plan: xlplan.Plan) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        result = read(build(plan, Path(tmp) / "p.xlsx", as_of=dt.date(2030, 1, 1)))
    assert [p for p in result.problems if p.severity == "error"] == []
    assert result.plan == plan


@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(plans(max_actions=400))
def test_hundreds_of_rows(plan: xlplan.Plan) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        first = read(build(plan, Path(tmp) / "a.xlsx")).plan
        second = read(build(first, Path(tmp) / "b.xlsx")).plan
    assert first == plan
    assert second == first
