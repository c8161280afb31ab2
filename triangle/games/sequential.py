"""Sequential games: perfect-information trees with chance nodes.

:class:`SequentialGame` is the facade: it holds a validated, flattened tree
(:class:`~triangle.games.tree.CompiledTree`, built in :mod:`triangle.games.tree`), builds
its normal form, and calls the solvers of :mod:`triangle.solvers.backward_induction`.
A tree is written as nested data or with the node classes :class:`Decision`,
:class:`Chance` and :class:`Leaf` (re-exported here; both forms mix freely):

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

import os
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from triangle.errors import InvalidGameError, InvalidTreeError, unknown_name
from triangle.games.aliases import TreeLike
from triangle.games.results import ConditionalEquilibria, SubgamePerfectEquilibria
from triangle.games.symbolic import exact_decimal, factor_replacements
from triangle.games.tree import (
    CHANCE,
    MAX_LABEL_CHARS,
    Chance,
    CompiledTree,
    Decision,
    Leaf,
    Node,
    compile_tree,
)

if TYPE_CHECKING:
    from triangle.games.normal_form import NormalFormGame

__all__ = [
    "CHANCE",
    "Chance",
    "Decision",
    "InvalidTreeError",
    "Leaf",
    "SequentialGame",
]

#: Largest number of pure-strategy profiles :meth:`SequentialGame.to_normal_form` builds
#: unless told otherwise (each profile costs one cell per player).
MAX_PROFILES = 1_000_000

#: Above this many payoff cells the normal form is built in floating point, not fractions
#: (each exact cell becomes a sympy number, which costs tens of microseconds).
_EXACT_CELLS = 50_000


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

    __slots__ = ("_tree",)

    def __init__(self, tree: TreeLike, players: Sequence[str] | None = None) -> None:
        if isinstance(tree, SequentialGame):
            raise InvalidTreeError(
                "pass the tree (nested data or a root node), not a SequentialGame."
            )
        self._tree = compile_tree(tree, players)

    # ----------------------------------------------------------------- properties
    @property
    def _nodes(self) -> tuple[Node, ...]:
        # Kept for code written against the internals of 0.1; read ``game.tree.nodes``.
        return self._tree.nodes

    @property
    def tree(self) -> CompiledTree:
        """The validated tree, flattened depth first (what the solvers read).

        >>> g = SequentialGame(("A", {"l": (1, 0), "r": (0, 1)}), players=("A", "B"))
        >>> [node.kind for node in g.tree.nodes]
        ['decision', 'leaf', 'leaf']
        """
        return self._tree

    @property
    def players(self) -> tuple[str, ...]:
        """The players' names, in payoff order."""
        return self._tree.players

    @property
    def n_players(self) -> int:
        """The number of players (chance is not a player)."""
        return self._tree.n_players

    @property
    def is_symbolic(self) -> bool:
        """True when a payoff or a probability depends on a free factor symbol."""
        return self._tree.is_symbolic

    @property
    def factors(self) -> dict[str, sympy.Symbol]:
        """The free symbols of payoffs and probabilities, by name (sorted)."""
        return self._tree.factors

    def decision_nodes(self, player: str | int | None = None) -> tuple[str, ...]:
        """The labels of the decision nodes (of one player, or of all), depth first.

        >>> g = SequentialGame(("A", {"l": ("B", {"x": (1, 1), "y": (0, 0)}), "r": (2, 0)}))
        >>> g.decision_nodes(), g.decision_nodes("B")
        (('root', 'l'), ('l',))
        """
        nodes = self._tree.nodes
        if player is None:
            return tuple(n.label for n in nodes if n.kind == "decision")
        return tuple(nodes[k].label for k in self._tree.decision_nodes(self.player_index(player)))

    @property
    def leaves(self) -> tuple[tuple[str, ...], ...]:
        """The terminal histories (move names from the root), depth first.

        >>> SequentialGame(("A", {"l": (1, 1), "r": (2, 0)}), players=("A", "B")).leaves
        (('l',), ('r',))
        """
        return tuple(n.history for n in self._tree.nodes if n.kind == "leaf")

    def payoffs_at(self, history: Sequence[str]) -> tuple[Any, ...]:
        """The payoffs at the leaf reached by a history of moves.

        >>> SequentialGame(("A", {"l": (1, 1), "r": (2, 0)}), players=("A", "B")).payoffs_at(["r"])
        (2, 0)
        """
        history = tuple(history)
        for node in self._tree.nodes:
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
        if player not in self.players:
            raise unknown_name("player", player, self.players)
        return self.players.index(player)

    # ----------------------------------------------------------------- operations
    def subs(self, mapping: Mapping[str | sympy.Symbol, Any]) -> SequentialGame:
        """Substitute values for factors (by name or symbol) in payoffs and probabilities.

        >>> p = sympy.Symbol("p")
        >>> g = SequentialGame((CHANCE, {"h": (p, (1, 0)), "t": (1 - p, (0, 1))}),
        ...                    players=("A", "B"))
        >>> g.subs({"p": sympy.Rational(1, 4)}).is_symbolic
        False
        """
        repl = factor_replacements(mapping, self.factors, convert=exact_decimal)
        if not repl:
            return self
        return SequentialGame(self._tree.to_nodes(lambda e: e.xreplace(repl)), players=self.players)

    def subgame_perfect_equilibria(
        self,
        max_equilibria: int = 100_000,
        distinct: str = "strategies",
        *,
        max_label_chars: int | None = MAX_LABEL_CHARS,
    ) -> SubgamePerfectEquilibria:
        """Every pure-strategy subgame-perfect equilibrium, by backward induction.

        Ties are never broken silently: each optimal move at a tie starts its own
        equilibrium, and the result lists the ties in ``result.ties``. Numeric games
        are solved in exact rational arithmetic. ``distinct="outcomes"`` keeps one
        equilibrium per distinct path and payoffs (when off-path ties multiply the
        profiles). An answer whose node labels would exceed ``max_label_chars``
        characters (deep trees of unnamed nodes) is refused with advice. For a symbolic
        game use :meth:`subgame_perfect_conditions`. See
        :func:`triangle.solvers.backward_induction.backward_induction`.

        >>> g = SequentialGame(("A", {"l": (1, 0), "r": (1, 2)}), players=("A", "B"))
        >>> eqs = g.subgame_perfect_equilibria()
        >>> len(eqs), eqs.ties
        (2, (Tie(node='root', player='A', moves=('l', 'r')),))
        """
        from triangle.solvers.backward_induction import backward_induction

        return backward_induction(
            self, max_equilibria=max_equilibria, distinct=distinct,
            max_label_chars=max_label_chars,
        )

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
        return tuple(name for name, _ in self._tree.plans(self.player_index(player)))

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

        tree = self._tree
        plans = [tree.plans(i) for i in range(self.n_players)]
        shape = tuple(len(p) for p in plans)
        n_profiles = int(np.prod(shape, dtype=object))
        if n_profiles > max_profiles:
            raise InvalidGameError(
                f"the normal form of this tree has {n_profiles} strategy profiles "
                f"(plans per player: {dict(zip(self.players, shape))}), more than "
                f"max_profiles={max_profiles}. Solve the tree by backward induction instead, or "
                f"pass a larger max_profiles."
            )
        local = {}  # node index -> position among its player's nodes
        counters = [0] * self.n_players
        for k, node in enumerate(tree.nodes):
            if node.kind == "decision":
                local[k] = counters[node.player]
                counters[node.player] += 1
        choice = [np.array([c for _, c in p], dtype=np.int64).reshape(len(p), -1) for p in plans]
        n = self.n_players
        cells = n * n_profiles
        values: list[Any]
        probs: Sequence[Sequence[Any]]
        if tree.is_symbolic:
            use_exact = False
            values = [np.array(node.payoffs, dtype=object) for node in tree.nodes]
            probs = [node.probs for node in tree.nodes]
        else:
            use_exact = (cells <= _EXACT_CELLS) if exact is None else bool(exact)
            if use_exact and tree.exact is None:
                raise InvalidGameError(
                    "this tree has irrational payoffs or probabilities; use exact=False."
                )
            if use_exact and tree.exact is not None:
                leaf_vals, probs = tree.exact
                values = [np.array(v, dtype=object) if v is not None else None for v in leaf_vals]
            else:
                values = [np.array([float(e) for e in node.payoffs]) for node in tree.nodes]
                probs = [tuple(float(p) for p in node.probs) for node in tree.nodes]

        def value(k: int) -> np.ndarray:
            node = tree.nodes[k]
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
        return NormalFormGame(table, players=self.players, strategies=names)

    def to_gambit(
        self, path: str | os.PathLike[str] | None = None, *, title: str = "", comment: str = ""
    ) -> str:
        """The game as the text of a Gambit ``.efg`` file (numeric games), also written to
        ``path`` when given; read it back with :func:`triangle.read_gambit`.

        See :func:`triangle.games.gambit.to_efg`.

        >>> g = SequentialGame(("A", {"l": (1, 0), "r": (0, 1)}), players=("A", "B"))
        >>> print(g.to_gambit())
        EFG 2 R "" { "A" "B" }
        ""
        <BLANKLINE>
        p "" 1 1 "" { "l" "r" } 0
        t "" 1 "l" { 1, 0 }
        t "" 2 "r" { 0, 1 }
        <BLANKLINE>
        """
        from triangle.games.gambit import to_efg

        return to_efg(self, path, title=title, comment=comment)

    # ----------------------------------------------------------------- display
    def __repr__(self) -> str:
        kind = "symbolic" if self.is_symbolic else "numeric"
        n_dec = sum(n.kind == "decision" for n in self._tree.nodes)
        n_leaf = sum(n.kind == "leaf" for n in self._tree.nodes)
        return (
            f"<SequentialGame {kind}, players={self.players}, {n_dec} decision nodes, "
            f"{n_leaf} leaves>"
        )

    def __str__(self) -> str:
        lines: list[str] = []

        nodes = self._tree.nodes

        def head(k: int) -> str:
            node = nodes[k]
            if node.kind == "leaf":
                return "(" + ", ".join(str(_plain(e)) for e in node.payoffs) + ")"
            who = self.players[node.player] if node.kind == "decision" else "chance"
            return f"{who} @ {node.label}"

        def walk(k: int, prefix: str) -> None:
            node = nodes[k]
            for j, (move, c) in enumerate(zip(node.moves, node.children)):
                last = j == len(node.moves) - 1
                branch = "└─ " if last else "├─ "
                prob = f" [{_plain(node.probs[j])}]" if node.kind == "chance" else ""
                lines.append(f"{prefix}{branch}{move}{prob}: {head(c)}")
                walk(c, prefix + ("   " if last else "│  "))

        lines.append(head(0))
        walk(0, "")
        return "\n".join(lines)

    # ----------------------------------------------------------------- subgames
    def subgame(self, node: str) -> SequentialGame:
        """The subgame that starts at a node (by label), with the same players and labels.

        >>> g = SequentialGame(("A", {"l": ("B", {"x": (1, 1), "y": (0, 0)}), "r": (2, 0)}))
        >>> print(g.subgame("l"))
        B @ l
        ├─ x: (1, 1)
        └─ y: (0, 0)
        """
        labels = [n.label for n in self._tree.nodes]
        if node not in labels:
            raise unknown_name("node", node, labels)
        return SequentialGame(
            self._tree.to_nodes(root=labels.index(node), keep_labels=True), self.players
        )


def _plain(e: sympy.Expr) -> Any:
    """A payoff for display: int or Fraction for rationals, else the expression."""
    if e.is_Integer:
        return int(e)
    if e.is_Rational:
        return Fraction(int(e.p), int(e.q))
    return e
