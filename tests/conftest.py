"""Fixtures the test folders share, and the example budget of the quick developer loop.

The quick loop
--------------
``python -m pytest -m "not slow"`` is the developer's loop and must stay under a minute on
a two-core machine (issue 8). Property tests there run with a quarter of the examples they
ask for (at least :data:`QUICK_MIN_EXAMPLES`), so that every property and cross-check is
still exercised on every run; the full counts run in CI (``CI`` set, the ``ci`` profile)
and in any run that does not deselect ``slow`` (``python -m pytest``), and
``HYPOTHESIS_PROFILE=thorough`` explores far more. The budget touches only
``max_examples``, never an assertion. Tests whose single run is heavy (subprocesses, a
browser, games of hundreds of digits) are marked ``slow`` instead, beside a lighter test
of the same behaviour.

Under pytest-xdist (``-n auto``) every worker collects every module and keeps its own
caches, so the run avoids paying twice: tests that share a module fixture or a
per-process cache carry one ``xdist_group`` (one worker runs them), heavy imports used by
a few tests (pyplot, nashpy) happen in those tests, the Markdown pages' doctests are
handed out first (a whole page ending the run would leave the other worker idle), and
what collection built is frozen out of the garbage collector's walks (``gc.freeze``).

Shared fixtures
---------------
``baseline`` (the baseline scenario), ``baseline_values`` (its factor values),
``model_game`` (the symbolic simultaneous model), ``baseline_game`` (the model at the
baseline, numeric), ``rng`` (a seeded numpy Generator), ``oracle`` (a loader of the
stored oracle answers in ``tests/data``) and ``label_samples`` (the one sample size at
which the report and command tests label the claims).
"""

from __future__ import annotations

import gc
import json
import math
import os
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import settings

from tests.paths import DATA

#: The one sample size at which tests label every claim on every form (reports, ``triangle
#: analyze``). Labelling takes seconds whatever the size (the flip search and the vacuity
#: test dominate) and does not depend on the scenario, so one size lets the per-process
#: cache of :mod:`triangle.report.by_form` serve every such test after the first.
LABEL_SAMPLES = 300

#: The fraction of its examples a property test runs in the quick loop, and the floor.
QUICK_FRACTION = 1 / 4
QUICK_MIN_EXAMPLES = 5


def _quick_loop(config: pytest.Config) -> bool:
    """True for ``-m "not slow"`` outside CI and without an explicit hypothesis profile."""
    markexpr = (config.getoption("markexpr", default="") or "").replace(" ", "")
    return (
        "notslow" in markexpr
        and not os.environ.get("CI")
        and not os.environ.get("HYPOTHESIS_PROFILE")
    )


def quick_budget(max_examples: int) -> int:
    """The examples a property asking for ``max_examples`` runs in the quick loop.

    >>> quick_budget(60), quick_budget(30), quick_budget(6), quick_budget(3)
    (15, 8, 5, 3)
    """
    return min(max_examples, max(QUICK_MIN_EXAMPLES, math.ceil(max_examples * QUICK_FRACTION)))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Move everything collection created (the package, sympy, the test modules) out of the
    garbage collector's sight: it lives to the end of the run anyway, and each full
    collection (during the tests and the five at the end of the session) would otherwise
    walk all of it again. About 2 s less CPU per process; objects the tests create are
    collected as before."""
    gc.freeze()


#: The docstring examples that draw: they run in the worker of the other tests that draw
#: (``tests/plotting.py``), the one that imports pyplot.
PYPLOT_DOCTESTS = (
    "triangle/sensitivity/plots.py::",
    "triangle/sensitivity/regimes.py::triangle.sensitivity.regimes.RegimeMap.plot",
    "triangle/sensitivity/tornado.py::triangle.sensitivity.tornado.Tornado.plot",
)


def _name_the_xdist_groups(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Give each grouped test the ``@group`` suffix pytest-xdist's ``loadgroup`` schedules by.

    pytest-xdist (3.8) writes the suffix into ``item._nodeid``; since pytest 9.2 the node id
    lives in ``item._id`` (a structured ``NodeId``), so the suffix is lost and every group
    is split across the workers: each worker then pays the group's shared cache (the claims'
    labels: about 7 s of CPU twice). Where pytest keeps the id in ``_id`` and pytest-xdist's
    own suffix would be lost, the same suffix is written there; on older pytest nothing
    changes (pytest-xdist's hook, after this one, does it)."""
    if not getattr(config.option, "loadgroup", False):
        return
    try:
        from _pytest.nodeid import NodeId  # pytest >= 9.2
    except ImportError:
        return
    for item in items:
        if hasattr(item, "_nodeid") or not isinstance(getattr(item, "_id", None), NodeId):
            continue
        names = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                        for m in item.iter_markers("xdist_group")})
        if names:
            item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(names)}")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups off the items
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from tests.plotting import PYPLOT

    for item in items:
        if item.nodeid.startswith(PYPLOT_DOCTESTS):
            item.add_marker(PYPLOT)
    _name_the_xdist_groups(config, items)
    # The doctests of the Markdown pages (docs/, README.md) run first: each is a whole page
    # (up to seconds), and pytest-xdist hands out tests in this order, so collected last
    # they ended the run on one worker while the other waited. Every worker sorts alike.
    items.sort(key=lambda item: not item.nodeid.split("::")[0].endswith(".md"))
    if not _quick_loop(config):
        return
    for item in items:
        test = getattr(item, "obj", None)
        # ``@given`` tests carry their settings here; hypothesis reads them at each call.
        current = getattr(test, "_hypothesis_internal_use_settings", None)
        if current is None or not hasattr(test, "hypothesis"):
            continue
        budget = quick_budget(current.max_examples)
        if budget < current.max_examples:
            test._hypothesis_internal_use_settings = settings(current, max_examples=budget)


# --------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="session")
def baseline() -> Any:
    """The baseline scenario (``triangle.scenarios["baseline"]``)."""
    import triangle as tri

    return tri.scenarios["baseline"]


@pytest.fixture(scope="session")
def baseline_values(baseline: Any) -> dict[str, float]:
    """The baseline's factor values, as a fresh dict (tests may change their copy)."""
    return dict(baseline.values)


@pytest.fixture(scope="session")
def model_game() -> Any:
    """The symbolic simultaneous model (cached by the package: built once)."""
    import triangle as tri

    return tri.models.simultaneous()


@pytest.fixture(scope="session")
def baseline_game(model_game: Any, baseline: Any) -> Any:
    """The simultaneous model at the baseline: a numeric normal-form game."""
    return model_game.subs(baseline)


@pytest.fixture
def rng() -> np.random.Generator:
    """A seeded numpy Generator, fresh for each test (reproducible draws)."""
    return np.random.default_rng(20261206)


@pytest.fixture(scope="session")
def oracle() -> Callable[[str], Any]:
    """Load a stored oracle file of ``tests/data`` by name (parsed once per session)."""
    cache: dict[str, Any] = {}

    def load(name: str) -> Any:
        if name not in cache:
            cache[name] = json.loads((DATA / name).read_text())
        return cache[name]

    return load


@pytest.fixture(scope="session")
def label_samples() -> int:
    """:data:`LABEL_SAMPLES`: label the claims at this size to share the cached labels."""
    return LABEL_SAMPLES
