"""Bayesian games: construction, validation, substitution and the two normal forms."""

import itertools
import pickle
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import triangle as tri
from triangle.errors import InvalidGameError, SymbolicGameError, UnknownNameError
from triangle.games.bayesian import harsanyi_payoffs, plan_names

# Osborne (2004), example 273.1: player 2 wants to meet player 1 or to avoid it.
MEET = [[[2, 0], [0, 1]], [[1, 0], [0, 2]]]
AVOID = [[[2, 0], [0, 1]], [[0, 2], [1, 0]]]
BOS_PAYOFFS = [[[MEET[i], AVOID[i]]] for i in range(2)]  # (2, T1=1, T2=2, 2, 2)


def bos(prior=(0.5, 0.5)):
    return tri.BayesianGame(
        BOS_PAYOFFS,
        prior=[list(prior)],
        players=("P1", "P2"),
        types=(("-",), ("meet", "avoid")),
        actions=(("B", "S"), ("B", "S")),
    )


@st.composite
def bayesian_games(draw, n_players=2, max_types=2, max_actions=3, integer=True):
    """Small random Bayesian games with a correlated rational prior."""
    n_types = tuple(draw(st.integers(1, max_types)) for _ in range(n_players))
    n_actions = tuple(draw(st.integers(1, max_actions)) for _ in range(n_players))
    shape = (n_players, *n_types, *n_actions)
    size = int(np.prod(shape))
    if integer:
        values = draw(st.lists(st.integers(-5, 5), min_size=size, max_size=size))
    else:
        values = draw(
            st.lists(st.floats(-5, 5, allow_nan=False), min_size=size, max_size=size)
        )
    weights = draw(
        st.lists(st.integers(1, 9), min_size=int(np.prod(n_types)), max_size=int(np.prod(n_types)))
    )
    prior = np.array([Fraction(w, sum(weights)) for w in weights], dtype=object).reshape(n_types)
    return tri.BayesianGame(np.array(values).reshape(shape), prior)


# --------------------------------------------------------------------------- construction
def test_arrays_round_trip_and_names():
    g = bos()
    assert g.players == ("P1", "P2")
    assert g.types == (("-",), ("meet", "avoid"))
    assert g.n_types == (1, 2) and g.n_actions == (2, 2) and g.n_players == 2
    assert np.array_equal(g.payoffs, np.array(BOS_PAYOFFS, dtype=float))
    assert g.prior.tolist() == [[0.5, 0.5]]
    assert g.exact_prior.tolist() == [[Fraction(1, 2), Fraction(1, 2)]]
    assert g.exact_payoffs[1, 0, 1, 0, 1] == Fraction(2)
    assert not g.is_symbolic and g.factors == {}
    assert not g.payoffs.flags.writeable


def test_default_names():
    g = tri.BayesianGame(np.zeros((2, 2, 1, 3, 1)), [[0.5], [0.5]])
    assert g.players == ("Player 1", "Player 2")
    assert g.types == (("t1", "t2"), ("t1",))
    assert g.actions == (("a1", "a2", "a3"), ("a1",))


def test_three_players_and_correlated_prior():
    prior = np.array([[[0.1, 0.1], [0.05, 0.25]], [[0.2, 0.1], [0.1, 0.1]]])
    g = tri.BayesianGame(np.arange(3 * 8 * 8).reshape(3, 2, 2, 2, 2, 2, 2), prior)
    assert np.allclose(g.prior, prior)
    assert g.payoffs[2, 1, 0, 1, 1, 0, 1] == np.arange(3 * 8 * 8).reshape(3, 2, 2, 2, 2, 2, 2)[
        2, 1, 0, 1, 1, 0, 1
    ]
    assert np.allclose(g.marginal(1), [0.5, 0.5]) and np.allclose(g.marginal(2), [0.45, 0.55])
    assert np.allclose(g.posterior(0, 0), np.array([[0.1, 0.1], [0.05, 0.25]]) / 0.5)


def test_floats_are_read_as_decimals_and_the_prior_normalised():
    g = tri.BayesianGame(np.zeros((2, 1, 2, 1, 1)), [[1 / 3, 2 / 3]])
    p = g.exact_prior
    assert sum(p.flat) == 1
    assert abs(float(p[0, 0]) - 1 / 3) < 1e-15
    g = tri.BayesianGame([[[[[0.1]]]], [[[[0.2]]]]], [[1.0]])
    assert g.exact_payoffs[0, 0, 0, 0, 0] == Fraction(1, 10)


def test_symbolic_payoffs_and_prior_substitute_by_name():
    p, x = sympy.symbols("p x")
    u = np.zeros((2, 2, 1, 2, 1), dtype=object)
    u[0, 0, 0, :, 0] = [x, 0]
    u[0, 1, 0, :, 0] = [0, 1]
    g = tri.BayesianGame(u, [[p], [1 - p]])
    assert g.is_symbolic and g.factors == {"p": p, "x": x}
    assert g.prior[1, 0] == 1 - p
    half = g.subs({"p": Fraction(1, 4)})
    assert half.is_symbolic and half.factors == {"x": x}
    numeric = half.subs({x: 2})
    assert not numeric.is_symbolic
    assert numeric.exact_prior.tolist() == [[Fraction(1, 4)], [Fraction(3, 4)]]
    assert numeric.payoffs[0, 0, 0, 0, 0] == 2
    assert g.subs({}) is g
    with pytest.raises(UnknownNameError, match="did you mean 'x'"):
        g.subs({"xx": 1})
    # the Harsanyi form of a symbolic game is symbolic, and agrees after substitution
    nf = g.to_normal_form()
    assert nf.is_symbolic
    assert np.allclose(
        np.array(nf.subs({"p": 0.25, "x": 2}).payoffs, dtype=float),
        g.subs({"p": 0.25, "x": 2}).to_normal_form().payoffs,
    )
    with pytest.raises(SymbolicGameError, match="substitute values first"):
        tri.bayesian_equilibria(g)


def test_pickles():
    g = bos()
    h = pickle.loads(pickle.dumps(g))
    assert np.array_equal(h.payoffs, g.payoffs) and h.types == g.types


# --------------------------------------------------------------------------- validation
@pytest.mark.parametrize(
    ("prior", "message"),
    [
        ([[0.7, 0.7]], "sum to one"),
        ([[1.5, -0.5]], "must be >= 0"),
        ([[0.5], [0.5]], "prior must have shape"),
        ([[np.nan, 0.5]], "finite"),
        ([[np.inf, 0.5]], "finite"),
        ([["a", 1]], "numbers or sympy"),
        ([[True, False]], "not booleans"),
        ([[0.5, 0.5, 0.0]], "prior must have shape"),
    ],
)
def test_bad_priors_raise(prior, message):
    with pytest.raises(InvalidGameError, match=message):
        tri.BayesianGame(BOS_PAYOFFS, prior)


def test_symbolic_prior_must_sum_to_one():
    p, q = sympy.symbols("p q")
    with pytest.raises(InvalidGameError, match="for every value of the factors"):
        tri.BayesianGame(BOS_PAYOFFS, [[p, q]])
    g = tri.BayesianGame(BOS_PAYOFFS, [[p, 1 - p]])
    with pytest.raises(InvalidGameError, match=">= 0"):
        g.subs({"p": 1.5})


@pytest.mark.parametrize(
    ("payoffs", "message"),
    [
        (np.zeros((2, 2, 2, 2)), "n_players >= 2"),  # one axis short
        (np.zeros((3, 2, 2, 2, 2)), "n_players >= 2"),
        (np.zeros((2, 1, 0, 2, 2)), "at least one type"),
        (np.full((2, 1, 2, 2, 2), np.nan), "finite"),
        ([[[1, 2], [3]]], "ragged"),
    ],
)
def test_bad_payoffs_raise(payoffs, message):
    with pytest.raises(InvalidGameError, match=message):
        tri.BayesianGame(payoffs, [[0.5, 0.5]])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"types": (("a",), ("b",))}, "the payoffs have 2 but 1"),
        ({"types": (("a",),)}, "one sequence of names per player"),
        ({"actions": (("x", "x"), ("y", "z"))}, "unique"),
        ({"actions": ("xy", ("y", "z"))}, "not the string"),
        ({"players": ("A", "A")}, "unique"),
        ({"types": (("",), ("m", "a"))}, "non-empty"),
    ],
)
def test_bad_names_raise(kwargs, message):
    with pytest.raises(InvalidGameError, match=message):
        tri.BayesianGame(BOS_PAYOFFS, [[0.5, 0.5]], **kwargs)


def test_lookups_suggest_close_names():
    g = bos()
    assert g.type_index("P2", "avoid") == 1 and g.action_index(1, "S") == 1
    with pytest.raises(UnknownNameError, match="did you mean 'avoid'"):
        g.type_index("P2", "avoid_")
    with pytest.raises(InvalidGameError, match="out of range"):
        g.type_index("P2", 5)


def test_posterior_of_a_type_of_probability_zero_raises():
    g = bos((1, 0))
    assert g.posterior("P1", "-").tolist() == [1, 0]
    with pytest.raises(InvalidGameError, match="prior probability 0"):
        g.posterior("P2", "avoid")


# --------------------------------------------------------------------------- normal forms
def test_harsanyi_form_of_the_battle_of_the_sexes():
    nf = bos().to_normal_form()
    assert nf.strategies == (("B", "S"), ("B/B", "B/S", "S/B", "S/S"))
    # P1 plays B, P2 plays B/S: P1 meets the 'meet' type half the time
    assert nf.exact_payoffs[0, 0, 1] == Fraction(1)
    assert nf.exact_payoffs[1, 0, 1] == Fraction(1, 2) * 1 + Fraction(1, 2) * 2


def test_plan_names_with_slashes_raise():
    g = tri.BayesianGame(np.zeros((2, 2, 1, 2, 1)), [[0.5], [0.5]], actions=(("a/b", "c"), ("x",)))
    with pytest.raises(InvalidGameError, match="contain '/'"):
        g.to_normal_form()


def test_complete_information_slice():
    g = bos()
    avoid = g.complete_information(("-", "avoid"))
    assert avoid.players == ("P1", "P2") and avoid.strategies == (("B", "S"), ("B", "S"))
    assert np.array_equal(avoid.payoffs, np.array(AVOID, dtype=float))


def _harsanyi_by_definition(g):
    """Ex-ante payoffs of every plan profile, by nested loops over types and plans."""
    payoffs, prior = g.exact_payoffs, g.exact_prior
    plans = [list(itertools.product(range(a), repeat=t)) for t, a in zip(g.n_types, g.n_actions)]
    out = {}
    for profile in itertools.product(*plans):
        value = [Fraction(0)] * g.n_players
        for t in itertools.product(*(range(k) for k in g.n_types)):
            a = tuple(profile[i][t[i]] for i in range(g.n_players))
            for i in range(g.n_players):
                value[i] += prior[t] * payoffs[(i, *t, *a)]
        out[profile] = value
    return plans, out


@settings(max_examples=30, deadline=None)
@given(bayesian_games())
def test_harsanyi_form_matches_the_definition(g):
    nf = g.to_normal_form()
    plans, expected = _harsanyi_by_definition(g)
    for idx in itertools.product(*(range(len(p)) for p in plans)):
        profile = tuple(plans[i][j] for i, j in enumerate(idx))
        assert [nf.exact_payoffs[(i, *idx)] for i in range(g.n_players)] == expected[profile]
    assert nf.strategies[0] == plan_names(g, 0)


@settings(max_examples=20, deadline=None)
@given(bayesian_games(n_players=3, max_types=2, max_actions=2))
def test_agent_form_matches_the_definition(g):
    af = g.agent_form()
    payoffs, prior = g.exact_payoffs, g.exact_prior
    agents = [(i, k) for i in range(g.n_players) for k in range(g.n_types[i])]
    assert len(af.players) == len(agents)
    for idx in itertools.product(*(range(m) for m in af.shape)):
        action = dict(zip(agents, idx))
        for x, (i, k) in enumerate(agents):
            value = Fraction(0)
            for t in itertools.product(*(range(n) for n in g.n_types)):
                if t[i] != k:
                    continue
                a = tuple(action[(j, t[j])] for j in range(g.n_players))
                value += prior[t] * payoffs[(i, *t, *a)]
            assert af.exact_payoffs[(x, *idx)] == value


def test_harsanyi_kernel_works_on_floats_and_expressions():
    x = sympy.Symbol("x")
    u = np.array([[[[[x, 1]]]], [[[[0, 2]]]]], dtype=object)  # (2, 1, 1, 1, 2)
    out = harsanyi_payoffs(u, np.array([[sympy.Integer(1)]], dtype=object), (1, 1), (1, 2))
    assert out[0, 0, 0] == x
    floats = harsanyi_payoffs(np.ones((2, 1, 1, 1, 2)), np.ones((1, 1)), (1, 1), (1, 2))
    assert floats.dtype == float and floats.shape == (2, 1, 2)


# --------------------------------------------------------------------------- display
def test_text_and_html_show_every_type_profile():
    g = bos()
    text = str(g)
    assert "P2=meet" in text and "P2=avoid" in text and "prior 0.5" in text
    page = g._repr_html_()
    assert page.count("<table") == 2 and "avoid" in page
    assert repr(g) == "<BayesianGame numeric, players=('P1', 'P2'), types=(1, 2), actions=(2, 2)>"
