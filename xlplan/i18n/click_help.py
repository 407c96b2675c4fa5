"""The commands' own ``--help`` texts in the terminal's language.

A help text (a command's help, an option's help) is written in English in the command line's
code and marked with `help_text` (imported there as ``_h``, a keyword of the catalog's
extraction: ``pybabel extract -k _h``); its French is in the ``xlplan`` catalog like every other
message. The texts are translated when the help is formatted, never stored translated: the
command classes below (`LocalizedCommand`, `LocalizedGroup`) format a shallow copy of the command
or option whose help is the catalog's text in the terminal's language. That language is the
root's ``--lang`` (kept in the root context's ``meta`` under `LANG_KEY`, set by the command line
before click parses anything, since ``--help`` is answered while parsing), else the
environment's (`environment_lang`). click's own texts (``Usage:``, ``Options``, ``[required]``)
come from the ``click`` domain (`click_texts`). The names of options and arguments and the
metavars (``PLAN_FILE``, ``[%Y-%m-%d]``) stay as they are: they are what is typed.
"""

from __future__ import annotations

import copy
import re
from typing import Any, TypeVar

import click

from . import MessageLang, environment_lang, translate
from .click_texts import click_catalog
from .numbers import NBSP

__all__ = ["LANG_KEY", "LocalizedCommand", "LocalizedGroup", "help_lang", "help_text"]

LANG_KEY = "xlplan.lang"
"""Key of the root context's ``meta`` holding the root's ``--lang`` (None when not given)."""

HELP_OPTION_HELP = "Show this message and exit."
"""click's msgid for the help option's help (translated from the ``click`` domain)."""
OPTIONS_HEADING = "Options"
"""click's msgid for the heading of the options (translated from the ``click`` domain)."""

_BEFORE_PUNCTUATION = re.compile(r" ([:;])")

_T = TypeVar("_T", click.Command, click.Option)


def help_text(text: str, /) -> str:
    """Mark `text` (English) as a help text of the catalog; it is translated when shown.

    The argument must be a string literal: the catalog's extraction reads it from the call.
    """
    return text


def help_lang(ctx: click.Context | None) -> MessageLang:
    """The language of the help: the root's ``--lang``, else the environment's."""
    chosen = ctx.find_root().meta.get(LANG_KEY) if ctx is not None else None
    return chosen if chosen in ("fr", "en") else environment_lang()


def localized(text: str, lang: MessageLang) -> str:
    """`text` in `lang`: from the ``xlplan`` catalog, else from click's own (the ``--version``
    option's help, made by click in English when the command line is imported).

    In French the space before ``:`` and ``;`` is a no-break space, so that the help's
    wrapping never starts a line with one of them.
    """
    if lang == "en":
        return text
    found = translate(text, lang)
    found = found if found != text else click_catalog(lang).gettext(text)
    return _BEFORE_PUNCTUATION.sub(NBSP + r"\1", found)


def _in(thing: _T, lang: MessageLang) -> _T:
    """A shallow copy of `thing` whose help texts are in `lang` (`thing` stays as it is)."""
    twin = copy.copy(thing)
    if thing.help:
        twin.help = localized(thing.help, lang)
    if isinstance(thing, click.Command) and thing.short_help:
        twin.short_help = localized(thing.short_help, lang)
    return twin


def _format_options(command: click.Command, ctx: click.Context, formatter: Any) -> None:
    """click's ``Command.format_options`` with each option's help in the help's language."""
    lang = help_lang(ctx)
    records = []
    for param in command.get_params(ctx):
        shown = _in(param, lang) if isinstance(param, click.Option) else param
        record = shown.get_help_record(ctx)
        if record is not None:
            records.append(record)
    if records:
        with formatter.section(click_catalog(lang).gettext(OPTIONS_HEADING)):
            formatter.write_dl(records)


class LocalizedCommand(click.Command):
    """A command whose help texts (its own, its options') follow the terminal's language."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        click.Command.format_help_text(_in(self, help_lang(ctx)), ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        # (click asks for it without a context, while the group's help is being formatted)
        lang = help_lang(click.get_current_context(silent=True))
        return click.Command.get_short_help_str(_in(self, lang), limit)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _format_options(self, ctx, formatter)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _english_help_option(super().get_help_option(ctx))


class LocalizedGroup(click.Group):
    """A group whose help texts follow the terminal's language, as do its commands' (the
    commands it makes with ``@group.command()`` are `LocalizedCommand`s)."""

    command_class = LocalizedCommand

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        click.Group.format_help_text(_in(self, help_lang(ctx)), ctx, formatter)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _english_help_option(super().get_help_option(ctx))


def _english_help_option(option: click.Option | None) -> click.Option | None:
    """The help option with click's English msgid as its help, translated when shown: click
    makes it once per command with the texts of the moment and keeps it, so that a second
    run in the same process (tests) would otherwise show the first run's language."""
    if option is not None:
        option.help = HELP_OPTION_HELP
    return option
