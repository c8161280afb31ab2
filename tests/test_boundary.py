"""The boundary test (issue 11, item 1): every public entry point, fed bad values.

It walks ``triangle.__all__``, the ``__all__`` of every subpackage and of the public
modules of ``games``, ``solvers`` and ``verdicts`` (which have no package ``__all__``),
and calls each public function or class with one parameter at a time replaced by a bad
value (NaN, infinity, a negative or a huge size, a wrong type, an unknown name, a wrong
shape, a masked or complex array, a set, ``None``), every other parameter given a good
value (:data:`GOOD`) or left at its default. A call must

- raise an error of the :class:`~triangle.errors.TriangleError` family, or return;
  never raise a plain Python exception;
- finish within :data:`TIMEOUT` seconds (``signal.alarm``: a hang is a failure);
- never *return* for a value that cannot mean anything (NaN, infinity, a masked or
  complex array, a set, an arbitrary object): that is a silent answer.

Failures that are known and owned by someone else are listed in :data:`KNOWN_OPEN`
with the reason and the owner; the test fails on any failure not listed there.
``test_boundary_thorough`` (slow; CI runs it) tries every bad value on every parameter,
listed failures included. The quick loop's ``test_boundary`` gives each parameter two of
the :data:`QUICK` kinds, one that cannot mean anything and one that may, taking turns so
that a callable with three parameters or more meets all six, and skips the calls listed
in :data:`KNOWN_OPEN` (their outcome cannot fail the test): every public callable and
every parameter still gets bad values, and any new failure of a call it makes fails it.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import math
import pkgutil
import signal
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest
import sympy

import triangle as tri
from tests import (
    boundary_open_beliefs,
    boundary_open_mechanisms,
    boundary_open_models,
    boundary_open_numerics,
    boundary_open_paper,
)
from triangle.errors import TriangleError

#: Seconds a call may take before it counts as a hang.
TIMEOUT = 2

PACKAGES = ("triangle", "triangle.models", "triangle.sensitivity", "triangle.dittmer",
            "triangle.report", "triangle.analyze", "triangle.citations", "triangle.registries",
            "triangle.progress")
#: Subpackages without a package ``__all__``: their public modules' ``__all__`` are walked.
WALKED = ("triangle.games", "triangle.solvers", "triangle.verdicts")

#: Names not called: they take over the process, run for minutes by design, or draw
#: from hypothesis (the strategies of ``triangle.testing`` have their own tests).
SKIP = {
    "main",  # the command line (tests/test_cli.py)
    "claim_robustness", "robustness",  # minutes at their defaults; their names are tested
}


def _pd() -> tri.NormalFormGame:
    return tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])


def _symbolic() -> tri.NormalFormGame:
    a = sympy.Symbol("a")
    return tri.NormalFormGame.from_bimatrix([[a, 0], [5, 1]], [[3, 5], [0, 1]])


def _good() -> dict[str, Any]:
    game = _pd()
    return {
        "game": game,
        "games": [game],
        "g": game,
        "profile": ("s1", "s1"),
        "strategy": "s1",
        "player": 0,
        "n": 4,
        "samples": {"a": np.array([0.5, 1.5])},
        "values": None,
        "at": None,
        "factor": "hedge_depth",
        "claim": "c003_pivot_not_worth_it",
        "claims": ["c003_pivot_not_worth_it"],
        "scenario": "baseline",
        "name": "baseline",
        "seed": 0,
        "tol": 1e-9,
        "A": [[3, 0], [5, 1]],
        "B": [[3, 5], [0, 1]],
        "payoffs": [[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
        "expression": "hedge_depth",
        "text": "hedge_depth",
        "discount": 0.9,
        "deal": ("condition", "hedge"),
        "stage": game,
        "influence_samples": 8,
        "chunk_size": 8,
    }


def _bad_values() -> dict[str, Any]:
    """Bad values by kind; the first group is meaningless everywhere (never a silent answer)."""
    return {
        "nan": float("nan"),
        "inf": float("inf"),
        "object": object(),
        "set": {1, 2},
        "masked": np.ma.array([0.5, 0.5], mask=[1, 0]),
        "complex": np.array([0.5 + 1j, 0.5]),
        # the rest may be meaningful for some parameters: no plain exception, no hang
        "negative": -1,
        "huge": 10**12,
        "unknown-name": "no_such_name_xq",
        "none": None,
        "wrong-shape": np.zeros((2, 3, 4)),
        "empty": [],
        "mapping-typo": {"hedge_dept": 0.5},
    }


MEANINGLESS = {"nan", "inf", "object", "set", "masked", "complex"}
#: Parameters that only label a message or a display: any value is shown as given, so a
#: returned answer is not a silent misreading (a plain exception or a hang still fails).
LABELS = {"what", "argument", "kind", "title", "comment", "caption", "label"}
#: The quick loop's kinds: three that cannot mean anything, three that may.
QUICK_MEANINGLESS = ("nan", "object", "set")
QUICK_MEANINGFUL = ("unknown-name", "negative", "mapping-typo")
QUICK = QUICK_MEANINGLESS + QUICK_MEANINGFUL


def quick_kinds(callable_index: int, parameter_index: int) -> tuple[str, str]:
    """The two :data:`QUICK` kinds the quick loop gives one parameter of one callable.

    Parameters ``0, 1, 2`` of a callable get three different kinds of each group, and the
    turn starts one further for each callable, so every kind meets every position.

    >>> [quick_kinds(0, j) for j in range(3)]  # doctest: +NORMALIZE_WHITESPACE
    [('nan', 'unknown-name'), ('object', 'mapping-typo'), ('set', 'negative')]
    >>> {k for j in range(3) for k in quick_kinds(7, j)} == set(QUICK)
    True
    """
    c, j = callable_index, parameter_index
    return QUICK_MEANINGLESS[(c + j) % 3], QUICK_MEANINGFUL[(c + 2 * j) % 3]


def public_callables() -> dict[str, Callable[..., Any]]:
    """``{"module.name": callable}`` for every public function and class."""
    found: dict[str, Callable[..., Any]] = {}
    modules = [importlib.import_module(p) for p in PACKAGES]
    for pkg in WALKED:
        package = importlib.import_module(pkg)
        for info in pkgutil.iter_modules(package.__path__):
            if not info.name.startswith("_"):
                modules.append(importlib.import_module(f"{pkg}.{info.name}"))
    for module in modules:
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name, None)
            if name in SKIP or name.startswith("_") or not callable(obj):
                continue
            if inspect.isclass(obj) and issubclass(obj, BaseException):
                continue
            key = f"{getattr(obj, '__module__', module.__name__)}.{name}"
            found.setdefault(key, obj)
    return dict(sorted(found.items()))


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def stop(*_: object) -> None:
        raise TimeoutError

    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def calls(kinds: tuple[str, ...] | None) -> Iterator[tuple[str, str, str, Callable[[], Any]]]:
    """``(callable, parameter, bad kind, thunk)`` for every call to try: each of ``kinds``
    on every parameter, or with ``None`` the two :func:`quick_kinds` of each parameter."""
    good = _good()
    bad = _bad_values()
    for index, (key, fn) in enumerate(public_callables().items()):
        try:
            params = list(inspect.signature(fn).parameters.values())
        except (TypeError, ValueError):
            continue
        params = [p for p in params if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        if inspect.isclass(fn):
            params = [p for p in params if p.name != "self"]
        required = [p for p in params if p.default is p.empty]
        if any(p.name not in good for p in required):
            continue  # no good value known for a required parameter: not callable here
        for position, target in enumerate(params):
            for kind in kinds or quick_kinds(index, position):
                yield key, target.name, kind, bound(fn, params, target, bad[kind], good)


def bound(fn: Callable[..., Any], params: list[inspect.Parameter],
          target: inspect.Parameter, value: Any, good: dict[str, Any],
          fast: set[str] | None = None) -> Callable[[], Any]:
    """``fn`` called with ``value`` for ``target``, every other required parameter (and
    those in ``fast``, :data:`FAST` by default, whose defaults are expensive) given its
    good value."""
    fast = FAST if fast is None else fast
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for p in params:
        if p is target:
            given = value
        elif p.name in good and (p.default is p.empty or p.name in fast):
            given = good[p.name]
        else:
            continue
        if p.kind == p.POSITIONAL_ONLY:
            args.append(given)
        else:
            kwargs[p.name] = given
    return lambda: fn(*args, **kwargs)


#: Parameters whose defaults are expensive: always given the good (small) value.
FAST = {"n", "influence_samples", "chunk_size", "samples"}


def outcome(thunk: Callable[[], Any], kind: str, limit: float = TIMEOUT) -> str | None:
    """``None`` when the call behaved; otherwise what went wrong, in words."""
    try:
        with time_limit(limit):
            result = thunk()
    except TriangleError:
        return None
    except TimeoutError:
        # a loaded machine can slow a sound call: a hang is one a 5x limit cannot save
        if limit == TIMEOUT:
            return outcome(thunk, kind, 5 * TIMEOUT)
        return f"no answer within {TIMEOUT} s"
    except Exception as exc:  # a plain exception is what is tested for
        return f"plain {type(exc).__name__}: {str(exc)[:80]}"
    if kind in MEANINGLESS:
        return f"silent answer {type(result).__name__}"
    return None


def run(kinds: tuple[str, ...] | None) -> dict[tuple[str, str, str], str]:
    """Every failure of the calls of :func:`calls`; the quick run (``None``) does not make
    the calls :data:`KNOWN_OPEN` lists (whatever they do, the test cannot fail on them)."""
    failures = {}
    with np.errstate(all="ignore"):
        for key, param, kind, thunk in calls(kinds):
            if (kinds is None and known(key, param, kind)) or slow_by_design(key, param, kind):
                continue
            problem = outcome(thunk, kind if param not in LABELS else "label")
            if problem is not None:
                failures[(key, param, kind)] = problem
    return failures


def known(key: str, param: str, kind: str) -> bool:
    entry = KNOWN_OPEN.get((key.removeprefix("triangle."), param))
    return entry is not None and kind in entry[1].split()


#: Values of a "bad" kind that are valid for this parameter and make a call that takes
#: longer than :data:`TIMEOUT` by design, so they are not made (``(module.callable,
#: parameter): (kinds, why valid)``). Not failures: nothing is open about them.
SLOW_BY_DESIGN: dict[tuple[str, str], tuple[str, str]] = {
    **{(f"verdicts.labels.{name}", "claims_"): (
        "none", "None means every claim: 34 claims on every form at the default search "
                "sizes, about 6 s of CPU even at n=4") for name in ("claim_verdicts",
                                                                   "verdicts_json")},
    **{(f"verdicts.labels.{name}", "seed"): (
        "huge", "a large seed is a valid seed; the call labels every claim (seconds)")
       for name in ("claim_verdicts", "verdicts_json")},
}


def slow_by_design(key: str, param: str, kind: str) -> bool:
    entry = SLOW_BY_DESIGN.get((key.removeprefix("triangle."), param))
    return entry is not None and kind in entry[0].split()


#: Failures this test found that are still open, each with its owner, the bad kinds that
#: fail, and why: ``(module.callable, parameter): (owner, "kind kind ...", reason)``, one
#: file per area (``tests/boundary_open_<area>.py``) so that work on different areas does
#: not collide. A failure of another kind, parameter or callable fails the test. Remove a
#: line once it passes.
KNOWN_OPEN: dict[tuple[str, str], tuple[str, str, str]] = {
    **boundary_open_beliefs.OPEN,
    **boundary_open_mechanisms.OPEN,
    **boundary_open_models.OPEN,
    **boundary_open_numerics.OPEN,
    **boundary_open_paper.OPEN,
}


def check(kinds: tuple[str, ...] | None, tmp_path: Any, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)  # a bad path must not litter the checkout
    failures = run(kinds)
    new = {k: v for k, v in failures.items() if not known(*k)}
    assert not new, f"{len(new)} entry-point failures not in KNOWN_OPEN:\n" + "\n".join(
        f"{k}: {v}" for k, v in sorted(new.items())
    )


@pytest.mark.filterwarnings("ignore")
def test_boundary(tmp_path: Any, monkeypatch: Any) -> None:
    check(None, tmp_path, monkeypatch)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore")
def test_boundary_thorough(tmp_path: Any, monkeypatch: Any) -> None:
    check(tuple(_bad_values()), tmp_path, monkeypatch)


def test_the_walk_sees_the_entry_points() -> None:
    """The walk must reach the public API (else the test above could not fail)."""
    names = public_callables()
    for expected in ("triangle.sensitivity.sampling.sample_factors",
                     "triangle.verdicts.claims.evaluate_claims",
                     "triangle.games.normal_form.NormalFormGame"):
        assert expected in names
    tried = {(k, p) for k, p, _, _ in calls(("nan",))}
    assert len(tried) > 100
    assert math.isfinite(len(tried))
    # the quick loop reaches every callable and parameter the full walk does, each with
    # a kind that cannot mean anything and one that may
    quick: dict[tuple[str, str], set[str]] = {}
    for k, p, kind, _ in calls(None):
        quick.setdefault((k, p), set()).add(kind)
    assert set(quick) == tried
    for kinds in quick.values():
        assert len(kinds & set(QUICK_MEANINGLESS)) == 1 and len(kinds & set(QUICK_MEANINGFUL)) == 1
