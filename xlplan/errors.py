"""Exceptions raised by xlplan, and the `Problem` record for findings that are not fatal.

Every exception derives from `XlplanError`; each precise subclass also derives from the built-in
exception it resembles, so callers can catch either. Messages name the file, the place in it
(field path, YAML line, sheet and cell), the value found and what was expected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from .i18n import Message, MessageLang, msg, render

Severity = Literal["error", "warning", "info"]


def place(sheet: str, cell: str) -> str:
    """Where in a workbook: ``Sheet!B4``, or the sheet alone for a problem of a whole sheet."""
    return f"{sheet}!{cell}" if cell else sheet


class ProblemCode(StrEnum):
    """The stable, machine-readable kind of a `Problem`: scripts and tests match these, never
    message text. Listed in the README and in ``docs/report.schema.json``."""

    # The plan itself (plan files, Python objects, or what a workbook holds).
    FIELD_MISSING = "field-missing"  # a required field is absent
    FIELD_UNKNOWN = "field-unknown"  # a key the model does not know (a typo?)
    FIELD_INVALID = "field-invalid"  # a value of the wrong type or out of range
    REFERENCE_UNKNOWN = "reference-unknown"  # an objective, KPI or owner that the plan lacks
    DATE_OUTSIDE_YEAR = "date-outside-year"
    FREQUENCY_MISSING = "frequency-missing"  # a recurring action without a frequency
    TARGET_WRONG_SIDE = "target-wrong-side"  # a KPI target against its direction
    EXTRA_COLUMN_TAKEN = "extra-column-taken"  # an extra column named like one of the layout's
    # Workbooks: where things are.
    SHEET_MISSING = "sheet-missing"
    HEADER_MISSING = "header-missing"  # no header row with the expected columns
    COLUMN_MISSING = "column-missing"
    COLUMN_DUPLICATE = "column-duplicate"
    SECOND_TABLE = "second-table"  # another table, on another sheet or below the one read
    HEADER_REPEATED = "header-repeated"  # the table's header again, over another block of rows
    SHEET_HIDDEN = "sheet-hidden"  # a hidden sheet of a hand-made workbook, not read
    # Workbooks: what a cell holds.
    CELL_UNREADABLE = "cell-unreadable"  # a value that cannot be read exactly as its column's type
    ERROR_VALUE = "error-value"  # #REF!, #VALUE!, #DIV/0!… in a cell
    FORMULA_OVERWRITTEN = "formula-overwritten"  # a computed cell holds a constant
    FORMULA_MISSING = "formula-missing"  # a computed cell left empty (a row inserted by hand)
    FORMULA_NOT_COMPUTED = "formula-not-computed"  # a formula saved without its result
    AMOUNT_AS_TEXT = "amount-as-text"  # a number typed as text: read, but the formulas skip it
    DATE_AS_TEXT = "date-as-text"  # a date typed as text: read, but the formulas see no date
    CACHED_VALUE_STALE = "cached-value-stale"  # a computed cell's stored result is out of date
    ACTUAL_UNLINKED = "actual-unlinked"  # spend typed on a row that belongs to no action
    OWNER_UNLISTED = "owner-unlisted"  # an owner missing from the owners sheet (added)
    KPI_UNLISTED = "kpi-unlisted"  # a KPI missing from a hand-made KPI list (added)
    OWNERS_SEVERAL = "owners-several"  # several owners in one cell (the first is kept)
    ROW_WITHOUT_ACTION = "row-without-action"  # values on a row whose action cell is empty
    ROW_WITHOUT_NAME = "row-without-name"  # values on a KPI or owners list row without a name
    LIST_CELL_IGNORED = "list-cell-ignored"  # a KPI or owners list's cell the plan has no field for
    SECTION_UNRECOGNISED = "section-unrecognised"  # a lone label naming no objective/owner/phase
    SECTION_EMPTY = "section-empty"  # a section row with no action under it
    SECTION_OVERRIDDEN = "section-overridden"  # actions naming their own instead of the section
    SUBTOTAL_MISMATCH = "subtotal-mismatch"  # a section's subtotal differs from its actions' sum
    TOTAL_ROW_VALUE = "total-row-value"  # a value on a total row that is not an amount
    ID_DUPLICATE = "id-duplicate"
    END_BEFORE_START = "end-before-start"
    TOTAL_MISMATCH = "total-mismatch"  # a typed total differs from the sum of its quarters
    TOTAL_UNREADABLE = "total-unreadable"
    TOTAL_WITHOUT_QUARTERS = "total-without-quarters"
    THOUSANDS = "thousands"  # a title says amounts are in thousands, no header does
    MERGED_CELL = "merged-cell"  # a merged range read in a particular way
    NO_ACTIONS = "no-actions"
    CURRENCIES_SEVERAL = "currencies-several"
    FISCAL_YEAR_ASSUMED = "fiscal-year-assumed"
    FISCAL_YEAR_UNREADABLE = "fiscal-year-unreadable"
    UNIT_SCALED = "unit-scaled"  # amounts in thousands or millions (k€, M€), scaled to units
    UNITS_MIXED = "units-mixed"  # money columns with a unit (k€) beside others without one
    SEMESTER_COLUMN = "semester-column"  # a half-year column (S1, H1): quarters or months needed


@dataclass(frozen=True)
class Problem:
    """One finding about a plan or a workbook: where it is and what is wrong.

    Args:
        severity: "error" when the data cannot be used as is, "warning" when it is suspicious,
            "info" when it was read in a particular way worth knowing (amounts in k€ scaled).
        message: a sentence a non-programmer can act on.
        path: field path in the plan model, e.g. ``actions[3].owner``.
        sheet: worksheet name, for workbook problems.
        cell: A1 reference, for workbook problems.
        code: the kind of problem, a stable `ProblemCode` for scripts (keyword only).
        localized: the catalog message `message` is the English text of, for `text` (keyword
            only; `Problem.of` fills both).
        file: the plan file `path` is in, and `line` its line there (keyword only), when the
            problem is about a plan file.
    """

    severity: Severity
    message: str
    path: str = ""
    sheet: str = ""
    cell: str = ""
    code: ProblemCode = field(kw_only=True)
    localized: Message | None = field(default=None, kw_only=True, compare=False, repr=False)
    file: str = field(default="", kw_only=True)
    line: int | None = field(default=None, kw_only=True)

    @classmethod
    def of(
        cls,
        severity: Severity,
        message: str | Message,
        *,
        code: ProblemCode,
        path: str = "",
        sheet: str = "",
        cell: str = "",
    ) -> Problem:
        """A problem whose message is a catalog `Message` (or a plain string, as it is)."""
        localized = message if isinstance(message, Message) else None
        text = render(message)
        return cls(severity, text, path, sheet, cell, code=code, localized=localized)

    def text(self, lang: MessageLang = "en") -> str:
        """The message in `lang` ("fr" or "en"); `message` is the English one."""
        return self.message if self.localized is None else self.localized.text(lang)

    def describe(self, lang: MessageLang = "en") -> str:
        """``where: message`` in `lang` (`str` gives it in English): ``Sheet!B4``, or
        ``plan.yaml: line 7 (actions[0].start)``, or the field path."""
        where = place(self.sheet, self.cell) if self.sheet else self.path
        if not self.sheet and self.line:
            where = render(msg("line {line} ({path})", line=self.line, path=self.path), lang)
        if not self.sheet and self.file:
            where = (
                render(msg("{file}: {where}", file=self.file, where=where), lang)
                if where
                else self.file
            )
        if not where:
            return self.text(lang)
        return render(msg("{where}: {message}", where=where, message=self.text(lang)), lang)

    def __str__(self) -> str:
        return self.describe("en")


class XlplanError(Exception):
    """Base class of every error xlplan raises on purpose. Its message may be a catalog
    `Message` (``str`` gives it in English, `text` in either language)."""

    def text(self, lang: MessageLang = "en") -> str:
        """The error's message in `lang` ("fr" or "en")."""
        if len(self.args) == 1 and isinstance(self.args[0], Message):
            return self.args[0].text(lang)
        return str(self)


class PlanValidationError(XlplanError, ValueError):
    """A plan breaks the model's rules; `problems` lists every breach, not just the first."""

    def __init__(self, problems: list[Problem], source: str = "") -> None:
        self.problems = problems
        self.source = source
        prefix = f"{source}: " if source else ""
        lines = [f"{prefix}{p}" for p in problems]
        super().__init__("\n".join(lines) if lines else f"{prefix}invalid plan")

    def text(self, lang: MessageLang = "en") -> str:
        def line(text: str) -> str:
            return render(msg("{file}: {where}", file=self.source, where=text), lang)

        lines = [p.describe(lang) for p in self.problems] or [render(msg("invalid plan"), lang)]
        return "\n".join(map(line, lines) if self.source else lines)


class PlanFileError(XlplanError, ValueError):
    """A plan file cannot be read: missing, not YAML/JSON, or not a mapping."""


class OutputExistsError(XlplanError, FileExistsError):
    """The output file already exists and overwriting was not asked for."""


class OutputError(XlplanError, OSError):
    """An output file could not be written (disk full, read-only file system, no permission);
    nothing was written."""


class TemplateNotFoundError(XlplanError, LookupError):
    """No starter template has the requested name."""


class WorkbookError(XlplanError, ValueError):
    """The workbook cannot be read as a plan at all."""
