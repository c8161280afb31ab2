"""Sobol' and Morris indices: analytic cases, boolean outcomes, reproducibility, errors."""

import sys

import numpy as np
import pytest
import sympy

import triangle as tri
from triangle.errors import InvalidGameError
from triangle.sensitivity import (
    InvalidSampleError,
    MissingDependencyError,
    morris_indices,
    outcomes,
    sobol_indices,
)

a, b, c = sympy.symbols("a b c")
RANGES = {"a": (0, 1), "b": (0, 1), "c": (0, 1)}


def linear_game(weights=(3, 2, 1)):
    """Player 1's gap of s1 over s2 is w . (a, b, c): S1 = w_i^2 / sum w^2 (uniform inputs)."""
    expr = weights[0] * a + weights[1] * b + weights[2] * c
    return tri.NormalFormGame.from_bimatrix([[expr, 0], [0, 0]], [[0, 0], [0, 0]])


def test_sobol_indices_of_a_linear_gap_are_analytic():
    g = linear_game()
    out = outcomes.gap(g, 0, "s1", "s2", {"Player 2": "s1"})
    s = sobol_indices(g, out, n=2048, ranges=RANGES, seed=1)
    expected = np.array([9, 4, 1]) / 14
    np.testing.assert_allclose(s.S1, expected, atol=0.03)
    np.testing.assert_allclose(s.ST, expected, atol=0.03)  # additive: no interactions
    assert s.ranking() == ["a", "b", "c"]
    assert s.runs == 2048 * (3 + 2)
    assert set(s.as_dict()["a"]) == {"S1", "S1_conf", "ST", "ST_conf"}


def test_sobol_is_reproducible_and_seed_sensitive():
    g = linear_game()
    out = outcomes.gap(g, 0, "s1", "s2", {"Player 2": "s1"})
    s1 = sobol_indices(g, out, n=256, ranges=RANGES, seed=5)
    s2 = sobol_indices(g, out, n=256, ranges=RANGES, seed=5)
    s3 = sobol_indices(g, out, n=256, ranges=RANGES, seed=6)
    np.testing.assert_array_equal(s1.S1, s2.S1)
    np.testing.assert_array_equal(s1.S1_conf, s2.S1_conf)
    assert not np.array_equal(s1.S1, s3.S1)


def test_sobol_of_a_boolean_outcome_sees_only_the_deciding_factor():
    # player 1 plays s1 in equilibrium iff a > 1/2; b only shifts player 2's payoffs
    half = sympy.Rational(1, 2)
    g = tri.NormalFormGame.from_bimatrix([[a - half, a - half], [0, 0]], [[b, 0], [b, 0]])
    out = outcomes.plays(g, "Player 1", "s1")
    s = sobol_indices(g, out, n=1024, ranges=RANGES, factors=["a", "b"], seed=0)
    assert s.S1[0] == pytest.approx(1.0, abs=0.05) and abs(s.S1[1]) < 0.05


def test_constant_outcome_and_constant_factors():
    g = linear_game()
    out = outcomes.gap(g, 0, "s1", "s2", {"Player 2": "s2"})  # always 0 - 0
    s = sobol_indices(g, out, n=64, ranges=dict(RANGES, c=(0.5, 0.5)), seed=0)
    assert s.constant == ("c",) and s.factors == ("a", "b")
    assert (s.S1 == 0).all() and (s.ST == 0).all()


def test_morris_ranks_like_the_weights():
    g = linear_game()
    out = outcomes.gap(g, 0, "s1", "s2", {"Player 2": "s1"})
    m = morris_indices(g, out, trajectories=20, ranges=RANGES, seed=2)
    np.testing.assert_allclose(m.mu_star, [3, 2, 1])  # exact for a linear function
    np.testing.assert_allclose(m.sigma, [0, 0, 0], atol=1e-12)
    assert m.ranking() == ["a", "b", "c"] and m.runs == 20 * 4


def test_global_errors(monkeypatch):
    g = linear_game()
    out = outcomes.gap(g, 0, "s1", "s2", {"Player 2": "s1"})
    with pytest.raises(InvalidSampleError, match="power of two"):
        sobol_indices(g, out, n=1000, ranges=RANGES)
    with pytest.raises(InvalidGameError, match="real or boolean"):
        sobol_indices(g, outcomes.equilibrium_set(g), n=64, ranges=RANGES)
    with pytest.raises(InvalidSampleError, match="no plausible range"):
        sobol_indices(g, out, n=64, factors=["a"])
    monkeypatch.setitem(sys.modules, "SALib.sample.sobol", None)  # as if SALib were missing
    with pytest.raises(MissingDependencyError, match=r"triangle\[sensitivity\]") as err:
        sobol_indices(g, out, n=64, ranges=RANGES)
    assert isinstance(err.value, ImportError)
