"""The simultaneous triangle model: shape, traceability, solving it, and explain()."""

from __future__ import annotations

import importlib.util
import itertools
import json

import numpy as np
import pytest
import sympy

import triangle as tri
from tests.paths import DOCS
from triangle.errors import InvalidGameError, UnknownNameError
from triangle.models import PLAYERS, STRATEGIES, explain, simultaneous, simultaneous_terms
from triangle.models.explain import NoTermsError

VARIANTS = ("russia", "us")


@pytest.mark.parametrize("variant", VARIANTS)
def test_shape_names_and_symbols(variant):
    g = simultaneous(china_punishes=variant)
    assert g.players == ("US", "Russia", "China")
    assert g.strategies == (
        ("engage", "condition", "pressure"),
        ("pivot", "hedge", "stay"),
        ("reward", "hold", "punish"),
    )
    assert g.shape == (3, 3, 3) and g.is_symbolic
    assert set(g.factors) <= set(tri.factors)
    for name, sym in g.factors.items():
        assert sym is tri.factors[name].symbol  # one symbol per factor, with its assumptions


def test_variants_differ_where_the_articles_do():
    russia, us = simultaneous("russia"), simultaneous("us")
    assert "china_alternative_partners" in russia.factors
    assert "taiwan_pressure" not in russia.factors
    assert "taiwan_pressure" in us.factors
    ids_russia = {t.id for t in russia.terms}
    ids_us = {t.id for t in us.terms}
    # alternative partners compensate China for any pivot (both readings); only a China
    # that itself cuts Russia off (000's reading) also seeks them after cutting a stayer
    assert "cn_alternative_partners" in ids_russia & ids_us
    assert {"ru_break_lost_for_good", "cn_alternative_partners_cut"} <= ids_russia - ids_us
    assert {"us_taiwan_pressure", "cn_taiwan_signal", "cn_taiwan_risk"} <= ids_us - ids_russia
    # only China's punish column and what depends on it differ
    diff = russia.payoffs - us.payoffs
    punish = STRATEGIES[2].index("punish")
    assert all(sympy.simplify(d) == 0 for k, d in np.ndenumerate(diff) if k[3] != punish)
    with pytest.raises(InvalidGameError, match="'russia'"):
        simultaneous("europe")


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_cell_is_the_sum_of_its_terms(variant):
    g = simultaneous(variant)
    for cell in itertools.product(range(3), repeat=3):
        profile = {p: STRATEGIES[k][j] for k, (p, j) in enumerate(zip(PLAYERS, cell))}
        for i, player in enumerate(PLAYERS):
            applying = [t for t in g.terms if t.player == player and t.applies(profile)]
            assert all(t.sources for t in applying)
            total = sympy.Add(*(t.expression for t in applying))
            assert sympy.expand(g.payoffs[(i, *cell)] - total) == 0
            if g.payoffs[(i, *cell)] != 0:
                assert applying  # a nonzero payoff is traceable to quotes


def test_default_games_are_shared_and_terms_rebuild():
    assert simultaneous() is simultaneous()
    # one cache, keyed by the checked reading: the default and "russia" are one game
    assert simultaneous() is simultaneous(china_punishes="russia")
    assert simultaneous("us") is simultaneous(china_punishes="us") is not simultaneous()
    rebuilt = simultaneous(terms=tri.models.terms.load_terms())
    assert rebuilt is not simultaneous()
    pairs = zip(rebuilt.payoffs.flat, simultaneous().payoffs.flat)
    assert all(sympy.expand(a - b) == 0 for a, b in pairs)
    assert len(simultaneous_terms()) == len(simultaneous().terms)


@pytest.mark.parametrize("variant", VARIANTS)
def test_subs_baseline_is_numeric(variant):
    g = simultaneous(variant)
    base = tri.scenarios["baseline"]
    for values in (tri.factors.baseline(), base, base.values):
        num = g.subs(values)
        assert not num.is_symbolic and np.isfinite(num.payoffs).all()
    with pytest.raises(UnknownNameError):  # a plain dict must not carry unknown names
        g.subs({**dict(tri.factors.baseline()), "not_a_factor": 1.0})


def _brute_force_pure(game):
    u = game.payoffs
    out = set()
    for cell in itertools.product(*(range(m) for m in game.shape)):
        ok = True
        for i in range(game.n_players):
            others = list(cell)
            others[i] = slice(None)
            if u[(i, *cell)] < u[(i, *others)].max() - 1e-9:
                ok = False
        if ok:
            out.add(tuple(game.strategies[k][j] for k, j in enumerate(cell)))
    return out


def _names(eq):
    return tuple(s[0] for s in eq.support)


@pytest.mark.parametrize("scenario", list(tri.scenarios))
def test_pure_equilibria_at_each_scenario(scenario):
    g = tri.scenarios[scenario].game()
    eqs = tri.pure_equilibria(g)
    assert {_names(e) for e in eqs} == _brute_force_pure(g)
    for e in eqs:
        assert tri.is_equilibrium(g, e.profile)


@pytest.mark.skipif(
    importlib.util.find_spec("triangle.solvers.support_enumeration") is None,
    reason="the N-player solver (support enumeration) is not installed yet",
)
def test_all_equilibria_at_baseline_are_verified():
    g = tri.scenarios["baseline"].game()
    eqs = tri.equilibria(g)
    assert eqs
    for e in eqs:
        assert tri.is_equilibrium(g, e.profile, tol=1e-7)
    pure = {_names(e) for e in tri.pure_equilibria(g)}
    assert pure <= {_names(e) for e in eqs if e.is_pure}


def test_compiled_matches_subs():
    g = simultaneous()
    names = list(g.factors)
    rng = np.random.default_rng(7)
    lows = np.array([tri.factors[n].low for n in names])
    highs = np.array([tri.factors[n].high for n in names])
    pts = lows + (highs - lows) * rng.random((3, len(names)))
    out = g.compiled()(*pts.T)
    for k in range(3):
        ref = g.subs(dict(zip(names, pts[k]))).payoffs
        assert np.allclose(out[k], ref)


# --------------------------------------------------------------------- explain
@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("scenario", ["baseline", "harper_004", "1972"])
def test_explain_totals_equal_payoffs(variant, scenario):
    g = simultaneous(variant)
    num = g.subs(tri.scenarios[scenario])
    for cell in itertools.product(*STRATEGIES):
        for player in PLAYERS:
            ex = explain(g, cell, player, values=scenario)
            i, idx = PLAYERS.index(player), tuple(s.index(c) for s, c in zip(STRATEGIES, cell))
            assert ex.total == pytest.approx(num.payoffs[(i, *idx)], abs=1e-12)
            assert ex.payoff == pytest.approx(ex.total, abs=1e-12) and ex.consistent


def test_explain_defaults_inputs_and_outputs():
    g = simultaneous()
    ex = explain(g, {"China": "hold", "US": "engage", "Russia": "stay"}, "Russia")
    assert ex.label == "baseline"
    assert ex.profile == {"US": "engage", "Russia": "stay", "China": "hold"}
    assert [t.id for t in ex.terms][:2] == ["ru_relief_unconditional", "ru_ukraine_backing"]
    same = explain(g, (0, 2, 1), 1, values=tri.scenarios["baseline"])
    assert same.total == ex.total
    text = str(ex)
    assert "ru_china_lifeline" in text and "003_7949c245d6586df2.txt" in text and "total" in text
    assert "<table>" in ex._repr_html_()
    json.dumps(ex.to_dict())
    # a numeric game explained at the values it was built with, and at other values
    num = g.subs(tri.scenarios["op_ed_003"])
    assert explain(num, ("engage", "stay", "hold"), "Russia", values="op_ed_003").consistent
    off = explain(num, ("engage", "stay", "hold"), "Russia")
    assert not off.consistent and "pass values=" in str(off)
    partial = explain(g, ("engage", "stay", "hold"), "Russia", values={"sanctions_relief": 1.0})
    assert partial.total > ex.total and partial.label == "given values"


def test_explain_errors():
    g = simultaneous()
    with pytest.raises(NoTermsError):
        explain(tri.NormalFormGame.from_bimatrix([[1]], [[1]]), (0, 0), 0)
    with pytest.raises(UnknownNameError):
        explain(g, ("engage", "stay", "hold"), "Russia", values={"no_such_factor": 1})
    with pytest.raises(UnknownNameError):
        explain(g, ("engage", "stay", "hold"), "Russia", values="no_such_scenario")
    with pytest.raises(UnknownNameError):
        explain(g, ("engage", "stya", "hold"), "Russia")
    with pytest.raises(TypeError):
        explain(g, ("engage", "stay"), "Russia")
    with pytest.raises(UnknownNameError):
        explain(g, {"US": "engage", "Russia": "stay"}, "Russia")
    with pytest.raises(TypeError):
        explain(g, ("engage", "stay", "hold"), "Russia", values=3)


def test_model_page_documents_every_term():

    page = DOCS / "explanation" / "simultaneous-model.md"
    text = page.read_text(encoding="utf-8")
    for t in tri.models.terms.load_terms():
        assert f"| `{t.id}` |" in text, f"term {t.id} is missing from {page.name}"
