"""Scripted budget checks over one workbook or hundreds: rules, thresholds, exit codes.

`check` reads each workbook (`xlplan.read`), analyses it (`xlplan.analyze`) and judges it by
rules: ``overrun`` (an action × quarter above the tolerated overrun), ``envelope`` (the plan's
total above its envelope), ``kpi`` (KPIs behind), ``late`` (late actions) and ``hygiene``
(actions without objective or owner). Rules in `fail_on` fail the check; the others are reported
as warnings, like the budget-consumed warnings (80 / 90 / 100 % by default).

Exit code of a run: 2 when any input is unusable (the others are still checked), else 1 when
any file breaches a failing rule, else 0.
"""

from __future__ import annotations

import datetime as dt
import importlib
import multiprocessing as mp
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .analysis.result import Figures, figures
from .check_scan import WORKBOOK_SUFFIXES as WORKBOOK_SUFFIXES
from .check_scan import Skipped, scan
from .check_scan import workbooks as workbooks
from .errors import Problem, ProblemCode, XlplanError
from .i18n import Message, MessageLang, msg
from .i18n.numbers import Number, percent
from .model.plan import RULES, Plan, Rule, parse_max_overrun

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_FAIL_ON: tuple[Rule, ...] = ("overrun", "envelope")
DEFAULT_WARN_AT: tuple[Decimal, ...] = (Decimal(80), Decimal(90), Decimal(100))


def _percentage(level: Decimal) -> bool:
    return level.is_finite() and 0 < level <= 1_000_000


def parse_percentages(text: str) -> tuple[Decimal, ...]:
    """Comma-separated percentages such as ``"80,90,100"`` (a "%" after each allowed).

    Raises:
        ValueError: an item that is not a number above 0 and at most 1 000 000, quoted, with an
            example.
    """
    levels = []
    for item in text.split(","):
        raw = item.strip().removesuffix("%").strip()
        try:
            level = Decimal(raw)
        except ArithmeticError:
            level = Decimal("NaN")
        if not _percentage(level):
            raise ValueError(
                msg(
                    "expected percentages above 0 (at most 1000000) separated by commas, "
                    "such as 80,90,100; found {item!r} in {text!r}",
                    item=item.strip(),
                    text=text,
                )
            )
        levels.append(level)
    return tuple(levels)


@dataclass(frozen=True)
class Thresholds:
    """What a check tolerates. None means: the plan's own setting, else the default.

    Args:
        max_overrun: ``"30%"`` (of the planned amount) or an amount such as ``"500"``.
        warn_at: budget-consumed percentages that raise a warning.
        fail_on: the rules whose breach fails the check.
    """

    max_overrun: str | None = None
    warn_at: tuple[Decimal, ...] | None = None
    fail_on: tuple[Rule, ...] | None = None

    def __post_init__(self) -> None:
        if self.max_overrun is not None:
            parse_max_overrun(self.max_overrun)
        for level in self.warn_at or ():
            if not _percentage(level):
                raise ValueError(
                    msg("a warning level must be a percentage above 0, found {level}", level=level)
                )
        for rule in self.fail_on or ():
            if rule not in RULES:
                raise ValueError(
                    msg("unknown rule {rule!r} (rules: {rules})", rule=rule, rules=", ".join(RULES))
                )

    @classmethod
    def parse(cls, max_overrun: str | None, warn_at: str | None, fail_on: str | None) -> Thresholds:
        """Thresholds from the command line's text, None or "" meaning "not given".

        Args:
            max_overrun: ``"30%"`` or ``"500"``.
            warn_at: comma-separated percentages, ``"80,90,100"`` (a "%" after each allowed).
            fail_on: comma-separated rules, ``"overrun,envelope"``.

        Returns:
            The thresholds.

        Raises:
            ValueError: a value that is not one of those, quoted.
        """
        levels = parse_percentages(warn_at) if warn_at else None
        rules = tuple(p.strip() for p in fail_on.split(",") if p.strip()) if fail_on else None
        return cls(max_overrun=max_overrun, warn_at=levels, fail_on=rules)  # type: ignore[arg-type]

    def resolved(self, plan: Plan) -> Thresholds:
        """These thresholds, completed by the plan's own, then by the defaults."""
        own = plan.checks
        return Thresholds(
            max_overrun=self.max_overrun or own.max_overrun or "0%",
            warn_at=self.warn_at or (tuple(own.warn_at) if own.warn_at else DEFAULT_WARN_AT),
            fail_on=self.fail_on or (tuple(own.fail_on) if own.fail_on else DEFAULT_FAIL_ON),
        )


@dataclass(frozen=True)
class Finding:
    """One rule breach (or warning) in one file."""

    rule: str
    severity: Literal["fail", "warn"]
    message: str
    action_id: str = ""
    period: str = ""
    planned: float | None = None
    actual: float | None = None
    overrun: float | None = None
    overrun_pct: float | None = None
    said: Message | None = field(default=None, compare=False)
    """`message` as a catalog message (`text` renders it in either language)."""

    def text(self, lang: MessageLang = "en") -> str:
        """The message in `lang`."""
        return self.message if self.said is None else self.said.text(lang)


def _finding(
    rule: str, severity: Literal["fail", "warn"], said: Message, **figures: str | float | None
) -> Finding:
    return Finding(rule, severity, str(said), said=said, **figures)  # type: ignore[arg-type]


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
    figures: Figures | None = None  # (None when unusable)
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


def judge(plan: Plan, as_of: dt.date, thresholds: Thresholds) -> tuple[list[Finding], Figures]:
    """The findings of one plan under the thresholds, and its analysis.

    Args:
        plan: the plan.
        as_of: the date late actions and KPIs are judged at.
        thresholds: overrides of the plan's own thresholds.

    Returns:
        The findings, rule by rule, and the figures they were found in.
    """
    analysis = figures(plan, as_of)
    t = thresholds.resolved(plan)
    assert t.max_overrun is not None and t.fail_on is not None and t.warn_at is not None
    kind, limit = parse_max_overrun(t.max_overrun)
    fail_on = t.fail_on

    def level(rule: str) -> Literal["fail", "warn"]:
        return "fail" if rule in fail_on else "warn"

    findings: list[Finding] = []
    for o in analysis.overruns:
        pct, planned, actual, overrun = (
            o.overrun_pct,
            float(o.planned),
            float(o.actual),
            float(o.overrun),
        )
        above = (pct is None or pct > limit) if kind == "pct" else overrun > limit
        if not above:
            continue
        shown = msg("nothing planned") if pct is None else percent(pct, sign=True)
        findings.append(
            _finding(
                "overrun",
                level("overrun"),
                msg(
                    "{id} {action}, {period}: {actual:,.2f} spent for {planned:,.2f} planned "
                    "({shown}; tolerated {tolerated})",
                    id=o.action_id,
                    action=o.action,
                    period=o.period,
                    actual=actual,
                    planned=planned,
                    shown=shown,
                    tolerated=t.max_overrun,
                ),
                action_id=o.action_id,
                period=o.period,
                planned=planned,
                actual=actual,
                overrun=overrun,
                overrun_pct=pct,
            )
        )
    envelope = analysis.envelope
    if envelope is not None:
        for side, total in (("planned", analysis.planned_total), ("actual", analysis.actual_total)):
            if total > envelope:
                said = (
                    msg(
                        "planned total {total:,.2f} is above the envelope {envelope:,.2f}",
                        total=total,
                        envelope=envelope,
                    )
                    if side == "planned"
                    else msg(
                        "actual total {total:,.2f} is above the envelope {envelope:,.2f}",
                        total=total,
                        envelope=envelope,
                    )
                )
                findings.append(
                    _finding(
                        "envelope",
                        level("envelope"),
                        said,
                        planned=float(analysis.planned_total),
                        actual=float(analysis.actual_total),
                        overrun=float(total - envelope),
                    )
                )
    for k in analysis.kpi_gaps:
        if k.status == "behind":
            assert k.attainment_pct is not None  # (a KPI is behind by its attainment)
            findings.append(
                _finding(
                    "kpi",
                    level("kpi"),
                    msg(
                        "KPI {id} {name}: {attained} of the way to its target, "
                        "{expected} expected by {date}",
                        id=k.kpi,
                        name=k.name,
                        attained=percent(k.attainment_pct),
                        expected=percent(k.expected_pct),
                        date=as_of.isoformat(),
                    ),
                )
            )
    for a in analysis.late_actions:
        findings.append(
            _finding(
                "late",
                level("late"),
                msg(
                    "{id} {action}: ended {end}, {days} days ago, status {status}",
                    id=a.action_id,
                    action=a.action,
                    end=a.end.isoformat(),
                    days=a.days_late,
                    status=a.status,
                ),
                action_id=a.action_id,
            )
        )
    titles = {a.id: a.title for a in plan.actions}
    for h in analysis.hygiene:
        if h.rule in ("action_without_objective", "action_without_owner"):
            title = titles.get(h.item_id, "")
            said = (
                msg("action {id} “{title}” serves no objective", id=h.item_id, title=title)
                if h.rule == "action_without_objective"
                else msg("action {id} “{title}” has no owner", id=h.item_id, title=title)
            )
            # (the message stays the analysis's own, which the JSON has always given)
            findings.append(
                Finding("hygiene", level("hygiene"), h.message, action_id=h.item_id, said=said)
            )
    consumed = analysis.consumed_pct
    crossed = [w for w in t.warn_at if consumed is not None and consumed >= float(w)]
    if crossed:
        findings.append(
            _finding(
                "consumed",
                "warn",
                msg(
                    "{consumed} of the budget consumed (warning at {level})",
                    consumed=percent(consumed or 0),  # (crossed: consumed is known)
                    level=Number(max(crossed), "", " %"),
                ),
            )
        )
    return findings, analysis


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
    if mp.parent_process() is None:  # (a pool of threads, in the caller's process)
        return [check_file(*task, prefetch=False) for task in batch]
    from ._gc import paused

    # A process of xlplan's own, as the command line is: it pauses its collector, which would
    # otherwise walk the objects inherited from the caller again and again.
    with paused():
        return [check_file(*task, prefetch=False) for task in batch]


def _batches(files: Sequence[Path], parts: int) -> list[range]:
    """About `parts` consecutive runs of `files`, of about equal total size."""
    sizes = []
    for f in files:
        try:
            sizes.append(f.stat().st_size + 1)
        except OSError:
            sizes.append(1)
    target, runs, start, filled = sum(sizes) / parts, [], 0, 0
    for i, size in enumerate(sizes):
        filled += size
        if filled >= target or i == len(files) - 1:
            runs.append(range(start, i + 1))
            start, filled = i + 1, 0
    return runs


def _context() -> BaseContext:
    """How worker processes start: fork (instant, the modules already imported) when this
    process runs no other thread, else a fork server that preloads the modules.

    Why: fork copies the calling thread only, so another thread's locks would stay held in the
    child. Python counts its own threads; numpy's OpenBLAS starts a native pool when imported,
    idle while this thread forks (a BLAS call runs on the thread that calls it) and rebuilt in
    the child by OpenBLAS's own fork handler. Python 3.11 forks such a process by default; from
    3.12 it warns about forking it, so there a process that imported numpy does not fork. (The
    fork server costs a fresh interpreter importing pydantic before any worker starts: 0.3 s,
    a fifth of checking 100 small workbooks.)
    """
    methods = mp.get_all_start_methods()
    numpy_ok = sys.version_info < (3, 12) or "numpy" not in sys.modules
    if "fork" in methods and threading.active_count() == 1 and numpy_ok:
        return mp.get_context("fork")
    if "forkserver" in methods:
        context = mp.get_context("forkserver")
        context.set_forkserver_preload(list(_PRELOAD))
        return context
    return mp.get_context("spawn")


PoolFactory = Callable[[int, BaseContext], Executor]
"""Makes the pool of `check`'s worker processes from their number and their start method."""


def process_pool(jobs: int, context: BaseContext) -> Executor:
    """The default `PoolFactory`: a `ProcessPoolExecutor`."""
    return ProcessPoolExecutor(jobs, mp_context=context)


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
    results: list[FileResult] = []
    if jobs <= 1:
        for task in tasks:
            results.append(check_file(*task))
            if progress:
                progress(results[-1])
        return results
    for name in _PRELOAD:
        importlib.import_module(name)
    # Small batches of consecutive files (about 32 per worker): few round trips, yet an even
    # finish and a progress bar that moves; results are taken in the order of the files.
    with pool(jobs, _context()) as workers:
        try:
            runs = _batches(files, 32 * jobs)
            futures = [workers.submit(_check_batch, [tasks[i] for i in run]) for run in runs]
            for run, future in zip(runs, futures, strict=True):
                try:
                    batch = future.result()
                except Exception:  # (a worker died, or a result could not travel back)
                    batch = _isolated([tasks[i] for i in run], pool)
                for result in batch:
                    results.append(result)
                    if progress:
                        progress(result)
        except BaseException:
            workers.shutdown(wait=False, cancel_futures=True)
            raise
    return results


def _isolated(tasks: list[tuple[Path, dt.date, Thresholds]], pool: PoolFactory) -> list[FileResult]:
    """Check each file of a batch whose worker died in a process of its own, so that the file
    that kills its process is the one reported unusable, and the others are checked."""
    results = []
    for task in tasks:
        try:
            with pool(1, _context()) as worker:
                results += worker.submit(_check_batch, [task]).result()
        except Exception as exc:
            said = msg(
                "{path}: the process checking it stopped ({kind}: {detail})",
                path=str(task[0]),
                kind=type(exc).__name__,
                detail=str(exc),
            )
            results.append(_unusable(task[0], said))
    return results
