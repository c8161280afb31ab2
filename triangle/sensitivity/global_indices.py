"""Global sensitivity indices (Sobol' and Morris) of an outcome over the plausible ranges.

Both use SALib (the ``sensitivity`` extra), imported only here. The model runs are one
:func:`triangle.sweep` of the sample matrix SALib designs, so the cost is that of the
compiled payoffs, not of sympy.

- Sobol' (Saltelli 2002; Saltelli et al. 2010 estimators): ``S1`` is the share of the
  outcome's variance due to one factor alone, ``ST`` the share involving it at all
  (alone or through interactions). ``n`` base samples cost ``n (d + 2)`` model runs
  (``n (2d + 2)`` with second-order indices).
- Morris (Morris 1991; Campolongo et al. 2007): elementary effects along random
  one-at-a-time trajectories; ``mu_star`` (mean absolute effect) ranks factors,
  ``sigma`` signals non-linearity or interactions. ``r`` trajectories cost
  ``r (d + 1)`` runs: a cheap screening before Sobol'.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from triangle.errors import InvalidGameError, unknown_name
from triangle.games.normal_form import NormalFormGame
from triangle.sensitivity._inputs import InvalidSampleError, Ranges, registry_range
from triangle.sensitivity._optional import require
from triangle.sensitivity.outcomes import Outcome
from triangle.sensitivity.sampling import Seed
from triangle.sensitivity.sweep import sweep_chunks

__all__ = ["MorrisIndices", "SobolIndices", "morris_indices", "sobol_indices"]


@dataclass(frozen=True)
class SobolIndices:
    """First-order (``S1``) and total (``ST``) Sobol' indices with 95% confidence half-widths.

    Arrays follow ``factors``. ``constant`` lists factors left out because their range
    has zero width; ``runs`` is the number of model evaluations.

    >>> import sympy, triangle as tri
    >>> from triangle.sensitivity import outcomes
    >>> a, b = sympy.symbols("a b")
    >>> g = tri.NormalFormGame.from_bimatrix([[4 * a + b, 0], [0, 0]], [[0, 0], [0, 0]])
    >>> out = outcomes.gap(g, 0, "s1", "s2", {"Player 2": "s1"})
    >>> s = sobol_indices(g, out, n=64, ranges={"a": (0, 1), "b": (0, 1)}, seed=0)
    >>> s.factors, s.runs, s.ranking()  # runs = n * (factors + 2)
    (('a', 'b'), 256, ['a', 'b'])
    >>> sorted(s.as_dict()["a"])
    ['S1', 'S1_conf', 'ST', 'ST_conf']
    """

    outcome: str
    factors: tuple[str, ...]
    S1: np.ndarray
    S1_conf: np.ndarray
    ST: np.ndarray
    ST_conf: np.ndarray
    runs: int
    constant: tuple[str, ...] = ()

    def ranking(self) -> list[str]:
        """Factors by decreasing total index."""
        return [self.factors[k] for k in np.argsort(-self.ST, kind="stable")]

    def as_dict(self) -> dict[str, dict[str, float]]:
        """``{factor: {"S1": ..., "S1_conf": ..., "ST": ..., "ST_conf": ...}}``."""
        return {f: {"S1": float(self.S1[k]), "S1_conf": float(self.S1_conf[k]),
                    "ST": float(self.ST[k]), "ST_conf": float(self.ST_conf[k])}
                for k, f in enumerate(self.factors)}

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Bar chart of S1 and ST (see :func:`triangle.sensitivity.plots.plot_indices`)."""
        from triangle.sensitivity.plots import plot_indices

        return plot_indices(self, ax=ax, **kwargs)


@dataclass(frozen=True)
class MorrisIndices:
    """Morris elementary-effect statistics: ``mu``, ``mu_star``, ``sigma``, ``mu_star_conf``.

    Arrays follow ``factors``; ``constant`` and ``runs`` as in :class:`SobolIndices`.

    >>> import sympy, triangle as tri
    >>> from triangle.sensitivity import outcomes
    >>> a, b = sympy.symbols("a b")
    >>> g = tri.NormalFormGame.from_bimatrix([[4 * a + b, 0], [0, 0]], [[0, 0], [0, 0]])
    >>> out = outcomes.gap(g, 0, "s1", "s2", {"Player 2": "s1"})
    >>> m = morris_indices(g, out, trajectories=4, ranges={"a": (0, 1), "b": (0, 1)}, seed=0)
    >>> m.factors, m.runs, m.mu.round(6).tolist()  # runs = trajectories * (factors + 1)
    (('a', 'b'), 12, [4.0, 1.0])
    """

    outcome: str
    factors: tuple[str, ...]
    mu: np.ndarray
    mu_star: np.ndarray
    sigma: np.ndarray
    mu_star_conf: np.ndarray
    runs: int
    constant: tuple[str, ...] = ()

    def ranking(self) -> list[str]:
        """Factors by decreasing ``mu_star``."""
        return [self.factors[k] for k in np.argsort(-self.mu_star, kind="stable")]

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """mu_star against sigma (see :func:`triangle.sensitivity.plots.plot_indices`)."""
        from triangle.sensitivity.plots import plot_indices

        return plot_indices(self, ax=ax, **kwargs)


def _problem(game: NormalFormGame, factors: Iterable[str] | None, ranges: Ranges | None
             ) -> tuple[dict[str, Any], dict[str, float]]:
    symbols = game.factors
    boxes: dict[str, tuple[float, float]] = {}
    for n in (symbols if factors is None else list(factors)):
        if factors is not None and n not in symbols:
            raise unknown_name("factor of the game", n, symbols)
        box = registry_range(n, ranges)
        if box is not None:
            boxes[n] = box
        elif factors is not None:  # a factor asked for by name needs a range
            raise InvalidSampleError(
                f"factor {n!r} has no plausible range; give one with ranges={{{n!r}: "
                f"(low, high)}}."
            )
    names = list(boxes)
    varied = [n for n in names if boxes[n][1] > boxes[n][0]]
    constant = {n: boxes[n][0] for n in names if n not in varied}  # held at their one value
    if not varied:
        raise InvalidSampleError(
            "no factor to vary: give factors whose ranges have positive width."
        )
    problem = {"num_vars": len(varied), "names": varied,
               "bounds": [list(boxes[n]) for n in varied]}
    return problem, constant


def _evaluate(game: NormalFormGame, outcome: Outcome, names: list[str], x: np.ndarray,
              at: Any, chunk_size: int | None, constant: dict[str, float]) -> np.ndarray:
    if outcome.kind == "category":
        raise InvalidGameError(
            "global indices need a real or boolean outcome (a payoff gap, or "
            "outcomes.plays(...)); a category has no variance."
        )
    samples = {n: x[:, k] for k, n in enumerate(names)}
    samples.update({n: np.full(len(x), v) for n, v in constant.items()})
    parts = [np.asarray(outcome(u), dtype=float)
             for _, u in sweep_chunks(game, samples, at=at, chunk_size=chunk_size,
                                      allow_out_of_range=True)]
    return np.concatenate(parts) if parts else np.zeros(0)


def _rng_seed(seed: Seed) -> int:
    """An int seed for SALib derived from any seed (SALib also takes Generators)."""
    return int(np.random.default_rng(seed).integers(2**31 - 1))


def sobol_indices(
    game: NormalFormGame,
    outcome: Outcome,
    *,
    n: int = 1024,
    factors: Iterable[str] | None = None,
    at: Any = None,
    ranges: Ranges | None = None,
    seed: Seed = None,
    second_order: bool = False,
    chunk_size: int | None = None,
) -> SobolIndices:
    """Sobol' indices of ``outcome`` over the factors' plausible ranges (SALib).

    ``n`` is the number of base samples (a power of two, for the Sobol' sequence);
    factors not varied are held at ``at``. Reproducible with ``seed``.

    >>> import sympy, triangle as tri
    >>> from triangle.sensitivity import outcomes
    >>> a, b = sympy.symbols("a b")
    >>> g = tri.NormalFormGame.from_bimatrix([[4 * a + b, 0], [0, 0]], [[0, 0], [0, 0]])
    >>> out = outcomes.gap(g, 0, "s1", "s2", {"Player 2": "s1"})
    >>> s = sobol_indices(g, out, n=256, ranges={"a": (0, 1), "b": (0, 1)}, seed=0)
    >>> s.ranking(), s.S1.round(1).tolist()   # variances 16:1
    (['a', 'b'], [0.9, 0.1])
    """
    salib_sample = require("SALib.sample.sobol", "sensitivity", "Sobol' indices")
    salib_analyze = require("SALib.analyze.sobol", "sensitivity", "Sobol' indices")
    if n < 2 or n & (n - 1):
        raise InvalidSampleError(
            f"n must be a power of two (the Sobol' sequence's balance needs it); got {n}."
        )
    problem, constant = _problem(game, factors, ranges)
    s = _rng_seed(seed)
    x = salib_sample.sample(problem, n, calc_second_order=second_order, seed=s)
    y = _evaluate(game, outcome, problem["names"], x, at, chunk_size, constant)
    d = problem["num_vars"]
    if np.var(y) == 0:  # the outcome never moves: every index is zero
        z = np.zeros(d)
        return SobolIndices(outcome.name, tuple(problem["names"]), z, z, z, z, len(y),
                            tuple(constant))
    res = salib_analyze.analyze(problem, y, calc_second_order=second_order, seed=s)
    return SobolIndices(outcome.name, tuple(problem["names"]), np.asarray(res["S1"]),
                        np.asarray(res["S1_conf"]), np.asarray(res["ST"]),
                        np.asarray(res["ST_conf"]), len(y), tuple(constant))


def morris_indices(
    game: NormalFormGame,
    outcome: Outcome,
    *,
    trajectories: int = 64,
    levels: int = 4,
    factors: Iterable[str] | None = None,
    at: Any = None,
    ranges: Ranges | None = None,
    seed: Seed = None,
    chunk_size: int | None = None,
) -> MorrisIndices:
    """Morris elementary effects of ``outcome`` over the factors' plausible ranges (SALib).

    >>> import sympy, triangle as tri
    >>> from triangle.sensitivity import outcomes
    >>> a, b = sympy.symbols("a b")
    >>> g = tri.NormalFormGame.from_bimatrix([[4 * a + b, 0], [0, 0]], [[0, 0], [0, 0]])
    >>> out = outcomes.gap(g, 0, "s1", "s2", {"Player 2": "s1"})
    >>> m = morris_indices(g, out, trajectories=8, ranges={"a": (0, 1), "b": (0, 1)}, seed=0)
    >>> m.ranking(), m.mu_star.round(6).tolist()
    (['a', 'b'], [4.0, 1.0])
    """
    salib_sample = require("SALib.sample.morris", "sensitivity", "Morris indices")
    salib_analyze = require("SALib.analyze.morris", "sensitivity", "Morris indices")
    if trajectories < 2 or levels < 2:
        raise InvalidSampleError(
            f"Morris needs at least 2 trajectories and 2 levels; got {trajectories}, {levels}."
        )
    problem, constant = _problem(game, factors, ranges)
    s = _rng_seed(seed)
    x = salib_sample.sample(problem, trajectories, num_levels=levels, seed=s)
    y = _evaluate(game, outcome, problem["names"], x, at, chunk_size, constant)
    res = salib_analyze.analyze(problem, x, y, num_levels=levels, seed=s)
    return MorrisIndices(outcome.name, tuple(problem["names"]), np.asarray(res["mu"]),
                         np.asarray(res["mu_star"]), np.asarray(res["sigma"]),
                         np.asarray(res["mu_star_conf"]), len(y), tuple(constant))
