"""`xlplan diff` (issue #16): what changed between two versions of a plan.

The figures are worked out by hand from ``samples/mimine.yaml`` (`edit_checks.MIMINE` quotes
each action's budget and actuals): planned per quarter Q1 800 + 450 = 1 250; Q2 500 (A5) +
2 500 (A6) + 30 (A7) = 3 030; Q3 7 500 (A6) + 50 (A7) + 6 000 (A11) = 13 550; Q4 199 (A7) +
4 000 (A11) + 4 000 (A12) + 1 500 (A13) + 600 (A14) = 10 299; 28 129 in all. Actual Q1 880 + 450
= 1 330; Q2 460 + 2 500 + 30 = 2 990; 4 320 in all. Each test adjusts them by hand for its edit.
The edited copy is made by LibreOffice itself (`lo_uno`): rows inserted, deleted and sorted,
values typed, recalculated and saved.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import openpyxl
import pytest
from click.testing import CliRunner
from conftest import ROOT
from edit_checks import AS_OF, NEW, SHEET, Built
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lo_uno import edit_many
from strategies import plans

import xlplan
from xlplan.changes import apply
from xlplan.changes.render import document, render
from xlplan.changes.result import Diff, FieldChange, ItemChange
from xlplan.cli import main

MIMINE = ROOT / "samples" / "mimine.yaml"
DAY = dt.date.fromisoformat(AS_OF)
SCHEMA = json.loads((ROOT / "docs" / "diff.schema.json").read_text("utf-8"))
BEFORE_PLANNED = {"Q1": 1250, "Q2": 3030, "Q3": 13550, "Q4": 10299, "total": 28129}
BEFORE_ACTUAL = {"Q1": 1330, "Q2": 2990, "Q3": 0, "Q4": 0, "total": 4320}


def mimine(**changes: Any) -> xlplan.Plan:
    """The Mimine sample with plan-file data changed: ``A1={"budget": {...}}`` per action id,
    ``plan={...}`` at plan level."""
    data = xlplan.load_plan(MIMINE).model_dump(mode="python")
    data.update(changes.pop("plan", {}))
    for kind in ("actions", "kpis", "objectives"):
        for item in data[kind]:
            item.update(changes.pop(item["id"], {}))
    assert not changes, changes
    return xlplan.Plan.model_validate(data)


def money(doc: dict[str, Any], what: str, col: str) -> dict[str, Any]:
    return {q: row[col] for q, row in doc["money"][what].items()}


def changed(doc: dict[str, Any], section: str) -> dict[str, dict[str, tuple[Any, Any]]]:
    """key -> field -> (old, new) of the changed items of a section."""
    return {
        i["key"]: {c["field"]: (c["old"], c["new"]) for c in i["changes"]}
        for i in doc[section]
        if i["status"] == "changed"
    }


# --- golden diffs of plans, by hand ------------------------------------------------------------
def test_a1_q1_budget_800_to_900_adds_100_to_q1_planned() -> None:
    found = xlplan.diff(MIMINE, mimine(A1={"budget": {"q1": 900}}), as_of=DAY)
    assert found.items == (
        ItemChange("action", "A1", "Vidéo de présentation", "changed", "id",
                   (FieldChange("budget.q1", Decimal(800), Decimal(900)),), "A1",
                   late=(False, False)),
    )  # fmt: skip
    doc = document(found)
    assert money(doc, "planned", "before") == BEFORE_PLANNED
    assert money(doc, "planned", "after") == BEFORE_PLANNED | {"Q1": 1350, "total": 28229}
    assert money(doc, "planned", "delta") == {"Q1": 100, "Q2": 0, "Q3": 0, "Q4": 0, "total": 100}
    assert money(doc, "actual", "delta") == {"Q1": 0, "Q2": 0, "Q3": 0, "Q4": 0, "total": 0}
    assert doc["money"]["moves"] == []  # (money added, not moved)
    assert found.exit_code == 1
    jsonschema.validate(doc, SCHEMA)


def test_budget_moved_between_quarters_and_between_actions() -> None:
    # A6's balance 7 500 € moves from Q3 to Q4 in part (2 000); 1 000 € of A11's Q4 ads go to
    # A12's advertorial (4 000 -> 3 000, 4 000 -> 5 000): no money added, 3 000 moved.
    new = mimine(
        A6={"budget": {"q2": 2500, "q3": 5500, "q4": 2000}},
        A11={"budget": {"q3": 6000, "q4": 3000}},
        A12={"budget": {"q4": 5000}},
    )
    doc = document(xlplan.diff(MIMINE, new, as_of=DAY))
    assert money(doc, "planned", "delta") == {"Q1": 0, "Q2": 0, "Q3": -2000, "Q4": 2000,
                                              "total": 0}  # fmt: skip
    assert doc["money"]["moves"] == [
        {"from": {"action": "A6", "period": "Q3"}, "to": {"action": "A6", "period": "Q4"},
         "amount": 2000},
        {"from": {"action": "A11", "period": "Q4"}, "to": {"action": "A12", "period": "Q4"},
         "amount": 1000},
    ]  # fmt: skip
    assert doc["money"]["moved"] == 3000
    assert changed(doc, "actions") == {
        "A6": {"budget.q3": (7500, 5500), "budget.q4": (0, 2000)},
        "A11": {"budget.q4": (4000, 3000)},
        "A12": {"budget.q4": (4000, 5000)},
    }


def test_plan_objectives_kpis_and_owners_field_by_field() -> None:
    owners = [{"name": "Arnaud", "role": "Cofondateur"}, {"name": "Zoé", "role": "Cofondatrice"}]
    new = mimine(
        plan={"name": "Mimine 2024 v2", "currency": "CHF", "envelope": {"amount": 35000},
              "owners": [*owners, {"name": "Camille"}]},
        O3={"title": "Acquérir les premiers clients"},
        K1={"target": 250000, "actual": {"q1": 0, "q2": 9200, "q3": 15000}},
        A3={"status": "cancelled", "notes": ""},
        A9={"end": dt.date(2024, 11, 29), "progress": 55, "extra": {"Pays": "Belgique"}},
    )  # fmt: skip
    doc = document(xlplan.diff(MIMINE, new, as_of=DAY))
    assert [(c["field"], c["old"], c["new"]) for c in doc["plan"]] == [
        ("name", "Plan marketing digital Mimine", "Mimine 2024 v2"),
        ("currency", "EUR", "CHF"),
        ("envelope.amount", 30000, 35000),
    ]
    assert changed(doc, "objectives") == {
        "O3": {"title": ("Commencer à acquérir doucement des clients",
                         "Acquérir les premiers clients")}
    }  # fmt: skip
    assert changed(doc, "kpis") == {"K1": {"target": (200000, 250000), "actual.q3": (None, 15000)}}
    # K1 at 30 June 2024 (182 of 366 days elapsed): 9 200 / 200 000 = 4.6 %, then
    # 15 000 / 250 000 = 6 %, both behind.
    assert doc["kpis"][0]["kpi_status"] == {"old": "behind", "new": "behind"}
    assert changed(doc, "owners") == {
        "Arnaud": {"role": ("Cofondateur — ventes, e-mailing et publicité", "Cofondateur")},
        "Zoé": {"role": ("Cofondatrice — contenus, communauté et image", "Cofondatrice")},
    }
    assert [(o["key"], o["status"]) for o in doc["owners"] if o["status"] != "changed"] == [
        ("Camille", "added")
    ]
    assert changed(doc, "actions") == {
        "A3": {"status": ("done", "cancelled"),
               "notes": ("Action non payante (hors commission de la plateforme).", "")},
        "A9": {"end": ("2024-12-31", "2024-11-29"), "progress": (40, 55),
               "extra.Pays": (None, "Belgique")},
    }  # fmt: skip
    assert money(doc, "planned", "delta")["total"] == 0
    jsonschema.validate(doc, SCHEMA)


def test_a_plan_id_nobody_typed_follows_the_name_and_is_no_change() -> None:
    # Mimine's plan file types no id: the model makes "plan-marketing-digital-mimine-2024-01"
    # from its name and year. Renamed, the plan gets another such id; that is the name's
    # change, said once.
    renamed = mimine(plan={"name": "Mimine 2024", "id": ""})
    assert renamed.id == "mimine-2024-2024-01"
    found = xlplan.diff(MIMINE, renamed, as_of=DAY)
    assert found.plan == (FieldChange("name", "Plan marketing digital Mimine", "Mimine 2024"),)
    assert canonical(apply(xlplan.load_plan(MIMINE), found)) == canonical(renamed)
    # Renamed on a workbook's guide, the plan keeps the id it was built with: no change either.
    kept = mimine(plan={"name": "Mimine 2024"})
    assert kept.id == "plan-marketing-digital-mimine-2024-01"
    assert xlplan.diff(MIMINE, kept).plan == found.plan
    # An id typed on one side is a change, and applies both ways.
    typed = mimine(plan={"id": "mimine-plan"})
    for old, new, change in ((MIMINE, typed, ("", "mimine-plan")),
                             (typed, renamed, ("mimine-plan", ""))):  # fmt: skip
        found = xlplan.diff(old, new, as_of=DAY)
        assert [(c.field, c.old, c.new) for c in found.plan if c.field == "id"] == [("id", *change)]
        before = xlplan.load_plan(old) if isinstance(old, Path) else old
        assert canonical(apply(before, found)) == canonical(new)


def test_lateness_on_the_as_of_date() -> None:
    # A6 (the website) ends 12 July 2024 and is in progress: not late on 30 June, late on
    # 31 July; the diff of a progress change shows both sides on the date asked.
    new = mimine(A6={"progress": 90})
    june = xlplan.diff(MIMINE, new, as_of=DAY).of("action")
    july = xlplan.diff(MIMINE, new, as_of=dt.date(2024, 7, 31)).of("action")
    assert [(i.key, i.late) for i in june] == [("A6", (False, False))]
    assert [(i.key, i.late) for i in july] == [("A6", (True, True))]
    new = mimine(A6={"progress": 100, "status": "done"})
    assert xlplan.diff(MIMINE, new, as_of=dt.date(2024, 7, 31)).of("action")[0].late == (
        True,
        False,
    )


def test_the_french_and_english_workbooks_differ_by_their_language_only(tmp_path: Path) -> None:
    plan = xlplan.load_plan(MIMINE)
    fr = xlplan.build(plan, tmp_path / "fr.xlsx", lang="fr")
    en = xlplan.build(plan, tmp_path / "en.xlsx", lang="en")
    found = xlplan.diff(fr, en)
    assert (found.plan, found.items) == ((FieldChange("language", "fr", "en"),), ())
    assert found.money.moves == () and found.money.planned[4].delta == 0


def test_same_plan_is_no_difference() -> None:
    found = xlplan.diff(MIMINE, MIMINE)
    assert found.empty and found.exit_code == 0
    assert render(found, "table").splitlines()[-1] == "No difference."


# --- property tests ---------------------------------------------------------------------------
def canonical(plan: xlplan.Plan) -> dict[str, Any]:
    """The plan with its items in a fixed order (the order of rows is no change)."""
    data = plan.model_dump(mode="json")
    for kind, key in (("actions", "id"), ("objectives", "id"), ("kpis", "id"), ("owners", "name")):
        data[kind] = sorted(data[kind], key=lambda x: x[key])
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(max_actions=8))
def test_a_plan_against_itself_is_empty(plan: xlplan.Plan) -> None:
    found = xlplan.diff(plan, plan.model_copy(deep=True))
    assert found.empty
    assert found.money.moves == ()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(max_actions=8), plans(max_actions=8), st.randoms(use_true_random=False))
def test_applying_the_changes_to_old_gives_new(
    old: xlplan.Plan, new: xlplan.Plan, rng: Any
) -> None:
    rng.shuffle(new.actions)  # (rows sorted: still paired by id)
    found = xlplan.diff(old, new)
    assert canonical(apply(old, found)) == canonical(new)
    jsonschema.validate(document(found), SCHEMA)
    m = found.money
    assert sum(q.delta for q in m.planned[:4]) == m.planned[4].delta
    assert sum(c.delta for c in m.planned_cells) == m.planned[4].delta
    assert m.moved <= sum(c.delta for c in m.planned_cells if c.delta > 0)


def test_applying_renames_items_paired_by_title(tmp_path: Path) -> None:
    # A plan file without ids against one with other ids: paired by title, and `apply` gives
    # NEW's ids to OLD's items and to every reference to them.
    old = {
        "name": "P",
        "year": 2024,
        "owners": [{"name": "Léa"}],
        "objectives": [{"title": "Vendre"}, {"title": "Fidéliser"}],
        "kpis": [{"name": "CA", "objective": "Vendre"}],
        "actions": [
            {
                "title": "Salon",
                "objectives": ["Vendre", "Fidéliser"],
                "owner": "Léa",
                "budget": [100, 0, 0, 0],
            },
            {"title": "Emailing", "objectives": ["Fidéliser"], "kpis": ["CA"]},
        ],
    }
    (tmp_path / "old.yaml").write_text(json.dumps(old), "utf-8")
    new = xlplan.Plan.model_validate(
        {**old, "objectives": [{"id": "V", "title": "Vendre"}, {"id": "F", "title": "Fidéliser"}],
         "kpis": [{"id": "K9", "name": "CA", "objective": "V"}],
         "actions": [{**old["actions"][1], "id": "E1", "objectives": ["F"], "kpis": ["K9"]},
                     {**old["actions"][0], "id": "S1", "objectives": ["V", "F"]}]}
    )  # fmt: skip
    found = xlplan.diff(tmp_path / "old.yaml", new)
    assert sorted(found.matched_by_title) == [
        "action:E1", "action:S1", "kpi:K9", "objective:F", "objective:V"
    ]  # fmt: skip
    # Only the ids changed: the references are the same items.
    assert {(i.kind, i.old_key, i.key): i.changes for i in found.items} == {
        ("objective", "O1", "V"): (FieldChange("id", "O1", "V"),),
        ("objective", "O2", "F"): (FieldChange("id", "O2", "F"),),
        ("kpi", "K1", "K9"): (FieldChange("id", "K1", "K9"),),
        ("action", "A1", "S1"): (FieldChange("id", "A1", "S1"),),
        ("action", "A2", "E1"): (FieldChange("id", "A2", "E1"),),
    }
    assert canonical(apply(xlplan.load_plan(tmp_path / "old.yaml"), found)) == canonical(new)
    assert found.money.planned_cells == ()


def test_two_typed_ids_are_two_actions_whatever_their_titles() -> None:
    # A5 renumbered A20 in a plan file that types its ids: A5 removed, A20 added.
    data = xlplan.load_plan(MIMINE).model_dump(mode="python")
    data["actions"][4]["id"] = "A20"
    found = xlplan.diff(MIMINE, xlplan.Plan.model_validate(data))
    assert [(i.key, i.status) for i in found.items] == [("A20", "added"), ("A5", "removed")]
    assert found.matched_by_title == ()
    # Budget of A5 (500 in Q2) "moved" to A20, the same money under another id.
    assert [(m.from_action, m.to_action, m.amount) for m in found.money.moves] == [
        ("A5", "A20", Decimal(500))
    ]


# --- hand-made tables: no ID column, paired by title -----------------------------------------
def _table(path: Path, rows: list[tuple[str, str, str, int, int, str]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Plan d'action 2024"])
    ws.append(["Action", "Objectif", "Responsable", "Budget T1", "Budget T2", "Pays"])
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def test_hand_made_tables_sorted_are_paired_by_title(tmp_path: Path) -> None:
    rows = [
        ("Salon", "Vendre", "Léa", 1000, 0, "France"),
        ("Emailing", "Fidéliser", "Marc", 0, 300, "France"),
        ("Flyers", "Vendre", "Léa", 200, 200, "France"),
    ]
    old = _table(tmp_path / "plan.xlsx", rows)
    # Sorted by title, Flyers' Q2 budget 200 -> 500 and country (an extra column) France ->
    # Belgique, Salon dropped, Vidéo added.
    new = _table(
        tmp_path / "plan-v2.xlsx",
        [("Emailing", "Fidéliser", "Marc", 0, 300, "France"),
         ("Flyers", "Vendre", "Léa", 200, 500, "Belgique"),
         ("Vidéo", "Fidéliser", "Marc", 0, 800, "France")],
    )  # fmt: skip
    doc = document(xlplan.diff(old, new, as_of=DAY))
    # Read row by row, Emailing is A2 in OLD and A1 in NEW, Flyers A3 then A2; the objectives
    # Vendre / Fidéliser are O1 / O2 in OLD and O2 / O1 in NEW (order of first appearance).
    actions = {(i["old_key"], i["key"]): i for i in doc["actions"]}
    flyers = actions[("A3", "A2")]
    assert flyers["matched_by"] == "title"
    # (the ids a hand-made table's rows get, by row order, are no change of the table)
    assert {c["field"]: (c["old"], c["new"]) for c in flyers["changes"]} == {
        "budget.q2": (200, 500),
        "extra.Pays": ("France", "Belgique"),
    }
    assert ("A2", "A1") not in actions  # Emailing: only its row moved
    assert [(i["key"], i["title"], i["status"]) for i in doc["actions"] if i["status"] != "changed"
            ] == [("A3", "Vidéo", "added"), ("A1", "Salon", "removed")]  # fmt: skip
    assert doc["objectives"] == []  # (Vendre / Fidéliser: O1 / O2 in OLD, O2 / O1 in NEW)
    assert sorted(doc["matched_by_title"]) == [
        "action:A1", "action:A2", "objective:O1", "objective:O2"
    ]  # fmt: skip
    # Planned Q1 1 200 -> 200 (Salon's 1 000 gone), Q2 500 -> 1 600 (+300 Flyers, +800 Vidéo).
    assert money(doc, "planned", "before") == {"Q1": 1200, "Q2": 500, "Q3": 0, "Q4": 0,
                                               "total": 1700}  # fmt: skip
    assert money(doc, "planned", "delta") == {"Q1": -1000, "Q2": 1100, "Q3": 0, "Q4": 0,
                                              "total": 100}  # fmt: skip
    assert doc["old"]["kind"] == doc["new"]["kind"] == "table"
    table = CliRunner().invoke(main, ["diff", str(old), str(new), "--as-of", AS_OF]).stdout
    assert "~ A2 Flyers (matched by title; was A3)" in table
    # The same table against itself, and against a copy sorted by owner: no difference.
    shuffled = _table(tmp_path / "sorted.xlsx", [rows[1], rows[0], rows[2]])
    assert xlplan.diff(old, shuffled).empty
    result = CliRunner().invoke(main, ["diff", str(old), str(shuffled)])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-3:] == [
        "No difference.",
        "",
        "Matched by title (no ID typed): 3 actions, 2 objectives.",  # (the JSON lists them)
    ]


def test_a_renamed_row_of_a_hand_made_table_moves_no_money_to_itself(tmp_path: Path) -> None:
    # Salon (300 + 1 200) renamed Salon pro: removed and added, both A3 by row order; the video
    # 800 -> 900, the rows sorted. Before the fix the two A3 were taken for one action: "A3 Q1
    # -> A3 Q2 300", "A3 Q2 -> A3 Q1 300", 700 moved.
    old = _table(
        tmp_path / "plan.xlsx",
        [("Vidéo", "Vendre", "Léa", 800, 0, "France"),
         ("Photos", "Vendre", "Léa", 450, 0, "France"),
         ("Salon", "Vendre", "Marc", 300, 1200, "France")],
    )  # fmt: skip
    new = _table(
        tmp_path / "plan-v2.xlsx",
        [("Photos", "Vendre", "Léa", 450, 0, "France"),
         ("Vidéo", "Vendre", "Léa", 900, 0, "France"),
         ("Salon pro", "Vendre", "Marc", 300, 1200, "France")],
    )  # fmt: skip
    doc = document(xlplan.diff(old, new, as_of=DAY))
    assert [(i["key"], i["title"], i["status"]) for i in doc["actions"]] == [
        ("A2", "Vidéo", "changed"), ("A3", "Salon pro", "added"), ("A3", "Salon", "removed")
    ]  # fmt: skip
    # Planned Q1 800 + 450 + 300 = 1 550 -> 1 650, Q2 1 200 -> 1 200: 100 more in all.
    assert money(doc, "planned", "delta") == {"Q1": 100, "Q2": 0, "Q3": 0, "Q4": 0,
                                              "total": 100}  # fmt: skip
    # Cuts: old A3 Q1 300, Q2 1 200; increases: new A3 Q1 300, Q2 1 200, A2 Q1 100. The two A3
    # are never paired; the largest cut (old A3 Q2) pays the one increase left, the video's.
    assert doc["money"]["moves"] == [
        {"from": {"action": "A3", "period": "Q2"}, "to": {"action": "A2", "period": "Q1"},
         "amount": 100},
    ]  # fmt: skip
    assert doc["money"]["moved"] == 100
    jsonschema.validate(doc, SCHEMA)


# --- LibreOffice edits of the Mimine workbook ---------------------------------------------------
@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Mimine workbook, opened and saved by LibreOffice as is, and edited by LibreOffice:
    values typed (A1 budget Q1 800 -> 900, A7 actual Q3 45, A11 budget Q4 4 000 -> 3 000, A12
    budget Q4 4 000 -> 5 000, K1 target 250 000 and measure Q3 15 000, O3's title), A6's row
    deleted, a row inserted at the top with a new action A15, then the action plan sorted by
    owner and the KPI sheet by name."""
    folder = tmp_path_factory.mktemp("diff")
    plan = xlplan.load_plan(MIMINE)
    path = xlplan.build(plan, folder / "mimine.xlsx", as_of=DAY)
    b = Built(path, "fr")
    row = lambda key: b.row("plan", key)  # noqa: E731
    ops = [
        *b.type_row("plan", row("A1"), {"budget_q1": 900}),
        *b.type_row("plan", row("A7"), {"actual_q3": 45}),
        *b.type_row("plan", row("A11"), {"budget_q4": 3000}),
        *b.type_row("plan", row("A12"), {"budget_q4": 5000}),
        *b.type_row("kpis", b.row("kpis", "K1"), {"target": 250000, "measure_q3": 15000}),
        *b.type_row("objectives", b.row("objectives", "O3"),
                    {"objective": "Acquérir les premiers clients"}),
        b.rows_op("delete_rows", "plan", row("A6")),
        b.rows_op("insert_rows", "plan", row("A1")),
        *b.type_row("plan", row("A1"), NEW),
        b.sort("plan", "owner"),
        b.sort("kpis", "kpi_name"),
    ]  # fmt: skip
    # Rows without an ID: A3's ID cleared, a new action typed below the last row without one,
    # A14's row deleted (the new row then gets the free id A14 from the reader).
    b = Built(path, "fr")
    id_cell = f"{b.letter('plan', 'id')}{row('A3')}"
    no_ids = [
        {"op": "clear", "sheet": SHEET["fr"]["plan"], "range": f"{id_cell}:{id_cell}"},
        *b.type_row("plan", b.last("plan") + 1, {"title": "Kits de couture", "owner": "Arnaud",
                                                 "objectives": "O6", "budget_q4": 700}),
        b.rows_op("delete_rows", "plan", row("A14")),
    ]  # fmt: skip
    assert b.missing == []
    saved, changed_, without = folder / "saved.xlsx", folder / "edited.xlsx", folder / "noid.xlsx"
    results = edit_many([(path, saved, []), (path, changed_, ops), (path, without, no_ids)])
    assert [r.errors() for r in results] == [{}, {}, {}]
    return {"built": path, "saved": saved, "edited": changed_, "no-ids": without}


def _json(old: Path, new: Path) -> tuple[int, dict[str, Any]]:
    args = ["diff", str(old), str(new), "--format", "json", "--as-of", AS_OF]
    result = CliRunner().invoke(main, args)
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, SCHEMA)
    return result.exit_code, doc


def test_a_workbook_against_the_plan_file_it_came_from_is_empty(edited: dict[str, Path]) -> None:
    for old, new in ((MIMINE, edited["built"]), (MIMINE, edited["saved"]),
                     (edited["saved"], MIMINE), (edited["built"], edited["saved"])):  # fmt: skip
        code, doc = _json(old, new)
        assert (code, doc["identical"], doc["problems"]) == (0, True, []), (old, new)


def test_edits_made_in_libreoffice_are_matched_by_id(edited: dict[str, Path]) -> None:
    for old in (edited["built"], MIMINE):  # (a workbook or the plan file: the same diff)
        code, doc = _json(old, edited["edited"])
        assert code == 1
        assert changed(doc, "actions") == {
            "A1": {"budget.q1": (800, 900)},
            "A7": {"actual.q3": (None, 45)},
            "A11": {"budget.q4": (4000, 3000)},
            "A12": {"budget.q4": (4000, 5000)},
        }
        others = [(i["key"], i["status"]) for i in doc["actions"] if i["status"] != "changed"]
        assert others == [("A15", "added"), ("A6", "removed")]
        added = {c["field"]: c["new"] for c in doc["actions"][-2]["changes"]}
        assert (added["title"], added["owner"], added["objectives"], added["kpis"]) == (
            "Salon de la puériculture", "Zoé", ["O5"], ["K6"])  # fmt: skip
        assert (added["budget.q2"], added["budget.q3"], added["actual.q2"]) == (300, 1200, 250)
        assert changed(doc, "kpis") == {
            "K1": {"target": (200000, 250000), "actual.q3": (None, 15000)}
        }
        assert changed(doc, "objectives") == {
            "O3": {"title": ("Commencer à acquérir doucement des clients",
                             "Acquérir les premiers clients")}
        }  # fmt: skip
        assert doc["plan"] == [] and doc["owners"] == [] and doc["matched_by_title"] == []
        # Planned: Q1 1 250 + 100 (A1) = 1 350; Q2 3 030 - 2 500 (A6) + 300 (A15) = 830;
        # Q3 13 550 - 7 500 (A6) + 1 200 (A15) = 7 250; Q4 10 299 - 1 000 + 1 000 = 10 299;
        # 19 729 in all (28 129 + 100 - 10 000 + 1 500).
        after = {"Q1": 1350, "Q2": 830, "Q3": 7250, "Q4": 10299, "total": 19729}
        assert money(doc, "planned", "before") == BEFORE_PLANNED
        assert money(doc, "planned", "after") == after
        assert money(doc, "planned", "delta") == {"Q1": 100, "Q2": -2200, "Q3": -6300, "Q4": 0,
                                                  "total": -8400}  # fmt: skip
        # Actual: Q2 2 990 - 2 500 (A6) + 250 (A15) = 740; Q3 45 (A7); 4 320 - 2 500 + 295.
        assert money(doc, "actual", "before") == BEFORE_ACTUAL
        assert money(doc, "actual", "after") == {"Q1": 1330, "Q2": 740, "Q3": 45, "Q4": 0,
                                                 "total": 2115}  # fmt: skip
        # A11's 1 000 went to A12; A6's removed money pays for A15 (1 200 + 300) and A1's 100.
        moves = [(m["from"]["action"], m["from"]["period"], m["to"]["action"],
                  m["to"]["period"], m["amount"]) for m in doc["money"]["moves"]]  # fmt: skip
        assert moves == [
            ("A11", "Q4", "A12", "Q4", 1000),
            ("A6", "Q3", "A15", "Q3", 1200),
            ("A6", "Q3", "A15", "Q2", 300),
            ("A6", "Q3", "A1", "Q1", 100),
        ]
        assert doc["money"]["moved"] == 2600


def test_rows_without_an_id_are_paired_by_title(edited: dict[str, Path]) -> None:
    code, doc = _json(edited["built"], edited["no-ids"])
    assert code == 1
    assert doc["matched_by_title"] == ["action:A3"]  # (its ID cleared: same title, no change)
    assert changed(doc, "actions") == {}
    # The new row got A14 from the reader, A14's own row was deleted: not one action changed,
    # one added and one removed.
    assert [(i["key"], i["title"], i["status"]) for i in doc["actions"]] == [
        ("A14", "Kits de couture", "added"),
        ("A14", "Logiciel de gestion de la relation client (CRM)", "removed"),
    ]
    # Planned Q4: 10 299 - 600 (A14, CRM) + 700 (kits) = 10 399; 28 229 in all. The new row
    # took the CRM's id, but its money is not "moved" from the CRM's.
    assert money(doc, "planned", "after") == BEFORE_PLANNED | {"Q4": 10399, "total": 28229}
    assert doc["money"]["moves"] == []


def test_table_and_markdown_of_the_libreoffice_edits(edited: dict[str, Path]) -> None:
    args = ["diff", str(edited["built"]), str(edited["edited"]), "--as-of", AS_OF]
    table = CliRunner().invoke(main, args)
    assert table.exit_code == 1
    lines = table.stdout.splitlines()
    assert "Actions: 1 added, 1 removed, 4 changed" in lines
    assert "  ~ A1 Vidéo de présentation" in lines
    assert "      budget.q1: 800 → 900" in lines
    assert "  - A6 Création de la boutique en ligne mimine.fr par une agence" in lines
    assert "  + A15 Salon de la puériculture" in lines
    assert "      budget.q3: 1 200" in lines  # (A15's budget, under it)
    assert "Actions: 1 added, 1 removed, 4 changed" in lines
    keys = [line.split()[1] for line in lines if line.startswith(("  ~ A", "  + A", "  - A"))]
    assert keys == ["A1", "A7", "A11", "A12", "A15", "A6"]  # (changed, added, removed; by id)
    money_rows = {" ".join(line.split()[:2]): line.split()[2:] for line in lines}
    # (amounts with two decimals, as the report shows them)
    assert money_rows["planned delta"] == ["100.00", "-2,200.00", "-6,300.00", "0.00", "-8,400.00"]
    assert money_rows["actual after"] == ["1,330.00", "740.00", "45.00", "0.00", "2,115.00"]
    assert "Budget moved: 2,600.00" in lines
    assert "  A11 Q4  A12 Q4  1,000.00" in lines
    md = CliRunner().invoke(main, [*args, "--format", "markdown"]).stdout
    assert "| changed | A1 Vidéo de présentation | budget.q1 | 800 | 900 |" in md
    assert "| planned delta | 100.00 | -2,200.00 | -6,300.00 | 0.00 | -8,400.00 |" in md


def test_table_and_markdown_of_owners_and_a_plan_whose_money_did_not_change() -> None:
    # Camille joins, Zoé leaves, the envelope grows: not one action's money changed.
    new = mimine(
        plan={"envelope": {"amount": 35000},
              "owners": [{"name": "Arnaud"}, {"name": "Camille", "role": "Stagiaire"}]},
        A1={"owner": "Arnaud"}, A2={"owner": "Arnaud"}, A8={"owner": "Arnaud"},
        A9={"owner": "Arnaud"}, A10={"owner": "Arnaud"}, A12={"owner": "Arnaud"},
    )  # fmt: skip
    found = xlplan.diff(MIMINE, new, as_of=DAY)
    table = render(found, "table").splitlines()
    start = table.index("Owners: 1 added, 1 removed, 1 changed")
    # An owner is its name: said once, and an added one's role under it.
    assert table[start + 1 :] == [
        "  ~ Arnaud",
        "      role: Cofondateur — ventes, e-mailing et publicité → —",
        "  + Camille",
        "      role: Stagiaire",
        "  - Zoé",
        "",
        "Money: no change (planned 28,129.00, actual 4,320.00)",  # (BEFORE_PLANNED, _ACTUAL)
    ]
    md = render(found, "markdown").splitlines()
    assert md[-1] == "No change (planned 28,129.00, actual 4,320.00)."
    assert "| added | Camille | role |  | Stagiaire |" in md


def test_money_in_another_currency_is_said_to_be_compared_as_plain_numbers() -> None:
    new = mimine(plan={"currency": "GBP"}, A1={"budget": {"q1": 900}})
    found = xlplan.diff(MIMINE, new, as_of=DAY)
    table = render(found, "table").splitlines()
    assert "Money (EUR before, GBP after: compared as plain numbers):" in table
    assert "  planned delta     100.00      0.00       0.00       0.00     100.00" in table
    md = render(found, "markdown").splitlines()
    assert md[md.index("## Money") + 2] == "EUR before, GBP after: compared as plain numbers."
    same = render(xlplan.diff(MIMINE, mimine(A1={"budget": {"q1": 900}})), "table")
    assert "\nMoney:\n" in same


# --- command line ------------------------------------------------------------------------------
def test_unusable_input_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    bad = tmp_path / "notes.xlsx"
    bad.write_text("a,b\n1,2\n", "utf-8")
    broken = tmp_path / "plan.yaml"
    broken.write_text("name: [unclosed\n", "utf-8")
    for args in ([str(MIMINE), str(bad)], [str(broken), str(MIMINE)],
                 [str(MIMINE), str(tmp_path / "missing.xlsx")]):  # fmt: skip
        result = CliRunner().invoke(main, ["diff", *args])
        assert result.exit_code == 2, result.output
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.output
    assert bad.read_text("utf-8") == "a,b\n1,2\n"  # (never modified)


def test_the_command_line_diff_does_not_import_pandas(tmp_path: Path) -> None:
    new = tmp_path / "new.yaml"
    xlplan.save_plan(mimine(A1={"budget": {"q1": 900}}), new)
    script = "\n".join(
        [
            "import sys",
            "from xlplan.cli import main",
            "try:",
            f"    main(['diff', {str(MIMINE)!r}, {str(new)!r}, '--format', 'json'])",
            "except SystemExit as exit:",
            "    code = exit.code",
            "print(sorted(m for m in ('pandas', 'numpy') if m in sys.modules))",
            "print(code)",
        ]
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    *_, imported, code = done.stdout.splitlines()
    assert (imported, code) == ("[]", "1")


def test_the_python_api_gives_dataframes() -> None:
    found = xlplan.diff(MIMINE, mimine(A11={"budget": {"q3": 6000, "q4": 3000}},
                                       A12={"budget": {"q4": 5000}}), as_of=DAY)  # fmt: skip
    assert isinstance(found, Diff)
    totals = found.totals.set_index(["money", "period"])
    assert totals.loc[("planned", "Q4"), "before"] == 10299.0
    assert totals.loc[("planned", "Q4"), "delta"] == 0.0
    assert found.moves.to_dict("records") == [
        {"from_action": "A11", "from_period": "Q4", "to_action": "A12", "to_period": "Q4",
         "amount": 1000.0}
    ]  # fmt: skip
    changes = found.changes
    assert list(changes.columns) == ["kind", "key", "title", "status", "matched_by", "field",
                                     "old", "new"]  # fmt: skip
    assert changes[["key", "field"]].values.tolist() == [["A11", "budget.q4"], ["A12", "budget.q4"]]
