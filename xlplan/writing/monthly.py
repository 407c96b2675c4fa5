"""The monthly budget sheet, for a plan with monthly figures (`layout.spec.MONTHLY`).

One row per action budgeted by month, found by its ID: its planned and actual months, each
quarter followed by its sum. The action plan's quarter cells of those actions show these sums
by ID (`layout.formulas.from_monthly`), so budget tracking, the objectives, owners and the
dashboard keep working off the quarters. A plan without monthly figures gets no such sheet, and
its workbook stays byte for byte what it was.
"""

from __future__ import annotations

from typing import Any

from ..layout import formulas as f
from ..layout.spec import FIRST_ROW, SHEETS, Refs, monthly_spec
from ..layout.values import CellValue, to_cell
from ..model.enums import QUARTERS
from ..model.items import Action
from ..model.months import quarter_sums
from .common import BookWriter, r0
from .tables import table


class _MonthRow:
    """An action's row of the monthly budget: its ID and title, and each month by column key
    (``planned_m1``…, ``actual_m12``), None when not given."""

    def __init__(self, action: Action) -> None:
        self.id, self.title, self.action = action.id, action.title, action
        for kind, months in (("planned", action.budget.months), ("actual", action.actual.months)):
            for m in range(12):
                setattr(self, f"{kind}_m{m + 1}", None if months is None else months[m])


def has_months(action: Action) -> bool:
    """Whether the action's budget or actual spend is given per month."""
    return action.budget.months is not None or action.actual.months is not None


def monthly(w: BookWriter) -> None:
    """The monthly budget sheet and the action plan's quarter cells that show it, when the plan
    has monthly figures (else nothing).

    Args:
        w: the workbook being written, its action plan written already.
    """
    actions = [a for a in w.plan.actions if has_months(a)]
    if not actions:
        return
    spec = monthly_spec(w.plan.fiscal_year_start.month - 1)
    money = spec.column("planned_q1")
    lang = w.lang

    def cached(row: _MonthRow) -> dict[str, CellValue]:
        """The quarter sums of the months shown (blank when none of a quarter's is typed)."""
        out: dict[str, CellValue] = {"title": row.title}
        for kind, months in (
            ("planned", row.action.budget.months),
            ("actual", row.action.actual.months),
        ):
            sums = quarter_sums(months or [None] * 12, blank=True)
            for q, value in zip(QUARTERS, sums, strict=True):
                shown = to_cell(money, value, lang)
                out[f"{kind}_{q}"] = "" if shown is None else shown
        return out

    table(w, spec, [_MonthRow(a) for a in actions], cached)
    _plan_cells(w)


def _plan_cells(w: BookWriter) -> None:
    """The action plan's quarter cells of the actions budgeted by month: the monthly budget's
    quarter sums, by ID, in place of typed amounts."""
    plan = SHEETS["plan"]
    refs, ws, lang = Refs(w.lang, w.caps, plan), w.ws["plan"], w.lang
    fmt = w.st.cell("money", is_input=False)
    money = plan.column("budget_q1")
    for i, action in enumerate(w.plan.actions):
        excel_row = FIRST_ROW + i
        for kind, figures in (("budget", action.budget), ("actual", action.actual)):
            if figures.months is None:
                continue
            values: list[Any] = figures.values()
            for q, value in zip(QUARTERS, values, strict=True):
                key = f"{kind}_{q}"
                shown = to_cell(money, value, lang)
                ws.write_formula(
                    r0(excel_row),
                    plan.index(key),
                    f.from_monthly(key, refs, excel_row),
                    fmt,
                    "" if shown is None else shown,
                )
