"""Exact, tolerant parsing of raw cell values, as openpyxl returns them from an edited workbook.

People edit the workbooks in Excel, LibreOffice or Google Sheets, in French or in English: an
amount may come back as the float ``1250.1``, the text ``"1 250,10 €"`` or ``"1,250.10"``; a date
as a datetime, a serial number or the text ``"15/03/2024"``. Each function here turns one raw value
(int, float, str, datetime, date, time, bool or None) into one exact Python value, or raises
`CellParseError` saying what was found and what was expected. Nothing is guessed: text that reads
two ways (``"1,250"``: thousands or decimals?) is refused, and floats never leak binary artefacts
into the Decimal results.

The reader turns a `CellParseError` into a `Problem` record with the sheet and the cell.
"""

from .cell import CellParseError, ErrorValue, error_value
from .dates import parse_date
from .numbers import parse_amount, parse_number, parse_percent
from .text import normalize_header, parse_text

__all__ = [
    "CellParseError",
    "ErrorValue",
    "error_value",
    "normalize_header",
    "parse_amount",
    "parse_date",
    "parse_number",
    "parse_percent",
    "parse_text",
]
