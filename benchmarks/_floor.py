"""The floor of the hand-made table target: the least any Python reader of the table does.

`read_and_sum` reads the seed's flat table (`_tables.py`) as python-calamine gives it and does
only what the tables of `xlplan.analyze` cannot skip for this layout, with none of xlplan's
checks, as fast as Python allows: the header found, the action rows cut at the Total row, the
amounts made exact integers of cents with numpy (numbers at once, text such as ``1 250,00 €``
one by one; an amount with more than two decimals stops it, as it is not needed here), the
quarter sums, the planned and actual money by owner and by objective, the overruns (action ×
quarter) and their sums per action, per objective and per owner, largest first, and the
planning rules' breaches (action without objective, owner, KPI or budget), each table a pandas
DataFrame. (The layout has no dates, statuses or channels: late actions, actions not started
and channels are empty there.) No problem is looked for, no model is built, nothing is
validated. Measured beside `xlplan.read` + `analyze` and the bare calamine read, it shows how
much of the ratio to calamine any reader pays: the 2× target is worth comparing with it.
"""

from __future__ import annotations

import re
from typing import Any

_NOT_DIGITS = re.compile(r"[^0-9,.\-]")


def _cents(column: tuple[Any, ...]) -> tuple[Any, Any]:
    """Each cell's amount in cents (int64, 0 for an empty cell) and whether it holds one."""
    import numpy as np

    n = len(column)
    empty = np.fromiter((v is None or v == "" for v in column), bool, n)
    number = np.fromiter((type(v) is float for v in column), bool, n)
    values = np.zeros(n)
    values[number] = np.array(column, dtype=object)[number].astype(np.float64)
    scaled = values * 100
    cents = np.rint(scaled)
    if np.any(np.abs(scaled - cents) > 1e-6):
        raise ValueError("an amount with more than two decimals: not this floor's table")
    out = cents.astype(np.int64)
    for i in np.flatnonzero(~(number | empty)):  # text amounts, one by one
        text = _NOT_DIGITS.sub("", str(column[i])).replace(",", ".")
        out[i] = round(float(text or 0) * 100)
    return out, ~empty


def read_and_sum(path: str) -> dict[str, Any]:
    """The floor pipeline on the table at `path`; returns its figures (to be used, not timed)."""
    import numpy as np
    import pandas as pd
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(path)
    sheets = [workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names]
    rows = sheets[0]
    header = next(i for i, row in enumerate(rows) if row and row[0] == "Action")
    end = next(i for i in range(header + 1, len(rows)) if rows[i][0] == "Total")
    body = rows[header + 1 : end]
    titles, objectives, kpis, owners, *money = zip(*body, strict=True)
    n = len(body)
    budget = np.empty((4, n), np.int64)
    actual = np.empty((4, n), np.int64)
    entered = np.empty((4, n), bool)
    for q in range(4):
        budget[q] = _cents(money[q])[0]
        actual[q], entered[q] = _cents(money[4 + q])
    planned, spent = budget.sum(0), actual.sum(0)
    by_action = pd.DataFrame(
        {"owner": owners, "objective": objectives, "planned": planned, "actual": spent}
    )
    by_group = [
        by_action.groupby(key, sort=False)[["planned", "actual"]].sum() / 100
        for key in ("owner", "objective")
    ]
    action, quarter = np.nonzero((entered & (actual > budget)).T)  # in plan order
    over = pd.DataFrame(
        {
            "action": np.asarray(titles, dtype=object)[action],
            "owner": np.asarray(owners, dtype=object)[action],
            "objective": np.asarray(objectives, dtype=object)[action],
            "quarter": quarter,
            "planned": budget[quarter, action] / 100,
            "actual": actual[quarter, action] / 100,
        }
    )
    over["over"] = over["actual"] - over["planned"]
    over["pct"] = over["over"] * 100 / over["planned"].where(over["planned"] != 0)
    summed = [
        over.groupby(key, sort=False)[["planned", "actual", "over"]]
        .sum()
        .sort_values("over", ascending=False, kind="stable")
        for key in ("action", "objective", "owner")
    ]
    breaches = [
        (rule, titles[i])
        for rule, column in (("objective", objectives), ("owner", owners), ("kpi", kpis))
        for i, value in enumerate(column)
        if value in ("", None)
    ]
    breaches += [("budget", titles[i]) for i in np.flatnonzero(planned == 0)]
    hygiene = pd.DataFrame(breaches, columns=["rule", "action"])
    return {
        "actions": n,
        "planned": f"{int(budget.sum()) / 100:.2f}",
        "actual": f"{int(actual.sum()) / 100:.2f}",
        "groups": sum(len(g) for g in by_group),
        "overruns": len(over),
        "overruns_by": [len(f) for f in summed],
        "hygiene": len(hygiene),
    }
