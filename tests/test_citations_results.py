"""Every result type displays itself and says what to cite.

One instance of each result type the package returns (equilibria, subgame-perfect and
conditional results, the analysis, claims and their results, scenarios, robustness,
thresholds, tornado charts, regime maps, Sobol' and Morris indices, logit QRE, payoff
sets, Bayesian and perfect Bayesian equilibria): its ``_repr_html_`` must be well-formed
HTML (every tag closed in order, checked with :mod:`html.parser`) and ``cite(result)``
must name the package with its version, in text and in strict BibTeX.
"""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import numpy as np
import pytest
import sympy

import triangle as tri
from tests.test_citations_bibtex import strict_parse
from triangle.models.simultaneous import simultaneous
from triangle.sensitivity import outcomes

# One xdist worker runs them all: each result (some label claims or solve games) is built
# once per process by the module fixture, not once in each worker.
pytestmark = pytest.mark.xdist_group("results")

VOID = {"br", "hr", "img", "input", "meta", "link", "col", "area", "base", "wbr", "source"}


class WellFormed(HTMLParser):
    """Fails on an end tag that does not close the innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.tags += 1
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: Any) -> None:
        self.tags += 1

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


def check_html(text: str) -> None:
    parser = WellFormed()
    parser.feed(text)
    parser.close()
    assert not parser.stack, f"unclosed: {parser.stack}"
    assert parser.tags > 0


def test_the_checker_refuses_broken_html():
    with pytest.raises(AssertionError):
        check_html("<div><b>x</div></b>")
    with pytest.raises(AssertionError):
        check_html("<table><tr><td>x</td></tr>")


a, b = sympy.symbols("a b")
TOY = tri.NormalFormGame.from_bimatrix([[4 * a + b, 0], [0, 1]], [[1, 0], [0, 2]])
GAP = outcomes.gap(TOY, 0, "s1", "s2", {"Player 2": "s1"})
BOX = {"a": (0, 1), "b": (0, 1)}
BOS = tri.NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
TREE = tri.SequentialGame(("A", {"l": ("B", {"x": (a, 1), "y": (0, 0)}), "r": (1, 0)}))
PD = tri.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])


def robustness() -> Any:
    from triangle.verdicts.robustness import claim_robustness

    return claim_robustness(200, seed=1, claims=["x_high"], factors=["x"],
                            ranges={"x": (0, 1)},
                            evaluate=lambda s, ids: {"x_high": s["x"] > 0.7})


def signaling() -> Any:
    u = np.zeros((2, 2, 2, 2))
    u[0, 0, :, :] = [[1, 0], [1, 0]]
    u[1, 1, :, :] = [[0, 1], [0, 1]]
    u[0, :, 0, 0] += 1
    u[1, :, 1, 1] += 1
    game = tri.SignalingGame(u, [0.5, 0.5], ("weak", "strong"), ("beer", "quiche"),
                             ("duel", "not"))
    return game.perfect_bayesian_equilibria()


def analysis() -> Any:
    from triangle.analyze import analyze

    return analyze("1972", nearest=0)


RESULTS: dict[str, Callable[[], Any]] = {
    "Equilibria": lambda: tri.equilibria(BOS),
    "Equilibrium": lambda: tri.equilibria(BOS)[0],
    "SubgamePerfectEquilibria": lambda: TREE.subs({"a": 2}).subgame_perfect_equilibria(),
    "SubgamePerfectEquilibrium": lambda: TREE.subs({"a": 2}).subgame_perfect_equilibria()[0],
    "ConditionalEquilibria": lambda: TREE.subgame_perfect_conditions(),
    "Analysis": analysis,
    "Claim": lambda: tri.claims["c000_pivot_unlikely_for_now"],
    "ClaimResult": lambda: tri.claims["c000_pivot_unlikely_for_now"].check(),
    "Scenario": lambda: tri.scenarios["1972"],
    "RobustnessTable": robustness,
    "Thresholds": lambda: tri.sensitivity.thresholds(TOY, "a", 0, {"Player 2": "s1"},
                                                     at={"a": 0.5, "b": -1}),
    "Tornado": lambda: tri.sensitivity.tornado(TOY, GAP, at={"a": 0.5, "b": 0.5}, ranges=BOX),
    "RegimeMap": lambda: tri.sensitivity.regime_map(TOY, "a", "b", ranges=BOX, resolution=4),
    "SobolIndices": lambda: tri.sensitivity.sobol_indices(TOY, GAP, n=64, ranges=BOX, seed=0),
    "MorrisIndices": lambda: tri.sensitivity.morris_indices(TOY, GAP, trajectories=4,
                                                            ranges=BOX, seed=0),
    "LogitQRE": lambda: tri.logit_qre(BOS, 1.0),
    "LogitBranch": lambda: tri.logit_branch(BOS, lam_max=2),
    "PayoffSet": lambda: __import__(
        "triangle.solvers.repeated_abreu_sannikov", fromlist=["payoff_set"]
    ).payoff_set(PD, 0.75),
    "BayesianEquilibria": lambda: tri.bayesian_equilibria(
        tri.BayesianGame([[[[[2, 0], [0, 1]]]], [[[[1, 0], [0, 2]]]]], prior=[[1]])),
    "PerfectBayesianEquilibria": signaling,
    "NormalFormGame (model)": lambda: simultaneous(),
    "ClaimVerdicts": lambda: __import__("triangle.verdicts.labels", fromlist=["x"]).claim_verdicts(
        200, seed=0, claims_=["c000_pivot_unlikely_for_now"], search=50, vacuity=20)[0],
    "Explanation": lambda: tri.explain(simultaneous(), ("engage", "stay", "hold"), "Russia"),
    "LocalValues": lambda: tri.sensitivity.local_sensitivity(4 * a + b).at({"a": 1, "b": 1}),
    "EquilibriumSensitivity": lambda: tri.sensitivity.equilibrium_sensitivity(
        tri.NormalFormGame.from_bimatrix([[a, 0], [0, 1]], [[0, 1], [1, 0]]), at={"a": 2})[0],
}


@pytest.fixture(scope="module", params=sorted(RESULTS))
def result(request) -> tuple[str, Any]:
    return request.param, RESULTS[request.param]()


def test_every_result_displays_as_well_formed_html(result):
    name, obj = result
    assert hasattr(obj, "_repr_html_"), name
    check_html(obj._repr_html_())


# Data, not computations: a claim cites its articles, a model game those of its terms.
DATA = ("Claim", "NormalFormGame (model)")


def test_every_result_cites_the_package_and_what_it_used(result):
    name, obj = result
    text = tri.cite(obj)
    entries = strict_parse(tri.cite(obj, format="bibtex"))
    assert entries, name
    if name in DATA:
        assert "triangle" not in entries and all(k.endswith("2025") for k in entries)
        return
    assert f"version {tri.__version__}" in text, name
    assert "triangle" in entries
    if name not in ("Scenario", "NormalFormGame (model)", "Claim", "Thresholds", "Tornado",
                    "RegimeMap", "RobustnessTable", "ConditionalEquilibria", "LocalValues"):
        assert len(entries) > 1, f"{name} cites only the package: {sorted(entries)}"


def test_the_model_game_names_its_terms_and_keeps_every_column():
    game = simultaneous()
    page = game._repr_html_()
    check_html(page)
    assert page.count("<details") == game.payoffs.size  # one fold per payoff
    assert "overflow-x:auto" in page
    for strategies in game.strategies[1]:
        assert f"<th>{strategies}</th>" in page


def test_the_1972_tables_use_the_scenarios_players():
    report = analysis()
    for text in (report._repr_html_(), report.to_latex(), report.to_latex("claims"),
                 str(report.to_frame().columns.tolist())):
        assert "China (1972)" in text and "USSR" in text
    assert "000_7475e70f1ac1d690.txt" not in report.to_latex("claims")
    assert "Heybatov (2025) [heybatov2025]" in report.to_latex("claims")
