"""The payoff scale: each player's payoffs mapped onto [0, 1], and their ranges.

Every floating-point best-reply test and regret check of the package compares payoffs
relative to the player's payoff range, on the numbers :func:`unit_payoffs` returns.
"""

from __future__ import annotations

import numbers
from fractions import Fraction
from typing import Any

import numpy as np

from triangle.errors import (
    InvalidArgumentError,
    InvalidArgumentTypeError,
    InvalidGameError,
    TriangleError,
    check_tolerance,
)
from triangle.registries import check_container, check_count, check_flag, check_text

__all__ = [
    "MAX_RELATIVE_TOL",
    "check_payoff_array",
    "check_relative_tolerance",
    "payoff_bounds",
    "payoff_spans",
    "unit_payoffs",
]

#: Above this magnitude a payoff difference could overflow: such players' payoffs are
#: halved before subtracting (exact for normal numbers).
_HALVE_ABOVE = 2.0**1022


def check_payoff_array(
    payoffs: Any, what: str = "payoffs", *, min_ndim: int = 1, exact: bool = True,
    entries: bool = True, empty: bool = False, error: type[TriangleError] = InvalidGameError,
) -> np.ndarray:
    """``payoffs`` as a numpy array of real numbers, or a clear error: the one check of the
    payoff arrays the public kernels take (:func:`unit_payoffs`, :func:`payoff_spans`,
    :func:`~triangle.games.profiles.deviation_payoffs`, the batch solvers, ...).

    Refused: a set, a masked or complex array (:func:`~triangle.registries.check_container`),
    anything that is not a rectangular array of numbers (a string, a mapping, ``None``,
    an object), fewer than ``min_ndim`` axes, no entry at all (unless ``empty``: a batch
    of no games), and (``entries=True``)
    non-finite floats. Integer and float arrays pass unchanged (no copy of an array);
    an object array (exact numbers: ``int``, ``Fraction``) only with ``exact=True``,
    its entries checked to be real numbers when ``entries`` is true. ``error`` is the
    class raised (:class:`~triangle.errors.InvalidGameError` unless told).

    >>> check_payoff_array([[1, 2]], min_ndim=2)
    array([[1, 2]])
    >>> check_payoff_array(float("nan"))
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidGameError: payoffs must be an array of numbers; got float nan. ...
    >>> check_payoff_array([[1.0, float("inf")]])
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidGameError: payoffs must be finite; found inf at index (0, 1). ...
    """
    for flag, name in ((exact, "exact"), (entries, "entries"), (empty, "empty")):
        check_flag(flag, name)
    check_count(min_ndim, "min_ndim", minimum=0)
    if not (isinstance(error, type) and issubclass(error, TriangleError)):
        raise InvalidArgumentTypeError(
            f"error is an exception class of triangle.errors; got {error!r}."
        )
    check_container(payoffs, what, error)  # no set, mask or complex
    if not isinstance(payoffs, (np.ndarray, list, tuple)):  # a number, string, mapping, ...
        raise error(
            f"{what} must be an array of numbers; got {type(payoffs).__name__} "
            f"{_shown(payoffs)}. Pass a numpy array, e.g. game.payoffs."
        )
    try:
        arr = payoffs if isinstance(payoffs, np.ndarray) else np.asarray(payoffs)
    except ValueError:  # ragged nesting
        raise error(
            f"{what} must be a rectangular array of numbers; got {_shown(payoffs)}."
        ) from None
    kinds = "iufO" if exact else "iuf"
    if arr.dtype.kind not in kinds:
        raise error(
            f"{what} must be real numbers; got an array of dtype {arr.dtype} "
            f"({_shown(payoffs)})."
            + (" Exact payoffs (fractions) are not taken here: pass floats." if not exact else "")
        )
    if arr.ndim < min_ndim or (arr.size == 0 and not empty):
        raise error(
            f"{what} must be an array of at least {min_ndim} axes, with entries; got shape "
            f"{arr.shape}."
        )
    if entries and arr.dtype.kind == "f":
        finite = np.isfinite(arr)
        if not finite.all():
            where = tuple(int(i) for i in np.argwhere(~finite)[0])
            raise error(
                f"{what} must be finite; found {arr[where]} at index {where}. Replace NaN or "
                f"infinite values."
            )
    elif entries and arr.dtype.kind == "O":
        for idx, item in np.ndenumerate(arr):
            if isinstance(item, (bool, np.bool_)) or not isinstance(item, numbers.Real) or (
                isinstance(item, float) and not np.isfinite(item)
            ):
                raise error(
                    f"{what} at index {idx} is {item!r}; expected a finite real number."
                )
    return arr


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def payoff_bounds(payoffs: np.ndarray, axes: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """The smallest and largest payoff over ``axes`` (kept as length-1 axes).

    >>> u = np.array([[[3., 0.], [5., 1.]], [[3., 5.], [0., 1.]]])
    >>> low, high = payoff_bounds(u, (1, 2))
    >>> low.ravel().tolist(), high.ravel().tolist()
    ([0.0, 0.0], [5.0, 5.0])
    """
    return payoffs.min(axis=axes, keepdims=True), payoffs.max(axis=axes, keepdims=True)


def unit_payoffs(
    payoffs: np.ndarray, low: np.ndarray | None = None, high: np.ndarray | None = None
) -> np.ndarray:
    """Each player's payoffs mapped onto [0, 1] by a positive affine map (same equilibria).

    The one normalisation of the package: every floating-point best-reply test and
    regret check compares payoffs of a player *relative to that player's payoff range*
    (``max - min`` of the player's payoffs), computed on these numbers, so a game, the
    game scaled by any positive factor and the game shifted by a constant give the same
    answers, and no difference of finite payoffs overflows (payoffs above ``2**1022`` in
    magnitude are halved before subtracting). A player whose payoffs are all equal maps
    to 0 (every strategy is a best reply).

    ``payoffs`` is one game ``(n, m_1, ..., m_n)`` (bounds over each player's tensor), or,
    with ``low`` and ``high`` from :func:`payoff_bounds`, any array they broadcast
    against (a batch kernel passes each chunk's bounds). Object arrays of exact numbers
    give exact fractions.

    >>> u = np.array([[[3., 0.], [5., 1.]], [[3., 5.], [0., 1.]]])
    >>> unit_payoffs(u * 1e300)[0].tolist()
    [[0.6, 0.0], [1.0, 0.2]]
    >>> from fractions import Fraction
    >>> unit_payoffs(np.array([[[Fraction(1, 3), 1]], [[2, 2]]], dtype=object))[:, 0].tolist()
    [[Fraction(0, 1), Fraction(1, 1)], [Fraction(0, 1), Fraction(0, 1)]]
    """
    if (low is None) != (high is None):
        raise InvalidArgumentError(
            "give both low and high (from payoff_bounds) or neither; got only "
            f"{'low' if high is None else 'high'}."
        )
    if low is None or high is None:
        payoffs = check_payoff_array(payoffs, min_ndim=2)
        low, high = payoff_bounds(payoffs, tuple(range(1, payoffs.ndim)))
    else:  # a batch kernel's chunk: checked by its caller; the types only, no pass over it
        payoffs = check_payoff_array(payoffs, entries=False)
        low = check_payoff_array(low, "low", entries=False)
        high = check_payoff_array(high, "high", entries=False)
    if payoffs.dtype == object:
        span = high - low
        zero = span == 0
        one = np.full(span.shape, Fraction(1), dtype=object)
        out = (payoffs - low) / np.where(zero, one, span)
        out = np.vectorize(Fraction, otypes=[object])(out) if out.size else out
        out[np.broadcast_to(zero, out.shape)] = Fraction(0)
        return out
    factor = np.where(np.maximum(np.abs(low), np.abs(high)) > _HALVE_ABOVE, 0.5, 1.0)
    span = factor * high - factor * low
    out = factor * payoffs - factor * low
    np.divide(out, span, out=out, where=span > 0)
    out[np.broadcast_to(span <= 0, out.shape)] = 0.0
    return out


def payoff_spans(payoffs: np.ndarray) -> np.ndarray:
    """Each player's payoff range ``max - min`` of one game (floats; ``inf`` if beyond
    the floating-point range, exact fractions for an object array).

    >>> payoff_spans(np.array([[[3., 0.], [5., 1.]], [[3., 5.], [0., 1.]]])).tolist()
    [5.0, 5.0]
    """
    payoffs = check_payoff_array(payoffs, min_ndim=2)
    low, high = payoff_bounds(payoffs, tuple(range(1, payoffs.ndim)))
    if payoffs.dtype == object:
        return (high - low).reshape(-1)
    with np.errstate(over="ignore"):
        return (high - low).reshape(-1)


#: Relative tolerances from this one up accept every profile (a relative regret is at most
#: 1), so they are refused as a mistake.
MAX_RELATIVE_TOL = 1.0


def check_relative_tolerance(tol: float, name: str = "tol") -> float:
    """``tol`` as a float when it is a sensible relative tolerance: finite, ``>= 0`` and
    below :data:`MAX_RELATIVE_TOL`; else an :class:`~triangle.errors.InvalidArgumentError`
    that says why.

    >>> check_relative_tolerance(1e-9)
    1e-09
    >>> check_relative_tolerance(2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidArgumentError: tol = 2 is relative to each player's payoff ...
    """
    check_text(name, "name")
    value = check_tolerance(tol)
    if value >= MAX_RELATIVE_TOL:
        raise InvalidArgumentError(
            f"{name} = {tol!r} is relative to each player's payoff range (max - min), so a "
            f"{name} of {MAX_RELATIVE_TOL:g} or more counts every strategy as a best reply; "
            f"use a small number such as 1e-9."
        )
    return value
