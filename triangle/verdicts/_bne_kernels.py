"""Pure Bayesian Nash equilibria of the claims' Bayesian triangle, over arrays of samples.

Private kernels of :mod:`triangle.verdicts.bayesian_form`. They compute what
:func:`~triangle.sensitivity.prior_thresholds.bne_reach` (on the whole game, and after
:func:`~triangle.sensitivity.prior_thresholds.hold_first` on the games a US move leaves)
computes on the form's typed payoffs, for the form's one shape: three players with three
moves each, three US types, two Russian types, one Chinese type. Every payoff a
best-reply test reads is computed with the same floating-point operations, in the same
order, as there (products of the prior and a payoff, then sums over the type profiles in
their order), and every test is the one of
:func:`triangle.solvers.pure.best_reply_mask` (``best - u <= tol * (high - low)``, maxima
and minima being exact in any order), so every decision is the same bit for bit
(``tests/verdicts/test_bayesian_form.py`` checks them against those functions on random
games with ties and zero priors). What differs is how little is built:

- the typed payoffs are never assembled: each ``(player, US type, Russian type)`` is a
  *source*, a ``(27, K)`` array of the player's payoffs (cells ``(us, russia, china)``,
  often a view of the simultaneous context's) and the rows its world replaces, and the
  prior-weighted products are written straight from it;
- the agent-form candidates are found on bit sets: for each move of both Russian agents
  and China's, the US agents' best replies as a 27-bit set of US profiles; for each
  Russian agent's move and China's, the US profiles where that agent best-replies, tested
  only at the US profiles some US best reply plays (at uniform samples one or two per
  China move, against 243 cells), with its payoff range exact from the terms' maxima (a
  correctly rounded sum is monotone in each term); China is tested at the candidates
  only, its range computed only where a bound of it cannot decide (near-ties);
- the parts that read only the US's and China's payoffs (the US agents' bit sets,
  China's range bounds; China's masks after a US move) are returned separately, so that
  a counterfactual changing only Russia's payoffs reuses its parent's.

A payoff beyond ``2**1022`` in magnitude (where the package's test first rescales the
payoffs), or a negative prior (the exact ranges read a non-negative one), raises
:class:`Unsupported`; the caller then takes the general functions.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import numpy as np

#: One player's payoffs in one type profile's world: a ``(27, K)`` array over the cells
#: ``(us, russia, china)`` and the rows that world replaces (cell -> ``(K,)`` row).
Source = tuple[np.ndarray, Mapping[int, np.ndarray]]

#: ``(player, US type, Russian type)`` -> its :data:`Source`.
Sources = Mapping[tuple[int, int, int], Source]

#: The shape the kernels are written for: types per player, moves per player.
N_TYPES = (3, 2, 1)
N_MOVES = 3

#: Samples per block: one block's interim payoffs stay in the CPU cache.
BLOCK = 2048

#: Where the package's best-reply test rescales the payoffs first (``solvers.pure._mark``).
_HUGE = 2.0**1022


class Unsupported(ArithmeticError):
    """Payoffs too large for these kernels, or a negative prior (see the module docs)."""


def _lut() -> np.ndarray:
    """For three 3-bit sets of moves (the US agents' best replies, packed ``s0 << 6 | s1 <<
    3 | s2``), the 27-bit set of US profiles ``(u0, u1, u2)`` (bit ``9 u0 + 3 u1 + u2``)."""
    out = np.zeros(512, dtype=np.uint32)
    for code in range(512):
        sets = [[m for m in range(3) if (code >> (6 - 3 * i)) & (1 << m)] for i in range(3)]
        bits = 0
        for u0 in sets[0]:
            for u1 in sets[1]:
                for u2 in sets[2]:
                    bits |= 1 << (9 * u0 + 3 * u1 + u2)
        out[code] = bits
    return out


_PROFILES = _lut()


@functools.lru_cache(maxsize=256)
def _runs(replaced: tuple[int, ...], start: int, stop: int) -> tuple[tuple[int, int], ...]:
    """The runs ``(a, b)`` of consecutive cells in ``range(start, stop)`` not in
    ``replaced`` (read from a source's array, the others from its rows)."""
    out, begin = [], None
    for j in range(start, stop + 1):
        free = j < stop and j not in replaced
        if free and begin is None:
            begin = j
        elif not free and begin is not None:
            out.append((begin, j))
            begin = None
    return tuple(out)


class _Rows(dict):
    """A source's replaced rows with the runs of them that are consecutive rows of one
    array (:func:`replaced_rows`), each read in one operation."""

    blocks: tuple[tuple[int, int, np.ndarray], ...] = ()


def _address(a: np.ndarray) -> int:
    return int(a.__array_interface__["data"][0])


def replaced_rows(rows: Mapping[int, np.ndarray]) -> dict[int, np.ndarray]:
    """``rows`` (cell -> ``(K,)`` row) as a source's replaced rows, with the runs of
    consecutive cells whose rows are consecutive rows of one array found once (a world's
    rows come from one evaluation), so that the kernels read each run in one operation.

    >>> buf = np.arange(12.0).reshape(3, 4)
    >>> [(a, b, x.shape) for a, b, x in replaced_rows({5: buf[0], 6: buf[1], 9: buf[2]}).blocks]
    [(5, 7, (2, 4)), (9, 10, (1, 4))]
    """
    out = _Rows(rows)
    keys = sorted(rows)
    blocks, i = [], 0
    while i < len(keys):
        first, n, step = rows[keys[i]], 1, 0
        owner = first if first.base is None else first.base
        while i + n < len(keys) and keys[i + n] == keys[i] + n:
            row = rows[keys[i + n]]
            if (row.shape != first.shape or row.strides != first.strides
                    or row.dtype != first.dtype
                    or (row if row.base is None else row.base) is not owner):
                break
            gap = _address(row) - _address(first)
            if n == 1:
                step = gap
            if gap != n * step:
                break
            n += 1
        # the rows are n rows of one buffer, ``step`` bytes apart: one strided view of them
        block = np.lib.stride_tricks.as_strided(
            first, (n, first.shape[0]), (step, first.strides[0]), writeable=False)
        blocks.append((keys[i], keys[i] + n, block))
        i += n
    out.blocks = tuple(blocks)
    return out


def _weighted(src: Source, scale: np.ndarray, sl: slice, out: np.ndarray,
              cells: slice = slice(0, 27)) -> np.ndarray:
    """``out = scale * payoffs``, ``(cells, B)``, from a source at the samples ``sl``."""
    base, rows = src
    if not rows:
        return np.multiply(scale, base[cells, sl], out=out)
    for a, b in _runs(tuple(rows), cells.start, cells.stop):
        np.multiply(scale, base[a:b, sl], out=out[a - cells.start : b - cells.start])
    blocks = getattr(rows, "blocks", None)
    if blocks is None:
        for j, row in rows.items():
            if cells.start <= j < cells.stop:
                np.multiply(scale, row[sl], out=out[j - cells.start])
        return out
    for a, b, block in blocks:
        low, high = max(a, cells.start), min(b, cells.stop)
        if low < high:
            np.multiply(scale, block[low - a : high - a, sl],
                        out=out[low - cells.start : high - cells.start])
    return out


def best_replies(w: np.ndarray, tol: float) -> np.ndarray:
    """The best-reply mask of one agent in G games per sample, ``w`` shaped
    ``(G, P, A, Q, B)``: the agent's interim payoff per game, over the others' moves
    ``(P, Q)`` and its own ``A``; its range is over all of one game's cells.

    The test of :func:`triangle.solvers.pure.best_reply_mask` (``_mark``), the same
    operations on the same numbers.

    >>> w = np.array([0.0, 1.0, 1.0 - 1e-12]).reshape(1, 1, 3, 1, 1)
    >>> best_replies(w, 1e-9).ravel().tolist()
    [False, True, True]
    """
    g, b = w.shape[0], w.shape[-1]
    best = w.max(axis=2, keepdims=True)
    high = best.reshape(g, -1, b).max(axis=1)
    low = w.reshape(g, -1, b).min(axis=1)
    if max(float(np.abs(high).max()), float(np.abs(low).max())) > _HUGE:
        raise Unsupported
    gap = np.subtract(best, w)
    threshold = (high - low) * tol
    return np.less_equal(gap, threshold.reshape(g, 1, 1, 1, b), out=np.empty(w.shape, bool))


def _check(prior: np.ndarray) -> int:
    if prior.shape[:3] != N_TYPES:
        raise ValueError(f"the kernels take types {N_TYPES}; got a prior {prior.shape}.")
    if not (prior >= 0).all():  # the exact ranges read a non-negative prior
        raise Unsupported
    return prior.shape[-1]


# --------------------------------------------------------------------- the whole game
def full_leaders(sources: Sources, prior: np.ndarray, tol: float) -> dict[str, np.ndarray]:
    """What the whole game's equilibria read of the US's and China's payoffs only.

    ``"us"``: ``(27, K)`` uint32, for each moves ``(r0, r1, c)`` of the Russian agents
    and China, the US profiles ``(u0, u1, u2)`` where every US agent best-replies (bit
    ``9 u0 + 3 u1 + u2``); ``"upper"``, ``"lower"``: ``(K,)``, bounds of China's payoff
    range over the agent form as :func:`~triangle.sensitivity.prior_thresholds.
    bne_profiles` bounds it (:func:`_china_range`; see :func:`_china_best`).
    """
    k = _check(prior)
    us = np.empty((27, k), dtype=np.uint32)
    upper, lower = np.empty(k), np.empty(k)
    pa, pb = np.empty((27, BLOCK)), np.empty((27, BLOCK))
    for start in range(0, k, BLOCK):
        sl = slice(start, min(start + BLOCK, k))
        b = sl.stop - sl.start
        p0, p1 = pa[:, :b], pb[:, :b]
        code = np.zeros((27, b), dtype=np.uint16)
        top = bottom = None
        for t in range(3):
            # US agent t: its payoff over (own, r0, r1, c), one term per Russian type
            _weighted(sources[(0, t, 0)], prior[t, 0, 0, sl], sl, p0)
            _weighted(sources[(0, t, 1)], prior[t, 1, 0, sl], sl, p1)
            w = p0.reshape(3, 3, 1, 3, b) + p1.reshape(3, 1, 3, 3, b)
            ok = best_replies(w.reshape(1, 1, 3, 27, b), tol).reshape(3, 27, b)
            code <<= 3
            code |= ok[0]
            code |= ok[1].astype(np.uint16) << 1
            code |= ok[2].astype(np.uint16) << 2
            # China, the profiles with US type t: the largest and smallest of the range's
            # terms, from each Russian type's largest and smallest payoffs (monotone sums)
            ends = []
            for r in range(2):
                grid = _block(sources[(2, t, r)], sl, p0).reshape(3, 3, 3, b)
                p = prior[t, r, 0, sl]
                ends.append((p * grid.max(axis=1), p * grid.min(axis=1)))
            most = (ends[0][0] + ends[1][0]).reshape(9, b).max(axis=0)
            least = (ends[0][1] + ends[1][1]).reshape(9, b).min(axis=0)
            top = most if top is None else top + most
            bottom = least if bottom is None else bottom + least
        us[:, sl] = _PROFILES[code]
        upper[sl], lower[sl] = top, bottom
    return {"us": us, "upper": upper, "lower": lower}


def _china_range(sources: Sources, prior: np.ndarray, sl: slice, samples: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """China's payoff range at the samples ``sl.start + samples`` as
    :func:`~triangle.sensitivity.prior_thresholds.bne_profiles` bounds it (``_sparse_best_
    reply``): for each US type, the largest of its terms over China's and that US agent's
    moves, summed over the US types, at each move of the Russian agents and China's."""
    at = samples + sl.start
    top = bottom = None
    for t in range(3):
        c0, c1 = (prior[t, r, 0, at] * _block(sources[(2, t, r)], at, np.empty((27, at.size)))
                  for r in range(2))
        w = c0.reshape(3, 3, 1, 3, -1) + c1.reshape(3, 1, 3, 3, -1)
        most, least = w.max(axis=0), w.min(axis=0)
        top = most if top is None else top + most
        bottom = least if bottom is None else bottom + least
    assert top is not None and bottom is not None
    return top.reshape(27, -1).max(axis=0), bottom.reshape(27, -1).min(axis=0)


def _seen(us: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The US profiles some US best reply plays, per China move, at ``b`` samples:
    ``(china, profile, sample)`` (``us`` is :func:`full_leaders`' ``(27, b)``)."""
    b = us.shape[-1]
    seen = np.bitwise_or.reduce(us.reshape(9, 3, b), axis=0)
    return _expand(seen.reshape(-1), np.repeat(np.arange(3), b), np.tile(np.arange(b), 3))


def _block(src: Source, sl: slice | np.ndarray, out: np.ndarray) -> np.ndarray:
    """A source at the samples ``sl``, ``(27, B)``, copied into ``out`` (C-contiguous)."""
    base, rows = src
    if not rows:
        np.copyto(out, base[:, sl])
        return out
    for a, b in _runs(tuple(rows), 0, 27):
        out[a:b] = base[a:b, sl]
    blocks = getattr(rows, "blocks", None)
    if blocks is None:
        for j, row in rows.items():
            out[j] = row[sl]
        return out
    for a, b, block in blocks:
        out[a:b] = block[:, sl]
    return out


def _russia_bits(sources: Sources, prior: np.ndarray, r: int, sl: slice, tol: float,
                 seen: tuple[np.ndarray, ...], buffer: np.ndarray) -> np.ndarray:
    """Russian agent ``r``'s best replies as bit sets at the samples ``sl``, ``(3, 3, B)``
    uint32 over its move and China's: bit ``9 u0 + 3 u1 + u2`` is set where it
    best-replies to that US profile.

    Only the US profiles in ``seen`` are tested (:func:`_seen`: those some US best reply
    plays, the only ones a candidate can hold; with, per US type and Russian move, the
    flat index of its payoff cell, per Russian move the slot of the bit set, and each
    profile's bit as a float). The agent's payoff range over all profiles is exact
    without the others: its interim payoff is ``(q0[u0] + q1[u1]) + q2[u2]`` (``q_t`` the
    prior-weighted payoff in US type ``t``'s world), a correctly rounded sum is
    non-decreasing in each term, so its maximum over the US profiles is the same sum of
    the terms' maxima; and a product with a non-negative prior is non-decreasing in the
    payoff (``max q_t = p_t max u_t``).
    """
    b = sl.stop - sl.start
    slots, sample, where, power = seen
    values = None
    high = low = None
    for t in range(3):
        block = _block(sources[(1, t, r)], sl, buffer[:, :b])
        p = prior[t, r, 0, sl]
        grid = block.reshape(3, 9, b)  # (u_t, (own, china), B)
        top, bottom = p * grid.max(axis=0), p * grid.min(axis=0)
        high = top if high is None else high + top
        low = bottom if low is None else low + bottom
        # (3, S): the three Russian moves at once, summed over the US types in order
        term = p[sample] * block.reshape(-1)[where[t]]
        values = term if values is None else np.add(values, term, out=values)
    assert high is not None and low is not None and values is not None
    high, low = high.max(axis=0), low.min(axis=0)
    if max(float(np.abs(high).max()), float(np.abs(low).max())) > _HUGE:
        raise Unsupported
    threshold = ((high - low) * tol)[sample]
    ok = (values.max(axis=0) - values) <= threshold
    bits = np.bincount(slots[ok], power[ok], minlength=9 * b)
    return bits.astype(np.uint32).reshape(3, 3, b)


def full_reach(sources: Sources, prior: np.ndarray, tol: float,
               leaders: Mapping[str, np.ndarray]) -> np.ndarray:
    """``bne_reach(typed, prior, (0, 1, 2))``: the cells ``(us, russia, china)`` some pure
    BNE plays at some type profile of positive prior, ``(3, 3, 3, K)``.

    ``leaders`` is :func:`full_leaders` of the same US and Chinese payoffs and prior.
    """
    k = _check(prior)
    out = np.zeros((3, 3, 3, k), dtype=bool)
    buffer = np.empty((27, BLOCK))
    for start in range(0, k, BLOCK):
        sl = slice(start, min(start + BLOCK, k))
        b = sl.stop - sl.start
        us = leaders["us"][:, sl]
        china, profile, sample = _seen(us)
        u = (profile // 9, profile // 3 % 3, profile % 3)
        # per US type and Russian move, where each profile's payoff is in a (27, b) block;
        # and per Russian move, the bit set's slot (both shared by the two Russian agents)
        offset = np.arange(3)[:, None] * (3 * b)
        where = np.stack([(u[t] * 9 + china) * b + sample + offset for t in range(3)])
        slots = offset + china * b + sample
        # exact: distinct powers of two add as bits
        power = np.broadcast_to(np.ldexp(1.0, profile), slots.shape)
        seen = (slots, sample, where, power)
        r0 = _russia_bits(sources, prior, 0, sl, tol, seen, buffer)
        r1 = _russia_bits(sources, prior, 1, sl, tol, seen, buffer)
        cand = (us.reshape(3, 3, 3, b) & r0[:, None] & r1[None]).reshape(27, b)
        j, s = np.nonzero(cand)
        if not j.size:
            continue
        rest, profiles, samples = _expand(cand[j, s], j, s)
        u = (profiles // 9, profiles // 3 % 3, profiles % 3)
        moves = (*u, rest // 9, rest // 3 % 3, rest % 3)  # US agents, Russian agents, China
        keep = _china_best(sources, prior, tol, leaders, moves, samples, sl)
        moves = tuple(m[keep] for m in moves)
        samples = samples[keep]
        for t in range(3):
            for r in range(2):
                live = prior[t, r, 0, sl][samples] > 0
                out[moves[t][live], moves[3 + r][live], moves[5][live],
                    samples[live] + start] = True
    return out


def _expand(bits: np.ndarray, rest: np.ndarray, samples: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One entry per bit set in ``bits``: ``(rest, bit position, sample)``."""
    outs: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    bits = bits.copy()
    while bits.size:
        lowest = bits & (~bits + np.uint32(1))
        position = np.frexp(lowest.astype(np.float64))[1] - 1  # exact: a power of two
        outs.append((rest, position.astype(np.intp), samples))
        bits ^= lowest
        more = bits != 0
        bits, rest, samples = bits[more], rest[more], samples[more]
    return (np.concatenate([o[0] for o in outs]), np.concatenate([o[1] for o in outs]),
            np.concatenate([o[2] for o in outs]))


def _china_best(sources: Sources, prior: np.ndarray, tol: float,
                leaders: Mapping[str, np.ndarray], moves: tuple[np.ndarray, ...],
                samples: np.ndarray, sl: slice) -> np.ndarray:
    """Whether China best-replies at the candidates (``_sparse_best_reply``'s test), at
    the samples ``sl.start + samples``.

    The test is ``best - mine <= (top - bottom) * tol``, ``top`` and ``bottom`` the
    largest and smallest of China's payoffs at the candidate and of its range's ends
    (:func:`_china_range`). A move with no gap passes whatever the range; the range's ends
    lie within the leaders' ``lower`` and ``upper`` (rounded sums and products with a
    non-negative prior are monotone), so a gap above the threshold those give fails; the
    range itself is computed only at the candidates in between (near-ties).
    """
    values = np.empty((3, samples.size))
    terms = []
    for t in range(3):
        for r in range(2):
            base, rows = sources[(2, t, r)]
            if rows or not base.flags.c_contiguous:  # one flat array to gather from
                flat = _block(sources[(2, t, r)], sl, np.empty(base[:, sl].shape)).reshape(-1)
                width, at = sl.stop - sl.start, samples
            else:
                flat, width, at = base.reshape(-1), base.shape[1], samples + sl.start
            where = (moves[t] * 9 + moves[3 + r] * 3) * width + at
            terms.append((prior[t, r, 0, sl][samples], flat, where, width))
    for z in range(3):
        acc = None
        for weight, flat, where, width in terms:
            term = weight * flat[where + z * width]
            acc = term if acc is None else acc + term
        values[z] = acc
    upper, lower = leaders["upper"][sl][samples], leaders["lower"][sl][samples]
    best, least = values.max(axis=0), values.min(axis=0)
    if samples.size and max(float(np.abs(best).max()), float(np.abs(least).max()),
                            float(np.abs(upper).max()), float(np.abs(lower).max())) > _HUGE:
        raise Unsupported
    gap = best - values[moves[5], np.arange(samples.size)]
    ok = gap == 0
    near = ~ok & (gap <= (np.maximum(best, upper) - np.minimum(least, lower)) * tol)
    if near.any():
        high, low = _china_range(sources, prior, sl, samples[near])
        top = np.maximum(np.maximum(best[near], high), low)
        bottom = np.minimum(np.minimum(least[near], high), low)
        ok[near] = gap[near] <= (top - bottom) * tol
    return ok


# --------------------------------------------------------------------- after a US move
def held_prior(prior: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(marg, weight)`` as :func:`~triangle.sensitivity.prior_thresholds.hold_first`
    computes them: Russia's type prior ``(2, 1, K)`` and each US type's weight given it."""
    marg = prior.sum(axis=0)
    return marg, prior / np.where(marg > 0, marg, 1.0)[None]


def _held(sources: Sources, player: int, weight: np.ndarray, r: int, sl: slice,
          buffer: np.ndarray, scratch: np.ndarray, cells: slice = slice(0, 27)
          ) -> np.ndarray:
    """``player``'s payoff after every US move, the US type averaged out (``hold_first``),
    for Russian type ``r``: ``(27, B)`` over ``(us, russia, china)`` (or the ``cells``)."""
    acc = None
    for t in range(3):
        term = _weighted(sources[(player, t, r)], weight[t, r, 0, sl], sl,
                         buffer if acc is None else scratch, cells)
        acc = term if acc is None else np.add(acc, term, out=acc)
    assert acc is not None
    return acc


def sub_china(sources: Sources, held: tuple[np.ndarray, np.ndarray], tol: float
              ) -> np.ndarray:
    """China's best replies in the games after each US move, ``(3, 3, 3, 3, K)`` over
    ``(us, Russian agent 0's move, agent 1's, China's)``."""
    marg, weight = held
    k = marg.shape[-1]
    out = np.empty((3, 3, 3, 3, k), dtype=bool)
    s0, s1, scratch = (np.empty((27, BLOCK)) for _ in range(3))
    for start in range(0, k, BLOCK):
        sl = slice(start, min(start + BLOCK, k))
        b = sl.stop - sl.start
        c0 = _held(sources, 2, weight, 0, sl, s0[:, :b], scratch[:, :b])
        c1 = _held(sources, 2, weight, 1, sl, s1[:, :b], scratch[:, :b])
        w = (marg[0, 0, sl] * c0).reshape(3, 3, 1, 3, b) \
            + (marg[1, 0, sl] * c1).reshape(3, 1, 3, 3, b)
        out[..., sl] = best_replies(w.reshape(3, 9, 3, 1, b), tol).reshape(3, 3, 3, 3, b)
    return out


def sub_reach(sources: Sources, held: tuple[np.ndarray, np.ndarray], tol: float,
              china: np.ndarray, moves: range = range(3)) -> tuple[np.ndarray, np.ndarray]:
    """``bne_reach(*hold_first(typed, prior, a), (0, 1))`` for the US moves ``a`` in
    ``moves`` (consecutive): ``(len(moves), 3, 3, K)`` over ``(us, russia, china)``.
    ``china`` is :func:`sub_china`.

    Also returned, ``(len(moves), 3, K)`` over ``(us, russia)``: the moves that some
    Russian agent of positive probability best-replies with to some move of China's (the
    responses where the game has no pure BNE, as :class:`~triangle.verdicts.bayesian_form.
    BayesianContext` reads them).
    """
    marg, weight = held
    k = marg.shape[-1]
    n = len(moves)
    cells = slice(9 * moves.start, 9 * moves.stop)
    out = np.empty((n, 3, 3, k), dtype=bool)
    replies = np.empty((n, 3, k), dtype=bool)
    s0, s1, scratch = (np.empty((9 * n, BLOCK)) for _ in range(3))
    live = marg[:, 0] > 0
    for start in range(0, k, BLOCK):
        sl = slice(start, min(start + BLOCK, k))
        b = sl.stop - sl.start
        ok = []
        for r, s in ((0, s0), (1, s1)):
            held_r = _held(sources, 1, weight, r, sl, s[:, :b], scratch[:, :b], cells)
            w = marg[r, 0, sl] * held_r
            ok.append(best_replies(w.reshape(n, 1, 3, 3, b), tol).reshape(n, 3, 3, b))
        eq = ok[0][:, :, None] & ok[1][:, None] & china[moves.start : moves.stop, ..., sl]
        first = eq.any(axis=2) & live[0, sl]  # eq: (us, a0, a1, c, B)
        second = eq.any(axis=1) & live[1, sl]
        out[..., sl] = first | second
        replies[..., sl] = (ok[0].any(axis=2) & live[0, sl]) | (ok[1].any(axis=2) & live[1, sl])
    return out, replies


def typed_sources(typed: np.ndarray) -> dict[tuple[int, int, int], Source]:
    """The sources of a dense typed array ``(3, 3, 2, 1, 3, 3, 3, K)`` (for tests).

    >>> src = typed_sources(np.zeros((3, 3, 2, 1, 3, 3, 3, 4)))
    >>> len(src), src[(1, 2, 1)][0].shape
    (18, (27, 4))
    """
    k = typed.shape[-1]
    return {(p, t, r): (typed[p, t, r, 0].reshape(27, k), {})
            for p in range(3) for t in range(3) for r in range(2)}
