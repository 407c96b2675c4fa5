"""The sheets of an xlplan workbook as grids of values, with the formula facts the reader needs.

python-calamine (Rust) reads cell values several times faster than openpyxl, but it gives no
formulas and reads an error value (``#REF!``) as an empty string. `Sheet` adds what the reader
needs from the sheet's XML, with a few scans by regular expression that only build Python
objects for what they find: the error cells, the cells of computed columns that hold no formula
(overwritten with a constant), and the formulas of the columns that link a row to another
sheet. Those scans rely on the shape every spreadsheet application writes (``<c r="B5" …>``,
unprefixed names, no far cell); a sheet in any other shape is read by `xlsxcells` (expat, a
cell at a time) into the same grid, so nothing depends on who saved the file.

Before calamine reads a sheet, its XML is checked as `safety` checks the others: no document
type declaration (entity bombs), and a used range within `safety.MAX_AREA` (calamine allocates
the whole rectangle: one cell at XFD1048576 would take gigabytes).

Values are as calamine gives them: numbers as floats, a date-formatted number as a ``date``
or ``datetime``, text with OOXML's ``_xHHHH_`` escapes undone, an empty cell as ``""``, an
error value as an `ErrorValue` (a ``str``: ``"#REF!"``).
"""

from __future__ import annotations

import re
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from python_calamine import CalamineError, CalamineWorkbook

from ..layout.spec import col_letter
from ..layout.values import unescape
from ..reading.parse import ErrorValue
from ..xlsx import guard as safety
from .xlsxcells import Book as CellBook
from .xlsxcells import XlsxError, column_index

__all__ = ["Book", "ErrorValue", "Sheet"]

PREFETCH = True
"""Whether `Book.prefetch` may use a thread (`xlplan.check`'s worker processes do without: the
cores are busy already)."""
PREFETCH_BYTES = 256 << 10
"""The XML size from which a sheet is worth reading in a thread of its own (some 70 rows of the
budget sheet): below it, the thread's fixed cost (a second calamine workbook, which parses the
shared strings again) takes back what the overlap gives."""

_ROOT: Final = re.compile(rb"<(?![?!])")
_NO_FORMULA: Final = re.compile(rb'<c r="([A-Z]{1,3})([0-9]+)"[^>]*>(?!\s*<f)')
_SMALL_XML: Final = 64 << 10  # (sheets a pattern of their own is not worth compiling for)
_ERROR_CELL: Final = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*? t="e"[^>]*>'
    rb"(?:\s*<f[^>]*(?:/>|>[^<]*</f>))?\s*<v>([^<]*)</v>"
)


@dataclass
class Sheet:
    """One sheet: its values by row and column (0-based: ``rows[4][1]`` is B5)."""

    name: str
    rows: list[list[object]]
    xml: bytes | None = None  # the sheet's XML for the fast scans; None when read cell by cell
    reread: Callable[[], Sheet] | None = None  # the sheet read cell by cell, when a scan cannot
    all_formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # when read so

    def constants(self, columns: list[int]) -> set[tuple[int, int]]:
        """(row, col), 0-based, of the cells of `columns` present in the XML without a formula:
        a computed cell overwritten with a constant, or cleared, or a header."""
        if self.xml is None:
            wanted = set(columns)
            return {
                (r, c)
                for r, values in enumerate(self.rows)
                for c in wanted
                if c < len(values) and values[c] != "" and (r, c) not in self.all_formulas
            }
        if not columns:
            return set()
        index = {col_letter(c).encode(): c for c in columns}
        if len(self.xml) < _SMALL_XML:  # (every cell, filtered here: no pattern to compile)
            found = _NO_FORMULA.findall(self.xml)
            return {(int(row) - 1, index[col]) for col, row in found if col in index}
        pattern = re.compile(rb'<c r="(%s)([0-9]+)"[^>]*>(?!\s*<f)' % b"|".join(index))
        return {(int(row) - 1, index[col]) for col, row in pattern.findall(self.xml)}

    def with_formula(self, cells: set[tuple[int, int]]) -> set[tuple[int, int]]:
        """Those of `cells` (row, col), 0-based, that hold a formula."""
        if self.xml is None or not cells:
            return {rc for rc in cells if rc in self.all_formulas}
        index = {col_letter(c).encode(): c for c in {c for _, c in cells}}
        pattern = re.compile(rb'<c r="(%s)([0-9]+)"[^>]*>\s*<f' % b"|".join(index))
        return {(int(row) - 1, index[col]) for col, row in pattern.findall(self.xml)} & cells

    def formulas(self, col: int) -> dict[int, str]:
        """0-based row → formula (``"=…"``) of the cells of one column that hold one."""
        if self.xml is None:
            return {r: f for (r, c), f in self.all_formulas.items() if c == col}
        letters = col_letter(col).encode()
        pattern = re.compile(rb'<c r="%s([0-9]+)"[^>]*>\s*<f([^>]*)>([^<]*)' % letters)
        out: dict[int, str] = {}
        for row, attrs, text in pattern.findall(self.xml):
            if b"t=" in attrs or attrs.endswith(b"/"):  # shared or array: text elsewhere
                assert self.reread is not None
                return self.reread().formulas(col)
            formula = text.decode()
            out[int(row) - 1] = "=" + (_unentity(formula) if "&" in formula else formula)
        return out


_ENTITIES: Final = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_ENTITY: Final = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));")


def _unentity(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        name, dec, hexa = m.groups()
        return _ENTITIES[name] if name else chr(int(dec) if dec else int(hexa, 16))

    return _ENTITY.sub(one, text)


class Book:
    """An xlplan workbook opened for reading sheets as grids; close it when done."""

    def __init__(self, path: Path) -> None:
        self.path = path
        safety.scan_workbook(path, sheets=False)
        try:
            self._cells = CellBook(path)
        except XlsxError as exc:
            raise safety.refused(
                path, f"the workbook is damaged and cannot be read ({exc}); {safety.REPAIR}"
            ) from None
        try:
            self._zip = zipfile.ZipFile(path)
            self.date1904 = self._cells.date1904
            self._parts = {s.name: s.path for s in self._cells.sheets}
            self._calamine = self._open_calamine()
            self._counted = 0  # cells in the sheets read (an upper bound)
            self._lock = threading.Lock()
            self._pending: dict[str, tuple[threading.Thread, list[Any]]] = {}  # `prefetch`
            self.sheetnames = [n for n, p in self._parts.items() if "/chartsheets/" not in p]
        except BaseException:
            self.close()
            raise

    def _open_calamine(self) -> Any:
        """python-calamine's workbook, or None if it cannot read the file (the sheets are then
        read by `xlsxcells`, after `safety` checked them all)."""
        try:
            return CalamineWorkbook.from_path(str(self.path))
        except CalamineError:
            return None

    def prefetch(self, name: str) -> None:
        """Start reading a sheet in a thread of its own, for `sheet` to take later.

        calamine lets go of the GIL while it parses: the budget sheet, the largest, is parsed
        on a second core while this one reads the action plan. The thread has its own zip file
        and calamine workbook (neither may be shared between threads), which costs a few
        milliseconds: only a sheet of `PREFETCH_BYTES` or more is worth it."""
        if self._calamine is None or name not in self._parts or name in self._pending:
            return
        if not PREFETCH or self._zip.getinfo(self._parts[name]).file_size < PREFETCH_BYTES:
            return
        box: list[Any] = []

        def load() -> None:
            try:
                with zipfile.ZipFile(self.path) as archive:
                    workbook = self._open_calamine()
                    try:
                        box.append(self._load(archive, self._parts[name], name, workbook))
                    finally:
                        if workbook is not None:
                            workbook.close()
            except BaseException as exc:  # (raised again by `sheet`, in the caller's thread)
                box.append(exc)

        thread = threading.Thread(target=load, name=f"xlplan: {name}", daemon=True)
        thread.start()
        self._pending[name] = (thread, box)

    def sheet(self, name: str) -> Sheet:
        """The grid of a sheet (one of `sheetnames`)."""
        if name in self._pending:
            thread, box = self._pending.pop(name)
            thread.join()
            if isinstance(box[0], BaseException):
                raise box[0]
            xml, rows = box[0]
        else:
            xml, rows = self._load(self._zip, self._parts[name], name, self._calamine)
        if rows is None:
            return self._slow(name)
        if b't="e"' in xml:  # calamine reads error values as ""
            for col, row, code in _ERROR_CELL.findall(xml):
                r, c = int(row) - 1, column_index(col.decode()) - 1
                while len(rows) <= r:
                    rows.append([])
                values = rows[r]
                values.extend([""] * (c + 1 - len(values)))
                values[c] = ErrorValue(code.decode())
        return Sheet(name, rows, xml, lambda: self._slow(name))

    def _load(
        self, archive: zipfile.ZipFile, member: str, name: str, calamine: Any
    ) -> tuple[bytes, list[list[object]] | None]:
        """The sheet's XML, and its values read by `calamine`, the calling thread's workbook;
        values None if the fast path cannot read them (or calamine the file: `calamine` None),
        the sheet being then read cell by cell."""
        with archive.open(member) as stream:  # (never inflates past the declared size)
            xml = b"".join(iter(lambda: stream.read(1 << 20), b""))
        if calamine is None or not self._fast(member, xml):
            return xml, None
        try:
            rows: list[list[object]] = calamine.get_sheet_by_name(name).to_python(
                skip_empty_area=False
            )
        except CalamineError:  # what Python's zipfile and expat read, calamine may not
            return xml, None
        return xml, rows

    def _fast(self, member: str, xml: bytes) -> bool:
        """Whether the fast scans can read this sheet's XML; refuses what is hostile."""
        root = _ROOT.search(xml)
        prologue = xml[: root.start()] if root else xml
        if b"<!DOCTYPE" in prologue:
            raise safety.refused(
                self.path,
                f"'{member}' declares an XML document type (DTD), which workbooks never "
                "contain; it can hide entity bombs or external entities: refused as hostile",
            )
        if root is None or not xml.startswith(b"<worksheet", root.start()):
            return False  # a prefixed root (<x:worksheet>), or not XML at all
        # safety.MAX_CELLS, over the sheets read so far: an upper bound is enough unless it is
        # near the limit (the shortest cell, <c r="A1"/>, takes 12 bytes); past it, the slow
        # read refuses after counting every sheet exactly.
        with self._lock:  # (a sheet may be checked in `prefetch`'s thread)
            cells = len(xml) // 12
            if self._counted + cells > safety.MAX_CELLS:
                cells = xml.count(b"<c ")
                if self._counted + cells > safety.MAX_CELLS:
                    return False
            self._counted += cells
        last = xml.rfind(b'<row r="')
        digits = xml[last + 8 : xml.find(b'"', last + 8)] if last >= 0 else b"1"
        if not digits.isdigit() or 10 ** len(digits) * 26 > safety.MAX_AREA:
            return False
        # A cell whose reference is not its first attribute (or missing), a column past Z, a
        # row further down than the last row element.
        odd = rb'<c(?:(?=[\s/>])(?! r=")| r="(?:[A-Z]{2}|[A-Z][0-9]{%d}))' % (len(digits) + 1)
        return re.search(odd, xml) is None

    def _slow(self, name: str) -> Sheet:
        """A sheet in any shape, read cell by cell with `xlsxcells`, after the whole workbook
        passed `safety`'s checks (which say precisely what is wrong with a hostile sheet)."""
        safety.scan_workbook(self.path)

        rows: list[list[object]] = []
        formulas: dict[tuple[int, int], str] = {}
        count = 0
        try:
            for number, cells in self._cells.rows(name):
                count += len(cells)
                width = cells[-1].col
                if count > safety.MAX_CELLS or number * width > safety.MAX_AREA:
                    raise safety.refused(
                        self.path,
                        f"sheet '{name}' uses cells up to "
                        f"{col_letter(width - 1)}{number}: too large for a plan "
                        "(or hostile); delete the unused rows and columns",
                    )
                while len(rows) < number:
                    rows.append([])
                values: list[object] = [""] * width
                for cell in cells:
                    value = cell.value
                    if cell.is_error:
                        value = ErrorValue(str(value))
                    elif isinstance(value, str):
                        value = unescape(value)
                    elif value is None:
                        value = ""
                    values[cell.col - 1] = value
                    if cell.formula is not None:
                        formulas[number - 1, cell.col - 1] = cell.formula
                rows[number - 1] = values
        except XlsxError as exc:
            raise safety.refused(
                self.path, f"the workbook is damaged: sheet '{name}', {exc}; {safety.REPAIR}"
            ) from None
        return Sheet(name, rows, None, None, formulas)

    def close(self) -> None:
        for thread, _ in getattr(self, "_pending", {}).values():
            thread.join()
        self._cells.close()
        if hasattr(self, "_zip"):
            self._zip.close()
