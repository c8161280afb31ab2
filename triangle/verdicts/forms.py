"""The model forms a claim is judged on: who moves when, and what an equilibrium is there.

A claim speaks of equilibria and of the players' responses to a US move. On the
``"simultaneous"`` form those are the pure Nash equilibria of the one-shot game and of
the Russia-China game a US move leaves (:class:`~triangle.verdicts.context.ClaimContext`).
On a sequential form they are the subgame-perfect outcomes of a perfect-information tree
whose leaves are cells of the same simultaneous game (the payoff terms are not repeated,
only the order of moves changes; :mod:`triangle.models.sequential`):

- ``"us_first"``: the US offers, Russia chooses, China answers, each seeing the earlier
  moves (:func:`triangle.models.sequential`);
- ``"china_first"``: China's pre-emptive offer, then the US, then Russia, then China's
  answer where the tree has one (:func:`triangle.models.china_first`).

"Russia's (China's) responses to US move ``a``" are the Russian (Chinese) moves on the
subgame-perfect paths of the tree with the US held to ``a`` at every one of its nodes;
on ``us_first`` that is the subgame after ``a``, on ``china_first`` China's pre-emptive
move anticipates ``a``. The equilibria are the cells reached by the subgame-perfect paths
of the whole tree.

Backward induction runs over arrays of samples (one pass per tree node, numpy over the
samples). Ties are kept as :func:`triangle.backward_induction` keeps them, every optimal
move at a tie giving its own equilibrium: a node's set of subgame-perfect outcomes is
every outcome ``o`` of a child ``m`` such that, for every other child ``m'``, ``o`` is
worth at least as much to the mover as the least valuable subgame-perfect outcome of
``m'`` (the other subgames' equilibria can be chosen independently). Claims read these
sets as they read several Nash equilibria (``in every equilibrium``, ``responds with``).
Where a tie leaves several subgame-perfect paths, the claim is also judged on the two
extreme single selections (the first and the last optimal move at every tie); a verdict
that differs between them is reported as tie-dependent (:func:`form_verdicts`).

The ``"bayesian"`` and ``"repeated"`` forms are named in :data:`PLANNED_FORMS`; asking for
them raises a clear error until they are built (:func:`check_form`).

>>> import triangle as tri
>>> ctx = form_context("us_first", tri.scenarios["baseline"].values)
>>> ctx.equilibria_cells.shape
(3, 3, 3, 1)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import sympy

from triangle.errors import ClaimCheckError, UnsupportedGameError, unknown_name
from triangle.games.normal_form import NormalFormGame
from triangle.models.sequential import china_first, sequential
from triangle.models.simultaneous import PLAYERS, STRATEGIES
from triangle.verdicts.context import TOL, ClaimContext

__all__ = [
    "FORMS",
    "PLANNED_FORMS",
    "FormContext",
    "FormTree",
    "check_form",
    "form_context",
    "form_tree",
    "spe_outcomes",
]

#: The forms every claim is judged on (stable names), in the order reports list them.
FORMS: tuple[str, ...] = ("simultaneous", "us_first", "china_first")

#: Forms named by issue 9 and not built yet: asking for one raises a clear error.
PLANNED_FORMS: tuple[str, ...] = ("bayesian", "repeated")


def check_form(form: str) -> str:
    """``form`` if it is one of :data:`FORMS`; a clear error otherwise.

    >>> check_form("us_first")
    'us_first'
    >>> check_form("repeated")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    triangle.errors.UnsupportedGameError: the 'repeated' form is not built yet; ...
    """
    if form in FORMS:
        return form
    if form in PLANNED_FORMS:
        raise UnsupportedGameError(
            f"the {form!r} form is not built yet; the forms available are {FORMS}. "
            f"Judge the claim on one of those."
        )
    raise unknown_name("form", form, FORMS + PLANNED_FORMS)


# --------------------------------------------------------------------- the trees
@dataclass(frozen=True)
class FormTree:
    """A sequential form's tree, flattened for backward induction over samples.

    ``kind[k]`` is ``"decision"`` or ``"leaf"``; ``player[k]`` the mover's index;
    ``children[k]`` the child node indices; ``moves[k]`` the move names; ``leaf[k]`` the
    leaf number of a leaf node (``-1`` otherwise); ``cells`` the ``(L, 3)`` strategy
    indices (US, Russia, China) of the simultaneous cell each leaf pays.
    """

    name: str
    kind: tuple[str, ...]
    player: tuple[int, ...]
    children: tuple[tuple[int, ...], ...]
    moves: tuple[tuple[str, ...], ...]
    leaf: tuple[int, ...]
    cells: np.ndarray

    @property
    def n_leaves(self) -> int:
        """The number of leaves (``L``)."""
        return int(self.cells.shape[0])


def _builder(form: str) -> Any:
    if form == "us_first":
        return lambda game: sequential(PLAYERS, game=game)
    return lambda game: china_first(game=game)


@cache
def form_tree(form: str) -> FormTree:
    """The tree of a sequential form, its leaves mapped to cells of the simultaneous game.

    The model's own tree (:mod:`triangle.models.sequential`) is built on a game whose
    payoffs are one symbol per cell, so each leaf names the cell it pays; a leaf that is
    not one cell (a mixture, as after a reversal) is refused.

    >>> tree = form_tree("us_first")
    >>> tree.n_leaves, tree.cells[0].tolist()
    (27, [0, 0, 0])
    """
    check_form(form)
    if form == "simultaneous":
        raise ClaimCheckError("the simultaneous form has no tree; use ClaimContext.")
    shape = (len(PLAYERS), *(len(s) for s in STRATEGIES))
    symbols = np.empty(shape, dtype=object)
    where: dict[sympy.Symbol, tuple[int, ...]] = {}
    for idx in np.ndindex(*shape):
        s = sympy.Symbol("cell_" + "_".join(map(str, idx)))
        symbols[idx] = s
        where[s] = idx
    game = NormalFormGame(symbols, PLAYERS, STRATEGIES)
    nodes = _builder(form)(game).tree.nodes
    kind: list[str] = []
    player: list[int] = []
    children: list[tuple[int, ...]] = []
    moves: list[tuple[str, ...]] = []
    leaf: list[int] = []
    cells: list[tuple[int, ...]] = []
    for node in nodes:
        kind.append(node.kind)
        player.append(node.player)
        children.append(tuple(node.children))
        moves.append(tuple(node.moves))
        if node.kind == "leaf":
            found = [where.get(p) for p in node.payoffs]
            hits = [i for i in found if i is not None]
            if len(hits) != len(found) or len({i[1:] for i in hits}) != 1:
                raise ClaimCheckError(
                    f"the {form!r} tree has a leaf {node.label!r} that is not one cell of the "
                    f"simultaneous game; its claims need a form of their own."
                )
            leaf.append(len(cells))
            cells.append(hits[0][1:])
        elif node.kind == "decision":
            leaf.append(-1)
        else:
            raise ClaimCheckError(f"the {form!r} tree has a chance node; not supported here.")
    return FormTree(form, tuple(kind), tuple(player), tuple(children), tuple(moves),
                    tuple(leaf), np.array(cells, dtype=int))


# --------------------------------------------------------------------- backward induction
def spe_outcomes(
    tree: FormTree,
    payoffs: np.ndarray,
    *,
    fix: Mapping[int, str] | None = None,
    select: str = "all",
    tol: float = TOL,
) -> np.ndarray:
    """The subgame-perfect outcomes at K samples, a leaf mask ``(L, K)``.

    ``payoffs`` is ``(n_players, L, K)`` (each leaf's payoffs at each sample). ``fix``
    holds a player (by index) to one move at every node of theirs (the tree with that
    player's choice removed). ``select="all"`` keeps every subgame-perfect outcome (ties
    as :func:`triangle.backward_induction` keeps them: one equilibrium per optimal move);
    ``"first"`` / ``"last"`` follow one equilibrium, the first / last optimal move at
    every tie.

    >>> tree = form_tree("us_first")
    >>> u = np.zeros((3, tree.n_leaves, 1))
    >>> int(spe_outcomes(tree, u).sum()), int(spe_outcomes(tree, u, select="first").sum())
    (27, 1)
    """
    if select not in ("all", "first", "last"):
        raise ClaimCheckError(f"select is 'all', 'first' or 'last'; got {select!r}.")
    fix = dict(fix or {})
    n_leaves, k = payoffs.shape[1], payoffs.shape[2]
    # One equilibrium by values (cheap: one (K,) vector per node), noting every tie in the
    # tree; only the samples with a tie need the outcome sets.
    leaf, tied = _one_path(tree, payoffs, fix, select == "last", tol)
    out = np.zeros((n_leaves, k), dtype=bool)
    out[leaf, np.arange(k)] = True
    if select == "all" and tied.any():
        out[:, tied] = _outcome_sets(tree, payoffs[..., tied], fix, tol)
    return out


def _one_path(
    tree: FormTree, payoffs: np.ndarray, fix: Mapping[int, str], last: bool, tol: float,
    column: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The leaf of one subgame-perfect path ``(K,)`` (first or last optimal move at ties),
    and where the tree may have several subgame-perfect outcomes ``(K,)`` (a tie on the
    path, or off it where it can reach the path; a superset, never missing one). With
    ``column``, ``payoffs`` is ``(n, C, K)`` and leaf ``j`` reads column ``column[j]``; the
    result is then a column."""
    k = payoffs.shape[2]
    cols = np.arange(k)
    leaves: list[Any] = [None] * len(tree.kind)
    # where a node may have several subgame-perfect outcomes, and an upper bound of each
    # player's payoff over them: a tie off the path matters only if it can reach the path
    multi: list[Any] = [None] * len(tree.kind)
    high: list[Any] = [None] * len(tree.kind)
    for node in range(len(tree.kind) - 1, -1, -1):
        if tree.kind[node] == "leaf":
            j = tree.leaf[node]
            c = j if column is None else int(column[j])
            leaves[node] = np.full(k, c)
            multi[node] = np.zeros(k, dtype=bool)
            high[node] = payoffs[:, c, :]
            continue
        kids = [leaves[c] for c in tree.children[node]]
        i = tree.player[node]
        if i in fix:
            m = tree.moves[node].index(fix[i])
            child = tree.children[node][m]
            leaves[node], multi[node], high[node] = kids[m], multi[child], high[child]
        else:
            value = np.stack([payoffs[i, kid, cols] for kid in kids])  # (M, K)
            best = value.max(axis=0)
            ok = value >= best - tol
            pick = (len(kids) - 1 - np.argmax(ok[::-1], axis=0)) if last else np.argmax(ok, 0)
            leaves[node] = np.choose(pick, kids)
            many = ok.sum(axis=0) > 1
            for m, c in enumerate(tree.children[node]):
                reach = multi[c] & (high[c][i] >= best - tol)  # another outcome may be optimal
                many |= reach | (multi[c] & (pick == m))
            multi[node] = many
            if many.any():
                top = np.max(np.stack([high[c] for c in tree.children[node]]), axis=0)
                high[node] = np.where(many, top, payoffs[:, leaves[node], cols])
            else:
                high[node] = payoffs[:, leaves[node], cols]
        for c in tree.children[node]:
            leaves[c] = multi[c] = high[c] = None
    return leaves[0], multi[0]


def _outcome_sets(
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
            sets[node] = _all_optimal(kids, payoffs[i], tol)
        for c in tree.children[node]:
            sets[c] = None
    return np.asarray(sets[0])


def _all_optimal(kids: list[np.ndarray], u: np.ndarray, tol: float) -> np.ndarray:
    """Every outcome of a child worth at least each other child's worst SPE outcome."""
    worst = np.stack([np.where(s, u, np.inf).min(axis=0) for s in kids])  # (M, K)
    out = np.zeros_like(kids[0])
    for m, s in enumerate(kids):
        others = np.delete(worst, m, axis=0).max(axis=0) if len(kids) > 1 else -np.inf
        out = out | (s & (u >= others - tol))
    return out


# --------------------------------------------------------------------- the context
class FormContext(ClaimContext):
    """A :class:`ClaimContext` whose equilibria and responses are a sequential form's.

    Payoffs, best replies, dominance and derivatives are those of the simultaneous game
    (a claim about payoffs does not depend on the order of moves); the equilibria are the
    cells on the subgame-perfect paths and the responses to a US move those of the tree
    with the US held to that move (module docs). ``select`` follows all subgame-perfect
    paths (``"all"``) or one (``"first"``, ``"last"``).

    >>> import triangle as tri
    >>> ctx = FormContext(tri.scenarios["baseline"].values, form="us_first")
    >>> ctx.response_rows("Russia", "engage").shape
    (3, 1)
    """

    form: str
    select: str

    def __init__(
        self, values: Mapping[str, Any], *, form: str = "us_first", select: str = "all",
        game: NormalFormGame | None = None, base: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(values, game=game, base=base)
        form_tree(form)  # checks the name
        self.form, self.select = form, select

    def _child(self, made: ClaimContext) -> FormContext:
        """A derived context (counterfactual values, another game) made a form context."""
        made.__class__ = type(self)  # a subclass keeps its own reading of the tree
        made.form, made.select = self.form, self.select  # type: ignore[attr-defined]
        return made  # type: ignore[return-value]

    def at(self, **values: float) -> ClaimContext:
        """As :meth:`ClaimContext.at`, judged on the same form."""
        return self._child(ClaimContext.at(self, **values))

    def variant(self, game: NormalFormGame) -> ClaimContext:
        """As :meth:`ClaimContext.variant`, judged on the same form."""
        return self._child(ClaimContext.variant(self, game))

    def _outcomes(self, us: str | None) -> np.ndarray:
        """Mask ``(3, 3, 3, K)`` of the cells on the subgame-perfect paths."""
        key = ("spe", us)
        if key not in self._memo:
            tree = form_tree(self.form)
            fix = {} if us is None else {0: us}
            n_cells = int(np.prod(self.shape[1:]))
            flat = np.ravel_multi_index(tree.cells.T, self.shape[1:])  # leaf -> cell
            u = self.cells.reshape(self.shape[0], n_cells, self.k)  # a view, no copy
            # one path by values, reading the cells in place; the outcome sets only
            # where the tree has a tie
            cell, tied = _one_path(tree, u, fix, self.select == "last", TOL, column=flat)
            mask = np.zeros((n_cells, self.k), dtype=bool)
            mask[cell, np.arange(self.k)] = True
            if self.select == "all" and tied.any():
                sets = _outcome_sets(tree, u[:, flat][..., tied], fix, TOL)  # (L, K')
                part = np.zeros((n_cells, int(tied.sum())), dtype=bool)
                for j, c in enumerate(flat):
                    part[c] |= sets[j]
                mask[:, tied] = part
            self._memo[key] = mask.reshape(*self.shape[1:], self.k)
        return self._memo[key]

    @property
    def equilibria_cells(self) -> np.ndarray:
        """Cells on the subgame-perfect paths, ``(3, 3, 3, K)``."""
        return self._outcomes(None)

    def _sub(self, us: str) -> np.ndarray:
        return self._outcomes(us)[self.index("US", us)]

    def response_rows(self, player: str, us: str) -> np.ndarray:
        """``(3, K)``: the player's moves on the subgame-perfect paths with the US at ``us``."""
        own = {"Russia": 0, "China": 1}[player]
        return np.any(self._sub(us), axis=1 - own)

    @property
    def tied(self) -> np.ndarray:
        """``(K,)``: samples with more than one subgame-perfect outcome (whole tree or
        the tree with the US held to one move)."""
        out = self.equilibria_cells.sum(axis=(0, 1, 2)) > 1
        for a in self.game.strategies[0]:
            out |= self._sub(a).sum(axis=(0, 1)) > 1
        return out

    def __repr__(self) -> str:
        return f"<FormContext {self.form} K={self.k}>"


def form_context(
    form: str, values: Mapping[str, Any], *, select: str = "all",
    game: NormalFormGame | None = None, base: Mapping[str, Any] | None = None,
) -> ClaimContext:
    """The context a claim is judged in on ``form`` (a :class:`ClaimContext` when simultaneous).

    >>> import triangle as tri
    >>> type(form_context("simultaneous", tri.scenarios["baseline"].values)).__name__
    'ClaimContext'
    """
    check_form(form)
    if form == "simultaneous":
        return ClaimContext(values, game=game, base=base)
    return FormContext(values, form=form, select=select, game=game, base=base)


def as_form(ctx: ClaimContext, form: str, select: str = "all") -> ClaimContext:
    """The same samples and payoffs judged on another form (payoffs shared, not recomputed).

    >>> import triangle as tri
    >>> ctx = ClaimContext(tri.scenarios["baseline"].values)
    >>> as_form(ctx, "china_first").form
    'china_first'
    """
    check_form(form)
    if form == "simultaneous":
        return ctx
    made = object.__new__(FormContext)
    made.__dict__.update(ctx.__dict__)
    shared = ("index", "grad", "payoffs")  # what does not depend on the form
    made._memo = {
        k: v for k, v in ctx._memo.items() if isinstance(k, tuple) and k[0] in shared
    }
    form_tree(form)
    made.form, made.select = form, select
    return made
