"""The hypothesis strategies of ``triangle.testing``, and property tests written with them."""

from __future__ import annotations

import functools
import sys
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import find as _find
from hypothesis import strategies as st

import triangle as tri
from triangle.games.profiles import PROBABILITY_TOL, as_profile
from triangle.testing import (
    DrawnValues,
    RaisedPair,
    StrategyArgumentError,
    bimatrix_games,
    evaluate_at,
    factor_values,
    games,
    games_at,
    mixed_strategies,
    profiles,
    raised_pairs,
    scenarios,
)

# find() without the "explain" phase, which costs seconds per call and explains nothing here
QUICK = settings(
    max_examples=2000, phases=[Phase.generate, Phase.shrink], database=None, derandomize=True
)


def find(strategy, condition):
    return _find(strategy, condition, settings=QUICK)


FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def has_pure_tie(game: tri.NormalFormGame) -> bool:
    """Some pure profile of the others leaves a player two (or more) best responses."""
    u = game.payoffs
    for i in range(game.n_players):
        ui = np.moveaxis(u[i], i, -1).reshape(-1, game.shape[i])
        best = ui.max(axis=1, keepdims=True)
        if ((ui == best).sum(axis=1) > 1).any():
            return True
    return False


# --------------------------------------------------------------------- simplex
@FAST
@given(st.integers(1, 7).flatmap(lambda m: st.tuples(st.just(m), mixed_strategies(m))))
def test_mixed_strategies_are_probability_vectors(drawn):
    m, v = drawn
    assert isinstance(v, np.ndarray) and v.dtype == float and v.shape == (m,)
    assert (v >= 0).all() and abs(v.sum() - 1) <= PROBABILITY_TOL


@FAST
@given(st.integers(1, 7).flatmap(lambda m: mixed_strategies(m, exact=True, full_support=True)))
def test_exact_full_support_vectors_sum_to_one_exactly(v):
    assert v.dtype == object and all(isinstance(x, Fraction) and x > 0 for x in v)
    assert sum(v) == 1


def test_mixed_strategies_explore_the_simplex():
    assert (find(mixed_strategies(4), lambda v: (v > 0).all()) > 0).all()
    assert find(mixed_strategies(4), lambda v: v.max() == 1).max() == 1
    assert find(mixed_strategies(3), lambda v: 0 < v[1] < 0.01)[1] < 0.01


@pytest.mark.parametrize("m", [0, -1, 2.5, True, "3"])
def test_mixed_strategies_reject_bad_sizes(m):
    with pytest.raises(StrategyArgumentError, match="number of strategies"):
        mixed_strategies(m)


@FAST
@given(st.data())
def test_profiles_are_accepted_by_the_package(data):
    game = data.draw(games(max_strategies=3))
    for exact in (False, True):
        prof = data.draw(profiles(game, exact=exact))
        assert [len(p) for p in prof] == list(game.shape)
        parsed = as_profile(game, prof)
        assert all(p.dtype == (object if exact else float) for p in parsed)
        regret = tri.regret(game, prof)
        assert len(regret) == game.n_players and all(r >= -1e-12 for r in regret)
    pure = data.draw(profiles(game, pure=True))
    assert all(sorted(p.tolist()) == [0.0] * (len(p) - 1) + [1.0] for p in pure)
    # a pure profile is an equilibrium exactly when the pure solver lists it
    listed = {tuple(int(np.argmax(p)) for p in e.profile) for e in tri.pure_equilibria(game)}
    cell = tuple(int(np.argmax(p)) for p in pure)
    assert (cell in listed) == tri.is_equilibrium(game, pure)


def test_a_clear_error_without_hypothesis(monkeypatch):
    monkeypatch.setitem(sys.modules, "hypothesis.strategies", None)  # import fails
    with pytest.raises(ImportError, match=r"pip install 'strategic-triangle\[strategies\]'"):
        mixed_strategies(2)


def test_profiles_of_a_shape_and_bad_input():
    assert [len(p) for p in find(profiles((2, 3)), lambda p: True)] == [2, 3]
    with pytest.raises(StrategyArgumentError):
        profiles((2, 0))


# --------------------------------------------------------------------- games
@FAST
@given(games())
def test_games_default(g):
    assert 2 <= g.n_players <= 3 and all(1 <= m <= 4 for m in g.shape)
    assert g.payoffs.shape == (g.n_players, *g.shape) and not g.is_symbolic
    assert (g.payoffs == np.round(g.payoffs)).all() and np.abs(g.payoffs).max() <= 10
    assert g.exact_payoffs.dtype == object


@settings(max_examples=10, deadline=None)
@given(games(shape=(2, 3, 2), payoffs="fractions", min_payoff=-1, max_payoff=1))
def test_games_of_an_exact_shape_with_fractions(g):
    assert g.shape == (2, 3, 2)
    exact = g.exact_payoffs
    assert all(x.denominator <= 12 and -1 <= x <= 1 for x in exact.flat)


@FAST
@given(games(n_players=2, payoffs="floats", min_payoff=0, max_payoff=1, max_strategies=3))
def test_games_with_float_payoffs(g):
    assert g.n_players == 2 and ((g.payoffs >= 0) & (g.payoffs <= 1)).all()


@FAST
@given(games(degenerate=True, max_strategies=3))
def test_degenerate_games_have_a_tie_by_construction(g):
    assert has_pure_tie(g)


@FAST
@given(games(degenerate=False, payoffs="floats", max_strategies=3))
def test_nondegenerate_games_have_no_pure_tie(g):
    assert not has_pure_tie(g)


@settings(max_examples=25, deadline=None)
@given(bimatrix_games(degenerate=False, payoffs="fractions", max_strategies=4))
def test_nondegenerate_bimatrix_games_have_an_odd_number_of_equilibria(g):
    # Lemke and Howson (1964): a non-degenerate bimatrix game has an odd number of equilibria
    eqs = tri.equilibria(g, exact=True)
    assert not eqs.degenerate
    assert len(eqs) % 2 == 1


@settings(max_examples=15, deadline=None)
@given(bimatrix_games(degenerate=True, max_strategies=3))
def test_degenerate_bimatrix_games_are_flagged_by_the_solver(g):
    assert tri.equilibria(g).degenerate


def test_games_explore_both_kinds():
    assert has_pure_tie(find(games(), has_pure_tie))
    assert not has_pure_tie(find(games(), lambda g: not has_pure_tie(g)))
    assert find(games(), lambda g: g.n_players == 3).n_players == 3
    assert find(games(), lambda g: max(g.shape) == 4)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"degenerate": False}, "general position"),
        ({"n_players": 1}, "n_players"),
        ({"n_players": (3, 2)}, "n_players"),
        ({"shape": (3,)}, "at least two players"),
        ({"shape": (1, 1), "degenerate": True}, "two strategies"),
        ({"min_strategies": 3, "max_strategies": 2}, "min_strategies"),
        ({"max_strategies": 1, "degenerate": True}, "two strategies"),
        ({"payoffs": "complex"}, "payoffs must be"),
        ({"min_payoff": 1, "max_payoff": 0}, "min_payoff <= max_payoff"),
        ({"min_payoff": 0.5}, "integer bounds"),
    ],
)
def test_games_reject_impossible_requests(kwargs, message):
    with pytest.raises(StrategyArgumentError, match=message):
        games(**kwargs)


def test_bimatrix_games_have_two_players():
    assert find(bimatrix_games(shape=(3, 2)), lambda g: True).shape == (3, 2)


# --------------------------------------------------------------------- factors and scenarios
@settings(max_examples=15, deadline=None)
@given(factor_values())
def test_factor_values_cover_the_registry_within_ranges(values):
    assert list(values) == list(tri.factors)
    for fid, f in tri.factors.items():
        assert f.low <= values[fid] <= f.high, fid
    game = tri.models.simultaneous().subs(values)  # the values fit any model
    assert not game.is_symbolic


@FAST
@given(factor_values(factors=["us_policy_reversal_risk", "irreversibility"], scenario="1972"))
def test_only_the_chosen_factors_vary(values):
    scenario = tri.scenarios["1972"].values
    varying = {"us_policy_reversal_risk", "irreversibility"}
    assert {k for k in values if values[k] != scenario[k]} <= varying
    for fid in varying:
        low, high = (
            tri.scenarios["1972"].overrides[fid].range
            if fid in (tri.scenarios["1972"].overrides)
            else tri.factors[fid].range
        )
        assert low <= values[fid] <= high


def test_factor_values_explore_their_ranges():
    f = tri.factors["us_policy_reversal_risk"]
    strategy = factor_values(factors=f.id)
    width = f.high - f.low
    assert find(strategy, lambda v: v[f.id] <= f.low + 0.01 * width)[f.id] >= f.low
    assert find(strategy, lambda v: v[f.id] >= f.high - 0.01 * width)[f.id] <= f.high


@FAST
@given(factor_values(factors=["hedge_depth"], within={"hedge_depth": (0.9, 1.0)}, scenario=None))
def test_factor_values_with_other_bounds(values):
    assert 0.9 <= values["hedge_depth"] <= 1.0
    others = {k: v for k, v in values.items() if k != "hedge_depth"}
    assert others == {k: f.value for k, f in tri.factors.items() if k != "hedge_depth"}


def test_factor_values_errors():
    with pytest.raises(KeyError, match="did you mean"):
        factor_values(factors=["us_policy_reversal_rsk"])
    with pytest.raises(KeyError):
        factor_values(within={"nope": (0, 1)})
    with pytest.raises(StrategyArgumentError, match="low <= high"):
        factor_values(factors=["hedge_depth"], within={"hedge_depth": (1, 0)})
    with pytest.raises(StrategyArgumentError, match="scenario"):
        factor_values(scenario=42)
    with pytest.raises(KeyError):
        factor_values(scenario="1973")


_MINE = tri.models.resolve_point({"rift_depth": 0.9}, base="1972")


@FAST
@given(factor_values(factors=["rift_depth", "sanctions_relief"], scenario=_MINE))
def test_factor_values_at_a_resolved_point(values):
    """A Point from resolve_point fixes the other factors and gives the ranges to draw in."""
    assert 0.7 <= values["rift_depth"] <= 1.0  # 1972's own range, not 2025's
    fixed = {k: v for k, v in values.items() if k not in ("rift_depth", "sanctions_relief")}
    assert fixed == {k: v for k, v in _MINE.values.items() if k in fixed}
    assert set(values) == set(tri.factors)


@FAST
@given(scenarios())
def test_scenarios_come_from_the_registry(scenario):
    assert scenario is tri.scenarios[scenario.name]


def test_scenarios_by_name():
    assert find(scenarios(names=["1972"]), lambda s: True).name == "1972"
    assert {find(scenarios(), lambda s, n=n: s.name == n).name for n in tri.scenarios} == set(
        tri.scenarios
    )


# --------------------------------------------------------------------- the compiled path
@functools.cache
def sequential_like():
    """A second game of registry factors, with other payoff expressions than the model's."""
    risk, depth = tri.factors["us_policy_reversal_risk"], tri.factors["hedge_depth"]
    r, d = risk.symbol, depth.symbol
    return tri.NormalFormGame([[[2 * r, d / (1 + r)]], [[1, r * d - r**2]]])


@settings(max_examples=10, deadline=None)
@given(values=factor_values())
def test_compiled_payoffs_equal_subs(values):
    """evaluate_at (the one compiled evaluator) gives what subs gives, in every cell."""
    for game in (model()[0], sequential_like()):
        exact = game.subs(values).payoffs.astype(float)
        assert np.allclose(evaluate_at(game, values), exact, rtol=1e-9, atol=1e-9)


@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_games_at_are_the_model_at_the_drawn_values(data):
    game = model()[0]
    drawn = data.draw(games_at(game, factors=["us_policy_reversal_risk", "hedge_depth"]))
    assert not drawn.is_symbolic
    assert drawn.players == game.players and drawn.strategies == game.strategies
    assert drawn.payoffs.shape == game.payoffs.shape
    assert np.isfinite(drawn.payoffs.astype(float)).all()


def test_games_at_evaluate_through_the_compiled_path(monkeypatch):
    """No subs per example: the strategy never calls NormalFormGame.subs."""
    game = model()[0]
    calls = []
    monkeypatch.setattr(tri.NormalFormGame, "subs", lambda self, m: calls.append(m))
    strategy = games_at(game, factors=["irreversibility"])
    g = find(strategy, lambda g: True)
    assert calls == []
    values = tri.scenarios["baseline"].values
    assert np.allclose(g.payoffs, evaluate_at(game, values))  # shrunk to the baseline


def test_evaluate_at_needs_every_factor_the_game_uses():
    with pytest.raises(StrategyArgumentError, match="do not assign"):
        evaluate_at(model()[0], {"hedge_depth": 0.5})


# --------------------------------------------------------------------- raised pairs
@FAST
@given(pair=raised_pairs())
def test_raised_pairs_differ_in_one_factor_raised(pair):
    values, raised, factor = pair
    assert isinstance(pair, RaisedPair)
    assert raised[factor] > values[factor]
    f = tri.factors[factor]
    assert f.low <= values[factor] < raised[factor] <= f.high
    assert {k for k in values if values[k] != raised[k]} == {factor}
    assert values.assigns_all_factors and raised.assigns_all_factors


@FAST
@given(pair=raised_pairs(["irreversibility", "hedge_depth"], scenario="1972"))
def test_raised_pairs_of_chosen_factors(pair):
    assert pair.factor in ("irreversibility", "hedge_depth")


@FAST
@given(pair=raised_pairs("hedge_depth", factors=["hedge_depth"],
                         within={"hedge_depth": (0.9, 1.0)}, scenario=None))
def test_raised_pairs_within_other_bounds(pair):
    values, raised, _ = pair
    assert 0.9 <= values["hedge_depth"] < raised["hedge_depth"] <= 1.0
    assert values.changed().keys() <= {"hedge_depth"}


@pytest.mark.slow  # shrinking sixty factors takes seconds; the quick version draws three
def test_raised_pairs_explore_the_range():
    f = tri.factors["irreversibility"]
    strategy = raised_pairs(f.id)
    assert find(strategy, lambda p: p.raised[f.id] - p.values[f.id] > 0.9 * (f.high - f.low))
    assert find(strategy, lambda p: p.raised[f.id] - p.values[f.id] < 1e-3)


def test_raised_pairs_explore_the_range_of_a_few_factors():
    f = tri.factors["irreversibility"]
    strategy = raised_pairs(f.id, factors=[f.id, "hedge_depth", "us_policy_reversal_risk"])
    assert find(strategy, lambda p: p.raised[f.id] - p.values[f.id] > 0.9 * (f.high - f.low))
    assert find(strategy, lambda p: p.raised[f.id] - p.values[f.id] < 1e-3)


def test_raised_pairs_errors():
    with pytest.raises(KeyError, match="did you mean"):
        raised_pairs("us_policy_reversal_rsk")
    with pytest.raises(StrategyArgumentError, match="cannot be raised"):
        raised_pairs("hedge_depth", within={"hedge_depth": (0.5, 0.5)})


# --------------------------------------------------------------------- readable counterexamples
@pytest.mark.slow  # shrinking sixty factors takes seconds; the quick version draws four
def test_drawn_values_show_only_the_factors_that_left_the_baseline():
    base = tri.scenarios["baseline"].values
    values = find(factor_values(), lambda v: v["hedge_depth"] > base["hedge_depth"])
    assert isinstance(values, DrawnValues)
    assert list(values.changed()) == ["hedge_depth"]
    assert repr(values) == f"DrawnValues({{'hedge_depth': {values['hedge_depth']!r}}}, " \
        "others at baseline)"


def test_drawn_values_of_a_few_factors_show_only_those_that_left_the_baseline():
    base = tri.scenarios["baseline"].values
    few = ["hedge_depth", "irreversibility", "us_policy_reversal_risk", "beijing_unease"]
    values = find(factor_values(factors=few), lambda v: v["hedge_depth"] > base["hedge_depth"])
    assert isinstance(values, DrawnValues)
    # shrinking took every other factor back to the baseline
    assert list(values.changed()) == ["hedge_depth"]
    assert repr(values) == f"DrawnValues({{'hedge_depth': {values['hedge_depth']!r}}}, " \
        "others at baseline)"


# Shrinking sixty factors takes seconds (slow); the quick version draws three.
@pytest.mark.parametrize("few", [pytest.param(False, marks=pytest.mark.slow), True])
def test_a_failing_property_prints_the_few_factors_that_matter(capsys, few):
    risk = "us_policy_reversal_risk"
    drawn = [risk, "irreversibility", "hedge_depth"] if few else None

    @settings(max_examples=200, database=None, deadline=None, derandomize=True,
              phases=[Phase.generate, Phase.shrink])
    @given(pair=raised_pairs([risk, "irreversibility"], factors=drawn))
    def wrong(pair):  # a false claim: the reversal risk is never raised by half its range
        values, raised, factor = pair
        assert factor != risk or raised[risk] - values[risk] < 0.3

    with pytest.raises(AssertionError) as info:
        wrong()
    text = "".join(str(n) for n in getattr(info.value, "__notes__", [])) + capsys.readouterr().out
    assert f"RaisedPair(factor={risk!r}" in text
    assert "others at baseline" in text  # and no list of sixty factors


# --------------------------------------------------------------------- a user's property tests
# "Russia's pivot payoff never rises with the reversal risk" (003: power politics
# "goes beyond a 4-year term of a U.S. president"; 000: "the chances of a policy reversal
# increase dramatically"), and "the more irreversible the break with Beijing, the less
# Russia gains from pivoting" (000: "restoring relations with China will be impossible").


@functools.cache
def model():
    """The simultaneous model, compiled once (sweeps never call sympy per point)."""
    game = tri.models.simultaneous()
    return game, game.compiled(), list(game.factors)


def russia_pivot_payoffs(values):
    game, payoffs, order = model()
    u = payoffs(*(values[name] for name in order))
    return u[game.player_index("Russia")][:, game.strategy_index("Russia", "pivot"), :]


@settings(max_examples=60, deadline=None)
@given(values=factor_values(), step=st.floats(0, 1))
def test_russias_pivot_payoff_never_rises_with_the_reversal_risk(values, step):
    risk = tri.factors["us_policy_reversal_risk"]
    riskier = dict(values)
    riskier[risk.id] = values[risk.id] + step * (risk.high - values[risk.id])
    assert (russia_pivot_payoffs(riskier) <= russia_pivot_payoffs(values) + 1e-9).all()


@settings(max_examples=60, deadline=None)
@given(values=factor_values(), step=st.floats(0, 1))
def test_russias_pivot_payoff_never_rises_with_irreversibility(values, step):
    f = tri.factors["irreversibility"]
    harder = dict(values)
    harder[f.id] = values[f.id] + step * (f.high - values[f.id])
    assert (russia_pivot_payoffs(harder) <= russia_pivot_payoffs(values) + 1e-9).all()
