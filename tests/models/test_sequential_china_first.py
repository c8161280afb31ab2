"""The china_first tree (issue 9 item 3): China's pre-emptive, conditional offer, then the US,
Russia, and China's answer where the offer left it a choice."""

from __future__ import annotations

import itertools

import numpy as np

import triangle as tri
from triangle.models import PLAYERS, STRATEGIES

US, RU, CN = STRATEGIES


def cell(game, u, r, c):
    return tuple(game.payoffs[:, US.index(u), RU.index(r), CN.index(c)])


def test_the_offer_binds_unless_russia_pivots():
    g = tri.models.simultaneous()
    tree = tri.models.china_first()
    assert tree.players == PLAYERS
    assert tree.decision_nodes("China")[0] == "root"
    for u, r in itertools.product(US, RU):
        if r == "pivot":  # the offer lapses: China answers, and cannot reward
            for c in ("hold", "punish"):
                assert tree.payoffs_at(("offer", u, r, c)) == cell(g, u, r, c)
        else:  # a staying or hedging Russia gets the reward China committed to
            assert tree.payoffs_at(("offer", u, r)) == cell(g, u, r, "reward")
        for c in CN:  # after waiting, China answers with any move
            assert tree.payoffs_at(("wait", u, r, c)) == cell(g, u, r, c)
    assert len(tree.leaves) == 3 * (2 + 2) + 27


def test_the_offer_changes_russias_choice_where_china_makes_it():
    """At the baseline China waits (a rewarded Russia would still hedge); with the hedge's
    risk to the China tie at the top of its range (hedge_abandonment_risk 0.6), China's
    offer keeps Russia, and the US presses instead of courting. (Until issue 9 item 3c the
    test moved Trump's wish to 0, which made conditioning cost a hedge more; the wish now
    prices 001's conditions whatever the alignment and moves no alignment.)"""
    base = tri.scenarios["baseline"].values
    path = tri.models.china_first().subs(base).subgame_perfect_equilibria()[0].path
    assert path == (("wait", "condition", "hedge", "hold"),)
    low = {**base, "hedge_abandonment_risk": 0.6}
    paths = {eq.path for eq in tri.models.china_first().subs(low).subgame_perfect_equilibria()}
    assert paths == {(("offer", "pressure", "stay"),)}
    # without the offer (China waiting) the same Russia hedges under condition
    waited = tri.models.simultaneous().subs(low)
    u = np.asarray(waited.payoffs, dtype=float)
    cond, hold = US.index("condition"), CN.index("hold")
    assert RU[int(np.argmax(u[1, cond, :, hold]))] == "hedge"
