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

_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF", "CAD": "$", "JPY": "¥"}
_PREFIX = {"USD", "GBP", "CAD", "JPY"}


def money_format(currency: str, signed: bool = False) -> str:
    """A currency format with real separators, e.g. ``#,##0.00 "€"``.

    Excel and LibreOffice show it as ``1 234,56 €`` in a French locale and ``1,234.56 €`` in an
    English one. With `signed`, negative amounts show in red with a minus sign.
    """
    symbol = _SYMBOLS.get(currency, currency)
    positive = f'"{symbol}"#,##0.00' if currency in _PREFIX else f'#,##0.00 "{symbol}"'
    if not signed:
        return positive
    return f"{positive};[Red]-{positive}"


def date_format(lang: Lang) -> str:
    return "dd/mm/yyyy" if lang == "fr" else "yyyy-mm-dd"


def number_format(col_type: ColType, currency: str, lang: Lang) -> str:
    return {
        "money": money_format(currency),
        "variance": money_format(currency, signed=True),
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
        if col_type == "longtext":
            props["text_wrap"] = True
        if col_type in ("choice", "id", "ref", "refs", "int", "flag"):
            props["align"] = "center"
        if not is_input:
            props["font_color"] = "#333333"
        return self.get(**props)

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
