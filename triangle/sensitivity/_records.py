"""What a sensitivity result records of its run: the provenance and the references it used.

:func:`run_provenance` is the :class:`~triangle.models.provenance.Provenance` of a run
at a point (the held values of the game's factors, by id; the scenario when the point
is one by name); :func:`game_references` the bibliography keys of the game's payoff
terms (a model game) with the package's own entry.
"""

from __future__ import annotations

import contextlib
from typing import Any

from triangle.citations import PACKAGE_KEY, keys_of
from triangle.errors import UncitableError
from triangle.games.normal_form import NormalFormGame
from triangle.models.provenance import Provenance
from triangle.sensitivity._inputs import resolve_point

__all__ = ["game_references", "run_provenance"]


def run_provenance(game: NormalFormGame, at: Any, **run: Any) -> Provenance:
    """The provenance of a run on ``game`` with the other factors held at ``at``.

    >>> import sympy, triangle as tri
    >>> a = sympy.Symbol("a")
    >>> g = tri.NormalFormGame.from_bimatrix([[a, 0]], [[0, 1]])
    >>> p = run_provenance(g, {"a": 2}, form="tornado")
    >>> p.values, p.form, p.scenario
    ({'a': 2.0}, 'tornado', None)
    """
    symbols = game.factors
    point = resolve_point(at, extra=symbols)
    values = {n: float(point[n]) for n in symbols if n in point}
    scenario = at if isinstance(at, str) else getattr(at, "name", None)
    if scenario is None and at is None and symbols and all(n in point for n in symbols):
        scenario = "baseline"  # the registry's baseline values
    return Provenance.of_run(values, scenario=scenario, **run)


def game_references(game: NormalFormGame) -> tuple[str, ...]:
    """The package's key and, for a model game, the articles its payoff terms cite.

    >>> import triangle as tri
    >>> game_references(tri.NormalFormGame.from_bimatrix([[1, 0]], [[0, 1]]))
    ('triangle',)
    """
    keys = [PACKAGE_KEY]
    if getattr(game, "terms", None):
        with contextlib.suppress(UncitableError):  # terms without sources cite nothing
            keys += [k for k in keys_of(game) if k != PACKAGE_KEY]
    return tuple(keys)
