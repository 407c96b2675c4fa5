"""The `xlplan` commands over several plans or files: `consolidate`, `check` and `diff`
(registered on the group in `xlplan.cli`)."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from .cli_support import (
    LANG,
    Date,
    Overrun,
    Percentages,
    Rules,
    _distinct,
    _echo_problems,
    _exc_text,
    _lang,
    _library_errors,
    _print,
    _say,
    _t,
    _tell,
    _warn,
)
from .i18n.click_help import LocalizedCommand
from .i18n.click_help import help_text as _h
from .inert import terminal_text


@click.command(
    cls=LocalizedCommand,
    help=_h(
        "Consolidate plans (plan files, workbooks, folders of them) into one company plan.\n\n"
        "Each action keeps its plan of origin (the Plan / Team column) and an ID prefixed "
        "with its team's code; the figures of each source's problems are named by file, sheet "
        "and cell. Exit code 1 when a source has cells that could not be read exactly; 2 when "
        "a source is unusable or the plans cannot be consolidated as asked (fiscal years or "
        "currencies differ)."
    ),
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help=_h("Write the company plan's workbook (.xlsx) here; without it, print --format."),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help=_h("What to print when no -o is given."),
)
@click.option(
    "--map",
    "map_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help=_h("YAML: each plan's team code, objectives and KPIs merged across plans."),
)
@click.option(
    "--rates",
    "rates_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help=_h("YAML: one rate per currency into the company currency (needed when they differ)."),
)
@click.option(
    "--currency",
    help=_h("The company currency (default: the rates file's, else the first plan's)."),
)
@click.option(
    "--year",
    type=click.IntRange(1900, 9999),
    help=_h("The company's fiscal year from 1 January (needed when the plans' differ)."),
)
@click.option(
    "--start",
    type=Date(),
    help=_h("The company's fiscal year start, the 1st of a month (YYYY-MM-01)."),
)
@click.option(
    "--envelope",
    type=click.FloatRange(min=0),
    help=_h("The company envelope (default: the plans' summed)."),
)
@click.option("--name", help=_h("The company plan's name."))
@click.option("--lang", type=LANG, help=_h("Workbook language (default: the first plan's)."))
@click.option(
    "--as-of",
    type=Date(),
    help=_h("Freeze the workbook's as-of date (default: =TODAY(), live)."),
)
@click.option("--force", is_flag=True, help=_h("Replace OUTPUT if it exists."))
@_library_errors
def consolidate(
    paths: tuple[Path, ...],
    output: Path | None,
    fmt: str,
    map_file: Path | None,
    rates_file: Path | None,
    currency: str | None,
    year: int | None,
    start: dt.datetime | None,
    envelope: float | None,
    name: str | None,
    lang: str | None,
    as_of: dt.datetime | None,
    force: bool,
) -> None:

    from .consolidation import consolidate as run
    from .consolidation.render import render

    if output is not None:
        from .consolidation.sources import expand
        from .output import WORKBOOK, check_can_write, check_name

        # a folder's files count as inputs: an earlier company workbook inside is refused;
        # so do the map and rates files
        options = [f for f in (map_file, rates_file) if f is not None]
        _distinct([output], [*options, *(p for p in expand(paths) if isinstance(p, Path))])
        check_name(output, WORKBOOK)
        check_can_write(output, force)
    result = run(
        paths,
        mapping=map_file,
        rates=rates_file,
        currency=currency,
        year=year,
        start=start.date() if start else None,
        envelope=None if envelope is None else Decimal(str(envelope)),
        name=name,
        lang=lang,  # type: ignore[arg-type]
    )
    for file, problem in result.problems:
        _tell(problem, file)
    _warn(result.plan)
    if output is None:
        _print(render(result, fmt, _lang()))
    else:
        from .writing.workbook import build as build_workbook

        build_workbook(
            result.plan,
            output,
            lang=lang,  # type: ignore[arg-type]
            as_of=as_of.date() if as_of else None,
            force=force,
        )
        _say(_t("wrote {path}", path=output))
    sys.exit(1 if any(p.severity == "error" for _, p in result.problems) else 0)


@click.command(
    cls=LocalizedCommand,
    name="check",
    help=_h(
        "Check workbooks (files or folders) against budget rules, for scripts and CI.\n\n"
        "Exit code 0 when nothing breaches, 1 when a file breaches a failing rule, 2 when an "
        "input is unusable (the others are still checked and reported)."
    ),
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--as-of", type=Date(), help=_h("Check date (default: today)."))
@click.option(
    "--max-overrun",
    type=Overrun(),
    help=_h(
        "Tolerated overrun per action and quarter: 30% or an "
        "amount such as 500 (default: the plan's, else 0%)."
    ),
)
@click.option(
    "--warn-at",
    type=Percentages(),
    help=_h("Budget-consumed warnings, in percent above 0 (default 80,90,100)."),
)
@click.option(
    "--fail-on",
    type=Rules(),
    help=_h(
        "Rules that fail the check, among overrun, envelope, kpi, "
        "late, hygiene (default overrun,envelope)."
    ),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "junit"]),
    default="table",
    show_default=True,
    help=_h("What to print: a table for people, JSON or CSV for scripts, JUnit XML for CI."),
)
@click.option("--quiet", is_flag=True, help=_h("Only the files that breach or are unusable."))
@click.option("--jobs", type=click.IntRange(1, 64), help=_h("Worker processes (default: CPUs)."))
@click.option(
    "--strict",
    is_flag=True,
    help=_h(
        "Count the spreadsheet files of a folder that cannot be checked (.ods, .xls, .xlsb, "
        ".csv, .numbers) as unusable (exit code 2) instead of listing them as skipped."
    ),
)
def check_(
    paths: tuple[Path, ...],
    as_of: dt.datetime | None,
    max_overrun: str | None,
    warn_at: tuple[Any, ...] | None,
    fail_on: str | None,
    fmt: str,
    quiet: bool,
    jobs: int | None,
    strict: bool,
) -> None:
    from dataclasses import replace

    from .check_output import render_check, summary_line
    from .check_scan import survey, workbooks
    from .checks import Thresholds, check

    try:
        thresholds = replace(Thresholds.parse(max_overrun, None, fail_on), warn_at=warn_at)
    except ValueError as exc:
        raise click.BadParameter(terminal_text(_exc_text(exc))) from None
    files = workbooks(paths)
    empty, hidden = survey(paths)
    for folder in empty:  # (nothing to check there: unusable input, exit code 2)
        _say(
            _t(
                "{severity}: {problem}",
                severity=_t("warning"),
                problem=_t("no workbook (.xlsx, .xlsm) in {folder}", folder=str(folder)),
            )
        )
    human = fmt != "table" and not quiet  # with machine output, people read stderr

    def run(progress: Callable[[Any], None] | None) -> Any:
        return check(
            paths,  # (the folders: check lists what it cannot check in them)
            as_of=as_of.date() if as_of else None,
            thresholds=thresholds,
            jobs=jobs,
            progress=progress,
            strict=strict,
        )

    if sys.stderr.isatty() and len(files) > 1:
        with click.progressbar(length=len(files), file=sys.stderr, label=_t("checking")) as bar:
            report = run(lambda _: bar.update(1))
    else:
        report = run(lambda r: click.echo(summary_line(r, _lang()), err=True) if human else None)
    _print(render_check(report, fmt, quiet, _lang()))
    if hidden and not quiet:
        _say(_t("note: {note}", note=_t("{count} hidden file(s) ignored", count=len(hidden))))
    sys.exit(max(report.exit_code, 2 if empty else 0))


@click.command(
    cls=LocalizedCommand,
    name="diff",
    help=_h(
        "What changed from OLD to NEW: workbooks (own or hand-made) or plan files, in any "
        "mix.\n\n"
        "Actions, objectives and KPIs are matched by ID (by title where an ID is missing: "
        "said so), owners by name; the order of rows is no change. The JSON document is "
        "described by docs/diff.schema.json. Exit code 0 when nothing differs, 1 when "
        "something does, 2 when an input is unusable."
    ),
)
@click.argument("old", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--as-of",
    type=Date(),
    help=_h("Date of the late/KPI status (default: today)."),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
    help=_h("What to print: a table for people, JSON for scripts, Markdown for a review."),
)
@_library_errors
def diff_(old: Path, new: Path, as_of: dt.datetime | None, fmt: str) -> None:
    from .changes import diff
    from .changes.render import render

    found = diff(old, new, as_of.date() if as_of else None)
    if fmt != "json":
        for source in (found.old, found.new):
            _echo_problems(Path(source.path), list(source.problems))
    _print(render(found, fmt, _lang()))
    sys.exit(found.exit_code)
