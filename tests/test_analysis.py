"""The analysis tables, one feature at a time, on small plans whose figures are worked out by hand.

Money is summed as Decimal and shown as float, so the expected figures below compare with ``==``
(0.10 + 0.20 is 0.30, not 0.30000000000000004). Where a figure comes from a KPI formula (floats,
as in the workbook), ``pytest.approx`` is used.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

import pytest
from conftest import SAMPLES, sample

import xlplan
from xlplan import KPI, Action, Envelope, Objective, Owner, Plan, Status
from xlplan.analysis import (
    HYGIENE_RULES,
    Analysis,
    analyze,
    by_channel,
    by_objective,
    by_owner,
    hygiene,
    kpi_gaps,
    late_actions,
    not_started,
    overruns,
    overruns_by_action,
    overruns_by_objective,
    overruns_by_owner,
    totals,
)
from xlplan.layout import cached as calc
from xlplan.model import rules

MID_2024 = dt.date(2024, 7, 1)  # 183 days of 366 elapsed: exactly half of 2024


# --- helpers ------------------------------------------------------------------------------------
def make_plan(*actions: Action, **fields: Any) -> Plan:
    """A 2024 plan with owners Zoé and Arnaud, objectives O1–O3 and the given actions."""
    data: dict[str, Any] = {
        "name": "Plan test",
        "fiscal_year_start": dt.date(2024, 1, 1),
        "owners": [Owner(name="Zoé"), Owner(name="Arnaud")],
        "objectives": [
            Objective(id="O1", title="Notoriété", deadline=dt.date(2024, 12, 31)),
            Objective(id="O2", title="Acquisition", deadline=dt.date(2024, 12, 31)),
            Objective(id="O3", title="Fidélisation", deadline=dt.date(2024, 12, 31)),
        ],
        "actions": list(actions),
    }
    return Plan(**(data | fields))


def act(ident: str, **fields: Any) -> Action:
    """An action titled after its id; `fields` as in the model (budget/actual as lists)."""
    return Action(id=ident, title=f"Action {ident}", **fields)


def records(frame: Any) -> list[dict[str, Any]]:
    return list(frame.to_dict("records"))


# --- budget totals ------------------------------------------------------------------------------
def test_totals_per_quarter_are_exact_to_the_cent() -> None:
    plan = make_plan(
        act("A1", budget=[1000, 2000, 1500, 500], actual=[1100, 1800]),
        act("A2", budget=["0.10", "0.20"], actual=["0.10", "0.25"]),
        language="en",
    )
    t = totals(plan)
    assert t.index.tolist() == ["planned", "actual", "variance"]
    assert t.columns.tolist() == ["Q1", "Q2", "Q3", "Q4", "total"]
    # planned: 1000 + 0.10; 2000 + 0.20; 1500; 500; total 5000.30
    assert t.loc["planned"].tolist() == [1000.10, 2000.20, 1500.0, 500.0, 5000.30]
    # actual: 1100 + 0.10; 1800 + 0.25; nothing entered in Q3 and Q4
    assert t.loc["actual"].tolist() == [1100.10, 1800.25, 0.0, 0.0, 2900.35]
    # variance over the entered actuals only: Q1 +100 + 0; Q2 -200 + 0.05; Q3/Q4 not entered
    assert t.loc["variance"].tolist() == [100.0, -199.95, 0.0, 0.0, -99.95]


def test_totals_agree_with_the_workbook_dashboard() -> None:
    plan = make_plan(
        act("A1", budget=[1000, 2000, 1500, 500], actual=[1100, 1800]),
        act("A2", budget=["0.10", "0.20"], actual=["0.10", "0.25"]),
    )
    d = calc.dashboard(plan, MID_2024)
    t = totals(plan)
    assert t.loc["planned", "Q1":"Q4"].tolist() == pytest.approx(d.planned)
    assert t.loc["actual", "Q1":"Q4"].tolist() == pytest.approx(d.actual)
    assert t.loc["variance", "Q1":"Q4"].tolist() == pytest.approx(d.variance)


SPENDING = (act("A1", budget=[5000, 5000, 2500], actual=[4000, 1440]),)  # 12 500 planned, 5 440


@pytest.mark.parametrize(
    ("envelope", "expected"),
    [
        # fixed 20 000: 20 000 - 5 440 left; 5 440 / 20 000 = 27.2 %; 12 500 fits in it
        (Envelope(amount=20000), (Decimal(20000), Decimal(14560), 27.2, None)),
        # 5 % of 200 000 revenue = 10 000: 4 560 left, 54.4 % consumed, 2 500 planned too much
        (
            Envelope(percent_of_revenue=5, revenue_forecast=200000),
            (Decimal(10000), Decimal(4560), 54.4, Decimal(2500)),
        ),
        # no envelope: measured against the plan, 12 500 - 5 440 = 7 060 left, 43.52 % spent
        (Envelope(), (None, Decimal(7060), 43.52, None)),
    ],
    ids=["fixed", "percent_of_revenue", "none"],
)
def test_envelope_remaining_and_consumed(envelope: Envelope, expected: tuple[Any, ...]) -> None:
    a = analyze(make_plan(*SPENDING, envelope=envelope), MID_2024)
    assert (a.envelope, a.remaining, a.consumed_pct, a.envelope_overrun) == expected
    assert (a.planned_total, a.actual_total) == (Decimal(12500), Decimal(5440))


def test_consumed_pct_is_none_without_a_base() -> None:
    a = analyze(make_plan(act("A1")), MID_2024)  # no envelope, nothing planned
    assert (a.remaining, a.consumed_pct) == (Decimal(0), None)
    a = analyze(make_plan(act("A1", budget=[100]), envelope=Envelope(amount=0)), MID_2024)
    assert (a.remaining, a.consumed_pct, a.envelope_overrun) == (Decimal(0), None, Decimal(100))


# --- breakdowns ---------------------------------------------------------------------------------
def test_by_objective_counts_each_action_on_its_main_objective() -> None:
    plan = make_plan(
        act("A1", objectives=["O2", "O1"], budget=[1000], actual=[900]),
        act("A2", objectives=["O1"], budget=[300]),
        act("A3", budget=[50], actual=[60]),  # no objective
        act("A4", objectives=["O1", "O2"], budget=[0, 200], actual=[0, 200]),
    )
    assert records(by_objective(plan)) == [
        # O1 is the main objective of A2 and A4 only: 300 + 200 planned, 0 + 200 spent
        {"objective": "O1", "title": "Notoriété", "actions": 2, "planned": 500.0, "actual": 200.0},
        {
            "objective": "O2",
            "title": "Acquisition",
            "actions": 1,
            "planned": 1000.0,
            "actual": 900.0,
        },
        {"objective": "O3", "title": "Fidélisation", "actions": 0, "planned": 0.0, "actual": 0.0},
        {"objective": "", "title": "", "actions": 1, "planned": 50.0, "actual": 60.0},
    ]
    # the same figures as the workbook's "Objectives" sheet
    assert calc.group_row(plan.actions, "objective", "O1") == {
        "actions": 2,
        "planned": 500.0,
        "actual": 200.0,
    }


def test_by_objective_has_no_empty_row_when_every_action_has_an_objective() -> None:
    plan = make_plan(act("A1", objectives=["O3"], budget=[10]))
    assert by_objective(plan)["objective"].tolist() == ["O1", "O2", "O3"]


def test_by_owner_and_unassigned_actions() -> None:
    plan = make_plan(
        act("A1", owner="Arnaud", budget=[100, 100], actual=[120]),
        act("A2", owner="Arnaud", budget=[50]),
        act("A3", budget=[30], actual=[30]),  # nobody
    )
    assert records(by_owner(plan)) == [
        {"owner": "Zoé", "actions": 0, "planned": 0.0, "actual": 0.0},
        {"owner": "Arnaud", "actions": 2, "planned": 250.0, "actual": 120.0},
        {"owner": "", "actions": 1, "planned": 30.0, "actual": 30.0},
    ]


def test_by_channel_groups_spellings_and_puts_no_channel_last() -> None:
    plan = make_plan(
        act("A1", channel="Etsy", budget=[500], actual=[460]),
        act("A2", budget=[40]),
        act("A3", channel="etsy ", budget=[0, 100]),
        act("A4", channel="Instagram"),
    )
    assert records(by_channel(plan)) == [
        {"channel": "Etsy", "actions": 2, "planned": 600.0, "actual": 460.0},
        {"channel": "Instagram", "actions": 1, "planned": 0.0, "actual": 0.0},
        {"channel": "", "actions": 1, "planned": 40.0, "actual": 0.0},
    ]


# --- overruns -----------------------------------------------------------------------------------
def overrun_plan() -> Plan:
    return make_plan(
        # Q1: 1 000 planned, 1 025 spent: 25 over, 25 / 1 000 = 2.5 %
        act("A1", owner="Zoé", objectives=["O1"], budget=[1000], actual=[1025]),
        # Q2: 200 → 230, 30 over = 15 %; Q4: 100 → 110, 10 over = 10 %
        act("A2", owner="Zoé", objectives=["O2"], budget=[0, 200, 0, 100], actual=[0, 230, 0, 110]),
        # Q3: 500 → 628, 128 over = 25.6 %
        act("A3", owner="Arnaud", objectives=["O1"], budget=[0, 0, 500], actual=[0, 0, 628]),
        # equal (Q1), not entered (Q2) and under the plan (Q3): no overrun
        act(
            "A4", owner="Arnaud", objectives=["O3"], budget=[300, 400, 100], actual=[300, None, 90]
        ),
        # nothing planned, 40 spent: overrun 40, no percentage
        act("A5", budget=[0], actual=[40]),
    )


def test_overrun_rows_one_per_action_and_quarter() -> None:
    table = overruns(overrun_plan())
    rows = records(table.drop(columns="overrun_pct"))
    assert rows == [
        {
            "action_id": "A1",
            "action": "Action A1",
            "owner": "Zoé",
            "objective": "O1",
            "period": "Q1",
            "planned": 1000.0,
            "actual": 1025.0,
            "overrun": 25.0,
        },
        {
            "action_id": "A2",
            "action": "Action A2",
            "owner": "Zoé",
            "objective": "O2",
            "period": "Q2",
            "planned": 200.0,
            "actual": 230.0,
            "overrun": 30.0,
        },
        {
            "action_id": "A2",
            "action": "Action A2",
            "owner": "Zoé",
            "objective": "O2",
            "period": "Q4",
            "planned": 100.0,
            "actual": 110.0,
            "overrun": 10.0,
        },
        {
            "action_id": "A3",
            "action": "Action A3",
            "owner": "Arnaud",
            "objective": "O1",
            "period": "Q3",
            "planned": 500.0,
            "actual": 628.0,
            "overrun": 128.0,
        },
        {
            "action_id": "A5",
            "action": "Action A5",
            "owner": "",
            "objective": "",
            "period": "Q1",
            "planned": 0.0,
            "actual": 40.0,
            "overrun": 40.0,
        },
    ]
    pct = table["overrun_pct"].tolist()
    assert pct[:4] == [2.5, 15.0, 10.0, 25.6]
    assert math.isnan(pct[4])


def test_overrun_count_is_the_dashboard_alert() -> None:
    plan = overrun_plan()
    assert len(overruns(plan)) == calc.dashboard(plan, MID_2024).overruns == 5


def test_overruns_summed_by_action_objective_and_owner_largest_first() -> None:
    plan = overrun_plan()
    # A2: (200 + 100) planned, (230 + 110) spent, 40 over = 13.33 %; ties with A5 keep plan order
    by_action = overruns_by_action(plan)
    assert by_action["action_id"].tolist() == ["A3", "A2", "A5", "A1"]
    assert by_action["overrun"].tolist() == [128.0, 40.0, 40.0, 25.0]
    assert by_action.loc[1, ["planned", "actual"]].tolist() == [300.0, 340.0]
    assert by_action["overrun_pct"].tolist()[:2] == pytest.approx([25.6, 40 / 300 * 100])

    # O1 = A1 + A3: 1 500 planned, 1 653 spent, 153 over = 10.2 %
    assert records(overruns_by_objective(plan).drop(columns="overrun_pct")) == [
        {
            "objective": "O1",
            "title": "Notoriété",
            "planned": 1500.0,
            "actual": 1653.0,
            "overrun": 153.0,
        },
        {
            "objective": "O2",
            "title": "Acquisition",
            "planned": 300.0,
            "actual": 340.0,
            "overrun": 40.0,
        },
        {"objective": "", "title": "", "planned": 0.0, "actual": 40.0, "overrun": 40.0},
    ]
    assert overruns_by_objective(plan)["overrun_pct"].tolist()[0] == 10.2

    # Zoé = A1 + A2: 1 300 planned, 1 365 spent, 65 over = 5 %
    by_owner = overruns_by_owner(plan)
    assert records(by_owner.drop(columns="overrun_pct")) == [
        {"owner": "Arnaud", "planned": 500.0, "actual": 628.0, "overrun": 128.0},
        {"owner": "Zoé", "planned": 1300.0, "actual": 1365.0, "overrun": 65.0},
        {"owner": "", "planned": 0.0, "actual": 40.0, "overrun": 40.0},
    ]
    assert by_owner["overrun_pct"].tolist()[:2] == [25.6, 5.0]
    assert math.isnan(by_owner["overrun_pct"].tolist()[2])


def test_no_overrun_when_on_budget_or_not_entered() -> None:
    plan = make_plan(act("A1", budget=[300, 400], actual=[300]))
    assert overruns(plan).empty
    assert overruns_by_owner(plan).empty


# --- KPIs ---------------------------------------------------------------------------------------
def kpi_plan() -> Plan:
    return make_plan(
        kpis=[
            # 0 → 200 000, 120 000 reached: 60 % of the way, more than half the year: on track
            KPI(id="K1", name="CA", unit="€", baseline=0, target=200000, actual=[50000, 120000]),
            # lower is better, 50 → 30, now 40: gap 10, (40 - 50) / (30 - 50) = 50 %
            KPI(
                id="K2",
                name="CAC",
                objective="O2",
                unit="€",
                direction="lower",
                baseline=50,
                target=30,
                actual=[45, 40],
            ),
            # 1.0 → 2.0, now 1.4: 40 %, less than half the year: behind
            KPI(id="K3", name="Conversion", unit="%", baseline=1.0, target=2.0, actual=[None, 1.4]),
            # 5 430 collected of 5 000: 108.6 %, achieved, gap -430 (past the target)
            KPI(id="K4", name="Crowdfunding", baseline=0, target=5000, actual=[5430]),
            # lower is better, rank 50 → 10, now 8: (8 - 50) / (10 - 50) = 105 %, achieved
            KPI(id="K5", name="Rang Google", direction="lower", baseline=50, target=10, actual=[8]),
            # not measured yet
            KPI(id="K6", name="Temps passé", unit="min", baseline=1.5, target=3),
        ]
    )


def test_kpi_gaps_at_mid_year() -> None:
    gaps = kpi_gaps(kpi_plan(), MID_2024).set_index("kpi")
    assert gaps.loc["K2"].to_dict() == {
        "name": "CAC",
        "objective": "O2",
        "unit": "€",
        "direction": "lower",
        "baseline": 50.0,
        "target": 30.0,
        "actual": 40.0,
        "gap": 10.0,
        "attainment_pct": 50.0,
        "expected_pct": 50.0,
        "status": "on_track",
    }
    assert gaps["status"].tolist() == ["on_track", "on_track", "behind", "achieved", "achieved", ""]
    assert gaps["attainment_pct"].tolist()[:5] == pytest.approx([60.0, 50.0, 40.0, 108.6, 105.0])
    assert gaps["gap"].tolist()[:5] == pytest.approx([80000.0, 10.0, 0.6, -430.0, -2.0])
    assert gaps.loc["K1", "objective"] == ""
    k6 = gaps.loc["K6"]
    assert (k6["baseline"], k6["target"]) == (1.5, 3.0)
    assert all(math.isnan(k6[c]) for c in ("actual", "gap", "attainment_pct"))


def test_kpi_status_is_prorated_to_the_as_of_date() -> None:
    # on 1 October 2024, 275 days of 366 have passed: 75.1 %; the CAC's 50 % is now behind
    gaps = kpi_gaps(kpi_plan(), dt.date(2024, 10, 1)).set_index("kpi")
    assert gaps.loc["K2", "expected_pct"] == pytest.approx(275 / 366 * 100)
    assert gaps.loc["K2", "status"] == "behind"
    assert gaps.loc["K1", "status"] == "behind"  # 60 % < 75.1 %
    # the same statuses as the workbook's KPI sheet
    elapsed = rules.elapsed_share(kpi_plan(), dt.date(2024, 10, 1))
    assert gaps["status"].tolist() == [rules.kpi_values(k, elapsed).status for k in kpi_plan().kpis]


# --- schedule -----------------------------------------------------------------------------------
def test_late_actions_most_late_first() -> None:
    plan = make_plan(
        act("A1", owner="Zoé", end=dt.date(2024, 6, 21), status="in_progress"),
        act("A2", owner="Arnaud", end=dt.date(2024, 3, 31)),  # still todo
        act("A3", end=dt.date(2024, 5, 1), status="done"),
        act("A4", end=dt.date(2024, 2, 1), status="cancelled"),
        act("A5", end=MID_2024, status="in_progress"),  # ends today: not late yet
        act("A6", status="in_progress"),  # no end date
    )
    assert records(late_actions(plan, MID_2024)) == [
        # 31 March → 1 July: 30 (April) + 31 (May) + 30 (June) + 1 = 92 days
        {
            "action_id": "A2",
            "action": "Action A2",
            "owner": "Arnaud",
            "end": dt.date(2024, 3, 31),
            "status": "todo",
            "days_late": 92,
        },
        # 21 June → 1 July: 10 days
        {
            "action_id": "A1",
            "action": "Action A1",
            "owner": "Zoé",
            "end": dt.date(2024, 6, 21),
            "status": "in_progress",
            "days_late": 10,
        },
    ]
    assert calc.dashboard(plan, MID_2024).late == 2


def test_not_started_actions() -> None:
    plan = make_plan(
        act("A1", owner="Zoé", start=dt.date(2024, 6, 1)),  # todo, started a month ago
        act("A2", start=dt.date(2024, 6, 1), status=Status.IN_PROGRESS),
        act("A3", start=MID_2024),  # starts today
        act("A4"),  # no start date
        act("A5", start=dt.date(2024, 1, 15), status=Status.DONE),
    )
    assert records(not_started(plan, MID_2024)) == [
        {"action_id": "A1", "action": "Action A1", "owner": "Zoé", "start": dt.date(2024, 6, 1)},
    ]


# --- hygiene ------------------------------------------------------------------------------------
def test_each_hygiene_rule() -> None:
    good = {"objectives": ["O1"], "owner": "Zoé", "kpis": ["K1"], "budget": [100]}
    plan = make_plan(
        act("A1", **good),
        act("A2", **(good | {"objectives": []})),
        act("A3", **(good | {"owner": None})),
        act("A4", **(good | {"kpis": []})),
        act("A5", **(good | {"budget": [0, 0, 0, 0]})),
        kpis=[
            KPI(id="K1", name="CA", objective="O1"),
            KPI(id="K2", name="Visites", objective="O3"),
        ],
        objectives=[
            Objective(id="O1", title="Notoriété", deadline=dt.date(2024, 12, 31)),
            Objective(id="O2", title="Acquisition", deadline=dt.date(2024, 12, 31)),
            Objective(id="O3", title="Fidélisation"),
        ],
    )
    found = hygiene(plan)
    assert list(zip(found["rule"], found["item_id"], found["severity"], strict=True)) == [
        ("action_without_objective", "A2", "error"),
        ("action_without_owner", "A3", "error"),
        ("action_without_kpi", "A4", "error"),
        ("action_without_budget", "A5", "warning"),
        ("objective_without_kpi", "O2", "error"),
        ("objective_without_deadline", "O3", "error"),
    ]
    assert found["message"].tolist()[0] == "action A2 “Action A2” serves no objective"
    assert list(HYGIENE_RULES) == found["rule"].tolist()


def test_a_tidy_plan_has_no_hygiene_finding() -> None:
    plan = make_plan(
        act("A1", objectives=["O1"], owner="Zoé", kpis=["K1"], budget=[100]),
        kpis=[KPI(id="K1", name="CA", objective="O1")],
        objectives=[Objective(id="O1", title="Notoriété", deadline=dt.date(2024, 12, 31))],
    )
    found = hygiene(plan)
    assert found.empty
    assert found.columns.tolist() == ["rule", "severity", "item_id", "message"]


# --- the whole analysis -------------------------------------------------------------------------
COLUMNS = {
    "by_objective": ["objective", "title", "actions", "planned", "actual"],
    "by_owner": ["owner", "actions", "planned", "actual"],
    "by_channel": ["channel", "actions", "planned", "actual"],
    "overruns": [
        "action_id",
        "action",
        "owner",
        "objective",
        "period",
        "planned",
        "actual",
        "overrun",
        "overrun_pct",
    ],
    "overruns_by_action": [
        "action_id",
        "action",
        "owner",
        "objective",
        "planned",
        "actual",
        "overrun",
        "overrun_pct",
    ],
    "overruns_by_objective": ["objective", "title", "planned", "actual", "overrun", "overrun_pct"],
    "overruns_by_owner": ["owner", "planned", "actual", "overrun", "overrun_pct"],
    "kpi_gaps": [
        "kpi",
        "name",
        "objective",
        "unit",
        "direction",
        "baseline",
        "target",
        "actual",
        "gap",
        "attainment_pct",
        "expected_pct",
        "status",
    ],
    "late_actions": ["action_id", "action", "owner", "end", "status", "days_late"],
    "not_started": ["action_id", "action", "owner", "start"],
    "hygiene": ["rule", "severity", "item_id", "message"],
}


def test_empty_tables_keep_their_columns_and_dtypes() -> None:
    empty = analyze(Plan(name="Vide", fiscal_year_start=dt.date(2024, 1, 1)), MID_2024)
    full = analyze(sample("mimine"), MID_2024)
    for name, columns in COLUMNS.items():
        table, other = getattr(empty, name), getattr(full, name)
        assert table.empty, name
        assert table.columns.tolist() == columns, name
        assert table.dtypes.to_dict() == other.dtypes.to_dict(), name
    assert empty.totals.to_numpy().tolist() == [[0.0] * 5] * 3
    assert str(full.by_owner["planned"].dtype) == "float64"
    assert str(full.by_owner["actions"].dtype) == "int64"


def test_analyze_defaults_to_today() -> None:
    a = analyze(make_plan())
    assert isinstance(a, Analysis)
    assert a.as_of == dt.date.today()


def test_mimine_at_mid_year() -> None:
    a = analyze(sample("mimine"), MID_2024)
    # Q1 planned: video 800 + photos 450 = 1 250 (the article's figure); Q2: Etsy boost 500 +
    # website deposit 2 500 + e-mailing 30 = 3 030; Q3: balance 7 500 + newsletter 50 + ads 6 000
    # = 13 550; Q4: newsletter 199 + ads 4 000 + elle.com 4 000 + database 1 500 + CRM 600 = 10 299
    assert a.totals.loc["planned"].tolist() == [1250.0, 3030.0, 13550.0, 10299.0, 28129.0]
    # spent: Q1 video 880 + photos 450 + newsletter 0 = 1 330; Q2 460 + 2 500 + 30 = 2 990
    assert a.totals.loc["actual"].tolist() == [1330.0, 2990.0, 0.0, 0.0, 4320.0]
    # envelope 30 000: 30 000 - 4 320 = 25 680 left, 4 320 / 30 000 = 14.4 % consumed
    assert (a.envelope, a.remaining, a.consumed_pct) == (Decimal(30000), Decimal(25680), 14.4)
    assert a.envelope_overrun is None  # 28 129 planned fit in 30 000
    # the newsletter (A7) plans 0 / 30 / 50 / 199 = 279 € on its only objective, O6, with the
    # CRM (A14, 600 €): 879 planned, 30 spent
    o6 = a.by_objective.set_index("objective").loc["O6"]
    assert (o6["actions"], o6["planned"], o6["actual"]) == (2, 879.0, 30.0)
    # O2 is the main objective of the Etsy shop A4 (free) and the website A6 (10 000, deposit
    # 2 500 paid); the photos A2 list O2 second, so they count on O1
    o2 = a.by_objective.set_index("objective").loc["O2"]
    assert (o2["actions"], o2["planned"], o2["actual"]) == (2, 10000.0, 2500.0)
    # the only overrun: the video, 880 for 800 planned in Q1 = 80 over, 10 %
    assert records(a.overruns[["action_id", "period", "overrun", "overrun_pct"]]) == [
        {"action_id": "A1", "period": "Q1", "overrun": 80.0, "overrun_pct": 10.0},
    ]
    # the newsletter's open rate, 25 → 35, at 31: 60 % of the way, half the year gone: on track
    k12 = a.kpi_gaps.set_index("kpi").loc["K12"]
    assert [k12["attainment_pct"], k12["expected_pct"]] == pytest.approx([60.0, 50.0])
    assert k12["status"] == "on_track"
    # nothing is late on 1 July: A6 ends 12 July, everything that ended earlier is done
    assert a.late_actions.empty
    assert a.not_started.empty  # A10–A14 start from mid-July
    # free actions A3, A4, A8, A9, A10 (warnings) and O2, the only objective without a KPI
    assert list(zip(a.hygiene["rule"], a.hygiene["item_id"], strict=True)) == [
        ("action_without_budget", "A3"),
        ("action_without_budget", "A4"),
        ("action_without_budget", "A8"),
        ("action_without_budget", "A9"),
        ("action_without_budget", "A10"),
        ("objective_without_kpi", "O2"),
    ]


def test_bob_stays_within_its_envelope() -> None:
    a = analyze(sample("bob"), dt.date(2023, 7, 1))
    # Q1: training 12 000 + flyers 9 000 + 600 + field days 1 500 = 23 100; Q2: 600 + 4 500 +
    # 2 000 + 2 500 + 600 + 500 = 10 700; Q3: 3 000 + 600 + 4 500 + 2 000 + 600 + 500 + 1 500
    # = 12 700; Q4: 600 + 4 500 + 2 500 + 600 + 500 + 2 000 = 10 700; total 57 200 ≤ 60 000
    assert a.totals.loc["planned"].tolist() == [23100.0, 10700.0, 12700.0, 10700.0, 57200.0]
    assert a.envelope == Decimal(60000)
    assert a.planned_total <= a.envelope
    assert a.envelope_overrun is None
    assert (a.remaining, a.consumed_pct) == (Decimal(60000), 0.0)  # nothing spent yet
    # the training (A2) counts on its main objective O2, the loyalty action A10 on O3
    assert by_objective(sample("bob"))["planned"].tolist() == [41700.0, 12000.0, 3500.0]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_agrees_with_the_workbook_formulas(path: Any) -> None:
    plan = xlplan.load_plan(path)
    as_of = plan.fiscal_year_start + dt.timedelta(days=200)
    a, d = analyze(plan, as_of), calc.dashboard(plan, as_of)
    assert a.totals.loc["planned", "total"] == pytest.approx(d.planned_total)
    assert a.totals.loc["actual", "total"] == pytest.approx(d.actual_total)
    assert (len(a.overruns), len(a.late_actions)) == (d.overruns, d.late)
    assert (a.kpi_gaps["status"] == "behind").sum() == d.kpis_behind
