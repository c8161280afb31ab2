"""The package's exceptions.

Every error raised on bad input derives from :class:`TriangleError` *and* from the
built-in exception a caller would expect (``ValueError``, ``KeyError``, ``TypeError``),
so ``except ValueError`` keeps working. Messages say what was expected, what came,
and how to fix it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = [
    "InvalidArgumentError",
    "InvalidGameError",
    "InvalidProfileError",
    "SolverError",
    "SymbolicGameError",
    "TriangleError",
    "UnknownNameError",
    "closest_names",
]


class TriangleError(Exception):
    """Base class of every error raised by ``triangle``."""


class InvalidGameError(TriangleError, ValueError):
    """A game's payoffs, players or strategies are malformed."""


class InvalidProfileError(TriangleError, ValueError):
    """A strategy profile is malformed (wrong length, unknown strategy, not a probability)."""


class SymbolicGameError(TriangleError, TypeError):
    """An operation needs numeric payoffs but the game still has free factors."""


class InvalidArgumentError(TriangleError, ValueError):
    """An argument other than the game is out of its domain (a negative tolerance, ...)."""


class SolverError(TriangleError, RuntimeError):
    """A solver could not produce a verified answer."""


class UnknownNameError(TriangleError, KeyError):
    """A name (factor, player, strategy, scenario, claim) is not known.

    Subclasses ``KeyError`` so that mappings keyed by name behave as mappings do.
    """

    def __str__(self) -> str:  # KeyError quotes its argument; we want the plain message
        return str(self.args[0]) if self.args else ""


def closest_names(name: str, known: Iterable[str], n: int = 3) -> list[str]:
    """The known names closest to ``name``, best first (for "did you mean" messages).

    >>> closest_names("sanction_relief", ["sanctions_relief", "border_length"])
    ['sanctions_relief']
    """
    return difflib.get_close_matches(str(name), [str(k) for k in known], n=n, cutoff=0.5)


def unknown_name(kind: str, name: object, known: Iterable[str]) -> UnknownNameError:
    """Build the error for an unknown ``name`` of a given ``kind``, suggesting close ones."""
    known = list(known)
    close = closest_names(str(name), known)
    hint = (
        f"did you mean {', '.join(repr(c) for c in close)}?"
        if close
        else f"known {kind} names: {', '.join(repr(k) for k in known[:12])}"
        + (", ..." if len(known) > 12 else "")
    )
    return UnknownNameError(f"unknown {kind} {name!r}; {hint}")


def check_tolerance(tol: float) -> float:
    """Return ``tol`` as a float if it is a finite non-negative number, else raise.

    >>> check_tolerance(1e-9)
    1e-09
    >>> check_tolerance(-1)
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidArgumentError: tol must be a finite number >= 0; got -1.
    """
    try:
        value = float(tol)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"tol must be a finite number >= 0; got {tol!r}.") from None
    if not value >= 0 or value == float("inf"):
        raise InvalidArgumentError(f"tol must be a finite number >= 0; got {tol!r}.")
    return value
