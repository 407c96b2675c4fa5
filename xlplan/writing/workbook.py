"""Write a plan as a formula-driven workbook (xlsxwriter), following the layout spec.

Every formula is stored with the result xlplan computes for it (`calc`), so viewers and tools that
do not recalculate still show the right numbers. User text is always written as text, never as a
formula. The same plan and as-of date give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell_fast
from xlsxwriter.worksheet import (
    CellBlankTuple,
    CellBooleanTuple,
    CellDatetimeTuple,
    CellNumberTuple,
    CellStringTuple,
    Worksheet,
    _utf16_len,
    _utf16_truncate,
)

from .._version import __version__
from ..errors import PlanValidationError, Problem, ProblemCode
from ..layout import cached as calc
from ..layout import dashboard as dash
from ..layout import formulas as f
from ..layout import names
from ..layout.cached import Cell
from ..layout.formulas import quote
from ..layout.labels import (
    CHARTS,
    CHOICE_LISTS,
    DASHBOARD,
    ENVELOPE_KINDS,
    GUIDE,
    GUIDE_SHEETS,
    MONTHS,
    NO_LABEL,
    TIMELINE_LEGEND,
    TOTAL,
    VALIDATIONS,
    WEEK,
    choice_label,
    choice_labels,
    quarterly,
)
from ..layout.spec import (
    FIRST_ROW,
    FORMAT_NAME,
    GUIDE_META,
    HEADER_ROW,
    META_SHEET,
    SHEET_ORDER,
    SHEETS,
    SUBTITLE_ROW,
    TITLE_ROW,
    TOTAL_ROW,
    WORKBOOK_SCHEMA_VERSION,
    Refs,
    SheetSpec,
    capacities,
    col_letter,
    sheet_name,
)
from ..layout.values import CellValue, get_field, to_cell
from ..model import rules
from ..model.enums import QUARTERS, Lang, Status
from ..model.plan import Plan
from ..output import atomic_output
from . import styles

_TOTAL_TYPES = ("money", "variance")
_DATE_TYPES = ("date",)


class _Sheet(Worksheet):  # type: ignore[misc]
    """A worksheet with a fast path for the rows of xlplan's tables.

    For each formula, xlsxwriter's `write_formula` runs some 30 regular expressions (``_xlfn.``
    prefixes, dynamic arrays) that xlplan's plain formulas never need, and `close()` escapes it
    again with a regular expression. Here each column's formula is XML-escaped once, as a
    template for every row (`template`); a table row is stored at once in xlsxwriter's own cell
    table (`put_row`), and `_write_cell` emits those cells without escaping them again.
    `tests/test_workbook.py` checks that the bytes are those of plain xlsxwriter writing the
    same cells with its public methods. This relies on xlsxwriter's internals: setup.cfg pins
    its version range.
    """

    # --- cells, as xlsxwriter's write_* methods would store them ------------------------
    def template(self, formula: str) -> Callable[[int], str]:
        """A formula written for row `_ROW`, as the XML text of any row."""
        text = _escape(formula.removeprefix("="))
        return lambda row: text.replace(_ROW_TEXT, str(row))

    def formula(self, text: str, fmt: Any, value: Cell) -> Any:
        """A formula cell of `template`'s text with its cached result (a number or text)."""
        return Formula(text, fmt, value)

    def value(self, value: CellValue, fmt: Any) -> Any:
        """A cell showing a value by its Python type; text always as a string."""
        if value is None:
            return CellBlankTuple(fmt)
        if isinstance(value, str):
            if len(value) > self.xls_strmax // 2 and _utf16_len(value) > self.xls_strmax:
                value = _utf16_truncate(value, self.xls_strmax)
            return CellStringTuple(self.str_table._get_shared_string_index(value), fmt)
        if isinstance(value, bool):
            return CellBooleanTuple(int(value), fmt)
        if isinstance(value, int | float):
            if not math.isfinite(value):
                raise TypeError(f"cannot write {value} in a cell (as xlsxwriter's write_number)")
            return CellNumberTuple(value, fmt)
        return CellDatetimeTuple(self._convert_date_time(value), fmt)

    def put_row(self, row: int, col: int, cells: list[Any]) -> None:
        """Store `cells` in row `row` from column `col` on, like one write_* call each."""
        self._check_dimensions(row, col)
        self._check_dimensions(row, col + len(cells) - 1)
        self.table[row].update(enumerate(cells, col))

    def _write_cell(self, row: int, col: int, cell: Any) -> None:
        kind, fmt = cell.__class__, cell.format
        if fmt is None or kind not in _FAST_CELLS:
            super()._write_cell(row, col, cell)
            return
        tag = f'<c r="{xl_rowcol_to_cell_fast(row, col)}" s="{fmt._get_xf_index()}"'
        if kind is Formula:
            value = cell.value
            if isinstance(value, str) and value:
                tag += ' t="e"' if value in _ERRORS else ' t="str"'
                value = _escape(value)
            self.fh.write(f"{tag}><f>{cell.formula}</f><v>{value}</v></c>")
        elif kind is CellStringTuple:
            self.fh.write(f'{tag} t="s"><v>{cell.string}</v></c>')
        elif kind is CellBlankTuple:
            self.fh.write(f"{tag}/>")
        else:
            self.fh.write(f"{tag}><v>{cell.number:.16G}</v></c>")


class Formula(NamedTuple):
    """A formula cell of `_Sheet`, its text XML-escaped already. Named like xlsxwriter's own
    formula cell, so that chart caches read its `value`."""

    formula: str
    format: Any
    value: Cell


_FAST_CELLS = {Formula, CellStringTuple, CellBlankTuple, CellNumberTuple, CellDatetimeTuple}
_ERRORS = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"}
_ROW = 1048577  # a row number no formula can contain (Excel has 1 048 576 rows)
_ROW_TEXT = str(_ROW)


def _escape(text: str) -> str:
    """XML-escape text as xlsxwriter does for a formula or its cached value."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _r0(row: int) -> int:
    """1-based Excel row → 0-based xlsxwriter row."""
    return row - 1


class _Writer:
    def __init__(self, plan: Plan, path: Path, lang: Lang, as_of: dt.date | None) -> None:
        self.plan = plan
        self.lang = lang
        self.frozen = as_of is not None
        self.as_of = as_of or dt.date.today()
        self.wb = xlsxwriter.Workbook(
            str(path),
            {
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "use_future_functions": False,
            },
        )
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
        self.st = styles.Styles(self.wb, plan.currency, lang)
        self.caps = capacities(
            len(plan.actions), len(plan.objectives), len(plan.kpis), len(plan.owners)
        )
        self.extras = _extra_keys(plan)
        self.elapsed = rules.elapsed_share(plan, self.as_of)
        self.ws: dict[str, Any] = {}

    # --- helpers ------------------------------------------------------------------------
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
        ws.write_string(_r0(TITLE_ROW), 0, sheet_name(key, self.lang), self.st.title())
        ws.set_row(_r0(TITLE_ROW), 24)
        if subtitle:
            ws.write_string(_r0(SUBTITLE_ROW), 0, subtitle, self.st.subtitle())
        ws.hide_gridlines(2)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        ws.set_footer(f"&L{self.plan.name}&C&A&R&P / &N")

    # --- table sheets -------------------------------------------------------------------
    def table(
        self, spec: SheetSpec, items: Sequence[Any], values: Any, extra_cols: Sequence[str] = ()
    ) -> Any:
        """Write a table sheet: header, one row per item, then empty rows up to capacity."""
        ws = self.wb.add_worksheet(spec.name(self.lang), _Sheet)
        self.ws[spec.key] = ws
        self.frame(ws, spec.key, spec.intro(self.lang))
        lang, refs = self.lang, Refs(self.lang, self.caps, spec)
        cap = self.caps[spec.capacity]
        header = _r0(HEADER_ROW)
        columns = list(spec.columns)
        for c, col in enumerate(columns):
            ws.write_string(header, c, col.label(self.lang), self.st.header())
            ws.set_column(c, c, col.width)
        for j, name in enumerate(extra_cols, len(columns)):
            ws.write_string(header, j, name, self.st.header())
            ws.set_column(j, j, max(12, min(30, len(name) + 2)))
        ws.set_row(header, 30)
        formats = [self.st.cell(col.type, is_input=col.is_input) for col in columns]
        templates = [
            ws.template(col.formula(refs, _ROW)) if col.formula else None for col in columns
        ]
        fields = [attrgetter(col.field) if col.field else None for col in columns]
        money_cols = [c for c, col in enumerate(columns) if col.type in _TOTAL_TYPES]
        wrapped = [col for col in columns if col.type == "longtext"] or columns[:1]
        extra_fmt = self.st.cell("text", is_input=True)
        extra_date = self.st.cell("date", is_input=True)
        totals = dict.fromkeys(money_cols, 0.0)
        free: list[CellValue] = ["" if col.formula else None for col in columns]
        for i in range(cap):
            row = _r0(FIRST_ROW) + i
            excel_row = FIRST_ROW + i
            item = items[i] if i < len(items) else None
            if item is None:
                row_values = free
            else:
                computed = values(item)
                row_values = [
                    computed.get(col.key, "") if get is None else to_cell(col, get(item), lang)
                    for col, get in zip(columns, fields, strict=True)
                ]
                for c in money_cols:
                    value = row_values[c]
                    if isinstance(value, int | float):
                        totals[c] += value
            cells = [
                ws.value(v, fmt) if template is None else ws.formula(template(excel_row), fmt, v)
                for template, fmt, v in zip(templates, formats, row_values, strict=True)
            ]
            for name in extra_cols:
                extra = item.extra.get(name) if item is not None else None
                is_date = isinstance(extra, dt.date)
                cells.append(ws.value(extra, extra_date if is_date else extra_fmt))
            ws.put_row(row, 0, cells)
            if item is not None and spec.key == "plan":
                lines = max(_lines(get_field(item, c.field), c.width) for c in wrapped)
                if lines > 1:
                    ws.set_row(row, 13 * lines + 2)
        last = FIRST_ROW + cap - 1
        if money_cols:
            ws.write_string(_r0(TOTAL_ROW), 1, TOTAL(self.lang), self.st.total())
            for c in money_cols:
                letter = col_letter(c)
                ws.write_formula(
                    _r0(TOTAL_ROW),
                    c,
                    f"=SUM({letter}{FIRST_ROW}:{letter}{last})",
                    self.st.total(columns[c].type),
                    totals[c],
                )
        width = len(columns) + len(extra_cols)
        ws.autofilter(header, 0, _r0(last), width - 1)
        ws.freeze_panes(_r0(FIRST_ROW), spec.freeze_col)
        ws.repeat_rows(header)
        ws.print_area(0, 0, _r0(FIRST_ROW) + max(len(items), 1) - 1, width - 1)
        self.validations(ws, spec, refs)
        return ws

    def validations(self, ws: Any, spec: SheetSpec, refs: Refs) -> None:
        first, last = _r0(FIRST_ROW), _r0(refs.last_row(spec.key))
        fy_start, fy_end = self.plan.fiscal_year_start, self.plan.fiscal_year_end
        lang = self.lang
        for c, col in enumerate(spec.columns):
            if not col.is_input:
                continue
            rule: dict[str, Any] | None = None
            if col.type in ("money", "variance"):
                rule = {
                    "validate": "decimal",
                    "criteria": ">=",
                    "value": 0,
                    "error_title": VALIDATIONS["amount_title"](lang),
                    "error_message": VALIDATIONS["amount_message"](lang),
                }
            elif col.type == "percent":
                rule = {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1}
            elif col.type == "date" and spec.key == "plan":
                rule = {
                    "validate": "date",
                    "criteria": "between",
                    "minimum": fy_start,
                    "maximum": fy_end,
                    "error_type": "warning",
                    "error_title": VALIDATIONS["date_title"](lang),
                    "error_message": VALIDATIONS["date_message"].fill(
                        lang, start=fy_start, end=fy_end
                    ),
                }
            elif col.type == "date":
                rule = {"validate": "date", "criteria": ">=", "value": dt.date(2000, 1, 1)}
            elif col.type == "choice":
                rule = {"validate": "list", "source": f"=xl_{col.choices}"}
            elif col.type in ("ref", "refs") and col.choices:
                rule = {
                    "validate": "list",
                    "source": f"={col.choices}",
                    "error_type": "warning" if col.type == "refs" else "stop",
                }
            if rule is None:
                continue
            if col.note.fr:
                rule["input_message"] = col.note(lang)[:255]
            ws.data_validation(first, c, last, c, rule)

    # --- sheets -------------------------------------------------------------------------
    def guide(self) -> None:
        ws = self.wb.add_worksheet(sheet_name("guide", self.lang))
        self.ws["guide"] = ws
        lang = self.lang
        p = self.plan
        self.frame(ws, "guide", "")
        ws.write_string(0, 0, GUIDE["title"].fill(lang, name=p.name), self.st.title())
        if p.business:
            ws.write_string(1, 0, p.business, self.st.subtitle())
        ws.set_column(0, 0, 30)
        ws.set_column(1, 1, 62)
        ws.set_column(2, 2, 3)
        ws.set_column(3, 7, 16)
        row = 3
        ws.write_string(row, 0, GUIDE["sheets"](lang), self.st.section())
        ws.write_blank(row, 1, None, self.st.section())
        for key in SHEET_ORDER[1:]:
            row += 1
            name = sheet_name(key, self.lang)
            ws.write_url(
                row,
                0,
                f"internal:{quote(name)}!A1",
                self.st.plain(font_color=styles.BLUE, underline=1),
                string=name,
            )
            ws.write_string(row, 1, GUIDE_SHEETS[key](self.lang), self.st.plain(text_wrap=True))
        row += 2
        ws.write_string(row, 0, GUIDE["legend"](lang), self.st.section())
        ws.write_blank(row, 1, None, self.st.section())
        row += 1
        ws.write_string(row, 0, GUIDE["input"](lang), self.st.cell("text", is_input=True))
        ws.write_string(row, 1, GUIDE["input_note"](lang), self.st.plain())
        row += 1
        ws.write_string(row, 0, GUIDE["computed"](lang), self.st.cell("text", is_input=False))
        ws.write_string(row, 1, GUIDE["computed_note"](lang), self.st.plain())
        row += 1
        ws.write_string(row, 0, GUIDE["adding"](lang), self.st.label())
        ws.write_string(
            row,
            1,
            GUIDE["adding_note"].fill(lang, rows=self.caps["actions"]),
            self.st.plain(text_wrap=True),
        )
        ws.set_row(row, 28)
        row += 2
        ws.write_string(row, 0, GUIDE["plan"](lang), self.st.section())
        ws.write_blank(row, 1, None, self.st.section())
        env = p.envelope
        money = self.st.cell("money", is_input=True)
        text_in = self.st.cell("longtext", is_input=True)
        values: dict[str, tuple[Any, Any]] = {
            "business": (p.business or None, text_in),
            "plan_name": (p.name, text_in),
            "mission": (p.mission or None, text_in),
            "fy_start": (p.fiscal_year_start, self.st.cell("date", is_input=True)),
            "currency": (p.currency, text_in),
            "envelope_kind": (ENVELOPE_KINDS[env.kind](lang), text_in),
            "revenue": (
                None if env.revenue_forecast is None else float(env.revenue_forecast),
                money,
            ),
            "envelope_pct": (
                None if env.percent_of_revenue is None else float(env.percent_of_revenue / 100),
                self.st.cell("percent", is_input=True),
            ),
            "max_overrun": (p.checks.max_overrun, text_in),
            "warn_at": (_joined(p.checks.warn_at), text_in),
            "fail_on": (_joined(p.checks.fail_on), text_in),
        }
        cells: dict[str, str] = {}
        for key, label in GUIDE_META:
            row += 1
            cells[key] = f"$B${row + 1}"
            ws.write_string(row, 0, label(self.lang), self.st.label())
            if key == "fy_end":
                ws.write_formula(
                    row,
                    1,
                    "=EDATE(xl_fy_start,12)-1",
                    self.st.cell("date", is_input=False),
                    calc.serial(p.fiscal_year_end),
                )
            elif key == "envelope":
                if env.kind == "percent":
                    ws.write_formula(
                        row,
                        1,
                        f"={cells['revenue']}*{cells['envelope_pct']}",
                        self.st.cell("money", is_input=False),
                        float(env.total or 0),
                    )
                else:
                    total = env.total
                    self.write_value(ws, row, 1, None if total is None else float(total), money)
            else:
                value, fmt = values[key]
                self.write_value(ws, row, 1, value, fmt)
                if _lines(value, 62) > 1:
                    ws.set_row(row, 13 * _lines(value, 62) + 2)
        self.wb.define_name("xl_fy_start", f"={quote(ws.name)}!{cells['fy_start']}")
        self.wb.define_name("xl_fy_end", f"={quote(ws.name)}!{cells['fy_end']}")
        self.wb.define_name("xl_envelope", f"={quote(ws.name)}!{cells['envelope']}")
        # Lists behind the dropdowns: on this visible sheet (hidden sources break elsewhere).
        lists_row = 3
        ws.write_string(lists_row, 3, GUIDE["lists"](lang), self.st.section())
        for j in range(4, 8):
            ws.write_blank(lists_row, j, None, self.st.section())
        for j, (kind, title) in enumerate(CHOICE_LISTS.items()):
            col = 3 + j
            labels = choice_labels(kind, self.lang)
            ws.write_string(lists_row + 1, col, title(lang), self.st.label())
            for k, text in enumerate(labels):
                ws.write_string(lists_row + 2 + k, col, text, self.st.cell("text", is_input=False))
            ref = (
                f"=${col_letter(col)}${lists_row + 3}:"
                f"${col_letter(col)}${lists_row + 2 + len(labels)}"
            )
            self.wb.define_name(f"xl_{kind}", f"={quote(ws.name)}!{ref[1:]}")
        ws.activate()

    def timeline(self) -> None:
        spec = SHEETS["timeline"]
        ws = self.table(spec, self.plan.actions, lambda a: calc.timeline_row(a, self.lang))
        periods = rules.periods(self.plan)
        first_col = len(spec.columns)
        weeks = self.plan.timeline == "weeks"
        start_fmt = self.st.get(
            num_format="dd/mm" if self.lang == "fr" else "mm-dd",
            font_size=7,
            font_color="#7F7F7F",
            align="center",
        )
        for k, (first, last) in enumerate(periods):
            c = first_col + k
            letter = col_letter(c)
            if weeks:
                start_f = f"=xl_fy_start+{7 * k}"
                end_f = f"={letter}{SUBTITLE_ROW}+6"
                label = WEEK.fill(self.lang, n=k + 1)
            else:
                start_f = f"=EDATE(xl_fy_start,{k})"
                end_f = f"=EDATE(xl_fy_start,{k + 1})-1"
                label = MONTHS[first.month - 1](self.lang)
            ws.write_formula(_r0(SUBTITLE_ROW), c, start_f, start_fmt, calc.serial(first))
            ws.write_formula(_r0(TOTAL_ROW), c, end_f, start_fmt, calc.serial(last))
            ws.write_string(_r0(HEADER_ROW), c, label, self.st.header())
            ws.set_column(c, c, 3.2 if weeks else 5.5)
        gantt = self.st.get(num_format=";;;", border=1, border_color="#E3E6EA")
        refs = Refs(self.lang, self.caps, spec)
        s, e = refs.c("start", _ROW), refs.c("end", _ROW)
        bars = [
            ws.template(
                f'=IF(OR({s}="",{e}=""),"",IF(AND({s}<={letter}${TOTAL_ROW},'
                f'{e}>={letter}${SUBTITLE_ROW}),1,""))'
            )
            for letter in (col_letter(first_col + k) for k in range(len(periods)))
        ]
        for i in range(self.caps["actions"]):
            r = FIRST_ROW + i
            action = self.plan.actions[i] if i < len(self.plan.actions) else None
            cells = [
                ws.formula(
                    bar(r), gantt, 1 if action is not None and rules.active(action, *period) else ""
                )
                for bar, period in zip(bars, periods, strict=True)
            ]
            ws.put_row(_r0(r), first_col, cells)
        last_row = _r0(refs.last_row("timeline"))
        area = (_r0(FIRST_ROW), first_col, last_row, first_col + len(periods) - 1)
        tl = col_letter(first_col) + str(FIRST_ROW)
        st_col, rec_col, end_col = (
            f"${refs.letter('timeline', k)}{FIRST_ROW}" for k in ("status", "recurrence", "end")
        )
        done = f'"{choice_label("status", Status.DONE, self.lang)}"'
        cancelled = f'"{choice_label("status", Status.CANCELLED, self.lang)}"'

        def rule(criteria: str, color: str) -> None:
            ws.conditional_format(
                *area,
                {
                    "type": "formula",
                    "criteria": criteria,
                    "format": self.st.conditional(bg_color=color),
                    "stop_if_true": True,
                },
            )

        late_cells = {"end": end_col, "status": st_col}
        rule(f"=AND({tl}=1,{f.late_conditions(late_cells.__getitem__, self.lang)})", styles.LATE)
        rule(f"=AND({tl}=1,{st_col}={done})", styles.DONE)
        rule(f"=AND({tl}=1,{st_col}={cancelled})", styles.CANCELLED)
        rule(
            f'=AND({tl}=1,{rec_col}="{choice_label("recurrence", "continuous", self.lang)}")',
            styles.TEAL,
        )
        rule(
            f'=AND({tl}=1,{rec_col}="{choice_label("recurrence", "recurring", self.lang)}")',
            styles.LIGHT_BLUE,
        )
        rule(f"={tl}=1", styles.BLUE)
        top = col_letter(first_col)
        rule(f"=AND({top}${SUBTITLE_ROW}<=xl_asof,{top}${TOTAL_ROW}>=xl_asof)", styles.TODAY)
        legend = [
            (styles.BLUE, TIMELINE_LEGEND["one_off"]),
            (styles.LIGHT_BLUE, TIMELINE_LEGEND["recurring"]),
            (styles.TEAL, TIMELINE_LEGEND["continuous"]),
            (styles.DONE, TIMELINE_LEGEND["done"]),
            (styles.LATE, TIMELINE_LEGEND["late"]),
            (styles.TODAY, TIMELINE_LEGEND["today"]),
        ]
        span = 4 if weeks else 2
        for k, (color, text) in enumerate(legend):
            c = first_col + span * k
            dark = color in (styles.BLUE, styles.TEAL, styles.LATE)
            ws.merge_range(
                0,
                c,
                0,
                c + span - 1,
                text(self.lang),
                self.st.get(
                    bg_color=color,
                    font_size=8,
                    align="center",
                    valign="vcenter",
                    font_color="#FFFFFF" if dark else "#1F1F1F",
                    border=1,
                    border_color="#FFFFFF",
                ),
            )
        ws.print_area(
            0, 0, _r0(FIRST_ROW) + max(len(self.plan.actions), 1) - 1, first_col + len(periods) - 1
        )
        ws.autofilter(_r0(HEADER_ROW), 0, last_row, first_col - 1)

    def dashboard(self) -> None:
        ws = self.wb.add_worksheet(sheet_name("dashboard", self.lang))
        self.ws["dashboard"] = ws
        lang = self.lang
        d = calc.dashboard(self.plan, self.as_of)
        refs = Refs(lang, self.caps)
        self.frame(ws, "dashboard", f"{self.plan.name} — {self.plan.business}".strip(" —"))
        for first, last, width in dash.COLUMN_WIDTHS:
            ws.set_column(first, last, width)
        money = self.st.cell("money", is_input=False)
        signed = self.st.cell("variance", is_input=False)
        pct = self.st.cell("percent", is_input=False)
        count = self.st.cell("int", is_input=False)
        sheet = quote(ws.name)

        def label(key: str) -> None:
            ws.write_string(
                _r0(dash.row(key)), dash.LABEL_COL, DASHBOARD[key](lang), self.st.label()
            )

        def put(key: str, formula: str, fmt: Any, value: Cell, col: int = dash.VALUE_COL) -> None:
            ws.write_formula(_r0(dash.row(key)), col, formula, fmt, value)

        def section(block: dash.Block) -> None:
            ws.write_string(
                _r0(block.top), dash.LABEL_COL, DASHBOARD[block.title](lang), self.st.section()
            )
            for c in range(dash.VALUE_COL, block.last_col + 1):
                ws.write_blank(_r0(block.top), c, None, self.st.section())

        _head, quarters, envelope, alerts = dash.BLOCKS
        # The as-of date and the share of the year elapsed on it.
        label("as_of")
        as_of_fmt = self.st.cell("date", is_input=True)
        if self.frozen:
            ws.write_datetime(_r0(dash.row("as_of")), dash.VALUE_COL, self.as_of, as_of_fmt)
        else:
            put("as_of", f.TODAY, as_of_fmt, calc.serial(self.as_of))
        ws.write_string(
            _r0(dash.row("as_of")),
            dash.NOTE_COL,
            DASHBOARD["as_of_note"](lang),
            self.st.plain(italic=True, font_color="#7F7F7F"),
        )
        self.wb.define_name(names.AS_OF, f"={sheet}!{dash.cell('as_of', absolute=True)}")
        label("elapsed")
        put("elapsed", f.ELAPSED, pct, d.elapsed)
        self.wb.define_name(names.ELAPSED, f"={sheet}!{dash.cell('elapsed', absolute=True)}")
        # The quarter table: planned from the action plan itself (rows inserted anywhere
        # count), actual and variance from the budget tracking sheet where the team types it.
        section(quarters)
        header = _r0(quarters.header_row)
        ws.write_blank(header, dash.LABEL_COL, None, self.st.header())
        qlabels = [quarterly(NO_LABEL, n)(lang) for n in range(1, 5)]
        for c, text in zip(
            (*dash.QUARTER_COLS, dash.TOTAL_COL), [*qlabels, TOTAL(lang)], strict=True
        ):
            ws.write_string(header, c, text, self.st.header())
        planned_total, actual_total = d.planned_total, d.actual_total
        planned = [*d.planned, planned_total]
        actual = [*d.actual, actual_total]
        variance = [*d.variance, sum(d.variance)]
        sources = {"planned": ("plan", "budget"), "actual": ("budget", "actual")}
        for key, nums in (("planned", planned), ("actual", actual)):
            label(key)
            sheet_key, prefix = sources[key]
            for q, c in enumerate(dash.QUARTER_COLS):
                put(key, f.total(refs.rng(sheet_key, f"{prefix}_{QUARTERS[q]}")), money, nums[q], c)
            put(key, f.total(dash.span(key).replace("$", "")), money, nums[4], dash.TOTAL_COL)
        label("variance")
        label("consumed")
        for q, c in enumerate((*dash.QUARTER_COLS, dash.TOTAL_COL)):
            if c == dash.TOTAL_COL:
                formula = f.total(dash.span("variance").replace("$", ""))
            else:
                formula = f.total(refs.rng("budget", f"variance_{QUARTERS[q]}"))
            put("variance", formula, signed, variance[q], c)
            consumed = "" if planned[q] == 0 else actual[q] / planned[q]
            put(
                "consumed",
                f.share(dash.cell("actual", c), dash.cell("planned", c)),
                pct,
                consumed,
                c,
            )
        # The envelope block.
        env = d.envelope
        section(envelope)
        remaining = (planned_total if env is None else env) - actual_total
        if env is None:
            env_consumed: Cell = "" if planned_total == 0 else actual_total / planned_total
        else:
            env_consumed = "" if env == 0 else actual_total / env
        e, p, a = (dash.cell(k) for k in ("envelope", "planned_total", "actual_total"))
        block: list[tuple[str, str, Any, Cell]] = [
            ("envelope", f.ENVELOPE, money, "" if env is None else env),
            ("planned_total", f.copy(dash.cell("planned", dash.TOTAL_COL)), money, planned_total),
            (
                "planned_share",
                f.share(p, e, blank_whole=True),
                pct,
                "" if not env else planned_total / env,
            ),
            ("actual_total", f.copy(dash.cell("actual", dash.TOTAL_COL)), money, actual_total),
            ("remaining", f.remaining(e, p, a), signed, remaining),
            ("envelope_consumed", f.envelope_consumed(e, p, a), pct, env_consumed),
        ]
        for key, formula, fmt, value in block:
            label(key)
            put(key, formula, fmt, value)
        # Alerts.
        section(alerts)
        behind = choice_label("kpi_status", "behind", lang)
        for key, formula, value in (
            (
                "overruns",
                f.overrun_count([refs.rng("budget", f"variance_{q}") for q in QUARTERS]),
                d.overruns,
            ),
            ("late", f.late_count(lambda k: refs.rng("plan", k), lang), d.late),
            ("kpis_behind", f.label_count(refs.rng("kpis", "status"), behind), d.kpis_behind),
        ):
            label(key)
            put(key, formula, count, value)
        red = self.st.conditional(bg_color=styles.RED, font_color=styles.RED_TEXT)
        green = self.st.conditional(bg_color=styles.GREEN, font_color=styles.GREEN_TEXT)
        first_alert, last_alert = _r0(dash.row(alerts.rows[0])), _r0(dash.row(alerts.rows[-1]))
        for criteria, fmt in ((">", red), ("==", green)):
            ws.conditional_format(
                first_alert,
                dash.VALUE_COL,
                last_alert,
                dash.VALUE_COL,
                {"type": "cell", "criteria": criteria, "value": 0, "format": fmt},
            )
        for key, last_col, criteria, limit in (
            ("consumed", dash.TOTAL_COL, ">", 1),
            ("envelope_consumed", dash.VALUE_COL, ">", 1),
            ("remaining", dash.VALUE_COL, "<", 0),
        ):
            r = _r0(dash.row(key))
            ws.conditional_format(
                r,
                dash.VALUE_COL,
                r,
                last_col,
                {"type": "cell", "criteria": criteria, "value": limit, "format": red},
            )
        self.charts(ws)
        ws.print_area(*dash.PRINT_AREA)

    def charts(self, ws: Any) -> None:
        lang = self.lang
        sheet = quote(ws.name)
        chart = self.wb.add_chart({"type": "column"})
        for key, color in (("planned", styles.LIGHT_BLUE), ("actual", styles.NAVY)):
            chart.add_series(
                {
                    "name": DASHBOARD[key](lang),
                    "categories": f"={sheet}!{dash.header_span()}",
                    "values": f"={sheet}!{dash.span(key)}",
                    "fill": {"color": color},
                    "gap": 80,
                }
            )
        self._chart_style(chart, CHARTS["quarters"](lang))
        chart.set_y_axis(
            {
                "num_format": "#,##0",
                "num_font": {"size": 8},
                "major_gridlines": {"visible": True, "line": {"color": "#E3E6EA"}},
            }
        )
        self._insert_chart(ws, "quarters", chart)

        def rows(key: str) -> tuple[int, int]:
            n = max(len(getattr(self.plan, key)), 1)
            return FIRST_ROW, FIRST_ROW + n - 1

        obj = quote(SHEETS["objectives"].name(lang))
        first, last = rows("objectives")
        spec = SHEETS["objectives"]
        names_col = col_letter(spec.index("title"))
        bar = self.wb.add_chart({"type": "bar"})
        for key, color in (("planned", styles.LIGHT_BLUE), ("actual", styles.NAVY)):
            letter = col_letter(spec.index(key))
            bar.add_series(
                {
                    "name": spec.column(key).label(lang),
                    "categories": f"={obj}!${names_col}${first}:${names_col}${last}",
                    "values": f"={obj}!${letter}${first}:${letter}${last}",
                    "fill": {"color": color},
                    "gap": 60,
                }
            )
        self._chart_style(bar, CHARTS["objectives"](lang))
        bar.set_y_axis({"reverse": True, "num_font": {"size": 8}})
        bar.set_x_axis({"num_format": "#,##0", "num_font": {"size": 8, "rotation": 0}})
        self._insert_chart(ws, "objectives", bar)

        kpis = SHEETS["kpis"]
        kpi = quote(kpis.name(lang))
        first, last = rows("kpis")
        att, kpi_names = col_letter(kpis.index("attainment")), col_letter(kpis.index("name"))
        kbar = self.wb.add_chart({"type": "bar"})
        kbar.add_series(
            {
                "name": CHARTS["kpis"](lang),
                "categories": f"={kpi}!${kpi_names}${first}:${kpi_names}${last}",
                "values": f"={kpi}!${att}${first}:${att}${last}",
                "fill": {"color": styles.TEAL},
                "gap": 60,
            }
        )
        self._chart_style(kbar, CHARTS["kpis"](lang))
        kbar.set_y_axis({"reverse": True, "num_font": {"size": 8}})
        kbar.set_x_axis({"num_format": "0%", "min": 0})
        kbar.set_legend({"none": True})
        self._insert_chart(ws, "kpis", kbar)

    def _insert_chart(self, ws: Any, key: str, chart: Any) -> None:
        x_scale, y_scale = dash.CHART_SCALES[key]
        ws.insert_chart(*dash.CHARTS[key], chart, {"x_scale": x_scale, "y_scale": y_scale})

    def _chart_style(self, chart: Any, title: str) -> None:
        chart.set_title(
            {"name": title, "name_font": {"size": 11, "bold": True, "color": styles.NAVY}}
        )
        chart.set_legend({"position": "bottom", "font": {"size": 9}})
        chart.set_chartarea({"border": {"none": True}})

    def meta(self) -> None:
        ws = self.wb.add_worksheet(META_SHEET)
        rows: list[tuple[str, CellValue]] = [
            ("format", FORMAT_NAME),
            ("schema_version", WORKBOOK_SCHEMA_VERSION),
            ("xlplan_version", __version__),
            ("plan_id", self.plan.id),
            ("plan_schema_version", self.plan.schema_version),
            ("language", self.lang),
            ("timeline", self.plan.timeline),
            ("capacity_actions", self.caps["actions"]),
            ("capacity_objectives", self.caps["objectives"]),
            ("capacity_kpis", self.caps["kpis"]),
            ("capacity_owners", self.caps["owners"]),
            ("extra_columns", len(self.extras)),
        ]
        for r, (key, value) in enumerate(rows):
            ws.write_string(r, 0, key)
            self.write_value(ws, r, 1, value, None)
        ws.hide()

    def conditional_formats(self) -> None:
        lang = self.lang
        red = self.st.conditional(bg_color=styles.RED, font_color=styles.RED_TEXT)
        amber = self.st.conditional(bg_color=styles.AMBER, font_color=styles.AMBER_TEXT)
        green = self.st.conditional(bg_color=styles.GREEN, font_color=styles.GREEN_TEXT)
        grey = self.st.conditional(font_color="#7F7F7F")
        # Plan: late end dates in red; done and cancelled rows greyed.
        plan = SHEETS["plan"]
        refs = Refs(lang, self.caps, plan)
        last = _r0(refs.last_row("plan"))
        done = choice_label("status", Status.DONE, lang)
        cancelled = choice_label("status", Status.CANCELLED, lang)
        end, status = refs.c("end", FIRST_ROW), refs.c("status", FIRST_ROW)
        ws = self.ws["plan"]
        c = plan.index("end")
        ws.conditional_format(
            _r0(FIRST_ROW),
            c,
            last,
            c,
            {
                "type": "formula",
                "format": red,
                "criteria": f'=AND({end}<>"",'
                f"{f.late_conditions({'end': end, 'status': status}.__getitem__, lang)})",
            },
        )
        c = plan.index("status")
        for label, fmt in ((done, green), (cancelled, grey)):
            ws.conditional_format(
                _r0(FIRST_ROW),
                c,
                last,
                c,
                {"type": "cell", "criteria": "==", "value": f'"{label}"', "format": fmt},
            )
        ws.conditional_format(
            _r0(FIRST_ROW),
            c,
            last,
            c,
            {
                "type": "cell",
                "criteria": "==",
                "value": f'"{choice_label("status", Status.IN_PROGRESS, lang)}"',
                "format": amber,
            },
        )
        c = plan.index("progress")
        ws.conditional_format(
            _r0(FIRST_ROW),
            c,
            last,
            c,
            {
                "type": "data_bar",
                "bar_color": styles.LIGHT_BLUE,
                "bar_solid": True,
                "min_type": "num",
                "min_value": 0,
                "max_type": "num",
                "max_value": 1,
            },
        )
        # Budget tracking: overruns red, % consumed as data bars.
        budget = SHEETS["budget"]
        ws = self.ws["budget"]
        for q in ("q1", "q2", "q3", "q4", "total"):
            c = budget.index(f"variance_{q}")
            ws.conditional_format(
                _r0(FIRST_ROW),
                c,
                last,
                c,
                {"type": "cell", "criteria": ">", "value": 0, "format": red},
            )
        c = budget.index("consumed")
        ws.conditional_format(
            _r0(FIRST_ROW),
            c,
            last,
            c,
            {
                "type": "data_bar",
                "bar_color": styles.LIGHT_BLUE,
                "bar_solid": True,
                "min_type": "num",
                "min_value": 0,
                "max_type": "num",
                "max_value": 1,
            },
        )
        ws.conditional_format(
            _r0(FIRST_ROW), c, last, c, {"type": "cell", "criteria": ">", "value": 1, "format": red}
        )
        # KPIs: status colours.
        kpis = SHEETS["kpis"]
        ws = self.ws["kpis"]
        klast = _r0(Refs(lang, self.caps).last_row("kpis"))
        c = kpis.index("status")
        for key, fmt in (("achieved", green), ("on_track", amber), ("behind", red)):
            ws.conditional_format(
                _r0(FIRST_ROW),
                c,
                klast,
                c,
                {
                    "type": "cell",
                    "criteria": "==",
                    "value": f'"{choice_label("kpi_status", key, lang)}"',
                    "format": fmt,
                },
            )
        c = kpis.index("attainment")
        ws.conditional_format(
            _r0(FIRST_ROW),
            c,
            klast,
            c,
            {
                "type": "data_bar",
                "bar_color": styles.TEAL,
                "bar_solid": True,
                "min_type": "num",
                "min_value": 0,
                "max_type": "num",
                "max_value": 1,
            },
        )

    def defined_lists(self) -> None:
        refs = Refs(self.lang, self.caps)
        self.wb.define_name("xl_objectives", f"={refs.rng('objectives', 'id')}")
        self.wb.define_name("xl_kpis", f"={refs.rng('kpis', 'id')}")
        self.wb.define_name("xl_owners", f"={refs.rng('owners', 'name')}")

    def write(self) -> None:
        p, lang = self.plan, self.lang
        self.guide()
        self.table(SHEETS["plan"], p.actions, calc.plan_row, self.extras)
        by_objective = calc.group_rows(p.actions, "objective")
        self.table(SHEETS["objectives"], p.objectives, lambda o: by_objective(o.id))
        self.table(SHEETS["kpis"], p.kpis, lambda k: calc.kpi_row(k, self.elapsed, lang))
        self.table(SHEETS["budget"], p.actions, lambda a: calc.budget_row(a, lang))
        by_owner = calc.group_rows(p.actions, "owner")
        self.table(SHEETS["owners"], p.owners, lambda o: by_owner(o.name))
        self.timeline()
        self.dashboard()
        self.meta()
        self.defined_lists()
        self.conditional_formats()
        self.wb.close()


def _joined(values: Sequence[object] | None) -> str | None:
    """``[80, 90]`` → ``"80, 90"``; None stays None (an empty cell)."""
    return None if values is None else ", ".join(str(v) for v in values)


def _lines(text: object, width: float, most: int = 4) -> int:
    """How many wrapped lines a text needs in a column `width` characters wide (at most 4)."""
    if not isinstance(text, str) or not text:
        return 1
    per_line = max(1, int(width * 1.15))
    return min(most, sum(-(-max(len(part), 1) // per_line) for part in text.splitlines()))


def _extra_keys(plan: Plan) -> list[str]:
    """User columns beyond the layout, in order of first appearance.

    Raises:
        PlanValidationError: a column's name is one of the layout's own headers (in either
            language, ignoring case and accents), which a re-import could not tell apart.
    """
    from ..reading.parse import normalize_header

    taken = {normalize_header(label) for c in SHEETS["plan"].columns for label in (c.fr, c.en)}
    seen: dict[str, None] = {}
    for i, action in enumerate(plan.actions):
        for key in action.extra:
            if normalize_header(key) in taken or not normalize_header(key):
                raise PlanValidationError(
                    [
                        Problem(
                            "error",
                            f"extra column {key!r} has the name of one of the action "
                            "plan's own columns; rename it",
                            path=f"actions[{i}].extra",
                            code=ProblemCode.EXTRA_COLUMN_TAKEN,
                        )
                    ]
                )
            seen.setdefault(key, None)
    return list(seen)


def build(
    plan: Plan,
    path: str | Path,
    *,
    lang: Lang | None = None,
    as_of: dt.date | None = None,
    force: bool = False,
) -> Path:
    """Write the plan as an xlplan workbook.

    Args:
        plan: the plan to write.
        path: the ``.xlsx`` file to create.
        lang: "fr" or "en"; defaults to the plan's language.
        as_of: freezes the dashboard's as-of date (late actions, KPI status, the timeline's
            today marker) to this date. Without it the workbook keeps ``=TODAY()`` and stays
            live; its cached results are computed for today.
        force: replace `path` if it exists.

    Returns:
        The path written.

    Raises:
        OutputExistsError: `path` exists and `force` is false.
    """
    path = Path(path)
    with atomic_output(path, force=force) as tmp:
        _Writer(plan, tmp, lang or plan.language, as_of).write()
    return path
