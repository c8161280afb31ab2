"""Private: how the two-player enumerations present their results.

Vertex enumeration and lexicographic search list the same extreme equilibria; both order
them, group them into components and explain degeneracy in the same words, here.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from triangle.errors import InvalidArgumentError, UnsupportedGameError
from triangle.games.normal_form import require_numeric
from triangle.games.scale import check_relative_tolerance
from triangle.progress import Progress, check_progress
from triangle.registries import check_flag


def check_entry(
    game: Any, what: str, exact: Any, tol: Any, progress: Any, max_seconds: Any
) -> tuple[float, Progress, float | None]:
    """The arguments both enumerations take, checked in one place: ``(tol, progress,
    budget)``, or the error for a flag, a non-numeric or non-two-player game, a tolerance,
    a progress or a time limit that cannot be used."""
    check_flag(exact, "exact")
    progress = check_progress(progress)
    budget = check_max_seconds(max_seconds)
    require_numeric(game, what.replace(" ", "_"))
    if game.n_players != 2:
        raise UnsupportedGameError(
            f"{what} solves two-player games; this game has {game.n_players} players. Use "
            f"triangle.equilibria(game, method='support_enumeration')."
        )
    return check_relative_tolerance(tol), progress, budget


def check_max_seconds(max_seconds: float | None) -> float | None:
    """``max_seconds`` as a float when it is a positive finite number (None: no limit).

    >>> check_max_seconds(60), check_max_seconds(None)
    (60.0, None)
    """
    if max_seconds is None:
        return None
    try:
        value = float(max_seconds)
    except (TypeError, ValueError):
        value = math.nan
    if not value > 0 or math.isinf(value):
        raise InvalidArgumentError(
            f"max_seconds must be a positive number of seconds, or None for no limit; "
            f"got {max_seconds!r}."
        )
    return value


def order_key(profile: tuple[np.ndarray, ...], exact: bool) -> tuple:
    values = np.concatenate(profile)
    if exact:
        return tuple(-v for v in values)
    return tuple(-np.round(values.astype(float), 9))


def components(edges: list[tuple[int, int]]) -> tuple[tuple[int, ...], ...]:
    """Connected components of the bipartite graph (x vertex, y vertex) given as edges."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for i, j in edges:
        parent[find(("x", i))] = find(("y", j))
    groups: dict[tuple[str, int], list[int]] = {}
    for k, (i, _) in enumerate(edges):
        groups.setdefault(find(("x", i)), []).append(k)
    return tuple(sorted(tuple(g) for g in groups.values()))


def notes(degenerate: bool, components: tuple[tuple[int, ...], ...]) -> tuple[str, ...]:
    found = []
    if degenerate:
        found.append(
            "The game is degenerate: some mixed strategy has more pure best responses than "
            "the size of its support. The list holds every extreme equilibrium."
        )
    if any(len(c) > 1 for c in components):
        found.append(
            "Some equilibria are not isolated: a component with several extreme equilibria "
            "is a union of maximal Nash subsets, each a biclique of row strategies xs and "
            "column strategies ys that all pair as equilibria; every (x, y) with x a convex "
            "combination of the xs and y of the ys is an equilibrium as well."
        )
    return tuple(found)
