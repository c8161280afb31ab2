"""The model's payoffs move with each factor in the direction the articles argue.

Each property says: player P's payoff from strategy s never falls (or never rises) as
factor x grows, over the whole box of plausible ranges, in every profile of the others.
The sign of d payoff / dx is proved symbolically (:func:`triangle.models.factors.sign_on_ranges`)
where the expression allows; a derivative whose sign is not proved that way is checked at
random points of the box instead, and the test says which ones were.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from hypothesis import given, settings

import triangle as tri
from triangle.models import PLAYERS, STRATEGIES, simultaneous
from triangle.models.factors import sign_on_ranges

# (player, own strategy, factor, direction, article(s) that argue it)
LEVELS = [
    ("Russia", "pivot", "us_policy_reversal_risk", -1, "000, 003"),
    ("Russia", "pivot", "russian_distrust_of_us", -1, "002"),
    ("Russia", "pivot", "xi_tenure_advantage", -1, "003"),
    ("Russia", "pivot", "us_commitment_years", +1, "003"),
    ("Russia", "pivot", "irreversibility", -1, "000"),
    ("Russia", "pivot", "long_term_weighting", -1, "000"),
    ("Russia", "pivot", "strategic_autonomy", -1, "000, 004"),
    ("Russia", "pivot", "arctic_cooperation", +1, "000"),
    ("Russia", "pivot", "sanctions_relief", +1, "000, 001"),
    ("Russia", "pivot", "russia_economic_distress", +1, "000"),
    ("Russia", "pivot", "western_reengagement", +1, "002"),
    ("Russia", "pivot", "rift_depth", +1, "002, 003 (1972)"),
    ("Russia", "pivot", "us_replacement_share", +1, "003"),
    ("Russia", "stay", "china_import_share", +1, "003"),
    ("Russia", "stay", "china_energy_purchases", +1, "003, 004"),
    ("Russia", "stay", "anti_hegemonic_outlook", +1, "001, 002, 003"),
    ("Russia", "stay", "border_calm_weight", +1, "004"),
    ("Russia", "stay", "brics_sco", +1, "001, 002"),
    ("Russia", "stay", "power_of_siberia_2", +1, "002"),
    ("Russia", "stay", "military_cooperation", +1, "002"),
    ("Russia", "stay", "antagonism_push", +1, "001"),
    ("Russia", "stay", "junior_partner_aversion", -1, "003"),
    ("Russia", "stay", "power_asymmetry", -1, "004"),
    ("Russia", "stay", "wariness_of_china", -1, "000, 004"),
    ("Russia", "stay", "rift_depth", -1, "002, 003"),
    ("Russia", "hedge", "us_as_unique_hedge", +1, "004"),
    ("Russia", "hedge", "hedging_leverage", +1, "004"),
    ("Russia", "hedge", "trump_normalization_wish", +1, "004"),
    ("US", "engage", "allied_trust_loss", -1, "001, 002, 003"),
    ("US", "engage", "allied_coalition_value", -1, "003"),
    ("US", "engage", "rules_credibility_cost", -1, "002"),
    ("US", "engage", "us_domestic_turbulence", -1, "002"),
    ("US", "engage", "russian_opportunism", -1, "001"),
    ("US", "engage", "long_term_weighting", -1, "001, 002"),
    ("US", "condition", "deterrence", +1, "001"),
    ("US", "condition", "conditionality", +1, "001"),
    ("China", "reward", "beijing_unease", +1, "002, 004"),
    ("China", "reward", "hedging_leverage", -1, "004"),
    ("China", "punish", "china_alternative_partners", +1, "000"),
    ("China", "hold", "sino_russian_trade", +1, "002"),
]

# (player, strategy a, strategy b, factor, direction of d(u_a - u_b)/dx, article(s))
GAPS = [
    ("Russia", "pivot", "stay", "us_policy_reversal_risk", -1, "000"),
    ("Russia", "pivot", "hedge", "us_policy_reversal_risk", -1, "000"),
    ("Russia", "pivot", "hedge", "irreversibility", -1, "000"),
    ("Russia", "hedge", "stay", "power_asymmetry", +1, "004"),
    ("Russia", "hedge", "stay", "wariness_of_china", +1, "004"),
    ("Russia", "hedge", "stay", "us_as_unique_hedge", +1, "004"),
    ("Russia", "stay", "hedge", "antagonism_push", +1, "001"),
    ("US", "condition", "engage", "allied_trust_loss", +1, "001"),
    ("US", "condition", "engage", "long_term_weighting", +1, "001"),
]


def _cells(game, player: str, strategy: str) -> np.ndarray:
    """Player's payoffs in every profile where it plays ``strategy`` (shape (3, 3))."""
    i = PLAYERS.index(player)
    return np.take(game.payoffs[i], STRATEGIES[i].index(strategy), axis=i)


def _box_check(exprs: list[sympy.Expr], sign: int, n: int = 4000, seed: int = 0) -> None:
    """Numerical fallback: ``sign * expr >= 0`` at random points and corners of the box."""
    rng = np.random.default_rng(seed)
    for e in exprs:
        names = sorted(s.name for s in e.free_symbols)
        fn = sympy.lambdify([tri.factors[k].symbol for k in names], e, "numpy")
        lo = np.array([tri.factors[k].low for k in names])
        hi = np.array([tri.factors[k].high for k in names])
        pts = np.vstack([lo + (hi - lo) * rng.random((n, len(names))), lo, hi])
        vals = np.broadcast_to(fn(*pts.T), (len(pts),))
        assert np.all(sign * vals >= -1e-12), f"{e} changes sign on the box"


_SIGNS: dict[sympy.Expr, int | None] = {}


def _sign(d: sympy.Expr) -> int | None:
    """sign_on_ranges, memoised: many cells (and both variants) share derivatives."""
    if d not in _SIGNS:
        _SIGNS[d] = sign_on_ranges(d)
    return _SIGNS[d]


def _check(diffs: list[sympy.Expr], sign: int) -> list[sympy.Expr]:
    proved, unproved = [], []
    for d in diffs:
        s = _sign(d)
        if s is None:
            unproved.append(d)
        else:
            assert s in (0, sign), f"derivative {d} has sign {s}, the articles argue {sign}"
            proved.append(s)
    assert sign in proved or unproved, "the factor never moves this payoff"
    _box_check(unproved, sign)
    return unproved


@pytest.mark.parametrize("variant", ["russia", "us"])
@pytest.mark.parametrize(("player", "strategy", "factor", "sign", "articles"), LEVELS)
def test_payoff_level_moves_as_argued(variant, player, strategy, factor, sign, articles):
    g = simultaneous(variant)
    if factor not in g.factors:
        pytest.skip(f"{factor} does not enter the {variant!r} variant")
    x = tri.factors[factor].symbol
    cells = _cells(g, player, strategy)
    if all(sympy.diff(e, x) == 0 for e in cells.flat):
        pytest.skip(f"{factor} does not move {player}'s {strategy} in the {variant!r} variant")
    _check([sympy.diff(e, x) for e in cells.flat], sign)


@pytest.mark.parametrize(("player", "a", "b", "factor", "sign", "articles"), GAPS)
def test_payoff_gap_moves_as_argued(player, a, b, factor, sign, articles):
    g = simultaneous()
    x = tri.factors[factor].symbol
    gaps = (_cells(g, player, a) - _cells(g, player, b)).flat
    _check([sympy.diff(e, x) for e in gaps], sign)


def test_signs_are_mostly_proved_symbolically():
    """The numerical fallback is the exception: most derivatives have a proved sign."""
    g = simultaneous()
    proved = total = 0
    for player, strategy, factor, _, _ in LEVELS:
        x = tri.factors[factor].symbol
        for e in _cells(g, player, strategy).flat:
            d = sympy.diff(e, x)
            if d != 0:
                total += 1
                proved += _sign(d) is not None
    assert proved / total > 0.9


def test_lifeline_gap_depends_on_what_the_us_can_replace():
    """003: China's lifeline makes a pivot costly. In the model the pivot-stay gap falls
    with the import share only where the permanent loss of a Chinese cut-off
    (irreversibility x long-term weight) exceeds what a courting US replaces
    (us_replacement_share x credibility). That holds at 003's values, not over the box."""
    g = simultaneous()
    x = tri.factors["china_import_share"].symbol
    r, punish = PLAYERS.index("Russia"), STRATEGIES[2].index("punish")
    gap = g.payoffs[r, 0, 0, punish] - g.payoffs[r, 0, 2, punish]  # engage; pivot - stay
    slope = sympy.diff(gap, x)
    at = {s: v for s in slope.free_symbols for k, v in tri.scenarios["op_ed_003"].values.items()
          if s.name == k}
    assert float(slope.xreplace(at)) < 0
    corner = {s: tri.factors[s.name].high if s.name == "us_replacement_share"
              else tri.factors[s.name].low for s in slope.free_symbols}
    assert float(slope.xreplace(corner)) > 0
    assert sign_on_ranges(slope) is None


testing = pytest.importorskip("triangle.testing")


@settings(max_examples=40, deadline=None)
@given(testing.factor_values(factors=["us_policy_reversal_risk", "russian_distrust_of_us",
                                      "xi_tenure_advantage", "sanctions_relief", "hedge_depth"]))
def test_pivot_never_rises_with_reversal_risk(values):
    """A user-style property test: Russia's pivot payoff at any profile does not rise when
    the reversal risk goes up by 0.05 (the other factors drawn within their ranges)."""
    f = simultaneous().compiled()
    names = list(simultaneous().factors)
    risk = tri.factors["us_policy_reversal_risk"]
    higher = min(values["us_policy_reversal_risk"] + 0.05, risk.high)
    up = dict(values, us_policy_reversal_risk=higher)
    u0 = f(*[np.array([values[n]]) for n in names])[0]
    u1 = f(*[np.array([up[n]]) for n in names])[0]
    r, pivot = PLAYERS.index("Russia"), STRATEGIES[1].index("pivot")
    assert np.all(u1[r, :, pivot] <= u0[r, :, pivot] + 1e-12)
