"""Stream the cells of an .xlsx workbook: each cell's cached value *and* its formula, in one pass.

Only the standard library is used (`zipfile` and `xml.parsers.expat`).  `Book` opens the
package and reads its small parts up front — the workbook (sheet names, order and visibility,
the 1900/1904 date system), the relationships and the styles (which cell formats are dates) —
and the shared strings on first use.  `Book.rows` then parses one sheet with expat, 64 KiB of
XML at a time, and yields its rows as they complete: memory stays bounded whatever the sheet's
size or its ``<dimension>`` claims, and ``max_rows`` stops the parse as soon as a row beyond it
starts.  On a 10 000-row sheet it is about 2.5 times faster than openpyxl's read-only mode
reading the values, and 5 times faster than the two read-only workbooks openpyxl needs to get
both values and formulas.

Every XML part is parsed with expat refusing any document type declaration (hence entity
declarations: "billion laughs", external entities): workbooks never contain one.  What cannot be
read — not a zip, a missing part, XML that is not well-formed, a cell that contradicts its type —
raises `XlsxError` (a `ValueError`) with a short message naming the part and, for a cell, its
reference.  Asking for a sheet that does not exist raises `KeyError`.

Values are those of ``openpyxl.load_workbook(path, read_only=True, data_only=True)`` and
formulas those of ``load_workbook(path, read_only=True)``, as the tests check cell by cell on
workbooks written by xlplan (xlsxwriter), openpyxl and LibreOffice.  On purpose, this reader
differs from openpyxl in these points:

* Strings are returned exactly as stored: ``_xHHHH_`` escapes (a control character, or a literal
  ``_x...`` written as ``_x005F_x..._``) are left for the caller to unescape.  openpyxl leaves
  them too, except that it deletes every ``x005F_`` from shared strings only.
* Shared formulas (``<f t="shared" si="0"/>``, written by Excel and LibreOffice): each dependent
  cell gets the master's formula translated to its position with the rules of openpyxl's
  ``Translator`` (same tokenizer, so even its quirks, such as a run of spaces becoming one),
  except that a reference moved off the sheet becomes ``#REF!`` (openpyxl raises
  ``TranslatorError``), a sheet-qualified name keeps its sheet (openpyxl writes ``Sheet1!name``
  as ``name``), and a master formula its tokenizer cannot read is given unchanged to the
  dependent cells (openpyxl raises).
* An array formula is its text (``"=SUM(A1:A3*B1:B3)"``), not an ``ArrayFormula`` object; a data
  table cell's formula is ``"=TABLE(r1,r2)"`` as Excel shows it, not a ``DataTableFormula``.
* Rows come in document order with only the cells present in the XML; rows without any cell are
  skipped, and ``<dimension>`` is ignored (openpyxl's read-only mode trusts it: it pads rows to
  its width and drops cells and rows beyond it).
* Damaged content raises `XlsxError` where openpyxl raises assorted exceptions or, for a
  negative shared string index, returns a string from the end of the table.
* A number in a date-formatted cell that is no valid date becomes ``"#VALUE!"`` with
  ``is_error`` set, as in openpyxl, but without its warning.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Final, NoReturn
from xml.parsers import expat

__all__ = ["Book", "Cell", "SheetInfo", "XlsxError"]

_CHUNK: Final = 1 << 16
_DIGITS: Final = "0123456789"
_MAX_COL: Final = 18278  # "ZZZ": what openpyxl accepts (Excel stops at 16384, "XFD")
_REL_NAMESPACES: Final = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_MAIN_NAMESPACES: Final = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_REL_ID_ATTRS: Final = frozenset(f"{ns}}}id" for ns in _REL_NAMESPACES)
_WINDOWS_EPOCH: Final = dt.datetime(1899, 12, 30)
_MAC_EPOCH: Final = dt.datetime(1904, 1, 1)
_ZIP_ERRORS: Final = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)


class XlsxError(ValueError):
    """The file is not a readable .xlsx workbook: the message says which part and why."""


@dataclass(frozen=True)
class SheetInfo:
    """A sheet of the workbook, in the workbook's order."""

    name: str
    state: str  # "visible", "hidden" or "veryHidden"
    path: str  # its zip member, e.g. "xl/worksheets/sheet1.xml"


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell present in a sheet's XML.

    ``value`` is the cached value: ``int`` or ``float`` (an integer unless the stored number has
    a decimal point or an exponent), ``str`` (shared, inline or formula string), ``bool``,
    ``datetime``/``date``/``time``/``timedelta`` (a number in a date-formatted cell, in the
    workbook's date system; ``t="d"`` ISO dates), the error code (``"#REF!"``, with
    ``is_error``), or ``None`` (no value, or an empty formula string).  An empty inline or
    shared string is ``""``, as in openpyxl.  ``formula`` is the formula with a leading ``"="``
    (a shared formula translated to this cell), or ``None``.
    """

    col: int  # 1-based
    value: object
    formula: str | None
    is_error: bool


# A frozen dataclass's __init__ sets each field through object.__setattr__; the hot loop sets the
# slots directly, which builds the very same objects.
_CELL_SLOTS: Final = tuple(
    getattr(Cell, name).__set__ for name in ("col", "value", "formula", "is_error")
)


# --- hostile XML --------------------------------------------------------------------------------


def _refuse_doctype(name: str, *_: object) -> NoReturn:
    raise XlsxError(f"document type declaration <!DOCTYPE {name}> refused (entities)")


def _refuse_entity(name: str, *_: object) -> NoReturn:
    raise XlsxError(f"entity declaration {name!r} refused")


def _new_parser(namespaces: bool = False) -> expat.XMLParserType:
    """An expat parser that refuses any DTD, so entities can neither be declared nor expanded."""
    parser = expat.ParserCreate(namespace_separator="}" if namespaces else None)
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_entity
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    parser.buffer_size = _CHUNK
    return parser


def _map_prefixes(
    parser: expat.XMLParserType, start: Callable[[str, dict[str, str]], None], names: Iterable[str]
) -> None:
    """Make `start` the parser's StartElementHandler, with prefixed names mapped to local ones.

    Applications write SpreadsheetML in the default namespace (``<c>``) but some name it with a
    prefix (``<x:c>``).  When the root element binds a prefix to SpreadsheetML, expat's intern
    table is told to hand ``x:c`` to the handlers as plain ``c``, so they can compare names as
    short strings.
    """

    def root(name: str, attrs: dict[str, str]) -> None:
        for key, uri in attrs.items():
            if key.startswith("xmlns:") and uri in _MAIN_NAMESPACES:
                parser.intern.update({f"{key[6:]}:{local}": local for local in names})
        parser.StartElementHandler = start
        start(name.rpartition(":")[2], attrs)

    parser.StartElementHandler = root


class _Stop(Exception):
    """Raised inside a handler to stop parsing (``max_rows`` reached)."""


# --- dates and number formats, as openpyxl does them ---------------------------------------------

_BUILTIN_DATE_FORMATS: Final = {
    14: "mm-dd-yy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "m/d/yy h:mm",
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
}  # the other built-in formats (0-13, 37-44, 48, 49) are not dates
_STRIP_RE: Final = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_RE: Final = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_TIMEDELTA_RE: Final = re.compile(
    r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I
)
_ISO_RE: Final = re.compile(
    r"""(?P<date>(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?T?
    (?P<time>(?P<hour>\d{2}):(?P<minute>\d{2})(:(?P<second>\d{2})(?P<microsecond>\.\d{1,3})?)?)?Z?""",
    re.VERBOSE,
)
_ISO_DURATION_RE: Final = re.compile(
    r"PT((?P<hours>\d+)H)?((?P<minutes>\d+)M)?((?P<seconds>\d+(\.\d{1,3})?)S)?"
)


def is_date_format(fmt: str) -> bool:
    """openpyxl's test: d, m, h, y or s outside quotes and [brackets] in the first section."""
    return _DATE_RE.search(_STRIP_RE.sub("", fmt.split(";")[0])) is not None


def is_timedelta_format(fmt: str) -> bool:
    """openpyxl's test for elapsed-time formats: [h]:mm:ss, [mm]:ss, [s]..."""
    return _TIMEDELTA_RE.search(fmt.split(";")[0]) is not None


def from_excel(value: float, epoch: dt.datetime, timedelta: bool = False) -> object:
    """An Excel serial number as openpyxl.utils.datetime.from_excel converts it.

    A time of day for 0 <= value < 1, else a datetime; serials below 60 are shifted by a day in
    the 1900 system, whose day 60 is the 29 February 1900 that Lotus 1-2-3 invented; with
    `timedelta`, a duration rounded to the millisecond.
    """
    if timedelta:
        td = dt.timedelta(days=value)
        if td.microseconds:
            td = dt.timedelta(
                seconds=td.total_seconds() // 1, microseconds=round(td.microseconds, -3)
            )
        return td
    day, fraction = divmod(value, 1)
    diff = dt.timedelta(milliseconds=round(fraction * 86_400_000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return dt.time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == _WINDOWS_EPOCH:
        day += 1
    return epoch + dt.timedelta(days=day) + diff


def _date(text: str, epoch: dt.datetime, kind: int) -> tuple[object, bool]:
    """(value, is_error) of a number in a date-formatted cell (kind 2: an elapsed time)."""
    number = float(text) if "." in text or "E" in text or "e" in text else int(text)
    try:
        return from_excel(number, epoch, kind == 2), False
    except (OverflowError, ValueError):
        return "#VALUE!", True


def from_iso8601(text: str) -> object:
    """A ``t="d"`` cell's ISO 8601 text, as openpyxl.utils.datetime.from_ISO8601 reads it."""
    match = _ISO_RE.match(text)
    if match and any(match.groups()):
        parts = match.groupdict()

        def num(key: str) -> int:
            return int(parts[key] or 0)

        micro = int(float(parts["microsecond"]) * 1_000_000) if parts["microsecond"] else 0
        if not parts["date"]:
            return dt.time(num("hour"), num("minute"), num("second"), micro)
        if not parts["time"]:
            return dt.date(num("year"), num("month"), num("day"))
        return dt.datetime(
            num("year"), num("month"), num("day"), num("hour"), num("minute"), num("second"), micro
        )
    match = _ISO_DURATION_RE.match(text)
    if match and any(match.groups()):
        return dt.timedelta(**{k: float(v or 0) for k, v in match.groupdict().items()})
    raise ValueError(f"invalid ISO 8601 date {text!r}")


# --- references ---------------------------------------------------------------------------------

_LETTERS_RE: Final = re.compile(r"\$?([A-Za-z]{1,3})\$?")
_REF_RE: Final = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]+)")
_letters_cache: dict[int, str] = {}


def column_index(letters: str) -> int:
    """1 for "A", 27 for "AA" (1 to 3 letters, any case)."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def column_letters(index: int) -> str:
    """ "A" for 1, "AA" for 27."""
    letters = _letters_cache.get(index)
    if letters is None:
        n, out = index, ""
        while n:
            n, rem = divmod(n - 1, 26)
            out = chr(65 + rem) + out
        letters = _letters_cache[index] = out
    return letters


def _cell_range(ref: str | None) -> tuple[int, int, int, int]:
    """ "A1:B3" (or "B2") -> (min_row, min_col, max_row, max_col)."""
    ends = [_REF_RE.fullmatch(part) for part in (ref or "").split(":")]
    if not 1 <= len(ends) <= 2 or not all(ends):
        raise XlsxError(f"merged range {ref!r} is not a range of cells")
    rows = [int(m[2]) for m in ends if m]
    cols = [column_index(m[1]) for m in ends if m]
    return min(rows), min(cols), max(rows), max(cols)


# --- shared formulas: openpyxl's Tokenizer and Translator, compiled once per master ---------------

_SN_RE: Final = re.compile(r"^[1-9](\.[0-9]+)?[Ee]$")
_STRING_RES: Final = {
    '"': re.compile(r'"(?:[^"]*"")*[^"]*"(?!")'),
    "'": re.compile(r"'(?:[^']*'')*[^']*'(?!')"),
}
_ERROR_CODES: Final = (
    "#NULL!",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#N/A",
    "#GETTING_DATA",
)
_TOKEN_ENDERS: Final = ",;}) +-*/^&=><%"
_ROW_RANGE_RE: Final = re.compile(r"(\$?[1-9][0-9]{0,6}):(\$?[1-9][0-9]{0,6})$")
_COL_RANGE_RE: Final = re.compile(r"(\$?[A-Za-z]{1,3}):(\$?[A-Za-z]{1,3})$")
_CELL_REF_RE: Final = re.compile(r"(\$?[A-Za-z]{1,3})(\$?[1-9][0-9]{0,6})$")

# A piece of a reference: literal text, or a relative (row=True, number) / (row=False, column).
_Piece = str | tuple[bool, int]


class _FormulaSyntaxError(Exception):
    pass


class _Operand:
    """A range operand of a shared formula, ready to be moved by (rows, columns)."""

    __slots__ = ("pieces", "sheet")

    def __init__(self, sheet: str, pieces: list[_Piece]) -> None:
        self.sheet = sheet
        self.pieces = pieces

    def moved(self, drow: int, dcol: int) -> str:
        out = []
        for piece in self.pieces:
            if isinstance(piece, str):
                out.append(piece)
            elif piece[0]:
                row = piece[1] + drow
                if row <= 0:
                    return self.sheet + "#REF!"
                out.append(str(row))
            else:
                col = piece[1] + dcol
                if not 0 < col <= _MAX_COL:
                    return self.sheet + "#REF!"
                out.append(column_letters(col))
        return "".join(out)


def _row_piece(text: str) -> _Piece:
    return text if text.startswith("$") else (True, int(text))


def _col_piece(text: str) -> _Piece:
    return text if text.startswith("$") else (False, column_index(text))


def _range_pieces(text: str) -> list[_Piece]:
    """openpyxl's Translator.translate_range, as pieces to fill in later."""
    sheet, _, rng = text.rpartition("!")
    sheet += "!" if sheet else ""
    if m := _ROW_RANGE_RE.match(rng):
        return [sheet, _row_piece(m[1]), ":", _row_piece(m[2])]
    if m := _COL_RANGE_RE.match(rng):
        return [sheet, _col_piece(m[1]), ":", _col_piece(m[2])]
    if ":" in rng:
        out: list[_Piece] = [sheet]
        for i, part in enumerate(rng.split(":")):
            out += [":", *_range_pieces(part)] if i else _range_pieces(part)
        return out
    if m := _CELL_REF_RE.match(rng):
        return [sheet, _col_piece(m[1]), _row_piece(m[2])]
    return [text]  # a defined name (openpyxl drops its "Sheet!" prefix; kept here)


def _operand(value: str) -> str | _Operand:
    """openpyxl's Token.make_operand: only a RANGE operand moves with the formula."""
    if value.startswith(('"', "#")) or value in ("TRUE", "FALSE"):
        return value
    try:
        float(value)
        return value
    except ValueError:
        pass
    pieces = _range_pieces(value)
    if all(isinstance(p, str) for p in pieces):
        return value
    sheet = value.rpartition("!")[0]
    return _Operand(sheet + "!" if sheet else "", pieces)


def _tokenize(formula: str) -> list[str | _Operand]:
    """A formula ("=...") as openpyxl's Tokenizer renders it, range operands left to move."""
    items: list[str | _Operand] = ["="]
    token: list[str] = []
    closers: list[str] = []
    n, i = len(formula), 1

    def save() -> None:
        if token:
            items.append(_operand("".join(token)))
            token.clear()

    while i < n:
        ch = formula[i]
        if ch in "+-" and token and _SN_RE.match("".join(token)):
            token.append(ch)
            i += 1
            continue
        if ch in _TOKEN_ENDERS:
            save()
        if ch in "\"'":
            if token and token[-1] != ":":
                raise _FormulaSyntaxError
            match = _STRING_RES[ch].match(formula, i)
            if match is None:
                raise _FormulaSyntaxError
            if ch == '"':
                items.append(match[0])
            else:
                token.append(match[0])
            i = match.end()
        elif ch == "[":
            depth, j = 0, i
            while j < n:
                depth += (formula[j] == "[") - (formula[j] == "]")
                if depth == 0:
                    break
                j += 1
            else:
                raise _FormulaSyntaxError
            token.append(formula[i : j + 1])
            i = j + 1
        elif ch == "#":
            if token and token[-1] != "!":
                raise _FormulaSyntaxError
            code = next((e for e in _ERROR_CODES if formula.startswith(e, i)), None)
            if code is None:
                raise _FormulaSyntaxError
            items.append(_operand("".join(token) + code))
            token.clear()
            i += len(code)
        elif ch in " \n":
            items.append(ch)  # openpyxl keeps the first character of a run of white space
            while i < n and formula[i] in " \n":
                i += 1
        elif ch in "+-*/^&=><%":
            two = formula[i : i + 2]
            op = two if two in (">=", "<=", "<>") else ch
            items.append(op)
            i += len(op)
        elif ch in "{(":
            if ch == "{":
                if token:
                    raise _FormulaSyntaxError
                items.append("{")
                closers.append("}")
            else:
                items.append("".join(token) + "(")
                token.clear()
                closers.append(")")
            i += 1
        elif ch in ")}":
            if not closers or closers.pop() != ch:
                raise _FormulaSyntaxError
            items.append(ch)
            i += 1
        elif ch in ";,":
            items.append(ch)
            i += 1
        else:
            token.append(ch)
            i += 1
    save()
    merged: list[str | _Operand] = []
    for item in items:
        if isinstance(item, str) and merged and isinstance(merged[-1], str):
            merged[-1] += item
        else:
            merged.append(item)
    return merged


class _SharedFormula:
    """The master cell of a shared formula; `at` gives the formula of another cell."""

    __slots__ = ("col", "items", "row", "text")

    def __init__(self, text: str, row: int, col: int) -> None:
        self.text, self.row, self.col = text, row, col
        self.items: list[str | _Operand] | None
        try:
            self.items = _tokenize(text)
        except _FormulaSyntaxError:
            self.items = None

    def at(self, row: int, col: int) -> str:
        if self.items is None:
            return self.text
        drow, dcol = row - self.row, col - self.col
        return "".join(i if isinstance(i, str) else i.moved(drow, dcol) for i in self.items)


def _data_table(attrs: dict[str, str]) -> str:
    """A data table cell's formula as Excel shows it: =TABLE(row input, column input)."""
    r1, r2 = attrs.get("r1", ""), attrs.get("r2", "")
    if attrs.get("dt2D") in ("1", "true"):
        return f"=TABLE({r1},{r2})"
    return f"=TABLE({r1},)" if attrs.get("dtr") in ("1", "true") else f"=TABLE(,{r1})"


def _row_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        try:
            number = float(text)
        except ValueError:
            number = 0.5
        if not number.is_integer():
            raise XlsxError(f"row number {text!r} is not a whole number") from None
        return int(number)


# --- the workbook -------------------------------------------------------------------------------

_SHEET_NAMES: Final = ("row", "c", "v", "f", "is", "t", "rPh", "sheetData", "mergeCell")


class Book:
    """An .xlsx workbook opened for reading its cells; close it, or use it in a `with` block.

    Raises `XlsxError` if the file is not a readable workbook (and `OSError` if it cannot be
    opened at all).  Not thread-safe: give each thread its own `Book`.
    """

    sheets: list[SheetInfo]
    """Every sheet in the workbook's order, hidden ones and chart sheets (which have no rows)
    included; a sheet whose part is missing from the zip is left out, as openpyxl does."""
    date1904: bool
    """The workbook counts dates from 1904 (``<workbookPr date1904="1"/>``), not 1900."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self._zip = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise XlsxError(f"{self.path.name}: not an .xlsx workbook (zip: {exc})") from None
        try:
            self._members = {n: n for n in self._zip.namelist()}
            self._folded = {n.casefold(): n for n in self._members}
            self._strings: list[str] | None = None
            self._merged: dict[str, list[tuple[int, int, int, int]]] = {}
            self._columns: dict[str, int] = {}
            self._read_workbook()
        except BaseException:
            self._zip.close()
            raise

    # --- the package's small parts ------------------------------------------------------------
    def _member(self, name: str) -> str | None:
        return self._members.get(name) or self._folded.get(name.casefold())

    def _open(self, member: str) -> IO[bytes]:
        try:
            return self._zip.open(member)
        except _ZIP_ERRORS as exc:
            raise XlsxError(f"{member}: damaged zip member ({exc})") from None

    def _read(self, stream: IO[bytes], member: str) -> bytes:
        try:
            return stream.read(_CHUNK)
        except _ZIP_ERRORS as exc:
            raise XlsxError(f"{member}: damaged zip member ({exc})") from None

    def _feed(self, parser: expat.XMLParserType, member: str) -> None:
        """Parse a whole member with `parser`, 64 KiB at a time."""
        with self._open(member) as stream:
            try:
                while chunk := self._read(stream, member):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
            except expat.ExpatError as exc:
                raise XlsxError(f"{member}: XML not well-formed ({exc})") from None

    def _walk(
        self, member: str, on_start: Callable[[list[str], str, dict[str, str]], None]
    ) -> None:
        """Call ``on_start(ancestors, local_name, attributes)`` for each element of a part.

        Namespaced attribute names are ``"uri}name"``; others are plain.
        """
        stack: list[str] = []

        def start(name: str, attrs: dict[str, str]) -> None:
            local = name.rpartition("}")[2]
            on_start(stack, local, attrs)
            stack.append(local)

        def end(name: str) -> None:
            stack.pop()

        parser = _new_parser(namespaces=True)
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        self._feed(parser, member)

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """The relationships of `part`: id -> (type, zip member or "" if external)."""
        folder, name = posixpath.split(part)
        rels_path = posixpath.join(folder, "_rels", f"{name}.rels")
        member = self._member(rels_path)
        rels: dict[str, tuple[str, str]] = {}
        if member is None:
            return rels

        def on_start(_: list[str], local: str, attrs: dict[str, str]) -> None:
            if local == "Relationship":
                target = attrs.get("Target", "")
                if attrs.get("TargetMode") == "External":
                    target = ""
                elif target.startswith("/"):
                    target = target[1:]
                else:
                    target = posixpath.normpath(posixpath.join(folder, target))
                rels[attrs.get("Id", "")] = (attrs.get("Type", ""), target)

        self._walk(member, on_start)
        return rels

    def _read_workbook(self) -> None:
        main = next(
            (t for typ, t in self._rels("").values() if typ.endswith("/officeDocument") and t),
            "xl/workbook.xml",
        )
        workbook = self._member(main)
        if workbook is None:
            raise XlsxError(f"{self.path.name}: no workbook part ({main}) — not an .xlsx file")
        found: list[tuple[str, str, str]] = []
        flags = {"date1904": False}

        def on_start(parents: list[str], local: str, attrs: dict[str, str]) -> None:
            if local == "sheet" and parents[-1:] == ["sheets"]:
                rid = next((v for k, v in attrs.items() if k in _REL_ID_ATTRS), "")
                found.append((attrs.get("name", ""), attrs.get("state", "visible"), rid))
            elif local == "workbookPr":
                flags["date1904"] = attrs.get("date1904", "") not in ("", "false", "f", "0")

        self._walk(workbook, on_start)
        self.date1904 = flags["date1904"]
        self._epoch = _MAC_EPOCH if self.date1904 else _WINDOWS_EPOCH
        rels = self._rels(workbook)
        self.sheets = []
        for name, state, rid in found:
            if not rid:
                continue  # openpyxl warns and skips such a sheet too
            if rid not in rels:
                raise XlsxError(f"{workbook}: sheet {name!r} refers to a missing part ({rid})")
            member = self._member(rels[rid][1])
            if member is not None:  # a sheet whose part is missing is skipped, as by openpyxl
                self.sheets.append(SheetInfo(name, state, member))
        self._by_name = {s.name: s for s in self.sheets}
        parts = {typ.rpartition("/")[2]: target for typ, target in rels.values() if target}
        self._strings_member = self._member(parts.get("sharedStrings", ""))
        self._styles_member = self._member(parts.get("styles", "xl/styles.xml"))
        self._date_kinds: dict[str | None, int] = {}  # read with the first sheet (`_kinds`)

    def _kinds(self) -> dict[str | None, int]:
        if not self._date_kinds:
            styles = self._styles_member
            self._date_kinds = self._read_styles(styles) if styles else {None: 0, "": 0}
        return self._date_kinds

    def _read_styles(self, member: str) -> dict[str | None, int]:
        """Style index (the ``s`` attribute) -> 0, 1 (a date format) or 2 (an elapsed time)."""
        custom: dict[int, str] = {}
        xfs: list[int] = []

        def on_start(parents: list[str], local: str, attrs: dict[str, str]) -> None:
            try:
                if local == "numFmt" and parents[-2:] == ["styleSheet", "numFmts"]:
                    custom[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
                elif local == "xf" and parents[-2:] == ["styleSheet", "cellXfs"]:
                    xfs.append(int(attrs.get("numFmtId", "0")))
            except (KeyError, ValueError):
                raise XlsxError(f"{member}: bad number format {attrs}") from None

        self._walk(member, on_start)
        kinds: dict[str | None, int] = {None: 0, "": 0}
        for index, fmt_id in enumerate(xfs):
            fmt = custom[fmt_id] if fmt_id in custom else _BUILTIN_DATE_FORMATS.get(fmt_id)
            date = fmt is not None and is_date_format(fmt)
            kinds[str(index)] = (2 if is_timedelta_format(fmt or "") else 1) if date else 0
        return kinds

    def _style_kind(self, style: str) -> int:
        """The date kind of a style index not written canonically ("07", " 7")."""
        try:
            kind = self._date_kinds.get(str(int(style)), 0)
        except ValueError:
            raise XlsxError(f"style index {style!r} is not a number") from None
        self._date_kinds[style] = kind
        return kind

    def _shared_strings(self) -> list[str]:
        if self._strings is None:
            self._strings = self._read_strings(self._strings_member) if self._strings_member else []
        return self._strings

    def _read_strings(self, member: str) -> list[str]:
        strings: list[str] = []
        parts: list[str] = []
        buf: list[str] = []
        phonetic = False

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal phonetic
            if name == "t":
                buf.clear()
            elif name == "si":
                parts.clear()
            elif name == "rPh":
                phonetic = True

        def end(name: str) -> None:
            nonlocal phonetic
            if name == "t":
                if not phonetic:
                    parts.append("".join(buf))
            elif name == "si":
                strings.append("".join(parts))
            elif name == "rPh":
                phonetic = False

        parser = _new_parser()
        _map_prefixes(parser, start, ("si", "t", "rPh"))
        parser.EndElementHandler = end
        parser.CharacterDataHandler = buf.append
        self._feed(parser, member)
        return strings

    # --- sheets -------------------------------------------------------------------------------
    def _info(self, sheet: str) -> SheetInfo:
        try:
            return self._by_name[sheet]
        except KeyError:
            names = ", ".join(repr(s.name) for s in self.sheets)
            raise KeyError(f"{self.path.name}: no sheet {sheet!r} (sheets: {names})") from None

    def rows(
        self, sheet: str, *, max_rows: int | None = None, max_cols: int | None = None
    ) -> Iterator[tuple[int, list[Cell]]]:
        """Stream a sheet's rows: (row number from 1, its cells sorted by column).

        Rows come in the order of the XML (ascending in every workbook an application wrote),
        each with the cells present in it, styled empty cells included (value and formula
        None); rows without any cell are skipped.  Parsing stops at the first row numbered
        above `max_rows`; cells right of column `max_cols` are left out.  Raises `KeyError` at
        once for an unknown sheet, `XlsxError` while iterating for damaged content.
        """
        info = self._info(sheet)
        return self._rows(
            info.path,
            1 << 62 if max_rows is None else max_rows,
            1 << 62 if max_cols is None else max_cols,
        )

    def _rows(
        self, member: str, row_limit: int, col_limit: int
    ) -> Iterator[tuple[int, list[Cell]]]:
        strings = self._shared_strings()
        kinds = self._kinds()
        epoch = self._epoch
        columns = self._columns
        shared: dict[str | None, _SharedFormula] = {}
        dates: dict[tuple[int, str], tuple[object, bool]] = {}
        merges: list[tuple[int, int, int, int]] = []
        out: list[tuple[int, list[Cell]]] = []
        buf: list[str] = []
        clear, join = buf.clear, "".join
        new_cell, (set_col, set_value, set_formula, set_error) = object.__new__, _CELL_SLOTS

        in_data = in_row = in_cell = in_is = phonetic = ordered = False
        row_num = last_col = col = 0
        cells: list[Cell] = []
        ctype: str = "n"
        style: str | None = None
        vtext: str | None = None
        ftext: str = ""
        fattrs: dict[str, str] | None = None
        parts: list[str] | None = None

        # Element names are compared as strings, most frequent first; a prefixed name
        # ("x:c") reaches the handlers as its local name (see _map_prefixes).
        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal in_data, in_row, in_cell, in_is, phonetic, ordered, row_num, last_col, col
            nonlocal cells, ctype, style, vtext, fattrs, parts
            if name == "c":
                if in_row:
                    ref = attrs.get("r")
                    if ref is None:
                        col = last_col + 1
                    else:
                        letters = ref.rstrip(_DIGITS)
                        col = columns.get(letters) or self._column(letters, ref)
                    if col <= last_col:
                        ordered = False
                    last_col = col
                    ctype = attrs.get("t", "n")
                    style = attrs.get("s")
                    vtext = fattrs = parts = None
                    in_cell = True
            elif name == "v" or name == "t":
                clear()
            elif name == "row":
                if in_data:
                    ref = attrs.get("r")
                    row_num = row_num + 1 if ref is None else _row_number(ref)
                    if row_num > row_limit:
                        raise _Stop
                    in_row, ordered, last_col, cells = True, True, 0, []
            elif name == "f":
                fattrs = attrs
                clear()
            elif name == "is":
                if in_cell:
                    in_is, parts = True, []
            elif name == "rPh":
                phonetic = True
            elif name == "sheetData":
                in_data = True
            elif name == "mergeCell":
                merges.append(_cell_range(attrs.get("ref")))

        def end(name: str) -> None:
            nonlocal in_data, in_row, in_cell, in_is, phonetic, cells, vtext, ftext
            if name == "c":
                if not in_cell:
                    return
                in_cell = False
                formula = None
                if fattrs is not None:
                    if "t" not in fattrs:  # a plain formula
                        formula = "=" + ftext
                    else:
                        wanted = col <= col_limit
                        formula = self._formula(fattrs, ftext, shared, row_num, col, wanted)
                if col > col_limit:
                    return
                value: object = None
                error = False
                try:
                    if not vtext:
                        if ctype == "inlineStr" and parts is not None:
                            value = join(parts)
                    elif ctype == "s":
                        index = int(vtext)
                        if index < 0:
                            raise IndexError
                        value = strings[index]
                    elif ctype == "n":
                        kind = kinds.get(style, -1)
                        if kind < 0:
                            kind = self._style_kind(style or "")
                        if not kind:
                            if "." in vtext or "E" in vtext or "e" in vtext:
                                value = float(vtext)
                            else:
                                value = int(vtext)
                        else:  # plans repeat their dates: convert each serial once
                            date = dates.get((kind, vtext))
                            if date is None:
                                if len(dates) > 50_000:
                                    dates.clear()
                                date = dates[kind, vtext] = _date(vtext, epoch, kind)
                            value, error = date
                    elif ctype == "str":
                        value = vtext
                    elif ctype == "b":
                        value = bool(int(vtext))
                    elif ctype == "e":
                        value, error = vtext, True
                    elif ctype == "inlineStr":
                        value = join(parts) if parts is not None else None
                    elif ctype == "d":
                        value = from_iso8601(vtext)
                    else:
                        value = vtext  # an unknown type: the text, as openpyxl does
                except (ValueError, IndexError):
                    where = f"{member}: cell {column_letters(col)}{row_num}"
                    if ctype == "s":
                        raise XlsxError(f"{where}: no shared string {vtext!r}") from None
                    raise XlsxError(f"{where}: {vtext!r} is not of type {ctype!r}") from None
                cell = new_cell(Cell)  # Cell(col, value, formula, error), twice as fast
                set_col(cell, col)
                set_value(cell, value)
                set_formula(cell, formula)
                set_error(cell, error)
                cells.append(cell)
            elif name == "v":
                vtext = join(buf)
            elif name == "f":
                ftext = join(buf)
            elif name == "row":
                if in_row:
                    in_row = False
                    if cells:
                        if not ordered:  # the last of two cells in the same column wins
                            by_col = {c.col: c for c in cells}
                            cells = [by_col[k] for k in sorted(by_col)]
                        out.append((row_num, cells))
            elif name == "t":
                if in_is and not phonetic and parts is not None:
                    parts.append(join(buf))
            elif name == "rPh":
                phonetic = False
            elif name == "is":
                in_is = False
            elif name == "sheetData":
                in_data = in_row = False

        parser = _new_parser()
        _map_prefixes(parser, start, _SHEET_NAMES)
        parser.EndElementHandler = end
        parser.CharacterDataHandler = buf.append
        complete = False
        with self._open(member) as stream:
            try:
                while chunk := self._read(stream, member):
                    parser.Parse(chunk, False)
                    if out:
                        yield from out
                        out.clear()
                parser.Parse(b"", True)
                complete = True
            except _Stop:
                pass
            except expat.ExpatError as exc:
                raise XlsxError(f"{member}: XML not well-formed ({exc})") from None
        yield from out
        if complete:
            self._merged[member] = merges

    def _column(self, letters: str, ref: str) -> int:
        """Column of a cell reference's letters ("B", "$b"), remembered for the next ones."""
        match = _LETTERS_RE.fullmatch(letters)
        if match is None:
            raise XlsxError(f"cell reference {ref!r} is not like 'B12'")
        col = self._columns[letters] = column_index(match[1])
        return col

    @staticmethod
    def _formula(
        attrs: dict[str, str],
        text: str,
        shared: dict[str | None, _SharedFormula],
        row: int,
        col: int,
        wanted: bool,
    ) -> str:
        """The formula of a cell with an <f> element; a shared one is translated if `wanted`."""
        kind = attrs.get("t")
        if kind == "shared":
            si = attrs.get("si")
            master = shared.get(si)
            if master is not None:
                return master.at(row, col) if wanted else ""
            if text:
                shared[si] = _SharedFormula("=" + text, row, col)
        elif kind == "dataTable":
            return _data_table(attrs)
        return "=" + text

    def merged(self, sheet: str) -> list[tuple[int, int, int, int]]:
        """The sheet's merged ranges: (min_row, min_col, max_row, max_col), 1-based.

        Known without parsing again after `rows` went through the whole sheet; otherwise the
        sheet's XML is parsed (without building cells).
        """
        member = self._info(sheet).path
        if member not in self._merged:
            merges: list[tuple[int, int, int, int]] = []

            def start(name: str, attrs: dict[str, str]) -> None:
                if name == "mergeCell":
                    merges.append(_cell_range(attrs.get("ref")))

            parser = _new_parser()
            _map_prefixes(parser, start, ("mergeCell",))
            self._feed(parser, member)
            self._merged[member] = merges
        return list(self._merged[member])

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Book:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
