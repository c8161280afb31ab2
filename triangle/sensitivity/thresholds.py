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

from ..errors import InvalidGameError, unknown_name
from ..game import NormalFormGame
from ._inputs import InvalidSampleError, Ranges, registry_range, resolve_point
from .outcomes import NO_PURE

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
    ``value`` and ``current``, the factor's value at the point and the outcome there.
    """

    def __init__(self, items: Iterable[Threshold], *, factor: str, outcome: str,
                 pieces: list[Piece], value: float, current: str) -> None:
        super().__init__(items)
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


# --------------------------------------------------------------------------- exact values
def _exact(value: float) -> sympy.Rational:
    return sympy.Rational(repr(float(value)))


class _Cell:
    """One payoff as a function of x: rational polynomial coefficients, or an expression."""

    __slots__ = ("coeffs", "expr")

    def __init__(self, expr: sympy.Expr, x: sympy.Symbol) -> None:
        self.expr = expr
        self.coeffs: list[Fraction] | None = None
        if x not in expr.free_symbols:
            if expr.is_Rational:
                self.coeffs = [Fraction(int(expr.p), int(expr.q))]
            return
        try:
            poly = sympy.Poly(expr, x, domain="QQ")
        except (sympy.PolynomialError, sympy.CoercionFailed, sympy.GeneratorsNeeded):
            return
        self.coeffs = [Fraction(int(c.p), int(c.q)) for c in reversed(poly.all_coeffs())]


def _sub(a: _Cell, b: _Cell, x: sympy.Symbol) -> tuple[list[Fraction] | None, sympy.Expr]:
    if a.coeffs is not None and b.coeffs is not None:
        n = max(len(a.coeffs), len(b.coeffs))
        ca = a.coeffs + [Fraction(0)] * (n - len(a.coeffs))
        cb = b.coeffs + [Fraction(0)] * (n - len(b.coeffs))
        diff = [p - q for p, q in zip(ca, cb)]
        while diff and diff[-1] == 0:
            diff.pop()
        return diff, sympy.Integer(0)
    return None, sympy.simplify(a.expr - b.expr)


def _roots(coeffs: list[Fraction] | None, expr: sympy.Expr, x: sympy.Symbol,
           bracket: tuple[float, float] | None) -> list[tuple[float, Any]]:
    """Real roots of a payoff difference, as (float, exact value or None)."""
    if coeffs is not None:
        if len(coeffs) <= 1:
            return []  # constant: never changes sign
        if len(coeffs) == 2:
            r = -coeffs[0] / coeffs[1]
            return [(float(r), r)]
        poly = sympy.Poly([sympy.Rational(c.numerator, c.denominator) for c in reversed(coeffs)],
                          x)
        out = []
        for r in sympy.real_roots(poly):
            exact = Fraction(int(r.p), int(r.q)) if r.is_Rational else r
            out.append((float(r.evalf(30)), exact))
        return out
    if expr == 0:
        return []
    try:
        sol = sympy.solveset(expr, x, domain=sympy.S.Reals)
    except (NotImplementedError, ValueError, TypeError):
        sol = None
    if isinstance(sol, sympy.FiniteSet):
        out = []
        for r in sol:
            exact = Fraction(int(r.p), int(r.q)) if r.is_Rational else r
            out.append((float(r.evalf(30)), exact))
        # poles of a rational function change signs too
        _, den = sympy.fraction(sympy.together(expr))
        if x in den.free_symbols:
            out += _roots(_Cell(den, x).coeffs, den, x, bracket)
        return out
    return _numeric_roots(expr, x, bracket)


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


def _value(cell: _Cell, x: sympy.Symbol, point: Any) -> Any:
    """Exact value of a cell at a point (Fraction), or a high-precision float (algebraic)."""
    if isinstance(point, Fraction):
        if cell.coeffs is not None:
            total = Fraction(0)
            for c in reversed(cell.coeffs):
                total = total * point + c
            return total
        v = cell.expr.xreplace({x: sympy.Rational(point.numerator, point.denominator)})
        if v.is_Rational:
            return Fraction(int(v.p), int(v.q))
    else:
        v = cell.expr.xreplace({x: point})
    v = v.evalf(50)
    return sympy.Float(v, 50) if v.is_finite and v.is_real else None  # None: a pole


# --------------------------------------------------------------------------- outcomes
@dataclass(frozen=True)
class _Question:
    """What is classified: the (restricted) game, the player projected on, the labels."""

    game: NormalFormGame  # restricted to the fixed strategies of `given`
    player: int | None
    fixed: frozenset[int]
    description: str


def _question(game: NormalFormGame, player: Any, given: Mapping[str, Any] | None) -> _Question:
    given = dict(given or {})
    fixed = frozenset(game.player_index(p) for p in given)
    i = None if player is None else game.player_index(player)
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


def _label(q: _Question, values: np.ndarray, tie: Any) -> str:
    """Outcome at one point from exact payoff values (object array, the game's shape)."""
    if any(v is None for v in values.flat):
        return UNDEFINED
    g = q.game
    mask = np.ones(g.shape, dtype=bool)
    for i in range(g.n_players):
        if i in q.fixed:
            continue
        ui = values[i]
        best = np.maximum.reduce(ui, axis=i, keepdims=True)
        gap = best - ui
        mask &= np.vectorize(lambda d: d <= tie, otypes=[bool])(gap)
    cells = np.argwhere(mask)
    if not len(cells):
        return NO_PURE
    if q.player is not None:
        played = sorted({int(c[q.player]) for c in cells})
        return " | ".join(g.strategies[q.player][j] for j in played)
    return " | ".join(
        "/".join(g.strategies[k][int(j)] for k, j in enumerate(c) if k not in q.fixed)
        for c in cells
    )


def _gap_pairs(g: NormalFormGame, fixed: frozenset[int]) -> Iterable[tuple[tuple, tuple]]:
    """Every pair of cells whose comparison can change the outcome."""
    for i in range(g.n_players):
        if i in fixed or g.shape[i] < 2:
            continue
        others = [range(m) if k != i else [None] for k, m in enumerate(g.shape)]
        for profile in itertools.product(*others):
            for s, t in itertools.combinations(range(g.shape[i]), 2):
                a = list(profile)
                b = list(profile)
                a[i], b[i] = s, t
                yield (i, *a), (i, *b)


# --------------------------------------------------------------------------- the search
def thresholds(
    game: NormalFormGame,
    factor: str,
    player: str | int | None = None,
    given: Mapping[str, str] | None = None,
    *,
    at: Any = None,
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
    symbols = game.factors
    if factor not in symbols:
        raise unknown_name("factor of the game", factor, symbols)
    x = symbols[factor]
    q = _question(game, player, given)
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
    held = {symbols[n]: _exact(point[n]) for n in symbols if n != factor}
    cells = np.empty(q.game.payoffs.shape, dtype=object)
    cache = {} if _cache is None else _cache  # cells without x: same value for every factor
    for idx, expr in np.ndenumerate(q.game.payoffs):
        if x in expr.free_symbols:
            cells[idx] = _Cell(_rational_expr(expr).xreplace(held), x)
            continue
        if expr not in cache:
            cache[expr] = _Cell(_rational_expr(expr).xreplace(
                {**held, x: _exact(point.get(factor, 0.0))}), x)
        cells[idx] = cache[expr]
    # 2. candidate switch points, over the whole real line (``within`` only filters)
    bracket = within if within is not None else box
    found: dict[float, Any] = {}
    for a, b in _gap_pairs(q.game, q.fixed):
        coeffs, expr = _sub(cells[a], cells[b], x)
        for value, exact in _roots(coeffs, expr, x, bracket):
            _merge(found, value, exact)
    roots = sorted(found.items())

    # 3. classify between and at the roots
    def classify(p: Any) -> str:
        values = np.empty(cells.shape, dtype=object)
        for idx, cell in np.ndenumerate(cells):
            values[idx] = _value(cell, x, p)
        tie = 0 if isinstance(p, Fraction) else _ALGEBRAIC_TIE
        return _label(q, values, tie)

    inside = [classify(p) for p in _probes([r for r, _ in roots])]
    result = []
    for k, (value, exact) in enumerate(roots):
        if inside[k] == inside[k + 1]:
            continue
        if within is not None and not within[0] <= value <= within[1]:
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
    value = point.get(factor, float("nan"))
    current = classify(Fraction(repr(float(value)))) if factor in point else ""
    return Thresholds(result, factor=factor, outcome=q.description, pieces=pieces,
                      value=value, current=current)


def _rational_expr(expr: Any) -> sympy.Expr:
    expr = sympy.sympify(expr)
    if expr.has(sympy.Float):
        expr = expr.xreplace({f: _exact(float(f)) for f in expr.atoms(sympy.Float)})
    return expr


def _merge(found: dict[float, Any], value: float, exact: Any) -> None:
    """Add a root unless an equal one is known (exactly, or within float noise)."""
    for v, e in found.items():
        same = (e == exact) if (e is not None and exact is not None and
                                isinstance(e, Fraction) and isinstance(exact, Fraction)) \
            else abs(v - value) <= 1e-12 * max(1.0, abs(v))
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
    """The threshold of one factor nearest to its value at the point.

    ``distance`` is ``|threshold - value|`` as a share of the factor's plausible range:
    0.1 means moving the factor by a tenth of its range changes the outcome.
    """

    factor: str
    value: float
    threshold: Threshold
    distance: float

    @property
    def direction(self) -> str:
        """``"up"`` if the factor must rise to reach the threshold, else ``"down"``."""
        return "up" if self.threshold.value > self.value else "down"

    @property
    def outcome_after(self) -> str:
        """The outcome just past the threshold."""
        return self.threshold.above if self.direction == "up" else self.threshold.below

    def __repr__(self) -> str:
        return (f"NearestThreshold({self.factor}: {self.value:.4g} -> "
                f"{self.threshold.value:.4g} ({self.direction}, {self.distance:.1%} of range): "
                f"{self.outcome_after!r})")


def nearest_thresholds(
    game: NormalFormGame,
    at: Any = None,
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
    the range. Factors with no threshold in range are left out: within its plausible
    range, they cannot change the outcome alone. ``player`` and ``given`` choose the
    outcome as in :func:`thresholds` (default: the set of pure equilibria).

    >>> import sympy, triangle as tri
    >>> a, b = sympy.symbols("a b")
    >>> g = tri.NormalFormGame.from_bimatrix([[a, 0], [0, b]], [[1, 0], [0, 1]])
    >>> near = nearest_thresholds(g, {"a": 0.5, "b": 0.5}, ranges={"a": (-1, 1), "b": (0.1, 1)})
    >>> near
    [NearestThreshold(a: 0.5 -> 0 (down, 25.0% of range): 's2/s2')]
    """
    symbols = game.factors
    names = list(symbols) if factors is None else list(factors)
    point = resolve_point(at, extra=symbols)
    out = []
    cache: dict = {}
    for name in names:
        box = registry_range(name, ranges)
        if box is None or box[1] <= box[0] or name not in point:
            continue
        ts = thresholds(game, name, player, given, at=at, within=box, ranges=ranges,
                        _cache=cache)
        if not ts:
            continue
        value = point[name]
        best = min(ts, key=lambda t: abs(t.value - value))
        out.append(NearestThreshold(name, value, best, abs(best.value - value) / (box[1] - box[0])))
    out.sort(key=lambda n: (n.distance, n.factor))
    return out[:limit] if limit is not None else out
