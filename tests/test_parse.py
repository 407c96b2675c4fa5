"""Parsing raw cell values, as openpyxl returns them from workbooks edited by people.

Each table below is a list of examples: the raw value found in a cell, then what xlplan reads, or
a fragment of the message it gives. Spaces other than the plain one are written with escapes so
they can be seen: U+00A0 no-break space, U+202F narrow no-break space (French thousands), U+2009
thin space.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlplan.errors import XlplanError
from xlplan.reading.parse import (
    CellParseError,
    error_value,
    normalize_header,
    parse_amount,
    parse_date,
    parse_number,
    parse_percent,
    parse_text,
)

D = Decimal
NBSP = "\u00a0"
NNBSP = "\u202f"
THIN = "\u2009"

# Hypothesis must not write its example database into the working tree.
examples = settings(database=None, max_examples=300)


def same(expected: Decimal | None, actual: Decimal | None) -> bool:
    """Equal values *and* the same digits: 1250.00 is not 1250.0."""
    return expected == actual and str(expected) == str(actual)


# --- error values -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("#REF!", "#REF!"),
        ("#N/A", "#N/A"),
        ("#DIV/0!", "#DIV/0!"),
        ("#VALUE!", "#VALUE!"),
        ("#NAME?", "#NAME?"),
        ("#NUM!", "#NUM!"),
        ("#NULL!", "#NULL!"),
        ("#SPILL!", "#SPILL!"),
        ("#CALC!", "#CALC!"),
        ("#ERROR!", "#ERROR!"),  # Google Sheets
        ("Err:502", "Err:502"),  # LibreOffice
        ("err:504", "Err:504"),
        (" #n/a ", "#N/A"),
        ("#REF", None),
        ("REF!", None),
        ("#hashtag", None),
        ("Err:50", None),
        ("", None),
        (None, None),
        (0, None),
        (dt.date(2024, 3, 15), None),
    ],
)
def test_error_value(raw: object, code: str | None) -> None:
    assert code == error_value(raw)


PARSERS: list[Callable[[object], object]] = [
    parse_amount,
    parse_number,
    parse_percent,
    parse_date,
    parse_text,
]


@pytest.mark.parametrize("parse", PARSERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("raw", ["#REF!", "#N/A", "Err:502"])
def test_every_parser_refuses_error_values(parse: Callable[[object], object], raw: str) -> None:
    with pytest.raises(CellParseError, match="the cell's formula is broken") as caught:
        parse(raw)
    assert f"found the error value {raw}" in str(caught.value)
    assert raw == caught.value.value


def test_cell_parse_error_is_an_xlplan_error_and_a_value_error() -> None:
    with pytest.raises(CellParseError) as caught:
        parse_amount("douze")
    assert isinstance(caught.value, XlplanError)
    assert isinstance(caught.value, ValueError)
    assert caught.value.value == "douze"
    assert str(caught.value) == "found 'douze' — expected an amount such as 1 250,00 or 1250.00"


# --- empty cells --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "parse", [parse_amount, parse_number, parse_percent, parse_date], ids=lambda f: f.__name__
)
@pytest.mark.parametrize("raw", [None, "", "   ", f"{NBSP}{NNBSP}\t"])
def test_empty_cells_read_as_none(parse: Callable[[object], object], raw: object) -> None:
    assert parse(raw) is None


# --- amounts ------------------------------------------------------------------------------------
AMOUNTS = [
    # numbers as openpyxl returns them
    (1250, D("1250")),
    (1250.1, D("1250.1")),  # not 1250.0999999999999090505298227071762084960937500
    (0.1 + 0.2, D("0.3")),  # a computed 0.30000000000000004, shown as 0.3 by every spreadsheet
    (0, D("0")),
    (1e20, D("100000000000000000000")),
    (D("12.50"), D("12.50")),
    # French
    ("1 250,00", D("1250.00")),
    (f"1{NNBSP}250,00{NBSP}€", D("1250.00")),
    (f"1{NBSP}250,00", D("1250.00")),
    (f"1{THIN}250,00", D("1250.00")),
    ("7 500 €", D("7500")),
    ("12 345 678,9 €", D("12345678.9")),
    (" 3,05€ ", D("3.05")),
    ("0250,5 €", D("250.5")),  # no thousands separator: leading zeros are only zeros
    ("12 500 000", D("12500000")),
    ("1 250,000", D("1250.000")),  # spaces group the thousands: the comma is the decimal mark
    ("1,5", D("1.5")),
    ("1,25", D("1.25")),
    ("12,5", D("12.5")),
    ("0,250", D("0.250")),  # a leading zero: decimals
    ("1250,000", D("1250.000")),  # four digits before the comma: not a thousands separator
    ("1.250,50", D("1250.50")),
    ("1.250.000", D("1250000")),
    ("12 euros", D("12")),
    # English and others
    ("2500.00", D("2500.00")),
    ("1,250.50", D("1250.50")),
    ("1,250,000", D("1250000")),
    ("1.5", D("1.5")),
    (".5", D("0.5")),
    ("€500", D("500")),
    ("$1,250.00", D("1250.00")),
    ("£ 99.99", D("99.99")),
    ("EUR 12", D("12")),
    ("12 USD", D("12")),
    ("1'250.50 CHF", D("1250.50")),  # Swiss
    ("1\u2019250.50", D("1250.50")),  # Swiss, typographic apostrophe
    ("+12", D("12")),
    # accounting formats show zero as a dash
    ("-", D("0")),
    ("\u2013", D("0")),
    ("\u2014", D("0")),
    ("- €", D("0")),
    (" 1250 ", D("1250")),
]


@pytest.mark.parametrize(("raw", "expected"), AMOUNTS)
def test_amounts(raw: object, expected: Decimal) -> None:
    assert same(expected, parse_amount(raw))


AMBIGUOUS = [
    ("1,250", "'1,250' is ambiguous (thousands or decimals?): write 1250 or 1,25"),
    ("1.250", "'1.250' is ambiguous (thousands or decimals?): write 1250 or 1.25"),
    ("12,500 €", "'12,500 €' is ambiguous (thousands or decimals?): write 12500 or 12,5"),
    ("999.999", "write 999999 or 999.999"),
    ("1,000", "write 1000 or 1"),
]


@pytest.mark.parametrize(("raw", "message"), AMBIGUOUS)
def test_ambiguous_amounts_are_refused(raw: str, message: str) -> None:
    with pytest.raises(CellParseError, match="ambiguous") as caught:
        parse_amount(raw)
    assert message in str(caught.value)


NOT_AMOUNTS = [
    ("douze", "found 'douze' — expected an amount"),
    ("12abc", "found '12abc'"),
    ("1 2 3,4,5", "found '1 2 3,4,5'"),
    ("1 25", "found '1 25'"),  # groups of three
    ("1,00,000", "found '1,00,000'"),  # Indian grouping
    ("1 250.000,5", "found '1 250.000,5'"),  # two kinds of thousands separators
    ("0 250", "found '0 250'"),
    ("0 250,00 €", "found '0 250,00 €'"),
    ("1  250,00 €", "found '1  250,00 €'"),  # two spaces: not a group of three
    ("1 25,00 €", "found '1 25,00 €'"),
    ("1250.", "found '1250.'"),
    ("1e3", "found '1e3'"),
    ("€", "found '€'"),
    ("$500 €", "found '$500 €'"),
    ("7,5 k€", "found '7,5 k€'"),
    ("-50", "found '-50' — expected an amount of 0 or more"),
    (-50, "found -50 — expected an amount of 0 or more"),
    (-50.0, "found -50 — expected an amount of 0 or more"),
    ("(1 250)", "expected an amount of 0 or more"),
    ("12 %", "found '12 %' — expected an amount such as 1 250,00 or 1250.00, not a percentage"),
    (True, "found TRUE — expected an amount"),
    (False, "found FALSE"),
    (float("nan"), "found nan"),
    (float("inf"), "found inf"),
    (D("NaN"), "found NaN"),
    (dt.date(2024, 3, 15), "found the date 2024-03-15 — expected an amount"),
    (dt.time(10, 30), "found the time 10:30:00"),
]


@pytest.mark.parametrize(("raw", "message"), NOT_AMOUNTS)
def test_not_amounts(raw: object, message: str) -> None:
    with pytest.raises(CellParseError) as caught:
        parse_amount(raw)
    assert message in str(caught.value)


# --- numbers ------------------------------------------------------------------------------------
NUMBERS = [
    (-12, D("-12")),
    (-1250.5, D("-1250.5")),
    ("-50", D("-50")),
    ("-1 250,50", D("-1250.50")),
    ("\u22121 250,50", D("-1250.50")),  # the minus sign
    ("\u201350", D("-50")),  # an en dash used as a minus
    ("(1 250)", D("-1250")),  # accounting negative
    ("(€1,250.00)", D("-1250.00")),
    ("-€500", D("-500")),
    ("€-500", D("-500")),
    ("-500 €", D("-500")),
    ("12 %", D("12")),
    ("12,5%", D("12.5")),
    (f"-3,5{NNBSP}%", D("-3.5")),
    ("-0", D("0")),
    ("-", D("0")),
    ("1 250,00", D("1250.00")),
]


@pytest.mark.parametrize(("raw", "expected"), NUMBERS)
def test_numbers(raw: object, expected: Decimal) -> None:
    assert same(expected, parse_number(raw))


NOT_NUMBERS = [
    ("-1,250", "ambiguous"),
    ("50-", "found '50-' — expected a number"),
    ("-(50)", "found '-(50)'"),
    ("--5", "found '--5'"),
    ("12 % €", "found '12 % €'"),
    ("%", "found '%'"),
    ("\u20145", "found '\u20145'"),  # an em dash is not a minus
    (True, "found TRUE"),
]


@pytest.mark.parametrize(("raw", "message"), NOT_NUMBERS)
def test_not_numbers(raw: object, message: str) -> None:
    with pytest.raises(CellParseError) as caught:
        parse_number(raw)
    assert message in str(caught.value)


# --- percentages --------------------------------------------------------------------------------
PERCENTS = [
    (0.4, D("40")),  # a cell formatted 0% that shows 40 %
    (0.125, D("12.5")),
    (0.07, D("7")),
    (0.285, D("28.5")),  # not 28.499999999999996
    (1, D("100")),
    (0, D("0")),
    (-0.05, D("-5")),
    ("40 %", D("40")),
    ("40%", D("40")),
    ("40", D("40")),  # text is read as written, in percentage points
    ("12,5 %", D("12.5")),
    (f"12,5{NBSP}%", D("12.5")),
]


@pytest.mark.parametrize(("raw", "expected"), PERCENTS)
def test_percents(raw: object, expected: Decimal) -> None:
    assert expected == parse_percent(raw)


@pytest.mark.parametrize("raw", ["40 €", "forty", True, "4,000 %"])
def test_not_percents(raw: object) -> None:
    with pytest.raises(CellParseError):
        parse_percent(raw)


# --- dates --------------------------------------------------------------------------------------
DATES = [
    (dt.datetime(2024, 3, 15), dt.date(2024, 3, 15)),
    (dt.datetime(2024, 3, 15, 17, 45, 12), dt.date(2024, 3, 15)),  # the time is dropped
    (dt.date(2024, 3, 15), dt.date(2024, 3, 15)),
    # serials of the 1900 system, with Excel's fictitious 1900-02-29 (serial 60)
    (1, dt.date(1900, 1, 1)),
    (59, dt.date(1900, 2, 28)),
    (61, dt.date(1900, 3, 1)),
    (45366, dt.date(2024, 3, 15)),
    (45366.0, dt.date(2024, 3, 15)),
    (45366.75, dt.date(2024, 3, 15)),  # 18:00 that day
    (D("45366.5"), dt.date(2024, 3, 15)),
    (2958465, dt.date(9999, 12, 31)),
    # text
    ("2024-03-15", dt.date(2024, 3, 15)),
    ("2024-03-15T00:00:00", dt.date(2024, 3, 15)),
    ("2024-03-15 17:45", dt.date(2024, 3, 15)),
    ("2024-03-15T17:45:12.5+01:00", dt.date(2024, 3, 15)),
    ("2024-3-5", dt.date(2024, 3, 5)),
    ("2024/03/15", dt.date(2024, 3, 15)),
    ("15/03/2024", dt.date(2024, 3, 15)),
    ("5/3/2024", dt.date(2024, 3, 5)),
    ("15.03.2024", dt.date(2024, 3, 15)),
    ("15-03-2024", dt.date(2024, 3, 15)),
    ("15/03/2024 00:00:00", dt.date(2024, 3, 15)),
    ("03/04/2024", dt.date(2024, 4, 3)),  # day first, always
    (f"{NBSP}15/03/2024 ", dt.date(2024, 3, 15)),
]


@pytest.mark.parametrize(("raw", "expected"), DATES)
def test_dates(raw: object, expected: dt.date) -> None:
    assert expected == parse_date(raw)


DATES_1904 = [
    (0, dt.date(1904, 1, 1)),
    (1, dt.date(1904, 1, 2)),
    (43904, dt.date(2024, 3, 15)),
    (43904.5, dt.date(2024, 3, 15)),
    (60, dt.date(1904, 3, 1)),  # no fictitious day in the 1904 system
    ("15/03/2024", dt.date(2024, 3, 15)),  # text does not depend on the date system
]


@pytest.mark.parametrize(("raw", "expected"), DATES_1904)
def test_dates_in_the_1904_system(raw: object, expected: dt.date) -> None:
    assert expected == parse_date(raw, date1904=True)


NOT_DATES = [
    (60, "serial 60 is 29/02/1900, a day that never existed"),
    (60.25, "serial 60 is 29/02/1900"),
    (0, "found 0 — expected a date such as 15/03/2024 or 2024-03-15"),
    (-5, "a date serial number is 1 or more"),
    (2958466, "expected a date between 1900 and 9999"),
    (1e300, "expected a date between 1900 and 9999"),
    (float("nan"), "found nan"),
    ("15/03/24", "a two-digit year is ambiguous"),
    ("15.03.24", "a two-digit year is ambiguous"),
    ("03/15/2024", "expected day/month/year such as 15/03/2024, and 15 cannot be a month"),
    ("31/02/2024", "that day is not in the calendar"),
    ("2023-02-29", "that day is not in the calendar"),
    ("13/13/2024", "that day is not in the calendar"),
    ("1899-12-31", "expected a date between 1900 and 9999"),
    ("31/12/1899", "expected a date between 1900 and 9999"),
    (dt.date(1899, 12, 30), "expected a date between 1900 and 9999"),
    (dt.datetime(1800, 1, 1), "expected a date between 1900 and 9999"),
    ("2024-03-15 25:00", "found '2024-03-15 25:00'"),
    ("15/03-2024", "found '15/03-2024'"),
    ("45366", "found '45366'"),  # a serial written as text
    ("15 mars 2024", "found '15 mars 2024'"),
    ("20240315", "found '20240315'"),
    (dt.time(10, 30), "found the time 10:30:00 — expected a date"),
    (True, "found TRUE"),
]


@pytest.mark.parametrize(("raw", "message"), NOT_DATES)
def test_not_dates(raw: object, message: str) -> None:
    with pytest.raises(CellParseError) as caught:
        parse_date(raw)
    assert message in str(caught.value)


def test_negative_serials_are_not_dates_in_the_1904_system() -> None:
    with pytest.raises(CellParseError, match="a date serial number is 0 or more"):
        parse_date(-1, date1904=True)


# --- text ---------------------------------------------------------------------------------------
TEXTS = [
    (None, ""),
    ("  Lancer le site  ", "Lancer le site"),
    ("Cre\u0301ation", "Création"),  # NFC: one code point for é
    (f"{NBSP}Bob{NNBSP}", "Bob"),
    (12, "12"),
    (12.0, "12"),
    (1250.1, "1250.1"),
    (-3.5, "-3.5"),
    (1e-7, "0.0000001"),
    (1e20, "100000000000000000000"),
    (D("1E+3"), "1000"),
    (True, "TRUE"),
    (dt.datetime(2024, 3, 15), "2024-03-15"),
    (dt.datetime(2024, 3, 15, 9, 30), "2024-03-15T09:30:00"),
    (dt.date(2024, 3, 15), "2024-03-15"),
    (dt.time(9, 30), "09:30:00"),
]


@pytest.mark.parametrize(("raw", "expected"), TEXTS)
def test_texts(raw: object, expected: str) -> None:
    assert expected == parse_text(raw)


def test_text_refuses_nan() -> None:
    with pytest.raises(CellParseError, match="found nan"):
        parse_text(float("nan"))


# --- headers ------------------------------------------------------------------------------------
HEADERS = [
    ("Budget Q1 (€)", "budget q1"),
    ("Budget T1 [k€]", "budget t1"),
    ("  Échéance  ", "echeance"),
    ("ÉCHÉANCE", "echeance"),
    ("Avancement %", "avancement"),
    ("N° d'action", "n d action"),
    ("Responsable / Owner", "responsable owner"),
    ("budget_q1", "budget q1"),
    ("Coût (€ HT) [estimé]", "cout"),
    ("Straße", "strasse"),
    ("ﬁnance", "finance"),  # a ligature
    ("Objectif²", "objectif2"),
    ("(notes)", "notes"),  # only a parenthesis: its words are kept
    ("Budget (", "budget"),
    (2024, "2024"),
    (None, ""),
]


@pytest.mark.parametrize(("raw", "expected"), HEADERS)
def test_normalize_header(raw: object, expected: str) -> None:
    assert expected == normalize_header(raw)


# --- properties ---------------------------------------------------------------------------------
amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@examples
@given(amounts)
def test_french_amounts_read_back_exactly(x: Decimal) -> None:
    french = f"{x:,.2f}".replace(",", NNBSP).replace(".", ",") + " €"
    assert x == parse_amount(french)


@examples
@given(amounts)
def test_english_amounts_read_back_exactly(x: Decimal) -> None:
    assert x == parse_amount(f"{x:,.2f}")


@examples
@given(amounts)
def test_amounts_written_as_floats_read_back_exactly(x: Decimal) -> None:
    assert x == parse_amount(float(x))


@examples
@given(amounts)
def test_negative_numbers_read_back_exactly(x: Decimal) -> None:
    assert -x == parse_number(f"-{x:,.2f}")
    assert -x == parse_number("(" + f"{x:,.2f}".replace(",", " ").replace(".", ",") + ")")


dates = st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31))


@examples
@given(dates, st.floats(min_value=0, max_value=0.999, allow_nan=False))
def test_1900_serials_read_back(day: dt.date, time_of_day: float) -> None:
    serial = (day - dt.date(1899, 12, 30)).days
    assert day == parse_date(serial)
    assert day == parse_date(serial + time_of_day)


@examples
@given(dates.filter(lambda d: d >= dt.date(1904, 1, 1)))
def test_1904_serials_read_back(day: dt.date) -> None:
    serial = (day - dt.date(1904, 1, 1)).days
    assert day == parse_date(serial, date1904=True)
    assert day == parse_date(float(serial) + 0.5, date1904=True)


@examples
@given(dates)
def test_date_texts_read_back(day: dt.date) -> None:
    assert day == parse_date(day.isoformat())
    assert day == parse_date(day.strftime("%d/%m/%Y"))
    assert day == parse_date(dt.datetime.combine(day, dt.time(23, 59)))


@examples
@given(st.text())
def test_normalize_header_is_idempotent(text: str) -> None:
    once = normalize_header(text)
    assert once == normalize_header(once)


@examples
@given(st.one_of(st.text(), st.text(alphabet="0123456789 ,.'-()%€$\u00a0\u202f")))
def test_any_text_gives_a_value_or_a_cell_parse_error(text: str) -> None:
    for parse in (parse_amount, parse_number, parse_percent, parse_date, parse_text):
        try:
            parse(text)
        except CellParseError as error:
            assert str(error).strip()
