"""Solver entry points refuse bad input with package errors (issue 11, item 1), and the
backward-induction answer is bounded in the size of its labels."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import triangle as tri
from tests.ids import stable_repr
from triangle.errors import (
    InvalidArgumentError,
    InvalidArgumentTypeError,
    InvalidGameError,
    UnknownNameError,
    UnsupportedGameError,
    WorkLimitError,
)
from triangle.games.tree import Decision
from triangle.solvers import backward_induction as bi
from triangle.solvers.bayesian import bayesian_equilibria, interim_regret
from triangle.solvers.lexicographic_search import lexicographic_search
from triangle.solvers.pure import best_reply_mask, pure_equilibria_batch
from triangle.solvers.repeated_finite import finite_horizon
from triangle.solvers.repeated_payoff_sets import outer_approximation
from triangle.solvers.repeated_thresholds import critical_hazard, sustains, threshold
from triangle.solvers.signaling_conditions import conditional_pbe
from triangle.solvers.support_enumeration import support_enumeration
from triangle.solvers.vertex_enumeration import vertex_enumeration

PD = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
ARRAYLIKE_NAMES = [np.array(["auto", "pure"]), np.ma.array([1, 2]), 3.0, None]


def test_solvers_for_one_kind_of_game_refuse_another_kind():
    with pytest.raises(InvalidArgumentTypeError, match="BayesianGame"):
        bayesian_equilibria(PD, tol=1e12)
    with pytest.raises(InvalidArgumentTypeError, match="BayesianGame"):
        interim_regret(PD, ("s1", "s1"))
    for fn in (critical_hazard, sustains):
        with pytest.raises(InvalidArgumentTypeError, match="RepeatedGame"):
            fn(PD, ("s1", "s1"))
    with pytest.raises(InvalidArgumentTypeError, match="NormalFormGame"):
        threshold(tri.RepeatedGame(PD, 0.9), ("s1", "s1"))
    with pytest.raises(InvalidArgumentTypeError, match="SignalingGame"):
        conditional_pbe(PD, bounds={"c": (0, 1)})


@pytest.mark.parametrize("bad", ARRAYLIKE_NAMES, ids=stable_repr)
def test_method_layout_and_punishment_names_must_be_strings(bad):
    with pytest.raises(InvalidArgumentTypeError):
        tri.equilibria(PD, method=bad)
    with pytest.raises(InvalidArgumentTypeError):
        best_reply_mask(PD.payoffs[None], layout=bad)
    with pytest.raises(InvalidArgumentTypeError):
        threshold(PD, ("s1", "s1"), punishment=bad)


def test_unknown_choices_suggest_the_closest():
    # one resolver (triangle.registries.check_choice): an unknown name, the closest ones
    with pytest.raises(UnknownNameError, match="did you mean 'pure'"):
        tri.equilibria(PD, method="pur")
    with pytest.raises(UnknownNameError, match="did you mean 'grim'"):
        threshold(PD, ("s1", "s1"), punishment="grimm")
    with pytest.raises(UnknownNameError, match="did you mean 'cell'"):
        best_reply_mask(PD.payoffs[None], layout="cel")


def test_a_threat_is_never_ignored():
    # minmax punishments have no threat profile: one given would be ignored silently
    for punishment in ("minmax", "pure_minmax"):
        with pytest.raises(InvalidArgumentError, match="threat"):
            threshold(PD, ("s1", "s1"), punishment=punishment, threat=("s2", "s2"))
    assert threshold(PD, ("s1", "s1"), threat=("s2", "s2")).discount == sympy.Rational(1, 2)


@pytest.mark.parametrize("bad", [object(), {1, 2}, "x", {"a": 1}, [[["a"]]]], ids=stable_repr)
def test_batch_kernels_refuse_payloads_that_are_not_numbers(bad):
    with pytest.raises(InvalidGameError):
        best_reply_mask(bad)
    with pytest.raises(InvalidGameError):
        pure_equilibria_batch(bad)


def test_batch_kernels_still_take_exact_payoffs_and_empty_batches():
    exact = PD.exact_payoffs[None]
    assert pure_equilibria_batch(exact)[0].tolist() == [[False, False], [False, True]]
    assert pure_equilibria_batch(np.zeros((0, 2, 2, 2))).shape == (0, 2, 2)


@pytest.mark.parametrize("bad", [None, "0.9", [0.9], np.array([0.5, 0.5]), float("nan"), 1.0,
                                 -0.1, sympy.Symbol("d")], ids=stable_repr)
def test_discount_factors_are_checked_by_one_function(bad):
    with pytest.raises(InvalidGameError, match="discount"):
        outer_approximation(PD, bad)
    with pytest.raises(InvalidGameError, match="discount"):
        finite_horizon(PD, bad if not isinstance(bad, float) or bad != 1.0 else 2.0, 2)


@pytest.mark.parametrize("bad", [float("nan"), "yes", np.array([True, False]), None])
def test_exact_is_a_flag(bad):
    for fn in (support_enumeration, vertex_enumeration, lexicographic_search):
        with pytest.raises(InvalidArgumentTypeError, match="exact"):
            fn(PD, exact=bad)


def test_the_two_player_enumerations_share_one_entry_check():
    three = tri.NormalFormGame(np.zeros((3, 2, 2, 2)))
    for fn, name in ((vertex_enumeration, "vertex enumeration"),
                     (lexicographic_search, "lexicographic search")):
        with pytest.raises(UnsupportedGameError, match=f"{name} solves two-player games"):
            fn(three)
        for kwargs in ({"tol": -1}, {"max_seconds": 0}, {"progress": "bar"}):
            with pytest.raises(InvalidArgumentError):
                fn(PD, **kwargs)


def _quiche():
    c = sympy.Symbol("c")
    u = np.zeros((2, 2, 2, 2), dtype=object)
    u[0, 0], u[0, 1] = [[2, 0], [3, 1]], [[3, 1], [3 - c, 1 - c]]
    u[1, 0], u[1, 1] = [[0, 1], [0, 1]], [[1, 0], [1, 0]]
    return tri.SignalingGame(u, [sympy.Rational(1, 10), sympy.Rational(9, 10)],
                             ("weak", "strong"), ("beer", "quiche"), ("not", "duel"))


def test_bounds_names_are_used_or_refused():
    game = _quiche()
    assert len(conditional_pbe(game, bounds={"c": (0, 1)})) == 3
    with pytest.raises(UnknownNameError, match="bounds: unknown factor 'cc'"):
        conditional_pbe(game, bounds={"cc": (0, 1)})
    x = sympy.Symbol("x")
    tree = tri.SequentialGame(("A", {"l": (x, 0), "r": (1, 2)}), players=("A", "B"))
    with pytest.raises(UnknownNameError, match="bounds"):
        tree.subgame_perfect_conditions(bounds={"xx": (0, 1)})
    with pytest.raises(InvalidGameError, match="pair"):
        tree.subgame_perfect_conditions(bounds={"x": (0, float("inf"))})


# --------------------------------------------------------------------------- deep trees
def _chain(depth, named):
    node = (0, 1)
    for k in range(depth, 0, -1):
        node = Decision("A" if k % 2 else "B", {"s": (2 * k + 1, 2 * k), "c": node},
                        name=f"n{k}" if named else None)
    return node


def test_labels_are_written_once_and_equal_the_nodes_labels():
    game = tri.SequentialGame(
        ("A", {"l": ("chance", {"h": (0.5, ("B", {"x": (1, 0), "y": (0, 1)})),
                                "t": (0.5, ("B", {"x": (0, 1)}, "named"))}),
               "r": ("A", {"u": (2, 0), "v": ("B", {"z": (1, 1)})})}),
        players=("A", "B"))
    tree = game.tree
    labels = bi.decision_labels(tree)
    assert labels == {k: n.label for k, n in enumerate(tree.nodes) if n.kind == "decision"}
    assert bi.label_chars(tree) == sum(map(len, labels.values()))
    [eq] = bi.backward_induction(game)
    assert set(eq.strategies["B"]) == {"l/h", "named", "r/v"}
    assert eq.normal_form_profile[1] == "l/h:y, named:x, r/v:z"


def test_an_answer_with_too_many_label_characters_is_refused_before_it_is_written():
    depth = 600  # unnamed: labels of about depth**2 = 360,000 characters
    game = tri.SequentialGame(_chain(depth, named=False), players=("A", "B"))
    chars = bi.label_chars(game.tree)
    assert chars == (depth - 1) ** 2 + len("root")  # "c", "c/c", ...: 2k - 1 each
    with pytest.raises(WorkLimitError, match="Name the decision nodes"):
        bi.backward_induction(game, max_label_chars=chars)
    with pytest.raises(WorkLimitError, match="max_label_chars=None"):  # the method too
        game.subgame_perfect_equilibria(max_label_chars=chars)
    [eq] = bi.backward_induction(game, max_label_chars=3 * chars)
    assert eq.strategies["B"]["/".join("c" * (depth - 1))] == "s"
    # named nodes: short labels, no refusal at any depth
    named = tri.SequentialGame(_chain(depth, named=True), players=("A", "B"))
    assert bi.label_chars(named.tree) < 5 * depth
    [eq2] = bi.backward_induction(named, max_label_chars=20 * depth)
    assert eq2.path == eq.path
    for bad in (-1, 1.5, "many"):
        with pytest.raises(InvalidArgumentError):
            bi.backward_induction(game, max_label_chars=bad)
