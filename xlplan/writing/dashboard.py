"""The dashboard sheet and its charts, laid out by the blocks of `layout.dashboard`."""

from __future__ import annotations

from typing import Any

from ..layout import cached as calc
from ..layout import dashboard as dash
from ..layout import formulas as f
from ..layout import names
from ..layout.cached import Cell
from ..layout.formulas import quote
from ..layout.labels import NO_LABEL, TOTAL, choice_label, quarterly
from ..layout.labels_dashboard import CHARTS, DASHBOARD, OVERRUNS, TEAMS_BLOCK
from ..layout.spec import (
    FIRST_ROW,
    SHEETS,
    SUBTITLE_ROW,
    Refs,
    col_letter,
    sheet_name,
)
from ..model.enums import QUARTERS
from . import styles
from .common import BookWriter, r0, typed_rule


def dashboard(w: BookWriter) -> None:
    """Write the dashboard sheet, define the as-of date's and elapsed share's names, and add
    its charts.

    Args:
        w: the workbook being written, its table sheets written already.
    """
    ws = w.wb.add_worksheet(sheet_name("dashboard", w.lang))
    w.ws["dashboard"] = ws
    lang = w.lang
    d = calc.dashboard(w.plan, w.as_of)
    refs = Refs(lang, w.caps)
    w.frame(ws, "dashboard", "")
    ws.write_formula(r0(SUBTITLE_ROW), 0, w.title_formula(), w.st.subtitle(), w.title())
    for first, last, width in dash.COLUMN_WIDTHS:
        ws.set_column(first, last, width)
    money = w.st.cell("money", is_input=False)
    signed = w.st.cell("variance", is_input=False)
    pct = w.st.cell("percent", is_input=False)
    count = w.st.cell("int", is_input=False)
    sheet = quote(ws.name)

    def label(key: str) -> None:
        ws.write_string(r0(dash.row(key)), dash.LABEL_COL, DASHBOARD[key](lang), w.st.label())

    def put(key: str, formula: str, fmt: Any, value: Cell, col: int = dash.VALUE_COL) -> None:
        ws.write_formula(r0(dash.row(key)), col, formula, fmt, value)

    def section(block: dash.Block) -> None:
        ws.write_string(r0(block.top), dash.LABEL_COL, DASHBOARD[block.title](lang), w.st.section())
        for c in range(dash.VALUE_COL, block.last_col + 1):
            ws.write_blank(r0(block.top), c, None, w.st.section())

    _head, quarters, envelope, alerts = dash.BLOCKS
    # The as-of date and the share of the year elapsed on it.
    label("as_of")
    as_of_fmt = w.st.cell("date", is_input=True)
    if w.frozen:
        ws.write_datetime(r0(dash.row("as_of")), dash.VALUE_COL, w.as_of, as_of_fmt)
    else:
        put("as_of", f.TODAY, as_of_fmt, calc.serial(w.as_of))
    ws.write_string(
        r0(dash.row("as_of")),
        dash.NOTE_COL,
        DASHBOARD["as_of_note"](lang),
        w.st.plain(italic=True, font_color="#7F7F7F"),
    )
    as_of_cell = (r0(dash.row("as_of")), dash.VALUE_COL)
    ws.data_validation(*as_of_cell, *as_of_cell, typed_rule("date", lang))
    w.wb.define_name(names.AS_OF, f"={sheet}!{dash.cell('as_of', absolute=True)}")
    label("elapsed")
    put("elapsed", f.ELAPSED, pct, d.elapsed)
    w.wb.define_name(names.ELAPSED, f"={sheet}!{dash.cell('elapsed', absolute=True)}")
    # The quarter table, from the action plan's input columns over whole columns (rows
    # inserted anywhere count; text typed in an amount cell counts as nothing, never an error).
    section(quarters)
    header = r0(quarters.header_row)
    ws.write_blank(header, dash.LABEL_COL, None, w.st.header())
    qlabels = [quarterly(NO_LABEL, n)(lang) for n in range(1, 5)]
    for c, text in zip((*dash.QUARTER_COLS, dash.TOTAL_COL), [*qlabels, TOTAL(lang)], strict=True):
        ws.write_string(header, c, text, w.st.header())
    planned_total, actual_total = d.planned_total, d.actual_total
    planned = [*d.planned, planned_total]
    actual = [*d.actual, actual_total]
    variance = [*d.variance, sum(d.variance)]
    for key, nums in (("planned", planned), ("actual", actual)):
        label(key)
        prefix = "budget" if key == "planned" else "actual"
        for q, c in enumerate(dash.QUARTER_COLS):
            put(key, f.total(refs.rng("plan", f"{prefix}_{QUARTERS[q]}")), money, nums[q], c)
        put(key, f.total(dash.span(key).replace("$", "")), money, nums[4], dash.TOTAL_COL)
    label("variance")
    label("consumed")
    for q, c in enumerate((*dash.QUARTER_COLS, dash.TOTAL_COL)):
        if c == dash.TOTAL_COL:
            formula = f.total(dash.span("variance").replace("$", ""))
        else:
            formula = f.typed_variance(
                refs.rng("plan", f"actual_{QUARTERS[q]}"), refs.rng("plan", f"budget_{QUARTERS[q]}")
            )
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
        ("remaining", f.remaining(e, p, a), w.st.balance(), remaining),
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
            f.overrun_count(
                refs.block("plan", "actual_q1", "actual_q4"),
                refs.block("plan", "budget_q1", "budget_q4"),
            ),
            d.overruns,
        ),
        ("late", f.late_count(lambda k: refs.rng("plan", k), lang), d.late),
        ("kpis_behind", f.label_count(refs.rng("kpis", "status"), behind), d.kpis_behind),
    ):
        label(key)
        put(key, formula, count, value)
    red = w.st.conditional(bg_color=styles.RED, font_color=styles.RED_TEXT)
    green = w.st.conditional(bg_color=styles.GREEN, font_color=styles.GREEN_TEXT)
    first_alert, last_alert = r0(dash.row(alerts.rows[0])), r0(dash.row(alerts.rows[-1]))
    for criteria, fmt in ((">", red), ("==", green)):
        ws.conditional_format(
            first_alert,
            dash.VALUE_COL,
            last_alert,
            dash.VALUE_COL,
            {"type": "cell", "criteria": criteria, "value": 0, "format": fmt},
        )
    for key, last_col, limit in (
        ("variance", dash.TOTAL_COL, "0"),
        ("consumed", dash.TOTAL_COL, "1"),
        ("envelope_consumed", dash.VALUE_COL, "1"),
    ):
        r = r0(dash.row(key))
        ws.conditional_format(
            r,
            dash.VALUE_COL,
            r,
            last_col,
            {"type": "formula", "criteria": f.above(dash.cell(key), limit), "format": red},
        )
    r = r0(dash.row("remaining"))
    ws.conditional_format(
        r,
        dash.VALUE_COL,
        r,
        dash.VALUE_COL,
        {"type": "cell", "criteria": "<", "value": 0, "format": red},
    )
    ws.write_string(
        r0(dash.LEGEND_ROW),
        dash.LABEL_COL,
        OVERRUNS["dashboard"](lang),
        w.st.plain(italic=True, font_size=8, font_color=styles.RED_TEXT),
    )
    charts(w, ws)
    first, first_col, last, last_col = dash.PRINT_AREA
    if w.teams:
        last = max(last, r0(teams_block(w, ws)))
    ws.print_area(first, first_col, last, last_col)


def teams_block(w: BookWriter, ws: Any) -> int:
    """A company plan's spend-by-team block: per team, its actions, planned budget, actual
    spend, % consumed and late actions, from the action plan's whole columns.

    Args:
        w: the workbook being written (a plan with teams).
        ws: the dashboard's worksheet.

    Returns:
        The block's last 1-based row.
    """
    lang = w.lang
    refs = Refs(lang, w.caps)
    top = r0(dash.TEAMS_TOP)
    keys = dash.TEAMS_COLUMNS
    ws.write_string(top, 0, TEAMS_BLOCK["title"](lang), w.st.section())
    for c in range(1, len(keys)):
        ws.write_blank(top, c, None, w.st.section())
    for c, key in enumerate(keys):
        ws.write_string(top + 1, c, TEAMS_BLOCK[key](lang), w.st.header())
    fmts = {
        "actions": w.st.cell("int", is_input=False),
        "planned": w.st.cell("money", is_input=False),
        "actual": w.st.cell("money", is_input=False),
        "consumed": w.st.cell("percent", is_input=False),
        "late": w.st.cell("int", is_input=False),
    }
    team_rng = refs.rng("plan", "team")
    budget = [refs.rng("plan", f"budget_{q}") for q in QUARTERS]
    actual = [refs.rng("plan", f"actual_{q}") for q in QUARTERS]
    rows = calc.team_rows(w.plan, w.as_of)
    for k, values in enumerate(rows):
        r = dash.teams_row(k)
        me = f.exactly(f"$A{r}")  # (a team is text, not a pattern: A* is not AB)
        col = dash.teams_col
        formulas = {
            "actions": f"=COUNTIFS({team_rng},{me})",
            "planned": f.sum_where(budget, team_rng, me),
            "actual": f.sum_where(actual, team_rng, me),
            "consumed": f.share(
                f"{col_letter(col('actual'))}{r}", f"{col_letter(col('planned'))}{r}"
            ),
            "late": f.late_count(lambda key: refs.rng("plan", key), lang, (team_rng, me)),
        }
        ws.write_string(r0(r), 0, str(values["team"]), w.st.label())
        for key, formula in formulas.items():
            ws.write_formula(r0(r), col(key), formula, fmts[key], values[key])
    if w.plan.rates:
        own_currency_columns(w, ws, rows)
    return dash.teams_row(len(rows) - 1)


def own_currency_columns(w: BookWriter, ws: Any, rows: list[dict[str, Cell]]) -> None:
    """Beside the spend-by-team block of a plan with rates: each team's currency and rate,
    looked up in the guide's rates table, and its planned and actual in that currency (the
    company amounts divided by the rate), so that a rate changed in the guide recalculates them.

    Args:
        w: the workbook being written (a plan with rates).
        ws: the dashboard's worksheet.
        rows: the block's rows as `calc.team_rows` gives them.
    """
    lang, col = w.lang, dash.teams_col
    top = r0(dash.TEAMS_TOP)
    first = dash.TEAMS_RATE_COL
    last = first + len(dash.TEAMS_RATE_COLUMNS) - 1
    for c, width in enumerate(dash.TEAMS_RATE_WIDTHS, first):
        ws.set_column(c, c, width)
    for c in range(first, last + 1):
        ws.write_blank(top, c, None, w.st.section())
    for key in dash.TEAMS_RATE_COLUMNS:
        ws.write_string(top + 1, col(key), TEAMS_BLOCK[key](lang), w.st.header())
    own = w.st.get(  # (an amount in the team's currency: no currency sign)
        num_format="#,##0.00",
        bg_color=styles.COMPUTED_FILL,
        border=1,
        border_color=styles.BORDER,
        font_color="#333333",
    )
    fmts = {
        "currency": w.st.cell("text", is_input=False),
        "rate": w.st.cell("number", is_input=False),
        "planned_own": own,
        "actual_own": own,
    }
    for k, values in enumerate(rows):
        r = dash.teams_row(k)
        rate = f"${col_letter(col('rate'))}{r}"
        found = calc.own_currency(w.plan, str(values["team"]))
        cached: dict[str, Cell] = {
            "currency": "" if found is None else found[0],
            "rate": "" if found is None else found[1],
            "planned_own": "" if not found else float(values["planned"]) / found[1],
            "actual_own": "" if not found else float(values["actual"]) / found[1],
        }
        formulas = {
            "currency": f.team_currency(f"$A{r}"),
            "rate": f.team_rate(f"$A{r}"),
            "planned_own": f.share(f"{col_letter(col('planned'))}{r}", rate, blank_whole=True),
            "actual_own": f.share(f"{col_letter(col('actual'))}{r}", rate, blank_whole=True),
        }
        for key, formula in formulas.items():
            ws.write_formula(r0(r), col(key), formula, fmts[key], cached[key])


def charts(w: BookWriter, ws: Any) -> None:
    """The dashboard's charts: planned and actual per quarter, budget by objective, KPI
    attainment.

    Args:
        w: the workbook being written.
        ws: the dashboard's worksheet.
    """
    lang = w.lang
    sheet = quote(ws.name)
    chart = w.wb.add_chart({"type": "column"})
    for key, color in (("planned", styles.LIGHT_BLUE), ("actual", styles.NAVY)):
        chart.add_series(
            {
                "name": DASHBOARD[key](lang),
                "categories": f"={sheet}!{dash.header_span()}",
                "values": f"={sheet}!{dash.span(key)}",
                "fill": {"color": color},
                "gap": 80,
                "data_labels": _LABELS | {"num_format": _AMOUNT_LABEL},
            }
        )
    _chart_style(chart, CHARTS["quarters"](lang))
    chart.set_y_axis(_VALUE_AXIS)
    _insert_chart(ws, "quarters", chart)

    def rows(key: str) -> tuple[int, int]:
        n = max(len(getattr(w.plan, key)), 1)
        return FIRST_ROW, FIRST_ROW + n - 1

    obj = quote(SHEETS["objectives"].name(lang))
    first, last = rows("objectives")
    spec = SHEETS["objectives"]
    names_col = col_letter(spec.index("title"))
    bar = w.wb.add_chart({"type": "bar"})
    for key, color in (("planned", styles.LIGHT_BLUE), ("actual", styles.NAVY)):
        letter = col_letter(spec.index(key))
        bar.add_series(
            {
                "name": spec.column(key).label(lang),
                "categories": f"={obj}!${names_col}${first}:${names_col}${last}",
                "values": f"={obj}!${letter}${first}:${letter}${last}",
                "fill": {"color": color},
                "gap": 60,
                "data_labels": _LABELS | {"num_format": _AMOUNT_LABEL},
            }
        )
    _chart_style(bar, CHARTS["objectives"](lang))
    bar.set_y_axis({"reverse": True, "num_font": {"size": 8}})
    bar.set_x_axis(_VALUE_AXIS)
    _insert_chart(ws, "objectives", bar)

    kpis = SHEETS["kpis"]
    kpi = quote(kpis.name(lang))
    first, last = rows("kpis")
    att, kpi_names = col_letter(kpis.index("attainment")), col_letter(kpis.index("name"))
    kbar = w.wb.add_chart({"type": "bar"})
    kbar.add_series(
        {
            "name": CHARTS["kpis"](lang),
            "categories": f"={kpi}!${kpi_names}${first}:${kpi_names}${last}",
            "values": f"={kpi}!${att}${first}:${att}${last}",
            "fill": {"color": styles.TEAL},
            "gap": 60,
            "data_labels": _LABELS | {"num_format": "0%;-0%;;"},
        }
    )
    _chart_style(kbar, CHARTS["kpis"](lang))
    kbar.set_y_axis({"reverse": True, "num_font": {"size": 8}})
    kbar.set_x_axis(_VALUE_AXIS)
    kbar.set_legend({"none": True})
    _insert_chart(ws, "kpis", kbar)


_VALUE_AXIS = {"min": 0, "visible": False, "major_gridlines": {"visible": False}}
"""The charts' value axis: from 0, hidden — each bar carries its value — so that a chart with no
figures yet is a clean empty frame, not an axis of 0, 1, 1 or 0 to 1 200 %."""

_LABELS = {"value": True, "position": "outside_end", "font": {"size": 8, "color": "#404040"}}
"""Each bar's value at its end."""

_AMOUNT_LABEL = "#,##0;-#,##0;;"
"""An amount on a bar, nothing for zero (an empty plan's bars show no labels)."""


def _chart_style(chart: Any, title: str) -> None:
    chart.set_title({"name": title, "name_font": {"size": 11, "bold": True, "color": styles.NAVY}})
    chart.set_legend({"position": "bottom", "font": {"size": 9}})
    chart.set_chartarea({"border": {"none": True}})


def _insert_chart(ws: Any, key: str, chart: Any) -> None:
    x_scale, y_scale = dash.CHART_SCALES[key]
    ws.insert_chart(*dash.CHARTS[key], chart, {"x_scale": x_scale, "y_scale": y_scale})
