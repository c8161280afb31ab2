"""Private: how the two-player enumerations present their results.

Vertex enumeration and lexicographic search list the same extreme equilibria; both order
them, group them into components and explain degeneracy in the same words, here.
"""

from __future__ import annotations

import numpy as np


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
