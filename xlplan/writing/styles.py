"""One palette, one font, and the number formats built from the plan's currency and language."""

from __future__ import annotations

from typing import Any

from ..layout.spec import ColType
from ..model.enums import Lang

FONT = "Calibri"
SIZE = 10
NAVY = "#1F3864"
BLUE = "#2F5597"
LIGHT_BLUE = "#9DC3E6"
TEAL = "#3BA3A0"
INPUT_FILL = "#FFFFFF"
COMPUTED_FILL = "#EDEFF3"
BORDER = "#C9CED6"
HEADER_FILL = NAVY
TOTAL_FILL = "#D9E1F2"
GREEN = "#C6EFCE"
GREEN_TEXT = "#006100"
AMBER = "#FFEB9C"
AMBER_TEXT = "#9C5700"
RED = "#FFC7CE"
RED_TEXT = "#9C0006"
LATE = "#E06666"
DONE = "#93C47D"
CANCELLED = "#D9D9D9"
TODAY = "#FFF2CC"

_SYMBOLS = {
    "EUR": "€",
    "USD": "$",
    "GBP": "£",
    "JPY": "¥",
    "CNY": "¥",
    "INR": "₹",
    "CAD": "CA$",
    "AUD": "A$",
    "NZD": "NZ$",
    "HKD": "HK$",
    "SGD": "S$",
    "MXN": "MX$",
    "BRL": "R$",
}
"""Currencies shown by their symbol; any other code is shown as itself after the amount
(``1,250.00 CHF``, ``1 250,00 SEK``)."""
_PREFIX = {"USD", "GBP", "JPY", "CNY", "INR", "CAD", "AUD", "NZD", "HKD", "SGD", "MXN", "BRL"}
"""Currencies whose symbol comes before the amount (``£1,250.00``); the others after it."""
_NO_DECIMALS = {"JPY", "KRW", "ISK", "CLP", "VND", "HUF", "TWD", "XOF", "XAF"}
"""Currencies written without cents."""


def money_format(currency: str, signed: str = "") -> str:
    """The number format of an amount in `currency`, with real separators.

    ``#,##0.00 "€"`` shows as ``1 250,00 €`` in a French locale and ``1,250.00 €`` in an
    English one; ``"£"#,##0.00`` as ``£1,250.00``; ``"$"#,##0.00`` as ``$1,250.00``; any other
    code after the amount (``#,##0.00 "SEK"``).

    Args:
        currency: the plan's ISO currency code.
        signed: "" for a plain amount; "variance" for actual minus planned, an overrun when
            positive: shown in red with a plus sign, an under-spend with a plain minus sign;
            "balance" for what remains to spend: negative (overspent) in red.

    Returns:
        The format code.
    """
    symbol = _SYMBOLS.get(currency, currency)
    number = "#,##0" if currency in _NO_DECIMALS else "#,##0.00"
    plain = f'"{symbol}"{number}' if currency in _PREFIX else f'{number} "{symbol}"'
    if signed == "variance":
        return f"[Red]+{plain};-{plain};{plain}"
    if signed == "balance":
        return f"{plain};[Red]-{plain};{plain}"
    return plain


def date_format(lang: Lang) -> str:
    return "dd/mm/yyyy" if lang == "fr" else "yyyy-mm-dd"


def number_format(col_type: ColType, currency: str, lang: Lang) -> str:
    return {
        "money": money_format(currency),
        "variance": money_format(currency, "variance"),
        "percent": "0%",
        "date": date_format(lang),
        "int": "0",
        "number": "#,##0.###",
    }.get(col_type, "@" if col_type in ("id", "text", "longtext", "refs", "ref") else "General")


class Styles:
    """Creates each distinct cell format once per workbook."""

    def __init__(self, workbook: Any, currency: str, lang: Lang) -> None:
        self._wb = workbook
        self._cache: dict[tuple[Any, ...], Any] = {}
        self.currency = currency
        self.lang = lang

    def get(self, **props: Any) -> Any:
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            base = {"font_name": FONT, "font_size": SIZE, "valign": "top"}
            self._cache[key] = self._wb.add_format(base | props)
        return self._cache[key]

    def cell(self, col_type: ColType, *, is_input: bool, band: bool = False) -> Any:
        """The format of a table cell: white input cells, grey computed cells."""
        fill = INPUT_FILL if is_input else COMPUTED_FILL
        props: dict[str, Any] = {
            "num_format": number_format(col_type, self.currency, self.lang),
            "bg_color": fill,
            "border": 1,
            "border_color": BORDER,
        }
        if col_type == "longtext" and is_input:
            props["text_wrap"] = True  # (a row typed into grows to fit: Excel and Calc autofit)
        elif col_type == "longtext":
            # A long text shown by a formula (the views' action titles) stays on its line,
            # smaller when it is longer than the column: neither spreadsheet sizes a row to a
            # formula's result, and a wrapped line past the row's height overprints the next
            # row in Calc's printout; shrunk, nothing is cut off or doubled.
            props["shrink"] = True
        if col_type in ("choice", "id", "ref", "refs", "int", "flag"):
            props["align"] = "center"
        if not is_input:
            props["font_color"] = "#333333"
        return self.get(**props)

    def balance(self) -> Any:
        """A computed amount left to spend: negative (overspent) in red."""
        return self.get(
            num_format=money_format(self.currency, "balance"),
            bg_color=COMPUTED_FILL,
            border=1,
            border_color=BORDER,
            font_color="#333333",
        )

    def header(self) -> Any:
        return self.get(
            bold=True,
            font_color="#FFFFFF",
            bg_color=HEADER_FILL,
            text_wrap=True,
            valign="vcenter",
            align="center",
            border=1,
            border_color=BORDER,
        )

    def total(self, col_type: ColType = "text") -> Any:
        return self.get(
            bold=True,
            bg_color=TOTAL_FILL,
            border=1,
            border_color=BORDER,
            num_format=number_format(col_type, self.currency, self.lang),
        )

    def title(self) -> Any:
        return self.get(bold=True, font_size=16, font_color=NAVY, valign="vcenter")

    def subtitle(self) -> Any:
        return self.get(italic=True, font_color="#595959")

    def section(self) -> Any:
        return self.get(bold=True, font_size=12, font_color=NAVY, bottom=2, bottom_color=NAVY)

    def label(self) -> Any:
        return self.get(bold=True, font_color="#404040")

    def plain(self, **extra: Any) -> Any:
        return self.get(**extra)

    def conditional(self, **props: Any) -> Any:
        """A format for conditional formatting (no font or alignment: only what changes)."""
        key = ("cf", *sorted(props.items()))
        if key not in self._cache:
            self._cache[key] = self._wb.add_format(props)
        return self._cache[key]
