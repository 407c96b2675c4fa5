"""`xlplan check` and `xlplan.check`: rules, thresholds, exit codes, batch runs, outputs."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import ROOT, sample

import xlplan
import xlplan.checks
from xlplan.cli import main

SCHEMA = json.loads((ROOT / "docs" / "check.schema.json").read_text(encoding="utf-8"))
AS_OF = dt.date(2025, 7, 1)


def plan_with_overruns(**update: object) -> xlplan.Plan:
    """Three overruns of 2.5 %, 15 % and 25.6 % in Q1; envelope 10 000 for 1 700 planned."""
    return xlplan.Plan(
        name="Overruns",
        fiscal_year_start=dt.date(2025, 1, 1),
        envelope=xlplan.Envelope(amount=10000),
        owners=[xlplan.Owner(name="Y")],
        objectives=[xlplan.Objective(title="40 nouveaux clients")],
        actions=[
            xlplan.Action(
                title="Salon", objectives=["O1"], owner="Y", budget=[1000], actual=[1025]
            ),  # +25, 2.5 %
            xlplan.Action(
                title="Flyers", objectives=["O1"], owner="Y", budget=[200], actual=[230]
            ),  # +30, 15 %
            xlplan.Action(
                title="Formation", objectives=["O1"], owner="Y", budget=[500], actual=[628]
            ),  # +128, 25.6 %
        ],
    ).model_copy(update=update)


def built(tmp_path: Path, plan: xlplan.Plan, name: str = "plan.xlsx") -> Path:
    return xlplan.build(plan, tmp_path / name, as_of=AS_OF)


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", *map(str, args), "--as-of", "2025-07-01"])
    return result.exit_code, result.stdout, result.stderr


def test_the_overrun_threshold_decides_the_exit_code(tmp_path: Path) -> None:
    path = built(tmp_path, plan_with_overruns())
    assert run(path, "--max-overrun", "30%")[0] == 0
    code, out, _ = run(path, "--max-overrun", "20%")
    assert code == 1
    assert "A3 Formation" in out and "+25.6 %" in out
    assert "A2 Flyers" not in out.split("\n")[0]
    assert run(path)[0] == 1  # default: 0 % tolerated


def test_an_amount_threshold(tmp_path: Path) -> None:
    path = built(tmp_path, plan_with_overruns())
    assert run(path, "--max-overrun", "100")[0] == 1  # 128 > 100
    assert run(path, "--max-overrun", "128")[0] == 0


def test_the_envelope_rule(tmp_path: Path) -> None:
    path = built(tmp_path, plan_with_overruns(envelope=xlplan.Envelope(amount=1500)))
    code, out, _ = run(path, "--max-overrun", "30%")
    assert code == 1  # 1 700 planned, 1 883 spent, envelope 1 500
    assert "planned total 1,700.00 is above the envelope 1,500.00" in out


def test_rules_fail_only_when_asked(tmp_path: Path) -> None:
    late = plan_with_overruns(
        actions=[xlplan.Action(title="Mailing", owner="Y", budget=[100], end=dt.date(2025, 3, 31))]
    )  # no objective
    path = built(tmp_path, late)
    assert run(path)[0] == 0  # late and hygiene are only warnings by default
    assert run(path, "--fail-on", "late")[0] == 1
    assert run(path, "--fail-on", "hygiene")[0] == 1
    code, _, err = run(path, "--fail-on", "late,typo")
    assert code == 2 and "typo" in err


def test_the_plan_carries_its_own_thresholds_and_the_command_line_wins(tmp_path: Path) -> None:
    plan = plan_with_overruns(checks=xlplan.model.plan.Checks(max_overrun="30%"))
    path = built(tmp_path, plan)
    assert run(path)[0] == 0  # the workbook's Guide sheet says 30 %
    assert run(path, "--max-overrun", "20%")[0] == 1


def test_budget_consumed_warnings(tmp_path: Path) -> None:
    # 1 883 spent of a 2 200 envelope: 85.6 %, past the 80 % warning only.
    path = built(tmp_path, plan_with_overruns(envelope=xlplan.Envelope(amount=2200)))
    code, out, _ = run(path, "--max-overrun", "30%")
    assert code == 0
    assert "85.6 % of the budget consumed (warning at 80 %)" in out


def test_batch_with_an_unusable_file(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    built(folder, plan_with_overruns(), "a.xlsx")
    built(folder, sample("bob"), "b.xlsx")
    built(folder, sample("mimine"), "c.xlsx")
    built(folder, plan_with_overruns(), "d.xlsx")
    (folder / "e.xlsx").write_bytes(b"not a workbook")
    result = CliRunner().invoke(
        main,
        ["check", str(folder), "--format", "json", "--max-overrun", "20%", "--as-of", "2025-07-01"],
    )
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, SCHEMA)
    status = {Path(f["file"]).name: f["status"] for f in doc["files"]}
    assert status == {
        "a.xlsx": "breach",  # 25.6 % > 20 %
        "b.xlsx": "ok",  # Bob: no actual spend yet
        "c.xlsx": "ok",  # Mimine: one overrun, the video's 10 %
        "d.xlsx": "breach",
        "e.xlsx": "unusable",
    }
    assert doc["summary"] == {"files": 5, "ok": 2, "breach": 2, "unusable": 1, "skipped": 0}
    # Human messages go to stderr, one line per file.
    assert len([line for line in result.stderr.splitlines() if line.strip()]) == 5


def test_junit_has_a_case_per_file_and_rule(tmp_path: Path) -> None:
    path = built(tmp_path, plan_with_overruns())
    code, out, _ = run(path, "--format", "junit", "--max-overrun", "20%")
    assert code == 1
    suites = ET.fromstring(out)
    suite = suites.find("testsuite")
    assert suite is not None and suite.get("tests") == "5" and suite.get("failures") == "1"
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert set(cases) == {"overrun", "envelope", "kpi", "late", "hygiene"}
    failure = cases["overrun"].find("failure")
    assert failure is not None and "25.6 %" in (failure.text or "")


def test_csv_has_plain_numbers(tmp_path: Path) -> None:
    path = built(tmp_path, plan_with_overruns(envelope=xlplan.Envelope(amount=100000)))
    _, out, _ = run(path, "--format", "csv", "--max-overrun", "0%")
    rows = [r for r in csv.DictReader(io.StringIO(out)) if r["rule"] == "overrun"]
    assert [(r["action_id"], r["planned"], r["actual"], r["overrun_pct"]) for r in rows] == [
        ("A1", "1000", "1025", "2.5"),
        ("A2", "200", "230", "15"),
        ("A3", "500", "628", "25.6"),
    ]


def test_python_api_returns_dataframes(tmp_path: Path) -> None:
    built(tmp_path, plan_with_overruns(), "a.xlsx")
    built(tmp_path, sample("mimine"), "b.xlsx")
    report = xlplan.check(tmp_path, as_of=AS_OF, max_overrun="20%")
    assert report.exit_code == 1
    big = report.overruns[report.overruns["overrun_pct"] > 20]
    assert list(big["action"]) == ["Formation"]
    assert set(report.totals["file"]) == {str(tmp_path / "a.xlsx"), str(tmp_path / "b.xlsx")}
    assert {"file", "kpi", "status"} <= set(report.kpi_gaps.columns)
    assert "days_late" in report.late_actions.columns


@pytest.mark.parametrize("bad", ["--max-overrun=abc", "--warn-at=eighty"])
def test_bad_thresholds_are_usage_errors(tmp_path: Path, bad: str) -> None:
    code, _, err = run(built(tmp_path, plan_with_overruns()), bad)
    assert code == 2 and "Traceback" not in err


def test_the_kpi_rule(tmp_path: Path) -> None:
    # 40 new customers targeted, 5 found by 1 July 2025 (from 0): 12.5 % of the way when
    # 181/365 ≈ 49.6 % of the year has gone — behind.
    plan = plan_with_overruns(
        kpis=[xlplan.KPI(name="Nouveaux clients", baseline=0, target=40, actual=[2, 5])]
    )
    path = built(tmp_path, plan)
    assert run(path, "--max-overrun", "30%")[0] == 0
    code, out, _ = run(path, "--max-overrun", "30%", "--fail-on", "kpi")
    assert code == 1
    assert "KPI K1 Nouveaux clients: 12.5 % of the way to its target" in out


def test_custom_warning_levels(tmp_path: Path) -> None:
    # 1 883 spent of 2 200: 85.6 % — past 50 and 85, not 90.
    path = built(tmp_path, plan_with_overruns(envelope=xlplan.Envelope(amount=2200)))
    _, out, _ = run(path, "--max-overrun", "30%", "--warn-at", "50,85,90")
    assert "(warning at 85 %)" in out


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Six files, the third unusable."""
    folder = tmp_path_factory.mktemp("batch")
    plans = [plan_with_overruns(), sample("bob"), None, sample("mimine"), plan_with_overruns()]
    plans.append(plan_with_overruns(envelope=xlplan.Envelope(amount=1500)))
    for i, plan in enumerate(plans):
        if plan is None:
            (folder / f"p{i}.xlsx").write_bytes(b"PK\x03\x04 truncated")
        else:
            built(folder, plan, f"p{i}.xlsx")
    return sorted(folder.iterdir())


def summary(report: xlplan.checks.CheckReport) -> list[tuple[str, str, list[str], str]]:
    return [
        (Path(f.file).name, f.status, [x.message for x in f.findings], f.error)
        for f in report.files
    ]


def checked(
    files: list[Path], jobs: int, pool: xlplan.checks.PoolFactory = xlplan.checks.process_pool
) -> tuple[xlplan.checks.CheckReport, list[str]]:
    seen: list[str] = []
    report = xlplan.checks.check(
        files, as_of=AS_OF, jobs=jobs, progress=lambda r: seen.append(Path(r.file).name), pool=pool
    )
    return report, seen


def test_parallel_and_serial_checks_agree(batch: list[Path]) -> None:
    serial, serial_seen = checked(batch, 1)
    parallel, parallel_seen = checked(batch, 2)
    assert summary(parallel) == summary(serial)
    french = [[x.text("fr") for x in f.findings] for f in parallel.files]  # (pickled back)
    assert french == [[x.text("fr") for x in f.findings] for f in serial.files]
    # (a worker sends each file's figures pickled apart, unpickled when read)
    assert [f.figures for f in parallel.files] == [f.figures for f in serial.files]
    assert parallel.files[0].figures is not None and parallel.files[2].figures is None
    assert parallel_seen == serial_seen == [p.name for p in batch]  # in the order of the files
    statuses = [f.status for f in parallel.files]
    assert statuses == ["breach", "ok", "unusable", "breach", "breach", "breach"]
    assert parallel.exit_code == serial.exit_code == 2
    for name in ("overruns", "totals", "kpi_gaps", "late_actions"):
        pd.testing.assert_frame_equal(getattr(parallel, name), getattr(serial, name))


class Pools:
    """A pool factory for `check` that records the pools made: workers and start method."""

    def __init__(self) -> None:
        self.made: list[tuple[int, str]] = []

    def __call__(self, jobs: int, context: BaseContext) -> ProcessPoolExecutor:
        self.made.append((jobs, context.get_start_method()))
        return ProcessPoolExecutor(jobs, mp_context=context)


def test_one_job_makes_no_pool_and_never_more_workers_than_files(batch: list[Path]) -> None:
    pools = Pools()
    checked(batch, 1, pools)
    checked(batch[:1], 8, pools)
    assert pools.made == []
    checked(batch[:2], 8, pools)
    assert [jobs for jobs, _ in pools.made] == [2]


def test_the_workers_results_wait_in_a_large_pipe() -> None:
    # (all workers write into one pipe: at Linux's 64 KiB, a batch's results waited for the
    # parent to read the previous batch's; the pool made here starts no process)
    import fcntl
    import multiprocessing as mp

    pool = xlplan.checks.process_pool(2, mp.get_context("spawn"))
    try:
        reader = pool._result_queue._reader  # type: ignore[attr-defined]
        assert fcntl.fcntl(reader.fileno(), fcntl.F_GETPIPE_SZ) == 1 << 20
    finally:
        pool.shutdown()


def test_no_fork_while_another_thread_runs(batch: list[Path]) -> None:
    # Forking a threaded process may deadlock the child (and warns from Python 3.12): then
    # the workers come from a fork server, and the results are the same.
    pools = Pools()
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        report, _ = checked(batch[:3], 2, pools)
    finally:
        stop.set()
        thread.join()
    assert pools.made[0][1] != "fork"
    assert summary(report) == summary(checked(batch[:3], 1)[0])


# --- golden files: every output format, byte for byte --------------------------------------------
GOLDEN = ROOT / "tests" / "golden"
CHECK_FORMATS = {"table": "txt", "json": "json", "csv": "csv", "junit": "xml"}


@pytest.fixture(scope="module")
def golden_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Mimine (a year past its end on 1 July 2025) and a plan that breaks every other rule."""
    folder = tmp_path_factory.mktemp("golden")
    built(folder, sample("mimine"), "mimine.xlsx")
    mailing = xlplan.Action(title="Mailing", owner="Y", budget=[100], end=dt.date(2025, 3, 31))
    overspent = plan_with_overruns(envelope=xlplan.Envelope(amount=1500))
    built(folder, overspent.model_copy(update={"actions": [*overspent.actions, mailing]}), "o.xlsx")
    return folder


@pytest.mark.parametrize("fmt", CHECK_FORMATS)
def test_the_check_outputs_are_the_golden_files(
    fmt: str, golden_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(golden_folder)  # (the report names the files as found)
    args = ["--max-overrun", "20%", "--warn-at", "50,90", "--format", fmt, "--jobs", "1"]
    code, out, _ = run(".", "--fail-on", "overrun,envelope,kpi,late,hygiene", *args)
    assert code == 1
    # o.xlsx by hand: 1 000 + 200 + 500 + 100 = 1 800 planned, 1 025 + 230 + 628 = 1 883 spent,
    # both above the 1 500 envelope (1 883 / 1 500 = 125.5 %, past the 90 % warning); only the
    # Formation's +25.6 % is above 20 %; the Mailing ended 31 March, 92 days before 1 July, and
    # serves no objective. Mimine: 4 320 spent of 28 129, a year past its start: every KPI short
    # of its target is behind, and nine unfinished actions are late.
    assert out == (GOLDEN / f"check.{CHECK_FORMATS[fmt]}").read_text(encoding="utf-8")


def test_workers_are_forked_unless_numpy_is_loaded_from_python_3_12(batch: list[Path]) -> None:
    # (numpy's OpenBLAS pool is a native thread: Python 3.11 forks such a process, 3.12+ warns
    # about it; this test process has imported pandas, hence a fresh one)
    script = "\n".join(
        [
            "import sys",
            "from concurrent.futures import ProcessPoolExecutor",
            "import xlplan.checks",
            "made = []",
            "def pool(jobs, context):",
            "    made.append(context.get_start_method())",
            "    return ProcessPoolExecutor(jobs, mp_context=context)",
            "first = xlplan.checks.check(sys.argv[1:], jobs=2, pool=pool)",
            "import numpy",
            "second = xlplan.checks.check(sys.argv[1:], jobs=2, pool=pool)",
            "assert [f.status for f in first.files] == [f.status for f in second.files]",
            "print(*made)",
        ]
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *map(str, batch[:2])],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    with_numpy = "fork" if sys.version_info < (3, 12) else "forkserver"
    assert done.stdout.split() == ["fork", with_numpy]
