"""Reproducible samples of the factors over their plausible ranges."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import numpy as np

from ..errors import unknown_name
from ._inputs import InvalidSampleError, Ranges, factor_registry, resolve_ranges

__all__ = ["Seed", "sample_factors"]

Seed = int | np.random.Generator | None

_METHODS = ("uniform", "latin")


def _factor_names(factors: Any, ranges: Ranges | None) -> list[str]:
    """Sorted factor ids from ``None`` (registry + ranges), a game, or an iterable of ids."""
    if factors is None:
        names = set(factor_registry()) | set(ranges or {})
        if not names:
            raise InvalidSampleError(
                "no factors to sample: the registry is empty; name them with factors=[...] "
                "and give their ranges with ranges={id: (low, high)}."
            )
        return sorted(names)
    if hasattr(factors, "factors") and isinstance(factors.factors, Mapping):
        return sorted(factors.factors)  # a game: its free factors
    if isinstance(factors, str):
        factors = [factors]
    names = [getattr(f, "name", f) for f in factors]
    reg = factor_registry()
    for name in names:
        if not isinstance(name, str):
            raise InvalidSampleError(f"factor ids are strings; got {name!r}.")
        if name not in reg and name not in (ranges or {}):
            raise unknown_name("factor", name, sorted(set(reg) | set(ranges or {})))
    if len(set(names)) != len(names):
        raise InvalidSampleError(f"factor ids must be unique; got {names}.")
    return sorted(names)


def sample_factors(
    n: int,
    *,
    factors: Any = None,
    seed: Seed = None,
    method: str = "uniform",
    ranges: Ranges | None = None,
) -> dict[str, np.ndarray]:
    """Draw ``n`` values of each factor, independently and uniformly within its range.

    Parameters
    ----------
    n
        Number of samples.
    factors
        The factors to sample: ``None`` (every registry factor), an iterable of ids, or a
        game (its free factors). Ids are sorted, which fixes the stream: with the same
        seed, the same ids and ranges, the result is the same on every machine.
    seed
        ``int``, :class:`numpy.random.Generator` or ``None`` (fresh entropy).
    method
        ``"uniform"`` (independent Monte Carlo) or ``"latin"`` (Latin hypercube: each
        factor's range cut into ``n`` equal strata, one sample in each).
    ranges
        ``{id: (low, high)}`` overriding the registry's plausible ranges (and giving
        ranges to a game's own factors).

    Returns a dict of 1-D float arrays, ready for :func:`triangle.sweep`. With
    ``"uniform"``, the first ``k`` samples of ``n`` are the ``k`` samples drawn with the
    same seed (the stream is read sample by sample), which lets long runs go in chunks.

    >>> s = sample_factors(4, factors=["x"], ranges={"x": (0, 10)}, seed=1)
    >>> s["x"].round(2)
    array([5.12, 9.5 , 1.44, 9.49])
    >>> lhs = sample_factors(4, factors=["x"], ranges={"x": (0, 1)}, seed=1, method="latin")
    >>> sorted((lhs["x"] * 4).astype(int).tolist())  # one sample per quarter
    [0, 1, 2, 3]
    """
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or n < 0:
        raise InvalidSampleError(f"n must be a non-negative integer; got {n!r}.")
    if method not in _METHODS:
        raise InvalidSampleError(f"unknown method {method!r}; choose one of {_METHODS}.")
    names = _factor_names(factors, ranges)
    box = resolve_ranges(ranges, names)
    rng = np.random.default_rng(seed)
    unit = _unit_samples(int(n), len(names), rng, method)
    return _scale(unit, names, box)


def _unit_samples(n: int, d: int, rng: np.random.Generator, method: str) -> np.ndarray:
    """``(n, d)`` samples in the unit cube, row by row from ``rng``."""
    if method == "uniform" or n == 0 or d == 0:
        return rng.random((n, d))
    from scipy.stats import qmc

    return qmc.LatinHypercube(d, rng=rng).random(n)


def _scale(
    unit: np.ndarray, names: list[str], box: Mapping[str, tuple[float, float]]
) -> dict[str, np.ndarray]:
    out = {}
    for j, name in enumerate(names):
        lo, hi = box[name]
        out[name] = lo + (hi - lo) * unit[:, j]
    return out


def iter_uniform_samples(
    n: int,
    *,
    chunk_size: int,
    factors: Iterable[str] | None = None,
    seed: Seed = None,
    ranges: Ranges | None = None,
) -> Iterator[dict[str, np.ndarray]]:
    """The samples of ``sample_factors(n, method="uniform", ...)``, in chunks of rows.

    Concatenating the chunks gives exactly ``sample_factors``'s arrays, so results do
    not depend on the chunk size; memory stays at one chunk.

    >>> whole = sample_factors(5, factors=["x"], ranges={"x": (0, 1)}, seed=3)["x"]
    >>> parts = iter_uniform_samples(5, chunk_size=2, factors=["x"], ranges={"x": (0, 1)},
    ...                              seed=3)
    >>> bool((np.concatenate([p["x"] for p in parts]) == whole).all())
    True
    """
    if chunk_size < 1:
        raise InvalidSampleError(f"chunk_size must be a positive integer; got {chunk_size}.")
    names = _factor_names(factors, ranges)
    box = resolve_ranges(ranges, names)
    rng = np.random.default_rng(seed)
    for start in range(0, n, chunk_size):
        rows = min(chunk_size, n - start)
        yield _scale(rng.random((rows, len(names))), names, box)
