"""The model's stances, and the Dittmer configuration of any outcome of the triangle models.

Each strategy of :func:`triangle.models.simultaneous` is a stance toward each of the
other two players (:data:`MODEL_STANCES`), read from the articles' words
(:data:`STANCE_SOURCES`, kept verbatim in ``triangle/data/stances.toml``). Two stances
make a relation (amity only when both offer it, as in the amity game), three relations a
:class:`~triangle.models.dittmer.Triangle`: :func:`configuration_of` reads the triangle of
one outcome and :func:`configuration_distribution` its probability under a mixed profile.
Dittmer's theory itself (configurations, roles, balance) is :mod:`triangle.models.dittmer`.

>>> from triangle.models.configurations import configuration_of
>>> t = configuration_of({"US": "condition", "Russia": "hedge", "China": "hold"})
>>> t.configuration, t.pivot
('romantic_triangle', 'Russia')

References: ``dittmer1981``.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from triangle.citations import register
from triangle.errors import InvalidProfileError, InvalidRelationsError, unknown_name
from triangle.games.aliases import ProfileLike
from triangle.games.symbolic import check_game
from triangle.models.dittmer import (
    AMITY,
    ENMITY,
    Triangle,
    amity_stances,
    as_sign,
    form_relation,
)
from triangle.models.factors import Source
from triangle.models.simultaneous import PLAYERS, STRATEGIES
from triangle.registries import (
    check_mapping,
    check_sequence,
    check_tables,
    check_text,
    load_toml,
)

if TYPE_CHECKING:
    from triangle.games.normal_form import NormalFormGame
    from triangle.models.scenarios import Scenario

__all__ = [
    "MODEL_STANCES",
    "STANCE_SOURCES",
    "WORLD_STANCES",
    "StanceSource",
    "WorldStance",
    "configuration_distribution",
    "configuration_of",
    "model_stances",
    "us_china_stance",
]


@dataclass(frozen=True)
class StanceSource:
    """Why a strategy of the triangle models carries a stance: the article and its words.

    ``quote`` is an exact substring of the article file ``file`` (checked by the
    provenance test); ``strategies`` are strategies of ``player`` in
    :func:`triangle.models.simultaneous`.

    >>> s = STANCE_SOURCES[0]
    >>> s.player, s.strategies, s.stance
    ('US', ('engage',), 'amity toward Russia')
    """

    player: str
    strategies: tuple[str, ...]
    stance: str
    file: str
    quote: str


#: Each strategy's stance toward the other two players: +1 offers amity, -1 does not.
#: A relation is amity only when both sides offer it (as in
#: :func:`~triangle.models.dittmer.amity_game`).
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


def model_stances(
    china_punishes: str = "russia", us_china: int | str | Scenario | None = None
) -> Mapping[str, Mapping[str, Mapping[str, int]]]:
    """The stances of the simultaneous model's strategies, for one reading of ``punish``.

    ``us_china`` is the relation of the US and the third seat, which no strategy chooses:
    ``None`` (the 2025 world: enmity), ``"amity"``/``"enmity"``, +1/-1, or a scenario
    (name or object), whose world gives it (:func:`us_china_stance`).

    ``"russia"`` (article 000, the default): China's ``punish`` cuts Russia off, as in
    :data:`MODEL_STANCES`. ``"us"`` (article 002): China presses the US over Taiwan and
    keeps supporting Russia, so ``punish`` keeps amity toward Russia (see
    ``triangle.models.simultaneous(china_punishes=...)``).

    >>> model_stances("us")["China"]["punish"]
    {'US': -1, 'Russia': 1}
    >>> model_stances(us_china="1972")["US"]["condition"]
    {'Russia': 1, 'China': 1}
    """
    check_text(china_punishes, "china_punishes")  # an array would make `in` ambiguous
    if china_punishes not in ("russia", "us"):
        raise InvalidRelationsError(
            f"china_punishes is 'russia' or 'us'; got {china_punishes!r}."
        )
    sign = ENMITY if us_china is None else us_china_stance(us_china)
    if china_punishes == "russia" and sign == ENMITY:
        return MODEL_STANCES
    table = {p: {s: dict(v) for s, v in row.items()} for p, row in MODEL_STANCES.items()}
    if china_punishes == "us":
        table["China"]["punish"] = {"US": ENMITY, "Russia": AMITY}
    for strategy in table["US"]:
        table["US"][strategy]["China"] = sign
    for strategy in table["China"]:
        table["China"][strategy]["US"] = sign
    return table


@dataclass(frozen=True)
class WorldStance:
    """The relation of the US and the third seat in one scenario world, and why.

    >>> WORLD_STANCES["1972"].us_china, WORLD_STANCES["1972"].provenance
    (1, 'assumed')
    """

    name: str
    us_china: int
    provenance: str
    reason: str
    file: str
    quote: str


def _load_world_stances() -> Mapping[str, WorldStance]:
    data = load_toml("stances.toml")
    check_tables(data, ("source", "world"))  # a misspelt table is refused, not skipped
    out = {}
    for entry in data.entries(
        "world", kind="world stance", key="name",
        required=("name", "us_china", "provenance", "reason"), optional=("file", "quote"),
    ):
        word = entry.field("us_china", str)
        if word not in ("amity", "enmity"):
            raise entry.error(f"'amity' or 'enmity'; got {word!r}.", field="us_china")
        with entry.context():
            source = Source(entry.field("file", str), entry.field("quote", str))
        name = entry.field("name", str)
        out[name] = WorldStance(name, AMITY if word == "amity" else ENMITY,
                                entry.field("provenance", str), entry.field("reason", str),
                                source.file, source.quote)
    return MappingProxyType(out)


#: The US-third seat relation of each scenario world (``"2025"``, ``"1972"``), with why.
WORLD_STANCES: Mapping[str, WorldStance] = _load_world_stances()


def us_china_stance(which: int | str | Scenario) -> int:
    """The relation of the US and the third seat: +1 (amity) or -1 (enmity).

    ``which`` is ``"amity"``/``"enmity"``, +1/-1, or a scenario (its name or an object
    with ``name`` and ``year``): the 1972 mirror's world gives amity (detente; an assumed
    reading, see :data:`WORLD_STANCES`), every 2025 scenario enmity (003, cited).

    >>> us_china_stance("1972"), us_china_stance("baseline"), us_china_stance("amity")
    (1, -1, 1)
    """
    if isinstance(which, str) and which in ("amity", "enmity"):
        return AMITY if which == "amity" else ENMITY
    if isinstance(which, (int, float)) and not isinstance(which, bool):
        return as_sign(which, "us_china")
    name = which if isinstance(which, str) else getattr(which, "name", None)
    year = getattr(which, "year", None)
    if name == "1972" or year == 1972:
        return WORLD_STANCES["1972"].us_china
    if isinstance(name, str):
        from triangle.models.scenarios import scenarios  # a name: check that it exists

        if name not in scenarios:
            raise unknown_name("scenario or stance ('amity', 'enmity')", name,
                               [*scenarios, "amity", "enmity"])
        return WORLD_STANCES["1972" if scenarios[name].year == 1972 else "2025"].us_china
    raise InvalidRelationsError(
        f"us_china is 'amity', 'enmity', +1, -1 or a scenario; got {which!r}."
    )


def _load_stance_sources() -> tuple[StanceSource, ...]:
    """The ``[[source]]`` tables of ``stances.toml``, checked against the model's strategies."""
    data = load_toml("stances.toml")
    check_tables(data, ("source", "world"))  # a misspelt table is refused, not skipped
    out = []
    for entry in data.entries(
        "source",
        kind="stance source",
        key="quote",
        required=("player", "strategies", "stance", "file", "quote"),
        optional=(),
    ):
        player = entry.field("player", str)
        if player not in PLAYERS:
            raise entry.error(f"{player!r} is not one of {PLAYERS}.", field="player")
        own = STRATEGIES[PLAYERS.index(player)]
        strategies = tuple(entry.field("strategies", list))
        unknown = [s for s in strategies if s not in own]
        if not strategies or unknown:
            raise entry.error(
                f"give a non-empty list of {player}'s strategies {own}; got {strategies}.",
                field="strategies",
            )
        with entry.context():
            source = Source(entry.field("file", str), entry.field("quote", str))
        out.append(
            StanceSource(player, strategies, entry.field("stance", str), source.file, source.quote)
        )
    return tuple(out)


#: The articles' words behind :data:`MODEL_STANCES` (verbatim quotes from
#: ``triangle/data/stances.toml``, checked by the provenance test).
STANCE_SOURCES: tuple[StanceSource, ...] = _load_stance_sources()


def configuration_of(
    outcome: ProfileLike,
    *,
    game: NormalFormGame | None = None,
    players: Sequence[str] | None = None,
    stances: Mapping[str, Mapping[str, Mapping[str, int]]] | None = None,
    formation: Literal["mutual", "either"] = "mutual",
    china_punishes: str = "russia",
    us_china: int | str | Scenario | None = None,
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
        How two stances make a relation, as in :func:`~triangle.models.dittmer.amity_game`:
        ``"mutual"`` (amity needs both sides) or ``"either"`` (pass the rule the amity game
        was built with).
    china_punishes
        The reading of China's ``punish`` the model was built with (``"russia"`` or
        ``"us"``, as in ``triangle.models.simultaneous``); see :func:`model_stances`.
    us_china
        The relation of the US and the third seat, which no strategy chooses: ``None``
        (the 2025 world, enmity), ``"amity"``/``"enmity"``, or a scenario whose world
        gives it (:func:`us_china_stance`; the 1972 mirror: detente, amity).

    How an outcome becomes relations. Each strategy is a stance toward each other
    player, and a pair is in amity only when both sides' stances are amity (the rule
    of :func:`~triangle.models.dittmer.amity_game`). For ``triangle.models.simultaneous()``, see
    :data:`MODEL_STANCES` and :data:`STANCE_SOURCES`: US-Russia amity iff the US engages
    or engages conditionally and Russia pivots or hedges; Russia-China amity iff Russia
    hedges or stays and China does not cut it off (``punish`` in the ``"russia"``
    reading; in the ``"us"`` reading China presses the US and keeps Russia close);
    US-China enmity in every outcome of the 2025 world, since no strategy of 2025 offers
    it (003: "U.S. foreign policy has shifted into full-scale competition, squeezing out
    any space for cooperation."); in another world (``us_china=``) the same outcome can
    be another triangle.

    A mixed profile is read at its most probable pure profile (each player's most
    probable strategy, the first on ties); :func:`configuration_distribution` gives the
    whole distribution instead.

    >>> t = configuration_of({"US": "engage", "Russia": "hedge", "China": "hold"})
    >>> t.configuration, t.pivot
    ('romantic_triangle', 'Russia')
    >>> configuration_of(("pressure", "stay", "hold")).configuration
    'stable_marriage'
    >>> t = configuration_of(("condition", "pivot", "hold"), us_china="1972")
    >>> t.configuration, t.pivot  # 1972 mirror, detente: the US is the pivot
    ('romantic_triangle', 'US')
    """
    _check_inputs(game, players, "configuration_of")
    names, order = _pure_names(outcome, game, players)
    table = model_stances(china_punishes, us_china) if stances is None else stances
    signs = _signs_of(names, order, table, formation)
    return Triangle(order, signs)  # type: ignore[arg-type]


def configuration_distribution(
    outcome: ProfileLike,
    *,
    game: NormalFormGame | None = None,
    players: Sequence[str] | None = None,
    stances: Mapping[str, Mapping[str, Mapping[str, int]]] | None = None,
    formation: Literal["mutual", "either"] = "mutual",
    china_punishes: str = "russia",
    us_china: int | str | Scenario | None = None,
) -> dict[Triangle, Any]:
    """The probability of each triangle under a (mixed) equilibrium or profile.

    Same arguments as :func:`configuration_of`; pure outcomes give one triangle with
    probability 1. Probabilities are exact fractions when the profile is exact.

    >>> import numpy as np, triangle as tri
    >>> g = tri.NormalFormGame(np.zeros((3, 3, 3, 3)), players=PLAYERS,
    ...                        strategies=[list(MODEL_STANCES[p]) for p in PLAYERS])
    >>> dist = configuration_distribution(
    ...     ("engage", [0, Fraction(1, 2), Fraction(1, 2)], "hold"), game=g)
    >>> {t.configuration: p for t, p in dist.items()}
    {'romantic_triangle': Fraction(1, 2), 'stable_marriage': Fraction(1, 2)}
    """
    _check_inputs(game, players, "configuration_distribution")
    order, names, vectors = _profile_vectors(outcome, game, players)
    table = model_stances(china_punishes, us_china) if stances is None else stances
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


def _check_inputs(game: Any, players: Any, what: str) -> None:
    """Refuse a ``game`` that is not a game and ``players`` that are not a sequence."""
    if game is not None:
        check_game(game, f"{what}(game=...)")
    if players is not None:
        check_sequence(players, "players")


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
        order = PLAYERS if set(keys) == set(PLAYERS) else keys
    else:
        order = PLAYERS
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
    check_text(formation, "formation")
    if formation not in ("mutual", "either"):
        raise InvalidRelationsError(f"formation must be 'mutual' or 'either'; got {formation!r}.")
    table = MODEL_STANCES if stances is None else stances
    stance: dict[str, dict[str, int]] = {}
    for player, strategy in zip(order, names):
        others = [q for q in order if q != player]
        stance[player] = _stance(player, strategy, others, table)
    signs = tuple(
        form_relation(stance[a][b], stance[b][a], formation)
        for a, b in itertools.combinations(order, 2)
    )
    register("dittmer1981")
    return signs  # type: ignore[return-value]


def _stance(
    player: str, strategy: str, others: list[str], table: Mapping[str, Any]
) -> dict[str, int]:
    amity = amity_stances(strategy) if isinstance(strategy, str) else None
    if amity is not None:  # an amity-game strategy: its stances are in its name
        return dict(zip(others, amity))
    check_mapping(table, "stances ({player: {strategy: {other: +1 or -1}}})")
    if player not in table:
        raise unknown_name("player (no stances known; pass stances=...)", player, list(table))
    row = check_mapping(table[player], f"stances[{player!r}]")
    if strategy not in row:
        raise unknown_name(
            f"strategy of {player!r} (no stance known; pass stances=...)", strategy, list(row)
        )
    entry = check_mapping(row[strategy], f"stances[{player!r}][{strategy!r}]")
    out = {}
    for q in others:
        if q not in entry:
            raise InvalidRelationsError(
                f"stances[{player!r}][{strategy!r}] gives no stance toward {q!r}; give +1 or -1 "
                f"for each of {others}."
            )
        out[q] = as_sign(entry[q], f"stances[{player!r}][{strategy!r}][{q!r}]")
    return out
