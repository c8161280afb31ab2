"""US-Russia engagement as a repeated game in the shadow of 2028.

The stage game is the simultaneous triangle game seen by Washington and Moscow: the US
offers (engage, condition, pressure), Russia chooses (pivot, hedge, stay), and China's
answer follows a fixed rule, by default its *reward as Russia's outside option*: China
holds while Russia deals with the US and rewards a Russia that stays with it (002:
China "can quickly respond to the US attempt to lure Russia"). Payoffs are the cells
of :func:`triangle.models.simultaneous` (the same terms), with the reduced-form
reversal risk inside ``us_credibility`` set to zero: here the reversal is the hazard.

Timing, in one time unit (the year), from a stated annual rate and the 2028 date:

- **the year**: ``annual_discount_rate`` ``r`` (assumed, 0.05 to 0.30): a year ``t``
  years ahead counts ``1 / (1 + r)^t``. The articles date from :data:`START_YEAR`
  (2025); the next US election, which may reverse a deal, is :data:`ELECTION_YEAR`
  (2028: 000, 003), and later ones follow every ``us_commitment_years``.
- **period**: one US commitment, ``us_commitment_years`` ``T`` years (4: a presidential
  term; 2: a congressional majority; 003: "a 4-year term of a U.S. president and 2-year
  congressional majority").
- **discount** per period: ``(1 + r)^-T``, the same annual rate compounded over the
  period (it replaces ``w / (1 + w)`` per period with ``w = long_term_weighting``, a
  mapping of a reduced-form weight that had no time unit).
- **hazard** per period (the US horizon): ``us_policy_reversal_risk``, the chance that
  the administration elected at the end of a commitment reverses the deal (003: "Should
  a new U.S. administration assume office in 2028 ..."); per year, the constant hazard
  with the same survival over a period is ``1 - (1 - p)^(1/T)`` (:func:`timing`).
- **a deal's expected discounted years** (:func:`deal_years`): in force for certain until
  2028, then reversed with probability ``p`` at each election: the weight the repeated
  form of the claims gives to a deal against its aftermath.
- **Xi's horizon**: Beijing's commitments last ``xi_tenure_advantage`` years longer
  (003: "Xi Jinping looks set to rule for a longer period than Trump"). With the same
  reversal risk per leadership horizon, Beijing's hazard per US period is
  ``us_policy_reversal_risk * years / (years + xi)``.

A deal (a pure profile such as ``("condition", "hedge")``) is sustained by reverting to
the no-deal equilibrium ``("pressure", "stay")`` after a deviation (grim trigger) iff
the effective discount ``delta * (1 - hazard)`` reaches the threshold; equivalently iff
the hazard is at most :func:`threshold_hazard`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from triangle.errors import InvalidArgumentError, InvalidArgumentTypeError, InvalidGameError
from triangle.games.aliases import ProfileLike
from triangle.games.normal_form import NormalFormGame
from triangle.games.repeated import RepeatedGame
from triangle.games.symbolic import check_game
from triangle.models.scenarios import PointLike, resolve_point
from triangle.models.simultaneous import PLAYERS, STRATEGIES, simultaneous
from triangle.registries import check_names, check_real_array, check_text

__all__ = [
    "CHINA_OUTSIDE_OPTION",
    "DEALS",
    "ELECTION_YEAR",
    "NO_DEAL",
    "START_YEAR",
    "InTimeSummary",
    "deal_years",
    "hazards",
    "in_time_summary",
    "threshold_hazard",
    "timing",
    "us_russia",
    "us_russia_stage",
]

#: China's answer to each Russian move in the US-Russia stage game (the default rule).
CHINA_OUTSIDE_OPTION: Mapping[str, str] = {"pivot": "hold", "hedge": "hold", "stay": "reward"}

#: The deals whose sustainability the model reports: (US move, Russian move).
DEALS: tuple[tuple[str, str], ...] = (
    ("condition", "pivot"),
    ("condition", "hedge"),
    ("engage", "pivot"),
    ("engage", "hedge"),
)

#: The no-deal profile reverted to after a deviation.
NO_DEAL: tuple[str, str] = ("pressure", "stay")

#: The year the articles were written: a deal struck now runs from here.
START_YEAR: int = 2025

#: The next US election, the first point at which a new administration may reverse a deal
#: (000: "if there is a change in U.S. leadership"; 003: "even if it lasts through 2028").
ELECTION_YEAR: int = 2028


def _symbols():
    from triangle.models.factors import factors

    return {
        name: factors[name].symbol
        for name in (
            "us_policy_reversal_risk",
            "us_commitment_years",
            "xi_tenure_advantage",
            "annual_discount_rate",
        )
    }


def timing() -> dict[str, sympy.Expr]:
    """The repeated model's clock, in years: the period, and per period and per year the
    discount and the hazard (all from ``annual_discount_rate``, ``us_commitment_years``
    and ``us_policy_reversal_risk``).

    >>> t = timing()
    >>> t["period"], t["hazard"]
    (us_commitment_years, us_policy_reversal_risk)
    >>> t["discount"]
    (annual_discount_rate + 1)**(-us_commitment_years)
    >>> t["annual_discount"], t["years_to_election"]
    (1/(annual_discount_rate + 1), 3)
    """
    sym = _symbols()
    r, years, p = (sym[k] for k in ("annual_discount_rate", "us_commitment_years",
                                    "us_policy_reversal_risk"))
    return {
        "period": years,
        "discount": (1 + r) ** (-years),
        "hazard": p,
        "annual_discount": 1 / (1 + r),
        "annual_hazard": 1 - (1 - p) ** (1 / years),
        "years_to_election": sympy.Integer(ELECTION_YEAR - START_YEAR),
    }


def deal_years(reversal: Any, rate: Any, term: Any,
               first: float = ELECTION_YEAR - START_YEAR) -> Any:
    """A deal's expected discounted years, this year counting 1 (numbers, arrays or sympy).

    The deal holds for certain for the ``first`` years to the next election (2028), then
    each election (every ``term`` years) reverses it with probability ``reversal``; a year
    ``t`` ahead counts ``d^t`` with ``d = 1 / (1 + rate)``::

        sum_{t < first} d^t + (1 - p) d^first (1 - d^term) / ((1 - d) (1 - (1 - p) d^term))

    Against ``1 / (1 - d)``, the discounted years of a deal never reversed, this is the
    weight the repeated form gives a deal against its aftermath.

    >>> round(float(deal_years(0.6, 0.15, 4)), 4), round(1 / (1 - 1 / 1.15), 4)
    (3.7453, 7.6667)
    >>> abs(float(deal_years(0.0, 0.15, 4)) - 1 / (1 - 1 / 1.15)) < 1e-12  # never reversed
    True
    """
    reversal = _check_timing_value("reversal", reversal, 0.0, 1.0, True)
    rate = _check_timing_value("rate", rate, 0.0, None, False)
    term = _check_timing_value("term", term, 0.0, None, False)
    first = _check_timing_value("first", first, 0.0, None, True)
    d = 1 / (1 + rate)
    head = (1 - d ** first) / (1 - d)
    kept = 1 - reversal
    tail = kept * d ** first * (1 - d ** term) / ((1 - d) * (1 - kept * d ** term))
    return head + tail


def _check_timing_value(
    what: str, value: Any, low: float, high: float | None, closed: bool
) -> Any:
    """A number or array of numbers in its domain, returned as given (a list as an array;
    a sympy expression passes as it is)."""
    if isinstance(value, sympy.Basic) and not value.is_number:
        return value
    arr = check_real_array(float(value) if isinstance(value, sympy.Basic) else value, what)
    bound = f"{'>=' if closed else '>'} {low:g}" + ("" if high is None else f" and <= {high:g}")
    ok = (arr >= low if closed else arr > low) & (True if high is None else arr <= high)
    if not np.all(ok):
        raise InvalidArgumentError(f"{what} must be {bound}; got {value!r}.")
    return arr if isinstance(value, (list, tuple)) else value


def us_russia_stage(
    *,
    china: Mapping[str, str] | str = CHINA_OUTSIDE_OPTION,
    china_punishes: str = "russia",
    game: NormalFormGame | None = None,
) -> NormalFormGame:
    """The two-player US-Russia stage game, China answering by a rule.

    ``china`` maps each Russian move to China's answer (default
    :data:`CHINA_OUTSIDE_OPTION`), or is ``"best_reply"``: China's best answer in each
    cell, which needs a numeric ``game`` (ties go to the first best answer, in the order
    reward, hold, punish). ``game`` defaults to :func:`triangle.models.simultaneous`.

    >>> import triangle as tri
    >>> stage = us_russia_stage()
    >>> stage.players, stage.strategies[1]
    (('US', 'Russia'), ('pivot', 'hedge', 'stay'))
    """
    if game is not None:
        check_game(game, "us_russia_stage(game=...)")
    g = simultaneous(china_punishes) if game is None else game
    if g.players != PLAYERS or g.strategies != STRATEGIES:
        raise InvalidGameError(f"game must be a triangle game with players {PLAYERS}; got {g!r}.")
    risk = _symbols()["us_policy_reversal_risk"]
    if risk.name in g.factors:
        g = g.subs({risk.name: 0})  # the hazard carries the reversal risk
    us, ru, cn = STRATEGIES
    if not isinstance(china, (str, Mapping)):
        raise InvalidArgumentTypeError(
            f"china is a mapping from Russia's moves {ru} to China's {cn}, or 'best_reply'; "
            f"got {type(china).__name__} {china!r}."
        )
    if isinstance(china, str):
        if china != "best_reply":
            raise InvalidGameError(
                f"china is a mapping from Russia's moves to China's or 'best_reply'; got {china!r}."
            )
        if g.is_symbolic:
            raise InvalidGameError(
                "china='best_reply' needs numbers: pass game=simultaneous().subs(scenario)."
            )
        rule = None
    else:
        check_names("Russian move", china, ru, argument="china")  # a misspelt move is no rule
        missing = [r for r in ru if r not in china]
        if missing or any(not isinstance(china[r], str) or china[r] not in cn for r in ru):
            raise InvalidGameError(
                f"china must give one of {cn} for each of Russia's moves {ru}; got {dict(china)!r}."
            )
        rule = dict(china)
    payoffs = np.empty((2, 3, 3), dtype=object)
    for a in range(3):
        for b in range(3):
            if rule is None:
                c = int(np.argmax(np.asarray(g.payoffs[2, a, b, :], dtype=float)))
            else:
                c = cn.index(rule[ru[b]])
            payoffs[0, a, b] = g.payoffs[0, a, b, c]
            payoffs[1, a, b] = g.payoffs[1, a, b, c]
    if not g.is_symbolic:
        payoffs = payoffs.astype(float)
    return NormalFormGame(payoffs, players=("US", "Russia"), strategies=(us, ru))


def us_russia(
    *,
    china: Mapping[str, str] | str = CHINA_OUTSIDE_OPTION,
    china_punishes: str = "russia",
    game: NormalFormGame | None = None,
    horizon: str = "us",
) -> RepeatedGame:
    """US-Russia engagement repeated once per US commitment, with the 2028 hazard.

    ``horizon="us"`` (default) uses Washington's hazard, ``"xi"`` Beijing's longer one
    (see :func:`hazards`): the same deal judged with the partner's horizon.

    >>> import triangle as tri
    >>> rg = us_russia()
    >>> rg.discount, rg.hazard
    ((annual_discount_rate + 1)**(-us_commitment_years), us_policy_reversal_risk)
    >>> round(float(rg.subs(tri.scenarios["baseline"]).effective_discount), 4)
    0.2287
    """
    check_text(horizon, "horizon")
    if horizon not in ("us", "xi"):
        raise InvalidGameError(f"horizon is 'us' or 'xi'; got {horizon!r}.")
    stage = us_russia_stage(china=china, china_punishes=china_punishes, game=game)
    return RepeatedGame(stage, discount=timing()["discount"], hazard=hazards()[horizon])


def hazards() -> dict[str, sympy.Expr]:
    """The per-period hazard of a deal with Washington (``"us"``) and with Beijing (``"xi"``).

    >>> h = hazards()
    >>> h["us"], h["xi"]
    (us_policy_reversal_risk,
     us_commitment_years*us_policy_reversal_risk/(us_commitment_years + xi_tenure_advantage))
    """
    sym = _symbols()
    p, years, xi = (
        sym[k] for k in ("us_policy_reversal_risk", "us_commitment_years", "xi_tenure_advantage")
    )
    return {"us": p, "xi": p * years / (years + xi)}


def threshold_hazard(
    deal: tuple[str, str] = ("condition", "hedge"),
    *,
    player: str | None = "Russia",
    punishment: str = "grim",
    threat: ProfileLike = NO_DEAL,
    repeated: RepeatedGame | None = None,
) -> tuple[sympy.Expr, tuple[Any, ...]]:
    """The largest per-period hazard at which ``deal`` is sustained, and its conditions.

    ``1 - delta_star / delta``: with ``player="Russia"``, the threshold of Russia's own
    incentive (the hazard above which Russia would rather take the outside option);
    with ``player=None``, of the whole deal (both players). An expression in the
    factors, valid under the returned conditions (each player is tempted by a
    deviation, and the deal beats the no-deal punishment).

    >>> import triangle as tri
    >>> h, conditions = threshold_hazard(("condition", "hedge"))
    >>> baseline = {tri.factors[k].symbol: sympy.nsimplify(v)
    ...             for k, v in tri.scenarios["baseline"].values.items()}
    >>> all(bool(c.xreplace(baseline)) for c in conditions)  # not at the baseline (below)
    False

    Since relief pays Russia's Ukraine steps (issue 9 item 3c) the formula does not apply at
    the baseline: there no deal, pressure and stay, is no equilibrium of the stage (the US
    does better conditioning, and Russia meets 001's conditions), and a hedge under
    condition pays Russia less than staying, so nothing sustains the deal.
    """
    if repeated is not None and not isinstance(repeated, RepeatedGame):
        raise InvalidArgumentTypeError(
            f"repeated is a RepeatedGame (e.g. us_russia(horizon='xi')); got "
            f"{type(repeated).__name__} {repr(repeated)[:60]}."
        )
    check_text(punishment, "punishment")
    rg = us_russia() if repeated is None else repeated
    if player is not None:  # a typo is refused before the threshold is derived
        check_names("player", [player], rg.players, argument="player")
    result = rg.threshold(deal, punishment=punishment, threat=threat)
    if player is None:
        delta_star = result.discount
    else:
        delta_star = result.by_player.get(player, sympy.Integer(0))
    return 1 - delta_star / rg.discount, result.conditions


@dataclass(frozen=True, eq=False)
class InTimeSummary:
    """What the models in time give at one scenario (see :func:`in_time_summary`).

    ``scenario`` is the scenario's name, ``None`` for values given as a mapping.
    """

    scenario: str | None
    sequential: dict[str, tuple[tuple[tuple[str, ...], ...], ...]]
    ties: dict[str, int]
    stage_equilibria: tuple[tuple[str, str], ...]
    effective_discount: dict[str, Any]
    deals: dict[tuple[str, str], dict[str, Any]]

    def __str__(self) -> str:
        lines = [
            f"Models in time at scenario {self.scenario!r}",
            "",
            "Sequential (subgame-perfect paths):",
        ]
        for name, paths in self.sequential.items():
            shown = "; ".join(" | ".join(" > ".join(h) for h in p) for p in paths)
            ties = f" ({self.ties[name]} tied nodes)" if self.ties[name] else ""
            lines.append(f"  {name}: {shown}{ties}")
        lines += ["", "Repeated US-Russia game:"]
        lines.append(f"  stage equilibria: {', '.join('/'.join(e) for e in self.stage_equilibria)}")
        eff = ", ".join(f"{k} {float(v):.3f}" for k, v in self.effective_discount.items())
        lines.append(f"  effective discount per US term: {eff}")
        for deal, info in self.deals.items():
            lines.append(
                f"  {'/'.join(deal)}: critical discount {_fmt(info['critical_discount'])}, "
                f"threshold hazard {_fmt(info['threshold_hazard'])}, sustained with the US horizon "
                f"{info['sustained_us']}, with Xi's {info['sustained_xi']}"
            )
        return "\n".join(lines)


def _fmt(x: Any) -> str:
    if x == sympy.oo:
        return "never (oo)"
    if x == -sympy.oo:
        return "-oo"
    return f"{float(x):.4g}"


def in_time_summary(
    scenario: PointLike = "baseline", *, china_punishes: str = "russia"
) -> InTimeSummary:
    """Solve every model in time at a scenario (name, :class:`~triangle.models.Scenario`, or
    any point :func:`~triangle.models.scenarios.resolve_point` takes).

    >>> summary = in_time_summary()
    >>> summary.sequential["us_first"]
    ((('condition', 'hedge', 'hold'),),)
    >>> summary.deals[("condition", "hedge")]["sustained_us"]
    False
    """
    from triangle.models.sequential import (
        china_first,
        election_2028,
        irreversible_pivot,
        sequential,
    )
    from triangle.solvers.pure import pure_equilibria

    point = resolve_point(scenario)
    sc = point.values
    trees = {
        "us_first": sequential(china_punishes=china_punishes),
        "china_first": china_first(china_punishes=china_punishes),
        "irreversible_pivot": irreversible_pivot(china_punishes=china_punishes),
        "reversible_pivot": irreversible_pivot(irreversible=False, china_punishes=china_punishes),
        "election_2028": election_2028(china_punishes=china_punishes),
    }
    paths, ties = {}, {}
    for name, tree in trees.items():
        eqs = tree.subs(sc).subgame_perfect_equilibria(distinct="outcomes")
        unique_paths = []
        for e in eqs:
            if e.path not in unique_paths:
                unique_paths.append(e.path)
        paths[name] = tuple(unique_paths)
        ties[name] = len(eqs.ties)
    rg_us = us_russia(china_punishes=china_punishes).subs(sc)
    rg_xi = us_russia(china_punishes=china_punishes, horizon="xi").subs(sc)
    stage_eqs = tuple(
        tuple(n for names in eq.support for n in names) for eq in pure_equilibria(rg_us.stage)
    )
    # the deals are punished by reverting to no deal, pressure and stay, where that is an
    # equilibrium of the stage; otherwise (since relief pays Russia's Ukraine steps, at the
    # baseline the stage's equilibrium is condition and stay) by the harshest credible one
    threat = NO_DEAL if NO_DEAL in stage_eqs else None
    deals = {}
    for deal in DEALS:
        t = rg_us.threshold(deal, threat=threat)
        h_star = rg_us.critical_hazard(deal, threat=threat)
        deals[deal] = {
            "critical_discount": t.discount,
            "by_player": t.by_player,
            "threshold_hazard": h_star,
            "sustained_us": rg_us.sustains(deal, threat=threat),
            "sustained_xi": rg_xi.sustains(deal, threat=threat),
        }
    return InTimeSummary(
        scenario=point.name,
        sequential=paths,
        ties=ties,
        stage_equilibria=stage_eqs,
        effective_discount={"us": rg_us.effective_discount, "xi": rg_xi.effective_discount},
        deals=deals,
    )
