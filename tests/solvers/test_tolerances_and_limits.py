"""Tolerances are validated, profiles near the simplex are normalised with a warning, and
work that cannot finish is refused with advice (issue 11, items 2 and 4)."""

import warnings

import numpy as np
import pytest

import triangle as tri
from triangle.errors import (
    InvalidArgumentError,
    InvalidProfileError,
    NormalisedProfileWarning,
    WorkLimitError,
)
from triangle.solvers.repeated_payoff_sets import MAX_DIRECTIONS, outer_approximation

PD = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])


@pytest.mark.parametrize("tol", [-1, float("nan"), float("inf"), 1.0, 5, "x"])
def test_every_tolerance_is_validated(tol):
    calls = [
        lambda: tri.pure_equilibria(PD, tol=tol),
        lambda: tri.equilibria(PD, tol=tol),
        lambda: tri.is_equilibrium(PD, ("s2", "s2"), tol=tol),
        lambda: tri.dominated_strategies(PD, tol=tol),
        lambda: tri.feasible_payoffs(PD, tol=tol),
        lambda: tri.individually_rational_payoffs(PD, tol=tol),
        lambda: tri.pure_equilibria_batch(PD.payoffs[None], tol=tol),
    ]
    for call in calls:
        with pytest.raises(InvalidArgumentError, match="tol"):
            call()


def test_a_negative_tol_no_longer_makes_everything_dominated():
    from triangle.sensitivity.batch import best_responses, dominated

    with pytest.raises(InvalidArgumentError):
        dominated(PD, PD.payoffs[None], 0, tol=-1)
    with pytest.raises(InvalidArgumentError):
        best_responses(PD, PD.payoffs[None], 0, tol=-1)
    # relative: the same answer at every payoff scale
    for factor in (1e-12, 1.0, 1e12):
        got = dominated(PD, PD.payoffs[None] * factor, 0)
        assert got.tolist() == [[True, False]]


def test_nan_and_infinity_never_pass_through_batches_and_outcomes():
    from triangle.sensitivity.batch import best_responses, dominated, solve_batch
    from triangle.sensitivity.outcomes import plays

    bad = np.stack([PD.payoffs, PD.payoffs]).copy()
    bad[1, 0, 1, 1] = np.nan
    for call in (
        lambda: dominated(PD, bad, 0),
        lambda: best_responses(PD, bad, 0),
        lambda: solve_batch(PD, bad),
        lambda: plays(PD, 0, "s2")(bad),
    ):
        with pytest.raises(tri.errors.InvalidGameError, match=r"sample\)? 1"):
            call()


def test_sweeps_refuse_payoffs_that_overflow_naming_the_sample():
    import sympy

    from triangle.sensitivity.batch import solve_sweep

    x, y = sympy.symbols("x y")
    game = tri.NormalFormGame.from_bimatrix([[x * y, 0], [0, 1]], [[1, 0], [0, 1]])
    samples = {"x": np.array([1.0, 1e200]), "y": np.array([2.0, 1e200])}
    for call in (
        lambda: tri.sweep(game, samples, allow_out_of_range=True),
        lambda: solve_sweep(game, samples, allow_out_of_range=True),
    ):
        with pytest.raises(tri.errors.InvalidSampleError, match="sample 1"):
            call()


def test_profiles_within_rounding_of_the_simplex_are_normalised_and_said_so():
    # the rounded profile of nashpy's documentation sums to 0.99999999
    with pytest.warns(NormalisedProfileWarning, match="normalised"):
        r = tri.regret(PD, ([0.33333333, 0.66666666], [1, 0]))
    assert r.shape == (2,)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tri.regret(PD, ([0.5, 0.5 + 1e-12], [1, 0]))  # within 1e-9: silent
    for off in ([0.5, 0.4], [0.6, 0.6], [-0.01, 1.01]):
        with pytest.raises(InvalidProfileError):
            tri.regret(PD, (off, [1, 0]))


def test_outer_approximation_refuses_directions_it_cannot_resolve():
    with pytest.raises(WorkLimitError, match="directions"):
        outer_approximation(PD, 0.75, directions=10**7)
    with pytest.raises(tri.errors.InvalidGameError):
        outer_approximation(PD, 0.75, directions=16.5)
    small = outer_approximation(PD, 0.75, directions=16)
    scaled = outer_approximation(tri.NormalFormGame(PD.payoffs * 1e-12), 0.75, directions=16)
    np.testing.assert_allclose(scaled.vertices * 1e12, small.vertices, atol=1e-6)
    assert MAX_DIRECTIONS >= 1024


def test_payoff_sets_of_five_players_finish_and_scale():
    u = np.random.default_rng(5).random((5, 2, 2, 2, 2, 2))
    game = tri.NormalFormGame(u)
    hull = tri.feasible_payoffs(game)
    assert 0 < len(hull) <= 32
    scaled = tri.feasible_payoffs(tri.NormalFormGame(u * 1e300))
    np.testing.assert_allclose(
        np.sort(scaled / 1e300, axis=0), np.sort(hull, axis=0), rtol=1e-9
    )
    # the individually rational part: Qhull's halfspace intersection (C(k, 5) active sets
    # would never finish), every vertex above the minmax values and inside the hull
    rational = tri.individually_rational_payoffs(game)
    lower = np.array([float(m.value) for m in tri.minmax_values(game)])
    assert len(rational) > 0 and (rational >= lower - 1e-9).all()
    assert len({tuple(np.round(v, 6)) for v in rational}) == len(rational)
    from scipy.optimize import linprog

    points = u.reshape(5, -1).T
    for v in rational[:20]:
        weights = linprog(np.zeros(32), A_eq=np.r_[points.T, np.ones((1, 32))], b_eq=np.r_[v, 1])
        assert weights.status == 0


def test_payoff_sets_are_scale_free():
    for factor in (1e-12, 1e12, 1e300):
        other = tri.NormalFormGame(PD.payoffs * factor)
        np.testing.assert_allclose(
            tri.feasible_payoffs(other) / factor, tri.feasible_payoffs(PD), atol=1e-9
        )
        np.testing.assert_allclose(
            tri.individually_rational_payoffs(other) / factor,
            tri.individually_rational_payoffs(PD),
            atol=1e-7,
        )


def test_lexicographic_search_reports_progress_and_keeps_its_time_limit():
    from triangle.solvers.lexicographic_search import lexicographic_search

    rng = np.random.default_rng(0)
    game = tri.NormalFormGame.from_bimatrix(rng.random((9, 9)), rng.random((9, 9)))
    seen = []
    found = lexicographic_search(game, progress=lambda done, total: seen.append((done, total)))
    assert found and seen and seen[-1][0] <= seen[-1][1]
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    # a limit the search cannot keep: refused with what to do, through equilibria too
    big = tri.NormalFormGame.from_bimatrix(rng.random((16, 16)), rng.random((16, 16)))
    with pytest.raises(WorkLimitError, match="max_seconds"):
        tri.equilibria(big, max_seconds=1e-3)
    with pytest.raises(InvalidArgumentError, match="max_seconds"):
        tri.equilibria(big, max_seconds=-1)
