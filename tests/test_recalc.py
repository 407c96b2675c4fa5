"""LibreOffice recalculates every workbook xlplan builds and agrees with every cached value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SAMPLES, TEMPLATE_NAMES
from lo import recalculate
from lo_uno import edit_many
from sheets import column, error_cells, load, mismatches

import xlplan
from xlplan.layout.cached import plan_title
from xlplan.writing.workbook import build

KEYS = [f"{p.stem}.{lang}" for p in SAMPLES for lang in ("fr", "en")] + [
    f"template-{n}.{lang}" for n in TEMPLATE_NAMES for lang in ("fr", "en")
]


@pytest.mark.parametrize("key", KEYS)
def test_no_error_value_after_recalculation(key: str, recalculated: dict[str, Path]) -> None:
    assert error_cells(recalculated[key]) == []


@pytest.mark.parametrize("key", KEYS)
def test_every_cached_value_equals_libreoffice(
    key: str, every_workbook: dict[str, Path], recalculated: dict[str, Path]
) -> None:
    assert mismatches(every_workbook[key], recalculated[key]) == []


def small_plan() -> xlplan.Plan:
    """Two actions from the Mimine plan (seed 001): the newsletter and the Q1 video."""
    return xlplan.Plan(
        name="Mimine",
        fiscal_year_start=dt.date(2024, 1, 1),
        owners=[xlplan.Owner(name="Arnaud"), xlplan.Owner(name="Zoé")],
        objectives=[
            xlplan.Objective(title="Fidéliser"),
            xlplan.Objective(title="Récolter 5 000 € en crowdfunding"),
        ],
        kpis=[
            xlplan.KPI(name="Taux d'ouverture", objective="O1", unit="%", baseline=20, target=30)
        ],
        actions=[
            xlplan.Action(
                title="Newsletter",
                objectives=["O1"],
                kpis=["K1"],
                owner="Arnaud",
                budget=[0, 30, 50, 199],
                start=dt.date(2024, 1, 1),
                end=dt.date(2024, 12, 31),
                recurrence="recurring",
                frequency="monthly",
            ),
            xlplan.Action(
                title="Vidéo de présentation",
                objectives=["O2"],
                owner="Zoé",
                budget=[1250],
                start=dt.date(2024, 1, 15),
                end=dt.date(2024, 3, 15),
            ),
        ],
    )


def test_edits_flow_through_every_sheet(out: Path) -> None:
    path = build(small_plan(), out / "mimine.xlsx", as_of=dt.date(2024, 5, 15))
    wb = load(path)
    plan, budget = wb["Plan d'action"], wb["Suivi budgétaire"]
    q = {f"Q{n}": column(plan, f"Budget T{n}") for n in range(1, 5)}
    # A new action typed on the first free row (row 7), no ID: every sheet must pick it up.
    for header, value in (
        ("Action", "Boost Etsy"),
        ("Objectif(s)", "O2"),
        ("Responsable", "Zoé"),
        ("Statut", "À faire"),
        ("Récurrence", "Ponctuelle"),
    ):
        plan[f"{column(plan, header)}7"] = value
    plan[f"{q['Q2']}7"] = 500
    plan[f"{column(plan, 'Début')}7"] = dt.datetime(2024, 4, 1)
    plan[f"{column(plan, 'Fin')}7"] = dt.datetime(2024, 6, 30)
    plan[f"{q['Q4']}5"] = 250  # newsletter Q4: 199 → 250
    plan[f"{column(plan, 'Fin')}6"] = dt.datetime(2024, 4, 30)  # the video slips to April
    # Actual spend is typed on the action's own row of the action plan.
    plan[f"{column(plan, 'Réel T2')}5"] = 45  # newsletter: 15 over
    plan[f"{column(plan, 'Réel T1')}6"] = 1300  # video: 50 over
    edited = out / "edited.xlsx"
    wb.save(edited)

    result = load(recalculate(edited, out / "lo"), data_only=True)
    assert error_cells(out / "lo" / "edited.xlsx") == []
    plan, budget = result["Plan d'action"], result["Suivi budgétaire"]
    # Totals row above the header: Q1 1 250, Q2 30 + 500, Q3 50, Q4 250.
    assert [plan[f"{q[k]}3"].value for k in q] == [1250, 530, 50, 250]
    assert plan[f"{column(plan, 'Total')}3"].value == 2080
    assert plan[f"{column(plan, 'Total')}7"].value == 500
    assert plan[f"{column(plan, 'Réel total')}3"].value == 1345
    assert plan[f"{column(plan, 'Réel total')}6"].value == 1300
    # Budget tracking: variances only where actuals were typed.
    assert budget[f"{column(budget, 'Écart T2')}5"].value == 15
    assert budget[f"{column(budget, 'Écart T1')}6"].value == 50
    assert budget[f"{column(budget, 'Écart T1')}5"].value is None
    assert budget[f"{column(budget, 'Écart total')}6"].value == 50
    assert budget[f"{column(budget, '% consommé')}6"].value == pytest.approx(1300 / 1250)
    assert budget[f"{column(budget, 'Prévu T2')}7"].value == 500
    assert budget[f"{column(budget, 'Action')}7"].value == "Boost Etsy"
    assert budget[f"{column(budget, 'Réel T2')}5"].value == 45
    assert budget[f"{column(budget, 'Réel T2')}6"].value is None
    # Owners and objectives: Zoé has the video and the boost.
    owners = result["Responsables"]
    assert [c.value for c in owners[6][:6]] == ["Zoé", None, None, 2, 1750, 1300]
    assert [c.value for c in owners[5][3:6]] == [1, 330, 45]
    objectives = result["Objectifs"]
    assert [c.value for c in objectives[6][5:8]] == [2, 1750, 1300]
    # Dashboard: planned and actual per quarter, two overruns, one late action (the video).
    dash = result["Synthèse"]
    assert [c.value for c in dash[9][1:6]] == [1250, 530, 50, 250, 2080]
    assert [c.value for c in dash[10][1:6]] == [1300, 45, 0, 0, 1345]
    assert dash["B23"].value == 2
    assert dash["B24"].value == 1
    # Timeline: the video's bar now runs January–April, the boost's April–June.
    timeline = result["Rétroplanning"]
    months = [c.column_letter for c in timeline[4][7:19]]
    assert [timeline[f"{m}6"].value for m in months] == [1, 1, 1, 1] + [None] * 8
    assert [timeline[f"{m}7"].value for m in months] == [None] * 3 + [1, 1, 1] + [None] * 6


def test_rows_inserted_deleted_sorted_and_text_typed_in_libreoffice(out: Path) -> None:
    """The Mimine plan edited in LibreOffice as people do: a row deleted, rows inserted at the
    top, in the middle and after the last action, each with its budget and actual spend typed
    on its own row, text pasted in an amount cell, then the plan sorted by owner. No sheet shows
    an error value, every action (new ones too) has its row in budget tracking and the timeline,
    and plan, objectives, owners, budget tracking and dashboard give the same totals."""
    src = build(xlplan.load_plan(ROOT / "samples" / "mimine.yaml"), out / "mimine.xlsx")
    plan = "Plan d'action"

    def action(row: int, title: str, owner: str, objective: str, **typed: Any) -> list[Any]:
        cells = {"B": title, "E": owner, "C": objective} | typed
        return [
            {"op": "set", "sheet": plan, "cell": f"{c}{row}"}
            | ({"text": v} if isinstance(v, str) else {"value": v})
            for c, v in cells.items()
        ]

    # Columns: O–R budget Q1–Q4, S total, T–W actual Q1–Q4, X actual total, Y notes.
    ops = [
        {"op": "delete_rows", "sheet": plan, "row": 6},  # A2: 450 planned, 450 spent
        {"op": "insert_rows", "sheet": plan, "row": 5},  # above the first action
        *action(5, "Top", "Zoé", "O1", O=100, T=120),
        {"op": "insert_rows", "sheet": plan, "row": 10, "count": 2},  # in the middle
        *action(10, "Middle", "Arnaud", "O2", Q=300, U=50),
        {"op": "insert_rows", "sheet": plan, "row": 21},  # below the last action (row 20)
        *action(21, "Bottom", "Zoé", "O3", R=700, W=0, O="1 250,00 €"),
        {"op": "sort", "sheet": plan, "range": "A5:Y21", "column": "E"},
    ]
    (edited,) = edit_many([(src, out / "edited.xlsx", ops)])

    assert edited.errors() == {}
    # 28 129 planned and 4 320 spent, less A2's 450 and 450, plus the new actions' 100 + 300 +
    # 700 and 120 + 50 (the text "1 250,00 €" is no number: every sheet leaves it out alike).
    planned, actual = 28_129 - 450 + 1_100, 4_320 - 450 + 170
    sheets = {name: edited.values(name) for name in edited.sheets}
    totals = {  # (sheet, 0-based columns of the planned and actual totals on row 3)
        plan: (18, 23),
        "Objectifs": (6, 7),
        "Responsables": (4, 5),
        "Suivi budgétaire": (8, 13),
    }
    for name, (p, a) in totals.items():
        assert sheets[name][2][p] == planned, name
        assert sheets[name][2][a] == actual, name
    dashboard = sheets["Synthèse"]
    assert dashboard[8][5] == planned and dashboard[9][5] == actual
    # The plan sorted by owner: Arnaud's actions, then Zoé's, the new ones among them; the
    # derived sheets show the same actions in the same order, with their own figures.
    titles = [row[1] for row in sheets[plan][4:] if row[1]]
    assert len(titles) == 16 and titles.index("Middle") < titles.index("Top")
    for name in ("Suivi budgétaire", "Rétroplanning"):
        assert [row[1] for row in sheets[name][4:] if row[1]] == titles, name
    by_title = {row[1]: row for row in sheets["Suivi budgétaire"][4:] if row[1]}
    assert by_title["Top"][4] == 100 and by_title["Top"][9] == 120
    assert by_title["Middle"][6] == 300 and by_title["Middle"][10] == 50
    assert by_title["Bottom"][7] == 700 and by_title["Bottom"][17] == -700
    assert by_title["Vidéo de présentation"][9] == 880
    # xlplan reads every figure on its own action (the text amount too, exactly).
    read = {
        a.title: (a.budget.total, a.actual.total) for a in xlplan.read(edited.path).plan.actions
    }
    assert len(read) == 16 and "Photos de présentation des produits" not in read
    assert read["Top"] == (100, 120) and read["Middle"] == (300, 50)
    assert read["Bottom"] == (1_950, 0) and read["Vidéo de présentation"] == (800, 880)


# --- a new user's workbook: titles typed on the guide, formats in the plan's currency ---------
def guide_cell(path: Path, label: str) -> str:
    """The guide's setting cell (column B) on the row labelled `label` (column A)."""
    ws = load(path).worksheets[0]
    return next(f"B{c.row}" for c in ws["A"] if c.value == label)


def test_titles_follow_the_business_and_plan_typed_on_the_guide(out: Path) -> None:
    """The blank template as `xlplan new` gives it (title "Plan d'action — <Nom de
    l'entreprise>"): the business, then the plan's name, typed on the guide in LibreOffice; its
    recalculation composes the titles once, and xlplan reads what was typed."""
    from xlplan.model.starters import load_template

    src = build(load_template("blank", "fr", dt.date(2026, 1, 1)), out / "blank.xlsx")
    guide = "Mode d'emploi"
    business, name = guide_cell(src, "Entreprise"), guide_cell(src, "Plan")

    def typed(cell: str, value: str) -> dict[str, Any]:
        return {"op": "set", "sheet": guide, "cell": cell, "text": value}

    jobs = [
        (src, out / "business.xlsx", [typed(business, "Mimine")]),
        (src, out / "both.xlsx", [typed(business, "Mimine"), typed(name, "Plan 2027")]),
        (src, out / "inside.xlsx", [typed(business, "Mimine"), typed(name, "Mimine 2027")]),
        (src, out / "no-business.xlsx", [{"op": "clear", "sheet": guide, "range": business}]),
        (src, out / "case.xlsx", [typed(business, "MIMINE"), typed(name, "Plan Mimine 2027")]),
        (src, out / "marks.xlsx", [typed(business, "Bob?"), typed(name, "Plan Bobs")]),
        (src, out / "word.xlsx", [typed(business, "Action")]),
        (src, out / "part.xlsx", [typed(business, "Mimine"), typed(name, "Plan Miminette")]),
        (
            src,
            out / "quoted.xlsx",
            [typed(business, "mimine"), typed(name, "Plan «\u00a0Mimine\u00a0»: 2027")],
        ),
        (
            src,
            out / "co.xlsx",
            [typed(business, "Mimine & Co."), typed(name, "Mimine & Co., 2027")],
        ),
    ]
    expected = [
        "Plan d'action — Mimine",
        "Plan 2027 — Mimine",
        "Mimine 2027",  # the name holds the business already: once
        "Plan d'action",
        "Plan Mimine 2027",  # (in another case: once too)
        "Plan Bobs — Bob?",  # ("?" is no wildcard: "Bob?" is not in "Plan Bobs")
        "Plan d'action — Action",  # whole words only: "Action" is no word of "Plan d'action"
        "Plan Miminette — Mimine",  # (nor "Mimine" of "Miminette")
        "Plan «\u00a0Mimine\u00a0»: 2027",  # (quotes, no-break spaces and colons end words)
        "Mimine & Co., 2027",
    ]
    edited = edit_many(jobs)

    def typed_text(edits: list[dict[str, Any]], cell: str, default: str) -> str:
        return next((e["text"] for e in edits if e.get("cell") == cell and "text" in e), default)

    # (what the guide holds after the edits: the template's plan name unless typed over)
    typed_in = [
        (typed_text(edits, name, "Plan d'action"), typed_text(edits, business, ""))
        for _, _, edits in jobs
    ]
    for result, title, (plan, firm) in zip(edited, expected, typed_in, strict=True):
        assert result.errors() == {}
        assert result.values(guide)[0][0] == title, result.path.name
        assert plan_title(plan, firm) == title, result.path.name  # the cached twin agrees
        assert result.values("Synthèse")[1][0] == title, result.path.name
    read = xlplan.read(edited[1].path).plan
    assert (read.business, read.name) == ("Mimine", "Plan 2027")


def shown_values(path: Path, sheet_number: int, out_dir: Path) -> list[list[str]]:
    """The cells of one sheet as LibreOffice shows them (formatted), from its CSV export."""
    import csv
    import os
    import subprocess

    import lo

    options = f"44,34,76,1,,0,false,true,true,false,false,{sheet_number}"  # "as shown"
    with lo._lock:
        root = lo._get_root()
        subprocess.run(
            [
                lo.soffice_path(),
                f"-env:UserInstallation={(root / 'profile').as_uri()}",
                *(
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    f"csv:Text - txt - csv (StarCalc):{options}",
                ),
                *("--outdir", str(out_dir), str(path)),
            ],
            env={**os.environ, "HOME": str(root / "home"), "LC_ALL": "C.UTF-8"},
            capture_output=True,
            timeout=lo.TIMEOUT_S,
            check=True,
        )
    (found,) = out_dir.glob(f"{path.stem}-*.csv")
    with found.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_amounts_show_in_the_plans_currency_after_recalculation(out: Path) -> None:
    """The two-action Mimine plan in pounds: LibreOffice recalculates it with no error, agrees
    with every cached value, and shows the action plan's totals in pounds: Q1 the video's
    1 250, Q2–Q4 the newsletter's 30, 50 and 199, in all 1 529."""
    plan = small_plan().model_copy(update={"currency": "GBP", "business": "Mimine"})
    path = build(plan, out / "gbp.xlsx", lang="en", as_of=dt.date(2024, 5, 15))
    recalculated = recalculate(path, out / "lo")
    assert error_cells(recalculated) == []
    assert mismatches(path, recalculated) == []
    rows = shown_values(path, 2, out / "csv")  # the action plan
    totals = rows[2]  # row 3: the totals above the header
    header = rows[3]
    shown = {h: totals[i] for i, h in enumerate(header) if h.startswith("Budget Q") or h == "Total"}
    assert shown == {
        "Budget Q1": "£1,250.00",
        "Budget Q2": "£30.00",
        "Budget Q3": "£50.00",
        "Budget Q4": "£199.00",
        "Total": "£1,529.00",
    }


def test_owner_names_and_ids_are_matched_as_text_not_as_patterns(out: Path) -> None:
    # COUNTIFS/SUMIFS read "*", "?" and "~" as wildcards and a leading "<", ">" or "=" as a
    # comparison: an owner "A*" would count AB's actions too, "<>AB" every other owner's.
    names = ["AB", "A*", "<>AB", "a?~", "=AB"]
    plan = xlplan.Plan(
        name="Wildcards",
        fiscal_year_start=dt.date(2025, 1, 1),
        owners=[xlplan.Owner(name=n) for n in names],
        objectives=[
            xlplan.Objective(id="O*", title="Star"),
            xlplan.Objective(id="O1", title="One"),
        ],
        actions=[
            xlplan.Action(title=f"Action of {n}", owner=n, objectives=[o], budget=[100 * (k + 1)])
            for k, (n, o) in enumerate(zip(names, ["O1", "O*", "O1", "O1", "O*"], strict=True))
        ],
    )
    path = build(plan, out / "wildcards.xlsx", as_of=dt.date(2025, 7, 1))
    recalculated = recalculate(path, out / "lo")
    assert error_cells(recalculated) == []
    assert mismatches(path, recalculated) == []
    # by hand: each owner has one action of 100 × its rank; O* holds A*'s 200 and =AB's 500
    book = load(recalculated, data_only=True)

    def planned(sheet: str, header: str) -> dict[str, float]:
        ws = book[sheet]
        col = [c.value for c in ws[4]].index(header)
        return {row[0]: row[col] for row in ws.iter_rows(min_row=5, values_only=True) if row[0]}

    assert planned("Responsables", "Budget prévu") == {
        "AB": 100,
        "A*": 200,
        "<>AB": 300,
        "a?~": 400,
        "=AB": 500,
    }
    assert planned("Objectifs", "Budget prévu") == {"O*": 700, "O1": 800}
