"""Test helpers to read workbooks back with openpyxl, as values a person would compare."""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path
from typing import Any

import openpyxl

ERROR_VALUES = ("#NAME?", "#REF!", "#VALUE!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "Err:")


def load(path: Path, data_only: bool = False) -> Any:
    with warnings.catch_warnings():
        # openpyxl does not read the data-bar extension xlsxwriter writes; harmless here.
        warnings.filterwarnings(
            "ignore", message=".*extension is not supported", category=UserWarning
        )
        return openpyxl.load_workbook(path, data_only=data_only)


def plain(value: Any) -> Any:
    """Normalise a cell value: dates to serial numbers, '' to None, bools to ints."""
    if isinstance(value, dt.datetime):
        return (value - dt.datetime(1899, 12, 30)).days + (
            value - dt.datetime.combine(value.date(), dt.time())
        ).seconds / 86400
    if isinstance(value, dt.date):
        return (value - dt.date(1899, 12, 30)).days
    if value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    return value


def same(a: Any, b: Any) -> bool:
    a, b = plain(a), plain(b)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    return bool(a == b)


def formula_cells(path: Path) -> list[tuple[str, str, str]]:
    """(sheet, cell, formula) of every formula cell."""
    wb = load(path)
    return [
        (ws.title, c.coordinate, c.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    ]


def error_cells(path: Path) -> list[str]:
    """Every cell (of a recalculated workbook) that holds a spreadsheet error value."""
    wb = load(path, data_only=True)
    return [
        f"{ws.title}!{c.coordinate}={c.value}"
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith(ERROR_VALUES)
    ]


def mismatches(built: Path, recalculated: Path) -> list[str]:
    """Formula cells whose cached value (xlplan's) differs from LibreOffice's result."""
    cached = load(built, data_only=True)
    fresh = load(recalculated, data_only=True)
    bad = []
    for sheet, ref, formula in formula_cells(built):
        mine, theirs = cached[sheet][ref].value, fresh[sheet][ref].value
        if not same(mine, theirs):
            bad.append(f"{sheet}!{ref} {formula}: xlplan {mine!r}, LibreOffice {theirs!r}")
    return bad


def column(ws: Any, header: str, header_row: int = 4) -> str:
    """The letter of the column whose header is `header`."""
    for cell in ws[header_row]:
        if cell.value == header:
            return str(cell.column_letter)
    raise KeyError(header)
