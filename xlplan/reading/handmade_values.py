"""How one cell of a hand-made plan table is read: the money columns' keys, a list typed in one
cell (objectives, KPIs, owners) split into its items, a status, a choice or a progress as
people type them, a total row's label, and a value or an amount as a message shows it."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Final

from ..i18n import msg
from ..layout.values import choice_value
from ..model.enums import QUARTERS as QUARTER_KEYS
from ..model.enums import Lang
from .common import blank, cell_text, is_total_label
from .parse import CellParseError, normalize_header, parse_number, parse_percent
from .parse.text import NO_MARKS
from .vocabulary import STATUS_WORDS, TOTAL_FILLER, is_amount_word

__all__ = [
    "LIST_SPLIT",
    "MONEY_KEYS",
    "OWNER_SPLIT",
    "QUARTER_MONEY",
    "amount_text",
    "as_shown",
    "fold",
    "is_money_key",
    "is_total_row_label",
    "read_choice",
    "read_progress",
    "read_status",
    "split_items",
]

MONEY_KEYS: Final = frozenset(
    {f"budget_{q}" for q in QUARTER_KEYS}
    | {f"actual_{q}" for q in QUARTER_KEYS}
    | {"total", "actual_total"}
)
QUARTER_MONEY: Final = frozenset(
    f"{group}_{q}" for group in ("budget", "actual") for q in QUARTER_KEYS
)


def is_money_key(key: str) -> bool:
    """Whether a column key holds amounts read as data: a quarter or a month (``budget_q1``,
    ``actual_month_2025_04``, ``budget_fmonth_03``), planned or spent; not a total."""
    return key in QUARTER_MONEY or (key.startswith(("budget_", "actual_")) and "month_" in key)


LIST_SPLIT: Final = re.compile(r"\s*(?:[;\n\r]|(?<!\d),|,(?!\d))\s*")
OWNER_SPLIT: Final = re.compile(r"\s*(?:[;\n\r/&+]|(?<!\d),|,(?!\d))\s*")
_BULLET: Final = re.compile(r"^[-–—•·*]\s+")


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def is_total_row_label(text: str) -> bool:
    """Whether a row's label makes it a total row: Total, Totaux, Sous-total, Grand total,
    Total général, Total 2024, Total budget…"""
    # (every action's label is asked: most are told apart by their letters alone)
    if "tot" not in (text.lower() if text.isascii() else _letters(text)):
        return False
    return is_total_label(text, _after_total)


def _after_total(word: str) -> bool:
    return is_amount_word(word) or word in TOTAL_FILLER


def _letters(text: str) -> str:
    """`text` decomposed, without accents and case-folded until stable: the letters
    `normalize_header` keeps, less its bracket and punctuation removal, which only ever puts
    spaces between letters. Far cheaper than it, and a total word ("tot…") shows in both."""
    for _ in range(8):
        again = unicodedata.normalize("NFKD", text).translate(NO_MARKS).casefold()
        if again == text:
            break
        text = again
    return text


def split_items(text: str, pattern: re.Pattern[str]) -> list[str]:
    """The items of a list typed in one cell (``"Notoriété, fidélisation"``), without bullets."""
    items: list[str] = []
    for part in pattern.split(text):
        item = _BULLET.sub("", part).strip()
        if item and fold(item) not in {fold(i) for i in items}:
            items.append(item)
    return items


def read_status(raw: object, lang: Lang = "fr") -> str | None:
    """A status as typed (`lang`: the table's, whose labels a refusal lists)."""
    if blank(raw):
        return None
    try:
        return choice_value("status", raw, lang)
    except CellParseError:
        status = STATUS_WORDS.get(normalize_header(raw))
        if status is None:
            raise
        return status.value


def read_choice(kind: str, raw: object, lang: Lang = "fr") -> str | None:
    return None if blank(raw) else choice_value(kind, raw, lang)


def read_progress(raw: object, percent: bool) -> Decimal | None:
    """Progress in percentage points: a number shown as a percentage (0.4 as 40 %) is a
    fraction, a number shown plainly (40) is already in points, a text is read as written."""
    if isinstance(raw, int | float) and not isinstance(raw, bool) and not percent:
        value = parse_number(raw)
    else:
        value = parse_percent(raw)
    if value is not None and not 0 <= value <= 100:
        raise CellParseError(
            raw, msg("found {value!r} — expected a progress between 0 and 100 %", value=raw)
        )
    return value


def as_shown(value: object) -> str:
    """A cell value in a message: texts quoted, numbers and dates as a person sees them."""
    return repr(cell_text(value)) if isinstance(value, str) else cell_text(value)


def amount_text(amount: Decimal) -> str:
    return f"{amount.normalize():f}" if amount == amount.to_integral_value() else f"{amount:f}"
