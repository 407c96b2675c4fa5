"""The rules of a budget check and their thresholds: ``overrun`` (an action × quarter above the
tolerated overrun), ``envelope`` (the plan's total above its envelope), ``kpi`` (KPIs behind),
``late`` (late actions) and ``hygiene`` (actions without objective or owner), and the budget
consumed warnings. `judge` applies them to one plan; `xlplan.checks` runs them over files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from .analysis.result import Figures, figures
from .i18n import Message, MessageLang, Worded, msg
from .i18n.numbers import Number, percent
from .layout.labels import CHOICES, quarter_named
from .model.enums import Status
from .model.plan import RULES, Plan, Rule, parse_max_overrun

DEFAULT_FAIL_ON: tuple[Rule, ...] = ("overrun", "envelope")
DEFAULT_WARN_AT: tuple[Decimal, ...] = (Decimal(80), Decimal(90), Decimal(100))


def _percentage(level: Decimal) -> bool:
    return level.is_finite() and 0 < level <= 1_000_000


def parse_percentages(text: str) -> tuple[Decimal, ...]:
    """Comma-separated percentages such as ``"80,90,100"`` (a "%" after each allowed).

    Raises:
        ValueError: an item that is not a number above 0 and at most 1 000 000, quoted, with an
            example.
    """
    levels = []
    for item in text.split(","):
        raw = item.strip().removesuffix("%").strip()
        try:
            level = Decimal(raw)
        except ArithmeticError:
            level = Decimal("NaN")
        if not _percentage(level):
            raise ValueError(
                msg(
                    "expected percentages above 0 (at most {most:,}) separated by commas, "
                    "such as 80,90,100; found {item!r} in {text!r}",
                    most=1_000_000,
                    item=item.strip(),
                    text=text,
                )
            )
        levels.append(level)
    return tuple(levels)


@dataclass(frozen=True)
class Thresholds:
    """What a check tolerates. None means: the plan's own setting, else the default.

    Args:
        max_overrun: ``"30%"`` (of the planned amount) or an amount such as ``"500"``.
        warn_at: budget-consumed percentages that raise a warning.
        fail_on: the rules whose breach fails the check.
    """

    max_overrun: str | None = None
    warn_at: tuple[Decimal, ...] | None = None
    fail_on: tuple[Rule, ...] | None = None

    def __post_init__(self) -> None:
        if self.max_overrun is not None:
            parse_max_overrun(self.max_overrun)
        for level in self.warn_at or ():
            if not _percentage(level):
                raise ValueError(
                    msg("a warning level must be a percentage above 0, found {level}", level=level)
                )
        for rule in self.fail_on or ():
            if rule not in RULES:
                raise ValueError(
                    msg("unknown rule {rule!r} (rules: {rules})", rule=rule, rules=", ".join(RULES))
                )

    @classmethod
    def parse(cls, max_overrun: str | None, warn_at: str | None, fail_on: str | None) -> Thresholds:
        """Thresholds from the command line's text, None or "" meaning "not given".

        Args:
            max_overrun: ``"30%"`` or ``"500"``.
            warn_at: comma-separated percentages, ``"80,90,100"`` (a "%" after each allowed).
            fail_on: comma-separated rules, ``"overrun,envelope"``.

        Returns:
            The thresholds.

        Raises:
            ValueError: a value that is not one of those, quoted.
        """
        levels = parse_percentages(warn_at) if warn_at else None
        rules = tuple(p.strip() for p in fail_on.split(",") if p.strip()) if fail_on else None
        return cls(max_overrun=max_overrun, warn_at=levels, fail_on=rules)  # type: ignore[arg-type]

    def resolved(self, plan: Plan) -> Thresholds:
        """These thresholds, completed by the plan's own, then by the defaults."""
        own = plan.checks
        return Thresholds(
            max_overrun=self.max_overrun or own.max_overrun or "0%",
            warn_at=self.warn_at or (tuple(own.warn_at) if own.warn_at else DEFAULT_WARN_AT),
            fail_on=self.fail_on or (tuple(own.fail_on) if own.fail_on else DEFAULT_FAIL_ON),
        )


@dataclass(frozen=True)
class Finding:
    """One rule breach (or warning) in one file."""

    rule: str
    severity: Literal["fail", "warn"]
    message: str
    action_id: str = ""
    period: str = ""
    planned: float | None = None
    actual: float | None = None
    overrun: float | None = None
    overrun_pct: float | None = None
    said: Message | None = field(default=None, compare=False)
    """`message` as a catalog message (`text` renders it in either language)."""

    def text(self, lang: MessageLang = "en") -> str:
        """The message in `lang`."""
        return self.message if self.said is None else self.said.text(lang)


def _finding(
    rule: str,
    severity: Literal["fail", "warn"],
    said: Message,
    scripts: Message | None = None,
    **figures: str | float | None,
) -> Finding:
    """A finding told to people as `said`; its `message` (JSON, CSV, JUnit) is `said` in
    English, or `scripts` where the English the scripts have always read stays as it was."""
    message = str(said if scripts is None else scripts)
    return Finding(rule, severity, message, said=said, **figures)  # type: ignore[arg-type]


def judge(plan: Plan, as_of: dt.date, thresholds: Thresholds) -> tuple[list[Finding], Figures]:
    """The findings of one plan under the thresholds, and its analysis.

    Args:
        plan: the plan.
        as_of: the date late actions and KPIs are judged at.
        thresholds: overrides of the plan's own thresholds.

    Returns:
        The findings, rule by rule, and the figures they were found in.
    """
    analysis = figures(plan, as_of)
    t = thresholds.resolved(plan)
    assert t.max_overrun is not None and t.fail_on is not None and t.warn_at is not None
    kind, limit = parse_max_overrun(t.max_overrun)
    fail_on = t.fail_on

    def level(rule: str) -> Literal["fail", "warn"]:
        return "fail" if rule in fail_on else "warn"

    findings: list[Finding] = []
    for o in analysis.overruns:
        pct, planned, actual, overrun = (
            o.overrun_pct,
            float(o.planned),
            float(o.actual),
            float(o.overrun),
        )
        above = (pct is None or pct > limit) if kind == "pct" else overrun > limit
        if not above:
            continue
        shown = msg("nothing planned") if pct is None else percent(pct, sign=True)
        worded = [
            msg(
                "{id} {action}, {period}: {actual:,.2f} spent for {planned:,.2f} planned "
                "({shown}; tolerated {tolerated})",
                id=o.action_id,
                action=o.action,
                period=_quarter(o.period),
                actual=actual,
                planned=planned,
                shown=shown,
                tolerated=tolerated,
            )
            for tolerated in (
                Number(limit, "", " %") if kind == "pct" else Number(limit, ",.2f"),
                t.max_overrun,  # (as typed: the JSON's message)
            )
        ]
        findings.append(
            _finding(
                "overrun",
                level("overrun"),
                *worded,
                action_id=o.action_id,
                period=o.period,
                planned=planned,
                actual=actual,
                overrun=overrun,
                overrun_pct=pct,
            )
        )
    envelope = analysis.envelope
    if envelope is not None:
        for side, total in (("planned", analysis.planned_total), ("actual", analysis.actual_total)):
            if total > envelope:
                said = (
                    msg(
                        "planned total {total:,.2f} is above the envelope {envelope:,.2f}",
                        total=total,
                        envelope=envelope,
                    )
                    if side == "planned"
                    else msg(
                        "actual total {total:,.2f} is above the envelope {envelope:,.2f}",
                        total=total,
                        envelope=envelope,
                    )
                )
                findings.append(
                    _finding(
                        "envelope",
                        level("envelope"),
                        said,
                        planned=float(analysis.planned_total),
                        actual=float(analysis.actual_total),
                        overrun=float(total - envelope),
                    )
                )
    for k in analysis.kpi_gaps:
        if k.status == "behind":
            assert k.attainment_pct is not None  # (a KPI is behind by its attainment)
            findings.append(
                _finding(
                    "kpi",
                    level("kpi"),
                    msg(
                        "KPI {id} {name}: {attained} of the way to its target, "
                        "{expected} expected by {date}",
                        id=k.kpi,
                        name=k.name,
                        attained=percent(k.attainment_pct),
                        expected=percent(k.expected_pct),
                        date=as_of.isoformat(),
                    ),
                )
            )
    for a in analysis.late_actions:
        findings.append(
            _finding(
                "late",
                level("late"),
                msg(
                    "{id} {action}: was due on {end} ({days:,} days ago), status {status}",
                    id=a.action_id,
                    action=a.action,
                    end=a.end.isoformat(),
                    days=a.days_late,
                    status=Worded(*CHOICES["status"][Status(a.status)]),
                )
                if a.days_late != 1
                else msg(
                    "{id} {action}: was due on {end} (1 day ago), status {status}",
                    id=a.action_id,
                    action=a.action,
                    end=a.end.isoformat(),
                    status=Worded(*CHOICES["status"][Status(a.status)]),
                ),
                msg(  # (the JSON's message, as scripts have always read it)
                    "{id} {action}: ended {end}, {days} days ago, status {status}",
                    id=a.action_id,
                    action=a.action,
                    end=a.end.isoformat(),
                    days=a.days_late,
                    status=a.status,
                ),
                action_id=a.action_id,
            )
        )
    titles = {a.id: a.title for a in plan.actions}
    for h in analysis.hygiene:
        if h.rule in ("action_without_objective", "action_without_owner"):
            title = titles.get(h.item_id, "")
            said = (
                msg("action {id} “{title}” serves no objective", id=h.item_id, title=title)
                if h.rule == "action_without_objective"
                else msg("action {id} “{title}” has no owner", id=h.item_id, title=title)
            )
            # (the message stays the analysis's own, which the JSON has always given)
            findings.append(
                Finding("hygiene", level("hygiene"), h.message, action_id=h.item_id, said=said)
            )
    consumed = analysis.consumed_pct
    crossed = [w for w in t.warn_at if consumed is not None and consumed >= float(w)]
    if crossed:
        findings.append(
            _finding(
                "consumed",
                "warn",
                msg(
                    "{consumed} of the budget consumed (warning at {level})",
                    consumed=percent(consumed or 0),  # (crossed: consumed is known)
                    level=Number(max(crossed), "", " %"),
                ),
            )
        )
    return findings, analysis


def _quarter(period: str) -> Worded | str:
    """``Q1`` as people write it in the message's language (``T1`` in French)."""
    named = quarter_named(period)
    return period if named is None else Worded(*named)
