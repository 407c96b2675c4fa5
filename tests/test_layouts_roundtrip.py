"""Issue #17: "generate tables in any of these layouts from a random plan, read them back, get the
plan". A random plan is written as a hand-made table in a random layout (`handmade_render`):
read back by `xlplan.read`, it gives the plan drawn in all the layout carries — the actions'
titles in their rows' order, their objectives and owners by name, their notes, planned and
spent money per quarter, the months when months were written (and the fiscal year they and a
title row tell), the KPIs' baseline and target when a list was written — with no problem of
severity error nor any but those the layout calls for (the fiscal year assumed, amounts scaled
from k€, an objective without action), and every cell of the table is in the plan or named in
a problem (`cell_walk.unaccounted`). The same holds once LibreOffice has re-saved the tables.

``XLPLAN_FUZZ_EXAMPLES=500 pytest tests/test_layouts_roundtrip.py`` runs a longer campaign.
"""

from __future__ import annotations

import os
import tempfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from cell_walk import unaccounted
from handmade_render import Layout, cases, render
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lo import recalculate_many

import xlplan
from xlplan.model.plan import Action, Plan

D = Decimal
EXAMPLES = int(os.environ.get("XLPLAN_FUZZ_EXAMPLES", "40"))


_EXPECTED_PROBLEMS = {"fiscal-year-assumed", "unit-scaled", "section-empty"}


def _months(figures: object, blank: Decimal | None) -> list[Decimal | None]:
    """An action's months in fiscal order; none given reads as twelve `blank` months."""
    months = getattr(figures, "months", None)
    return list(months) if months else [blank] * 12


def _objectives(plan: Plan, action: Action) -> list[str]:
    titles = {o.id: o.title for o in plan.objectives}
    return [titles[i] for i in action.objectives]


def check_roundtrip(layout: Layout, drawn: Plan, folder: Path) -> None:
    """Render `drawn` in `layout`, read it back, compare (see the module's docstring)."""
    path, rows = render(drawn, layout, folder)
    check_read(layout, drawn, rows, path)


def check_read(layout: Layout, drawn: Plan, rows: list[Action], path: Path) -> None:
    """Read `path`, where `drawn` was laid out in `layout` (its actions in the order `rows`),
    and compare (see the module's docstring)."""
    result = xlplan.read(path)
    plan = result.plan
    assert [p for p in result.problems if p.severity == "error"] == []
    # nor any warning but what the layout calls for: a fiscal year not said, an empty section
    assert {p.code.value for p in result.problems} <= _EXPECTED_PROBLEMS
    got = [
        (a.title, _objectives(plan, a), a.owner, a.notes, a.budget.values(), a.actual.values())
        for a in plan.actions
    ]
    expected = [
        (
            a.title,
            _objectives(drawn, a),
            a.owner,
            a.notes,
            a.budget.values(),
            a.actual.values() if layout.actual else [None] * 4,
        )
        for a in rows
    ]
    assert got == expected
    if layout.months:
        assert [_months(a.budget, Decimal(0)) for a in plan.actions] == [
            _months(a.budget, Decimal(0)) for a in rows
        ]
        if layout.actual:
            assert [_months(a.actual, None) for a in plan.actions] == [
                _months(a.actual, None) for a in rows
            ]
    if layout.months not in ("", "fmonth"):  # twelve months named tell the start
        assert plan.fiscal_year_start.month == drawn.fiscal_year_start.month
    if layout.months in ("year", "year4", "date"):  # and their year
        assert plan.fiscal_year_start == drawn.fiscal_year_start
    if layout.title_row:  # "Plan d'action 2025": the year the fiscal year starts in
        assert plan.fiscal_year_start.year == drawn.fiscal_year_start.year
    used = {t for a in rows for t in _objectives(drawn, a)}
    if layout.objectives == "sections":  # every objective has its row, with actions or not
        used = {o.title for o in drawn.objectives}
    assert {o.title for o in plan.objectives} == used
    assert {o.name for o in plan.owners} == {a.owner for a in rows if a.owner}
    if layout.kpi_sheet:
        assert [(k.name, k.baseline, k.target) for k in plan.kpis] == [
            (k.name, k.baseline, k.target) for k in drawn.kpis
        ]
    assert unaccounted(path) == []


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(cases())
def test_a_random_plan_in_a_random_layout_reads_back_as_drawn(case: tuple[Layout, Plan]) -> None:
    layout, drawn = case
    with tempfile.TemporaryDirectory() as folder:
        check_roundtrip(layout, drawn, Path(folder))


def _lo_safe(case: tuple[Layout, Plan]) -> bool:
    """LibreOffice 7.4 breaks the totals row of an Excel table written by xlsxwriter when it
    re-saves it (``SUBTOTAL(109,[prévu m1]))``: #NAME?, #N/A): no such table goes through it
    here (the test above reads them as xlsxwriter writes them)."""
    layout = case[0]
    return not (layout.engine == "table" and layout.total_row)


@settings(
    max_examples=max(1, EXAMPLES // 20),  # batches of 8
    deadline=None,
    database=None,
    phases=[Phase.generate],  # (shrinking would run LibreOffice again and again)
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(cases().filter(_lo_safe), min_size=8, max_size=8))
def test_random_layouts_resaved_by_libreoffice_read_back_as_drawn(
    batch: list[tuple[Layout, Plan]],
) -> None:
    """The same, each table re-saved by LibreOffice (its own XML, shared strings, merged cells
    and cached values; one LibreOffice run for the batch)."""
    with tempfile.TemporaryDirectory() as folder:
        paths, orders = [], []
        for i, (layout, drawn) in enumerate(batch):
            (Path(folder) / str(i)).mkdir()
            path, rows = render(drawn, layout, Path(folder) / str(i))
            paths.append(path.rename(path.with_name(f"plan{i}.xlsx")))
            orders.append(rows)
        saved = recalculate_many(paths, Path(folder) / "lo")
        for (layout, drawn), rows, path in zip(batch, orders, saved, strict=True):
            check_read(layout, drawn, rows, path)


# --- bugs the layouts above found, each with the smallest table that shows it ---------------------
@pytest.mark.parametrize("merged", [True, False])
def test_a_unit_on_the_only_group_word_above_a_blank_name_cell_is_read(
    merged: bool, tmp_path: Path
) -> None:
    """``Budget prévu (k€)`` alone over ``T1 … T4``, ``Action`` typed on the upper row (A2
    left blank): the group word is no title of the table, its unit scales the quarters (it was
    read as the title: the amounts were left as typed, with a `thousands` warning)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Action", "Budget prévu (k€)"])
    ws.append([None, "T1", "T2", "T3", "T4"])
    ws.append(["Newsletter", 0, "0,03", 0.05, "0,199"])
    if merged:
        ws.merge_cells("B1:E1")
    wb.save(tmp_path / "plan.xlsx")

    result = xlplan.read(tmp_path / "plan.xlsx")
    # Mimine's newsletter, 0 / 30 / 50 / 199 €, typed in thousands
    assert result.plan.actions[0].budget.values() == [D(0), D(30), D(50), D(199)]
    assert [(p.code.value, p.cell) for p in result.problems][:1] == [("unit-scaled", "B2")]
