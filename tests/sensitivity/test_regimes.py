"""Regime maps and tornado charts: against pointwise solving; monotone factors, monotone maps."""

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import triangle as tri
from tests.plotting import PYPLOT, pyplot
from triangle.errors import InvalidGameError, UnknownNameError
from triangle.sensitivity import (
    InvalidSampleError,
    outcomes,
    regime_map,
    thresholds,
    tornado,
)

relief, risk, lifeline = sympy.symbols("relief risk lifeline")
RANGES = {"relief": (0, 4), "risk": (0, 1), "lifeline": (0, 3)}


def triangle_game():
    """Russia (pivot, hedge, stay) against the US (engage, press) and China (reward, punish)."""
    u = np.zeros((3, 3, 2, 2), dtype=object)
    # Russia: relief net of reversal risk when the US engages; China's lifeline unless punished
    for us in range(2):
        for cn in range(2):
            paid = relief * (1 - risk) if us == 0 else 0
            kept = lifeline if cn == 0 else lifeline / 2
            u[1, 0, us, cn] = paid - (1 if cn == 1 else 0)
            u[1, 1, us, cn] = paid / 2 + kept / 2
            u[1, 2, us, cn] = kept
    # the US likes a pivot, pays for engagement; China punishes a pivot, rewards staying
    u[0, 0, 0, :] = 3 - relief / 2
    u[0, 0, 1, :] = 1
    u[0, 1, 0, :] = 1 - relief / 2
    u[0, 2, 0, :] = -relief / 2
    u[2, 0, :, 1] = 1
    u[2, 2, :, 0] = 1
    u[2, 1, :, 0] = sympy.Rational(1, 2)
    return tri.NormalFormGame(np.moveaxis(u, 1, 2), players=("US", "Russia", "China"),
                              strategies=(("engage", "press"), ("pivot", "hedge", "stay"),
                                          ("reward", "punish")))


GAME = triangle_game()
AT = {"relief": 2.0, "risk": 0.3, "lifeline": 1.5}


def test_regime_map_agrees_with_pointwise_solving():
    m = regime_map(GAME, "relief", "risk", at=AT, ranges=RANGES, resolution=(9, 7))
    assert m.regimes.shape == (7, 9)
    assert len(m.x_values) == 9 and m.x_values[0] == 0 and m.x_values[-1] == 4
    for r, c in [(0, 0), (3, 4), (6, 8), (2, 7), (5, 1)]:
        point = dict(AT, relief=m.x_values[c], risk=m.y_values[r])
        eqs = tri.pure_equilibria(GAME.subs(point))
        expected = " | ".join(
            "/".join(GAME.strategies[i][int(np.argmax(p))] for i, p in enumerate(e.profile))
            for e in eqs) or "no pure equilibrium"
        assert m.labels[m.regimes[r, c]] == expected
    shares = m.share()
    assert sum(shares.values()) == pytest.approx(1.0)
    assert list(shares.values()) == sorted(shares.values(), reverse=True)


def test_regime_map_boundary_matches_the_exact_threshold():
    out = outcomes.responses(GAME, "Russia", {"US": "engage", "China": "reward"})
    m = regime_map(GAME, "relief", "risk", outcome=out, at=AT, ranges=RANGES,
                   resolution=(201, 3))
    row = [m.labels[k] for k in m.regimes[1]]  # risk = 0.5
    ts = thresholds(GAME, "relief", "Russia", {"US": "engage", "China": "reward"},
                    at=dict(AT, risk=0.5))
    for t in ts:
        left = m.x_values < t.value - 1e-9
        right = m.x_values > t.value + 1e-9
        assert row[np.flatnonzero(left)[-1]] == t.below
        assert row[np.flatnonzero(right)[0]] == t.above
    assert [t.value for t in ts] == [3.0]  # relief * (1 - 0.5) = lifeline 1.5
    assert set(row) <= {"stay", "pivot", ts[0].at} and {"stay", "pivot"} <= set(row)


@settings(max_examples=20, deadline=None)
@given(st.floats(0.0, 0.9), st.floats(0.2, 2.5))
def test_monotone_factor_gives_monotone_map(k, life):
    """Relief raises pivot's payoff only: 'Russia pivots' can only switch on as it grows."""
    out = outcomes.plays(GAME, "Russia", "pivot", {"US": "engage", "China": "reward"})
    m = regime_map(GAME, "relief", "lifeline", outcome=out, at={"risk": k},
                   ranges={"relief": (0, 4), "lifeline": (life, life + 0.5)},
                   resolution=(41, 3))
    truth = np.array([label == "true" for label in m.labels])[m.regimes]  # (ny, nx)
    assert (np.diff(truth.astype(int), axis=1) >= 0).all()


def test_regime_map_input_errors():
    with pytest.raises(UnknownNameError):
        regime_map(GAME, "releif", "risk", ranges=RANGES, at=AT)
    with pytest.raises(InvalidSampleError, match="two different"):
        regime_map(GAME, "risk", "risk", ranges=RANGES, at=AT)
    with pytest.raises(InvalidGameError, match="classifies"):
        regime_map(GAME, "relief", "risk", ranges=RANGES, at=AT,
                   outcome=outcomes.gap(GAME, "Russia", "pivot", "stay",
                                        {"US": "engage", "China": "reward"}))
    with pytest.raises(InvalidSampleError, match="no plausible range"):
        regime_map(GAME, "relief", "risk", at=AT)
    m = regime_map(GAME, "relief", "risk", at=AT, x_values=[1.0, 3.0], y_values=[0.1])
    assert m.regimes.shape == (1, 2)


def test_tornado_against_one_at_a_time_evaluation():
    out = outcomes.gap(GAME, "Russia", "pivot", "stay", {"US": "engage", "China": "reward"})
    t = tornado(GAME, out, at=AT, ranges=RANGES, points=5)
    f = sympy.lambdify([lifeline, relief, risk], out.expr)
    assert t.baseline == pytest.approx(f(AT["lifeline"], AT["relief"], AT["risk"]))
    for bar in t.bars:
        lo, hi = RANGES[bar.factor]
        at_lo, at_hi = dict(AT, **{bar.factor: lo}), dict(AT, **{bar.factor: hi})
        assert bar.at_low == pytest.approx(f(**at_lo))
        assert bar.at_high == pytest.approx(f(**at_hi))
        assert bar.minimum <= min(bar.at_low, bar.at_high)
    # |d gap / d x| x range: relief 0.7*4 = 2.8, lifeline 3, risk 2
    assert t.ranking() == ["lifeline", "relief", "risk"]
    assert [b.swing for b in t.bars] == pytest.approx([3.0, 2.8, 2.0])
    with pytest.raises(InvalidGameError, match="real or boolean"):
        tornado(GAME, outcomes.equilibrium_set(GAME), at=AT, ranges=RANGES)


@PYPLOT
def test_plots_draw_on_agg():
    plt = pyplot()
    m = regime_map(GAME, "relief", "risk", at=AT, ranges=RANGES, resolution=11)
    ax = m.plot(mark=(AT["relief"], AT["risk"]))
    assert ax.get_xlabel() == "relief" and len(ax.get_legend().get_texts()) == len(m.labels)
    out = outcomes.gap(GAME, "Russia", "pivot", "stay", {"US": "engage", "China": "reward"})
    ax2 = tornado(GAME, out, at=AT, ranges=RANGES).plot()
    assert [t.get_text() for t in ax2.get_yticklabels()] == ["lifeline", "relief", "risk"]
    plt.close("all")
