"""Thresholds over priors: which belief makes a type change its move, and regime maps.

Two tools for the Bayesian models of :mod:`triangle.models.beliefs`:

- :func:`prior_thresholds` (exact): a type's interim payoff from each of its moves, the
  other players' types held to given moves, as a function of one factor (a prior, or any
  factor). Weighted by the type's own probability (which does not change its best reply
  where the type has positive probability), every interim payoff is a polynomial in the
  prior's factors, so the points where the best reply changes are roots of polynomials,
  found exactly (sympy; floats are read by their shortest decimal). Between two
  consecutive points the best reply is the same; each region is checked at an exact
  interior point.
- :func:`prior_regime_map` (numeric): the pure Bayesian Nash equilibria, or a player's
  responses to a US move, over a grid of two factors, as a
  :class:`~triangle.sensitivity.regimes.RegimeMap` (same display, shares and plots as
  :func:`triangle.sensitivity.regime_map`). The grid is evaluated compiled, and every
  grid point's equilibria come from :func:`bne_mask`, the agent-form best-reply test
  over arrays of games (checked against :func:`triangle.bayesian_equilibria` in the tests).

>>> import triangle as tri
>>> from triangle.models.beliefs import screening
>>> t = prior_thresholds(screening(), "russia_opportunist_prior", "US",
...                      {"Russia": "stay", "China": "hold"})
>>> t.points
(3/4,)
>>> print(t)
US(-) over russia_opportunist_prior, given {'Russia': 'stay', 'China': 'hold'}:
  in [1/5, 3/4]: condition
  = 3/4: condition, pressure
  in [3/4, 4/5]: pressure

Against a Russia that stays whatever its type, the US conditions its engagement unless
it believes Russia an opportunist with probability at least 3/4.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from triangle.errors import InvalidGameError, unknown_name
from triangle.games.bayesian import BayesianGame
from triangle.games.compiled import compile_payoffs
from triangle.games.symbolic import piecewise_edges
from triangle.models.beliefs import BELIEF_FACTORS, belief_values
from triangle.models.factors import factors
from triangle.sensitivity.regimes import RegimeMap
from triangle.solvers.pure import best_reply_mask

__all__ = [
    "PriorThresholds",
    "agent_cells",
    "bne_mask",
    "bne_profiles",
    "bne_reach",
    "equilibrium_region",
    "evaluate_bayesian",
    "hold_first",
    "prior_regime_map",
    "prior_thresholds",
]

TOL = 1e-9


# --------------------------------------------------------------------- kernels
def agent_cells(payoffs: np.ndarray, prior: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """The agent form of K Bayesian games, cell-major.

    ``payoffs`` is ``(n, T_1..T_n, A_1..A_n, K)``, ``prior`` ``(T_1..T_n, K)``. Returns
    the agent form's payoffs ``(n_agents, A_agent_1, ..., K)`` (agent ``(i, t_i)`` earns
    ``sum over t with that t_i of prior(t) * u_i(t, a)``, Selten 1975) and the agents
    ``(i, t_i)``, player by player.

    >>> u = np.zeros((2, 1, 2, 2, 2, 1)); p = np.array([[0.5, 0.5]])[..., None]
    >>> cells, agents = agent_cells(u, p)
    >>> cells.shape, agents
    ((3, 2, 2, 2, 1), [(0, 0), (1, 0), (1, 1)])
    """
    n = payoffs.shape[0]
    n_types = payoffs.shape[1 : 1 + n]
    n_actions = payoffs.shape[1 + n : 1 + 2 * n]
    k = payoffs.shape[-1]
    agents = _agents(n_types)
    axis = {a: j for j, a in enumerate(agents)}
    out = np.zeros((len(agents), *(n_actions[i] for i, _ in agents), k))
    for t in itertools.product(*(range(m) for m in n_types)):
        shape = [1] * len(agents) + [k]
        for i in range(n):
            shape[axis[(i, t[i])]] = n_actions[i]
        for i in range(n):
            out[axis[(i, t[i])]] += (prior[t] * payoffs[(i, *t)]).reshape(shape)
    return out, agents


def _agents(n_types: Sequence[int]) -> list[tuple[int, int]]:
    return [(i, t) for i in range(len(n_types)) for t in range(n_types[i])]


#: Samples per block of :func:`bne_profiles`: one block's interim payoffs and masks stay
#: in the CPU cache.
_BLOCK = 2048

#: Agent forms with at most this many pure profiles are tested densely (every agent).
_DENSE = 81


def _interim(
    payoffs: np.ndarray, prior: np.ndarray, agent: tuple[int, int], agents: list[Any],
    sl: slice, only: tuple[int, int] | None = None,
) -> tuple[np.ndarray, list[Any]]:
    """Agent ``(i, ti)``'s interim payoff (prior-weighted) over its own move and the moves
    of the *other* players' agents, cell-major ``(A.., k)``, at the samples ``sl``.

    An agent's payoff depends only on those moves, so its best replies are found on this
    array, smaller than the agent form. With ``only = (q, tq)``, the type profiles with
    ``t_q = tq`` only (the axes of ``q``'s other agents then have size 1).
    """
    i, ti = agent
    n = payoffs.shape[0]
    n_types = payoffs.shape[1 : 1 + n]
    n_actions = payoffs.shape[1 + n : 1 + 2 * n]
    mine = [a for a in agents if a[0] != i or a == agent]
    local = {a: j for j, a in enumerate(mine)}
    k = len(range(*sl.indices(payoffs.shape[-1])))
    size = [n_actions[a[0]] if only is None or a[0] != only[0] or a == only else 1
            for a in mine]
    w = np.zeros((*size, k))
    for t in itertools.product(*(range(m) if q != i else (ti,) for q, m in enumerate(n_types))):
        if only is not None and t[only[0]] != only[1]:
            continue
        shape = [1] * len(mine) + [k]
        for q in range(n):
            shape[local[(q, t[q])]] = n_actions[q]
        w += (prior[t][sl] * payoffs[(i, *t)][..., sl]).reshape(shape)
    return w, mine


def bne_profiles(
    payoffs: np.ndarray, prior: np.ndarray, tol: float = TOL
) -> tuple[np.ndarray, np.ndarray]:
    """The pure Bayesian Nash equilibria of K games as a list.

    ``payoffs`` and ``prior`` as in :func:`agent_cells`. Returns ``(moves, sample)``:
    ``moves`` is ``(n_agents, N)``, each column an agent profile (agents as
    :func:`agent_cells` orders them) that is an equilibrium of game ``sample[j]``.

    The test is :func:`triangle.solvers.pure.best_reply_mask` on the agent form (Selten
    1975): a move is a best reply when within ``tol`` times the agent's payoff range of
    the best, and an agent of prior probability zero has a constant payoff, so every move
    is. It runs without building the agent form: each agent's payoff depends only on its
    own move and the moves of the *other* players' agents, so every agent but one is
    tested on that smaller array; the remaining agent, one whose payoff depends on every
    agent (China in the triangle: 729 profiles), is tested only at the profiles where all
    the others best-reply, with its payoff range over all profiles found without
    enumerating them (given the moves of all agents but one player's, that player's
    agents enter separate terms, so the maximum is a sum of maxima).

    >>> u = np.zeros((2, 1, 1, 2, 2, 1)); u[:, 0, 0, 0, 0] = 1  # coordination on (0, 0)
    >>> moves, sample = bne_profiles(u, np.ones((1, 1, 1)))
    >>> moves.T.tolist(), sample.tolist()
    ([[0, 0], [1, 1]], [0, 0])
    """
    n = payoffs.shape[0]
    n_types = payoffs.shape[1 : 1 + n]
    n_actions = payoffs.shape[1 + n : 1 + 2 * n]
    k = payoffs.shape[-1]
    agents = _agents(n_types)
    full = [a for a in agents if n_types[a[0]] == 1 and len(agents) > 1]
    profiles = int(np.prod([n_actions[i] for i, _ in agents]))
    # tested at the candidate profiles only, where the agent form is large
    last = full[-1] if full and profiles > _DENSE else None
    found_moves, found_samples = [], []
    for start in range(0, k, _BLOCK):
        sl = slice(start, min(start + _BLOCK, k))
        size = sl.stop - sl.start
        mask = np.ones((*(n_actions[i] for i, _ in agents), size), dtype=bool)
        for agent in agents:
            if agent == last:
                continue
            w, mine = _interim(payoffs, prior, agent, agents, sl)
            ok = best_reply_mask(np.broadcast_to(w, (len(mine), *w.shape)),
                                 mine.index(agent), tol, layout="cell")
            shape = [1] * len(agents) + [size]
            for a in mine:
                shape[agents.index(a)] = n_actions[a[0]]
            mask &= ok.reshape(shape)
        cells, samples = np.nonzero(mask.reshape(-1, size))
        moves = np.array(np.unravel_index(cells, mask.shape[:-1])).reshape(len(agents), -1)
        if last is not None and samples.size:
            keep = _sparse_best_reply(payoffs, prior, last, agents, sl, moves, samples, tol)
            moves, samples = moves[:, keep], samples[keep]
        found_moves.append(moves)
        found_samples.append(samples + start)
    if not found_moves:
        return np.zeros((len(agents), 0), dtype=np.intp), np.zeros(0, dtype=np.intp)
    return np.concatenate(found_moves, axis=1), np.concatenate(found_samples)


def _sparse_best_reply(
    payoffs: np.ndarray, prior: np.ndarray, agent: tuple[int, int], agents: list[Any],
    sl: slice, moves: np.ndarray, samples: np.ndarray, tol: float,
) -> np.ndarray:
    """Whether ``agent`` best-replies at the candidate profiles ``moves[:, j]`` of the
    samples ``sl.start + samples[j]``: :func:`best_reply_mask` on its payoffs there, with
    its payoff range over all profiles (see :func:`bne_profiles`)."""
    i, ti = agent
    n = payoffs.shape[0]
    n_types = payoffs.shape[1 : 1 + n]
    n_actions = payoffs.shape[1 + n : 1 + 2 * n]
    axis = {a: j for j, a in enumerate(agents)}
    own = n_actions[i]
    values = np.zeros((own, samples.size))
    at = samples + sl.start
    for t in itertools.product(*(range(m) if q != i else (ti,) for q, m in enumerate(n_types))):
        flat = payoffs[(i, *t)].reshape(-1, payoffs.shape[-1])
        weight = prior[t][at]
        index = [moves[axis[(q, t[q])]] for q in range(n)]
        for z in range(own):
            index[i] = np.full(samples.size, z)
            values[z] += weight * flat[np.ravel_multi_index(index, n_actions), at]
    # the range over all profiles: given the moves of every agent but those of the player
    # with the most types, that player's agents enter separate terms (a sum of maxima)
    split = max((q for q in range(n) if q != i), key=lambda q: n_types[q])
    high = low = 0.0
    for tq in range(n_types[split]):
        w, mine = _interim(payoffs, prior, agent, agents, sl, only=(split, tq))
        j = mine.index((split, tq))
        high = high + w.max(axis=j, keepdims=True)
        low = low + w.min(axis=j, keepdims=True)
    size = sl.stop - sl.start
    high = np.asarray(high).reshape(-1, size).max(axis=0)[samples]
    low = np.asarray(low).reshape(-1, size).min(axis=0)[samples]
    # one column of payoffs at the candidate, two holding the range's ends: the package's
    # best-reply rule then measures the gap against the agent's range over all profiles
    cells = np.zeros((2, own, 3, samples.size))
    cells[0, :, 0] = values
    cells[0, :, 1] = high
    cells[0, :, 2] = low
    best = best_reply_mask(cells, 0, tol, layout="cell")[:, 0]
    return best[moves[axis[agent]], np.arange(samples.size)]


def bne_mask(payoffs: np.ndarray, prior: np.ndarray, tol: float = TOL) -> np.ndarray:
    """Pure Bayesian Nash equilibria of K games, a mask over agent profiles ``(..., K)``.

    ``payoffs`` and ``prior`` as in :func:`agent_cells`; the axes are its agents'. The
    equilibria of :func:`bne_profiles` (the test of
    :func:`triangle.solvers.pure.best_reply_mask` on the agent form), marked.

    >>> u = np.zeros((2, 1, 1, 2, 2, 1)); u[:, 0, 0, 0, 0] = 1  # coordination on (0, 0)
    >>> bne_mask(u, np.ones((1, 1, 1)))[..., 0]
    array([[ True, False],
           [False,  True]])
    """
    n = payoffs.shape[0]
    n_types = payoffs.shape[1 : 1 + n]
    n_actions = payoffs.shape[1 + n : 1 + 2 * n]
    shape = tuple(n_actions[i] for i, _ in _agents(n_types))
    out = np.zeros((*shape, payoffs.shape[-1]), dtype=bool)
    moves, sample = bne_profiles(payoffs, prior, tol)
    out[(*moves, sample)] = True
    return out


def bne_reach(
    payoffs: np.ndarray, prior: np.ndarray, players: Sequence[int], tol: float = TOL
) -> np.ndarray:
    """The cells of ``players``' moves that some pure Bayesian Nash equilibrium plays at
    some type profile of positive prior probability, ``(A_p1, ..., K)``.

    >>> u = np.zeros((2, 1, 1, 2, 2, 1)); u[:, 0, 0, 0, 0] = 1
    >>> bne_reach(u, np.ones((1, 1, 1)), (0, 1))[..., 0]
    array([[ True, False],
           [False,  True]])
    """
    n = payoffs.shape[0]
    n_types = payoffs.shape[1 : 1 + n]
    n_actions = payoffs.shape[1 + n : 1 + 2 * n]
    axis = {a: j for j, a in enumerate(_agents(n_types))}
    k = payoffs.shape[-1]
    out = np.zeros((*(n_actions[i] for i in players), k), dtype=bool)
    moves, sample = bne_profiles(payoffs, prior, tol)
    for t in itertools.product(*(range(m) for m in n_types)):
        live = prior[t][sample] > 0
        out[(*(moves[axis[(i, t[i])]][live] for i in players), sample[live])] = True
    return out


def evaluate_bayesian(
    game: BayesianGame, values: Mapping[str, Any]
) -> tuple[np.ndarray, np.ndarray]:
    """A symbolic Bayesian game's payoffs ``(n, T.., A.., K)`` and prior ``(T.., K)`` at K
    samples (compiled once per game; scalars broadcast).

    >>> from triangle.models.beliefs import screening
    >>> u, p = evaluate_bayesian(screening(), {"russia_opportunist_prior": [0.2, 0.8]})
    >>> u.shape, p[:, :, :, 1].ravel().round(2).tolist()
    ((3, 1, 2, 1, 3, 3, 3, 2), [0.2, 0.8])
    """
    full = belief_values({k: v for k, v in values.items()})
    arrays = {n: np.atleast_1d(np.asarray(v, dtype=float)) for n, v in full.items()}
    k = max(a.shape[0] for a in arrays.values())
    arrays = {n: np.broadcast_to(a, (k,)) for n, a in arrays.items()}
    out = []
    for expr in (np.asarray(game.payoffs, dtype=object), np.asarray(game.prior, dtype=object)):
        fn = compile_payoffs(expr)
        missing = [n for n in fn.names if n not in arrays]
        if missing:
            raise unknown_name("factor", missing[0], arrays)
        flat = fn.fill([np.ascontiguousarray(arrays[n]) for n in fn.names],
                       np.empty((expr.size, k)))
        out.append(flat.reshape(*expr.shape, k))
    return out[0], out[1]


def hold_first(
    payoffs: np.ndarray, prior: np.ndarray, action: int
) -> tuple[np.ndarray, np.ndarray]:
    """K three-player Bayesian games with every type of the first player held to
    ``action``: the two-player games left, ``(2, T_2, T_3, A_2, A_3, K)``, and their prior
    ``(T_2, T_3, K)``. The first player's move is the same for all its types, so it
    reveals nothing: each payoff is averaged over the first player's type with the prior.

    >>> u = np.ones((3, 2, 1, 1, 2, 2, 2, 1)); p = np.full((2, 1, 1, 1), 0.5)
    >>> [x.shape for x in hold_first(u, p, 0)]
    [(2, 1, 1, 2, 2, 1), (1, 1, 1)]
    """
    if payoffs.shape[0] != 3:
        raise InvalidGameError("holding the first player's move needs a 3-player game.")
    u = payoffs[1:, :, :, :, action]  # (2, T_1, T_2, T_3, A_2, A_3, K)
    marg = prior.sum(axis=0)
    weight = prior / np.where(marg > 0, marg, 1.0)[None]
    out = np.zeros((2, *u.shape[2:]))
    for t in range(u.shape[1]):  # the first player's types, one term each (no einsum: faster)
        out += weight[t][None, :, :, None, None] * u[:, t]
    return out, marg


# --------------------------------------------------------------------- exact thresholds
@dataclass(frozen=True)
class PriorThresholds:
    """Where a type's best reply changes as one factor moves (exact).

    ``points`` are the factor's values inside ``within`` where two of the type's moves
    tie as best; ``regions`` lists ``(low, high, best moves)`` in order, the points
    themselves as regions of zero width; ``interim`` the type's (prior-weighted) interim
    payoff of each move, a polynomial in the factor.
    """

    factor: str
    player: str
    type: str
    given: Mapping[str, Any]
    points: tuple[Any, ...]
    regions: tuple[tuple[Any, Any, tuple[str, ...]], ...]
    interim: Mapping[str, sympy.Expr]

    def best_at(self, value: Any) -> tuple[str, ...]:
        """The type's best moves at one value of the factor (exact)."""
        return _best(self.interim, sympy.Symbol(self.factor), _exact(value))

    def __str__(self) -> str:
        lines = [f"{self.player}({self.type}) over {self.factor}, given {dict(self.given)}:"]
        for low, high, best in self.regions:
            where = f"= {low}" if low == high else f"in [{low}, {high}]"
            lines.append(f"  {where}: {', '.join(best)}")
        return "\n".join(lines)


def _exact(v: Any) -> Any:
    if isinstance(v, float):
        return sympy.Rational(repr(v))
    return sympy.sympify(v)


def _best(interim: Mapping[str, sympy.Expr], sym: sympy.Symbol, x: Any) -> tuple[str, ...]:
    vals = {a: sympy.simplify(e.subs(sym, x)) for a, e in interim.items()}
    top = max(vals.values())
    return tuple(a for a, v in vals.items() if v == top)


def _edges(exprs: Any, x: sympy.Symbol, lo: Any, hi: Any) -> list[Any]:
    """Where the conditions of the ``step`` parts (Piecewise) of ``exprs`` turn, in (lo, hi)."""
    out: set[Any] = set()
    for e in exprs:
        for edge in piecewise_edges(e):
            if edge.free_symbols:
                out.update(r for r in sympy.Poly(edge, x).real_roots() if lo < r < hi)
    return sorted(out, key=float)


def _piece_roots(diff: sympy.Expr, x: sympy.Symbol, lo: Any, hi: Any) -> list[Any]:
    """Real roots of a payoff difference in ``x``: a polynomial's, or, with ``step`` parts,
    each piece's inside the interval where it holds (its edges: :func:`_edges`)."""
    parts = diff.atoms(sympy.Piecewise)
    if not parts:
        return list(sympy.Poly(diff, x).real_roots())
    cuts = [lo, *_edges([diff], x, lo, hi), hi]
    out: list[Any] = []
    for a, b in itertools.pairwise(cuts):
        mid = (a + b) / 2
        piece = sympy.expand(diff.xreplace({p: _branch(p, x, mid) for p in parts}))
        if piece != 0 and piece.free_symbols:
            out.extend(r for r in sympy.Poly(piece, x).real_roots() if a < r < b)
    return out


def _branch(p: sympy.Piecewise, x: sympy.Symbol, at: Any) -> sympy.Expr:
    """The expression of the branch of ``p`` that holds at ``x = at``."""
    for expr, cond in p.args:
        if bool(sympy.sympify(cond).subs(x, at)):
            return expr
    raise InvalidGameError(f"no branch of {p} holds at {x} = {at}.")


def _given(game: BayesianGame, i: int, given: Mapping[str, Any]) -> list[list[int]]:
    """For each player, its action index by type (``given`` per player: an action for
    every type, or ``{type: action}``)."""
    out: list[list[int]] = []
    for j, p in enumerate(game.players):
        if j == i:
            out.append([])
            continue
        if p not in given:
            raise InvalidGameError(
                f"prior_thresholds needs the moves of every other player; give {p!r} "
                f"(an action, or {{type: action}})."
            )
        g = given[p]
        if isinstance(g, str):
            out.append([game.action_index(j, g)] * game.n_types[j])
        else:
            missing = [t for t in game.types[j] if t not in g]
            if missing:
                raise InvalidGameError(f"give {p!r}'s move for its types {missing}.")
            out.append([game.action_index(j, g[t]) for t in game.types[j]])
    return out


def prior_thresholds(
    game: BayesianGame,
    factor: str,
    player: str,
    given: Mapping[str, Any],
    *,
    type_: str | None = None,
    at: Mapping[str, Any] | None = None,
    within: tuple[Any, Any] | None = None,
) -> PriorThresholds:
    """Where ``player``'s type switches best reply as ``factor`` moves, exactly.

    Parameters
    ----------
    game
        A symbolic Bayesian game (e.g. :func:`triangle.models.beliefs.commitment`).
    factor
        The factor that moves (a prior such as ``russian_distrust_of_us``, or any other).
    player, type_
        Whose best reply (``type_`` defaults to the player's first type).
    given
        The other players' moves: an action for all of a player's types, or
        ``{type: action}``.
    at
        The other factors' values (default the registry's baseline and the belief
        priors', :func:`triangle.models.beliefs.belief_values`).
    within
        The interval searched (default the factor's plausible range; ``(0, 1)`` for
        probabilities is a common choice).

    >>> from triangle.models.beliefs import commitment
    >>> t = prior_thresholds(commitment(), "russian_distrust_of_us", "Russia",
    ...                      {"US": "engage", "China": "hold"}, within=(0, 1))
    >>> t.regions
    ((0, 1, ('hedge',)),)
    """
    i = game.player_index(player)
    ti = game.type_index(i, type_ if type_ is not None else game.types[i][0])
    if factor not in game.factors:
        raise unknown_name("factor of the game", factor, game.factors)
    sym = game.factors[factor]
    values = {k: _exact(v) for k, v in belief_values(at).items()
              if k in game.factors and k != factor}
    sub = game.subs(values)
    moves = _given(game, i, given)
    pay, prior = sub.payoffs, sub.prior
    interim: dict[str, sympy.Expr] = {}
    for a, name in enumerate(game.actions[i]):
        total = sympy.Integer(0)
        for t in itertools.product(*(range(m) if q != i else (ti,)
                                     for q, m in enumerate(game.n_types))):
            act = tuple(a if q == i else moves[q][t[q]] for q in range(game.n_players))
            total += sympy.sympify(prior[t]) * sympy.sympify(pay[(i, *t, *act)])
        interim[name] = sympy.expand(total)
    extra = set().union(*(e.free_symbols for e in interim.values())) - {sym}
    if extra:
        raise InvalidGameError(f"the payoffs still depend on {sorted(map(str, extra))}; "
                               f"give their values in at=.")
    ref = BELIEF_FACTORS.get(factor) or factors.get(factor)
    if within is None:
        if ref is None:
            raise InvalidGameError(f"give within=(low, high) for {factor!r}.")
        within = (ref.low, ref.high)
    lo, hi = _exact(within[0]), _exact(within[1])
    x = sympy.Symbol(factor)
    polys = {a: e.subs(sym, x) for a, e in interim.items()}
    roots: set[Any] = set()
    for m1, m2 in itertools.combinations(polys, 2):
        diff = sympy.expand(polys[m1] - polys[m2])
        if diff == 0 or not diff.free_symbols:
            continue
        for r in _piece_roots(diff, x, lo, hi):
            # a switch only where the two tied moves are best (not a tie below the best)
            if lo < r < hi and m1 in _best(polys, x, r):
                roots.add(r)
    # a folded sub-choice (step) jumps where its condition turns: a switch where the best
    # replies differ on either side of the jump
    for r in _edges(polys.values(), x, lo, hi):
        eps = sympy.Rational(1, 10**9) * (hi - lo)
        if _best(polys, x, r - eps) != _best(polys, x, r + eps):
            roots.add(r)
    points = tuple(sorted(roots, key=lambda r: float(r)))
    edges = (lo, *points, hi)
    regions: list[tuple[Any, Any, tuple[str, ...]]] = []
    for k in range(len(edges) - 1):
        a, b = edges[k], edges[k + 1]
        if k > 0:
            regions.append((a, a, _best(polys, x, a)))
        regions.append((a, b, _best(polys, x, (a + b) / 2)))
    # a tie at an end of the interval (e.g. every US promise worthless at distrust 1)
    for end, k in ((lo, 0), (hi, len(regions))):
        best = _best(polys, x, end)
        if best != regions[min(k, len(regions) - 1)][2]:
            regions.insert(k, (end, end, best))
    return PriorThresholds(factor, player, game.types[i][ti], dict(given), points,
                           tuple(regions), polys)


def equilibrium_region(
    game: BayesianGame,
    profile: Mapping[str, Any],
    factor: str,
    *,
    at: Mapping[str, Any] | None = None,
    within: tuple[Any, Any] | None = None,
) -> tuple[tuple[Any, Any], ...]:
    """The values of ``factor`` at which a pure profile is a Bayesian Nash equilibrium, exactly.

    ``profile`` gives every player's move (one for all its types, or ``{type: move}``).
    Each type's best replies come from :func:`prior_thresholds`; the profile is an
    equilibrium where every type's move is among them. Returns closed intervals
    ``(low, high)`` (a single point as ``(x, x)``), in order. A type of prior zero
    constrains nothing (its weighted interim payoffs are all zero).

    >>> from triangle.models.beliefs import screening
    >>> equilibrium_region(screening(), {"US": "pressure", "Russia": "stay",
    ...                                  "China": "hold"}, "russia_opportunist_prior")
    ((3/4, 4/5),)
    """
    checks = []
    for i, p in enumerate(game.players):
        move = profile[p]
        for t in game.types[i]:
            own = move if isinstance(move, str) else move[t]
            given = {q: profile[q] for q in game.players if q != p}
            res = prior_thresholds(game, factor, p, given, type_=t, at=at, within=within)
            checks.append((res, own))
    lo, hi = checks[0][0].regions[0][0], checks[0][0].regions[-1][1]
    points = sorted({x for res, _ in checks for x in res.points}, key=float)
    edges = [lo, *points, hi]
    pieces: list[tuple[Any, Any, bool]] = []
    for k in range(len(edges) - 1):
        a, b = edges[k], edges[k + 1]
        pieces.append((a, a, all(own in res.best_at(a) for res, own in checks)))
        mid = (a + b) / 2
        pieces.append((a, b, all(own in res.best_at(mid) for res, own in checks)))
    pieces.append((hi, hi, all(own in res.best_at(hi) for res, own in checks)))
    out: list[list[Any]] = []
    for a, b, ok in pieces:
        if not ok:
            continue
        if out and out[-1][1] == a:
            out[-1][1] = b
        else:
            out.append([a, b])
    # payoffs are continuous in the factor, so the end points of an interval where the
    # profile is an equilibrium are equilibria too: the intervals come out closed
    return tuple((a, b) for a, b in out)


# --------------------------------------------------------------------- regime maps
def _label(game: BayesianGame, profile: Sequence[Any], players: Sequence[int]) -> str:
    """``"condition, hedge/stay, hold"``: each player's moves by type (plan names)."""
    agents = _agents(game.n_types)
    parts = []
    for i in players:
        moves = [game.actions[i][profile[j]] for j, a in enumerate(agents) if a[0] == i]
        parts.append("/".join(moves))
    return ", ".join(parts)


def prior_regime_map(
    game: BayesianGame,
    x: str,
    y: str,
    *,
    us: str | None = None,
    at: Mapping[str, Any] | None = None,
    resolution: int | tuple[int, int] = 41,
    x_values: Any = None,
    y_values: Any = None,
) -> RegimeMap:
    """The pure Bayesian Nash equilibria over a grid of two factors (e.g. a prior and a
    payoff factor), the others held at ``at`` (default the baseline and belief priors).

    With ``us`` (a US move), every US type is held to it and the map shows the pure BNE
    of the game that is left (the others' moves, by type). A grid point is labelled by
    its equilibria, each written player by player with the moves of the player's types
    joined by ``/`` (types in the game's order); ``no pure equilibrium`` where there is
    none. Grid axes span the factors' plausible ranges unless given.

    >>> from triangle.models.beliefs import screening
    >>> m = prior_regime_map(screening(), "russia_opportunist_prior", "russian_opportunism",
    ...                      resolution=5)
    >>> m.labels[0]
    'condition, hedge/hedge, hold'
    """
    for name in (x, y):
        if name not in game.factors:
            raise unknown_name("factor of the game", name, game.factors)
    nx, ny = (resolution, resolution) if isinstance(resolution, int) else resolution

    def axis(values: Any, name: str, n: int) -> np.ndarray:
        if values is not None:
            return np.asarray(values, dtype=float)
        ref = BELIEF_FACTORS.get(name) or factors[name]
        return np.linspace(ref.low, ref.high, n)

    xs, ys = axis(x_values, x, nx), axis(y_values, y, ny)
    gx, gy = np.meshgrid(xs, ys)
    values = dict(belief_values(at))
    values.update({x: gx.ravel(), y: gy.ravel()})
    u, p = evaluate_bayesian(game, values)
    players = list(range(game.n_players))
    if us is not None:
        u, p = hold_first(u, p, game.action_index(0, us))
        players = [1, 2]
    mask = bne_mask(u, p)
    k = mask.shape[-1]
    flat = mask.reshape(-1, k)
    shape = mask.shape[:-1]
    labels_at = []
    sub = game if us is None else None
    for col in range(k):
        found = np.flatnonzero(flat[:, col])
        if found.size == 0:
            labels_at.append("no pure equilibrium")
            continue
        names = []
        for f in found:
            prof = np.unravel_index(f, shape)
            if sub is not None:
                names.append(_label(game, prof, players))
            else:  # agents of Russia and China only
                full = [0] * game.n_types[0] + list(prof)
                names.append(_label(game, full, players))
        labels_at.append(" | ".join(names))
    codes, inverse, counts = np.unique(np.array(labels_at, dtype=object).astype(str),
                                       return_inverse=True, return_counts=True)
    order = np.lexsort((np.arange(len(codes)), -counts))
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    labels = tuple(str(codes[j]) for j in order)
    regimes = rank[inverse.ravel()].reshape(len(ys), len(xs))
    what = "pure Bayesian Nash equilibria" + ("" if us is None else f" after {us}")
    return RegimeMap(x, y, xs, ys, regimes, labels, what)
