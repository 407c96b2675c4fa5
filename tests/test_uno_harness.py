"""The UNO harness edits a workbook as LibreOffice's menus do (`tests/lo_uno.py`)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from lo_uno import edit_many


def small(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["name", "amount"])
    for name, amount in [("c", 3), ("a", 1), ("b", 2)]:
        ws.append([name, amount])
    ws["D1"] = "=SUM(B2:B4)"
    ws["E1"] = "=B3*10"
    other = wb.create_sheet("Other")
    other["A1"] = "=Data!B2"
    wb.save(path)
    return path


def test_edits_are_made_as_the_menus_make_them(tmp_path: Path) -> None:
    src = small(tmp_path / "small.xlsx")
    jobs = [
        (
            src,
            tmp_path / "sorted.xlsx",
            [{"op": "sort", "sheet": "Data", "range": "A2:B4", "column": "A"}],
        ),
        (src, tmp_path / "deleted.xlsx", [{"op": "delete_rows", "sheet": "Data", "row": 2}]),
        (
            src,
            tmp_path / "inserted.xlsx",
            [
                {"op": "insert_rows", "sheet": "Data", "row": 3, "count": 2},
                {"op": "set", "sheet": "Data", "cell": "B3", "value": 100},
                {"op": "set", "sheet": "Data", "cell": "B4", "text": "1 250,00 €"},
            ],
        ),
        (src, tmp_path / "moved.xlsx", [{"op": "move_rows", "sheet": "Data", "row": 2, "to": 10}]),
    ]
    sorted_, deleted, inserted, moved = edit_many(jobs)

    assert [r[:2] for r in sorted_.values("Data")[1:4]] == [["a", 1.0], ["b", 2.0], ["c", 3.0]]
    assert sorted_.errors() == {}
    # Deleting a row that another sheet points at leaves #REF! there (as in LibreOffice).
    assert deleted.errors() == {"Other": ["A1 #REF!"]}
    assert deleted.values("Data")[0][3] == 3.0  # =SUM(B2:B3) after the range shrank
    # Inserted rows grow the ranges that span them; text stays text.
    assert inserted.values("Data")[0][3] == 106.0
    assert inserted.values("Data")[3][1] == "1 250,00 €"
    # Cut and paste: references follow the moved cells.
    assert moved.values("Other")[0][0] == 3.0
    assert moved.values("Data")[9][:2] == ["c", 3.0]
    for edited in (sorted_, deleted, inserted, moved):
        assert openpyxl.load_workbook(edited.path).sheetnames == ["Data", "Other"]
