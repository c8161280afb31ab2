"""Payoff kernels: a game's payoff expressions compiled once, evaluated in cache-sized chunks.

A kernel writes the payoffs of ``c`` samples into a *cell-major* buffer of shape
``(n_cells, c)``: each payoff cell is a contiguous row over the samples. Reductions
over strategies (best replies, equilibria) then run on contiguous vectors, which is
several times faster than on the sample-major layout ``(c, n, m_1, ..., m_n)``; a
sample-major *view* of the same memory (``np.moveaxis``) keeps the public shape.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

__all__ = ["Kernel", "kernel_for"]

#: Compiled kernels kept for reuse, keyed by the game's payoff expressions.
_CACHE: OrderedDict[tuple, Kernel] = OrderedDict()
_CACHE_SIZE = 32


@dataclass(frozen=True, eq=False)
class Kernel:
    """Compiled payoffs of one game: ``evaluate(arrays, out)`` fills ``out[cell, sample]``."""

    names: tuple[str, ...]  # factor ids, in argument order (sorted, as game.factors)
    shape: tuple[int, ...]  # (n_players, m_1, ..., m_n)
    _fn: Any
    _constant: np.ndarray | None  # payoffs of a game without factors

    @property
    def n_cells(self) -> int:
        return int(np.prod(self.shape))

    def evaluate(self, arrays: list[np.ndarray], out: np.ndarray) -> np.ndarray:
        """Payoffs for 1-D ``arrays`` (one per name) written into ``out`` ``(n_cells, c)``."""
        if self._constant is not None:
            out[...] = self._constant.reshape(-1, 1)
            return out
        for j, cell in enumerate(self._fn(*arrays)):
            out[j] = cell  # constants broadcast over the samples
        return out


def kernel_for(game: Any) -> Kernel:
    """The (cached) kernel of a game: one ``lambdify`` with common-subexpression elimination.

    Identical cells and shared sub-expressions (a term that appears in many profiles)
    are computed once per chunk by the CSE pass.

    >>> import triangle as tri
    >>> x = sympy.Symbol("x")
    >>> k = kernel_for(tri.NormalFormGame([[[x, 1]], [[0, 2 * x]]]))
    >>> k.evaluate([np.array([1.0, 3.0])], np.empty((4, 2)))
    array([[1., 3.],
           [1., 1.],
           [0., 0.],
           [2., 6.]])
    """
    payoffs = game.payoffs
    shape = tuple(payoffs.shape)
    if not game.is_symbolic:
        return Kernel((), shape, None, np.asarray(payoffs, dtype=float))
    flat = tuple(payoffs.flat)
    key = (shape, flat)
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit
    factors = game.factors
    symbols = list(factors.values())
    fn = sympy.lambdify(symbols, list(flat), modules="numpy", cse=True)
    kernel = Kernel(tuple(factors), shape, fn, None)
    _CACHE[key] = kernel
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return kernel


def sample_major(buffer: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """View a cell-major buffer ``(n_cells, c)`` as payoffs ``(c, n_players, m_1, ..., m_n)``."""
    return np.moveaxis(buffer.reshape(*shape, buffer.shape[-1]), -1, 0)


def cell_major(payoffs: np.ndarray) -> np.ndarray:
    """Payoffs ``(c, n, m..)`` as a cell-major array ``(n, m.., c)`` (a view when possible)."""
    return np.moveaxis(payoffs, 0, -1)
