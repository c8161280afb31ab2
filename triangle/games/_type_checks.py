"""Input checks shared by the games of incomplete information (Bayesian and signalling).

Both take payoffs as nested numbers or sympy expressions and a prior that must sum to
one; one set of checks serves both, so that the same bad input gets the same error.
"""

from __future__ import annotations

import numbers
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from triangle.errors import InvalidGameError

#: How far a floating-point prior may sum from one.
PRIOR_TOL = 1e-9


def as_array(values: Any, what: str, games: tuple[type, ...]) -> np.ndarray:
    """``values`` as a numpy array of numbers or sympy expressions (``games``: the game
    classes a user might pass by mistake)."""
    if isinstance(values, games):
        raise InvalidGameError(f"pass the {what} array, not a game.")
    try:
        raw = np.array(values)
    except ValueError as exc:  # numpy >= 1.24 refuses ragged nesting
        raise InvalidGameError(
            f"{what} are ragged (nested sequences of unequal lengths): {exc}."
        ) from None
    if raw.dtype.kind == "b":
        raise InvalidGameError(f"{what} must be numbers, not booleans.")
    if raw.dtype.kind not in "iufO":
        raise InvalidGameError(
            f"{what} must be numbers or sympy expressions; got dtype {raw.dtype}."
        )
    return raw


def check_entries(raw: np.ndarray, what: str) -> None:
    """Every entry a finite real number or a sympy expression."""
    if raw.dtype.kind in "iuf":
        bad = ~np.isfinite(raw.astype(float))
        if bad.any():
            where = tuple(int(i) for i in np.argwhere(bad)[0])
            raise InvalidGameError(
                f"{what}s must be finite; found {raw[where]} at index {where}. Replace NaN or "
                f"infinite values."
            )
        return
    for idx, item in np.ndenumerate(raw):
        ok = isinstance(item, (numbers.Number, sympy.Basic)) and not isinstance(
            item, (bool, np.bool_, complex, np.complexfloating)
        )
        if not ok:
            raise InvalidGameError(
                f"{what} at index {idx} is {item!r}; expected a number or a sympy expression."
            )
        if isinstance(item, (float, np.floating)) and not np.isfinite(item):
            raise InvalidGameError(
                f"{what}s must be finite; found {item} at index {idx}. Replace NaN or "
                f"infinite values."
            )


def check_prior(prior: np.ndarray, symbolic: bool, positive: bool = False) -> None:
    """Non-negative (``positive``: every entry above zero) and summing to one: within
    :data:`PRIOR_TOL` for numbers, identically for symbolic entries."""
    for idx, p in np.ndenumerate(prior):
        number = p if not isinstance(p, sympy.Basic) else (p if p.is_number else None)
        if number is None:
            continue
        where = idx[0] if prior.ndim == 1 else idx
        if positive and number <= 0:
            raise InvalidGameError(
                f"every type needs a positive prior probability (Bayes' rule needs it); type "
                f"{where} has {number_text(number)}. Drop a type nobody believes in."
            )
        if number < 0:
            raise InvalidGameError(
                f"prior probabilities must be >= 0; got {number_text(number)} for the type "
                f"profile {where}."
            )
    total = sum(prior.flat)
    if symbolic:
        if sympy.simplify(sympy.sympify(total) - 1) != 0:
            raise InvalidGameError(
                f"the prior must sum to one for every value of the factors; it sums to "
                f"{sympy.simplify(total)}. Write the last probability as 1 minus the others."
            )
        return
    if abs(float(total) - 1) > PRIOR_TOL:
        raise InvalidGameError(
            f"the prior must sum to one; it sums to {float(total):.12g}. Divide by the sum, or "
            f"check the probabilities."
        )


def number_text(x: Any) -> str:
    """A payoff or probability in a game's display: symbols and fractions as they are,
    whole numbers without a point, other floats to six significant digits."""
    if isinstance(x, sympy.Basic) and not x.is_number:
        return str(x)
    if isinstance(x, (Fraction, sympy.Rational)):
        return str(x)
    x = float(x)
    return f"{x:.6g}" if x != int(x) else str(int(x))
