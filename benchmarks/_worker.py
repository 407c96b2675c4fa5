"""One benchmark task in a fresh interpreter: ``python benchmarks/_worker.py '<json job>'``.

Prints one JSON line on stdout:

- ``import_s``: from the worker's first line to the end of its imports (the libraries the
  task needs);
- ``prep_s``: loading the task's inputs (a pickled plan, precomputed cells), not timed as work;
- ``op_s``: the operation itself (``time.perf_counter`` around it, after imports and inputs);
- ``rss_before_kib`` / ``peak_kib``: ``ru_maxrss`` of this process just before the operation
  and at the end (KiB on Linux), so ``peak - before`` is what the operation added;
- task-specific details (``cells``, ``split``…), or ``error`` when the task failed.

Options a job may carry: ``warm`` (a tiny workbook read first, see `_warm_up`), ``gc_paused``
(the caller pauses the garbage collector around the operation, as xlplan's command line does),
``cpus`` (the process pinned to that many CPUs), ``thread`` (check: the caller runs a thread of
its own). The jobs are made by the `_bench_*` modules; the untimed tasks that make the inputs
are in `_worker_prepare.py`.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import contextlib  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import traceback  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from typing import Any  # noqa: E402

import _worker_prepare  # noqa: E402


def _maxrss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _busy_cpu() -> float | None:
    """CPU seconds the whole machine has spent busy since boot (``/proc/stat``: every state
    but idle and waiting for I/O), or None where there is no ``/proc/stat``."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            ticks = [int(x) for x in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@contextlib.contextmanager
def _gc_paused(on: bool) -> Iterator[None]:
    """What xlplan's command line does around its work (`xlplan._gc.paused`, the very same
    code); the benchmark measures whether it still pays (`gc_paused` in a job)."""
    if not on:
        yield
        return
    from xlplan._gc import paused

    with paused():
        yield


def _one_cpu(job: dict[str, Any]) -> None:
    """With ``"cpus": 1`` in the job, keep this process (and its threads) on one CPU: what
    reading gains from a second core is then lost, whatever the library does to use it."""
    if job.get("cpus"):
        allowed = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, allowed[: job["cpus"]])


def _warm_up(job: dict[str, Any]) -> None:
    """Read and analyse the tiny workbook of the same kind (`warm` in the job) first: the
    library imports some modules on first use (the hand-made reader, the analysis, pandas),
    which belongs to start-up, not to the operation; python-calamine's import is not timed
    either. A different file, so that nothing cached for the measured file is warm."""
    import datetime as dt

    import xlplan

    if job.get("warm"):
        xlplan.analyze(xlplan.read(job["warm"]).plan, dt.date.fromisoformat(job["as_of"]))


# --- tasks -------------------------------------------------------------------------------
# Each task is a generator: it does its imports, yields (after imports), loads its inputs,
# yields (after inputs), then runs the operation and returns its details. The driver below
# stamps the clock and the memory at each yield.


def task_build(job: dict[str, Any]) -> Any:
    import datetime as dt
    import pickle

    import xlplan

    build = xlplan.build  # (imports the writer)
    yield
    with open(job["plan_pickle"], "rb") as fh:
        plan = pickle.load(fh)
    as_of = dt.date.fromisoformat(job["as_of"])
    yield
    with _gc_paused(job.get("gc_paused", False)):
        build(plan, job["out"], as_of=as_of, force=True)
    return {}


def _formats(wb: Any) -> dict[str, Any]:
    return {
        "text": wb.add_format({"font_name": "Calibri", "border": 1, "text_wrap": True}),
        "number": wb.add_format({"num_format": "#,##0.00 [$€-fr-FR]", "border": 1}),
        "date": wb.add_format({"num_format": "dd/mm/yyyy", "border": 1}),
        "formula": wb.add_format({"num_format": "#,##0.00", "bold": True, "bg_color": "#EEF3F8"}),
        "blank": wb.add_format({"bg_color": "#FFF8E1", "border": 1}),
    }


def task_xlsxwriter_mix(job: dict[str, Any]) -> Any:
    """Bare xlsxwriter writing, per sheet, as many cells as xlplan's sheet holds: rows as wide
    as the sheet, a string in the first column, numbers with a money format, and one SUM
    formula closing each row."""
    import xlsxwriter
    from xlsxwriter.utility import xl_rowcol_to_cell

    yield
    sheets = job["sheets"]
    yield
    wb = xlsxwriter.Workbook(job["out"], {"strings_to_numbers": False})
    fmt = _formats(wb)
    written = 0
    for sheet in sheets:
        ws = wb.add_worksheet(sheet["name"])
        width = max(3, sheet["columns"])
        left = sheet["cells"]
        row = 0
        while left > 0:
            n = min(width, left)
            ws.write_string(row, 0, f"Ligne {row} — libellé", fmt["text"])
            for col in range(1, n - 1):
                ws.write_number(row, col, (row * 31 + col) % 977 + 0.5, fmt["number"])
            if n >= 2:
                first = xl_rowcol_to_cell(row, 1)
                last = xl_rowcol_to_cell(row, max(1, n - 2))
                ws.write_formula(row, n - 1, f"=SUM({first}:{last})", fmt["formula"], 0)
            left -= n
            written += n
            row += 1
    wb.close()
    return {"cells": written}


def task_xlsxwriter_exact(job: dict[str, Any]) -> Any:
    """Bare xlsxwriter re-writing xlplan's own cells (values, formula texts and their cached
    results, precomputed from xlplan's file outside the timed region)."""
    import pickle

    import xlsxwriter
    from xlsxwriter.worksheet import Worksheet

    class StoredFormulas(Worksheet):  # type: ignore[misc]
        """What xlplan's writer does: formulas stored as written, without xlsxwriter's ~30
        regular expressions per formula that add ``_xlfn.`` prefixes."""

        def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
            return formula[1:] if formula.startswith("=") else formula

    yield
    with open(job["cells_pickle"], "rb") as fh:
        sheets = pickle.load(fh)
    yield
    wb = xlsxwriter.Workbook(
        job["out"], {"strings_to_numbers": False, "strings_to_formulas": False}
    )
    if job.get("stored_formulas"):
        wb.worksheet_class = StoredFormulas
    fmt = _formats(wb)
    text, number, date, formula, blank = (
        fmt["text"],
        fmt["number"],
        fmt["date"],
        fmt["formula"],
        fmt["blank"],
    )
    written = 0
    for name, cells in sheets:
        ws = wb.add_worksheet(name, wb.worksheet_class)
        write_string, write_number = ws.write_string, ws.write_number
        write_formula, write_blank, write_boolean = (
            ws.write_formula,
            ws.write_blank,
            ws.write_boolean,
        )
        for row, col, kind, value, cached in cells:
            if kind == "n":
                write_number(row, col, value, number)
            elif kind == "s":
                write_string(row, col, value, text)
            elif kind == "f":
                write_formula(row, col, value, formula, cached)
            elif kind == "d":
                write_number(row, col, value, date)
            elif kind == "b":
                write_boolean(row, col, value, text)
            elif kind == "a":
                ws.write_array_formula(cached, value, formula)
            else:
                write_blank(row, col, None, blank)
        written += len(cells)
    wb.close()
    return {"cells": written}


def task_read_analyze(job: dict[str, Any]) -> Any:
    import datetime as dt
    import importlib

    import pandas  # noqa: F401  (xlplan.analyze returns DataFrames: imported before timing)

    import xlplan

    limits = None
    if job.get("lift_limits"):
        # Only to see how read scales past the safety limits that refuse the file otherwise.
        guard = importlib.import_module("xlplan.xlsx.guard")
        big = 10**12
        limits = guard.Limits(max_cells=big, max_area=big, max_strings=big, max_xml_elements=big)
    _one_cpu(job)
    _warm_up(job)
    yield
    as_of = dt.date.fromisoformat(job["as_of"])
    yield
    with _gc_paused(job.get("gc_paused", False)):
        t = time.perf_counter()
        result = xlplan.read(job["path"], limits=limits)
        t_read = time.perf_counter() - t
        rss_read = _maxrss()
        t = time.perf_counter()
        analysis = xlplan.analyze(result.plan, as_of)
        t_analyze = time.perf_counter() - t
    return {
        "split": {"read": t_read, "analyze": t_analyze},
        "rss_after_read_kib": rss_read,
        "actions": len(result.plan.actions),
        "problems": len(result.problems),
        "overruns": len(analysis.overruns),
    }


def task_calamine(job: dict[str, Any]) -> Any:
    import python_calamine

    _one_cpu(job)
    yield
    yield
    wb = python_calamine.CalamineWorkbook.from_path(job["path"])
    cells = 0
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python()
        cells += sum(len(r) for r in rows)
    return {"cells": cells}


def task_floor(job: dict[str, Any]) -> Any:
    import pandas  # noqa: F401  (as for read_analyze: imported before timing)
    import python_calamine  # noqa: F401
    from _floor import read_and_sum

    yield
    yield
    return read_and_sum(job["path"])


def task_models(job: dict[str, Any]) -> Any:
    """The plan's pydantic models alone: the plan xlplan reads from the table (untimed) dumped
    to plain data, then validated back in one call, as any reader must to give a `Plan`."""
    import pandas  # noqa: F401  (as for read_analyze: the same modules loaded before timing)

    import xlplan
    from xlplan.model.plan import Plan

    yield
    data = xlplan.read(job["path"]).plan.model_dump(exclude_defaults=True)
    gc.collect()
    yield
    plan = Plan.model_validate(data)
    return {"actions": len(plan.actions)}


def task_openpyxl(job: dict[str, Any]) -> Any:
    import warnings

    import openpyxl

    yield
    yield
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(job["path"], read_only=True, data_only=True)
        cells = 0
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                cells += len(row)
        wb.close()
    return {"cells": cells}


def task_check(job: dict[str, Any]) -> Any:
    import datetime as dt

    import pandas  # noqa: F401  (the check report's tables are DataFrames)

    import xlplan

    if job.get("warm"):  # (imports what checking imports on first use; see _warm_up)
        xlplan.check(job["warm"], as_of=dt.date.fromisoformat(job["as_of"]), jobs=1)
    if job.get("thread"):
        # A caller with a thread of its own (a web server, a notebook): forking it is not
        # safe, so the worker processes start otherwise (a fork server).
        import threading

        threading.Thread(target=threading.Event().wait, daemon=True).start()
    yield
    as_of = dt.date.fromisoformat(job["as_of"])
    yield
    report = xlplan.check(job["folder"], as_of=as_of, jobs=job["jobs"])
    return {"files": len(report.files), "exit_code": report.exit_code}


def _burn(loops: int) -> int:
    total = 0
    for i in range(loops):
        total += i
    return total


def task_parallel(job: dict[str, Any]) -> Any:
    """Calibration: a pure-CPU job of `loops` in `chunks` equal chunks (default 4) over a pool
    of `jobs` processes, to show how much parallelism the machine offers at the moment (other
    busy processes take cores away)."""
    from concurrent.futures import ProcessPoolExecutor

    chunks = job.get("chunks", 4)
    yield
    yield
    with ProcessPoolExecutor(max_workers=job["jobs"]) as pool:
        list(pool.map(_burn, [job["loops"] // chunks] * chunks))
    return {}


def task_profile(job: dict[str, Any]) -> Any:
    """cProfile of build or read + analyze; returns the rows of the profile."""
    import cProfile
    import datetime as dt
    import pickle
    import pstats

    import pandas  # noqa: F401

    import xlplan

    build = xlplan.build  # (imports the writer)
    _warm_up(job)
    yield
    as_of = dt.date.fromisoformat(job["as_of"])
    plan: Any = None
    if job["what"] == "build":
        with open(job["plan_pickle"], "rb") as fh:
            plan = pickle.load(fh)
    yield
    profiler = cProfile.Profile()
    profiler.enable()
    if job["what"] == "build":
        build(plan, job["out"], as_of=as_of, force=True)
    else:
        xlplan.analyze(xlplan.read(job["path"]).plan, as_of)
    profiler.disable()
    stats = pstats.Stats(profiler)
    rows = []
    for (filename, line, func), (_cc, nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append(
            {
                "file": filename,
                "line": line,
                "func": func,
                "ncalls": nc,
                "tottime": tt,
                "cumtime": ct,
            }
        )
    return {"rows": rows, "total": stats.total_tt}  # type: ignore[attr-defined]


TASKS = {
    name.removeprefix("task_"): fn
    for name, fn in [*globals().items(), *vars(_worker_prepare).items()]
    if name.startswith("task_")
}


def main() -> None:
    job = json.loads(sys.argv[1])
    out: dict[str, Any] = {"task": job["task"]}
    try:
        steps = TASKS[job["task"]](job)
        next(steps)  # imports
        t_imported = time.perf_counter()
        out["import_s"] = t_imported - T0
        next(steps)  # inputs
        t_ready = time.perf_counter()
        out["prep_s"] = t_ready - t_imported
        out["rss_before_kib"] = _maxrss()
        cpu0, children0, busy0 = time.process_time(), _children_cpu(), _busy_cpu()
        try:
            next(steps)
        except StopIteration as stop:
            details = stop.value or {}
        else:
            raise RuntimeError("task yielded more than twice")
        out["op_s"] = time.perf_counter() - t_ready
        out["cpu_s"] = time.process_time() - cpu0 + _children_cpu() - children0
        busy1 = _busy_cpu()
        if busy0 is not None and busy1 is not None:
            # What other processes took meanwhile (the clock ticks every 10 ms: ±0.02 s).
            out["others_cpu_s"] = max(0.0, busy1 - busy0 - out["cpu_s"])
        out.update(details)
    except Exception as exc:  # reported, not raised: the table shows it
        out["error"] = f"{type(exc).__name__}: {exc}"
        out["traceback"] = traceback.format_exc(limit=6)
    out["peak_kib"] = _maxrss()
    sys.stdout.write(json.dumps(out, default=str) + "\n")


if __name__ == "__main__":
    main()
