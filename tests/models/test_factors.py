"""The factor registry: complete, well-formed, cited verbatim, and used by the model."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import triangle as tri
from tests.paths import DOCS
from triangle.errors import UnknownNameError
from triangle.models.factors import (
    Factor,
    FactorRegistry,
    FactorValues,
    RegistryDataError,
    Source,
    load_toml,
    sign_on_ranges,
)
from triangle.models.terms import load_terms


def test_size_and_unique_ids():
    raw_ids = [f["id"] for f in load_toml("factors.toml")["factor"]]
    assert len(raw_ids) == len(set(raw_ids)), "duplicate ids in factors.toml"
    assert 30 <= len(tri.factors) <= 55
    assert list(tri.factors) == raw_ids


@pytest.mark.parametrize("fid", list(tri.factors))
def test_each_factor_is_well_formed(fid):
    f = tri.factors[fid]
    assert isinstance(f, Factor) and f.id == fid
    assert f.provenance in ("cited", "assumed")
    assert f.low <= f.value <= f.high
    assert f.unit.strip() and f.name.strip() and f.description.strip()
    assert f.sources, "every factor rests on at least one quote"
    if f.provenance == "assumed":
        assert len(f.reason) > 40, "an assumed value needs a real reason"
    assert f.symbol.name == fid
    assert f.symbol.is_real
    if f.low >= 0:
        assert f.symbol.is_nonnegative
    assert set(f.articles) == {s.file[:3] for s in f.sources}
    assert f.player in ("", "US", "Russia", "China")
    if "pu" in f.unit.split():
        assert f.player, f"{fid} is in payoff units, so it names whose"


def test_the_articles_numbers_are_cited():
    """40% of imports, $240bn, 4,000 km, a 4-year term and 2-year majority, 5-9x."""
    expect = {
        "china_import_share": (0.40, "40%"),
        "sino_russian_trade": (240.0, "$240 billion"),
        "border_length_km": (4000.0, "4,000 km"),
        "us_commitment_years": (4.0, "4-year term"),
        "power_asymmetry": (7.0, "five to nine times"),
    }
    for fid, (value, text) in expect.items():
        f = tri.factors[fid]
        assert f.provenance == "cited" and f.value == value
        assert any(text in s.quote for s in f.sources), fid
    assert tri.factors["us_commitment_years"].low == 2.0  # the 2-year congressional majority
    assert any("2028" in s.quote for s in tri.factors["us_commitment_years"].sources)
    assert tri.factors["power_asymmetry"].range == (5.0, 9.0)
    # 004 compares China's economy today with the USSR's early-1990s GDP: say so.
    f = tri.factors["power_asymmetry"]
    assert "USSR" in f.name and "early 1990s" in f.description
    assert "not against today" in f.description


def test_weights_are_assumed_with_reasons():
    for f in tri.factors.assumed():
        assert f.reason
    assert {f.id for f in tri.factors.cited()} == {
        "us_commitment_years", "china_import_share", "border_length_km", "power_asymmetry",
        "sino_russian_trade",
    }


def test_every_factor_moves_a_payoff():
    """Every factor enters a payoff term, or the repeated model (its discounting, in years)."""
    used = set().union(*(t.factors for t in load_terms()))
    repeated_only = set(tri.models.us_russia().factors) - used
    assert repeated_only <= {"annual_discount_rate"}  # the one factor of time alone
    assert used | repeated_only == set(tri.factors)


def test_unknown_id_suggests_the_closest():
    with pytest.raises(UnknownNameError, match="did you mean 'sanctions_relief'"):
        tri.factors["sanction_relief"]
    with pytest.raises(KeyError):
        tri.factors["nothing_like_it_at_all"]
    assert "sanction_relief" not in tri.factors
    assert tri.factors.get("sanction_relief") is None


def test_registry_is_read_only_and_views_are_copies():
    with pytest.raises(TypeError):
        tri.factors["sanctions_relief"] = None  # type: ignore[index]
    base = tri.factors.baseline()
    assert isinstance(base, FactorValues) and base.assigns_all_factors
    assert set(base) == set(tri.factors)
    base["sanctions_relief"] = 99.0
    assert tri.factors.baseline()["sanctions_relief"] == tri.factors["sanctions_relief"].value
    assert tri.factors.symbols()["hedge_depth"] is tri.factors["hedge_depth"].symbol
    assert tri.factors.ranges()["hedge_depth"] == tri.factors["hedge_depth"].range
    table = tri.factors.to_markdown()
    assert all(f"`{fid}`" in table for fid in tri.factors)
    assert "<table>" in tri.factors._repr_html_()
    assert f"{len(tri.factors)} factors" in repr(tri.factors)


def _raw(**changes):
    raw = dict(load_toml("factors.toml")["factor"][0])
    raw.update(changes)
    return raw


def test_malformed_factors_are_refused():
    from triangle.models.factors import parse_factor

    with pytest.raises(RegistryDataError, match="contain the baseline"):
        parse_factor(_raw(value=5.0, high=1.0))
    with pytest.raises(RegistryDataError, match="needs a reason"):
        parse_factor(_raw(reason=""))
    with pytest.raises(RegistryDataError, match="cited' or 'assumed"):
        parse_factor(_raw(provenance="guessed"))
    with pytest.raises(RegistryDataError, match="at least one source"):
        parse_factor(_raw(sources=[]))
    with pytest.raises(RegistryDataError, match="unknown fields"):
        parse_factor(_raw(colour="red"))
    with pytest.raises(RegistryDataError, match="missing"):
        parse_factor({k: v for k, v in _raw().items() if k != "unit"})
    with pytest.raises(RegistryDataError, match="article files"):
        Source("005_unknown.txt", "a quote")
    with pytest.raises(RegistryDataError, match="non-empty quote"):
        Source("000_7475e70f1ac1d690.txt", "  ")
    f = parse_factor(_raw())
    with pytest.raises(RegistryDataError, match="more than once"):
        FactorRegistry([f, f])


def test_sign_on_ranges_examples():
    p = tri.factors["us_policy_reversal_risk"].symbol  # [0.3, 0.9]
    d = tri.factors["russian_distrust_of_us"].symbol  # [0.1, 0.6]
    y = tri.factors["us_commitment_years"].symbol  # [2, 4]
    m = tri.factors["xi_tenure_advantage"].symbol  # [1, 10]
    assert sign_on_ranges(1 - p) == 1
    assert sign_on_ranges(p - 1) == -1
    assert sign_on_ranges(p - sympy.Rational(1, 2)) is None
    assert sign_on_ranges(p - 0.3) == 1  # touches 0 at the low end only
    assert sign_on_ranges(p - p) == 0
    credibility = (1 - d) * (1 - p * m / (y + m))
    assert sign_on_ranges(credibility) == 1
    assert sign_on_ranges(sympy.diff(credibility, p)) == -1
    assert sign_on_ranges(sympy.diff(credibility, y)) == 1
    with pytest.raises(UnknownNameError):
        sign_on_ranges(sympy.Symbol("not_a_factor") + 1)


_IDS = ["us_policy_reversal_risk", "russian_distrust_of_us", "us_commitment_years",
        "xi_tenure_advantage", "hedge_depth", "power_asymmetry"]


@st.composite
def _expressions(draw):
    syms = [tri.factors[i].symbol for i in _IDS]
    terms = []
    for _ in range(draw(st.integers(1, 3))):
        coeff = draw(st.integers(-3, 3))
        picked = draw(st.lists(st.sampled_from(syms), min_size=1, max_size=2))
        shift = draw(st.sampled_from([0, 1, -1, sympy.Rational(1, 2)]))
        terms.append(coeff * sympy.Mul(*picked) + shift)
    expr = sympy.Add(*terms)
    if draw(st.booleans()):
        expr = expr / (draw(st.sampled_from(syms)) + 1)
    return expr


@settings(max_examples=60, deadline=None)
@given(_expressions(), st.integers(0, 2**32 - 1))
def test_sign_on_ranges_is_sound(expr, seed):
    """Whenever a sign is claimed, the expression has it at random points of the box."""
    sign = sign_on_ranges(expr)
    if sign is None:
        return
    rng = np.random.default_rng(seed)
    names = sorted(s.name for s in expr.free_symbols)
    fn = sympy.lambdify([tri.factors[n].symbol for n in names], expr, "numpy")
    lows = np.array([tri.factors[n].low for n in names])
    highs = np.array([tri.factors[n].high for n in names])
    pts = lows + (highs - lows) * rng.random((200, len(names)))
    pts = np.vstack([pts, lows, highs])
    vals = np.broadcast_to(fn(*pts.T), (len(pts),))
    if sign == 0:
        assert np.allclose(vals, 0)
    else:
        assert np.all(sign * vals >= -1e-12)


DOCS = DOCS / "explanation"


def test_factors_page_lists_the_registry():
    """docs/explanation/factors.md lists every factor with its current value and range."""
    import re

    text = (DOCS / "factors.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z0-9_]+)` \| ([^|]+) \| ([^|]+) \|", text, flags=re.M)
    assert [fid for fid, _, _ in rows] == list(tri.factors)
    for fid, value, rng in rows:
        f = tri.factors[fid]
        assert float(value) == pytest.approx(f.value)
        low, high = (float(x) for x in rng.split("–"))
        assert (low, high) == pytest.approx(f.range)
