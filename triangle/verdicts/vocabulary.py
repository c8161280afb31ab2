"""The vocabulary the claims' checks are written in, evaluated at K samples at once.

A check (see :mod:`triangle.verdicts.checks`) returns a :class:`Verdict`: the conjunction
of labelled :class:`Part` s, each a boolean array of shape ``(K,)`` over the samples of a
:class:`~triangle.verdicts.context.ClaimContext`. The claim holds at sample k when every
part does, and the labels give the one-line reason of
:meth:`triangle.verdicts.claims.Claim.check`. The functions below build the parts.

The precise meaning every statement in ``claims.toml`` relies on:

- *best reply*: a strategy whose payoff is within ``TOL`` of the best, the others' pure
  strategies fixed; a *strict* best reply beats every alternative by more than ``TOL``.
- *Russia's responses to a US move* ``a``: the Russian strategies played in some pure
  equilibrium of the Russia-China game that ``a`` leaves (both choose knowing ``a``).
  When that game has no pure equilibrium, every Russian best reply to some Chinese move
  counts instead, so that "Russia does not pivot" is never credited for lack of an
  equilibrium. China's responses are defined the same way.
- *dominance*: ``s`` strictly dominates ``t`` when it pays more than ``t`` (by more than
  ``TOL``) against every profile of the others' pure strategies (optionally restricted).
- *rises with f* (a payoff or payoff gap, at a list of profiles): its derivative in the
  factor ``f`` (symbolic, compiled once) is ``>= 0`` at every listed profile and ``> 0``
  at one at least, so a factor the model leaves out fails; *falls* likewise.
- *the outcomes of a US move* ``a``: the cells ``(a, r, c)`` with ``(r, c)`` an
  equilibrium of the game ``a`` leaves (on a sequential form, the subgame-perfect paths
  after ``a``). *``a`` pays P more than ``b`` on the path* (:func:`pays_more_on_path`):
  P's payoff at every outcome of ``a`` exceeds P's payoff at every outcome of ``b`` (a move
  without an outcome makes the comparison fail).

>>> import numpy as np, sympy
>>> import triangle as tri
>>> from triangle.verdicts.context import ClaimContext
>>> x = sympy.Symbol("x")
>>> u = np.zeros((3, 3, 3, 3), dtype=object)
>>> u[1, :, 1, :] = x          # Russia's hedge pays x, pivot and stay pay 0
>>> game = tri.NormalFormGame(u, players=("US", "Russia", "China"),
...     strategies=(("engage", "condition", "pressure"), ("pivot", "hedge", "stay"),
...                 ("reward", "hold", "punish")))
>>> ctx = ClaimContext({"x": np.array([-1.0, 2.0])}, game=game)
>>> dominates(ctx, "Russia", "hedge", "pivot").mask
array([False,  True])
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
import sympy

from triangle.errors import ClaimCheckError
from triangle.models.simultaneous import PLAYERS
from triangle.models.terms import parse_expression
from triangle.verdicts.context import TOL, ClaimContext

__all__ = [
    "ENGAGEMENT",
    "Part",
    "Verdict",
    "avoids",
    "best_reply",
    "compare",
    "dominates",
    "equilibria_facts",
    "in_every_equilibrium",
    "outcome_values",
    "pays_more_on_path",
    "quantity",
    "responds",
    "slope",
]

#: The US moves that court Russia (unconditional and conditional engagement).
ENGAGEMENT = ("engage", "condition")


# --------------------------------------------------------------------- verdicts
class Part(NamedTuple):
    """One condition of a claim, evaluated at K samples.

    ``label`` states the condition; ``mask`` is true where it holds; ``margin`` (optional)
    is a signed size, positive where it holds (a payoff gap or a slope); ``facts`` (optional)
    describes sample k in words, for the one-line detail of a single-point check;
    ``tie_sensitive`` is false for parts where a zero margin is a robust fact (a slope
    that "does not rise" because a factor enters two payoffs alike), not a payoff tie.

    >>> Part("gap > 0", np.array([True, False]), np.array([0.5, -0.25])).describe(1)
    'gap > 0 (margin -0.25)'
    """

    label: str
    mask: np.ndarray
    margin: np.ndarray | None = None
    facts: Callable[[int], str] | None = None
    tie_sensitive: bool = True

    def describe(self, k: int = 0) -> str:
        """The label, with the margin and facts at sample ``k`` when known."""
        extra = []
        if self.margin is not None:
            extra.append(f"margin {float(self.margin[k]) + 0.0:+.4g}")  # no "-0"
        if self.facts is not None:
            extra.append(self.facts(k))
        return f"{self.label} ({'; '.join(extra)})" if extra else self.label


class Verdict:
    """A claim's check at K samples: the conjunction of its parts.

    >>> v = Verdict(Part("x > 0", np.array([True, False])), Part("y > 0", np.array([True, True])))
    >>> v.mask
    array([ True, False])
    >>> v.detail(1)
    'fails: x > 0'
    """

    __slots__ = ("parts",)

    def __init__(self, *parts: Part) -> None:
        if not parts:
            raise ClaimCheckError("a verdict needs at least one part.")
        self.parts = tuple(parts)

    @property
    def mask(self) -> np.ndarray:
        """True at the samples where every part holds, shape ``(K,)``."""
        out = self.parts[0].mask.copy()
        for p in self.parts[1:]:
            out &= p.mask
        return out

    def knife_edge(self, k: int = 0, tol: float = 1e-9) -> bool:
        """True when the claim holds at sample ``k`` only because of an exact tie.

        Ties count as best replies (as in the solvers), so a claim can hold with a
        margin of zero; such a verdict flips with any move of the factors, and reports
        say so rather than presenting it as support.

        >>> Verdict(Part("gap >= 0", np.array([True]), np.array([0.0]))).knife_edge()
        True
        """
        return bool(self.mask[k]) and any(
            p.tie_sensitive and p.margin is not None and abs(float(p.margin[k])) <= tol
            for p in self.parts
        )

    def detail(self, k: int = 0) -> str:
        """Why the claim holds or fails at sample ``k``, in one line."""
        failed = [p for p in self.parts if not p.mask[k]]
        if failed:
            return "fails: " + "; ".join(p.describe(k) for p in failed)
        return "holds: " + "; ".join(p.describe(k) for p in self.parts)


# --------------------------------------------------------------------- vocabulary
def _moves(
    ctx: ClaimContext, player: str, moves: str | Iterable[str] | None
) -> tuple[str, ...]:
    """A player's moves named by one name, several, or ``None`` (all of them)."""
    if moves is None:
        return ctx.game.strategies[PLAYERS.index(player)]
    return (moves,) if isinstance(moves, str) else tuple(moves)


def _joined(moves: str | Iterable[str]) -> str:
    return moves if isinstance(moves, str) else "/".join(moves)


def _names(mask_row: np.ndarray, names: Sequence[str]) -> str:
    picked = [n for n, m in zip(names, mask_row) if m]
    return ", ".join(picked) if picked else "none"


def _response_facts(ctx: ClaimContext, player: str, moves: Sequence[str]) -> Callable[[int], str]:
    names = ctx.game.strategies[PLAYERS.index(player)]

    def facts(k: int) -> str:
        return "; ".join(
            f"after {a}: {_names(ctx.response_rows(player, a)[:, k], names)}" for a in moves
        )

    return facts


def avoids(
    ctx: ClaimContext, strategy: str, us: str | Iterable[str] | None = None, *,
    player: str = "Russia",
) -> Part:
    """``strategy`` is not among ``player``'s (Russia's or China's) responses to each US move.

    ``us`` is one US move, several, or ``None`` for all three.

    >>> import triangle as tri
    >>> ctx = ClaimContext(tri.scenarios["baseline"].values)
    >>> print(avoids(ctx, "pivot").describe())
    Russia does not pivot after engage/condition/pressure (after engage: hedge; \
after condition: hedge; after pressure: stay)
    """
    moves = _moves(ctx, "US", us)
    j = ctx.index(player, strategy)
    mask = np.ones(ctx.k, dtype=bool)
    for a in moves:
        mask &= ~ctx.response_rows(player, a)[j]
    label = f"{player} does not {strategy} after {'/'.join(moves)}"
    return Part(label, mask, None, _response_facts(ctx, player, moves))


def responds(
    ctx: ClaimContext, strategy: str, us: str | Iterable[str] | None = None, *,
    player: str = "Russia", only: bool = False,
) -> Part:
    """``strategy`` is among (``only``: is all of) ``player``'s responses to each US move.

    >>> import triangle as tri
    >>> ctx = ClaimContext(tri.scenarios["baseline"].values)
    >>> responds(ctx, "hedge", "engage", only=True).mask
    array([ True])
    """
    moves = _moves(ctx, "US", us)
    j = ctx.index(player, strategy)
    mask = np.ones(ctx.k, dtype=bool)
    for a in moves:
        r = ctx.response_rows(player, a)
        mask &= r[j]
        if only:
            mask &= r.sum(axis=0) == 1
    word = "only " if only else ""
    label = f"{player}'s {word}response to {'/'.join(moves)} is {strategy}"
    return Part(label, mask, None, _response_facts(ctx, player, moves))


def best_reply(
    ctx: ClaimContext, player: str, strategy: str, *, strict: bool = False, negate: bool = False,
    **given: str | Iterable[str] | None,
) -> Part:
    """``strategy`` is (``negate``: is not) a best reply of ``player`` to every listed profile.

    ``given`` maps the other players (lower-case keywords ``us``, ``russia``, ``china``) to a
    move, a list of moves (the condition must hold for each) or ``None`` (every move).
    The margin is the payoff of ``strategy`` minus the best alternative (its negative with
    ``negate``), at the least favourable listed profile.

    >>> import triangle as tri
    >>> ctx = ClaimContext(tri.scenarios["baseline"].values)
    >>> print(best_reply(ctx, "China", "punish", russia="pivot").describe())  # doctest: +ELLIPSIS
    punish is a best reply of China to US engage/condition/pressure, Russia pivot (margin ...)
    """
    others = [q for q in PLAYERS if q != player]
    lists = [_moves(ctx, q, given.get(q.lower())) for q in others]
    margin = None  # the minimum over the profiles (no +inf start: the same numbers)
    for combo in itertools.product(*lists):
        m = ctx.reply_margin(player, strategy, **{q.lower(): s for q, s in zip(others, combo)})
        m = -m if negate else m  # "not a best reply": -m > TOL
        margin = m if margin is None else np.minimum(margin, m)
    if margin is None:
        margin = np.full(ctx.k, np.inf)
    mask = margin > TOL if (negate or strict) else margin >= -TOL
    what = "the strict best reply" if strict else "a best reply"
    verb = "is not" if negate else "is"
    where = ", ".join(f"{q} {'/'.join(v)}" for q, v in zip(others, lists))
    return Part(f"{strategy} {verb} {what} of {player} to {where}", mask, margin)


def _value(ctx: ClaimContext, player: str, profile: Mapping[str, Any]) -> np.ndarray:
    """``player``'s payoff at a profile given by names; a tuple of moves means the best."""
    lists = [_moves(ctx, q, profile[q.lower()]) for q in PLAYERS]
    best = None  # the maximum over the profiles (no -inf start: the same numbers)
    for combo in itertools.product(*lists):
        pay = ctx.payoff(player, *combo)
        best = pay if best is None else np.maximum(best, pay)
    return np.full(ctx.k, -np.inf) if best is None else best


def _over(
    ctx: ClaimContext, fixed: Iterable[str], over: Mapping[str, Any]
) -> Iterable[dict[str, str]]:
    """Every profile of the players not in ``fixed`` that ``over`` ranges over."""
    fixed = set(fixed)
    free = [q for q in PLAYERS if q.lower() not in fixed]
    lists = [_moves(ctx, q, over.get(q.lower())) for q in free]
    for combo in itertools.product(*lists):
        yield {q.lower(): s for q, s in zip(free, combo)}


def _where(over: Mapping[str, Any]) -> str:
    parts = [f"{q} {_joined(over[q.lower()])}" for q in PLAYERS if over.get(q.lower()) is not None]
    return " (" + ", ".join(parts) + ")" if parts else ""


def compare(
    ctx: ClaimContext, player: str, better: Mapping[str, Any], worse: Mapping[str, Any], *,
    label: str, strict: bool = True, **over: str | Iterable[str] | None,
) -> Part:
    """``player`` gets more at ``better`` than at ``worse``, at every profile ``over`` lists.

    ``better`` and ``worse`` fix the same players' moves (lower-case keys ``us``, ``russia``,
    ``china``; a tuple of moves means the best of them for ``player``); the players they
    leave free range over ``over`` (a move, a list, or ``None`` for all moves) and the
    comparison must hold at each. ``strict=False`` asks ``>=`` (up to ``TOL``).

    >>> import triangle as tri
    >>> ctx = ClaimContext(tri.scenarios["baseline"].values)
    >>> part = compare(ctx, "Russia", {"us": "engage", "russia": "hedge"},
    ...                {"us": "pressure", "russia": "stay"}, label="courting pays Russia")
    >>> bool(part.mask[0]) == bool(part.margin[0] > 0)
    True
    """
    if set(better) != set(worse):
        raise ClaimCheckError(
            f"compare: better and worse must fix the same players; got {sorted(better)} and "
            f"{sorted(worse)}."
        )
    margin = None  # the minimum over the profiles (no +inf start: the same numbers)
    for free in _over(ctx, better, over):
        gap = _value(ctx, player, {**free, **better}) - _value(ctx, player, {**free, **worse})
        margin = gap if margin is None else np.minimum(margin, gap)
    if margin is None:
        margin = np.full(ctx.k, np.inf)
    mask = margin > TOL if strict else margin >= -TOL
    return Part(label, mask, margin)


def dominates(
    ctx: ClaimContext, player: str, s: str, t: str, *, strict: bool = True,
    **over: str | Iterable[str] | None,
) -> Part:
    """``s`` pays ``player`` more than ``t`` against every listed profile of the others.

    ``over`` restricts the others' moves (as in :func:`best_reply`); ``strict=False`` asks
    only ``>=`` (up to ``TOL``) everywhere.

    >>> import triangle as tri
    >>> ctx = ClaimContext(tri.scenarios["baseline"].values)
    >>> print(dominates(ctx, "US", "condition", "engage").describe())  # doctest: +ELLIPSIS
    for US, condition strictly dominates engage (margin ...)
    """
    word = "strictly" if strict else "weakly"
    key = player.lower()
    return compare(
        ctx, player, {key: s}, {key: t}, strict=strict,
        label=f"for {player}, {s} {word} dominates {t}{_where(over)}", **over,
    )


def slope(
    ctx: ClaimContext, factor: str, sign: int, player: str, s: str, t: str | None = None, *,
    weak: bool = False, label: str | None = None, **over: str | Iterable[str] | None,
) -> Part:
    """How ``player``'s gain from ``s`` over ``t`` moves with ``factor``, at the samples.

    The gain is ``u_player(s, others) - u_player(t, others)`` (just ``u_player(s, others)``
    when ``t`` is None), at every profile of the others that ``over`` lists, and ``d`` its
    derivative in ``factor``. ``sign=+1`` ("rises"): ``d >= 0`` at every listed profile and
    ``d > 0`` at one at least (so a factor the model leaves out of the gain fails);
    ``sign=-1`` ("falls") likewise with ``-d``; ``weak=True`` drops the "at one at least"
    ("does not fall" / "does not rise"). ``sign=0``: ``d = 0`` everywhere. Ties are ``TOL``.
    The margin is the most adverse ``sign * d`` when that is negative, else the largest.

    >>> import triangle as tri
    >>> ctx = ClaimContext(tri.scenarios["baseline"].values)
    >>> part = slope(ctx, "us_policy_reversal_risk", -1, "Russia", "pivot", "stay", us="engage")
    >>> print(part.describe())  # doctest: +ELLIPSIS
    Russia's gain from pivot over stay falls with us_policy_reversal_risk (US engage) (margin ...)
    """
    rows = ctx.grad_rows(factor)
    key = player.lower()

    def at(profile: Mapping[str, str]) -> Any:
        return rows.get(ctx.flat(player, profile["us"], profile["russia"], profile["china"]), 0.0)

    worst = np.full(ctx.k, np.inf)
    best = np.full(ctx.k, -np.inf)
    for free in _over(ctx, {key}, over):
        d = at({**free, key: s})
        if t is not None:
            d = d - at({**free, key: t})
        signed = -np.abs(d) if sign == 0 else sign * d
        worst, best = np.minimum(worst, signed), np.maximum(best, signed)
    if sign == 0:
        mask = worst >= -TOL
        margin = worst
    else:
        mask = worst >= -TOL if weak else (worst >= -TOL) & (best > TOL)
        margin = np.where(worst < -TOL, worst, best)
    if label is None:
        what = f"{player}'s gain from {s} over {t}" if t else f"{player}'s payoff from {s}"
        verb = {1: "does not fall" if weak else "rises",
                -1: "does not rise" if weak else "falls", 0: "does not change"}[sign]
        label = f"{what} {verb} with {factor}{_where(over)}"
    return Part(label, mask, margin, tie_sensitive=False)


def in_every_equilibrium(ctx: ClaimContext, label: str, **profile: str | Iterable[str]) -> Part:
    """The full game has a pure equilibrium, and each one has the listed moves.

    >>> import triangle as tri
    >>> ctx = ClaimContext(tri.scenarios["baseline"].values)
    >>> print(in_every_equilibrium(ctx, "Russia never pivots", russia=("hedge", "stay"))
    ...       .describe())
    Russia never pivots (equilibria (condition, hedge, hold), (pressure, stay, hold))
    """
    eq = ctx.equilibria_cells  # (a, r, c, K)
    allowed = np.ones((3, 3, 3, 1), dtype=bool)
    for i, q in enumerate(PLAYERS):
        want = profile.get(q.lower())
        if want is None:
            continue
        keep = np.zeros(3, dtype=bool)
        keep[[ctx.index(q, s) for s in _moves(ctx, q, want)]] = True
        shape = [1, 1, 1, 1]
        shape[i] = 3
        allowed &= keep.reshape(shape)
    exists = np.any(eq, axis=(0, 1, 2))
    mask = exists & ~np.any(eq & ~allowed, axis=(0, 1, 2))
    return Part(label, mask, None, equilibria_facts(ctx))


def equilibria_facts(ctx: ClaimContext) -> Callable[[int], str]:
    """A function of ``k`` that names the pure equilibria at sample k (for a part's facts).

    >>> import triangle as tri
    >>> ctx = ClaimContext(tri.scenarios["baseline"].values)
    >>> equilibria_facts(ctx)(0)
    'equilibria (condition, hedge, hold), (pressure, stay, hold)'
    """

    def facts(k: int) -> str:
        cells = np.argwhere(ctx.equilibria_cells[..., k])
        if not len(cells):
            return "no pure equilibrium"
        s = ctx.game.strategies
        return "equilibria " + ", ".join(
            "(" + ", ".join(s[i][j] for i, j in enumerate(c)) + ")" for c in cells
        )

    return facts


# --------------------------------------------------------------------- outcomes and policies
def outcome_values(ctx: ClaimContext, player: str, us: str) -> tuple[np.ndarray, ...]:
    """``player``'s lowest and highest payoff over the outcomes of US move ``us``, and
    whether it has one: three ``(K,)`` arrays (module docs; no outcome: ``+inf, -inf``).

    >>> import triangle as tri
    >>> ctx = ClaimContext(tri.scenarios["baseline"].values)
    >>> lo, hi, some = outcome_values(ctx, "US", "pressure")
    >>> bool(some[0]), bool(lo[0] == hi[0])
    (True, True)
    """
    key = ("outcome_values", player, us)
    memo = ctx._memo  # shared per context, as the context's own results are
    if key not in memo:
        eq = np.moveaxis(np.asarray(ctx.subgame_equilibria(us), dtype=bool), 0, -1)  # (r, c, K)
        pay = np.asarray(ctx.payoff(player, us, None, None), dtype=float)  # (r, c, K)
        lo = np.where(eq, pay, np.inf).min(axis=(0, 1))
        hi = np.where(eq, pay, -np.inf).max(axis=(0, 1))
        memo[key] = (lo, hi, eq.any(axis=(0, 1)))
    return memo[key]


def pays_more_on_path(
    ctx: ClaimContext, player: str, better: str, worse: str | Iterable[str], *,
    label: str | None = None,
) -> Part:
    """US move ``better`` pays ``player`` more on the path than each of the moves ``worse``.

    Every outcome of ``better`` must pay ``player`` more (by more than ``TOL``) than every
    outcome of each ``worse`` move; a move without an outcome (a follower game with no pure
    equilibrium, on the simultaneous form) makes it fail. The margin is the smallest gap.

    >>> import triangle as tri
    >>> ctx = ClaimContext(tri.scenarios["baseline"].values)
    >>> part = pays_more_on_path(ctx, "US", "condition", "engage")
    >>> bool(part.mask[0]) == bool(part.margin[0] > 0)
    True
    """
    worse = (worse,) if isinstance(worse, str) else tuple(worse)
    lo, _, some = outcome_values(ctx, player, better)
    margin = np.full(ctx.k, np.inf)
    exists = np.asarray(some, dtype=bool).copy()
    for b in worse:
        _, hi, other = outcome_values(ctx, player, b)
        margin = np.minimum(margin, lo - hi)
        exists &= other
    margin = np.where(exists, margin, -np.inf)
    if label is None:
        label = f"{better} pays {player} more on the path than {'/'.join(worse)}"

    def facts(k: int) -> str:
        out = []
        for a in (better, *worse):
            lo_a, hi_a, some_a = outcome_values(ctx, player, a)
            if not some_a[k]:
                out.append(f"{a}: no outcome")
            elif lo_a[k] == hi_a[k]:
                out.append(f"{a}: {float(lo_a[k]):.4g}")
            else:
                out.append(f"{a}: {float(lo_a[k]):.4g} to {float(hi_a[k]):.4g}")
        return f"{player}'s payoff " + "; ".join(out)

    return Part(label, exists & (margin > TOL), margin, facts)


def quantity(ctx: ClaimContext, expression: str) -> Any:
    """A quantity written in factor ids and the shorthands of ``terms.toml``, at the samples.

    For claims about magnitudes the model assumes (what the US can offer against what
    China gives), not about payoffs. A context whose payoffs are expressions (the proofs
    of :mod:`triangle.verdicts.proofs`) gets the expression itself.

    >>> import triangle as tri
    >>> ctx = ClaimContext(tri.scenarios["baseline"].values)
    >>> quantity(ctx, "china_lifeline")
    array([4.])
    """
    expr = parse_expression(expression)
    symbolic = getattr(ctx, "expression_values", None)
    if symbolic is not None:
        return symbolic(expr)
    names, fn = _lambdified(expression)
    return np.broadcast_to(np.asarray(fn(*[ctx.values[n] for n in names]), dtype=float),
                           (ctx.k,)).copy()


_LAMBDAS: dict[str, tuple[list[str], Callable[..., Any]]] = {}


def _lambdified(expression: str) -> tuple[list[str], Callable[..., Any]]:
    if expression not in _LAMBDAS:
        expr = parse_expression(expression)
        symbols = sorted(expr.free_symbols, key=lambda x: x.name)
        _LAMBDAS[expression] = ([x.name for x in symbols],
                                sympy.lambdify(symbols, expr, modules="numpy"))
    return _LAMBDAS[expression]
