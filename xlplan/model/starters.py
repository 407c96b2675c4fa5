"""Starter templates: plan skeletons (objectives, KPIs, actions without figures) per language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import TemplateNotFoundError
from ..i18n import msg
from .enums import Lang
from .files import _SafeLoader
from .plan import Plan
from .validation import validate_plan


def templates_dir() -> Path:
    """Where the starter templates are: the package data folder `xlplan/templates`."""
    return Path(str(resources.files("xlplan.templates")))


@dataclass(frozen=True)
class Template:
    """A starter template: its name, its languages, and its one-line description (English,
    else its only language's); `descriptions` has it in each language, by code."""

    name: str
    languages: tuple[str, ...]
    description: str
    descriptions: dict[str, str] = field(default_factory=dict, compare=False)

    def describe(self, lang: str) -> str:
        """The description in `lang` ("fr" or "en"), else `description`."""
        return self.descriptions.get(lang) or self.description


def list_templates() -> list[Template]:
    """Every starter template with its languages and one-line description (from the first
    line of each language's file; `description` is the English one)."""
    found: dict[str, dict[str, str]] = {}
    for path in sorted(templates_dir().glob("*.*.yaml")):
        name, lang = path.name.removesuffix(".yaml").rsplit(".", 1)
        first = path.read_text(encoding="utf-8").splitlines()[0]
        found.setdefault(name, {})[lang] = first.lstrip("#").strip()
    return [
        Template(name, tuple(sorted(langs)), langs.get("en") or next(iter(langs.values())), langs)
        for name, langs in sorted(found.items())
    ]


def load_template(
    name: str,
    lang: Lang,
    start: dt.date,
    *,
    business: str | None = None,
    plan_name: str | None = None,
    currency: str | None = None,
    owners: Sequence[str] = (),
) -> Plan:
    """The plan of a starter template, for a fiscal year starting on `start`.

    Args:
        name: the template's name (`list_templates`).
        lang: its language.
        start: the fiscal year's first day.
        business: the business's name, in place of the template's placeholder.
        plan_name: the plan's name, in place of the template's.
        currency: the ISO code of the plan's currency (the workbook's number formats follow
            it); the template's, or EUR, by default.
        owners: the owners' names, added to the template's.

    A KPI whose unit is ``currency`` in the template gets the plan's currency code as its unit.

    Raises:
        TemplateNotFoundError: no template `name` in language `lang`.
        PlanValidationError: a value given is refused by the plan model (a currency that is
            not a three-letter code, an owner named twice…), with its field path.
    """
    path = templates_dir() / f"{name}.{lang}.yaml"
    if not path.is_file():
        known = ", ".join(t.name for t in list_templates())
        raise TemplateNotFoundError(
            msg(
                "no starter template {name!r} in language {lang!r} (known: {known})",
                name=name,
                lang=lang,
                known=known,
            )
        )
    data: Any = yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader)
    data["fiscal_year_start"] = start
    data.setdefault("language", lang)
    given = {"business": business, "name": plan_name, "currency": currency}
    data |= {key: value for key, value in given.items() if value is not None}
    data["owners"] = [*data.get("owners", []), *({"name": owner} for owner in owners)]
    # A KPI in money has the unit "currency" in a template: the plan's currency code.
    code = data.get("currency", "EUR")
    for kpi in data.get("kpis", []):
        if kpi.get("unit") == "currency":
            kpi["unit"] = code
    return validate_plan(data, source=str(path))
