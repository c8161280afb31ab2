"""Plots use the Okabe-Ito palette only; tornado and regime tables as DataFrames."""

import sys

import numpy as np
import pytest
import sympy

import triangle as tri
from tests.plotting import PYPLOT, pyplot
from triangle.errors import MissingDependencyError
from triangle.sensitivity import outcomes, regime_map, tornado
from triangle.sensitivity.global_indices import MorrisIndices, SobolIndices
from triangle.sensitivity.plots import OKABE_ITO, plot_robustness
from triangle.sensitivity.tornado import Tornado, TornadoBar
from triangle.verdicts.robustness import ClaimRobustness, RobustnessTable

# One xdist worker draws every plot (it alone imports pyplot: tests/plotting.py).
pytestmark = PYPLOT

ALLOWED = {c.lower() for c in OKABE_ITO.values()}
# neutral greys and white (bars' fill, edges, guide lines) carry no category
NEUTRAL = {"#999999", "#d9d9d9", "#666666", "#ffffff", "#000000"}


def to_hex(colour):
    from matplotlib.colors import to_hex

    return to_hex(colour)


def colours_drawn(ax):
    """Every face and edge colour of the artists the plot added (lines, bars, points, mesh)."""
    found = set()
    for line in ax.get_lines():
        found |= {to_hex(line.get_color()), to_hex(line.get_markerfacecolor())}
    for patch in ax.patches:
        found.add(to_hex(patch.get_facecolor()))
    for coll in ax.collections:
        if hasattr(coll, "get_cmap") and coll.get_array() is not None and coll.cmap.N < 64:
            found |= {to_hex(coll.cmap(k)) for k in range(coll.cmap.N)}
        else:
            found |= {to_hex(c) for c in coll.get_facecolors()}
    return found


def assert_palette(ax):
    extra = colours_drawn(ax) - ALLOWED - NEUTRAL
    assert not extra, f"colours outside the Okabe-Ito palette: {extra}"


def test_palette_is_okabe_ito():
    assert list(OKABE_ITO.values()) == ["#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                        "#56B4E9", "#D55E00", "#F0E442", "#000000"]


def test_every_plot_draws_from_the_palette():
    a, b = sympy.symbols("a b")
    g = tri.NormalFormGame.from_bimatrix([[a, 0], [0, b]], [[1, 0], [0, 1]])
    m = regime_map(g, "a", "b", ranges={"a": (-1, 1), "b": (-1, 1)}, resolution=9)
    ax = m.plot(mark=(0.5, 0.5))
    assert_palette(ax)
    mesh = ax.collections[0]
    assert [to_hex(mesh.cmap(k)) for k in range(mesh.cmap.N)] == [
        c.lower() for c in list(OKABE_ITO.values())[: len(m.labels)]]
    out = outcomes.gap(g, 0, "s1", "s2", {"Player 2": "s1"})
    assert_palette(tornado(g, out, at={"a": 0, "b": 0},
                           ranges={"a": (-1, 1), "b": (-1, 1)}).plot())
    s = SobolIndices("gap", ("a", "b"), np.array([.8, .1]), np.array([.05, .05]),
                     np.array([.85, .15]), np.array([.05, .05]), 1024)
    assert_palette(s.plot())
    mo = MorrisIndices("gap", ("a", "b"), np.array([4., 1.]), np.array([4., 1.]),
                       np.array([0., 0.]), np.array([.1, .1]), 12)
    assert_palette(mo.plot())
    rows = (ClaimRobustness("c1", "000.txt", "holds", True, 0.75, (0.7, 0.8), ()),
            ClaimRobustness("c2", "001.txt", "fails", False, 0.0, (0.0, 0.01), ()),
            ClaimRobustness("c3", "002.txt", "unchecked", None, 0.5, (0.4, 0.6), ()))
    ax = plot_robustness(RobustnessTable(rows, 1000, 0))
    assert_palette(ax)
    # holds and fails differ in colour (blue, vermillion) and in marker shape
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["holds at its scenario", "fails at its scenario",
                      "not checked at a scenario"]
    pyplot().close("all")


def test_regime_map_with_more_outcomes_than_colours_hatches_the_repeats():
    x, y = sympy.symbols("x y")
    # player 1's best strategy among ten steps up with x + 10 y: ten regimes
    k = 10
    g = tri.NormalFormGame([[[-(x + 10 * y - j) ** 2] for j in range(k)],
                            [[0] for _ in range(k)]])
    m = regime_map(g, "x", "y", ranges={"x": (0, 9.9), "y": (0, 0.99)}, resolution=(40, 3))
    assert len(m.labels) == k
    ax = m.plot()
    assert_palette(ax)
    # the ninth and tenth regions reuse blue and orange, hatched: unlike the first two
    assert [list(c.hatches) for c in ax.collections[1:]] == [["//"], ["//"]]
    legend = ax.get_legend().get_patches()
    assert [p.get_hatch() or "" for p in legend] == [""] * len(OKABE_ITO) + ["//", "//"]
    assert to_hex(legend[8].get_facecolor()) == to_hex(legend[0].get_facecolor())
    assert m.plot(cmap="viridis").get_legend() is not None  # a named colormap still works
    pyplot().close("all")


def test_tornado_and_regime_map_to_df():
    pd = pytest.importorskip("pandas")
    a, b = sympy.symbols("a b")
    g = tri.NormalFormGame.from_bimatrix([[2 * a + b, 0], [0, b]], [[1, 0], [0, 1]])
    out = outcomes.gap(g, 0, "s1", "s2", {"Player 2": "s1"})
    t = tornado(g, out, at={"a": 0, "b": 0}, ranges={"a": (-1, 1), "b": (-1, 1)})
    df = t.to_df()
    assert isinstance(df, pd.DataFrame) and list(df.index) == t.ranking() == ["a", "b"]
    assert df.loc["a", "swing"] == pytest.approx(4.0) and df.loc["b", "at_high"] == 1.0
    m = regime_map(g, "a", "b", ranges={"a": (-1, 1), "b": (-1, 1)}, resolution=(3, 4))
    rdf = m.to_df()
    assert len(rdf) == 12 and list(rdf.columns) == ["a", "b", m.outcome]
    for row in rdf.itertuples(index=False):
        assert row[2] == m.label_at(row[0], row[1])


def test_tables_without_pandas_name_the_extra(monkeypatch):
    t = Tornado("gap", 0.0, (TornadoBar("relief", 0, 4, -1.0, 1.0, -1.0, 1.0),))
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingDependencyError, match=r"triangle\[pandas\]"):
        t.to_df()
