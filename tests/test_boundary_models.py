"""The boundary walk, continued over the models and sensitivity entry points it skips.

``tests/test_boundary.py`` calls an entry point only when it knows a good value for every
required parameter; the regime map, the tornado chart, the Sobol' and Morris indices,
the outcomes, the sampler's helpers, the repeated-game timing, the Dittmer functions and
the scenario classes need more (two factor names, an outcome, a range...). This file
gives them good values (:data:`EXTRA`) and feeds each parameter every bad kind of
:func:`tests.test_boundary._bad_values`, with the same rule: a package error or an
answer, never a plain exception, a hang, or an answer to a meaningless value.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest
import sympy

from tests import test_boundary as walk
from triangle.sensitivity.outcomes import Outcome

#: The modules walked here (every public callable of each ``__all__``).
MODULES = (
    "triangle.sensitivity.sampling",
    "triangle.sensitivity.sweep",
    "triangle.sensitivity.batch",
    "triangle.sensitivity.outcomes",
    "triangle.sensitivity.regimes",
    "triangle.sensitivity.tornado",
    "triangle.sensitivity.global_indices",
    "triangle.models.configurations",
    "triangle.models.dittmer",
    "triangle.models.repeated",
    "triangle.models.scenarios",
)

#: Never called here: classes of results (built by the functions above, not by users)
#: and names the main walk already skips.
SKIP = {"SweepPlan", "RegimeMap", "Tornado", "TornadoBar", "SobolIndices", "MorrisIndices",
        "InTimeSummary", "BatchSolution", "Point", "StanceSource", "WorldStance",
        "ScenarioRegistry", "PointLike", *walk.SKIP}


def _game() -> Any:
    a, b = sympy.symbols("hedge_depth sanctions_relief")
    return walk.tri.NormalFormGame.from_bimatrix([[a, 0], [0, b]], [[1, 0], [0, 1]])


def _extra() -> dict[str, Any]:
    game = _game()
    return {
        "game": game,
        "x": "hedge_depth",
        "y": "sanctions_relief",
        "outcome": Outcome("first payoff", lambda u: u[:, 0, 0, 0]),
        "unit": np.array([0.0, 0.5, 1.0]),
        "low": 0.0,
        "high": 1.0,
        "which": "amity",
        "relations": {("US", "Russia"): 1, ("US", "China"): -1, ("Russia", "China"): 1},
        "reversal": 0.3,
        "rate": 0.15,
        "term": 4,
        "value": 1,
        "toward_first": 1,
        "toward_second": -1,
        "mine": 1,
        "theirs": -1,
        "players": ("US", "Russia", "China"),
        "signs": (1, 1, -1),
        "title": "Mine",
        "description": "A calibration of my own.",
        "versus": "s2",
        "given": {"s_player_2": "s1"},
        "factors": None,
        "n": 4,
        "resolution": 3,
        "steps": 2,
        "samples": {"hedge_depth": np.array([0.3, 0.6])},
    }


def callables() -> dict[str, Callable[..., Any]]:
    found = {}
    for name in MODULES:
        module = importlib.import_module(name)
        for attr in module.__all__:
            obj = getattr(module, attr, None)
            if attr in SKIP or not callable(obj):
                continue
            if inspect.isclass(obj) and issubclass(obj, BaseException):
                continue
            found[f"{name}.{attr}"] = obj
    return found


def calls(kinds: tuple[str, ...]) -> Iterator[tuple[str, str, str, Callable[[], Any]]]:
    good = {**walk._good(), **_extra()}
    bad = walk._bad_values()
    for key, fn in callables().items():
        try:
            params = list(inspect.signature(fn).parameters.values())
        except (TypeError, ValueError):
            continue
        params = [p for p in params if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
                  and p.name != "self"]
        if any(p.default is p.empty and p.name not in good for p in params):
            continue
        for target in params:
            for kind in kinds:
                yield key, target.name, kind, walk.bound(
                    fn, params, target, bad[kind], good,
                    walk.FAST | {"resolution", "n", "steps"})


def failures(kinds: tuple[str, ...]) -> dict[tuple[str, str, str], str]:
    out = {}
    with np.errstate(all="ignore"):
        for key, param, kind, thunk in calls(kinds):
            label = param in walk.LABELS or param == "where"  # as_sign's label of the value
            problem = walk.outcome(thunk, "label" if label else kind)
            if problem is not None:
                out[(key, param, kind)] = problem
    return out


def check(kinds: tuple[str, ...]) -> None:
    found = failures(kinds)
    assert not found, f"{len(found)} failures:\n" + "\n".join(
        f"{k}: {v}" for k, v in sorted(found.items()))


@pytest.mark.filterwarnings("ignore")
def test_models_and_sensitivity_entry_points_refuse_bad_values(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    check(walk.QUICK)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore")
def test_models_and_sensitivity_entry_points_refuse_every_bad_value(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    check(tuple(walk._bad_values()))


def test_the_walk_reaches_the_skipped_entry_points():
    tried = {k for k, _, _, _ in calls(("nan",))}
    for expected in ("regimes.regime_map", "tornado.tornado", "global_indices.sobol_indices",
                     "sampling.prior_values", "repeated.deal_years", "dittmer.classify",
                     "outcomes.gap"):
        assert any(k.endswith(expected) for k in tried), expected
