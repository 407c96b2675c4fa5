"""`refresh`: rewrite a team's workbook as a fresh xlplan workbook, keeping every typed value.

A workbook that went through many hands (rows inserted without their formulas, free rows used
up, an older layout) or a plan table people made themselves is read with `reading.own.read`
and built again with `writing.workbook.build`: the actions with their actual spend, the KPI
measures, the extra columns and the notes are kept; formulas, views, validations and free rows
are new. The source is only read.
"""

from __future__ import annotations

from pathlib import Path

from .errors import OutputExistsError
from .i18n import msg
from .model.enums import Lang
from .output import check_can_write
from .reading.own import ReadResult, read
from .writing.workbook import build

__all__ = ["refresh"]


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
        What was read: the plan written and every problem found in `source` (sheet, cell).

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
    return result
