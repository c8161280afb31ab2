"""Payoff terms: parsed safely, documented, summed correctly, and swappable by users."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import triangle as tri
from triangle.errors import UnknownNameError
from triangle.models import CHINA_GROUPS, PLAYERS, STRATEGIES, simultaneous, simultaneous_terms
from triangle.models.terms import (
    Conditions,
    InvalidTermError,
    Term,
    build_game,
    definitions,
    drop_terms,
    load_terms,
    parse_expression,
    replace_terms,
)

TERMS = load_terms()
GROUPS = set(CHINA_GROUPS["russia"])


# --------------------------------------------------------------------- the shipped terms
def test_shipped_terms_are_well_formed():
    ids = [t.id for t in TERMS]
    assert len(ids) == len(set(ids))
    for t in TERMS:
        assert t.player in PLAYERS
        assert len(t.description) > 20 and t.sources
        assert set(t.factors) <= set(tri.factors), t.id
        for player, allowed in t.when.items():
            own = STRATEGIES[PLAYERS.index(player)]
            assert all(s in own or s in GROUPS for s in allowed), t.id
        assert set(t.variants) <= {"russia", "us"}


def test_term_prefix_names_the_owner():
    prefix = {"US": "us_", "Russia": "ru_", "China": "cn_"}
    assert all(t.id.startswith(prefix[t.player]) for t in TERMS)


def test_each_variant_resolves_every_group():
    for variant in ("russia", "us"):
        for t in simultaneous_terms(variant):
            assert not t.groups
            for player, allowed in t.when.items():
                assert set(allowed) <= set(STRATEGIES[PLAYERS.index(player)])


# --------------------------------------------------------------------- parsing
def test_parse_expression_allows_only_arithmetic_on_factors():
    assert parse_expression("0.5 * hedge_depth") == tri.factors["hedge_depth"].symbol / 2
    assert parse_expression("-(arms_control) ** 2") == -tri.factors["arms_control"].symbol ** 2
    for bad in ["open('x')", "hedge_depth.real", "'text'", "True", "hedge_depth if 1 else 0",
                "[hedge_depth]", "1e400", "lambda: 0"]:
        with pytest.raises(InvalidTermError):
            parse_expression(bad)
    with pytest.raises(InvalidTermError):
        parse_expression("")
    with pytest.raises(InvalidTermError, match="not valid"):
        parse_expression("hedge_depth *")
    with pytest.raises(UnknownNameError, match="did you mean 'hedge_depth'"):
        parse_expression("hedge_dept + 1")
    with pytest.raises(UnknownNameError):
        parse_expression("E")  # sympy's constants are not smuggled in


def test_definitions_expand_to_registry_symbols():
    defs = definitions()
    assert defs["china_lifeline"] == 10 * tri.factors["china_import_share"].symbol
    for expr in defs.values():
        assert {s.name for s in expr.free_symbols} <= set(tri.factors)
    defs["china_lifeline"] = 0  # a copy: the package's shorthands are untouched
    assert definitions()["china_lifeline"] != 0


# --------------------------------------------------------------------- Term
def test_term_construction_and_queries():
    t = Term(id="t", player="Russia", when={"US": "engage", "China": ["reward", "hold"]},
             expression="2 * sanctions_relief", description="test", sources=())
    assert isinstance(t.when, Conditions) and t.when["US"] == ("engage",)
    assert t.factors == ("sanctions_relief",)
    assert t.applies({"US": "engage", "Russia": "pivot", "China": "hold"})
    assert not t.applies({"US": "pressure", "Russia": "pivot", "China": "hold"})
    assert t.value({"sanctions_relief": 0.25, "unused": 3}) == 0.5
    with pytest.raises(InvalidTermError, match="needs a value for factor 'sanctions_relief'"):
        t.value({})
    assert hash(t) == hash(Term(id="t", player="Russia", when={"US": ["engage"],
                                "China": ("reward", "hold")}, expression="2*sanctions_relief",
                                description="test"))
    # a plain sympy symbol with a registry name becomes the registry's symbol
    plain = Term(id="p", player="US", expression=sympy.Symbol("hedge_depth") * 3)
    assert plain.expression == 3 * tri.factors["hedge_depth"].symbol
    swapped = t.with_expression("sanctions_relief")
    assert swapped.expression == tri.factors["sanctions_relief"].symbol
    for bad in [dict(id="bad id", player="US"), dict(id="x", player=""),
                dict(id="x", player="US", expression=[1]),
                dict(id="x", player="US", when={"US": []})]:
        with pytest.raises(InvalidTermError):
            Term(**bad)
    with pytest.raises(UnknownNameError):
        Term(id="x", player="US", when={"China": "@unknown"}).resolve(CHINA_GROUPS["russia"])


# --------------------------------------------------------------------- build_game
def test_build_game_sums_the_terms_that_apply():
    a = Term(id="a", player="P", when={"Q": "l"}, expression="arms_control")
    b = Term(id="b", player="P", expression="hedge_depth")
    c = Term(id="c", player="Q", when={"P": "x", "Q": "r"}, expression="-deterrence")
    g = build_game([a, b, c], players=("P", "Q"), strategies=(("x", "y"), ("l", "r")))
    ac, hd, de = (tri.factors[i].symbol for i in ("arms_control", "hedge_depth", "deterrence"))
    assert list(g.payoffs[0].flat) == [ac + hd, hd, ac + hd, hd]
    assert list(g.payoffs[1].flat) == [0, -de, 0, 0]
    assert g.terms == (a, b, c)
    assert g.subs(tri.factors.baseline()).terms == (a, b, c)
    assert g.restrict({"P": ["x"]}).terms == (a, b, c)


def test_build_game_refuses_terms_that_do_not_fit():
    players, strategies = ("P", "Q"), (("x", "y"), ("l",))
    with pytest.raises(UnknownNameError, match="did you mean 'P'"):
        build_game([Term(id="a", player="PP", expression="1")], players, strategies)
    with pytest.raises(UnknownNameError):
        build_game([Term(id="a", player="P", when={"R": "x"}, expression="1")], players, strategies)
    with pytest.raises(UnknownNameError, match="term 'a'"):
        build_game([Term(id="a", player="P", when={"P": "z"}, expression="1")], players, strategies)
    with pytest.raises(InvalidTermError, match="strategy group"):
        grouped = Term(id="a", player="P", when={"P": "@g"}, expression="1")
        build_game([grouped], players, strategies)
    t = Term(id="a", player="P", expression="1")
    with pytest.raises(InvalidTermError, match="more than once"):
        build_game([t, t], players, strategies)
    with pytest.raises(InvalidTermError, match="one tuple"):
        build_game([t], players, strategies[:1])
    with pytest.raises(InvalidTermError, match="Term objects"):
        build_game(["a"], players, strategies)  # type: ignore[list-item]


# --------------------------------------------------------------------- user changes
def _cells_where(term: Term) -> list[tuple[int, ...]]:
    out = []
    for cell in np.ndindex(3, 3, 3):
        profile = {p: STRATEGIES[k][j] for k, (p, j) in enumerate(zip(PLAYERS, cell))}
        if term.applies(profile):
            out.append(cell)
    return out


def test_swap_a_term_changes_exactly_its_cells():
    base = simultaneous()
    old = next(t for t in simultaneous_terms() if t.id == "ru_antagonism_push")
    new = old.with_expression("3 * antagonism_push")
    game = simultaneous(terms=replace_terms(load_terms(), new))
    diff = game.payoffs - base.payoffs
    x = tri.factors["antagonism_push"].symbol
    i = PLAYERS.index("Russia")
    changed = {cell for cell in np.ndindex(3, 3, 3) if sympy.simplify(diff[(i, *cell)]) != 0}
    assert changed == set(_cells_where(old))
    assert all(sympy.simplify(diff[(i, *c)] - 2 * x) == 0 for c in changed)
    assert all(sympy.simplify(d) == 0 for k, d in np.ndenumerate(diff) if k[0] != i)
    assert simultaneous() is base  # the package's model is untouched


def test_drop_a_term_and_change_a_weight():
    dropped = simultaneous(terms=drop_terms(load_terms(), "ru_autonomy_lost_to_us"))
    assert "strategic_autonomy" not in dropped.factors
    with pytest.raises(UnknownNameError, match="did you mean"):
        drop_terms(load_terms(), "ru_autonomy_lost_to_usa")
    with pytest.raises(UnknownNameError):
        replace_terms(load_terms(), Term(id="not_there", player="US", expression="1"))
    # a weight is a value, not code: change it in a scenario
    s = tri.scenarios["baseline"].with_values({"strategic_autonomy": 0.0}, allow_out_of_range=True)
    u0 = tri.scenarios["baseline"].game().payoffs
    u1 = s.game().payoffs
    r = PLAYERS.index("Russia")
    assert np.allclose(u1[r, :, 0] - u0[r, :, 0], tri.factors["strategic_autonomy"].value)
    assert np.allclose(u1[r, :, 1:], u0[r, :, 1:])


def test_user_terms_may_use_china_groups():
    extra = Term(id="cn_extra", player="China", when={"China": "@cuts_russia"},
                 expression="-china_reputational_gain", description="a user's own term")
    g_russia = simultaneous("russia", terms=(*load_terms(), extra))
    g_us = simultaneous("us", terms=(*load_terms(), extra))
    assert "cn_extra" in {t.id for t in g_russia.terms}
    assert "cn_extra" not in {t.id for t in g_us.terms}  # no strategy cuts Russia in 002's reading


# --------------------------------------------------------------------- premises (issue 9)
def test_every_shipped_term_states_its_premises():
    from triangle.models.terms import premises

    known = premises()
    for t in TERMS:
        assert t.requires, f"{t.id} states no premise (requires = [...])"
        assert set(t.requires) <= set(known), t.id


@pytest.mark.parametrize("variant", ["russia", "us"])
def test_when_respects_every_stated_premise(variant):
    # A term applies only where its premise holds: e.g. no China trade after a pivot,
    # no dependence cost on a China that has cut Russia off.
    for t in TERMS:
        assert t.violations(PLAYERS, STRATEGIES, CHINA_GROUPS[variant]) == [], t.id


def test_violations_catch_a_term_applied_where_its_premise_is_false():
    # The nine misapplications issue 9 lists, as they were: each must be caught.
    old = {
        "cn_trade": ({"China": ["@keeps_ties"]}, "china_tie"),
        "ru_china_lifeline": ({"China": ["@keeps_ties"]}, "china_tie"),
        "ru_dependence_on_china": ({"Russia": ["hedge", "stay"]}, "china_tie"),
        "ru_opportunism_deterred": ({"US": ["condition", "pressure"]}, "us_conditions"),
        "cn_alternative_partners": ({"China": ["@cuts_russia"]}, "russia_breaks"),
    }
    for tid, (when, premise) in old.items():
        t = Term(id=tid, player="China", when=when, expression="1", requires=(premise,))
        assert t.violations(PLAYERS, STRATEGIES, CHINA_GROUPS["russia"]), tid


def test_assumed_terms_give_a_reason():
    for t in TERMS:
        assert t.provenance in ("cited", "assumed")
        if t.provenance == "assumed":
            assert len(t.reason) > 40, t.id
    with pytest.raises(InvalidTermError, match="reason"):
        Term(id="x", player="US", expression="1", provenance="assumed")


# --------------------------------------------------------------------- China's offer (issue 9)
def _reward_gain(variant: str) -> np.ndarray:
    """Each player's payoff of China's reward minus its hold, per cell (player, US, Russia),
    over random points of the plausible box."""
    g = simultaneous(variant)
    rng = np.random.default_rng(9)
    pts = {f.id: rng.uniform(f.low, f.high, 2_000) for f in tri.factors.values()}
    u = tri.sweep(g, pts)  # (K, 3, 3, 3, 3)
    cn = STRATEGIES[2]
    return u[..., cn.index("reward")] - u[..., cn.index("hold")]


@pytest.mark.parametrize("variant", ["russia", "us"])
def test_chinas_reward_is_a_conditional_offer(variant):
    """Issue 9 item 3: the reward pays a staying Russia more than a hedging one, and a
    pivoting one nothing, under every US move and everywhere in the box."""
    gain = _reward_gain(variant)[:, 1]  # Russia's, (K, US, Russia)
    pivot, hedge, stay = (STRATEGIES[1].index(r) for r in ("pivot", "hedge", "stay"))
    assert np.allclose(gain[..., pivot], 0)
    assert (gain[..., stay] > gain[..., hedge]).all()
    assert (gain[..., hedge] > 0).all()


def test_china_gains_from_what_the_reward_keeps_not_from_paying_it():
    """China's own payoff never rises by rewarding rather than holding in the same cell: its
    gain from a reward can only come from changing what Russia does (the china_first tree)."""
    gain = _reward_gain("russia")[:, 2]  # China's, (K, US, Russia)
    assert (gain < 0).all()
