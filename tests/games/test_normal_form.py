"""NormalFormGame: construction, validation, names, substitution, sub-games, display."""

from fractions import Fraction

import numpy as np
import pytest
import sympy

import triangle as tri
from triangle.errors import (
    InvalidGameError,
    SymbolicGameError,
    UnknownNameError,
    UnsupportedGameError,
)

PD = [[[3, 0], [5, 1]], [[3, 5], [0, 1]]]


def test_defaults_and_properties():
    g = tri.NormalFormGame(PD)
    assert g.players == ("Player 1", "Player 2")
    assert g.strategies == (("s1", "s2"), ("s1", "s2"))
    assert g.shape == (2, 2)
    assert g.n_players == 2
    assert g.payoffs.dtype == float
    assert not g.is_symbolic
    assert g.factors == {}
    assert g.exact_payoffs[0, 1, 0] == Fraction(5)


def test_payoffs_are_read_only():
    g = tri.NormalFormGame(PD)
    with pytest.raises(ValueError):
        g.payoffs[0, 0, 0] = 99


def test_three_players_names():
    u = np.arange(3 * 2 * 3 * 2).reshape(3, 2, 3, 2)
    g = tri.NormalFormGame(
        u, players=("US", "Russia", "China"), strategies=(("a", "b"), ("p", "h", "s"), ("r", "x"))
    )
    assert g.shape == (2, 3, 2)
    assert g.strategy_index("Russia", "s") == 2
    assert g.player_index("China") == 2
    assert g.expected_payoffs(("b", "h", "x")).tolist() == [u[i, 1, 1, 1] for i in range(3)]


@pytest.mark.parametrize(
    "payoffs, match",
    [
        ([[[1, 2], [3]], [[1, 2], [3, 4]]], "ragged"),
        ([[1, 2], [3, 4]], "at least two players"),
        ([[[1, 2]], [[1, 2]], [[1, 2]]], "expected shape"),
        (np.zeros((2, 0, 2)), "at least one strategy"),
        ([[[1, np.nan]], [[1, 2]]], "finite"),
        ([[[1, np.inf]], [[1, 2]]], "finite"),
        (np.ones((2, 1, 2), dtype=bool), "booleans"),
        ([[["a", "b"]], [["c", "d"]]], "numbers"),
        ([[[1, sympy.zoo]], [[1, 2]]], "finite"),
        (np.zeros((1, 3)), "at least two players"),
    ],
)
def test_bad_payoffs(payoffs, match):
    with pytest.raises(InvalidGameError, match=match):
        tri.NormalFormGame(payoffs)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"players": ("A",)}, "2 but 1 names"),
        ({"players": ("A", "A")}, "unique"),
        ({"players": "AB"}, "single string"),
        ({"strategies": (("x", "y"),)}, "one sequence of names per player"),
        ({"strategies": (("x", "x"), ("y", "z"))}, "unique"),
        ({"strategies": (("x",), ("y", "z"))}, "2 but 1 names"),
        ({"players": ("A", "")}, "non-empty strings"),
    ],
)
def test_bad_names(kwargs, match):
    with pytest.raises(InvalidGameError, match=match):
        tri.NormalFormGame(PD, **kwargs)


def test_errors_are_builtin_subclasses():
    with pytest.raises(ValueError):
        tri.NormalFormGame([[1]])
    assert issubclass(UnknownNameError, KeyError)
    assert issubclass(SymbolicGameError, TypeError)


def test_from_bimatrix_and_nashpy():
    g = tri.NormalFormGame.from_bimatrix([[1, 2, 3]], [[4, 5, 6]])
    assert g.shape == (1, 3)
    nash = g.to_nashpy()
    assert np.array_equal(nash.payoff_matrices[1], [[4, 5, 6]])
    with pytest.raises(InvalidGameError, match="same shape"):
        tri.NormalFormGame.from_bimatrix([[1, 2]], [[1], [2]])
    with pytest.raises(InvalidGameError, match="two-player"):
        tri.NormalFormGame(np.zeros((3, 2, 2, 2))).to_nashpy()
    with pytest.raises(UnsupportedGameError, match=r"triangle\.equilibria"):
        tri.NormalFormGame(np.zeros((3, 2, 2, 2))).to_nashpy()


def test_symbolic_game_and_subs():
    a, b = sympy.symbols("a b")
    g = tri.NormalFormGame([[[a, b]], [[a * b, 1]]])
    assert g.is_symbolic
    assert list(g.factors) == ["a", "b"]
    partial = g.subs({"a": 2})
    assert partial.is_symbolic and list(partial.factors) == ["b"]
    full = g.subs({a: Fraction(1, 3), "b": 3})
    assert not full.is_symbolic
    assert full.exact_payoffs[1, 0, 0] == Fraction(1)
    assert full.exact_payoffs[0, 0, 0] == Fraction(1, 3)
    with pytest.raises(SymbolicGameError, match="subs"):
        g.expected_payoffs((0, 0))
    with pytest.raises(UnknownNameError, match="did you mean 'a'") as info:
        g.subs({"aa": 1})
    assert isinstance(info.value, KeyError)
    with pytest.raises(InvalidGameError, match="finite"):
        g.subs({"a": float("nan")})


def test_subs_with_a_value_making_payoff_infinite_is_refused():
    a = sympy.Symbol("a")
    g = tri.NormalFormGame([[[1 / a, 0]], [[0, 1]]])
    with pytest.raises(InvalidGameError, match="finite"):
        g.subs({"a": 0})


def test_compiled_matches_subs():
    a, b = sympy.symbols("a b")
    g = tri.NormalFormGame([[[a + b, 2 * a], [b**2, 1]], [[a, 0], [a * b, b]]])
    f = g.compiled()
    xs = np.array([0.5, 1.5, -2.0])
    ys = np.array([1.0, 0.0, 3.0])
    batch = f(xs, ys)
    assert batch.shape == (3, 2, 2, 2)
    for k in range(3):
        np.testing.assert_allclose(batch[k], g.subs({"a": xs[k], "b": ys[k]}).payoffs)


def test_restrict_keeps_exact_payoffs_and_names():
    g = tri.NormalFormGame(
        [[[Fraction(1, 3), 0, 1]], [[0, 1, 2]]], strategies=(("t",), ("l", "m", "r"))
    )
    sub = g.restrict([["t"], ["r", 0]])
    assert sub.strategies == (("t",), ("l", "r"))
    assert sub.exact_payoffs[0, 0, 0] == Fraction(1, 3)
    with pytest.raises(InvalidGameError, match="at least one"):
        g.restrict([["t"], []])
    with pytest.raises(UnknownNameError):
        g.restrict({"Player 2": ["x"]})


def test_float_payoffs_read_exactly_by_decimal_repr():
    g = tri.NormalFormGame([[[0.1, 0.2]], [[0, 0]]])
    assert g.exact_payoffs[0, 0, 1] == Fraction(1, 5)


def test_irrational_payoffs_have_no_exact_form():
    g = tri.NormalFormGame([[[sympy.sqrt(2), 0]], [[0, 0]]])
    assert g.payoffs[0, 0, 0] == pytest.approx(2**0.5)
    with pytest.raises(InvalidGameError, match="irrational"):
        g.exact_payoffs  # noqa: B018


def test_display_text_html_latex():
    g = tri.NormalFormGame(np.arange(24).reshape(3, 2, 2, 2), players=("US", "Russia", "China"))
    text = str(g)
    assert "[China: s1]" in text and "[China: s2]" in text
    html = g._repr_html_()
    assert html.count("<table>") == 2 and "US \\ Russia" in html
    latex = g.to_latex(caption="A game")
    assert latex.count("\\begin{tabular}") == 2 and "A game" in latex
    assert g._repr_latex_().startswith("$$")
    x = sympy.Symbol("relief_x")
    s = tri.NormalFormGame([[[x, 0]], [[0, 1]]])
    assert "relief_{x}" in s._repr_latex_() or "relief" in s._repr_latex_()
    assert "relief_x" in s._repr_html_()


@pytest.mark.parametrize("value", ["a", "0.5", 1 + 2j, None, [1]])
def test_subs_refuses_values_that_are_not_real_numbers(value):
    a = sympy.Symbol("a")
    g = tri.NormalFormGame([[[a, 0]], [[0, 1]]])
    with pytest.raises(InvalidGameError, match="expected a real number"):
        g.subs({"a": value})


def test_subs_skips_registered_factors_a_variant_does_not_use_but_not_typos():
    game = tri.models.simultaneous()  # the 'russia' variant has no Taiwan terms
    values = dict(tri.scenarios["baseline"].values)  # a plain dict of every registry factor
    assert "taiwan_pressure" in values and "taiwan_pressure" not in game.factors
    assert not game.subs(values).is_symbolic
    with pytest.raises(UnknownNameError, match="did you mean 'sanctions_relief'"):
        game.subs({"sanction_relief": 0.5})


def test_subs_skips_exactly_the_names_a_registered_provider_knows():
    from triangle.games.symbolic import register_known_names

    a = sympy.Symbol("a")
    g = tri.NormalFormGame([[[a, 0]], [[0, 1]]])
    with pytest.raises(UnknownNameError):
        g.subs({"a": 1, "elsewhere_defined": 2})
    forget = register_known_names(lambda name: name == "elsewhere_defined")
    try:
        assert not g.subs({"a": 1, "elsewhere_defined": 2}).is_symbolic
        with pytest.raises(UnknownNameError):  # a provider vouches for its own names only
            g.subs({"a": 1, "elsewhere_defned": 2})
    finally:
        forget()
    with pytest.raises(UnknownNameError):
        g.subs({"a": 1, "elsewhere_defined": 2})


def test_every_game_type_resolves_subs_the_same_way():
    x = sympy.Symbol("x")
    normal = tri.NormalFormGame([[[x, 0]], [[0, 1]]])
    tree = tri.SequentialGame(("A", {"l": (x, 0), "r": (0, 1)}), players=("A", "B"))
    repeated = tri.RepeatedGame(normal, x)
    for game in (normal, tree, repeated):
        assert not game.subs({"x": 0.5}).is_symbolic
        assert not game.subs(tri.scenarios["baseline"].values | {"x": 0.5}).is_symbolic
        with pytest.raises(UnknownNameError, match="did you mean 'x'"):
            game.subs({"x_": 0.5})
        with pytest.raises(InvalidGameError, match="expected a real number"):
            game.subs({"x": "0.5"})


def test_the_games_layer_imports_nothing_above_it():
    import ast

    from tests.paths import REPO

    above = ("triangle.models", "triangle.sensitivity", "triangle.verdicts", "triangle.analyze",
             "triangle.cli", "triangle.dittmer")
    for path in sorted((REPO / "triangle" / "games").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [node.module or ""] if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names] if isinstance(node, ast.Import) else []
            )
            for name in names:
                assert not name.startswith(above), f"{path.name} imports {name}"
