"""Signalling games: construction, validation, substitution and the normal form."""

import pickle
from fractions import Fraction

import numpy as np
import pytest
import sympy

import triangle as tri
from triangle.errors import InvalidGameError, UnknownNameError

F = Fraction


def beer_quiche(prior=("1/10", "9/10")):
    """Cho and Kreps (1987): payoffs (player, type, message, action)."""
    prior = [F(x) for x in prior]
    u = np.zeros((2, 2, 2, 2), dtype=int)
    u[0, 0], u[0, 1] = [[2, 0], [3, 1]], [[3, 1], [2, 0]]  # sender: no duel +2, taste +1
    u[1, 0], u[1, 1] = [[0, 1], [0, 1]], [[1, 0], [1, 0]]  # receiver: duel only the weak
    return tri.SignalingGame(
        u, prior, ("weak", "strong"), ("beer", "quiche"), ("not", "duel")
    )


def test_arrays_names_and_exact_values():
    g = beer_quiche()
    assert g.players == ("Sender", "Receiver") and g.shape == (2, 2, 2)
    assert g.types == ("weak", "strong") and g.messages == ("beer", "quiche")
    assert g.payoffs.shape == (2, 2, 2, 2) and g.payoffs[0, 1, 0, 0] == 3
    assert g.prior.tolist() == [0.1, 0.9]
    assert g.exact_prior.tolist() == [F(1, 10), F(9, 10)]
    assert g.exact_payoffs[1, 0, 1, 1] == 1
    assert not g.payoffs.flags.writeable and not g.is_symbolic
    assert g.index("action", "duel") == 1
    with pytest.raises(UnknownNameError, match="did you mean 'quiche'"):
        g.index("message", "quich")


def test_symbolic_payoffs_and_prior_substitute():
    p, c = sympy.symbols("p c")
    u = np.zeros((2, 2, 2, 2), dtype=object)
    u[...] = 0
    u[0, 1, 1, 0] = 2 - c
    g = tri.SignalingGame(u, [p, 1 - p], ("a", "b"), ("m", "n"), ("x", "y"))
    assert g.is_symbolic and g.factors == {"c": c, "p": p}
    h = g.subs({"p": F(1, 3), "c": 1})
    assert not h.is_symbolic and h.exact_prior.tolist() == [F(1, 3), F(2, 3)]
    assert h.exact_payoffs[0, 1, 1, 0] == 1
    with pytest.raises(InvalidGameError, match="positive prior"):
        g.subs({"p": 0})
    with pytest.raises(UnknownNameError):
        g.subs({"cc": 1})
    assert pickle.loads(pickle.dumps(h)).exact_prior.tolist() == [F(1, 3), F(2, 3)]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"prior": [0.5, 0.6]}, "sum to one"),
        ({"prior": [1.5, -0.5]}, "positive prior"),
        ({"prior": [1, 0]}, "positive prior"),
        ({"prior": [1]}, "shape"),
        ({"prior": [np.nan, 1]}, "finite"),
        ({"payoffs": np.zeros((2, 2, 2))}, "shape"),
        ({"payoffs": np.zeros((3, 2, 2, 2))}, "shape"),
        ({"payoffs": np.full((2, 2, 2, 2), np.inf)}, "finite"),
        ({"types": ("a",)}, "the payoffs have 2 but 1"),
        ({"messages": ("m", "m")}, "unique"),
        ({"actions": "xy"}, "not the string"),
        ({"players": ("S", "S")}, "unique"),
    ],
)
def test_bad_input_raises(kwargs, message):
    args = {
        "payoffs": np.zeros((2, 2, 2, 2)),
        "prior": [0.5, 0.5],
        "types": ("a", "b"),
        "messages": ("m", "n"),
        "actions": ("x", "y"),
    }
    args.update(kwargs)
    with pytest.raises(InvalidGameError, match=message):
        tri.SignalingGame(**args)


def test_symbolic_prior_must_sum_to_one():
    p = sympy.Symbol("p")
    with pytest.raises(InvalidGameError, match="for every value"):
        tri.SignalingGame(np.zeros((2, 2, 1, 1)), [p, p], ("a", "b"), ("m",), ("x",))


def test_bayesian_and_normal_forms():
    g = beer_quiche()
    b = g.to_bayesian()
    assert b.players == g.players and b.types == (("weak", "strong"), ("-",))
    assert b.actions == (("beer", "quiche"), ("not/not", "not/duel", "duel/not", "duel/duel"))
    nf = g.to_normal_form()
    assert nf.strategies[0] == ("beer/beer", "beer/quiche", "quiche/beer", "quiche/quiche")
    # both types drink beer, the receiver never duels after beer: 1/10 * 2 + 9/10 * 3
    assert nf.exact_payoffs[0, 0, 0] == F(1, 10) * 2 + F(9, 10) * 3
    assert nf.exact_payoffs[1, 0, 0] == F(9, 10)
    # every pure Nash equilibrium of the normal form keeps each type's best message
    assert len(tri.pure_equilibria(nf)) >= 2


def test_display():
    g = beer_quiche()
    text = str(g)
    assert "type weak (prior 0.1):" in text and "quiche  3, 0  1, 1" in text
    assert g._repr_html_().count("<table>") == 2
    assert repr(g).startswith("<SignalingGame numeric, types=('weak', 'strong')")
