"""Write the example notebooks of docs/notebooks from their cells here, and run them.

    python scripts/make_notebooks.py            # write and execute tour and sensitivity
    python scripts/make_notebooks.py tour       # only one

The outputs stored in the notebooks (what the docs site shows) are those of this run;
tests/test_notebooks.py runs them again and fails on any error. beliefs.ipynb is written
by its own author and only executed here when named.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parents[1] / "docs" / "notebooks"

TOUR = [
    ("md", """# A tour of `triangle`

The package models the US-Russia-China triangle as games whose payoffs are built from
**cited factors** (each with its quotes from five 2025 articles) and **named terms**.
This notebook walks from the model to a paper: the game, a scenario, the analysis, the
articles' claims, and what to cite and how the results were produced.

It is installed as `strategic-triangle` (`pip install strategic-triangle`) and imported as
`triangle`; the package called `triangle` on PyPI is an unrelated mesh generator."""),
    ("code", """import triangle as tri
from triangle.analyze import analyze

tri.__version__"""),
    ("md", """## The model game

The simultaneous model is a symbolic 3 x 3 x 3 game. Each cell names the terms that make
each player's payoff; open a name to see the full expression in the factors."""),
    ("code", """game = tri.models.simultaneous()
game"""),
    ("md", """## Scenarios

A scenario is a complete set of factor values. The 1972 scenario is the mirror case:
China sits in the seat the model gives Russia, and the USSR in China's. Each value it
sets is shown with the articles behind it (author and year, with the citation key)."""),
    ("code", """tri.scenarios["1972"]"""),
    ("md", """## The analysis

`analyze` solves the game at a scenario, checks every claim of the articles, and finds
the factors nearest to changing the outcome. The display is compact: open the folds for
the claims, the nearest factors, the provenance and the references."""),
    ("code", """report = analyze("baseline", nearest=3)
report"""),
    ("md", """The equilibria alone, and one claim of one article, with its quote:"""),
    ("code", """report.equilibria"""),
    ("code", """tri.claims["c000_pivot_unlikely_for_now"].check()"""),
    ("md", """## In the 1972 world

Tables keep the scenario's names for the players: China (1972) and the USSR, not the
seats' names Russia and China."""),
    ("code", """past = analyze("1972", nearest=0)
past.to_frame()"""),
    ("md", """## Into the paper

Every table has `to_latex()` (booktabs, with the provenance in `%` lines above it) and
`to_frame()` (pandas). Articles appear as author and year with their citation key."""),
    ("code", """latex = past.to_latex("claims")
print(latex.splitlines()[0])  # then one line of factor values after another
print(latex[latex.index("\\\\begin{table}"):].split("\\\\midrule")[0])  # the head"""),
    ("code", """report.to_frame("claims").head()"""),
    ("md", """## What to cite

`cite(result)` lists exactly what a result used: the articles its terms and claims rest
on, the literature of its solver, and the package with its version. BibTeX is ready for a
`.bib` file."""),
    ("code", """print(tri.cite(report))"""),
    ("code", """print(tri.cite(report.equilibria, format="bibtex"))"""),
    ("md", """## How it was produced

Every result records its provenance: the package version, the commit when run from a
checkout, the scenario, every factor value and their digest, the date, and the versions
of Python, numpy and sympy. It is the `provenance` key of the JSON output."""),
    ("code", """report.provenance"""),
    ("code", """import json

data = json.loads(report.to_json())["provenance"]
data["version"], data["scenario"], data["digest"], len(data["values"])"""),
]

SENSITIVITY = [
    ("md", """# Which factors decide?

The model's payoffs rest on some fifty factors, each with a plausible range. This
notebook asks which of them decide Russia's choice between pivoting to the US and
staying with China, and how robust the articles' claims are over the ranges."""),
    ("code", """import triangle as tri
from triangle import sensitivity as sens
from triangle.sensitivity import outcomes

game = tri.models.simultaneous()
pivot = outcomes.gap(game, "Russia", "pivot", "stay", {"US": "condition", "China": "hold"})
pivot.name"""),
    ("md", """## One factor at a time

A tornado chart moves each factor alone across its range, the others at the baseline."""),
    ("code", """tornado = sens.tornado(game, pivot)
tornado"""),
    ("code", """tornado.plot(top=10);"""),
    ("md", """## Where the outcome switches

The threshold of a factor is exact (a rational number) where the payoffs are linear in
it. Here: how much sanctions relief makes pivoting a best reply to conditional
engagement."""),
    ("code", """given = {"US": "condition", "China": "hold"}
sens.thresholds(game, "sanctions_relief", "Russia", given)"""),
    ("md", """## Two factors at once

A regime map shows the pure equilibria on a grid of two factors."""),
    ("code", """regimes = sens.regime_map(game, "sanctions_relief", "conditionality", resolution=60)
regimes"""),
    ("code", """regimes.plot();"""),
    ("md", """## All factors together

Sobol' indices split the variance of the pivot gap among the factors (SALib). The run
records its seed, so it repeats exactly."""),
    ("code", """sobol = sens.sobol_indices(game, pivot, n=256, seed=0)
sobol.to_frame().head(8)"""),
    ("md", """## The claims over the ranges

For each claim: where it holds at the baseline, the share of the plausible factor space
where it holds, and the factors that decide it."""),
    ("code", """table = sens.claim_robustness(5_000, seed=0)
table"""),
    ("md", """For the paper: the table in LaTeX, and what the Sobol' run used."""),
    ("code", """print(table.to_latex().split("\\\\toprule")[0])  # provenance and caption"""),
    ("code", """print(tri.cite(sobol))"""),
]

NOTEBOOKS = {"tour": TOUR, "sensitivity": SENSITIVITY}


def build(cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell(src) if kind == "md"
                else nbformat.v4.new_code_cell(src) for kind, src in cells]
    return nb


def execute(nb: nbformat.NotebookNode, timeout: int = 120) -> nbformat.NotebookNode:
    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(HERE)}}).execute()
    return nb


def main(names: list[str]) -> None:
    for name in names or list(NOTEBOOKS):
        path = HERE / f"{name}.ipynb"
        nb = build(NOTEBOOKS[name]) if name in NOTEBOOKS else nbformat.read(path, 4)
        nbformat.write(execute(nb), path)
        print("wrote", path)


if __name__ == "__main__":
    main(sys.argv[1:])
