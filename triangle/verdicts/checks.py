"""The checks of the articles' claims: one function per claim of ``claims.toml``.

Every claim in :data:`triangle.claims` has one check here, registered under the claim's
id with :func:`check`. A check is a function ``ClaimContext -> Verdict``: it reads the
payoffs, equilibria, responses and derivatives that a
:class:`~triangle.verdicts.context.ClaimContext` computes once for K samples of the
factors, and states the claim in the words of :mod:`triangle.verdicts.vocabulary`
(``avoids``, ``responds``, ``best_reply``, ``compare``, ``dominates``, ``slope``,
``in_every_equilibrium``), each a :class:`~triangle.verdicts.vocabulary.Part` of the
:class:`~triangle.verdicts.vocabulary.Verdict`. This module also re-exports those words
and the context, so that ``from triangle.verdicts.checks import ClaimContext, dominates``
keeps working.

>>> import triangle as tri
>>> ctx = ClaimContext(tri.scenarios["baseline"].values)
>>> CHECKS["c004_aligning_lacks_logic"](ctx).mask
array([ True])
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from triangle.errors import ClaimCheckError
from triangle.models.factors import factors
from triangle.models.simultaneous import PLAYERS
from triangle.verdicts.context import TOL, ClaimContext, model_game, pure_mask
from triangle.verdicts.vocabulary import (
    ENGAGEMENT,
    Part,
    Verdict,
    avoids,
    best_reply,
    compare,
    dominates,
    equilibria_facts,
    in_every_equilibrium,
    pays_more_on_path,
    quantity,
    responds,
    slope,
)

__all__ = [
    "CHECKS",
    "ENGAGEMENT",
    "TOL",
    "ClaimCheckError",
    "ClaimContext",
    "Part",
    "Verdict",
    "avoids",
    "best_reply",
    "check",
    "compare",
    "dominates",
    "in_every_equilibrium",
    "model_game",
    "pays_more_on_path",
    "pure_mask",
    "quantity",
    "responds",
    "slope",
]


# --------------------------------------------------------------------- the registry
#: Claim id -> its check, ``ClaimContext -> Verdict``.
CHECKS: dict[str, Callable[[ClaimContext], Verdict]] = {}


def check(claim_id: str) -> Callable[[Callable[[ClaimContext], Verdict]], Callable]:
    """Register the decorated function as the check of ``claim_id``.

    The package registers one check per claim of ``claims.toml``; a user can register
    checks of claims of their own, and evaluate them on a context directly.

    >>> @check("my_claim_russia_hedges")
    ... def _(ctx):
    ...     return Verdict(responds(ctx, "hedge", ENGAGEMENT))
    >>> import triangle as tri
    >>> CHECKS["my_claim_russia_hedges"](ClaimContext(tri.scenarios["baseline"].values)).mask
    array([ True])
    >>> del CHECKS["my_claim_russia_hedges"]
    """
    def register(fn: Callable[[ClaimContext], Verdict]) -> Callable[[ClaimContext], Verdict]:
        if claim_id in CHECKS:
            raise ClaimCheckError(f"claim {claim_id!r} already has a check.")
        CHECKS[claim_id] = fn
        return fn

    return register


# --------------------------------------------------------------------- the checks
# One function per claim of claims.toml, in file order; each implements the claim's
# `statement` word for word (the tests check that every claim has exactly one).
ALL_US = None  # every US move


def _engagement_slope(ctx: ClaimContext, factor: str, sign: int, s: str, t: str) -> Part:
    return slope(ctx, factor, sign, "Russia", s, t, us=ENGAGEMENT)


def _top(ctx: ClaimContext, factor: str) -> ClaimContext:
    """The samples with ``factor`` at the top of its plausible range."""
    return ctx.at(**{factor: factors[factor].high})


def _today(ctx: ClaimContext, factor: str) -> ClaimContext:
    """The samples with ``factor`` at its 2025 baseline value (the registry's)."""
    return ctx.at(**{factor: factors[factor].value})


def _relabel(part: Part, prefix: str) -> Part:
    return part._replace(label=f"{prefix}{part.label}")


@check("c000_pivot_unlikely_for_now")
def _c000_pivot_unlikely_for_now(ctx: ClaimContext) -> Verdict:
    return Verdict(avoids(ctx, "pivot", ALL_US))


@check("c000_reversal_risk_lowers_pivot")
def _c000_reversal_risk(ctx: ClaimContext) -> Verdict:
    return Verdict(
        _engagement_slope(ctx, "us_policy_reversal_risk", -1, "pivot", "stay"),
        _engagement_slope(ctx, "russian_distrust_of_us", -1, "pivot", "stay"),
        _engagement_slope(ctx, "xi_tenure_advantage", -1, "pivot", "stay"),
        _engagement_slope(ctx, "us_commitment_years", +1, "pivot", "stay"),
    )


@check("c000_break_with_china_costly")
def _c000_break_costly(ctx: ClaimContext) -> Verdict:
    return Verdict(compare(
        ctx, "Russia", {"russia": "stay", "china": "hold"}, {"russia": "pivot", "china": "punish"},
        label="u_Russia(a, stay, hold) > u_Russia(a, pivot, punish) for every US move a",
    ))


@check("c000_china_punishes_pivot")
def _c000_china_punishes(ctx: ClaimContext) -> Verdict:
    return Verdict(best_reply(ctx, "China", "punish", us=ALL_US, russia="pivot"))


@check("c000_neutrality_suffices")
def _c000_neutrality(ctx: ClaimContext) -> Verdict:
    return Verdict(compare(
        ctx, "US", {"us": ENGAGEMENT, "russia": "hedge"}, {"us": "pressure", "russia": "stay"},
        label="max over engage/condition of u_US(a, hedge, c) > u_US(pressure, stay, c) "
              "for every Chinese move c",
    ))


@check("c000_no_choice_in_1972")
def _c000_no_choice(ctx: ClaimContext) -> Verdict:
    return Verdict(*(dominates(ctx, "Russia", "pivot", "stay", us=a) for a in ENGAGEMENT))


#: What a courting US can give a pivoting Russia economically, at most, and the China tie.
US_ECONOMIC_OFFER = ("(relief_value + western_reengagement + us_replacement_share * "
                     "china_economic_tie) * us_credibility")


@check("c000_no_economic_miracle")
def _c000_no_miracle(ctx: ClaimContext) -> Verdict:
    margin = quantity(ctx, "china_economic_tie") - quantity(ctx, US_ECONOMIC_OFFER)
    return Verdict(Part(
        "the US economic offer to a pivot (relief, re-engagement, replaced share of the China "
        "tie, discounted by credibility) is below the China economic tie",
        margin > TOL, margin,
    ))


@check("c001_engagement_to_weaken_partnership")
def _c001_engagement_weakens(ctx: ClaimContext) -> Verdict:
    return Verdict(
        responds(ctx, "stay", "pressure", only=True),
        avoids(ctx, "stay", "engage"),
    )


@check("c001_uncertain_concessions_insufficient")
def _c001_uncertain(ctx: ClaimContext) -> Verdict:
    return Verdict(avoids(ctx, "pivot", "engage"))


@check("c001_exploit_not_reciprocate")
def _c001_exploit(ctx: ClaimContext) -> Verdict:
    return Verdict(
        compare(ctx, "Russia", {"us": "engage", "russia": "stay"},
                {"us": "pressure", "russia": "stay"},
                label="u_Russia(engage, stay, c) > u_Russia(pressure, stay, c) for every c"),
        best_reply(ctx, "Russia", "pivot", negate=True, us="engage", china=None),
    )


@check("c001_condition_dominates_engage")
def _c001_condition(ctx: ClaimContext) -> Verdict:
    return Verdict(pays_more_on_path(ctx, "US", "condition", "engage"))


@check("c001_balance_engagement_deterrence")
def _c001_balance(ctx: ClaimContext) -> Verdict:
    return Verdict(pays_more_on_path(ctx, "US", "condition", ("engage", "pressure")))


def _steps_taken(ctx: ClaimContext) -> Part:
    """Russia meets 001's conditions under condition: the relief it earns beats their price
    and the leak it keeps without them (``ukraine_steps_margin``, ``terms.toml``)."""
    margin = quantity(ctx, "ukraine_steps_margin")
    return Part("Russia meets 001's conditions under condition (ukraine_steps_margin > 0)",
                margin > TOL, margin)


@check("c001_relief_as_bargaining_tool")
def _c001_leverage(ctx: ClaimContext) -> Verdict:
    return Verdict(_steps_taken(ctx), pays_more_on_path(ctx, "US", "condition", "engage"))


@check("c001_coordination_hurts_us")
def _c001_coordination(ctx: ClaimContext) -> Verdict:
    parts = []
    for a in ctx.game.strategies[0]:
        worst = ctx.payoff("US", a, "stay", "reward")
        margin = np.full(ctx.k, np.inf)
        for r in ctx.game.strategies[1]:
            for c in ctx.game.strategies[2]:
                if (r, c) != ("stay", "reward"):
                    margin = np.minimum(margin, ctx.payoff("US", a, r, c) - worst)
        parts.append(Part(f"(stay, reward) is the US's strict worst case after {a}",
                          margin > TOL, margin))
    return Verdict(*parts)


@check("c002_china_outbids")
def _c002_outbids(ctx: ClaimContext) -> Verdict:
    # read on the form's outcomes, not on simultaneous best replies: a reward outbids the
    # US only as an offer Russia sees before it chooses (issue 9; the china_first form)
    return Verdict(
        responds(ctx, "reward", ENGAGEMENT, player="China"),
        avoids(ctx, "pivot", ENGAGEMENT),
    )


@check("c002_attempt_galvanizes_beijing")
def _c002_galvanizes(ctx: ClaimContext) -> Verdict:
    return Verdict(responds(ctx, "reward", ENGAGEMENT, player="China", only=True))


@check("c002_play_both_camps")
def _c002_both_camps(ctx: ClaimContext) -> Verdict:
    return Verdict(responds(ctx, "hedge", ENGAGEMENT, only=True))


@check("c002_victory_without_commitments")
def _c002_victory(ctx: ClaimContext) -> Verdict:
    return Verdict(
        dominates(ctx, "Russia", "hedge", "pivot", us="engage"),
        compare(ctx, "Russia", {"us": "engage", "russia": "hedge"},
                {"us": "pressure", "russia": "stay"},
                label="u_Russia(engage, hedge, c) > u_Russia(pressure, stay, c) for every c"),
    )


@check("c002_risks_outweigh_gains")
def _c002_risks(ctx: ClaimContext) -> Verdict:
    return Verdict(dominates(ctx, "US", "pressure", "engage"))


@check("c002_consistent_support_serves_us")
def _c002_support(ctx: ClaimContext) -> Verdict:
    return Verdict(pays_more_on_path(ctx, "US", "pressure", ("engage", "condition")))


@check("c002_china_presses_us_over_taiwan")
def _c002_taiwan(ctx: ClaimContext) -> Verdict:
    return Verdict(
        best_reply(ctx, "China", "punish", us="engage", russia="hedge"),
        compare(ctx, "US", {"us": "engage", "china": "hold"}, {"us": "engage", "china": "punish"},
                label="u_US(engage, r, punish) < u_US(engage, r, hold) for every Russian move r"),
    )


@check("c002_china_gains_reputation")
def _c002_reputation(ctx: ClaimContext) -> Verdict:
    return Verdict(pays_more_on_path(ctx, "China", "engage", ("condition", "pressure")))


@check("c002_no_rift_today")
def _c002_no_rift(ctx: ClaimContext) -> Verdict:
    return Verdict(
        responds(ctx, "pivot", ENGAGEMENT),
        _relabel(avoids(_today(ctx, "rift_depth"), "pivot", ENGAGEMENT),
                 "with rift_depth today: "),
    )


@check("c003_pivot_not_worth_it")
def _c003_not_worth_it(ctx: ClaimContext) -> Verdict:
    top = _top(ctx, "us_commitment_years")
    return Verdict(_relabel(avoids(top, "pivot", ALL_US), "with us_commitment_years at its top: "))


@check("c003_allies_over_deals")
def _c003_allies(ctx: ClaimContext) -> Verdict:
    return Verdict(pays_more_on_path(ctx, "US", "pressure", "engage"))


@check("c003_leaders_do_not_matter")
def _c003_leaders(ctx: ClaimContext) -> Verdict:
    f = factors["trump_normalization_wish"]
    levels = [ctx.at(trump_normalization_wish=x) for x in (f.low, 0.5 * (f.low + f.high), f.high)]
    same = np.ones(ctx.k, dtype=bool)
    for a in ctx.game.strategies[0]:
        rows = [lv.response_rows("Russia", a) for lv in levels]
        for other in rows[1:]:
            same &= (other == rows[0]).all(axis=0)
    # Russia's other choice: whether it meets 001's conditions (folded into the payoffs)
    steps = [quantity(lv, "ukraine_steps_margin") > TOL for lv in levels]
    same_steps = (steps[0] == steps[1]) & (steps[0] == steps[2])
    return Verdict(
        Part("Russia's responses to every US move are the same with trump_normalization_wish "
             "at the bottom, middle and top of its range", same,
             None, _response_facts_at(levels[0])),
        Part("whether Russia meets 001's conditions is the same at the three levels",
             same_steps),
    )


def _response_facts_at(ctx: ClaimContext) -> Callable[[int], str]:
    def facts(k: int) -> str:
        names = ctx.game.strategies[1]
        return "; ".join(
            f"after {a}: "
            + ", ".join(n for n, m in zip(names, ctx.response_rows("Russia", a)[:, k]) if m)
            for a in ctx.game.strategies[0]
        )

    return facts


@check("c003_split_context_absent")
def _c003_split(ctx: ClaimContext) -> Verdict:
    return Verdict(
        in_every_equilibrium(ctx, "Russia's seat pivots in every pure equilibrium",
                             russia="pivot"),
        _no_pivot_equilibrium(_today(ctx, "rift_depth"), "with rift_depth today: "),
    )


def _no_pivot_equilibrium(ctx: ClaimContext, prefix: str) -> Part:
    j = ctx.index("Russia", "pivot")
    mask = ~np.any(ctx.equilibria_cells[:, j], axis=(0, 1))
    return Part(f"{prefix}no pure equilibrium has Russia pivot", mask)


@check("c004_aligning_lacks_logic")
def _c004_aligning(ctx: ClaimContext) -> Verdict:
    return Verdict(dominates(ctx, "Russia", "hedge", "pivot"))


@check("c004_deepening_costs_autonomy")
def _c004_deepening(ctx: ClaimContext) -> Verdict:
    return Verdict(dominates(ctx, "Russia", "hedge", "stay", us=ENGAGEMENT))


@check("c004_trump_lowers_hedge_cost")
def _c004_trump(ctx: ClaimContext) -> Verdict:
    return Verdict(*(
        slope(ctx, "trump_normalization_wish", +1, "Russia", r, weak=True, us="condition")
        for r in ctx.game.strategies[1]
    ))


@check("c004_hedging_extracts_concessions")
def _c004_concessions(ctx: ClaimContext) -> Verdict:
    h, rw = ctx.index("Russia", "hedge"), ctx.index("China", "reward")
    on_path = np.ones(ctx.k, dtype=bool)
    margin = np.full(ctx.k, np.inf)
    for a in ENGAGEMENT:
        on_path &= ctx.subgame_equilibria(a)[:, h, rw]
        gain = ctx.payoff("Russia", a, "hedge", "reward") - ctx.payoff("Russia", a, "stay", "hold")
        margin = np.minimum(margin, gain)
    return Verdict(
        Part("(a, hedge, reward) is an outcome after each engagement move a (Russia hedges "
             "and China rewards it)", on_path),
        Part("u_Russia(a, hedge, reward) > u_Russia(a, stay, hold) for each engagement move a",
             margin > TOL, margin),
    )


@check("c004_us_only_hedge")
def _c004_us_only(ctx: ClaimContext) -> Verdict:
    return Verdict(
        dominates(ctx, "Russia", "stay", "hedge", strict=False, us="pressure"),
        best_reply(ctx, "Russia", "hedge", us=ENGAGEMENT, china="hold"),
    )


@check("c004_all_parties_benefit")
def _c004_all_benefit(ctx: ClaimContext) -> Verdict:
    eq = ctx.equilibria_cells  # (a, r, c, K)
    h = ctx.index("Russia", "hedge")
    hedging = eq[:, h]  # (a, c, K): equilibria in which Russia hedges
    gains = np.ones_like(hedging)
    for i, player in enumerate(PLAYERS):
        status_quo = ctx.payoff(player, "pressure", "stay", "hold")
        gains &= ctx.cells[i][:, h] > status_quo + TOL
    return Verdict(Part(
        "in every equilibrium in which Russia hedges, the US, Russia and China each get more "
        "than at (pressure, stay, hold)",
        ~(hedging & ~gains).any(axis=(0, 1)),
        None, equilibria_facts(ctx),
    ))


@check("c004_promising_path")
def _c004_promising(ctx: ClaimContext) -> Verdict:
    eq = ctx.equilibria_cells  # (a, r, c, K)
    h = ctx.index("Russia", "hedge")
    status_quo = ctx.payoff("Russia", "pressure", "stay", "hold")
    better = ctx.cells[1] > status_quo + TOL  # Russia's payoffs (a, r, c, K)
    ok = ~(eq & ~better).any(axis=(0, 1, 2))
    return Verdict(
        in_every_equilibrium(ctx, "a pure equilibrium exists and Russia hedges in each",
                             russia="hedge"),
        Part("Russia gets more in each pure equilibrium than at (pressure, stay, hold)",
             ok & eq[:, h].any(axis=(0, 1))),
    )
