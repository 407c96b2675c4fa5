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
    assert rules("Suivi budgétaire").count("expression") == 6  # 5 variances, % consumed > 1
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


# --- a new user's workbook: `xlplan new` with a business, a currency and owners ---------------
def new_workbook(path: Path, *args: str) -> Path:
    from click.testing import CliRunner

    from xlplan.cli import main

    result = CliRunner().invoke(main, ["new", "--year", "2026", *args, "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


def number_formats(path: Path) -> set[str]:
    """Every number format of the workbook's cells (xl/styles.xml), conditional ones included."""
    with zipfile.ZipFile(path) as z:
        styles = z.read("xl/styles.xml").decode()
    return {
        fmt.replace("&quot;", '"').replace("&amp;", "&")
        for fmt in re.findall(r'formatCode="([^"]*)"', styles)
    }


def test_new_for_mimine_in_pounds_with_two_owners(tmp_path: Path) -> None:
    path = new_workbook(
        tmp_path / "m.xlsx",
        *("--business", "Mimine", "--currency", "gbp", "--owner", "Alice", "--owner", "Bob"),
    )
    wb = load(path, data_only=True)
    guide, dashboard = wb["Mode d'emploi"], wb["Synthèse"]
    # The blank template's name "Plan d'action", then the business, each once.
    assert guide["A1"].value == "Plan d'action — Mimine"
    assert dashboard["A2"].value == "Plan d'action — Mimine"
    texts = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert sum(isinstance(t, str) and "Plan d'action — " in t for t in texts) == 2
    settings = {row[0].value: row[1].value for row in guide.iter_rows(min_row=3) if row[0].value}
    assert settings["Entreprise"] == "Mimine" and settings["Plan"] == "Plan d'action"
    assert settings["Devise"] == "GBP"
    # Owners listed, in order.
    owners = wb["Responsables"]
    assert [owners[f"A{r}"].value for r in (5, 6, 7)] == ["Alice", "Bob", None]
    # Amounts in pounds everywhere, never a euro.
    formats = number_formats(path)
    assert '"£"#,##0.00' in formats
    assert '[Red]+"£"#,##0.00;-"£"#,##0.00;"£"#,##0.00' in formats
    assert not any("€" in fmt for fmt in formats)
    plan = load(path)["Plan d'action"]
    assert plan[f"{column(plan, 'Budget T1')}5"].number_format == '"£"#,##0.00'
    # The workbook reads back with what was given.
    read = xlplan.read(path).plan
    assert (read.business, read.currency, read.name) == ("Mimine", "GBP", "Plan d'action")
    assert [o.name for o in read.owners] == ["Alice", "Bob"]


def test_new_with_a_name_that_holds_the_business_shows_it_once(tmp_path: Path) -> None:
    path = new_workbook(
        tmp_path / "n.xlsx",
        *("--lang", "en", "--business", "Mimine", "--name", "Mimine marketing plan"),
    )
    wb = load(path, data_only=True)
    assert wb["Guide"]["A1"].value == "Mimine marketing plan"
    assert wb["Dashboard"]["A2"].value == "Mimine marketing plan"
    assert '#,##0.00 "€"' in number_formats(path)  # EUR by default
    # In another case, the business is in the name all the same.
    other = new_workbook(tmp_path / "c.xlsx", "--business", "mimine", "--name", "Plan MIMINE")
    assert load(other, data_only=True)["Mode d'emploi"]["A1"].value == "Plan MIMINE"


def test_new_template_keeps_its_placeholder_once(tmp_path: Path) -> None:
    wb = load(new_workbook(tmp_path / "b.xlsx", "--lang", "en"), data_only=True)
    assert wb["Guide"]["A1"].value == "Action plan — <Business name>"
    assert wb["Dashboard"]["A2"].value == "Action plan — <Business name>"


@pytest.mark.parametrize(
    "args",
    [
        ("--currency", "euro"),
        ("--currency", "€"),
        ("--currency", "GPB"),  # (a typo for GBP: no such ISO 4217 code)
        ("--currency", "xyz"),
        ("--owner", "Alice", "--owner", "Alice"),
        ("--owner", "Alice", "--owner", " alice "),  # (references to owners ignore case)
        ("--owner", ""),
        ("--owner", "Alice", "--owner", "   "),
    ],
)
def test_new_refuses_a_bad_currency_or_owner_in_one_line(tmp_path: Path, args: tuple[str]) -> None:
    from click.testing import CliRunner

    from xlplan.cli import main

    result = CliRunner().invoke(main, ["new", *args, "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    # One line naming the option (not the template file behind it).
    error = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert len(error) == 1 and f"'{args[-2]}'" in error[0], result.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_new_takes_an_iso_code_in_any_case(tmp_path: Path) -> None:
    from xlplan.model.currencies import CURRENCIES
    from xlplan.writing.styles import _NO_DECIMALS, _PREFIX, _SYMBOLS

    path = new_workbook(tmp_path / "chf.xlsx", "--currency", " chf ")
    assert xlplan.read(path).plan.currency == "CHF"
    assert '#,##0.00 "CHF"' in number_formats(path)
    # Every currency the number formats know is one `new` takes.
    assert set(_SYMBOLS) | _PREFIX | _NO_DECIMALS <= CURRENCIES


def test_new_trims_the_names_given(tmp_path: Path) -> None:
    path = new_workbook(
        tmp_path / "t.xlsx",
        *("--lang", "en", "--business", " Mimine ", "--name", " Plan 2026 "),
        *("--owner", " Alice ", "--owner", "Bob"),
    )
    wb = load(path, data_only=True)
    assert wb["Guide"]["A1"].value == "Plan 2026 — Mimine"
    assert [wb["Owners"][f"A{r}"].value for r in (5, 6, 7)] == ["Alice", "Bob", None]


@pytest.mark.parametrize(
    ("currency", "plain", "variance"),
    [
        ("EUR", '#,##0.00 "€"', '[Red]+#,##0.00 "€";-#,##0.00 "€";#,##0.00 "€"'),
        ("GBP", '"£"#,##0.00', '[Red]+"£"#,##0.00;-"£"#,##0.00;"£"#,##0.00'),
        ("USD", '"$"#,##0.00', '[Red]+"$"#,##0.00;-"$"#,##0.00;"$"#,##0.00'),
        ("SEK", '#,##0.00 "SEK"', '[Red]+#,##0.00 "SEK";-#,##0.00 "SEK";#,##0.00 "SEK"'),
        ("JPY", '"¥"#,##0', '[Red]+"¥"#,##0;-"¥"#,##0;"¥"#,##0'),
    ],
)
def test_money_and_variance_formats_follow_the_currency(
    currency: str, plain: str, variance: str
) -> None:
    from xlplan.writing.styles import money_format

    assert money_format(currency) == plain
    assert money_format(currency, "variance") == variance  # overruns (> 0) red, "+"
    assert money_format(currency, "balance").split(";")[1].startswith("[Red]-")  # overspent


def test_overruns_red_on_every_sheet_with_a_legend(mimine: Path) -> None:
    wb = load(mimine)

    def red_rules(sheet: str) -> dict[str, str]:
        """{range: formula} of the sheet's conditional formats that paint red."""
        out = {}
        for cf in wb[sheet].conditional_formatting:
            for rule in cf.rules:
                fill = rule.dxf.fill if rule.dxf is not None else None
                color = fill.fgColor.rgb if fill is not None and fill.fgColor is not None else ""
                if str(color).endswith("FFC7CE") or (
                    fill is not None and str(fill.bgColor.rgb).endswith("FFC7CE")
                ):
                    out[str(cf.sqref)] = rule.formula[0] if rule.formula else rule.operator
        return out

    plan, budget = wb["Plan d'action"], wb["Suivi budgétaire"]
    t1, b1 = column(plan, "Réel T1"), column(plan, "Budget T1")
    assert red_rules("Plan d'action")[f"{t1}5:{t1}204"] == f"AND(ISNUMBER({t1}5),{t1}5>N(${b1}5))"
    e1 = column(budget, "Écart T1")
    assert red_rules("Suivi budgétaire")[f"{e1}5:{e1}204"] == f"AND(ISNUMBER({e1}5),{e1}5>0)"
    for sheet in ("Objectifs", "Responsables"):
        spent = column(wb[sheet], "Dépensé")
        assert any(spent in formula for formula in red_rules(sheet).values()), sheet
    assert red_rules("Synthèse")["B11:F11"] == "AND(ISNUMBER(B11),B11>0)"  # the variance row
    # Variances: "+" and red when over, a plain "-" when under; remaining: red when negative.
    assert budget[f"{e1}5"].number_format == '[Red]+#,##0.00 "€";-#,##0.00 "€";#,##0.00 "€"'
    assert wb["Synthèse"]["B11"].number_format.startswith("[Red]+")
    assert wb["Synthèse"]["B19"].number_format.split(";")[1].startswith("[Red]-")
    # The legend: on the guide, above the plan's actuals and budget tracking's variances, and
    # under the dashboard's quarter table.
    assert plan[f"{t1}1"].value == "Dépassement : réel > prévu"
    assert budget[f"{e1}1"].value == "Dépassement : réel > prévu"
    assert wb["Synthèse"]["A13"].value.startswith("En rouge : dépassements")
    assert "Dépassement : réel > prévu" in [c.value for c in wb["Mode d'emploi"]["A"]]


def test_timeline_action_names_shrink_on_their_line(mimine: Path) -> None:
    # The timeline's action names are formulas: no spreadsheet sizes a row to a formula's
    # result, so a wrapped name would overprint the next row once the title is retyped longer
    # (issue #15). They stay on one line, shrunk to the column when longer: A13 "Location
    # d'une base de données de parents d'enfants de 2 à 7 ans" (63 characters, two lines of
    # the plan's 34-character column) keeps the default height, as every view row does.
    ws = load(mimine)["Rétroplanning"]
    title = ws[f"{column(ws, 'Action')}5"]
    assert title.alignment.shrink_to_fit and not title.alignment.wrap_text
    shown = load(mimine, data_only=True)["Rétroplanning"]
    assert shown[f"{column(ws, 'Action')}17"].value.startswith("Location d'une base")
    assert ws.row_dimensions[17].height is None
    assert ws.row_dimensions[5].height is None
    plan = load(mimine)["Plan d'action"]  # (where it is typed, it wraps: its row is taller)
    assert plan[f"{column(plan, 'Action')}17"].alignment.wrap_text
    assert plan.row_dimensions[17].height >= 28


def test_guide_rows_are_as_tall_as_their_wrapped_text(mimine: Path, tmp_path: Path) -> None:
    # Column B is 62 wide: about 71 characters of 10-point text a line (`writing.common.lines`).
    # Mimine's mission (120 characters) needs two lines, 13 points each plus 2: 28; so does
    # the English description of budget tracking (84 characters), which used to overflow onto
    # the owners' line below it. A one-line description keeps the default height.
    guide = load(mimine)["Mode d'emploi"]
    mission = next(r for r in range(1, 60) if guide[f"A{r}"].value == "Mission")
    assert guide[f"B{mission}"].value.startswith("Des vêtements évolutifs")
    assert guide.row_dimensions[mission].height == pytest.approx(28, abs=0.5)
    english = load(build(sample("mimine"), tmp_path / "en.xlsx", lang="en", as_of=AS_OF))["Guide"]
    rows = {english[f"A{r}"].value: r for r in range(1, 20) if english[f"A{r}"].value}
    assert english.row_dimensions[rows["Budget tracking"]].height == pytest.approx(28, abs=0.5)
    assert english.row_dimensions[rows["Owners"]].height is None  # (39 characters)


def test_objectives_kpis_and_owners_wrap_with_the_height_they_need(mimine: Path) -> None:
    # `writing.common.lines`: about 1.15 characters a unit of column width, 13 points a line
    # plus 2. O7's description (151 characters, 40 wide: 46 a line) needs 4 lines: 54; K9's
    # name "Position dans les moteurs de recherche (« vêtements évolutifs enfant »)" (71
    # characters, 34 wide: 39 a line) and Arnaud's role "Cofondateur — ventes, e-mailing et
    # publicité" (44, 24 wide: 27 a line) 2: 28. O4 "Développer la notoriété" keeps one line.
    wb = load(mimine)
    objectives, kpis, owners = wb["Objectifs"], wb["KPI"], wb["Responsables"]
    assert (
        objectives["A11"].value == "O7"
        and objectives[f"{column(objectives, 'Objectif')}11"].alignment.wrap_text
    )
    assert objectives.row_dimensions[11].height == pytest.approx(54, abs=0.5)
    assert objectives.row_dimensions[8].height is None
    assert kpis["A13"].value == "K9" and kpis[f"{column(kpis, 'KPI')}13"].alignment.wrap_text
    assert kpis.row_dimensions[13].height == pytest.approx(28, abs=0.5)
    assert owners["A5"].value == "Arnaud" and owners["B5"].alignment.wrap_text
    assert owners.row_dimensions[5].height == pytest.approx(28, abs=0.5)


def test_charts_have_a_hidden_value_axis_from_zero_and_no_zero_labels(mimine: Path) -> None:
    with zipfile.ZipFile(mimine) as z:
        charts = [z.read(n).decode() for n in z.namelist() if re.match(r"xl/charts/chart\d+", n)]
    for xml in charts:
        assert '<c:valAx><c:axId val="' in xml
        value_axis = xml[xml.index("<c:valAx>") :]
        assert '<c:min val="0"/>' in value_axis and '<c:delete val="1"/>' in value_axis
        assert 'formatCode="#,##0;-#,##0;;"' in xml or 'formatCode="0%;-0%;;"' in xml


def test_new_money_kpis_take_the_plans_currency(tmp_path: Path) -> None:
    """The French commercial template's money KPIs (revenue, average basket, acquisition cost,
    margin) are in the plan's currency, never a euro the plan does not use."""
    path = new_workbook(tmp_path / "c.xlsx", "--template", "commercial", "--currency", "GBP")
    kpis = xlplan.read(path).plan.kpis
    assert [k.unit for k in kpis if k.unit == "GBP"] == ["GBP"] * 4
    assert not [k.name for k in kpis if "€" in k.unit or k.unit == "currency"]
