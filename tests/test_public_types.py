"""Public signatures name their types: no bare ``Any`` (issue 8).

Walks ``triangle.__all__`` and every subpackage's ``__all__``, the functions there and
the public methods (and ``__init__``/``__call__``) of the classes there, and fails on a
parameter or return annotated with a bare ``Any``. What a parameter accepts is named in
:mod:`triangle.games.aliases` (``PayoffsLike``, ``ProfileLike``, ...) or
``triangle.models.scenarios.PointLike``; the few honest ``Any``s are listed below, each
with its reason.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterator
from typing import Any

from triangle.games import aliases

PUBLIC = [
    "triangle", "triangle.games", "triangle.solvers", "triangle.models", "triangle.sensitivity",
    "triangle.verdicts", "triangle.report", "triangle.dittmer", "triangle.testing",
]

#: (function's qualified name, parameter) -> why ``Any`` is the honest annotation there.
ALLOWED = {
    ("triangle.citations.cite", "items"): (
        "anything citable (keys, results, games); citations sits below the games layer, so "
        "it cannot import the aliases"
    ),
}


def annotated_functions() -> Iterator[tuple[str, Callable[..., Any]]]:
    seen: set[int] = set()
    for package in PUBLIC:
        module = importlib.import_module(package)
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            found: list[tuple[str, Any]] = []
            if inspect.isclass(obj) and obj.__module__.startswith("triangle"):
                found.append((f"{obj.__module__}.{obj.__qualname__}.__init__", obj.__init__))
                for attr, value in vars(obj).items():
                    if attr.startswith("_") and attr != "__call__":
                        continue
                    f = value.fget if isinstance(value, property) else value
                    found.append((f"{obj.__module__}.{obj.__qualname__}.{attr}",
                                  getattr(f, "__func__", f)))
            elif inspect.isfunction(obj):
                found.append((f"{obj.__module__}.{obj.__qualname__}", obj))
            for qualname, f in found:
                is_ours = inspect.isfunction(f) and f.__module__.startswith("triangle")
                if is_ours and id(f) not in seen:
                    seen.add(id(f))
                    yield qualname, f


def bare_anys() -> list[tuple[str, str]]:
    out = []
    for qualname, f in annotated_functions():
        kinds = {p.name: p.kind for p in inspect.signature(f).parameters.values()}
        for param, annotation in f.__annotations__.items():
            if annotation is not Any and annotation != "Any":
                continue
            # **kwargs forwarded to a plotting library: Any is the honest type of each
            if kinds.get(param) is inspect.Parameter.VAR_KEYWORD:
                continue
            if (qualname, param) not in ALLOWED:
                out.append((qualname, param))
    return out


def test_the_walk_sees_the_public_api() -> None:
    names = {q for q, _ in annotated_functions()}
    assert "triangle.games.normal_form.NormalFormGame.__init__" in names
    assert "triangle.solvers.bayesian.bayesian_equilibria" in names
    assert len(names) > 200


def test_no_bare_any_on_a_public_signature() -> None:
    found = bare_anys()
    assert not found, (
        "public signatures annotated with a bare Any (name the type in "
        "triangle/games/aliases.py, or allow it here with a reason): " + repr(found)
    )


def test_the_allow_list_is_needed() -> None:
    present = {
        (q, p) for q, f in annotated_functions() for p, a in f.__annotations__.items()
        if a is Any or a == "Any"
    }
    assert set(ALLOWED) <= present, set(ALLOWED) - present


def test_every_alias_is_documented() -> None:
    lines = inspect.getsource(aliases).splitlines()
    for name in aliases.__all__:
        (i,) = [k for k, line in enumerate(lines) if line.startswith(f"{name}: TypeAlias")]
        assert lines[i - 1].startswith("#: "), f"{name} has no #: comment saying what it is"
