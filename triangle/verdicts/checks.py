"""Vectorised checks of the articles' claims, over K samples of factor values at once.

Every claim in :data:`triangle.claims` has one check here, registered under the claim's
id with :func:`check`. A check is a function ``ClaimContext -> Verdict``: the context
holds the numeric payoffs of the simultaneous model at K samples of the factors
(cell-major ``(3, 3, 3, 3, K)``: player, then the US, Russian and Chinese strategies,
then the samples; :attr:`ClaimContext.u` is the ``(K, 3, 3, 3, 3)`` view), and computes
lazily what several claims share (pure equilibria, the equilibria of the Russia-China
subgame after each US move, symbolic derivatives compiled once per process). A
:class:`Verdict` is the conjunction of labelled :class:`Part` s, each a boolean array of
shape ``(K,)``: the claim holds at sample k when every part does, and the labels give the
one-line reason of :meth:`triangle.verdicts.claims.Claim.check`.

Vocabulary (the precise meaning every statement in ``claims.toml`` relies on):

- *best reply*: a strategy whose payoff is within ``TOL`` of the best, the others' pure
  strategies fixed; a *strict* best reply beats every alternative by more than ``TOL``.
- *Russia's responses to a US move* ``a``: the Russian strategies played in some pure
  equilibrium of the Russia-China game that ``a`` leaves (both choose knowing ``a``).
  When that game has no pure equilibrium, every Russian best reply to some Chinese move
  counts instead, so that "Russia does not pivot" is never credited for lack of an
  equilibrium. China's responses are defined the same way.
- *dominance*: ``s`` strictly dominates ``t`` when it pays more than ``t`` (by more than
  ``TOL``) against every profile of the others' pure strategies (optionally restricted).
- *rises with f* (a payoff or payoff gap, at a list of profiles): its derivative in the
  factor ``f`` (symbolic, compiled once) is ``>= 0`` at every listed profile and ``> 0``
  at one at least, so a factor the model leaves out fails; *falls* likewise.

>>> import numpy as np, sympy
>>> import triangle as tri
>>> from triangle.verdicts.checks import ClaimContext, dominates
>>> x = sympy.Symbol("x")
>>> u = np.zeros((3, 3, 3, 3), dtype=object)
>>> u[1, :, 1, :] = x          # Russia's hedge pays x, pivot and stay pay 0
>>> game = tri.NormalFormGame(u, players=("US", "Russia", "China"),
...     strategies=(("engage", "condition", "pressure"), ("pivot", "hedge", "stay"),
...                 ("reward", "hold", "punish")))
>>> ctx = ClaimContext({"x": np.array([-1.0, 2.0])}, game=game)
>>> dominates(ctx, "Russia", "hedge", "pivot").mask
array([False,  True])
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
import sympy

from triangle.errors import ClaimCheckError, unknown_name
from triangle.games.normal_form import NormalFormGame

__all__ = [
    "CHECKS",
    "ENGAGEMENT",
    "TOL",
    "ClaimCheckError",
    "ClaimContext",
    "Part",
    "Verdict",
    "avoids",
    "best_reply",
    "check",
    "compare",
    "dominates",
    "in_every_equilibrium",
    "model_game",
    "pure_mask",
    "responds",
    "slope",
]

#: Payoff differences within ``TOL`` count as ties (the solvers' default tolerance).
TOL = 1e-9

#: The players of the simultaneous model, in payoff-axis order.
PLAYERS = ("US", "Russia", "China")

#: The US moves that court Russia (unconditional and conditional engagement).
ENGAGEMENT = ("engage", "condition")


# --------------------------------------------------------------------- verdicts
class Part(NamedTuple):
    """One condition of a claim, evaluated at K samples.

    ``label`` states the condition; ``mask`` is true where it holds; ``margin`` (optional)
    is a signed size, positive where it holds (a payoff gap or a slope); ``facts`` (optional)
    describes sample k in words, for the one-line detail of a single-point check;
    ``tie_sensitive`` is false for parts where a zero margin is a robust fact (a slope
    that "does not rise" because a factor enters two payoffs alike), not a payoff tie.
    """

    label: str
    mask: np.ndarray
    margin: np.ndarray | None = None
    facts: Callable[[int], str] | None = None
    tie_sensitive: bool = True

    def describe(self, k: int = 0) -> str:
        """The label, with the margin and facts at sample ``k`` when known."""
        extra = []
        if self.margin is not None:
            extra.append(f"margin {float(self.margin[k]) + 0.0:+.4g}")  # no "-0"
        if self.facts is not None:
            extra.append(self.facts(k))
        return f"{self.label} ({'; '.join(extra)})" if extra else self.label


class Verdict:
    """A claim's check at K samples: the conjunction of its parts.

    >>> v = Verdict(Part("x > 0", np.array([True, False])), Part("y > 0", np.array([True, True])))
    >>> v.mask
    array([ True, False])
    >>> v.detail(1)
    'fails: x > 0'
    """

    __slots__ = ("parts",)

    def __init__(self, *parts: Part) -> None:
        if not parts:
            raise ClaimCheckError("a verdict needs at least one part.")
        self.parts = tuple(parts)

    @property
    def mask(self) -> np.ndarray:
        """True at the samples where every part holds, shape ``(K,)``."""
        out = self.parts[0].mask.copy()
        for p in self.parts[1:]:
            out &= p.mask
        return out

    def knife_edge(self, k: int = 0, tol: float = 1e-9) -> bool:
        """True when the claim holds at sample ``k`` only because of an exact tie.

        Ties count as best replies (as in the solvers), so a claim can hold with a
        margin of zero; such a verdict flips with any move of the factors, and reports
        say so rather than presenting it as support.

        >>> Verdict(Part("gap >= 0", np.array([True]), np.array([0.0]))).knife_edge()
        True
        """
        return bool(self.mask[k]) and any(
            p.tie_sensitive and p.margin is not None and abs(float(p.margin[k])) <= tol
            for p in self.parts
        )

    def detail(self, k: int = 0) -> str:
        """Why the claim holds or fails at sample ``k``, in one line."""
        failed = [p for p in self.parts if not p.mask[k]]
        if failed:
            return "fails: " + "; ".join(p.describe(k) for p in failed)
        return "holds: " + "; ".join(p.describe(k) for p in self.parts)


# --------------------------------------------------------------------- compiled functions
#: Samples per call of a compiled function: its temporaries then stay in the CPU cache
#: (on the 2-core test machine, 4096 made payoff evaluation ~4x faster than 32768).
_SUB = 4096


class _Rows:
    """Some payoff cells compiled together (lambdify with CSE), filling rows of a buffer."""

    def __init__(
        self, symbols: Sequence[sympy.Symbol], exprs: list[sympy.Expr], index: Iterable[int]
    ) -> None:
        self.index = list(index)
        self.fn = sympy.lambdify(list(symbols), exprs, modules="numpy", cse=True) if exprs else None

    def fill(
        self, out: np.ndarray, arrays: Sequence[np.ndarray], target: Iterable[int] | None = None
    ) -> np.ndarray:
        """Write the cells into rows ``target`` (default: their own indices) of ``out``."""
        if self.fn is None:
            return out
        target = self.index if target is None else list(target)
        k = out.shape[1]
        for s in range(0, k, _SUB):
            part = [a[s : s + _SUB] for a in arrays]
            for j, v in zip(target, self.fn(*part)):
                out[j, s : s + _SUB] = v  # constants broadcast over the samples
        return out


class _Compiled:
    """A game's payoffs, any subset of its cells, and their derivatives, compiled once each.

    Buffers are *cell-major* ``(n_cells, K)``: each payoff cell is a contiguous row over the
    samples, so that reductions over strategies run on contiguous vectors (several times
    faster than over the small axes of ``(K, 3, 3, 3, 3)``).
    """

    def __init__(self, game: NormalFormGame) -> None:
        self.game = game  # keeps id(game) valid while cached
        self.factors = game.factors  # computed once: game.factors walks every expression
        self.names = tuple(self.factors)
        self.symbols = tuple(self.factors.values())
        self.shape = tuple(game.payoffs.shape)
        if game.is_symbolic:
            self.exprs = list(game.payoffs.flat)
        else:
            self.exprs = [sympy.Float(float(x)) for x in game.payoffs.flat]
        self._subsets: dict[frozenset[int], _Rows] = {}
        self._depending: dict[frozenset[str], frozenset[int]] = {}
        self._grads: dict[str, _Rows] = {}
        self._differing: dict[int, tuple[NormalFormGame, frozenset[int]]] = {}

    def rows(self, index: Iterable[int]) -> _Rows:
        """The cells ``index`` compiled together (cached)."""
        key = frozenset(index)
        if key not in self._subsets:
            keep = sorted(key)
            self._subsets[key] = _Rows(self.symbols, [self.exprs[j] for j in keep], keep)
        return self._subsets[key]

    def payoffs(self, arrays: Sequence[np.ndarray], k: int) -> np.ndarray:
        """Every cell at the samples, ``(n_cells, K)``."""
        return self.rows(range(len(self.exprs))).fill(np.empty((len(self.exprs), k)), arrays)

    def depending(self, names: frozenset[str]) -> frozenset[int]:
        """The cells whose expression contains one of the factors ``names``."""
        if names not in self._depending:
            syms = {self.factors[n] for n in names if n in self.factors}
            self._depending[names] = frozenset(
                j for j, e in enumerate(self.exprs) if e.free_symbols & syms
            )
        return self._depending[names]

    def differing(self, other: _Compiled) -> frozenset[int]:
        """The cells whose expressions differ in ``other`` (a game of the same shape)."""
        hit = self._differing.get(id(other.game))
        if hit is None or hit[0] is not other.game:
            rows = frozenset(j for j, (a, b) in enumerate(zip(self.exprs, other.exprs)) if a != b)
            hit = self._differing[id(other.game)] = (other.game, rows)
        return hit[1]

    def grad(self, name: str, arrays: Sequence[np.ndarray], k: int) -> dict[int, np.ndarray]:
        """``d payoffs / d name`` as ``{cell: values (K,)}``; cells left out are zero."""
        if name not in self.factors:
            return {}
        if name not in self._grads:
            sym = self.factors[name]
            diffs = [(j, sympy.diff(e, sym)) for j, e in enumerate(self.exprs)]
            nonzero = [(j, d) for j, d in diffs if d != 0]
            self._grads[name] = _Rows(
                self.symbols, [d for _, d in nonzero], [j for j, _ in nonzero]
            )
        rows = self._grads[name]
        n = len(rows.index)
        buffer = rows.fill(np.empty((n, k)), arrays, target=range(n))
        return dict(zip(rows.index, buffer))


_CACHE: dict[int, _Compiled] = {}


def _compiled(game: NormalFormGame) -> _Compiled:
    entry = _CACHE.get(id(game))
    if entry is None or entry.game is not game:
        if len(_CACHE) > 32:  # user games come and go; the model's stays hot
            _CACHE.clear()
        entry = _CACHE[id(game)] = _Compiled(game)
    return entry


@functools.lru_cache(maxsize=8)
def model_game(**options: Any) -> NormalFormGame:
    """The simultaneous model the claims are checked on (built once per set of options).

    >>> model_game().players
    ('US', 'Russia', 'China')
    """
    from triangle.models.simultaneous import simultaneous

    return simultaneous(**options)


def pure_mask(cells: np.ndarray, tol: float = TOL) -> np.ndarray:
    """Pure-equilibrium mask of K games given cell-major, ``(n, m_1..m_n, K) -> (m_1..m_n, K)``.

    The same test as :func:`triangle.pure_equilibria_batch` (each player's strategy within
    ``tol`` of its best reply), on the cell-major layout, where the maxima over a player's
    strategies are element-wise maxima of contiguous rows.

    >>> pd = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], dtype=float)[..., None]
    >>> pure_mask(pd)[..., 0]
    array([[False, False],
           [False,  True]])
    """
    mask = None
    for i in range(cells.shape[0]):
        ui = cells[i]
        ok = ui >= ui.max(axis=i, keepdims=True) - tol
        mask = ok if mask is None else mask & ok
    return mask


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

    def __init__(
        self,
        values: Mapping[str, Any],
        *,
        game: NormalFormGame | None = None,
        base: Mapping[str, Any] | None = None,
    ) -> None:
        self.game = model_game() if game is None else game
        if self.game.n_players != 3 or self.game.players != PLAYERS:
            raise ClaimCheckError(
                f"claims are checked on a game with players {PLAYERS}; got {self.game.players}."
            )
        self._compiled = _compiled(self.game)
        self.values = _as_samples(values, base, self._compiled.names)
        self.k = len(next(iter(self.values.values()))) if self.values else 1
        self._flat: np.ndarray | None = self._compiled.payoffs(self._arrays(), self.k)
        self._parent: np.ndarray | None = None
        self._changed: frozenset[int] = frozenset()
        self._fresh: dict[int, np.ndarray] = {}
        self._memo: dict[Any, Any] = {}

    @classmethod
    def _derived(
        cls, game: NormalFormGame, compiled: _Compiled, values: dict[str, np.ndarray],
        parent: np.ndarray, changed: frozenset[int],
    ) -> ClaimContext:
        """A context equal to ``parent`` (cell-major) except in the cells ``changed``."""
        self = object.__new__(cls)
        self.game, self._compiled, self.values = game, compiled, values
        self.k = parent.shape[-1]
        self._flat, self._parent, self._changed = None, parent, changed
        self._fresh, self._memo = {}, {}
        return self

    def _arrays(self) -> list[np.ndarray]:
        return [self.values[n] for n in self._compiled.names]

    def _rows(self, index: Sequence[int]) -> list[np.ndarray]:
        """The cells ``index`` as ``(K,)`` rows, computing changed ones on first use."""
        if self._flat is not None:
            return [self._flat[j] for j in index]
        todo = [j for j in index if j in self._changed and j not in self._fresh]
        if todo:
            buffer = self._compiled.rows(todo).fill(
                np.empty((len(todo), self.k)), self._arrays(), target=range(len(todo))
            )
            self._fresh.update(zip(sorted(todo), buffer))
        return [self._fresh[j] if j in self._changed else self._parent[j] for j in index]

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
        return self._flat.reshape(*self._compiled.shape, self.k)

    @property
    def u(self) -> np.ndarray:
        """The payoffs, sample-major ``(K, 3, 3, 3, 3)`` (a view of :attr:`cells`)."""
        return np.moveaxis(self.cells, -1, 0)

    # ------------------------------------------------------------- indices and payoffs
    def index(self, player: str, strategy: str) -> int:
        """The index of one of ``player``'s strategies (names checked)."""
        key = ("index", player, strategy)
        if key not in self._memo:
            self._memo[key] = self.game.strategy_index(player, strategy)
        return self._memo[key]

    def _cell(self, us: Any, russia: Any, china: Any) -> tuple[Any, ...]:
        out = []
        for p, s in zip(PLAYERS, (us, russia, china)):
            out.append(slice(None) if s is None else self.index(p, s))
        return tuple(out)

    def flat(self, player: str, us: str, russia: str, china: str) -> int:
        """The flat cell index of ``player``'s payoff at a pure profile."""
        cell = (PLAYERS.index(player), *self._cell(us, russia, china))
        return int(np.ravel_multi_index(cell, self._compiled.shape))

    def _grid(self) -> np.ndarray:
        return np.arange(len(self._compiled.exprs)).reshape(self._compiled.shape)

    def payoff(
        self, player: str, us: str | None, russia: str | None, china: str | None
    ) -> np.ndarray:
        """``player``'s payoff at a profile: ``(K,)``, or ``(3, ..., K)`` for ``None`` moves."""
        cell = (PLAYERS.index(player), *self._cell(us, russia, china))
        if self._flat is not None:
            return self.cells[cell]
        return self._block(self._grid()[cell])

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
        return row[j] - np.delete(row, j, axis=0).max(axis=0)

    # ------------------------------------------------------------- equilibria
    def _eq(self) -> np.ndarray:
        if "eq" not in self._memo:
            self._memo["eq"] = pure_mask(self.cells)
        return self._memo["eq"]

    @property
    def equilibria(self) -> np.ndarray:
        """Pure-equilibrium mask of the full game, ``(K, 3, 3, 3)``."""
        return np.moveaxis(self._eq(), -1, 0)

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
            self._memo[key] = pure_mask(self._subgame(us))
        return self._memo[key]

    def subgame_equilibria(self, us: str) -> np.ndarray:
        """Pure-equilibrium mask ``(K, 3, 3)`` (Russia x China) of the game after a US move."""
        return np.moveaxis(self._sub(us), -1, 0)

    def _responses(self, player: str, us: str) -> np.ndarray:
        key = ("resp", player, us)
        if key not in self._memo:
            own = {"Russia": 0, "China": 1}[player]  # the player's axis in (r, c, K)
            eq = self._sub(us)
            found = eq.any(axis=1 - own)
            u = self._subgame(us)[own]  # the player's payoffs, (r, c, K)
            best = u >= u.max(axis=own, keepdims=True) - TOL
            fallback = best.any(axis=1 - own)
            none = ~eq.any(axis=(0, 1))
            self._memo[key] = np.where(none, fallback, found)
        return self._memo[key]

    def responses(self, player: str, us: str) -> np.ndarray:
        """``(K, 3)``: ``player``'s (Russia or China) responses to a US move (module docs)."""
        return self._responses(player, us).T

    def has_subgame_equilibrium(self, us: str) -> np.ndarray:
        """``(K,)``: whether the Russia-China game after ``us`` has a pure equilibrium."""
        return self._sub(us).any(axis=(0, 1))

    # ------------------------------------------------------------- derivatives
    def grad_rows(self, factor: str) -> dict[int, np.ndarray]:
        """``d payoffs / d factor`` by flat cell index (see :meth:`flat`), each ``(K,)``;
        cells left out have a zero derivative. Computed once per context."""
        key = ("grad", factor)
        if key not in self._memo:
            self._memo[key] = self._compiled.grad(factor, self._arrays(), self.k)
        return self._memo[key]

    def grad(self, factor: str) -> np.ndarray:
        """``d payoffs / d factor`` at the samples, ``(K, 3, 3, 3, 3)`` (zeros if unused)."""
        out = np.zeros((len(self._compiled.exprs), self.k))
        for j, row in self.grad_rows(factor).items():
            out[j] = row
        return np.moveaxis(out.reshape(*self._compiled.shape, self.k), -1, 0)

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
            changed = self._compiled.depending(frozenset(values))
            self._memo[key] = self._derived(
                self.game, self._compiled, new, self._parent_flat(), changed
            )
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
            other = _compiled(game)
            if game.players != PLAYERS or other.shape != self._compiled.shape:
                raise ClaimCheckError(
                    f"a variant must have players {PLAYERS} and payoff shape "
                    f"{self._compiled.shape}; got {game.players} and {other.shape}."
                )
            missing = [n for n in other.names if n not in self.values]
            if missing:
                raise ClaimCheckError(f"no samples of the variant's factors {missing}.")
            changed = self._compiled.differing(other)
            hit = self._memo[key] = self._derived(
                game, other, self.values, self._parent_flat(), changed
            )
        return hit

    def __repr__(self) -> str:
        return f"<ClaimContext K={self.k}, {len(self._compiled.names)} factors>"


def _as_samples(
    values: Mapping[str, Any], base: Mapping[str, Any] | None, needed: Sequence[str]
) -> dict[str, np.ndarray]:
    if not isinstance(values, Mapping):
        raise ClaimCheckError(
            f"factor values must be a mapping of factor ids to numbers or (K,) arrays; "
            f"got {type(values).__name__}."
        )
    arrays = {str(n): np.asarray(v, dtype=float) for n, v in values.items()}
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
        arrays.update({n: np.asarray(v, dtype=float) for n, v in base.items() if n not in arrays})
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


# --------------------------------------------------------------------- vocabulary
def _moves(
    ctx: ClaimContext, player: str, moves: str | Iterable[str] | None
) -> tuple[str, ...]:
    """A player's moves named by one name, several, or ``None`` (all of them)."""
    if moves is None:
        return ctx.game.strategies[PLAYERS.index(player)]
    return (moves,) if isinstance(moves, str) else tuple(moves)


def _joined(moves: str | Iterable[str]) -> str:
    return moves if isinstance(moves, str) else "/".join(moves)


def _names(mask_row: np.ndarray, names: Sequence[str]) -> str:
    picked = [n for n, m in zip(names, mask_row) if m]
    return ", ".join(picked) if picked else "none"


def _response_facts(ctx: ClaimContext, player: str, moves: Sequence[str]) -> Callable[[int], str]:
    names = ctx.game.strategies[PLAYERS.index(player)]

    def facts(k: int) -> str:
        return "; ".join(
            f"after {a}: {_names(ctx._responses(player, a)[:, k], names)}" for a in moves
        )

    return facts


def avoids(
    ctx: ClaimContext, strategy: str, us: str | Iterable[str] | None = None, *,
    player: str = "Russia",
) -> Part:
    """``strategy`` is not among ``player``'s (Russia's or China's) responses to each US move.

    ``us`` is one US move, several, or ``None`` for all three.

    >>> import triangle as tri
    >>> ctx = ClaimContext(tri.scenarios["baseline"].values)
    >>> print(avoids(ctx, "pivot").describe())
    Russia does not pivot after engage/condition/pressure (after engage: hedge; \
after condition: hedge; after pressure: stay)
    """
    moves = _moves(ctx, "US", us)
    j = ctx.index(player, strategy)
    mask = np.ones(ctx.k, dtype=bool)
    for a in moves:
        mask &= ~ctx._responses(player, a)[j]
    label = f"{player} does not {strategy} after {'/'.join(moves)}"
    return Part(label, mask, None, _response_facts(ctx, player, moves))


def responds(
    ctx: ClaimContext, strategy: str, us: str | Iterable[str] | None = None, *,
    player: str = "Russia", only: bool = False,
) -> Part:
    """``strategy`` is among (``only``: is all of) ``player``'s responses to each US move.

    >>> import triangle as tri
    >>> ctx = ClaimContext(tri.scenarios["baseline"].values)
    >>> responds(ctx, "hedge", "engage", only=True).mask
    array([ True])
    """
    moves = _moves(ctx, "US", us)
    j = ctx.index(player, strategy)
    mask = np.ones(ctx.k, dtype=bool)
    for a in moves:
        r = ctx._responses(player, a)
        mask &= r[j]
        if only:
            mask &= r.sum(axis=0) == 1
    word = "only " if only else ""
    label = f"{player}'s {word}response to {'/'.join(moves)} is {strategy}"
    return Part(label, mask, None, _response_facts(ctx, player, moves))


def best_reply(
    ctx: ClaimContext, player: str, strategy: str, *, strict: bool = False, negate: bool = False,
    **given: str | Iterable[str] | None,
) -> Part:
    """``strategy`` is (``negate``: is not) a best reply of ``player`` to every listed profile.

    ``given`` maps the other players (lower-case keywords ``us``, ``russia``, ``china``) to a
    move, a list of moves (the condition must hold for each) or ``None`` (every move).
    The margin is the payoff of ``strategy`` minus the best alternative (its negative with
    ``negate``), at the least favourable listed profile.

    >>> import triangle as tri
    >>> ctx = ClaimContext(tri.scenarios["baseline"].values)
    >>> print(best_reply(ctx, "China", "punish", russia="pivot").describe())
    punish is a best reply of China to US engage/condition/pressure, Russia pivot (margin -0.78)
    """
    others = [q for q in PLAYERS if q != player]
    lists = [_moves(ctx, q, given.get(q.lower())) for q in others]
    margin = np.full(ctx.k, np.inf)
    for combo in itertools.product(*lists):
        m = ctx.reply_margin(player, strategy, **{q.lower(): s for q, s in zip(others, combo)})
        margin = np.minimum(margin, -m if negate else m)  # "not a best reply": -m > TOL
    mask = margin > TOL if (negate or strict) else margin >= -TOL
    what = "the strict best reply" if strict else "a best reply"
    verb = "is not" if negate else "is"
    where = ", ".join(f"{q} {'/'.join(v)}" for q, v in zip(others, lists))
    return Part(f"{strategy} {verb} {what} of {player} to {where}", mask, margin)


def _value(ctx: ClaimContext, player: str, profile: Mapping[str, Any]) -> np.ndarray:
    """``player``'s payoff at a profile given by names; a tuple of moves means the best."""
    lists = [_moves(ctx, q, profile[q.lower()]) for q in PLAYERS]
    best = np.full(ctx.k, -np.inf)
    for combo in itertools.product(*lists):
        best = np.maximum(best, ctx.payoff(player, *combo))
    return best


def _over(
    ctx: ClaimContext, fixed: Iterable[str], over: Mapping[str, Any]
) -> Iterable[dict[str, str]]:
    """Every profile of the players not in ``fixed`` that ``over`` ranges over."""
    fixed = set(fixed)
    free = [q for q in PLAYERS if q.lower() not in fixed]
    lists = [_moves(ctx, q, over.get(q.lower())) for q in free]
    for combo in itertools.product(*lists):
        yield {q.lower(): s for q, s in zip(free, combo)}


def _where(over: Mapping[str, Any]) -> str:
    parts = [f"{q} {_joined(over[q.lower()])}" for q in PLAYERS if over.get(q.lower()) is not None]
    return " (" + ", ".join(parts) + ")" if parts else ""


def compare(
    ctx: ClaimContext, player: str, better: Mapping[str, Any], worse: Mapping[str, Any], *,
    label: str, strict: bool = True, **over: str | Iterable[str] | None,
) -> Part:
    """``player`` gets more at ``better`` than at ``worse``, at every profile ``over`` lists.

    ``better`` and ``worse`` fix the same players' moves (lower-case keys ``us``, ``russia``,
    ``china``; a tuple of moves means the best of them for ``player``); the players they
    leave free range over ``over`` (a move, a list, or ``None`` for all moves) and the
    comparison must hold at each. ``strict=False`` asks ``>=`` (up to ``TOL``).

    >>> import triangle as tri
    >>> ctx = ClaimContext(tri.scenarios["baseline"].values)
    >>> part = compare(ctx, "Russia", {"us": "engage", "russia": "hedge"},
    ...                {"us": "pressure", "russia": "stay"}, label="courting pays Russia")
    >>> part.mask, round(float(part.margin[0]), 3)
    (array([ True]), 3.692)
    """
    if set(better) != set(worse):
        raise ClaimCheckError(
            f"compare: better and worse must fix the same players; got {sorted(better)} and "
            f"{sorted(worse)}."
        )
    margin = np.full(ctx.k, np.inf)
    for free in _over(ctx, better, over):
        gap = _value(ctx, player, {**free, **better}) - _value(ctx, player, {**free, **worse})
        margin = np.minimum(margin, gap)
    mask = margin > TOL if strict else margin >= -TOL
    return Part(label, mask, margin)


def dominates(
    ctx: ClaimContext, player: str, s: str, t: str, *, strict: bool = True,
    **over: str | Iterable[str] | None,
) -> Part:
    """``s`` pays ``player`` more than ``t`` against every listed profile of the others.

    ``over`` restricts the others' moves (as in :func:`best_reply`); ``strict=False`` asks
    only ``>=`` (up to ``TOL``) everywhere.

    >>> import triangle as tri
    >>> ctx = ClaimContext(tri.scenarios["baseline"].values)
    >>> print(dominates(ctx, "US", "condition", "engage").describe())
    for US, condition strictly dominates engage (margin +2.7)
    """
    word = "strictly" if strict else "weakly"
    key = player.lower()
    return compare(
        ctx, player, {key: s}, {key: t}, strict=strict,
        label=f"for {player}, {s} {word} dominates {t}{_where(over)}", **over,
    )


def slope(
    ctx: ClaimContext, factor: str, sign: int, player: str, s: str, t: str | None = None, *,
    weak: bool = False, label: str | None = None, **over: str | Iterable[str] | None,
) -> Part:
    """How ``player``'s gain from ``s`` over ``t`` moves with ``factor``, at the samples.

    The gain is ``u_player(s, others) - u_player(t, others)`` (just ``u_player(s, others)``
    when ``t`` is None), at every profile of the others that ``over`` lists, and ``d`` its
    derivative in ``factor``. ``sign=+1`` ("rises"): ``d >= 0`` at every listed profile and
    ``d > 0`` at one at least (so a factor the model leaves out of the gain fails);
    ``sign=-1`` ("falls") likewise with ``-d``; ``weak=True`` drops the "at one at least"
    ("does not fall" / "does not rise"). ``sign=0``: ``d = 0`` everywhere. Ties are ``TOL``.
    The margin is the most adverse ``sign * d`` when that is negative, else the largest.

    >>> import triangle as tri
    >>> ctx = ClaimContext(tri.scenarios["baseline"].values)
    >>> part = slope(ctx, "us_policy_reversal_risk", -1, "Russia", "pivot", "stay", us="engage")
    >>> print(part.describe())
    Russia's gain from pivot over stay falls with us_policy_reversal_risk (US engage) (margin +1.47)
    """
    rows = ctx.grad_rows(factor)
    key = player.lower()

    def at(profile: Mapping[str, str]) -> Any:
        return rows.get(ctx.flat(player, profile["us"], profile["russia"], profile["china"]), 0.0)

    worst = np.full(ctx.k, np.inf)
    best = np.full(ctx.k, -np.inf)
    for free in _over(ctx, {key}, over):
        d = at({**free, key: s})
        if t is not None:
            d = d - at({**free, key: t})
        signed = -np.abs(d) if sign == 0 else sign * d
        worst, best = np.minimum(worst, signed), np.maximum(best, signed)
    if sign == 0:
        mask = worst >= -TOL
        margin = worst
    else:
        mask = worst >= -TOL if weak else (worst >= -TOL) & (best > TOL)
        margin = np.where(worst < -TOL, worst, best)
    if label is None:
        what = f"{player}'s gain from {s} over {t}" if t else f"{player}'s payoff from {s}"
        verb = {1: "does not fall" if weak else "rises",
                -1: "does not rise" if weak else "falls", 0: "does not change"}[sign]
        label = f"{what} {verb} with {factor}{_where(over)}"
    return Part(label, mask, margin, tie_sensitive=False)


def in_every_equilibrium(ctx: ClaimContext, label: str, **profile: str | Iterable[str]) -> Part:
    """The full game has a pure equilibrium, and each one has the listed moves.

    >>> import triangle as tri
    >>> ctx = ClaimContext(tri.scenarios["baseline"].values)
    >>> print(in_every_equilibrium(ctx, "Russia never pivots", russia=("hedge", "stay"))
    ...       .describe())
    Russia never pivots (equilibria (condition, hedge, hold), (pressure, stay, hold))
    """
    eq = ctx._eq()  # (a, r, c, K)
    allowed = np.ones((3, 3, 3, 1), dtype=bool)
    for i, q in enumerate(PLAYERS):
        want = profile.get(q.lower())
        if want is None:
            continue
        keep = np.zeros(3, dtype=bool)
        keep[[ctx.index(q, s) for s in _moves(ctx, q, want)]] = True
        shape = [1, 1, 1, 1]
        shape[i] = 3
        allowed &= keep.reshape(shape)
    exists = eq.any(axis=(0, 1, 2))
    mask = exists & ~(eq & ~allowed).any(axis=(0, 1, 2))
    return Part(label, mask, None, _equilibria_facts(ctx))


def _equilibria_facts(ctx: ClaimContext) -> Callable[[int], str]:
    """The pure equilibria at sample k, in words."""

    def facts(k: int) -> str:
        cells = np.argwhere(ctx._eq()[..., k])
        if not len(cells):
            return "no pure equilibrium"
        s = ctx.game.strategies
        return "equilibria " + ", ".join(
            "(" + ", ".join(s[i][j] for i, j in enumerate(c)) + ")" for c in cells
        )

    return facts


# --------------------------------------------------------------------- the registry
#: Claim id -> its check, ``ClaimContext -> Verdict``.
CHECKS: dict[str, Callable[[ClaimContext], Verdict]] = {}


def check(claim_id: str) -> Callable[[Callable[[ClaimContext], Verdict]], Callable]:
    """Register the decorated function as the check of ``claim_id``.

    The package registers one check per claim of ``claims.toml``; a user can register
    checks of claims of their own, and evaluate them on a context directly.

    >>> @check("my_claim_russia_hedges")
    ... def _(ctx):
    ...     return Verdict(responds(ctx, "hedge", ENGAGEMENT))
    >>> import triangle as tri
    >>> CHECKS["my_claim_russia_hedges"](ClaimContext(tri.scenarios["baseline"].values)).mask
    array([ True])
    >>> del CHECKS["my_claim_russia_hedges"]
    """
    def register(fn: Callable[[ClaimContext], Verdict]) -> Callable[[ClaimContext], Verdict]:
        if claim_id in CHECKS:
            raise ClaimCheckError(f"claim {claim_id!r} already has a check.")
        CHECKS[claim_id] = fn
        return fn

    return register


# --------------------------------------------------------------------- the checks
# One function per claim of claims.toml, in file order; each implements the claim's
# `statement` word for word (the tests check that every claim has exactly one).
ALL_US = None  # every US move


def _engagement_slope(ctx: ClaimContext, factor: str, sign: int, s: str, t: str) -> Part:
    return slope(ctx, factor, sign, "Russia", s, t, us=ENGAGEMENT)


def _top(ctx: ClaimContext, factor: str) -> ClaimContext:
    """The samples with ``factor`` at the top of its plausible range."""
    from triangle.models.factors import factors

    return ctx.at(**{factor: factors[factor].high})


def _today(ctx: ClaimContext, factor: str) -> ClaimContext:
    """The samples with ``factor`` at its 2025 baseline value (the registry's)."""
    from triangle.models.factors import factors

    return ctx.at(**{factor: factors[factor].value})


def _relabel(part: Part, prefix: str) -> Part:
    return part._replace(label=f"{prefix}{part.label}")


@check("c000_pivot_unlikely_for_now")
def _c000_pivot_unlikely_for_now(ctx: ClaimContext) -> Verdict:
    return Verdict(avoids(ctx, "pivot", ALL_US))


@check("c000_reversal_risk_lowers_pivot")
def _c000_reversal_risk(ctx: ClaimContext) -> Verdict:
    return Verdict(_engagement_slope(ctx, "us_policy_reversal_risk", -1, "pivot", "stay"))


@check("c000_break_with_china_costly")
def _c000_break_costly(ctx: ClaimContext) -> Verdict:
    return Verdict(compare(
        ctx, "Russia", {"russia": "stay", "china": "hold"}, {"russia": "pivot", "china": "punish"},
        label="u_Russia(a, stay, hold) > u_Russia(a, pivot, punish) for every US move a",
    ))


@check("c000_china_punishes_pivot")
def _c000_china_punishes(ctx: ClaimContext) -> Verdict:
    return Verdict(best_reply(ctx, "China", "punish", us=ALL_US, russia="pivot"))


@check("c000_long_term_against_pivot")
def _c000_long_term(ctx: ClaimContext) -> Verdict:
    return Verdict(_engagement_slope(ctx, "long_term_weighting", -1, "pivot", "stay"))


@check("c000_neutrality_suffices")
def _c000_neutrality(ctx: ClaimContext) -> Verdict:
    return Verdict(compare(
        ctx, "US", {"us": ENGAGEMENT, "russia": "hedge"}, {"us": "pressure", "russia": "stay"},
        label="max over engage/condition of u_US(a, hedge, c) > u_US(pressure, stay, c) "
              "for every Chinese move c",
    ))


@check("c000_no_choice_in_1972")
def _c000_no_choice(ctx: ClaimContext) -> Verdict:
    return Verdict(dominates(ctx, "Russia", "pivot", "stay", us="engage"))


@check("c001_antagonism_pushes_to_china")
def _c001_antagonism(ctx: ClaimContext) -> Verdict:
    return Verdict(best_reply(ctx, "Russia", "stay", us="pressure", china=None))


@check("c001_engagement_to_weaken_partnership")
def _c001_engagement_weakens(ctx: ClaimContext) -> Verdict:
    return Verdict(avoids(ctx, "stay", "engage"))


@check("c001_uncertain_concessions_insufficient")
def _c001_uncertain(ctx: ClaimContext) -> Verdict:
    return Verdict(avoids(ctx, "pivot", "engage"))


@check("c001_exploit_not_reciprocate")
def _c001_exploit(ctx: ClaimContext) -> Verdict:
    return Verdict(
        compare(ctx, "Russia", {"us": "engage", "russia": "stay"},
                {"us": "pressure", "russia": "stay"},
                label="u_Russia(engage, stay, c) > u_Russia(pressure, stay, c) for every c"),
        best_reply(ctx, "Russia", "pivot", negate=True, us="engage", china=None),
    )


@check("c001_condition_dominates_engage")
def _c001_condition(ctx: ClaimContext) -> Verdict:
    return Verdict(dominates(ctx, "US", "condition", "engage"))


@check("c001_long_term_costs")
def _c001_long_term(ctx: ClaimContext) -> Verdict:
    return Verdict(slope(ctx, "long_term_weighting", -1, "US", "engage", "pressure",
                         russia=None, china=None))


@check("c001_relief_as_bargaining_tool")
def _c001_leverage(ctx: ClaimContext) -> Verdict:
    margin = np.full(ctx.k, np.inf)
    for c in ctx.game.strategies[2]:
        def gain(a: str, c: str = c) -> np.ndarray:
            return ctx.payoff("Russia", a, "hedge", c) - ctx.payoff("Russia", a, "stay", c)

        margin = np.minimum(margin, gain("condition") - gain("engage"))
    return Verdict(Part(
        "Russia's gain from hedge over stay is larger under condition than under engage",
        margin > TOL, margin,
    ))


@check("c001_coordination_hurts_us")
def _c001_coordination(ctx: ClaimContext) -> Verdict:
    return Verdict(*(
        slope(ctx, "military_cooperation", -1, "US", a, None, russia="stay", china="reward")
        for a in ctx.game.strategies[0]
    ))


@check("c002_concessions_no_guarantee")
def _c002_no_guarantee(ctx: ClaimContext) -> Verdict:
    top = _top(ctx, "sanctions_relief")
    return Verdict(
        _relabel(avoids(top, "pivot", "engage"), "with sanctions_relief at its top: "),
        slope(ctx, "sanctions_relief", -1, "Russia", "pivot", "hedge", weak=True, us="engage"),
    )


@check("c002_china_outbids")
def _c002_outbids(ctx: ClaimContext) -> Verdict:
    return Verdict(
        best_reply(ctx, "China", "reward", us=ENGAGEMENT, russia="hedge"),
        best_reply(ctx, "Russia", "pivot", negate=True, us=ENGAGEMENT, china="reward"),
    )


@check("c002_attempt_galvanizes_beijing")
def _c002_galvanizes(ctx: ClaimContext) -> Verdict:
    return Verdict(responds(ctx, "reward", ENGAGEMENT, player="China", only=True))


@check("c002_play_both_camps")
def _c002_both_camps(ctx: ClaimContext) -> Verdict:
    return Verdict(responds(ctx, "hedge", ENGAGEMENT, only=True))


@check("c002_victory_without_commitments")
def _c002_victory(ctx: ClaimContext) -> Verdict:
    return Verdict(
        dominates(ctx, "Russia", "hedge", "pivot", us="engage"),
        compare(ctx, "Russia", {"us": "engage", "russia": "hedge"},
                {"us": "pressure", "russia": "stay"},
                label="u_Russia(engage, hedge, c) > u_Russia(pressure, stay, c) for every c"),
    )


@check("c002_risks_outweigh_gains")
def _c002_risks(ctx: ClaimContext) -> Verdict:
    return Verdict(dominates(ctx, "US", "pressure", "engage"))


@check("c002_distrust_discounts_promises")
def _c002_distrust(ctx: ClaimContext) -> Verdict:
    return Verdict(_engagement_slope(ctx, "russian_distrust_of_us", -1, "pivot", "stay"))


@check("c002_china_presses_us_over_taiwan")
def _c002_taiwan(ctx: ClaimContext) -> Verdict:
    return Verdict(
        best_reply(ctx, "China", "punish", us="engage", russia="hedge"),
        compare(ctx, "US", {"us": "engage", "china": "hold"}, {"us": "engage", "china": "punish"},
                label="u_US(engage, r, punish) < u_US(engage, r, hold) for every Russian move r"),
    )


@check("c002_no_rift_today")
def _c002_no_rift(ctx: ClaimContext) -> Verdict:
    return Verdict(
        responds(ctx, "pivot", "engage"),
        _relabel(avoids(_today(ctx, "rift_depth"), "pivot", "engage"), "with rift_depth today: "),
    )


@check("c003_ceasefire_wont_pull_moscow")
def _c003_ceasefire(ctx: ClaimContext) -> Verdict:
    top = _top(ctx, "ukraine_concessions")
    return Verdict(_relabel(avoids(top, "pivot", ENGAGEMENT),
                            "with ukraine_concessions at its top: "))


@check("c003_one_term_president")
def _c003_one_term(ctx: ClaimContext) -> Verdict:
    return Verdict(
        _engagement_slope(ctx, "us_commitment_years", +1, "pivot", "stay"),
        _engagement_slope(ctx, "xi_tenure_advantage", -1, "pivot", "stay"),
    )


@check("c003_pivot_not_worth_it")
def _c003_not_worth_it(ctx: ClaimContext) -> Verdict:
    top = _top(ctx, "us_commitment_years")
    return Verdict(_relabel(avoids(top, "pivot", ALL_US), "with us_commitment_years at its top: "))


@check("c003_allies_over_deals")
def _c003_allies(ctx: ClaimContext) -> Verdict:
    return Verdict(best_reply(ctx, "US", "engage", negate=True, russia=None, china=None))


@check("c003_dependency_not_enough")
def _c003_dependency(ctx: ClaimContext) -> Verdict:
    return Verdict(_relabel(avoids(ctx.at(china_import_share=0.4), "pivot", ENGAGEMENT),
                            "with china_import_share = 0.4: "))


@check("c003_leaders_do_not_matter")
def _c003_leaders(ctx: ClaimContext) -> Verdict:
    n_cells = len(ctx._compiled.exprs)
    russian = [row for j, row in ctx.grad_rows("trump_normalization_wish").items()
               if np.unravel_index(j, ctx._compiled.shape)[0] == 1 and j < n_cells]
    margin = np.zeros(ctx.k)
    for row in russian:
        margin = np.minimum(margin, -np.abs(row))
    return Verdict(Part("no Russian payoff changes with trump_normalization_wish",
                        margin >= -TOL, margin))


@check("c003_split_context_absent")
def _c003_split(ctx: ClaimContext) -> Verdict:
    return Verdict(
        in_every_equilibrium(ctx, "Russia's seat pivots in every pure equilibrium",
                             russia="pivot"),
        _no_pivot_equilibrium(_today(ctx, "rift_depth"), "with rift_depth today: "),
    )


def _no_pivot_equilibrium(ctx: ClaimContext, prefix: str) -> Part:
    j = ctx.index("Russia", "pivot")
    mask = ~ctx._eq()[:, j].any(axis=(0, 1))
    return Part(f"{prefix}no pure equilibrium has Russia pivot", mask)


@check("c004_kremlin_keeps_china_benefits")
def _c004_keeps(ctx: ClaimContext) -> Verdict:
    return Verdict(in_every_equilibrium(
        ctx, "a pure equilibrium exists and Russia hedges or stays in each",
        russia=("hedge", "stay"),
    ))


@check("c004_aligning_lacks_logic")
def _c004_aligning(ctx: ClaimContext) -> Verdict:
    return Verdict(dominates(ctx, "Russia", "hedge", "pivot"))


@check("c004_deepening_costs_autonomy")
def _c004_deepening(ctx: ClaimContext) -> Verdict:
    return Verdict(dominates(ctx, "Russia", "hedge", "stay", us=ENGAGEMENT))


@check("c004_trump_lowers_hedge_cost")
def _c004_trump(ctx: ClaimContext) -> Verdict:
    return Verdict(_engagement_slope(ctx, "trump_normalization_wish", +1, "hedge", "stay"))


@check("c004_hedging_extracts_concessions")
def _c004_concessions(ctx: ClaimContext) -> Verdict:
    margin = np.full(ctx.k, np.inf)
    for a in ENGAGEMENT:
        gain = ctx.payoff("Russia", a, "hedge", "reward") - ctx.payoff("Russia", a, "stay", "hold")
        margin = np.minimum(margin, gain)
    return Verdict(
        best_reply(ctx, "China", "reward", us=ENGAGEMENT, russia="hedge"),
        Part("u_Russia(a, hedge, reward) > u_Russia(a, stay, hold) for each engagement move a",
             margin > TOL, margin),
    )


@check("c004_asymmetry_favours_hedge")
def _c004_asymmetry(ctx: ClaimContext) -> Verdict:
    return Verdict(_engagement_slope(ctx, "power_asymmetry", +1, "hedge", "stay"))


@check("c004_us_only_hedge")
def _c004_us_only(ctx: ClaimContext) -> Verdict:
    return Verdict(
        dominates(ctx, "Russia", "stay", "hedge", strict=False, us="pressure"),
        best_reply(ctx, "Russia", "hedge", us=ENGAGEMENT, china="hold"),
    )


@check("c004_all_parties_benefit")
def _c004_all_benefit(ctx: ClaimContext) -> Verdict:
    eq = ctx._eq()  # (a, r, c, K)
    h = ctx.index("Russia", "hedge")
    hedging = eq[:, h]  # (a, c, K): equilibria in which Russia hedges
    gains = np.ones_like(hedging)
    for i, player in enumerate(PLAYERS):
        status_quo = ctx.payoff(player, "pressure", "stay", "hold")
        gains &= ctx.cells[i][:, h] > status_quo + TOL
    return Verdict(Part(
        "a pure equilibrium has Russia hedge, and in each one the US, Russia and China get "
        "more than at (pressure, stay, hold)",
        hedging.any(axis=(0, 1)) & ~(hedging & ~gains).any(axis=(0, 1)),
        None, _equilibria_facts(ctx),
    ))


@check("c004_promising_path")
def _c004_promising(ctx: ClaimContext) -> Verdict:
    eq = ctx._eq()  # (a, r, c, K)
    h = ctx.index("Russia", "hedge")
    status_quo = ctx.payoff("Russia", "pressure", "stay", "hold")
    better = ctx.cells[1] > status_quo + TOL  # Russia's payoffs (a, r, c, K)
    ok = ~(eq & ~better).any(axis=(0, 1, 2))
    return Verdict(
        in_every_equilibrium(ctx, "a pure equilibrium exists and Russia hedges in each",
                             russia="hedge"),
        Part("Russia gets more in each pure equilibrium than at (pressure, stay, hold)",
             ok & eq[:, h].any(axis=(0, 1))),
    )
