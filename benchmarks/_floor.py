"""The floor of the hand-made table target: the least any Python reader of the table does.

`read_and_sum` reads the seed's flat table (`_tables.py`) as python-calamine gives it and does
only what the tables of `xlplan.analyze` cannot skip for this layout, with none of xlplan's
checks: the header found, the action rows cut at the Total row, the amounts parsed exactly
(numbers and text such as ``1 250,00 €``, each distinct value once per column), the quarter
sums, the planned and actual money by owner and by objective, the overruns (action × quarter)
and their sums per action, per objective and per owner, largest first, and the planning rules'
breaches (action without objective, owner, KPI or budget), each table a pandas DataFrame. (The
layout has no dates, statuses or channels: late actions, actions not started and channels are
empty there.) No problem is looked for, no model is built, nothing is validated. Measured
beside `xlplan.read` + `analyze` and the bare calamine read, it shows how much of the ratio to
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
    titles, objectives, kpis, owners, *money = zip(*body, strict=True)
    budget = [[_ZERO if a is None else a for a in _amounts(c)] for c in money[:4]]
    actual = [_amounts(c) for c in money[4:8]]
    planned_q = [sum(column, _ZERO) for column in budget]
    actual_q = [sum((a for a in column if a is not None), _ZERO) for column in actual]
    planned = [w + x + y + z for w, x, y, z in zip(*budget, strict=True)]
    spent = [
        sum((a for a in amounts if a is not None), _ZERO) for amounts in zip(*actual, strict=True)
    ]
    groups: dict[tuple[str, Any], list[Decimal]] = {}
    for owner, objective, p, x in zip(owners, objectives, planned, spent, strict=True):
        for key in (("owner", owner), ("objective", objective)):
            group = groups.setdefault(key, [_ZERO, _ZERO])
            group[0] += p
            group[1] += x
    by_group = pd.DataFrame(
        [(kind, name, float(p), float(x)) for (kind, name), (p, x) in groups.items()],
        columns=["kind", "name", "planned", "actual"],
    )
    overruns = []
    for q in range(4):
        for i, (p, a) in enumerate(zip(budget[q], actual[q], strict=True)):
            if a is not None and a > p:
                overruns.append((i, q, p, a))
    overruns.sort(key=lambda o: o[0] * 4 + o[1])
    frame = pd.DataFrame(
        [
            (
                titles[i],
                owners[i],
                objectives[i],
                q,
                float(p),
                float(a),
                float(a - p),
                _pct(a - p, p),
            )
            for i, q, p, a in overruns
        ],
        columns=["action", "owner", "objective", "quarter", "planned", "actual", "over", "pct"],
    )
    summed = [
        _summed(overruns, lambda i: i),
        _summed(overruns, lambda i: objectives[i]),
        _summed(overruns, lambda i: owners[i]),
    ]
    breaches = [
        (rule, i)
        for rule, column in (("objective", objectives), ("owner", owners), ("kpi", kpis))
        for i, value in enumerate(column)
        if value in ("", None)
    ]
    breaches += [("budget", i) for i, p in enumerate(planned) if p == 0]
    hygiene = pd.DataFrame([(rule, titles[i]) for rule, i in breaches], columns=["rule", "action"])
    return {
        "actions": len(body),
        "planned": str(sum(planned_q)),
        "actual": str(sum(actual_q)),
        "groups": len(by_group),
        "overruns": len(frame),
        "overruns_by": [len(f) for f in summed],
        "hygiene": len(hygiene),
    }


def _pct(part: Decimal, whole: Decimal) -> float | None:
    return None if whole == 0 else float(part * 100 / whole)


def _summed(overruns: list[tuple[int, int, Decimal, Decimal]], key: Any) -> Any:
    """The overruns summed per `key` of their action's index, largest first, as a DataFrame."""
    import pandas as pd

    sums: dict[Any, tuple[Decimal, Decimal]] = {}
    for i, _, p, a in overruns:
        k = key(i)
        found = sums.get(k)
        sums[k] = (p, a) if found is None else (found[0] + p, found[1] + a)
    ordered = sorted(sums.items(), key=lambda item: item[1][0] - item[1][1])
    return pd.DataFrame(
        [(k, float(p), float(a), float(a - p), _pct(a - p, p)) for k, (p, a) in ordered],
        columns=["key", "planned", "actual", "over", "pct"],
    )
