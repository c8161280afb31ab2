"""Plots of the sensitivity results (matplotlib, the ``plot`` extra, imported on first use).

Each function draws on ``ax`` (a new figure's axes when ``None``) and returns the axes,
so plots compose in notebooks and papers. Every colour comes from :data:`OKABE_ITO`, a
palette that readers with any common colour-vision deficiency can tell apart (Okabe
and Ito 2008); where two marks must be told apart they also differ in shape.

>>> list(OKABE_ITO)[:3], OKABE_ITO["blue"]
(['blue', 'orange', 'bluish green'], '#0072B2')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from triangle.sensitivity._optional import require

if TYPE_CHECKING:
    from triangle.sensitivity.global_indices import MorrisIndices, SobolIndices
    from triangle.sensitivity.regimes import RegimeMap
    from triangle.sensitivity.tornado import Tornado
    from triangle.verdicts.robustness import RobustnessTable

__all__ = ["OKABE_ITO", "plot_indices", "plot_regime_map", "plot_robustness", "plot_tornado"]

#: The Okabe-Ito colour-blind-safe palette, in the order categories take it (the same
#: order as the report page's figures). Every plot here draws its colours from it.
OKABE_ITO: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "bluish green": "#009E73",
    "reddish purple": "#CC79A7",
    "sky blue": "#56B4E9",
    "vermillion": "#D55E00",
    "yellow": "#F0E442",
    "black": "#000000",
}
_GREY = "#999999"  # "not known": a neutral grey, outside the categorical palette


def _axes(ax: Any, figsize: tuple[float, float]) -> Any:
    plt = require("matplotlib.pyplot", "plot", "plots")
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def plot_regime_map(rmap: RegimeMap, ax: Any = None, *, cmap: str | None = None,
                    legend: bool = True, mark: tuple[float, float] | None = None) -> Any:
    """Colour each outcome's region; ``mark`` puts a cross at a point (e.g. the baseline).

    Regions take the colours of :data:`OKABE_ITO` in order (the most frequent outcome
    first); ``cmap`` names a matplotlib colormap to use instead. With more outcomes than
    colours, the colours repeat and the rest are hatched so no two regions look alike.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> import sympy, triangle as tri
    >>> from triangle.sensitivity import regime_map
    >>> a, b = sympy.symbols("a b")
    >>> g = tri.NormalFormGame.from_bimatrix([[a, 0], [0, b]], [[1, 0], [0, 1]])
    >>> ax = regime_map(g, "a", "b", ranges={"a": (-1, 1), "b": (-1, 1)}, resolution=11).plot()
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('a', 'b')
    """
    require("matplotlib", "plot", "plots")
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    ax = _axes(ax, (6.4, 4.8))
    k = len(rmap.labels)
    if cmap is None:
        base = list(OKABE_ITO.values())
        palette = [base[j % len(base)] for j in range(k)]
    else:
        colours = require("matplotlib", "plot", "plots").colormaps[cmap]
        palette = [colours(j % colours.N) for j in range(k)]
    n_colours = len(OKABE_ITO) if cmap is None else k
    hatches = ["" if j < n_colours else ("//", "\\\\", "xx", "..")[(j // n_colours - 1) % 4]
               for j in range(k)]
    ax.pcolormesh(rmap.x_values, rmap.y_values, rmap.regimes, shading="nearest",
                  cmap=ListedColormap(palette), norm=BoundaryNorm(np.arange(k + 1) - 0.5, k))
    flat = len(rmap.x_values) < 2 or len(rmap.y_values) < 2  # no area to hatch
    for j in range(n_colours, 0 if flat else k):  # hatch the regions whose colour repeats
        ax.contourf(rmap.x_values, rmap.y_values, (rmap.regimes == j).astype(float),
                    levels=[0.5, 1.5], colors="none", hatches=[hatches[j]])
    ax.set_xlabel(rmap.x)
    ax.set_ylabel(rmap.y)
    ax.set_title(rmap.outcome)
    if mark is not None:  # white under black: visible on every colour of the palette
        ax.plot([mark[0]], [mark[1]], marker="x", color="white", markersize=12, mew=4)
        ax.plot([mark[0]], [mark[1]], marker="x", color=OKABE_ITO["black"], markersize=10,
                mew=2)
    if legend:
        ax.legend(handles=[Patch(facecolor=palette[j], hatch=hatches[j], label=rmap.labels[j])
                           for j in range(k)],
                  loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small",
                  frameon=False)
    return ax


def plot_tornado(t: Tornado, ax: Any = None, *, top: int | None = 15, zero: bool = True
                 ) -> Any:
    """Horizontal bars from each factor's minimum to maximum effect, largest at the top.

    The bar's ends are marked by which end of the factor's range gives them (``low`` a
    blue circle, ``high`` a vermillion square); the solid line is the outcome at the point, the
    dotted one zero (where a payoff gap changes sign), when ``zero``.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> from triangle.sensitivity.tornado import Tornado, TornadoBar
    >>> t = Tornado("gap", 0.0, (TornadoBar("relief", 0, 4, -1.0, 1.0, -1.0, 1.0),))
    >>> plot_tornado(t).get_yticklabels()[0].get_text()
    'relief'
    """
    bars = t.bars[:top] if top else t.bars
    ax = _axes(ax, (6.4, 0.9 + 0.35 * max(len(bars), 1)))
    y = np.arange(len(bars))[::-1]
    for yi, b in zip(y, bars):
        ax.barh(yi, b.maximum - b.minimum, left=b.minimum, color="0.85", edgecolor="0.4")
        ax.plot([b.at_low], [yi], "o", color=OKABE_ITO["blue"],
                label="factor at low" if yi == y[0] else None)
        ax.plot([b.at_high], [yi], "s", color=OKABE_ITO["vermillion"],
                label="factor at high" if yi == y[0] else None)
    ax.axvline(t.baseline, color=OKABE_ITO["black"], lw=1)
    if zero:
        ax.axvline(0.0, color="0.4", lw=1, ls=":")
    ax.use_sticky_edges = False  # bars would pin the limits to their ends
    ax.margins(x=0.05)
    ax.set_yticks(y, [b.factor for b in bars])
    ax.set_xlabel(t.outcome)
    if bars:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small",
                  frameon=False)
    return ax


def plot_indices(res: SobolIndices | MorrisIndices, ax: Any = None, *, top: int | None = 15
                 ) -> Any:
    """Sobol': bars of S1 and ST with confidence intervals. Morris: mu_star against sigma.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> import numpy as np
    >>> from triangle.sensitivity.global_indices import SobolIndices
    >>> s = SobolIndices("gap", ("a", "b"), np.array([.8, .1]), np.array([.05, .05]),
    ...                  np.array([.85, .15]), np.array([.05, .05]), 1024)
    >>> plot_indices(s).get_ylabel()
    'share of variance'
    """
    from triangle.sensitivity.global_indices import SobolIndices

    if isinstance(res, SobolIndices):
        order = np.argsort(-res.ST, kind="stable")[: top or None]
        ax = _axes(ax, (6.4, 4.0))
        x = np.arange(len(order))
        ax.bar(x - 0.2, res.S1[order], 0.4, yerr=res.S1_conf[order], label="first order S1",
               color=OKABE_ITO["blue"])
        ax.bar(x + 0.2, res.ST[order], 0.4, yerr=res.ST_conf[order], label="total ST",
               color=OKABE_ITO["orange"], hatch="//")
        ax.set_xticks(x, [res.factors[k] for k in order], rotation=45, ha="right")
        ax.set_ylabel("share of variance")
        ax.set_title(f"Sobol' indices: {res.outcome}")
        ax.legend(fontsize="small")
        return ax
    ax = _axes(ax, (6.4, 4.8))
    ax.scatter(res.mu_star, res.sigma, color=OKABE_ITO["blue"])
    order = np.argsort(-res.mu_star, kind="stable")[: top or None]
    for k in order:
        ax.annotate(res.factors[k], (res.mu_star[k], res.sigma[k]), fontsize="small",
                    xytext=(3, 3), textcoords="offset points")
    ax.set_xlabel("mu* (mean absolute elementary effect)")
    ax.set_ylabel("sigma (non-linearity, interactions)")
    ax.set_title(f"Morris screening: {res.outcome}")
    return ax


def plot_robustness(table: RobustnessTable, ax: Any = None) -> Any:
    """The share of the plausible factor space in which each claim holds, with 95% intervals.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> from triangle.verdicts.robustness import ClaimRobustness, RobustnessTable
    >>> row = ClaimRobustness("c1", "000.txt", "a statement", True, 0.25, (0.2, 0.3), ())
    >>> plot_robustness(RobustnessTable((row,), 1000, 0)).get_xlabel()
    'share of the plausible factor space where the claim holds'
    """
    rows = list(table.rows)
    ax = _axes(ax, (6.4, 0.9 + 0.28 * max(len(rows), 1)))
    y = np.arange(len(rows))[::-1]
    shares = np.array([r.share for r in rows])
    lo = shares - np.array([r.interval[0] for r in rows])
    hi = np.array([r.interval[1] for r in rows]) - shares
    # blue / vermillion, not green / red: the pair stays distinct for colour-blind readers
    style = {True: (OKABE_ITO["blue"], "o", "holds at its scenario"),
             False: (OKABE_ITO["vermillion"], "s", "fails at its scenario"),
             None: (_GREY, "D", "not checked at a scenario")}
    colours = [style[r.holds_at_baseline][0] for r in rows]
    ax.barh(y, shares, xerr=[lo, hi], color=colours)
    for key, (colour, marker, label) in style.items():  # visible when the share is ~0
        idx = [j for j, r in enumerate(rows) if r.holds_at_baseline is key]
        if idx:
            ax.scatter(shares[idx], y[idx], color=colour, marker=marker, s=16, zorder=3,
                       label=label)
    ax.set_yticks(y, [r.id for r in rows], fontsize="small")
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the plausible factor space where the claim holds")
    ax.set_title("its scenario: the baseline, or 1972 for historical claims")
    if rows:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small",
                  frameon=False)
    return ax
