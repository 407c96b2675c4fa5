"""Scripted budget checks over one workbook or hundreds: rules, thresholds, exit codes.

`check` reads each workbook (`xlplan.read`), analyses it (`xlplan.analyze`) and judges it by
rules: ``overrun`` (an action × quarter above the tolerated overrun), ``envelope`` (the plan's
total above its envelope), ``kpi`` (KPIs behind), ``late`` (late actions) and ``hygiene``
(actions without objective or owner). Rules in `fail_on` fail the check; the others are reported
as warnings, like the budget-consumed warnings (80 / 90 / 100 % by default).

Exit code of a run: 2 when any input is unusable (the others are still checked), else 1 when
any file breaches a failing rule, else 0.

The rules and thresholds are `xlplan.check_rules`; the worker processes `xlplan.check_pool`.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, overload

from . import check_pool
from .analysis.result import Figures
from .check_pool import PoolFactory as PoolFactory
from .check_pool import process_pool as process_pool
from .check_rules import DEFAULT_FAIL_ON as DEFAULT_FAIL_ON
from .check_rules import DEFAULT_WARN_AT as DEFAULT_WARN_AT
from .check_rules import Finding as Finding
from .check_rules import Thresholds as Thresholds
from .check_rules import judge as judge
from .check_rules import parse_percentages as parse_percentages
from .check_scan import WORKBOOK_SUFFIXES as WORKBOOK_SUFFIXES
from .check_scan import Skipped, scan
from .check_scan import workbooks as workbooks
from .errors import Problem, ProblemCode, XlplanError
from .i18n import Message, MessageLang, msg

if TYPE_CHECKING:
    import pandas as pd


class _Packed:
    """A file's figures as a worker process sends them back: pickled apart, so that the caller
    unpickles them only when it reads them (the command line never does)."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __reduce__(self) -> tuple[type[_Packed], tuple[bytes]]:
        return _Packed, (self.data,)


class _Figures:
    """The `FileResult.figures` field: `Figures`, or None, unpacked when first read.

    Half of what a worker sends back for a file is its figures (≈ 1 000 objects): unpickled
    as they arrive, they took the parent's CPU while both workers ran, and the command line
    never reads them (`CheckReport`'s tables do)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = "_" + name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> None: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> Figures | None: ...
    def __get__(self, obj: object, owner: type | None = None) -> Figures | None:
        if obj is None:
            return None  # (the field's default)
        value = obj.__dict__.get(self.slot)
        if isinstance(value, _Packed):
            value = pickle.loads(value.data)
            obj.__dict__[self.slot] = value
        return value

    def __set__(self, obj: object, value: Figures | None) -> None:
        obj.__dict__[self.slot] = value


@dataclass
class FileResult:
    """The check of one file. `status` is "ok", "breach" or "unusable"."""

    file: str
    status: Literal["ok", "breach", "unusable"]
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    error: str = ""
    plan_name: str = ""
    currency: str = ""
    planned_total: float | None = None
    actual_total: float | None = None
    envelope: float | None = None
    consumed_pct: float | None = None
    figures: _Figures = _Figures()  # Figures | None (None when unusable)
    error_said: Message | None = field(default=None, compare=False)
    """`error` as a catalog message, when it is one (`error_text` renders it)."""

    def error_text(self, lang: MessageLang = "en") -> str:
        """The error in `lang`."""
        return self.error if self.error_said is None else self.error_said.text(lang)

    @property
    def exit_code(self) -> int:
        return {"ok": 0, "breach": 1, "unusable": 2}[self.status]

    def rules(self) -> list[str]:
        return sorted({f.rule for f in self.findings if f.severity == "fail"})

    def _packed(self) -> FileResult:
        """Self, its figures pickled apart (see `_Figures`): what a worker process sends."""
        figures = self.__dict__.get("_figures")
        if figures is not None and not isinstance(figures, _Packed):
            self.__dict__["_figures"] = _Packed(pickle.dumps(figures, pickle.HIGHEST_PROTOCOL))
        return self


@dataclass
class CheckReport:
    """The check of every file, with the analysis tables of all files as DataFrames.

    `overruns`, `totals`, `kpi_gaps` and `late_actions` concatenate each file's table of
    `xlplan.analyze` with a leading ``file`` column; they are built from each file's `figures`
    when asked for (pandas is imported then, not by the check itself).
    """

    files: list[FileResult]
    as_of: dt.date
    skipped: list[Skipped] = field(default_factory=list)
    """Spreadsheet files found in the folders that xlplan cannot check (.ods, .xls, .csv…)."""

    @property
    def exit_code(self) -> int:
        return max((f.exit_code for f in self.files), default=0)

    def _table(self, name: str) -> pd.DataFrame:
        import pandas as pd

        from .analysis.frames import table

        frames = [
            table(f.figures, name).assign(file=f.file) for f in self.files if f.figures is not None
        ]
        if not frames:
            return pd.DataFrame({"file": pd.Series(dtype=str)})
        frame = pd.concat(frames, ignore_index=name != "totals")
        return frame[["file", *(c for c in frame.columns if c != "file")]]

    @property
    def overruns(self) -> pd.DataFrame:
        return self._table("overruns")

    @property
    def totals(self) -> pd.DataFrame:
        return self._table("totals")

    @property
    def kpi_gaps(self) -> pd.DataFrame:
        return self._table("kpi_gaps")

    @property
    def late_actions(self) -> pd.DataFrame:
        return self._table("late_actions")


def check_file(
    path: str | Path,
    as_of: dt.date | None = None,
    thresholds: Thresholds | None = None,
    *,
    prefetch: bool = True,
) -> FileResult:
    """Check one workbook; an unusable one gives status "unusable" with the reason (`prefetch`:
    see `xlplan.read`). Whatever goes wrong with the file, even an unexpected exception, makes
    it unusable: nothing raises out of here but `KeyboardInterrupt` and `SystemExit`."""

    as_of = as_of or dt.date.today()
    try:
        return _check_file(path, as_of, thresholds or Thresholds(), prefetch)
    except XlplanError as exc:
        said = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], Message) else None
        return FileResult(str(path), "unusable", error=str(exc), error_said=said)
    except Exception as exc:  # (any failure of one file is that file's, never the batch's)
        return _unusable(path, _unexpected(path, exc))


def _unusable(path: str | Path, said: Message) -> FileResult:
    """An unusable file's result, `said` why (naming the file)."""
    return FileResult(str(path), "unusable", error=str(said), error_said=said)


def _unexpected(path: str | Path, exc: BaseException) -> Message:
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return msg(
        "{path}: could not be checked ({detail}); please report this as an xlplan bug",
        path=str(path),
        detail=detail,
    )


def _check_file(
    path: str | Path, as_of: dt.date, thresholds: Thresholds, prefetch: bool
) -> FileResult:
    from .reading.own import read

    result = read(path, prefetch=prefetch)
    findings, analysis = judge(result.plan, as_of, thresholds)
    # An error value in a cell, or a cell that could not be read, is a finding too (exit 1).
    broken = any(
        p.severity == "error" or p.code == ProblemCode.ERROR_VALUE for p in result.problems
    )
    status: Literal["ok", "breach"] = (
        "breach" if broken or any(f.severity == "fail" for f in findings) else "ok"
    )
    return FileResult(
        str(path),
        status,
        findings,
        result.problems,
        plan_name=result.plan.name,
        currency=result.plan.currency,
        planned_total=float(analysis.planned_total),
        actual_total=float(analysis.actual_total),
        envelope=None if analysis.envelope is None else float(analysis.envelope),
        consumed_pct=analysis.consumed_pct,
        figures=analysis,
    )


# What the workers need, including what the reader imports lazily: imported in the parent
# before it forks (or by the fork server, once), not by each worker.
_PRELOAD = ("xlplan.checks", "xlplan.reading.own", "xlplan.analysis")


def _check_batch(batch: list[tuple[Path, dt.date, Thresholds]]) -> list[FileResult]:
    # (a worker process: the other cores have their own workers, no thread to read a sheet)
    if not check_pool.in_worker():  # (a pool of threads, in the caller's process)
        return [check_file(*task, prefetch=False) for task in batch]
    from ._gc import paused

    # A process of xlplan's own, as the command line is: it pauses its collector, which would
    # otherwise walk the objects inherited from the caller again and again.
    with paused():
        return [check_file(*task, prefetch=False)._packed() for task in batch]


def check(
    paths: str | Path | Sequence[str | Path],
    *,
    as_of: dt.date | None = None,
    thresholds: Thresholds | None = None,
    jobs: int | None = None,
    progress: Callable[[FileResult], None] | None = None,
    pool: PoolFactory = process_pool,
    strict: bool = False,
) -> CheckReport:
    """Check workbooks (files or folders of them), in parallel processes when there are many.

    Args:
        paths: files and folders.
        as_of: the date late actions and KPIs are judged at (default today).
        thresholds: overrides of the plans' own thresholds.
        jobs: worker processes (default: the number of CPUs; 1 checks in this process; never
            more than the files).
        progress: called with each file's result, in the order of the files.
        pool: makes the pool of workers when more than one job runs (their number and start
            method given).
        strict: count the spreadsheet files of the folders that cannot be checked (.ods,
            .xls…) as unusable files; else they are listed in the report's `skipped`.

    Returns:
        The report; its `exit_code` is 0, 1 (breach) or 2 (unusable input).
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    files, skipped = scan(paths)
    as_of = as_of or dt.date.today()
    thresholds = thresholds or Thresholds()
    results = _check_all(files, as_of, thresholds, jobs, progress, pool)
    if strict:
        results += [
            _unusable(s.file, msg("{path}: {reason}", path=s.file, reason=s.said or s.reason))
            for s in skipped
        ]
        skipped = []
    return CheckReport(results, as_of, skipped)


def _check_all(
    files: list[Path],
    as_of: dt.date,
    thresholds: Thresholds,
    jobs: int | None,
    progress: Callable[[FileResult], None] | None,
    pool: PoolFactory,
) -> list[FileResult]:
    jobs = min(jobs or os.cpu_count() or 1, len(files))
    tasks = [(f, as_of, thresholds) for f in files]
    if jobs > 1:
        return check_pool.run(
            tasks,
            jobs,
            batch=_check_batch,
            died=_died,
            pool=pool,
            preload=_PRELOAD,
            progress=progress,
        )
    results: list[FileResult] = []
    for task in tasks:
        results.append(check_file(*task))
        if progress:
            progress(results[-1])
    return results


def _died(task: tuple[Path, dt.date, Thresholds], exc: Exception) -> FileResult:
    """The result of a file whose checking process died (`check_pool.run`)."""
    said = msg(
        "{path}: the process checking it stopped ({kind}: {detail})",
        path=str(task[0]),
        kind=type(exc).__name__,
        detail=str(exc),
    )
    return _unusable(task[0], said)
