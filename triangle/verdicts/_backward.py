"""Backward induction over arrays of samples, for :mod:`triangle.verdicts.forms`.

The sequential forms' trees (:class:`~triangle.verdicts.forms.FormTree`) solved at K
samples at once: :func:`one_path` follows one subgame-perfect path by values (one ``(K,)``
vector per node, the first or the last optimal move at a tie) and marks where the tree may
have several subgame-perfect outcomes; :func:`outcome_sets` finds them all at those
samples. A counterfactual context shares its parent's results on the subtrees whose
cells it leaves unchanged (:func:`dirty_nodes`, :func:`reach_dirty`). A private module:
its names are the forms module's, not the package's.

>>> from triangle.verdicts.forms import form_tree
>>> tree = form_tree("us_first")
>>> u = np.zeros((3, tree.n_leaves, 2))
>>> leaf, tied = one_path(tree, lambda i, j: u[i, j], 3, 2, {}, False, 1e-9)
>>> leaf.tolist(), tied.tolist()
([0, 0], [True, True])
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from triangle.verdicts.forms import FormTree

__all__ = [
    "SMALL",
    "Choice",
    "PathSolver",
    "Solved",
    "all_optimal",
    "dirty_nodes",
    "first_optimal",
    "gather_row",
    "leaf_cells",
    "one_path",
    "outcome_sets",
    "players_below",
    "reach_dirty",
    "read_row",
]


class Solved:
    """A solved subtree (:func:`one_path`): the leaf of one subgame-perfect path (an int,
    or ``(K,)`` per sample), where the subtree may have several subgame-perfect outcomes
    (``multi``, ``(K,)`` bool, or ``None`` when nowhere) and, there, a bound on each
    player's payoff over them (``high``, ``(n, K)``); :meth:`value` is a player's payoff
    at the path's leaf, chosen from the children's values (never gathered from the whole
    payoff array, so a counterfactual context needs no copy of it)."""

    __slots__ = ("_choice", "_kids", "_row", "_values", "high", "leaf", "multi")

    def __init__(self, leaf: Any, row: Callable[[int, int], np.ndarray],
                 kids: list[Solved] | None = None, choice: Choice | None = None) -> None:
        self.leaf, self._row, self._kids, self._choice = leaf, row, kids, choice
        self.multi: np.ndarray | None = None
        self.high: np.ndarray | None = None
        self._values: dict[int, np.ndarray] = {}

    def value(self, i: int) -> np.ndarray:
        """Player ``i``'s payoff at the leaf of the path, ``(K,)`` (computed once; read
        only: it may be a child's own array)."""
        v = self._values.get(i)
        if v is None:
            if self._kids is None or self._choice is None:
                v = self._row(i, self.leaf)
            else:  # the chosen child's value at each sample: the same numbers, selected
                v = self._choice.select([kid.value(i) for kid in self._kids])
            self._values[i] = v
        return v

    def values(self, n: int) -> np.ndarray:
        """Every player's payoff at the leaf of the path, ``(n, K)``."""
        return np.stack([self.value(i) for i in range(n)])


class Choice:
    """Which child each sample follows (``pick``, ``(K,)``), kept as the child most samples
    follow and the positions of the others: most nodes pick one child at nearly every
    sample, so a selection is a copy and a few patches (or no copy at all)."""

    __slots__ = ("major", "others", "pick")

    def __init__(self, pick: np.ndarray, m: int) -> None:
        self.pick = pick
        if pick.size <= SMALL:  # few samples: np.choose, one call (see SMALL)
            self.major, self.others = -1, []
            return
        chosen = [pick == j for j in range(m)]
        counts = [int(np.count_nonzero(c)) for c in chosen]
        self.major = counts.index(max(counts))  # the first most frequent, as argmax
        self.others = [(j, np.flatnonzero(chosen[j])) for j in range(m)
                       if j != self.major and counts[j]]

    def select(self, arrays: Sequence[np.ndarray]) -> np.ndarray:
        """``arrays[pick[k]][k]`` at each sample ``k`` (the major child's array itself when
        every sample follows it)."""
        if self.major < 0:
            return np.choose(self.pick, arrays)
        if not self.others:
            return arrays[self.major]
        out = arrays[self.major].copy()
        for j, where in self.others:
            out[where] = arrays[j][where]
        return out

    def select_leaf(self, leaves: Sequence[Any], k: int) -> Any:
        """:meth:`select` of the children's leaves (ints or ``(K,)`` arrays): an int when
        every sample follows one child whose leaf is one."""
        if self.major < 0:
            if all(isinstance(leaf, int) for leaf in leaves):
                return np.asarray(leaves, dtype=np.intp)[self.pick]
            return np.choose(self.pick, [np.full(k, leaf, dtype=np.intp)
                                         if isinstance(leaf, int) else leaf for leaf in leaves])
        if not self.others:
            return leaves[self.major]
        first = leaves[self.major]
        out = np.full(k, first, dtype=np.intp) if isinstance(first, int) else first.copy()
        for j, where in self.others:
            leaf = leaves[j]
            out[where] = leaf if isinstance(leaf, int) else leaf[where]
        return out


#: Up to this many samples a node's choice is read with ``np.argmax`` and ``np.choose``
#: over the stacked children (few numpy calls: each call's fixed cost dominates); above,
#: by runs of false and a majority child with patches (``argmax`` along a short axis and
#: ``choose`` cost several nanoseconds a sample). The same choices and numbers either way.
SMALL = 2048


def first_optimal(ok: list[np.ndarray], last: bool) -> np.ndarray:
    """The first (``last``: the last) ``j`` with ``ok[j]`` true at each sample, as
    ``np.argmax`` over the stacked ``ok`` gives it (0, or ``len(ok) - 1`` with ``last``,
    where none is), counted by runs of false instead of reduced along the short axis."""
    m = len(ok)
    if m == 1:
        return np.zeros(ok[0].shape, dtype=np.int8)
    order = list(range(m - 1, -1, -1)) if last else list(range(m))
    alive = ~ok[order[0]]
    pick: np.ndarray = alive.astype(np.int8 if m < 128 else np.intp)
    for j in order[1:-1]:
        alive &= ~ok[j]
        pick += alive.view(np.int8)
    alive &= ~ok[order[-1]]  # no true at all (only a NaN payoff does that)
    if alive.any():
        pick[alive] = 0
    return (m - 1) - pick if last else pick


def one_path(
    tree: FormTree, row: Callable[[int, int], np.ndarray], n: int, k: int,
    fix: Mapping[int, str], last: bool, tol: float, column: np.ndarray | None = None,
    memo: dict[int, Any] | None = None, base: dict[int, Any] | None = None,
    dirty: tuple[bool, ...] | None = None, gather: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """The leaf of one subgame-perfect path ``(K,)`` (first or last optimal move at ties),
    and where the tree may have several subgame-perfect outcomes ``(K,)`` (a tie on the
    path, or off it where it can reach the path; a superset, never missing one).
    ``row(i, j)`` is player ``i``'s payoff at leaf ``j`` (``(K,)``, ``n`` players); with
    ``column``, leaf ``j`` is read as ``row(i, column[j])`` and the result is a column.

    The tree is solved from the root down, recursively: a node of a player in ``fix``
    solves only the child fixed (the other subtrees are never visited), and ``memo`` (one
    dict per payoffs, ``last`` and ``column``) keeps the result of every subtree without
    a fixed player's node, so that the tree with the US held to each move reuses the
    subtrees the whole tree solved. ``base`` is the memo of payoffs equal to these at every
    leaf of the subtrees ``dirty`` marks false (a counterfactual's parent): those subtrees'
    results are read from and written to it, the computation being the same. With
    ``gather``, ``row(i, leaves)`` also takes a ``(K,)`` array of leaves (one per sample)
    and a node's values are read that way instead of selected from its children's."""
    solver = PathSolver(tree, row, n, k, fix, last, tol, column, memo, base, dirty, gather)
    solved = solver.solve(0)
    leaf = solved.leaf
    if isinstance(leaf, int):
        leaf = np.full(k, leaf)
    return leaf, (np.zeros(k, dtype=bool) if solved.multi is None else solved.multi)


class PathSolver:
    """:func:`one_path`'s recursion, as methods (a recursive closure would be a reference
    cycle, keeping the payoffs it reads alive until the garbage collector runs)."""

    def __init__(
        self, tree: FormTree, row: Callable[[int, int], np.ndarray], n: int, k: int,
        fix: Mapping[int, str], last: bool, tol: float, column: np.ndarray | None,
        memo: dict[int, Any] | None, base: dict[int, Any] | None,
        dirty: tuple[bool, ...] | None, gather: bool = False,
    ) -> None:
        self.tree, self.row, self.n, self.k, self.fix = tree, row, n, k, fix
        self.last, self.tol, self.column, self.gather = last, tol, column, gather
        self.memo, self.base, self.dirty = memo, base, dirty
        self.below = players_below(tree)
        self.fixed = frozenset(fix)

    def solve(self, node: int) -> Solved:
        tree, fix = self.tree, self.fix
        store = None
        if self.memo is not None and not (self.below[node] & self.fixed):
            clean = self.base is not None and self.dirty is not None and not self.dirty[node]
            store = self.base if clean else self.memo
            hit = store.get(node)  # type: ignore[union-attr]
            if hit is not None:
                return hit
        if tree.kind[node] == "leaf":
            j = tree.leaf[node]
            out = Solved(j if self.column is None else int(self.column[j]), self.row)
        elif tree.player[node] in fix:
            i = tree.player[node]
            out = self.solve(tree.children[node][tree.moves[node].index(fix[i])])
        else:
            out = self.decide(tree.player[node], [self.solve(c) for c in tree.children[node]])
        if store is not None:
            store[node] = out
        return out

    def decide(self, i: int, kids: list[Solved]) -> Solved:
        tol, k, n = self.tol, self.k, self.n
        value = [kid.value(i) for kid in kids]
        if k <= SMALL:  # the children stacked: a few calls (SMALL)
            stacked = np.stack(value)
            low = stacked.max(axis=0) - tol
            ok2 = stacked >= low
            pick = ((len(kids) - 1 - np.argmax(ok2[::-1], axis=0)) if self.last
                    else np.argmax(ok2, axis=0))
            many = ok2.sum(axis=0) > 1
        else:
            best = value[0]
            for v in value[1:]:  # the maximum over the children (exact, in any order)
                best = np.maximum(best, v)
            low = best - tol
            ok = [v >= low for v in value]
            pick = first_optimal(ok, self.last)
            count = ok[0].astype(np.int8)
            for o in ok[1:]:
                count += o
            many = count > 1
        choice = Choice(pick, len(kids))
        leaf_at = choice.select_leaf([kid.leaf for kid in kids], k)
        out = Solved(leaf_at, self.row, None if self.gather else kids, choice)
        for m, kid in enumerate(kids):
            if kid.multi is not None and kid.high is not None:  # another optimal outcome?
                many |= kid.multi & ((kid.high[i] >= low) | (choice.pick == m))
        if many.any():
            highs = [kid.high if kid.high is not None else kid.values(n) for kid in kids]
            top = np.max(np.stack(highs), axis=0)
            out.multi, out.high = many, np.where(many, top, out.values(n))
        return out


#: Per tree (by id; the trees are cached by :func:`form_tree`, so the id is stable while the
#: tree is held here): the players with a decision node in each node's subtree.
_BELOW: dict[int, tuple[FormTree, tuple[frozenset[int], ...]]] = {}


def players_below(tree: FormTree) -> tuple[frozenset[int], ...]:
    """For each node, the players with a decision node in its subtree (itself included)."""
    hit = _BELOW.get(id(tree))
    if hit is not None and hit[0] is tree:
        return hit[1]
    out: list[frozenset[int]] = [frozenset()] * len(tree.kind)
    for node in range(len(tree.kind) - 1, -1, -1):  # children after parents
        if tree.kind[node] == "decision":
            found = {tree.player[node]}
            for c in tree.children[node]:
                found |= out[c]
            out[node] = frozenset(found)
    _BELOW[id(tree)] = (tree, tuple(out))
    return tuple(out)


def leaf_cells(tree: FormTree, shape: tuple[int, ...]) -> np.ndarray:
    """Each leaf's flat cell index in the strategy grid ``shape[1:]``, ``(L,)``."""
    return np.ravel_multi_index(tree.cells.T, shape[1:])


#: Per tree and set of changed payoff cells (flat indices of ``(3, 3, 3, 3)``): whether
#: each node's subtree has a leaf whose cell changed. Few distinct sets occur (one per
#: counterfactual the checks ask for), so the dict stays small; cleared if it grows.
_DIRTY: dict[tuple[int, tuple[int, ...], frozenset[int]],
             tuple[FormTree, tuple[bool, ...]]] = {}


def dirty_nodes(
    tree: FormTree, shape: tuple[int, ...], changed: frozenset[int]
) -> tuple[bool, ...]:
    """For each node, whether a leaf of its subtree pays a cell in which some player's
    payoff is among ``changed`` (flat indices of payoffs of ``shape``, players first)."""
    key = (id(tree), shape, changed)
    hit = _DIRTY.get(key)
    if hit is not None and hit[0] is tree:
        return hit[1]
    n_cells = int(np.prod(shape[1:]))
    cells = {j % n_cells for j in changed}
    flat = leaf_cells(tree, shape)
    out = [False] * len(tree.kind)
    for node in range(len(tree.kind) - 1, -1, -1):  # children after parents
        if tree.kind[node] == "leaf":
            out[node] = int(flat[tree.leaf[node]]) in cells
        else:
            out[node] = any(out[c] for c in tree.children[node])
    if len(_DIRTY) > 256:
        _DIRTY.clear()
    _DIRTY[key] = (tree, tuple(out))
    return tuple(out)


def reach_dirty(tree: FormTree, fix: Mapping[int, str], dirty: tuple[bool, ...]) -> bool:
    """Whether a leaf that the tree with ``fix`` can reach is dirty (:func:`dirty_nodes`)."""
    def walk(node: int) -> bool:
        if not dirty[node]:
            return False
        if tree.kind[node] == "leaf":
            return True
        i = tree.player[node]
        if i in fix:
            return walk(tree.children[node][tree.moves[node].index(fix[i])])
        return True

    return walk(0)


def outcome_sets(
    tree: FormTree, payoffs: np.ndarray, fix: Mapping[int, str], tol: float
) -> np.ndarray:
    """Every subgame-perfect outcome, a leaf mask ``(L, K)`` (module docs)."""
    n_leaves, k = payoffs.shape[1], payoffs.shape[2]
    eye = np.eye(n_leaves, dtype=bool)
    sets: list[Any] = [None] * len(tree.kind)
    for node in range(len(tree.kind) - 1, -1, -1):  # children after parents
        if tree.kind[node] == "leaf":
            sets[node] = np.broadcast_to(eye[tree.leaf[node]][:, None], (n_leaves, k))
            continue
        kids = [sets[c] for c in tree.children[node]]
        i = tree.player[node]
        if i in fix:
            sets[node] = kids[tree.moves[node].index(fix[i])]
        else:
            sets[node] = all_optimal(kids, payoffs[i], tol)
        for c in tree.children[node]:
            sets[c] = None
    return np.asarray(sets[0])


def all_optimal(kids: list[np.ndarray], u: np.ndarray, tol: float) -> np.ndarray:
    """Every outcome of a child worth at least each other child's worst SPE outcome."""
    worst = np.stack([np.where(s, u, np.inf).min(axis=0) for s in kids])  # (M, K)
    out = np.zeros_like(kids[0])
    for m, s in enumerate(kids):
        others = np.delete(worst, m, axis=0).max(axis=0) if len(kids) > 1 else -np.inf
        out = out | (s & (u >= others - tol))
    return out


def gather_row(u: np.ndarray, cols: np.ndarray, i: int, c: Any) -> np.ndarray:
    """Player ``i``'s payoffs at cell ``c`` of ``u`` ``(n, cells, K)``, or at one cell per
    sample (``c`` a ``(K,)`` array)."""
    return u[i, c] if isinstance(c, (int, np.integer)) else u[i, c, cols]


def read_row(read: Callable[[int], np.ndarray], n_cells: int, i: int, c: int) -> np.ndarray:
    """Player ``i``'s payoffs at cell ``c``, a row read in place."""
    return read(i * n_cells + c)
