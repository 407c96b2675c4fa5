"""`xlplan diff`: what changed between two versions of a plan (workbooks or plan files).

`load` reads either side, `compare` pairs actions, objectives, KPIs and owners and compares
them field by field, `money` sums the money moves, `apply` rebuilds NEW from OLD and the
changes, `render` shows them (JSON, table, Markdown) and `frames` turns them into pandas
DataFrames at the API edge. (The package is not named ``diff``: importing it would replace
the function `xlplan.diff` with the package.)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..model.plan import Plan
from .apply import apply
from .result import Diff

__all__ = ["Diff", "apply", "diff"]


def diff(old: str | Path | Plan, new: str | Path | Plan, as_of: dt.date | None = None) -> Diff:
    """What changed from OLD to NEW.

    Args:
        old: the earlier version: a workbook (xlplan's own or a hand-made plan table), a plan
            file (.yaml, .yml, .json) or a `Plan`.
        new: the later version, in any of these forms.
        as_of: the day lateness and KPI status are judged on (today when None).

    Returns:
        A `Diff`: plan-level changes, the items added, removed and changed field by field,
        the money moves; `exit_code` 0 when nothing differs, 1 otherwise; the DataFrames
        `changes`, `totals` and `moves`.

    Raises:
        XlplanError: either side is unusable.
    """
    from .compare import compare
    from .load import load_side, side_of

    sides = [side_of(x) if isinstance(x, Plan) else load_side(x) for x in (old, new)]
    return compare(sides[0], sides[1], as_of)
