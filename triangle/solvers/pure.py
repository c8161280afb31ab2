"""Pure-strategy Nash equilibria, for one game or a batch of games of one shape.

References: ``nash1951``.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any

import numpy as np

from triangle.citations import register as _cite
from triangle.errors import InvalidArgumentError, InvalidGameError
from triangle.games.aliases import PayoffsLike
from triangle.games.compiled import Layout
from triangle.games.normal_form import NormalFormGame, require_numeric
from triangle.games.results import Equilibria
from triangle.games.scale import (
    check_payoff_array,
    check_relative_tolerance,
    payoff_spans,
    unit_payoffs,
)
from triangle.registries import check_choice
from triangle.solvers.verify import relative_regrets, verified

__all__ = [
    "best_reply_mask",
    "player_best_reply_mask",
    "pure_equilibria",
    "pure_equilibria_batch",
]

#: Games per chunk of the best-reply kernel, which always reduces cell-major chunks
#: ``(n, m_1, ..., m_n, c)`` (each cell a contiguous row over the games): when the payoffs
#: already lie that way (cell-major, or a sweep's sample-major view) chunks are views and
#: larger is better; otherwise each chunk is first copied into that layout, and smaller
#: chunks keep the copy in cache. Measured on 3x3x3 games (benchmarks/bench_pure_batch.py).
_VIEW_CHUNK = 8192
_COPY_CHUNK = 1024


def best_reply_mask(
    payoffs: Any,
    player: int | Iterable[int] | None = None,
    tol: float = 1e-9,
    *,
    layout: Layout = "sample",
    out: np.ndarray | None = None,
) -> np.ndarray:
    """Where players' strategies are best replies (within ``tol``), in each of K games.

    The one floating-point best-reply test of the package: strategy ``s`` of player
    ``i`` is a best reply at a profile when ``max_t u_i(t, others) - u_i(s, others) <=
    tol * range_i`` (ties count), with ``range_i`` the player's payoff range in that game
    (``max - min``), computed on the payoffs mapped onto [0, 1] as the regret check does:
    scaling or shifting a game changes nothing, and no payoff size overflows. Batch
    solvers, sensitivity outcomes and the claims' checks all call it; the exact
    classifier of :mod:`triangle.sensitivity.thresholds` stays exact.

    Parameters
    ----------
    payoffs
        K games of one shape: ``(K, n, m_1, ..., m_n)`` with ``layout="sample"``, or
        cell-major ``(n, m_1, ..., m_n, K)`` with ``layout="cell"`` (each cell a
        contiguous row over the games, the faster layout to reduce).
    player
        A player's index; several (true where *each* best replies); or ``None``, every
        player: the pure Nash equilibria (:func:`pure_equilibria_batch`). An empty list
        marks every profile.
    tol
        Payoffs within ``tol`` times the player's payoff range of the best count as best.
    layout
        ``"sample"`` or ``"cell"``, as above; the mask has the same layout:
        ``(K, m_1, ..., m_n)`` or ``(m_1, ..., m_n, K)``.
    out
        Optional boolean array of the mask's shape to write into.

    Returns
    -------
    numpy.ndarray
        The boolean mask. No Python loop runs over K: per chunk of games, a maximum
        over the player's strategy axis and one comparison, on cell-major rows.

    >>> pd = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], dtype=float)  # one game
    >>> best_reply_mask(pd[None], 0)[0]   # the row player: defect (row 1) always
    array([[False, False],
           [ True,  True]])
    >>> best_reply_mask(pd[..., None], layout="cell")[..., 0]   # both: the equilibrium
    array([[False, False],
           [False,  True]])
    """
    tol = check_relative_tolerance(tol)
    check_choice(layout, "layout", ("sample", "cell"))
    u = _float_payoffs(payoffs)
    cell = layout == "cell"
    n = u.shape[0] if cell and u.ndim else (u.shape[1] if u.ndim > 1 else 0)
    if u.ndim < 4 or n != u.ndim - 2:
        expected = "(n, m_1, ..., m_n, K)" if cell else "(K, n, m_1, ..., m_n)"
        raise InvalidGameError(
            f"payoffs must have shape {expected} (layout={layout!r}) with n = the number of "
            f"strategy axes >= 2; got shape {u.shape}. For one game, add an axis of K = 1 "
            f"(payoffs[None] or payoffs[..., None])."
        )
    players = _players(player, n)
    shape = u.shape[1:] if cell else (u.shape[0], *u.shape[2:])
    if out is None:
        out = np.empty(shape, dtype=bool)
    elif out.shape != shape or out.dtype != bool:
        raise InvalidArgumentError(
            f"out must be a boolean array of shape {shape}; got {out.dtype} {out.shape}."
        )
    _best_replies(u, players, tol, cell, out)
    return out


def _float_payoffs(payoffs: Any) -> np.ndarray:
    """A batch's payoffs as floats, their type checked (their entries are checked chunk by
    chunk, where the kernel reads them)."""
    u = check_payoff_array(payoffs, min_ndim=0, entries=False, empty=True)
    if u.dtype == object:  # exact numbers (a game's exact_payoffs): checked one by one
        u = check_payoff_array(u, min_ndim=0, empty=True)
    return np.asarray(u, dtype=float)


def _players(player: int | Iterable[int] | None, n: int) -> list[int]:
    if player is None:
        return list(range(n))
    items = [player] if isinstance(player, (int, np.integer)) else list(player)
    for i in items:
        if isinstance(i, (bool, np.bool_)) or not isinstance(i, (int, np.integer)) or not (
            0 <= i < n
        ):
            raise InvalidArgumentError(
                f"player must be an index in 0..{n - 1} (or several, or None for all); "
                f"got {i!r}. Use game.player_index(name) for a name."
            )
    return [int(i) for i in items]


def _best_replies(
    u: np.ndarray, players: list[int], tol: float, cell: bool, out: np.ndarray,
    *, finite: bool = False,
) -> None:
    """Write the best-reply mask of ``players`` into ``out``, chunk by chunk of games.

    Every chunk is reduced cell-major: with ``cell`` (or a sample-major view whose games
    are adjacent in memory, as :func:`triangle.sweep` returns) the chunk is a view;
    otherwise it is copied into a cell-major scratch buffer first, which costs less than
    reducing along the short strided axes of C order (about half the time for 3x3x3).
    With ``finite``, non-finite payoffs raise (reported by their sample-major index).
    """
    k = u.shape[-1] if cell else u.shape[0]
    cells = u if cell else np.moveaxis(u, 0, -1)
    is_view = cell or cells.strides[-1] == cells.itemsize
    chunk = _VIEW_CHUNK if is_view else _COPY_CHUNK
    size = max(min(chunk, k), 1)
    copy = None if is_view else np.empty((*cells.shape[:-1], size))
    scratch = None if cell else np.empty((*cells.shape[1:-1], size), dtype=bool)
    for start in range(0, k, chunk):
        stop = min(start + chunk, k)
        if copy is None:
            block = cells[..., start:stop]
        else:
            block = copy[..., : stop - start]
            np.copyto(block, cells[..., start:stop])
        if finite and not np.isfinite(block).all():
            _raise_not_finite(u, start, stop)
        if scratch is None:
            _mark(block, players, tol, out[..., start:stop])
        else:
            mask = scratch[..., : stop - start]
            _mark(block, players, tol, mask)
            out[start:stop] = np.moveaxis(mask, -1, 0)


def _mark(cells: np.ndarray, players: list[int], tol: float, out: np.ndarray) -> None:
    """``out = AND over players of their best-reply masks``, cell-major ``(n, m.., c)``.

    Per player and game: the maximum over the player's own strategy axis (a reduction
    across contiguous rows), the player's payoff range in that game, then one comparison
    ``best - u <= tol * range``. A chunk with payoffs beyond ``2**1022`` in magnitude is
    first mapped onto [0, 1] (:func:`~triangle.games.scale.unit_payoffs`), so that no
    difference overflows. Callers that must agree with the regret check to the last bit
    re-check the profiles it marks (:func:`pure_candidates`).
    """
    if not players:
        out[...] = True
        return
    for n_done, i in enumerate(players):
        _mark_player(cells[i], i, tol, out, n_done == 0)


def _mark_player(ui: np.ndarray, i: int, tol: float, out: np.ndarray, first: bool) -> None:
    """One player's part of :func:`_mark`: ``ui`` is the player's payoffs ``(m.., c)``, ``i``
    their own axis; ``out`` is set (``first``) or and-ed with the player's mask."""
    axes = tuple(range(ui.ndim - 1))
    best = ui.max(axis=i, keepdims=True)
    high = best.max(axis=axes, keepdims=True)
    low = ui.min(axis=axes, keepdims=True)
    if max(float(np.abs(high).max()), float(np.abs(low).max())) > 2.0**1022:
        ui = unit_payoffs(ui, low, high)
        best = ui.max(axis=i, keepdims=True)
        high, low = best.max(axis=axes, keepdims=True), ui.min(axis=axes, keepdims=True)
    gap = best - ui
    threshold = (high - low) * tol
    if first:
        np.less_equal(gap, threshold, out=out)
    else:
        out &= gap <= threshold


def player_best_reply_mask(
    payoffs: Any, axis: int, tol: float = 1e-9, *, out: np.ndarray | None = None
) -> np.ndarray:
    """Where one player's strategies are best replies, in each of K games, from that
    player's payoffs alone.

    The test of :func:`best_reply_mask` (``max_t u(t, others) - u(s, others) <= tol *
    range``, the range over this player's payoffs in each game) on one player's payoffs,
    cell-major ``(m_1, ..., m_n, K)``, the player's own strategies along ``axis``: the
    same mask as ``best_reply_mask(all_payoffs, axis, tol, layout="cell")``, bit for bit,
    for a caller that holds one player's payoffs and need not assemble the others'.

    Parameters
    ----------
    payoffs
        The player's payoffs ``(m_1, ..., m_n, K)`` (at least one strategy axis).
    axis
        The player's own strategy axis, ``0 <= axis < n``.
    tol
        Payoffs within ``tol`` times the player's payoff range of the best count as best.
    out
        Optional boolean array ``(m_1, ..., m_n, K)`` to write into.

    >>> pd = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], dtype=float)[..., None]
    >>> player_best_reply_mask(pd[0], 0)[..., 0]   # the row player: defect always
    array([[False, False],
           [ True,  True]])
    >>> bool((player_best_reply_mask(pd[1], 1) == best_reply_mask(pd, 1, layout="cell")).all())
    True
    """
    tol = check_relative_tolerance(tol)
    u = _float_payoffs(payoffs)
    if u.ndim < 2:
        raise InvalidGameError(
            f"payoffs must be one player's payoffs (m_1, ..., m_n, K) with at least one "
            f"strategy axis; got shape {u.shape}. For one game, add an axis of K = 1."
        )
    n = u.ndim - 1
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (int, np.integer)) or not (
        0 <= axis < n
    ):
        raise InvalidArgumentError(
            f"axis must be the player's own strategy axis, an index in 0..{n - 1}; "
            f"got {axis!r}."
        )
    if out is None:
        out = np.empty(u.shape, dtype=bool)
    elif not isinstance(out, np.ndarray) or out.shape != u.shape or out.dtype != bool:
        raise InvalidArgumentError(
            f"out must be a boolean array of shape {u.shape}; got "
            f"{getattr(out, 'dtype', type(out).__name__)} {getattr(out, 'shape', '')}."
        )
    k = u.shape[-1]
    for start in range(0, k, _VIEW_CHUNK):  # cell-major chunks: views, as best_reply_mask
        stop = min(start + _VIEW_CHUNK, k)
        _mark_player(u[..., start:stop], int(axis), tol, out[..., start:stop], True)
    return out


def _raise_not_finite(u: np.ndarray, start: int, stop: int) -> None:
    block = u[start:stop]  # sample-major: the first bad sample, then its first bad cell
    bad = tuple(int(i) for i in np.argwhere(~np.isfinite(block))[0])
    bad = (bad[0] + start, *bad[1:])
    raise InvalidGameError(f"payoffs must be finite; found {u[bad]} at index {bad}.")


def pure_equilibria_batch(payoffs: PayoffsLike, tol: float = 1e-9) -> np.ndarray:
    """Mark the pure Nash equilibria of many games of the same shape at once.

    ``payoffs`` has shape ``(K, n_players, m_1, ..., m_n)``; the result is a boolean
    array ``(K, m_1, ..., m_n)``, true where the profile is an equilibrium of game k.
    A strategy within ``tol`` of the best reply counts as a best reply (ties count):
    :func:`best_reply_mask` of every player, after a check that the payoffs are finite.
    No Python loop runs over K.

    >>> import numpy as np
    >>> pd = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], dtype=float)
    >>> pure_equilibria_batch(np.stack([pd, -pd]))
    array([[[False, False],
            [False,  True]],
    <BLANKLINE>
           [[ True, False],
            [False, False]]])
    """
    tol = check_relative_tolerance(tol)
    u = _float_payoffs(payoffs)
    if u.ndim < 4 or u.shape[1] != u.ndim - 2:
        raise InvalidGameError(
            f"payoffs must have shape (K, n_players, m_1, ..., m_n) with n_players = number of "
            f"strategy axes >= 2; got shape {u.shape}. For a single game use pure_equilibria(game)."
        )
    out = np.empty((u.shape[0], *u.shape[2:]), dtype=bool)
    _best_replies(u, list(range(u.shape[1])), tol, False, out, finite=True)
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
    tol = check_relative_tolerance(tol)
    profiles = [profile for _, profile in pure_candidates(game, tol)]
    return Equilibria(verified(game, profiles, tol, "pure_equilibria"), method="pure")


def pure_candidates(
    game: NormalFormGame, tol: float
) -> list[tuple[tuple[int, ...], tuple[np.ndarray, ...]]]:
    """The pure equilibria as (strategy indices, one-hot profile), unverified, in order.

    A profile is kept when every player's regret is at most ``tol`` times its payoff
    range. Games with rational payoffs are decided exactly: floating point only proposes
    candidates (with a margin far above its rounding error), and each is then tested in
    rational arithmetic, by the same rule :func:`triangle.solvers.verify.verified`
    applies, so the solver and the check never disagree.

    >>> g = NormalFormGame.from_bimatrix([[1, 0]], [[0, 1]])
    >>> pure_candidates(g, 1e-9)
    [((0, 1), (array([1.]), array([0., 1.])))]
    """
    exact = game.has_exact_payoffs
    margin = min(2 * tol + 1e-12, 0.999)  # far above rounding: no equilibrium is missed
    mask = pure_equilibria_batch(np.asarray(game.payoffs, dtype=float)[None], tol=margin)[0]
    if exact:
        u = game.exact_payoffs
        spans = payoff_spans(u)
        bound = Fraction(tol)
    cache: dict[str, Any] = {}
    out = []
    for found in np.argwhere(mask):
        cell = tuple(int(j) for j in found)
        profile = tuple(np.eye(m)[j] for m, j in zip(game.shape, cell))
        if exact:
            keep = all(
                _exact_regret(u, i, cell) <= bound * spans[i] for i in range(game.n_players)
            )
        else:  # irrational payoffs: the regret check's own floating-point test
            keep = max(relative_regrets(game, profile, cache)) <= tol
        if keep:
            out.append((cell, profile))
    return out


def _exact_regret(u: np.ndarray, i: int, cell: tuple[int, ...]) -> Fraction:
    index: tuple[Any, ...] = (i, *cell[:i], slice(None), *cell[i + 1 :])
    line = u[index]
    return Fraction(max(line) - line[cell[i]])
