"""Cross-checks of the two-player solver against nashpy on generated games.

- Nondegenerate games: our extreme equilibria equal nashpy's vertex enumeration.
- nashpy's support enumeration (default tolerance) drops equilibria of ordinary integer
  games; we find a superset of what it returns.
- Degenerate games: nashpy's vertex enumeration returns some points of the continua;
  each one is an equilibrium lying in one of our components.
"""

import warnings

import numpy as np
import pytest
from scipy.optimize import nnls

import triangle as tri
from triangle.solvers.vertex_enumeration import vertex_enumeration


def nashpy_run(method, a, b):
    """nashpy's equilibria as a list of (x, y) by ``method`` (``"vertex_enumeration"``,
    ``"support_enumeration"``); its degeneracy warnings silenced. nashpy (and networkx under
    it) is imported here, not at collection: every xdist worker collects, and the tests
    that use it are slow-marked."""
    import nashpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pairs = getattr(nashpy.Game(a, b), method)()
        return [(np.asarray(x, float), np.asarray(y, float)) for x, y in pairs]


def find(eqs, x, y, atol):
    """Indices of our equilibria within ``atol`` of the profile ``(x, y)``."""
    return [
        k
        for k, e in enumerate(eqs)
        if np.allclose(np.asarray(e.profile[0], float), x, atol=atol, rtol=0)
        and np.allclose(np.asarray(e.profile[1], float), y, atol=atol, rtol=0)
    ]


def in_hull(points, target, atol=1e-7):
    """Whether ``target`` is a convex combination of ``points`` (non-negative least squares)."""
    pts = np.array([np.asarray(p, float) for p in points]).T
    system = np.vstack([pts, np.ones(pts.shape[1])])
    _, residual = nnls(system, np.append(target, 1.0))
    return residual <= atol


@pytest.mark.slow
def test_equal_to_nashpy_vertex_enumeration_on_nondegenerate_games():
    rng = np.random.default_rng(20250301)
    compared = 0
    for _ in range(60):
        m, n = (int(v) for v in rng.integers(2, 5, size=2))
        a, b = rng.standard_normal((m, n)), rng.standard_normal((m, n))
        ours = vertex_enumeration(tri.NormalFormGame.from_bimatrix(a, b))
        assert not ours.degenerate  # continuous payoffs: ties have probability zero
        theirs = nashpy_run("vertex_enumeration", a, b)
        assert len(theirs) == len(ours)
        matched = sorted(k for x, y in theirs for k in find(ours, x, y, 1e-8))
        assert matched == list(range(len(ours)))
        compared += 1
    assert compared == 60


@pytest.mark.slow
def test_superset_of_nashpy_support_enumeration():
    # Random integer games: nashpy's support enumeration tests probabilities with an
    # exact `>= 0` after a floating-point solve (and, by default, only supports of equal
    # size), so a true equilibrium whose zero comes out as -1e-16 is dropped.
    rng = np.random.default_rng(7)
    dropped = games = 0
    for _ in range(60):
        m, n = (int(v) for v in rng.integers(2, 5, size=2))
        a, b = rng.integers(0, 10, (m, n)), rng.integers(0, 10, (m, n))
        g = tri.NormalFormGame.from_bimatrix(a, b)
        ours = vertex_enumeration(g)
        theirs = nashpy_run("support_enumeration", a, b)
        for x, y in theirs:
            # Every profile nashpy returns is one of our extreme equilibria.
            assert find(ours, x, y, 1e-9), (a.tolist(), b.tolist(), x, y)
        distinct = {tuple(np.round(np.concatenate(p), 9)) for p in theirs}
        games += 1
        if len(distinct) < len(ours):
            dropped += 1
            # what nashpy missed still passes the independent check, exactly
            exact = vertex_enumeration(g, exact=True)
            assert all(max(tri.regret(g, e.profile)) == 0 for e in exact)
    assert games == 60
    assert dropped >= 5, f"nashpy's support enumeration dropped equilibria in {dropped} games"


@pytest.mark.slow
def test_nashpy_vertex_enumeration_on_degenerate_games_lies_in_our_components():
    rng = np.random.default_rng(11)
    games = points = 0
    while games < 40:
        m, n = (int(v) for v in rng.integers(2, 4, size=2))
        a, b = rng.integers(0, 3, (m, n)), rng.integers(0, 3, (m, n))
        g = tri.NormalFormGame.from_bimatrix(a, b)
        ours = vertex_enumeration(g, exact=True)
        if not ours.degenerate:
            continue
        games += 1
        try:
            theirs = nashpy_run("vertex_enumeration", a, b)
        except Exception:  # qhull may reject a degenerate polytope: nothing to compare
            continue
        for x, y in theirs:
            points += 1
            assert tri.is_equilibrium(g, (x / x.sum(), y / y.sum()), tol=1e-7)
            assert any(
                in_hull([ours[i].profile[0] for i in comp], x)
                and in_hull([ours[i].profile[1] for i in comp], y)
                for comp in ours.components
            ), (a.tolist(), b.tolist(), x, y)
    assert points >= 40
