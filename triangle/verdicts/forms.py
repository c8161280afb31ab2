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

Forms are pluggable (:func:`register_form`): a form is a builder that turns the
simultaneous context of some samples into the context the claims are judged in on that
form, optionally with its own checks for some claims and a rule saying which claims it
judges at all (the others are "not applicable" there, :func:`form_applies`). The three
forms above are registered here; the ``"bayesian"`` and ``"repeated"`` forms
(:data:`PLANNED_FORMS`) register themselves from their own modules
(``triangle.verdicts.bayesian_form``, ``triangle.verdicts.repeated_form``), imported the
first time the form is asked for; until such a module exists, asking for the form raises
a clear error (:func:`check_form`). :func:`available_forms` lists every form that can be
judged now, :data:`FORMS` first.

>>> import triangle as tri
>>> ctx = form_context("us_first", tri.scenarios["baseline"].values)
>>> ctx.equilibria_cells.shape
(3, 3, 3, 1)
"""

from __future__ import annotations

import copy
import functools
import importlib
import importlib.util
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import sympy

from triangle.errors import ClaimCheckError, UnsupportedGameError, unknown_name
from triangle.games.normal_form import NormalFormGame
from triangle.models.sequential import china_first, sequential
from triangle.models.simultaneous import PLAYERS, STRATEGIES
from triangle.registries import check_text
from triangle.verdicts._backward import (
    SMALL,
    dirty_nodes,
    gather_row,
    leaf_cells,
    one_path,
    outcome_sets,
    reach_dirty,
    read_row,
)
from triangle.verdicts.context import TOL, ClaimContext

__all__ = [
    "FORMS",
    "PLANNED_FORMS",
    "FormBuilder",
    "FormContext",
    "FormSpec",
    "FormTree",
    "as_form",
    "available_forms",
    "check_form",
    "form_applies",
    "form_check",
    "form_context",
    "form_spec",
    "form_tree",
    "register_form",
    "spe_outcomes",
]

#: The forms every claim is judged on (stable names), in the order reports list them.
FORMS: tuple[str, ...] = ("simultaneous", "us_first", "china_first")

#: Forms named by issue 9 and not built yet: asking for one raises a clear error.
PLANNED_FORMS: tuple[str, ...] = ("bayesian", "repeated")


#: The modules that register the planned forms, imported when the form is first asked for.
_PROVIDERS: dict[str, str] = {
    "bayesian": "triangle.verdicts.bayesian_form",
    "repeated": "triangle.verdicts.repeated_form",
}

#: A form's builder: ``(simultaneous context, select) -> the context judged on the form``.
#: ``select`` is ``"all"``, ``"first"`` or ``"last"`` (which equilibria to follow at a tie;
#: a form without ties ignores it).
FormBuilder = Callable[[ClaimContext, str], ClaimContext]


@dataclass(frozen=True)
class FormSpec:
    """One registered form (:func:`register_form`).

    ``build`` makes the context a claim is judged in from the simultaneous context of the
    same samples; ``checks`` maps claim ids to checks of the form's own (used instead of
    :data:`triangle.verdicts.checks.CHECKS` for those claims); ``applies`` says which
    claims the form judges (``None``: every claim); ``note`` one line for the docs and
    the report (what the form is, or why a claim is not judged there).
    """

    name: str
    build: FormBuilder
    checks: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)
    applies: Callable[[str], bool] | None = None
    note: str = ""


_REGISTRY: dict[str, FormSpec] = {}


def register_form(
    name: str,
    builder: FormBuilder,
    *,
    checks: Mapping[str, Callable[[Any], Any]] | None = None,
    applies: Callable[[str], bool] | None = None,
    note: str = "",
    replace: bool = False,
) -> FormSpec:
    """Register a model form under ``name``; claims can then be judged on it.

    ``builder(ctx, select)`` receives the simultaneous :class:`ClaimContext` of K samples
    (payoffs computed once, shared by every form) and returns the context the claims'
    checks read on this form: a :class:`ClaimContext` (or subclass) whose equilibria and
    responses are the form's. It should carry the form's name in ``.form`` and, if its
    equilibria can tie, a ``tied`` ``(K,)`` mask (else the context's own, all false).
    ``checks`` gives the form's own check for some claim ids (a function of the context
    returning a :class:`triangle.verdicts.vocabulary.Verdict`, like those of
    :mod:`triangle.verdicts.checks`); ``applies(claim_id)`` says whether the form judges a
    claim at all (the others are "not applicable" on the form; default: every claim).
    Registering a name twice raises unless ``replace=True``.

    >>> def mirror(ctx, select):  # the simultaneous equilibria, under another name
    ...     return ctx
    >>> spec = register_form("mirror", mirror, note="a copy", replace=True)
    >>> check_form("mirror"), form_applies("mirror", "c004_promising_path")
    ('mirror', True)
    >>> import triangle as tri
    >>> claim = tri.claims["c004_promising_path"]
    >>> claim.check(form="mirror").holds == claim.check().holds
    True
    >>> _ = unregister_form("mirror")
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise ClaimCheckError(f"a form name is an identifier such as 'us_first'; got {name!r}.")
    if not callable(builder):
        raise ClaimCheckError(
            f"the builder of form {name!r} must be callable (ctx, select) -> context; "
            f"got {type(builder).__name__}."
        )
    if name in _REGISTRY and not replace:
        raise ClaimCheckError(
            f"the form {name!r} is already registered; pass replace=True to replace it."
        )
    spec = FormSpec(name, builder, dict(checks or {}), applies, note)
    _REGISTRY[name] = spec
    return spec


def unregister_form(name: str) -> FormSpec:
    """Remove a registered form (not one of :data:`FORMS`); returns its spec.

    >>> unregister_form("us_first")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    triangle.errors.ClaimCheckError: the form 'us_first' is built in; ...
    """
    if name in FORMS:
        raise ClaimCheckError(f"the form {name!r} is built in; it cannot be removed.")
    if name not in _REGISTRY:
        raise unknown_name("form", name, _REGISTRY)
    return _REGISTRY.pop(name)


def _load_provider(form: str) -> bool:
    """Import the module that registers a planned form, if it exists; whether it did."""
    module = _PROVIDERS.get(form)
    if module is None or importlib.util.find_spec(module) is None:
        return False
    importlib.import_module(module)  # registers the form (register_form at import)
    return form in _REGISTRY


def form_spec(form: str) -> FormSpec:
    """The registered :class:`FormSpec` of ``form`` (a planned form's module imported first).

    >>> form_spec("us_first").name
    'us_first'
    """
    check_text(form, "form")  # an array or a number is not a form's name (nor hashable)
    spec = _REGISTRY.get(form)
    if spec is None and form in _PROVIDERS and _load_provider(form):
        spec = _REGISTRY[form]
    if spec is not None:
        return spec
    if form in PLANNED_FORMS:
        raise UnsupportedGameError(
            f"the {form!r} form is not built yet; the forms available are "
            f"{available_forms()}. Judge the claim on one of those."
        )
    raise unknown_name("form", form, tuple(_REGISTRY) + PLANNED_FORMS)


def check_form(form: str) -> str:
    """``form`` if it is a registered form (:func:`register_form`); a clear error otherwise.

    >>> check_form("us_first")
    'us_first'
    >>> check_form("us_frist")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    triangle.errors.UnknownNameError: unknown form 'us_frist'; did you mean 'us_first'...
    """
    return form_spec(form).name


def available_forms() -> tuple[str, ...]:
    """Every form claims can be judged on now: :data:`FORMS`, then the planned forms whose
    module exists, then any other registered form, in registration order.

    >>> available_forms()[:3]
    ('simultaneous', 'us_first', 'china_first')
    """
    for form in PLANNED_FORMS:
        if form not in _REGISTRY:
            _load_provider(form)
    return tuple(_REGISTRY)


def form_applies(form: str, claim_id: str) -> bool:
    """Whether ``form`` judges the claim (else it is "not applicable" there).

    >>> form_applies("china_first", "c000_pivot_unlikely_for_now")
    True
    """
    spec = form_spec(form)
    return True if spec.applies is None else bool(spec.applies(claim_id))


def form_check(form: str, claim_id: str) -> Callable[[Any], Any] | None:
    """The form's own check of a claim, or ``None`` (the shared check applies).

    >>> form_check("us_first", "c004_promising_path") is None
    True
    """
    return form_spec(form).checks.get(claim_id)


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
    if form not in _TREES:
        check_form(form)
        raise ClaimCheckError(
            f"the {form!r} form has no tree; the forms with one are {_TREES}."
        )
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
    n, n_leaves, k = payoffs.shape
    # One equilibrium by values (cheap: one (K,) vector per node), noting every tie in the
    # tree; only the samples with a tie need the outcome sets.
    leaf, tied = one_path(tree, lambda i, j: payoffs[i, j], n, k, fix, select == "last", tol)
    out = np.zeros((n_leaves, k), dtype=bool)
    out[leaf, np.arange(k)] = True
    if select == "all" and tied.any():
        out[:, tied] = outcome_sets(tree, payoffs[..., tied], fix, tol)
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
            # a counterfactual shares its parent's results on the subtrees whose cells it
            # leaves as they are (the same numbers give the same results): the subtrees'
            # and, when no cell the tree can reach under ``fix`` changed, the outcomes
            base = self._base_memo
            dirty = dirty_nodes(tree, self.shape, self._changed) if base is not None else None
            shared_key = ("spe", self.form, self.select, us)
            if base is not None and dirty is not None and not reach_dirty(tree, fix, dirty):
                hit = base.get(shared_key)
                if hit is None:
                    hit = base[shared_key] = self._solve(tree, fix, None, None)
                self._memo[key] = hit
            else:
                memo_key = ("spe_memo", self.form, self.select)
                self._memo[key] = self._solve(
                    tree, fix, None if base is None else base.setdefault(memo_key, {}), dirty)
        return self._memo[key]

    def _solve(
        self, tree: FormTree, fix: dict[int, str], base: dict[int, Any] | None,
        dirty: tuple[bool, ...] | None,
    ) -> np.ndarray:
        """:meth:`_outcomes` computed: one path by values, reading the cells' rows in place;
        the outcome sets only where the tree has a tie."""
        n, n_cells = self.shape[0], int(np.prod(self.shape[1:]))
        flat = leaf_cells(tree, self.shape)  # leaf -> cell
        gather = self.k <= SMALL
        if gather:  # few samples: every cell at hand (cheap), values gathered from them
            row = functools.partial(gather_row, self.cells.reshape(n, n_cells, self.k),
                                    np.arange(self.k))
        else:  # the rows in place: a counterfactual copies none of its parent's
            row = functools.partial(read_row, self._row_reader(), n_cells)

        memo = self._memo.setdefault(("spe_memo", self.form, self.select), {})
        cell, tied = one_path(tree, row, n, self.k, fix, self.select == "last", TOL,
                               column=flat, memo=memo, base=base, dirty=dirty, gather=gather)
        mask = np.zeros((n_cells, self.k), dtype=bool)
        mask[cell, np.arange(self.k)] = True
        if self.select == "all" and tied.any():
            at_ties = np.stack([np.stack([row(i, c)[tied] for c in flat]) for i in range(n)])
            sets = outcome_sets(tree, at_ties, fix, TOL)  # (L, K')
            part = np.zeros((n_cells, int(tied.sum())), dtype=bool)
            for j, c in enumerate(flat):
                part[c] |= sets[j]
            mask[:, tied] = part
        return mask.reshape(*self.shape[1:], self.k)

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
    if form in _TREES:  # built directly, without a simultaneous context first
        return FormContext(values, form=form, select=select, game=game, base=base)
    return as_form(ClaimContext(values, game=game, base=base), form, select)


def as_form(ctx: ClaimContext, form: str, select: str = "all") -> ClaimContext:
    """The same samples and payoffs judged on another form (payoffs shared, not recomputed).

    Dispatches to the form's builder (:func:`register_form`).

    >>> import triangle as tri
    >>> ctx = ClaimContext(tri.scenarios["baseline"].values)
    >>> as_form(ctx, "china_first").form
    'china_first'
    """
    made = form_spec(form).build(ctx, select)
    if made.form != form:  # a builder that kept a context of another form: name it
        made = copy.copy(made) if made is ctx else made
        made.form = form
    return made


def _simultaneous(ctx: ClaimContext, select: str) -> ClaimContext:
    return ctx


def _tree_form(form: str) -> FormBuilder:
    def build(ctx: ClaimContext, select: str) -> ClaimContext:
        made = object.__new__(FormContext)
        made.__dict__.update(ctx.__dict__)
        shared = ("index", "grad", "payoffs")  # what does not depend on the form
        made._memo = {
            k: v for k, v in ctx._memo.items() if isinstance(k, tuple) and k[0] in shared
        }
        form_tree(form)
        made.form, made.select = form, select
        return made
    return build


#: The sequential forms read from a tree (:func:`form_tree`).
_TREES: tuple[str, ...] = ("us_first", "china_first")

register_form("simultaneous", _simultaneous,
              note="pure Nash equilibria of the one-shot game")
register_form("us_first", _tree_form("us_first"),
              note="subgame-perfect outcomes: the US, then Russia, then China")
register_form("china_first", _tree_form("china_first"),
              note="subgame-perfect outcomes: China's offer, the US, Russia, China's answer")
