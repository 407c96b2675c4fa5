"""Plan files: load and save a `Plan` as YAML or JSON (UTF-8).

YAML is read with the safe loader only (no object construction). Errors name the file, the YAML
line and the field path: ``plan.yaml, line 14 (actions[2].owner): 'Zoe' is not a known owner``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import yaml

from ..errors import PlanFileError, PlanValidationError
from ..i18n import msg
from ..inputs import TooLarge, read_limited
from ..output import PLAN_FILE, atomic_write
from . import messages
from .locate import JsonLocator, Locator, Origin, YamlLocator
from .months import MONTHS_FIELD, fiscal_months, named_months
from .plan import Plan
from .validation import validate_plan

MAX_PLAN_FILE_BYTES = 20 * 1024 * 1024
"""The largest plan file read (a plan of 50 000 actions takes about 20 MB of YAML)."""
MAX_DEPTH = 20
"""How deeply a plan file's mappings and lists may nest (a plan needs 5 levels)."""

_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?")


def _iso_value(text: str) -> str | dt.date:
    """An ISO date or date-time string as a date/datetime; any other text unchanged."""
    try:
        if _ISO_DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
        if _ISO_DATETIME.fullmatch(text):
            return dt.datetime.fromisoformat(text)
    except ValueError:  # 2024-13-45: not a date after all, keep the text
        pass
    return text


def _json_extra_dates(data: dict[str, Any]) -> None:
    """JSON has no date type: read ISO dates in actions' extra columns back as dates, as YAML
    does, so that a plan saved as JSON loads back equal."""
    actions = data.get("actions")
    for action in actions if isinstance(actions, list) else []:
        extra = action.get("extra") if isinstance(action, dict) else None
        if isinstance(extra, dict):
            for key, value in extra.items():
                if isinstance(value, str):
                    extra[key] = _iso_value(value)


class _Duplicate(Exception):
    """A key given twice in one mapping (the line of each, when known)."""

    def __init__(self, key: object, line: int | None = None, first: int | None = None) -> None:
        super().__init__(key)
        self.key, self.line, self.first = key, line, first


class _PlanLoader(_SafeLoader):  # type: ignore[misc,valid-type]
    """The safe loader, with what a plan file needs on top: a key given twice is refused, and
    a scalar its tag cannot make (``2024-02-30``, an integer of 5 000 digits) stays text, which
    validation then refuses with the field's path and the expected format."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                if key in seen:
                    raise _Duplicate(key, line, seen[key])
                seen[key] = line
            except TypeError:  # (an unhashable key: the base class refuses it)
                break
        return super().construct_mapping(node, deep=deep)

    def _scalar_or_text(self, node: yaml.ScalarNode, build: Any) -> Any:
        try:
            return build(self, node)
        except (ValueError, OverflowError, AttributeError):  # (no match: AttributeError)
            return str(node.value)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        return self._scalar_or_text(node, _SafeLoader.construct_yaml_timestamp)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        return self._scalar_or_text(node, _SafeLoader.construct_yaml_int)

    def construct_yaml_float(self, node: yaml.ScalarNode) -> Any:
        return self._scalar_or_text(node, _SafeLoader.construct_yaml_float)


for _tag, _method in (
    ("timestamp", _PlanLoader.construct_yaml_timestamp),
    ("int", _PlanLoader.construct_yaml_int),
    ("float", _PlanLoader.construct_yaml_float),
):
    _PlanLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _method)


def _yaml_depth_ok(text: str) -> bool:
    """Whether the YAML text nests at most `MAX_DEPTH` levels, from its events (libyaml's
    composer would overflow the C stack on a file nested 100 000 levels deep)."""
    loader = _SafeLoader(text)
    depth = 0
    try:
        while (event := loader.get_event()) is not None:  # type: ignore[no-untyped-call]
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return False
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()
    return True


def _depth_ok(data: Any) -> bool:
    """Whether data nests at most `MAX_DEPTH` levels (iteratively: no recursion to overflow;
    a list or mapping that YAML aliases share is walked again only when reached deeper, so an
    alias bomb costs its size, not its expansion)."""
    deepest: dict[int, int] = {}
    stack = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        items = node.values() if isinstance(node, dict) else node
        for child in items:
            if isinstance(child, dict | list) and deepest.get(id(child), 0) < depth + 1:
                if depth >= MAX_DEPTH:
                    return False
                deepest[id(child)] = depth + 1
                stack.append((child, depth + 1))
    return True


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Duplicate(key)
            seen.add(key)
    return data


def _json_number(text: str) -> int | Decimal:
    """A JSON integer; one too long for Python's int conversion stays exact as a Decimal."""
    try:
        return int(text)
    except ValueError:
        return Decimal(text)


def _parse(text: str, source: str, fmt: str) -> tuple[Any, Locator]:
    """The plan file's data, and where its fields are.

    Raises:
        PlanFileError: not YAML/JSON, a key given twice, nested too deeply.
    """
    try:
        if fmt == "json":
            data: Any = json.loads(text, object_pairs_hook=_unique_pairs, parse_int=_json_number)
            locator: Locator = JsonLocator(text)
        else:
            if not _yaml_depth_ok(text):
                raise PlanFileError(
                    msg("{source}: {message}", source=source, message=messages.too_deep(MAX_DEPTH))
                )
            loader = _PlanLoader(text)
            try:
                root = loader.get_single_node()
                data = loader.construct_document(root) if root is not None else None
            finally:
                loader.dispose()
            locator = YamlLocator(root)
    except json.JSONDecodeError as exc:
        raise PlanFileError(
            msg(
                "{source}, line {lineno}: not valid JSON ({reason})",
                source=source,
                lineno=exc.lineno,
                reason=exc.msg,
            )
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = msg(", line {line}", line=mark.line + 1) if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PlanFileError(
            msg(
                "{source}{where}: not valid YAML ({problem})",
                source=source,
                where=where,
                problem=problem,
            )
        ) from None
    except _Duplicate as exc:
        line, first = exc.line, exc.first
        if fmt == "json":
            line, first = JsonLocator(text).duplicate()
        raise PlanFileError(
            msg(
                "{source}: {message}",
                source=source,
                message=messages.duplicate_key(exc.key, line, first),
            )
        ) from None
    except RecursionError:
        raise PlanFileError(
            msg("{source}: {message}", source=source, message=messages.too_deep(MAX_DEPTH))
        ) from None
    if isinstance(data, dict | list) and not _depth_ok(data):
        raise PlanFileError(
            msg("{source}: {message}", source=source, message=messages.too_deep(MAX_DEPTH))
        )
    return data, locator


def item_lines(path: str | Path, key: str) -> list[int | None]:
    """The 1-based line where each item of the list `key` (``"actions"``) starts in a YAML plan
    file (JSON: None each, as the line is not kept); [] when the file has no such list.

    Args:
        path: a plan file that `load_plan` read.
        key: a list of the plan: "actions", "objectives", "kpis" or "owners".
    """
    path = Path(path)
    if _format_of(path) == "json":
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
        items = data.get(key) if isinstance(data, dict) else None
        return [None] * len(items) if isinstance(items, list) else []
    root = yaml.compose(path.read_bytes().decode("utf-8-sig"), Loader=_SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return []
    node = next((v for k, v in root.value if k.value == key), None)
    if not isinstance(node, yaml.SequenceNode):
        return []
    return [item.start_mark.line + 1 for item in node.value]


def parse_plan_text(text: str, source: str, fmt: str) -> Plan:
    """Parse and validate plan text.

    Args:
        text: the file's content.
        source: the file name for messages.
        fmt: "yaml" or "json".

    Returns:
        The plan, which remembers the file and lines its warnings are about.

    Raises:
        PlanFileError: the text is not YAML/JSON, not a mapping, holds a key twice or nests
            too deeply.
        PlanValidationError: the plan breaks the model's rules: every problem, each with its
            line and field path.
    """
    data, locator = _parse(text, source, fmt)
    if not isinstance(data, dict):
        found = "nothing (empty file)" if data is None else type(data).__name__
        raise PlanFileError(
            msg(
                "{source}: expected a mapping with 'name', 'year' and 'actions', found {found}",
                source=source,
                found=found,
            )
        )
    if fmt == "json":
        _json_extra_dates(data)
    fiscal_months(data)
    try:
        plan = validate_plan(data)
    except PlanValidationError as exc:
        located = [replace(p, line=locator.line(p.path)) for p in exc.problems]
        raise PlanValidationError(located, source) from None
    warned = [p.path for p in plan.warnings()]
    lines = {path: line for path in warned if (line := locator.line(path))}
    return plan.read_from(Origin(source, lines))


def _format_of(path: Path) -> str:
    return "json" if path.suffix.lower() == ".json" else "yaml"


def load_plan(path: str | Path) -> Plan:
    """Load a plan from a YAML (``.yaml``/``.yml``) or JSON (``.json``) file.

    Args:
        path: the plan file.

    Returns:
        The validated plan.

    Raises:
        PlanFileError: the file is missing, too large, not UTF-8, or not YAML/JSON.
        PlanValidationError: the plan breaks the model's rules.
    """
    path = Path(path)
    try:
        text = read_limited(path, MAX_PLAN_FILE_BYTES).decode("utf-8-sig")
    except TooLarge as exc:
        size = (
            msg("{size} bytes is", size=exc.size) if exc.size is not None else msg("the input is")
        )
        raise PlanFileError(
            msg(
                "{path}: {size} too large for a plan file (at most {limit} bytes)",
                path=path,
                size=size,
                limit=exc.limit,
            )
        ) from None
    except FileNotFoundError:
        raise PlanFileError(msg("{path}: no such file", path=path)) from None
    except UnicodeDecodeError as exc:
        raise PlanFileError(
            msg(
                "{path}: not UTF-8 text (byte {start}); save the plan file as UTF-8",
                path=path,
                start=exc.start,
            )
        ) from None
    except OSError as exc:
        raise PlanFileError(
            msg("{path}: cannot read ({reason})", path=path, reason=exc.strerror)
        ) from None
    return parse_plan_text(text, str(path), _format_of(path))


def _yaml_plain(value: Any) -> Any:
    """Python-mode dump → YAML-safe data: numbers for Decimals, values for enums, dates kept."""
    if isinstance(value, dict):
        return {k: _yaml_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_yaml_plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Enum):
        return value.value
    return value


def _named(data: dict[str, Any], plan: Plan) -> dict[str, Any]:
    """Monthly figures as a plan file writes them: the months named (``{apr: 100, …}``, in
    fiscal order), without the quarters they add up to."""
    first = plan.fiscal_year_start.month - 1
    for action in data.get("actions", ()):
        for field in ("budget", "actual"):
            months = action.get(field, {}).get(MONTHS_FIELD)
            if months is not None:
                action[field] = named_months(months, first)
    return data


def plan_to_data(plan: Plan) -> dict[str, Any]:
    """The plan as plain JSON-compatible data, leaving out fields at their defaults."""
    return _named(plan.model_dump(mode="json", exclude_defaults=True), plan)


def dump_plan(plan: Plan, fmt: str = "yaml") -> str:
    """The plan as YAML or JSON text (fields at their defaults left out)."""
    if fmt == "json":
        return json.dumps(plan_to_data(plan), ensure_ascii=False, indent=2) + "\n"
    data = _yaml_plain(_named(plan.model_dump(mode="python", exclude_defaults=True), plan))
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def save_plan(plan: Plan, path: str | Path, *, force: bool = False) -> Path:
    """Write the plan to a YAML or JSON file (chosen by the suffix), atomically.

    Raises:
        OutputExistsError: the file exists and `force` is false.
    """
    path = Path(path)
    data = dump_plan(plan, _format_of(path)).encode("utf-8")
    return atomic_write(path, data, force=force, suffixes=PLAN_FILE)
