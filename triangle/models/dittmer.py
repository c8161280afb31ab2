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
each of the other two; see :func:`amity_game`) and reads the configuration of any
outcome of the triangle models (:func:`configuration_of`).

>>> from triangle.models.dittmer import classify
>>> t = classify({("US", "Russia"): 1, ("Russia", "China"): 1, ("US", "China"): -1})
>>> t.configuration, t.roles["Russia"], t.scores["Russia"], t.balanced
('romantic_triangle', 'pivot', 3, False)
"""

from __future__ import annotations

import itertools
import numbers
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import sympy

from triangle.errors import InvalidProfileError, InvalidRelationsError, unknown_name

if TYPE_CHECKING:
    from triangle.games.normal_form import NormalFormGame

__all__ = [
    "AMITY",
    "CONFIGURATIONS",
    "ENMITY",
    "MODEL_PLAYERS",
    "MODEL_STANCES",
    "ROLES",
    "ROLE_RANK",
    "ROLE_SCORES",
    "STANCE_SOURCES",
    "InvalidRelationsError",
    "StanceSource",
    "Triangle",
    "amity_game",
    "amity_strategy",
    "classify",
    "configuration_distribution",
    "configuration_of",
    "model_stances",
    "triangles",
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

#: The players of the triangle models, in their declaration order.
MODEL_PLAYERS: tuple[str, str, str] = ("US", "Russia", "China")

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
        players = tuple(self.players)
        if len(players) != 3 or len(set(players)) != 3:
            raise InvalidRelationsError(f"a triangle has three distinct players; got {players!r}.")
        signs = tuple(_sign(s, f"sign {i}") for i, s in enumerate(self.signs))
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


def _sign(value: Any, where: str) -> int:
    """+1 or -1 from an int-like value equal to it; anything else (booleans too) raises."""
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
        signs[pair] = _sign(value, f"relation {key!r}")
    if players is not None:
        given = tuple(players)
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

    >>> [t.configuration for t in triangles()][:3]
    ['menage_a_trois', 'romantic_triangle', 'romantic_triangle']
    """
    players = tuple(players)
    for signs in itertools.product((AMITY, ENMITY), repeat=3):
        yield Triangle(players, signs)  # type: ignore[arg-type]


# --------------------------------------------------------------------- the amity game
_CHOICES = ("amity", "enmity")


def amity_strategy(toward_first: int, toward_second: int) -> str:
    """The amity game's name for a player's choice toward the two other players.

    The two others are taken in player order. ``amity_strategy(1, -1)`` is
    ``"amity/enmity"``: amity toward the first of the others, enmity toward the second.

    >>> amity_strategy(1, -1)
    'amity/enmity'
    """
    first = _CHOICES[_sign(toward_first, "stance") < 0]
    second = _CHOICES[_sign(toward_second, "stance") < 0]
    return f"{first}/{second}"


def amity_game(
    players: Sequence[str] = MODEL_PLAYERS,
    *,
    role_values: Mapping[str, Any] | None = None,
    unrequited_cost: Any = 0,
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

    players = tuple(players)
    if (
        len(players) != 3
        or len(set(players)) != 3
        or not all(isinstance(p, str) and p for p in players)
    ):
        raise InvalidRelationsError(
            f"the amity game has three distinct named players; got {players!r}."
        )
    if formation not in ("mutual", "either"):
        raise InvalidRelationsError(f"formation must be 'mutual' or 'either'; got {formation!r}.")
    values: dict[str, Any] = dict(ROLE_SCORES)
    for role, value in (role_values or {}).items():
        if role not in ROLE_SCORES:
            raise unknown_name("role", role, ROLES)
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
            _form(stance[a][b], stance[b][a], formation) for a, b in ((0, 1), (0, 2), (1, 2))
        )
        roles = Triangle(players, signs).roles  # type: ignore[arg-type]
        for p in range(3):
            unrequited = sum(stance[p][q] == AMITY and stance[q][p] == ENMITY for q in others[p])
            payoffs[(p, *profile)] = values[roles[players[p]]] - cost * unrequited
    _register(*_LITERATURE)
    return NormalFormGame(_simplify(payoffs), players=players, strategies=strategies)


def _form(mine: int, theirs: int, formation: str) -> int:
    if formation == "mutual":
        return AMITY if mine == theirs == AMITY else ENMITY
    return AMITY if AMITY in (mine, theirs) else ENMITY


def _payoff_value(value: Any, what: str) -> Any:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Number, sympy.Basic)):
        raise InvalidRelationsError(
            f"{what} must be a number or a sympy expression; got {value!r}."
        )
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


# --------------------------------------------------------------------- outcomes of the models
@dataclass(frozen=True)
class StanceSource:
    """Why a strategy of the triangle models carries a stance: the article and its words."""

    player: str
    strategies: tuple[str, ...]
    stance: str
    file: str
    quote: str


#: Each strategy's stance toward the other two players: +1 offers amity, -1 does not.
#: A relation is amity only when both sides offer it (as in :func:`amity_game`).
MODEL_STANCES: Mapping[str, Mapping[str, Mapping[str, int]]] = {
    "US": {
        "engage": {"Russia": AMITY, "China": ENMITY},
        "condition": {"Russia": AMITY, "China": ENMITY},
        "pressure": {"Russia": ENMITY, "China": ENMITY},
    },
    "Russia": {
        "pivot": {"US": AMITY, "China": ENMITY},
        "hedge": {"US": AMITY, "China": AMITY},
        "stay": {"US": ENMITY, "China": AMITY},
    },
    "China": {
        "reward": {"US": ENMITY, "Russia": AMITY},
        "hold": {"US": ENMITY, "Russia": AMITY},
        "punish": {"US": ENMITY, "Russia": ENMITY},
    },
}


def model_stances(china_punishes: str = "russia") -> Mapping[str, Mapping[str, Mapping[str, int]]]:
    """The stances of the simultaneous model's strategies, for one reading of ``punish``.

    ``"russia"`` (article 000, the default): China's ``punish`` cuts Russia off, as in
    :data:`MODEL_STANCES`. ``"us"`` (article 002): China presses the US over Taiwan and
    keeps supporting Russia, so ``punish`` keeps amity toward Russia (see
    ``triangle.models.simultaneous(china_punishes=...)``).

    >>> model_stances("us")["China"]["punish"]
    {'US': -1, 'Russia': 1}
    """
    if china_punishes == "russia":
        return MODEL_STANCES
    if china_punishes == "us":
        table = {p: dict(row) for p, row in MODEL_STANCES.items()}
        table["China"]["punish"] = {"US": ENMITY, "Russia": AMITY}
        return table
    raise InvalidRelationsError(f"china_punishes is 'russia' or 'us'; got {china_punishes!r}.")


#: The articles' words behind :data:`MODEL_STANCES` (verbatim quotes, checked by the tests).
STANCE_SOURCES: tuple[StanceSource, ...] = (
    StanceSource(
        "US",
        ("engage",),
        "amity toward Russia",
        "000_7475e70f1ac1d690.txt",
        "Trump has been making overtures to the Kremlin, promising partial sanctions relief "
        "and the restoration of economic ties.",
    ),
    StanceSource(
        "US",
        ("condition",),
        "amity toward Russia, on conditions",
        "001_9d7b1575e19265cf.txt",
        "Washington should pursue a strategy of selective engagement coupled with "
        "reinforced deterrence.",
    ),
    StanceSource(
        "US",
        ("pressure",),
        "enmity toward Russia",
        "001_9d7b1575e19265cf.txt",
        "For decades, US foreign policy has been characterized by a dual containment approach "
        "toward both Russia and China.",
    ),
    StanceSource(
        "US",
        ("engage", "condition", "pressure"),
        "enmity toward China",
        "003_7949c245d6586df2.txt",
        "U.S. foreign policy has shifted into full-scale competition, squeezing out any "
        "space for cooperation.",
    ),
    StanceSource(
        "China",
        ("reward", "hold", "punish"),
        "enmity toward the US",
        "000_7475e70f1ac1d690.txt",
        "China remains the United States’ main strategic competitor.",
    ),
    StanceSource(
        "Russia",
        ("pivot",),
        "enmity toward China",
        "000_7475e70f1ac1d690.txt",
        "if Moscow aligns itself with Washington against Beijing, restoring relations with "
        "China will be impossible.",
    ),
    StanceSource(
        "Russia",
        ("hedge",),
        "amity toward both",
        "004_81f2a95097f2191c.txt",
        "Putin would have to navigate nuanced diplomacy that encourages both sides to seek "
        "stronger ties with Russia",
    ),
    StanceSource(
        "Russia",
        ("hedge",),
        "amity toward both",
        "002_12ed3abe8702bf10.txt",
        "avoid complete dependence on China by balancing between the two centers of power. "
        "And all this without a real break with Beijing.",
    ),
    StanceSource(
        "Russia",
        ("stay",),
        "enmity toward the US",
        "003_7949c245d6586df2.txt",
        "such a development is not expected to pull Moscow away from Beijing.",
    ),
    StanceSource(
        "China",
        ("reward",),
        "amity toward Russia",
        "002_12ed3abe8702bf10.txt",
        "China can quickly respond to the US attempt to lure Russia: finalize the Power of "
        "Siberia 2 project",
    ),
    StanceSource(
        "China",
        ("reward", "hold"),
        "amity toward Russia",
        "003_7949c245d6586df2.txt",
        "Currently, China is Russia’s economic lifeline—and Moscow is reaping the rewards.",
    ),
    StanceSource(
        "China",
        ("punish",),
        "amity toward Russia when China presses the US instead (china_punishes='us')",
        "002_12ed3abe8702bf10.txt",
        "supporting Russia tactically but decisively",
    ),
    StanceSource(
        "China",
        ("punish",),
        "enmity toward Russia",
        "000_7475e70f1ac1d690.txt",
        "Beijing, finding itself without a key partner, would seek alternative alliances",
    ),
)


def configuration_of(
    outcome: Any,
    *,
    game: NormalFormGame | None = None,
    players: Sequence[str] | None = None,
    stances: Mapping[str, Mapping[str, Mapping[str, int]]] | None = None,
    formation: Literal["mutual", "either"] = "mutual",
    china_punishes: str = "russia",
) -> Triangle:
    """The Dittmer configuration of an outcome of the triangle models or of the amity game.

    Parameters
    ----------
    outcome
        An :class:`~triangle.Equilibrium`; a mapping ``{player: strategy name}``; a
        sequence of strategy names in player order; or, with ``game``, any profile
        :meth:`NormalFormGame.expected_payoffs` accepts (indices, probability vectors).
    game
        The game the outcome belongs to (needed only for indices or probability vectors).
    players
        The player order of a sequence of names; default ``("US", "Russia", "China")``.
    stances
        ``{player: {strategy: {other player: +1 or -1}}}``; default
        ``model_stances(china_punishes)``. Strategies of the amity game
        (``"amity/enmity"``, ...) are read from their names.
    formation
        How two stances make a relation, as in :func:`amity_game`: ``"mutual"`` (amity
        needs both sides) or ``"either"`` (pass the rule the amity game was built with).
    china_punishes
        The reading of China's ``punish`` the model was built with (``"russia"`` or
        ``"us"``, as in ``triangle.models.simultaneous``); see :func:`model_stances`.

    How an outcome becomes relations. Each strategy is a stance toward each other
    player, and a pair is in amity only when both sides' stances are amity (the rule
    of :func:`amity_game`). For ``triangle.models.simultaneous()``, see
    :data:`MODEL_STANCES` and :data:`STANCE_SOURCES`: US-Russia amity iff the US engages
    or engages conditionally and Russia pivots or hedges; Russia-China amity iff Russia
    hedges or stays and China does not cut it off (``punish`` in the ``"russia"``
    reading; in the ``"us"`` reading China presses the US and keeps Russia close);
    US-China enmity in every outcome, since
    no strategy of 2025 offers it (003: "U.S. foreign policy has shifted into full-scale
    competition, squeezing out any space for cooperation.").

    A mixed profile is read at its most probable pure profile (each player's most
    probable strategy, the first on ties); :func:`configuration_distribution` gives the
    whole distribution instead.

    >>> t = configuration_of({"US": "engage", "Russia": "hedge", "China": "hold"})
    >>> t.configuration, t.pivot
    ('romantic_triangle', 'Russia')
    >>> configuration_of(("pressure", "stay", "hold")).configuration
    'stable_marriage'
    """
    names, order = _pure_names(outcome, game, players)
    table = model_stances(china_punishes) if stances is None else stances
    signs = _signs_of(names, order, table, formation)
    return Triangle(order, signs)  # type: ignore[arg-type]


def configuration_distribution(
    outcome: Any,
    *,
    game: NormalFormGame | None = None,
    players: Sequence[str] | None = None,
    stances: Mapping[str, Mapping[str, Mapping[str, int]]] | None = None,
    formation: Literal["mutual", "either"] = "mutual",
    china_punishes: str = "russia",
) -> dict[Triangle, Any]:
    """The probability of each triangle under a (mixed) equilibrium or profile.

    Same arguments as :func:`configuration_of`; pure outcomes give one triangle with
    probability 1. Probabilities are exact fractions when the profile is exact.

    >>> import triangle as tri
    >>> g = tri.NormalFormGame(np.zeros((3, 3, 3, 3)), players=MODEL_PLAYERS,
    ...                        strategies=[list(MODEL_STANCES[p]) for p in MODEL_PLAYERS])
    >>> dist = configuration_distribution(
    ...     ("engage", [0, Fraction(1, 2), Fraction(1, 2)], "hold"), game=g)
    >>> {t.configuration: p for t, p in dist.items()}
    {'romantic_triangle': Fraction(1, 2), 'stable_marriage': Fraction(1, 2)}
    """
    order, names, vectors = _profile_vectors(outcome, game, players)
    table = model_stances(china_punishes) if stances is None else stances
    dist: dict[Triangle, Any] = {}
    supports = [[(s, x) for s, x in zip(n, v) if x > 0] for n, v in zip(names, vectors)]
    for cell in itertools.product(*supports):
        prob = 1
        for _, x in cell:
            prob = prob * x
        signs = _signs_of([s for s, _ in cell], order, table, formation)
        t = Triangle(order, signs)  # type: ignore[arg-type]
        dist[t] = dist.get(t, 0) + prob
    return dist


def _pure_names(
    outcome: Any, game: NormalFormGame | None, players: Sequence[str] | None
) -> tuple[list[str], tuple[str, ...]]:
    if _is_names(outcome):
        order = _order(outcome, players)
        if isinstance(outcome, Mapping):
            missing = [p for p in order if p not in outcome]
            if missing:
                raise InvalidProfileError(
                    f"the outcome gives no strategy for {missing}; give one per player."
                )
            return [outcome[p] for p in order], order
        if len(outcome) != 3:
            raise InvalidProfileError(
                f"an outcome names one strategy per player (3); got {outcome!r}."
            )
        return list(outcome), order
    order, names, vectors = _profile_vectors(outcome, game, players)
    picked = []
    for n, v in zip(names, vectors):
        best = max(range(len(v)), key=lambda j: (v[j], -j))  # most probable, first on ties
        picked.append(n[best])
    return picked, order


def _is_names(outcome: Any) -> bool:
    if isinstance(outcome, Mapping):
        return all(isinstance(v, str) for v in outcome.values())
    return (
        isinstance(outcome, Sequence)
        and not isinstance(outcome, str)
        and all(isinstance(v, str) for v in outcome)
    )


def _order(outcome: Any, players: Sequence[str] | None) -> tuple[str, ...]:
    if players is not None:
        order = tuple(players)
    elif isinstance(outcome, Mapping):
        keys = tuple(outcome)
        order = MODEL_PLAYERS if set(keys) == set(MODEL_PLAYERS) else keys
    else:
        order = MODEL_PLAYERS
    if len(order) != 3 or len(set(order)) != 3:
        raise InvalidProfileError(f"a triangle has three players; got {order!r}.")
    return order


def _profile_vectors(
    outcome: Any, game: NormalFormGame | None, players: Sequence[str] | None
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...], tuple[Any, ...]]:
    """(players, strategy names, probability vectors) of any accepted outcome."""
    if _is_equilibrium(outcome):
        order, names, vectors = (
            tuple(outcome.players),
            tuple(outcome.strategies),
            tuple(outcome.profile),
        )
    elif game is not None:
        from triangle.games.profiles import as_profile

        order, names, vectors = game.players, game.strategies, as_profile(game, outcome)
    elif _is_names(outcome):
        picked, order = _pure_names(outcome, None, players)
        return order, tuple((s,) for s in picked), tuple((Fraction(1),) for _ in picked)
    else:
        raise InvalidProfileError(
            f"cannot read {outcome!r} as an outcome: give an Equilibrium, strategy names, or pass "
            f"game=... for indices or probability vectors."
        )
    if len(order) != 3:
        raise InvalidProfileError(
            f"a triangle has three players; this outcome has {len(order)}: {order!r}."
        )
    return tuple(order), names, vectors


def _is_equilibrium(outcome: Any) -> bool:
    return all(hasattr(outcome, a) for a in ("profile", "players", "strategies"))


def _signs_of(
    names: Sequence[str],
    order: Sequence[str],
    stances: Mapping[str, Mapping[str, Mapping[str, int]]] | None,
    formation: str = "mutual",
) -> tuple[int, int, int]:
    if formation not in ("mutual", "either"):
        raise InvalidRelationsError(f"formation must be 'mutual' or 'either'; got {formation!r}.")
    table = MODEL_STANCES if stances is None else stances
    stance: dict[str, dict[str, int]] = {}
    for player, strategy in zip(order, names):
        others = [q for q in order if q != player]
        stance[player] = _stance(player, strategy, others, table)
    signs = tuple(
        _form(stance[a][b], stance[b][a], formation) for a, b in itertools.combinations(order, 2)
    )
    _register("dittmer1981")
    return signs  # type: ignore[return-value]


def _stance(
    player: str, strategy: str, others: list[str], table: Mapping[str, Any]
) -> dict[str, int]:
    parts = strategy.split("/")
    if len(parts) == 2 and all(x in _CHOICES for x in parts):  # an amity-game strategy
        return {q: AMITY if x == "amity" else ENMITY for q, x in zip(others, parts)}
    if player not in table:
        raise unknown_name("player (no stances known; pass stances=...)", player, list(table))
    row = table[player]
    if strategy not in row:
        raise unknown_name(
            f"strategy of {player!r} (no stance known; pass stances=...)", strategy, list(row)
        )
    entry = row[strategy]
    out = {}
    for q in others:
        if q not in entry:
            raise InvalidRelationsError(
                f"stances[{player!r}][{strategy!r}] gives no stance toward {q!r}; give +1 or -1 "
                f"for each of {others}."
            )
        out[q] = _sign(entry[q], f"stances[{player!r}][{strategy!r}][{q!r}]")
    return out


def _register(*keys: str) -> None:
    from triangle.citations import register

    register(*keys)
