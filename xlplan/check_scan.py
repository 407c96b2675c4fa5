"""The files `xlplan check` is given: workbooks to check, and the spreadsheet files of its
folders that it cannot check, listed as skipped with why (never left out without a word)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["UNCHECKED_SUFFIXES", "WORKBOOK_SUFFIXES", "Skipped", "below", "scan", "workbooks"]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
# Spreadsheet files a folder may hold that xlplan cannot check: listed as skipped, with why.
UNCHECKED_SUFFIXES: dict[str, str] = {
    ".ods": "an OpenDocument spreadsheet",
    ".fods": "a flat OpenDocument spreadsheet",
    ".xls": "an Excel 97-2003 workbook",
    ".xlsb": "an Excel binary workbook",
    ".csv": "a CSV file",
    ".tsv": "a tab-separated file",
    ".numbers": "an Apple Numbers document",
}


@dataclass(frozen=True)
class Skipped:
    """A spreadsheet file of a folder that `check` cannot read, and why."""

    file: str
    reason: str


def below(folder: Path) -> list[Path]:
    """What is below `folder`, sorted, but Excel's ``~$`` lock files and what is hidden (a
    name starting with ``.``, or inside a hidden folder): another run's scratch folder
    (``.NAME.XXXX.tmp/``, its workbook half written), macOS's ``._`` files."""
    return sorted(
        p
        for p in folder.rglob("*")
        if not any(part.startswith((".", "~$")) for part in p.relative_to(folder).parts)
    )


def workbooks(paths: Iterable[str | Path]) -> list[Path]:
    """The files to check: each file given, and the workbooks inside each folder (recursive,
    sorted, skipping Excel's ``~$`` lock files and hidden files, see `below`)."""
    return scan(paths)[0]


def scan(paths: Iterable[str | Path]) -> tuple[list[Path], list[Skipped]]:
    """The files to check (see `workbooks`), and the spreadsheet files of the folders that
    cannot be checked (`UNCHECKED_SUFFIXES`: .ods, .xls, .xlsb, .csv, .numbers…) with why."""
    found: list[Path] = []
    skipped: list[Skipped] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            found.append(path)
            continue
        for p in below(path):
            suffix = p.suffix.lower()
            if suffix in WORKBOOK_SUFFIXES and p.is_file():
                found.append(p)
            elif suffix in UNCHECKED_SUFFIXES and (p.is_file() or suffix == ".numbers"):
                skipped.append(
                    Skipped(
                        str(p),
                        f"{UNCHECKED_SUFFIXES[suffix]}; xlplan checks .xlsx and .xlsm "
                        "workbooks: save it as an Excel workbook (.xlsx) to check it",
                    )
                )
    return found, skipped
