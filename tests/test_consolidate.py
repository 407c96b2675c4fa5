"""`xlplan consolidate`: the Mimine (seed 001, marketing, 2024, EUR), Bob (seed 002, commercial,
2023, EUR) and Northwind Coffee (English, fiscal year from April 2025, GBP) plans as one company
plan. Every expected figure is worked out by hand below from the plan files' seed figures."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result
from conftest import ROOT
from sheets import error_cells, load, mismatches

import xlplan
from xlplan.cli import main
from xlplan.consolidation import ConsolidationError

SAMPLES = ROOT / "samples"
MIMINE, BOB, NORTHWIND = (SAMPLES / f"{n}.yaml" for n in ("mimine", "bob", "northwind-coffee"))
RATES, MAP = SAMPLES / "company" / "rates.yaml", SAMPLES / "company" / "map.yaml"

# --- the seed figures, by hand ---------------------------------------------------------------
# Mimine, per quarter: Q1 video 800 + photos 450; Q2 Etsy boost 500 + site deposit 2 500 +
# newsletter 30; Q3 site balance 7 500 + newsletter 50 + ads 6 000; Q4 newsletter 199 + ads
# 4 000 + influencers 4 000 + 1 500 + 600. Actual: Q1 880 + 450 (+ 0); Q2 460 + 2 500 + 30.
MIMINE_PLANNED = [800 + 450, 500 + 2500 + 30, 7500 + 50 + 6000, 199 + 4000 + 4000 + 1500 + 600]
MIMINE_ACTUAL = [880 + 450 + 0, 460 + 2500 + 30, 0, 0]
# Bob: training 12 000, leaflets 9 000 + 3 000, CRM 600 a quarter, field tours 1 500 then 4 500,
# distributor events 0 / 2 000 / 2 000 / 2 500, web form 2 500, e-mails and social 600 and 500
# from Q2, loyalty 1 500 + 2 000. No actual spend yet.
BOB_PLANNED = [
    12000 + 9000 + 600 + 1500,
    600 + 4500 + 2000 + 2500 + 600 + 500,
    3000 + 600 + 4500 + 2000 + 600 + 500 + 1500,
    600 + 4500 + 2500 + 600 + 500 + 2000,
]
# Northwind (GBP): shop 3 500, photos 1 200, packaging 1 500, QR cards 300, newsletter 60 a
# quarter, subscription 0 / 800 / 800 / 600, ads 0 / 2 000 / 3 500 / 1 500, gift boxes Q3 1 200.
# Actual Q1: 3 950 + 1 200 + 1 380 + 280 + 60. Envelope: 8 % of £250 000.
NORTHWIND_PLANNED = [
    3500 + 1200 + 1500 + 300 + 60,
    60 + 800 + 2000,
    60 + 800 + 3500 + 1200,
    60 + 600 + 1500,
]
NORTHWIND_ACTUAL = [3950 + 1200 + 1380 + 280 + 60, 0, 0, 0]
GBP = Decimal("1.2")  # samples/company/rates.yaml


def _gbp(value: int) -> Decimal:
    return value * GBP


COMPANY_PLANNED = [
    m + b + _gbp(n) for m, b, n in zip(MIMINE_PLANNED, BOB_PLANNED, NORTHWIND_PLANNED, strict=True)
]
COMPANY_ACTUAL = [m + _gbp(n) for m, n in zip(MIMINE_ACTUAL, NORTHWIND_ACTUAL, strict=True)]
COMPANY_ENVELOPE = 30000 + 60000 + _gbp(250000 * 8 // 100)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def refused(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def quarters(values: list[Any]) -> dict[str, float]:
    return {f"Q{n}": float(v) for n, v in enumerate(values, 1)} | {"total": float(sum(values))}


@pytest.fixture(scope="module")
def company() -> xlplan.Consolidation:
    return xlplan.consolidate([MIMINE, BOB, NORTHWIND], mapping=MAP, rates=RATES, year=2024)


# --- the company plan --------------------------------------------------------------------------
def test_hand_checks_of_the_seed_figures() -> None:
    assert sum(MIMINE_PLANNED) == 28129  # the Mimine plan file's comment: "28 129 € prévus"
    assert sum(MIMINE_ACTUAL) == 4320  # K2's comment: "4 320 € dépensés à fin juin"
    assert sum(BOB_PLANNED) == 57200


def test_three_plans_make_one_company_plan(company: xlplan.Consolidation) -> None:
    plan = company.plan
    assert (plan.fiscal_year_start, plan.currency) == (dt.date(2024, 1, 1), "EUR")
    assert [a.budget.total for a in plan.actions] != []
    for i, expected in enumerate(COMPANY_PLANNED):
        assert sum(a.budget.values()[i] for a in plan.actions) == expected
    for i, expected in enumerate(COMPANY_ACTUAL):
        assert sum(a.actual.values()[i] or 0 for a in plan.actions) == expected
    assert plan.envelope_total == COMPANY_ENVELOPE == 114000
    assert len(plan.actions) == 14 + 10 + 10
    # IDs prefixed by each plan's team (the map file's codes); each action keeps its team.
    assert [a.id for a in plan.actions[:2]] == ["MKT-A1", "MKT-A2"]
    assert plan.actions[14].id == "COM-A1" and plan.actions[-1].id == "NWC-A10"
    assert [a.team for a in plan.actions].count("COM") == 10
    assert {a.team for a in plan.actions} == {"MKT", "COM", "NWC"}
    # Owners merged by name (no name is shared here: 2 + 4 + 3), each with its plan.
    assert [(o.name, o.team) for o in plan.owners][:3] == [
        ("Arnaud", "MKT"),
        ("Zoé", "MKT"),
        ("X", "COM"),
    ]
    assert len(plan.owners) == 9
    # Dates move with the fiscal year: Bob's 2023 is the company's 2024, Northwind's year from
    # April 2025 too (15 months back): its gift boxes end on 19 December 2025 -> 19 Sept. 2024.
    assert plan.actions[14].end == dt.date(2024, 2, 10)
    assert plan.actions[-1].end == dt.date(2024, 9, 19)
    by_id = {s.team: s for s in company.sources}
    assert (by_id["COM"].months_moved, by_id["NWC"].months_moved) == (12, -15)
    assert by_id["NWC"].rate == GBP and by_id["NWC"].envelope == 24000


def test_objectives_and_kpis_stay_per_plan_unless_mapped(company: xlplan.Consolidation) -> None:
    plan = company.plan
    ids = [o.id for o in plan.objectives]
    assert len(ids) == 7 + 3 - 1 + len(xlplan.load_plan(NORTHWIND).objectives)
    assert "COM-O3" not in ids and "MKT-O6" in ids and "COM-O1" in ids
    assert len(plan.kpis) == 13 + 10 + len(xlplan.load_plan(NORTHWIND).kpis)
    kpis = {k.id: k for k in plan.kpis}
    assert kpis["COM-K5"].objective == "MKT-O6" and kpis["MKT-K1"].objective == "MKT-O7"
    actions = {a.id: a for a in plan.actions}
    assert actions["COM-A4"].objectives == ["COM-O1", "MKT-O6"]
    assert actions["COM-A10"].objectives == ["MKT-O6"]
    # The merged objective's budget: Mimine's newsletter 0+30+50+199 and A14's 600, Bob's
    # loyalty programme 1 500 + 2 000 (actions count towards their main objective).
    by_objective = {r["objective"]: r for r in _report_of(plan)["by_objective"]}
    assert by_objective["MKT-O6"]["planned"] == 279 + 600 + 3500
    assert by_objective["MKT-O6"]["actions"] == 3


def _report_of(plan: xlplan.Plan, as_of: dt.date = dt.date(2024, 7, 1)) -> dict[str, Any]:
    from xlplan.report import document, figures

    return document("company", plan, figures(plan, as_of), [])


def test_refusals_are_one_line_and_exit_2(tmp_path: Path) -> None:
    line = refused(run("consolidate", MIMINE, BOB))
    assert "different fiscal years" in line and "--year" in line and "bob.yaml" in line
    line = refused(run("consolidate", MIMINE, NORTHWIND, "--year", "2024"))
    assert "different currencies" in line and "GBP" in line and "--rates" in line
    no_gbp = tmp_path / "rates.yaml"
    no_gbp.write_text("USD: 0.9\n", encoding="utf-8")
    line = refused(run("consolidate", MIMINE, NORTHWIND, "--year", "2024", "--rates", no_gbp))
    assert "GBP" in line and "northwind-coffee.yaml" in line
    bad = tmp_path / "map.yaml"
    bad.write_text("objectives: {COM-O9: MKT-O1}\n", encoding="utf-8")
    line = refused(run("consolidate", MIMINE, BOB, "--year", "2024", "--map", bad))
    assert "COM-O9" in line and str(bad) in line
    line = refused(run("consolidate", MIMINE, tmp_path / "missing.yaml"))
    assert "missing.yaml" in line
    assert list(tmp_path.glob("*.xlsx")) == []


def test_an_output_among_the_inputs_is_refused_whatever_force_says(tmp_path: Path) -> None:
    team = tmp_path / "team"
    team.mkdir()
    for sample in (MIMINE, BOB):
        (team / sample.name).write_bytes(sample.read_bytes())
    company = team / "company.xlsx"
    assert run("consolidate", team, "--year", "2024", "-o", company).exit_code == 0
    before = company.read_bytes()
    # the second run would read the first run's company workbook as one more team's plan
    line = refused(run("consolidate", team, "--year", "2024", "-o", company, "--force"))
    assert "is the input" in line and "company.xlsx" in line
    line = refused(run("consolidate", team / "mimine.yaml", "-o", team / "mimine.yaml", "--force"))
    assert "is the input" in line
    assert company.read_bytes() == before
    assert (team / "mimine.yaml").read_bytes() == MIMINE.read_bytes()


def test_the_map_and_rates_files_are_inputs_too(tmp_path: Path) -> None:
    mapping, rates = tmp_path / "map.yaml", tmp_path / "rates.yaml"
    mapping.write_bytes(MAP.read_bytes())
    rates.write_bytes(RATES.read_bytes())
    plans = (MIMINE, BOB, NORTHWIND, "--year", "2024", "--map", mapping, "--rates", rates)
    for given in (mapping, rates):
        line = refused(run("consolidate", *plans, "-o", given, "--force"))
        assert "is the input" in line and given.name in line
    assert mapping.read_bytes() == MAP.read_bytes() and rates.read_bytes() == RATES.read_bytes()


def test_json_output_traces_each_action_to_its_source_cell(tmp_path: Path) -> None:
    mimine = xlplan.build(xlplan.load_plan(MIMINE), tmp_path / "mimine.xlsx")
    result = run("consolidate", mimine, BOB, "--year", "2024", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["totals"]["planned"] == quarters(
        [m + b for m, b in zip(MIMINE_PLANNED, BOB_PLANNED, strict=True)]
    )
    assert doc["totals"]["envelope"] == 90000
    first = doc["actions"][0]
    assert first["id"] == "MIMINE-A1" and first["team"] == "MIMINE"
    assert first["origin"] == {
        "file": str(mimine),
        "id": "A1",
        "sheet": "Plan d'action",
        "cell": "A5",
        "path": "actions[0]",
    }
    bob = doc["actions"][14]
    assert bob["id"] == "BOB-A1" and bob["origin"]["file"] == str(BOB)
    line = BOB.read_text("utf-8").splitlines().index("  - id: A1") + 1  # its first line
    assert bob["origin"]["cell"] == f"line {line}" and bob["origin"]["sheet"] == ""
    assert [s["team"] for s in doc["sources"]] == ["MIMINE", "BOB"]
    schema = json.loads((ROOT / "docs" / "consolidate.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(doc)
    table = run("consolidate", mimine, BOB, "--year", "2024")
    assert table.exit_code == 0 and "85,329.00" in table.stdout  # 28 129 + 57 200


def test_a_problem_in_a_source_names_its_file_sheet_and_cell(tmp_path: Path) -> None:
    bob = xlplan.build(xlplan.load_plan(BOB), tmp_path / "bob.xlsx")
    wb = load(bob)
    wb["Plan d'action"]["O6"] = "douze mille"  # Budget T1 of the training (A2), typed as words
    wb.save(bob)
    result = run("consolidate", MIMINE, bob, "--year", "2024", "--format", "json")
    assert result.exit_code == 1, result.output
    assert f"error: {bob}: Plan d'action!O6:" in result.stderr
    doc = json.loads(result.stdout)
    assert doc["problems"][0]["file"] == str(bob)
    schema = json.loads((ROOT / "docs" / "consolidate.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(doc)


# --- the company workbook ------------------------------------------------------------------------
def _report(path: Path, as_of: str) -> dict[str, Any]:
    result = run("report", path, "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_report_of_the_company_workbook_is_the_sum_of_the_reports(tmp_path: Path) -> None:
    mimine = xlplan.build(xlplan.load_plan(MIMINE), tmp_path / "mimine.xlsx")
    bob = xlplan.build(xlplan.load_plan(BOB), tmp_path / "bob.xlsx")
    out = tmp_path / "company.xlsx"
    result = run("consolidate", mimine, bob, "--year", "2024", "-o", out, "--as-of", "2024-07-01")
    assert result.exit_code == 0, result.output
    ours, theirs = _report(mimine, "2024-07-01"), _report(bob, "2023-07-01")  # (Bob's year moved)
    company = _report(out, "2024-07-01")
    for key in ("planned", "actual"):
        assert company["totals"][key] == {
            q: ours["totals"][key][q] + theirs["totals"][key][q] for q in ours["totals"][key]
        }
    assert company["totals"]["planned"]["total"] == 28129 + 57200
    assert company["totals"]["envelope"] == 30000 + 60000
    assert len(company["late_actions"]) == len(ours["late_actions"]) + len(theirs["late_actions"])
    owners = {o["owner"]: o["planned"] for r in (ours, theirs) for o in r["by_owner"]}
    assert {o["owner"]: o["planned"] for o in company["by_owner"]} == owners
    assert company["problems"] == []
    assert company["by_team"] == [
        {
            "team": "MIMINE",
            "actions": 14,
            "planned": 28129,
            "actual": 4320,
            "late": len(ours["late_actions"]),
        },
        {
            "team": "BOB",
            "actions": 10,
            "planned": 57200,
            "actual": 0,
            "late": len(theirs["late_actions"]),
        },
    ]
    assert "by_team" not in ours
    table = run("report", out, "--as-of", "2024-07-01").stdout
    assert "By team:" in table and "MIMINE" in table and "57,200.00" in table
    jsonschema.validate(company, json.loads((ROOT / "docs" / "report.schema.json").read_text()))
    # `check` too: the company's totals and findings are the sources', summed.
    checked = [
        json.loads(run("check", path, "--as-of", day, "--format", "json").stdout)["files"][0]
        for path, day in ((mimine, "2024-07-01"), (bob, "2023-07-01"), (out, "2024-07-01"))
    ]
    assert checked[2]["planned_total"] == checked[0]["planned_total"] + checked[1]["planned_total"]
    assert checked[2]["actual_total"] == 4320 and checked[2]["envelope"] == 90000
    for rule in ("overrun", "late", "kpi"):
        found = [sum(f["rule"] == rule for f in c["findings"]) for c in checked]
        assert found[2] == found[0] + found[1], rule
    # import gives back the company plan, refresh keeps its teams.
    back = tmp_path / "company.yaml"
    assert run("import", out, "-o", back).exit_code == 0
    again = xlplan.load_plan(back)
    assert [a.team for a in again.actions] == ["MIMINE"] * 14 + ["BOB"] * 10
    assert [a.id for a in again.actions][13:15] == ["MIMINE-A14", "BOB-A1"]
    fresh = tmp_path / "fresh.xlsx"
    assert run("refresh", out, "-o", fresh).exit_code == 0
    assert xlplan.read(fresh).plan == xlplan.read(out).plan


def test_company_workbook_round_trips_with_its_teams(
    company: xlplan.Consolidation, tmp_path: Path
) -> None:
    path = xlplan.build(company.plan, tmp_path / "company.xlsx", as_of=dt.date(2024, 7, 1))
    result = xlplan.read(path)
    assert result.problems == []
    assert result.plan == company.plan
    wb = load(path)
    for sheet in ("Plan d'action", "Suivi budgétaire", "Responsables", "Rétroplanning"):
        assert "Plan / Équipe" in [c.value for c in wb[sheet][4]], sheet
    # The dashboard's spend-by-team block: one row per team, in the plans' order.
    dash = wb["Synthèse"]
    assert [dash.cell(r, 1).value for r in (49, 50, 51)] == ["MKT", "COM", "NWC"]
    # A single plan's workbook has no such column.
    single = load(xlplan.build(xlplan.load_plan(MIMINE), tmp_path / "mimine.xlsx"))
    assert "Plan / Équipe" not in [c.value for c in single["Plan d'action"][4]]


def test_libreoffice_recalculates_the_company_workbook(
    company: xlplan.Consolidation, tmp_path: Path
) -> None:
    from lo import recalculate_many

    built = [
        xlplan.build(company.plan, tmp_path / f"company.{lang}.xlsx", lang=lang, as_of=as_of)
        for lang, as_of in (("fr", dt.date(2024, 7, 1)), ("en", None))
    ]
    # An edit: Bob's training (COM-A2, 12 000 in Q1, row 20: 14 Mimine rows from row 5, then
    # COM-A1) moves to the marketing team in the Plan / Équipe column (Z).
    edited = tmp_path / "edited.xlsx"
    wb = load(built[0])
    assert wb["Plan d'action"]["A20"].value == "COM-A2"
    wb["Plan d'action"]["Z20"] = "MKT"
    wb.save(edited)
    fresh = recalculate_many([*built, edited], tmp_path / "lo")
    for path, recalculated in zip(built, fresh, strict=False):
        assert error_cells(recalculated) == []
        assert mismatches(path, recalculated) == []

    def team_rows(path: Path) -> dict[str, list[Any]]:
        ws = load(path, data_only=True)["Synthèse"]
        return {
            ws.cell(r, 1).value: [ws.cell(r, c).value for c in range(2, 7)] for r in (49, 50, 51)
        }

    # The budget-by-team block recalculated, by hand: Northwind's £ converted at 1.2.
    rows = team_rows(fresh[0])
    assert rows["MKT"][:3] == [14, sum(MIMINE_PLANNED), sum(MIMINE_ACTUAL)]
    assert rows["COM"][:3] == [10, sum(BOB_PLANNED), 0]
    assert rows["NWC"][:3] == [
        10,
        float(_gbp(sum(NORTHWIND_PLANNED))),
        float(_gbp(sum(NORTHWIND_ACTUAL))),
    ]
    # After the edit, the training's 12 000 counts for marketing.
    rows = team_rows(fresh[2])
    assert rows["MKT"][:2] == [15, sum(MIMINE_PLANNED) + 12000]
    assert rows["COM"][:2] == [9, sum(BOB_PLANNED) - 12000]
    assert error_cells(fresh[2]) == []
    assert [a.team for a in xlplan.read(fresh[2]).plan.actions].count("MKT") == 15


def test_hand_made_tables_keep_their_plan_column_and_are_consolidated(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan 2024"
    ws.append(["Action", "Responsable", "Plan / Équipe", "Budget T1", "Budget T2", "Début"])
    ws.append(["Salon", "Ana", "COM", 100, 200, dt.datetime(2024, 3, 1)])
    ws.append(["Pub", "Arnaud", "MKT", 50, 0, dt.datetime(2024, 4, 1)])
    path = tmp_path / "equipes.xlsx"
    wb.save(path)
    read = xlplan.read(path)
    assert [(a.title, a.team) for a in read.plan.actions] == [("Salon", "COM"), ("Pub", "MKT")]
    # With Mimine: its Arnaud and the table's are one owner, in both plans.
    result = xlplan.consolidate([MIMINE, path], teams={"equipes.xlsx": "SHOP"})
    assert result.origins[-1].sheet == "Plan 2024" and result.origins[-1].cell == "A3"
    owners = {o.name: o.team for o in result.plan.owners}
    assert owners["Arnaud"] == "MIMINE, SHOP" and owners["Ana"] == "SHOP"
    assert result.plan.actions[-1].id == "SHOP-A2"
    assert sum(a.budget.total for a in result.plan.actions) == 28129 + 100 + 200 + 50


def test_folders_envelope_and_kpi_map(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    xlplan.build(xlplan.load_plan(MIMINE), folder / "mimine.xlsx", lang="en")
    (folder / "bob.yaml").write_bytes(BOB.read_bytes())
    (folder / "~$mimine.xlsx").write_bytes(b"lock")  # Excel's lock file: skipped
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "kpis: {BOB-K5: MIMINE-K10}\nactions: {MIMINE-A6: SITE-1}\n", encoding="utf-8"
    )
    result = xlplan.consolidate(
        [folder], mapping=mapping, start=dt.date(2024, 1, 1), envelope=100000, lang="en"
    )
    assert [s.team for s in result.sources] == ["BOB", "MIMINE"]  # (the folder, sorted)
    assert [s.kind for s in result.sources] == ["plan file", "workbook"]
    assert result.plan.envelope_total == 100000
    kpis = [k.id for k in result.plan.kpis]
    assert "BOB-K5" not in kpis and len(kpis) == 10 - 1 + 13
    assert next(a for a in result.plan.actions if a.id == "BOB-A8").kpis[:1] == ["MIMINE-K10"]
    site = next(o for o in result.origins if o.id == "SITE-1")  # (the map renames MIMINE-A6)
    assert (site.team, site.source_id, site.sheet) == ("MIMINE", "A6", "Action plan")
    clash = tmp_path / "clash.yaml"
    clash.write_text("actions: {MIMINE-A1: MIMINE-A2}\n", encoding="utf-8")
    line = refused(run("consolidate", folder, "--year", "2024", "--map", clash))
    assert "'MIMINE-A2' would be the ID of two actions" in line
    # The English workbook's Plan / Team column reads back.
    path = xlplan.build(result.plan, tmp_path / "company.xlsx")
    assert load(path)["Action plan"].cell(4, 26).value == "Plan / Team"
    assert xlplan.read(path).plan == result.plan


def test_an_owner_s_team_alone_round_trips(tmp_path: Path) -> None:
    plan = xlplan.load_plan(BOB)
    plan.owners[0].team = "Ventes"  # typed in a plan file; no action has a team
    path = xlplan.build(plan, tmp_path / "bob.xlsx")
    assert xlplan.read(path).plan == plan
    assert load(path)["Synthèse"].cell(47, 1).value is None  # no budget-by-team block


# --- the rates in the company workbook -----------------------------------------------------------
# Mimine (EUR) + Northwind Coffee (GBP at 1.2): the Guide's rates table, from row 13 in D:F —
# title, two lines of note, header, then the company currency at 1 and each rate, with the teams
# in each.
RATES_ROWS = {"EUR": 17, "GBP": 18}


@pytest.fixture(scope="module")
def mimine_northwind() -> xlplan.Consolidation:
    return xlplan.consolidate(
        [MIMINE, NORTHWIND],
        teams={"mimine.yaml": "MKT", "northwind-coffee.yaml": "NWC"},
        rates=RATES,
        year=2024,
    )


def test_the_guide_shows_the_rates_and_import_reads_them_back(
    mimine_northwind: xlplan.Consolidation, tmp_path: Path
) -> None:
    plan = mimine_northwind.plan
    assert (plan.rates, plan.team_currencies) == ({"GBP": GBP}, {"MKT": "EUR", "NWC": "GBP"})
    for lang, title, header in (
        ("fr", "Taux de change", ["Devise", "Taux en EUR", "Plan / Équipe"]),
        ("en", "Exchange rates", ["Currency", "Rate in EUR", "Plan / Team"]),
    ):
        path = xlplan.build(plan, tmp_path / f"company.{lang}.xlsx", lang=lang)
        guide = load(path).worksheets[0]
        assert guide["D13"].value == title
        assert [c.value for c in guide[16][3:6]] == header
        assert [c.value for c in guide[RATES_ROWS["EUR"]][3:6]] == ["EUR", 1, "MKT"]
        assert [c.value for c in guide[RATES_ROWS["GBP"]][3:6]] == ["GBP", 1.2, "NWC"]
        read = xlplan.read(path)
        assert read.problems == []
        assert (read.plan.rates, read.plan.team_currencies) == (plan.rates, plan.team_currencies)
        assert read.plan == plan.model_copy(update={"language": lang})
    # `import` gives them back in the plan file, `refresh` keeps them, `diff` sees a new rate.
    back = tmp_path / "company.yaml"
    assert run("import", path, "-o", back).exit_code == 0
    assert "GBP: 1.2" in back.read_text("utf-8")
    assert xlplan.load_plan(back).rates == {"GBP": GBP}
    fresh = tmp_path / "fresh.xlsx"
    assert run("refresh", path, "-o", fresh).exit_code == 0
    assert xlplan.read(fresh).plan == xlplan.read(path).plan
    wb = load(path)
    wb.worksheets[0]["E18"] = 1.25
    wb.save(edited := tmp_path / "edited.xlsx")
    changed = run("diff", path, edited, "--format", "json")
    assert changed.exit_code == 1, changed.output
    assert json.loads(changed.stdout)["plan"] == [{"field": "rates.GBP", "old": 1.2, "new": 1.25}]
    # A single plan's workbook has no rates table, and its plan no rates.
    single = xlplan.build(xlplan.load_plan(NORTHWIND), tmp_path / "northwind.xlsx")
    assert load(single).worksheets[0]["D13"].value is None
    assert xlplan.read(single).plan.rates == {}


def test_a_bad_rates_table_is_a_problem_at_its_cell(
    mimine_northwind: xlplan.Consolidation, tmp_path: Path
) -> None:
    path = xlplan.build(mimine_northwind.plan, tmp_path / "company.xlsx")
    wb = load(path)
    wb.worksheets[0]["E18"] = "un virgule deux"
    wb.worksheets[0]["B20"] = "Taux de change"  # (a business so named is not the table's title)
    wb.save(path)
    result = xlplan.read(path)
    assert [(p.sheet, p.cell, p.code) for p in result.problems][:1] == [
        ("Mode d'emploi", "E18", "cell-unreadable")
    ]
    # The row is left out (one problem, at the rate): no rate, and NWC gets no currency.
    assert result.plan.rates == {} and "NWC" not in result.plan.team_currencies
    assert len(result.problems) == 1 and result.plan.team_currencies == {"MKT": "EUR"}


def test_report_of_a_converted_company_is_the_sum_of_the_reports(
    mimine_northwind: xlplan.Consolidation, tmp_path: Path
) -> None:
    path = xlplan.build(mimine_northwind.plan, tmp_path / "company.xlsx")
    company = _report(path, "2024-07-01")
    # Northwind's year from April 2025 is the company's 2024: 1 July 2024 is 1 October 2025.
    mimine = xlplan.build(xlplan.load_plan(MIMINE), tmp_path / "mimine.xlsx")
    northwind = xlplan.build(xlplan.load_plan(NORTHWIND), tmp_path / "northwind.xlsx")
    ours, theirs = _report(mimine, "2024-07-01"), _report(northwind, "2025-10-01")
    for key in ("planned", "actual"):
        assert company["totals"][key] == {
            q: float(Decimal(str(ours["totals"][key][q])) + theirs["totals"][key][q] * GBP)
            for q in ours["totals"][key]
        }
    assert company["totals"]["planned"]["total"] == 28129 + float(_gbp(sum(NORTHWIND_PLANNED)))


def test_a_rate_changed_in_libreoffice_recalculates_the_own_currency_figures(
    mimine_northwind: xlplan.Consolidation, tmp_path: Path
) -> None:
    from lo_uno import edit_many

    path = xlplan.build(mimine_northwind.plan, tmp_path / "company.xlsx", as_of=dt.date(2024, 7, 1))
    guide = load(path).worksheets[0].title
    gbp = RATES_ROWS["GBP"]
    as_built, changed, moved = edit_many(
        [
            (path, tmp_path / "recalculated.xlsx", []),
            (
                path,
                tmp_path / "changed.xlsx",
                [{"op": "set", "sheet": guide, "cell": f"E{gbp}", "value": 1.5}],
            ),
            (  # two rows inserted above the table first: its rate is then on row 20
                path,
                tmp_path / "moved.xlsx",
                [
                    {"op": "insert_rows", "sheet": guide, "row": 12, "count": 2},
                    {"op": "set", "sheet": guide, "cell": f"E{gbp + 2}", "value": 1.5},
                ],
            ),
        ]
    )

    def by_team(edited: Any) -> dict[str, list[Any]]:
        """Team -> planned, actual (company currency), currency, rate, planned and actual in
        its own currency: the dashboard's rows 49-50, columns C, D and H to K."""
        rows = edited.values("Synthèse")
        return {rows[r][0]: [*rows[r][2:4], *rows[r][7:11]] for r in (48, 49)}

    assert as_built.errors() == {} and changed.errors() == {}
    # By hand: Northwind's pounds are the company's euros / 1.2, Mimine's euros stay euros.
    nwc_planned, nwc_actual = sum(NORTHWIND_PLANNED), sum(NORTHWIND_ACTUAL)
    assert (nwc_planned, nwc_actual) == (17140, 6870)
    rows = by_team(as_built)
    assert rows["MKT"] == [28129, 4320, "EUR", 1, 28129, 4320]
    assert rows["NWC"][:4] == [20568, 8244, "GBP", 1.2]  # 17 140 × 1.2, 6 870 × 1.2
    assert rows["NWC"][4:] == [pytest.approx(nwc_planned), pytest.approx(nwc_actual)]
    # The cached values xlplan wrote are LibreOffice's.
    assert mismatches(path, as_built.path) == []
    # At 1.5 the company's euros stay (amounts were converted once); in pounds 20 568 / 1.5
    # = 13 712 and 8 244 / 1.5 = 5 496.
    rows = by_team(changed)
    assert rows["NWC"] == [20568, 8244, "GBP", 1.5, pytest.approx(13712), pytest.approx(5496)]
    assert rows["MKT"] == [28129, 4320, "EUR", 1, 28129, 4320]
    assert by_team(moved) == rows and moved.errors() == {}
    for edited in (changed, moved):
        read = xlplan.read(edited.path)
        assert read.plan.rates == {"GBP": Decimal("1.5")}
        assert read.plan.team_currencies == {"MKT": "EUR", "NWC": "GBP"}
        assert [p for p in read.problems if p.severity == "error"] == []


def test_a_team_currency_needs_a_rate(tmp_path: Path) -> None:
    data = {"name": "Company", "year": 2024, "currency": "EUR"}
    plan_file = tmp_path / "company.yaml"
    plan_file.write_text(
        "name: Company\nyear: 2024\nrates: {EUR: 2}\nteam_currencies: {MKT: EUR, NWC: GBP}\n",
        encoding="utf-8",
    )
    with pytest.raises(xlplan.PlanValidationError) as caught:
        xlplan.load_plan(plan_file)
    found = {(p.line, p.path, p.code) for p in caught.value.problems}
    assert found == {
        (4, "team_currencies.NWC", "reference-unknown"),  # GBP: no rate
        (3, "rates.EUR", "field-invalid"),  # the plan's own currency is worth 1
    }
    plan = xlplan.Plan(**data, rates={"GBP": 1.2}, team_currencies={"NWC": "GBP"})
    assert plan.rates == {"GBP": GBP}
    with pytest.raises(ValueError, match="greater than 0"):
        xlplan.Plan(**data, rates={"GBP": 0})


def test_rates_given_as_decimals_and_the_company_currency_named(
    company: xlplan.Consolidation,
) -> None:
    # The API takes Decimal rates (its signature says so), and --currency with a rates file.
    given = xlplan.consolidate([MIMINE, BOB, NORTHWIND], mapping=MAP, rates={"GBP": GBP}, year=2024)
    assert given.plan == company.plan and given.rates == {"GBP": GBP}
    named = xlplan.consolidate(
        [MIMINE, BOB, NORTHWIND], mapping=MAP, rates=RATES, currency="EUR", year=2024
    )
    assert named.plan == company.plan
    result = run(
        "consolidate",
        MIMINE,
        BOB,
        NORTHWIND,
        "--year",
        "2024",
        "--map",
        MAP,
        "--rates",
        RATES,
        "--currency",
        "EUR",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["totals"]["envelope"] == 114000  # 30 000 + 60 000 + 24 000


def test_an_envelope_that_is_no_amount_is_refused_in_one_line() -> None:
    for bad in ("nan", "inf"):
        line = refused(run("consolidate", MIMINE, BOB, "--year", "2024", "--envelope", bad))
        assert "envelope" in line and bad in line.lower()
    with pytest.raises(ConsolidationError, match="envelope"):
        xlplan.consolidate([MIMINE], envelope=-1)
    assert xlplan.consolidate([MIMINE], envelope=0).plan.envelope_total == 0


def test_a_rate_for_the_company_currency_itself_must_be_1(tmp_path: Path) -> None:
    rates = tmp_path / "rates.yaml"
    rates.write_text("EUR: 1.1\nGBP: 1.2\n", encoding="utf-8")  # (EUR is the company's)
    line = refused(run("consolidate", MIMINE, NORTHWIND, "--year", "2024", "--rates", rates))
    assert "rates.EUR" in line and "1.1" in line
    rates.write_text("EUR: 1\nGBP: 1.2\n", encoding="utf-8")
    result = xlplan.consolidate([MIMINE, NORTHWIND], rates=rates, year=2024)
    assert result.rates == {"GBP": GBP}
    assert result.plan.envelope_total == 30000 + _gbp(250000 * 8 // 100)


def test_the_map_and_rates_files_in_the_plans_folder_are_not_plans(tmp_path: Path) -> None:
    # The natural layout: the plans and the files that say how they meet, in one folder.
    folder = tmp_path / "company"
    folder.mkdir()
    for given in (MIMINE, BOB, NORTHWIND, MAP, RATES):
        (folder / given.name).write_bytes(given.read_bytes())
    options = ("--map", folder / "map.yaml", "--rates", folder / "rates.yaml")
    result = run("consolidate", folder, "--year", "2024", *options, "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [s["team"] for s in doc["sources"]] == ["COM", "MKT", "NWC"]  # (the folder, sorted)
    assert doc["totals"]["envelope"] == COMPANY_ENVELOPE
    assert doc["totals"]["planned"] == quarters(COMPANY_PLANNED)


def test_a_team_is_matched_as_its_text_not_as_a_pattern(tmp_path: Path) -> None:
    from lo import recalculate_many

    # Teams come from plan files and hand-made tables as people typed them: SUMIFS and
    # COUNTIFS would read A* as "starts with A" (AB too) and <>AB as "anything but AB".
    plan = xlplan.Plan(
        name="Teams",
        fiscal_year_start=dt.date(2024, 1, 1),
        actions=[
            {"title": "x", "team": "A*", "budget": {"q1": 100}, "end": dt.date(2024, 3, 1)},
            {"title": "y", "team": "AB", "budget": {"q1": 10}},
            {"title": "z", "team": "<>AB", "budget": {"q1": 1}, "actual": {"q1": 4}},
            {"title": "w", "team": "a?~", "budget": {"q2": 1000}},
        ],
        rates={"GBP": 2},  # A* in pounds: the rates table's lookup must not take AB for it
        team_currencies={"A*": "GBP", "AB": "EUR", "<>AB": "EUR", "a?~": "EUR"},
    )
    path = xlplan.build(plan, tmp_path / "teams.xlsx", as_of=dt.date(2024, 7, 1))
    fresh = recalculate_many([path], tmp_path / "lo")[0]
    assert error_cells(fresh) == [] and mismatches(path, fresh) == []
    ws = load(fresh, data_only=True)["Synthèse"]
    # team, actions, planned, actual, late (x ended on 1 March, not done)
    assert [[ws.cell(r, c).value for c in (1, 2, 3, 4, 6)] for r in (49, 50, 51, 52)] == [
        ["A*", 1, 100, 0, 1],
        ["AB", 1, 10, 0, 0],
        ["<>AB", 1, 1, 4, 0],
        ["a?~", 1, 1000, 0, 0],
    ]
    # currency, rate, planned and actual in the team's own currency (H to K): 100 € = £50
    assert [[ws.cell(r, c).value for c in (1, 8, 9, 10, 11)] for r in (49, 50)] == [
        ["A*", "GBP", 2, 50, 0],
        ["AB", "EUR", 1, 10, 0],
    ]


def test_a_plan_given_twice_is_refused(tmp_path: Path) -> None:
    # A folder and a file in it, the same file twice, a link to it: Mimine would count twice.
    folder = tmp_path / "plans"
    folder.mkdir()
    for sample in (MIMINE, BOB):
        (folder / sample.name).write_bytes(sample.read_bytes())
    (tmp_path / "link.yaml").symlink_to(folder / "bob.yaml")
    for twice in (
        (folder, folder / "mimine.yaml"),
        (folder / "mimine.yaml", folder / "mimine.yaml"),
        (folder, tmp_path / "link.yaml"),
    ):
        line = refused(run("consolidate", *twice, "--year", "2024"))
        assert "given twice" in line
    assert len(xlplan.consolidate([folder], year=2024).plan.actions) == 14 + 10


def test_the_table_stays_aligned_with_a_control_character_in_a_name(tmp_path: Path) -> None:
    odd = tmp_path / "mi\x1bne.yaml"  # (shown as mi\x1bne.yaml: 3 characters more)
    odd.write_bytes(MIMINE.read_bytes())
    result = run("consolidate", odd, BOB, "--year", "2024")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    head, rows = lines[2], lines[3:6]
    assert "\x1b" not in result.stdout and "mi\\x1bne.yaml" in rows[0]
    for row in rows:  # each figure ends where its header ends (right-aligned columns)
        for header in ("actions", "envelope"):
            end = head.index(header) + len(header)
            assert row[end - 1] != " " and row[end : end + 1] in ("", " "), (head, row)
