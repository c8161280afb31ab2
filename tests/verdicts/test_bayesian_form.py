"""The Bayesian form's context: typed payoffs by substitution, equilibria on the agent form.

Each fast path is checked against the direct definition it replaces: the typed payoffs
against the compiled payoff expressions of the Bayesian model, the equilibria against
the package's best-reply test on the whole agent form, a counterfactual against a context
built afresh at the same values.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import triangle as tri
from triangle.games.compiled import compile_payoffs
from triangle.models.beliefs import BELIEF_FACTORS
from triangle.sensitivity.prior_thresholds import agent_cells, bne_reach, hold_first
from triangle.solvers.pure import best_reply_mask
from triangle.verdicts import _bne_kernels as kernels
from triangle.verdicts.bayesian_form import BayesianContext


def _samples(k: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    out = {f.id: rng.uniform(f.low, f.high, k) for f in tri.factors.values()}
    out.update({f.id: rng.uniform(f.low, f.high, k) for f in BELIEF_FACTORS.values()})
    return out


def _reach_by_definition(u: np.ndarray, prior: np.ndarray, players: tuple[int, ...]
                         ) -> np.ndarray:
    """The cells some pure BNE plays at some type profile of positive prior, from the
    whole agent form (every agent's best reply, ``best_reply_mask``)."""
    cells, agents = agent_cells(u, prior)
    mask = best_reply_mask(cells, None, 1e-9, layout="cell")
    n = u.shape[0]
    n_types = u.shape[1 : 1 + n]
    axis = {a: j for j, a in enumerate(agents)}
    out = None
    for t in itertools.product(*(range(m) for m in n_types)):
        keep = [axis[(i, t[i])] for i in players]
        drop = tuple(j for j in range(len(agents)) if j not in keep)
        hit = np.any(mask, axis=drop) & (prior[t] > 0)
        out = hit if out is None else out | hit
    return out


@pytest.fixture(scope="module")
def ctx() -> BayesianContext:
    return BayesianContext(_samples(300, 3))


def test_typed_payoffs_are_the_models_expressions(ctx):
    model = ctx.model
    compiled = compile_payoffs(model.payoffs)
    expected = compiled.fill([ctx.values[n] for n in compiled.names],
                             np.empty((model.payoffs.size, ctx.k)))
    np.testing.assert_allclose(ctx.typed.reshape(-1, ctx.k), expected, rtol=1e-12, atol=1e-12)


def test_equilibria_are_the_agent_forms(ctx):
    expected = _reach_by_definition(ctx.typed, ctx.type_prior, (0, 1, 2))
    assert (ctx.equilibria_cells == expected).all()
    assert expected.any()


def test_the_games_after_a_us_move_are_the_agent_forms(ctx):
    for a, us in enumerate(ctx.game.strategies[0]):
        u, marg = hold_first(ctx.typed, ctx.type_prior, a)
        assert (ctx._sub(us) == _reach_by_definition(u, marg, (0, 1))).all()


@pytest.mark.parametrize("values", [{"rift_depth": 0.0}, {"russian_opportunism": 2.0},
                                    {"trump_normalization_wish": 0.9},
                                    {"us_commitment_years": 8.0},
                                    {"russian_distrust_of_us": 0.6},
                                    {"russia_opportunist_prior": 0.8}])
def test_a_counterfactual_is_a_context_built_at_those_values(ctx, values):
    made = ctx.at(**values)
    fresh = BayesianContext({**ctx.values, **{n: np.full(ctx.k, v) for n, v in values.items()}})
    # the same values up to rounding (the changed cells are compiled on their own)
    np.testing.assert_allclose(made.typed, fresh.typed, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(made.type_prior, fresh.type_prior)
    assert (made.equilibria_cells == fresh.equilibria_cells).all()
    for us in ctx.game.strategies[0]:
        for player in ("Russia", "China"):
            assert (made.response_rows(player, us) == fresh.response_rows(player, us)).all()
    # the parent is untouched
    assert ctx.at(**values) is made


def test_a_counterfactual_does_not_change_the_parent():
    ctx = BayesianContext(_samples(50, 4))
    before = ctx.typed.copy()
    ctx.at(rift_depth=0.2).equilibria_cells  # noqa: B018 - computed for its side effects
    np.testing.assert_array_equal(ctx.typed, before)


def test_bne_reach_on_random_games_is_the_agent_forms():
    rng = np.random.default_rng(11)
    for _ in range(40):
        n = int(rng.integers(2, 4))
        types = tuple(int(x) for x in rng.integers(1, 4, n))
        acts = tuple(int(x) for x in rng.integers(2, 4, n))
        u = rng.integers(0, 3, (n, *types, *acts, 5)).astype(float)
        p = rng.random((*types, 5))
        p[rng.random(p.shape) < 0.2] = 0
        p /= p.sum(axis=tuple(range(n)), keepdims=True) + 1e-300
        players = tuple(range(n))
        assert (bne_reach(u, p, players) == _reach_by_definition(u, p, players)).all()


# --------------------------------------------------------------------- the kernels
def _random_bayesian(rng: np.random.Generator, k: int, case: int
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Typed payoffs ``(3, 3, 2, 1, 3, 3, 3, K)`` and a product prior: small integers
    (many exact ties), integers with tiny noise (near-ties, some within the tolerance),
    or wide floats; some types of prior zero."""
    shape = (3, 3, 2, 1, 3, 3, 3, k)
    u = rng.integers(0, int(rng.integers(2, 5)), shape).astype(float)
    if case % 4 == 1:
        u += rng.random(shape) * 1e-6
    elif case % 4 == 2:
        u = rng.normal(size=shape) * 10 ** float(rng.integers(-3, 4))
    elif case % 4 == 3:  # gaps of the order of the tolerance: the exact near-tie paths
        u += rng.random(shape) * 1e-9
    pu, pr = rng.random((3, k)), rng.random((2, k))
    pu[rng.random(pu.shape) < 0.2] = 0
    pr[rng.random(pr.shape) < 0.2] = 0
    pu /= pu.sum(axis=0) + 1e-300
    pr /= pr.sum(axis=0) + 1e-300
    return u, (pu[:, None] * pr[None])[:, :, None]


def _split_sources(u: np.ndarray, rng: np.random.Generator) -> dict:
    """The kernels' sources of ``u``, some rows given as a world's replaced rows (the
    base holding other numbers there), as the form passes them."""
    out = {}
    for key, (base, _) in kernels.typed_sources(u).items():
        rows = {int(j): base[j].copy() for j in np.flatnonzero(rng.random(27) < 0.4)}
        shown = base.copy()
        for j in rows:
            shown[j] = rng.normal(size=shown.shape[1])
        # as the form passes them half the time: runs of one array read at once
        if rng.random() < 0.5:
            buffer = np.stack([rows[j] for j in sorted(rows)]) if rows else None
            rows = kernels.replaced_rows(
                {j: buffer[i] for i, j in enumerate(sorted(rows))} if rows else {})
        out[key] = (shown, rows)
    return out


@pytest.mark.parametrize("case", range(16))
def test_the_kernels_are_bne_reach_bit_for_bit(case):
    """The kernels against ``bne_reach`` and ``hold_first`` (exactly equal masks), and
    their best replies against the agent form's where a game has no pure BNE."""
    rng = np.random.default_rng(100 + case)
    u, prior = _random_bayesian(rng, int(rng.integers(1, 3000)), case)
    src = _split_sources(u, rng) if case % 2 else kernels.typed_sources(u)
    leaders = kernels.full_leaders(src, prior, 1e-9)
    np.testing.assert_array_equal(kernels.full_reach(src, prior, 1e-9, leaders),
                                  bne_reach(u, prior, (0, 1, 2), 1e-9))
    held = kernels.held_prior(prior)
    china = kernels.sub_china(src, held, 1e-9)
    subs, replies = kernels.sub_reach(src, held, 1e-9, china)
    for a in range(3):
        v, marg = hold_first(u, prior, a)
        np.testing.assert_array_equal(subs[a], bne_reach(v, marg, (0, 1), 1e-9))
        cells, agents = agent_cells(v, marg)
        for own, got in ((0, replies[a]),
                         (1, china[a].any(axis=(0, 1)) & (marg.sum(axis=0)[0] > 0))):
            expected = np.zeros_like(got)
            for j, (i, t) in enumerate(agents):
                if i == own:
                    best = best_reply_mask(cells, j, 1e-9, layout="cell")
                    moves = np.any(best, axis=tuple(x for x in range(3) if x != j))
                    live = marg.sum(axis=tuple(x for x in range(2) if x != i))
                    expected |= moves & (live[t] > 0)
            np.testing.assert_array_equal(got, expected)


def test_the_kernels_refuse_a_negative_prior():
    u, prior = _random_bayesian(np.random.default_rng(7), 10, 0)
    prior[1, 1, 0, 4] = -0.1
    with pytest.raises(kernels.Unsupported):
        kernels.full_leaders(kernels.typed_sources(u), prior, 1e-9)


def test_the_kernels_refuse_huge_payoffs():
    rng = np.random.default_rng(5)
    u, prior = _random_bayesian(rng, 10, 0)
    u[0, 0, 0, 0, 0, 0, 0, 3] = 1.7e308
    prior[..., 3] = 0.0
    prior[0, 0, 0, 3] = 1.0
    src = kernels.typed_sources(u)
    with pytest.raises(kernels.Unsupported):
        kernels.full_leaders(src, prior, 1e-9)


def test_huge_payoffs_take_the_general_functions():
    values = _samples(20, 6)
    values["us_domestic_gain"] = np.full(20, 1e308)
    ctx = BayesianContext(values)
    expected = _reach_by_definition(ctx.typed, ctx.type_prior, (0, 1, 2))
    assert (ctx.equilibria_cells == expected).all()


def test_a_counterfactual_of_a_counterfactual_is_a_context_built_at_those_values():
    values = _samples(200, 8)
    ctx = BayesianContext(values)
    made = ctx.at(us_commitment_years=8.0).at(rift_depth=0.3)
    fresh = BayesianContext({**values, "us_commitment_years": np.full(200, 8.0),
                             "rift_depth": np.full(200, 0.3)})
    assert (made.equilibria_cells == fresh.equilibria_cells).all()
    for us in ctx.game.strategies[0]:
        for player in ("Russia", "China"):
            assert (made.response_rows(player, us) == fresh.response_rows(player, us)).all()


def test_a_counterfactual_outlives_its_parent():
    # the parent is held weakly (no reference cycle): freed at once, without the garbage
    # collector, and its counterfactual then computes what it took from it on its own
    import gc
    import weakref

    values = _samples(120, 9)
    gc.disable()
    try:
        parent = BayesianContext(values)
        parent.equilibria_cells  # noqa: B018 - computed so that a cycle would show
        made = parent.at(trump_normalization_wish=0.2)
        gone = weakref.ref(parent)
        del parent
        assert gone() is None
    finally:
        gc.enable()
    fresh = BayesianContext({**values, "trump_normalization_wish": np.full(120, 0.2)})
    assert (made.equilibria_cells == fresh.equilibria_cells).all()
    for us in fresh.game.strategies[0]:
        for player in ("Russia", "China"):
            assert (made.response_rows(player, us) == fresh.response_rows(player, us)).all()


def test_a_variant_is_a_context_built_on_that_game():
    # a variant takes the parent's ex-ante payoffs where the expressions agree and
    # computes the others when read: the same numbers up to rounding as built afresh
    values = _samples(150, 10)
    game = tri.models.simultaneous(china_punishes="us")
    made = BayesianContext(values).variant(game)
    fresh = BayesianContext(values, game=game)
    assert made.simultaneous is game and made.model is fresh.model
    np.testing.assert_allclose(made.cells, fresh.cells, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(made.typed, fresh.typed, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(made.type_prior, fresh.type_prior)
    assert (made.equilibria_cells == fresh.equilibria_cells).all()
    for us in fresh.game.strategies[0]:
        for player in ("Russia", "China"):
            assert (made.response_rows(player, us) == fresh.response_rows(player, us)).all()


def test_a_counterfactual_read_in_another_order_is_the_same():
    # a counterfactual computes its changed world cells player by player when first read:
    # the responses first (Russia's and China's payoffs), then the whole game
    values = _samples(150, 11)
    made = BayesianContext(values).at(trump_normalization_wish=0.3)
    fresh = BayesianContext({**values, "trump_normalization_wish": np.full(150, 0.3)})
    for us in fresh.game.strategies[0]:
        for player in ("Russia", "China"):
            assert (made.response_rows(player, us) == fresh.response_rows(player, us)).all()
    assert (made.equilibria_cells == fresh.equilibria_cells).all()
    np.testing.assert_allclose(made.typed, fresh.typed, rtol=1e-12, atol=1e-12)
