"""Pair the items of two plans and compare them field by field.

Actions, objectives and KPIs are paired by id where both sides typed it, then by title (name
for KPIs) among those left where either side typed no id — a hand-made table without an ID
column, an action written without an id; owners are paired by name. The order of rows is
never a difference: people sort them. References between items (an action's objectives and
KPIs, a KPI's objective) are compared through the pairing, so an objective that got another
id is not a change of every action that names it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..model.rules import elapsed_share, is_late, kpi_values
from .fields import flat, plan_fields, same
from .load import Side
from .money import money_moves
from .result import Diff, FieldChange, ItemChange, Kind, MatchedBy, Value

__all__ = ["compare"]


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True)
class _Pairing:
    pairs: list[tuple[Any, Any, MatchedBy]]  # (old, new, how), in NEW's order
    removed: list[Any]  # OLD's order
    added: list[Any]  # NEW's order

    def id_map(self, key: Callable[[Any], str]) -> dict[str, str]:
        """Old key -> new key of the paired items."""
        return {key(o): key(n) for o, n, _ in self.pairs}


def _pair(
    kind: Kind,
    old: Side,
    new: Side,
    olds: Sequence[Any],
    news: Sequence[Any],
    key: Callable[[Any], str],
    title: Callable[[Any], str],
) -> _Pairing:
    found: dict[int, tuple[Any, MatchedBy]] = {}  # index in news -> (old item, how)
    left_old = []
    by_key = {key(n): i for i, n in enumerate(news) if new.id_typed(kind, key(n))}
    for o in olds:
        i = by_key.pop(key(o), None) if old.id_typed(kind, key(o)) else None
        if i is None:
            left_old.append(o)
        else:
            found[i] = (o, "id")
    if kind != "owner":  # (an owner is its name: a renamed owner is another owner)
        waiting: dict[str, list[Any]] = {}
        for o in left_old:
            waiting.setdefault(_fold(title(o)), []).append(o)
        how: MatchedBy = "name" if kind == "kpi" else "title"
        for i, n in enumerate(news):
            if i in found:
                continue
            # (two ids typed on both sides that differ are two items, whatever their titles)
            candidates = waiting.get(_fold(title(n)), [])
            n_typed = new.id_typed(kind, key(n))
            o = next((o for o in candidates if not (n_typed and old.id_typed(kind, key(o)))), None)
            if o is not None:
                candidates.remove(o)
                found[i] = (o, how)
        paired = {id(o) for o, _ in found.values()}
        left_old = [o for o in left_old if id(o) not in paired]
    pairs = [(found[i][0], n, found[i][1]) for i, n in enumerate(news) if i in found]
    added = [n for i, n in enumerate(news) if i not in found]
    return _Pairing(pairs, left_old, added)


def _changes(
    old: dict[str, Value], new: dict[str, Value], refs: dict[str, dict[str, str]]
) -> tuple[FieldChange, ...]:
    """The fields that differ; reference fields compared through the pairing (`refs`)."""
    out = []
    for name in [*new, *(k for k in old if k not in new)]:
        before, after = old.get(name), new.get(name)
        seen = before
        if name in refs:
            ids = refs[name]
            if isinstance(before, list):
                seen = [ids.get(str(v), str(v)) for v in before]
            elif isinstance(before, str):
                seen = ids.get(before, before)
        if not same(seen, after):
            out.append(FieldChange(name, before, after))
    return tuple(out)


def _items(
    kind: Kind,
    pairing: _Pairing,
    key: Callable[[Any], str],
    title: Callable[[Any], str],
    refs: dict[str, dict[str, str]],
    status_of: Callable[[Any, Any], dict[str, Any]],
    typed: Callable[[Any], bool],
) -> list[ItemChange]:
    out = []
    for o, n, how in pairing.pairs:
        changes = _changes(flat(o), flat(n), refs)
        if not typed(n):  # (an id the reader gave, by row order: no change of the source)
            changes = tuple(c for c in changes if c.field != _key_field(kind))
        if changes:
            out.append(
                ItemChange(
                    kind, key(n), title(n), "changed", how, changes, key(o), **status_of(o, n)
                )
            )
    for n in pairing.added:
        fields = tuple(FieldChange(f, None, v) for f, v in flat(n).items())
        out.append(
            ItemChange(kind, key(n), title(n), "added", "id", fields, "", **status_of(None, n))
        )
    for o in pairing.removed:
        out.append(
            ItemChange(kind, key(o), title(o), "removed", "id", (), key(o), **status_of(o, None))
        )
    return sorted(out, key=_order)


_RANK = {"changed": 0, "added": 1, "removed": 2}


def _order(item: ItemChange) -> tuple[int, list[tuple[int, str]]]:
    """Changed, then added, then removed; ids in natural order (A2 before A10)."""
    parts = re.findall(r"(\d+)|(\D+)", item.key)
    return _RANK[item.status], [(int(d), "") if d else (-1, t.casefold()) for d, t in parts]


def _id(item: Any) -> str:
    return str(item.id)


def _title(item: Any) -> str:
    return str(item.title)


def _name(item: Any) -> str:
    return str(item.name)


def _key_field(kind: Kind) -> str:
    return "name" if kind == "owner" else "id"


def compare(old: Side, new: Side, as_of: dt.date | None = None) -> Diff:
    """What changed from OLD to NEW.

    Args:
        old: the earlier plan and its source.
        new: the later one.
        as_of: the day lateness and KPI status are judged on (today when None).

    Returns:
        The plan-level changes, the items added, removed and changed, and the money moves.
    """
    day = as_of or dt.date.today()
    a, b = old.plan, new.plan
    objectives = _pair(
        "objective", old, new, a.objectives, b.objectives, lambda o: o.id, lambda o: o.title
    )
    kpis = _pair("kpi", old, new, a.kpis, b.kpis, lambda k: k.id, lambda k: k.name)
    owners = _pair("owner", old, new, a.owners, b.owners, lambda o: o.name, lambda o: o.name)
    actions = _pair("action", old, new, a.actions, b.actions, lambda x: x.id, lambda x: x.title)
    o_ids = objectives.id_map(lambda o: o.id)
    k_ids = kpis.id_map(lambda k: k.id)

    def late(x: Any, y: Any) -> dict[str, Any]:
        return {
            "late": (None if x is None else is_late(x, day), None if y is None else is_late(y, day))
        }

    share = (elapsed_share(a, day), elapsed_share(b, day))

    def kpi_status(x: Any, y: Any) -> dict[str, Any]:
        return {
            "kpi_status": (
                None if x is None else kpi_values(x, share[0]).status,
                None if y is None else kpi_values(y, share[1]).status,
            )
        }

    def nothing(x: Any, y: Any) -> dict[str, Any]:
        return {}

    def typed(kind: Kind) -> Callable[[Any], bool]:
        return lambda x: new.id_typed(kind, x.name if kind == "owner" else x.id)

    o_refs, a_refs = {"objective": o_ids}, {"objectives": o_ids, "kpis": k_ids}
    items = [
        *_items("action", actions, _id, _title, a_refs, late, typed("action")),
        *_items("objective", objectives, _id, _title, {}, nothing, typed("objective")),
        *_items("kpi", kpis, _id, _name, o_refs, kpi_status, typed("kpi")),
        *_items("owner", owners, _name, _name, {}, nothing, typed("owner")),
    ]
    by_title = tuple(
        f"{kind}:{n.id}"
        for kind, pairing in (("action", actions), ("objective", objectives), ("kpi", kpis))
        for _, n, how in pairing.pairs
        if how != "id"
    )
    plan_changes = _changes(*plan_fields(a, b), {})
    money = money_moves(a, b, [(o.id, n.id) for o, n, _ in actions.pairs])
    return Diff(old.source, new.source, day, plan_changes, tuple(items), money, by_title)
