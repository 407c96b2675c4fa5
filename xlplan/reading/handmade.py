"""Import plan tables that people made themselves: no ``_meta`` sheet, their own headers.

A hand-made plan is one table: perhaps a title row or two, a header row such as ``Action |
Objectif | KPI | Responsable | Budget Q1 | … | Budget Q4``, one action per row below it, perhaps
a blank row, a "Total" row. `read_table` finds the header row in the visible sheets, matches each
header against known words in French and English (`header_key`), and builds a `Plan`: objectives,
KPIs and owners come from the distinct texts of their columns, and from the section rows above
the actions (``Objectif 1 — …``, ``Responsable : …``, ``Phase 1 — …``: `handmade_sections`).
Unknown columns are kept in each action's ``extra``; totals are recomputed, never read as data;
every value that cannot be read exactly becomes a `Problem` naming the sheet, the cell, the value
found and what was expected, and no other cell is dropped without one (`Ledger`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import ProblemCode
from ..i18n import Joined, Message, msg
from ..layout.spec import col_letter
from ..model.enums import Lang
from ..model.messages import outside_year
from ..model.months import MONTHS_FIELD
from ..model.plan import KPI, Action, Objective, Owner, Plan
from ..model.validation import problems_from
from ..xlsx.grid import Book
from .common import cell_text, deepest_first, drop_field
from .handmade_rows import RowReader
from .handmade_sections import Ledger
from .handmade_sheet import ActionRow
from .handmade_values import fold
from .handmade_year import stated_year
from .result import ReadResult
from .section_words import objective_reference
from .table import LOOKED_FOR, SheetGrid, best_header, describe
from .vocabulary import header_key, headerish

__all__ = ["Ledger", "header_key", "read_table"]


# --- reading ------------------------------------------------------------------------------------
def read_table(path: Path, book: Book | None = None, *, ledger: Ledger | None = None) -> ReadResult:
    """Read a plan table that people made themselves (a workbook without xlplan's ``_meta``).

    Args:
        path: the ``.xlsx`` file; its stem names the plan when no title row does.
        book: the workbook already opened by `xlplan.read`; opened from `path` when None.
        ledger: filled, when given, with what the reader made of each row of the table (for
            accounting for every cell; see `Ledger`).

    Returns:
        The plan and every problem found, each with its sheet and cell. The fiscal year of a
        hand-made table is always assumed, and a warning says so.

    Raises:
        WorkbookError: the file cannot be opened, or no visible sheet has a plan table; the
            message says what was looked for and what the sheets hold.
    """
    from ..errors import WorkbookError
    from ..xlsx.guard import parser_errors

    path = Path(path)
    if book is None:
        if not path.exists():  # (a folder, pipe or device: the guard says which)
            raise WorkbookError(msg("{path}: no such file", path=path))
        with parser_errors(path):
            opened = Book(path)
            try:
                return read_table(path, opened, ledger=ledger)
            finally:
                opened.close()
    grids = [
        SheetGrid.load(book.sheet(name)) for name in book.sheetnames if name not in book.hidden
    ]
    found = [(g, h) for g in grids if (h := best_header(g)) is not None]
    if not found:
        hidden = [name for name in book.sheetnames if name in book.hidden]
        seen = Joined("; ", tuple(describe(g) for g in grids)) if grids else msg("no visible sheet")
        skipped = msg(" (hidden sheets skipped: {sheets})", sheets=", ".join(hidden))
        raise WorkbookError(
            msg(
                "{path}: no plan table found: {looked_for}; {seen}{skipped}",
                path=path,
                looked_for=LOOKED_FOR,
                seen=seen,
                skipped=skipped if hidden else "",
            )
        )
    grid, header = max(found, key=lambda gh: gh[1].score)  # the first of the best
    reader = _TableReader(path, book.date1904, grid, header)
    for other, other_header in found:
        if other is not grid:
            reader.problem(
                ProblemCode.SECOND_TABLE,
                "warning",
                other.name,
                f"{col_letter(other_header.columns['title'] - 1)}{other_header.row}",
                msg(
                    "this sheet also looks like a plan table; only sheet '{sheet}' was imported",
                    sheet=grid.name,
                ),
            )
    plan = reader.read()
    for name in book.sheetnames:
        if name in book.hidden:  # (last year's plan, a list behind the dropdowns…)
            reader.problem(
                ProblemCode.SHEET_HIDDEN, "info", name, "", msg("this sheet is hidden: not read")
            )
    if others := [g for g in grids if all(g is not f for f, _ in found)]:  # KPI, owners lists?
        from .handmade_links import link_lists

        plan = link_lists(plan, others, reader, reader.action_rows)
    if ledger is not None:
        reader.fill(ledger, reader.action_rows)
    return ReadResult(plan, reader.problems, reader.locations(plan))


class _TableReader(RowReader):
    """Assembles the plan from the rows read: objectives, KPIs and owners from their texts,
    each action validated, the title, language, currency and fiscal year."""

    # --- the plan ---------------------------------------------------------------------------
    def read(self) -> Plan:
        extras = self.check_header()
        self.read_rows(extras)
        if not self.rows:
            self.problem(
                ProblemCode.NO_ACTIONS,
                "warning",
                self.grid.name,
                self.at("title", self.header.row),
                msg("no action below the header row"),
            )
        objectives: dict[str, Objective] = {}
        kpis: dict[str, KPI] = {}
        kpis_by_id: dict[str, KPI] = {}
        owners: dict[str, Owner] = {}
        # the ids given, so that those made up skip them: the objectives' include the numbers
        # of the section rows (``Objectif 3 — …`` is O3)
        objective_taken = self.section_objectives(objectives)
        kpi_taken: set[str] = set()
        for section in self.sections:
            if section.kind == "owner":
                owners.setdefault(fold(section.value), Owner(name=section.value))
        actions: list[Action] = []
        self.action_rows: list[int] = []  # the row of each action, in order
        ids: set[str] = set()
        # texts as typed -> ids (or owner's name): each distinct cell folded once, not per row,
        # and its ids one list for all its rows (`action` copies it before changing it)
        objective_ids: dict[tuple[str, ...], list[str]] = {}
        kpi_ids: dict[tuple[str, ...], list[str]] = {}
        owner_names: dict[str, str] = {}
        # The ids the plan would give the actions without one (A1, A2… past those typed), given
        # here: the plan then sets no id on 10 000 validated models one by one.
        fresh = _fresh_ids({r.data["id"] for r in self.rows if "id" in r.data and r.data["title"]})
        generated: list[bool] = []  # per action: whether its id was given here
        months = bool(self.month_cols)
        left_out = False
        for row in self.rows:
            data = row.data
            if not data.get("title"):  # unreadable: the problem is already told
                self.dates(row)
                continue
            found = objective_ids.get(row.objectives)
            data["objectives"] = found or _ids(
                [_objective_ref(t, objectives) for t in row.objectives],
                objectives,
                "O",
                Objective,
                "title",
                objective_ids,
                objective_taken,
                row.objectives,
            )
            found = kpi_ids.get(row.kpis)
            data["kpis"] = found or _ids(row.kpis, kpis, "K", KPI, "name", kpi_ids, kpi_taken)
            for ident in data["kpis"]:
                kpi = kpis_by_id.get(ident) or kpis_by_id.setdefault(
                    ident, next(k for k in kpis.values() if k.id == ident)
                )
                if kpi.objective is None and data["objectives"]:
                    kpi.objective = data["objectives"][0]
            if row.owner is not None:
                name = owner_names.get(row.owner)
                if name is None:
                    key = fold(row.owner)
                    if key not in owners:
                        owners[key] = Owner(name=row.owner)
                    name = owner_names[row.owner] = owners[key].name
                data["owner"] = name
            if (ident := data.get("id")) is not None:
                if ident in ids:
                    self.problem(
                        ProblemCode.ID_DUPLICATE,
                        "warning",
                        self.grid.name,
                        self.cell_of(row, "id"),
                        msg(
                            "the id {id!r} is already used by another action; a new one is given",
                            id=ident,
                        ),
                    )
                    del data["id"]
                ids.add(ident)
            given = "id" not in data
            if given:
                data["id"] = next(fresh)
            if months:  # (the action's months, in place of their quarter sums)
                self.give_months(row)
            if (action := self.action(row, given)) is not None:
                actions.append(action)
                self.action_rows.append(row.number)
                generated.append(given)
            else:
                left_out = True
            if "start" in data or "end" in data:
                self.dates(row)
            row.data = {}  # (its action holds what it read: the row's objects need not live on)
        if left_out:  # (an action left out: the plan numbers the others, as without ids given)
            for action, given in zip(actions, generated, strict=True):
                if given:
                    action.id = ""
        lang: Lang = self.language()
        start = self.fiscal_year_start()
        self.dates_outside(start)
        try:
            return Plan(
                name=self.title()[0] or self.path.stem,
                fiscal_year_start=start,
                language=lang,
                currency=self.currency(),
                objectives=list(objectives.values()),
                kpis=list(kpis.values()),
                owners=list(owners.values()),
                actions=actions,
            )
        except ValidationError as exc:
            from ..errors import WorkbookError

            shown = "; ".join(str(p) for p in problems_from(exc)[:3])  # (the model's, in English)
            raise WorkbookError(f"{self.path}: {shown}") from None

    def section_objectives(self, objectives: dict[str, Objective]) -> set[str]:
        """Register the objectives the section rows name, in their order (`objectives`: folded
        title -> objective): ``Objectif 3 — …`` is O3, a section without a number takes the
        first free O-number. Returns the ids given."""
        taken: set[str] = set()
        unnumbered: list[Objective] = []
        for section in self.sections:
            key = fold(section.value)
            if section.kind != "objective" or key in objectives:
                continue
            ident = f"O{section.number}" if section.number else ""
            if ident in taken:
                other = next(o for o in objectives.values() if o.id == ident)
                self.problem(
                    ProblemCode.ID_DUPLICATE,
                    "warning",
                    self.grid.name,
                    self.at(section.col, section.row),
                    msg(
                        "the number {number} of the section {label!r} is already that of the "
                        "objective {title!r}; a new id is given",
                        number=section.number,
                        label=section.label,
                        title=other.title,
                    ),
                )
                ident = ""
            objectives[key] = objective = Objective(id=ident, title=section.value)
            if ident:
                taken.add(ident)
            else:
                unnumbered.append(objective)
        n = 0
        for objective in unnumbered:
            n += 1
            while f"O{n}" in taken:
                n += 1
            objective.id = f"O{n}"
            taken.add(objective.id)
        return taken

    def locations(self, plan: Plan) -> dict[str, tuple[str, str]]:
        """Each action's id -> (sheet, cell of its action text)."""
        return {
            a.id: (self.grid.name, self.at("title", n))
            for a, n in zip(plan.actions, self.action_rows, strict=False)
        }

    def action(self, row: ActionRow, id_given: bool = False) -> Action | None:
        """The row's action; a field the model refuses becomes a problem and is left out.
        `id_given`: the data's id was given by `read`, not read from the row."""
        data = row.data
        for _ in range(len(data) + 1 - id_given):
            try:
                return Action.model_validate(data)
            except ValidationError as exc:
                for key, value in data.items():  # (lists shared between rows: changed below)
                    if type(value) is list:
                        data[key] = list(value)
                found = problems_from(exc)
                for p in found:
                    cell = self.cell_of(row, p.path) or self.cell_of(row, _top(p.path))
                    self.problem(
                        p.code,
                        "error",
                        self.grid.name,
                        cell,
                        msg("{path}: {message}", path=p.path, message=p.localized or p.message),
                    )
                for path in deepest_first([p.path for p in found]):
                    _drop(data, path)
        return None

    def title(self) -> tuple[str, str]:
        """The first title text above the header, and its cell; ``("", "")`` if none.

        Header words above the header row (``Action`` merged over two header rows, ``Budget
        prévu`` over ``T1 … T4``) are not titles.
        """
        for r in range(1, self.header.row):
            for col in range(1, self.grid.width + 1):
                value = self.grid.raw(r, col)
                if isinstance(value, str) and value.strip() and not headerish(value):
                    return cell_text(value), self.at(col, r)
        return "", ""

    def currency(self) -> str:
        if not self.currencies:
            return "EUR"
        (code, _), *others = self.currencies.most_common()
        if others:
            self.problem(
                ProblemCode.CURRENCIES_SEVERAL,
                "warning",
                self.grid.name,
                "",
                msg(
                    "amounts are written in several currencies ({currencies}); the plan is in "
                    "{code}",
                    currencies=", ".join(self.currencies),
                    code=code,
                ),
            )
        return code

    def dates(self, row: ActionRow) -> None:
        """Keep the row's dates and their cells, for `fiscal_year_start`."""
        for key in ("start", "end"):
            if key in row.data:
                self.read_dates.append((row.data[key], self.cell_of(row, key)))

    def fiscal_year_start(self) -> dt.date:
        """The first day of the fiscal year: the month the month columns start it in (or
        January), of the year their headers say; else of the year the table states above its
        actions (`stated_year`: a labelled first day gives the month too); else of the
        earliest action date's fiscal year, else of the current year; a warning says it was
        assumed, unless the table said both month and year."""
        start = self.month_start or 1
        if self.month_year is not None:
            return dt.date(self.month_year, start, 1)
        dates = self.read_dates
        stated = stated_year(self.grid, self.header.row, self.date1904)
        if stated is not None and stated.month is not None and self.month_start is None:
            return dt.date(stated.year, stated.month, 1)
        if stated is not None:
            year, cell = stated.year, stated.cell
            why: Message = msg("the year in {cell}, {text!r}", cell=cell, text=stated.text)
        elif dates:
            day, cell = min(dates)
            why = msg("the year of the earliest action date, {date}", date=day.isoformat())
            year = day.year if day.month >= start else day.year - 1
        else:
            year, cell = dt.date.today().year, ""
            why = msg("the current year: no action has a date")
        self.problem(
            ProblemCode.FISCAL_YEAR_ASSUMED,
            "warning",
            self.grid.name,
            cell,
            msg(
                "the fiscal year is assumed to start on 1 January {year} ({why}); the table does "
                "not say when it starts",
                year=year,
                why=why,
            )
            if start == 1
            else msg(
                "the fiscal year is assumed to start on {start} ({why}; the month columns start "
                "it in that month); the table does not say which year",
                start=dt.date(year, start, 1).isoformat(),
                why=why,
            ),
        )
        return dt.date(year, start, 1)

    def dates_outside(self, start: dt.date) -> None:
        """A warning for each action date outside the fiscal year starting on `start`."""
        end = dt.date(start.year + 1, start.month, 1) - dt.timedelta(days=1)
        for day, cell in self.read_dates:
            if not start <= day <= end:
                self.problem(
                    ProblemCode.DATE_OUTSIDE_YEAR,
                    "warning",
                    self.grid.name,
                    cell,
                    outside_year(day, start, end),
                )


def _objective_ref(text: str, objectives: dict[str, Objective]) -> str:
    """An action's objective cell as the objective it names: ``O1``, or ``Objectif 1`` alone
    under the section *Objectif 1 — Vendre plus*, is that objective's title; any other text
    is itself."""
    ref = objective_reference(text)
    if ref is not None and ref[0].isdigit():
        for objective in objectives.values():
            if objective.id == f"O{ref[0]}" and (
                not ref[1] or fold(ref[1]) == fold(objective.title)
            ):
                return objective.title
    return text


def _ids(
    texts: list[str] | tuple[str, ...],
    known: dict[str, Any],
    prefix: str,
    kind: Any,
    attr: str,
    seen: dict[tuple[str, ...], list[str]],
    taken: set[str],
    typed: tuple[str, ...] | None = None,
) -> list[str]:
    """The ids of the objectives (or KPIs) named in `texts`, creating those not seen yet;
    `seen`: the ids of the texts met before, as `typed` (`texts` as typed, when they were
    resolved first; the list returned then; not to be changed); `taken`: the ids given (a new
    one skips them, and is added)."""
    typed = tuple(texts) if typed is None else typed
    ids = seen.get(typed)
    if ids is None:
        ids = seen[typed] = []
        for text in texts:
            key = fold(text)
            if key not in known:
                n = len(known) + 1
                while f"{prefix}{n}" in taken:
                    n += 1
                known[key] = kind(**{"id": f"{prefix}{n}", attr: text})
                taken.add(f"{prefix}{n}")
            ids.append(known[key].id)
    return ids


def _fresh_ids(used: set[str]) -> Iterator[str]:
    """``A1``, ``A2``… without those `used`, as `Plan` numbers the actions without an id."""
    n = 0
    while True:
        n += 1
        while f"A{n}" in used:
            n += 1
        yield f"A{n}"


_MONTH_PATH = re.compile(r"(?:budget|actual)\.(?:months\[(\d+)\]|q([1-4]))")


def _drop(data: dict[str, Any], path: str) -> None:
    """`drop_field`, knowing months: a month the model refuses is left blank (the other eleven
    stay), and so are the three months of a quarter it refuses (their sum too large)."""
    group = path.partition(".")[0]
    figures = data.get(group)
    found = _MONTH_PATH.fullmatch(path)
    months = figures.get(MONTHS_FIELD) if isinstance(figures, dict) else None
    if found is None or not isinstance(months, list) or len(months) != 12:
        drop_field(data, path)
        return
    blank = None if group == "actual" else Decimal(0)
    if found[1] is not None:
        places = [int(found[1])] if int(found[1]) < 12 else []
    else:
        first = 3 * (int(found[2]) - 1)
        places = [first, first + 1, first + 2]
    for place in places:
        months[place] = blank
    if blank is None and all(m is None for m in months):  # (no month of spend left)
        del data[group]


def _top(path: str) -> str:
    return re.split(r"[.\[]", path, maxsplit=1)[0]
