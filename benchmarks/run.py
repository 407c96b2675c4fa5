"""xlplan benchmarks: build, read + analyze, check and start-up against bare libraries.

    python benchmarks/run.py [--sizes 100,1000,10000,50000] [--repeat N] [--quick]
                             [--profile] [--no-profile] [--output docs/benchmarks.md]

Every measurement runs in a fresh interpreter (`_worker.py`), so its peak memory
(``ru_maxrss``) and its time are its own. Medians over the runs are printed as Markdown and
written to ``docs/benchmarks.md``. See ``benchmarks/README.md`` for what each column means.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
WORKER = BENCH_DIR / "_worker.py"
AS_OF = "2024-07-01"
SEED = 1
DEFAULT_SIZES = (100, 1_000, 10_000, 50_000)
QUICK_SIZES = (100, 1_000)
CHECK_FILES = 100
CHECK_ACTIONS = 20
STARTUP_RUNS = 5
PROFILE_SIZE = 10_000
BURN_LOOPS = 10_000_000  # per chunk of the parallelism calibration (4 chunks)
ANALYSIS = BENCH_DIR / "analysis.md"  # the hand-written reading of the profile, if any
MiB = 1024.0

# Targets of the issue.
BUILD_CELLS_PER_S_MIN = 0.75  # xlplan's cells/s ≥ 75 % of bare xlsxwriter's (time ≤ 1.33×)
READ_VS_CALAMINE_MAX = 2.0  # read + analyze ≤ 2 × bare python-calamine, net of start-up
CHECK_SPEEDUP_MIN = 1.8  # check of 100 small workbooks, jobs=2 vs one after another
SMALL = 1_000  # sizes up to this one take under a second per run and vary more:
SMALL_REPEAT = 9  # … they run at least this many times (and the check benchmark 7 times)
CHECK_REPEAT = 7
STARTUP_MAX_S = 0.3  # xlplan --help / --version wall time
IMPORT_10K_MAX_MIB = 300.0  # importing (xlplan.read) 10 000 actions, peak RSS of the process
FLAT_MAX_GROWTH = 1.25  # time per action at the largest size ≤ 1.25 × at 1 000
LINEAR_MAX_GROWTH = 1.5  # memory per extra action between the two largest sizes ≤ 1.5 × first


# --- running tasks -------------------------------------------------------------------------


def run_worker(job: dict[str, Any], timeout: float | None = None) -> dict[str, Any]:
    """Run one job in a fresh interpreter; adds ``wall_s`` (the whole subprocess, as a shell
    sees it: interpreter start-up, imports, inputs, operation, exit)."""
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


def wall_time(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, check=False)
    return time.perf_counter() - t


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

    @property
    def error(self) -> str | None:
        errors = [r["error"] for r in self.runs if "error" in r]
        return errors[0] if errors and not self.ok() else None


# --- the benchmark -------------------------------------------------------------------------

SIZE_TASKS = (
    "build",
    "xlsxwriter_mix",
    "xlsxwriter_exact",
    "xlsxwriter_exact_stored",
    "read_analyze",
    "calamine",
    "openpyxl",
)
# Run instead of nothing when `read_analyze` is refused (the safety limits of `xlplan.xlsx.guard`).
LIFTED = "read_analyze_lifted"
LABELS = {
    "build": "xlplan.build",
    "xlsxwriter_mix": "bare xlsxwriter, same cells per sheet (mix)",
    "xlsxwriter_exact": "bare xlsxwriter, xlplan's exact cells",
    "xlsxwriter_exact_stored": "bare xlsxwriter, xlplan's exact cells, formulas stored as written",
    LIFTED: "xlplan.read + analyze, safety limits lifted",
    "read_analyze": "xlplan.read + analyze",
    "calamine": "bare python-calamine, all sheets",
    "openpyxl": "bare openpyxl read-only, all values",
    "check_jobs2": "xlplan.check(jobs=2)",
    "check_jobs1": "xlplan.check(jobs=1), one after another",
    "cli_check": "`xlplan check DIR --format json` (CLI, all CPUs)",
    "cli_check_jobs1": "`xlplan check DIR --format json --jobs 1` (CLI)",
    "parallel_jobs2": "calibration: pure-CPU loop, 4 chunks, pool of 2",
    "parallel_jobs1": "calibration: pure-CPU loop, 4 chunks, pool of 1",
}


def prepare_size(n: int, work: Path) -> dict[str, Any]:
    d = work / f"n{n}"
    d.mkdir(exist_ok=True)
    job = {
        "task": "prepare",
        "n": n,
        "seed": SEED,
        "bench_dir": str(BENCH_DIR),
        "yaml": str(d / "plan.yaml"),
        "plan_pickle": str(d / "plan.pickle"),
        "xlsx": str(d / "plan.xlsx"),
        "as_of": AS_OF,
    }
    t = time.perf_counter()
    prep = run_worker(job)
    if "error" in prep:
        raise SystemExit(f"preparing {n} actions failed: {prep['error']}\n{prep.get('traceback')}")
    extract = run_worker(
        {"task": "extract", "path": job["xlsx"], "cells_pickle": str(d / "cells.pickle")}
    )
    if "error" in extract:
        raise SystemExit(f"extracting {n} actions failed: {extract['error']}")
    print(
        f"  prepared {n} actions in {time.perf_counter() - t:.1f} s "
        f"({sum(s['cells'] for s in prep['sheets'])} cells; "
        f"{extract['cells']} re-read for the exact-cells reference)",
        file=sys.stderr,
    )
    return {
        "dir": d,
        "plan_pickle": job["plan_pickle"],
        "xlsx": job["xlsx"],
        "cells_pickle": str(d / "cells.pickle"),
        "sheets": prep["sheets"],
        "cells": sum(s["cells"] for s in prep["sheets"]),
        "formulas": sum(s["formulas"] for s in prep["sheets"]),
        "xlsx_bytes": Path(job["xlsx"]).stat().st_size,
    }


def size_job(task: str, prep: dict[str, Any]) -> dict[str, Any]:
    out = str(prep["dir"] / f"out-{task}.xlsx")
    return {
        "build": {"task": "build", "plan_pickle": prep["plan_pickle"], "out": out, "as_of": AS_OF},
        "xlsxwriter_mix": {"task": "xlsxwriter_mix", "sheets": prep["sheets"], "out": out},
        "xlsxwriter_exact": {
            "task": "xlsxwriter_exact",
            "cells_pickle": prep["cells_pickle"],
            "out": out,
        },
        "xlsxwriter_exact_stored": {
            "task": "xlsxwriter_exact",
            "cells_pickle": prep["cells_pickle"],
            "out": out,
            "stored_formulas": True,
        },
        "read_analyze": {"task": "read_analyze", "path": prep["xlsx"], "as_of": AS_OF},
        LIFTED: {"task": "read_analyze", "path": prep["xlsx"], "as_of": AS_OF, "lift_limits": True},
        "calamine": {"task": "calamine", "path": prep["xlsx"]},
        "openpyxl": {"task": "openpyxl", "path": prep["xlsx"]},
    }[task]


def bench_size(n: int, prep: dict[str, Any], repeat: int, budget: float) -> dict[str, Series]:
    series: dict[str, Series] = defaultdict(Series)
    rounds = max(repeat, SMALL_REPEAT) if n <= SMALL and repeat > 1 else repeat
    r = 0
    tasks = list(SIZE_TASKS)
    while r < rounds:
        t_round = time.perf_counter()
        i = 0
        while i < len(tasks):
            task = tasks[i]
            i += 1
            job = size_job(task, prep)
            result = run_worker(job)
            series[task].runs.append(result)
            Path(job.get("out", "/nonexistent")).unlink(missing_ok=True)
            shown = f"{result['op_s']:.3f} s" if "op_s" in result else "error"
            print(f"  n={n} run {r + 1}/{rounds} {task}: {shown}", file=sys.stderr)
            if task == "read_analyze" and "error" in result and LIFTED not in tasks:
                print(
                    f"  n={n}: read refused; measuring it with the safety limits lifted too",
                    file=sys.stderr,
                )
                tasks.insert(tasks.index(task) + 1, LIFTED)
        spent = time.perf_counter() - t_round
        if r == 0 and rounds > 1 and spent * (rounds - 1) > budget:
            # The slow references run once; the quicker tasks (the reads, which vary the most
            # from run to run) keep their repeats if they fit in the budget.
            took = {t: series[t].runs[-1].get("wall_s", budget) for t in tasks}
            quick = [t for t in tasks if took[t] <= budget / 10]
            if quick and sum(took[t] for t in quick) * (rounds - 1) <= budget:
                dropped = [t for t in tasks if t not in quick]
                tasks = quick
            else:
                dropped, rounds = tasks, 1
            print(
                f"  n={n}: one round took {spent:.0f} s; {rounds - 1} more would exceed the "
                f"{budget:.0f} s budget: 1 run of {', '.join(dropped)}",
                file=sys.stderr,
            )
        r += 1
    return series


def prepare_check(work: Path) -> Path:
    folder = work / "check"
    folder.mkdir(exist_ok=True)
    code = "\n".join(
        [
            "import sys, datetime as dt",
            f"sys.path.insert(0, {str(BENCH_DIR)!r})",
            "import _plans, xlplan",
            "from xlplan.model.plan import validate_plan",
            f"for i in range({CHECK_FILES}):",
            f"    plan = validate_plan(_plans.plan_data({CHECK_ACTIONS}, seed=1000 + i))",
            f"    path = {str(folder)!r} + f'/plan-{{i:03d}}.xlsx'",
            f"    xlplan.build(plan, path, as_of=dt.date.fromisoformat({AS_OF!r}), force=True)",
        ]
    )
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    print(
        f"  prepared {CHECK_FILES} workbooks of {CHECK_ACTIONS} actions in "
        f"{time.perf_counter() - t:.1f} s",
        file=sys.stderr,
    )
    return folder


def bench_check(folder: Path, repeat: int) -> dict[str, Series]:
    series: dict[str, Series] = defaultdict(Series)
    cli = xlplan_command()
    repeat = max(repeat, CHECK_REPEAT) if repeat > 1 else repeat
    for r in range(repeat):
        for jobs in (2, 1):
            result = run_worker({"task": "parallel", "jobs": jobs, "loops": BURN_LOOPS})
            series[f"parallel_jobs{jobs}"].runs.append(result)
        for jobs in (2, 1):
            result = run_worker(
                {"task": "check", "folder": str(folder), "jobs": jobs, "as_of": AS_OF}
            )
            series[f"check_jobs{jobs}"].runs.append(result)
            print(
                f"  check run {r + 1}/{repeat} jobs={jobs}: {result.get('op_s', 0):.2f} s",
                file=sys.stderr,
            )
        for key, extra in (("cli_check", []), ("cli_check_jobs1", ["--jobs", "1"])):
            wall = wall_time(
                [*cli, "check", str(folder), "--format", "json", "--as-of", AS_OF, *extra]
            )
            series[key].runs.append({"wall_s": wall, "op_s": wall})
            print(f"  check run {r + 1}/{repeat} {key}: {wall:.2f} s", file=sys.stderr)
    return series


def byte_compile() -> None:
    """Compile xlplan's modules to bytecode first, as pip does when it installs a package: an
    editable install run with PYTHONDONTWRITEBYTECODE set would compile them again in every
    worker, inside the timed region for modules imported lazily."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("xlplan")
    for folder in spec.submodule_search_locations or [] if spec else []:
        compileall.compile_dir(folder, quiet=1)


def bench_startup() -> dict[str, float]:
    cli = xlplan_command()
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import xlplan'": [sys.executable, "-c", "import xlplan"],
        "xlplan --version": [*cli, "--version"],
        "xlplan --help": [*cli, "--help"],
    }
    out = {}
    for label, cmd in commands.items():
        wall_time(cmd)  # warm the file cache
        out[label] = statistics.median(wall_time(cmd) for _ in range(STARTUP_RUNS))
    return out


# --- profile --------------------------------------------------------------------------------


def _group(filename: str, func: str) -> str:
    name = filename.replace("\\", "/")
    for package in (
        "xlplan",
        "xlsxwriter",
        "openpyxl",
        "pydantic",
        "pandas",
        "numpy",
        "yaml",
        "et_xmlfile",
        "defusedxml",
        "lxml",
    ):
        if f"/{package}/" in name or f"/{package}_" in name:
            return package
    if name == "~" or name.startswith("<"):
        return "C built-ins"
    return "stdlib"


def _where(row: dict[str, Any]) -> str:
    name = row["file"].replace("\\", "/")
    if name == "~":
        return row["func"]
    for marker in ("/site-packages/", "/lib/python3", "/work/main/"):
        if marker in name:
            name = name.split(marker, 1)[1]
            if marker == "/lib/python3":
                name = name.split("/", 1)[1]
            break
    return f"{name}:{row['line']}({row['func']})"


def profile(n: int, prep: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"n": n}
    for what in ("build", "read"):
        job = {
            "task": "profile",
            "what": what,
            "as_of": AS_OF,
            "plan_pickle": prep["plan_pickle"],
            "out": str(prep["dir"] / "profile.xlsx"),
            "path": prep["xlsx"],
        }
        result = run_worker(job)
        Path(job["out"]).unlink(missing_ok=True)
        if "error" in result:
            out[what] = {"error": result["error"]}
            continue
        rows = result["rows"]
        total = sum(r["tottime"] for r in rows)
        groups: dict[str, float] = defaultdict(float)
        for r in rows:
            groups[_group(r["file"], r["func"])] += r["tottime"]
        out[what] = {
            "total": total,
            "op_s": result["op_s"],
            "groups": sorted(groups.items(), key=lambda kv: -kv[1]),
            "by_cum": sorted(rows, key=lambda r: -r["cumtime"]),
            "by_own": sorted(rows, key=lambda r: -r["tottime"]),
        }
    return out


def print_profile(prof: dict[str, Any], top: int = 25) -> None:
    for what in ("build", "read"):
        p = prof[what]
        print(f"\n### cProfile of {what} — top {top} by cumulative time\n")
        if "error" in p:
            print(p["error"])
            continue
        print(f"{'ncalls':>10} {'tottime':>9} {'cumtime':>9}  function")
        for r in p["by_cum"][:top]:
            print(f"{r['ncalls']:>10} {r['tottime']:>9.3f} {r['cumtime']:>9.3f}  {_where(r)}")


# --- report ---------------------------------------------------------------------------------


def fmt_s(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def fmt_mib(kib: float | None) -> str:
    return "—" if kib is None else f"{kib / MiB:.0f}"


def fmt_ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    for package in (
        "xlplan",
        "xlsxwriter",
        "openpyxl",
        "python-calamine",
        "pandas",
        "pydantic",
        "PyYAML",
    ):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} (not installed)")
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "xlplan"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        ).stdout
        commit += " (xlplan/ has uncommitted changes)" if dirty.strip() else ""
    except OSError:
        commit = "unknown"
    return {
        "CPUs (nproc)": str(os.cpu_count()),
        "CPU": cpu,
        "OS": f"{platform.system()} {platform.release()}",
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "Packages": ", ".join(versions),
        "Commit": commit or "unknown",
    }


def verdict(ok: bool | str | None) -> str:
    if isinstance(ok, str):
        return ok
    return "n/a" if ok is None else ("**PASS**" if ok else "**FAIL**")


def _reader(s: dict[str, Series]) -> tuple[Series, str]:
    """The read + analyze series of a size, or its limits-lifted stand-in, with a note."""
    if s["read_analyze"].ok() or LIFTED not in s:
        return s["read_analyze"], ""
    return s[LIFTED], " (limits lifted)"


def report(
    sizes: list[int],
    preps: dict[int, dict[str, Any]],
    results: dict[int, dict[str, Series]],
    check: dict[str, Series] | None,
    startup: dict[str, float],
    prof: dict[str, Any] | None,
    elapsed: float,
    argv: list[str],
    date: str,
) -> str:
    md: list[str] = []
    add = md.append
    add("# Benchmarks")
    add("")
    add("<!-- Generated by `python benchmarks/run.py`; do not edit by hand, run it again. -->")
    add("")
    cmd = " ".join(["python", "benchmarks/run.py", *argv])
    loads = [
        r["load"] for ss in results.values() for x in ss.values() for r in x.runs if "load" in r
    ]
    add(
        f"Generated {date} by `{cmd}` in "
        f"{elapsed / 60:.1f} min. Medians of the runs counted in the *runs* columns; every run "
        "is a fresh interpreter. How to run it and what each column means: "
        "[`benchmarks/README.md`](../benchmarks/README.md)."
    )
    add("")
    add("| Machine | |")
    add("|---|---|")
    for k, v in machine().items():
        add(f"| {k} | {v} |")
    if loads:
        add(
            f"| Load average (1 min) before the runs | median {statistics.median(loads):.1f}, "
            f"max {max(loads):.1f} (the benchmark itself counts for about 1) |"
        )
    add("")
    add(
        "Plans: *n* actions, 30 objectives, 30 KPIs (baseline, target, actuals Q1–Q2), 20 "
        "owners, budgets for Q1–Q4 and actuals for Q1–Q2, dates in 2024, generated by "
        f"`benchmarks/_plans.py` (seed {SEED}), saved as YAML, reloaded, built "
        f"`as_of={AS_OF}`."
    )
    add("")

    # --- targets ---------------------------------------------------------------------------
    targets: list[tuple[str, str, bool | str | None]] = []
    cells_ok: list[bool] = []
    cells_show: list[str] = []
    read_ok: list[bool] = []
    read_show: list[str] = []
    for n in sizes:
        s = results[n]
        b, mix = s["build"].med("op_s"), s["xlsxwriter_mix"].med("op_s")
        if b and mix:
            cells_ok.append(mix / b >= BUILD_CELLS_PER_S_MIN)
            cpu = ratio(s["xlsxwriter_mix"].med("cpu_s"), s["build"].med("cpu_s"))
            cells_show.append(f"{n:,}: {mix / b:.0%}" + (f" (CPU {cpu:.0%})" if cpu else ""))
        cal = s["calamine"].med("op_s")
        ra = s["read_analyze"].med("op_s")
        if ra and cal:
            read_ok.append(ra / cal <= READ_VS_CALAMINE_MAX)
            cpu = ratio(s["read_analyze"].med("cpu_s"), s["calamine"].med("cpu_s"))
            read_show.append(f"{n:,}: {ra / cal:.1f}×" + (f" (CPU {cpu:.1f}×)" if cpu else ""))
        elif s["read_analyze"].error:
            read_ok.append(False)
            lifted = s[LIFTED].med("op_s") if LIFTED in s else None
            read_show.append(
                f"{n:,}: refused by the safety limits"
                + (f" ({lifted / cal:.1f}× with them lifted)" if lifted and cal else "")
            )
    targets.append(
        (
            "build ≥ 75 % of bare xlsxwriter's cells/s (same cells per sheet) at every size",
            "; ".join(cells_show) or "—",
            all(cells_ok) if cells_ok else None,
        )
    )
    targets.append(
        (
            "read + analyze ≤ 2× bare python-calamine, net of start-up, at every size",
            "; ".join(read_show) or "—",
            all(read_ok) if read_ok else None,
        )
    )
    if check:
        j1, j2 = check["check_jobs1"].med("op_s"), check["check_jobs2"].med("op_s")
        speed = ratio(j1, j2)
        shown = f"{fmt_ratio(speed)} ({fmt_s(j1)} s → {fmt_s(j2)} s)"
        ok: bool | str | None = None if speed is None else speed >= CHECK_SPEEDUP_MIN
        if "parallel_jobs1" in check:
            room = ratio(check["parallel_jobs1"].med("op_s"), check["parallel_jobs2"].med("op_s"))
            if room is not None:
                shown += f"; a pure-CPU pool of 2 reached {room:.2f}× in the same rounds"
                if ok is False and room < CHECK_SPEEDUP_MIN:
                    ok = "**FAIL**, inconclusive: the machine offered less than 1.8×"
        targets.append(
            (
                f"check of {CHECK_FILES} small workbooks ≥ 1.8× faster with 2 jobs than one after "
                "another",
                shown,
                ok,
            )
        )
    for label in ("xlplan --help", "xlplan --version"):
        if label in startup:
            targets.append(
                (
                    f"`{label}` under 0.3 s",
                    f"{startup[label]:.3f} s",
                    startup[label] < STARTUP_MAX_S,
                )
            )
    big = [n for n in sizes if n >= 1000]
    for task, label in (("build", "build"), ("read_analyze", "read + analyze")):
        deltas: dict[int, float] = {}
        note = ""
        for n in big:
            series, lifted = (results[n][task], "") if task == "build" else _reader(results[n])
            d = _delta(series)
            if d is not None:
                deltas[n] = d
                note = note or lifted
        ns = sorted(deltas)
        if len(ns) >= 3:
            first = (deltas[ns[1]] - deltas[ns[0]]) / (ns[1] - ns[0])
            last = (deltas[ns[-1]] - deltas[ns[-2]]) / (ns[-1] - ns[-2])
            growth = last / first if first > 0 else None
            targets.append(
                (
                    f"memory of {label} grows linearly: KiB per extra action "
                    f"{ns[-2]:,}→{ns[-1]:,} ≤ 1.5 × {ns[0]:,}→{ns[1]:,}",
                    f"{last:.1f} vs {first:.1f} KiB/action"
                    + (f" ({growth:.2f}×)" if growth else "")
                    + note,
                    None if growth is None else growth <= LINEAR_MAX_GROWTH,
                )
            )
        else:
            targets.append((f"memory of {label} grows linearly", "needs 3 sizes ≥ 1 000", None))
    if 10_000 in results:
        s = results[10_000]["read_analyze"]
        after_read = s.med("rss_after_read_kib")
        targets.append(
            (
                "importing 10 000 actions (`xlplan.read`, peak RSS of the whole process) under "
                "300 MiB",
                f"{fmt_mib(after_read)} MiB after read, {fmt_mib(s.med('peak_kib'))} MiB after "
                "analyze"
                if after_read
                else (s.error or "—"),
                None if after_read is None else after_read / MiB < IMPORT_10K_MAX_MIB,
            )
        )
    else:
        targets.append(("importing 10 000 actions under 300 MiB", "size 10 000 not run", None))
    flat = [n for n in sizes if n >= 1000]
    for task, label in (("build", "build"), ("read_analyze", "read + analyze")):
        per: dict[int, float] = {}
        notes: dict[int, str] = {}
        for n in flat:
            series, lifted = (results[n][task], "") if task == "build" else _reader(results[n])
            v = series.med("op_s")
            if v is not None:
                per[n], notes[n] = v / n, lifted
        if 1000 in per and len(per) >= 2:
            top = max(per)
            growth = per[top] / per[1000]
            targets.append(
                (
                    f"{label}: time per action flat from 1 000 to {top:,} actions (≤ 1.25×)",
                    f"{per[1000] * 1e6:,.0f} → {per[top] * 1e6:,.0f} µs/action ({growth:.2f}×)"
                    f"{notes[top]}",
                    growth <= FLAT_MAX_GROWTH,
                )
            )
        else:
            targets.append(
                (f"{label}: time per action flat", "needs 1 000 and a larger size", None)
            )
    add("## Targets")
    add("")
    add(
        "Ratios from the medians below; times are the operation alone (net of interpreter "
        "start-up and imports)."
    )
    add("")
    add("| Target | Measured | Verdict |")
    add("|---|---|---|")
    for label, shown, ok in targets:
        add(f"| {label} | {shown} | {verdict(ok)} |")
    add("")

    # --- workbooks ---------------------------------------------------------------------------
    add("## The workbooks")
    add("")
    add(
        "xlplan's workbook of each size; the *same cells* reference writes these counts sheet "
        "by sheet, the read tasks read this file."
    )
    add("")
    add("| actions | cells (`<c>`) | formulas | file MiB | cells per sheet |")
    add("|--:|--:|--:|--:|---|")
    for n in sizes:
        p = preps[n]
        per_sheet = ", ".join(f"{sh['name']} {sh['cells']:,}" for sh in p["sheets"])
        add(
            f"| {n:,} | {p['cells']:,} | {p['formulas']:,} | {p['xlsx_bytes'] / MiB / MiB:.1f} "
            f"| {per_sheet} |"
        )
    add("")

    # --- per size ----------------------------------------------------------------------------
    add("## Build and read, per size")
    add("")
    add(
        "*op s*: the operation alone, timed inside the process after its imports and inputs. "
        "*cpu s*: the CPU time of that operation. *wall s*: the whole subprocess. *start-up s*: "
        "wall − op (interpreter, imports, loading the inputs, exit). *peak MiB*: `ru_maxrss` "
        "of the process; *Δ MiB*: what the operation added to the peak. *cells/s*: the "
        "workbook's cells ÷ op s."
    )
    add("")
    add(
        "| actions | task | runs | op s | cpu s | wall s | start-up s | peak MiB | Δ MiB | "
        "cells/s |"
    )
    add("|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    for n in sizes:
        cells = preps[n]["cells"]
        for task in [*SIZE_TASKS, LIFTED]:
            if task not in results[n]:
                continue
            s = results[n][task]
            if s.error:
                add(f"| {n:,} | {LABELS[task]} | 0 | error: {s.error[:160]} | | | | | | |")
                continue
            op, wall = s.med("op_s"), s.med("wall_s")
            split = ""
            if task in ("read_analyze", LIFTED):
                split = (
                    f" (read {fmt_s(s.med_split('read'))} + analyze "
                    f"{fmt_s(s.med_split('analyze'))})"
                )
            add(
                f"| {n:,} | {LABELS[task]}{split} | {len(s.ok())} | {fmt_s(op)} | "
                f"{fmt_s(s.med('cpu_s'))} | {fmt_s(wall)} | "
                f"{fmt_s(None if op is None or wall is None else wall - op)} | "
                f"{fmt_mib(s.med('peak_kib'))} | {fmt_mib(_delta(s))} | "
                f"{'—' if not op else f'{cells / op:,.0f}'} |"
            )
    add("")

    # --- ratios ------------------------------------------------------------------------------
    add("## Ratios")
    add("")
    add(
        "xlplan ÷ reference on *op s*: below 1 means xlplan is faster. *cells/s vs mix* is "
        "xlplan's cells per second ÷ bare xlsxwriter's for the same cell count (the inverse of "
        "the time ratio; the target wants ≥ 0.75). The *CPU* columns compare CPU times of the "
        "operations, which other processes on the machine disturb less than elapsed times; the "
        "last column compares whole subprocesses (start-up included)."
    )
    add("")
    add(
        "| actions | build ÷ mix | cells/s vs mix | build ÷ exact cells | build ÷ exact cells, "
        "stored formulas | read+analyze ÷ calamine | read+analyze ÷ openpyxl | read alone ÷ "
        "calamine | CPU: build ÷ mix | CPU: read+analyze ÷ calamine | wall: read+analyze ÷ "
        "calamine |"
    )
    add("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for n in sizes:
        s = results[n]
        b = s["build"].med("op_s")
        mix = s["xlsxwriter_mix"].med("op_s")
        exact = s["xlsxwriter_exact"].med("op_s")
        stored = s["xlsxwriter_exact_stored"].med("op_s")
        rs, note = _reader(s)
        ra, cal, opx = rs.med("op_s"), s["calamine"].med("op_s"), s["openpyxl"].med("op_s")
        mark = " ⁽ˡ⁾" if note else ""
        add(
            f"| {n:,} | {fmt_ratio(ratio(b, mix))} | {fmt_ratio(ratio(mix, b))} | "
            f"{fmt_ratio(ratio(b, exact))} | {fmt_ratio(ratio(b, stored))} | "
            f"{fmt_ratio(ratio(ra, cal))}{mark} | {fmt_ratio(ratio(ra, opx))}{mark} | "
            f"{fmt_ratio(ratio(rs.med_split('read'), cal))}{mark} | "
            f"{fmt_ratio(ratio(s['build'].med('cpu_s'), s['xlsxwriter_mix'].med('cpu_s')))} | "
            f"{fmt_ratio(ratio(rs.med('cpu_s'), s['calamine'].med('cpu_s')))}{mark} | "
            f"{fmt_ratio(ratio(rs.med('wall_s'), s['calamine'].med('wall_s')))}{mark} |"
        )
    if any(_reader(results[n])[1] for n in sizes):
        add("")
        add(
            "⁽ˡ⁾ `xlplan.read` refuses this workbook (the limits of `xlplan.xlsx.guard`); measured "
            "with the limits lifted to show how reading scales."
        )
    add("")

    # --- per action --------------------------------------------------------------------------
    add("## Cost per action")
    add("")
    add("Flat columns mean linear cost. Memory: Δ MiB (what the operation added) per action.")
    add("")
    add(
        "| actions | build µs/action | read+analyze µs/action | read µs/action | analyze "
        "µs/action | build KiB/action | read+analyze KiB/action |"
    )
    add("|--:|--:|--:|--:|--:|--:|--:|")
    for n in sizes:
        s = results[n]
        rs, note = _reader(s)
        mark = " ⁽ˡ⁾" if note else ""

        def per(v: float | None, n: int = n) -> str:
            return "—" if v is None else f"{v / n * 1e6:,.0f}"

        def per_kib(v: float | None, n: int = n) -> str:
            return "—" if v is None else f"{v / n:,.1f}"

        add(
            f"| {n:,} | {per(s['build'].med('op_s'))} | {per(rs.med('op_s'))}{mark} | "
            f"{per(rs.med_split('read'))}{mark} | {per(rs.med_split('analyze'))}{mark} | "
            f"{per_kib(_delta(s['build']))} | {per_kib(_delta(rs))}{mark} |"
        )
    add("")

    # --- check -------------------------------------------------------------------------------
    if check:
        add(f"## Check of {CHECK_FILES} workbooks of {CHECK_ACTIONS} actions")
        add("")
        add(
            "*cpu s* adds the worker processes' CPU time to the parent's. The CLI rows are wall "
            "times of the whole command (start-up included, output to /dev/null). The "
            "calibration rows run the same pure-CPU work with a pool of 1 and of 2 processes in "
            "each round: their ratio is the parallelism the machine offered at the time (other "
            "busy processes take cores away)."
        )
        add("")
        add("| task | runs | op s | cpu s | wall s | per file s |")
        add("|---|--:|--:|--:|--:|--:|")
        for key in (
            "check_jobs2",
            "check_jobs1",
            "cli_check",
            "cli_check_jobs1",
            "parallel_jobs2",
            "parallel_jobs1",
        ):
            if key not in check:
                continue
            s = check[key]
            op = s.med("op_s")
            add(
                f"| {LABELS[key]} | {len(s.ok())} | {fmt_s(op)} | {fmt_s(s.med('cpu_s'))} | "
                f"{fmt_s(s.med('wall_s'))} | "
                f"{fmt_s(None if op is None or key.startswith('parallel') else op / CHECK_FILES)} |"
            )
        add("")

    add("## Start-up")
    add("")
    add(f"Wall time of the command, median of {STARTUP_RUNS} runs after one warm-up run.")
    add("")
    add("| command | s |")
    add("|---|--:|")
    for label, value in startup.items():
        add(f"| `{label}` | {value:.3f} |")
    add("")

    add("## The xlsxwriter references")
    add("")
    add(
        "- **same cells per sheet (mix)** — the issue's yardstick: for each sheet of xlplan's "
        "workbook, bare xlsxwriter writes as many cells as the sheet holds, in rows as wide "
        "as the sheet: a string, numbers with a money format and one `SUM` formula closing "
        "each row. It has far fewer formulas than xlplan's workbook (one per row) and no "
        "validations, conditional formats, charts or defined names."
    )
    add(
        "- **xlplan's exact cells** — every cell of xlplan's workbook (value, formula text and "
        "cached result), read back with openpyxl beforehand, outside the timed region, and "
        "re-written with plain `write_number` / `write_string` / `write_formula(…, value)` / "
        "`write_blank`: the cost of this formula-heavy workbook in plain xlsxwriter, without "
        "any of xlplan's work (layout, formula generation, computing the cached results, "
        "validations, conditional formats, charts). Plain `write_formula` runs some 30 "
        "regular expressions over every formula (the `_xlfn.` prefixes of newer functions), "
        "which xlplan's writer skips."
    )
    add(
        "- **xlplan's exact cells, formulas stored as written** — the same, with the "
        "worksheet class skipping that formula preparation as xlplan's writer does: "
        "`build ÷ this` is xlplan's own overhead over xlsxwriter for the same output."
    )
    add("")

    add("## Where the time goes")
    add("")
    if prof:
        add(
            f"cProfile of one build and one read + analyze at {prof['n']:,} actions "
            "(`python benchmarks/run.py --profile` prints the top 25 entries by cumulative "
            "time). The profiler slows pure-Python code down, so the shares matter, not the "
            "seconds."
        )
        add("")
        for what, title in (("build", "build"), ("read", "read + analyze")):
            p = prof.get(what)
            if not p or "error" in p:
                add(f"- **{title}**: {p.get('error') if p else 'not profiled'}")
                continue
            total = p["total"]
            groups = ", ".join(f"{g} {t / total:.0%}" for g, t in p["groups"] if t / total >= 0.01)
            own = "; ".join(
                f"`{_where(r)}` {r['tottime'] / total:.0%} ({r['ncalls']:,} calls)"
                for r in p["by_own"][:8]
            )
            ours = [
                r
                for r in p["by_cum"]
                if _group(r["file"], r["func"]) == "xlplan" and r["cumtime"] < 0.95 * total
            ]
            ours_top = "; ".join(f"`{_where(r)}` {r['cumtime'] / total:.0%}" for r in ours[:10])
            add(f"- **{title}** ({total:.1f} s under the profiler). Own time by package: {groups}.")
            add(f"  - Hottest functions by own time: {own}.")
            add(f"  - xlplan functions by cumulative time: {ours_top}.")
        add("")
    else:
        add(
            "Not profiled in this run (the profile runs at 10 000 actions when that size is "
            "measured, or with `--profile`)."
        )
        add("")
    if ANALYSIS.is_file():
        add("### Reading of the profile")
        add("")
        add(
            f"Written by hand from a profile ([`benchmarks/{ANALYSIS.name}`](../benchmarks/"
            f"{ANALYSIS.name})); it may describe an older version than the figures above."
        )
        add("")
        add(ANALYSIS.read_text(encoding="utf-8").strip())
        add("")
    return "\n".join(md)


def _delta(s: Series) -> float | None:
    values = [r["peak_kib"] - r["rss_before_kib"] for r in s.ok() if "rss_before_kib" in r]
    return statistics.median(values) if values else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", help="action counts, comma-separated (default 100,1000,10000,50000)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument(
        "--quick", action="store_true", help="sizes 100,1000 and one run each, unless given"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="print the top 25 cumulative cProfile entries of build and read",
    )
    parser.add_argument("--no-profile", action="store_true", help="skip the profile")
    parser.add_argument("--no-check", action="store_true", help="skip the check benchmark")
    parser.add_argument(
        "--budget",
        type=float,
        default=300.0,
        help="seconds the repeats of one size may take before that size runs once (default 300)",
    )
    parser.add_argument(
        "--output",
        default=str(ROOT / "docs" / "benchmarks.md"),
        help="the Markdown file to write ('-' for none)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument(
        "--raw",
        default=str(Path(tempfile.gettempdir()) / "xlplan-bench-results.json"),
        help="where to save the raw measurements (JSON)",
    )
    parser.add_argument(
        "--from-raw",
        metavar="FILE",
        help="write the report from raw measurements saved by an earlier run; measure nothing",
    )
    args = parser.parse_args()
    if args.from_raw:
        raw = json.loads(Path(args.from_raw).read_text(encoding="utf-8"))
        _emit(report_raw(raw), args.output)
        return
    if args.quick:
        sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else list(QUICK_SIZES)
        repeat = args.repeat if "--repeat" in sys.argv else 1
    else:
        sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else list(DEFAULT_SIZES)
        repeat = args.repeat
    sizes = sorted(set(sizes))
    t0 = time.perf_counter()
    byte_compile()
    work = Path(tempfile.mkdtemp(prefix="xlplan-bench-"))
    try:
        print("start-up…", file=sys.stderr)
        startup = bench_startup()
        preps: dict[int, dict[str, Any]] = {}
        results: dict[int, dict[str, Series]] = {}
        prof = None
        for n in sizes:
            print(f"{n} actions…", file=sys.stderr)
            preps[n] = prepare_size(n, work)
            results[n] = bench_size(n, preps[n], repeat, args.budget)
            if n == PROFILE_SIZE and not args.no_profile:
                print("  profiling…", file=sys.stderr)
                prof = profile(n, preps[n])
            for leftover in ("plan.yaml", "cells.pickle"):
                (preps[n]["dir"] / leftover).unlink(missing_ok=True)
        check = None
        if not args.no_check:
            print(f"check of {CHECK_FILES} workbooks…", file=sys.stderr)
            check = bench_check(prepare_check(work), repeat)
        if args.profile:
            if prof is None and not args.no_profile:
                n = max((s for s in sizes if s <= PROFILE_SIZE), default=sizes[0])
                print(f"profiling at {n} actions…", file=sys.stderr)
                prof = profile(n, preps[n])
            if prof:
                print_profile(prof)
        raw = {
            "argv": sys.argv[1:],
            "sizes": sizes,
            "preps": {n: {k: v for k, v in p.items() if k != "dir"} for n, p in preps.items()},
            "results": {n: {t: s.runs for t, s in r.items()} for n, r in results.items()},
            "check": {t: s.runs for t, s in check.items()} if check else None,
            "startup": startup,
            "prof": _trim(prof),
            "elapsed": time.perf_counter() - t0,
            "date": f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        }
        Path(args.raw).write_text(json.dumps(raw, default=str), encoding="utf-8")
        print(f"raw results: {args.raw}", file=sys.stderr)
        text = report_raw(raw)
    finally:
        if args.keep:
            print(f"work directory kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    _emit(text, args.output)


def _emit(text: str, output: str) -> None:
    print(text)
    if output != "-":
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(text + "\n", encoding="utf-8")
        print(f"\nwritten {output}", file=sys.stderr)


def _trim(prof: dict[str, Any] | None, keep: int = 200) -> dict[str, Any] | None:
    """The profile without the long tail of functions (the report shows the top ones)."""
    if not prof:
        return prof
    out: dict[str, Any] = {"n": prof["n"]}
    for what in ("build", "read"):
        p = prof.get(what)
        if p is None or "error" in p:
            out[what] = p
            continue
        out[what] = {**p, "by_cum": p["by_cum"][:keep], "by_own": p["by_own"][:keep]}
    return out


def report_raw(raw: dict[str, Any]) -> str:
    """The report from the raw measurements (as saved in JSON: keys are strings)."""
    sizes = [int(n) for n in raw["sizes"]]
    preps = {int(n): p for n, p in raw["preps"].items()}
    results = {
        int(n): {t: Series(runs) for t, runs in r.items()} for n, r in raw["results"].items()
    }
    check = {t: Series(runs) for t, runs in raw["check"].items()} if raw["check"] else None
    return report(
        sizes,
        preps,
        results,
        check,
        raw["startup"],
        raw["prof"],
        raw["elapsed"],
        raw["argv"],
        raw["date"],
    )


if __name__ == "__main__":
    main()
