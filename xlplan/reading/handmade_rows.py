"""The rows of a hand-made plan table: `RowReader` finds the action rows, the total rows and the
rows without an action, reads each column's values for all the rows at once (each distinct value
once), assembles each row's data, and checks each row's totals against its quarters and its end
date against its start."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

from ..errors import ProblemCode
from ..i18n import msg
from ..model.enums import QUARTERS as QUARTER_KEYS
from .common import blank, extra_value, is_group_total_label, unreadable, whole
from .handmade_blocks import BlockReader, Gap, header_keys, lone_text
from .handmade_sheet import ActionRow
from .handmade_values import (
    LIST_SPLIT,
    MONEY_KEYS,
    OWNER_SPLIT,
    amount_text,
    as_shown,
    is_money_key,
    is_total_row_label,
    read_choice,
    read_progress,
    read_status,
)
from .parse import CellParseError, error_value, parse_date, parse_text
from .section_words import maybe_section

__all__ = ["RowReader"]

_UNSEEN: Final[Any] = object()


class RowReader(BlockReader):
    """Reads a hand-made table's action rows: column by column, then row by row, with the
    total rows and the section rows told apart and the totals and dates checked."""

    def read_rows(self, extras: dict[int, str]) -> None:
        """Read every action row, in three steps: find the action rows (and the rows that may
        be totals), read each column's values for all the rows at once (`read_columns`), then
        assemble each row. Each problem is told in its row's place, as if read row by row."""
        sheet = self.grid.name
        mapped = {col: key for key, col in self.cols.items()}
        merged = {r for r, _ in self.grid.below} | {r for r, _ in self.grid.across}
        width = self.grid.width
        title_col = self.cols["title"]
        # the action rows: their numbers, and their values (None when a merged range touches
        # them); two lists rather than a pair per row, which the collector would track
        pending: list[int] = []
        lines: list[list[Any] | None] = []
        # (row, action rows above it, values): a total row (values None), a section row (values
        # empty: its actions start there), or a row without an action, which is a total if its
        # amounts are sums of the rows above
        events: list[tuple[int, int, dict[int, Any] | None]] = []
        self.by_row = []
        self.extras = extras
        title_at = title_col - 1
        # Without a merge across columns below the header (group labels are above it) a row whose
        # action cell holds something is told apart by that cell alone, with no dict of its
        # values, unless its text may name a section.
        by_title = all(r <= self.header.row for r, _ in self.grid.across)
        cells = self.grid.cells
        # the columns of an action's own fields (not its amounts): empty on a group's total row
        fields = [c for k, c in self.cols.items() if k != "title" and c not in self.money_cols]
        # after a blank, total or section row (and lone texts): where another header may stand
        gap: Gap | None = None
        for r in range(self.header.row + 1, self.grid.height + 1):
            self.row_at = r
            line: list[Any] | None = cells[r - 1]
            if gap is not None and line and (keys := header_keys(line)) is not None:
                if self.other_header(r, keys, gap, pending, lines, events):
                    break
                gap = Gap(r + 1, len(pending), len(events))
                continue
            if gap is not None and line and not lone_text(line):
                gap = None
            if by_title and r not in merged:
                assert line is not None
                if len(line) < width:
                    line = line + [""] * (width - len(line))
                label = line[title_at]
                if (
                    label != ""
                    and label is not None
                    and (type(label) is not str or not (label.isspace() or maybe_section(label)))
                ):
                    if isinstance(label, str) and (
                        is_total_row_label(label)
                        or (is_group_total_label(label) and all(blank(line[c - 1]) for c in fields))
                    ):
                        events.append((r, len(pending), None))
                        gap = Gap(r + 1, len(pending), len(events))
                    else:
                        pending.append(r)
                        lines.append(line)
                    continue
            if r in merged:  # (each cell through `value`, which knows the merged ranges)
                line = None
                values = {}
                for col in range(1, width + 1):
                    value = self.value(mapped.get(col, col), r)
                    if not blank(value):
                        values[col] = value
            else:
                assert line is not None
                if len(line) < width:
                    line = line + [""] * (width - len(line))
                values = {
                    c: v
                    for c, v in enumerate(line, 1)
                    if v != "" and v is not None and (type(v) is not str or not v.isspace())
                }
            if not values:
                gap = gap or Gap(r + 1, len(pending), len(events))
                continue
            label = values.get(title_col, values[min(values)])
            if isinstance(label, str) and (
                is_total_row_label(label)
                or (is_group_total_label(label) and not any(c in values for c in fields))
            ):
                events.append((r, len(pending), None))
                gap = Gap(r + 1, len(pending), len(events))
            elif self.section_row(r, values, len(pending)):
                events.append((r, len(pending), {}))
                gap = gap or Gap(r + 1, len(pending), len(events))
            elif title_col not in values:
                events.append((r, len(pending), values))
            else:
                pending.append(r)
                lines.append(line)
        raws, columns = self.read_columns(pending, lines)
        self.row_keys()
        for i, (r, line) in enumerate(zip(pending, lines, strict=True)):
            self.row_at = r
            self.rows.append(self.read_row(r, extras, line, i, raws, columns))
        self.apply_sections(len(pending))
        # index in self.rows after the last total row or where a section's actions start
        totals_since: list[int] = [0]
        for r, above, found in events:
            self.row_at = r
            if not found:  # (a section: its actions start here)
                totals_since.append(above)
                if found is None:
                    self.total_rows.append(r)
                    self.check_total_row(r)
                continue
            if self.is_unlabelled_total(found, totals_since, above):
                totals_since.append(above)
                self.total_rows.append(r)
                continue
            shown = ", ".join(f"{self.at(c, r)} {as_shown(v)}" for c, v in list(found.items())[:4])
            self.problem(
                ProblemCode.ROW_WITHOUT_ACTION,
                "error",
                sheet,
                self.at("title", r),
                msg(
                    "no action in this cell, but the row has values ({values}): the row is not "
                    "imported; type the action's name",
                    values=shown,
                ),
            )
        self.uncomputed()
        told = sorted(self.by_row, key=lambda t: t[:2])
        self.by_row = None
        self.problems.extend(p for _, _, p in told)

    def read_columns(
        self, pending: list[int], lines: list[list[Any] | None]
    ) -> tuple[dict[str, list[Any]], dict[str, list[Any]]]:
        """The raw values of each column for the action rows, and their values read by the
        column's reader (or the `CellParseError`). Plans repeat their values: each distinct
        value is read once per column, in one loop per column rather than a call per cell."""
        raws: dict[str, list[Any]] = {}
        columns: dict[str, list[Any]] = {}
        plain = all(line is not None for line in lines)
        for key, col in self.cols.items():
            at = col - 1
            raws[key] = (
                [line[at] for line in lines]  # type: ignore[index]
                if plain
                else [
                    line[at] if line is not None else self.value(key, r)
                    for r, line in zip(pending, lines, strict=True)
                ]
            )
            reader = self.reader(key)
            if reader is None:
                continue
            cache = self.parsed[key]
            numbers: dict[float, Any] = {}  # (floats apart: no (type, value) key to build each)
            read: list[Any] = []
            for raw in raws[key]:
                kind = type(raw)
                if kind is float:
                    found = numbers.get(raw, _UNSEEN)
                    seen: Any = raw
                else:
                    seen = raw if kind is str else (kind, raw)
                    found = cache.get(seen, _UNSEEN)
                if found is _UNSEEN:
                    try:
                        found = reader(whole(raw))
                    except CellParseError as exc:
                        found = exc
                    if kind is float:
                        if len(numbers) < 20_000:
                            numbers[seen] = found
                    elif len(cache) < 20_000:
                        cache[seen] = found
                read.append(found)
            columns[key] = read
        return raws, columns

    def reader(self, key: str) -> Any:
        """How a column's cells are read; None for the progress (read per row: it depends on
        its cell's format) and the totals (checked, not read)."""
        if key in ("start", "end"):
            return lambda v: parse_date(v, date1904=self.date1904)
        lang = self.language()  # (a refusal lists the labels in the table's language)
        if key == "status":
            return lambda v: read_status(v, lang)
        if key in ("recurrence", "frequency"):
            return lambda v: read_choice(key, v, lang)
        if is_money_key(key):
            return self.amount_reader(key)
        if key in ("progress", "total", "actual_total"):
            return None
        return parse_text

    def is_unlabelled_total(self, values: dict[int, Any], since: list[int], above: int) -> bool:
        """A row of amounts under the money columns only, each the sum of the `above` action
        rows above it (from the last total row, or from any total row before)."""
        mapped = {col: key for key, col in self.cols.items()}
        if not all(mapped.get(c) in MONEY_KEYS or is_money_key(mapped.get(c, "")) for c in values):
            return False
        for start in sorted(set(since)):
            rows = self.rows[start:above]
            try:
                if all(
                    self.amount_reader(mapped[c])(v)
                    == sum((self.month_amount(x, mapped[c]) for x in rows), Decimal(0))
                    for c, v in values.items()
                ):
                    return True
            except CellParseError:
                return False
        return False

    def row_keys(self) -> None:
        """Which of the keys `read_row` looks at the table has, in the order it looks at them
        (once per table, not once per row)."""
        cols = self.cols
        self.texts_present: list[str] = [
            k for k in ("id", "resources", "channel", "notes", "team") if k in cols
        ]
        self.choices_present: list[str] = [
            k for k in ("start", "end", "status", "recurrence", "frequency") if k in cols
        ]
        self.money_present: list[tuple[str, str | None, list[tuple[str, str]]]] = [
            (
                group,
                total if total in cols else None,
                [(q, f"{group}_{q}") for q in QUARTER_KEYS if f"{group}_{q}" in cols],
            )
            for group, total in (("budget", "total"), ("actual", "actual_total"))
            if group not in self.month_cols  # (months: `read_months`)
        ]

    def told(self, found: Any, key: str, r: int) -> Any:
        """A value read from a row's `key` cell; None, and a problem, if it is unreadable."""
        if type(found) is CellParseError:
            self.problem(
                unreadable(found),
                "error",
                self.grid.name,
                self.at(key, r),
                msg("{label}: {message}", label=self.label(key), message=found.localized),
            )
            return None
        return found

    def read_row(
        self,
        r: int,
        extras: dict[int, str],
        line: list[Any] | None,
        i: int,
        raws: dict[str, list[Any]],
        columns: dict[str, list[Any]],
    ) -> ActionRow:
        """One action's data, from the `i`-th values of `raws` and `columns` (`read_columns`);
        `line`: the row's values when no merged range touches it. Only the keys the table has
        are looked at (`row_keys`), in the order a problem is told."""
        sheet = self.grid.name
        row = ActionRow(r, {}, (), (), None)
        cols = self.cols
        told = self.told
        data = row.data
        data["title"] = told(columns["title"][i], "title", r)
        for key in self.texts_present:
            if text := told(columns[key][i], key, r):
                data[key] = text
        items = self.items
        if "objectives" in cols:
            row.objectives = items(told(columns["objectives"][i], "objectives", r), LIST_SPLIT)
        if "kpis" in cols:
            row.kpis = items(told(columns["kpis"][i], "kpis", r), LIST_SPLIT)
        owners = (
            items(told(columns["owner"][i], "owner", r), OWNER_SPLIT) if "owner" in cols else ()
        )
        participants = (
            self.split(told(columns["participants"][i], "participants", r), OWNER_SPLIT)
            if "participants" in cols
            else []
        )
        if owners:
            row.owner = owners[0]
            if len(owners) > 1:
                self.problem(
                    ProblemCode.OWNERS_SEVERAL,
                    "warning",
                    sheet,
                    self.at("owner", r),
                    msg(
                        "several owners ({owners}): {owner!r} is the owner, the others are "
                        "participants",
                        owners=", ".join(owners),
                        owner=owners[0],
                    ),
                )
            participants = [*owners[1:], *(p for p in participants if p not in owners)]
        if participants:
            data["participants"] = participants
        for key in self.choices_present:
            if (choice := told(columns[key][i], key, r)) is not None:
                data[key] = choice
        if "progress" in cols:
            raw = raws["progress"][i]
            percent = (r - 1) in self.percent_rows
            try:
                progress = read_progress(whole(raw), percent)
            except CellParseError as exc:
                progress = told(exc, "progress", r)
            if progress is not None:
                data["progress"] = progress
        if self.month_cols:
            self.read_months(row, i, raws, columns)
        for group, total_key, quarters in self.money_present:
            readable, as_text = True, []
            amounts: dict[str, Any] | None = None
            for q, key in quarters:
                raw = raws[key][i]
                amount = columns[key][i]
                if type(raw) is not float and isinstance(raw, str) and raw:
                    self.count_currency(raw)
                if type(amount) is CellParseError:
                    amount = told(amount, key, r)
                if amount is not None:
                    if amounts is None:
                        amounts = data[group] = {}
                    amounts[q] = amount
                    if isinstance(raw, str) and amount:
                        as_text.append(self.at(key, r))
                elif not blank(raw):
                    readable = False
            if readable and total_key is not None:
                self.check_total(r, total_key, amounts or {}, as_text)
        self.check_dates(row)
        if extras:
            extra = {}
            for col, name in extras.items():
                raw = self.value(col, r) if line is None else line[col - 1]
                if blank(raw):
                    continue
                if (code := error_value(raw)) is not None:
                    self.problem(
                        ProblemCode.ERROR_VALUE,
                        "warning",
                        sheet,
                        self.at(col, r),
                        msg(
                            "{column}: the error value {code} is kept as text in the action's "
                            "extra columns",
                            column=name,
                            code=code,
                        ),
                    )
                extra[name] = extra_value(raw)
            if extra:
                data["extra"] = extra
        return row

    def check_total(
        self, r: int, key: str, quarters: dict[str, Decimal], as_text: list[str]
    ) -> None:
        """Warn when a row's total cell is not the sum of its quarters (the total is not data).

        Args:
            r: the row.
            key: ``total`` or ``actual_total``.
            quarters: the amounts read from the row.
            as_text: the cells whose amount is typed as text, which the spreadsheet's SUM skips.
        """
        if key not in self.cols:
            return
        raw = self.value(key, r)
        if blank(raw):
            return
        where = self.at(key, r)
        try:
            total = self.amount_reader(key)(raw)
        except CellParseError as exc:
            self.problem(
                ProblemCode.TOTAL_UNREADABLE,
                "warning",
                self.grid.name,
                where,
                msg(
                    "{label}: {message}; the total is not read, xlplan recomputes it",
                    label=self.label(key),
                    message=exc.localized,
                ),
            )
            return
        expected = sum(quarters.values(), Decimal(0))
        if total is not None and total != expected:
            parts = " + ".join(amount_text(quarters.get(q, Decimal(0))) for q in QUARTER_KEYS)
            self.problem(
                ProblemCode.TOTAL_MISMATCH,
                "warning",
                self.grid.name,
                where,
                msg(
                    "{label} {total} differs from the sum of the quarters {parts} = {sum}; "
                    "xlplan keeps the quarters{skipped}",
                    label=self.label(key),
                    total=amount_text(total),
                    parts=parts,
                    sum=amount_text(expected),
                    skipped=msg(
                        " (the amounts typed as text in {cells} are skipped by the "
                        "spreadsheet's SUM)",
                        cells=", ".join(as_text),
                    )
                    if as_text
                    else "",
                ),
            )

    def check_dates(self, row: ActionRow) -> None:
        start, end = row.data.get("start"), row.data.get("end")
        if start is not None and end is not None and end < start:
            self.problem(
                ProblemCode.END_BEFORE_START,
                "error",
                self.grid.name,
                self.cell_of(row, "end"),
                msg(
                    "the end {end} is before the start {start}: the end date is not imported",
                    end=end.isoformat(),
                    start=start.isoformat(),
                ),
            )
            del row.data["end"]
