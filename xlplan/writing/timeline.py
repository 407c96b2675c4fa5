"""The timeline sheet: the action plan's dates per action, then one column per month (or week)
holding a bar formula per action, coloured by conditional formats; a legend on row 1."""

from __future__ import annotations

from ..layout import cached as calc
from ..layout import formulas as f
from ..layout import names
from ..layout.labels import (
    MONTHS,
    TIMELINE_LEGEND,
    WEEK,
    choice_label,
)
from ..layout.spec import (
    FIRST_ROW,
    HEADER_ROW,
    SHEETS,
    SUBTITLE_ROW,
    TOTAL_ROW,
    Refs,
    col_letter,
)
from ..model import rules
from ..model.enums import Status
from ..xlsx.fastwrite import ROW as _ROW
from . import styles
from .common import BookWriter, r0
from .tables import table


def timeline(w: BookWriter) -> None:
    """Write the timeline sheet: the action columns, a bar column per period, the bars'
    colours (the late-action rule among them) and their legend.

    Args:
        w: the workbook being written.
    """
    spec = SHEETS["timeline"]
    ws = table(w, spec, w.plan.actions, lambda a: calc.timeline_row(a, w.lang))
    periods = rules.periods(w.plan)
    first_col = len(spec.shown(w.team_columns))
    weeks = w.plan.timeline == "weeks"
    start_fmt = w.st.get(
        num_format="dd/mm" if w.lang == "fr" else "mm-dd",
        font_size=7,
        font_color="#7F7F7F",
        align="center",
    )
    for k, (first, last) in enumerate(periods):
        c = first_col + k
        letter = col_letter(c)
        start_f, end_f = f.period_bounds(k, weeks, f"{letter}{SUBTITLE_ROW}")
        label = WEEK.fill(w.lang, n=k + 1) if weeks else MONTHS[first.month - 1](w.lang)
        ws.write_formula(r0(SUBTITLE_ROW), c, start_f, start_fmt, calc.serial(first))
        ws.write_formula(r0(TOTAL_ROW), c, end_f, start_fmt, calc.serial(last))
        ws.write_string(r0(HEADER_ROW), c, label, w.st.header())
        ws.set_column(c, c, 3.2 if weeks else 5.5)
    gantt = w.st.get(num_format=";;;", border=1, border_color="#E3E6EA")
    refs = Refs(w.lang, w.caps, spec)
    s, e = refs.c("start", _ROW), refs.c("end", _ROW)
    bars = [
        ws.template(f.timeline_bar(s, e, f"{letter}${SUBTITLE_ROW}", f"{letter}${TOTAL_ROW}"))
        for letter in (col_letter(first_col + k) for k in range(len(periods)))
    ]
    for i in range(w.caps["actions"]):
        r = FIRST_ROW + i
        action = w.plan.actions[i] if i < len(w.plan.actions) else None
        cells = [
            ws.formula(
                bar(r), gantt, 1 if action is not None and rules.active(action, *period) else ""
            )
            for bar, period in zip(bars, periods, strict=True)
        ]
        ws.put_row(r0(r), first_col, cells)
    last_row = r0(refs.last_row("timeline"))
    area = (r0(FIRST_ROW), first_col, last_row, first_col + len(periods) - 1)
    tl = col_letter(first_col) + str(FIRST_ROW)
    st_col, rec_col, end_col = (
        f"${refs.letter('timeline', k)}{FIRST_ROW}" for k in ("status", "recurrence", "end")
    )
    done = f'"{choice_label("status", Status.DONE, w.lang)}"'
    cancelled = f'"{choice_label("status", Status.CANCELLED, w.lang)}"'

    def rule(criteria: str, color: str) -> None:
        ws.conditional_format(
            *area,
            {
                "type": "formula",
                "criteria": criteria,
                "format": w.st.conditional(bg_color=color),
                "stop_if_true": True,
            },
        )

    late_cells = {"end": end_col, "status": st_col}
    rule(f"=AND({tl}=1,{f.late_conditions(late_cells.__getitem__, w.lang)})", styles.LATE)
    rule(f"=AND({tl}=1,{st_col}={done})", styles.DONE)
    rule(f"=AND({tl}=1,{st_col}={cancelled})", styles.CANCELLED)
    rule(
        f'=AND({tl}=1,{rec_col}="{choice_label("recurrence", "continuous", w.lang)}")',
        styles.TEAL,
    )
    rule(
        f'=AND({tl}=1,{rec_col}="{choice_label("recurrence", "recurring", w.lang)}")',
        styles.LIGHT_BLUE,
    )
    rule(f"={tl}=1", styles.BLUE)
    top = col_letter(first_col)
    as_of = names.AS_OF
    rule(f"=AND({top}${SUBTITLE_ROW}<={as_of},{top}${TOTAL_ROW}>={as_of})", styles.TODAY)
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
            text(w.lang),
            w.st.get(
                bg_color=color,
                font_size=8,
                align="center",
                valign="vcenter",
                font_color="#FFFFFF" if dark else "#1F1F1F",
                border=1,
                border_color="#FFFFFF",
            ),
        )
    ws.print_area(0, 0, last_row, first_col + len(periods) - 1)  # every prepared row
    ws.autofilter(r0(HEADER_ROW), 0, last_row, first_col - 1)
