"""A diff's tables as pandas DataFrames: the API edge, and the only module of `changes` that
imports pandas (the command line never does).

Values keep the model's types in ``object`` columns (``old``, ``new``: text, numbers, dates,
lists); money is ``float64``.
"""

from __future__ import annotations

import pandas as pd

from .result import Diff

__all__ = ["changes_frame", "moves_frame", "totals_frame"]

_CHANGES = ["kind", "key", "title", "status", "matched_by", "field", "old", "new"]


def changes_frame(diff: Diff) -> pd.DataFrame:
    """One row per field change; an added or removed item without fields has one row with
    an empty field."""
    rows = []
    for item in diff.items:
        head = [item.kind, item.key, item.title, item.status, item.matched_by]
        if item.changes:
            rows += [[*head, c.field, c.old, c.new] for c in item.changes]
        else:
            rows.append([*head, "", None, None])
    rows += [["plan", "", "", "changed", "id", c.field, c.old, c.new] for c in diff.plan]
    frame = pd.DataFrame(rows, columns=_CHANGES, dtype=object)
    return frame.astype({c: "str" for c in _CHANGES[:6]})


def totals_frame(diff: Diff) -> pd.DataFrame:
    """Planned and actual money per quarter (Q1..Q4, total): before, after, delta."""
    m = diff.money
    rows = [
        [what, q.period, float(q.before), float(q.after), float(q.delta)]
        for what, quarters in (("planned", m.planned), ("actual", m.actual))
        for q in quarters
    ]
    frame = pd.DataFrame(rows, columns=["money", "period", "before", "after", "delta"])
    return frame.astype({"money": "str", "period": "str"})


def moves_frame(diff: Diff) -> pd.DataFrame:
    """Planned money moved: from action and quarter, to action and quarter, amount."""
    columns = ["from_action", "from_period", "to_action", "to_period", "amount"]
    rows = [
        [v.from_action, v.from_period, v.to_action, v.to_period, float(v.amount)]
        for v in diff.money.moves
    ]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({c: "str" for c in columns[:4]} | {"amount": "float64"})
