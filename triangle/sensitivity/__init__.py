"""Sensitivity of the triangle models to the factors the articles cite.

- Evaluation at scale: :func:`sweep` (payoffs at ``K`` samples, compiled once, in
  chunks; on Dask with ``client=``), :func:`sample_factors` (seeded samples over the
  plausible ranges), batch solving (:func:`solve_batch`, :func:`solve_sweep`,
  :func:`best_responses`, :func:`dominated`).
- Outcomes (:mod:`~triangle.sensitivity.outcomes`): payoff gaps, "plays a strategy in
  some pure equilibrium", the set of pure equilibria: one definition for every method.
- Local: :func:`payoff_gap`, :func:`local_sensitivity` (derivatives and elasticities,
  symbolic and at a point), :func:`equilibrium_formulas` and
  :func:`equilibrium_sensitivity` (mixed probabilities in closed form, and their
  derivatives).
- Thresholds: :func:`thresholds` (exact switch points of one factor),
  :func:`nearest_thresholds` (the factors nearest to changing the outcome).
- Maps and rankings: :func:`regime_map` (two factors), :func:`tornado` (one at a time),
  :func:`sobol_indices` and :func:`morris_indices` (SALib).
- Claims: :func:`claim_robustness` (the share of the plausible factor space where each
  claim holds, and the factors that decide it; ``triangle claims``).

Plots (matplotlib) are methods of the results (``.plot()``) and live in
:mod:`~triangle.sensitivity.plots`.

The claims' names (:func:`claim_robustness` and its results) live in the claims package,
:mod:`triangle.verdicts.robustness`, which sits above this one; they stay importable from
here (as in 0.1), loaded on first use so that importing this package never imports the
claims.

>>> import triangle.sensitivity as sens
>>> from triangle.verdicts import robustness
>>> sens.claim_robustness is robustness.claim_robustness
True
"""

from typing import Any

from triangle.sensitivity import outcomes
from triangle.sensitivity._inputs import InvalidSampleError, factor_registry
from triangle.sensitivity._optional import MissingDependencyError
from triangle.sensitivity.batch import (
    BatchSolution,
    best_responses,
    dominated,
    solve_batch,
    solve_sweep,
)
from triangle.sensitivity.global_indices import (
    MorrisIndices,
    SobolIndices,
    morris_indices,
    sobol_indices,
)
from triangle.sensitivity.local import (
    EquilibriumSensitivity,
    LocalSensitivity,
    LocalValues,
    equilibrium_formulas,
    equilibrium_sensitivity,
    local_sensitivity,
    payoff_gap,
)
from triangle.sensitivity.outcomes import Outcome
from triangle.sensitivity.regimes import RegimeMap, regime_map
from triangle.sensitivity.sampling import sample_factors
from triangle.sensitivity.sweep import sweep, sweep_chunks
from triangle.sensitivity.thresholds import (
    NearestThreshold,
    Piece,
    Threshold,
    Thresholds,
    nearest_thresholds,
    thresholds,
)
from triangle.sensitivity.tornado import Tornado, TornadoBar, tornado

__all__ = [
    "BatchSolution",
    "ClaimRobustness",
    "EquilibriumSensitivity",
    "FactorInfluence",
    "InvalidSampleError",
    "LocalSensitivity",
    "LocalValues",
    "MissingDependencyError",
    "MorrisIndices",
    "NearestThreshold",
    "Outcome",
    "Piece",
    "RegimeMap",
    "RobustnessTable",
    "SobolIndices",
    "Threshold",
    "Thresholds",
    "Tornado",
    "TornadoBar",
    "best_responses",
    "claim_robustness",
    "dominated",
    "equilibrium_formulas",
    "equilibrium_sensitivity",
    "factor_registry",
    "local_sensitivity",
    "morris_indices",
    "nearest_thresholds",
    "outcomes",
    "payoff_gap",
    "regime_map",
    "sample_factors",
    "sobol_indices",
    "solve_batch",
    "solve_sweep",
    "sweep",
    "sweep_chunks",
    "thresholds",
    "tornado",
]

#: Names of 0.1 that now live above this package, and the module that defines each.
_FROM_VERDICTS = {
    "ClaimRobustness": "triangle.verdicts.robustness",
    "FactorInfluence": "triangle.verdicts.robustness",
    "RobustnessTable": "triangle.verdicts.robustness",
    "claim_robustness": "triangle.verdicts.robustness",
}


def __getattr__(name: str) -> Any:
    # PEP 562: called only for names not found, i.e. the claims' names on first use.
    if name in _FROM_VERDICTS:
        import importlib

        value = getattr(importlib.import_module(_FROM_VERDICTS[name]), name)
        globals()[name] = value  # later lookups skip this function
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_FROM_VERDICTS))
