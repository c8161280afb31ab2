"""Profiles: names, indices, probability vectors, mappings; expected payoffs; regret."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import triangle as tri
from triangle.errors import InvalidProfileError
from triangle.games.profiles import as_profile

BOS = tri.NormalFormGame.from_bimatrix(
    [[2, 0], [0, 1]],
    [[1, 0], [0, 2]],
    players=("A", "B"),
    strategies=(("opera", "football"), ("opera", "football")),
)


def test_names_indices_mapping_vectors():
    assert [p.tolist() for p in as_profile(BOS, ("opera", 1))] == [[1, 0], [0, 1]]
    assert [p.tolist() for p in as_profile(BOS, {"B": "opera", "A": [0.5, 0.5]})] == [
        [0.5, 0.5],
        [1, 0],
    ]
    exact = as_profile(BOS, ([Fraction(2, 3), Fraction(1, 3)], "opera"))
    assert exact[0].dtype == object and exact[0][0] == Fraction(2, 3)


@pytest.mark.parametrize(
    "profile, match",
    [
        (("opera",), "one entry per player"),
        (("opera", "ballet"), "unknown strategy"),
        (([0.5, 0.6], 0), "probability vector"),
        (([1.5, -0.5], 0), "probability vector"),
        (([np.nan, 1], 0), "probability vector"),
        (([1, 0, 0], 0), "needs 2 probabilities"),
        ((5, 0), "out of range"),
        ({"A": "opera"}, "no strategy for"),
        (([Fraction(1, 3), Fraction(1, 3)], 0), "summing to 1"),
        ("opera", "one entry per player"),
    ],
)
def test_bad_profiles(profile, match):
    with pytest.raises(InvalidProfileError, match=match):
        as_profile(BOS, profile)
    with pytest.raises(ValueError):
        tri.is_equilibrium(BOS, profile)


def test_regret_and_equilibrium_exact_and_float():
    mixed = ([Fraction(2, 3), Fraction(1, 3)], [Fraction(1, 3), Fraction(2, 3)])
    assert tri.is_equilibrium(BOS, mixed, tol=0)
    assert tri.regret(BOS, mixed).tolist() == [0.0, 0.0]
    assert tri.is_equilibrium(BOS, ([2 / 3, 1 / 3], [1 / 3, 2 / 3]))
    assert not tri.is_equilibrium(BOS, ("opera", "football"))
    assert tri.regret(BOS, ("opera", "football")).tolist() == [1.0, 1.0]
    with pytest.raises(ValueError, match="tol must be"):
        tri.is_equilibrium(BOS, ("opera", "opera"), tol=-1)


@given(st.integers(2, 4), st.integers(2, 4), st.integers(2, 3), st.integers(0, 2**32 - 1))
def test_expected_payoffs_match_brute_force(m1, m2, m3, seed):
    rng = np.random.default_rng(seed)
    u = rng.normal(size=(3, m1, m2, m3))
    g = tri.NormalFormGame(u)
    prof = [rng.dirichlet(np.ones(m)) for m in (m1, m2, m3)]
    brute = np.einsum("iabc,a,b,c->i", u, *prof)
    np.testing.assert_allclose(g.expected_payoffs(prof), brute)
    # regret is non-negative and zero iff no pure deviation gains
    r = tri.regret(g, prof)
    assert (r >= -1e-12).all()
