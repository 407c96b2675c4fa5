"""The one way xlplan reads a workbook: its sheets as grids of values, and the facts readers need.

python-calamine (Rust) reads cell values several times faster than openpyxl, and gives the sheet
names, their visibility and the merged ranges; but it gives no formulas, no number formats, and
reads an error value (``#REF!``) as an empty string. `Sheet` adds what the readers need from the
sheet's XML, with a few scans by regular expression that only build Python objects for what they
find: the error cells, the cells of computed columns that hold no formula (overwritten with a
constant), the formulas of the columns that link a row to another sheet, the percent-formatted
cells of a column. Those scans rely on the shape every spreadsheet application writes (``<c
r="B5" …>``, unprefixed names, no far cell); the facts of a sheet in any other shape come from
openpyxl's read-only mode instead (its values still from calamine), so nothing depends on who
saved the file.

Before calamine reads a sheet, its XML is checked as `guard` checks the others: no document type
declaration (entity bombs), and a used range — merged and hyperlinked ranges included — within
`guard.Limits.max_area` (calamine allocates the whole rectangle: one cell at XFD1048576 would take
gigabytes). A sheet those quick checks cannot vouch for is first scanned exactly by `guard`.

Values are as calamine gives them: numbers as floats, a date-formatted number as a ``date`` or
``datetime``, text with OOXML's ``_xHHHH_`` escapes undone, an empty cell as ``""``, an error
value as an `ErrorValue` (a ``str``: ``"#REF!"``).
"""

from __future__ import annotations

import re
import threading
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from xml.etree import ElementTree

from python_calamine import CalamineError, CalamineWorkbook

from ..i18n import msg
from ..layout.spec import col_letter
from ..layout.values import unescape
from ..reading.parse import ErrorValue
from . import guard
from .cellscan import uncomputed, unentity
from .package import Package, read_member

__all__ = ["Book", "ErrorValue", "Sheet"]

PREFETCH_BYTES: Final = 256 << 10
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
_CELL_ROW: Final = re.compile(rb'<c r="[A-Z]{1,3}([0-9]+)"')
_WIDE_COLUMN: Final = re.compile(rb'<c r="([A-Z]{2,3})[0-9]')
# Merged and hyperlinked ranges, after the cells: openpyxl creates a cell for each of theirs.
_RANGE_REF: Final = re.compile(rb'<(?:mergeCell|hyperlink)\s[^>]*?ref="([^"]*)"')
_MERGE_REF: Final = re.compile(rb'<(?:[\w.-]+:)?mergeCell\s[^>]*?ref="([^"]*)"')
_FORMULA_TAG: Final = re.compile(rb"<(?:[\w.-]+:)?f[\s/>]")
_REF: Final = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


@dataclass
class Sheet:
    """One sheet: its values by row and column (0-based: ``rows[4][1]`` is B5)."""

    name: str
    rows: list[list[object]]
    xml: bytes | None = None  # the sheet's XML for the fast scans; None when read by openpyxl
    reread: Callable[[], Sheet] | None = None  # the sheet's facts read by openpyxl
    all_formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # when read so
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    """The merged ranges: (top, left, bottom, right), 0-based and inclusive."""
    percent_styles: Callable[[], frozenset[int]] = frozenset  # the book's percent cell styles
    percent: set[tuple[int, int]] = field(default_factory=set)  # when read by openpyxl

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
            out[int(row) - 1] = "=" + (unentity(formula) if "&" in formula else formula)
        return out

    def uncomputed(self) -> dict[tuple[int, int], str]:
        """(row, col), 0-based → formula (``"=…"``, or "" when shared) of the cells holding a
        formula saved without its result (`cellscan.uncomputed`): their value is not known."""
        if self.xml is None:
            return {
                (r, c): f
                for (r, c), f in self.all_formulas.items()
                if r < len(self.rows) and c < len(self.rows[r]) and self.rows[r][c] is None
            }
        return uncomputed(self.xml)

    def percent_rows(self, col: int) -> set[int]:
        """0-based rows of the cells of one column formatted as a percentage (``0%``)."""
        if self.xml is None:
            return {r for r, c in self.percent if c == col}
        styles = self.percent_styles()
        if not styles:
            return set()
        letters = col_letter(col).encode()
        pattern = re.compile(rb'<c r="%s([0-9]+)"[^>]*? s="([0-9]+)"' % letters)
        return {int(row) - 1 for row, style in pattern.findall(self.xml) if int(style) in styles}


_Running = tuple[threading.Thread, list[Any]]
"""Work running in a thread (`Book._in_thread`), and the box its result or exception lands in."""


def _taken(running: _Running) -> Any:
    """The result of work run in a thread, once it is done; what it raised is raised here."""
    thread, box = running
    thread.join()
    if isinstance(box[0], BaseException):
        raise box[0]
    return box[0]


def _search_errors(archive: zipfile.ZipFile, member: str) -> list[tuple[str, str]]:
    """A sheet's error cells, as (A1 reference, ``#REF!``…), from its XML. Searched a mebibyte
    at a time: most sheets show no error value, and are then never joined into one copy (about
    a tenth of this search, and the sheet's size in memory)."""
    seen = b""
    with archive.open(member) as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            if b't="e"' in seen[-5:] + chunk[:5] or b't="e"' in chunk:
                break
            seen = chunk
        else:
            return []
    xml = read_member(archive, member)
    return [(f"{c.decode()}{r.decode()}", v.decode()) for c, r, v in _ERROR_CELL.findall(xml)]


class Book:
    """A workbook opened for reading sheets as grids; close it when done.

    Args:
        path: the ``.xlsx`` (or ``.xlsm``) file.
        limits: what `guard` lets through.
        prefetch_from: the XML size from which `prefetch` reads a sheet in a thread of its own;
            None: never (in a worker process of `xlplan.check`, whose siblings keep the other
            cores busy).

    Raises:
        WorkbookError: the file is not a readable workbook, or looks hostile.
    """

    def __init__(
        self,
        path: Path,
        *,
        limits: guard.Limits = guard.LIMITS,
        prefetch_from: int | None = PREFETCH_BYTES,
    ) -> None:
        self.path = path
        self.limits = limits
        self._prefetch_from = prefetch_from
        self._file = guard.inspect_file(path, sheets=False, limits=limits)  # (read once)
        self._zip = self._file.archive
        try:
            try:
                self._package = Package(self._zip)
            except (ValueError, KeyError, ElementTree.ParseError) as exc:
                raise guard.refused(
                    path,
                    msg(
                        "the workbook is damaged and cannot be read ({error}); {repair}",
                        error=exc,
                        repair=guard.REPAIR,
                    ),
                ) from None
            self.date1904 = self._package.date1904
            self._parts = {s.name: s.member for s in self._package.sheets}
            self.sheetnames = [n for n, p in self._parts.items() if "/chartsheets/" not in p]
            self.hidden = {s.name for s in self._package.sheets if s.state != "visible"}
            self._calamine = self._open_calamine()
            self._percent: frozenset[int] | None = None
            self._counted = 0  # cells in the sheets read (an upper bound)
            self._lock = threading.Lock()
            self._pending: dict[str, _Running] = {}  # `prefetch`
            self._read: set[str] = set()  # sheets read on the fast path, and
            self._errors: dict[str, list[tuple[str, str]]] = {}  # their error cells
            self._scans: dict[str, _Running] = {}  # `scan_errors`
        except BaseException:
            self.close()
            raise

    def error_cells(self, name: str) -> list[tuple[str, str]]:
        """Every cell of a sheet showing an error value, as (A1 reference, ``#REF!``…), from
        its XML alone (a sheet nobody reads need not be parsed)."""
        if name in self._read:  # (a sheet already read: its XML is not decompressed again)
            return self._errors.get(name, [])
        if name in self._scans:
            found: list[tuple[str, str]] | BaseException = _taken(self._scans.pop(name))[name]
            if isinstance(found, BaseException):
                raise found
            return found
        return _search_errors(self._zip, self._parts[name])

    def scan_errors(self, names: list[str]) -> None:
        """Start searching sheets for their error cells in a thread, for `error_cells` to take
        later: sheets the reader shows no other interest in (the timeline, the dashboard),
        whose XML is decompressed for this alone.

        Why: zlib lets go of the GIL while it inflates, so on a second core the search runs
        beside the reader instead of in its way (at 10 000 actions, 0.08 s of about 1 s). Only
        with `prefetch_from` set (not in `xlplan.check`'s workers, whose siblings keep the other
        cores busy) and for sheets of that size or more: a thread costs more than a small
        sheet's search."""
        least = self._prefetch_from
        if least is None:
            return
        members = [
            (name, self._parts[name])
            for name in names
            if name in self._parts
            and name not in self._scans
            and name not in self._read
            and self._zip.getinfo(self._parts[name]).file_size >= least
        ]
        if not members:
            return

        def search(archive: zipfile.ZipFile) -> dict[str, Any]:
            found: dict[str, Any] = {}
            for name, member in members:
                try:
                    found[name] = _search_errors(archive, member)
                except BaseException as exc:  # (raised by `error_cells` for this sheet alone)
                    found[name] = exc
            return found

        searching = self._in_thread("error cells", search)
        for name, _ in members:
            self._scans[name] = searching

    def _in_thread(self, label: str, work: Callable[[zipfile.ZipFile], Any]) -> _Running:
        """Run `work` in a thread of its own, on a zip of its own over the file's bytes (a zip
        may not be shared between threads); `_taken` gives its result, or raises what it
        raised, in the caller's thread."""
        box: list[Any] = []

        def run() -> None:
            try:
                with zipfile.ZipFile(self._file.open_bytes()) as archive:
                    box.append(work(archive))
            except BaseException as exc:  # (raised again by `_taken`, in the caller's thread)
                box.append(exc)

        thread = threading.Thread(target=run, name=f"xlplan: {label}", daemon=True)
        thread.start()
        return thread, box

    def _open_calamine(self) -> Any:
        """python-calamine's workbook over the file's bytes, or None if it cannot read them
        (refused when a sheet is asked for, after `guard` checked them all)."""
        try:
            return CalamineWorkbook.from_filelike(self._file.open_bytes())
        except CalamineError:
            return None

    def percent_styles(self) -> frozenset[int]:
        """The cell styles whose number format shows a percentage (read on first use)."""
        if self._percent is None:
            try:
                self._percent = self._package.percent_styles()
            except ElementTree.ParseError:
                self._percent = frozenset()  # (a damaged styles part: no percent cells)
        return self._percent

    def prefetch(self, name: str) -> None:
        """Start reading a sheet in a thread of its own, for `sheet` to take later.

        calamine lets go of the GIL while it parses: the budget sheet, the largest, is parsed
        on a second core while this one reads the action plan. The thread has its own zip and
        calamine workbook over the file's bytes (neither may be shared between threads), which
        costs a few milliseconds: only a sheet of `PREFETCH_BYTES` or more is worth it."""
        if self._calamine is None or name not in self._parts or name in self._pending:
            return
        least = self._prefetch_from
        if least is None or self._zip.getinfo(self._parts[name]).file_size < least:
            return

        def load(archive: zipfile.ZipFile) -> Any:
            workbook = self._open_calamine()  # (nor may a calamine workbook)
            try:
                return self._load(archive, self._parts[name], name, workbook)
            finally:
                if workbook is not None:
                    workbook.close()

        self._pending[name] = self._in_thread(name, load)

    def sheet(self, name: str) -> Sheet:
        """The grid of a sheet (one of `sheetnames`)."""
        if name in self._pending:
            xml, rows, merged = _taken(self._pending.pop(name))
        else:
            xml, rows, merged = self._load(self._zip, self._parts[name], name, self._calamine)
        if rows is None:
            return self._slow(name)
        self._read.add(name)
        if b't="e"' in xml:  # calamine reads error values as ""
            found = _ERROR_CELL.findall(xml)
            self._errors[name] = [(f"{c.decode()}{r.decode()}", v.decode()) for c, r, v in found]
            for col, row, code in found:
                r, c = int(row) - 1, guard.column_index(col.decode()) - 1
                while len(rows) <= r:
                    rows.append([])
                values = rows[r]
                values.extend([""] * (c + 1 - len(values)))
                values[c] = ErrorValue(code.decode())
        return Sheet(
            name,
            rows,
            xml,
            lambda: self._slow(name),
            merged=merged,
            percent_styles=self.percent_styles,
        )

    def _load(
        self, archive: zipfile.ZipFile, member: str, name: str, calamine: Any
    ) -> tuple[bytes, list[list[object]] | None, list[tuple[int, int, int, int]]]:
        """The sheet's XML, its values read by `calamine` (the calling thread's workbook) and
        its merged ranges; values None if the fast scans cannot read the XML (or calamine the
        file: `calamine` None), the sheet's facts being then read by openpyxl."""
        xml = read_member(archive, member)
        if calamine is None or not self._fast(member, xml):
            return xml, None, []
        try:
            sheet = calamine.get_sheet_by_name(name)
            rows: list[list[object]] = sheet.to_python(skip_empty_area=False)
            merged = [(t, left, b, right) for (t, left), (b, right) in sheet.merged_cell_ranges]
        except CalamineError:  # what Python's zipfile and expat read, calamine may not
            return xml, None, []
        return xml, rows, merged

    def _fast(self, member: str, xml: bytes) -> bool:
        """Whether the fast scans can read this sheet's XML; refuses what is hostile."""
        root = _ROOT.search(xml)
        prologue = xml[: root.start()] if root else xml
        if b"<!DOCTYPE" in prologue:
            raise guard.refused(
                self.path,
                msg(
                    "'{member}' declares an XML document type (DTD), which workbooks never "
                    "contain; it can hide entity bombs or external entities: refused as hostile",
                    member=member,
                ),
            )
        if root is None or not xml.startswith(b"<worksheet", root.start()):
            return False  # a prefixed root (<x:worksheet>), or not XML at all
        limits = self.limits
        # limits.max_cells, over the sheets read so far: an upper bound is enough unless it is
        # near the limit (the shortest cell, <c r="A1"/>, takes 12 bytes); past it, the slow
        # read refuses after counting every sheet exactly.
        with self._lock:  # (a sheet may be checked in `prefetch`'s thread)
            cells = len(xml) // 12
            if self._counted + cells > limits.max_cells:
                cells = xml.count(b"<c ")
                if self._counted + cells > limits.max_cells:
                    return False
            self._counted += cells
        last = xml.rfind(b'<row r="')
        digits = xml[last + 8 : xml.find(b'"', last + 8)] if last >= 0 else b"1"
        if not digits.isdigit() or len(digits) > 7:
            return False
        # A cell whose reference is not its first attribute (or missing), or not like "AB12", or
        # a row further down than the last row element could number; in one pass with the
        # cells past column Z (whose widest the area needs), rare enough to be looked at then.
        n = len(digits)
        columns = 26
        odd_or_wide = rb'<c(?:(?=[\s/>])(?! r=")| r="(?:[A-Z]{2}|(?![A-Z][0-9]{1,%d}")))' % n
        if (found := re.compile(odd_or_wide).search(xml)) is not None:
            odd = rb'<c(?:(?=[\s/>])(?! r=")| r="(?![A-Z]{1,3}[0-9]{1,%d}"))' % n
            if re.compile(odd).search(xml, found.start()) is not None:
                return False
            wide = set(_WIDE_COLUMN.findall(xml, found.start()))
            columns = max((guard.column_index(c.decode()) for c in wide), default=26)
        corners: list[tuple[int, int]] = []  # (row, column) of the merged and linked ranges
        tail = xml.rfind(b"</sheetData>")
        for ref in _RANGE_REF.findall(xml, tail) if tail >= 0 else ():
            for corner in ref.decode("ascii", "replace").split(":")[:2]:
                match = _REF.match(corner)
                if match is None:
                    return False
                corners.append((int(match.group(2)), guard.column_index(match.group(1))))
        columns = max([columns] + [c for _, c in corners])
        rows: int = max([10 ** len(digits)] + [r for r, _ in corners])
        if rows * columns > limits.max_area:  # (a bound: the exact extent, if it may do)
            rows = max([int(r) for r in _CELL_ROW.findall(xml)] + [r for r, _ in corners] + [0])
        return rows * columns <= limits.max_area

    def _slow(self, name: str) -> Sheet:
        """A sheet in any shape, or one calamine cannot read, read by openpyxl's read-only mode
        after the whole workbook passed `guard`'s exact checks (which say precisely what is
        wrong with a hostile sheet). Values are openpyxl's, made like calamine's: "" for an
        empty cell, ``_xHHHH_`` escapes undone, an `ErrorValue` for an error."""
        self._file.full_scan()
        xml = read_member(self._zip, self._parts[name])
        rows: list[list[object]] = []
        formulas: dict[tuple[int, int], str] = {}
        percent: set[tuple[int, int]] = set()
        for cell in self._openpyxl_cells(name, data_only=True):
            r, c = cell.row - 1, cell.column - 1
            while len(rows) <= r:
                rows.append([])
            line = rows[r]
            line.extend([""] * (c + 1 - len(line)))
            value = cell.value
            if cell.data_type == "e":
                value = ErrorValue(str(value))
            elif isinstance(value, str):
                value = unescape(value)
            line[c] = value
            if "%" in (cell.number_format or ""):
                percent.add((r, c))
        if _FORMULA_TAG.search(xml):
            for cell in self._openpyxl_cells(name, data_only=False):
                if cell.data_type == "f":
                    formulas[cell.row - 1, cell.column - 1] = str(
                        getattr(cell.value, "text", cell.value)
                    )
        merged = []
        for ref in _MERGE_REF.findall(xml):
            ends = [_REF.match(c) for c in ref.decode("ascii", "replace").split(":")]
            found = [(int(m.group(2)) - 1, guard.column_index(m.group(1)) - 1) for m in ends if m]
            if len(ends) == len(found) == 2:
                (top, left), (bottom, right) = found
                merged.append((top, left, bottom, right))
        return Sheet(name, rows, None, None, formulas, merged, percent=percent)

    def _openpyxl_cells(self, name: str, data_only: bool) -> list[Any]:
        """The cells of a sheet holding something, as openpyxl's read-only mode reads them
        (shared formulas translated to each cell)."""
        with guard.parser_errors(self.path), warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning)
            wb = guard.open_workbook(
                self.path, read_only=True, data_only=data_only, inspected=self._file
            )
            try:
                ws = wb[name]
                ws.reset_dimensions()  # (the XML's <dimension> may lie)
                return [c for line in ws.iter_rows() for c in line if c.value is not None]
            finally:
                wb.close()

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for thread, _ in [
            *getattr(self, "_pending", {}).values(),
            *getattr(self, "_scans", {}).values(),
        ]:
            thread.join()
        if getattr(self, "_calamine", None) is not None:
            self._calamine.close()
        self._file.close()
