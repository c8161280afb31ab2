"""Payoff sets of repeated games: feasible, individually rational, subgame perfect.

- :func:`feasible_payoffs`: the convex hull of the stage game's pure payoff vectors
  (what public randomisation over profiles can achieve), for any number of players.
- :func:`individually_rational_payoffs`: its part where every player gets at least
  their minmax value.
- :func:`outer_approximation`: the set of payoffs of pure-strategy subgame-perfect
  equilibria of the repeated two-player game with perfect monitoring, public
  randomisation and common discount factor (Abreu, Pearce and Stacchetti 1990), by the
  outer hyperplane approximation of Judd, Yeltekin and Conklin (2003).

Payoffs are normalised averages, ``(1 - delta) * sum_t delta**t * u_t``, so that they
are comparable with stage payoffs.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from triangle.errors import InvalidGameError, UnsupportedGameError, WorkLimitError
from triangle.games.normal_form import require_numeric
from triangle.games.repeated import probability_like
from triangle.games.scale import check_relative_tolerance
from triangle.games.symbolic import check_game
from triangle.registries import check_count, check_flag

if TYPE_CHECKING:
    from triangle.games.normal_form import NormalFormGame

__all__ = [
    "MAX_DIRECTIONS",
    "PayoffSetApproximation",
    "feasible_payoffs",
    "individually_rational_payoffs",
    "outer_approximation",
]


#: The most supporting directions :func:`outer_approximation` accepts (see its error).
MAX_DIRECTIONS = 4096


# --------------------------------------------------------------------------- polytopes
def _affine_frame(points: np.ndarray, tol: float):
    """An orthonormal basis of the affine hull of ``points``: (origin, basis (d, n))."""
    origin = points.mean(axis=0)
    centred = points - origin
    if not np.any(np.abs(centred) > tol):
        return origin, np.zeros((0, points.shape[1]))
    _, sing, vt = np.linalg.svd(centred, full_matrices=False)
    rank = int(np.sum(sing > tol * max(1.0, sing[0])))
    return origin, vt[:rank]


def _hull_halfspaces(coords: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """Facets ``A x <= b`` of the convex hull of full-dimensional points ``coords`` (k, d)."""
    d = coords.shape[1]
    if d == 1:
        return np.array([[1.0], [-1.0]]), np.array([coords.max(), -coords.min()])
    from scipy.spatial import ConvexHull

    hull = ConvexHull(coords)
    eq = hull.equations  # normal . x + offset <= 0 inside
    return eq[:, :d], -eq[:, d]


def _vertices(a: np.ndarray, b: np.ndarray, tol: float) -> np.ndarray:
    """Vertices of the bounded polytope ``{x : a x <= b}`` in R^d by active-set enumeration.

    A vertex is a feasible point where ``d`` linearly independent constraints are active;
    enumerating d-subsets is exact for the small polytopes met here (tens of facets) and,
    unlike halfspace-intersection codes, handles lower-dimensional results.
    """
    k, d = a.shape
    if d == 0:
        return np.zeros((1, 0)) if np.all(b >= -tol) else np.zeros((0, 0))
    found = []
    for rows in itertools.combinations(range(k), d):
        sub = a[list(rows)]
        if abs(np.linalg.det(sub)) < 1e-12:
            continue
        x = np.linalg.solve(sub, b[list(rows)])
        if np.all(a @ x <= b + tol):
            found.append(x)
    if not found:
        return np.zeros((0, d))
    pts = np.array(found)
    keep: list[np.ndarray] = []
    for p in pts:  # deduplicate
        if not any(np.allclose(p, q, atol=tol * 10) for q in keep):
            keep.append(p)
    return np.array(keep)


def _order_2d(points: np.ndarray) -> np.ndarray:
    """Sort the vertices of a convex polygon counter-clockwise, starting from the lowest-left."""
    if len(points) <= 2:
        key = np.round(points, 9)
        return points[np.lexsort((key[:, 1], key[:, 0]))]
    centre = points.mean(axis=0)
    angles = np.arctan2(points[:, 1] - centre[1], points[:, 0] - centre[0])
    ordered = points[np.argsort(angles)]
    key = np.round(ordered, 9)
    start = np.lexsort((key[:, 1], key[:, 0]))[0]
    return np.roll(ordered, -start, axis=0)


def _polytope(points: np.ndarray, lower: np.ndarray | None, tol: float) -> np.ndarray:
    """Vertices of conv(points) intersected with {v >= lower} (lower may be None).

    Computed with each player's payoffs mapped onto [0, 1] (``tol`` is then relative to
    the payoff ranges, and no payoff size overflows), and mapped back.
    """
    low = points.min(axis=0)
    with np.errstate(over="ignore"):
        span = points.max(axis=0) - low
    span = np.where((span > 0) & np.isfinite(span), span, np.where(span > 0, np.inf, 1.0))
    if not np.isfinite(span).all():  # a range beyond the float range: halve first
        half = 0.5 * points.max(axis=0) - 0.5 * low
        unit = (0.5 * points - 0.5 * low) / half
        scale_back = half * 2.0
    else:
        unit = (points - low) / span
        scale_back = span
    unit_lower = None if lower is None else (lower - low) / scale_back
    verts = _unit_polytope(unit, unit_lower, tol)
    if points.shape[1] == 2 and len(verts):  # the order survives the map back
        verts = _order_2d(verts)
    with np.errstate(over="ignore"):
        return low + verts * scale_back


def _unit_polytope(points: np.ndarray, lower: np.ndarray | None, tol: float) -> np.ndarray:
    origin, basis = _affine_frame(points, tol)
    d = basis.shape[0]
    coords = (points - origin) @ basis.T
    if lower is None:  # the hull's own vertices: no enumeration at any dimension
        if d == 0:
            return origin[None]
        if d == 1:
            return points[[int(np.argmin(coords[:, 0])), int(np.argmax(coords[:, 0]))]]
        from scipy.spatial import ConvexHull

        return points[np.sort(ConvexHull(coords).vertices)]
    if d == 0:
        a, b = np.zeros((0, 0)), np.zeros(0)
    else:
        a, b = _hull_halfspaces(coords, tol)
    # v_i >= lower_i, v = origin + basis.T @ x  <=>  -(basis[:, i]) . x <= origin_i - lower_i
    a = np.vstack([a, -basis.T]) if d else a
    b = np.concatenate([b, origin - lower]) if d else b
    if d == 0:
        return np.zeros((0, points.shape[1])) if np.any(origin < lower - tol) else origin[None]
    if math.comb(len(a), d) <= _MAX_SUBSETS:
        verts = _vertices(a, b, tol)
    else:
        verts = _intersection_vertices(a, b, tol)
    return origin + verts @ basis if len(verts) else np.zeros((0, points.shape[1]))


#: Active sets (d-subsets of the constraints) enumerated at most; larger polytopes go
#: to a halfspace intersection (scipy's Qhull) from an interior point.
_MAX_SUBSETS = 200_000


def _intersection_vertices(a: np.ndarray, b: np.ndarray, tol: float) -> np.ndarray:
    """Vertices of ``{x : a x <= b}`` by halfspace intersection around the Chebyshev
    centre (a linear program); refuses a polytope without interior, where that fails."""
    from scipy.optimize import linprog
    from scipy.spatial import HalfspaceIntersection

    k, d = a.shape
    norms = np.linalg.norm(a, axis=1)
    res = linprog(
        np.r_[np.zeros(d), -1.0], A_ub=np.c_[a, norms], b_ub=b,
        bounds=[(None, None)] * d + [(0, None)], method="highs",
    )
    if res.status != 0:
        return np.zeros((0, d))
    if -res.fun <= tol:
        raise WorkLimitError(
            f"the individually rational set here is lower-dimensional inside a polytope with "
            f"{k} facets in {d} dimensions: enumerating its vertices means "
            f"{math.comb(k, d):.3g} active sets (more than {_MAX_SUBSETS}). Compute it for "
            f"fewer players or strategies, or use feasible_payoffs (no enumeration)."
        )
    hs = HalfspaceIntersection(np.c_[a, -b], res.x[:d])
    return _distinct(hs.intersections, tol * 10 + 1e-12)


def _distinct(points: np.ndarray, atol: float) -> np.ndarray:
    """One point of each group closer than ``atol`` (max norm), in first-seen order: a
    degenerate vertex is met once per facet set through it. Pairs come from a k-d tree,
    so this stays fast with thousands of points."""
    from scipy.spatial import cKDTree

    parent = list(range(len(points)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in cKDTree(points).query_pairs(atol, p=np.inf):
        ri, rj = find(i), find(j)
        parent[max(ri, rj)] = min(ri, rj)
    roots = sorted({find(i) for i in range(len(points))})
    return points[roots] if roots else points[:0]


def _payoff_points(game: NormalFormGame) -> np.ndarray:
    require_numeric(game, "payoff sets")
    n = game.n_players
    return np.asarray(game.payoffs, dtype=float).reshape(n, -1).T


def feasible_payoffs(game: NormalFormGame, tol: float = 1e-9) -> np.ndarray:
    """Vertices ``(k, n)`` of the feasible payoff set: the convex hull of pure payoffs.

    Two-player vertices come counter-clockwise. The set is what players can reach by
    publicly randomising over pure profiles.

    >>> import triangle as tri
    >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> feasible_payoffs(pd)
    array([[0., 5.],
           [1., 1.],
           [5., 0.],
           [3., 3.]])
    """
    tol = check_relative_tolerance(tol)
    return _polytope(_payoff_points(game), None, tol)


def individually_rational_payoffs(
    game: NormalFormGame, mixed: bool = True, tol: float = 1e-9
) -> np.ndarray:
    """Vertices ``(k, n)`` of the feasible payoffs that give everyone at least their minmax.

    ``mixed`` chooses the minmax (the others may mix, or only play pure strategies; the
    pure bound is the one relevant to pure-strategy equilibria). By the folk theorem
    (Fudenberg and Maskin 1986) every strictly individually rational feasible payoff is
    a subgame-perfect equilibrium payoff for discount factors close enough to one
    (with a full-dimensional set when there are three or more players).

    >>> import triangle as tri
    >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> individually_rational_payoffs(pd)
    array([[1.        , 1.        ],
           [4.33333333, 1.        ],
           [3.        , 3.        ],
           [1.        , 4.33333333]])
    """
    check_game(game, "individually_rational_payoffs")
    check_flag(mixed, "mixed")
    from triangle.solvers.repeated_minmax import minmax_values

    tol = check_relative_tolerance(tol)
    lower = np.array([float(m.value) for m in minmax_values(game, mixed=mixed)])
    return _polytope(_payoff_points(game), lower, tol)


# --------------------------------------------------------------------------- APS / JYC
@dataclass(frozen=True)
class PayoffSetApproximation:
    """The result of :func:`outer_approximation`.

    Attributes
    ----------
    vertices
        ``(k, 2)`` vertices of the outer polygon, counter-clockwise (``(0, 2)`` if empty).
    levels
        The hyperplane levels ``c``: the polygon is ``{w : directions @ w <= levels}``.
    directions
        The unit normals (subgradients) used.
    iterations, converged
        How many times the set operator was applied, and whether the levels moved by
        less than ``tol`` in the last step.
    worst
        Each player's lowest payoff in the set (the harshest subgame-perfect punishment).
    """

    vertices: np.ndarray
    levels: np.ndarray
    directions: np.ndarray
    iterations: int
    converged: bool
    worst: np.ndarray


def _clip(poly: np.ndarray, normal: np.ndarray, level: float, tol: float) -> np.ndarray:
    """Clip a convex polygon (vertices in order) by the half-plane ``normal . w <= level``.

    Sutherland-Hodgman for one half-plane, vectorised: keep the vertices inside and add
    the crossing point of every edge that leaves or enters, in boundary order.
    """
    k = len(poly)
    if k == 0:
        return poly
    s = poly @ normal - level
    inside = s <= tol
    if inside.all():
        return poly
    if not inside.any():
        return poly[:0]
    nxt = np.roll(np.arange(k), -1)
    cross = inside != inside[nxt]
    idx = np.arange(k)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = s[cross] / (s[cross] - s[nxt][cross])
    inter = poly[cross] + t[:, None] * (poly[nxt][cross] - poly[cross])
    keys = np.concatenate([2 * idx[inside], 2 * idx[cross] + 1])
    pts = np.concatenate([poly[inside], inter])
    return pts[np.argsort(keys, kind="stable")]


def _polygon(directions: np.ndarray, levels: np.ndarray, box: float, tol: float) -> np.ndarray:
    poly = np.array([[-box, -box], [box, -box], [box, box], [-box, box]])
    for h, c in zip(directions, levels):
        poly = _clip(poly, h, c, tol)
        if len(poly) == 0:
            break
    return poly


def _directions(count: int, pay: np.ndarray) -> np.ndarray:
    """``count`` evenly spaced unit normals, plus the axes and the feasible set's edge normals.

    The axes and edge normals cost a few half-planes and make the approximation exact
    where the set's edges are parallel to those of the feasible and individually
    rational sets (as they are when the discount factor is high).
    """
    angles = list(2 * np.pi * np.arange(count) / count)
    angles += [0.0, np.pi / 2, np.pi, 3 * np.pi / 2]
    hull = _polytope(pay, None, 1e-12)
    if len(hull) >= 3:
        for a, b in zip(hull, np.roll(hull, -1, axis=0)):
            edge = b - a
            angles.append(
                float(np.arctan2(-edge[0], edge[1]))
            )  # outward normal (counter-clockwise hull)
    theta = np.sort(np.mod(angles, 2 * np.pi))
    # near-parallel normals would cut slivers out of rounding errors: keep one of each
    keep = np.r_[True, np.diff(theta) > 1e-6]
    theta = theta[keep]
    if len(theta) > 1 and theta[-1] - theta[0] > 2 * np.pi - 1e-6:
        theta = theta[:-1]
    return np.c_[np.cos(theta), np.sin(theta)]


def outer_approximation(
    game: NormalFormGame,
    discount: float,
    directions: int = 64,
    tol: float = 1e-9,
    max_iter: int = 2000,
) -> PayoffSetApproximation:
    """Outer approximation of the pure-strategy subgame-perfect payoff set (two players).

    The set ``V`` of payoffs of subgame-perfect equilibria in pure strategies, with
    perfect monitoring, public randomisation and discount factor ``delta``, is the largest
    fixed point of the operator ``B`` of Abreu, Pearce and Stacchetti (1990):
    ``B(W)`` is the convex hull of the payoffs ``(1 - delta) u(a) + delta w`` over pure
    profiles ``a`` and continuations ``w`` in ``W`` such that no player gains by a
    one-shot deviation, when a deviator is punished with their worst payoff in ``W``.
    Judd, Yeltekin and Conklin (2003) represent ``W`` by ``directions`` supporting
    half-planes with fixed unit normals ``h_k`` and iterate on their levels:

    1. Start from the levels of the feasible set (which contains ``V``).
    2. Compute each player's worst payoff ``p_i`` in the current polygon ``W``.
    3. For every pure profile ``a`` and direction ``h_k``, maximise ``h_k . ((1 - delta)
       u(a) + delta w)`` over ``w`` in ``W`` with ``delta w_i >= (1 - delta) (d_i(a) -
       u_i(a)) + delta p_i`` (``d_i(a)``: player i's best deviation payoff). With two
       players ``W`` is a polygon, so this linear programme is solved exactly by clipping
       ``W`` with the two incentive half-planes and taking the best vertex.
    4. The new level ``c_k`` is the best value over profiles; stop when the levels move
       by less than ``tol``.

    Since ``B`` is monotone and each polygon contains the previous ``B``-image, every
    iterate contains ``V``: the result is an *outer* approximation, within
    ``O(1/directions**2)`` of ``V`` in Hausdorff distance for a smooth boundary.

    >>> import triangle as tri
    >>> pd = tri.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    >>> approx = outer_approximation(pd, 0.75, directions=8)
    >>> approx.converged, approx.worst
    (True, array([3., 3.]))
    """
    check_game(game, "outer_approximation")
    check_count(max_iter, "max_iter")
    if game.n_players != 2:
        raise UnsupportedGameError(
            f"the subgame-perfect payoff set is computed for two-player stage games; this one has "
            f"{game.n_players} players. Use feasible_payoffs / individually_rational_payoffs for "
            f"N players."
        )
    if isinstance(directions, bool) or not isinstance(directions, (int, np.integer)):
        raise InvalidGameError(f"directions must be an integer; got {directions!r}.")
    if directions < 4:
        raise InvalidGameError(f"directions must be at least 4; got {directions}.")
    if directions > MAX_DIRECTIONS:
        raise WorkLimitError(
            f"directions={directions} is more than this method can use: every iteration "
            f"clips a polygon with all of them for each of the {game.payoffs[0].size} "
            f"profiles, and directions closer than about {1 / MAX_DIRECTIONS:.0e} rad apart "
            f"no longer resolve in floating point (the answer degrades towards the bounding "
            f"box). The error shrinks like 1/directions**2: {MAX_DIRECTIONS} directions "
            f"already bound it near 1e-7 of the payoff range. Use at most {MAX_DIRECTIONS}, "
            f"or method='abreu_sannikov' for the exact set."
        )
    tol = check_relative_tolerance(tol)
    delta = float(probability_like(discount, "discount factor", upper_open=True, numeric=True))
    u = np.asarray(game.payoffs, dtype=float)  # (2, m1, m2)
    m1, m2 = game.shape
    profiles = [(r, c) for r in range(m1) for c in range(m2)]
    pay = np.array([u[:, r, c] for r, c in profiles])  # (P, 2)
    dev = np.array([[u[0, :, c].max(), u[1, r, :].max()] for r, c in profiles])
    h = _directions(directions, pay)
    # Tolerances relative to the payoff range (the same answer for a scaled or shifted
    # game); the box only needs to contain every payoff.
    with np.errstate(over="ignore"):
        scale = float(np.ptp(pay)) or 1.0
    box = 4 * float(np.abs(pay).max()) + scale
    levels = (h @ pay.T).max(axis=1)  # support function of the feasible set
    eps = 1e-12 * scale
    converged = False
    iterations = 0
    poly = _polygon(h, levels, box, eps)
    while iterations < max_iter:
        iterations += 1
        if len(poly) == 0:
            converged = True
            break
        worst = poly.min(axis=0)
        new = np.full(len(h), -np.inf)
        for p in range(len(profiles)):
            # delta * w_i >= (1 - delta) * (dev_i - u_i) + delta * worst_i, as n . w <= level
            region = poly
            for i in range(2):
                normal = np.zeros(2)
                normal[i] = -delta
                level = -((1 - delta) * (dev[p, i] - pay[p, i]) + delta * worst[i])
                region = _clip(region, normal, level, eps)
                if len(region) == 0:
                    break
            if len(region) == 0:
                continue
            points = (1 - delta) * pay[p] + delta * region
            new = np.maximum(new, (h @ points.T).max(axis=1))
        if not np.isfinite(new).all():  # no profile is enforceable: no pure equilibrium
            poly = poly[:0]
            converged = True
            break
        change = float(np.abs(new - levels).max())
        levels = np.minimum(new, levels)  # monotone: never let rounding grow the set
        poly = _polygon(h, levels, box, eps)
        if change <= tol * scale:
            converged = True
            break
    # the levels are converged to ~tol, so vertices closer than a few hundred tol are one
    vertices = _dedupe(poly, max(1e-7, 300 * tol) * scale)
    worst = vertices.min(axis=0) if len(vertices) else np.full(2, np.nan)
    return PayoffSetApproximation(
        vertices=vertices,
        levels=levels,
        directions=h,
        iterations=iterations,
        converged=converged,
        worst=worst,
    )


def _dedupe(poly: np.ndarray, tol: float) -> np.ndarray:
    """Merge vertices closer than ``tol`` and drop those in the middle of an edge."""
    if len(poly) == 0:
        return np.zeros((0, 2))
    keep: list[np.ndarray] = []
    for p in poly:
        if not any(np.abs(p - q).max() <= tol for q in keep):
            keep.append(p)
    pts = _order_2d(np.array(keep))
    if len(pts) <= 2:
        return pts
    out = []
    k = len(pts)
    for idx in range(k):
        a, b, c = pts[idx - 1], pts[idx], pts[(idx + 1) % k]
        cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0])
        # b's distance from the line a-c beats tol (no absolute floor: a polygon of
        # payoffs scaled by 1e-12 keeps its corners)
        if abs(cross) > tol * np.abs(c - a).max():
            out.append(b)
    return _order_2d(np.array(out)) if out else pts[:1]
