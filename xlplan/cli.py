"""The `xlplan` command: a thin click layer over the library.

Exit codes: 0 fine, 1 findings, 2 unusable input (with one clear message on stderr).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
import sys
import threading
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from ._version import __version__
from .i18n.click_help import LANG_KEY, LocalizedGroup
from .i18n.click_help import help_text as _h
from .inert import terminal_text

F = TypeVar("F", bound=Callable[..., Any])


class UnusableInput(click.ClickException):
    """Unusable input: the message on stderr, exit code 2."""

    exit_code = 2


_strict_option = click.option(
    "--strict", is_flag=True, help=_h("Count warnings as errors (exit code 1).")
)
_annotate_option = click.option(
    "--annotate",
    "annotate_to",
    type=click.Path(dir_okay=False, path_type=Path),
    help=_h(
        "Also write a copy of WORKBOOK (.xlsx) with each problem cell highlighted and "
        "commented, and a sheet listing the problems."
    ),
)


def _library_errors(func: F) -> F:
    """Turn the library's errors into one clear message and exit code 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from ._gc import paused
        from .errors import XlplanError

        try:
            with paused():  # (the program's own choice: a library call leaves the collector be)
                return func(*args, **kwargs)
        except XlplanError as exc:
            raise UnusableInput(terminal_text(exc.text(_lang()), keep_lines=True)) from None

    return wrapper  # type: ignore[return-value]


def _lang() -> Any:
    """The language of the terminal's messages: ``xlplan --lang``, else the environment's."""
    from .i18n import environment_lang

    ctx = click.get_current_context(silent=True)
    chosen = ctx.find_root().meta.get(LANG_KEY) if ctx is not None else None
    return chosen or environment_lang()


def _t(template: str, /, **params: Any) -> str:
    """A catalog message (`xlplan.i18n.msg`) in the terminal's language."""
    from .i18n import msg

    return msg(template, **params).text(_lang())


def _exc_text(exc: Exception) -> str:
    """An exception's message in the terminal's language (a catalog `Message` translated)."""
    from .i18n import Message

    found = exc.args[0] if len(exc.args) == 1 else None
    return found.text(_lang()) if isinstance(found, Message) else str(exc)


def _say(text: str) -> None:
    """A line for people on stderr, its control characters made visible."""
    click.echo(terminal_text(text), err=True)


def _severity(severity: str) -> str:
    if severity == "info":
        return _t("info")
    return _t("warning") if severity == "warning" else _t("error")


def _tell(problem: Any, file: Any = None) -> None:
    """One problem on stderr in the terminal's language: ``severity: [file: ]where: message``."""
    where = f"{file}: " if file is not None else ""
    _say(f"{_severity(problem.severity)}: {where}{problem.describe(_lang())}")


def _warn(plan: Any) -> None:
    for problem in plan.warnings():
        _tell(problem)


def _print(text: str) -> None:
    """Print a rendering as it is (click would strip ``ESC[`` sequences from CSV data; the
    renderers already made the table inert). Standard output that cannot be written (a full
    disk) is one message and exit code 2; a reader that stopped reading (``| head``) ends the
    command quietly."""
    try:
        click.echo(text, nl=False, color=True)
        sys.stdout.flush()
    except OSError as exc:
        with contextlib.suppress(OSError, ValueError):  # (nothing more goes to that stream)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        if isinstance(exc, BrokenPipeError):
            sys.exit(1)
        reason = exc.strerror or str(exc)
        raise UnusableInput(_t("standard output: cannot write ({reason})", reason=reason)) from None


def _note_cap(problems: list[Any]) -> None:
    from .annotate import capped_note

    note = capped_note(len(problems), _lang())
    if note is not None:
        _say(_t("note: {note}", note=note))


def _distinct(outputs: list[Path | None], inputs: list[Path]) -> None:
    """Refuse an output that is an input or another output (exit 2), whatever --force says."""
    from .output import check_distinct

    check_distinct([o for o in outputs if o is not None], inputs)


class Percentages(click.ParamType):  # type: ignore[type-arg]
    """Comma-separated percentages above 0, such as ``80,90,100``."""

    name = "percentages"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, tuple):
            return value
        from .checks import parse_percentages

        try:
            return parse_percentages(str(value))
        except ValueError as exc:
            self.fail(terminal_text(_exc_text(exc)), param, ctx)


def _exit_on_sigterm(ctx: click.Context) -> None:
    """Make SIGTERM end the command as Ctrl-C does, through every ``finally``: no temporary
    file or half-written output stays behind. (The program's choice, undone when the command
    ends; the library installs no handler.)"""
    if threading.current_thread() is not threading.main_thread():
        return
    pid = os.getpid()

    def terminate(signum: int, frame: Any) -> None:
        if os.getpid() != pid:  # (a forked worker of `check`: it dies as it would have)
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, terminate)
    if previous is not None:  # (None: a handler set outside Python, which cannot be restored)
        ctx.call_on_close(lambda: signal.signal(signal.SIGTERM, previous))


LANG = click.Choice(["fr", "en"])


class _Commands(LocalizedGroup):
    """The commands, which Ctrl-C ends with 128 + SIGINT (as SIGTERM ends them with 128 +
    SIGTERM), not click's 1, which says "findings" to a script or CI job. Their help texts
    follow the terminal's language (`xlplan.i18n.click_help`)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta[LANG_KEY] = _root_lang(args, self.commands)  # (--help is answered while parsing)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            sys.exit(128 + signal.SIGINT)

    def main(self, args: Any = None, *rest: Any, **options: Any) -> Any:
        """Run the command with click's own texts (usage errors, ``Usage:``) in the terminal's
        language: the root's ``--lang``, read before click parses anything, else the
        environment's (`xlplan.i18n.click_texts`; only here, the program's entry point)."""
        from .i18n import environment_lang
        from .i18n.click_texts import click_speaks

        given = list(sys.argv[1:] if args is None else args)  # (click reads them again)
        with click_speaks(_root_lang(given, self.commands) or environment_lang()):
            return super().main(args, *rest, **options)


def _root_lang(args: list[str], commands: Any) -> Any:
    """The value of the root's ``--lang`` in `args` (before the command's name), if valid."""
    for i, arg in enumerate(args):
        if arg in commands or arg == "--":
            break
        value = arg.partition("=")[2] if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        if value in LANG.choices:
            return value
    return None


@click.group(
    cls=_Commands,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=_h("Business action plans kept in Excel: build, re-import and check them."),
)
@click.version_option(__version__, prog_name="xlplan")
@click.option(
    "--lang",
    type=LANG,
    help=_h(
        "Language of the messages on the terminal (default: LANGUAGE, LC_ALL, LC_MESSAGES "
        "or LANG, else English). A workbook's language is the command's own --lang."
    ),
)
@click.pass_context
def main(ctx: click.Context, lang: str | None) -> None:
    ctx.meta[LANG_KEY] = lang
    _exit_on_sigterm(ctx)


@main.command(help=_h("Build the workbook of PLAN_FILE (YAML or JSON)."))
@click.argument("plan_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help=_h("The workbook to write (.xlsx)."),
)
@click.option("--lang", type=LANG, help=_h("Workbook language (default: the plan's)."))
@click.option(
    "--as-of",
    type=click.DateTime(["%Y-%m-%d"]),
    help=_h("Freeze the dashboard's as-of date (default: =TODAY(), live)."),
)
@click.option("--force", is_flag=True, help=_h("Replace OUTPUT if it exists."))
@_library_errors
def build(
    plan_file: Path, output: Path, lang: str | None, as_of: dt.datetime | None, force: bool
) -> None:
    from .model.files import load_plan
    from .writing.workbook import build as build_workbook

    _distinct([output], [plan_file])
    plan = load_plan(plan_file)
    _warn(plan)
    build_workbook(
        plan,
        output,
        lang=lang,  # type: ignore[arg-type]
        as_of=as_of.date() if as_of else None,
        force=force,
    )
    _say(_t("wrote {path}", path=output))


def _owner_names(names: tuple[str, ...]) -> tuple[str, ...]:
    """The names given with --owner, trimmed; none empty, none given twice (in any case: the
    workbook's references to owners ignore case)."""
    seen: set[str] = set()
    for name in (found := tuple(n.strip() for n in names)):
        if not name:
            raise click.BadParameter(_t("an owner's name is empty"))
        if name.casefold() in seen:
            raise click.BadParameter(_t("owner {name!r} is given twice", name=name))
        seen.add(name.casefold())
    return found


@main.command(help=_h("Write an empty workbook from a starter template, ready to fill."))
@click.option(
    "-t",
    "--template",
    "template",
    default="blank",
    show_default=True,
    help=_h("Starter template (see `xlplan templates`)."),
)
@click.option("--lang", type=LANG, default="fr", show_default=True)
@click.option(
    "--year",
    type=click.IntRange(1900, 9999),
    help=_h("Fiscal year starting 1 January (default: the current year)."),
)
@click.option(
    "--start",
    type=click.DateTime(["%Y-%m-%d"]),
    help=_h("Fiscal year start, the 1st of any month (YYYY-MM-01)."),
)
@click.option("--business", help=_h("The business's name (titles follow it)."))
@click.option("--name", help=_h("Plan name shown in the workbook."))
@click.option(
    "--currency",
    help=_h(
        "ISO code of the plan's currency, e.g. EUR, GBP, USD (default: EUR); "
        "the number formats follow it."
    ),
)
@click.option(
    "--owner",
    "owners",
    multiple=True,
    callback=lambda _ctx, _param, names: _owner_names(names),
    help=_h("An owner's name (repeatable)."),
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--force", is_flag=True, help=_h("Replace OUTPUT if it exists."))
@_library_errors
def new(
    template: str,
    lang: str,
    year: int | None,
    start: dt.datetime | None,
    business: str | None,
    name: str | None,
    currency: str | None,
    owners: tuple[str, ...],
    output: Path,
    force: bool,
) -> None:
    from .model.currencies import CURRENCIES
    from .model.starters import load_template
    from .writing.workbook import build as build_workbook

    if year is not None and start is not None:
        raise click.UsageError(_t("give --year or --start, not both"))
    if start is not None and start.day != 1:
        raise click.BadParameter(
            _t(
                "the fiscal year must start on the 1st of a month, found {date}",
                date=start.date().isoformat(),
            ),
            param_hint="'--start'",
        )
    code = None if currency is None else currency.strip().upper()
    if code is not None and code not in CURRENCIES:
        raise click.BadParameter(
            _t(
                "expected an ISO 4217 currency code (EUR, GBP, USD, CHF, JPY…), found {value!r}",
                value=currency,
            ),
            param_hint="'--currency'",
        )
    first = start.date() if start else dt.date(year or dt.date.today().year, 1, 1)
    plan = load_template(
        template,
        lang,  # type: ignore[arg-type]
        first,
        business=business.strip() if business is not None else None,
        plan_name=(name or "").strip() or None,
        currency=code,
        owners=owners,
    )
    build_workbook(plan, output, force=force)
    _say(_t("wrote {path}", path=output))


@main.command(help=_h("List the starter templates."))
def templates() -> None:
    from .model.starters import list_templates

    for t in list_templates():
        click.echo(f"{t.name:<20} {'/'.join(t.languages):<6} {t.description}")


@main.command(help=_h("Print the plan file's JSON Schema (for editor validation of plan.yaml)."))
def schema() -> None:
    from .model.schema import plan_json_schema

    json.dump(plan_json_schema(), sys.stdout, ensure_ascii=False, indent=2)
    click.echo()


def _echo_problems(path: Path, problems: list[Any]) -> None:
    for problem in problems:
        _tell(problem, path)


@main.command(
    name="import",
    help=_h(
        "Read WORKBOOK (edited by the team, or a hand-made plan table) into a plan file.\n\n"
        "Problems are listed on stderr with their sheet and cell; the exit code is 1 when any "
        "of them is an error (a value that could not be read exactly), or with --strict any "
        "warning."
    ),
)
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help=_h("The plan file to write (.yaml, .yml or .json)."),
)
@click.option(
    "--force", is_flag=True, help=_h("Replace OUTPUT and the --annotate copy if they exist.")
)
@_strict_option
@_annotate_option
@_library_errors
def import_(
    workbook: Path, output: Path, force: bool, strict: bool, annotate_to: Path | None
) -> None:
    from .annotate import annotate, check_output
    from .model.files import save_plan
    from .output import PLAN_FILE, check_can_write, check_name
    from .reading.own import read

    _distinct([output, annotate_to], [workbook])
    check_name(output, PLAN_FILE)
    check_can_write(output, force)
    if annotate_to is not None:
        check_output(workbook, annotate_to, force=force)
    result = read(workbook)
    _echo_problems(workbook, result.problems)
    save_plan(result.plan, output, force=force)
    _say(_t("wrote {path}", path=output))
    if annotate_to is not None:
        annotate(workbook, result.problems, annotate_to, lang=result.plan.language, force=force)
        _say(_t("wrote {path}", path=annotate_to))
        _note_cap(result.problems)
    noted = any(p.severity != "info" for p in result.problems)  # (--strict: info is no warning)
    sys.exit(1 if result.errors or (strict and noted) else 0)


@main.command(
    help=_h(
        "Rewrite WORKBOOK (edited by the team, or a hand-made plan table) as a fresh "
        "workbook.\n\n"
        "Every typed value is kept (actual spend, KPI measures, extra columns, notes); "
        "formulas, views and free rows are new. WORKBOOK is only read. Problems are listed on "
        "stderr with their sheet and cell; the exit code is 1 when any of them is an error."
    ),
)
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help=_h("The fresh workbook to write (.xlsx)."),
)
@click.option("--lang", type=LANG, help=_h("Workbook language (default: WORKBOOK's)."))
@click.option("--force", is_flag=True, help=_h("Replace OUTPUT if it exists."))
@_library_errors
def refresh(workbook: Path, output: Path, lang: str | None, force: bool) -> None:
    from .refresh import refresh as refresh_workbook

    _distinct([output], [workbook])
    result = refresh_workbook(workbook, output, lang=lang, force=force)  # type: ignore[arg-type]
    _echo_problems(workbook, result.problems)
    _say(_t("wrote {path}", path=output))
    sys.exit(1 if result.errors else 0)


@main.command(
    help=_h(
        "Totals, overruns, KPI gaps and late actions of WORKBOOK.\n\n"
        "The JSON document is described by docs/report.schema.json. Exit code 1 when the "
        "workbook has cells that could not be read exactly (listed under problems), or with "
        "--strict any warning; 2 when it is unusable."
    ),
)
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--as-of", type=click.DateTime(["%Y-%m-%d"]), help=_h("Report date (default: today).")
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "markdown"]),
    default="table",
    show_default=True,
)
@_strict_option
@_annotate_option
@click.option("--force", is_flag=True, help=_h("Replace the --annotate copy if it exists."))
@_library_errors
def report(
    workbook: Path,
    as_of: dt.datetime | None,
    fmt: str,
    strict: bool,
    annotate_to: Path | None,
    force: bool,
) -> None:
    from .report import report_workbook

    _distinct([annotate_to], [workbook])
    if annotate_to is not None:
        from .annotate import check_output

        check_output(workbook, annotate_to, force=force)
    found = report_workbook(workbook, as_of.date() if as_of else None)
    if fmt == "table":
        _echo_problems(workbook, found.read.problems)
    if annotate_to is not None:
        from .annotate import annotate

        plan = found.read.plan
        annotate(workbook, found.read.problems, annotate_to, lang=plan.language, force=force)
        _say(_t("wrote {path}", path=annotate_to))
        _note_cap(found.read.problems)
    _print(found.render(fmt, _lang()))
    sys.exit(found.exit_code(strict))


@main.command(
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
    type=click.DateTime(["%Y-%m-%d"]),
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
    type=click.DateTime(["%Y-%m-%d"]),
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
    from decimal import Decimal

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


@main.command(
    name="check",
    help=_h(
        "Check workbooks (files or folders) against budget rules, for scripts and CI.\n\n"
        "Exit code 0 when nothing breaches, 1 when a file breaches a failing rule, 2 when an "
        "input is unusable (the others are still checked and reported)."
    ),
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help=_h("Check date (default: today)."))
@click.option(
    "--max-overrun",
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
    from .check_scan import workbooks
    from .checks import Thresholds, check

    try:
        thresholds = replace(Thresholds.parse(max_overrun, None, fail_on), warn_at=warn_at)
    except ValueError as exc:
        raise click.BadParameter(terminal_text(_exc_text(exc))) from None
    files = workbooks(paths)
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
    sys.exit(report.exit_code)


@main.command(
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
    type=click.DateTime(["%Y-%m-%d"]),
    help=_h("Date of the late/KPI status (default: today)."),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
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
