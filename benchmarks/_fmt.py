"""Number formats, ratios and verdicts shared by every section of the report."""

from __future__ import annotations

from dataclasses import dataclass

from _harness import Series

MiB = 1024.0


@dataclass(frozen=True)
class Target:
    """One line of the report's Targets table; `ok` None when it could not be judged, or a
    verdict written out when PASS/FAIL needs a word."""

    label: str
    measured: str
    ok: bool | str | None


def fmt_s(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def fmt_mib(kib: float | None) -> str:
    return "—" if kib is None else f"{kib / MiB:.0f}"


def fmt_ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def verdict(ok: bool | str | None) -> str:
    if isinstance(ok, str):
        return ok
    return "n/a" if ok is None else ("**PASS**" if ok else "**FAIL**")


TASK_COLUMNS = "runs | op s | cpu s | wall s | start-up s | peak MiB | Δ MiB | cells/s |"
TASK_ALIGN = "--:|--:|--:|--:|--:|--:|--:|--:|"


def task_row(first: str, label: str, s: Series, cells: int | None) -> str:
    """A row of the per-task tables: `first` (the size) and `label`, then `TASK_COLUMNS`."""
    if s.error:
        return f"| {first} | {label} | 0 | error: {s.error[:160]} | | | | | | |"
    op, wall = s.med("op_s"), s.med("wall_s")
    return (
        f"| {first} | {label} | {len(s.ok())} | {fmt_s(op)} | {fmt_s(s.med('cpu_s'))} | "
        f"{fmt_s(wall)} | {fmt_s(None if op is None or wall is None else wall - op)} | "
        f"{fmt_mib(s.med('peak_kib'))} | {fmt_mib(s.delta())} | "
        f"{'—' if not op or not cells else f'{cells / op:,.0f}'} |"
    )
