"""click's own texts (usage errors, ``Usage:``, ``Try '…' for help.``) in the terminal's language.

click translates its texts with the standard library's ``gettext.gettext`` and
``gettext.ngettext``, which each of its modules imports by name (``from gettext import gettext
as _``) and which read the process-wide default domain ("messages") in the environment's
language: no click catalog exists there, and ``xlplan --lang fr`` would not reach it. Its French
texts are in this package's catalog under their own domain, ``click``
(``locale/fr/LC_MESSAGES/click.po``, whose msgids are click's English texts), and
`click_speaks` puts that catalog's two functions in the place of click's for the length of a
``with`` block, then puts click's back. Only the command line's entry point uses it (the program
owns its process); no library call does, and gettext's own global state is never touched.

One text of click's takes a word click does not translate: "{value!r} is not a valid
{number_type}." names the type by its English name ("integer", "float"); the French text given
to click formats that word in French too (its names are messages of the ``xlplan`` catalog).
"""

from __future__ import annotations

import functools
import gettext
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType

from . import LOCALE_DIR, MessageLang, msg

__all__ = ["CLICK_DOMAIN", "click_catalog", "click_speaks"]

CLICK_DOMAIN = "click"

NUMBER_TEXT = "{value!r} is not a valid {number_type}."
"""click's text for a value that is not a number, with its type's English name."""
_INTEGER, _FLOAT = msg("integer"), msg("float")
NUMBER_TYPES = {
    "integer": _INTEGER,
    "integer range": _INTEGER,
    "float": _FLOAT,
    "float range": _FLOAT,
}
"""click's names of its number types (`click.INT`, `click.FLOAT` and their ranges: a range is
checked after the number is read, and says so itself)."""


class _NamingTheType(str):
    """A text of click's whose ``number_type`` placeholder is given in `lang` when formatted."""

    lang: MessageLang

    def format(self, *args: object, **kwargs: object) -> str:
        name = kwargs.get("number_type")
        if isinstance(name, str) and name in NUMBER_TYPES:
            kwargs["number_type"] = NUMBER_TYPES[name].text(self.lang)
        return super().format(*args, **kwargs)


@functools.cache
def click_catalog(lang: MessageLang) -> gettext.NullTranslations:
    """click's texts in `lang` (English: click's own)."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(CLICK_DOMAIN, LOCALE_DIR, languages=[lang])


def _click_gettext(lang: MessageLang) -> Callable[[str], str]:
    """The ``gettext`` given to click: its catalog's, naming number types in `lang`."""
    catalog = click_catalog(lang)

    def gettext_(message: str) -> str:
        text = catalog.gettext(message)
        if message != NUMBER_TEXT or lang == "en":
            return text
        named = _NamingTheType(text)
        named.lang = lang
        return named

    return gettext_


@contextmanager
def click_speaks(lang: MessageLang) -> Iterator[None]:
    """Within the block, click's texts are in `lang`.

    Every loaded click module whose ``_`` or ``ngettext`` is the standard library's function gets
    the catalog's instead; the originals are put back when the block ends, however it ends.
    """
    import click  # noqa: F401  (its modules loaded, so that their names can be replaced)

    catalog = click_catalog(lang)
    ours = {
        "_": (gettext.gettext, _click_gettext(lang)),
        "ngettext": (gettext.ngettext, catalog.ngettext),
    }
    replaced: list[tuple[ModuleType, str, object]] = []
    try:
        for name, module in list(sys.modules.items()):
            if module is None or not (name == "click" or name.startswith("click.")):
                continue
            for attribute, (stdlib, translated) in ours.items():
                if getattr(module, attribute, None) is stdlib:
                    replaced.append((module, attribute, stdlib))
                    setattr(module, attribute, translated)
        yield
    finally:
        for module, attribute, original in replaced:
            setattr(module, attribute, original)
