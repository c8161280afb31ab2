"""The result types of every solver.

Normal-form games: one :class:`Equilibrium`, and :class:`Equilibria`. Game trees (from
:mod:`triangle.solvers.backward_induction`): :class:`SubgamePerfectEquilibrium` and
:class:`SubgamePerfectEquilibria` with the :class:`Tie` met on the way, and for symbolic
trees :class:`ConditionalEquilibrium` pieces in :class:`ConditionalEquilibria`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from triangle.errors import InvalidGameError, NoProvenanceError
from triangle.games.aliases import FrameLike, ProvenanceLike
from triangle.games.display import mixed_text, number_text, provenance_comments
from triangle.games.symbolic import as_relational
from triangle.registries import check_flag, check_sequence, check_text

if TYPE_CHECKING:
    from triangle.games.normal_form import NormalFormGame

__all__ = [
    "ConditionalEquilibria",
    "ConditionalEquilibrium",
    "Equilibria",
    "Equilibrium",
    "EquilibriumList",
    "SolverResult",
    "SubgamePerfectEquilibria",
    "SubgamePerfectEquilibrium",
    "Tie",
]


#: How a result builds its provenance from the time it was solved. The provenance type
#: lives with the models (it knows scenarios), above this layer, so the models register
#: it here when they load (as they register the factor names with games.symbolic).
_PROVENANCE_OF_RUN: list[Callable[[float], Any]] = []


def register_provenance(of_run: Callable[[float], Any]) -> None:
    """Use ``of_run(when)`` for the :attr:`provenance` of solver results.

    :mod:`triangle.models.provenance` registers
    :meth:`~triangle.models.provenance.Provenance.of_run` when it loads, which
    ``import triangle`` does; there is no need to call this yourself.

    >>> import triangle as tri
    >>> len(_PROVENANCE_OF_RUN)
    1
    """
    _PROVENANCE_OF_RUN[:] = [of_run]


class SolverResult:
    """What every solver result shares: its provenance, shown in its display and LaTeX.

    Solving records the time; :attr:`provenance` gives the package version (and commit
    when run from a checkout), that date, and the versions of Python, numpy and sympy.
    The game has no factor values, so ``values`` is empty; the model's results
    (:func:`triangle.analyze`, the claims, the sensitivity) record theirs.
    A subclass's ``_repr_html_`` gets the provenance folded below it (one place for
    every solver result, so that none shows without it).

    >>> import triangle as tri
    >>> eqs = tri.equilibria(tri.NormalFormGame.from_bimatrix([[1, 0], [0, 1]],
    ...                                                      [[1, 0], [0, 1]]))
    >>> isinstance(eqs, SolverResult), eqs.provenance.values
    (True, {})
    """

    _created: float

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = cls.__dict__.get("_repr_html_")
        if own is not None and not getattr(own, "_shows_provenance", False):
            cls._repr_html_ = _with_provenance(own)  # type: ignore[attr-defined]

    def _solved_now(self) -> None:
        self._created = time.time()

    @staticmethod
    def _check_list_parts(items: Any, notes: Any, degenerate: Any, method: Any,
                          components: Any) -> None:
        """The parts every list of equilibria is built from, checked in one place."""
        check_sequence(items, "items")
        check_sequence(notes, "notes")
        check_flag(degenerate, "degenerate")
        check_text(method, "method")
        if components is not None:
            check_sequence(components, "components")

    def _booktabs(self, headers: list[str], rows: list[list[Any]], caption: str | None,
                  label: str | None, provenance: ProvenanceLike = None,
                  notes: list[str] | tuple[str, ...] = (), align: str | None = None) -> str:
        """The result's booktabs table, its provenance (and ``notes``) in ``%`` lines."""
        from triangle.games.display import booktabs

        return booktabs(headers, rows, caption=caption, label=label, align=align,
                        comments=[_stamp(provenance if provenance is not None
                                         else self.provenance), *notes])

    @property
    def provenance(self) -> ProvenanceLike:
        """What produced this result (:class:`~triangle.models.provenance.Provenance`)."""
        if not _PROVENANCE_OF_RUN:
            raise NoProvenanceError(
                "no provenance recorder is registered (the models layer registers it when "
                "it loads); run `import triangle` before asking a result for its provenance.")
        return _PROVENANCE_OF_RUN[0](self._created)


def _with_provenance(render: Callable[[Any], str]) -> Callable[[Any], str]:
    """``render`` (a ``_repr_html_``) with the result's provenance folded at its end."""
    import functools

    @functools.wraps(render)
    def shown(self: Any) -> str:
        from triangle.games.display import provenance_fold

        return provenance_fold(render(self), self.provenance)

    shown._shows_provenance = True  # type: ignore[attr-defined]
    return shown


@dataclass(frozen=True, eq=False)
class Equilibrium(SolverResult):
    """A Nash equilibrium of a normal-form game.

    Attributes
    ----------
    profile
        One probability array per player, in player order (floats, or ``Fraction``
        objects when solved exactly).
    payoffs
        Each player's expected payoff.
    players, strategies
        The names, copied from the game, for display and :meth:`as_dict`.
    regret
        The largest gain any player could make by deviating, as measured by the
        independent check that every solver runs before returning (0 when exact).

    Examples
    --------
    >>> import triangle as tri
    >>> g = tri.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]],
    ...                                      players=("Even", "Odd"),
    ...                                      strategies=(("H", "T"), ("H", "T")))
    >>> eq = tri.equilibria(g)[0]
    >>> eq
    Equilibrium(Even: 0.5 H + 0.5 T; Odd: 0.5 H + 0.5 T; payoffs 0, 0)
    >>> eq.is_pure, eq.support
    (False, (('H', 'T'), ('H', 'T')))
    """

    profile: tuple[np.ndarray, ...]
    payoffs: np.ndarray
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    regret: float = 0.0

    def __post_init__(self) -> None:
        # when it was found, for its provenance (not a field: not compared, not an argument)
        object.__setattr__(self, "_created", time.time())

    @classmethod
    def from_profile(
        cls, game: NormalFormGame, profile: tuple[np.ndarray, ...], regret: float = 0.0
    ) -> Equilibrium:
        """Build an equilibrium record for ``profile`` of ``game`` (payoffs computed here).

        Does not check the profile: solvers call :func:`triangle.solvers.verify.verified` instead.
        """
        from triangle.games.profiles import expected_payoffs

        exact = all(p.dtype == object for p in profile)
        payoffs = expected_payoffs(game.exact_payoffs if exact else game.payoffs, profile)
        for p in profile:
            p.setflags(write=False)
        payoffs.setflags(write=False)
        return cls(tuple(profile), payoffs, game.players, game.strategies, float(regret))

    @property
    def is_pure(self) -> bool:
        """True when every player plays one strategy with probability one."""
        return all(int(np.count_nonzero(p)) == 1 for p in self.profile)

    @property
    def is_exact(self) -> bool:
        """True when probabilities are exact fractions."""
        return all(p.dtype == object for p in self.profile)

    @property
    def support(self) -> tuple[tuple[str, ...], ...]:
        """The names of the strategies each player plays with positive probability."""
        return tuple(
            tuple(s for s, x in zip(names, p) if x > 0)
            for names, p in zip(self.strategies, self.profile)
        )

    def as_dict(self) -> dict[str, dict[str, Any]]:
        """``{player: {strategy: probability}}`` over the support, by names.

        >>> import triangle as tri
        >>> g = tri.NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]],
        ...                                      players=("A", "B"))
        >>> tri.pure_equilibria(g)[0].as_dict()
        {'A': {'s1': 1.0}, 'B': {'s1': 1.0}}
        """
        return {
            player: {s: _plain(x) for s, x in zip(names, p) if x > 0}
            for player, names, p in zip(self.players, self.strategies, self.profile)
        }

    def __repr__(self) -> str:
        parts = [f"{player}: {self._strategy_text(k)}" for k, player in enumerate(self.players)]
        pay = ", ".join(_fmt(v) for v in self.payoffs)
        return f"Equilibrium({'; '.join(parts)}; payoffs {pay})"

    def _strategy_text(self, k: int) -> str:
        return mixed_text(self.strategies[k], self.profile[k])

    def _row(self) -> list[Any]:
        return ([self._strategy_text(k) for k in range(len(self.players))]
                + [_fmt(v) for v in self.payoffs] + [f"{self.regret:.1e}"])

    def _repr_html_(self) -> str:
        from triangle.games.display import result_html

        return result_html("Equilibrium", "pure" if self.is_pure else "mixed",
                           _headers(self.players), [self._row()])

    def __cite__(self) -> tuple[str, ...]:
        return ("triangle", "nash1951")


class EquilibriumList(SolverResult, list):
    """What a list of equilibria carries besides its items: whether the game is degenerate,
    the connected components, the method and the notes (the base of :class:`Equilibria`
    and of the Bayesian solver's list; one place that checks and shows them).

    >>> eqs = EquilibriumList([], degenerate=True, method="by hand")
    >>> eqs, eqs.method
    (EquilibriumList([], degenerate), 'by hand')
    """

    def __init__(
        self,
        items: Sequence[Any] = (),
        *,
        degenerate: bool = False,
        components: tuple[tuple[int, ...], ...] | None = None,
        method: str = "",
        notes: tuple[str, ...] = (),
    ) -> None:
        self._check_list_parts(items, notes, degenerate, method, components)
        super().__init__(items)
        self._solved_now()
        self.degenerate = degenerate
        self.components = components
        self.method = method
        self.notes = tuple(notes)

    def __repr__(self) -> str:
        body = ",\n ".join(repr(e) for e in self)
        flag = ", degenerate" if self.degenerate else ""
        return f"{type(self).__name__}([{body}]{flag})"


class Equilibria(EquilibriumList):
    """A list of :class:`Equilibrium`, with what the solver learnt about the game.

    Attributes
    ----------
    degenerate
        True when the game is degenerate (a mixed strategy with more pure best responses
        than its support size): equilibria may then form continua, and the list holds
        their extreme points (two players) or the isolated equilibria (N players).
    components
        For two-player games, the maximal connected sets of equilibria, each given as
        the indices (into this list) of its extreme equilibria.
    method
        The algorithm that produced the list.
    notes
        Anything the user should know (non-isolated solutions skipped, and so on).

    >>> import triangle as tri
    >>> pennies = tri.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> eqs = tri.equilibria(pennies)
    >>> len(eqs), eqs.method, eqs.degenerate, eqs.components
    (1, 'vertex_enumeration', False, ((0,),))
    >>> eqs[0].profile
    (array([0.5, 0.5]), array([0.5, 0.5]))
    >>> eqs.provenance.version == tri.__version__, eqs.provenance.values
    (True, {})
    """


    # ----------------------------------------------------------------- paper and notebook
    def _players(self, labels: Mapping[str, str] | None) -> tuple[str, ...]:
        players = self[0].players if self else ()
        return tuple((labels or {}).get(p, p) for p in players)

    def _summary(self) -> str:
        n = len(self)
        text = f"{n} equilibri{'um' if n == 1 else 'a'} ({self.method or 'solver not named'})"
        return text + (", degenerate game" if self.degenerate else "")

    def __cite__(self) -> tuple[str, ...]:
        from triangle.citations import METHOD_REFERENCES

        return ("triangle", "nash1951", *METHOD_REFERENCES.get(self.method, ()))

    def _repr_html_(self) -> str:
        from triangle.games.display import result_html

        players = self._players(None)
        return result_html("Equilibria", self._summary(), ["#", *_headers(players)],
                           [[k + 1, *e._row()] for k, e in enumerate(self)], notes=self.notes)

    def to_latex(self, caption: str | None = None, label: str | None = None,
                 labels: Mapping[str, str] | None = None,
                 provenance: ProvenanceLike = None) -> str:
        r"""The equilibria as a booktabs table: one row each, strategies then payoffs.

        ``labels`` renames players (``{"Russia": "China (1972)"}``, as a scenario does);
        a ``provenance`` (:class:`~triangle.models.provenance.Provenance`, as
        :func:`triangle.analyze` records it) goes in ``%`` lines above the table, else
        the list's own (:attr:`provenance`: the package, its commit, the date of the
        solve and the versions; no factor values).

        >>> import triangle as tri
        >>> g = tri.NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]],
        ...                                      players=("A", "B"))
        >>> print(tri.equilibria(g).to_latex(labels={"A": "Alpha"}))  # doctest: +ELLIPSIS
        % provenance: triangle ...; no factor values (a game given as numbers); ...
        \begin{table}[ht]
        ...
        \# & Alpha & B & payoff Alpha & payoff B & regret \\
        \midrule
        1 & s1 & s1 & 2 & 1 & 0.0e+00 \\
        ...
        """
        from triangle.games.display import booktabs

        return booktabs(["#", *_headers(self._players(labels))],
                        [[k + 1, *e._row()] for k, e in enumerate(self)],
                        caption=caption or self._summary(), label=label,
                        comments=[_stamp(provenance if provenance is not None
                                         else self.provenance)])

    def to_frame(self, labels: Mapping[str, str] | None = None) -> FrameLike:
        """The equilibria as a :class:`pandas.DataFrame` (the ``pandas`` extra).

        >>> import triangle as tri
        >>> g = tri.NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
        >>> tri.equilibria(g).to_frame().columns.tolist()[:3]
        ['#', 'Player 1', 'Player 2']
        """
        from triangle.games.display import frame

        return frame(["#", *_headers(self._players(labels))],
                     [[k + 1, *e._row()] for k, e in enumerate(self)])


# --------------------------------------------------------------------------- game trees
@dataclass(frozen=True)
class Tie:
    """A decision node where several moves are optimal (in some continuation).

    >>> import triangle as tri
    >>> g = tri.SequentialGame(("A", {"l": (1, 0), "r": (1, 2)}), players=("A", "B"))
    >>> g.subgame_perfect_equilibria().ties
    (Tie(node='root', player='A', moves=('l', 'r')),)
    """

    node: str
    player: str
    moves: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class SubgamePerfectEquilibrium(SolverResult):
    """One pure-strategy subgame-perfect equilibrium of a :class:`~triangle.SequentialGame`.

    Attributes
    ----------
    strategies
        ``{player: {node label: move}}``: a move at *every* decision node of each
        player, on and off the equilibrium path.
    path
        The terminal histories reached with positive probability, depth first (one
        history when no chance move is on the path).
    outcome
        ``{terminal history: probability}`` over the same histories.
    payoffs
        Each player's expected payoff (sympy numbers, or expressions when symbolic).
    normal_form_profile
        The plan names of this profile in :meth:`SequentialGame.to_normal_form`.

    Examples
    --------
    >>> import triangle as tri
    >>> g = tri.SequentialGame(("A", {"l": ("B", {"x": (1, 1), "y": (0, 0)}), "r": (2, 0)}))
    >>> eq = g.subgame_perfect_equilibria()[0]
    >>> eq.path, eq.payoffs, eq.normal_form_profile
    ((('r',),), (2, 0), ('r', 'x'))
    """

    strategies: dict[str, dict[str, str]]
    path: tuple[tuple[str, ...], ...]
    outcome: dict[tuple[str, ...], sympy.Expr]
    payoffs: tuple[sympy.Expr, ...]
    players: tuple[str, ...]
    normal_form_profile: tuple[str, ...]

    def __post_init__(self) -> None:
        # when it was found, for its provenance (not a field: not compared, not an argument)
        object.__setattr__(self, "_created", time.time())

    def __repr__(self) -> str:
        if len(self.path) == 1:
            path = " > ".join(self.path[0])
        else:
            path = " | ".join(f"{' > '.join(h)} ({self.outcome[h]})" for h in self.path)
        pay = ", ".join(str(v) for v in self.payoffs)
        return f"SubgamePerfectEquilibrium(path {path}; payoffs {pay})"

    def _row(self) -> list[Any]:
        if len(self.path) == 1:
            path = " > ".join(self.path[0])
        else:
            path = " | ".join(f"{' > '.join(h)} ({self.outcome[h]})" for h in self.path)
        return [path, *(str(v) for v in self.payoffs)]

    def _repr_html_(self) -> str:
        from triangle.games.display import result_html

        return result_html("Subgame-perfect equilibrium", "",
                           ["path", *(f"payoff {p}" for p in self.players)], [self._row()])

    def __cite__(self) -> tuple[str, ...]:
        return ("triangle", "selten1975", "kuhn1953")


class SubgamePerfectEquilibria(SolverResult, list):
    """A list of :class:`SubgamePerfectEquilibrium`, with the ties met on the way.

    Attributes
    ----------
    ties
        Every decision node where two or more moves were optimal in some continuation.
        Empty means the game has a unique subgame-perfect equilibrium.
    notes
        What the user should know (mixed equilibria at ties, and so on).

    Examples
    --------
    >>> import triangle as tri
    >>> eqs = tri.SequentialGame(("A", {"l": (1, 0), "r": (0, 1)}), players=("A", "B")
    ...                          ).subgame_perfect_equilibria()
    >>> len(eqs), eqs.ties, eqs.notes
    (1, (), ())
    >>> eqs.provenance.version == tri.__version__
    True
    """

    def __init__(
        self, items=(), *, ties: tuple[Tie, ...] = (), notes: tuple[str, ...] = ()
    ) -> None:
        check_sequence(items, "items")
        check_sequence(ties, "ties")
        check_sequence(notes, "notes")
        super().__init__(items)
        self._created = time.time()
        self.ties = tuple(ties)
        self.notes = tuple(notes)

    def __repr__(self) -> str:
        body = ",\n ".join(repr(e) for e in self)
        return f"SubgamePerfectEquilibria([{body}])"

    def _table(self, labels: Mapping[str, str] | None = None) -> tuple[list[str], list[list]]:
        players = self[0].players if self else ()
        headers = ["#", "path", *(f"payoff {(labels or {}).get(p, p)}" for p in players)]
        return headers, [[k + 1, *e._row()] for k, e in enumerate(self)]

    def _repr_html_(self) -> str:
        from triangle.games.display import result_html

        n = len(self)
        ties = f"; ties at {', '.join(t.node for t in self.ties)}" if self.ties else "; no ties"
        return result_html("Subgame-perfect equilibria",
                           f"{n} equilibri{'um' if n == 1 else 'a'}{ties}", *self._table(),
                           notes=self.notes)

    def to_latex(self, caption: str | None = None, label: str | None = None,
                 labels: Mapping[str, str] | None = None) -> str:
        """The equilibria as a booktabs table: path and payoffs, one row each.

        >>> import triangle as tri
        >>> eqs = tri.SequentialGame(("A", {"l": (1, 0), "r": (0, 1)}), players=("A", "B")
        ...                          ).subgame_perfect_equilibria()
        >>> "1 & l & 1 & 0" in eqs.to_latex()
        True
        """
        from triangle.games.display import booktabs

        return booktabs(*self._table(labels), caption=caption, label=label,
                        comments=[_stamp(self.provenance)])

    def to_frame(self, labels: Mapping[str, str] | None = None) -> FrameLike:
        """The equilibria as a :class:`pandas.DataFrame` (the ``pandas`` extra)."""
        from triangle.games.display import frame

        return frame(*self._table(labels))

    def __cite__(self) -> tuple[str, ...]:
        return ("triangle", "selten1975", "kuhn1953")


@dataclass(frozen=True, eq=False)
class ConditionalEquilibrium:
    """A subgame-perfect equilibrium of a symbolic tree and where in factor space it holds.

    Attributes
    ----------
    condition
        A sympy boolean in the factors (non-strict inequalities, each solved for one
        factor where the inequality is linear in it); true where the equilibrium is one.
    equilibrium
        The :class:`SubgamePerfectEquilibrium`, with payoffs as expressions.
    region
        When the tree has a single free factor: the set of its values (a sympy
        ``Interval`` or ``Union``) where the equilibrium holds; otherwise ``None``.
    """

    condition: Any
    equilibrium: SubgamePerfectEquilibrium
    region: Any = None

    def holds_at(self, values: Mapping[str, Any]) -> bool:
        """Whether the condition holds at given factor values (by name).

        >>> x = sympy.Symbol("x")
        >>> piece = ConditionalEquilibrium(x >= 1, None)
        >>> piece.holds_at({"x": 2}), piece.holds_at({"x": 0})
        (True, False)
        """
        free = {s.name: s for s in getattr(self.condition, "free_symbols", ())}
        missing = sorted(set(free) - set(values))
        if missing:
            raise InvalidGameError(
                f"give values for the factors {missing} to evaluate this condition."
            )
        result = self.condition.xreplace(
            {free[k]: sympy.sympify(v) for k, v in values.items() if k in free}
        )
        return bool(result)

    def __repr__(self) -> str:
        return f"ConditionalEquilibrium({self.condition}: {self.equilibrium!r})"


class ConditionalEquilibria(SolverResult, list):
    """The pieces ``(condition, equilibrium)`` of a symbolic tree's solution.

    At any factor values, the subgame-perfect equilibria are exactly those of the
    pieces whose condition holds there. Conditions are non-strict, so on a boundary (a
    tie) several pieces hold at once.

    >>> import triangle as tri
    >>> x = sympy.Symbol("x")
    >>> pieces = tri.SequentialGame(("A", {"l": (x, 0), "r": (1, 2)}), players=("A", "B")
    ...                            ).subgame_perfect_conditions()
    >>> pieces.factors, [str(p.condition) for p in pieces]
    ((x,), ['x >= 1', 'x <= 1'])
    """

    def __init__(
        self, items=(), *, factors: tuple[sympy.Symbol, ...] = (), notes: tuple[str, ...] = ()
    ) -> None:
        check_sequence(items, "items")
        check_sequence(factors, "factors")
        check_sequence(notes, "notes")
        super().__init__(items)
        self._solved_now()
        self.factors = tuple(factors)
        self.notes = tuple(notes)

    def at(self, values: Mapping[str, Any]) -> list[SubgamePerfectEquilibrium]:
        """The equilibria (with payoffs as expressions) of the pieces that hold at ``values``.

        >>> import triangle as tri
        >>> x = sympy.Symbol("x")
        >>> g = tri.SequentialGame(("A", {"l": ("B", {"u": (x, 1), "d": (0, 0)}), "r": (1, 0)}))
        >>> pieces = g.subgame_perfect_conditions()
        >>> pieces.at({"x": 2})
        [SubgamePerfectEquilibrium(path l > u; payoffs x, 1)]
        >>> [e.path for e in pieces.at({"x": 1})]  # a tie: both pieces hold
        [(('l', 'u'),), (('r',),)]
        """
        return [p.equilibrium for p in self if p.holds_at(values)]

    def outcomes(self) -> list[tuple[Any, tuple[tuple[str, ...], ...]]]:
        """``(condition, path)`` per equilibrium path: the pieces' conditions joined by "or".

        >>> x = sympy.Symbol("x")
        >>> import triangle as tri
        >>> g = tri.SequentialGame(("A", {"l": ("B", {"u": (x, 1), "d": (0, 0)}), "r": (1, 0)}))
        >>> g.subgame_perfect_conditions().outcomes()
        [(x >= 1, (('l', 'u'),)), (x <= 1, (('r',),))]
        """
        groups: dict[tuple, list[ConditionalEquilibrium]] = {}
        for piece in self:
            groups.setdefault(piece.equilibrium.path, []).append(piece)
        out = []
        for path, pieces in groups.items():
            if all(p.region is not None for p in pieces) and len(self.factors) == 1:
                region = sympy.Union(*(p.region for p in pieces))
                cond = as_relational(region, self.factors[0])
            else:
                cond = sympy.Or(*(p.condition for p in pieces))
            out.append((cond, path))
        return out

    def __repr__(self) -> str:
        body = ",\n ".join(repr(e) for e in self)
        return f"ConditionalEquilibria([{body}])"

    def _repr_html_(self) -> str:
        from triangle.games.display import result_html

        rows = [[str(cond), " | ".join(" > ".join(h) for h in path)]
                for cond, path in self.outcomes()]
        factors = ", ".join(str(f) for f in self.factors) or "none"
        return result_html("Conditional subgame-perfect equilibria",
                           f"{len(self)} pieces in the factors {factors}",
                           ["where", "path"], rows, notes=self.notes)

    def __cite__(self) -> tuple[str, ...]:
        return ("triangle", "selten1975", "kuhn1953")



def _stamp(provenance: Any) -> str:
    """The ``%`` lines of a LaTeX table: the provenance, or at least the package version.

    :func:`~triangle.games.display.booktabs` puts ``% `` before every line, so the
    provenance's own ``% `` prefixes are taken off each line (not the first only).
    """
    if provenance is not None and not hasattr(provenance, "to_latex"):
        return str(provenance)
    return "\n".join(provenance_comments(provenance))


def _headers(players: tuple[str, ...]) -> list[str]:
    return [*players, *(f"payoff {p}" for p in players), "regret"]


def _plain(x: Any) -> Any:
    return x if isinstance(x, Fraction) else float(x)


#: Numbers in the results' text (one formatter for every result).
_fmt = number_text
