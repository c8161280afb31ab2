"""Local sensitivity: derivatives and elasticities of payoff gaps and of equilibrium quantities.

Everything here is exact calculus on the model's sympy expressions: a derivative is a
formula in the factors, which is then evaluated at a point (a scenario, the baseline,
any values). For mixed equilibria the probabilities are solved in closed form from the
indifference conditions of their support when sympy can (the system is linear whenever
at most one opponent mixes, as in every 2-player game); otherwise their derivatives come
from the implicit function theorem at the point, ``dp/dθ = -(∂F/∂p)⁻¹ ∂F/∂θ``.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy

from triangle.errors import (
    InvalidArgumentTypeError,
    InvalidGameError,
    InvalidProfileError,
    unknown_name,
)
from triangle.games.aliases import ExprLike, SupportLike
from triangle.games.display import TableDisplay
from triangle.games.normal_form import NormalFormGame
from triangle.games.results import Equilibrium
from triangle.games.symbolic import check_game
from triangle.models.provenance import Provenance
from triangle.models.scenarios import PointLike
from triangle.registries import check_sequence
from triangle.sensitivity._inputs import registry_range, resolve_point
from triangle.sensitivity._records import run_provenance

__all__ = [
    "EquilibriumSensitivity",
    "LocalSensitivity",
    "LocalValues",
    "equilibrium_formulas",
    "equilibrium_sensitivity",
    "local_sensitivity",
    "payoff_gap",
]


# --------------------------------------------------------------------------- payoff gaps
def _weights(game: NormalFormGame, j: int, entry: Any) -> list[Any]:
    """Player j's strategy given as a name, an index, ``{name: prob}`` or a vector."""
    m = game.shape[j]
    if isinstance(entry, (str, int, np.integer)) and not isinstance(entry, bool):
        w: list[Any] = [sympy.Integer(0)] * m
        own = entry if isinstance(entry, str) else int(entry)  # a numpy integer too
        w[game.strategy_index(j, own)] = sympy.Integer(1)
        return w
    if isinstance(entry, Mapping):
        w = [sympy.Integer(0)] * m
        for name, p in entry.items():
            w[game.strategy_index(j, name)] = sympy.sympify(p)
        return w
    w = [sympy.sympify(p) for p in entry]
    if len(w) != m:
        raise InvalidProfileError(
            f"{game.players[j]!r} has {m} strategies; got a vector of {len(w)} probabilities."
        )
    return w


def _payoff_against(game: NormalFormGame, i: int, s: int, given: Mapping[str, Any]) -> sympy.Expr:
    others = [j for j in range(game.n_players) if j != i]
    weights = {}
    for player, entry in given.items():
        j = game.player_index(player)
        if j == i:
            raise InvalidProfileError(
                f"given fixes the other players' strategies, not {game.players[i]!r}'s own."
            )
        weights[j] = _weights(game, j, entry)
    missing = [game.players[j] for j in others if j not in weights]
    if missing:
        raise InvalidProfileError(
            f"given names no strategy for {missing}; give one (a name or probabilities) each."
        )
    total = sympy.Integer(0)
    for combo in itertools.product(*(range(game.shape[j]) for j in others)):
        w = sympy.Integer(1)
        for j, t in zip(others, combo):
            w *= weights[j][t]
        if w == 0:
            continue
        index = list(combo)
        index.insert(i, s)
        total += w * _rational(game.payoffs[(i, *index)])
    return total


def _rational(value: Any) -> sympy.Expr:
    """A payoff with its floats read as exact decimals (0.1 -> 1/10), so formulas stay exact."""
    expr = sympy.sympify(value)
    if expr.has(sympy.Float):
        expr = expr.xreplace({f: sympy.Rational(repr(float(f))) for f in expr.atoms(sympy.Float)})
    return expr


def payoff_gap(
    game: NormalFormGame,
    player: str | int,
    strategy: str | int,
    versus: str | int,
    given: Mapping[str, Any],
) -> sympy.Expr:
    """``player``'s payoff from ``strategy`` minus that from ``versus``, the others at ``given``.

    ``given`` maps each other player to a strategy name or to probabilities
    (``{name: p}`` or a vector; numbers or sympy expressions). Positive: ``strategy``
    pays more. The result is a sympy expression in the game's factors.

    >>> import sympy, triangle as tri
    >>> relief, risk, lifeline = sympy.symbols("relief risk lifeline")
    >>> g = tri.NormalFormGame.from_bimatrix(
    ...     [[relief * (1 - risk), 0], [0, 0]], [[0, 0], [lifeline, 0]],
    ...     players=("Russia", "US"), strategies=(("pivot", "stay"), ("engage", "press")))
    >>> payoff_gap(g, "Russia", "pivot", "stay", {"US": "engage"})
    relief*(1 - risk)
    """
    i = game.player_index(player)
    s, t = game.strategy_index(i, strategy), game.strategy_index(i, versus)
    # identical terms cancel as sympy adds them; no simplify (slow, and it rewrites the
    # documented terms into forms harder to trace back to their sources)
    return _payoff_against(game, i, s, given) - _payoff_against(game, i, t, given)


# --------------------------------------------------------------------------- derivatives
@dataclass(frozen=True)
class LocalValues(TableDisplay):
    """An expression and its sensitivities, evaluated at one point.

    ``swing`` is the derivative times the width of the factor's plausible range (the
    first-order change across the range; ``nan`` when the range is unknown): unlike the
    elasticity it stays meaningful when the expression or the factor is near zero.
    ``provenance`` records the run (the expression's factor values at the point, the date,
    the versions): shown in the HTML display and in ``%`` lines above the LaTeX table.
    """

    value: float
    derivatives: dict[str, float]
    elasticities: dict[str, float]
    swing: dict[str, float]
    provenance: Provenance | None = field(default=None, compare=False)

    def ranking(self) -> list[str]:
        """Factors by decreasing ``|swing|`` (by ``|derivative|`` where no range is known)."""
        def key(name: str) -> tuple[float, float]:
            s = self.swing[name]
            return (-abs(s) if np.isfinite(s) else 0.0, -abs(self.derivatives[name]))

        return sorted(self.derivatives, key=key)

    _title = "Local sensitivity"

    def _summary(self) -> str:
        return f"value {self.value:.4g}; factors by the swing across their range"

    def _table(self) -> tuple[list[str], list[list[Any]]]:
        return (["factor", "derivative", "elasticity", "swing"],
                [[n, self.derivatives[n], self.elasticities[n], self.swing[n]]
                 for n in self.ranking()])

    def __cite__(self) -> tuple[str, ...]:
        return ("triangle",)


@dataclass(frozen=True)
class LocalSensitivity:
    """Symbolic derivatives and elasticities of one expression with respect to each factor.

    ``elasticities[x]`` is ``(∂y/∂x)·x/y``: the percent change of ``y`` per percent
    change of ``x``. Evaluate everything at a point with :meth:`at`.
    """

    expr: sympy.Expr
    derivatives: dict[str, sympy.Expr]
    elasticities: dict[str, sympy.Expr]

    def at(self, at: PointLike = None, *, ranges: Mapping[str, tuple[float, float]] | None = None
           ) -> LocalValues:
        """Values at a point (``None``: the registry baselines; or a scenario or mapping).

        Elasticities are ``nan`` where the expression is zero (undefined there).
        """
        symbols = {s.name: s for s in self.expr.free_symbols}
        point = resolve_point(at, extra=symbols)
        missing = sorted(set(symbols) - set(point))
        if missing:
            raise InvalidGameError(
                f"no value for the factors {missing} (not in the registry): give them in at=."
            )
        subs = {symbols[n]: point[n] for n in symbols}
        value = float(self.expr.xreplace(subs)) if symbols else float(self.expr)
        derivs = {n: float(d.xreplace(subs)) for n, d in self.derivatives.items()}
        elast = {
            n: (derivs[n] * point[n] / value if value != 0 else float("nan")) for n in derivs
        }
        swing = {}
        for n, d in derivs.items():
            box = registry_range(n, ranges)
            swing[n] = d * (box[1] - box[0]) if box is not None else float("nan")
        scenario = ("baseline" if at is None  # the registry's baseline values
                    else at if isinstance(at, str) else getattr(at, "name", None))
        record = Provenance.of_run({n: point[n] for n in symbols}, scenario=scenario,
                                   form="local sensitivity")
        return LocalValues(value, derivs, elast, swing, record)


def local_sensitivity(expr: ExprLike, factors: Iterable[str] | None = None) -> LocalSensitivity:
    """Derivatives and elasticities of ``expr`` (a sympy expression, e.g. a payoff gap).

    ``factors`` restricts the factors (default: every free symbol of ``expr``).

    >>> import sympy
    >>> relief, risk = sympy.symbols("relief risk")
    >>> loc = local_sensitivity(relief * (1 - risk) - 2)
    >>> loc.derivatives["risk"]
    -relief
    >>> vals = loc.at({"relief": 4, "risk": 0.25}, ranges={"relief": (0, 10), "risk": (0, 1)})
    >>> vals.value, vals.derivatives["relief"], vals.elasticities["relief"]
    (1.0, 0.75, 3.0)
    >>> vals.ranking()
    ['relief', 'risk']
    """
    expr = sympy.sympify(expr)
    symbols = {s.name: s for s in sorted(expr.free_symbols, key=lambda s: s.name)}
    names = list(symbols) if factors is None else list(factors)
    for n in names:
        if n not in symbols:
            raise unknown_name("factor of the expression", n, symbols)
    derivs = {n: sympy.diff(expr, symbols[n]) for n in names}
    elast = {n: derivs[n] * symbols[n] / expr for n in names}
    return LocalSensitivity(expr, derivs, elast)


# --------------------------------------------------------------------------- equilibria
def _support_index(game: NormalFormGame, support: Any) -> list[list[int]]:
    if isinstance(support, Mapping):
        entries: list[Any] = [None] * game.n_players
        for player, names in support.items():
            entries[game.player_index(player)] = names
    else:
        entries = list(support)
    if len(entries) != game.n_players or any(e is None for e in entries):
        raise InvalidProfileError(
            f"a support gives the strategies played by each of the {game.n_players} players; "
            f"got {support!r}."
        )
    out = []
    for i, names in enumerate(entries):
        if isinstance(names, (str, int)):
            names = [names]
        idx = sorted({game.strategy_index(i, s) for s in names})
        if not idx:
            raise InvalidProfileError(f"{game.players[i]!r} must play at least one strategy.")
        out.append(idx)
    return out


def _system(game: NormalFormGame, support: list[list[int]]):
    """Unknowns, full probability vectors and indifference equations of a support profile.

    The last strategy of each support gets ``1 - sum(others)``, so only the
    indifference equations remain: for each player, every supported strategy pays as
    much as the first one.
    """
    unknowns: list[sympy.Symbol] = []
    probs: list[list[Any]] = []
    for i, idx in enumerate(support):
        vec: list[Any] = [sympy.Integer(0)] * game.shape[i]
        free = [sympy.Symbol(f"p_{i}_{j}") for j in idx[:-1]]
        unknowns += free
        for j, p in zip(idx[:-1], free):
            vec[j] = p
        vec[idx[-1]] = 1 - sum(free)
        probs.append(vec)
    equations = []
    for i, idx in enumerate(support):
        given = {game.players[j]: probs[j] for j in range(game.n_players) if j != i}
        first = _payoff_against(game, i, idx[0], given)
        for j in idx[1:]:
            equations.append(sympy.expand(_payoff_against(game, i, j, given) - first))
    return unknowns, probs, equations


def equilibrium_formulas(
    game: NormalFormGame, support: SupportLike
) -> list[dict[str, dict[str, sympy.Expr]]]:
    """Closed-form mixed-equilibrium probabilities on a support, as functions of the factors.

    Solves the indifference conditions of the support profile (each player indifferent
    among the strategies they play). Returns every solution sympy finds, as
    ``{player: {strategy: probability expression}}``; an empty list when sympy finds
    none (then use :func:`equilibrium_sensitivity`, which falls back on the implicit
    function theorem). Whether a solution is an equilibrium at given factor values
    (probabilities in [0, 1], no profitable deviation outside the support) depends on
    those values.

    >>> import sympy, triangle as tri
    >>> a = sympy.Symbol("a", positive=True)
    >>> g = tri.NormalFormGame.from_bimatrix([[a, 0], [0, 1]], [[0, 1], [1, 0]])
    >>> [sol] = equilibrium_formulas(g, [["s1", "s2"], ["s1", "s2"]])
    >>> sol["Player 2"]["s1"]
    1/(a + 1)
    """
    index = _support_index(game, support)
    unknowns, probs, equations = _system(game, index)
    solutions = _solve(unknowns, equations)
    out = []
    for sol in solutions:
        entry = {}
        for i, idx in enumerate(index):
            entry[game.players[i]] = {
                game.strategies[i][j]: sympy.cancel(sympy.sympify(probs[i][j]).xreplace(sol))
                for j in idx
            }
        out.append(entry)
    return out


def _solve(unknowns: list[sympy.Symbol], equations: list[sympy.Expr]) -> list[dict]:
    """Solutions of the indifference system, or [] when it is too hard for a closed form."""
    if not unknowns:
        return [{}]
    linear = all(
        sympy.Poly(eq, *unknowns).total_degree() <= 1 for eq in equations if eq != 0
    )
    if linear:
        sol = sympy.linsolve(equations, unknowns)
        if isinstance(sol, sympy.FiniteSet) and len(sol) == 1:
            (values,) = sol.args
            if all(not (v.free_symbols & set(unknowns)) for v in values):
                return [dict(zip(unknowns, values))]
        return []
    if len(unknowns) > 2:  # a closed form of a larger polynomial system is rarely useful
        return []
    found = sympy.solve(equations, unknowns, dict=True)
    return [s for s in found if len(s) == len(unknowns)]


@dataclass(frozen=True)
class EquilibriumSensitivity(TableDisplay):
    """How one equilibrium's probabilities move with each factor, at a point.

    Attributes
    ----------
    equilibrium
        The equilibrium at the point (verified by the solver).
    formulas
        ``{player: {strategy: expression}}`` in closed form, or ``None`` when sympy found
        none (pure equilibria have constant formulas, 0 and 1).
    derivatives
        ``{(player, strategy): {factor: dp/dfactor}}`` at the point (0 for a pure
        equilibrium, which is locally constant when strict).
    elasticities
        Same keys; ``(dp/dx)·x/p`` (``nan`` where p = 0).
    method
        ``"closed form"``, ``"implicit function"`` or ``"pure"``.
    provenance
        The run (:class:`~triangle.models.provenance.Provenance`: the factor values at the
        point, the date, the versions), shown in the HTML display and the LaTeX table.
    """

    equilibrium: Equilibrium
    formulas: dict[str, dict[str, sympy.Expr]] | None
    derivatives: dict[tuple[str, str], dict[str, float]]
    elasticities: dict[tuple[str, str], dict[str, float]]
    method: str
    provenance: Provenance | None = field(default=None, compare=False)

    _title = "Equilibrium sensitivity"

    def _summary(self) -> str:
        return f"{self.equilibrium!r} ({self.method})"

    def _table(self) -> tuple[list[str], list[list[Any]]]:
        found = [(f"{p}: {s}", f, d, self.elasticities[(p, s)][f])
                 for (p, s), by in self.derivatives.items() for f, d in by.items() if d != 0]
        found.sort(key=lambda r: -abs(r[2]))
        return ["probability", "factor", "derivative", "elasticity"], [list(r) for r in found]

    def __cite__(self) -> tuple[str, ...]:
        return ("triangle", "nash1951")


def equilibrium_sensitivity(
    game: NormalFormGame,
    at: PointLike = None,
    *,
    equilibria: Sequence[Equilibrium] | None = None,
    tol: float = 1e-9,
) -> list[EquilibriumSensitivity]:
    """Derivatives of each equilibrium's probabilities with respect to each factor.

    The equilibria of ``game`` at the point ``at`` (``None``: the registry baselines)
    come from :func:`triangle.equilibria` unless given. For each, the indifference
    system of its support is solved in closed form when sympy can, and differentiated;
    otherwise the derivatives come from the implicit function theorem at the point.

    >>> import sympy, triangle as tri
    >>> a = sympy.Symbol("a")
    >>> g = tri.NormalFormGame.from_bimatrix([[a, 0], [0, 1]], [[0, 1], [1, 0]])
    >>> [s] = equilibrium_sensitivity(g, {"a": 3})
    >>> s.method, s.derivatives[("Player 2", "s1")]["a"]   # d/da 1/(1 + a) = -1/16
    ('closed form', -0.0625)
    """
    check_game(game, "equilibrium_sensitivity")
    symbols = game.factors
    point = resolve_point(at, extra=symbols)
    missing = sorted(set(symbols) - set(point))
    if missing:
        raise InvalidGameError(
            f"no value for the factors {missing} (not in the registry): give them in at=."
        )
    values = {symbols[n]: point[n] for n in symbols}
    if equilibria is not None:
        _check_equilibria(game, equilibria)
    numeric = game.subs({n: point[n] for n in symbols})
    if equilibria is None:
        from triangle.solvers.equilibria import equilibria as solve

        equilibria = solve(numeric, tol=tol)
    record = run_provenance(game, at, form="equilibrium sensitivity")
    return [dataclasses.replace(_one(game, eq, symbols, values, tol), provenance=record)
            for eq in equilibria]


def _check_equilibria(game: NormalFormGame, equilibria: Any) -> None:
    """Refuse ``equilibria`` unless it is a list of equilibria of this game's shape."""
    for k, eq in enumerate(check_sequence(equilibria, "equilibria")):
        if not isinstance(eq, Equilibrium):
            raise InvalidArgumentTypeError(
                f"equilibria is a list of Equilibrium (from triangle.equilibria(game at the "
                f"point)); item {k} is {type(eq).__name__} {eq!r}."
            )
        if eq.players != game.players or eq.strategies != game.strategies:
            raise InvalidProfileError(
                f"equilibria: item {k} is an equilibrium of another game (players "
                f"{eq.players}, strategies {eq.strategies}); this game has players "
                f"{game.players} and strategies {game.strategies}."
            )


def _one(game, eq, symbols, values, tol) -> EquilibriumSensitivity:
    support = [[int(j) for j in np.flatnonzero(np.asarray(p, dtype=float) > tol)]
               for p in eq.profile]
    keys = [(game.players[i], game.strategies[i][j]) for i, idx in enumerate(support)
            for j in idx]
    names = list(symbols)
    if all(len(idx) == 1 for idx in support):
        zeros = {k: dict.fromkeys(names, 0.0) for k in keys}
        nan = {k: dict.fromkeys(names, 0.0) for k in keys}
        pure = {game.players[i]: {game.strategies[i][idx[0]]: sympy.Integer(1)}
                for i, idx in enumerate(support)}
        return EquilibriumSensitivity(eq, pure, zeros, nan, "pure")
    unknowns, probs, equations = _system(game, support)
    observed = {}
    for i, idx in enumerate(support):
        for j in idx[:-1]:
            observed[sympy.Symbol(f"p_{i}_{j}")] = float(eq.profile[i][j])
    formulas: dict[str, dict[str, sympy.Expr]] | None = None
    chosen = None
    for sol in _solve(unknowns, equations):
        try:
            at_point = {u: complex(sympy.sympify(v).xreplace(values)) for u, v in sol.items()}
        except (TypeError, ValueError):
            continue
        if all(abs(at_point[u] - observed[u]) <= 1e-6 for u in unknowns):
            chosen = sol
            break
    derivs: dict[tuple[str, str], dict[str, float]] = {}
    if chosen is not None:
        method = "closed form"
        formulas = {}
        for i, idx in enumerate(support):
            formulas[game.players[i]] = {}
            for j in idx:
                expr = sympy.cancel(sympy.sympify(probs[i][j]).xreplace(chosen))
                formulas[game.players[i]][game.strategies[i][j]] = expr
                derivs[(game.players[i], game.strategies[i][j])] = {
                    n: float(sympy.diff(expr, symbols[n]).xreplace(values)) for n in names
                }
    else:
        method = "implicit function"
        jac_p = sympy.Matrix(equations).jacobian(unknowns)
        jac_t = sympy.Matrix(equations).jacobian([symbols[n] for n in names])
        at_all = {**values, **observed}
        jp = np.array(jac_p.xreplace(at_all), dtype=float)
        jt = np.array(jac_t.xreplace(at_all), dtype=float)
        try:
            dp = -np.linalg.solve(jp, jt)  # (unknowns, factors)
        except np.linalg.LinAlgError:
            raise InvalidGameError(
                "this equilibrium is degenerate (the indifference conditions are singular "
                "at the point), so its probabilities have no derivative there."
            ) from None
        row = {u: dp[r] for r, u in enumerate(unknowns)}
        for i, idx in enumerate(support):
            free = [row[sympy.Symbol(f"p_{i}_{j}")] for j in idx[:-1]]
            for j, d in zip(idx[:-1], free):
                derivs[(game.players[i], game.strategies[i][j])] = dict(zip(names, map(float, d)))
            last = -np.sum(free, axis=0)
            derivs[(game.players[i], game.strategies[i][idx[-1]])] = dict(
                zip(names, map(float, last))
            )
    elast = {}
    for (player, strategy), d in derivs.items():
        i = game.player_index(player)
        p = float(eq.profile[i][game.strategy_index(i, strategy)])
        elast[(player, strategy)] = {
            n: (v * float(values[symbols[n]]) / p if p > 0 else float("nan")) for n, v in d.items()
        }
    return EquilibriumSensitivity(eq, formulas, derivs, elast, method)
