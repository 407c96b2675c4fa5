"""Edit workbooks in LibreOffice Calc as people do, through its UNO API (run by the system python3).

This script is not imported by the tests: `tests/uno.py` runs it with the interpreter that has
LibreOffice's ``uno`` module (Debian package ``python3-uno``), which need not be the one running
pytest. It reads a JSON list of jobs on stdin, each

    {"input": "/path/in.xlsx", "output": "/path/out.xlsx", "ops": [...]}

starts one headless soffice (a throw-away profile that recalculates on load), and for each job
opens the input, applies the operations the way the menus do (rows inserted, deleted, sorted,
cut and pasted, copied; values and text typed), recalculates, saves the output as .xlsx, and
prints one JSON document: per job, per sheet, the computed values and every cell showing an
error value, as LibreOffice itself computed them. Operations (rows are 1-based, as shown):

    {"op": "insert_rows", "sheet": S, "row": R, "count": N}
    {"op": "delete_rows", "sheet": S, "row": R, "count": N}
    {"op": "sort", "sheet": S, "range": "A5:Z40", "column": "F", "ascending": true}
    {"op": "move_rows", "sheet": S, "row": R, "count": N, "to": T}   # cut, then paste at row T
    {"op": "copy_rows", "sheet": S, "row": R, "count": N, "to": T}   # copy, then paste at row T
    {"op": "set", "sheet": S, "cell": "F7", "value": 1250.5}         # a number typed
    {"op": "set", "sheet": S, "cell": "F7", "text": "1 250,00 €"}    # text pasted
    {"op": "set", "sheet": S, "cell": "F7", "formula": "=F6*2"}
    {"op": "clear", "sheet": S, "range": "F7:H7"}
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]
from com.sun.star.table import CellAddress, TableSortField  # type: ignore[import-not-found]
from lo import _XCU  # (the same forced-recalculation profile; lo.py needs the stdlib only)

_ERROR = 4  # com.sun.star.sheet.FormulaResult.ERROR
_STARTUP_S = 60


def _props(**values: Any) -> tuple[Any, ...]:
    out = []
    for name, value in values.items():
        p = PropertyValue()
        p.Name, p.Value = name, value
        out.append(p)
    return tuple(out)


def _start(root: Path) -> tuple[subprocess.Popen[bytes], Any]:
    """Start soffice listening on a private pipe; return it and the desktop."""
    (root / "profile" / "user").mkdir(parents=True)
    (root / "profile" / "user" / "registrymodifications.xcu").write_text(_XCU, "utf-8")
    (root / "home").mkdir()
    pipe = f"xlplan_uno_{os.getpid()}"
    soffice = shutil.which("soffice") or "/usr/bin/soffice"
    proc = subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            *("--headless", "--invisible", "--nologo", "--norestore", "--nolockcheck"),
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        env={**os.environ, "HOME": str(root / "home")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + _STARTUP_S
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError("soffice did not start listening") from None
            time.sleep(0.2)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    return proc, desktop


def _rows(sheet: Any, row: int, count: int) -> Any:
    """The address of whole rows ``row`` … ``row + count - 1`` (1-based)."""
    return sheet.getCellRangeByName(f"A{row}:AMJ{row + count - 1}").getRangeAddress()


def _at(sheet: Any, row: int) -> Any:
    address = CellAddress()
    address.Sheet, address.Column, address.Row = sheet.getRangeAddress().Sheet, 0, row - 1
    return address


def _column(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def _apply(doc: Any, op: dict[str, Any]) -> None:
    sheet = doc.Sheets.getByName(op["sheet"])
    kind = op["op"]
    if kind == "insert_rows":
        sheet.Rows.insertByIndex(op["row"] - 1, op.get("count", 1))
    elif kind == "delete_rows":
        sheet.Rows.removeByIndex(op["row"] - 1, op.get("count", 1))
    elif kind == "sort":
        rng = sheet.getCellRangeByName(op["range"])
        first = rng.getRangeAddress().StartColumn
        field = TableSortField()
        field.Field = _column(op["column"]) - first
        field.IsAscending = op.get("ascending", True)
        field.IsCaseSensitive = False
        descriptor = list(rng.createSortDescriptor())
        for p in descriptor:
            if p.Name == "SortFields":
                p.Value = uno.Any("[]com.sun.star.table.TableSortField", (field,))
            elif p.Name == "ContainsHeader":
                p.Value = False
        rng.sort(tuple(descriptor))
    elif kind == "move_rows":
        sheet.moveRange(_at(sheet, op["to"]), _rows(sheet, op["row"], op.get("count", 1)))
    elif kind == "copy_rows":
        sheet.copyRange(_at(sheet, op["to"]), _rows(sheet, op["row"], op.get("count", 1)))
    elif kind == "set":
        cell = sheet.getCellRangeByName(op["cell"])
        if "value" in op:
            cell.setValue(op["value"])
        elif "text" in op:
            cell.setString(op["text"])
        else:
            cell.setFormula(op["formula"])
    elif kind == "clear":
        sheet.getCellRangeByName(op["range"]).clearContents(
            1 | 2 | 4 | 16
        )  # value date text formula
    else:
        raise ValueError(f"unknown operation {kind!r}")


def _letters(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def _dump(doc: Any) -> dict[str, Any]:
    """Every sheet's computed values (the used area) and the cells that show an error value."""
    sheets: dict[str, Any] = {}
    for name in doc.Sheets.getElementNames():
        sheet = doc.Sheets.getByName(name)
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        end = cursor.getRangeAddress()
        used = sheet.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow)
        errors = []
        found = used.queryFormulaCells(_ERROR)
        for address in found.getRangeAddresses():
            for r in range(address.StartRow, address.EndRow + 1):
                for c in range(address.StartColumn, address.EndColumn + 1):
                    cell = sheet.getCellByPosition(c, r)
                    errors.append({"cell": f"{_letters(c)}{r + 1}", "shown": cell.getString()})
        sheets[name] = {
            "values": [list(row) for row in used.getDataArray()],
            "errors": errors,
        }
    return sheets


def main() -> None:
    jobs = json.load(sys.stdin)
    root = Path(tempfile.mkdtemp(prefix="xlplan-uno-"))
    proc, desktop = _start(root)
    results = []
    try:
        for job in jobs:
            url = Path(job["input"]).resolve().as_uri()
            doc = desktop.loadComponentFromURL(url, "_blank", 0, _props(Hidden=True))
            try:
                for op in job.get("ops", []):
                    _apply(doc, op)
                doc.calculateAll()
                results.append({"sheets": _dump(doc)})
                out = Path(job["output"]).resolve()
                doc.storeToURL(out.as_uri(), _props(FilterName="Calc Office Open XML"))
            finally:
                doc.close(True)
    finally:
        with contextlib.suppress(Exception):  # (the connection drops as soffice exits)
            desktop.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(root, ignore_errors=True)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
