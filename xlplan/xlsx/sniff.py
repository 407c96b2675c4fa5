"""What a file is, from its first bytes and its zip directory: an Excel workbook, or a text, CSV
or HTML file renamed ``.xlsx``, a legacy or encrypted OLE2 file, a Word, OpenDocument or
``.xlsb`` zip. Each says why it is not a workbook by raising `Refused`."""

from __future__ import annotations

import re
import shlex
import zipfile
from pathlib import PurePath
from typing import IO, Final

from ..i18n import Message, msg
from .limits import Limits, Refused

__all__ = ["refuse_unless_zip", "zip_kind"]

_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAMS: Final = (
    "EncryptedPackage".encode("utf-16-le"),
    "EncryptionInfo".encode("utf-16-le"),
)
_ZIP_MAGIC: Final = b"PK\x03\x04"
_EMPTY_ZIP: Final = b"PK\x05\x06"
_WORKBOOK_TYPES: Final = (b"sheet.main+xml", b"template.main+xml", b"macroEnabled.main+xml")
_CHUNK: Final = 1 << 20
_PLAN_SUFFIXES: Final = (".yaml", ".yml", ".json")
# a plan file's own keys, at the start of a YAML line or as a JSON key
_PLAN_KEYS: Final = re.compile(
    r'^(?:actions|objectives|kpis|owners|fiscal_year_start|envelope)\s*:|"(?:actions|fiscal_year_start)"\s*:',
    re.MULTILINE,
)


def _plan_file(name: str, head: bytes) -> bool:
    """Whether a text file is an xlplan plan file (YAML or JSON): by its suffix or its keys."""
    if PurePath(name).suffix.lower() in _PLAN_SUFFIXES:
        return True
    return _PLAN_KEYS.search(head.decode("utf-8", errors="replace")) is not None


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


def _ole_kind(f: IO[bytes]) -> str:
    """Whether an OLE2 file holds an encrypted OOXML package ("encrypted") or not ("legacy")."""
    tail = b""
    f.seek(0)
    while chunk := f.read(_CHUNK):
        data = tail + chunk
        if any(name in data for name in _ENCRYPTED_STREAMS):
            return "encrypted"
        tail = data[-64:]
    return "legacy"


def refuse_unless_zip(head: bytes, size: int, f: IO[bytes], *, name: str = "") -> None:
    """Refuse a file whose first bytes say it is not a zip, saying what it is instead.

    Args:
        head: the file's first bytes (4 KiB).
        size: the file's size.
        f: the file, for an OLE2 file (read through to tell an encrypted workbook).
        name: the file's path, to tell a plan file (.yaml, .yml, .json) and say how to build
            its workbook.

    Raises:
        Refused: the file is empty, an OLE2 file, an empty zip, text or random bytes.
    """
    if size == 0:
        raise Refused(
            msg(
                "the file is empty (0 bytes), not a workbook; check that it was saved or "
                "downloaded completely"
            )
        )
    if head.startswith(_OLE_MAGIC):
        if _ole_kind(f) == "encrypted":
            raise Refused(
                msg(
                    "the workbook is protected by a password (encrypted); open it in Excel or "
                    "LibreOffice, remove the password and save it as .xlsx"
                )
            )
        raise Refused(
            msg(
                "a legacy Excel .xls file (or another old Office format), not an .xlsx workbook; "
                "open it in Excel or LibreOffice and save it as .xlsx"
            )
        )
    if head.startswith(_EMPTY_ZIP):
        raise Refused(msg("an empty zip archive, not an Excel workbook"))
    if not head.startswith(_ZIP_MAGIC):
        kind = _text_kind(head)
        if kind in ("CSV", "text") and _plan_file(name, head):
            workbook = PurePath(name or "plan.yaml").with_suffix(".xlsx")
            raise Refused(
                msg(
                    "this is a plan file, not a workbook: build the workbook with "
                    "xlplan build {plan} -o {workbook}",
                    plan=shlex.quote(name or "plan.yaml"),
                    workbook=shlex.quote(str(workbook)),
                )
            )
        if kind in ("CSV", "text"):
            raise Refused(
                msg(
                    "this is a text/CSV file, not a workbook; open it in your spreadsheet "
                    "application and save it as an Excel workbook (.xlsx)"
                )
            )
        if kind in ("HTML", "XML"):
            raise Refused(
                msg(
                    "this is an {kind} file, not a workbook (some tools export those with an "
                    "Excel name); open it in your spreadsheet application and save it as .xlsx",
                    kind=kind,
                )
            )
        raise Refused(
            msg(
                "not an Excel workbook (.xlsx), nor text; save it as .xlsx from your spreadsheet "
                "application"
            )
        )


def zip_kind(names: set[str], archive: zipfile.ZipFile, limits: Limits) -> Message | None:
    """Why a zip is not an Excel workbook, or None when it is one."""
    if "xl/workbook.bin" in names:
        return msg(
            "an Excel binary workbook (.xlsb), which xlplan cannot read; "
            "save it as .xlsx from Excel"
        )
    if "mimetype" in names and "content.xml" in names:
        return msg(
            "an OpenDocument file (.ods), not an Excel workbook; "
            "save it as .xlsx from LibreOffice (File › Save As › Excel 2007-365)"
        )
    if "word/document.xml" in names:
        return msg("a Word document, not an Excel workbook")
    if "ppt/presentation.xml" in names:
        return msg("a PowerPoint presentation, not an Excel workbook")
    if "[Content_Types].xml" not in names:
        return msg("a zip archive but not an Excel workbook (it has no [Content_Types].xml)")
    if "xl/workbook.xml" not in names:
        info = archive.getinfo("[Content_Types].xml")
        if info.file_size > limits.max_member_bytes:
            return None  # the size checks say what is wrong
        with archive.open(info) as f:
            types = f.read()
        if not any(t in types for t in _WORKBOOK_TYPES):
            return msg("a zip archive but not an Excel workbook (no workbook part in it)")
    return None
