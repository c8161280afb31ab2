"""Subgame-perfect equilibria of perfect-information trees by backward induction.

Zermelo's algorithm (Kuhn 1953; Osborne and Rubinstein 1994, Proposition 99.2), kept
exhaustive: at every decision node each *optimal* move is kept, so that ties give one
equilibrium per optimal move instead of an arbitrary one.

1. Give each leaf its payoff vector.
2. Going up the tree (children before parents), give each node the list of its
   continuation *cases*: one per combination of its children's cases. A chance node's
   value is the probability-weighted sum of its children's values; a decision node of
   player ``i`` keeps, for each combination, every move whose value to ``i`` is
   maximal (a tie when there are several).
3. Each case of the root is one pure-strategy subgame-perfect equilibrium; its choices
   give a move at every decision node (a complete strategy for every player).

For symbolic payoffs, step 2 keeps every move together with the conditions under
which it is optimal (non-strict inequalities in the factors), and drops combinations
whose conditions are provably contradictory (:func:`conditional_backward_induction`).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from triangle.errors import InvalidGameError, SolverError, SymbolicGameError

if TYPE_CHECKING:
    from triangle.games.sequential import SequentialGame

__all__ = [
    "ConditionalEquilibria",
    "ConditionalEquilibrium",
    "SubgamePerfectEquilibria",
    "SubgamePerfectEquilibrium",
    "Tie",
    "backward_induction",
    "conditional_backward_induction",
]

#: Relative tolerance for ties between floating-point values (irrational payoffs only;
#: rational payoffs are compared exactly).
_FLOAT_TIE = 1e-12


# --------------------------------------------------------------------------- result types
@dataclass(frozen=True)
class Tie:
    """A decision node where several moves are optimal (in some continuation)."""

    node: str
    player: str
    moves: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class SubgamePerfectEquilibrium:
    """One pure-strategy subgame-perfect equilibrium of a :class:`~triangle.SequentialGame`.

    Attributes
    ----------
    strategies
        ``{player: {node label: move}}``: a move at *every* decision node of each
        player, on and off the equilibrium path.
    path
        The terminal histories reached with positive probability, depth first (one
        history when no chance move is on the path).
    outcome
        ``{terminal history: probability}`` over the same histories.
    payoffs
        Each player's expected payoff (sympy numbers, or expressions when symbolic).
    normal_form_profile
        The plan names of this profile in :meth:`SequentialGame.to_normal_form`.
    """

    strategies: dict[str, dict[str, str]]
    path: tuple[tuple[str, ...], ...]
    outcome: dict[tuple[str, ...], sympy.Expr]
    payoffs: tuple[sympy.Expr, ...]
    players: tuple[str, ...]
    normal_form_profile: tuple[str, ...]

    def __repr__(self) -> str:
        if len(self.path) == 1:
            path = " > ".join(self.path[0])
        else:
            path = " | ".join(f"{' > '.join(h)} ({self.outcome[h]})" for h in self.path)
        pay = ", ".join(str(v) for v in self.payoffs)
        return f"SubgamePerfectEquilibrium(path {path}; payoffs {pay})"


class SubgamePerfectEquilibria(list):
    """A list of :class:`SubgamePerfectEquilibrium`, with the ties met on the way.

    Attributes
    ----------
    ties
        Every decision node where two or more moves were optimal in some continuation.
        Empty means the game has a unique subgame-perfect equilibrium.
    notes
        What the user should know (mixed equilibria at ties, and so on).
    """

    def __init__(
        self, items=(), *, ties: tuple[Tie, ...] = (), notes: tuple[str, ...] = ()
    ) -> None:
        super().__init__(items)
        self.ties = tuple(ties)
        self.notes = tuple(notes)

    def __repr__(self) -> str:
        body = ",\n ".join(repr(e) for e in self)
        return f"SubgamePerfectEquilibria([{body}])"


@dataclass(frozen=True, eq=False)
class ConditionalEquilibrium:
    """A subgame-perfect equilibrium of a symbolic tree and where in factor space it holds.

    Attributes
    ----------
    condition
        A sympy boolean in the factors (non-strict inequalities, each solved for one
        factor where the inequality is linear in it); true where the equilibrium is one.
    equilibrium
        The :class:`SubgamePerfectEquilibrium`, with payoffs as expressions.
    region
        When the tree has a single free factor: the set of its values (a sympy
        ``Interval`` or ``Union``) where the equilibrium holds; otherwise ``None``.
    """

    condition: Any
    equilibrium: SubgamePerfectEquilibrium
    region: Any = None

    def holds_at(self, values: Mapping[str, Any]) -> bool:
        """Whether the condition holds at given factor values (by name).

        >>> x = sympy.Symbol("x")
        >>> piece = ConditionalEquilibrium(x >= 1, None)
        >>> piece.holds_at({"x": 2}), piece.holds_at({"x": 0})
        (True, False)
        """
        free = {s.name: s for s in getattr(self.condition, "free_symbols", ())}
        missing = sorted(set(free) - set(values))
        if missing:
            raise InvalidGameError(
                f"give values for the factors {missing} to evaluate this condition."
            )
        result = self.condition.xreplace(
            {free[k]: sympy.sympify(v) for k, v in values.items() if k in free}
        )
        return bool(result)

    def __repr__(self) -> str:
        return f"ConditionalEquilibrium({self.condition}: {self.equilibrium!r})"


class ConditionalEquilibria(list):
    """The pieces ``(condition, equilibrium)`` of a symbolic tree's solution.

    At any factor values, the subgame-perfect equilibria are exactly those of the
    pieces whose condition holds there. Conditions are non-strict, so on a boundary (a
    tie) several pieces hold at once.
    """

    def __init__(
        self, items=(), *, factors: tuple[sympy.Symbol, ...] = (), notes: tuple[str, ...] = ()
    ) -> None:
        super().__init__(items)
        self.factors = tuple(factors)
        self.notes = tuple(notes)

    def at(self, values: Mapping[str, Any]) -> list[SubgamePerfectEquilibrium]:
        """The equilibria (with payoffs as expressions) of the pieces that hold at ``values``.

        >>> import triangle as tri
        >>> x = sympy.Symbol("x")
        >>> g = tri.SequentialGame(("A", {"l": ("B", {"u": (x, 1), "d": (0, 0)}), "r": (1, 0)}))
        >>> pieces = g.subgame_perfect_conditions()
        >>> pieces.at({"x": 2})
        [SubgamePerfectEquilibrium(path l > u; payoffs x, 1)]
        >>> [e.path for e in pieces.at({"x": 1})]  # a tie: both pieces hold
        [(('l', 'u'),), (('r',),)]
        """
        return [p.equilibrium for p in self if p.holds_at(values)]

    def outcomes(self) -> list[tuple[Any, tuple[tuple[str, ...], ...]]]:
        """``(condition, path)`` per equilibrium path: the pieces' conditions joined by "or".

        >>> x = sympy.Symbol("x")
        >>> import triangle as tri
        >>> g = tri.SequentialGame(("A", {"l": ("B", {"u": (x, 1), "d": (0, 0)}), "r": (1, 0)}))
        >>> g.subgame_perfect_conditions().outcomes()
        [(x >= 1, (('l', 'u'),)), (x <= 1, (('r',),))]
        """
        groups: dict[tuple, list[ConditionalEquilibrium]] = {}
        for piece in self:
            groups.setdefault(piece.equilibrium.path, []).append(piece)
        out = []
        for path, pieces in groups.items():
            if all(p.region is not None for p in pieces) and len(self.factors) == 1:
                region = sympy.Union(*(p.region for p in pieces))
                cond = _relational(region, self.factors[0])
            else:
                cond = sympy.Or(*(p.condition for p in pieces))
            out.append((cond, path))
        return out

    def __repr__(self) -> str:
        body = ",\n ".join(repr(e) for e in self)
        return f"ConditionalEquilibria([{body}])"


# --------------------------------------------------------------------------- numeric solver
def backward_induction(
    game: SequentialGame, max_equilibria: int = 100_000, distinct: str = "strategies"
) -> SubgamePerfectEquilibria:
    """Every pure-strategy subgame-perfect equilibrium of a numeric tree.

    Rational payoffs and probabilities are compared exactly (floats are read by their
    shortest decimal); irrational ones in floating point with a relative tolerance of
    ``1e-12``. Ties are reported in ``result.ties``; each optimal move at a tie gives its
    own equilibrium. Randomising over tied moves gives further, behavioural-strategy,
    equilibria that are not listed. Raises :class:`~triangle.errors.SolverError` when
    there are more than ``max_equilibria`` equilibria (ties everywhere).

    ``distinct="outcomes"`` returns one equilibrium (with a complete strategy profile) per
    distinct *outcome*, path and payoffs, instead of every profile: profiles that differ
    only in ties off the path are merged as the tree is climbed (a parent's choice
    depends only on its children's values, so no outcome is lost). Use it when ties off
    the path multiply the profiles beyond ``max_equilibria``.

    >>> import triangle as tri
    >>> ultimatum = tri.SequentialGame(
    ...     ("Proposer", {
    ...         "fair": ("Responder", {"accept": (5, 5), "reject": (0, 0)}),
    ...         "greedy": ("Responder", {"accept": (9, 1), "reject": (0, 0)}),
    ...     }))
    >>> backward_induction(ultimatum)
    SubgamePerfectEquilibria([SubgamePerfectEquilibrium(path greedy > accept; payoffs 9, 1)])
    """
    if game.is_symbolic:
        raise SymbolicGameError(
            f"backward_induction needs numeric payoffs; this tree depends on the factors "
            f"{', '.join(game.factors)}. Substitute values with game.subs({{...}}), or use "
            f"game.subgame_perfect_conditions() for conditions on the factors."
        )
    if distinct not in ("strategies", "outcomes"):
        raise InvalidGameError(f"distinct is 'strategies' or 'outcomes'; got {distinct!r}.")
    merge = distinct == "outcomes"
    nodes = game._nodes
    exact = game._exact
    if exact is not None:
        leaf_vals, probs = exact
        compare = _exact_argmax
    else:
        leaf_vals = [
            tuple(float(e) for e in n.payoffs) if n.kind == "leaf" else None for n in nodes
        ]
        probs = [tuple(float(p) for p in n.probs) for n in nodes]
        compare = _float_argmax
    # a case: (value vector, nested choices, outcome from this node: ((history, prob), ...))
    cases: list[list[tuple[tuple, tuple, tuple]] | None] = [None] * len(nodes)
    ties: dict[tuple[str, tuple[str, ...]], Tie] = {}
    for k in range(len(nodes) - 1, -1, -1):  # depth-first order: children after parents
        node = nodes[k]
        if node.kind == "leaf":
            cases[k] = [(leaf_vals[k], (), (((), 1),))]
            continue
        child_cases = [cases[c] for c in node.children]
        size = 1
        for cc in child_cases:
            size *= len(cc)
        if size > max_equilibria:
            raise SolverError(
                f"the subtree at {node.label!r} has {size} combinations of optimal continuations "
                f"(more than max_equilibria={max_equilibria}): the tree has very many ties. "
                f"Pass distinct='outcomes' for one equilibrium per outcome, or raise "
                f"max_equilibria."
            )
        out = []
        seen: set = set()
        for combo in itertools.product(*child_cases):
            choices = tuple(c[1] for c in combo)
            if node.kind == "chance":
                value = tuple(
                    sum(p * c[0][i] for p, c in zip(probs[k], combo)) for i in range(game.n_players)
                )
                outcome = (
                    tuple(
                        ((m, *h), p * q)
                        for m, p, c in zip(node.moves, probs[k], combo)
                        if p != 0
                        for h, q in c[2]
                    )
                    if merge
                    else ()
                )
                candidates = [(value, ((k, -1), choices), outcome)]
            else:
                i = node.player
                best = compare([c[0][i] for c in combo])
                if len(best) > 1:
                    moves = tuple(node.moves[j] for j in best)
                    ties[(node.label, moves)] = Tie(node.label, game.players[i], moves)
                candidates = [
                    (
                        combo[j][0],
                        ((k, j), choices),
                        tuple(((node.moves[j], *h), q) for h, q in combo[j][2]) if merge else (),
                    )
                    for j in best
                ]
            for case in candidates:
                if merge:
                    key = (case[0], case[2])
                    if key in seen:
                        continue
                    seen.add(key)
                out.append(case)
        if len(out) > max_equilibria:
            raise SolverError(
                f"more than max_equilibria={max_equilibria} subgame-perfect continuations at "
                f"{node.label!r}; pass distinct='outcomes' or raise max_equilibria."
            )
        cases[k] = out
        for c in node.children:
            cases[c] = None  # free memory as we go up
    equilibria = [_equilibrium(game, value, choices, probs) for value, choices, _ in cases[0]]
    notes = []
    if merge:
        notes.append(
            "distinct='outcomes': one equilibrium per distinct path and payoffs; other "
            "equilibria differ from these only off the path, at the ties listed."
        )
    if ties:
        notes.append(
            "ties: each optimal move at a tie gives its own equilibrium (listed); randomising "
            "over tied moves gives further behavioural-strategy equilibria (not listed)."
        )
    return SubgamePerfectEquilibria(equilibria, ties=tuple(ties.values()), notes=tuple(notes))


def _exact_argmax(values: list) -> list[int]:
    best = max(values)
    return [j for j, v in enumerate(values) if v == best]


def _float_argmax(values: list) -> list[int]:
    best = max(values)
    scale = max(1.0, max(abs(v) for v in values))
    return [j for j, v in enumerate(values) if v >= best - _FLOAT_TIE * scale]


def _flatten(choices: tuple) -> dict[int, int]:
    """Node index -> chosen move index, from a case's nested choice structure."""
    out: dict[int, int] = {}
    stack = [choices]
    while stack:
        (k, j), subs = stack.pop()
        if j >= 0:
            out[k] = j
        stack.extend(s for s in subs if s)
    return out


def _to_sympy(x: Any) -> sympy.Expr:
    if isinstance(x, Fraction):
        return sympy.Rational(x.numerator, x.denominator)
    if isinstance(x, sympy.Basic):
        return x
    return sympy.Float(x)


def _equilibrium(
    game: SequentialGame, value: tuple, choices: tuple, probs: list
) -> SubgamePerfectEquilibrium:
    nodes = game._nodes
    chosen = _flatten(choices)
    strategies: dict[str, dict[str, str]] = {p: {} for p in game.players}
    for k, node in enumerate(nodes):
        if node.kind == "decision":
            strategies[game.players[node.player]][node.label] = node.moves[chosen[k]]
    outcome: dict[tuple[str, ...], Any] = {}
    stack: list[tuple[int, Any]] = [(0, 1)]
    while stack:
        k, prob = stack.pop()
        node = nodes[k]
        if node.kind == "leaf":
            outcome[node.history] = prob
        elif node.kind == "decision":
            stack.append((node.children[chosen[k]], prob))
        else:
            for p, c in reversed(list(zip(probs[k], node.children))):
                if not _is_zero(p):
                    stack.append((c, prob * p))
    from triangle.games.sequential import _plan_name

    profile = []
    for i in range(game.n_players):
        mine = [k for k, n in enumerate(nodes) if n.kind == "decision" and n.player == i]
        profile.append(_plan_name([nodes[k] for k in mine], [chosen[k] for k in mine]))
    return SubgamePerfectEquilibrium(
        strategies=strategies,
        path=tuple(outcome),
        outcome={h: _to_sympy(p) for h, p in outcome.items()},
        payoffs=tuple(_to_sympy(v) for v in value),
        players=game.players,
        normal_form_profile=tuple(profile),
    )


def _is_zero(p: Any) -> bool:
    if isinstance(p, sympy.Basic):
        return bool(p.is_zero)
    return p == 0


# --------------------------------------------------------------------------- symbolic solver
def conditional_backward_induction(
    game: SequentialGame,
    bounds: Mapping[str, tuple[Any, Any]] | None = None,
    max_pieces: int = 20_000,
) -> ConditionalEquilibria:
    """Backward induction on a symbolic tree: each equilibrium with the conditions for it.

    Each piece's condition is the conjunction of "this move is at least as good as each
    other move" at every decision node, for the continuation the piece fixes below.
    Combinations whose conditions contradict each other are dropped when that is
    provable: exactly when the tree has one free factor (the conditions are then
    solved into intervals of it), and by a linear program when every condition is
    linear in the factors; otherwise they are kept. ``bounds`` (``{factor: (low,
    high)}``) restricts the factors, e.g. to their plausible ranges.

    >>> import triangle as tri
    >>> x = sympy.Symbol("x")
    >>> g = tri.SequentialGame(("A", {"l": ("B", {"u": (x, 1), "d": (2, 2)}), "r": (1, 0)}))
    >>> for piece in conditional_backward_induction(g):
    ...     print(piece.condition, "|", piece.equilibrium.path)
    True | (('l', 'd'),)
    """
    nodes = game._nodes
    symbols = tuple(game.factors.values())
    if not symbols:
        raise InvalidGameError("this tree is numeric; use subgame_perfect_equilibria().")
    bounds = _read_bounds(bounds or {}, game.factors)
    if len(symbols) == 1:
        start: _Region = _Interval1(symbols[0], bounds.get(symbols[0]))
    else:
        start = _Polyhedron(symbols, bounds)
    probs = [n.probs for n in nodes]
    for node in nodes:  # symbolic probabilities must lie in [0, 1]: a constraint on the factors
        for p in node.probs:
            for d in (p, 1 - p):
                start = start.add(sympy.expand(d)) if start is not None else None
    if start is None:
        raise InvalidGameError(
            "the chance probabilities cannot all lie in [0, 1] for any values of the factors"
            + (" within the bounds given." if bounds else ".")
        )
    cases: list[list | None] = [None] * len(nodes)
    for k in range(len(nodes) - 1, -1, -1):
        node = nodes[k]
        if node.kind == "leaf":
            cases[k] = [(start, node.payoffs, ())]
            continue
        partial: list[tuple[_Region, tuple]] = [(start, ())]
        for c in node.children:  # extend combinations child by child, pruning as we go
            grown = []
            for region, combo in partial:
                for case in cases[c]:
                    joined = region.join(case[0])
                    if joined is not None:
                        grown.append((joined, (*combo, case)))
            partial = grown
            if len(partial) > max_pieces:
                raise SolverError(_too_many(node.label, max_pieces))
        out = []
        for region, combo in partial:
            choices = tuple(c[2] for c in combo)
            if node.kind == "chance":
                value = tuple(
                    sympy.expand(sum(p * c[1][i] for p, c in zip(probs[k], combo)))
                    for i in range(game.n_players)
                )
                out.append((region, value, ((k, -1), choices)))
                continue
            i = node.player
            for j in range(len(combo)):
                r: _Region | None = region
                for m in range(len(combo)):
                    if m != j and r is not None:
                        r = r.add(sympy.expand(combo[j][1][i] - combo[m][1][i]))
                if r is not None:
                    out.append((r, combo[j][1], ((k, j), choices)))
        if len(out) > max_pieces:
            raise SolverError(_too_many(node.label, max_pieces))
        cases[k] = out
        for c in node.children:
            cases[c] = None
    pieces = []
    for region, value, choices in cases[0]:
        eq = _equilibrium(game, value, choices, probs)
        pieces.append(ConditionalEquilibrium(region.condition(), eq, region.as_set()))
    notes = []
    if isinstance(start, _Polyhedron) and not start.decidable:
        notes.append(
            "some conditions are not linear in the factors: pieces whose conditions could not "
            "be shown contradictory are kept; check a piece with holds_at()."
        )
    return ConditionalEquilibria(pieces, factors=symbols, notes=tuple(notes))


def _too_many(label: str, max_pieces: int) -> str:
    return (
        f"more than max_pieces={max_pieces} conditional continuations at node {label!r}. "
        f"Substitute values for most factors (game.subs(...)) and keep one or two free, pass "
        f"bounds=, or raise max_pieces."
    )


def _read_bounds(bounds: Mapping[str, tuple[Any, Any]], factors: dict[str, sympy.Symbol]):
    out = {}
    for name, pair in bounds.items():
        key = name.name if isinstance(name, sympy.Symbol) else name
        if key not in factors:
            continue  # bounds for factors the tree does not use are harmless
        try:
            lo, hi = pair
        except (TypeError, ValueError):
            raise InvalidGameError(
                f"bounds for {key!r} must be a (low, high) pair; got {pair!r}."
            ) from None
        lo = -sympy.oo if lo is None else sympy.nsimplify(lo, rational=True)
        hi = sympy.oo if hi is None else sympy.nsimplify(hi, rational=True)
        if lo > hi:
            raise InvalidGameError(f"bounds for {key!r}: low {lo} is above high {hi}.")
        out[factors[key]] = (lo, hi)
    return out


class _Region:
    """A conjunction of constraints ``d >= 0`` on the factors."""

    def add(self, d: sympy.Expr) -> _Region | None:  # pragma: no cover - interface
        raise NotImplementedError

    def join(self, other: _Region) -> _Region | None:  # pragma: no cover - interface
        raise NotImplementedError

    def condition(self):  # pragma: no cover - interface
        raise NotImplementedError

    def as_set(self):
        return None


class _Interval1(_Region):
    """One free factor: the region is a sympy set of its values (exact)."""

    __slots__ = ("domain", "set", "x")

    def __init__(self, x: sympy.Symbol, bounds: tuple | None, current=None, domain=None) -> None:
        self.x = x
        if domain is None:
            domain = sympy.S.Reals  # the symbol's own assumptions narrow it
            if x.is_positive:
                domain = sympy.Interval.open(0, sympy.oo)
            elif x.is_nonnegative:
                domain = sympy.Interval(0, sympy.oo)
            if bounds:
                domain = domain.intersect(sympy.Interval(*bounds))
        self.domain = domain
        self.set = self.domain if current is None else current

    def add(self, d: sympy.Expr) -> _Interval1 | None:
        if d.is_number:
            return self if d >= 0 else None
        new = self.set.intersect(_solve_nonneg(d, self.x))
        if new.is_empty:
            return None
        return _Interval1(self.x, None, new, self.domain)

    def join(self, other: _Region) -> _Interval1 | None:
        new = self.set.intersect(other.set)  # type: ignore[attr-defined]
        if new.is_empty:
            return None
        return _Interval1(self.x, None, new, self.domain)

    def condition(self):
        if self.set == self.domain:
            return sympy.true
        return _relational(self.set, self.x)

    def as_set(self):
        return self.set


def _relational(region, x: sympy.Symbol):
    """A set of values of ``x`` as inequalities, without the infinite ends."""
    if region == sympy.S.Reals:
        return sympy.true
    if isinstance(region, sympy.Union):
        return sympy.Or(*(_relational(part, x) for part in region.args))
    if isinstance(region, sympy.Interval):
        parts = []
        if region.start == region.end:
            return sympy.Eq(x, region.start)
        if region.start != -sympy.oo:
            parts.append(x > region.start if region.left_open else x >= region.start)
        if region.end != sympy.oo:
            parts.append(x < region.end if region.right_open else x <= region.end)
        return sympy.And(*parts)
    if isinstance(region, sympy.FiniteSet):
        return sympy.Or(*(sympy.Eq(x, v) for v in region))
    return region.as_relational(x)


@functools.lru_cache(maxsize=4096)
def _solve_nonneg(d: sympy.Expr, x: sympy.Symbol):
    try:
        return sympy.solve_univariate_inequality(d >= 0, x, relational=False)
    except (NotImplementedError, ValueError, TypeError):
        raise SolverError(
            f"cannot solve {d} >= 0 for {x} exactly; substitute a value for {x} instead."
        ) from None


class _Polyhedron(_Region):
    """Several free factors: constraints kept as expressions; linear ones checked by LP."""

    __slots__ = ("bounds", "constraints", "decidable", "symbols")

    def __init__(
        self, symbols, bounds, constraints: frozenset = frozenset(), decidable: bool = True
    ) -> None:
        self.symbols = symbols
        self.bounds = bounds
        self.constraints = constraints
        self.decidable = decidable

    def add(self, d: sympy.Expr) -> _Polyhedron | None:
        if d.is_number:
            return self if d >= 0 else None
        if d in self.constraints:
            return self
        return self._checked(self.constraints | {d})

    def join(self, other: _Region) -> _Polyhedron | None:
        extra = other.constraints - self.constraints  # type: ignore[attr-defined]
        if not extra:
            return self
        return self._checked(self.constraints | extra)

    def _checked(self, constraints: frozenset) -> _Polyhedron | None:
        rows = [_linear_row(d, self.symbols) for d in constraints]
        if any(r is None for r in rows):
            return _Polyhedron(self.symbols, self.bounds, constraints, decidable=False)
        if not _lp_feasible(rows, self.symbols, self.bounds):
            return None
        return _Polyhedron(self.symbols, self.bounds, constraints, self.decidable)

    def condition(self):
        if not self.constraints:
            return sympy.true
        return sympy.And(
            *(
                _solved(d, self.symbols)
                for d in sorted(self.constraints, key=sympy.default_sort_key)
            )
        )


def _linear_row(d: sympy.Expr, symbols) -> tuple | None:
    try:
        poly = sympy.Poly(d, *symbols)
    except sympy.PolynomialError:
        return None
    if poly.total_degree() > 1:
        return None
    coeffs = [float(poly.coeff_monomial(s)) for s in symbols]
    const = float(poly.coeff_monomial(1))
    return coeffs, const


def _lp_feasible(rows, symbols, bounds) -> bool:
    from scipy.optimize import linprog

    a = np.array([r[0] for r in rows])
    b = np.array([r[1] for r in rows])
    # a @ x + b >= 0  <=>  -a @ x <= b; scaled rows keep the LP's tolerances meaningful
    scale = np.maximum(np.abs(a).max(axis=1), 1e-300)
    lp_bounds = []
    for s in symbols:
        lo, hi = bounds.get(s, (-sympy.oo, sympy.oo))
        lp_bounds.append(
            (None if lo == -sympy.oo else float(lo), None if hi == sympy.oo else float(hi))
        )
    res = linprog(
        np.zeros(len(symbols)),
        A_ub=-a / scale[:, None],
        b_ub=b / scale,
        bounds=lp_bounds,
        method="highs",
    )
    return res.status != 2  # 2 = infeasible; unbounded or solved both mean feasible


def _solved(d: sympy.Expr, symbols) -> Any:
    """``d >= 0``, solved for one factor when the inequality is linear in it."""
    for s in symbols:
        if d.has(s):
            coeff = d.diff(s)
            if coeff.is_number and coeff != 0 and not (d - coeff * s).has(s):
                rhs = -(d - coeff * s) / coeff
                return s >= rhs if coeff > 0 else s <= rhs
    return d >= 0
