"""Named types for what the public functions accept, one place for all of them.

A signature that says ``payoffs: PayoffsLike`` tells the reader what may come, where
``payoffs: Any`` told nothing. Most of these aliases stay open underneath (``Any``): what
they name includes sympy expressions (sympy is untyped) or objects of optional
dependencies (matplotlib, pandas, dask) that the package does not import to type-check;
each says here what it stands for. Closed ones are checked by mypy as they are.
:data:`~triangle.models.scenarios.PointLike` (a point of factor space) lives beside its
resolver in ``triangle.models.scenarios``.

Examples
--------
>>> from triangle.games.aliases import PayoffsLike
>>> def payoff_table(payoffs: PayoffsLike) -> int:
...     return len(payoffs)
>>> payoff_table([[[1, 0], [0, 1]], [[1, 0], [0, 1]]])
2
"""

from __future__ import annotations

from typing import Any, TypeAlias

__all__ = [
    "AutomataLike",
    "AxesLike",
    "BehaviourLike",
    "ClientLike",
    "ConditionsLike",
    "ConvexSetLike",
    "CountsLike",
    "ExprLike",
    "FactorsLike",
    "FrameLike",
    "GameLike",
    "GridLike",
    "NumberLike",
    "OutcomeValue",
    "PayoffsLike",
    "ProbabilitiesLike",
    "ProfileLike",
    "ProvenanceLike",
    "RobustnessResult",
    "SchedulerLike",
    "SignLike",
    "SupportLike",
    "TermsLike",
    "TreeLike",
]

#: Payoff tables: nested sequences or arrays of numbers, ``Fraction`` objects or sympy
#: expressions in named factors (sympy is untyped, so the alias stays open).
PayoffsLike: TypeAlias = Any
#: Probabilities (a prior, a distribution): nested sequences or arrays of numbers,
#: ``Fraction`` objects or sympy expressions.
ProbabilitiesLike: TypeAlias = Any
#: A number the package keeps exact when it can: ``int``, ``float``, ``Fraction`` or a
#: sympy expression.
NumberLike: TypeAlias = Any
#: A sympy expression, relational or boolean condition (or something sympy parses).
ExprLike: TypeAlias = Any
#: A strategy profile of a normal-form game: one entry per player (a strategy name, an
#: index or a probability vector), in player order or as a mapping by player name.
ProfileLike: TypeAlias = Any
#: A behaviour-strategy profile of a Bayesian game: per player one entry for all its
#: types or one per type (a mapping by type name, or a sequence), each an action name,
#: an index or a probability vector; a ``BayesianEquilibrium`` is accepted too.
BehaviourLike: TypeAlias = Any
#: A game any of the package's forms accept (a normal-form, sequential or repeated game).
GameLike: TypeAlias = Any
#: A game tree as ``SequentialGame`` takes it: nested mappings of moves to subtrees with
#: payoff leaves, or a ``Node``.
TreeLike: TypeAlias = Any
#: Observed action counts: one array per player (or one array for all players, when
#: their action counts agree), or a sequence of observed profiles.
CountsLike: TypeAlias = Any
#: The value an outcome function returns at one point (a label, a number or a flag).
OutcomeValue: TypeAlias = Any
#: The payoff terms a model was built from (``triangle.models.terms.Term`` objects; the
#: games layer does not import the models layer, so the alias stays open).
TermsLike: TypeAlias = Any
#: When a payoff term applies: a ``Conditions`` object or a mapping of its fields.
ConditionsLike: TypeAlias = Any
#: A support: for each player, the strategies played (names or indices).
SupportLike: TypeAlias = Any
#: Strategies of a repeated game as automata (``triangle.solvers.repeated_simulation``),
#: one per player, or a mapping by player name.
AutomataLike: TypeAlias = Any
#: Factors to draw or vary: one factor id, an iterable of ids or ``Factor`` objects, or a
#: mapping of ids to ranges.
FactorsLike: TypeAlias = Any
#: The values along one axis of a grid: a sequence or array of numbers.
GridLike: TypeAlias = Any
#: Where distributed work runs: a dask scheduler address or name.
SchedulerLike: TypeAlias = Any
#: What ``claim_robustness`` returns: a ``RobustnessTable``, or a dict of them by form when
#: ``forms=`` is given (open, so that callers that pass one form need not narrow it).
RobustnessResult: TypeAlias = Any
#: A run's provenance (``triangle.models.provenance.Provenance``, from the models layer),
#: or any object with a ``to_latex`` method, or text.
ProvenanceLike: TypeAlias = Any
#: A convex set of payoff vectors: a ``PayoffSet``, any object with a ``vertices``
#: attribute, or an array of points whose convex hull is meant.
ConvexSetLike: TypeAlias = Any
#: A sign given as a number equal to +1 or -1.
SignLike: TypeAlias = Any
#: A matplotlib ``Axes`` (matplotlib is an optional dependency: the ``plot`` extra).
AxesLike: TypeAlias = Any
#: A pandas ``DataFrame`` (pandas is an optional dependency).
FrameLike: TypeAlias = Any
#: A dask ``distributed.Client`` (dask is an optional dependency: ``distributed``).
ClientLike: TypeAlias = Any
