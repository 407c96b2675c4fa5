"""`xlplan refresh`: a team's workbook (or a hand-made table) rewritten as a fresh workbook.

Every figure compared here is worked out by hand from ``samples/mimine.yaml`` (quoted next to
it), never copied from xlplan's output.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import ROOT
from sheets import column, load

import xlplan
from xlplan.cli import main
from xlplan.refresh import refresh

D = Decimal
MIMINE = ROOT / "samples" / "mimine.yaml"

# The Mimine sample's figures (samples/mimine.yaml), by hand.
PLANNED_TOTAL = 28129  # 800 + 450 + 500 + 10 000 + 279 + 10 000 + 4 000 + 1 500 + 600
ACTUAL_TOTAL = 4320  # 880 + 450 + 460 + 2 500 + 0 + 30 (K2's comment: 4 320 € spent by June)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def report(path: Path) -> dict[str, object]:
    code, out, err = run("report", str(path), "--format", "json", "--as-of", "2024-06-30")
    assert code in (0, 1), err
    return json.loads(out)  # type: ignore[no-any-return]


@pytest.fixture
def edited(tmp_path: Path) -> Path:
    """Mimine built, then edited with openpyxl as a script would: an actual typed for A11,
    a new action A15 on the first free row, an extra column "Canal payant"."""
    built = xlplan.build(xlplan.load_plan(MIMINE), tmp_path / "mimine.xlsx")
    wb = load(built)
    ws = wb["Plan d'action"]
    rows = {ws.cell(r, 1).value: r for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value}
    free = max(rows.values()) + 1  # the first free row, below A14
    ws.cell(free, 1).value = "A15"
    ws[f"{column(ws, 'Action')}{free}"] = "Salon de la puériculture"
    ws[f"{column(ws, 'Objectif(s)')}{free}"] = "O5"
    ws[f"{column(ws, 'Responsable')}{free}"] = "Zoé"
    ws[f"{column(ws, 'Budget T3')}{free}"] = 1200
    extra = openpyxl.utils.get_column_letter(ws.max_column + 1)
    ws[f"{extra}4"] = "Canal payant"
    ws[f"{extra}{rows['A11']}"] = "oui"
    # Actual spend: on the action's own row (schema 2) or, in a version 1 workbook, on its
    # row of the budget sheet.
    headers = {c.value: c.column_letter for c in ws[4]}
    if "Réel T3" in headers:
        ws[f"{headers['Réel T3']}{rows['A11']}"] = 5800
    else:
        budget = wb["Suivi budgétaire"]
        budget[f"{column(budget, 'Réel T3')}{rows['A11']}"] = 5800
    wb.save(tmp_path / "edited.xlsx")
    return tmp_path / "edited.xlsx"


def test_refresh_keeps_every_typed_value(edited: Path, tmp_path: Path) -> None:
    before = edited.read_bytes()
    result = refresh(edited, tmp_path / "fresh.xlsx")
    assert edited.read_bytes() == before  # the source is only read
    assert result.errors == []
    doc = report(tmp_path / "fresh.xlsx")
    actions = {a["id"]: a for a in doc["actions"]}  # type: ignore[attr-defined]
    # A11: budget {q3: 6000, q4: 4000} and the 5 800 typed for Q3.
    assert actions["A11"]["planned"] == {"Q1": 0, "Q2": 0, "Q3": 6000, "Q4": 4000, "total": 10000}
    assert actions["A11"]["actual"]["Q3"] == 5800
    # A15: typed on the free row, 1 200 in Q3.
    assert actions["A15"]["planned"]["total"] == 1200
    assert actions["A15"]["owner"] == "Zoé"
    # A6 keeps its own actual ({q2: 2500}), A1 its 880 € of Q1 ({q1: 880}).
    assert actions["A6"]["actual"]["total"] == 2500
    assert actions["A1"]["actual"]["Q1"] == 880
    assert doc["totals"]["planned"]["total"] == PLANNED_TOTAL + 1200  # type: ignore[index]
    assert doc["totals"]["actual"]["total"] == ACTUAL_TOTAL + 5800  # type: ignore[index]
    plan = xlplan.read(tmp_path / "fresh.xlsx").plan
    by_id = {a.id: a for a in plan.actions}
    assert by_id["A11"].extra == {"Canal payant": "oui"}
    # Notes and KPI measures: A6's note and K1's [0, 9200], K11's [5430] from the plan file.
    assert by_id["A6"].notes == "Décision de créer la boutique prise au bout du 4e mois."
    kpis = {k.id: k for k in plan.kpis}
    assert (kpis["K1"].actual.q1, kpis["K1"].actual.q2) == (D(0), D(9200))
    assert kpis["K11"].actual.q1 == D(5430)
    # The fresh workbook has free rows again below the 15 actions, with their formulas.
    ws = load(tmp_path / "fresh.xlsx")["Plan d'action"]
    total = column(ws, "Total")
    assert str(ws[f"{total}20"].value).startswith("=")  # row 20: the first free row


def test_refresh_cli_in_english_writes_an_english_workbook(edited: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.xlsx"
    code, _, err = run("refresh", str(edited), "-o", str(fresh), "--lang", "en")
    assert code == 0, err
    assert err.strip().splitlines()[-1] == f"wrote {fresh}"
    assert "Action plan" in openpyxl.load_workbook(fresh, read_only=True).sheetnames
    doc = report(fresh)
    assert doc["totals"]["planned"]["total"] == PLANNED_TOTAL + 1200  # type: ignore[index]


def test_refresh_of_a_hand_made_table(tmp_path: Path) -> None:
    """The seed's layout: Action | Objectif | KPI | Responsable | Budget T1…T4."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws.append(["Plan d'action marketing — Mimine"])
    ws.append([])
    ws.append(
        ["Action", "Objectif", "KPI", "Responsable", "Budget T1", "Budget T2", "Budget T3",
         "Budget T4"]
    )  # fmt: skip
    ws.append(["Vidéo et photos de présentation", "Crowdfunding", "Montant collecté", "Zoé",
               1250, None, None, None])  # fmt: skip
    ws.append(["Boost des ventes sur Etsy", "Acquérir des clients", "Coût d'acquisition",
               "Arnaud", None, 500, None, None])  # fmt: skip
    ws.append(["Boutique mimine.fr", "Ouvrir les canaux", "Taux de conversion", "Arnaud",
               None, 2500, 7500, None])  # fmt: skip
    ws.append(["Newsletter", "Fidéliser", "Taux d'ouverture", "Arnaud", 0, 30, 50, 199])
    src = tmp_path / "table.xlsx"
    wb.save(src)
    before = src.read_bytes()
    fresh = tmp_path / "fresh.xlsx"
    code, _, err = run("refresh", str(src), "-o", str(fresh))
    assert code == 0, err
    assert src.read_bytes() == before
    doc = report(fresh)
    planned = {a["action"]: a["planned"]["total"] for a in doc["actions"]}  # type: ignore[attr-defined]
    # The article's figures: 1 250 € in Q1, 500 € boost, 10 000 € shop, 0+30+50+199 newsletter.
    assert planned == {
        "Vidéo et photos de présentation": 1250,
        "Boost des ventes sur Etsy": 500,
        "Boutique mimine.fr": 10000,
        "Newsletter": 279,
    }
    assert doc["totals"]["planned"]["total"] == 12029  # type: ignore[index]
    assert "_meta" in openpyxl.load_workbook(fresh, read_only=True).sheetnames


def test_refresh_refuses_what_it_cannot_do(edited: Path, tmp_path: Path) -> None:
    # Not a workbook: one line, exit 2, nothing written.
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    code, _, err = run("refresh", str(bad), "-o", str(tmp_path / "out.xlsx"))
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("Error: ")
    assert not (tmp_path / "out.xlsx").exists()
    # No such file.
    code, _, err = run("refresh", str(tmp_path / "missing.xlsx"), "-o", str(tmp_path / "o.xlsx"))
    assert (code, len(err.strip().splitlines())) == (2, 1)
    # An existing output without --force, and the source itself even with --force.
    before = edited.read_bytes()
    (tmp_path / "taken.xlsx").write_bytes(b"mine")
    code, _, err = run("refresh", str(edited), "-o", str(tmp_path / "taken.xlsx"))
    assert (code, (tmp_path / "taken.xlsx").read_bytes()) == (2, b"mine")
    assert "--force" in err
    code, _, err = run("refresh", str(edited), "-o", str(edited), "--force")
    assert code == 2
    assert edited.read_bytes() == before
    code, _, err = run("refresh", str(edited), "-o", str(tmp_path / "taken.xlsx"), "--force")
    assert code == 0, err


def test_refresh_lists_problems_and_exits_1_on_errors(edited: Path, tmp_path: Path) -> None:
    wb = load(edited)
    ws = wb["Plan d'action"]
    rows = {ws.cell(r, 1).value: r for r in range(5, 30) if ws.cell(r, 1).value}
    ws[f"{column(ws, 'Budget T2')}{rows['A5']}"] = "cinq cents"  # not an amount
    wb.save(edited)
    code, _, err = run("refresh", str(edited), "-o", str(tmp_path / "fresh.xlsx"))
    assert code == 1
    cell = f"{column(ws, 'Budget T2')}{rows['A5']}"
    line = next(line for line in err.splitlines() if cell in line)
    assert line.startswith(f"error: {edited}: ")
    assert "Plan d'action" in line
    assert (tmp_path / "fresh.xlsx").exists()  # written anyway, as import does
