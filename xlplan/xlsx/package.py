"""The small parts of a workbook's package that say where its sheets are: the workbook part and
its relationships, each sheet's name, visibility and zip member, the dates system and the cell
styles that show a percentage; and a zip member read without inflating past its declared size."""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from typing import Final
from xml.etree import ElementTree

__all__ = ["Package", "SheetPart", "read_member"]

_PERCENT_BUILTIN: Final = frozenset({9, 10})  # "0%", "0.00%"
_OFFICE_DOCUMENT: Final = "/officeDocument"


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _attr(element: ElementTree.Element, name: str) -> str:
    """An attribute by its local name, whatever its namespace (``r:id``)."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return ""


@dataclass(frozen=True)
class SheetPart:
    name: str
    state: str  # visible, hidden, veryHidden
    member: str  # the zip member of its XML


class Package:
    """The small parts of the package that say where the sheets are: the workbook part and its
    relationships (ElementTree: `guard` refused any document type in them already)."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.members = {n.casefold(): n for n in archive.namelist()}
        main = next(
            (t for typ, t in self.rels("").values() if typ.endswith(_OFFICE_DOCUMENT) and t),
            "xl/workbook.xml",
        )
        root = self.parse(main)
        if root is None:
            raise ValueError(f"no workbook part ({main})")
        rels = self.rels(main)
        self.sheets: list[SheetPart] = []
        self.date1904 = False
        for element in root.iter():
            tag = _local(element.tag)
            if tag == "workbookPr":
                self.date1904 = element.get("date1904", "") not in ("", "false", "f", "0")
            elif tag == "sheet":
                target = rels.get(_attr(element, "id"), ("", ""))[1]
                member = self.member(target)
                if member is not None:  # (a sheet whose part is missing: skipped, as openpyxl)
                    state = element.get("state", "visible")
                    self.sheets.append(SheetPart(element.get("name", ""), state, member))
        parts = {typ.rpartition("/")[2]: target for typ, target in rels.values() if target}
        self.styles = self.member(parts.get("styles", "xl/styles.xml"))

    def member(self, name: str) -> str | None:
        return self.members.get(name.casefold()) if name else None

    def parse(self, name: str) -> ElementTree.Element | None:
        member = self.member(name)
        if member is None:
            return None
        return ElementTree.fromstring(self.archive.read(member))

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """The relationships of `part`: id → (type, zip member, "" when external)."""
        folder, name = posixpath.split(part)
        root = self.parse(posixpath.join(folder, "_rels", f"{name}.rels"))
        out: dict[str, tuple[str, str]] = {}
        for rel in root.iter() if root is not None else ():
            if _local(rel.tag) != "Relationship":
                continue
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                target = ""
            elif target.startswith("/"):
                target = target[1:]
            else:
                target = posixpath.normpath(posixpath.join(folder, target))
            out[rel.get("Id", "")] = (rel.get("Type", ""), target)
        return out

    def percent_styles(self) -> frozenset[int]:
        """The cell styles (index of ``cellXfs``) whose number format shows a percentage."""
        root = self.parse(self.styles) if self.styles else None
        if root is None:
            return frozenset()
        custom = {
            element.get("numFmtId", ""): element.get("formatCode", "")
            for element in root.iter()
            if _local(element.tag) == "numFmt"
        }
        found: set[int] = set()
        for group in root.iter():
            if _local(group.tag) != "cellXfs":
                continue
            for index, xf in enumerate(group):
                fmt = xf.get("numFmtId", "0")
                if "%" in custom.get(fmt, "") or (fmt.isdigit() and int(fmt) in _PERCENT_BUILTIN):
                    found.add(index)
        return frozenset(found)


def read_member(archive: zipfile.ZipFile, member: str) -> bytes:
    """A member's bytes, a mebibyte at a time: zipfile then never inflates past the declared
    size (one ``read()`` would inflate everything a lying member holds before cutting it)."""
    with archive.open(member) as stream:
        return b"".join(iter(lambda: stream.read(1 << 20), b""))
