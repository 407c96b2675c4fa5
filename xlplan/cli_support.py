"""What the `xlplan` commands share: the language of the terminal, one line per problem on
stderr, the library's errors as exit code 2, the options and types several commands take, and
the command group that turns Ctrl-C and SIGTERM into their exit codes."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

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
    lang, severity = _lang(), _severity(problem.severity)
    line = problem.describe(lang)
    if file is not None:
        line = _t("{file}: {where}", file=file, where=line)
    _say(_t("{severity}: {problem}", severity=severity, problem=line))


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

        levels: list[Any] = []
        for item in str(value).split(","):
            try:
                levels.extend(parse_percentages(item))
            except ValueError:
                found = _t(
                    "expected percentages above 0 (at most {most:,}) separated by commas, such "
                    "as 80,90,100; found {item!r} in {text!r}",
                    most=1_000_000,
                    item=item.strip(),
                    text=str(value),
                )
                self.fail(terminal_text(found), param, ctx)
        return tuple(levels)


class Date(click.ParamType):  # type: ignore[type-arg]
    """A date written ``YYYY-MM-DD`` (« AAAA-MM-JJ »), as a `datetime.datetime` at midnight;
    anything else is refused with the pattern and an example in the terminal's language."""

    name = "date"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return _t("YYYY-MM-DD")

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        import datetime as dt

        if isinstance(value, dt.datetime):
            return value
        if isinstance(value, dt.date):
            return dt.datetime(value.year, value.month, value.day)
        try:
            return dt.datetime.strptime(str(value).strip(), "%Y-%m-%d")
        except ValueError:
            example = dt.date.today().isoformat()
            found = _t(
                "{value!r}: write the date YYYY-MM-DD, for example {example}",
                value=str(value),
                example=example,
            )
            self.fail(terminal_text(found), param, ctx)


class Overrun(click.ParamType):  # type: ignore[type-arg]
    """A tolerated overrun, ``30%`` or an amount such as ``500`` (kept as typed)."""

    name = "overrun"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from .model.plan import parse_max_overrun

        try:
            parse_max_overrun(str(value))
        except ValueError as exc:
            self.fail(terminal_text(_exc_text(exc)), param, ctx)
        return str(value)


class Rules(click.ParamType):  # type: ignore[type-arg]
    """Comma-separated rule names, such as ``overrun,envelope`` (kept as typed); an unknown
    name is refused with the closest known one suggested."""

    name = "rules"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from difflib import get_close_matches

        from .model.plan import RULES

        for rule in (part.strip() for part in str(value).split(",")):
            if rule and rule not in RULES:
                close = get_close_matches(rule.casefold(), RULES, n=1)
                rules = ", ".join(RULES)
                found = (
                    _t(
                        "unknown rule {rule!r}, did you mean {close!r}? (rules: {rules})",
                        rule=rule,
                        close=close[0],
                        rules=rules,
                    )
                    if close
                    else _t("unknown rule {rule!r} (rules: {rules})", rule=rule, rules=rules)
                )
                self.fail(terminal_text(found), param, ctx)
        return str(value)


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
        own = args is None  # (the process's own command line: the program owns its process)
        if own:
            from ._gc import no_collection_at_exit

            no_collection_at_exit()
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


def _echo_problems(path: Path, problems: list[Any]) -> None:
    for problem in problems:
        _tell(problem, path)
