"""A hand-made plan's KPI and owners lists, linked to its actions by name (`link_lists`).

An action's KPI or *Responsable* cell that names a listed KPI or owner — whatever its case,
accents, spaces or apostrophes (`list_words.loose`), or a listed KPI's ID — links to it: the
plan takes the listed KPI (its figures) or owner (role, contact, team), spelt as listed. A name
that is not in the list is a warning at its first cell, with the closest listed name, and is
added to the plan as the plan table alone would add it; a listed KPI or owner that no action
names is kept, without a word.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterator
from typing import Final

from ..errors import ProblemCode
from ..i18n import msg
from ..model.items import KPI, Objective, Owner
from ..model.plan import Plan
from .handmade_lists import Listed, SheetList, read_lists
from .handmade_sheet import SheetReader
from .list_words import loose
from .table import SheetGrid

__all__ = ["link_lists"]

_CUTOFF: Final = 0.75  # how alike a listed name must be to be suggested (difflib's ratio)


def link_lists(plan: Plan, grids: list[SheetGrid], table: SheetReader, rows: list[int]) -> Plan:
    """The plan with the KPI and owners lists found among `grids` linked to its actions.

    Args:
        plan: the plan read from the plan table.
        grids: the other visible sheets of the workbook.
        table: the plan table's reader: where problems go, the cells of its columns.
        rows: the row of each of the plan's actions, in order.

    Returns:
        `plan` itself when no sheet holds a list; else a new plan whose KPIs and owners are the
        listed ones (in list order) and then those named only by actions.
    """
    lists = read_lists(grids, plan.fiscal_year_start, table.problem)
    if not lists:
        return plan
    linker = _Linker(plan, table, rows)
    for found in lists:
        if found.kind == "kpis":
            linker.kpis(found)
        else:
            linker.owners(found)
    # Every reference is an id made here, each new KPI, owner and objective validated: the plan
    # need not be validated again (its 10 000 actions' references resolved once more).
    return plan.model_copy(
        update={
            "objectives": linker.objectives,
            "kpis": linker.kpi_list,
            "owners": linker.owner_list,
        }
    )


class _Linker:
    def __init__(self, plan: Plan, table: SheetReader, rows: list[int]) -> None:
        self.plan = plan
        self.table = table
        self.rows = rows
        self.objectives = list(plan.objectives)
        self.kpi_list = list(plan.kpis)
        self.owner_list = list(plan.owners)

    def where(self, action: int, key: str) -> str:
        """The cell of an action's `key` column (``kpis``, ``owner``)."""
        if key not in self.table.cols or action >= len(self.rows):
            return ""
        return self.table.at(key, self.rows[action])

    def unlisted(
        self, code: ProblemCode, name: str, cell: str, uses: int, found: SheetList, known: list[str]
    ) -> None:
        keys = {loose(k): k for k in known}
        close = difflib.get_close_matches(loose(name), list(keys), n=1, cutoff=_CUTOFF)
        kpis = found.kind == "kpis"
        self.table.problem(
            code,
            "warning",
            self.table.grid.name,
            cell,
            msg(
                "{name!r} is not in the {list} of sheet '{sheet}'{closest}; it is added {items}"
                "{uses}",
                name=name,
                list=msg("KPI list") if kpis else msg("owners list"),
                sheet=found.sheet,
                closest=msg(" (closest: {name!r})", name=keys[close[0]]) if close else "",
                items=msg("to the plan's KPIs, without figures")
                if kpis
                else msg("to the plan's owners"),
                uses=msg(" (named by {count} actions)", count=uses) if uses > 1 else "",
            ),
        )

    def distinct(self, found: SheetList) -> dict[str, Listed]:
        """The listed items by `loose` name; a name listed twice is a warning (first kept)."""
        out: dict[str, Listed] = {}
        for item in found.items:
            key = loose(item.item.name)
            first = out.get(key)
            if first is None:
                out[key] = item
                continue
            self.table.problem(
                ProblemCode.ID_DUPLICATE,
                "warning",
                found.sheet,
                item.cells["name"],
                msg(
                    "{name!r} is listed twice (row {row} is read); this row is not imported",
                    name=item.item.name,
                    row=first.row,
                ),
            )
        return out

    # --- KPIs -------------------------------------------------------------------------------
    def kpis(self, found: SheetList) -> None:
        listed = self.distinct(found)
        by_id: dict[str, Listed] = {}
        for item in listed.values():
            if not item.ident:
                continue
            if item.ident.casefold() in by_id:
                self.table.problem(
                    ProblemCode.ID_DUPLICATE,
                    "warning",
                    found.sheet,
                    item.cells["id"],
                    msg(
                        "the id {id!r} is already used by another KPI; a new one is given",
                        id=item.ident,
                    ),
                )
                item.ident = ""
            else:
                by_id[item.ident.casefold()] = item
        fresh = _fresh("K", {i.ident for i in listed.values()})
        new: dict[int, KPI] = {}  # id(Listed) -> its KPI
        for item in listed.values():
            assert isinstance(item.item, KPI)
            objective = self.objective(item.objective) if item.objective else None
            new[id(item)] = item.item.model_copy(
                update={"id": item.ident or next(fresh), "objective": objective}
            )
        uses: Counter[str] = Counter()
        first: dict[str, int] = {}
        for i, action in enumerate(self.plan.actions):
            for ident in action.kpis:
                uses[ident] += 1
                first.setdefault(ident, i)
        mapping: dict[str, str] = {}
        unlisted: list[KPI] = []
        for kpi in self.plan.kpis:
            match = listed.get(loose(kpi.name)) or by_id.get(kpi.name.strip().casefold())
            if match is None:
                mapping[kpi.id] = next(fresh)
                unlisted.append(kpi.model_copy(update={"id": mapping[kpi.id]}))
                where = self.where(first.get(kpi.id, len(self.rows)), "kpis")
                known = [i.item.name for i in listed.values()]
                self.unlisted(ProblemCode.KPI_UNLISTED, kpi.name, where, uses[kpi.id], found, known)
                continue
            linked = new[id(match)]
            mapping[kpi.id] = linked.id
            if linked.objective is None:
                linked.objective = kpi.objective
        done: dict[tuple[str, ...], tuple[str, ...]] = {}  # (each distinct list once)
        for action in self.plan.actions:
            if action.kpis:
                ids = tuple(action.kpis)
                new_ids = done.get(ids)
                if new_ids is None:
                    new_ids = done[ids] = tuple(dict.fromkeys(mapping[k] for k in ids))
                action.kpis = list(new_ids)
        self.kpi_list = [*new.values(), *unlisted]

    def objective(self, text: str) -> str:
        """The id of the objective a KPI list names (by title or id); a new one if none."""
        key = loose(text)
        for objective in self.objectives:
            if key in (loose(objective.title), loose(objective.id)):
                return objective.id
        ident = next(_fresh("O", {o.id for o in self.objectives}))
        self.objectives.append(Objective(id=ident, title=text))
        return ident

    # --- owners -----------------------------------------------------------------------------
    def owners(self, found: SheetList) -> None:
        listed = self.distinct(found)
        names = {key: item.item.name for key, item in listed.items()}
        first: dict[str, int] = {}
        uses: Counter[str] = Counter()
        for i, action in enumerate(self.plan.actions):
            if action.owner is not None:
                uses[action.owner] += 1
                first.setdefault(action.owner, i)
        mapping: dict[str, str] = {}
        unlisted: list[Owner] = []
        for owner in self.plan.owners:
            name = names.get(loose(owner.name))
            if name is None:
                unlisted.append(owner)
                where = self.where(first.get(owner.name, len(self.rows)), "owner")
                self.unlisted(
                    ProblemCode.OWNER_UNLISTED,
                    owner.name,
                    where,
                    uses[owner.name],
                    found,
                    list(names.values()),
                )
            else:
                mapping[owner.name] = name
        for action in self.plan.actions:
            if action.owner is not None:
                action.owner = mapping.get(action.owner, action.owner)
            if action.participants:
                action.participants = [names.get(loose(p), p) for p in action.participants]
        kept = [i.item for i in listed.values() if isinstance(i.item, Owner)]
        self.owner_list = [*kept, *unlisted]


def _fresh(prefix: str, used: set[str]) -> Iterator[str]:
    """``K1``, ``K2``… without those `used`."""
    n = 0
    while True:
        n += 1
        if f"{prefix}{n}" not in used:
            yield f"{prefix}{n}"
