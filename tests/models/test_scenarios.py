"""Scenarios: complete, each change cited or assumed, and the 1972 mirror case."""

from __future__ import annotations

import pytest

import triangle as tri
from triangle.errors import InvalidArgumentError, UnknownNameError
from triangle.models import Override, Point, Scenario, resolve_point
from triangle.models.factors import FactorValues, RegistryDataError

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


# --------------------------------------------------------------------- the point resolver
def test_resolve_point_from_each_kind_of_input():
    base = tri.scenarios["baseline"]
    p = resolve_point(None)
    assert isinstance(p, Point) and p.name == "baseline" and p.values == base.values
    assert p.options == {"china_punishes": "russia"} and p.ranges == tri.factors.ranges()
    registry = resolve_point(None, base=None)
    assert registry.name is None and registry.options == {}
    assert registry.values == tri.factors.baseline()
    assert isinstance(registry.values, FactorValues)
    by_name = resolve_point("1972")
    by_object = resolve_point(tri.scenarios["1972"])
    for q in (by_name, by_object):
        assert q.name == "1972" and q.values == tri.scenarios["1972"].values
        assert q.ranges == tri.scenarios["1972"].ranges() and q.label("China") == "USSR"
    assert resolve_point("petrenko_002").options == {"china_punishes": "us"}
    assert resolve_point(by_name) is by_name  # a resolved point is passed down as it is


def test_resolve_point_completes_a_mapping_from_its_base():
    p = resolve_point({"sanctions_relief": 0.9})
    assert p.name is None and p.values["sanctions_relief"] == 0.9
    assert p.values["hedge_depth"] == tri.factors["hedge_depth"].value
    q = resolve_point({"sanctions_relief": 0.9}, base="1972")
    assert q.values["rift_depth"] == tri.scenarios["1972"].values["rift_depth"]
    assert q.ranges["rift_depth"] == tri.scenarios["1972"].ranges()["rift_depth"]
    sym = tri.factors["hedge_depth"].symbol
    assert resolve_point({sym: 1}).values["hedge_depth"] == 1.0  # symbols name factors too
    assert resolve_point({"x": 2}, extra=["x"]).values["x"] == 2.0
    assert "x" not in resolve_point({}, extra=["x"]).values  # extras have no baseline


def test_resolve_point_errors():
    with pytest.raises(UnknownNameError, match="did you mean 'sanctions_relief'"):
        resolve_point({"sanction_relief": 0.9})
    with pytest.raises(UnknownNameError, match="did you mean '1972'"):
        resolve_point("1973")
    with pytest.raises(InvalidArgumentError, match="finite real number"):
        resolve_point({"hedge_depth": float("nan")})
    with pytest.raises(InvalidArgumentError):
        resolve_point({"hedge_depth": True})
    with pytest.raises(InvalidArgumentError):
        resolve_point({"hedge_depth": "0.5"})
    with pytest.raises(TypeError, match="scenario name"):
        resolve_point(3.0)


def test_every_resolver_agrees_with_resolve_point():
    """sensitivity, claims, explain and the hypothesis strategies read a point the same way."""
    from hypothesis import given, settings

    from triangle.models import explain, simultaneous
    from triangle.sensitivity._inputs import ranges_at
    from triangle.sensitivity._inputs import resolve_point as sensitivity_point
    from triangle.testing import factor_values

    for at in ("1972", tri.scenarios["op_ed_003"], {"sanctions_relief": 0.9}):
        point = resolve_point(at, base=None)
        assert sensitivity_point(at) == dict(point.values)
        ex = explain(simultaneous(), ("engage", "stay", "hold"), "Russia", values=at)
        assert ex.values == dict(point.values)
        claim = tri.claims["c000_pivot_unlikely_for_now"]
        assert claim.holds(at) == claim.holds(resolve_point(at, base=claim.scenario))
    assert ranges_at("1972", None) == resolve_point("1972").ranges
    assert ranges_at({"sanctions_relief": 0.9}, None) is None  # the registry's

    @settings(max_examples=5)
    @given(factor_values(factors=[], scenario="1972"))
    def drawn(values):
        assert values == resolve_point("1972").values

    drawn()
