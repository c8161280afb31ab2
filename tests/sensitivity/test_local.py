"""Local sensitivity: symbolic derivatives and elasticities against finite differences."""

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import triangle as tri
from triangle.errors import InvalidProfileError, UnknownNameError
from triangle.sensitivity import (
    equilibrium_formulas,
    equilibrium_sensitivity,
    local_sensitivity,
    payoff_gap,
)

relief, risk, lifeline, a = sympy.symbols("relief risk lifeline a")

# 3 players, 2 strategies each; `a` is added to player 1's payoff at (s1, s1, s1).
# At a = 1/2 it has a pure, a partly mixed and a fully mixed equilibrium.
THREE = [[[[3, -5], [-4, -3]], [[-4, 3], [4, 1]]],
         [[[-5, -4], [-2, -1]], [[1, 0], [-3, -4]]],
         [[[2, 3], [-5, -4]], [[-1, -1], [4, 0]]]]


def three_player():
    u = np.array(THREE, dtype=object)
    u[0, 0, 0, 0] = u[0, 0, 0, 0] + a
    return tri.NormalFormGame(u)


def triangle_game():
    u = np.zeros((2, 2, 2), dtype=object)
    u[0, 0, 0] = relief * (1 - risk)        # Russia pivots, US engages
    u[0, 1, :] = lifeline                    # Russia stays with China
    u[0, 0, 1] = -risk
    u[1] = np.array([[2, 1], [0, 1]], dtype=object)
    return tri.NormalFormGame(u, players=("Russia", "US"),
                              strategies=(("pivot", "stay"), ("engage", "press")))


def test_payoff_gap_pure_and_mixed():
    g = triangle_game()
    gap = payoff_gap(g, "Russia", "pivot", "stay", {"US": "engage"})
    assert sympy.expand(gap - (relief * (1 - risk) - lifeline)) == 0
    q = sympy.Symbol("q")
    mixed = payoff_gap(g, "Russia", "pivot", "stay", {"US": {"engage": q, "press": 1 - q}})
    assert sympy.expand(mixed - (q * relief * (1 - risk) - (1 - q) * risk - lifeline)) == 0
    half = payoff_gap(g, "Russia", "pivot", "stay", {"US": [0.5, 0.5]})
    assert sympy.expand(half - ((relief * (1 - risk) - risk) / 2 - lifeline)) == 0
    with pytest.raises(InvalidProfileError, match="no strategy"):
        payoff_gap(g, "Russia", "pivot", "stay", {})
    with pytest.raises(InvalidProfileError, match="3 probabilities"):
        payoff_gap(g, "Russia", "pivot", "stay", {"US": [0.2, 0.3, 0.5]})


GAP = payoff_gap(triangle_game(), "Russia", "pivot", "stay", {"US": [0.25, 0.75]}) ** 2
LOCAL = local_sensitivity(GAP)
GAP_F = sympy.lambdify([relief, risk, lifeline], GAP)


@settings(max_examples=30, deadline=None)
@given(st.floats(0.5, 5), st.floats(0.05, 0.9), st.floats(0.1, 4))
def test_derivatives_and_elasticities_against_finite_differences(r, k, life):
    point = {"relief": r, "risk": k, "lifeline": life}
    vals = LOCAL.at(point)
    f = GAP_F
    for name in point:
        h = 1e-6
        up, down = dict(point), dict(point)
        up[name] += h
        down[name] -= h
        fd = (f(**up) - f(**down)) / (2 * h)
        assert vals.derivatives[name] == pytest.approx(fd, rel=1e-6, abs=1e-8)
        if abs(vals.value) > 1e-3:
            assert vals.elasticities[name] == pytest.approx(fd * point[name] / vals.value,
                                                            rel=1e-5, abs=1e-7)


def test_local_sensitivity_symbolic_forms_and_ranking():
    loc = local_sensitivity(relief * (1 - risk) - lifeline)
    assert loc.derivatives["risk"] == -relief
    assert sympy.simplify(loc.elasticities["relief"]
                          - relief * (1 - risk) / (relief * (1 - risk) - lifeline)) == 0
    vals = loc.at({"relief": 3, "risk": 0.5, "lifeline": 1.5},
                  ranges={"relief": (0, 4), "risk": (0, 1), "lifeline": (0, 10)})
    assert vals.value == 0 and np.isnan(vals.elasticities["relief"])  # undefined at y = 0
    assert vals.swing == {"lifeline": -10.0, "relief": 2.0, "risk": -3.0}
    assert vals.ranking() == ["lifeline", "risk", "relief"]
    with pytest.raises(UnknownNameError):
        local_sensitivity(relief, factors=["risk"])


def test_closed_form_mixed_equilibrium_of_a_2x2_game():
    # row mixes to make the column indifferent, and vice versa (hand-solved)
    g = tri.NormalFormGame.from_bimatrix([[a, 0], [0, 1]], [[0, 1], [1, 0]])
    [sol] = equilibrium_formulas(g, {"Player 1": ["s1", "s2"], "Player 2": ["s1", "s2"]})
    assert sympy.simplify(sol["Player 2"]["s1"] - 1 / (1 + a)) == 0
    assert sol["Player 1"]["s1"] == sympy.Rational(1, 2)
    [s] = equilibrium_sensitivity(g, {"a": 3})
    assert s.method == "closed form"
    assert s.derivatives[("Player 2", "s1")]["a"] == pytest.approx(-1 / 16)
    assert s.derivatives[("Player 2", "s2")]["a"] == pytest.approx(1 / 16)
    assert s.elasticities[("Player 2", "s1")]["a"] == pytest.approx(-1 / 16 * 3 / 0.25)


def supports(eq):
    return [tuple(np.flatnonzero(p > 1e-9)) for p in eq.profile]


def test_equilibrium_derivatives_against_re_solving():
    g = three_player()
    results = equilibrium_sensitivity(g, {"a": 0.5})
    assert sorted(r.method for r in results) == ["closed form", "implicit function", "pure"]
    h = 1e-6
    up, down = (tri.equilibria(g.subs({"a": 0.5 + d})) for d in (h, -h))
    for r in results:
        same = [next(e for e in eqs if supports(e) == supports(r.equilibrium))
                for eqs in (up, down)]
        for (player, strategy), d in r.derivatives.items():
            i = g.player_index(player)
            j = g.strategy_index(i, strategy)
            fd = (same[0].profile[i][j] - same[1].profile[i][j]) / (2 * h)
            assert d["a"] == pytest.approx(fd, rel=1e-4, abs=1e-7)
            if r.method == "pure":
                assert d["a"] == 0
    mixed = next(r for r in results if r.method == "implicit function")
    assert mixed.formulas is None
    assert abs(mixed.derivatives[("Player 3", "s1")]["a"]) > 1e-3  # a real dependence


def test_equilibrium_sensitivity_needs_values():
    g = tri.NormalFormGame.from_bimatrix([[a, 0], [0, 1]], [[0, 1], [1, 0]])
    with pytest.raises(tri.InvalidGameError, match="no value for the factors"):
        equilibrium_sensitivity(g)
