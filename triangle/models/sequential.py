"""The strategic triangle in time: who moves first, and what a reversal does.

Every model here is a :class:`~triangle.SequentialGame` whose leaves are cells of the
simultaneous game (:func:`triangle.models.simultaneous`): the leaf reached by the moves
``(u, r, c)`` pays ``game.payoffs[:, u, r, c]``. The payoff terms are not repeated, only
the order of moves changes, so a reader can trace any leaf to the same quotes.

- :func:`sequential`: the US offers (engage, condition, pressure), Russia chooses (pivot,
  hedge, stay), China answers (reward, hold, punish); any other order on request.
  002: China "can quickly respond to the US attempt to lure Russia".
- :func:`china_first`: China's pre-emptive offer (a reward such as finalising Power of
  Siberia 2, conditional on Russia not pivoting), then the US offers, Russia chooses and
  China answers where the offer left it a choice.
- :func:`irreversible_pivot`: after China's answer the US may renege once it has what it
  wants (000: "What guarantees are there that Washington won't shift its stance once it
  achieves its goals?"); a Russian pivot cannot be undone (000: "restoring relations with
  China will be impossible"), a hedge can.
- :func:`election_2028`: the same, but chance decides whether the next administration
  keeps the deal (003: "Should a new U.S. administration assume office in 2028, the
  prospects for a diplomatic thaw with Russia will grow uncertain").

In the two reversal models the reversal is explicit, so the reduced form of it inside
the simultaneous payoffs (the ``us_policy_reversal_risk`` part of ``us_credibility``) is
set to zero in the leaves, to count it once. A reversal takes effect for the part of
Russia's horizon not covered by the US commitment, ``xi / (years + xi)``
(``xi_tenure_advantage``, ``us_commitment_years``), the same share the reduced form uses:
the leaf after a reversal pays ``years/(years+xi)`` of the deal's cell and
``xi/(years+xi)`` of the cell played afterwards (the US pressing, Russia and China
choosing again, a pivot kept if irreversible).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from triangle.errors import InvalidArgumentTypeError, InvalidGameError
from triangle.games.normal_form import NormalFormGame
from triangle.games.sequential import CHANCE, SequentialGame
from triangle.models.simultaneous import PLAYERS, STRATEGIES, simultaneous
from triangle.registries import check_flag, check_names, check_sequence

__all__ = ["china_first", "election_2028", "irreversible_pivot", "sequential"]


def _game(game: NormalFormGame | None, china_punishes: str) -> NormalFormGame:
    if game is None:
        return simultaneous(china_punishes)
    if (
        not isinstance(game, NormalFormGame)
        or game.players != PLAYERS
        or game.strategies != STRATEGIES
    ):
        raise InvalidGameError(
            f"game must be a triangle game with players {PLAYERS} and strategies {STRATEGIES} "
            f"(e.g. triangle.models.simultaneous(terms=...)); got {game!r}."
        )
    return game


def _cell(game: NormalFormGame, moves: dict[str, str]) -> tuple[Any, ...]:
    cell = (STRATEGIES[k].index(moves[p]) for k, p in enumerate(PLAYERS))
    idx: tuple[Any, ...] = (slice(None), *cell)
    return tuple(game.payoffs[idx])


def sequential(
    order: Sequence[str] = PLAYERS,
    *,
    china_punishes: str = "russia",
    game: NormalFormGame | None = None,
) -> SequentialGame:
    """The triangle as a game of perfect information: each player sees the earlier moves.

    ``order`` is any order of the three players (default: the US offers, Russia chooses,
    China answers). ``game`` is the simultaneous game to read the leaves from (default:
    :func:`triangle.models.simultaneous` with ``china_punishes``; pass a numeric game,
    e.g. one substituted at a scenario, or a variant built from other terms).

    >>> import triangle as tri
    >>> tree = tri.models.sequential().subs(tri.scenarios["baseline"])
    >>> for eq in tree.subgame_perfect_equilibria():
    ...     print(eq.path)
    (('condition', 'hedge', 'hold'),)
    """
    g = _game(game, china_punishes)
    # a list of the three players' names: anything else (None, a number, an array, a set,
    # an unknown name) is refused before it is read, with the names that are known
    order = tuple(check_sequence(order, "order"))
    if not all(isinstance(p, str) for p in order):
        raise InvalidArgumentTypeError(
            f"order lists player names (strings) from {PLAYERS}; got "
            f"{[type(p).__name__ for p in order]}."
        )
    check_names("player", order, PLAYERS, argument="order")
    if sorted(order) != sorted(PLAYERS):
        raise InvalidGameError(
            f"order must list each of {PLAYERS} exactly once, e.g. ('China', 'US', 'Russia'); "
            f"got {order!r}."
        )

    def build(k: int, moves: dict[str, str]) -> Any:
        if k == len(order):
            return _cell(g, moves)
        player = order[k]
        names = STRATEGIES[PLAYERS.index(player)]
        return (player, {m: build(k + 1, {**moves, player: m}) for m in names})

    return SequentialGame(build(0, {}), players=PLAYERS)


def china_first(
    *, china_punishes: str = "russia", game: NormalFormGame | None = None
) -> SequentialGame:
    """China's pre-emptive offer, then the US, then Russia, then China's answer.

    002: "China can quickly respond to the US attempt to lure Russia: finalize the Power
    of Siberia 2 project, increase supplies to Russia's military-industrial complex". China
    moves first, before Washington offers and before Russia chooses, and either

    - ``"offer"``: commits to its reward, conditional on what Russia does. A Russia that
      stays gets the reward (the leaf ``(u, stay, reward)``), a hedging one the share its
      hedge leaves (``(u, hedge, reward)``: the reward terms pay a hedger
      ``1 - hedge_depth`` of it), a pivoting one nothing: the offer lapses and China
      answers the pivot with ``hold`` or ``punish``; or
    - ``"wait"``: makes no offer and answers Russia's choice afterwards with any move.

    China's gain from an offer is what it keeps (a Russia that stays rather than hedges or
    pivots), so an offer is made where it changes Russia's choice by more than it costs;
    the better Russia's outside option (what the US courting pays a hedge or a pivot), the
    more an offer is needed to keep Russia, and the more it must beat.

    Every leaf is a cell of the simultaneous game (``game``), so the payoff terms are the
    same as on the other forms; only the order of moves and China's commitment differ.

    >>> import triangle as tri
    >>> tree = tri.models.china_first().subs(tri.scenarios["baseline"])
    >>> tree.subgame_perfect_equilibria()[0].path
    (('wait', 'condition', 'hedge', 'hold'),)
    """
    g = _game(game, china_punishes)
    us, ru, cn = STRATEGIES
    reward, *_ = cn  # the offer commits China to its first strategy, the reward
    pivot = ru[0]
    lapsed = tuple(c for c in cn if c != reward)  # China's answers once the offer lapses

    def answer(u: str, r: str, options: Sequence[str]) -> Any:
        return ("China", {c: _cell(g, {"US": u, "Russia": r, "China": c}) for c in options})

    def after_offer(u: str) -> Any:
        return ("Russia", {
            r: answer(u, r, lapsed) if r == pivot
            else _cell(g, {"US": u, "Russia": r, "China": reward})
            for r in ru
        })

    def after_wait(u: str) -> Any:
        return ("Russia", {r: answer(u, r, cn) for r in ru})

    tree = ("China", {
        "offer": ("US", {u: after_offer(u) for u in us}),
        "wait": ("US", {u: after_wait(u) for u in us}),
    })
    return SequentialGame(tree, players=PLAYERS)


def _reversal_tree(game: NormalFormGame, reversal: str, irreversible: bool) -> SequentialGame:
    irreversible = check_flag(irreversible, "irreversible")  # a NaN is truthy: refuse it
    from triangle.models.factors import factors

    risk = factors["us_policy_reversal_risk"].symbol
    years = factors["us_commitment_years"].symbol
    xi = factors["xi_tenure_advantage"].symbol
    if risk.name in game.factors:
        game = game.subs({risk.name: 0})  # the explicit reversal replaces its reduced form
    before = years / (years + xi)
    after = xi / (years + xi)
    us, ru, cn = STRATEGIES

    def leaf_after(deal: dict[str, str], moves: dict[str, str]) -> tuple[Any, ...]:
        first = _cell(game, deal)
        second = _cell(game, moves)
        return tuple(before * a + after * b for a, b in zip(first, second))

    def aftermath(deal: dict[str, str]) -> Any:
        base = {"US": "pressure"}
        if irreversible and deal["Russia"] == "pivot":  # the break with China stands
            return (
                "China",
                {c: leaf_after(deal, {**base, "Russia": "pivot", "China": c}) for c in cn},
            )
        return (
            "Russia",
            {
                r: ("China", {c: leaf_after(deal, {**base, "Russia": r, "China": c}) for c in cn})
                for r in ru
            },
        )

    def reversal_node(deal: dict[str, str]) -> Any:
        keep = _cell(game, deal)
        if deal["US"] == "pressure":  # no deal to keep or reverse
            return keep
        if reversal == "chance":
            return (CHANCE, {"keeps": (1 - risk, keep), "reverses": (risk, aftermath(deal))})
        return ("US", {"keep": keep, "renege": aftermath(deal)})

    tree = (
        "US",
        {
            u: (
                "Russia",
                {
                    r: ("China", {c: reversal_node({"US": u, "Russia": r, "China": c}) for c in cn})
                    for r in ru
                },
            )
            for u in us
        },
    )
    return SequentialGame(tree, players=PLAYERS)


def irreversible_pivot(
    *, irreversible: bool = True, china_punishes: str = "russia", game: NormalFormGame | None = None
) -> SequentialGame:
    """000: after the deal the US may renege; a Russian pivot cannot be undone, a hedge can.

    The US offers, Russia chooses, China answers; then the US keeps the deal or reneges
    (switches to pressure). After a renege, Russia chooses again (pivot, hedge, stay) and
    China answers again, except that a Russia that pivoted stays pivoted when
    ``irreversible`` (000). ``irreversible=False`` is the counterfactual in which a pivot
    can be undone like a hedge.

    >>> import triangle as tri
    >>> tree = tri.models.irreversible_pivot().subs(tri.scenarios["baseline"])
    >>> eqs = tree.subgame_perfect_equilibria()
    >>> {eq.path for eq in eqs}
    {(('condition', 'hedge', 'hold', 'keep'),)}
    >>> eqs.ties  # no tied move at the baseline (conditioning has a cost since issue 9)
    ()
    """
    return _reversal_tree(_game(game, china_punishes), "us", irreversible)


def election_2028(
    *, irreversible: bool = True, china_punishes: str = "russia", game: NormalFormGame | None = None
) -> SequentialGame:
    """003: chance decides whether the next US administration keeps the deal.

    As :func:`irreversible_pivot`, but the keep-or-reverse move belongs to chance: the
    deal is reversed with probability ``us_policy_reversal_risk`` (a new administration
    in 2028). The game stays symbolic in that probability, so
    :meth:`~triangle.SequentialGame.subgame_perfect_conditions` gives the reversal risks
    at which each outcome holds.

    >>> import triangle as tri
    >>> tree = tri.models.election_2028().subs(tri.scenarios["baseline"])
    >>> tree.subgame_perfect_equilibria()[0].path
    (('condition', 'hedge', 'hold', 'keeps'),
     ('condition', 'hedge', 'hold', 'reverses', 'stay', 'hold'))
    """
    return _reversal_tree(_game(game, china_punishes), "chance", irreversible)
