"""Test helper: edit a workbook with openpyxl the way a spreadsheet application would.

openpyxl's own `insert_rows` moves cells but leaves every formula's references where they were;
Excel, LibreOffice and Google Sheets shift them. `insert_row` does what they do for cell
references in formulas (ranges spanning the insertion grow), which is what our layout relies on.
"""

from __future__ import annotations

import re
from typing import Any

_REF = re.compile(
    r"(?P<sheet>'(?:[^']|'')+'!|[A-Za-z_][\w.]*!)?(?P<col>\$?[A-Z]{1,3})(?P<dollar>\$?)"
    r"(?P<row>\d+)(?![\d(])"
)


def _shift(formula: str, here: str, target: str, at: int) -> str:
    def repl(m: re.Match[str]) -> str:
        sheet = m.group("sheet")
        name = sheet[:-1].strip("'").replace("''", "'") if sheet else here
        row = int(m.group("row"))
        if name != target or row < at:
            return m.group(0)
        return f"{sheet or ''}{m.group('col')}{m.group('dollar')}{row + 1}"

    # Leave string literals alone.
    parts = re.split(r'("(?:[^"]|"")*")', formula)
    return "".join(p if p.startswith('"') else _REF.sub(repl, p) for p in parts)


def insert_row(wb: Any, sheet: str, at: int) -> None:
    """Insert an empty row before row `at` of `sheet`, shifting references like Excel does."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" and isinstance(cell.value, str):
                    cell.value = _shift(cell.value, ws.title, sheet, at)
    for name in list(wb.defined_names):
        dn = wb.defined_names[name]
        dn.attr_text = _shift(dn.attr_text, "", sheet, at)
    wb[sheet].insert_rows(at)
