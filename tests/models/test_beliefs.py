"""The triangle with beliefs: models, reductions, thresholds over priors."""

from __future__ import annotations

import functools
import itertools
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import triangle as tri
from tests.models.belief_games import at
from tests.paths import SOURCES
from triangle.models.beliefs import (
    BELIEF_FACTORS,
    BeliefType,
    TypeSpace,
    belief_values,
    commitment,
    expected_game,
    reassurance,
    screening,
    triangle_with_beliefs,
    typed_triangle,
)
from triangle.sensitivity.prior_thresholds import (
    agent_cells,
    bne_mask,
    evaluate_bayesian,
    prior_regime_map,
    prior_thresholds,
)
from triangle.solvers.bayesian import interim_regret
from triangle.solvers.pure import best_reply_mask


def pure_profiles(game):
    out = set()
    for eq in tri.bayesian_equilibria(game, method="pure"):
        prof = []
        for i, p in enumerate(game.players):
            for t in game.types[i]:
                if t not in eq.strategy[p]:  # a type of prior zero: unconstrained
                    prof.append(-1)
                    continue
                prof.append(int(np.argmax(np.asarray(eq.strategy[p][t], dtype=float))))
        out.add(tuple(prof))
    return out


def sample_values(rng, names):
    return {n: float(rng.uniform(*(BELIEF_FACTORS.get(n) or tri.factors[n]).range))
            for n in names}


# --------------------------------------------------------------------- the models
def test_every_equilibrium_of_each_model_verifies_independently():
    rng = np.random.default_rng(3)
    for build in (commitment, screening):
        game = build()
        for _ in range(3):
            g = at(game, sample_values(rng, game.factors))
            for eq in tri.bayesian_equilibria(g, method="pure"):
                regret = interim_regret(g, eq)
                assert max(v for r in regret.values() for v in r.values()) <= 1e-9


def test_a_prior_of_one_type_reduces_to_the_complete_information_model():
    sim = tri.models.simultaneous()
    base = belief_values(game=sim)
    # the commitment model with full trust and no reversal: the simultaneous model there
    g = at(commitment(), {"russian_distrust_of_us": 0.0, "us_policy_reversal_risk": 0.0})
    full = {**base, "russian_distrust_of_us": 0.0, "us_policy_reversal_risk": 0.0}
    want = {tuple(int(np.argmax(p)) for p in eq.profile)
            for eq in tri.pure_equilibria(sim.subs(full))}
    profiles = pure_profiles(g)
    assert all(p[1] == p[2] == -1 for p in profiles)  # the other US types have prior zero
    assert {(p[0], p[3], p[4]) for p in profiles} == want
    # the screening model with the opportunist for sure: the simultaneous model
    g = at(screening(), {"russia_opportunist_prior": 1.0})
    want = {tuple(int(np.argmax(p)) for p in eq.profile)
            for eq in tri.pure_equilibria(sim.subs(base))}
    assert {(p[0], p[2], p[3]) for p in pure_profiles(g)} == want


def test_the_reduced_form_is_russias_expectation_over_the_us_types():
    e = expected_game(commitment())
    s = tri.models.simultaneous()
    for idx in itertools.product(range(3), repeat=3):
        assert sympy.expand(e.payoffs[(1, *idx)] - s.payoffs[(1, *idx)]) == 0


def _expanded_directly(game, players=None):
    """The ex-ante payoffs by their definition: the weighted sum over the type profiles,
    expanded (what ``expected_game`` computed before it was built piece by piece)."""
    players = range(game.n_players) if players is None else players
    out = np.zeros((len(players), *game.n_actions), dtype=object)
    for t in itertools.product(*(range(k) for k in game.n_types)):
        if game.prior[t] != 0:
            for k, i in enumerate(players):
                out[k] = out[k] + game.prior[t] * game.payoffs[(i, *t)]
    return [sympy.expand(e) for e in out.flat]


def test_the_ex_ante_game_is_the_expanded_sum_expression_for_expression():
    """Not only equal in value: the same expressions (srepr), so the compiled payoffs and
    their derivatives compute the same floats as the direct expansion did. Russia's
    payoffs here (the ones with a quotient, ``x/(1000*a + 1000*b)`` after expansion);
    every player's of every model in the slow test below."""
    g = triangle_with_beliefs()
    got = [sympy.srepr(e) for e in expected_game(g).payoffs[1].flat]
    assert got == [sympy.srepr(e) for e in _expanded_directly(g, players=(1,))]


@pytest.mark.slow  # the direct expansion of five more models (about two seconds)
@pytest.mark.parametrize("punish", ["russia", "us"])
def test_every_models_ex_ante_game_is_the_expanded_sum(punish):
    models = [commitment(china_punishes=punish), screening(china_punishes=punish)]
    if punish == "us":
        models.append(triangle_with_beliefs(china_punishes=punish))
    for g in models:
        got = [sympy.srepr(e) for e in expected_game(g).payoffs.flat]
        assert got == [sympy.srepr(e) for e in _expanded_directly(g)]


def test_an_ex_ante_game_with_floats_is_expanded_directly():
    x, y = sympy.symbols("x y")
    u = [[[[x * (0.1 + y)]]], [[[0.2 * x + 1]]]]  # (T_A=2, T_B=1, 1, 1)
    g = tri.BayesianGame(np.array([u, u], dtype=object),
                         np.array([[sympy.Rational(1, 3)], [sympy.Rational(2, 3)]], dtype=object),
                         players=("A", "B"), types=(("s", "t"), ("-",)),
                         actions=(("a",), ("b",)))
    got = [sympy.srepr(e) for e in expected_game(g).payoffs.flat]
    assert got == [sympy.srepr(e) for e in _expanded_directly(g)]
    assert expected_game(g).payoffs.flat[0].has(sympy.Float)


def test_the_derivatives_are_sympys_term_for_term():
    """``_derivative`` (the claims' slopes) is ``sympy.diff``, expression for expression."""
    from triangle.verdicts.context import _derivative

    game = expected_game(triangle_with_beliefs())
    sym = game.factors["xi_tenure_advantage"]  # inside a quotient, in a third of the terms
    for e in game.payoffs.flat:
        assert sympy.srepr(_derivative(e, sym)) == sympy.srepr(sympy.diff(e, sym))


def test_screening_scales_opportunism_by_the_prior():
    e = expected_game(screening())
    s = tri.models.simultaneous()
    q = BELIEF_FACTORS["russia_opportunist_prior"].symbol
    o = tri.factors["russian_opportunism"].symbol
    for idx in itertools.product(range(3), repeat=3):
        for i in range(3):
            assert sympy.expand(e.payoffs[(i, *idx)] - s.payoffs[(i, *idx)].subs(o, q * o)) == 0


def test_type_spaces_refuse_bad_priors_and_conflicts():
    with pytest.raises(tri.InvalidGameError, match="sum to one"):
        TypeSpace("US", (BeliefType("a"), BeliefType("b")), (sympy.Rational(1, 3),) * 2)
    with pytest.raises(KeyError):
        TypeSpace("Moscow", (BeliefType("a"),), (1,))
    clash = TypeSpace("China", (BeliefType("x", {"russian_opportunism": 1}),), (1,))
    with pytest.raises(tri.InvalidGameError, match="different values"):
        typed_triangle([clash, TypeSpace("Russia", (BeliefType("y", {"russian_opportunism": 0}),),
                                         (1,))])


def test_reassurance_payoffs_are_the_simultaneous_cells_in_each_world():
    g = reassurance("engage")
    sim = tri.models.simultaneous()
    stake = tri.factors["china_strategic_stake"]
    wary = tri.factors["wariness_of_china"]
    cell = sim.payoffs[2, 0, 2, 0].subs({stake.symbol: sympy.nsimplify(stake.high),
                                         wary.symbol: sympy.nsimplify(wary.low)})
    assert sympy.expand(g.payoffs[0, 0, 0, 2] - cell) == 0
    num = at(g)
    for eq in num.perfect_bayesian_equilibria():
        assert eq.kind in ("pooling", "separating", "hybrid")
    # the signal cannot change Russia's move at the baseline: it hedges after either
    assert {eq.receiver["reward"]["hedge"] for eq in num.perfect_bayesian_equilibria()} == {1}


def test_belief_factor_quotes_are_verbatim():
    if not SOURCES.is_dir():
        pytest.skip("the articles are not beside the checkout")
    for f in BELIEF_FACTORS.values():
        assert f.provenance == "assumed" and f.reason
        assert f.low <= f.value <= f.high
        for s in f.sources:
            assert s.quote in (SOURCES / s.file).read_text(encoding="utf-8"), (f.id, s.quote)


# --------------------------------------------------------------------- kernels
@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_bne_mask_is_the_agent_form_best_reply_test(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 4))
    types = tuple(int(x) for x in rng.integers(1, 4, n))
    acts = tuple(int(x) for x in rng.integers(1, 4, n))
    u = rng.integers(0, 4, (n, *types, *acts, 3)).astype(float)
    p = rng.random((*types, 3))
    p[rng.random(p.shape) < 0.2] = 0
    p /= p.sum(axis=tuple(range(n)), keepdims=True) + 1e-300
    cells, _ = agent_cells(u, p)
    assert (bne_mask(u, p) == best_reply_mask(cells, None, 1e-9, layout="cell")).all()


def test_bne_mask_agrees_with_bayesian_equilibria_on_the_models():
    rng = np.random.default_rng(7)
    game = triangle_with_beliefs()
    for _ in range(3):
        values = belief_values(sample_values(rng, game.factors))
        u, p = evaluate_bayesian(game, values)
        mask = bne_mask(u, p)[..., 0]
        got = {tuple(int(x) for x in idx) for idx in np.argwhere(mask)}
        assert got == pure_profiles(at(game, values))


# --------------------------------------------------------------------- thresholds
def test_the_screening_threshold_solved_on_either_side():
    t = prior_thresholds(screening(), "russia_opportunist_prior", "US",
                         {"Russia": "stay", "China": "hold"})
    [q] = t.points
    assert q == sympy.Rational(3, 4)
    cells = []
    for side in (Fraction(3, 4) - Fraction(1, 100), Fraction(3, 4) + Fraction(1, 100)):
        g = at(screening(), {"russia_opportunist_prior": float(side)})
        cells.append({(p[0], p[1], p[2], p[3]) for p in pure_profiles(g)})
    pressure_stay = (2, 2, 2, 1)
    assert pressure_stay not in cells[0] and pressure_stay in cells[1]


def test_a_trust_threshold_solved_on_either_side():
    # Since issue 9 item 3c conditional relief pays Russia's Ukraine steps whatever its
    # alignment, so distrust no longer moves the 1972 seat's alignment (it hedges at every
    # distrust; before, relief paid for a pivot made it pivot below a threshold). The
    # baseline with China rewarding has one: Russia hedges below 4/7 and stays above.
    t = prior_thresholds(commitment(), "russian_distrust_of_us", "Russia",
                         {"US": "condition", "China": "reward"}, within=(0, 1))
    [d] = t.points
    assert d == sympy.Rational(4, 7)
    for side, hedges in ((float(d) - 1e-3, True), (float(d) + 1e-3, False)):
        g = at(commitment(), {"russian_distrust_of_us": side})
        regret = interim_regret(g, ("condition", "hedge", "reward"))["Russia"]["-"]
        assert (regret <= 1e-9) == hedges


def test_no_prior_makes_russia_pivot_at_the_baseline():
    for us in ("engage", "condition"):
        t = prior_thresholds(commitment(), "russian_distrust_of_us", "Russia",
                             {"US": us, "China": "hold"}, within=(0, 1))
        assert all("pivot" not in best for _, _, best in t.regions)


def test_prior_regime_map_cells_agree_with_solving_the_point():
    m = prior_regime_map(screening(), "russia_opportunist_prior", "russian_opportunism",
                         resolution=3)
    for r, y in enumerate(m.y_values):
        for c, x in enumerate(m.x_values):
            g = at(screening(), {"russia_opportunist_prior": x, "russian_opportunism": y})
            n = len(tri.bayesian_equilibria(g, method="pure"))
            label = m.labels[m.regimes[r, c]]
            assert label.count("|") + 1 == n


def test_reassurance_pbe_pass_the_assessment_check_in_1972():
    from triangle.solvers.signaling import check_assessment

    g = reassurance("condition")
    num = at(g, dict(tri.scenarios["1972"].values))
    eqs = num.perfect_bayesian_equilibria()
    assert eqs and all(eq.kind == "pooling" for eq in eqs)  # no separating PBE (docs)
    for eq in eqs:
        beliefs = {}
        for m, row in eq.beliefs.items():
            if isinstance(next(iter(row.values())), tuple):  # off the path: an interval
                low = {t: iv[0] for t, iv in row.items()}
                first = next(iter(low))
                beliefs[m] = {first: low[first], **{t: 1 - low[first] for t in low if t != first}}
            else:
                beliefs[m] = dict(row)
        assert check_assessment(num, eq.sender, eq.receiver, beliefs) == []


@functools.cache
def _thresholds_1972():
    v = dict(tri.scenarios["1972"].values)
    game = commitment()
    rest = game.subs({k: x for k, x in belief_values(v, game=game).items()
                      if k != "russian_distrust_of_us"})
    return rest, prior_thresholds(game, "russian_distrust_of_us", "Russia",
                                  {"US": "condition", "China": "punish"}, at=v, within=(0, 1))


@settings(max_examples=15, deadline=None)
@given(st.fractions(0, 1))
def test_exact_thresholds_agree_with_the_interim_payoffs_anywhere(x):
    rest, t = _thresholds_1972()
    best = t.best_at(x)
    inside = [b for low, high, b in t.regions if low <= x <= high]
    assert best in inside
    # against the game itself, in floating point away from the switching points
    if all(abs(float(x) - float(p)) > 1e-6 for p in t.points):
        g = rest.subs({"russian_distrust_of_us": float(x)})
        regret = interim_regret(g, ("condition", best[0], "punish"))["Russia"]["-"]
        assert regret <= 1e-9


def test_conditional_engagement_pools_the_types_in_1972_with_opportunism():
    from triangle.games.bayesian import BayesianGame

    v = {**tri.scenarios["1972"].values, "russian_opportunism": 1.75}
    g = at(screening(), v)
    found = {}
    for a, us in enumerate(g.actions[0]):
        only = BayesianGame(np.asarray(g.payoffs)[..., a : a + 1, :, :], g.prior,
                            players=g.players, types=g.types,
                            actions=((us,), *g.actions[1:]))
        found[us] = {(p[1], p[2], p[3]) for p in pure_profiles(only)}
    # Since issue 9 item 3c conditional engagement pools them too: both types hedge and
    # China holds. Before, relief paid for a pivot made the realigner pivot and the
    # opportunist hedge; relief now pays Russia's Ukraine steps whatever its alignment, and
    # opportunism (the only difference between the types) enters only a hedge and a stay.
    assert found["condition"] == {(1, 1, 1)}
    assert all(r == o for r, o, _ in found["engage"])  # engagement pools them


def test_equilibrium_regions_solved_on_either_side():
    from triangle.sensitivity.prior_thresholds import equilibrium_region

    # Since issue 9 item 3c (condition, hedge, hold) is an equilibrium at every distrust
    # (it ended at 254/259 while relief paid by alignment); pressure's region has an edge.
    profile = {"US": "pressure", "Russia": "stay", "China": "hold"}
    [(low, high)] = equilibrium_region(commitment(), profile, "russian_distrust_of_us",
                                       within=(0, 1))
    assert (low, high) == (sympy.Rational(2, 7), 1)
    game = commitment()
    for d, inside in ((float(low) + 1e-3, True), (float(low) - 1e-3, False)):
        g = at(game, {"russian_distrust_of_us": d})
        regret = interim_regret(g, ("pressure", "stay", "hold"))
        worst = max(v for r in regret.values() for v in r.values())
        assert (worst <= 1e-9) == inside


def test_bad_input_gets_the_package_errors():
    with pytest.raises(tri.UnknownNameError, match="did you mean"):
        prior_thresholds(commitment(), "russian_distrust_of_usa", "Russia",
                         {"US": "engage", "China": "hold"})
    with pytest.raises(tri.InvalidGameError, match="China"):
        prior_thresholds(commitment(), "russian_distrust_of_us", "Russia", {"US": "engage"})
    with pytest.raises(tri.UnknownNameError):
        reassurance("engag")
    with pytest.raises(tri.UnknownNameError):
        prior_regime_map(screening(), "russia_opportunist_prio", "russian_opportunism")
