"""Scenarios: complete, each change cited or assumed, and the 1972 mirror case."""

from __future__ import annotations

import pytest

import triangle as tri
from tests.paths import SOURCES
from triangle.errors import UnknownNameError
from triangle.models import Override, Scenario
from triangle.models.factors import FactorValues, RegistryDataError

needs_sources = pytest.mark.skipif(
    not SOURCES.is_dir(), reason="the article files are not in ../shared/sources beside the repo"
)
EXPECTED = ["baseline", "heybatov_000", "geopolitical_monitor_001", "petrenko_002", "op_ed_003",
            "harper_004", "1972"]


def test_the_shipped_scenarios():
    assert list(tri.scenarios) == EXPECTED
    assert tri.scenarios["baseline"].overrides == {}
    assert tri.scenarios["baseline"].values == tri.factors.baseline()
    assert tri.scenarios["petrenko_002"].options == {"china_punishes": "us"}
    assert tri.scenarios["1972"].year == 1972


@pytest.mark.parametrize("name", EXPECTED)
def test_each_scenario_is_complete_and_documented(name):
    s = tri.scenarios[name]
    assert s.title and s.description
    values = s.values
    assert isinstance(values, FactorValues) and set(values) == set(tri.factors)
    ranges = s.ranges()
    for fid, f in tri.factors.items():
        if fid in s.overrides:
            o = s.overrides[fid]
            assert values[fid] == o.value and o.provenance in ("cited", "assumed")
            assert o.sources or o.provenance == "assumed"
            assert o.reason or o.provenance == "cited"
            assert o.value != f.value, f"{name} overrides {fid} with its baseline"
        else:
            assert values[fid] == f.value
        low, high = ranges[fid]
        assert low <= values[fid] <= high
    if name != "1972":  # 2025 scenarios stay inside the registry's 2025 ranges
        assert all(f.low <= values[fid] <= f.high for fid, f in tri.factors.items())
    game = s.game()
    assert not game.is_symbolic


@needs_sources
def test_every_scenario_quote_is_verbatim():
    texts = {p.name: p.read_text(encoding="utf-8") for p in SOURCES.glob("00*.txt")}
    bad = [
        (s.name, fid, q.quote[:50])
        for s in tri.scenarios.values()
        for fid, o in s.overrides.items()
        for q in o.sources
        if q.quote not in texts[q.file]
    ]
    assert not bad


def test_article_scenarios_cite_their_own_article():
    for name, article in [("heybatov_000", "000"), ("geopolitical_monitor_001", "001"),
                          ("petrenko_002", "002"), ("op_ed_003", "003"), ("harper_004", "004")]:
        s = tri.scenarios[name]
        assert s.overrides
        for o in s.overrides.values():
            assert o.sources and all(q.article == article for q in o.sources), (name, o.factor)


def test_lookup_errors_and_read_only():
    with pytest.raises(UnknownNameError, match="did you mean 'baseline'"):
        tri.scenarios["baseline2"]
    with pytest.raises(TypeError):
        tri.scenarios["x"] = None  # type: ignore[index]
    v = tri.scenarios["baseline"].values
    v["hedge_depth"] = 0.0
    assert tri.scenarios["baseline"].values["hedge_depth"] == tri.factors["hedge_depth"].value
    with pytest.raises(TypeError):
        tri.scenarios["baseline"].overrides["hedge_depth"] = None  # type: ignore[index]


def test_with_values_and_validation():
    base = tri.scenarios["baseline"]
    s = base.with_values({"hedge_depth": 0.7, "rift_depth": 0.5}, name="mine")
    assert s.name == "mine" and s.values["hedge_depth"] == 0.7
    assert s.ranges()["rift_depth"][1] >= 0.5  # out of the 2025 range: the range widens
    assert base.values["hedge_depth"] == tri.factors["hedge_depth"].value
    assert s != base
    assert base == tri.scenarios["baseline"] and {base: 1}[tri.scenarios["baseline"]] == 1
    with pytest.raises(UnknownNameError):
        base.with_values({"hedge_dept": 0.1})
    with pytest.raises(RegistryDataError, match="outside the range"):
        Override("hedge_depth", 5.0, "assumed", (), "too deep")
    with pytest.raises(RegistryDataError, match="needs a reason"):
        Override("hedge_depth", 0.3, "assumed")
    with pytest.raises(RegistryDataError, match="needs a quote"):
        Override("hedge_depth", 0.3, "cited")
    with pytest.raises(UnknownNameError):
        Override("hedge_dept", 0.3, "assumed", (), "typo")
    assert "hedge_depth=0.7" in repr(s)
    assert isinstance(s, Scenario)


def test_1972_is_the_mirror_case():
    s = tri.scenarios["1972"]
    assert s.label("Russia") == "China (1972)" and s.label("China") == "USSR"
    assert s.relabel(s.game()).players == ("US", "China (1972)", "USSR")
    base = tri.scenarios["baseline"].values
    v = s.values
    # what the articles name: a deep rift, a poor isolated junior partner, sanctions lifted
    assert v["rift_depth"] > 0.5 > base["rift_depth"]
    assert v["russia_economic_distress"] > base["russia_economic_distress"]
    assert v["sanctions_relief"] == 1.0
    assert v["china_import_share"] < base["china_import_share"]


def test_1972_courted_power_realigns_in_an_equilibrium():
    """The model's finding at 1972 values (documented in the docs): the courted power
    (China, in the 'Russia' seat) pivots when the US engages conditionally; this guards the
    finding against unnoticed changes of terms or weights."""
    g = tri.scenarios["1972"].game()
    outcomes = {tuple(s[0] for s in e.support) for e in tri.pure_equilibria(g)}
    assert ("condition", "pivot", "punish") in outcomes
    base = tri.scenarios["baseline"].game()
    assert all(e.support[1] != ("pivot",) for e in tri.pure_equilibria(base))


def test_scenarios_and_models_pickle():
    """Distributed sweeps send games and scenarios to worker processes."""
    import pickle

    s = tri.scenarios["1972"]
    assert pickle.loads(pickle.dumps(s)) == s
    g = tri.models.simultaneous()
    assert pickle.loads(pickle.dumps(g)).terms == g.terms
    assert len(pickle.loads(pickle.dumps(tri.factors))) == len(tri.factors)
