"""Russia's Ukraine steps under conditional engagement, folded into the payoffs (issue 9, 3c).

Whether Russia meets 001's conditions is a second choice of Russia, beside its alignment.
The terms fold it in with ``step``: under ``condition`` Russia gets the larger of what
meeting the conditions and not meeting them pays, and the US gets the steps' value only
where Russia takes them. These tests build the game with the extra dimension explicitly
(Russia: 3 alignments x meets the conditions or not) and check that its equilibria are the
folded game's, that the sign proofs never prove through a ``step`` wrongly, and that the
exact thresholds see the jump.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy

import triangle as tri
from triangle.models.factors import sign_on_ranges
from triangle.models.terms import InvalidTermError, parse_expression, step

STEPS = parse_expression("ukraine_steps")
MARGIN = parse_expression("ukraine_steps_margin")


def _points(n_each: int, seed: int) -> list[dict[str, float]]:
    """Random points of the plausible box, ``n_each`` where Russia meets the conditions and
    ``n_each`` where it does not, away from the tie (``|margin| > 1e-6``)."""
    rng = np.random.default_rng(seed)
    found: dict[bool, list[dict[str, float]]] = {True: [], False: []}
    while min(len(v) for v in found.values()) < n_each:
        point = {f.id: float(rng.uniform(f.low, f.high)) for f in tri.factors.values()}
        m = float(MARGIN.subs({tri.factors[k].symbol: v for k, v in point.items()}))
        if abs(m) > 1e-6 and len(found[m > 0]) < n_each:
            found[m > 0].append(point)
    return found[True] + found[False]


def _explicit_games(game: tri.NormalFormGame):
    """A function of a point giving the game where Russia's strategies are (alignment,
    meets the conditions or not): every payoff is the folded one with the step set to
    Russia's choice instead of to its best choice (compiled once per game: substituting
    162 expressions per point took seconds)."""
    (atom,) = set().union(*(sympy.sympify(e).atoms(sympy.Piecewise)
                            for e in np.ravel(game.payoffs)))
    names = list(game.factors)
    fixed = {s: sympy.lambdify(
        [game.factors[n] for n in names],
        [sympy.sympify(e).xreplace({atom: s}) for e in np.ravel(game.payoffs)], modules="numpy")
        for s in (1, 0)}
    labels = tuple(f"{a}{'+steps' if s else ''}"
                   for a, s in itertools.product(game.strategies[1], (1, 0)))

    def at(point: dict[str, float]) -> tri.NormalFormGame:
        args = [point[n] for n in names]
        by_step = {s: np.asarray(f(*args), dtype=float).reshape(np.shape(game.payoffs))
                   for s, f in fixed.items()}
        out = np.empty((3, 3, 6, 3))
        for r, (a, s) in enumerate(itertools.product(range(3), (1, 0))):
            out[:, :, r, :] = by_step[s][:, :, a, :]
        return tri.NormalFormGame(out, players=game.players,
                                  strategies=(game.strategies[0], labels, game.strategies[2]))

    return at


def _pure(game: tri.NormalFormGame) -> set[tuple[int, ...]]:
    return {tuple(int(np.argmax(p)) for p in eq.profile) for eq in tri.pure_equilibria(game)}


@pytest.mark.parametrize("china_punishes", ["russia", "us"])
def test_the_folded_game_has_the_equilibria_of_the_game_with_the_steps(china_punishes):
    game = tri.models.simultaneous(china_punishes=china_punishes)
    condition = game.strategies[0].index("condition")
    explicit_at = _explicit_games(game)
    for point in _points(3, seed=7):
        folded = _pure(game.subs({k: v for k, v in point.items() if k in game.factors}))
        explicit = explicit_at(point)
        best = 1 if float(MARGIN.subs({tri.factors[k].symbol: v
                                       for k, v in point.items()})) > 0 else 0
        lifted = {(u, 2 * a + (1 - best), c) for u, a, c in folded}
        found = _pure(explicit)
        # every folded equilibrium is an equilibrium with Russia's best step choice ...
        assert lifted <= found
        # ... and every equilibrium with that choice is a folded one
        assert {e for e in found if e[1] % 2 == 1 - best} == lifted
        # the others need the US not to condition (Russia is then indifferent between
        # meeting the conditions or not); they play a weakly dominated step choice
        assert all(u != condition for u, _, _ in found - lifted)
        # the best step choice weakly dominates the other, for every alignment
        pay = np.asarray(explicit.payoffs)[1]
        for a in range(3):
            mine, other = pay[:, 2 * a + (1 - best)], pay[:, 2 * a + best]
            assert (mine >= other - 1e-12).all() and (mine > other + 1e-9).any()


def test_the_steps_pay_russia_the_same_whatever_its_alignment():
    g = tri.models.simultaneous()
    condition = g.strategies[0].index("condition")
    for c in range(3):
        steps = [sympy.sympify(g.payoffs[1, condition, a, c]).coeff(STEPS) for a in range(3)]
        assert steps[0] != 0
        assert all(sympy.simplify(s - steps[0]) == 0 for s in steps)


def test_a_sign_proof_never_proves_through_a_step_wrongly():
    x = tri.factors["conditionality"].symbol
    y = tri.factors["sanctions_relief"].symbol
    s = step(x - y)
    assert sign_on_ranges(s * y + y) == 1  # y > 0 on either branch
    assert sign_on_ranges(s * (x - y)) is None  # >= 0, but zero on a region: not "> 0"
    assert sign_on_ranges(s * (y - x) - x) == -1
    assert sign_on_ranges(s * y - sympy.Rational(1, 10)) is None  # changes sign


def test_the_grammar_has_step_and_nothing_else():
    assert parse_expression("step(conditionality - 0.6)").has(sympy.Piecewise)
    with pytest.raises(InvalidTermError, match="step"):
        parse_expression("max(conditionality, 0.6)")
    with pytest.raises(InvalidTermError, match="step"):
        parse_expression("step(conditionality, 0.6)")


def test_russia_chooses_its_steps_without_seeing_the_us_type():
    # in every US type's world the steps' condition is the one at the prior (the reduced
    # form's us_credibility), while the relief paid is the type's
    from triangle.models.beliefs import commitment

    g = commitment()
    conditions = set()
    for t in range(3):
        cells = np.asarray(g.payoffs)[1, t, 0]
        conditions |= set().union(*(sympy.sympify(e).atoms(sympy.Piecewise)
                                    for e in np.ravel(cells)))
    assert conditions == {STEPS}
