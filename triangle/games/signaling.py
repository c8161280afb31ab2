"""Signalling games: a sender with a private type sends a message, a receiver acts on it.

Nature draws the sender's type ``t`` from a prior; the sender, knowing ``t``, sends a
message ``m``; the receiver sees ``m`` (not ``t``) and chooses an action ``a``. Both
payoffs depend on ``(t, m, a)`` (Spence 1973; Cho and Kreps 1987; Fudenberg and Tirole
1991, section 8.2). The solution concept is the perfect Bayesian equilibrium
(:func:`triangle.solvers.signaling.perfect_bayesian_equilibria`).
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from triangle.errors import InvalidGameError, unknown_name
from triangle.games._type_checks import as_array as _as_array
from triangle.games._type_checks import check_entries as _check_entries
from triangle.games._type_checks import check_prior as _check_prior
from triangle.games._type_checks import number_text
from triangle.games.aliases import PayoffsLike, ProbabilitiesLike, TermsLike
from triangle.games.bayesian import BayesianGame
from triangle.games.normal_form import NormalFormGame

if TYPE_CHECKING:  # the solver is imported when the method runs (it sits a layer up)
    from triangle.solvers.signaling import PerfectBayesianEquilibria
    from triangle.solvers.signaling_conditions import ConditionalPerfectBayesianEquilibria

__all__ = ["SignalingGame"]



class SignalingGame:
    """A finite sender-receiver signalling game.

    Parameters
    ----------
    payoffs
        Array-like of shape ``(2, T, M, A)``: ``payoffs[0, t, m, a]`` is the sender's and
        ``payoffs[1, t, m, a]`` the receiver's payoff when the sender of type ``t`` sends
        ``m`` and the receiver answers ``a``. Numbers or sympy expressions in factors.
    prior
        The probability of each type, shape ``(T,)``: positive, summing to one (within
        ``1e-9`` for floats), or symbolic entries that provably sum to one.
    types, messages, actions
        The names of the sender's types, the messages and the receiver's actions.
    players
        The names of the sender and of the receiver.
    terms
        Optional, keyword-only: the documented payoff terms the payoffs came from.

    Examples
    --------
    Cho and Kreps' beer-quiche game (1987): a weak (1/10) or strong (9/10) sender has
    breakfast; the receiver, who wants to duel only the weak, sees what it was.

    >>> import triangle as tri
    >>> u = np.zeros((2, 2, 2, 2))                  # (player, type, message, action)
    >>> u[0, 0] = [[2, 0], [3, 1]]                  # weak: beer, quiche x (not, duel)
    >>> u[0, 1] = [[3, 1], [2, 0]]                  # strong prefers beer
    >>> u[1, 0] = [[0, 1], [0, 1]]                  # receiver: duel the weak
    >>> u[1, 1] = [[1, 0], [1, 0]]                  # ... not the strong
    >>> g = tri.SignalingGame(u, [0.1, 0.9], types=("weak", "strong"),
    ...                       messages=("beer", "quiche"), actions=("not", "duel"))
    >>> for eq in g.perfect_bayesian_equilibria():
    ...     print(eq.kind, eq.sender["weak"], eq.beliefs["quiche"]["weak"], eq.intuitive)
    pooling {'beer': 1, 'quiche': 0} (Fraction(1, 2), 1) True
    pooling {'beer': 0, 'quiche': 1} 1/10 False
    """

    __slots__ = ("_actions", "_carrier", "_messages", "_types", "terms")

    def __init__(
        self,
        payoffs: PayoffsLike,
        prior: ProbabilitiesLike,
        types: Sequence[str],
        messages: Sequence[str],
        actions: Sequence[str],
        players: Sequence[str] = ("Sender", "Receiver"),
        *,
        terms: TermsLike = None,
    ) -> None:
        raw = _as_array(payoffs, "payoffs", _GAMES)
        if raw.ndim != 4 or raw.shape[0] != 2:
            raise InvalidGameError(
                f"payoffs must have shape (2, T, M, A): the sender's and the receiver's "
                f"payoff for each type, message and action; got shape {raw.shape}."
            )
        if 0 in raw.shape:
            raise InvalidGameError(
                f"a signalling game needs at least one type, message and action; payoffs "
                f"have shape {raw.shape}."
            )
        pr = _as_array(prior, "prior", _GAMES)
        if pr.shape != (raw.shape[1],):
            raise InvalidGameError(
                f"prior must have shape (T,) = ({raw.shape[1]},), one probability per type; "
                f"got shape {pr.shape}."
            )
        _check_entries(raw, "payoff")
        _check_entries(pr, "prior probability")
        # One NormalFormGame carries payoffs and prior: rows t*M + m hold payoffs[:, t, m]
        # and rows T*M + t the prior (player 0, first column). Substitution and exact
        # conversion are then those of every other game type.
        t_count, m_count, a_count = raw.shape[1:]
        dtype = np.result_type(raw.dtype, pr.dtype)
        dtype = dtype if dtype.kind in "iuf" else np.dtype(object)
        packed = np.zeros((2, t_count * m_count + t_count, a_count), dtype=dtype)
        packed[:, : t_count * m_count] = raw.reshape(2, t_count * m_count, a_count)
        packed[0, t_count * m_count :, 0] = pr
        carrier = NormalFormGame(packed, players=players)
        self._init(carrier, types, messages, actions, terms, raw.shape[1:])

    def _init(self, carrier, types, messages, actions, terms, shape) -> None:
        self._carrier = carrier
        self._types = _names(types, shape[0], "types")
        self._messages = _names(messages, shape[1], "messages")
        self._actions = _names(actions, shape[2], "actions")
        self.terms = terms
        _check_prior(self.prior, carrier.is_symbolic, positive=True)

    # ----------------------------------------------------------------- properties
    @property
    def players(self) -> tuple[str, ...]:
        """The sender's and the receiver's names."""
        return self._carrier.players

    @property
    def types(self) -> tuple[str, ...]:
        """The sender's types."""
        return self._types

    @property
    def messages(self) -> tuple[str, ...]:
        """The messages the sender can send."""
        return self._messages

    @property
    def actions(self) -> tuple[str, ...]:
        """The receiver's actions."""
        return self._actions

    @property
    def shape(self) -> tuple[int, int, int]:
        """``(T, M, A)``: the numbers of types, messages and actions."""
        return (len(self._types), len(self._messages), len(self._actions))

    @property
    def is_symbolic(self) -> bool:
        """True when some payoff or prior probability depends on a free factor."""
        return self._carrier.is_symbolic

    @property
    def factors(self) -> dict[str, sympy.Symbol]:
        """The free symbols of payoffs and prior, by name (sorted)."""
        return self._carrier.factors

    @property
    def payoffs(self) -> np.ndarray:
        """Payoffs ``(2, T, M, A)``: floats, or sympy expressions for a symbolic game."""
        return self._unpack(self._carrier.payoffs)[0]

    @property
    def prior(self) -> np.ndarray:
        """The prior over types: floats, or sympy expressions."""
        return self._unpack(self._carrier.payoffs)[1]

    @property
    def exact_payoffs(self) -> np.ndarray:
        """Payoffs as :class:`fractions.Fraction` (floats read by their shortest decimal).

        >>> SignalingGame([[[[0.1]]], [[[0]]]], [1], ("t",), ("m",), ("a",)).exact_payoffs[0]
        array([[[Fraction(1, 10)]]], dtype=object)
        """
        return self._unpack(self._carrier.exact_payoffs)[0]

    @property
    def exact_prior(self) -> np.ndarray:
        """The prior as :class:`fractions.Fraction`, normalised to sum to exactly one.

        >>> g = SignalingGame(np.zeros((2, 2, 1, 1)), [0.1, 0.9], ("a", "b"), ("m",), ("x",))
        >>> g.exact_prior
        array([Fraction(1, 10), Fraction(9, 10)], dtype=object)
        """
        p = self._unpack(self._carrier.exact_payoffs)[1]
        return p / sum(p)

    def _unpack(self, packed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        t, m, a = self.shape
        payoffs = packed[:, : t * m].reshape(2, t, m, a)
        prior = np.array(packed[0, t * m :, 0])
        payoffs.setflags(write=False)
        prior.setflags(write=False)
        return payoffs, prior

    # ----------------------------------------------------------------- operations
    def subs(self, mapping: Mapping[str | sympy.Symbol, Any]) -> SignalingGame:
        """Substitute values for factors (payoffs and prior), as ``NormalFormGame.subs``.

        >>> c = sympy.Symbol("cost")
        >>> g = SignalingGame([[[[1 - c]]], [[[0]]]], [1], ("t",), ("m",), ("a",))
        >>> g.subs({"cost": 0.25}).payoffs[0, 0, 0, 0].item()
        0.75
        """
        new = self._carrier.subs(mapping)
        if new is self._carrier:
            return self
        out = SignalingGame.__new__(SignalingGame)
        out._init(new, self._types, self._messages, self._actions, self.terms, self.shape)
        return out

    def to_bayesian(self) -> BayesianGame:
        """The same game as a :class:`~triangle.BayesianGame` in plans.

        The sender has the game's types and chooses a message; the receiver has one type
        and chooses a plan ``message -> action`` (named by its actions in message order,
        joined by ``"/"``). Its Bayesian equilibria are the Nash equilibria of the
        signalling game; the perfect Bayesian equilibria are among them.

        >>> g = SignalingGame(np.zeros((2, 2, 2, 2)), [0.5, 0.5], ("a", "b"), ("m", "n"),
        ...                   ("x", "y"))
        >>> g.to_bayesian().actions
        (('m', 'n'), ('x/x', 'x/y', 'y/x', 'y/y'))
        """
        t, m, a = self.shape
        if m > 1 and any("/" in x for x in self._actions):
            raise InvalidGameError(
                f"action names contain '/', which separates the messages' actions in the "
                f"receiver's plan names ({self._actions!r}); rename them."
            )
        payoffs, prior = self._values_for_export()
        plans = list(itertools.product(range(a), repeat=m))
        out = np.empty((2, t, 1, m, len(plans)), dtype=payoffs.dtype)
        for k, plan in enumerate(plans):
            for msg in range(m):
                out[:, :, 0, msg, k] = payoffs[:, :, msg, plan[msg]]
        return BayesianGame(
            out,
            np.array(prior).reshape(t, 1),
            players=self.players,
            types=(self._types, ("-",)),
            actions=(self._messages, tuple("/".join(self._actions[j] for j in p) for p in plans)),
            terms=self.terms,
        )

    def to_normal_form(self) -> NormalFormGame:
        """The ex-ante normal form: sender plans ``type -> message``, receiver plans.

        >>> g = SignalingGame(np.zeros((2, 2, 2, 2)), [0.5, 0.5], ("a", "b"), ("m", "n"),
        ...                   ("x", "y"))
        >>> g.to_normal_form().shape
        (4, 4)
        """
        return self.to_bayesian().to_normal_form()

    def perfect_bayesian_equilibria(
        self, bounds: Mapping[str, tuple[Any, Any]] | None = None
    ) -> PerfectBayesianEquilibria | ConditionalPerfectBayesianEquilibria:
        """Every perfect Bayesian equilibrium in pure sender strategies, and the hybrid ones.

        Numeric games give a list of
        :class:`~triangle.solvers.signaling.PerfectBayesianEquilibrium`, computed exactly
        for rational payoffs; symbolic games give conditions on the factors for each
        pure equilibrium (``bounds``, ``{factor: (low, high)}``, restricts the factors).
        See :func:`triangle.solvers.signaling.perfect_bayesian_equilibria`.

        >>> g = SignalingGame(np.zeros((2, 1, 2, 1)), [1], ("t",), ("m", "n"), ("a",))
        >>> [eq.on_path for eq in g.perfect_bayesian_equilibria()]
        [('m',), ('n',)]
        """
        from triangle.solvers.signaling import perfect_bayesian_equilibria

        return perfect_bayesian_equilibria(self, bounds)

    def _values_for_export(self) -> tuple[np.ndarray, np.ndarray]:
        if self.is_symbolic:
            return self.payoffs, self.prior
        try:
            return self.exact_payoffs, self.exact_prior
        except InvalidGameError:  # irrational numbers
            return self.payoffs, self.prior

    def index(self, kind: str, name: str | int) -> int:
        """The index of a type, message or action (``kind``) given by name or index.

        >>> g = SignalingGame(np.zeros((2, 1, 2, 1)), [1], ("t",), ("beer", "quiche"), ("x",))
        >>> g.index("message", "quiche")
        1
        """
        names = {"type": self._types, "message": self._messages, "action": self._actions}
        if kind not in names:
            raise unknown_name("kind", kind, names)
        known = names[kind]
        if isinstance(name, (int, np.integer)) and not isinstance(name, bool):
            if not -len(known) <= name < len(known):
                raise InvalidGameError(f"{kind} index {name} is out of range ({len(known)}).")
            return int(name) % len(known)
        if name in known:
            return known.index(name)
        raise unknown_name(kind, name, known)

    # ----------------------------------------------------------------- display
    def __repr__(self) -> str:
        kind = "symbolic" if self.is_symbolic else "numeric"
        return (
            f"<SignalingGame {kind}, types={self._types}, messages={self._messages}, "
            f"actions={self._actions}>"
        )

    def __str__(self) -> str:
        """Plain-text payoff tables, one per type (cells: sender, receiver).

        >>> print(SignalingGame([[[[1, 0]]], [[[2, 3]]]], [1], ("t",), ("m",), ("x", "y")))
        Signalling game: Sender -> Receiver
        type t (prior 1):
             x     y
          m  1, 2  0, 3
        """
        lines = [f"Signalling game: {self.players[0]} -> {self.players[1]}"]
        prior, payoffs = self.prior, self.payoffs
        _, m_count, a_count = self.shape
        for t, name in enumerate(self._types):
            lines.append(f"type {name} (prior {number_text(prior[t])}):")
            cells = [
                [_cell(payoffs, t, m, a) for a in range(a_count)]
                for m in range(m_count)
            ]
            first = max(len(m) for m in self._messages)
            widths = [
                max(len(self._actions[a]), *(len(row[a]) for row in cells)) for a in range(a_count)
            ]
            head = "  ".join(a.ljust(w) for a, w in zip(self._actions, widths))
            lines.append(f"  {' ' * first}  {head}".rstrip())
            for msg, row in zip(self._messages, cells):
                body = "  ".join(c.ljust(w) for c, w in zip(row, widths))
                lines.append(f"  {msg.ljust(first)}  {body}".rstrip())
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        prior, payoffs = self.prior, self.payoffs
        head = "".join(f"<th>{html.escape(a)}</th>" for a in self._actions)
        parts = [
            f"<p><b>Signalling game</b>: {html.escape(self.players[0])} sends a message, "
            f"{html.escape(self.players[1])} acts; cells are (sender, receiver) payoffs.</p>"
        ]
        for t, name in enumerate(self._types):
            rows = "".join(
                f"<tr><th>{html.escape(msg)}</th>"
                + "".join(
                    f"<td>{html.escape(number_text(payoffs[0, t, m, a]))}, "
                    f"{html.escape(number_text(payoffs[1, t, m, a]))}</td>"
                    for a in range(len(self._actions))
                )
                + "</tr>"
                for m, msg in enumerate(self._messages)
            )
            parts.append(
                f"<p>type {html.escape(name)}: prior {html.escape(number_text(prior[t]))}</p>"
                f"<table><tr><th></th>{head}</tr>{rows}</table>"
            )
        return "<div>" + "".join(parts) + "</div>"


# --------------------------------------------------------------------- validation
def _names(names: Sequence[str], count: int, what: str) -> tuple[str, ...]:
    if isinstance(names, (str, bytes)):
        raise InvalidGameError(f"{what} must be a sequence of names, not the string {names!r}.")
    names = tuple(names)
    if len(names) != count:
        raise InvalidGameError(
            f"{what}: the payoffs have {count} but {len(names)} names were given ({names!r}); "
            f"give exactly one name each."
        )
    if any(not isinstance(x, str) or not x for x in names):
        raise InvalidGameError(f"{what} must be non-empty strings; got {names!r}.")
    if len(set(names)) != len(names):
        raise InvalidGameError(f"{what} must be unique; got {names!r}.")
    return names


def _cell(payoffs: np.ndarray, t: int, m: int, a: int) -> str:
    return f"{number_text(payoffs[0, t, m, a])}, {number_text(payoffs[1, t, m, a])}"


#: Games a user might pass where an array belongs.
_GAMES = (NormalFormGame, BayesianGame, SignalingGame)
