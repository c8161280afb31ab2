"""sweep, sample_factors and batch solving: against pointwise substitution and solving."""

import itertools

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import triangle as tri
from triangle.errors import InvalidGameError, UnknownNameError
from triangle.sensitivity import (
    InvalidSampleError,
    best_responses,
    dominated,
    factor_registry,
    sample_factors,
    solve_batch,
    solve_sweep,
    sweep,
    sweep_chunks,
)
from triangle.sensitivity.sampling import iter_uniform_samples

A, B, C = sympy.symbols("a b c")
PLAYERS = ("US", "Russia", "China")
STRATEGIES = (("engage", "condition", "pressure"), ("pivot", "hedge", "stay"),
              ("reward", "hold", "punish"))


def toy_triangle(seed: int = 0) -> tri.NormalFormGame:
    """A 3x3x3 game whose cells are sums of products of three factors and integers."""
    rng = np.random.default_rng(seed)
    u = np.empty((3, 3, 3, 3), dtype=object)
    for idx in itertools.product(range(3), repeat=4):
        k = rng.integers(-3, 4, size=4)
        u[idx] = int(k[0]) * A + int(k[1]) * B * (1 - C) + int(k[2]) * A * C + int(k[3])
    return tri.NormalFormGame(u, players=PLAYERS, strategies=STRATEGIES)


GAME = toy_triangle()


def pointwise(game, samples, k):
    return game.subs({n: float(v[k]) for n, v in samples.items()}).payoffs


# --------------------------------------------------------------------------- sweep
def test_sweep_matches_pointwise_substitution():
    s = sample_factors(40, factors=GAME, ranges={"a": (-2, 2), "b": (0, 3), "c": (0, 1)},
                       seed=3)
    u = sweep(GAME, s)
    assert u.shape == (40, 3, 3, 3, 3)
    assert u.dtype == np.float64
    for k in (0, 17, 39):
        np.testing.assert_allclose(u[k], pointwise(GAME, s, k), rtol=1e-12, atol=1e-12)


def test_sweep_matches_the_core_compiled_function():
    s = sample_factors(100, factors=GAME, ranges={"a": (-2, 2), "b": (0, 3), "c": (0, 1)},
                       seed=4)
    core = GAME.compiled()(*(s[n] for n in GAME.factors))
    np.testing.assert_allclose(sweep(GAME, s), core, rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize("chunk", [1, 7, 64, 10_000])
def test_sweep_does_not_depend_on_chunk_size(chunk):
    s = sample_factors(100, factors=GAME, ranges={"a": (-2, 2), "b": (0, 3), "c": (0, 1)},
                       seed=5)
    np.testing.assert_array_equal(sweep(GAME, s, chunk_size=chunk), sweep(GAME, s))


def test_left_out_factors_are_held_at_the_point():
    u = sweep(GAME, {"a": [1.0, 2.0]}, at={"b": 0.5, "c": 0.25})
    np.testing.assert_allclose(u[1], GAME.subs({"a": 2.0, "b": 0.5, "c": 0.25}).payoffs)


def test_constant_cells_and_numeric_games_broadcast():
    x = sympy.Symbol("x")
    g = tri.NormalFormGame([[[x, 7]], [[0, 2 * x]]])
    u = sweep(g, {"x": [1.0, 2.0, 3.0]})
    assert u[:, 0, 0, 1].tolist() == [7.0, 7.0, 7.0]
    assert u[:, 1, 0, 0].tolist() == [0.0, 0.0, 0.0]
    pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    reg = list(factor_registry())
    if reg:  # a numeric game has no factors; registry ids still set K
        f = factor_registry()[reg[0]]
        assert sweep(pd, {reg[0]: [f.value] * 2}).shape == (2, 2, 2, 2)


def test_empty_sweep():
    assert sweep(GAME, {"a": [], "b": [], "c": []}).shape == (0, 3, 3, 3, 3)


def test_registry_factors_take_their_baseline_and_their_range():
    reg = factor_registry()
    if len(reg) < 2:
        pytest.skip("the factor registry is not available")
    f1, f2 = list(reg.values())[:2]
    g = tri.NormalFormGame.from_bimatrix([[f1.symbol, f2.symbol]], [[0, 1]])
    u = sweep(g, {f1.id: [f1.low, f1.high]})
    np.testing.assert_allclose(u[:, 0, 0, 1], [f2.value, f2.value])
    np.testing.assert_allclose(u[:, 0, 0, 0], [f1.low, f1.high])
    too_high = f1.high + max(1.0, abs(f1.high))
    with pytest.raises(InvalidSampleError, match="outside its plausible range"):
        sweep(g, {f1.id: [f1.value, too_high]})
    assert sweep(g, {f1.id: [too_high]}, allow_out_of_range=True)[0, 0, 0, 0] == too_high
    ids = sample_factors(5, seed=0)
    assert set(ids) == set(reg)  # one sample of the whole registry serves any game
    assert sweep(g, ids).shape == (5, 2, 1, 2)


# --------------------------------------------------------------------------- bad input
def test_unknown_factor_suggests_the_closest():
    with pytest.raises(UnknownNameError, match="did you mean 'a'") as err:
        sweep(GAME, {"aa": [1.0]}, at={"b": 0, "c": 0})
    assert isinstance(err.value, KeyError)


@pytest.mark.parametrize(
    "samples, message",
    [
        ({"a": [1.0, 2.0], "b": [1.0], "c": [0.0, 0.0]}, "same length"),
        ({"a": [1.0, np.nan], "b": [1.0, 1.0], "c": [0.0, 0.0]}, "finite"),
        ({"a": [1.0, np.inf], "b": [1.0, 1.0], "c": [0.0, 0.0]}, "finite"),
        ({"a": [[1.0]], "b": [1.0], "c": [0.0]}, "1-D"),
        ({"a": 1.0, "b": [1.0], "c": [0.0]}, "1-D"),
        ({"a": ["x"], "b": [1.0], "c": [0.0]}, "real numbers"),
        ({}, "empty"),
        ({"a": [1.0]}, "no baseline"),
    ],
)
def test_bad_samples_raise_clear_errors(samples, message):
    with pytest.raises(InvalidSampleError, match=message) as err:
        sweep(GAME, samples)
    assert isinstance(err.value, ValueError)


def test_ranges_given_by_the_user_are_checked():
    with pytest.raises(InvalidSampleError, match=r"outside its plausible range \[0.0, 1.0\]"):
        sweep(GAME, {"a": [0.5], "b": [0.0], "c": [1.5]}, ranges={"c": (0, 1)})


def test_bad_arguments():
    with pytest.raises(InvalidGameError, match="NormalFormGame"):
        sweep([[1]], {"a": [1.0]})
    with pytest.raises(InvalidSampleError, match="chunk_size"):
        sweep(GAME, {"a": [1.0], "b": [1.0], "c": [1.0]}, chunk_size=0)
    with pytest.raises(InvalidSampleError, match="map factor ids"):
        sweep(GAME, [1.0, 2.0])
    with pytest.raises(TypeError, match="progress"):
        sweep(GAME, {"a": [1.0], "b": [1.0], "c": [1.0]}, progress="yes")


def test_progress_callback_and_bar(capsys):
    seen = []
    s = {"a": np.zeros(10), "b": np.zeros(10), "c": np.zeros(10)}
    sweep(GAME, s, chunk_size=4, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(4, 10), (8, 10), (10, 10)]
    sweep(GAME, s, chunk_size=4)
    assert capsys.readouterr().err == ""  # off by default
    sweep(GAME, s, chunk_size=4, progress=True)
    assert "100.0%" in capsys.readouterr().err


def test_sweep_chunks_reuses_one_buffer_and_covers_all_samples():
    s = sample_factors(10, factors=GAME, ranges={"a": (-1, 1), "b": (0, 1), "c": (0, 1)},
                       seed=9)
    whole = sweep(GAME, s)
    seen = []
    for rows, u in sweep_chunks(GAME, s, chunk_size=4):
        np.testing.assert_array_equal(u, whole[rows])
        seen.append((rows.start, rows.stop))
    assert seen == [(0, 4), (4, 8), (8, 10)]


# --------------------------------------------------------------------------- sampling
def test_sample_factors_is_reproducible_and_within_range():
    ranges = {"a": (-2, 2), "b": (0, 3), "c": (0.5, 0.5)}
    s1 = sample_factors(1000, factors=GAME, ranges=ranges, seed=11)
    s2 = sample_factors(1000, factors=GAME, ranges=ranges, seed=11)
    g1 = sample_factors(10, factors=GAME, ranges=ranges, seed=np.random.default_rng(11))
    g2 = sample_factors(10, factors=GAME, ranges=ranges, seed=np.random.default_rng(11))
    np.testing.assert_array_equal(g1["a"], g2["a"])
    # a factor's samples depend on the seed and its id only
    np.testing.assert_array_equal(
        sample_factors(1000, factors=["a"], ranges=ranges, seed=11)["a"], s1["a"])
    for n in s1:
        np.testing.assert_array_equal(s1[n], s2[n])
        assert s1[n].min() >= ranges[n][0] and s1[n].max() <= ranges[n][1]
    assert not np.array_equal(s1["a"], sample_factors(1000, factors=GAME, ranges=ranges,
                                                      seed=12)["a"])


def test_latin_hypercube_puts_one_sample_in_each_stratum():
    s = sample_factors(50, factors=["a", "b"], ranges={"a": (0, 1), "b": (10, 20)}, seed=2,
                       method="latin")
    assert sorted((s["a"] * 50).astype(int).tolist()) == list(range(50))
    assert sorted(((s["b"] - 10) * 5).astype(int).tolist()) == list(range(50))


def test_uniform_samples_in_chunks_equal_the_whole():
    whole = sample_factors(103, factors=["a", "b"], ranges={"a": (0, 1), "b": (-1, 1)}, seed=5)
    parts = list(iter_uniform_samples(103, chunk_size=10, factors=["a", "b"],
                                      ranges={"a": (0, 1), "b": (-1, 1)}, seed=5))
    for n in whole:
        np.testing.assert_array_equal(np.concatenate([p[n] for _, p in parts]), whole[n])
    unit = np.concatenate([u for u, _ in parts], axis=1)
    np.testing.assert_allclose(unit[0], whole["a"])
    np.testing.assert_allclose(unit[1], (whole["b"] + 1) / 2)


def test_sample_factors_errors():
    with pytest.raises(UnknownNameError):
        sample_factors(3, factors=["not_a_factor_xyz"])
    with pytest.raises(InvalidSampleError, match="method"):
        sample_factors(3, factors=["a"], ranges={"a": (0, 1)}, method="sobol")
    with pytest.raises(InvalidSampleError, match="non-negative"):
        sample_factors(-1, factors=["a"], ranges={"a": (0, 1)})
    with pytest.raises(InvalidSampleError, match="low <= high"):
        sample_factors(3, factors=["a"], ranges={"a": (1, 0)})
    with pytest.raises(InvalidSampleError, match="no plausible range"):
        sample_factors(3, factors=GAME, ranges={"a": (0, 1)})
    with pytest.raises(InvalidSampleError, match="seed"):
        sample_factors(3, factors=["a"], ranges={"a": (0, 1)}, seed=-1)


# --------------------------------------------------------------------------- batch solving
def brute_best(u, i, cell):
    vals = [u[(i, *cell[:i], t, *cell[i + 1:])] for t in range(u.shape[1 + i])]
    return u[(i, *cell)] >= max(vals) - 1e-9


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([(2, 2), (3, 2), (2, 3, 2), (3, 3, 3)]))
def test_batch_functions_against_brute_force(seed, shape):
    rng = np.random.default_rng(seed)
    n = len(shape)
    u = rng.integers(-2, 3, size=(6, n, *shape)).astype(float)  # ties are frequent
    game = tri.NormalFormGame(u[0])
    sol = solve_batch(game, u)
    np.testing.assert_array_equal(sol.pure, tri.pure_equilibria_batch(u))
    for i in range(n):
        br = best_responses(game, u, i)
        dom = dominated(game, u, i)
        weak = dominated(game, u, i, strict=False)
        for k in range(len(u)):
            for cell in itertools.product(*map(range, shape)):
                assert br[(k, *cell)] == brute_best(u[k], i, cell)
            g = tri.NormalFormGame(u[k])
            strict_names = {d.strategy for d in tri.dominated_strategies(g, i, mixed=False)}
            weak_names = {d.strategy for d in tri.dominated_strategies(g, i, mixed=False,
                                                                     strict=False)}
            assert {g.strategies[i][s] for s in np.flatnonzero(dom[k])} == strict_names
            assert {g.strategies[i][s] for s in np.flatnonzero(weak[k])} == weak_names


def test_best_responses_given_a_profile():
    pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
                                          players=("A", "B"), strategies=(("c", "d"), ("c", "d")))
    assert best_responses(pd, pd.payoffs[None], "B", {"A": "d"}).tolist() == [[False, True]]
    with pytest.raises(InvalidGameError, match="no strategy for"):
        best_responses(GAME, sweep(GAME, {"a": [0.0], "b": [0.0], "c": [0.0]}), "US",
                       {"Russia": "pivot"})
    with pytest.raises(InvalidGameError, match="shape"):
        best_responses(pd, np.zeros((2, 2, 3, 2)), "A")


def test_mixed_equilibria_only_where_no_pure_one_exists():
    x = sympy.Symbol("x")
    # matching pennies when x < 0, a coordination game when x > 0
    g = tri.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[x, -x], [-x, x]])
    s = {"x": np.array([-1.0, 2.0, -3.0, 0.5])}
    sol = solve_sweep(g, s, mixed=True, chunk_size=3)
    assert sol.has_pure.tolist() == [False, True, False, True]
    assert sorted(sol.mixed) == [0, 2]
    for k, eqs in sol.mixed.items():
        assert len(eqs) == 1
        numeric = g.subs({"x": float(s["x"][k])})
        assert tri.is_equilibrium(numeric, eqs[0].profile)
        np.testing.assert_allclose(eqs[0].profile[0], [0.5, 0.5])
    again = solve_batch(g, sweep(g, s), mixed=True)
    np.testing.assert_array_equal(again.pure, sol.pure)
    assert sorted(again.mixed) == [0, 2]
    assert sol.plays("Player 1", "s1").tolist() == [False, True, False, True]
    assert sol.profiles(1) == [("s1", "s1"), ("s2", "s2")]


def test_solve_sweep_equals_solve_batch_of_sweep():
    s = sample_factors(500, factors=GAME, ranges={"a": (-2, 2), "b": (0, 3), "c": (0, 1)},
                       seed=1)
    np.testing.assert_array_equal(solve_sweep(GAME, s, chunk_size=64).pure,
                                  solve_batch(GAME, sweep(GAME, s)).pure)
    sol = solve_sweep(GAME, s)
    for k in (0, 250, 499):
        expected = {tuple(int(np.argmax(p)) for p in eq.profile)
                    for eq in tri.pure_equilibria(GAME.subs({n: float(v[k])
                                                             for n, v in s.items()}))}
        assert {tuple(map(int, c)) for c in np.argwhere(sol.pure[k])} == expected
