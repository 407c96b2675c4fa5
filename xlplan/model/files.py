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
from ..output import atomic_write
from .plan import Plan, validate_plan

MAX_PLAN_FILE_BYTES = 20 * 1024 * 1024

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


def _yaml_line(node: yaml.Node | None, path: str) -> int | None:
    """The 1-based line of the YAML node at a field path such as ``actions[2].owner``."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in path.replace("[", ".[").split("."):
        if not part or node is None:
            continue
        child: yaml.Node | None = None
        if part.startswith("[") and isinstance(node, yaml.SequenceNode):
            index = int(part[1:-1])
            child = node.value[index] if index < len(node.value) else None
        elif isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == part), None)
        if child is None:
            break
        node, line = child, child.start_mark.line + 1
    return line


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

    Raises:
        PlanFileError: the text is not YAML/JSON or not a mapping.
        PlanValidationError: the plan breaks the model's rules (with YAML lines in messages).
    """
    root: yaml.Node | None = None
    try:
        if fmt == "json":
            data: Any = json.loads(text)
        else:
            loader = _SafeLoader(text)
            try:
                root = loader.get_single_node()
                data = loader.construct_document(root) if root is not None else None
            finally:
                loader.dispose()
    except json.JSONDecodeError as exc:
        raise PlanFileError(f"{source}, line {exc.lineno}: not valid JSON ({exc.msg})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PlanFileError(f"{source}{where}: not valid YAML ({problem})") from None
    if not isinstance(data, dict):
        found = "nothing (empty file)" if data is None else type(data).__name__
        raise PlanFileError(
            f"{source}: expected a mapping with 'name', 'year' and 'actions', found {found}"
        )
    if fmt == "json":
        _json_extra_dates(data)
    try:
        return validate_plan(data)
    except PlanValidationError as exc:
        located = []
        for p in exc.problems:
            line = _yaml_line(root, p.path) if root is not None else None
            where = f"line {line} ({p.path})" if line else p.path
            located.append(replace(p, path=where))
        raise PlanValidationError(located, source) from None


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
        size = path.stat().st_size
        if size > MAX_PLAN_FILE_BYTES:
            raise PlanFileError(
                f"{path}: {size} bytes is too large for a plan file "
                f"(at most {MAX_PLAN_FILE_BYTES} bytes)"
            )
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise PlanFileError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise PlanFileError(
            f"{path}: not UTF-8 text (byte {exc.start}); save the plan file as UTF-8"
        ) from None
    except OSError as exc:
        raise PlanFileError(f"{path}: cannot read ({exc.strerror})") from None
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


def plan_to_data(plan: Plan) -> dict[str, Any]:
    """The plan as plain JSON-compatible data, leaving out fields at their defaults."""
    return plan.model_dump(mode="json", exclude_defaults=True)


def dump_plan(plan: Plan, fmt: str = "yaml") -> str:
    """The plan as YAML or JSON text (fields at their defaults left out)."""
    if fmt == "json":
        return json.dumps(plan_to_data(plan), ensure_ascii=False, indent=2) + "\n"
    data = _yaml_plain(plan.model_dump(mode="python", exclude_defaults=True))
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def save_plan(plan: Plan, path: str | Path, *, force: bool = False) -> Path:
    """Write the plan to a YAML or JSON file (chosen by the suffix), atomically.

    Raises:
        OutputExistsError: the file exists and `force` is false.
    """
    path = Path(path)
    return atomic_write(path, dump_plan(plan, _format_of(path)).encode("utf-8"), force=force)
