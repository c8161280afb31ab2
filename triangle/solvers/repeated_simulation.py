"""Simulating repeated play of strategies given as automata, for any number of players.

A strategy of the repeated game is a finite automaton: a state, an action for each
state, and a transition on the profile just played. The classics:

- :class:`Always` plays one action whatever happens;
- :class:`Grim` keeps its part of the agreement until anyone breaks theirs, then
  punishes forever (Friedman 1971);
- :class:`TitForTat` keeps its part if everyone watched kept theirs last period, and
  punishes for one period otherwise (Axelrod 1984);
- :class:`Conditional` is tit-for-tat with an explicit condition: "engage while Russia
  hedges or pivots, pressure otherwise" (001's engagement tied to verifiable actions).

The *agreement* is the cooperative profile the triggers watch: by default each
automaton's ``cooperate`` action, or pass ``agreement=``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from triangle.errors import InvalidGameError, InvalidProfileError
from triangle.games.normal_form import require_numeric
from triangle.games.repeated import probability_like

if TYPE_CHECKING:
    from triangle.games.normal_form import NormalFormGame

__all__ = ["Always", "Automaton", "Conditional", "Grim", "Simulation", "TitForTat", "simulate"]


class Automaton:
    """Base class: subclass and define :meth:`start`, :meth:`act` and :meth:`update`.

    Actions are strategy indices inside the simulation; the constructors take names.
    ``bind(game, player, agreement)`` resolves names once before play.

    >>> import triangle as tri
    >>> class Alternate(Automaton):  # first strategy, second, first, ... whatever happens
    ...     def start(self):
    ...         return 0
    ...     def act(self, state):
    ...         return state
    ...     def update(self, state, profile):
    ...         return 1 - state
    >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...     strategies=(("C", "D"), ("C", "D")))
    >>> simulate(pd, (Alternate(), Always("D")), 3).actions
    (('C', 'D'), ('D', 'D'), ('C', 'D'))
    """

    #: The action this automaton plays when everyone keeps the agreement (or None).
    cooperate: str | None = None

    def bind(
        self, game: NormalFormGame, player: int, agreement: tuple[int | None, ...]
    ) -> Automaton:
        return self

    def start(self) -> Any:
        return None

    def act(self, state: Any) -> int:  # pragma: no cover - interface
        raise NotImplementedError

    def update(self, state: Any, profile: tuple[int, ...]) -> Any:
        return state


def _index(game: NormalFormGame, player: int, action: str | int) -> int:
    try:
        return game.strategy_index(player, action)
    except (KeyError, ValueError) as exc:
        raise InvalidProfileError(str(exc)) from None


class Always(Automaton):
    """Play ``action`` in every period.

    >>> Always("pressure")
    Always('pressure')
    """

    def __init__(self, action: str | int) -> None:
        self.action = action
        self._a = -1

    def bind(self, game, player, agreement):
        bound = Always(self.action)
        bound._a = _index(game, player, self.action)
        return bound

    def act(self, state):
        return self._a

    def __repr__(self) -> str:
        return f"Always({self.action!r})"


class Conditional(Automaton):
    """Play ``then`` if, last period, every watched player's action was acceptable.

    ``when`` maps players (names) to the action or actions that count as keeping the
    deal; ``None`` means "every other player played their agreement action". In the first
    period the automaton plays ``then``. ``forgive=False`` turns it into a grim trigger.

    >>> Conditional("engage", "pressure", when={"Russia": ("pivot", "hedge")})
    Conditional('engage', 'pressure', when={'Russia': ('pivot', 'hedge')})
    """

    forgive = True

    def __init__(
        self, then: str | int, otherwise: str | int, when: Mapping[str, Any] | None = None
    ) -> None:
        self.then = then
        self.otherwise = otherwise
        self.when = when
        self.cooperate = then if isinstance(then, str) else None
        self._then = self._otherwise = -1
        self._watch: list[tuple[int, frozenset[int]]] = []

    def bind(self, game, player, agreement):
        bound = type(self).__new__(type(self))
        bound.__dict__.update(self.__dict__)
        bound._then = _index(game, player, self.then)
        bound._otherwise = _index(game, player, self.otherwise)
        watch = []
        if self.when is None:
            for k in range(game.n_players):
                if k == player:
                    continue
                if agreement[k] is None:
                    raise InvalidProfileError(
                        f"{type(self).__name__} of {game.players[player]!r} watches "
                        f"{game.players[k]!r}, "
                        f"whose agreed action is unknown (its automaton has no 'cooperate' "
                        f"action); pass "
                        f"agreement=(one action per player) to simulate, or when={{...}}."
                    )
                watch.append((k, frozenset({agreement[k]})))
        else:
            for name, ok in self.when.items():
                k = game.player_index(name)
                ok = (ok,) if isinstance(ok, (str, int)) else tuple(ok)
                watch.append((k, frozenset(_index(game, k, a) for a in ok)))
        bound._watch = watch
        return bound

    def start(self):
        return True  # "everyone kept the deal" before the first period

    def act(self, state):
        return self._then if state else self._otherwise

    def update(self, state, profile):
        kept = all(profile[k] in ok for k, ok in self._watch)
        return kept if self.forgive else (state and kept)

    def __repr__(self) -> str:
        when = "" if self.when is None else f", when={dict(self.when)!r}"
        return f"{type(self).__name__}({self.then!r}, {self.otherwise!r}{when})"


class TitForTat(Conditional):
    """Keep the agreement if the others kept theirs last period; punish for one period otherwise.

    >>> TitForTat("cooperate", "defect").cooperate
    'cooperate'
    """


class Grim(Conditional):
    """Keep the agreement until anyone watched breaks theirs, then punish forever.

    >>> Grim("hedge", "stay").forgive
    False
    """

    forgive = False


@dataclass(frozen=True, eq=False)
class Simulation:
    """The record of one simulated play.

    Attributes
    ----------
    history
        ``(periods_played, n)`` array of strategy indices actually played.
    actions
        The same, by strategy names (one tuple per period).
    intended
        What each automaton meant to play, before noise.
    payoffs
        ``(periods_played, n)`` stage payoffs.
    discounted
        ``sum_t discount**t * payoffs[t]`` for each player.
    average
        ``(1 - discount) * discounted``, comparable with stage payoffs.
    ended
        True if the hazard ended the relationship before the last period.

    >>> import triangle as tri
    >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...     strategies=(("C", "D"), ("C", "D")))
    >>> run = simulate(pd, (Always("C"), Always("D")), 3, discount=0.5)
    >>> run
    <Simulation 3 periods, discounted payoffs [0.0, 8.75]>
    >>> run.actions[-1], run.payoffs[-1], run.average, run.ended
    (('C', 'D'), array([0., 5.]), array([0.   , 4.375]), False)
    """

    history: np.ndarray
    actions: tuple[tuple[str, ...], ...]
    intended: np.ndarray
    payoffs: np.ndarray
    discounted: np.ndarray
    average: np.ndarray
    ended: bool

    def __repr__(self) -> str:
        return (
            f"<Simulation {len(self.history)} periods"
            f"{' (ended by the hazard)' if self.ended else ''}, "
            f"discounted payoffs {np.round(self.discounted, 6).tolist()}>"
        )


def simulate(
    game: NormalFormGame,
    strategies: Sequence[Automaton] | Mapping[str, Automaton],
    periods: int,
    *,
    discount: float = 1.0,
    hazard: float = 0.0,
    agreement: Any = None,
    noise: float = 0.0,
    seed: int | np.random.Generator | None = None,
) -> Simulation:
    """Play automata against each other for up to ``periods`` periods.

    Each period every automaton chooses an action; with probability ``noise`` a player's
    action is replaced by a different one drawn uniformly (a tremble); after play, with
    probability ``hazard`` the relationship ends. ``seed`` makes runs reproducible
    (an int, a :class:`numpy.random.Generator`, or None for fresh entropy). The
    expected ``discounted`` payoff over runs equals the payoff discounted at the
    effective factor ``discount * (1 - hazard)``.

    >>> import triangle as tri
    >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...     strategies=(("C", "D"), ("C", "D")))
    >>> run = simulate(pd, (Grim("C", "D"), Always("D")), 4, discount=0.5, agreement=("C", "C"))
    >>> run.actions
    (('C', 'D'), ('D', 'D'), ('D', 'D'), ('D', 'D'))
    >>> run.discounted
    array([0.875, 5.875])
    """
    n = game.n_players
    require_numeric(game, "simulate")
    if isinstance(periods, bool) or not isinstance(periods, (int, np.integer)) or periods < 1:
        raise InvalidGameError(f"periods must be a positive integer; got {periods!r}.")
    for value, what in ((noise, "noise"), (hazard, "hazard"), (discount, "discount")):
        probability_like(value, what, numeric=True)
    if isinstance(strategies, Mapping):
        autos: list[Any] = [None] * n
        for name, auto in strategies.items():
            autos[game.player_index(name)] = auto
    else:
        autos = list(strategies)
    if len(autos) != n or any(not isinstance(a, Automaton) for a in autos):
        raise InvalidGameError(
            f"give one automaton per player ({n}: {', '.join(game.players)}), e.g. Grim(...), "
            f"TitForTat(...), Always(...); got {strategies!r}."
        )
    if agreement is None:
        agreed = tuple(
            _index(game, i, a.cooperate) if a.cooperate is not None else None
            for i, a in enumerate(autos)
        )
    else:
        if isinstance(agreement, Mapping):
            agreement = [agreement[p] for p in game.players]
        if len(agreement) != n:
            raise InvalidProfileError(
                f"agreement gives one action per player ({n}); got {agreement!r}."
            )
        agreed = tuple(_index(game, i, a) for i, a in enumerate(agreement))
    bound = [a.bind(game, i, agreed) for i, a in enumerate(autos)]
    rng = np.random.default_rng(seed)
    u = np.asarray(game.payoffs, dtype=float)
    states = [a.start() for a in bound]
    history, intended, pays = [], [], []
    ended = False
    for t in range(periods):
        want = tuple(a.act(s) for a, s in zip(bound, states))
        played = list(want)
        if noise > 0:
            for i in range(n):
                if game.shape[i] > 1 and rng.random() < noise:
                    other = int(rng.integers(game.shape[i] - 1))
                    played[i] = other if other < want[i] else other + 1
        played_t = tuple(played)
        history.append(played_t)
        intended.append(want)
        pays.append(u[(slice(None), *played_t)])
        states = [a.update(s, played_t) for a, s in zip(bound, states)]
        if hazard > 0 and t < periods - 1 and rng.random() < hazard:
            ended = True
            break
    payoffs = np.array(pays)
    weights = float(discount) ** np.arange(len(payoffs))
    discounted = weights @ payoffs
    return Simulation(
        history=np.array(history, dtype=np.int64),
        actions=tuple(tuple(game.strategies[i][j] for i, j in enumerate(h)) for h in history),
        intended=np.array(intended, dtype=np.int64),
        payoffs=payoffs,
        discounted=discounted,
        average=(1 - float(discount)) * discounted,
        ended=ended,
    )
