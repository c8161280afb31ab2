"""The compiled evaluator: payoff expressions compiled once, evaluated cell-major in chunks.

:func:`compile_payoffs` turns a game's payoff expressions (or any list of expressions in
named factors) into generated numpy code, once per set of expressions: common
subexpressions are computed once (``sympy.cse``) and each cell is written in place into
its row of a *cell-major* buffer ``(n_cells, c)``, each row a contiguous vector over the
``c`` samples. Reductions over strategies (best replies, equilibria) then run on
contiguous vectors, several times faster than on the sample-major layout
``(c, n, m_1, ..., m_n)``; a sample-major *view* of the same memory (:func:`sample_major`)
keeps the public shape. Samples go through in chunks of :data:`DEFAULT_CHUNK_SIZE`, so the
temporaries of one chunk stay in the CPU cache.

The compiled code is cached by the expressions themselves (and the order of the
arguments), never by the identity of a game: two games with the same payoffs share it,
and a game rebuilt from the same terms does not compile again. Every numeric evaluation
of payoffs at many factor values goes through here: :meth:`NormalFormGame.compiled
<triangle.games.normal_form.NormalFormGame.compiled>`, :func:`triangle.sweep` and the
sensitivity functions built on it, and the claims' context.

>>> import numpy as np, sympy
>>> import triangle as tri
>>> x, y = sympy.symbols("x y")
>>> f = compile_payoffs(tri.NormalFormGame([[[x * y, 1]], [[0, x + y]]]))
>>> f.names, f.shape
(('x', 'y'), (2, 1, 2))
>>> f.evaluate(np.array([[1.0, 2.0], [3.0, 4.0]]))[:, 0, 0, 0]   # (k, n_factors) samples
array([ 2., 12.])
>>> f.evaluate({"x": [1.0, 3.0], "y": 2.0}, layout="cell")[1, 0, 1]   # (..., k)
array([3., 5.])
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import numpy as np
import sympy

from triangle.errors import InvalidArgumentError, InvalidGameError, InvalidSampleError
from triangle.games.scale import check_payoff_array
from triangle.games.symbolic import xreplace_terms

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "CompiledPayoffs",
    "Layout",
    "cell_major",
    "compile_payoffs",
    "sample_major",
]

#: Samples per chunk: the temporaries of one chunk (a few hundred arrays of this length
#: for the triangle models) stay in the CPU cache; on the 2-core test machine 4,096 made
#: payoff evaluation about 4 times faster than 32,768. Measured in benchmarks/bench_sweep.py.
DEFAULT_CHUNK_SIZE = 4096

#: Where the samples go in a batch of payoffs: ``"sample"`` first, ``(K, n, m_1, ..., m_n)``,
#: or ``"cell"``-major, last, ``(n, m_1, ..., m_n, K)`` (each cell a contiguous row).
Layout = Literal["sample", "cell"]

_LAYOUTS = ("sample", "cell")

#: Compiled evaluators kept for reuse, keyed by their expressions and argument order. The
#: claims' context compiles a few hundred (subsets of cells, derivatives): keep them all.
_CACHE: OrderedDict[tuple[Any, ...], CompiledPayoffs] = OrderedDict()
_CACHE_SIZE = 512
_LOCK = threading.Lock()  # Dask's threaded scheduler may compile from several threads


class CompiledPayoffs:
    """Payoff expressions compiled once into numpy code; build with :func:`compile_payoffs`.

    Attributes
    ----------
    names
        The factor ids, in argument order (for a game, sorted as ``game.factors``).
    symbols
        The sympy symbols of those factors, in the same order.
    shape
        The shape of one evaluation: ``(n_players, m_1, ..., m_n)`` for a game, the shape
        of the expressions given otherwise.
    source
        The generated Python code (empty for constant expressions), for inspection.

    Three ways to evaluate, one compiled function behind them:

    - :meth:`evaluate`: samples as a ``(k, n_factors)`` array or a mapping of ids to
      arrays, payoffs in the ``"sample"`` or ``"cell"`` layout;
    - calling it with one array (or number) per factor, which broadcast: payoffs
      ``(*lead, *shape)`` (what :meth:`NormalFormGame.compiled` returns);
    - :meth:`fill`: the low-level form, writing rows of a caller's cell-major buffer.

    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> f = compile_payoffs([x, 2 * x + 1, 3])
    >>> f(np.array([0.0, 1.0]))
    array([[0., 1., 3.],
           [1., 3., 3.]])
    """

    __slots__ = ("_constant", "_exprs", "_fn", "_identity", "names", "shape", "source",
                 "symbols")

    def __init__(
        self,
        symbols: tuple[sympy.Symbol, ...],
        shape: tuple[int, ...],
        exprs: tuple[sympy.Expr, ...],
    ) -> None:
        self.symbols = symbols
        self.names = tuple(s.name for s in symbols)
        self.shape = shape
        self._exprs = exprs
        self._identity = tuple(range(len(exprs)))
        if any(e.free_symbols for e in exprs):
            self._fn, self.source = _generate(symbols, exprs)
            self._constant = None
        else:
            self._fn, self.source = None, ""
            self._constant = np.array([_constant(e) for e in exprs], dtype=float)

    @property
    def n_cells(self) -> int:
        """The number of expressions (payoff cells), ``prod(shape)``."""
        return len(self._exprs)

    @property
    def expressions(self) -> tuple[sympy.Expr, ...]:
        """The compiled expressions, flat (C order of :attr:`shape`), as sympy objects."""
        return self._exprs

    # ----------------------------------------------------------------- evaluation
    def fill(
        self,
        arrays: Sequence[Any],
        out: np.ndarray,
        *,
        rows: Sequence[int] | None = None,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
    ) -> np.ndarray:
        """Write the payoffs at ``c`` samples into the cell-major buffer ``out``.

        ``arrays`` holds one entry per name: a float array of shape ``(c,)`` or a number
        (held at that value for every sample). ``out`` is a float64 array ``(rows, c)``:
        cell ``j`` goes to row ``rows[j]`` (default: row ``j``), so a subset of cells can
        fill its rows of a larger buffer. The samples go through ``chunk_size`` at a
        time. Nothing is validated beyond the counts: this is the inner loop of sweeps.

        >>> import sympy
        >>> x = sympy.Symbol("x")
        >>> f = compile_payoffs([x + 1, 2 * x])
        >>> f.fill([np.array([1.0, 2.0])], np.zeros((3, 2)), rows=[2, 0])
        array([[2., 4.],
               [0., 0.],
               [2., 3.]])
        """
        if len(arrays) != len(self.names):
            raise InvalidArgumentError(
                f"fill takes one array or number per factor, {len(self.names)} "
                f"({', '.join(self.names)}); got {len(arrays)}."
            )
        target = self._identity if rows is None else tuple(int(r) for r in rows)
        if len(target) != len(self._exprs):
            raise InvalidArgumentError(
                f"rows must name one row of out per cell ({len(self._exprs)}); "
                f"got {len(target)}."
            )
        if self._constant is not None:
            out[list(target)] = self._constant[:, None]
            return out
        size = out.shape[1]
        if size <= chunk_size:
            self._fn(*arrays, out, target)
            return out
        chunked = [isinstance(a, np.ndarray) and a.ndim > 0 for a in arrays]
        for start in range(0, size, chunk_size):
            stop = min(start + chunk_size, size)
            part = [a[start:stop] if c else a for a, c in zip(arrays, chunked)]
            self._fn(*part, out[:, start:stop], target)
        return out

    def evaluate(
        self,
        values: Any,
        *,
        layout: Layout = "sample",
        chunk_size: int = DEFAULT_CHUNK_SIZE,
    ) -> np.ndarray:
        """The payoffs at ``k`` samples of the factors.

        Parameters
        ----------
        values
            A float array ``(k, n_factors)``, one row per sample, columns in the order of
            :attr:`names`; or a mapping of factor ids to arrays ``(k,)`` or numbers (held
            for every sample). Ids the expressions do not use are ignored.
        layout
            ``"sample"``: payoffs ``(k, *shape)``; ``"cell"``: ``(*shape, k)``. Both are
            views of one cell-major buffer ``(n_cells, k)`` (C-contiguous for ``"cell"``).
        chunk_size
            Samples evaluated at a time.

        >>> import sympy
        >>> x, y = sympy.symbols("x y")
        >>> f = compile_payoffs([[x, y], [x * y, 1]])
        >>> f.evaluate(np.array([[2.0, 3.0]]))
        array([[[2., 3.],
                [6., 1.]]])
        >>> f.evaluate({"x": [1.0, 2.0], "y": 5}, layout="cell")[1, 0]
        array([ 5., 10.])
        """
        if layout not in _LAYOUTS:
            raise InvalidArgumentError(f"layout must be one of {_LAYOUTS}; got {layout!r}.")
        if isinstance(values, Mapping):
            size, arrays = self._from_mapping(values)
            buffer = np.empty((len(self._exprs), size))
            self.fill(arrays, buffer, chunk_size=chunk_size)
        else:
            table = np.asarray(values, dtype=float)
            if table.ndim != 2 or table.shape[1] != len(self.names):
                raise InvalidSampleError(
                    f"values must be an array (k, {len(self.names)}): one row per sample, one "
                    f"column per factor ({', '.join(self.names) or 'none'}); got shape "
                    f"{table.shape}. A mapping of factor ids to arrays works too."
                )
            size = table.shape[0]
            buffer = np.empty((len(self._exprs), size))
            for start in range(0, size, chunk_size):
                stop = min(start + chunk_size, size)
                columns = np.ascontiguousarray(table[start:stop].T)  # contiguous per factor
                self.fill(list(columns), buffer[:, start:stop], chunk_size=chunk_size)
        if layout == "cell":
            return buffer.reshape(*self.shape, size)
        return sample_major(buffer, self.shape)

    def _from_mapping(self, values: Mapping[Any, Any]) -> tuple[int, list[Any]]:
        named = {getattr(key, "name", key): value for key, value in values.items()}
        missing = [n for n in self.names if n not in named]
        if missing:
            raise InvalidSampleError(
                f"values has no entry for the factors {missing}; give an array or a number "
                f"for each of {list(self.names)}."
            )
        size: int | None = None
        arrays: list[Any] = []
        for name in self.names:
            a = np.asarray(named[name], dtype=float)
            if a.ndim == 0:
                arrays.append(float(a))
                continue
            if a.ndim != 1 or (size is not None and a.shape[0] != size):
                raise InvalidSampleError(
                    f"the values of factor {name!r} must be a number or a 1-D array of the "
                    f"same length as the others ({size}); got shape {a.shape}."
                )
            size = a.shape[0]
            arrays.append(a)
        return (1 if size is None else size), arrays

    def __call__(self, *args: Any) -> np.ndarray:
        """Payoffs ``(*lead, *shape)`` for one value or array per factor (broadcast to ``lead``).

        The result is a view of a cell-major buffer (each cell contiguous over the
        samples, which keeps batch solvers fast); ``numpy.ascontiguousarray`` gives C
        order.
        """
        if len(args) != len(self.names):
            raise InvalidArgumentError(
                f"this function takes one value or array per factor, {len(self.names)} "
                f"({', '.join(self.names) or 'none'}), in that order; got {len(args)}."
            )
        arrays = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in args))
        lead = arrays[0].shape if arrays else ()
        size = int(np.prod(lead))
        buffer = np.empty((len(self._exprs), size))
        self.fill([a.reshape(-1) for a in arrays], buffer)
        cells = buffer.reshape(*self.shape, *lead)
        d = len(self.shape)
        return np.moveaxis(cells, tuple(range(d, d + len(lead))), tuple(range(len(lead))))

    def __reduce__(self) -> tuple[Any, ...]:
        # Generated code does not pickle: a copy compiles again (or hits the cache) where
        # it lands, e.g. on a Dask worker.
        return (_rebuild, (self.symbols, self.shape, self._exprs))

    def __repr__(self) -> str:
        return (f"<CompiledPayoffs shape={self.shape}, {len(self.names)} factors, "
                f"{len(self._exprs)} cells>")


def compile_payoffs(source: Any, symbols: Iterable[Any] | None = None) -> CompiledPayoffs:
    """The compiled evaluator of a game's payoffs, or of any expressions in named factors.

    Parameters
    ----------
    source
        A game (anything with ``payoffs`` and ``factors``, such as
        :class:`~triangle.NormalFormGame`): its payoff array ``(n_players, m_1, ..., m_n)``;
        or an array-like of expressions (sympy expressions or numbers), of any shape.
    symbols
        The arguments, in order: sympy symbols, or factor ids (matched by name to the
        symbols of the expressions). Default: the free symbols sorted by name (for a game,
        ``game.factors``). Every free symbol of the expressions must be among them.

    Returns
    -------
    CompiledPayoffs
        Cached by the expressions and the argument order: the same expressions give the
        same object, whichever game they come from.

    >>> import sympy, triangle as tri
    >>> x = sympy.Symbol("x")
    >>> g = tri.NormalFormGame([[[x, 1]], [[0, 2 * x]]])
    >>> f = compile_payoffs(g)
    >>> f.fill([np.array([1.0, 3.0])], np.empty((4, 2)))
    array([[1., 3.],
           [1., 1.],
           [0., 0.],
           [2., 6.]])
    >>> compile_payoffs(tri.NormalFormGame([[[x, 1]], [[0, 2 * x]]])) is f  # by expressions
    True
    """
    game_symbols = None
    if _is_game(source):
        cells = np.asarray(source.payoffs)
        if symbols is None:
            game_symbols = source  # its factors, looked up only if not cached
    else:
        cells = np.asarray(source, dtype=object)
    shape = tuple(int(m) for m in cells.shape)
    flat = tuple(cells.flat)
    order = None if symbols is None else tuple(symbols)
    key = (shape, flat, order)
    with _LOCK:
        try:
            hit = _CACHE.get(key)
        except TypeError:
            raise InvalidGameError(
                "payoff expressions must be numbers or sympy expressions; got an unhashable "
                "entry."
            ) from None
        if hit is not None:
            _CACHE.move_to_end(key)
            return hit
    exprs = tuple(_sympify(e) for e in flat)
    if game_symbols is not None:
        args = tuple(game_symbols.factors.values())
    else:
        args = _arguments(exprs, order)
    compiled = CompiledPayoffs(args, shape, exprs)
    with _LOCK:
        _CACHE[key] = compiled
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return compiled


def _is_game(source: Any) -> bool:
    """Whether ``source`` has ``payoffs`` and ``factors``, without computing ``factors``.

    ``hasattr`` would evaluate a game's ``factors`` property, which walks every payoff
    expression (about a millisecond for the triangle model): looked up on the class.
    """
    if not hasattr(source, "payoffs"):
        return False
    return hasattr(type(source), "factors") or "factors" in getattr(source, "__dict__", {})


def _rebuild(symbols: tuple[sympy.Symbol, ...], shape: tuple[int, ...],
             exprs: tuple[sympy.Expr, ...]) -> CompiledPayoffs:
    return compile_payoffs(np.array(exprs, dtype=object).reshape(shape), symbols)


def _sympify(value: Any) -> sympy.Expr:
    try:
        return sympy.sympify(value, strict=True)
    except (sympy.SympifyError, TypeError):
        raise InvalidGameError(
            f"payoff expressions must be numbers or sympy expressions; got {value!r}."
        ) from None


def _constant(expr: sympy.Expr) -> float:
    try:
        return float(expr)
    except TypeError:
        raise InvalidGameError(
            f"a payoff without factors must be a real number; got {expr!r}."
        ) from None


def _arguments(exprs: tuple[sympy.Expr, ...], order: tuple[Any, ...] | None
               ) -> tuple[sympy.Symbol, ...]:
    """The argument symbols: ``order`` (symbols or names) checked against the expressions."""
    free: set[sympy.Symbol] = set()
    for e in exprs:
        free |= e.free_symbols
    if order is None:
        return tuple(sorted(free, key=lambda s: s.name))
    by_name = {s.name: s for s in free}
    args = []
    for item in order:
        if isinstance(item, sympy.Symbol):
            args.append(item)
        elif isinstance(item, str):
            args.append(by_name.get(item, sympy.Symbol(item)))
        else:
            raise InvalidArgumentError(
                f"symbols are sympy symbols or factor ids; got {item!r}."
            )
    names = [s.name for s in args]
    if len(set(names)) != len(names):
        raise InvalidArgumentError(f"symbols must have distinct names; got {names}.")
    left = sorted(s.name for s in free - set(args))
    if left:
        raise InvalidArgumentError(
            f"the expressions use {left}, which are not among the arguments {names}; "
            f"add them to symbols (or leave symbols out to take every free symbol)."
        )
    return tuple(args)


def _generate(symbols: tuple[sympy.Symbol, ...], cells: tuple[sympy.Expr, ...]
              ) -> tuple[Any, str]:
    """Python source evaluating every cell into its row of ``out``, compiled with ``exec``.

    Common subexpressions are computed once (``sympy.cse``); each cell's last operation
    writes into its row of ``out`` (``numpy.add(a, b, out=out[r[j]])``), so no cell makes a
    temporary copy and few arrays are alive at once: about twice as fast as ``lambdify``
    returning a list (then copied into a buffer) on the triangle model, at chunk sizes
    that fit the cache. Factors are renamed ``a0, a1, ...`` so that any factor id makes
    valid code; ``r`` maps cells to rows of ``out``.
    """
    from sympy.printing.numpy import NumPyPrinter

    rename = {s: sympy.Symbol(f"a{k}") for k, s in enumerate(symbols)}
    # term by term, each term's renaming remembered: the claims compile subsets,
    # derivatives and typed worlds of the same cells again and again
    exprs = [xreplace_terms(c, rename) for c in cells]
    temps, reduced = sympy.cse(exprs, symbols=sympy.numbered_symbols("t"), order="none")
    printer = NumPyPrinter({"fully_qualified_modules": True, "inline": True,
                            "allow_unknown_functions": False})
    code = printer.doprint
    lines = [f"def kernel({''.join(f'a{k}, ' for k in range(len(symbols)))}out, r):"]
    for name, expr in temps:
        lines.append(f"    {name} = {code(expr)}")
    for j, expr in enumerate(reduced):
        row = f"out[r[{j}]]"
        if not expr.free_symbols:
            lines.append(f"    {row} = {_constant(expr)!r}")
        elif (expr.is_Add or expr.is_Mul) and len(expr.args) >= 2:
            ufunc, step = ("add", "+=") if expr.is_Add else ("multiply", "*=")
            first, second, *rest = expr.args
            lines.append(f"    numpy.{ufunc}({code(first)}, {code(second)}, out={row})")
            lines.extend(f"    {row} {step} {code(arg)}" for arg in rest)
        else:
            lines.append(f"    {row} = {code(expr)}")
    source = "\n".join(lines) + "\n"
    namespace: dict[str, Any] = {"numpy": np}
    exec(compile(source, "<triangle compiled payoffs>", "exec"), namespace)
    return namespace["kernel"], source


def sample_major(buffer: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """View a cell-major buffer ``(n_cells, c)`` as payoffs ``(c, *shape)`` (no copy).

    >>> sample_major(np.arange(6.0).reshape(3, 2), (3,))
    array([[0., 2., 4.],
           [1., 3., 5.]])
    """
    return np.moveaxis(buffer.reshape(*shape, buffer.shape[-1]), -1, 0)


def cell_major(payoffs: np.ndarray) -> np.ndarray:
    """Payoffs ``(c, n, m..)`` as a cell-major array ``(n, m.., c)`` (a view when possible).

    >>> cell_major(np.zeros((5, 2, 3, 4))).shape
    (2, 3, 4, 5)
    """
    # the layout only: the entries are the caller's to check (no pass over a large batch)
    return np.moveaxis(check_payoff_array(payoffs, min_ndim=2, entries=False), 0, -1)
