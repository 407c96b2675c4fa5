"""Messages in French and English through one gettext catalog.

A message is marked where it is made with `msg`: its msgid is the English text with named
``str.format`` placeholders, its parameters are kept apart, so that it can be rendered later in
any language (`Message.text`). The catalog's source of truth is
``locale/fr/LC_MESSAGES/xlplan.po``; the compiled ``xlplan.mo`` beside it is package data, read
with the standard library's `gettext` (tests check it equals the compilation of the ``.po`` and
that every marked msgid has a translation with the same placeholders). English needs no
catalog: the msgid is the English text.

Which language: what goes into a workbook follows the workbook's language; the terminal follows
``xlplan --lang`` or else the environment (`environment_lang`), English unless it says French.

Numbers follow the language too (`numbers`): a parameter formatted with thousands or decimals
(``{total:,.2f}``) reads ``1,250.00`` in English and ``1 250,00`` in French; a `Number`
parameter (a percentage) likewise. A plain ``{year}`` or a quoted ``{found!r}`` stays as it is.
"""

from __future__ import annotations

import functools
import gettext
import os
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .numbers import Number, is_number, number

__all__ = [
    "Joined",
    "Message",
    "MessageLang",
    "Number",
    "Worded",
    "environment_lang",
    "msg",
    "render",
    "translate",
]

MessageLang = Literal["fr", "en"]
"""The languages of the catalog."""

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "xlplan"
# the variables gettext itself consults, in its order of precedence
ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@functools.cache
def _catalog(lang: MessageLang) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()  # (the msgids are the English texts)
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])


def translate(template: str, lang: MessageLang) -> str:
    """The `template` (a msgid) in `lang`, placeholders left as they are."""
    return _catalog(lang).gettext(template)


class _Localized(string.Formatter):
    """``str.format`` with the numbers formatted with thousands or decimals in `lang`."""

    def __init__(self, lang: MessageLang) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> Any:
        if is_number(value) and ("," in format_spec or "." in format_spec):
            return number(value, format_spec, self.lang)
        return super().format_field(value, format_spec)


_FRENCH = _Localized("fr")


@dataclass(frozen=True, slots=True)
class Message:
    """A message that can be shown in either language: its msgid and its parameters.

    Parameters that are themselves `Message`s (or `Joined`) are rendered in the same language.
    """

    template: str
    params: tuple[tuple[str, Any], ...] = ()

    def text(self, lang: MessageLang = "en") -> str:
        """The message in `lang` ("fr" or "en")."""
        values = {
            k: v.text(lang) if isinstance(v, Message | Joined | Number | Worded) else v
            for k, v in self.params
        }
        template = translate(self.template, lang)
        return template.format(**values) if lang == "en" else _FRENCH.vformat(template, (), values)

    def __str__(self) -> str:
        return self.text("en")

    def __reduce__(self) -> tuple[type[Message], tuple[str, tuple[tuple[str, Any], ...]]]:
        # (pickled as a call, by `check`'s worker processes: the slotted dataclass's own
        # state functions, in Python, made its messages half their results' loading time)
        return Message, (self.template, self.params)


@dataclass(frozen=True, slots=True)
class Joined:
    """Parts (texts or `Message`s) joined by `separator`, as a parameter of a `Message`."""

    separator: str
    parts: tuple[str | Message, ...]

    def text(self, lang: MessageLang = "en") -> str:
        return self.separator.join(render(part, lang) for part in self.parts)

    def __str__(self) -> str:
        return self.text("en")

    def __reduce__(self) -> tuple[type[Joined], tuple[str, tuple[str | Message, ...]]]:
        return Joined, (self.separator, self.parts)  # (see `Message.__reduce__`)


@dataclass(frozen=True, slots=True)
class Worded:
    """A text the workbook already words in both languages (a label of
    `xlplan.layout.labels`, such as a status's ``À faire`` / ``To do``), as a parameter of a
    `Message`."""

    fr: str
    en: str

    def text(self, lang: MessageLang = "en") -> str:
        return self.en if lang == "en" else self.fr

    def __str__(self) -> str:
        return self.en

    def __reduce__(self) -> tuple[type[Worded], tuple[str, str]]:
        return Worded, (self.fr, self.en)  # (see `Message.__reduce__`)


def msg(template: str, /, **params: Any) -> Message:
    """Mark `template` (English, with ``{named}`` placeholders) as a catalog message.

    The first argument must be a string literal: the tests extract every msgid from the calls.
    """
    return Message(template, tuple(params.items()))


def render(text: str | Message, lang: MessageLang = "en") -> str:
    """`text` in `lang`: a `Message` translated, a plain string as it is."""
    return text.text(lang) if isinstance(text, Message) else text


def environment_lang(environ: Mapping[str, str] | None = None) -> MessageLang:
    """The messages' language the environment asks for: the first of ``LANGUAGE``, ``LC_ALL``,
    ``LC_MESSAGES``, ``LANG`` that is set decides (as gettext reads them); French when its
    first language is French (``fr``, ``fr_FR.UTF-8``, ``fr_CA:en``…), else English."""
    env = os.environ if environ is None else environ
    for name in ENVIRONMENT:
        value = env.get(name, "")
        if value:
            first = value.split(":")[0].strip().lower()
            return "fr" if first[:2] == "fr" and first[2:3] in ("", "_", ".", "@", "-") else "en"
    return "en"
