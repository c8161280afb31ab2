"""Repeated games: thresholds, hazards, minmax, payoff sets, finite horizons, simulation."""

import itertools
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import triangle as tri
from triangle.errors import (
    InvalidGameError,
    InvalidProfileError,
    SolverError,
    SymbolicGameError,
    TriangleError,
    UnknownNameError,
    UnsupportedGameError,
)
from triangle.solvers.repeated_minmax import minmax, minmax_values
from triangle.solvers.repeated_payoff_sets import (
    feasible_payoffs,
    individually_rational_payoffs,
    outer_approximation,
)
from triangle.solvers.repeated_simulation import Always, Conditional, Grim, TitForTat, simulate

CD = ("C", "D")


def same_points(a, b, atol=1e-6):
    """Two vertex lists describe the same points (in any order)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        return False
    return all(np.abs(b - p).max(axis=1).min() <= atol for p in a) and all(
        np.abs(a - p).max(axis=1).min() <= atol for p in b
    )


def pd(T, R, P, S):
    return tri.NormalFormGame.from_bimatrix([[R, S], [T, P]], [[R, T], [S, P]], strategies=(CD, CD))


# --------------------------------------------------------------------------- textbook thresholds
def test_symbolic_textbook_thresholds():
    T, R, P, S = sympy.symbols("T R P S", real=True)
    rg = tri.RepeatedGame(pd(T, R, P, S), sympy.Rational(9, 10))
    grim = rg.threshold(("C", "C"), threat=("D", "D"))
    ratio = grim.by_player["Player 1"]
    # wherever the player is tempted (T = R + a) and hurt (P = T - b), the textbook ratio
    a, b = sympy.symbols("a b", positive=True)
    tempted = ratio.xreplace({T: R + a, P: R + a - b})
    assert sympy.simplify(tempted - sympy.Max(0, a / b)) == 0
    assert sympy.simplify(tempted.xreplace({a: T - R, b: T - P}) - (T - R) / (T - P)) == 0
    # conditions: (D, D) is a stage equilibrium (P >= S), and each player is either not
    # tempted or hurt by a punishment (T > P) that the deal beats (R > P)
    conds = {str(c) for c in grim.conditions}
    assert "P >= S" in conds
    assert "(R >= T) | ((R > P) & (T > P))" in conds
    values = {T: 5, R: 3, P: 1, S: 0}
    assert grim.discount.xreplace(values) == sympy.Rational(1, 2)
    assert all(bool(c.xreplace(values)) for c in grim.conditions)


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(
    st.integers(-5, 5),
    st.integers(1, 5),
    st.integers(1, 5),
    st.integers(1, 5),
)
def test_prisoners_dilemma_thresholds(S, gap_ps, gap_rp, gap_tr):
    P = S + gap_ps
    R = P + gap_rp
    T = R + gap_tr
    rg = tri.RepeatedGame(pd(T, R, P, S), 0.5)
    grim = rg.critical_discount(("C", "C"))
    assert grim == sympy.Rational(T - R, T - P)
    tft = rg.critical_discount(("C", "C"), punishment="tit_for_tat")
    expected = max(Fraction(T - R, T - P), Fraction(T - R, R - S))
    assert tft == (
        sympy.Rational(expected.numerator, expected.denominator) if expected < 1 else sympy.oo
    )
    # the minmax of a prisoner's dilemma is P (defecting guarantees it), so minmax = grim
    assert rg.critical_discount(("C", "C"), punishment="minmax") == grim
    assert rg.critical_discount(("C", "C"), punishment="pure_minmax") == grim


def test_tit_for_tat_needs_two_players_and_threats():
    g3 = tri.NormalFormGame(np.zeros((3, 2, 2, 2)))
    with pytest.raises(InvalidGameError, match="two players"):
        tri.RepeatedGame(g3, 0.5).critical_discount(("s1", "s1", "s1"), punishment="tit_for_tat")
    with pytest.raises(UnsupportedGameError, match="punishment='grim'"):
        tri.RepeatedGame(g3, 0.5).threshold(("s1", "s1", "s1"), punishment="tit_for_tat")
    # the punishment it names does handle three players
    assert tri.RepeatedGame(g3, 0.5).critical_discount(("s1", "s1", "s1")) == 0
    rps = tri.NormalFormGame.from_bimatrix(np.eye(3), np.eye(3))
    with pytest.raises(InvalidProfileError, match="threat="):
        tri.RepeatedGame(rps, 0.5).critical_discount(("s1", "s1"), punishment="tit_for_tat")
    t = tri.RepeatedGame(rps, 0.5).critical_discount(
        ("s1", "s1"), punishment="tit_for_tat", threat=("s2", "s2")
    )
    assert t == 0  # a coordination profile needs no threat


def test_grim_reverts_to_each_deviators_worst_stage_equilibrium():
    # Two stage equilibria: (D, D) is worst for Row, (P, P) worst for Column.
    a = [[4, 0, 0], [5, 1, 0], [0, 0, 2]]
    b = [[4, 5, 0], [0, 3, 0], [0, 0, 1]]
    g = tri.NormalFormGame.from_bimatrix(a, b, strategies=(("C", "D", "P"),) * 2)
    t = tri.RepeatedGame(g, 0.9).threshold(("C", "C"))
    assert t.threat == {"Player 1": ("D", "D"), "Player 2": ("P", "P")}
    assert t.punishment_payoff == {"Player 1": 1, "Player 2": 1}
    assert t.discount == sympy.Rational(1, 4)  # (5 - 4) / (5 - 1) for both


def test_grim_threat_must_be_a_stage_equilibrium():
    rg = tri.RepeatedGame(pd(5, 3, 1, 0), 0.9)
    with pytest.raises(InvalidProfileError, match="not a Nash equilibrium"):
        rg.critical_discount(("C", "C"), threat=("C", "D"))
    # a mixed equilibrium is a valid threat
    pennies = tri.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    eq = tri.equilibria(pennies)[0]
    t = tri.RepeatedGame(pennies, 0.5).threshold(("s1", "s1"), threat=eq)
    assert t.punishment_payoff == {"Player 1": 0, "Player 2": 0}


def test_no_pure_stage_equilibrium_needs_a_threat():
    pennies = tri.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    with pytest.raises(SolverError, match="no pure Nash equilibrium"):
        tri.RepeatedGame(pennies, 0.5).critical_discount(("s1", "s1"))


def test_never_sustained_and_untempted_players_are_forgiven():
    # The deal gives Row 0 < the Nash payoff 1 and tempts Row: never sustained by reversion.
    rg = tri.RepeatedGame(pd(5, 3, 1, 0), 0.9)
    assert rg.critical_discount(("C", "D")) == sympy.oo
    assert rg.critical_hazard(("C", "D")) == -sympy.oo
    # A strict stage equilibrium needs no threat, even one both players would prefer:
    # deviations that gain nothing are forgiven, so every discount sustains it.
    g = tri.NormalFormGame.from_bimatrix([[1, 0], [0, 3]], [[1, 0], [0, 3]], strategies=(CD, CD))
    t = tri.RepeatedGame(g, 0.9).threshold(("C", "C"), threat=("D", "D"))
    assert t.sustained == sympy.Interval.Ropen(0, 1) and t.discount == 0
    # tit-for-tat punishes every deviation, so there the better "punishment" tempts the patient
    tft = tri.RepeatedGame(g, 0.9).threshold(("C", "C"), punishment="tit_for_tat")
    assert tft.sustained == sympy.Interval(0, sympy.Rational(1, 3))
    assert not tri.RepeatedGame(g, 0.9).sustains(("C", "C"), punishment="tit_for_tat")


# --------------------------------------------------------------------------- hazard and discount
def test_effective_discount_composes_exactly():
    rg = tri.RepeatedGame(pd(5, 3, 1, 0), 0.9, hazard=0.05)
    assert rg.effective_discount == sympy.Rational(171, 200)
    assert tri.RepeatedGame(pd(5, 3, 1, 0), 0.9, hazard=1).effective_discount == 0
    d, h = sympy.symbols("d h")
    sym = tri.RepeatedGame(pd(5, 3, 1, 0), d, hazard=h)
    assert sympy.expand(sym.effective_discount - d * (1 - h)) == 0
    assert sym.subs(
        {"d": Fraction(1, 2), "h": Fraction(1, 3)}
    ).effective_discount == sympy.Rational(1, 3)


@settings(max_examples=50, deadline=None)
@given(st.fractions(0, Fraction(99, 100)), st.fractions(0, 1))
def test_sustained_iff_hazard_below_critical_hazard(discount, hazard):
    game = pd(5, 3, 1, 0)
    rg = tri.RepeatedGame(game, discount, hazard=hazard)
    h_star = rg.critical_hazard(("C", "C"))
    assert rg.sustains(("C", "C")) == (
        sympy.Rational(hazard.numerator, hazard.denominator) <= h_star
    )
    assert rg.sustains(("C", "C")) == (rg.effective_discount >= rg.critical_discount(("C", "C")))


def test_symbolic_critical_hazard_is_an_expression():
    d, h = sympy.symbols("d h", positive=True)
    rg = tri.RepeatedGame(pd(5, 3, 1, 0), d, hazard=h)
    assert sympy.simplify(rg.critical_hazard(("C", "C")) - (1 - sympy.Rational(1, 2) / d)) == 0
    with pytest.raises(SymbolicGameError, match="subs"):
        rg.sustains(("C", "C"))


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("discount", [1, 1.0, -0.1, 1.5, float("nan"), True, "0.9"])
def test_bad_discount(discount):
    with pytest.raises(InvalidGameError) as info:
        tri.RepeatedGame(pd(5, 3, 1, 0), discount)
    assert isinstance(info.value, ValueError) and isinstance(info.value, TriangleError)
    if discount == 1 and not isinstance(discount, bool):
        assert "0.99" in str(info.value)


@pytest.mark.parametrize("hazard", [-0.1, 1.01, float("inf"), None])
def test_bad_hazard(hazard):
    with pytest.raises(InvalidGameError, match="hazard"):
        tri.RepeatedGame(pd(5, 3, 1, 0), 0.9, hazard=hazard)


def test_bad_profiles_and_punishments():
    rg = tri.RepeatedGame(pd(5, 3, 1, 0), 0.9)
    with pytest.raises(InvalidProfileError, match="did you mean 'D'"):
        rg.critical_discount(("C", "DD"))
    with pytest.raises(InvalidProfileError, match="pure profile"):
        rg.critical_discount(([0.5, 0.5], "C"))
    with pytest.raises(InvalidProfileError):
        rg.critical_discount(("C",))
    with pytest.raises(UnknownNameError, match="punishment: unknown choice"):
        rg.critical_discount(("C", "C"), punishment="forgiving")
    with pytest.raises(InvalidGameError, match="NormalFormGame"):
        tri.RepeatedGame([[1, 2]], 0.9)
    T = sympy.Symbol("T")
    with pytest.raises(SymbolicGameError, match="threat="):
        tri.RepeatedGame(pd(T, 3, 1, 0), 0.9).critical_discount(("C", "C"))
    with pytest.raises(SymbolicGameError, match="pure_minmax"):
        tri.RepeatedGame(pd(T, 3, 1, 0), 0.9).critical_discount(("C", "C"), punishment="minmax")


# --------------------------------------------------------------------------- monotonicity
game_specs = st.integers(2, 3).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(2, 3), min_size=n, max_size=n), st.integers(0, 2**32 - 1)
    )
)


@pytest.mark.slow
@settings(max_examples=15, deadline=None)
@given(game_specs, st.fractions(0, Fraction(98, 100)), st.fractions(0, Fraction(98, 100)))
def test_higher_discount_never_shrinks_the_sustainable_set(spec, d1, d2):
    shape, seed = spec
    n = len(shape)
    rng = np.random.default_rng(seed)
    game = tri.NormalFormGame(rng.integers(-3, 4, size=(n, *shape)))
    low, high = sorted((d1, d2))
    # the mixed minmax of three players is a branch and bound: keep this test fast
    punishments = ("minmax", "pure_minmax") if n == 2 else ("pure_minmax",)
    for cell in itertools.product(*map(range, shape)):
        for punishment in punishments:
            t = tri.RepeatedGame(game, low).threshold(cell, punishment=punishment)
            if tri.RepeatedGame(game, low).sustains(cell, punishment=punishment):
                assert tri.RepeatedGame(game, high).sustains(cell, punishment=punishment)
            assert t.discount == sympy.oo or t.sustained.sup == 1  # upward closed
        if tri.pure_equilibria(game, tol=0):
            t = tri.RepeatedGame(game, low).threshold(cell)
            assert t.discount == sympy.oo or t.sustained.sup == 1
            if tri.RepeatedGame(game, low).sustains(cell):
                assert tri.RepeatedGame(game, high).sustains(cell)


@settings(max_examples=8, deadline=None)
@given(
    st.integers(0, 2**32 - 1), st.fractions(0, Fraction(9, 10)), st.fractions(0, Fraction(9, 10))
)
def test_subgame_perfect_payoff_set_grows_with_the_discount(seed, d1, d2):
    rng = np.random.default_rng(seed)
    game = tri.NormalFormGame(rng.integers(-3, 4, size=(2, 2, 2)))
    assume(tri.pure_equilibria(game, tol=0))
    low, high = sorted((float(d1), float(d2)))
    small = outer_approximation(game, low, directions=16)
    large = outer_approximation(game, high, directions=16)
    assert len(small.vertices) and len(large.vertices)
    assert (large.directions @ small.vertices.T - large.levels[:, None]).max() <= 1e-6


# --------------------------------------------------------------------------- minmax
def test_minmax_of_known_games():
    pennies = tri.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    assert [m.value for m in minmax_values(pennies)] == [0, 0]
    assert [m.value for m in minmax_values(pennies, mixed=False)] == [1, 1]
    g = tri.NormalFormGame.from_bimatrix([[3, 1], [0, 2]], [[1, 0], [0, 1]])
    m = minmax(g, 0)
    assert m.exact and m.value == sympy.Rational(3, 2)
    assert m.punishment[0].tolist() == [Fraction(1, 4), Fraction(3, 4)]
    rps = tri.NormalFormGame.from_bimatrix(
        [[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [[0, 1, -1], [-1, 0, 1], [1, -1, 0]]
    )
    assert minmax(rps, 1).value == 0


def test_symbolic_pure_minmax():
    x = sympy.Symbol("x")
    g = tri.NormalFormGame.from_bimatrix([[x, 0], [0, 1]], [[0, 0], [0, 0]])
    value = minmax(g, 0, mixed=False).value
    assert value.xreplace({x: 2}) == 1 and value.xreplace({x: -1}) == 0


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 4), st.integers(2, 4))
def test_two_player_mixed_minmax_is_exact_and_certified(seed, m, n):
    rng = np.random.default_rng(seed)
    g = tri.NormalFormGame(rng.integers(-5, 6, size=(2, m, n)))
    for i in range(2):
        mm = minmax(g, i)
        assert mm.lower <= mm.value <= mm.upper
        # independent check: the value of the zero-sum game by nashpy
        a = np.asarray(g.payoffs[i], dtype=float)
        rows = a if i == 0 else a.T  # the punished player's strategies are the rows
        # independent check: the punished player's maxmin, by the other side's linear program
        from scipy.optimize import linprog

        k, m2 = rows.shape
        res = linprog(
            np.r_[np.zeros(k), -1.0],
            A_ub=np.c_[-rows.T, np.ones(m2)],
            b_ub=np.zeros(m2),
            A_eq=np.r_[np.ones(k), 0.0][None],
            b_eq=[1.0],
            bounds=[(0, None)] * k + [(None, None)],
        )
        assert abs(float(mm.value) + res.fun) < 1e-7
        assert mm.exact
        # the punishment achieves the value exactly
        y = mm.punishment[0]
        assert (
            max(sum(Fraction(int(r)) * p for r, p in zip(row, y)) for row in rows.astype(int))
            == mm.value
        )


def test_three_player_minmax_bounds_bracket_a_grid_search():
    # Row's payoff: X pays on matching punishers, Y and Z on the two mismatches.
    u = np.zeros((3, 3, 2, 2))
    u[0, 0, 0, 0] = u[0, 0, 1, 1] = 1  # X: (L, A) or (R, B)
    u[0, 1, 0, 1] = 1  # Y: (L, B)
    u[0, 2, 1, 0] = 1  # Z: (R, A)
    g = tri.NormalFormGame(u)
    mm = minmax(g, 0)
    grid = np.linspace(0, 1, 401)
    p, q = np.meshgrid(grid, grid)
    best = np.maximum.reduce([p * q + (1 - p) * (1 - q), p * (1 - q), (1 - p) * q]).min()
    assert mm.lower <= best + 1e-12
    assert mm.upper >= best - 2 * (grid[1] - grid[0])  # grid error: Lipschitz constant 2
    assert mm.upper - mm.lower < 2e-4
    assert mm.converged == (mm.upper - mm.lower <= 2e-6)  # the flag says whether tol was met
    assert (
        abs(mm.upper - 4 / 9) < 1e-9
    )  # the optimum: P(L) = 2/3, P(A) = 1/3 (or the mirror), value 4/9
    # punishers who cannot correlate do worse than 1/3, the correlated minmax
    assert mm.lower > 1 / 3 + 1e-3
    assert minmax(g, 0, mixed=False).value == 1


# --------------------------------------------------------------------------- payoff sets
def test_feasible_and_individually_rational_sets_of_the_prisoners_dilemma():
    g = pd(5, 3, 1, 0)
    assert same_points(feasible_payoffs(g), [(0, 5), (1, 1), (3, 3), (5, 0)], atol=1e-12)
    ir = individually_rational_payoffs(g)
    assert same_points(ir, [(1, 1), (1, 13 / 3), (3, 3), (13 / 3, 1)], atol=1e-12)


def test_individually_rational_set_in_three_players_and_degenerate_cases():
    rng = np.random.default_rng(3)
    g = tri.NormalFormGame(rng.integers(-3, 4, size=(3, 2, 2, 2)))
    ir = individually_rational_payoffs(g, mixed=False)
    lower = np.array([float(m.value) for m in minmax_values(g, mixed=False)])
    assert ir.shape[1] == 3 and len(ir) >= 1
    assert (ir >= lower - 1e-9).all()
    points = np.asarray(g.payoffs, dtype=float).reshape(3, -1).T
    from scipy.optimize import linprog

    for v in ir:  # every vertex is a convex combination of pure payoffs
        res = linprog(
            np.zeros(len(points)),
            A_eq=np.vstack([points.T, np.ones(len(points))]),
            b_eq=np.r_[v, 1],
            bounds=[(0, None)] * len(points),
        )
        assert res.status == 0
    # zero-sum: the feasible set is a segment and the individually rational set its value
    pennies = tri.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    assert np.allclose(individually_rational_payoffs(pennies), [[0, 0]])


def _self_generating(game, delta, vertices):
    """Exact check (fractions) that every vertex of W is generated by B(W) (APS 1990).

    A set that generates its own extreme points contains only equilibrium payoffs, so the
    computed set is certified from the inside.
    """
    d = Fraction(delta)
    W = [tuple(Fraction(x).limit_denominator(10**6) for x in v) for v in vertices]
    worst = [min(w[i] for w in W) for i in range(2)]
    u = game.exact_payoffs

    def inside(w):
        if len(W) == 1:
            return w == W[0]
        if len(W) == 2:
            (a, b), (c, e) = W
            cross = (c - a) * (w[1] - b) - (e - b) * (w[0] - a)
            within = min(a, c) <= w[0] <= max(a, c) and min(b, e) <= w[1] <= max(b, e)
            return cross == 0 and within
        k = len(W)
        return all(
            (W[(j + 1) % k][0] - W[j][0]) * (w[1] - W[j][1])
            - (W[(j + 1) % k][1] - W[j][1]) * (w[0] - W[j][0])
            >= 0
            for j in range(k)
        )

    for v in W:
        ok = False
        for r, c in itertools.product(range(game.shape[0]), range(game.shape[1])):
            pay = (u[0, r, c], u[1, r, c])
            dev = (max(u[0, :, c]), max(u[1, r, :]))
            w = tuple((v[i] - (1 - d) * pay[i]) / d for i in range(2))
            ic = all(
                (1 - d) * pay[i] + d * w[i] >= (1 - d) * dev[i] + d * worst[i] for i in range(2)
            )
            if ic and inside(w):
                ok = True
                break
        if not ok:
            return False
    return True


def test_published_prisoners_dilemma_at_high_discount_is_the_individually_rational_set():
    # QuantEcon's example: payoffs [[9, 1], [10, 3]], delta = 0.75.
    g = pd(10, 9, 3, 1)
    rg = tri.RepeatedGame(g, 0.75)
    v = rg.equilibrium_payoffs()
    ir = individually_rational_payoffs(g, mixed=False)
    assert same_points(v, ir)
    assert same_points(v, [(3, 3), (3, 9.75), (9, 9), (9.75, 3)])
    # certified from the inside: the set generates itself, so it is in the equilibrium set
    assert _self_generating(g, Fraction(3, 4), ir)


def test_prisoners_dilemma_at_low_discounts():
    g = pd(10, 9, 3, 1)
    # below (T - R) / (T - P) = 1/7 nothing but mutual defection is enforceable
    assert np.allclose(tri.RepeatedGame(g, 0.1).equilibrium_payoffs(), [[3, 3]])
    # just above it, cooperation and public lotteries between (3, 3) and (9, 9)
    v = tri.RepeatedGame(g, 0.15).equilibrium_payoffs()
    assert same_points(v, [(3, 3), (9, 9)])
    assert _self_generating(g, Fraction(15, 100), v)
    # a hazard lowers the effective discount: 0.3 * (1 - 0.6) = 0.12 < 1/7
    assert np.allclose(tri.RepeatedGame(g, 0.3, hazard=0.6).equilibrium_payoffs(), [[3, 3]])


def test_battle_of_the_sexes_sets():
    g = tri.NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    # impatient players: public lotteries over the two pure stage equilibria
    low = tri.RepeatedGame(g, 0.01).equilibrium_payoffs()
    assert same_points(low, [(1, 2), (2, 1)])
    high = tri.RepeatedGame(g, 0.9).equilibrium_payoffs()
    assert same_points(high, [(1, 1), (1, 2), (2, 1)])
    assert _self_generating(g, Fraction(9, 10), high)


def test_no_pure_equilibrium_gives_an_empty_set():
    pennies = tri.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    assert tri.RepeatedGame(pennies, 0.5).equilibrium_payoffs().shape == (0, 2)


def test_equilibrium_payoffs_input_checks():
    g3 = tri.NormalFormGame(np.zeros((3, 2, 2, 2)))
    with pytest.raises(InvalidGameError, match="two-player"):
        tri.RepeatedGame(g3, 0.5).equilibrium_payoffs()
    with pytest.raises(UnsupportedGameError, match="individually_rational_payoffs"):
        tri.RepeatedGame(g3, 0.5).equilibrium_payoffs()
    with pytest.raises(SolverError, match="max_iter"):
        tri.RepeatedGame(pd(10, 9, 3, 1), 0.95).equilibrium_payoffs(max_iter=3)


# --------------------------------------------------------------------------- finite horizon
def test_finite_prisoners_dilemma_unravels():
    result = tri.RepeatedGame(pd(5, 3, 1, 0), 0.9).finite_horizon(5)
    assert all(p == (("D", "D"),) for p in result.playable)
    assert np.allclose(result.payoffs[0], [[sum(0.9**t for t in range(5))] * 2])
    assert result.last_period_sustaining(("C", "C")) is None


def test_two_stage_equilibria_sustain_early_cooperation():
    g = tri.NormalFormGame.from_bimatrix(
        [[4, 0, 0], [5, 1, 0], [0, 0, 3]],
        [[4, 5, 0], [0, 1, 0], [0, 0, 3]],
        strategies=(("C", "D", "P"),) * 2,
    )
    result = tri.RepeatedGame(g, 0.9).finite_horizon(4)
    assert result.sustains(("C", "C")) == (True, True, True, False)
    assert result.last_period_sustaining(("C", "C")) == 3
    # with a discount of 0.4, one period of stick (3 - 1 = 2, worth 0.8) no longer beats the
    # gain of 1, but two periods (2 + 0.4 * 2 = 2.8, worth 1.12) do
    assert tri.RepeatedGame(g, 0.4).finite_horizon(4).last_period_sustaining(("C", "C")) == 2
    assert tri.RepeatedGame(g, 0.2).finite_horizon(4).last_period_sustaining(("C", "C")) is None
    with pytest.raises(InvalidGameError, match="positive integer"):
        tri.RepeatedGame(g, 0.4).finite_horizon(0)


# --------------------------------------------------------------------------- simulation
def test_simulated_automata():
    g = pd(5, 3, 1, 0)
    run = simulate(g, (TitForTat("C", "D"), Always("D")), 4, agreement=("C", "C"))
    assert run.actions == (("C", "D"), ("D", "D"), ("D", "D"), ("D", "D"))
    run = simulate(g, (TitForTat("C", "D"), TitForTat("C", "D")), 6, discount=0.5)
    assert all(a == ("C", "C") for a in run.actions)
    assert np.allclose(run.discounted, 3 * sum(0.5**t for t in range(6)))
    assert np.allclose(run.average, 0.5 * run.discounted)


def test_noise_is_reproducible_and_grim_never_forgives():
    g = pd(5, 3, 1, 0)
    a = simulate(g, (Grim("C", "D"), Grim("C", "D")), 50, noise=0.1, seed=7)
    b = simulate(g, (Grim("C", "D"), Grim("C", "D")), 50, noise=0.1, seed=np.random.default_rng(7))
    assert np.array_equal(a.history, b.history)
    first = int(np.argmax((a.history != 0).any(axis=1)))  # the first tremble
    assert (a.intended[: first + 1] == 0).all()
    assert (a.intended[first + 1] == 1).any()  # the other player's trigger fires at once
    assert (a.intended[first + 2 :] == 1).all()  # then both defect forever


def test_conditional_engagement_with_three_players():
    g = tri.NormalFormGame(
        np.zeros((3, 3, 3, 2)),
        players=("US", "Russia", "China"),
        strategies=(
            ("engage", "condition", "pressure"),
            ("pivot", "hedge", "stay"),
            ("reward", "hold"),
        ),
    )
    strategies = {
        "US": Conditional("condition", "pressure", when={"Russia": ("pivot", "hedge")}),
        "Russia": Conditional("hedge", "stay", when={"US": "condition"}),
        "China": Always("hold"),
    }
    run = simulate(g, strategies, 30, noise=0.2, seed=1)
    for t in range(1, len(run.actions)):
        russia_kept = run.actions[t - 1][1] in ("pivot", "hedge")
        assert run.intended[t][0] == (1 if russia_kept else 2)


def test_hazard_ends_play_and_matches_the_effective_discount_on_average():
    g = pd(5, 3, 1, 0)
    rng = np.random.default_rng(0)
    runs = [
        simulate(g, (Always("C"), Always("C")), 200, discount=0.9, hazard=0.2, seed=rng)
        for _ in range(400)
    ]
    assert any(r.ended for r in runs)
    mean = np.mean([r.discounted[0] for r in runs])
    expected = 3 / (1 - 0.9 * 0.8)  # the effective discount factor
    assert abs(mean - expected) < 0.05 * expected


def test_simulation_input_checks():
    g = pd(5, 3, 1, 0)
    with pytest.raises(InvalidProfileError, match="agreement="):
        simulate(g, (Grim("C", "D"), Always("D")), 3)
    with pytest.raises(InvalidGameError, match="one automaton per player"):
        simulate(g, (Grim("C", "D"),), 3)
    with pytest.raises(InvalidProfileError, match="did you mean"):
        simulate(g, (Always("DD"), Always("D")), 3)
    with pytest.raises(InvalidGameError, match="noise"):
        simulate(g, (Always("C"), Always("D")), 3, noise=2)
