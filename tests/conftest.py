"""Shared fixtures: the repository's samples and templates, built workbooks, LibreOffice."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import xlplan
from xlplan.model.starters import list_templates, load_template
from xlplan.writing.workbook import build

ROOT = Path(__file__).resolve().parents[1]


def pytest_configure(config: pytest.Config) -> None:
    """The messages' language is English unless a test asks for French (--lang fr, or its own
    environment): a developer's French LANG must not change what the tests see."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        os.environ.pop(name, None)
    os.environ["LANG"] = "C.UTF-8"


SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))
TEMPLATE_NAMES = [t.name for t in list_templates()]


def sample(name: str) -> xlplan.Plan:
    return xlplan.load_plan(ROOT / "samples" / f"{name}.yaml")


def template(name: str, lang: str = "fr") -> xlplan.Plan:
    return load_template(name, lang, dt.date(2026, 1, 1))  # type: ignore[arg-type]


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture(scope="session")
def every_workbook(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each sample and template built in French and English (built with today's date)."""
    folder = tmp_path_factory.mktemp("built")
    plans = {p.stem: xlplan.load_plan(p) for p in SAMPLES}
    plans |= {f"template-{n}": template(n) for n in TEMPLATE_NAMES}
    built = {}
    for stem, plan in plans.items():
        for lang in ("fr", "en"):
            built[f"{stem}.{lang}"] = build(plan, folder / f"{stem}.{lang}.xlsx", lang=lang)
    return built


@pytest.fixture(scope="session")
def recalculated(
    every_workbook: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Path]]:
    """The same workbooks after LibreOffice opened, recalculated and saved them (one run)."""
    from lo import recalculate_many

    folder = tmp_path_factory.mktemp("recalculated")
    keys = list(every_workbook)
    outs = recalculate_many([every_workbook[k] for k in keys], folder)
    yield dict(zip(keys, outs, strict=True))
