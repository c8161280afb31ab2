"""Dittmer's strategic triangle: classification, the amity game, outcomes of the models."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import triangle as tri
from triangle.errors import UnknownNameError
from triangle.models.dittmer import (
    CONFIGURATIONS,
    MODEL_PLAYERS,
    MODEL_STANCES,
    ROLE_RANK,
    ROLE_SCORES,
    ROLES,
    STANCE_SOURCES,
    InvalidRelationsError,
    Triangle,
    amity_game,
    classify,
    configuration_distribution,
    configuration_of,
    model_stances,
    triangles,
)

# Signs for (US-Russia, US-China, Russia-China) -> expected configuration, roles, scores,
# balance; written out by hand from Dittmer (1981, 1987) and Wu (1996).
EXPECTED = {
    (1, 1, 1): ("menage_a_trois", ("friend", "friend", "friend"), (1, 1, 1), True),
    (1, 1, -1): ("romantic_triangle", ("pivot", "wing", "wing"), (3, -1, -1), False),
    (1, -1, 1): ("romantic_triangle", ("wing", "pivot", "wing"), (-1, 3, -1), False),
    (-1, 1, 1): ("romantic_triangle", ("wing", "wing", "pivot"), (-1, -1, 3), False),
    (1, -1, -1): ("stable_marriage", ("partner", "partner", "outcast"), (1, 1, -3), True),
    (-1, 1, -1): ("stable_marriage", ("partner", "outcast", "partner"), (1, -3, 1), True),
    (-1, -1, 1): ("stable_marriage", ("outcast", "partner", "partner"), (-3, 1, 1), True),
    (-1, -1, -1): ("unit_veto", ("foe", "foe", "foe"), (-1, -1, -1), False),
}


def relations(signs, players=MODEL_PLAYERS):
    a, b, c = players
    return {(a, b): signs[0], (a, c): signs[1], (b, c): signs[2]}


# --------------------------------------------------------------------- classify
@pytest.mark.parametrize("signs", sorted(EXPECTED))
def test_every_sign_pattern(signs):
    config, roles, scores, balanced = EXPECTED[signs]
    t = classify(relations(signs))
    assert t.configuration == config
    assert t.roles == dict(zip(MODEL_PLAYERS, roles))
    assert t.scores == dict(zip(MODEL_PLAYERS, scores))
    assert t.balanced is balanced
    assert t.players == MODEL_PLAYERS and t.signs == signs
    assert config in repr(t) and t.describe().endswith(("(balanced).", "(unbalanced)."))


def test_triangles_lists_the_eight_patterns_once():
    seen = list(triangles())
    assert len(seen) == len(set(seen)) == 8
    assert {t.signs for t in seen} == set(EXPECTED)
    assert [sum(t.configuration == c for t in seen) for c in CONFIGURATIONS] == [1, 3, 3, 1]


@pytest.mark.parametrize("signs", sorted(EXPECTED))
def test_pairs_in_either_order_and_any_insertion_order(signs):
    base = classify(relations(signs))
    items = list(relations(signs).items())
    for perm in itertools.permutations(items):
        for flips in itertools.product((False, True), repeat=3):
            given_ = {(k[::-1] if f else k): v for (k, v), f in zip(perm, flips)}
            t = classify(given_, players=MODEL_PLAYERS)
            assert t == base and hash(t) == hash(base)
            unordered = classify(given_)  # player order from the keys; same roles
            assert unordered.roles == base.roles and unordered.scores == base.scores


def test_relation_lookup_and_properties():
    t = classify({("US", "Russia"): 1, ("Russia", "China"): 1, ("US", "China"): -1})
    assert t.relation("China", "Russia") == t.relation("Russia", "China") == 1
    assert t.relation("US", "China") == -1
    assert t.pivot == "Russia" and t.outcast is None
    assert t.relations == {("US", "Russia"): 1, ("US", "China"): -1, ("Russia", "China"): 1}
    with pytest.raises(KeyError, match="did you mean"):
        t.relation("USA", "China")
    with pytest.raises(InvalidRelationsError):
        t.relation("US", "US")


BAD = [
    ({("US", "Russia"): 1, ("US", "China"): -1}, "no sign for the pair"),
    ({("US", "Russia"): 1, ("US", "China"): 1, ("Russia", "China"): 1, ("US", "EU"): 1}, "three"),
    ({("US", "Russia"): 1}, "three players"),
    ({("US", "Russia"): 1, ("Russia", "US"): 1, ("US", "China"): 1}, "given twice"),
    ({("US", "US"): 1, ("US", "China"): 1, ("Russia", "China"): 1}, "two different players"),
    ({("US", "Russia", "China"): 1}, "pair of player names"),
    ({"US-Russia": 1}, "pair of player names"),
    ({("US", 3): 1}, "non-empty strings"),
    ({}, "three players"),
]


@pytest.mark.parametrize(("rel", "message"), BAD)
def test_malformed_relations(rel, message):
    with pytest.raises(InvalidRelationsError, match=message) as info:
        classify(rel)
    assert isinstance(info.value, ValueError) and isinstance(info.value, tri.TriangleError)


@pytest.mark.parametrize("value", [0, 2, -2, 0.5, True, False, "1", None, 1j, np.bool_(True)])
def test_values_other_than_plus_minus_one(value):
    rel = {("US", "Russia"): value, ("US", "China"): 1, ("Russia", "China"): 1}
    with pytest.raises(ValueError, match=r"expected \+1 \(amity\) or -1 \(enmity\)"):
        classify(rel)


def test_integer_like_values_are_accepted():
    t = classify({("A", "B"): np.int64(1), ("A", "C"): -1.0, ("B", "C"): Fraction(-1)})
    assert t.signs == (1, -1, -1) and all(type(s) is int for s in t.signs)


def test_not_a_mapping_and_wrong_players():
    with pytest.raises(InvalidRelationsError, match="mapping"):
        classify([(("A", "B"), 1)])
    with pytest.raises(InvalidRelationsError, match="do not match"):
        classify(relations((1, 1, 1)), players=("US", "Russia", "India"))
    with pytest.raises(InvalidRelationsError):
        Triangle(("A", "A", "B"), (1, 1, 1))
    with pytest.raises(InvalidRelationsError):
        Triangle(("A", "B", "C"), (1, 1, 0))


names = st.text(alphabet="abcdefghij", min_size=1, max_size=4)
sign = st.sampled_from([1, -1])


@settings(max_examples=60, deadline=None)
@given(st.lists(names, min_size=3, max_size=3, unique=True), st.tuples(sign, sign, sign))
def test_properties_of_any_triangle(players, signs):
    t = classify(relations(signs, players))
    # each relation counts +1 for its two members and -1 for the third
    assert sum(t.scores.values()) == sum(signs)
    assert t.balanced == (t.configuration in ("menage_a_trois", "stable_marriage"))
    assert t.balanced == (np.prod(signs) > 0)
    for p in players:
        assert t.scores[p] == ROLE_SCORES[t.roles[p]]
    # Wu's ranking is the order of the scores
    for p, q in itertools.permutations(players, 2):
        assert (ROLE_RANK[t.roles[p]] > ROLE_RANK[t.roles[q]]) == (t.scores[p] > t.scores[q])
    assert t.n_amity == 3 - CONFIGURATIONS.index(t.configuration)


def test_role_constants_agree():
    assert set(ROLES) == set(ROLE_SCORES) == set(ROLE_RANK)
    ranks = [ROLE_RANK[r] for r in ROLES]
    assert ranks == sorted(ranks, reverse=True)
    assert ROLE_RANK["friend"] == ROLE_RANK["partner"] and ROLE_RANK["wing"] == ROLE_RANK["foe"]
    assert ROLE_RANK["pivot"] > ROLE_RANK["friend"] > ROLE_RANK["wing"] > ROLE_RANK["outcast"]


# --------------------------------------------------------------------- the amity game
def _pattern(eq):
    return configuration_of(eq).signs


def test_amity_game_equilibria_are_the_eight_patterns():
    g = amity_game()
    assert g.shape == (4, 4, 4) and g.players == MODEL_PLAYERS
    eqs = tri.pure_equilibria(g)
    assert sorted(_pattern(e) for e in eqs) == sorted(EXPECTED)
    for e in eqs:
        assert tri.is_equilibrium(g, e.profile, tol=0)
        # payoffs are the role scores of the triangle reached
        t = configuration_of(e)
        assert list(e.payoffs) == [ROLE_SCORES[t.roles[p]] for p in g.players]
        # in equilibrium both sides of every pair choose the same stance
        stances = [s[0].split("/") for s in e.support]
        for (i, j), (a, b) in zip(((0, 1), (0, 2), (1, 2)), ((0, 0), (1, 0), (1, 1))):
            assert stances[i][a] == stances[j][b]


def test_amity_weakly_dominates_without_cost():
    u = amity_game().payoffs.astype(float)
    for i in range(3):
        ui = np.moveaxis(u[i], i, 0)  # own strategy first
        assert (ui[0] >= ui[1:]).all()  # "amity/amity" is weakly dominant
        assert (ui[0] > ui[1:]).any(axis=tuple(range(1, ui.ndim))).all()


def test_unrequited_cost_makes_every_equilibrium_strict():
    g = amity_game(unrequited_cost=Fraction(1, 2))
    eqs = tri.pure_equilibria(g)
    assert sorted(_pattern(e) for e in eqs) == sorted(EXPECTED)
    u = g.payoffs
    for e in eqs:
        cell = tuple(int(np.argmax(p)) for p in e.profile)
        for i in range(3):
            own = list(cell)
            others = [u[(i, *own[:i], s, *own[i + 1 :])] for s in range(4) if s != cell[i]]
            assert max(others) < u[(i, *cell)]


def test_either_formation_leaves_only_the_menage_a_trois():
    eqs = tri.pure_equilibria(amity_game(formation="either"))
    configs = {configuration_of(e, formation="either").configuration for e in eqs}
    assert eqs and configs == {"menage_a_trois"}
    # read with the wrong rule, the same profiles are other configurations
    assert {configuration_of(e).configuration for e in eqs} != {"menage_a_trois"}
    with pytest.raises(InvalidRelationsError):
        configuration_of(eqs[0], formation="both")


def test_role_values_below_outcast_for_wings_remove_romantic_triangles():
    # a wing worse off than an outcast: wings break with the pivot
    eqs = tri.pure_equilibria(amity_game(role_values={"wing": -5}))
    patterns = {_pattern(e) for e in eqs}
    assert patterns == {s for s in EXPECTED if EXPECTED[s][0] != "romantic_triangle"}


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(-20, 20), min_size=4, max_size=4, unique=True))
def test_any_valuation_in_wus_order_keeps_all_eight_patterns(levels):
    top, mid, low, bottom = sorted(levels, reverse=True)
    values = {"pivot": top, "friend": mid, "partner": mid, "wing": low, "foe": low}
    values["outcast"] = bottom
    eqs = tri.pure_equilibria(amity_game(role_values=values))
    assert sorted(_pattern(e) for e in eqs) == sorted(EXPECTED)


def test_symbolic_role_values():
    v = sympy.Symbol("v_pivot")
    g = amity_game(role_values={"pivot": v})
    assert g.is_symbolic and set(g.factors) == {"v_pivot"}
    assert np.array_equal(g.subs({"v_pivot": 3}).payoffs, amity_game().payoffs)


def test_amity_game_arguments():
    with pytest.raises(KeyError, match="did you mean 'pivot'"):
        amity_game(role_values={"pivott": 1})
    with pytest.raises(InvalidRelationsError):
        amity_game(formation="both")
    with pytest.raises(InvalidRelationsError):
        amity_game(("A", "B"))
    with pytest.raises(InvalidRelationsError):
        amity_game(unrequited_cost=True)


def test_amity_game_mixed_equilibria_all_or_nothing():
    """Each player offers amity to both or to neither (the 2x2x2 sub-game).

    With cost 1 for each unreturned offer, if the others offer with probability p:
    U(offer) = p^2 * 1 + 2p(1-p) * (1 - 1) + (1-p)^2 * (-1 - 2) and
    U(refuse) = p^2 * (-3) + (1 - p^2) * (-1), equal at p = 1/3.
    """
    pytest.importorskip("triangle.solvers.support_enumeration")
    g = amity_game(unrequited_cost=1).restrict([["amity/amity", "enmity/enmity"]] * 3)
    eqs = tri.equilibria(g)
    assert len(eqs) == 3
    assert {configuration_of(e).configuration for e in eqs if e.is_pure} == {
        "menage_a_trois",
        "unit_veto",
    }
    (mixed,) = [e for e in eqs if not e.is_pure]
    for p in mixed.profile:
        assert np.allclose(p, [1 / 3, 2 / 3], atol=1e-9)
    assert np.allclose(mixed.payoffs, -1 - 2 / 9)
    dist = configuration_distribution(mixed)
    assert abs(sum(dist.values()) - 1) < 1e-12
    # all three pairs in amity needs all three to offer: (1/3)^3
    menage = [p for t, p in dist.items() if t.configuration == "menage_a_trois"]
    assert np.isclose(menage[0], 1 / 27)
    assert tri.is_equilibrium(g, mixed.profile, tol=1e-9)


# --------------------------------------------------------------------- outcomes of the models
def expected_signs(us, russia, china):
    """The documented mapping, re-stated independently of MODEL_STANCES."""
    us_russia = us in ("engage", "condition") and russia in ("pivot", "hedge")
    russia_china = russia in ("hedge", "stay") and china != "punish"
    return (1 if us_russia else -1, -1, 1 if russia_china else -1)


MODEL_PROFILES = list(itertools.product(*(list(MODEL_STANCES[p]) for p in MODEL_PLAYERS)))


@pytest.mark.parametrize("profile", MODEL_PROFILES)
def test_model_outcomes_map_as_documented(profile):
    t = configuration_of(profile)
    assert t.players == MODEL_PLAYERS and t.signs == expected_signs(*profile)
    assert configuration_of(dict(zip(MODEL_PLAYERS, profile))) == t
    reordered = {"China": profile[2], "US": profile[0], "Russia": profile[1]}
    assert configuration_of(reordered) == t


def test_model_outcomes_named_cases():
    assert configuration_of(("engage", "hedge", "reward")).pivot == "Russia"
    pivot = configuration_of(("engage", "pivot", "punish"))
    assert pivot.configuration == "stable_marriage" and pivot.outcast == "China"
    stay = configuration_of(("condition", "stay", "hold"))
    assert stay.configuration == "stable_marriage" and stay.outcast == "US"
    assert configuration_of(("pressure", "pivot", "hold")).configuration == "unit_veto"


def model_shaped_game(seed=0):
    rng = np.random.default_rng(seed)
    return tri.NormalFormGame(
        rng.normal(size=(3, 3, 3, 3)),
        players=MODEL_PLAYERS,
        strategies=[list(MODEL_STANCES[p]) for p in MODEL_PLAYERS],
    )


def test_equilibria_indices_and_mixed_profiles():
    g = model_shaped_game()
    for e in tri.pure_equilibria(g):
        names = [s[0] for s in e.support]
        assert configuration_of(e) == configuration_of(names)
    assert configuration_of((0, 1, 2), game=g) == configuration_of(("engage", "hedge", "punish"))
    mixed = ([0.2, 0.5, 0.3], [0.1, 0.3, 0.6], [1, 0, 0])
    assert configuration_of(mixed, game=g) == configuration_of(("condition", "stay", "reward"))
    eq = tri.Equilibrium.from_profile(g, tuple(np.asarray(v, dtype=float) for v in mixed))
    assert configuration_of(eq) == configuration_of(("condition", "stay", "reward"))
    dist = configuration_distribution(eq)
    assert abs(sum(dist.values()) - 1) < 1e-12
    # brute force: the probability of each triangle over all 27 profiles
    brute: dict[Triangle, float] = {}
    for cell in itertools.product(range(3), repeat=3):
        p = float(np.prod([mixed[k][j] for k, j in enumerate(cell)]))
        if p:
            t = configuration_of(cell, game=g)
            brute[t] = brute.get(t, 0) + p
    assert dist.keys() == brute.keys()
    assert all(abs(dist[t] - brute[t]) < 1e-12 for t in dist)


def test_exact_distribution():
    g = model_shaped_game()
    half = [Fraction(0), Fraction(1, 2), Fraction(1, 2)]
    dist = configuration_distribution(("engage", half, "hold"), game=g)
    assert all(isinstance(p, Fraction) for p in dist.values()) and sum(dist.values()) == 1


def test_amity_game_outcomes_and_custom_stances():
    t = configuration_of(("amity/amity", "amity/enmity", "amity/enmity"), players=("A", "B", "C"))
    assert t.pivot == "A"
    stances = {p: {"x": {q: 1 for q in "ABC" if q != p}} for p in "ABC"}
    t = configuration_of({"A": "x", "B": "x", "C": "x"}, stances=stances)
    assert t.configuration == "menage_a_trois"


def test_unknown_strategies_and_bad_outcomes():
    with pytest.raises(KeyError, match="did you mean 'pivot'"):
        configuration_of(("engage", "pivott", "hold"))
    with pytest.raises(tri.InvalidProfileError):
        configuration_of(("engage", "pivot"))
    with pytest.raises(tri.InvalidProfileError):
        configuration_of({"US": "engage", "Russia": "pivot"})
    with pytest.raises(tri.InvalidProfileError, match="game="):
        configuration_of((0, 1, 2))
    with pytest.raises(InvalidRelationsError, match="no stance toward"):
        configuration_of({"A": "x", "B": "x", "C": "x"}, stances={p: {"x": {}} for p in "ABC"})


def test_every_model_strategy_has_a_cited_stance():
    covered = {(s.player, strategy) for s in STANCE_SOURCES for strategy in s.strategies}
    for reading in ("russia", "us"):
        for player, row in model_stances(reading).items():
            for strategy in row:
                assert (player, strategy) in covered


def test_outcomes_of_the_simultaneous_model():
    models = pytest.importorskip("triangle.models")
    for reading in models.CHINA_PUNISHES:
        g = models.simultaneous(china_punishes=reading)
        assert g.players == MODEL_PLAYERS
        table = model_stances(reading)
        for player, names in zip(g.players, g.strategies):
            assert set(names) == set(table[player]), "a model strategy has no documented stance"
        # China's stance toward Russia follows the model's own groups of strategies
        keeps = set(models.CHINA_GROUPS[reading]["@keeps_ties"])
        for strategy, stance in table["China"].items():
            assert (stance["Russia"] == 1) == (strategy in keeps), (reading, strategy)
    for scenario in tri.scenarios.values():
        reading = scenario.options.get("china_punishes", "russia")
        g = models.simultaneous(**scenario.options).subs(scenario.values)
        for e in tri.pure_equilibria(g):
            t = configuration_of(e, china_punishes=reading)
            assert t.configuration in CONFIGURATIONS
            assert t.relation("US", "China") == -1


def test_the_two_readings_of_punish():
    russia = configuration_of(("engage", "hedge", "punish"))
    us = configuration_of(("engage", "hedge", "punish"), china_punishes="us")
    assert russia.configuration == "stable_marriage" and russia.outcast == "China"
    assert us.configuration == "romantic_triangle" and us.pivot == "Russia"
    with pytest.raises(InvalidRelationsError, match="'russia' or 'us'"):
        model_stances("china")


# --------------------------------------------------------------------- one home per idea
def test_the_0_1_names_and_their_new_home():
    """Theory in models.dittmer, the model's stances in models.configurations; the 0.1 paths
    (triangle.dittmer, triangle.models.dittmer) still give every name, as the same object."""
    import triangle.dittmer as shim
    from triangle.models import configurations, dittmer

    for name in configurations.__all__:
        assert getattr(shim, name) is getattr(dittmer, name) is getattr(configurations, name)
    for name in dittmer.__all__:
        assert getattr(shim, name) is getattr(dittmer, name)
    assert set(shim.__all__) == set(dittmer.__all__) >= set(configurations.__all__)
    assert dittmer.MODEL_PLAYERS is tri.models.PLAYERS  # one definition of the players
    with pytest.raises(AttributeError):
        dittmer.no_such_name  # noqa: B018


def test_stance_sources_are_the_data_file_verbatim():
    from triangle.models import PLAYERS, STRATEGIES
    from triangle.registries import load_toml

    raw = load_toml("stances.toml").entries("source", kind="stance source", key="quote")
    assert [
        (e["player"], tuple(e["strategies"]), e["stance"], e["file"], e["quote"]) for e in raw
    ] == [(s.player, s.strategies, s.stance, s.file, s.quote) for s in STANCE_SOURCES]
    for s in STANCE_SOURCES:
        assert set(s.strategies) <= set(STRATEGIES[PLAYERS.index(s.player)])
    assert {p: set(row) for p, row in MODEL_STANCES.items()} == {
        p: set(names) for p, names in zip(PLAYERS, STRATEGIES)
    }


@given(st.sampled_from([1, -1]), st.sampled_from([1, -1]), st.sampled_from(["mutual", "either"]))
def test_amity_names_and_relations(x, y, formation):
    from triangle.models.dittmer import amity_stances, amity_strategy, form_relation

    assert amity_stances(amity_strategy(x, y)) == (x, y)
    expected = min(x, y) if formation == "mutual" else max(x, y)
    assert form_relation(x, y, formation) == expected == form_relation(y, x, formation)
    with pytest.raises(InvalidRelationsError, match="formation"):
        form_relation(x, y, "both")


# --------------------------------------------------------------------- the third seat
def test_the_us_stance_toward_the_third_seat_comes_from_the_world():
    """Issue 9, item 4: US-China relations are not hostile by fiat; the 1972 mirror's
    world (detente) lets Dittmer's romantic triangle with the US as pivot appear."""
    from triangle.models.configurations import WORLD_STANCES, configuration_of, us_china_stance

    assert us_china_stance("baseline") == us_china_stance("petrenko_002") == -1
    assert us_china_stance("1972") == us_china_stance(tri.scenarios["1972"]) == 1
    assert WORLD_STANCES["2025"].provenance == "cited"
    assert WORLD_STANCES["1972"].provenance == "assumed" and WORLD_STANCES["1972"].reason
    # the default (2025) reading is unchanged
    assert configuration_of(("condition", "hedge", "hold")).pivot == "Russia"
    t = configuration_of(("condition", "pivot", "hold"), us_china="1972")
    assert (t.configuration, t.pivot) == ("romantic_triangle", "US")
    assert configuration_of(("condition", "pivot", "hold"), us_china=-1).configuration == (
        "stable_marriage")
    # amity both ways: every outcome where the US courts and Russia hedges is a menage
    t = configuration_of(("engage", "hedge", "hold"), us_china="amity")
    assert t.configuration == "menage_a_trois"
    dist = configuration_distribution(("condition", "pivot", "hold"), us_china="1972")
    assert [tri_.pivot for tri_ in dist] == ["US"]
    with pytest.raises(UnknownNameError, match="did you mean '1972'"):
        us_china_stance("1973")
    with pytest.raises(InvalidRelationsError):
        us_china_stance(0.5)


def test_the_us_stance_reaches_every_configuration():
    """With the third seat's relation free, all four configurations arise from outcomes."""
    from triangle.models.configurations import configuration_of

    seen = {
        configuration_of(cell, us_china=sign).configuration
        for sign in (1, -1)
        for cell in itertools.product(*tri.models.STRATEGIES)
    }
    assert seen == set(CONFIGURATIONS)


def test_the_1972_ablation_table_in_the_docs_is_the_script_output():
    """docs/explanation/dittmer.md shows scripts/ablation_1972.py's output, as measured."""
    import runpy

    from tests.paths import DOCS, REPO

    script = runpy.run_path(str(REPO / "scripts" / "ablation_1972.py"))
    text = (DOCS / "explanation" / "dittmer.md").read_text(encoding="utf-8")
    shown = text.split("<!-- ablation_1972 begin -->\n")[1].split("\n<!-- ablation_1972 end -->")[0]
    assert shown == script["markdown"]()


def test_the_1972_path_does_not_depend_on_the_soviet_offers():
    """What dittmer.md and scenarios.toml say: the US-first path does not depend on the
    Soviet offers in the world's range (0 to 0.2), the other offer at 0.01. Since relief
    pays the steps on the conditions instead of a realignment (issue 9 item 3c) the
    courted power hedges there at every offer (before, it pivoted at every offer)."""
    import runpy

    from tests.paths import REPO

    realignment = runpy.run_path(str(REPO / "scripts" / "ablation_1972.py"))["realignment"]
    s = tri.scenarios["1972"]
    for fid in ("power_of_siberia_2", "military_cooperation"):
        grid = np.array([0.0, 0.01, 0.08, 0.09, 0.2])
        values = {k: np.full(grid.size, v) for k, v in s.values.items()}
        values[fid] = grid
        assert realignment(values, s)["us_first"].tolist() == [False] * grid.size
