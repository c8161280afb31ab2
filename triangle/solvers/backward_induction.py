"""Subgame-perfect equilibria of perfect-information trees by backward induction.

Zermelo's algorithm (Kuhn 1953; Osborne and Rubinstein 1994, Proposition 99.2), kept
exhaustive: at every decision node each *optimal* move is kept, so that ties give one
equilibrium per optimal move instead of an arbitrary one.

1. Give each leaf its payoff vector.
2. Going up the tree (children before parents), give each node the list of its
   continuation *cases*: one per combination of its children's cases. A chance node's
   value is the probability-weighted sum of its children's values; a decision node of
   player ``i`` keeps, for each combination, every move whose value to ``i`` is
   maximal (a tie when there are several).
3. Each case of the root is one pure-strategy subgame-perfect equilibrium; its choices
   give a move at every decision node (a complete strategy for every player).

The solver reads the public :class:`~triangle.games.tree.CompiledTree` of a
:class:`~triangle.SequentialGame` (``game.tree``). For symbolic payoffs, step 2 keeps
every move together with the conditions under which it is optimal (non-strict
inequalities in the factors), and drops combinations whose conditions are provably
contradictory (``conditional_backward_induction``, in its own module
:mod:`triangle.solvers.conditional_backward_induction` and importable from here too).
The result types live in :mod:`triangle.games.results`.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import sympy

from triangle.errors import InvalidGameError, SolverError, SymbolicGameError, WorkLimitError
from triangle.games.results import (
    ConditionalEquilibria,
    ConditionalEquilibrium,
    SubgamePerfectEquilibria,
    SubgamePerfectEquilibrium,
    Tie,
)
from triangle.games.tree import MAX_LABEL_CHARS, CompiledTree, plan_name
from triangle.registries import check_choice, check_count

if TYPE_CHECKING:
    from triangle.games.sequential import SequentialGame

__all__ = [
    "MAX_LABEL_CHARS",
    "ConditionalEquilibria",
    "ConditionalEquilibrium",
    "SubgamePerfectEquilibria",
    "SubgamePerfectEquilibrium",
    "Tie",
    "backward_induction",
    "decision_labels",
    "equilibrium_from_choices",
    "label_chars",
    "tree_of",
]

#: Relative tolerance for ties between floating-point values (irrational payoffs only;
#: rational payoffs are compared exactly).
_FLOAT_TIE = 1e-12


# --------------------------------------------------------------------------- numeric solver
def backward_induction(
    game: SequentialGame | CompiledTree,
    max_equilibria: int = 100_000,
    distinct: str = "strategies",
    *,
    max_label_chars: int | None = MAX_LABEL_CHARS,
) -> SubgamePerfectEquilibria:
    """Every pure-strategy subgame-perfect equilibrium of a numeric tree.

    Rational payoffs and probabilities are compared exactly (floats are read by their
    shortest decimal); irrational ones in floating point with a relative tolerance of
    ``1e-12``. Ties are reported in ``result.ties``; each optimal move at a tie gives its
    own equilibrium. Randomising over tied moves gives further, behavioural-strategy,
    equilibria that are not listed. Raises :class:`~triangle.errors.SolverError` when
    there are more than ``max_equilibria`` equilibria (ties everywhere).

    ``distinct="outcomes"`` returns one equilibrium (with a complete strategy profile) per
    distinct *outcome*, path and payoffs, instead of every profile: profiles that differ
    only in ties off the path are merged as the tree is climbed (a parent's choice
    depends only on its children's values, so no outcome is lost). Use it when ties off
    the path multiply the profiles beyond ``max_equilibria``.

    Every equilibrium names each decision node by its label (a default label is the
    node's whole history, so a deep tree of unnamed nodes has labels whose lengths add
    up to the square of its depth). The size of the labels of the answer
    (:func:`label_chars` times one plus the number of equilibria, which each hold a plan
    name) is counted before any is written; above ``max_label_chars`` a
    :class:`~triangle.errors.WorkLimitError` says how to proceed (name the nodes, or
    ``max_label_chars=None`` to write them anyway).

    >>> import triangle as tri
    >>> ultimatum = tri.SequentialGame(
    ...     ("Proposer", {
    ...         "fair": ("Responder", {"accept": (5, 5), "reject": (0, 0)}),
    ...         "greedy": ("Responder", {"accept": (9, 1), "reject": (0, 0)}),
    ...     }))
    >>> backward_induction(ultimatum)
    SubgamePerfectEquilibria([SubgamePerfectEquilibrium(path greedy > accept; payoffs 9, 1)])
    """
    tree = tree_of(game, "backward_induction")
    if tree.is_symbolic:
        raise SymbolicGameError(
            f"backward_induction needs numeric payoffs; this tree depends on the factors "
            f"{', '.join(tree.factors)}. Substitute values with game.subs({{...}}), or use "
            f"game.subgame_perfect_conditions() for conditions on the factors."
        )
    check_choice(distinct, "distinct", ("strategies", "outcomes"))
    check_count(max_equilibria, "max_equilibria")
    check_count(max_label_chars, "max_label_chars", none=True)
    merge = distinct == "outcomes"
    nodes = tree.nodes
    exact = tree.exact
    leaf_vals: Sequence[Any]
    probs: Sequence[Sequence[Any]]
    if exact is not None:
        leaf_vals, probs = exact
        compare = _exact_argmax
    else:
        leaf_vals = [
            tuple(float(e) for e in n.payoffs) if n.kind == "leaf" else None for n in nodes
        ]
        probs = [tuple(float(p) for p in n.probs) for n in nodes]
        compare = _float_argmax
    # a case: (value vector, nested choices, outcome from this node: ((history, prob), ...))
    # per node, its list of cases once solved, None again once its parent has used them
    cases: list[Any] = [None] * len(nodes)
    ties: dict[tuple[str, tuple[str, ...]], Tie] = {}
    # Outcomes compare histories (move, rest of the history), each interned as an integer:
    # one entry per new history instead of a copy of the whole tuple at every level (a
    # copy made a 20,000-deep tree need gigabytes; this needs memory linear in the tree).
    histories: dict[tuple[str, int], int] = {}

    def intern(key: tuple[str, int]) -> int:
        return histories.setdefault(key, len(histories) + 1)

    for k in range(len(nodes) - 1, -1, -1):  # depth-first order: children after parents
        node = nodes[k]
        if node.kind == "leaf":
            cases[k] = [(leaf_vals[k], (), ((0, 1),))]  # history id 0: the empty history
            continue
        child_cases = [cases[c] for c in node.children]
        size = 1
        for cc in child_cases:
            size *= len(cc)
        if size > max_equilibria:
            raise SolverError(
                f"the subtree at {node.label!r} has {size} combinations of optimal continuations "
                f"(more than max_equilibria={max_equilibria}): the tree has very many ties. "
                f"Pass distinct='outcomes' for one equilibrium per outcome, or raise "
                f"max_equilibria."
            )
        out = []
        seen: set = set()
        for combo in itertools.product(*child_cases):
            choices = tuple(c[1] for c in combo)
            if node.kind == "chance":
                value = tuple(
                    sum(p * c[0][i] for p, c in zip(probs[k], combo)) for i in range(tree.n_players)
                )
                outcome = (
                    tuple(
                        (intern((m, h)), p * q)
                        for m, p, c in zip(node.moves, probs[k], combo)
                        if p != 0
                        for h, q in c[2]
                    )
                    if merge
                    else ()
                )
                candidates = [(value, ((k, -1), choices), outcome)]
            else:
                i = node.player
                best = compare([c[0][i] for c in combo])
                if len(best) > 1:
                    moves = tuple(node.moves[j] for j in best)
                    ties[(node.label, moves)] = Tie(node.label, tree.players[i], moves)
                candidates = [
                    (
                        combo[j][0],
                        ((k, j), choices),
                        tuple((intern((node.moves[j], h)), q) for h, q in combo[j][2])
                        if merge
                        else (),
                    )
                    for j in best
                ]
            for case in candidates:
                if merge:
                    key = (case[0], case[2])
                    if key in seen:
                        continue
                    seen.add(key)
                out.append(case)
        if len(out) > max_equilibria:
            raise SolverError(
                f"more than max_equilibria={max_equilibria} subgame-perfect continuations at "
                f"{node.label!r}; pass distinct='outcomes' or raise max_equilibria."
            )
        cases[k] = out
        for c in node.children:
            cases[c] = None  # free memory as we go up
    _check_label_size(tree, len(cases[0]), max_label_chars)
    labels = decision_labels(tree)  # once: every equilibrium shares these strings
    equilibria = [
        equilibrium_from_choices(tree, value, choices, probs, labels=labels)
        for value, choices, _ in cases[0]
    ]
    notes = []
    if merge:
        notes.append(
            "distinct='outcomes': one equilibrium per distinct path and payoffs; other "
            "equilibria differ from these only off the path, at the ties listed."
        )
    if ties:
        notes.append(
            "ties: each optimal move at a tie gives its own equilibrium (listed); randomising "
            "over tied moves gives further behavioural-strategy equilibria (not listed)."
        )
    return SubgamePerfectEquilibria(equilibria, ties=tuple(ties.values()), notes=tuple(notes))


def _exact_argmax(values: list) -> list[int]:
    best = max(values)
    return [j for j, v in enumerate(values) if v == best]


def _float_argmax(values: list) -> list[int]:
    # Ties relative to the values compared (no absolute floor, so a tree scaled by 1e-12
    # keeps its strict preferences).
    best = max(values)
    scale = max(abs(v) for v in values)
    return [j for j, v in enumerate(values) if v >= best - _FLOAT_TIE * scale]


def _flatten(choices: tuple) -> dict[int, int]:
    """Node index -> chosen move index, from a case's nested choice structure."""
    out: dict[int, int] = {}
    stack = [choices]
    while stack:
        (k, j), subs = stack.pop()
        if j >= 0:
            out[k] = j
        stack.extend(s for s in subs if s)
    return out


def _to_sympy(x: Any) -> sympy.Expr:
    if isinstance(x, Fraction):
        return sympy.Rational(x.numerator, x.denominator)
    if isinstance(x, sympy.Basic):
        return x
    return sympy.Float(x)


def label_chars(tree: CompiledTree) -> int:
    """The characters of the labels of every decision node, counted without writing one.

    >>> from triangle.games.tree import compile_tree
    >>> label_chars(compile_tree(("A", {"l": ("B", {"x": (1, 0)}), "r": (2, 1)})))
    5
    """
    nodes = tree.nodes
    lengths = [0] * len(nodes)  # of each node's history joined by "/"
    total = 0
    for k, node in enumerate(nodes):  # depth first: parents before children
        if node.kind == "decision":
            total += len(node.name) if node.name is not None else (lengths[k] or 4)  # "root"
        for move, c in zip(node.moves, node.children):
            lengths[c] = lengths[k] + bool(lengths[k]) + len(move)
    return total


def decision_labels(tree: CompiledTree) -> dict[int, str]:
    """``{node index: label}`` of every decision node, each written once.

    A default label (the history joined by ``/``) is its parent's history plus one move,
    so all of them cost the characters they hold; reading ``node.label`` instead rebuilds
    each history from the root.

    >>> from triangle.games.tree import compile_tree
    >>> decision_labels(compile_tree(("A", {"l": ("B", {"x": (1, 0)}), "r": (2, 1)})))
    {0: 'root', 1: 'l'}
    """
    nodes = tree.nodes
    # which nodes have an unnamed decision node at or below them (they need a history)
    need = [False] * len(nodes)
    for k in range(len(nodes) - 1, -1, -1):
        node = nodes[k]
        need[k] = (node.kind == "decision" and node.name is None) or any(
            need[c] for c in node.children
        )
    history: dict[int, str] = {0: ""}
    out: dict[int, str] = {}
    for k, node in enumerate(nodes):
        own = history.pop(k, None)  # freed once its children have theirs
        if node.kind == "decision":
            out[k] = node.name if node.name is not None else (own or "root")
        for move, c in zip(node.moves, node.children):
            if need[c]:
                history[c] = f"{own}/{move}" if own else move
    return out


def _check_label_size(tree: CompiledTree, equilibria: int, limit: int | None) -> None:
    """Refuse, with advice, an answer whose labels would exceed ``limit`` characters."""
    if limit is None:
        return
    chars = label_chars(tree)
    nodes = sum(n.kind == "decision" for n in tree.nodes)
    # the labels once (shared), then each equilibrium's plan names: "label:move, " each
    total = chars + equilibria * (chars + 3 * nodes)
    if total > limit:
        raise WorkLimitError(
            f"the answer would hold about {total:,} characters of node labels ({chars:,} for "
            f"the {nodes:,} decision nodes, and a plan name per player in each of "
            f"{equilibria:,} equilibria), more than max_label_chars={limit:,} (about "
            f"{limit / 2**20:,.0f} MiB): a node without "
            f"a name is labelled by its whole history, so a tree d levels deep has labels of "
            f"d**2 characters. Name the decision nodes (Decision(player, moves, name=...), "
            f"or a name in the tuple form), or pass max_label_chars=None to write them anyway "
            f"(about a byte each)."
        )


def equilibrium_from_choices(
    tree: CompiledTree,
    value: Sequence[Any],
    choices: tuple,
    probs: Sequence[Sequence[Any]],
    *,
    labels: dict[int, str] | None = None,
) -> SubgamePerfectEquilibrium:
    """The equilibrium that a case of backward induction describes.

    Both backward-induction solvers record, at each node, the chosen move and the choices
    below it as nested ``((node index, move index or -1), (child choices, ...))``;
    ``value`` is the root's payoff vector and ``probs`` the chance probabilities in the
    solver's arithmetic. Reads the strategies, the path, the outcome and the plan names
    off the tree. ``labels`` (from :func:`decision_labels`) saves writing the node
    labels again for each equilibrium of one tree.

    >>> from triangle.games.tree import compile_tree
    >>> tree = compile_tree(("A", {"l": (1, 0), "r": (2, 1)}), players=("A", "B"))
    >>> choices = ((0, 1), ((), ()))  # at the root (node 0), move 1; leaves choose nothing
    >>> value = tree.exact.payoffs[2]  # the payoffs at leaf "r", as fractions
    >>> equilibrium_from_choices(tree, value, choices, tree.exact.probs)
    SubgamePerfectEquilibrium(path r; payoffs 2, 1)
    """
    nodes = tree.nodes
    if labels is None:
        labels = decision_labels(tree)
    chosen = _flatten(choices)
    strategies: dict[str, dict[str, str]] = {p: {} for p in tree.players}
    for k, node in enumerate(nodes):
        if node.kind == "decision":
            strategies[tree.players[node.player]][labels[k]] = node.moves[chosen[k]]
    outcome: dict[tuple[str, ...], Any] = {}
    stack: list[tuple[int, Any]] = [(0, 1)]
    while stack:
        k, prob = stack.pop()
        node = nodes[k]
        if node.kind == "leaf":
            outcome[node.history] = prob
        elif node.kind == "decision":
            stack.append((node.children[chosen[k]], prob))
        else:
            for p, c in reversed(list(zip(probs[k], node.children))):
                if not _is_zero(p):
                    stack.append((c, prob * p))
    profile = []
    for i in range(tree.n_players):
        mine = tree.decision_nodes(i)
        if len(mine) > 1:  # plan_name's text, from the labels already written
            pieces: list[str] = []
            for k in mine:
                pieces += (labels[k], ":", nodes[k].moves[chosen[k]], ", ")
            profile.append("".join(pieces[:-1]))
        else:
            profile.append(plan_name([nodes[k] for k in mine], [chosen[k] for k in mine]))
    return SubgamePerfectEquilibrium(
        strategies=strategies,
        path=tuple(outcome),
        outcome={h: _to_sympy(p) for h, p in outcome.items()},
        payoffs=tuple(_to_sympy(v) for v in value),
        players=tree.players,
        normal_form_profile=tuple(profile),
    )


def _is_zero(p: Any) -> bool:
    if isinstance(p, sympy.Basic):
        return bool(p.is_zero)
    return p == 0


def tree_of(game: SequentialGame | CompiledTree, solver: str) -> CompiledTree:
    """The compiled tree of a :class:`~triangle.SequentialGame` (or the tree itself).

    >>> import triangle as tri
    >>> tree_of(tri.SequentialGame(("A", {"l": (1, 0)}), players=("A", "B")), "demo").players
    ('A', 'B')
    """
    if isinstance(game, CompiledTree):
        return game
    tree = getattr(game, "tree", None)
    if not isinstance(tree, CompiledTree):
        raise InvalidGameError(
            f"{solver} solves game trees: pass a triangle.SequentialGame; got "
            f"{type(game).__name__}."
        )
    return tree


def __getattr__(name: str) -> Any:
    # The symbolic solver has its own module; its names stay importable from here, as
    # in 0.1, without importing it (and sympy's inequality solvers) up front.
    if name == "conditional_backward_induction":
        from triangle.solvers import conditional_backward_induction as module

        return module.conditional_backward_induction
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
