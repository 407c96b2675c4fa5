"""One benchmark task in a fresh interpreter: ``python benchmarks/_worker.py '<json job>'``.

Prints one JSON line on stdout:

- ``import_s``: from the worker's first line to the end of its imports (the libraries the
  task needs);
- ``prep_s``: loading the task's inputs (a pickled plan, precomputed cells), not timed as work;
- ``op_s``: the operation itself (``time.perf_counter`` around it, after imports and inputs);
- ``rss_before_kib`` / ``peak_kib``: ``ru_maxrss`` of this process just before the operation
  and at the end (KiB on Linux), so ``peak - before`` is what the operation added;
- task-specific details (``cells``, ``split``…), or ``error`` when the task failed.

Run by ``benchmarks/run.py``; jobs are described there.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import traceback  # noqa: E402
from typing import Any  # noqa: E402


def _maxrss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# --- tasks -------------------------------------------------------------------------------
# Each task is a generator: it does its imports, yields (after imports), loads its inputs,
# yields (after inputs), then runs the operation and returns its details. The driver below
# stamps the clock and the memory at each yield.


def task_build(job: dict[str, Any]) -> Any:
    import datetime as dt
    import pickle

    import xlplan
    import xlplan.writing.workbook

    yield
    with open(job["plan_pickle"], "rb") as fh:
        plan = pickle.load(fh)
    as_of = dt.date.fromisoformat(job["as_of"])
    yield
    xlplan.build(plan, job["out"], as_of=as_of, force=True)
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

    import xlplan
    import xlplan.analysis
    import xlplan.reading.own

    if job.get("lift_limits"):
        # Only to see how read scales past the safety limits that refuse the file otherwise.
        import xlplan.xlsx.guard as safety

        for name in ("MAX_CELLS", "MAX_AREA", "MAX_STRINGS", "MAX_XML_ELEMENTS"):
            if hasattr(safety, name):
                setattr(safety, name, 10**12)
    yield
    as_of = dt.date.fromisoformat(job["as_of"])
    yield
    t = time.perf_counter()
    result = xlplan.read(job["path"])
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

    yield
    yield
    wb = python_calamine.CalamineWorkbook.from_path(job["path"])
    cells = 0
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python()
        cells += sum(len(r) for r in rows)
    return {"cells": cells}


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

    import xlplan
    import xlplan.analysis
    import xlplan.checks
    import xlplan.reading.own

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
    """Calibration: a pure-CPU job in 4 chunks over a pool of `jobs` processes, to show how much
    parallelism the machine offers at the moment (other busy processes take cores away)."""
    from concurrent.futures import ProcessPoolExecutor

    yield
    yield
    with ProcessPoolExecutor(max_workers=job["jobs"]) as pool:
        list(pool.map(_burn, [job["loops"]] * 4))
    return {}


def task_profile(job: dict[str, Any]) -> Any:
    """cProfile of build or read + analyze; returns the rows of the profile."""
    import cProfile
    import datetime as dt
    import pickle
    import pstats

    import xlplan
    import xlplan.analysis
    import xlplan.reading.own
    import xlplan.writing.workbook

    yield
    as_of = dt.date.fromisoformat(job["as_of"])
    plan = None
    if job["what"] == "build":
        with open(job["plan_pickle"], "rb") as fh:
            plan = pickle.load(fh)
    yield
    profiler = cProfile.Profile()
    profiler.enable()
    if job["what"] == "build":
        xlplan.build(plan, job["out"], as_of=as_of, force=True)
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


# --- preparation (not timed) -------------------------------------------------------------


def task_prepare(job: dict[str, Any]) -> Any:
    """Generate the plan of n actions, save it as YAML, reload it, pickle it, build the
    workbook the read tests use, and count its cells per sheet."""
    import datetime as dt
    import pickle

    sys.path.insert(0, job["bench_dir"])
    import _plans

    import xlplan
    from xlplan.model.plan import validate_plan

    yield
    yield
    plan = validate_plan(_plans.plan_data(job["n"], job["seed"]))
    xlplan.save_plan(plan, job["yaml"], force=True)
    plan = xlplan.load_plan(job["yaml"])
    with open(job["plan_pickle"], "wb") as fh:
        pickle.dump(plan, fh, protocol=pickle.HIGHEST_PROTOCOL)
    xlplan.build(plan, job["xlsx"], as_of=dt.date.fromisoformat(job["as_of"]), force=True)
    return {"sheets": sheet_cells(job["xlsx"])}


def sheet_cells(path: str) -> list[dict[str, Any]]:
    """Per worksheet, in workbook order: name, ``<c>`` elements, formulas, widest column."""
    import re
    import zipfile

    from xlsxwriter.utility import xl_cell_to_rowcol

    with zipfile.ZipFile(path) as z:
        book = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        targets = dict(re.findall(r'<Relationship Id="(rId\d+)"[^>]*Target="([^"]+)"', rels))
        targets |= {
            rid: target
            for target, rid in re.findall(
                r'<Relationship [^>]*Target="([^"]+)"[^>]*Id="(rId\d+)"', rels
            )
        }
        out = []
        for name, rid in re.findall(
            r'<sheet name="([^"]+)" sheetId="\d+"[^>]*r:id="(rId\d+)"', book
        ):
            xml = z.read("xl/" + targets[rid].lstrip("/").removeprefix("xl/")).decode()
            dim = re.search(r'<dimension ref="([A-Z]+\d+)(?::([A-Z]+\d+))?"', xml)
            columns = xl_cell_to_rowcol(dim.group(2) or dim.group(1))[1] + 1 if dim else 1
            out.append(
                {
                    "name": _unescape(name),
                    "cells": xml.count("<c "),
                    "formulas": xml.count("<f>") + xml.count("<f "),
                    "columns": columns,
                }
            )
    return out


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def task_extract(job: dict[str, Any]) -> Any:
    """Every cell of xlplan's workbook (value or formula text, and the formula's cached result)
    for `task_xlsxwriter_exact`, pickled."""
    import datetime as dt
    import pickle
    import warnings

    import openpyxl
    from openpyxl.utils.datetime import to_excel
    from openpyxl.worksheet.formula import ArrayFormula

    yield
    yield

    def plain(value: Any) -> Any:
        if isinstance(value, dt.datetime | dt.date | dt.time):
            return to_excel(value)
        return value

    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        formulas = openpyxl.load_workbook(job["path"], read_only=True, data_only=False)
        cached = openpyxl.load_workbook(job["path"], read_only=True, data_only=True)
        for ws_f, ws_v in zip(formulas.worksheets, cached.worksheets, strict=True):
            cells = []
            for row_f, row_v in zip(ws_f.iter_rows(), ws_v.iter_rows(), strict=False):
                for cf, cv in zip(row_f, row_v, strict=False):
                    if not hasattr(cf, "column") or cf.column is None:
                        continue  # an EmptyCell that fills a gap: no <c> element
                    r, c, v = cf.row - 1, cf.column - 1, cf.value
                    if isinstance(v, ArrayFormula):
                        cells.append((r, c, "a", v.text, v.ref))
                    elif cf.data_type == "f":
                        cells.append((r, c, "f", v, plain(cv.value)))
                    elif isinstance(v, bool):
                        cells.append((r, c, "b", v, None))
                    elif isinstance(v, int | float):
                        cells.append((r, c, "n", v, None))
                    elif isinstance(v, dt.datetime | dt.date | dt.time):
                        cells.append((r, c, "d", to_excel(v), None))
                    elif v is None:
                        cells.append((r, c, "_", None, None))
                    else:
                        cells.append((r, c, "s", str(v), None))
            out.append((ws_f.title, cells))
        formulas.close()
        cached.close()
    with open(job["cells_pickle"], "wb") as fh:
        pickle.dump(out, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return {"cells": sum(len(c) for _, c in out)}


TASKS = {
    name.removeprefix("task_"): fn for name, fn in globals().items() if name.startswith("task_")
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
        cpu0, children0 = time.process_time(), _children_cpu()
        try:
            next(steps)
        except StopIteration as stop:
            details = stop.value or {}
        else:
            raise RuntimeError("task yielded more than twice")
        out["op_s"] = time.perf_counter() - t_ready
        out["cpu_s"] = time.process_time() - cpu0 + _children_cpu() - children0
        out.update(details)
    except Exception as exc:  # reported, not raised: the table shows it
        out["error"] = f"{type(exc).__name__}: {exc}"
        out["traceback"] = traceback.format_exc(limit=6)
    out["peak_kib"] = _maxrss()
    sys.stdout.write(json.dumps(out, default=str) + "\n")


if __name__ == "__main__":
    main()
