"""Perfect Bayesian equilibria of signalling games, in exact arithmetic.

A perfect Bayesian equilibrium (PBE) of a :class:`~triangle.SignalingGame` is an
assessment: the sender's strategy ``sender[type][message]``, the receiver's strategy
``receiver[message][action]`` and the receiver's beliefs ``beliefs[message][type]``, such
that (Fudenberg and Tirole 1991, definition 8.1)

1. each type of sender sends only messages that maximise its payoff, given the receiver;
2. after each message, the receiver plays only best replies to its belief;
3. after a message some type sends (on the path), the belief follows from the prior and
   the sender's strategy by Bayes' rule; after any other message (off the path) it is
   arbitrary, and the equilibrium reports the whole set of beliefs that support it.

The enumeration (:func:`perfect_bayesian_equilibria`) is exhaustive over its scope,
which is written out in its docstring; every equilibrium is checked against the
definition above by :func:`check_assessment`, which shares no code with the enumeration.
Each equilibrium also says whether it survives Cho and Kreps' intuitive criterion.

References: ``cho1987``, ``fudenberg1991`` (Spence 1973 is not yet in the bibliography).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from triangle.citations import register as _cite
from triangle.errors import InvalidGameError, SolverError
from triangle.games.aliases import FrameLike
from triangle.games.results import SolverResult
from triangle.games.signaling import SignalingGame
from triangle.registries import check_flag, check_sequence

if TYPE_CHECKING:
    from triangle.solvers.signaling_conditions import ConditionalPerfectBayesianEquilibria

__all__ = [
    "PerfectBayesianEquilibria",
    "PerfectBayesianEquilibrium",
    "check_assessment",
    "perfect_bayesian_equilibria",
]


# --------------------------------------------------------------------------- results
@dataclass(frozen=True, eq=False)
class PerfectBayesianEquilibrium:
    """One perfect Bayesian equilibrium of a signalling game.

    Attributes
    ----------
    sender
        ``sender[type][message]``: the probability that the type sends the message.
    receiver
        ``receiver[message][action]``: the probability of the action after the message.
    beliefs
        ``beliefs[message][type]``: after a message on the path, the posterior probability
        of the type (Bayes' rule); after a message off the path, the ``(low, high)`` range
        of that probability over the beliefs that support the receiver's response. With
        two types the set of supporting beliefs is exactly that interval; with more, it
        is a polytope and the pairs are its ranges type by type. For a symbolic game,
        off-path entries are conditions on the belief symbol ``mu(type|message)``.
    kind
        ``"pooling"`` (every type sends the same message), ``"separating"`` (each type
        its own message) or ``"hybrid"`` (semi-separating: some type mixes, or some but
        not all types pool).
    intuitive
        Whether the equilibrium survives the Cho-Kreps intuitive criterion (``None`` for
        a symbolic game: substitute values to decide it).
    sender_payoffs
        The sender's equilibrium payoff by type.
    payoffs
        The sender's and the receiver's ex-ante expected payoffs.
    """

    sender: dict[str, dict[str, Any]]
    receiver: dict[str, dict[str, Any]]
    beliefs: dict[str, dict[str, Any]]
    kind: str
    intuitive: bool | None
    sender_payoffs: dict[str, Any]
    payoffs: tuple[Any, Any]
    on_path: tuple[str, ...]

    @property
    def off_path(self) -> tuple[str, ...]:
        """The messages no type sends."""
        return tuple(m for m in self.receiver if m not in self.on_path)

    @property
    def is_pure(self) -> bool:
        """True when sender and receiver both play pure strategies."""
        return all(
            sum(1 for x in row.values() if x != 0) == 1
            for row in (*self.sender.values(), *self.receiver.values())
        )

    def __repr__(self) -> str:
        sender = ", ".join(f"{t}->{_mix(row)}" for t, row in self.sender.items())
        receiver = ", ".join(f"{m}->{_mix(row)}" for m, row in self.receiver.items())
        off = []
        for m in self.off_path:
            first, bounds = next(iter(self.beliefs[m].items()))
            if isinstance(bounds, tuple):
                off.append(f"P({first}|{m}) in [{_fmt(bounds[0])}, {_fmt(bounds[1])}]")
            else:
                off.append(f"beliefs after {m}: {bounds}")
        tail = {True: "; intuitive", False: "; not intuitive", None: ""}[self.intuitive]
        beliefs = f"; {'; '.join(off)}" if off else ""
        return (
            f"PerfectBayesianEquilibrium({self.kind}; sender {sender}; receiver {receiver}"
            f"{beliefs}{tail})"
        )


class PerfectBayesianEquilibria(SolverResult, list):
    """A list of :class:`PerfectBayesianEquilibrium`, with what the enumeration learnt.

    Attributes
    ----------
    degenerate
        True when payoff ties make continua of equilibria that are not listed (each is
        described in ``notes``).
    notes
        Ties, continua and anything else outside the enumeration's scope.

    >>> import numpy as np, triangle as tri
    >>> g = tri.SignalingGame(np.zeros((2, 1, 1, 1)), [1], ("t",), ("m",), ("a",))
    >>> g.perfect_bayesian_equilibria()
    PerfectBayesianEquilibria([PerfectBayesianEquilibrium(separating; sender t->m; receiver m->a; intuitive)])
    """  # noqa: E501

    def __init__(
        self,
        items: Any = (),
        *,
        degenerate: bool = False,
        notes: tuple[str, ...] = (),
    ) -> None:
        check_sequence(items, "items")
        check_sequence(notes, "notes")
        check_flag(degenerate, "degenerate")
        super().__init__(items)
        self._solved_now()
        self.degenerate = degenerate
        self.notes = tuple(notes)

    def __repr__(self) -> str:
        body = ",\n ".join(repr(e) for e in self)
        flag = ", degenerate" if self.degenerate else ""
        return f"PerfectBayesianEquilibria([{body}]{flag})"

    def _table(self) -> tuple[list[str], list[list[Any]]]:
        # one row per equilibrium: kind, strategies, beliefs
        rows: list[list[Any]] = []
        for k, e in enumerate(self, 1):
            sender = "; ".join(f"{t} sends {_mix(row)}" for t, row in e.sender.items())
            receiver = "; ".join(f"after {m}: {_mix(row)}" for m, row in e.receiver.items())
            beliefs = "; ".join(f"after {m}: {e.beliefs[m]}" for m in e.off_path) or "-"
            rows.append([k, e.kind, sender, receiver, beliefs,
                         {True: "yes", False: "no", None: "-"}[e.intuitive]])
        return ["#", "kind", "sender", "receiver", "off-path beliefs", "intuitive"], rows

    def _repr_html_(self) -> str:
        from triangle.games.display import result_html

        return result_html("Perfect Bayesian equilibria", f"{len(self)} found",
                           *self._table(), notes=self.notes)

    def to_latex(self, caption: str | None = None, label: str | None = None) -> str:
        r"""The equilibria as a booktabs table (kind, strategies, off-path beliefs, the
        intuitive criterion), with the provenance in ``%`` lines above it.

        >>> import triangle as tri
        >>> u = [[[[1, 0], [1, 0]], [[0, 1], [0, 1]]], [[[1, 0], [1, 0]], [[0, 1], [0, 1]]]]
        >>> g = tri.SignalingGame(u, [0.5, 0.5], ["t1", "t2"], ["m1", "m2"], ["a1", "a2"])
        >>> text = g.perfect_bayesian_equilibria().to_latex()
        >>> text.startswith("% provenance: triangle"), "\\toprule" in text
        (True, True)
        """
        return self._booktabs(*self._table(),
                              caption or f"{len(self)} perfect Bayesian equilibria", label)

    def to_frame(self) -> FrameLike:
        """The equilibria as a :class:`pandas.DataFrame` (the ``pandas`` extra)."""
        from triangle.games.display import frame

        return frame(*self._table())


# --------------------------------------------------------------------------- solver
def perfect_bayesian_equilibria(
    game: SignalingGame, bounds: Mapping[str, tuple[Any, Any]] | None = None
) -> PerfectBayesianEquilibria | ConditionalPerfectBayesianEquilibria:
    """Every PBE in pure sender strategies, and the hybrid ones for two types.

    Scope (what "every" covers):

    - **Pure sender strategies** (all ``M ** T``). On the path the receiver plays each pure
      best reply to its Bayes posterior; off the path each pure action that is a best
      reply to some belief and leaves no type a profitable deviation, with the interval
      (two types) of beliefs that make it a best reply. A tie on the path (the receiver
      indifferent, so that it could also mix) is listed by its pure replies and noted.
    - **Hybrid equilibria, two types**: one type sends one message ``m``; the other mixes
      between ``m`` and a message ``m'`` of its own. The belief after ``m`` must then make
      the receiver indifferent between two actions, which it mixes so that the mixing
      type is indifferent (Gibbons 1992, section 4.2.C; Fudenberg and Tirole 1991,
      section 8.2). Hybrids that need an exact payoff tie of the sender instead form a
      continuum: they are described in ``result.notes`` (``result.degenerate``).
    - Not covered: the receiver mixing off the path, or at more than one message; both
      types mixing; hybrids with three or more types.

    Arithmetic is exact: rational payoffs and priors (floats are read by their shortest
    decimal) give :class:`fractions.Fraction` beliefs and probabilities. A symbolic game
    gives, for each pure candidate, the conditions on the factors under which it is a PBE
    (:class:`~triangle.solvers.signaling_conditions.ConditionalPerfectBayesianEquilibria`);
    ``bounds`` (``{factor: (low, high)}``) restricts the factors there.

    The intuitive criterion (Cho and Kreps 1987): for an off-path message ``m``, let
    ``J`` be the types for which ``m`` is *equilibrium-dominated* (their equilibrium
    payoff beats anything a best reply to any belief after ``m`` could give them). The
    equilibrium fails the criterion if some type would gain by sending ``m`` whatever the
    receiver answers, as long as its answer is a best reply to a belief that puts no
    weight on ``J``.

    Examples
    --------
    Beer-quiche (Cho and Kreps 1987): both pooling equilibria are PBE, and only pooling on
    beer is intuitive (a strong sender would gain by breakfasting on beer off the path).

    >>> import numpy as np, triangle as tri
    >>> u = np.zeros((2, 2, 2, 2))
    >>> u[0, 0], u[0, 1] = [[2, 0], [3, 1]], [[3, 1], [2, 0]]
    >>> u[1, 0], u[1, 1] = [[0, 1], [0, 1]], [[1, 0], [1, 0]]
    >>> g = tri.SignalingGame(u, [0.1, 0.9], ("weak", "strong"), ("beer", "quiche"),
    ...                       ("not", "duel"))
    >>> for eq in perfect_bayesian_equilibria(g):
    ...     print(eq)
    PerfectBayesianEquilibrium(pooling; sender weak->beer, strong->beer; receiver beer->not, quiche->duel; P(weak|quiche) in [1/2, 1]; intuitive)
    PerfectBayesianEquilibrium(pooling; sender weak->quiche, strong->quiche; receiver beer->duel, quiche->not; P(weak|beer) in [1/2, 1]; not intuitive)
    """  # noqa: E501
    if not isinstance(game, SignalingGame):
        raise InvalidGameError(
            f"perfect_bayesian_equilibria takes a SignalingGame; got {type(game).__name__}."
        )
    _cite("cho1987", "fudenberg1991")
    if game.is_symbolic:
        from triangle.solvers.signaling_conditions import conditional_pbe

        return conditional_pbe(game, bounds)
    solver = _Enumeration(game)
    solver.pure()
    if len(game.types) == 2:
        solver.hybrid()
    out = []
    for raw in solver.found:
        eq = solver.build(*raw)
        problems = check_assessment(game, eq.sender, eq.receiver, eq.beliefs)
        if problems:
            raise SolverError(
                f"the PBE enumeration produced an assessment that fails the check "
                f"({'; '.join(problems)}): {eq!r}. Please report this with the game."
            )
        out.append(eq)
    return PerfectBayesianEquilibria(
        out, degenerate=solver.degenerate, notes=tuple(dict.fromkeys(solver.notes))
    )


def exact_values(game: SignalingGame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sender payoffs ``(T, M, A)``, receiver payoffs and prior, exact.

    Fractions for rational games; sympy numbers (compared exactly) for irrational ones.

    >>> g = SignalingGame([[[[0.5]]], [[[1]]]], [1], ("t",), ("m",), ("a",))
    >>> exact_values(g)[0]
    array([[[Fraction(1, 2)]]], dtype=object)
    """
    try:
        u, p = game.exact_payoffs, game.exact_prior
    except InvalidGameError:
        u = np.vectorize(sympy.sympify, otypes=[object])(game.payoffs)
        p = np.array([sympy.sympify(x) for x in game.prior], dtype=object)
    return u[0], u[1], p


class _Enumeration:
    """The state of one enumeration: exact values, belief regions, results and notes."""

    def __init__(self, game: SignalingGame) -> None:
        self.game = game
        self.us, self.ur, self.p = exact_values(game)
        self.t_count, self.m_count, self.a_count = game.shape
        everyone = tuple(range(self.t_count))
        # region[m][a]: per type, the (low, high) range of beliefs after m for which a is
        # a best reply (None: a is a best reply to no belief).
        self.region = [
            [belief_ranges(self.ur, m, a, everyone) for a in range(self.a_count)]
            for m in range(self.m_count)
        ]
        self.found: list[tuple] = []
        self.notes: list[str] = []
        self.degenerate = False

    # ------------------------------------------------------------------ pure senders
    def pure(self) -> None:
        T, M = self.t_count, self.m_count
        for s in itertools.product(range(M), repeat=T):
            sigma = [[1 if s[t] == m else 0 for m in range(M)] for t in range(T)]
            posts = {m: self.posterior(sigma, m) for m in sorted(set(s))}
            replies = {m: self.best_replies(m, post) for m, post in posts.items()}
            for m, br in replies.items():
                if len(br) > 1:
                    self.note_tie(m, br, f"sender strategy {self.sender_text(s)}")
            for choice in itertools.product(*replies.values()):
                rho = {m: self.unit(a) for m, a in zip(replies, choice)}
                self.complete(sigma, rho, posts, _kind(s, T))

    # ------------------------------------------------------------------ hybrids
    def hybrid(self) -> None:
        """Two types: type k mixes between j's message m and a message m2 of its own."""
        us = self.us
        for k in (0, 1):
            j = 1 - k
            for m, m2 in itertools.permutations(range(self.m_count), 2):
                own = [Fraction(0)] * 2
                own[k] = Fraction(1)
                replies2 = self.best_replies(m2, own)
                if len(replies2) > 1:
                    self.note_tie(m2, replies2, f"a hybrid in which {self.game.types[k]} mixes")
                for a2 in replies2:
                    v_k = us[k, m2, a2]
                    for a, b in itertools.combinations(range(self.a_count), 2):
                        self._mixing_receiver(k, j, m, m2, a2, a, b, v_k)
                    for a in range(self.a_count):
                        if us[k, m, a] == v_k:
                            self._tied_sender(k, j, m, m2, a2, a)

    def _mixing_receiver(self, k, j, m, m2, a2, a, b, v_k) -> None:
        p, us, ur = self.p, self.us, self.ur
        d_k = ur[k, m, a] - ur[k, m, b]
        d_j = ur[j, m, a] - ur[j, m, b]
        if d_k == d_j:
            if d_k == 0 and us[k, m, a] != us[k, m, b]:
                self.notes.append(
                    f"the receiver is indifferent between {self.game.actions[a]} and "
                    f"{self.game.actions[b]} after {self.game.messages[m]} whatever it "
                    f"believes: hybrids in which it mixes them there are not listed"
                )
            return
        x = d_j / (d_j - d_k)  # the belief in type k that makes a and b equally good
        if not 0 < x < p[k]:  # beliefs reachable with k mixing strictly: (0, p_k)
            return
        belief = [Fraction(0)] * 2
        belief[k], belief[j] = x, 1 - x
        if not {a, b} <= set(self.best_replies(m, belief)):
            return
        if us[k, m, a] == us[k, m, b]:
            return  # k cannot be made indifferent by the receiver's mixing (tie: noted)
        lam = (v_k - us[k, m, b]) / (us[k, m, a] - us[k, m, b])
        if not 0 < lam < 1:
            return
        sigma_k = x * p[j] / (p[k] * (1 - x))
        sigma = [[Fraction(0)] * self.m_count for _ in range(2)]
        sigma[j][m] = Fraction(1)
        sigma[k][m], sigma[k][m2] = sigma_k, 1 - sigma_k
        rho = {m: [Fraction(0)] * self.a_count, m2: self.unit(a2)}
        rho[m][a], rho[m][b] = lam, 1 - lam
        posts = {m: belief, m2: self.posterior(sigma, m2)}
        self.complete(sigma, rho, posts, "hybrid")

    def _tied_sender(self, k, j, m, m2, a2, a) -> None:
        """k indifferent while the receiver plays a pure action a after m.

        Every mixture of k whose belief after m keeps a a best reply is then an
        equilibrium (if the rest holds): a continuum when those beliefs form an interval,
        one hybrid when they are a single point (the receiver then is indifferent too).
        """
        if self.region[m][a] is None:
            return
        lo, hi = self.region[m][a][k]
        lo, hi = max(lo, Fraction(0)), min(hi, self.p[k])
        if lo > hi or hi <= 0 or lo >= self.p[k]:
            return
        sigma = [[Fraction(0)] * self.m_count for _ in range(2)]
        sigma[j][m] = Fraction(1)
        rho = {m: self.unit(a), m2: self.unit(a2)}
        if lo == hi:
            x = lo
            sigma_k = x * self.p[j] / (self.p[k] * (1 - x))
            sigma[k][m], sigma[k][m2] = sigma_k, 1 - sigma_k
            belief = [Fraction(0)] * 2
            belief[k], belief[j] = x, 1 - x
            self.complete(sigma, rho, {m: belief, m2: self.posterior(sigma, m2)}, "hybrid")
            return
        sigma[k][m2] = Fraction(1)  # the payoffs do not depend on k's mixture
        if self.incentive_compatible(sigma, rho) and self.deterrents(sigma, rho) is not None:
            self.degenerate = True
            g = self.game
            self.notes.append(
                f"continuum of hybrid equilibria: {g.types[j]} sends {g.messages[m]}, "
                f"{g.types[k]} mixes {g.messages[m]} and {g.messages[m2]} (a sender tie), "
                f"the receiver answers {g.actions[a]} to {g.messages[m]} and {g.actions[a2]} "
                f"to {g.messages[m2]}, for every belief P({g.types[k]}|{g.messages[m]}) in "
                f"({_fmt(lo)}, {_fmt(hi)}) within (0, prior); not listed"
            )

    # ------------------------------------------------------------------ completion
    def complete(self, sigma, rho, posts, kind) -> None:
        """Check the sender's incentives on the path; add every deterring off-path reply."""
        if not self.incentive_compatible(sigma, rho):
            return
        deter = self.deterrents(sigma, rho)
        if deter is None:
            return
        off = sorted(deter)
        for choice in itertools.product(*(deter[m] for m in off)):
            full = dict(rho)
            full.update({m: self.unit(a) for m, a in zip(off, choice)})
            self.found.append((sigma, full, posts, dict(zip(off, choice)), kind))

    def values(self, sigma, rho) -> list:
        """Each type's equilibrium payoff (it is indifferent on its support)."""
        out = []
        for t in range(self.t_count):
            m = next(m for m in range(self.m_count) if sigma[t][m] != 0)
            out.append(sum(r * self.us[t, m, a] for a, r in enumerate(rho[m])))
        return out

    def incentive_compatible(self, sigma, rho) -> bool:
        u_star = self.values(sigma, rho)
        for t in range(self.t_count):
            for m, r in rho.items():
                v = sum(x * self.us[t, m, a] for a, x in enumerate(r))
                if v > u_star[t]:
                    return False
        return True

    def deterrents(self, sigma, rho) -> dict | None:
        """Off-path messages: the pure replies (to some belief) that deter every type."""
        u_star = self.values(sigma, rho)
        deter = {}
        for m in range(self.m_count):
            if m in rho:
                continue
            ok = [
                a
                for a in range(self.a_count)
                if self.region[m][a] is not None
                and all(self.us[t, m, a] <= u_star[t] for t in range(self.t_count))
            ]
            if not ok:
                return None
            deter[m] = ok
        return deter

    # ------------------------------------------------------------------ helpers
    def posterior(self, sigma, m) -> list:
        weights = [self.p[t] * sigma[t][m] for t in range(self.t_count)]
        total = sum(weights)
        return [w / total for w in weights]

    def best_replies(self, m, belief) -> list[int]:
        values = [
            sum(belief[t] * self.ur[t, m, a] for t in range(self.t_count))
            for a in range(self.a_count)
        ]
        best = max(values)
        return [a for a, v in enumerate(values) if v == best]

    def unit(self, a: int) -> list:
        return [Fraction(int(b == a)) for b in range(self.a_count)]

    def note_tie(self, m: int, replies: list[int], where: str) -> None:
        g = self.game
        names = ", ".join(g.actions[a] for a in replies)
        self.notes.append(
            f"after {g.messages[m]} the receiver is indifferent between {names} ({where}): "
            f"its pure replies are listed, not its mixtures"
        )

    def sender_text(self, s) -> str:
        return ", ".join(f"{t}->{self.game.messages[m]}" for t, m in zip(self.game.types, s))

    def build(self, sigma, rho, posts, off_choice, kind) -> PerfectBayesianEquilibrium:
        g = self.game
        T = self.t_count
        u_star = self.values(sigma, rho)
        beliefs: dict[str, dict[str, Any]] = {}
        for m, msg in enumerate(g.messages):
            if m in posts:
                beliefs[msg] = {g.types[t]: _clean(posts[m][t]) for t in range(T)}
            else:
                ranges = self.region[m][off_choice[m]]
                beliefs[msg] = {
                    g.types[t]: (_clean(lo), _clean(hi)) for t, (lo, hi) in enumerate(ranges)
                }
        receiver_payoff = sum(
            self.p[t] * sigma[t][m] * r * self.ur[t, m, a]
            for t in range(T)
            for m, row in rho.items()
            for a, r in enumerate(row)
        )
        return PerfectBayesianEquilibrium(
            sender={
                g.types[t]: {g.messages[m]: _clean(sigma[t][m]) for m in range(self.m_count)}
                for t in range(T)
            },
            receiver={
                g.messages[m]: {g.actions[a]: _clean(x) for a, x in enumerate(rho[m])}
                for m in range(self.m_count)
            },
            beliefs=beliefs,
            kind=kind,
            intuitive=self.intuitive(u_star, posts),
            sender_payoffs={g.types[t]: _clean(u_star[t]) for t in range(T)},
            payoffs=(
                _clean(sum(self.p[t] * u_star[t] for t in range(T))),
                _clean(receiver_payoff),
            ),
            on_path=tuple(g.messages[m] for m in sorted(posts)),
        )

    def intuitive(self, u_star, posts) -> bool:
        """The Cho-Kreps intuitive criterion, message by message off the path."""
        T, A = self.t_count, self.a_count
        for m in range(self.m_count):
            if m in posts:
                continue
            rational = [a for a in range(A) if self.region[m][a] is not None]
            dominated = [
                t for t in range(T) if u_star[t] > max(self.us[t, m, a] for a in rational)
            ]
            rest = tuple(t for t in range(T) if t not in dominated)
            if not rest:
                continue
            replies = [a for a in range(A) if belief_ranges(self.ur, m, a, rest) is not None]
            for t in range(T):
                if min(self.us[t, m, a] for a in replies) > u_star[t]:
                    return False
        return True


def _kind(s: tuple[int, ...], t_count: int) -> str:
    distinct = len(set(s))
    if distinct == t_count:
        return "separating"
    return "pooling" if distinct == 1 else "hybrid"


# --------------------------------------------------------------------------- belief sets
def belief_ranges(
    ur: np.ndarray, m: int, a: int, support: tuple[int, ...]
) -> list[tuple[Any, Any]] | None:
    """Per type, the range of its probability over beliefs (on ``support``) to which ``a``
    is a best reply after ``m``; ``None`` when there is no such belief.

    Types outside ``support`` get ``(0, 0)``. Exact Fourier-Motzkin elimination over the
    simplex (small: one variable per type).

    >>> ur = np.array([[[0, 1]], [[1, 0]]], dtype=object)   # (type, message, action)
    >>> belief_ranges(ur, 0, 1, (0, 1))
    [(Fraction(1, 2), Fraction(1, 1)), (Fraction(0, 1), Fraction(1, 2))]
    """
    k = len(support)
    rows = [
        [_rational(ur[t, m, a] - ur[t, m, b]) for t in support]
        for b in range(ur.shape[2])
        if b != a
    ]
    ranges = []
    for j in range(k):
        r = _coordinate_range(rows, k, j)
        if r is None:
            return None
        ranges.append(r)
    out = [(Fraction(0), Fraction(0))] * ur.shape[0]
    for j, t in enumerate(support):
        out[t] = ranges[j]
    return out


def _coordinate_range(rows: list[list], k: int, j: int) -> tuple[Any, Any] | None:
    """Range of mu_j over {mu in simplex: rows . mu >= 0}, or None if that set is empty."""
    lo: Any
    hi: Any
    if k == 1:
        return (Fraction(1), Fraction(1)) if all(r[0] >= 0 for r in rows) else None
    if k == 2:  # one free coordinate: the interval directly (the common case)
        lo, hi = Fraction(0), Fraction(1)
        for r in rows:  # r[j] * x + r[1 - j] * (1 - x) >= 0, x = mu_j
            slope, const = r[j] - r[1 - j], r[1 - j]
            if slope > 0:
                lo = max(lo, -const / slope)
            elif slope < 0:
                hi = min(hi, -const / slope)
            elif const < 0:
                return None
        return (lo, hi) if lo <= hi else None
    e = k - 1 if j != k - 1 else 0  # the coordinate eliminated by sum(mu) = 1
    free = [i for i in range(k) if i != e]
    # c . mu = sum_{i free} (c_i - c_e) y_i + c_e >= 0, with y >= 0 and 1 - sum(y) >= 0
    system: list | None = [([r[i] - r[e] for i in free], r[e]) for r in rows]
    assert system is not None
    zero, one = Fraction(0), Fraction(1)
    for pos in range(len(free)):
        unit = [zero] * len(free)
        unit[pos] = one
        system.append((unit, zero))
    system.append(([-one] * len(free), one))
    keep = free.index(j)
    for v in range(len(free)):
        if v == keep:
            continue
        system = _eliminate(system, v)
        if system is None:
            return None
    lo = hi = None
    for coeffs, const in system:
        c = coeffs[keep]
        if c > 0:
            bound = -const / c
            lo = bound if lo is None or bound > lo else lo
        elif c < 0:
            bound = -const / c
            hi = bound if hi is None or bound < hi else hi
        elif const < 0:
            return None
    if lo is None or hi is None or lo > hi:
        return None
    return (lo, hi)


def _eliminate(system: list, v: int) -> list | None:
    """One Fourier-Motzkin step: remove variable ``v``; None when infeasible."""
    pos: list = []
    neg: list = []
    out: list = []
    for coeffs, const in system:
        (pos if coeffs[v] > 0 else neg if coeffs[v] < 0 else out).append((coeffs, const))
    for c1, k1 in pos:
        for c2, k2 in neg:
            l1, l2 = -c2[v], c1[v]
            out.append(([l1 * x + l2 * y for x, y in zip(c1, c2)], l1 * k1 + l2 * k2))
    kept, seen = [], set()
    for coeffs, const in out:
        if all(c == 0 for c in coeffs):
            if const < 0:
                return None
            continue
        scale = max(abs(c) for c in coeffs)
        key = (tuple(c / scale for c in coeffs), const / scale)
        if key not in seen:
            seen.add(key)
            kept.append((coeffs, const))
    return kept


# --------------------------------------------------------------------------- the check
def check_assessment(
    game: SignalingGame,
    sender: Mapping[str, Mapping[str, Any]],
    receiver: Mapping[str, Mapping[str, Any]],
    beliefs: Mapping[str, Mapping[str, Any]],
) -> list[str]:
    """The ways an assessment fails to be a PBE, from the definition (empty: it is one).

    ``beliefs[message]`` maps each type to a probability, or (off the path) to a
    ``(low, high)`` pair: for two types the receiver's reply must then be a best reply
    at both ends of the interval (hence everywhere in it); for more, to some belief
    within the ranges (a linear program, in floating point).

    >>> import numpy as np, triangle as tri
    >>> u = np.zeros((2, 2, 2, 2))
    >>> u[0, 0], u[0, 1] = [[2, 0], [3, 1]], [[3, 1], [2, 0]]
    >>> u[1, 0], u[1, 1] = [[0, 1], [0, 1]], [[1, 0], [1, 0]]
    >>> g = tri.SignalingGame(u, [0.1, 0.9], ("weak", "strong"), ("beer", "quiche"),
    ...                       ("not", "duel"))
    >>> check_assessment(g, {"weak": {"beer": 1}, "strong": {"beer": 1}},
    ...                  {"beer": {"not": 1}, "quiche": {"not": 1}},
    ...                  {"beer": {"weak": 0.1, "strong": 0.9}, "quiche": {"weak": 0.5}})
    ['weak gains by sending quiche']
    """
    us, ur, p = exact_values(game)
    T, M, A = game.shape
    sig = [[_exact(sender[t].get(m, 0)) for m in game.messages] for t in game.types]
    rho = [[_exact(receiver[m].get(a, 0)) for a in game.actions] for m in game.messages]
    problems = []
    for label, rows in (("sender", sig), ("receiver", rho)):
        for row in rows:
            if any(x < 0 for x in row) or sum(row) != 1:
                problems.append(f"a {label} row is not a probability vector: {row}")
    for t in range(T):
        value = [sum(rho[m][a] * us[t, m, a] for a in range(A)) for m in range(M)]
        for m in range(M):
            if sig[t][m] > 0 and value[m] < max(value):
                better = game.messages[value.index(max(value))]
                problems.append(f"{game.types[t]} gains by sending {better}")
    for m, msg in enumerate(game.messages):
        support = [a for a in range(A) if rho[m][a] > 0]
        total = sum(p[t] * sig[t][m] for t in range(T))
        if total > 0:
            mu = [p[t] * sig[t][m] / total for t in range(T)]
            given = [_exact(beliefs[msg][t]) for t in game.types]
            if given != mu:
                problems.append(f"beliefs after {msg} are not Bayes' rule ({mu})")
            points = [mu]
        else:
            points = _off_path_points(game, ur, m, support, beliefs.get(msg, {}))
            if points is None:
                problems.append(f"no belief in the range given after {msg} supports the reply")
                continue
        for mu in points:
            values = [sum(mu[t] * ur[t, m, a] for t in range(T)) for a in range(A)]
            if any(values[a] < max(values) for a in support):
                problems.append(f"the receiver's reply to {msg} is not a best reply to {mu}")
    return problems


def _off_path_points(game, ur, m, support, given):
    """Beliefs at which to test an off-path reply (None: no admissible belief found)."""
    T, A = ur.shape[0], ur.shape[2]
    entries = [given.get(t) for t in game.types]
    if T == 2 and all(isinstance(e, tuple) for e in entries):
        lo, hi = (_exact(x) for x in entries[0])
        return [[lo, 1 - lo], [hi, 1 - hi]]
    if all(e is not None and not isinstance(e, tuple) for e in entries):
        return [[_exact(e) for e in entries]]
    from scipy.optimize import linprog

    box = [tuple(float(x) for x in e) if isinstance(e, tuple) else (0.0, 1.0) for e in entries]
    rows = [
        [-(float(ur[t, m, a]) - float(ur[t, m, b])) for t in range(T)]
        for a in support
        for b in range(A)
    ]
    res = linprog(
        np.zeros(T), A_ub=np.array(rows) if rows else None,
        b_ub=np.full(len(rows), 1e-12) if rows else None,
        A_eq=np.ones((1, T)), b_eq=[1.0], bounds=box, method="highs",
    )
    return None if res.status != 0 else []


# --------------------------------------------------------------------------- formatting
def _exact(x: Any) -> Any:
    if isinstance(x, (Fraction, int)) and not isinstance(x, bool):
        return Fraction(x)
    if isinstance(x, float):
        return Fraction(repr(x))
    if isinstance(x, sympy.Rational):
        return Fraction(int(x.p), int(x.q))
    return x


def _rational(x: Any) -> Any:
    """Integers as Fractions, so that divisions stay exact (sympy numbers pass through)."""
    return Fraction(int(x)) if isinstance(x, (int, np.integer)) else x


def _clean(x: Any) -> Any:
    if isinstance(x, Fraction) and x.denominator == 1:
        return int(x)
    return x


def _fmt(x: Any) -> str:
    return str(x)


def _mix(row: Mapping[str, Any]) -> str:
    terms = [(k, x) for k, x in row.items() if x != 0]
    if len(terms) == 1:
        return terms[0][0]
    return " + ".join(f"{_fmt(x)} {k}" for k, x in terms)
