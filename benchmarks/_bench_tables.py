"""Read + analyze of hand-made plan tables against a bare python-calamine read of the same file.

The tables are the seed's layout as a person types it (`_tables.py`: a title row, ``Action |
Objectif | KPI | Responsable | Budget T1 … T4 | Réel T1 … T4``, some amounts typed as text, a
Total row), written with xlsxwriter, at 100, 1 000 and 10 000 rows. Per size, one round runs
`xlplan.analyze(xlplan.read(path).plan)` and the calamine reference once each, side by side;
at the largest size the rounds also run the read with the garbage collector paused by the
caller (see `_bench_tricks.py`). Target: ≤ 2× calamine at 10 000 rows, under 300 MiB.

The same measure runs on a monthly table under a two-row header (`_tables_monthly.py`, issue
#17), at 10 000 rows by default (``layout`` ``monthly``, raw key ``tables_monthly``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from _fmt import TASK_ALIGN, TASK_COLUMNS, MiB, Target, fmt_ratio, fmt_s, ratio, task_row
from _harness import AS_OF, Repeats, Series, run_rounds, series_of
from _inputs import prepare_table

DEFAULT_ROWS = (100, 1_000, 10_000)
QUICK_ROWS = (100, 1_000)
TARGET_ROWS = 10_000
VS_CALAMINE_MAX = 2.0  # read + analyze ≤ 2 × bare python-calamine at TARGET_ROWS
PEAK_MAX_MIB = 300.0  # peak RSS of the whole process after read + analyze at TARGET_ROWS

LABELS = {
    "read_analyze": "xlplan.read + analyze",
    "calamine": "bare python-calamine, all sheets",
    "read_analyze_gc": "xlplan.read + analyze, garbage collector paused by the caller",
    "floor": "floor: the least any reader does, no checks (`_floor.py`)",
    "models": "the plan's models alone: pydantic validating the plan read, nothing read",
}


def jobs(
    prep: dict[str, Any], warm: str, tricks: bool, flat: bool = True
) -> dict[str, dict[str, Any]]:
    """The worker jobs of one table size, in the order they run in a round."""
    read = {"task": "read_analyze", "path": prep["xlsx"], "as_of": AS_OF, "warm": warm}
    tasks = {"read_analyze": read, "calamine": {"task": "calamine", "path": prep["xlsx"]}}
    if flat:  # (the floor reads the flat layout only)
        tasks["floor"] = {"task": "floor", "path": prep["xlsx"]}
        tasks["models"] = {"task": "models", "path": prep["xlsx"]}
    if tricks:
        tasks["read_analyze_gc"] = read | {"gc_paused": True}
    return tasks


def measure(
    rows: list[int], work: Path, repeats: Repeats, budget: float, warm: str, layout: str = "flat"
) -> dict[str, Any]:
    """Write and measure the table of each size (`layout`: ``flat`` or ``monthly``).

    Returns:
        The raw measurements: ``rows``, ``preps`` (what each table holds) and ``results``
        (size → task → runs).
    """
    preps: dict[int, dict[str, Any]] = {}
    results: dict[int, dict[str, list[dict[str, Any]]]] = {}
    for n in rows:
        print(f"hand-made {layout} table of {n} rows…", file=sys.stderr)
        preps[n] = prepare_table(n, work, layout)
        tricks = n == max(rows) and layout == "flat"
        series = run_rounds(
            f"{layout} table n={n}",
            jobs(preps[n], warm, tricks, layout == "flat"),
            repeats.at(n),
            budget,
        )
        results[n] = {task: s.runs for task, s in series.items()}
    return {
        "rows": rows,
        "preps": {n: {k: v for k, v in p.items() if k != "dir"} for n, p in preps.items()},
        "results": results,
    }


def results_of(raw: dict[str, Any]) -> dict[int, dict[str, Series]]:
    """Size → task → Series, from the raw measurements (JSON keys are strings)."""
    return {int(n): series_of(r) for n, r in raw["results"].items()}


MONTHLY = "monthly, two-row header"


def targets(raw: dict[str, Any] | None, layout: str = "") -> list[Target]:
    """The speed and the memory targets of the hand-made table of 10 000 rows (`layout`: how
    the table is laid out, for the label; "" for the seed's flat table)."""
    kind = f" ({layout})" if layout else ""
    speed = f"read + analyze of a hand-made 10 000-row plan table{kind} ≤ 2× bare python-calamine"
    memory = f"read + analyze of a hand-made 10 000-row plan table{kind} under 300 MiB (peak RSS)"
    results = results_of(raw) if raw else {}
    if TARGET_ROWS not in results:
        return [Target(speed, "10 000 rows not run", None), Target(memory, "not run", None)]
    s = results[TARGET_ROWS]
    ra, cal = s["read_analyze"], s["calamine"]
    if ra.error:
        return [Target(speed, ra.error[:200], False), Target(memory, "—", None)]
    r = ratio(ra.med("op_s"), cal.med("op_s"))
    cpu = ratio(ra.med("cpu_s"), cal.med("cpu_s"))
    shown = (
        f"{fmt_ratio(r)} ({fmt_s(ra.med('op_s'))} s against {fmt_s(cal.med('op_s'))} s; "
        f"CPU {fmt_ratio(cpu)})"
    )
    if "floor" in s and not s["floor"].error:
        floor = ratio(s["floor"].med("op_s"), cal.med("op_s"))
        shown += f"; the floor, a reader with no checks: {fmt_ratio(floor)}"
    if "models" in s and not s["models"].error:
        models = ratio(s["models"].med("op_s"), cal.med("op_s"))
        shown += f"; the plan's pydantic models alone: {fmt_ratio(models)}"
    peak = ra.med("peak_kib")
    return [
        Target(speed, shown, None if r is None else r <= VS_CALAMINE_MAX),
        Target(
            memory,
            "—"
            if peak is None
            else f"{peak / MiB:.0f} MiB after read + analyze "
            f"({(ra.med('rss_after_read_kib') or 0) / MiB:.0f} MiB after read)",
            None if peak is None else peak / MiB < PEAK_MAX_MIB,
        ),
    ]


def section(raw: dict[str, Any] | None, monthly: bool = False) -> list[str]:
    """Markdown lines of the hand-made tables' section (`monthly`: of the monthly table's)."""
    if not raw:
        return []
    if monthly:
        return _section(raw, f"## Hand-made plan tables ({MONTHLY})", MONTHLY_TEXT)
    return _section(raw, "## Hand-made plan tables", FLAT_TEXT)


FLAT_TEXT = (
    "A plan table as people make it (the seed's layout, written with xlsxwriter by "
    "`benchmarks/_tables.py`): a title row, then `Action | Objectif | KPI | Responsable | "
    "Budget T1 … T4 | Réel T1 … T4`, one row per action with 12 objectives, 20 KPIs and 15 "
    "owners, amounts as numbers, about 10 % of them typed as text (`1 250,00 €`) and some "
    "left empty, and a Total row of `=SUM` formulas. xlplan reads it with "
    "`xlplan.analyze(xlplan.read(path).plan, as_of)` (after reading a 5-row table of the "
    "same kind, so that what the library imports on first use is not timed); the reference "
    "is `CalamineWorkbook.from_path(path)` and `to_python()` of every sheet. Columns as in "
    "*Build and read, per size*; *cells/s* counts the table's cells. Two more rows tell "
    "what any reader pays: the floor (`_floor.py`, numpy, no checks, no model) and the plan's "
    "pydantic models alone (the plan read, dumped to plain data, validated again)."
)
MONTHLY_TEXT = (
    "The same actions budgeted month by month under a two-row header "
    "(`benchmarks/_tables_monthly.py`): `Action | Objectif | KPI | Responsable` merged over "
    "both header rows, `Budget prévu` merged over `janv. … déc.`, a typed `Total`, `Réalisé` "
    "merged over `janv. … juin`; about 30 % of the months empty, 10 % of the amounts typed as "
    "text. Measured as the table above, with the same reference."
)


def _section(raw: dict[str, Any], title: str, text: str) -> list[str]:
    rows = [int(n) for n in raw["rows"]]
    preps = {int(n): p for n, p in raw["preps"].items()}
    results = results_of(raw)
    md: list[str] = []
    add = md.append
    add(title)
    add("")
    add(text)
    add("")
    add("| rows | cells | amounts as text | file MiB |")
    add("|--:|--:|--:|--:|")
    for n in rows:
        p = preps[n]
        mib = p["xlsx_bytes"] / MiB / MiB
        add(f"| {n:,} | {p['cells']:,} | {p['text_amounts']:,} | {mib:.2f} |")
    add("")
    add(f"| rows | task | {TASK_COLUMNS}")
    add(f"|--:|---|{TASK_ALIGN}")
    for n in rows:
        for task, label in LABELS.items():
            if task in results[n]:
                s = results[n][task]
                if task.startswith("read_analyze") and not s.error:
                    label += (
                        f" (read {fmt_s(s.med_split('read'))} + analyze "
                        f"{fmt_s(s.med_split('analyze'))})"
                    )
                add(task_row(f"{n:,}", label, s, preps[n]["cells"]))
    add("")
    add("| rows | read+analyze ÷ calamine | read alone ÷ calamine | CPU | wall (whole processes) |")
    add("|--:|--:|--:|--:|--:|")
    for n in rows:
        ra, cal = results[n]["read_analyze"], results[n]["calamine"]
        add(
            f"| {n:,} | {fmt_ratio(ratio(ra.med('op_s'), cal.med('op_s')))} | "
            f"{fmt_ratio(ratio(ra.med_split('read'), cal.med('op_s')))} | "
            f"{fmt_ratio(ratio(ra.med('cpu_s'), cal.med('cpu_s')))} | "
            f"{fmt_ratio(ratio(ra.med('wall_s'), cal.med('wall_s')))} |"
        )
    add("")
    return md
