"""xlplan.xlsx.xlsxcells reads every cell as openpyxl does: same value, same formula, one pass.

The reference is openpyxl itself: ``load_workbook(read_only=True, data_only=True)`` for the cached
values and ``load_workbook(read_only=True)`` for the formulas, compared cell by cell on workbooks
written by xlplan (xlsxwriter), openpyxl, LibreOffice and by hand (XML edge cases).
"""

from __future__ import annotations

import datetime as dt
import time
import warnings
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from conftest import sample
from hostile import BILLION_LAUGHS
from lo import recalculate_many
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.formula.translate import Translator
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from openpyxl.worksheet.formula import ArrayFormula
from sheets import load

from xlplan.writing.workbook import build
from xlplan.xlsx.xlsxcells import Book, Cell, SheetInfo, XlsxError, _SharedFormula

Cells = dict[str, dict[tuple[int, int], tuple[Any, Any]]]

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# --- the two readers, as {sheet: {(row, col): (value, formula)}} ---------------------------------


def openpyxl_cells(path: Path) -> Cells:
    """Non-empty cells: value from the data_only workbook, formula text from the other one."""
    with warnings.catch_warnings():  # openpyxl warns about extensions it drops, while iterating
        warnings.filterwarnings("ignore", category=UserWarning)
        values = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(path, read_only=True)
        try:
            out: Cells = {}
            for ws in values.worksheets:
                found: dict[tuple[int, int], list[Any]] = {}
                for r, row in enumerate(ws.iter_rows(), 1):
                    for c, cell in enumerate(row, 1):
                        if cell.value is not None:
                            found[r, c] = [cell.value, None]
                for r, row in enumerate(formulas[ws.title].iter_rows(), 1):
                    for c, cell in enumerate(row, 1):
                        if cell.data_type == "f":
                            text = (
                                cell.value.text
                                if isinstance(cell.value, ArrayFormula)
                                else cell.value
                            )
                            found.setdefault((r, c), [None, None])[1] = text
                out[ws.title] = {k: (v[0], v[1]) for k, v in found.items()}
            return out
        finally:
            values.close()
            formulas.close()


def book_cells(path: Path) -> Cells:
    out: Cells = {}
    with Book(path) as book:
        for sheet in book.sheets:
            found = out[sheet.name] = {}
            for r, cells in book.rows(sheet.name):
                assert [c.col for c in cells] == sorted({c.col for c in cells})
                for cell in cells:
                    if cell.value is not None or cell.formula is not None:
                        found[r, cell.col] = (cell.value, cell.formula)
    return out


def assert_same_cells(path: Path) -> Cells:
    expected, got = openpyxl_cells(path), book_cells(path)
    assert list(got) == list(expected)
    for name in expected:
        if got[name] != expected[name]:
            keys = sorted(set(got[name]) | set(expected[name]))
            diff = [
                f"{name}!R{k[0]}C{k[1]}: openpyxl {expected[name].get(k)!r}, "
                f"Book {got[name].get(k)!r}"
                for k in keys
                if got[name].get(k) != expected[name].get(k)
            ]
            pytest.fail(f"{len(diff)} cells differ:\n" + "\n".join(diff[:20]))
        for key, (value, _) in got[name].items():  # 5 == 5.0 == True: compare types too
            assert type(value) is type(expected[name][key][0]), (name, key, value)
    return got


def assert_same_merges(path: Path) -> None:
    with warnings.catch_warnings():  # extensions dropped, dates out of range
        warnings.filterwarnings("ignore", category=UserWarning)
        wb = openpyxl.load_workbook(path)
    with Book(path) as book:
        for ws in wb.worksheets:
            expected = sorted(
                (r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges
            )
            assert sorted(book.merged(ws.title)) == expected, ws.title


# --- hand-made packages ---------------------------------------------------------------------------

STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="{MAIN}">
<numFmts count="5">
<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>
<numFmt numFmtId="165" formatCode="[h]:mm:ss"/>
<numFmt numFmtId="166" formatCode="&quot;day&quot; 0"/>
<numFmt numFmtId="167" formatCode="[$-409]mmm yy;@"/>
<numFmt numFmtId="168" formatCode="[Red]0.00"/>
</numFmts>
<fonts count="1"><font/></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="9"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/>
<xf numFmtId="166"/><xf numFmtId="22"/><xf numFmtId="20"/><xf numFmtId="167"/><xf numFmtId="168"/>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
<dxfs count="1"><dxf><numFmt numFmtId="169" formatCode="yyyy"/></dxf></dxfs>
</styleSheet>"""
# style index: 0 General, 1 mm-dd-yy, 2 dd/mm/yyyy, 3 [h]:mm:ss, 4 "day" 0 (a number),
# 5 m/d/yy h:mm, 6 h:mm, 7 [$-409]mmm yy, 8 [Red]0.00 (a number)


def package(
    path: Path,
    sheets: list[tuple[str, str, str]],
    strings: list[str] | None = None,
    *,
    date1904: bool = False,
    absolute: bool = False,
    styles: str = STYLES,
    workbook: str | None = None,
) -> Path:
    """An .xlsx built from XML: sheets are (name, state, worksheet XML)."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    folder = "/xl/" if absolute else ""
    sheet_rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL}/worksheet" '
        f'Target="{folder}worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    entries = "".join(
        f'<sheet name="{name}" sheetId="{i}" state="{state}" r:id="rId{i}"/>'
        for i, (name, state, _) in enumerate(sheets, 1)
    )
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        f"{overrides}</Types>",
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{sheet_rels}"
        f'<Relationship Id="rId90" Type="{REL}/styles" Target="{folder}styles.xml"/>'
        f'<Relationship Id="rId91" Type="{REL}/sharedStrings" '
        f'Target="{folder}sharedStrings.xml"/></Relationships>',
        "xl/workbook.xml": workbook
        or (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
            f'<workbookPr date1904="{int(date1904)}"/><sheets>{entries}</sheets></workbook>'
        ),
        "xl/styles.xml": styles,
        "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'
        + "".join(s if s.startswith("<si>") else f"<si><t>{s}</t></si>" for s in strings or [])
        + "</sst>",
    }
    for i, (_, _, xml) in enumerate(sheets, 1):
        files[f"xl/worksheets/sheet{i}.xml"] = xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return path


def worksheet(rows: str, after: str = "", before: str = "", ns: str = "") -> str:
    """A worksheet with `rows` as its sheetData (`ns`: a prefix such as "x:" for every tag)."""
    xmlns = f'xmlns:{ns[:-1]}="{MAIN}"' if ns else f'xmlns="{MAIN}"'
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<{ns}worksheet {xmlns} xmlns:r="{REL}">{before}<{ns}sheetData>{rows}'
        f"</{ns}sheetData>{after}</{ns}worksheet>"
    )


EDGE_ROWS = """
<row r="1" spans="1:16">
 <c r="A1" t="s"><v>0</v></c>
 <c r="B1" t="inlineStr"><is><r><t>rich </t></r>
  <r><rPr><b/></rPr><t xml:space="preserve"> text </t></r>
  <rPh sb="0" eb="1"><t>PHONETIC</t></rPh></is></c>
 <c r="C1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>
 <c r="D1" t="b"><v>1</v></c>
 <c r="E1" t="e"><f>1/0</f><v>#DIV/0!</v></c>
 <c r="F1" t="d"><v>2024-03-01T10:30:00</v></c>
 <c r="G1" s="1"><v>45000</v></c>
 <c r="H1" s="3"><v>1.5</v></c>
 <c r="I1" s="2"><v>0.25</v></c>
 <c r="J1"><v>5</v></c>
 <c r="K1"><v>5.0</v></c>
 <c r="L1"><v>1E3</v></c>
 <c r="M1" t="str"><f>""</f><v></v></c>
 <c r="N1" t="inlineStr"><is><t/></is></c>
 <c r="O1" s="4"><v>3</v></c>
 <c r="P1" s="8"><v>-2.5</v></c>
</row>
<row><c><v>1</v></c><c t="b"><v>0</v></c><c r="E2"><v>5</v></c><c><v>6</v></c></row>
<row r="4"><c r="A4" t="s"><v>1</v></c><c r="B4" t="s"><v>2</v></c><c r="C4" t="s"><v>3</v></c>
 <c r="D4" t="d"><v>2024-03-01</v></c><c r="E4" t="d"><v>10:30:00</v></c>
 <c r="F4" t="e"><v>#N/A</v></c><c r="G4" s="7"><v>45292</v></c>
 <c r="H4" s="6"><v>0.75</v></c></row>
<row r="5" spans="1:5">
 <c r="A5"><f>A1+1</f><v>2</v></c>
 <c r="B5"><f t="shared" ref="B5:D8" si="0">{SHARED}</f><v>4</v></c>
 <c r="C5"><f t="shared" si="0"/><v>4</v></c>
 <c r="E5"><f t="shared" ref="E5:E7" si="1">IF(  a5 &gt;=1,  "x" ,D5 )  &amp;  "A1"</f><v>0</v></c>
</row>
<row r="6">
 <c r="B6"><f t="shared" si="0"/><v>0</v></c><c r="D6"><f t="shared" si="0"/><v>0</v></c>
 <c r="E6"><f t="shared" si="1"/><v>0</v></c>
 <c r="F6" s="5"><v>60</v></c><c r="G6" s="5"><v>59.5</v></c><c r="H6" s="1"><v>61</v></c>
 <c r="I6" s="1"><v>0</v></c><c r="J6" s="3"><v>1.0000001</v></c><c r="K6" s="2"><v>2958466</v></c>
</row>
<row r="7" hidden="1"><c r="E7"><f t="shared" si="1"/><v>0</v></c>
 <c r="F7"><f t="array" ref="F7:F8">SUM(A1:A2*B1:B2)</f><v>7</v></c>
 <c r="G7" s="1"/><c r="H7" s="1" t="s"><v>4</v></c></row>
<row r="9"><c r="C9" s="1"><v>1</v></c><c r="A9"><v>7</v></c><c r="C9"><v>8</v></c></row>
<row r="12"/>
<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>
""".replace(
    "{SHARED}", "A5*2+$A$1+SUM(A$1:A5)+'Other sheet'!A5+LOG10(B1)+COUNTIF(A:A,\"A1\")+SUM(4:4)"
)
EDGE_STRINGS = [
    "shared",
    '<si><r><t>Rich</t></r><r><rPr><i/></rPr><t xml:space="preserve"> shared </t></r>'
    '<rPh sb="0" eb="1"><t>ignored</t></rPh><phoneticPr fontId="0"/></si>',
    "<si><t>line&#10;break &amp; &lt;tag&gt; _x000D_ kept</t></si>",
    "<si><t/></si>",
    "<si><t>  spaces  </t></si>",
]


def test_edge_cases_read_like_openpyxl(tmp_path: Path) -> None:
    path = package(
        tmp_path / "edge.xlsx",
        [("Edge", "visible", worksheet(EDGE_ROWS)), ("Other sheet", "hidden", worksheet(""))],
        EDGE_STRINGS,
    )
    got = assert_same_cells(path)["Edge"]
    assert got[1, 1] == ("shared", None)
    assert got[1, 2] == ("rich  text ", None)  # runs joined, phonetic text left out
    assert got[1, 3] == ("ab", '="a"&"b"')
    assert got[1, 4] == (True, None)
    assert got[1, 5] == ("#DIV/0!", "=1/0")
    assert got[1, 6] == (dt.datetime(2024, 3, 1, 10, 30), None)
    assert got[1, 7] == (dt.datetime(2023, 3, 15), None)
    assert got[1, 8] == (dt.timedelta(hours=36), None)
    assert got[1, 9] == (dt.time(6), None)
    assert got[1, 10] == (5, None) and got[1, 11] == (5.0, None) and got[1, 12] == (1000.0, None)
    assert got[1, 13] == (None, '=""')  # LibreOffice's empty string result
    assert got[1, 14] == ("", None)
    assert got[1, 15] == (3, None) and got[1, 16] == (-2.5, None)
    assert [k for k in got if k[0] == 2] == [(2, 1), (2, 2), (2, 5), (2, 6)]  # no r: by position
    assert got[4, 1] == ("Rich shared ", None)
    assert got[4, 2] == ("line\nbreak & <tag> _x000D_ kept", None)  # _xHHHH_ left for the caller
    assert got[4, 3] == ("", None)
    assert got[5, 2][1].startswith("=A5*2+$A$1+SUM(A$1:A5)+'Other sheet'!A5+LOG10(B1)")
    assert got[6, 4][1] == (
        "=C6*2+$A$1+SUM(C$1:C6)+'Other sheet'!C6+LOG10(D2)+COUNTIF(C:C,\"A1\")+SUM(5:5)"
    )
    assert got[6, 5][1] == '=IF( A6 >=1, "x" ,D6 ) & "A1"'  # as openpyxl's tokenizer renders it
    assert got[6, 6][0] == dt.datetime(1900, 2, 28, 0, 0)  # day 60: the 29 Feb 1900 that wasn't
    assert got[7, 6] == (7, "=SUM(A1:A2*B1:B2)")
    assert got[7, 8] == ("  spaces  ", None)  # a string in a date-styled cell stays a string
    assert got[9, 1] == (7, None) and got[9, 3] == (8, None)  # sorted, the last C9 wins
    assert got[1048576, 16384] == (1, None)
    with Book(path) as book:
        assert [s.name for s in book.sheets] == ["Edge", "Other sheet"]
        assert book.sheets[1] == SheetInfo("Other sheet", "hidden", "xl/worksheets/sheet2.xml")
        rows = dict(book.rows("Edge"))
        assert 12 not in rows  # a row without cells
        assert rows[7][2] == Cell(7, None, None, False)  # a styled empty cell is a cell
        assert rows[1][4] == Cell(5, "#DIV/0!", "=1/0", True)
        assert rows[4][5] == Cell(6, "#N/A", None, True)


def test_prefixed_namespace_absolute_targets_and_pretty_printing(tmp_path: Path) -> None:
    rows = """
    <x:row r="1">
      <x:c r="A1" t="s">
        <x:v>0</x:v>
      </x:c>
      <x:c r="B1" t="str">
        <x:f>A1&amp;"!"</x:f>
        <x:v>shared!</x:v>
      </x:c>
      <x:c r="C1" t="inlineStr"><x:is><x:t>inline</x:t></x:is></x:c>
    </x:row>
    """
    merges = '<x:mergeCells count="1"><x:mergeCell ref="D1:E2"/></x:mergeCells>'
    path = package(
        tmp_path / "prefixed.xlsx",
        [("S", "visible", worksheet(rows, after=merges, ns="x:"))],
        ["shared"],
        absolute=True,
    )
    got = assert_same_cells(path)["S"]
    assert got == {
        (1, 1): ("shared", None),
        (1, 2): ("shared!", '=A1&"!"'),
        (1, 3): ("inline", None),
    }
    assert_same_merges(path)
    with Book(path) as book:
        assert book.merged("S") == [(1, 4, 2, 5)]
        assert book.sheets[0].path == "xl/worksheets/sheet1.xml"


def test_a_huge_dimension_is_ignored(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="A1"><v>1</v></c></row><row r="3"><c r="B3"><v>2</v></c></row>'
    path = package(
        tmp_path / "dim.xlsx",
        [("S", "visible", worksheet(rows, before='<dimension ref="A1:XFD1048576"/>'))],
    )
    start = time.perf_counter()
    with Book(path) as book:
        assert list(book.rows("S")) == [
            (1, [Cell(1, 1, None, False)]),
            (3, [Cell(2, 2, None, False)]),
        ]
    assert time.perf_counter() - start < 1


def test_1904_dates(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>1</v></c>'
    rows += '<c r="C1" s="5"><v>45000.5</v></c><c r="D1" s="1"><v>59</v></c></row>'
    path = package(tmp_path / "mac.xlsx", [("S", "visible", worksheet(rows))], date1904=True)
    got = assert_same_cells(path)["S"]
    assert got[1, 2] == (dt.datetime(1904, 1, 2), None)
    with Book(path) as book:
        assert book.date1904


def test_shared_formulas_translate_like_openpyxl() -> None:
    formulas = [
        "=A1+B$2+$C3+$D$4",
        "=SUM(A1:B2)*SUM($A1:B$2)+SUM(A:B)+SUM($A:B)+SUM(1:2)+SUM($1:2)",
        "='My sheet'!A1+Other!B2+[1]Ext!C3+'it''s'!D4",
        '=IF(A1="B2",C3,"D4")&"""E5"""',
        "=LOG10(A1)+ATAN2(B1,C1)+xyz+TAX2023+abcd1",
        "=Table1[Column]+Table1[[#This Row],[Col]]+A1",
        "=1E+3+1.5e-2*A1-+-B1%",
        "={1,2;3,4}+A1",
        "=A1:B2 C3:D4,E5",
        "=#REF!+A1",
        "=a1+$b$2+c$3",
        "=SUM(  A1 ,\n B1  )",
        "=TRUE+FALSE+A1",
        "=OFFSET(A1,1,1):B5",
        "=A1:B2:C3",
        "=SUM(A1048575:A1048576)",
    ]
    for formula in formulas:
        for origin, dest in (("B2", "D7"), ("C3", "C3"), ("E5", "Z100"), ("A1", "AA1")):
            expected = Translator(formula, origin).translate_formula(dest)
            row, col = openpyxl.utils.cell.coordinate_to_tuple(origin)
            to_row, to_col = openpyxl.utils.cell.coordinate_to_tuple(dest)
            assert _SharedFormula(formula, row, col).at(to_row, to_col) == expected, formula


def test_shared_formulas_off_the_sheet_and_unreadable() -> None:
    """openpyxl raises for these; a reference moved off the sheet becomes #REF! like in Excel,
    a sheet-qualified name keeps its sheet, and an unreadable master formula is kept as is."""
    assert _SharedFormula("=A2+B1+$A$1", 2, 2).at(1, 1) == "=#REF!+#REF!+$A$1"
    assert _SharedFormula("=Data!B2+Data!C1", 3, 3).at(2, 2) == "=Data!A1+Data!#REF!"
    assert _SharedFormula("=Data!name+A1", 1, 1).at(2, 1) == "=Data!name+A2"
    assert _SharedFormula("=Data!#REF!+A1", 1, 1).at(2, 1) == "=Data!#REF!+A2"
    assert _SharedFormula('=SUM(A1,"unclosed', 1, 1).at(2, 2) == '=SUM(A1,"unclosed'


def test_date_helpers_match_openpyxl() -> None:
    from openpyxl.styles import numbers
    from openpyxl.utils import datetime as odt

    from xlplan.xlsx import xlsxcells as xlsxcells

    formats = [
        *numbers.BUILTIN_FORMATS.values(),
        "dd/mm/yyyy",
        "yyyy-mm-dd hh:mm:ss",
        "[h]:mm:ss",
        "[mm]:ss",
        "[ss].00",
        "[hh]",
        '"day" 0',
        "[Red]0.00",
        "[$-409]mmm yy;@",
        "[$€-40C] #,##0.00",
        '0.00_);[Red]"d"(0.00)',
        "# ?/?",
        "\\d 0",
        "_d0",
        "mm:ss;0",
        "0;[h]:mm",
    ]
    for fmt in formats:
        assert xlsxcells.is_date_format(fmt) == numbers.is_date_format(fmt), fmt
        assert xlsxcells.is_timedelta_format(fmt) == numbers.is_timedelta_format(fmt), fmt

    def outcome(fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except (ValueError, OverflowError) as exc:
            return type(exc)

    serials = [0, 0.25, 0.99999999, 0.999999999999, 1, 1.5, 59, 59.5, 60, 60.5, 61, 45000]
    serials += [45000.123456789, 2958465.99999, 2958466, -0.5, -1, -700000, 1e300]
    for value in serials:
        for epoch in (odt.WINDOWS_EPOCH, odt.MAC_EPOCH):
            for timedelta in (False, True):
                ours = outcome(xlsxcells.from_excel, value, epoch, timedelta)
                assert ours == outcome(odt.from_excel, value, epoch, timedelta), value
    texts = ["2024-03-01", "2024-03-01T10:30:00", "2024-03-01T10:30:00.5Z", "10:30"]
    texts += ["10:30:15.123", "T10:30", "PT1H30M", "PT5.5S", "PT0S", "garbage", "2024-13-01"]
    for text in texts:
        assert outcome(xlsxcells.from_iso8601, text) == outcome(odt.from_ISO8601, text), text


def test_data_table_formula(tmp_path: Path) -> None:
    rows = '<row r="2"><c r="B2"><f t="dataTable" ref="B2:C3" dt2D="1" dtr="1" r1="A1" r2="A2"/>'
    rows += '<v>3</v></c><c r="C2"><f t="dataTable" ref="C2:C3" dt2D="0" dtr="0" r1="A1"/>'
    rows += "<v>4</v></c></row>"
    path = package(tmp_path / "table.xlsx", [("S", "visible", worksheet(rows))])
    with Book(path) as book:
        assert list(book.rows("S")) == [
            (2, [Cell(2, 3, "=TABLE(A1,A2)", False), Cell(3, 4, "=TABLE(,A1)", False)])
        ]


# --- workbooks written by applications ---------------------------------------------------------


@pytest.fixture(scope="module")
def xlplan_workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("xlsxcells")
    return {
        f"{name}.{lang}": build(sample(name), folder / f"{name}.{lang}.xlsx", lang=lang)
        for name in ("mimine", "bob", "northwind-coffee")
        for lang in ("fr", "en")
    }


@pytest.mark.parametrize("name", ["mimine.fr", "mimine.en", "bob.fr", "bob.en"])
def test_xlplan_workbooks(xlplan_workbooks: dict[str, Path], name: str) -> None:
    path = xlplan_workbooks[name]
    got = assert_same_cells(path)
    assert any(f for sheet in got.values() for _, f in sheet.values())
    assert_same_merges(path)
    wb = load(path)
    with Book(path) as book:
        assert [(s.name, s.state) for s in book.sheets] == [
            (ws.title, ws.sheet_state) for ws in wb.worksheets
        ]
        assert not book.date1904


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_northwind_coffee(xlplan_workbooks: dict[str, Path], lang: str) -> None:
    assert_same_cells(xlplan_workbooks[f"northwind-coffee.{lang}"])


def test_libreoffice_round_trip(xlplan_workbooks: dict[str, Path], tmp_path: Path) -> None:
    """An xlplan workbook and the hand-made edge cases (with Excel's shared formulas), saved by
    LibreOffice: formula strings are t="str" (an empty result has an empty <v>), booleans are
    formulas TRUE()/FALSE(); LibreOffice 7.4 writes each shared formula out in full."""
    edge_rows = EDGE_ROWS.replace('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', "")
    edge = package(
        tmp_path / "edge.xlsx",
        [("Edge", "visible", worksheet(edge_rows)), ("Other sheet", "hidden", worksheet(""))],
        EDGE_STRINGS,
    )
    saved = recalculate_many([xlplan_workbooks["mimine.fr"], edge], tmp_path / "lo")
    for path in saved:
        with zipfile.ZipFile(path) as z:
            xml = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
        assert b't="str"' in xml
        got = assert_same_cells(path)
        assert_same_merges(path)
    assert any(v is None and f for sheet in got.values() for v, f in sheet.values())
    assert got["Edge"][6, 4][1] == (
        "=C6*2+$A$1+SUM(C$1:C6)+'Other sheet'!C6+LOG10(D2)+COUNTIF(C:C,\"A1\")+SUM(5:5)"
    )


def test_openpyxl_workbook(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["text", " padded ", "", 5, 5.5, -1e20, True, False, None, 0])
    ws.append([dt.datetime(2024, 2, 29, 13, 45, 30), dt.date(1900, 1, 1), dt.time(18, 30)])
    ws["D2"] = dt.timedelta(hours=30, minutes=15)
    ws["E2"] = dt.datetime(2024, 1, 1)
    ws["E2"].number_format = "dd/mm/yyyy hh:mm"
    ws["F2"] = 45000
    ws["F2"].number_format = '"Week" 0'
    ws["G2"] = 45000
    ws["G2"].number_format = "[$-fr-FR]d mmmm yyyy"
    ws["A3"] = "=SUM(D1:E1)"
    ws["B3"] = ArrayFormula("B3:B4", "=D1:D2*2")
    ws["C3"] = "#REF!"
    ws["C3"].data_type = "e"
    ws["D3"] = "#N/A"
    ws["E3"] = CellRichText("plain ", TextBlock(InlineFont(b=True), "bold"))
    ws.merge_cells("A5:C6")
    ws.merge_cells("E5:E9")
    wb.create_sheet("Hidden").sheet_state = "hidden"
    wb.create_sheet("Very").sheet_state = "veryHidden"
    wb["Very"]["A1"] = "secret"
    path = tmp_path / "openpyxl.xlsx"
    wb.save(path)
    got = assert_same_cells(path)["Data"]
    assert got[3, 3] == ("#REF!", None) and got[3, 4] == ("#N/A", None)
    assert got[3, 5] == ("plain bold", None)
    assert got[2, 4] == (dt.timedelta(hours=30, minutes=15), None)
    assert_same_merges(path)
    with Book(path) as book:
        assert [(s.name, s.state) for s in book.sheets] == [
            ("Data", "visible"),
            ("Hidden", "hidden"),
            ("Very", "veryHidden"),
        ]
        assert [c.is_error for c in dict(book.rows("Data"))[3]] == [False, False, True, True, False]

    wb.epoch = CALENDAR_MAC_1904
    wb.iso_dates = True  # t="d" cells
    wb.save(path)
    assert_same_cells(path)
    with Book(path) as book:
        assert book.date1904


def test_xlsxwriter_workbook(tmp_path: Path) -> None:
    path = tmp_path / "xlsxwriter.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Sheet 1")
    bold = wb.add_format({"bold": True})
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_rich_string("A1", "plain ", bold, "bold", " end")
    ws.write_string("B1", "  padded\n")
    ws.write_datetime("D1", dt.datetime(2023, 12, 31, 23, 59, 59), date)
    ws.write_boolean("E1", True)
    ws.write_formula("F1", "=D1+1", date, 45292)
    ws.write_formula("G1", '=IF(E1,"yes","")', None, "yes")
    ws.write_array_formula("H1:H2", "{=A2:A3*2}", None, 4)
    ws.write_formula("I1", "=1/0", None, "#DIV/0!")
    ws.write_number("A2", 2)
    ws.write_number("A3", 0.1)
    ws.merge_range("B4:D5", "merged", bold)
    wb.add_worksheet("Empty").hide()
    wb.close()
    got = assert_same_cells(path)["Sheet 1"]
    assert got[1, 1] == ("plain bold end", None)
    assert got[1, 2] == ("  padded\n", None)
    assert got[1, 9] == ("#DIV/0!", "=1/0")
    assert_same_merges(path)


def test_escapes_are_left_to_the_caller(tmp_path: Path) -> None:
    """xlsxwriter writes a literal "_x0041_" as "_x005F_x0041_" (and a control character as
    "_x0001_"): Book returns the text as stored, where openpyxl deletes "x005F_" from shared
    strings (only)."""
    path = tmp_path / "escapes.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("S").write_row(0, 0, ["_x0041_ literal", "bell\x07"])
    wb.close()
    with Book(path) as book:
        values = [c.value for _, cells in book.rows("S") for c in cells]
    assert values == ["_x005F_x0041_ literal", "bell_x0007_"]
    assert openpyxl_cells(path)["S"][1, 1] == ("_x0041_ literal", None)


# --- hostile and broken files ---------------------------------------------------------------

BOMB = '<?xml version="1.0"?>\n' + BILLION_LAUGHS.decode() + "\n"
BOMB_SHEET = (
    BOMB
    + worksheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>')[
        len('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>') :
    ]
)
EXTERNAL = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'


def test_entity_bombs_and_external_entities_are_refused(tmp_path: Path) -> None:
    start = time.perf_counter()
    path = package(tmp_path / "bomb.xlsx", [("S", "visible", BOMB_SHEET)])
    with Book(path) as book, pytest.raises(XlsxError, match="DOCTYPE"):
        list(book.rows("S"))
    with Book(path) as book, pytest.raises(XlsxError, match="DOCTYPE"):
        book.merged("S")
    path = package(tmp_path / "strings.xlsx", [("S", "visible", worksheet(""))], [])
    with zipfile.ZipFile(path, "a") as z, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # duplicate name: the last one is read
        z.writestr(
            "xl/sharedStrings.xml", EXTERNAL + f'<sst xmlns="{MAIN}"><si><t>&e;</t></si></sst>'
        )
    with Book(path) as book, pytest.raises(XlsxError, match="DOCTYPE"):
        list(book.rows("S"))
    workbook = BOMB + f'<workbook xmlns="{MAIN}"><sheets/></workbook>'
    with pytest.raises(XlsxError, match="DOCTYPE"):
        Book(package(tmp_path / "wb.xlsx", [], workbook=workbook))
    styles = package(
        tmp_path / "styles.xlsx", [("S", "visible", worksheet(""))], styles=BOMB + "<styleSheet/>"
    )
    with Book(styles) as book, pytest.raises(XlsxError, match="DOCTYPE"):
        list(book.rows("S"))  # (the styles are read with the first sheet)
    assert time.perf_counter() - start < 2


def test_broken_files(tmp_path: Path) -> None:
    (tmp_path / "text.xlsx").write_text("a,b\n1,2\n")
    with pytest.raises(XlsxError, match=r"not an \.xlsx"):
        Book(tmp_path / "text.xlsx")
    with zipfile.ZipFile(tmp_path / "empty.xlsx", "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(XlsxError, match="no workbook part"):
        Book(tmp_path / "empty.xlsx")
    bad = {
        "unclosed": ('<row r="1"><c r="A1"><v>1</v></row>', "not well-formed"),
        "string": ('<row r="1"><c r="A1" t="s"><v>7</v></c></row>', "no shared string"),
        "negative": ('<row r="1"><c r="A1" t="s"><v>-1</v></c></row>', "no shared string"),
        "number": ('<row r="1"><c r="A1"><v>abc</v></c></row>', "A1: 'abc' is not of type 'n'"),
        "bool": ('<row r="1"><c r="A1" t="b"><v>x</v></c></row>', "is not of type 'b'"),
        "ref": ('<row r="1"><c r="A-1"><v>1</v></c></row>', "not like 'B12'"),
        "row": ('<row r="1.5"><c r="A1"><v>1</v></c></row>', "not a whole number"),
        "entity": ('<row r="1"><c r="A1" t="str"><v>&nbsp;</v></c></row>', "not well-formed"),
    }
    for name, (rows, message) in bad.items():
        path = package(tmp_path / f"{name}.xlsx", [("S", "visible", worksheet(rows))], ["one"])
        with Book(path) as book, pytest.raises(XlsxError, match=message):
            list(book.rows("S"))
    with Book(path) as book, pytest.raises(KeyError, match="no sheet 'Nope'"):
        book.rows("Nope")


# --- bounded work and speed -----------------------------------------------------------------


@pytest.fixture(scope="module")
def ten_thousand_rows(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """10 000 rows like an action plan's: text, dates, numbers, a few formulas per row."""
    path = tmp_path_factory.mktemp("big") / "10k.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Plan")
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    money = wb.add_format({"num_format": "#,##0.00 €"})
    ws.write_row(0, 0, ["ID", "Action", "Owner", "Start", "End", "Status", "Progress"])
    start = dt.date(2024, 1, 1)
    for i in range(1, 10_001):
        ws.write_string(i, 0, f"A{i}")
        ws.write_string(i, 1, f"Relancer les partenariats #{i}")
        ws.write_string(i, 2, f"Owner {i % 20:02d}")
        ws.write_datetime(i, 3, start + dt.timedelta(days=i % 300), date)
        ws.write_datetime(i, 4, start + dt.timedelta(days=i % 300 + 30), date)
        ws.write_string(i, 5, ("todo", "in progress", "done")[i % 3])
        ws.write_number(i, 6, (i % 11) / 10)
        for q in range(4):
            ws.write_number(i, 7 + q, (i * 7 + q) % 50 * 100, money)
        ws.write_formula(i, 11, f"=SUM(H{i + 1}:K{i + 1})", money, (i * 7) % 50 * 400)
        ws.write_formula(i, 12, f'=IF(F{i + 1}="done",L{i + 1},0)', money, 0)
        ws.write_string(i, 13, "Voir le compte rendu" if i % 5 == 0 else "")
    wb.close()
    return path


def test_max_rows_and_max_cols_bound_the_work(ten_thousand_rows: Path) -> None:
    def cpu(fn: Any) -> float:
        start = time.process_time()
        fn()
        return time.process_time() - start

    with Book(ten_thousand_rows) as book:
        assert list(book.rows("Plan", max_rows=0)) == []  # (reads the shared strings)
        rows = list(book.rows("Plan", max_rows=3, max_cols=2))
        assert [(r, [c.col for c in cells]) for r, cells in rows] == [
            (1, [1, 2]),
            (2, [1, 2]),
            (3, [1, 2]),
        ]
        assert rows[2][1][1].value == "Relancer les partenariats #2"
        wide = [cells for _, cells in book.rows("Plan", max_cols=13)]
        assert len(wide) == 10_001 and max(c.col for cells in wide for c in cells) == 13
        first_rows = cpu(lambda: list(book.rows("Plan", max_rows=3)))
        all_rows = cpu(lambda: list(book.rows("Plan")))
        assert first_rows < all_rows / 10  # stopped after the first 64 KiB of XML


def test_ten_thousand_rows_against_openpyxl(
    ten_thousand_rows: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Same cells as openpyxl; the timings are printed, not asserted (machines differ)."""

    def timed(fn: Any) -> tuple[float, Any]:
        start = time.process_time()  # CPU time: steadier than the clock on a busy machine
        result = fn()
        return time.process_time() - start, result

    def openpyxl_values(data_only: bool) -> int:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning)
            wb = openpyxl.load_workbook(ten_thousand_rows, read_only=True, data_only=data_only)
            n = sum(len(row) for row in wb["Plan"].iter_rows(values_only=True))
            wb.close()
        return n

    def book() -> int:
        with Book(ten_thousand_rows) as b:
            return sum(len(cells) for _, cells in b.rows("Plan"))

    t_book, cells = min(timed(book) for _ in range(3))
    t_values, _ = timed(lambda: openpyxl_values(True))
    t_formulas, _ = timed(lambda: openpyxl_values(False))
    assert cells >= 10_001 * 13
    with capsys.disabled():
        print(
            f"\n10 000 rows, {cells} cells, CPU time: Book {t_book:.2f} s (values and formulas); "
            f"openpyxl read-only values {t_values:.2f} s, formulas {t_formulas:.2f} s: "
            f"{(t_values + t_formulas) / t_book:.1f}x faster than both, "
            f"{t_values / t_book:.1f}x than values alone"
        )
    assert_same_cells(ten_thousand_rows)
