"""Private: the plan of a support enumeration, and what it will cost, before it starts.

The work is estimated from the game's shape and, once the conditional-dominance tables
are built (cheap next to the search), from a sample of the support profiles that
survive pruning. The cost of one support profile is its number of boxes times the cost
of one box:

- boxes per profile follow ``log2(boxes) = -1.23 + 0.187 D + 1.02 log2(B)``, where ``D``
  is the number of unknowns and ``B`` the multihomogeneous Bezout number of the
  support's indifference system (the coefficient of ``prod_k z_k^{d_k}`` in
  ``prod_i (sum_{k != i} z_k)^{d_i}``, a bound on its number of isolated roots; zero
  for structurally singular supports, which take one or two boxes). Fitted on 31,400
  profiles of random games from 2x2x2x2 to 5x5x5 (weighted rms error: a factor 1.4);
- a box costs about ``NS_PER_UNIT`` nanoseconds per unit of ``units(dims)`` (the
  vertex values its tests compute), and each level of a group about ``LEVEL_SECONDS``.

The constants were measured on a 2-core Intel Xeon under load (other jobs running), so
a quiet machine is faster than the estimate. Memory is bounded by construction (the
kernel works in batches of ``BATCH_BYTES`` and admits profiles into a pool of bounded
size); the estimate adds the dominance tables and the profiles' index arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from math import prod

import numpy as np

from triangle.solvers import _support_candidates as candidates
from triangle.solvers._support_solve import BATCH_BYTES, POOL, ROWS

#: Nanoseconds per unit of box work (see :func:`units`).
NS_PER_UNIT = 34.0
#: Seconds per level of one group (Python and numpy call overhead).
LEVEL_SECONDS = 0.0006
#: Seconds to generate and prune one support profile.
PROFILE_SECONDS = 2e-7
#: Seconds per element-operation of the dominance tables.
TABLE_SECONDS = 2e-9
#: Profiles sampled per signature to estimate how many survive pruning.
SAMPLE = 512
#: Games with at most this many profiles have them all listed at once by the plan.
LIST_ALL = 8192
#: Signatures are merged into one padded group while its boxes have at most this many
#: vertices per player (padding costs little there, and one pass over many small
#: systems beats many passes).
MERGE_VERTICES = 16


@dataclass(frozen=True)
class SupportWork:
    """What a support enumeration will cost, estimated before it starts.

    Attributes
    ----------
    shape : tuple of int
        Strategies per player.
    profiles : int
        Support profiles with some player mixing (pure profiles are tested apart).
    candidates : int
        Of those, about how many survive pruning by conditional dominance (counted
        exactly on small games, estimated from a sample on large ones).
    unknowns : int
        Unknowns of the largest surviving indifference system.
    seconds : float
        Estimated CPU seconds (within a factor of about three on random games; a
        quiet machine is faster). Only the cost of the enumeration up to pruning when
        ``complete`` is False.
    memory : int
        Estimated peak memory in bytes.
    complete : bool
        False when the estimate stopped early because building the dominance tables
        or listing the profiles alone exceeds the time allowed.

    >>> work = SupportWork((3, 3, 3), 316, 63, 6, 0.02, 2**27)
    >>> str(work).split("; ")[1]
    '0.02 s and 0.12 GiB estimated'
    """

    shape: tuple[int, ...]
    profiles: int
    candidates: int
    unknowns: int
    seconds: float
    memory: int
    complete: bool = True

    def __str__(self) -> str:
        dims = "x".join(map(str, self.shape))
        if not self.complete:
            return (
                f"{dims} game: {self.profiles:,} mixed support profiles; listing and pruning "
                f"them alone takes at least {_duration(self.seconds)}"
            )
        return (
            f"{dims} game: {self.profiles:,} mixed support profiles, about "
            f"{self.candidates:,} after pruning, systems of up to {self.unknowns} unknowns; "
            f"{_duration(self.seconds)} and {self.memory / 2**30:.2g} GiB estimated"
        )


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.3g} s"
    if seconds < 7200:
        return f"{seconds / 60:.3g} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.3g} h"
    return f"{seconds / 86400:.3g} days"


@dataclass(frozen=True)
class Group:
    """Signatures solved together, padded to common dims, with the estimated survivors
    and seconds per surviving profile of each signature."""

    dims: tuple[int, ...]
    signatures: tuple[tuple[int, ...], ...]
    survivors: tuple[float, ...]
    seconds: tuple[float, ...]
    #: The surviving profiles of each signature where they were all listed (else None).
    listed: tuple[tuple[np.ndarray, ...] | None, ...]


@dataclass(frozen=True)
class Plan:
    work: SupportWork
    groups: tuple[Group, ...]
    tables: list[np.ndarray] | None


def units(shape: tuple[int, ...], dims: tuple[int, ...]) -> float:
    """Work of one box test: vertex values of each player's conditions and of the
    preconditioned system, plus a fixed part."""
    total = sum(dims)
    work = sum((d + 1) * m * 2 ** (total - d) for m, d in zip(shape, dims))
    return float(work + total * 2**total + 40 * total * total + 300)


@cache
def bezout(dims: tuple[int, ...]) -> int:
    """Multihomogeneous Bezout number of a support's indifference system.

    >>> bezout((2, 2, 2)), bezout((1, 1, 1, 1)), bezout((2, 0, 0))
    (10, 9, 0)
    """
    n = len(dims)
    poly: dict[tuple[int, ...], int] = {(0,) * n: 1}
    for i, d in enumerate(dims):
        for _ in range(d):
            nxt: dict[tuple[int, ...], int] = {}
            for exps, c in poly.items():
                for k in range(n):
                    if k != i and exps[k] < dims[k]:
                        e = (*exps[:k], exps[k] + 1, *exps[k + 1:])
                        nxt[e] = nxt.get(e, 0) + c
            poly = nxt
    return poly.get(tuple(dims), 0)


def boxes_per_profile(dims: tuple[int, ...]) -> float:
    """Expected boxes the search visits for one profile of these dims (fitted model)."""
    b = bezout(dims)
    if not b:
        return 1.7
    return max(1.0, 2.0 ** (-1.23 + 0.187 * sum(dims) + 1.02 * np.log2(b)))


def profile_seconds(
    shape: tuple[int, ...], dims: tuple[int, ...], padded: tuple[int, ...]
) -> float:
    """Estimated seconds for one surviving profile of ``dims`` in a group padded to
    ``padded``."""
    return boxes_per_profile(dims) * units(shape, padded) * NS_PER_UNIT * 1e-9


def groups_of(shape: tuple[int, ...]) -> list[tuple[tuple[int, ...], list[tuple[int, ...]]]]:
    """Signatures in order, merged into padded groups while the padded systems have few
    vertices (see ``MERGE_VERTICES``)."""
    out: list[tuple[tuple[int, ...], list[tuple[int, ...]]]] = []
    for sig in candidates.signatures(shape):
        dims = tuple(c - 1 for c in sig)
        if out:
            merged = tuple(max(a, b) for a, b in zip(out[-1][0], dims))
            if _vertices(merged) <= MERGE_VERTICES:
                out[-1] = (merged, out[-1][1] + [sig])
                continue
        out.append((dims, [sig]))
    return out


def _vertices(dims: tuple[int, ...]) -> int:
    total = sum(dims)
    return max(2 ** (total - d) for d in dims)


def _table_cost(shape: tuple[int, ...]) -> tuple[float, int]:
    """Seconds and bytes of the conditional-dominance tables."""
    seconds, memory = 0.0, 0
    for i, m in enumerate(shape):
        rows = prod(2**k - 1 for j, k in enumerate(shape) if j != i)
        cells = prod(k for j, k in enumerate(shape) if j != i)
        seconds += rows * m * m * cells * TABLE_SECONDS
        memory += rows * m
    return seconds, memory


def make_plan(u: np.ndarray, budget: float | None, seed: int = 0) -> Plan:
    """Estimate the work on the scaled payoffs ``u``; build the dominance tables and
    the groups unless the enumeration alone exceeds ``budget`` seconds."""
    shape = tuple(int(m) for m in u.shape[1:])
    profiles = candidates.total_profiles(shape)
    t_tables, m_tables = _table_cost(shape)
    t_enum = profiles * PROFILE_SECONDS
    if budget is not None and t_tables + t_enum > budget:
        work = SupportWork(
            shape, profiles, profiles, sum(shape) - len(shape), float(t_tables + t_enum),
            int(m_tables), complete=False,
        )
        return Plan(work, (), None)
    tables = candidates.dominance_tables(u)
    rng = np.random.default_rng(seed)
    # Small games: every profile listed and pruned in one pass (exact counts).
    everything = candidates.list_all(u, tables) if profiles <= LIST_ALL else None
    groups = []
    seconds = t_tables + t_enum
    survivors_total = 0.0
    unknowns = 0
    memory_rows = 0
    for dims, sigs in groups_of(shape):
        surv, per, listed = [], [], []
        for sig in sigs:
            masks: tuple[np.ndarray, ...] | None
            if everything is not None:
                masks = everything[sig]
                count = float(masks[0].shape[0])
            else:
                count, masks = candidates.survivors(u, tables, sig, SAMPLE, rng)
            surv.append(count)
            listed.append(masks)
            per.append(profile_seconds(shape, tuple(c - 1 for c in sig), dims))
            if count:
                unknowns = max(unknowns, sum(sig) - len(sig))
        levels = 6 + 2 * sum(dims)
        seconds += sum(s * p for s, p in zip(surv, per))
        seconds += levels * LEVEL_SECONDS if any(surv) else 0.0
        survivors_total += sum(surv)
        memory_rows = max(memory_rows, min(int(sum(surv)), ROWS + POOL))
        groups.append(Group(dims, tuple(sigs), tuple(surv), tuple(per), tuple(listed)))
    dim = unknowns
    memory = (
        m_tables
        + BATCH_BYTES
        + memory_rows * (sum(shape) + 4 * (dim + len(shape)) + dim + 1)
        + 4 * POOL * 8 * (2 * dim + 4)
        + 64 * 2**20  # the interpreter, numpy and the game
    )
    work = SupportWork(
        shape, profiles, round(survivors_total), unknowns, float(seconds), int(memory)
    )
    return Plan(work, tuple(groups), tables)
