"""xlplan benchmarks: build, read + analyze, hand-made tables, check, start-up and `xlplan report`
against bare libraries, measured side by side in one run.

    python benchmarks/run.py [--quick] [--sizes 100,1000,10000,50000] [--table-rows 100,1000,10000]
                             [--monthly-rows 10000] [--only-monthly]
                             [--repeat N] [--profile] [--no-profile] [--no-check] [--no-tables]
                             [--output docs/benchmarks.md] [--raw FILE] [--from-raw FILE]

Every measurement runs in a fresh interpreter (`_worker.py`), so its peak memory
(``ru_maxrss``) and its time are its own. Medians over the runs are printed as Markdown and
written to ``docs/benchmarks.md``. See ``benchmarks/README.md`` for what each column means.

The modules: `_harness` (running a job, rounds, medians), `_inputs` (making the inputs, with
`_plans` and `_tables`), one `_bench_*` module per family of benchmarks (what it runs, its
targets, its section of the report), `_profile`, `_report` (the document), `_fmt`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _bench_check
import _bench_cli
import _bench_own
import _bench_tables
import _profile
from _fmt import verdict
from _harness import ROOT, Repeats, byte_compile
from _inputs import prepare_warm
from _report import report

DEFAULT_SIZES = (100, 1_000, 10_000, 50_000)
QUICK_SIZES = (100, 1_000)
SMALL_REPEAT = 9  # sizes up to SMALL run at least this many times (their runs vary more)
CHECK_REPEAT = 7
STARTUP_ROUNDS = 11  # the report target wants a median of at least 10 runs
FULL_OUTPUT = ROOT / "docs" / "benchmarks.md"
QUICK_OUTPUT = Path(tempfile.gettempdir()) / "xlplan-bench-quick.md"


def _ints(text: str) -> list[int]:
    return sorted({int(s) for s in text.split(",") if s.strip()})


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", help="action counts, comma-separated (default 100,1000,10000,50000)"
    )
    parser.add_argument(
        "--table-rows",
        help="rows of the hand-made tables, comma-separated (default 100,1000,10000)",
    )
    parser.add_argument(
        "--monthly-rows",
        help="rows of the monthly two-row-header hand-made tables, comma-separated (default "
        "10000; none with --quick unless given)",
    )
    parser.add_argument(
        "--only-monthly",
        action="store_true",
        help="measure only the monthly hand-made tables (once each unless --repeat) and print "
        "their targets and section; writes no report file unless --output says where",
    )
    parser.add_argument("--repeat", type=int, help="runs per measurement (median; default 3)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke test in about two minutes: sizes and table rows 100,1000 (unless given), "
        "one run of each task and of the check, 10 rounds of the commands",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="print the top 25 cumulative cProfile entries of build and read",
    )
    parser.add_argument("--no-profile", action="store_true", help="skip the profile")
    parser.add_argument("--no-check", action="store_true", help="skip the check benchmark")
    parser.add_argument("--no-tables", action="store_true", help="skip the hand-made tables")
    parser.add_argument(
        "--budget",
        type=float,
        default=300.0,
        help="seconds the repeats of one size may take before that size runs once (default 300)",
    )
    parser.add_argument(
        "--output",
        help="the Markdown file to write ('-' for none; default docs/benchmarks.md, and for "
        "--quick xlplan-bench-quick.md in the temporary directory, so that a smoke test does "
        "not replace the last full report)",
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
    return parser.parse_args()


def repeats(args: argparse.Namespace) -> Repeats:
    """Runs per kind of measurement: `--repeat` (3), more for small sizes unless it is 1."""
    if args.quick and args.repeat is None:
        return Repeats(large=1, small=1, check=1, startup=10)
    n = 3 if args.repeat is None else args.repeat
    more = n > 1
    return Repeats(
        large=n,
        small=max(n, SMALL_REPEAT) if more else n,
        check=max(n, CHECK_REPEAT) if more else n,
        startup=max(n, STARTUP_ROUNDS),
    )


def monthly_rows(args: argparse.Namespace) -> list[int]:
    if args.monthly_rows:
        return _ints(args.monthly_rows)
    return [] if args.quick else [_bench_tables.TARGET_ROWS]


def measure_monthly(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Only the monthly hand-made tables (`--only-monthly`), with their calamine reference."""
    t0 = time.perf_counter()
    byte_compile()
    warm = prepare_warm(work)
    n = 1 if args.repeat is None else args.repeat
    runs = Repeats(large=n, small=n, check=n, startup=n)
    rows = monthly_rows(args) or [_bench_tables.TARGET_ROWS]
    return {
        "argv": sys.argv[1:],
        "tables_monthly": _bench_tables.measure(
            rows, work, runs, args.budget, warm["table"], "monthly"
        ),
        "elapsed": time.perf_counter() - t0,
        "date": f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
    }


def monthly_report(raw: dict[str, Any]) -> str:
    targets = _bench_tables.targets(raw["tables_monthly"], _bench_tables.MONTHLY)
    md = [f"Generated {raw['date']} in {raw['elapsed'] / 60:.1f} min.", ""]
    md += ["| Target | Measured | Verdict |", "|---|---|---|"]
    md += [f"| {t.label} | {t.measured} | {verdict(t.ok)} |" for t in targets]
    md += ["", *_bench_tables.section(raw["tables_monthly"], monthly=True)]
    return "\n".join(md)


def measure(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Run every benchmark family; returns the raw measurements."""
    t0 = time.perf_counter()
    quick = args.quick
    sizes = _ints(args.sizes) if args.sizes else list(QUICK_SIZES if quick else DEFAULT_SIZES)
    rows = (
        _ints(args.table_rows)
        if args.table_rows
        else list(_bench_tables.QUICK_ROWS if quick else _bench_tables.DEFAULT_ROWS)
    )
    runs = repeats(args)
    byte_compile()
    warm = prepare_warm(work)
    startup = _bench_cli.measure(work, runs.startup)
    own = _bench_own.measure(sizes, work, runs, args.budget, warm["own"], not args.no_profile)
    tables = (
        None
        if args.no_tables
        else _bench_tables.measure(rows, work, runs, args.budget, warm["table"])
    )
    monthly = monthly_rows(args)
    tables_monthly = (
        None
        if args.no_tables or not monthly
        else _bench_tables.measure(monthly, work, runs, args.budget, warm["table"], "monthly")
    )
    check = None if args.no_check else _bench_check.measure(work, runs.check, warm["own"])
    preps = own.pop("keep")
    if args.profile:
        if own["prof"] is None and not args.no_profile:
            n = max((s for s in sizes if s <= _profile.PROFILE_SIZE), default=sizes[0])
            print(f"profiling at {n} actions…", file=sys.stderr)
            own["prof"] = _profile.profile(n, preps[n], warm["own"])
        if own["prof"]:
            _profile.print_profile(own["prof"])
    own["prof"] = _profile.trim(own["prof"])
    return {
        "argv": sys.argv[1:],
        "own": own,
        "tables": tables,
        "tables_monthly": tables_monthly,
        "check": check,
        "startup": startup,
        "elapsed": time.perf_counter() - t0,
        "date": f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
    }


def main() -> None:
    args = parse_args()
    if args.only_monthly:
        work = Path(tempfile.mkdtemp(prefix="xlplan-bench-"))
        try:
            raw = measure_monthly(args, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        Path(args.raw).write_text(json.dumps(raw, default=str), encoding="utf-8")
        _emit(monthly_report(json.loads(json.dumps(raw, default=str))), args.output or "-")
        return
    if args.output is None:
        args.output = str(QUICK_OUTPUT if args.quick else FULL_OUTPUT)
    if args.from_raw:
        _emit(report(json.loads(Path(args.from_raw).read_text(encoding="utf-8"))), args.output)
        return
    work = Path(tempfile.mkdtemp(prefix="xlplan-bench-"))
    try:
        raw = measure(args, work)
    finally:
        if args.keep:
            print(f"work directory kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    text = json.dumps(raw, default=str)
    Path(args.raw).write_text(text, encoding="utf-8")
    print(f"raw results: {args.raw}", file=sys.stderr)
    _emit(report(json.loads(text)), args.output)  # (as --from-raw sees it: keys are strings)


def _emit(text: str, output: str) -> None:
    print(text)
    if output != "-":
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(text + "\n", encoding="utf-8")
        print(f"\nwritten {output}", file=sys.stderr)


if __name__ == "__main__":
    main()
