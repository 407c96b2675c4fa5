"""The report's sections on xlplan's own workbooks: what they hold, every task per size, the
ratios, the cost per action, and what the xlsxwriter references are."""

from __future__ import annotations

from typing import Any

from _bench_own import LABELS, LIFTED, SIZE_TASKS, TRICK_TASKS, ratios_row, reader, results_of
from _fmt import TASK_ALIGN, TASK_COLUMNS, MiB, fmt_s, task_row
from _harness import SEED


def sections(raw: dict[str, Any]) -> list[str]:
    """Markdown lines of the sections (after the Targets table)."""
    sizes = [int(n) for n in raw["sizes"]]
    preps = {int(n): p for n, p in raw["preps"].items()}
    results = results_of(raw)
    md: list[str] = []
    add = md.append

    add("## The workbooks")
    add("")
    add(
        "xlplan's workbook of each size, built from a plan of *n* actions, 30 objectives, 30 "
        "KPIs (baseline, target, actuals Q1–Q2), 20 owners, budgets for Q1–Q4 and actuals for "
        f"Q1–Q2, dates in 2024 (`benchmarks/_plans.py`, seed {SEED}; saved as YAML, reloaded, "
        "built `as_of=2024-07-01`). The *same cells* reference writes these counts sheet by "
        "sheet; the read tasks read this file."
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

    add("## Build and read, per size")
    add("")
    add(
        "*op s*: the operation alone, timed inside the process after its imports and inputs. "
        "*cpu s*: the CPU time of that operation. *wall s*: the whole subprocess. *start-up s*: "
        "wall − op (interpreter, imports, loading the inputs, exit). *peak MiB*: `ru_maxrss` "
        "of the process; *Δ MiB*: what the operation added to the peak. *cells/s*: the "
        "workbook's cells ÷ op s. The rows of the speed tricks (garbage collector paused, one "
        "CPU) run at one size only, in the same rounds."
    )
    add("")
    add(f"| actions | task | {TASK_COLUMNS}")
    add(f"|--:|---|{TASK_ALIGN}")
    for n in sizes:
        for task in [*SIZE_TASKS, LIFTED, *TRICK_TASKS]:
            if task not in results[n]:
                continue
            s = results[n][task]
            label = LABELS[task]
            if task.startswith("read_analyze") and not s.error:
                label += (
                    f" (read {fmt_s(s.med_split('read'))} + analyze "
                    f"{fmt_s(s.med_split('analyze'))})"
                )
            add(task_row(f"{n:,}", label, s, preps[n]["cells"]))
    add("")

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
        add(ratios_row(n, results[n]))
    if any(reader(results[n])[1] for n in sizes):
        add("")
        add(
            "⁽ˡ⁾ `xlplan.read` refuses this workbook (its safety limits); measured with the "
            "limits lifted to show how reading scales."
        )
    add("")

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
        tasks = results[n]
        rs, note = reader(tasks)
        mark = " ⁽ˡ⁾" if note else ""

        def per(v: float | None, n: int = n) -> str:
            return "—" if v is None else f"{v / n * 1e6:,.0f}"

        def per_kib(v: float | None, n: int = n) -> str:
            return "—" if v is None else f"{v / n:,.1f}"

        add(
            f"| {n:,} | {per(tasks['build'].med('op_s'))} | {per(rs.med('op_s'))}{mark} | "
            f"{per(rs.med_split('read'))}{mark} | {per(rs.med_split('analyze'))}{mark} | "
            f"{per_kib(tasks['build'].delta())} | {per_kib(rs.delta())}{mark} |"
        )
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
    return md
