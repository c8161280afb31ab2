"""Dittmer's strategic triangle: configurations, roles, scores and structural balance.

Three players and three bilateral relations, each amity (+1) or enmity (-1), give
eight sign patterns and four configurations (Dittmer 1981; the unit veto from Dittmer
1987):

============================  ===========  =====================================
configuration                 signs        roles (Dittmer 1981; Wu 1996)
============================  ===========  =====================================
``"menage_a_trois"``          + + +        every player a ``"friend"``
``"romantic_triangle"``       + + -        one ``"pivot"``, two ``"wing"``
``"stable_marriage"``         + - -        two ``"partner"``, one ``"outcast"``
``"unit_veto"``               - - -        every player a ``"foe"``
============================  ===========  =====================================

A player's score is ``s_ij + s_ik - s_jk`` (its two relations, minus the relation
between the other two): pivot 3, friend 1, partner 1, wing -1, foe -1, outcast -3,
which reproduces Wu Yu-Shan's (1996) ranking of the roles with its ties. A triangle is
structurally balanced when the product of its signs is positive (Heider 1946;
Cartwright and Harary 1956): the ménage à trois and the stable marriage.

The module also builds the *amity game* (each player chooses amity or enmity toward
each of the other two; see :func:`amity_game`). Reading the configuration of an outcome
of the triangle models (the model's stances and their sources, :func:`configuration_of`)
is :mod:`triangle.models.configurations`; its names are also served from here, as in 0.1.

>>> from triangle.models.dittmer import classify
>>> t = classify({("US", "Russia"): 1, ("Russia", "China"): 1, ("US", "China"): -1})
>>> t.configuration, t.roles["Russia"], t.scores["Russia"], t.balanced
('romantic_triangle', 'pivot', 3, False)
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import sympy

from triangle.errors import InvalidRelationsError, unknown_name
from triangle.games.aliases import NumberLike, SignLike
from triangle.models.simultaneous import PLAYERS
from triangle.registries import check_mapping, check_names, check_sequence, check_text

if TYPE_CHECKING:
    from triangle.games.normal_form import NormalFormGame

#: The 0.1 names that now live in :mod:`triangle.models.configurations` (served lazily by
#: :func:`__getattr__`: configurations builds on this module, so it cannot be imported here).
_CONFIGURATION_NAMES = (
    "MODEL_STANCES",
    "STANCE_SOURCES",
    "WORLD_STANCES",
    "StanceSource",
    "WorldStance",
    "configuration_distribution",
    "configuration_of",
    "model_stances",
    "us_china_stance",
)

__all__ = [
    "AMITY",
    "CONFIGURATIONS",
    "ENMITY",
    "MODEL_PLAYERS",
    "ROLES",
    "ROLE_RANK",
    "ROLE_SCORES",
    "InvalidRelationsError",
    "Triangle",
    "amity_game",
    "amity_stances",
    "amity_strategy",
    "as_sign",
    "classify",
    "form_relation",
    "triangles",
    *_CONFIGURATION_NAMES,
]

AMITY: int = 1
ENMITY: int = -1

#: The four configurations, from most to least amicable.
CONFIGURATIONS: tuple[str, ...] = (
    "menage_a_trois",
    "romantic_triangle",
    "stable_marriage",
    "unit_veto",
)

#: The six roles in Wu's (1996) order of desirability, best first.
ROLES: tuple[str, ...] = ("pivot", "friend", "partner", "wing", "foe", "outcast")

#: Each role's score ``s_ij + s_ik - s_jk`` for relations coded +1 / -1.
ROLE_SCORES: Mapping[str, int] = {
    "pivot": 3,
    "friend": 1,
    "partner": 1,
    "wing": -1,
    "foe": -1,
    "outcast": -3,
}

#: Wu's ranking with its ties, higher is better: pivot > friend = partner > wing = foe > outcast.
ROLE_RANK: Mapping[str, int] = {
    "pivot": 3,
    "friend": 2,
    "partner": 2,
    "wing": 1,
    "foe": 1,
    "outcast": 0,
}

#: The players of the triangle models, in their declaration order (the 0.1 name of
#: :data:`triangle.models.simultaneous.PLAYERS`, the one definition).
MODEL_PLAYERS: tuple[str, str, str] = PLAYERS

_LITERATURE = ("dittmer1981", "dittmer1987", "wu1996")


# --------------------------------------------------------------------- the triangle
@dataclass(frozen=True)
class Triangle:
    """One sign pattern of the strategic triangle, with its configuration and roles.

    Build it with :func:`classify`. ``players`` are the three names in order and
    ``signs`` the relations of the pairs (0, 1), (0, 2) and (1, 2), each +1 or -1; every
    other attribute is derived from them. Triangles are immutable, hashable, and equal
    when their players and signs are.

    Attributes
    ----------
    configuration
        ``"menage_a_trois"``, ``"romantic_triangle"``, ``"stable_marriage"`` or
        ``"unit_veto"``.
    roles
        Player -> ``"friend"``, ``"pivot"``, ``"wing"``, ``"partner"``, ``"outcast"`` or
        ``"foe"``.
    scores
        Player -> ``s_ij + s_ik - s_jk``.
    balanced
        Whether the product of the three signs is positive.

    Examples
    --------
    >>> t = Triangle(("US", "Russia", "China"), (-1, -1, 1))
    >>> t.roles
    {'US': 'outcast', 'Russia': 'partner', 'China': 'partner'}
    >>> t.relation("China", "Russia")
    1
    >>> Triangle(("A", "B", "C"), (1, 1, -1))
    Triangle(romantic_triangle: A pivot, B and C wings; A–B +1, A–C +1, B–C -1)
    """

    players: tuple[str, str, str]
    signs: tuple[int, int, int]

    def __post_init__(self) -> None:
        players = _three_players(self.players)
        check_sequence(self.signs, "signs")
        signs = tuple(as_sign(s, f"sign {i}") for i, s in enumerate(self.signs))
        if len(signs) != 3:
            raise InvalidRelationsError(
                f"a triangle has three signs, for the pairs (0, 1), (0, 2), (1, 2); "
                f"got {self.signs!r}."
            )
        object.__setattr__(self, "players", players)
        object.__setattr__(self, "signs", signs)

    # ------------------------------------------------------------- relations
    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        """The three pairs, in the order of :attr:`signs`."""
        a, b, c = self.players
        return ((a, b), (a, c), (b, c))

    @property
    def relations(self) -> dict[tuple[str, str], int]:
        """``{(player, player): sign}`` for the three pairs (a new dict each time)."""
        return dict(zip(self.pairs, self.signs))

    def relation(self, a: str, b: str) -> int:
        """The sign of the relation between ``a`` and ``b`` (in either order)."""
        i, j = sorted((self._index(a), self._index(b)))
        if i == j:
            raise InvalidRelationsError(f"a relation joins two different players; got {a!r} twice.")
        return self.signs[{(0, 1): 0, (0, 2): 1, (1, 2): 2}[(i, j)]]

    # ------------------------------------------------------------- derived
    @property
    def n_amity(self) -> int:
        """How many of the three relations are amity."""
        return sum(s > 0 for s in self.signs)

    @property
    def configuration(self) -> str:
        """The configuration: 3, 2, 1 or 0 amities make a ménage à trois, a romantic
        triangle, a stable marriage or a unit veto."""
        return CONFIGURATIONS[3 - self.n_amity]

    @property
    def balanced(self) -> bool:
        """Structural balance: the product of the three signs is positive."""
        return self.signs[0] * self.signs[1] * self.signs[2] > 0

    @property
    def scores(self) -> dict[str, int]:
        """Each player's ``s_ij + s_ik - s_jk``."""
        out = {}
        for p in self.players:
            j, k = (q for q in self.players if q != p)
            out[p] = self.relation(p, j) + self.relation(p, k) - self.relation(j, k)
        return out

    @property
    def roles(self) -> dict[str, str]:
        """Each player's role, read from its two relations and the third one."""
        config = self.configuration
        out = {}
        for p in self.players:
            j, k = (q for q in self.players if q != p)
            own = self.relation(p, j) + self.relation(p, k)
            if config == "menage_a_trois":
                out[p] = "friend"
            elif config == "unit_veto":
                out[p] = "foe"
            elif config == "romantic_triangle":
                out[p] = "pivot" if own == 2 else "wing"
            else:  # stable marriage: the one pair in amity are partners
                out[p] = "partner" if own == 0 else "outcast"
        return out

    @property
    def pivot(self) -> str | None:
        """The pivot of a romantic triangle, else None."""
        return next((p for p, r in self.roles.items() if r == "pivot"), None)

    @property
    def outcast(self) -> str | None:
        """The outcast of a stable marriage, else None."""
        return next((p for p, r in self.roles.items() if r == "outcast"), None)

    def describe(self) -> str:
        """One sentence in words.

        >>> print(classify({("A", "B"): 1, ("A", "C"): 1, ("B", "C"): -1}).describe())
        A romantic triangle: A is the pivot, courted by B and C, who are at enmity (unbalanced).
        """
        roles = self.roles
        config = self.configuration
        balance = "balanced" if self.balanced else "unbalanced"
        a, b, c = self.players
        if config == "menage_a_trois":
            text = f"A ménage à trois: {a}, {b} and {c} are all in amity"
        elif config == "unit_veto":
            text = f"A unit veto: {a}, {b} and {c} are all at enmity"
        elif config == "romantic_triangle":
            pivot = self.pivot
            j, k = (p for p in self.players if p != pivot)
            text = (
                f"A romantic triangle: {pivot} is the pivot, courted by {j} and {k}, "
                f"who are at enmity"
            )
        else:
            j, k = (p for p in self.players if roles[p] == "partner")
            text = (
                f"A stable marriage: {j} and {k} are partners against {self.outcast}, the outcast"
            )
        return f"{text} ({balance})."

    def __repr__(self) -> str:
        roles = self.roles
        config = self.configuration
        if config == "romantic_triangle":
            wings = [p for p in self.players if roles[p] == "wing"]
            who = f"{self.pivot} pivot, {wings[0]} and {wings[1]} wings"
        elif config == "stable_marriage":
            partners = [p for p in self.players if roles[p] == "partner"]
            who = f"{partners[0]} and {partners[1]} partners, {self.outcast} outcast"
        else:
            who = "all " + ("friends" if config == "menage_a_trois" else "foes")
        rel = ", ".join(f"{a}–{b} {s:+d}" for (a, b), s in zip(self.pairs, self.signs))
        return f"Triangle({config}: {who}; {rel})"

    def _index(self, player: str) -> int:
        try:
            return self.players.index(player)
        except ValueError:
            raise unknown_name("player", player, self.players) from None


def as_sign(value: SignLike, where: str = "value") -> int:
    """+1 or -1 from an int-like value equal to it; anything else (booleans too) raises.

    ``where`` names the value in the error message.

    >>> as_sign(1.0), as_sign(-1)
    (1, -1)
    >>> as_sign(True, "relation ('A', 'B')")
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidRelationsError: relation ('A', 'B'): expected +1 (amity) or -1 ...
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise InvalidRelationsError(
            f"{where}: expected +1 (amity) or -1 (enmity); got {value!r} "
            f"of type {type(value).__name__}."
        )
    if value == 1:
        return AMITY
    if value == -1:
        return ENMITY
    raise InvalidRelationsError(f"{where}: expected +1 (amity) or -1 (enmity); got {value!r}.")


# --------------------------------------------------------------------- classify
def classify(
    relations: Mapping[tuple[str, str], int], *, players: Sequence[str] | None = None
) -> Triangle:
    """The configuration, roles, scores and balance of a triangle of relations.

    Parameters
    ----------
    relations
        A mapping from each of the three pairs of players (a 2-tuple of names, in either
        order) to +1 (amity) or -1 (enmity).
    players
        Optional order of the three players in the result; by default, the order in
        which they first appear in ``relations``.

    Raises
    ------
    InvalidRelationsError
        (a ``ValueError``) if a pair is missing or given twice, a pair joins a player
        to itself, there are not exactly three players, or a value is not +1 or -1.

    Examples
    --------
    >>> t = classify({("US", "Russia"): -1, ("US", "China"): -1, ("China", "Russia"): 1})
    >>> t.configuration, t.balanced
    ('stable_marriage', True)
    >>> t.roles
    {'US': 'outcast', 'Russia': 'partner', 'China': 'partner'}
    >>> t.scores
    {'US': -3, 'Russia': 1, 'China': 1}
    >>> classify({("US", "Russia"): 1, ("US", "China"): -1})
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidRelationsError: relations give no sign for the pair ('Russia', ...
    """
    if not isinstance(relations, Mapping):
        raise InvalidRelationsError(
            f"relations must be a mapping from pairs of players to +1 / -1, e.g. "
            f"{{('US', 'Russia'): 1, ('US', 'China'): -1, ('Russia', 'China'): 1}}; "
            f"got {type(relations).__name__}."
        )
    order: list[str] = []
    signs: dict[frozenset[str], int] = {}
    for key, value in relations.items():
        a, b = _pair(key)
        for p in (a, b):
            if p not in order:
                order.append(p)
        pair = frozenset((a, b))
        if pair in signs:
            raise InvalidRelationsError(
                f"the pair {key!r} is given twice (pairs are unordered: {(a, b)!r} and "
                f"{(b, a)!r} are the same relation); give each pair once."
            )
        signs[pair] = as_sign(value, f"relation {key!r}")
    if players is not None:
        given = tuple(check_sequence(players, "players"))
        if not all(isinstance(p, str) for p in given):
            raise InvalidRelationsError(f"players are names (strings); got {given!r}.")
        if sorted(given) != sorted(order) or len(set(given)) != len(given):
            raise InvalidRelationsError(
                f"players {given!r} do not match the players in the relations ({tuple(order)!r})."
            )
        order = list(given)
    if len(order) != 3:
        raise InvalidRelationsError(
            f"a strategic triangle has exactly three players; the relations name {len(order)}: "
            f"{tuple(order)!r}."
        )
    ordered = []
    for a, b in itertools.combinations(order, 2):
        pair = frozenset((a, b))
        if pair not in signs:
            raise InvalidRelationsError(
                f"relations give no sign for the pair {(a, b)!r}; expected one +1 (amity) or -1 "
                f"(enmity) for each of the three pairs of {tuple(order)!r}."
            )
        ordered.append(signs[pair])
    _register("dittmer1981", "wu1996", "cartwright1956")
    return Triangle(tuple(order), tuple(ordered))  # type: ignore[arg-type]


def _pair(key: Any) -> tuple[str, str]:
    if (
        isinstance(key, (str, bytes))
        or not isinstance(key, (tuple, list, frozenset))
        or len(key) != 2
    ):
        raise InvalidRelationsError(
            f"each key of relations must be a pair of player names such as ('US', 'Russia'); "
            f"got {key!r}."
        )
    a, b = tuple(key)
    for p in (a, b):
        if not isinstance(p, str) or not p:
            raise InvalidRelationsError(
                f"player names must be non-empty strings; got {p!r} in {key!r}."
            )
    if a == b:
        raise InvalidRelationsError(
            f"a relation joins two different players; got the pair {key!r}."
        )
    return a, b


def triangles(players: Sequence[str] = MODEL_PLAYERS) -> Iterator[Triangle]:
    """All eight sign patterns of three players, from all amity to all enmity.

    The players are checked at the call (not when the first triangle is drawn).

    >>> [t.configuration for t in triangles()][:3]
    ['menage_a_trois', 'romantic_triangle', 'romantic_triangle']
    >>> triangles(("US", "US", "China"))
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidRelationsError: a strategic triangle has three distinct named ...
    """
    names = _three_players(players)
    return iter([
        Triangle(names, signs)  # type: ignore[arg-type]
        for signs in itertools.product((AMITY, ENMITY), repeat=3)
    ])


def _three_players(players: Any) -> tuple[str, str, str]:
    """``players`` as a tuple of three distinct non-empty names, or a clear error."""
    check_sequence(players, "players")
    names = tuple(players)
    if (
        len(names) != 3
        or not all(isinstance(p, str) and p for p in names)
        or len(set(names)) != 3
    ):
        raise InvalidRelationsError(
            f"a strategic triangle has three distinct named players, e.g. {MODEL_PLAYERS!r}; "
            f"got {names!r}."
        )
    return names


# --------------------------------------------------------------------- the amity game
_CHOICES = ("amity", "enmity")


def amity_strategy(toward_first: int, toward_second: int) -> str:
    """The amity game's name for a player's choice toward the two other players.

    The two others are taken in player order. ``amity_strategy(1, -1)`` is
    ``"amity/enmity"``: amity toward the first of the others, enmity toward the second.

    >>> amity_strategy(1, -1)
    'amity/enmity'
    """
    first = _CHOICES[as_sign(toward_first, "stance") < 0]
    second = _CHOICES[as_sign(toward_second, "stance") < 0]
    return f"{first}/{second}"


def amity_stances(strategy: str) -> tuple[int, int] | None:
    """The two stances an amity-game strategy name stands for, or ``None`` for other names.

    The inverse of :func:`amity_strategy`.

    >>> amity_stances("amity/enmity"), amity_stances("engage")
    ((1, -1), None)
    """
    check_text(strategy, "strategy")  # NaN or an object is no strategy name at all
    parts = strategy.split("/")
    if len(parts) != 2 or not all(x in _CHOICES for x in parts):
        return None
    first, second = (AMITY if x == "amity" else ENMITY for x in parts)
    return first, second


def amity_game(
    players: Sequence[str] = MODEL_PLAYERS,
    *,
    role_values: Mapping[str, Any] | None = None,
    unrequited_cost: NumberLike = 0,
    formation: Literal["mutual", "either"] = "mutual",
) -> NormalFormGame:
    """The game in which each player chooses amity or enmity toward each of the other two.

    Each player has four strategies, named ``"amity/amity"``, ``"amity/enmity"``,
    ``"enmity/amity"`` and ``"enmity/enmity"``: its stance toward the two other players,
    taken in player order (for the US of ``MODEL_PLAYERS``: toward Russia, then China).

    How a relation forms. With ``formation="mutual"`` (the default) a pair is in amity
    only when both sides choose amity, and either side can impose enmity alone: a
    rapprochement is a bilateral act (normalisation, a treaty, a partnership), while
    hostility needs no consent. ``formation="either"`` makes amity need only one side,
    for comparison.

    Payoffs. A player's payoff is the value of its role in the resulting triangle,
    ``role_values[role]`` (by default :data:`ROLE_SCORES`, Wu's score ``s_ij + s_ik -
    s_jk``: pivot 3, friend and partner 1, wing and foe -1, outcast -3), minus
    ``unrequited_cost`` for each amity it offers that the other side does not return
    (the exposure of courting a partner who refuses). ``role_values`` may give only some
    roles (the rest keep their scores); values and the cost may be sympy expressions,
    which makes the game symbolic.

    What the default game says: each pair plays a coordination game whose outcome does
    not depend on the third player's choices, so every one of the eight sign patterns is
    a pure equilibrium; with ``unrequited_cost = 0`` the equilibria with enmity are weak
    (amity weakly dominates), so only the ménage à trois survives the elimination of
    weakly dominated strategies. Dittmer's roles alone do not select a configuration.

    >>> import triangle as tri
    >>> from triangle.models.configurations import configuration_of
    >>> g = amity_game()
    >>> g.strategies[0]
    ('amity/amity', 'amity/enmity', 'enmity/amity', 'enmity/enmity')
    >>> eqs = tri.pure_equilibria(g)
    >>> sorted({configuration_of(e).configuration for e in eqs})
    ['menage_a_trois', 'romantic_triangle', 'stable_marriage', 'unit_veto']
    >>> len(eqs)
    8
    """
    from triangle.games.normal_form import NormalFormGame

    players = _three_players(players)
    check_text(formation, "formation")
    if formation not in ("mutual", "either"):
        raise InvalidRelationsError(f"formation must be 'mutual' or 'either'; got {formation!r}.")
    values: dict[str, Any] = dict(ROLE_SCORES)
    given = {} if role_values is None else check_mapping(role_values, "role_values")
    check_names("role", given, ROLES, argument="role_values")
    for role, value in given.items():
        values[role] = _payoff_value(value, f"role_values[{role!r}]")
    cost = _payoff_value(unrequited_cost, "unrequited_cost")

    strategies = [
        [amity_strategy(x, y) for x, y in itertools.product((AMITY, ENMITY), repeat=2)]
    ] * 3
    others = [[q for q in range(3) if q != p] for p in range(3)]
    payoffs = np.empty((3, 4, 4, 4), dtype=object)
    for profile in itertools.product(range(4), repeat=3):
        # stance[p][q]: p's choice toward q, from the strategy index's two bits
        stance = [[0] * 3 for _ in range(3)]
        for p, s in enumerate(profile):
            x, y = divmod(s, 2)
            stance[p][others[p][0]] = ENMITY if x else AMITY
            stance[p][others[p][1]] = ENMITY if y else AMITY
        signs = tuple(
            form_relation(stance[a][b], stance[b][a], formation)
            for a, b in ((0, 1), (0, 2), (1, 2))
        )
        roles = Triangle(players, signs).roles  # type: ignore[arg-type]
        for p in range(3):
            unrequited = sum(stance[p][q] == AMITY and stance[q][p] == ENMITY for q in others[p])
            payoffs[(p, *profile)] = values[roles[players[p]]] - cost * unrequited
    _register(*_LITERATURE)
    return NormalFormGame(_simplify(payoffs), players=players, strategies=strategies)


def form_relation(mine: int, theirs: int, formation: str = "mutual") -> int:
    """The relation two stances make: with ``"mutual"`` amity needs both, with ``"either"`` one.

    >>> form_relation(AMITY, ENMITY), form_relation(AMITY, ENMITY, "either")
    (-1, 1)
    """
    check_text(formation, "formation")
    mine, theirs = as_sign(mine, "mine"), as_sign(theirs, "theirs")
    if formation == "mutual":
        return AMITY if mine == theirs == AMITY else ENMITY
    if formation == "either":
        return AMITY if AMITY in (mine, theirs) else ENMITY
    raise InvalidRelationsError(f"formation must be 'mutual' or 'either'; got {formation!r}.")


def _payoff_value(value: Any, what: str) -> Any:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Number, sympy.Basic)):
        raise InvalidRelationsError(
            f"{what} must be a number or a sympy expression; got {value!r}."
        )
    if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
        raise InvalidRelationsError(f"{what} must be a real number; got {value!r}.")
    if isinstance(value, numbers.Real) and not math.isfinite(value):
        raise InvalidRelationsError(f"{what} must be a finite number; got {value!r}.")
    if isinstance(value, sympy.Basic) and value.is_number and not value.is_finite:
        raise InvalidRelationsError(f"{what} must be finite; got {value!r}.")
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    return value


def _simplify(payoffs: np.ndarray) -> np.ndarray:
    """Plain numbers stay numbers (so exact ints stay exact); expressions stay sympy."""
    if all(isinstance(x, numbers.Number) and not isinstance(x, sympy.Basic) for x in payoffs.flat):
        return (
            payoffs.astype(float)
            if any(isinstance(x, float) for x in payoffs.flat)
            else payoffs.astype(int)
        )
    return payoffs


def _register(*keys: str) -> None:
    from triangle.citations import register

    register(*keys)


def __getattr__(name: str) -> Any:
    """Serve the 0.1 names of :mod:`triangle.models.configurations` from here.

    >>> from triangle.models.dittmer import configuration_of
    >>> configuration_of(("pressure", "stay", "hold")).configuration
    'stable_marriage'
    """
    if name in _CONFIGURATION_NAMES:
        from triangle.models import configurations

        return getattr(configurations, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
