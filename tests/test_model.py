"""The plan model's rules, one test each, with the message a person would read.

Every breach is reported with its field path and the value found (``actions[0].owner: 'Zoe' is
not a known owner (known: Zoé, Arnaud)``); the expected values below are worked out by hand.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from xlplan import (
    Envelope,
    Plan,
    PlanValidationError,
    Problem,
    QuarterActual,
    QuarterBudget,
    XlplanError,
    load_plan,
    save_plan,
)
from xlplan.errors import ProblemCode
from xlplan.model.validation import validate_plan


# --- helpers ------------------------------------------------------------------------------------
def plan_data(**fields: Any) -> dict[str, Any]:
    """A small valid plan as plain data (a fresh dict each call); `fields` replace its keys."""
    data: dict[str, Any] = {
        "name": "Plan marketing Mimine",
        "year": 2024,
        "owners": [{"name": "Zoé"}, {"name": "Arnaud"}],
        "objectives": [{"id": "O1", "title": "Développer la notoriété"}],
        "kpis": [{"id": "K1", "name": "Abonnés Instagram", "objective": "O1"}],
        "actions": [{"id": "A1", "title": "Vidéo de présentation", "owner": "Zoé"}],
    }
    data.update(fields)
    return data


def action(**fields: Any) -> dict[str, Any]:
    return {"title": "Vidéo de présentation"} | fields


def errors(data: dict[str, Any]) -> list[str]:
    """Every breach of `data`, as the lines ``path: message``."""
    with pytest.raises(PlanValidationError) as caught:
        validate_plan(data)
    return [str(p) for p in caught.value.problems]


# --- references -----------------------------------------------------------------------------------
def test_unknown_owner_names_the_field_the_value_and_the_known_owners() -> None:
    data = plan_data(actions=[action(owner="Zoe")])  # no accent: not Zoé
    assert errors(data) == [
        "actions[0].owner: 'Zoe' is not a known owner (known: Zoé, Arnaud); did you mean 'Zoé'?"
    ]


def test_unknown_owner_when_the_plan_has_no_owners() -> None:
    data = plan_data(owners=[], actions=[action(owner="Zoé")])
    assert errors(data) == ["actions[0].owner: 'Zoé' is not a known owner (none is defined)"]


def test_unknown_objective_of_an_action() -> None:
    data = plan_data(actions=[action(objectives=["O1", "O9"])])
    assert errors(data) == ["actions[0].objectives[1]: 'O9' is not a known objective (known: O1)"]


def test_unknown_kpi_of_an_action() -> None:
    data = plan_data(actions=[action(kpis=["K2"])])
    assert errors(data) == ["actions[0].kpis[0]: 'K2' is not a known KPI (known: K1)"]


def test_kpi_with_an_unknown_objective() -> None:
    data = plan_data(kpis=[{"name": "Abonnés Instagram", "objective": "Notoriété"}])
    assert errors(data) == ["kpis[0].objective: 'Notoriété' is not a known objective (known: O1)"]


def test_references_by_title_or_name_are_resolved_to_ids() -> None:
    data = plan_data(
        objectives=[{"title": "Développer la notoriété"}, {"title": "Fidéliser les clients"}],
        kpis=[{"name": "Taux d'ouverture", "objective": "Fidéliser les clients"}],
        actions=[
            action(
                objectives="développer la notoriété, O2",  # any case; one string with commas
                kpis=["TAUX D'OUVERTURE"],
                owner="arnaud",
            )
        ],
    )
    plan = validate_plan(data)
    assert plan.kpis[0].objective == "O2"
    assert plan.actions[0].objectives == ["O1", "O2"]
    assert plan.actions[0].kpis == ["K1"]
    assert plan.actions[0].owner == "Arnaud"


# --- dates, money, progress -------------------------------------------------------------------
def test_end_before_start() -> None:
    data = plan_data(actions=[action(start="2024-03-01", end="2024-02-29")])
    assert errors(data) == ["actions[0].end: 2024-02-29 is before start 2024-03-01"]


def test_an_action_may_end_the_day_it_starts() -> None:
    plan = validate_plan(plan_data(actions=[action(start="2024-03-01", end="2024-03-01")]))
    assert plan.actions[0].end == dt.date(2024, 3, 1)


def test_negative_budget() -> None:
    data = plan_data(actions=[action(budget={"q2": -500})])
    assert errors(data) == [
        "actions[0].budget.q2: Input should be greater than or equal to 0, found -500"
    ]


def test_negative_actual_spend() -> None:
    data = plan_data(actions=[action(actual=[100, -30])])  # the list's 2nd value is Q2
    assert errors(data) == [
        "actions[0].actual.q2: Input should be greater than or equal to 0, found -30"
    ]


def test_progress_over_100() -> None:
    data = plan_data(actions=[action(progress=150)])
    assert errors(data) == [
        "actions[0].progress: Input should be less than or equal to 100, found 150"
    ]


# --- duplicates -----------------------------------------------------------------------------------
def test_duplicate_action_ids() -> None:
    data = plan_data(actions=[action(id="A1"), action(id="A2"), action(id="A1")])
    assert errors(data) == ["actions[2].id: duplicate id 'A1' (also actions[0])"]


def test_duplicate_objective_ids() -> None:
    data = plan_data(
        objectives=[{"id": "O1", "title": "Notoriété"}, {"id": "O1", "title": "Fidéliser"}],
        kpis=[],
    )
    assert errors(data) == ["objectives[1].id: duplicate id 'O1' (also objectives[0])"]


def test_duplicate_kpi_ids() -> None:
    data = plan_data(kpis=[{"id": "K1", "name": "Abonnés"}, {"id": "K1", "name": "Clics"}])
    assert errors(data) == ["kpis[1].id: duplicate id 'K1' (also kpis[0])"]


def test_duplicate_owner() -> None:
    data = plan_data(owners=[{"name": "Zoé"}, {"name": "Arnaud"}, {"name": "Zoé"}])
    assert errors(data) == ["owners[2].name: duplicate owner 'Zoé'"]


# --- every breach at once -------------------------------------------------------------------------
def test_several_breaches_are_reported_together() -> None:
    data = plan_data(
        actions=[
            action(owner="Zoe"),
            action(kpis=["K7"], start="2024-05-01", end="2024-04-30"),
        ]
    )
    with pytest.raises(PlanValidationError) as caught:
        validate_plan(data, source="mimine.yaml")
    expected = [
        Problem(
            "error",
            "'Zoe' is not a known owner (known: Zoé, Arnaud); did you mean 'Zoé'?",
            path="actions[0].owner",
            code=ProblemCode.REFERENCE_UNKNOWN,
        ),
        Problem(
            "error",
            "'K7' is not a known KPI (known: K1)",
            path="actions[1].kpis[0]",
            code=ProblemCode.REFERENCE_UNKNOWN,
        ),
        Problem(
            "error",
            "2024-04-30 is before start 2024-05-01",
            path="actions[1].end",
            code=ProblemCode.END_BEFORE_START,
        ),
    ]
    assert caught.value.problems == expected
    assert str(caught.value) == (
        "mimine.yaml: actions[0].owner: 'Zoe' is not a known owner (known: Zoé, Arnaud); "
        "did you mean 'Zoé'?\n"
        "mimine.yaml: actions[1].kpis[0]: 'K7' is not a known KPI (known: K1)\n"
        "mimine.yaml: actions[1].end: 2024-04-30 is before start 2024-05-01"
    )


def test_several_field_breaches_are_reported_together() -> None:
    data = plan_data(currency="euro", actions=[action(progress=101, budget=[-1])])
    assert errors(data) == [
        "currency: String should match pattern '^[A-Z]{3}$', found 'euro'",
        "actions[0].progress: Input should be less than or equal to 100, found 101",
        "actions[0].budget.q1: Input should be greater than or equal to 0, found -1",
    ]


def test_plan_validation_error_is_also_a_value_error_and_an_xlplan_error() -> None:
    with pytest.raises(ValueError) as caught:
        validate_plan(plan_data(actions=[action(owner="Zoe")]))
    assert isinstance(caught.value, PlanValidationError)
    assert isinstance(caught.value, XlplanError)


# --- plan-level fields ----------------------------------------------------------------------------
@pytest.mark.parametrize("currency", ["euro", "eur", "EU", "€"])
def test_invalid_currency_code(currency: str) -> None:
    assert errors(plan_data(currency=currency)) == [
        f"currency: String should match pattern '^[A-Z]{{3}}$', found {currency!r}"
    ]


def test_fiscal_year_must_start_on_the_1st() -> None:
    data = plan_data(fiscal_year_start="2025-04-15")
    del data["year"]
    assert errors(data) == [
        "fiscal_year_start: the fiscal year must start on the 1st of a month, found 2025-04-15"
    ]


def test_year_shorthand_means_1_january() -> None:
    plan = validate_plan(plan_data(year=2023))
    assert (plan.fiscal_year_start, plan.fiscal_year_end) == (
        dt.date(2023, 1, 1),
        dt.date(2023, 12, 31),
    )


@pytest.mark.parametrize("year", ["2024", "next year", 1899, 2024.5])
def test_year_shorthand_must_be_a_year(year: Any) -> None:
    assert errors(plan_data(year=year)) == [f"year: expected a year such as 2024, found {year!r}"]


def test_a_plan_needs_a_fiscal_year() -> None:
    data = plan_data()
    del data["year"]
    assert errors(data) == ["fiscal_year_start: Field required"]


def test_plan_id_is_derived_from_name_and_fiscal_year() -> None:
    plan = validate_plan(plan_data(name="Plan marketing Mimine !", year=2024))
    assert plan.id == "plan-marketing-mimine-2024-01"


def test_plan_id_keeps_accented_letters_without_their_accents() -> None:
    plan = validate_plan(plan_data(name="Plan d'été de Zoé — Café", year=2024))
    assert plan.id == "plan-d-ete-de-zoe-cafe-2024-01"


def test_plan_id_given_in_the_file_is_kept() -> None:
    assert validate_plan(plan_data(id="mimine-2024")).id == "mimine-2024"


# --- budget envelope ------------------------------------------------------------------------------
def test_envelope_fixed_amount() -> None:
    envelope = Envelope(amount=Decimal(30000))
    assert (envelope.kind, envelope.total) == ("fixed", Decimal(30000))


def test_envelope_percent_of_revenue() -> None:
    # 7.5 % of 123 456 = 123 456 × 7.5 / 100 = 9 259.2
    envelope = Envelope(percent_of_revenue=Decimal("7.5"), revenue_forecast=Decimal(123456))
    assert (envelope.kind, envelope.total) == ("percent", Decimal("9259.2"))


def test_plan_envelope_total_of_a_percent_envelope() -> None:
    # 8 % of a 250 000 revenue forecast = 20 000
    data = plan_data(envelope={"percent_of_revenue": 8, "revenue_forecast": 250000})
    assert validate_plan(data).envelope_total == Decimal(20000)


def test_no_envelope() -> None:
    plan = validate_plan(plan_data())
    assert (plan.envelope.kind, plan.envelope_total) == ("none", None)


def test_envelope_amount_and_percent_together_is_an_error() -> None:
    data = plan_data(
        envelope={"amount": 30000, "percent_of_revenue": 8, "revenue_forecast": 250000}
    )
    assert errors(data) == ["envelope: give either amount or percent_of_revenue, not both"]


def test_envelope_percent_without_revenue_is_an_error() -> None:
    data = plan_data(envelope={"percent_of_revenue": 8})
    assert errors(data) == ["envelope: percent_of_revenue needs revenue_forecast"]


def test_envelope_percent_over_100_is_an_error() -> None:
    data = plan_data(envelope={"percent_of_revenue": 120, "revenue_forecast": 1000})
    assert errors(data) == [
        "envelope.percent_of_revenue: Input should be less than or equal to 100, found 120"
    ]


# --- ids ------------------------------------------------------------------------------------------
def test_ids_are_assigned_when_omitted() -> None:
    data = plan_data(
        objectives=[{"title": "Notoriété"}, {"title": "Fidéliser"}],
        kpis=[{"name": "Abonnés"}, {"name": "Clics"}],
        actions=[action(), action()],
    )
    plan = validate_plan(data)
    assert [o.id for o in plan.objectives] == ["O1", "O2"]
    assert [k.id for k in plan.kpis] == ["K1", "K2"]
    assert [a.id for a in plan.actions] == ["A1", "A2"]


def test_assigned_ids_skip_ids_already_used() -> None:
    # A1 and A3 are taken: the three actions without an id get A2, A4, A5.
    data = plan_data(
        actions=[action(), action(id="A3"), action(), action(id="A1"), action()],
    )
    assert [a.id for a in validate_plan(data).actions] == ["A2", "A3", "A4", "A1", "A5"]


def test_assigned_ids_are_stable_across_a_save_and_load(tmp_path: Path) -> None:
    data = plan_data(
        objectives=[{"title": "Notoriété"}, {"id": "O1", "title": "Fidéliser"}],
        kpis=[{"name": "Abonnés", "objective": "Notoriété"}],
        actions=[action(objectives=["Notoriété", "Fidéliser"], kpis=["Abonnés"]), action()],
    )
    plan = validate_plan(data)
    assert [o.id for o in plan.objectives] == ["O2", "O1"]
    assert plan.actions[0].objectives == ["O2", "O1"]

    reloaded = load_plan(save_plan(plan, tmp_path / "plan.yaml"))
    assert [o.id for o in reloaded.objectives] == ["O2", "O1"]
    assert [k.id for k in reloaded.kpis] == ["K1"]
    assert [a.id for a in reloaded.actions] == ["A1", "A2"]
    assert reloaded == plan


# --- warnings -------------------------------------------------------------------------------------
def test_dates_outside_the_fiscal_year_are_warnings_not_errors() -> None:
    data = plan_data(
        objectives=[{"id": "O1", "title": "Notoriété", "deadline": "2025-03-31"}],
        actions=[action(start="2023-12-15", end="2024-01-31")],
    )
    plan = validate_plan(data)  # no error
    assert plan.warnings() == [
        Problem(
            "warning",
            "2025-03-31 is outside the fiscal year 2024-01-01 – 2024-12-31",
            path="objectives[0].deadline",
            code=ProblemCode.DATE_OUTSIDE_YEAR,
        ),
        Problem(
            "warning",
            "2023-12-15 is outside the fiscal year 2024-01-01 – 2024-12-31",
            path="actions[0].start",
            code=ProblemCode.DATE_OUTSIDE_YEAR,
        ),
    ]


def test_a_plan_inside_its_fiscal_year_has_no_warnings() -> None:
    data = plan_data(actions=[action(start="2024-01-01", end="2024-12-31")])
    assert validate_plan(data).warnings() == []


def test_recurring_action_without_frequency_and_kpi_target_against_direction_warn() -> None:
    data = plan_data(
        kpis=[{"name": "Coût par clic", "direction": "lower", "baseline": 0.6, "target": 0.8}],
        actions=[action(recurrence="recurring")],
    )
    assert [str(w) for w in validate_plan(data).warnings()] == [
        "actions[0].frequency: recurring action without a frequency",
        "kpis[0].target: target 0.8 is on the wrong side of baseline 0.6 "
        "for a 'lower' is better KPI",
    ]


# --- calendar -------------------------------------------------------------------------------------
def test_quarter_bounds_of_a_fiscal_year_starting_in_april() -> None:
    data = plan_data(fiscal_year_start="2025-04-01")
    del data["year"]
    plan = validate_plan(data)
    assert plan.quarter_bounds() == [
        (dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        (dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
        (dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
        (dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
    ]
    assert plan.fiscal_year_end == dt.date(2026, 3, 31)


def test_quarter_bounds_of_a_calendar_year_include_29_february() -> None:
    plan = validate_plan(plan_data(year=2024))
    assert plan.quarter_bounds()[0] == (dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    assert plan.month_starts()[1:3] == [dt.date(2024, 2, 1), dt.date(2024, 3, 1)]


# --- quarterly values -----------------------------------------------------------------------------
def test_quarter_budget_accepts_a_list_missing_quarters_are_zero() -> None:
    budget = QuarterBudget.model_validate([0, 2500, 7500])
    assert budget.values() == [Decimal(0), Decimal(2500), Decimal(7500), Decimal(0)]
    assert budget.total == Decimal(10000)


def test_quarter_budget_accepts_upper_case_keys() -> None:
    assert QuarterBudget.model_validate({"Q3": 6000, "q4": 4000}).values() == [
        Decimal(0),
        Decimal(0),
        Decimal(6000),
        Decimal(4000),
    ]


def test_quarter_budget_refuses_more_than_four_values() -> None:
    data = plan_data(actions=[action(budget=[1, 2, 3, 4, 5])])
    assert errors(data) == [
        "actions[0].budget: expected at most 4 quarterly values or 12 monthly values, found 5"
    ]


def test_quarter_actual_keeps_not_entered_apart_from_zero() -> None:
    actual = QuarterActual.model_validate([0, None, 30])
    assert actual.values() == [Decimal(0), None, Decimal(30), None]
    assert actual.total == Decimal(30)
    assert not actual.is_empty()
    assert QuarterActual().is_empty()


def test_plan_built_from_python_objects_equals_the_same_plan_from_data() -> None:
    from_data = validate_plan(plan_data())
    from_objects = Plan.model_validate(from_data.model_dump())
    assert from_objects == from_data


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_extra_columns_hold_only_what_a_cell_can_hold(value: float) -> None:
    data = plan_data(actions=[action(extra={"Score": value})])
    assert errors(data) == [
        f"actions[0].extra.Score: found {value}, which no cell can hold: expected text, a number "
        "or a date"
    ]
    assert validate_plan(plan_data(actions=[action(extra={"Score": 1.5})])).actions[0].extra == {
        "Score": 1.5
    }


# --- domain rules (model.rules) -----------------------------------------------------------------
def test_elapsed_share_counts_the_as_of_day_and_stays_within_the_year() -> None:
    from xlplan.model.rules import elapsed_share

    plan = Plan(name="p", fiscal_year_start=dt.date(2024, 1, 1))  # 366 days
    assert elapsed_share(plan, dt.date(2023, 12, 31)) == 0.0
    assert elapsed_share(plan, dt.date(2024, 1, 1)) == 1 / 366
    assert elapsed_share(plan, dt.date(2024, 12, 31)) == 1.0
    assert elapsed_share(plan, dt.date(2025, 6, 1)) == 1.0


@pytest.mark.parametrize(
    ("end", "status", "late"),
    [
        (dt.date(2024, 6, 30), "todo", True),
        (dt.date(2024, 6, 30), "in_progress", True),
        (dt.date(2024, 6, 30), "done", False),
        (dt.date(2024, 6, 30), "cancelled", False),
        (dt.date(2024, 7, 1), "todo", False),  # ends on the as-of day: not late yet
        (None, "todo", False),
    ],
)
def test_an_action_is_late_past_its_end_unless_done_or_cancelled(
    end: dt.date | None, status: str, late: bool
) -> None:
    from xlplan import Action
    from xlplan.model.rules import is_late

    action = Action(title="a", end=end, status=status)  # type: ignore[arg-type]
    assert is_late(action, dt.date(2024, 7, 1)) is late


def test_main_objective_is_the_first_listed() -> None:
    from xlplan import Action
    from xlplan.model.rules import main_objective

    assert main_objective(Action(title="a", objectives=["O2", "O1"])) == "O2"
    assert main_objective(Action(title="a")) == ""


def test_every_default_is_already_what_validating_it_gives() -> None:
    """The models do not validate their defaults (a tenth of reading a large plan): each
    default must come out of its field's validation unchanged, of the same type."""
    from pydantic import TypeAdapter
    from pydantic_core import PydanticUndefined

    from xlplan.model.items import StrictModel

    def models(base: type) -> list[type]:
        return [m for sub in base.__subclasses__() for m in (sub, *models(sub))]

    checked = 0
    for model in models(StrictModel):
        for name, field in model.model_fields.items():
            if field.default is PydanticUndefined:
                continue  # (required, or a default factory: the factory makes its own)
            annotation = field.rebuild_annotation()
            validated = TypeAdapter(annotation).validate_python(field.default)
            assert validated == field.default, (model.__name__, name)
            assert type(validated) is type(field.default), (model.__name__, name)
            checked += 1
    assert checked > 20
