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

The file is read once (`inspect_file`): its first bytes say what it is (`sniff`), its zip
directory is checked against the `Limits` (`limits`), its XML parts are scanned (`xmlscan`); the
bytes and the zip then serve every reader of the workbook (`grid`, openpyxl). `open_workbook`
inspects, then opens with openpyxl; `trim_empty_cells`
fits the opened workbook to the used ranges found, and `parser_errors` turns what openpyxl,
ElementTree or zipfile raise while parsing (lazily, in read-only mode) into a `WorkbookError`,
leaving errors raised by xlplan's own code alone.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import stat
import struct
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from ..errors import WorkbookError
from ..i18n import Message, msg
from .limits import (
    LIMITS,
    MAX_AREA,
    MAX_CELLS,
    MAX_MEMBER_BYTES,
    MAX_MEMBERS,
    MAX_RATIO,
    MAX_STRINGS,
    MAX_TOTAL_BYTES,
    MAX_XML_ELEMENTS,
    RATIO_FLOOR,
    REPAIR,
    Limits,
    Refused,
    check_directory,
    short_error,
)
from .sniff import refuse_unless_zip, zip_kind
from .xmlscan import Counts, column_index, is_xml, scan_xml, scan_xml_light

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
    "Inspected",
    "Limits",
    "Scan",
    "SheetExtent",
    "column_index",
    "inspect_file",
    "inspect_workbook",
    "open_workbook",
    "parser_errors",
    "refused",
    "scan_workbook",
    "trim_empty_cells",
]

# Parts the fast reader (`grid`) leaves to its own checks (worksheets, as it reads them) or
# never parses at all (charts, drawings, themes, document properties).
_UNPARSED: Final = re.compile(r"xl/(?:worksheets|charts|drawings|theme)/[^/]+\.xml|docProps/.*")
_HEAD: Final = 4096
_ZIP_ERRORS: Final = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    struct.error,
    ValueError,
    NotImplementedError,
    OSError,
)


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


@dataclass
class Inspected:
    """A workbook file read once and inspected: its bytes, its zip (open on those bytes) and what
    the scan found; close it when done.

    Every reader of the workbook reads these bytes rather than the file: the zip, for the parts
    `grid` scans; python-calamine and openpyxl, through a file object over them
    (`open_bytes`).
    """

    path: Path
    data: bytes
    archive: zipfile.ZipFile
    limits: Limits
    scan: Scan
    sheets_scanned: bool  # `scan` measured the worksheets too

    def open_bytes(self) -> io.BytesIO:
        """A file object of its own over the bytes (for a thread, or another library)."""
        return io.BytesIO(self.data)

    def full_scan(self) -> Scan:
        """The scan with the worksheets' XML too (made on the first call, if not yet).

        Raises:
            WorkbookError: a worksheet is hostile or too large (see `scan_workbook`).
        """
        if not self.sheets_scanned:
            with _refusals(self.path):
                self.scan = _scan_archive(self.archive, True, self.limits)
            self.sheets_scanned = True
        return self.scan

    def close(self) -> None:
        self.archive.close()


def refused(path: str | Path, reason: str | Message) -> WorkbookError:
    """The error refusing a workbook, as the scan words it."""
    return WorkbookError(msg("{path}: {reason}", path=path, reason=reason))


@contextlib.contextmanager
def _refusals(path: Path) -> Iterator[None]:
    """`Refused` and what zipfile and zlib raise on a damaged zip, as a `WorkbookError`."""
    with parser_errors(path):  # (failing in ways the scan did not foresee)
        try:
            yield
        except Refused as exc:
            raise refused(path, exc.args[0] if exc.args else str(exc)) from None
        except _ZIP_ERRORS as exc:
            reason = msg(
                "the file is damaged or incomplete ({error}); {repair}",
                error=short_error(exc),
                repair=REPAIR,
            )
            raise refused(path, reason) from None


def _no_wait(path: str, flags: int) -> int:
    """Open without waiting for a writer (a FIFO), so that it can be refused at once."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def _read(path: Path, limits: Limits) -> bytes:
    """The file's bytes, in one open: its first bytes first, which refuse what is not a zip
    before the rest is read; a file larger than a workbook may inflate to is refused too."""
    try:
        with open(path, "rb", opener=_no_wait) as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise Refused("not a file but a pipe or a device: give the workbook file itself")
            size = info.st_size
            head = f.read(_HEAD)
            refuse_unless_zip(head, size, f, name=str(path))
            if size > limits.max_total_bytes:
                raise Refused(
                    msg(
                        "the file is {size:,} bytes, more than {limit:,} bytes (what a workbook "
                        "may inflate to): too large for a plan, or hostile; refused",
                        size=size,
                        limit=limits.max_total_bytes,
                    )
                )
            return head + f.read() if size > len(head) else head
    except FileNotFoundError:
        raise Refused(msg("no such file")) from None
    except IsADirectoryError:
        raise Refused(msg("a folder, not a workbook")) from None
    except OSError as exc:
        raise Refused(msg("cannot read the file ({reason})", reason=exc.strerror)) from None


def _scan_archive(archive: zipfile.ZipFile, with_sheets: bool, limits: Limits) -> Scan:
    """Check a workbook's zip directory, then scan its XML parts (the worksheets too, or not)."""
    infos = archive.infolist()
    check_directory(infos, limits)
    names = {i.filename for i in infos}
    kind = zip_kind(names, archive, limits)
    if kind is not None:
        raise Refused(kind)
    counts = Counts(limits)
    sheets: dict[str, SheetExtent] = {}
    for info in infos:
        if info.is_dir() or info.file_size == 0:
            continue
        if not with_sheets and _UNPARSED.fullmatch(info.filename):
            continue
        with archive.open(info) as f:
            head = f.read(64)
        if not is_xml(info.filename, head):
            continue
        if not with_sheets:
            with archive.open(info) as f:
                scan_xml_light(f, info.filename, counts)
            continue
        with archive.open(info) as f:
            sheet = scan_xml(f, info.filename, counts)
        if sheet is not None:
            counts.area += sheet.area()
            sheets[info.filename] = SheetExtent(sheet.rows, sheet.columns)
    return Scan(sheets, macros="xl/vbaProject.bin" in names)


def inspect_file(path: str | Path, *, sheets: bool = True, limits: Limits = LIMITS) -> Inspected:
    """Read a workbook file once and inspect it before anything parses it.

    Args:
        path: the file.
        sheets: scan the worksheets' XML too (and charts, drawings, themes); False when the
            caller checks each sheet it reads as it reads it and parses nothing else (`grid`),
            which spares parsing what it never reads (`Inspected.full_scan` does it later).
        limits: what is let through.

    Returns:
        The file's bytes, its zip and what the scan found; close it when done.

    Raises:
        WorkbookError: the file is not a readable workbook, is too large for a plan, or
            looks hostile; the message says which, and what to do.
    """
    path = Path(path)
    with _refusals(path):
        data = _read(path, limits)
        archive = zipfile.ZipFile(io.BytesIO(data))
        try:
            scan = _scan_archive(archive, sheets, limits)
        except BaseException:
            archive.close()
            raise
    return Inspected(path, data, archive, limits, scan, sheets)


def scan_workbook(path: str | Path, *, sheets: bool = True, limits: Limits = LIMITS) -> Scan:
    """Inspect a workbook file before openpyxl parses it, and say what it holds.

    Args:
        path: the file.
        sheets: scan the worksheets' XML too (see `inspect_file`).
        limits: what is let through.

    Returns:
        The used range of each sheet scanned, and whether the workbook carries macros.

    Raises:
        WorkbookError: the file is not a readable workbook, is too large for a plan, or
            looks hostile; the message says which, and what to do.
    """
    inspected = inspect_file(path, sheets=sheets, limits=limits)
    inspected.close()
    return inspected.scan


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
    path: str | Path,
    *,
    read_only: bool,
    data_only: bool,
    limits: Limits = LIMITS,
    inspected: Inspected | None = None,
) -> Any:
    """Inspect a workbook, then open it with openpyxl; every failure is a `WorkbookError`.

    What `openpyxl.load_workbook` does, except that the file is closed when openpyxl fails
    half-way (it leaves it open), and that openpyxl reads the bytes the guard inspected (the
    file is read once). Macros are neither run nor kept (``keep_vba=False``).

    Args:
        path: the workbook.
        read_only: openpyxl's streaming mode (cells parsed while iterating over them).
        data_only: cached results instead of formulas.
        limits: what `scan_workbook` lets through.
        inspected: the file, already read and inspected (its worksheets are scanned now, if
            they were not); read from `path` when None.

    Returns:
        The openpyxl workbook; close it when done (read-only mode keeps the zip open).

    Raises:
        WorkbookError: the file is not a readable workbook (see `scan_workbook`).
    """
    from openpyxl.reader.excel import SUPPORTED_FORMATS, ExcelReader

    path = Path(path)
    if path.suffix.lower() not in SUPPORTED_FORMATS:  # (as openpyxl, which reads bytes here)
        raise WorkbookError(
            msg(
                "{path}: a workbook named '*{suffix}'; xlplan reads .xlsx and .xlsm files: "
                "rename it to .xlsx",
                path=path,
                suffix=path.suffix,
            )
        )
    if inspected is None:
        inspected = inspect_file(path, limits=limits)
        inspected.close()  # (its bytes are what openpyxl reads)
    else:
        inspected.full_scan()
    with parser_errors(path), warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning)
        reader = ExcelReader(
            inspected.open_bytes(), read_only=read_only, keep_vba=False, data_only=data_only
        )
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
                msg(
                    "{path}: the workbook's XML declares entities ({error}), which workbooks "
                    "never contain: refused as hostile",
                    path=path,
                    error=short_error(exc),
                )
            ) from None
        raise WorkbookError(
            msg(
                "{path}: the workbook is damaged and cannot be read ({error}); {repair}",
                path=path,
                error=short_error(exc),
                repair=REPAIR,
            )
        ) from None
