"""Test helper: edit workbooks in LibreOffice Calc through its UNO API, as people do.

`edit_many` runs `tests/uno_edit.py` with a Python that can import LibreOffice's ``uno`` module
(Debian's ``python3-uno`` lives in the system ``/usr/bin/python3``, not necessarily in the
interpreter running pytest) and returns what LibreOffice computed after the edits: per sheet, the
values of the used area and every cell showing an error value. The edited workbook is saved as
.xlsx for xlplan to read. Missing LibreOffice or ``uno`` raises RuntimeError — never a skip.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Edited", "edit", "edit_many", "uno_python"]

TIMEOUT_S = 300
_DRIVER = Path(__file__).with_name("uno_edit.py")
_CANDIDATES = ("/usr/bin/python3", "python3")


def uno_python() -> str:
    """The first Python interpreter that can import ``uno``."""
    for name in _CANDIDATES:
        found = shutil.which(name)
        if (
            found
            and subprocess.run([found, "-c", "import uno"], capture_output=True).returncode == 0
        ):
            return found
    raise RuntimeError(
        "no Python with LibreOffice's uno module (tried /usr/bin/python3 and python3 on PATH); "
        "install the Debian package python3-uno"
    )


@dataclass
class Edited:
    """A workbook after LibreOffice edited, recalculated and saved it."""

    path: Path
    sheets: dict[str, dict[str, Any]]

    def values(self, sheet: str) -> list[list[Any]]:
        """The sheet's computed values, row by row (text as str, numbers as float, '' empty)."""
        return list(self.sheets[sheet]["values"])

    def errors(self) -> dict[str, list[str]]:
        """Every cell showing an error value, as ``{sheet: ["B7 #REF!", …]}`` (empty when none)."""
        return {
            name: [f"{e['cell']} {e['shown']}" for e in sheet["errors"]]
            for name, sheet in self.sheets.items()
            if sheet["errors"]
        }


def edit_many(jobs: list[tuple[Path, Path, list[dict[str, Any]]]]) -> list[Edited]:
    """Apply each job's operations (see `tests/uno_edit.py`) in one LibreOffice run.

    Args:
        jobs: (input workbook, output path, operations) triples; inputs are only read.

    Returns:
        One `Edited` per job, in order.
    """
    payload = [{"input": str(i), "output": str(o), "ops": ops} for i, o, ops in jobs]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    proc = subprocess.run(
        [uno_python(), str(_DRIVER)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        env=env,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"UNO driver failed (exit {proc.returncode}):\n{proc.stderr}")
    results = json.loads(proc.stdout)
    return [Edited(Path(o), r["sheets"]) for (_, o, _), r in zip(jobs, results, strict=True)]


def edit(path: Path, out: Path, ops: list[dict[str, Any]]) -> Edited:
    """Single-workbook `edit_many`."""
    return edit_many([(path, out, ops)])[0]
