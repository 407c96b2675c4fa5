"""Where a field path (``actions[2].owner``) lies in a plan file: its line, for messages.

`YamlLocator` walks the YAML node tree the loader composed; `JsonLocator` parses the JSON text
again with the standard library's pure-Python scanner, noting where each value starts (only when
a message needs a line: the first parse uses the fast C scanner).
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # (imported where used: `Origin` is on the path of every workbook's reading)
    import yaml

__all__ = ["JsonLocator", "Locator", "Origin", "YamlLocator", "path_parts"]

_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def path_parts(path: str) -> list[int | str]:
    """``actions[2].owner`` → ``["actions", 2, "owner"]``; a part that is not a name or an
    index (a key holding a dot or a bracket) ends the walk where it stands."""
    return [int(index) if index else name for index, name in _PART.findall(path)]


@dataclass(frozen=True)
class Origin:
    """Where a plan was read from: its file, and the lines of the fields its warnings name."""

    source: str
    lines: Mapping[str, int]


class Locator(Protocol):
    def line(self, path: str) -> int | None:
        """The 1-based line of the value at a field path, or of the nearest value on its way."""


class YamlLocator:
    """Lines of a YAML plan file, from its node tree."""

    def __init__(self, root: yaml.Node | None) -> None:
        self.root = root

    def line(self, path: str) -> int | None:
        import yaml  # (already loaded: the node tree came from it)

        node = self.root
        line = node.start_mark.line + 1 if node is not None else None
        for part in path_parts(path):
            child: yaml.Node | None = None
            if isinstance(part, int) and isinstance(node, yaml.SequenceNode):
                child = node.value[part] if part < len(node.value) else None
            elif isinstance(node, yaml.MappingNode):
                child = next((v for k, v in node.value if k.value == str(part)), None)
            if child is None:
                break
            node, line = child, child.start_mark.line + 1
        return line


class _Located(dict[str, Any]):
    """A JSON object with the offset where each of its values starts (and the first key given
    twice, with both offsets)."""

    starts: dict[str, int]
    twice: tuple[int, int] | None


class _LocatedList(list[Any]):
    starts: list[int]


class JsonLocator:
    """Lines of a JSON plan file, from a second, position-noting parse of its text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._tree: Any = None
        self._parsed = False
        self._twice: tuple[int, int] | None = None
        self._newlines: list[int] = []

    def _parse(self) -> Any:
        if not self._parsed:
            self._parsed = True
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
            decoder = json.JSONDecoder(parse_int=len, parse_float=len)
            decoder.parse_object = self._object  # type: ignore[attr-defined]
            decoder.parse_array = self._array  # type: ignore[attr-defined]
            decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
            try:
                self._tree = decoder.decode(self.text)
            except (ValueError, RecursionError):
                self._tree = None
        return self._tree

    def _object(self, s_and_end: tuple[str, int], strict: bool, scan_once: Any, *args: Any) -> Any:
        starts: list[int] = []

        def scan(s: str, idx: int) -> Any:
            starts.append(idx)
            return scan_once(s, idx)

        pairs, end = json.decoder.JSONObject(  # type: ignore[attr-defined]
            s_and_end, strict, scan, None, lambda p: p, *args[2:]
        )
        located = _Located()
        located.starts = {}
        for (key, value), start in zip(pairs, starts, strict=False):
            if key in located.starts and self._twice is None:
                self._twice = (located.starts[key], start)
            located[key] = value
            located.starts[key] = start
        return located, end

    def _array(self, s_and_end: tuple[str, int], scan_once: Any, *args: Any) -> Any:
        starts: list[int] = []

        def scan(s: str, idx: int) -> Any:
            starts.append(idx)
            return scan_once(s, idx)

        values, end = json.decoder.JSONArray(s_and_end, scan, *args)  # type: ignore[attr-defined]
        located = _LocatedList(values)
        located.starts = starts
        return located, end

    def _line_of(self, offset: int) -> int:
        return bisect.bisect_left(self._newlines, offset) + 1

    def line(self, path: str) -> int | None:
        node = self._parse()
        if node is None:
            return None
        line = None
        for part in path_parts(path):
            if isinstance(node, _Located) and str(part) in node.starts:
                line = self._line_of(node.starts[str(part)])
                node = node[str(part)]
            elif isinstance(node, _LocatedList) and isinstance(part, int) and part < len(node):
                line = self._line_of(node.starts[part])
                node = node[part]
            else:
                break
        return line

    def duplicate(self) -> tuple[int | None, int | None]:
        """The lines of the first key given twice in one object: (second, first)."""
        self._parse()
        if self._twice is None:
            return None, None
        first, second = self._twice
        return self._line_of(second), self._line_of(first)
