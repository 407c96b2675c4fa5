"""The analysis records as pandas DataFrames: the API edge, and the only module of the analysis
that imports pandas.

Columns are fixed: an empty table still has them, with the same dtypes (text columns ``str``,
money and percentages ``float64``, counts ``int64``, dates ``object`` holding `datetime.date`),
all read from the record's field types (`records`). A missing number is NaN.
"""

from __future__ import annotations

import datetime as dt
import functools
import typing
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .records import (
    PERIODS,
    ActionOverruns,
    ChannelGroup,
    HygieneBreach,
    KpiGap,
    LateAction,
    NotStarted,
    ObjectiveGroup,
    ObjectiveOverruns,
    Overrun,
    OwnerGroup,
    OwnerOverruns,
    Totals,
)
from .result import Analysis, Figures

_Column = Callable[[Sequence[Any]], Any]  # a column's values -> the array pandas takes as is

_STR = pd.api.types.pandas_dtype("str")  # (looked up once: pandas' registry is slow)


def _text(values: Sequence[Any]) -> Any:
    return pd.array(list(values), dtype=_STR)  # type: ignore[arg-type]


def _count(values: Sequence[Any]) -> Any:
    return np.array(values, dtype=np.int64)


def _number(values: Sequence[Any]) -> Any:
    # (floats made here: numpy's own conversion of each Decimal is half as fast again)
    return np.array([_NAN if v is None else float(v) for v in values], dtype=np.float64)


_NAN = float("nan")


def _objects(values: Sequence[Any]) -> Any:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


_COLUMNS: dict[Any, _Column] = {str: _text, int: _count, dt.date: _objects}


@functools.cache
def _columns(record: type[tuple[Any, ...]]) -> tuple[tuple[str, _Column], ...]:
    """Each field of a record type with the maker of its column (numbers for any other type)."""
    hints = typing.get_type_hints(record)
    names: tuple[str, ...] = record._fields  # type: ignore[attr-defined]
    return tuple((name, _COLUMNS.get(hints[name], _number)) for name in names)


def frame(record: type[tuple[Any, ...]], rows: Sequence[tuple[Any, ...]]) -> pd.DataFrame:
    """A DataFrame with exactly the record's columns and dtypes, even without rows.

    Each column is made as an array of its dtype first: pandas then takes the arrays as they are
    (five times faster than letting it infer and convert a Series per column).

    Args:
        record: the named tuple type of the rows (`records`).
        rows: the rows.

    Returns:
        One row per record, a ``RangeIndex``.
    """
    columns = _columns(record)
    values = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
    return pd.DataFrame(
        {name: make(column) for (name, make), column in zip(columns, values, strict=True)},
        index=pd.RangeIndex(len(rows)),
        copy=False,
    )


def totals_frame(totals: Totals) -> pd.DataFrame:
    """Index ``["planned", "actual", "variance"]``, columns ``["Q1", "Q2", "Q3", "Q4", "total"]``.

    Args:
        totals: the exact sums.

    Returns:
        The sums as float.
    """
    return pd.DataFrame(
        [[float(v) for v in (*quarters, quarters.total)] for quarters in totals],
        index=pd.Index(["planned", "actual", "variance"]),
        columns=pd.Index([*PERIODS, "total"]),
        dtype="float64",
    )


RECORDS: dict[str, type[tuple[Any, ...]]] = {
    "by_objective": ObjectiveGroup,
    "by_owner": OwnerGroup,
    "by_channel": ChannelGroup,
    "overruns": Overrun,
    "overruns_by_action": ActionOverruns,
    "overruns_by_objective": ObjectiveOverruns,
    "overruns_by_owner": OwnerOverruns,
    "kpi_gaps": KpiGap,
    "late_actions": LateAction,
    "not_started": NotStarted,
    "hygiene": HygieneBreach,
}
"""The record type of each table of `Figures`, by name."""


def table(figures: Figures, name: str) -> pd.DataFrame:
    """One table of the figures as a DataFrame.

    Args:
        figures: the analysis as records.
        name: ``"totals"`` or a name of `RECORDS`.

    Returns:
        The DataFrame `Analysis` holds under that name.
    """
    if name == "totals":
        return totals_frame(figures.totals)
    return frame(RECORDS[name], getattr(figures, name))


def analysis(figures: Figures) -> Analysis:
    """The figures with each table as a DataFrame.

    Args:
        figures: the analysis as records.

    Returns:
        The same analysis, DataFrames in place of the lists of records.
    """
    f = figures
    return Analysis(
        as_of=f.as_of,
        totals=totals_frame(f.totals),
        planned_total=f.planned_total,
        actual_total=f.actual_total,
        envelope=f.envelope,
        remaining=f.remaining,
        consumed_pct=f.consumed_pct,
        envelope_overrun=f.envelope_overrun,
        by_objective=frame(ObjectiveGroup, f.by_objective),
        by_owner=frame(OwnerGroup, f.by_owner),
        by_channel=frame(ChannelGroup, f.by_channel),
        overruns=frame(Overrun, f.overruns),
        overruns_by_action=frame(ActionOverruns, f.overruns_by_action),
        overruns_by_objective=frame(ObjectiveOverruns, f.overruns_by_objective),
        overruns_by_owner=frame(OwnerOverruns, f.overruns_by_owner),
        kpi_gaps=frame(KpiGap, f.kpi_gaps),
        late_actions=frame(LateAction, f.late_actions),
        not_started=frame(NotStarted, f.not_started),
        hygiene=frame(HygieneBreach, f.hygiene),
    )
