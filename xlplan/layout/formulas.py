"""The workbook's formulas: one builder per formula, and beside it the parser of what the reader
must recognise in it.

A column's builder takes the `References` of one workbook (language, rows prepared) and a data
row, and returns the formula text of that row; the layout spec attaches builders to columns.
Each rule that also exists in Python (`xlplan.model.rules`) is written here once as a formula:
the late-action rule, for instance, is one list of criteria rendered as a condition (conditional
formats) or as COUNTIFS criteria (the dashboard's count).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol

from ..model.enums import QUARTERS, Direction, Lang, Status
from . import names
from .labels import choice_label


class References(Protocol):
    """What a formula builder needs of a workbook: its column references and labels."""

    def c(self, key: str, r: int) -> str:
        """This sheet's column `key` in row `r`, the column pinned: ``$B5``."""
        ...

    def at(self, sheet_key: str, key: str, r: int) -> str:
        """Another sheet's column `key` in row `r`: ``'Plan d''action'!B5``."""
        ...

    def rng(self, sheet_key: str, key: str) -> str:
        """A column's whole range, header row included, absolute, with its sheet."""
        ...

    def block(self, sheet_key: str, first: str, last: str) -> str:
        """The whole range of the columns `first` to `last`, like `rng`."""
        ...

    def nth(self, sheet_key: str, key: str) -> str:
        """The cell of column `key` in the data row of that sheet whose rank is this row's
        rank among this sheet's data rows: ``INDEX(<rng>,ROW()-3)``."""
        ...

    def past_end(self, sheet_key: str) -> str:
        """The condition "this row's rank is past the last row of that sheet's ranges"."""
        ...

    def label(self, kind: str, value: str) -> str:
        """A dropdown value's label in the workbook's language."""
        ...


Formula = Callable[[References, int], str]
"""A column's formula: the text of data row ``r`` (1-based), ``=`` included."""


def quote(sheet: str) -> str:
    """A sheet name as it stands in a formula: always quoted, quotes doubled."""
    return "'" + sheet.replace("'", "''") + "'"


def text(value: str) -> str:
    """A text literal inside a formula: ``"En cours"``, quotes doubled."""
    return '"' + value.replace('"', '""') + '"'


# --- views: a derived sheet's k-th data row shows the action plan's k-th data row -----------
def view(key: str) -> Formula:
    """Show the action plan's column `key` on the row of the same rank, blank when that row has
    no action (no title) or lies past the plan's last row.

    The plan's row is picked with INDEX over the plan's whole column (``ROW()`` gives the rank),
    not by a reference to one cell: rows inserted, deleted, sorted or moved in the action plan
    never leave a reference broken (``#REF!``), and the k-th row shown is always the plan's k-th
    row. The title column tests the end of the plan and the row's title; the others test the
    view's own title cell.
    """

    def formula(x: References, r: int) -> str:
        src = x.nth("plan", key)
        shown = f'IF({src}="","",{src})'
        if key == "title":
            return f'=IF({x.past_end("plan")},"",{shown})'
        return when_used(x, r, shown)

    return formula


def view_first_objective(x: References, r: int) -> str:
    """The main objective of the action shown: the first one listed in its objectives cell."""
    src = x.nth("plan", "objectives")
    return when_used(x, r, f'TRIM(LEFT({src},FIND(",",{src}&",")-1))')


def link(sheet_key: str, key: str) -> Formula:
    """Version 1's link to the action plan's cell of the same row, blank when the action row is
    empty: ``=IF('Plan d''action'!B5="","",IF('Plan d''action'!A5="","",'Plan d''action'!A5))``.

    Workbooks of version 2 show the plan through `view`; this is kept so that the reader knows
    version 1's layout, whose first reference (the plan's title cell of the row shown)
    `linked_row` reads back.
    """

    def formula(x: References, r: int) -> str:
        src = x.at(sheet_key, key, r)
        return f'=IF({x.at("plan", "title", r)}="","",IF({src}="","",{src}))'

    return formula


_LINKED = re.compile(r"^=IF\((?:'(?:[^']|'')+'|[^!(]+)!\$?[A-Z]{1,3}\$?(\d+)=")


def linked_row(formula: str) -> int | None:
    """The action plan's row a version-1 `link` formula shows (1-based), or None if `formula` is
    not one.

    Every formula of a version-1 derived sheet that shows an action plan row (`link`,
    `first_objective`) starts by testing that row's title. This reads the row of that first
    reference, ``=IF(<sheet>!<column><row>=``: the sheet
    quoted (``'Plan d''action'``) or bare, the column and row with or without ``$`` (a formula
    may come back from a spreadsheet rewritten so). A row that people moved or sorted keeps its
    link, so a budget row is matched to its action by this, not by its position.

    Args:
        formula: a cell's formula text, ``=`` included.

    Returns:
        The row number, or None.
    """
    match = _LINKED.match(formula)
    return int(match.group(1)) if match else None


# --- the action plan, budget tracking --------------------------------------------------------
def when_used(x: References, r: int, body: str, key: str = "title") -> str:
    """`body` when the row's `key` cell is filled in, else blank."""
    return f'=IF({x.c(key, r)}="","",{body})'


def first_objective(x: References, r: int) -> str:
    """Version 1's main objective (see `link`): the first one listed in the action's cell."""
    src = x.at("plan", "objectives", r)
    return f'=IF({x.at("plan", "title", r)}="","",TRIM(LEFT({src},FIND(",",{src}&",")-1)))'


def sum_of(first: str, last: str) -> Formula:
    """The sum of this row's columns `first` to `last`, when the row is used (text ignored)."""
    return lambda x, r: when_used(x, r, f"SUM({x.c(first, r)}:{x.c(last, r)})")


def variance(q: str) -> Formula:
    """Actual minus planned of quarter `q`, blank until the actual is typed (as a number)."""

    def formula(x: References, r: int) -> str:
        actual, planned = x.c(f"actual_{q}", r), x.c(f"planned_{q}", r)
        return f'=IF(ISNUMBER({actual}),{actual}-N({planned}),"")'

    return formula


def variance_total(x: References, r: int) -> str:
    """The sum of the quarters' variances, blank while no actual is typed."""
    return (
        f'=IF(COUNT({x.c("actual_q1", r)}:{x.c("actual_q4", r)})=0,"",'
        f"SUM({x.c('variance_q1', r)}:{x.c('variance_q4', r)}))"
    )


def consumed(x: References, r: int) -> str:
    """Actual total over planned total, blank when nothing is planned."""
    return when_used(
        x,
        r,
        f'IF(N({x.c("planned_total", r)})=0,"",{x.c("actual_total", r)}/{x.c("planned_total", r)})',
    )


# --- objectives and owners ---------------------------------------------------------------------
def by_plan(func: str, value_keys: tuple[str, ...], plan_key: str) -> Formula:
    """COUNTIFS, or SUMIFS of the action plan's input columns `value_keys` (one per quarter),
    over the action plan's whole columns: rows inserted anywhere in it count, and text typed in
    an amount cell is ignored, never an error.

    For objectives the criteria match the *main* objective, the first one listed in the cell:
    either the whole cell ("O1") or its start up to a comma ("O1, O4").
    """
    own = "id" if plan_key == "objectives" else "name"

    def formula(x: References, r: int) -> str:
        crit = x.rng("plan", plan_key)
        me = exactly(x.c(own, r))  # (an owner "A*" is that text, not a pattern matching "AB")
        patterns = (me, f'{me}&",*"') if plan_key == "objectives" else (me,)
        heads = [f"{x.rng('plan', key)}," for key in value_keys] or [""]
        body = "+".join(f"{func}({head}{crit},{p})" for head in heads for p in patterns)
        return when_used(x, r, body, key=own)

    return formula


# --- KPIs (the rules of `model.rules.kpi_values`) ---------------------------------------------
def latest(x: References, r: int) -> str:
    """The last quarter's measure that was typed."""
    q = [x.c(f"actual_{k}", r) for k in QUARTERS]
    return (
        f'=IF({q[3]}<>"",{q[3]},IF({q[2]}<>"",{q[2]},'
        f'IF({q[1]}<>"",{q[1]},IF({q[0]}<>"",{q[0]},""))))'
    )


def gap(x: References, r: int) -> str:
    """How far the latest measure is from the target, in the KPI's direction."""
    last, target, sens = x.c("latest", r), x.c("target", r), x.c("direction", r)
    down = text(x.label("direction", Direction.LOWER))
    last_n, target_n = f"N({last})", f"N({target})"
    return (
        f'=IF(OR({last}="",{target}=""),"",'
        f"IF({sens}={down},{last_n}-{target_n},{target_n}-{last_n}))"
    )


def attainment(x: References, r: int) -> str:
    """Progress from baseline to target (or the ratio to the target), in the KPI's direction."""
    last, target = x.c("latest", r), x.c("target", r)
    base, sens = x.c("baseline", r), x.c("direction", r)
    down = text(x.label("direction", Direction.LOWER))
    last, target, base = f"N({last})", f"N({target})", f"N({base})"
    return (
        f'=IF(OR({x.c("latest", r)}="",{x.c("target", r)}=""),"",'
        f'IF(AND({x.c("baseline", r)}<>"",{target}<>{base}),({last}-{base})/({target}-{base}),'
        f'IF({sens}={down},IF({last}=0,"",{target}/{last}),'
        f'IF({target}=0,"",{last}/{target}))))'
    )


def kpi_status(x: References, r: int) -> str:
    """Achieved at full attainment, on track when ahead of the year's elapsed share, else behind."""
    att = x.c("attainment", r)
    return (
        f'=IF({att}="","",IF({att}>=1,{text(x.label("kpi_status", "achieved"))},'
        f"IF({att}>={names.ELAPSED},{text(x.label('kpi_status', 'on_track'))},"
        f"{text(x.label('kpi_status', 'behind'))})))"
    )


# --- the late-action rule (`model.rules.is_late`), written once -------------------------------
def _late_criteria(lang: Lang) -> tuple[tuple[str, str, str, bool], ...]:
    """(column key, comparison, operand, operand is a label): end before the as-of date, status
    neither done nor cancelled."""
    done, cancelled = (choice_label("status", s, lang) for s in (Status.DONE, Status.CANCELLED))
    return (
        ("end", "<", names.AS_OF, False),
        ("status", "<>", done, True),
        ("status", "<>", cancelled, True),
    )


def late_conditions(cell: Callable[[str], str], lang: Lang) -> str:
    """The late-action rule as conditions of an ``AND(…)``, over one row's cells.

    Args:
        cell: the row's cell of a column key ("end", "status").
        lang: the workbook's language (the status labels compared).

    Returns:
        ``$J5<xl_asof,$M5<>"Terminé",$M5<>"Annulé"``.
    """
    return ",".join(
        f"{cell(key)}{op}{text(operand) if is_label else operand}"
        for key, op, operand, is_label in _late_criteria(lang)
    )


def late_count(rng: Callable[[str], str], lang: Lang, *also: tuple[str, str]) -> str:
    """The late-action rule as a COUNTIFS over whole columns: the number of late actions.

    Args:
        rng: the whole data range of a column key ("end", "status").
        lang: the workbook's language (the status labels compared).
        also: more (range, criterion) pairs: the late actions of one team, for instance.

    Returns:
        ``=COUNTIFS(<end>,"<"&xl_asof,<status>,"<>Terminé",<status>,"<>Annulé")``.
    """
    criteria = ",".join(
        [
            f"{rng(key)},{text(op + operand) if is_label else text(op) + '&' + operand}"
            for key, op, operand, is_label in _late_criteria(lang)
        ]
        + [f"{where},{criterion}" for where, criterion in also]
    )
    return f"=COUNTIFS({criteria})"


def exactly(cell: str) -> str:
    """A COUNTIFS / SUMIFS criterion that is the text of `cell` itself (case aside): its
    wildcards escaped (``~`` first) and ``=`` before it, so that a team typed ``R&D*`` or
    ``<>MKT`` is matched as that text, not as a pattern or a comparison."""
    escaped = cell
    for char in "~*?":
        escaped = f'SUBSTITUTE({escaped},"{char}","~{char}")'
    return f'"="&{escaped}'


def sum_where(ranges: list[str], where: str, criterion: str) -> str:
    """``=SUMIFS(<r1>,<where>,<criterion>)+…``: the sum of several input ranges (one per
    quarter) over the rows matching `criterion` (text typed in an amount cell is ignored)."""
    return "=" + "+".join(f"SUMIFS({r},{where},{criterion})" for r in ranges)


# --- guide, timeline, dashboard ----------------------------------------------------------------
def _listed(team: str) -> str:
    """Whether each row of the guide's rates table lists `team` among its teams (an array:
    ``MKT, COM`` lists MKT and COM, spaces and case aside; FIND over UPPER, as SEARCH would
    take a team's ``*`` or ``?`` for a wildcard)."""
    listed = f'","&UPPER(SUBSTITUTE({names.RATE_TEAMS}," ",""))&","'
    return f'ISNUMBER(FIND(","&UPPER(SUBSTITUTE({team}," ",""))&",",{listed}))'


def team_rate(team: str) -> str:
    """The rate of `team`'s currency in the guide's rates table (`Plan.rates`); blank unless
    exactly one row lists the team."""
    listed = _listed(team)
    return f'=IF(SUMPRODUCT(--{listed})=1,SUMPRODUCT({listed}*{names.RATES}),"")'


def team_currency(team: str) -> str:
    """The currency of the guide's rates table's row that lists `team`; blank unless exactly
    one row does."""
    listed = _listed(team)
    first = f"ROW(INDEX({names.RATE_CURRENCIES},1,1))"
    at = f"SUMPRODUCT({listed}*(ROW({names.RATE_CURRENCIES})-{first}+1))"
    return f'=IF(SUMPRODUCT(--{listed})=1,INDEX({names.RATE_CURRENCIES},{at}),"")'


FY_END = f"=EDATE(N({names.FY_START}),12)-1"
"""The fiscal year's last day, from its first (typed: text there counts as 0, not an error)."""

_START = f"N({names.FY_START})"
ELAPSED = f"=MAX(0,MIN(1,(N({names.AS_OF})-{_START}+1)/({names.FY_END}-{_START}+1)))"
"""The share of the fiscal year elapsed on the as-of date (`model.rules.elapsed_share`)."""

TODAY = "=TODAY()"


def period_bounds(k: int, weeks: bool, start_cell: str) -> tuple[str, str]:
    """The first and last day of the timeline's period `k` (0-based): a month or a week.

    Args:
        k: the period, from the fiscal year's start.
        weeks: weeks rather than months.
        start_cell: the cell holding the period's first day (a week's last day is 6 days on).

    Returns:
        The two formulas.
    """
    if weeks:
        return f"={_START}+{7 * k}", f"={start_cell}+6"
    return f"=EDATE({_START},{k})", f"=EDATE({_START},{k + 1})-1"


def timeline_bar(start: str, end: str, period_start: str, period_end: str) -> str:
    """1 when the action's dates cover the period (`model.rules.active`), else blank."""
    return (
        f'=IF(OR({start}="",{end}=""),"",IF(AND({start}<={period_end},{end}>={period_start}),1,""))'
    )


def envelope_from_revenue(revenue: str, percent: str) -> str:
    """The guide's envelope when it is a share of the revenue forecast (text counts as 0)."""
    return f"=N({revenue})*N({percent})"


# --- the dashboard's cells (addresses from `layout.dashboard`) ---------------------------------
ENVELOPE = f'=IF(ISNUMBER({names.ENVELOPE}),{names.ENVELOPE},"")'
"""The envelope, blank when the plan has none (or the guide's cell holds text)."""


def total(rng: str) -> str:
    """``=SUM(<rng>)``."""
    return f"=SUM({rng})"


def copy(ref: str) -> str:
    """``=<ref>``: another cell's value."""
    return f"={ref}"


def share(part: str, whole: str, *, blank_whole: bool = False) -> str:
    """`part` / `whole`, blank when `whole` is 0 (or, with `blank_whole`, empty too)."""
    test = f"N({whole})" if blank_whole else whole
    return f'=IF({test}=0,"",{part}/{whole})'


def remaining(envelope: str, planned: str, actual: str) -> str:
    """What is left to spend: of the envelope, or of the planned budget without one."""
    return f'=IF({envelope}="",{planned}-{actual},{envelope}-{actual})'


def envelope_consumed(envelope: str, planned: str, actual: str) -> str:
    """The share spent: of the envelope, or of the planned budget without one."""
    return (
        f'=IF({envelope}="",IF({planned}=0,"",{actual}/{planned}),'
        f'IF({envelope}=0,"",{actual}/{envelope}))'
    )


def typed_variance(actual: str, planned: str) -> str:
    """Actual minus planned over the rows whose actual is typed (as a number), from two input
    ranges of the same shape; text in either counts as nothing, never an error."""
    return f"=SUM({actual})-SUMPRODUCT(ISNUMBER({actual})*1,{planned})"


def overrun_count(actual: str, planned: str) -> str:
    """The number of (action, quarter) cells whose typed actual exceeds the planned amount, from
    the input ranges of the four quarters' actuals and budgets (the same shape)."""
    return f"=SUMPRODUCT(ISNUMBER({actual})*({actual}>{planned}))"


def duplicate(cell: str, rng: str) -> str:
    """A conditional format's condition: `cell` is filled in and appears again in `rng`."""
    return f'=AND({cell}<>"",COUNTIF({rng},{cell})>1)'


def label_count(rng: str, label: str) -> str:
    """The number of cells of `rng` showing `label`."""
    return f"=COUNTIF({rng},{text(label)})"


TITLE_SEPARATOR = " — "
"""Between the plan's name and the business's in the workbook's title."""

TITLE_WORD_BREAKS = ',;:.!?()/-"«»\u00a0\u202f'
"""Characters that end a word, like a space, when the title looks for the business's name among
the plan's words. Not the apostrophe: "Action" is no word of "Plan d'action"."""


def _words(cell: str) -> str:
    """The words of `cell`, upper case, one space between them and one at each end (breaks
    made spaces, runs of spaces made one by TRIM): a whole-word search is a FIND of one such
    text inside another (`cached.title_words` is its twin)."""
    upper = f"UPPER({cell})"
    for ch in TITLE_WORD_BREAKS:
        upper = f'SUBSTITUTE({upper},{text(ch)}," ")'
    return f'" "&TRIM({upper})&" "'


def plan_title(name: str, business: str) -> str:
    """The workbook's title from the guide's plan name and business cells, composed once: the
    plan's name, followed by the business's unless the name already holds it as whole words, in
    any case (or either is blank): "Mimine 2027" for Mimine, but "Plan d'action — Action".
    Typing either cell on the guide updates every title (`cached.plan_title`).
    (FIND over UPPER, not SEARCH: SEARCH takes ``?`` and ``*`` in a name as wildcards.)

    Args:
        name: the cell of the plan's name (``'Guide'!$B$20``).
        business: the cell of the business's name.

    Returns:
        The formula.
    """
    sep = text(TITLE_SEPARATOR)
    return (
        f'=IF(TRIM({business})="",{name}&"",IF(TRIM({name})="",{business}&"",'
        f'IF(ISNUMBER(FIND({_words(business)},{_words(name)})),{name}&"",'
        f"{name}&{sep}&{business})))"
    )


def above(cell: str, limit: str) -> str:
    """A conditional format's condition: `cell` holds a number above `limit`. Text — the blank
    ``""`` of a computed cell among it — never counts (a cell-value rule would: text sorts above
    numbers in Excel's comparisons)."""
    return f"=AND(ISNUMBER({cell}),{cell}>{limit})"


# --- monthly budget ----------------------------------------------------------------------------
def by_id(sheet_key: str, key: str, x: References, r: int) -> str:
    """The cell of column `key` of sheet `sheet_key` on the row whose ID is this row's
    (``$A5``), blank when no row has it: a figure follows its action by ID, never by row
    position (rows sorted, inserted or deleted on either sheet keep their figures)."""
    found = f"INDEX({x.rng(sheet_key, key)},MATCH({x.c('id', r)},{x.rng(sheet_key, 'id')},0))"
    return f'IFERROR({found},"")'


def title_by_id(x: References, r: int) -> str:
    """The monthly budget's action title, looked up in the action plan by the row's ID."""
    return f'=IF({x.c("id", r)}="","",{by_id("plan", "title", x, r)})'


def month_sum(kind: str, q: int) -> Formula:
    """Quarter `q` (1–4) of the monthly budget's `kind` ("planned" or "actual"): the sum of its
    three months, blank while none of them is typed (actual spend not entered yet, as blank on
    the action plan; a budget kept by quarter on the action plan)."""
    first, last = f"{kind}_m{3 * q - 2}", f"{kind}_m{3 * q}"

    def formula(x: References, r: int) -> str:
        months = f"{x.c(first, r)}:{x.c(last, r)}"
        return when_used(x, r, f'IF(COUNT({months})=0,"",SUM({months}))', key="id")

    return formula


def from_monthly(key: str, x: References, r: int) -> str:
    """An action plan's quarter (``budget_q1``, ``actual_q1``) of an action budgeted by month:
    the monthly budget's sum of that quarter on the row of the action's ID."""
    kind, q = key.split("_")
    return "=" + by_id("monthly", f"{'planned' if kind == 'budget' else kind}_{q}", x, r)
