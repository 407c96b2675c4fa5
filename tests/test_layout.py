"""The layout's formulas and blocks: what the reader parses is what the builders write."""

from __future__ import annotations

import re

import pytest

from xlplan.layout import dashboard as dash
from xlplan.layout import formulas
from xlplan.layout.formulas import linked_row
from xlplan.layout.labels import CHOICES, TIMELINE_LEGEND
from xlplan.layout.spec import BUDGET, PLAN, SHEETS, TIMELINE, Refs, capacities
from xlplan.layout.version1 import BUDGET_V1
from xlplan.model.enums import Lang, Recurrence, Status

CAPS = capacities(3, 1, 1, 1)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_linked_row_reads_back_every_link_of_version_1(lang: Lang) -> None:
    refs = Refs(lang, CAPS, BUDGET_V1)
    links = [c for c in BUDGET_V1.columns if c.formula is not None and c.key in ("id", "title")]
    assert [c.key for c in links] == ["id", "title"]
    for col in links:
        for row in (5, 6, 204, 1_048_576):
            assert col.formula is not None
            assert linked_row(col.formula(refs, row)) == row


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("sheet", [BUDGET.key, TIMELINE.key])
def test_views_pick_the_plan_row_by_rank_not_by_reference(sheet: str, lang: Lang) -> None:
    """Every column of budget tracking and of the timeline that shows the action plan does so
    with INDEX over the plan's whole column from its header row: the same text on every row
    (nothing a sort, an insertion or a deletion in the plan can leave pointing elsewhere)."""
    spec = SHEETS[sheet]
    refs = Refs(lang, CAPS, spec)
    plan = formulas.quote(PLAN.name(lang))
    shown = [c for c in spec.columns if c.formula is not None and f"{plan}!" in c.formula(refs, 5)]
    assert {c.key for c in shown} >= {"id", "title", "owner"}
    for col in shown:
        assert col.formula is not None
        text = col.formula(refs, 5)
        assert col.formula(refs, 6).replace("$B6", "$B5") == text
        assert "INDEX(" in text and "ROW()-3" in text
        plan_refs = re.findall(re.escape(plan) + r"!([$A-Z0-9:]+)", text)
        assert all(re.fullmatch(r"\$([A-Z]+)\$4:\$\1\$204", ref) for ref in plan_refs), text


@pytest.mark.parametrize(
    ("formula", "row"),
    [
        ("=IF('Plan d''action'!$B$12=\"\",\"\",1)", 12),  # pinned, as a spreadsheet may write it
        ('=IF(Plan!B7="","",Plan!A7)', 7),  # a sheet name that needs no quotes
        ("=SUM($E5:$H5)", None),
        ('=IF($B5="","",SUM($E5:$H5))', None),  # a same-sheet reference, not a link
        ("", None),
    ],
)
def test_linked_row_of_formulas_written_otherwise(formula: str, row: int | None) -> None:
    assert linked_row(formula) == row


def test_the_late_rule_is_one_list_of_criteria_in_both_renderings() -> None:
    cells = {"end": "$J5", "status": "$M5"}
    assert formulas.late_conditions(cells.__getitem__, "fr") == (
        '$J5<xl_asof,$M5<>"Terminé",$M5<>"Annulé"'
    )
    assert formulas.late_count({"end": "E", "status": "S"}.__getitem__, "en") == (
        '=COUNTIFS(E,"<"&xl_asof,S,"<>Done",S,"<>Cancelled")'
    )


def test_dashboard_addresses_come_from_the_blocks() -> None:
    assert dash.cell("as_of", absolute=True) == "$B$4"
    assert dash.cell("elapsed") == "B5"
    assert dash.span("planned") == "$B$9:$E$9"
    assert dash.header_span() == "$B$8:$E$8"
    assert dash.cell("actual", dash.TOTAL_COL) == "F10"
    assert [dash.row(k) for k in ("envelope", "envelope_consumed", "overruns", "kpis_behind")] == [
        15,
        20,
        23,
        25,
    ]


def test_timeline_legend_takes_the_dropdown_labels() -> None:
    assert TIMELINE_LEGEND["done"] == CHOICES["status"][Status.DONE]
    assert TIMELINE_LEGEND["continuous"] == CHOICES["recurrence"][Recurrence.CONTINUOUS]


def test_no_french_label_outside_the_labels() -> None:
    """Every text a workbook shows is in layout/labels.py; a string literal with French accents
    elsewhere in the package is a label out of place (docstrings and comments aside; the header
    synonyms of hand-made tables are reading vocabulary, in xlplan/reading)."""
    import ast
    import re
    from pathlib import Path

    package = Path(__file__).resolve().parents[1] / "xlplan"
    accented = re.compile("[àâçéèêëîïôûùüÿœÀÂÇÉÈÊÎÔÛ]")
    found = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package).as_posix()
        # (layout/labels.py and its labels_*.py modules: the guide's, the dashboard's)
        if relative.startswith("layout/labels") or relative.startswith("reading/"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        }
        found += [
            f"{relative}:{node.lineno}: {node.value!r}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and accented.search(node.value)
        ]
    assert found == []
