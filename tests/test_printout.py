"""The printout (LibreOffice -> PDF): a long action text neither overprints the next action nor
gets cut off, on the action plan and on the sheets whose titles are formulas (the views:
budget tracking, timeline), in a blank workbook typed into and in a built one (issue #15)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import lo
from lo_uno import edit

import xlplan
from xlplan.model.starters import load_template
from xlplan.writing.workbook import build

LONG = (
    "Refaire entièrement la vitrine du magasin avec les nouvelles affiches de printemps "
    "et les étiquettes des prix"
)
"""About three lines of the action plan's wrapped Action column (34 characters wide)."""
NEXT = "Envoyer la newsletter"

SHEETS_WITH_TITLES = 3
"""The action plan, the budget tracking and the timeline show the actions' titles (a plan
without monthly budgets has no monthly sheet); each fits one page here."""


def pages(pdf: Path) -> list[list[str]]:
    """The PDF's pages as `pdftotext -layout` lays them out, line by line."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [page.splitlines() for page in text.split("\f")]


def assert_printed_apart(pdf: Path) -> None:
    """On every page showing the long action: its words come in order, none mixed with the
    next action's, and the next action's title is whole on its own line."""
    long_words, next_words = LONG.split(), NEXT.split()
    shown = [page for page in pages(pdf) if any(LONG.split()[0] in line for line in page)]
    assert len(shown) == SHEETS_WITH_TITLES, pdf.name
    for page in shown:
        first = next(i for i, line in enumerate(page) if long_words[0] in line)
        after = [i for i, line in enumerate(page) if NEXT in line]
        assert after, "\n".join(page)  # the next title, intact on one line
        between = " ".join(page[first : after[0]]).split()
        # Every word of the long text, in order, and no word of the next title among them.
        assert [w for w in between if w in long_words or w in next_words] == long_words, "\n".join(
            page[first : after[0] + 1]
        )


def test_a_long_action_typed_into_a_new_workbook_prints_apart(out: Path) -> None:
    src = build(load_template("blank", "fr", dt.date(2026, 1, 1)), out / "blank.xlsx")
    typed = edit(
        src,
        out / "typed.xlsx",
        [
            {"op": "set", "sheet": "Plan d'action", "cell": "B5", "text": LONG},
            {"op": "set", "sheet": "Plan d'action", "cell": "B6", "text": NEXT},
        ],
    )
    assert [row[1] for row in typed.values("Rétroplanning")[4:6]] == [LONG, NEXT]
    assert_printed_apart(lo.to_pdf(typed.path, out / "pdf", single_page_sheets=False))


def test_a_long_action_of_a_built_workbook_prints_apart(out: Path) -> None:
    def action(title: str) -> xlplan.Action:
        return xlplan.Action(
            title=title, owner="Zoé", start=dt.date(2026, 3, 1), end=dt.date(2026, 4, 30)
        )

    plan = xlplan.Plan(
        name="Vitrine",
        fiscal_year_start=dt.date(2026, 1, 1),
        owners=[xlplan.Owner(name="Zoé")],
        actions=[action(LONG), action(NEXT)],
    )
    path = build(plan, out / "built.xlsx", as_of=dt.date(2026, 2, 1))
    assert_printed_apart(lo.to_pdf(path, out / "pdf", single_page_sheets=False))
