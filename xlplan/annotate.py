"""An annotated copy of a team's workbook: every problem shown where it is.

`annotate` copies the workbook (openpyxl, in full), fills each cell a problem names (red for an
error, amber for a warning), gives it a comment with the message, and adds a first sheet,
« Problèmes » / "Problems", listing severity, sheet, cell (a link to it) and message. The input
is never written: the copy goes to another file, atomically, and does not replace an existing
file unless asked. The copy is for reviewing the problems; keep working in the original (openpyxl
drops what it does not read, such as data bars, and never keeps macros).

At most `MAX_ANNOTATED` problems (the first ones, in the reader's order) are marked and listed:
each marked cell costs a comment and its drawing, so 80 000 of them took minutes and gigabytes.
Past the cap, the problems sheet starts with a note saying how many were left out and where the
full list is (`capped_note`; the command line prints it on stderr too).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

from .errors import Problem
from .layout.labels import PROBLEMS_CAPPED, PROBLEMS_HEADERS, PROBLEMS_SHEET, SEVERITIES
from .model.enums import Lang
from .output import WORKBOOK, atomic_output, check_can_write, check_distinct, check_name

__all__ = ["MAX_ANNOTATED", "annotate", "capped_note", "check_output"]

MAX_ANNOTATED: Final = 5_000
"""The most problems an annotated copy marks and lists (the first ones)."""

_LANGS: Final[tuple[Lang, ...]] = ("fr", "en")
# The problem sheet's labels (`layout.labels`), by language.
SHEET_TITLE: Final = {lang: PROBLEMS_SHEET(lang) for lang in _LANGS}
HEADERS: Final = {lang: tuple(h(lang) for h in PROBLEMS_HEADERS) for lang in _LANGS}
SEVERITY: Final = {lang: {k: v(lang) for k, v in SEVERITIES.items()} for lang in _LANGS}
FILL: Final[dict[str, str]] = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
AUTHOR: Final = "xlplan"

_CELL: Final = re.compile(r"^([A-Z]{1,3})([1-9]\d{0,6})$")


def check_output(source: str | Path, output: str | Path, *, force: bool = False) -> None:
    """Refuse an annotated copy that would replace the workbook itself, or (without `force`)
    any existing file.

    Raises:
        OutputExistsError: `output` is `source` (by path, symbolic or hard link), or exists
            and `force` is false.
        OutputError: `output` is not named .xlsx.
    """
    check_distinct([output], [source])
    check_name(output, WORKBOOK)
    check_can_write(output, force)


def _text(value: str) -> str:
    """Text openpyxl can store (no control characters)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return str(ILLEGAL_CHARACTERS_RE.sub("", value))


def _put_text(ws: Any, row: int, column: int, value: str) -> Any:
    """Write text that stays text, even when it starts with ``=`` (never a formula)."""
    cell = ws.cell(row=row, column=column)
    cell.value = _text(value)
    cell.data_type = "s"
    return cell


def _valid_cell(ref: str) -> bool:
    from openpyxl.utils import column_index_from_string

    match = _CELL.match(ref)
    if match is None:
        return False
    try:
        column_index_from_string(match.group(1))
    except ValueError:
        return False
    return int(match.group(2)) <= 1_048_576


def _target(ws: Any, ref: str) -> Any:
    """The cell to mark: the cell itself, or the top-left cell of the merged range it is in."""
    cell = ws[ref]
    for rng in ws.merged_cells.ranges:
        if ref in rng:
            return ws.cell(row=rng.min_row, column=rng.min_col)
    return cell


def _location(sheet: str, ref: str) -> str:
    return "'{}'!{}".format(sheet.replace("'", "''"), ref)


def _unique_title(wb: Any, title: str) -> str:
    taken = {name.casefold() for name in wb.sheetnames}
    if title.casefold() not in taken:
        return title
    n = 2
    while f"{title} ({n})".casefold() in taken:
        n += 1
    return f"{title} ({n})"


def _mark(wb: Any, problems: list[Problem], lang: Lang) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    sheets = {ws.title: ws for ws in wb.worksheets}  # not chart sheets
    by_cell: dict[tuple[str, str], list[Problem]] = {}
    for p in problems:
        if p.sheet in sheets and _valid_cell(p.cell):
            by_cell.setdefault((p.sheet, p.cell), []).append(p)
    for (sheet, ref), found in by_cell.items():
        cell = _target(sheets[sheet], ref)
        worst = min((p.severity for p in found), key=("error", "warning", "info").index)
        cell.fill = PatternFill(fill_type="solid", fgColor=FILL[worst], bgColor=FILL[worst])
        lines = [_comment_line(p, lang) for p in found]
        text = "\n".join(lines)
        if cell.comment is not None and cell.comment.text:
            text = f"{cell.comment.text}\n\n{text}"
        height = 20 + 15 * sum(1 + len(line) // 50 for line in text.splitlines())
        cell.comment = Comment(_text(text), AUTHOR, width=320, height=min(height, 600))


def _comment_line(problem: Problem, lang: Lang) -> str:
    """A problem's line in its cell's comment: ``xlplan — warning: …`` (« avertissement : »)."""
    from .i18n import msg

    severity = SEVERITY[lang][problem.severity]
    return msg(
        "xlplan — {severity}: {message}", severity=severity, message=problem.text(lang)
    ).text(lang)


def capped_note(total: int, lang: Lang = "en") -> str | None:
    """The note of an annotated copy of `total` problems when they are more than
    `MAX_ANNOTATED`, else None."""
    if total <= MAX_ANNOTATED:
        return None
    from .i18n.numbers import number

    shown, count = (number(n, ",", lang) for n in (MAX_ANNOTATED, total))  # (5 000 / 5,000)
    return PROBLEMS_CAPPED.fill(lang, shown=shown, total=count)


def _problems_sheet(wb: Any, problems: list[Problem], lang: Lang, total: int) -> None:
    from openpyxl.styles import Font
    from openpyxl.worksheet.hyperlink import Hyperlink

    ws = wb.create_sheet(_unique_title(wb, SHEET_TITLE[lang]), 0)
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = False
    ws.sheet_view.tabSelected = True
    wb.active = 0
    note = capped_note(total, lang)
    first = 1
    if note is not None:
        _put_text(ws, 1, 1, note).font = Font(bold=True, color="9C0006")
        first = 2
    for column, header in enumerate(HEADERS[lang], 1):
        _put_text(ws, first, column, header).font = Font(bold=True)
    for row, p in enumerate(problems, first + 1):
        _put_text(ws, row, 1, SEVERITY[lang][p.severity])
        _put_text(ws, row, 2, p.sheet)
        cell = _put_text(ws, row, 3, p.cell or p.path)
        if p.sheet in wb.sheetnames:
            ref = p.cell if _valid_cell(p.cell) else "A1"
            # an internal link (a location, no relationship): no HYPERLINK formula
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=_location(p.sheet, ref))
            cell.font = Font(color="0563C1", underline="single")
        _put_text(ws, row, 4, p.text(lang))
    for letter, width in zip("ABCD", (16, 22, 12, 100), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"A{first + 1}"
    if problems:
        ws.auto_filter.ref = f"A{first}:D{len(problems) + first}"


def annotate(
    source: str | Path,
    problems: Iterable[Problem],
    output: str | Path,
    *,
    lang: Lang = "fr",
    force: bool = False,
) -> Path:
    """Write a copy of a workbook with its problems highlighted, commented and listed.

    Args:
        source: the team's workbook (``.xlsx`` or ``.xlsm``); never modified.
        problems: what `xlplan.read` found, each with its sheet and cell.
        output: the annotated copy to write (``.xlsx``), not `source` itself.
        lang: the language of the problems sheet, of its messages and of the comments
            ("fr" or "en"; the command line passes the workbook's).
        force: replace `output` if it exists.

    Returns:
        The path of the annotated copy.

    Raises:
        OutputExistsError: `output` exists and `force` is false, or `output` is `source`.
        WorkbookError: `source` cannot be read as a workbook.
    """
    from .xlsx.guard import open_workbook

    source, output = Path(source), Path(output)
    check_output(source, output, force=force)
    problems = list(problems)
    total, problems = len(problems), problems[:MAX_ANNOTATED]
    wb = open_workbook(source, read_only=False, data_only=False)  # macros: neither run nor kept
    try:
        _mark(wb, problems, lang)
        _problems_sheet(wb, problems, lang, total)
        with atomic_output(output, force=force, suffixes=WORKBOOK) as tmp:
            wb.save(tmp)
    finally:
        wb.close()
    return output
