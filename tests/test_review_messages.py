"""Issue #15, a French user's review: every problem of a workbook edited by hand is in the asked
language (`Problem.text`, the report table with ``--lang``, the ``--annotate`` Problèmes sheet),
names its sheet and cell, and has its code; references and values are read as people type them.

The workbook is the review's bakery: Zoé and Marc, objectives O1 and O2, KPI K1, actions A1-A4 on
rows 5-8 of the action plan (columns: C objectives, E owner, I start, J end, K recurrence,
N progress)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from sheets import load

import xlplan
from xlplan import Plan, ProblemCode
from xlplan.cli import main

BAKERY: dict[str, Any] = {
    "name": "Plan d'action",
    "business": "Boulangerie Zoé",
    "fiscal_year_start": "2026-01-01",
    "language": "fr",
    "objectives": [
        {"id": "O1", "title": "Augmenter les ventes du samedi"},
        {"id": "O2", "title": "Fidéliser la clientèle du quartier"},
    ],
    "kpis": [{"id": "K1", "name": "Panier moyen", "objective": "O1", "target": 10}],
    "owners": [{"name": "Zoé"}, {"name": "Marc"}],
    "actions": [
        {
            "id": "A1",
            "title": "Flyers",
            "objectives": ["O1"],
            "owner": "Zoé",
            "start": "2026-02-01",
            "end": "2026-03-31",
            "progress": 100,
            "budget": {"q1": 300},
        },
        {
            "id": "A2",
            "title": "Carte de fidélité",
            "objectives": ["O2"],
            "owner": "Marc",
            "start": "2026-01-15",
            "end": "2026-12-31",
            "budget": {"q2": 150},
        },
        {"id": "A3", "title": "Page Instagram", "objectives": ["O1", "O2"], "owner": "Zoé"},
        {
            "id": "A4",
            "title": "Dégustation gratuite",
            "objectives": ["O1"],
            "owner": "Marc",
            "start": "2026-09-01",
            "end": "2026-10-15",
        },
    ],
}


def bakery(tmp_path: Path, name: str, **cells: Any) -> Path:
    """The bakery's workbook with `cells` of the action plan typed over (``J8=…``), and
    ``KPI_B5`` for the KPI sheet's B5, as the reviewer did with openpyxl."""
    built = xlplan.build(Plan.model_validate(BAKERY), tmp_path / "built.xlsx", force=True)
    wb = load(built)
    for ref, value in cells.items():
        sheet, _, cell = ref.rpartition("_")
        wb[sheet or "Plan d'action"][cell] = value
    wb.save(tmp_path / name)
    return tmp_path / name


def problems(path: Path) -> dict[tuple[str, str], xlplan.Problem]:
    """The problems read, by (sheet, cell); every one has a sheet and a cell."""
    found = xlplan.read(path).problems
    assert all(p.sheet and p.cell for p in found), [str(p) for p in found]
    return {(p.sheet, p.cell): p for p in found}


def report_table(path: Path, lang: str) -> str:
    result = CliRunner().invoke(main, ["--lang", lang, "report", str(path)])
    assert result.exit_code in (0, 1), result.output  # (1: the workbook has errors)
    return result.stdout


def annotated(path: Path, tmp_path: Path, lang: str) -> list[tuple[Any, ...]]:
    """The rows of the --annotate copy's problems sheet (severity, sheet, cell, message)."""
    out = tmp_path / f"annotated-{lang}.xlsx"
    result = CliRunner().invoke(
        main, ["--lang", lang, "report", str(path), "--annotate", str(out), "--force"]
    )
    assert result.exit_code in (0, 1), result.output  # (1: the workbook has errors)
    wb = load(out)
    return [tuple(r) for r in wb.worksheets[0].iter_rows(min_row=2, values_only=True)]


def test_workbook_problems_are_in_the_asked_language(tmp_path: Path) -> None:
    path = bakery(
        tmp_path,
        "errors.xlsx",
        K8="Mensuelle",  # a frequency in the recurrence column
        J8=dt.datetime(2026, 8, 20),  # A4 ends before its start, 2026-09-01
        KPI_B5=None,  # the KPI's name cleared
    )
    found = problems(path)
    recurrence = found[("Plan d'action", "K8")]
    assert recurrence.code is ProblemCode.CELL_UNREADABLE
    # the labels listed are the workbook's dropdown's (French), the sentence the asked language
    assert recurrence.text("fr") == (
        "trouvé 'Mensuelle' — attendu l'une des valeurs : Ponctuelle, Récurrente, Continue"
    )
    assert recurrence.text("en") == (
        "found 'Mensuelle' — expected one of: Ponctuelle, Récurrente, Continue"
    )
    end = found[("Plan d'action", "J8")]
    assert end.code is ProblemCode.END_BEFORE_START
    assert end.text("fr") == "2026-08-20 est avant le début 2026-09-01"
    assert end.text("en") == "2026-08-20 is before start 2026-09-01"
    name = found[("KPI", "B5")]
    assert name.code is ProblemCode.FIELD_MISSING
    assert name.text("fr") == "champ obligatoire manquant"
    assert name.text("en") == "Field required"

    french = report_table(path, "fr")
    assert "2026-08-20 est avant le début 2026-09-01" in french
    assert "champ obligatoire manquant" in french
    assert "Field required" not in french and "expected one of" not in french
    assert "Field required" in report_table(path, "en")
    rows = annotated(path, tmp_path, "fr")
    assert ("erreur", "KPI", "B5", "champ obligatoire manquant") in rows
    assert ("erreur", "Plan d'action", "J8", "2026-08-20 est avant le début 2026-09-01") in rows


def test_an_unknown_reference_names_its_sheet_and_cell(tmp_path: Path) -> None:
    path = bakery(tmp_path, "refs.xlsx", C8="O9", C7="O1, O8", KPI_C5="O7")
    found = problems(path)
    action = found[("Plan d'action", "C8")]
    assert (action.code, action.path) == (ProblemCode.REFERENCE_UNKNOWN, "")
    assert action.text("en").startswith("'O9' is not a known objective")
    second = found[("Plan d'action", "C7")]  # (the second objective of the cell)
    assert second.text("en").startswith("'O8' is not a known objective")
    kpi = found[("KPI", "C5")]
    assert (kpi.code, kpi.text("en")[:4]) == (ProblemCode.REFERENCE_UNKNOWN, "'O7'")
    rows = annotated(path, tmp_path, "fr")
    assert [r[1:3] for r in rows if "'O9'" in r[3]] == [("Plan d'action", "C8")]
    result = CliRunner().invoke(main, ["--lang", "fr", "report", str(path), "--format", "json"])
    doc = json.loads(result.stdout)
    o9 = [p for p in doc["problems"] if "'O9'" in p["message"]]
    assert [(p["code"], p["sheet"], p["cell"]) for p in o9] == [
        ("reference-unknown", "Plan d'action", "C8")
    ]


def spaces(text: str) -> str:
    """French typography's no-break spaces as plain ones, to compare."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def test_a_percentage_typed_as_a_whole_number_reads_as_a_sentence(tmp_path: Path) -> None:
    # N5 is formatted 0 %: 100 typed there is 100 × 100 %; "150 %" typed as text is 150 %
    path = bakery(tmp_path, "pct.xlsx", N5=100, N6="150 %", N7=0.4)
    found = problems(path)
    typed = found[("Plan d'action", "N5")]
    assert typed.code is ProblemCode.FIELD_INVALID
    assert spaces(typed.text("fr")) == (
        "Avancement : 10 000 % trouvé, attendu entre 0 % et 100 % (tapez 100 % ou 1)"
    )
    assert typed.text("en") == (
        "Avancement: 10,000 % found, expected between 0 % and 100 % (type 100 % or 1)"
    )
    assert spaces(found[("Plan d'action", "N6")].text("fr")).startswith("Avancement : 150 % trouvé")
    assert ("Plan d'action", "N7") not in found  # 40 %
    assert "Decimal" not in report_table(path, "fr")
    plan = xlplan.read(path).plan
    assert [a.progress for a in plan.actions] == [0, 0, 40, 0]  # (the refused ones: none)


def plan_file_problems(tmp_path: Path, text: str) -> dict[str, xlplan.Problem]:
    """The problems of a plan file, by field path (each with its file and line)."""
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        xlplan.load_plan(path)
    except xlplan.PlanValidationError as exc:
        assert all(p.line for p in exc.problems), [str(p) for p in exc.problems]
        return {p.path: p for p in exc.problems}
    raise AssertionError("the plan file was accepted")


PLAN_FILE = """\
name: Plan commercial
year: 2026
owners: [{name: Zoé}, {name: Marc}]
objectives: [{id: O1, title: Augmenter les ventes}]
kpis: [{id: K1, name: Panier moyen, objective: O1}]
actions:
  - {title: Flyers, objectives: [O1], owner: OWNER}
  - {title: Salon, objectives: [OBJECTIVE], kpis: [K9], owner: Marc}
"""


def test_plan_file_references_are_worded_in_french(tmp_path: Path) -> None:
    found = plan_file_problems(
        tmp_path, PLAN_FILE.replace("OWNER", "Paul").replace("OBJECTIVE", "O3")
    )
    owner = found["actions[0].owner"]
    assert owner.code is ProblemCode.REFERENCE_UNKNOWN
    assert owner.text("fr") == "'Paul' n'est pas un responsable connu (connus : Zoé, Marc)"
    assert owner.text("en") == "'Paul' is not a known owner (known: Zoé, Marc)"
    objective = found["actions[1].objectives[0]"]
    assert objective.text("fr") == "'O3' n'est pas un objectif connu (connus : O1)"
    assert "known" not in found["actions[1].kpis[0]"].text("fr")


def test_a_name_typed_without_its_accent_gets_a_suggestion(tmp_path: Path) -> None:
    found = plan_file_problems(
        tmp_path,
        PLAN_FILE.replace("OWNER", "Zoe").replace("OBJECTIVE", "augmenter les vente"),
    )
    owner = found["actions[0].owner"]
    assert owner.text("fr") == (
        "'Zoe' n'est pas un responsable connu (connus : Zoé, Marc) ; vouliez-vous dire 'Zoé' ?"
    )
    assert owner.text("en").endswith("(known: Zoé, Marc); did you mean 'Zoé'?")
    objective = found["actions[1].objectives[0]"].text("en")  # a title, closest to one known
    assert objective.endswith("did you mean 'Augmenter les ventes'?")
    assert "did you mean" not in found["actions[1].kpis[0]"].text("en")  # K9: none close

    # the workbook: Zoe typed in E7 is added as an owner, with the same suggestion; an
    # unknown objective typed in C8 too
    path = bakery(tmp_path, "zoe.xlsx", E7="Zoe", C8="Fideliser la clientele")
    read = problems(path)
    unlisted = read[("Plan d'action", "E7")]
    assert unlisted.code is ProblemCode.OWNER_UNLISTED
    assert unlisted.text("fr") == (
        "le responsable 'Zoe' n'est pas dans la feuille des responsables ; ajouté aux "
        "responsables du plan ; vouliez-vous dire 'Zoé' ?"
    )
    hint = "did you mean 'Fidéliser la clientèle du quartier'?"
    assert read[("Plan d'action", "C8")].text("en").endswith(hint)
    assert "vouliez-vous dire 'Zoé' ?" in report_table(path, "fr")


def test_a_date_typed_as_text_is_read_with_a_warning(tmp_path: Path) -> None:
    # I7, A3's start, typed as the text '15/03/2026' (a leading quote in Excel, a paste);
    # J7 a true date; the objective O1's deadline as ISO text
    path = bakery(
        tmp_path,
        "dates.xlsx",
        I7="15/03/2026",
        J7=dt.datetime(2026, 6, 30),
        Objectifs_D5="2026-06-30",
    )
    found = problems(path)
    start = found[("Plan d'action", "I7")]
    assert (start.code, start.severity) == (ProblemCode.DATE_AS_TEXT, "warning")
    assert start.text("fr") == (
        "la date est saisie comme le texte '15/03/2026' : xlplan lit 2026-03-15, mais les "
        "formules et les tris du classeur ne la voient pas comme une date ; ressaisissez-la "
        "comme une date"
    )
    assert start.text("en") == (
        "the date is typed as the text '15/03/2026': xlplan reads 2026-03-15, but the "
        "workbook's own formulas and sorting do not see it as a date; retype it as a date"
    )
    assert found[("Objectifs", "D5")].code is ProblemCode.DATE_AS_TEXT
    assert ("Plan d'action", "J7") not in found
    plan = xlplan.read(path).plan
    assert (plan.actions[2].start, plan.actions[2].end) == (
        dt.date(2026, 3, 15),
        dt.date(2026, 6, 30),
    )
    assert plan.objectives[0].deadline == dt.date(2026, 6, 30)
    assert "ressaisissez-la comme une date" in report_table(path, "fr")


def test_refresh_says_which_values_it_does_not_carry(tmp_path: Path) -> None:
    from xlplan.refresh import refresh

    path = bakery(
        tmp_path,
        "typed.xlsx",
        J5="fin juin",  # not a date
        P6=-200,  # a negative amount
        K7="Mensuelle",  # a frequency in the recurrence column
        C7="O1, O8, O9",  # two unknown objectives in one cell: one problem
        J8=dt.datetime(2026, 8, 20),  # A4 ends before it starts
        KPI_G6=12,  # a target on a KPI row without a name
        U6="1 250,00 €",  # an amount as text: read, and carried
    )
    result = refresh(path, tmp_path / "fresh.xlsx")
    left_out = {(p.sheet, p.cell): p for p in result.problems if "not carried" in p.text("en")}
    assert sorted(left_out) == sorted(
        [
            ("Plan d'action", "J5"),
            ("Plan d'action", "P6"),
            ("Plan d'action", "K7"),
            ("Plan d'action", "C7"),
            ("Plan d'action", "J8"),
            ("KPI", "B6"),
        ]
    )
    assert len(result.problems) == len({(p.sheet, p.cell) for p in result.problems})
    assert left_out[("Plan d'action", "C7")].code is ProblemCode.REFERENCE_UNKNOWN
    assert left_out[("Plan d'action", "C7")].text("fr") == (
        "'O8' n'est pas un objectif connu (connus : O1, O2) ; 'O9' n'est pas un objectif connu "
        "(connus : O1, O2) ; non repris dans le nouveau classeur"
    )
    assert (
        left_out[("Plan d'action", "J5")]
        .text("fr")
        .endswith(" ; non repris dans le nouveau classeur")
    )
    assert left_out[("KPI", "B6")].text("fr") == (
        "champ obligatoire manquant ; ligne non reprise dans le nouveau classeur"
    )
    assert (
        left_out[("Plan d'action", "P6")].text("en").endswith("; not carried into the new workbook")
    )
    assert found_codes(result.problems, "U6") == [ProblemCode.AMOUNT_AS_TEXT]

    # the new workbook holds what was carried, and none of what was not
    fresh = xlplan.read(tmp_path / "fresh.xlsx")
    assert fresh.problems == []
    a1, a2, a3, a4 = fresh.plan.actions
    assert (a1.end, a2.budget.q2, a3.recurrence, a3.objectives) == (None, 0, "one_off", ["O1"])
    assert (a4.start, a4.end) == (dt.date(2026, 9, 1), None)
    assert a2.actual.q2 == 1250
    assert [k.name for k in fresh.plan.kpis] == ["Panier moyen"]

    # the command line, in French
    result_cli = CliRunner().invoke(
        main, ["--lang", "fr", "refresh", str(path), "-o", str(tmp_path / "cli.xlsx")]
    )
    assert result_cli.exit_code == 1
    lines = [line for line in result_cli.stderr.splitlines() if "non repris" in line]
    assert len(lines) == 6, result_cli.stderr


def found_codes(found: list[xlplan.Problem], cell: str) -> list[ProblemCode]:
    return [p.code for p in found if p.cell == cell]
