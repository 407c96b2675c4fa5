"""`refresh`: rewrite a team's workbook as a fresh xlplan workbook, keeping every typed value.

A workbook that went through many hands (rows inserted without their formulas, free rows used
up, an older layout) or a plan table people made themselves is read with `reading.own.read`
and built again with `writing.workbook.build`: the actions with their actual spend, the KPI
measures, the extra columns and the notes are kept; formulas, views, validations and free rows
are new. The source is only read. A value the reader could not take (an unreadable cell, a
reference to nothing, an end before its start…) is not in the new workbook: its problem says so,
one problem per cell.
"""

from __future__ import annotations

from pathlib import Path

from .errors import OutputExistsError, Problem, ProblemCode
from .i18n import Message, msg
from .model.enums import Lang
from .output import check_can_write
from .reading.own import ReadResult, read
from .writing.workbook import build

__all__ = ["not_carried", "refresh"]


def refresh(
    source: str | Path, output: str | Path, *, lang: Lang | None = None, force: bool = False
) -> ReadResult:
    """Read `source` and write its plan as a fresh xlplan workbook to `output`.

    Args:
        source: the workbook to read (made by xlplan, or a hand-made plan table); never
            modified.
        output: the ``.xlsx`` file to write; it appears whole or not at all.
        lang: the new workbook's language; defaults to the plan's (the source's).
        force: replace `output` if it exists.

    Returns:
        What was read: the plan written and every problem found in `source` (sheet, cell);
        a cell whose value is not in the new workbook has one problem that says so
        (`not_carried`).

    Raises:
        OutputExistsError: `output` is `source` itself, or exists and `force` is false.
        WorkbookError: `source` is not a workbook xlplan can read.
    """
    source, output = Path(source), Path(output)
    if output.exists() and source.exists() and output.samefile(source):
        raise OutputExistsError(
            msg("{output}: is the workbook being refreshed; write to another file", output=output)
        )
    check_can_write(output, force)  # (before reading: a large workbook is not read for nothing)
    result = read(source)
    build(result.plan, output, lang=lang, force=force)
    return ReadResult(result.plan, not_carried(result.problems), result.locations)


# What the readers leave out of the plan: the cell's value (errors), or its row.
_VALUE_LEFT_OUT = frozenset(
    {
        ProblemCode.CELL_UNREADABLE,
        ProblemCode.ERROR_VALUE,
        ProblemCode.FIELD_INVALID,
        ProblemCode.REFERENCE_UNKNOWN,
        ProblemCode.END_BEFORE_START,
        ProblemCode.ACTUAL_UNLINKED,
        ProblemCode.ID_DUPLICATE,
    }
)
_ROW_LEFT_OUT = frozenset({ProblemCode.FIELD_MISSING})
_ALWAYS_LEFT_OUT = frozenset(  # (warnings, but what they name is left out all the same)
    {ProblemCode.ROW_WITHOUT_ACTION, ProblemCode.ROW_WITHOUT_NAME, ProblemCode.LIST_CELL_IGNORED}
)
_SEE_ALSO = "{message} — see {sheet}!{cell}"  # (the first holder of a duplicate id: kept)


def _left_out(p: Problem) -> bool:
    if not (p.sheet and p.cell):
        return False
    if p.code in _ALWAYS_LEFT_OUT or p.code is ProblemCode.REFERENCE_UNKNOWN:
        return True
    if p.severity != "error" or p.code not in _VALUE_LEFT_OUT | _ROW_LEFT_OUT:
        return False
    return p.localized is None or p.localized.template != _SEE_ALSO


def not_carried(problems: list[Problem]) -> list[Problem]:
    """The problems of a refreshed workbook, each cell whose value the new workbook lacks said
    so once: its problems (two unknown objectives of one cell…) as one, followed by « not
    carried into the new workbook » (or « the row is… » when the row itself was left out).

    Args:
        problems: what the reader found in the source, in order.

    Returns:
        The same problems, those of a cell left out merged into one at the place of the first.
    """
    cells: dict[tuple[str, str], list[Problem]] = {}
    for p in problems:
        if _left_out(p):
            cells.setdefault((p.sheet, p.cell), []).append(p)
    out: list[Problem] = []
    for p in problems:
        found = cells.get((p.sheet, p.cell)) if _left_out(p) else None
        if found is None:
            out.append(p)
        elif found[0] is p:
            said: str | Message = found[0].localized or found[0].message
            for q in found[1:]:
                said = msg("{first}; {second}", first=said, second=q.localized or q.message)
            row = any(q.code in _ROW_LEFT_OUT | _ALWAYS_LEFT_OUT for q in found)
            text = (
                msg("{message}; the row is not carried into the new workbook", message=said)
                if row
                else msg("{message}; not carried into the new workbook", message=said)
            )
            severity = "error" if any(q.severity == "error" for q in found) else p.severity
            out.append(Problem.of(severity, text, code=p.code, sheet=p.sheet, cell=p.cell))
    return out
