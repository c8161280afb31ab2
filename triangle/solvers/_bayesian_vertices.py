"""Extreme Bayesian equilibria of two-player games in behaviour strategies (floats).

The Harsanyi form of a two-player Bayesian game with ``T_i`` types and ``A_i`` actions has
``A_i ** T_i`` plans per player: 9 x 9 for 2 types and 3 actions, 27 x 27 for 3 and 3,
and its best-response polytopes have ``binom(18, 9) = 48,620`` bases at 9 x 9. In
behaviour strategies the same game is much smaller: each type has one information set,
so a behaviour strategy is a realisation plan of the game's sequence form (Koller,
Megiddo and von Stengel 1996; von Stengel 1996), and player 1's best-response polyhedron is

    {(b, w) : b >= 0, sum_a b[t, a] = 1 for each type t of player 1,
              U2[s, c] . b <= w[s] for each type s and action c of player 2}

with ``U2[s, c, t, a] = p(t, s) u_2(t, s, a, c)`` (player 2's type ``s`` payoff from
``c`` against ``b``, weighted by the prior instead of the posterior: the same best
replies). Its vertices have ``T_1 * A_1 + T_2`` tight constraints; choosing, for each
type of player 1, the actions it plays (the rest are zero) and, for each type of player
2, its best replies, with as many equations as unknowns, gives every vertex:
``(2 ** 3 - 1) ** 4 = 2,401`` small systems for 2 types and 3 actions, solved at once.
A pair of vertices, one of each player's polyhedron, is an equilibrium when every
(type, action) label is either unplayed or a best reply (complete labels), exactly as
for bimatrix games; the extreme equilibria are those pairs, and two that share a vertex
lie in one component (every convex combination within a product of a component's
vertex sets, as for bimatrix games, is an equilibrium).

References: ``vonstengel2007``.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass

import numpy as np

from triangle.citations import register as _cite
from triangle.solvers import _two_player_results as results

#: Payoffs are scaled to at most 1 in absolute value; a slack or probability within this
#: of zero is zero (a tight label).
_ATOL = 1e-9
#: Systems whose determinant is below this times Hadamard's bound are singular.
_SINGULAR = 1e-10


@dataclass(frozen=True)
class _Vertices:
    points: np.ndarray  # (k, T_own, A_own) behaviour of the owner
    own: np.ndarray  # (k, T_own * A_own) bool: the action is unplayed
    other: np.ndarray  # (k, T_other * A_other) bool: the other's action is a best reply


def _subsets(m: int) -> list[tuple[int, ...]]:
    return [s for r in range(1, m + 1) for s in itertools.combinations(range(m), r)]


@functools.lru_cache(maxsize=32)
def _bases(n_t: int, n_a: int, n_other_t: int, n_other_a: int) -> np.ndarray:
    """The rows of every basis, by shape: ``(K, size - n_t)`` indices into the candidate
    rows (``b[t, a] = 0`` for the owner's ``(t, a)``, then a tight reply per ``(s, c)``).

    For each type of the owner the actions it plays (the rest are rows), for each type of
    the other player its best replies (rows), with as many rows as unknowns."""
    n_b = n_t * n_a
    own_choices = list(itertools.product(_subsets(n_a), repeat=n_t))
    other_choices = list(itertools.product(_subsets(n_other_a), repeat=n_other_t))
    own_extra = np.array([sum(len(s) - 1 for s in c) for c in own_choices])
    other_extra = np.array([sum(len(s) - 1 for s in c) for c in other_choices])
    i, j = np.nonzero(own_extra[:, None] == other_extra[None, :])
    unplayed = np.ones((len(own_choices), n_b), dtype=bool)
    for k, choice in enumerate(own_choices):
        for t, support in enumerate(choice):
            unplayed[k, [t * n_a + a for a in support]] = False
    best = np.zeros((len(other_choices), n_other_t * n_other_a), dtype=bool)
    for k, choice in enumerate(other_choices):
        for s, replies in enumerate(choice):
            best[k, [s * n_other_a + c for c in replies]] = True
    pick = np.concatenate([unplayed[i], best[j]], axis=1)
    order = np.argsort(~pick, axis=1, kind="stable")[:, : n_b + n_other_t - n_t]
    order.setflags(write=False)
    return order


def _vertices(u: np.ndarray) -> _Vertices:
    """Vertices of the best-response polyhedron of the owner of ``b``.

    ``u[s, c, t, a]``: the other player's (type ``s``, action ``c``) payoff coefficient
    of the owner's ``b[t, a]``.
    """
    n_other_t, n_other_a, n_t, n_a = u.shape
    n_b = n_t * n_a
    size = n_b + n_other_t
    flat = u.reshape(n_other_t * n_other_a, n_b)
    order = _bases(n_t, n_a, n_other_t, n_other_a)
    norm = np.zeros((n_t, size))
    for t in range(n_t):
        norm[t, t * n_a : (t + 1) * n_a] = 1.0
    unit = np.eye(n_b, size)
    reply = np.hstack([flat, -np.repeat(np.eye(n_other_t), n_other_a, axis=0)])
    rows = np.concatenate([unit, reply])
    systems = np.concatenate(
        [np.broadcast_to(norm, (len(order), n_t, size)), rows[order]], axis=1
    )
    # Singular systems: the determinant against Hadamard's bound (the product of the row
    # norms), a relative test that LU gives at the cost of one factorisation.
    det = np.abs(np.linalg.det(systems))
    bound = np.prod(np.linalg.norm(systems, axis=2), axis=1)
    regular = det > _SINGULAR * bound
    rhs = np.zeros((int(regular.sum()), size, 1))
    rhs[:, :n_t, 0] = 1.0
    z = np.linalg.solve(systems[regular], rhs)[..., 0]
    b, w = z[:, :n_b], z[:, n_b:]
    slack = np.repeat(w, n_other_a, axis=1) - b @ flat.T
    feasible = (b >= -_ATOL).all(axis=1) & (slack >= -_ATOL).all(axis=1)
    b, slack = b[feasible], slack[feasible]
    if not len(b):  # pragma: no cover - every polyhedron here has a vertex (it is pointed)
        return _Vertices(b.reshape(0, n_t, n_a), b.astype(bool), slack.astype(bool))
    own = b <= _ATOL
    b = np.where(own, 0.0, b)
    b = b.reshape(-1, n_t, n_a)
    b = b / b.sum(axis=2, keepdims=True)
    other = slack <= _ATOL
    # A degenerate vertex is reached from several bases: keep it once.
    key = np.round(b.reshape(len(b), -1), 9)
    _, first = np.unique(key, axis=0, return_index=True)
    first = np.sort(first)
    return _Vertices(b[first], own[first], other[first])


def extreme_equilibria(
    payoffs: np.ndarray, prior: np.ndarray
) -> tuple[list[list[np.ndarray]], tuple[tuple[int, ...], ...]]:
    """Every extreme Bayesian equilibrium of a two-player game, and their components.

    ``payoffs``: ``(2, T1, T2, A1, A2)`` floats; ``prior``: ``(T1, T2)``, every type of
    positive probability. Returns the behaviours (per equilibrium, ``[b1, b2]`` with
    ``b_i`` of shape ``(T_i, A_i)``), ordered as the two-player solvers order their
    equilibria, and the components (indices into that list).
    """
    _cite("vonstengel2007")
    u = np.asarray(payoffs, dtype=float)
    p = np.asarray(prior, dtype=float)
    weighted = u * p[None, :, :, None, None]
    # Each player's payoffs on a unit scale (the same best replies, tolerances relative).
    for k in range(2):
        top = np.abs(weighted[k]).max()
        if top > 0:
            weighted[k] = weighted[k] / top
    # Player 1's polyhedron: player 2's coefficients u2[s, c, t, a] = p(t, s) u2(t, s, a, c).
    xs = _vertices(weighted[1].transpose(1, 3, 0, 2))
    # Player 2's: u1[t, a, s, c] = p(t, s) u1(t, s, a, c).
    ys = _vertices(weighted[0].transpose(0, 2, 1, 3))
    # Labels: (t, a) of player 1, then (s, c) of player 2.
    x_labels = np.hstack([xs.own, xs.other])
    y_labels = np.hstack([ys.other, ys.own])
    missing = (~x_labels).astype(np.int32) @ (~y_labels).T.astype(np.int32)
    pairs = list(zip(*(idx.tolist() for idx in np.nonzero(missing == 0))))
    found = [([xs.points[a], ys.points[b]], (a, b)) for a, b in pairs]
    found.sort(key=lambda f: results.order_key(tuple(x.ravel() for x in f[0]), False))
    return [f[0] for f in found], results.components([f[1] for f in found])
