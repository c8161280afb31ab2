"""Thresholds: the exact factor values at which a best response or the equilibrium switches.

Hold every factor but one at a point (a scenario, the baseline). Each payoff is then a
function of one factor ``x``, usually a polynomial of degree one or two. A player's
best replies, and the set of pure equilibria, are decided by the *signs* of payoff
differences; between two consecutive real roots of those differences no sign changes,
so the outcome is constant there. The algorithm (exact rational arithmetic throughout):

1. Substitute the held factors (floats read as exact decimals) and write every payoff
   cell as a polynomial in ``x`` with rational coefficients where it is one.
2. Collect the real roots of every payoff difference that can matter (each player's
   pair of strategies, against each profile of the others): exact for polynomials
   (rational roots, or algebraic ones via ``sympy.real_roots``), by ``sympy.solveset``
   for other closed forms, numerically (a grid scan and Brent's method within the
   factor's range) as a last resort.
3. Classify the outcome at a rational point inside every interval between consecutive
   roots and at each root; a root where the outcomes on its two sides differ is a
   threshold.

The outcome is the set of pure equilibria (of the whole game, or of the game left when
some players' strategies are fixed), projected on one player when one is named; with
every other player fixed it is that player's set of best replies. In an interval with
no pure equilibrium, the mixed equilibria can still change: see
:func:`~triangle.sensitivity.equilibrium_sensitivity`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from triangle.errors import InvalidArgumentTypeError, InvalidGameError, unknown_name
from triangle.games.aliases import FrameLike
from triangle.games.normal_form import NormalFormGame
from triangle.games.symbolic import (
    check_factor_names,
    check_game,
    piecewise_branches,
    piecewise_edges,
)
from triangle.models.provenance import Provenance
from triangle.models.scenarios import PointLike
from triangle.registries import check_count, check_mapping, check_sequence, check_text
from triangle.sensitivity._inputs import (
    InvalidSampleError,
    Ranges,
    ranges_at,
    registry_range,
    resolve_point,
)
from triangle.sensitivity._records import run_provenance
from triangle.sensitivity.outcomes import NO_PURE

__all__ = ["NearestThreshold", "Piece", "Threshold", "Thresholds", "nearest_thresholds",
           "thresholds"]

#: The outcome where a payoff is undefined (a pole of a rational payoff).
UNDEFINED = "undefined (a payoff has a pole here)"

#: Differences of algebraic (irrational) values below this count as ties.
_ALGEBRAIC_TIE = sympy.Float("1e-40")


@dataclass(frozen=True)
class Threshold:
    """A value of ``factor`` where the outcome switches.

    ``below`` holds just below ``value`` and ``above`` just above it; ``at`` is the
    outcome at the value itself (usually a tie of both). ``exact`` is the exact value
    (a sympy number) when found symbolically, ``None`` when found numerically.
    ``in_range`` says whether the value lies in the factor's plausible range (``None``
    when the range is unknown).
    """

    factor: str
    value: float
    below: str
    above: str
    at: str
    exact: sympy.Expr | None = None
    in_range: bool | None = None

    def __repr__(self) -> str:
        where = "" if self.in_range is None else (" (in range)" if self.in_range
                                                   else " (outside range)")
        return (f"Threshold({self.factor} = {self.value:.6g}{where}: "
                f"{self.below!r} below, {self.above!r} above)")


@dataclass(frozen=True)
class Piece:
    """An interval ``[low, high]`` of the factor on which ``outcome`` holds (ends may be inf)."""

    low: float
    high: float
    outcome: str


class Thresholds(list):
    """The thresholds found (a list of :class:`Threshold`, by increasing value).

    Attributes: ``factor``; ``outcome`` (what was classified); ``pieces``, the intervals
    of the factor with the outcome on each (the side on which each outcome holds);
    ``isolated``, ``(value, outcome)`` at single points where the outcome differs from
    both sides alike (a tie that does not switch, e.g. at a double root); ``value`` and
    ``current``, the factor's value at the point and the outcome there; ``provenance``,
    the run (:class:`~triangle.models.provenance.Provenance`: the values the other
    factors were held at, the date, the versions), shown in the HTML display and in
    ``%`` lines above the LaTeX table.
    """

    def __init__(self, items: Iterable[Threshold], *, factor: str, outcome: str,
                 pieces: list[Piece], value: float, current: str,
                 isolated: list[tuple[float, str]] | None = None,
                 provenance: Provenance | None = None) -> None:
        super().__init__(items)
        self.provenance = provenance
        self.isolated = list(isolated or [])
        self.factor = factor
        self.outcome = outcome
        self.pieces = pieces
        self.value = value
        self.current = current

    def __repr__(self) -> str:
        body = ",\n ".join(repr(t) for t in self)
        return f"Thresholds([{body}])" if self else "Thresholds([])"

    def where(self, outcome: str) -> list[tuple[float, float]]:
        """The intervals of the factor on which ``outcome`` holds."""
        return [(p.low, p.high) for p in self.pieces if p.outcome == outcome]

    # ----------------------------------------------------- notebook and paper (issue 13)
    _title = "Thresholds"

    def _summary(self) -> str:
        return (f"of {self.factor} for {self.outcome!r}: {len(self)} found; "
                f"{self.current!r} at {self.value:.4g}")

    def _table(self) -> tuple[list[str], list[list[Any]]]:
        where = {True: "in range", False: "outside range", None: "-"}
        return (["factor", "threshold", "exact", "range", "below", "at", "above"],
                [[t.factor, t.value, "" if t.exact is None else str(t.exact),
                  where[t.in_range], t.below, t.at, t.above] for t in self])

    def _repr_html_(self) -> str:
        from triangle.games.display import html_of

        return html_of(self)

    def to_latex(self, caption: str | None = None, label: str | None = None) -> str:
        """The thresholds as a booktabs table (value, exact value, outcome on each side).

        >>> import sympy, triangle as tri
        >>> relief = sympy.Symbol("relief")
        >>> g = tri.NormalFormGame.from_bimatrix([[relief], [3]], [[0], [0]],
        ...                                      strategies=(("pivot", "stay"), ("x",)))
        >>> ts = thresholds(g, "relief", 0, at={"relief": 1}, ranges={"relief": (0, 5)})
        >>> print(ts.to_latex())  # doctest: +ELLIPSIS
        % provenance: triangle ...; factor values given; values digest ...
        % values: relief=1
        ...
        factor & threshold & exact & range & below & at & above \\\\
        \\midrule
        relief & 3 & 3 & in range & stay & pivot | stay & pivot \\\\
        ...
        """
        from triangle.games.display import latex_of

        return latex_of(self, caption, label)

    def to_frame(self) -> FrameLike:
        """The thresholds as a :class:`pandas.DataFrame` (the ``pandas`` extra)."""
        from triangle.games.display import frame_of

        return frame_of(self)

    def __cite__(self) -> tuple[str, ...]:
        return ("triangle",)


# --------------------------------------------------------------------------- exact values
def _exact(value: float) -> sympy.Rational:
    return sympy.Rational(repr(float(value)))


def _fraction(r: sympy.Expr) -> Fraction:
    return Fraction(int(r.p), int(r.q))


Coeffs = list  # polynomial coefficients (Fractions), constant term first


def _poly(expr: sympy.Expr, x: sympy.Symbol) -> Coeffs | None:
    if x not in expr.free_symbols:
        return [_fraction(expr)] if expr.is_Rational else None
    try:
        poly = sympy.Poly(expr, x, domain="QQ")
    except (sympy.PolynomialError, sympy.CoercionFailed, sympy.GeneratorsNeeded):
        return None
    return [_fraction(c) for c in reversed(poly.all_coeffs())]


def _mul(a: Coeffs, b: Coeffs) -> Coeffs:
    out = [Fraction(0)] * (len(a) + len(b) - 1)
    for i, p in enumerate(a):
        if p:
            for j, q in enumerate(b):
                out[i + j] += p * q
    return out


def _sub_poly(a: Coeffs, b: Coeffs) -> Coeffs:
    n = max(len(a), len(b))
    out = [(a[k] if k < len(a) else 0) - (b[k] if k < len(b) else 0) for k in range(n)]
    while len(out) > 1 and out[-1] == 0:
        out.pop()
    return [Fraction(c) for c in out]


def _horner(coeffs: Coeffs, p: Fraction) -> Fraction:
    total = Fraction(0)
    for c in reversed(coeffs):
        total = total * p + c
    return total


class _Fn:
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
        """The expression (a cell read by :func:`_fast_cells` substitutes it when asked:
        only a difference with a cell that is not a rational function needs it)."""
        if self._expr is None and self._source is not None:
            raw, held = self._source
            self._expr, self._source = raw.xreplace(held), None
        return self._expr

    @classmethod
    def of(cls, expr: sympy.Expr, x: sympy.Symbol) -> _Fn:
        num = _poly(expr, x)
        if num is not None:
            return cls(num, [Fraction(1)], expr)
        n, d = sympy.fraction(sympy.together(expr))
        num, den = _poly(sympy.expand(n), x), _poly(sympy.expand(d), x)
        if num is not None and den is not None:
            return cls(num, den, expr)
        return cls(None, None, expr)

    @property
    def rational(self) -> bool:
        return self.num is not None

    def minus(self, other: _Fn) -> _Fn:
        a, b, c, d = self.num, self.den, other.num, other.den
        if a is not None and b is not None and c is not None and d is not None:
            if b == d:
                return _Fn(_sub_poly(a, c), b, sympy.Integer(0))
            return _Fn(_sub_poly(_mul(a, d), _mul(c, b)), _mul(b, d), sympy.Integer(0))
        return _Fn(None, None, self.expr - other.expr)

    def roots(self, x: sympy.Symbol, bracket: tuple[float, float] | None
              ) -> list[tuple[float, Any]]:
        """Real points where the sign may change: zeros, and poles (``(float, exact)``)."""
        num, den = self.num, self.den
        if num is None or den is None:
            return _cancelled_roots(self.expr, x, bracket)
        out = _poly_roots(num, x)
        if len(den) > 1:
            out += _poly_roots(den, x)
        return out

    def sign(self, x: sympy.Symbol, p: Any) -> int | None:
        """The sign at a point (a Fraction, or an exact algebraic number); None at a pole."""
        num, den = self.num, self.den
        if num is not None and den is not None and len(num) == 1 and len(den) == 1:
            a, b = num[0], den[0]  # a constant: the sign of a * b
            return ((a > 0) - (a < 0)) * ((b > 0) - (b < 0))
        if isinstance(p, Fraction) and num is not None and den is not None:
            if len(den) == 1:
                q = _horner(num, p) * (1 if den[0] > 0 else -1 if den[0] < 0 else 0)
            else:
                below = _horner(den, p)
                if below == 0:
                    return None
                q = _horner(num, p) * (1 if below > 0 else -1)
            return (q > 0) - (q < 0)
        point = sympy.Rational(p.numerator, p.denominator) if isinstance(p, Fraction) else p
        if num is not None and den is not None:
            top = sum(sympy.Rational(c.numerator, c.denominator) * point**k
                      for k, c in enumerate(num))
            bottom = sum(sympy.Rational(c.numerator, c.denominator) * point**k
                         for k, c in enumerate(den))
            v, d = sympy.N(top, 50), sympy.N(bottom, 50)
            if abs(d) < _ALGEBRAIC_TIE:
                return None
            v = v * (1 if d > 0 else -1)
        else:
            v = sympy.N(self.expr.xreplace({x: point}), 50)
            if not (v.is_finite and v.is_real):
                return None
        return 0 if abs(v) < _ALGEBRAIC_TIE else (1 if v > 0 else -1)


def _poly_roots(coeffs: Coeffs, x: sympy.Symbol) -> list[tuple[float, Any]]:
    if len(coeffs) <= 1:
        return []  # constant: never changes sign
    if len(coeffs) == 2:
        r = -coeffs[0] / coeffs[1]
        return [(float(r), r)]
    poly = sympy.Poly([sympy.Rational(c.numerator, c.denominator) for c in reversed(coeffs)], x)
    return [(float(r.evalf(30)), _fraction(r) if r.is_Rational else r)
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


def _cancelled_roots(expr: sympy.Expr, x: sympy.Symbol, bracket: tuple[float, float] | None
                     ) -> list[tuple[float, Any]]:
    """:func:`_expr_roots` of ``sympy.cancel(expr)`` (memoised)."""
    return _memo_roots("cancel", expr, x, bracket)


def _expr_roots(expr: sympy.Expr, x: sympy.Symbol, bracket: tuple[float, float] | None
                ) -> list[tuple[float, Any]]:
    """Roots of a non-rational expression (memoised: :func:`_expr_roots_uncached`)."""
    return _memo_roots("plain", expr, x, bracket)


def _expr_roots_uncached(expr: sympy.Expr, x: sympy.Symbol,
                         bracket: tuple[float, float] | None) -> list[tuple[float, Any]]:
    """Roots of a non-rational expression: sympy's solveset, else a numeric scan."""
    if expr == 0:
        return []
    if expr.has(sympy.Piecewise):
        return _piecewise_roots(expr, x, bracket)
    try:
        sol = sympy.solveset(expr, x, domain=sympy.S.Reals)
    except (NotImplementedError, ValueError, TypeError):
        sol = None
    if isinstance(sol, sympy.FiniteSet):
        return [(float(r.evalf(30)), _fraction(r) if r.is_Rational else r) for r in sol]
    return _numeric_roots(expr, x, bracket)


def _piecewise_roots(expr: sympy.Expr, x: sympy.Symbol, bracket: tuple[float, float] | None
                     ) -> list[tuple[float, Any]]:
    """Where a difference with ``step`` parts (Piecewise) may change sign: where a
    condition turns (a jump) and where any branch is zero. Extra points are harmless: an
    outcome is read on each side of every candidate."""
    out: list[tuple[float, Any]] = []
    for edge in piecewise_edges(expr):
        out += _expr_roots(edge, x, bracket)
    for branch in piecewise_branches(expr):
        if not branch.has(sympy.Piecewise):
            out += _Fn.of(sympy.expand(branch), x).roots(x, bracket)
    return out


def _numeric_roots(expr: sympy.Expr, x: sympy.Symbol,
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


# --------------------------------------------------------------------------- outcomes
@dataclass(frozen=True)
class _Question:
    """What is classified: the (restricted) game, the player projected on, the labels."""

    game: NormalFormGame  # restricted to the fixed strategies of `given`
    player: int | None
    fixed: frozenset[int]
    description: str


def _question(game: NormalFormGame, player: Any, given: Mapping[str, Any] | None) -> _Question:
    if given is not None:
        check_mapping(given, "given ({player: strategy})")
    if isinstance(player, bool) or (
            player is not None and not isinstance(player, (str, int, np.integer))):
        raise InvalidArgumentTypeError(
            f"player is a player's name or index, or None (every player); got "
            f"{type(player).__name__} {player!r}."
        )
    given = dict(given or {})
    fixed = frozenset(game.player_index(p) for p in given)
    # a numpy integer index is read as the int it is
    i = None if player is None else game.player_index(
        int(player) if isinstance(player, np.integer) else player)
    if i is not None and i in fixed:
        raise InvalidGameError(
            f"{game.players[i]!r} is both the player asked about and fixed in given."
        )
    sub = game.restrict({p: [s] for p, s in given.items()}) if given else game
    if i is None:
        what = "pure equilibria"
    elif len(fixed) == game.n_players - 1:
        what = f"{game.players[i]}'s best replies"
    else:
        what = f"{game.players[i]}'s strategies in pure equilibria"
    if given:
        what += " given " + ", ".join(f"{p} {s}" for p, s in given.items())
    return _Question(sub, i, fixed, what)


class _Classifier:
    """The outcome at any value of x, from the signs of the payoff differences there.

    For each active player and each profile of the others, ``diffs[(i, rest)][(s, t)]``
    is the payoff of ``s`` minus that of ``t``; ``s`` is a best reply when no such
    difference is negative; a profile is an equilibrium when every active player's
    strategy is a best reply.
    """

    def __init__(self, q: _Question, cells: np.ndarray, x: sympy.Symbol) -> None:
        self.q, self.x = q, x
        g = q.game
        self.active = [i for i in range(g.n_players) if i not in q.fixed]
        self.diffs: dict[tuple[int, tuple], dict[tuple[int, int], _Fn]] = {}
        for i in self.active:
            rests = itertools.product(*(range(m) for k, m in enumerate(g.shape) if k != i))
            for rest in rests:
                pairs = {}
                for s, t in itertools.combinations(range(g.shape[i]), 2):
                    a, b = list(rest), list(rest)
                    a.insert(i, s)
                    b.insert(i, t)
                    pairs[(s, t)] = cells[(i, *a)].minus(cells[(i, *b)])
                self.diffs[(i, rest)] = pairs

    def switch_points(self, bracket: tuple[float, float] | None) -> list[tuple[float, Any]]:
        found: dict[float, Any] = {}
        for pairs in self.diffs.values():
            for fn in pairs.values():
                for value, exact in fn.roots(self.x, bracket):
                    _merge(found, value, exact)
        return sorted(found.items(), key=lambda item: item[0])

    def __call__(self, p: Any) -> str:
        g, q = self.q.game, self.q
        best: dict[tuple[int, tuple], set[int]] = {}
        for (i, rest), pairs in self.diffs.items():
            beaten: set[int] = set()
            for (s, t), fn in pairs.items():
                sign = fn.sign(self.x, p)
                if sign is None:
                    return UNDEFINED
                if sign > 0:
                    beaten.add(t)
                elif sign < 0:
                    beaten.add(s)
            best[(i, rest)] = set(range(g.shape[i])) - beaten
        cells = [
            cell for cell in itertools.product(*(range(m) for m in g.shape))
            if all(cell[i] in best[(i, cell[:i] + cell[i + 1:])] for i in self.active)
        ]
        if not cells:
            return NO_PURE
        if q.player is not None:
            played = sorted({c[q.player] for c in cells})
            return " | ".join(g.strategies[q.player][j] for j in played)
        return " | ".join(
            "/".join(g.strategies[k][j] for k, j in enumerate(c) if k not in q.fixed)
            for c in cells
        )


# --------------------------------------------------------------------------- the search
def thresholds(
    game: NormalFormGame,
    factor: str,
    player: str | int | None = None,
    given: Mapping[str, str] | None = None,
    *,
    at: PointLike = None,
    within: tuple[float, float] | None = None,
    ranges: Ranges | None = None,
    _cache: dict | None = None,
) -> Thresholds:
    """The values of ``factor`` at which the outcome switches, the other factors held at ``at``.

    Parameters
    ----------
    game
        A symbolic game.
    factor
        The factor that moves.
    player, given
        What is classified. Neither: the set of pure equilibria. ``given``
        (``{player: strategy}``) fixes some players' strategies; the others respond in
        equilibrium. ``player``: only that player's strategies in those equilibria, so
        with every other player in ``given`` it is the player's best replies.
    at
        The point where other factors are held (``None``: the registry baselines; a
        scenario name or object; or ``{id: value}``).
    within
        Only thresholds in ``[low, high]``; default: every real value (each threshold
        says whether it is in the factor's plausible range).
    ranges
        ``{id: (low, high)}`` overriding the registry's ranges.

    Returns a :class:`Thresholds` list (empty when the outcome never switches) whose
    ``pieces`` give the outcome on each interval of the factor.

    "How much sanctions relief makes pivot a best response to conditional engagement,
    given a 30% reversal risk?":

    >>> import sympy, triangle as tri
    >>> relief, risk, lifeline = sympy.symbols("relief risk lifeline")
    >>> g = tri.NormalFormGame.from_bimatrix(
    ...     [[relief * (1 - risk), relief], [lifeline, lifeline]],
    ...     [[1, 0], [0, 1]],
    ...     players=("Russia", "US"), strategies=(("pivot", "stay"), ("condition", "press")))
    >>> ts = thresholds(g, "relief", "Russia", {"US": "condition"},
    ...                 at={"risk": 0.3, "lifeline": 2.1})
    >>> ts
    Thresholds([Threshold(relief = 3: 'stay' below, 'pivot' above)])
    >>> ts[0].exact, ts[0].at
    (Fraction(3, 1), 'pivot | stay')
    >>> ts.where("pivot")
    [(3.0, inf)]
    """
    check_game(game, "thresholds")
    check_text(factor, "factor")
    symbols = game.factors
    if factor not in symbols:
        raise unknown_name("factor of the game", factor, symbols)
    x = symbols[factor]
    q = _question(game, player, given)
    ranges = ranges_at(at, ranges)  # a scenario's own ranges judge "in range"
    point = resolve_point(at, extra=symbols)
    missing = sorted(n for n in symbols if n != factor and n not in point)
    if missing:
        raise InvalidSampleError(
            f"no value for the factors {missing} (not in the registry): give them in at=."
        )
    box = registry_range(factor, ranges)
    if within is not None:
        lo, hi = float(within[0]), float(within[1])
        if not lo <= hi:
            raise InvalidSampleError(f"within must be (low, high) with low <= high; got {within}.")
    value = point.get(factor, float("nan"))
    cache = {} if _cache is None else _cache
    result, pieces, isolated, current = _solve(game, q, factor, x, point, within, box, cache)
    return Thresholds(result, factor=factor, outcome=q.description, pieces=pieces,
                      value=value, current=current, isolated=isolated,
                      provenance=_record(cache, game, at))


#: :func:`thresholds`' answers, by everything that decides them (the game object, kept
#: with its entry so that its id is not reused, the factor, the question, every other
#: factor's value, the window, the range and the factor's own value). A report asks for
#: the same factor at the same point again and again (the nearest factors of a point, the
#: edges of its verdicts, in every ``analyze``), and one answer takes up to half a second.
_SOLVED: dict[tuple[Any, ...], tuple[Any, ...]] = {}
_SOLVED_SIZE = 1024


def _solve(game: NormalFormGame, q: _Question, factor: str, x: sympy.Symbol,
           point: Mapping[str, Any], within: tuple[float, float] | None,
           box: tuple[float, float] | None, cache: dict
           ) -> tuple[list[Threshold], list[Piece], list[tuple[float, str]], str]:
    """The thresholds of ``factor`` (steps 1 to 3 of the module docs), memoised."""
    symbols = game.factors
    key = (id(game), factor, q.player, q.fixed, q.description,
           tuple((n, float(point[n])) for n in symbols if n != factor),
           None if within is None else (float(within[0]), float(within[1])),
           None if box is None else (float(box[0]), float(box[1])),
           float(point[factor]) if factor in point else None)
    hit = _SOLVED.get(key)
    if hit is not None and hit[0] is game:
        return list(hit[1]), list(hit[2]), list(hit[3]), hit[4]
    # 1. every payoff as an exact function of x (cells without x are cached across factors)
    held = {symbols[n]: _exact(point[n]) for n in symbols if n != factor}
    cells = np.empty(q.game.payoffs.shape, dtype=object)
    fast = _fast_cells(q.game, factor, point, held)
    for idx, raw in np.ndenumerate(q.game.payoffs):
        if fast[idx] is not None:
            cells[idx] = fast[idx]
            continue
        expr = _rational_expr(raw)
        free = cache.get(("free", expr))
        if free is None:
            free = cache[("free", expr)] = frozenset(s.name for s in expr.free_symbols)
        if factor in free:
            cells[idx] = _Fn.of(expr.xreplace(held), x)
        else:
            if ("const", expr) not in cache:
                cache[("const", expr)] = _Fn.of(expr.xreplace(held), x)
            cells[idx] = cache[("const", expr)]
    # 2. candidate switch points, over the whole real line (``within`` only filters)
    classify = _Classifier(q, cells, x)
    roots = classify.switch_points(within if within is not None else box)
    # 3. classify between and at the roots
    inside = [classify(p) for p in _probes([r for r, _ in roots])]
    result, isolated = [], []
    for k, (value, exact) in enumerate(roots):
        if within is not None and not within[0] <= value <= within[1]:
            continue
        if inside[k] == inside[k + 1]:
            there = classify(_point(value, exact))
            if there != inside[k]:  # a tie at one point only (e.g. a double root)
                isolated.append((value, there))
            continue
        in_range = None if box is None else bool(box[0] <= value <= box[1])
        result.append(Threshold(factor, value, inside[k], inside[k + 1],
                                classify(_point(value, exact)), exact, in_range))
    edges = [-np.inf, *(v for v, _ in roots), np.inf]
    pieces: list[Piece] = []
    for k, label in enumerate(inside):
        low, high = float(edges[k]), float(edges[k + 1])
        if within is not None:
            low, high = max(low, within[0]), min(high, within[1])
            if low > high or (low == high and len(inside) > 1):
                continue
        if pieces and pieces[-1].outcome == label:
            pieces[-1] = Piece(pieces[-1].low, high, label)
        else:
            pieces.append(Piece(low, high, label))
    current = classify(Fraction(repr(float(point[factor])))) if factor in point else ""
    if len(_SOLVED) >= _SOLVED_SIZE:
        _SOLVED.pop(next(iter(_SOLVED)))
    _SOLVED[key] = (game, result, pieces, isolated, current)
    return list(result), list(pieces), list(isolated), current


class _Terms:
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
        self.terms = [(m, _fraction(c)) for m, c in poly.terms()]

    def at(self, values: Mapping[sympy.Symbol, sympy.Rational]
           ) -> tuple[list[Fraction], list[Fraction], Fraction] | None:
        """The generators' values, every term's value and their sum at a point (None
        where a generator is not a rational number there)."""
        gen_values = []
        for g in self.gens:
            v = g.xreplace(values) if not g.is_Symbol else values.get(g)
            if v is None or not v.is_Rational:
                return None
            gen_values.append(_fraction(v))
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


#: Each payoff expression read as :class:`_Terms` (None: not a polynomial over the
#: rationals in any generators), by expression.
_TERMS: dict[sympy.Expr, _Terms | None] = {}


def _terms_of(expr: sympy.Expr) -> _Terms | None:
    if expr not in _TERMS:
        try:
            poly = sympy.Poly(expr)
            ok = poly.domain.is_ZZ or poly.domain.is_QQ
        except (sympy.PolynomialError, sympy.CoercionFailed, sympy.GeneratorsNeeded):
            ok = False
        if len(_TERMS) > 4096:
            _TERMS.clear()
        _TERMS[expr] = _Terms(poly) if ok else None
    return _TERMS[expr]


#: The term values of every payoff of a game at a point (:meth:`_Terms.at`), by the game
#: (kept with its entry) and the point: each factor's thresholds there read them.
_TERMS_AT: dict[tuple[Any, ...], tuple[NormalFormGame, dict]] = {}


def _fast_cells(game: NormalFormGame, factor: str, point: Mapping[str, Any],
                held: dict[sympy.Symbol, sympy.Rational]) -> np.ndarray:
    """Each payoff of ``game`` as a polynomial in ``factor`` (a :class:`_Fn`) read from its
    :class:`_Terms` at the point, or None where that reading does not apply (the payoff
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
        exact = {symbols[n]: _exact(point[n]) for n in symbols}
        values = {}
        for idx, raw in np.ndenumerate(game.payoffs):
            expr = _rational_expr(raw)
            terms = _terms_of(expr)
            values[idx] = (expr, terms, None if terms is None else terms.at(exact))
        if len(_TERMS_AT) >= 64:
            _TERMS_AT.pop(next(iter(_TERMS_AT)))
        _TERMS_AT[key] = (game, values)
    for idx, (expr, terms, at) in values.items():
        if terms is None or at is None:
            continue
        num = terms.coeffs(factor, at)
        if num is not None:
            out[idx] = _Fn(num, [Fraction(1)], None, (expr, held))
    return out


def _record(cache: dict, game: NormalFormGame, at: PointLike) -> Provenance:
    """The run's provenance, made once per point (nearest_thresholds shares the cache)."""
    if ("provenance", id(at)) not in cache:
        cache[("provenance", id(at))] = run_provenance(game, at, form="thresholds")
    return cache[("provenance", id(at))]


def _rational_expr(expr: Any) -> sympy.Expr:
    expr = sympy.sympify(expr)
    if expr.has(sympy.Float):
        expr = expr.xreplace({f: _exact(float(f)) for f in expr.atoms(sympy.Float)})
    return expr


def _merge(found: dict[float, Any], value: float, exact: Any) -> None:
    """Add a root unless an equal one is known (exactly, or within float noise)."""
    for v, e in found.items():
        if isinstance(e, Fraction) and isinstance(exact, Fraction):
            same = e == exact
        else:
            same = abs(v - value) <= 1e-12 * max(1.0, abs(v))
        if same:
            return
    found[value] = exact


def _point(value: float, exact: Any) -> Any:
    """The exact point of a root (a numeric root is taken at its float value)."""
    return Fraction(repr(float(value))) if exact is None else exact


def _probes(roots: list[float]) -> list[Fraction]:
    """A rational point inside each interval the roots cut the real line into."""
    if not roots:
        return [Fraction(0)]
    edges = [roots[0] - 1.0, *roots, roots[-1] + 1.0]
    out = []
    for a, b in itertools.pairwise(edges):
        out.append(Fraction(a) / 2 + Fraction(b) / 2)
    return out


# --------------------------------------------------------------------------- nearest
@dataclass(frozen=True)
class NearestThreshold:
    """The threshold of one factor nearest to its value at the point, and the move past it.

    ``distance`` is ``|threshold - value|`` as a share of the factor's plausible range:
    0.1 means moving the factor by a tenth of its range changes the outcome.
    ``outcome_after`` is the outcome just past the threshold in the direction of the move
    (or at it, for a threshold on the edge of the range, where the factor can go no
    further). ``move`` is that direction, ``"up"`` or ``"down"``: where the point sits on
    the threshold itself (distance 0, a tie) it says which side changes the outcome, and a
    factor whose both sides do is listed twice, once per direction. ``below`` and
    ``above`` are the outcomes on either side of the threshold, ``at`` the outcome on it.
    """

    factor: str
    value: float
    threshold: Threshold
    distance: float
    outcome_after: str
    move: str = ""
    below: str = ""
    above: str = ""
    at: str = ""

    @property
    def direction(self) -> str:
        """``"up"`` or ``"down"``: the move that reaches the threshold and changes the outcome."""
        if self.move:
            return self.move
        return "up" if self.threshold.value > self.value else "down"

    def __repr__(self) -> str:
        return (f"NearestThreshold({self.factor}: {self.value:.4g} -> "
                f"{self.threshold.value:.4g} ({self.direction}, {self.distance:.1%} of range): "
                f"{self.outcome_after!r})")


def nearest_thresholds(
    game: NormalFormGame,
    at: PointLike = None,
    *,
    factors: Iterable[str] | None = None,
    player: str | int | None = None,
    given: Mapping[str, str] | None = None,
    ranges: Ranges | None = None,
    limit: int | None = None,
) -> list[NearestThreshold]:
    """The factors nearest to changing the outcome at a point, nearest first.

    For each factor with a plausible range (registry or ``ranges``), the threshold
    within that range nearest to the factor's value at ``at``, measured as a share of
    the range. A threshold on the edge of the range counts only if the outcome at the
    edge itself differs (the outcome beyond it is out of reach). Where the point sits on a
    threshold (a tie: distance 0), each direction whose side differs from the outcome at
    the point and stays in the range is listed, with the outcome on that side. Factors with
    no such move are left out: within its plausible range, they cannot change the outcome
    alone. ``player`` and ``given`` choose the outcome as in :func:`thresholds` (default:
    the set of pure equilibria).

    >>> import sympy, triangle as tri
    >>> a, b = sympy.symbols("a b")
    >>> g = tri.NormalFormGame.from_bimatrix([[a, 0], [0, b]], [[1, 0], [0, 1]])
    >>> near = nearest_thresholds(g, {"a": 0.5, "b": 0.5}, ranges={"a": (-1, 1), "b": (0.1, 1)})
    >>> near
    [NearestThreshold(a: 0.5 -> 0 (down, 25.0% of range): 's2/s2')]
    """
    check_game(game, "nearest_thresholds")
    _question(game, player, given)  # refused now, even where no factor has a threshold
    limit = check_count(limit, "limit", minimum=0, none=True)
    symbols = game.factors
    if factors is None:
        names = list(symbols)
    else:
        names = [check_text(n, "each of factors") for n in check_sequence(factors, "factors")]
    check_factor_names(names, symbols, argument="factors")  # used or refused
    ranges = ranges_at(at, ranges)
    point = resolve_point(at, extra=symbols)
    out = []
    cache: dict = {}
    for name in names:
        box = registry_range(name, ranges)
        if box is None or box[1] <= box[0] or name not in point:
            continue
        ts = thresholds(game, name, player, given, at=at, within=box, ranges=ranges,
                        _cache=cache)
        value = float(point[name])
        width = box[1] - box[0]
        moves = _moves(ts, value, box)
        if not moves:
            continue
        nearest = min(m[0] for m in moves)
        for gap, t, after, move in moves:
            if gap == nearest:  # the nearest; at a tie, each direction that changes it
                out.append(NearestThreshold(name, value, t, gap / width, after, move,
                                            t.below, t.above, t.at))
    out.sort(key=lambda n: (n.distance, n.factor, n.direction))
    return out[:limit] if limit is not None else out


def _side(ts: Thresholds, value: float, up: bool) -> str:
    """The outcome just above (``up``) or just below ``value``, from the pieces."""
    for p in ts.pieces:
        if (p.low <= value < p.high) if up else (p.low < value <= p.high):
            return p.outcome
    return ts.current


def _moves(ts: Thresholds, value: float, box: tuple[float, float]
           ) -> list[tuple[float, Threshold, str, str]]:
    """Every move of one factor within its range that changes the outcome at the point:
    ``(distance, threshold, outcome after, "up" | "down")``."""
    lo, hi = box
    current = ts.current
    out = []
    tie = [t for t in ts if abs(t.value - value) <= 1e-12 * max(1.0, abs(value))]
    here = [v for v, _ in ts.isolated if abs(v - value) <= 1e-12 * max(1.0, abs(value))]
    if tie or here:  # on a switch point: each side that differs and stays in the range
        below, above = _side(ts, value, up=False), _side(ts, value, up=True)
        t = tie[0] if tie else Threshold(ts.factor, value, below, above, current, None,
                                         bool(lo <= value <= hi))
        for move, after, room in (("down", below, value > lo), ("up", above, value < hi)):
            if room and after != current:
                out.append((0.0, t, after, move))
    for t in ts:
        if t in tie or not lo <= t.value <= hi:
            continue
        up = t.value > value
        after = t.above if up else t.below
        if t.value == (hi if up else lo):  # on the edge: only the edge itself counts
            after = t.at
        if after != current:  # a threshold that changes nothing is not listed
            out.append((abs(t.value - value), t, after, "up" if up else "down"))
    return out
