"""Perfect Bayesian equilibria of a symbolic signalling game, as conditions on the factors.

For each pure assessment (a message per type, an action per message) the conditions
under which it is a PBE are written out as polynomial inequalities in the factors, in
the style of :func:`triangle.solvers.backward_induction.conditional_backward_induction`:

- the prior is positive;
- after each message on the path, the receiver's action is at least as good as every
  other against its posterior (multiplied through by the positive probability of the
  message, so that the condition stays polynomial in a symbolic prior);
- no type gains by sending another message;
- after each message off the path, some belief makes the receiver's action a best reply.
  With two types and ``f_b(x) = (1 - x) d_0b + x d_1b`` the advantage of the action over
  ``b`` at belief ``x`` in the second type, the set of such beliefs is an intersection of
  intervals of ``[0, 1]``, non-empty exactly when every two of them meet (Helly's theorem
  in one dimension); two meet when both hold at 0, or both at 1, or when one holds at 0
  and the other at 1 and ``d_0c d_1b <= d_0b d_1c`` (their roots are in order).

With one free factor the conditions are solved exactly into sets of its values and
assessments whose set is empty are dropped; with more, assessments whose conditions are
false for numeric reasons are dropped and the others kept (check one with ``holds_at``).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from triangle.errors import InvalidGameError, SolverError, UnsupportedGameError
from triangle.games.signaling import SignalingGame
from triangle.games.symbolic import check_game, read_bounds
from triangle.registries import check_sequence
from triangle.solvers.signaling import PerfectBayesianEquilibrium

__all__ = [
    "ConditionalPerfectBayesianEquilibria",
    "ConditionalPerfectBayesianEquilibrium",
    "conditional_pbe",
]


@dataclass(frozen=True, eq=False)
class ConditionalPerfectBayesianEquilibrium:
    """A pure PBE of a symbolic signalling game and where in factor space it holds.

    Attributes
    ----------
    condition
        A sympy boolean in the factors (non-strict inequalities, strict for the prior),
        true exactly where the assessment is a PBE.
    equilibrium
        The :class:`~triangle.solvers.signaling.PerfectBayesianEquilibrium`, with
        posteriors and payoffs as expressions and off-path beliefs as conditions on the
        belief symbols ``mu(type|message)``; ``intuitive`` is ``None``.
    region
        With a single free factor, the set of its values (a sympy set) where it holds.
    """

    condition: Any
    equilibrium: PerfectBayesianEquilibrium
    region: Any = None

    def holds_at(self, values: Mapping[str, Any]) -> bool:
        """Whether the condition holds at given factor values (by name).

        >>> x = sympy.Symbol("x")
        >>> ConditionalPerfectBayesianEquilibrium(x >= 1, None).holds_at({"x": 2})
        True
        """
        free = {s.name: s for s in getattr(self.condition, "free_symbols", ())}
        missing = sorted(set(free) - set(values))
        if missing:
            raise InvalidGameError(
                f"give values for the factors {missing} to evaluate this condition."
            )
        got = self.condition.xreplace(
            {free[k]: sympy.nsimplify(v, rational=True) for k, v in values.items() if k in free}
        )
        return bool(got)

    def __repr__(self) -> str:
        return f"ConditionalPerfectBayesianEquilibrium({self.condition}: {self.equilibrium!r})"


class ConditionalPerfectBayesianEquilibria(list):
    """The pieces ``(condition, equilibrium)`` of a symbolic signalling game's solution.

    At any factor values the pure PBE are exactly those of the pieces whose condition
    holds there (conditions are non-strict: on a boundary several hold at once).
    """

    def __init__(self, items=(), *, factors: tuple = (), notes: tuple[str, ...] = ()) -> None:
        check_sequence(items, "items")
        check_sequence(factors, "factors")
        check_sequence(notes, "notes")
        super().__init__(items)
        self.factors = tuple(factors)
        self.notes = tuple(notes)

    def at(self, values: Mapping[str, Any]) -> list[PerfectBayesianEquilibrium]:
        """The equilibria (payoffs as expressions) of the pieces that hold at ``values``."""
        return [piece.equilibrium for piece in self if piece.holds_at(values)]

    def __repr__(self) -> str:
        body = ",\n ".join(repr(e) for e in self)
        return f"ConditionalPerfectBayesianEquilibria([{body}])"


def conditional_pbe(
    game: SignalingGame, bounds: Mapping[str, tuple[Any, Any]] | None = None
) -> ConditionalPerfectBayesianEquilibria:
    """Every pure PBE of a symbolic signalling game, each with the conditions for it.

    >>> import triangle as tri
    >>> c = sympy.Symbol("c")        # the cost of quiche to the strong type
    >>> u = np.zeros((2, 2, 2, 2), dtype=object)
    >>> u[0, 0], u[0, 1] = [[2, 0], [3, 1]], [[3, 1], [3 - c, 1 - c]]
    >>> u[1, 0], u[1, 1] = [[0, 1], [0, 1]], [[1, 0], [1, 0]]
    >>> g = tri.SignalingGame(u, [sympy.Rational(1, 10), sympy.Rational(9, 10)],
    ...                       ("weak", "strong"), ("beer", "quiche"), ("not", "duel"))
    >>> for piece in g.perfect_bayesian_equilibria():
    ...     print(piece.condition, "|", piece.equilibrium.kind, piece.equilibrium.on_path)
    c >= -2 | pooling ('beer',)
    c <= 0 | pooling ('quiche',)
    c <= 2 | pooling ('quiche',)
    """
    check_game(game, "conditional_pbe", SignalingGame)
    t_count, m_count, a_count = game.shape
    if t_count > 2:
        raise UnsupportedGameError(
            f"conditions for off-path beliefs are written for two types; this game has "
            f"{t_count}. Substitute values (game.subs(...)) and solve numerically."
        )
    us, ur = (np.array(x, dtype=object) for x in game.payoffs)
    us = np.vectorize(sympy.sympify, otypes=[object])(us)
    ur = np.vectorize(sympy.sympify, otypes=[object])(ur)
    prior = [sympy.sympify(x) for x in game.prior]
    symbols = tuple(game.factors.values())
    domain = _domain(symbols, read_bounds(bounds, game.factors))
    base = [sympy.Gt(q, 0) for q in prior if not q.is_number]
    pieces = []
    for s in itertools.product(range(m_count), repeat=t_count):
        on = sorted(set(s))
        for r in itertools.product(range(a_count), repeat=m_count):
            atoms = list(base)
            for m in on:
                for b in range(a_count):
                    if b != r[m]:
                        gain = sum(
                            prior[t] * (ur[t, m, r[m]] - ur[t, m, b])
                            for t in range(t_count)
                            if s[t] == m
                        )
                        atoms.append(_ge(gain))
            for t in range(t_count):
                for m in range(m_count):
                    if m != s[t]:
                        atoms.append(_ge(us[t, s[t], r[s[t]]] - us[t, m, r[m]]))
            if any(a is sympy.false for a in atoms):
                continue
            off = [m for m in range(m_count) if m not in on]
            atoms.extend(_belief_exists(ur, m, r[m], t_count) for m in off)
            condition = sympy.And(*atoms)
            if condition is sympy.false:
                continue
            region = None
            if len(symbols) == 1:
                region = _as_set(condition, symbols[0]).intersect(domain)
                if region.is_empty:
                    continue
                condition = _relational(region, symbols[0], domain)
            elif domain is not None:
                condition = sympy.And(condition, domain)
            pieces.append(
                ConditionalPerfectBayesianEquilibrium(
                    condition, _equilibrium(game, us, ur, prior, s, r, off), region
                )
            )
    notes = []
    if len(symbols) > 1:
        notes.append(
            "several free factors: pieces whose conditions are not contradictory for numeric "
            "reasons are kept; check one with holds_at()"
        )
    return ConditionalPerfectBayesianEquilibria(pieces, factors=symbols, notes=tuple(notes))


def _ge(expr: Any) -> Any:
    return sympy.Ge(sympy.expand(expr), 0)


def _belief_exists(ur, m: int, a: int, t_count: int) -> Any:
    """Some belief after ``m`` makes ``a`` a best reply (two types: pairwise Helly)."""
    if t_count == 1:
        return sympy.And(*(_ge(ur[0, m, a] - ur[0, m, b]) for b in range(ur.shape[2])))
    d = [(ur[0, m, a] - ur[0, m, b], ur[1, m, a] - ur[1, m, b]) for b in range(ur.shape[2])]
    d = [pair for pair in d if not (pair[0] == 0 and pair[1] == 0)]
    clauses = []
    for (d0b, d1b), (d0c, d1c) in itertools.combinations_with_replacement(d, 2):
        clauses.append(
            sympy.Or(
                sympy.And(_ge(d0b), _ge(d0c)),
                sympy.And(_ge(d1b), _ge(d1c)),
                sympy.And(_ge(d0b), _ge(d1c), _ge(d0b * d1c - d0c * d1b)),
                sympy.And(_ge(d0c), _ge(d1b), _ge(d0c * d1b - d0b * d1c)),
            )
        )
    return sympy.And(*clauses)


def _equilibrium(game, us, ur, prior, s, r, off) -> PerfectBayesianEquilibrium:
    t_count, m_count, a_count = game.shape
    beliefs: dict[str, dict[str, Any]] = {}
    for m, msg in enumerate(game.messages):
        if m in off:
            beliefs[msg] = {
                game.types[t]: _belief_condition(game, ur, m, r[m], t) for t in range(t_count)
            }
            continue
        total = sum(prior[t] for t in range(t_count) if s[t] == m)
        beliefs[msg] = {
            game.types[t]: sympy.cancel(prior[t] / total) if s[t] == m else sympy.Integer(0)
            for t in range(t_count)
        }
    u_star = {game.types[t]: us[t, s[t], r[s[t]]] for t in range(t_count)}
    receiver_payoff = sympy.expand(sum(prior[t] * ur[t, s[t], r[s[t]]] for t in range(t_count)))
    distinct = len(set(s))
    kind = (
        "separating" if distinct == t_count else "pooling" if distinct == 1 else "hybrid"
    )
    return PerfectBayesianEquilibrium(
        sender={
            game.types[t]: {game.messages[m]: int(s[t] == m) for m in range(m_count)}
            for t in range(t_count)
        },
        receiver={
            game.messages[m]: {game.actions[a]: int(r[m] == a) for a in range(a_count)}
            for m in range(m_count)
        },
        beliefs=beliefs,
        kind=kind,
        intuitive=None,
        sender_payoffs=u_star,
        payoffs=(
            sympy.expand(sum(prior[t] * us[t, s[t], r[s[t]]] for t in range(t_count))),
            receiver_payoff,
        ),
        on_path=tuple(game.messages[m] for m in sorted(set(s))),
    )


def _belief_condition(game, ur, m: int, a: int, t: int) -> Any:
    """The beliefs (in ``mu(type|message)``) after ``m`` to which ``a`` is a best reply."""
    mu = sympy.Symbol(f"mu({game.types[t]}|{game.messages[m]})")
    t_count = len(game.types)
    weights = [mu if u == t else (1 - mu if t_count == 2 else 0) for u in range(t_count)]
    atoms = []
    for b in range(ur.shape[2]):
        if b == a:
            continue
        f = sympy.expand(sum(w * (ur[u, m, a] - ur[u, m, b]) for u, w in enumerate(weights)))
        atoms.append(_solved(f, mu))
    condition = sympy.And(*atoms)
    if condition.free_symbols <= {mu}:  # numeric coefficients: an interval of mu, exactly
        unit = sympy.Interval(0, 1)
        return _relational(_as_set(condition, mu).intersect(unit), mu, unit)
    return sympy.And(sympy.Ge(mu, 0), sympy.Le(mu, 1), condition)


def _solved(f: Any, mu: sympy.Symbol) -> Any:
    coeff = f.diff(mu)
    rest = sympy.expand(f - coeff * mu)
    if coeff.is_number and coeff != 0 and not rest.has(mu):
        bound = sympy.cancel(-rest / coeff)
        return mu >= bound if coeff > 0 else mu <= bound
    return sympy.Ge(f, 0)


# --------------------------------------------------------------------------- one factor
def _domain(symbols, read):
    """The admissible values: one factor, a sympy set; several, a condition (or None)."""
    if len(symbols) == 1:
        x = symbols[0]
        lo, hi = read.get(x, (-sympy.oo, sympy.oo))
        return sympy.Interval(lo, hi)
    if not read:
        return None
    return sympy.And(*(sympy.And(x >= lo, x <= hi) for x, (lo, hi) in read.items()))


def _as_set(condition: Any, x: sympy.Symbol) -> Any:
    if condition is sympy.true:
        return sympy.S.Reals
    if condition is sympy.false:
        return sympy.S.EmptySet
    if isinstance(condition, sympy.And):
        return sympy.Intersection(*(_as_set(c, x) for c in condition.args))
    if isinstance(condition, sympy.Or):
        return sympy.Union(*(_as_set(c, x) for c in condition.args))
    try:
        return sympy.solve_univariate_inequality(condition, x, relational=False)
    except (NotImplementedError, ValueError, TypeError):
        raise SolverError(
            f"cannot solve {condition} for {x} exactly; substitute a value for {x} instead."
        ) from None


def _relational(region: Any, x: sympy.Symbol, domain: Any) -> Any:
    """A set of values of ``x`` as inequalities, without the ends of the domain."""
    if region == domain:
        return sympy.true
    if isinstance(region, sympy.Union):
        return sympy.Or(*(_relational(part, x, domain) for part in region.args))
    if isinstance(region, sympy.Interval):
        if region.start == region.end:
            return sympy.Eq(x, region.start)
        parts = []
        # an end is implied by the domain when both start (or end) at the same point alike
        same_start = region.start == domain.inf and region.left_open == domain.left_open
        same_end = region.end == domain.sup and region.right_open == domain.right_open
        if region.start != -sympy.oo and not same_start:
            parts.append(x > region.start if region.left_open else x >= region.start)
        if region.end != sympy.oo and not same_end:
            parts.append(x < region.end if region.right_open else x <= region.end)
        return sympy.And(*parts)
    if isinstance(region, sympy.FiniteSet):
        return sympy.Or(*(sympy.Eq(x, v) for v in region))
    return region.as_relational(x)
