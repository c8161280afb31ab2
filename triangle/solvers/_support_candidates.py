"""Private: the support profiles worth solving, generated lazily, pruned, smallest first.

A *support profile* fixes the strategies each player uses. Of the
``prod_i (2^m_i - 1)`` profiles of a game, those with every player pure are left to the
pure-profile test, and those in which some support strategy of a player is strictly
beaten by another of its strategies against every profile of the others' supports
(*conditional strict dominance*, Porter, Nudelman and Shoham 2008) hold no equilibrium.

The profiles are handed out in *groups* that share their support sizes (a *signature*
``(c_1, ..., c_n)``), smallest total size first and, among equal totals, most balanced
first (Porter et al.'s order). Within a group every system has the same number of
unknowns per player, so the kernel works on compact coordinates. Groups are split into
chunks and generated on demand from flat indices, so memory never holds the list of all
profiles.

The dominance test is tabulated once per player, over every combination of the others'
supports: ``table[i][c, s]`` says that strategy ``s`` of player ``i`` is conditionally
dominated given the others' supports of combination ``c``. A profile survives when no
player's support meets its row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from math import comb, prod

import numpy as np

#: Work per chunk of the dominance tables (combinations x pairs x cells), bounds memory.
_TABLE_CHUNK = 2**22


@cache
def subsets(m: int) -> np.ndarray:
    """All non-empty subsets of ``range(m)`` as boolean rows, by size, then by code.

    >>> subsets(2).astype(int).tolist()
    [[1, 0], [0, 1], [1, 1]]
    """
    codes = np.arange(1, 2**m)
    rows = ((codes[:, None] >> np.arange(m)[None, :]) & 1).astype(bool)
    order = np.lexsort((codes, rows.sum(axis=1)))
    out = rows[order]
    out.flags.writeable = False
    return out


def _size_start(m: int, c: int) -> int:
    """Index in :func:`subsets` of the first subset of size ``c``."""
    return sum(comb(m, k) for k in range(1, c))


def signatures(shape: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Support sizes with some player mixing: smallest total first, then most balanced.

    >>> signatures((2, 2))
    [(1, 2), (2, 1), (2, 2)]
    """
    grid = np.indices(shape).reshape(len(shape), -1).T + 1
    sigs = [tuple(int(c) for c in row) for row in grid if max(row) > 1]
    return sorted(sigs, key=lambda s: (sum(s), max(s) - min(s), s))


def profile_count(shape: tuple[int, ...], sig: tuple[int, ...]) -> int:
    """Number of support profiles with support sizes ``sig``."""
    return prod(comb(m, c) for m, c in zip(shape, sig))


def total_profiles(shape: tuple[int, ...]) -> int:
    """Support profiles with some player mixing (before pruning).

    >>> total_profiles((3, 3, 3))
    316
    """
    return prod(2**m - 1 for m in shape) - prod(shape)


def dominance_tables(u: np.ndarray) -> list[np.ndarray]:
    """Per player i, a table ``(prod_{k != i} (2^m_k - 1), m_i)`` of conditionally
    strictly dominated strategies, rows in the order of ``np.ravel_multi_index`` over
    the others' :func:`subsets` indices."""
    n = u.shape[0]
    shape = u.shape[1:]
    tables = []
    for i in range(n):
        others = [k for k in range(n) if k != i]
        ui = np.moveaxis(u[i], i, 0).reshape(shape[i], -1)  # (m_i, T)
        diff = ui[:, None, :] - ui[None, :, :]  # [s', s, t] = u(s', t) - u(s, t)
        counts = [2 ** shape[k] - 1 for k in others]
        total = prod(counts)
        cells = max(1, ui.shape[1])
        step = max(1, _TABLE_CHUNK // (shape[i] ** 2 * cells))
        table = np.zeros((total, shape[i]), dtype=bool)
        for start in range(0, total, step):
            idx = np.unravel_index(np.arange(start, min(total, start + step)), counts)
            # Mask of the others' support product, one row per combination.
            mask = np.ones((idx[0].size if idx else 1, 1), dtype=bool)
            for pos, k in enumerate(others):
                sub = subsets(shape[k])[idx[pos]]
                mask = (mask[:, :, None] & sub[:, None, :]).reshape(mask.shape[0], -1)
            worst = np.where(mask[:, None, None, :], diff[None], np.inf).min(axis=3)
            table[start : start + step] = np.any(worst > 0, axis=1)
        tables.append(table)
    return tables


@dataclass(frozen=True)
class Chunk:
    """Surviving support profiles (of one signature, or of several where the plan
    listed them): boolean masks ``(P, m_i)`` per player, how many profiles (surviving
    or pruned) the chunk covers, and the progress weights of each surviving profile
    (one number, or one per profile) and of a pruned one."""

    signature: tuple[int, ...]
    support: tuple[np.ndarray, ...]
    visited: int
    weight: float | np.ndarray = 1.0
    pruned_weight: float = 1.0

    @property
    def size(self) -> int:
        return int(self.support[0].shape[0])


def _masks(
    shape: tuple[int, ...], tables: list[np.ndarray], sig: tuple[int, ...], flat: np.ndarray
) -> tuple[list[np.ndarray], np.ndarray]:
    """Masks of the profiles of ``sig`` at flat indices ``flat``, and which survive."""
    n = len(shape)
    counts = [comb(m, c) for m, c in zip(shape, sig)]
    starts = [_size_start(m, c) for m, c in zip(shape, sig)]
    full = [2**m - 1 for m in shape]
    local = np.unravel_index(flat, counts)
    index = [local[i] + starts[i] for i in range(n)]
    masks = [subsets(shape[i])[index[i]] for i in range(n)]
    keep = np.ones(flat.size, dtype=bool)
    for i in range(n):
        others = [k for k in range(n) if k != i]
        row = np.ravel_multi_index([index[k] for k in others], [full[k] for k in others])
        keep &= ~np.any(tables[i][row] & masks[i], axis=1)
    return masks, keep


def chunks(
    u: np.ndarray,
    tables: list[np.ndarray],
    sig: tuple[int, ...],
    size: int,
    weight: float = 1.0,
    pruned_weight: float = 1.0,
) -> Iterator[Chunk]:
    """The profiles of signature ``sig`` that survive the dominance tables, ``size``
    profiles at a time (before pruning)."""
    shape = u.shape[1:]
    total = profile_count(shape, sig)
    for begin in range(0, total, size):
        stop = min(total, begin + size)
        masks, keep = _masks(shape, tables, sig, np.arange(begin, stop))
        yield Chunk(sig, tuple(m[keep] for m in masks), stop - begin, weight, pruned_weight)


def survivors(
    u: np.ndarray, tables: list[np.ndarray], sig: tuple[int, ...], sample: int, rng
) -> tuple[float, tuple[np.ndarray, ...] | None]:
    """How many profiles of ``sig`` survive pruning: counted when there are at most
    ``sample`` (and then returned too, as masks), else estimated from ``sample``
    profiles drawn at random (masks None)."""
    shape = u.shape[1:]
    total = profile_count(shape, sig)
    if total <= sample:
        masks, keep = _masks(shape, tables, sig, np.arange(total))
        return float(keep.sum()), tuple(m[keep] for m in masks)
    flat = rng.integers(0, total, size=sample)
    return float(_masks(shape, tables, sig, flat)[1].mean() * total), None


def list_all(
    u: np.ndarray, tables: list[np.ndarray]
) -> dict[tuple[int, ...], tuple[np.ndarray, ...]]:
    """Every surviving profile of a small game, by signature, in one vectorised pass
    (the same profiles, in the same order, as :func:`chunks`)."""
    n = u.shape[0]
    shape = u.shape[1:]
    subs = [subsets(m) for m in shape]
    full = [2**m - 1 for m in shape]
    grid = np.indices(full).reshape(n, -1)
    sizes = np.stack([subs[i].sum(axis=1)[grid[i]] for i in range(n)])
    keep = sizes.max(axis=0) > 1
    for i in range(n):
        others = [k for k in range(n) if k != i]
        row = np.ravel_multi_index([grid[k] for k in others], [full[k] for k in others])
        keep &= ~np.any(tables[i][row] & subs[i][grid[i]], axis=1)
    out: dict[tuple[int, ...], tuple[np.ndarray, ...]] = {}
    code = np.ravel_multi_index(sizes - 1, shape)
    for sig in signatures(shape):
        pick = keep & (code == np.ravel_multi_index([c - 1 for c in sig], shape))
        out[sig] = tuple(subs[i][grid[i][pick]] for i in range(n))
    return out
