"""The one compiled evaluator: values, layouts, caching by expressions, errors."""

import pickle

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import triangle as tri
from triangle.errors import InvalidArgumentError, InvalidGameError, InvalidSampleError
from triangle.games.compiled import compile_payoffs, sample_major

a, b, c = sympy.symbols("a b c")
SHARED = (a + b) * (1 - c)  # appears in several cells: compiled once
CELLS = [[[SHARED, a * b], [sympy.Rational(1, 3), a - SHARED]],
         [[sympy.exp(c) * b, 2], [SHARED ** 2, -b / (1 + a * a)]]]


def game():
    return tri.NormalFormGame(CELLS)


def by_substitution(g, values):
    """The payoffs at one point, by sympy substitution (no compiled code)."""
    subs = {s: values[n] for n, s in g.factors.items()}
    return np.array([float(e.xreplace(subs)) for e in g.payoffs.flat]).reshape(g.payoffs.shape)


points = st.lists(
    st.tuples(*(st.floats(-3, 3, allow_nan=False) for _ in range(3))), min_size=1, max_size=9
)


@settings(max_examples=40, deadline=None)
@given(points)
def test_every_way_to_evaluate_agrees_with_substitution(rows):
    g = game()
    f = compile_payoffs(g)
    table = np.array(rows)
    want = np.stack([by_substitution(g, dict(zip("abc", r))) for r in table])
    np.testing.assert_allclose(f.evaluate(table), want, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(np.moveaxis(f.evaluate(table, layout="cell"), -1, 0), want,
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(f.evaluate(dict(zip("abc", table.T))), want, rtol=1e-12,
                               atol=1e-12)
    np.testing.assert_allclose(f(*table.T), want, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(g.compiled()(*table.T), want, rtol=1e-12, atol=1e-12)
    buffer = np.empty((f.n_cells, len(table)))
    np.testing.assert_allclose(sample_major(f.fill(list(table.T), buffer), f.shape), want,
                               rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("chunk", [1, 3, 4096])
def test_chunks_and_held_values_change_nothing(chunk):
    f = compile_payoffs(game())
    rng = np.random.default_rng(0)
    x = rng.random((10, 3))
    whole = f.evaluate(x)
    np.testing.assert_array_equal(f.evaluate(x, chunk_size=chunk), whole)
    held = f.evaluate({"a": x[:, 0], "b": 0.5, "c": x[:, 2]}, chunk_size=chunk)
    x[:, 1] = 0.5
    np.testing.assert_array_equal(held, f.evaluate(x))


def test_broadcasting_call_keeps_the_lead_shape():
    f = game().compiled()
    grid_a, grid_b = np.meshgrid(np.linspace(0, 1, 4), np.linspace(1, 2, 3))
    u = f(grid_a, grid_b, 0.25)
    assert u.shape == (3, 4, 2, 2, 2)
    np.testing.assert_allclose(u[2, 1], by_substitution(game(), {"a": grid_a[2, 1],
                                                                 "b": grid_b[2, 1], "c": 0.25}))
    assert f(1.0, 2.0, 0.0).shape == (2, 2, 2)


def test_looking_up_a_game_does_not_walk_its_expressions(monkeypatch):
    g = game()
    f = compile_payoffs(g)

    def walked(self):
        raise AssertionError("game.factors was computed on a cache hit")

    monkeypatch.setattr(tri.NormalFormGame, "factors", property(walked))
    assert compile_payoffs(g) is f


def test_cached_by_the_expressions_not_the_game():
    g1, g2 = game(), game()
    assert g1 is not g2
    f = compile_payoffs(g1)
    assert compile_payoffs(g2) is f
    assert g1.compiled() is f and g2.compiled() is f
    assert compile_payoffs(np.array(CELLS, dtype=object)) is f  # same cells, default order
    # another argument order is another function, and evaluates in that order
    g = compile_payoffs(g1, symbols=["c", "b", "a"])
    assert g is not f and g.names == ("c", "b", "a")
    x = np.array([[0.1, 0.2, 0.3]])
    np.testing.assert_array_equal(g.evaluate(x[:, ::-1]), f.evaluate(x))
    # a different game is a different function
    assert compile_payoffs(tri.NormalFormGame([[[a, 1]], [[0, b]]])) is not f


def test_common_subexpressions_are_computed_once():
    f = compile_payoffs(game())
    # (a0 + a1)*(1 - a2) appears in four cells but is evaluated once, into a temporary
    assert f.source.count("a0 + a1") == 1


def test_subsets_fill_their_rows_of_a_larger_buffer():
    f = compile_payoffs([b, a * b])
    out = np.full((4, 2), -1.0)
    f.fill([np.array([1.0, 2.0]), np.array([3.0, 4.0])], out, rows=[3, 1])
    np.testing.assert_array_equal(out, [[-1, -1], [3, 8], [-1, -1], [3, 4]])


def test_constant_payoffs_and_numeric_games():
    f = compile_payoffs(tri.NormalFormGame([[[1, 2]], [[3, 4.5]]]))
    assert f.names == () and f.source == ""
    np.testing.assert_array_equal(f(), [[[1, 2]], [[3, 4.5]]])
    np.testing.assert_array_equal(f.evaluate(np.zeros((2, 0)))[1], [[[1, 2]], [[3, 4.5]]])
    mixed = compile_payoffs([a, 7])
    np.testing.assert_array_equal(mixed.evaluate({"a": [1.0, 2.0]}), [[1, 7], [2, 7]])


def test_pickles_by_its_expressions():
    f = compile_payoffs(game())
    g = pickle.loads(pickle.dumps(f))
    assert g.names == f.names and g.shape == f.shape
    x = np.random.default_rng(1).random((5, 3))
    np.testing.assert_array_equal(g.evaluate(x), f.evaluate(x))


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda f: f.evaluate(np.zeros((2, 2))), InvalidSampleError, r"\(k, 3\)"),
        (lambda f: f.evaluate({"a": 1.0, "b": 2.0}), InvalidSampleError, r"\['c'\]"),
        (lambda f: f.evaluate({"a": [1.0, 2.0], "b": [1.0], "c": 0}), InvalidSampleError,
         "same length"),
        (lambda f: f.evaluate(np.zeros((1, 3)), layout="rows"), InvalidArgumentError, "layout"),
        (lambda f: f(1.0, 2.0), InvalidArgumentError, "one value or array per factor"),
        (lambda f: f.fill([1.0], np.zeros((8, 1))), InvalidArgumentError, "one array"),
        (lambda f: f.fill([1.0, 2.0, 3.0], np.zeros((8, 1)), rows=[0]), InvalidArgumentError,
         "rows"),
    ],
)
def test_bad_calls_say_what_was_expected(call, error, match):
    with pytest.raises(error, match=match):
        call(compile_payoffs(game()))


def test_bad_expressions_and_symbols():
    with pytest.raises(InvalidArgumentError, match=r"use \['b'\]"):
        compile_payoffs([a + b], symbols=[a])
    with pytest.raises(InvalidArgumentError, match="distinct"):
        compile_payoffs([a], symbols=["a", "a"])
    with pytest.raises(InvalidGameError, match="real number"):
        compile_payoffs([sympy.I])
    with pytest.raises(InvalidGameError, match="numbers or sympy"):
        compile_payoffs(["a + b"])
    with pytest.raises(InvalidGameError, match="unhashable"):
        compile_payoffs(np.array([a, [1]], dtype=object))
