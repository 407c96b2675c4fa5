"""The collector pause of the command line (`xlplan._gc`); library calls never touch it."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

import xlplan
from xlplan._gc import paused


def test_the_collector_is_paused_inside_and_back_after() -> None:
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
        made = [[i] for i in range(1000)]
    assert gc.isenabled()
    # What the block made went to the oldest generation: no young collection walks it again.
    assert all(gc.is_tracked(x) for x in made)
    assert gc.get_count()[0] < 1000


def test_a_program_that_froze_objects_keeps_them_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with paused():
            pass
        assert gc.get_freeze_count() == frozen
        assert gc.isenabled()
    finally:
        gc.unfreeze()


def test_a_program_that_disabled_the_collector_keeps_it_disabled() -> None:
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_library_calls_leave_the_callers_collector_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    touched: list[str] = []
    for name in ("disable", "freeze", "unfreeze", "set_threshold"):
        monkeypatch.setattr(gc, name, lambda *a, _n=name: touched.append(_n))
    plan = xlplan.load_plan(ROOT / "samples" / "mimine.yaml")
    path = xlplan.build(plan, tmp_path / "mimine.xlsx")
    xlplan.analyze(xlplan.read(path).plan)
    xlplan.check([path], jobs=1)
    assert touched == []


def test_check_workers_in_the_callers_process_leave_its_collector_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Worker processes pause their own collector; a pool of threads runs in the caller's.
    from concurrent.futures import ThreadPoolExecutor

    from xlplan.checks import check

    plan = xlplan.load_plan(ROOT / "samples" / "mimine.yaml")
    paths = [xlplan.build(plan, tmp_path / f"mimine-{i}.xlsx") for i in range(2)]
    touched: list[str] = []
    for name in ("disable", "freeze", "unfreeze", "set_threshold"):
        monkeypatch.setattr(gc, name, lambda *a, _n=name: touched.append(_n))
    report = check(paths, jobs=2, pool=lambda jobs, _: ThreadPoolExecutor(jobs))
    # (Mimine's A1 spent 880 of the 800 planned in Q1: an overrun, which fails by default)
    assert [f.status for f in report.files] == ["breach", "breach"]
    assert touched == []


@pytest.mark.parametrize(("args", "frozen"), [("", "True"), ("['--version']", "False")])
def test_only_the_programs_own_command_line_freezes_its_objects_at_exit(
    args: str, frozen: str
) -> None:
    # The program run on its own command line (`xlplan …`, args from sys.argv) spares the
    # interpreter's last collections; a caller running the commands with its own arguments
    # (click's CliRunner, a script) ends as it would have. (The probe, registered first, runs
    # after every later `atexit` function.)
    script = "\n".join(
        [
            "import atexit, gc, sys",
            "atexit.register(lambda: print(gc.get_freeze_count() > 0))",
            "sys.argv = ['xlplan', '--version']",
            "from xlplan.cli import main",
            "try:",
            f"    main({args})",
            "except SystemExit:",
            "    pass",
        ]
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.splitlines()[-1] == frozen
