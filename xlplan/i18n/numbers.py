"""Numbers in the terminal's language: ``1,250.00`` in English, ``1 250,00`` in French.

One rule serves every text for people (the report, check, diff and consolidate tables and the
catalog's messages): a number is first formatted with Python's format specification (``,.2f``,
``,``, ``.1f``), which is the English form; the French form swaps its separators for the ones of
the Unicode CLDR's French (Babel's ``fr_FR``): a narrow no-break space (U+202F) between thousands
and a decimal comma. Both are one character, so a table's columns stay aligned. (Two separators
need no library at run time; the tests check the result against Babel's ``format_decimal``.)
JSON and CSV are for scripts and never pass through here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

__all__ = ["NARROW_NBSP", "NBSP", "Number", "is_number", "number", "percent"]

NARROW_NBSP = "\u202f"
"""French thousands separator (CLDR): a narrow no-break space."""
NBSP = "\u00a0"
"""The no-break space French puts before ``%`` (CLDR)."""

_FRENCH = str.maketrans({",": NARROW_NBSP, ".": ","})


def is_number(value: object) -> bool:
    """An int, float or Decimal (not a bool): what `number` localizes."""
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def number(value: int | float | Decimal, spec: str, lang: Literal["fr", "en"]) -> str:
    """`value` formatted with `spec` (Python's format specification, English separators), in
    `lang`'s separators.

    Args:
        value: the number.
        spec: such as ``",.2f"`` (thousands, two decimals), ``","`` or ``".1f"``.
        lang: "en" keeps Python's form; "fr" has a narrow no-break space between thousands and
            a decimal comma.
    """
    text = format(value, spec)
    return text if lang == "en" else text.translate(_FRENCH)


@dataclass(frozen=True, slots=True)
class Number:
    """A number to show in either language, as a parameter of a catalog `Message` (or alone):
    its value, its format specification and what follows it (``" %"``)."""

    value: int | float | Decimal
    spec: str = ","
    suffix: str = ""

    def text(self, lang: Literal["fr", "en"] = "en") -> str:
        suffix = self.suffix.replace(" ", NBSP) if lang == "fr" else self.suffix
        return number(self.value, self.spec, lang) + suffix

    def __str__(self) -> str:
        return self.text("en")

    def __reduce__(self) -> tuple[type[Number], tuple[int | float | Decimal, str, str]]:
        # (pickled as a call: see `xlplan.i18n.Message.__reduce__`)
        return Number, (self.value, self.spec, self.suffix)


def percent(value: int | float | Decimal, digits: int = 1, *, sign: bool = False) -> Number:
    """A percentage already multiplied by 100: ``110.2 %`` in English, ``110,2 %`` in French
    (a no-break space before ``%``); `sign` shows ``+`` before a positive one."""
    return Number(value, f"{'+' if sign else ''}.{digits}f", " %")
