"""When a repeated game sustains a cooperative profile: exact critical discount factors.

A cooperative pure profile (a "deal") of a stage game is sustained by the threat of
punishment when every player prefers the deal's stream of rewards to the best one-shot
deviation followed by the punishment. With reward ``R`` (the deal's stage payoff),
temptation ``T`` (the best deviation's) and per-period punishment payoff ``P``, each
player's condition is linear in the effective discount factor ``delta``:
``a + b * delta >= 0``. Solving them gives the exact smallest ``delta``, for four
punishments:

- ``"grim"``: after any deviation, a stage Nash equilibrium is played forever (Friedman
  1971). By default the deviator is punished with *their worst* pure stage equilibrium
  (the harshest punishment that is itself credible); ``threat=`` fixes one profile.
  Sustained iff ``delta >= (T - R) / (T - P)`` for every player. The result is a
  subgame-perfect equilibrium. A player whose part of the deal is already a best reply
  (``T <= R``) is never punished: forgiving a deviation that gains nothing is credible,
  so the sustaining discount factors always form an interval ``[delta*, 1)``.
- ``"tit_for_tat"`` (two players): each plays their part of the deal if the other did last
  period and their ``threat`` action otherwise. Nash (not subgame-perfect) equilibrium iff
  neither permanent defection nor alternation pays: ``delta >= max((T - R) / (T - P),
  (T - R) / (R - S))`` in the prisoner's dilemma (Axelrod 1984).
- ``"minmax"`` / ``"pure_minmax"``: the deviator is held to their (mixed or pure) minmax
  value forever. The lowest threshold any punishment can give: a Nash-threat bound
  (the folk theorem's), reached in subgame perfection only when the punishers can be
  given incentives to punish.

Numeric stage games give sympy rationals and the exact interval of sustaining discount
factors; symbolic ones give expressions in the factors with the conditions under which
they hold. :class:`~triangle.RepeatedGame` calls these functions from
:meth:`~triangle.RepeatedGame.threshold`, :meth:`~triangle.RepeatedGame.critical_discount`,
:meth:`~triangle.RepeatedGame.critical_hazard` and :meth:`~triangle.RepeatedGame.sustains`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from triangle.errors import (
    InvalidArgumentError,
    InvalidProfileError,
    SolverError,
    SymbolicGameError,
    UnsupportedGameError,
)
from triangle.games.normal_form import NormalFormGame, sympy_payoffs
from triangle.games.profiles import as_profile
from triangle.games.repeated import PUNISHMENTS, RepeatedGame, Threshold
from triangle.games.results import Equilibrium
from triangle.games.symbolic import check_game
from triangle.registries import check_choice
from triangle.solvers.pure import pure_equilibria
from triangle.solvers.repeated_minmax import minmax_values
from triangle.solvers.verify import is_equilibrium

__all__ = ["critical_hazard", "sustains", "threshold"]


def threshold(
    stage: NormalFormGame, profile: Any, punishment: str = "grim", threat: Any = None
) -> Threshold:
    """When the pure ``profile`` of ``stage`` is sustained in the repeated game.

    The critical *effective* discount factor depends on the stage game only; see the
    module docstring for the punishments and :meth:`triangle.RepeatedGame.threshold` for
    ``profile`` and ``threat``.

    >>> import triangle as tri
    >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> threshold(pd, ("s1", "s1"))
    Threshold(grim: effective discount >= 1/2)
    >>> threshold(pd, ("s1", "s1"), punishment="tit_for_tat").by_player
    {'Player 1': 2/3, 'Player 2': 2/3}
    """
    check_game(stage, "threshold", NormalFormGame)
    try:
        key: tuple[Any, ...] | None = (
            tuple((type(x), x) for x in stage.payoffs.flat), stage.players, stage.strategies,
            _hashable(profile), punishment, _hashable(threat))
        hit = _SOLVED.get(key)  # type: ignore[arg-type]
    except TypeError:  # an argument that cannot be a key: solved afresh
        key = hit = None
    if hit is not None:
        return hit
    out = _threshold(stage, profile, punishment, threat)
    if key is not None:
        if len(_SOLVED) >= 64:
            _SOLVED.pop(next(iter(_SOLVED)))
        _SOLVED[key] = out
    return out


#: The thresholds found (frozen results), by the stage game's payoffs (each with its type:
#: ``1`` and ``1.0`` differ), players and strategies, the profile, the punishment and the
#: threat: the repeated models ask for the same deal of the same stage again and again
#: (every deal of a summary, the claims in time), and a symbolic one takes a second.
_SOLVED: dict[tuple[Any, ...], Threshold] = {}


def _hashable(value: Any) -> Any:
    """``value`` as a key: arrays and lists become tuples (of their items, with types)."""
    if isinstance(value, np.ndarray):
        return ("array", value.dtype.str, value.shape, tuple(value.ravel().tolist()))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_hashable(v) for v in value))
    if isinstance(value, Mapping):
        return ("mapping", tuple((_hashable(k), _hashable(v)) for k, v in value.items()))
    return (type(value), value)


def critical_hazard(
    game: RepeatedGame, profile: Any, punishment: str = "grim", threat: Any = None
) -> Any:
    """The largest per-period hazard at which ``profile`` is still sustained in ``game``.

    ``1 - critical_discount / discount``; ``-oo`` when no discount factor below one
    sustains the profile. See :meth:`triangle.RepeatedGame.critical_hazard`.

    >>> import triangle as tri
    >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> critical_hazard(tri.RepeatedGame(pd, sympy.Rational(4, 5)), ("s1", "s1"))
    3/8
    """
    check_game(game, "critical_hazard", RepeatedGame)
    delta_star = threshold(game.stage, profile, punishment, threat).discount
    if delta_star == sympy.oo:
        return -sympy.oo
    if game.discount == 0:
        return sympy.Integer(1) if delta_star == 0 else -sympy.oo
    value = 1 - delta_star / game.discount
    return sympy.nsimplify(value) if value.is_number else value


def sustains(
    game: RepeatedGame, profile: Any, punishment: str = "grim", threat: Any = None
) -> bool:
    """Whether ``game``'s own effective discount factor sustains ``profile``.

    >>> import triangle as tri
    >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> sustains(tri.RepeatedGame(pd, 0.9), ("s1", "s1"))
    True
    """
    check_game(game, "sustains", RepeatedGame)
    result = threshold(game.stage, profile, punishment, threat)
    delta = game.effective_discount
    if result.sustained is None or delta.free_symbols:
        raise SymbolicGameError(
            "sustains needs numbers; substitute values for the factors "
            f"{', '.join(game.factors)} with .subs({{...}}), or compare "
            "critical_discount(...) with effective_discount yourself."
        )
    return bool(result.sustained.contains(delta))


# --------------------------------------------------------------------------- kernels
def _pure_cell(stage: NormalFormGame, profile: Any, what: str) -> tuple[int, ...]:
    if isinstance(profile, Equilibrium):
        profile = profile.profile
    vectors = as_profile(stage, profile)
    cell = []
    for player, v in zip(stage.players, vectors):
        nz = [j for j, x in enumerate(v) if x != 0]
        if len(nz) != 1 or v[nz[0]] != 1:
            raise InvalidProfileError(
                f"the {what} must be a pure profile (one strategy per player); {player!r} mixes "
                f"{[float(x) for x in v]}. Give strategy names or indices."
            )
        cell.append(nz[0])
    return tuple(cell)


def _threat_payoffs(stage: NormalFormGame, threat: Any, table: np.ndarray):
    """Expected payoffs (sympy) of a threat profile, pure or mixed, and whether it is pure."""
    if isinstance(threat, Equilibrium):
        threat = threat.profile
    vectors = as_profile(stage, threat)
    n = stage.n_players
    out = []
    for i in range(n):
        total = sympy.Integer(0)
        for cell in np.ndindex(*stage.shape):
            w = sympy.Integer(1)
            for k, j in enumerate(cell):
                x = vectors[k][j]
                w *= (
                    sympy.Rational(x.numerator, x.denominator)
                    if isinstance(x, Fraction)
                    else sympy.nsimplify(float(x))
                )
                if w == 0:
                    break
            if w != 0:
                total += w * table[(i, *cell)]
        out.append(sympy.expand(total))
    return out, vectors


def _threshold(stage: NormalFormGame, profile: Any, punishment: str, threat: Any) -> Threshold:
    check_choice(punishment, "punishment", PUNISHMENTS)
    if threat is not None and punishment in ("minmax", "pure_minmax"):
        raise InvalidArgumentError(
            f"threat= fixes the punishing profile of 'grim' or 'tit_for_tat'; the {punishment} "
            f"punishment is each deviator's minmax, so it takes no threat. Leave threat out, "
            f"or use punishment='grim'."
        )
    n = stage.n_players
    cell = _pure_cell(stage, profile, "cooperative profile")
    names = tuple(stage.strategies[i][j] for i, j in enumerate(cell))
    table = sympy_payoffs(stage)
    symbolic = stage.is_symbolic
    reward = [table[(i, *cell)] for i in range(n)]
    temptation = []
    for i in range(n):
        alts = [
            table[(i, *cell[:i], a, *cell[i + 1 :])] for a in range(stage.shape[i]) if a != cell[i]
        ]
        temptation.append(sympy.Max(*alts) if alts else None)
    conditions: list[Any] = []
    # (player, a, b, forgivable): a + b * delta >= 0, dropped for a forgivable player if a >= 0
    constraints: list[tuple[int, Any, Any, bool]] = []
    threat_info: dict[str, Any] = {}
    pun: list[Any] = [None] * n
    if punishment == "tit_for_tat":
        if n != 2:
            raise UnsupportedGameError(
                f"tit_for_tat is defined for two players; this game has {n}. Use "
                f"punishment='grim' or 'minmax', which hold any number of players to the deal."
            )
        defect = _tft_defection(stage, cell, threat)
        threat_info = {stage.players[i]: stage.strategies[i][defect[i]] for i in range(2)}
        for i in range(2):
            j = 1 - i
            R, T = reward[i], temptation[i]
            if T is None:  # a player with one action cannot deviate
                continue

            def u(own: int, other: int, i=i, j=j):
                c = [0, 0]
                c[i], c[j] = own, other
                return table[(i, *c)]

            S = u(cell[i], defect[j])
            alts = [u(a, defect[j]) for a in range(stage.shape[i]) if a != cell[i]]
            P2 = sympy.Max(*alts)
            pun[i] = P2
            # tit-for-tat punishes every deviation, tempting or not: nothing is forgiven
            constraints.append((i, R - T, R - S, False))  # alternation: R (1 + d) >= T + d S
            constraints.append((i, R - T, T - P2, False))  # defection: R >= (1 - d) T + d P
    else:
        if punishment == "grim":
            pun, threat_info, extra = _grim_punishments(stage, table, threat)
            conditions.extend(extra)
        else:
            mixed = punishment == "minmax"
            if symbolic and mixed:
                raise SymbolicGameError(
                    "the mixed minmax of a symbolic game has no closed form here; use "
                    "punishment='pure_minmax', or substitute factor values first."
                )
            values = minmax_values(stage, mixed=mixed)
            pun = [_as_expr(m.value) for m in values]
            threat_info = {
                stage.players[i]: tuple(p.tolist() for p in m.punishment)
                for i, m in enumerate(values)
            }
        for i in range(n):
            if temptation[i] is None:
                continue
            # forgivable: a player whose part of the deal is a best reply need not be punished
            constraints.append((i, reward[i] - temptation[i], temptation[i] - pun[i], True))
    return _solve_constraints(
        stage,
        names,
        punishment,
        threat_info,
        reward,
        temptation,
        pun,
        constraints,
        conditions,
        symbolic,
    )


def _as_expr(x: Any) -> sympy.Expr:
    if isinstance(x, sympy.Basic):
        return x
    if isinstance(x, Fraction):
        return sympy.Rational(x.numerator, x.denominator)
    return sympy.Float(float(x))


def _tft_defection(stage: NormalFormGame, cell: tuple[int, ...], threat: Any) -> tuple[int, ...]:
    if threat is not None:
        return _pure_cell(stage, threat, "tit-for-tat threat (each player's punishing action)")
    out = []
    for i in range(2):
        if stage.shape[i] != 2:
            raise InvalidProfileError(
                f"tit-for-tat needs each player's punishing action: {stage.players[i]!r} has "
                f"{stage.shape[i]} strategies, so pass threat=(action of {stage.players[0]!r}, "
                f"action of "
                f"{stage.players[1]!r})."
            )
        out.append(1 - cell[i])
    return tuple(out)


def _grim_punishments(stage: NormalFormGame, table: np.ndarray, threat: Any):
    n = stage.n_players
    conditions: list[Any] = []
    if threat is None:
        if stage.is_symbolic:
            raise SymbolicGameError(
                "grim trigger in a symbolic game needs the stage equilibrium to revert to: pass "
                "threat=(one strategy per player); the result lists the conditions under which it "
                "is an "
                "equilibrium."
            )
        eqs = pure_equilibria(stage, tol=0.0)
        if not eqs:
            raise SolverError(
                "the stage game has no pure Nash equilibrium to revert to; pass threat= a mixed "
                "equilibrium, e.g. threat=triangle.equilibria(stage)[0], or use "
                "punishment='minmax'."
            )
        cells = [tuple(int(np.argmax(p)) for p in eq.profile) for eq in eqs]
        pun, info = [], {}
        for i in range(n):
            mine = [table[(i, *c)] for c in cells]
            worst = cells[min(range(len(cells)), key=mine.__getitem__)]  # the first lowest
            pun.append(table[(i, *worst)])
            info[stage.players[i]] = tuple(stage.strategies[k][j] for k, j in enumerate(worst))
        return pun, info, conditions
    payoffs, vectors = _threat_payoffs(stage, threat, table)
    pure = all(sum(1 for x in v if x != 0) == 1 for v in vectors)
    if stage.is_symbolic:
        if not pure:
            raise InvalidProfileError("in a symbolic game the grim threat must be a pure profile.")
        tcell = tuple(int(np.argmax([float(x) for x in v])) for v in vectors)
        for i in range(n):  # the threat must be a stage equilibrium: no profitable deviation
            for a in range(stage.shape[i]):
                if a != tcell[i]:
                    d = sympy.expand(
                        table[(i, *tcell)] - table[(i, *tcell[:i], a, *tcell[i + 1 :])]
                    )
                    if d.free_symbols:
                        conditions.append(_tidy(d >= 0))
                    elif d < 0:
                        raise InvalidProfileError(
                            f"the grim threat {threat!r} is not a stage Nash equilibrium: "
                            f"{stage.players[i]!r} gains by deviating."
                        )
    else:
        if not is_equilibrium(stage, tuple(vectors), tol=0.0 if pure else 1e-9):
            raise InvalidProfileError(
                f"the grim threat {threat!r} is not a Nash equilibrium of the stage game, so "
                f"reverting "
                f"to it is not credible; pick one from triangle.equilibria(stage)."
            )
    label = tuple(
        stage.strategies[k][int(np.argmax([float(x) for x in v]))]
        if pure
        else tuple(float(x) for x in v)
        for k, v in enumerate(vectors)
    )
    return payoffs, {p: label for p in stage.players}, conditions


def _solve_constraints(
    stage,
    names,
    punishment,
    threat_info,
    reward,
    temptation,
    pun,
    constraints,
    conditions,
    symbolic,
):
    players = stage.players
    by_player: dict[str, Any] = {}
    sustained: Any = None
    if not symbolic:
        interval = sympy.Interval.Ropen(0, 1)
        for i, a, b, forgivable in constraints:
            # Rational payoffs stay as they are: nsimplify rounds tiny numbers (a game
            # scaled by 1e-100) to zero.
            a, b = (x if x.is_Rational else sympy.nsimplify(x) for x in (a, b))
            if forgivable and a >= 0:  # no gain from deviating: forgive, never punish
                by_player.setdefault(players[i], sympy.Interval.Ropen(0, 1))
                continue
            piece = _halfline(a, b)
            interval = interval.intersect(piece)
            by_player[players[i]] = by_player.get(players[i], sympy.Interval.Ropen(0, 1)).intersect(
                piece
            )
        sustained = interval
        discount = _lowest(interval)
        by_player = {p: _lowest(s) for p, s in by_player.items()}
    else:
        parts = []
        for i, a, b, forgivable in constraints:
            a, b = sympy.expand(a), sympy.expand(b)  # simplify() takes minutes on model payoffs
            if forgivable and not a.free_symbols and a >= 0:
                by_player[players[i]] = sympy.Max(by_player.get(players[i], 0), 0)
                continue
            if not (a.free_symbols or b.free_symbols):
                piece = _halfline(a, b)
                if piece is sympy.S.EmptySet or piece.inf >= 1:
                    raise SolverError(
                        f"{players[i]!r} cannot be kept to the deal for any discount below 1 under "
                        f"{punishment!r}."
                    )
                low = piece.inf
                parts.append(low)
                by_player[players[i]] = sympy.Max(by_player.get(players[i], 0), low)
                continue
            # standard case: the punishment hurts (b > 0) and the deal beats it (a + b > 0);
            # a forgivable player who is not tempted (a >= 0) needs neither
            hurts, beats = _tidy(b > 0), _tidy(a + b > 0)
            ratio = -a / b
            if forgivable:
                untempted = _tidy(a >= 0)
                conditions.append(sympy.Or(untempted, sympy.And(hurts, beats)))
                ratio = sympy.Piecewise((0, untempted), (ratio, True))
            else:
                conditions.extend(c for c in (hurts, beats) if c is not sympy.true)
            parts.append(ratio)
            by_player[players[i]] = sympy.Max(by_player.get(players[i], 0), ratio)
        discount = sympy.Max(0, *parts)
    return Threshold(
        discount=discount,
        sustained=sustained,
        conditions=tuple(_unique(conditions)),
        profile=names,
        punishment=punishment,
        threat=threat_info,
        reward=dict(zip(players, reward)),
        temptation=dict(zip(players, temptation)),
        punishment_payoff=dict(zip(players, pun)),
        by_player=by_player,
    )


def _halfline(a: sympy.Expr, b: sympy.Expr):
    """The effective discounts in [0, 1) with ``a + b * delta >= 0``."""
    unit = sympy.Interval.Ropen(0, 1)
    if b > 0:
        return unit.intersect(sympy.Interval(-a / b, sympy.oo))
    if b < 0:
        return unit.intersect(sympy.Interval(-sympy.oo, -a / b))
    return unit if a >= 0 else sympy.S.EmptySet


def _lowest(interval) -> sympy.Expr:
    if interval is sympy.S.EmptySet:
        return sympy.oo
    return interval.inf


def _tidy(cond):
    """A condition with both sides expanded (cheap; ``simplify`` is too slow on model payoffs)."""
    if cond in (sympy.true, sympy.false):
        return cond
    terms = sympy.Add.make_args(sympy.expand(cond.lhs - cond.rhs))
    pos = sympy.Add(*(t for t in terms if not t.could_extract_minus_sign()))
    neg = -sympy.Add(*(t for t in terms if t.could_extract_minus_sign()))
    return type(cond)(pos, neg)  # "gains > losses" reads better than "... > 0"


def _unique(items: Sequence[Any]) -> list[Any]:
    out: list[Any] = []
    for x in items:
        if x is sympy.true:
            continue
        if not any(x == y for y in out):
            out.append(x)
    return out
