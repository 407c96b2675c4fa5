"""`xlplan report`: what reading and analysing a workbook found, as a terminal table, JSON, CSV
or Markdown.

`report_workbook` reads a workbook and builds the report `document` from the analysis' plain
records (`xlplan.analysis.figures`: no pandas); `render` shows it. The JSON document is a
contract for scripts, described by ``docs/report.schema.json``: money as plain numbers,
quarters keyed ``Q1``…``Q4`` whatever the plan's language, dates in ISO form.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .analysis.records import PERIODS, Quarters
from .analysis.result import Figures, figures
from .errors import Problem, place
from .i18n import MessageLang, msg
from .i18n.numbers import is_number, number, percent
from .inert import aligned, strict_json, terminal_text
from .layout.cached import plan_title
from .layout.labels import quarter_named
from .model.plan import Plan
from .report_csv import CSV_COLUMNS as CSV_COLUMNS
from .report_csv import render_csv

if TYPE_CHECKING:
    from .reading.own import ReadResult

FORMATS = ("table", "json", "csv", "markdown")


def plain_number(value: Any) -> Any:
    """Plain JSON numbers: Decimal to int/float, floats without binary noise; NaN, infinities
    (and a Decimal of more than 4 000 digits) to None, which strict JSON writes ``null``."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        if not value.is_finite() or value.adjusted() > 4000:
            return None
        return int(value) if value == value.to_integral_value() else plain_number(float(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        value = round(value, 9)  # binary noise such as 0.15000000000000002
        return int(value) if value.is_integer() else value
    return value


def _plain(value: Any) -> Any:
    """A table cell as JSON: dates in ISO form, numbers as `xlplan.analyze`'s tables hold them
    (float, Decimal money included)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    return plain_number(float(value) if isinstance(value, Decimal) else value)


def _records(rows: Sequence[Any]) -> list[dict[str, Any]]:
    """Records of `xlplan.analysis.records` as JSON objects, fields in order."""
    return [{k: _plain(v) for k, v in row._asdict().items()} for row in rows]


def _quarters(values: list[Decimal | None]) -> dict[str, Any]:
    out = {
        q: plain_number(v if v is not None else Decimal(0))
        for q, v in zip(PERIODS, values, strict=True)
    }
    out["total"] = plain_number(sum((v for v in values if v is not None), Decimal(0)))
    return out


def _sums(quarters: Quarters) -> dict[str, Any]:
    return {
        k: _plain(v) for k, v in zip([*PERIODS, "total"], (*quarters, quarters.total), strict=True)
    }


def problem_record(problem: Problem) -> dict[str, str]:
    """A problem as JSON (the ``problems`` items of both schemas)."""
    return {
        "code": problem.code.value,
        "severity": problem.severity,
        "sheet": problem.sheet,
        "cell": problem.cell,
        "message": problem.message,
    }


def document(source: str, plan: Plan, analysis: Figures, problems: list[Problem]) -> dict[str, Any]:
    """The report as JSON-compatible data (see ``docs/report.schema.json``).

    Args:
        source: the workbook's name as given.
        plan: the plan read from it.
        analysis: its figures (`xlplan.analysis.figures`).
        problems: what reading it found.

    Returns:
        Plain dicts, lists, strings and numbers.
    """
    return {
        "file": source,
        "plan": {
            "id": plan.id,
            "name": plan.name,
            "business": plan.business,
            "currency": plan.currency,
            "fiscal_year_start": plan.fiscal_year_start.isoformat(),
            "fiscal_year_end": plan.fiscal_year_end.isoformat(),
        },
        "as_of": analysis.as_of.isoformat(),
        "actions": [
            {
                "id": a.id,
                "action": a.title,
                "objective": ", ".join(a.objectives),
                "kpi": ", ".join(a.kpis),
                "owner": a.owner or "",
                "planned": _quarters(list(a.budget.values())),
                "actual": _quarters(a.actual.values()),
                "status": a.status.value,
                "start": a.start.isoformat() if a.start else None,
                "end": a.end.isoformat() if a.end else None,
            }
            for a in plan.actions
        ],
        "totals": {
            "planned": _sums(analysis.totals.planned),
            "actual": _sums(analysis.totals.actual),
            "envelope": plain_number(analysis.envelope),
            "remaining": plain_number(analysis.remaining),
            "consumed_pct": plain_number(analysis.consumed_pct),
            "envelope_overrun": plain_number(analysis.envelope_overrun),
        },
        "by_owner": _records(analysis.by_owner),
        "by_objective": _records(analysis.by_objective),
        "by_channel": _records(analysis.by_channel),
        "overruns": _records(analysis.overruns),
        "kpi_gaps": _records(analysis.kpi_gaps),
        "late_actions": _records(analysis.late_actions),
        "not_started": _records(analysis.not_started),
        "hygiene": _records(analysis.hygiene),
        "problems": [problem_record(p) for p in problems],
    } | _by_team(plan, analysis.as_of)


def _by_team(plan: Plan, as_of: dt.date) -> dict[str, Any]:
    """A company plan's (`xlplan consolidate`) ``by_team``: actions, planned, actual and late
    actions per plan / team, as its dashboard shows them; nothing for a single plan."""
    from .model.rules import is_late, teams

    rows = []
    for team in teams(plan):
        mine = [a for a in plan.actions if (a.team or "").casefold() == team.casefold()]
        rows.append(
            {
                "team": team,
                "actions": len(mine),
                "planned": plain_number(sum((a.budget.total for a in mine), Decimal(0))),
                "actual": plain_number(sum((a.actual.total for a in mine), Decimal(0))),
                "late": sum(is_late(a, as_of) for a in mine),
            }
        )
    return {"by_team": rows} if rows else {}


def _decimal(value: Any) -> Decimal | None:
    """A number for the human renderers, formatted through Decimal: an int beyond float's
    range (or near 1e308) formats without overflow."""
    value = plain_number(value)
    if value is None:
        return None
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _money(value: Any, lang: MessageLang) -> str:
    """An amount for people: ``1,250.00`` in English, ``1 250,00`` in French."""
    found = _decimal(value)
    return "" if found is None else number(found, ",.2f", lang)


def _pct(value: Any, lang: MessageLang) -> str:
    found = _decimal(value)
    return "" if found is None else percent(found).text(lang)


def _kpi_value(value: Any, lang: MessageLang) -> str:
    """A KPI's value as given (``200000``, ``4.5``), in French with its thousands apart as an
    amount's (``200 000``, ``4,5``), or empty."""
    if value is None or value == "":
        return ""
    return number(value, "" if lang == "en" else ",", lang) if is_number(value) else str(value)


def _status(status: str, lang: MessageLang) -> str:
    """A KPI status (`rules.kpi_values`) for people, in `lang`."""
    words = {"achieved": msg("achieved"), "on_track": msg("on track"), "behind": msg("behind")}
    return words[status].text(lang) if status in words else status


def _severity(severity: str, lang: MessageLang) -> str:
    if severity == "info":
        return msg("info").text(lang)
    return (msg("warning") if severity == "warning" else msg("error")).text(lang)


def _problem_rows(
    doc: dict[str, Any], lang: MessageLang, problems: Sequence[Problem] | None
) -> list[list[str]]:
    """The Problems section: from the `Problem`s themselves when given (their text in `lang`),
    else from the document's English messages."""
    if problems is not None:
        return [
            [_severity(p.severity, lang), place(p.sheet, p.cell), p.text(lang)] for p in problems
        ]
    return [
        [
            _severity(p["severity"], lang),
            place(p["sheet"], p["cell"]),
            p["message"],
        ]
        for p in doc["problems"]
    ]


def _period(period: str, lang: MessageLang) -> str:
    """A quarter as the plan's people write it: ``T1`` in French, ``Q1`` in English (the JSON
    and CSV keep ``Q1``); anything else as it is."""
    named = quarter_named(period)
    return period if named is None else named(lang)


def _title(plan: dict[str, Any]) -> str:
    """The plan's title as the workbook's (``Plan d'action — Mimine``); the name alone while
    the business is still a starter template's placeholder (``<Nom de l'entreprise>``)."""
    business = (plan.get("business") or "").strip()
    if business.startswith("<") and business.endswith(">"):
        business = ""
    return plan_title(plan["name"], business)


class _Section(NamedTuple):
    """A part of the human report: its title, header, rows and which columns hold numbers
    (aligned right in the terminal table)."""

    title: str
    header: list[str]
    rows: list[list[str]]
    numbers: Collection[int]


def _sections(
    doc: dict[str, Any], lang: MessageLang = "en", problems: Sequence[Problem] | None = None
) -> list[_Section]:
    """The human report as sections in `lang`, shared by table and Markdown."""
    t = doc["totals"]
    quarters = [*PERIODS, "total"]
    planned, actual = msg("planned").text(lang), msg("actual").text(lang)
    action, total = msg("action").text(lang), msg("total").text(lang)
    sections: list[_Section] = [
        _Section(
            msg("Budget").text(lang),
            ["", *(_period(q, lang) for q in PERIODS), total],
            [
                [planned, *(_money(t["planned"][q], lang) for q in quarters)],
                [actual, *(_money(t["actual"][q], lang) for q in quarters)],
            ],
            range(1, 6),
        ),
        _Section(
            msg("Envelope").text(lang),
            [msg("envelope").text(lang), msg("remaining").text(lang), msg("consumed").text(lang)],
            [
                [
                    _money(t["envelope"], lang),
                    _money(t["remaining"], lang),
                    _pct(t["consumed_pct"], lang),
                ]
            ]
            if t["envelope"] is not None
            else [],  # ("Envelope: none")
            range(3),
        ),
        *(
            [
                _Section(
                    msg("By team").text(lang),
                    [
                        msg("team").text(lang),
                        msg("actions").text(lang),
                        planned,
                        actual,
                        msg("late").text(lang),
                    ],
                    [
                        [
                            r["team"],
                            str(r["actions"]),
                            _money(r["planned"], lang),
                            _money(r["actual"], lang),
                            str(r["late"]),
                        ]
                        for r in doc["by_team"]
                    ],
                    range(1, 5),
                )
            ]
            if "by_team" in doc
            else []
        ),
        _Section(
            msg("Overruns").text(lang),
            [action, msg("period").text(lang), planned, actual, msg("overrun").text(lang), "%"],
            [
                [
                    f"{o['action_id']} {o['action']}",
                    _period(o["period"], lang),
                    _money(o["planned"], lang),
                    _money(o["actual"], lang),
                    _money(o["overrun"], lang),
                    _pct(o["overrun_pct"], lang),
                ]
                for o in doc["overruns"]
            ],
            range(2, 6),
        ),
        _Section(
            msg("KPI gaps").text(lang),
            [
                msg("kpi").text(lang),
                msg("target").text(lang),
                actual,
                msg("gap").text(lang),
                msg("attainment").text(lang),
                msg("status").text(lang),
            ],
            [
                [
                    f"{k['kpi']} {k['name']}",
                    _kpi_value(plain_number(k["target"]) or "", lang),
                    _kpi_value(k["actual"], lang),
                    _kpi_value(k["gap"], lang),
                    _pct(k["attainment_pct"], lang),
                    _status(k["status"], lang),
                ]
                for k in doc["kpi_gaps"]
                if k["status"]
            ],
            range(1, 5),
        ),
        _Section(
            msg("Late actions").text(lang),
            [action, msg("owner").text(lang), msg("end").text(lang), msg("days late").text(lang)],
            [
                [f"{a['action_id']} {a['action']}", a["owner"], a["end"], str(a["days_late"])]
                for a in doc["late_actions"]
            ],
            (3,),
        ),
        _Section(
            msg("Problems").text(lang),
            [msg("severity").text(lang), msg("where").text(lang), msg("message").text(lang)],
            _problem_rows(doc, lang, problems),
            (),
        ),
    ]
    return sections


def render_table(
    doc: dict[str, Any], lang: MessageLang = "en", problems: Sequence[Problem] | None = None
) -> str:
    """The report as a terminal table, in `lang` (the problems' texts from `problems` when
    given, else the document's English messages)."""
    p = doc["plan"]
    heading = msg(
        "{name} ({start} – {end}, {currency}) as of {as_of}",
        name=_title(p),
        start=p["fiscal_year_start"],
        end=p["fiscal_year_end"],
        currency=p["currency"],
        as_of=doc["as_of"],
    )
    out = [terminal_text(heading.text(lang))]
    for title, header, rows, numbers in _sections(doc, lang, problems):
        out.append("")
        line = msg("{title}: none", title=title) if not rows else msg("{title}:", title=title)
        out.append(line.text(lang))
        if not rows:
            continue
        rows = [[terminal_text(c) for c in row] for row in rows]
        out += aligned([header, *rows], numbers, indent="  ")
    return "\n".join(out) + "\n"


def render_markdown(
    doc: dict[str, Any], lang: MessageLang = "en", problems: Sequence[Problem] | None = None
) -> str:
    """The report in Markdown, in `lang` (as `render_table`)."""
    p = doc["plan"]
    heading = msg(
        "{start} – {end}, {currency}, as of {as_of}",
        start=p["fiscal_year_start"],
        end=p["fiscal_year_end"],
        currency=p["currency"],
        as_of=doc["as_of"],
    )
    out = [f"# {terminal_text(_title(p))}", "", terminal_text(heading.text(lang))]
    for title, header, rows, _ in _sections(doc, lang, problems):
        out += ["", f"## {title}", ""]
        if not rows:
            out.append(msg("None.").text(lang))
            continue
        out.append("| " + " | ".join(header) + " |")
        out.append("|" + "---|" * len(header))
        for row in rows:
            out.append("| " + " | ".join(terminal_text(c).replace("|", "\\|") for c in row) + " |")
    return "\n".join(out) + "\n"


def render(
    doc: dict[str, Any],
    fmt: str,
    lang: MessageLang = "en",
    problems: Sequence[Problem] | None = None,
) -> str:
    """The report in one of `FORMATS`: the table and Markdown in `lang` (the problems' texts
    from `problems` when given), JSON and CSV always English."""
    if fmt == "json":
        return strict_json(doc)
    if fmt == "csv":
        return render_csv(doc)
    if fmt == "markdown":
        return render_markdown(doc, lang, problems)
    return render_table(doc, lang, problems)


@dataclass(frozen=True)
class Report:
    """What `xlplan report` shows of one workbook."""

    read: ReadResult
    document: dict[str, Any]  # (`document`)

    def render(self, fmt: str, lang: MessageLang = "en") -> str:
        """The report in one of `FORMATS`, the table and Markdown in `lang`."""
        return render(self.document, fmt, lang, self.read.problems)

    def exit_code(self, strict: bool = False) -> int:
        """1 when a cell could not be read exactly (with `strict`, any problem but an info),
        else 0."""
        noted = any(p.severity != "info" for p in self.read.problems)
        return 1 if self.read.errors or (strict and noted) else 0


def report_workbook(path: str | Path, as_of: dt.date | None = None) -> Report:
    """Read a workbook and analyse its plan, as `xlplan report` does (without pandas).

    Args:
        path: the workbook.
        as_of: the date KPIs and lateness are judged on; today when None.

    Returns:
        The reading (plan and problems) and the report document.

    Raises:
        XlplanError: the workbook is unusable.
    """
    from .reading.own import read

    result = read(path)
    analysis = figures(result.plan, as_of)
    return Report(result, document(str(path), result.plan, analysis, result.problems))
