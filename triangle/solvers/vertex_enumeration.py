"""Every extreme Nash equilibrium of a two-player game, by vertex enumeration.

The vertices of each player's best-response polytope are enumerated over all their
possible bases at once (numpy, no Python loop over bases), labelled by their tight
constraints, and paired when their labels cover every pure strategy of both players.
Degenerate games are handled: the extreme equilibria are complete, and the connected
components of equilibria are reported.

References: ``avis2010``, ``vonstengel2007``.
"""

from __future__ import annotations

import contextlib
import itertools
import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import numpy as np

from triangle.citations import register
from triangle.errors import SolverError
from triangle.games.normal_form import NormalFormGame
from triangle.games.results import Equilibria
from triangle.games.scale import unit_payoffs
from triangle.progress import Progress
from triangle.solvers import _two_player_results as results
from triangle.solvers.lexicographic_search import (
    MAX_SECONDS,
    lexicographic_search,
)
from triangle.solvers.verify import verified

__all__ = ["vertex_enumeration"]

#: The largest number of bases, binom(m + n, m), examined in floating point (8 x 8 games
#: have 12870); exact mode stops at EXACT_MAX_BASES. Larger games are handed to
#: lexicographic search, faster there (measured: benchmarks/README.md, "Larger games").
MAX_BASES = 20_000
EXACT_MAX_BASES = 2_000
#: Payoff ties within this fraction of the payoff scale count as best responses (floats).
_PAYOFF_RTOL = 1e-10
#: A probability within this of zero counts as zero (its label is tight; floats).
_PROB_ATOL = 1e-12
#: Rounding error of Cramer's rule relative to the trivial bound k! * scale**(k - 1) on
#: the cofactor sums (a generous multiple of the unit roundoff). A basis whose relative
#: error reaches 1 is numerically singular and skipped.
_EPS = np.finfo(float).eps
_ROUNDING = 1e3 * _EPS
_TINY = np.finfo(float).tiny
#: Bases whose system has a larger condition number are numerically singular (payoffs
#: are on [0, 1], so rounding moves their solutions by more than about 1e-6).
_MAX_CONDITION = 1e10


def vertex_enumeration(
    game: NormalFormGame,
    exact: bool = False,
    tol: float = 1e-9,
    *,
    progress: Progress = None,
    max_seconds: float | None = MAX_SECONDS,
) -> Equilibria:
    """Every extreme Nash equilibrium of a two-player game, degenerate games included.

    Algorithm: vertex enumeration of the best-response polytopes (von Stengel,
    "Equilibrium computation for two-player games in strategic and extensive form",
    chapter 3 of *Algorithmic Game Theory*, 2007; for degenerate games,
    Avis, Rosenberg, Savani and von Stengel, "Enumeration of Nash equilibria for
    two-player games", *Economic Theory* 42, 2010). With ``A`` the row player's and
    ``B`` the column player's ``m x n`` payoff matrices:

    1. A mixed strategy ``x`` of the row player is a vertex of its best-response
       polyhedron ``{(x, v): x >= 0, sum(x) = 1, B^T x <= v}`` (equivalently, after
       shifting payoffs to be positive, a vertex of ``P = {x >= 0 : B^T x <= 1}``) when
       ``m`` of its ``m + n`` constraints are tight and independent. Each vertex has a
       basis: a support ``S`` and a set ``R`` of ``|S|`` best-response columns with
       ``B[S, R]^T x_S = v 1`` and ``sum(x_S) = 1`` non-singular.
    2. Enumerate every pair ``(S, R)`` of equal size at once. By Cramer's rule
       ``x_s`` is proportional to ``N_s = sum_t (-1)^(p(s)+t) det B[S - s, R - r_t]``,
       so all minors of ``B`` are built once by Laplace expansion (size by size, with
       numpy gathers) and every candidate is a gather and a sum. The minors of an
       integer game are exact in floating point, so ties are found exactly there.
    3. Keep the feasible candidates (``x >= 0``, every column of ``R`` a best response
       to ``x``) and label each by its tight constraints: the strategies it does not
       play and the columns that are best responses to it. A vertex reached from
       several bases (a degenerate vertex) is kept once: the labels identify it.
    4. Do the same for the column player with ``A^T``.
    5. A pair of vertices ``(x, y)`` is a Nash equilibrium exactly when every pure
       strategy of either player is unplayed or a best response (complete labels); all
       pairs are tested at once with a boolean matrix product.
    6. Normalise, order the equilibria lexicographically (largest probability of the
       first strategies first), check each independently, and report degeneracy (a
       vertex with more than ``m``, or ``n``, tight labels: a mixed strategy with more
       pure best responses than its support size) and the connected components of the
       bipartite graph whose edges are the extreme equilibria.

    Every vertex has a non-singular basis, so the enumeration is complete: every
    extreme equilibrium is found. The number of bases is ``binom(m + n, m)``, so
    games with more than ``MAX_BASES`` of them (``EXACT_MAX_BASES`` in exact mode) are
    handed to :func:`~triangle.solvers.lexicographic_search.lexicographic_search`,
    whose cost follows the number of vertices (it reads floats as their decimals,
    without the tie tolerance below).

    Parameters
    ----------
    game
        A two-player numeric game.
    exact
        Compute in exact rational arithmetic (integer minors of the payoffs scaled to
        integers) and return probabilities as :class:`fractions.Fraction`.
    tol
        The regret allowed by the independent check, relative to each player's payoff
        range (floats; exact results are checked exactly). In floating point the
        payoffs are first mapped onto [0, 1] per player (small half-integer payoffs stay
        as they are); payoffs within ``min(1e-10 * scale, tol / 2)`` of the best (but no
        less than their rounding error) count as best responses (``scale`` = largest
        payoff after removing each strategy's median), and probabilities within
        ``1e-12`` of zero are reported as exactly zero, consistently with their labels;
        nothing else is adjusted.
    progress, max_seconds
        Passed to :func:`~triangle.solvers.lexicographic_search.lexicographic_search`
        when the game has too many bases for this scan (the scan itself is bounded by
        ``MAX_BASES``).

    Returns
    -------
    Equilibria
        The extreme equilibria, with ``degenerate``, ``components`` (tuples of indices
        into the list; every convex combination within a biclique of a component is an
        equilibrium too) and ``notes``.

    Examples
    --------
    Battle of the sexes has two pure equilibria and one mixed:

    >>> import triangle as tri
    >>> from triangle.solvers.vertex_enumeration import vertex_enumeration
    >>> bos = tri.NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> vertex_enumeration(bos, exact=True)
    Equilibria([Equilibrium(Player 1: s1; Player 2: s1; payoffs 2, 1),
     Equilibrium(Player 1: 2/3 s1 + 1/3 s2; Player 2: 1/3 s1 + 2/3 s2; payoffs 2/3, 2/3),
     Equilibrium(Player 1: s2; Player 2: s2; payoffs 1, 2)])

    A degenerate game: against the first row the column player is indifferent, and the
    row player keeps that row while the column player mixes up to 1/3 on the second
    column; a continuum with two extreme points, and an isolated equilibrium:

    >>> g = tri.NormalFormGame.from_bimatrix([[3, 3], [2, 5], [0, 6]],
    ...                                      [[3, 3], [2, 6], [3, 1]])
    >>> eqs = vertex_enumeration(g, exact=True)
    >>> eqs
    Equilibria([Equilibrium(Player 1: s1; Player 2: s1; payoffs 3, 3),
     Equilibrium(Player 1: s1; Player 2: 2/3 s1 + 1/3 s2; payoffs 3, 3),
     Equilibrium(Player 1: 1/3 s2 + 2/3 s3; Player 2: 1/3 s1 + 2/3 s2; payoffs 4, 8/3)],
     degenerate)
    >>> eqs.components
    ((0, 1), (2,))
    """
    tol, _, _ = results.check_entry(game, "vertex enumeration", exact, tol, progress, max_seconds)
    register("avis2010", "vonstengel2007")
    m, n = game.shape
    if math.comb(m + n, m) > (EXACT_MAX_BASES if exact else MAX_BASES):
        return lexicographic_search(
            game, exact=exact, tol=tol, progress=progress, max_seconds=max_seconds
        )
    if exact:
        a, b = _integer_matrix(game.exact_payoffs[0]), _integer_matrix(game.exact_payoffs[1])
        xs = _exact_vertices(b, _tables(m, n))
        ys = _exact_vertices(a.T, _tables(n, m))
    else:
        a, b = _working_payoffs(np.asarray(game.payoffs, dtype=float))
        xs = _float_vertices(b, tol)
        ys = _float_vertices(a.T, tol)
    # Global labels: row strategies 0..m-1, then column strategies m..m+n-1.
    x_labels = np.hstack([xs.unplayed, xs.best])  # x_i = 0, or column j a best response
    y_labels = np.hstack([ys.best, ys.unplayed])  # row i a best response, or y_j = 0
    missing = (~x_labels).astype(np.int32) @ (~y_labels).T.astype(np.int32)
    pairs = list(zip(*(idx.tolist() for idx in np.nonzero(missing == 0))))
    candidates = [((xs.point(i), ys.point(j)), (i, j)) for i, j in pairs]
    candidates.sort(key=lambda c: results.order_key(c[0], exact))
    try:
        eqs = verified(game, [c[0] for c in candidates], tol, "vertex_enumeration")
    except SolverError as exc:
        # Regrets are relative to the payoff range, so rounding alone reaches about this:
        rounding = 64 * _EPS * max(m, n)
        if exact or tol >= rounding:
            raise
        raise SolverError(
            f"{exc} Note: rounding alone causes relative regrets up to about "
            f"{rounding:.1g}; pass a tol of at least that, or exact=True."
        ) from exc
    components = results.components([c[1] for c in candidates])
    degenerate = xs.degenerate or ys.degenerate
    return Equilibria(
        eqs,
        degenerate=degenerate,
        components=components,
        method="vertex_enumeration",
        notes=results.notes(degenerate, components),
    )


def _working_payoffs(u: np.ndarray) -> np.ndarray:
    """Each player's payoffs mapped onto [0, 1] (the same equilibria; tolerances relative
    to the payoff range; no overflow at any payoff size), except small half-integer
    payoffs, kept as they are: their minors are exact in floating point, so their ties
    are found exactly."""
    out = unit_payoffs(u)
    for i in range(u.shape[0]):
        if np.abs(u[i]).max() <= 2.0**10 and np.array_equal(2 * u[i], np.rint(2 * u[i])):
            out[i] = u[i]
    return out


# --------------------------------------------------------------------- vertex kernel
@dataclass(frozen=True)
class _Vertices:
    """Vertices of one player's best-response polytope, and their labels."""

    weights: np.ndarray  # (n_vertices, d): the mixed strategies, times ``total``
    total: np.ndarray  # (n_vertices,): the sums of the weights
    unplayed: np.ndarray  # (n_vertices, d) bool: strategy not played
    best: np.ndarray  # (n_vertices, r) bool: opponent's strategy is a best response
    degenerate: bool

    def point(self, i: int) -> np.ndarray:
        """The mixed strategy of vertex ``i`` (floats, or Fractions when exact)."""
        w, t = self.weights[i], self.total[i]
        if w.dtype == object:
            return np.array([Fraction(int(v), int(t)) for v in w], dtype=object)
        return w / t


@dataclass(frozen=True)
class _Tables:
    """Index arrays for all minors and all bases of a ``d x r`` matrix (one per shape).

    ``expand[k]`` expands the size-k minors along their first row: entry indices into
    ``W.ravel()`` and minor indices into the size-(k-1) table, both ``(k, n_k)``.
    ``gather`` is ``(K, d, n_bases)``: for strategy ``s`` and basis ``(S, R)``, the
    indices of the signed minors ``+-det W[S - s, R - r_t]`` whose sum over ``t`` is the
    cofactor sum ``N_s`` (into the table of all minors, then its negation, then a zero).
    ``respond`` is ``(r, n_bases)``: the columns ``R`` of each basis. ``bound`` is
    ``k!``, ``power`` is ``k - 1``: ``|N_s| <= k! * max|W|**(k - 1)``. The basis axis
    comes last so that reductions over strategies are fast elementwise operations.
    """

    expand: tuple[tuple[np.ndarray, np.ndarray, np.ndarray], ...]
    gather: np.ndarray
    respond: np.ndarray
    bound: np.ndarray
    power: np.ndarray
    basis: np.ndarray  # (n_bases, d): the tight labels of each basis (s < d: x_s = 0)
    bits_d: np.ndarray | None  # powers of two, to pack a vertex's labels into one integer
    bits_r: np.ndarray | None  # (None when there are more than 62 labels)


@lru_cache(maxsize=8)
def _tables(d: int, r: int) -> _Tables:
    big = min(d, r)
    # Index every pair (S, R) of subsets of equal size k < big by its position in one
    # flat table of minors (size 0 first: the empty minor, 1).
    rows = [list(itertools.combinations(range(d), k)) for k in range(big + 1)]
    cols = [list(itertools.combinations(range(r), k)) for k in range(big + 1)]
    row_id = [{s: i for i, s in enumerate(rk)} for rk in rows]
    col_id = [{c: i for i, c in enumerate(ck)} for ck in cols]
    offset = [0]
    for k in range(big):
        offset.append(offset[-1] + len(rows[k]) * len(cols[k]))
    n_minors = offset[big]

    def minor(rs: tuple[int, ...], cs: tuple[int, ...]) -> int:
        k = len(rs)
        return offset[k] + row_id[k][rs] * len(cols[k]) + col_id[k][cs]

    expand = []
    for k in range(1, big):
        entries, minors = [], []
        for rs in rows[k]:
            for cs in cols[k]:
                entries.append([rs[0] * r + c for c in cs])
                minors.append(
                    [minor(rs[1:], cs[:t] + cs[t + 1 :]) - offset[k - 1] for t in range(k)]
                )
        signs = np.array([(-1) ** t for t in range(k)])
        expand.append((np.array(entries).T, np.array(minors).T, signs))

    zero = 2 * n_minors  # the table is [minors, -minors, 0]
    gather, respond, size, basis = [], [], [], []
    for k in range(1, big + 1):
        for rs in rows[k]:
            for cs in cols[k]:
                g = np.full((d, big), zero, dtype=np.intp)
                for p, s in enumerate(rs):
                    sub = rs[:p] + rs[p + 1 :]
                    for t in range(k):
                        idx = minor(sub, cs[:t] + cs[t + 1 :])
                        g[s, t] = idx if (p + t) % 2 == 0 else idx + n_minors
                gather.append(g)
                mask = np.zeros(r, dtype=bool)
                mask[list(cs)] = True
                respond.append(mask)
                size.append(k)
                basis.append([s for s in range(d) if s not in rs] + [d + c for c in cs])
    sizes = np.array(size)
    return _Tables(
        expand=tuple(expand),
        gather=np.ascontiguousarray(np.array(gather, dtype=np.intp).transpose(2, 1, 0)),
        respond=np.ascontiguousarray(np.array(respond).T),
        bound=np.array([float(math.factorial(j)) for j in size]),
        power=sizes - 1.0,
        basis=np.array(basis, dtype=np.intp).reshape(len(basis), d),
        bits_d=(1 << np.arange(d, dtype=np.int64)) if d + r < 63 else None,
        bits_r=(1 << np.arange(d, d + r, dtype=np.int64)) if d + r < 63 else None,
    )


def _minors(w: np.ndarray, tables: _Tables) -> np.ndarray:
    """All square minors of ``w`` of size < min(d, r), then their negations, then 0."""
    flat = w.ravel()
    one = np.ones(1, dtype=w.dtype)
    if w.dtype == object:
        one[0] = 1
    levels = [one]
    for entries, minors, signs in tables.expand:
        levels.append(signs @ (flat[entries] * levels[-1][minors]))
    table = np.concatenate(levels)
    zero = np.zeros(1, dtype=w.dtype)
    if w.dtype == object:
        zero[0] = 0
    return np.concatenate([table, -table, zero])


def _cofactors(w: np.ndarray, tables: _Tables) -> tuple[np.ndarray, np.ndarray]:
    """The cofactor sums ``N`` of every basis, ``(d, n_bases)``, signed so that a
    feasible basis has ``N >= 0``, and ``|sum(N)|`` per basis (0: singular)."""
    cof = _minors(w, tables)[tables.gather].sum(axis=0)  # (d, n_bases): N_s, 0 off S
    total = cof.sum(axis=0)
    cof = np.where(total < 0, -cof, cof)  # x = N / sum(N) >= 0 now means cof >= 0
    return cof, np.abs(total)


def _exact_vertices(w: np.ndarray, tables: _Tables) -> _Vertices:
    """Vertices of ``{(x, v): x >= 0, sum(x) = 1, w^T x <= v}``, ``w`` of Python ints.

    ``w[s, j]`` is the responder's payoff when the mixing player plays ``s`` and the
    responder ``j`` (a ``d x r`` object array). Integer arithmetic: no tolerance.
    """
    cof, size = _cofactors(w, tables)
    feasible = (size != 0) & (cof >= 0).all(axis=0)
    pay = w.T @ cof  # (r, n_bases): the responder's payoffs against x, times sum(N)
    best = pay == pay.max(axis=0)
    feasible &= ~(tables.respond & ~best).any(axis=0)
    keep = np.flatnonzero(feasible)
    cof, size, best = cof[:, keep].T, size[keep].astype(object), best[:, keep].T
    return _labelled(cof, size, cof == 0, best, tables)


def _float_vertices(w: np.ndarray, tol: float) -> _Vertices:
    """Vertices of ``{(x, v): x >= 0, sum(x) = 1, w^T x <= v}`` in floating point.

    Cramer's rule screens every basis at once, with a tolerance widened by its error
    bound; the ill-conditioned bases that pass are solved again by LU with partial
    pivoting (backward stable: the best responses of the basis tie to rounding error even
    when the solution itself is inaccurate). Minors of integer and half-integer payoffs
    are exact and need neither. The points are then labelled with the tolerances.
    """
    d, r = w.shape
    tables = _tables(d, r)
    # Subtracting a constant from each row (a payoff to the responder that depends only
    # on the mixing player's strategy) changes no best response; the row medians centre
    # the minors for accuracy and keep integer games half-integral.
    ordered = np.sort(w, axis=1)
    w = w - 0.5 * (ordered[:, (r - 1) // 2] + ordered[:, r // 2])[:, None]
    scale = max(float(np.abs(w).max()), _TINY)
    # Ties within tol / 2 keep the check's regret below tol, but never below the rounding
    # error of the payoffs: a too small tol must fail the check loudly, not lose vertices.
    payoff_atol = max(min(_PAYOFF_RTOL * scale, tol / 2), 64 * _EPS * scale * max(d, r))
    cof, size = _cofactors(w, tables)
    twice = 2 * w
    big = min(d, r)
    exact = bool(np.array_equal(twice, np.rint(twice))) and (
        math.factorial(big) * (2 * scale + 1) ** big < 2.0**52
    )
    # A generous relative error of Cramer's rule, from the trivial bound k! * scale**(k-1)
    # on |N_s|; singular bases (size 0) get err = 1 and are skipped.
    if exact:
        err = np.where(size > 0, 0.0, 1.0)
    else:
        bound = _ROUNDING * tables.bound * scale**tables.power
        err = np.ones_like(size)
        np.divide(bound, size, out=err, where=size > bound)
    feasible = (err < 1) & (cof >= -(_PROB_ATOL + err) * size).all(axis=0)
    pay = w.T @ cof  # (r, n_bases): the responder's payoffs against x, times |sum(N)|
    best = pay >= pay.max(axis=0) - (payoff_atol + err * scale) * size
    feasible &= ~(tables.respond & ~best).any(axis=0)
    keep = np.flatnonzero(feasible)
    keep = keep[np.argsort(err[keep], kind="stable")]  # best-conditioned bases first
    x = cof[:, keep].T / size[keep, None]
    if exact:  # the screen used the final tolerances on exact numbers: labels as they are
        best = best[:, keep].T
        weights = cof[:, keep].T
        unplayed = weights <= _PROB_ATOL * size[keep, None]
    else:
        # Laplace expansion errs by at most about k * eps * bound / size = err * k / 1000
        # in x, so the payoffs err by at most d * err * scale / 100: solve again by LU
        # where that could reach a tenth of the tie tolerance.
        shaky = np.flatnonzero(err[keep] * d * scale > 10 * payoff_atol)
        if shaky.size:
            x[shaky] = _solve_bases(w, tables.basis[keep[shaky]], x[shaky])
        # Bases the trivial error bound cannot vouch for (err >= 1, not exactly singular)
        # are judged by their condition number instead, and solved by LU: the bound
        # k! * scale**(k - 1) is far too pessimistic for large bases (the fully mixed
        # equilibrium of von Stengel's 6 x 6 game lies on such a basis).
        rescue = np.flatnonzero((err >= 1) & (size > 0))
        if rescue.size:
            rx = _well_conditioned(w, tables.basis[rescue])
            keep = np.concatenate([keep, rescue[rx[0]]])
            x = np.vstack([x, rx[1]])
        # Strategies outside the basis's support are exactly zero (their labels are in the
        # basis): a re-solve must not turn them into +-1e-12 and lose the vertex.
        basis = tables.basis[keep]
        zero = np.zeros(x.shape, dtype=bool)
        rows, cols = np.nonzero(basis < d)
        zero[rows, basis[rows, cols]] = True
        x[zero] = 0.0
        # The labels, with the final tolerances, of the points computed.
        respond = tables.respond[:, keep].T
        pay = x @ w
        best = pay >= pay.max(axis=1, keepdims=True) - payoff_atol
        ok = (x >= -_PROB_ATOL).all(axis=1) & ~(respond & ~best).any(axis=1)
        ok &= np.abs(x.sum(axis=1) - 1) <= 1e-9
        x, best = np.clip(x[ok], 0.0, None), best[ok]
        unplayed = x <= _PROB_ATOL
    x = np.where(unplayed, 0.0, x)
    return _labelled(x, x.sum(axis=1), unplayed, best, tables)


def _well_conditioned(w: np.ndarray, basis: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which of these bases have well-conditioned systems (condition number below
    ``_MAX_CONDITION``), and their solutions by LU."""
    d = w.shape[0]
    systems = _systems(w, basis)
    with np.errstate(all="ignore"):
        cond = np.linalg.cond(systems)
    good = np.flatnonzero(np.isfinite(cond) & (cond < _MAX_CONDITION))
    if not good.size:
        return good, np.zeros((0, d))
    return good, _solve_bases(w, basis[good], np.zeros((good.size, d)))


def _systems(w: np.ndarray, basis: np.ndarray) -> np.ndarray:
    d, r = w.shape
    constraints = np.zeros((d + r + 1, d + 1))
    constraints[:d, :d] = np.eye(d)
    constraints[d : d + r, :d] = w.T
    constraints[d : d + r, d] = -1.0
    constraints[d + r, :d] = 1.0
    return constraints[np.hstack([basis, np.full((len(basis), 1), d + r)])]


def _solve_bases(w: np.ndarray, basis: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """Solve each basis system for ``x`` by LU: rows ``x_s = 0`` (label ``s < d``) or
    ``w[:, j] . x - v = 0`` (label ``d + j``), then ``sum(x) = 1``."""
    d = w.shape[0]
    systems = _systems(w, basis)
    rhs = np.zeros(d + 1)
    rhs[d] = 1.0
    try:
        return np.linalg.solve(systems, rhs)[:, :d]
    except np.linalg.LinAlgError:  # an exactly zero pivot somewhere: solve one by one
        out = fallback.copy()
        for i, system in enumerate(systems):
            with contextlib.suppress(np.linalg.LinAlgError):
                out[i] = np.linalg.solve(system, rhs)[:d]
        return out


def _labelled(
    points: np.ndarray, totals: np.ndarray, unplayed: np.ndarray, best: np.ndarray, tables: _Tables
) -> _Vertices:
    """Keep one candidate per vertex (the first: the tight labels identify a vertex)."""
    if tables.bits_d is not None:
        keys = (unplayed @ tables.bits_d + best @ tables.bits_r).tolist()
    else:  # too many labels for one int64: pack them into bytes
        keys = [row.tobytes() for row in np.packbits(np.hstack([unplayed, best]), axis=1)]
    seen: dict[int | bytes, int] = {}
    for i, key in enumerate(keys):
        seen.setdefault(key, i)
    first = list(seen.values())
    points, totals, unplayed, best = points[first], totals[first], unplayed[first], best[first]
    d = points.shape[1]
    degenerate = bool((unplayed.sum(axis=1) + best.sum(axis=1) > d).any())
    return _Vertices(points, totals, unplayed, best, degenerate)


def _integer_matrix(m: np.ndarray) -> np.ndarray:
    """A positive multiple of a matrix of Fractions, as an object array of Python ints."""
    lcm = math.lcm(*(f.denominator for f in m.flat))
    out = np.empty(m.shape, dtype=object)
    for idx, f in np.ndenumerate(m):
        out[idx] = int(f * lcm)
    return out
