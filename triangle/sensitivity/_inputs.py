"""Factor values in, validated arrays out: the registry lookups every sensitivity function shares.

Two notions recur everywhere in this subpackage:

- a *point* (``at=``): one value per factor. ``None`` means the registry's baselines; a
  scenario name, a scenario object (anything with a ``.values`` mapping) or a mapping of
  factor ids to values override them (values left out keep the baseline);
- a *box* (``ranges=``): the plausible range ``(low, high)`` of each factor, from the
  registry unless overridden.

Factors a game uses that are not in the registry (a user's own symbols) have no baseline
and no range: they must be given explicitly.
"""

from __future__ import annotations

import difflib
import numbers
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from triangle.errors import InvalidArgumentError, InvalidSampleError, unknown_name
from triangle.models.factors import factors
from triangle.models.scenarios import Point as ResolvedPoint
from triangle.models.scenarios import resolve_point as scenario_point
from triangle.registries import (
    check_container,
    check_names,
    check_sequence,
    check_text,
    check_unique,
)

__all__ = [
    "InvalidSampleError", "check_factor_list", "check_range_names", "check_ranges",
    "factor_registry",
]

Point = Mapping[str, float]
Ranges = Mapping[str, tuple[float, float]]


def factor_registry() -> Mapping[str, Any]:
    """The package's factor registry, ``triangle.factors``.

    >>> reg = factor_registry()
    >>> all(hasattr(f, "low") and hasattr(f, "high") for f in reg.values())
    True
    """
    return factors


def _as_number(name: str, value: Any) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.number)):
        try:
            import sympy

            if isinstance(value, sympy.Basic) and value.is_number and value.is_real:
                return float(value)
        except ImportError:  # pragma: no cover - sympy is a dependency
            pass
        raise InvalidSampleError(
            f"the value of factor {name!r} must be a real number; got {value!r}."
        )
    x = float(value)
    if not np.isfinite(x):
        raise InvalidSampleError(f"the value of factor {name!r} is {x}; expected a finite number.")
    return x


def check_factor_list(
    factors: Any, known: Iterable[str], what: str = "factors"
) -> list[str] | None:
    """Factor ids asked for by name (``None``: all), each a factor of ``known``, once.

    A string is one id; a number, a set, an array or an object is refused, and an
    unknown id is refused with the closest known ones.

    >>> check_factor_list("x", ["x", "y"])
    ['x']
    >>> check_factor_list(["x", "z"], ["x", "y"], "factors")
    Traceback (most recent call last):
    ...
    triangle.errors.UnknownNameError: factors: unknown factor of the game 'z'; ...
    """
    if factors is None:
        return None
    if isinstance(factors, str):
        factors = [factors]
    check_sequence(factors, what)
    names = [getattr(f, "name", f) for f in factors]
    for name in names:
        check_text(name, f"each of {what} (a factor id)")
    check_names("factor of the game", names, known, argument=what)
    check_unique("factor", names, error=InvalidSampleError)
    return names


def check_range_names(ranges: Any, known: Iterable[str]) -> Mapping[str, Any]:
    """``ranges`` checked: a mapping in which no id is a misspelling of a factor of the game
    (``known``) or of the registry (a misspelt id would be skipped and its range ignored).

    One set of ranges may serve several models, so an id that is close to no known factor
    (a factor of another game of your own) is allowed; an id close to a known one is taken
    for a typo and refused with the closest names.

    >>> check_range_names({"hedge_dept": (0, 1)}, [])
    Traceback (most recent call last):
    ...
    triangle.errors.UnknownNameError: ranges: unknown factor 'hedge_dept'; did you mean ...
    >>> list(check_range_names({"my_other_factor": (0, 1)}, ["a"]))
    ['my_other_factor']
    """
    given = check_ranges(ranges)
    names = {*known, *factor_registry()}
    # a typo: within a character or two of a known name (difflib's ratio of at least 0.8)
    close = [key for key in given if getattr(key, "name", key) not in names
             and difflib.get_close_matches(str(getattr(key, "name", key)), names, 1, 0.8)]
    check_names("factor", close, names, argument="ranges")
    return given


def ranges_at(at: Any, ranges: Any) -> Any:
    """The plausible ranges that go with a point: a scenario's own, unless given.

    ``None`` means the registry's (``at`` is ``None`` or a mapping of values).

    >>> ranges_at("1972", None)["rift_depth"], ranges_at(None, None)
    ((0.7, 1.0), None)
    """
    if ranges is not None:
        return check_ranges(ranges)
    if at is None or isinstance(at, Mapping):  # a mapping of values keeps the registry's
        return None
    return dict(_point(at, ()).ranges)


def resolve_point(at: Any, extra: Iterable[str] = ()) -> dict[str, float]:
    """Factor values of a point: registry baselines overridden by ``at``.

    ``at`` is ``None``, a scenario name, a scenario, a :class:`~triangle.models.scenarios.Point`
    or a mapping of factor ids to numbers (see :func:`triangle.models.scenarios.resolve_point`,
    which this wraps). ``extra`` names factors outside the registry that ``at`` may also set
    (a game's own symbols). Unknown ids raise :class:`~triangle.UnknownNameError`.

    >>> resolve_point({"x": 2}, extra=["x"])["x"]
    2.0
    """
    return dict(_point(at, extra).values)


def _point(at: Any, extra: Iterable[str]) -> ResolvedPoint:
    try:
        return scenario_point(at, base=None, extra=extra)
    except (TypeError, InvalidArgumentError) as exc:  # this layer's family for bad inputs
        raise InvalidSampleError(str(exc)) from None


def resolve_ranges(ranges: Ranges | None, names: Iterable[str]) -> dict[str, tuple[float, float]]:
    """The plausible range of each factor in ``names``: ``ranges`` first, then the registry.

    Raises when a factor has no range (a user's symbol not given in ``ranges``).

    >>> resolve_ranges({"x": (0, 1)}, ["x"])
    {'x': (0.0, 1.0)}
    """
    reg = factor_registry()
    names = list(names)
    ranges = {getattr(k, "name", k): v for k, v in check_ranges(ranges).items()}
    out = {}
    for name in names:
        if name in ranges:
            lo, hi = _pair(name, ranges[name])
        elif name in reg:
            lo, hi = reg[name].low, reg[name].high
        else:
            raise InvalidSampleError(
                f"factor {name!r} is not in the registry, so it has no plausible range; "
                f"give one with ranges={{{name!r}: (low, high)}}."
            )
        lo, hi = _as_number(name, lo), _as_number(name, hi)
        if not lo <= hi:
            raise InvalidSampleError(
                f"the range of factor {name!r} must have low <= high; got ({lo}, {hi})."
            )
        out[name] = (lo, hi)
    return out


def check_ranges(ranges: Any) -> Mapping[str, Any]:
    """``ranges`` if it is a mapping (``{}`` for ``None``), else a clear error.

    >>> check_ranges([(0, 1)])
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidSampleError: ranges maps factor ids to (low, high) pairs, e.g. ...
    """
    if ranges is None:
        return {}
    if not isinstance(ranges, Mapping):
        raise InvalidSampleError(
            f"ranges maps factor ids to (low, high) pairs, e.g. {{'hedge_depth': (0.2, 0.8)}}; "
            f"got {type(ranges).__name__}."
        )
    return ranges


def _pair(name: str, value: Any) -> tuple[Any, Any]:
    """A range as given, checked to be two numbers (low, high) in order."""
    check_container(value, f"the range of factor {name!r}", InvalidSampleError)
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or len(value) != 2:
        raise InvalidSampleError(
            f"the range of factor {name!r} is a pair (low, high); got {value!r}."
        )
    lo, hi = value
    return lo, hi


def registry_range(name: str, ranges: Ranges | None = None) -> tuple[float, float] | None:
    """The range of one factor, or ``None`` when neither ``ranges`` nor the registry has one."""
    if check_ranges(ranges) and name in ranges:  # type: ignore[operator]
        return resolve_ranges(ranges, [name])[name]
    reg = factor_registry()
    if name in reg:
        return resolve_ranges(None, [name])[name]
    return None


def check_samples(
    samples: Mapping[str, Any],
    known: Iterable[str],
    *,
    ranges: Ranges | None = None,
    allow_out_of_range: bool = False,
) -> tuple[int, dict[str, np.ndarray]]:
    """Validate a mapping of factor ids to 1-D arrays; return ``(K, float64 arrays)``.

    ``known`` lists the ids that may appear besides the registry's (a game's symbols).
    Checks: known ids, 1-D real arrays of one length, finite values, and (unless
    ``allow_out_of_range``) values inside each factor's plausible range where one is known.

    >>> k, arrays = check_samples({"x": [0.5, 1.5]}, ["x"])
    >>> k, arrays["x"]
    (2, array([0.5, 1.5]))
    """
    if not isinstance(samples, Mapping):
        raise InvalidSampleError(
            f"samples must map factor ids to 1-D arrays; got {type(samples).__name__}. "
            f"Use triangle.sample_factors(n, seed=...) to draw them."
        )
    reg = factor_registry()
    known = set(known) | set(reg)
    arrays: dict[str, np.ndarray] = {}
    length: tuple[str, int] | None = None
    for key, raw in samples.items():
        name = getattr(key, "name", key)
        if name not in known:
            raise unknown_name("factor", name, sorted(known))
        check_container(raw, f"samples of factor {name!r}", InvalidSampleError)  # no mask
        arr = np.asarray(raw)
        if arr.dtype == object or arr.dtype.kind not in "iuf":
            raise InvalidSampleError(
                f"samples of factor {name!r} must be real numbers; got dtype {arr.dtype}."
            )
        if arr.ndim != 1:
            raise InvalidSampleError(
                f"samples of factor {name!r} must be a 1-D array (one value per sample); got "
                f"shape {arr.shape}. Flatten it (a.ravel()), or leave the factor out to hold "
                f"it at its baseline."
            )
        arr = arr.astype(np.float64, copy=False)
        if length is None:
            length = (name, arr.shape[0])
        elif arr.shape[0] != length[1]:
            raise InvalidSampleError(
                f"all sample arrays must have the same length; {length[0]!r} has {length[1]} "
                f"values but {name!r} has {arr.shape[0]}."
            )
        # Two reductions decide both checks (min and max propagate NaN, and an infinity
        # is an extreme): about a fifth of a million-sample sweep's time before this.
        low, high = (float(arr.min()), float(arr.max())) if arr.size else (0.0, 0.0)
        if not (np.isfinite(low) and np.isfinite(high)):
            finite = np.isfinite(arr)
            k = int(np.argmin(finite))
            raise InvalidSampleError(
                f"samples of factor {name!r} must be finite; sample {k} is {arr[k]} "
                f"({int((~finite).sum())} non-finite values in all)."
            )
        if not allow_out_of_range:
            box = registry_range(name, ranges)
            if box is not None and arr.size and (low < box[0] or high > box[1]):
                lo, hi = box
                bad = (arr < lo) | (arr > hi)
                if bad.any():
                    k = int(np.argmax(bad))
                    raise InvalidSampleError(
                        f"sample {k} of factor {name!r} is {arr[k]}, outside its plausible "
                        f"range [{lo}, {hi}] ({int(bad.sum())} values outside in all); pass "
                        f"allow_out_of_range=True to explore beyond the range on purpose."
                    )
        arrays[name] = arr
    if length is None:
        raise InvalidSampleError(
            "samples is empty: give at least one factor's array (the number of samples K "
            "comes from it), e.g. triangle.sample_factors(1000, seed=0)."
        )
    return length[1], arrays
