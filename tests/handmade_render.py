"""Test helper: a random plan written as a hand-made plan table, in a layout drawn by hypothesis
(issue #17: "generate tables in any of these layouts from a random plan, read them back, get the
plan").

`cases()` draws a `Layout` and a `Plan` that fits it (plain titles from a word list, owners
from `strategies.names`, amounts with cents — whole thousands when the layout says k€ —, French
or English); `render(plan, layout, folder)` writes the plan as a person would lay it out and
returns the path and the actions in the order of the rows. The layout's choices are those
README's "Layouts recognised" describes:

- one or two header rows (a group word *Budget prévu / Réalisé*, *Planned / Actual* merged over
  its columns or typed once at their left; the other names on the upper or the lower row);
- quarters (``Budget T1``, ``Q1 budget``, ``T1``) or the twelve months of the fiscal year, in
  fiscal order from a drawn start month (``janv.``, ``janvier``, ``Jan-25``, date cells shown
  ``mmm-yy``, ``M1``), each quarter's budget split into its three months;
- objectives as an *Objectif* column (one or two per action) or as section rows
  (``Objectif 2 — …``, every action under one); owners as a *Responsable* column or as section
  rows (``Responsable : …``, every action under one), merged across or not;
- a *Total* row or none, a title row or none, amounts as numbers or as text (``1 250,00 €``),
  in euros or in thousands (``(k€)`` in the headers);
- written with openpyxl, with xlsxwriter, or as an Excel table (``add_table``, one header row,
  its totals row as the Total row);
- a KPI list on a sheet of its own (name, baseline, target) or none.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from render_sheets import Sheet, write_openpyxl, write_xlsxwriter
from strategies import names
from strategies import text as any_text

import xlplan
from xlplan.model.plan import Action, Plan
from xlplan.reading.handmade_values import fold

__all__ = ["Layout", "cases", "render"]

D = Decimal


def _list(text: str, sep: str = " ") -> list[str]:
    return text.split(sep)


FR_SHORT = _list("janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.")
FR_FULL = _list(
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
)
EN_SHORT = _list("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec")
EN_FULL = _list(
    "January February March April May June July August September October November December"
)

# Plain words for action titles, objectives and KPIs: none is a header, section or total word.
_WORDS = {
    "fr": _list(
        "Vidéo Newsletter Salon Brochure Boutique Campagne Formation Webinaire Catalogue "
        "Podcast Affiches Flyers Site Blog Jeu-concours Parrainage Atelier Publicité "
        "Stand Relance Soirée Partenariat Tournée Dégustation Emailing Refonte"
    ),
    "en": _list(
        "Video Newsletter Fair Brochure Shop Campaign Training Webinar Catalogue Podcast "
        "Posters Flyers Website Blog Contest Referral Workshop Advert Booth Reminder Evening "
        "Partnership Tour Tasting Emailing Redesign"
    ),
}
_QUALIFIERS = {
    "fr": _list("de printemps|régionale|en ligne|des clients|d'été|locale|nationale|vidéo", "|"),
    "en": _list("spring|regional|online|customer|summer|local|national|video", "|"),
}
_GOALS = {
    "fr": _list(
        "Développer la notoriété|Fidéliser les clients|Ouvrir les canaux de distribution|"
        "Acquérir de nouveaux clients|Récolter 5 000 € de dons|Lancer la gamme été",
        "|",
    ),
    "en": _list(
        "Grow brand awareness|Retain our customers|Open new sales channels|"
        "Win new customers|Raise 5,000 € in pledges|Launch the summer range",
        "|",
    ),
}
_KPI_NAMES = {
    "fr": _list("Taux de clics|Nouveaux clients|Panier moyen|Taux d'ouverture|Abonnés", "|"),
    "en": _list("Click rate|New customers|Average basket|Open rate|Subscribers", "|"),
}
# The words of the money columns, by `Layout.words`: (planned, spent) on a header of one row
# (``{}`` the period) and as group words over a second row.
_ONE_ROW = {
    "fr": [("Budget {}", "Réel {}"), ("Prévu {}", "Dépensé {}"), ("Budget {}", "Réalisé {}")],
    "en": [("{} budget", "Actual {}"), ("Planned {}", "Spent {}"), ("Budget {}", "Actual {}")],
}
_GROUPS = {
    "fr": [("Budget prévu", "Réalisé"), ("Prévu", "Réel"), ("Budget", "Dépensé")],
    "en": [("Planned", "Actual"), ("Budget", "Spent"), ("Planned", "Actual")],
}
_OBJECTIVE_ROWS = {
    "fr": ["Objectif {n} — {title}", "Axe {n} : {title}", "Objectif stratégique {n} : {title}"],
    "en": ["Goal {n}: {title}", "Objective {n} - {title}", "Priority {n}: {title}"],
}
_OWNER_ROWS = {
    "fr": ["Responsable : {}", "Pilote : {}", "Responsable : {}"],
    "en": ["Owner: {}", "Team: {}", "Lead: {}"],
}
_SEPARATORS = ["; ", "\n", ", "]  # two objectives in one cell, by `Layout.words`
_TOTALS = {"fr": ["Total", "TOTAL", "Total général"], "en": ["Total", "TOTAL", "Grand total"]}
_SPACES = [" ", "\u00a0", "\u202f"]  # in text amounts: 1 250,00 €


@dataclass(frozen=True)
class Layout:
    """How a plan is laid out in its table (see the module's docstring)."""

    lang: str  # "fr" or "en"
    header_rows: int  # 1 or 2
    months: str  # "" (quarters), "short", "full", "year", "year4", "date", "fmonth"
    objectives: str  # "column" or "sections"
    owners: str  # "column" or "sections"
    actual: bool  # actual columns written
    total_row: bool
    title_row: bool
    text_amounts: bool
    thousands: bool
    engine: str  # "openpyxl", "xlsxwriter" or "table" (xlsxwriter's add_table)
    merged_groups: bool  # two header rows: the group word merged over its columns
    names_above: bool  # two header rows: Action, Objectif… on the upper row (else the lower)
    unit_on_group: bool  # two header rows and k€: the unit on the group word
    merge_sections: bool  # section labels merged across the table
    blank_zeros: bool  # a planned 0 left blank
    kpi_sheet: bool
    words: int = 0  # which words name the money columns (`_ONE_ROW`, `_GROUPS`)
    subtotals: bool = False  # objective sections: the planned subtotals on their rows
    merge_names: bool = False  # two header rows: Action, Objectif… merged down over both
    total_label: int = 0  # `_TOTALS`
    space: int = 0  # `_SPACES`
    notes: bool = False  # a Commentaire column (the actions' notes)
    total_column: bool = False  # a Total column after the planned ones (their sum, checked)
    blank_rows: bool = False  # a blank row under the title, before each objective and Total
    merge_title: bool = False  # the title merged across the table


@st.composite
def layouts(draw: Any) -> Layout:
    engine = draw(st.sampled_from(["openpyxl", "xlsxwriter", "table"]))
    header_rows = 1 if engine == "table" else draw(st.sampled_from([1, 2]))
    months = draw(st.sampled_from(["", "short", "full", "year", "year4", "fmonth", "date"]))
    if months == "date" and header_rows == 1:  # a date cell alone says no planned or spent
        months = "year"
    return Layout(
        lang=draw(st.sampled_from(["fr", "en"])),
        header_rows=header_rows,
        months=months,
        objectives=draw(st.sampled_from(["column", "sections"])),
        owners=draw(st.sampled_from(["column", "sections"])),
        actual=draw(st.booleans()),
        total_row=draw(st.booleans()),
        title_row=draw(st.booleans()),
        text_amounts=draw(st.booleans()),
        thousands=draw(st.booleans()),
        engine=engine,
        merged_groups=draw(st.booleans()),
        names_above=draw(st.booleans()),
        unit_on_group=draw(st.booleans()) or months == "date",
        merge_sections=engine != "table" and draw(st.booleans()),
        blank_zeros=draw(st.booleans()),
        kpi_sheet=draw(st.booleans()),
        words=draw(st.integers(0, 2)),
        subtotals=draw(st.booleans()),
        merge_names=engine != "table" and draw(st.booleans()),
        total_label=draw(st.integers(0, 2)),
        space=draw(st.integers(0, 2)),
        notes=draw(st.booleans()),
        total_column=draw(st.booleans()),
        blank_rows=draw(st.booleans()),
        merge_title=engine != "table" and draw(st.booleans()),
    )


def _split(draw: Any, total: Decimal, step: Decimal) -> list[Decimal]:
    """`total` split into three months, each a multiple of `step` (a cent, or a thousand)."""
    units = int(total / step)
    a, b = sorted(draw(st.lists(st.integers(0, units), min_size=2, max_size=2)))
    return [D(a) * step, D(b - a) * step, D(units - b) * step]


@st.composite
def cases(draw: Any) -> tuple[Layout, Plan]:
    """A layout and a plan that fits it: every action under an objective and an owner when they
    are section rows; whole thousands when the amounts are in k€."""
    layout = draw(layouts())
    lang = layout.lang
    step = D(1000) if layout.thousands else D("0.01")
    amount = st.integers(0, 10**6 if layout.thousands else 10**11).map(lambda n: D(n) * step)
    # (texts as the reader gives them back: a cell's text is read stripped and in NFC)
    nfc = names.filter(lambda n: unicodedata.normalize("NFC", n) == n)
    owners = draw(st.lists(nfc, min_size=1, max_size=4, unique_by=fold))
    plain_text = any_text.map(lambda t: unicodedata.normalize("NFC", t).strip()).filter(
        lambda t: t != "" and t == unicodedata.normalize("NFC", t)
    )
    goals = draw(
        st.lists(
            st.sampled_from(_GOALS[lang]),
            min_size=1 if layout.objectives == "sections" else 0,
            max_size=4,
            unique=True,
        )
    )
    word, qualifier = st.sampled_from(_WORDS[lang]), st.sampled_from(_QUALIFIERS[lang])
    actions = []
    for _ in range(draw(st.integers(1, 8))):
        planned = draw(st.lists(amount, min_size=4, max_size=4))
        spent = draw(st.lists(st.none() | amount, min_size=4, max_size=4)) if layout.actual else []
        action: dict[str, Any] = {
            "title": f"{draw(word)} {draw(qualifier)}",
            "owner": draw(
                st.sampled_from(owners)
                if layout.owners == "sections"
                else st.none() | st.sampled_from(owners)
            ),
            "objectives": [
                f"O{i + 1}"
                for i in draw(
                    st.lists(
                        st.integers(0, len(goals) - 1),
                        unique=True,
                        min_size=1 if layout.objectives == "sections" else 0,
                        max_size=1 if layout.objectives == "sections" else 2,
                    )
                )
            ]
            if goals
            else [],
            "budget": planned,
            "actual": spent or [None] * 4,
            "notes": draw(st.just("") | plain_text) if layout.notes else "",
        }
        if layout.months:
            action["budget"] = {"months": [m for q in planned for m in _split(draw, q, step)]}
            action["actual"] = {
                "months": [
                    m
                    for q in action["actual"]
                    for m in ([None] * 3 if q is None else _split(draw, q, step))
                ]
            }
        actions.append(action)
    kpis = [
        {
            "name": name,
            "baseline": draw(st.none() | amount),
            "target": draw(st.none() | amount),
        }
        for name in (
            draw(st.lists(st.sampled_from(_KPI_NAMES[lang]), min_size=1, max_size=3, unique=True))
            if layout.kpi_sheet
            else []
        )
    ]
    plan = xlplan.Plan.model_validate(
        {
            "name": "Plan",
            "language": lang,
            "fiscal_year_start": dt.date(
                draw(st.integers(2020, 2030)), draw(st.integers(1, 12)), 1
            ),
            "owners": [{"name": o} for o in owners],
            "objectives": [{"title": g} for g in goals],
            "kpis": kpis,
            "actions": actions,
        }
    )
    return layout, plan


def render(plan: Plan, layout: Layout, folder: Path) -> tuple[Path, list[Action]]:
    """Write `plan` in `layout` into `folder`; returns the workbook's path and the plan's
    actions in the order of their rows."""
    lang = layout.lang
    fr = lang == "fr"
    sheet = Sheet("Plan d'action" if fr else "Action plan")
    row = 1
    if layout.title_row:
        year = plan.fiscal_year_start.year
        sheet.cells[(row, 1)] = f"Plan d'action {year}" if fr else f"Action plan {year}"
        row += 2 if layout.blank_rows else 1  # a blank row under the title, or none
    names = {
        "title": "Action" if fr else "Task",
        "objectives": "Objectif" if fr else "Objective",
        "owner": "Responsable" if fr else "Owner",
        "notes": "Commentaire" if fr else "Comments",
        "total": "Total",
    }
    columns = ["title"]
    columns += ["objectives"] if layout.objectives == "column" else []
    columns += ["owner"] if layout.owners == "column" else []
    columns += ["notes"] if layout.notes else []
    text_width = len(columns)
    periods = _periods(plan, layout)
    # the money columns: (group, period index) in the order of `_amounts`, then "total"
    money = [("budget", p) for p in range(len(periods))]
    money += [("total", 0)] if layout.total_column else []
    money += [("actual", p) for p in range(len(periods))] if layout.actual else []
    width = text_width + len(money)
    sheet.width = width
    unit = " (k€)" if layout.thousands else ""
    at = {key: text_width + 1 + i for i, key in enumerate(money)}
    if layout.title_row and layout.merge_title:
        sheet.merges.append((1, 1, 1, width))
    if layout.header_rows == 1 or layout.engine == "table":
        for c, key in enumerate(columns, start=1):
            sheet.cells[(row, c)] = names[key]
        for (group, p), c in at.items():
            word = (
                names["total"]
                if group == "total"
                else _ONE_ROW[lang][layout.words][group == "actual"].format(periods[p])
            )
            sheet.cells[(row, c)] = word + unit
        header = row
    else:
        upper, lower = row, row + 1
        on_group = layout.thousands and layout.unit_on_group
        lone = [*columns, "total"] if layout.total_column else columns
        for key in lone:
            c = columns.index(key) + 1 if key != "total" else at[("total", 0)]
            above = layout.names_above or layout.merge_names
            sheet.cells[(upper if above else lower, c)] = names[key] + (
                unit if key == "total" else ""
            )
            if layout.merge_names:
                sheet.merges.append((upper, c, lower, c))
        for g, group in enumerate(["budget", "actual"] if layout.actual else ["budget"]):
            start = at[(group, 0)]
            word = _GROUPS[lang][layout.words][g]
            sheet.cells[(upper, start)] = word + (unit if on_group else "")
            if layout.merged_groups:
                sheet.merges.append((upper, start, upper, start + len(periods) - 1))
            for p, label in enumerate(periods):
                if isinstance(label, dt.datetime):
                    sheet.cells[(lower, start + p)] = label
                    sheet.dates.add((lower, start + p))
                else:
                    sheet.cells[(lower, start + p)] = label + ("" if on_group else unit)
        header = lower
    sheet.bold.add(header)
    row = header + 1
    actions: list[Action] = []
    sums = dict.fromkeys(money, D(0))
    for item in _ordered(plan, layout):
        if isinstance(item, tuple):  # a section row, with the actions under it if subtotalled
            label, under = item
            if layout.blank_rows and under is not None and row > header + 1:
                row += 1  # a blank row before each objective
            sheet.cells[(row, 1)] = label
            sheet.bold.add(row)
            subtotals = layout.subtotals and under is not None
            if layout.merge_sections:
                sheet.merges.append((row, 1, row, text_width if subtotals else width))
            if subtotals:
                for key in money:
                    if key[0] != "actual":
                        total = sum((_cells(a, layout)[key] or D(0) for a in under or []), D(0))
                        sheet.cells[(row, at[key])] = _shown(total, layout)
            row += 1
            continue
        actions.append(item)
        sheet.cells[(row, 1)] = item.title
        if item.objectives and "objectives" in columns:
            titles = {o.id: o.title for o in plan.objectives}
            sheet.cells[(row, columns.index("objectives") + 1)] = _SEPARATORS[layout.words].join(
                titles[i] for i in item.objectives
            )
        if item.owner and "owner" in columns:
            sheet.cells[(row, columns.index("owner") + 1)] = item.owner
        if item.notes and "notes" in columns:
            sheet.cells[(row, columns.index("notes") + 1)] = item.notes
        for key, value in _cells(item, layout).items():
            if value is None or (value == 0 and layout.blank_zeros and key[0] == "budget"):
                continue
            sums[key] += value
            sheet.cells[(row, at[key])] = _shown(value, layout)
        row += 1
    if layout.total_row:
        row += 1 if layout.blank_rows and layout.engine != "table" else 0
        label = _TOTALS[lang][layout.total_label]
        sheet.cells[(row, 1)] = "Total" if layout.engine == "table" else label
        for key, value in sums.items():
            sheet.cells[(row, at[key])] = _shown(value, layout)
        sheet.bold.add(row)
    if layout.engine == "table":
        sheet.table = (header, 1, row if layout.total_row else row - 1, width)
        sheet.table_totals = layout.total_row
    path = folder / "plan.xlsx"
    kpis = _kpi_sheet(plan, layout) if layout.kpi_sheet else None
    sheets = [sheet] + ([kpis] if kpis else [])
    (write_openpyxl if layout.engine == "openpyxl" else write_xlsxwriter)(sheets, path)
    return path, actions


def _cells(action: Action, layout: Layout) -> dict[tuple[str, int], Decimal | None]:
    """The action's money cells by (group, period): planned, its total if the layout has a
    Total column, spent — in the layout's unit."""
    planned = _amounts(action.budget, layout)
    found: dict[tuple[str, int], Decimal | None] = {("budget", p): v for p, v in enumerate(planned)}
    if layout.total_column:
        found[("total", 0)] = sum((v or D(0) for v in planned), D(0))
    if layout.actual:
        found |= {("actual", p): v for p, v in enumerate(_amounts(action.actual, layout))}
    return found


def _periods(plan: Plan, layout: Layout) -> list[Any]:
    """The period labels, in fiscal order: quarters, or months as the layout names them."""
    fr = layout.lang == "fr"
    if not layout.months:
        return [f"T{q}" if fr else f"Q{q}" for q in range(1, 5)]
    first = plan.fiscal_year_start
    dates = [
        dt.datetime(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1)
        for i in range(12)
    ]
    short, full = (FR_SHORT, FR_FULL) if fr else (EN_SHORT, EN_FULL)
    if layout.months == "short":
        return [short[d.month - 1] for d in dates]
    if layout.months == "full":
        return [full[d.month - 1] for d in dates]
    if layout.months in ("year", "year4"):
        sep = " " if fr else "-"
        years = [d.year % 100 if layout.months == "year" else d.year for d in dates]
        return [f"{short[d.month - 1]}{sep}{y:02d}" for d, y in zip(dates, years, strict=True)]
    if layout.months == "fmonth":
        return [f"M{i}" for i in range(1, 13)]
    return list(dates)


def _ordered(plan: Plan, layout: Layout) -> list[Action | tuple[str, list[Action] | None]]:
    """The rows: actions, and section labels above them (objectives outside, owners inside),
    an objective's label with the actions under it."""
    lang, words = layout.lang, layout.words
    groups: list[tuple[str | None, list[Action]]] = [(None, list(plan.actions))]
    if layout.objectives == "sections":
        groups = []
        for n, objective in enumerate(plan.objectives, start=1):
            label = _OBJECTIVE_ROWS[lang][words].format(n=n, title=objective.title)
            groups.append((label, [a for a in plan.actions if a.objectives == [objective.id]]))
    rows: list[Action | tuple[str, list[Action] | None]] = []
    for label, under in groups:
        if label:
            rows.append((label, under))
        if layout.owners == "sections":
            for owner in plan.owners:
                mine = [a for a in under if a.owner == owner.name]
                if mine:
                    rows.append((_OWNER_ROWS[lang][words].format(owner.name), None))
                    rows.extend(mine)
        else:
            rows.extend(under)
    return rows


def _amounts(figures: Any, layout: Layout) -> list[Decimal | None]:
    """Planned or spent amounts per period (quarters, or months), in the layout's unit."""
    values = list(figures.months or [None] * 12) if layout.months else figures.values()
    if layout.thousands:
        return [None if v is None else v / 1000 for v in values]
    return values


def _shown(value: Decimal, layout: Layout) -> Any:
    """An amount as the cell holds it: a number, or a text such as ``1 250,00 €``."""
    if not layout.text_amounts:
        return int(value) if value == value.to_integral_value() else float(value)
    text = f"{value:,.2f}"
    if layout.lang == "fr":
        text = text.replace(",", _SPACES[layout.space]).replace(".", ",")
        return text if layout.thousands else f"{text}{_SPACES[layout.space]}€"
    return text if layout.thousands else f"€{text}"


def _kpi_sheet(plan: Plan, layout: Layout) -> Sheet:
    fr = layout.lang == "fr"
    sheet = Sheet("Indicateurs" if fr else "KPIs")
    heads = ["Indicateur", "Valeur de départ", "Cible"] if fr else ["KPI", "Baseline", "Target"]
    for c, head in enumerate(heads, start=1):
        sheet.cells[(1, c)] = head
    for r, kpi in enumerate(plan.kpis, start=2):
        sheet.cells[(r, 1)] = kpi.name
        for c, value in ((2, kpi.baseline), (3, kpi.target)):
            if value is not None:  # (as the amounts are: numbers, or texts without a unit)
                number = replace(layout, thousands=True)
                sheet.cells[(r, c)] = _shown(value, number if layout.text_amounts else layout)
    sheet.width = 3
    return sheet
