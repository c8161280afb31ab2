"""``sweep``: a game's payoffs at many factor values, compiled once and evaluated in chunks."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from triangle.errors import InvalidArgumentTypeError, InvalidGameError, unknown_name
from triangle.games.aliases import ClientLike, SchedulerLike
from triangle.games.compiled import (
    DEFAULT_CHUNK_SIZE,
    CompiledPayoffs,
    compile_payoffs,
    sample_major,
)
from triangle.games.normal_form import NormalFormGame
from triangle.models.scenarios import PointLike
from triangle.progress import Progress, Reporter, check_progress
from triangle.registries import check_flag, check_text
from triangle.sensitivity._inputs import (
    InvalidSampleError,
    Ranges,
    check_range_names,
    check_samples,
    resolve_point,
)

__all__ = ["DEFAULT_CHUNK_SIZE", "SweepPlan", "plan", "resolve_chunk_size", "sweep",
           "sweep_chunks"]


@dataclass(frozen=True)
class SweepPlan:
    """What a sweep evaluates: the compiled payoffs, their arguments, the number of samples.

    ``args`` holds one entry per name of ``compiled``: a float64 array of length ``size``
    (a sampled factor) or a float (a factor held at the point). Built by :func:`plan`.

    >>> import sympy, triangle as tri
    >>> x, y = sympy.symbols("x y")
    >>> p = plan(tri.NormalFormGame([[[x, y]], [[0, 0]]]), {"x": [1.0, 2.0, 3.0]}, at={"y": 5})
    >>> p.chunk_args(1, 3)
    [array([2., 3.]), 5.0]
    """

    compiled: CompiledPayoffs
    args: list[Any]
    size: int

    def chunk_args(self, start: int, stop: int) -> list[Any]:
        """The arguments of samples ``start`` to ``stop`` (held values unchanged)."""
        return [a[start:stop] if isinstance(a, np.ndarray) else a for a in self.args]

    def fill(self, start: int, stop: int, out: np.ndarray) -> None:
        """Evaluate samples ``start`` to ``stop`` into ``out`` (cells x samples), then
        :meth:`check_finite`: NaN and infinity never leave a sweep.
        """
        with np.errstate(all="ignore"):  # reported below, by sample, as an error
            self.compiled.fill(self.chunk_args(start, stop), out)
        self.check_finite(start, out)

    def check_finite(self, start: int, block: np.ndarray) -> None:
        """Refuse a payoff that is not finite in ``block`` (cells x samples, from sample
        ``start``), naming the sample and its factor values: finite factors can still
        overflow, or divide by zero. The in-process and the Dask sweeps both call it.

        >>> import sympy, triangle as tri
        >>> x = sympy.Symbol("x")
        >>> p = plan(tri.NormalFormGame([[[1 / x]], [[0]]]), {"x": [1.0, 0.0]})
        >>> p.check_finite(0, np.array([[1.0, np.inf], [0.0, 0.0]]))
        Traceback (most recent call last):
        ...
        triangle.errors.InvalidSampleError: the payoffs are not finite at sample 1 (inf in ...
        """
        bad = ~np.isfinite(block)
        if not bad.any():
            return
        cell, k = (int(i) for i in np.argwhere(bad)[0])
        where = tuple(int(i) for i in np.unravel_index(cell, self.compiled.shape))
        values = {
            name: float(a[start + k]) if isinstance(a, np.ndarray) else float(a)
            for name, a in zip(self.compiled.names, self.args)
        }
        raise InvalidSampleError(
            f"the payoffs are not finite at sample {start + k} ({block[cell, k]} in "
            f"payoffs{list(where)}; {int(bad.any(axis=0).sum())} samples of this block "
            f"affected), where the factors are {values}: the payoff expressions overflow "
            f"or divide by zero there. Restrict the factors' ranges, or drop the sample."
        )


def plan(
    game: NormalFormGame,
    samples: Mapping[str, Any],
    *,
    at: Any = None,
    ranges: Ranges | None = None,
    allow_out_of_range: bool = False,
) -> SweepPlan:
    """Validate the inputs of a sweep and decide the value of every factor of ``game``.

    >>> import sympy, triangle as tri
    >>> x, y = sympy.symbols("x y")
    >>> p = plan(tri.NormalFormGame([[[x, y]], [[0, 0]]]), {"x": [1.0, 2.0]}, at={"y": 5})
    >>> p.size, p.compiled.names, p.args[1]
    (2, ('x', 'y'), 5.0)
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(
            f"sweep takes a NormalFormGame (e.g. triangle.models.simultaneous()); "
            f"got {type(game).__name__}."
        )
    allow_out_of_range = check_flag(allow_out_of_range, "allow_out_of_range")
    compiled = compile_payoffs(game)
    check_range_names(ranges, compiled.names)  # a misspelt id is refused, not skipped
    size, arrays = check_samples(
        samples, compiled.names, ranges=ranges, allow_out_of_range=allow_out_of_range
    )
    point = resolve_point(at, extra=compiled.names)
    args: list[Any] = []
    missing = []
    for name in compiled.names:
        if name in arrays:
            args.append(arrays[name])
        elif name in point:
            args.append(point[name])
        else:
            missing.append(name)
    if missing:
        raise InvalidSampleError(
            f"the game's factors {missing} are not in the registry, so they have no "
            f"baseline: give them in samples or hold them with at={{{missing[0]!r}: value}}."
        )
    return SweepPlan(compiled, args, size)


#: The schedulers of Dask a sweep may name (besides a ``"tcp://host:port"`` address).
SCHEDULERS = ("threads", "processes", "synchronous", "sync", "single-threaded",
              "multiprocessing", "distributed")


def check_dask(client: Any, scheduler: Any) -> None:
    """Refuse a ``client`` that is not a Dask client, or an unknown ``scheduler``.

    >>> check_dask(None, "thread")
    Traceback (most recent call last):
    ...
    triangle.errors.UnknownNameError: scheduler: unknown Dask scheduler 'thread'; did you ...
    """
    if client is not None and not (hasattr(client, "submit") and hasattr(client, "scatter")):
        raise InvalidArgumentTypeError(
            f"client is a distributed.Client (with submit and scatter); got "
            f"{type(client).__name__} {repr(client)[:60]}."
        )
    if scheduler is None:
        return
    check_text(scheduler, "scheduler (a Dask scheduler name or a 'tcp://host:port' address)")
    if "://" not in scheduler and scheduler not in SCHEDULERS:
        err = unknown_name("Dask scheduler", scheduler, SCHEDULERS)
        err.args = (f"scheduler: {err}",)
        raise err


def resolve_chunk_size(chunk_size: int | None) -> int:
    """The number of samples per chunk: ``chunk_size`` checked, or the default.

    >>> resolve_chunk_size(None), resolve_chunk_size(100)
    (4096, 100)
    >>> resolve_chunk_size(0)
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidSampleError: chunk_size must be a positive integer; got 0.
    """
    if chunk_size is None:
        return DEFAULT_CHUNK_SIZE
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, (int, np.integer)):
        raise InvalidSampleError(f"chunk_size must be a positive integer; got {chunk_size!r}.")
    if chunk_size < 1:
        raise InvalidSampleError(f"chunk_size must be a positive integer; got {chunk_size}.")
    return int(chunk_size)


def sweep(
    game: NormalFormGame,
    samples: Mapping[str, Any],
    *,
    at: PointLike = None,
    chunk_size: int | None = None,
    progress: Progress = False,
    allow_out_of_range: bool = False,
    ranges: Ranges | None = None,
    client: ClientLike = None,
    scheduler: SchedulerLike = None,
) -> np.ndarray:
    """Numeric payoffs of a symbolic game at ``K`` samples of its factors.

    Parameters
    ----------
    game
        A symbolic :class:`~triangle.NormalFormGame` (e.g. ``triangle.models.simultaneous()``).
    samples
        ``{factor id: 1-D array}``, all of one length ``K`` (see :func:`sample_factors`).
        Factors of the game left out are held at ``at``; ids of registry factors the game
        does not use are ignored, so one set of samples serves several models.
    at
        Where left-out factors are held: ``None`` (the registry's baselines), a scenario
        name or object, or ``{id: value}``. A game's own factors (not in the registry) must
        be given in ``samples`` or ``at``.
    chunk_size
        Samples evaluated at a time (memory for temporaries is proportional to it).
    progress
        ``False``, ``True`` (a bar on stderr) or ``callback(done, total)``.
    allow_out_of_range
        Accept samples outside a factor's plausible range (an error otherwise).
    ranges
        ``{id: (low, high)}`` overriding the registry's ranges for that check.
    client, scheduler
        Run the chunks on Dask: a ``distributed.Client``, or a scheduler (``"threads"``,
        ``"processes"``, ``"synchronous"`` or a ``"tcp://..."`` address). Same result.

    Returns
    -------
    numpy.ndarray
        ``(K, n_players, m_1, ..., m_n)`` float64: ``out[k, i, s_1, ..., s_n]`` is player
        ``i``'s payoff at sample ``k``. The memory is laid out sample-fastest (each cell
        contiguous over the samples), which keeps batch solvers fast; use
        ``numpy.ascontiguousarray`` if you need C order.

    The expressions are compiled once (:func:`triangle.games.compiled.compile_payoffs`:
    common subexpressions computed once, cached by the expressions) and never touched
    per sample.

    >>> import sympy, triangle as tri
    >>> relief, risk = sympy.symbols("relief risk")
    >>> g = tri.NormalFormGame([[[relief * (1 - risk), 1]], [[0, 0]]])
    >>> u = tri.sweep(g, {"relief": [1.0, 2.0, 4.0]}, at={"risk": 0.5})
    >>> u.shape
    (3, 2, 1, 2)
    >>> u[:, 0, 0, 0]
    array([0.5, 1. , 2. ])
    >>> tri.sweep(g, {"releif": [1.0]}, at={"risk": 0.5})
    Traceback (most recent call last):
    ...
    triangle.errors.UnknownNameError: unknown factor 'releif'; did you mean 'relief'?
    """
    chunk = resolve_chunk_size(chunk_size)
    check_progress(progress)
    check_dask(client, scheduler)
    p = plan(game, samples, at=at, ranges=ranges, allow_out_of_range=allow_out_of_range)
    if client is not None or scheduler is not None:
        from triangle.sensitivity.distributed import sweep_distributed

        return sweep_distributed(
            game, p, chunk_size=chunk, client=client, scheduler=scheduler, progress=progress
        )
    out = np.empty((p.compiled.n_cells, p.size))
    report = Reporter(progress, p.size)
    for start in range(0, p.size, chunk):
        stop = min(start + chunk, p.size)
        p.fill(start, stop, out[:, start:stop])
        report.advance(stop - start)
    report.close()
    return sample_major(out, p.compiled.shape)


def sweep_chunks(
    game: NormalFormGame,
    samples: Mapping[str, Any],
    *,
    at: PointLike = None,
    chunk_size: int | None = None,
    progress: Progress = False,
    allow_out_of_range: bool = False,
    ranges: Ranges | None = None,
) -> Iterator[tuple[slice, np.ndarray]]:
    """The payoffs of :func:`sweep`, one chunk at a time, in bounded memory.

    Yields ``(rows, payoffs)``: the slice of samples and their payoffs
    ``(c, n_players, m_1, ..., m_n)``. The array is a view of a buffer reused for the
    next chunk: reduce it (or copy it) before asking for the next one.

    >>> import sympy, triangle as tri
    >>> x = sympy.Symbol("x")
    >>> g = tri.NormalFormGame([[[x, 1]], [[0, 0]]])
    >>> [(rows.start, float(u[:, 0, 0, 0].sum()))
    ...  for rows, u in sweep_chunks(g, {"x": [1.0, 2.0, 3.0]}, chunk_size=2)]
    [(0, 3.0), (2, 3.0)]
    """
    chunk = resolve_chunk_size(chunk_size)
    check_progress(progress)  # now, not when the first chunk is asked for
    p = plan(game, samples, at=at, ranges=ranges, allow_out_of_range=allow_out_of_range)
    return _iterate(p, chunk, progress)


def _iterate(p: SweepPlan, chunk: int, progress: Progress) -> Iterator[tuple[slice, np.ndarray]]:
    buffer = np.empty((p.compiled.n_cells, min(chunk, max(p.size, 1))))
    report = Reporter(progress, p.size)
    try:
        for start in range(0, p.size, chunk):
            stop = min(start + chunk, p.size)
            view = buffer[:, : stop - start]
            p.fill(start, stop, view)
            yield slice(start, stop), sample_major(view, p.compiled.shape)
            report.advance(stop - start)
    finally:
        report.close()
