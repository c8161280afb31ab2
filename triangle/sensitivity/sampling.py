"""Reproducible samples of the factors over their plausible ranges, under a stated prior.

A share of the plausible space ("the claim holds in 70% of it") depends on how the space
is weighted. Three priors are offered, each a distribution per factor, independent across
factors (:data:`PRIORS`):

``"uniform"``
    Every value of the range equally likely: the default, and what "share of the
    plausible range" means without qualification.
``"log-uniform"``
    Uniform in the logarithm, for weights whose range spans more than a factor of
    :data:`LOG_RATIO` (4) with a positive lower bound: there, "twice as large" is as
    plausible a step as "half as large", and a uniform draw would put most of the mass
    in the top decade of the range. A factor whose range includes 0 or spans a factor of
    4 or less keeps its uniform draw (a log scale has no meaning down to 0, and makes
    little difference over a narrow range); :func:`log_uniform_factors` lists those
    that do change.
``"triangular"``
    A triangular density on the range, peaked at the baseline (the modeller's best
    guess; ``modes=`` gives other peaks, e.g. a scenario's values): values near the
    baseline count more than the ends of the range. A baseline at an end of its range
    gives a density falling linearly from that end.

Every prior is drawn by inverting its distribution function at the same uniform draw
``u`` (the factor's rank, 0 to 1), so the same seed gives the same ranks under every
prior and shares under two priors differ by the weighting alone, not by sampling noise.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, cast

import numpy as np

from triangle.errors import closest_names, unknown_name
from triangle.games.aliases import FactorsLike
from triangle.registries import check_mapping, check_names, check_real_array, check_text
from triangle.sensitivity._inputs import (
    InvalidSampleError,
    Ranges,
    check_ranges,
    factor_registry,
    resolve_ranges,
)

__all__ = [
    "LOG_RATIO", "PRIORS", "Seed", "check_prior", "factor_names", "log_uniform_factors",
    "prior_values", "sample_factors",
]

Seed = int | np.random.Generator | None

_METHODS = ("uniform", "latin")

#: The sampling distributions offered (stable names); see the module's docstring.
PRIORS: tuple[str, ...] = ("uniform", "log-uniform", "triangular")

#: A factor is drawn log-uniformly (under ``prior="log-uniform"``) when its range has a
#: positive lower bound and ``high / low`` is more than this.
LOG_RATIO = 4.0


def check_prior(prior: str) -> str:
    """``prior`` if it is one of :data:`PRIORS`; else the package's unknown-name error.

    >>> check_prior("triangular")
    'triangular'
    >>> check_prior("loguniform")
    Traceback (most recent call last):
    ...
    triangle.errors.UnknownNameError: unknown prior 'loguniform'; did you mean 'log-uniform', ...?
    """
    check_text(prior, "prior")  # an array would make `in` ambiguous
    if prior not in PRIORS:
        raise unknown_name("prior", prior, PRIORS)
    return prior


def _check_n(n: Any) -> None:
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or n < 0:
        raise InvalidSampleError(f"n must be a non-negative integer; got {n!r}.")


def _as_finite(what: str, value: Any) -> float:
    """A finite real number (a peak, a bound), else the sampler's clear error."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        raise InvalidSampleError(f"{what} must be a finite real number; got {value!r}.")
    if isinstance(value, np.complexfloating) or not np.isfinite(value):
        raise InvalidSampleError(f"{what} must be a finite real number; got {value!r}.")
    return float(value)


def log_uniform_factors(ranges: Ranges | None = None) -> list[str]:
    """The factors that ``prior="log-uniform"`` draws on a log scale, sorted.

    Those whose range (``ranges``, else the registry's) has ``low > 0`` and
    ``high / low >`` :data:`LOG_RATIO`; the others stay uniform.

    >>> log_uniform_factors({"a": (0.2, 1.0), "b": (0.0, 1.0), "c": (1.0, 4.0)})
    ['a']
    >>> "sanctions_relief" in log_uniform_factors()  # 0.2 to 1: a factor of 5
    True
    """
    if ranges is None:
        box = {f.id: (f.low, f.high) for f in factor_registry().values()}
    else:
        box = resolve_ranges(ranges, list(check_ranges(ranges)))
    return sorted(k for k, (lo, hi) in box.items() if lo > 0 and hi / lo > LOG_RATIO)


def prior_values(
    unit: np.ndarray, low: float, high: float, prior: str = "uniform", mode: float | None = None
) -> np.ndarray:
    """Map uniform ranks ``unit`` (in [0, 1]) to a factor's values under ``prior``.

    The inverse distribution function of the prior on ``[low, high]``: uniform, log-uniform
    (uniform when ``low <= 0`` or ``high / low <=`` :data:`LOG_RATIO`, see
    :func:`log_uniform_factors`), or triangular with its peak at ``mode`` (clipped to the
    range; the range's centre when ``None``). Monotone in ``unit``, so a factor's rank is
    the same under every prior.

    >>> u = np.array([0.0, 0.5, 1.0])
    >>> prior_values(u, 0.2, 1.0, "log-uniform").round(3)  # the geometric middle
    array([0.2  , 0.447, 1.   ])
    >>> prior_values(u, 0.0, 1.0, "log-uniform")  # 0 in the range: stays uniform
    array([0. , 0.5, 1. ])
    >>> prior_values(u, 0.0, 1.0, "triangular", mode=0.5)
    array([0. , 0.5, 1. ])
    >>> float(prior_values(np.array([0.5]), 0.0, 1.0, "triangular", mode=0.0)[0]).__round__(3)
    0.293
    """
    check_prior(prior)
    unit = check_real_array(unit, "unit", error=InvalidSampleError)
    if unit.size and not (unit.min() >= 0 and unit.max() <= 1):
        raise InvalidSampleError(
            f"unit holds ranks in [0, 1]; got values from {unit.min()} to {unit.max()}."
        )
    low, high = _as_finite("low", low), _as_finite("high", high)
    if not low <= high:
        raise InvalidSampleError(f"a range must have low <= high; got ({low}, {high}).")
    if mode is not None:
        mode = _as_finite("mode", mode)
    width = high - low
    if prior == "log-uniform" and low > 0 and high / low > LOG_RATIO:
        return np.asarray(low * (high / low) ** unit)
    if prior == "triangular" and width > 0:
        peak = (low + high) / 2 if mode is None else min(max(float(mode), low), high)
        c = (peak - low) / width
        left = low + np.sqrt(unit * width * (peak - low))
        right = high - np.sqrt((1 - unit) * width * (high - peak))
        return np.asarray(np.where(unit < c, left, right))
    return np.asarray(low + width * unit)


def _modes(
    names: Iterable[str], modes: Mapping[str, Any] | None,
    box: Mapping[str, tuple[float, float]] | None = None,
) -> dict[str, float | None]:
    """The triangular peaks: ``modes`` first, then the registry's baselines. A peak given
    outside its factor's range (``box``) is refused: it would be clipped to the range's end
    without a word."""
    reg = factor_registry()
    names = list(names)
    given = {
        getattr(k, "name", k): v
        for k, v in (check_mapping(modes, "modes") if modes is not None else {}).items()
    }
    # a peak for a factor that is not sampled would be ignored: a typo, refused
    check_names("factor", given, names, argument="modes (the peaks of sampled factors)")
    out: dict[str, float | None] = {}
    for name in names:
        if name in given:
            out[name] = _as_finite(f"modes[{name!r}]", given[name])
            lo, hi = (box or {}).get(name, (out[name], out[name]))
            if not lo <= out[name] <= hi:  # type: ignore[operator]
                raise InvalidSampleError(
                    f"modes[{name!r}] = {out[name]:g} is outside the factor's range "
                    f"[{lo:g}, {hi:g}]; a triangular peak lies in the range."
                )
        elif name in reg:
            out[name] = float(reg[name].value)
        else:
            out[name] = None
    return out


_OWN = "ranges (name a factor of your own in factors=[...])"

#: Most values :func:`sample_factors` holds at once (8 bytes each: 800 MB).
MAX_VALUES = 10**8


def factor_names(factors: Any, ranges: Ranges | None = None) -> list[str]:
    """Sorted factor ids from ``None`` (registry + ranges), a game, or an iterable of ids.

    What :func:`sample_factors` samples: every registry factor (``ranges`` may not add
    ids: name your own factors in ``factors``), a game's free factors, or the ids given
    (checked against the registry and ``ranges``).

    >>> factor_names(["x"], ranges={"x": (0, 1)})
    ['x']
    >>> import sympy, triangle as tri
    >>> factor_names(tri.NormalFormGame([[[sympy.Symbol("b"), sympy.Symbol("a")]], [[0, 0]]]))
    ['a', 'b']
    """
    check_ranges(ranges)
    if factors is None:
        # a range for an id outside the registry is a typo, or a factor of your own to name
        check_names("factor", ranges or {}, factor_registry(), argument=_OWN)
        known = set(factor_registry())
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
    if not isinstance(factors, Iterable):
        raise InvalidSampleError(
            f"factors is None, a game or a list of factor ids; got {type(factors).__name__} "
            f"{factors!r}."
        )
    names: list[Any] = [getattr(f, "name", f) for f in factors]
    if not names:
        raise InvalidSampleError(
            "factors is empty: name at least one factor (or pass None for every registry "
            "factor)."
        )
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
    prior: str = "uniform",
    modes: Mapping[str, Any] | None = None,
) -> dict[str, np.ndarray]:
    """Draw ``n`` values of each factor, independently within its range, under ``prior``.

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
    prior
        One of :data:`PRIORS`: ``"uniform"`` (default), ``"log-uniform"`` (for the factors
        of :func:`log_uniform_factors`, uniform for the others) or ``"triangular"``
        (peaked at the baseline). The ranks drawn are the same under every prior.
    modes
        ``{id: value}``: the peaks of the triangular prior (default: the registry's
        baselines; the range's centre for a factor outside the registry).

    Returns a dict of 1-D float arrays, ready for :func:`triangle.sweep`. With
    ``"uniform"``, the first ``k`` of ``n`` samples are the ``k`` samples drawn with the
    same seed, which lets long runs go in chunks (:func:`iter_uniform_samples`).

    >>> s = sample_factors(4, factors=["x"], ranges={"x": (0, 10)}, seed=1)
    >>> s["x"].round(2)
    array([0.15, 9.74, 6.  , 1.36])
    >>> lhs = sample_factors(4, factors=["x"], ranges={"x": (0, 1)}, seed=1, method="latin")
    >>> sorted((lhs["x"] * 4).astype(int).tolist())  # one sample per quarter
    [0, 1, 2, 3]
    >>> tri_ = sample_factors(4, factors=["x"], ranges={"x": (0, 10)}, seed=1,
    ...                       prior="triangular", modes={"x": 0})
    >>> tri_["x"].round(2)  # the same ranks, pulled toward the peak at 0
    array([0.08, 8.38, 3.67, 0.71])
    """
    _check_n(n)
    check_text(method, "method")  # an array would make `in` ambiguous
    if method not in _METHODS:
        close = closest_names(method, _METHODS)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise InvalidSampleError(f"unknown method {method!r}; {hint}choose one of {_METHODS}.")
    check_prior(prior)
    check_ranges(ranges)
    names = factor_names(factors, ranges)
    if int(n) * len(names) > MAX_VALUES:  # refused before numpy tries to allocate it
        raise InvalidSampleError(
            f"n={n} samples of {len(names)} factors is more than {MAX_VALUES:.0e} values in "
            f"memory; draw them in chunks with iter_uniform_samples(n, chunk_size=...)."
        )
    box = resolve_ranges(ranges, names)
    peaks = _modes(names, modes, box)
    out = {}
    for name, rng in factor_streams(seed, names).items():
        if method == "uniform":
            unit = rng.random(int(n))
        else:  # one point in each of n strata, strata in a random order
            unit = (rng.permutation(int(n)) + rng.random(int(n))) / max(int(n), 1)
        lo, hi = box[name]
        out[name] = prior_values(unit, lo, hi, prior, peaks[name])
    return out


def iter_uniform_samples(
    n: int,
    *,
    chunk_size: int,
    factors: Iterable[str] | None = None,
    seed: Seed = None,
    ranges: Ranges | None = None,
    prior: str = "uniform",
    modes: Mapping[str, Any] | None = None,
) -> Iterator[tuple[np.ndarray, dict[str, np.ndarray]]]:
    """The samples of ``sample_factors(n, method="uniform", ...)``, in chunks.

    Yields ``(unit, samples)``: ``unit`` is ``(d, c)``, each factor's rank in its range
    (0 = low, 1 = high; factors in sorted order; under the uniform prior, its position),
    and ``samples`` the dict of values under ``prior`` (see :func:`sample_factors`).
    Concatenating the chunks gives exactly ``sample_factors``'s arrays, so results do not
    depend on the chunk size; memory stays at one chunk.

    >>> whole = sample_factors(5, factors=["x"], ranges={"x": (0, 1)}, seed=3)["x"]
    >>> parts = iter_uniform_samples(5, chunk_size=2, factors=["x"], ranges={"x": (0, 1)},
    ...                              seed=3)
    >>> bool((np.concatenate([p["x"] for _, p in parts]) == whole).all())
    True
    """
    _check_n(n)
    if (
        isinstance(chunk_size, (bool, np.bool_))
        or not isinstance(chunk_size, (int, np.integer))
        or chunk_size < 1
    ):
        raise InvalidSampleError(f"chunk_size must be a positive integer; got {chunk_size!r}.")
    check_prior(prior)
    check_ranges(ranges)
    names = factor_names(factors, ranges)
    box = resolve_ranges(ranges, names)
    peaks = _modes(names, modes, box)
    streams = list(factor_streams(seed, names).values())
    # checked above, at the call; the chunks are drawn as they are asked for
    return _chunks(n, chunk_size, names, box, peaks, streams, prior)


def _chunks(
    n: int, chunk_size: int, names: list[str], box: Mapping[str, tuple[float, float]],
    peaks: Mapping[str, float | None], streams: list[np.random.Generator], prior: str,
) -> Iterator[tuple[np.ndarray, dict[str, np.ndarray]]]:
    for start in range(0, n, chunk_size):
        rows = min(chunk_size, n - start)
        unit = np.empty((len(names), rows))
        for k, rng in enumerate(streams):
            rng.random(rows, out=unit[k])
        yield unit, {name: prior_values(unit[k], *box[name], prior, peaks[name])
                     for k, name in enumerate(names)}
