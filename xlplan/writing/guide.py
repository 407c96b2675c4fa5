"""The guide sheet: what each sheet is for, the colour legend, the plan's settings (with the
defined names formulas use) and the lists behind the dropdowns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..layout import cached as calc
from ..layout import formulas as f
from ..layout import names
from ..layout.formulas import quote
from ..layout.guide import (
    GUIDE_LISTS,
    GUIDE_META,
    GUIDE_NAMES,
    GUIDE_RATES_COL,
    GUIDE_RATES_COLUMNS,
    GUIDE_RATES_NAMES,
    GUIDE_RATES_SPARE,
    guide_rates_top,
)
from ..layout.labels import CHOICE_LISTS, choice_labels
from ..layout.labels_dashboard import OVERRUNS
from ..layout.labels_guide import ENVELOPE_KINDS, GUIDE, GUIDE_RATES, GUIDE_SHEETS
from ..layout.spec import SHEET_ORDER, col_letter, sheet_name
from . import styles
from .common import BookWriter, lines, typed_rule
from .monthly import has_months


def guide(w: BookWriter) -> None:
    """Write the guide sheet and define the names of its settings and dropdown lists.

    Args:
        w: the workbook being written.
    """
    ws = w.wb.add_worksheet(sheet_name("guide", w.lang))
    w.ws["guide"] = ws
    lang = w.lang
    p = w.plan
    w.frame(ws, "guide", "")
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, _TEXT_WIDTH)
    ws.set_column(2, 2, 3)
    ws.set_column(3, 7, 16)
    row = 3
    ws.write_string(row, 0, GUIDE["sheets"](lang), w.st.section())
    ws.write_blank(row, 1, None, w.st.section())
    keys = list(SHEET_ORDER[1:])
    if any(has_months(a) for a in p.actions):
        keys.insert(keys.index("budget") + 1, "monthly")  # (`writing.monthly`)
    for key in keys:
        row += 1
        name = sheet_name(key, w.lang)
        ws.write_url(
            row,
            0,
            f"internal:{quote(name)}!A1",
            w.st.plain(font_color=styles.BLUE, underline=1),
            string=name,
        )
        ws.write_string(row, 1, GUIDE_SHEETS[key](w.lang), w.st.plain(text_wrap=True))
        _fit(ws, row, GUIDE_SHEETS[key](w.lang))
    row += 2
    ws.write_string(row, 0, GUIDE["legend"](lang), w.st.section())
    ws.write_blank(row, 1, None, w.st.section())
    row += 1
    ws.write_string(row, 0, GUIDE["input"](lang), w.st.cell("text", is_input=True))
    ws.write_string(row, 1, GUIDE["input_note"](lang), w.st.plain())
    row += 1
    ws.write_string(row, 0, GUIDE["computed"](lang), w.st.cell("text", is_input=False))
    ws.write_string(row, 1, GUIDE["computed_note"](lang), w.st.plain())
    row += 1
    ws.write_string(
        row,
        0,
        OVERRUNS["overrun"](lang),
        w.st.get(
            bg_color=styles.RED, font_color=styles.RED_TEXT, border=1, border_color=styles.BORDER
        ),
    )
    ws.write_string(row, 1, OVERRUNS["note"](lang), w.st.plain(text_wrap=True))
    _fit(ws, row, OVERRUNS["note"](lang))
    row += 1
    ws.write_string(row, 0, GUIDE["adding"](lang), w.st.label())
    ws.write_string(
        row,
        1,
        GUIDE["adding_note"].fill(lang, rows=w.caps["actions"]),
        w.st.plain(text_wrap=True),
    )
    ws.set_row(row, 28)
    row += 2
    ws.write_string(row, 0, GUIDE["plan"](lang), w.st.section())
    ws.write_blank(row, 1, None, w.st.section())
    env = p.envelope
    money = w.st.cell("money", is_input=True)
    text_in = w.st.cell("longtext", is_input=True)
    values: dict[str, tuple[Any, Any]] = {
        "business": (p.business or None, text_in),
        "plan_name": (p.name, text_in),
        "mission": (p.mission or None, text_in),
        "fy_start": (p.fiscal_year_start, w.st.cell("date", is_input=True)),
        "currency": (p.currency, text_in),
        "envelope_kind": (ENVELOPE_KINDS[env.kind](lang), text_in),
        "revenue": (
            None if env.revenue_forecast is None else float(env.revenue_forecast),
            money,
        ),
        "envelope_pct": (
            None if env.percent_of_revenue is None else float(env.percent_of_revenue / 100),
            w.st.cell("percent", is_input=True),
        ),
        "max_overrun": (p.checks.max_overrun, text_in),
        "warn_at": (_joined(p.checks.warn_at), text_in),
        "fail_on": (_joined(p.checks.fail_on), text_in),
    }
    cells: dict[str, str] = {}
    for key, label in GUIDE_META:
        row += 1
        cells[key] = f"$B${row + 1}"
        ws.write_string(row, 0, label(w.lang), w.st.label())
        if key == "fy_end":
            ws.write_formula(
                row,
                1,
                f.FY_END,
                w.st.cell("date", is_input=False),
                calc.serial(p.fiscal_year_end),
            )
        elif key == "envelope":
            if env.kind == "percent":
                ws.write_formula(
                    row,
                    1,
                    f.envelope_from_revenue(cells["revenue"], cells["envelope_pct"]),
                    w.st.cell("money", is_input=False),
                    float(env.total or 0),
                )
            else:
                total = env.total
                w.write_value(ws, row, 1, None if total is None else float(total), money)
        else:
            value, fmt = values[key]
            w.write_value(ws, row, 1, value, fmt)
        if key in _TYPED and not (key == "envelope" and env.kind == "percent"):
            ws.data_validation(row, 1, row, 1, typed_rule(_TYPED[key], lang))
        if key in values:
            _fit(ws, row, values[key][0])  # (the mission wraps)
    for key, name in GUIDE_NAMES.items():
        w.wb.define_name(name, f"={quote(ws.name)}!{cells[key]}")
    # The title over the sheet follows the plan's and the business's cells as people type them.
    w.title_cells = tuple(f"{quote(ws.name)}!{cells[k]}" for k in ("plan_name", "business"))
    ws.write_formula(0, 0, w.title_formula(), w.st.title(), w.title())
    # Lists behind the dropdowns: on this visible sheet (hidden sources break elsewhere).
    lists_row = 3
    ws.write_string(lists_row, 3, GUIDE["lists"](lang), w.st.section())
    for j in range(4, 8):
        ws.write_blank(lists_row, j, None, w.st.section())
    for j, kind in enumerate(GUIDE_LISTS):
        col = 3 + j
        labels = choice_labels(kind, w.lang)
        ws.write_string(lists_row + 1, col, CHOICE_LISTS[kind](lang), w.st.label())
        for k, text in enumerate(labels):
            ws.write_string(lists_row + 2 + k, col, text, w.st.cell("text", is_input=False))
        ref = (
            f"=${col_letter(col)}${lists_row + 3}:${col_letter(col)}${lists_row + 2 + len(labels)}"
        )
        w.wb.define_name(names.choice_list(kind), f"={quote(ws.name)}!{ref[1:]}")
    if p.rates:
        rates_table(w, ws)
    ws.activate()


def rates_table(w: BookWriter, ws: Any) -> None:
    """A company plan's rates table under the dropdown lists: the plan's currency at 1 first,
    then each rate (`Plan.rates`), with the teams in each currency; its columns get the defined
    names that the dashboard's own-currency figures use (`formulas.team_rate`).

    Args:
        w: the workbook being written (a plan with rates).
        ws: the guide's worksheet.
    """
    lang, p = w.lang, w.plan
    top, first = guide_rates_top(), GUIDE_RATES_COL
    last = first + len(GUIDE_RATES_COLUMNS) - 1
    ws.write_string(top, first, GUIDE["rates"](lang), w.st.section())
    for c in range(first + 1, last + 1):
        ws.write_blank(top, c, None, w.st.section())
    note = w.st.plain(italic=True, font_color="#7F7F7F")
    for k, key in enumerate(("rates_note", "rates_dashboard"), 1):
        ws.write_string(top + k, first, GUIDE[key].fill(lang, currency=p.currency), note)
    header = top + 3
    for c, key in enumerate(GUIDE_RATES_COLUMNS, first):
        ws.write_string(header, c, GUIDE_RATES[key].fill(lang, currency=p.currency), w.st.header())

    def teams(currency: str) -> str:
        return ", ".join(t for t, c in p.team_currencies.items() if c == currency)

    text_in = w.st.cell("text", is_input=True)
    number_in = w.st.cell("number", is_input=True)
    row = header + 1
    ws.write_string(row, first, p.currency, w.st.cell("text", is_input=False))
    ws.write_number(row, first + 1, 1, w.st.cell("number", is_input=False))
    w.write_value(ws, row, first + 2, teams(p.currency) or None, text_in)
    for currency, rate in p.rates.items():
        row += 1
        ws.write_string(row, first, currency, text_in)
        ws.write_number(row, first + 1, float(rate), number_in)
        w.write_value(ws, row, first + 2, teams(currency) or None, text_in)
    for _ in range(GUIDE_RATES_SPARE):
        row += 1
        ws.write_blank(row, first, None, text_in)
        ws.write_blank(row, first + 1, None, number_in)
        ws.write_blank(row, first + 2, None, text_in)
    rates_col = first + GUIDE_RATES_COLUMNS.index("rate")
    ws.data_validation(header + 2, rates_col, row, rates_col, typed_rule("money", lang))
    for c, key in enumerate(GUIDE_RATES_COLUMNS, first):
        letter = col_letter(c)
        ref = f"${letter}${header + 2}:${letter}${row + 1}"
        w.wb.define_name(GUIDE_RATES_NAMES[key], f"={quote(ws.name)}!{ref}")


_TEXT_WIDTH = 62
"""The width of the guide's column B, where its notes and the plan's settings wrap."""


def _fit(ws: Any, row: int, text: object) -> None:
    """Give a row of the guide the height its column B text needs when it wraps."""
    if (needed := lines(text, _TEXT_WIDTH)) > 1:
        ws.set_row(row, 13 * needed + 2)


_TYPED = {"fy_start": "date", "revenue": "money", "envelope_pct": "percent", "envelope": "money"}
"""The guide's settings typed as a date, an amount or a percentage (validated so)."""


def _joined(values: Sequence[object] | None) -> str | None:
    """``[80, 90]`` → ``"80, 90"``; None stays None (an empty cell)."""
    return None if values is None else ", ".join(str(v) for v in values)
