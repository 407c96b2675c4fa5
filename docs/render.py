"""Render the pictures of the README: the Mimine workbook through LibreOffice, PDF, then PNG.

Run from the repository root: ``python docs/render.py`` (needs LibreOffice and pdftoppm).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
os.environ["LC_ALL"] = os.environ["LANG"] = "fr_FR.UTF-8"  # French number display

from lo import to_pdf  # noqa: E402

import xlplan  # noqa: E402
from xlplan.writing.workbook import build  # noqa: E402

# (page of the PDF = sheet position, picture, height in pixels at 100 dpi; 0 = whole page)
PICTURES = ((2, "plan-action", 720), (7, "retroplanning", 760), (8, "synthese", 0))


def main() -> None:
    plan = xlplan.load_plan(ROOT / "samples" / "mimine.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        workbook = build(plan, Path(tmp) / "mimine.xlsx", as_of=dt.date(2024, 7, 1))
        pdf = to_pdf(workbook, Path(tmp))
        for page, name, height in PICTURES:
            target = ROOT / "docs" / name
            subprocess.run(
                [
                    "pdftoppm",
                    "-f",
                    str(page),
                    "-l",
                    str(page),
                    "-r",
                    "100",
                    "-png",
                    "-singlefile",
                    "-H",
                    str(height),
                    str(pdf),
                    str(target),
                ],
                check=True,
            )
            print(f"wrote {target}.png")


if __name__ == "__main__":
    main()
