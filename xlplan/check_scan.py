"""The files `xlplan check` is given: workbooks to check, and the spreadsheet files of its
folders that it cannot check, listed as skipped with why (never left out without a word)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .i18n import Message, MessageLang, msg

__all__ = [
    "UNCHECKED_SUFFIXES",
    "WORKBOOK_SUFFIXES",
    "Skipped",
    "below",
    "scan",
    "survey",
    "workbooks",
]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
# Spreadsheet files a folder may hold that xlplan cannot check: listed as skipped, with why.
_UNCHECKED: dict[str, Message] = {
    ".ods": msg("an OpenDocument spreadsheet"),
    ".fods": msg("a flat OpenDocument spreadsheet"),
    ".xls": msg("an Excel 97-2003 workbook"),
    ".xlsb": msg("an Excel binary workbook"),
    ".csv": msg("a CSV file"),
    ".tsv": msg("a tab-separated file"),
    ".numbers": msg("an Apple Numbers document"),
}
UNCHECKED_SUFFIXES: dict[str, str] = {suffix: str(kind) for suffix, kind in _UNCHECKED.items()}


@dataclass(frozen=True)
class Skipped:
    """A spreadsheet file of a folder that `check` cannot read, and why."""

    file: str
    reason: str
    """Why, in English (as the JSON, CSV and JUnit renderings give it)."""
    said: Message | None = field(default=None, compare=False)
    """Why, as a catalog message (`text` renders it in either language)."""

    def text(self, lang: MessageLang = "en") -> str:
        """Why, in `lang`."""
        return self.reason if self.said is None else self.said.text(lang)


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
                why = msg(
                    "{kind}; xlplan checks .xlsx and .xlsm workbooks: save it as an Excel "
                    "workbook (.xlsx) to check it",
                    kind=_UNCHECKED[suffix],
                )
                skipped.append(Skipped(str(p), str(why), why))
    return found, skipped


def _hidden(part: str) -> bool:
    return part.startswith(".")


def survey(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """What the folders among `paths` leave nothing or less to check: the folders with no
    workbook below them (a mistyped or empty folder: nothing to check is unusable input), and
    the hidden spreadsheet files below them that are not read (see `below`), to be counted.

    Returns:
        The folders with no workbook, and the hidden spreadsheet files (Excel's ``~$`` lock
        files are not counted: they are no one's work).
    """
    spreadsheets = (*WORKBOOK_SUFFIXES, *UNCHECKED_SUFFIXES)
    empty: list[Path] = []
    hidden: list[Path] = []
    for raw in paths:
        folder = Path(raw)
        if not folder.is_dir():
            continue
        any_workbook = False
        for p in sorted(folder.rglob("*")):
            parts = p.relative_to(folder).parts
            if any(part.startswith("~$") for part in parts) or p.suffix.lower() not in spreadsheets:
                continue
            if not p.is_file():
                continue
            if any(_hidden(part) for part in parts):
                hidden.append(p)
            elif p.suffix.lower() in WORKBOOK_SUFFIXES:
                any_workbook = True
        if not any_workbook:
            empty.append(folder)
    return empty, hidden
