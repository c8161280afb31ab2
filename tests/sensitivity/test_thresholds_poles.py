"""Thresholds along a factor that a step's condition divides by (a pole on the real line)."""

import pytest

import triangle as tri


@pytest.mark.parametrize("factor", ["us_commitment_years", "xi_tenure_advantage"])
def test_a_pole_of_a_steps_condition_is_not_an_error(factor, model_game):
    # us_credibility divides by (us_commitment_years + xi_tenure_advantage): the condition of
    # Russia's Ukraine steps has a pole at minus the other, where sympy refuses ``zoo > 0``
    # (it raised TypeError when the classifier probed there)
    found = tri.sensitivity.thresholds(model_game, factor, at="baseline")
    lo, hi = tri.factors[factor].range
    inside = [t for t in found if lo <= t.value <= hi]
    assert all(t.in_range for t in inside)
    pole = -tri.scenarios["baseline"].values[
        "xi_tenure_advantage" if factor == "us_commitment_years" else "us_commitment_years"]
    assert any(t.value == pytest.approx(pole) for t in found)
