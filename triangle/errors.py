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
    "BibliographyError",
    "ClaimCheckError",
    "ClaimDataError",
    "DataFileNotFoundError",
    "GambitFormatError",
    "InvalidArgumentError",
    "InvalidArgumentTypeError",
    "InvalidGameError",
    "InvalidProfileError",
    "InvalidProgressError",
    "InvalidRelationsError",
    "InvalidSampleError",
    "InvalidTermError",
    "InvalidTreeError",
    "MergedClaimError",
    "MissingDependencyError",
    "NoProvenanceError",
    "NoTermsError",
    "NormalisedProfileWarning",
    "RegistryDataError",
    "SolverError",
    "StrategyArgumentError",
    "SymbolicGameError",
    "TriangleError",
    "TriangleWarning",
    "UncitableError",
    "UnknownNameError",
    "UnsupportedGameError",
    "WorkLimitError",
    "check_tolerance",
    "closest_names",
    "unknown_name",
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


class InvalidArgumentTypeError(InvalidArgumentError, TypeError):
    """An argument is of the wrong type (a list where a mapping is expected, ...).

    Both a :class:`ValueError` (as :class:`InvalidArgumentError`) and a :class:`TypeError`,
    the built-in a caller of a plain Python function would expect.
    """


class SolverError(TriangleError, RuntimeError):
    """A solver could not produce a verified answer."""


class UnknownNameError(TriangleError, KeyError):
    """A name (factor, player, strategy, scenario, claim) is not known.

    Subclasses ``KeyError`` so that mappings keyed by name behave as mappings do.
    """

    def __str__(self) -> str:  # KeyError quotes its argument; we want the plain message
        return str(self.args[0]) if self.args else ""


class MergedClaimError(UnknownNameError):
    """A claim id that was merged into another claim (one claim per proposition).

    The message names the claim that replaced it; ``triangle.claims.resolve(old_id)``
    returns that claim.
    """


# --- errors of the layers above the games (kept here so every error has one home) ---


class ClaimDataError(TriangleError, ValueError):
    """The claims data file is malformed."""


class ClaimCheckError(TriangleError, ValueError):
    """Factor samples or a game that a claim check cannot use."""


class InvalidSampleError(TriangleError, ValueError):
    """The inputs of a sweep are malformed (samples: shape, length, NaN, range; options)."""


class MissingDependencyError(TriangleError, ImportError):
    """A feature needs an optional dependency that is not installed."""


class RegistryDataError(TriangleError, ValueError):
    """The package data (factors, terms, scenarios) is malformed."""


class DataFileNotFoundError(RegistryDataError, FileNotFoundError):
    """No data file at the path given (and no package data file of that name)."""


class InvalidTermError(TriangleError, ValueError):
    """A payoff term is malformed or does not fit the game it is used in."""


class NoTermsError(TriangleError, ValueError):
    """The game does not keep the payoff terms it was built from."""


class InvalidRelationsError(TriangleError, ValueError):
    """The relations given to :func:`classify` do not describe one triangle of +1 / -1 signs."""


class StrategyArgumentError(TriangleError, ValueError):
    """A strategy was asked for values that cannot exist (empty range, bad shape, ...)."""


class BibliographyError(TriangleError, ValueError):
    """The BibTeX text is malformed, or a citation format is unknown."""


class UncitableError(TriangleError, TypeError):
    """An object given to :func:`cite` carries no citation information."""


class InvalidTreeError(InvalidGameError):
    """A game tree is malformed: a cycle, a leaf without payoffs, bad probabilities, ...

    Subclasses :class:`~triangle.errors.InvalidGameError` (hence ``ValueError``).
    """


class InvalidProgressError(InvalidArgumentError, TypeError):
    """A ``progress=`` argument is neither a bool, None nor a callable ``(done, total)``."""


class UnsupportedGameError(InvalidGameError, NotImplementedError):
    """A solver does not handle this kind of game (for example a two-player-only solver
    given three players); the message names the solver to use instead.

    Also an :class:`InvalidGameError` (hence ``ValueError``), which these solvers raised
    before, so that existing ``except`` clauses keep working.
    """


class GambitFormatError(TriangleError, ValueError):
    """A Gambit game file (``.nfg``, ``.efg``) is malformed; the message names the line,
    what was expected there and what was found."""


class WorkLimitError(TriangleError, ValueError):
    """A computation would take more time or memory than allowed (or than this machine
    has); the message gives the estimate, what drives it and how to reduce the work, or
    how to raise the limit."""


class NoProvenanceError(TriangleError, RuntimeError):
    """A result was asked for its provenance before anything could record one: the
    package's models layer registers the recorder when it loads (``import triangle``)."""


class TriangleWarning(UserWarning):
    """Base class of the package's warnings: the input was used, after a repair it names."""


class NormalisedProfileWarning(TriangleWarning):
    """A mixed strategy within rounding of the probability simplex (summing to, say,
    0.99999999) was accepted and normalised; the message names the player and the sum."""


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
