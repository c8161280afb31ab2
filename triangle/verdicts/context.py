"""The claims' context: the simultaneous model's payoffs at K samples of the factors.

A :class:`ClaimContext` holds the numeric payoffs of the simultaneous model at K samples
of the factors, cell-major ``(3, 3, 3, 3, K)`` (player, then the US, Russian and Chinese
strategies, then the samples; :attr:`ClaimContext.u` is the ``(K, 3, 3, 3, 3)`` view),
and computes lazily, once, what several claims share: the pure equilibria, the
equilibria of the Russia-China game after each US move and the players' responses, and
the symbolic derivatives of the payoffs (compiled once per process). The words the
checks are written in live in :mod:`triangle.verdicts.vocabulary`, the checks in
:mod:`triangle.verdicts.checks`.

>>> import triangle as tri
>>> ctx = ClaimContext(tri.scenarios["baseline"].values)
>>> ctx.responses("Russia", "pressure")
array([[False, False,  True]])
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import sympy

from triangle.errors import ClaimCheckError, unknown_name
from triangle.games.compiled import CompiledPayoffs, compile_payoffs
from triangle.games.normal_form import NormalFormGame
from triangle.games.symbolic import check_game
from triangle.models.simultaneous import PLAYERS, simultaneous
from triangle.solvers.pure import best_reply_mask, player_best_reply_mask

__all__ = ["PLAYERS", "TOL", "ClaimContext", "model_game", "pure_mask"]

#: Payoff differences within ``TOL`` count as ties (the solvers' default tolerance).
TOL = 1e-9


# --------------------------------------------------------------------- compiled cells
class _Cells:
    """What a context reads of one game's payoff expressions, worked out once each.

    The evaluation itself is :func:`triangle.games.compiled.compile_payoffs` (cell-major,
    common subexpressions once, cached by the expressions); here are kept, per set of
    expressions, the subsets of cells and the derivatives a context compiles, the cells
    that depend on given factors, and the cells that differ from another game's.
    """

    def __init__(self, full: CompiledPayoffs) -> None:
        self.full = full
        self.names = full.names
        self.symbols = full.symbols
        self.factors = dict(zip(full.names, full.symbols))
        self.shape = full.shape
        self.exprs = full.expressions
        self._subsets: dict[frozenset[int], CompiledPayoffs] = {}
        self._depending: dict[frozenset[str], frozenset[int]] = {}
        self._grads: dict[str, tuple[list[int], list[int], int, CompiledPayoffs | None]] = {}
        self._differing: dict[_Cells, frozenset[int]] = {}
        #: Each cell's flat index, in the payoffs' shape (read only).
        self.grid = np.arange(len(self.exprs)).reshape(self.shape)
        self.grid.flags.writeable = False

    def _compile(self, exprs: Sequence[sympy.Expr]) -> CompiledPayoffs:
        flat = np.empty(len(exprs), dtype=object)
        flat[:] = list(exprs)
        return compile_payoffs(flat, self.symbols)

    def fill_rows(self, index: Sequence[int], arrays: Sequence[np.ndarray], k: int) -> np.ndarray:
        """The cells ``index`` (distinct, increasing) at the samples, ``(len(index), K)``."""
        key = frozenset(index)
        if key not in self._subsets:
            self._subsets[key] = self._compile([self.exprs[j] for j in index])
        return self._subsets[key].fill(arrays, np.empty((len(index), k)))

    def payoffs(self, arrays: Sequence[np.ndarray], k: int) -> np.ndarray:
        """Every cell at the samples, ``(n_cells, K)``."""
        return self.full.fill(arrays, np.empty((len(self.exprs), k)))

    def depending(self, names: frozenset[str]) -> frozenset[int]:
        """The cells whose expression contains one of the factors ``names``."""
        if names not in self._depending:
            syms = {self.factors[n] for n in names if n in self.factors}
            self._depending[names] = frozenset(
                j for j, e in enumerate(self.exprs) if e.free_symbols & syms
            )
        return self._depending[names]

    def differing(self, other: _Cells) -> frozenset[int]:
        """The cells whose expressions differ in ``other`` (a game of the same shape)."""
        if other not in self._differing:
            self._differing[other] = frozenset(
                j for j, (a, b) in enumerate(zip(self.exprs, other.exprs)) if a != b
            )
        return self._differing[other]

    def grad(self, name: str, arrays: Sequence[np.ndarray], k: int) -> dict[int, np.ndarray]:
        """``d payoffs / d name`` as ``{cell: values (K,)}``; cells left out are zero."""
        if name not in self.factors:
            return {}
        if name not in self._grads:
            sym = self.factors[name]
            diffs = [(j, _derivative(e, sym)) for j, e in enumerate(self.exprs)]
            nonzero = [(j, d) for j, d in diffs if d != 0]
            # cells with the same derivative share one row: the kernel (compiled from every
            # cell's derivative, as before) writes the same value into it for each
            distinct: dict[sympy.Expr, int] = {}
            rows = [distinct.setdefault(d, len(distinct)) for _, d in nonzero]
            self._grads[name] = (
                [j for j, _ in nonzero], rows, len(distinct),
                self._compile([d for _, d in nonzero]) if nonzero else None,
            )
        index, rows, n_rows, fn = self._grads[name]
        if fn is None:
            return {}
        buffer = fn.fill(arrays, np.empty((n_rows, k)), rows=rows)
        return {j: buffer[r] for j, r in zip(index, rows)}


def _derivative(expr: Any, symbol: sympy.Symbol) -> Any:
    """``sympy.diff(expr, symbol)``, the same expression, term by term with each term's
    derivative memoised (per process): the payoffs of a game share most of their terms,
    and so do the two readings of China's punishment and the Bayesian form's ex-ante game.

    ``sympy.diff`` of a sum is the sum of its terms' derivatives (``Add._eval_derivative``),
    so this is the same expression, built without the cost of ``Derivative`` for every
    term of every cell (a third of the time). A term whose derivative is left unevaluated
    (a ``Derivative``) sends the whole expression to ``sympy.diff``.

    >>> x, y = sympy.symbols("x y")
    >>> _derivative(x**2 * y + 3 * x + y, x) == sympy.diff(x**2 * y + 3 * x + y, x)
    True
    """
    expr = sympy.sympify(expr)
    if not expr.is_Add:
        return _term_derivative(expr, symbol)
    parts = [_term_derivative(a, symbol) for a in expr.args]
    if any(p.has(sympy.Derivative) for p in parts):
        return sympy.diff(expr, symbol)
    return sympy.Add(*parts)


@functools.lru_cache(maxsize=50_000)
def _term_derivative(term: Any, symbol: sympy.Symbol) -> Any:
    """One term's derivative (:func:`_derivative`), remembered by term and symbol."""
    return sympy.diff(term, symbol)


#: Per set of payoff expressions (the evaluator :func:`compile_payoffs` returns one object
#: per set), what contexts worked out about them. User games come and go; the model's stay.
_CELLS: dict[CompiledPayoffs, _Cells] = {}

#: The game looked up last and its entry: one check after another reads the same model, and
#: this skips hashing its expressions again (the game is held, so ``is`` cannot be fooled).
_LAST: list[Any] = [None, None]


def _cells(game: NormalFormGame) -> _Cells:
    if _LAST[0] is game:
        return _LAST[1]
    # The payoff array, not the game: its arguments are the same (the free symbols sorted by
    # name, as game.factors), and a cache hit then does not walk the expressions for them.
    full = compile_payoffs(game.payoffs)
    entry = _CELLS.get(full)
    if entry is None:
        if len(_CELLS) > 32:
            _CELLS.clear()
        entry = _CELLS[full] = _Cells(full)
    _LAST[:] = [game, entry]
    return entry


#: Per game's players and strategy names: ``(player, strategy) -> index``.
_INDICES: dict[tuple[Any, ...], dict[tuple[str, str], int]] = {}


def _strategy_indices(game: NormalFormGame) -> dict[tuple[str, str], int]:
    key = (tuple(game.players), tuple(tuple(names) for names in game.strategies))
    hit = _INDICES.get(key)
    if hit is None:
        hit = {}
        for player, names in zip(*key):
            for i, name in enumerate(names):
                hit.setdefault((player, name), i)  # the first, as strategy_index finds it
        if len(_INDICES) > 64:
            _INDICES.clear()
        _INDICES[key] = hit
    return hit


#: Samples per block when a mask is computed from separate rows (:func:`_rows_mask`): the
#: block of one player's rows stays small (27 rows of 8,192 floats, 1.7 MB).
_ROWS_CHUNK = 8192


def _rows_mask(rows: Sequence[np.ndarray], shape: tuple[int, ...], axis: int) -> np.ndarray:
    """:func:`~triangle.solvers.pure.player_best_reply_mask` of one player's payoffs given as
    ``(K,)`` rows in the C order of ``shape`` (``(*strategies, K)``), block by block of
    samples: the rows are never stacked into one array of all samples (the same numbers,
    sample by sample)."""
    k = shape[-1]
    out = np.empty(shape, dtype=bool)
    for start in range(0, k, _ROWS_CHUNK):
        stop = min(start + _ROWS_CHUNK, k)
        block = np.stack([r[start:stop] for r in rows]).reshape(*shape[:-1], stop - start)
        player_best_reply_mask(block, axis, TOL, out=out[..., start:stop])
    return out


def model_game(**options: Any) -> NormalFormGame:
    """The simultaneous model the claims are checked on, ``simultaneous(**options)``.

    Built once per reading of China's punishment and shared: the models' one cache
    (:func:`triangle.models.simultaneous`), which also records the articles it cites.

    >>> model_game().players
    ('US', 'Russia', 'China')
    >>> model_game(china_punishes="us") is model_game(china_punishes="us")
    True
    """
    return simultaneous(**options)


def pure_mask(cells: np.ndarray, tol: float = TOL) -> np.ndarray:
    """Pure-equilibrium mask of K games given cell-major, ``(n, m_1..m_n, K) -> (m_1..m_n, K)``.

    The package's one best-reply test, :func:`triangle.solvers.pure.best_reply_mask`, for
    every player on the cell-major layout (each player's strategy within ``tol`` of its
    best reply, as in :func:`triangle.pure_equilibria_batch`).

    >>> pd = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], dtype=float)[..., None]
    >>> pure_mask(pd)[..., 0]
    array([[False, False],
           [False,  True]])
    """
    return best_reply_mask(cells, None, tol, layout="cell")


# --------------------------------------------------------------------- the context
class ClaimContext:
    """What the claims' checks need at K samples of the factors, computed once and shared.

    Parameters
    ----------
    values
        Factor id -> value: arrays of shape ``(K,)`` or scalars (broadcast). Ids the game
        does not use are kept (a check may read them) but do not enter the payoffs.
    game
        A symbolic (or numeric) 3-player game with the players and strategies of
        ``triangle.models.simultaneous()``; default that model.
    base
        Values for the game's factors missing from ``values`` (e.g. a scenario's).

    The payoffs are kept cell-major, ``cells[player, us, russia, china]`` a ``(K,)`` row;
    :attr:`u` is the sample-major view ``(K, 3, 3, 3, 3)`` of the same memory. Contexts
    derived with :meth:`at` and :meth:`variant` compute a cell only when a check reads it
    and its value differs from the parent's.

    Examples
    --------
    >>> import triangle as tri
    >>> ctx = ClaimContext(dict(tri.scenarios["baseline"].values))
    >>> ctx.k, ctx.u.shape, ctx.cells.shape
    (1, (1, 3, 3, 3, 3), (3, 3, 3, 3, 1))
    """

    #: The model form the context is judged on (:mod:`triangle.verdicts.forms`).
    form: str = "simultaneous"

    def __init__(
        self,
        values: Mapping[str, Any],
        *,
        game: NormalFormGame | None = None,
        base: Mapping[str, Any] | None = None,
    ) -> None:
        if game is not None:
            check_game(game, "a claim context")
        self.game = model_game() if game is None else game
        if self.game.n_players != 3 or self.game.players != PLAYERS:
            raise ClaimCheckError(
                f"claims are checked on a game with players {PLAYERS}; got {self.game.players}."
            )
        self._cells_of = _cells(self.game)
        self.values = _as_samples(values, base, self._cells_of.names)
        self.k = len(next(iter(self.values.values()))) if self.values else 1
        self._flat: np.ndarray | None = self._cells_of.payoffs(self._arrays(), self.k)
        self._parent: np.ndarray = self._flat  # read only by derived contexts (no _flat)
        self._changed: frozenset[int] = frozenset()
        self._fresh: dict[int, np.ndarray] = {}
        self._memo: dict[Any, Any] = {}
        self._base_memo: dict[Any, Any] | None = None  # a derived context's, at()

    @classmethod
    def _derived(
        cls, game: NormalFormGame, cells: _Cells, values: dict[str, np.ndarray],
        parent: np.ndarray, changed: frozenset[int],
    ) -> ClaimContext:
        """A context equal to ``parent`` (cell-major) except in the cells ``changed``."""
        self = object.__new__(cls)
        self.game, self._cells_of, self.values = game, cells, values
        self.k = parent.shape[-1]
        self._flat, self._parent, self._changed = None, parent, changed
        self._fresh, self._memo, self._base_memo = {}, {}, None
        return self

    def _arrays(self) -> list[np.ndarray]:
        return [self.values[n] for n in self._cells_of.names]

    def _rows(self, index: Sequence[int]) -> list[np.ndarray]:
        """The cells ``index`` as ``(K,)`` rows, computing changed ones on first use."""
        if self._flat is not None:
            return [self._flat[j] for j in index]
        todo = sorted({j for j in index if j in self._changed and j not in self._fresh})
        if todo:
            buffer = self._cells_of.fill_rows(todo, self._arrays(), self.k)
            self._fresh.update(zip(todo, buffer))
        return [self._fresh[j] if j in self._changed else self._parent[j] for j in index]

    def _row_reader(self) -> Callable[[int], np.ndarray]:
        """``read(j)``: the cell ``j``'s ``(K,)`` row, without a copy of the payoffs.

        A derived context computes its changed cells first, all together, exactly as
        :attr:`cells` would (the same compiled subset, so the same floats)."""
        if self._flat is not None:
            return self._flat.__getitem__
        self._rows(sorted(self._changed))
        fresh, parent = self._fresh, self._parent
        return lambda j: fresh[j] if j in fresh else parent[j]

    def _block(self, index: np.ndarray) -> np.ndarray:
        """The cells ``index`` (an integer array of any shape) as an array ``(*shape, K)``."""
        if self._flat is not None:
            return self._flat[index]
        rows = self._rows(index.ravel().tolist())
        return np.stack(rows).reshape(*index.shape, self.k)

    @property
    def cells(self) -> np.ndarray:
        """The payoffs, cell-major ``(3, 3, 3, 3, K)``."""
        if self._flat is None:
            flat = self._parent.copy()
            changed = sorted(self._changed)
            for j, row in zip(changed, self._rows(changed)):
                flat[j] = row
            self._flat = flat
        return self._flat.reshape(*self._cells_of.shape, self.k)

    @property
    def u(self) -> np.ndarray:
        """The payoffs, sample-major ``(K, 3, 3, 3, 3)`` (a view of :attr:`cells`)."""
        return np.moveaxis(self.cells, -1, 0)

    # ------------------------------------------------------------- indices and payoffs
    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of one sample's payoffs, ``(players, US, Russia, China strategies)``.

        >>> import triangle as tri
        >>> ClaimContext(tri.scenarios["baseline"].values).shape
        (3, 3, 3, 3)
        """
        return self._cells_of.shape

    @property
    def n_cells(self) -> int:
        """The number of payoff cells (``prod(shape)``); :meth:`flat` indexes them."""
        return len(self._cells_of.exprs)

    def index(self, player: str, strategy: str) -> int:
        """The index of one of ``player``'s strategies (names checked)."""
        table = self.__dict__.get("_indices")
        if table is None:  # one dict per game's strategies; checks call this thousands of times
            table = self.__dict__["_indices"] = _strategy_indices(self.game)
        hit = table.get((player, strategy))
        return self.game.strategy_index(player, strategy) if hit is None else hit

    def _cell(self, us: Any, russia: Any, china: Any) -> tuple[Any, ...]:
        return (
            slice(None) if us is None else self.index("US", us),
            slice(None) if russia is None else self.index("Russia", russia),
            slice(None) if china is None else self.index("China", china),
        )

    def flat(self, player: str, us: str, russia: str, china: str) -> int:
        """The flat cell index of ``player``'s payoff at a pure profile."""
        cell = (PLAYERS.index(player), *self._cell(us, russia, china))
        return int(np.ravel_multi_index(cell, self._cells_of.shape))

    def _grid(self) -> np.ndarray:
        return self._cells_of.grid

    def payoff(
        self, player: str, us: str | None, russia: str | None, china: str | None
    ) -> np.ndarray:
        """``player``'s payoff at a profile: ``(K,)``, or ``(3, ..., K)`` for ``None`` moves.

        Read only (a view of the payoffs, kept per profile: checks ask for the same ones).
        """
        key = (player, us, russia, china, self._flat is not None)
        found = self.__dict__.get("_payoffs")
        if found is None:
            found = self.__dict__["_payoffs"] = {}
        hit = found.get(key)
        if hit is not None:
            return hit
        cell = (PLAYERS.index(player), *self._cell(us, russia, china))
        if self._flat is not None:
            view = self.__dict__.get("_view")
            if view is None or view.base is not self._flat:  # the cells' shape, no copy
                view = self.__dict__["_view"] = self._flat.reshape(
                    *self._cells_of.shape, self.k)
            out = view[cell]
        else:
            index = self._grid()[cell]  # one cell: its row itself, not a stacked copy
            out = self._rows([int(index)])[0] if index.ndim == 0 else self._block(index)
        found[key] = out
        return out

    def reply_margin(self, player: str, strategy: str, **given: str) -> np.ndarray:
        """Payoff of ``strategy`` minus the best alternative, the others' moves ``given``.

        Non-negative (up to ``TOL``) where ``strategy`` is a best reply, positive where it is
        the strict best reply. ``given`` names the two other players' strategies.
        """
        p = PLAYERS.index(player)
        cell = [given.get(q.lower()) for q in PLAYERS]
        cell[p] = None
        if any(c is None for i, c in enumerate(cell) if i != p):
            raise ClaimCheckError(f"reply_margin needs the other two players' moves; got {given}.")
        row = self.payoff(player, *cell)  # (3, K): the player's own strategies
        j = self.index(player, strategy)
        others = [row[i] for i in range(row.shape[0]) if i != j]
        best = others[0]
        for r in others[1:]:  # the maximum over the alternatives, without a copy of them
            best = np.maximum(best, r)
        return row[j] - best

    # ------------------------------------------------------------- equilibria
    @property
    def equilibria_cells(self) -> np.ndarray:
        """Pure-equilibrium mask of the full game, cell-major ``(3, 3, 3, K)`` (computed once).

        >>> import triangle as tri
        >>> ctx = ClaimContext(tri.scenarios["baseline"].values)
        >>> np.argwhere(ctx.equilibria_cells[..., 0]).tolist()  # (us, russia, china)
        [[1, 1, 1], [2, 2, 1]]
        """
        if "eq" not in self._memo:
            self._memo["eq"] = self._player_mask(0) & self._followers()
            # from here on this context reads the games after a US move in the full game,
            # as it always did once its payoffs were all at hand (see _whole)
            self._memo["whole"] = True
        return self._memo["eq"]

    def _whole(self) -> bool:
        """Whether the games after a US move are read in the full game (:meth:`_sub`): in
        a context with every cell at hand, and in a derived one once it computed the full
        game's equilibria (it used to hold every cell by then)."""
        return self._flat is not None or "whole" in self._memo

    def _followers(self) -> np.ndarray:
        """Where Russia and China both best-reply, ``(3, 3, 3, K)``, from the full payoffs.

        Sliced at a US move, the pure equilibria of the Russia-China game that move leaves;
        with the US's best replies, those of the full game. One mask serves both.
        """
        if "followers" not in self._memo:
            self._memo["followers"] = self._player_mask(1) & self._player_mask(2)
        return self._memo["followers"]

    def _span(self, player: int, us: int | None = None) -> slice:
        """The flat cells of ``player``'s payoffs (after US move ``us``): one range."""
        per_player = self.n_cells // self.shape[0]
        if us is None:
            return slice(player * per_player, (player + 1) * per_player)
        per_move = per_player // self.shape[1]
        start = player * per_player + us * per_move
        return slice(start, start + per_move)

    def _unchanged(self, span: slice) -> bool:
        """Whether this derived context's cells ``span`` are its parent's."""
        return self._base_memo is not None and not any(
            j in self._changed for j in range(span.start, span.stop)
        )

    def _player_mask(self, p: int) -> np.ndarray:
        """Player ``p``'s best-reply mask in the full game, ``(3, 3, 3, K)`` (computed once).

        From ``p``'s own 27 cells only (:func:`~triangle.solvers.pure.player_best_reply_mask`,
        the test :func:`~triangle.solvers.pure.best_reply_mask` applies to each player): a
        counterfactual that leaves them as they are shares its parent's mask.
        """
        key = ("best", p)
        if key not in self._memo:
            span, shape = self._span(p), (*self.shape[1:], self.k)
            if self._flat is not None:
                mask = player_best_reply_mask(self._flat[span].reshape(shape), p, TOL)
                self._memo.setdefault("shared", {})[key] = mask  # for its counterfactuals
            elif self._unchanged(span):
                mask = self._parent_mask(key, span, shape, p)
            else:  # every changed cell computed together, as `cells` computes them
                read = self._row_reader()
                mask = _rows_mask([read(j) for j in range(span.start, span.stop)], shape, p)
            self._memo[key] = mask
        return self._memo[key]

    def _parent_mask(self, key: Any, span: slice, shape: tuple[int, ...],
                     axis: int) -> np.ndarray:
        """The mask ``key`` of cells this counterfactual leaves as its parent's: computed
        once on the parent's rows and shared by all its counterfactuals."""
        shared = self._base_memo
        assert shared is not None
        hit = shared.get(key)
        if hit is None:
            hit = shared[key] = player_best_reply_mask(
                self._parent[span].reshape(shape), axis, TOL)
        return hit

    def _sub_mask(self, p: int, us: str) -> np.ndarray:
        """Player ``p``'s (Russia 1, China 2) best replies in the game a US move leaves,
        the range over that game, ``(3, 3, K)``: a derived context's reading (:meth:`_sub`).
        Shared with the parent when ``p``'s cells after ``us`` are the parent's."""
        a = self.index("US", us)
        key = ("sub best", p, a)
        if key not in self._memo:
            span, shape = self._span(p, a), (*self.shape[2:], self.k)
            if self._unchanged(span):
                mask = self._parent_mask(key, span, shape, p - 1)
            else:  # the cells after ``us`` computed together, as the game's block was
                index = self._grid()[1:, a].ravel().tolist()
                rows = self._rows(index)
                mine = [r for j, r in zip(index, rows) if span.start <= j < span.stop]
                mask = _rows_mask(mine, shape, p - 1)
            self._memo[key] = mask
        return self._memo[key]

    @property
    def equilibria(self) -> np.ndarray:
        """Pure-equilibrium mask of the full game, ``(K, 3, 3, 3)``."""
        return np.moveaxis(self.equilibria_cells, -1, 0)

    def _subgame(self, us: str) -> np.ndarray:
        """Russia's and China's payoffs after a US move, ``(2, 3, 3, K)``."""
        key = ("payoffs", us)
        if key not in self._memo:
            a = self.index("US", us)
            self._memo[key] = (
                self.cells[1:, a] if self._flat is not None else self._block(self._grid()[1:, a])
            )
        return self._memo[key]

    def _sub(self, us: str) -> np.ndarray:
        key = ("sub", us)
        if key not in self._memo:
            if self._whole():  # the full game's masks: all US moves in one pass
                self._memo[key] = self._followers()[self.index("US", us)]
            else:  # a derived context reads the game after this US move only
                self._memo[key] = self._sub_mask(1, us) & self._sub_mask(2, us)
        return self._memo[key]

    def subgame_equilibria(self, us: str) -> np.ndarray:
        """Pure-equilibrium mask ``(K, 3, 3)`` (Russia x China) of the game after a US move."""
        return np.moveaxis(self._sub(us), -1, 0)

    def response_rows(self, player: str, us: str) -> np.ndarray:
        """``(3, K)``: :meth:`responses` cell-major, one row per strategy of ``player``.

        >>> import triangle as tri
        >>> ClaimContext(tri.scenarios["baseline"].values).response_rows("Russia", "engage")
        array([[False],
               [ True],
               [False]])
        """
        key = ("resp", player, us)
        if key not in self._memo:
            own = {"Russia": 0, "China": 1}[player]  # the player's axis in (r, c, K)
            a = self.index("US", us)
            spans = (self._span(1, a), self._span(2, a))
            shared = None  # a derived context whose game after ``us`` is its parent's
            if not self._whole() and all(self._unchanged(sp) for sp in spans):
                shared = self._base_memo
                hit = shared.get(("sub resp", player, a)) if shared is not None else None
                if hit is not None:
                    self._memo[key] = hit
                    return hit
            eq = self._sub(us)
            out = np.any(eq, axis=1 - own)
            none = ~np.any(eq, axis=(0, 1))
            if none.any():  # the fallback, on the samples without a pure equilibrium only
                span = spans[own]  # the player's payoffs after ``us``, at those samples
                if self._flat is not None:
                    u = self._flat[span][:, none]
                else:
                    u = np.stack([r[none] for r in self._rows(range(span.start, span.stop))])
                best = player_best_reply_mask(u.reshape(*self.shape[2:], -1), own, TOL)
                out[:, none] = best.any(axis=1 - own)
            if shared is not None:
                shared[("sub resp", player, a)] = out
            self._memo[key] = out
        return self._memo[key]

    def responses(self, player: str, us: str) -> np.ndarray:
        """``(K, 3)``: ``player``'s (Russia or China) responses to a US move (module docs)."""
        return self.response_rows(player, us).T

    @property
    def tied(self) -> np.ndarray:
        """``(K,)``: samples where the form's tied equilibria could give a claim two verdicts.

        All false here: the simultaneous form reads its several equilibria together. A
        sequential form's context overrides it (tied subgame-perfect paths).

        >>> import triangle as tri
        >>> ClaimContext(tri.scenarios["baseline"].values).tied
        array([False])
        """
        return np.zeros(self.k, dtype=bool)

    def has_subgame_equilibrium(self, us: str) -> np.ndarray:
        """``(K,)``: whether the Russia-China game after ``us`` has a pure equilibrium."""
        return np.any(self._sub(us), axis=(0, 1))

    # ------------------------------------------------------------- derivatives
    def grad_rows(self, factor: str) -> dict[int, np.ndarray]:
        """``d payoffs / d factor`` by flat cell index (see :meth:`flat`), each ``(K,)``;
        cells left out have a zero derivative. Computed once per context."""
        key = ("grad", factor)
        if key not in self._memo:
            self._memo[key] = self._cells_of.grad(factor, self._arrays(), self.k)
        return self._memo[key]

    def grad(self, factor: str) -> np.ndarray:
        """``d payoffs / d factor`` at the samples, ``(K, 3, 3, 3, 3)`` (zeros if unused)."""
        out = np.zeros((len(self._cells_of.exprs), self.k))
        for j, row in self.grad_rows(factor).items():
            out[j] = row
        return np.moveaxis(out.reshape(*self._cells_of.shape, self.k), -1, 0)

    # ------------------------------------------------------------- counterfactuals
    def _parent_flat(self) -> np.ndarray:
        return self.cells.reshape(-1, self.k) if self._flat is None else self._flat

    def at(self, **values: float) -> ClaimContext:
        """The same samples with some factors set to other values (cached).

        Only the payoff cells that depend on those factors are recomputed, when read.

        >>> import triangle as tri
        >>> ctx = ClaimContext(tri.scenarios["baseline"].values)
        >>> ctx.at(sanctions_relief=1.0).responses("Russia", "engage")
        array([[False,  True, False]])
        """
        key = ("at", tuple(sorted(values.items())))
        if key not in self._memo:
            for name in values:
                if name not in self.values:
                    raise unknown_name("factor", name, self.values)
            new = dict(self.values)
            new.update({n: np.full(self.k, float(v)) for n, v in values.items()})
            changed = self._cells_of.depending(frozenset(values))
            made = self._derived(self.game, self._cells_of, new, self._parent_flat(), changed)
            # what this context finds about the cells the two share, kept apart from its
            # memo (which holds ``made``: no reference cycle, so nothing waits for the GC)
            made._base_memo = self._memo.setdefault("shared", {})
            self._memo[key] = made
        return self._memo[key]

    def variant(self, game: NormalFormGame) -> ClaimContext:
        """The same samples on another game with the model's players and strategies (cached).

        Only the payoff cells whose expressions differ between the two games are computed
        (e.g. ``simultaneous(china_punishes="us")`` against the default model).

        >>> import triangle as tri
        >>> ctx = ClaimContext(tri.scenarios["baseline"].values)
        >>> taiwan = ctx.variant(model_game(china_punishes="us"))
        >>> taiwan.responses("China", "engage")
        array([[False,  True, False]])
        """
        if game is self.game:
            return self
        key = ("variant", id(game))
        hit = self._memo.get(key)
        if hit is None or hit.game is not game:
            other = _cells(game)
            if game.players != PLAYERS or other.shape != self._cells_of.shape:
                raise ClaimCheckError(
                    f"a variant must have players {PLAYERS} and payoff shape "
                    f"{self._cells_of.shape}; got {game.players} and {other.shape}."
                )
            missing = [n for n in other.names if n not in self.values]
            if missing:
                raise ClaimCheckError(f"no samples of the variant's factors {missing}.")
            changed = self._cells_of.differing(other)
            hit = self._memo[key] = self._derived(
                game, other, self.values, self._parent_flat(), changed
            )
        return hit

    def __repr__(self) -> str:
        return f"<ClaimContext K={self.k}, {len(self._cells_of.names)} factors>"


def _as_samples(
    values: Mapping[str, Any], base: Mapping[str, Any] | None, needed: Sequence[str]
) -> dict[str, np.ndarray]:
    if not isinstance(values, Mapping):
        raise ClaimCheckError(
            f"factor values must be a mapping of factor ids to numbers or (K,) arrays; "
            f"got {type(values).__name__}."
        )
    arrays = {str(n): _floats(n, v) for n, v in values.items()}
    for n, a in arrays.items():
        if a.ndim > 1:
            raise ClaimCheckError(
                f"samples of {n!r} must be a scalar or a 1-D array (K,); got shape {a.shape}."
            )
    lengths = {a.shape[0] for a in arrays.values() if a.ndim == 1}
    if len(lengths) > 1:
        raise ClaimCheckError(f"factor samples have different lengths {sorted(lengths)}.")
    k = lengths.pop() if lengths else 1
    if base is not None:  # every factor of base, so that variants of the game find theirs
        arrays.update({n: _floats(n, v) for n, v in base.items() if n not in arrays})
    missing = [n for n in needed if n not in arrays]
    if missing:
        raise ClaimCheckError(
            f"no values for the factors {missing}; give them, or pass base=... "
            f"(e.g. triangle.scenarios['baseline'].values)."
        )
    out = {}
    for n, a in arrays.items():
        if a.shape != (k,):
            a = np.full(k, float(a))
        if not np.isfinite(a).all():
            raise ClaimCheckError(f"samples of {n!r} must be finite.")
        out[n] = a
    return out


def _floats(name: Any, value: Any) -> np.ndarray:
    """``value`` as floats, or a clear error (a string, an object) naming the factor."""
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ClaimCheckError(
            f"samples of {name!r} must be numbers: a scalar or a 1-D array (K,); got "
            f"{type(value).__name__} {value!r:.60}."
        ) from None
