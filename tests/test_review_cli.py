"""The command line as a French user meets it (issue #15's review): the separators it adds,
its option errors (which option, what to type, the closest rule), ``check`` on a folder with
no workbook, a plan file given to ``report``, ``new`` into a missing folder, ``templates`` in
the terminal's language. French and English, with their exit codes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result
from sheets import load

from xlplan.cli import main

NO_LANG = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}
N = "\u202f"  # French thousands separator


def run(lang: str, *args: str) -> Result:
    env = {**NO_LANG, "LANG": "fr_FR.UTF-8" if lang == "fr" else "C.UTF-8"}
    return CliRunner().invoke(main, list(args), env=env)


def newsletter(path: Path) -> Path:
    """Mimine's newsletter typed by hand, 'douze' in Q2 (an error at D2)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Actions 2024"
    ws.append(["Action", "Responsable", "T1", "T2", "T3", "T4"])
    ws.append(["Newsletter", "Arnaud", 0, "douze", 50, 199])
    wb.save(path)
    return path


# -- finding 8: the separators the command line adds -------------------------------------------


def test_a_problem_line_on_stderr_has_french_spacing_and_english_stays_as_it_was(
    tmp_path: Path,
) -> None:
    source = newsletter(tmp_path / "plan.xlsx")
    # (import tells each problem on stderr; report lists them in its table, and counts them there)
    french = run("fr", "import", str(source), "-o", str(tmp_path / "fr.yaml"))
    assert french.exit_code == 1
    douze_fr = "T2 : trouvé 'douze' — montant attendu, comme 1 250,00 ou 1250.00"
    assert f"erreur : {source} : Actions 2024!D2 : {douze_fr}\n" in french.stderr
    english = run("en", "import", str(source), "-o", str(tmp_path / "en.yaml"))
    assert english.exit_code == 1
    douze_en = "T2: found 'douze' — expected an amount such as 1 250,00 or 1250.00"
    assert f"error: {source}: Actions 2024!D2: {douze_en}\n" in english.stderr


def test_an_annotated_cells_comment_has_french_spacing(tmp_path: Path) -> None:
    source = newsletter(tmp_path / "plan.xlsx")
    out = tmp_path / "annoté.xlsx"
    result = run("en", "report", str(source), "--annotate", str(out))
    assert result.exit_code == 1, result.output
    comment = load(out)["Actions 2024"]["D2"].comment.text  # (the workbook's language: French)
    assert (
        comment
        == "xlplan — erreur : T2 : trouvé 'douze' — montant attendu, comme 1 250,00 ou 1250.00"
    )


# -- findings 9, 14, 15: option errors -------------------------------------------------------


def test_warn_at_says_its_limit_in_the_terminals_numbers(tmp_path: Path) -> None:
    source = newsletter(tmp_path / "plan.xlsx")
    french = run("fr", "check", str(source), "--warn-at", "80,2000000")
    assert french.exit_code == 2
    assert (
        f"Valeur invalide pour '--warn-at' : pourcentages supérieurs à 0 (au plus 1{N}000{N}000) "
        "séparés par des virgules attendus, comme 80,90,100 ; trouvé '2000000' dans '80,2000000'"
    ) in french.stderr
    english = run("en", "check", str(source), "--warn-at", "80,2000000")
    assert english.exit_code == 2
    assert "'--warn-at': expected percentages above 0 (at most 1,000,000) " in english.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["report", "plan.xlsx", "--as-of"],
        ["check", "plan.xlsx", "--as-of"],
        ["new", "-o", "x.xlsx", "--start"],
        ["build", "plan.yaml", "-o", "x.xlsx", "--as-of"],
        ["diff", "a.xlsx", "b.xlsx", "--as-of"],
        ["consolidate", "a.xlsx", "-o", "x.xlsx", "--start"],
    ],
)
def test_a_date_in_another_form_is_refused_with_the_form_to_write(
    tmp_path: Path, command: list[str]
) -> None:
    option = command[-1]
    today = dt.date.today().isoformat()
    french = run("fr", *command, "03/12/2026")
    assert french.exit_code == 2
    assert (
        f"Erreur : Valeur invalide pour '{option}' : '03/12/2026' : écrivez la date AAAA-MM-JJ, "
        f"par exemple {today}\n"
    ) in french.stderr
    assert "%Y" not in french.stderr
    english = run("en", *command, "2026-13-01")
    assert english.exit_code == 2
    assert (
        f"Error: Invalid value for '{option}': '2026-13-01': write the date YYYY-MM-DD, "
        f"for example {today}\n"
    ) in english.stderr


def test_the_date_options_show_the_form_to_write_in_the_help() -> None:
    french = run("fr", "report", "--help")
    assert "  --as-of AAAA-MM-JJ " in french.output and "%Y" not in french.output
    english = run("en", "check", "--help")
    assert "  --as-of YYYY-MM-DD " in english.output and "%Y" not in english.output


def test_a_good_date_is_taken(tmp_path: Path) -> None:
    source = newsletter(tmp_path / "plan.xlsx")
    result = run("en", "report", str(source), "--as-of", "2024-06-30", "--format", "json")
    assert result.exit_code == 1  # (the 'douze' cell), not 2: the date was read
    assert '"as_of": "2024-06-30"' in result.stdout


def test_max_overrun_errors_name_the_option(tmp_path: Path) -> None:
    source = newsletter(tmp_path / "plan.xlsx")
    french = run("fr", "check", str(source), "--max-overrun", "abc")
    assert french.exit_code == 2
    assert (
        "Erreur : Valeur invalide pour '--max-overrun' : pourcentage attendu, comme 30%, ou "
        "montant, comme 500 ; trouvé 'abc'\n"
    ) in french.stderr
    english = run("en", "check", str(source), "--max-overrun", "abc")
    assert english.exit_code == 2
    assert "Error: Invalid value for '--max-overrun': expected a percentage" in english.stderr


def test_fail_on_names_the_option_and_suggests_the_closest_rule(tmp_path: Path) -> None:
    source = newsletter(tmp_path / "plan.xlsx")
    rules = "overrun, envelope, kpi, late, hygiene"
    french = run("fr", "check", str(source), "--fail-on", "envelope,overun")
    assert french.exit_code == 2
    assert (
        "Erreur : Valeur invalide pour '--fail-on' : règle inconnue 'overun', vouliez-vous dire "
        f"'overrun' ? (règles : {rules})\n"
    ) in french.stderr
    english = run("en", "check", str(source), "--fail-on", "Late")
    assert english.exit_code == 2
    assert (
        "Error: Invalid value for '--fail-on': unknown rule 'Late', did you mean 'late'? "
        f"(rules: {rules})\n"
    ) in english.stderr
    nothing_close = run("en", "check", str(source), "--fail-on", "zzz")
    assert nothing_close.exit_code == 2
    assert f"unknown rule 'zzz' (rules: {rules})\n" in nothing_close.stderr


def test_good_rules_and_overrun_are_taken(tmp_path: Path) -> None:
    source = newsletter(tmp_path / "plan.xlsx")
    result = run("en", "check", str(source), "--fail-on", "late, kpi", "--max-overrun", "30%")
    assert result.exit_code == 1, result.output  # (the 'douze' cell), not 2: the options were read
    assert "Invalid value" not in result.stderr
    assert "1 file(s): 0 ok, 1 breaching, 0 unusable" in result.stdout


# -- finding 16: a folder with nothing to check ----------------------------------------------


def test_a_folder_with_no_workbook_is_unusable_input_said_in_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "dvide"
    empty.mkdir()
    (empty / "notes.txt").write_text("à faire")
    french = run("fr", "check", str(empty))
    assert french.exit_code == 2
    assert french.stderr == f"avertissement : aucun classeur (.xlsx, .xlsm) dans {empty}\n"
    english = run("en", "check", str(empty), "--format", "json")
    assert english.exit_code == 2
    assert english.stderr == f"warning: no workbook (.xlsx, .xlsm) in {empty}\n"


def test_an_empty_folder_beside_a_good_workbook_still_says_unusable_and_checks_the_other(
    tmp_path: Path,
) -> None:
    empty = tmp_path / "vide"
    empty.mkdir()
    folder = tmp_path / "équipe"
    folder.mkdir()
    newsletter(folder / "plan.xlsx")
    result = run("en", "check", str(empty), str(folder))
    assert result.exit_code == 2
    assert f"warning: no workbook (.xlsx, .xlsm) in {empty}\n" in result.stderr
    assert "1 file(s): 0 ok, 1 breaching, 0 unusable" in result.stdout  # (the other, checked)


def test_hidden_spreadsheets_left_out_are_counted(tmp_path: Path) -> None:
    folder = tmp_path / "dossier"
    (folder / ".old").mkdir(parents=True)
    newsletter(folder / "plan.xlsx")
    newsletter(folder / ".cache.xlsx")
    newsletter(folder / ".old" / "plan.xlsx")
    newsletter(folder / "~$plan.xlsx")  # (Excel's lock file: no one's work, not counted)
    (folder / ".notes.txt").write_text("x")  # (not a spreadsheet: not counted)
    french = run("fr", "check", str(folder))
    assert french.exit_code == 1  # (the 'douze' cell of plan.xlsx; the hidden ones unread)
    assert "1 fichier(s) : 0 ok, 1 en dépassement, 0 inutilisable(s)" in french.stdout
    assert "note : 2 fichier(s) caché(s) ignoré(s)\n" in french.stderr
    english = run("en", "check", str(folder))
    assert "note: 2 hidden file(s) ignored\n" in english.stderr
    clean = tmp_path / "propre"
    clean.mkdir()
    newsletter(clean / "plan.xlsx")
    assert "hidden" not in run("en", "check", str(clean)).stderr


# -- finding 20: a plan file given where a workbook is expected --------------------------------

PLAN = "name: Plan commercial 2024\nyear: 2024\nowners: [{name: Zoé}]\nactions:\n  - title: Vidéo\n"


@pytest.mark.parametrize("name", ["avert.yaml", "plan.JSON", "mon plan.txt"])
def test_a_plan_file_given_to_report_is_named_with_the_command_that_builds_its_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    text = PLAN if not name.endswith(".JSON") else '{"name": "Plan", "actions": []}'
    Path(name).write_text(text, encoding="utf-8")
    french = run("fr", "report", name)
    assert french.exit_code == 2
    stem = name.rsplit(".", 1)[0]
    plan, workbook = (f"'{name}'", f"'{stem}.xlsx'") if " " in name else (name, f"{stem}.xlsx")
    assert french.stderr == (
        f"Erreur : {name} : c'est un fichier de plan, pas un classeur : construisez le classeur "
        f"avec xlplan build {plan} -o {workbook}\n"
    )
    english = run("en", "import", name, "-o", "out.yaml")
    assert english.exit_code == 2
    assert english.stderr == (
        f"Error: {name}: this is a plan file, not a workbook: build the workbook with "
        f"xlplan build {plan} -o {workbook}\n"
    )
    assert Path(name).read_text(encoding="utf-8") == text  # (the input untouched)
    assert not Path("out.yaml").exists()


def test_a_csv_is_still_called_a_csv(tmp_path: Path) -> None:
    path = tmp_path / "budget.csv"
    path.write_text("Action;T1\nVidéo;100\n", encoding="utf-8")
    result = run("en", "report", str(path))
    assert result.exit_code == 2
    assert "this is a text/CSV file, not a workbook" in result.stderr


# -- finding 25: a missing output folder, a blank business name --------------------------------


def test_new_into_a_missing_folder_is_refused_and_creates_nothing(tmp_path: Path) -> None:
    target = tmp_path / "rapprots" / "sous" / "plan.xlsx"
    french = run("fr", "new", "-o", str(target))
    assert french.exit_code == 2
    assert french.stderr == (
        f"Erreur : {target} : le dossier {target.parent} n'existe pas ; créez-le d'abord ou "
        "corrigez le chemin\n"
    )
    english = run("en", "new", "-o", str(target))
    assert english.exit_code == 2
    assert english.stderr == (
        f"Error: {target}: the folder {target.parent} does not exist; create it first or correct "
        "the path\n"
    )
    assert list(tmp_path.iterdir()) == []  # (no folder made, no scratch left)


def test_the_library_does_not_create_folders_either(tmp_path: Path) -> None:
    from xlplan.errors import OutputError
    from xlplan.model.starters import load_template
    from xlplan.writing.workbook import build

    plan = load_template("blank", "fr", dt.date(2026, 1, 1))
    with pytest.raises(OutputError, match="does not exist"):
        build(plan, tmp_path / "absent" / "plan.xlsx")
    assert list(tmp_path.iterdir()) == []
    written = build(plan, tmp_path / "plan.xlsx")  # (an existing folder: written)
    assert load(written)["Plan d'action"] is not None


@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_new_refuses_a_blank_business_name(tmp_path: Path, blank: str) -> None:
    out = tmp_path / "plan.xlsx"
    french = run("fr", "new", "-o", str(out), "--business", blank)
    assert french.exit_code == 2
    assert (
        "Valeur invalide pour '--business' : le nom de l'entreprise est vide ; donnez son nom ou "
        "retirez --business\n"
    ) in french.stderr
    english = run("en", "new", "-o", str(out), "--business", blank)
    assert english.exit_code == 2
    assert (
        "Invalid value for '--business': the business's name is blank; give its name or leave "
        "--business out\n"
    ) in english.stderr
    assert not out.exists()
    named = run("en", "new", "-o", str(out), "--business", " Boulangerie Zoé ")
    assert named.exit_code == 0, named.output
    assert out.exists()


# -- finding 12: the templates' descriptions in the terminal's language -------------------------


def test_templates_are_described_in_the_terminals_language() -> None:
    from xlplan.model.starters import templates_dir

    french = run("fr", "templates")
    english = run("en", "templates")
    assert french.exit_code == english.exit_code == 0
    blank_fr = "Plan vierge : aucun objectif, KPI ni action, pour partir de zéro."
    blank_en = "Blank plan: no objectives, KPIs or actions, to start from scratch."
    assert f"blank                en/fr  {blank_fr}\n" in french.stdout
    assert f"blank                en/fr  {blank_en}\n" in english.stdout
    assert run("en", "--lang", "fr", "templates").stdout == french.stdout
    for lang, result in (("fr", french), ("en", english)):
        lines = result.stdout.splitlines()
        files = sorted(templates_dir().glob(f"*.{lang}.yaml"))
        assert len(lines) == len(files) == 4
        for line, path in zip(lines, files, strict=True):
            said = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# ")
            assert line.startswith(path.name.split(".")[0]) and line.endswith(f"  {said}")
