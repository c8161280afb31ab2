"""Vertex enumeration: games with known equilibria, degenerate games, properties."""

import math
from fractions import Fraction as F

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import triangle as tri
from triangle.errors import InvalidGameError, SymbolicGameError, UnsupportedGameError
from triangle.solvers.vertex_enumeration import MAX_BASES, vertex_enumeration


def profiles(eqs):
    """The equilibria as tuples of Python values (Fractions stay exact)."""
    return [tuple(tuple(p.tolist()) for p in e.profile) for e in eqs]


def close_index(eqs, profile, atol=1e-9):
    """The index of the equilibrium of ``eqs`` within ``atol`` of ``profile``, or None."""
    target = np.concatenate([np.asarray(p, dtype=float) for p in profile])
    for k, e in enumerate(eqs):
        flat = np.concatenate([np.asarray(p, dtype=float) for p in e.profile])
        if flat.shape == target.shape and np.max(np.abs(flat - target)) <= atol:
            return k
    return None


def component_sets(eqs):
    """Components as a set of frozensets of exact profiles (order-free structure)."""
    pro = profiles(eqs)
    return {frozenset(pro[i] for i in comp) for comp in eqs.components}


def game(a, b):
    return tri.NormalFormGame.from_bimatrix(a, b)


# ----------------------------------------------------------------- literature games
def test_prisoners_dilemma():
    pd = game([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    eqs = vertex_enumeration(pd, exact=True)
    assert profiles(eqs) == [((0, 1), (0, 1))]
    assert not eqs.degenerate and eqs.components == ((0,),) and eqs.notes == ()
    assert eqs.method == "vertex_enumeration"


def test_battle_of_the_sexes_exact_and_float():
    bos = game([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    eqs = vertex_enumeration(bos, exact=True)
    # The mixed equilibrium: the row player makes the column player indifferent
    # (1 x1 = 2 x2 -> x = (2/3, 1/3)) and vice versa (2 y1 = y2 -> y = (1/3, 2/3)).
    assert profiles(eqs) == [
        ((1, 0), (1, 0)),
        ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3))),
        ((0, 1), (0, 1)),
    ]
    assert all(isinstance(v, F) for e in eqs for p in e.profile for v in p)
    assert [e.payoffs.tolist() for e in eqs] == [[2, 1], [F(2, 3), F(2, 3)], [1, 2]]
    approx = vertex_enumeration(bos)
    assert len(approx) == 3
    assert all(close_index(approx, e.profile) == k for k, e in enumerate(eqs))
    assert all(p.dtype == float for e in approx for p in e.profile)


def test_matching_pennies_and_rock_paper_scissors():
    mp = game([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    half = (F(1, 2), F(1, 2))
    assert profiles(vertex_enumeration(mp, exact=True)) == [(half, half)]
    rps_a = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    rps = game(rps_a, (-np.array(rps_a)).tolist())
    third = (F(1, 3),) * 3
    eqs = vertex_enumeration(rps, exact=True)
    assert profiles(eqs) == [(third, third)] and not eqs.degenerate
    assert profiles(tri.equilibria(rps, exact=True)) == profiles(eqs)


def test_von_stengel_3x2_nondegenerate():
    # von Stengel (2007), Algorithmic Game Theory ch. 3, the 3 x 2 example: three
    # equilibria. Check by hand: x = (4/5, 1/5, 0) gives both columns 14/5, and
    # y = (2/3, 1/3) gives rows 1 and 2 the payoff 3 and row 3 only 2; x = (0, 1/3, 2/3)
    # gives both columns 8/3, and y = (1/3, 2/3) gives rows 2 and 3 the payoff 4 > 3.
    g = game([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    eqs = vertex_enumeration(g, exact=True)
    assert profiles(eqs) == [
        ((1, 0, 0), (1, 0)),
        ((F(4, 5), F(1, 5), 0), (F(2, 3), F(1, 3))),
        ((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))),
    ]
    assert not eqs.degenerate and eqs.components == ((0,), (1,), (2,))


def test_von_stengel_degenerate_variant():
    # B's first row becomes (3, 3): against row 1 the column player is indifferent, so
    # the game is degenerate (a pure strategy with two best responses). Derivation:
    # - Row 1 is a best response to y iff 3 >= 2 y1 + 5 y2 and 3 >= 6 y2, i.e. y2 <= 1/3,
    #   so ((1,0,0), y) is an equilibrium for every y with y2 in [0, 1/3]: a segment with
    #   extreme points y = (1, 0) and y = (2/3, 1/3). At y = (2/3, 1/3) rows 1 and 2 are
    #   best responses, but any weight on row 2 makes column 2 strictly better, so x
    #   stays (1, 0, 0): the component is {(1,0,0)} x [(1,0), (2/3,1/3)].
    # - Rows 2 and 3 mixed: columns tie when 2 x2 + 3 x3 = 6 x2 + x3, x = (0, 1/3, 2/3);
    #   rows 2 and 3 tie when 2 y1 + 5 y2 = 6 y2, y = (1/3, 2/3), where row 1 gets 3 < 4.
    # - No other support pair works (rows {1,2} make column 2 strictly better, then row 3
    #   is the best response; rows {1,3} make column 1 better, then only row 1 is).
    g = game([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])
    eqs = vertex_enumeration(g, exact=True)
    assert profiles(eqs) == [
        ((1, 0, 0), (1, 0)),
        ((1, 0, 0), (F(2, 3), F(1, 3))),
        ((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))),
    ]
    assert eqs.degenerate
    assert eqs.components == ((0, 1), (2,))
    assert any("convex combination" in note for note in eqs.notes)
    # Points inside the segment are equilibria too (the note's claim), points past it not.
    assert tri.is_equilibrium(g, ([1, 0, 0], [F(5, 6), F(1, 6)]), tol=0)
    assert not tri.is_equilibrium(g, ([1, 0, 0], [F(1, 2), F(1, 2)]), tol=0)
    approx = vertex_enumeration(g)
    assert approx.degenerate and approx.components == eqs.components
    assert all(close_index(approx, e.profile) == k for k, e in enumerate(eqs))


def test_zero_game_is_one_biclique():
    # Every profile of the all-zero game is an equilibrium: the extreme ones are the four
    # pure profiles, all in one component (a 2 x 2 biclique).
    eqs = vertex_enumeration(game([[0, 0], [0, 0]], [[0, 0], [0, 0]]), exact=True)
    assert profiles(eqs) == [((1, 0), (1, 0)), ((1, 0), (0, 1)), ((0, 1), (1, 0)), ((0, 1), (0, 1))]
    assert eqs.degenerate and eqs.components == ((0, 1, 2, 3),)


def test_one_strategy_players():
    g = game([[1, 5, 2]], [[0, 3, 3]])  # the column player ties between columns 2 and 3
    eqs = vertex_enumeration(g, exact=True)
    assert profiles(eqs) == [((1,), (0, 1, 0)), ((1,), (0, 0, 1))]
    assert eqs.degenerate and eqs.components == ((0, 1),)
    assert profiles(vertex_enumeration(game([[2]], [[-1]]), exact=True)) == [((1,), (1,))]
    # More than 62 labels (the labels no longer fit one machine integer): 1 x 70 and back.
    wide = np.zeros((1, 70))
    wide[0, [3, 40, 69]] = 1.0
    eqs = vertex_enumeration(game(np.zeros((1, 70)), wide))
    assert [int(np.argmax(e.profile[1])) for e in eqs] == [3, 40, 69]
    assert eqs.degenerate and eqs.components == ((0, 1, 2),)
    tall = vertex_enumeration(game(wide.T, np.zeros((70, 1))), exact=True)
    assert [int(np.argmax(e.profile[0])) for e in tall] == [3, 40, 69]


def test_float_payoffs_read_exactly_in_exact_mode():
    # 0.1 + 0.2 != 0.3 in floating point, but the tie is real in the decimal game.
    g = game([[0.3, 0.0], [0.1, 0.2]], [[0.1, 0.2], [0.3, 0.3]])
    exact = vertex_enumeration(g, exact=True)
    approx = vertex_enumeration(g)
    assert len(exact) == len(approx) and exact.degenerate == approx.degenerate
    assert all(close_index(approx, e.profile) is not None for e in exact)


def test_order_is_lexicographic_and_deterministic():
    g = game([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    keys = [tuple(np.concatenate(e.profile)) for e in vertex_enumeration(g, exact=True)]
    assert keys == sorted(keys, reverse=True)
    assert profiles(vertex_enumeration(g)) == profiles(vertex_enumeration(g))


# ----------------------------------------------------------------- errors
@pytest.mark.parametrize(
    "solve",
    [vertex_enumeration, lambda g: tri.equilibria(g, method="vertex_enumeration")],
    ids=["vertex_enumeration", "equilibria(method='vertex_enumeration')"],
)
def test_two_player_only_raises_unsupported_and_names_the_n_player_solver(solve):
    three = tri.NormalFormGame(np.zeros((3, 2, 2, 2)))
    with pytest.raises(UnsupportedGameError, match="support_enumeration") as info:
        solve(three)
    # the NotImplementedError family, and still the InvalidGameError (ValueError) of 0.1
    assert isinstance(info.value, NotImplementedError)
    assert isinstance(info.value, InvalidGameError) and isinstance(info.value, ValueError)
    assert "3 players" in str(info.value)
    # the solver it names does solve the game
    eqs = tri.equilibria(three, method="support_enumeration")
    assert eqs and all(tri.is_equilibrium(three, e.profile) for e in eqs)


def test_errors():
    three = tri.NormalFormGame(np.zeros((3, 2, 2, 2)))
    with pytest.raises(InvalidGameError, match="two-player"):
        vertex_enumeration(three)
    x = sympy.Symbol("x")
    with pytest.raises(SymbolicGameError, match="substitute"):
        vertex_enumeration(game([[x, 0], [0, 1]], [[1, 0], [0, 1]]))
    with pytest.raises(ValueError, match="tol"):
        vertex_enumeration(game([[1]], [[1]]), tol=-1)
    with pytest.raises(InvalidGameError, match="irrational"):
        irrational = tri.NormalFormGame([[[sympy.sqrt(2), 0], [0, 1]], [[1, 0], [0, 1]]])
        vertex_enumeration(irrational, exact=True)
    # Games with more bases than the scan examines go to lexicographic search: the
    # 10 x 10 zero game's 100 pure profiles are its extreme equilibria, one component.
    big = 10
    assert math.comb(2 * big, big) > MAX_BASES
    eqs = vertex_enumeration(game(np.zeros((big, big)), np.zeros((big, big))))
    assert eqs.method == "lexicographic_search" and len(eqs) == 100 and eqs.degenerate
    assert eqs.components == (tuple(range(100)),)


def test_large_payoffs_give_the_exact_equilibria_at_the_default_tol():
    # Tolerances are relative to each player's payoff range: payoffs of order 1e8 (which
    # round at about 1e-8) give the exact equilibria at the default tol, as do the same
    # games at 1e-8.
    rng = np.random.default_rng(3)
    for _ in range(20):
        a, b = rng.standard_normal((4, 4)), rng.standard_normal((4, 4))
        exact = vertex_enumeration(game(a * 1e8, b * 1e8), exact=True)
        for factor in (1e8, 1e-8):
            found = vertex_enumeration(game(a * factor, b * factor))
            assert len(found) == len(exact)
            assert all(close_index(found, e.profile, atol=1e-9) is not None for e in exact)


# ----------------------------------------------------------------- properties
@st.composite
def integer_games(draw, max_size=4):
    """Small integer payoffs: ties, hence degenerate games, are frequent."""
    m = draw(st.integers(1, max_size))
    n = draw(st.integers(1, max_size))
    hi = draw(st.sampled_from([1, 2, 3, 9]))
    a = draw(arrays(np.int64, (m, n), elements=st.integers(-hi, hi)))
    b = draw(arrays(np.int64, (m, n), elements=st.integers(0, hi)))
    return game(a, b)


@st.composite
def decimal_games(draw, max_size=4):
    """Payoffs with two decimals: not exact in binary, exact as decimals."""
    m = draw(st.integers(1, max_size))
    n = draw(st.integers(1, max_size))
    cents = st.integers(-300, 300)
    a = draw(arrays(np.int64, (m, n), elements=cents)) / 100
    b = draw(arrays(np.int64, (m, n), elements=cents)) / 100
    return game(a, b)


@st.composite
def float_games(draw, max_size=4):
    m = draw(st.integers(2, max_size))
    n = draw(st.integers(2, max_size))
    elements = st.floats(-10, 10, allow_nan=False, allow_subnormal=False)
    a = draw(arrays(np.float64, (m, n), elements=elements))
    b = draw(arrays(np.float64, (m, n), elements=elements))
    return game(a, b)


any_game = st.one_of(integer_games(), decimal_games(), float_games())
quick = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@quick
@given(any_game)
def test_every_equilibrium_verifies(g):
    eqs = vertex_enumeration(g)
    assert len(eqs) >= 1  # every finite game has an equilibrium
    for e in eqs:
        assert tri.is_equilibrium(g, e.profile, tol=1e-9)
        assert all(abs(p.sum() - 1) < 1e-12 and p.min() >= 0 for p in e.profile)
    assert sorted(i for c in eqs.components for i in c) == list(range(len(eqs)))


@quick
@given(integer_games())
def test_exact_results_verify_exactly(g):
    for e in vertex_enumeration(g, exact=True):
        assert max(tri.regret(g, e.profile)) == 0  # Fractions: exactly no gain
        assert all(sum(p) == 1 for p in e.profile)


@quick
@given(st.one_of(integer_games(), decimal_games()))
def test_exact_and_float_agree(g):
    exact = vertex_enumeration(g, exact=True)
    approx = vertex_enumeration(g)
    assert len(approx) == len(exact)
    match = [close_index(approx, e.profile) for e in exact]
    assert sorted(match) == list(range(len(exact)))
    assert approx.degenerate == exact.degenerate
    assert {frozenset(match[i] for i in c) for c in exact.components} == {
        frozenset(c) for c in approx.components
    }


@quick
@given(integer_games(), st.integers(0, 1), st.sampled_from([2, 3, 7]), st.integers(-5, 5))
def test_positive_affine_transform_changes_nothing(g, player, scale, shift):
    u = g.exact_payoffs.copy()
    u[player] = u[player] * scale + shift
    h = tri.NormalFormGame(u)
    before, after = vertex_enumeration(g, exact=True), vertex_enumeration(h, exact=True)
    assert profiles(before) == profiles(after)
    assert before.components == after.components and before.degenerate == after.degenerate


@quick
@given(integer_games(), st.randoms(use_true_random=False))
def test_permuting_strategies_permutes_equilibria(g, rnd):
    m, n = g.shape
    rows, cols = list(range(m)), list(range(n))
    rnd.shuffle(rows)
    rnd.shuffle(cols)
    h = tri.NormalFormGame(g.exact_payoffs[:, rows][:, :, cols])
    before, after = vertex_enumeration(g, exact=True), vertex_enumeration(h, exact=True)

    def permuted(p):
        x, y = p
        return (tuple(x[i] for i in rows), tuple(y[j] for j in cols))

    assert {permuted(p) for p in profiles(before)} == set(profiles(after))
    assert {frozenset(permuted(p) for p in c) for c in component_sets(before)} == component_sets(
        after
    )
    assert before.degenerate == after.degenerate


@quick
@given(st.one_of(integer_games(), decimal_games()))
def test_pure_equilibria_are_extreme_equilibria(g):
    eqs = vertex_enumeration(g)
    for e in tri.pure_equilibria(g):
        assert close_index(eqs, e.profile, atol=0) is not None
    assert sum(e.is_pure for e in eqs) == len(tri.pure_equilibria(g))
