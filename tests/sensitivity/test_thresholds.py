"""Thresholds: hand-solved games, exact roots, and the switch happening where it is found."""

from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import triangle as tri
from triangle.errors import InvalidGameError, UnknownNameError
from triangle.sensitivity import (
    InvalidSampleError,
    factor_registry,
    nearest_thresholds,
    outcomes,
    sweep,
    thresholds,
)

relief, risk, lifeline, x = sympy.symbols("relief risk lifeline x")


def russia_vs_us():
    """Russia pivots for relief*(1 - risk) or stays for China's lifeline (hand-solved below)."""
    return tri.NormalFormGame.from_bimatrix(
        [[relief * (1 - risk), relief], [lifeline, lifeline]],
        [[1, 0], [0, 1]],
        players=("Russia", "US"),
        strategies=(("pivot", "stay"), ("condition", "press")),
    )


def one_gap(expr):
    """Player 1 compares s1 (payoff expr) with s2 (payoff 0); player 2 is indifferent."""
    return tri.NormalFormGame.from_bimatrix([[expr, 0], [0, 0]], [[0, 0], [0, 0]])


# --------------------------------------------------------------------------- hand-solved
def test_sanctions_relief_that_makes_pivot_a_best_response():
    # pivot iff relief (1 - 0.3) >= 2.1, i.e. relief >= 3 exactly
    ts = thresholds(russia_vs_us(), "relief", "Russia", {"US": "condition"},
                    at={"risk": 0.3, "lifeline": 2.1})
    [t] = ts
    assert t.exact == Fraction(3) and t.value == 3.0
    assert (t.below, t.above, t.at) == ("stay", "pivot", "pivot | stay")
    assert ts.where("pivot") == [(3.0, np.inf)]
    assert ts.where("stay") == [(-np.inf, 3.0)]
    assert t.in_range is None  # relief is not a registry factor here
    # against pressure, relief is paid whatever the risk: relief >= 2.1
    [t2] = thresholds(russia_vs_us(), "relief", "Russia", {"US": "press"},
                      at={"risk": 0.3, "lifeline": 2.1})
    assert t2.exact == Fraction(21, 10)


def test_reversal_risk_threshold_is_exact():
    # relief (1 - risk) = lifeline  <=>  risk = 1 - lifeline / relief = 1 - 2/5 = 3/5
    [t] = thresholds(russia_vs_us(), "risk", "Russia", {"US": "condition"},
                     at={"relief": 5, "lifeline": 2})
    assert t.exact == Fraction(3, 5)
    assert (t.below, t.above) == ("pivot", "stay")


def test_no_threshold():
    ts = thresholds(one_gap(relief + 1), "relief", 0, {"Player 2": "s1"}, within=(0, 10))
    assert ts == [] and [(p.low, p.high, p.outcome) for p in ts.pieces] == [(0, 10, "s1")]
    # risk moves player 2's payoffs only: player 1's best reply never changes
    g = tri.NormalFormGame.from_bimatrix([[2, 0], [0, 0]], [[risk, 0], [0, 0]])
    assert thresholds(g, "risk", 0, {"Player 2": "s1"}, at={}) == []
    assert thresholds(g, "risk", at={})[0].exact == 0  # but the equilibria change


def test_several_thresholds_of_a_cubic():
    ts = thresholds(one_gap((x - 1) * (x - 2) * (x - 3)), "x", 0, {"Player 2": "s1"})
    assert [t.exact for t in ts] == [1, 2, 3]
    assert [(t.below, t.above) for t in ts] == [("s2", "s1"), ("s1", "s2"), ("s2", "s1")]
    inside = thresholds(one_gap((x - 1) * (x - 2) * (x - 3)), "x", 0, {"Player 2": "s1"},
                        within=(1.5, 10))
    assert [t.value for t in inside] == [2.0, 3.0]
    assert inside.pieces[0].low == 1.5 and inside.pieces[-1].high == 10


def test_irrational_thresholds_are_exact_algebraic_numbers():
    ts = thresholds(one_gap(x**2 - 2), "x", 0, {"Player 2": "s1"})
    assert [sympy.nsimplify(t.exact) for t in ts] == [-sympy.sqrt(2), sympy.sqrt(2)]
    assert [t.at for t in ts] == ["s1 | s2", "s1 | s2"]  # a tie exactly at the root


def test_double_root_is_not_a_switch():
    ts = thresholds(one_gap((x - 1) ** 2), "x", 0, {"Player 2": "s1"})
    assert ts == [] and ts.pieces == [ts.pieces[0]] and ts.pieces[0].outcome == "s1"
    assert ts.isolated == [(1.0, "s1 | s2")]  # a tie at x = 1 only


def test_numeric_fallback_and_poles():
    [t] = thresholds(one_gap(sympy.cos(x) - x / 2), "x", 0, {"Player 2": "s1"}, within=(-5, 5))
    assert t.exact is None
    assert abs(np.cos(t.value) - t.value / 2) < 1e-12
    with pytest.raises(InvalidGameError, match="within"):
        thresholds(one_gap(sympy.cos(x) - x / 2), "x", 0, {"Player 2": "s1"})
    ts = thresholds(one_gap(1 / (1 - x) - 2), "x", 0, {"Player 2": "s1"})
    assert [t.value for t in ts] == [0.5, 1.0]  # the root, and the pole where signs flip
    assert [p.outcome for p in ts.pieces] == ["s2", "s1", "s2"]


def test_equilibrium_thresholds_of_a_coordination_game():
    a = sympy.Symbol("a")
    g = tri.NormalFormGame.from_bimatrix([[a, 0], [0, 1]], [[1, 0], [0, 1]],
                                         strategies=(("x", "y"), ("x", "y")))
    [t] = thresholds(g, "a", at={})
    assert t.exact == 0
    assert (t.below, t.above, t.at) == ("y/y", "x/x | y/y", "x/x | y/y")
    # player 1's strategies in equilibrium, and its best replies to "y"
    assert thresholds(g, "a", "Player 1", at={})[0].above == "x | y"
    assert thresholds(g, "a", "Player 1", {"Player 2": "y"}, at={}) == []


def test_nearest_thresholds_ranks_by_share_of_the_range():
    a, b = sympy.symbols("a b")
    g = tri.NormalFormGame.from_bimatrix([[a, 0], [0, b]], [[1, 0], [0, 1]])
    near = nearest_thresholds(g, {"a": 0.5, "b": 0.8}, ranges={"a": (-1, 1), "b": (-1, 1)})
    assert [(n.factor, n.distance, n.direction) for n in near] == [
        ("a", 0.25, "down"), ("b", 0.4, "down")]
    assert [n.outcome_after for n in near] == ["s2/s2", "s1/s1"]
    # a threshold on the edge of the range counts only if the edge itself differs:
    # at b = 0 both equilibria remain (the switch happens below the range)
    edge = nearest_thresholds(g, {"a": 0.5, "b": 0.8}, ranges={"a": (-1, 1), "b": (0, 1)})
    assert [n.factor for n in edge] == ["a"]
    assert nearest_thresholds(g, {"a": 0.5, "b": 0.8}, ranges={"a": (-1, 1)}, limit=1)[0] \
        .factor == "a"


def test_real_model_nearest_thresholds_if_available():
    reg = factor_registry()
    if not reg:
        pytest.skip("the factor registry is not available")
    f1, f2 = list(reg.values())[:2]
    g = one_gap(f1.symbol - f2.symbol)
    near = nearest_thresholds(g)
    for n in near:
        lo, hi = reg[n.factor].low, reg[n.factor].high
        assert lo <= n.threshold.value <= hi
        assert n.threshold.in_range


def test_errors():
    g = russia_vs_us()
    with pytest.raises(UnknownNameError, match="did you mean 'relief'"):
        thresholds(g, "releif", "Russia", {"US": "condition"}, at={"risk": 0, "lifeline": 1})
    with pytest.raises(InvalidSampleError, match="no value for the factors"):
        thresholds(g, "relief", "Russia", {"US": "condition"})
    with pytest.raises(InvalidGameError, match="both"):
        thresholds(g, "relief", "Russia", {"Russia": "pivot"}, at={"risk": 0, "lifeline": 1})


# --------------------------------------------------------------------------- properties
def classify_numerically(game, factor, value, at, player, given):
    """The outcome at one value, by solving the numeric game (independent of thresholds)."""
    samples = {factor: np.array([float(value)])}
    u = sweep(game, samples, at=at)
    out = (outcomes.responses(game, player, given) if player is not None
           else outcomes.equilibrium_set(game, given))
    return out.label(out(u)[0])


coeffs = st.integers(-4, 4)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(coeffs, coeffs, coeffs), min_size=8, max_size=8),
       st.sampled_from([None, 0, 1]))
def test_a_threshold_found_is_where_the_switch_happens(cells, player):
    """Random 2x2 games with payoffs quadratic in x: check each side of each threshold."""
    u = np.array([c0 + c1 * x + c2 * x**2 for c0, c1, c2 in cells], dtype=object)
    g = tri.NormalFormGame(u.reshape(2, 2, 2))
    if not g.is_symbolic:
        return
    ts = thresholds(g, "x", player, at={})
    points = [t.value for t in ts]
    assert points == sorted(points)
    special = points + [v for v, _ in ts.isolated]
    for v, label in ts.isolated:
        assert classify_numerically(g, "x", v, {}, player, None) == label
    # inside every piece the outcome is constant and equals the piece's label
    for piece in ts.pieces:
        lo, hi = max(piece.low, -50.0), min(piece.high, 50.0)
        for v in np.linspace(lo, hi, 7)[1:-1]:
            if any(abs(v - p) < 1e-6 for p in special):
                continue
            assert classify_numerically(g, "x", v, {}, player, None) == piece.outcome
    for t in ts:
        # just beside the threshold (far enough that payoffs differ by more than the
        # numeric solver's tolerance, nearer than any other special point)
        others = [abs(p - t.value) for p in special if p != t.value]
        eps = min([1e-2, *(d / 2 for d in others)])
        assert classify_numerically(g, "x", t.value - eps, {}, player, None) == t.below
        assert classify_numerically(g, "x", t.value + eps, {}, player, None) == t.above
        assert t.below != t.above
    assert len(ts.pieces) == len(ts) + 1


# --------------------------------------------------------------------------- the scenarios
def _outcome_grid(game, values, factor, xs):
    """The pure equilibria of the model at ``values`` with ``factor`` at each of ``xs``,
    re-solved numerically (the package's best-reply test), as the classifier names them."""
    import itertools

    from triangle.solvers.pure import best_reply_mask
    from triangle.verdicts.context import ClaimContext

    ctx = ClaimContext({**values, factor: np.asarray(xs, dtype=float)}, game=game)
    mask = best_reply_mask(ctx.cells, None, 1e-9, layout="cell")  # (3, 3, 3, K)
    out = []
    for k in range(mask.shape[-1]):
        cells = [c for c in itertools.product(*(range(m) for m in mask.shape[:-1]))
                 if mask[(*c, k)]]
        out.append(" | ".join("/".join(game.strategies[i][j] for i, j in enumerate(c))
                              for c in cells) or "no pure equilibrium")
    return out


def _check_nearest(game, values, ranges):
    """Every row of the nearest list is true (re-solved just past its threshold in its
    direction, inside the range) and every factor left out cannot change the outcome."""
    rows = nearest_thresholds(game, at=dict(values), ranges=dict(ranges))
    here = _outcome_grid(game, values, next(iter(game.factors)),
                         [values[next(iter(game.factors))]])[0]
    for n in rows:
        lo, hi = ranges[n.factor]
        t = float(n.threshold.value)
        assert lo <= t <= hi and lo <= n.value <= hi, n
        assert n.direction in ("up", "down")
        if t != n.value:
            assert (t > n.value) == (n.direction == "up"), n
        eps = 1e-6 * (hi - lo)
        x = t + eps if n.direction == "up" else t - eps
        if not lo <= x <= hi:
            assert t in (lo, hi), n  # only a threshold on the edge is reached at the edge
            x = t
        assert lo <= x <= hi
        after = _outcome_grid(game, values, n.factor, [x])[0]
        assert after == n.outcome_after, (n, after)
        assert after != here, n
        if t == n.value:  # on the threshold: the sides are the outcomes just past it
            below, above = _outcome_grid(game, values, n.factor, [t - eps, t + eps])
            assert (n.below, n.above) == (below, above), n
    listed = {n.factor for n in rows}
    for name in game.factors:
        if name in listed or name not in ranges or ranges[name][1] <= ranges[name][0]:
            continue
        lo, hi = ranges[name]
        grid = _outcome_grid(game, values, name, np.linspace(lo, hi, 121))
        assert set(grid) == {here}, (name, sorted(set(grid)))  # "none within range" is true
    return rows


SCENARIOS = list(tri.scenarios)
#: The quick loop's scenarios (about a second each): one per model variant and world; CI
#: runs every scenario.
QUICK_SCENARIOS = ("baseline", "petrenko_002", "1972")


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=[] if n in QUICK_SCENARIOS else [pytest.mark.slow]) for n in SCENARIOS
])
def test_nearest_rows_are_true_at_every_scenario(name):
    from triangle.models.scenarios import resolve_point
    from triangle.verdicts.context import model_game

    point = resolve_point(tri.scenarios[name])
    _check_nearest(model_game(**point.options), dict(point.values), dict(point.ranges))


@pytest.mark.slow
@pytest.mark.parametrize("name", SCENARIOS)
def test_nearest_rows_are_true_on_a_threshold(name):
    """Each scenario moved exactly onto its nearest exactly-representable threshold (a tie:
    the outcome on each side differs from the one on it)."""
    from triangle.models.scenarios import resolve_point
    from triangle.verdicts.context import model_game

    point = resolve_point(tri.scenarios[name])
    game, values, ranges = model_game(**point.options), dict(point.values), dict(point.ranges)
    exact = [n for n in nearest_thresholds(game, at=values, ranges=ranges)
             if isinstance(n.threshold.exact, Fraction)
             and Fraction(repr(float(n.threshold.value))) == n.threshold.exact]
    if not exact:
        pytest.skip("no exactly representable threshold nearby")
    n = exact[0]
    rows = _check_nearest(game, {**values, n.factor: float(n.threshold.value)}, ranges)
    assert any(r.distance == 0 for r in rows)  # the tie is listed, with its direction
