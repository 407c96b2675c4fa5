"""Apply a diff to the plan it was taken from: `apply(old, diff(old, new))` gives NEW, up to
the order of the items (which a diff leaves out: sorting rows is no change).

Items that got another id (paired by title) are renamed first, and every reference to them
with them; then removed items go, changed fields take their new values and added items come
last, in NEW's order.
"""

from __future__ import annotations

from typing import Any

from ..model.plan import Plan
from .fields import derived_id, put
from .result import Diff, ItemChange, Kind

__all__ = ["apply"]

_LISTS: dict[Kind, str] = {
    "action": "actions",
    "objective": "objectives",
    "kpi": "kpis",
    "owner": "owners",
}


def _key(kind: Kind) -> str:
    return "name" if kind == "owner" else "id"


def _rename(data: dict[str, Any], kind: Kind, renames: dict[str, str]) -> None:
    """Give the items their new ids, and rewrite every reference to them."""
    if not renames:
        return
    for item in data[_LISTS[kind]]:
        item[_key(kind)] = renames.get(item[_key(kind)], item[_key(kind)])
    if kind == "objective":
        for action in data["actions"]:
            action["objectives"] = [renames.get(o, o) for o in action["objectives"]]
        for kpi in data["kpis"]:
            kpi["objective"] = renames.get(kpi["objective"], kpi["objective"])
    elif kind == "kpi":
        for action in data["actions"]:
            action["kpis"] = [renames.get(k, k) for k in action["kpis"]]


def apply(old: Plan, diff: Diff) -> Plan:
    """NEW, rebuilt from OLD and the changes `diff` reported.

    Args:
        old: the plan the diff's OLD side held.
        diff: `xlplan.diff(old, new)`.

    Returns:
        A plan equal to NEW except for the order of its items — and, for items paired by
        title, the ids NEW's reader gave by row order (those are no change: OLD's are kept);
        a plan id nobody typed is made from NEW's name and year.

    Raises:
        PlanValidationError: the changes do not fit `old` (a diff of another plan).
    """
    from ..model.validation import validate_plan

    data: dict[str, Any] = old.model_dump(mode="python")
    if old.id == derived_id(old):
        data["id"] = ""  # (made again from NEW's name and year, unless the diff gives one)
    for change in diff.plan:
        put(data, change.field, change.new)
    by_kind: dict[Kind, list[ItemChange]] = {k: [] for k in _LISTS}
    for item in diff.items:
        by_kind[item.kind].append(item)
    for kind, items in by_kind.items():
        renames = {i.old_key: i.key for i in items if i.status == "changed" and i.old_key}
        gone = {i.key for i in items if i.status == "removed"}
        data[_LISTS[kind]] = [x for x in data[_LISTS[kind]] if x[_key(kind)] not in gone]
        _rename(data, kind, {o: n for o, n in renames.items() if o != n})
    for kind, items in by_kind.items():
        listed = {x[_key(kind)]: x for x in data[_LISTS[kind]]}
        for item in items:
            if item.status == "changed":
                for change in item.changes:
                    put(listed[item.key], change.field, change.new)
            elif item.status == "added":
                added: dict[str, Any] = {}
                for change in item.changes:
                    put(added, change.field, change.new)
                data[_LISTS[kind]].append(added)
    return validate_plan(data)
