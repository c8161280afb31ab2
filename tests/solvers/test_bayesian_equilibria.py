"""Bayesian Nash equilibria: textbook games, properties, and pygambit's answers."""

import json
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import triangle as tri
from tests.games.test_bayesian import bayesian_games, bos
from tests.paths import DATA
from triangle.errors import (
    InvalidGameError,
    InvalidProfileError,
    SymbolicGameError,
    UnknownNameError,
    UnsupportedGameError,
)
from triangle.games.bayesian import plans
from triangle.solvers.bayesian import as_behaviour, interim_regret

F = Fraction


def behaviours(eqs):
    """Each equilibrium as a tuple of (player, type, probabilities) for set comparisons."""
    return {
        tuple(
            (p, t, tuple(F(x) if isinstance(x, F) else round(float(x), 9) for x in v))
            for p, by_type in eq.strategy.items()
            for t, v in by_type.items()
        )
        for eq in eqs
    }


def entry_game(p_high):
    """Fudenberg and Tirole (1991), example 6.1."""
    u = [[[[0, 2], [2, 3]], [[F(3, 2), F(7, 2)], [2, 3]]], [[[-1, 0], [1, 0]], [[-1, 0], [1, 0]]]]
    return tri.BayesianGame(
        [[[x] for x in player] for player in u],
        prior=[[p_high], [1 - p_high]],
        players=("Incumbent", "Entrant"),
        types=(("high", "low"), ("-",)),
        actions=(("build", "not"), ("enter", "out")),
    )


# --------------------------------------------------------------------------- textbook games
def test_bayesian_battle_of_the_sexes():
    """Osborne (2004), 273.1: one pure BNE and two mixed ones, checked here by hand.

    Pure: P1 plays B, the 'meet' type B and the 'avoid' type S (P1 then meets half the
    time: B earns 1 against S's 1/2). Mixed: (i) P1 plays B with 2/3, which makes 'meet'
    indifferent (2/3 = 2 * 1/3) while 'avoid' plays S (4/3 > 1/3); 'meet' plays B with
    2/3, so P2 plays B with 1/3 overall and P1 is indifferent (2/3 = 2/3). (ii) P1 plays
    B with 1/3: 'meet' plays S (4/3 > 1/3), 'avoid' is indifferent (2/3 = 2/3) and plays
    B with 2/3, so P2 again plays B with 1/3 overall.
    """
    eqs = tri.bayesian_equilibria(bos(), exact=True)
    expected = [
        {"P1": {"-": [1, 0]}, "P2": {"meet": [1, 0], "avoid": [0, 1]}},
        {"P1": {"-": [F(2, 3), F(1, 3)]}, "P2": {"meet": [F(2, 3), F(1, 3)], "avoid": [0, 1]}},
        {"P1": {"-": [F(1, 3), F(2, 3)]}, "P2": {"meet": [0, 1], "avoid": [F(2, 3), F(1, 3)]}},
    ]

    def canonical(strategy):
        return tuple(
            (p, t, tuple(F(x) for x in v)) for p, d in strategy.items() for t, v in d.items()
        )

    assert {canonical(eq.strategy) for eq in eqs} == {canonical(e) for e in expected}
    assert not eqs.degenerate and eqs.method == "vertex_enumeration on the Harsanyi form"
    pure = tri.bayesian_equilibria(bos(), method="pure")
    assert [eq.as_dict() for eq in pure] == [
        {"P1": {"-": {"B": 1.0}}, "P2": {"meet": {"B": 1.0}, "avoid": {"S": 1.0}}}
    ]
    first = next(eq for eq in eqs if eq.is_pure)
    assert first.payoffs.tolist() == [F(1), F(3, 2)]
    assert first.interim_payoffs == {"P1": {"-": F(1)}, "P2": {"meet": F(1), "avoid": F(2)}}


@pytest.mark.parametrize("p_high", [F(1, 4), F(1, 3), F(2, 5)])
def test_entry_game_below_one_half(p_high):
    """Two pure BNE and a mixed one: the low type builds with 1/(2(1-p)), entry with 1/2."""
    eqs = tri.bayesian_equilibria(entry_game(p_high), exact=True)
    got = {
        (tuple(eq.strategy["Incumbent"]["high"]), tuple(eq.strategy["Incumbent"]["low"]),
         tuple(eq.strategy["Entrant"]["-"]))
        for eq in eqs
    }
    x = 1 / (2 * (1 - p_high))
    assert got == {
        ((0, 1), (1, 0), (0, 1)),      # the low type builds and deters entry
        ((0, 1), (0, 1), (1, 0)),      # nobody builds, the entrant enters
        ((0, 1), (x, 1 - x), (F(1, 2), F(1, 2))),
    }


def test_entry_game_above_one_half_has_one_equilibrium():
    eqs = tri.bayesian_equilibria(entry_game(F(3, 4)), exact=True)
    assert len(eqs) == 1
    eq = eqs[0]
    assert eq.is_pure and eq.strategy["Entrant"]["-"].tolist() == [1, 0]
    assert eq.strategy["Incumbent"]["low"].tolist() == [0, 1]


def test_float_and_exact_modes_agree():
    g = entry_game(0.25)
    assert behaviours(tri.bayesian_equilibria(g)) == {
        tuple((p, t, tuple(round(float(x), 9) for x in v)) for p, t, v in b)
        for b in behaviours(tri.bayesian_equilibria(g, exact=True))
    }


def test_correlated_types_use_the_posterior():
    """Player 1's type 't1' believes P2 is 't1' with 0.8: it follows what t1 does."""
    u = np.zeros((2, 2, 2, 2, 2))
    for t1 in range(2):
        for t2 in range(2):
            for a in range(2):
                u[0, t1, t2, a, a] = 1  # player 1 wants to match player 2's action
            u[1, t1, t2, :, t2] = 1  # player 2's type t plays action t (dominant)
    g = tri.BayesianGame(u, [[0.4, 0.1], [0.1, 0.4]])
    regret = interim_regret(g, ({"t1": "a2", "t2": "a2"}, {"t1": "a1", "t2": "a2"}))
    # t1 of player 1: posterior (0.8, 0.2): a1 earns 0.8, a2 earns 0.2
    assert regret["Player 1"] == {"t1": pytest.approx(0.6), "t2": 0.0}
    [eq] = tri.bayesian_equilibria(g, exact=True)
    assert eq.strategy["Player 1"]["t1"].tolist() == [1, 0]
    assert eq.interim_payoffs["Player 1"] == {"t1": F(4, 5), "t2": F(4, 5)}


def test_types_of_prior_zero_are_unconstrained():
    g = bos((1, 0))
    eqs = tri.bayesian_equilibria(g, exact=True)
    assert all(eq.unconstrained == (("P2", "avoid"),) for eq in eqs)
    assert all(set(eq.strategy["P2"]) == {"meet"} for eq in eqs)
    assert any("prior probability zero" in note for note in eqs.notes)
    meet = tri.equilibria(g.complete_information(("-", "meet")), exact=True)
    assert {tuple(map(tuple, e.profile)) for e in meet} == {
        (tuple(eq.strategy["P1"]["-"]), tuple(eq.strategy["P2"]["meet"])) for eq in eqs
    }


def test_a_continuum_is_reported_and_a_plan_mixture_is_not():
    rng = np.random.default_rng(50)  # has a BNE where P1's second type is indifferent
    g = tri.BayesianGame(rng.integers(-5, 6, (2, 2, 2, 2, 2)), [[0.25, 0.25], [0.25, 0.25]])
    eqs = tri.bayesian_equilibria(g, exact=True)
    assert eqs.degenerate
    assert sorted(map(len, eqs.components)) == [1, 2]
    assert any(note.startswith("continua of Bayesian") for note in eqs.notes)
    # its isolated BNE has all four types mixing: four extreme plan mixtures, one behaviour
    mixed = [eq for eq in eqs if not any(
        np.count_nonzero(v) == 1 for d in eq.strategy.values() for v in d.values())]
    assert len(mixed) == 1
    agent = tri.bayesian_equilibria(g, method="support_enumeration", exact=True)
    assert behaviours(mixed) <= behaviours(agent)
    assert agent.degenerate and any("continuum" in note for note in agent.notes)


def test_three_players_solve_on_the_agent_form():
    rng = np.random.default_rng(3)
    g = tri.BayesianGame(rng.integers(-3, 4, (3, 2, 1, 1, 2, 2, 2)), [[[0.5]], [[0.5]]])
    eqs = tri.bayesian_equilibria(g)
    assert eqs.method == "support_enumeration on the agent form"
    for eq in eqs:
        assert tri.is_bayesian_equilibrium(g, eq)
    pure_harsanyi = tri.pure_equilibria(g.to_normal_form())
    rows = [plans(t, a) for t, a in zip(g.n_types, g.n_actions)]
    mapped = {
        tuple(
            tuple(int(rows[i][int(np.argmax(p))][t]) for t in range(g.n_types[i]))
            for i, p in enumerate(e.profile)
        )
        for e in pure_harsanyi
    }
    ours = {
        tuple(
            tuple(int(np.argmax(v)) for v in eq.strategy[p].values()) for p in g.players
        )
        for eq in eqs
        if eq.is_pure
    }
    assert ours == mapped


# --------------------------------------------------------------------------- bad input
def test_bad_input_raises():
    with pytest.raises(UnknownNameError, match="unknown choice"):
        tri.bayesian_equilibria(bos(), method="lemke")
    three = tri.BayesianGame(np.zeros((3, 1, 1, 1, 2, 2, 2)), [[[1]]])
    with pytest.raises(UnsupportedGameError, match="support_enumeration"):
        tri.bayesian_equilibria(three, method="vertex_enumeration")
    with pytest.raises(InvalidGameError, match="irrational"):
        import sympy

        root = tri.BayesianGame([[[[[sympy.sqrt(2)]]]], [[[[0]]]]], [[1]])
        tri.bayesian_equilibria(root, exact=True)
    assert len(tri.bayesian_equilibria(root)) == 1
    x = __import__("sympy").Symbol("x")
    with pytest.raises(SymbolicGameError):
        tri.bayesian_equilibria(tri.BayesianGame([[[[[x]]]], [[[[0]]]]], [[1]]))
    with pytest.raises(SymbolicGameError):
        interim_regret(tri.BayesianGame([[[[[x]]]], [[[[0]]]]], [[1]]), ("a1", "a1"))


@pytest.mark.parametrize(
    ("strategy", "message"),
    [
        (("B",), "one entry per player"),
        ({"P1": "B"}, "gives nothing for"),
        (("B", {"meet": "B"}), "gives nothing for type 'avoid'"),
        (("B", ["B"]), "one entry per type"),
        (("B", {"meet": "B", "avoid": [0.5, 0.6]}), "sum to one"),
        (("B", {"meet": "X", "avoid": "B"}), "unknown action"),
        (("B", {"meat": "B", "avoid": "B"}), "did you mean 'meet'"),
    ],
)
def test_bad_strategies_raise(strategy, message):
    with pytest.raises(InvalidProfileError, match=message):
        as_behaviour(bos(), strategy)


# --------------------------------------------------------------------------- properties
def _agent_profile(g, eq):
    return tuple(
        np.array(eq.strategy[p][t], dtype=float) for p, ts in zip(g.players, g.types) for t in ts
    )


@settings(max_examples=40, deadline=None)
@given(bayesian_games())
def test_every_bne_is_an_equilibrium_of_the_agent_form(g):
    eqs = tri.bayesian_equilibria(g, exact=True)
    assert eqs, "every finite game has an equilibrium"
    af = g.agent_form()
    for eq in eqs:
        assert tri.is_bayesian_equilibrium(g, eq, tol=0)
        assert tri.is_equilibrium(af, _agent_profile(g, eq), tol=1e-9)


@settings(max_examples=40, deadline=None)
@given(bayesian_games())
def test_harsanyi_and_agent_forms_agree_on_pure_equilibria(g):
    pure = tri.bayesian_equilibria(g, method="pure")
    rows = [plans(t, a) for t, a in zip(g.n_types, g.n_actions)]
    harsanyi = {
        tuple(tuple(rows[i][int(np.argmax(p))]) for i, p in enumerate(e.profile))
        for e in tri.pure_equilibria(g.to_normal_form())
    }
    agent = {
        tuple(tuple(int(np.argmax(v)) for v in eq.strategy[p].values()) for p in g.players)
        for eq in pure
    }
    assert agent == {tuple(tuple(int(a) for a in plan) for plan in h) for h in harsanyi}
    # and the pure ones the full solver finds are exactly these
    full = tri.bayesian_equilibria(g, exact=True)
    # a pure equilibrium is a vertex of the strategy space, hence an extreme equilibrium
    assert behaviours(eq for eq in full if eq.is_pure) == behaviours(
        tri.bayesian_equilibria(g, method="pure", exact=True)
    )


@settings(max_examples=30, deadline=None)
@given(bayesian_games(), st.data())
def test_a_prior_on_one_type_profile_is_the_complete_information_game(g, data):
    t = tuple(data.draw(st.integers(0, k - 1)) for k in g.n_types)
    prior = np.zeros(g.n_types, dtype=object)
    prior[...] = F(0)
    prior[t] = F(1)
    sure = tri.BayesianGame(g.exact_payoffs, prior)
    eqs = tri.bayesian_equilibria(sure, exact=True)
    nash = tri.equilibria(sure.complete_information(t), exact=True)
    assert {tuple(tuple(p) for p in e.profile) for e in nash} == {
        tuple(tuple(eq.strategy[p][sure.types[i][t[i]]]) for i, p in enumerate(sure.players))
        for eq in eqs
    }
    # a continuum of Bayesian equilibria is a component with several members
    assert eqs.components == nash.components
    assert eqs.degenerate == any(len(c) > 1 for c in nash.components)


@settings(max_examples=25, deadline=None)
@given(bayesian_games(integer=False))
def test_harsanyi_vertex_enumeration_and_agent_support_enumeration_agree(g):
    harsanyi = tri.bayesian_equilibria(g)
    agent = tri.bayesian_equilibria(g, method="support_enumeration")
    assume(not harsanyi.degenerate and not agent.degenerate and not agent.notes)
    assert behaviours(harsanyi) == behaviours(agent)


def _vector(eq):
    return np.array([float(x) for by_type in eq.strategy.values() for v in by_type.values()
                     for x in v])


def _match(vector, others, tol=1e-7):
    """The index of the one profile of ``others`` within ``tol`` of ``vector`` (else None)."""
    near = [i for i, o in enumerate(others) if np.max(np.abs(o - vector)) <= tol]
    return near[0] if len(near) == 1 else None


@settings(max_examples=60, deadline=None)
@given(bayesian_games())
def test_the_sequence_form_and_the_harsanyi_form_agree(g):
    """Floats solve on the behaviour polytopes, exact mode on the Harsanyi form: the same
    extreme equilibria where the game has no continuum; in a continuum, every extreme
    behaviour is among the Harsanyi form's (which may add behaviours between them), each
    component lies within one of the Harsanyi form's, and both see the continuum."""
    floats = tri.bayesian_equilibria(g)
    exact = tri.bayesian_equilibria(g, exact=True)
    assert floats.method == "vertex_enumeration on the behaviour strategies (sequence form)"
    assert exact.method == "vertex_enumeration on the Harsanyi form"
    # matched within 1e-7, not by rounding: an exact 45/128 = 0.3515625 and its float
    # solve 0.35156250000001 round to different sixth digits
    ours, theirs = [_vector(e) for e in floats], [_vector(e) for e in exact]
    match = [_match(v, theirs) for v in ours]
    assert None not in match
    assert floats.degenerate == exact.degenerate
    if not exact.degenerate:
        assert len(ours) == len(theirs) and sorted(match) == list(range(len(theirs)))
    component_of = {m: c for c, members in enumerate(exact.components) for m in members}
    for members in floats.components:
        assert len({component_of[match[m]] for m in members}) == 1
    for eq in floats:
        assert tri.is_bayesian_equilibrium(g, eq, tol=1e-9)


def test_a_two_type_three_action_game_solves_on_the_sequence_form():
    rng = np.random.default_rng(0)
    prior = np.array([[F(6, 25), F(9, 25)], [F(4, 25), F(6, 25)]], dtype=object)
    g = tri.BayesianGame(rng.integers(0, 10, (2, 2, 2, 3, 3)), prior)
    floats = tri.bayesian_equilibria(g)
    assert behaviours(floats) == {
        tuple((p, t, tuple(round(float(x), 9) for x in v)) for p, t, v in b)
        for b in behaviours(tri.bayesian_equilibria(g, exact=True))
    }
    assert floats.method.endswith("(sequence form)") and len(floats) % 2 == 1


# --------------------------------------------------------------------------- pygambit
STORED = json.loads((DATA / "bayesian_gambit.json").read_text())


def _game(entry):
    prior = np.array([[F(x) for x in row] for row in entry["prior"]], dtype=object)
    return tri.BayesianGame(np.array(entry["payoffs"]), prior)


def _ours(g):
    return {
        tuple(tuple(tuple(str(F(x)) for x in eq.strategy[p][t]) for t in eq.strategy[p])
              for p in g.players)
        for eq in tri.bayesian_equilibria(g, exact=True)
    }


def _marks(entry):
    # 3 x 3 actions with two types each: 9 x 9 Harsanyi forms, about 1.5 s each in exact mode
    return [pytest.mark.slow] if entry["id"].startswith("2x2-3x3") else []


@pytest.mark.parametrize(
    "entry", [pytest.param(e, id=e["id"], marks=_marks(e)) for e in STORED["games"]]
)
def test_stored_pygambit_answers(entry):
    theirs = {
        tuple(tuple(tuple(row) for row in player) for player in b) for b in entry["behaviours"]
    }
    assert _ours(_game(entry)) == theirs


def test_stored_answers_cover_the_textbook_games():
    ids = {e["id"] for e in STORED["games"]}
    assert {"osborne-bos", "fudenberg-tirole-entry"} <= ids and len(ids) >= 20


@pytest.mark.oracle
@pytest.mark.parametrize(
    "seed", [pytest.param(s, marks=[pytest.mark.slow] if s % 3 == 2 else []) for s in range(6)]
)
def test_live_pygambit_on_the_harsanyi_form(seed):
    pytest.importorskip("pygambit")
    from scripts.make_bayesian_gambit import gambit_behaviours

    rng = np.random.default_rng(1000 + seed)
    types = [(1, 2), (2, 2), (2, 2)][seed % 3]
    actions = [(2, 2), (2, 3), (3, 3)][seed % 3]
    w = rng.integers(1, 10, size=types)
    g = tri.BayesianGame(
        rng.integers(-5, 6, (2, *types, *actions)),
        np.vectorize(lambda x: F(int(x), int(w.sum())), otypes=[object])(w),
    )
    theirs, _ = gambit_behaviours(g)
    assert _ours(g) == {tuple(tuple(tuple(r) for r in p) for p in b) for b in theirs}


def test_a_tie_of_interim_payoffs_survives_the_prior_weights():
    """A type's two actions tie exactly (6/13 * -3 + 3/13 * -3 = 6/13 * -4 + 3/13 * -1), but
    summed in floating point they came out 4e-16 apart, and the pure solver, which reads
    floats exactly, dropped the equilibria with the tied type's other action (hypothesis
    found it: the Harsanyi form has four pure equilibria, the agent form gave two)."""
    u = np.zeros((2, 2, 2, 1, 2))
    u[1, 0, 0, 0] = [-3, -4]
    u[1, 1, 0, 0] = [-3, -1]
    g = tri.BayesianGame(u, np.array([[6 / 13, 1 / 13], [3 / 13, 3 / 13]]))
    harsanyi = tri.pure_equilibria(g.to_normal_form())
    for method in ("pure", "support_enumeration"):
        found = tri.bayesian_equilibria(g, method=method)
        assert len(found) == len(harsanyi) == 4, method
        assert all(tri.is_bayesian_equilibrium(g, eq.strategy) for eq in found)


def test_the_check_measures_regret_per_unit_of_the_payoff_range():
    """The solvers accept a regret of tol times a player's payoff range, as every check of
    the package does; the Bayesian check read tol as payoff units and raised on a profile
    the sequence-form vertex enumeration had rightly kept (hypothesis found it: regret
    2e-9 on a payoff range of 2)."""
    u = np.zeros((2, 1, 1, 2, 2))
    u[0, 0, 0] = [[0, 0], [2, 2e-9]]
    g = tri.BayesianGame(u, np.array([[1.0]]))
    for method in ("vertex_enumeration", "support_enumeration"):
        for eq in tri.bayesian_equilibria(g, method=method):
            assert tri.is_bayesian_equilibrium(g, eq.strategy)
    # scaling every payoff changes no verdict of the check
    scaled = tri.BayesianGame(u * 1e7, np.array([[1.0]]))
    profile = ([1.0, 0.0], [0.0, 1.0])
    assert tri.is_bayesian_equilibrium(g, profile) == tri.is_bayesian_equilibrium(scaled, profile)
