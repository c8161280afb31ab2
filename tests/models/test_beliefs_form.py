"""The claims' "bayesian" form: its equilibria and responses against the Bayesian solver."""

from __future__ import annotations

import numpy as np
import pytest

import triangle as tri
from tests.models.belief_games import at
from triangle.games.bayesian import BayesianGame
from triangle.models.beliefs import BELIEF_FACTORS, belief_values, triangle_with_beliefs
from triangle.verdicts.bayesian_form import BayesianContext
from triangle.verdicts.context import ClaimContext
from triangle.verdicts.forms import available_forms


def _points(n, seed):
    rng = np.random.default_rng(seed)
    game = triangle_with_beliefs()
    return [
        belief_values({f: float(rng.uniform(*(BELIEF_FACTORS.get(f) or tri.factors[f]).range))
                       for f in game.factors})
        for _ in range(n)
    ]


def _reached(game, eqs, players):
    """Cells (moves of ``players``) played at a type profile of positive prior."""
    prior = np.asarray(game.prior, dtype=float)
    out = set()
    for eq in eqs:
        for t in np.argwhere(prior > 0):
            cell = []
            for i in players:
                p = game.players[i]
                vec = np.asarray(eq.strategy[p][game.types[i][t[i]]], dtype=float)
                cell.append(int(np.argmax(vec)))
            out.add(tuple(cell))
    return out


def _stack(points):
    return {k: np.array([p[k] for p in points]) for k in points[0]}


def test_the_form_is_registered():
    assert "bayesian" in available_forms()


@pytest.mark.parametrize("seed", [0, 1])
def test_equilibrium_cells_are_the_pure_bne(seed):
    points = _points(2, seed)
    ctx = BayesianContext(_stack(points))
    model = triangle_with_beliefs()
    for k, values in enumerate(points):
        g = at(model, values)
        want = _reached(g, tri.bayesian_equilibria(g, method="pure"), (0, 1, 2))
        got = {tuple(int(x) for x in c) for c in np.argwhere(ctx.equilibria_cells[..., k])}
        assert got == want


def test_responses_are_the_bne_with_the_us_restricted_to_one_move():
    points = _points(2, 5)
    ctx = BayesianContext(_stack(points))
    model = triangle_with_beliefs()
    for k, values in enumerate(points):
        g = at(model, values)
        for a, us in enumerate(g.actions[0]):
            only = BayesianGame(np.asarray(g.payoffs)[..., a : a + 1, :, :], g.prior,
                                players=g.players, types=g.types,
                                actions=((us,), *g.actions[1:]))
            eqs = tri.bayesian_equilibria(only, method="pure")
            if not eqs:
                continue  # the fallback rule; not an equilibrium statement
            cells = _reached(only, eqs, (1, 2))
            for player, axis in (("Russia", 0), ("China", 1)):
                want = {c[axis] for c in cells}
                got = set(np.flatnonzero(ctx.response_rows(player, us)[:, k]).tolist())
                assert got == want, (player, us)


def test_evaluate_claims_agrees_with_single_point_checks():
    # the priors at their baselines: a claim's point takes registry factors only
    points = [{k: v for k, v in p.items() if k not in BELIEF_FACTORS} for p in _points(2, 9)]
    ids = ["c000_pivot_unlikely_for_now", "c004_promising_path", "c001_exploit_not_reciprocate"]
    out = tri.evaluate_claims(_stack(points), ids, form="bayesian")
    for k, values in enumerate(points):
        for cid in ids:
            assert bool(out[cid][k]) == tri.claims[cid].check(values, form="bayesian").holds


def test_at_the_sure_opportunist_and_cited_trust_the_form_is_the_simultaneous_one():
    values = dict(tri.scenarios["baseline"].values)
    ctx = BayesianContext({**values, "russia_opportunist_prior": 1.0})
    sim = ClaimContext(values)
    assert np.allclose(ctx.cells, sim.cells)
    # the US types all condition or all press: the same cells as the simultaneous game
    assert (ctx.equilibria_cells == sim.equilibria_cells).all()


def test_with_a_sure_opportunist_the_form_has_the_simultaneous_equilibria_everywhere():
    """Over the whole box: Russia's type known (the opportunist for sure), the US types
    differing only in what Russia receives, so the equilibria are the simultaneous ones
    (the US types could part only on an exact tie)."""
    rng = np.random.default_rng(11)
    k = 300
    values = {f.id: rng.uniform(f.low, f.high, k) for f in tri.factors.values()}
    ctx = BayesianContext({**values, "russia_opportunist_prior": np.ones(k)})
    sim = ClaimContext(values)
    assert np.allclose(ctx.cells, sim.cells)
    assert (ctx.equilibria_cells == sim.equilibria_cells).all()
    for us in ("engage", "condition", "pressure"):
        for player in ("Russia", "China"):
            assert (ctx.response_rows(player, us) == sim.response_rows(player, us)).all()


def test_without_a_pure_bne_the_responses_are_the_interim_best_replies():
    from triangle.solvers.bayesian import interim_regret

    rng = np.random.default_rng(0)
    # On 002's reading (China punishes the US) about 1 sample in 80 has no pure BNE after
    # engagement. The default reading has none in 60,000 samples since issue 9 item 3c
    # (its cycles came from relief paid for a pivot).
    k = 5_000
    values = {f.id: rng.uniform(f.low, f.high, k) for f in tri.factors.values()}
    values["russia_opportunist_prior"] = rng.uniform(0.2, 0.8, k)
    ctx = BayesianContext(values, game=tri.models.simultaneous(china_punishes="us"))
    model = triangle_with_beliefs(china_punishes="us")
    checked = 0
    for a, us in enumerate(model.actions[0]):
        none = np.flatnonzero(~ctx._sub(us).any(axis=(0, 1)))[:2]
        for j in none:
            point = belief_values({n: float(v[j]) for n, v in values.items()})
            g = at(model, point)
            only = BayesianGame(np.asarray(g.payoffs)[..., a : a + 1, :, :], g.prior,
                                players=g.players, types=g.types,
                                actions=((us,), *g.actions[1:]))
            russia, china = set(), set()
            for r1 in range(3):
                for r2 in range(3):
                    for c in range(3):
                        regret = interim_regret(only, (us, {"realigner": r1, "opportunist": r2}, c))
                        if regret["Russia"]["realigner"] <= 1e-9:
                            russia.add(r1)
                        if regret["Russia"]["opportunist"] <= 1e-9:
                            russia.add(r2)
                        if regret["China"]["-"] <= 1e-9:
                            china.add(c)
            assert set(np.flatnonzero(ctx.response_rows("Russia", us)[:, j])) == russia
            assert set(np.flatnonzero(ctx.response_rows("China", us)[:, j])) == china
            checked += 1
    assert checked
