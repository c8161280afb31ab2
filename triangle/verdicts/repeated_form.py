"""The ``"repeated"`` form: the claims about time, judged on deals that last or are reversed.

Four of the articles' arguments are about time: 000's "what guarantees are there that
Washington won't shift its stance ... if there is a change in U.S. leadership, the
chances of a policy reversal increase dramatically", 002's distrust of US promises, 003's
"one-term president" against Xi's longer rule (the three merged in the claim
``c000_reversal_risk_lowers_pivot``), and 004's Trump "inclined to normalize relations",
who lowers what a rapprochement costs Moscow while he is in office
(``c004_trump_lowers_hedge_cost``). On this form they are judged on the repeated model
(:mod:`triangle.models.repeated`), with one clock for everything, the year:

- a deal struck now (2025) holds for certain until the 2028 election and is then
  reversed with probability ``us_policy_reversal_risk`` at each election, every
  ``us_commitment_years``; a year ``t`` ahead counts ``1 / (1 + annual_discount_rate)^t``.
  Its expected discounted years are ``A`` (:func:`triangle.models.repeated.deal_years`),
  against ``S = 1 / (1 - d)`` for an arrangement that lasts;
- the per-year payoffs are the simultaneous model's cells with the reduced-form reversal
  risk set to zero (the hazard carries it, counted once);
- China's answer is a player's choice, not a fixed rule: in each cell China plays its best
  reply (its payoffs; at a tie, the first of reward, hold, punish);
- after a reversal the US presses, whatever Russia did, and a Russia that broke with
  China cannot go back (000's irreversibility).

So Russia's value of pivoting over staying, with the US engaging by ``a`` while the deal
lasts, is ``G_a = A * D_a + (S - A) * D_pressure`` with ``D_x = u_R(x, pivot, c*) -
u_R(x, stay, c*)``. The claims not about time are "not applicable" on this form: the
reports say so rather than give them a verdict (:func:`triangle.verdicts.forms.form_applies`).

>>> import triangle as tri
>>> tri.claims["c000_reversal_risk_lowers_pivot"].check(form="repeated").form
'repeated'
>>> from triangle.verdicts.forms import form_applies
>>> form_applies("repeated", "c002_china_outbids")
False
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from triangle.models.repeated import deal_years
from triangle.models.simultaneous import STRATEGIES
from triangle.verdicts.context import TOL, ClaimContext
from triangle.verdicts.forms import register_form
from triangle.verdicts.vocabulary import ENGAGEMENT, Part, Verdict

__all__ = ["TIME_CLAIMS", "RepeatedContext", "repeated_context"]

#: The claims about time judged on this form, with what the form reads in each.
TIME_CLAIMS: Mapping[str, str] = {
    "c000_reversal_risk_lowers_pivot": (
        "the pivot's value over staying, G_a = A D_a + (S - A) D_pressure, falls as the "
        "reversal risk rises and as Russia's distrust rises, and rises with the length of a "
        "US commitment, for each engagement move a"),
    "c004_trump_lowers_hedge_cost": (
        "Trump's wish to normalise, which lasts his term (to 2028), does not lower Russia's "
        "value under conditional engagement for any of its moves, China answering by its "
        "best reply"),
}

_CHINA = STRATEGIES[2]


class RepeatedContext(ClaimContext):
    """A claim context with the repeated model's clock (module docs).

    The payoffs are the simultaneous model's (shared with the other forms); the stage
    payoffs the repeated form reads are those with ``us_policy_reversal_risk`` at zero
    (:attr:`stage`), and China's answer in each cell is its best reply there.

    >>> import triangle as tri
    >>> ctx = repeated_context(ClaimContext(tri.scenarios["baseline"].values))
    >>> ctx.form, round(float(ctx.deal_years()[0]), 4), round(float(ctx.forever()[0]), 4)
    ('repeated', 3.7453, 7.6667)
    """

    form = "repeated"

    @property
    def stage(self) -> ClaimContext:
        """The stage payoffs: the same samples with the reduced-form reversal risk at zero."""
        return self.at(us_policy_reversal_risk=0.0) if "us_policy_reversal_risk" in \
            self.values else self

    def _v(self, name: str) -> np.ndarray:
        return np.asarray(self.values[name], dtype=float)

    def discount(self) -> np.ndarray:
        """The annual discount factor ``1 / (1 + annual_discount_rate)``, ``(K,)``."""
        return 1.0 / (1.0 + self._v("annual_discount_rate"))

    def forever(self) -> np.ndarray:
        """Discounted years of an arrangement that lasts, ``1 / (1 - d)``, ``(K,)``."""
        return 1.0 / (1.0 - self.discount())

    def deal_years(self, reversal: np.ndarray | None = None) -> np.ndarray:
        """A US deal's expected discounted years ``A`` (reversal at 2028 and later), ``(K,)``."""
        p = self._v("us_policy_reversal_risk") if reversal is None else reversal
        return np.asarray(deal_years(p, self._v("annual_discount_rate"),
                                     self._v("us_commitment_years")), dtype=float)

    def term_years(self) -> np.ndarray:
        """Discounted years to the 2028 election (the rest of Trump's term), ``(K,)``."""
        return np.asarray(deal_years(1.0, self._v("annual_discount_rate"), 1.0), dtype=float)

    def china_answer(self, us: str, russia: str) -> np.ndarray:
        """China's best reply in the cell (index into reward, hold, punish), ``(K,)``."""
        key = ("china answer", us, russia)  # each check asks for a cell several times
        if key not in self._memo:
            u = self.stage.payoff("China", us, russia, None)  # (3, K)
            best = u.max(axis=0)
            self._memo[key] = np.argmax(u >= best - TOL, axis=0)  # the first best reply
        return self._memo[key]

    def russia_at(self, us: str, russia: str, *, grad: str | None = None) -> np.ndarray:
        """Russia's stage payoff with China's best reply, ``(K,)``; with ``grad``, its
        derivative in that factor (China's answer held: an envelope argument)."""
        c = self.china_answer(us, russia)
        stage = self.stage
        if grad is None:
            rows = stage.payoff("Russia", us, russia, None)  # (3, K)
        else:
            found = stage.grad_rows(grad)
            rows = np.stack([found.get(stage.flat("Russia", us, russia, ch),
                                       np.zeros(self.k)) for ch in _CHINA])
        return rows[c, np.arange(self.k)]

    def gap(self, us: str, move: str, other: str = "stay", *,
            grad: str | None = None) -> np.ndarray:
        """``u_R(us, move, c*) - u_R(us, other, c*)`` (or its derivative), ``(K,)``."""
        return self.russia_at(us, move, grad=grad) - self.russia_at(us, other, grad=grad)

    def __repr__(self) -> str:
        return f"<RepeatedContext K={self.k}>"


def repeated_context(ctx: ClaimContext, select: str = "all") -> RepeatedContext:
    """The simultaneous context of some samples read on the repeated form (payoffs shared).

    ``select`` is ignored: China's best reply settles ties by a fixed order (module docs).
    """
    made = object.__new__(RepeatedContext)
    made.__dict__.update(ctx.__dict__)
    made._memo = {k: v for k, v in ctx._memo.items()
                  if isinstance(k, tuple) and k[0] in ("index", "grad", "payoffs", "at")}
    return made


# --------------------------------------------------------------------- the checks
def _rises(label: str, values: list[np.ndarray], k: int) -> Part:
    """As :func:`triangle.verdicts.vocabulary.slope`: each value >= 0 (within ``TOL``) and
    one at least > 0; the margin is the most adverse value when negative, else the largest."""
    worst, best = np.full(k, np.inf), np.full(k, -np.inf)
    for v in values:
        worst, best = np.minimum(worst, v), np.maximum(best, v)
    return Part(label, (worst >= -TOL) & (best > TOL), np.where(worst < -TOL, worst, best))


def _pivot_in_time(ctx: RepeatedContext) -> Verdict:
    """c000 on the repeated form (:data:`TIME_CLAIMS`)."""
    a_years, forever = ctx.deal_years(), ctx.forever()
    after = ctx.gap("pressure", "pivot")
    after_d = ctx.gap("pressure", "pivot", grad="russian_distrust_of_us")
    # dG_a/dp = dA/dp (D_a - D_pressure) with dA/dp < 0, and dG_a/dT = dA/dT (...) with
    # dA/dT > 0: both signs are those of D_a - D_pressure
    lasting = [ctx.gap(a, "pivot") - after for a in ENGAGEMENT]
    distrust = [-(a_years * ctx.gap(a, "pivot", grad="russian_distrust_of_us")
                  + (forever - a_years) * after_d) for a in ENGAGEMENT]
    return Verdict(
        _rises("the pivot's value over staying in time, G_a, falls with the reversal risk and "
               "rises with the commitment's length: D_a - D_pressure >= 0 for each engagement "
               "move a, > 0 for one", lasting, ctx.k),
        _rises("G_a falls with russian_distrust_of_us: -dG_a/d distrust >= 0 for each "
               "engagement move a, > 0 for one", distrust, ctx.k),
    )


def _trump_in_time(ctx: RepeatedContext) -> Verdict:
    """c004 on the repeated form (:data:`TIME_CLAIMS`)."""
    years = ctx.term_years()  # the wish lasts Trump's term, to 2028
    # since issue 9 item 3c the wish lowers the price of 001's conditions, which Russia
    # pays whatever its alignment: its value under condition does not fall with the wish
    worst = np.min([years * ctx.russia_at("condition", r, grad="trump_normalization_wish")
                    for r in STRATEGIES[1]], axis=0)
    return Verdict(Part("over Trump's term, Russia's value under condition does not fall as "
                        "trump_normalization_wish rises, for each of its moves, China "
                        "best-replying", worst >= -TOL, worst))


register_form(
    "repeated", repeated_context,
    checks={"c000_reversal_risk_lowers_pivot": _pivot_in_time,
            "c004_trump_lowers_hedge_cost": _trump_in_time},
    applies=lambda cid: cid in TIME_CLAIMS,
    note="judges the claims about time only (deals reversed at 2028 and later, one clock)",
)
