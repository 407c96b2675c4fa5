"""The plans a consolidation starts from: plan files and workbooks (xlplan's own or hand-made),
found in the files and folders given and read the way `xlplan import` and `xlplan report` read
them, or plans given as Python objects; each with its team code and where its actions were read.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..check_scan import WORKBOOK_SUFFIXES, below
from ..errors import PlanFileError, Problem
from ..i18n import msg
from ..model.plan import Plan
from .options import TEAM_CODE

__all__ = ["PLAN_SUFFIXES", "Loaded", "expand", "load", "team_codes"]

PLAN_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass
class Loaded:
    """One plan as read, before it joins the company plan.

    Args:
        plan: the plan.
        file: the file it was read from ("" for a plan given as an object).
        kind: "plan file", "workbook" or "object".
        problems: what the reader found (sheet and cell), for a workbook.
        locations: action id -> (sheet, cell) it was read from, for a workbook; ("", "line
            N") for a YAML plan file.
    """

    plan: Plan
    file: str
    kind: str
    problems: list[Problem] = field(default_factory=list)
    locations: dict[str, tuple[str, str]] = field(default_factory=dict)


def expand(items: Iterable[Plan | str | Path]) -> list[Plan | Path]:
    """Each plan object and file given, and the plan files and workbooks inside each folder
    (recursive, sorted, skipping what is hidden and Excel's ``~$`` lock files: see `below`).

    Raises:
        PlanFileError: a path that does not exist, a folder with no plan in it, or a file
            given twice (a folder and a file in it, a link).
    """
    found: list[Plan | Path] = []
    for item in items:
        if isinstance(item, Plan):
            found.append(item)
            continue
        path = Path(item)
        if path.is_dir():
            inside = [
                p
                for p in below(path)
                if p.suffix.lower() in PLAN_SUFFIXES + WORKBOOK_SUFFIXES and p.is_file()
            ]
            if not inside:
                raise PlanFileError(
                    msg("{path}: no plan file or workbook in this folder", path=path)
                )
            found += inside
        elif path.is_file():
            found.append(path)
        else:
            raise PlanFileError(msg("{path}: no such file or folder", path=path))
    seen: dict[tuple[int, int], Path] = {}
    for given in found:
        if isinstance(given, Path):
            info = given.stat()  # (a file by a symbolic or hard link is the same file)
            first = seen.setdefault((info.st_dev, info.st_ino), given)
            if first is not given:
                raise PlanFileError(
                    msg(
                        "{path}: given twice (also {first}); each plan counts once",
                        path=given,
                        first=first,
                    )
                )
    return found


def load(item: Plan | Path) -> Loaded:
    """Read one plan: a plan object as it is, a plan file through `load_plan`, any other file
    as a workbook through `read` (which refuses what is not one, with one message).

    Raises:
        XlplanError: the file is unusable (the message names it).
    """
    if isinstance(item, Plan):
        return Loaded(item, "", "object")
    if item.suffix.lower() in PLAN_SUFFIXES:
        from ..model.files import item_lines, load_plan

        plan = load_plan(item)
        lines = item_lines(item, "actions")
        located = {a.id: ("", f"line {n}") for a, n in zip(plan.actions, lines, strict=False) if n}
        return Loaded(plan, str(item), "plan file", locations=located)
    from ..reading.own import read

    result = read(item)
    return Loaded(result.plan, str(item), "workbook", result.problems, result.locations)


def _code(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").upper()[:24].strip("-") or "PLAN"


def team_codes(loaded: list[Loaded], given: Mapping[str, str]) -> list[str]:
    """Each plan's team code: the one `given` for its path or file name, else one made from its
    file's name (or, for an object, its business or name): ``mimine.yaml`` -> ``MIMINE``. A
    code made twice gets ``-2``, ``-3``…

    Raises:
        PlanFileError: two plans were given the same code.
    """
    wanted: list[str | None] = []
    for source in loaded:
        path = Path(source.file) if source.file else None
        code = None
        if path is not None:
            code = given.get(source.file) or given.get(path.name) or given.get(path.stem)
        if code is not None and not TEAM_CODE.match(code):
            raise PlanFileError(
                msg(
                    "{file}: {code!r} is not a team code (letters, digits, _ and -, at most 24)",
                    file=source.file,
                    code=code,
                )
            )
        if code is not None and code.casefold() in (c.casefold() for c in wanted if c):
            raise PlanFileError(msg("team code {code!r} is given to two plans", code=code))
        wanted.append(code)
    taken = {c.casefold() for c in wanted if c}
    codes: list[str] = []
    for source, code in zip(loaded, wanted, strict=True):
        if code is None:
            plan = source.plan
            base = _code(Path(source.file).stem if source.file else plan.business or plan.name)
            code, n = base, 1
            while code.casefold() in taken:
                n += 1
                code = f"{base}-{n}"
            taken.add(code.casefold())
        codes.append(code)
    return codes
