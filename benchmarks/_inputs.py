"""The inputs of the benchmarks, made before anything is timed, in a work directory.

- each size's plan (YAML, pickled) and xlplan workbook, with its cells counted per sheet and
  re-read for the exact-cells reference;
- each size's hand-made plan table (`_tables.py`, written with xlsxwriter);
- tiny workbooks of both kinds that the read tasks read first, so that what the library
  imports on first use is not timed;
- the 100 small workbooks of the check benchmark; the Mimine sample's workbook.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _harness import AS_OF, BENCH_DIR, ROOT, SEED, run_worker, xlplan_command

CHECK_FILES = 100
CHECK_ACTIONS = 20
WARM_SIZE = 5  # actions (or table rows) of the warm-up workbooks
MIMINE = ROOT / "samples" / "mimine.yaml"


def _run(job: dict[str, Any], what: str) -> dict[str, Any]:
    result = run_worker(job)
    if "error" in result:
        raise SystemExit(f"preparing {what} failed: {result['error']}\n{result.get('traceback')}")
    return result


def prepare_size(n: int, work: Path) -> dict[str, Any]:
    """The plan of `n` actions and its workbook, and the cells the exact-cells reference
    writes; returns what the tasks and the report need to know of them."""
    d = work / f"n{n}"
    d.mkdir(exist_ok=True)
    job: dict[str, Any] = {
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
    prep = _run(job, f"{n} actions")
    cells_pickle = str(d / "cells.pickle")
    extract = _run({"task": "extract", "path": job["xlsx"], "cells_pickle": cells_pickle}, "cells")
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
        "cells_pickle": cells_pickle,
        "sheets": prep["sheets"],
        "cells": sum(s["cells"] for s in prep["sheets"]),
        "formulas": sum(s["formulas"] for s in prep["sheets"]),
        "xlsx_bytes": Path(job["xlsx"]).stat().st_size,
    }


def forget_size(prep: dict[str, Any]) -> None:
    """Delete what only the preparation and the exact-cells reference needed."""
    for leftover in ("plan.yaml", "cells.pickle"):
        (prep["dir"] / leftover).unlink(missing_ok=True)


def prepare_table(rows: int, work: Path, layout: str = "flat") -> dict[str, Any]:
    """The hand-made plan table of `rows` actions (see `_tables.py`; `layout` ``monthly``:
    `_tables_monthly.py`)."""
    d = work / (f"table{rows}" if layout == "flat" else f"table-{layout}{rows}")
    d.mkdir(exist_ok=True)
    path = d / "table.xlsx"
    t = time.perf_counter()
    made = _run(
        {
            "task": "table",
            "layout": layout,
            "rows": rows,
            "seed": SEED,
            "bench_dir": str(BENCH_DIR),
            "path": str(path),
        },
        f"the table of {rows} rows",
    )
    print(
        f"  prepared a hand-made {layout} table of {rows} rows in {time.perf_counter() - t:.1f} s "
        f"({made['cells']} cells, {made['text_amounts']} amounts typed as text)",
        file=sys.stderr,
    )
    return {
        "dir": d,
        "xlsx": str(path),
        "cells": made["cells"],
        "text_amounts": made["text_amounts"],
        "xlsx_bytes": path.stat().st_size,
    }


def prepare_warm(work: Path) -> dict[str, str]:
    """A tiny xlplan workbook and a tiny hand-made table, read (and analysed) by the read tasks
    before their timed region: the library imports some modules on first use (the hand-made
    reader, the analysis, pandas), which the calamine reference does not have to."""
    d = work / "warm"
    d.mkdir(exist_ok=True)
    own, table = d / "own.xlsx", d / "table.xlsx"
    _run(
        {
            "task": "prepare",
            "n": WARM_SIZE,
            "seed": SEED + 1,
            "bench_dir": str(BENCH_DIR),
            "yaml": str(d / "plan.yaml"),
            "plan_pickle": str(d / "plan.pickle"),
            "xlsx": str(own),
            "as_of": AS_OF,
        },
        "the warm-up workbook",
    )
    _run(
        {
            "task": "table",
            "rows": WARM_SIZE,
            "seed": SEED + 1,
            "bench_dir": str(BENCH_DIR),
            "path": str(table),
        },
        "the warm-up table",
    )
    return {"own": str(own), "table": str(table)}


def prepare_check(work: Path) -> Path:
    """A folder of `CHECK_FILES` workbooks of `CHECK_ACTIONS` actions, built by xlplan."""
    folder = work / "check"
    folder.mkdir(exist_ok=True)
    t = time.perf_counter()
    _run(
        {
            "task": "prepare_check",
            "folder": str(folder),
            "files": CHECK_FILES,
            "actions": CHECK_ACTIONS,
            "bench_dir": str(BENCH_DIR),
            "as_of": AS_OF,
        },
        "the check folder",
    )
    print(
        f"  prepared {CHECK_FILES} workbooks of {CHECK_ACTIONS} actions in "
        f"{time.perf_counter() - t:.1f} s",
        file=sys.stderr,
    )
    return folder


def prepare_mimine(work: Path) -> Path:
    """The Mimine sample's workbook, built by the command line (``xlplan build``)."""
    out = work / "mimine.xlsx"
    cmd = [*xlplan_command(), "build", str(MIMINE), "-o", str(out), "--as-of", AS_OF, "--force"]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"building {MIMINE.name} failed: {proc.stderr.strip()[-500:]}")
    return out
