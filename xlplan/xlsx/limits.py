"""What the guard lets through: the size limits of a workbook (`Limits`, with the module's
constants as defaults), the checks of the zip's central directory against them (before anything
is inflated), and how a refusal is raised (`Refused`) and worded."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import Final

from ..i18n import msg

__all__ = [
    "EXCEL_COLUMNS",
    "EXCEL_ROWS",
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
    "Refused",
    "check_directory",
    "short_error",
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

REPAIR: Final = msg(
    "open it in Excel or LibreOffice (which may repair it) and save it again as .xlsx"
)
_READABLE_METHODS: Final = {
    zipfile.ZIP_STORED,
    zipfile.ZIP_DEFLATED,
    zipfile.ZIP_BZIP2,
    zipfile.ZIP_LZMA,
}


class Refused(Exception):
    """Raised inside the guard with the reason; turned into a `WorkbookError` naming the file."""


def short_error(exc: BaseException) -> str:
    """An exception in one short line (its type, and its message's first line), for messages."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "…"


def check_directory(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Refuse zip bombs from the central directory, before inflating anything."""
    if len(infos) > limits.max_members:
        raise Refused(
            msg(
                "{count} files inside the zip (at most {max_members}): not a workbook, "
                "or a hostile one; refused",
                count=len(infos),
                max_members=limits.max_members,
            )
        )
    total = 0
    for info in infos:
        if info.file_size > limits.max_member_bytes:
            raise Refused(
                msg(
                    "'{filename}' would inflate to {file_size:,} bytes (at most "
                    "{max_member_bytes:,}): a zip bomb or not a plan workbook; refused",
                    filename=info.filename,
                    file_size=info.file_size,
                    max_member_bytes=limits.max_member_bytes,
                )
            )
        compressed = max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * compressed:
            ratio = info.file_size // max(info.compress_size, 1)
            raise Refused(
                msg(
                    "'{filename}' is compressed {ratio:,} times (at most {max_ratio}): a "
                    "zip bomb; refused",
                    filename=info.filename,
                    ratio=ratio,
                    max_ratio=limits.max_ratio,
                )
            )
        total += info.file_size
        if total > limits.max_total_bytes:
            raise Refused(
                msg(
                    "the zip would inflate to more than {max_total_bytes:,} bytes: a zip "
                    "bomb or not a plan workbook; refused",
                    max_total_bytes=limits.max_total_bytes,
                )
            )
        if info.flag_bits & 0x1:
            raise Refused(
                msg(
                    "'{filename}' is encrypted inside the zip; {repair} without a password",
                    filename=info.filename,
                    repair=REPAIR,
                )
            )
        if info.compress_type not in _READABLE_METHODS:
            raise Refused(
                msg(
                    "'{filename}' uses zip compression method {compress_type}, which "
                    "xlplan cannot read; {repair}",
                    filename=info.filename,
                    compress_type=info.compress_type,
                    repair=REPAIR,
                )
            )
