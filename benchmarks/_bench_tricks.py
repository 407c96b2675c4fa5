"""Does each speed trick still pay? With and without, for the tricks a caller can switch.

Nothing here is measured on its own (`raw` is the whole run's measurements as saved in JSON,
keys are strings): the rows compare runs made side by side in the other
families' rounds (`_bench_own`, `_bench_tables`, `_bench_check`, `_bench_cli`). Tricks that no
public knob switches are listed, with how to measure them, in ``benchmarks/README.md``.
"""

from __future__ import annotations

from typing import Any

from _bench_cli import HEAVY, PANDAS, PASS, REPORT, imports, median
from _fmt import fmt_ratio, fmt_s, ratio
from _harness import Series, series_of

Timed = tuple[float | None, float | None]  # median elapsed and CPU seconds
PAYS = 1.05  # without ÷ with above this: the trick pays; below 1 / PAYS: it costs


def _judge(without: float | None, with_: float | None) -> str:
    gain = ratio(without, with_)
    if gain is None:
        return "n/a"
    if gain >= PAYS:
        return "pays"
    return "**costs**" if gain <= 1 / PAYS else "within noise"


def _row(
    trick: str,
    where: str,
    without: Timed,
    with_: Timed,
    absent: str = "",
) -> str:
    """A row of the table; `absent` says why the trick is not in place (then no verdict)."""
    (w_s, w_cpu), (s, cpu) = without, with_
    saved = None if w_s is None or s is None else w_s - s
    judged = f"not in place: {absent}" if absent else _judge(w_s, s)
    return (
        f"| {trick} | {where} | {fmt_s(w_s)} | {fmt_s(s)} | {fmt_s(saved)} | "
        f"{fmt_ratio(ratio(w_s, s))} | {fmt_ratio(ratio(w_cpu, cpu))} | {judged} |"
    )


def _heavy(startup: dict[str, Any], label: str, modules: tuple[str, ...]) -> str:
    """Why a lazy-import trick is not in place: the `modules` the command imports anyway."""
    found = [m for m in imports(startup, label) or [] if m in modules]
    return f"`{label.split(' mimine')[0]}` imports {', '.join(found)}" if found else ""


def _pair(s: dict[str, Series], without: str, with_: str) -> tuple[Timed, Timed]:
    """Median elapsed and CPU seconds of the two tasks (None where not run)."""

    def timed(task: str) -> Timed:
        return (s[task].med("op_s"), s[task].med("cpu_s")) if task in s else (None, None)

    return timed(without), timed(with_)


def _command(startup: dict[str, Any], label: str) -> Timed:
    return median(startup, label), None


def section(raw: dict[str, Any]) -> list[str]:
    """Markdown lines of the tricks' with/without table, from the whole run's raw data."""
    rows: list[str] = []
    own = raw.get("own")
    if own and own.get("tricks_size") is not None:
        n = int(own["tricks_size"])
        s = series_of(own["results"][str(n)])
        gc = "garbage collector paused by the caller (`xlplan/_gc.py`, the CLI's choice)"
        rows.append(_row(gc, f"`xlplan.build`, {n:,} actions", *_pair(s, "build", "build_gc")))
        rows.append(
            _row(
                gc,
                f"read + analyze, xlplan workbook of {n:,} actions",
                *_pair(s, "read_analyze", "read_analyze_gc"),
            )
        )
        rows.append(
            _row(
                "reading on a second core (the reader's threads: sheets searched for error "
                "values while the rest is read; *without*: the process pinned to one CPU)",
                f"read + analyze, xlplan workbook of {n:,} actions",
                *_pair(s, "read_analyze_1cpu", "read_analyze"),
            )
        )
        rows.append(
            _row(
                "the writer's fast path (cells stored straight into xlsxwriter's tables, "
                "formulas not re-parsed; *without*: the same cells through xlsxwriter's public "
                "`write_*`, *with*: all of `xlplan.build`)",
                f"build, {n:,} actions",
                *_pair(s, "xlsxwriter_exact", "build"),
            )
        )
    tables = raw.get("tables")
    if tables and tables.get("rows"):
        n = max(int(r) for r in tables["rows"])
        s = series_of(tables["results"][str(n)])
        rows.append(
            _row(
                "garbage collector paused by the caller (`xlplan/_gc.py`, the CLI's choice)",
                f"read + analyze, hand-made table of {n:,} rows",
                *_pair(s, "read_analyze", "read_analyze_gc"),
            )
        )
    if raw.get("check"):
        c = series_of(raw["check"])
        rows.append(
            _row(
                "checking in worker processes (`jobs`)",
                "`xlplan.check`, 100 workbooks, jobs=1 against jobs=2",
                *_pair(c, "check_jobs1", "check_jobs2"),
            )
        )
        if "check_jobs2_thread" in c:
            (without, _), (with_, _) = _pair(c, "check_jobs2_thread", "check_jobs2")
            rows.append(
                _row(
                    "forking the worker processes when the caller has no other thread "
                    "(*without*: the caller runs a thread, so they start otherwise)",
                    "`xlplan.check`, 100 workbooks, jobs=2",
                    (without, None),  # (the fork server's children are not the caller's)
                    (with_, None),
                )
            )
    startup = raw.get("startup") or {}
    if median(startup, HEAVY) is not None:
        rows.append(
            _row(
                "lazy imports (*without*: importing the CLI and every heavy library it may use)",
                "`xlplan --help`, whole command",
                _command(startup, HEAVY),
                _command(startup, "xlplan --help"),
                _heavy(startup, "xlplan --help", ("pandas", "pydantic", "openpyxl", "xlsxwriter")),
            )
        )
    if median(startup, PANDAS) is not None:
        rows.append(
            _row(
                "no pandas in the command line's analysis (*without*: what importing pandas "
                "costs, against `python -c pass`)",
                f"`{REPORT}`, whole command",
                _command(startup, PANDAS),
                _command(startup, PASS),
                _heavy(startup, REPORT, ("pandas",)),
            )
        )
    if not rows:
        return []
    return [
        "## Speed tricks: with and without",
        "",
        "Each trick a caller can switch, measured both ways side by side in the rounds above "
        "(seconds of the operation, or of the whole command where it says so). *Without ÷ "
        f"with* ≥ {PAYS} means the trick pays; ≤ {1 / PAYS:.2f} that it costs (on elapsed "
        "time; the CPU ratio beside it is less disturbed by a busy machine, but does not count "
        "what a second core saves). Tricks no public "
        "knob switches, and how to measure them: [`benchmarks/README.md`]"
        "(../benchmarks/README.md#speed-tricks).",
        "",
        "| trick | measured on | without s | with s | saved s | without ÷ with | CPU: without ÷ "
        "with | verdict |",
        "|---|---|--:|--:|--:|--:|--:|---|",
        *rows,
        "",
    ]
