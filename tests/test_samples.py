"""The sample plans and the starter templates.

Every file in samples/ and xlplan/templates/ must load. The two worked examples must keep the
figures of their source articles (../shared/seeds): the expected values below are worked out from
the articles, not copied from the sample files.

- Mimine (seed 001): Q1 = 1 250 € for the video and the photos; Q2 = 500 € Etsy boost + 2 500 €
  website deposit (25 % of 10 000 €) + 30 € of e-mailing; Q3 = the 7 500 € balance + online ads;
  the newsletter row reads 0 / 30 / 50 / 199 €.
- Bob (seed 002): 40 new customers in 2023, a 60 000 € envelope, team X / Y / Z / B, ten KPIs.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from xlplan import Action, Direction, Frequency, Plan, Recurrence, load_plan
from xlplan.model.files import parse_plan_text

ROOT = Path(__file__).parents[1]
SAMPLES = ROOT / "samples"
TEMPLATES = ROOT / "xlplan" / "templates"
SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))
TEMPLATE_FILES = sorted(TEMPLATES.glob("*.yaml"))
TEMPLATE_NAMES = ("blank", "commercial", "digital-marketing", "ecommerce-launch")


# --- helpers ------------------------------------------------------------------------------------
def load_template(path: Path) -> Plan:
    """Load a template the way `xlplan new` does: with a fiscal year start added."""
    text = path.read_text(encoding="utf-8") + "\nfiscal_year_start: 2026-01-01\n"
    return parse_plan_text(text, str(path), "yaml")


def raw(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def quarter_total(plan: Plan, quarter: str) -> Decimal:
    return sum((getattr(a.budget, quarter) for a in plan.actions), Decimal(0))


def planned_total(plan: Plan) -> Decimal:
    return sum((a.planned_total for a in plan.actions), Decimal(0))


def find_action(plan: Plan, *words: str) -> Action:
    """The one action whose title contains all `words` (case-insensitive)."""
    found = [a for a in plan.actions if all(w.casefold() in a.title.casefold() for w in words)]
    assert len(found) == 1, f"{words}: expected one action, found {[a.title for a in found]}"
    return found[0]


def kpi_names(plan: Plan, action: Action) -> list[str]:
    return [next(k.name for k in plan.kpis if k.id == ref) for ref in action.kpis]


def objective_titles(plan: Plan, action: Action) -> list[str]:
    return [plan.objective(ref).title for ref in action.objectives]


@pytest.fixture(scope="module")
def mimine() -> Plan:
    return load_plan(SAMPLES / "mimine.yaml")


@pytest.fixture(scope="module")
def bob() -> Plan:
    return load_plan(SAMPLES / "bob.yaml")


# --- every file loads -----------------------------------------------------------------------------
def test_the_expected_samples_and_templates_are_there() -> None:
    assert [p.name for p in SAMPLE_FILES] == ["bob.yaml", "mimine.yaml", "northwind-coffee.yaml"]
    assert [p.name for p in TEMPLATE_FILES] == sorted(
        f"{name}.{lang}.yaml" for name in TEMPLATE_NAMES for lang in ("en", "fr")
    )


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample_loads_without_warnings(path: Path) -> None:
    plan = load_plan(path)
    assert plan.actions
    assert plan.warnings() == []


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: p.name)
def test_template_loads_once_given_a_fiscal_year(path: Path) -> None:
    plan = load_template(path)
    assert plan.fiscal_year_start == dt.date(2026, 1, 1)
    assert plan.language == path.suffixes[0].lstrip(".")  # blank.fr.yaml → "fr"
    assert plan.warnings() == []


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: p.name)
def test_template_leaves_the_year_to_xlplan_new_but_sets_the_language(path: Path) -> None:
    data = raw(path)
    assert "year" not in data
    assert "fiscal_year_start" not in data
    assert data["language"] in ("fr", "en")


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: p.name)
def test_template_first_line_is_its_description(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ")
    assert len(first[2:].strip()) > 10
    assert len(first) <= 100


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: p.name)
def test_template_has_a_business_placeholder_and_a_name_without_it(path: Path) -> None:
    """The title composes the name and the business once (`Plan d'action — <Nom…>`): a name
    holding the placeholder too would show it twice, and stay a placeholder once the business
    is typed on the guide."""
    plan = load_template(path)
    assert "<" not in plan.name and plan.name.strip()
    assert plan.business.startswith("<") and plan.business.endswith(">")


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: p.name)
def test_template_carries_no_money_dates_or_owners(path: Path) -> None:
    data = raw(path)
    assert "envelope" not in data
    assert "owners" not in data
    for action in data.get("actions", []):
        assert not {"budget", "actual", "start", "end", "owner"} & action.keys(), action["title"]
    for kpi in data.get("kpis", []):
        assert not {"baseline", "target", "actual"} & kpi.keys(), kpi["name"]
        assert kpi["unit"]
    plan = load_template(path)
    assert plan.envelope.kind == "none"
    assert planned_total(plan) == Decimal(0)
    assert all(o.deadline is None for o in plan.objectives)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_blank_template_is_empty(lang: str) -> None:
    plan = load_template(TEMPLATES / f"blank.{lang}.yaml")
    assert (plan.objectives, plan.kpis, plan.owners, plan.actions) == ([], [], [], [])


@pytest.mark.parametrize("name", [n for n in TEMPLATE_NAMES if n != "blank"])
def test_french_and_english_templates_have_the_same_shape(name: str) -> None:
    fr = load_template(TEMPLATES / f"{name}.fr.yaml")
    en = load_template(TEMPLATES / f"{name}.en.yaml")
    assert (len(fr.objectives), len(fr.kpis), len(fr.actions)) == (
        len(en.objectives),
        len(en.kpis),
        len(en.actions),
    )
    assert [o.horizon for o in fr.objectives] == [o.horizon for o in en.objectives]
    assert [(k.objective, k.direction) for k in fr.kpis] == [
        (k.objective, k.direction) for k in en.kpis
    ]
    assert [(a.objectives, a.kpis, a.recurrence, a.frequency) for a in fr.actions] == [
        (a.objectives, a.kpis, a.recurrence, a.frequency) for a in en.actions
    ]


# --- Mimine (seed 001) ------------------------------------------------------------------------
def test_mimine_is_a_french_plan_for_a_calendar_year(mimine: Plan) -> None:
    assert mimine.business == "Mimine"
    assert (mimine.language, mimine.currency) == ("fr", "EUR")
    assert mimine.fiscal_year_start == dt.date(2024, 1, 1)
    assert mimine.fiscal_year_end == dt.date(2024, 12, 31)
    assert [o.name for o in mimine.owners] == ["Arnaud", "Zoé"]


def test_mimine_q1_is_1250_for_the_video_and_the_photos(mimine: Plan) -> None:
    # "vous décidez d'allouer un budget marketing de 1 250 € pour les trois premiers mois",
    # spent on a presentation video and product photos only.
    assert quarter_total(mimine, "q1") == Decimal("1250")
    video = find_action(mimine, "vidéo")
    photos = find_action(mimine, "photos")
    assert video.budget.q1 + photos.budget.q1 == Decimal("1250")
    assert {a.id for a in mimine.actions if a.budget.q1} == {video.id, photos.id}


def test_mimine_newsletter_row_matches_the_article(mimine: Plan) -> None:
    # The article's example row: newsletter | fidélisation | taux d'ouverture et taux de clic
    # | Arnaud | 0 € | 30 € | 50 € | 199 €
    newsletter = find_action(mimine, "newsletter")
    assert newsletter.budget.values() == [Decimal(0), Decimal(30), Decimal(50), Decimal(199)]
    assert newsletter.planned_total == Decimal("279")
    assert newsletter.owner == "Arnaud"
    assert [t.split()[0] for t in objective_titles(mimine, newsletter)] == ["Fidéliser"]
    names = " | ".join(kpi_names(mimine, newsletter)).casefold()
    assert "ouverture" in names and "clic" in names
    assert newsletter.recurrence is Recurrence.RECURRING
    assert newsletter.frequency is Frequency.MONTHLY


def test_mimine_q2_is_etsy_boost_deposit_and_emailing(mimine: Plan) -> None:
    # 500 € to boost Etsy sales + 25 % of the 10 000 € website + 30 € more for e-mailing.
    assert find_action(mimine, "boost", "etsy").budget.q2 == Decimal("500")
    assert find_action(mimine, "mimine.fr", "agence").budget.q2 == Decimal("2500")
    assert find_action(mimine, "newsletter").budget.q2 == Decimal("30")
    assert quarter_total(mimine, "q2") == Decimal("500") + Decimal("2500") + Decimal("30")


def test_mimine_website_is_10000_paid_25_percent_on_signature(mimine: Plan) -> None:
    website = find_action(mimine, "mimine.fr", "agence")
    assert website.budget.q2 == Decimal("2500")
    assert website.budget.q3 == Decimal("7500")
    assert website.budget.q2 + website.budget.q3 == Decimal("10000")
    assert website.budget.q2 == website.planned_total * Decimal("0.25")


def test_mimine_q3_holds_the_website_balance_and_online_ads(mimine: Plan) -> None:
    ads = find_action(mimine, "publicité en ligne")
    assert ads.budget.q3 > 0
    assert ads.recurrence is Recurrence.CONTINUOUS
    assert quarter_total(mimine, "q3") == Decimal("7500") + Decimal("50") + ads.budget.q3


def test_mimine_december_push(mimine: Plan) -> None:
    # Publireportage on elle.com, rented database of parents (Digitaleo / Ciblexo), CRM software.
    push = [
        find_action(mimine, "publireportage", "elle.com"),
        find_action(mimine, "base de données", "parents"),
        find_action(mimine, "relation client"),
    ]
    for action in push:
        assert action.budget.q4 > 0, action.title
        assert action.budget.total == action.budget.q4, action.title
    assert all(a.start is not None and a.start.month >= 11 for a in push)
    assert "Digitaleo" in push[1].resources and "Ciblexo" in push[1].resources


def test_mimine_free_actions(mimine: Plan) -> None:
    crowdfunding = find_action(mimine, "crowdfunding")
    assert crowdfunding.channel == "KissKissBankBank"
    assert crowdfunding.planned_total == Decimal(0)
    assert find_action(mimine, "ouverture", "etsy").planned_total == Decimal(0)
    community = find_action(mimine, "animation de communauté")
    assert community.recurrence is Recurrence.CONTINUOUS
    assert community.planned_total == Decimal(0)
    tutorials = find_action(mimine, "tutos de couture")
    assert (tutorials.recurrence, tutorials.frequency) == (Recurrence.RECURRING, Frequency.MONTHLY)


def test_mimine_objectives_follow_the_two_halves_of_the_year(mimine: Plan) -> None:
    titles = [o.title for o in mimine.objectives]
    assert titles[:6] == [
        "Récolter 5 000 € pendant la campagne de crowdfunding",
        "Ouvrir les canaux de distribution",
        "Commencer à acquérir doucement des clients",
        "Développer la notoriété",
        "Acquérir de nouveaux clients",
        "Fidéliser les anciens clients",
    ]
    assert "200 000 €" in titles[6] and "10 %" in titles[6]
    first_half = [o.deadline for o in mimine.objectives[:3]]
    assert all(d is not None and d <= dt.date(2024, 6, 30) for d in first_half)


# The article's "almost universal" KPIs, then the crowdfunding and newsletter ones.
MIMINE_KPI_WORDS = [
    "ROI",
    "Sources de trafic",
    "acquisition d'un visiteur",
    "Taux de conversion",
    "acquisition d'un client",
    "Panier moyen",
    "Temps passé sur le site",
    "moteurs de recherche",
    "Satisfaction client",
    "crowdfunding",
    "Taux d'ouverture",
    "Taux de clic",
]


def test_mimine_kpis(mimine: Plan) -> None:
    by_name = {k.name: k for k in mimine.kpis}
    assert by_name["Montant collecté en crowdfunding"].target == Decimal("5000")
    assert by_name["Chiffre d'affaires cumulé"].target == Decimal("200000")
    assert by_name["Coût d'acquisition d'un client"].direction is Direction.LOWER
    for words in MIMINE_KPI_WORDS:
        assert any(words in name for name in by_name), words
    assert all(k.baseline is not None and k.target is not None for k in mimine.kpis)


def test_mimine_every_action_is_fully_described(mimine: Plan) -> None:
    for action, data in zip(mimine.actions, raw(SAMPLES / "mimine.yaml")["actions"], strict=True):
        assert action.objectives and action.kpis and action.owner, action.title
        assert action.start is not None and action.end is not None, action.title
        assert "recurrence" in data, action.title


def test_mimine_fixed_envelope_covers_the_plan(mimine: Plan) -> None:
    assert mimine.envelope.kind == "fixed"
    assert mimine.envelope_total is not None
    assert planned_total(mimine) <= mimine.envelope_total


def test_mimine_has_actuals_for_the_first_half_only(mimine: Plan) -> None:
    spent = [a for a in mimine.actions if not a.actual.is_empty()]
    assert spent
    assert all(a.actual.q3 is None and a.actual.q4 is None for a in spent)
    assert find_action(mimine, "vidéo").actual.total > find_action(mimine, "vidéo").budget.q1
    assert find_action(mimine, "mimine.fr", "agence").actual.q2 == Decimal("2500")
    measured = [k for k in mimine.kpis if k.actual.latest() is not None]
    assert measured
    assert all(k.actual.q3 is None and k.actual.q4 is None for k in mimine.kpis)


# --- Bob (seed 002) ---------------------------------------------------------------------------
BOB_KPIS = [
    "Nombre de discussions avec des prospects de chacun des commerciaux",
    "Pourcentage d’augmentation des achats sur le site internet",
    "Pourcentage d’augmentation des achats dans les distributeurs des villes où a lieu "
    "l’action de prospection",
    "Pourcentage de conversion du site Internet",
    "Taux de clics dans les e-mails",
    "Nombre de contacts capturés sur le site",
    "Nombre de nouveaux clients",
    "Nombre d’abonnés sur les réseaux sociaux",
    "Nombre de ventes réalisées",
    "Nombre de clients fidélisés avec un ré achat ou plus",
]


def test_bob_is_a_2023_plan(bob: Plan) -> None:
    assert bob.business == "Bob"
    assert bob.fiscal_year_start == dt.date(2023, 1, 1)
    assert (bob.language, bob.currency) == ("fr", "EUR")


def test_bob_envelope_is_60000_and_the_plan_fits_in_it(bob: Plan) -> None:
    assert bob.envelope.kind == "fixed"
    assert bob.envelope_total == Decimal("60000")
    assert 0 < planned_total(bob) <= Decimal("60000")


def test_bob_objective_is_40_new_customers(bob: Plan) -> None:
    assert any("40 nouveaux clients" in o.title for o in bob.objectives)
    new_customers = next(k for k in bob.kpis if k.name == "Nombre de nouveaux clients")
    assert new_customers.target == Decimal("40")


def test_bob_has_the_ten_kpis_of_the_article(bob: Plan) -> None:
    assert [k.name for k in bob.kpis] == BOB_KPIS


def test_bob_team(bob: Plan) -> None:
    assert [o.name for o in bob.owners] == ["X", "Y", "Z", "B"]
    assert "directeur commercial" in bob.owners[0].role.casefold()
    training = find_action(bob, "formation")
    assert set(training.participants) == {"Z", "B"}
    assert "Lucie" in bob.objectives[0].description


def test_bob_training_and_materials_are_budgeted(bob: Plan) -> None:
    # "Ce budget comprend la formation de ses commerciaux ... et la création de support"
    assert find_action(bob, "formation").planned_total > 0
    assert find_action(bob, "supports").planned_total > 0


# --- Northwind Coffee (English, fiscal year from April) ---------------------------------------
def test_northwind_fiscal_year_starts_in_april() -> None:
    plan = load_plan(SAMPLES / "northwind-coffee.yaml")
    assert (plan.language, plan.currency) == ("en", "GBP")
    assert plan.quarter_bounds()[0] == (dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    assert plan.quarter_bounds()[3] == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))


def test_northwind_envelope_is_a_share_of_forecast_revenue() -> None:
    plan = load_plan(SAMPLES / "northwind-coffee.yaml")
    assert plan.envelope.kind == "percent"
    assert plan.envelope_total == Decimal("250000") * 8 / 100
    assert planned_total(plan) <= Decimal("20000")


# --- the README's Quickstart ------------------------------------------------------------------
def quickstart_commands() -> list[list[str]]:
    """The xlplan commands of the README's Quickstart, as arguments (the pip install aside)."""
    import re
    import shlex

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Quickstart") : readme.index("<!-- test-command -->")]
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", section, re.S):
        for part in block.replace("\\\n", " ").split("&&"):
            words = shlex.split(part)
            if words and words[0] == "xlplan":
                commands.append(words[1:])
    return commands


def test_readme_quickstart_runs_twice_in_a_row(tmp_path: Path, monkeypatch: Any) -> None:
    """A new user runs the Quickstart, then runs it again: both runs succeed and write their
    workbooks (the second replaces the first)."""
    import shutil

    from click.testing import CliRunner

    import xlplan
    from xlplan.cli import main

    commands = quickstart_commands()
    assert [c[0] for c in commands] == ["build", "new"]
    shutil.copytree(SAMPLES, tmp_path / "samples")
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        for args in commands:
            result = CliRunner().invoke(main, args)
            assert result.exit_code == 0, (args, result.output)
    mimine = xlplan.read(tmp_path / "mimine.xlsx").plan
    assert mimine.business == "Mimine" and len(mimine.actions) == 14
    plan = xlplan.read(tmp_path / "plan.xlsx").plan
    assert (plan.business, plan.currency) == ("Mimine", "EUR")
    assert [o.name for o in plan.owners] == ["Arnaud", "Zoé"]
