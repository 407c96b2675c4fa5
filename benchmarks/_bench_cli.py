"""Whole commands, wall time: interpreter start-up, ``xlplan --help``/``--version``, and
``xlplan report`` on the Mimine sample against a bare ``python -c pass``.

Every command runs once to warm the file cache, then once per round, the commands side by
side in each round; the tables show medians. Targets: ``--help`` and ``--version`` under
0.3 s, ``xlplan report`` of the Mimine sample's workbook under 0.3 s.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from _fmt import Target, fmt_ratio, ratio
from _harness import AS_OF, ROOT, wall_time, xlplan_command
from _inputs import MIMINE, prepare_mimine

STARTUP_MAX_S = 0.3  # xlplan --help / --version wall time
REPORT_MAX_S = 0.3  # xlplan report of the Mimine sample, wall time
PASS = "python -c pass"
REPORT = "xlplan report mimine.xlsx"
HEAVY = "python -c 'import xlplan.cli, pandas, pydantic, xlsxwriter, openpyxl, python_calamine'"
PANDAS = "python -c 'import pandas'"
HEAVY_MODULES = ("pandas", "numpy", "pydantic", "openpyxl", "xlsxwriter", "python_calamine", "yaml")
# Runs the command line in-process, then says which heavy libraries it imported.
_PROBE = """
import json, os, sys
from xlplan.cli import main
modules = json.loads(sys.argv[2])
sys.argv = ["xlplan", *json.loads(sys.argv[1])]
out, sys.stdout = sys.stdout, open(os.devnull, "w")
try:
    main()
except SystemExit:
    pass
out.write(json.dumps([m for m in modules if m in sys.modules]))
"""


def commands(mimine: Path) -> dict[str, list[str]]:
    """Label → command, in the order they run in a round."""
    cli = xlplan_command()
    py = sys.executable
    return {
        PASS: [py, "-c", "pass"],
        "python -c 'import xlplan'": [py, "-c", "import xlplan"],
        "xlplan --version": [*cli, "--version"],
        "xlplan --help": [*cli, "--help"],
        REPORT: [*cli, "report", str(mimine), "--as-of", AS_OF],
        PANDAS: [py, "-c", "import pandas"],
        HEAVY: [
            py,
            "-c",
            "import xlplan.cli, pandas, pydantic, xlsxwriter, openpyxl, python_calamine",
        ],
    }


def measure(work: Path, rounds: int) -> dict[str, Any]:
    """Run every command `rounds` times, side by side; returns label → walls and exit codes."""
    print(f"start-up and xlplan report ({rounds} rounds)…", file=sys.stderr)
    cmds = commands(prepare_mimine(work))
    out: dict[str, Any] = {label: {"walls": [], "codes": []} for label in cmds}
    for cmd in cmds.values():
        wall_time(cmd)  # warm the file cache
    for _ in range(rounds):
        for label, cmd in cmds.items():
            wall, code = wall_time(cmd)
            out[label]["walls"].append(wall)
            out[label]["codes"].append(code)
    shown = ", ".join(f"{k} {statistics.median(v['walls']):.3f} s" for k, v in out.items())
    print(f"  {shown}", file=sys.stderr)
    for label, args in (("xlplan --help", ["--help"]), (REPORT, cmds[REPORT][-4:])):
        out[label]["imports"] = imported(args)
    return out


def imported(args: list[str]) -> list[str] | None:
    """The heavy libraries (`HEAVY_MODULES`) the command line imports for `args` (None if the
    probe failed)."""
    code = [sys.executable, "-c", _PROBE, json.dumps(args), json.dumps(HEAVY_MODULES)]
    proc = subprocess.run(code, capture_output=True, text=True, cwd=ROOT, check=False)
    try:
        return list(json.loads(proc.stdout.strip().splitlines()[-1]))
    except (ValueError, IndexError):
        return None


def imports(raw: dict[str, Any], label: str) -> list[str] | None:
    """What the probe found the command imports (None: not probed)."""
    value = raw.get(label)
    return value.get("imports") if isinstance(value, dict) else None


def _walls(raw: dict[str, Any], label: str) -> list[float]:
    """The wall times of a command (a float alone in the raw files of older runs)."""
    value = raw.get(label)
    if value is None:
        return []
    return [value] if isinstance(value, float | int) else list(value["walls"])


def median(raw: dict[str, Any], label: str) -> float | None:
    walls = _walls(raw, label)
    return statistics.median(walls) if walls else None


def _failed(raw: dict[str, Any], label: str) -> bool:
    value = raw.get(label)
    return isinstance(value, dict) and any(value["codes"])


def targets(raw: dict[str, Any]) -> list[Target]:
    out = []
    for label in ("xlplan --help", "xlplan --version"):
        value = median(raw, label)
        if value is not None:
            out.append(Target(f"`{label}` under 0.3 s", f"{value:.3f} s", value < STARTUP_MAX_S))
    report, bare = median(raw, REPORT), median(raw, PASS)
    label = (
        f"`xlplan report` of the Mimine sample (`{MIMINE.name}`, built) under 0.3 s wall, "
        f"median of ≥ 10 runs"
    )
    if report is None:
        out.append(Target(label, "not run", None))
    elif _failed(raw, REPORT):
        out.append(Target(label, f"the command failed (exit codes {raw[REPORT]['codes']})", False))
    else:
        runs = len(_walls(raw, REPORT))
        shown = f"{report:.3f} s ({runs} runs)"
        if bare:
            shown += (
                f"; {fmt_ratio(ratio(report, bare))} `python -c pass` ({bare:.3f} s), "
                f"{report - bare:.3f} s net of the interpreter's start-up"
            )
        out.append(Target(label, shown, report <= REPORT_MAX_S if runs >= 10 else None))
    return out


def section(raw: dict[str, Any]) -> list[str]:
    """Markdown lines of the start-up section."""
    bare = median(raw, PASS)
    md = [
        "## Start-up and `xlplan report`",
        "",
        "Wall time of the whole command (output to /dev/null), medians of the runs after one "
        "warm-up run, every command once per round. `xlplan report` reads the Mimine sample "
        f"(`samples/{MIMINE.name}`, built with `xlplan build --as-of {AS_OF}`) and prints its "
        "table. The last two commands are what the lazy imports save: `--help` and `--version` "
        "import none of the heavy libraries, and the report need not import pandas.",
        "",
        "| command | runs | median s | min s | ÷ `python -c pass` |",
        "|---|--:|--:|--:|--:|",
    ]
    for label in raw:
        walls = _walls(raw, label)
        if not walls:
            continue
        med = statistics.median(walls)
        failed = " (failed)" if _failed(raw, label) else ""
        heavy = imports(raw, label)
        if heavy is not None:
            failed += f" (imports {', '.join(heavy) or 'none of the heavy libraries'})"
        md.append(
            f"| `{label}`{failed} | {len(walls)} | {med:.3f} | {min(walls):.3f} | "
            f"{fmt_ratio(ratio(med, bare))} |"
        )
    md.append("")
    return md
