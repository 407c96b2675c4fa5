"""Hand-made plan tables whose objectives, owners or phases are section rows (issue #17).

Each fixture of `layouts_sections` is built (openpyxl, xlsxwriter, or re-saved by LibreOffice),
read with `xlplan.read`, and its figures compared with those worked out by hand in
`layouts_sections.EXPECTED`: planned and actual per quarter, per owner, per objective, the
overruns, each action's objective and owner, and the problems told.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from cell_walk import unaccounted
from layouts_sections import EXPECTED, FIXTURES, mixed_fr, objectives_fr

import xlplan
from xlplan.analysis.result import figures
from xlplan.errors import ProblemCode
from xlplan.reading.handmade import read_table
from xlplan.reading.section_words import maybe_section, section_label

AS_OF = dt.date(2024, 7, 1)  # (Bob's plan is of 2023: any date serves the money tables)


@pytest.mark.parametrize("name", list(FIXTURES))
def test_a_section_layout_reads_with_every_figure(name: str, tmp_path: Path) -> None:
    expected = EXPECTED[name]
    result = xlplan.read(FIXTURES[name](tmp_path))
    plan = result.plan

    # Section rows are never actions; each action has the objective and owner of its section.
    assert [(a.title, a.objectives, a.owner) for a in plan.actions] == expected.actions
    planned = tuple(sum((a.budget.values()[q] for a in plan.actions), Decimal(0)) for q in range(4))
    actual = tuple(
        sum((a.actual.values()[q] or Decimal(0) for a in plan.actions), Decimal(0))
        for q in range(4)
    )
    assert planned == expected.planned
    assert actual == expected.actual

    found = figures(plan, AS_OF)
    assert {g.owner: (g.planned, g.actual) for g in found.by_owner} == {
        owner: (float(p), float(a)) for owner, (p, a) in expected.by_owner.items()
    }
    assert [(g.objective, g.title, g.planned, g.actual) for g in found.by_objective] == [
        (ident, title, float(p), float(a)) for ident, (title, p, a) in expected.by_objective.items()
    ]
    assert [(o.action, o.period, o.overrun) for o in found.overruns] == expected.overruns
    # No action is left without an objective: the hygiene check has nothing to say about it.
    assert not [h for h in found.hygiene if h.rule == "action_without_objective"]
    assert [(p.code.value, p.cell) for p in result.problems] == expected.problems

    if expected.phases:
        per_phase: dict[str, Decimal] = defaultdict(Decimal)
        for a in plan.actions:
            per_phase[str(a.extra["Phase"])] += a.planned_total
        assert dict(per_phase) == expected.phases


def test_the_section_objectives_keep_their_numbers(tmp_path: Path) -> None:
    plan = read_table(objectives_fr(tmp_path)).plan
    assert [(o.id, o.title) for o in plan.objectives] == [
        ("O1", "Récolter 5 000 € pendant la campagne de crowdfunding"),
        ("O2", "Ouvrir les canaux de distribution"),
        ("O3", "Acquérir de nouveaux clients"),
        ("O4", "Développer la notoriété"),
        ("O5", "Fidéliser les anciens clients"),
    ]
    # A KPI serves the objective of the first action it measures.
    assert {k.name: k.objective for k in plan.kpis}["Taux de conversion"] == "O2"


def test_a_cell_that_names_another_objective_wins_and_is_told(tmp_path: Path) -> None:
    result = read_table(mixed_fr(tmp_path))
    objective, owner = result.problems[:2]
    assert objective.code == owner.code == ProblemCode.SECTION_OVERRIDDEN
    assert objective.message == (
        "the actions under the section 'Axe 1 : Développer la notoriété' that name their own "
        "objective keep it, not the section's 'Développer la notoriété': B8"
    )
    assert owner.message.endswith("not the section's 'Zoé': C8")
    assert objective.text("fr") == (
        "les actions sous la section 'Axe 1 : Développer la notoriété' qui nomment leur propre "
        "objectif le gardent, et non celui de la section, 'Développer la notoriété' : B8"
    )


def test_problems_name_the_sections_they_are_about(tmp_path: Path) -> None:
    for name in ("subtotals_fr", "lone_labels_fr"):
        (tmp_path / name).mkdir()
    messages = {
        p.cell: p.message
        for name in ("subtotals_fr", "lone_labels_fr")
        for p in read_table(FIXTURES[name](tmp_path / name)).problems
    }
    assert messages["F8"] == (
        "the subtotal 700 of the section 'Objectif 3 — Fidéliser les anciens clients' differs "
        "from the sum of its 2 actions' 'T4', 799; xlplan keeps the actions' amounts"
    )
    assert messages["A5"].startswith(
        "this row holds only the text 'Actions non payantes' (merged over A5:G5), which names "
        "no objective"
    )
    assert messages["A7"] == (
        "the section 'Objectif 2 — Ouvrir les canaux de distribution' has no action under it: "
        "the objective 'Ouvrir les canaux de distribution' is kept, with no action"
    )
    assert "number 3" in messages["A10"] and "'Acquérir de nouveaux clients'" in messages["A10"]
    assert messages["B17"] == (
        "'hors taxes' is on a total row: it is not imported (a total row's amounts are "
        "recomputed, its other cells are not read)"
    )


@pytest.mark.parametrize(
    ("label", "kind", "value", "number"),
    [
        ("Objectif 1 — Développer la notoriété", "objective", "Développer la notoriété", "1"),
        ("Axe 2 : Fidéliser", "objective", "Fidéliser", "2"),
        ("Goal: Grow revenue", "objective", "Grow revenue", ""),
        ("Objective 3 - Win back customers", "objective", "Win back customers", "3"),
        ("Objectif stratégique 4. Exporter", "objective", "Exporter", "4"),
        ("Axe 12.1 : Relancer les clients", "objective", "Relancer les clients", "12.1"),
        ("Équipe commerciale", "owner", "Équipe commerciale", ""),
        ("Responsable : Bob", "owner", "Bob", ""),
        ("Team: Sales", "owner", "Sales", ""),
        ("Marketing team", "owner", "Marketing team", ""),
        ("Phase 1 — Lancement", "phase", "Phase 1 — Lancement", ""),
        ("Phase: launch", "phase", "Phase: launch", ""),
        ("T1 — janvier à mars", "phase", "T1 — janvier à mars", ""),
    ],
)
def test_section_labels(label: str, kind: str, value: str, number: str) -> None:
    found = section_label(label)
    assert found is not None
    assert (found.kind, found.value, found.number) == (kind, value, number)
    # The reader's first look at an action's text lets every section label through, in any case.
    assert maybe_section(label) and maybe_section(label.upper()) and maybe_section(label.lower())


@pytest.mark.parametrize(
    "label",
    [
        "Newsletter",
        "Objectif",
        "Lead generation campaign",
        "Responsable",
        "Total T1",
        "Notoriété",
        "Team-building event",  # (a hyphen inside a word separates nothing)
        "Goal-setting workshop",
    ],
)
def test_texts_that_name_no_section(label: str) -> None:
    assert section_label(label) is None


def test_an_action_named_with_a_section_word_keeps_its_money(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws.append(["Action", "Objective", "Owner", "Q1", "Q2", "Q3", "Q4"])
    ws.append(["Ads", "Awareness", "Amy", 100, 100, None, None])
    ws.append(["Team-building event", None, None, 500, 500, None, None])
    ws.append(["Print", "Awareness", "Amy", None, None, 50, None])
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")

    assert [(a.title, a.owner) for a in result.plan.actions] == [
        ("Ads", "Amy"),
        ("Team-building event", None),
        ("Print", "Amy"),
    ]
    assert sum(a.budget.total for a in result.plan.actions) == 100 + 100 + 500 + 500 + 50
    assert unaccounted(tmp_path / "plan.xlsx") == []


def test_an_action_naming_its_section_s_objective_by_number_is_under_it(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws.append(["Action", "Objectif", "Responsable", "Budget T1"])
    ws.append(["Objectif 1 — Vendre plus"])
    ws.merge_cells("A2:D2")
    ws.append(["Promo", "Objectif 1", "Julie", 100])
    ws.append(["Vitrine", "O1", "Julie", 50])
    ws.append(["Salon", "Objectif 1 — Vendre plus", "Marc", 20])
    ws.append(["Affiches", None, "Marc", 10])
    ws.append(["Objectif 2 — Fidéliser"])
    ws.merge_cells("A7:D7")
    ws.append(["Carte", "O1", "Julie", 5])  # under objective 2, naming objective 1: its own
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")

    assert [(o.id, o.title) for o in result.plan.objectives] == [
        ("O1", "Vendre plus"),
        ("O2", "Fidéliser"),
    ]
    assert [a.objectives for a in result.plan.actions] == [["O1"]] * 5
    overridden = [p for p in result.problems if p.code is ProblemCode.SECTION_OVERRIDDEN]
    assert [p.cell for p in overridden] == ["A7"]  # only the Carte row, under objective 2


def test_section_rows_numbered_in_a_numbering_column(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws.append(["N°", "Action", "Responsable", "Budget T1", "Budget T2"])
    ws.append([1, "Objectif 1 — Notoriété"])
    ws.merge_cells("B2:E2")
    ws.append([1.1, "Salon", "Zoé", 300, None])
    ws.append([1.2, "Affiches", "Zoé", None, 100])
    ws.append([2, "Objectif 2 — Ventes"])
    ws.merge_cells("B5:E5")
    ws.append([2.1, "Prospection", "Marc", 10, None])
    wb.save(tmp_path / "plan.xlsx")

    result = read_table(tmp_path / "plan.xlsx")

    assert [(a.title, a.objectives) for a in result.plan.actions] == [
        ("Salon", ["O1"]),
        ("Affiches", ["O1"]),
        ("Prospection", ["O2"]),
    ]
    assert [(o.id, o.title) for o in result.plan.objectives] == [
        ("O1", "Notoriété"),
        ("O2", "Ventes"),
    ]
    assert unaccounted(tmp_path / "plan.xlsx") == []


def test_the_edges_of_section_rows(tmp_path: Path) -> None:
    """A team's name with amounts beside it is an action; a quarter heading is a phase, which an
    action's own Phase cell overrides; an unreadable subtotal is told, not read."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Action", "Responsable", "Phase", "T1", "T2"])
    ws.append(["T1 — janvier à mars"])  # row 2: merged over A:E
    ws.append(["Vidéo de présentation", "Zoé", None, 800])
    ws.append(["Photos de présentation des produits", "Zoé", "Tournage", 450])  # row 4
    ws.append(["Équipe de tournage", None, None, 300])  # row 5: a weak label with an amount
    ws.append(["Responsable : Arnaud", None, None, "beaucoup"])  # row 6: a section, a subtotal
    ws.append(["Boost des ventes sur Etsy", None, None, None, 500])
    ws.merge_cells("A2:E2")
    wb.save(tmp_path / "bords.xlsx")

    result = read_table(tmp_path / "bords.xlsx")
    assert [(a.title, a.owner, a.extra.get("Phase")) for a in result.plan.actions] == [
        ("Vidéo de présentation", "Zoé", "T1 — janvier à mars"),
        ("Photos de présentation des produits", "Zoé", "Tournage"),  # its own cell
        ("Équipe de tournage", None, "T1 — janvier à mars"),
        ("Boost des ventes sur Etsy", "Arnaud", "T1 — janvier à mars"),
    ]
    assert [(p.code.value, p.cell) for p in result.problems][:2] == [
        ("section-overridden", "A2"),
        ("total-unreadable", "D6"),
    ]
    assert result.problems[0].message.endswith("not the section's 'T1 — janvier à mars': C4")
    assert unaccounted(tmp_path / "bords.xlsx") == []


def test_section_subtotals_under_months_and_in_thousands(tmp_path: Path) -> None:
    """A section's subtotals are read as the columns under them are: under month columns (its
    actions' months), and in k€ (× 1000); a total row's amounts under the months are amounts."""
    crowd, channels = "Récolter 5 000 € pendant la campagne", "Ouvrir les canaux de distribution"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mimine — budget 2024"])
    ws.append(["Action", "Responsable", "janv.", "févr.", "mars", "avr.", "mai", "juin"])
    ws.append([f"Objectif 1 — {crowd}", None, 800, 450])  # row 3: both right
    ws.append(["Vidéo de présentation", "Zoé", 800])
    ws.append(["Photos de présentation des produits", "Zoé", None, 450])
    ws.append([f"Objectif 2 — {channels}", None, None, None, None, 250, 2700])  # row 6
    ws.append(["Boost Etsy", "Arnaud", None, None, None, 250, 250])
    ws.append(["Boutique en ligne mimine.fr", "Arnaud", None, None, None, None, 2500])
    ws.append(["Total", None, 800, 450, None, 250, 2750])
    wb.save(tmp_path / "mois.xlsx")

    result = read_table(tmp_path / "mois.xlsx")
    plan = result.plan
    assert [(a.title, a.objectives) for a in plan.actions] == [
        ("Vidéo de présentation", ["O1"]),
        ("Photos de présentation des produits", ["O1"]),
        ("Boost Etsy", ["O2"]),
        ("Boutique en ligne mimine.fr", ["O2"]),
    ]
    # Q1 800 + 450; Q2 250 + 250 + 2 500 (Etsy's April and May, the shop's May)
    assert [a.budget.values() for a in plan.actions] == [
        [Decimal(800), 0, 0, 0],
        [Decimal(450), 0, 0, 0],
        [0, Decimal(500), 0, 0],
        [0, Decimal(2500), 0, 0],
    ]
    # May's subtotal: 2 700 typed for 250 + 2 500 = 2 750
    assert [(p.code.value, p.cell) for p in result.problems] == [
        ("subtotal-mismatch", "G6"),
        ("fiscal-year-assumed", "A1"),
    ]
    assert "2750" in result.problems[0].message
    assert unaccounted(tmp_path / "mois.xlsx") == []

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Action", "Budget T1 (k€)", "Budget T2 (k€)"])
    ws.append([f"Objectif 1 — {crowd}", 1.25])  # row 2: 800 + 450 = 1 250 €, right
    ws.append(["Vidéo de présentation", 0.8])
    ws.append(["Photos de présentation des produits", "0,45"])
    ws.append([f"Objectif 2 — {channels}", None, 3.1])  # row 5: 500 + 2 500 = 3 000 €, wrong
    ws.append(["Boost Etsy", None, 0.5])
    ws.append(["Boutique en ligne mimine.fr", None, 2.5])
    wb.save(tmp_path / "milliers.xlsx")

    result = read_table(tmp_path / "milliers.xlsx")
    assert [a.budget.values()[:2] for a in result.plan.actions] == [
        [Decimal(800), 0],
        [Decimal(450), 0],
        [0, Decimal(500)],
        [0, Decimal(2500)],
    ]
    assert [(p.code.value, p.cell) for p in result.problems] == [
        ("unit-scaled", "B1"),
        ("subtotal-mismatch", "C5"),
        ("fiscal-year-assumed", ""),
    ]
    assert "the subtotal 3100 of the section" in result.problems[1].message  # (3.1 k€)
    assert "'Budget T2 (k€)', 3000" in result.problems[1].message
    assert unaccounted(tmp_path / "milliers.xlsx") == []
