"""The reading façade (`xlplan.xlsx.grid`) on workbooks in every shape: written by xlplan
(xlsxwriter), openpyxl, xlsxwriter directly, and by hand (prefixed XML, absolute part names,
pretty-printed XML, a 1904 date system, damaged and hostile parts).

Values are python-calamine's; what calamine does not give (error values, formulas, merged
ranges, sheet visibility, the date system) is checked here against what the files hold.
"""

from __future__ import annotations

import datetime as dt
import random
import string
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from conftest import sample
from hostile import BILLION_LAUGHS
from openpyxl.worksheet.formula import ArrayFormula

from xlplan.errors import WorkbookError
from xlplan.reading.parse import ErrorValue
from xlplan.writing.workbook import build
from xlplan.xlsx.grid import Book

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


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


BOMB = '<?xml version="1.0"?>\n' + BILLION_LAUGHS.decode() + "\n"
BOMB_SHEET = (
    BOMB
    + worksheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>')[
        len('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>') :
    ]
)
EXTERNAL = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'


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
    with Book(path) as book:
        assert book.sheetnames == ["S"]
        sheet = book.sheet("S")
        assert sheet.rows == [["shared", "shared!", "inline"]]
        assert sheet.merged == [(0, 3, 1, 4)]
        assert sheet.formulas(1) == {0: '=A1&"!"'}


def test_1904_dates(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="A1" s="1"><v>10</v></c><c r="B1" s="1"><v>1</v></c>'
    rows += '<c r="C1" s="5"><v>45000.5</v></c><c r="D1" s="1"><v>59</v></c></row>'
    path = package(tmp_path / "mac.xlsx", [("S", "visible", worksheet(rows))], date1904=True)
    with Book(path) as book:
        assert book.date1904
        assert book.sheet("S").rows == [
            [
                dt.date(1904, 1, 11),
                dt.date(1904, 1, 2),
                dt.datetime(2027, 3, 16, 12),
                dt.date(1904, 2, 29),
            ]
        ]


def test_a_huge_dimension_is_ignored(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="A1"><v>1</v></c></row><row r="3"><c r="B3"><v>2</v></c></row>'
    path = package(
        tmp_path / "dim.xlsx",
        [("S", "visible", worksheet(rows, before='<dimension ref="A1:XFD1048576"/>'))],
    )
    with Book(path) as book:
        assert book.sheet("S").rows == [[1.0, ""], ["", ""], ["", 2.0]]


def test_entity_bombs_and_external_entities_are_refused(tmp_path: Path) -> None:
    refused = pytest.raises(WorkbookError, match="DTD")
    path = package(tmp_path / "bomb.xlsx", [("S", "visible", BOMB_SHEET)])
    with Book(path) as book, refused:
        book.sheet("S")
    path = package(tmp_path / "strings.xlsx", [("S", "visible", worksheet(""))], [])
    with zipfile.ZipFile(path, "a") as z, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # duplicate name: the last one is read
        z.writestr(
            "xl/sharedStrings.xml", EXTERNAL + f'<sst xmlns="{MAIN}"><si><t>&e;</t></si></sst>'
        )
    with pytest.raises(WorkbookError, match="DTD"):
        Book(path)
    workbook = BOMB + f'<workbook xmlns="{MAIN}"><sheets/></workbook>'
    with pytest.raises(WorkbookError, match="DTD"):
        Book(package(tmp_path / "wb.xlsx", [], workbook=workbook))
    styles = package(
        tmp_path / "styles.xlsx", [("S", "visible", worksheet(""))], styles=BOMB + "<styleSheet/>"
    )
    with pytest.raises(WorkbookError, match="DTD"):
        Book(styles)


def test_broken_files_are_refused_or_read_never_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "text.xlsx").write_text("a,b\n1,2\n")
    with pytest.raises(WorkbookError, match="text/CSV"):
        Book(tmp_path / "text.xlsx")
    with zipfile.ZipFile(tmp_path / "empty.xlsx", "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(WorkbookError, match="not an Excel workbook"):
        Book(tmp_path / "empty.xlsx")
    bad = {
        "unclosed": ('<row r="1"><c r="A1"><v>1</v></row>', "not well-formed"),
        "string": ('<row r="1"><c r="A1" t="s"><v>7</v></c></row>', "damaged"),
        "bool": ('<row r="1"><c r="A1" t="b"><v>x</v></c></row>', "damaged"),
        "ref": ('<row r="1"><c r="A-1"><v>1</v></c></row>', "has a cell at 'A-1'"),
        "row": ('<row r="1.5"><c r="A1"><v>1</v></c></row>', "has a row numbered '1.5'"),
        "entity": ('<row r="1"><c r="A1" t="str"><v>&nbsp;</v></c></row>', "not well-formed"),
    }
    for name, (rows, message) in bad.items():
        path = package(tmp_path / f"{name}.xlsx", [("S", "visible", worksheet(rows))], ["one"])
        with Book(path) as book, pytest.raises(WorkbookError, match=message):
            book.sheet("S")
    read = {  # (as openpyxl reads them)
        "negative": ('<row r="1"><c r="A1" t="s"><v>-1</v></c></row>', "one"),
        "number": ('<row r="1"><c r="A1"><v>abc</v></c></row>', "abc"),
    }
    for name, (rows, value) in read.items():
        path = package(tmp_path / f"{name}.xlsx", [("S", "visible", worksheet(rows))], ["one"])
        with Book(path) as book:
            assert book.sheet("S").rows == [[value]]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_xlplan_workbooks_sheets_and_states(tmp_path: Path, lang: str) -> None:
    path = build(sample("mimine"), tmp_path / "mimine.xlsx", lang=lang)  # type: ignore[arg-type]
    wb = openpyxl.load_workbook(path, read_only=True)
    with Book(path) as book:
        assert book.sheetnames == wb.sheetnames
        assert book.hidden == {ws.title for ws in wb.worksheets if ws.sheet_state != "visible"}
        assert not book.date1904
    wb.close()


def test_openpyxl_workbook(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["text", " padded ", "", 5, 5.5, True, None])
    ws["A3"] = "=SUM(D1:E1)"
    ws["B3"] = ArrayFormula("B3:B4", "=D1:D2*2")
    ws["C3"] = "#REF!"
    ws["C3"].data_type = "e"
    ws["D3"] = "#N/A"
    ws["E3"] = 0.4
    ws["E3"].number_format = "0%"
    ws.merge_cells("A5:C6")
    ws.merge_cells("E5:E9")
    wb.create_sheet("Hidden").sheet_state = "hidden"
    wb.create_sheet("Very").sheet_state = "veryHidden"
    wb["Very"]["A1"] = "secret"
    path = tmp_path / "openpyxl.xlsx"
    wb.save(path)
    with Book(path) as book:
        assert book.sheetnames == ["Data", "Hidden", "Very"]
        assert book.hidden == {"Hidden", "Very"}
        sheet = book.sheet("Data")
        assert sheet.rows[0][:6] == ["text", " padded ", "", 5, 5.5, True]
        assert type(sheet.rows[2][2]) is ErrorValue and sheet.rows[2][2] == "#REF!"
        assert type(sheet.rows[2][3]) is ErrorValue  # (openpyxl stores "#N/A" as an error)
        assert sorted(sheet.merged) == [(4, 0, 5, 2), (4, 4, 8, 4)]
        assert sheet.percent_rows(4) == {2}
        assert sheet.constants([0, 2]) == {(0, 0), (0, 2), (2, 2)}  # ("" is a cell too)
        assert sheet.with_formula({(2, 0), (2, 2)}) == {(2, 0)}


def test_xlsxwriter_workbook(tmp_path: Path) -> None:
    path = tmp_path / "xlsxwriter.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Sheet 1")
    bold = wb.add_format({"bold": True})
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_rich_string("A1", "plain ", bold, "bold", " end")
    ws.write_string("B1", "  padded\n")
    ws.write_datetime("D1", dt.datetime(2023, 12, 31, 23, 59, 59), date)
    ws.write_formula("F1", "=D1+1", date, 45292)
    ws.write_formula("I1", "=1/0", None, "#DIV/0!")
    ws.merge_range("B4:D5", "merged", bold)
    wb.add_worksheet("Empty").hide()
    wb.close()
    with Book(path) as book:
        assert book.hidden == {"Empty"}
        sheet = book.sheet("Sheet 1")
        assert sheet.rows[0][:2] == ["plain bold end", "  padded\n"]
        assert sheet.rows[0][3] == dt.datetime(2023, 12, 31, 23, 59, 59)
        assert sheet.rows[0][8] == ErrorValue("#DIV/0!")
        assert sheet.formulas(5) == {0: "=D1+1"}
        assert sheet.merged == [(3, 1, 4, 3)]


def test_escapes_are_undone(tmp_path: Path) -> None:
    """xlsxwriter writes a literal "_x0041_" as "_x005F_x0041_" (and a control character as
    "_x0001_"): the grid gives the text as typed."""
    path = tmp_path / "escapes.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("S").write_row(0, 0, ["_x0041_ literal", "bell\x07"])
    wb.close()
    with Book(path) as book:
        assert book.sheet("S").rows == [["_x0041_ literal", "bell\x07"]]


def test_a_sheet_in_an_odd_shape_gives_the_same_grid(tmp_path: Path) -> None:
    """Cells whose reference is not their first attribute: the facts come from openpyxl."""
    rows = '<row r="1"><c t="s" r="A1"><v>0</v></c><c s="0" r="B1"><f>1/0</f><v>#DIV/0!</v></c>'
    rows = rows.replace('<c s="0" r="B1">', '<c s="0" t="e" r="B1">')
    rows += '<c t="n" r="C1"><f>2+3</f><v>5</v></c></row>'
    path = package(tmp_path / "odd.xlsx", [("S", "visible", worksheet(rows))], ["text"])
    with Book(path) as book:
        sheet = book.sheet("S")
        assert sheet.xml is None  # (read by openpyxl)
        assert sheet.rows == [["text", ErrorValue("#DIV/0!"), 5]]
        assert sheet.formulas(2) == {0: "=2+3"}
        assert sheet.constants([0, 2]) == {(0, 0)}


def test_a_sheet_wider_than_z_and_with_merges_stays_on_the_fast_path(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="A1"><v>1</v></c><c r="AB1"><v>2</v></c></row>'
    merges = '<mergeCells count="1"><mergeCell ref="A3:AC4"/></mergeCells>'
    path = package(tmp_path / "wide.xlsx", [("S", "visible", worksheet(rows, after=merges))])
    with Book(path) as book:
        sheet = book.sheet("S")
        assert sheet.xml is not None  # (read by the fast scans)
        assert sheet.rows[0][27] == 2
        assert sheet.merged == [(2, 0, 3, 28)]


@pytest.mark.parametrize("cut", [1, 2, 3, 4])
def test_an_error_value_across_two_mebibytes_of_an_unread_sheet_is_found(
    tmp_path: Path, cut: int
) -> None:
    # Sheets nobody reads are searched a mebibyte at a time: the error cell's `t="e"` is put
    # across the first boundary, `cut` of its 5 bytes before it.
    letters = random.Random(1).choices(string.ascii_letters, k=2**20)  # (no zip bomb)

    def xml(pad: int) -> str:
        filler = f'<c r="A1" t="inlineStr"><is><t>{"".join(letters[:pad])}</t></is></c>'
        return worksheet(f'<row r="1">{filler}<c r="B1" t="e"><v>#REF!</v></c></row>')

    at = xml(0).index('t="e"')
    text = xml(2**20 - at - cut)
    assert text.index('t="e"') == 2**20 - cut
    path = package(tmp_path / "big.xlsx", [("S", "visible", text)])
    with Book(path) as book:
        assert book.error_cells("S") == [("B1", "#REF!")]
