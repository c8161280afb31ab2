"""The simultaneous strategic-triangle game: the US, Russia and China move at once.

Strategies (a contract other modules rely on):

- US: ``engage`` (unconditional engagement), ``condition`` (engagement conditioned on
  verifiable Russian actions, with reinforced deterrence), ``pressure``.
- Russia: ``pivot`` (align with the US, break with China), ``hedge`` (limited
  rapprochement without a break), ``stay``.
- China: ``reward`` (outbid the US lure), ``hold``, ``punish``.

Whom China punishes is where the articles part ways, so it is an option of the model,
not a blur of the two readings: with ``china_punishes="russia"`` (article 000) China cuts
Russia off and turns to other partners; with ``china_punishes="us"`` (article 002) China
keeps supporting Russia and presses the US over Taiwan. The two readings differ only in
which of China's strategies belong to four groups the terms refer to
(:data:`CHINA_GROUPS`); the game keeps its 3x3x3 shape either way.

>>> import triangle as tri
>>> g = tri.models.simultaneous()
>>> g.players, g.shape
(('US', 'Russia', 'China'), (3, 3, 3))
>>> sorted(tri.models.simultaneous(china_punishes="us").factors) == sorted(g.factors)
False
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

from triangle.citations import register
from triangle.errors import InvalidGameError, InvalidTermError
from triangle.games.normal_form import NormalFormGame
from triangle.models.terms import Term, article_keys, build_game, load_terms
from triangle.registries import check_names

__all__ = [
    "CHINA_GROUPS",
    "CHINA_PUNISHES",
    "PLAYERS",
    "STRATEGIES",
    "simultaneous",
    "simultaneous_terms",
]

#: The players, in payoff-array order: the one definition of the triangle's players
#: (``triangle.models.dittmer.MODEL_PLAYERS`` and the claims' checks are this tuple).
PLAYERS: tuple[str, str, str] = ("US", "Russia", "China")

#: Each player's strategies, in payoff-array order (the one definition, as :data:`PLAYERS`).
STRATEGIES: tuple[tuple[str, ...], ...] = (
    ("engage", "condition", "pressure"),
    ("pivot", "hedge", "stay"),
    ("reward", "hold", "punish"),
)

#: The two readings of China's ``punish``: against Russia (000) or against the US (002).
CHINA_PUNISHES: tuple[str, str] = ("russia", "us")

#: China's strategy groups used by the terms, per reading of ``punish``.
CHINA_GROUPS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "russia": {
        "@keeps_ties": ("reward", "hold"),
        "@supports": ("reward",),
        "@cuts_russia": ("punish",),
        "@presses_us": (),
    },
    "us": {
        "@keeps_ties": ("reward", "hold", "punish"),
        "@supports": ("reward", "punish"),
        "@cuts_russia": (),
        "@presses_us": ("punish",),
    },
}


def _check_variant(china_punishes: str) -> str:
    if not isinstance(china_punishes, str) or china_punishes not in CHINA_PUNISHES:
        raise InvalidGameError(
            f"china_punishes is 'russia' (article 000: China cuts Russia off after a pivot) or "
            f"'us' (article 002: China presses the US over Taiwan); got {china_punishes!r}."
        )
    return china_punishes


def simultaneous_terms(
    china_punishes: str = "russia", terms: Iterable[Term] | None = None
) -> tuple[Term, ...]:
    """The model's terms for one reading of China's punishment, with groups resolved.

    ``terms`` defaults to the package's terms (``triangle/data/terms.toml``); pass your
    own (for instance from :func:`triangle.models.terms.replace_terms`) to build a variant.
    Terms tagged with other ``variants``, and terms whose groups are empty in this
    reading, are left out.

    >>> ids = {t.id for t in simultaneous_terms("us")}
    >>> "us_taiwan_pressure" in ids, "ru_break_lost_for_good" in ids
    (True, False)
    """
    variant = _check_variant(china_punishes)
    groups = CHINA_GROUPS[variant]
    out = []
    if terms is not None and not isinstance(terms, Iterable):
        raise InvalidTermError(f"terms is a sequence of Term objects; got {terms!r}.")
    for term in load_terms() if terms is None else terms:
        if not isinstance(term, Term):  # a string or a table where a Term belongs
            raise InvalidTermError(f"terms are Term objects (see load_terms); got {term!r}.")
        check_names("variant", term.variants, CHINA_PUNISHES, argument=f"term {term.id!r}")
        if term.variants and variant not in term.variants:
            continue
        resolved = term.resolve(groups)
        if resolved is not None:
            out.append(resolved)
    return tuple(out)


# The one cache of the model (the claims, analyze and scenarios all call simultaneous()):
# keyed by the checked variant, so simultaneous() and simultaneous("russia") share a game,
# and with it the game's compiled payoffs.
@functools.lru_cache(maxsize=len(CHINA_PUNISHES))
def _default_game(china_punishes: str) -> NormalFormGame:
    return build_game(simultaneous_terms(china_punishes), PLAYERS, STRATEGIES)


@functools.lru_cache(maxsize=len(CHINA_PUNISHES))
def _default_articles(china_punishes: str) -> tuple[str, ...]:
    return article_keys(_default_game(china_punishes).terms)


def simultaneous(
    china_punishes: str = "russia", *, terms: Iterable[Term] | None = None
) -> NormalFormGame:
    """The simultaneous 3-player triangle game, symbolic in the factors (stable).

    Parameters
    ----------
    china_punishes
        ``"russia"`` (default; article 000): China's ``punish`` cuts Russia off and turns
        to other partners. ``"us"`` (article 002): ``punish`` keeps rewarding Russia and
        presses the US over Taiwan.
    terms
        The payoff terms to use instead of the package's (same players and strategies;
        ``when`` may use China's groups ``@keeps_ties``, ``@supports``, ``@cuts_russia``,
        ``@presses_us``).

    Returns
    -------
    NormalFormGame
        Players ``("US", "Russia", "China")``, strategies :data:`STRATEGIES`; each payoff
        is the sum of the terms that apply (``game.terms``). Without ``terms`` the game
        is built once per reading of ``punish`` and shared (this is the package's one cache
        of the model: call ``simultaneous(**options)`` rather than keeping a copy), so
        ``game.compiled()`` is compiled once; with ``terms`` a new game is built.

    Examples
    --------
    >>> import triangle as tri
    >>> g = tri.models.simultaneous()
    >>> g.strategies[0]
    ('engage', 'condition', 'pressure')
    >>> g is tri.models.simultaneous(china_punishes="russia")  # one shared game
    True
    >>> for eq in tri.pure_equilibria(g.subs(tri.scenarios["baseline"])):
    ...     print(eq)
    Equilibrium(US: condition; Russia: hedge; China: hold; payoffs 1.15, 8.2785, 4.3)
    Equilibrium(US: pressure; Russia: stay; China: hold; payoffs 0, 6.95, 5.4)
    """
    if terms is None:
        variant = _check_variant(china_punishes)
        # the game is cached: register on every call (the articles' keys are cached too,
        # since the claims' searches build contexts thousands of times)
        register(*_default_articles(variant))
        return _default_game(variant)
    return build_game(simultaneous_terms(china_punishes, terms), PLAYERS, STRATEGIES)
