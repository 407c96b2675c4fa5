"""Render the pictures of the README through LibreOffice, PDF, then PNG: the Mimine workbook's
action plan, timeline and dashboard, and the guide of a new plan as `xlplan new` gives it.

Run from the repository root: ``python docs/render.py`` (needs LibreOffice and pdftoppm). The
amounts show as in a French locale (``1 250,00 €``): LibreOffice's profile is set to fr-FR.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import lo  # noqa: E402

import xlplan  # noqa: E402
from xlplan.model.starters import load_template  # noqa: E402
from xlplan.writing.workbook import build  # noqa: E402

# (page of the PDF = sheet position, picture, height in pixels at 100 dpi; 0 = whole page)
PICTURES = ((2, "plan-action", 720), (7, "retroplanning", 760), (8, "synthese", 0))
NEW_PICTURES = ((1, "new-plan", 0),)
"""The guide of `xlplan new --business Mimine --currency EUR --owner Arnaud --owner Zoé`."""

_FRENCH = (
    '<item oor:path="/org.openoffice.Setup/L10N">'
    '<prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>fr-FR</value></prop></item>\n'
)


def _french_profile() -> None:
    """LibreOffice's throw-away profile (`tests/lo.py`), with a French locale."""
    xcu = lo._get_root() / "profile" / "user" / "registrymodifications.xcu"
    xcu.write_text(lo._XCU.replace("</oor:items>", _FRENCH + "</oor:items>"), "utf-8")


def render(workbook: Path, pictures: tuple[tuple[int, str, int], ...], tmp: Path) -> None:
    pdf = lo.to_pdf(workbook, tmp)
    for page, name, height in pictures:
        target = ROOT / "docs" / name
        size = ["-H", str(height)] if height else []
        subprocess.run(
            [
                *("pdftoppm", "-f", str(page), "-l", str(page), "-r", "100", "-png"),
                *("-singlefile", *size, str(pdf), str(target)),
            ],
            check=True,
        )
        print(f"wrote {target}.png")


def main() -> None:
    _french_profile()
    plan = xlplan.load_plan(ROOT / "samples" / "mimine.yaml")
    new = load_template(
        "blank",
        "fr",
        dt.date(2026, 1, 1),
        business="Mimine",
        currency="EUR",
        owners=["Arnaud", "Zoé"],
    )
    with tempfile.TemporaryDirectory() as tmp:
        render(
            build(plan, Path(tmp) / "mimine.xlsx", as_of=dt.date(2024, 7, 1)), PICTURES, Path(tmp)
        )
        render(
            build(new, Path(tmp) / "new.xlsx", as_of=dt.date(2026, 1, 5)), NEW_PICTURES, Path(tmp)
        )


if __name__ == "__main__":
    main()
