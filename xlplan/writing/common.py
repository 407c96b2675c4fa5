"""What every sheet writer shares: the workbook being written (`BookWriter`) and the frame of a
sheet (title, subtitle, page setup).

A sheet module (`tables`, `guide`, `timeline`, `dashboard`) is a function of a `BookWriter`;
`workbook` creates one and calls them in the workbook's order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter

from .._version import __version__
from ..layout import cached as calc
from ..layout import formulas as f
from ..layout.labels import VALIDATIONS
from ..layout.spec import SUBTITLE_ROW, TITLE_ROW, sheet_name
from ..layout.values import CellValue
from ..model import rules
from ..model.enums import Lang
from ..model.plan import Plan
from ..xlsx.fastwrite import FastSheet, Sheet
from . import styles


def r0(row: int) -> int:
    """1-based Excel row → 0-based xlsxwriter row."""
    return row - 1


@dataclass
class BookWriter:
    """One workbook being written: the plan, its language and dates, the open xlsxwriter
    workbook, the formats, the rows prepared per table and the sheets written so far.

    Args:
        plan: the plan written.
        path: the file xlsxwriter writes on `close`.
        lang: the workbook's language.
        as_of: the frozen as-of date, or None for a live ``=TODAY()``.
        caps: the rows prepared per table (`layout.spec.capacities`).
        extras: the action plan's extra columns, in order.
        sheet_class: the worksheet class of the table sheets (`FastSheet`, or `PlainSheet`
            to write the same cells through xlsxwriter's public methods).
    """

    plan: Plan
    path: Path
    lang: Lang
    as_of_given: dt.date | None
    caps: dict[str, int]
    extras: list[str]
    sheet_class: type[Any] = FastSheet
    ws: dict[str, Any] = field(default_factory=dict)
    title_cells: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        plan = self.plan
        self.frozen = self.as_of_given is not None
        self.as_of = self.as_of_given or dt.date.today()
        self.elapsed = rules.elapsed_share(plan, self.as_of)
        self.teams = rules.teams(plan)  # (a company plan's)
        # The optional Plan / Équipe columns: written when an action or an owner has a team.
        self.team_columns = bool(self.teams) or any(o.team for o in plan.owners)
        self.wb = xlsxwriter.Workbook(
            str(self.path),
            {
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "use_future_functions": False,
                # its temporary parts beside the file: in `output.atomic_output`'s scratch folder
                "tmpdir": str(self.path.parent),
            },
        )
        self.wb.worksheet_class = Sheet  # (every sheet escapes its formulas' text results)
        created = dt.datetime.combine(plan.fiscal_year_start, dt.time())
        self.wb.set_properties(
            {
                "title": plan.name,
                "company": plan.business,
                "created": created,
                "comments": f"xlplan {__version__}",
            }
        )
        self.wb.set_calc_mode("auto")
        self.st = styles.Styles(self.wb, plan.currency, self.lang)

    def title(self) -> str:
        """The workbook's title, composed once from the plan's and the business's names."""
        return calc.plan_title(self.plan.name, self.plan.business)

    def title_formula(self) -> str:
        """The formula of the workbook's title, from the guide's cells (written by the guide)."""
        name, business = self.title_cells
        return f.plan_title(name, business)

    def write_value(self, ws: Any, row: int, col: int, value: CellValue, fmt: Any) -> None:
        """Write a value by its Python type; text always as a string, never a formula."""
        if value is None:
            ws.write_blank(row, col, None, fmt)
        elif isinstance(value, bool):
            ws.write_boolean(row, col, value, fmt)
        elif isinstance(value, int | float):
            ws.write_number(row, col, value, fmt)
        elif isinstance(value, dt.datetime | dt.date):
            ws.write_datetime(row, col, value, fmt)
        else:
            ws.write_string(row, col, str(value), fmt)

    def frame(self, ws: Any, key: str, subtitle: str) -> None:
        """A sheet's title (its name), subtitle and page setup."""
        ws.write_string(r0(TITLE_ROW), 0, sheet_name(key, self.lang), self.st.title())
        ws.set_row(r0(TITLE_ROW), 24)
        if subtitle:
            ws.write_string(r0(SUBTITLE_ROW), 0, subtitle, self.st.subtitle())
        ws.hide_gridlines(2)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        ws.set_footer(f"&L{self.plan.name}&C&A&R&P / &N")


def lines(text: object, width: float, most: int = 4) -> int:
    """How many wrapped lines a text needs in a column `width` characters wide (at most 4)."""
    if not isinstance(text, str) or not text:
        return 1
    per_line = max(1, int(width * 1.15))
    return min(most, sum(-(-max(len(part), 1) // per_line) for part in text.splitlines()))


_VALIDATED = {"money": "amount", "variance": "amount", "date": "date", "percent": "percent"}


def typed_rule(col_type: str, lang: Lang) -> dict[str, Any]:
    """The data validation of an input cell of type `col_type`, refusing text: amounts 0 or
    more, dates, percentages from 0 to 100 %, numbers; {} for the other types.

    Args:
        col_type: the column's type (`layout.spec.ColType`).
        lang: the workbook's language (the messages).

    Returns:
        xlsxwriter's `data_validation` options, with the error and input messages.
    """
    kind = _VALIDATED.get(col_type, "number" if col_type in ("number", "int") else "")
    rule: dict[str, Any]
    if kind == "amount":
        rule = {"validate": "decimal", "criteria": ">=", "value": 0}
        rule["input_message"] = VALIDATIONS["amount_prompt"](lang)
    elif kind == "date":
        rule = {"validate": "date", "criteria": ">=", "value": dt.date(2000, 1, 1)}
        rule["input_message"] = VALIDATIONS["date_prompt"](lang)
    elif kind == "percent":
        rule = {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1}
    elif kind == "number":
        rule = {"validate": "decimal", "criteria": "between", "minimum": -1e300, "maximum": 1e300}
    else:
        return {}
    rule["error_title"] = VALIDATIONS[f"{kind}_title"](lang)
    rule["error_message"] = VALIDATIONS[f"{kind}_message"](lang)
    return rule
