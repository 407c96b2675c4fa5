"""Render what `read` and `analyze` found: a terminal table, JSON, CSV or Markdown.

The JSON document is a contract for scripts, described by ``docs/report.schema.json``: money as
plain numbers, quarters keyed ``Q1``…``Q4`` whatever the plan's language, dates in ISO form.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from .analysis.records import PERIODS, Quarters
from .analysis.result import Figures
from .errors import Problem
from .model.plan import Plan

FORMATS = ("table", "json", "csv", "markdown")


def _num(value: Any) -> Any:
    """Plain JSON numbers: Decimal to int/float, NaN to None, floats without binary noise."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float):
        if math.isnan(value):
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
    return _num(float(value) if isinstance(value, Decimal) else value)


def _records(rows: Sequence[Any]) -> list[dict[str, Any]]:
    """Records of `xlplan.analysis.records` as JSON objects, fields in order."""
    return [{k: _plain(v) for k, v in row._asdict().items()} for row in rows]


def _quarters(values: list[Decimal | None]) -> dict[str, Any]:
    out = {
        q: _num(v if v is not None else Decimal(0)) for q, v in zip(PERIODS, values, strict=True)
    }
    out["total"] = _num(sum((v for v in values if v is not None), Decimal(0)))
    return out


def _sums(quarters: Quarters) -> dict[str, Any]:
    return {
        k: _plain(v) for k, v in zip([*PERIODS, "total"], (*quarters, quarters.total), strict=True)
    }


def problem_record(problem: Problem) -> dict[str, str]:
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
            "envelope": _num(analysis.envelope),
            "remaining": _num(analysis.remaining),
            "consumed_pct": _num(analysis.consumed_pct),
            "envelope_overrun": _num(analysis.envelope_overrun),
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
    }


def _money(value: Any) -> str:
    value = _num(value)
    return "" if value is None else f"{value:,.2f}"


def _pct(value: Any) -> str:
    value = _num(value)
    return "" if value is None else f"{value:.1f} %"


def _sections(doc: dict[str, Any]) -> list[tuple[str, list[str], list[list[str]]]]:
    """The human report as (title, header, rows) sections, shared by table and Markdown."""
    t = doc["totals"]
    quarters = [*PERIODS, "total"]
    sections: list[tuple[str, list[str], list[list[str]]]] = [
        (
            "Budget",
            ["", *quarters],
            [
                ["planned", *(_money(t["planned"][q]) for q in quarters)],
                ["actual", *(_money(t["actual"][q]) for q in quarters)],
            ],
        ),
        (
            "Envelope",
            ["envelope", "remaining", "consumed"],
            [[_money(t["envelope"]), _money(t["remaining"]), _pct(t["consumed_pct"])]],
        ),
        (
            "Overruns",
            ["action", "period", "planned", "actual", "overrun", "%"],
            [
                [
                    f"{o['action_id']} {o['action']}",
                    o["period"],
                    _money(o["planned"]),
                    _money(o["actual"]),
                    _money(o["overrun"]),
                    _pct(o["overrun_pct"]),
                ]
                for o in doc["overruns"]
            ],
        ),
        (
            "KPI gaps",
            ["kpi", "target", "actual", "gap", "attainment", "status"],
            [
                [
                    f"{k['kpi']} {k['name']}",
                    str(_num(k["target"]) or ""),
                    str("" if k["actual"] is None else k["actual"]),
                    str("" if k["gap"] is None else k["gap"]),
                    _pct(k["attainment_pct"]),
                    k["status"],
                ]
                for k in doc["kpi_gaps"]
                if k["status"]
            ],
        ),
        (
            "Late actions",
            ["action", "owner", "end", "days late"],
            [
                [f"{a['action_id']} {a['action']}", a["owner"], a["end"], str(a["days_late"])]
                for a in doc["late_actions"]
            ],
        ),
        (
            "Problems",
            ["severity", "where", "message"],
            [
                [p["severity"], f"{p['sheet']}!{p['cell']}" if p["sheet"] else "", p["message"]]
                for p in doc["problems"]
            ],
        ),
    ]
    return sections


def _width(rows: list[list[str]], header: list[str]) -> list[int]:
    return [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]


def render_table(doc: dict[str, Any]) -> str:
    p = doc["plan"]
    out = [
        f"{p['name']} ({p['fiscal_year_start']} – {p['fiscal_year_end']}, {p['currency']}) "
        f"as of {doc['as_of']}"
    ]
    for title, header, rows in _sections(doc):
        out.append("")
        out.append(f"{title}: none" if not rows else f"{title}:")
        if not rows:
            continue
        widths = _width(rows, header)
        for row in [header, *rows]:
            cells = [
                c.ljust(w) if i == 0 or (not c[:1].isdigit() and c[:1] != "-") else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ]
            out.append("  " + "  ".join(cells).rstrip())
    return "\n".join(out) + "\n"


def render_markdown(doc: dict[str, Any]) -> str:
    p = doc["plan"]
    out = [
        f"# {p['name']}",
        "",
        f"{p['fiscal_year_start']} – {p['fiscal_year_end']}, {p['currency']}, as of {doc['as_of']}",
    ]
    for title, header, rows in _sections(doc):
        out += ["", f"## {title}", ""]
        if not rows:
            out.append("None.")
            continue
        out.append("| " + " | ".join(header) + " |")
        out.append("|" + "---|" * len(header))
        for row in rows:
            out.append("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |")
    return "\n".join(out) + "\n"


CSV_COLUMNS = [
    "id",
    "action",
    "objective",
    "kpi",
    "owner",
    "status",
    "start",
    "end",
    *(f"planned_{q}" for q in PERIODS),
    "planned_total",
    *(f"actual_{q}" for q in PERIODS),
    "actual_total",
]


def render_csv(doc: dict[str, Any]) -> str:
    """One row per action, plain numbers (no thousands separators)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for a in doc["actions"]:
        writer.writerow(
            [
                a["id"],
                a["action"],
                a["objective"],
                a["kpi"],
                a["owner"],
                a["status"],
                a["start"] or "",
                a["end"] or "",
                *(a["planned"][q] for q in [*PERIODS, "total"]),
                *(a["actual"][q] for q in [*PERIODS, "total"]),
            ]
        )
    return buffer.getvalue()


def render(doc: dict[str, Any], fmt: str) -> str:
    """The report in one of `FORMATS`."""
    if fmt == "json":
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return render_csv(doc)
    if fmt == "markdown":
        return render_markdown(doc)
    return render_table(doc)


# --- `xlplan check` -------------------------------------------------------------------------
CHECK_CSV_COLUMNS = [
    "file",
    "status",
    "rule",
    "severity",
    "action_id",
    "period",
    "planned",
    "actual",
    "overrun",
    "overrun_pct",
    "message",
]


def check_document(report: Any) -> dict[str, Any]:
    """A `CheckReport` as JSON-compatible data (see ``docs/check.schema.json``)."""
    files = []
    for f in report.files:
        files.append(
            {
                "file": f.file,
                "status": f.status,
                "exit_code": f.exit_code,
                "error": f.error,
                "plan": f.plan_name,
                "currency": f.currency,
                "planned_total": _num(f.planned_total),
                "actual_total": _num(f.actual_total),
                "envelope": _num(f.envelope),
                "consumed_pct": _num(f.consumed_pct),
                "breached_rules": f.rules(),
                "findings": [
                    {k: _num(v) if not isinstance(v, str) else v for k, v in vars(x).items()}
                    for x in f.findings
                ],
                "problems": [problem_record(p) for p in f.problems],
            }
        )
    counts = {s: sum(f.status == s for f in report.files) for s in ("ok", "breach", "unusable")}
    return {
        "as_of": report.as_of.isoformat(),
        "exit_code": report.exit_code,
        "summary": {"files": len(report.files), **counts},
        "files": files,
    }


def summary_line(f: Any) -> str:
    """One line per file, for people: status, file, and what breached."""
    tag = {"ok": "OK      ", "breach": "BREACH  ", "unusable": "UNUSABLE"}[f.status]
    if f.status == "unusable":
        return f"{tag} {f.error}"
    fails = [x for x in f.findings if x.severity == "fail"]
    warns = [x for x in f.findings if x.severity == "warn"]
    consumed = "" if f.consumed_pct is None else f", {f.consumed_pct:.1f} % consumed"
    detail = f"{f.file}: {f.actual_total:,.2f} spent of {f.planned_total:,.2f} planned{consumed}"
    if fails:
        detail += f"; {len(fails)} breach(es): " + "; ".join(x.message for x in fails[:3])
        if len(fails) > 3:
            detail += f"; … {len(fails) - 3} more"
    if warns:
        detail += f"; {len(warns)} warning(s)"
    return f"{tag} {detail}"


def render_check_table(report: Any, quiet: bool = False) -> str:
    lines = [summary_line(f) for f in report.files if not quiet or f.status != "ok"]
    if not quiet:
        for f in report.files:
            shown = [x for x in f.findings]
            if not shown:
                continue
            lines.append("")
            lines.append(f"{f.file}:")
            lines += [f"  {x.severity:<4}  {x.rule:<9} {x.message}" for x in shown]
        doc = check_document(report)["summary"]
        lines.append("")
        lines.append(
            f"{doc['files']} file(s): {doc['ok']} ok, {doc['breach']} breaching, "
            f"{doc['unusable']} unusable"
        )
    return "\n".join(lines) + ("\n" if lines else "")


def render_check_csv(report: Any) -> str:
    """One row per finding (a row with an empty rule for a file without any)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CHECK_CSV_COLUMNS)
    for f in report.files:
        if not f.findings:
            writer.writerow([f.file, f.status, "", "", "", "", "", "", "", "", f.error])
        for x in f.findings:
            writer.writerow(
                [
                    f.file,
                    f.status,
                    x.rule,
                    x.severity,
                    x.action_id,
                    x.period,
                    *(
                        "" if v is None else _num(v)
                        for v in (x.planned, x.actual, x.overrun, x.overrun_pct)
                    ),
                    x.message,
                ]
            )
    return buffer.getvalue()


def render_junit(report: Any) -> str:
    """JUnit XML: a test suite per file, a test case per rule (failure = breach)."""
    from xml.etree import ElementTree as ET

    from .model.plan import RULES

    suites = ET.Element("testsuites", name="xlplan check")
    for f in report.files:
        suite = ET.SubElement(suites, "testsuite", name=f.file)
        failures = errors = 0
        rules = RULES if f.status != "unusable" else ("read",)
        for rule in rules:
            case = ET.SubElement(suite, "testcase", classname=f.file, name=rule)
            if f.status == "unusable":
                errors += 1
                ET.SubElement(case, "error", message=f.error).text = f.error
                continue
            found = [x for x in f.findings if x.rule == rule]
            fails = [x for x in found if x.severity == "fail"]
            if fails:
                failures += 1
                text = "\n".join(x.message for x in fails)
                ET.SubElement(case, "failure", message=fails[0].message).text = text
            elif found:
                ET.SubElement(case, "system-out").text = "\n".join(x.message for x in found)
        suite.set("tests", str(len(rules)))
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"


def render_check(report: Any, fmt: str, quiet: bool = False) -> str:
    if fmt == "json":
        return json.dumps(check_document(report), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return render_check_csv(report)
    if fmt == "junit":
        return render_junit(report)
    return render_check_table(report, quiet)
