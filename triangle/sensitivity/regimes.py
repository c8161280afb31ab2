"""Regime maps: the outcome over a grid of two factors, the others held at a point."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from triangle.errors import InvalidGameError, unknown_name
from triangle.games.aliases import AxesLike, FrameLike, GridLike
from triangle.games.display import TableDisplay
from triangle.games.normal_form import NormalFormGame
from triangle.models.provenance import Provenance
from triangle.models.scenarios import PointLike
from triangle.registries import check_count, check_real_array, check_text
from triangle.sensitivity._inputs import InvalidSampleError, Ranges, resolve_ranges
from triangle.sensitivity._optional import require
from triangle.sensitivity._records import game_references, run_provenance
from triangle.sensitivity.outcomes import (
    Outcome,
    check_normal_form,
    check_outcome,
    equilibrium_set,
)
from triangle.sensitivity.sweep import sweep_chunks

__all__ = ["RegimeMap", "regime_map"]


@dataclass(frozen=True)
class RegimeMap(TableDisplay):
    """The outcome on a grid of two factors.

    Attributes
    ----------
    x, y
        The factors on the horizontal and vertical axes.
    x_values, y_values
        The grid, ``(nx,)`` and ``(ny,)``.
    regimes
        ``(ny, nx)`` integers: ``labels[regimes[r, c]]`` is the outcome at
        ``(x_values[c], y_values[r])``.
    labels
        The outcomes found, the most frequent first.
    outcome
        What was classified.
    provenance, references
        The run (held values, date, versions) and what it used (``triangle.cite(map)``).
    """

    x: str
    y: str
    x_values: np.ndarray
    y_values: np.ndarray
    regimes: np.ndarray
    labels: tuple[str, ...]
    outcome: str
    provenance: Provenance | None = field(default=None, compare=False)
    references: tuple[str, ...] = ("triangle",)

    _title = "Regime map"

    def _summary(self) -> str:
        return (f"of {self.outcome!r} over {self.x} ({len(self.x_values)} values) x "
                f"{self.y} ({len(self.y_values)} values)")

    def _table(self) -> tuple[list[str], list[list[Any]]]:
        rows = []
        for k, (label, share) in enumerate(self.share().items()):
            ys, xs = np.nonzero(self.regimes == k)
            rows.append([label, f"{share:.1%}",
                         f"{self.x_values[xs].min():.3g} to {self.x_values[xs].max():.3g}",
                         f"{self.y_values[ys].min():.3g} to {self.y_values[ys].max():.3g}"])
        return ["outcome", "share of the grid", f"{self.x} from", f"{self.y} from"], rows

    def __cite__(self) -> tuple[str, ...]:
        return self.references

    def share(self) -> dict[str, float]:
        """The share of the grid each outcome covers.

        >>> import sympy, triangle as tri
        >>> a, b = sympy.symbols("a b")
        >>> g = tri.NormalFormGame.from_bimatrix([[a, 0], [0, b]], [[1, 0], [0, 1]])
        >>> m = regime_map(g, "a", "b", ranges={"a": (-1, 1), "b": (0.5, 1)}, resolution=4)
        >>> m.share()
        {'s2/s2': 0.5, 's1/s1 | s2/s2': 0.5}
        """
        counts = np.bincount(self.regimes.ravel(), minlength=len(self.labels))
        return {label: float(c) / self.regimes.size for label, c in zip(self.labels, counts)}

    def label_at(self, x: float, y: float) -> str:
        """The outcome at the grid point nearest to ``(x, y)``."""
        c = int(np.argmin(np.abs(self.x_values - x)))
        r = int(np.argmin(np.abs(self.y_values - y)))
        return self.labels[self.regimes[r, c]]

    def to_df(self) -> FrameLike:
        """The grid as a long :class:`pandas.DataFrame`: one row per point, ``x, y, outcome``.

        The columns are named after the two factors and the outcome; rows run along
        ``x`` first. Needs pandas (``pip install "strategic-triangle[pandas]"``).

        >>> import sympy, triangle as tri
        >>> a, b = sympy.symbols("a b")
        >>> g = tri.NormalFormGame.from_bimatrix([[a, 0], [0, b]], [[1, 0], [0, 1]])
        >>> m = regime_map(g, "a", "b", ranges={"a": (-1, 1), "b": (-1, 1)}, resolution=2)
        >>> m.to_df()
             a    b      pure equilibria
        0 -1.0 -1.0  no pure equilibrium
        1  1.0 -1.0                s1/s1
        2 -1.0  1.0                s2/s2
        3  1.0  1.0        s1/s1 | s2/s2
        """
        pd = require("pandas", "pandas", "tables as DataFrames")
        gx, gy = np.meshgrid(self.x_values, self.y_values)
        return pd.DataFrame({self.x: gx.ravel(), self.y: gy.ravel(),
                             self.outcome: np.asarray(self.labels, dtype=object)[
                                 self.regimes.ravel()]})

    def plot(self, ax: AxesLike = None, **kwargs: Any) -> AxesLike:
        """Draw the map with matplotlib (see :func:`triangle.sensitivity.plots.plot_regime_map`).

        >>> import matplotlib; matplotlib.use("Agg")
        >>> import matplotlib.pyplot as plt
        >>> import sympy, triangle as tri
        >>> a, b = sympy.symbols("a b")
        >>> g = tri.NormalFormGame.from_bimatrix([[a, 0], [0, b]], [[1, 0], [0, 1]])
        >>> m = regime_map(g, "a", "b", ranges={"a": (-1, 1), "b": (-1, 1)}, resolution=5)
        >>> ax = m.plot(mark=(0.5, 0.5))  # a cross at a point of interest
        >>> ax.get_title(), ax.get_xlabel(), ax.get_ylabel()
        ('pure equilibria', 'a', 'b')
        >>> plt.close(ax.figure)
        """
        from triangle.sensitivity.plots import plot_regime_map

        return plot_regime_map(self, ax=ax, **kwargs)


def _axis(values: Any, name: str, box: tuple[float, float], n: int) -> np.ndarray:
    if values is None:
        return np.linspace(box[0], box[1], n)
    arr = check_real_array(values, f"the grid of {name!r}", error=InvalidSampleError)
    if arr.ndim != 1 or arr.size == 0:
        raise InvalidSampleError(f"the grid of {name!r} must be a non-empty 1-D array.")
    return arr


#: The most grid points a regime map evaluates (``nx * ny``; a million: seconds).
MAX_POINTS = 10**6


def _resolution(resolution: Any) -> tuple[int, int]:
    """``(nx, ny)`` from one count or a pair, each a whole number, the grid bounded."""
    if isinstance(resolution, (tuple, list)):
        if len(resolution) != 2:
            raise InvalidSampleError(
                f"resolution is a number of points per axis or a pair (nx, ny); got "
                f"{resolution!r}."
            )
        pair = resolution
    else:
        pair = (resolution, resolution)
    nx, ny = (int(check_count(n, "resolution", minimum=1)) for n in pair)  # type: ignore[arg-type]
    if nx * ny > MAX_POINTS:
        raise InvalidSampleError(
            f"resolution {resolution!r} asks for {nx * ny:,} grid points, more than "
            f"{MAX_POINTS:,}; a map is read at a few hundred points per axis at most: ask "
            f"for fewer, or sweep the grid in chunks with triangle.sweep_chunks."
        )
    return nx, ny


def regime_map(
    game: NormalFormGame,
    x: str,
    y: str,
    *,
    outcome: Outcome | None = None,
    at: PointLike = None,
    ranges: Ranges | None = None,
    resolution: int | tuple[int, int] = 101,
    x_values: GridLike = None,
    y_values: GridLike = None,
    allow_out_of_range: bool = False,
    chunk_size: int | None = None,
) -> RegimeMap:
    """The outcome over a grid of two factors, the others held at ``at``.

    Parameters
    ----------
    game
        A symbolic game.
    x, y
        The two factors (the grid spans their plausible ranges unless ``x_values`` /
        ``y_values`` are given).
    outcome
        A boolean or category :class:`~triangle.sensitivity.Outcome`; default the set of
        pure equilibria (:func:`~triangle.sensitivity.outcomes.equilibrium_set`).
    at, ranges
        The point where other factors are held, and range overrides (as in
        :func:`triangle.sweep`).
    resolution
        Grid points per axis, or ``(nx, ny)``.

    The grid is evaluated with :func:`triangle.sweep` (compiled once); each cell agrees
    with solving the game at that point.

    >>> import sympy, triangle as tri
    >>> a, b = sympy.symbols("a b")
    >>> g = tri.NormalFormGame.from_bimatrix([[a, 0], [0, b]], [[1, 0], [0, 1]])
    >>> m = regime_map(g, "a", "b", ranges={"a": (-1, 1), "b": (-1, 1)}, resolution=5)
    >>> m.labels
    ('s1/s1 | s2/s2', 's1/s1', 's2/s2', 'no pure equilibrium')
    >>> m.label_at(1, -1)
    's1/s1'
    """
    factors = check_normal_form(game, "regime_map").factors
    for axis, name in (("x", x), ("y", y)):
        check_text(name, f"{axis} (a factor of the game)")
        if name not in factors:
            raise unknown_name("factor of the game", name, factors)
    if x == y:
        raise InvalidSampleError(f"a regime map needs two different factors; got {x!r} twice.")
    nx, ny = _resolution(resolution)
    if outcome is not None:
        check_outcome(outcome, "regime_map(outcome=...)")
    need = [n for n, v in ((x, x_values), (y, y_values)) if v is None]
    box = resolve_ranges(ranges, need)
    xs = _axis(x_values, x, box.get(x, (0.0, 0.0)), nx)
    ys = _axis(y_values, y, box.get(y, (0.0, 0.0)), ny)
    outcome = equilibrium_set(game) if outcome is None else outcome
    if outcome.kind == "real":
        raise InvalidGameError(
            "a regime map classifies: give a boolean or category outcome (e.g. "
            "outcomes.plays(...) or outcomes.equilibrium_set(...)); for a real outcome "
            "such as a payoff gap, use sweep on a grid or a tornado chart."
        )
    gx, gy = np.meshgrid(xs, ys)
    samples = {x: gx.ravel(), y: gy.ravel()}
    parts = [outcome(u) for _, u in sweep_chunks(
        game, samples, at=at, ranges=ranges, allow_out_of_range=allow_out_of_range,
        chunk_size=chunk_size)]
    values = np.concatenate(parts)
    codes, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    order = np.lexsort((np.arange(len(codes)), -counts))  # most frequent first, stable
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    labels = tuple(outcome.label(codes[k]) for k in order)
    regimes = rank[inverse.ravel()].reshape(len(ys), len(xs))
    return RegimeMap(x, y, xs, ys, regimes, labels, outcome.name,
                     run_provenance(game, at, form="regime map", model=outcome.name),
                     game_references(game))
