"""Minmax values: the harshest punishment the other players can inflict on one player.

Player ``i``'s minmax value is ``min over the others' strategies of max over a_i of
u_i(a_i, others)``: what ``i`` can guarantee when the others only try to hurt them.

- **pure**: the others use pure strategies. Exact (and symbolic: a ``Min`` of ``Max``).
- **mixed, two players**: the value of the zero-sum game ``u_i``, by linear programming;
  the optimal strategies' supports are then solved exactly in rationals and checked,
  so the value is exact whenever the check passes (the usual case).
- **mixed, three or more players**: the others mix *independently* (they cannot
  correlate), which makes the problem non-convex. We return certified bounds by branch
  and bound. One punisher (the one with most strategies) stays a free mixture; the
  others' mixtures are confined to regions, products of sub-simplices. On a region,
  relaxing "independent mixtures" to "any joint distribution over the free punisher's
  actions and the region's vertices" gives a linear programme whose value is a valid
  lower bound (every independent profile in the region is such a distribution, by
  multilinearity) and which is exact when the region shrinks to a point; the root
  region gives the correlated minmax. Regions whose bound is within ``tol`` (relative
  to the largest payoff) of the best value found are pruned; the others are bisected
  along their longest edge. The upper bound is the value of an explicit independent
  punishment (the best region's point, polished one punisher at a time by exact linear
  programmes). The true value always lies in ``[lower, upper]``; ``value`` is ``upper``
  (a punishment the others can carry out). ``converged`` is false when ``max_nodes``
  regions were explored before the gap closed to ``tol``: the bounds still hold.
"""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy
from scipy.optimize import linprog

from triangle.errors import InvalidGameError, SolverError, check_tolerance
from triangle.games.normal_form import require_numeric, sympy_payoffs
from triangle.games.scale import unit_payoffs
from triangle.games.symbolic import check_game
from triangle.registries import check_count, check_flag

if TYPE_CHECKING:
    from triangle.games.normal_form import NormalFormGame

__all__ = ["Minmax", "minmax", "minmax_values"]


@dataclass(frozen=True, eq=False)
class Minmax:
    """A player's minmax value and the punishment that achieves it.

    Attributes
    ----------
    player
        The punished player's name.
    value
        The minmax value: exact (sympy) for pure punishments and, when the check passes,
        for mixed two-player ones; otherwise the float upper bound.
    lower, upper
        Certified bounds on the value (equal to ``value`` when exact).
    punishment
        The others' strategies, one probability array per *other* player, in player order.
    mixed
        Whether the others may mix.
    exact
        Whether ``value`` is exact.
    converged
        False only when the N-player branch and bound stopped at ``max_nodes`` before
        ``upper - lower <= tol``.
    """

    player: str
    value: Any
    lower: Any
    upper: Any
    punishment: tuple[np.ndarray, ...]
    mixed: bool
    exact: bool
    converged: bool = True

    def __float__(self) -> float:
        return float(self.value)

    def __repr__(self) -> str:
        kind = "mixed" if self.mixed else "pure"
        gap = (
            ""
            if self.exact or self.lower == self.upper
            else f" in [{float(self.lower):.6g}, {float(self.upper):.6g}]"
        )
        return f"Minmax({self.player}: {kind} {self.value}{gap})"


def minmax_values(
    game: NormalFormGame, mixed: bool = True, tol: float = 1e-6, max_nodes: int = 400
) -> tuple[Minmax, ...]:
    """Every player's minmax value (see :func:`minmax`).

    >>> import triangle as tri
    >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [m.value for m in minmax_values(pd)]
    [1, 1]
    """
    check_game(game, "minmax_values")
    return tuple(
        minmax(game, i, mixed=mixed, tol=tol, max_nodes=max_nodes) for i in range(game.n_players)
    )


def minmax(
    game: NormalFormGame,
    player: str | int,
    mixed: bool = True,
    tol: float = 1e-6,
    max_nodes: int = 400,
) -> Minmax:
    """One player's minmax value, with pure or (independently) mixed punishments.

    >>> import triangle as tri
    >>> pennies = tri.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> minmax(pennies, 0)
    Minmax(Player 1: mixed 0)
    >>> minmax(pennies, 0, mixed=False).value
    1
    """
    check_game(game, "minmax")
    check_flag(mixed, "mixed")
    check_tolerance(tol)
    check_count(max_nodes, "max_nodes")
    i = game.player_index(player)
    if not mixed:
        return _pure(game, i)
    require_numeric(game, "the mixed minmax value (use mixed=False for a symbolic game)")
    if game.n_players == 2:
        return _two_player(game, i)
    return _n_player(game, i, tol=tol, max_nodes=max_nodes)


# --------------------------------------------------------------------------- pure
def _pure(game: NormalFormGame, i: int) -> Minmax:
    u = np.moveaxis(sympy_payoffs(game)[i], i, 0)  # own strategies first
    others = [k for k in range(game.n_players) if k != i]
    best_value: Any = None
    best_cell: tuple[int, ...] = ()
    values = []
    for cell in itertools.product(*(range(game.shape[k]) for k in others)):
        column = u[(slice(None), *cell)]
        v = sympy.Max(*column)
        values.append(v)
        if game.is_symbolic:
            continue
        if best_value is None or v < best_value:
            best_value, best_cell = v, cell
    if game.is_symbolic:
        value = sympy.Min(*values)
        punishment: tuple[np.ndarray, ...] = ()
    else:
        value = best_value
        punishment = tuple(_unit(game.shape[k], j) for k, j in zip(others, best_cell))
    return Minmax(game.players[i], value, value, value, punishment, mixed=False, exact=True)


def _unit(m: int, j: int) -> np.ndarray:
    v = np.zeros(m)
    v[j] = 1.0
    return v


# --------------------------------------------------------------------------- two players
def _two_player(game: NormalFormGame, i: int) -> Minmax:
    a = np.asarray(game.payoffs[i], dtype=float)
    low, span = _bounds(a)
    if i == 1:
        a = a.T  # rows: the punished player's strategies; columns: the punisher's
    # The linear program on the payoffs mapped onto [0, 1]: the same strategies at any
    # payoff scale, no overflow; the value maps back.
    v_unit, y, x = _lp_punish(unit_payoffs(a[None])[0])
    v_float = low + span * v_unit
    exact_a = _exact_matrix(game, i)
    if exact_a is not None:
        y_exact = _exact_support_solution(exact_a, y, v_float, side="columns")
        x_exact = _exact_support_solution(exact_a, x, v_float, side="rows")
        if y_exact is not None and x_exact is not None:
            upper = max(_row_values(exact_a, y_exact))
            lower = min(_col_values(exact_a, x_exact))
            if upper == lower:
                value = sympy.Rational(upper.numerator, upper.denominator)
                return Minmax(
                    game.players[i],
                    value,
                    value,
                    value,
                    (np.array(y_exact, dtype=object),),
                    True,
                    True,
                )
        # Certified bounds from rounded strategies (exact evaluation of explicit strategies).
        yr = _rational_simplex(y)
        xr = _rational_simplex(x)
        upper = max(_row_values(exact_a, yr))
        lower = min(_col_values(exact_a, xr))
        upper_s = sympy.Rational(upper.numerator, upper.denominator)
        lower_s = sympy.Rational(lower.numerator, lower.denominator)
        return Minmax(
            game.players[i],
            upper_s,
            lower_s,
            upper_s,
            (np.array(yr, dtype=object),),
            True,
            upper == lower,
        )
    upper_f = float(np.max(a @ y))
    lower_f = float(np.min(x @ a))
    return Minmax(game.players[i], upper_f, lower_f, upper_f, (y,), True, False)


def _exact_matrix(game: NormalFormGame, i: int):
    try:
        u = game.exact_payoffs[i]
    except InvalidGameError:
        return None
    rows = u if i == 0 else u.T
    return [list(r) for r in rows]


def _row_values(a: list[list[Fraction]], y: list[Fraction]) -> list[Fraction]:
    return [sum((aij * yj for aij, yj in zip(row, y)), Fraction(0)) for row in a]


def _col_values(a: list[list[Fraction]], x: list[Fraction]) -> list[Fraction]:
    return [sum((a[r][c] * x[r] for r in range(len(a))), Fraction(0)) for c in range(len(a[0]))]


def _rational_simplex(p: np.ndarray) -> list[Fraction]:
    fr = [Fraction(float(v)).limit_denominator(10**9) for v in p]
    fr = [max(v, Fraction(0)) for v in fr]
    total = sum(fr)
    return [v / total for v in fr]


def _exact_support_solution(a, strategy: np.ndarray, v: float, side: str) -> list[Fraction] | None:
    """Solve the indifference system on the LP solution's support exactly; None if it fails."""
    m, n = len(a), len(a[0])
    scale = max(1.0, max(abs(float(x)) for row in a for x in row))
    eps = 1e-7 * scale
    if side == "columns":  # punisher's mixed strategy over columns; binding rows
        support = [c for c in range(n) if strategy[c] > 1e-9]
        values = np.array([[float(x) for x in row] for row in a]) @ strategy
        binding = [r for r in range(m) if values[r] >= v - eps]
        eqs = [[a[r][c] for c in support] + [Fraction(-1)] for r in binding]
        size = n
    else:  # punished player's maxmin strategy over rows; binding columns
        support = [r for r in range(m) if strategy[r] > 1e-9]
        values = strategy @ np.array([[float(x) for x in row] for row in a])
        binding = [c for c in range(n) if values[c] <= v + eps]
        eqs = [[a[r][c] for r in support] + [Fraction(-1)] for c in binding]
        size = m
    rhs = [Fraction(0)] * len(eqs)
    eqs.append([Fraction(1)] * len(support) + [Fraction(0)])
    rhs.append(Fraction(1))
    matrix = sympy.Matrix(
        [[sympy.Rational(x.numerator, x.denominator) for x in row] for row in eqs]
    )
    vector = sympy.Matrix([sympy.Rational(x.numerator, x.denominator) for x in rhs])
    try:
        sol, params = matrix.gauss_jordan_solve(vector)
    except ValueError:
        return None
    if params.shape[0]:
        sol = sol.subs({p: 0 for p in params})
    probs = [Fraction(int(s.p), int(s.q)) for s in sol[: len(support)]]
    if any(p < 0 for p in probs):
        return None
    full = [Fraction(0)] * size
    for k, p in zip(support, probs):
        full[k] = p
    return full


# --------------------------------------------------------------------------- N players
def _lp_punish(w: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """``min over y in the simplex of max_a (w @ y)_a`` for a matrix ``w`` (m_i, k).

    Returns the value, the punisher's ``y``, and the punished player's maxmin strategy
    ``x`` (the LP's dual; uniform when the duals vanish).
    """

    m_i, k = w.shape
    res = linprog(
        np.r_[np.zeros(k), 1.0],
        A_ub=np.c_[w, -np.ones(m_i)],
        b_ub=np.zeros(m_i),
        A_eq=np.r_[np.ones(k), 0.0][None],
        b_eq=[1.0],
        bounds=[(0, None)] * k + [(None, None)],
        method="highs",
    )
    if res.status != 0:  # pragma: no cover - the LP is always feasible and bounded
        raise SolverError(f"the minmax linear program failed: {res.message}")
    y = np.clip(res.x[:k], 0, None)
    x = np.clip(-np.asarray(res.ineqlin.marginals), 0, None)
    x = x / x.sum() if x.sum() > 0 else np.full(m_i, 1.0 / m_i)
    return float(res.x[k]), y / y.sum(), x


def _n_player(game: NormalFormGame, i: int, tol: float, max_nodes: int) -> Minmax:
    n = game.n_players
    others = [k for k in range(n) if k != i]
    raw = np.asarray(game.payoffs[i], dtype=float)
    low, span = _bounds(raw)
    # On the payoffs mapped onto [0, 1] (tol relative to the payoff range; no overflow).
    u = np.moveaxis(unit_payoffs(raw[None])[0], i, 0)  # (m_i, m_o1, ..., m_oK)
    shapes = [game.shape[o] for o in others]
    scale = 1.0
    # One punisher (the one with most strategies) stays continuous inside linear programs;
    # branch and bound runs over the others' simplices.
    free = int(np.argmax(shapes))
    branch = [b for b in range(len(shapes)) if b != free]
    u2 = np.moveaxis(u, 1 + free, 1)  # (m_i, m_free, m_branch_0, ...)

    def assemble(sigma_free: np.ndarray, points: list[np.ndarray]) -> list[np.ndarray]:
        profile: list[Any] = [None] * len(shapes)
        profile[free] = sigma_free
        for b, p in zip(branch, points):
            profile[b] = p
        return profile

    def value(points: list[np.ndarray]) -> tuple[float, np.ndarray]:
        w = u2
        for b in range(len(points) - 1, -1, -1):
            w = np.tensordot(w, points[b], axes=([2 + b], [0]))
        return _lp_punish(w)[:2]  # exact inner problem: the free punisher's best reply

    # Start: the pure minmax punishment, polished one punisher at a time.
    pure = _pure(game, i)
    start = _coordinate_descent(u, [np.asarray(p, dtype=float) for p in pure.punishment])
    best = float(_contract_all_but(u, start, None).max())
    best_profile = start
    lower, found, converged = _branch_and_bound(
        u2, [shapes[b] for b in branch], value, best, tol * scale, max_nodes
    )
    if found is not None:
        _, sigma = value(found[1])  # the free punisher's exact best reply at the best points
        polished = _coordinate_descent(u, assemble(sigma, found[1]))
        val = float(_contract_all_but(u, polished, None).max())
        if val < best:
            best, best_profile = val, polished
    lo = min(lower - 1e-9 * scale, best)  # LP solutions are accurate to ~1e-9: stay certified
    converged = converged and best - lo <= 2 * tol * scale
    best, lo = low + span * best, low + span * lo
    return Minmax(game.players[i], best, lo, best, tuple(best_profile), True, False, converged)


def _bounds(u: np.ndarray) -> tuple[float, float]:
    """The smallest payoff and the payoff range (``inf`` beyond the float range)."""
    low = float(u.min())
    with np.errstate(over="ignore"):
        return low, float(u.max()) - low


def _contract_all_but(u: np.ndarray, profile: list[np.ndarray], keep: int | None) -> np.ndarray:
    """Contract each punisher's axis with its mixture, except ``keep``'s (last to first,
    so that the axes still to contract keep their positions)."""
    w = u
    for a in range(len(profile) - 1, -1, -1):
        if a != keep:
            w = np.tensordot(w, profile[a], axes=([1 + a], [0]))
    return w


def _coordinate_descent(
    u: np.ndarray, profile: list[np.ndarray], rounds: int = 50
) -> list[np.ndarray]:
    """Improve an independent punishment one punisher at a time (each step an LP)."""
    profile = [p.copy() for p in profile]
    last = np.inf
    for _ in range(rounds):
        for b in range(len(profile)):
            _, profile[b], _ = _lp_punish(_contract_all_but(u, profile, b))
        val = float(_contract_all_but(u, profile, None).max())
        if val >= last - 1e-13:
            break
        last = val
    return profile


def _branch_and_bound(
    u2: np.ndarray, shapes: list[int], value, upper: float, tol: float, max_nodes: int
):
    """Branch and bound over the branching punishers' simplices.

    Each region is a product of sub-simplices (vertex arrays). Its lower bound relaxes the
    product of the free punisher's mixture and the branching punishers' weights on the
    region's vertices to a joint distribution (a linear program); it is exact at a point,
    so the bounds close as regions shrink. Returns ``(lower, best, converged)`` where
    ``best`` is ``(value, points, free mixture)`` of the best explicit profile found.
    """
    m_i, m_free = u2.shape[:2]

    def bound(region: list[np.ndarray]):
        w = u2
        for b in range(len(region) - 1, -1, -1):
            w = np.tensordot(w, region[b], axes=([2 + b], [1]))  # vertex axes appended, reversed
        lb, mu, _ = _lp_punish(w.reshape(m_i, -1))
        mu = mu.reshape(w.shape[1:])  # (m_free, d_last, ..., d_first)
        points = []
        for b in range(len(region)):
            axis = 1 + (len(region) - 1 - b)
            lam = mu.sum(axis=tuple(a for a in range(mu.ndim) if a != axis))
            points.append(lam @ region[b])
        sigma = mu.reshape(m_free, -1).sum(axis=1)
        w = np.tensordot(u2, sigma, axes=([1], [0]))
        for b in range(len(points) - 1, -1, -1):
            w = np.tensordot(w, points[b], axes=([1 + b], [0]))
        return lb, (float(w.max()), points, sigma)

    root = [np.eye(m) for m in shapes]
    lb, cand = bound(root)
    best = cand
    if not shapes:  # two punishers or fewer left nothing to branch on: the LP is exact
        return lb, best, True
    heap = [(lb, 0, root)]
    pruned = np.inf
    count = 1
    while heap:
        lb, _, region = heapq.heappop(heap)
        if lb >= min(best[0], upper) - tol:
            return min(lb, pruned), best, True
        if count >= max_nodes:
            return min(lb, pruned), best, False
        longest, which, edge = -1.0, 0, (0, 1)
        for b, verts in enumerate(region):
            for p, q in itertools.combinations(range(verts.shape[0]), 2):
                length = float(np.abs(verts[p] - verts[q]).sum())
                if length > longest:
                    longest, which, edge = length, b, (p, q)
        verts = region[which]
        mid = (verts[edge[0]] + verts[edge[1]]) / 2
        for replace in edge:
            child_verts = verts.copy()
            child_verts[replace] = mid
            child = list(region)
            child[which] = child_verts
            clb, cand = bound(child)
            count += 1
            if cand[0] < best[0]:
                best = cand
            if clb >= min(best[0], upper) - tol:
                pruned = min(pruned, clb)
            else:
                heapq.heappush(heap, (clb, count, child))
    return min(min(best[0], upper), pruned), best, True
