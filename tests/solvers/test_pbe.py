"""Perfect Bayesian equilibria: textbook signalling games, an independent brute force,
the normal form, conditions for symbolic games, and pygambit."""

import itertools
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import triangle as tri
from tests.games.test_signaling import beer_quiche
from triangle.errors import InvalidGameError, UnsupportedGameError
from triangle.solvers.signaling import belief_ranges, check_assessment
from triangle.solvers.signaling_conditions import _belief_exists

F = Fraction


def spence(cost_high="1/3", levels=3, p_high="1/2"):
    """A discrete Spence (1973) job market: education 0..levels-1, wages 1, 3/2, 2.

    The firm pays what it expects the worker to produce (its payoff -(w - theta)^2);
    education costs 3/2 a level to the low type (theta = 1), ``cost_high`` to the high
    type (theta = 2). Best wage: 1 below a belief of 1/4 in the high type, 3/2 between
    1/4 and 3/4, 2 above.
    """
    cost_high, p_high = F(cost_high), F(p_high)
    wages, theta, cost = [1, F(3, 2), 2], [1, 2], [F(3, 2), cost_high]
    u = np.empty((2, 2, levels, 3), dtype=object)
    for t in range(2):
        for e in range(levels):
            for a, w in enumerate(wages):
                u[0, t, e, a] = w - cost[t] * e
                u[1, t, e, a] = -((w - theta[t]) ** 2)
    return tri.SignalingGame(
        u, [1 - p_high, p_high], ("low", "high"), tuple(f"e{e}" for e in range(levels)),
        ("w1", "w3/2", "w2"),
    )


def pure_outcome(eq):
    """(message of each type, action after each message), by names (pure equilibria)."""
    send = tuple(max(row, key=row.get) for row in eq.sender.values())
    answer = tuple(max(row, key=row.get) for row in eq.receiver.values())
    return send, answer


# --------------------------------------------------------------------------- textbook games
def test_beer_quiche_both_poolings_and_only_beer_is_intuitive():
    eqs = beer_quiche().perfect_bayesian_equilibria()
    assert [(eq.kind, eq.on_path, eq.intuitive) for eq in eqs] == [
        ("pooling", ("beer",), True),
        ("pooling", ("quiche",), False),
    ]
    beer, quiche = eqs
    # after quiche the receiver duels, which needs P(weak | quiche) >= 1/2
    assert beer.receiver["quiche"] == {"not": 0, "duel": 1}
    assert beer.beliefs["quiche"] == {"weak": (F(1, 2), 1), "strong": (0, F(1, 2))}
    assert beer.beliefs["beer"] == {"weak": F(1, 10), "strong": F(9, 10)}
    assert beer.sender_payoffs == {"weak": 2, "strong": 3}
    assert beer.payoffs == (F(29, 10), F(9, 10))
    assert quiche.beliefs["beer"]["weak"] == (F(1, 2), 1)
    assert beer.off_path == ("quiche",) and beer.is_pure
    assert not eqs.degenerate and eqs.notes == ()


def test_beer_quiche_with_a_weak_majority_has_one_hybrid():
    """Prior weak 3/5: the weak type drinks beer with 2/3, so that P(weak|beer) = 1/2; the
    receiver then duels after beer with 1/2, which makes the weak type indifferent
    (beer: 2 * 1/2 = 1; quiche, dueled: 1)."""
    [eq] = beer_quiche(("3/5", "2/5")).perfect_bayesian_equilibria()
    assert eq.kind == "hybrid" and not eq.is_pure
    half = F(1, 2)
    assert eq.sender == {
        "weak": {"beer": F(2, 3), "quiche": F(1, 3)},
        "strong": {"beer": 1, "quiche": 0},
    }
    assert eq.receiver == {"beer": {"not": half, "duel": half}, "quiche": {"not": 0, "duel": 1}}
    assert eq.beliefs == {
        "beer": {"weak": half, "strong": half},
        "quiche": {"weak": 1, "strong": 0},
    }
    assert eq.sender_payoffs == {"weak": 1, "strong": 2}
    assert eq.intuitive  # no message is off the path


def test_spence_job_market():
    eqs = spence().perfect_bayesian_equilibria()
    by_kind = {k: [eq for eq in eqs if eq.kind == k] for k in ("pooling", "separating", "hybrid")}
    # pooling on no education at wage 3/2; after e1 a wage of at most 3/2 keeps the high
    # type home (2 - 1/3 > 3/2), after e2 any wage does: 2 x 3 receiver strategies
    assert {pure_outcome(eq)[0] for eq in by_kind["pooling"]} == {("e0", "e0")}
    assert len(by_kind["pooling"]) == 6
    assert not any(eq.intuitive for eq in by_kind["pooling"])
    # separating: the high type educates to e1 (3 off-path wages after e2) or e2 (2 after e1)
    sends = sorted(pure_outcome(eq)[0] for eq in by_kind["separating"])
    assert sends == [("e0", "e1")] * 3 + [("e0", "e2")] * 2
    # the intuitive criterion keeps exactly the least-cost separating equilibrium
    assert {pure_outcome(eq)[0] for eq in eqs if eq.intuitive} == {("e0", "e1")}
    # hybrids: the high type sends e0 with 1/3 (belief 1/4 after e0), the firm mixes w1
    # (1/3) and w3/2 so that e0 pays 4/3 = 2 - 2/3, e2's net wage; two off-path wages
    assert len(by_kind["hybrid"]) == 2
    for eq in by_kind["hybrid"]:
        assert eq.sender["high"] == {"e0": F(1, 3), "e1": 0, "e2": F(2, 3)}
        assert eq.receiver["e0"] == {"w1": F(1, 3), "w3/2": F(2, 3), "w2": 0}
        assert eq.beliefs["e0"] == {"low": F(3, 4), "high": F(1, 4)}
        assert eq.intuitive is False
    assert not eqs.degenerate


def test_spence_with_a_sender_tie_reports_a_continuum():
    """With cost 1/4 the high type earns 3/2 at e2 (2 - 1/2) and at e0 (wage 3/2): it may
    mix between them for any belief after e0 that keeps the wage at 3/2."""
    g = spence(cost_high=F(1, 4))
    eqs = g.perfect_bayesian_equilibria()
    assert eqs.degenerate
    [note] = [n for n in eqs.notes if n.startswith("continuum")]
    assert "P(high|e0) in (1/4, 1/2)" in note
    # a point inside the continuum passes the independent check: P(high|e0) = 1/3 needs
    # the high type to send e0 with 1/2
    assert check_assessment(
        g,
        {"low": {"e0": 1}, "high": {"e0": F(1, 2), "e2": F(1, 2)}},
        {"e0": {"w3/2": 1}, "e1": {"w1": 1}, "e2": {"w2": 1}},
        {"e0": {"low": F(2, 3), "high": F(1, 3)}, "e1": {"low": 1, "high": 0},
         "e2": {"low": 0, "high": 1}},
    ) == []


def test_three_types_pure_equilibria_and_belief_ranges():
    """Three types, two messages: pooling needs beliefs in a polytope, reported by range."""
    u = np.zeros((2, 3, 2, 2), dtype=int)
    u[0, :, 0, :] = [[1, 0], [1, 0], [1, 0]]   # message 0 is "safe": 1 if accepted
    u[0, :, 1, :] = [[3, -1], [2, -1], [0, -1]]
    u[1, :, 1, :] = [[1, 0], [0, 1], [0, 1]]   # after message 1 accept only type 0
    u[1, :, 0, :] = [[1, 0], [1, 0], [1, 0]]
    g = tri.SignalingGame(u, [F(1, 3)] * 3, ("a", "b", "c"), ("safe", "risky"), ("yes", "no"))
    eqs = g.perfect_bayesian_equilibria()
    for eq in eqs:
        assert check_assessment(g, eq.sender, eq.receiver, eq.beliefs) == []
    pooled = [eq for eq in eqs if eq.kind == "pooling" and eq.on_path == ("safe",)]
    assert pooled and pooled[0].receiver["risky"] == {"yes": 0, "no": 1}
    # "no" after risky is a best reply when P(a | risky) <= 1/2
    assert pooled[0].beliefs["risky"]["a"] == (0, F(1, 2))
    assert pooled[0].beliefs["risky"]["b"] == (0, 1)


# --------------------------------------------------------------------------- the check
def test_the_check_rejects_what_is_not_a_pbe():
    g = beer_quiche()
    good = next(iter(g.perfect_bayesian_equilibria()))
    assert check_assessment(g, good.sender, good.receiver, good.beliefs) == []
    wrong_bayes = dict(good.beliefs, beer={"weak": F(1, 2), "strong": F(1, 2)})
    assert any("Bayes" in p for p in check_assessment(g, good.sender, good.receiver, wrong_bayes))
    bad_beliefs = dict(good.beliefs, quiche={"weak": (0, F(1, 2)), "strong": (F(1, 2), 1)})
    assert any(
        "not a best reply" in p
        for p in check_assessment(g, good.sender, good.receiver, bad_beliefs)
    )
    not_a_row = dict(good.sender, weak={"beer": F(1, 2)})
    problems = check_assessment(g, not_a_row, good.receiver, good.beliefs)
    assert any("probability vector" in p for p in problems)


# --------------------------------------------------------------------------- properties
@st.composite
def signaling_games(draw, messages=(2, 3), actions=(2, 3)):
    m = draw(st.sampled_from(messages))
    a = draw(st.sampled_from(actions))
    values = draw(st.lists(st.integers(-3, 3), min_size=2 * 2 * m * a, max_size=2 * 2 * m * a))
    w = draw(st.integers(1, 9))
    return tri.SignalingGame(
        np.array(values).reshape(2, 2, m, a), [F(w, 10), F(10 - w, 10)], ("t0", "t1"),
        tuple(f"m{i}" for i in range(m)), tuple(f"a{i}" for i in range(a)),
    )


def brute_force_pure_pbe(g):
    """Pure assessments (s, r) that are PBE, by a direct search written apart from the solver.

    Off the path an action is a best reply to some belief iff it is one at 0, at 1, or at
    a belief where two actions tie (the set of such beliefs is an interval whose ends are
    among these points)."""
    us, ur, p = g.exact_payoffs[0], g.exact_payoffs[1], g.exact_prior
    T, M, A = g.shape
    out = set()
    for s in itertools.product(range(M), repeat=T):
        for r in itertools.product(range(A), repeat=M):
            if any(us[t, m, r[m]] > us[t, s[t], r[s[t]]] for t in range(T) for m in range(M)):
                continue
            ok = True
            for m in range(M):
                w = [p[t] if s[t] == m else F(0) for t in range(T)]
                if sum(w):
                    points = [w]
                else:
                    points = [[1, 0], [0, 1]]
                    for a, b in itertools.combinations(range(A), 2):
                        d0, d1 = ur[0, m, a] - ur[0, m, b], ur[1, m, a] - ur[1, m, b]
                        if d0 != d1 and 0 <= d0 / (d0 - d1) <= 1:
                            x = d0 / (d0 - d1)
                            points.append([1 - x, x])
                ok &= any(
                    all(
                        sum(mu[t] * ur[t, m, r[m]] for t in range(T))
                        >= sum(mu[t] * ur[t, m, b] for t in range(T))
                        for b in range(A)
                    )
                    for mu in points
                )
            if ok:
                out.add((s, r))
    return out


@settings(max_examples=60, deadline=None)
@given(signaling_games())
def test_pure_equilibria_match_a_brute_force(g):
    eqs = g.perfect_bayesian_equilibria()
    ours = set()
    for eq in eqs:
        if eq.is_pure:
            send, answer = pure_outcome(eq)
            ours.add((tuple(g.messages.index(m) for m in send),
                      tuple(g.actions.index(a) for a in answer)))
    assert ours == brute_force_pure_pbe(g)


@pytest.mark.slow
@settings(max_examples=30, deadline=None)
@given(signaling_games())
def test_every_pbe_is_a_nash_equilibrium_of_the_normal_form(g):
    nf = g.to_normal_form()
    sender_plans = list(itertools.product(range(g.shape[1]), repeat=2))
    receiver_plans = list(itertools.product(range(g.shape[2]), repeat=g.shape[1]))
    for eq in g.perfect_bayesian_equilibria():
        assert check_assessment(g, eq.sender, eq.receiver, eq.beliefs) == []
        # independent types and messages: a plan's probability is the product of its parts
        x = [
            np.prod([F(eq.sender[g.types[t]][g.messages[m]]) for t, m in enumerate(plan)])
            for plan in sender_plans
        ]
        y = [
            np.prod([F(eq.receiver[g.messages[m]][g.actions[a]]) for m, a in enumerate(plan)])
            for plan in receiver_plans
        ]
        assert tri.is_equilibrium(nf, (np.array(x, dtype=object), np.array(y, dtype=object)), tol=0)
        if eq.intuitive is False:
            assert eq.off_path  # the criterion only bites off the path


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=6, max_size=6))
def test_the_helly_condition_for_off_path_beliefs_is_exact(values):
    ur = np.array(values, dtype=object).reshape(2, 1, 3)
    ur = np.vectorize(sympy.Integer, otypes=[object])(ur)
    for a in range(3):
        exists = bool(_belief_exists(ur, 0, a, 2))
        assert exists == (belief_ranges(ur, 0, a, (0, 1)) is not None)


# --------------------------------------------------------------------------- symbolic games
def test_symbolic_quiche_cost_gives_conditions():
    c = sympy.Symbol("c")
    u = np.zeros((2, 2, 2, 2), dtype=object)
    u[0, 0], u[0, 1] = [[2, 0], [3, 1]], [[3, 1], [3 - c, 1 - c]]
    u[1, 0], u[1, 1] = [[0, 1], [0, 1]], [[1, 0], [1, 0]]
    g = tri.SignalingGame(u, [F(1, 10), F(9, 10)], ("weak", "strong"), ("beer", "quiche"),
                          ("not", "duel"))
    pieces = g.perfect_bayesian_equilibria()
    assert [str(p.condition) for p in pieces] == ["c >= -2", "c <= 0", "c <= 2"]
    assert pieces[0].region == sympy.Interval(-2, sympy.oo)
    assert all(p.equilibrium.intuitive is None for p in pieces)
    for value in (-3, -2, F(-1, 2), 0, 1, 2, 3):
        numeric = {pure_outcome(eq) for eq in g.subs({"c": value}).perfect_bayesian_equilibria()
                   if eq.is_pure}
        assert {pure_outcome(eq) for eq in pieces.at({"c": value})} == numeric


@settings(max_examples=15, deadline=None)
@given(st.fractions(min_value=F(1, 20), max_value=F(19, 20), max_denominator=20),
       st.fractions(min_value=-4, max_value=4, max_denominator=4))
def test_symbolic_prior_and_payoff_conditions_match_the_numeric_solver(p_value, c_value):
    p, c = sympy.symbols("p c")
    u = np.zeros((2, 2, 2, 2), dtype=object)
    u[0, 0], u[0, 1] = [[2, 0], [3, 1]], [[3, 1], [3 - c, 1 - c]]
    u[1, 0], u[1, 1] = [[0, 1], [0, 1]], [[1, 0], [1, 0]]
    g = tri.SignalingGame(u, [p, 1 - p], ("weak", "strong"), ("beer", "quiche"), ("not", "duel"))
    pieces = _pieces(g)
    values = {"p": p_value, "c": c_value}
    numeric = g.subs(values).perfect_bayesian_equilibria()
    expected = {pure_outcome(eq) for eq in numeric if eq.is_pure}
    assert {pure_outcome(eq) for eq in pieces.at(values)} == expected


_cache = {}


def _pieces(g):
    if "two" not in _cache:
        _cache["two"] = g.perfect_bayesian_equilibria()
    return _cache["two"]


def test_symbolic_bounds_and_three_types():
    p = sympy.Symbol("p")
    g = beer_quiche()
    u = np.array(g.payoffs, dtype=object)
    sym = tri.SignalingGame(u, [p, 1 - p], g.types, g.messages, g.actions)
    pieces = sym.perfect_bayesian_equilibria(bounds={"p": (0, F(1, 4))})
    assert [str(x.condition) for x in pieces] == ["p > 0", "p > 0"]
    three = tri.SignalingGame(np.zeros((2, 3, 2, 2), dtype=object) + p, [p, p, 1 - 2 * p],
                              ("a", "b", "c"), ("m", "n"), ("x", "y"))
    with pytest.raises(UnsupportedGameError, match="two types"):
        three.perfect_bayesian_equilibria()
    with pytest.raises(InvalidGameError, match="SignalingGame"):
        tri.perfect_bayesian_equilibria(g.to_bayesian())


# --------------------------------------------------------------------------- pygambit
@pytest.mark.oracle
@settings(max_examples=6, deadline=None)
@given(signaling_games())
def test_pure_pbe_are_among_pygambits_pure_equilibria(g):
    gbt = pytest.importorskip("pygambit")
    nf = g.to_normal_form()
    scale = np.lcm.reduce([x.denominator for x in nf.exact_payoffs.flat])
    arrays = [np.vectorize(lambda x: int(x * scale))(nf.exact_payoffs[i]) for i in range(2)]
    game = gbt.Game.from_arrays(*arrays)
    theirs = set()
    for eq in gbt.nash.enumpure_solve(game).equilibria:
        theirs.add(tuple(
            next(k for k, s in enumerate(player.strategies) if eq[s] == 1)
            for player in game.players
        ))
    sender_plans = list(itertools.product(g.messages, repeat=2))
    receiver_plans = list(itertools.product(g.actions, repeat=g.shape[1]))
    for eq in g.perfect_bayesian_equilibria():
        if eq.is_pure:
            send, answer = pure_outcome(eq)
            assert (sender_plans.index(send), receiver_plans.index(answer)) in theirs
