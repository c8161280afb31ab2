"""Every extreme Nash equilibrium of a larger two-player game, by lexicographic pivoting.

The vertices of both best-response polytopes are found by a search over their
lexicographically feasible bases (:mod:`triangle.solvers._lex_vertices`), in exact
integer arithmetic, and paired by complementary labels. The cost follows the number of
vertices (bases of the lexicographically perturbed polytopes), not the number
``binom(m + n, m)`` of all bases that vertex enumeration examines; the result has the
same shape: degeneracy flag, components and notes.

References: ``avis2010``, ``vonstengel2007``.
"""
from __future__ import annotations

import math
import time
from fractions import Fraction

import numpy as np

from triangle.citations import register
from triangle.errors import (
    InvalidGameError,
    SolverError,
    WorkLimitError,
)
from triangle.games.normal_form import NormalFormGame
from triangle.games.results import Equilibria
from triangle.progress import Progress, Reporter
from triangle.solvers import _two_player_results as results
from triangle.solvers._lex_vertices import PolytopeVertices, polytope_vertices
from triangle.solvers._two_player_results import check_max_seconds
from triangle.solvers.verify import verified

__all__ = ["MAX_SECONDS", "check_max_seconds", "lexicographic_search"]

#: Default limit on the seconds a search may run (``max_seconds``).
MAX_SECONDS = 3600.0


#: Degenerate vertices compared against all others per chunk (bounds a temporary).
_CHUNK = 4096


def lexicographic_search(
    game: NormalFormGame,
    exact: bool = False,
    tol: float = 1e-9,
    *,
    progress: Progress = None,
    max_seconds: float | None = MAX_SECONDS,
) -> Equilibria:
    """Every extreme Nash equilibrium of a two-player game, at a cost that follows its vertices.

    Algorithm (Avis, Rosenberg, Savani and von Stengel, "Enumeration of Nash equilibria
    for two-player games", *Economic Theory* 42, 2010, as lrsnash does it; the
    lexicographic rule of Avis and Fukuda 1992). With ``A`` and ``B`` the payoffs made
    integral (each player's payoffs times the common denominator) and positive (plus a
    constant, which changes no best response):

    1. The best-response polytopes are ``P = {x >= 0 : B^T x <= 1}`` and
       ``Q = {y >= 0 : A y <= 1}``; their vertices other than the origin are, once
       normalised, the vertices of the best-response polyhedra that
       :func:`~triangle.solvers.vertex_enumeration.vertex_enumeration` uses, with the
       same labels (unplayed strategies, pure best responses of the opponent).
    2. Each polytope's vertices are enumerated by a search over its lexicographically
       feasible bases: the vertices of a perturbed, simple polytope whose graph is
       connected, each with exactly ``dim`` neighbours found by the lexicographic ratio
       test. Every vertex of the polytope is the point of one of them. Pivots are
       integer (Edmonds) pivots, kept as residues modulo enough primes to hold every
       minor of the payoffs exactly; a batch of bases is pivoted at once with numpy.
    3. A pair ``(x, y)`` is an equilibrium exactly when its labels cover every pure
       strategy; a pair of non-degenerate vertices does so exactly when its label sets
       are complements (a hash join), and degenerate vertices are tested against all.
    4. As in vertex enumeration: normalise, order lexicographically, check every
       equilibrium independently, flag degeneracy (a vertex with more tight labels than
       its dimension) and report the connected components.

    Parameters
    ----------
    game
        A two-player numeric game.
    exact
        Return probabilities as :class:`fractions.Fraction`. The computation is exact
        either way: floats are read as the decimals they print as (``0.1`` is
        ``1/10``, as :attr:`~triangle.NormalFormGame.exact_payoffs` reads them), and
        irrational payoffs, in floating point only, by their exact binary values.
        Payoffs with many digits make the integers longer and the search slower.
    tol
        The regret allowed by the independent check of floating-point results, relative
        to each player's payoff range.
    progress
        ``True`` for a bar on stderr, or a callable ``(done, total)``: the bases visited,
        out of the ``binom(m + n, m)`` each polytope has at most (the search visits far
        fewer on most games).
    max_seconds
        Stop with a :class:`~triangle.errors.WorkLimitError` (saying how far it got and
        what to do) once the search has run this long; ``None`` for no limit. The number
        of vertices cannot be known before the search, and grows exponentially with the
        game on random payoffs (16 x 16 random real payoffs take many minutes).

    Returns
    -------
    Equilibria
        The extreme equilibria, with ``degenerate``, ``components`` and ``notes`` as
        :func:`~triangle.solvers.vertex_enumeration.vertex_enumeration` reports them.

    Examples
    --------
    The 3 x 2 example of von Stengel (2007) has three equilibria:

    >>> import triangle as tri
    >>> from triangle.solvers.lexicographic_search import lexicographic_search
    >>> g = tri.NormalFormGame.from_bimatrix([[3, 3], [2, 5], [0, 6]],
    ...                                      [[3, 2], [2, 6], [3, 1]])
    >>> lexicographic_search(g, exact=True)
    Equilibria([Equilibrium(Player 1: s1; Player 2: s1; payoffs 3, 3),
     Equilibrium(Player 1: 4/5 s1 + 1/5 s2; Player 2: 2/3 s1 + 1/3 s2; payoffs 3, 14/5),
     Equilibrium(Player 1: 1/3 s2 + 2/3 s3; Player 2: 1/3 s1 + 2/3 s2; payoffs 4, 8/3)])

    Sizes that vertex enumeration's base count rules out, such as 12 x 12 (2.7 million
    bases), take well under a second:

    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> big = tri.NormalFormGame.from_bimatrix(rng.integers(0, 100, (12, 12)),
    ...                                        rng.integers(0, 100, (12, 12)))
    >>> eqs = lexicographic_search(big)
    >>> len(eqs), all(tri.is_equilibrium(big, e.profile) for e in eqs)
    (21, True)
    """
    tol, progress, budget = results.check_entry(
        game, "lexicographic search", exact, tol, progress, max_seconds
    )
    register("avis2010", "vonstengel2007")
    m, n = game.shape
    a, b = _integer_payoffs(game, exact)
    report = Reporter(progress, 2 * math.comb(m + n, m), "lexicographic search")
    started = time.monotonic()

    def tick(bases: int) -> None:  # after every batch of bases: report, and keep the budget
        report.advance(bases)
        spent = time.monotonic() - started
        if budget is not None and spent > budget:
            report.close()
            raise WorkLimitError(
                f"lexicographic search of this {m}x{n} game stopped after {spent:.0f} s "
                f"(max_seconds={max_seconds}), having visited {report.done:,} bases of the at "
                f"most {report.total:,} of its two polytopes; the vertices of random games "
                f"grow exponentially with their size. Reduce the game first "
                f"(triangle.iterated_elimination), round the payoffs to few digits (floats "
                f"are read as their full decimals, which makes every pivot slower), or pass "
                f"max_seconds=None with progress=True to let it run."
            )

    xs = polytope_vertices(b, tick)  # P: the row player's mixed strategies, labelled by B
    ys = polytope_vertices([list(col) for col in zip(*a)], tick)  # Q, from A^T
    report.close()
    # Global labels: row strategies 0..m-1, then columns m..m+n-1. Q's own labels are
    # y_j = 0 (j < n), then row i a best response (n + i): rotate them.
    x_labels = xs.labels
    y_labels = np.hstack([ys.labels[:, n:], ys.labels[:, :n]])
    pairs = _complementary_pairs(x_labels, y_labels, m, n)
    candidates = [((_strategy(xs, i, exact), _strategy(ys, j, exact)), (i, j)) for i, j in pairs]
    candidates.sort(key=lambda c: results.order_key(c[0], exact))
    try:
        eqs = verified(game, [c[0] for c in candidates], tol, "lexicographic_search")
    except SolverError as exc:
        # Exact equilibria rounded to floats: the regret of a rounded profile grows with
        # the payoffs. Say so, as vertex_enumeration does.
        big = float(np.abs(game.payoffs).max())
        rounding = 64 * np.finfo(float).eps * big * max(m, n)
        if exact or tol >= rounding:
            raise
        raise SolverError(
            f"{exc} Note: the payoffs reach {big:.3g}, so rounding alone causes regrets up "
            f"to about {rounding:.1g}; pass a tol of at least that, or exact=True."
        ) from exc
    components = results.components([c[1] for c in candidates])
    degenerate = bool((x_labels.sum(axis=1) > m).any() or (y_labels.sum(axis=1) > n).any())
    return Equilibria(
        eqs,
        degenerate=degenerate,
        components=components,
        method="lexicographic_search",
        notes=results.notes(degenerate, components),
    )


# --------------------------------------------------------------------- input
def _integer_payoffs(game: NormalFormGame, exact: bool) -> tuple[list[list[int]], ...]:
    """Each player's payoffs as positive integers with the same best responses."""
    try:
        fractions = game.exact_payoffs
    except InvalidGameError:
        if exact:
            raise
        # Irrational payoffs in floating point: their exact binary values.
        fractions = np.vectorize(Fraction, otypes=[object])(game.payoffs)
    out = []
    for u in fractions:
        lcm = math.lcm(*(f.denominator for f in u.flat))
        ints = [[int(f * lcm) for f in row] for row in u]
        low = min(min(row) for row in ints)
        out.append([[v - low + 1 for v in row] for row in ints])
    return out[0], out[1]


def _strategy(vertices: PolytopeVertices, i: int, exact: bool) -> np.ndarray:
    weights = vertices.point(i)
    total = sum(weights)
    if exact:
        return np.array([Fraction(w, total) for w in weights], dtype=object)
    return np.array([w / total for w in weights], dtype=float)


# --------------------------------------------------------------------- pairing
def _complementary_pairs(
    x_labels: np.ndarray, y_labels: np.ndarray, m: int, n: int
) -> list[tuple[int, int]]:
    """Every ``(i, j)`` whose labels cover all ``m + n`` strategies."""
    x_plain = x_labels.sum(axis=1) == m
    y_plain = y_labels.sum(axis=1) == n
    # Two non-degenerate vertices cover every label exactly when their sets are complements.
    index = {
        row.tobytes(): j
        for j, row in zip(np.flatnonzero(y_plain).tolist(), np.packbits(y_labels[y_plain], axis=1))
    }
    pairs = []
    for i, row in zip(np.flatnonzero(x_plain).tolist(), np.packbits(~x_labels[x_plain], axis=1)):
        j = index.get(row.tobytes())
        if j is not None:
            pairs.append((i, j))
    # A degenerate vertex: test it against every vertex of the other polytope (a pair of
    # degenerate vertices once, from the x side).
    wx, wy = _words(x_labels), _words(y_labels)
    full = _words(np.ones((1, m + n), dtype=bool))[0]
    for i in np.flatnonzero(~x_plain).tolist():
        for lo in range(0, len(wy), _CHUNK):
            hit = ((wx[i] | wy[lo : lo + _CHUNK]) == full).all(axis=1)
            pairs.extend((i, lo + int(j)) for j in np.flatnonzero(hit))
    plain_x = np.flatnonzero(x_plain)
    for j in np.flatnonzero(~y_plain).tolist():
        for lo in range(0, len(plain_x), _CHUNK):
            chunk = plain_x[lo : lo + _CHUNK]
            hit = ((wx[chunk] | wy[j]) == full).all(axis=1)
            pairs.extend((int(i), j) for i in chunk[hit])
    return pairs


def _words(labels: np.ndarray) -> np.ndarray:
    """Label rows packed into 64-bit words."""
    packed = np.packbits(labels, axis=1)
    pad = (-packed.shape[1]) % 8
    if pad:
        packed = np.hstack([packed, np.zeros((len(packed), pad), dtype=np.uint8)])
    return np.ascontiguousarray(packed).view(np.uint64)
