"""Bayesian games: players with private types drawn from a common prior.

A :class:`BayesianGame` is Harsanyi's model of incomplete information (Harsanyi 1967-68;
Fudenberg and Tirole 1991, ch. 6; Osborne and Rubinstein 1994, section 2.6): nature
draws a profile of types ``t = (t_1, ..., t_n)`` from a prior ``p`` known to everyone,
each player learns its own type, and all choose actions at once. The game has two
normal forms: the ex-ante (Harsanyi) form, whose strategies are plans ``type -> action``
(:meth:`BayesianGame.to_normal_form`), and the agent form with one player per
(player, type) (:meth:`BayesianGame.agent_form`).
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import sympy

from triangle.errors import InvalidGameError, InvalidProfileError, unknown_name
from triangle.games._type_checks import as_array as _as_array
from triangle.games._type_checks import check_entries as _check_entries
from triangle.games._type_checks import check_prior as _check_prior
from triangle.games._type_checks import number_text
from triangle.games.aliases import PayoffsLike, ProbabilitiesLike, TermsLike
from triangle.games.normal_form import NormalFormGame

__all__ = ["BayesianGame"]



class BayesianGame:
    """A finite Bayesian game (simultaneous moves, private types, a common prior).

    Parameters
    ----------
    payoffs
        Array-like of shape ``(n_players, T_1, ..., T_n, A_1, ..., A_n)``:
        ``payoffs[i, t_1, ..., t_n, a_1, ..., a_n]`` is player ``i``'s payoff when the
        type profile is ``t`` and the action profile is ``a``. Numbers (int, float,
        :class:`fractions.Fraction`, sympy numbers) or sympy expressions in named factors.
    prior
        Array-like of shape ``(T_1, ..., T_n)``: the probability of each type profile.
        Non-negative and summing to one (within ``1e-9`` for floats; exact values are
        then normalised to sum to exactly one). Types may be correlated; a prior may be
        symbolic (``(p, 1 - p)``) when its entries provably sum to one.
    players
        One name per player; defaults to ``("Player 1", ...)``.
    types
        One sequence of type names per player; defaults to ``("t1", "t2", ...)``.
    actions
        One sequence of action names per player; defaults to ``("a1", "a2", ...)``.
    terms
        Optional, keyword-only: the documented payoff terms the payoffs came from.

    Notes
    -----
    A type with prior probability zero is allowed (a prior swept to an end of its range
    gives one); the solvers leave its action unconstrained and say so.

    Examples
    --------
    Battle of the sexes in which player 2 may want to avoid player 1 (Osborne 2004,
    example 273.1): player 2 has two equally likely types.

    >>> import triangle as tri
    >>> meet = [[[2, 0], [0, 1]], [[1, 0], [0, 2]]]     # payoffs[i][a1][a2] of each type
    >>> avoid = [[[2, 0], [0, 1]], [[0, 2], [1, 0]]]
    >>> payoffs = [[[meet[i], avoid[i]]] for i in range(2)]  # (2, T1=1, T2=2, 2, 2)
    >>> g = tri.BayesianGame(payoffs, prior=[[0.5, 0.5]], players=("P1", "P2"),
    ...                      types=(("-",), ("meet", "avoid")),
    ...                      actions=(("B", "S"), ("B", "S")))
    >>> g
    <BayesianGame numeric, players=('P1', 'P2'), types=(1, 2), actions=(2, 2)>
    >>> g.to_normal_form().strategies
    (('B', 'S'), ('B/B', 'B/S', 'S/B', 'S/S'))
    >>> tri.bayesian_equilibria(g, method="pure")[0]
    BayesianEquilibrium(P1: B; P2(meet): B; P2(avoid): S; payoffs 1, 1.5)
    """

    __slots__ = ("_actions", "_carrier", "_n_actions", "_n_types", "_types", "terms")

    def __init__(
        self,
        payoffs: PayoffsLike,
        prior: ProbabilitiesLike,
        players: Sequence[str] | None = None,
        types: Sequence[Sequence[str]] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
        *,
        terms: TermsLike = None,
    ) -> None:
        raw = _as_array(payoffs, "payoffs", _GAMES)
        if raw.ndim < 5 or raw.ndim != 1 + 2 * raw.shape[0]:
            raise InvalidGameError(
                f"payoffs must have shape (n_players, T_1, ..., T_n, A_1, ..., A_n) with "
                f"n_players >= 2 (one axis of types and one of actions per player); got an "
                f"array of shape {raw.shape}. For two players with 2 types and 3 actions "
                f"each: shape (2, 2, 2, 3, 3)."
            )
        n = raw.shape[0]
        n_types, n_actions = tuple(raw.shape[1 : 1 + n]), tuple(raw.shape[1 + n :])
        if 0 in raw.shape:
            raise InvalidGameError(
                f"every player needs at least one type and one action; payoffs have shape "
                f"{raw.shape}."
            )
        _check_entries(raw, "payoff")
        pr = _as_array(prior, "prior", _GAMES)
        if pr.shape != n_types:
            raise InvalidGameError(
                f"prior must have shape (T_1, ..., T_n) = {n_types}, one probability per "
                f"profile of types (as on axes 1..{n} of the payoffs); got shape {pr.shape}."
            )
        _check_entries(pr, "prior probability")
        # One NormalFormGame carries payoffs and prior, so that substitution, exact
        # conversion and symbolic bookkeeping are those of every other game type.
        carrier = NormalFormGame(_pack(raw, pr), players=players)
        self._init(carrier, n_types, n_actions, types, actions, terms)

    def _init(self, carrier, n_types, n_actions, types, actions, terms) -> None:
        self._carrier = carrier
        self._n_types = tuple(n_types)
        self._n_actions = tuple(n_actions)
        self._types = _names_per_player(types, self._n_types, "types", "t", carrier.players)
        self._actions = _names_per_player(
            actions, self._n_actions, "actions", "a", carrier.players
        )
        self.terms = terms
        _check_prior(self.prior, self._carrier.is_symbolic)

    @classmethod
    def _from_carrier(cls, carrier, like: BayesianGame) -> BayesianGame:
        new = cls.__new__(cls)
        new._init(carrier, like._n_types, like._n_actions, like._types, like._actions, like.terms)
        return new

    # ----------------------------------------------------------------- properties
    @property
    def players(self) -> tuple[str, ...]:
        """The players' names, in order."""
        return self._carrier.players

    @property
    def types(self) -> tuple[tuple[str, ...], ...]:
        """Each player's type names, in order."""
        return self._types

    @property
    def actions(self) -> tuple[tuple[str, ...], ...]:
        """Each player's action names, in order."""
        return self._actions

    @property
    def n_players(self) -> int:
        """The number of players."""
        return len(self._n_types)

    @property
    def n_types(self) -> tuple[int, ...]:
        """The number of types of each player, ``(T_1, ..., T_n)``."""
        return self._n_types

    @property
    def n_actions(self) -> tuple[int, ...]:
        """The number of actions of each player, ``(A_1, ..., A_n)``."""
        return self._n_actions

    @property
    def is_symbolic(self) -> bool:
        """True when some payoff or prior probability depends on a free factor."""
        return self._carrier.is_symbolic

    @property
    def factors(self) -> dict[str, sympy.Symbol]:
        """The free symbols of payoffs and prior, by name (sorted); empty when numeric."""
        return self._carrier.factors

    @property
    def payoffs(self) -> np.ndarray:
        """Payoffs ``(n_players, T_1..T_n, A_1..A_n)``: floats, or sympy expressions."""
        return _unpack_payoffs(self._carrier.payoffs, self._n_types, self._n_actions)

    @property
    def prior(self) -> np.ndarray:
        """The prior ``(T_1..T_n)``: floats, or sympy expressions for a symbolic game."""
        return _unpack_prior(self._carrier.payoffs, self._n_types, self._n_actions)

    @property
    def exact_payoffs(self) -> np.ndarray:
        """Payoffs as :class:`fractions.Fraction` (floats read by their shortest decimal).

        >>> g = BayesianGame([[[[[1]]]], [[[[0.5]]]]], prior=[[1]])
        >>> g.exact_payoffs[1, 0, 0, 0, 0]
        Fraction(1, 2)
        """
        return _unpack_payoffs(self._carrier.exact_payoffs, self._n_types, self._n_actions)

    @property
    def exact_prior(self) -> np.ndarray:
        """The prior as :class:`fractions.Fraction`, normalised to sum to exactly one.

        >>> BayesianGame(np.zeros((2, 1, 2, 1, 1)), prior=[[0.25, 0.75]]).exact_prior
        array([[Fraction(1, 4), Fraction(3, 4)]], dtype=object)
        """
        p = _unpack_prior(self._carrier.exact_payoffs, self._n_types, self._n_actions)
        return p / sum(p.flat)

    # ----------------------------------------------------------------- lookups
    def player_index(self, player: str | int) -> int:
        """The index of a player given by name or index."""
        return self._carrier.player_index(player)

    def type_index(self, player: str | int, type_: str | int) -> int:
        """The index of one of ``player``'s types, by name or index.

        >>> g = BayesianGame(np.zeros((2, 2, 1, 1, 1)), [[0.5], [0.5]],
        ...                  types=(("weak", "strong"), ("-",)))
        >>> g.type_index(0, "strong")
        1
        """
        i = self.player_index(player)
        return _lookup(type_, self._types[i], f"type of {self.players[i]!r}")

    def action_index(self, player: str | int, action: str | int) -> int:
        """The index of one of ``player``'s actions, by name or index."""
        i = self.player_index(player)
        return _lookup(action, self._actions[i], f"action of {self.players[i]!r}")

    def marginal(self, player: str | int) -> np.ndarray:
        """The prior probability of each of ``player``'s types.

        >>> g = BayesianGame(np.zeros((2, 2, 2, 1, 1)), [[0.1, 0.2], [0.3, 0.4]])
        >>> g.marginal(1)
        array([0.4, 0.6])
        """
        i = self.player_index(player)
        axes = tuple(k for k in range(self.n_players) if k != i)
        return self.prior.sum(axis=axes) if axes else self.prior

    def posterior(self, player: str | int, type_: str | int) -> np.ndarray:
        """What a type believes about the others' types: ``p(t_-i | t_i)``.

        An array over the other players' type profiles (their axes in player order).
        Raises :class:`~triangle.errors.InvalidGameError` for a type of prior zero.

        >>> g = BayesianGame(np.zeros((2, 2, 2, 1, 1)), [[0.1, 0.3], [0.3, 0.3]])
        >>> g.posterior(0, 0)
        array([0.25, 0.75])
        """
        i = self.player_index(player)
        k = self.type_index(i, type_)
        row = np.take(self.prior, k, axis=i)
        total = sum(row.flat)
        if not self.is_symbolic and total == 0:
            raise InvalidGameError(
                f"type {self._types[i][k]!r} of {self.players[i]!r} has prior probability 0: "
                f"its beliefs are not defined by Bayes' rule."
            )
        return row / total

    # ----------------------------------------------------------------- operations
    def subs(self, mapping: Mapping[str | sympy.Symbol, Any]) -> BayesianGame:
        """Substitute values for factors (in payoffs and prior), as ``NormalFormGame.subs``.

        >>> p = sympy.Symbol("p")
        >>> g = BayesianGame(np.ones((2, 2, 1, 1, 1)), [[p], [1 - p]])
        >>> g.factors
        {'p': p}
        >>> g.subs({"p": 0.3}).prior
        array([[0.3],
               [0.7]])
        >>> g.subs({"p": 2})
        Traceback (most recent call last):
        ...
        triangle.errors.InvalidGameError: prior probabilities must be >= 0; got -1 ...
        """
        new = self._carrier.subs(mapping)
        return self if new is self._carrier else BayesianGame._from_carrier(new, self)

    def complete_information(self, type_profile: Sequence[str | int]) -> NormalFormGame:
        """The game the players would play if ``type_profile`` were common knowledge.

        >>> g = BayesianGame(np.arange(8).reshape(2, 2, 1, 2, 1), [[0.5], [0.5]])
        >>> g.complete_information(("t2", "t1")).payoffs[0]
        array([[2.],
               [3.]])
        """
        t = self._type_profile(type_profile)
        payoffs = self._values_for_export()[0]
        index: tuple[Any, ...] = (slice(None), *t)
        return NormalFormGame(payoffs[index], players=self.players, strategies=self._actions)

    def to_normal_form(self) -> NormalFormGame:
        """The ex-ante (Harsanyi) normal form: strategies are plans ``type -> action``.

        Player ``i``'s strategies are all ``A_i ** T_i`` plans, named by their actions in
        type order joined by ``"/"`` (``"pivot/stay"``: the first type pivots, the second
        stays); a player with one type keeps its action names. The payoff of a plan
        profile is the prior-weighted sum over type profiles. Exact when the game is.

        >>> g = BayesianGame([[[[[1, 0]]], [[[0, 2]]]], [[[[1, 1]]], [[[0, 0]]]]],
        ...                  prior=[[0.5], [0.5]], actions=(("x",), ("l", "r")))
        >>> g.payoffs.shape
        (2, 2, 1, 1, 2)
        >>> nf = g.to_normal_form()
        >>> nf.strategies
        (('x/x',), ('l', 'r'))
        >>> nf.payoffs[0]
        array([[0.5, 1. ]])
        """
        _check_plan_names(self)
        payoffs, prior = self._values_for_export()
        return NormalFormGame(
            harsanyi_payoffs(payoffs, prior, self._n_types, self._n_actions),
            players=self.players,
            strategies=[plan_names(self, i) for i in range(self.n_players)],
        )

    def agent_form(self) -> NormalFormGame:
        """The agent form: one player per (player, type), named ``"player(type)"``.

        Agent ``(i, t_i)`` chooses among player ``i``'s actions; its payoff is player
        ``i``'s payoff weighted by the prior over the type profiles in which ``i`` has type
        ``t_i`` (``p(t_i)`` times the interim payoff: the same best replies whenever
        ``p(t_i) > 0``; polynomial in a symbolic prior). The Nash equilibria of the
        agent form are the Bayesian equilibria in behaviour strategies when every type
        has positive probability.

        >>> g = BayesianGame(np.zeros((2, 2, 1, 2, 3)), [[0.5], [0.5]], players=("A", "B"),
        ...                  types=(("hi", "lo"), ("-",)))
        >>> g.agent_form().players, g.agent_form().shape
        (('A(hi)', 'A(lo)', 'B'), (2, 2, 3))
        """
        payoffs, prior = self._values_for_export()
        return NormalFormGame(
            agent_payoffs(payoffs, prior, self._n_types, self._n_actions),
            players=agent_names(self),
            strategies=[a for i, a in enumerate(self._actions) for _ in range(self._n_types[i])],
        )

    # ----------------------------------------------------------------- helpers
    def _values_for_export(self) -> tuple[np.ndarray, np.ndarray]:
        """Payoffs and prior, exact (Fractions) when possible, else floats or expressions."""
        if self.is_symbolic:
            return self.payoffs, self.prior
        try:
            return self.exact_payoffs, self.exact_prior
        except InvalidGameError:  # irrational numbers: floats
            return self.payoffs, self.prior

    def _type_profile(self, type_profile: Sequence[str | int]) -> tuple[int, ...]:
        if isinstance(type_profile, (str, bytes)) or len(type_profile) != self.n_players:
            raise InvalidProfileError(
                f"a type profile names one type per player ({self.n_players}); "
                f"got {type_profile!r}."
            )
        return tuple(self.type_index(i, t) for i, t in enumerate(type_profile))

    # ----------------------------------------------------------------- display
    def __repr__(self) -> str:
        kind = "symbolic" if self.is_symbolic else "numeric"
        return (
            f"<BayesianGame {kind}, players={self.players}, types={self._n_types}, "
            f"actions={self._n_actions}>"
        )

    def __str__(self) -> str:
        blocks = [f"Bayesian game: {', '.join(self.players)}"]
        for t, p, game in self._slices():
            blocks.append(f"types {', '.join(t)} (prior {number_text(p)}):\n{game}")
        return "\n\n".join(blocks)

    def _repr_html_(self) -> str:
        parts = [
            f"<p><b>Bayesian game</b>: {html.escape(', '.join(self.players))}; "
            "each table is the game at one profile of types.</p>"
        ]
        for t, p, game in self._slices():
            parts.append(
                f"<p>types {html.escape(', '.join(t))}: prior {html.escape(number_text(p))}</p>"
                + game._repr_html_()
            )
        return "<div>" + "".join(parts) + "</div>"

    def _slices(self):
        prior = self.prior
        for t in itertools.product(*(range(k) for k in self._n_types)):
            names = tuple(
                f"{self.players[i]}={self._types[i][k]}" for i, k in enumerate(t)
            )
            yield names, prior[t], self.complete_information(t)


# --------------------------------------------------------------------- names
def plan_names(game: BayesianGame, player: int) -> tuple[str, ...]:
    """The names of ``player``'s plans in the Harsanyi form (actions in type order).

    >>> g = BayesianGame(np.zeros((2, 2, 1, 2, 1)), [[0.5], [0.5]],
    ...                  actions=(("pivot", "stay"), ("x",)))
    >>> plan_names(g, 0)
    ('pivot/pivot', 'pivot/stay', 'stay/pivot', 'stay/stay')
    """
    acts = game.actions[player]
    return tuple(
        "/".join(plan) for plan in itertools.product(acts, repeat=game.n_types[player])
    )


def agent_names(game: BayesianGame) -> tuple[str, ...]:
    """The agents' names: ``"player(type)"``, or the player's name when it has one type.

    >>> agent_names(BayesianGame(np.zeros((2, 2, 1, 1, 1)), [[0.5], [0.5]]))
    ('Player 1(t1)', 'Player 1(t2)', 'Player 2')
    """
    return tuple(
        p if len(ts) == 1 else f"{p}({t})" for p, ts in zip(game.players, game.types) for t in ts
    )


def _check_plan_names(game: BayesianGame) -> None:
    for i, acts in enumerate(game.actions):
        if game.n_types[i] > 1 and any("/" in a for a in acts):
            raise InvalidGameError(
                f"action names of {game.players[i]!r} contain '/', which separates the types' "
                f"actions in plan names ({acts!r}); rename them."
            )


# --------------------------------------------------------------------- normal forms
def plans(n_types: int, n_actions: int) -> np.ndarray:
    """All plans of a player as rows of action indices, in lexicographic order.

    >>> plans(2, 2)
    array([[0, 0],
           [0, 1],
           [1, 0],
           [1, 1]])
    """
    return np.array(list(itertools.product(range(n_actions), repeat=n_types)), dtype=int).reshape(
        n_actions**n_types, n_types
    )


def harsanyi_payoffs(
    payoffs: np.ndarray, prior: np.ndarray, n_types: tuple[int, ...], n_actions: tuple[int, ...]
) -> np.ndarray:
    """Ex-ante payoffs of every plan profile: ``sum_t p(t) u(t, s_1(t_1), ..., s_n(t_n))``.

    Works on float, Fraction and sympy arrays alike (one gather per type profile).

    >>> u = np.zeros((2, 2, 1, 2, 1)); u[0, :, 0, :, 0] = [[1, 0], [0, 1]]  # match the type
    >>> harsanyi_payoffs(u, np.array([[0.5], [0.5]]), (2, 1), (2, 1))[0, :, 0]
    array([0.5, 1. , 0. , 0.5])
    """
    n = len(n_types)
    rows = [plans(t, a) for t, a in zip(n_types, n_actions)]
    shape = (n, *(len(r) for r in rows))
    out = np.zeros(shape, dtype=payoffs.dtype)
    if payoffs.dtype == object:
        out[...] = 0
    for t in itertools.product(*(range(k) for k in n_types)):
        if _is_zero(prior[t]):
            continue
        index = np.ix_(*(rows[i][:, t[i]] for i in range(n)))
        where: tuple[Any, ...] = (slice(None), *t)
        cell = payoffs[where]
        out = out + prior[t] * np.stack([cell[i][index] for i in range(n)])
    return out


def agent_payoffs(
    payoffs: np.ndarray, prior: np.ndarray, n_types: tuple[int, ...], n_actions: tuple[int, ...]
) -> np.ndarray:
    """Agent-form payoffs: agent ``(i, t_i)`` gets ``sum_{t_-i} p(t) u_i(t, a)``.

    >>> u = np.zeros((2, 2, 1, 2, 1)); u[0, :, 0, :, 0] = [[1, 0], [0, 1]]
    >>> agent_payoffs(u, np.array([[0.5], [0.5]]), (2, 1), (2, 1))[1, :, :, 0]  # type t2
    array([[0. , 0.5],
           [0. , 0.5]])
    """
    n = len(n_types)
    first = np.cumsum((0, *n_types))  # index of each player's first agent
    k = int(first[-1])
    shape = tuple(n_actions[i] for i in range(n) for _ in range(n_types[i]))
    out = np.zeros((k, *shape), dtype=payoffs.dtype)
    if payoffs.dtype == object:
        out[...] = 0
    for t in itertools.product(*(range(m) for m in n_types)):
        if _is_zero(prior[t]):
            continue
        axes = [int(first[j]) + t[j] for j in range(n)]  # the agent each player acts through
        # Each player acts through the agent of its type; agents are ordered by player,
        # so the action axes keep their order and a reshape puts them in place.
        placed_shape = [1] * k
        for j in range(n):
            placed_shape[axes[j]] = n_actions[j]
        for i in range(n):
            placed = payoffs[(i, *t)].reshape(placed_shape)
            out[axes[i]] = out[axes[i]] + prior[t] * placed
    return out


# --------------------------------------------------------------------- packing
def _pack(payoffs: np.ndarray, prior: np.ndarray) -> np.ndarray:
    """Payoffs and prior in one normal-form array ``(n, T_1*A_1 + T_1, T_2*A_2, ...)``.

    Rows ``T_1*A_1 + t_1`` of player 1 hold the prior, at the first action of every
    other player's type: ``carrier[0, T_1*A_1 + t_1, t_2*A_2, ..., t_n*A_n] = p(t)``.
    """
    n = payoffs.shape[0]
    n_types, n_actions = payoffs.shape[1 : 1 + n], payoffs.shape[1 + n :]
    inter = [0] + [ax for i in range(n) for ax in (1 + i, 1 + n + i)]
    merged = payoffs.transpose(inter).reshape(
        (n, *(t * a for t, a in zip(n_types, n_actions)))
    )
    dtype = np.result_type(payoffs.dtype, prior.dtype)
    if dtype.kind not in "iuf":
        dtype = np.dtype(object)
    shape = (n, merged.shape[1] + n_types[0], *merged.shape[2:])
    out = np.zeros(shape, dtype=dtype)
    out[:, : merged.shape[1]] = merged
    for t in itertools.product(*(range(k) for k in n_types)):
        where = (0, n_types[0] * n_actions[0] + t[0], *(t[i] * n_actions[i] for i in range(1, n)))
        out[where] = prior[t]
    return out


def _unpack_payoffs(carrier: np.ndarray, n_types, n_actions) -> np.ndarray:
    n = len(n_types)
    rows = n_types[0] * n_actions[0]
    split = carrier[:, :rows].reshape(
        (n, *(d for i in range(n) for d in (n_types[i], n_actions[i])))
    )
    order = [0] + [1 + 2 * i for i in range(n)] + [2 + 2 * i for i in range(n)]
    out = split.transpose(order)
    out.setflags(write=False)
    return out


def _unpack_prior(carrier: np.ndarray, n_types, n_actions) -> np.ndarray:
    n = len(n_types)
    rows = n_types[0] * n_actions[0]
    others = (slice(0, n_types[i] * n_actions[i], n_actions[i]) for i in range(1, n))
    index: tuple[Any, ...] = (0, slice(rows, rows + n_types[0]), *others)
    out = np.array(carrier[index])
    out.setflags(write=False)
    return out


# --------------------------------------------------------------------- validation
def _names_per_player(given, counts, what: str, prefix: str, players) -> tuple:
    n = len(counts)
    if given is None:
        return tuple(tuple(f"{prefix}{j + 1}" for j in range(c)) for c in counts)
    if isinstance(given, (str, bytes)) or len(given) != n:
        raise InvalidGameError(
            f"{what} must give one sequence of names per player ({n}); got {given!r}."
        )
    out = []
    for names, count, player in zip(given, counts, players):
        if isinstance(names, (str, bytes)):
            raise InvalidGameError(
                f"{what} of {player!r} must be a sequence of names, not the string {names!r}."
            )
        names = tuple(names)
        if len(names) != count:
            raise InvalidGameError(
                f"{what} of {player!r}: the payoffs have {count} but {len(names)} names were "
                f"given ({names!r}); give exactly one name each."
            )
        if any(not isinstance(x, str) or not x for x in names):
            raise InvalidGameError(
                f"{what} of {player!r} must be non-empty strings; got {names!r}."
            )
        if len(set(names)) != len(names):
            raise InvalidGameError(f"{what} of {player!r} must be unique; got {names!r}.")
        out.append(names)
    return tuple(out)


def _lookup(key: str | int, names: tuple[str, ...], kind: str) -> int:
    if isinstance(key, (int, np.integer)) and not isinstance(key, (bool, np.bool_)):
        if not -len(names) <= key < len(names):
            raise InvalidGameError(
                f"{kind} index {key} is out of range: there are {len(names)} ({', '.join(names)})."
            )
        return int(key) % len(names)
    if isinstance(key, str):
        if key in names:
            return names.index(key)
        raise unknown_name(kind, key, names)
    raise InvalidGameError(f"a {kind} is given by name (str) or index (int); got {key!r}.")


def _is_zero(x: Any) -> bool:
    if isinstance(x, sympy.Basic):
        return x.is_zero is True
    return x == 0


#: Games a user might pass where an array belongs.
_GAMES = (NormalFormGame, BayesianGame)
