"""Monthly budgets and actuals (issue #17, item 3): a plan file gives an action's budget and
actual spend per month; the quarters (every report key stays Q1 … Q4) are the sums of the
fiscal quarters' months, the fiscal year starting in January or in April.

The figures are seed 001's (Mimine): the newsletter costs 0 € in Q1, 30 € in Q2, 50 € in Q3
and 199 € in Q4; mimine.fr costs 10 000 €, a deposit of 2 500 € in Q2 and the balance of
7 500 € in Q3. Their spread over the months is made up here (10 + 10 + 10 = 30,
15 + 15 + 20 = 50, 49 + 75 + 75 = 199; the deposit in May, the balance in July), and the
quarters are worked out by hand below.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lo import recalculate_many
from lo_uno import edit_many
from sheets import column, error_cells, load, mismatches
from strategies import money

import xlplan
from xlplan.changes import apply
from xlplan.changes.render import render
from xlplan.cli import main
from xlplan.errors import PlanValidationError, ProblemCode
from xlplan.model.files import dump_plan, load_plan, parse_plan_text, plan_to_data
from xlplan.model.schema import plan_json_schema
from xlplan.writing import workbook

AS_OF = "2024-06-30"

ACTIONS = """\
owners: [{name: Arnaud}, {name: Zoé}]
actions:
  - id: A6
    title: Création de la boutique en ligne mimine.fr
    owner: Arnaud
    budget: {may: 2500, jul: 7500}
    actual: {mai: 2500}
  - id: A7
    title: Newsletter
    owner: Arnaud
    budget: {apr: 10, may: 10, jun: 10, jul: 15, aug: 15, sep: 20, oct: 49, nov: 75, dec: 75}
    actual: {Avr.: 10, mai: 10, juin: 10}
  - id: A11
    title: Publicité en ligne
    owner: Zoé
    budget: {q3: 6000, q4: 4000}
  - id: A12
    title: Publireportage dans elle.com
    owner: Zoé
    budget: {q4: 4000}
    actual: {déc: 4200}
"""
JANUARY = "name: Mimine mensuel\nyear: 2024\nlanguage: fr\n" + ACTIONS
APRIL = "name: Mimine monthly\nfiscal_year_start: 2024-04-01\nlanguage: en\n" + ACTIONS

D = Decimal
# Fiscal year from January: Q2 = Apr–Jun, Q3 = Jul–Sep, Q4 = Oct–Dec.
JANUARY_QUARTERS = {
    "A6": ([0, 2500, 7500, 0], [None, 2500, None, None]),
    "A7": ([0, 10 + 10 + 10, 15 + 15 + 20, 49 + 75 + 75], [None, 30, None, None]),
    "A11": ([0, 0, 6000, 4000], [None, None, None, None]),
    "A12": ([0, 0, 0, 4000], [None, None, None, 4200]),
}
# Fiscal year from April: Q1 = Apr–Jun, Q2 = Jul–Sep, Q3 = Oct–Dec, Q4 = Jan–Mar 2025; the
# quarterly action's quarters are the fiscal ones as given.
APRIL_QUARTERS = {
    "A6": ([2500, 7500, 0, 0], [2500, None, None, None]),
    "A7": ([30, 50, 199, 0], [30, None, None, None]),
    "A11": ([0, 0, 6000, 4000], [None, None, None, None]),
    "A12": ([0, 0, 0, 4000], [None, None, 4200, None]),  # (December: the 9th month, Q3)
}
# The newsletter's planned months in fiscal order.
NEWSLETTER_JANUARY = [0, 0, 0, 10, 10, 10, 15, 15, 20, 49, 75, 75]
NEWSLETTER_APRIL = [10, 10, 10, 15, 15, 20, 49, 75, 75, 0, 0, 0]


def quarters_of(plan: xlplan.Plan) -> dict[str, tuple[list[Any], list[Any]]]:
    return {a.id: (a.budget.values(), a.actual.values()) for a in plan.actions}


def plan_file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "expected", "newsletter"),
    [(JANUARY, JANUARY_QUARTERS, NEWSLETTER_JANUARY), (APRIL, APRIL_QUARTERS, NEWSLETTER_APRIL)],
    ids=["january", "april"],
)
def test_months_sum_into_the_fiscal_quarters(
    text: str, expected: dict[str, Any], newsletter: list[int]
) -> None:
    plan = parse_plan_text(text, "mimine.yaml", "yaml")
    assert quarters_of(plan) == expected
    a7 = plan.actions[1]
    assert a7.budget.months == tuple(D(v) for v in newsletter)
    assert a7.planned_total == D(279)
    assert plan.actions[2].budget.months is None  # (quarterly: no months held)
    # Saved with the months named (quarters left out), it loads back the same.
    saved = dump_plan(plan)
    assert "q1" not in saved.split("A11")[0]
    assert parse_plan_text(saved, "saved.yaml", "yaml") == plan
    assert parse_plan_text(dump_plan(plan, "json"), "saved.json", "json") == plan


def test_twelve_months_in_a_list_are_in_fiscal_order() -> None:
    text = APRIL.replace(
        "budget: {apr: 10, may: 10, jun: 10, jul: 15, aug: 15, sep: 20, oct: 49, nov: 75, dec: 75}",
        "budget: [10, 10, 10, 15, 15, 20, 49, 75, 75, 0, 0, 0]",
    )
    plan = parse_plan_text(text, "mimine.yaml", "yaml")
    assert quarters_of(plan) == APRIL_QUARTERS
    # The constructor the hand-made reader's months will use (fiscal order too).
    budget = xlplan.QuarterBudget.from_months(NEWSLETTER_APRIL)
    assert budget.values() == [D(30), D(50), D(199), D(0)]
    actual = xlplan.QuarterActual.from_months([10, 10, 10] + [None] * 9)
    assert actual.values() == [D(30), None, None, None]
    # The months alone, as both readers give them: a month not entered is left out of its sum.
    months = [D(10), None, D("5.5"), None, None, None, D(0), D(1), D(2)] + [None] * 3
    actual = xlplan.QuarterActual.model_validate({"months": months})
    assert actual.values() == [D("15.5"), None, D(3), None]
    assert actual.months == tuple(months)


BAD = {
    "thirteen months": (
        "    budget: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]\n",
        "line 7 (actions[0].budget): expected at most 4 quarterly values or 12 monthly "
        "values, found 13",
        "ligne 7 (actions[0].budget) : au plus 4 valeurs trimestrielles ou 12 valeurs "
        "mensuelles attendues, trouvé 13",
    ),
    "quarter and months disagree": (
        # Q2 (April to June) is 30 by its months, 35 as given.
        "    budget: {q2: 35, apr: 10, may: 10, jun: 10}\n",
        "line 7 (actions[0].budget): Q2 is 35 but its months (4 to 6 of the fiscal year) "
        "add up to 30",
        "ligne 7 (actions[0].budget) : T2 vaut 35 mais ses mois (4 à 6 de l'exercice) "
        "totalisent 30",
    ),
    "a month named twice": (
        "    budget: {jan: 10, Janv.: 10}\n",
        "line 7 (actions[0].budget): month 'janv.' is given twice",
        "ligne 7 (actions[0].budget) : le mois 'janv.' est donné deux fois",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_months_are_refused_with_their_line_in_french_and_english(
    case: str, tmp_path: Path
) -> None:
    budget, english, french = BAD[case]
    text = "name: Mimine\nyear: 2024\nactions:\n  - id: A7\n    title: Newsletter\n"
    path = plan_file(tmp_path, "plan.yaml", text + "    owner: null\n" + budget)
    with pytest.raises(PlanValidationError) as caught:
        load_plan(path)
    (problem,) = caught.value.problems
    assert problem.code is ProblemCode.FIELD_INVALID
    assert caught.value.text("en") == f"{path}: {english}"
    assert caught.value.text("fr") == f"{path} : {french}"
    # The command line says it in one line, exit code 2, in the terminal's language.
    result = CliRunner().invoke(
        main, ["build", str(path), "-o", str(tmp_path / "x.xlsx")], env={"LANGUAGE": "fr"}
    )
    assert result.exit_code == 2
    assert french in result.output
    assert not (tmp_path / "x.xlsx").exists()


def test_the_json_schema_takes_both_monthly_forms() -> None:
    schema = plan_json_schema()
    good = [
        [10, 10, 10, 15, 15, 20, 49, 75, 75, 0, 0, 0],
        {"apr": 10, "may": 10, "jun": 10},
        {"janv": 1, "févr": 2, "mars": 3, "q1": 6},
        [0, 30, 50, 199],
    ]
    for budget in good:
        plan = {"name": "x", "year": 2024, "actions": [{"title": "a", "budget": budget}]}
        jsonschema.validate(plan, schema)
    plan = {"name": "x", "year": 2024, "actions": [{"title": "a", "actual": [None] * 12}]}
    jsonschema.validate(plan, schema)
    # A monthly plan as xlplan saves it (named months, fiscal order) is a valid plan file too.
    for text in (JANUARY, APRIL):
        jsonschema.validate(plan_to_data(parse_plan_text(text, "plan.yaml", "yaml")), schema)
    for budget in ([1] * 13, [1] * 7, {"april": 10}):
        plan = {"name": "x", "year": 2024, "actions": [{"title": "a", "budget": budget}]}
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(plan, schema)


def report_of(path: Path) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["report", str(path), "--format", "json", "--as-of", AS_OF])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def reported(doc: dict[str, Any]) -> dict[str, tuple[list[Any], list[Any]]]:
    """Each action's planned and actual quarters as the report gives them."""
    keys = ("Q1", "Q2", "Q3", "Q4")
    return {
        a["id"]: ([a["planned"][k] for k in keys], [a["actual"][k] for k in keys])
        for a in doc["actions"]
    }


def zeroed(expected: dict[str, Any]) -> dict[str, Any]:
    """The report's figures: an actual not entered counts 0."""
    return {k: (p, [v or 0 for v in a]) for k, (p, a) in expected.items()}


def test_a_monthly_plan_builds_recalculates_and_reads_back(tmp_path: Path) -> None:
    built = {}
    for name, text in (("january", JANUARY), ("april", APRIL)):
        plan = parse_plan_text(text, f"{name}.yaml", "yaml")
        built[name] = (
            plan,
            xlplan.build(plan, tmp_path / f"{name}.xlsx", as_of=dt.date(2024, 6, 30)),
        )
    fresh = recalculate_many([path for _, path in built.values()], tmp_path / "lo")
    for (plan, path), recalculated in zip(built.values(), fresh, strict=True):
        assert error_cells(recalculated) == []
        assert mismatches(path, recalculated) == []
        for book in (path, recalculated):
            read = xlplan.read(book)
            assert [p for p in read.problems if p.severity != "info"] == []
            assert [(a.id, a.budget, a.actual) for a in read.plan.actions] == [
                (a.id, a.budget, a.actual) for a in plan.actions
            ]
    assert zeroed(JANUARY_QUARTERS) == reported(report_of(built["january"][1]))
    assert zeroed(APRIL_QUARTERS) == reported(report_of(built["april"][1]))
    doc = report_of(fresh[1])
    assert doc["totals"]["planned"]["Q1"] == 2500 + 30
    assert doc["totals"]["planned"]["total"] == 10_000 + 279 + 10_000 + 4000
    # The sheet shows the months under the fiscal year's month names, with the quarter sums.
    ws = load(built["april"][1])["Monthly budget"]
    headers = [c.value for c in ws[4]]
    assert headers[:7] == [
        "ID",
        "Action",
        "Planned Apr",
        "Planned May",
        "Planned Jun",
        "Planned Q1",
        "Planned Jul",
    ]
    assert "Actual Mar" in headers
    guide = [c.value for c in load(built["april"][1])["Guide"]["A"]]
    assert guide[guide.index("Budget tracking") + 1] == "Monthly budget"


def test_a_month_typed_in_libreoffice_changes_its_quarter(tmp_path: Path) -> None:
    plan = parse_plan_text(JANUARY, "january.yaml", "yaml")
    path = xlplan.build(plan, tmp_path / "mimine.xlsx", as_of=dt.date(2024, 6, 30))
    book = load(path)
    ws, actions = book["Budget mensuel"], book["Plan d'action"]
    row = next(c.row for c in ws["A"] if c.value == "A7")
    free = max(c.row for c in ws["A"] if c.value in ("A6", "A7")) + 1
    plan_row = next(c.row for c in actions["A"] if c.value == "A7")
    # The newsletter's June goes from 10 € to 40 €, and its May actual spend from 10 € to 25 €.
    june, may = column(ws, "Prévu juin"), column(ws, "Réel mai")
    typed = [
        {"op": "set", "sheet": "Budget mensuel", "cell": f"{june}{row}", "value": 40},
        {"op": "set", "sheet": "Budget mensuel", "cell": f"{may}{row}", "value": 25},
    ]
    # Another copy: the newsletter's Q2 typed over on the action plan (its months say 30), and
    # months typed on the monthly budget for an ID no action has.
    q2 = f"{column(actions, 'Budget T2')}{plan_row}"
    stray = [
        {"op": "set", "sheet": "Plan d'action", "cell": q2, "value": 100},
        {"op": "set", "sheet": "Budget mensuel", "cell": f"A{free}", "text": "A99"},
        {"op": "set", "sheet": "Budget mensuel", "cell": f"{june}{free}", "value": 5},
    ]
    # A third copy: both sheets sorted backwards, the action plan by title, the monthly budget
    # by ID; the figures follow their action by ID.
    last = actions.max_column
    wide = ws.max_column
    sort = [
        {
            "op": "sort",
            "sheet": "Plan d'action",
            "range": f"A5:{actions.cell(5, last).column_letter}{4 + len(plan.actions)}",
            "column": "B",
            "ascending": False,
        },
        {
            "op": "sort",
            "sheet": "Budget mensuel",
            "range": f"A5:{ws.cell(5, wide).column_letter}{free - 1}",
            "column": "A",
            "ascending": False,
        },
    ]
    edited, overwritten, sorted_ = edit_many(
        [
            (path, tmp_path / "edited.xlsx", typed),
            (path, tmp_path / "stray.xlsx", stray),
            (path, tmp_path / "sorted.xlsx", sort),
        ]
    )
    assert edited.errors() == overwritten.errors() == sorted_.errors() == {}
    assert load(sorted_.path)["Plan d'action"]["A5"].value == "A12"  # ("Publireportage…")
    assert load(sorted_.path)["Budget mensuel"]["A5"].value == "A7"
    assert reported(report_of(sorted_.path)) == zeroed(JANUARY_QUARTERS)
    doc = report_of(edited.path)
    a7 = reported(doc)["A7"]
    assert a7 == ([0, 10 + 10 + 40, 50, 199], [0, 10 + 25 + 10, 0, 0])
    assert doc["totals"]["planned"]["Q2"] == 2500 + 60
    read = xlplan.read(edited.path)
    newsletter = read.plan.actions[1]
    assert newsletter.budget.months is not None and newsletter.budget.months[5] == D(40)
    assert newsletter.actual.values() == [None, D(45), None, None]
    # The months are kept, and what disagrees with them or belongs to no action is named.
    read = xlplan.read(overwritten.path)
    assert read.plan.actions[1].budget.values() == [D(0), D(30), D(50), D(199)]
    found = {(p.code, p.sheet, p.cell) for p in read.problems}
    assert (ProblemCode.TOTAL_MISMATCH, "Plan d'action", q2) in found
    assert (ProblemCode.REFERENCE_UNKNOWN, "Budget mensuel", f"A{free}") in found


def test_a_change_of_months_is_a_diff_that_applies(tmp_path: Path) -> None:
    old = parse_plan_text(JANUARY, "old.yaml", "yaml")
    # The site's balance split between July (7 000 €) and August (500 €): Q3 stays 7 500 €.
    new = parse_plan_text(JANUARY.replace("jul: 7500", "jul: 7000, aug: 500"), "new.yaml", "yaml")
    found = xlplan.diff(old, new)
    (item,) = [i for i in found.items if i.status == "changed"]
    assert [c.field for c in item.changes] == ["budget.months"]
    doc = json.loads(render(found, "json", "en"))
    schema = json.loads((Path(__file__).parents[1] / "docs" / "diff.schema.json").read_text())
    jsonschema.validate(doc, schema)
    (change,) = [c for a in doc["actions"] for c in a["changes"]]
    assert change["new"] == [0, 0, 0, 0, 2500, 0, 7000, 500, 0, 0, 0, 0]
    applied = apply(old, found)
    assert [(a.budget, a.actual) for a in applied.actions] == [
        (a.budget, a.actual) for a in new.actions
    ]


def test_a_quarterly_plan_gets_the_workbook_it_had(tmp_path: Path, monkeypatch: Any) -> None:
    """No monthly figure, no monthly sheet: the writer's monthly step adds nothing, byte for
    byte (the workbook written without that step at all)."""
    plan = xlplan.load_plan(Path(__file__).parents[1] / "samples" / "mimine.yaml")
    with_step = xlplan.build(plan, tmp_path / "a.xlsx", as_of=dt.date(2024, 6, 30)).read_bytes()
    monkeypatch.setattr(workbook, "monthly", lambda w: None)
    without = xlplan.build(plan, tmp_path / "b.xlsx", as_of=dt.date(2024, 6, 30)).read_bytes()
    assert with_step == without
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        assert not any(
            "Budget mensuel" in z.read(n).decode("utf-8", "replace")
            for n in z.namelist()
            if n.endswith(".xml")
        )


_twelve = st.lists(money, min_size=12, max_size=12)
_spent = st.lists(st.none() | money, min_size=12, max_size=12)


@st.composite
def monthly_plans(draw: st.DrawFn) -> xlplan.Plan:
    """A plan whose fiscal year starts in any month, its actions budgeted by quarter or by
    month, with actual spend by quarter, by month (some months not entered) or none."""
    actions = []
    for i in range(draw(st.integers(1, 4))):
        budget = draw(st.one_of(st.lists(money, max_size=4), _twelve))
        actual = draw(st.one_of(st.just([]), st.lists(st.none() | money, max_size=4), _spent))
        actions.append(xlplan.Action(title=f"Action {i + 1}", budget=budget, actual=actual))
    start = dt.date(2024, draw(st.integers(1, 12)), 1)
    lang = draw(st.sampled_from(["fr", "en"]))
    return xlplan.Plan(name="Mimine", fiscal_year_start=start, language=lang, actions=actions)


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(monthly_plans())
def test_any_monthly_plan_reads_back_and_saves_back(plan: xlplan.Plan) -> None:
    assert parse_plan_text(dump_plan(plan), "plan.yaml", "yaml") == plan
    with tempfile.TemporaryDirectory() as tmp:
        path = xlplan.build(plan, Path(tmp) / "p.xlsx", as_of=dt.date(2024, 6, 30))
        result = xlplan.read(path)
    assert [p for p in result.problems if p.severity != "info"] == []
    assert result.plan == plan
