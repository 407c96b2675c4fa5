"""The package's shape (issue #12): no module over the size limit, no import cycle among its
modules, and CONTRIBUTING's map names every module."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "xlplan"
MAX_LINES = 520
"""The most lines a module of the package may have (the guide's "no module over ~500 lines")."""

OVERSIZED = {
    # Modules still over `MAX_LINES`, each with its size when it was listed: it may shrink, not
    # grow. Split it, then remove it from here (lower the size as it shrinks).
}


def _modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _module_level_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """The imports that run when the module is imported: at its top level, in its classes'
    bodies and under plain ``if``/``try``/``with`` — not in functions (imported on first use)
    nor under ``if TYPE_CHECKING:`` (never run)."""
    found: list[ast.Import | ast.ImportFrom] = []

    def walk(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                found.append(node)
            elif isinstance(node, ast.If):
                if "TYPE_CHECKING" not in ast.unparse(node.test):
                    walk(node.body)
                walk(node.orelse)
            elif isinstance(node, ast.Try):
                walk(node.body)
                for handler in node.handlers:
                    walk(handler.body)
                walk(node.orelse)
                walk(node.finalbody)
            elif isinstance(node, ast.With | ast.ClassDef):
                walk(node.body)

    walk(tree.body)
    return found


def _import_graph() -> dict[str, set[str]]:
    """Module → the package's modules it imports at module level (`_module_level_imports`).

    ``from .layout import labels`` counts as importing ``layout.labels`` (a module), ``from
    .layout.spec import PLAN`` as importing ``layout.spec``; the parent packages a submodule's
    import runs first are not counted (they import nothing of their children's importers)."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in _module_level_imports(tree):
            if isinstance(node, ast.Import):
                graph[name] |= {a.name for a in node.names if a.name in modules}
                continue
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                if f"{target}.{alias.name}" in modules:
                    graph[name].add(f"{target}.{alias.name}")
                elif target in modules:
                    graph[name].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module, or of one importing itself
    (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph[node]:
                    found.append(sorted(component))
    return found


def test_no_module_is_over_the_size_limit() -> None:
    sizes = {
        path.relative_to(PACKAGE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    over = {name: lines for name, lines in sizes.items() if lines > OVERSIZED.get(name, MAX_LINES)}
    assert over == {}, f"over {MAX_LINES} lines (or past their size in OVERSIZED): {over}"
    assert set(OVERSIZED) <= set(sizes), "OVERSIZED lists a module that is gone"


def test_the_package_has_no_import_cycle() -> None:
    graph = _import_graph()
    assert graph["xlplan.model.validation"] >= {"xlplan.model.plan", "xlplan.model.consistency"}
    assert "xlplan.model.validation" not in graph["xlplan.model.plan"]
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    """The finder itself, on a graph with a cycle of three, a self-import and a tail."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d", "a"}, "e": set()}
    assert sorted(_cycles(graph)) == [["a", "b", "c"], ["d"]]


def test_module_level_imports_leave_out_functions_and_type_checking() -> None:
    tree = ast.parse(
        "import os\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from .a import A\nelse:\n    from .b import B\n"
        "try:\n    from .c import C\nexcept ImportError:\n    from .d import D\n"
        "def f():\n    from .e import E\n"
        "class K:\n    from .g import G\n"
    )
    names = [
        n.names[0].name if isinstance(n, ast.Import) else n.module
        for n in _module_level_imports(tree)
    ]
    assert names == ["os", "typing", "b", "c", "d", "g"]


def test_contributing_names_every_module() -> None:
    """Every module is in CONTRIBUTING.md's map: by its path under ``xlplan/``
    (``layout/spec.py``), or by its name or stem in backticks on a line that names its folder
    (```parse/` … (`numbers`, `dates`)``); a top-level module by its name in backticks."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if path.name == "__init__.py" and relative != "__init__.py":
            continue  # (a package: its folder's row)
        folder = relative.rpartition("/")[0].rpartition("/")[2]
        names = (f"`{path.name}`", f"`{path.stem}`")
        if relative in text or any(
            any(n in line for n in names) and (not folder or f"{folder}/" in line) for line in lines
        ):
            continue
        missing.append(relative)
    assert missing == []
