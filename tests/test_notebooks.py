"""The example notebooks of docs/notebooks run from top to bottom without an error.

Each notebook is executed afresh in a Jupyter kernel (nbclient); the outputs stored in
the files (what the docs site shows) must be those of a run: every code cell has run, in
order, and none stored an error. The tour and the sensitivity notebook are written by
scripts/make_notebooks.py: their cells must be the script's.
"""

from __future__ import annotations

import ast
import importlib.util
import os
from pathlib import Path
from typing import Any

import pytest

from tests.paths import DOCS, REPO

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = sorted((DOCS / "notebooks").glob("*.ipynb"))


def test_the_tour_and_the_sensitivity_notebook_are_there():
    assert {"tour.ipynb", "sensitivity.ipynb"} <= {p.name for p in NOTEBOOKS}


# The notebooks scripts/make_notebooks.py writes store their outputs for the docs site.
GENERATED = [p for p in NOTEBOOKS if p.stem in ("tour", "sensitivity")]


@pytest.mark.parametrize("path", GENERATED, ids=lambda p: p.stem)
def test_the_stored_outputs_come_from_a_run(path: Path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, f"{path.name} has no code"
    counts = [c.execution_count for c in code]
    assert None not in counts and counts == sorted(counts), f"{path.name}: not run in order"
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors, f"{path.name} stored an error: {errors[0].ename}"


# Each notebook runs for seconds in a fresh kernel (which imports the package anew): CI
# runs them all; the quick loop runs the tour's cells in this process instead (below).
@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_notebook_runs(path: Path, monkeypatch: pytest.MonkeyPatch):
    nb = nbformat.read(path, as_version=4)
    # the kernel imports this checkout's package, whatever is installed
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError, with the cell and traceback, on an error
    shown = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert shown, "the notebook shows nothing"
    if path in GENERATED:
        assert any("text/html" in o.get("data", {}) for o in shown), "no result displayed"


def run_cells(path: Path) -> list[Any]:
    """Run a notebook's code cells in order in this process, as a kernel would: the value
    of a cell's last expression is shown (unless the cell ends with ``;``); returns them."""
    nb = nbformat.read(path, as_version=4)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    shown = []
    for number, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        where = f"{path.name}, cell {number}"
        tree = ast.parse(cell.source, filename=where)  # a magic (%, !) would not parse
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr) and not (
                cell.source.rstrip().endswith(";")):
            last = tree.body.pop().value
        exec(compile(tree, where, "exec"), namespace)
        if last is not None:
            value = eval(compile(ast.Expression(last), where, "eval"), namespace)
            if value is not None:
                shown.append(value)
    return shown


def test_the_tour_runs_in_this_process(monkeypatch: pytest.MonkeyPatch):
    """The quick loop's stand-in for running the tour in a kernel (slow, above): the same
    cells, the same shown values, displayed as the notebook displays them."""
    path = DOCS / "notebooks" / "tour.ipynb"
    monkeypatch.chdir(path.parent)
    shown = run_cells(path)
    assert shown, "the notebook shows nothing"
    html = [v._repr_html_() for v in shown if hasattr(v, "_repr_html_")]
    assert html and all(isinstance(h, str) and h.lstrip().startswith("<") for h in html)
    for value in shown:
        assert repr(value)


def test_the_generated_notebooks_match_their_script():
    spec = importlib.util.spec_from_file_location("make_notebooks",
                                                  REPO / "scripts" / "make_notebooks.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, cells in module.NOTEBOOKS.items():
        stored = nbformat.read(DOCS / "notebooks" / f"{name}.ipynb", as_version=4)
        assert [c.source for c in stored.cells] == [src for _, src in cells], (
            f"{name}.ipynb is stale: run python scripts/make_notebooks.py {name}")


# --------------------------------------------------------------------- the API page's reader
def load_griffe_extension():
    pytest.importorskip("griffe")  # the docs extra
    spec = importlib.util.spec_from_file_location("griffe_numpydoc",
                                                  REPO / "scripts" / "griffe_numpydoc.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_api_page_reads_roles_doctests_and_trailing_prose():
    rewrite = load_griffe_extension().rewrite
    assert rewrite("See :func:`~triangle.cite` and :class:`triangle.Scenario`.") == (
        "See `cite` and `triangle.Scenario`.")
    # a doctest in the description is fenced: its lines stay lines, x[0][1] is no link
    text = rewrite("Summary.\n\n>>> x = [[1, 2]]\n>>> x[0][1]\n2\n\nMore prose.")
    assert "```pycon\n>>> x = [[1, 2]]\n>>> x[0][1]\n2\n```" in text
    assert text.endswith("More prose.")
    # a doctest after Parameters opens Examples; prose after Parameters opens Notes
    params = "Parameters\n----------\nx\n    A number.\n\n"
    assert rewrite(params + ">>> f(1)\n1").endswith("Examples\n--------\n>>> f(1)\n1")
    assert "Notes\n-----\nHow it works." in rewrite(params + "How it works.")
    # entries of the section are left alone, and an Examples section is not fenced
    same = params + "y : int\n    Another.\n\nExamples\n--------\n>>> f(2)\n2"
    assert rewrite(same) == same
