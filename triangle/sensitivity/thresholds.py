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

import functools
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
    sorted_free_symbols,
    xreplace_terms,
)
from triangle.models.provenance import Provenance
from triangle.models.scenarios import PointLike
from triangle.registries import check_count, check_mapping, check_sequence, check_text
from triangle.sensitivity._exact_fn import ExactFn, fast_cells, rational_expr
from triangle.sensitivity._exact_fn import exact as _exact
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
        self.diffs: dict[tuple[int, tuple], dict[tuple[int, int], ExactFn]] = {}
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
        # Many differences are the same function (a player's payoffs often differ by the
        # same terms whatever the others play): each distinct one is signed once per
        # point. A function's sign reads its coefficients only (its expression when it is
        # not a rational function), and a constant's not even the point.
        self._slots: list[tuple[tuple[int, tuple], list[tuple[int, int, int]]]] = []
        self._fns: list[ExactFn] = []
        self._fixed: dict[int, int | None] = {}
        seen: dict[Any, int] = {}
        for key, pairs in self.diffs.items():
            slot = []
            for (s, t), fn in pairs.items():
                what = ((tuple(fn.num), tuple(fn.den)) if fn.num is not None
                        and fn.den is not None else ("expr", fn.expr))
                k = seen.get(what)
                if k is None:
                    k = seen[what] = len(self._fns)
                    self._fns.append(fn)
                    if (fn.num is not None and fn.den is not None and len(fn.num) == 1
                            and len(fn.den) == 1):
                        self._fixed[k] = fn.sign(x, Fraction(0))
                slot.append((s, t, k))
            self._slots.append((key, slot))

    def switch_points(self, bracket: tuple[float, float] | None) -> list[tuple[float, Any]]:
        found: dict[float, Any] = {}
        # each distinct function once, in the order of first appearance: a repeated one's
        # roots are already found (merging them again changes nothing)
        for fn in self._fns:
            for value, exact in fn.roots(self.x, bracket):
                _merge(found, value, exact)
        return sorted(found.items(), key=lambda item: item[0])

    def __call__(self, p: Any) -> str:
        g, q = self.q.game, self.q
        best: dict[tuple[int, tuple], set[int]] = {}
        signs = dict(self._fixed)
        fns, x = self._fns, self.x
        for (i, rest), slot in self._slots:
            beaten: set[int] = set()
            for s, t, k in slot:
                if k in signs:
                    sign = signs[k]
                else:
                    sign = signs[k] = fns[k].sign(x, p)
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
    fast = fast_cells(q.game, factor, point, held)
    for idx, raw in np.ndenumerate(q.game.payoffs):
        if fast[idx] is not None:
            cells[idx] = fast[idx]
            continue
        cells[idx] = _cell_fn(rational_expr(raw), x, held)
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



def _cell_fn(expr: sympy.Expr, x: sympy.Symbol, held: Mapping[sympy.Symbol, Any]) -> ExactFn:
    """``ExactFn.of(expr.xreplace(held), x)``, remembered (:func:`_held_cell_fn`) by the
    expression, the factor (``None`` for a payoff without it: a constant, whichever factor
    moves) and the values of the expression's other factors. The same cell at the same
    values is the same function: the two readings of China's punishment share most
    cells, and a point's nearest thresholds and the edges of its verdicts ask for the
    same factors over other windows. The substitution and the rational function take
    most of a threshold's time."""
    free = sorted_free_symbols(expr)
    return _held_cell_fn(expr, x if x in free else None,
                         tuple(held.get(s) for s in free if s != x))


@functools.lru_cache(maxsize=20_000)
def _held_cell_fn(expr: sympy.Expr, x: sympy.Symbol | None, values: tuple[Any, ...]) -> ExactFn:
    others = [s for s in sorted_free_symbols(expr) if s != x]
    rule = {s: v for s, v in zip(others, values) if v is not None}
    # a payoff without the factor is the same constant whichever factor moves: read
    # along a symbol it does not contain
    return ExactFn.of(xreplace_terms(expr, rule), x if x is not None else _NOWHERE)


#: The variable a payoff without the moving factor is read along (:func:`_held_cell_fn`).
_NOWHERE = sympy.Dummy("nowhere")


def _record(cache: dict, game: NormalFormGame, at: PointLike) -> Provenance:
    """The run's provenance, made once per point (nearest_thresholds shares the cache)."""
    if ("provenance", id(at)) not in cache:
        cache[("provenance", id(at))] = run_provenance(game, at, form="thresholds")
    return cache[("provenance", id(at))]



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
