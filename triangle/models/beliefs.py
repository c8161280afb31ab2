"""The triangle with beliefs: who does not know what, and what the prior decides.

Three models of the articles' arguments about trust and types, each built from the
simultaneous model's payoff terms (:func:`triangle.models.simultaneous`): a *type* is a
world in which some factors take other values (a :class:`BeliefType`, a substitution of
factor values), so every payoff of every type is a cell of the same game and traces to
the same quotes. No payoff is written here; only who knows what.

- :func:`commitment`: Russia does not know whether the US is **committed** or
  **transactional** (002: "Putin does not trust the American political system"), and the
  2028 election can change the US Russia faces (003: "Should a new U.S. administration
  assume office in 2028, the prospects for a diplomatic thaw with Russia will grow
  uncertain"). The US types are ``committed`` (its promises are delivered and kept),
  ``reversed_in_2028`` (delivered, then reversed by a successor for the part of Russia's
  horizon after the US commitment) and ``transactional`` (nothing lasting is delivered:
  000, "What guarantees are there that Washington won't shift its stance once it achieves
  its goals?"). The prior is ``[(1-d)(1-h), (1-d)h, d]`` in the registry's
  ``russian_distrust_of_us`` (``d``) and ``us_policy_reversal_risk`` (``h``).
- :func:`screening`: the US (and China) do not know whether Russia is a **realigner** or an
  **opportunist** (001: a Russia that reads concessions as weakness "may choose to exploit
  them rather than reciprocate with genuine geopolitical realignment"); conditional
  engagement is the menu that may separate them (001: "contingent on verifiable
  actions"). The realigner gains nothing from exploiting US concessions
  (``russian_opportunism`` = 0 in its world); the opportunist gains what the registry says.
  The prior is :data:`BELIEF_FACTORS` ``russia_opportunist_prior``. China's belief about
  Russia's type is the same prior: Beijing's "unease" (004) is its reading of how likely
  Moscow is to realign.
- :func:`reassurance`: a signalling game (:class:`~triangle.SignalingGame`) in which China
  may finalise Power of Siberia 2 and supply Russia's military industry (002) before Russia
  chooses, to show Moscow what kind of partner it is: ``steadfast`` (a high stake in
  Russia, little to fear from it) or ``wavering`` (a low stake; a partner that "might
  exploit the growing asymmetry", 004). The types are the ends of the plausible ranges of
  ``china_strategic_stake`` and ``wariness_of_china``; the prior is
  ``china_steadfast_prior``.

The reduced form the simultaneous model uses is the expectation of these models: Russia's
payoffs are linear in ``russian_distrust_of_us`` and ``us_policy_reversal_risk`` (through
``us_credibility``), so Russia's expected payoff over the commitment model's US types at
the registry's prior is exactly the simultaneous model's. What the Bayesian models add is
the prior as a quantity of its own: swept, solved for, and told apart from the payoffs.

The two new priors are not in ``factors.toml``, whose test requires every factor to enter
a payoff term; they live in :data:`BELIEF_FACTORS`, with the same fields and provenance.

>>> import triangle as tri
>>> g = commitment()
>>> g.types[0]
('committed', 'reversed_in_2028', 'transactional')
>>> for p in g.prior[:, 0, 0]:
...     print(p)
(1 - russian_distrust_of_us)*(1 - us_policy_reversal_risk)
us_policy_reversal_risk*(1 - russian_distrust_of_us)
russian_distrust_of_us
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy

from triangle.errors import InvalidGameError, unknown_name
from triangle.games.bayesian import BayesianGame
from triangle.games.normal_form import NormalFormGame
from triangle.games.signaling import SignalingGame
from triangle.games.symbolic import register_known_names
from triangle.models.factors import Factor, Source, factors, parse_factor
from triangle.models.simultaneous import PLAYERS, STRATEGIES, simultaneous

__all__ = [
    "BELIEF_FACTORS",
    "STEP_CHOOSER",
    "BeliefType",
    "TypeSpace",
    "belief_values",
    "commitment",
    "commitment_space",
    "expected_game",
    "informed_substitute",
    "reassurance",
    "reassurance_types",
    "screening",
    "screening_space",
    "step_informed_worlds",
    "triangle_with_beliefs",
    "type_worlds",
    "typed_triangle",
]

_001 = "001_9d7b1575e19265cf.txt"
_002 = "002_12ed3abe8702bf10.txt"
_003 = "003_7949c245d6586df2.txt"
_004 = "004_81f2a95097f2191c.txt"
_000 = "000_7475e70f1ac1d690.txt"

def _prior_factor(fid: str, name: str, description: str, value: float, low: float,
                  high: float, reason: str, sources: list[tuple[str, str]]) -> Factor:
    """A prior of the belief models as a factor: a probability, assumed (no article gives
    odds), with the quotes it reads (file, quote)."""
    return parse_factor({
        "id": fid, "name": name, "description": description, "value": value, "low": low,
        "high": high, "unit": "probability", "provenance": "assumed", "player": "",
        "reason": reason, "sources": [{"file": f, "quote": q} for f, q in sources],
    })


#: The priors the belief models add, as factors (same fields as ``factors.toml``).
BELIEF_FACTORS: Mapping[str, Factor] = {
    f.id: f
    for f in (
        _prior_factor(
            "russia_opportunist_prior",
            "Prior that Russia is an opportunist, not a realigner",
            "The probability the US and China give to a Russia that would exploit US "
            "concessions rather than realign (001). China's belief that Russia might realign "
            "instead is its 'unease' (004).",
            0.5, 0.2, 0.8,
            "001 makes exploitation a live alternative to realignment and 002 and 003 doubt "
            "that Russia would realign at all, while 004 sees Moscow on a 'promising path'. No "
            "article gives odds, so an even prior, with a range wide enough for either camp "
            "(0.2 to 0.8).",
            [(_001, "If Russia interprets these moves as signs of Western weakness, it may "
              "choose to exploit them rather than reciprocate with genuine geopolitical "
              "realignment."),
             (_004, "coupled with some indications of unease within Beijing")],
        ),
        _prior_factor(
            "china_steadfast_prior",
            "Russia's prior that China is a steadfast partner",
            "The probability Moscow gives to a China with a high stake in Russia and little "
            "intent to exploit the asymmetry, against one that might (004).",
            0.7, 0.4, 0.9,
            "003 credits China's 'steady hand' and 002 lists what China can deliver at once; "
            "000 and 004 give Moscow reasons to distrust Beijing in the long run. So steadfast "
            "is more likely than not, with a range from doubt (0.4) to near confidence (0.9).",
            [(_003, "Sanctions have taken a serious toll on Russia’s economy, but China’s "
              "steady hand has kept it from tipping over."),
             (_000, "However, Moscow also has reasons to distrust Beijing."),
             (_004, "Putin must consider how a future Chinese leader might exploit the growing "
              "asymmetry in power and economic stability between the two countries to gain an "
              "advantage.")],
        ),
    )
}


def _is_belief_factor(name: str) -> bool:
    return name in BELIEF_FACTORS


def _belief_factor_names() -> Mapping[str, Factor]:
    return BELIEF_FACTORS


# ``subs`` and the samples' checks accept the priors as known factor names (a game that
# does not use one skips it), as they accept the registry's.
register_known_names(_is_belief_factor, names=_belief_factor_names)


def belief_values(
    values: Mapping[str, Any] | None = None, *, game: Any = None, exact: bool = False
) -> dict[str, Any]:
    """The registry's baseline, the belief priors' baselines, then ``values`` on top.

    With ``game``, only the factors of that game (ready for ``game.subs``). With
    ``exact``, floats become the rationals of their shortest decimal (0.3 is 3/10), so
    that a substituted game computes in exact arithmetic (beliefs such as 1/2, not
    0.49999999999999994).

    >>> v = belief_values({"russian_distrust_of_us": 0.5})
    >>> v["russian_distrust_of_us"], v["russia_opportunist_prior"]
    (0.5, 0.5)
    >>> sorted(belief_values(game=reassurance()))[:2]
    ['anti_hegemonic_outlook', 'arctic_cooperation']
    >>> belief_values(exact=True)["russian_distrust_of_us"]
    3/10
    """
    out: dict[str, Any] = dict(factors.baseline())
    out.update({fid: f.value for fid, f in BELIEF_FACTORS.items()})
    out.update(values or {})
    if game is not None:
        out = {k: v for k, v in out.items() if k in game.factors}
    if exact:
        out = {k: sympy.Rational(repr(float(v))) if isinstance(v, float) else v
               for k, v in out.items()}
    return out


def _symbol(fid: str) -> sympy.Symbol:
    if fid in BELIEF_FACTORS:
        return BELIEF_FACTORS[fid].symbol
    if fid in factors:
        return factors[fid].symbol
    raise unknown_name("factor", fid, [*factors, *BELIEF_FACTORS])


# --------------------------------------------------------------------- types
@dataclass(frozen=True)
class BeliefType:
    """One type of a player: the world in which some factors take other values.

    ``values`` maps factor ids to the number (or registry bound, ``"low"`` / ``"high"``)
    they take in this type's world; every player's payoff in a type profile is the
    simultaneous model's, with the substitutions of every player's type.

    >>> BeliefType("realigner", {"russian_opportunism": 0}).substitution()
    {russian_opportunism: 0}
    """

    name: str
    values: Mapping[str, Any] = field(default_factory=dict)
    description: str = ""
    sources: tuple[Source, ...] = ()

    def substitution(self) -> dict[sympy.Symbol, Any]:
        """The factor symbols and the values they take in this type's world."""
        out: dict[sympy.Symbol, Any] = {}
        for fid, v in self.values.items():
            sym = _symbol(fid)
            if v in ("low", "high"):
                v = getattr(factors[fid], v)
            out[sym] = sympy.nsimplify(v) if isinstance(v, float) else sympy.sympify(v)
        return out


@dataclass(frozen=True)
class TypeSpace:
    """A player's types and the prior over them (expressions in factor ids).

    >>> space = screening_space()
    >>> space.player, [t.name for t in space.types]
    ('Russia', ['realigner', 'opportunist'])
    >>> space.prior
    (1 - russia_opportunist_prior, russia_opportunist_prior)
    """

    player: str
    types: tuple[BeliefType, ...]
    prior: tuple[Any, ...]

    def __post_init__(self) -> None:
        if self.player not in PLAYERS:
            raise unknown_name("player", self.player, PLAYERS)
        if len(self.types) != len(self.prior) or not self.types:
            raise InvalidGameError(
                f"{self.player}'s type space needs one prior probability per type; got "
                f"{len(self.types)} types and {len(self.prior)} probabilities."
            )
        if not _sums_to_one(self.prior):
            total = sympy.simplify(sum(sympy.sympify(p) for p in self.prior) - 1)
            raise InvalidGameError(
                f"{self.player}'s prior must sum to one for every value of the factors; it "
                f"sums to 1 + {total}. Write the last probability as one minus the others."
            )


#: The priors found to sum to one (:func:`_sums_to_one`): every model asks again for the
#: same type spaces.
_ONE: set[tuple[Any, ...]] = set()


def _sums_to_one(prior: Sequence[Any]) -> bool:
    """Whether ``prior`` sums to one for every value of the factors: ``sympy.simplify`` of
    the sum minus one is zero. Polynomial priors (the models') are told by ``expand``
    alone, a hundredth of the time: a polynomial that expands to zero is zero, which
    ``simplify`` finds too; anything else goes to ``simplify``."""
    key: tuple[Any, ...] | None = tuple((type(p), p) for p in prior)
    try:
        if key in _ONE:
            return True
    except TypeError:  # an entry that cannot be a key: checked afresh
        key = None
    rest = sum(sympy.sympify(p) for p in prior) - 1
    if sympy.expand(rest) == 0 or sympy.simplify(rest) == 0:
        if key is not None and len(_ONE) < 1024:
            _ONE.add(key)
        return True
    return False


def commitment_space() -> TypeSpace:
    """The US types of the commitment problem (module docs) and their prior.

    >>> [t.name for t in commitment_space().types]
    ['committed', 'reversed_in_2028', 'transactional']
    """
    d, h = _symbol("russian_distrust_of_us"), _symbol("us_policy_reversal_risk")
    src = factors["russian_distrust_of_us"].sources + factors["us_policy_reversal_risk"].sources
    return TypeSpace(
        "US",
        (
            BeliefType("committed", {"russian_distrust_of_us": 0, "us_policy_reversal_risk": 0},
                       "delivers its promises, and its successor keeps them", src),
            BeliefType("reversed_in_2028", {"russian_distrust_of_us": 0,
                                            "us_policy_reversal_risk": 1},
                       "delivers, but a successor reverses the deal after the commitment runs "
                       "out (the share xi/(years+xi) of Russia's horizon)", src),
            BeliefType("transactional", {"russian_distrust_of_us": 1},
                       "shifts its stance once it has what it wants: nothing lasting is "
                       "delivered", src),
        ),
        ((1 - d) * (1 - h), (1 - d) * h, d),
    )


def screening_space() -> TypeSpace:
    """Russia's types, realigner and opportunist (module docs), and their prior.

    >>> screening_space().types[0].values
    {'russian_opportunism': 0}
    """
    q = _symbol("russia_opportunist_prior")
    src = BELIEF_FACTORS["russia_opportunist_prior"].sources
    return TypeSpace(
        "Russia",
        (
            BeliefType("realigner", {"russian_opportunism": 0},
                       "reads concessions as an opening to realign: nothing to exploit", src),
            BeliefType("opportunist", {},
                       "exploits concessions (russian_opportunism at its value)", src),
        ),
        (1 - q, q),
    )


def reassurance_types() -> tuple[BeliefType, BeliefType]:
    """China's types in :func:`reassurance`: the ends of two registry ranges.

    >>> [t.name for t in reassurance_types()]
    ['steadfast', 'wavering']
    """
    src = BELIEF_FACTORS["china_steadfast_prior"].sources
    return (
        BeliefType("steadfast", {"china_strategic_stake": "high", "wariness_of_china": "low"},
                   "a high stake in Russia, little for Moscow to fear", src),
        BeliefType("wavering", {"china_strategic_stake": "low", "wariness_of_china": "high"},
                   "a low stake in Russia, and a partner Moscow has reason to fear", src),
    )


# --------------------------------------------------------------------- the games
def _base(game: NormalFormGame | None, china_punishes: str) -> NormalFormGame:
    if game is None:
        return simultaneous(china_punishes)
    if game.players != PLAYERS or game.strategies != STRATEGIES:
        raise InvalidGameError(
            f"game must be a triangle game with players {PLAYERS} and strategies "
            f"{STRATEGIES} (e.g. triangle.models.simultaneous(terms=...)); got {game!r}."
        )
    return game


def _substitution(types: Sequence[BeliefType]) -> dict[sympy.Symbol, Any]:
    """The factor values a profile of types sets (refused if two types disagree)."""
    subs: dict[sympy.Symbol, Any] = {}
    for t in types:
        for sym, v in t.substitution().items():
            if sym in subs and subs[sym] != v:
                raise InvalidGameError(
                    f"two types set {sym} to different values ({subs[sym]} and {v})."
                )
            subs[sym] = v
    return subs


#: The player whose sub-choice the terms fold into payoffs with ``step`` (``terms.toml``:
#: Russia meets 001's conditions under conditional engagement, or not).
STEP_CHOOSER = "Russia"


def informed_substitute(expr: Any, subs: Mapping[Any, Any], own: Mapping[Any, Any]) -> Any:
    """``expr`` in a type profile's world, with the folded sub-choices made on what the
    chooser knows.

    ``subs`` (every type's values) is substituted everywhere except in the conditions of
    ``step`` (:func:`triangle.models.terms.step`), which take only ``own``, the values of
    the chooser's own type: it chooses without seeing the others' types, so its choice is
    the one it makes at the prior (for the commitment model, at the reduced form's
    ``us_credibility``, the expectation over the US types). The payoffs that follow still
    take every type's values.

    >>> from triangle.models.terms import step
    >>> x, y = sympy.symbols("x y")
    >>> informed_substitute(y * step(x - 1), {x: 0, y: 2}, {})
    2*Piecewise((1, x > 1), (0, True))
    """
    expr = sympy.sympify(expr)
    if not subs:
        return expr
    parts = expr.atoms(sympy.Piecewise)
    if not parts:
        return expr.xreplace(subs)
    hidden = {p: sympy.Dummy() for p in parts}
    back = {d: p.xreplace(own) for p, d in hidden.items()}
    return expr.xreplace(hidden).xreplace(subs).xreplace(back)


def step_informed_worlds(spaces: Sequence[TypeSpace]) -> dict[tuple[int, ...], dict[str, float]]:
    """Per type profile, the factor values that the conditions of ``step`` see: those
    :data:`STEP_CHOOSER`'s own type sets (:func:`informed_substitute`); compare
    :func:`type_worlds`, the values the payoffs see.

    >>> step_informed_worlds([commitment_space()])
    {(0, 0, 0): {}, (1, 0, 0): {}, (2, 0, 0): {}}
    """
    lists, _ = _type_lists(spaces)
    me = PLAYERS.index(STEP_CHOOSER)
    return {t: {sym.name: float(v) for sym, v in _substitution([lists[me][t[me]]]).items()}
            for t in itertools.product(*(range(len(x)) for x in lists))}


def _world(payoffs: np.ndarray, types: Sequence[BeliefType],
           own: Sequence[BeliefType] = ()) -> np.ndarray:
    subs, mine = _substitution(types), _substitution(own)
    out = np.empty(payoffs.shape, dtype=object)
    if not subs:
        out[...] = payoffs
        return out
    # the two readings of China's punishment share most cells, and the models share
    # worlds: each cell is substituted once per process and world
    key = (tuple(sorted(subs.items(), key=str)), tuple(sorted(mine.items(), key=str)))
    for idx, e in np.ndenumerate(payoffs):
        if not isinstance(e, sympy.Basic):  # a plain number (2 == 2.0 as a key): afresh
            out[idx] = informed_substitute(e, subs, mine)
        else:
            out[idx] = _world_cell(e, *key)
    return out


@functools.lru_cache(maxsize=50_000)
def _world_cell(e: Any, subs: tuple[Any, ...], mine: tuple[Any, ...]) -> Any:
    """One cell substituted in one world (:func:`_world`), remembered."""
    return informed_substitute(e, dict(subs), dict(mine))


def _type_lists(
    spaces: Sequence[TypeSpace],
) -> tuple[list[tuple[BeliefType, ...]], list[tuple[Any, ...]]]:
    """Each player's types and prior, in the order of the players (one type ``"-"``,
    probability 1, for a player without a type space)."""
    by_player = {}
    for s in spaces:
        if s.player in by_player:
            raise InvalidGameError(f"{s.player} has two type spaces; give one.")
        by_player[s.player] = s
    lists = [by_player[p].types if p in by_player else (BeliefType("-"),) for p in PLAYERS]
    priors = [by_player[p].prior if p in by_player else (1,) for p in PLAYERS]
    return lists, priors


def type_worlds(spaces: Sequence[TypeSpace]) -> dict[tuple[int, ...], dict[str, float]]:
    """Each type profile's world as numbers: the factor values its types set.

    The same substitutions :func:`typed_triangle` makes in the payoff expressions, for
    evaluating a type's world by setting factor arrays (e.g. the claims' Bayesian form).

    >>> type_worlds([screening_space()])
    {(0, 0, 0): {'russian_opportunism': 0.0}, (0, 1, 0): {}}
    """
    lists, _ = _type_lists(spaces)
    out = {}
    for t in itertools.product(*(range(len(x)) for x in lists)):
        subs = _substitution([lists[i][k] for i, k in enumerate(t)])
        out[t] = {sym.name: float(v) for sym, v in subs.items()}
    return out


def typed_triangle(
    spaces: Sequence[TypeSpace],
    *,
    game: NormalFormGame | None = None,
    china_punishes: str = "russia",
) -> BayesianGame:
    """The triangle as a Bayesian game: players with the given type spaces, the others one type.

    Types are independent (the prior is the product of the players' priors). A player
    without a type space has the single type ``"-"``. Payoffs at a type profile are
    ``game``'s (default the simultaneous model) with every type's substitutions.

    >>> g = typed_triangle([screening_space()])
    >>> g.types
    (('-',), ('realigner', 'opportunist'), ('-',))
    >>> g.payoffs.shape
    (3, 1, 2, 1, 3, 3, 3)
    """
    base = _base(game, china_punishes)
    lists, priors = _type_lists(spaces)
    key: tuple[Any, ...] | None = (id(base), _spaces_key(lists, priors))
    try:
        hit = _TYPED.get(key)  # type: ignore[arg-type]
    except TypeError:  # a value that cannot be a key (not hashable): built afresh
        hit = key = None
    if hit is not None and hit[0] is base:
        return hit[1]
    n_types = tuple(len(x) for x in lists)
    payoffs = np.empty((3, *n_types, *base.shape), dtype=object)
    prior = np.empty(n_types, dtype=object)
    for t in itertools.product(*(range(n) for n in n_types)):
        me = PLAYERS.index(STEP_CHOOSER)
        world = _world(base.payoffs, [lists[i][k] for i, k in enumerate(t)], [lists[me][t[me]]])
        for i in range(3):
            payoffs[(i, *t)] = world[i]
        prior[t] = sympy.Mul(*(sympy.sympify(priors[i][k]) for i, k in enumerate(t)))
    out = BayesianGame(payoffs, prior, players=PLAYERS,
                       types=tuple(tuple(t.name for t in x) for x in lists),
                       actions=STRATEGIES, terms=base.terms)
    if key is not None:
        if len(_TYPED) >= 16:
            _TYPED.pop(next(iter(_TYPED)))
        _TYPED[key] = (base, out)
    return out


#: The games :func:`typed_triangle` built (read-only), by the base game (kept with its
#: entry, so its id is not reused) and everything the type spaces decide: the models
#: (commitment, screening, both) are asked for again and again, and each takes a tenth of a
#: second to substitute every type's world.
_TYPED: dict[tuple[Any, ...], tuple[NormalFormGame, BayesianGame]] = {}


def _spaces_key(lists: Sequence[Sequence[BeliefType]], priors: Sequence[Sequence[Any]]
                ) -> tuple[Any, ...]:
    """The players' types as the game reads them: names, substitutions (registry bounds
    resolved now) and priors, each value with its type (``1`` and ``1.0`` differ)."""
    return tuple(
        (tuple((t.name, tuple(sorted((str(sym), type(v), v)
                                     for sym, v in t.substitution().items())))
               for t in types),
         tuple((type(p), p) for p in prior))
        for types, prior in zip(lists, priors)
    )


def commitment(
    *, game: NormalFormGame | None = None, china_punishes: str = "russia"
) -> BayesianGame:
    """The commitment problem: Russia (and China) do not know the US type (module docs).

    >>> import triangle as tri
    >>> g = commitment(); g = g.subs(belief_values(game=g))
    >>> [eq.strategy["Russia"]["-"].tolist() for eq in tri.bayesian_equilibria(g, method="pure")]
    [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    """
    return typed_triangle([commitment_space()], game=game, china_punishes=china_punishes)


def screening(
    *, game: NormalFormGame | None = None, china_punishes: str = "russia"
) -> BayesianGame:
    """The screening problem: the US and China do not know Russia's type (module docs).

    >>> import triangle as tri
    >>> g = screening(); g = g.subs(belief_values(game=g))
    >>> [eq] = tri.bayesian_equilibria(g, method="pure")
    >>> eq.as_dict()["Russia"], eq.payoffs.round(4).tolist()
    ({'realigner': {'hedge': 1.0}, 'opportunist': {'hedge': 1.0}}, [1.35, 8.0785, 4.3])

    At the even prior the US does better conditioning than pressing a Russia that
    stays: against a realigner, conditioning costs nothing in exploited concessions. The
    pressure equilibrium of the complete-information model needs a prior of the
    opportunist near one (:mod:`triangle.sensitivity.prior_thresholds`).
    """
    return typed_triangle([screening_space()], game=game, china_punishes=china_punishes)


def triangle_with_beliefs(
    *, game: NormalFormGame | None = None, china_punishes: str = "russia"
) -> BayesianGame:
    """Both at once: the US type unknown to Russia and China, Russia's to the US and China.

    The model the claims' ``"bayesian"`` form reads (:mod:`triangle.verdicts.bayesian_form`).

    >>> triangle_with_beliefs().types
    (('committed', 'reversed_in_2028', 'transactional'), ('realigner', 'opportunist'), ('-',))
    """
    return typed_triangle([commitment_space(), screening_space()], game=game,
                          china_punishes=china_punishes)


def expected_game(game: BayesianGame) -> NormalFormGame:
    """The ex-ante game: each payoff averaged over the type profiles with the prior.

    A pure profile here has every type of a player take the same action. For the
    commitment model Russia's expected payoffs are the simultaneous model's (module docs).
    Each payoff is the expansion of the weighted sum, ``sympy.expand(sum(p * u))``
    (expanded: a sum of monomials is several times smaller than the sum over the type
    profiles, and differentiates ten times faster), built piece by piece
    (:func:`_expanded_sum`).

    >>> import sympy, triangle as tri
    >>> e = expected_game(commitment())
    >>> s = tri.models.simultaneous()
    >>> sympy.expand(e.payoffs[1, 0, 1, 0] - s.payoffs[1, 0, 1, 0])
    0
    """
    prior = game.prior
    n = game.n_players
    pieces: np.ndarray = np.empty((n, *game.n_actions), dtype=object)
    for idx in np.ndindex(pieces.shape):
        pieces[idx] = []
    for t in itertools.product(*(range(k) for k in game.n_types)):
        p = prior[t]
        if p == 0:
            continue
        for i in range(n):
            for a, e in np.ndenumerate(game.payoffs[(i, *t)]):
                pieces[(i, *a)].append((p, e))
    out = np.empty(pieces.shape, dtype=object)
    for idx, pairs in np.ndenumerate(pieces):
        out[idx] = _expanded_sum(pairs)
    return NormalFormGame(out, players=game.players, strategies=game.actions)


def _expanded_sum(pairs: Sequence[tuple[Any, Any]]) -> Any:
    """``sympy.expand(p_1 * u_1 + p_2 * u_2 + ...)``, the same expression, made faster.

    The sum over the type profiles repeats the same terms in every world a type leaves
    them alone, and every cell shares terms with others (and with the other reading of
    China's punishment): each term is expanded once per process and multiplied out
    monomial by monomial with each prior (:func:`_weighted`), and the whole is expanded
    once more, which leaves a sum of expanded monomials as it is but for the
    normalisation ``expand`` itself applies (``x/(2*(a + b))`` becomes ``x/(2*a + 2*b)``
    where like terms merged). ``tests/models/test_beliefs.py`` checks the result against
    the direct expansion, expression for expression, on the model's games. With a float
    anywhere the sum is expanded directly: floats summed in another order could differ in
    the last bit.
    """
    if any(_has_float(p) or _has_float(e) for p, e in pairs):
        total: Any = 0
        for p, e in pairs:
            total = total + p * e
        return sympy.expand(total)
    parts = [_weighted(sympy.sympify(p), a) for p, e in pairs
             for a in sympy.Add.make_args(sympy.sympify(e))]
    total = sympy.Add(*parts)
    if all(_monomial(t) for t in sympy.Add.make_args(total)):
        return total  # what expand returns for it: no hint applies to such a sum
    return sympy.expand(total)


def _has_float(e: Any) -> bool:
    return isinstance(e, float) or (isinstance(e, sympy.Basic) and e.has(sympy.Float))


@functools.lru_cache(maxsize=50_000)
def _expanded_terms(expr: Any) -> tuple[Any, ...]:
    """The terms of ``sympy.expand(expr)``, remembered per expression."""
    return sympy.Add.make_args(sympy.expand(expr))


def _monomial(term: Any, *, quotient: bool = False) -> bool:
    """A product of rationals, symbols and their whole powers, positive ones only unless
    ``quotient`` (no quotient: nothing ``expand`` would change in a sum of them; with one,
    ``expand`` still leaves the product itself as it is, e.g. not ``1/(a + b)`` with a
    coefficient, which it normalises)."""
    return all(f.is_Symbol or f.is_Rational or (f.is_Pow and f.base.is_Symbol
                                                and f.exp.is_Integer
                                                and (quotient or f.exp > 0))
               for f in sympy.Mul.make_args(term))


@functools.lru_cache(maxsize=50_000)
def _weighted(p: Any, term: Any) -> Any:
    """``sympy.expand(p * term)`` as a sum of the products of their expanded monomials
    (remembered); a product that is not such a monomial, quotients allowed, is expanded on
    its own."""
    out = []
    for x in _expanded_terms(p):
        for y in _expanded_terms(term):
            m = x * y
            out.append(m if _monomial(m, quotient=True) else sympy.expand(m))
    return sympy.Add(*out)


def reassurance(
    us: str = "condition",
    *,
    game: NormalFormGame | None = None,
    china_punishes: str = "russia",
) -> SignalingGame:
    """China's costly signal to Moscow (002), a signalling game (module docs).

    China (the sender) knows whether it is ``steadfast`` or ``wavering``; it sends
    ``reward`` (finalise Power of Siberia 2, supply the military industry: costly) or
    ``hold``; Russia (the receiver) sees it and chooses ``pivot``, ``hedge`` or ``stay``.
    The US move is held at ``us`` (default ``condition``, the courtship China answers).
    Each payoff is the simultaneous model's at ``(us, Russia's move, China's move)`` in the
    type's world. ``punish`` is not a message: China's answer to a pivot is left out of
    this game (see :func:`triangle.models.china_first` for the full tree).

    >>> import triangle as tri
    >>> g = reassurance(); g = g.subs(belief_values(game=g))
    >>> for eq in g.perfect_bayesian_equilibria():
    ...     print(eq.kind, eq.on_path, eq.intuitive, eq.receiver["reward"], eq.receiver["hold"])
    pooling ('hold',) True {'pivot': 0, 'hedge': 1, 'stay': 0} {'pivot': 0, 'hedge': 1, 'stay': 0}

    At the baseline China pools on holding back and Russia hedges whatever it sees. Before
    issue 9 item 3c the signal separated the types (a steadfast China rewarded and Russia,
    reading it, stayed): relief under conditional engagement then paid a hedging Russia
    less than the leak paid a staying one, and the reward tipped Russia to stay. Relief
    now pays Russia's Ukraine steps whatever its alignment, and the reward no longer does.

    In the world of 1972 (exact values, so beliefs are exact fractions) the same: China
    pools on holding back and the courted power hedges (before item 3c it pivoted).

    >>> g = reassurance()
    >>> g = g.subs(belief_values(tri.scenarios["1972"].values, game=g, exact=True))
    >>> for eq in g.perfect_bayesian_equilibria():
    ...     print(eq.kind, eq.on_path, eq.receiver["hold"], eq.beliefs["hold"]["steadfast"])
    pooling ('hold',) {'pivot': 0, 'hedge': 1, 'stay': 0} 7/10
    """
    base = _base(game, china_punishes)
    if us not in STRATEGIES[0]:
        raise unknown_name("US move", us, STRATEGIES[0])
    a = STRATEGIES[0].index(us)
    types = reassurance_types()
    messages = ("reward", "hold")
    payoffs = np.empty((2, 2, 2, 3), dtype=object)
    for k, t in enumerate(types):
        world = _world(base.payoffs, [t])
        for m, msg in enumerate(messages):
            c = STRATEGIES[2].index(msg)
            for r in range(3):
                payoffs[0, k, m, r] = world[2, a, r, c]
                payoffs[1, k, m, r] = world[1, a, r, c]
    s = _symbol("china_steadfast_prior")
    return SignalingGame(payoffs, [s, 1 - s], types=tuple(t.name for t in types),
                         messages=messages, actions=STRATEGIES[1], players=("China", "Russia"))
