"""Infinitely repeated games with discounting and a per-period hazard of breakdown.

A :class:`RepeatedGame` plays a stage :class:`~triangle.NormalFormGame` every period.
Each player discounts the future by ``discount``; with probability ``hazard`` per period
the relationship ends (or a government turns over and reneges). Both shrink the shadow
of the future in the same way, so every result depends on the *effective* discount
factor ``discount * (1 - hazard)`` (Fearon 1995 on the turnover commitment problem).

The central question is whether a cooperative pure profile (a "deal") can be sustained
by the threat of punishment. :meth:`RepeatedGame.threshold` answers with the exact
smallest effective discount factor, for three punishments:

- ``"grim"``: after any deviation, a stage Nash equilibrium is played forever (Friedman
  1971). By default the deviator is punished with *their worst* pure stage equilibrium
  (the harshest punishment that is itself credible); ``threat=`` fixes one profile.
  Sustained iff ``delta >= (T - R) / (T - P)`` for every player (reward ``R`` from the
  deal, temptation ``T`` from the best deviation, punishment ``P``). The result is a
  subgame-perfect equilibrium. A player whose part of the deal is already a best reply
  (``T <= R``) is never punished: forgiving a deviation that gains nothing is credible,
  so the sustaining discount factors always form an interval ``[delta*, 1)``.
- ``"tit_for_tat"`` (two players): each plays their part of the deal if the other did last
  period and their ``threat`` action otherwise. Nash (not subgame-perfect) equilibrium iff
  neither permanent defection nor alternation pays: ``delta >= max((T - R) / (T - P),
  (T - R) / (R - S))`` in the prisoner's dilemma (Axelrod 1984).
- ``"minmax"`` / ``"pure_minmax"``: the deviator is held to their (mixed or pure) minmax
  value forever. The lowest threshold any punishment can give: a Nash-threat bound
  (the folk theorem's), reached in subgame perfection only when the punishers can be
  given incentives to punish.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from triangle.errors import (
    InvalidGameError,
    InvalidProfileError,
    SolverError,
    SymbolicGameError,
)
from triangle.games.normal_form import NormalFormGame

if TYPE_CHECKING:
    from triangle.solvers.repeated_finite import FiniteHorizon
    from triangle.solvers.repeated_minmax import Minmax
    from triangle.solvers.repeated_simulation import Simulation

__all__ = ["PUNISHMENTS", "RepeatedGame", "Threshold"]

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

    def __init__(self, stage: NormalFormGame, discount: Any, hazard: Any = 0.0) -> None:
        if not isinstance(stage, NormalFormGame):
            raise InvalidGameError(
                f"the stage game must be a NormalFormGame; got {type(stage).__name__}. Build one "
                f"with "
                f"triangle.NormalFormGame(payoffs, players=..., strategies=...)."
            )
        self.stage = stage
        self._discount = _probability_like(discount, "discount", upper_open=True)
        self._hazard = _probability_like(hazard, "hazard", upper_open=False)

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
        from triangle.games.normal_form import factor_replacements
        from triangle.games.sequential import _decimal

        # exact thresholds: 0.1 is 1/10, not a binary float
        repl = factor_replacements(mapping, self.factors, convert=_decimal)
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
    def threshold(self, profile: Any, punishment: str = "grim", threat: Any = None) -> Threshold:
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
        return _threshold(self.stage, profile, punishment, threat)

    def critical_discount(self, profile: Any, punishment: str = "grim", threat: Any = None) -> Any:
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

    def sustains(self, profile: Any, punishment: str = "grim", threat: Any = None) -> bool:
        """Whether the game's own effective discount factor sustains ``profile``.

        >>> import triangle as tri
        >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> RepeatedGame(pd, 0.9, hazard=0.5).sustains(("s1", "s1"))
        False
        """
        result = self.threshold(profile, punishment, threat)
        delta = self.effective_discount
        if result.sustained is None or delta.free_symbols:
            raise SymbolicGameError(
                "sustains needs numbers; substitute values for the factors "
                f"{', '.join(self.factors)} with .subs({{...}}), or compare "
                "critical_discount(...) with effective_discount yourself."
            )
        return bool(result.sustained.contains(delta))

    def critical_hazard(self, profile: Any, punishment: str = "grim", threat: Any = None) -> Any:
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
        delta_star = self.critical_discount(profile, punishment, threat)
        if delta_star == sympy.oo:
            return -sympy.oo
        if self._discount == 0:
            return sympy.Integer(1) if delta_star == 0 else -sympy.oo
        value = 1 - delta_star / self._discount
        return sympy.nsimplify(value) if value.is_number else value

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
        self, directions: int = 64, tol: float = 1e-9, max_iter: int = 5000
    ) -> np.ndarray:
        """Vertices ``(k, 2)`` of the set of subgame-perfect equilibrium payoffs.

        Two-player stage games. The set assumes perfect monitoring of actions, a public
        randomisation device each period, the game's *effective* discount factor, and
        pure stage actions (mixed actions cannot be observed, so they are left out, as
        in Abreu and Sannikov 2014 and QuantEcon). Payoffs are discounted averages.
        Computed by the outer hyperplane approximation of Judd, Yeltekin and Conklin
        (2003) with ``directions`` normals (plus the axes and the feasible set's edge
        normals): a polygon that contains the true set, within ``O(1/directions**2)``.
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
        """
        from triangle.solvers.repeated_payoff_sets import outer_approximation

        self._require_numeric_discount("equilibrium_payoffs")
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
        strategies: Any,
        periods: int,
        *,
        agreement: Any = None,
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
        self.stage._require_numeric(what)
        if self.effective_discount.free_symbols:
            raise SymbolicGameError(
                f"{what} needs a numeric discount and hazard; substitute values for "
                f"{', '.join(s.name for s in self.effective_discount.free_symbols)} "
                f"with .subs({{...}})."
            )


# --------------------------------------------------------------------------- validation
def _probability_like(value: Any, what: str, upper_open: bool) -> sympy.Expr:
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
        expr = sympy.Rational(Fraction(repr(float(value))))
    else:
        expr = sympy.sympify(value)
    if isinstance(expr, sympy.Float):
        expr = sympy.Rational(Fraction(repr(float(expr))))
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
    return expr


# --------------------------------------------------------------------------- thresholds
def _table(stage: NormalFormGame) -> np.ndarray:
    from triangle.solvers.repeated_minmax import _table as table

    return table(stage)


def _pure_cell(stage: NormalFormGame, profile: Any, what: str) -> tuple[int, ...]:
    from triangle.games.profiles import as_profile
    from triangle.games.results import Equilibrium

    if isinstance(profile, Equilibrium):
        profile = profile.profile
    vectors = as_profile(stage, profile)
    cell = []
    for player, v in zip(stage.players, vectors):
        nz = [j for j, x in enumerate(v) if x != 0]
        if len(nz) != 1 or v[nz[0]] != 1:
            raise InvalidProfileError(
                f"the {what} must be a pure profile (one strategy per player); {player!r} mixes "
                f"{[float(x) for x in v]}. Give strategy names or indices."
            )
        cell.append(nz[0])
    return tuple(cell)


def _threat_payoffs(stage: NormalFormGame, threat: Any, table: np.ndarray):
    """Expected payoffs (sympy) of a threat profile, pure or mixed, and whether it is pure."""
    from triangle.games.profiles import as_profile
    from triangle.games.results import Equilibrium

    if isinstance(threat, Equilibrium):
        threat = threat.profile
    vectors = as_profile(stage, threat)
    n = stage.n_players
    out = []
    for i in range(n):
        total = sympy.Integer(0)
        for cell in np.ndindex(*stage.shape):
            w = sympy.Integer(1)
            for k, j in enumerate(cell):
                x = vectors[k][j]
                w *= (
                    sympy.Rational(x.numerator, x.denominator)
                    if isinstance(x, Fraction)
                    else sympy.nsimplify(float(x))
                )
                if w == 0:
                    break
            if w != 0:
                total += w * table[(i, *cell)]
        out.append(sympy.expand(total))
    return out, vectors


def _threshold(stage: NormalFormGame, profile: Any, punishment: str, threat: Any) -> Threshold:
    if punishment not in PUNISHMENTS:
        raise InvalidGameError(
            f"unknown punishment {punishment!r}; choose one of {', '.join(PUNISHMENTS)}."
        )
    n = stage.n_players
    cell = _pure_cell(stage, profile, "cooperative profile")
    names = tuple(stage.strategies[i][j] for i, j in enumerate(cell))
    table = _table(stage)
    symbolic = stage.is_symbolic
    reward = [table[(i, *cell)] for i in range(n)]
    temptation = []
    for i in range(n):
        alts = [
            table[(i, *cell[:i], a, *cell[i + 1 :])] for a in range(stage.shape[i]) if a != cell[i]
        ]
        temptation.append(sympy.Max(*alts) if alts else None)
    conditions: list[Any] = []
    # (player, a, b, forgivable): a + b * delta >= 0, dropped for a forgivable player if a >= 0
    constraints: list[tuple[int, Any, Any, bool]] = []
    threat_info: dict[str, Any] = {}
    pun: list[Any] = [None] * n
    if punishment == "tit_for_tat":
        if n != 2:
            raise InvalidGameError(f"tit_for_tat is defined for two players; this game has {n}.")
        defect = _tft_defection(stage, cell, threat)
        threat_info = {stage.players[i]: stage.strategies[i][defect[i]] for i in range(2)}
        for i in range(2):
            j = 1 - i
            R, T = reward[i], temptation[i]
            if T is None:  # a player with one action cannot deviate
                continue

            def u(own: int, other: int, i=i, j=j):
                c = [0, 0]
                c[i], c[j] = own, other
                return table[(i, *c)]

            S = u(cell[i], defect[j])
            alts = [u(a, defect[j]) for a in range(stage.shape[i]) if a != cell[i]]
            P2 = sympy.Max(*alts)
            pun[i] = P2
            # tit-for-tat punishes every deviation, tempting or not: nothing is forgiven
            constraints.append((i, R - T, R - S, False))  # alternation: R (1 + d) >= T + d S
            constraints.append((i, R - T, T - P2, False))  # defection: R >= (1 - d) T + d P
    else:
        if punishment == "grim":
            pun, threat_info, extra = _grim_punishments(stage, table, threat)
            conditions.extend(extra)
        else:
            from triangle.solvers.repeated_minmax import minmax_values

            mixed = punishment == "minmax"
            if symbolic and mixed:
                raise SymbolicGameError(
                    "the mixed minmax of a symbolic game has no closed form here; use "
                    "punishment='pure_minmax', or substitute factor values first."
                )
            values = minmax_values(stage, mixed=mixed)
            pun = [_as_expr(m.value) for m in values]
            threat_info = {
                stage.players[i]: tuple(p.tolist() for p in m.punishment)
                for i, m in enumerate(values)
            }
        for i in range(n):
            if temptation[i] is None:
                continue
            # forgivable: a player whose part of the deal is a best reply need not be punished
            constraints.append((i, reward[i] - temptation[i], temptation[i] - pun[i], True))
    return _solve_constraints(
        stage,
        names,
        punishment,
        threat_info,
        reward,
        temptation,
        pun,
        constraints,
        conditions,
        symbolic,
    )


def _as_expr(x: Any) -> sympy.Expr:
    if isinstance(x, sympy.Basic):
        return x
    if isinstance(x, Fraction):
        return sympy.Rational(x.numerator, x.denominator)
    return sympy.Float(float(x))


def _tft_defection(stage: NormalFormGame, cell: tuple[int, ...], threat: Any) -> tuple[int, ...]:
    if threat is not None:
        return _pure_cell(stage, threat, "tit-for-tat threat (each player's punishing action)")
    out = []
    for i in range(2):
        if stage.shape[i] != 2:
            raise InvalidProfileError(
                f"tit-for-tat needs each player's punishing action: {stage.players[i]!r} has "
                f"{stage.shape[i]} strategies, so pass threat=(action of {stage.players[0]!r}, "
                f"action of "
                f"{stage.players[1]!r})."
            )
        out.append(1 - cell[i])
    return tuple(out)


def _grim_punishments(stage: NormalFormGame, table: np.ndarray, threat: Any):
    n = stage.n_players
    conditions: list[Any] = []
    if threat is None:
        if stage.is_symbolic:
            raise SymbolicGameError(
                "grim trigger in a symbolic game needs the stage equilibrium to revert to: pass "
                "threat=(one strategy per player); the result lists the conditions under which it "
                "is an "
                "equilibrium."
            )
        from triangle.solvers.pure import pure_equilibria

        eqs = pure_equilibria(stage, tol=0.0)
        if not eqs:
            raise SolverError(
                "the stage game has no pure Nash equilibrium to revert to; pass threat= a mixed "
                "equilibrium, e.g. threat=triangle.equilibria(stage)[0], or use "
                "punishment='minmax'."
            )
        cells = [tuple(int(np.argmax(p)) for p in eq.profile) for eq in eqs]
        pun, info = [], {}
        for i in range(n):
            worst = min(cells, key=lambda c, i=i: table[(i, *c)])
            pun.append(table[(i, *worst)])
            info[stage.players[i]] = tuple(stage.strategies[k][j] for k, j in enumerate(worst))
        return pun, info, conditions
    payoffs, vectors = _threat_payoffs(stage, threat, table)
    pure = all(sum(1 for x in v if x != 0) == 1 for v in vectors)
    if stage.is_symbolic:
        if not pure:
            raise InvalidProfileError("in a symbolic game the grim threat must be a pure profile.")
        tcell = tuple(int(np.argmax([float(x) for x in v])) for v in vectors)
        for i in range(n):  # the threat must be a stage equilibrium: no profitable deviation
            for a in range(stage.shape[i]):
                if a != tcell[i]:
                    d = sympy.expand(
                        table[(i, *tcell)] - table[(i, *tcell[:i], a, *tcell[i + 1 :])]
                    )
                    if d.free_symbols:
                        conditions.append(_tidy(d >= 0))
                    elif d < 0:
                        raise InvalidProfileError(
                            f"the grim threat {threat!r} is not a stage Nash equilibrium: "
                            f"{stage.players[i]!r} gains by deviating."
                        )
    else:
        from triangle.solvers.verify import is_equilibrium

        if not is_equilibrium(stage, tuple(vectors), tol=0.0 if pure else 1e-9):
            raise InvalidProfileError(
                f"the grim threat {threat!r} is not a Nash equilibrium of the stage game, so "
                f"reverting "
                f"to it is not credible; pick one from triangle.equilibria(stage)."
            )
    label = tuple(
        stage.strategies[k][int(np.argmax([float(x) for x in v]))]
        if pure
        else tuple(float(x) for x in v)
        for k, v in enumerate(vectors)
    )
    return payoffs, {p: label for p in stage.players}, conditions


def _solve_constraints(
    stage,
    names,
    punishment,
    threat_info,
    reward,
    temptation,
    pun,
    constraints,
    conditions,
    symbolic,
):
    players = stage.players
    by_player: dict[str, Any] = {}
    sustained: Any = None
    if not symbolic:
        interval = sympy.Interval.Ropen(0, 1)
        for i, a, b, forgivable in constraints:
            a, b = sympy.nsimplify(a), sympy.nsimplify(b)
            if forgivable and a >= 0:  # no gain from deviating: forgive, never punish
                by_player.setdefault(players[i], sympy.Interval.Ropen(0, 1))
                continue
            piece = _halfline(a, b)
            interval = interval.intersect(piece)
            by_player[players[i]] = by_player.get(players[i], sympy.Interval.Ropen(0, 1)).intersect(
                piece
            )
        sustained = interval
        discount = _lowest(interval)
        by_player = {p: _lowest(s) for p, s in by_player.items()}
    else:
        parts = []
        for i, a, b, forgivable in constraints:
            a, b = sympy.expand(a), sympy.expand(b)  # simplify() takes minutes on model payoffs
            if forgivable and not a.free_symbols and a >= 0:
                by_player[players[i]] = sympy.Max(by_player.get(players[i], 0), 0)
                continue
            if not (a.free_symbols or b.free_symbols):
                piece = _halfline(a, b)
                if piece is sympy.S.EmptySet or piece.inf >= 1:
                    raise SolverError(
                        f"{players[i]!r} cannot be kept to the deal for any discount below 1 under "
                        f"{punishment!r}."
                    )
                low = piece.inf
                parts.append(low)
                by_player[players[i]] = sympy.Max(by_player.get(players[i], 0), low)
                continue
            # standard case: the punishment hurts (b > 0) and the deal beats it (a + b > 0);
            # a forgivable player who is not tempted (a >= 0) needs neither
            hurts, beats = _tidy(b > 0), _tidy(a + b > 0)
            ratio = -a / b
            if forgivable:
                untempted = _tidy(a >= 0)
                conditions.append(sympy.Or(untempted, sympy.And(hurts, beats)))
                ratio = sympy.Piecewise((0, untempted), (ratio, True))
            else:
                conditions.extend(c for c in (hurts, beats) if c is not sympy.true)
            parts.append(ratio)
            by_player[players[i]] = sympy.Max(by_player.get(players[i], 0), ratio)
        discount = sympy.Max(0, *parts)
    return Threshold(
        discount=discount,
        sustained=sustained,
        conditions=tuple(_unique(conditions)),
        profile=names,
        punishment=punishment,
        threat=threat_info,
        reward=dict(zip(players, reward)),
        temptation=dict(zip(players, temptation)),
        punishment_payoff=dict(zip(players, pun)),
        by_player=by_player,
    )


def _halfline(a: sympy.Expr, b: sympy.Expr):
    """The effective discounts in [0, 1) with ``a + b * delta >= 0``."""
    unit = sympy.Interval.Ropen(0, 1)
    if b > 0:
        return unit.intersect(sympy.Interval(-a / b, sympy.oo))
    if b < 0:
        return unit.intersect(sympy.Interval(-sympy.oo, -a / b))
    return unit if a >= 0 else sympy.S.EmptySet


def _lowest(interval) -> sympy.Expr:
    if interval is sympy.S.EmptySet:
        return sympy.oo
    return interval.inf


def _tidy(cond):
    """A condition with both sides expanded (cheap; ``simplify`` is too slow on model payoffs)."""
    if cond in (sympy.true, sympy.false):
        return cond
    terms = sympy.Add.make_args(sympy.expand(cond.lhs - cond.rhs))
    pos = sympy.Add(*(t for t in terms if not t.could_extract_minus_sign()))
    neg = -sympy.Add(*(t for t in terms if t.could_extract_minus_sign()))
    return type(cond)(pos, neg)  # "gains > losses" reads better than "... > 0"


def _unique(items: Sequence[Any]) -> list[Any]:
    out = []
    for x in items:
        if x is sympy.true:
            continue
        if not any(x == y for y in out):
            out.append(x)
    return out
