"""The floor of the hand-made table target: the least any Python reader of the table does.

`read_and_sum` reads the seed's flat table (`_tables.py`) as python-calamine gives it and does
only what a report of it cannot skip, with none of xlplan's checks: the header found, the
action rows cut at the Total row, the amounts parsed exactly (numbers and text such as
``1 250,00 €``, each distinct value once per column), the quarter sums, the planned and actual
money by owner and by objective, and the overruns (action × quarter) as a pandas DataFrame.
No problem is looked for, no model is built, nothing is validated. Measured beside
`xlplan.read` + `analyze` and the bare calamine read, it shows how much of the ratio to
calamine any reader pays: the 2× target is worth comparing with this floor.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

_NOT_DIGITS = re.compile(r"[^0-9,.\-]")
_ZERO = Decimal(0)


def _amounts(column: tuple[Any, ...]) -> list[Decimal | None]:
    """Each cell's amount, None for an empty cell (each distinct value parsed once)."""
    seen: dict[Any, Decimal | None] = {}
    out: list[Decimal | None] = []
    for value in column:
        amount = seen.get(value, _ZERO)
        if amount is _ZERO:
            if value == "" or value is None:
                amount = None
            elif isinstance(value, float):
                amount = Decimal(repr(value))
            else:
                amount = Decimal(_NOT_DIGITS.sub("", str(value)).replace(",", ".") or "0")
            seen[value] = amount
        out.append(amount)
    return out


def read_and_sum(path: str) -> dict[str, Any]:
    """The floor pipeline on the table at `path`; returns its figures (to be used, not timed)."""
    import pandas as pd
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(path)
    sheets = [workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names]
    rows = sheets[0]
    header = next(i for i, row in enumerate(rows) if row and row[0] == "Action")
    body = []
    for row in rows[header + 1 :]:
        if row[0] == "Total":
            break
        body.append(row)
    titles, objectives, _kpis, owners, *money = zip(*body, strict=True)
    budget = [[_ZERO if a is None else a for a in _amounts(c)] for c in money[:4]]
    actual = [_amounts(c) for c in money[4:8]]
    planned_q = [sum(column, _ZERO) for column in budget]
    actual_q = [sum((a for a in column if a is not None), _ZERO) for column in actual]
    planned = [w + x + y + z for w, x, y, z in zip(*budget, strict=True)]
    groups: dict[tuple[str, Any], list[Decimal]] = {}
    for owner, objective, p in zip(owners, objectives, planned, strict=True):
        for key in (("owner", owner), ("objective", objective)):
            group = groups.setdefault(key, [_ZERO])
            group[0] += p
    overruns = []
    for q in range(4):
        for i, (p, a) in enumerate(zip(budget[q], actual[q], strict=True)):
            if a is not None and a > p:
                pct = None if p == 0 else float((a - p) * 100 / p)
                overruns.append((titles[i], owners[i], objectives[i], q, p, a, a - p, pct))
    frame = pd.DataFrame(
        overruns,
        columns=["action", "owner", "objective", "quarter", "planned", "actual", "over", "pct"],
    )
    return {
        "actions": len(body),
        "planned": str(sum(planned_q)),
        "actual": str(sum(actual_q)),
        "groups": len(groups),
        "overruns": len(frame),
    }
