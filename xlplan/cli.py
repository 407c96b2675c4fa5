"""The `xlplan` command: a thin click layer over the library.

Exit codes: 0 fine, 1 findings, 2 unusable input (with one clear message on stderr).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from ._version import __version__
from .cli_support import (
    LANG,
    Date,
    _annotate_option,
    _Commands,
    _distinct,
    _echo_problems,
    _exit_on_sigterm,
    _lang,
    _library_errors,
    _note_cap,
    _print,
    _say,
    _strict_option,
    _t,
    _warn,
)
from .i18n.click_help import LANG_KEY
from .i18n.click_help import help_text as _h


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
    type=Date(),
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
@click.option(
    "--lang", type=LANG, default="fr", show_default=True, help=_h("The workbook's language.")
)
@click.option(
    "--year",
    type=click.IntRange(1900, 9999),
    help=_h("Fiscal year starting 1 January (default: the current year)."),
)
@click.option(
    "--start",
    type=Date(),
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
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help=_h("The workbook to write (.xlsx)."),
)
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
    if business is not None and not business.strip():
        raise click.BadParameter(
            _t("the business's name is blank; give its name or leave --business out"),
            param_hint="'--business'",
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
        click.echo(f"{t.name:<20} {'/'.join(t.languages):<6} {t.describe(_lang())}")


@main.command(help=_h("Print the plan file's JSON Schema (for editor validation of plan.yaml)."))
def schema() -> None:
    from .model.schema import plan_json_schema

    json.dump(plan_json_schema(), sys.stdout, ensure_ascii=False, indent=2)
    click.echo()


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
@click.option("--as-of", type=Date(), help=_h("Report date (default: today)."))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "markdown"]),
    default="table",
    show_default=True,
    help=_h("What to print: a table for people, JSON or CSV for scripts, Markdown for a wiki."),
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
    if annotate_to is not None:
        from .annotate import annotate

        plan = found.read.plan
        annotate(workbook, found.read.problems, annotate_to, lang=plan.language, force=force)
        _say(_t("wrote {path}", path=annotate_to))
        _note_cap(found.read.problems)
    _print(found.render(fmt, _lang()))
    if fmt in ("table", "markdown") and found.read.problems:  # (listed once: in the report)
        count = len(found.read.problems)
        _say(_t("{file}: {count} problem(s), listed under Problems", file=workbook, count=count))
    sys.exit(found.exit_code(strict))


def _register() -> None:
    from .cli_batch import check_, consolidate, diff_

    for command in (consolidate, check_, diff_):
        main.add_command(command)


_register()
