"""The smooth pieces of a game's payoffs along the factors a logit fit estimates.

A payoff with a piecewise part (``triangle.models.terms.step``: a sub-choice folded into
the payoffs) jumps where the part's condition turns. The likelihood of a logit fit then
jumps there too, and a gradient search stays on its starting side. :func:`smooth_pieces`
splits the fitted factors' space into pieces on which every payoff is one smooth
expression (each piecewise part replaced by the branch it takes there), so that
:func:`~triangle.solvers.logit_fit.logit_fit` can maximise on each piece and keep the best.

Two cases:

- every edge (``piecewise_edges``, the fixed factors substituted) depends on one fitted
  factor at most and is a polynomial in it (after clearing denominators): the edges are
  points on that factor's axis, the pieces are boxes, and each box is exact;
- otherwise an edge is a surface in several fitted factors: a piece is a choice of branch
  for every piecewise part that depends on a fitted factor, its box is the bounds of the
  fit, and a fit on it counts only if its optimum takes those branches (``in_piece``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import sympy

from triangle.games.symbolic import piecewise_edges

#: Most pieces a fit tries (boxes, or branch choices on surfaces); beyond, the fit refuses.
MAX_PIECES = 64


@dataclass(frozen=True)
class Piece:
    """One smooth piece of the payoffs along the fitted factors.

    Attributes
    ----------
    payoffs
        The game's payoffs (an object array) with every piecewise part that depends on a
        fitted factor replaced by its branch on this piece.
    low, high
        The box the fit on this piece is bounded to, per fitted factor (``-inf`` / ``inf``
        where open).
    switch_low, switch_high
        Per fitted factor, whether that end of the box is an edge where the payoffs switch
        (rather than an end of the factor's bounds).
    exact
        Whether the box is the piece itself (edges on the factors' axes); otherwise the
        piece is only the branch choice ``branches`` inside the box.
    parts, branches
        The piecewise parts that depend on a fitted factor and the branch each takes.
    description
        The piece in words, e.g. ``"0.2 <= x < 1"``.
    """

    payoffs: np.ndarray
    low: np.ndarray
    high: np.ndarray
    switch_low: tuple[bool, ...]
    switch_high: tuple[bool, ...]
    exact: bool
    parts: tuple[sympy.Piecewise, ...]
    branches: tuple[int, ...]
    description: str

    def start(self, theta0: np.ndarray) -> np.ndarray:
        """A start inside the piece's box: ``theta0`` where it is inside, else the nearest
        point a twentieth of the box's width inside it.

        >>> p = Piece(np.empty(0), np.array([0.0]), np.array([1.0]), (True,), (False,),
        ...           True, (), (), "0 < x <= 1")
        >>> p.start(np.array([-3.0])), p.start(np.array([0.5]))
        (array([0.05]), array([0.5]))
        """
        out = np.array(theta0, dtype=float)
        for k, (lo, hi) in enumerate(zip(self.low, self.high)):
            ends = [abs(e) for e in (lo, hi) if math.isfinite(e)]
            width = hi - lo if math.isfinite(hi - lo) else max([1.0, *ends])
            a = lo + width / 20 if math.isfinite(lo) else -math.inf
            b = hi - width / 20 if math.isfinite(hi) else math.inf
            if not lo < out[k] < hi:
                out[k] = min(max(out[k], a), b)
        return out


def _rational(v: float) -> sympy.Rational:
    return sympy.Rational(repr(float(v)))


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def branch_index(part: sympy.Piecewise, point: Mapping[sympy.Symbol, float]) -> int:
    """The branch of a piecewise part taken at a point (every symbol of it given).

    >>> x = sympy.Symbol("x")
    >>> p = sympy.Piecewise((1, x > 0), (0, True))
    >>> branch_index(p, {x: 0.5}), branch_index(p, {x: 0.0})
    (0, 1)
    """
    for k, (_, cond) in enumerate(part.args):
        value = sympy.sympify(cond).xreplace({s: sympy.Float(v) for s, v in point.items()})
        if value == sympy.true:
            return k
    raise ValueError(f"no branch of {part} holds at {point}")  # a Piecewise always ends True


def _replace(payoffs: np.ndarray, choice: Mapping[sympy.Piecewise, int]) -> np.ndarray:
    out = np.empty(payoffs.shape, dtype=object)
    subs = {p: p.args[k].expr for p, k in choice.items()}
    for idx, e in np.ndenumerate(payoffs):
        out[idx] = sympy.sympify(e).xreplace(subs) if subs else e
    return out


def smooth_pieces(
    payoffs: np.ndarray,
    symbols: Mapping[str, sympy.Symbol],
    fitted: Sequence[str],
    values: Mapping[str, float],
    low: np.ndarray,
    high: np.ndarray,
) -> list[Piece]:
    """The smooth pieces of ``payoffs`` along the ``fitted`` factors, the others at ``values``.

    Returns an empty list when no piecewise part depends on a fitted factor (the payoffs
    are smooth in them). ``low`` and ``high`` bound the fitted factors (``-inf`` / ``inf``
    where unbounded).

    >>> x, y = sympy.symbols("x y")
    >>> u = np.array([[x * sympy.Piecewise((1, x - 2 * y > 0), (0, True))]], dtype=object)
    >>> [p.description for p in smooth_pieces(u, {"x": x, "y": y}, ["x"], {"y": 0.5},
    ...                                       np.array([0.0]), np.array([3.0]))]
    ['0 <= x <= 1', '1 <= x <= 3']
    >>> pieces = smooth_pieces(u, {"x": x, "y": y}, ["x", "y"], {}, np.full(2, -np.inf),
    ...                        np.full(2, np.inf))
    >>> [(p.exact, p.description) for p in pieces]
    [(False, 'x - 2*y > 0'), (False, 'not (x - 2*y > 0)')]
    """
    fitted_syms = [symbols[f] for f in fitted]
    fixed = {symbols[k]: _rational(v) for k, v in values.items()
             if k in symbols and k not in fitted}
    parts: set[sympy.Piecewise] = set()
    for e in payoffs.flat:
        parts |= sympy.sympify(e).atoms(sympy.Piecewise)
    # the parts whose conditions move with a fitted factor, outermost first
    moving = []
    for p in sorted(parts, key=sympy.default_sort_key):
        conds = [sympy.sympify(c).xreplace(fixed) for _, c in p.args]
        if any(c.free_symbols & set(fitted_syms) for c in conds):
            moving.append(p)
    if not moving:
        return []
    cuts: list[list[float]] = [[] for _ in fitted]
    on_axes = True
    for p in moving:
        if not all(isinstance(c, sympy.core.relational.Relational) or c == sympy.true
                   for _, c in p.args):
            on_axes = False
            break
        for edge in piecewise_edges(p):
            edge = sympy.together(edge.xreplace(fixed))
            free = edge.free_symbols & set(fitted_syms)
            if not free:  # a nested part's edge that no fitted factor moves
                continue
            if len(free) != 1 or edge.free_symbols - free:
                on_axes = False
                break
            (sym,) = free
            num = sympy.fraction(edge)[0]
            if not num.is_polynomial(sym):
                on_axes = False
                break
            k = fitted_syms.index(sym)
            cuts[k] += [float(r) for r in sympy.Poly(num, sym).real_roots()]
        if not on_axes:
            break
    if on_axes:
        return _boxes(payoffs, moving, fitted, fitted_syms, fixed, cuts, low, high)
    return _branch_choices(payoffs, moving, fitted, fixed, low, high)


def _check_pieces(count: int, what: str, advice: str) -> None:
    """Refuse more than :data:`MAX_PIECES` fits (each traces the logit branch)."""
    if count > MAX_PIECES:
        raise ValueError(f"the payoffs have {count} {what} along the fitted factors (more "
                         f"than {MAX_PIECES}); {advice}.")


def _boxes(
    payoffs: np.ndarray,
    moving: list[sympy.Piecewise],
    fitted: Sequence[str],
    fitted_syms: list[sympy.Symbol],
    fixed: Mapping[sympy.Symbol, sympy.Rational],
    cuts: list[list[float]],
    low: np.ndarray,
    high: np.ndarray,
) -> list[Piece]:
    axes = []
    for k in range(len(fitted)):
        inner = sorted({c for c in cuts[k] if low[k] < c < high[k]})
        ends = [float(low[k]), *inner, float(high[k])]
        axes.append([(ends[j], ends[j + 1], j > 0, j < len(ends) - 2)
                     for j in range(len(ends) - 1)])
    boxes = list(itertools.product(*axes))
    _check_pieces(len(boxes), "smooth pieces", "fit fewer factors or bound them more narrowly")
    out = []
    for box in boxes:
        mid = {}
        for sym, (lo, hi, _, _) in zip(fitted_syms, box):
            if math.isfinite(lo) and math.isfinite(hi):
                mid[sym] = (lo + hi) / 2
            elif math.isfinite(lo):
                mid[sym] = lo + max(1.0, abs(lo))
            elif math.isfinite(hi):
                mid[sym] = hi - max(1.0, abs(hi))
            else:
                mid[sym] = 0.0
        point = {**{s: float(v) for s, v in fixed.items()}, **mid}
        choice = {p: branch_index(p, point) for p in moving}
        words = []
        for name, (lo, hi, _, _) in zip(fitted, box):
            left = f"{_fmt(lo)} <= " if math.isfinite(lo) else ""
            right = f" <= {_fmt(hi)}" if math.isfinite(hi) else ""
            if left or right:
                words.append(f"{left}{name}{right}")
        out.append(Piece(
            payoffs=_replace(payoffs, choice),
            low=np.array([b[0] for b in box]),
            high=np.array([b[1] for b in box]),
            switch_low=tuple(b[2] for b in box),
            switch_high=tuple(b[3] for b in box),
            exact=True,
            parts=tuple(moving),
            branches=tuple(choice[p] for p in moving),
            description=", ".join(words) or "everywhere",
        ))
    return out


def _branch_choices(
    payoffs: np.ndarray,
    moving: list[sympy.Piecewise],
    fitted: Sequence[str],
    fixed: Mapping[sympy.Symbol, sympy.Rational],
    low: np.ndarray,
    high: np.ndarray,
) -> list[Piece]:
    combos = list(itertools.product(*(range(len(p.args)) for p in moving)))
    _check_pieces(len(combos), "combinations of branches", "fit fewer factors")
    out = []
    for combo in combos:
        words = []
        for p, k in zip(moving, combo):
            cond = sympy.sympify(p.args[k].cond).xreplace(fixed)
            if cond == sympy.true:  # the last branch: none of the earlier conditions
                earlier = [sympy.sympify(c).xreplace(fixed) for _, c in p.args[:k]]
                words.append(" and ".join(f"not ({c})" for c in earlier))
            else:
                words.append(str(cond))
        out.append(Piece(
            payoffs=_replace(payoffs, dict(zip(moving, combo))),
            low=np.asarray(low, dtype=float),
            high=np.asarray(high, dtype=float),
            switch_low=(False,) * len(fitted),
            switch_high=(False,) * len(fitted),
            exact=False,
            parts=tuple(moving),
            branches=tuple(combo),
            description="; ".join(words),
        ))
    return out


def in_piece(piece: Piece, point: Mapping[sympy.Symbol, float]) -> bool:
    """Whether the payoffs' piecewise parts take ``piece``'s branches at ``point`` (every
    symbol of the parts given).

    >>> x = sympy.Symbol("x")
    >>> u = np.array([sympy.Piecewise((x, x > 1), (0, True))], dtype=object)
    >>> [p] = smooth_pieces(u, {"x": x}, ["x"], {}, np.array([0.0]), np.array([0.5]))
    >>> in_piece(p, {x: 0.2}), in_piece(p, {x: 2.0})
    (True, False)
    """
    return all(branch_index(p, point) == k for p, k in zip(piece.parts, piece.branches))
