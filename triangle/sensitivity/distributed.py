"""Sweeps on a Dask cluster (the ``distributed`` extra): the same call, the same result.

:func:`triangle.sweep` with ``client=`` (a ``distributed.Client``) or ``scheduler=``
(``"threads"``, ``"processes"``, ``"synchronous"`` or a ``"tcp://host:port"`` address)
lands here. The game travels once as its payoff expressions (sympy objects pickle; a
compiled function does not); each worker compiles it once (cached by the expressions), then
evaluates its chunks of samples. Chunks come back cell-major and are stitched in order,
so the result equals the in-process one bit for bit.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from triangle.games.compiled import compile_payoffs, sample_major
from triangle.games.normal_form import NormalFormGame
from triangle.progress import Progress, Reporter
from triangle.sensitivity._inputs import InvalidSampleError
from triangle.sensitivity._optional import require

__all__ = ["sweep_distributed"]

#: Samples per task: large enough that scheduling overhead (about 1 ms a task) is small.
TASK_SIZE = 1 << 16


@dataclass(frozen=True)
class _Payload:
    """What a worker needs to compile the game: its payoff expressions and names."""

    token: str
    payoffs: np.ndarray  # object array of sympy expressions
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]

    def game(self) -> NormalFormGame:
        return NormalFormGame(self.payoffs, players=self.players, strategies=self.strategies)


def _payload(game: NormalFormGame) -> _Payload:
    token = hashlib.sha256(repr(tuple(game.payoffs.flat)).encode()).hexdigest()[:16]
    return _Payload(token, np.array(game.payoffs), game.players, game.strategies)


_WORKER_GAMES: dict[str, NormalFormGame] = {}


def _evaluate_task(payload: _Payload, args: list[Any], chunk: int) -> np.ndarray:
    """Runs on a worker: the cell-major payoffs of one task's samples."""
    game = _WORKER_GAMES.get(payload.token)
    if game is None:
        if len(_WORKER_GAMES) >= 32:  # a worker serving many models keeps the recent ones
            _WORKER_GAMES.pop(next(iter(_WORKER_GAMES)))
        game = _WORKER_GAMES[payload.token] = payload.game()
    compiled = compile_payoffs(game)
    size = max((len(a) for a in args if isinstance(a, np.ndarray)), default=1)
    with np.errstate(all="ignore"):  # reported by the client, by sample, as an error
        return compiled.fill(args, np.empty((compiled.n_cells, size)), chunk_size=chunk)


def sweep_distributed(
    game: NormalFormGame,
    plan: Any,
    *,
    chunk_size: int,
    client: Any = None,
    scheduler: Any = None,
    progress: Progress = False,
) -> np.ndarray:
    """Evaluate a validated sweep plan on Dask; see :func:`triangle.sweep`.

    >>> import sympy, triangle as tri
    >>> x = sympy.Symbol("x")
    >>> g = tri.NormalFormGame([[[x, 1]], [[0, 2 * x]]])
    >>> tri.sweep(g, {"x": [1.0, 2.0]}, scheduler="synchronous")[:, 1, 0, 1]
    array([2., 4.])
    """
    if client is not None and scheduler is not None:
        raise InvalidSampleError("give either client= or scheduler=, not both.")
    payload = _payload(game)
    size = plan.size
    task = max(chunk_size, TASK_SIZE)
    bounds = [(s, min(s + task, size)) for s in range(0, size, task)]
    pieces = [plan.chunk_args(a, b) for a, b in bounds]
    n_cells = plan.compiled.n_cells
    report = Reporter(progress, size)
    if client is None and isinstance(scheduler, str) and "://" in scheduler:
        distributed = require("distributed", "distributed", "Dask sweeps")
        with distributed.Client(scheduler) as remote:
            return sweep_distributed(game, plan, chunk_size=chunk_size, client=remote,
                                     progress=progress)
    out = np.empty((n_cells, size))
    if client is not None:
        distributed = require("distributed", "distributed", "Dask sweeps")
        # hash=False: fresh keys each call, so a call that raised (and released its
        # data) cannot cancel the same data scattered again by the next call
        [shared] = client.scatter([payload], broadcast=True, hash=False)
        data = client.scatter(pieces, hash=False)  # samples travel as data, not in the graph
        futures = [client.submit(_evaluate_task, shared, args, chunk_size, pure=False)
                   for args in data]
        index = {f.key: k for k, f in enumerate(futures)}
        for future, block in distributed.as_completed(futures, with_results=True):
            a, b = bounds[index[future.key]]
            plan.check_finite(a, block)
            out[:, a:b] = block
            report.advance(b - a)
    else:
        dask = require("dask", "distributed", "Dask sweeps")
        tasks = [dask.delayed(_evaluate_task)(payload, args, chunk_size) for args in pieces]
        for (a, b), block in zip(bounds, dask.compute(*tasks, scheduler=scheduler)):
            plan.check_finite(a, block)
            out[:, a:b] = block
            report.advance(b - a)
    report.close()
    return sample_major(out, plan.compiled.shape)
