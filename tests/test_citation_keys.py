"""Docstrings cite by the bibliography keys the code registers with ``cite``.

Every module that calls :func:`triangle.citations.register` with literal keys lists
exactly those keys in a ``References:`` line of its module docstring, and every key a
``References:`` line names is in the shipped bibliography. So a reader of the docs and
a user of ``cite()`` see the same sources.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import triangle
from tests.package_source import parsed
from triangle.citations import references

# One xdist worker runs them with tests/test_layers.py: every module is parsed once.
pytestmark = pytest.mark.xdist_group("layers")

PACKAGE = Path(triangle.__file__).parent
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))
REFERENCES_LINE = re.compile(r"^References:(.*?)(?:\n\s*\n|\Z)", re.M | re.S)
KEY = re.compile(r"``([A-Za-z][\w-]*\d{4}[a-z]?)``")


def registered_keys(tree: ast.Module) -> set[str]:
    """Literal keys passed to ``register`` (under any alias) anywhere in a module."""
    aliases = {"register"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "triangle.citations":
            aliases |= {a.asname or a.name for a in node.names if a.name == "register"}
    keys: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in aliases:
                keys |= {
                    a.value for a in node.args
                    if isinstance(a, ast.Constant) and isinstance(a.value, str)
                }
    return keys


def listed_keys(docstring: str | None) -> set[str]:
    match = REFERENCES_LINE.search(docstring or "")
    return set(KEY.findall(match.group(1))) if match else set()


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_docstring_lists_the_keys_it_registers(path: Path) -> None:
    if path.name == "citations.py":  # its doctests register keys to show how it works
        return
    tree = parsed(path)
    registered = registered_keys(tree)
    listed = listed_keys(ast.get_docstring(tree))
    assert registered == listed, (
        f"{path.name}: registers {sorted(registered)} but its docstring's References: line "
        f"lists {sorted(listed)}"
    )


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_listed_keys_are_in_the_bibliography(path: Path) -> None:
    listed = listed_keys(ast.get_docstring(parsed(path)))
    assert listed <= set(references), sorted(listed - set(references))


def test_the_check_sees_keys() -> None:
    """The parsing above finds keys where they are (so the tests above can fail)."""
    tree = ast.parse(
        '"""Doc.\n\nReferences: ``nash1951``, ``avis2010``.\n"""\n'
        "from triangle.citations import register as _cite\n_cite('nash1951')\n"
    )
    assert registered_keys(tree) == {"nash1951"}
    assert listed_keys(ast.get_docstring(tree)) == {"nash1951", "avis2010"}
