"""The XML scans of the guard, with expat: every XML part is well-formed and declares no document
type (entity bombs, external entities); the worksheets' rows come in order, their cells lie within
Excel's grid, and their used range (cells holding data, merged and hyperlinked ranges) is measured
as openpyxl will see it; elements, cells, shared strings and area stay within `Limits`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any, Final
from xml.parsers import expat

from ..i18n import msg
from ..layout.spec import col_letter
from .limits import EXCEL_COLUMNS, EXCEL_ROWS, REPAIR, Limits, Refused, short_error

__all__ = ["Counts", "SheetScan", "column_index", "is_xml", "scan_xml", "scan_xml_light"]

_COORD: Final = re.compile(r"^[$]?([A-Za-z]{1,3})[$]?(\d+)$")  # as openpyxl reads ``r``
_RANGE: Final = re.compile(r"^[$]?([A-Za-z]{1,3})[$]?(\d+)(?::[$]?([A-Za-z]{1,3})[$]?(\d+))?$")
_CHUNK: Final = 1 << 20


def column_index(letters: str) -> int:
    """Excel column letters → 1-based column number: 1 for "A", 27 for "AA" (any case)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


@dataclass
class Counts:
    limits: Limits
    elements: int = 0
    cells: int = 0
    strings: int = 0
    area: int = 0  # of the sheets already scanned


class SheetScan:
    """Tracks one worksheet part as expat reads it: rows, cells, used range, as openpyxl will
    see them (the same row and column counters for rows and cells without ``r``)."""

    def __init__(self, member: str, counts: Counts) -> None:
        self.member = member
        self.counts = counts
        self.row = 0  # openpyxl's row counter
        self.col = 0  # openpyxl's column counter
        self.last_row = 0  # last row yielded by the streaming reader
        self.ordered = True  # the current row comes after the last one
        self.cell: tuple[int, int] | None = None  # the current cell, until it proves to hold data
        self.rows = 0
        self.columns = 0

    def area(self) -> int:
        return self.rows * self.columns

    def cover(self, rows: int, columns: int) -> None:
        if rows > self.rows or columns > self.columns:
            self.rows, self.columns = max(rows, self.rows), max(columns, self.columns)
            if self.counts.area + self.area() > self.counts.limits.max_area:
                raise Refused(
                    msg(
                        "'{member}' uses cells up to {col_letter}{rows}, more than "
                        "{max_area:,} cells with the other sheets: too large for a plan (or "
                        "hostile); delete the unused rows and columns, or keep the plan in a "
                        "workbook of its own",
                        member=self.member,
                        col_letter=col_letter(self.columns - 1),
                        rows=self.rows,
                        max_area=self.counts.limits.max_area,
                    )
                )

    def start_row(self, attrs: dict[str, str]) -> None:
        r = attrs.get("r")
        if r is None:
            self.row += 1
        else:
            number = _row_number(r)
            if number is None:
                raise Refused(
                    msg(
                        "'{member}' has a row numbered {r!r}; {repair}",
                        member=self.member,
                        r=r[:20],
                        repair=REPAIR,
                    )
                )
            self.row = number
        self.col = 0
        self.ordered = self.row > self.last_row
        if self.ordered:
            self.last_row = self.row
        self.cell = None

    def start_cell(self, attrs: dict[str, str]) -> None:
        self.counts.cells += 1
        if self.counts.cells > self.counts.limits.max_cells:
            raise Refused(
                msg(
                    "more than {max_cells:,} cells in the sheets: too large for a plan (or "
                    "hostile); delete the unused rows and columns",
                    max_cells=self.counts.limits.max_cells,
                )
            )
        if not self.ordered:
            raise Refused(
                msg(
                    "'{member}' has row {row} after row {last_row}: the rows are out of "
                    "order and some would be lost; {repair}",
                    member=self.member,
                    row=self.row,
                    last_row=self.last_row,
                    repair=REPAIR,
                )
            )
        ref = attrs.get("r")
        row = self.row
        if ref:
            match = _COORD.match(ref)
            if match is None:
                raise Refused(
                    msg(
                        "'{member}' has a cell at {ref!r}; {repair}",
                        member=self.member,
                        ref=ref[:20],
                        repair=REPAIR,
                    )
                )
            self.col = column_index(match.group(1))
            at = int(match.group(2))
            if not 1 <= at <= EXCEL_ROWS:
                raise Refused(
                    msg(
                        "'{member}' has a cell at {ref!r}, outside Excel's rows and columns; "
                        "{repair}",
                        member=self.member,
                        ref=ref[:20],
                        repair=REPAIR,
                    )
                )
            row = max(row, at)
        else:
            self.col += 1
        if row > EXCEL_ROWS or self.col > EXCEL_COLUMNS or row < 1:
            raise Refused(
                msg(
                    "'{member}' has a cell outside Excel's rows and columns (row {row}, "
                    "column {col}); {repair}",
                    member=self.member,
                    row=row,
                    col=self.col,
                    repair=REPAIR,
                )
            )
        self.cell = (row, self.col)

    def has_data(self) -> None:
        if self.cell is not None:
            self.cover(*self.cell)
            self.cell = None

    def start_range(self, ref: str | None) -> None:
        match = _RANGE.match(ref or "")
        if match is None:
            return  # openpyxl refuses it, or ignores it
        rows = max(int(match.group(2)), int(match.group(4) or 0))
        columns = max(column_index(match.group(1)), column_index(match.group(3) or "A"))
        if rows > EXCEL_ROWS or columns > EXCEL_COLUMNS:
            raise Refused(
                msg(
                    "'{member}' has a range {ref!r} beyond Excel's last cell; {repair}",
                    member=self.member,
                    ref=ref,
                    repair=REPAIR,
                )
            )
        self.cover(rows, columns)


def _row_number(text: str) -> int | None:
    """A row's ``r`` as openpyxl reads it (``5``, ``5.0``), or None when openpyxl refuses it."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if value.is_integer() else None


_MAIN: Final = "http://schemas.openxmlformats.org/spreadsheetml/2006/main "  # + local name
_ROW, _CELL, _SI = _MAIN + "row", _MAIN + "c", _MAIN + "si"
_HAS_DATA: Final = frozenset({_MAIN + "v", _MAIN + "f", _MAIN + "is"})
_RANGES: Final = frozenset({_MAIN + "mergeCell", _MAIN + "hyperlink"})


def scan_xml(source: IO[bytes], member: str, counts: Counts) -> SheetScan | None:
    """Scan one XML part with expat; its used range if it has rows or cells.

    Elements are matched by namespace and name, as openpyxl matches them, whatever the root
    element: a part openpyxl reads as a worksheet is measured, whatever it calls itself.
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    sheet: SheetScan | None = None

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal sheet
        counts.elements += 1
        if counts.elements > counts.limits.max_xml_elements:
            _check_counts(counts)
        if name == _CELL:
            if sheet is None:
                sheet = SheetScan(member, counts)
            sheet.start_cell(attrs)
        elif name in _HAS_DATA:
            if sheet is not None:
                sheet.has_data()
        elif name == _ROW:
            if sheet is None:
                sheet = SheetScan(member, counts)
            sheet.start_row(attrs)
        elif name in _RANGES:
            ref = attrs.get("ref", "")
            if name == _MAIN + "mergeCell" or ":" in ref:
                if sheet is None:
                    sheet = SheetScan(member, counts)
                sheet.start_range(ref)
        elif name == _SI:
            counts.strings += 1
            if counts.strings > counts.limits.max_strings:
                _check_counts(counts)

    parser.StartDoctypeDeclHandler = _doctype(member)
    parser.StartElementHandler = start
    _parse(parser, source, member)
    return sheet


def _doctype(member: str) -> Callable[..., None]:
    def refuse(name: str, *_: Any) -> None:
        raise Refused(
            msg(
                "'{member}' declares an XML document type (DTD), which workbooks never "
                "contain; it can hide entity bombs or external entities: refused as "
                "hostile",
                member=member,
            )
        )

    return refuse


_SI_TAG: Final = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")


def scan_xml_light(source: IO[bytes], member: str, counts: Counts) -> None:
    """`scan_xml` for the shallow scan: well-formed, no document type, elements and shared
    strings within their limits, but no Python call per element (expat runs in C alone, and the
    elements and strings are counted in the bytes: an upper bound, as every ``<`` that does
    not close an element counts)."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _doctype(member)

    def count(chunk: bytes) -> None:
        counts.elements += chunk.count(b"<") - chunk.count(b"</")
        if b":si" in chunk:  # (a prefixed <x:si>: rare, so counted the slow way)
            counts.strings += len(_SI_TAG.findall(chunk))
        else:
            counts.strings += sum(chunk.count(tag) for tag in (b"<si>", b"<si ", b"<si/>"))
        _check_counts(counts)

    _parse(parser, source, member, count)


def _check_counts(counts: Counts) -> None:
    if counts.elements > counts.limits.max_xml_elements:
        raise Refused(
            msg(
                "more than {max_xml_elements:,} XML elements: too large for a plan (or hostile)",
                max_xml_elements=counts.limits.max_xml_elements,
            )
        )
    if counts.strings > counts.limits.max_strings:
        raise Refused(
            msg(
                "more than {max_strings:,} shared strings: too large for a plan (or hostile)",
                max_strings=counts.limits.max_strings,
            )
        )


def _parse(
    parser: Any, source: IO[bytes], member: str, each: Callable[[bytes], None] | None = None
) -> None:
    """Feed a part to expat a chunk at a time; malformed XML is refused with its position."""
    try:
        while chunk := source.read(_CHUNK):
            parser.Parse(chunk, False)
            if each is not None:
                each(chunk)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise Refused(
            msg(
                "'{member}' is not well-formed XML (line {lineno}, column {value}: "
                "{reason}); {repair}",
                member=member,
                lineno=exc.lineno,
                value=exc.offset + 1,
                reason=expat.ErrorString(exc.code),
                repair=REPAIR,
            )
        ) from None
    except (LookupError, ValueError) as exc:  # encoding="nonsense": the codec lookup fails
        raise Refused(
            msg(
                "'{member}' cannot be decoded as XML ({error}); {repair}",
                member=member,
                error=short_error(exc),
                repair=REPAIR,
            )
        ) from None


def is_xml(name: str, head: bytes) -> bool:
    """Whether a member may be XML that openpyxl parses (it goes by relationships, not names)."""
    if name.lower().endswith((".xml", ".rels", ".vml")):
        return True
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return start.startswith((b"<", b"\x00<")) or head.startswith((b"\xff\xfe", b"\xfe\xff"))
