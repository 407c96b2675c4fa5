"""What a French user saw in the terminal tables (issue #15's review), in French and English:
messages left-aligned, check's words in the terminal's language, French separators and numbers,
quarters T1…T4, no problem printed twice, the business named, no change that is not one."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
from click.testing import CliRunner

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
