"""Tornado charts: one factor at a time across its plausible range, the others held."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from triangle.errors import InvalidGameError
from triangle.games.aliases import AxesLike, FrameLike
from triangle.games.display import TableDisplay
from triangle.games.normal_form import NormalFormGame
from triangle.models.provenance import Provenance
from triangle.models.scenarios import PointLike
from triangle.registries import check_count
from triangle.sensitivity._inputs import (
    InvalidSampleError,
    Ranges,
    check_factor_list,
    check_range_names,
    registry_range,
    resolve_point,
)
from triangle.sensitivity._optional import require
from triangle.sensitivity._records import game_references, run_provenance
from triangle.sensitivity.outcomes import Outcome, check_normal_form, check_outcome
from triangle.sensitivity.sweep import sweep

__all__ = ["Tornado", "TornadoBar", "tornado"]


@dataclass(frozen=True)
class TornadoBar:
    """One factor's effect: the outcome at the ends of its range, and its extremes across it.

    ``low``/``high`` are the factor's range; ``at_low``/``at_high`` the outcome there;
    ``minimum``/``maximum`` the extremes over the whole sweep of the range (which differ
    from the ends when the effect is not monotone).
    """

    factor: str
    low: float
    high: float
    at_low: float
    at_high: float
    minimum: float
    maximum: float

    @property
    def swing(self) -> float:
        """``maximum - minimum``: how much the factor alone can move the outcome."""
        return self.maximum - self.minimum


@dataclass(frozen=True)
class Tornado(TableDisplay):
    """Bars sorted by decreasing swing, and the outcome at the point (``baseline``).

    ``provenance`` records the run (the held values, the date, the versions) and
    ``references`` what it used (the package, the articles of a model game's terms):
    ``triangle.cite(tornado)`` prints them. It displays as a table in a notebook, and
    :meth:`to_latex` and :meth:`to_frame` give it for a paper.
    """

    outcome: str
    baseline: float
    bars: tuple[TornadoBar, ...]
    provenance: Provenance | None = field(default=None, compare=False)
    references: tuple[str, ...] = ("triangle",)

    _title = "Tornado"

    def _summary(self) -> str:
        return (f"of {self.outcome!r}: {len(self.bars)} factors, largest swing first; "
                f"{self.baseline:.4g} at the point")

    def _table(self) -> tuple[list[str], list[list[Any]]]:
        return (["factor", "low", "high", "at low", "at high", "swing"],
                [[b.factor, b.low, b.high, b.at_low, b.at_high, b.swing] for b in self.bars])

    def __cite__(self) -> tuple[str, ...]:
        return self.references

    def ranking(self) -> list[str]:
        """The factors, largest swing first."""
        return [b.factor for b in self.bars]

    def to_df(self) -> FrameLike:
        """The bars as a :class:`pandas.DataFrame`, one row per factor, largest swing first.

        Columns ``low``, ``high``, ``at_low``, ``at_high``, ``minimum``, ``maximum`` and
        ``swing`` (see :class:`TornadoBar`). Needs pandas (``pip install
        "strategic-triangle[pandas]"``).

        >>> t = Tornado("gap", 0.0, (TornadoBar("relief", 0, 4, -1.0, 1.0, -1.0, 1.0),))
        >>> t.to_df()
                low  high  at_low  at_high  minimum  maximum  swing
        factor
        relief    0     4    -1.0      1.0     -1.0      1.0    2.0
        """
        pd = require("pandas", "pandas", "tables as DataFrames")
        cols = ("low", "high", "at_low", "at_high", "minimum", "maximum", "swing")
        return pd.DataFrame([[getattr(b, c) for c in cols] for b in self.bars],
                            columns=list(cols),
                            index=pd.Index([b.factor for b in self.bars], name="factor"))

    def plot(self, ax: AxesLike = None, **kwargs: Any) -> AxesLike:
        """Draw the chart with matplotlib (see :func:`triangle.sensitivity.plots.plot_tornado`).

        >>> import matplotlib; matplotlib.use("Agg")
        >>> import matplotlib.pyplot as plt
        >>> t = Tornado("gap", 0.0, (TornadoBar("relief", 0, 4, -1.0, 1.0, -1.0, 1.0),
        ...                         TornadoBar("risk", 0, 1, 0.5, -0.5, -0.5, 0.5)))
        >>> ax = t.plot()
        >>> [label.get_text() for label in ax.get_yticklabels()], ax.get_xlabel()
        (['relief', 'risk'], 'gap')
        >>> plt.close(ax.figure)
        """
        from triangle.sensitivity.plots import plot_tornado

        return plot_tornado(self, ax=ax, **kwargs)


#: The most points per factor a tornado chart evaluates (each a solve of the outcome).
MAX_POINTS = 100_000


def tornado(
    game: NormalFormGame,
    outcome: Outcome,
    *,
    at: PointLike = None,
    factors: Iterable[str] | None = None,
    ranges: Ranges | None = None,
    points: int = 21,
) -> Tornado:
    """Move each factor alone across its plausible range; record how the outcome moves.

    ``outcome`` is a real or boolean :class:`~triangle.sensitivity.Outcome` (e.g. a payoff
    gap from :func:`~triangle.sensitivity.outcomes.gap`). Each factor takes ``points``
    evenly spaced values in its range, the others held at ``at``; all of them are
    evaluated in one :func:`triangle.sweep`. Factors without a known range are skipped
    unless given in ``ranges``.

    >>> import sympy, triangle as tri
    >>> from triangle.sensitivity import outcomes
    >>> relief, risk = sympy.symbols("relief risk")
    >>> g = tri.NormalFormGame.from_bimatrix([[relief * (1 - risk), 0], [1, 1]],
    ...     [[0, 0], [0, 0]], players=("Russia", "US"),
    ...     strategies=(("pivot", "stay"), ("engage", "press")))
    >>> t = tornado(g, outcomes.gap(g, "Russia", "pivot", "stay", {"US": "engage"}),
    ...             at={"relief": 2, "risk": 0.5}, ranges={"relief": (0, 4), "risk": (0, 1)})
    >>> t.baseline, t.ranking()
    (0.0, ['relief', 'risk'])
    >>> t.bars[0].at_low, t.bars[0].at_high
    (-1.0, 1.0)
    """
    symbols = check_normal_form(game, "tornado").factors
    if check_outcome(outcome, "tornado(outcome=...)").kind == "category":
        raise InvalidGameError(
            "a tornado chart needs a real or boolean Outcome (e.g. outcomes.gap(...)); "
            "for categories use a regime map."
        )
    check_count(points, "points", minimum=2, maximum=MAX_POINTS)
    asked = check_factor_list(factors, symbols)
    check_range_names(ranges, symbols)
    names = list(symbols) if asked is None else asked
    boxes: dict[str, tuple[float, float]] = {}
    for n in names:
        box = registry_range(n, ranges)
        if box is not None and box[1] > box[0]:  # no range, or one value: nothing to move
            boxes[n] = box
    names = list(boxes)
    point = resolve_point(at, extra=symbols)
    missing = sorted(n for n in symbols if n not in point)
    if missing:
        raise InvalidSampleError(
            f"no value for the factors {missing} (not in the registry): give them in at=."
        )
    base_value = float(outcome(sweep(game, {n: [point[n]] for n in symbols},
                                     allow_out_of_range=True))[0]) if symbols else float("nan")
    record = run_provenance(game, at, form="tornado", model=outcome.name)
    refs = game_references(game)
    if not names:
        return Tornado(outcome.name, base_value, (), record, refs)
    total = len(names) * points
    samples = {n: np.full(total, point[n]) for n in symbols}
    for k, n in enumerate(names):
        lo, hi = boxes[n]
        samples[n][k * points:(k + 1) * points] = np.linspace(lo, hi, points)
    # held factors may sit outside a range on purpose (a scenario); varied ones do not
    values = np.asarray(outcome(sweep(game, samples, allow_out_of_range=True)), dtype=float)
    bars = []
    for k, n in enumerate(names):
        v = values[k * points:(k + 1) * points]
        lo, hi = boxes[n]
        bars.append(TornadoBar(n, lo, hi, float(v[0]), float(v[-1]), float(v.min()),
                               float(v.max())))
    bars.sort(key=lambda b: (-b.swing, b.factor))
    return Tornado(outcome.name, base_value, tuple(bars), record, refs)
