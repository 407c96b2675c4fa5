"""Nothing lost: any plan → build → read gives the same plan back (property tests)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT
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


@pytest.mark.parametrize("name", ["mimine.fr", "northwind-coffee.en"])
def test_version_1_workbooks_are_still_read(name: str, tmp_path: Path) -> None:
    """Workbooks built by xlplan before version 2 (`tests/v1`, built by the previous release
    from the samples), with actual spend typed in budget tracking, give the same plan; built
    again, the plan is the same in version 2, actuals on the action plan's rows."""
    stem, lang = name.rsplit(".", 1)
    plan = xlplan.load_plan(ROOT / "samples" / f"{stem}.yaml").model_copy(update={"language": lang})
    old = read(ROOT / "tests" / "v1" / f"{name}.xlsx")
    assert old.problems == []
    assert old.plan == plan
    assert any(not a.actual.is_empty() for a in old.plan.actions)
    assert read(build(old.plan, tmp_path / "v2.xlsx", as_of=dt.date(2024, 7, 1))).plan == plan
