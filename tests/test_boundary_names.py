"""Names never ignored, containers never reinterpreted (issue 11, items 1 and 2).

Each case was accepted silently before: a misspelt name in a mapping argument was
skipped and the answer given at the defaults; a set, a masked or a complex array was
read as something else. Each must now be refused with a package error that names the
closest known names.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import triangle as tri
from triangle.errors import (
    InvalidArgumentError,
    InvalidGameError,
    InvalidProfileError,
    TriangleError,
    UnknownNameError,
)
from triangle.models.repeated import threshold_hazard
from triangle.sensitivity.thresholds import nearest_thresholds
from triangle.verdicts.robustness import claim_robustness

CLAIM = "c003_pivot_not_worth_it"


def numeric_pd() -> tri.NormalFormGame:
    return tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])


# ------------------------------------------------------------------ names
def test_evaluate_claims_refuses_a_misspelt_factor() -> None:
    with pytest.raises(UnknownNameError, match="did you mean 'hedge_depth'"):
        tri.evaluate_claims({"hedge_dept": np.array([0.5])}, [CLAIM])


def test_evaluate_claims_reads_symbol_keys_by_name() -> None:
    with pytest.raises(UnknownNameError, match="samples: unknown factor 'hedge_dept'"):
        tri.evaluate_claims({sympy.Symbol("hedge_dept"): np.array([0.5])}, [CLAIM])


def test_sample_factors_refuses_a_range_of_an_unknown_factor() -> None:
    with pytest.raises(UnknownNameError, match="'china_import_share'"):
        tri.sample_factors(10, ranges={"china_import_shar": (0.1, 0.2)}, seed=0)
    # a factor of one's own is named in factors=, its range in ranges=
    own = tri.sample_factors(3, factors=["x"], ranges={"x": (0, 1)}, seed=0)
    assert set(own) == {"x"}


def test_a_range_is_a_pair() -> None:
    with pytest.raises(TriangleError, match=r"pair \(low, high\)"):
        tri.sample_factors(3, factors=["x"], ranges={"x": 1.0}, seed=0)
    with pytest.raises(TriangleError, match="a set has no order"):
        tri.sample_factors(3, factors=["x"], ranges={"x": {0.0, 1.0}}, seed=0)


def test_claim_robustness_refuses_a_misspelt_range() -> None:
    with pytest.raises(UnknownNameError, match="'china_import_share'"):
        claim_robustness(16, claims=[CLAIM], ranges={"china_import_shar": (0.3, 0.4)},
                         influence_samples=16)


def test_nearest_thresholds_refuses_a_misspelt_factor() -> None:
    with pytest.raises(UnknownNameError, match="factors: unknown factor 'china_import_shar'"):
        nearest_thresholds(tri.models.simultaneous(), factors=["china_import_shar"])


def test_subgame_perfect_conditions_refuses_bounds_of_an_unknown_factor() -> None:
    x = sympy.Symbol("x")
    game = tri.SequentialGame(("A", {"l": (x, 0), "r": (1, 2)}), players=("A", "B"))
    with pytest.raises(UnknownNameError, match="bounds: unknown factor 'y'"):
        game.subgame_perfect_conditions(bounds={"y": (0, 2)})
    # registry factors the tree does not use stay allowed (a full set of ranges)
    assert game.subgame_perfect_conditions(bounds={"x": (0, 2), "hedge_depth": (0, 1)})


def test_threshold_hazard_refuses_an_unknown_player() -> None:
    with pytest.raises(UnknownNameError, match="did you mean 'Russia'"):
        threshold_hazard(player="Rusia")


def test_claim_check_refuses_values_a_numeric_game_would_ignore() -> None:
    numeric = tri.models.simultaneous().subs(tri.factors.baseline())
    with pytest.raises(InvalidArgumentError, match="numeric"):
        tri.claims[CLAIM].check({"hedge_depth": 0.3}, game=numeric)
    assert tri.claims[CLAIM].check(game=numeric).claim == CLAIM  # no values: fine


def test_subs_of_a_numeric_game_refuses_names_it_does_not_have() -> None:
    with pytest.raises(UnknownNameError, match="the game has no free factor"):
        numeric_pd().subs({"a": 1})
    with pytest.raises(UnknownNameError, match="did you mean 'hedge_depth'"):
        numeric_pd().subs({"hedge_dept": 1})


def test_subs_of_a_numeric_game_is_not_a_silent_no_op() -> None:
    numeric = tri.models.simultaneous().subs(tri.factors.baseline())
    with pytest.raises(InvalidArgumentError, match="would change nothing"):
        numeric.subs({"hedge_depth": 0.3})
    assert numeric.subs(tri.scenarios["1972"]) is numeric  # a full assignment: nothing to do


def test_a_term_with_a_misspelt_variant_is_refused() -> None:
    term = tri.Term(id="t", player="US", expression="1", variants=("rusia",))
    with pytest.raises(UnknownNameError, match="did you mean 'russia'"):
        tri.models.simultaneous(terms=[term])


# ------------------------------------------------------------------ containers
@pytest.mark.parametrize(
    "profile",
    [
        {0, 1},
        [{"s1"}, [0, 1]],
        [np.ma.array([0.5, 0.5], mask=[1, 0]), [0, 1]],
        [np.array([0.5 + 1j, 0.5]), [0, 1]],
    ],
    ids=["set", "set-entry", "masked", "complex"],
)
def test_profiles_are_never_reinterpreted(profile: object) -> None:
    with pytest.raises(InvalidProfileError):
        tri.regret(numeric_pd(), profile)


def test_a_player_given_twice_is_refused() -> None:
    with pytest.raises(InvalidProfileError, match="'Player 1' is given twice"):
        tri.is_equilibrium(numeric_pd(), {0: "s1", "Player 1": "s2", 1: "s1"})


@pytest.mark.parametrize(
    "payoffs",
    [np.ma.array([[3, 0], [5, 1]], mask=[[1, 0], [0, 0]]), np.array([[3, 0], [5, 1j]])],
    ids=["masked", "complex"],
)
def test_payoffs_are_never_reinterpreted(payoffs: np.ndarray) -> None:
    with pytest.raises(InvalidGameError):
        tri.NormalFormGame.from_bimatrix(payoffs, [[3, 5], [0, 1]])


@pytest.mark.parametrize(
    "value",
    [np.ma.array([0.3, 0.4], mask=[1, 0]), np.array([0.3, 0.4 + 1j])],
    ids=["masked", "complex"],
)
def test_claim_samples_are_never_reinterpreted(value: np.ndarray) -> None:
    with pytest.raises(TriangleError):
        tri.evaluate_claims({"hedge_depth": value}, [CLAIM])


def test_sweep_samples_are_never_reinterpreted() -> None:
    masked = np.ma.array([0.3, 0.4], mask=[1, 0])  # inside the range: only the mask is wrong
    with pytest.raises(TriangleError, match="masked array"):
        tri.sweep(tri.models.simultaneous(), {"hedge_depth": masked})


def test_claim_check_refuses_several_samples() -> None:
    # one point only: several samples go to evaluate_claims, which judges every one
    with pytest.raises(TriangleError, match="finite real number"):
        tri.claims[CLAIM].check({"hedge_depth": np.array([0.3, 0.4])})
