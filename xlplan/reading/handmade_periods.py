"""The periods and units of a hand-made table's money columns: `PeriodReader` refuses semester
columns, places month columns in the fiscal year (whose first month their order and years may
tell), scales amounts written in thousands or millions, and reads each row's months into its
quarters, checking the Total and quarter subtotal columns beside them against the months."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from decimal import Decimal, getcontext
from typing import Any

from ..errors import ProblemCode
from ..i18n import msg
from ..layout.spec import col_letter
from ..model.enums import QUARTERS as QUARTER_KEYS
from ..model.months import MONTHS_FIELD
from .common import unreadable
from .handmade_sheet import ActionRow, SheetReader
from .handmade_values import amount_text, is_money_key
from .parse import CellParseError, parse_amount
from .periods import parse_period_key, unit_scale
from .vocabulary import currencies_in

__all__ = ["PeriodReader", "scaled"]

_TOTAL = {"budget": "total", "actual": "actual_total"}
_ZERO = Decimal(0)
_SAMPLE = 200  # the rows `is_schedule` looks at
_YEARS = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


class PeriodReader(SheetReader):
    """What the money columns' periods and units say, found once from the header."""

    # group -> [(0-based month of the fiscal year, column key)], in column order
    month_cols: dict[str, list[tuple[int, str]]]
    # group -> [(quarter, column key)]: quarter columns beside months, checked, not read
    subtotals: dict[str, list[tuple[str, str]]]
    scales: dict[str, Decimal]  # column key -> the factor its amounts are written in
    month_start: int | None  # the calendar month the fiscal year starts in, if months tell
    month_year: int | None  # the calendar year it starts in, if the months' headers tell

    def check_header(self) -> dict[int, str]:
        self._columns_of: dict[str, list[Any]] | None = None
        self._places: list[tuple[str, list[Any], list[tuple[str, str]], str | None]] = []
        self.month_cols, self.subtotals, self.scales = {}, {}, {}
        self.month_start = self.month_year = None
        self.check_semesters()
        self.place_months()
        self.check_units()
        return super().check_header()

    # --- semesters ------------------------------------------------------------------------
    def check_semesters(self) -> None:
        """A semester column is refused (its values are kept in the extra columns), unless the
        row's ``S1``, ``S2``… are weeks (``S3`` or more beside them)."""
        semesters = sorted(
            [(col, k) for k, col in self.cols.items() if "_semester_" in k]
            + [(col, k) for col, k in self.header.duplicates if "_semester_" in k]
        )
        if not semesters:
            return
        self.header.duplicates = [d for d in self.header.duplicates if "_semester_" not in d[1]]
        # (a French timeline's weeks are S1, S2, S3…: semesters stop at S2)
        weeks = any(label.strip().upper() == "S3" for label in self.header.labels.values())
        for col, key in semesters:
            self.cols.pop(key, None)
            if weeks:
                continue
            self.problem(
                ProblemCode.SEMESTER_COLUMN,
                "error",
                self.grid.name,
                self.at(col, self.header.row),
                msg(
                    "'{label}' is a half-year: xlplan does not split a semester into quarters; "
                    "give the amounts per quarter (T1 … T4, Q1 … Q4) or per month; the column is "
                    "kept in each action's extra columns",
                    label=self.header.labels.get(col, key),
                ),
            )

    # --- months ---------------------------------------------------------------------------
    def place_months(self) -> None:
        """Each month column's place in the fiscal year; the fiscal year's first month (and
        year) when the months tell it: twelve consecutive months, or months whose headers'
        years span two calendar years, start the fiscal year at the first of them."""
        found: dict[str, list[tuple[int, int, str, int]]] = {}  # group -> (year, month, key, col)
        fiscal: dict[str, list[tuple[int, str]]] = {}
        for key, col in sorted(self.cols.items(), key=lambda kc: kc[1]):
            parsed = parse_period_key(key)
            if parsed is None:
                continue
            if self.is_schedule(col):  # (a timeline's marks: an extra column, as any other)
                del self.cols[key]
                continue
            group, kind, year, number = parsed
            if kind == "fmonth":
                fiscal.setdefault(group, []).append((number - 1, key))
            elif kind == "month":
                found.setdefault(group, []).append((year, number, key, col))
        if found:
            first = found.get("budget") or next(iter(found.values()))
            months = [m for _, m, _, _ in first]
            years = [y for y, _, _, _ in first if y]
            consecutive = all(b == a % 12 + 1 for a, b in itertools.pairwise(months))
            if consecutive and (len(months) == 12 or len(set(years)) > 1):
                self.month_start = months[0]
            start = self.month_start or 1
            dated = next(((y, m) for y, m, _, _ in first if y), None)
            if dated is not None:
                year, month = dated
                self.month_year = year if month >= start else year - 1
            elif years_said := _YEARS.findall(self.header.labels.get(first[0][3], "")):
                # a year in the group over the months ("Budget 2025", "2025-2026"): the first
                self.month_year = int(years_said[0])
        start = self.month_start or 1
        for group, months_found in found.items():
            for year, month, key, col in months_found:
                if year and self.month_year is not None:
                    begins = dt.date(self.month_year, start, 1)
                    ends = dt.date(self.month_year + 1, start, 1)
                    if not begins <= dt.date(year, month, 1) < ends:
                        del self.cols[key]
                        self.problem(
                            ProblemCode.DATE_OUTSIDE_YEAR,
                            "warning",
                            self.grid.name,
                            self.at(col, self.header.row),
                            msg(
                                "'{label}' is outside the fiscal year that starts on {start}: "
                                "its amounts are kept in each action's extra columns",
                                label=self.header.labels.get(col, key),
                                start=begins.isoformat(),
                            ),
                        )
                        continue
                fiscal.setdefault(group, []).append(((month - start) % 12, key))
        for group, places in fiscal.items():
            kept: dict[int, str] = {}
            for index, key in places:
                if index in kept:
                    col = self.cols.pop(key)
                    self.problem(
                        ProblemCode.COLUMN_DUPLICATE,
                        "warning",
                        self.grid.name,
                        self.at(col, self.header.row),
                        msg(
                            "'{label}' is a second column for the same month as '{first}' "
                            "(column {column} is read); its values are kept in each action's "
                            "extra columns",
                            label=self.header.labels.get(col, key),
                            first=self.label(kept[index]),
                            column=col_letter(self.cols[kept[index]] - 1),
                        ),
                    )
                    continue
                kept[index] = key
            self.month_cols[group] = sorted(kept.items())
            self.month_places.update((key, index) for index, key in kept.items())
            self.subtotals[group] = [
                (q, f"{group}_{q}") for q in QUARTER_KEYS if f"{group}_{q}" in self.cols
            ]

    def is_schedule(self, col: int) -> bool:
        """Whether a month column holds a timeline's marks (``x``, ``●``) rather than amounts:
        fewer than half of its first `_SAMPLE` filled cells are numbers or amounts."""
        filled = amounts = 0
        for r in range(self.header.row + 1, min(self.header.row + _SAMPLE, self.grid.height) + 1):
            raw = self.grid.raw(r, col)
            if raw is None or raw == "" or (isinstance(raw, str) and raw.isspace()):
                continue
            filled += 1
            if isinstance(raw, int | float) and not isinstance(raw, bool):
                amounts += 1
                continue
            try:
                parse_amount(raw)
            except CellParseError:
                continue
            amounts += 1
        return amounts * 2 < filled

    def read_months(self, row: ActionRow, i: int, raws: dict[str, list[Any]], cols: Any) -> None:
        """A row's months (`raws`, and `cols` as read by `read_columns`): kept in fiscal order in
        ``row.months_planned`` / ``row.months_actual`` (None: a month left blank) and summed into
        its quarters; the quarter subtotals and the Total beside them checked."""
        if self._columns_of is not raws:  # (each column's lists looked up once per table)
            self._columns_of = raws
            self._places = [
                (
                    group,
                    [
                        (index, QUARTER_KEYS[index // 3], key, raws[key], cols[key])
                        for index, key in places
                    ],
                    self.subtotals.get(group, []),
                    _TOTAL[group] if _TOTAL[group] in self.cols else None,
                )
                for group, places in self.month_cols.items()
            ]
        r = row.number
        for group, places, subtotals, total in self._places:
            months: list[Decimal | None] = [None] * 12
            quarters: dict[str, Decimal] = {}
            readable, as_text = True, []
            for index, q, key, raw_list, read_list in places:
                amount, raw = read_list[i], raw_list[i]
                if amount is None:
                    if raw is not None and raw != "" and not (type(raw) is str and raw.isspace()):
                        readable = False
                    continue
                if type(raw) is str:
                    self.count_currency(raw)
                    if amount:
                        as_text.append(key)
                if type(amount) is CellParseError:
                    self.problem(
                        unreadable(amount),
                        "error",
                        self.grid.name,
                        self.at(key, r),
                        msg("{label}: {message}", label=self.label(key), message=amount.localized),
                    )
                    readable = False
                    continue
                months[index] = amount
                quarters[q] = quarters[q] + amount if q in quarters else amount
            if group == "budget":
                row.months_planned = months
            else:
                row.months_actual = months
            if quarters:
                row.data.setdefault(group, {}).update(quarters)
            if readable:
                for q, key in subtotals:
                    self.check_sum(r, key, raws[key][i], quarters.get(q, _ZERO), months, q)
                if total is not None:
                    expected = sum(quarters.values(), _ZERO)
                    self.check_sum(r, total, raws[total][i], expected, months, None, as_text)

    def give_months(self, row: ActionRow) -> None:
        """Hand a row's months to its action's data (``budget: {"months": [...]}``, in place of
        their quarter sums), for each group whose months the row types at least one of: a
        planned month left blank is 0, a month of spend left blank stays None (not entered)."""
        for group, months in (("budget", row.months_planned), ("actual", row.months_actual)):
            if months is None or all(m is None for m in months):
                continue
            if group == "budget":
                months = [_ZERO if m is None else m for m in months]
            row.data[group] = {MONTHS_FIELD: months}

    def month_amount(self, row: ActionRow, key: str) -> Decimal:
        """What a row read under a money column: its month for a month column, else its
        quarter or its total (`amount_of`)."""
        place = self.month_places.get(key)
        if place is None:
            return self.amount_of(row, key)
        months = row.months_planned if key.startswith("budget_") else row.months_actual
        found = None if months is None else months[place]
        return found if isinstance(found, Decimal) else _ZERO

    @staticmethod
    def amount_of(row: ActionRow, key: str) -> Decimal:
        """The amount a row read in a quarter's column (a total: the sum of its quarters)."""
        kind, _, q = key.partition("_")
        if key in ("total", "actual_total"):
            group = "actual" if key == "actual_total" else "budget"
            return sum((v for v in row.data.get(group, {}).values() if v), _ZERO)
        value = row.data.get("actual" if kind == "actual" else "budget", {}).get(q)
        return value if isinstance(value, Decimal) else _ZERO

    def check_sum(
        self,
        r: int,
        key: str,
        raw: Any,
        expected: Decimal,
        months: list[Decimal | None],
        quarter: str | None,
        as_text: list[str] | None = None,
    ) -> None:
        """Warn when a Total (or a quarter's subtotal) beside the months, `raw` on row `r`, is
        not their sum, `expected`; `as_text`: the keys of the month cells typed as text."""
        if raw is None or raw == "" or (type(raw) is str and raw.isspace()):
            return
        try:
            typed = self.amount_reader(key)(raw)
        except CellParseError as exc:
            self.problem(
                ProblemCode.TOTAL_UNREADABLE,
                "warning",
                self.grid.name,
                self.at(key, r),
                msg(
                    "{label}: {message}; the total is not read, xlplan recomputes it",
                    label=self.label(key),
                    message=exc.localized,
                ),
            )
            return
        if typed is None or typed == expected:
            return
        first = 0 if quarter is None else 3 * QUARTER_KEYS.index(quarter)
        last = 12 if quarter is None else first + 3
        self.problem(
            ProblemCode.TOTAL_MISMATCH,
            "warning",
            self.grid.name,
            self.at(key, r),
            msg(
                "{label} {total} differs from the sum of its months {parts} = {sum}; "
                "xlplan keeps the months{skipped}",
                label=self.label(key),
                total=amount_text(typed),
                parts=" + ".join(amount_text(m or _ZERO) for m in months[first:last]),
                sum=amount_text(expected),
                skipped=msg(
                    " (the amounts typed as text in {cells} are skipped by the spreadsheet's SUM)",
                    cells=", ".join(self.at(k, r) for k in as_text),
                )
                if as_text
                else "",
            ),
        )

    # --- units ----------------------------------------------------------------------------
    def check_units(self) -> None:
        """Scale the amounts of headers in thousands or millions (``Budget T1 (k€)``), and say
        so once, at the first of them."""
        first: tuple[int, str, Decimal] | None = None
        for key, col in self.cols.items():
            if not (is_money_key(key) or key in ("total", "actual_total")):
                continue
            raw = self.grid.header(self.header.row, col)
            scale = unit_scale(raw) if isinstance(raw, str) else None
            if scale is not None:
                self.scales[key] = scale
                if first is None or col < first[0]:
                    first = (col, raw, scale)
        if first is None:
            self.check_title_units()
            return
        col, raw, scale = first
        self.problem(
            ProblemCode.UNIT_SCALED,
            "info",
            self.grid.name,
            self.at(col, self.header.row),
            msg(
                "'{header}' gives amounts in {unit}: xlplan multiplies the amounts of the {count} "
                "column(s) so marked by {factor} (1.5 reads as {example})",
                header=raw,
                unit=msg("thousands") if scale == 1000 else msg("millions"),
                count=len(self.scales),
                factor=amount_text(scale),
                example=amount_text(scaled(Decimal("1.5"), scale)),
            ),
        )
        self.check_mixed_units(raw)

    def check_mixed_units(self, scaled: str) -> None:
        """Warn, once, at the first money column without a unit beside columns with one
        (``Budget prévu (k€)`` over T1 … T4, ``Réalisé`` over its own): its amounts are read as
        written, and the two compare as if they were in the same unit."""
        plain = sorted(  # (a header naming its currency, "Budget Q2 ($)", gives its unit)
            col
            for key, col in self.cols.items()
            if (is_money_key(key) or key in ("total", "actual_total"))
            and key not in self.scales
            and not currencies_in(self.header.labels.get(col, ""))
        )
        if plain:
            self.problem(
                ProblemCode.UNITS_MIXED,
                "warning",
                self.grid.name,
                self.at(plain[0], self.header.row),
                msg(
                    "'{header}' gives no unit while '{scaled}' does: xlplan reads its amounts "
                    "as written, in units; if they are in the same unit, say it in this header "
                    "too",
                    header=self.header.labels.get(plain[0], ""),
                    scaled=scaled,
                ),
            )

    def check_title_units(self) -> None:
        """Warn when a text above the header says amounts are in thousands or millions (``Budget
        en k€``) but no money header does: the amounts are read as written."""
        for r in range(1, self.header.row):
            for c in range(1, self.grid.width + 1):
                raw = self.grid.raw(r, c)
                if isinstance(raw, str) and unit_scale(raw) is not None:
                    self.problem(
                        ProblemCode.THOUSANDS,
                        "warning",
                        self.grid.name,
                        self.at(c, r),
                        msg(
                            "{text!r} suggests amounts in thousands or millions, but no "
                            "column header says so: xlplan reads the amounts as written; put "
                            "the unit in the headers (such as 'Budget T1 (k€)') to have them "
                            "scaled",
                            text=raw,
                        ),
                    )
                    return

    def amount_reader(self, key: str) -> Any:
        """How the amounts of a money column are read: `parse_amount`, scaled by its unit."""
        scale = self.scales.get(key)
        if scale is None:
            return parse_amount

        def read(value: object) -> Decimal | None:
            amount = parse_amount(value)
            return None if amount is None else scaled(amount, scale)

        return read


def scaled(amount: Decimal, scale: Decimal) -> Decimal:
    """`amount` × `scale`, written without an exponent (1.5 × 1000: 1500)."""
    value = amount * scale
    if value == value.to_integral_value() and value.adjusted() < getcontext().prec:
        return value.quantize(Decimal(1))
    return value.normalize()  # (a fraction; or too large to quantize, which the model refuses)
