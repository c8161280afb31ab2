"""The moves to a node of a game tree, held as a linked list with stored checkpoints.

A private helper of :mod:`triangle.games.tree`: each node shares its parent's path, so a
tree of depth d holds O(1) per node instead of a copy of d moves (a 20,000-deep chain
needed 4 GiB as tuples).

>>> path = extend(extend(None, "a"), "b")
>>> moves(path), path.depth
(('a', 'b'), 2)
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["CHECKPOINT", "Path", "extend", "moves"]


class Path(NamedTuple):
    """The moves to a node as a linked list (each node shares its parent's path), so a
    tree of depth d holds O(1) per node instead of a copy of d moves (a 20,000-deep chain
    needed 4 GiB as tuples). Every ``CHECKPOINT`` levels the whole history is kept as a
    tuple, so that reading a history walks at most that many links in Python."""

    parent: Path | None
    move: str
    depth: int
    stored: tuple[str, ...] | None


#: Levels between stored histories: memory depth**2 / (2 * CHECKPOINT) references.
CHECKPOINT = 256


def extend(path: Path | None, move: str) -> Path:
    depth = 1 if path is None else path.depth + 1
    stored = (*moves(path), move) if depth % CHECKPOINT == 0 else None
    return Path(path, move, depth, stored)


def moves(path: Path | None) -> tuple[str, ...]:
    out = []
    while path is not None and path.stored is None:
        out.append(path.move)
        path = path.parent
    out.reverse()
    head = path.stored if path is not None and path.stored is not None else ()
    return head + tuple(out)
