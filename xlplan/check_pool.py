"""The worker processes of `xlplan.checks.check`: batches of files, how the processes start,
what happens when one dies or the user presses Ctrl-C.

Generic over the work: `run` takes the batch function (a module-level function, so that a
fork server or a spawned process can import it) and what to make of a task whose process died;
it knows nothing of plans.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing as mp
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any, TypeVar

try:
    import fcntl
except ImportError:  # (Windows)
    fcntl = None  # type: ignore[assignment]

__all__ = ["PoolFactory", "in_worker", "process_pool", "run"]

Task = TypeVar("Task", bound=tuple[Any, ...])
Result = TypeVar("Result")

PoolFactory = Callable[[int, BaseContext], Executor]
"""Makes the pool of `check`'s worker processes from their number and their start method."""


def process_pool(jobs: int, context: BaseContext) -> Executor:
    """The default `PoolFactory`: a `ProcessPoolExecutor`, its results' pipe enlarged."""
    pool = ProcessPoolExecutor(jobs, mp_context=context)
    _enlarge_results_pipe(pool)
    return pool


_PIPE_BYTES = 1 << 20  # (Linux lets any process have pipes of up to 1 MiB: fs.pipe-max-size)


def _enlarge_results_pipe(pool: ProcessPoolExecutor) -> None:
    """Let the workers' results wait in a 1 MiB pipe rather than 64 KiB (Linux).

    All workers write their results into one pipe, which the parent empties between other
    work (unpickling the previous result) on a core the workers also need: a batch's results
    (≈ 50 KB) did not fit beside another's, and its worker waited, holding the pipe's lock.
    Measured on the check benchmark: each worker's time sending results 0.06-0.11 s -> 0.03-0.04
    s. Where the pipe cannot be resized (not Linux, another executor's layout), nothing
    changes. (The queue is the executor's own; ``_result_queue`` since Python 3.9.)
    """
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    reader = getattr(getattr(pool, "_result_queue", None), "_reader", None)
    if set_size is None or reader is None:
        return
    with contextlib.suppress(OSError, ValueError, AttributeError):
        fcntl.fcntl(reader.fileno(), set_size, _PIPE_BYTES)


def in_worker() -> bool:
    """Whether this is a worker process (not a pool of threads in the caller's process)."""
    return mp.parent_process() is not None


def run(
    tasks: Sequence[Task],
    jobs: int,
    *,
    batch: Callable[[list[Task]], list[Result]],
    died: Callable[[Task, Exception], Result],
    pool: PoolFactory,
    preload: Sequence[str],
    progress: Callable[[Result], None] | None = None,
) -> list[Result]:
    """Run `batch` over `tasks` in `jobs` worker processes; the results in the order of the
    tasks (each given to `progress` as it comes, in that order).

    Small batches of consecutive tasks (about 32 per worker): few round trips, yet an even
    finish and a progress bar that moves. A batch whose process died is run again one task per
    process, so that the task that kills its process is the one given to `died`. `preload`
    names the modules the workers need, imported here before the processes fork.
    """
    for name in preload:
        importlib.import_module(name)
    results: list[Result] = []
    with pool(jobs, _context(preload)) as workers:
        try:
            runs = _batches([t[0] for t in tasks], 32 * jobs)
            futures = [workers.submit(batch, [tasks[i] for i in run]) for run in runs]
            for run, future in zip(runs, futures, strict=True):
                try:
                    done = future.result()
                except Exception:  # (a worker died, or a result could not travel back)
                    done = _isolated([tasks[i] for i in run], batch, died, pool, preload)
                for result in done:
                    results.append(result)
                    if progress:
                        progress(result)
        except BaseException:
            _stop(workers)
            raise
    return results


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


def _context(preload: Sequence[str]) -> BaseContext:
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
        context.set_forkserver_preload(list(preload))
        return context
    return mp.get_context("spawn")


def _stop(workers: Executor) -> None:
    """Stop the worker processes now: after Ctrl-C, the pool's own shutdown would wait for the
    batches running (seconds each). ``terminate_workers`` is Python 3.14's; before it, the
    executor's process table is the only handle on them."""
    terminate = getattr(workers, "terminate_workers", None)
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(workers, "_processes", None) or {}).values()):
        with contextlib.suppress(Exception):
            process.terminate()
    # Then wait for the pool's manager thread, which sees its processes gone: left running, it
    # would race the interpreter's exit for its wake-up pipe ("Bad file descriptor").
    workers.shutdown(wait=True, cancel_futures=True)


def _isolated(
    tasks: list[Task],
    batch: Callable[[list[Task]], list[Result]],
    died: Callable[[Task, Exception], Result],
    pool: PoolFactory,
    preload: Sequence[str],
) -> list[Result]:
    """Run each task of a batch whose worker died in a process of its own."""
    results: list[Result] = []
    for task in tasks:
        try:
            with pool(1, _context(preload)) as worker:
                results += worker.submit(batch, [task]).result()
        except Exception as exc:
            results.append(died(task, exc))
    return results
