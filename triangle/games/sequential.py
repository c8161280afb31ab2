"""Sequential games: perfect-information trees with chance nodes.

A tree is written as nested data or with the node classes :class:`Decision`,
:class:`Chance` and :class:`Leaf` (both forms mix freely):

- a decision node: ``(player, {move: child, ...})``, or ``Decision(player, {...})``;
- a chance node: ``("chance", {move: (probability, child), ...})``, or ``Chance({...})``;
- a leaf: one payoff per player, ``(3, 1)``, or a mapping ``{"US": 3, "Russia": 1}``,
  or ``Leaf(3, 1)``.

Moves may also be given as a sequence of ``(move, child)`` pairs, whose names must then
be unique. Payoffs and probabilities are numbers (int, float, ``Fraction``, sympy
numbers) or sympy expressions in named factor symbols.

>>> import triangle as tri
>>> game = tri.SequentialGame(
...     ("Entrant", {
...         "out": (0, 2),
...         "in": ("Incumbent", {"fight": (-1, -1), "accommodate": (1, 1)}),
...     }),
...     players=("Entrant", "Incumbent"),
... )
>>> print(game)
Entrant @ root
├─ out: (0, 2)
└─ in: Incumbent @ in
   ├─ fight: (-1, -1)
   └─ accommodate: (1, 1)
>>> game.subgame_perfect_equilibria()
SubgamePerfectEquilibria([SubgamePerfectEquilibrium(path in > accommodate; payoffs 1, 1)])
"""

from __future__ import annotations

import itertools
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from triangle.errors import InvalidGameError, InvalidTreeError, closest_names, unknown_name

if TYPE_CHECKING:
    from triangle.games.normal_form import NormalFormGame
    from triangle.solvers.backward_induction import ConditionalEquilibria, SubgamePerfectEquilibria

__all__ = [
    "CHANCE",
    "Chance",
    "Decision",
    "InvalidTreeError",
    "Leaf",
    "SequentialGame",
]

#: The reserved player name of chance nodes in nested data.
CHANCE = "chance"

#: Largest number of pure-strategy profiles :meth:`SequentialGame.to_normal_form` builds
#: unless told otherwise (each profile costs one cell per player).
MAX_PROFILES = 1_000_000

#: Above this many payoff cells the normal form is built in floating point, not fractions
#: (each exact cell becomes a sympy number, which costs tens of microseconds).
_EXACT_CELLS = 50_000

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
        if len(payoffs) == 1 and isinstance(payoffs[0], (Mapping, list, tuple, np.ndarray)):
            payoffs = payoffs[0]  # Leaf((3, 1)) and Leaf({"US": 3}) read as Leaf(3, 1)
        self.payoffs = payoffs
        self.name = name

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
        self.name = name

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
        self.name = name

    def __repr__(self) -> str:
        return f"Chance(moves={list(_move_names(self.moves))})"


def _move_names(moves: Any) -> list[str]:
    if isinstance(moves, Mapping):
        return list(moves)
    try:
        return [m[0] for m in moves]
    except Exception:  # pragma: no cover - repr of malformed input
        return []


# --------------------------------------------------------------------------- compiled tree
@dataclass(frozen=True)
class _Node:
    kind: str  # "decision", "chance" or "leaf"
    player: int  # player index for decision nodes, -1 otherwise
    moves: tuple[str, ...]
    children: tuple[int, ...]
    probs: tuple[sympy.Expr, ...]  # chance nodes only
    payoffs: tuple[sympy.Expr, ...]  # leaves only
    history: tuple[str, ...]
    label: str
    parent: int


class SequentialGame:
    """A finite game in extensive form with perfect information and chance moves.

    Parameters
    ----------
    tree
        The root node, as nested data or node objects (see the module docstring).
    players
        The players' names, in the order of the payoffs at the leaves. Default: the
        order in which the players first move (depth first); give the names explicitly
        when some player never moves or to fix the order.

    Examples
    --------
    >>> import triangle as tri
    >>> game = tri.SequentialGame(
    ...     ("US", {
    ...         "engage": ("Russia", {"pivot": (3, 1), "stay": (0, 2)}),
    ...         "pressure": (1, 0),
    ...     }))
    >>> game.players
    ('US', 'Russia')
    >>> game.decision_nodes("Russia")
    ('engage',)
    >>> eq = game.subgame_perfect_equilibria()[0]
    >>> eq.path, eq.payoffs
    ((('pressure',),), (1, 0))
    >>> eq.strategies
    {'US': {'root': 'pressure'}, 'Russia': {'engage': 'stay'}}
    """

    __slots__ = ("_exact", "_nodes", "_players", "_symbolic")

    def __init__(self, tree: Any, players: Sequence[str] | None = None) -> None:
        if isinstance(tree, SequentialGame):
            raise InvalidTreeError(
                "pass the tree (nested data or a root node), not a SequentialGame."
            )
        self._players, self._nodes = _compile(tree, players)
        self._symbolic = any(bool(e.free_symbols) for e in self._all_exprs())
        self._exact = None if self._symbolic else _exact_values(self._nodes)

    # ----------------------------------------------------------------- properties
    @property
    def players(self) -> tuple[str, ...]:
        """The players' names, in payoff order."""
        return self._players

    @property
    def n_players(self) -> int:
        """The number of players (chance is not a player)."""
        return len(self._players)

    @property
    def is_symbolic(self) -> bool:
        """True when a payoff or a probability depends on a free factor symbol."""
        return self._symbolic

    @property
    def factors(self) -> dict[str, sympy.Symbol]:
        """The free symbols of payoffs and probabilities, by name (sorted)."""
        free: set[sympy.Symbol] = set()
        for expr in self._all_exprs():
            free |= expr.free_symbols
        return {s.name: s for s in sorted(free, key=lambda s: s.name)}

    def decision_nodes(self, player: str | int | None = None) -> tuple[str, ...]:
        """The labels of the decision nodes (of one player, or of all), depth first.

        >>> g = SequentialGame(("A", {"l": ("B", {"x": (1, 1), "y": (0, 0)}), "r": (2, 0)}))
        >>> g.decision_nodes(), g.decision_nodes("B")
        (('root', 'l'), ('l',))
        """
        if player is None:
            return tuple(n.label for n in self._nodes if n.kind == "decision")
        i = self.player_index(player)
        return tuple(n.label for n in self._nodes if n.kind == "decision" and n.player == i)

    @property
    def leaves(self) -> tuple[tuple[str, ...], ...]:
        """The terminal histories (move names from the root), depth first.

        >>> SequentialGame(("A", {"l": (1, 1), "r": (2, 0)}), players=("A", "B")).leaves
        (('l',), ('r',))
        """
        return tuple(n.history for n in self._nodes if n.kind == "leaf")

    def payoffs_at(self, history: Sequence[str]) -> tuple[Any, ...]:
        """The payoffs at the leaf reached by a history of moves.

        >>> SequentialGame(("A", {"l": (1, 1), "r": (2, 0)}), players=("A", "B")).payoffs_at(["r"])
        (2, 0)
        """
        history = tuple(history)
        for node in self._nodes:
            if node.kind == "leaf" and node.history == history:
                return tuple(_plain(e) for e in node.payoffs)
        raise unknown_name(
            "terminal history", "/".join(history), ["/".join(h) for h in self.leaves]
        )

    def player_index(self, player: str | int) -> int:
        """The index of a player given by name or index.

        >>> SequentialGame(("A", {"l": (1, 1)}), players=("A", "B")).player_index("B")
        1
        """
        if isinstance(player, (int, np.integer)) and not isinstance(player, bool):
            if not -self.n_players <= player < self.n_players:
                raise InvalidGameError(
                    f"player index {player} is out of range: there are {self.n_players}."
                )
            return int(player) % self.n_players
        if player not in self._players:
            raise unknown_name("player", player, self._players)
        return self._players.index(player)

    # ----------------------------------------------------------------- operations
    def subs(self, mapping: Mapping[str | sympy.Symbol, Any]) -> SequentialGame:
        """Substitute values for factors (by name or symbol) in payoffs and probabilities.

        >>> p = sympy.Symbol("p")
        >>> g = SequentialGame((CHANCE, {"h": (p, (1, 0)), "t": (1 - p, (0, 1))}),
        ...                    players=("A", "B"))
        >>> g.subs({"p": sympy.Rational(1, 4)}).is_symbolic
        False
        """
        from triangle.games.normal_form import factor_replacements

        repl = factor_replacements(mapping, self.factors, convert=_decimal)
        if not repl:
            return self
        return SequentialGame(self._rebuild(lambda e: e.xreplace(repl)), players=self._players)

    def subgame_perfect_equilibria(
        self, max_equilibria: int = 100_000, distinct: str = "strategies"
    ) -> SubgamePerfectEquilibria:
        """Every pure-strategy subgame-perfect equilibrium, by backward induction.

        Ties are never broken silently: each optimal move at a tie starts its own
        equilibrium, and the result lists the ties in ``result.ties``. Numeric games
        are solved in exact rational arithmetic. ``distinct="outcomes"`` keeps one
        equilibrium per distinct path and payoffs (when off-path ties multiply the
        profiles). For a symbolic game use
        :meth:`subgame_perfect_conditions`. See
        :func:`triangle.solvers.backward_induction.backward_induction`.

        >>> g = SequentialGame(("A", {"l": (1, 0), "r": (1, 2)}), players=("A", "B"))
        >>> eqs = g.subgame_perfect_equilibria()
        >>> len(eqs), eqs.ties
        (2, (Tie(node='root', player='A', moves=('l', 'r')),))
        """
        from triangle.solvers.backward_induction import backward_induction

        return backward_induction(self, max_equilibria=max_equilibria, distinct=distinct)

    def subgame_perfect_conditions(
        self, bounds: Mapping[str, tuple[Any, Any]] | None = None, max_pieces: int = 20_000
    ) -> ConditionalEquilibria:
        """The subgame-perfect equilibria of a symbolic game, as conditions on the factors.

        Returns a list of pieces ``(condition, equilibrium)``; see
        :func:`triangle.solvers.backward_induction.conditional_backward_induction`.

        >>> x = sympy.Symbol("x")
        >>> g = SequentialGame(("A", {"l": (x, 0), "r": (1, 2)}), players=("A", "B"))
        >>> [(str(p.condition), p.equilibrium.path) for p in g.subgame_perfect_conditions()]
        [('x >= 1', (('l',),)), ('x <= 1', (('r',),))]
        """
        from triangle.solvers.backward_induction import conditional_backward_induction

        return conditional_backward_induction(self, bounds=bounds, max_pieces=max_pieces)

    # ----------------------------------------------------------------- normal form
    def plans(self, player: str | int) -> tuple[str, ...]:
        """The names of a player's pure strategies (complete contingent plans).

        A player with one decision node names a plan by its move; otherwise a plan lists
        ``node:move`` for each of the player's nodes, depth first.

        >>> g = SequentialGame(("A", {"l": ("B", {"x": (1, 1), "y": (0, 0)}),
        ...                           "r": ("B", {"x": (2, 0), "y": (0, 2)})}))
        >>> g.plans("B")
        ('l:x, r:x', 'l:x, r:y', 'l:y, r:x', 'l:y, r:y')
        """
        return tuple(name for name, _ in self._plans(self.player_index(player)))

    def _plans(self, i: int) -> list[tuple[str, tuple[int, ...]]]:
        nodes = [n for n in self._nodes if n.kind == "decision" and n.player == i]
        return [
            (_plan_name(nodes, choice), choice)
            for choice in itertools.product(*(range(len(n.moves)) for n in nodes))
        ]

    def to_normal_form(
        self, exact: bool | None = None, max_profiles: int = MAX_PROFILES
    ) -> NormalFormGame:
        """The equivalent normal-form game, whose strategies are complete contingent plans.

        Every subgame-perfect equilibrium is a Nash equilibrium of it
        (:attr:`SubgamePerfectEquilibrium.normal_form_profile` names its cell). Payoffs
        are expected payoffs over chance moves. ``exact`` (default: when the table is
        small) keeps rational payoffs as fractions. The number of plans grows
        exponentially with a player's nodes: above ``max_profiles`` profiles this
        raises rather than exhaust memory.

        >>> import triangle as tri
        >>> g = SequentialGame(("A", {"l": ("B", {"x": (1, 1), "y": (0, 0)}), "r": (2, 0)}))
        >>> nf = g.to_normal_form()
        >>> nf.strategies
        (('l', 'r'), ('x', 'y'))
        >>> spe = g.subgame_perfect_equilibria()[0]
        >>> tri.is_equilibrium(nf, spe.normal_form_profile)
        True
        """
        from triangle.games.normal_form import NormalFormGame

        plans = [self._plans(i) for i in range(self.n_players)]
        shape = tuple(len(p) for p in plans)
        n_profiles = int(np.prod(shape, dtype=object))
        if n_profiles > max_profiles:
            raise InvalidGameError(
                f"the normal form of this tree has {n_profiles} strategy profiles "
                f"(plans per player: {dict(zip(self._players, shape))}), more than "
                f"max_profiles={max_profiles}. Solve the tree by backward induction instead, or "
                f"pass a larger max_profiles."
            )
        local = {}  # node index -> position among its player's nodes
        counters = [0] * self.n_players
        for k, node in enumerate(self._nodes):
            if node.kind == "decision":
                local[k] = counters[node.player]
                counters[node.player] += 1
        choice = [np.array([c for _, c in p], dtype=np.int64).reshape(len(p), -1) for p in plans]
        n = self.n_players
        cells = n * n_profiles
        if self._symbolic:
            use_exact, values = (
                False,
                [np.array(node.payoffs, dtype=object) for node in self._nodes],
            )
            probs = [node.probs for node in self._nodes]
        else:
            use_exact = (cells <= _EXACT_CELLS) if exact is None else bool(exact)
            if use_exact and self._exact is None:
                raise InvalidGameError(
                    "this tree has irrational payoffs or probabilities; use exact=False."
                )
            if use_exact:
                leaf_vals, probs = self._exact
                values = [np.array(v, dtype=object) if v is not None else None for v in leaf_vals]
            else:
                values = [np.array([float(e) for e in node.payoffs]) for node in self._nodes]
                probs = [tuple(float(p) for p in node.probs) for node in self._nodes]

        def value(k: int) -> np.ndarray:
            node = self._nodes[k]
            if node.kind == "leaf":
                return values[k].reshape((n,) + (1,) * n)
            subs = [value(c) for c in node.children]
            if node.kind == "chance":
                acc = subs[0] * probs[k][0]
                for p, v in zip(probs[k][1:], subs[1:]):
                    acc = acc + v * p
                return acc
            i = node.player
            picks = choice[i][:, local[k]]
            axis_shape = [1] * (n + 1)
            axis_shape[1 + i] = shape[i]
            acc = subs[0]
            for j in range(1, len(subs)):
                mask = (picks == j).reshape(axis_shape)
                acc = np.where(mask, subs[j], acc)
            return acc

        table = np.broadcast_to(value(0), (n, *shape)).copy()
        if use_exact and all(x.denominator == 1 for x in table.flat):
            table = table.astype(np.int64)  # integer tables take the fast exact path
        names = [tuple(name for name, _ in p) for p in plans]
        return NormalFormGame(table, players=self._players, strategies=names)

    # ----------------------------------------------------------------- display
    def __repr__(self) -> str:
        kind = "symbolic" if self._symbolic else "numeric"
        n_dec = sum(n.kind == "decision" for n in self._nodes)
        n_leaf = sum(n.kind == "leaf" for n in self._nodes)
        return (
            f"<SequentialGame {kind}, players={self._players}, {n_dec} decision nodes, "
            f"{n_leaf} leaves>"
        )

    def __str__(self) -> str:
        lines: list[str] = []

        def head(k: int) -> str:
            node = self._nodes[k]
            if node.kind == "leaf":
                return "(" + ", ".join(str(_plain(e)) for e in node.payoffs) + ")"
            who = self._players[node.player] if node.kind == "decision" else "chance"
            return f"{who} @ {node.label}"

        def walk(k: int, prefix: str) -> None:
            node = self._nodes[k]
            for j, (move, c) in enumerate(zip(node.moves, node.children)):
                last = j == len(node.moves) - 1
                branch = "└─ " if last else "├─ "
                prob = f" [{_plain(node.probs[j])}]" if node.kind == "chance" else ""
                lines.append(f"{prefix}{branch}{move}{prob}: {head(c)}")
                walk(c, prefix + ("   " if last else "│  "))

        lines.append(head(0))
        walk(0, "")
        return "\n".join(lines)

    # ----------------------------------------------------------------- internals
    def _all_exprs(self) -> Iterable[sympy.Expr]:
        for node in self._nodes:
            yield from node.payoffs
            yield from node.probs

    def subgame(self, node: str) -> SequentialGame:
        """The subgame that starts at a node (by label), with the same players and labels.

        >>> g = SequentialGame(("A", {"l": ("B", {"x": (1, 1), "y": (0, 0)}), "r": (2, 0)}))
        >>> print(g.subgame("l"))
        B @ l
        ├─ x: (1, 1)
        └─ y: (0, 0)
        """
        labels = [n.label for n in self._nodes]
        if node not in labels:
            raise unknown_name("node", node, labels)
        return SequentialGame(
            self._rebuild(lambda e: e, root=labels.index(node), keep_labels=True), self._players
        )

    def _rebuild(self, fn, root: int = 0, keep_labels: bool = False) -> Any:
        """The tree as node objects with ``fn`` applied to every payoff and probability."""

        def build(k: int) -> Any:
            node = self._nodes[k]
            custom = node.label != _default_label(node.history)
            name = node.label if (custom or keep_labels) else None
            if node.kind == "leaf":
                return Leaf(tuple(fn(e) for e in node.payoffs), name=name)
            if node.kind == "chance":
                return Chance(
                    [
                        (m, (fn(p), build(c)))
                        for m, p, c in zip(node.moves, node.probs, node.children)
                    ],
                    name=name,
                )
            return Decision(
                self._players[node.player],
                [(m, build(c)) for m, c in zip(node.moves, node.children)],
                name=name,
            )

        return build(root)


# --------------------------------------------------------------------------- compilation
def _plan_name(nodes: Sequence[_Node], choice: Sequence[int]) -> str:
    """A pure strategy's readable name: the move, or ``node:move, ...`` for several nodes."""
    if not nodes:
        return "(no move)"
    if len(nodes) == 1:
        return nodes[0].moves[choice[0]]
    return ", ".join(f"{n.label}:{n.moves[j]}" for n, j in zip(nodes, choice))


def _default_label(history: tuple[str, ...]) -> str:
    return "/".join(history) if history else "root"


def _where(history: tuple[str, ...]) -> str:
    return "the root" if not history else f"history {'/'.join(history)!r}"


def _compile(tree: Any, players: Sequence[str] | None) -> tuple[tuple[str, ...], list[_Node]]:
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
    # Iterative depth-first walk; `stack` holds (node, history, parent, ancestors' ids).
    stack: list[tuple[Any, tuple[str, ...], int, tuple[int, ...]]] = [(tree, (), -1, ())]
    pending_children: dict[int, list[int]] = {}
    while stack:
        obj, history, parent, ancestors = stack.pop()
        kind, player, moves, payoffs, name = _read_node(obj, history, order, fixed)
        if id(obj) in ancestors and kind != "leaf":
            raise InvalidTreeError(
                f"the tree has a cycle: the node reached by {_where(history)} is one of its own "
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
                "history": history,
                "label": name or _default_label(history),
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
        for move, child in reversed(list(zip(names, children))):
            stack.append((child, (*history, move), index, (*ancestors, id(obj))))
    labels = [r["label"] for r in raw]
    if len(set(labels)) != len(labels):
        dup = sorted({x for x in labels if labels.count(x) > 1})
        raise InvalidTreeError(f"node names must be unique; {dup} name more than one node.")
    nodes = []
    for k, r in enumerate(raw):
        children = tuple(pending_children.get(k, ()))
        nodes.append(
            _Node(
                r["kind"],
                r["player"],
                r["moves"],
                children,
                r["probs"],
                r["payoffs"],
                r["history"],
                r["label"],
                r["parent"],
            )
        )
    n = len(order)
    for node in nodes:
        if node.kind == "leaf" and len(node.payoffs) != n:
            raise InvalidTreeError(
                f"the leaf at {_where(node.history)} has {len(node.payoffs)} payoffs but the game "
                f"has "
                f"{n} players {tuple(order)}; give one payoff per player, in that order."
            )
    return tuple(order), nodes


def _discover_players(tree: Any) -> list[str]:
    order: list[str] = []
    stack: list[tuple[Any, frozenset[int]]] = [(tree, frozenset())]
    while stack:
        obj, ancestors = stack.pop()
        if id(obj) in ancestors:  # a cycle: _compile reports it
            continue
        player, children = _peek(obj)
        if (
            player is not None
            and player != CHANCE
            and isinstance(player, str)
            and player not in order
        ):
            order.append(player)
        inner = ancestors | {id(obj)}
        stack.extend((c, inner) for c in reversed(children))
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


def _read_node(obj: Any, history: tuple[str, ...], order: list[str], fixed: bool):
    """Classify one node and validate its own fields (children are validated in turn)."""
    where = _where(history)
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
    where = _where(history)
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
        probs.append(_expr(item[0], f"the probability of chance move {m!r} at {where}"))
        children.append(item[1])
    _check_probabilities(probs, names, where)
    return "chance", -1, (names, tuple(probs), children), (), name


def _check_probabilities(probs: list[sympy.Expr], names: tuple[str, ...], where: str) -> None:
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
    payoffs: Any, history: tuple[str, ...], order: list[str]
) -> tuple[sympy.Expr, ...]:
    where = _where(history)
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
    return tuple(_expr(v, f"the payoff at {where}") for v in values)


def _expr(value: Any, what: str) -> sympy.Expr:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Number, sympy.Basic)):
        raise InvalidTreeError(f"{what} is {value!r}; expected a number or a sympy expression.")
    if isinstance(value, Fraction):
        expr = sympy.Rational(value.numerator, value.denominator)
    elif isinstance(value, (float, np.floating)):
        if not np.isfinite(value):
            raise InvalidTreeError(f"{what} is {value}; expected a finite number.")
        expr = sympy.Rational(Fraction(repr(float(value))))  # floats by their shortest decimal
    else:
        expr = sympy.sympify(value)
    if not isinstance(expr, sympy.Expr) or expr.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        raise InvalidTreeError(f"{what} is {value!r}; expected a finite number or expression.")
    floats = expr.atoms(sympy.Float)
    if floats:  # read floats by their shortest decimal, as NormalFormGame does, to compare exactly
        expr = expr.xreplace({f: sympy.Rational(Fraction(repr(float(f)))) for f in floats})
    return expr


def _exact_values(nodes: list[_Node]):
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
    return leaf_vals, probs


def _decimal(value: Any) -> Any:
    """Floats by their shortest decimal, as fractions: 0.1 is 1/10, so that sums stay exact."""
    if isinstance(value, (float, np.floating)) and np.isfinite(value):
        return Fraction(repr(float(value)))
    return value


def _plain(e: sympy.Expr) -> Any:
    """A payoff for display: int or Fraction for rationals, else the expression."""
    if e.is_Integer:
        return int(e)
    if e.is_Rational:
        return Fraction(int(e.p), int(e.q))
    return e
