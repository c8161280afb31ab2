"""Solving many games of one shape at once: best replies, dominance, equilibria.

Every function takes the game (for names and shape) and a payoff batch
``(K, n_players, m_1, ..., m_n)`` such as :func:`triangle.sweep` returns. Pure-strategy
questions are answered without a Python loop over ``K``; mixed equilibria are computed,
by :func:`triangle.equilibria`, only for the samples that have no pure one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from triangle.errors import InvalidGameError
from triangle.games.aliases import PayoffsLike
from triangle.games.normal_form import NormalFormGame
from triangle.games.results import Equilibria
from triangle.games.scale import check_relative_tolerance, payoff_bounds, unit_payoffs
from triangle.games.symbolic import check_game
from triangle.models.scenarios import PointLike
from triangle.progress import Progress, Reporter, check_progress
from triangle.registries import check_container, check_flag
from triangle.sensitivity.sweep import plan, resolve_chunk_size
from triangle.solvers.pure import best_reply_mask, pure_equilibria_batch

__all__ = [
    "BatchSolution",
    "best_responses",
    "dominated",
    "solve_batch",
    "solve_sweep",
]


def _check_batch(game: NormalFormGame, payoffs: Any) -> np.ndarray:
    # a set, a masked or complex array, a mapping or text is refused before numpy
    # reinterprets it (or raises its own TypeError)
    check_container(payoffs, "payoffs", InvalidGameError)
    try:
        u = np.asarray(payoffs)
    except ValueError:  # ragged nesting
        u = np.asarray(None)
    if u.dtype.kind not in "iuf":
        raise InvalidGameError(
            f"payoffs must be a real array (K, n_players, m_1, ..., m_n) such as "
            f"triangle.sweep(game, samples) returns; got {type(payoffs).__name__} "
            f"{repr(payoffs)[:60]}."
        )
    u = u.astype(float, copy=False)
    expected = (game.n_players, *game.shape)
    if u.ndim != len(expected) + 1 or u.shape[1:] != expected:
        raise InvalidGameError(
            f"payoffs must have shape (K, {', '.join(map(str, expected))}) for this game "
            f"(K samples, then the game's payoff shape); got {u.shape}. "
            f"triangle.sweep(game, samples) returns that shape."
        )
    bad = ~np.isfinite(u)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        raise InvalidGameError(
            f"payoffs must be finite; game (sample) {where[0]} has {u[where]} at payoffs"
            f"{list(where[1:])} ({int(bad.reshape(len(u), -1).any(axis=1).sum())} samples "
            f"affected). Drop those samples, or check the factor values that produced them."
        )
    return u


def _given_index(game: NormalFormGame, i: int, given: Any) -> tuple[Any, ...]:
    """Index of the opponents' pure profile ``given`` (mapping player -> strategy)."""
    if not isinstance(given, Mapping):
        raise InvalidGameError(
            f"given must map each other player to a strategy, e.g. "
            f"{ {p: s[0] for p, s in zip(game.players, game.strategies) if p != game.players[i]} }"
            f"; got {given!r}."
        )
    index: list[Any] = [slice(None)] * game.n_players
    seen = set()
    for player, strategy in given.items():
        j = game.player_index(player)
        if j == i:
            raise InvalidGameError(
                f"given fixes the other players' strategies; it cannot fix "
                f"{game.players[i]!r}'s own."
            )
        index[j] = game.strategy_index(j, strategy)
        seen.add(j)
    missing = [game.players[j] for j in range(game.n_players) if j != i and j not in seen]
    if missing:
        raise InvalidGameError(f"given names no strategy for {missing}; give one for each.")
    return tuple(index)


def best_responses(
    game: NormalFormGame,
    payoffs: PayoffsLike,
    player: str | int,
    given: Mapping[str, str] | None = None,
    *,
    tol: float = 1e-9,
) -> np.ndarray:
    """Where ``player``'s strategy is a best reply, in each of ``K`` games.

    Without ``given``: a boolean array ``(K, m_1, ..., m_n)``, true at a profile where
    the player's strategy is a best reply to the others' strategies in that profile.
    With ``given`` (``{other player: strategy}``): ``(K, m_player)``, the player's
    best replies to that profile. Ties within ``tol`` count as best replies.

    >>> import triangle as tri
    >>> g = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...     players=("A", "B"), strategies=(("c", "d"), ("c", "d")))
    >>> best_responses(g, g.payoffs[None], "A", {"B": "c"})
    array([[False,  True]])
    """
    check_game(game, "best_responses")
    tol = check_relative_tolerance(tol)
    u = _check_batch(game, payoffs)
    i = game.player_index(player)
    mask = best_reply_mask(u, i, tol)
    if given is None:
        return mask
    return mask[(slice(None), *_given_index(game, i, given))]


def dominated(
    game: NormalFormGame,
    payoffs: PayoffsLike,
    player: str | int,
    *,
    strict: bool = True,
    tol: float = 1e-9,
) -> np.ndarray:
    """Which of ``player``'s strategies another *pure* strategy dominates, in each game.

    Returns ``(K, m_player)`` booleans. Strict: another strategy does better (by more
    than ``tol`` times the player's payoff range in that game) against every profile of
    the others; weak: never worse and better against some. Domination by mixed
    strategies needs a linear program per game: use :func:`triangle.dominated_strategies`
    on the samples of interest.

    >>> import triangle as tri
    >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> dominated(pd, np.stack([pd.payoffs, -pd.payoffs]), 0)
    array([[ True, False],
           [False,  True]])
    """
    check_game(game, "dominated")
    tol = check_relative_tolerance(tol)
    strict = check_flag(strict, "strict")
    u = _check_batch(game, payoffs)
    i = game.player_index(player)
    m = game.shape[i]
    own = np.moveaxis(u[:, i], 1 + i, 1).reshape(u.shape[0], m, -1)  # (K, m_i, others)
    # Each game's payoffs of the player onto [0, 1]: gains relative to its payoff range
    # (as every check of the package), and no overflow.
    low, high = payoff_bounds(own, (1, 2))
    own = unit_payoffs(own, low, high)
    out = np.zeros((u.shape[0], m), dtype=bool)
    for s in range(m):
        for t in range(m):
            if s == t:
                continue
            gain = own[:, t] - own[:, s]
            if strict:
                out[:, s] |= gain.min(axis=1) > tol
            else:
                out[:, s] |= (gain.min(axis=1) >= -tol) & (gain.max(axis=1) > tol)
    return out


@dataclass
class BatchSolution:
    """The equilibria of ``K`` games of one shape.

    Attributes
    ----------
    pure
        ``(K, m_1, ..., m_n)`` booleans: the pure equilibria of each game.
    mixed
        ``{k: Equilibria}`` for the games without a pure equilibrium (when solved with
        ``mixed=True``): every equilibrium :func:`triangle.equilibria` finds, each verified.
    """

    game: NormalFormGame
    pure: np.ndarray
    mixed: dict[int, Equilibria] = field(default_factory=dict)

    @property
    def has_pure(self) -> np.ndarray:
        """``(K,)``: whether each game has a pure equilibrium."""
        return np.asarray(self.pure.reshape(self.pure.shape[0], -1).any(axis=1))

    def plays(self, player: str | int, strategy: str | int) -> np.ndarray:
        """``(K,)``: whether ``player`` plays ``strategy`` in some pure equilibrium."""
        i = self.game.player_index(player)
        j = self.game.strategy_index(i, strategy)
        axes = tuple(a for a in range(1, self.pure.ndim) if a != 1 + i)
        return np.take(self.pure, j, axis=1 + i).any(axis=tuple(a - (a > 1 + i) for a in axes))

    def profiles(self, k: int) -> list[tuple[str, ...]]:
        """The pure equilibria of game ``k``, as tuples of strategy names.

        >>> import triangle as tri
        >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> solve_batch(pd, pd.payoffs[None]).profiles(0)
        [('s2', 's2')]
        """
        return [
            tuple(self.game.strategies[i][j] for i, j in enumerate(cell))
            for cell in np.argwhere(self.pure[k])
        ]


def solve_batch(
    game: NormalFormGame,
    payoffs: PayoffsLike,
    *,
    mixed: bool = False,
    tol: float = 1e-9,
    progress: Progress = False,
) -> BatchSolution:
    """Pure equilibria of every game in a batch, and mixed ones where no pure one exists.

    The pure equilibria come from :func:`triangle.pure_equilibria_batch` (no loop over
    ``K``). With ``mixed=True``, :func:`triangle.equilibria` then runs on each game
    without a pure equilibrium, and only on those.

    >>> import triangle as tri
    >>> mp = tri.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> pd = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], dtype=float)
    >>> sol = solve_batch(mp, np.stack([mp.payoffs, pd]), mixed=True)
    >>> sol.has_pure
    array([False,  True])
    >>> sol.mixed[0][0].profile[0]
    array([0.5, 0.5])
    """
    check_game(game, "solve_batch")
    tol = check_relative_tolerance(tol)
    mixed = check_flag(mixed, "mixed")
    u = _check_batch(game, payoffs)
    pure = pure_equilibria_batch(u, tol=tol)
    solution = BatchSolution(game, pure)
    if mixed:
        solution.mixed = _mixed_where_needed(game, u, np.flatnonzero(~solution.has_pure), tol,
                                             progress)
    return solution


def _mixed_where_needed(
    game: NormalFormGame, u: np.ndarray, rows: np.ndarray, tol: float, progress: Progress
) -> dict[int, Equilibria]:
    from triangle.solvers.equilibria import equilibria

    report = Reporter(progress, len(rows), label="mixed equilibria")
    out = {}
    for k in rows:
        g = NormalFormGame(u[k], players=game.players, strategies=game.strategies)
        out[int(k)] = equilibria(g, tol=tol)
        report.advance(1)
    report.close()
    return out


def solve_sweep(
    game: NormalFormGame,
    samples: Mapping[str, Any],
    *,
    at: PointLike = None,
    mixed: bool = False,
    tol: float = 1e-9,
    chunk_size: int | None = None,
    progress: Progress = False,
    allow_out_of_range: bool = False,
) -> BatchSolution:
    """:func:`solve_batch` of :func:`triangle.sweep`, in bounded memory.

    The payoffs are computed and solved one chunk at a time, so a million samples need
    the memory of the ``(K, m_1, ..., m_n)`` answer only (not of the payoffs). The
    payoffs of samples without a pure equilibrium are kept for the mixed solver.

    >>> import sympy, triangle as tri
    >>> x = sympy.Symbol("x")
    >>> g = tri.NormalFormGame.from_bimatrix([[x, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> sol = solve_sweep(g, {"x": [-1.0, 2.0]})
    >>> sol.profiles(0), sol.profiles(1)
    ([('s2', 's2')], [('s1', 's1'), ('s2', 's2')])
    """
    tol = check_relative_tolerance(tol)
    mixed = check_flag(mixed, "mixed")
    check_progress(progress)
    p = plan(game, samples, at=at, allow_out_of_range=allow_out_of_range)
    chunk = resolve_chunk_size(chunk_size)
    shape = game.shape
    pure = np.empty((p.size, *shape), dtype=bool)
    need, need_rows = [], []
    buffer = np.empty((p.compiled.n_cells, min(chunk, max(p.size, 1))))
    mask_buffer = np.empty((*shape, buffer.shape[1]), dtype=bool)
    report = Reporter(progress, p.size)
    for start in range(0, p.size, chunk):
        stop = min(start + chunk, p.size)
        buf = buffer[:, : stop - start]
        p.fill(start, stop, buf)  # refuses non-finite payoffs, naming the sample
        u = buf.reshape(game.n_players, *shape, stop - start)  # cell-major: fast reductions
        mask = best_reply_mask(u, None, tol, layout="cell", out=mask_buffer[..., : stop - start])
        eq = np.moveaxis(mask, -1, 0)
        pure[start:stop] = eq
        if mixed:
            none = ~eq.reshape(stop - start, -1).any(axis=1)
            if none.any():
                need.append(np.moveaxis(u, -1, 0)[none].copy())
                need_rows.append(np.flatnonzero(none) + start)
        report.advance(stop - start)
    report.close()
    solution = BatchSolution(game, pure)
    if mixed and need:
        u_need = np.concatenate(need)
        found = _mixed_where_needed(game, u_need, np.arange(len(u_need)), tol, False)
        rows_all = np.concatenate(need_rows)
        solution.mixed = {int(rows_all[j]): eqs for j, eqs in found.items()}
    return solution
