"""Field paths of plan data (pydantic's ``loc`` tuples): which model a path lies in, and how to
set a refused value aside so that the rest of the plan can still be checked.

`xlplan.model.validation.validate_plan` uses them to report every problem of every kind in one run:
pydantic stops before the cross-field rules (references, end before start) when a field is
refused, so the refused fields are set aside in a copy and the rules run on what is left.
"""

from __future__ import annotations

import datetime as dt
import typing
from typing import Any

from pydantic import BaseModel

Loc = tuple[int | str, ...]

PLACEHOLDER_DAY = dt.date(2000, 1, 1)
"""What a refused or missing required date is replaced with while the rest is checked."""


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model class an annotation holds (``list[Action]``, ``Envelope | None``…)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def model_at(root: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model whose field the last part of `loc` names, or None (a dict of extra columns,
    a path the models do not have)."""
    model: type[BaseModel] | None = root
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return None
        model = _inner_model(model.model_fields[part].annotation)
    return model


def _placeholder(root: type[BaseModel], loc: Loc) -> Any:
    """A stand-in for a required field (a date for a date, else empty text), or None when the
    field is not required and can simply be removed."""
    model = model_at(root, loc)
    name = loc[-1]
    if model is None or not isinstance(name, str) or name not in model.model_fields:
        return None
    field = model.model_fields[name]
    if not field.is_required():
        return None
    return PLACEHOLDER_DAY if field.annotation is dt.date else ""


def _remove(root: type[BaseModel], container: Any, key: int | str, loc: Loc) -> bool:
    if isinstance(container, list) and isinstance(key, int):
        del container[key]
        return True
    stand_in = _placeholder(root, loc)
    if stand_in is None:
        container.pop(key, None)
        return True
    if container.get(key) == stand_in:
        return False
    container[key] = stand_in
    return True


def _has(node: Any, part: int | str) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def set_aside(root: type[BaseModel], data: Any, loc: Loc) -> bool:
    """Remove (or, for a required field, replace with a stand-in) the value at `loc` in `data`,
    or the deepest value on its way that exists (``budget`` given as a list, for
    ``budget.q1``); a required field that is missing gets its stand-in.

    Returns:
        True if `data` changed.
    """
    parent: Any = None
    key: int | str = ""
    node: Any = data
    for depth, part in enumerate(loc):
        if _has(node, part):
            parent, key, node = node, part, node[part]
        elif isinstance(node, dict) and depth == len(loc) - 1 and isinstance(part, str):
            stand_in = _placeholder(root, loc)  # a required field that is missing
            if stand_in is None:
                return False
            node[part] = stand_in
            return True
        elif parent is not None:
            return _remove(root, parent, key, loc[:depth])
        else:
            return False
    return parent is not None and _remove(root, parent, key, loc)
