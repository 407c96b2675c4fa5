"""Messages in French and English: one gettext catalog, the terminal's language and the
workbook's.

The catalog (``xlplan/i18n/locale/fr/LC_MESSAGES/xlplan.po``) is the source of truth: the
committed ``.mo`` must be its compilation, and every message the code marks with ``msg`` (or the
command line's ``_t`` and ``_h``) must have a French text with the same placeholders.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import string
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner
from conftest import ROOT
from sheets import load

import xlplan
from xlplan.cli import main
from xlplan.i18n import LOCALE_DIR, environment_lang, msg
from xlplan.reading.handmade import read_table

PACKAGE = Path(xlplan.__file__).parent
PO = LOCALE_DIR / "fr" / "LC_MESSAGES" / "xlplan.po"
MO = PO.with_suffix(".mo")
NO_LANG = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}
N = "\u202f"  # French thousands separator (narrow no-break space, as CLDR)
PC = "\u00a0%"  # French percent sign, after a no-break space


def catalog() -> object:
    with PO.open("rb") as f:
        return read_po(f, locale="fr", domain="xlplan")


def marked() -> dict[str, list[str]]:
    """Every msgid of the code, with where it is used."""
    found: dict[str, list[str]] = {}
    for filename, line, message, _, _ in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords={"msg": None, "_t": None, "_h": None}
    ):
        found.setdefault(message, []).append(f"{filename}:{line}")
    return found


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_committed_mo_is_the_compilation_of_the_po() -> None:
    compiled = io.BytesIO()
    write_mo(compiled, catalog())  # type: ignore[arg-type]
    assert MO.read_bytes() == compiled.getvalue(), (
        "run: pybabel compile -d xlplan/i18n/locale -D xlplan"
    )


def test_every_message_of_the_code_has_a_french_text_with_the_same_placeholders() -> None:
    po = catalog()
    code = marked()
    assert len(code) > 50
    missing = [m for m in code if m not in po or not po[m].string]  # type: ignore[operator,index]
    assert missing == []
    for message in code:
        assert fields(po[message].string) == fields(message), message  # type: ignore[index]
    unused = [m.id for m in po if m.id and m.id not in code]  # type: ignore[attr-defined]
    assert unused == []


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "fr"}, "fr"),
        ({"LANG": "fr_CA.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "en"),  # LC_ALL wins over LANG
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "fr_BE.UTF-8"}, "fr"),
        ({"LANG": "en_US.UTF-8", "LANGUAGE": "fr:en"}, "fr"),
        ({"LANG": "fy_NL.UTF-8"}, "en"),  # Frisian is not French
    ],
)
def test_the_environment_chooses_the_terminals_language(environ: dict[str, str], lang: str) -> None:
    assert environment_lang(environ) == lang


def test_a_message_renders_in_both_languages_with_its_nested_parts() -> None:
    inner = msg("expected a date between 1900 and 9999")
    outer = msg("found {value} — {expected}", value="'32/01/2024'", expected=inner)
    assert outer.text("en") == "found '32/01/2024' — expected a date between 1900 and 9999"
    assert outer.text("fr") == "trouvé '32/01/2024' — date attendue entre 1900 et 9999"
    assert str(outer) == outer.text("en")


def test_a_message_travels_between_processes_whole() -> None:
    # (check's worker processes send their findings' messages back pickled)
    import copy
    import pickle

    from xlplan.i18n import Joined, Number, Worded

    said = msg(
        "{a}, {b} — {c}",
        a=Worded("À faire", "To do"),
        b=Number(Decimal("1250.5"), ",.2f", " %"),
        c=Joined(", ", ("A1", msg("expected a date between 1900 and 9999"))),
    )
    for again in (pickle.loads(pickle.dumps(said)), copy.deepcopy(said)):
        assert again == said
        assert (
            again.text("fr")
            == "À faire, 1\u202f250,50\u00a0% — A1, date attendue entre 1900 et 9999"
        )
        assert again.text("en") == "To do, 1,250.50 % — A1, expected a date between 1900 and 9999"


def test_the_terminal_speaks_french_when_asked_and_english_by_default(tmp_path: Path) -> None:
    args = ["new", "-o", str(tmp_path / "x.xlsx"), "--currency", "euros"]
    english = CliRunner().invoke(main, args, env=NO_LANG)
    assert english.exit_code == 2
    assert "expected an ISO 4217 currency code (EUR, GBP, USD, CHF, JPY…), found 'euros'" in (
        english.output
    )
    for french in (
        CliRunner().invoke(main, ["--lang", "fr", *args], env={**NO_LANG, "LANG": "C.UTF-8"}),
        CliRunner().invoke(main, args, env={**NO_LANG, "LANG": "fr_FR.UTF-8"}),
    ):
        assert french.exit_code == 2
        assert "code de devise ISO 4217 attendu (EUR, GBP, USD, CHF, JPY…), trouvé 'euros'" in (
            french.output
        )
    # --lang en wins over a French environment
    forced = CliRunner().invoke(main, ["--lang", "en", *args], env={**NO_LANG, "LANG": "fr_FR"})
    assert "expected an ISO 4217 currency code" in forced.output


def french_table(path: Path) -> Path:
    """Mimine's newsletter typed by hand, with 'douze' in Q2 and an end before its start."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Actions 2024"
    ws.append(["Action", "Responsable", "T1", "T2", "T3", "T4", "Fin", "Début"])
    ws.append(["Newsletter", "Arnaud", 0, "douze", 50, 199, "2024-01-31", "2024-05-02"])
    wb.save(path)
    return path


def test_a_french_workbook_is_annotated_in_french_while_the_terminal_speaks_english(
    tmp_path: Path,
) -> None:
    source = french_table(tmp_path / "plan.xlsx")
    problems = read_table(source).problems
    assert [(p.code, p.cell) for p in problems][:2] == [
        ("cell-unreadable", "D2"),
        ("end-before-start", "G2"),
    ]
    out = tmp_path / "annoté.xlsx"
    result = CliRunner().invoke(
        main, ["report", str(source), "--annotate", str(out)], env={**NO_LANG, "LANG": "en_GB"}
    )
    assert result.exit_code == 1, result.output
    # the terminal: English
    douze_en = "T2: found 'douze' — expected an amount such as 1 250,00 or 1250.00"
    assert f"  error     Actions 2024!D2  {douze_en}" in result.stdout.splitlines()
    assert f"wrote {out}" in result.stderr
    # the workbook: French, under French headers, in the list and in the comments
    douze_fr = "T2 : trouvé 'douze' — montant attendu, comme 1 250,00 ou 1250.00"
    end_fr = "la fin 2024-01-31 est avant le début 2024-05-02 : la date de fin n'est pas importée"
    wb = load(out)
    listing = [[c.value for c in row] for row in wb["Problèmes"].iter_rows()]
    assert listing[0] == ["Gravité", "Feuille", "Cellule", "Message"]
    assert ["erreur", "Actions 2024", "D2", douze_fr] in listing
    assert ["erreur", "Actions 2024", "G2", end_fr] in listing
    assert wb["Actions 2024"]["D2"].comment.text == f"xlplan — erreur : {douze_fr}"
    # the same problems in English, the message field kept English for compatibility
    assert problems[0].message == douze_en == problems[0].text("en")
    assert problems[0].text("fr") == douze_fr


def test_the_french_terminal_lists_the_problems_in_french(tmp_path: Path) -> None:
    source = french_table(tmp_path / "plan.xlsx")
    result = CliRunner().invoke(main, ["--lang", "fr", "report", str(source)], env=NO_LANG)
    assert result.exit_code == 1
    assert (
        "  erreur         Actions 2024!D2  T2 : trouvé 'douze' — montant attendu, comme "
        "1 250,00 ou 1250.00"
    ) in result.stdout.splitlines()
    # (listed once, in the report: the terminal's other stream counts them)
    assert result.stderr == f"{source} : 3 problème(s), listés sous Problèmes\n"


def test_a_library_error_is_told_in_the_terminals_language(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    out.write_bytes(b"")
    args = ["new", "-o", str(out)]
    english = CliRunner().invoke(main, args, env=NO_LANG)
    assert english.exit_code == 2
    assert f"{out}: already exists; use --force to replace it" in english.output
    french = CliRunner().invoke(main, ["--lang", "fr", *args], env=NO_LANG)
    assert french.exit_code == 2
    assert f"{out} : existe déjà ; utilisez --force pour le remplacer" in french.output
    assert out.read_bytes() == b""


def test_no_plan_table_is_told_in_french_with_what_was_looked_for(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Notes"
    wb.active.append(["Idée", "Commentaire"])
    wb.save(tmp_path / "notes.xlsx")
    with pytest.raises(xlplan.WorkbookError) as caught:
        read_table(tmp_path / "notes.xlsx")
    assert "no plan table found: looked for a header row with 'Action'" in str(caught.value)
    french = caught.value.text("fr")
    assert french.startswith(f"{tmp_path / 'notes.xlsx'} : aucun tableau de plan trouvé : ")
    assert french.endswith("; la feuille 'Notes' a en ligne 1 'Idée', 'Commentaire'")


def test_a_file_that_is_not_a_workbook_is_refused_in_the_terminals_language(
    tmp_path: Path,
) -> None:
    csv = tmp_path / "plan.xlsx"
    csv.write_text("Action;Budget\nNewsletter;199\n", encoding="utf-8")
    english = CliRunner().invoke(main, ["report", str(csv)], env=NO_LANG)
    assert english.exit_code == 2
    assert f"{csv}: this is a text/CSV file, not a workbook" in english.output
    french = CliRunner().invoke(main, ["report", str(csv)], env={**NO_LANG, "LANG": "fr_FR.UTF-8"})
    assert french.exit_code == 2
    assert f"{csv} : c'est un fichier texte/CSV, pas un classeur ; ouvrez-le" in french.output


def test_an_option_refused_by_the_library_is_told_in_french(tmp_path: Path) -> None:
    args = ["check", str(tmp_path), "--warn-at", "80,douze"]
    english = CliRunner().invoke(main, args, env=NO_LANG)
    assert english.exit_code == 2
    assert "found 'douze' in '80,douze'" in english.output
    french = CliRunner().invoke(main, ["--lang", "fr", *args], env=NO_LANG)
    assert french.exit_code == 2
    assert "trouvé 'douze' dans '80,douze'" in french.output
    rule = CliRunner().invoke(main, ["--lang", "fr", "check", str(tmp_path), "--fail-on", "x"])
    assert rule.exit_code == 2
    assert "règle inconnue 'x' (règles : " in rule.output


def test_an_own_french_workbook_gets_french_comments_from_an_english_terminal(
    tmp_path: Path,
) -> None:
    from sheets import column

    from xlplan.model.files import load_plan
    from xlplan.writing.workbook import build

    samples = PACKAGE.parent / "samples"
    wb = load(build(load_plan(samples / "bob.yaml"), tmp_path / "bob.xlsx"))
    plan = wb["Plan d'action"]
    ref = f"{column(plan, 'Total')}5"  # Bob's first action: a computed total
    plan[ref] = 1234
    wb.save(tmp_path / "edited.xlsx")
    out = tmp_path / "annoté.xlsx"
    args = ["report", str(tmp_path / "edited.xlsx"), "--annotate", str(out)]
    result = CliRunner().invoke(main, args, env={**NO_LANG, "LANG": "C.UTF-8"})
    assert result.exit_code == 0, result.output
    comment = load(out)["Plan d'action"][ref].comment.text
    assert comment.startswith("xlplan — avertissement : cellule calculée remplacée par la ")
    assert "constante 1234.0 ; xlplan calcule " in comment
    # the terminal: the same problem, in English
    assert f"Plan d'action!{ref}  computed cell overwritten with the constant 1234.0; " in (
        result.stdout
    )


def test_a_plan_file_with_a_typo_is_told_in_french_with_the_suggestion(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "name: Mimine\nfiscal_year_start: 2024-01-01\nbudjet: 10\nactions:\n  - title: Vidéo\n",
        encoding="utf-8",
    )
    args = ["build", str(plan), "-o", str(tmp_path / "x.xlsx")]
    english = CliRunner().invoke(main, args, env=NO_LANG)
    assert english.exit_code == 2
    assert "unknown key 'budjet'" in english.output
    french = CliRunner().invoke(main, ["--lang", "fr", *args], env=NO_LANG)
    assert french.exit_code == 2
    assert "clé inconnue 'budjet'" in french.output
    assert not (tmp_path / "x.xlsx").exists()


def test_a_plans_cross_field_problems_render_in_french() -> None:
    from xlplan.errors import PlanValidationError
    from xlplan.model.validation import validate_plan

    data = {
        "name": "Mimine",
        "fiscal_year_start": "2024-01-01",
        "actions": [{"title": "Vidéo", "start": "2024-05-02", "end": "2024-01-31", "owner": "Zoé"}],
    }
    with pytest.raises(PlanValidationError) as caught:
        validate_plan(data)
    codes = [p.code for p in caught.value.problems]
    assert codes == ["reference-unknown", "end-before-start"]
    english, french = caught.value.text("en"), caught.value.text("fr")
    assert "actions[0].end: 2024-01-31 is before start 2024-05-02" in english
    assert "actions[0].end : 2024-01-31 est avant le début 2024-05-02" in french
    assert "actions[0].owner : 'Zoé' n'est pas un responsable connu" in french


def overrun_folder(tmp_path: Path) -> Path:
    """Mimine's plan with an envelope of 1 500: Salon 1 000 planned, 1 025 spent (+2.5 %);
    Formation 500 planned, 628 spent (+25.6 %); Mailing 100 planned, nothing spent, ended
    31/03/2025 with no objective. Beside it, an OpenDocument file check cannot read."""
    import datetime as dt

    plan = xlplan.Plan(
        name="Mimine",
        fiscal_year_start=dt.date(2025, 1, 1),
        envelope=xlplan.Envelope(amount=1500),
        owners=[xlplan.Owner(name="Y")],
        objectives=[xlplan.Objective(title="40 nouveaux clients")],
        actions=[
            xlplan.Action(
                title="Salon", objectives=["O1"], owner="Y", budget=[1000], actual=[1025]
            ),
            xlplan.Action(
                title="Formation", objectives=["O1"], owner="Y", budget=[500], actual=[628]
            ),
            xlplan.Action(title="Mailing", owner="Y", budget=[100], end=dt.date(2025, 3, 31)),
        ],
    )
    folder = tmp_path / "plans"
    folder.mkdir()
    xlplan.build(plan, folder / "plan.xlsx", as_of=dt.date(2025, 7, 1))
    (folder / "notes.ods").write_bytes(b"PK")
    return folder


def test_checks_table_is_in_the_terminals_language_and_its_json_stays_english(
    tmp_path: Path,
) -> None:
    folder = overrun_folder(tmp_path)
    plan = folder / "plan.xlsx"
    args = ["check", str(folder), "--max-overrun", "20%", "--as-of", "2025-07-01"]
    # planned 1 000 + 500 + 100 = 1 600, spent 1 025 + 628 = 1 653: 1 653 / 1 500 = 110.2 %;
    # Formation 128 over 500 = +25.6 % (> 20 %), Salon's +2.5 % tolerated; Mailing ended
    # 31/03 is 92 days before 01/07 (30 + 31 + 30 + 1)
    english = CliRunner().invoke(main, args, env=NO_LANG)
    assert english.exit_code == 1
    assert english.stdout.splitlines() == [
        f"BREACH   {plan}: 1,653.00 spent of 1,600.00 planned, 110.2 % consumed; 3 breach(es): "
        "A2 Formation, Q1: 628.00 spent for 500.00 planned (+25.6 %; tolerated 20 %); "
        "planned total 1,600.00 is above the envelope 1,500.00; "
        "actual total 1,653.00 is above the envelope 1,500.00; 3 warning(s)",
        f"SKIPPED  {folder / 'notes.ods'}: an OpenDocument spreadsheet; xlplan checks .xlsx and "
        ".xlsm workbooks: save it as an Excel workbook (.xlsx) to check it",
        "",
        f"{plan}:",
        "  fail  overrun   A2 Formation, Q1: 628.00 spent for 500.00 planned (+25.6 %; "
        "tolerated 20 %)",
        "  fail  envelope  planned total 1,600.00 is above the envelope 1,500.00",
        "  fail  envelope  actual total 1,653.00 is above the envelope 1,500.00",
        "  warn  late      A3 Mailing: was due on 2025-03-31 (92 days ago), status To do",
        "  warn  hygiene   action A3 “Mailing” serves no objective",
        "  warn  consumed  110.2 % of the budget consumed (warning at 100 %)",
        "",
        "1 file(s): 0 ok, 1 breaching, 0 unusable, 1 skipped",
    ]
    french = CliRunner().invoke(main, ["--lang", "fr", *args], env=NO_LANG)
    assert french.exit_code == 1
    assert french.stdout.splitlines() == [
        f"DÉPASSEMENT  {plan} : 1{N}653,00 dépensés sur 1{N}600,00 prévus, 110,2{PC} consommés ; "
        "3 dépassement(s) : A2 Formation, T1 : 628,00 dépensés pour 500,00 prévus "
        f"(+25,6{PC} ; toléré 20{PC}) ; le total prévu 1{N}600,00 dépasse l'enveloppe "
        f"1{N}500,00 ; le total réel 1{N}653,00 dépasse l'enveloppe 1{N}500,00 ; "
        "3 avertissement(s)",
        f"IGNORÉ       {folder / 'notes.ods'} : un classeur OpenDocument ; xlplan vérifie les "
        "classeurs .xlsx et .xlsm : enregistrez-le comme classeur Excel (.xlsx) pour le vérifier",
        "",
        f"{plan} :",
        f"  échec   dépassement  A2 Formation, T1 : 628,00 dépensés pour 500,00 prévus "
        f"(+25,6{PC} ; toléré 20{PC})",
        f"  échec   enveloppe    le total prévu 1{N}600,00 dépasse l'enveloppe 1{N}500,00",
        f"  échec   enveloppe    le total réel 1{N}653,00 dépasse l'enveloppe 1{N}500,00",
        "  alerte  en retard    A3 Mailing : devait se terminer le 2025-03-31 (il y a 92 jours), "
        "statut À faire",
        "  alerte  hygiène      l'action A3 « Mailing » ne sert aucun objectif",
        f"  alerte  consommé     110,2{PC} du budget consommés (avertissement à 100{PC})",
        "",
        "1 fichier(s) : 0 ok, 1 en dépassement, 0 inutilisable(s), 1 ignoré(s)",
    ]
    # the JSON for scripts stays English, whatever the terminal's language
    machine = CliRunner().invoke(main, ["--lang", "fr", *args, "--format", "json"], env=NO_LANG)
    data = json.loads(machine.stdout)
    # (the progress lines for people, on stderr, are in French)
    assert machine.stderr.startswith(f"DÉPASSEMENT  {plan} : 1{N}653,00 dépensés sur ")
    assert data["files"][0]["findings"][0]["message"] == (
        "A2 Formation, Q1: 628.00 spent for 500.00 planned (+25.6 %; tolerated 20%)"
    )
    assert "said" not in data["files"][0]["findings"][0]
    assert data["skipped"][0]["reason"].startswith("an OpenDocument spreadsheet; xlplan checks")


def test_checks_unusable_files_are_told_in_french(tmp_path: Path) -> None:
    folder = overrun_folder(tmp_path)
    (folder / "texte.xlsx").write_text("Action;Budget\n", encoding="utf-8")
    args = ["--lang", "fr", "check", str(folder), "--strict", "--quiet", "--as-of", "2025-07-01"]
    result = CliRunner().invoke(main, args, env=NO_LANG)
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert (
        f"INUTILISABLE {folder / 'notes.ods'} : un classeur OpenDocument ; xlplan " in (lines[-1])
    )
    assert lines[-2].startswith(
        f"INUTILISABLE {folder / 'texte.xlsx'} : c'est un fichier texte/CSV, pas un classeur"
    )


def test_an_output_that_is_a_pipe_is_refused_in_french(tmp_path: Path) -> None:
    import os

    pipe = tmp_path / "pipe.xlsx"
    os.mkfifo(pipe)
    args = ["new", "-o", str(pipe), "--force"]
    english = CliRunner().invoke(main, args, env=NO_LANG)
    assert english.exit_code == 2
    assert f"{pipe}: is not a file (a device, a pipe or a folder); write to a file" in (
        english.output
    )
    french = CliRunner().invoke(main, ["--lang", "fr", *args], env=NO_LANG)
    assert french.exit_code == 2
    assert f"{pipe} : n'est pas un fichier (un périphérique, un tube ou un dossier)" in (
        french.output
    )
    assert pipe.is_fifo()


@pytest.mark.parametrize(
    ("text", "english", "french"),
    [
        (
            "name: Mimine\nyear: 20\nactions:\n  - title: Vidéo\n",
            ["line 2 (year): expected a year such as 2024, found 20"],
            ["ligne 2 (year) : année attendue, comme 2024, trouvé 20"],
        ),
        (
            "name: Mimine\nfiscal_year_start: 2024-03-02\nactions:\n  - title: Vidéo\n",
            ["the fiscal year must start on the 1st of a month, found 2024-03-02"],
            ["l'exercice doit commencer le 1er d'un mois, trouvé 2024-03-02"],
        ),
        (
            "name: Mimine\nfiscal_year_start: 2024-01-01\n"
            "envelope: {amount: 10, percent_of_revenue: 5, revenue_forecast: 100}\n"
            "checks: {max_overrun: douze}\n"
            "actions:\n  - title: Vidéo\n    budget: [1, 2, 3, 4, 5]\n",
            [
                "line 3 (envelope): give either amount or percent_of_revenue, not both",
                "line 4 (checks.max_overrun): expected a percentage such as 30% or an amount "
                "such as 500, found 'douze'",
                "line 7 (actions[0].budget): expected at most 4 quarterly values or 12 monthly "
                "values, found 5",
            ],
            [
                "ligne 3 (envelope) : donnez amount ou percent_of_revenue, pas les deux",
                "ligne 4 (checks.max_overrun) : pourcentage attendu, comme 30%, ou montant, comme "
                "500 ; trouvé 'douze'",
                "ligne 7 (actions[0].budget) : au plus 4 valeurs trimestrielles ou 12 valeurs "
                "mensuelles attendues, trouvé 5",
            ],
        ),
        (
            "name: Mimine\nfiscal_year_start: 2024-01-01\n"
            "envelope: {percent_of_revenue: 5}\nactions:\n  - title: Vidéo\n",
            ["line 3 (envelope): percent_of_revenue needs revenue_forecast"],
            ["ligne 3 (envelope) : percent_of_revenue demande revenue_forecast"],
        ),
        (
            "name: Mimine\nfiscal_year_start: 2024-01-01\n"
            "actions:\n  - title: Vidéo\n    extra: {Responsable: Zoé}\n",
            [
                "actions[0].extra: extra column 'Responsable' has the name of one of the action "
                "plan's own columns; rename it"
            ],
            [
                "actions[0].extra : la colonne supplémentaire 'Responsable' porte le nom d'une des "
                "colonnes du plan d'action ; renommez-la"
            ],
        ),
    ],
)
def test_the_plans_field_refusals_are_told_in_french(
    tmp_path: Path, text: str, english: list[str], french: list[str]
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    args = ["build", str(plan), "-o", str(tmp_path / "x.xlsx")]
    for lang, expected in (("en", english), ("fr", french)):
        result = CliRunner().invoke(main, ["--lang", lang, *args], env=NO_LANG)
        assert result.exit_code == 2
        for line in expected:
            assert line in result.output, (lang, result.output)
    assert not (tmp_path / "x.xlsx").exists()


def test_an_unknown_starter_template_is_told_in_french(tmp_path: Path) -> None:
    args = ["new", "--template", "nope", "-o", str(tmp_path / "x.xlsx")]
    english = CliRunner().invoke(main, args, env=NO_LANG)
    assert english.exit_code == 2
    assert "no starter template 'nope' in language 'fr' (known: blank, " in english.output
    french = CliRunner().invoke(main, ["--lang", "fr", *args], env=NO_LANG)
    assert french.exit_code == 2
    assert "pas de modèle de départ 'nope' en langue 'fr' (connus : blank, " in french.output
    assert not (tmp_path / "x.xlsx").exists()


def test_a_plan_too_large_to_read_back_is_refused_in_french(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    from xlplan.errors import PlanValidationError
    from xlplan.writing import workbook

    # a reader's limit lowered to 1 000 cells: three actions make more than that
    monkeypatch.setattr(workbook, "LIMITS", dataclasses.replace(workbook.LIMITS, max_cells=1000))
    plan = xlplan.Plan(
        name="Mimine",
        year=2024,  # type: ignore[call-arg]
        actions=[xlplan.Action(title=t) for t in ("Salon", "Flyers", "Formation")],
    )
    with pytest.raises(PlanValidationError) as caught:
        workbook.build(plan, tmp_path / "x.xlsx")
    english, french = caught.value.text("en"), caught.value.text("fr")
    assert english.startswith("actions: 3 actions make a workbook of about ")
    assert english.endswith(
        "cells, more than the 1,000 xlplan reads back: split the plan in several"
    )
    assert french.startswith("actions : 3 actions font un classeur d'environ ")
    assert french.endswith(f"plus que les 1{N}000 que xlplan relit : découpez le plan en plusieurs")
    assert not (tmp_path / "x.xlsx").exists()


def test_reports_table_and_markdown_follow_the_terminal_and_its_json_stays_english(
    tmp_path: Path,
) -> None:
    source = french_table(tmp_path / "plan.xlsx")
    args = ["report", str(source), "--as-of", "2024-07-01"]
    # planned: Q3 50 + Q4 199 = 249 ('douze' in Q2 is not read); no envelope, nothing spent
    english = CliRunner().invoke(main, args, env=NO_LANG)
    assert english.exit_code == 1
    lines = english.stdout.splitlines()
    assert lines[0] == "plan (2024-01-01 – 2024-12-31, EUR) as of 2024-07-01"
    assert "  planned  0.00  0.00  50.00  199.00  249.00" in lines
    assert "Overruns: none" in lines
    assert "  severity  where            message" in lines
    assert (
        "  error     Actions 2024!D2  T2: found 'douze' — expected an amount such as 1 250,00 "
        "or 1250.00"
    ) in lines
    french = CliRunner().invoke(main, ["--lang", "fr", *args], env=NO_LANG)
    assert french.exit_code == 1
    lines = french.stdout.splitlines()
    assert lines[0] == "plan (2024-01-01 – 2024-12-31, EUR) au 2024-07-01"
    assert "Budget :" in lines
    assert "  prévu  0,00  0,00  50,00  199,00  249,00" in lines
    assert "  réel   0,00  0,00   0,00    0,00    0,00" in lines
    assert "Dépassements : néant" in lines
    assert "Actions en retard : néant" in lines
    assert "  gravité        où               message" in lines
    assert (
        "  erreur         Actions 2024!D2  T2 : trouvé 'douze' — montant attendu, comme "
        "1 250,00 ou 1250.00"
    ) in lines
    assert not any("found 'douze'" in line for line in lines)
    # the French environment gives the same as --lang fr
    environ = CliRunner().invoke(main, args, env={**NO_LANG, "LANG": "fr_FR.UTF-8"})
    assert environ.stdout == french.stdout
    markdown = CliRunner().invoke(
        main, ["--lang", "fr", *args, "--format", "markdown"], env=NO_LANG
    )
    assert "## Écarts des KPI\n\nNéant.\n" in markdown.stdout
    assert "| erreur | Actions 2024!G2 | la fin 2024-01-31 est avant le début 2024-05-02" in (
        markdown.stdout
    )
    # JSON and CSV, for scripts, are the same in both languages
    for fmt in ("json", "csv"):
        english_out, french_out = (
            CliRunner().invoke(main, [*lang, *args, "--format", fmt], env=NO_LANG).stdout
            for lang in ([], ["--lang", "fr"])
        )
        assert english_out == french_out
        if fmt == "json":
            problem = json.loads(french_out)["problems"][0]
            assert problem["message"].startswith("T2: found 'douze' — expected an amount")


def edited_mimine(path: Path, **changes: dict[str, object]) -> Path:
    """The Mimine sample saved to `path` with fields of actions changed (per action id)."""
    data = xlplan.load_plan(ROOT / "samples" / "mimine.yaml").model_dump(mode="python")
    for item in data["actions"]:
        item.update(changes.pop(item["id"], {}))
    xlplan.save_plan(xlplan.Plan.model_validate(data), path)
    return path


def test_diffs_table_and_markdown_follow_the_terminal_and_its_json_stays_english(
    tmp_path: Path,
) -> None:
    old = ROOT / "samples" / "mimine.yaml"
    new = edited_mimine(tmp_path / "new.yaml", A1={"budget": {"q1": 900}})
    args = ["diff", str(old), str(new), "--as-of", "2024-10-01"]
    english = CliRunner().invoke(main, args, env=NO_LANG)
    french = CliRunner().invoke(main, ["--lang", "fr", *args], env=NO_LANG)
    # A1's Q1 800 -> 900: planned Q1 1 250 + 100 = 1 350, total 28 129 + 100 = 28 229
    assert english.exit_code == french.exit_code == 1
    lines = english.stdout.splitlines()
    assert lines[0].endswith("new.yaml, as of 2024-10-01")
    for line in ("Plan: no change", "Actions: 1 changed", "Objectives: none", "Money:",
                 "  planned after   1,350.00  3,030.00  13,550.00  10,299.00  28,229.00",
                 "  planned delta     100.00      0.00       0.00       0.00     100.00",
                 "Budget moved: none"):  # fmt: skip
        assert line in lines, line
    lines = french.stdout.splitlines()
    assert lines[0].endswith("new.yaml, au 2024-10-01")
    for line in ("Plan : aucun changement", "Actions : 1 modifié(s)",
                 "  ~ A1 Vidéo de présentation", "      budget.q1 : 800 → 900",
                 "Objectifs : aucun", "Responsables : aucun",
                 "Montants :", "                     T1        T2         T3         T4      total",
                 f"  prévu après  1{N}350,00  3{N}030,00  13{N}550,00  10{N}299,00  28{N}229,00",
                 "  prévu écart    100,00      0,00       0,00       0,00     100,00",
                 "Budget déplacé : aucun"):  # fmt: skip
        assert line in lines, line
    markdown = CliRunner().invoke(
        main, ["--lang", "fr", *args, "--format", "markdown"], env=NO_LANG
    )
    assert markdown.stdout.startswith("# Changements : ")
    assert "| modifié(s) | A1 Vidéo de présentation | budget.q1 | 800 | 900 |" in markdown.stdout
    assert markdown.stdout.endswith("\n\nAucun budget déplacé.\n")
    same = CliRunner().invoke(main, ["--lang", "fr", "diff", str(old), str(old)], env=NO_LANG)
    assert same.exit_code == 0
    assert same.stdout.splitlines()[-1] == "Aucune différence."
    # the JSON for scripts is the same in both languages
    english_json, french_json = (
        CliRunner().invoke(main, [*lang, *args, "--format", "json"], env=NO_LANG).stdout
        for lang in ([], ["--lang", "fr"])
    )
    assert english_json == french_json
    assert json.loads(french_json)["actions"][0]["status"] == "changed"


def test_consolidates_table_follows_the_terminal_and_its_json_stays_english() -> None:
    samples = ROOT / "samples"
    args = ["consolidate", str(samples / "mimine.yaml"), str(samples / "bob.yaml")]
    args += ["--year", "2024"]
    english = CliRunner().invoke(main, args, env=NO_LANG)
    french = CliRunner().invoke(main, ["--lang", "fr", *args], env=NO_LANG)
    assert english.exit_code == french.exit_code == 0, english.output
    # Mimine's 14 actions and Bob's 10: 24; planned 28 129 + 57 200 = 85 329; Q1: Mimine
    # 800 + 450, Bob 12 000 + 9 000 + 600 + 1 500: 24 350
    assert english.stdout.splitlines()[0].endswith(
        " — 24 actions, fiscal year from 2024-01-01, EUR"
    )
    assert english.stdout.splitlines()[2].split() == [
        "team", "file", "currency", "rate", "actions", "planned", "actual", "envelope"
    ]  # fmt: skip
    lines = french.stdout.splitlines()
    assert lines[0].endswith(" — 24 actions, exercice à partir du 2024-01-01, EUR")
    assert lines[2].split() == [
        "équipe", "fichier", "devise", "taux", "actions", "prévu", "réel", "enveloppe"
    ]  # fmt: skip
    assert lines[5].split()[:3] == ["total", "EUR", "24"]
    assert lines[-2].replace(N, "_").split() == ["prévu", "24_350,00", "13_730,00", "26_250,00",
                                                 "20_999,00", "85_329,00"]  # fmt: skip
    assert lines[-1].split()[0] == "réel"
    # the JSON for scripts is the same in both languages
    english_json, french_json = (
        CliRunner().invoke(main, [*lang, *args, "--format", "json"], env=NO_LANG).stdout
        for lang in ([], ["--lang", "fr"])
    )
    assert english_json == french_json
    assert json.loads(french_json)["by_team"][0]["planned"] == 28129


def test_a_built_plans_report_in_french_has_its_kpi_statuses_and_late_actions(
    tmp_path: Path,
) -> None:
    built = xlplan.build(
        xlplan.load_plan(ROOT / "samples" / "mimine.yaml"),
        tmp_path / "mimine.xlsx",
        as_of=dt.date(2024, 10, 1),
    )
    args = ["report", str(built), "--as-of", "2024-10-01"]
    english = CliRunner().invoke(main, args, env=NO_LANG).stdout.splitlines()
    french = CliRunner().invoke(main, ["--lang", "fr", *args], env=NO_LANG).stdout.splitlines()
    # A6 ended 2024-07-12: 19 days of July after it, August 31, September 30, 1 October: 81
    assert english[english.index("Late actions:") + 2].split()[-2:] == ["2024-07-12", "81"]
    assert french[french.index("Actions en retard :") + 2].split()[-2:] == ["2024-07-12", "81"]
    assert french[french.index("Actions en retard :") + 1].split() == [
        "action", "responsable", "fin", "jours", "de", "retard"
    ]  # fmt: skip
    # K10 satisfaction 4.6 for a target of 4.5: achieved; K1 9 200 of 200 000: behind
    k10 = next(line for line in french if line.startswith("  K10 "))
    k1 = next(line for line in french if line.startswith("  K1 "))
    assert k10.endswith("  atteint") and k1.endswith("  en retard")
    assert next(line for line in english if line.startswith("  K10 ")).endswith("  achieved")
    # K1's target, actual and gap (200 000 - 9 200 = 190 800) with their thousands apart in
    # French, as amounts; as given in English
    # (then "4,6 %", "en retard")
    assert k1.replace(N, "_").split()[-7:-4] == ["200_000", "9_200", "190_800"]
    k1_english = next(line for line in english if line.startswith("  K1 "))
    assert k1_english.split()[-6:-3] == ["200000", "9200", "190800"]
    assert "Écarts des KPI :" in french and "Problèmes : néant" in french


# --- numbers ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value",
    [
        0,
        7,
        1250,
        -1653,
        85329,
        1234567.891,
        Decimal("28129"),
        Decimal("-0.5"),
        Decimal("999999999999999.99"),
    ],
)
def test_french_amounts_are_babels_fr_fr_and_english_ones_pythons(value: object) -> None:
    from babel.numbers import format_decimal

    from xlplan.i18n.numbers import number

    assert number(value, ",.2f", "fr") == format_decimal(value, "#,##0.00", locale="fr_FR")
    assert number(value, ",", "fr") == format_decimal(value, "#,##0.###", locale="fr_FR") or (
        isinstance(value, float)  # (Python's "," keeps every decimal of a float)
    )
    assert number(value, ",.2f", "en") == f"{value:,.2f}"


def test_a_message_shows_its_amounts_and_percentages_in_the_language() -> None:
    from xlplan.i18n.numbers import percent

    said = msg(
        "{file}: {actual:,.2f} spent of {planned:,.2f} planned, {consumed} consumed",
        file="plan.xlsx",
        actual=Decimal("1653"),
        planned=1600,
        consumed=percent(110.1875),
    )
    assert said.text("en") == "plan.xlsx: 1,653.00 spent of 1,600.00 planned, 110.2 % consumed"
    assert said.text("fr") == (
        f"plan.xlsx : 1{N}653,00 dépensés sur 1{N}600,00 prévus, 110,2{PC} consommés"
    )
    # a plain or quoted number is not a figure to localize (a year, a value as found)
    plain = msg("expected a year such as 2024, found {year!r}", year=20.5)
    assert plain.text("fr") == "année attendue, comme 2024, trouvé 20.5"


def cells(line: str) -> list[str]:
    """A terminal table's line cut at its two-space column gaps (a French figure holds a
    no-break space, which `str.split` would cut)."""
    return [cell.strip() for cell in line.split("  ") if cell.strip()]


def test_a_french_report_of_mimine_shows_french_amounts_in_aligned_columns(tmp_path: Path) -> None:
    built = xlplan.build(
        xlplan.load_plan(ROOT / "samples" / "mimine.yaml"),
        tmp_path / "mimine.xlsx",
        as_of=dt.date(2024, 10, 1),
    )
    args = ["report", str(built), "--as-of", "2024-10-01"]
    english = CliRunner().invoke(main, args, env=NO_LANG).stdout.splitlines()
    french = CliRunner().invoke(main, args, env={**NO_LANG, "LANG": "fr_FR.UTF-8"})
    assert french.exit_code == 0, french.output
    lines = french.stdout.splitlines()
    # Mimine's seed: Q1 800 + 450 = 1 250, Q2 3 030, Q3 13 550, Q4 10 299: 28 129 planned;
    # spent 1 330 + 2 990 = 4 320 of an envelope of 30 000: 25 680 left, 14.4 % consumed
    budget = lines.index("Budget :")
    assert lines[budget + 2 : budget + 4] == [
        f"  prévu  1{N}250,00  3{N}030,00  13{N}550,00  10{N}299,00  28{N}129,00",
        f"  réel   1{N}330,00  2{N}990,00       0,00       0,00   4{N}320,00",
    ]
    envelope = lines.index("Enveloppe :")
    assert lines[envelope + 2] == f"  30{N}000,00  25{N}680,00    14,4{PC}"
    # A1's Q1: 800 planned, 880 spent: 80 over, 10 %
    assert cells(lines[lines.index("Dépassements :") + 2])[-4:] == [
        "800,00", "880,00", "80,00", f"10,0{PC}"
    ]  # fmt: skip
    k10 = next(line for line in lines if line.startswith("  K10 "))
    assert cells(k10)[-5:] == ["4,5", "4,6", "-0,1", f"120,0{PC}", "atteint"]
    # the quarters as a French plan writes them (the JSON keeps Q1 … Q4)
    assert cells(lines[budget + 1]) == ["T1", "T2", "T3", "T4", "total"]
    assert cells(lines[lines.index("Dépassements :") + 2])[-5] == "T1"
    checked = CliRunner().invoke(
        main, ["--lang", "fr", "check", str(built), "--as-of", "2024-10-01"]
    )
    assert "A1 Vidéo de présentation, T1 : 880,00 dépensés pour 800,00 prévus" in checked.output
    # English: as it has always been
    budget = english.index("Budget:")
    assert cells(english[budget + 1]) == ["Q1", "Q2", "Q3", "Q4", "total"]
    assert english[budget + 2] == ("  planned  1,250.00  3,030.00  13,550.00  10,299.00  28,129.00")
    assert cells(next(line for line in english if line.startswith("  K10 ")))[-5:] == [
        "4.5", "4.6", "-0.1", "120.0 %", "achieved"
    ]  # fmt: skip


# --- pydantic's generic errors ----------------------------------------------------------------
def _contexts() -> list[tuple[str, dict[str, object]]]:
    from xlplan.model.messages import PYDANTIC_TYPES

    samples: dict[str, list[dict[str, object]]] = {
        "greater_than": [{"gt": 0}],
        "greater_than_equal": [{"ge": Decimal(0)}],
        "less_than": [{"lt": 1.5}],
        "less_than_equal": [{"le": 100}],
        "multiple_of": [{"multiple_of": 5}],
        "enum": [{"expected": "'todo', 'in_progress', 'done' or 'cancelled'"}],
        "literal_error": [{"expected": "'fr' or 'en'"}, {"expected": "'it''s' or 'x'"}],
        "string_pattern_mismatch": [{"pattern": "^[A-Z]{3}$"}],
        "string_too_short": [{"min_length": 1}, {"min_length": 3}],
        "string_too_long": [{"max_length": 1}, {"max_length": 32767}],
        "too_short": [
            {"field_type": "List", "min_length": 1, "actual_length": 0},
            {"field_type": "Value", "min_length": 2, "actual_length": 1},
        ],
        "too_long": [
            {"field_type": "List", "max_length": 4, "actual_length": 5},
            {"field_type": "Tuple", "max_length": 1, "actual_length": None},
        ],
        "model_type": [{"class_name": "Action"}],
        "decimal_max_digits": [{"max_digits": 1}, {"max_digits": 15}],
        "decimal_max_places": [{"decimal_places": 1}, {"decimal_places": 2}],
        "decimal_whole_digits": [{"whole_digits": 1}, {"whole_digits": 13}],
    }
    return [(kind, ctx) for kind in sorted(PYDANTIC_TYPES) for ctx in samples.get(kind, [{}])]


@pytest.mark.parametrize(("kind", "context"), _contexts())
def test_pydantics_errors_in_the_catalog_read_in_english_as_pydantic_words_them(
    kind: str, context: dict[str, object]
) -> None:
    from pydantic_core import PydanticKnownError

    from xlplan.model.messages import pydantic_error

    worded = pydantic_error(kind, context)
    assert worded is not None
    assert worded.text("en") == PydanticKnownError(kind, context).message()  # type: ignore[arg-type]
    assert worded.text("fr") != worded.text("en")  # (and French, from the catalog)


def test_an_error_type_the_catalog_does_not_word_keeps_pydantics_text() -> None:
    from xlplan.model.messages import pydantic_error

    assert pydantic_error("url_scheme", {"expected_schemes": "'https'"}) is None
    assert pydantic_error("greater_than", {}) is None  # (a context without its limit)


BAD_PLAN = """\
name: Mimine
fiscal_year_start: 2024-01-01
timeline: days
owners:
  - {email: a@mimine.fr}
actions:
  - title: Vidéo
    status: fini
    progress: 150
    budget: {q1: douze, q2: -5}
  - title: TITLE
"""


def test_a_plan_files_field_errors_are_told_in_french_and_in_english(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(BAD_PLAN.replace("TITLE", "x" * 32768), encoding="utf-8")
    args = ["build", str(plan), "-o", str(tmp_path / "x.xlsx")]
    english = CliRunner().invoke(main, args, env=NO_LANG)
    french = CliRunner().invoke(main, args, env={**NO_LANG, "LANG": "fr_FR.UTF-8"})
    assert english.exit_code == french.exit_code == 2
    for line in (
        "line 3 (timeline): Input should be 'months' or 'weeks', found 'days'",
        "line 5 (owners[0].name): Field required",
        "line 8 (actions[0].status): Input should be 'todo', 'in_progress', 'done' or "
        "'cancelled', found 'fini'",
        "line 9 (actions[0].progress): Input should be less than or equal to 100, found 150",
        "line 10 (actions[0].budget.q1): Input should be a valid decimal, found 'douze'",
        "line 10 (actions[0].budget.q2): Input should be greater than or equal to 0, found -5",
        "line 11 (actions[1].title): the text is 32,768 characters long; a spreadsheet cell "
        "holds at most 32,767",
    ):
        assert line in english.output, line
    for line in (
        "ligne 3 (timeline) : valeur attendue : 'months' ou 'weeks', trouvé 'days'",
        "ligne 5 (owners[0].name) : champ obligatoire manquant",
        "ligne 8 (actions[0].status) : valeur attendue : 'todo', 'in_progress', 'done' ou "
        "'cancelled', trouvé 'fini'",
        "ligne 9 (actions[0].progress) : la valeur doit être inférieure ou égale à 100, trouvé 150",
        "ligne 10 (actions[0].budget.q1) : nombre attendu, trouvé 'douze'",
        "ligne 10 (actions[0].budget.q2) : la valeur doit être supérieure ou égale à 0, trouvé -5",
        f"ligne 11 (actions[1].title) : le texte fait 32{N}768 caractères ; une cellule de tableur "
        f"en contient au plus 32{N}767",
    ):
        assert line in french.output, line
    assert "Input should" not in french.output and "Field required" not in french.output
    assert not (tmp_path / "x.xlsx").exists()


# --- click's own texts ------------------------------------------------------------------------
CLICK_PO = LOCALE_DIR / "fr" / "LC_MESSAGES" / "click.po"


def test_clicks_french_texts_are_clicks_own_msgids_compiled() -> None:
    import click

    with CLICK_PO.open("rb") as f:
        po = read_po(f, locale="fr", domain="click")
    compiled = io.BytesIO()
    write_mo(compiled, po)
    assert CLICK_PO.with_suffix(".mo").read_bytes() == compiled.getvalue(), (
        "run: pybabel compile -d xlplan/i18n/locale -D click"
    )
    clicks = {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(
            Path(click.__file__).parent,
            method_map=[("**.py", "python")],
            keywords={"_": None, "ngettext": (1, 2)},
        )
    }
    clicks.add("required")  # (passed to gettext from a variable: core.Option.get_help_extra)
    entries = [m for m in po if m.id]
    assert len(entries) > 40
    for entry in entries:
        singular = entry.id if isinstance(entry.id, str) else entry.id[0]
        assert singular in clicks, f"click no longer says {singular!r}"
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        assert all(strings), singular
        for text in strings:
            assert fields(text) <= set().union(*(fields(i) for i in ids)), singular


@pytest.mark.parametrize(
    ("args", "english", "french"),
    [
        (
            ["report"],
            "Error: Missing argument 'WORKBOOK'.",
            "Erreur : Argument manquant 'WORKBOOK'.",
        ),
        (
            ["report", "--bogus", "plan.xlsx"],
            "Error: No such option '--bogus'.",
            "Erreur : Option inconnue '--bogus'.",
        ),
        (
            ["repotr"],
            "Error: No such command 'repotr'. Did you mean 'report'?",
            "Erreur : Commande inconnue 'repotr'. Vouliez-vous dire 'report' ?",
        ),
        (
            ["new", "--lang", "de"],
            "Error: Invalid value for '--lang': 'de' is not one of 'fr', 'en'.",
            "Erreur : Valeur invalide pour '--lang' : 'de' n'est pas parmi 'fr', 'en'.",
        ),
        (
            ["check", ".", "--warn-at"],
            "Error: Option '--warn-at' requires an argument.",
            "Erreur : L'option '--warn-at' demande un argument.",
        ),
    ],
)
def test_clicks_usage_errors_follow_the_terminals_language(
    args: list[str], english: str, french: str
) -> None:
    import click.core

    said = CliRunner().invoke(main, args, env=NO_LANG, prog_name="xlplan")
    assert said.exit_code == 2
    assert english in said.output
    for lang, environ in ((["--lang", "fr"], NO_LANG), ([], {**NO_LANG, "LANG": "fr_FR.UTF-8"})):
        said = CliRunner().invoke(main, [*lang, *args], env=environ, prog_name="xlplan")
        assert said.exit_code == 2
        assert french in said.output
        assert "Error" not in said.output
        if "Missing" in english or "No such" in english:
            assert said.output.startswith("Utilisation : xlplan ")
            assert "Essayez 'xlplan " in said.output and "--help' pour l'aide." in said.output
    # --lang en wins over a French environment
    said = CliRunner().invoke(main, ["--lang", "en", *args], env={**NO_LANG, "LANG": "fr_FR"})
    assert english in said.output
    # and click speaks as before once the command is over: nothing left in its modules
    import gettext

    assert click.core._ is gettext.gettext and click.core.ngettext is gettext.ngettext
