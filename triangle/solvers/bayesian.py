"""Bayesian Nash equilibria of a :class:`~triangle.BayesianGame`, checked type by type.

A Bayesian Nash equilibrium (Harsanyi 1967-68; Fudenberg and Tirole 1991, section 6.2)
gives each type of each player a (mixed) action that maximises that type's *interim*
expected payoff: its payoff averaged over the others' types with the posterior
``p(t_-i | t_i)`` and over their actions. The solvers here find the equilibria on a
normal form of the game and map them back; every answer is then checked directly
against that definition (:func:`interim_regret`), not through the normal form.

References: ``harsanyi1967``, ``fudenberg1991``.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from triangle.citations import register as _cite
from triangle.errors import (
    InvalidGameError,
    InvalidProfileError,
    SolverError,
    UnsupportedGameError,
    check_tolerance,
)
from triangle.games.aliases import BehaviourLike, FrameLike
from triangle.games.bayesian import BayesianGame, agent_payoffs, harsanyi_payoffs, plans
from triangle.games.display import mixed_text, number_text
from triangle.games.normal_form import NormalFormGame, require_numeric
from triangle.games.results import EquilibriumList
from triangle.games.symbolic import check_game
from triangle.registries import check_choice, check_flag

__all__ = [
    "BayesianEquilibria",
    "BayesianEquilibrium",
    "bayesian_equilibria",
    "interim_regret",
    "is_bayesian_equilibrium",
]

_METHODS = ("auto", "vertex_enumeration", "support_enumeration", "pure")
#: The label of two-player float solves (exact ones run on the Harsanyi form).
SEQUENCE_FORM = "vertex_enumeration on the behaviour strategies (sequence form)"
#: Float behaviours closer than this (in every probability) are one equilibrium.
_SAME = 1e-9

Behaviour = list[np.ndarray]  # per player, an array (T_i, A_i) of probabilities


# --------------------------------------------------------------------------- results
@dataclass(frozen=True, eq=False)
class BayesianEquilibrium:
    """A Bayesian Nash equilibrium in behaviour strategies.

    Attributes
    ----------
    strategy
        ``strategy[player][type]``: the probability vector over the player's actions that
        the type plays (floats, or ``Fraction`` objects when solved exactly). Types of
        prior probability zero are left out (see ``unconstrained``).
    payoffs
        Each player's ex-ante expected payoff.
    interim_payoffs
        ``interim_payoffs[player][type]``: the type's expected payoff given its posterior.
    players, types, actions
        The names, copied from the game.
    regret
        The largest interim gain any type could make by deviating, as measured by the
        independent check (0 when exact).
    unconstrained
        ``(player, type)`` pairs of prior probability zero: no posterior is defined for
        them, and any action of theirs completes the equilibrium.

    Examples
    --------
    >>> import triangle as tri
    >>> g = tri.BayesianGame([[[[[1, 0], [0, 1]]]], [[[[1, 0], [0, 1]]]]], prior=[[1]],
    ...                      players=("A", "B"))
    >>> eq = tri.bayesian_equilibria(g, exact=True)[1]
    >>> eq
    BayesianEquilibrium(A: 1/2 a1 + 1/2 a2; B: 1/2 a1 + 1/2 a2; payoffs 1/2, 1/2)
    >>> eq.strategy["A"]["t1"]
    array([Fraction(1, 2), Fraction(1, 2)], dtype=object)
    """

    strategy: dict[str, dict[str, np.ndarray]]
    payoffs: np.ndarray
    interim_payoffs: dict[str, dict[str, Any]]
    players: tuple[str, ...]
    types: tuple[tuple[str, ...], ...]
    actions: tuple[tuple[str, ...], ...]
    regret: float = 0.0
    unconstrained: tuple[tuple[str, str], ...] = ()

    @property
    def is_pure(self) -> bool:
        """True when every type plays one action with probability one."""
        return all(
            int(np.count_nonzero(v)) == 1 for by_type in self.strategy.values()
            for v in by_type.values()
        )

    @property
    def is_exact(self) -> bool:
        """True when probabilities are exact fractions."""
        return all(
            v.dtype == object for by_type in self.strategy.values() for v in by_type.values()
        )

    def as_dict(self) -> dict[str, dict[str, dict[str, Any]]]:
        """``{player: {type: {action: probability}}}`` over the support, by names.

        >>> import triangle as tri
        >>> g = tri.BayesianGame([[[[[2, 0], [0, 1]]]], [[[[1, 0], [0, 2]]]]], prior=[[1]])
        >>> tri.bayesian_equilibria(g, method="pure")[0].as_dict()
        {'Player 1': {'t1': {'a1': 1.0}}, 'Player 2': {'t1': {'a1': 1.0}}}
        """
        return {
            player: {
                t: {a: _plain(x) for a, x in zip(acts, v) if x > 0} for t, v in by_type.items()
            }
            for (player, by_type), acts in zip(self.strategy.items(), self.actions)
        }

    def __repr__(self) -> str:
        parts = []
        for (player, by_type), acts in zip(self.strategy.items(), self.actions):
            for t, v in by_type.items():
                label = player if len(by_type) == 1 else f"{player}({t})"
                parts.append(f"{label}: {mixed_text(acts, v)}")
        pay = ", ".join(number_text(v) for v in self.payoffs)
        return f"BayesianEquilibrium({'; '.join(parts)}; payoffs {pay})"


class BayesianEquilibria(EquilibriumList):
    """A list of :class:`BayesianEquilibrium`, with what the solver learnt about the game.

    Attributes
    ----------
    degenerate
        True when the game has a continuum of Bayesian equilibria (behaviours that differ
        and are joined by equilibria), or the normal-form solver reported one.
    components
        Two players: the connected sets of equilibria, as indices into this list
        (every listed equilibrium is an extreme point of its component, or lies in it).
    method
        The algorithm, and the form it ran on (``"vertex_enumeration on the Harsanyi
        form"``, ``"support_enumeration on the agent form"``, ...).
    notes
        What the user should know (types of prior zero, continua, ...).

    >>> import triangle as tri
    >>> g = tri.BayesianGame([[[[[1, 1]]]], [[[[0, 0]]]]], [[1]])   # both columns alike
    >>> eqs = tri.bayesian_equilibria(g)
    >>> len(eqs), eqs.degenerate, eqs.components
    (2, True, ((0, 1),))
    """

    def _table(self) -> tuple[list[str], list[list[Any]]]:
        # one row per equilibrium, one column per player's type
        cols = [(p, t) for p, by_type in (self[0].strategy.items() if self else ())
                for t in by_type]
        rows: list[list[Any]] = []
        for k, e in enumerate(self, 1):
            plan = e.as_dict()
            rows.append([k, *(" + ".join(a if x == 1 else f"{number_text(x)} {a}"
                                          for a, x in plan[p][t].items()) for p, t in cols),
                         ", ".join(number_text(v) for v in e.payoffs)])
        heads = [p if len(self[0].strategy[p]) == 1 else f"{p} ({t})" for p, t in cols]
        return ["#", *heads, "ex-ante payoffs"], rows

    def _repr_html_(self) -> str:
        from triangle.games.display import result_html

        return result_html("Bayesian equilibria", f"{len(self)} found ({self.method})",
                           *self._table(), notes=self.notes)

    def to_latex(self, caption: str | None = None, label: str | None = None) -> str:
        r"""The equilibria as a booktabs table, one column per player and type, with the
        provenance in ``%`` lines above it.

        >>> import triangle as tri
        >>> g = tri.BayesianGame([[[[[1, 0], [0, 1]]]], [[[[1, 0], [0, 1]]]]], [[1.0]])
        >>> "\\toprule" in tri.bayesian_equilibria(g).to_latex()
        True
        """
        return self._booktabs(*self._table(), caption or f"{len(self)} Bayesian equilibria",
                              label)

    def to_frame(self) -> FrameLike:
        """The equilibria as a :class:`pandas.DataFrame` (the ``pandas`` extra)."""
        from triangle.games.display import frame

        return frame(*self._table())


# --------------------------------------------------------------------------- solver
def bayesian_equilibria(
    game: BayesianGame, method: str = "auto", exact: bool = False, tol: float = 1e-9
) -> BayesianEquilibria:
    """Every Bayesian Nash equilibrium the verified normal-form solvers find, by type.

    - Two players (``method="auto"`` or ``"vertex_enumeration"``): every extreme Nash
      equilibrium of the ex-ante (Harsanyi) normal form, by vertex enumeration
      (:func:`~triangle.vertex_enumeration`), mapped to behaviour: the probability that
      type ``t_i`` plays ``a`` is the total probability of the plans that give ``t_i``
      the action ``a``. Plan mixtures that induce the same behaviour are one equilibrium
      (they are payoff-equivalent: a player's types never meet), so the Harsanyi form's
      degeneracy from them is not reported as a continuum; a continuum of *behaviours* is
      (``result.degenerate``, ``result.components``). That is exact mode
      (``exact=True``). In floating point, two players solve on the behaviour strategies
      directly (the sequence form; Koller, Megiddo and von Stengel 1996): every vertex
      of each player's best-response polyhedron over behaviour strategies, paired by
      complete labels as for bimatrix games, a few thousand 8 x 8 systems at 2 types
      and 3 actions instead of the 48,620 bases of the 9 x 9 Harsanyi form
      (``method`` then reads ``"vertex_enumeration on the behaviour strategies
      (sequence form)"``). Both give every extreme Bayesian equilibrium, the same sets
      in non-degenerate games; in a continuum the Harsanyi form may add behaviours that
      lie between the extreme ones (images of its extreme plan mixtures).
    - Three or more players (``"auto"`` or ``"support_enumeration"``): every isolated
      Nash equilibrium of the agent form (one player per type,
      :meth:`~triangle.BayesianGame.agent_form`), by
      :func:`~triangle.support_enumeration`. The agent form rather than the Harsanyi form,
      because an equilibrium in which two types of a player mix is one point of the
      agent form but a continuum of plan mixtures in the Harsanyi form, which support
      enumeration would only note.
    - ``"pure"``: the pure Bayesian equilibria (pure equilibria of the agent form).

    Types of prior probability zero are dropped before solving: no posterior is defined
    for them, and any action of theirs completes an equilibrium (``eq.unconstrained``).

    Every equilibrium is checked against the definition before it is returned: each type
    of positive probability gains at most ``tol`` times its player's payoff range
    (exactly nothing, when exact) by switching to any action, its payoff averaged over the
    others' types by Bayes' rule (:func:`interim_regret`). ``exact=True`` computes in
    rational arithmetic.

    Parameters
    ----------
    game
        A numeric :class:`~triangle.BayesianGame` (substitute values for factors first).
    method
        ``"auto"``, ``"vertex_enumeration"`` (two players), ``"support_enumeration"``
        or ``"pure"``.
    exact
        Exact rational arithmetic (payoffs and prior must be rational).
    tol
        The interim regret allowed by the check, per unit of the player's payoff range
        (floats; the package's rule, so that scaling a game changes nothing).

    Examples
    --------
    The entry game of Fudenberg and Tirole (1991, example 6.1): the incumbent's cost of
    building a plant is high with probability 1/4; the entrant enters or not.

    >>> import triangle as tri
    >>> u = [[[[0, 2], [2, 3]], [[1.5, 3.5], [2, 3]]],    # incumbent: high, low cost
    ...      [[[-1, 0], [1, 0]], [[-1, 0], [1, 0]]]]      # entrant, same in both
    >>> payoffs = [[[x] for x in player] for player in u]  # (2, T1=2, T2=1, 2, 2)
    >>> g = tri.BayesianGame(payoffs, prior=[[0.25], [0.75]], players=("I", "E"),
    ...                      types=(("high", "low"), ("-",)),
    ...                      actions=(("build", "not"), ("in", "out")))
    >>> for eq in tri.bayesian_equilibria(g, exact=True):  # doctest: +ELLIPSIS
    ...     print(eq)
    BayesianEquilibrium(I(high): not; I(low): build; E: out; payoffs 27/8, 0)
    BayesianEquilibrium(I(high): not; I(low): 2/3 build + 1/3 not; E: 1/2 in + 1/2 out; ...)
    BayesianEquilibrium(I(high): not; I(low): not; E: in; payoffs 2, 1)
    """
    check_flag(exact, "exact")
    _cite("harsanyi1967", "fudenberg1991")
    check_game(game, "bayesian_equilibria", BayesianGame)
    require_numeric(game, "bayesian_equilibria")
    tol = check_tolerance(tol)
    check_choice(method, "method", _METHODS)
    n = game.n_players
    if method == "auto":
        method = "vertex_enumeration" if n == 2 else "support_enumeration"
    if method == "vertex_enumeration" and n != 2:
        raise UnsupportedGameError(
            f"vertex enumeration solves two-player games; this game has {n} players. Use "
            f"method='support_enumeration' (the agent form)."
        )
    payoffs, prior = _values(game, exact)
    keep = [
        [k for k in range(game.n_types[i]) if not _marginal_is_zero(prior, i, k)]
        for i in range(n)
    ]
    payoffs = payoffs[np.ix_(range(n), *keep, *(range(a) for a in game.n_actions))]
    prior = prior[np.ix_(*keep)]
    null = tuple(
        (game.players[i], game.types[i][k])
        for i in range(n)
        for k in range(game.n_types[i])
        if k not in keep[i]
    )
    notes = []
    if null:
        notes.append(
            "types of prior probability zero (no posterior, any action completes an "
            "equilibrium): " + ", ".join(f"{p}({t})" for p, t in null)
        )
    types = tuple(tuple(game.types[i][k] for k in keep[i]) for i in range(n))
    raw, form_notes, degenerate, components, label = _solve(
        method, payoffs, prior, (game.players, types, game.actions), exact, tol
    )
    form = label.split(" on the ")[-1]
    notes.extend(f"{form}: {note}" for note in form_notes)
    behaviours, index = _distinct(raw)
    out = [
        _checked(payoffs, prior, b, game, types, null, tol, label) for b in behaviours
    ]
    if components is not None:
        components, continuum = _merge(components, index)
        if degenerate and not continuum and label != SEQUENCE_FORM:
            notes.append(
                "the Harsanyi form is degenerate only through mixtures of plans that induce "
                "the same behaviour: the Bayesian equilibria listed are isolated"
            )
        if continuum:
            notes.append(
                "continua of Bayesian equilibria: in a component with several members, the "
                "behaviours that come from one maximal Nash subset (of the Harsanyi form, or "
                "in floating point of the behaviour polytopes) can be mixed, player by "
                "player, into further equilibria"
            )
        degenerate = continuum
    return BayesianEquilibria(
        out, degenerate=degenerate, components=components, method=label, notes=tuple(notes)
    )


def _solve(method, payoffs, prior, names, exact, tol):
    """Run a normal-form solver; return behaviours (per equilibrium), notes, flags."""
    players, types, actions = names
    n_types = tuple(len(t) for t in types)
    n_actions = tuple(len(a) for a in actions)
    if method == "vertex_enumeration" and not exact:
        # Floats: the vertices of the behaviour-strategy polytopes (the sequence form),
        # a few thousand small systems instead of the Harsanyi form's tens of thousands
        # of bases (binom(18, 9) at 2 types and 3 actions).
        from triangle.solvers._bayesian_vertices import extreme_equilibria

        raw, components = extreme_equilibria(payoffs, prior)
        degenerate = any(len(c) > 1 for c in components)
        return raw, (), degenerate, components, SEQUENCE_FORM
    if method == "vertex_enumeration":
        from triangle.solvers.vertex_enumeration import vertex_enumeration

        strategies = [
            tuple("/".join(p) for p in itertools.product(acts, repeat=len(ts)))
            for acts, ts in zip(actions, types)
        ]
        unique = all(len(set(s)) == len(s) for s in strategies)
        nf = NormalFormGame(
            harsanyi_payoffs(payoffs, prior, n_types, n_actions),
            players=players,
            strategies=strategies if unique else None,
        )
        eqs = vertex_enumeration(nf, exact=exact, tol=tol)
        rows = [plans(t, a) for t, a in zip(n_types, n_actions)]
        raw = [_plans_to_behaviour(eq.profile, rows, n_actions) for eq in eqs]
        return raw, eqs.notes, eqs.degenerate, eqs.components, (
            "vertex_enumeration on the Harsanyi form"
        )
    agents = [
        p if len(ts) == 1 else f"{p}({t})" for p, ts in zip(players, types) for t in ts
    ]
    af = NormalFormGame(
        _summed_exactly(agent_payoffs, payoffs, prior, n_types, n_actions),
        players=agents if len(set(agents)) == len(agents) else None,
        strategies=[a for a, ts in zip(actions, types) for _ in ts],
    )
    if method == "pure":
        from triangle.solvers.pure import pure_equilibria

        eqs = pure_equilibria(af, tol=tol)
    else:
        from triangle.solvers.support_enumeration import support_enumeration

        eqs = support_enumeration(af, exact=exact, tol=tol)
    first = np.cumsum((0, *n_types))
    raw = [
        [np.stack(eq.profile[first[i] : first[i + 1]]) for i in range(len(n_types))]
        for eq in eqs
    ]
    if exact and method == "pure":  # one-hot profiles are exact: say so
        raw = [[np.vectorize(_one, otypes=[object])(x) for x in b] for b in raw]
    return raw, eqs.notes, eqs.degenerate, None, f"{eqs.method} on the agent form"


def _summed_exactly(form, payoffs, prior, n_types, n_actions) -> np.ndarray:
    """A normal form of the Bayesian game, its prior-weighted sums taken exactly.

    Float payoffs and priors are summed as their exact binary values and rounded once, so
    sums that are equal exactly stay equal: summed in floating point, a type's tie between
    two actions could be broken by a rounding error, and the pure solver, which reads
    floats exactly, would then drop an equilibrium (a type of Player 2 with interim payoffs
    6/13 * -3 + 3/13 * -3 and 6/13 * -4 + 3/13 * -1, equal, came out 4e-16 apart).
    """
    if payoffs.dtype == object:
        return form(payoffs, prior, n_types, n_actions)
    exact = form(_as_fractions(payoffs), _as_fractions(prior), n_types, n_actions)
    return exact.astype(float)


def _as_fractions(x: np.ndarray) -> np.ndarray:
    return np.vectorize(Fraction, otypes=[object])(x)


def _one(x: Any) -> Fraction:
    return Fraction(round(float(x)))


def _values(game: BayesianGame, exact: bool) -> tuple[np.ndarray, np.ndarray]:
    if exact:
        return np.array(game.exact_payoffs), np.array(game.exact_prior)
    return np.array(game.payoffs, dtype=float), np.array(game.prior, dtype=float)


def _marginal_is_zero(prior: np.ndarray, i: int, k: int) -> bool:
    return not any(x != 0 for x in np.take(prior, k, axis=i).flat)


def _plans_to_behaviour(profile, rows, n_actions) -> Behaviour:
    """Mixed strategies over plans to behaviour: sum the plans that give each action."""
    out = []
    for sigma, plan_rows, m in zip(profile, rows, n_actions):
        b = np.zeros((plan_rows.shape[1], m), dtype=sigma.dtype)
        if sigma.dtype == object:
            b[...] = Fraction(0)
        for prob, plan in zip(sigma, plan_rows):
            if prob != 0:
                for t, a in enumerate(plan):
                    b[t, a] = b[t, a] + prob
        out.append(b)
    return out


def _distinct(raw: list[Behaviour]) -> tuple[list[Behaviour], list[int]]:
    """Merge equal behaviours (exactly, or within 1e-9); return them and each one's index."""
    kept: list[Behaviour] = []
    index = []
    for b in raw:
        for j, k in enumerate(kept):
            if all(_same(x, y) for x, y in zip(b, k)):
                index.append(j)
                break
        else:
            index.append(len(kept))
            kept.append(b)
    return kept, index


def _same(x: np.ndarray, y: np.ndarray) -> bool:
    if x.dtype == object and y.dtype == object:
        return bool((x == y).all())
    return bool(np.allclose(x.astype(float), y.astype(float), rtol=0, atol=_SAME))


def _merge(components, index) -> tuple[tuple[tuple[int, ...], ...], bool]:
    """Components of plan-space equilibria as components of behaviours (union-find)."""
    parent = list(range(max(index, default=-1) + 1))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for comp in components:
        members = [index[j] for j in comp]
        for m in members[1:]:
            parent[find(m)] = find(members[0])
    groups: dict[int, list[int]] = {}
    for b in range(len(parent)):
        groups.setdefault(find(b), []).append(b)
    merged = tuple(tuple(g) for g in sorted(groups.values()))
    return merged, any(len(g) > 1 for g in merged)


def _checked(payoffs, prior, b, game, types, null, tol, label) -> BayesianEquilibrium:
    """Verify a behaviour at the interim level and wrap it (raise if it fails)."""
    values, mass = _interim_tables(payoffs, prior, b)
    spans = _spans(payoffs)
    worst = 0
    relative = 0.0
    interim: dict[str, dict[str, Any]] = {}
    exante = []
    for i, player in enumerate(game.players):
        interim[player] = {}
        total = 0
        for k, t in enumerate(types[i]):
            v = values[i][k]
            got = sum(x * y for x, y in zip(b[i][k], v))
            worst = max(worst, max(v) - got)
            relative = max(relative, _relative(max(v) - got, spans[i]))
            interim[player][t] = _plain(got)
            total = total + mass[i][k] * got
        exante.append(total)
    if relative > tol:
        raise SolverError(
            f"{label} produced a profile with interim regret {float(worst):.3g} "
            f"({relative:.3g} of the payoff range) > tol {tol:.3g}: "
            f"{[x.tolist() for x in b]}. Please report this with the game."
        )
    exact = all(x.dtype == object for x in b)
    strategy: dict[str, dict[str, np.ndarray]] = {}
    for i, player in enumerate(game.players):
        strategy[player] = {}
        for k, t in enumerate(types[i]):
            v = np.array(b[i][k], dtype=object if exact else float)
            v.setflags(write=False)
            strategy[player][t] = v
    pay = np.array(exante, dtype=object if exact else float)
    pay.setflags(write=False)
    return BayesianEquilibrium(
        strategy, pay, interim, game.players, types, game.actions, float(worst), null
    )


# --------------------------------------------------------------------------- interim check
def _interim_tables(payoffs: np.ndarray, prior: np.ndarray, b: Behaviour):
    """Each type's expected payoff of each action, straight from the definition.

    ``values[i][k][a]`` = sum over the others' types ``t_-i`` (weighted by the posterior
    ``p(t_-i | t_i = k)``) and their actions (weighted by their types' behaviour) of
    ``u_i(t, a, a_-i)``; ``mass[i][k]`` = ``p(t_i = k)``. Plain loops, so that the check
    shares no code with the normal forms the solvers use.
    """
    n = len(b)
    n_types = prior.shape
    n_actions = [x.shape[1] for x in b]
    values: list[list[list[Any]]] = []
    mass: list[list[Any]] = []
    for i in range(n):
        others = [j for j in range(n) if j != i]
        values.append([])
        mass.append([])
        for k in range(n_types[i]):
            acc = [0] * n_actions[i]
            weight = 0
            for t_others in itertools.product(*(range(n_types[j]) for j in others)):
                t = list(t_others)
                t.insert(i, k)
                w = prior[tuple(t)]
                if w == 0:
                    continue
                weight = weight + w
                for a_others in itertools.product(*(range(n_actions[j]) for j in others)):
                    q = w
                    for j, a_j in zip(others, a_others):
                        q = q * b[j][t[j], a_j]
                    if q == 0:
                        continue
                    a = list(a_others)
                    for own in range(n_actions[i]):
                        a.insert(i, own)
                        acc[own] = acc[own] + q * payoffs[(i, *t, *a)]
                        del a[i]
            values[i].append([x / weight for x in acc] if weight != 0 else acc)
            mass[i].append(weight)
    return values, mass


def interim_regret(game: BayesianGame, strategy: BehaviourLike) -> dict[str, dict[str, float]]:
    """Each type's largest interim gain from switching to another action.

    ``strategy`` gives, for each player (a sequence in player order, or a mapping by
    name), either one entry for all its types or a mapping ``{type: entry}`` (or a
    sequence, one entry per type); an entry is an action name or index, or a probability
    vector over the actions. A :class:`BayesianEquilibrium` is accepted too. Types of
    prior probability zero are skipped (they have no posterior).

    >>> import triangle as tri
    >>> meet = [[[2, 0], [0, 1]], [[1, 0], [0, 2]]]
    >>> avoid = [[[2, 0], [0, 1]], [[0, 2], [1, 0]]]
    >>> g = tri.BayesianGame([[[meet[i], avoid[i]]] for i in range(2)], prior=[[0.5, 0.5]],
    ...                      types=(("-",), ("meet", "avoid")), actions=(("B", "S"),) * 2)
    >>> interim_regret(g, ("S", {"meet": "S", "avoid": "B"}))
    {'Player 1': {'-': 0.5}, 'Player 2': {'meet': 0.0, 'avoid': 0.0}}
    """
    check_game(game, "interim_regret", BayesianGame)
    require_numeric(game, "interim_regret")
    b = as_behaviour(game, strategy)
    exact = all(x.dtype == object for x in b)
    try:
        payoffs, prior = _values(game, exact)
    except InvalidGameError:  # irrational payoffs: check in floating point
        payoffs, prior = _values(game, False)
        b = [x.astype(float) for x in b]
    values, mass = _interim_tables(payoffs, prior, b)
    out: dict[str, dict[str, float]] = {}
    for i, player in enumerate(game.players):
        out[player] = {}
        for k, t in enumerate(game.types[i]):
            if mass[i][k] == 0:
                continue
            v = values[i][k]
            out[player][t] = float(max(v) - sum(x * y for x, y in zip(b[i][k], v)))
    return out


def is_bayesian_equilibrium(game: BayesianGame, strategy: BehaviourLike, tol: float = 1e-9) -> bool:
    """Whether no type of positive probability gains more than ``tol`` times its player's
    payoff range by deviating (the package's rule, :func:`triangle.is_equilibrium`'s: a
    scaled or shifted game gives the same answer).

    >>> import triangle as tri
    >>> g = tri.BayesianGame([[[[[3, 0], [5, 1]]]], [[[[3, 5], [0, 1]]]]], prior=[[1]])
    >>> is_bayesian_equilibrium(g, ("a2", "a2")), is_bayesian_equilibrium(g, ("a1", "a1"))
    (True, False)
    """
    check_game(game, "is_bayesian_equilibrium", BayesianGame)
    tol = check_tolerance(tol)
    regrets = interim_regret(game, strategy)
    spans = _spans(np.asarray(game.payoffs, dtype=float))
    return all(_relative(r, spans[i]) <= tol
               for i, by_type in enumerate(regrets.values()) for r in by_type.values())


def _spans(payoffs: np.ndarray) -> list[Any]:
    """Each player's payoff range over every type profile and action profile."""
    return [np.max(payoffs[i]) - np.min(payoffs[i]) for i in range(payoffs.shape[0])]


def _relative(regret: Any, span: Any) -> float:
    """A regret per unit of the player's payoff range (a constant player: the regret)."""
    return float(regret / span) if span > 0 else float(regret)


def as_behaviour(game: BayesianGame, strategy: BehaviourLike) -> Behaviour:
    """Parse a behaviour strategy profile into arrays ``(T_i, A_i)`` per player.

    Exact (object arrays of Fraction) when every entry is exact. Types of prior zero may
    be left out; they get a uniform vector, which no check reads.

    >>> import triangle as tri
    >>> g = tri.BayesianGame(np.zeros((2, 2, 1, 2, 2)), [[0.5], [0.5]])
    >>> [x.tolist() for x in as_behaviour(g, ({"t1": "a1", "t2": [0.5, 0.5]}, "a2"))]
    [[[1.0, 0.0], [0.5, 0.5]], [[0.0, 1.0]]]
    """
    check_game(game, "as_behaviour", BayesianGame)
    if isinstance(strategy, BayesianEquilibrium):
        strategy = strategy.strategy
    n = game.n_players
    if isinstance(strategy, Mapping):
        entries: list[Any] = [None] * n
        for player, entry in strategy.items():
            entries[game.player_index(player)] = entry
        missing = [p for p, e in zip(game.players, entries) if e is None]
        if missing:
            raise InvalidProfileError(f"the strategy gives nothing for {missing}.")
    else:
        if isinstance(strategy, (str, bytes)) or not hasattr(strategy, "__len__") or len(
            strategy
        ) != n:
            raise InvalidProfileError(
                f"a strategy profile gives one entry per player ({n}: "
                f"{', '.join(game.players)}); got {strategy!r}."
            )
        entries = list(strategy)
    marg = [np.asarray(game.marginal(i), dtype=float) for i in range(n)]
    rows = [_player_rows(game, i, e, marg[i]) for i, e in enumerate(entries)]
    if all(r.dtype == object for r in rows):
        return rows
    return [r.astype(float) for r in rows]


def _player_rows(game: BayesianGame, i: int, entry: Any, marginal: np.ndarray) -> np.ndarray:
    n_t, m = game.n_types[i], game.n_actions[i]
    player = game.players[i]
    if isinstance(entry, Mapping):
        per_type: list[Any] = [None] * n_t
        for t, e in entry.items():
            try:
                per_type[game.type_index(i, t)] = e
            except (KeyError, ValueError) as exc:
                raise InvalidProfileError(str(exc)) from None
    elif _is_single(entry, m) or n_t == 1:
        per_type = [entry] * n_t
    else:
        if len(entry) != n_t:
            raise InvalidProfileError(
                f"{player!r} has {n_t} types; give one entry per type, a mapping by type, or "
                f"one action for all; got {entry!r}."
            )
        per_type = list(entry)
    vectors = []
    for k, e in enumerate(per_type):
        if e is None:
            if marginal[k] != 0:
                raise InvalidProfileError(
                    f"the strategy gives nothing for type {game.types[i][k]!r} of {player!r}."
                )
            e = np.full(m, 1.0 / m)
        vectors.append(_vector(game, i, e))
    if all(v.dtype == object for v in vectors):
        return np.array(vectors, dtype=object).reshape(n_t, m)
    return np.array([v.astype(float) for v in vectors])


def _is_single(entry: Any, m: int) -> bool:
    if isinstance(entry, (str, int, np.integer)):
        return True
    arr = np.asarray(entry, dtype=object)
    return arr.ndim == 1 and len(arr) == m and not isinstance(arr[0], (str, list, tuple))


def _vector(game: BayesianGame, i: int, entry: Any) -> np.ndarray:
    m = game.n_actions[i]
    if isinstance(entry, (str, int, np.integer)) and not isinstance(entry, (bool, np.bool_)):
        try:
            j = game.action_index(i, entry if isinstance(entry, str) else int(entry))
        except (KeyError, ValueError) as exc:
            raise InvalidProfileError(str(exc)) from None
        v = np.array([Fraction(0)] * m, dtype=object)
        v[j] = Fraction(1)
        return v
    arr = np.asarray(entry, dtype=object)
    if arr.shape != (m,):
        raise InvalidProfileError(
            f"a mixed action of {game.players[i]!r} has {m} probabilities; got {entry!r}."
        )
    exact = all(isinstance(x, (int, Fraction)) and not isinstance(x, bool) for x in arr)
    vec = np.array([Fraction(x) for x in arr], dtype=object) if exact else arr.astype(float)
    if any(x < 0 for x in vec) or abs(float(sum(vec)) - 1) > 1e-9:
        raise InvalidProfileError(
            f"a mixed action must be non-negative and sum to one; got {entry!r}."
        )
    return vec


def _plain(x: Any) -> Any:
    return x if isinstance(x, Fraction) else float(x)

