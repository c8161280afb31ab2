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


def test_group_indices_are_the_groups_variance_shares():
    # gap = 3a + 2b + c: the group {b, c} carries (4 + 1) / 14 of the variance
    g = linear_game()
    out = outcomes.gap(g, 0, "s1", "s2", {"Player 2": "s1"})
    s = sobol_indices(g, out, n=2048, ranges=RANGES, groups={"bc": ["b", "c"]}, seed=1)
    assert s.factors == ("a", "bc") and s.groups == {"a": ("a",), "bc": ("b", "c")}
    np.testing.assert_allclose(s.S1, [9 / 14, 5 / 14], atol=0.03)
    np.testing.assert_allclose(s.ST, [9 / 14, 5 / 14], atol=0.03)
    assert s.runs == 2048 * (2 + 2)  # two groups, not three factors
    assert s.ranking() == ["a", "bc"]


def test_a_group_captures_an_interaction_its_members_share():
    # gap = a b + c on [0, 1]^3: Var(ab) = 7/144, Var(c) = 12/144, Var(E[ab | a]) = 3/144;
    # a alone explains 3/19 of the variance, a and b together 7/19 (their interaction too)
    g = tri.NormalFormGame.from_bimatrix([[a * b + c, 0], [0, 0]], [[0, 0], [0, 0]])
    out = outcomes.gap(g, 0, "s1", "s2", {"Player 2": "s1"})
    single = sobol_indices(g, out, n=4096, ranges=RANGES, seed=3)
    assert single.S1[0] == pytest.approx(3 / 19, abs=0.03)
    both = sobol_indices(g, out, n=4096, ranges=RANGES, groups={"ab": ["a", "b"]}, seed=3)
    assert both.factors == ("ab", "c")
    np.testing.assert_allclose(both.S1, [7 / 19, 12 / 19], atol=0.03)
    np.testing.assert_allclose(both.ST, [7 / 19, 12 / 19], atol=0.03)


def test_group_errors():
    g = linear_game()
    out = outcomes.gap(g, 0, "s1", "s2", {"Player 2": "s1"})
    with pytest.raises(InvalidSampleError, match="two groups"):
        sobol_indices(g, out, n=64, ranges=RANGES, groups={"x": ["a"], "y": ["a", "b"]})
    with pytest.raises(tri.errors.UnknownNameError, match="'b'"):
        sobol_indices(g, out, n=64, ranges=RANGES, groups={"x": ["bb"]})
    with pytest.raises(InvalidSampleError, match="also the id"):
        sobol_indices(g, out, n=64, ranges=RANGES, groups={"a": ["b", "c"]})
    with pytest.raises(InvalidSampleError, match="positive width"):
        sobol_indices(g, out, n=64, ranges=dict(RANGES, c=(1, 1)), groups={"x": ["c"]})
    with pytest.raises(InvalidSampleError, match="no plausible range"):
        sobol_indices(g, out, n=64, ranges={"a": (0, 1)}, groups={"x": ["b"]})
    with pytest.raises(InvalidSampleError, match="at least two groups"):
        sobol_indices(g, out, n=64, ranges=RANGES, groups={"x": ["a", "b", "c"]})
    with pytest.raises(InvalidSampleError, match="at least one factor"):
        sobol_indices(g, out, n=64, ranges=RANGES, groups={"x": []})


def test_seed_none_is_drawn_stored_and_repeats_the_run():
    g = linear_game()
    out = outcomes.gap(g, 0, "s1", "s2", {"Player 2": "s1"})
    state = np.random.get_state()  # noqa: NPY002 (the legacy global state, checked untouched)
    first = sobol_indices(g, out, n=64, ranges=RANGES)
    other = sobol_indices(g, out, n=64, ranges=RANGES)
    m = morris_indices(g, out, trajectories=4, ranges=RANGES)
    after = np.random.get_state()  # noqa: NPY002
    assert state[0] == after[0] and np.array_equal(state[1], after[1])  # global state untouched
    assert isinstance(first.seed, int) and first.seed != other.seed
    again = sobol_indices(g, out, n=64, ranges=RANGES, seed=first.seed)
    np.testing.assert_array_equal(again.S1_conf, first.S1_conf)
    assert isinstance(m.seed, int)
    m2 = morris_indices(g, out, trajectories=4, ranges=RANGES, seed=m.seed)
    np.testing.assert_array_equal(m2.mu_star_conf, m.mu_star_conf)
    assert sobol_indices(g, out, n=64, ranges=RANGES, seed=7).seed == 7
    gen_run = sobol_indices(g, out, n=64, ranges=RANGES, seed=np.random.default_rng(1))
    replay = sobol_indices(g, out, n=64, ranges=RANGES, seed=gen_run.seed)
    np.testing.assert_array_equal(replay.S1_conf, gen_run.S1_conf)
    with pytest.raises(InvalidSampleError, match="non-negative int"):
        sobol_indices(g, out, n=64, ranges=RANGES, seed=-1)


def test_to_df_matches_the_arrays():
    pd = pytest.importorskip("pandas")
    g = linear_game()
    out = outcomes.gap(g, 0, "s1", "s2", {"Player 2": "s1"})
    s = sobol_indices(g, out, n=64, ranges=RANGES, seed=0)
    df = s.to_df()
    assert isinstance(df, pd.DataFrame) and list(df.index) == ["a", "b", "c"]
    np.testing.assert_array_equal(df["ST_conf"].to_numpy(), s.ST_conf)
    np.testing.assert_array_equal(df["S1"].to_numpy(), s.S1)
    grouped = sobol_indices(g, out, n=64, ranges=RANGES, groups={"bc": ["c", "b"]}, seed=0)
    gdf = grouped.to_df()
    assert gdf.index.name == "group" and gdf.loc["bc", "factors"] == "b, c"
    m = morris_indices(g, out, trajectories=4, ranges=RANGES, seed=0)
    np.testing.assert_array_equal(m.to_df()["mu_star"].to_numpy(), m.mu_star)


def test_to_df_without_pandas_names_the_extra(monkeypatch):
    g = linear_game()
    out = outcomes.gap(g, 0, "s1", "s2", {"Player 2": "s1"})
    s = sobol_indices(g, out, n=64, ranges=RANGES, seed=0)
    m = morris_indices(g, out, trajectories=4, ranges=RANGES, seed=0)
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if pandas were missing
    for res in (s, m):
        with pytest.raises(MissingDependencyError, match=r"triangle\[pandas\]"):
            res.to_df()
