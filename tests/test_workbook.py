"""The workbook's structure: sheets, dropdowns, conditional formats, charts, names, formats."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from conftest import sample
from sheets import column, formula_cells, load

import xlplan
from xlplan.model.enums import Lang
from xlplan.writing.workbook import build, write_workbook
from xlplan.xlsx.fastwrite import FastSheet, PlainSheet

AS_OF = dt.date(2024, 7, 1)


@pytest.fixture(scope="module")
def mimine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(sample("mimine"), tmp_path_factory.mktemp("wb") / "mimine.xlsx", as_of=AS_OF)


def test_sheets_in_french_and_english(tmp_path: Path) -> None:
    plan = sample("mimine")
    fr = load(build(plan, tmp_path / "fr.xlsx", as_of=AS_OF))
    en = load(build(plan, tmp_path / "en.xlsx", lang="en", as_of=AS_OF))
    assert fr.sheetnames == [
        "Mode d'emploi",
        "Plan d'action",
        "Objectifs",
        "KPI",
        "Suivi budgétaire",
        "Responsables",
        "Rétroplanning",
        "Synthèse",
        "_meta",
    ]
    assert en.sheetnames == [
        "Guide",
        "Action plan",
        "Objectives",
        "KPIs",
        "Budget tracking",
        "Owners",
        "Timeline",
        "Dashboard",
        "_meta",
    ]
    assert fr["_meta"].sheet_state == "hidden"
    header = [c.value for c in fr["Plan d'action"][4]][:19]
    assert header == [
        "ID",
        "Action",
        "Objectif(s)",
        "KPI",
        "Responsable",
        "Participants",
        "Ressources",
        "Levier / canal",
        "Début",
        "Fin",
        "Récurrence",
        "Fréquence",
        "Statut",
        "Avancement %",
        "Budget T1",
        "Budget T2",
        "Budget T3",
        "Budget T4",
        "Total",
    ]
    assert [c.value for c in fr["Plan d'action"][4]][19:25] == [
        "Réel T1",
        "Réel T2",
        "Réel T3",
        "Réel T4",
        "Réel total",
        "Notes",
    ]
    assert [c.value for c in en["Action plan"][4]][14:24] == [
        "Budget Q1",
        "Budget Q2",
        "Budget Q3",
        "Budget Q4",
        "Total",
        "Actual Q1",
        "Actual Q2",
        "Actual Q3",
        "Actual Q4",
        "Actual total",
    ]


def test_meta_identifies_the_workbook(mimine: Path) -> None:
    meta = {row[0].value: row[1].value for row in load(mimine)["_meta"].iter_rows()}
    assert meta["format"] == "xlplan"
    assert meta["schema_version"] == 2
    assert meta["xlplan_version"] == xlplan.__version__
    assert meta["plan_id"] == sample("mimine").id


def test_dropdowns_on_the_action_plan(mimine: Path) -> None:
    ws = load(mimine)["Plan d'action"]
    lists = {
        dv.formula1: str(dv.sqref) for dv in ws.data_validations.dataValidation if dv.type == "list"
    }
    letter = {
        h: column(ws, h) for h in ("Objectif(s)", "KPI", "Responsable", "Statut", "Récurrence")
    }
    assert lists["xl_objectives"].startswith(f"{letter['Objectif(s)']}5:")
    assert lists["xl_kpis"].startswith(f"{letter['KPI']}5:")
    assert lists["xl_owners"].startswith(f"{letter['Responsable']}5:")
    assert lists["xl_status"].startswith(f"{letter['Statut']}5:")
    assert lists["xl_recurrence"].startswith(f"{letter['Récurrence']}5:")
    dates = [dv for dv in ws.data_validations.dataValidation if dv.type == "date"]
    # Dates refuse text (a stop, from 2000-01-01: serial 36526); the input message gives the
    # fiscal year's bounds (dates outside it are the reader's warnings, not refused).
    assert {(dv.operator, dv.formula1, dv.errorStyle) for dv in dates} == {
        ("greaterThanOrEqual", "36526", None)
    }
    assert {str(dv.sqref) for dv in dates} == {
        f"{column(ws, h)}5:{column(ws, h)}204" for h in ("Début", "Fin")
    }
    assert all("01/01/2024 au 31/12/2024" in dv.prompt and dv.error for dv in dates)
    money = {
        str(dv.sqref): dv
        for dv in ws.data_validations.dataValidation
        if dv.type == "decimal" and dv.operator == "greaterThanOrEqual"
    }
    # Every amount typed, budget and actual spend, on every prepared row (200 for Mimine).
    assert set(money) == {
        f"{column(ws, h)}5:{column(ws, h)}204"
        for n in range(1, 5)
        for h in (f"Budget T{n}", f"Réel T{n}")
    }
    assert all(
        dv.prompt and dv.error and dv.errorTitle == "Montant invalide" for dv in money.values()
    )


def test_amount_and_date_cells_refuse_text_everywhere(mimine: Path) -> None:
    """Every amount and date cell people type into (plan, objectives, guide, dashboard's as-of
    date) has a validation of its type, with an error message and an input message."""
    wb = load(mimine)
    found = {
        (ws.title, dv.type, str(dv.sqref))
        for ws in wb.worksheets
        for dv in ws.data_validations.dataValidation
        if dv.type in ("decimal", "date") and dv.error and dv.prompt
    }
    assert ("Objectifs", "date", "D5:D34") in found
    assert ("Synthèse", "date", "B4") in found
    guide = wb["Mode d'emploi"]
    rows = {guide[f"A{r}"].value: r for r in range(1, 60) if guide[f"A{r}"].value}
    start, envelope = rows["Début de l'exercice"], rows["Enveloppe budgétaire"]
    assert ("Mode d'emploi", "date", f"B{start}") in found
    assert ("Mode d'emploi", "decimal", f"B{envelope}") in found


def test_print_areas_and_formats_cover_every_prepared_row(mimine: Path) -> None:
    """Rows typed later on the free rows print and are formatted like the rest; duplicate IDs
    are highlighted."""
    wb = load(mimine)
    plan = wb["Plan d'action"]
    assert plan.print_area == "'Plan d''action'!$A$1:$Y$204"
    assert wb["Suivi budgétaire"].print_area.endswith("$204")
    assert wb["Rétroplanning"].print_area.endswith("$204")
    assert wb["Objectifs"].print_area.endswith("$34")
    rules = {str(cf.sqref): [r.formula for r in cf.rules] for cf in plan.conditional_formatting}
    assert rules["A5:A204"] == [['AND($A5<>"",COUNTIF($A$4:$A$204,$A5)>1)']]


def test_list_sources_are_defined_names_on_visible_sheets(mimine: Path) -> None:
    wb = load(mimine)
    names = {n: wb.defined_names[n].attr_text for n in wb.defined_names}
    for name in (
        "xl_status",
        "xl_recurrence",
        "xl_frequency",
        "xl_horizon",
        "xl_direction",
        "xl_objectives",
        "xl_kpis",
        "xl_owners",
        "xl_fy_start",
        "xl_fy_end",
        "xl_envelope",
        "xl_asof",
        "xl_elapsed",
    ):
        sheet = names[name].split("!")[0].strip("'").replace("''", "'")
        assert wb[sheet].sheet_state == "visible", name
    assert names["xl_status"] == "'Mode d''emploi'!$G$6:$G$9" or names["xl_status"].endswith(
        "$6:$D$9"
    )


def test_conditional_formats_and_charts(mimine: Path) -> None:
    wb = load(mimine)

    def rules(sheet: str) -> list[str]:
        return [r.type for cf in wb[sheet].conditional_formatting for r in cf.rules]

    assert rules("Rétroplanning").count("expression") == 7  # late, done, cancelled, 3 kinds, today
    assert "cellIs" in rules("Suivi budgétaire")
    assert "cellIs" in rules("KPI")
    with zipfile.ZipFile(mimine) as z:
        charts = [n for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml", n)]
        xml = z.read("xl/worksheets/sheet4.xml").decode()  # Suivi budgétaire
    assert len(charts) == 3
    assert "dataBar" in xml


def test_no_portability_traps_in_formulas(mimine: Path) -> None:
    formulas = " ".join(f for _, _, f in formula_cells(mimine))
    for trap in ("[@", "[#This Row]", "SUBTOTAL(109", "XLOOKUP", "FILTER(", "LET(", "_xlfn"):
        assert trap not in formulas


def test_money_formats_use_real_separators(tmp_path: Path) -> None:
    ws = load(build(sample("mimine"), tmp_path / "m.xlsx", as_of=AS_OF))["Plan d'action"]
    assert ws[f"{column(ws, 'Budget T1')}5"].number_format == '#,##0.00 "€"'
    gbp = load(build(sample("northwind-coffee"), tmp_path / "n.xlsx", as_of=AS_OF))
    ws = gbp["Action plan"]
    assert ws[f"{column(ws, 'Budget Q1')}5"].number_format == '"£"#,##0.00'


HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "https://example.com",
    "\t=1+1",
    "\r=1+1",
    "=1+1",
]


def test_user_text_is_always_text(tmp_path: Path) -> None:
    plan = xlplan.Plan(
        name="=EVIL()",
        fiscal_year_start=dt.date(2025, 1, 1),
        owners=[xlplan.Owner(name="@owner", role="=ROLE()")],
        objectives=[xlplan.Objective(title="+obj")],
        actions=[
            xlplan.Action(
                title=t, notes=t, resources=t, channel=t, owner="@owner", extra={"Col": t}
            )
            for t in HOSTILE
        ],
    )
    wb = load(build(plan, tmp_path / "h.xlsx", as_of=AS_OF))
    ws = wb["Plan d'action"]
    for i, text in enumerate(HOSTILE):
        for header in ("Action", "Notes", "Ressources", "Levier / canal", "Col"):
            cell = ws[f"{column(ws, header)}{5 + i}"]
            # xlsxwriter escapes a carriage return as _x000D_, as Excel does.
            assert (cell.data_type, cell.value.replace("_x000D_", "\r")) == ("s", text)
    assert wb["Responsables"]["B5"].data_type == "s"
    assert wb["Objectifs"]["B5"].value == "+obj"


def test_same_plan_same_bytes(tmp_path: Path) -> None:
    plan = sample("bob")
    a = build(plan, tmp_path / "a.xlsx", as_of=AS_OF).read_bytes()
    b = build(plan, tmp_path / "b.xlsx", as_of=AS_OF).read_bytes()
    assert a == b


def test_weekly_timeline(tmp_path: Path) -> None:
    plan = sample("mimine").model_copy(update={"timeline": "weeks"})
    ws = load(build(plan, tmp_path / "w.xlsx", as_of=AS_OF))["Rétroplanning"]
    labels = [c.value for c in ws[4][7:]]
    assert labels[:3] == ["S1", "S2", "S3"] and len(labels) == 53


NASTY = [
    "a < b & c > d",
    '"quoted" <tag/>',
    "#N/A",
    "\r=1+1\t",
    "_x0041_",
    "x" * 32_767,  # (the most a cell holds: longer texts are refused at validation)
]


@pytest.mark.parametrize(
    "plan, lang",
    [
        (sample("mimine"), "fr"),
        (sample("northwind-coffee"), "en"),
        (sample("bob").model_copy(update={"timeline": "weeks"}), "fr"),
        (
            xlplan.Plan(
                name="A & B <test>",
                fiscal_year_start=dt.date(2025, 1, 1),
                owners=[xlplan.Owner(name="R&D <ops>")],
                objectives=[xlplan.Objective(title=t) for t in NASTY],
                actions=[
                    xlplan.Action(
                        title=t,
                        notes=t,
                        owner="R&D <ops>",
                        objectives=["O1"],
                        start=dt.date(2025, 2, 1),
                        end=dt.date(2025, 3, 31),
                        budget=[1.5, 0, 2, 0.1],
                        extra={"Texte": t, "Nombre": 1.25, "Oui": True, "Le": dt.date(2025, 1, 2)},
                    )
                    for t in NASTY
                ],
            ),
            "fr",
        ),
    ],
    ids=["mimine", "northwind-en", "bob-weeks", "escapes"],
)
def test_fast_path_writes_the_bytes_of_plain_xlsxwriter(
    plan: xlplan.Plan, lang: Lang, tmp_path: Path
) -> None:
    """The writer's table cells bypass xlsxwriter's write_* methods and XML escaping
    (`xlsx.fastwrite.FastSheet`); the workbook must be the one xlsxwriter writes cell by cell
    (`PlainSheet`), byte for byte. This guards the xlsxwriter version pin of setup.cfg."""
    fast, plain = tmp_path / "fast.xlsx", tmp_path / "plain.xlsx"
    write_workbook(plan, fast, lang, AS_OF, sheet_class=FastSheet)
    write_workbook(plan, plain, lang, AS_OF, sheet_class=PlainSheet)
    with zipfile.ZipFile(fast) as f, zipfile.ZipFile(plain) as p:
        assert f.namelist() == p.namelist()
        for name in p.namelist():
            assert f.read(name) == p.read(name), name


def test_an_extra_column_cannot_take_a_layout_header(tmp_path: Path) -> None:
    plan = xlplan.Plan(
        name="x",
        fiscal_year_start=dt.date(2024, 1, 1),
        actions=[xlplan.Action(title="a", extra={"budget t1": 3})],
    )
    with pytest.raises(xlplan.PlanValidationError, match=r"actions\[0\]\.extra: extra column"):
        build(plan, tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()
