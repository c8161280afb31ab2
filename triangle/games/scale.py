"""The payoff scale: each player's payoffs mapped onto [0, 1], and their ranges.

Every floating-point best-reply test and regret check of the package compares payoffs
relative to the player's payoff range, on the numbers :func:`unit_payoffs` returns.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from triangle.errors import InvalidArgumentError, check_tolerance

__all__ = [
    "MAX_RELATIVE_TOL",
    "check_relative_tolerance",
    "payoff_bounds",
    "payoff_spans",
    "unit_payoffs",
]

#: Above this magnitude a payoff difference could overflow: such players' payoffs are
#: halved before subtracting (exact for normal numbers).
_HALVE_ABOVE = 2.0**1022


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
    if low is None or high is None:
        low, high = payoff_bounds(payoffs, tuple(range(1, payoffs.ndim)))
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
    value = check_tolerance(tol)
    if value >= MAX_RELATIVE_TOL:
        raise InvalidArgumentError(
            f"{name} = {tol!r} is relative to each player's payoff range (max - min), so a "
            f"{name} of {MAX_RELATIVE_TOL:g} or more counts every strategy as a best reply; "
            f"use a small number such as 1e-9."
        )
    return value
