"""Reproducible samples of the factors over their plausible ranges."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, cast

import numpy as np

from triangle.errors import unknown_name
from triangle.games.aliases import FactorsLike
from triangle.sensitivity._inputs import InvalidSampleError, Ranges, factor_registry, resolve_ranges

__all__ = ["Seed", "factor_names", "sample_factors"]

Seed = int | np.random.Generator | None

_METHODS = ("uniform", "latin")


def factor_names(factors: Any, ranges: Ranges | None = None) -> list[str]:
    """Sorted factor ids from ``None`` (registry + ranges), a game, or an iterable of ids.

    What :func:`sample_factors` samples: every registry factor (and any id ``ranges``
    adds), a game's free factors, or the ids given (checked against the registry and
    ``ranges``).

    >>> factor_names(["x"], ranges={"x": (0, 1)})
    ['x']
    >>> import sympy, triangle as tri
    >>> factor_names(tri.NormalFormGame([[[sympy.Symbol("b"), sympy.Symbol("a")]], [[0, 0]]]))
    ['a', 'b']
    """
    if factors is None:
        known = set(factor_registry()) | set(ranges or {})
        if not known:
            raise InvalidSampleError(
                "no factors to sample: the registry is empty; name them with factors=[...] "
                "and give their ranges with ranges={id: (low, high)}."
            )
        return sorted(known)
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


def factor_streams(seed: Seed, names: Iterable[str]) -> dict[str, np.random.Generator]:
    """One independent random stream per factor, determined by ``seed`` and the factor's id.

    Each stream is seeded by ``SeedSequence(entropy, spawn_key=(crc32(id),))``, so a
    factor's samples depend on the seed and its own id only: adding a factor to the
    registry, or sampling a subset, leaves the other factors' samples unchanged.

    >>> a = factor_streams(1, ["x", "y"])["x"].random()
    >>> b = factor_streams(1, ["x"])["x"].random()
    >>> a == b
    True
    """
    if isinstance(seed, np.random.Generator):
        entropy = int(seed.integers(2**63))
    elif seed is None:
        entropy = cast(int, np.random.SeedSequence().entropy)  # an int when not given
    elif isinstance(seed, (int, np.integer)) and not isinstance(seed, bool) and seed >= 0:
        entropy = int(seed)
    else:
        raise InvalidSampleError(
            f"seed must be a non-negative int, a numpy.random.Generator or None; got {seed!r}."
        )
    return {
        name: np.random.Generator(np.random.PCG64(
            np.random.SeedSequence(entropy, spawn_key=(zlib.crc32(name.encode()),))))
        for name in names
    }


def sample_factors(
    n: int,
    *,
    factors: FactorsLike = None,
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
        game (its free factors).
    seed
        ``int``, :class:`numpy.random.Generator` or ``None`` (fresh entropy). Each factor
        has its own stream, determined by the seed and its id (see
        :func:`factor_streams`): the same seed gives the same samples of a factor on
        every machine, whichever other factors are drawn with it.
    method
        ``"uniform"`` (independent Monte Carlo) or ``"latin"`` (Latin hypercube: each
        factor's range cut into ``n`` equal strata, one sample in each, the strata of
        different factors paired at random).
    ranges
        ``{id: (low, high)}`` overriding the registry's plausible ranges (and giving
        ranges to a game's own factors).

    Returns a dict of 1-D float arrays, ready for :func:`triangle.sweep`. With
    ``"uniform"``, the first ``k`` of ``n`` samples are the ``k`` samples drawn with the
    same seed, which lets long runs go in chunks (:func:`iter_uniform_samples`).

    >>> s = sample_factors(4, factors=["x"], ranges={"x": (0, 10)}, seed=1)
    >>> s["x"].round(2)
    array([0.15, 9.74, 6.  , 1.36])
    >>> lhs = sample_factors(4, factors=["x"], ranges={"x": (0, 1)}, seed=1, method="latin")
    >>> sorted((lhs["x"] * 4).astype(int).tolist())  # one sample per quarter
    [0, 1, 2, 3]
    """
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or n < 0:
        raise InvalidSampleError(f"n must be a non-negative integer; got {n!r}.")
    if method not in _METHODS:
        raise InvalidSampleError(f"unknown method {method!r}; choose one of {_METHODS}.")
    names = factor_names(factors, ranges)
    box = resolve_ranges(ranges, names)
    out = {}
    for name, rng in factor_streams(seed, names).items():
        if method == "uniform":
            unit = rng.random(int(n))
        else:  # one point in each of n strata, strata in a random order
            unit = (rng.permutation(int(n)) + rng.random(int(n))) / max(int(n), 1)
        lo, hi = box[name]
        out[name] = lo + (hi - lo) * unit
    return out


def iter_uniform_samples(
    n: int,
    *,
    chunk_size: int,
    factors: Iterable[str] | None = None,
    seed: Seed = None,
    ranges: Ranges | None = None,
) -> Iterator[tuple[np.ndarray, dict[str, np.ndarray]]]:
    """The samples of ``sample_factors(n, method="uniform", ...)``, in chunks.

    Yields ``(unit, samples)``: ``unit`` is ``(d, c)``, each factor's position in its range
    (0 = low, 1 = high; factors in sorted order), and ``samples`` the dict of values.
    Concatenating the chunks gives exactly ``sample_factors``'s arrays, so results do not
    depend on the chunk size; memory stays at one chunk.

    >>> whole = sample_factors(5, factors=["x"], ranges={"x": (0, 1)}, seed=3)["x"]
    >>> parts = iter_uniform_samples(5, chunk_size=2, factors=["x"], ranges={"x": (0, 1)},
    ...                              seed=3)
    >>> bool((np.concatenate([p["x"] for _, p in parts]) == whole).all())
    True
    """
    if chunk_size < 1:
        raise InvalidSampleError(f"chunk_size must be a positive integer; got {chunk_size}.")
    names = factor_names(factors, ranges)
    box = resolve_ranges(ranges, names)
    streams = list(factor_streams(seed, names).values())
    for start in range(0, n, chunk_size):
        rows = min(chunk_size, n - start)
        unit = np.empty((len(names), rows))
        for k, rng in enumerate(streams):
            rng.random(rows, out=unit[k])
        yield unit, {name: box[name][0] + (box[name][1] - box[name][0]) * unit[k]
                     for k, name in enumerate(names)}
