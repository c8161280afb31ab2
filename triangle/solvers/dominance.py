"""Dominated strategies (by pure and by mixed strategies) and their iterated elimination."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

from triangle.games.normal_form import NormalFormGame, require_numeric
from triangle.games.scale import check_relative_tolerance, payoff_spans, unit_payoffs
from triangle.registries import check_flag

__all__ = ["Domination", "EliminationResult", "dominated_strategies", "iterated_elimination"]


@dataclass(frozen=True)
class Domination:
    """Strategy ``strategy`` of ``player`` is dominated by ``dominator``.

    ``dominator`` maps the dominating strategy names to their probabilities (one entry
    for a pure dominator). ``margin`` is the smallest gain of the dominator over the
    dominated strategy across the opponents' profiles (positive when strict).
    """

    player: str
    strategy: str
    dominator: dict[str, float]
    strict: bool
    margin: float

    def __repr__(self) -> str:
        by = " + ".join(
            f"{p:.4g} {s}" if len(self.dominator) > 1 else s for s, p in self.dominator.items()
        )
        kind = "strictly" if self.strict else "weakly"
        return f"Domination({self.player}: {self.strategy} {kind} dominated by {by})"


@dataclass(frozen=True)
class EliminationResult:
    """The reduced game after iterated elimination, and what was removed, in order."""

    game: NormalFormGame
    eliminated: tuple[Domination, ...]

    def __repr__(self) -> str:
        steps = ", ".join(f"{d.player}:{d.strategy}" for d in self.eliminated) or "nothing"
        return f"EliminationResult(removed {steps}; remaining {self.game.strategies})"


def _player_matrix(game: NormalFormGame, i: int) -> tuple[np.ndarray, float]:
    """Player i's payoffs mapped onto [0, 1] as a matrix (rows = own strategies, columns =
    opponents' profiles), and the payoff range that maps them back.

    Comparisons with ``tol`` are then relative to the player's payoff range: scaling or
    shifting the game changes no answer, and no payoff size overflows.
    """
    u = np.asarray(game.payoffs, dtype=float)
    span = float(payoff_spans(u)[i])
    unit = unit_payoffs(u)[i]
    return np.moveaxis(unit, i, 0).reshape(game.shape[i], -1), span


def _pure_dominator(u: np.ndarray, s: int, strict: bool, tol: float) -> tuple[int, float] | None:
    diff = u - u[s]  # diff[t, c] = gain of t over s against opponents' profile c
    for t in range(u.shape[0]):
        if t == s:
            continue
        worst = diff[t].min()
        if strict and worst > tol:
            return t, float(worst)
        if not strict and worst >= -tol and diff[t].max() > tol:
            return t, float(worst)
    return None


def _mixed_dominator(
    u: np.ndarray, s: int, strict: bool, tol: float
) -> tuple[np.ndarray, float] | None:
    """LP: a mixture over the other strategies that beats ``s`` (strictly, or weakly)."""
    m, c = u.shape
    others = [t for t in range(m) if t != s]
    if not others:
        return None
    v = u[others]  # (m-1, c)
    if strict:
        # max eps  s.t.  sigma @ v >= u_s + eps,  sum sigma = 1, sigma >= 0
        cost = np.zeros(len(others) + 1)
        cost[-1] = -1.0
        a_ub = np.hstack([-v.T, np.ones((c, 1))])
        b_ub = -u[s]
        a_eq = np.append(np.ones(len(others)), 0.0)[None]
        bounds = [(0, None)] * len(others) + [(None, None)]
        res = linprog(
            cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=bounds, method="highs"
        )
        if res.status == 0 and -res.fun > tol:
            return res.x[:-1], float(-res.fun)
        return None
    # max total slack  s.t.  sigma @ v >= u_s,  sum sigma = 1
    res = linprog(
        -v.sum(axis=1),
        A_ub=-v.T,
        b_ub=-u[s],
        A_eq=np.ones((1, len(others))),
        b_eq=[1.0],
        bounds=[(0, None)] * len(others),
        method="highs",
    )
    if res.status == 0 and -res.fun - u[s].sum() > tol:
        sigma = res.x
        return sigma, float((sigma @ v - u[s]).min())
    return None


def dominated_strategies(
    game: NormalFormGame,
    player: str | int | None = None,
    *,
    strict: bool = True,
    mixed: bool = True,
    tol: float = 1e-9,
) -> list[Domination]:
    """The strategies dominated in ``game`` (for one player, or for all).

    A strategy is strictly dominated when another strategy (``mixed=True``: a mixed
    strategy, found by linear programming) does better against every profile of the
    opponents; weakly dominated (``strict=False``) when it never does worse and does
    better against some profile. Pure dominators are preferred when one exists.
    Margins within ``tol`` times the player's payoff range count as ties, so the answer
    is the same for the game scaled or shifted.

    >>> import triangle as tri
    >>> g = tri.NormalFormGame.from_bimatrix([[3, 0], [0, 3], [1, 1]], [[1, 0], [0, 1], [0, 0]],
    ...                                      strategies=(("T", "M", "B"), ("L", "R")))
    >>> tri.dominated_strategies(g, "Player 1", mixed=False)
    []
    >>> tri.dominated_strategies(g, "Player 1")
    [Domination(Player 1: B strictly dominated by 0.5 T + 0.5 M)]
    """
    check_flag(strict, "strict")
    check_flag(mixed, "mixed")
    require_numeric(game, "dominance")
    tol = check_relative_tolerance(tol)
    players = range(game.n_players) if player is None else [game.player_index(player)]
    found = []
    for i in players:
        u, span = _player_matrix(game, i)
        names = game.strategies[i]
        for s in range(game.shape[i]):
            pure = _pure_dominator(u, s, strict, tol)
            if pure is not None:
                t, margin = pure
                found.append(
                    Domination(game.players[i], names[s], {names[t]: 1.0}, strict, margin * span)
                )
                continue
            if not mixed:
                continue
            mix = _mixed_dominator(u, s, strict, tol)
            if mix is not None:
                sigma, margin = mix
                others = [t for t in range(game.shape[i]) if t != s]
                weights = {names[t]: float(p) for t, p in zip(others, sigma) if p > tol}
                found.append(
                    Domination(game.players[i], names[s], weights, strict, margin * span)
                )
    return found


def iterated_elimination(
    game: NormalFormGame, *, strict: bool = True, mixed: bool = True, tol: float = 1e-9
) -> EliminationResult:
    """Remove dominated strategies until none is left; return the reduced game and the order.

    Each round visits the players in order and removes all of one player's dominated
    strategies at once (at least one strategy always survives: one maximising the sum
    of the player's payoffs cannot be dominated). The result of iterated *strict*
    dominance does not depend on the order; that of weak dominance can, and this order
    is the one documented here.

    >>> import triangle as tri
    >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                       strategies=(("C", "D"), ("C", "D")))
    >>> res = tri.iterated_elimination(pd)
    >>> res.game.strategies
    (('D',), ('D',))
    >>> [(d.player, d.strategy) for d in res.eliminated]
    [('Player 1', 'C'), ('Player 2', 'C')]
    """
    check_flag(strict, "strict")
    check_flag(mixed, "mixed")
    require_numeric(game, "iterated elimination")
    tol = check_relative_tolerance(tol)
    removed: list[Domination] = []
    current = game
    changed = True
    while changed:
        changed = False
        for i in range(current.n_players):
            doms = dominated_strategies(current, i, strict=strict, mixed=mixed, tol=tol)
            if not doms:
                continue
            gone = {d.strategy for d in doms}
            keep = [s for s in current.strategies[i] if s not in gone]
            current = current.restrict({current.players[i]: keep})
            removed.extend(doms)
            changed = True
    return EliminationResult(current, tuple(removed))
