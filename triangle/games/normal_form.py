"""Normal-form games with named players and strategies, numeric or symbolic payoffs."""

from __future__ import annotations

import numbers
import os
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from triangle.errors import InvalidGameError, SymbolicGameError, UnsupportedGameError, unknown_name
from triangle.games.aliases import PayoffsLike, ProfileLike, TermsLike
from triangle.games.compiled import CompiledPayoffs, compile_payoffs
from triangle.games.symbolic import (
    check_game,
    check_terms,
    factor_replacements,
    floats_to_fractions,
)
from triangle.registries import check_container

__all__ = ["NormalFormGame", "require_numeric", "sympy_payoffs"]


class NormalFormGame:
    """A finite game in normal (strategic) form, for any number of players.

    Parameters
    ----------
    payoffs
        Array-like of shape ``(n_players, m_1, ..., m_n)``: ``payoffs[i, s_1, ..., s_n]`` is
        player ``i``'s payoff when player ``k`` plays strategy ``s_k``. Entries are numbers
        (int, float, :class:`fractions.Fraction`, sympy numbers) or, for a symbolic game,
        sympy expressions in named factor symbols.
    players
        One name per player; defaults to ``("Player 1", "Player 2", ...)``.
    strategies
        One sequence of names per player; defaults to ``("s1", "s2", ...)`` for each.
    terms
        Optional, keyword-only: the documented payoff terms the payoffs were built from
        (see :mod:`triangle.models.terms`); kept by :meth:`subs` and :meth:`restrict` so that any
        cell can be traced to its sources.

    Examples
    --------
    >>> import triangle as tri
    >>> pd = tri.NormalFormGame(
    ...     [[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
    ...     players=("Row", "Column"),
    ...     strategies=(("cooperate", "defect"), ("cooperate", "defect")),
    ... )
    >>> pd.shape
    (2, 2)
    >>> pd.expected_payoffs(("defect", "defect"))
    array([1., 1.])
    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> g = tri.NormalFormGame([[[x, 0], [0, 1]], [[1, 0], [0, x]]])
    >>> g.factors
    {'x': x}
    >>> g.subs({"x": 2}).payoffs[0]
    array([[2., 0.],
           [0., 1.]])
    """

    __slots__ = (
        "_compiled", "_exact", "_factors", "_payoffs", "_players", "_strategies", "_symbolic",
        "terms",
    )

    def __init__(
        self,
        payoffs: PayoffsLike,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        *,
        terms: TermsLike = None,
    ) -> None:
        values, exact, symbolic = _coerce_payoffs(payoffs)
        shape = values.shape
        if len(shape) < 3:
            raise InvalidGameError(
                f"payoffs must have shape (n_players, m_1, ..., m_n) with n_players >= 2; "
                f"got an array of shape {shape}. A game needs at least two players: for "
                f"two players pass shape (2, m_1, m_2), or use NormalFormGame.from_bimatrix(A, B)."
            )
        n = len(shape) - 1
        if shape[0] != n:
            raise InvalidGameError(
                f"payoffs of shape {shape} describe {n} players' strategies (axes 1..{n}) "
                f"but hold payoffs for {shape[0]} players on axis 0; expected shape "
                f"({n}, {', '.join(map(str, shape[1:]))})."
            )
        if any(m == 0 for m in shape[1:]):
            raise InvalidGameError(
                f"every player needs at least one strategy; payoffs have shape {shape}."
            )
        self._players = _check_names(
            players, n, "players", default=[f"Player {i + 1}" for i in range(n)]
        )
        if strategies is None:
            strategies = [[f"s{j + 1}" for j in range(m)] for m in shape[1:]]
        elif not _is_sequence(strategies) or len(strategies) != n:
            raise InvalidGameError(
                f"strategies must give one sequence of names per player ({n} players); "
                f"got {strategies!r}."
            )
        self._strategies = tuple(
            _check_names(s, m, f"strategies of {p!r}", default=None)
            for s, m, p in zip(strategies, shape[1:], self._players)
        )
        values.setflags(write=False)
        self._payoffs = values
        self._exact = exact
        self._symbolic = symbolic
        self._compiled: Any = None  # built on first use by compiled()
        self._factors: dict[str, sympy.Symbol] | None = None  # read on first use by factors
        self.terms = check_terms(terms)

    # ----------------------------------------------------------------- construction
    @classmethod
    def from_bimatrix(
        cls,
        A: PayoffsLike,
        B: PayoffsLike,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
    ) -> NormalFormGame:
        """A two-player game from the row player's matrix ``A`` and the column player's ``B``.

        >>> g = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
        >>> g.shape
        (2, 2)
        """
        a, b = _as_matrix(A, "A"), _as_matrix(B, "B")
        if a.shape != b.shape:
            raise InvalidGameError(
                f"A and B must have the same shape (rows = row player's strategies, columns = "
                f"column player's); got A {a.shape} and B {b.shape}."
            )
        return cls(np.stack([a, b]), players=players, strategies=strategies)

    # ----------------------------------------------------------------- properties
    @property
    def players(self) -> tuple[str, ...]:
        """The players' names, in order."""
        return self._players

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        """Each player's strategy names, in order."""
        return self._strategies

    @property
    def payoffs(self) -> np.ndarray:
        """Read-only payoff array ``(n_players, m_1, ..., m_n)``.

        ``float64`` for a numeric game, an object array of sympy expressions for a
        symbolic one (exact values of a numeric game: :attr:`exact_payoffs`).
        """
        return self._payoffs

    @property
    def n_players(self) -> int:
        """The number of players."""
        return len(self._players)

    @property
    def shape(self) -> tuple[int, ...]:
        """The number of strategies of each player, ``(m_1, ..., m_n)``."""
        return tuple(self._payoffs.shape[1:])

    @property
    def is_symbolic(self) -> bool:
        """True when some payoff still depends on a free factor symbol."""
        return self._symbolic

    @property
    def factors(self) -> dict[str, sympy.Symbol]:
        """The free symbols of the payoffs, by name (sorted); empty for a numeric game."""
        if not self._symbolic:
            return {}
        # The payoffs are read-only, so their symbols are read once per game (the models
        # ask for them per factor name: a tenth of a second each on the triangle).
        if self._factors is None:
            free: set[sympy.Symbol] = set()
            for expr in self._payoffs.flat:
                free |= expr.free_symbols
            self._factors = {s.name: s for s in sorted(free, key=lambda s: s.name)}
        return dict(self._factors)

    @property
    def has_exact_payoffs(self) -> bool:
        """True when the game is numeric and every payoff is rational (see :attr:`exact_payoffs`).

        >>> NormalFormGame([[[1, 0.5]], [[0, 2]]]).has_exact_payoffs
        True
        >>> NormalFormGame([[[sympy.sqrt(2)]], [[0]]]).has_exact_payoffs
        False
        """
        return not self._symbolic and self._exact is not None

    @property
    def exact_payoffs(self) -> np.ndarray:
        """Payoffs as an object array of :class:`fractions.Fraction` (for exact solving).

        Floats are read by their shortest decimal representation (``0.1`` is ``1/10``).

        >>> NormalFormGame([[[1, 2]], [[0.5, 0]]]).exact_payoffs[1, 0, 0]
        Fraction(1, 2)
        """
        require_numeric(self, "exact arithmetic")
        if self._exact is None:
            raise InvalidGameError(
                "this game has irrational payoffs (e.g. sqrt(2)), which have no exact "
                "rational form; solve it in floating point (exact=False)."
            )
        return self._exact

    # ----------------------------------------------------------------- lookups
    def player_index(self, player: str | int) -> int:
        """The index of a player given by name or index.

        >>> g = NormalFormGame.from_bimatrix([[1]], [[1]], players=("US", "Russia"))
        >>> g.player_index("Russia")
        1
        """
        return _lookup(player, self._players, "player")

    def strategy_index(self, player: str | int, strategy: str | int) -> int:
        """The index of one of ``player``'s strategies, given by name or index.

        >>> g = NormalFormGame.from_bimatrix([[1, 2]], [[1, 2]], strategies=(("a",), ("l", "r")))
        >>> g.strategy_index(1, "r")
        1
        """
        i = self.player_index(player)
        return _lookup(strategy, self._strategies[i], f"strategy of {self._players[i]!r}")

    # ----------------------------------------------------------------- operations
    def subs(self, mapping: Mapping[str | sympy.Symbol, Any]) -> NormalFormGame:
        """Substitute values for factors, by name or symbol.

        Returns a numeric game when every factor gets a value, a symbolic game otherwise.
        Rational values (int, Fraction, sympy Rational) keep the payoffs exact.

        >>> a, b = sympy.symbols("a b")
        >>> g = NormalFormGame([[[a, b]], [[1, 0]]])
        >>> g.subs({"a": 1, b: 0.5}).payoffs[0]
        array([[1. , 0.5]])
        >>> g.subs({"c": 1})
        Traceback (most recent call last):
        ...
        triangle.errors.UnknownNameError: unknown factor 'c'; known factor names: 'a', 'b'
        """
        replacements = factor_replacements(mapping, self.factors)
        if not replacements:
            return self
        new = np.empty(self._payoffs.shape, dtype=object)
        for idx, expr in np.ndenumerate(self._payoffs):
            new[idx] = expr.xreplace(replacements)
        return NormalFormGame(
            new, players=self._players, strategies=self._strategies, terms=self.terms
        )

    def expected_payoffs(self, profile: ProfileLike) -> np.ndarray:
        """Each player's expected payoff at a pure or mixed profile.

        ``profile`` gives one entry per player (or a mapping by player name): a strategy
        name, a strategy index, or a probability vector.

        >>> g = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
        >>> g.expected_payoffs(([0.5, 0.5], "s1"))
        array([0., 0.])
        """
        from triangle.games.profiles import as_profile, expected_payoffs

        require_numeric(self, "expected payoffs")
        return expected_payoffs(self._payoffs, as_profile(self, profile))

    def restrict(
        self, keep: Sequence[Iterable[str | int]] | Mapping[str, Iterable[str | int]]
    ) -> NormalFormGame:
        """The sub-game in which each player keeps only some strategies.

        ``keep`` is one iterable of strategy names or indices per player, or a mapping from
        player names to such iterables (players left out keep every strategy).

        >>> g = NormalFormGame.from_bimatrix(
        ...     [[1, 2, 3]], [[3, 2, 1]], strategies=(("a",), ("l", "m", "r")))
        >>> g.restrict({"Player 2": ["l", "r"]}).strategies
        (('a',), ('l', 'r'))
        """
        if isinstance(keep, Mapping):
            by_player: list[Iterable[str | int] | None] = [None] * self.n_players
            for player, kept in keep.items():
                by_player[self.player_index(player)] = kept
        else:
            if isinstance(keep, (str, bytes)) or len(keep) != self.n_players:
                raise InvalidGameError(
                    f"restrict takes one iterable of strategies per player "
                    f"({self.n_players}); got {keep!r}."
                )
            by_player = list(keep)
        index: list[list[int]] = []
        for i, given in enumerate(by_player):
            if given is None:
                index.append(list(range(self.shape[i])))
                continue
            names = [given] if isinstance(given, (str, int)) else given
            chosen = sorted({self.strategy_index(i, s) for s in names})
            if not chosen:
                raise InvalidGameError(
                    f"player {self._players[i]!r} must keep at least one strategy."
                )
            index.append(chosen)
        grid = np.ix_(range(self.n_players), *index)
        payoffs = self._exact if (self._exact is not None and not self._symbolic) else self._payoffs
        strategies = [tuple(self._strategies[i][j] for j in idx) for i, idx in enumerate(index)]
        return NormalFormGame(
            payoffs[grid], players=self._players, strategies=strategies, terms=self.terms
        )

    def to_nashpy(self):
        """The equivalent :class:`nashpy.Game` (two-player numeric games only).

        >>> NormalFormGame.from_bimatrix([[1, 0]], [[0, 1]]).to_nashpy()
        Bi matrix game with payoff matrices:
        <BLANKLINE>
        Row player:
        [[1. 0.]]
        <BLANKLINE>
        Column player:
        [[0. 1.]]
        """
        import nashpy

        require_numeric(self, "conversion to nashpy")
        if self.n_players != 2:
            raise UnsupportedGameError(
                f"nashpy handles two-player games; this game has {self.n_players} players. "
                f"Solve it with triangle.equilibria(game) (support enumeration, any number of "
                f"players)."
            )
        return nashpy.Game(np.array(self._payoffs[0]), np.array(self._payoffs[1]))

    def to_gambit(
        self, path: str | os.PathLike[str] | None = None, *, title: str = "", comment: str = ""
    ) -> str:
        """The game as the text of a Gambit ``.nfg`` file (numeric games), also written to
        ``path`` when given; read it back with :func:`triangle.read_gambit`.

        See :func:`triangle.games.gambit.to_nfg`.

        >>> g = NormalFormGame.from_bimatrix([[1, 0]], [[0, 1]], players=("Row", "Column"))
        >>> print(g.to_gambit().splitlines()[0])
        NFG 1 R "" { "Row" "Column" }
        """
        from triangle.games.gambit import to_nfg

        return to_nfg(self, path, title=title, comment=comment)

    def compiled(self) -> CompiledPayoffs:
        """The payoffs as a vectorised function of the factors (in the order of :attr:`factors`).

        Call it with one value or array per factor (arrays broadcast to a shape ``lead``)
        for the payoffs ``(*lead, n_players, m_1, ..., m_n)``. It is the one compiled
        evaluator, :func:`triangle.games.compiled.compile_payoffs` (common subexpressions
        computed once, cached by the expressions, so games with the same payoffs share
        it); sweeps use the same one, never re-deriving a payoff per point.

        >>> x = sympy.Symbol("x")
        >>> f = NormalFormGame([[[x, 1]], [[0, 2 * x]]]).compiled()
        >>> f(np.array([1.0, 3.0])).shape
        (2, 2, 1, 2)
        """
        if self._compiled is None:
            self._compiled = compile_payoffs(self)
        return self._compiled

    # The compiled evaluator is a closure, which does not pickle; it is rebuilt on demand
    # (games travel to worker processes in distributed sweeps).
    def __getstate__(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__ if k not in ("_compiled", "_factors")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, value)
        self._payoffs.setflags(write=False)  # pickling drops the read-only flag
        self._compiled = None
        self._factors = None

    # ----------------------------------------------------------------- display
    def __repr__(self) -> str:
        kind = "symbolic" if self._symbolic else "numeric"
        return f"<NormalFormGame {kind}, players={self._players}, shape={self.shape}>"

    def __str__(self) -> str:
        from triangle.games.display import text_table

        return text_table(self)

    def _repr_html_(self) -> str:
        from triangle.games.display import html_table

        return html_table(self)

    def _repr_latex_(self) -> str:
        from triangle.games.display import latex_tables

        return latex_tables(self, environment="array")

    def to_latex(self, caption: str | None = None) -> str:
        """LaTeX ``tabular`` payoff tables (one per profile of players 3..n), for papers.

        >>> print(NormalFormGame.from_bimatrix([[1]], [[2]]).to_latex())  # doctest: +ELLIPSIS
        \\begin{table}...
        """
        from triangle.games.display import latex_tables

        return latex_tables(self, environment="tabular", caption=caption)



# --------------------------------------------------------------------- functions of a game
def require_numeric(game: Any, what: str) -> None:
    """Raise :class:`~triangle.errors.SymbolicGameError` if ``game`` still has free factors.

    ``what`` names the operation that needs numbers, for the message. Works for every game
    type (anything with ``is_symbolic`` and ``factors``); solvers call it before computing.

    >>> x = sympy.Symbol("x")
    >>> require_numeric(NormalFormGame([[[1]], [[2]]]), "pure_equilibria")  # numeric: passes
    >>> require_numeric(NormalFormGame([[[x]], [[2]]]), "pure_equilibria")
    Traceback (most recent call last):
    ...
    triangle.errors.SymbolicGameError: pure_equilibria needs numeric payoffs, ...
    """
    check_game(game, what)  # a float or an array where a game belongs: a clear error
    if game.is_symbolic:
        factors = game.factors
        names = ", ".join(factors)
        raise SymbolicGameError(
            f"{what} needs numeric payoffs, but this game depends on the factors {names}; "
            f"substitute values first, e.g. game.subs({{{next(iter(factors))!r}: ...}}) "
            f"or game.subs(triangle.scenarios['baseline'])."
        )


def sympy_payoffs(game: NormalFormGame) -> np.ndarray:
    """The payoffs as an object array of sympy numbers or expressions, exact where possible.

    Symbolic games give their expressions; numeric games give rationals (floats read by
    their shortest decimal), or sympy floats when a payoff is irrational. For solvers that
    compute in closed form (thresholds, pure minmax values).

    >>> sympy_payoffs(NormalFormGame([[[1, 0.5]], [[0, 2]]]))[0]
    array([[1, 1/2]], dtype=object)
    """
    check_game(game, "sympy_payoffs")
    if game.is_symbolic:
        return game.payoffs
    try:
        exact = game.exact_payoffs
    except InvalidGameError:  # irrational payoffs: floats
        return np.vectorize(sympy.Float, otypes=[object])(game.payoffs)
    return np.vectorize(lambda f: sympy.Rational(f.numerator, f.denominator), otypes=[object])(
        exact
    )


# --------------------------------------------------------------------- module helpers
def _lookup(key: str | int, names: tuple[str, ...], kind: str) -> int:
    if isinstance(key, (bool, np.bool_)):
        raise InvalidGameError(f"a {kind} is given by name or index, not by a boolean ({key!r}).")
    if isinstance(key, (int, np.integer)):
        if not -len(names) <= key < len(names):
            raise InvalidGameError(
                f"{kind} index {key} is out of range: there are {len(names)} ({', '.join(names)})."
            )
        return int(key) % len(names)
    if isinstance(key, str):
        try:
            return names.index(key)
        except ValueError:
            raise unknown_name(kind, key, names) from None
    raise InvalidGameError(f"a {kind} is given by name (str) or index (int); got {key!r}.")


def _check_names(
    names: Sequence[str] | None, count: int, what: str, default: list[str] | None
) -> tuple[str, ...]:
    if names is None:
        if default is None:
            return tuple(f"s{j + 1}" for j in range(count))
        return tuple(default)
    if isinstance(names, (str, bytes)):
        raise InvalidGameError(
            f"{what} must be a sequence of names, not the single string {names!r}."
        )
    if not _is_sequence(names):
        raise InvalidGameError(
            f"{what} must be a sequence of names (a list or tuple, in order); got "
            f"{type(names).__name__} {repr(names)[:60]}."
        )
    names = tuple(names)
    if len(names) != count:
        raise InvalidGameError(
            f"{what}: the payoffs have {count} but {len(names)} names were given ({names!r}); "
            f"give exactly one name each."
        )
    for name in names:
        if not isinstance(name, str) or not name:
            raise InvalidGameError(f"{what}: names must be non-empty strings; got {name!r}.")
    if len(set(names)) != len(names):
        dup = sorted({n for n in names if names.count(n) > 1})
        raise InvalidGameError(f"{what}: names must be unique; {dup} appear more than once.")
    return names


def _is_sequence(value: Any) -> bool:
    """An ordered collection of names: a list, a tuple or a 1-D array (not a set, whose
    order is arbitrary, nor a masked or complex array, nor a string)."""
    check_container(value, "names", InvalidGameError)
    return isinstance(value, (list, tuple)) or (
        isinstance(value, np.ndarray) and value.ndim == 1
    )


def _as_matrix(m: Any, label: str) -> np.ndarray:
    """The matrix as the constructor will read it again: exact (an object array of
    Fractions) when every entry is rational, so that ``Fraction(1, 3)`` and integers
    above 2**53 stay exact; floats are read by their shortest decimal, as always."""
    values, exact, symbolic = _coerce_payoffs(m)
    if values.ndim != 2:
        raise InvalidGameError(f"{label} must be a 2-D matrix; got shape {values.shape}.")
    raw = np.asarray(m)
    floats_exact = raw.dtype.kind == "f" or (
        raw.dtype.kind in "iu" and (raw.size == 0 or int(np.abs(raw).max()) <= 2**53)
    )
    if exact is not None and not symbolic and not floats_exact:
        return exact
    return values


def _coerce_payoffs(payoffs: Any) -> tuple[np.ndarray, np.ndarray | None, bool]:
    """Validate payoffs; return (float or sympy object array, Fraction array or None, symbolic)."""
    if isinstance(payoffs, NormalFormGame):
        raise InvalidGameError("pass the payoff array, not a NormalFormGame.")
    check_container(payoffs, "payoffs", InvalidGameError)  # a mask or imaginary part is lost
    try:
        raw = np.array(payoffs)
    except ValueError as exc:  # numpy >= 1.24 refuses ragged nesting
        raise InvalidGameError(
            f"payoffs are ragged (nested sequences of unequal lengths): {exc}. Every player "
            f"needs a payoff for every profile: shape (n_players, m_1, ..., m_n)."
        ) from None
    if raw.dtype.kind in "biuf":
        if raw.dtype.kind == "b":
            raise InvalidGameError("payoffs must be numbers, not booleans.")
        values = raw.astype(float)
        _check_finite(values)
        exact = None
        if raw.dtype.kind in "iu":
            exact = np.vectorize(Fraction, otypes=[object])(raw) if raw.size else raw.astype(object)
        else:
            exact = floats_to_fractions(values)
        return values, exact, False
    if raw.dtype.kind != "O":
        raise InvalidGameError(
            f"payoffs must be numbers or sympy expressions; got dtype {raw.dtype}."
        )
    exprs = np.empty(raw.shape, dtype=object)
    symbolic = False
    for idx, item in np.ndenumerate(raw):
        expr = _cell_expr(item, idx)
        symbolic |= bool(expr.free_symbols)
        exprs[idx] = expr
    if symbolic:
        return exprs, None, True
    values = np.empty(raw.shape, dtype=float)
    exact = np.empty(raw.shape, dtype=object)
    rational = True
    for idx, expr in np.ndenumerate(exprs):
        values[idx] = float(expr)
        if expr.is_Rational:
            exact[idx] = Fraction(int(expr.p), int(expr.q))
        elif expr.is_Float:
            exact[idx] = Fraction(repr(float(expr)))
        else:
            rational = False
    _check_finite(values)
    return values, (exact if rational else None), False


def _cell_expr(item: Any, idx: tuple[int, ...]) -> sympy.Expr:
    if isinstance(item, (list, tuple, np.ndarray)):
        raise InvalidGameError(
            f"payoffs are ragged: entry at {idx} is a sequence; "
            f"expected shape (n_players, m_1, ..., m_n)."
        )
    if isinstance(item, (bool, np.bool_)) or not isinstance(item, (numbers.Number, sympy.Basic)):
        raise InvalidGameError(
            f"payoff at {idx} is {item!r}; expected a number or a sympy expression."
        )
    expr = (
        sympy.Rational(item.numerator, item.denominator)
        if isinstance(item, Fraction)
        else sympy.sympify(item)
    )
    if not isinstance(expr, sympy.Expr) or expr.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        raise InvalidGameError(
            f"payoff at {idx} is {item!r}; payoffs must be finite numbers or expressions."
        )
    return expr


def _check_finite(values: np.ndarray) -> None:
    bad = ~np.isfinite(values)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        raise InvalidGameError(
            f"payoffs must be finite; found {values[where]} at index {where} "
            f"({int(bad.sum())} non-finite entries in all). Replace NaN or infinite values."
        )
