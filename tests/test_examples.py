"""The scripts under examples/ run to completion (they assert their own results)."""

import runpy
import sys

import pytest

from tests.paths import REPO

EXAMPLES = sorted((REPO / "examples").glob("*.py"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_runs(path, monkeypatch, capsys):
    # Small argument for scripts that take a sample size, so the suite stays fast.
    monkeypatch.setattr(sys, "argv", [str(path), "2000"])
    runpy.run_path(str(path), run_name="__main__")
    assert capsys.readouterr().out.strip()


def test_examples_exist():
    assert len(EXAMPLES) >= 3
