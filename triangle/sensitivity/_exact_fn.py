"""Payoffs as exact functions of one factor, and where they change sign (for
:mod:`triangle.sensitivity.thresholds`).

With every factor but one held at a point (floats read as exact decimals), a payoff is
a rational function of the remaining factor ``x`` with rational coefficients wherever the
model is built from sums, products and quotients: :class:`ExactFn` keeps its numerator
and denominator as coefficient lists (:data:`Coeffs`), and otherwise the sympy
expression. :class:`PolyTerms` reads a payoff once as a polynomial in its factors and a
few closed sub-expressions, so that its polynomial in each factor at a point needs no
substitution (:func:`fast_cells`). The real roots of the differences (exact for
polynomials, by ``sympy.solveset`` for other closed forms, numerically as a last resort)
are where an outcome may switch.

>>> x = sympy.Symbol("x")
>>> f = ExactFn.of(2 * x - 1, x)
>>> f.num, f.roots(x, None)
([Fraction(-1, 1), Fraction(2, 1)], [(0.5, Fraction(1, 2))])
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from triangle.errors import InvalidGameError
from triangle.games.normal_form import NormalFormGame
from triangle.games.symbolic import piecewise_branches, piecewise_edges

__all__ = ["ALGEBRAIC_TIE", "Coeffs", "ExactFn", "PolyTerms", "exact", "expr_roots",
           "fast_cells", "fraction", "rational_expr"]

#: Differences of algebraic (irrational) values below this count as ties.
ALGEBRAIC_TIE = sympy.Float("1e-40")


def exact(value: float) -> sympy.Rational:
    return sympy.Rational(repr(float(value)))


def fraction(r: sympy.Expr) -> Fraction:
    return Fraction(int(r.p), int(r.q))


Coeffs = list  # polynomial coefficients (Fractions), constant term first


def poly_coeffs(expr: sympy.Expr, x: sympy.Symbol) -> Coeffs | None:
    if x not in expr.free_symbols:
        return [fraction(expr)] if expr.is_Rational else None
    try:
        poly = sympy.Poly(expr, x, domain="QQ")
    except (sympy.PolynomialError, sympy.CoercionFailed, sympy.GeneratorsNeeded):
        return None
    return [fraction(c) for c in reversed(poly.all_coeffs())]


def poly_mul(a: Coeffs, b: Coeffs) -> Coeffs:
    out = [Fraction(0)] * (len(a) + len(b) - 1)
    for i, p in enumerate(a):
        if p:
            for j, q in enumerate(b):
                out[i + j] += p * q
    return out


def poly_sub(a: Coeffs, b: Coeffs) -> Coeffs:
    n = max(len(a), len(b))
    out = [(a[k] if k < len(a) else 0) - (b[k] if k < len(b) else 0) for k in range(n)]
    while len(out) > 1 and out[-1] == 0:
        out.pop()
    return [Fraction(c) for c in out]


def horner(coeffs: Coeffs, p: Fraction) -> Fraction:
    total = Fraction(0)
    for c in reversed(coeffs):
        total = total * p + c
    return total


class ExactFn:
    """A payoff, or a payoff difference, as a function of x.

    A rational function ``num / den`` with exact rational coefficients whenever the
    expression is one (every model built from sums and products of factors, and
    quotients such as a discount); otherwise the sympy expression itself.
    """

    __slots__ = ("_expr", "_source", "den", "num")

    def __init__(self, num: Coeffs | None, den: Coeffs | None, expr: sympy.Expr | None,
                 source: tuple[sympy.Expr, dict] | None = None) -> None:
        self.num, self.den, self._expr, self._source = num, den, expr, source

    @property
    def expr(self) -> sympy.Expr:
        """The expression (a cell read by :func:`fast_cells` substitutes it when asked:
        only a difference with a cell that is not a rational function needs it)."""
        if self._expr is None and self._source is not None:
            raw, held = self._source
            self._expr, self._source = raw.xreplace(held), None
        return self._expr

    @classmethod
    def of(cls, expr: sympy.Expr, x: sympy.Symbol) -> ExactFn:
        if any(x in p.free_symbols for p in expr.atoms(sympy.Piecewise)):
            # a step of x (its condition or a branch reads x) is no polynomial in x over
            # the rationals, in the expression or in the numerator or denominator of its
            # combined fraction: the readings below would all fail (a sixth of the
            # thresholds' time went into trying them)
            return cls(None, None, expr)
        num = poly_coeffs(expr, x)
        if num is not None:
            return cls(num, [Fraction(1)], expr)
        n, d = sympy.fraction(sympy.together(expr))
        num, den = poly_coeffs(sympy.expand(n), x), poly_coeffs(sympy.expand(d), x)
        if num is not None and den is not None:
            return cls(num, den, expr)
        return cls(None, None, expr)

    @property
    def rational(self) -> bool:
        return self.num is not None

    def minus(self, other: ExactFn) -> ExactFn:
        a, b, c, d = self.num, self.den, other.num, other.den
        if a is not None and b is not None and c is not None and d is not None:
            if b == d:
                return ExactFn(poly_sub(a, c), b, sympy.Integer(0))
            return ExactFn(poly_sub(poly_mul(a, d), poly_mul(c, b)), poly_mul(b, d),
                           sympy.Integer(0))
        return ExactFn(None, None, self.expr - other.expr)

    def roots(self, x: sympy.Symbol, bracket: tuple[float, float] | None
              ) -> list[tuple[float, Any]]:
        """Real points where the sign may change: zeros, and poles (``(float, exact)``)."""
        num, den = self.num, self.den
        if num is None or den is None:
            return cancelled_roots(self.expr, x, bracket)
        out = poly_roots(num, x)
        if len(den) > 1:
            out += poly_roots(den, x)
        return out

    def sign(self, x: sympy.Symbol, p: Any) -> int | None:
        """The sign at a point (a Fraction, or an exact algebraic number); None at a pole."""
        num, den = self.num, self.den
        if num is not None and den is not None and len(num) == 1 and len(den) == 1:
            a, b = num[0], den[0]  # a constant: the sign of a * b
            return ((a > 0) - (a < 0)) * ((b > 0) - (b < 0))
        if isinstance(p, Fraction) and num is not None and den is not None:
            if len(den) == 1:
                q = horner(num, p) * (1 if den[0] > 0 else -1 if den[0] < 0 else 0)
            else:
                below = horner(den, p)
                if below == 0:
                    return None
                q = horner(num, p) * (1 if below > 0 else -1)
            return (q > 0) - (q < 0)
        point = sympy.Rational(p.numerator, p.denominator) if isinstance(p, Fraction) else p
        if num is not None and den is not None:
            top = sum(sympy.Rational(c.numerator, c.denominator) * point**k
                      for k, c in enumerate(num))
            bottom = sum(sympy.Rational(c.numerator, c.denominator) * point**k
                         for k, c in enumerate(den))
            v, d = sympy.N(top, 50), sympy.N(bottom, 50)
            if abs(d) < ALGEBRAIC_TIE:
                return None
            v = v * (1 if d > 0 else -1)
        else:
            try:
                v = sympy.N(self.expr.xreplace({x: point}), 50)
            except TypeError:  # a step's condition at its own pole (sympy: zoo > 0)
                return None
            if not (v.is_finite and v.is_real):
                return None
        return 0 if abs(v) < ALGEBRAIC_TIE else (1 if v > 0 else -1)


def poly_roots(coeffs: Coeffs, x: sympy.Symbol) -> list[tuple[float, Any]]:
    if len(coeffs) <= 1:
        return []  # constant: never changes sign
    if len(coeffs) == 2:
        r = -coeffs[0] / coeffs[1]
        return [(float(r), r)]
    poly = sympy.Poly([sympy.Rational(c.numerator, c.denominator) for c in reversed(coeffs)], x)
    return [(float(r.evalf(30)), fraction(r) if r.is_Rational else r)
            for r in sympy.real_roots(poly)]


#: The roots of the expressions that are not rational functions, by expression, factor
#: and bracket (a step's condition is the same in every difference it enters, and the
#: differences of a player's strategies often repeat across the others' profiles).
_ROOTS: dict[tuple[Any, ...], list[tuple[float, Any]]] = {}


def _memo_roots(kind: str, expr: sympy.Expr, x: sympy.Symbol,
                bracket: tuple[float, float] | None) -> list[tuple[float, Any]]:
    key = (kind, expr, x, None if bracket is None else (float(bracket[0]), float(bracket[1])))
    if key not in _ROOTS:
        if len(_ROOTS) > 4096:
            _ROOTS.clear()
        _ROOTS[key] = (_expr_roots_uncached(sympy.cancel(expr), x, bracket) if kind == "cancel"
                       else _expr_roots_uncached(expr, x, bracket))
    return list(_ROOTS[key])


def cancelled_roots(expr: sympy.Expr, x: sympy.Symbol, bracket: tuple[float, float] | None
                     ) -> list[tuple[float, Any]]:
    """:func:`expr_roots` of ``sympy.cancel(expr)`` (memoised)."""
    return _memo_roots("cancel", expr, x, bracket)


def expr_roots(expr: sympy.Expr, x: sympy.Symbol, bracket: tuple[float, float] | None
                ) -> list[tuple[float, Any]]:
    """Roots of a non-rational expression (memoised: :func:`_expr_roots_uncached`)."""
    return _memo_roots("plain", expr, x, bracket)


def _expr_roots_uncached(expr: sympy.Expr, x: sympy.Symbol,
                         bracket: tuple[float, float] | None) -> list[tuple[float, Any]]:
    """Roots of a non-rational expression: sympy's solveset, else a numeric scan."""
    if expr == 0:
        return []
    if expr.has(sympy.Piecewise):
        return piecewise_roots(expr, x, bracket)
    try:
        sol = sympy.solveset(expr, x, domain=sympy.S.Reals)
    except (NotImplementedError, ValueError, TypeError):
        sol = None
    if isinstance(sol, sympy.FiniteSet):
        return [(float(r.evalf(30)), fraction(r) if r.is_Rational else r) for r in sol]
    return numeric_roots(expr, x, bracket)


def piecewise_roots(expr: sympy.Expr, x: sympy.Symbol, bracket: tuple[float, float] | None
                     ) -> list[tuple[float, Any]]:
    """Where a difference with ``step`` parts (Piecewise) may change sign: where a
    condition turns (a jump) and where any branch is zero. Extra points are harmless: an
    outcome is read on each side of every candidate."""
    out: list[tuple[float, Any]] = []
    for edge in piecewise_edges(expr):
        out += expr_roots(edge, x, bracket)
    for branch in piecewise_branches(expr):
        if not branch.has(sympy.Piecewise):
            out += ExactFn.of(sympy.expand(branch), x).roots(x, bracket)
    return out


def numeric_roots(expr: sympy.Expr, x: sympy.Symbol,
                   bracket: tuple[float, float] | None) -> list[tuple[float, Any]]:
    from scipy.optimize import brentq

    if bracket is None:
        raise InvalidGameError(
            f"the payoff difference {expr} has no closed-form roots in {x}, and {x} has no "
            f"plausible range to search numerically; pass within=(low, high)."
        )
    f = sympy.lambdify(x, expr, modules="numpy")
    grid = np.linspace(bracket[0], bracket[1], 2001)
    with np.errstate(all="ignore"):
        vals = np.asarray(f(grid), dtype=float) * np.ones_like(grid)
    out = []
    for k in range(len(grid) - 1):
        a, b = vals[k], vals[k + 1]
        if not (np.isfinite(a) and np.isfinite(b)):
            continue
        if a == 0:
            out.append((float(grid[k]), None))
        elif a * b < 0:
            out.append((float(brentq(f, grid[k], grid[k + 1], xtol=1e-14)), None))
    if vals[-1] == 0:
        out.append((float(grid[-1]), None))
    return out




def rational_expr(expr: Any) -> sympy.Expr:
    expr = sympy.sympify(expr)
    if expr.has(sympy.Float):
        expr = expr.xreplace({f: exact(float(f)) for f in expr.atoms(sympy.Float)})
    return expr



class PolyTerms:
    """A payoff as a polynomial with rational coefficients in its factors and in a few closed
    sub-expressions (``sympy.Poly``'s generators: reciprocals such as a discount, the
    Piecewise of ``step``), read once per expression.

    At a point, every term's value is computed once (:meth:`at`); the payoff as a
    polynomial in one factor ``x`` then needs only the terms with ``x``: the same exact
    rational coefficients ``sympy.Poly`` finds after substituting the other factors (the
    polynomial in ``x`` is unique), without rebuilding the expression at every factor.
    """

    __slots__ = ("gens", "index", "inner", "terms")

    def __init__(self, poly: sympy.Poly) -> None:
        self.gens = poly.gens
        self.index = {g.name: k for k, g in enumerate(poly.gens) if g.is_Symbol}
        self.inner = frozenset(s.name for g in poly.gens if not g.is_Symbol
                               for s in g.free_symbols)
        self.terms = [(m, fraction(c)) for m, c in poly.terms()]

    def at(self, values: Mapping[sympy.Symbol, sympy.Rational]
           ) -> tuple[list[Fraction], list[Fraction], Fraction] | None:
        """The generators' values, every term's value and their sum at a point (None
        where a generator is not a rational number there)."""
        gen_values = []
        for g in self.gens:
            v = g.xreplace(values) if not g.is_Symbol else values.get(g)
            if v is None or not v.is_Rational:
                return None
            gen_values.append(fraction(v))
        term_values = []
        for m, c in self.terms:
            for v, e in zip(gen_values, m):
                if e:
                    c = c * v**e
            term_values.append(c)
        return gen_values, term_values, sum(term_values, Fraction(0))

    def coeffs(self, factor: str, at: tuple[list[Fraction], list[Fraction], Fraction]
               ) -> Coeffs | None:
        """The polynomial in ``factor`` with every other factor at the point (None where
        ``factor`` is inside a generator: the expression is substituted instead)."""
        if factor in self.inner:
            return None
        gen_values, term_values, total = at
        k = self.index.get(factor)
        if k is None:
            return [total]
        by_degree: dict[int, Fraction] = {}
        rest = total
        for (m, c), value in zip(self.terms, term_values):
            e = m[k]
            if not e:
                continue
            rest -= value
            for j, (v, f) in enumerate(zip(gen_values, m)):
                if f and j != k:
                    c = c * v**f
            by_degree[e] = by_degree.get(e, Fraction(0)) + c
        out = [rest] + [by_degree.get(d, Fraction(0)) for d in range(1, max(by_degree) + 1)]
        while len(out) > 1 and out[-1] == 0:
            out.pop()
        return out


#: Each payoff expression read as :class:`PolyTerms` (None: not a polynomial over the
#: rationals in any generators), by expression.
_TERMS: dict[sympy.Expr, PolyTerms | None] = {}


def terms_of(expr: sympy.Expr) -> PolyTerms | None:
    if expr not in _TERMS:
        try:
            poly = sympy.Poly(expr)
            ok = poly.domain.is_ZZ or poly.domain.is_QQ
        except (sympy.PolynomialError, sympy.CoercionFailed, sympy.GeneratorsNeeded):
            ok = False
        if len(_TERMS) > 4096:
            _TERMS.clear()
        _TERMS[expr] = PolyTerms(poly) if ok else None
    return _TERMS[expr]


#: The term values of every payoff of a game at a point (:meth:`PolyTerms.at`), by the game
#: (kept with its entry) and the point: each factor's thresholds there read them.
_TERMS_AT: dict[tuple[Any, ...], tuple[NormalFormGame, dict]] = {}


def fast_cells(game: NormalFormGame, factor: str, point: Mapping[str, Any],
                held: dict[sympy.Symbol, sympy.Rational]) -> np.ndarray:
    """Each payoff of ``game`` as a polynomial in ``factor`` (a :class:`ExactFn`) read from its
    :class:`PolyTerms` at the point, or None where that reading does not apply (the payoff
    is then substituted, as before)."""
    out = np.empty(game.payoffs.shape, dtype=object)
    if factor not in point:
        return out
    symbols = game.factors
    key = (id(game), tuple((n, float(point[n])) for n in symbols))
    hit = _TERMS_AT.get(key)
    if hit is not None and hit[0] is game:
        values = hit[1]
    else:
        at_point = {symbols[n]: exact(point[n]) for n in symbols}
        values = {}
        for idx, raw in np.ndenumerate(game.payoffs):
            expr = rational_expr(raw)
            terms = terms_of(expr)
            values[idx] = (expr, terms, None if terms is None else terms.at(at_point))
        if len(_TERMS_AT) >= 64:
            _TERMS_AT.pop(next(iter(_TERMS_AT)))
        _TERMS_AT[key] = (game, values)
    for idx, (expr, terms, at) in values.items():
        if terms is None or at is None:
            continue
        num = terms.coeffs(factor, at)
        if num is not None:
            out[idx] = ExactFn(num, [Fraction(1)], None, (expr, held))
    return out

