"""The table sheets (action plan, objectives, KPIs, budget tracking, owners): header, one row
per item and free rows up to the capacity, totals, data validations and conditional formats.

Rows go through the worksheet's `put_row` (the fast path of `xlsx.fastwrite`); every computed
cell is stored with its cached result (`layout.cached`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from ..layout import formulas as f
from ..layout import names
from ..layout.labels import TOTAL, VALIDATIONS, choice_label
from ..layout.labels_dashboard import OVERRUNS
from ..layout.spec import (
    FIRST_ROW,
    HEADER_ROW,
    SHEETS,
    TOTAL_ROW,
    Refs,
    SheetSpec,
    col_letter,
)
from ..layout.values import CellValue, get_field, to_cell
from ..model.enums import QUARTERS, Status
from ..xlsx.fastwrite import ROW as _ROW
from . import styles
from .common import BookWriter, lines, r0, typed_rule

_TOTAL_TYPES = ("money", "variance")


def table(
    w: BookWriter,
    spec: SheetSpec,
    items: Sequence[Any],
    values: Any,
    extra_cols: Sequence[str] = (),
) -> Any:
    """Write a table sheet: header, one row per item, then empty rows up to capacity.

    Args:
        w: the workbook being written.
        spec: the table's spec.
        items: the model objects, one per row.
        values: the cached results of an item's computed cells, by column key.
        extra_cols: the action plan's extra columns (after the layout's).

    Returns:
        The worksheet (a `BookWriter.sheet_class`).
    """
    ws = w.wb.add_worksheet(spec.name(w.lang), w.sheet_class)
    w.ws[spec.key] = ws
    w.frame(ws, spec.key, spec.intro(w.lang))
    lang, refs = w.lang, Refs(w.lang, w.caps, spec)
    cap = w.caps[spec.capacity]
    header = r0(HEADER_ROW)
    columns = list(spec.shown(w.team_columns))
    for c, col in enumerate(columns):
        ws.write_string(header, c, col.label(w.lang), w.st.header())
        ws.set_column(c, c, col.width)
    for j, name in enumerate(extra_cols, len(columns)):
        ws.write_string(header, j, name, w.st.header())
        ws.set_column(j, j, max(12, min(30, len(name) + 2)))
    ws.set_row(header, 30)
    formats = [w.st.cell(col.type, is_input=col.is_input) for col in columns]
    templates = [ws.template(col.formula(refs, _ROW)) if col.formula else None for col in columns]
    fields = [attrgetter(col.field) if col.field else None for col in columns]
    money_cols = [c for c, col in enumerate(columns) if col.type in _TOTAL_TYPES]
    # (the input columns that wrap: a view's long texts shrink on one line instead)
    wrapped = [col for col in columns if col.type == "longtext" and col.is_input]
    extra_fmt = w.st.cell("text", is_input=True)
    extra_date = w.st.cell("date", is_input=True)
    totals = dict.fromkeys(money_cols, 0.0)
    free: list[CellValue] = ["" if col.formula else None for col in columns]
    for i in range(cap):
        row = r0(FIRST_ROW) + i
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
        if item is not None and wrapped:
            # Wrapped text gets the height it needs (the views' rows keep one line).
            height = max(lines(get_field(item, c.field or c.key), c.width) for c in wrapped)
            if height > 1:
                ws.set_row(row, 13 * height + 2)
    last = FIRST_ROW + cap - 1
    if money_cols:
        # Totals over whole columns from the header row on (rows inserted anywhere count); a
        # row total's total adds up its input columns, never the row totals themselves.
        ws.write_string(r0(TOTAL_ROW), 1, TOTAL(w.lang), w.st.total())
        for c in money_cols:
            col = columns[c]
            first_key, last_key = col.sums or (col.key, col.key)
            ws.write_formula(
                r0(TOTAL_ROW),
                c,
                f.total(refs.block(spec.key, first_key, last_key, local=True)),
                w.st.total(col.type),
                totals[c],
            )
    width = len(columns) + len(extra_cols)
    ws.autofilter(header, 0, r0(last), width - 1)
    ws.freeze_panes(r0(FIRST_ROW), spec.freeze_col)
    ws.repeat_rows(header)
    ws.print_area(0, 0, r0(last), width - 1)  # every prepared row: rows typed later print too
    validations(w, ws, spec, refs)
    return ws


def validations(w: BookWriter, ws: Any, spec: SheetSpec, refs: Refs) -> None:
    """The data validations of a table sheet's input columns, over its prepared rows: amounts,
    dates, percentages and numbers refuse text, with an input and an error message.

    Args:
        w: the workbook being written.
        ws: the table's worksheet.
        spec: the table's spec.
        refs: the workbook's references.
    """
    first, last = r0(FIRST_ROW), r0(refs.last_row(spec.key))
    fy_start, fy_end = w.plan.fiscal_year_start, w.plan.fiscal_year_end
    lang = w.lang
    for c, col in enumerate(spec.shown(w.team_columns)):
        if not col.is_input:
            continue
        rule = typed_rule(col.type, lang)
        if col.type == "date" and spec.key == "plan":
            rule["input_message"] = VALIDATIONS["date_prompt_year"].fill(
                lang, start=fy_start, end=fy_end
            )
        elif col.type == "choice":
            rule = {"validate": "list", "source": f"={names.choice_list(col.choices)}"}
        elif col.type in ("ref", "refs") and col.choices:
            rule = {
                "validate": "list",
                "source": f"={col.choices}",
                "error_type": "warning" if col.type == "refs" else "stop",
            }
        if not rule:
            continue
        if col.note.fr:
            rule["input_message"] = col.note(lang)
        if "input_message" in rule:
            rule["input_message"] = rule["input_message"][:255]
        ws.data_validation(first, c, last, c, rule)


def conditional_formats(w: BookWriter) -> None:
    """The table sheets' conditional formats: late and finished actions on the action plan,
    overruns and consumption on budget tracking, KPI status and attainment.

    Args:
        w: the workbook being written, its table sheets written already.
    """
    lang = w.lang
    red = w.st.conditional(bg_color=styles.RED, font_color=styles.RED_TEXT)
    amber = w.st.conditional(bg_color=styles.AMBER, font_color=styles.AMBER_TEXT)
    green = w.st.conditional(bg_color=styles.GREEN, font_color=styles.GREEN_TEXT)
    grey = w.st.conditional(font_color="#7F7F7F")
    # Plan: late end dates in red; done and cancelled rows greyed.
    plan = SHEETS["plan"]
    refs = Refs(lang, w.caps, plan)
    last = r0(refs.last_row("plan"))
    done = choice_label("status", Status.DONE, lang)
    cancelled = choice_label("status", Status.CANCELLED, lang)
    end, status = refs.c("end", FIRST_ROW), refs.c("status", FIRST_ROW)
    ws = w.ws["plan"]
    c = plan.index("end")
    ws.conditional_format(
        r0(FIRST_ROW),
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
            r0(FIRST_ROW),
            c,
            last,
            c,
            {"type": "cell", "criteria": "==", "value": f'"{label}"', "format": fmt},
        )
    ws.conditional_format(
        r0(FIRST_ROW),
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
        r0(FIRST_ROW),
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
    # Duplicate IDs in red, wherever an ID is typed.
    for key in ("plan", "objectives", "kpis"):
        spec = SHEETS[key]
        c = spec.index("id")
        ws = w.ws[key]
        ws.conditional_format(
            r0(FIRST_ROW),
            c,
            r0(refs.last_row(key)),
            c,
            {
                "type": "formula",
                "format": red,
                "criteria": f.duplicate(
                    f"${col_letter(c)}{FIRST_ROW}", refs.block(key, "id", "id", local=True)
                ),
            },
        )
    # Overruns in red wherever actual spend stands beside its plan; under-spends stay neutral.
    overruns(w, red)
    budget = SHEETS["budget"]
    ws = w.ws["budget"]
    c = budget.index("consumed")
    ws.conditional_format(
        r0(FIRST_ROW),
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
    consumed = f"{col_letter(c)}{FIRST_ROW}"
    ws.conditional_format(
        r0(FIRST_ROW),
        c,
        last,
        c,
        {"type": "formula", "criteria": f.above(consumed, "1"), "format": red},
    )
    # KPIs: status colours.
    kpis = SHEETS["kpis"]
    ws = w.ws["kpis"]
    klast = r0(Refs(lang, w.caps).last_row("kpis"))
    c = kpis.index("status")
    for key, fmt in (("achieved", green), ("on_track", amber), ("behind", red)):
        ws.conditional_format(
            r0(FIRST_ROW),
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
        r0(FIRST_ROW),
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


def overruns(w: BookWriter, red: Any) -> None:
    """Overruns in red, under-spends neutral, with their legend: on the action plan an actual
    above its quarter's budget (and the actual total above the budget total), on budget
    tracking a positive variance, on the objectives and owners the spend above the planned
    budget. The legend stands on row 1 above the columns it explains.

    Args:
        w: the workbook being written, its table sheets written already.
        red: the conditional format of an overrun.
    """
    refs = Refs(w.lang, w.caps)
    pairs = {
        "plan": [(f"actual_{q}", f"budget_{q}") for q in QUARTERS]
        + [("actual_total", "budget_total")],
        "budget": [(f"variance_{q}", "") for q in (*QUARTERS, "total")],
        "objectives": [("actual", "planned")],
        "owners": [("actual", "planned")],
    }
    for key, columns in pairs.items():
        spec, ws = SHEETS[key], w.ws[key]
        last = r0(refs.last_row(key))
        for spent, planned in columns:
            c = spec.index(spent)
            cell = f"{col_letter(c)}{FIRST_ROW}"
            limit = f"N(${col_letter(spec.index(planned))}{FIRST_ROW})" if planned else "0"
            ws.conditional_format(
                r0(FIRST_ROW),
                c,
                last,
                c,
                {"type": "formula", "criteria": f.above(cell, limit), "format": red},
            )
    sample = {"font_size": 8, "align": "center", "valign": "vcenter", "border": 1}
    under = w.st.get(bg_color=styles.COMPUTED_FILL, border_color=styles.BORDER, **sample)
    over = w.st.get(
        bg_color=styles.RED, font_color=styles.RED_TEXT, border_color=styles.BORDER, **sample
    )
    plan, budget = SHEETS["plan"], SHEETS["budget"]
    w.ws["plan"].merge_range(
        0, plan.index("actual_q1"), 0, plan.index("actual_total"), OVERRUNS["overrun"](w.lang), over
    )
    ws = w.ws["budget"]
    ws.merge_range(
        0,
        budget.index("variance_q1"),
        0,
        budget.index("variance_q2"),
        OVERRUNS["overrun"](w.lang),
        over,
    )
    ws.merge_range(
        0,
        budget.index("variance_q3"),
        0,
        budget.index("variance_total"),
        OVERRUNS["under"](w.lang),
        under,
    )
