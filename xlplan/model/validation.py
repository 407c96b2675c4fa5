"""Validation of plan data: pydantic's errors turned into `Problem` records with field paths,
the values found and stable codes; the cross-field rules also checked on a plan some of whose
fields were refused."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from ..errors import PlanValidationError, Problem, ProblemCode
from ..i18n import Message
from . import messages
from .cells import MAX_NUMBER
from .consistency import Breaches, FieldError
from .paths import PLACEHOLDER_DAY, Loc, model_at, set_aside
from .plan import Plan

__all__ = ["problems_from", "validate_plan"]


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _shown(value: Any) -> str:
    """A value as quoted in a message, cut to a readable length."""
    text = str(value) if isinstance(value, Decimal) else repr(value)  # (not Decimal('…'))
    return text if len(text) <= 80 else f"{text[:60]}…({len(text):,} characters)"


_BOUNDS = {"less_than_equal": "le", "greater_than_equal": "ge"}


def _as_decimal(value: Any) -> Any:
    """A number as the model holds it (``1e400`` typed in a file is ``1E+400``)."""
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return value


def _message(err: Any, path: str) -> str | Message:
    """The message of one of pydantic's errors, with the value found and what to write."""
    kind, loc = err["type"], tuple(err["loc"])
    if kind == "extra_forbidden" and loc and isinstance(loc[-1], str):
        model = model_at(Plan, loc)
        return messages.unknown_key(loc[-1], model.model_fields if model else ())
    if kind.startswith("date_") and "input" in err:
        return messages.bad_date(err["input"])
    bound = err.get("ctx", {}).get(_BOUNDS.get(kind, ""))
    if bound is not None and abs(bound) == MAX_NUMBER:  # (`cells.Number`, `cells.Money`)
        return messages.number_too_large(_as_decimal(err.get("input")), MAX_NUMBER)
    raised = err.get("ctx", {}).get("error")
    caught = raised.args[0] if isinstance(raised, ValueError) and raised.args else None
    if kind == "value_error" and isinstance(caught, Message):  # (a validator's catalog message)
        return caught
    # pydantic's generic errors in the catalog, from their context; a type the catalog does
    # not word (and a validator's plain ValueError) keeps pydantic's English text
    text: str | Message | None = messages.pydantic_error(kind, err.get("ctx"))
    if text is None:
        text = str(err["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind not in ("value_error", "missing") and "input" in err:
        bad = err["input"]
        if not isinstance(bad, dict | list):
            text = messages.found(text, _shown(bad))
    return text


def problems_from(error: ValidationError) -> list[Problem]:
    """Turn pydantic's errors into `Problem` records with field paths and the bad values."""
    problems: list[Problem] = []
    cells: set[str] = set()  # extra columns' values, refused by every type a cell holds
    for err in error.errors(include_url=False):
        loc = tuple(err["loc"])
        if len(loc) > 3 and loc[-3] == "extra" and loc[-1] in _CELL_TYPES:
            path = _path(loc[:-1])
            if path not in cells:
                cells.add(path)
                cell = messages.not_a_cell_value(_shown(err.get("input")))
                problems.append(
                    Problem.of("error", cell, path=path, code=ProblemCode.FIELD_INVALID)
                )
            continue
        path = _path(loc)
        breaches = err.get("ctx", {}).get("error")
        if isinstance(breaches, Breaches):
            for sub, text, code in breaches.items:
                problems.append(Problem.of("error", text, path=_join(path, sub), code=code))
            continue
        if isinstance(breaches, FieldError):
            problems.append(
                Problem.of(
                    "error",
                    breaches.message,
                    path=_join(path, breaches.field),
                    code=ProblemCode.FIELD_INVALID,
                )
            )
            continue
        msg = _message(err, path)
        if err["type"] == "value_error" and not path:  # ("field: message", from a model validator)
            for line in str(msg).splitlines():
                sub, _, text = line.partition(": ")
                problems.append(
                    Problem("error", text, path=_join(path, sub), code=ProblemCode.FIELD_INVALID)
                )
            continue
        code = _CODES.get(err["type"], ProblemCode.FIELD_INVALID)
        problems.append(Problem.of("error", msg, path=path, code=code))
    return problems


_CELL_TYPES = frozenset({"str", "int", "float", "bool", "datetime", "date"})
_CODES = {"missing": ProblemCode.FIELD_MISSING, "extra_forbidden": ProblemCode.FIELD_UNKNOWN}


def _join(base: str, sub: str) -> str:
    if not base:
        return sub
    return f"{base}{sub}" if sub.startswith("[") else f"{base}.{sub}"


def _deepest_first(loc: Loc) -> list[tuple[int, int | str]]:
    return [(0, p) if isinstance(p, int) else (1, p) for p in loc]


def _cross_field(data: Any, error: ValidationError) -> list[Problem]:
    """The cross-field breaches of a plan some of whose fields were refused: pydantic runs the
    cross-field rules only on a plan whose fields all passed, so the refused fields are set
    aside in a copy (`set_aside`) and the rules run on what is left."""
    if not isinstance(data, dict):
        return []
    data = copy.deepcopy(data)
    for _ in range(8):  # each round sets aside what the previous one refused
        locs = []
        for err in error.errors(include_url=False):
            if isinstance(err.get("ctx", {}).get("error"), Breaches):
                return [p for p in problems_from(error) if p.code in _CROSS_FIELD]
            loc = tuple(err["loc"])
            if not loc and "year" in data:  # the year shorthand, refused
                data.pop("year")
                data.setdefault("fiscal_year_start", PLACEHOLDER_DAY)
                continue
            locs.append(loc)
        changed = False
        for loc in sorted(set(locs), key=_deepest_first, reverse=True):
            changed |= set_aside(Plan, data, loc)
        if not changed:
            return []
        try:
            Plan.model_validate(data)
        except ValidationError as exc:
            error = exc
            continue
        return []
    return []


_CROSS_FIELD = {
    ProblemCode.REFERENCE_UNKNOWN,
    ProblemCode.ID_DUPLICATE,
    ProblemCode.END_BEFORE_START,
}


def validate_plan(data: Any, source: str = "") -> Plan:
    """Validate a mapping (as read from a plan file) into a `Plan`.

    Args:
        data: the plan as plain Python data.
        source: the file name, quoted in error messages.

    Returns:
        The validated plan, with ids assigned and references resolved to ids.

    Raises:
        PlanValidationError: listing every breach of every kind with its field path: the
            fields refused, and the cross-field rules checked on the rest.
    """
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        problems = problems_from(exc)
        seen = {(p.path, p.message) for p in problems}
        problems += [p for p in _cross_field(data, exc) if (p.path, p.message) not in seen]
        raise PlanValidationError(problems, source) from None
