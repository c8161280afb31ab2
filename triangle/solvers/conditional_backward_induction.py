"""Backward induction on a symbolic tree: each equilibrium with the conditions for it.

The algorithm of :mod:`triangle.solvers.backward_induction` (Kuhn 1953) with payoffs
and probabilities that are expressions in the factors. At a decision node every move is
kept together with the conditions under which it is optimal ("this move is at least as
good as each other move", non-strict inequalities in the factors); combinations of
children whose conditions contradict each other are dropped when that is provable:

- one free factor: the conditions are solved exactly into a set of its values (a sympy
  ``Interval`` or ``Union``), and an empty set drops the combination;
- several: each condition linear in the factors is a half-space, and a linear programme
  (HiGHS through :func:`scipy.optimize.linprog`) drops infeasible combinations; other
  conditions are kept, and the result says so in its notes.

Chance probabilities that are expressions must lie in ``[0, 1]``: that is a condition
too. The result is a :class:`~triangle.games.results.ConditionalEquilibria`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from triangle.errors import InvalidGameError, SolverError
from triangle.games.results import ConditionalEquilibria, ConditionalEquilibrium
from triangle.games.symbolic import as_relational, read_bounds
from triangle.games.tree import CompiledTree
from triangle.solvers.backward_induction import equilibrium_from_choices, tree_of

if TYPE_CHECKING:
    from triangle.games.sequential import SequentialGame

__all__ = ["conditional_backward_induction"]


def conditional_backward_induction(
    game: SequentialGame | CompiledTree,
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
    tree = tree_of(game, "conditional_backward_induction")
    nodes = tree.nodes
    factors = tree.factors
    symbols = tuple(factors.values())
    if not symbols:
        raise InvalidGameError("this tree is numeric; use subgame_perfect_equilibria().")
    bounds = read_bounds(bounds, factors)
    if len(symbols) == 1:
        start: _Region | None = _Interval1(symbols[0], bounds.get(symbols[0]))
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
    cases: list[Any] = [None] * len(nodes)  # per node: its cases, None once its parent used them
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
                    for i in range(tree.n_players)
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
        eq = equilibrium_from_choices(tree, value, choices, probs)
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
        return as_relational(self.set, self.x)

    def as_set(self):
        return self.set


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
