"""Render a `CheckReport` (`xlplan check`): a table for people, JSON, CSV or JUnit XML.

The JSON document is a contract for scripts, described by ``docs/check.schema.json``. Every
rendering is inert (`xlplan.inert`): CSV cells never start a formula, the JSON is strict, the
XML holds only what XML allows and the table no control character.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from .i18n import Joined, Message, MessageLang, msg
from .i18n.numbers import percent
from .inert import csv_cell, strict_json, terminal_text, xml_text
from .report import plain_number, problem_record

if TYPE_CHECKING:
    from .check_rules import Finding
    from .checks import CheckReport, FileResult

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


def check_document(report: CheckReport) -> dict[str, Any]:
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
                "planned_total": plain_number(f.planned_total),
                "actual_total": plain_number(f.actual_total),
                "envelope": plain_number(f.envelope),
                "consumed_pct": plain_number(f.consumed_pct),
                "breached_rules": f.rules(),
                "findings": [
                    {
                        k: plain_number(v) if not isinstance(v, str) else v
                        for k, v in vars(x).items()
                        if k != "said"  # (the message in English is `message`)
                    }
                    for x in f.findings
                ],
                "problems": [problem_record(p) for p in f.problems],
            }
        )
    counts = {s: sum(f.status == s for f in report.files) for s in ("ok", "breach", "unusable")}
    return {
        "as_of": report.as_of.isoformat(),
        "exit_code": report.exit_code,
        "summary": {"files": len(report.files), **counts, "skipped": len(report.skipped)},
        "files": files,
        "skipped": [{"file": s.file, "reason": s.reason} for s in report.skipped],
    }


def summary_line(f: FileResult, lang: MessageLang = "en") -> str:
    """One line per file, for people (in `lang`): status, file, and what breached."""
    return terminal_text(_summary(f, lang))


def _tag(status: str, lang: MessageLang) -> str:
    """A status in capitals, padded to the width of the longest in `lang`."""
    tags = {
        "ok": msg("OK"),
        "breach": msg("BREACH"),
        "unusable": msg("UNUSABLE"),
        "skipped": msg("SKIPPED"),
    }
    width = max(len(t.text(lang)) for t in tags.values())
    return tags[status].text(lang).ljust(width)


def _words(lang: MessageLang) -> tuple[dict[str, str], dict[str, str]]:
    """The severities and rule names for people, in `lang` (the JSON, CSV and JUnit keep
    ``fail``, ``warn`` and the rules' keys, which ``--fail-on`` takes)."""
    severities = {"fail": msg("fail"), "warn": msg("warn")}
    rules = {
        "overrun": msg("overrun"),
        "envelope": msg("envelope"),
        "kpi": msg("kpi"),
        "late": msg("late"),
        "hygiene": msg("hygiene"),
        "consumed": msg("consumed"),
    }
    return (
        {k: m.text(lang) for k, m in severities.items()},
        {k: m.text(lang) for k, m in rules.items()},
    )


def _finding_lines(findings: list[Finding], lang: MessageLang) -> list[str]:
    """A file's findings: severity and rule in `lang`, each column as wide as its longest
    word in `lang` (the same for every file), then the message."""
    severities, rules = _words(lang)
    width = max(map(len, severities.values())), max(map(len, rules.values()))
    return [
        terminal_text(
            f"  {severities[x.severity]:<{width[0]}}  "
            f"{rules.get(x.rule, x.rule):<{width[1]}}  {x.text(lang)}"
        )
        for x in findings
    ]


def _summary(f: FileResult, lang: MessageLang) -> str:
    tag = _tag(f.status, lang)
    if f.status == "unusable":
        return f"{tag} {f.error_text(lang)}"
    fails = [x for x in f.findings if x.severity == "fail"]
    warns = [x for x in f.findings if x.severity == "warn"]
    parts: list[str | Message] = [
        msg(
            "{file}: {actual:,.2f} spent of {planned:,.2f} planned",
            file=f.file,
            actual=f.actual_total,
            planned=f.planned_total,
        )
        if f.consumed_pct is None
        else msg(
            "{file}: {actual:,.2f} spent of {planned:,.2f} planned, {consumed} consumed",
            file=f.file,
            actual=f.actual_total,
            planned=f.planned_total,
            consumed=percent(f.consumed_pct),
        )
    ]
    if fails:
        parts.append(
            msg(
                "{count} breach(es): {first}",
                count=len(fails),
                first=Joined(msg("; ").text(lang), tuple(x.text(lang) for x in fails[:3])),
            )
        )
        if len(fails) > 3:
            parts.append(msg("… {count} more", count=len(fails) - 3))
    if warns:
        parts.append(msg("{count} warning(s)", count=len(warns)))
    detail = Joined(msg("; ").text(lang), tuple(parts)).text(lang)
    return f"{tag} {detail}"


def render_check_table(report: CheckReport, quiet: bool = False, lang: MessageLang = "en") -> str:
    """The table for people, in `lang` (the terminal's language)."""
    lines = [summary_line(f, lang) for f in report.files if not quiet or f.status != "ok"]
    lines += [
        terminal_text(
            f"{_tag('skipped', lang)} "
            + msg("{file}: {reason}", file=s.file, reason=s.text(lang)).text(lang)
        )
        for s in report.skipped
    ]
    if not quiet:
        for f in report.files:
            shown = [x for x in f.findings]
            if not shown:
                continue
            lines.append("")
            lines.append(terminal_text(msg("{file}:", file=f.file).text(lang)))
            lines += _finding_lines(shown, lang)
        doc = check_document(report)["summary"]
        lines.append("")
        counts = msg(
            "{files} file(s): {ok} ok, {breach} breaching, {unusable} unusable",
            files=doc["files"],
            ok=doc["ok"],
            breach=doc["breach"],
            unusable=doc["unusable"],
        ).text(lang)
        if doc["skipped"]:
            counts += msg(", {count} skipped", count=doc["skipped"]).text(lang)
        lines.append(counts)
    return "\n".join(lines) + ("\n" if lines else "")


def render_check_csv(report: CheckReport) -> str:
    """One row per finding (a row with an empty rule for a file without any), then a row of
    status "skipped" per skipped file. Text that could start a formula is escaped
    (`xlplan.inert.csv_cell`); numbers stay numbers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CHECK_CSV_COLUMNS)

    def row(*cells: Any) -> None:
        writer.writerow([csv_cell(c) for c in cells])

    for f in report.files:
        if not f.findings:
            row(f.file, f.status, "", "", "", "", "", "", "", "", f.error)
        for x in f.findings:
            row(
                f.file,
                f.status,
                x.rule,
                x.severity,
                x.action_id,
                x.period,
                *(
                    "" if v is None else plain_number(v)
                    for v in (x.planned, x.actual, x.overrun, x.overrun_pct)
                ),
                x.message,
            )
    for s in report.skipped:
        row(s.file, "skipped", "", "", "", "", "", "", "", "", s.reason)
    return buffer.getvalue()


def render_junit(report: CheckReport) -> str:
    """JUnit XML: a test suite per file, a test case per rule (failure = breach); a skipped
    file is a suite whose one case is skipped. Text XML cannot hold is shown escaped."""
    from xml.etree import ElementTree as ET

    from .model.plan import RULES

    x = xml_text
    suites = ET.Element("testsuites", name="xlplan check")
    for f in report.files:
        suite = ET.SubElement(suites, "testsuite", name=x(f.file))
        failures = errors = 0
        rules = RULES if f.status != "unusable" else ("read",)
        for rule in rules:
            case = ET.SubElement(suite, "testcase", classname=x(f.file), name=rule)
            if f.status == "unusable":
                errors += 1
                ET.SubElement(case, "error", message=x(f.error)).text = x(f.error)
                continue
            found = [y for y in f.findings if y.rule == rule]
            fails = [y for y in found if y.severity == "fail"]
            if fails:
                failures += 1
                text = "\n".join(y.message for y in fails)
                ET.SubElement(case, "failure", message=x(fails[0].message)).text = x(text)
            elif found:
                ET.SubElement(case, "system-out").text = x("\n".join(y.message for y in found))
        suite.set("tests", str(len(rules)))
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
    for s in report.skipped:
        suite = ET.SubElement(suites, "testsuite", name=x(s.file), tests="1", skipped="1")
        case = ET.SubElement(suite, "testcase", classname=x(s.file), name="read")
        ET.SubElement(case, "skipped", message=x(s.reason))
        suite.set("failures", "0")
        suite.set("errors", "0")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"


def render_check(
    report: CheckReport, fmt: str, quiet: bool = False, lang: MessageLang = "en"
) -> str:
    """`report` in `fmt`; the table in `lang`, the JSON, CSV and JUnit in English."""
    if fmt == "json":
        return strict_json(check_document(report))
    if fmt == "csv":
        return render_check_csv(report)
    if fmt == "junit":
        return render_junit(report)
    return render_check_table(report, quiet, lang)
