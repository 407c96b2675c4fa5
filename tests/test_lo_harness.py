"""The LibreOffice harness (tests/lo.py) must really recalculate, never just copy cached values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from lo import pdf_to_pngs, recalculate, recalculate_many, soffice_path, to_pdf


def _stale_workbook(path: Path, a1: int = 2) -> Path:
    """Formula cells whose cached values are deliberately wrong."""
    with xlsxwriter.Workbook(path) as wb:
        ws = wb.add_worksheet("Data")
        date = wb.add_format({"num_format": "yyyy-mm-dd"})
        ws.write("A1", a1)
        ws.write("B1", 3)
        ws.write_formula("C1", "=A1+B1", None, 999)
        ws.write_formula("D1", "=SUM(A1:B1,10)", None, 999)
        ws.write_formula("E1", '=IF(A1>1,"yes","")', None, "stale")
        ws.write_formula("F1", '=IF(A1>5,"yes","")', None, "stale")
        ws.write_datetime("A2", dt.datetime(2024, 1, 31), date)
        ws.write_formula("B2", "=EDATE(A2,1)", date, 7)
        ws.write_formula("C2", "=DATE(2024,3,1)+A1", date, 7)
    return path


def _values(path: Path) -> dict[str, object]:
    ws = openpyxl.load_workbook(path, data_only=True)["Data"]
    return {c: ws[c].value for c in ("C1", "D1", "E1", "F1", "B2", "C2")}


def test_soffice_found() -> None:
    assert Path(soffice_path()).exists()


def test_recalculate_replaces_stale_cached_values(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    src = _stale_workbook(tmp_path / "in" / "book.xlsx")
    before, listing = src.read_bytes(), sorted(src.parent.iterdir())
    assert _values(src)["C1"] == 999  # the stale cache is really there

    out = recalculate(src, tmp_path / "out")

    assert out == tmp_path / "out" / "book.xlsx"
    assert _values(out) == {
        "C1": 5,
        "D1": 15,
        "E1": "yes",
        "F1": None,  # empty-string result: LibreOffice writes <v></v>, openpyxl reads None
        "B2": dt.datetime(2024, 2, 29),
        "C2": dt.datetime(2024, 3, 3),
    }
    assert src.read_bytes() == before
    assert sorted(src.parent.iterdir()) == listing  # no lock or temp files left behind


def test_recalculate_many_one_run(tmp_path: Path) -> None:
    srcs = [_stale_workbook(tmp_path / f"b{i}.xlsx", a1=i) for i in range(4)]
    outs = recalculate_many(srcs, tmp_path / "out")
    assert [o.name for o in outs] == [s.name for s in srcs]
    assert [_values(o)["C1"] for o in outs] == [3, 4, 5, 6]
    assert [_values(o)["E1"] for o in outs] == [None, None, "yes", "yes"]


def test_refuses_to_overwrite_input(tmp_path: Path) -> None:
    src = _stale_workbook(tmp_path / "book.xlsx")
    before = src.read_bytes()
    with pytest.raises(ValueError, match="overwrite"):
        recalculate(src, tmp_path)
    assert src.read_bytes() == before


def test_pdf_one_page_per_sheet(tmp_path: Path) -> None:
    src = tmp_path / "two.xlsx"
    with xlsxwriter.Workbook(src) as wb:
        for name in ("First", "Second"):
            ws = wb.add_worksheet(name)
            for row in range(120):  # several printed pages without SinglePageSheets
                ws.write_row(row, 0, [f"{name} r{row} c{col}" for col in range(12)])
        wb.worksheets()[0].write_formula("M1", "=1+1", None, 0)

    pdf = to_pdf(src, tmp_path / "pdf")
    pngs = pdf_to_pngs(pdf, tmp_path / "png", dpi=30)

    assert pdf.read_bytes().startswith(b"%PDF")
    assert [p.name for p in pngs] == ["two-1.png", "two-2.png"]
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pngs)
    multi = to_pdf(src, tmp_path / "multi", single_page_sheets=False)
    assert len(pdf_to_pngs(multi, tmp_path / "multi", dpi=10)) > 2
