"""Exact subgame-perfect payoff sets of two-player repeated games (Abreu and Sannikov 2014).

The set ``V`` of payoffs of pure-strategy subgame-perfect equilibria of a repeated
two-player game with perfect monitoring, a public randomisation device and a common
discount factor ``delta`` is the largest fixed point of the operator ``B`` of Abreu,
Pearce and Stacchetti (1990). Abreu and Sannikov (2014) show how its extreme points
are made: a profile ``a`` generates at most four of them, either its own stage payoff
``g(a)`` played forever, or ``(1 - delta) g(a) + delta w`` with a continuation ``w`` where
the edge of ``V`` crosses one of the two incentive lines of ``a``. Iterating on those
points alone (:func:`abreu_sannikov`) converges to ``V`` itself, not to a polygon around
it, so the result is exact up to the stopping tolerance; the outer hyperplane
approximation of Judd, Yeltekin and Conklin (2003) in
:mod:`triangle.solvers.repeated_payoff_sets` contains ``V`` and only approaches it as its
number of directions grows. :func:`outer_payoff_set` wraps that method in the same result
type, :class:`PayoffSet`, whose :meth:`~PayoffSet.distance_to` gives the Hausdorff
distance between two sets.

Payoffs are normalised averages, ``(1 - delta) * sum_t delta**t * u_t``.

References: ``abreu2014``, ``abreu1990``, ``judd2003``.
"""

from __future__ import annotations

import html
import numbers
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from triangle.citations import register as _cite
from triangle.errors import (
    InvalidArgumentError,
    InvalidGameError,
    SolverError,
    SymbolicGameError,
    UnsupportedGameError,
    check_tolerance,
    unknown_name,
)
from triangle.games.aliases import ConvexSetLike
from triangle.games.repeated import probability_like
from triangle.games.results import SolverResult
from triangle.registries import check_text

if TYPE_CHECKING:
    from triangle.games.normal_form import NormalFormGame

__all__ = [
    "PAYOFF_SET_METHODS",
    "PayoffSet",
    "abreu_sannikov",
    "outer_payoff_set",
    "payoff_set",
]

#: The methods that compute a subgame-perfect payoff set, and what each result is.
PAYOFF_SET_METHODS = {
    "abreu_sannikov": "exact up to tolerance (Abreu and Sannikov 2014)",
    "outer": "outer approximation (Judd, Yeltekin and Conklin 2003)",
}


# --------------------------------------------------------------------------- result
@dataclass(frozen=True, eq=False)
class PayoffSet(SolverResult):
    """A set of subgame-perfect payoffs of a repeated two-player game, and how it was found.

    Attributes
    ----------
    vertices
        ``(k, 2)`` vertices of the convex set, counter-clockwise from the lowest-left one
        (one vertex for a point, two for a segment, ``(0, 2)`` for the empty set).
    method
        ``"abreu_sannikov"`` or ``"outer"`` (see :data:`PAYOFF_SET_METHODS`).
    exact
        True when the set is the equilibrium set up to ``tol`` (Abreu and Sannikov);
        False for an outer approximation, which contains the set and may be larger.
    tol
        The stopping tolerance: the iteration stopped when one step moved the set (and,
        for Abreu and Sannikov, the punishments) by at most ``tol`` times the payoff
        scale ``max(1, max |u|)``.
    iterations
        How many times the set operator was applied.
    discount
        The (effective) discount factor used.
    punishments
        Each player's lowest payoff in the set: the harshest credible punishment, with
        which a deviator is threatened (the threat point of Abreu and Sannikov).
    minmax
        Each player's pure-action minmax value, a lower bound on ``punishments`` and the
        threat point the Abreu-Sannikov iteration starts from.
    players
        The stage game's two players.
    profiles
        Abreu-Sannikov results: for each vertex, the stage profile (strategy names) played
        first in an equilibrium that pays it; ``None`` for outer approximations.
    continuations
        Abreu-Sannikov results: for each vertex, the continuation payoff ``w`` (a point
        of the set) promised after that profile, so that the vertex is
        ``(1 - delta) g(a) + delta w`` and no player gains by deviating when deviations
        are punished with ``punishments``; ``None`` for outer approximations.
    directions
        The number of evenly spaced normals of an outer approximation (``None`` for
        Abreu-Sannikov).

    Examples
    --------
    >>> import triangle as tri
    >>> pd = tri.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    >>> exact = abreu_sannikov(pd, 0.9)
    >>> exact.vertices.round(6)
    array([[3.  , 3.  ],
           [9.75, 3.  ],
           [9.  , 9.  ],
           [3.  , 9.75]])
    >>> exact.kind, exact.punishments
    ('exact up to tolerance', array([3., 3.]))
    >>> exact.profiles[2]
    ('s1', 's1')
    >>> round(exact.distance_to(outer_payoff_set(pd, 0.9)), 9)
    0.0
    """

    vertices: np.ndarray
    method: str
    exact: bool
    tol: float
    iterations: int
    discount: float
    punishments: np.ndarray
    minmax: np.ndarray
    players: tuple[str, ...]
    profiles: tuple[tuple[str, ...], ...] | None = None
    continuations: np.ndarray | None = None
    directions: int | None = None
    # when it was computed, for its provenance (SolverResult.provenance)
    _created: float = field(default_factory=time.time, repr=False, compare=False)

    @property
    def kind(self) -> str:
        """``"exact up to tolerance"`` or ``"outer approximation"``."""
        return "exact up to tolerance" if self.exact else "outer approximation"

    @property
    def is_empty(self) -> bool:
        """True when no pure-strategy subgame-perfect equilibrium exists."""
        return len(self.vertices) == 0

    def contains(self, point: Sequence[float], tol: float = 1e-7) -> bool:
        """Whether ``point`` (a payoff pair) lies in the set, within distance ``tol``.

        >>> import triangle as tri
        >>> pd = tri.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
        >>> s = abreu_sannikov(pd, 0.9)
        >>> s.contains((6, 6)), s.contains((9.5, 9.5))
        (True, False)
        """
        p = np.asarray(point, dtype=float).reshape(1, 2)
        return bool(_distances(p, self.vertices, 0.0)[0] <= check_tolerance(tol))

    def distance_to(self, other: ConvexSetLike) -> float:
        """Hausdorff distance to another convex payoff set.

        ``other`` is a :class:`PayoffSet`, any object with a ``vertices`` attribute (such
        as :class:`~triangle.solvers.repeated_payoff_sets.PayoffSetApproximation`), or an
        array of points whose convex hull is meant. The largest distance from a point of
        one set to the other set: 0 for equal sets, ``inf`` when exactly one is empty.
        Between an exact set and an outer approximation of it, it measures how much the
        approximation adds.

        >>> import triangle as tri
        >>> g = tri.NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
        >>> abreu_sannikov(g, 0.01).distance_to([[1, 2], [2, 1], [1, 1]])
        0.7071067811865476
        """
        theirs = np.asarray(getattr(other, "vertices", other), dtype=float)
        if theirs.ndim != 2 or theirs.shape[1] != 2:
            raise InvalidArgumentError(
                f"distance_to expects a PayoffSet or points of shape (k, 2); got an array of "
                f"shape {theirs.shape}."
            )
        if not np.isfinite(theirs).all():
            raise InvalidArgumentError("distance_to expects finite points; got inf or nan.")
        if len(theirs):
            theirs = _hull(theirs, 0.0)
        return _hausdorff(self.vertices, theirs)

    def __repr__(self) -> str:
        where = f"{len(self.vertices)} vertices" if len(self.vertices) else "empty"
        return (
            f"<PayoffSet {self.method} ({self.kind}), {where}, discount={self.discount:g}, "
            f"punishments={_fmt_pair(self.punishments)}, iterations={self.iterations}>"
        )

    def _repr_html_(self) -> str:
        esc = html.escape
        head = (
            f"<p><b>Subgame-perfect payoff set</b>: {esc(self.method)} ({esc(self.kind)}, "
            f"tol {self.tol:g}), discount {self.discount:g}, {self.iterations} iterations; "
            f"punishments {esc(_fmt_pair(self.punishments))} (pure minmax "
            f"{esc(_fmt_pair(self.minmax))}).</p>"
        )
        if self.is_empty:
            return head + "<p>Empty: no pure-strategy subgame-perfect equilibrium.</p>"
        cols = [esc(p) for p in self.players]
        extra = self.profiles is not None
        rows = [
            "<tr><th>vertex</th>"
            + "".join(f"<th>{c}</th>" for c in cols)
            + ("<th>first profile</th><th>continuation</th>" if extra else "")
            + "</tr>"
        ]
        for k, v in enumerate(self.vertices):
            cells = f"<td>{k}</td><td>{v[0]:.6g}</td><td>{v[1]:.6g}</td>"
            if extra:
                assert self.profiles is not None and self.continuations is not None
                cells += (
                    f"<td>{esc(', '.join(self.profiles[k]))}</td>"
                    f"<td>{esc(_fmt_pair(self.continuations[k]))}</td>"
                )
            rows.append(f"<tr>{cells}</tr>")
        return head + _svg(self.vertices) + "<table>" + "".join(rows) + "</table>"


    def to_latex(self, caption: str | None = None, label: str | None = None) -> str:
        r"""The vertices as a booktabs table, the provenance in ``%`` lines above it.

        One row per vertex (counter-clockwise): each player's payoff and, for an
        Abreu-Sannikov set, the stage profile played first and the continuation payoff
        promised after it. The method, tolerance, discount, iterations and punishments
        go in the caption; an empty set gives a table without rows and says so.

        >>> import triangle as tri
        >>> pd = tri.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
        >>> print(abreu_sannikov(pd, 0.9).to_latex(label="tab:pd"))  # doctest: +ELLIPSIS
        % provenance: triangle ...; no factor values (a game given as numbers); ...
        \begin{table}[ht]
        \centering
        \caption{Subgame-perfect payoff set: abreu\_sannikov (exact up to tolerance, ...}
        \label{tab:pd}
        \begin{tabular}{rrrll}
        \toprule
        vertex & Player 1 & Player 2 & first profile & continuation \\
        \midrule
        0 & 3 & 3 & s2, s2 & (3, 3) \\
        1 & 9.75 & 3 & s2, s1 & (9.72222, 3.22222) \\
        ...
        \bottomrule
        \end{tabular}
        \end{table}
        """
        extra = self.profiles is not None and self.continuations is not None
        headers = ["vertex", *self.players]
        if extra:
            headers += ["first profile", "continuation"]
        rows: list[list[Any]] = []
        for k, v in enumerate(self.vertices):
            row: list[Any] = [k, f"{v[0]:.6g}", f"{v[1]:.6g}"]
            if extra:
                assert self.profiles is not None and self.continuations is not None
                row += [", ".join(self.profiles[k]), _fmt_pair(self.continuations[k])]
            rows.append(row)
        if caption is None:
            caption = (f"Subgame-perfect payoff set: {self.method} ({self.kind}, tol "
                       f"{self.tol:g}), discount {self.discount:g}, {self.iterations} "
                       "iterations, " + ("empty: no pure-strategy subgame-perfect equilibrium"
                                         if self.is_empty else
                                         f"punishments {_fmt_pair(self.punishments)}"))
        return self._booktabs(headers, rows, caption, label,
                              align="rrr" + "ll" * extra)


def _fmt_pair(v: np.ndarray) -> str:
    return "(" + ", ".join(f"{x:.6g}" for x in v) + ")"


def _svg(vertices: np.ndarray, size: int = 160) -> str:
    """A small SVG drawing of the polygon (player 1 right, player 2 up)."""
    lo, hi = vertices.min(axis=0), vertices.max(axis=0)
    span = max(float((hi - lo).max()), 1e-12)
    pad = 10
    xy = (vertices - lo) / span * (size - 2 * pad)
    pts = " ".join(f"{pad + x:.1f},{size - pad - y:.1f}" for x, y in xy)
    return (
        f'<svg width="{size}" height="{size}" xmlns="http://www.w3.org/2000/svg">'
        f'<polygon points="{pts}" fill="#cde" stroke="#246" stroke-width="1.5"/></svg>'
    )


# --------------------------------------------------------------------------- geometry
def _hull(points: np.ndarray, grid: float) -> np.ndarray:
    """Convex hull, counter-clockwise from the lowest-left point.

    Andrew's monotone chain on the points rounded to multiples of ``grid`` (or on the
    raw floats if ``grid`` is 0), in exact integer arithmetic: a chain run on floats
    can sort two almost equal abscissas one way and judge the turn between them the
    other way, and then drop a vertex. Points within ``grid`` of each other are one
    point; collinear points are dropped. It also copes with the degenerate sets met
    here (one point, a segment), which Qhull refuses. The vertices returned are input
    points (one per grid cell), so round payoffs stay exact.
    """
    if len(points) == 0:
        return points.reshape(0, 2)
    keys: list[tuple[int, int]] | list[tuple[Fraction, Fraction]]
    if grid > 0:
        cells = np.round(points / grid).astype(np.int64)
        order = np.lexsort((cells[:, 1], cells[:, 0]))  # by x, then y
        cells = cells[order]
        fresh = np.concatenate(([True], (cells[1:] != cells[:-1]).any(axis=1)))
        first = order[fresh]
        keys = [(x, y) for x, y in cells[fresh].tolist()]
    else:  # exact on the floats themselves (each float is a fraction)
        cells, first = np.unique(points, axis=0, return_index=True)
        keys = [(Fraction(x), Fraction(y)) for x, y in cells.tolist()]
    if len(keys) == 1:
        return points[first[:1]]

    def chain(seq: list[int]) -> list[int]:
        out: list[int] = []
        for k in seq:
            px, py = keys[k]
            while len(out) >= 2:
                (ax, ay), (bx, by) = keys[out[-2]], keys[out[-1]]
                if (bx - ax) * (py - ay) - (by - ay) * (px - ax) > 0:
                    break
                out.pop()
            out.append(k)
        return out

    idx = list(range(len(keys)))
    lower, upper = chain(idx), chain(idx[::-1])
    ring = lower[:-1] + upper[:-1]
    return points[first[ring]]


def _simplify(ring: np.ndarray, eps: float) -> np.ndarray:
    """Drop vertices of a convex ring that lie within ``eps`` of their neighbours' chord."""
    kept = list(ring)
    changed = True
    while changed and len(kept) > 2:
        changed = False
        for k in range(len(kept)):
            a, b, c = kept[k - 1], kept[k], kept[(k + 1) % len(kept)]
            if _distances(b[None, :], np.array([a, c]), 0.0)[0] <= eps:
                del kept[k]
                changed = True
                break
    if len(kept) == 2 and np.abs(kept[0] - kept[1]).max() <= eps:
        kept = kept[:1]
    return np.array(kept).reshape(-1, 2)


def _merge(vertices: np.ndarray, tol: float) -> np.ndarray:
    """Merge consecutive vertices closer than ``tol`` and re-take the hull."""
    if len(vertices) <= 1:
        return vertices
    keep: list[np.ndarray] = []
    for v in vertices:
        if not any(np.abs(v - q).max() <= tol for q in keep):
            keep.append(v)
    return _simplify(_hull(np.array(keep), tol), tol)


def _distances(points: np.ndarray, poly: np.ndarray, eps: float) -> np.ndarray:
    """Euclidean distance from each of ``points`` (n, 2) to the convex polygon ``poly``.

    ``poly`` is counter-clockwise (or one point, or a segment); 0 inside. ``inf`` for an
    empty polygon.
    """
    if len(poly) == 0:
        return np.full(len(points), np.inf)
    px, py = poly[:, 0], poly[:, 1]
    ex = np.concatenate((px[1:], px[:1])) - px  # edges, the last one closing the ring
    ey = np.concatenate((py[1:], py[:1])) - py
    rx = points[:, :1] - px  # (n, k): from each vertex to each point
    ry = points[:, 1:] - py
    length2 = ex * ex + ey * ey
    safe = np.where(length2 > 0, length2, 1.0)
    t = np.minimum(np.maximum((rx * ex + ry * ey) / safe, 0.0), 1.0)
    gx, gy = rx - t * ex, ry - t * ey
    dist = np.sqrt((gx * gx + gy * gy).min(axis=1))
    if len(poly) >= 3:
        cross = ex * ry - ey * rx
        inside = (cross >= -eps * np.sqrt(length2)).all(axis=1)
        dist = np.where(inside, 0.0, dist)
    return dist


def _hausdorff(a: np.ndarray, b: np.ndarray) -> float:
    """Hausdorff distance between two convex polygons given by their vertices.

    The distance to a convex set is a convex function, so its largest value over a
    polygon is reached at a vertex: comparing vertices with the other polygon suffices.
    """
    if len(a) == 0 or len(b) == 0:
        return 0.0 if len(a) == len(b) else float("inf")
    return float(max(_distances(a, b, 0.0).max(), _distances(b, a, 0.0).max()))


def _chords(
    poly: np.ndarray, c: np.ndarray, axis: int, eps: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where the lines ``x_axis = c_j`` cross the convex polygon ``poly``, for every ``j``.

    Returns ``(low, high, hit)``: the range of the *other* coordinate over the polygon's
    points on each line (a segment, as the polygon is convex), and whether the line
    meets the polygon at all (within ``eps``).
    """
    other = 1 - axis
    p = poly
    q = np.concatenate((poly[1:], poly[:1]))
    px, qx = p[:, axis], q[:, axis]
    py, qy = p[:, other], q[:, other]
    cc = c[:, None]
    dx = qx - px
    slanted = np.abs(dx) > eps
    spans = slanted & (cc >= np.minimum(px, qx) - eps) & (cc <= np.maximum(px, qx) + eps)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.minimum(np.maximum((cc - px) / np.where(slanted, dx, 1.0), 0.0), 1.0)
    y_edge = py + t * (qy - py)
    on_vertex = np.abs(cc - px) <= eps  # vertices on the line (vertical edges, one point)
    low = np.minimum(
        np.where(spans, y_edge, np.inf).min(axis=1), np.where(on_vertex, py, np.inf).min(axis=1)
    )
    high = np.maximum(
        np.where(spans, y_edge, -np.inf).max(axis=1),
        np.where(on_vertex, py, -np.inf).max(axis=1),
    )
    return low, high, np.isfinite(low)


# --------------------------------------------------------------------------- the stage game
def _stage(game: NormalFormGame) -> tuple[np.ndarray, np.ndarray, list[tuple[int, int]]]:
    """Pure payoffs ``g`` (P, 2), deviation gains (P, 2), and the profiles (row, column)."""
    from triangle.games.normal_form import NormalFormGame

    if not isinstance(game, NormalFormGame):
        raise InvalidArgumentError(
            f"expected a NormalFormGame (the stage game); got {type(game).__name__}. Build one "
            f"with triangle.NormalFormGame.from_bimatrix(A, B)."
        )
    if game.n_players != 2:
        raise UnsupportedGameError(
            f"the subgame-perfect payoff set is computed for two-player stage games; this one "
            f"has {game.n_players} players. Use "
            f"triangle.solvers.repeated_payoff_sets.individually_rational_payoffs for N players."
        )
    if game.is_symbolic:
        raise SymbolicGameError(
            f"payoff sets need numeric payoffs, but this game depends on the factors "
            f"{', '.join(game.factors)}; substitute values first with game.subs({{...}})."
        )
    u = np.asarray(game.payoffs, dtype=float)  # (2, m1, m2)
    m1, m2 = game.shape
    profiles = [(r, c) for r in range(m1) for c in range(m2)]
    g = u.reshape(2, -1).T.copy()
    # each player's best payoff against the other's action, at every profile
    best0 = np.broadcast_to(u[0].max(axis=0), (m1, m2))
    best1 = np.broadcast_to(u[1].max(axis=1)[:, None], (m1, m2))
    best = np.stack([best0, best1]).reshape(2, -1).T
    return g, best - g, profiles


def _pure_minmax(game: NormalFormGame) -> np.ndarray:
    """Each player's pure minmax: the other picks the action whose best reply pays least."""
    u = np.asarray(game.payoffs, dtype=float)
    return np.array([u[0].max(axis=0).min(), u[1].max(axis=1).min()])


def _check_discount(discount: Any) -> float:
    """The discount as a float in ``[0, 1)``: the repeated-game check of the package
    (``probability_like``), raised as an argument error (the game here is the stage game)."""
    try:
        return float(probability_like(discount, "discount factor", upper_open=True, numeric=True))
    except InvalidGameError as error:
        hint = "For a RepeatedGame use its effective_discount."
        raise InvalidArgumentError(f"{error} {hint}") from None


def _check_stopping_tol(tol: float) -> float:
    """``tol`` as the positive distance at which an iteration stops (0 would never stop in
    floating point: the iteration would run to ``max_iter`` and fail)."""
    value = check_tolerance(tol)
    if value == 0:
        raise InvalidArgumentError(
            "tol is the distance between successive sets at which the iteration stops; it "
            "must be > 0 (floating point never reaches 0). Use a small number such as 1e-9."
        )
    return value


def _check_max_iter(max_iter: Any) -> int:
    if isinstance(max_iter, bool) or not isinstance(max_iter, numbers.Integral) or max_iter < 1:
        raise InvalidArgumentError(f"max_iter must be an integer >= 1; got {max_iter!r}.")
    return int(max_iter)


# --------------------------------------------------------------------------- Abreu-Sannikov
def _generate(
    poly: np.ndarray, g: np.ndarray, ic: np.ndarray, delta: float, eps: float
) -> np.ndarray:
    """The candidate extreme points of ``B(poly)``, all profiles at once (the operator R).

    For profile ``a`` with incentive thresholds ``ic[a]`` on the continuation (player i
    does not deviate iff ``w_i >= ic[a, i]``): its own payoff ``g[a]`` if that is
    enforceable by itself (``g[a] >= ic[a]`` and ``g[a]`` in ``poly``); otherwise
    ``(1 - delta) g[a] + delta w`` for the at most four extreme points ``w`` of
    ``poly`` intersected with ``{w >= ic[a]}`` that lie on the two incentive lines.
    """
    stationary = (g >= ic - eps).all(axis=1) & (_distances(g, poly, eps) <= eps)
    found = [g[stationary]]
    rest = ~stationary
    if rest.any():
        gr, cr = g[rest], ic[rest]
        for axis in (0, 1):
            other = 1 - axis
            low, high, hit = _chords(poly, cr[:, axis], axis, eps)
            low = np.maximum(low, cr[:, other])  # the part of the chord with w_other >= ic
            ok = hit & (high >= low - eps)
            for end in (low, high):
                w = np.empty((int(ok.sum()), 2))
                w[:, axis] = cr[ok, axis]
                w[:, other] = np.maximum(end[ok], low[ok])
                found.append((1 - delta) * gr[ok] + delta * w)
    return np.concatenate(found)


def abreu_sannikov(
    game: NormalFormGame, discount: float, tol: float = 1e-10, max_iter: int = 5000
) -> PayoffSet:
    """The exact set of pure-strategy subgame-perfect payoffs of a repeated two-player game.

    Perfect monitoring, a public randomisation device each period (so the set is
    convex), common discount factor ``discount`` and pure stage actions (mixed actions
    cannot be observed, so they are left out, as in Abreu and Sannikov 2014 and
    QuantEcon). The algorithm of Abreu and Sannikov (2014):

    1. Start from the feasible set ``W`` (the convex hull of the stage payoffs) and the
       threat point ``p``: each player's pure minmax value, a lower bound on the worst
       equilibrium payoff.
    2. For every pure profile ``a``, player i does not deviate iff the continuation ``w``
       has ``w_i >= p_i + (1 - delta) / delta * (d_i(a) - g_i(a))`` (``d_i(a)``: the best
       deviation payoff). Profile ``a`` contributes its own payoff ``g(a)`` if that is
       enforceable with itself as continuation, and otherwise ``(1 - delta) g(a) + delta
       w`` for the at most four points ``w`` where the boundary of ``W`` crosses the two
       incentive lines inside the incentive-compatible quadrant.
    3. ``W`` becomes the convex hull of those points, and ``p`` rises to each player's
       lowest payoff in it. Stop when a step moves ``W`` (in Hausdorff distance) and ``p``
       by at most ``tol`` times the payoff scale ``max(1, max |g|)``.

    Each extreme point of the equilibrium set is made in this way (Abreu and Sannikov's
    theorem), so the iteration converges to the set itself, which has at most ``3 |A|``
    extreme points. Every vertex returned is then checked independently (the check of
    Abreu, Pearce and Stacchetti): it is ``(1 - delta) g(a) + delta w`` for a profile
    ``a`` and a continuation ``w`` in the set from which no player gains by deviating
    when punished with their lowest payoff in the set; :class:`~triangle.errors.
    SolverError` if a vertex fails, or if the iteration has not converged after
    ``max_iter`` steps.

    Parameters
    ----------
    game
        A numeric two-player :class:`~triangle.NormalFormGame` (the stage game).
    discount
        The discount factor, in ``[0, 1)`` (for a :class:`~triangle.RepeatedGame`, its
        ``effective_discount``).
    tol
        Stopping tolerance, relative to the payoff scale.
    max_iter
        The most iterations allowed.

    Returns
    -------
    PayoffSet
        ``exact=True``, ``method="abreu_sannikov"``; empty when no pure-strategy
        subgame-perfect equilibrium exists.

    Examples
    --------
    The example of Abreu and Sannikov (2014, Section 6):

    >>> import triangle as tri
    >>> g = tri.NormalFormGame.from_bimatrix(
    ...     [[16, 3, 0], [21, 10, -1], [9, 5, -5]], [[9, 13, 3], [1, 4, 0], [0, -4, -15]])
    >>> s = abreu_sannikov(g, 0.3)
    >>> s.vertices.round(4)
    array([[ 1.1257,  2.8   ],
           [ 7.3377,  0.    ],
           [ 7.8631,  0.    ],
           [19.7918,  2.8   ],
           [15.5631,  9.1   ],
           [ 7.3377, 10.9826]])
    >>> s.punishments.round(4), s.profiles[0]
    (array([1.1257, 0.    ]), ('s2', 's3'))
    """
    g, gain, profiles = _stage(game)
    delta = _check_discount(discount)
    tol = _check_stopping_tol(tol)
    max_iter = _check_max_iter(max_iter)
    _cite("abreu2014", "abreu1990")
    scale = max(1.0, float(np.abs(g).max()))
    eps = 1e-12 * scale
    minmax = _pure_minmax(game)
    names = game.strategies

    if delta == 0:
        # no future: the equilibria are lotteries over the pure stage equilibria
        poly = _hull(g[(gain <= eps).all(axis=1)], eps)
        iterations = 0
    else:
        poly = _hull(g, eps)
        threat = np.maximum(minmax, poly.min(axis=0))
        iterations, step = 0, np.inf
        while True:
            if iterations >= max_iter:
                raise SolverError(
                    f"the Abreu-Sannikov iteration did not converge in {max_iter} iterations "
                    f"(last step moved the set by {step:.3g}, tol {tol:g}); raise max_iter "
                    f"or tol."
                )
            iterations += 1
            ic = threat + (1 - delta) / delta * gain
            points = _generate(poly, g, ic, delta, eps)
            if len(points) == 0:  # no profile is enforceable: no pure equilibrium
                poly = points.reshape(0, 2)
                break
            new = _hull(points, eps)
            new_threat = np.maximum(threat, new.min(axis=0))
            # matching vertices move at least as far as the set does (a cheap bound)
            if new.shape == poly.shape:
                moved = float(np.sqrt(((new - poly) ** 2).sum(axis=1)).max())
            else:
                moved = _hausdorff(new, poly)
            step = max(moved, float(np.abs(new_threat - threat).max()))
            poly, threat = new, new_threat
            if step <= tol * scale:
                break
    # the last step moved the set by at most tol: vertices closer than that are one
    merge = max(1e-9, 1e3 * tol) * scale
    vertices = _merge(poly, merge) if len(poly) else poly
    punish = vertices.min(axis=0) if len(vertices) else np.full(2, np.nan)
    support = _generators(vertices, g, gain, delta, punish, merge)
    return PayoffSet(
        vertices=vertices,
        method="abreu_sannikov",
        exact=True,
        tol=tol,
        iterations=iterations,
        discount=delta,
        punishments=punish,
        minmax=minmax,
        players=tuple(game.players),
        profiles=tuple((names[0][profiles[a][0]], names[1][profiles[a][1]]) for a, _ in support),
        continuations=np.array([w for _, w in support]).reshape(-1, 2),
    )


def _generators(
    vertices: np.ndarray,
    g: np.ndarray,
    gain: np.ndarray,
    delta: float,
    punish: np.ndarray,
    merge: float,
) -> list[tuple[int, np.ndarray]]:
    """For each vertex, a profile and continuation that generate it, or raise.

    The independent check of the result: a set all of whose extreme points are
    generated by the set itself is a set of equilibrium payoffs (self-generation,
    Abreu, Pearce and Stacchetti 1990). Among the profiles that generate a vertex, the
    one with the most slack is reported. ``merge`` bounds how far the vertices were
    moved after the last step (which itself moved the set by less than that).
    """
    # the vertices are generated by the previous iterate, within ``merge`` of them;
    # solving v = (1 - delta) g + delta w for w divides that error by delta
    slack_tol = 10 * merge / max(delta, 1e-3)
    n_v, n_p = len(vertices), len(g)
    if n_v == 0:
        return []
    if delta == 0:  # a stage equilibrium's payoff, played once and for all
        w_all = np.broadcast_to(g, (n_v, n_p, 2))
        ok = (gain <= slack_tol).all(axis=1) & (
            np.abs(g[None, :, :] - vertices[:, None, :]).max(axis=2) <= slack_tol
        )
        margin = np.where(ok, 0.0, -np.inf)
    else:
        # (V, P, 2): the continuation each profile needs to pay each vertex
        w_all = (vertices[:, None, :] - (1 - delta) * g[None, :, :]) / delta
        # player i's incentive: delta * (w_i - p_i) >= (1 - delta) * gain_i
        incentive = (delta * (w_all - punish) - (1 - delta) * gain).min(axis=2)
        outside = _distances(w_all.reshape(-1, 2), vertices, 0.0).reshape(n_v, n_p)
        ok = (incentive >= -slack_tol) & (outside <= slack_tol)
        margin = np.where(ok, incentive - outside, -np.inf)
    missing = np.flatnonzero(~ok.any(axis=1))
    if len(missing):
        k = int(missing[0])
        raise SolverError(
            f"vertex {k} {_fmt_pair(vertices[k])} of the computed set is not generated by the "
            f"set (the Abreu-Pearce-Stacchetti check failed): a numerical failure; please "
            f"report it with the game. A smaller tol may help."
        )
    best = margin.argmax(axis=1)
    return [(int(a), w_all[k, a].copy()) for k, a in enumerate(best)]


# --------------------------------------------------------------------------- outer, same type
def outer_payoff_set(
    game: NormalFormGame,
    discount: float,
    directions: int = 64,
    tol: float = 1e-9,
    max_iter: int = 5000,
) -> PayoffSet:
    """The outer approximation of Judd, Yeltekin and Conklin (2003), as a :class:`PayoffSet`.

    See :func:`triangle.solvers.repeated_payoff_sets.outer_approximation`: a polygon
    with ``directions`` fixed normals (plus the axes and the feasible set's edges) that
    contains the equilibrium set; ``exact=False``. Raises
    :class:`~triangle.errors.SolverError` if it has not converged in ``max_iter``
    iterations.

    >>> import triangle as tri
    >>> g = tri.NormalFormGame.from_bimatrix(
    ...     [[16, 3, 0], [21, 10, -1], [9, 5, -5]], [[9, 13, 3], [1, 4, 0], [0, -4, -15]])
    >>> outer = outer_payoff_set(g, 0.3)
    >>> outer.kind, len(outer.vertices) > len(abreu_sannikov(g, 0.3).vertices)
    ('outer approximation', True)
    >>> round(outer.distance_to(abreu_sannikov(g, 0.3)), 3)
    0.29
    """
    from triangle.solvers.repeated_payoff_sets import outer_approximation

    _stage(game)
    delta = _check_discount(discount)
    tol = _check_stopping_tol(tol)
    max_iter = _check_max_iter(max_iter)
    _cite("judd2003")
    result = outer_approximation(game, delta, directions, tol, max_iter)
    if not result.converged:
        raise SolverError(
            f"the outer approximation did not converge in {max_iter} iterations (it converges "
            f"at the rate of the discount factor); raise max_iter or tol."
        )
    return PayoffSet(
        vertices=result.vertices,
        method="outer",
        exact=False,
        tol=tol,
        iterations=result.iterations,
        discount=delta,
        punishments=result.worst,
        minmax=_pure_minmax(game),
        players=tuple(game.players),
        directions=int(directions),
    )


def payoff_set(
    game: NormalFormGame, discount: float, method: str = "abreu_sannikov", **options: Any
) -> PayoffSet:
    """Dispatch to :func:`abreu_sannikov` or :func:`outer_payoff_set` by ``method`` name.

    >>> import triangle as tri
    >>> pd = tri.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    >>> payoff_set(pd, 0.9, method="outer").exact
    False
    """
    check_text(method, "method")
    if method == "abreu_sannikov":
        return abreu_sannikov(game, discount, **options)
    if method == "outer":
        return outer_payoff_set(game, discount, **options)
    raise unknown_name("payoff-set method", method, PAYOFF_SET_METHODS)
