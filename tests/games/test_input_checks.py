"""The shared input checks of the games layer (issue 11, item 1): each refuses with a
package error, and the entry points that use them say what was expected."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy

import triangle as tri
from tests.ids import stable_repr
from triangle.errors import (
    InvalidArgumentError,
    InvalidArgumentTypeError,
    InvalidGameError,
    InvalidProfileError,
    InvalidTreeError,
    UnknownNameError,
)
from triangle.games.compiled import cell_major
from triangle.games.gambit import to_nfg
from triangle.games.profiles import deviation_payoffs, expected_payoffs
from triangle.games.repeated import probability_like
from triangle.games.scale import check_payoff_array, payoff_spans, unit_payoffs
from triangle.games.symbolic import check_game, check_terms, read_bounds
from triangle.games.tree import Chance, Decision, Leaf

PD = np.array([[[3.0, 0.0], [5.0, 1.0]], [[3.0, 5.0], [0.0, 1.0]]])
BAD_ARRAYS = [
    float("nan"), None, "payoffs", {"a": 1}, {1, 2}, object(), [],
    np.ma.array([1.0, 2.0], mask=[1, 0]), np.array([1 + 1j, 2]),
]


@pytest.mark.parametrize("bad", BAD_ARRAYS, ids=stable_repr)
def test_payoff_kernels_refuse_what_is_not_an_array_of_numbers(bad):
    for call in (lambda: unit_payoffs(bad), lambda: payoff_spans(bad),
                 lambda: cell_major(bad), lambda: check_payoff_array(bad),
                 lambda: expected_payoffs(bad, (np.ones(2) / 2, np.ones(2) / 2))):
        with pytest.raises(InvalidGameError):
            call()


def test_payoff_array_checks_entries_and_keeps_good_arrays():
    assert check_payoff_array(PD) is PD  # no copy
    with pytest.raises(InvalidGameError, match="finite"):
        check_payoff_array(PD * np.nan)
    with pytest.raises(InvalidGameError, match="index"):
        check_payoff_array(np.array([Fraction(1), "x"], dtype=object))
    exact = np.array([[[Fraction(1, 3), 1]], [[2, 2]]], dtype=object)
    assert unit_payoffs(exact)[0, 0, 1] == 1
    with pytest.raises(InvalidGameError, match="real numbers"):
        check_payoff_array(exact, exact=False)
    # a batch of no games is a batch
    assert check_payoff_array(np.zeros((0, 2, 2, 2)), empty=True).shape == (0, 2, 2, 2)


def test_unit_payoffs_takes_both_bounds_or_neither():
    with pytest.raises(InvalidArgumentError, match="both"):
        unit_payoffs(PD, low=PD.min(axis=(1, 2), keepdims=True))


def test_profile_kernels_check_players_and_vectors():
    prof = (np.array([1.0, 0.0]), np.array([0.5, 0.5]))
    assert deviation_payoffs(PD, prof, 0).tolist() == [1.5, 3.0]
    assert deviation_payoffs(PD, [[1, 0], [0.5, 0.5]], 0).tolist() == [1.5, 3.0]
    for player in (2, -1, 0.0, True, "Player 1"):
        with pytest.raises(InvalidProfileError, match="player"):
            deviation_payoffs(PD, prof, player)
    for bad in ((np.ones(3) / 3, np.ones(2) / 2), (np.ones(2) / 2,), {1, 2}, "s1"):
        with pytest.raises(InvalidProfileError):
            expected_payoffs(PD, bad)
    # an object vector or payoff array holding None (found by tests/test_boundary_junk.py:
    # it raised numpy's TypeError from the products)
    for bad in (((None, None), (None, None)), ((1, None), (0.5, 0.5))):
        with pytest.raises(InvalidProfileError, match="is None; expected a finite real number"):
            deviation_payoffs(PD, bad, 0)
    exact = np.array(PD, dtype=object)  # a user's call (a list profile), not a solver's loop
    exact[0, 0, 0] = None
    with pytest.raises(InvalidGameError, match="is None"):
        expected_payoffs(exact, [[1, 0], [0.5, 0.5]])
    exact[0, 0, 0] = Fraction(3)
    assert expected_payoffs(exact, [[1, 0], [0.5, 0.5]]).tolist() == [1.5, 4.0]


def test_check_game_of_a_kind():
    g = tri.NormalFormGame(PD)
    check_game(g, "demo", tri.NormalFormGame)
    with pytest.raises(InvalidArgumentTypeError, match="a RepeatedGame; got a NormalFormGame"):
        check_game(g, "sustains", tri.RepeatedGame)


def test_normal_form_game_refuses_unordered_or_non_name_players_and_strategies():
    for players in (float("nan"), 3, {"A", "B"}, object()):
        with pytest.raises(InvalidGameError):
            tri.NormalFormGame(PD, players=players)
    for strategies in (float("nan"), 2, {("a", "b"), ("c", "d")}, np.ma.array([1, 2])):
        with pytest.raises(InvalidGameError):
            tri.NormalFormGame(PD, strategies=strategies)
    g = tri.NormalFormGame(PD, players=np.array(["R", "C"]), strategies=[("a", "b"), ("c", "d")])
    assert g.players == ("R", "C")


def test_terms_must_be_payoff_terms():
    assert check_terms(None) is None and check_terms(()) == ()
    for bad in (float("nan"), {1}, "term", [1.0], np.array([1 + 1j])):
        with pytest.raises(InvalidArgumentTypeError):
            tri.NormalFormGame(PD, terms=bad)
    terms = tri.models.simultaneous().terms
    assert tri.NormalFormGame(PD, terms=terms).terms is terms


@pytest.mark.parametrize("cls", [Leaf, Decision, Chance])
def test_node_names_are_non_empty_strings(cls):
    args = {Leaf: (1, 2), Decision: ("A", {"x": (1, 2)}), Chance: ({"x": (1, (1, 2))},)}[cls]
    for bad in (float("nan"), 3, "", {"n"}, object()):
        with pytest.raises(InvalidTreeError, match="node name"):
            cls(*args, name=bad)
    assert cls(*args, name="n1").name == "n1"


def test_to_nfg_refuses_a_path_that_is_not_one(tmp_path):
    g = tri.NormalFormGame(PD)
    for bad in (float("nan"), 3, [], {"a": 1}, ""):
        with pytest.raises(InvalidArgumentTypeError, match="path"):
            to_nfg(g, bad)
    to_nfg(g, tmp_path / "pd.nfg")
    assert (tmp_path / "pd.nfg").read_text().startswith("NFG 1 R")


def test_read_bounds_uses_every_name_or_refuses_it():
    x = sympy.Symbol("x")
    assert read_bounds(None, {"x": x}) == {}
    assert read_bounds({"x": (None, 2)}, {"x": x}) == {x: (-sympy.oo, 2)}
    half = sympy.Rational(1, 2)
    assert read_bounds({x: (0.1, 0.5)}, {"x": x}) == {x: (sympy.Rational(1, 10), half)}
    with pytest.raises(UnknownNameError, match="bounds: unknown factor 'y'"):
        read_bounds({"y": (0, 1)}, {"x": x})
    for bad in ((0, float("nan")), (0,), "01", (1, 0), (True, 1), {0, 1}):
        with pytest.raises(InvalidGameError):
            read_bounds({"x": bad}, {"x": x})
    with pytest.raises(InvalidArgumentTypeError, match="mapping"):
        read_bounds([("x", (0, 1))], {"x": x})


def test_probability_like_is_the_one_discount_check():
    assert probability_like(0.9, "discount", upper_open=True) == sympy.Rational(9, 10)
    assert probability_like(Fraction(1, 3), "hazard") == sympy.Rational(1, 3)
    p = sympy.Symbol("p")
    assert probability_like(p, "hazard") == p
    with pytest.raises(InvalidGameError, match="expression"):
        probability_like(p, "hazard", numeric=True)
    for bad in (float("nan"), -0.1, 1.5, "0.5", [0.5], None, True):
        with pytest.raises(InvalidGameError):
            probability_like(bad, "noise")
    with pytest.raises(InvalidGameError, match=r"\[0, 1\)"):
        probability_like(1, "discount", upper_open=True)
