"""Outcomes: what a sensitivity analysis measures, computed on batches of payoffs.

An :class:`Outcome` maps a payoff batch ``(c, n_players, m_1, ..., m_n)`` to one value
per sample: a real number (a payoff gap), a boolean ("Russia pivots in some pure
equilibrium"), or a category code (the set of pure equilibria) with a label for each
code. Regime maps, tornado charts and global indices all take outcomes, so one
definition serves every method.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from triangle.errors import InvalidArgumentTypeError, InvalidGameError
from triangle.games.aliases import OutcomeValue
from triangle.games.normal_form import NormalFormGame
from triangle.games.scale import check_relative_tolerance
from triangle.registries import check_mapping
from triangle.sensitivity.local import payoff_gap
from triangle.solvers.pure import best_reply_mask

__all__ = [
    "NO_PURE",
    "Outcome",
    "equilibrium_set",
    "gap",
    "plays",
    "responses",
]

NO_PURE = "no pure equilibrium"


@dataclass(frozen=True)
class Outcome:
    """A quantity computed per sample from a payoff batch.

    ``kind`` is ``"real"``, ``"bool"`` or ``"category"`` (``func`` returns integer codes
    and ``describe(code)`` their labels). ``expr`` is the symbolic form when there is
    one (payoff gaps), used by exact methods. Build your own with any vectorised
    ``func``:

    >>> import numpy as np
    >>> first = Outcome("player 1's payoff at (s1, s1)", lambda u: u[:, 0, 0, 0])
    >>> first(np.ones((4, 2, 2, 2)))
    array([1., 1., 1., 1.])
    """

    name: str
    func: Callable[[np.ndarray], np.ndarray]
    kind: str = "real"
    describe: Callable[[Any], str] | None = None
    expr: sympy.Expr | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("real", "bool", "category"):
            raise InvalidGameError(
                f"an outcome's kind is 'real', 'bool' or 'category'; got {self.kind!r}."
            )
        if self.kind == "category" and self.describe is None:
            raise InvalidGameError("a category outcome needs describe(code) -> label.")

    def __call__(self, payoffs: np.ndarray) -> np.ndarray:
        u = np.asarray(payoffs)
        if u.dtype.kind == "f" and not np.isfinite(u).all():
            where = tuple(int(i) for i in np.argwhere(~np.isfinite(u))[0])
            raise InvalidGameError(
                f"{self.name}: payoffs must be finite; sample {where[0]} has {u[where]} at "
                f"index {where}. Drop that sample, or check the factor values behind it."
            )
        out = np.asarray(self.func(payoffs))
        if out.dtype.kind == "f" and not np.isfinite(out).all():
            k = int(np.argwhere(~np.isfinite(out))[0][0])
            raise InvalidGameError(
                f"{self.name} is not finite at sample {k} ({out.reshape(len(out), -1)[k]}); "
                f"the outcome overflows or divides by zero there."
            )
        return out

    def label(self, value: OutcomeValue) -> str:
        """The label of one value (``"true"``/``"false"`` for a boolean outcome)."""
        if self.kind == "category" and self.describe is not None:  # checked on creation
            return self.describe(value)
        if self.kind == "bool":
            return "true" if value else "false"
        return f"{float(value):.6g}"


def check_outcome(outcome: Any, what: str = "outcome") -> Outcome:
    """``outcome`` if it is an :class:`Outcome`, else a clear error naming the builders.

    >>> check_outcome(0.5)
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidArgumentTypeError: outcome is an Outcome (e.g. outcomes.gap(...), ...
    """
    if not isinstance(outcome, Outcome):
        raise InvalidArgumentTypeError(
            f"{what} is an Outcome (e.g. outcomes.gap(...), outcomes.plays(...), "
            f"outcomes.equilibrium_set(game)); got {type(outcome).__name__} "
            f"{repr(outcome)[:60]}."
        )
    return outcome


def check_normal_form(game: Any, what: str) -> NormalFormGame:
    """``game`` if it is a :class:`~triangle.NormalFormGame`, else a clear error.

    >>> check_normal_form("baseline", "tornado")
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidArgumentTypeError: tornado takes a NormalFormGame (e.g. ...
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidArgumentTypeError(
            f"{what} takes a NormalFormGame (e.g. triangle.models.simultaneous()); got "
            f"{type(game).__name__} {repr(game)[:60]}."
        )
    return game


def _given(game: Any, given: Any, what: str) -> dict[str, Any]:
    """The game checked and ``given`` as a dict ``{other player: strategy}``."""
    check_normal_form(game, what)
    if given is None:
        return {}
    return dict(check_mapping(given, "given"))


def _pure_index(game: NormalFormGame, given: Mapping[str, Any] | None) -> tuple[Any, ...]:
    """Index of a payoff batch keeping all strategies except the fixed ones (as length-1 axes)."""
    index: list[Any] = [slice(None)] * game.n_players
    for player, strategy in (given or {}).items():
        j = game.player_index(player)
        s = game.strategy_index(j, strategy)
        index[j] = slice(s, s + 1)
    return (slice(None), slice(None), *index)


def gap(
    game: NormalFormGame,
    player: str | int,
    strategy: str | int,
    versus: str | int,
    given: Mapping[str, str],
) -> Outcome:
    """``player``'s payoff from ``strategy`` minus that from ``versus``, the others at ``given``.

    ``given`` maps every other player to a strategy name.

    >>> import sympy, triangle as tri
    >>> x = sympy.Symbol("x")
    >>> g = tri.NormalFormGame.from_bimatrix([[x, 0], [1, 1]], [[0, 0], [0, 0]],
    ...     players=("Russia", "US"), strategies=(("pivot", "stay"), ("engage", "press")))
    >>> out = gap(g, "Russia", "pivot", "stay", {"US": "engage"})
    >>> out.expr, out(tri.sweep(g, {"x": [0.0, 3.0]}))
    (x - 1, array([-1.,  2.]))
    """
    if given is None:  # a gap compares two payoffs in one cell: the others must be fixed
        raise InvalidArgumentTypeError("given maps every other player to a strategy; got None.")
    given = _given(game, given, "gap")
    i = game.player_index(player)
    s, t = game.strategy_index(i, strategy), game.strategy_index(i, versus)
    if set(given) and any(game.player_index(p) == i for p in given):
        raise InvalidGameError(f"given fixes the other players, not {game.players[i]!r}.")
    index: list[Any] = [None] * game.n_players
    for p, name in given.items():
        j = game.player_index(p)
        index[j] = game.strategy_index(j, name)
    missing = [game.players[j] for j in range(game.n_players) if j != i and index[j] is None]
    if missing:
        raise InvalidGameError(f"given names no strategy for {missing}; give one each.")
    a, b = list(index), list(index)
    a[i], b[i] = s, t
    ia, ib = (slice(None), i, *a), (slice(None), i, *b)
    expr = payoff_gap(game, i, s, t, given) if game.is_symbolic else None
    others = ", ".join(f"{p} {n}" for p, n in given.items())
    name = f"{game.players[i]}: {game.strategies[i][s]} - {game.strategies[i][t]} | {others}"
    return Outcome(name, lambda u: u[ia] - u[ib], "real", expr=expr)


def plays(
    game: NormalFormGame,
    player: str | int,
    strategy: str | int,
    given: Mapping[str, str] | None = None,
    *,
    tol: float = 1e-9,
) -> Outcome:
    """Whether ``player`` plays ``strategy`` in some pure equilibrium.

    With ``given`` (``{other player: strategy}``), in the game those fixed strategies
    leave (the remaining players respond in equilibrium).

    >>> import triangle as tri
    >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...     strategies=(("c", "d"), ("c", "d")))
    >>> plays(pd, "Player 1", "d")(pd.payoffs[None])
    array([ True])
    """
    tol = check_relative_tolerance(tol)
    given = _given(game, given, "plays")
    i = game.player_index(player)
    s = game.strategy_index(i, strategy)
    index = _pure_index(game, given)
    fixed = {game.player_index(p) for p in (given or {})}
    if i in fixed:  # "plays s given it plays s" asks nothing
        raise InvalidGameError(f"given fixes the other players, not {game.players[i]!r}.")
    active = [j for j in range(game.n_players) if j not in fixed]

    def func(u: np.ndarray) -> np.ndarray:
        eq = best_reply_mask(u[index], active, tol)
        return np.take(eq, s, axis=1 + i).reshape(u.shape[0], -1).any(axis=1)

    where = " given " + ", ".join(f"{p} {n}" for p, n in given.items()) if given else ""
    return Outcome(f"{game.players[i]} plays {game.strategies[i][s]} in a pure equilibrium"
                   f"{where}", func, "bool")


def _bits_to_codes(mask: np.ndarray) -> np.ndarray:
    """Boolean rows ``(c, b)`` to one integer code per row (b <= 64)."""
    weights = np.left_shift(np.uint64(1), np.arange(mask.shape[1], dtype=np.uint64))
    return (mask.astype(np.uint64) * weights).sum(axis=1, dtype=np.uint64)


def _check_bits(count: int, what: str) -> None:
    if count > 64:
        raise InvalidGameError(
            f"{what} has {count} cells; category outcomes encode a set of cells in 64 bits. "
            f"Fix some players' strategies with given=, or use plays()."
        )


def equilibrium_set(
    game: NormalFormGame, given: Mapping[str, str] | None = None, *, tol: float = 1e-9
) -> Outcome:
    """The set of pure equilibria (of the game ``given`` leaves), as a category.

    Labels name each equilibrium by the strategies of the players not fixed, joined by
    ``/``; several equilibria are joined by ``" | "``; ``"no pure equilibrium"``
    otherwise (the same labels as :func:`~triangle.sensitivity.thresholds`).

    >>> import triangle as tri
    >>> bos = tri.NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]],
    ...     strategies=(("opera", "match"), ("opera", "match")))
    >>> out = equilibrium_set(bos)
    >>> [out.label(c) for c in out(bos.payoffs[None])]
    ['opera/opera | match/match']
    """
    tol = check_relative_tolerance(tol)
    given = _given(game, given, "equilibrium_set")
    index = _pure_index(game, given)
    fixed = {game.player_index(p) for p in (given or {})}
    active = [j for j in range(game.n_players) if j not in fixed]
    shape = tuple(1 if j in fixed else m for j, m in enumerate(game.shape))
    cells = int(np.prod(shape))
    _check_bits(cells, "the game")
    fixed_names = {game.player_index(p): game.strategy_index(game.player_index(p), s)
                   for p, s in (given or {}).items()}

    def func(u: np.ndarray) -> np.ndarray:
        eq = best_reply_mask(u[index], active, tol)
        return _bits_to_codes(eq.reshape(u.shape[0], -1))

    def describe(code: Any) -> str:
        code = int(code)
        names = []
        for flat in range(cells):
            if code >> flat & 1:
                cell = np.unravel_index(flat, shape)
                names.append("/".join(game.strategies[j][int(c)] for j, c in enumerate(cell)
                                      if j not in fixed_names))
        return " | ".join(names) if names else NO_PURE

    where = " given " + ", ".join(f"{p} {n}" for p, n in given.items()) if given else ""
    return Outcome(f"pure equilibria{where}", func, "category", describe)


def responses(
    game: NormalFormGame, player: str | int, given: Mapping[str, str] | None = None,
    *, tol: float = 1e-9,
) -> Outcome:
    """The set of ``player``'s strategies played in pure equilibria, as a category.

    With every other player in ``given`` these are the player's best replies (labels
    like ``"pivot"`` or ``"pivot | hedge"`` for a tie), as in
    :func:`~triangle.sensitivity.thresholds`.

    >>> import triangle as tri
    >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...     strategies=(("c", "d"), ("c", "d")))
    >>> out = responses(pd, "Player 1", {"Player 2": "c"})
    >>> out.label(out(pd.payoffs[None])[0])
    'd'
    """
    tol = check_relative_tolerance(tol)
    given = _given(game, given, "responses")
    i = game.player_index(player)
    index = _pure_index(game, given)
    fixed = {game.player_index(p) for p in (given or {})}
    if i in fixed:
        raise InvalidGameError(f"given fixes the other players, not {game.players[i]!r}.")
    active = [j for j in range(game.n_players) if j not in fixed]
    m = game.shape[i]

    def func(u: np.ndarray) -> np.ndarray:
        eq = best_reply_mask(u[index], active, tol)
        axes = tuple(a for a in range(1, eq.ndim) if a != 1 + i)
        return _bits_to_codes(np.asarray(eq.any(axis=axes)) if axes else eq)

    def describe(code: Any) -> str:
        code = int(code)
        names = [game.strategies[i][j] for j in range(m) if code >> j & 1]
        return " | ".join(names) if names else NO_PURE

    if len(fixed) == game.n_players - 1:
        what = f"{game.players[i]}'s best replies"
    else:
        what = f"{game.players[i]}'s strategies in pure equilibria"
    where = " given " + ", ".join(f"{p} {n}" for p, n in given.items()) if given else ""
    return Outcome(what + where, func, "category", describe)
