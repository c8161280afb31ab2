"""Game trees: the node classes, reading a tree, and the compiled tree solvers walk.

A tree is written as nested data or with the node classes :class:`Decision`,
:class:`Chance` and :class:`Leaf` (both forms mix freely):

- a decision node: ``(player, {move: child, ...})``, or ``Decision(player, {...})``;
- a chance node: ``("chance", {move: (probability, child), ...})``, or ``Chance({...})``;
- a leaf: one payoff per player, ``(3, 1)``, or a mapping ``{"US": 3, "Russia": 1}``,
  or ``Leaf(3, 1)``.

Moves may also be given as a sequence of ``(move, child)`` pairs, whose names must then
be unique. Payoffs and probabilities are numbers (int, float, ``Fraction``, sympy
numbers) or sympy expressions in named factor symbols.

:func:`compile_tree` validates a tree and flattens it into a :class:`CompiledTree`: its
:class:`Node` records in depth-first order (root first, children after their parent),
the players, and exact rational values when every number is rational. This is what
:class:`~triangle.SequentialGame` holds (``game.tree``) and what the solvers in
:mod:`triangle.solvers.backward_induction` read. :func:`plan_name` names a player's pure
strategy (a complete contingent plan), as the normal form and the equilibria do.

>>> tree = compile_tree(("A", {"l": ("B", {"x": (1, 1), "y": (0, 0)}), "r": (2, 0)}))
>>> tree.players, [node.label for node in tree.nodes]
(('A', 'B'), ['root', 'l', 'l/x', 'l/y', 'r'])
>>> tree.plans(1)
[('x', (0,)), ('y', (1,))]
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np
import sympy

from triangle.errors import InvalidTreeError, closest_names
from triangle.games._tree_path import Path
from triangle.games._tree_path import extend as extend_path
from triangle.games._tree_path import moves as path_moves
from triangle.games.symbolic import decimal_rational, rationalize_floats

__all__ = [
    "CHANCE",
    "MAX_LABEL_CHARS",
    "Chance",
    "CompiledTree",
    "Decision",
    "ExactValues",
    "Leaf",
    "Node",
    "compile_tree",
    "plan_name",
]

#: The reserved player name of chance nodes in nested data.
CHANCE = "chance"

#: Accepted deviation of floating-point chance probabilities from summing to one.
_PROBABILITY_TOL = 1e-9


# --------------------------------------------------------------------------- node classes
class Leaf:
    """A terminal node: one payoff per player, in player order or by player name.

    >>> Leaf(3, 1).payoffs
    (3, 1)
    >>> Leaf({"US": 3, "Russia": 1}).payoffs
    {'US': 3, 'Russia': 1}
    """

    __slots__ = ("name", "payoffs")

    def __init__(self, *payoffs: Any, name: str | None = None) -> None:
        one = len(payoffs) == 1 and isinstance(payoffs[0], (Mapping, list, tuple, np.ndarray))
        # Leaf((3, 1)) and Leaf({"US": 3}) read as Leaf(3, 1)
        self.payoffs: Any = payoffs[0] if one else payoffs
        self.name = _check_name(name)

    def __repr__(self) -> str:
        return f"Leaf({self.payoffs!r})"


class Decision:
    """A decision node: ``player`` chooses one of ``moves`` (name -> child node).

    ``moves`` is a mapping, or a sequence of ``(move, child)`` pairs; children are node
    objects or nested data. ``name`` labels the node in strategies (default: the
    history of moves that leads to it, like ``"engage/pivot"``).

    >>> node = Decision("Russia", {"pivot": (1, 2), "stay": (0, 3)})
    >>> node.player, list(node.moves)
    ('Russia', ['pivot', 'stay'])
    """

    __slots__ = ("moves", "name", "player")

    def __init__(
        self,
        player: str,
        moves: Mapping[str, Any] | Sequence[tuple[str, Any]],
        name: str | None = None,
    ) -> None:
        self.player = player
        self.moves = moves
        self.name = _check_name(name)

    def __repr__(self) -> str:
        return f"Decision({self.player!r}, moves={list(_move_names(self.moves))})"


class Chance:
    """A chance node: ``moves`` maps each outcome to ``(probability, child)``.

    Probabilities are non-negative numbers summing to one, or sympy expressions that
    sum to one identically (``(p, child_a), (1 - p, child_b)``).

    >>> p = sympy.Symbol("p")
    >>> node = Chance({"keeps": (1 - p, (2, 2)), "reverses": (p, (0, 3))})
    >>> list(node.moves)
    ['keeps', 'reverses']
    """

    __slots__ = ("moves", "name")

    def __init__(
        self,
        moves: Mapping[str, tuple[Any, Any]] | Sequence[tuple[str, tuple[Any, Any]]],
        name: str | None = None,
    ) -> None:
        self.moves = moves
        self.name = _check_name(name)

    def __repr__(self) -> str:
        return f"Chance(moves={list(_move_names(self.moves))})"


#: Characters of node labels an answer may hold (its labels, and a plan name per player in
#: each equilibrium; about a byte each): a node's default label is its whole history, so
#: a chain of unnamed nodes d deep has labels of d**2 characters (20,000 deep: 4 * 10**8).
MAX_LABEL_CHARS = 2**27


def _check_name(name: Any) -> str | None:
    if name is not None and (not isinstance(name, str) or not name):
        raise InvalidTreeError(
            f"a node name is a non-empty string (or None for the default); got {name!r}."
        )
    return name


def _move_names(moves: Any) -> list[str]:
    if isinstance(moves, Mapping):
        return list(moves)
    try:
        return [m[0] for m in moves]
    except Exception:  # pragma: no cover - repr of malformed input
        return []



# --------------------------------------------------------------------------- compiled tree
@dataclass(frozen=True)
class Node:
    """One node of a :class:`CompiledTree`.

    Attributes
    ----------
    kind
        ``"decision"``, ``"chance"`` or ``"leaf"``.
    player
        The index of the player who moves (decision nodes), ``-1`` otherwise.
    moves
        The move names, in order (empty for a leaf).
    children
        The indices of the child nodes in :attr:`CompiledTree.nodes`, one per move.
    probs
        The probability of each move (chance nodes only), as sympy expressions.
    payoffs
        One payoff per player (leaves only), as sympy expressions.
    history
        The moves from the root to this node (a tuple, built on each access from a path
        the nodes share, so that a deep tree holds memory linear in its size).
    label
        The node's name: given by the user, or the history joined by ``/`` (``"root"``).
    name
        The name the user gave, or ``None``.
    parent
        The index of the parent node, ``-1`` for the root.
    """

    kind: str
    player: int
    moves: tuple[str, ...]
    children: tuple[int, ...]
    probs: tuple[sympy.Expr, ...]
    payoffs: tuple[sympy.Expr, ...]
    path: Path | None = field(repr=False, compare=False)
    name: str | None
    parent: int

    @property
    def history(self) -> tuple[str, ...]:
        """The moves from the root to this node."""
        return path_moves(self.path)

    @property
    def label(self) -> str:
        """The user's name for the node, else its history joined by ``/`` (``"root"``)."""
        return self.name if self.name is not None else _default_label(self.history)


class _Where:
    """"the root" or "history 'a/b'" for messages, formatted only when a message is."""

    __slots__ = ("path", "prefix")

    def __init__(self, path: Path | None, prefix: str = "") -> None:
        self.path = path
        self.prefix = prefix

    def __format__(self, spec: str) -> str:
        return format(self.prefix + _where(path_moves(self.path)), spec)

    def __str__(self) -> str:
        return self.__format__("")


class ExactValues(NamedTuple):
    """A numeric tree's leaf payoffs and chance probabilities as :class:`~fractions.Fraction`.

    Both are indexed like :attr:`CompiledTree.nodes`: ``payoffs[k]`` is ``None`` unless
    node ``k`` is a leaf; ``probs[k]`` is empty unless it is a chance node.
    """

    payoffs: tuple[tuple[Fraction, ...] | None, ...]
    probs: tuple[tuple[Fraction, ...], ...]


@dataclass(frozen=True, eq=False)
class CompiledTree:
    """A validated game tree, flattened depth first (root first); build it with
    :func:`compile_tree`.

    Attributes
    ----------
    players
        The players' names, in the order of the payoffs at the leaves.
    nodes
        Every node, depth first: the root is ``nodes[0]`` and children come after
        their parent.
    is_symbolic
        True when a payoff or a probability depends on a free factor symbol.
    exact
        The payoffs and probabilities as fractions (:class:`ExactValues`) when the tree
        is numeric and every number in it is rational; ``None`` otherwise.

    Examples
    --------
    >>> tree = compile_tree(("A", {"l": (1, 0), "r": ("chance", {"h": (0.5, (2, 0)),
    ...                                                           "t": (0.5, (0, 2))})}),
    ...                     players=("A", "B"))
    >>> [(node.kind, node.label) for node in tree.nodes]
    [('decision', 'root'), ('leaf', 'l'), ('chance', 'r'), ('leaf', 'r/h'), ('leaf', 'r/t')]
    >>> tree.exact.probs[2]
    (Fraction(1, 2), Fraction(1, 2))
    """

    players: tuple[str, ...]
    nodes: tuple[Node, ...]
    is_symbolic: bool
    exact: ExactValues | None

    @property
    def n_players(self) -> int:
        """The number of players (chance is not a player)."""
        return len(self.players)

    def expressions(self) -> Iterator[sympy.Expr]:
        """Every payoff and probability of the tree, node by node."""
        for node in self.nodes:
            yield from node.payoffs
            yield from node.probs

    @property
    def factors(self) -> dict[str, sympy.Symbol]:
        """The free symbols of payoffs and probabilities, by name (sorted)."""
        free: set[sympy.Symbol] = set()
        for expr in self.expressions():
            free |= expr.free_symbols
        return {s.name: s for s in sorted(free, key=lambda s: s.name)}

    def decision_nodes(self, player: int) -> list[int]:
        """The indices of player ``player``'s decision nodes, depth first.

        >>> compile_tree(("A", {"l": ("B", {"x": (1, 1)}), "r": (0, 0)})).decision_nodes(1)
        [1]
        """
        return [k for k, n in enumerate(self.nodes) if n.kind == "decision" and n.player == player]

    def plans(self, player: int) -> list[tuple[str, tuple[int, ...]]]:
        """A player's pure strategies: ``(name, move index at each of their nodes)``.

        The nodes are those of :meth:`decision_nodes`, in that order; names are given by
        :func:`plan_name`.

        >>> tree = compile_tree(("A", {"l": ("B", {"x": (1, 1), "y": (0, 0)}),
        ...                            "r": ("B", {"x": (2, 0), "y": (0, 2)})}))
        >>> [name for name, _ in tree.plans(1)]
        ['l:x, r:x', 'l:x, r:y', 'l:y, r:x', 'l:y, r:y']
        """
        nodes = [self.nodes[k] for k in self.decision_nodes(player)]
        return [
            (plan_name(nodes, choice), choice)
            for choice in itertools.product(*(range(len(n.moves)) for n in nodes))
        ]

    def to_nodes(
        self,
        fn: Callable[[sympy.Expr], Any] | None = None,
        root: int = 0,
        keep_labels: bool = False,
    ) -> Decision | Chance | Leaf:
        """The (sub)tree from node ``root`` as node objects, ``fn`` applied to every number.

        Labels the user gave are kept; ``keep_labels=True`` keeps every label (a subgame
        keeps the names of its nodes in the whole game).

        >>> tree = compile_tree(("A", {"l": (1, 0), "r": (0, 1)}), players=("A", "B"))
        >>> tree.to_nodes(lambda e: 2 * e)
        Decision('A', moves=['l', 'r'])
        """
        apply = fn if fn is not None else (lambda e: e)
        # Children before parents, without recursion (a deep tree would exceed the
        # interpreter's recursion limit).
        order, stack = [], [root]
        while stack:
            k = stack.pop()
            order.append(k)
            stack.extend(self.nodes[k].children)
        built: dict[int, Any] = {}
        for k in reversed(order):
            node = self.nodes[k]
            name = node.label if (node.name is not None or keep_labels) else None
            if node.kind == "leaf":
                built[k] = Leaf(tuple(apply(e) for e in node.payoffs), name=name)
            elif node.kind == "chance":
                built[k] = Chance(
                    [
                        (m, (apply(p), built.pop(c)))
                        for m, p, c in zip(node.moves, node.probs, node.children)
                    ],
                    name=name,
                )
            else:
                built[k] = Decision(
                    self.players[node.player],
                    [(m, built.pop(c)) for m, c in zip(node.moves, node.children)],
                    name=name,
                )
        return built[root]


def compile_tree(tree: Any, players: Sequence[str] | None = None) -> CompiledTree:
    """Validate a tree (nested data or node objects) and flatten it into a :class:`CompiledTree`.

    ``players`` gives the players' names in payoff order; by default, the order in
    which players first move (depth first). Raises
    :class:`~triangle.errors.InvalidTreeError` with the place of the first mistake.

    >>> compile_tree(("A", {"l": (1, 0)}), players=("A", "B")).nodes[1].payoffs
    (1, 0)
    >>> compile_tree(("A", {"l": (1, 0, 2)}), players=("A", "B"))
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidTreeError: the leaf at history 'l' has 3 payoffs but the game ...
    """
    order, nodes = _compile(tree, players)
    symbolic = any(bool(e.free_symbols) for n in nodes for e in (*n.payoffs, *n.probs))
    return CompiledTree(
        players=order,
        nodes=tuple(nodes),
        is_symbolic=symbolic,
        exact=None if symbolic else _exact_values(nodes),
    )


def plan_name(nodes: Sequence[Node], choice: Sequence[int]) -> str:
    """A pure strategy's readable name: the move, or ``node:move, ...`` for several nodes.

    ``nodes`` are one player's decision nodes and ``choice`` the index of the move at
    each; a player without a move has the single plan ``"(no move)"``.

    >>> tree = compile_tree(("A", {"l": ("A", {"x": (1,), "y": (0,)}), "r": (2,)}))
    >>> plan_name([tree.nodes[0], tree.nodes[1]], [0, 1])
    'root:l, l:y'
    >>> plan_name([tree.nodes[1]], [0]), plan_name([], [])
    ('x', '(no move)')
    """
    if not nodes:
        return "(no move)"
    if len(nodes) == 1:
        return nodes[0].moves[choice[0]]
    return ", ".join(f"{n.label}:{n.moves[j]}" for n, j in zip(nodes, choice))


# --------------------------------------------------------------------------- reading
def _default_label(history: tuple[str, ...]) -> str:
    return "/".join(history) if history else "root"


def _where(history: tuple[str, ...]) -> str:
    return "the root" if not history else f"history {'/'.join(history)!r}"


def _compile(tree: Any, players: Sequence[str] | None) -> tuple[tuple[str, ...], list[Node]]:
    """Validate the tree and flatten it into a depth-first list of nodes (root first)."""
    if players is not None:
        if isinstance(players, (str, bytes)):
            raise InvalidTreeError(
                f"players must be a sequence of names, not the string {players!r}."
            )
        players = tuple(players)
        for p in players:
            if not isinstance(p, str) or not p:
                raise InvalidTreeError(f"player names must be non-empty strings; got {p!r}.")
        if len(set(players)) != len(players):
            raise InvalidTreeError(f"player names must be unique; got {players!r}.")
        if CHANCE in players:
            raise InvalidTreeError(f"{CHANCE!r} is reserved for chance nodes; rename that player.")
        order = list(players)
    else:
        order = _discover_players(tree)
    fixed = players is not None
    if len(order) < 1:
        raise InvalidTreeError(
            "the tree has no decision node and no players were named; pass players=(...)."
        )
    raw: list[dict[str, Any]] = []
    # Iterative depth-first walk; `stack` holds (node, path, parent), and None marks the
    # end of a node's subtree (its id leaves `ancestors`): memory linear in the tree.
    stack: list[tuple[Any, Path | None, int] | None] = [(tree, None, -1)]
    ancestors: list[int] = []
    on_path: set[int] = set()
    pending_children: dict[int, list[int]] = {}
    while stack:
        item = stack.pop()
        if item is None:
            on_path.discard(ancestors.pop())
            continue
        obj, path, parent = item
        kind, player, moves, payoffs, name = _read_node(obj, path, order, fixed)
        if id(obj) in on_path and kind != "leaf":
            raise InvalidTreeError(
                f"the tree has a cycle: the node reached by {_Where(path)} is one of its own "
                f"ancestors. A game tree must not contain itself; build each subtree as its own "
                f"object."
            )
        index = len(raw)
        raw.append(
            {
                "kind": kind,
                "player": player,
                "moves": (),
                "probs": (),
                "payoffs": payoffs,
                "path": path,
                "name": name,
                "parent": parent,
            }
        )
        if parent >= 0:
            pending_children.setdefault(parent, []).append(index)
        if kind == "leaf":
            continue
        names, probs, children = moves
        raw[index]["moves"] = names
        raw[index]["probs"] = probs
        ancestors.append(id(obj))
        on_path.add(id(obj))
        stack.append(None)
        for move, child in reversed(list(zip(names, children))):
            stack.append((child, extend_path(path, move), index))
    nodes = []
    for k, r in enumerate(raw):
        children = tuple(pending_children.get(k, ()))
        nodes.append(
            Node(
                r["kind"],
                r["player"],
                r["moves"],
                children,
                r["probs"],
                r["payoffs"],
                r["path"],
                r["name"],
                r["parent"],
            )
        )
    _check_unique_labels(nodes)
    n = len(order)
    for node in nodes:
        if node.kind == "leaf" and len(node.payoffs) != n:
            raise InvalidTreeError(
                f"the leaf at {_Where(node.path)} has {len(node.payoffs)} payoffs but the game "
                f"has "
                f"{n} players {tuple(order)}; give one payoff per player, in that order."
            )
    return tuple(order), nodes


def _check_unique_labels(nodes: list[Node]) -> None:
    """Raise if two nodes have the same label, without writing out every default label
    (together they are quadratic in the depth).

    Default labels (histories joined by ``/``) differ from each other unless a move name
    holds ``/`` or a root move is called ``"root"``; then, as for small trees, every label
    is compared. Otherwise a given name clashes with another given name, or with the
    default label of the unnamed node its ``/``-separated parts lead to from the root.
    """
    named = [n.name for n in nodes if n.name is not None]
    ambiguous = any("/" in m for n in nodes for m in n.moves) or "root" in nodes[0].moves
    if ambiguous or len(nodes) <= 1000:
        labels = [n.label for n in nodes]
    else:
        labels = list(named)
        for name in set(named):
            k = 0
            parts = [] if name == "root" else name.split("/")
            for part in parts:
                node = nodes[k]
                if part not in node.moves:
                    break
                k = node.children[node.moves.index(part)]
            else:
                if nodes[k].name is None:
                    labels.append(name)
    counts = Counter(labels)
    if len(counts) != len(labels):
        dup = sorted(x for x, c in counts.items() if c > 1)
        raise InvalidTreeError(f"node names must be unique; {dup} name more than one node.")


def _discover_players(tree: Any) -> list[str]:
    order: list[str] = []
    known: set[str] = set()
    # None marks the end of a subtree, as in _compile: memory linear in the tree.
    stack: list[Any] = [(tree,)]
    ancestors: list[int] = []
    on_path: set[int] = set()
    while stack:
        item = stack.pop()
        if item is None:
            on_path.discard(ancestors.pop())
            continue
        obj = item[0]
        if id(obj) in on_path:  # a cycle: _compile reports it
            continue
        player, children = _peek(obj)
        if (
            player is not None
            and player != CHANCE
            and isinstance(player, str)
            and player not in known
        ):
            order.append(player)
            known.add(player)
        ancestors.append(id(obj))
        on_path.add(id(obj))
        stack.append(None)
        stack.extend((c,) for c in reversed(children))
    return order


def _peek(obj: Any) -> tuple[str | None, list[Any]]:
    """(player or CHANCE or None, children) of a node, without validation."""
    if isinstance(obj, Decision):
        return obj.player, _children_of(obj.moves, chance=False)
    if isinstance(obj, Chance):
        return CHANCE, _children_of(obj.moves, chance=True)
    if _is_data_node(obj):
        return obj[0], _children_of(obj[1], chance=obj[0] == CHANCE)
    return None, []


def _children_of(moves: Any, chance: bool) -> list[Any]:
    try:
        items = list(moves.items()) if isinstance(moves, Mapping) else list(moves)
        kids = [m[1] for m in items]
        if chance:
            kids = [k[1] for k in kids]
        return kids
    except Exception:
        return []


def _is_data_node(obj: Any) -> bool:
    return (
        isinstance(obj, (tuple, list))
        and len(obj) in (2, 3)
        and isinstance(obj[0], str)
        and isinstance(obj[1], (Mapping, list, tuple))
        and not isinstance(obj[1], str)
    )


def _read_node(obj: Any, history: Path | None, order: list[str], fixed: bool):
    """Classify one node and validate its own fields (children are validated in turn)."""
    where = _Where(history)
    if isinstance(obj, Decision):
        return _read_inner(obj.player, obj.moves, obj.name, history, order, fixed)
    if isinstance(obj, Chance):
        return _read_inner(CHANCE, obj.moves, obj.name, history, order, fixed)
    if _is_data_node(obj):
        name = obj[2] if len(obj) == 3 else None
        return _read_inner(obj[0], obj[1], name, history, order, fixed)
    if isinstance(obj, Leaf):
        return "leaf", -1, None, _read_payoffs(obj.payoffs, history, order), obj.name
    if obj is None or (isinstance(obj, (tuple, list, Mapping, np.ndarray)) and len(obj) == 0):
        raise InvalidTreeError(
            f"the leaf at {where} has no payoffs; give one payoff per player ({len(order)}: "
            f"{', '.join(order)}), e.g. {tuple(range(len(order)))}."
        )
    if isinstance(obj, (tuple, list, Mapping, np.ndarray)):
        return "leaf", -1, None, _read_payoffs(obj, history, order), None
    raise InvalidTreeError(
        f"cannot read the node at {where}: {obj!r}. Expected a leaf (one payoff per player), "
        f"(player, {{move: child}}), ('chance', {{move: (probability, child)}}), or a "
        f"Decision, Chance or Leaf object."
    )


def _read_inner(player, moves, name, history, order, fixed):
    where = _Where(history)
    if name is not None and (not isinstance(name, str) or not name):
        raise InvalidTreeError(
            f"the node name at {where} must be a non-empty string; got {name!r}."
        )
    chance = player == CHANCE
    if not chance and (not isinstance(player, str) or player not in order):
        close = closest_names(str(player), order)
        hint = (
            f"did you mean {', '.join(map(repr, close))}?"
            if close
            else f"the players are {tuple(order)}."
        )
        raise InvalidTreeError(
            f"the decision node at {where} belongs to unknown player {player!r}; {hint}"
        )
    if isinstance(moves, Mapping):
        items = list(moves.items())
    elif isinstance(moves, (list, tuple)):
        items = []
        for item in moves:
            if not isinstance(item, (list, tuple)) or len(item) != 2:
                raise InvalidTreeError(
                    f"the moves at {where} must be a mapping or (move, child) pairs; got {item!r}."
                )
            items.append(tuple(item))
    else:
        raise InvalidTreeError(
            f"the moves at {where} must be a mapping or (move, child) pairs; got {moves!r}."
        )
    if not items:
        raise InvalidTreeError(
            f"the {'chance' if chance else 'decision'} node at {where} has no moves."
        )
    names = tuple(m for m, _ in items)
    for m in names:
        if not isinstance(m, str) or not m:
            raise InvalidTreeError(f"move names must be non-empty strings; got {m!r} at {where}.")
    if len(set(names)) != len(names):
        dup = sorted({m for m in names if names.count(m) > 1})
        raise InvalidTreeError(
            f"duplicate move names {dup} at {where}; the moves of a node must have distinct names."
        )
    if not chance:
        return "decision", order.index(player), (names, (), [c for _, c in items]), (), name
    probs, children = [], []
    for m, item in items:
        if not isinstance(item, (list, tuple)) or len(item) != 2:
            raise InvalidTreeError(
                f"chance move {m!r} at {where} must be a (probability, child) pair; got {item!r}."
            )
        probs.append(_expr(item[0], _Where(history, f"the probability of chance move {m!r} at ")))
        children.append(item[1])
    _check_probabilities(probs, names, where)
    return "chance", -1, (names, tuple(probs), children), (), name


def _check_probabilities(probs: list[sympy.Expr], names: tuple[str, ...], where: _Where) -> None:
    shown = {m: str(p) for m, p in zip(names, probs)}
    for m, p in zip(names, probs):
        if p.is_number and (p < 0 or p > 1):
            raise InvalidTreeError(
                f"chance probabilities must lie in [0, 1]; move {m!r} at {where} has "
                f"probability {p}."
            )
    total = sympy.Add(*probs)
    if total.is_number:
        if all(p.is_Rational for p in probs):
            ok = total == 1
        else:
            ok = abs(float(total) - 1) <= _PROBABILITY_TOL
    else:
        ok = sympy.simplify(total - 1) == 0
    if not ok:
        raise InvalidTreeError(
            f"chance probabilities at {where} must sum to 1; got {shown} "
            f"(sum {sympy.simplify(total)}). "
            f"Rescale them, or give the last one as 1 minus the others."
        )


def _read_payoffs(
    payoffs: Any, history: Path | None, order: list[str]
) -> tuple[sympy.Expr, ...]:
    where = _Where(history)
    if isinstance(payoffs, Mapping):
        unknown = [p for p in payoffs if p not in order]
        if unknown:
            close = closest_names(str(unknown[0]), order)
            hint = (
                f"did you mean {', '.join(map(repr, close))}?"
                if close
                else f"the players are {tuple(order)}."
            )
            raise InvalidTreeError(
                f"the leaf at {where} gives a payoff to unknown player {unknown[0]!r}; {hint}"
            )
        missing = [p for p in order if p not in payoffs]
        if missing:
            raise InvalidTreeError(
                f"the leaf at {where} gives no payoff to {missing}; give one payoff per player."
            )
        values = [payoffs[p] for p in order]
    else:
        values = (
            list(np.asarray(payoffs, dtype=object).reshape(-1))
            if isinstance(payoffs, np.ndarray)
            else list(payoffs)
        )
    if not values:
        raise InvalidTreeError(f"the leaf at {where} has no payoffs; give one payoff per player.")
    what = _Where(history, "the payoff at ")
    return tuple(_expr(v, what) for v in values)


def _expr(value: Any, what: _Where) -> sympy.Expr:
    # The common cases first, without sympify (a 20,000-leaf tree spent most of its
    # build there): Python ints and finite floats, read as exact rationals.
    if type(value) is int:
        return sympy.Integer(value)
    if type(value) is float and math.isfinite(value):
        return decimal_rational(value)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Number, sympy.Basic)):
        raise InvalidTreeError(f"{what} is {value!r}; expected a number or a sympy expression.")
    if isinstance(value, Fraction):
        expr = sympy.Rational(value.numerator, value.denominator)
    elif isinstance(value, (float, np.floating)):
        if not np.isfinite(value):
            raise InvalidTreeError(f"{what} is {value}; expected a finite number.")
        expr = decimal_rational(value)  # floats by their shortest decimal
    else:
        expr = sympy.sympify(value)
    if not isinstance(expr, sympy.Expr) or expr.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        raise InvalidTreeError(f"{what} is {value!r}; expected a finite number or expression.")
    # read floats by their shortest decimal, as NormalFormGame does, to compare exactly
    return rationalize_floats(expr)


def _exact_values(nodes: Sequence[Node]) -> ExactValues | None:
    """Leaf payoffs and chance probabilities as Fractions, or None if one is irrational."""
    leaf_vals, probs = [], []
    for node in nodes:
        if any(not e.is_Rational for e in (*node.payoffs, *node.probs)):
            return None
        leaf_vals.append(
            tuple(Fraction(int(e.p), int(e.q)) for e in node.payoffs)
            if node.kind == "leaf"
            else None
        )
        probs.append(tuple(Fraction(int(e.p), int(e.q)) for e in node.probs))
    return ExactValues(tuple(leaf_vals), tuple(probs))
