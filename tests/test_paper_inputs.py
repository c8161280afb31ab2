"""Bad input to the paper area's entry points is refused with the package's errors.

The boundary test (tests/test_boundary.py) feeds every public entry point bad values;
these tests pin the messages and the caps of the paper area's ones: citations, LaTeX
and scenario displays, thresholds, equilibrium sensitivity, claim verdicts, the report.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import triangle as tri
from triangle.errors import (
    BibliographyError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    InvalidProfileError,
    InvalidSampleError,
    TriangleError,
    UnknownNameError,
)
from triangle.games.display import latex_tables, scenario_html
from triangle.sensitivity.local import equilibrium_sensitivity
from triangle.sensitivity.thresholds import nearest_thresholds, thresholds
from triangle.solvers.repeated_abreu_sannikov import payoff_set
from triangle.verdicts.labels import MAX_POINTS, MAX_SAMPLES, claim_verdicts

a = sympy.Symbol("a")
GAME = tri.NormalFormGame.from_bimatrix([[a, 0], [0, 1]], [[1, 0], [0, 1]])
PD = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
ARRAY = np.zeros((2, 3))


def test_cite_refuses_a_format_that_is_not_a_name():
    for bad in (ARRAY, None, 3, "latex"):
        with pytest.raises(BibliographyError, match="'text' or 'bibtex'"):
            tri.cite("nash1951", format=bad)


def test_latex_tables_refuses_an_unknown_environment_and_a_caption_that_is_no_text():
    for bad in ("tabularx", float("nan"), ARRAY, {1, 2}):
        with pytest.raises(InvalidArgumentError, match="'tabular'"):
            latex_tables(PD, environment=bad)
    with pytest.raises(InvalidArgumentTypeError, match="caption is a string"):
        latex_tables(PD, caption=3)
    assert r"\caption{$x_1$}" in latex_tables(PD, caption="$x_1$")  # LaTeX as given


def test_scenario_html_names_what_it_takes():
    with pytest.raises(InvalidArgumentTypeError, match=r"triangle.scenarios\['1972'\]"):
        scenario_html("1972")
    with pytest.raises(InvalidArgumentTypeError, match="takes a Scenario"):
        scenario_html(None)
    assert "China (1972)" in scenario_html(tri.scenarios["1972"])


def test_payoff_set_method_must_be_a_name():
    with pytest.raises(InvalidArgumentTypeError, match="method is a string"):
        payoff_set(PD, 0.9, method=ARRAY)
    with pytest.raises(UnknownNameError, match="outer"):
        payoff_set(PD, 0.9, method="outr")


def test_thresholds_refuse_bad_factor_player_given_and_limit():
    with pytest.raises(InvalidArgumentTypeError, match="factor is a string"):
        thresholds(GAME, ["a"])
    with pytest.raises(InvalidArgumentTypeError, match="player is a player's name"):
        thresholds(GAME, "a", float("nan"), at={"a": 1})
    with pytest.raises(InvalidArgumentTypeError, match="given"):
        thresholds(GAME, "a", 0, {"Player 2"}, at={"a": 1})
    # refused even where no factor could be searched (a game without factors)
    with pytest.raises(InvalidArgumentTypeError, match="player"):
        nearest_thresholds(PD, player=object())
    with pytest.raises(InvalidArgumentTypeError, match="given"):
        nearest_thresholds(PD, given=float("nan"))
    with pytest.raises(InvalidArgumentTypeError, match="limit"):
        nearest_thresholds(GAME, {"a": 0.5}, ranges={"a": (-1, 1)}, limit=1.5)
    with pytest.raises(InvalidArgumentError, match="limit"):
        nearest_thresholds(GAME, {"a": 0.5}, ranges={"a": (-1, 1)}, limit=-1)
    with pytest.raises(InvalidArgumentTypeError, match="factors"):
        nearest_thresholds(GAME, {"a": 0.5}, factors=3)
    with pytest.raises(InvalidArgumentTypeError, match="each of factors"):
        nearest_thresholds(GAME, {"a": 0.5}, factors=[ARRAY])
    near = nearest_thresholds(GAME, {"a": 0.5}, ranges={"a": (-1, 1)}, limit=0)
    assert near == []


def test_equilibrium_sensitivity_takes_equilibria_of_the_game_only():
    with pytest.raises(InvalidArgumentTypeError, match="equilibria"):
        equilibrium_sensitivity(GAME, {"a": 2}, equilibria=3)
    with pytest.raises(InvalidArgumentTypeError, match="item 0 is str"):
        equilibrium_sensitivity(GAME, {"a": 2}, equilibria=["eq"])
    other = tri.equilibria(tri.NormalFormGame.from_bimatrix([[1, 0, 0]], [[0, 1, 0]]))
    with pytest.raises(InvalidProfileError, match="another game"):
        equilibrium_sensitivity(GAME, {"a": 2}, equilibria=list(other))
    mine = tri.equilibria(GAME.subs({"a": 2}))
    assert len(equilibrium_sensitivity(GAME, {"a": 2}, equilibria=list(mine))) == len(mine)


@pytest.mark.parametrize("bad", [
    {"n": 0}, {"n": MAX_SAMPLES + 1}, {"search": MAX_POINTS + 1}, {"vacuity": 0},
    {"n": 2.0}, {"search": None}, {"seed": None}, {"seed": -1}, {"forms": ()},
    {"forms": "simultaneous"}, {"forms": [float("nan")]}, {"claims_": 3},
    {"claims_": "c003_pivot_not_worth_it"}, {"claims_": ["no_such_claim"]},
])
def test_claim_verdicts_refuses_bad_sizes_seeds_forms_and_claims_at_once(bad):
    args = {"claims_": ["c003_pivot_not_worth_it"], "search": 20, "vacuity": 5, **bad}
    with pytest.raises(TriangleError):
        claim_verdicts(args.pop("n", 10), **args)


def test_claim_verdicts_sizes_say_the_cap():
    with pytest.raises(InvalidSampleError, match=f"between 1 and {MAX_POINTS:,}"):
        claim_verdicts(10, claims_=["c003_pivot_not_worth_it"], search=10**12)


def test_the_report_caps_its_samples():
    from triangle.report.page import build_report
    from triangle.report.tables import robustness_at

    with pytest.raises(InvalidArgumentError, match=f"at most {MAX_SAMPLES}"):
        build_report("baseline", samples=10**12)
    with pytest.raises(InvalidArgumentError, match=f"at most {MAX_SAMPLES}"):
        robustness_at("baseline", 10**12)
    with pytest.raises(InvalidArgumentTypeError, match="resolution"):
        build_report("baseline", resolution=2.5)
