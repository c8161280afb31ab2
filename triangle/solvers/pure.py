"""Pure-strategy Nash equilibria, for one game or a batch of games of one shape."""

from __future__ import annotations

from typing import Any

import numpy as np

from triangle.citations import register as _cite
from triangle.errors import InvalidGameError, check_tolerance
from triangle.games.normal_form import NormalFormGame, require_numeric
from triangle.games.results import Equilibria
from triangle.solvers.verify import verified

__all__ = ["pure_equilibria", "pure_equilibria_batch"]

#: Games per chunk in the batch kernel: large enough to amortise numpy's overhead,
#: small enough that the temporaries stay in cache (measured best for 3x3x3 games).
_CHUNK = 2048


def pure_equilibria_batch(payoffs: Any, tol: float = 1e-9) -> np.ndarray:
    """Mark the pure Nash equilibria of many games of the same shape at once.

    ``payoffs`` has shape ``(K, n_players, m_1, ..., m_n)``; the result is a boolean
    array ``(K, m_1, ..., m_n)``, true where the profile is an equilibrium of game k.
    A strategy within ``tol`` of the best reply counts as a best reply (ties count).
    No Python loop runs over K: the work is a max and a comparison per player.

    >>> import numpy as np
    >>> pd = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], dtype=float)
    >>> pure_equilibria_batch(np.stack([pd, -pd]))
    array([[[False, False],
            [False,  True]],
    <BLANKLINE>
           [[ True, False],
            [False, False]]])
    """
    tol = check_tolerance(tol)
    u = np.asarray(payoffs, dtype=float)
    if u.ndim < 4 or u.shape[1] != u.ndim - 2:
        raise InvalidGameError(
            f"payoffs must have shape (K, n_players, m_1, ..., m_n) with n_players = number of "
            f"strategy axes >= 2; got shape {u.shape}. For a single game use pure_equilibria(game)."
        )
    k, shape = u.shape[0], u.shape[2:]
    out = np.empty((k, *shape), dtype=bool)
    for start in range(0, k, _CHUNK):
        block = u[start : start + _CHUNK]
        if not np.isfinite(block).all():
            bad = tuple(int(i) for i in np.argwhere(~np.isfinite(block))[0])
            bad = (bad[0] + start, *bad[1:])
            raise InvalidGameError(f"payoffs must be finite; found {u[bad]} at index {bad}.")
        mask = out[start : start + _CHUNK]
        mask[...] = True
        for i, m in enumerate(shape):
            # Player i's payoffs and the mask with i's strategy axis first: a running
            # maximum over m slices beats a reduction along a short strided axis.
            ui = np.moveaxis(block[:, i], 1 + i, 0)
            best = ui[0].copy()
            for j in range(1, m):
                np.maximum(best, ui[j], out=best)
            best -= tol
            mi = np.moveaxis(mask, 1 + i, 0)
            for j in range(m):
                mi[j] &= ui[j] >= best
    return out


def pure_equilibria(game: NormalFormGame, tol: float = 1e-9) -> Equilibria:
    """All pure-strategy Nash equilibria of a game with any number of players.

    A profile is an equilibrium when each player's strategy is a best reply (ties, up to
    ``tol``, count). Equilibria come in lexicographic order of strategy indices.

    >>> import triangle as tri
    >>> bos = tri.NormalFormGame.from_bimatrix(
    ...     [[2, 0], [0, 1]], [[1, 0], [0, 2]],
    ...     strategies=(("opera", "football"), ("opera", "football")))
    >>> tri.pure_equilibria(bos)
    Equilibria([Equilibrium(Player 1: opera; Player 2: opera; payoffs 2, 1),
     Equilibrium(Player 1: football; Player 2: football; payoffs 1, 2)])
    """
    _cite("nash1951")
    require_numeric(game, "pure_equilibria")
    profiles = [profile for _, profile in pure_candidates(game, tol)]
    return Equilibria(verified(game, profiles, tol, "pure_equilibria"), method="pure")


def pure_candidates(
    game: NormalFormGame, tol: float
) -> list[tuple[tuple[int, ...], tuple[np.ndarray, ...]]]:
    """The pure equilibria as (strategy indices, one-hot profile), unverified, in order.

    >>> g = NormalFormGame.from_bimatrix([[1, 0]], [[0, 1]])
    >>> pure_candidates(g, 1e-9)
    [((0, 1), (array([1.]), array([0., 1.])))]
    """
    mask = pure_equilibria_batch(np.asarray(game.payoffs, dtype=float)[None], tol=tol)[0]
    out = []
    for cell in np.argwhere(mask):
        cell = tuple(int(j) for j in cell)
        out.append((cell, tuple(np.eye(m)[j] for m, j in zip(game.shape, cell))))
    return out
