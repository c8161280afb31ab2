"""The house plan, checked: imports go down the layers, no cycles, no borrowed privates.

Layers, bottom to top: the shared modules (errors, citations, registries), ``games``,
``solvers``, ``models``, ``sensitivity``, ``verdicts``, the face (``analyze``, ``cli``).
A module may import, at module level, only from its own layer or below. A facade method
that imports its solver inside the method is allowed (it runs on call, not on import);
imports under ``if TYPE_CHECKING:`` are for type hints only and are not counted either.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from pathlib import Path

import pytest

import triangle
from tests.package_source import parsed

# One xdist worker runs them all (with tests/test_citation_keys.py): the import graph is
# built once per process (graph()), from the parses the two files share.
pytestmark = pytest.mark.xdist_group("layers")

PACKAGE = Path(triangle.__file__).parent
LAYERS = {
    "triangle._version": 0,
    "triangle.errors": 0,
    "triangle.citations": 0,
    "triangle.registries": 0,
    "triangle.progress": 0,
    "triangle.games": 1,
    "triangle.solvers": 2,
    "triangle.models": 3,
    "triangle.dittmer": 3,  # the 0.1 path of triangle.models.dittmer
    "triangle.sensitivity": 4,
    "triangle.testing": 4,  # strategies over the models' factors and games
    "triangle.verdicts": 5,
    "triangle.analyze": 6,
    "triangle.cli": 6,
    "triangle.report": 6,
    "triangle": 7,  # the package's __init__: the public API, above everything
}
MAX_LINES = 800


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(name: str) -> int:
    best = max((k for k in LAYERS if name == k or name.startswith(k + ".")), key=len)
    return LAYERS[best]


def is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def module_level_imports(name: str, tree: ast.Module) -> Iterator[tuple[str, str]]:
    """(imported module, imported name or '') for every import run when ``name`` loads."""
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]

    def walk(body: list[ast.stmt]) -> Iterator[ast.stmt]:
        for node in body:
            if isinstance(node, ast.If):
                if not is_type_checking(node):
                    yield from walk(node.body)
                    yield from walk(node.orelse)
            elif isinstance(node, ast.Try):
                for block in (node.body, node.orelse, node.finalbody):
                    yield from walk(block)
                for handler in node.handlers:
                    yield from walk(handler.body)
            else:
                yield node

    for node in walk(tree.body):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, ""
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                full = f"{target}.{alias.name}"
                yield (full, "") if full in MODULES else (target, alias.name)


@functools.cache  # parsed on first use, not at collection (in every xdist worker)
def graph() -> dict[str, list[tuple[str, str]]]:
    return {
        name: [
            (target, what)
            for target, what in module_level_imports(name, parsed(path))
            if target == "triangle" or target.startswith("triangle.")
        ]
        for name, path in MODULES.items()
    }



@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_only_go_down(name: str) -> None:
    up = [t for t, _ in graph()[name] if layer(t) > layer(name)]
    assert not up, f"{name} (layer {layer(name)}) imports upward at module level: {up}"


def package_of(name: str) -> str:
    return name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]


def is_private_module(target: str) -> bool:
    return target != "triangle._version" and any(
        part.startswith("_") for part in target.split(".")[1:]
    )


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_private_name_from_another_module(name: str) -> None:
    borrowed = [
        f"{t}.{w}" if w else t
        for t, w in graph()[name]
        if (w.startswith("_") and not w.startswith("__"))
        # a private module may be imported only inside its own package
        or (is_private_module(t) and t.rpartition(".")[0] != package_of(name))
    ]
    assert not borrowed, f"{name} imports private names of other modules: {borrowed}"


def test_no_cycle_at_module_level() -> None:
    edges = {n: {t for t, _ in deps if t in MODULES and t != n} for n, deps in graph().items()}
    # a package's __init__ runs before its submodules: importing triangle.x.y imports
    # triangle.x first, so a submodule importing its own package is not a cycle by itself
    for n in edges:
        edges[n] = {t for t in edges[n] if not n.startswith(t + ".")}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> None:
        state[n] = 1
        stack.append(n)
        for t in sorted(edges[n]):
            if state.get(t) == 1:
                cycle = [*stack[stack.index(t):], t]
                raise AssertionError(f"import cycle at module level: {' -> '.join(cycle)}")
            if t not in state:
                visit(t)
        stack.pop()
        state[n] = 2

    for n in sorted(edges):
        if n not in state:
            visit(n)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_over_800_lines(name: str) -> None:
    lines = MODULES[name].read_text("utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines; split it by job"


def test_the_checks_can_fail() -> None:
    """The layer function and the walker see what they must (so the tests can fail)."""
    assert layer("triangle.games.normal_form") < layer("triangle.models.factors")
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "from triangle.models.factors import factors\n"
        "if TYPE_CHECKING:\n    from triangle.verdicts.claims import Claim\n"
        "def f():\n    from triangle.verdicts.claims import Claim\n"
    )
    found = [t for t, _ in module_level_imports("triangle.games.normal_form", tree)]
    assert found == ["typing", "triangle.models.factors"]
