"""What a French user saw in the terminal tables (issue #15's review), in French and English:
messages left-aligned, check's words in the terminal's language, French separators and numbers,
quarters T1…T4, no problem printed twice, the business named, no change that is not one."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from conftest import ROOT, template

import xlplan
from xlplan.cli import main

NO_LANG = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}
N = "\u202f"  # French thousands separator (narrow no-break space, as CLDR)
PC = "\u00a0%"  # French percent sign, after a no-break space


def run(*args: str, lang: str = "en") -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--lang", lang, *args], env=NO_LANG)
    return result.exit_code, result.stdout, result.stderr


def bakery(path: Path) -> Path:
    """The reviewer's hand-made bakery plan: Flyers 300 in T1, Salon 1 200 in T2, and a Total
    row whose misspelt 'Budjet total' column holds 1 500 (a number on a total row: not read)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Mon plan"
    ws.append(["Action", "Responsable", "Début", "Fin", "Budget T1", "Budget T2", "Budjet total"])
    ws.append(["Flyers", "Zoé", "2026-02-02", "2026-03-31", 300, 0, 300])
    ws.append(["Salon", "Marc", "2026-05-01", "2026-06-30", 0, 1200, 1200])
    ws.append(["Total", None, None, None, 300, 1200, 1500])
    wb.save(path)
    return path


# --- 5: a message is left-aligned, even when it starts with a number -----------------------------
def test_a_problem_message_starting_with_a_number_stays_left_aligned(tmp_path: Path) -> None:
    source = bakery(tmp_path / "maison.xlsx")
    for lang in ("en", "fr"):
        _, out, _ = run("report", str(source), "--as-of", "2026-07-01", lang=lang)
        lines = out.splitlines()
        header = next(i for i, line in enumerate(lines) if line.startswith(("Problems", "Probl")))
        row = next(line for line in lines[header:] if "Mon plan!G4" in line)
        # the message starts two spaces after the widest 'where' cell, as the header's 'message'
        assert re.search(r"Mon plan!G4  1500 ", row), row
        assert row.index("1500 ") == lines[header + 1].index("message")


# --- 7, 8: check's table in the terminal's language; its JSON as scripts have always read it ----
def late_folder(tmp_path: Path) -> Path:
    """A plan checked on 1 July 2025: Salon 1 000 planned, 1 300 spent in Q1 (+30 %), in
    progress and due 30 June (1 day late); Mailing to do, due 31 March (92 days late); beside
    it a CSV file, which check skips."""
    plan = xlplan.Plan(
        name="Mimine",
        fiscal_year_start=dt.date(2025, 1, 1),
        owners=[xlplan.Owner(name="Y")],
        objectives=[xlplan.Objective(title="40 nouveaux clients")],
        actions=[
            xlplan.Action(
                title="Salon",
                objectives=["O1"],
                owner="Y",
                budget=[1000],
                actual=[1300],
                status="in_progress",
                end=dt.date(2025, 6, 30),
            ),
            xlplan.Action(title="Mailing", objectives=["O1"], owner="Y", end=dt.date(2025, 3, 31)),
        ],
    )
    folder = tmp_path / "plans"
    folder.mkdir()
    xlplan.build(plan, folder / "plan.xlsx", as_of=dt.date(2025, 7, 1))
    (folder / "budget.csv").write_text("Action;Budget\n", encoding="utf-8")
    return folder


def test_checks_table_speaks_the_terminals_language_and_its_json_stays_as_it_was(
    tmp_path: Path,
) -> None:
    folder = late_folder(tmp_path)
    plan, csv = folder / "plan.xlsx", folder / "budget.csv"
    args = ("check", str(folder), "--as-of", "2025-07-01", "--max-overrun", "10%")
    # 300 over 1 000 = +30.0 %, above the 10 % tolerated; 1 300 spent of 1 000 planned: 130.0 %
    code, out, _ = run(*args, "--fail-on", "overrun", lang="fr")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(
        f"DÉPASSEMENT  {plan} : 1{N}300,00 dépensés sur 1{N}000,00 prévus, 130,0{PC} consommés ; "
        f"1 dépassement(s) : A1 Salon, T1 : 1{N}300,00 dépensés pour 1{N}000,00 prévus "
        f"(+30,0{PC} ; toléré 10{PC}) ; "
    )
    assert lines[1].startswith(f"IGNORÉ       {csv} : un fichier CSV ; ")
    assert lines[3:7] == [
        f"{plan} :",
        f"  échec   dépassement  A1 Salon, T1 : 1{N}300,00 dépensés pour 1{N}000,00 prévus "
        f"(+30,0{PC} ; toléré 10{PC})",
        "  alerte  en retard    A2 Mailing : devait se terminer le 2025-03-31 "
        "(il y a 92 jours), statut À faire",
        "  alerte  en retard    A1 Salon : devait se terminer le 2025-06-30 (il y a 1 jour), "
        "statut En cours",
    ]
    code, out, _ = run(*args, "--fail-on", "overrun")
    lines = out.splitlines()
    assert lines[1].startswith(f"SKIPPED  {csv}: a CSV file; ")
    assert lines[3:7] == [
        f"{plan}:",
        "  fail  overrun   A1 Salon, Q1: 1,300.00 spent for 1,000.00 planned "
        "(+30.0 %; tolerated 10 %)",
        "  warn  late      A2 Mailing: was due on 2025-03-31 (92 days ago), status To do",
        "  warn  late      A1 Salon: was due on 2025-06-30 (1 day ago), status In progress",
    ]
    # an amount tolerated is an amount: 1 300 - 1 000 = 300 over, above 250
    _, out, _ = run(*args[:-1], "250", lang="fr")
    assert f"(+30,0{PC} ; toléré 250,00)" in out
    # JSON, CSV and JUnit keep the rules' keys, the severities and the messages scripts read
    for lang in ("en", "fr"):
        _, out, _ = run(*args, "--format", "json", lang=lang)
        findings = json.loads(out)["files"][0]["findings"][:3]  # (then: 130 % consumed)
        assert [(f["severity"], f["rule"]) for f in findings] == [
            ("fail", "overrun"), ("warn", "late"), ("warn", "late")
        ]  # fmt: skip
        assert [f["message"] for f in findings] == [
            "A1 Salon, Q1: 1,300.00 spent for 1,000.00 planned (+30.0 %; tolerated 10%)",
            "A2 Mailing: ended 2025-03-31, 92 days ago, status todo",
            "A1 Salon: ended 2025-06-30, 1 days ago, status in_progress",
        ]


# --- 8, 9, 10, 23: diff's separators, amounts, quarters, statuses and derived fields -------------
def edited_mimine(path: Path, **changes: dict[str, object]) -> Path:
    """The Mimine sample saved to `path` with fields of actions changed (per action id)."""
    data = xlplan.load_plan(ROOT / "samples" / "mimine.yaml").model_dump(mode="python")
    for item in data["actions"]:
        item.update(changes.pop(item["id"], {}))
    xlplan.save_plan(xlplan.Plan.model_validate(data), path)
    return path


def test_diff_speaks_french_amounts_quarters_and_statuses_and_skips_unchanged_lateness(
    tmp_path: Path,
) -> None:
    old = ROOT / "samples" / "mimine.yaml"
    # A1's Q1 800 -> 900.50; A6 (in progress, due 12 July) now due 1 August: late on 1 October
    # both times; A13 to do -> in progress
    new = edited_mimine(
        tmp_path / "new.yaml",
        A1={"budget": {"q1": Decimal("900.50")}},
        A6={"end": dt.date(2024, 8, 1)},
        A13={"status": "in_progress"},
    )
    args = ("diff", str(old), str(new), "--as-of", "2024-10-01")
    _, french, _ = run(*args, lang="fr")
    lines = french.splitlines()
    for line in ("      budget.q1 : 800 → 900,5", "      end : 2024-07-12 → 2024-08-01",
                 "      status : À faire → En cours",
                 "                     T1        T2         T3         T4      total",
                 # planned Q1 1 250 + 100.50 = 1 350.50, total 28 129 + 100.50 = 28 229.50
                 f"  prévu après  1{N}350,50  3{N}030,00  13{N}550,00  10{N}299,00  28{N}229,50",
                 "  prévu écart    100,50      0,00       0,00       0,00     100,50"):  # fmt: skip
        assert line in lines, line
    assert not any("en retard" in line for line in lines)  # (late before and after)
    _, english, _ = run(*args)
    lines = english.splitlines()
    for line in (
        "      budget.q1: 800 → 900.5",
        "      status: To do → In progress",
        " " * 24 + "Q1        Q2         Q3         Q4      total",
        "  planned after   1,350.50  3,030.00  13,550.00  10,299.00  28,229.50",
    ):
        assert line in lines, line
    assert not any("late at" in line for line in lines)
    # the JSON keeps the values as the plan file writes them, and both lateness states
    _, machine, _ = run(*args, "--format", "json", lang="fr")
    a6 = next(a for a in json.loads(machine)["actions"] if a["key"] == "A6")
    assert a6["late"] == {"old": True, "new": True}
    a13 = next(a for a in json.loads(machine)["actions"] if a["key"] == "A13")
    assert a13["changes"] == [{"field": "status", "old": "todo", "new": "in_progress"}]


def test_consolidates_quarters_are_t1_to_t4_in_french_and_q1_to_q4_in_english() -> None:
    args = (
        "consolidate",
        str(ROOT / "samples" / "mimine.yaml"),
        str(ROOT / "samples" / "bob.yaml"),
    )
    # planned Q1: Mimine 800 + 450, Bob 12 000 + 9 000 + 600 + 1 500: 24 350; 85 329 in all
    for lang, quarters, planned in (
        ("fr", ["T1", "T2", "T3", "T4", "total"], "prévu"),
        ("en", ["Q1", "Q2", "Q3", "Q4", "total"], "planned"),
    ):
        code, out, _ = run(*args, "--year", "2024", lang=lang)
        assert code == 0
        lines = out.splitlines()
        assert lines[-3].split() == quarters
        assert lines[-2].split()[0] == planned
        assert lines[-2].replace(N, "").replace(",", "").split()[1] in ("2435000", "24350.00")


# --- 13, 22, 23: report's problems said once, its heading, no envelope ----------------------------
def test_reports_problems_are_listed_once_and_counted_on_stderr(tmp_path: Path) -> None:
    source = bakery(tmp_path / "maison.xlsx")
    # two warnings: the total row's 1 500, and the fiscal year assumed from the dates
    for lang, count in (("fr", "2 problème(s), listés sous Problèmes"),
                        ("en", "2 problem(s), listed under Problems")):  # fmt: skip
        for fmt in ("table", "markdown"):
            code, out, err = run("report", str(source), "--format", fmt, lang=lang)
            assert code == 0
            assert "Mon plan!G4" in out
            sep = " : " if lang == "fr" else ": "
            assert err == f"{source}{sep}{count}\n"
        for fmt in ("json", "csv"):  # (for scripts: nothing on stderr, as before)
            code, out, err = run("report", str(source), "--format", fmt, lang=lang)
            assert (code, err) == (0, "")


def test_a_blank_starters_report_names_no_placeholder_and_says_it_has_no_envelope(
    tmp_path: Path,
) -> None:
    blank = xlplan.build(template("blank", "fr"), tmp_path / "plan.xlsx")
    assert xlplan.read(blank).plan.business == "<Nom de l'entreprise>"
    assert xlplan.read(blank).plan.envelope.amount is None
    _, out, _ = run("report", str(blank), "--as-of", "2026-06-30", lang="fr")
    lines = out.splitlines()
    assert lines[0] == "Plan d'action (2026-01-01 – 2026-12-31, EUR) au 2026-06-30"
    assert "Enveloppe : néant" in lines
    _, out, _ = run("report", str(blank), "--as-of", "2026-06-30", "--format", "markdown")
    assert out.startswith("# Plan d'action\n")
    assert "## Envelope\n\nNone.\n" in out
    # a business named: in the Markdown heading as in the table's
    named = template("blank", "fr").model_copy(update={"business": "Boulangerie Zoé"})
    path = xlplan.build(named, tmp_path / "zoe.xlsx")
    for fmt, heading in (("table", "Plan d'action — Boulangerie Zoé ("),
                         ("markdown", "# Plan d'action — Boulangerie Zoé\n")):  # fmt: skip
        _, out, _ = run("report", str(path), "--format", fmt, lang="fr")
        assert out.startswith(heading)


# --- 9: numbers in French sentences ------------------------------------------------------------
def test_the_warning_levels_limit_is_a_number_of_the_terminals_language() -> None:
    for lang, limit in (("fr", f"(au plus 1{N}000{N}000)"), ("en", "(at most 1,000,000)")):
        code, _, err = run("check", "nowhere.xlsx", "--warn-at", "80,0", lang=lang)
        assert code == 2
        assert limit in err
