"""Test helper: a sheet as plain data (cells, merged ranges, date cells, an Excel table), written
by openpyxl or by xlsxwriter — the two ways `handmade_render` lays a plan out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter

__all__ = ["Sheet", "write_openpyxl", "write_xlsxwriter"]


@dataclass
class Sheet:
    """A sheet to write: its cells, merged ranges, date cells, bold rows, Excel table."""

    name: str
    cells: dict[tuple[int, int], Any] = field(default_factory=dict)  # (row, col), 1-based
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    dates: set[tuple[int, int]] = field(default_factory=set)  # shown mmm-yy
    bold: set[int] = field(default_factory=set)  # rows
    table: tuple[int, int, int, int] | None = None  # header row, first col, last row, last col
    width: int = 0
    table_totals: bool = False  # the table's last row is its totals row


def write_openpyxl(sheets: list[Sheet], path: Path) -> None:
    """Write `sheets` into `path` with openpyxl."""
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for spec in sheets:
        ws = wb.create_sheet(spec.name)
        for (r, c), value in spec.cells.items():
            cell = ws.cell(r, c, value)
            if isinstance(value, str):
                cell.data_type = "s"  # a text, not a formula ("=1") nor an error ("#REF!")
            if (r, c) in spec.dates:
                cell.number_format = "mmm-yy"
            if r in spec.bold:
                cell.font = Font(bold=True)
        for r1, c1, r2, c2 in spec.merges:
            if (r1, c1) != (r2, c2):
                ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    wb.save(path)


def write_xlsxwriter(sheets: list[Sheet], path: Path) -> None:
    """Write `sheets` into `path` with xlsxwriter (a `Sheet.table` as an Excel table)."""
    wb = xlsxwriter.Workbook(path)
    bold = wb.add_format({"bold": True})
    month = wb.add_format({"num_format": "mmm-yy", "bold": True})
    for spec in sheets:
        ws = wb.add_worksheet(spec.name)
        merged: set[tuple[int, int]] = set()
        for r1, c1, r2, c2 in spec.merges:
            if (r1, c1) != (r2, c2):
                ws.merge_range(r1 - 1, c1 - 1, r2 - 1, c2 - 1, spec.cells.get((r1, c1)), bold)
                merged |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        table = spec.table
        for (r, c), value in spec.cells.items():
            in_table = table is not None and (
                r == table[0] or (spec.table_totals and r == table[2])
            )
            if (r, c) in merged or in_table:
                continue
            if (r, c) in spec.dates:
                ws.write_datetime(r - 1, c - 1, value, month)
            elif isinstance(value, str):  # (not a formula, nor a link)
                ws.write_string(r - 1, c - 1, value, bold if r in spec.bold else None)
            else:
                ws.write(r - 1, c - 1, value, bold if r in spec.bold else None)
        if table is not None:
            top, _, bottom, right = table
            total = spec.table_totals
            columns: list[dict[str, Any]] = []
            for c in range(1, right + 1):
                column: dict[str, Any] = {"header": spec.cells[(top, c)]}
                if total and c == 1:
                    column["total_string"] = spec.cells[(bottom, 1)]
                elif total and (bottom, c) in spec.cells:
                    shown = spec.cells[(bottom, c)]
                    column["total_function"] = "sum"
                    column["total_value"] = shown if not isinstance(shown, str) else 0
                columns.append(column)
            ws.add_table(
                top - 1, 0, bottom - 1, right - 1, {"columns": columns, "total_row": total}
            )
    wb.close()
