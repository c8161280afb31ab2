"""Scale-safe numerics (issue 11, item 2): every solver and check answers relative to the
payoff range, so a game, the game scaled by 1e-12 or 1e12 and the game shifted by a
constant have the same equilibria; exact inputs stay exact; no payoff size overflows.
"""

from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import triangle as tri
from tests.paths import DATA
from triangle.errors import SolverError
from triangle.solvers.lexicographic_search import lexicographic_search
from triangle.solvers.verify import relative_regret
from triangle.solvers.vertex_enumeration import vertex_enumeration

FACTORS = (1e-12, 1e12)
PD = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], dtype=float)


def same_profiles(a, b, atol=1e-6):
    """Both lists hold the same profiles (each within atol of one in the other)."""
    flat_a = [np.concatenate([np.asarray(p, float) for p in e.profile]) for e in a]
    flat_b = [np.concatenate([np.asarray(p, float) for p in e.profile]) for e in b]
    return len(flat_a) == len(flat_b) and all(
        any(np.allclose(x, y, atol=atol) for y in flat_b) for x in flat_a
    ) and all(any(np.allclose(x, y, atol=atol) for y in flat_a) for x in flat_b)


def scaled(game, factor, shift=0.0):
    return tri.NormalFormGame(np.asarray(game.payoffs, float) * factor + shift)


# Small games with ties (integers) or without (uniform floats), two or three players.
def games(players):
    shapes = st.sampled_from([(2, 2), (2, 3), (3, 3)] if players == 2 else [(2, 2, 2)])

    @st.composite
    def build(draw):
        shape = draw(shapes)
        seed = draw(st.integers(0, 2**32 - 1))
        rng = np.random.default_rng(seed)
        if draw(st.booleans()):
            u = rng.integers(-3, 4, size=(len(shape), *shape)).astype(float)
        else:
            u = rng.random((len(shape), *shape))
        return tri.NormalFormGame(u)

    return build()


scales = st.tuples(st.sampled_from(FACTORS), st.sampled_from([0.0, 1.0]))


@settings(max_examples=30, deadline=None)
@given(games(2), scales)
def test_two_player_solvers_are_scale_free(game, scale):
    factor, shift = scale
    other = scaled(game, factor, shift * factor)
    for method in ("vertex_enumeration", "support_enumeration"):
        assert same_profiles(
            tri.equilibria(game, method=method), tri.equilibria(other, method=method)
        ), method
    assert same_profiles(tri.pure_equilibria(game), tri.pure_equilibria(other))
    assert same_profiles(vertex_enumeration(game), vertex_enumeration(other))
    for mine, theirs in ((lexicographic_search(game), lexicographic_search(other)),
                         (tri.equilibria(game, method="lexicographic_search"),
                          tri.equilibria(other, method="lexicographic_search"))):
        assert_exact_reading_is_scale_free(game, other, factor, shift, mine, theirs)
    assert [(d.player, d.strategy) for d in tri.dominated_strategies(game)] == [
        (d.player, d.strategy) for d in tri.dominated_strategies(other)
    ]
    for mine, theirs in zip(tri.minmax_values(game), tri.minmax_values(other)):
        assert float(theirs.value) == pytest.approx(
            float(mine.value) * factor + shift * factor, rel=1e-6, abs=1e-6 * factor
        )
    for payoff_set in (tri.feasible_payoffs, tri.individually_rational_payoffs):
        mine, theirs = payoff_set(game), payoff_set(other)
        assert mine.shape == theirs.shape
        np.testing.assert_allclose((theirs - shift * factor) / factor, mine, atol=1e-6)
    for punishment in ("grim", "pure_minmax", "minmax"):
        assert outcome(lambda g, p=punishment: tri.RepeatedGame(g, 0.9).critical_discount(
            ("s1", "s1"), punishment=p), game, other)


def exactly_scaled(game, other, factor, shift):
    """Whether ``other`` is ``game`` scaled exactly (no rounding in any payoff)."""
    f, c = Fraction(factor), Fraction(shift * factor)
    return all(Fraction(y) == Fraction(x) * f + c
               for x, y in zip(np.ravel(game.payoffs), np.ravel(other.payoffs)))


def assert_exact_reading_is_scale_free(game, other, factor, shift, mine, theirs):
    """lexicographic_search reads floats as their exact binary values (its docs), so it is
    scale-free where the scaling is exact. Where the scaled payoffs were rounded, the
    scaled game is another exact game: the lists may differ only if the game is
    degenerate (the rounding can break a tie that made a continuum), and every profile
    found is still an equilibrium of its game."""
    if exactly_scaled(game, other, factor, shift) or not mine.degenerate:
        assert same_profiles(mine, theirs)
    for eq in theirs:
        assert tri.is_equilibrium(other, eq.profile)


def test_a_rounded_scaling_of_a_degenerate_game_is_another_exact_game():
    """Found by the scaled-games property: scaling by 1e-12 and shifting by 1e-12 rounds
    -3e-12 + 1e-12 to -2.0000000000000004e-12, which breaks the three-way tie of the
    column player's replies to (1/2, 1/2, 0). lexicographic_search reads the floats
    exactly, so it reports the rounded game's three isolated equilibria; on the integer
    game it reports the continuum's extreme points and flags it degenerate."""
    u = np.array([[[3, -2, -2], [0, 3, 2], [-3, -2, 1]],
                  [[1, -2, -3], [-1, 2, 3], [-2, 0, -2]]], dtype=float)
    game, other = tri.NormalFormGame(u), tri.NormalFormGame(u * 1e-12 + 1e-12)
    assert not exactly_scaled(game, other, 1e-12, 1.0)
    mine, theirs = lexicographic_search(game), lexicographic_search(other)
    assert mine.degenerate and len(mine) == 4
    assert not theirs.degenerate and len(theirs) == 3
    assert_exact_reading_is_scale_free(game, other, 1e-12, 1.0, mine, theirs)
    # the tolerance-based solver sees the tie at any scale
    assert same_profiles(vertex_enumeration(game), vertex_enumeration(other))


def outcome(call, game, other):
    """The call gives the same answer (or the same error) on both games; exact numbers
    agree to rounding (a scaled float game has other decimals, so other rationals)."""
    answers = []
    for g in (game, other):
        try:
            answers.append(call(g))
        except Exception as exc:  # the same refusal on both games is the same answer
            answers.append(type(exc))
    mine, theirs = answers
    numbers = isinstance(mine, sympy.Basic) and isinstance(theirs, sympy.Basic)
    if numbers and mine.is_finite and theirs.is_finite:
        return float(theirs) == pytest.approx(float(mine), rel=1e-9, abs=1e-12)
    return mine == theirs


@settings(max_examples=10, deadline=None)
@given(games(3), scales)
def test_n_player_solvers_are_scale_free(game, scale):
    factor, shift = scale
    other = scaled(game, factor, shift * factor)
    assert same_profiles(tri.equilibria(game), tri.equilibria(other))
    assert same_profiles(tri.pure_equilibria(game), tri.pure_equilibria(other))
    assert [(d.player, d.strategy) for d in tri.dominated_strategies(game)] == [
        (d.player, d.strategy) for d in tri.dominated_strategies(other)
    ]


@pytest.mark.parametrize("factor", [1e-100, 1e-12, 1e12, 1e300])
def test_repeated_thresholds_are_scale_free(factor):
    # the prisoner's dilemma: cooperation needs a discount of 1/2 at every scale
    for punishment in ("grim", "minmax", "pure_minmax"):
        stage = tri.NormalFormGame(PD * factor)
        rep = tri.RepeatedGame(stage, 0.9)
        assert rep.critical_discount(("s1", "s1"), punishment=punishment) == sympy.Rational(1, 2)


def test_the_issue_examples():
    # a large payoff beside a small one: the column player's 0 against 1 is no tie
    g = tri.NormalFormGame.from_bimatrix([[0, 1], [100000, -1e9]], [[0, 1], [0, 1]])
    for method in ("vertex_enumeration", "lexicographic_search", "support_enumeration"):
        [eq] = tri.equilibria(g, method=method)
        assert eq.support == (("s1",), ("s2",))
    # the prisoner's dilemma at 1e-12 has one equilibrium, not four
    for factor in (1e-12, 1e12, 1e300):
        assert len(tri.pure_equilibria(tri.NormalFormGame(PD * factor))) == 1
        assert len(tri.equilibria(tri.NormalFormGame(PD * factor))) == 1
    # 1.0 against 1.000000001: the pure test and the check agree (no "please report")
    g = tri.NormalFormGame.from_bimatrix(
        [[1.0, 1.000000001], [1.0, 1.0]], [[1.0, 1.0], [1.000000001, 1.0]]
    )
    assert {e.support for e in tri.pure_equilibria(g)} == {
        (("s1",), ("s1",)), (("s1",), ("s2",)), (("s2",), ("s1",))
    }
    u = np.ones((3, 2, 2, 2))
    u[0, 1, 0, 0] = u[1, 0, 1, 1] = 1.000000001
    assert len(tri.pure_equilibria(tri.NormalFormGame(u))) == 6
    assert sum(e.is_pure for e in tri.equilibria(tri.NormalFormGame(u))) == 6


def test_random_games_at_large_scale_solve_at_the_default_tol():
    rng = np.random.default_rng(11)
    for _ in range(10):
        a, b = rng.random((4, 4)), rng.random((4, 4))
        want = tri.equilibria(tri.NormalFormGame.from_bimatrix(a, b))
        got = tri.equilibria(tri.NormalFormGame.from_bimatrix(a * 1e7, b * 1e7))
        assert same_profiles(want, got)
    for _ in range(5):
        u = rng.random((3, 2, 2, 2))
        assert same_profiles(
            tri.equilibria(tri.NormalFormGame(u)), tri.equilibria(tri.NormalFormGame(u * 1e9))
        )


def test_von_stengel_6x6_has_75_equilibria_in_floating_point():
    game = tri.read_gambit(DATA / "vonstengel1999_6x6_75eq.nfg")
    exact = tri.equilibria(game, exact=True)
    assert len(exact) == 75
    for tol in (1e-9, 1e-6, 1e-3):
        assert same_profiles(vertex_enumeration(game, tol=tol), exact, atol=1e-9)
    assert same_profiles(tri.equilibria(game, method="lexicographic_search"), exact, atol=1e-9)


def test_checks_are_relative_and_never_overflow():
    pd = tri.NormalFormGame(PD)
    for factor in (1e-300, 1e-12, 1e12, 1e300):
        other = tri.NormalFormGame(PD * factor)
        assert relative_regret(other, ("s1", "s1")).tolist() == pytest.approx([0.4, 0.4])
        assert tri.is_equilibrium(other, ("s2", "s2"))
        assert not tri.is_equilibrium(other, ("s1", "s1"))
        assert tri.regret(other, ("s1", "s1")) == pytest.approx(tri.regret(pd, ("s1", "s1"))
                                                                * factor)
    # payoffs at the edge of the float range: differences would overflow
    edge = tri.NormalFormGame.from_bimatrix([[1.7e308, -1.7e308], [0, 1]], [[1, 0], [0, 1]])
    assert len(tri.equilibria(edge)) == 3
    assert len(tri.pure_equilibria(edge)) == 2


def test_exact_inputs_stay_exact():
    third = Fraction(1, 3)
    g = tri.NormalFormGame.from_bimatrix([[third, 0], [0, 2 * third]], [[2 * third, 0], [0, third]])
    assert g.exact_payoffs[0, 0, 0] == third
    big = 2**53 + 1
    g = tri.NormalFormGame.from_bimatrix([[big, 2**53], [2**53, big]], [[1, 0], [0, 1]])
    assert g.exact_payoffs[0, 0, 0] == big
    eqs = tri.equilibria(g, exact=True)
    assert all(max(tri.regret(g, e.profile)) == 0 for e in eqs)
    assert all(tri.is_equilibrium(g, e.profile, tol=0) for e in eqs)
    assert len(eqs) == 3


def test_an_empty_answer_is_an_error(monkeypatch):
    from triangle.games.results import Equilibria
    from triangle.solvers import vertex_enumeration as module

    monkeypatch.setattr(module, "vertex_enumeration", lambda *a, **k: Equilibria([]))
    with pytest.raises(SolverError, match="must have"):
        tri.equilibria(tri.NormalFormGame(PD), method="vertex_enumeration")


def test_support_enumeration_called_directly_is_scale_free():
    # before: 8 of these 20 games x 1e9 gave other equilibria (absolute tol on raw payoffs)
    rng = np.random.default_rng(2026)
    for _ in range(20):
        game = tri.NormalFormGame(rng.random((3, 2, 2, 2)))
        base = tri.support_enumeration(game)
        for other in (scaled(game, 1e9), scaled(game, 1e-12), scaled(game, 1e12, 1e13)):
            assert same_profiles(base, tri.support_enumeration(other))


def test_support_enumeration_near_the_float_range_and_relative_tol():
    u = np.random.default_rng(7).random((3, 2, 2, 2))
    game = tri.NormalFormGame(u)
    # payoffs +-1.7e308: their differences overflow unless halved first
    assert same_profiles(tri.support_enumeration(game),
                         tri.support_enumeration(tri.NormalFormGame((2 * u - 1) * 1.7e308)))
    with pytest.raises(tri.errors.InvalidArgumentError, match="relative"):
        tri.support_enumeration(game, tol=1.0)


def test_backward_induction_ties_are_relative():
    # irrational payoffs are compared in floating point: 1e-13 * sqrt(2) against twice
    # that is a strict preference at any scale, not a tie within an absolute 1e-12
    root2 = sympy.sqrt(2)
    for scale in (sympy.Rational(1, 10**13), 1, 10**13):
        tree = tri.SequentialGame(
            ("A", {"l": (root2 * scale, 0), "r": (2 * root2 * scale, 0)}), players=("A", "B")
        )
        [eq] = tri.backward_induction(tree)
        assert eq.path == (("r",),)
