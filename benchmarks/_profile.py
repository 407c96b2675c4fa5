"""cProfile of one build and one read + analyze, and the report's *Where the time goes*.

Run at 10 000 actions when that size is measured (or, with ``--profile``, at the largest size
below); the profiler slows pure-Python code down, so the report gives shares, not seconds.
``benchmarks/analysis.md``, a reading of a profile written by hand, follows it if present.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from _harness import AS_OF, BENCH_DIR, ROOT, run_worker

PROFILE_SIZE = 10_000
ANALYSIS = BENCH_DIR / "analysis.md"  # the hand-written reading of the profile, if any


def _group(filename: str, func: str) -> str:
    name = filename.replace("\\", "/")
    for package in (
        "xlplan",
        "xlsxwriter",
        "openpyxl",
        "pydantic",
        "pandas",
        "numpy",
        "yaml",
        "et_xmlfile",
        "defusedxml",
        "lxml",
    ):
        if f"/{package}/" in name or f"/{package}_" in name:
            return package
    if name == "~" or name.startswith("<"):
        return "C built-ins"
    return "stdlib"


def _where(row: dict[str, Any]) -> str:
    name = row["file"].replace("\\", "/")
    if name == "~":
        return str(row["func"])
    for marker in ("/site-packages/", "/lib/python3", f"{ROOT.as_posix()}/"):
        if marker in name:
            name = name.split(marker, 1)[1]
            if marker == "/lib/python3":
                name = name.split("/", 1)[1]
            break
    return f"{name}:{row['line']}({row['func']})"


def profile(n: int, prep: dict[str, Any], warm: str) -> dict[str, Any]:
    """Profile build and read + analyze of the workbook of `n` actions (`prep`), each in a
    worker; `warm` is the tiny workbook read first (see `_worker._warm_up`)."""
    out: dict[str, Any] = {"n": n}
    for what in ("build", "read"):
        job = {
            "task": "profile",
            "what": what,
            "as_of": AS_OF,
            "plan_pickle": prep["plan_pickle"],
            "out": str(prep["dir"] / "profile.xlsx"),
            "path": prep["xlsx"],
            "warm": warm,
        }
        result = run_worker(job)
        Path(job["out"]).unlink(missing_ok=True)
        if "error" in result:
            out[what] = {"error": result["error"]}
            continue
        rows = result["rows"]
        total = sum(r["tottime"] for r in rows)
        groups: dict[str, float] = defaultdict(float)
        for r in rows:
            groups[_group(r["file"], r["func"])] += r["tottime"]
        out[what] = {
            "total": total,
            "op_s": result["op_s"],
            "groups": sorted(groups.items(), key=lambda kv: -kv[1]),
            "by_cum": sorted(rows, key=lambda r: -r["cumtime"]),
            "by_own": sorted(rows, key=lambda r: -r["tottime"]),
        }
    return out


def print_profile(prof: dict[str, Any], top: int = 25) -> None:
    for what in ("build", "read"):
        p = prof[what]
        print(f"\n### cProfile of {what} — top {top} by cumulative time\n")
        if "error" in p:
            print(p["error"])
            continue
        print(f"{'ncalls':>10} {'tottime':>9} {'cumtime':>9}  function")
        for r in p["by_cum"][:top]:
            print(f"{r['ncalls']:>10} {r['tottime']:>9.3f} {r['cumtime']:>9.3f}  {_where(r)}")


def trim(prof: dict[str, Any] | None, keep: int = 200) -> dict[str, Any] | None:
    """The profile without the long tail of functions (the report shows the top ones)."""
    if not prof:
        return prof
    out: dict[str, Any] = {"n": prof["n"]}
    for what in ("build", "read"):
        p = prof.get(what)
        if p is None or "error" in p:
            out[what] = p
            continue
        out[what] = {**p, "by_cum": p["by_cum"][:keep], "by_own": p["by_own"][:keep]}
    return out


def section(prof: dict[str, Any] | None) -> list[str]:
    """Markdown lines of *Where the time goes* (and the hand-written reading, if any)."""
    md: list[str] = []
    add = md.append

    add("## Where the time goes")
    add("")
    if prof:
        add(
            f"cProfile of one build and one read + analyze at {prof['n']:,} actions "
            "(`python benchmarks/run.py --profile` prints the top 25 entries by cumulative "
            "time). The profiler slows pure-Python code down, so the shares matter, not the "
            "seconds."
        )
        add("")
        for what, title in (("build", "build"), ("read", "read + analyze")):
            p = prof.get(what)
            if not p or "error" in p:
                add(f"- **{title}**: {p.get('error') if p else 'not profiled'}")
                continue
            total = p["total"]
            groups = ", ".join(f"{g} {t / total:.0%}" for g, t in p["groups"] if t / total >= 0.01)
            own = "; ".join(
                f"`{_where(r)}` {r['tottime'] / total:.0%} ({r['ncalls']:,} calls)"
                for r in p["by_own"][:8]
            )
            ours = [
                r
                for r in p["by_cum"]
                if _group(r["file"], r["func"]) == "xlplan" and r["cumtime"] < 0.95 * total
            ]
            ours_top = "; ".join(f"`{_where(r)}` {r['cumtime'] / total:.0%}" for r in ours[:10])
            add(f"- **{title}** ({total:.1f} s under the profiler). Own time by package: {groups}.")
            add(f"  - Hottest functions by own time: {own}.")
            add(f"  - xlplan functions by cumulative time: {ours_top}.")
        add("")
    else:
        add(
            "Not profiled in this run (the profile runs at 10 000 actions when that size is "
            "measured, or with `--profile`)."
        )
        add("")
    if ANALYSIS.is_file():
        add("### Reading of the profile")
        add("")
        add(
            f"Written by hand from a profile ([`benchmarks/{ANALYSIS.name}`](../benchmarks/"
            f"{ANALYSIS.name})); it may describe an older version than the figures above."
        )
        add("")
        add(ANALYSIS.read_text(encoding="utf-8").strip())
        add("")
    return md
