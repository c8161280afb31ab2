"""Vectorised checks of the articles' claims, over K samples of factor values at once.

Every claim in :data:`triangle.claims` has one check here, registered under the claim's
id with :func:`check`. A check is a function ``ClaimContext -> Verdict``: the context
holds the numeric payoffs of the simultaneous model at K samples of the factors (shape
``(K, 3, 3, 3, 3)``: player, then the US, Russian and Chinese strategies), and computes
lazily what several claims share (pure equilibria, the equilibria of the Russia-China
subgame after each US move, symbolic derivatives compiled once per process). A
:class:`Verdict` is the conjunction of labelled :class:`Part` s, each a boolean array of
shape ``(K,)``: the claim holds at sample k when every part does, and the labels give the
one-line reason of :meth:`triangle.claim_registry.Claim.check`.

Vocabulary (the precise meaning every statement in ``claims.toml`` relies on):

- *best reply*: a strategy whose payoff is within ``TOL`` of the best, the others' pure
  strategies fixed; a *strict* best reply beats every alternative by more than ``TOL``.
- *Russia's responses to a US move* ``a``: the Russian strategies played in some pure
  equilibrium of the Russia-China game that ``a`` leaves (both choose knowing ``a``).
  When that game has no pure equilibrium, every Russian best reply to some Chinese move
  counts instead, so that "Russia does not pivot" is never credited for lack of an
  equilibrium. China's responses are defined the same way.
- *dominance*: ``s`` strictly dominates ``t`` when it pays more than ``t`` (by more than
  ``TOL``) against every profile of the others' pure strategies (optionally restricted).
- *slope*: the derivative, with respect to one factor, of a payoff or of a payoff gap,
  evaluated at the sample (symbolic derivative, compiled once).

>>> import numpy as np, sympy
>>> import triangle as tri
>>> from triangle.claim_checks import ClaimContext, dominates
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

import functools
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
import sympy

from .errors import InvalidGameError, TriangleError, unknown_name
from .game import NormalFormGame
from .solvers.pure import pure_equilibria_batch

__all__ = [
    "CHECKS",
    "ENGAGEMENT",
    "TOL",
    "ClaimContext",
    "Part",
    "Verdict",
    "avoids",
    "best_reply",
    "check",
    "dominates",
    "in_every_equilibrium",
    "payoff_above",
    "responds",
    "slope",
]

#: Payoff differences within ``TOL`` count as ties (the solvers' default tolerance).
TOL = 1e-9

#: The players of the simultaneous model, in payoff-axis order.
PLAYERS = ("US", "Russia", "China")

#: The US moves that court Russia (unconditional and conditional engagement).
ENGAGEMENT = ("engage", "condition")


class ClaimCheckError(TriangleError, ValueError):
    """Factor samples or a game that a claim check cannot use."""


# --------------------------------------------------------------------- verdicts
class Part(NamedTuple):
    """One condition of a claim, evaluated at K samples.

    ``label`` states the condition; ``mask`` is true where it holds; ``margin`` (optional)
    is a signed size, positive where it holds (a payoff gap or a slope); ``facts`` (optional)
    describes sample k in words, for the one-line detail of a single-point check.
    """

    label: str
    mask: np.ndarray
    margin: np.ndarray | None = None
    facts: Callable[[int], str] | None = None

    def describe(self, k: int = 0) -> str:
        """The label, with the margin and facts at sample ``k`` when known."""
        extra = []
        if self.margin is not None:
            extra.append(f"margin {float(self.margin[k]):+.4g}")
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

    def detail(self, k: int = 0) -> str:
        """Why the claim holds or fails at sample ``k``, in one line."""
        failed = [p for p in self.parts if not p.mask[k]]
        if failed:
            return "fails: " + "; ".join(p.describe(k) for p in failed)
        return "holds: " + "; ".join(p.describe(k) for p in self.parts)


# --------------------------------------------------------------------- compiled functions
class _Compiled:
    """Payoffs and their derivatives for one game, compiled once per process."""

    def __init__(self, game: NormalFormGame) -> None:
        self.game = game  # keeps id(game) valid while cached
        self.names = tuple(game.factors)
        self.symbols = tuple(game.factors.values())
        self._grads: dict[str, Callable[..., np.ndarray] | None] = {}

    def payoffs(self, arrays: Sequence[np.ndarray], k: int) -> np.ndarray:
        if not self.names:
            return np.broadcast_to(self.game.payoffs, (k, *self.game.payoffs.shape))
        out = self.game.compiled()(*arrays)
        return np.broadcast_to(out, (k, *self.game.payoffs.shape))

    def grad(self, name: str) -> Callable[..., np.ndarray] | None:
        """d payoffs / d factor as a vectorised function, or None if the factor is absent."""
        if name not in self._grads:
            if name not in self.names:
                self._grads[name] = None
            else:
                sym = self.game.factors[name]
                cells = [sympy.diff(e, sym) for e in self.game.payoffs.flat]
                self._grads[name] = _vectorise(self.symbols, cells, self.game.payoffs.shape)
        return self._grads[name]


def _vectorise(
    symbols: Sequence[sympy.Symbol], cells: list[sympy.Expr], shape: tuple[int, ...]
) -> Callable[..., np.ndarray]:
    fn = sympy.lambdify(list(symbols), cells, modules="numpy", cse=True)

    def evaluate(*arrays: np.ndarray) -> np.ndarray:
        k = arrays[0].shape[0]
        out = np.empty((k, len(cells)))
        for j, cell in enumerate(fn(*arrays)):
            out[:, j] = cell  # constants broadcast over the samples
        return out.reshape((k, *shape))

    return evaluate


_CACHE: dict[int, _Compiled] = {}


def _compiled(game: NormalFormGame) -> _Compiled:
    entry = _CACHE.get(id(game))
    if entry is None or entry.game is not game:
        if len(_CACHE) > 32:  # user games come and go; the model's stays hot
            _CACHE.clear()
        entry = _CACHE[id(game)] = _Compiled(game)
    return entry


@functools.lru_cache(maxsize=8)
def model_game(**options: Any) -> NormalFormGame:
    """The simultaneous model the claims are checked on (built once per set of options).

    >>> model_game().players
    ('US', 'Russia', 'China')
    """
    from .models import simultaneous

    return simultaneous(**options)


# --------------------------------------------------------------------- the context
class ClaimContext:
    """What the claims' checks need at K samples of the factors, computed once and shared.

    Parameters
    ----------
    values
        Factor id -> value: arrays of shape ``(K,)`` or scalars (broadcast). Ids the game
        does not use are kept (a check may read them) but do not enter the payoffs.
    game
        A symbolic (or numeric) 3-player game with the players and strategies of
        ``triangle.models.simultaneous()``; default that model.
    base
        Values for the game's factors missing from ``values`` (e.g. a scenario's).

    Examples
    --------
    >>> import triangle as tri
    >>> ctx = ClaimContext(dict(tri.scenarios["baseline"].values))
    >>> ctx.k, ctx.u.shape
    (1, (1, 3, 3, 3, 3))
    """

    def __init__(
        self,
        values: Mapping[str, Any],
        *,
        game: NormalFormGame | None = None,
        base: Mapping[str, Any] | None = None,
    ) -> None:
        self.game = model_game() if game is None else game
        if self.game.n_players != 3 or self.game.players != PLAYERS:
            raise ClaimCheckError(
                f"claims are checked on a game with players {PLAYERS}; got {self.game.players}."
            )
        self._compiled = _compiled(self.game)
        self.values = _as_samples(values, base, self._compiled.names)
        self.k = len(next(iter(self.values.values()))) if self.values else 1
        arrays = [self.values[n] for n in self._compiled.names]
        self.u = self._compiled.payoffs(arrays, self.k)
        self._memo: dict[Any, Any] = {}

    # ------------------------------------------------------------- indices and payoffs
    def index(self, player: str, strategy: str) -> int:
        """The index of one of ``player``'s strategies (names checked)."""
        return self.game.strategy_index(player, strategy)

    def _cell(self, us: Any, russia: Any, china: Any) -> tuple[Any, ...]:
        out = []
        for p, s in zip(PLAYERS, (us, russia, china)):
            out.append(slice(None) if s is None else self.index(p, s))
        return tuple(out)

    def payoff(self, player: str, us: str | None, russia: str | None, china: str | None):
        """``player``'s payoff at a profile, ``(K,)``; ``None`` keeps a player's whole axis."""
        p = PLAYERS.index(player)
        return self.u[(slice(None), p, *self._cell(us, russia, china))]

    def reply_margin(self, player: str, strategy: str, **given: str) -> np.ndarray:
        """Payoff of ``strategy`` minus the best alternative, the others' moves ``given``.

        Non-negative (up to ``TOL``) where ``strategy`` is a best reply, positive where it is
        the strict best reply. ``given`` names the two other players' strategies.
        """
        p = PLAYERS.index(player)
        cell = [given.get(q.lower()) for q in PLAYERS]
        cell[p] = None
        if any(c is None for i, c in enumerate(cell) if i != p):
            raise ClaimCheckError(f"reply_margin needs the other two players' moves; got {given}.")
        row = self.payoff(player, *cell)  # (K, 3): the player's own axis
        j = self.index(player, strategy)
        others = np.delete(row, j, axis=1)
        return row[:, j] - others.max(axis=1)

    # ------------------------------------------------------------- equilibria
    @property
    def equilibria(self) -> np.ndarray:
        """Pure-equilibrium mask of the full game, ``(K, 3, 3, 3)``."""
        if "eq" not in self._memo:
            self._memo["eq"] = pure_equilibria_batch(self.u, tol=TOL)
        return self._memo["eq"]

    def subgame_equilibria(self, us: str) -> np.ndarray:
        """Pure-equilibrium mask ``(K, 3, 3)`` (Russia x China) of the game after a US move."""
        key = ("sub", us)
        if key not in self._memo:
            a = self.index("US", us)
            self._memo[key] = pure_equilibria_batch(self.u[:, 1:, a], tol=TOL)
        return self._memo[key]

    def responses(self, player: str, us: str) -> np.ndarray:
        """``(K, 3)``: ``player``'s (Russia or China) responses to a US move (module docs)."""
        key = ("resp", player, us)
        if key not in self._memo:
            axis = {"Russia": 2, "China": 1}[player]  # the other player's axis in (K, r, c)
            eq = self.subgame_equilibria(us)
            found = eq.any(axis=axis)
            a = self.index("US", us)
            p = PLAYERS.index(player)
            u = self.u[:, p, a]  # (K, r, c)
            best = u >= u.max(axis=3 - axis, keepdims=True) - TOL  # own axis is the other one
            fallback = best.any(axis=axis)
            none = ~eq.any(axis=(1, 2))
            self._memo[key] = np.where(none[:, None], fallback, found)
        return self._memo[key]

    def has_subgame_equilibrium(self, us: str) -> np.ndarray:
        """``(K,)``: whether the Russia-China game after ``us`` has a pure equilibrium."""
        return self.subgame_equilibria(us).any(axis=(1, 2))

    # ------------------------------------------------------------- derivatives
    def grad(self, factor: str) -> np.ndarray:
        """``d payoffs / d factor`` at the samples, ``(K, 3, 3, 3, 3)`` (zeros if unused)."""
        key = ("grad", factor)
        if key not in self._memo:
            fn = self._compiled.grad(factor)
            if fn is None:
                self._memo[key] = np.zeros_like(self.u)
            else:
                self._memo[key] = fn(*[self.values[n] for n in self._compiled.names])
        return self._memo[key]

    # ------------------------------------------------------------- counterfactuals
    def at(self, **values: float) -> ClaimContext:
        """The same samples with some factors set to other values (cached)."""
        key = ("at", tuple(sorted(values.items())))
        if key not in self._memo:
            for name in values:
                if name not in self.values:
                    raise unknown_name("factor", name, self.values)
            new = dict(self.values)
            new.update({n: np.full(self.k, float(v)) for n, v in values.items()})
            self._memo[key] = ClaimContext(new, game=self.game)
        return self._memo[key]

    def __repr__(self) -> str:
        return f"<ClaimContext K={self.k}, {len(self._compiled.names)} factors>"


def _as_samples(
    values: Mapping[str, Any], base: Mapping[str, Any] | None, needed: Sequence[str]
) -> dict[str, np.ndarray]:
    if not isinstance(values, Mapping):
        raise ClaimCheckError(
            f"factor values must be a mapping of factor ids to numbers or (K,) arrays; "
            f"got {type(values).__name__}."
        )
    arrays = {str(n): np.asarray(v, dtype=float) for n, v in values.items()}
    for n, a in arrays.items():
        if a.ndim > 1:
            raise ClaimCheckError(
                f"samples of {n!r} must be a scalar or a 1-D array (K,); got shape {a.shape}."
            )
    lengths = {a.shape[0] for a in arrays.values() if a.ndim == 1}
    if len(lengths) > 1:
        raise ClaimCheckError(f"factor samples have different lengths {sorted(lengths)}.")
    k = lengths.pop() if lengths else 1
    missing = [n for n in needed if n not in arrays]
    if missing:
        if base is None:
            raise ClaimCheckError(
                f"no values for the factors {missing}; give them, or pass base=... "
                f"(e.g. triangle.scenarios['baseline'].values)."
            )
        lacking = [n for n in missing if n not in base]
        if lacking:
            raise ClaimCheckError(f"no values for the factors {lacking}, in values or base.")
        arrays.update({n: np.asarray(base[n], dtype=float) for n in missing})
    out = {}
    for n, a in arrays.items():
        a = np.broadcast_to(a, (k,)).astype(float)  # a writable copy per factor
        if not np.all(np.isfinite(a)):
            raise ClaimCheckError(f"samples of {n!r} must be finite.")
        out[n] = a
    return out


# --------------------------------------------------------------------- vocabulary
def _moves(
    ctx: ClaimContext, player: str, moves: str | Iterable[str] | None
) -> tuple[str, ...]:
    """A player's moves named by one name, several, or ``None`` (all of them)."""
    if moves is None:
        return ctx.game.strategies[PLAYERS.index(player)]
    return (moves,) if isinstance(moves, str) else tuple(moves)


def _names(mask_row: np.ndarray, names: Sequence[str]) -> str:
    picked = [n for n, m in zip(names, mask_row) if m]
    return ", ".join(picked) if picked else "none"


def avoids(
    ctx: ClaimContext, strategy: str, us: str | Iterable[str] | None = None, *,
    player: str = "Russia",
) -> Part:
    """``player`` (Russia or China) does not play ``strategy`` in its responses to each US move."""
    moves = _moves(ctx, "US", us)
    j = ctx.index(player, strategy)
    mask = np.ones(ctx.k, dtype=bool)
    for a in moves:
        mask &= ~ctx.responses(player, a)[:, j]
    names = ctx.game.strategies[PLAYERS.index(player)]

    def facts(k: int) -> str:
        return "; ".join(f"after {a}: {_names(ctx.responses(player, a)[k], names)}" for a in moves)

    return Part(f"{player} does not {strategy} after {'/'.join(moves)}", mask, None, facts)


def responds(
    ctx: ClaimContext, strategy: str, us: str | Iterable[str] | None = None, *,
    player: str = "Russia", only: bool = False,
) -> Part:
    """``strategy`` is among (``only``: is the only one of) ``player``'s responses to each US move."""
    moves = _moves(ctx, "US", us)
    j = ctx.index(player, strategy)
    mask = np.ones(ctx.k, dtype=bool)
    for a in moves:
        r = ctx.responses(player, a)
        mask &= r[:, j]
        if only:
            mask &= r.sum(axis=1) == 1
    names = ctx.game.strategies[PLAYERS.index(player)]

    def facts(k: int) -> str:
        return "; ".join(f"after {a}: {_names(ctx.responses(player, a)[k], names)}" for a in moves)

    word = "only " if only else ""
    return Part(f"{player}'s {word}response to {'/'.join(moves)} is {strategy}", mask, None, facts)


def best_reply(
    ctx: ClaimContext, player: str, strategy: str, *, strict: bool = False, negate: bool = False,
    **given: str | Iterable[str] | None,
) -> Part:
    """``strategy`` is (``negate``: is not) a best reply of ``player`` to every listed profile.

    ``given`` maps the other players (lower-case keywords ``us``, ``russia``, ``china``) to a
    move, a list of moves (every one must satisfy the condition) or ``None`` (all moves).
    """
    others = [q for q in PLAYERS if q != player]
    lists = [_moves(ctx, q, given.get(q.lower())) for q in others]
    margin = np.full(ctx.k, np.inf)
    for combo in itertools.product(*lists):
        m = ctx.reply_margin(player, strategy, **{q.lower(): s for q, s in zip(others, combo)})
        if negate:  # "not a best reply" holds with margin -m - TOL > 0 ... use -m
            m = -m
        margin = np.minimum(margin, m)
    if negate:
        mask = margin > TOL
    else:
        mask = margin > TOL if strict else margin >= -TOL
    what = "the strict best reply" if strict else "a best reply"
    verb = "is not" if negate else "is"
    where = ", ".join(f"{q} {'/'.join(v)}" for q, v in zip(others, lists))
    return Part(f"{strategy} {verb} {what} of {player} to {where}", mask, margin)


def _value(ctx: ClaimContext, player: str, profile: Mapping[str, str | Sequence[str]]):
    """``player``'s payoff at a profile given by name; a tuple of moves means the best of them."""
    lists = [_moves(ctx, q, profile[q.lower()]) for q in PLAYERS]
    best = None
    for combo in itertools.product(*lists):
        u = ctx.payoff(player, *combo)
        best = u if best is None else np.maximum(best, u)
    return best


def _over(ctx: ClaimContext, fixed: Iterable[str], over: Mapping[str, Any]):
    """Every profile of the players not in ``fixed`` that ``over`` ranges over."""
    free = [q for q in PLAYERS if q.lower() not in fixed]
    lists = [_moves(ctx, q, over.get(q.lower())) for q in free]
    for combo in itertools.product(*lists):
        yield {q.lower(): s for q, s in zip(free, combo)}


def _where(over: Mapping[str, Any]) -> str:
    parts = [f"{q} {over[q.lower()] if isinstance(over[q.lower()], str) else '/'.join(over[q.lower()])}"
             for q in PLAYERS if over.get(q.lower()) is not None]
    return " (" + ", ".join(parts) + ")" if parts else ""


def compare(
    ctx: ClaimContext, player: str, better: Mapping[str, Any], worse: Mapping[str, Any], *,
    label: str, strict: bool = True, **over: str | Iterable[str] | None,
) -> Part:
    """``player`` gets more at ``better`` than at ``worse``, at every profile ``over`` lists.

    ``better`` and ``worse`` fix some players' moves (lower-case keys ``us``, ``russia``,
    ``china``; a tuple of moves means the best of them for ``player``); the players they
    leave free range over ``over`` (a move, a list, or ``None`` for all moves) and the
    comparison must hold at each. ``strict=False`` asks ``>=`` (up to ``TOL``).
    """
    if set(better) != set(worse):
        raise ClaimCheckError(
            f"compare: better and worse must fix the same players; got {sorted(better)} and "
            f"{sorted(worse)}."
        )
    margin = np.full(ctx.k, np.inf)
    for free in _over(ctx, set(better), over):
        hi = _value(ctx, player, {**free, **better})
        lo = _value(ctx, player, {**free, **worse})
        margin = np.minimum(margin, hi - lo)
    mask = margin > TOL if strict else margin >= -TOL
    return Part(label, mask, margin)


def dominates(
    ctx: ClaimContext, player: str, s: str, t: str, *, strict: bool = True,
    **over: str | Iterable[str] | None,
) -> Part:
    """``s`` pays ``player`` more than ``t`` against every listed profile of the others.

    ``over`` restricts the others' moves (as in :func:`best_reply`); ``strict=False`` asks
    only ``>=`` (up to ``TOL``) everywhere.
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
    """The derivative in ``factor`` of ``player``'s gain from ``s`` over ``t`` has sign ``sign``.

    The gain is ``u_player(s, others) - u_player(t, others)`` (just ``u_player(s, others)``
    when ``t`` is None), at every profile of the others that ``over`` lists. ``sign`` is +1
    (rises), -1 (falls) or 0 (does not move, up to ``TOL``); ``weak=True`` accepts a zero
    derivative for +1 and -1.
    """
    g = ctx.grad(factor)[:, PLAYERS.index(player)]
    key = player.lower()
    worst = np.full(ctx.k, np.inf)
    for free in _over(ctx, {key}, over):
        def at(move: str) -> np.ndarray:
            prof = {**free, key: move}
            return g[(slice(None), *ctx._cell(prof["us"], prof["russia"], prof["china"]))]

        d = at(s) - at(t) if t is not None else at(s)
        worst = np.minimum(worst, TOL - np.abs(d) if sign == 0 else sign * d)
    if sign == 0:
        mask = worst >= 0
    else:
        mask = worst >= -TOL if weak else worst > TOL
    if label is None:
        what = f"{player}'s gain from {s} over {t}" if t else f"{player}'s payoff from {s}"
        verb = {1: "rises", -1: "falls", 0: "does not change"}[sign]
        weakly = " (weakly)" if weak and sign else ""
        label = f"{what} {verb}{weakly} with {factor}{_where(over)}"
    return Part(label, mask, worst)


def in_every_equilibrium(
    ctx: ClaimContext, label: str, **profile: str | Iterable[str]
) -> Part:
    """The full game has a pure equilibrium, and each one has the listed moves."""
    eq = ctx.equilibria
    allowed = np.ones((3, 3, 3), dtype=bool)
    for i, q in enumerate(PLAYERS):
        want = profile.get(q.lower())
        if want is None:
            continue
        keep = np.zeros(3, dtype=bool)
        keep[[ctx.index(q, s) for s in _moves(ctx, q, want)]] = True
        shape = [1, 1, 1]
        shape[i] = 3
        allowed &= keep.reshape(shape)
    exists = eq.any(axis=(1, 2, 3))
    mask = exists & ~(eq & ~allowed).any(axis=(1, 2, 3))

    def facts(k: int) -> str:
        cells = np.argwhere(eq[k])
        if not len(cells):
            return "no pure equilibrium"
        s = ctx.game.strategies
        return "equilibria " + ", ".join(
            "(" + ", ".join(s[i][j] for i, j in enumerate(c)) + ")" for c in cells
        )

    return Part(label, mask, None, facts)


# --------------------------------------------------------------------- the registry
#: Claim id -> its check, ``ClaimContext -> Verdict``.
CHECKS: dict[str, Callable[[ClaimContext], Verdict]] = {}


def check(claim_id: str) -> Callable[[Callable[[ClaimContext], Verdict]], Callable]:
    """Register the decorated function as the check of ``claim_id``."""
    def register(fn: Callable[[ClaimContext], Verdict]) -> Callable[[ClaimContext], Verdict]:
        if claim_id in CHECKS:
            raise InvalidGameError(f"claim {claim_id!r} already has a check.")
        CHECKS[claim_id] = fn
        return fn

    return register


# --------------------------------------------------------------------- the checks
# One function per claim of claims.toml, in file order; each implements the claim's
# `statement` word for word (the tests check that every claim has exactly one).
ALL_US = None  # every US move


def _engagement_slope(ctx: ClaimContext, factor: str, sign: int, s: str, t: str) -> Part:
    return slope(ctx, factor, sign, "Russia", s, t, us=ENGAGEMENT)


def _top(ctx: ClaimContext, factor: str) -> ClaimContext:
    """The samples with ``factor`` at the top of its plausible range."""
    from .registry import factors

    return ctx.at(**{factor: factors[factor].high})


def _relabel(part: Part, prefix: str) -> Part:
    return part._replace(label=f"{prefix}{part.label}")


@check("c000_pivot_unlikely_for_now")
def _c000_pivot_unlikely_for_now(ctx: ClaimContext) -> Verdict:
    return Verdict(avoids(ctx, "pivot", ALL_US))


@check("c000_reversal_risk_lowers_pivot")
def _c000_reversal_risk(ctx: ClaimContext) -> Verdict:
    return Verdict(_engagement_slope(ctx, "us_policy_reversal_risk", -1, "pivot", "stay"))


@check("c000_break_with_china_costly")
def _c000_break_costly(ctx: ClaimContext) -> Verdict:
    return Verdict(compare(
        ctx, "Russia", {"russia": "stay", "china": "hold"}, {"russia": "pivot", "china": "punish"},
        label="u_Russia(a, stay, hold) > u_Russia(a, pivot, punish) for every US move a",
    ))


@check("c000_china_punishes_pivot")
def _c000_china_punishes(ctx: ClaimContext) -> Verdict:
    return Verdict(best_reply(ctx, "China", "punish", us=ALL_US, russia="pivot"))


@check("c000_long_term_against_pivot")
def _c000_long_term(ctx: ClaimContext) -> Verdict:
    return Verdict(_engagement_slope(ctx, "long_term_weighting", -1, "pivot", "stay"))


@check("c000_neutrality_suffices")
def _c000_neutrality(ctx: ClaimContext) -> Verdict:
    return Verdict(compare(
        ctx, "US", {"us": ENGAGEMENT, "russia": "hedge"}, {"us": "pressure", "russia": "stay"},
        label="max over engage/condition of u_US(a, hedge, c) > u_US(pressure, stay, c) "
              "for every Chinese move c",
    ))


@check("c000_no_choice_in_1972")
def _c000_no_choice(ctx: ClaimContext) -> Verdict:
    return Verdict(dominates(ctx, "Russia", "pivot", "stay", us="engage"))


@check("c001_antagonism_pushes_to_china")
def _c001_antagonism(ctx: ClaimContext) -> Verdict:
    return Verdict(best_reply(ctx, "Russia", "stay", us="pressure", china=None))


@check("c001_engagement_to_weaken_partnership")
def _c001_engagement_weakens(ctx: ClaimContext) -> Verdict:
    return Verdict(avoids(ctx, "stay", "engage"))


@check("c001_uncertain_concessions_insufficient")
def _c001_uncertain(ctx: ClaimContext) -> Verdict:
    return Verdict(avoids(ctx, "pivot", "engage"))


@check("c001_exploit_not_reciprocate")
def _c001_exploit(ctx: ClaimContext) -> Verdict:
    return Verdict(
        compare(ctx, "Russia", {"us": "engage", "russia": "stay"},
                {"us": "pressure", "russia": "stay"},
                label="u_Russia(engage, stay, c) > u_Russia(pressure, stay, c) for every c"),
        best_reply(ctx, "Russia", "pivot", negate=True, us="engage", china=None),
    )


@check("c001_condition_dominates_engage")
def _c001_condition(ctx: ClaimContext) -> Verdict:
    return Verdict(dominates(ctx, "US", "condition", "engage"))


@check("c001_relief_as_bargaining_tool")
def _c001_leverage(ctx: ClaimContext) -> Verdict:
    margin = np.full(ctx.k, np.inf)
    for c in ctx.game.strategies[2]:
        def gain(a: str, c: str = c) -> np.ndarray:
            return ctx.payoff("Russia", a, "hedge", c) - ctx.payoff("Russia", a, "stay", c)

        margin = np.minimum(margin, gain("condition") - gain("engage"))
    return Verdict(Part(
        "Russia's gain from hedge over stay is larger under condition than under engage",
        margin > TOL, margin,
    ))


@check("c001_coordination_hurts_us")
def _c001_coordination(ctx: ClaimContext) -> Verdict:
    return Verdict(slope(ctx, "military_cooperation", -1, "US", "engage", None,
                         label=None, russia="stay", china="reward")
                   if False else _us_slope_all(ctx))


def _us_slope_all(ctx: ClaimContext) -> Part:
    g = ctx.grad("military_cooperation")[:, 0, :, ctx.index("Russia", "stay"),
                                         ctx.index("China", "reward")]
    margin = (-g).min(axis=1)
    return Part("u_US(a, stay, reward) falls with military_cooperation for every US move a",
                margin > TOL, margin)


@check("c002_concessions_no_guarantee")
def _c002_no_guarantee(ctx: ClaimContext) -> Verdict:
    top = _top(ctx, "sanctions_relief")
    return Verdict(
        _relabel(avoids(top, "pivot", "engage"), "with sanctions_relief at its top: "),
        slope(ctx, "sanctions_relief", -1, "Russia", "pivot", "hedge", weak=True, us="engage"),
    )


@check("c002_china_outbids")
def _c002_outbids(ctx: ClaimContext) -> Verdict:
    return Verdict(
        best_reply(ctx, "China", "reward", us=ENGAGEMENT, russia="hedge"),
        best_reply(ctx, "Russia", "pivot", negate=True, us=ENGAGEMENT, china="reward"),
    )


@check("c002_attempt_galvanizes_beijing")
def _c002_galvanizes(ctx: ClaimContext) -> Verdict:
    return Verdict(responds(ctx, "reward", ENGAGEMENT, player="China", only=True))


@check("c002_play_both_camps")
def _c002_both_camps(ctx: ClaimContext) -> Verdict:
    return Verdict(responds(ctx, "hedge", ENGAGEMENT, only=True))


@check("c002_victory_without_commitments")
def _c002_victory(ctx: ClaimContext) -> Verdict:
    return Verdict(
        dominates(ctx, "Russia", "hedge", "pivot", us="engage"),
        compare(ctx, "Russia", {"us": "engage", "russia": "hedge"},
                {"us": "pressure", "russia": "stay"},
                label="u_Russia(engage, hedge, c) > u_Russia(pressure, stay, c) for every c"),
    )


@check("c002_risks_outweigh_gains")
def _c002_risks(ctx: ClaimContext) -> Verdict:
    return Verdict(dominates(ctx, "US", "pressure", "engage"))


@check("c002_distrust_discounts_promises")
def _c002_distrust(ctx: ClaimContext) -> Verdict:
    return Verdict(_engagement_slope(ctx, "russian_distrust_of_us", -1, "pivot", "stay"))


@check("c002_china_presses_us_over_taiwan")
def _c002_taiwan(ctx: ClaimContext) -> Verdict:
    return Verdict(
        best_reply(ctx, "China", "punish", us="engage", russia="hedge"),
        compare(ctx, "US", {"us": "engage", "china": "hold"}, {"us": "engage", "china": "punish"},
                label="u_US(engage, r, punish) < u_US(engage, r, hold) for every Russian move r"),
    )


@check("c002_no_rift_today")
def _c002_no_rift(ctx: ClaimContext) -> Verdict:
    return Verdict(
        responds(ctx, "pivot", "engage"),
        _relabel(avoids(ctx.at(rift_depth=0.0), "pivot", "engage"), "with rift_depth = 0: "),
    )


@check("c003_ceasefire_wont_pull_moscow")
def _c003_ceasefire(ctx: ClaimContext) -> Verdict:
    top = _top(ctx, "ukraine_concessions")
    return Verdict(_relabel(avoids(top, "pivot", ENGAGEMENT),
                            "with ukraine_concessions at its top: "))


@check("c003_one_term_president")
def _c003_one_term(ctx: ClaimContext) -> Verdict:
    return Verdict(
        _engagement_slope(ctx, "us_commitment_years", +1, "pivot", "stay"),
        _engagement_slope(ctx, "xi_tenure_advantage", -1, "pivot", "stay"),
    )


@check("c003_pivot_not_worth_it")
def _c003_not_worth_it(ctx: ClaimContext) -> Verdict:
    top = _top(ctx, "us_commitment_years")
    return Verdict(_relabel(avoids(top, "pivot", ALL_US), "with us_commitment_years at its top: "))


@check("c003_allies_over_deals")
def _c003_allies(ctx: ClaimContext) -> Verdict:
    return Verdict(best_reply(ctx, "US", "engage", negate=True, russia=None, china=None))


@check("c003_dependency_not_enough")
def _c003_dependency(ctx: ClaimContext) -> Verdict:
    return Verdict(_relabel(avoids(ctx.at(china_import_share=0.4), "pivot", ENGAGEMENT),
                            "with china_import_share = 0.4: "))


@check("c003_leaders_do_not_matter")
def _c003_leaders(ctx: ClaimContext) -> Verdict:
    g = ctx.grad("trump_normalization_wish")[:, 1].reshape(ctx.k, -1)
    margin = TOL - np.abs(g).max(axis=1)
    return Verdict(Part("no Russian payoff changes with trump_normalization_wish",
                        margin >= 0, margin))


@check("c003_split_context_absent")
def _c003_split(ctx: ClaimContext) -> Verdict:
    return Verdict(
        in_every_equilibrium(ctx, "Russia's seat pivots in every pure equilibrium",
                             russia="pivot"),
        _no_pivot_equilibrium(ctx.at(rift_depth=0.0), "with rift_depth = 0: "),
    )


def _no_pivot_equilibrium(ctx: ClaimContext, prefix: str) -> Part:
    j = ctx.index("Russia", "pivot")
    mask = ~ctx.equilibria[:, :, j, :].any(axis=(1, 2))
    return Part(f"{prefix}no pure equilibrium has Russia pivot", mask)


@check("c004_kremlin_keeps_china_benefits")
def _c004_keeps(ctx: ClaimContext) -> Verdict:
    return Verdict(in_every_equilibrium(
        ctx, "a pure equilibrium exists and Russia hedges or stays in each",
        russia=("hedge", "stay"),
    ))


@check("c004_aligning_lacks_logic")
def _c004_aligning(ctx: ClaimContext) -> Verdict:
    return Verdict(dominates(ctx, "Russia", "hedge", "pivot"))


@check("c004_deepening_costs_autonomy")
def _c004_deepening(ctx: ClaimContext) -> Verdict:
    return Verdict(dominates(ctx, "Russia", "hedge", "stay", us=ENGAGEMENT))


@check("c004_trump_lowers_hedge_cost")
def _c004_trump(ctx: ClaimContext) -> Verdict:
    return Verdict(_engagement_slope(ctx, "trump_normalization_wish", +1, "hedge", "stay"))


@check("c004_hedging_extracts_concessions")
def _c004_concessions(ctx: ClaimContext) -> Verdict:
    margin = np.full(ctx.k, np.inf)
    for a in ENGAGEMENT:
        gain = ctx.payoff("Russia", a, "hedge", "reward") - ctx.payoff("Russia", a, "stay", "hold")
        margin = np.minimum(margin, gain)
    return Verdict(
        best_reply(ctx, "China", "reward", us=ENGAGEMENT, russia="hedge"),
        Part("u_Russia(a, hedge, reward) > u_Russia(a, stay, hold) for each engagement move a",
             margin > TOL, margin),
    )


@check("c004_asymmetry_favours_hedge")
def _c004_asymmetry(ctx: ClaimContext) -> Verdict:
    return Verdict(_engagement_slope(ctx, "power_asymmetry", +1, "hedge", "stay"))


@check("c004_us_only_hedge")
def _c004_us_only(ctx: ClaimContext) -> Verdict:
    return Verdict(
        dominates(ctx, "Russia", "stay", "hedge", strict=False, us="pressure"),
        best_reply(ctx, "Russia", "hedge", us=ENGAGEMENT, china="hold"),
    )


@check("c004_promising_path")
def _c004_promising(ctx: ClaimContext) -> Verdict:
    eq = ctx.equilibria
    h = ctx.index("Russia", "hedge")
    status_quo = ctx.payoff("Russia", "pressure", "stay", "hold")
    russia = ctx.u[:, 1]  # (K, a, r, c)
    better = russia > status_quo[:, None, None, None] + TOL
    ok = ~(eq & ~better).any(axis=(1, 2, 3))
    return Verdict(
        in_every_equilibrium(ctx, "a pure equilibrium exists and Russia hedges in each",
                             russia="hedge"),
        Part("Russia gets more in each pure equilibrium than at (pressure, stay, hold)",
             ok & eq[:, :, h, :].any(axis=(1, 2))),
    )
