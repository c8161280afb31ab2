"""The boundary walk of tests/test_boundary.py, fed arbitrary junk drawn by hypothesis.

The walk tries thirteen fixed kinds of bad value on every parameter; this property draws
values of any shape (numbers including NaN, infinity and complex, text, None, booleans,
and nested lists, tuples and dicts of them) for a randomly chosen parameter of a random
public entry point. Junk may happen to mean something, so a returned answer is not a
failure here; a plain Python exception or a hang is.
"""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import test_boundary as walk

#: Counts whose large values are valid and slow by design (the walk's ``FAST`` sizes).
SIZES = {"n", "samples", "resolution", "steps", "search", "vacuity", "labels", "nearest",
         "points", "depth", "levels", "directions", "max_iter", "horizon", "periods"}


def targets() -> tuple[list[tuple[str, Any, list[inspect.Parameter], inspect.Parameter]],
                       dict[str, Any]]:
    """``(key, callable, parameters, target)`` for every parameter the walk can call."""
    good = walk._good()
    found = []
    for key, fn in walk.public_callables().items():
        try:
            params = list(inspect.signature(fn).parameters.values())
        except (TypeError, ValueError):
            continue
        params = [p for p in params
                  if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and p.name != "self"]
        if any(p.default is p.empty and p.name not in good for p in params):
            continue
        found += [(key, fn, params, t) for t in params
                  if not any(walk.slow_by_design(key, t.name, k) for k in ("huge", "none"))]
    return found, good


TARGETS, GOOD = targets()
SCALARS = st.one_of(st.floats(), st.integers(-10**6, 10**6), st.text(max_size=6),
                    st.booleans(), st.none(), st.complex_numbers())
JUNK = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.tuples(inner, inner),
    st.dictionaries(st.text(max_size=4), inner, max_size=3)), max_leaves=6)


def test_the_walk_has_targets() -> None:
    assert len(TARGETS) > 300


@pytest.mark.filterwarnings("ignore")  # a warning is not a failure here
@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(TARGETS), JUNK)
def test_junk_gives_a_package_error_or_an_answer(target: Any, value: Any) -> None:
    key, fn, params, parameter = target
    if isinstance(value, int) and abs(value) > 1000 and parameter.name in SIZES:
        return  # a large count is valid and slow by design
    with np.errstate(all="ignore"):
        problem = walk.outcome(walk.bound(fn, params, parameter, value, GOOD), "valid")
    assert problem is None, (key, parameter.name, repr(value)[:80], problem)
