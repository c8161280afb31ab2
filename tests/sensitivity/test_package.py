"""The sensitivity package's place in the layers: it never imports the claims at module level."""

import ast

import pytest

import triangle.sensitivity as sens
from tests.paths import REPO

CLAIMS_NAMES = ["ClaimRobustness", "FactorInfluence", "RobustnessTable", "claim_robustness"]


def module_level_imports(path):
    """The modules a file imports outside functions (what runs when it is imported)."""
    tree = ast.parse(path.read_text())
    found = []
    for node in tree.body:
        blocks = [node] if not isinstance(node, ast.If) else node.body  # skip TYPE_CHECKING
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for item in blocks:
            if isinstance(item, ast.ImportFrom) and item.module:
                found.append(item.module)
            elif isinstance(item, ast.Import):
                found.extend(alias.name for alias in item.names)
    return found


@pytest.mark.parametrize(
    "path", sorted((REPO / "triangle" / "sensitivity").glob("*.py")), ids=lambda p: p.name
)
def test_no_module_level_import_of_the_claims(path):
    above = [m for m in module_level_imports(path) if m.startswith("triangle.verdicts")
             or m in ("triangle.analyze", "triangle.cli")]
    assert above == [], f"{path.name} imports {above} at module level"


@pytest.mark.parametrize("name", CLAIMS_NAMES)
def test_the_claims_names_of_0_1_still_import_from_here(name):
    from triangle.verdicts import robustness

    assert getattr(sens, name) is getattr(robustness, name)
    assert name in sens.__all__ and name in dir(sens)
    namespace = {}
    exec(f"from triangle.sensitivity import {name}", namespace)
    assert namespace[name] is getattr(robustness, name)


def test_every_listed_name_exists_and_unknown_names_raise():
    assert all(hasattr(sens, name) for name in sens.__all__)
    with pytest.raises(AttributeError, match="no attribute 'claim_robustnes'"):
        sens.claim_robustnes  # noqa: B018 - the lookup is the test
