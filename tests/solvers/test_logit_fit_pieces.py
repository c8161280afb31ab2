"""logit_fit where the payoffs are piecewise in a fitted factor (a step of the payoffs).

Since issue 9 item 3c Russia's Ukraine steps are a ``step()`` of the factors: the
simultaneous model's payoffs jump where relief starts to outweigh their cost
(``sanctions_relief`` about 0.51 at the baseline). A fit of that factor must find the
truth on either side of the jump, whatever side it starts from, and say which piece it
is on; an estimate on a switch must not pass for an interior one.
"""

import math

import numpy as np
import pytest
import sympy

import triangle as tri
from triangle.errors import InvalidArgumentError, UnknownNameError
from triangle.models.terms import step

LAM = 0.8


@pytest.fixture(scope="module")
def triangle_model():
    model = tri.models.simultaneous()
    base = tri.scenarios["baseline"]
    values = {k: v for k, v in base.values.items() if k in model.factors}
    return model, base, values


def triangle_counts(model, values, relief: float, n: float = 1000.0):
    q = tri.logit_qre(model.subs({**values, "sanctions_relief": relief}), LAM)
    return [n * p for p in q]


def loglik(game: tri.NormalFormGame, counts) -> float:
    """The profile log-likelihood of a numeric game (lam fitted alone)."""
    return tri.logit_fit(game, counts).loglik


def switch_of(piece: str) -> float:
    """The end of a piece ``'lo <= x <= hi'`` that is not an end of the plausible range."""
    lo, _, hi = (part.strip() for part in piece.split("<="))
    ends = [float(lo), float(hi)]
    inner = [e for e in ends if e not in tri.factors["sanctions_relief"].range]
    assert len(inner) == 1, piece
    return inner[0]


# The truth 0.9 x the baseline lies on the baseline's side of the switch, 1.3 x (0.65)
# across it: before the fit compared the pieces, the second returned lam 1.09 and a
# relief of -0.11 (outside its range) without a note.
@pytest.mark.parametrize("relief", [0.45, 0.65])
def test_triangle_fit_recovers_the_truth_on_either_side_of_the_switch(triangle_model, relief):
    model, base, values = triangle_model
    counts = triangle_counts(model, values, relief)
    fit = tri.logit_fit(model, counts, factors=["sanctions_relief"], at=base)
    assert fit.lam == pytest.approx(LAM, rel=1e-5)
    assert fit.factors["sanctions_relief"] == pytest.approx(relief, rel=1e-4)
    assert fit.factor_se["sanctions_relief"] > 0 and not fit.edge and not fit.notes
    # two pieces, the estimate on the better one, and its edge is a real jump of the payoffs
    assert len(fit.pieces) == 2 and fit.piece in dict(fit.pieces)
    assert fit.loglik == pytest.approx(max(ll for _, ll in fit.pieces), abs=1e-6)
    s = switch_of(fit.piece)
    lo, hi = sorted([s, relief])
    assert lo < relief <= hi or lo <= relief < hi  # the truth is inside the chosen piece
    below = model.subs({**values, "sanctions_relief": s - 1e-6}).payoffs
    above = model.subs({**values, "sanctions_relief": s + 1e-6}).payoffs
    assert np.abs(np.asarray(above, float) - np.asarray(below, float)).max() > 0.1
    # the fitted likelihood beats the profile at the start and on both sides of the switch
    for r in (0.5, s - 1e-4, s + 1e-4):
        game = model.subs({**values, "sanctions_relief": r})
        assert fit.loglik >= loglik(game, counts) - 1e-6
    assert "sanctions_relief" in fit._repr_html_() and "piece=" in repr(fit)


def test_triangle_fit_of_two_factors_one_across_the_switch(triangle_model):
    """strategic_autonomy does not move the switch: the pieces are boxes, two of them."""
    model, base, values = triangle_model
    truth = {"sanctions_relief": 0.65, "strategic_autonomy": 1.2}
    q = tri.logit_qre(model.subs({**values, **truth}), LAM)
    fit = tri.logit_fit(model, [3000 * p for p in q], factors=list(truth), at=base)
    assert fit.lam == pytest.approx(LAM, rel=1e-4)
    for name, value in truth.items():
        assert fit.factors[name] == pytest.approx(value, rel=1e-3)
    assert len(fit.pieces) == 2 and not fit.notes and not fit.edge
    assert fit.piece.endswith(", 0.5 <= strategic_autonomy <= 3")


@pytest.mark.slow
def test_triangle_fit_is_the_best_of_a_profile_grid(triangle_model):
    """Cross-check by brute force: the profile likelihood (lam fitted alone, numeric game)
    on a grid of the factor over its plausible range never beats the fit, and its best
    grid point is next to the estimate."""
    model, base, values = triangle_model
    lo, hi = tri.factors["sanctions_relief"].range
    grid = np.linspace(lo, hi, 33)
    for relief in (0.3, 0.65, 0.9):
        counts = triangle_counts(model, values, relief)
        fit = tri.logit_fit(model, counts, factors=["sanctions_relief"], at=base)
        profile = [loglik(model.subs({**values, "sanctions_relief": r}), counts) for r in grid]
        assert fit.loglik >= max(profile) - 1e-6
        best = grid[int(np.argmax(profile))]
        assert abs(best - fit.factors["sanctions_relief"]) <= grid[1] - grid[0]


def test_a_jump_of_a_toy_game_is_crossed_from_either_start():
    b = sympy.Symbol("b")
    game = tri.NormalFormGame.from_bimatrix([[b + 2 * step(b - 1), 0], [0, 1]],
                                            [[1, 0], [0, 1]])
    for truth, start in ((1.5, 0.5), (0.6, 2.0)):
        q = tri.logit_qre(game.subs({"b": truth}), 1.5)
        fit = tri.logit_fit(game, [500 * q[0], 500 * q[1]], factors=["b"], at={"b": start})
        assert fit.lam == pytest.approx(1.5, rel=1e-5)
        assert fit.factors["b"] == pytest.approx(truth, rel=1e-4)
        assert not fit.edge and fit.piece == ("1 <= b" if truth > 1 else "b <= 1")


def test_an_estimate_on_a_switch_is_reported_with_no_standard_error():
    """The model pays at most 1 for (s1, s1) (b up to the switch at 1, then b - 3); the
    data come from a game paying 2: the best fit is at the switch, where this piece's
    payoffs still hold (step(0) = 0)."""
    b = sympy.Symbol("b")
    col = [[2, 0], [0, 1]]
    game = tri.NormalFormGame.from_bimatrix([[b - 3 * step(b - 1), 0], [0, 1]], col)
    q = tri.logit_qre(tri.NormalFormGame.from_bimatrix([[2, 0], [0, 1]], col), 1.5)
    counts = [500 * q[0], 500 * q[1]]
    fit = tri.logit_fit(game, counts, factors=["b"], at={"b": 0.5}, bounds={"b": (0, 2)})
    assert fit.factors["b"] == pytest.approx(1.0, abs=1e-9) and fit.edge == ("b",)
    assert math.isnan(fit.factor_se["b"]) and fit.lam_se > 0
    assert any("edge of its piece" in n and "its maximum" in n for n in fit.notes)
    latex = fit.to_latex()  # a paper's table says which piece and which edge, too
    assert f"piece: {fit.piece}" in latex and "on an edge of its piece: b" in latex
    # lam is conditional on b = 1: the numeric game there gives the same lam
    alone = tri.logit_fit(game.subs({"b": 1.0}), counts)
    assert fit.lam == pytest.approx(alone.lam, rel=1e-6)
    assert fit.loglik == pytest.approx(alone.loglik, rel=1e-9)
    assert fit.lam_se == pytest.approx(alone.lam_se, rel=1e-3)


def test_an_estimate_at_an_end_of_its_bounds_is_reported():
    bonus = sympy.Symbol("bonus")
    game = tri.NormalFormGame.from_bimatrix([[bonus, 0], [0, 1]], [[1, 0], [0, 1]])
    q = tri.logit_qre(game.subs({"bonus": 2.0}), 1.5)
    counts = [500 * q[0], 500 * q[1]]
    fit = tri.logit_fit(game, counts, factors=["bonus"], at={"bonus": 1.2},
                        bounds={"bonus": (0.5, 1.5)})
    assert fit.factors["bonus"] == 1.5 and fit.edge == ("bonus",)
    assert math.isnan(fit.factor_se["bonus"]) and not math.isnan(fit.lam_se)
    assert any("end of its bounds" in n for n in fit.notes)
    assert fit.piece == "" and fit.pieces == ()  # a smooth game has no pieces
    unbounded = tri.logit_fit(game, counts, factors=["bonus"], at={"bonus": 1.2})
    assert unbounded.factors["bonus"] == pytest.approx(2.0, rel=1e-4) and not unbounded.edge


def test_a_scenario_bounds_a_factor_by_its_range_unless_its_world_fixes_it(triangle_model):
    """1972's world fixes russian_opportunism to 0 (its range is (0, 0)): that bounds
    nothing, and the factor is fitted over its sign's domain."""
    model, _, _ = triangle_model
    world = tri.scenarios["1972"]
    assert world.ranges()["russian_opportunism"] == (0.0, 0.0)
    q = tri.logit_qre(model.subs({**world.values, "russian_opportunism": 0.5}), LAM)
    fit = tri.logit_fit(model, [1000 * p for p in q], factors=["russian_opportunism"],
                        at=world)
    assert fit.factors["russian_opportunism"] == pytest.approx(0.5, rel=1e-4)
    assert fit.lam == pytest.approx(LAM, rel=1e-5) and not fit.edge and not fit.notes


def test_a_switch_on_a_surface_of_two_fitted_factors():
    a, c = sympy.symbols("a c")
    game = tri.NormalFormGame.from_bimatrix(
        [[a + 2 * step(a - c), 0, 0], [0, c, 0], [0, 0, 1]],
        [[1, 0, 0], [0, 2, 0], [0, 0, 1]],
    )
    for truth in ({"a": 1.5, "c": 1.0}, {"a": 0.8, "c": 1.2}):
        q = tri.logit_qre(game.subs(truth), 1.5)
        fit = tri.logit_fit(game, [500 * q[0], 500 * q[1]], factors=["a", "c"],
                            at={"a": 0.5, "c": 1.0})
        assert fit.lam == pytest.approx(1.5, rel=1e-3)
        assert fit.factors["a"] == pytest.approx(truth["a"], rel=1e-3)
        assert fit.factors["c"] == pytest.approx(truth["c"], rel=1e-3)
        assert any("surfaces" in n for n in fit.notes)
        assert (fit.piece == "a - c > 0") == (truth["a"] > truth["c"])


def test_bounds_are_checked():
    bonus = sympy.Symbol("bonus")
    game = tri.NormalFormGame.from_bimatrix([[bonus, 0], [0, 1]], [[1, 0], [0, 1]])
    counts = [[30, 70], [25, 75]]
    with pytest.raises(UnknownNameError, match="bonu"):
        tri.logit_fit(game, counts, factors=["bonus"], at={"bonus": 1}, bounds={"bonu": (0, 1)})
    with pytest.raises(InvalidArgumentError, match="low < high"):
        tri.logit_fit(game, counts, factors=["bonus"], at={"bonus": 1}, bounds={"bonus": (2, 1)})
    with pytest.raises(InvalidArgumentError, match="none are fitted"):
        tri.logit_fit(game.subs({"bonus": 1}), counts, bounds={"bonus": (0, 1)})


def test_a_nested_step_that_no_fitted_factor_moves_keeps_the_pieces_boxes():
    from triangle.solvers._logit_pieces import smooth_pieces

    x, y = sympy.symbols("x y")
    inner = sympy.Piecewise((1, y > 0), (2, True))
    u = np.array([sympy.Piecewise((x * inner, x > 1), (0, True))], dtype=object)
    pieces = smooth_pieces(u, {"x": x, "y": y}, ["x"], {"y": 0.5}, np.array([0.0]),
                           np.array([3.0]))
    assert [(p.exact, p.description) for p in pieces] == [
        (True, "0 <= x <= 1"), (True, "1 <= x <= 3")]
    # y moves the nested part's switch when fitted too: a surface is not claimed, but the
    # two switches lie on separate axes, so the pieces are four boxes
    both = smooth_pieces(u, {"x": x, "y": y}, ["x", "y"], {}, np.array([0.0, -1.0]),
                         np.array([3.0, 1.0]))
    assert len(both) == 4 and all(p.exact for p in both)
