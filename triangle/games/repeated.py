"""Infinitely repeated games with discounting and a per-period hazard of breakdown.

A :class:`RepeatedGame` plays a stage :class:`~triangle.NormalFormGame` every period.
Each player discounts the future by ``discount``; with probability ``hazard`` per period
the relationship ends (or a government turns over and reneges). Both shrink the shadow
of the future in the same way, so every result depends on the *effective* discount
factor ``discount * (1 - hazard)`` (Fearon 1995 on the turnover commitment problem).

The central question is whether a cooperative pure profile (a "deal") can be sustained
by the threat of punishment. :meth:`RepeatedGame.threshold` answers with the exact
smallest effective discount factor, for the punishments ``"grim"`` (Nash reversion,
Friedman 1971), ``"tit_for_tat"`` (two players, Axelrod 1984), ``"minmax"`` and
``"pure_minmax"`` (the folk theorem's bound); the computation, and what each punishment
means, is in :mod:`triangle.solvers.repeated_thresholds`. Minmax values, payoff sets,
finite horizons and simulations are computed by the other ``triangle.solvers.repeated_*``
modules; the methods here only call them.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from triangle.errors import InvalidGameError, SolverError, SymbolicGameError
from triangle.games.aliases import AutomataLike, NumberLike, ProfileLike
from triangle.games.normal_form import NormalFormGame, require_numeric
from triangle.games.symbolic import decimal_rational, exact_decimal, factor_replacements

if TYPE_CHECKING:
    from triangle.solvers.repeated_finite import FiniteHorizon
    from triangle.solvers.repeated_minmax import Minmax
    from triangle.solvers.repeated_simulation import Simulation

__all__ = ["PUNISHMENTS", "RepeatedGame", "Threshold", "probability_like"]

#: The punishments :meth:`RepeatedGame.threshold` knows.
PUNISHMENTS = ("grim", "tit_for_tat", "minmax", "pure_minmax")


@dataclass(frozen=True, eq=False)
class Threshold:
    """When a cooperative profile is sustained, and why.

    Attributes
    ----------
    discount
        The smallest effective discount factor at which the profile is sustained (a sympy
        number; ``sympy.oo`` if no factor below one sustains it). For a symbolic game,
        an expression in the factors, valid under ``conditions``.
    sustained
        The set (a sympy ``Interval``, possibly empty) of effective discount factors in
        ``[0, 1)`` that sustain the profile (numeric games only; ``None`` otherwise).
    conditions
        Symbolic games: the conditions on the factors under which ``discount`` is the
        threshold: the threat is a stage equilibrium, and each player is either not
        tempted (``R >= T``) or tempted by a deviation that the punishment makes costly
        (``T > P``) and beaten by the deal (``R > P``). Outside them the profile may be
        unsustainable at any discount. Empty for numeric games.
    profile
        The cooperative profile, by strategy names.
    punishment
        The punishment's name, and ``threat``: what is played after a deviation
        (per deviator for grim with the worst equilibrium).
    reward, temptation, punishment_payoff
        Per player: ``R`` (the deal's payoff), ``T`` (the best deviation's stage payoff)
        and ``P`` (the punishment's per-period payoff).
    by_player
        Per player: the lowest discount factor that keeps *that* player in line.
    """

    discount: Any
    sustained: Any
    conditions: tuple[Any, ...]
    profile: tuple[str, ...]
    punishment: str
    threat: dict[str, Any]
    reward: dict[str, Any]
    temptation: dict[str, Any]
    punishment_payoff: dict[str, Any]
    by_player: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        cond = f", if {' & '.join(map(str, self.conditions))}" if self.conditions else ""
        return f"Threshold({self.punishment}: effective discount >= {self.discount}{cond})"


class RepeatedGame:
    """A stage game repeated forever, with a discount factor and a per-period hazard.

    Parameters
    ----------
    stage
        The stage game (numeric or symbolic :class:`~triangle.NormalFormGame`).
    discount
        The players' common discount factor, in ``[0, 1)``; a number or a sympy
        expression in factors.
    hazard
        The per-period probability, in ``[0, 1]``, that the relationship ends (for
        example that a new government reneges on the deal). A number or an expression.

    Examples
    --------
    >>> import triangle as tri
    >>> pd = tri.NormalFormGame.from_bimatrix(
    ...     [[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...     strategies=(("cooperate", "defect"), ("cooperate", "defect")))
    >>> rg = tri.RepeatedGame(pd, discount=0.9, hazard=0.25)
    >>> rg.effective_discount
    27/40
    >>> rg.critical_discount(("cooperate", "cooperate"))
    1/2
    >>> rg.sustains(("cooperate", "cooperate")), rg.critical_hazard(("cooperate", "cooperate"))
    (True, 4/9)
    >>> rg.critical_discount(("cooperate", "cooperate"), punishment="tit_for_tat")
    2/3
    """

    __slots__ = ("_discount", "_hazard", "stage")

    def __init__(
        self, stage: NormalFormGame, discount: NumberLike, hazard: NumberLike = 0.0
    ) -> None:
        if not isinstance(stage, NormalFormGame):
            raise InvalidGameError(
                f"the stage game must be a NormalFormGame; got {type(stage).__name__}. Build one "
                f"with "
                f"triangle.NormalFormGame(payoffs, players=..., strategies=...)."
            )
        self.stage = stage
        self._discount = probability_like(discount, "discount", upper_open=True)
        self._hazard = probability_like(hazard, "hazard")

    # ----------------------------------------------------------------- properties
    @property
    def discount(self) -> sympy.Expr:
        """The discount factor (exact: floats are read by their shortest decimal)."""
        return self._discount

    @property
    def hazard(self) -> sympy.Expr:
        """The per-period hazard that the relationship ends."""
        return self._hazard

    @property
    def effective_discount(self) -> sympy.Expr:
        """``discount * (1 - hazard)``: the weight of next period's payoff, exactly.

        >>> import triangle as tri
        >>> g = tri.NormalFormGame.from_bimatrix([[1]], [[1]])
        >>> RepeatedGame(g, 0.9, hazard=0.05).effective_discount
        171/200
        """
        return sympy.expand(self._discount * (1 - self._hazard))

    @property
    def players(self) -> tuple[str, ...]:
        """The stage game's players."""
        return self.stage.players

    @property
    def is_symbolic(self) -> bool:
        """True when the stage payoffs, the discount or the hazard depend on a factor."""
        return bool(self.factors)

    @property
    def factors(self) -> dict[str, sympy.Symbol]:
        """The free symbols of the stage payoffs, the discount and the hazard, by name."""
        free = dict(self.stage.factors)
        for expr in (self._discount, self._hazard):
            free.update({s.name: s for s in expr.free_symbols})
        return dict(sorted(free.items()))

    def subs(self, mapping: Mapping[str | sympy.Symbol, Any]) -> RepeatedGame:
        """Substitute factor values in the stage game, the discount and the hazard.

        >>> import triangle as tri
        >>> d, h = sympy.symbols("d h")
        >>> g = tri.NormalFormGame.from_bimatrix([[1]], [[1]])
        >>> RepeatedGame(g, d, h).subs({"d": 0.9, "h": 0.1}).effective_discount
        81/100
        """
        # exact thresholds: 0.1 is 1/10, not a binary float
        repl = factor_replacements(mapping, self.factors, convert=exact_decimal)
        stage_names = set(self.stage.factors)
        stage_map = {sym: v for sym, v in repl.items() if sym.name in stage_names}
        stage = self.stage.subs(stage_map) if stage_map else self.stage
        return RepeatedGame(stage, self._discount.xreplace(repl), self._hazard.xreplace(repl))

    def __repr__(self) -> str:
        return (
            f"<RepeatedGame players={self.players}, discount={self._discount}, "
            f"hazard={self._hazard}, "
            f"effective discount={self.effective_discount}>"
        )

    # ----------------------------------------------------------------- thresholds
    def threshold(
        self, profile: ProfileLike, punishment: str = "grim", threat: ProfileLike = None
    ) -> Threshold:
        """The full answer to "when is ``profile`` sustained?" (see :class:`Threshold`).

        ``profile`` is a pure profile (strategy names or indices, or a mapping by
        player). ``threat``: for ``"grim"``, the stage Nash equilibrium reverted to (a
        profile, or an :class:`~triangle.Equilibrium`; default: each deviator's worst
        pure stage equilibrium); for ``"tit_for_tat"``, each player's punishing action
        (default: the other action, for players with two). Symbolic games need
        ``threat`` for grim; the result then lists the conditions under which the
        threat is a stage equilibrium.

        >>> import triangle as tri
        >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> RepeatedGame(pd, 0.9).threshold(("s1", "s1"))
        Threshold(grim: effective discount >= 1/2)
        >>> t, r, p = sympy.symbols("t r p", positive=True)
        >>> sym = tri.NormalFormGame.from_bimatrix([[r, 0], [t, p]], [[r, t], [0, p]])
        >>> RepeatedGame(sym, 0.9).threshold(("s1", "s1"), threat=("s2", "s2"))
        Threshold(grim: effective discount >= Max(0,
            Piecewise((0, r >= t), ((-r + t)/(-p + t), True))),
            if (r >= t) | ((r > p) & (t > p)))
        """
        from triangle.solvers.repeated_thresholds import threshold

        return threshold(self.stage, profile, punishment, threat)

    def critical_discount(
        self, profile: ProfileLike, punishment: str = "grim", threat: ProfileLike = None
    ) -> NumberLike:
        """The smallest effective discount factor that sustains the pure ``profile``.

        Exact: a sympy ``Rational`` for numeric games, an expression in the factors for
        symbolic ones (valid under ``self.threshold(...).conditions``); ``sympy.oo`` when
        no discount factor below one sustains the profile. Compare with
        :attr:`effective_discount`, or use :meth:`sustains`.

        >>> import triangle as tri
        >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> RepeatedGame(pd, 0.9).critical_discount(("s1", "s1"), punishment="minmax")
        1/2
        """
        return self.threshold(profile, punishment, threat).discount

    def sustains(
        self, profile: ProfileLike, punishment: str = "grim", threat: ProfileLike = None
    ) -> bool:
        """Whether the game's own effective discount factor sustains ``profile``.

        >>> import triangle as tri
        >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> RepeatedGame(pd, 0.9, hazard=0.5).sustains(("s1", "s1"))
        False
        """
        from triangle.solvers.repeated_thresholds import sustains

        return sustains(self, profile, punishment, threat)

    def critical_hazard(
        self, profile: ProfileLike, punishment: str = "grim", threat: ProfileLike = None
    ) -> NumberLike:
        """The largest per-period hazard at which ``profile`` is still sustained.

        ``1 - critical_discount / discount``: sustained iff ``hazard <= critical_hazard``
        (when the sustaining set has no upper end, as for the textbook games). A value
        below zero means not even a certain relationship sustains the deal; an
        expression for symbolic games.

        >>> import triangle as tri
        >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> RepeatedGame(pd, sympy.Rational(4, 5)).critical_hazard(("s1", "s1"))
        3/8
        """
        from triangle.solvers.repeated_thresholds import critical_hazard

        return critical_hazard(self, profile, punishment, threat)

    # ----------------------------------------------------------------- payoff sets
    def minmax_values(self, mixed: bool = True) -> tuple[Minmax, ...]:
        """Each player's minmax value (see :func:`triangle.solvers.repeated_minmax.minmax`).

        >>> import triangle as tri
        >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> [m.value for m in RepeatedGame(pd, 0.9).minmax_values()]
        [1, 1]
        """
        from triangle.solvers.repeated_minmax import minmax_values

        return minmax_values(self.stage, mixed=mixed)

    def feasible_payoffs(self) -> np.ndarray:
        """Vertices of the convex hull of the stage payoffs (any number of players).

        >>> import triangle as tri
        >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> RepeatedGame(pd, 0.9).feasible_payoffs().shape
        (4, 2)
        """
        from triangle.solvers.repeated_payoff_sets import feasible_payoffs

        return feasible_payoffs(self.stage)

    def individually_rational_payoffs(self, mixed: bool = True) -> np.ndarray:
        """Vertices of the feasible payoffs at or above every player's minmax value.

        >>> import triangle as tri
        >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> RepeatedGame(pd, 0.9).individually_rational_payoffs().round(3)
        array([[1.   , 1.   ],
               [4.333, 1.   ],
               [3.   , 3.   ],
               [1.   , 4.333]])
        """
        from triangle.solvers.repeated_payoff_sets import individually_rational_payoffs

        return individually_rational_payoffs(self.stage, mixed=mixed)

    def equilibrium_payoffs(
        self, directions: int = 64, tol: float = 1e-9, max_iter: int = 5000, method: str = "outer"
    ) -> np.ndarray:
        """Vertices ``(k, 2)`` of the set of subgame-perfect equilibrium payoffs.

        Two-player stage games. The set assumes perfect monitoring of actions, a public
        randomisation device each period, the game's *effective* discount factor, and
        pure stage actions (mixed actions cannot be observed, so they are left out, as
        in Abreu and Sannikov 2014 and QuantEcon). Payoffs are discounted averages.
        Computed by the outer hyperplane approximation of Judd, Yeltekin and Conklin
        (2003) with ``directions`` normals (plus the axes and the feasible set's edge
        normals): a polygon that contains the true set and approaches it as
        ``directions`` grows. ``method="abreu_sannikov"`` computes the set itself, exact
        up to ``tol``, by the algorithm of Abreu and Sannikov (2014) (``directions`` is
        then unused; see :func:`triangle.solvers.repeated_abreu_sannikov.abreu_sannikov`,
        whose result also gives the punishments and the distance between the two).
        Counter-clockwise vertices; shape ``(0, 2)`` if no pure equilibrium exists.
        Raises :class:`~triangle.errors.SolverError` if it has not converged after
        ``max_iter`` iterations. See
        :func:`triangle.solvers.repeated_payoff_sets.outer_approximation`.

        >>> import triangle as tri
        >>> pd = tri.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
        >>> RepeatedGame(pd, 0.75).equilibrium_payoffs().round(6)
        array([[3.  , 3.  ],
               [9.75, 3.  ],
               [9.  , 9.  ],
               [3.  , 9.75]])
        >>> RepeatedGame(pd, 0.75).equilibrium_payoffs(method="abreu_sannikov").round(6)
        array([[3.  , 3.  ],
               [9.75, 3.  ],
               [9.  , 9.  ],
               [3.  , 9.75]])
        """
        from triangle.solvers.repeated_payoff_sets import outer_approximation

        self._require_numeric_discount("equilibrium_payoffs")
        if method != "outer":
            from triangle.solvers.repeated_abreu_sannikov import payoff_set

            delta = float(self.effective_discount)
            return payoff_set(self.stage, delta, method, tol=tol, max_iter=max_iter).vertices
        result = outer_approximation(
            self.stage, float(self.effective_discount), directions, tol, max_iter
        )
        if not result.converged:
            raise SolverError(
                f"the outer approximation did not converge in {max_iter} iterations (it converges "
                f"at the rate of the discount factor); raise max_iter or tol."
            )
        return result.vertices

    # ----------------------------------------------------------------- finite horizon, simulation
    def finite_horizon(self, periods: int, max_payoffs: int = 100_000) -> FiniteHorizon:
        """Subgame-perfect play when the game ends after ``periods`` periods.

        See :func:`triangle.solvers.repeated_finite.finite_horizon`.

        >>> import triangle as tri
        >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> RepeatedGame(pd, 0.9).finite_horizon(4).sustains(("s1", "s1"))
        (False, False, False, False)
        """
        from triangle.solvers.repeated_finite import finite_horizon

        self._require_numeric_discount("finite_horizon")
        return finite_horizon(self.stage, self.effective_discount, periods, max_payoffs=max_payoffs)

    def simulate(
        self,
        strategies: AutomataLike,
        periods: int,
        *,
        agreement: ProfileLike = None,
        noise: float = 0.0,
        seed: int | np.random.Generator | None = None,
    ) -> Simulation:
        """Play strategies given as automata (see :mod:`triangle.solvers.repeated_simulation`).

        >>> import triangle as tri
        >>> from triangle.solvers.repeated_simulation import Grim, TitForTat
        >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
        ...     strategies=(("C", "D"), ("C", "D")))
        >>> run = RepeatedGame(pd, 0.9).simulate((Grim("C", "D"), TitForTat("C", "D")), 5)
        >>> run.actions[0]
        ('C', 'C')
        """
        from triangle.solvers.repeated_simulation import simulate

        self._require_numeric_discount("simulate")
        return simulate(
            self.stage,
            strategies,
            periods,
            discount=float(self._discount),
            hazard=float(self._hazard),
            agreement=agreement,
            noise=noise,
            seed=seed,
        )

    def _require_numeric_discount(self, what: str) -> None:
        require_numeric(self.stage, what)
        if self.effective_discount.free_symbols:
            raise SymbolicGameError(
                f"{what} needs a numeric discount and hazard; substitute values for "
                f"{', '.join(s.name for s in self.effective_discount.free_symbols)} "
                f"with .subs({{...}})."
            )


# --------------------------------------------------------------------------- validation
def probability_like(
    value: Any, what: str, *, upper_open: bool = False, numeric: bool = False
) -> sympy.Expr:
    """``value`` as an exact sympy number in ``[0, 1]`` (``[0, 1)`` with ``upper_open``),
    or a sympy expression in the factors unless ``numeric``; else a clear error.

    The one check of the discount factors, hazards and noise levels the repeated-game
    solvers take: a bool, a string, an array, NaN or a number out of range is refused;
    floats are read by their shortest decimal (``0.9`` is ``9/10``).

    >>> probability_like(0.9, "discount", upper_open=True)
    9/10
    >>> probability_like(1, "discount", upper_open=True)
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidGameError: the discount must lie in [0, 1); got 1. A discount ...
    >>> probability_like([0.5], "hazard")
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidGameError: the hazard must be a number in [0, 1] or a sympy ...
    """
    bracket = "[0, 1)" if upper_open else "[0, 1]"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Number, sympy.Basic)):
        raise InvalidGameError(
            f"the {what} must be a number in {bracket} or a sympy expression; got {value!r}."
        )
    if isinstance(value, Fraction):
        expr = sympy.Rational(value.numerator, value.denominator)
    elif isinstance(value, (float, np.floating)):
        if not np.isfinite(value):
            raise InvalidGameError(f"the {what} must be a finite number in {bracket}; got {value}.")
        expr = decimal_rational(value)
    else:
        expr = sympy.sympify(value)
    if isinstance(expr, sympy.Float):
        expr = decimal_rational(expr)
    if not isinstance(expr, sympy.Expr):
        raise InvalidGameError(f"the {what} must be a number or an expression; got {value!r}.")
    if expr.is_number:
        if not expr.is_real:
            raise InvalidGameError(f"the {what} must be a real number in {bracket}; got {value!r}.")
        too_high = expr >= 1 if upper_open else expr > 1
        if expr < 0 or too_high:
            hint = (
                " A discount factor of 1 (no discounting) has no stationary average payoff; use a "
                "value just below 1, e.g. 0.99."
                if upper_open and expr == 1
                else ""
            )
            raise InvalidGameError(f"the {what} must lie in {bracket}; got {value}.{hint}")
    elif numeric:
        raise InvalidGameError(
            f"the {what} must be a number in {bracket} here; got the expression {expr}. "
            f"Substitute values for its factors first."
        )
    return expr
