"""Guards against broken and hostile workbooks, applied before openpyxl parses anything.

Workbooks arrive by email and from shared drives: some are damaged, some are not workbooks at
all, a few may be built to hurt. `inspect_workbook` looks at the file's first bytes, its zip
directory and the XML of its parts — with limits of its own, never trusting what openpyxl would
trust — and refuses with a `WorkbookError` whose one-line message names the file, what is wrong
and what to do:

- an empty file; a text, CSV or HTML file renamed ``.xlsx``; random bytes;
- an OLE2 container: a legacy ``.xls`` ("save it as .xlsx"), or an ``.xlsx`` encrypted with a
  password (its OLE directory holds an ``EncryptedPackage`` stream);
- a truncated or corrupt zip, a zip that is not a workbook (a Word document, an OpenDocument
  spreadsheet, an ``.xlsb``), members compressed or encrypted in ways openpyxl cannot read;
- zip bombs: more than `MAX_MEMBERS` members, a member inflating to more than
  `MAX_MEMBER_BYTES`, more than `MAX_TOTAL_BYTES` in all, or a member above `RATIO_FLOOR`
  compressed more than `MAX_RATIO` times. The sizes are read from the zip's central directory
  before anything is inflated, and Python's zipfile never inflates a member beyond the size
  the directory declares (it stops there and checks the CRC), so these limits bound what
  openpyxl inflates, including the "overlapping entries" bombs that reuse one compressed kernel;
- XML with a document type declaration (a DTD): entity bombs ("billion laughs") and external
  entities. Workbooks never contain one; each XML part is scanned with expat, which stops at the
  ``<!DOCTYPE`` before expanding anything (openpyxl's defusedxml would refuse them too, later);
- XML that is not well-formed, sheet rows out of order (openpyxl's streaming reader would skip
  them silently), cell references beyond Excel's last row or column;
- sheets too large to be a plan: more than `MAX_CELLS` cells in the sheets' XML, or used ranges
  (cells holding a value or formula, merged and hyperlinked ranges: openpyxl creates a cell
  object for each cell of those) covering more than `MAX_AREA` cells in all, or more than
  `MAX_XML_ELEMENTS` XML elements, or `MAX_STRINGS` shared strings. This bounds the time and
  memory openpyxl spends, whatever ``<dimension>`` a sheet claims.

A macro-enabled workbook (``.xlsm``) is read like any other: openpyxl reads its cells and never
runs, nor keeps, its VBA project (`Scan.macros` says it had one).

`open_workbook` inspects, then opens with openpyxl; `trim_empty_cells`
fits the opened workbook to the used ranges found, and `parser_errors` turns what openpyxl,
ElementTree or zipfile raise while parsing (lazily, in read-only mode) into a `WorkbookError`,
leaving errors raised by xlplan's own code alone.
"""

from __future__ import annotations

import contextlib
import functools
import re
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final
from xml.parsers import expat

from ..errors import WorkbookError
from ..layout.spec import col_letter

__all__ = [
    "LIMITS",
    "MAX_AREA",
    "MAX_CELLS",
    "MAX_MEMBERS",
    "MAX_MEMBER_BYTES",
    "MAX_RATIO",
    "MAX_STRINGS",
    "MAX_TOTAL_BYTES",
    "MAX_XML_ELEMENTS",
    "RATIO_FLOOR",
    "REPAIR",
    "Limits",
    "Scan",
    "SheetExtent",
    "column_index",
    "inspect_workbook",
    "open_workbook",
    "parser_errors",
    "refused",
    "scan_workbook",
    "trim_empty_cells",
]

MiB: Final = 1024 * 1024

MAX_MEMBERS: Final = 10_000
"""Members (files) in the zip; Excel writes a few dozen."""
MAX_TOTAL_BYTES: Final = 512 * MiB
"""Uncompressed size of all the members together."""
MAX_MEMBER_BYTES: Final = 256 * MiB
"""Uncompressed size of one member."""
MAX_RATIO: Final = 200
"""Compression ratio (uncompressed / compressed) allowed for a member above `RATIO_FLOOR`;
sheets of real workbooks compress 5 to 30 times, a zip bomb a thousand times."""
RATIO_FLOOR: Final = 1 * MiB
"""Members inflating to less than this are not checked for their ratio."""
MAX_CELLS: Final = 5_000_000
"""``<c>`` elements in all the sheets' XML, with or without a value (openpyxl creates an object
for each when it reads a hand-made table). An xlplan workbook of 50 000 actions has 3 million."""
MAX_AREA: Final = 5_000_000
"""Cells covered by the sheets' used ranges, in all: rows × columns of the cells holding a value
or a formula, and of merged and hyperlinked ranges."""
MAX_STRINGS: Final = 1_000_000
"""Shared strings (``<si>``) of the workbook."""
MAX_XML_ELEMENTS: Final = 20_000_000
"""XML elements in all the parts together."""


@dataclass(frozen=True)
class Limits:
    """What the guard lets through; the defaults are the module's constants (`LIMITS`).

    A test may ask for smaller limits, a benchmark for larger ones, without changing the
    module's constants.
    """

    max_members: int = MAX_MEMBERS
    max_total_bytes: int = MAX_TOTAL_BYTES
    max_member_bytes: int = MAX_MEMBER_BYTES
    max_ratio: int = MAX_RATIO
    ratio_floor: int = RATIO_FLOOR
    max_cells: int = MAX_CELLS
    max_area: int = MAX_AREA
    max_strings: int = MAX_STRINGS
    max_xml_elements: int = MAX_XML_ELEMENTS


LIMITS: Final = Limits()
"""The limits workbooks are read with, unless the caller gives others."""

EXCEL_ROWS: Final = 1_048_576
EXCEL_COLUMNS: Final = 16_384

_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAMS: Final = (
    "EncryptedPackage".encode("utf-16-le"),
    "EncryptionInfo".encode("utf-16-le"),
)
_ZIP_MAGIC: Final = b"PK\x03\x04"
_EMPTY_ZIP: Final = b"PK\x05\x06"
_READABLE_METHODS: Final = {
    zipfile.ZIP_STORED,
    zipfile.ZIP_DEFLATED,
    zipfile.ZIP_BZIP2,
    zipfile.ZIP_LZMA,
}
_WORKBOOK_TYPES: Final = (b"sheet.main+xml", b"template.main+xml", b"macroEnabled.main+xml")
_COORD: Final = re.compile(r"^[$]?([A-Za-z]{1,3})[$]?(\d+)$")  # as openpyxl reads ``r``
_RANGE: Final = re.compile(r"^[$]?([A-Za-z]{1,3})[$]?(\d+)(?::[$]?([A-Za-z]{1,3})[$]?(\d+))?$")
_CHUNK: Final = 1 * MiB
# Parts the fast reader (`grid`) leaves to its own checks (worksheets, as it reads them) or
# never parses at all (charts, drawings, themes, document properties).
_UNPARSED: Final = re.compile(r"xl/(?:worksheets|charts|drawings|theme)/[^/]+\.xml|docProps/.*")

REPAIR: Final = "open it in Excel or LibreOffice (which may repair it) and save it again as .xlsx"


@dataclass(frozen=True)
class SheetExtent:
    """The used range of one worksheet part: its last row and column holding data (1-based; 0
    when the sheet holds none)."""

    rows: int
    columns: int


@dataclass(frozen=True)
class Scan:
    """What `scan_workbook` found in a workbook it accepted.

    Args:
        sheets: the used range of each worksheet part, by member name (``xl/worksheets/…``).
        macros: the workbook carries a VBA project (never run nor kept by xlplan).
    """

    sheets: dict[str, SheetExtent] = field(default_factory=dict)
    macros: bool = False


def column_index(letters: str) -> int:
    """Excel column letters → 1-based column number: 1 for "A", 27 for "AA" (any case)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


class _Refused(Exception):
    """Raised inside the scan with the reason; turned into a `WorkbookError` naming the file."""


# --- what the file is -----------------------------------------------------------------------------
def _text_kind(head: bytes) -> str | None:
    """What text the first bytes read as (CSV, HTML, XML or plain text); None if binary."""
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if head.startswith(bom):
            text = head[len(bom) :].decode(codec, errors="ignore")
            break
    else:
        if b"\x00" in head:
            return None
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 3:  # not just a character cut at the end of the sample
                text = head.decode("cp1252", errors="replace")
                if sum(ch == "\ufffd" for ch in text) > len(text) // 50:
                    return None
            else:
                text = head[: exc.start].decode("utf-8")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    if not text.strip() or controls > len(text) // 100:
        return None
    start = text.lstrip().lower()
    if start.startswith(("<!doctype html", "<html")) or "<table" in start[:4096]:
        return "HTML"
    if start.startswith("<"):
        return "XML"
    first = text.strip().splitlines()[0] if text.strip() else ""
    return "CSV" if any(sep in first for sep in ",;\t") else "text"


def _ole_kind(path: Path) -> str:
    """Whether an OLE2 file holds an encrypted OOXML package ("encrypted") or not ("legacy")."""
    tail = b""
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            data = tail + chunk
            if any(name in data for name in _ENCRYPTED_STREAMS):
                return "encrypted"
            tail = data[-64:]
    return "legacy"


def _zip_kind(names: set[str], archive: zipfile.ZipFile, limits: Limits) -> str | None:
    """Why a zip is not an Excel workbook, or None when it is one."""
    if "xl/workbook.bin" in names:
        return (
            "an Excel binary workbook (.xlsb), which xlplan cannot read; "
            "save it as .xlsx from Excel"
        )
    if "mimetype" in names and "content.xml" in names:
        return (
            "an OpenDocument file (.ods), not an Excel workbook; "
            "save it as .xlsx from LibreOffice (File › Save As › Excel 2007-365)"
        )
    if "word/document.xml" in names:
        return "a Word document, not an Excel workbook"
    if "ppt/presentation.xml" in names:
        return "a PowerPoint presentation, not an Excel workbook"
    if "[Content_Types].xml" not in names:
        return "a zip archive but not an Excel workbook (it has no [Content_Types].xml)"
    if "xl/workbook.xml" not in names:
        info = archive.getinfo("[Content_Types].xml")
        if info.file_size > limits.max_member_bytes:
            return None  # the size checks say what is wrong
        with archive.open(info) as f:
            types = f.read()
        if not any(t in types for t in _WORKBOOK_TYPES):
            return "a zip archive but not an Excel workbook (no workbook part in it)"
    return None


def _check_directory(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Refuse zip bombs from the central directory, before inflating anything."""
    if len(infos) > limits.max_members:
        raise _Refused(
            f"{len(infos)} files inside the zip (at most {limits.max_members}): "
            "not a workbook, or a hostile one; refused"
        )
    total = 0
    for info in infos:
        if info.file_size > limits.max_member_bytes:
            raise _Refused(
                f"'{info.filename}' would inflate to {info.file_size:,} bytes "
                f"(at most {limits.max_member_bytes:,}): a zip bomb or not a plan workbook; refused"
            )
        compressed = max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * compressed:
            ratio = info.file_size // max(info.compress_size, 1)
            raise _Refused(
                f"'{info.filename}' is compressed {ratio:,} times (at most {limits.max_ratio}): "
                "a zip bomb; refused"
            )
        total += info.file_size
        if total > limits.max_total_bytes:
            raise _Refused(
                f"the zip would inflate to more than {limits.max_total_bytes:,} bytes: "
                "a zip bomb or not a plan workbook; refused"
            )
        if info.flag_bits & 0x1:
            raise _Refused(
                f"'{info.filename}' is encrypted inside the zip; {REPAIR} without a password"
            )
        if info.compress_type not in _READABLE_METHODS:
            raise _Refused(
                f"'{info.filename}' uses zip compression method {info.compress_type}, which "
                f"xlplan cannot read; {REPAIR}"
            )


# --- the XML of the parts -------------------------------------------------------------------------
@dataclass
class _Counts:
    limits: Limits
    elements: int = 0
    cells: int = 0
    strings: int = 0
    area: int = 0  # of the sheets already scanned


class _Sheet:
    """Tracks one worksheet part as expat reads it: rows, cells, used range, as openpyxl will
    see them (the same row and column counters for rows and cells without ``r``)."""

    def __init__(self, member: str, counts: _Counts) -> None:
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
                raise _Refused(
                    f"'{self.member}' uses cells up to {col_letter(self.columns - 1)}{self.rows}, "
                    f"more than {self.counts.limits.max_area:,} cells with the other sheets: "
                    "too large for a plan (or hostile); delete the unused rows and columns, "
                    "or keep the plan in a workbook of its own"
                )

    def start_row(self, attrs: dict[str, str]) -> None:
        r = attrs.get("r")
        if r is None:
            self.row += 1
        else:
            number = _row_number(r)
            if number is None:
                raise _Refused(f"'{self.member}' has a row numbered {r[:20]!r}; {REPAIR}")
            self.row = number
        self.col = 0
        self.ordered = self.row > self.last_row
        if self.ordered:
            self.last_row = self.row
        self.cell = None

    def start_cell(self, attrs: dict[str, str]) -> None:
        self.counts.cells += 1
        if self.counts.cells > self.counts.limits.max_cells:
            raise _Refused(
                f"more than {self.counts.limits.max_cells:,} cells in the sheets: "
                "too large for a plan (or hostile); delete the unused rows and columns"
            )
        if not self.ordered:
            raise _Refused(
                f"'{self.member}' has row {self.row} after row {self.last_row}: the rows are "
                f"out of order and some would be lost; {REPAIR}"
            )
        ref = attrs.get("r")
        row = self.row
        if ref:
            match = _COORD.match(ref)
            if match is None:
                raise _Refused(f"'{self.member}' has a cell at {ref[:20]!r}; {REPAIR}")
            self.col = column_index(match.group(1))
            at = int(match.group(2))
            if not 1 <= at <= EXCEL_ROWS:
                raise _Refused(
                    f"'{self.member}' has a cell at {ref[:20]!r}, outside Excel's rows and "
                    f"columns; {REPAIR}"
                )
            row = max(row, at)
        else:
            self.col += 1
        if row > EXCEL_ROWS or self.col > EXCEL_COLUMNS or row < 1:
            raise _Refused(
                f"'{self.member}' has a cell outside Excel's rows and columns "
                f"(row {row}, column {self.col}); {REPAIR}"
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
            raise _Refused(
                f"'{self.member}' has a range {ref!r} beyond Excel's last cell; {REPAIR}"
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


def _scan_xml(source: IO[bytes], member: str, counts: _Counts) -> _Sheet | None:
    """Scan one XML part with expat; its used range if it has rows or cells.

    Elements are matched by namespace and name, as openpyxl matches them, whatever the root
    element: a part openpyxl reads as a worksheet is measured, whatever it calls itself.
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    sheet: _Sheet | None = None

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal sheet
        counts.elements += 1
        if counts.elements > counts.limits.max_xml_elements:
            _check_counts(counts)
        if name == _CELL:
            if sheet is None:
                sheet = _Sheet(member, counts)
            sheet.start_cell(attrs)
        elif name in _HAS_DATA:
            if sheet is not None:
                sheet.has_data()
        elif name == _ROW:
            if sheet is None:
                sheet = _Sheet(member, counts)
            sheet.start_row(attrs)
        elif name in _RANGES:
            ref = attrs.get("ref", "")
            if name == _MAIN + "mergeCell" or ":" in ref:
                if sheet is None:
                    sheet = _Sheet(member, counts)
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
        raise _Refused(
            f"'{member}' declares an XML document type (DTD), which workbooks never contain; "
            "it can hide entity bombs or external entities: refused as hostile"
        )

    return refuse


_SI_TAG: Final = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")


def _scan_xml_light(source: IO[bytes], member: str, counts: _Counts) -> None:
    """`_scan_xml` for the shallow scan: well-formed, no document type, elements and shared
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


def _check_counts(counts: _Counts) -> None:
    if counts.elements > counts.limits.max_xml_elements:
        raise _Refused(
            f"more than {counts.limits.max_xml_elements:,} XML elements: "
            "too large for a plan (or hostile)"
        )
    if counts.strings > counts.limits.max_strings:
        raise _Refused(
            f"more than {counts.limits.max_strings:,} shared strings: "
            "too large for a plan (or hostile)"
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
        raise _Refused(
            f"'{member}' is not well-formed XML (line {exc.lineno}, column {exc.offset + 1}: "
            f"{expat.ErrorString(exc.code)}); {REPAIR}"
        ) from None
    except (LookupError, ValueError) as exc:  # encoding="nonsense": the codec lookup fails
        raise _Refused(f"'{member}' cannot be decoded as XML ({_short(exc)}); {REPAIR}") from None


def _is_xml(name: str, head: bytes) -> bool:
    """Whether a member may be XML that openpyxl parses (it goes by relationships, not names)."""
    if name.lower().endswith((".xml", ".rels", ".vml")):
        return True
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return start.startswith((b"<", b"\x00<")) or head.startswith((b"\xff\xfe", b"\xfe\xff"))


# --- the scan -------------------------------------------------------------------------------------
def _scan(path: Path, with_sheets: bool, limits: Limits) -> Scan:
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(4096)
    except FileNotFoundError:
        raise _Refused("no such file") from None
    except IsADirectoryError:
        raise _Refused("a folder, not a workbook") from None
    except OSError as exc:
        raise _Refused(f"cannot read the file ({exc.strerror})") from None
    if size == 0:
        raise _Refused(
            "the file is empty (0 bytes), not a workbook; check that it was saved or "
            "downloaded completely"
        )
    if head.startswith(_OLE_MAGIC):
        if _ole_kind(path) == "encrypted":
            raise _Refused(
                "the workbook is protected by a password (encrypted); open it in Excel or "
                "LibreOffice, remove the password and save it as .xlsx"
            )
        raise _Refused(
            "a legacy Excel .xls file (or another old Office format), not an .xlsx workbook; "
            "open it in Excel or LibreOffice and save it as .xlsx"
        )
    if head.startswith(_EMPTY_ZIP):
        raise _Refused("an empty zip archive, not an Excel workbook")
    if not head.startswith(_ZIP_MAGIC):
        kind = _text_kind(head)
        if kind in ("CSV", "text"):
            raise _Refused(
                "this is a text/CSV file, not a workbook; open it in your spreadsheet "
                "application and save it as an Excel workbook (.xlsx)"
            )
        if kind in ("HTML", "XML"):
            raise _Refused(
                f"this is an {kind} file, not a workbook (some tools export those with an Excel "
                "name); open it in your spreadsheet application and save it as .xlsx"
            )
        raise _Refused(
            "not an Excel workbook (.xlsx), nor text; save it as .xlsx from your spreadsheet "
            "application"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_directory(infos, limits)
            names = {i.filename for i in infos}
            kind = _zip_kind(names, archive, limits)
            if kind is not None:
                raise _Refused(kind)
            counts = _Counts(limits)
            sheets: dict[str, SheetExtent] = {}
            for info in infos:
                if info.is_dir() or info.file_size == 0:
                    continue
                if not with_sheets and _UNPARSED.fullmatch(info.filename):
                    continue
                with archive.open(info) as f:
                    head = f.read(64)
                if not _is_xml(info.filename, head):
                    continue
                if not with_sheets:
                    with archive.open(info) as f:
                        _scan_xml_light(f, info.filename, counts)
                    continue
                with archive.open(info) as f:
                    sheet = _scan_xml(f, info.filename, counts)
                if sheet is not None:
                    counts.area += sheet.area()
                    sheets[info.filename] = SheetExtent(sheet.rows, sheet.columns)
            return Scan(sheets, macros="xl/vbaProject.bin" in names)
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        struct.error,
        ValueError,
        NotImplementedError,
    ) as exc:
        raise _Refused(f"the file is damaged or incomplete ({_short(exc)}); {REPAIR}") from None
    except OSError as exc:
        raise _Refused(f"the file is damaged or incomplete ({_short(exc)}); {REPAIR}") from None


@functools.lru_cache(maxsize=16)
def _cached_scan(key: tuple[str, int, int, int, int], sheets: bool, limits: Limits) -> Scan:
    return _scan(Path(key[0]), sheets, limits)


def refused(path: str | Path, reason: str) -> WorkbookError:
    """The error refusing a workbook, as the scan words it."""
    return WorkbookError(f"{path}: {reason}")


def scan_workbook(path: str | Path, *, sheets: bool = True, limits: Limits = LIMITS) -> Scan:
    """Inspect a workbook file before openpyxl parses it, and say what it holds.

    The result is cached for the file as it is (name, size, modification time), so the
    reader's successive opens of one file scan it once.

    Args:
        path: the file.
        sheets: scan the worksheets' XML too (and charts, drawings, themes); False when the
            caller checks each sheet it reads as it reads it and parses nothing else (`grid`),
            which spares parsing what it never reads.
        limits: what is let through.

    Returns:
        The used range of each sheet scanned, and whether the workbook carries macros.

    Raises:
        WorkbookError: the file is not a readable workbook, is too large for a plan, or
            looks hostile; the message says which, and what to do.
    """
    path = Path(path)
    with parser_errors(path):  # zipfile and zlib, failing in ways the scan did not foresee
        try:
            stat = path.stat()
            key = (str(path.resolve()), stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
            return _cached_scan(key, sheets, limits)
        except _Refused as exc:
            raise WorkbookError(f"{path}: {exc}") from None
        except OSError:
            try:
                return _scan(path, sheets, limits)  # says why the file cannot be read
            except _Refused as exc:
                raise WorkbookError(f"{path}: {exc}") from None


def inspect_workbook(path: str | Path, *, limits: Limits = LIMITS) -> None:
    """Refuse a file that is not a readable workbook, before openpyxl parses anything.

    Args:
        path: the file.
        limits: what is let through.

    Raises:
        WorkbookError: what is wrong with the file and what to do (see the module's doc).
    """
    scan_workbook(path, limits=limits)


# --- opening -------------------------------------------------------------------------------------
def open_workbook(
    path: str | Path, *, read_only: bool, data_only: bool, limits: Limits = LIMITS
) -> Any:
    """Inspect a workbook, then open it with openpyxl; every failure is a `WorkbookError`.

    What `openpyxl.load_workbook` does, except that the file is closed when openpyxl fails
    half-way (it leaves it open), and that a read-only workbook is fitted to its used ranges
    (`bound_read_only`). Macros are neither run nor kept (``keep_vba=False``).

    Args:
        path: the workbook.
        read_only: openpyxl's streaming mode (cells parsed while iterating over them).
        data_only: cached results instead of formulas.
        limits: what `scan_workbook` lets through.

    Returns:
        The openpyxl workbook; close it when done (read-only mode keeps the file open).

    Raises:
        WorkbookError: the file is not a readable workbook (see `scan_workbook`).
    """
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    scan_workbook(path, limits=limits)
    with parser_errors(path), warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning)
        try:
            reader = ExcelReader(path, read_only=read_only, keep_vba=False, data_only=data_only)
        except InvalidFileException:  # the name's extension; the content is a workbook
            raise WorkbookError(
                f"{path}: a workbook named '*{path.suffix}'; xlplan reads .xlsx and .xlsm "
                "files: rename it to .xlsx"
            ) from None
        try:
            reader.read()
        except BaseException:
            _close(reader.archive)
            raise
    return reader.wb


def _close(archive: zipfile.ZipFile) -> None:
    """Close a zip file and its file, even when openpyxl left one of its members open (a member
    stream keeps the file open after `ZipFile.close`, until the garbage collector runs)."""
    fp = archive.fp
    archive.close()
    if fp is not None:
        fp.close()


# --- after opening --------------------------------------------------------------------------------
def trim_empty_cells(wb: Any) -> None:
    """Drop, from a workbook opened in full, the empty cells outside each sheet's used range.

    Cells that hold only formatting (a border on row 60 000, in column XFD) would make
    ``ws.iter_rows()`` create every cell of the rectangle up to them; they hold nothing a plan
    reads. Cells with a value or a hyperlink, and merged cells, stay.
    """
    from openpyxl.cell.cell import Cell

    for ws in getattr(wb, "worksheets", []):
        cells: dict[tuple[int, int], Any] | None = getattr(ws, "_cells", None)
        if not cells:
            continue
        rows = columns = 0
        for (r, c), cell in cells.items():
            if cell.value is not None or type(cell) is not Cell:
                rows, columns = max(rows, r), max(columns, c)
        for rng in getattr(getattr(ws, "merged_cells", None), "ranges", ()):
            rows, columns = max(rows, rng.max_row), max(columns, rng.max_col)
        far = [
            key
            for key, cell in cells.items()
            if (key[0] > rows or key[1] > columns)
            and type(cell) is Cell
            and cell.value is None
            and cell.hyperlink is None
        ]
        for key in far:
            del cells[key]


# --- while parsing --------------------------------------------------------------------------------
_PARSER_MODULES: Final = (
    "openpyxl",
    "xml",
    "defusedxml",
    "et_xmlfile",
    "zipfile",
    "zlib",
    "bz2",
    "lzma",
)


def _raised_by_parser(exc: BaseException) -> bool:
    """Whether the innermost frame of the exception's traceback is in openpyxl or the XML and
    zip libraries it uses (a damaged workbook), rather than in xlplan (a bug)."""
    tb = exc.__traceback__
    if tb is None:
        return False
    while tb.tb_next is not None:
        tb = tb.tb_next
    module = str(tb.tb_frame.f_globals.get("__name__", ""))
    return module.split(".")[0] in _PARSER_MODULES


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "…"


@contextlib.contextmanager
def parser_errors(path: str | Path) -> Iterator[None]:
    """Turn what the parsing libraries raise on a damaged workbook into a `WorkbookError`.

    openpyxl reads the cells of a read-only workbook lazily, while xlplan iterates over them: a
    bad cell reference, a shared string that does not exist, a truncated or corrupt member
    surface then as ValueError, IndexError, KeyError, ParseError, BadZipFile… from inside
    openpyxl, ElementTree or zipfile. Those become one clear message. An exception raised by
    xlplan's own code is a bug and goes through unchanged, as do MemoryError and RecursionError.
    """
    try:
        yield
    except WorkbookError:
        raise
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:
        if not _raised_by_parser(exc):
            raise
        if type(exc).__module__.startswith("defusedxml"):  # EntitiesForbidden, DTDForbidden…
            raise WorkbookError(
                f"{path}: the workbook's XML declares entities ({_short(exc)}), which workbooks "
                "never contain: refused as hostile"
            ) from None
        raise WorkbookError(
            f"{path}: the workbook is damaged and cannot be read ({_short(exc)}); {REPAIR}"
        ) from None
