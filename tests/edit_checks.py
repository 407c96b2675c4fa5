"""Test helper for `test_edits`: the Mimine sample's figures worked out by hand, the workbook's
labels, where things are in a built workbook (`Built`), one edit and what it must leave (`Case`),
and `findings`: everything that is not as it should be after LibreOffice made the edit.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from lo_uno import Edited
from sheets import load

import xlplan
from xlplan.cli import main

AS_OF = "2024-06-30"  # the plan file's actuals run to the end of June 2024
Q = (0, 0, 0, 0)
Figures = tuple[tuple[float, ...], tuple[float, ...]]  # (planned Q1..Q4, actual Q1..Q4)

# --- Mimine by hand (samples/mimine.yaml) ----------------------------------------------------
MIMINE: dict[str, Figures] = {
    "A1": ((800, 0, 0, 0), (880, 0, 0, 0)),  # budget {q1: 800}, actual {q1: 880}
    "A2": ((450, 0, 0, 0), (450, 0, 0, 0)),  # budget {q1: 450}, actual {q1: 450}
    "A3": (Q, Q),  # no budget ("Action non payante")
    "A4": (Q, Q),  # no budget
    "A5": ((0, 500, 0, 0), (0, 460, 0, 0)),  # budget {q2: 500}, actual {q2: 460}
    "A6": ((0, 2500, 7500, 0), (0, 2500, 0, 0)),  # budget [0, 2500, 7500, 0], actual {q2: 2500}
    "A7": ((0, 30, 50, 199), (0, 30, 0, 0)),  # budget [0, 30, 50, 199], actual [0, 30]
    "A8": (Q, Q),
    "A9": (Q, Q),
    "A10": (Q, Q),
    "A11": ((0, 0, 6000, 4000), Q),  # budget {q3: 6000, q4: 4000}
    "A12": ((0, 0, 0, 4000), Q),  # budget {q4: 4000}
    "A13": ((0, 0, 0, 1500), Q),  # budget {q4: 1500}
    "A14": ((0, 0, 0, 600), Q),  # budget {q4: 600}
}
PLANNED_TOTAL = 28129  # the envelope's comment: "couvre les 28 129 € prévus"
ACTUAL_TOTAL = 4320  # K2's comment: "4 320 € dépensés à fin juin"
OWNER = {a: "Zoé" for a in ("A1", "A2", "A8", "A9", "A10", "A12")} | {
    a: "Arnaud" for a in ("A3", "A4", "A5", "A6", "A7", "A11", "A13", "A14")
}
MAIN_OBJECTIVE = {  # the first objective listed for each action
    **dict.fromkeys(("A1", "A2", "A3"), "O1"),
    **dict.fromkeys(("A4", "A6"), "O2"),
    "A5": "O3",
    **dict.fromkeys(("A8", "A9", "A10", "A11", "A12"), "O4"),
    "A13": "O5",
    **dict.fromkeys(("A7", "A14"), "O6"),
}
BY_OWNER = {"Arnaud": (22879, 2990), "Zoé": (5250, 1330)}  # (planned, actual), by hand
BY_OBJECTIVE = {  # (planned, actual) per main objective, by hand
    "O1": (1250, 1330),  # A1 + A2 (+ A3 at 0)
    "O2": (10000, 2500),  # A6 (+ A4 at 0)
    "O3": (500, 460),  # A5
    "O4": (14000, 0),  # A11 10 000 + A12 4 000
    "O5": (1500, 0),  # A13
    "O6": (879, 30),  # A7 279 + A14 600
    "O7": (0, 0),
}
KPI_MEASURES = {  # Q1..Q4 measures of a few KPIs, as typed in the plan file
    "K1": (0, 9200, None, None),  # actual: [0, 9200]
    "K11": (5430, None, None, None),  # actual: [5430]
    "K12": (38, 31, None, None),  # actual: [38, 31]
}
# A new action typed by hand (owner Zoé, objective O5): 300 + 1 200 planned, 250 spent in Q2.
NEW = {"id": "A15", "title": "Salon de la puériculture", "objectives": "O5", "kpis": "K6",
       "owner": "Zoé", "budget_q2": 300, "budget_q3": 1200, "actual_q2": 250}  # fmt: skip
NEW_FIGURES: Figures = ((0, 300, 1200, 0), (0, 250, 0, 0))
NEW2 = NEW | {"id": "A16", "title": "Kits de couture", "owner": "Arnaud", "budget_q2": 0,
              "budget_q3": 0, "budget_q4": 700, "actual_q2": 0}  # fmt: skip
NEW2_FIGURES: Figures = ((0, 0, 0, 700), Q)

# --- the workbook's labels (what people see), French and English -----------------------------
SHEET = {
    "fr": {"plan": "Plan d'action", "objectives": "Objectifs", "kpis": "KPI",
           "budget": "Suivi budgétaire", "owners": "Responsables", "timeline": "Rétroplanning",
           "dashboard": "Synthèse"},
    "en": {"plan": "Action plan", "objectives": "Objectives", "kpis": "KPIs",
           "budget": "Budget tracking", "owners": "Owners", "timeline": "Timeline",
           "dashboard": "Dashboard"},
}  # fmt: skip
QUARTERS = ("q1", "q2", "q3", "q4")
LABEL = {
    "fr": {"id": "ID", "title": "Action", "objectives": "Objectif(s)", "kpis": "KPI",
           "owner": "Responsable", "end": "Fin", "planned_total": "Total",
           "actual_total": "Réel total", "name": "Nom", "objective": "Objectif",
           "obj_planned": "Budget prévu", "obj_actual": "Dépensé", "view_planned": "Prévu total",
           "kpi_name": "KPI", "unit": "Unité", "baseline": "Valeur de départ", "target": "Cible",
           "dash_planned": "Prévu", "dash_actual": "Réel", "dash_budget": "Budget prévu",
           "dash_spent": "Dépensé",
           **{f"budget_{q}": f"Budget T{i}" for i, q in enumerate(QUARTERS, 1)},
           **{f"actual_{q}": f"Réel T{i}" for i, q in enumerate(QUARTERS, 1)},
           **{f"measure_{q}": f"Réalisé T{i}" for i, q in enumerate(QUARTERS, 1)}},
    "en": {"id": "ID", "title": "Action", "objectives": "Objective(s)", "kpis": "KPI",
           "owner": "Owner", "end": "End", "planned_total": "Total",
           "actual_total": "Actual total", "name": "Name", "objective": "Objective",
           "obj_planned": "Planned budget", "obj_actual": "Actual spend",
           "view_planned": "Planned total", "kpi_name": "KPI", "unit": "Unit",
           "baseline": "Baseline", "target": "Target", "dash_planned": "Planned",
           "dash_actual": "Actual", "dash_budget": "Planned budget", "dash_spent": "Spent",
           **{f"budget_{q}": f"Budget Q{i}" for i, q in enumerate(QUARTERS, 1)},
           **{f"actual_{q}": f"Actual Q{i}" for i, q in enumerate(QUARTERS, 1)},
           **{f"measure_{q}": f"Actual Q{i}" for i, q in enumerate(QUARTERS, 1)}},
}  # fmt: skip
HEADER, TOTALS = 3, 2  # 0-based rows of the header (row 4) and of the total row (row 3)


class Built:
    """Where things are in a freshly built workbook: header letters and rows by ID or name."""

    def __init__(self, path: Path, lang: str) -> None:
        self.path, self.lang = path, lang
        wb = load(path)
        self.letters: dict[str, dict[str, str]] = {}
        self.rows: dict[str, dict[str, int]] = {}
        for key, name in SHEET[lang].items():
            ws = wb[name]
            self.letters[key] = {
                str(c.value): c.column_letter for c in ws[HEADER + 1] if c.value is not None
            }
            self.rows[key] = {
                str(ws.cell(r, 1).value): r
                for r in range(HEADER + 2, ws.max_row + 1)
                if ws.cell(r, 1).value not in (None, "")
            }
        self.missing: list[str] = []  # design columns a case needed and the workbook lacks

    def letter(self, sheet: str, key: str) -> str | None:
        label = LABEL[self.lang][key]
        found = self.letters[sheet].get(label)
        if found is None:
            self.missing.append(f"'{SHEET[self.lang][sheet]}' has no column '{label}'")
        return found

    def row(self, sheet: str, key: str) -> int:
        return self.rows[sheet][key]

    def last(self, sheet: str) -> int:
        """The last filled row of a table sheet."""
        return max(self.rows[sheet].values())

    def data(self, sheet: str, first: int, last: int) -> str:
        """The data area from `first` to `last`, every header column (to sort)."""
        end = max(self.letters[sheet].values(), key=lambda s: (len(s), s))
        return f"A{first}:{end}{last}"

    def sort(self, sheet: str, key: str, ascending: bool = True) -> dict[str, Any]:
        column = self.letter(sheet, key)
        assert column is not None
        area = self.data(sheet, HEADER + 2, self.last(sheet))
        sheet_name = SHEET[self.lang][sheet]
        return {"op": "sort", "sheet": sheet_name, "range": area, "column": column,
                "ascending": ascending}  # fmt: skip

    def type_row(self, sheet: str, row: int, values: dict[str, Any]) -> list[dict[str, Any]]:
        """Type `values` (label keys → text or number) on `row`, as a person would."""
        ops = []
        for key, value in values.items():
            column = self.letter(sheet, key)
            if column is not None:
                kind = "text" if isinstance(value, str) else "value"
                ops.append({"op": "set", "sheet": SHEET[self.lang][sheet],
                            "cell": f"{column}{row}", kind: value})  # fmt: skip
        return ops

    def rows_op(self, op: str, sheet: str, row: int, count: int = 1, **more: int) -> dict[str, Any]:
        return {"op": op, "sheet": SHEET[self.lang][sheet], "row": row, "count": count, **more}


@dataclass
class Case:
    """One edit and what it must leave: figures by ID as xlplan reports them, as the workbook
    shows them (text in an amount cell: xlplan reads it, the workbook's sums ignore it), the
    problems that must be reported (code → cells it names) and those that may be."""

    b: Built
    name: str
    ops: list[dict[str, Any]]
    expected: dict[str, Figures]
    shown: dict[str, Figures] | None = None
    copies: list[str] = field(default_factory=list)  # actions duplicated (reported under any ID)
    owners: dict[str, str] = field(default_factory=dict)  # owner of the new actions
    objectives: dict[str, str] = field(default_factory=dict)  # main objective of new actions
    required: dict[str, list[str]] = field(default_factory=dict)
    allowed: set[str] = field(default_factory=set)
    read_check: Callable[[Any], list[str]] | None = None
    missing: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # The columns of the design this case's edit needed and the workbook lacks.
        self.missing, self.b.missing = self.b.missing, []

    @property
    def lang(self) -> str:
        return self.b.lang


# --- what the edited workbook shows, and what xlplan reports ---------------------------------
def _num(value: Any) -> Any:
    """A cell's number ("" — nothing shown — counts as 0; text stays text, to be reported)."""
    return 0 if value == "" else value


class Grid:
    """A sheet of the edited workbook as LibreOffice computed it: columns by header label."""

    def __init__(self, edited: Edited, lang: str, key: str) -> None:
        self.name = SHEET[lang][key]
        self.rows = edited.values(self.name) if self.name in edited.sheets else []
        header = self.rows[HEADER] if len(self.rows) > HEADER else []
        self.cols: dict[Any, int] = {}
        for j, label in enumerate(header):
            self.cols.setdefault(label, j)

    def column(self, label: str) -> list[Any] | None:
        j = self.cols.get(label)
        return None if j is None else [r[j] for r in self.rows[HEADER + 1 :]]

    def total(self, label: str) -> Any:
        j = self.cols.get(label)
        return None if j is None else _num(self.rows[TOTALS][j])

    def by_key(self, key_label: str, label: str) -> list[tuple[Any, Any]]:
        """(key, value) of every data row with a key, in order."""
        keys, values = self.column(key_label), self.column(label)
        if keys is None or values is None:
            return []
        return [(k, _num(v)) for k, v in zip(keys, values, strict=True) if k not in ("", None)]

    def labelled(self, label: str, col: int) -> Any:
        """The dashboard's value in column `col` of the row labelled `label` (column A)."""
        return next((_num(r[col]) for r in self.rows if r and r[0] == label), None)


def _ids(ids: Counter[Any]) -> list[str]:
    return sorted(map(str, ids.elements()), key=lambda i: (len(i), i))


def sums(figures: list[Figures]) -> tuple[float, float]:
    return sum(sum(p) for p, _ in figures), sum(sum(a) for _, a in figures)


def _workbook_findings(case: Case, edited: Edited) -> list[str]:
    """(b): the totals of every sheet agree with the figures by hand, and with each other."""
    lang, lab = case.lang, LABEL[case.lang]
    shown = case.shown or case.expected
    items = [(i, f) for i, f in shown.items()] + [(i, shown[i]) for i in case.copies]
    planned, actual = sums([f for _, f in items])
    out = []

    def expect(where: str, found: Any, want: float) -> None:
        if found is None:
            out.append(f"{where}: not found")
        elif found != want:
            out.append(f"{where}: LibreOffice shows {found!r}, expected {want:g}")

    plan = Grid(edited, lang, "plan")
    expect(f"'{plan.name}' total row, '{lab['planned_total']}'", plan.total(lab["planned_total"]),
           planned)  # fmt: skip
    if lab["actual_total"] in plan.cols:  # (its absence fails test_actual_spend_is_typed_…)
        expect(f"'{plan.name}' total row, '{lab['actual_total']}'",
               plan.total(lab["actual_total"]), actual)  # fmt: skip
    ids = Counter(i for i, _ in items)
    found_ids = Counter(i for i in plan.column(lab["id"]) or [] if i != "")
    if found_ids != ids:
        out.append(f"'{plan.name}' lists {_ids(found_ids)}, expected {_ids(ids)}")
    groups = (
        ("objectives", lab["id"], MAIN_OBJECTIVE | case.objectives),
        ("owners", lab["name"], OWNER | case.owners),
    )
    for key, key_label, group_of in groups:
        want: dict[str, list[float]] = {}
        for i, (p, a) in items:
            group = want.setdefault(group_of[i], [0, 0])
            group[0], group[1] = group[0] + sum(p), group[1] + sum(a)
        grid = Grid(edited, lang, key)
        for n, label in enumerate((lab["obj_planned"], lab["obj_actual"])):
            expect(f"'{grid.name}' total row, '{label}'", grid.total(label), (planned, actual)[n])
            for k, v in grid.by_key(key_label, label):
                expect(f"'{grid.name}' {k}, '{label}'", v, want.get(k, [0, 0])[n])
    view = Grid(edited, lang, "budget")
    both = ((lab["view_planned"], planned, 0), (lab["actual_total"], actual, 1))
    for label, want_total, n in both:
        expect(f"'{view.name}' total row, '{label}'", view.total(label), want_total)
        for i, v in view.by_key(lab["id"], label):
            expect(f"'{view.name}' {i}, '{label}'", v, sum(shown[i][n]) if i in shown else 0)
    for key in ("budget", "timeline"):
        grid = Grid(edited, lang, key)
        listed = Counter(i for i in grid.column(lab["id"]) or [] if i != "")
        if listed != found_ids:
            out.append(f"'{grid.name}' lists {_ids(listed)}, the plan {_ids(found_ids)}")
    dash = Grid(edited, lang, "dashboard")
    for label, col, want_total in (
        (lab["dash_planned"], 5, planned),
        (lab["dash_actual"], 5, actual),
        (lab["dash_budget"], 1, planned),
        (lab["dash_spent"], 1, actual),
    ):
        expect(f"'{dash.name}' '{label}'", dash.labelled(label, col), want_total)
    return out


def figures_of(action: dict[str, Any]) -> Figures:
    quarters = ("Q1", "Q2", "Q3", "Q4")
    return (
        tuple(action["planned"][q] for q in quarters),
        tuple(action["actual"][q] for q in quarters),
    )


def _report_findings(case: Case, path: Path) -> list[str]:
    """(c): `xlplan report --format json` gives every figure on the right action, by ID."""
    result = CliRunner().invoke(main, ["report", str(path), "--format", "json", "--as-of", AS_OF])
    if result.exit_code not in (0, 1):
        refused = result.stderr.strip()
        return [f"xlplan report refused the file (exit {result.exit_code}): {refused}"]
    doc = json.loads(result.stdout)
    out = []
    rest = list(doc["actions"])
    for i, want in case.expected.items():
        got = next((a for a in rest if a["id"] == i), None)
        if got is None:
            out.append(f"report: no action {i}")
            continue
        rest.remove(got)
        if figures_of(got) != want:
            out.append(f"report: {i} planned/actual {figures_of(got)}, expected {want}")
    copies = sorted(case.expected[i] for i in case.copies)
    if sorted(figures_of(a) for a in rest) != copies:
        out.append(f"report: other actions {[(a['id'], figures_of(a)) for a in rest]}, "
                   f"expected {len(copies)} copies {copies}")  # fmt: skip
    planned, actual = sums(list(case.expected.values()) + [case.expected[i] for i in case.copies])
    totals = (doc["totals"]["planned"]["total"], doc["totals"]["actual"]["total"])
    if totals != (planned, actual):
        out.append(f"report: totals planned/actual {totals}, expected {(planned, actual)}")
    problems = doc["problems"]
    for code, cells in case.required.items():
        named = [p for p in problems if p["code"] == code]
        if not named:
            out.append(f"report: no {code} problem")
        for c in cells:
            if not any(c in (p["cell"], *p["cell"].split()) or c in p["message"] for p in named):
                out.append(f"report: no {code} problem names cell {c}: {named}")
    for p in problems:
        if p["code"] not in case.required.keys() | case.allowed:
            out.append(f"report: unexpected problem {p['code']} {p['sheet']}!{p['cell']} "
                       f"{p['message']}")  # fmt: skip
    if case.read_check is not None:
        out += case.read_check(xlplan.read(path).plan)
    return out


def findings(case: Case, edited: Edited) -> list[str]:
    """Everything that is not as it should be after the edit (empty when all is right)."""
    out = [f"the edit could not be made as designed: {m}" for m in dict.fromkeys(case.missing)]
    out += [f"LibreOffice shows in '{s}': {', '.join(c)}" for s, c in edited.errors().items()]
    return out + _workbook_findings(case, edited) + _report_findings(case, edited.path)
