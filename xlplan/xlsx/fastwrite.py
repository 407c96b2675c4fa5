"""The writer's fast path into xlsxwriter: table rows stored straight into its cell table.

For each formula, xlsxwriter's `write_formula` runs some 30 regular expressions (``_xlfn.``
prefixes, dynamic arrays) that xlplan's plain formulas never need, and `close()` escapes it again
with a regular expression. `FastSheet` XML-escapes each column's formula once, as a template for
every row (`template`), stores a table row at once in xlsxwriter's own cell table (`put_row`),
and its `_write_cell` emits those cells without escaping them again: a 10 000-action workbook
builds at about 1.3x bare xlsxwriter's cells per second instead of well below it.

This relies on xlsxwriter's private API (`Worksheet.table`, its cell named tuples, `_write_cell`,
`_check_dimensions`, the shared string table): setup.cfg pins ``xlsxwriter>=3.3.1,<3.4``; widen
the pin only once the byte-equality guard passes with the new version. The guard,
`tests/test_workbook.py::test_fast_path_writes_the_bytes_of_plain_xlsxwriter`, builds workbooks
with `FastSheet` and with `PlainSheet` (the same interface over xlsxwriter's public ``write_*``
methods, one call per cell) and requires the same bytes.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from xlsxwriter.utility import xl_rowcol_to_cell_fast
from xlsxwriter.worksheet import (
    CellBlankTuple,
    CellBooleanTuple,
    CellDatetimeTuple,
    CellNumberTuple,
    CellStringTuple,
    Worksheet,
    _utf16_len,
    _utf16_truncate,
)

Value = str | float | int | bool | dt.date | dt.datetime | None
"""What an input cell shows (text is always written as text)."""
Result = float | int | str
"""A formula's cached result: a number, or text ("" for a blank result)."""

ROW = 1048577
"""A row number no formula can contain (Excel has 1 048 576 rows): write a column's formula
for this row, and `template` makes it the formula of any row."""
_ROW_TEXT = str(ROW)


class Formula(NamedTuple):
    """A formula cell of `FastSheet`, its text XML-escaped already. Named ``Formula`` like
    xlsxwriter's own formula cell: xlsxwriter reads a chart's cached data by the cell class's
    name, and so takes this one's `value`."""

    formula: str
    format: Any
    value: Result


class Sheet(Worksheet):  # type: ignore[misc]
    """xlsxwriter's worksheet, whose `write_formula` escapes a text result's control characters
    (`_controls`) as its `write_string` does: XML cannot hold them, and xlsxwriter leaves a
    formula's cached value as it is (a title "Plan\\a" made a workbook nobody could open)."""

    def write_formula(
        self, row: int, col: int, formula: str, cell_format: Any = None, value: Any = 0
    ) -> int:
        if isinstance(value, str) and value:
            value = _controls(value)
        return int(super().write_formula(row, col, formula, cell_format, value))


class FastSheet(Sheet):
    """A worksheet with a fast path for the rows of xlplan's tables (see the module)."""

    def template(self, formula: str) -> Callable[[int], str]:
        """A formula written for row `ROW`, as the XML text of any row.

        Args:
            formula: the formula of row `ROW`, ``=`` included.

        Returns:
            A function of the row number giving the formula for that row, as `formula` takes.
        """
        text = _escape(formula.removeprefix("="))
        return lambda row: text.replace(_ROW_TEXT, str(row))

    def formula(self, text: str, fmt: Any, value: Result) -> Any:
        """A formula cell of `template`'s text with its cached result (a number or text)."""
        return Formula(text, fmt, value)

    def value(self, value: Value, fmt: Any) -> Any:
        """A cell showing a value by its Python type; text always as a string.

        Raises:
            TypeError: a number no cell can hold (NaN, infinity), as xlsxwriter refuses it.
        """
        if value is None:
            return CellBlankTuple(fmt)
        if isinstance(value, str):
            if len(value) > self.xls_strmax // 2 and _utf16_len(value) > self.xls_strmax:
                value = _utf16_truncate(value, self.xls_strmax)
            return CellStringTuple(self.str_table._get_shared_string_index(value), fmt)
        if isinstance(value, bool):
            return CellBooleanTuple(int(value), fmt)
        if isinstance(value, int | float):
            if not math.isfinite(value):
                raise TypeError(f"cannot write {value} in a cell (as xlsxwriter's write_number)")
            return CellNumberTuple(value, fmt)
        return CellDatetimeTuple(self._convert_date_time(value), fmt)

    def put_row(self, row: int, col: int, cells: list[Any]) -> None:
        """Store `cells` in row `row` (0-based) from column `col` on, like one write_* each."""
        self._check_dimensions(row, col)
        self._check_dimensions(row, col + len(cells) - 1)
        self.table[row].update(enumerate(cells, col))

    def _write_cell(self, row: int, col: int, cell: Any) -> None:
        kind, fmt = cell.__class__, cell.format
        if fmt is None or kind not in _FAST_CELLS:
            super()._write_cell(row, col, cell)
            return
        tag = f'<c r="{xl_rowcol_to_cell_fast(row, col)}" s="{fmt._get_xf_index()}"'
        if kind is Formula:
            value = cell.value
            if isinstance(value, str) and value:
                tag += ' t="e"' if value in _ERRORS else ' t="str"'
                value = _escape(value)
            self.fh.write(f"{tag}><f>{cell.formula}</f><v>{value}</v></c>")
        elif kind is CellStringTuple:
            self.fh.write(f'{tag} t="s"><v>{cell.string}</v></c>')
        elif kind is CellBlankTuple:
            self.fh.write(f"{tag}/>")
        else:
            self.fh.write(f"{tag}><v>{cell.number:.16G}</v></c>")


_FAST_CELLS = {Formula, CellStringTuple, CellBlankTuple, CellNumberTuple, CellDatetimeTuple}
_ERRORS = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"}


_ESCAPE_LIKE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")


def _controls(text: str) -> str:
    """Control characters, which XML cannot hold, as ``_xHHHH_`` (and a literal ``_xHHHH_`` as
    ``_x005F_xHHHH_``), as xlsxwriter does for strings; for cached formula results."""
    if not text.isprintable() or "_x" in text:
        text = _CONTROL.sub(
            lambda m: f"_x{ord(m.group()):04X}_", _ESCAPE_LIKE.sub(r"_x005F\1", text)
        )
    return text


def _escape(text: str) -> str:
    """XML-escape text as xlsxwriter does for a formula or its cached value (`_controls`)."""
    return _controls(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class PlainSheet(Sheet):
    """`FastSheet`'s interface over xlsxwriter's public methods, one ``write_*`` call per cell
    (formulas through xlsxwriter's own preparation, every cell through its own XML escaping):
    the reference the fast path is checked against, byte for byte."""

    def template(self, formula: str) -> Callable[[int], str]:
        return lambda row: formula.replace(_ROW_TEXT, str(row))

    def formula(self, text: str, fmt: Any, value: Result) -> Any:
        return (self.write_formula, text, fmt, value)

    def value(self, value: Value, fmt: Any) -> Any:
        if value is None:
            return (self.write_blank, None, fmt)
        if isinstance(value, bool):
            return (self.write_boolean, value, fmt)
        if isinstance(value, int | float):
            if not math.isfinite(value):
                raise TypeError(f"cannot write {value} in a cell (as xlsxwriter's write_number)")
            return (self.write_number, value, fmt)
        if isinstance(value, dt.date):
            return (self.write_datetime, value, fmt)
        return (self.write_string, value, fmt)

    def put_row(self, row: int, col: int, cells: list[Any]) -> None:
        for c, (write, *args) in enumerate(cells, col):
            if write(row, c, *args) == -1:  # (-2, a string truncated to 32 767, is fine)
                raise ValueError(f"cell ({row}, {c}) is outside the worksheet")
