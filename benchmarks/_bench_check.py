"""`xlplan.check` of 100 small workbooks with 2 jobs against one after another.

Each round runs a pure-CPU calibration with a pool of 2 and of 1 processes (the parallelism the
machine offers at the time), then `xlplan.check(folder, jobs=2)`, `jobs=1`, and `jobs=2` from a
caller that runs a thread of its own (the worker processes are then not forked), each in a
worker, then the whole CLI command with all CPUs and with ``--jobs 1``. Target: jobs=2 ≥ 1.8×
faster than jobs=1.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from _fmt import Target, fmt_ratio, fmt_s, ratio
from _harness import AS_OF, Series, run_worker, series_of, wall_time, xlplan_command
from _inputs import CHECK_ACTIONS, CHECK_FILES, prepare_check

SPEEDUP_MIN = 1.8  # check of 100 small workbooks, jobs=2 vs one after another
BURN_LOOPS = 40_000_000  # of the parallelism calibration, in BURN_CHUNKS equal chunks
BURN_CHUNKS = 4  # (as fair as finer chunks on a quiet machine: 2.00× in 6 rounds, 32 chunks 1.79×)
LABELS = {
    "check_jobs2": "xlplan.check(jobs=2)",
    "check_jobs1": "xlplan.check(jobs=1), one after another",
    "check_jobs2_thread": "xlplan.check(jobs=2), the caller running a thread of its own",
    "cli_check": "`xlplan check DIR --format json` (CLI, all CPUs)",
    "cli_check_jobs1": "`xlplan check DIR --format json --jobs 1` (CLI)",
    "parallel_jobs2": "calibration: pure-CPU loop, 4 chunks, pool of 2",
    "parallel_jobs1": "calibration: pure-CPU loop, 4 chunks, pool of 1",
}


def measure(work: Path, rounds: int, warm: str) -> dict[str, list[dict[str, Any]]]:
    """Build the folder and run `rounds` rounds; returns task → runs."""
    print(f"check of {CHECK_FILES} workbooks…", file=sys.stderr)
    folder = prepare_check(work)
    runs: dict[str, list[dict[str, Any]]] = {key: [] for key in LABELS}
    cli = xlplan_command()
    for r in range(rounds):
        for jobs in (2, 1):
            job = {"task": "parallel", "jobs": jobs, "loops": BURN_LOOPS, "chunks": BURN_CHUNKS}
            result = run_worker(job)
            runs[f"parallel_jobs{jobs}"].append(result)
        job = {"task": "check", "folder": str(folder), "as_of": AS_OF, "warm": warm}
        extra: dict[str, Any]
        for key, extra in (
            ("check_jobs2", {"jobs": 2}),
            ("check_jobs1", {"jobs": 1}),
            ("check_jobs2_thread", {"jobs": 2, "thread": True}),
        ):
            result = run_worker(job | extra)
            runs[key].append(result)
            print(
                f"  check run {r + 1}/{rounds} {key}: {result.get('op_s', 0):.2f} s",
                file=sys.stderr,
            )
        for key, flags in (("cli_check", []), ("cli_check_jobs1", ["--jobs", "1"])):
            wall, _code = wall_time(
                [*cli, "check", str(folder), "--format", "json", "--as-of", AS_OF, *flags]
            )
            runs[key].append({"wall_s": wall, "op_s": wall})
            print(f"  check run {r + 1}/{rounds} {key}: {wall:.2f} s", file=sys.stderr)
    return runs


def speedup(check: dict[str, Series]) -> float | None:
    """check(jobs=1) ÷ check(jobs=2), on the medians."""
    return ratio(check["check_jobs1"].med("op_s"), check["check_jobs2"].med("op_s"))


def room(check: dict[str, Series]) -> float | None:
    """What the calibration's pool of 2 reached in the same rounds."""
    return ratio(check["parallel_jobs1"].med("op_s"), check["parallel_jobs2"].med("op_s"))


def targets(raw: dict[str, Any] | None) -> list[Target]:
    label = (
        f"check of {CHECK_FILES} small workbooks ≥ 1.8× faster with 2 jobs than one after another"
    )
    if not raw:
        return [Target(label, "not run (`--no-check`)", None)]
    check = series_of(raw)
    j1, j2 = check["check_jobs1"].med("op_s"), check["check_jobs2"].med("op_s")
    speed = speedup(check)
    shown = f"{fmt_ratio(speed)} ({fmt_s(j1)} s → {fmt_s(j2)} s)"
    ok: bool | str | None = None if speed is None else speed >= SPEEDUP_MIN
    calibration = room(check)
    if calibration is not None:
        shown += f"; a pure-CPU pool of 2 reached {calibration:.2f}× in the same rounds"
        others = check["parallel_jobs2"].med("others_cpu_s")
        if others is not None:
            shown += f", other processes taking {others:.2f} s of CPU meanwhile"
        if ok is False and calibration < SPEEDUP_MIN:
            ok = "**FAIL**, inconclusive: the machine offered less than 1.8×"
    return [Target(label, shown, ok)]


def section(raw: dict[str, Any] | None) -> list[str]:
    """Markdown lines of the check section."""
    if not raw:
        return []
    check = series_of(raw)
    md = [
        f"## Check of {CHECK_FILES} workbooks of {CHECK_ACTIONS} actions",
        "",
        "*cpu s* adds the worker processes' CPU time to the parent's (not when they start "
        "from a fork server, whose children they are). The CLI rows are wall "
        "times of the whole command (start-up included, output to /dev/null). The "
        "calibration rows run the same pure-CPU work with a pool of 1 and of 2 processes in "
        "each round: their ratio is the parallelism the machine offered at the time (other "
        "busy processes take cores away). *others' cpu s* is the CPU time the rest of the "
        "machine used during the operation (`/proc/stat`, ±0.02 s): a run with a pool of 1 "
        "leaves a core to them, a run with 2 workers competes with them (a fork server's "
        "workers are not the caller's children: they count as others).",
        "",
        "| task | runs | op s | cpu s | others' cpu s | wall s | per file s |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for key, label in LABELS.items():
        if key not in check:
            continue
        s = check[key]
        op = s.med("op_s")
        per_file = None if op is None or key.startswith("parallel") else op / CHECK_FILES
        md.append(
            f"| {label} | {len(s.ok())} | {fmt_s(op)} | {fmt_s(s.med('cpu_s'))} | "
            f"{fmt_s(s.med('others_cpu_s'))} | {fmt_s(s.med('wall_s'))} | {fmt_s(per_file)} |"
        )
    md.append("")
    return md
