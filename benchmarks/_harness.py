"""The timing harness: run one job in a fresh interpreter, keep its runs, take medians.

Every measurement is a subprocess running `_worker.py` with one JSON job, so its time and its
peak memory are its own. `run_rounds` runs a set of tasks side by side (one run of each per
round), so that whatever else the machine does at the time disturbs them alike.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
WORKER = BENCH_DIR / "_worker.py"
AS_OF = "2024-07-01"
SEED = 1
SMALL = 1_000  # sizes up to this one take under a second per run and vary more (more runs)


@dataclass(frozen=True)
class Repeats:
    """How many runs each kind of measurement gets (the tables show medians)."""

    large: int  # per task at sizes above SMALL
    small: int  # per task at sizes up to SMALL
    check: int  # rounds of the check benchmark
    startup: int  # rounds of the start-up commands (the report target wants at least 10)

    def at(self, n: int) -> int:
        return self.small if n <= SMALL else self.large


def run_worker(job: dict[str, Any], timeout: float | None = None) -> dict[str, Any]:
    """Run one job in a fresh interpreter; adds ``wall_s`` (the whole subprocess, as a shell
    sees it: interpreter start-up, imports, inputs, operation, exit) and the load average."""
    load = os.getloadavg()[0]
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(WORKER), json.dumps(job)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )
    wall = time.perf_counter() - t
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {
            "task": job["task"],
            "error": f"worker exited {proc.returncode}: {proc.stderr.strip()[-500:]}",
            "wall_s": wall,
        }
    out: dict[str, Any] = json.loads(lines[-1])
    out["wall_s"] = wall
    out["load"] = load
    if "error" in out:
        print(f"    ! {job['task']}: {out['error']}", file=sys.stderr)
    return out


def wall_time(cmd: list[str]) -> tuple[float, int]:
    """The wall time of a whole command (output thrown away) and its exit code."""
    t = time.perf_counter()
    proc = subprocess.run(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, check=False
    )
    return time.perf_counter() - t, proc.returncode


def xlplan_command() -> list[str]:
    """The installed console script (next to this interpreter), not a pyenv shim, whose own
    start-up would be counted otherwise."""
    script = Path(sys.executable).with_name("xlplan")
    if script.exists():
        return [str(script)]
    found = shutil.which("xlplan")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from xlplan.cli import main; sys.exit(main())"]


def byte_compile() -> None:
    """Compile xlplan's modules to bytecode first, as pip does when it installs a package: an
    editable install run with PYTHONDONTWRITEBYTECODE set would compile them again in every
    worker, inside the timed region for modules imported lazily."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("xlplan")
    for folder in spec.submodule_search_locations or [] if spec else []:
        compileall.compile_dir(folder, quiet=1)


@dataclass
class Series:
    """The runs of one task at one size."""

    runs: list[dict[str, Any]] = field(default_factory=list)

    def ok(self) -> list[dict[str, Any]]:
        return [r for r in self.runs if "error" not in r]

    def med(self, key: str) -> float | None:
        values = [r[key] for r in self.ok() if r.get(key) is not None]
        return statistics.median(values) if values else None

    def med_split(self, key: str) -> float | None:
        values = [r["split"][key] for r in self.ok() if "split" in r]
        return statistics.median(values) if values else None

    def delta(self) -> float | None:
        """Median KiB the operation added to the process's peak (peak − before)."""
        values = [r["peak_kib"] - r["rss_before_kib"] for r in self.ok() if "rss_before_kib" in r]
        return statistics.median(values) if values else None

    @property
    def error(self) -> str | None:
        errors = [r["error"] for r in self.runs if "error" in r]
        return errors[0] if errors and not self.ok() else None


def series_of(raw: dict[str, list[dict[str, Any]]]) -> dict[str, Series]:
    """Series from their runs as saved in the raw JSON."""
    return {task: Series(runs) for task, runs in raw.items()}


def run_rounds(
    what: str,
    jobs: dict[str, dict[str, Any]],
    rounds: int,
    budget: float,
    fallback: dict[str, tuple[str, dict[str, Any]]] | None = None,
) -> dict[str, Series]:
    """Run every job once per round, side by side, `rounds` times.

    Args:
        what: how the progress lines name this set (``n=1000``…).
        jobs: task name → worker job, run in this order in each round.
        rounds: rounds wanted.
        budget: seconds the rounds after the first may take; if one round is so slow that the
            rest would exceed it, the tasks that took more than a tenth of the budget run once
            and the others keep their rounds if they fit (else every task runs once).
        fallback: task → (other task, its job) to add after it, from then on, when it fails
            (a read refused by the safety limits is measured with them lifted).

    Returns:
        The runs of each task.
    """
    series: dict[str, Series] = defaultdict(Series)
    tasks = list(jobs)
    jobs = dict(jobs)
    fallback = fallback or {}
    r = 0
    while r < rounds:
        t_round = time.perf_counter()
        i = 0
        while i < len(tasks):
            task = tasks[i]
            i += 1
            job = jobs[task]
            result = run_worker(job)
            series[task].runs.append(result)
            if "out" in job:
                Path(job["out"]).unlink(missing_ok=True)
            shown = f"{result['op_s']:.3f} s" if "op_s" in result else "error"
            print(f"  {what} run {r + 1}/{rounds} {task}: {shown}", file=sys.stderr)
            if task in fallback and "error" in result and fallback[task][0] not in jobs:
                other, other_job = fallback[task]
                print(f"  {what}: {task} failed; measuring {other} too", file=sys.stderr)
                jobs[other] = other_job
                tasks.insert(tasks.index(task) + 1, other)
        spent = time.perf_counter() - t_round
        if r == 0 and rounds > 1 and spent * (rounds - 1) > budget:
            took = {t: series[t].runs[-1].get("wall_s", budget) for t in tasks}
            quick = [t for t in tasks if took[t] <= budget / 10]
            if quick and sum(took[t] for t in quick) * (rounds - 1) <= budget:
                dropped = [t for t in tasks if t not in quick]
                tasks = quick
            else:
                dropped, rounds = tasks, 1
            print(
                f"  {what}: one round took {spent:.0f} s; {rounds - 1} more would exceed the "
                f"{budget:.0f} s budget: 1 run of {', '.join(dropped)}",
                file=sys.stderr,
            )
        r += 1
    return dict(series)
