"""Build and read + analyze of xlplan's own workbooks, per plan size, against bare libraries.

Per size, one round runs each task once, side by side: `xlplan.build` against bare xlsxwriter
(the same cell count per sheet; xlplan's exact cells), `xlplan.read` + `xlplan.analyze` against
bare python-calamine and bare openpyxl. At the tricks' size (the largest up to 10 000 actions)
the rounds also run build and read with the garbage collector paused by the caller, and read
on one CPU (see `_bench_tricks.py`). Targets: build ≥ 75 % of xlsxwriter's cells/s, read +
analyze ≤ 2× calamine, memory linear, 10 000 actions read under 300 MiB, time per action flat.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from _fmt import MiB, Target, fmt_ratio, ratio
from _harness import AS_OF, Repeats, Series, run_rounds, series_of
from _inputs import forget_size, prepare_size
from _profile import PROFILE_SIZE, profile

TRICKS_MAX = 10_000  # the tricks' with/without rows run at the largest size up to this one
BUILD_CELLS_PER_S_MIN = 0.75  # xlplan's cells/s ≥ 75 % of bare xlsxwriter's (time ≤ 1.33×)
READ_VS_CALAMINE_MAX = 2.0  # read + analyze ≤ 2 × bare python-calamine, net of start-up
IMPORT_10K_MAX_MIB = 300.0  # importing (xlplan.read) 10 000 actions, peak RSS of the process
FLAT_MAX_GROWTH = 1.25  # time per action at the largest size ≤ 1.25 × at 1 000
LINEAR_MAX_GROWTH = 1.5  # memory per extra action between the two largest sizes ≤ 1.5 × first

SIZE_TASKS = (
    "build",
    "xlsxwriter_mix",
    "xlsxwriter_exact",
    "xlsxwriter_exact_stored",
    "read_analyze",
    "calamine",
    "openpyxl",
)
TRICK_TASKS = ("build_gc", "read_analyze_gc", "read_analyze_1cpu")
# Run instead of nothing when `read_analyze` is refused (the safety limits of xlplan).
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
    "build_gc": "xlplan.build, garbage collector paused by the caller",
    "read_analyze_gc": "xlplan.read + analyze, garbage collector paused by the caller",
    "read_analyze_1cpu": "xlplan.read + analyze, on one CPU",
}


def tricks_size(sizes: list[int]) -> int:
    """The size whose rounds also measure the speed tricks with and without."""
    return max((n for n in sizes if n <= TRICKS_MAX), default=min(sizes))


def jobs(prep: dict[str, Any], warm: str, tricks: bool) -> dict[str, dict[str, Any]]:
    """The worker jobs of one size, in the order they run in a round."""
    out = str(prep["dir"] / "out.xlsx")
    read = {"task": "read_analyze", "path": prep["xlsx"], "as_of": AS_OF, "warm": warm}
    build = {"task": "build", "plan_pickle": prep["plan_pickle"], "out": out, "as_of": AS_OF}
    exact = {"task": "xlsxwriter_exact", "cells_pickle": prep["cells_pickle"], "out": out}
    tasks = {
        "build": build,
        "xlsxwriter_mix": {"task": "xlsxwriter_mix", "sheets": prep["sheets"], "out": out},
        "xlsxwriter_exact": exact,
        "xlsxwriter_exact_stored": exact | {"stored_formulas": True},
        "read_analyze": read,
        "calamine": {"task": "calamine", "path": prep["xlsx"]},
        "openpyxl": {"task": "openpyxl", "path": prep["xlsx"]},
    }
    if tricks:
        tasks["build_gc"] = build | {"gc_paused": True}
        tasks["read_analyze_gc"] = read | {"gc_paused": True}
        tasks["read_analyze_1cpu"] = read | {"cpus": 1}
    return tasks


def measure(
    sizes: list[int],
    work: Path,
    repeats: Repeats,
    budget: float,
    warm: str,
    profiled: bool,
) -> dict[str, Any]:
    """Prepare and measure every size; profile at `PROFILE_SIZE` when `profiled`.

    Returns:
        The raw measurements: ``sizes``, ``preps`` (what the workbooks hold), ``results``
        (size → task → runs), ``tricks_size``, ``prof`` (None when not profiled) and
        ``keep`` (size → prep, for a profile asked at another size; not saved).
    """
    preps: dict[int, dict[str, Any]] = {}
    results: dict[int, dict[str, list[dict[str, Any]]]] = {}
    prof = None
    trick_n = tricks_size(sizes)
    for n in sizes:
        print(f"{n} actions…", file=sys.stderr)
        preps[n] = prepare_size(n, work)
        fallback = {
            "read_analyze": (
                LIFTED,
                {"task": "read_analyze", "path": preps[n]["xlsx"], "as_of": AS_OF}
                | {"lift_limits": True, "warm": warm},
            )
        }
        series = run_rounds(
            f"n={n}", jobs(preps[n], warm, n == trick_n), repeats.at(n), budget, fallback
        )
        results[n] = {task: s.runs for task, s in series.items()}
        if n == PROFILE_SIZE and profiled:
            print("  profiling…", file=sys.stderr)
            prof = profile(n, preps[n], warm)
        forget_size(preps[n])
    return {
        "sizes": sizes,
        "preps": {n: {k: v for k, v in p.items() if k != "dir"} for n, p in preps.items()},
        "results": results,
        "tricks_size": trick_n,
        "prof": prof,
        "keep": preps,
    }


def results_of(raw: dict[str, Any]) -> dict[int, dict[str, Series]]:
    """Size → task → Series, from the raw measurements (JSON keys are strings)."""
    return {int(n): series_of(r) for n, r in raw["results"].items()}


def reader(s: dict[str, Series]) -> tuple[Series, str]:
    """The read + analyze series of a size, or its limits-lifted stand-in, with a note."""
    if s["read_analyze"].ok() or LIFTED not in s:
        return s["read_analyze"], ""
    return s[LIFTED], " (limits lifted)"


def targets(raw: dict[str, Any]) -> list[Target]:
    """The build, read, memory and time-per-action targets."""
    sizes = [int(n) for n in raw["sizes"]]
    results = results_of(raw)
    out = [_build_target(sizes, results), _read_target(sizes, results)]
    out += _memory_targets(sizes, results)
    if 10_000 in results:
        s = results[10_000]["read_analyze"]
        after_read = s.med("rss_after_read_kib")
        out.append(
            Target(
                "importing 10 000 actions (`xlplan.read`, peak RSS of the whole process) under "
                "300 MiB",
                f"{after_read / MiB:.0f} MiB after read, {(s.med('peak_kib') or 0) / MiB:.0f} "
                "MiB after analyze"
                if after_read
                else (s.error or "—"),
                None if after_read is None else after_read / MiB < IMPORT_10K_MAX_MIB,
            )
        )
    else:
        out.append(Target("importing 10 000 actions under 300 MiB", "size 10 000 not run", None))
    out += _flat_targets(sizes, results)
    return out


def _build_target(sizes: list[int], results: dict[int, dict[str, Series]]) -> Target:
    oks: list[bool] = []
    shown: list[str] = []
    for n in sizes:
        s = results[n]
        b, mix = s["build"].med("op_s"), s["xlsxwriter_mix"].med("op_s")
        if b and mix:
            oks.append(mix / b >= BUILD_CELLS_PER_S_MIN)
            cpu = ratio(s["xlsxwriter_mix"].med("cpu_s"), s["build"].med("cpu_s"))
            shown.append(f"{n:,}: {mix / b:.0%}" + (f" (CPU {cpu:.0%})" if cpu else ""))
    return Target(
        "build ≥ 75 % of bare xlsxwriter's cells/s (same cells per sheet) at every size",
        "; ".join(shown) or "—",
        all(oks) if oks else None,
    )


def _read_target(sizes: list[int], results: dict[int, dict[str, Series]]) -> Target:
    oks: list[bool] = []
    shown: list[str] = []
    for n in sizes:
        s = results[n]
        cal, ra = s["calamine"].med("op_s"), s["read_analyze"].med("op_s")
        if ra and cal:
            oks.append(ra / cal <= READ_VS_CALAMINE_MAX)
            cpu = ratio(s["read_analyze"].med("cpu_s"), s["calamine"].med("cpu_s"))
            shown.append(f"{n:,}: {ra / cal:.1f}×" + (f" (CPU {cpu:.1f}×)" if cpu else ""))
        elif s["read_analyze"].error:
            oks.append(False)
            lifted = s[LIFTED].med("op_s") if LIFTED in s else None
            shown.append(
                f"{n:,}: refused by the safety limits"
                + (f" ({lifted / cal:.1f}× with them lifted)" if lifted and cal else "")
            )
    return Target(
        "read + analyze of an xlplan workbook ≤ 2× bare python-calamine, net of start-up, at "
        "every size",
        "; ".join(shown) or "—",
        all(oks) if oks else None,
    )


def _memory_targets(sizes: list[int], results: dict[int, dict[str, Series]]) -> list[Target]:
    out = []
    big = [n for n in sizes if n >= 1000]
    for task, label in (("build", "build"), ("read_analyze", "read + analyze")):
        deltas: dict[int, float] = {}
        note = ""
        for n in big:
            series, lifted = (results[n][task], "") if task == "build" else reader(results[n])
            d = series.delta()
            if d is not None:
                deltas[n] = d
                note = note or lifted
        ns = sorted(deltas)
        if len(ns) < 3:
            out.append(Target(f"memory of {label} grows linearly", "needs 3 sizes ≥ 1 000", None))
            continue
        first = (deltas[ns[1]] - deltas[ns[0]]) / (ns[1] - ns[0])
        last = (deltas[ns[-1]] - deltas[ns[-2]]) / (ns[-1] - ns[-2])
        growth = last / first if first > 0 else None
        out.append(
            Target(
                f"memory of {label} grows linearly: KiB per extra action "
                f"{ns[-2]:,}→{ns[-1]:,} ≤ 1.5 × {ns[0]:,}→{ns[1]:,}",
                f"{last:.1f} vs {first:.1f} KiB/action"
                + (f" ({growth:.2f}×)" if growth else "")
                + note,
                None if growth is None else growth <= LINEAR_MAX_GROWTH,
            )
        )
    return out


def _flat_targets(sizes: list[int], results: dict[int, dict[str, Series]]) -> list[Target]:
    out = []
    for task, label in (("build", "build"), ("read_analyze", "read + analyze")):
        per: dict[int, float] = {}
        notes: dict[int, str] = {}
        for n in (n for n in sizes if n >= 1000):
            series, lifted = (results[n][task], "") if task == "build" else reader(results[n])
            v = series.med("op_s")
            if v is not None:
                per[n], notes[n] = v / n, lifted
        if 1000 not in per or len(per) < 2:
            out.append(Target(f"{label}: time per action flat", "needs 1 000 and more", None))
            continue
        top = max(per)
        growth = per[top] / per[1000]
        out.append(
            Target(
                f"{label}: time per action flat from 1 000 to {top:,} actions (≤ 1.25×)",
                f"{per[1000] * 1e6:,.0f} → {per[top] * 1e6:,.0f} µs/action ({growth:.2f}×)"
                f"{notes[top]}",
                growth <= FLAT_MAX_GROWTH,
            )
        )
    return out


def ratios_row(n: int, s: dict[str, Series]) -> str:
    """One row of the Ratios table."""
    b = s["build"].med("op_s")
    mix = s["xlsxwriter_mix"].med("op_s")
    rs, note = reader(s)
    ra, cal, opx = rs.med("op_s"), s["calamine"].med("op_s"), s["openpyxl"].med("op_s")
    mark = " ⁽ˡ⁾" if note else ""
    return (
        f"| {n:,} | {fmt_ratio(ratio(b, mix))} | {fmt_ratio(ratio(mix, b))} | "
        f"{fmt_ratio(ratio(b, s['xlsxwriter_exact'].med('op_s')))} | "
        f"{fmt_ratio(ratio(b, s['xlsxwriter_exact_stored'].med('op_s')))} | "
        f"{fmt_ratio(ratio(ra, cal))}{mark} | {fmt_ratio(ratio(ra, opx))}{mark} | "
        f"{fmt_ratio(ratio(rs.med_split('read'), cal))}{mark} | "
        f"{fmt_ratio(ratio(s['build'].med('cpu_s'), s['xlsxwriter_mix'].med('cpu_s')))} | "
        f"{fmt_ratio(ratio(rs.med('cpu_s'), s['calamine'].med('cpu_s')))}{mark} | "
        f"{fmt_ratio(ratio(rs.med('wall_s'), s['calamine'].med('wall_s')))}{mark} |"
    )
