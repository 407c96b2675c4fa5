"""The worker's untimed tasks: making the inputs of the timed ones (see `_inputs.py`).

Each task has the worker's shape (a generator: imports, yield, inputs, yield, work, return)
and uses only xlplan's public API, xlsxwriter and openpyxl.
"""

from __future__ import annotations

import sys
from typing import Any


def task_prepare(job: dict[str, Any]) -> Any:
    """Generate the plan of n actions, save it as YAML, reload it, pickle it, build the
    workbook the read tasks read, and count its cells per sheet."""
    import datetime as dt
    import pickle

    sys.path.insert(0, job["bench_dir"])
    import _plans

    import xlplan

    yield
    yield
    plan = xlplan.Plan.model_validate(_plans.plan_data(job["n"], job["seed"]))
    xlplan.save_plan(plan, job["yaml"], force=True)
    plan = xlplan.load_plan(job["yaml"])
    with open(job["plan_pickle"], "wb") as fh:
        pickle.dump(plan, fh, protocol=pickle.HIGHEST_PROTOCOL)
    xlplan.build(plan, job["xlsx"], as_of=dt.date.fromisoformat(job["as_of"]), force=True)
    return {"sheets": sheet_cells(job["xlsx"])}


def task_prepare_check(job: dict[str, Any]) -> Any:
    """The check benchmark's folder: `files` workbooks of `actions` actions (seeds 1000…)."""
    import datetime as dt

    sys.path.insert(0, job["bench_dir"])
    import _plans

    import xlplan

    yield
    yield
    as_of = dt.date.fromisoformat(job["as_of"])
    for i in range(job["files"]):
        plan = xlplan.Plan.model_validate(_plans.plan_data(job["actions"], seed=1000 + i))
        xlplan.build(plan, f"{job['folder']}/plan-{i:03d}.xlsx", as_of=as_of, force=True)
    return {}


def task_table(job: dict[str, Any]) -> Any:
    """A hand-made plan table of `rows` actions (`_tables.write_table`; with ``layout`` ``monthly``
    `_tables_monthly.write_monthly_table`)."""
    sys.path.insert(0, job["bench_dir"])
    import _tables
    import _tables_monthly

    yield
    yield
    if job.get("layout") == "monthly":
        return _tables_monthly.write_monthly_table(job["path"], job["rows"], job["seed"])
    return _tables.write_table(job["path"], job["rows"], job["seed"])


def sheet_cells(path: str) -> list[dict[str, Any]]:
    """Per worksheet, in workbook order: name, ``<c>`` elements, formulas, widest column."""
    import html
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
                    "name": html.unescape(name),
                    "cells": xml.count("<c "),
                    "formulas": xml.count("<f>") + xml.count("<f "),
                    "columns": columns,
                }
            )
    return out


def task_extract(job: dict[str, Any]) -> Any:
    """Every cell of xlplan's workbook (value or formula text, and the formula's cached result)
    for the worker's `task_xlsxwriter_exact`, pickled."""
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
