"""Private kernel of support enumeration: indifference systems and their box arithmetic.

Notation. A support profile ``S = (S_1, ..., S_n)`` fixes the strategies each player
uses. Player i's probabilities on ``S_i`` are written with ``|S_i| - 1`` free coordinates
``y_i`` (one *slot* per support strategy ``f_q`` other than the first one, the *base*
``b_i``): ``x_i = e_{b_i} + sum_q y_{i,q} (e_{f_q} - e_{b_i})``. Player i's indifference
equations ``g_{i,q}(y) = u_i(f_q, x_-i) - u_i(b_i, x_-i) = 0`` do not involve ``y_i`` and
are affine in every other player's block, hence *multilinear*: of degree at most one in
every single coordinate. So are the differences ``u_i(s, x_-i) - u_i(s', x_-i)`` for any
two strategies, and every entry of the Jacobian. Over a box of coordinates, the exact
range of such a function is spanned by its values at the box's vertices.

A :class:`Systems` holds the support profiles of one *group*: every profile gives player
i at most ``dims[i]`` slots, and slots a profile does not use are *inactive* (their
coordinate stays 0, its equation is ``y = 0``). Groups are formed so that little is
padded: the number of vertices, ``2^(sum of the others' dims)`` for player i's
conditions, is what the work grows with. Profiles are appended as they are generated.

:func:`box_eval` gives, for a batch of boxes, the exclusion test, the hull-consistent
contraction and the data of the Krawczyk operator (:func:`krawczyk`); :func:`point_eval`
the residuals and Jacobians at points, for Newton's method (:func:`newton`). The search
that uses them is :mod:`triangle.solvers._support_solve`.

Payoffs are expected to be scaled to [0, 1] per player (the caller does it), so that the
absolute slacks below are meaningful.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from math import prod
from typing import Any

import numpy as np

#: Slack of the exclusion test, in units of the [0, 1]-scaled payoffs (rounding only).
EPS = 1e-12


class Systems:
    """The indifference systems of the support profiles of one group (growable)."""

    def __init__(self, shape: tuple[int, ...], dims: tuple[int, ...], capacity: int = 64):
        self.shape = tuple(int(m) for m in shape)
        self.dims = tuple(int(d) for d in dims)
        self.offsets = tuple(int(v) for v in np.concatenate([[0], np.cumsum(self.dims)]))
        self.size = 0
        capacity = max(1, capacity)
        self.support = [np.zeros((capacity, m), dtype=bool) for m in self.shape]
        # Strategy of each slot: the base first, then the free ones; -1 where unused.
        self.slots = [np.full((capacity, d + 1), -1, dtype=np.int32) for d in self.dims]
        self.active = np.zeros((capacity, self.offsets[-1]), dtype=bool)
        self.singular = np.zeros(capacity, dtype=bool)

    @property
    def dim(self) -> int:
        return self.offsets[-1]

    def append(self, support: tuple[np.ndarray, ...]) -> np.ndarray:
        """Add profiles given as boolean masks ``(P, m_i)`` per player; their indices."""
        count = int(support[0].shape[0])
        if self.size + count > self.support[0].shape[0]:
            self._grow(max(2 * self.support[0].shape[0], self.size + count))
        rows = np.arange(self.size, self.size + count)
        d = []
        for i, mask in enumerate(support):
            sizes = mask.sum(axis=1)
            if np.any(sizes > self.dims[i] + 1) or np.any(sizes == 0):
                raise ValueError("support larger than the group's dimensions, or empty")
            self.support[i][rows] = mask
            r, c = np.nonzero(mask)
            rank = (np.cumsum(mask, axis=1) - 1)[r, c]
            self.slots[i][rows[r], rank] = c
            free = sizes - 1
            lo = self.offsets[i]
            self.active[rows, lo : self.offsets[i + 1]] = (
                np.arange(self.dims[i])[None, :] < free[:, None]
            )
            d.append(free)
        dd = np.stack(d, axis=1) if d else np.zeros((count, 0), dtype=int)
        total = dd.sum(axis=1, keepdims=True)
        # No isolated root when one player has more unknowns than all others together.
        self.singular[rows] = np.any(dd > total - dd, axis=1)
        self.size += count
        return rows

    def _grow(self, capacity: int) -> None:
        def grown(a: np.ndarray, fill: Any) -> np.ndarray:
            out = np.full((capacity, *a.shape[1:]), fill, dtype=a.dtype)
            out[: a.shape[0]] = a
            return out

        self.support = [grown(a, False) for a in self.support]
        self.slots = [grown(a, -1) for a in self.slots]
        self.active = grown(self.active, False)
        self.singular = grown(self.singular, False)

    def compact(self, keep: np.ndarray) -> np.ndarray:
        """Keep only the rows ``keep`` (sorted, unique), renumbered from 0; returns the
        map from old row numbers to new ones (-1 for dropped rows)."""
        remap = np.full(max(self.size, 1), -1, dtype=np.intp)
        remap[keep] = np.arange(keep.size)
        capacity = max(64, 2 * keep.size)

        def kept(a: np.ndarray, fill: Any) -> np.ndarray:
            out = np.full((capacity, *a.shape[1:]), fill, dtype=a.dtype)
            out[: keep.size] = a[keep]
            return out

        self.support = [kept(a, False) for a in self.support]
        self.slots = [kept(a, -1) for a in self.slots]
        self.active = kept(self.active, False)
        self.singular = kept(self.singular, False)
        self.size = int(keep.size)
        return remap

    def key(self, p: int) -> tuple[tuple[int, ...], ...]:
        """The support profile ``p`` as strategy indices per player."""
        return tuple(tuple(int(j) for j in np.flatnonzero(s[p])) for s in self.support)

    def selectors(self, i: int, sup: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Player i's slot strategies as one-hot rows (B, 1 + d_i, m_i), the base first
        (zero rows for unused slots), and the directions ``e_f - e_b`` (B, d_i, m_i)."""
        slots = self.slots[i][sup]
        sel = np.zeros((sup.size, self.dims[i] + 1, self.shape[i]))
        r, q = np.nonzero(slots >= 0)
        sel[r, q, slots[r, q]] = 1.0
        dirs = sel[:, 1:] - (slots[:, 1:, None] >= 0) * sel[:, :1]
        return sel, dirs

    def profile(self, p: int, y: np.ndarray) -> tuple[np.ndarray, ...]:
        """Probability vectors of support profile ``p`` at coordinates ``y``."""
        out = []
        sup = np.array([p])
        for i, m in enumerate(self.shape):
            x = np.zeros(m)
            x[self.slots[i][p, 0]] = 1.0
            x += y[self.offsets[i] : self.offsets[i + 1]] @ self.selectors(i, sup)[1][0]
            out.append(x)
        return tuple(out)


# --------------------------------------------------------------------------- evaluation
def contract(ui: np.ndarray, zs: list[np.ndarray]) -> np.ndarray:
    """``ui`` (m_i, m_a, m_b, ...) contracted with rows ``zs[k]`` (B, R_k, m_k) per other player.

    Returns (B, m_i, R_a, R_b, ...): player i's payoff from each own strategy when the
    others play the given rows (mixed strategies, or directions for derivatives).
    """
    if not zs:
        raise ValueError("contract needs at least one other player")
    batch = zs[0].shape[0]
    head = list(ui.shape[:-1])
    t = ui.reshape(-1, ui.shape[-1]) @ zs[-1].transpose(0, 2, 1)  # (B, prod(head), R_last)
    tail = [zs[-1].shape[1]]
    for z in reversed(zs[:-1]):
        m = head.pop()
        t = t.reshape(batch, prod(head), m, prod(tail))
        t = z[:, None] @ t  # (B, A, R, tail)
        tail.insert(0, z.shape[1])
    return t.reshape(batch, ui.shape[0], *tail)


@dataclass
class Context:
    """Per-game data shared by every level: moved payoff tensors and vertex bit patterns."""

    systems: Systems
    moved: list[np.ndarray]  # u_i with player i's axis first
    bits: list[np.ndarray]  # (2^d_i, d_i) vertex patterns

    @classmethod
    def build(cls, payoffs: np.ndarray, systems: Systems) -> Context:
        n = payoffs.shape[0]
        moved = [np.ascontiguousarray(np.moveaxis(payoffs[i], i, 0)) for i in range(n)]
        bits = [
            ((np.arange(2**d)[:, None] >> np.arange(d)[None, :]) & 1).astype(float)
            for d in systems.dims
        ]
        return cls(systems, moved, bits)


def _rows(ctx: Context, sup: np.ndarray, ys: list[np.ndarray]):
    """Rows fed to the contraction: mixed strategies at the points ``ys[i]`` (B, R_i, d_i),
    followed by the slot directions (derivative rows); and each player's selectors."""
    sy = ctx.systems
    out, sels = [], []
    for i in range(len(sy.shape)):
        sel, dirs = sy.selectors(i, sup)
        x = sel[:, :1] + ys[i] @ dirs
        out.append(np.concatenate([x, dirs], axis=1))
        sels.append((sel, dirs))
    return out, sels


def point_eval(ctx: Context, sup: np.ndarray, y: np.ndarray):
    """At points: residuals F (B, D), Jacobian J (B, D, D), and per player the gains of
    each strategy over the base (B, m_i) with their gradients (B, m_i, D)."""
    sy = ctx.systems
    n = len(sy.shape)
    off = sy.offsets
    ys = [y[:, None, off[i] : off[i + 1]] for i in range(n)]
    rows, sels = _rows(ctx, sup, ys)
    batch, dim = y.shape
    f = np.zeros((batch, dim))
    jac = np.zeros((batch, dim, dim))
    gains, grads = [], []
    for i in range(n):
        others = [k for k in range(n) if k != i]
        sel, dirs = sels[i]
        w = contract(ctx.moved[i], [rows[k] for k in others])  # (B, m_i, 1 + d_k, ...)
        wp = w[(slice(None), slice(None)) + (0,) * len(others)]  # (B, m_i)
        f[:, off[i] : off[i + 1]] = (dirs @ wp[:, :, None])[:, :, 0]
        gains.append(wp - (sel[:, :1] @ wp[:, :, None])[:, :, 0])
        grad = np.zeros((batch, sy.shape[i], dim))
        for pos, k in enumerate(others):
            if not sy.dims[k]:
                continue
            idx: list[Any] = [0] * len(others)
            idx[pos] = slice(1, None)
            block = w[(slice(None), slice(None), *idx)]  # (B, m_i, d_k)
            jac[:, off[i] : off[i + 1], off[k] : off[k + 1]] = dirs @ block
            grad[:, :, off[k] : off[k + 1]] = block - sel[:, :1] @ block
        grads.append(grad)
    inactive = ~sy.active[sup]
    b_idx, s_idx = np.nonzero(inactive)
    jac[b_idx, s_idx, s_idx] = 1.0
    return f, jac, gains, grads


@dataclass
class BoxEval:
    excluded: np.ndarray  # (B,)
    lo: np.ndarray  # (B, D) the box contracted by hull consistency
    hi: np.ndarray
    f: np.ndarray  # (B, D) at the midpoint of the original box
    jlo: np.ndarray  # (B, D, D) range of the Jacobian over the original box
    jhi: np.ndarray


def box_bytes(shape: tuple[int, ...], dims: tuple[int, ...]) -> int:
    """Rough peak memory of :func:`box_eval` per box, in bytes (sizes the batches)."""
    n = len(shape)
    dim = sum(dims)
    rows = [2**d + 1 + d for d in dims]
    peak = 0
    for i in range(n):
        others = [k for k in range(n) if k != i]
        verts = prod(2 ** dims[k] for k in others)
        cons = (dims[i] + 1) * shape[i] * verts
        peak = max(peak, shape[i] * prod(rows[k] for k in others) + 6 * cons)
    return 8 * (peak + sum(r * m for r, m in zip(rows, shape)) + 6 * dim * dim + 16 * dim)


def box_eval(ctx: Context, sup: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> BoxEval:
    """Exclusion, contraction and Krawczyk data for a batch of boxes.

    For player i, let ``D_{s,s'} = u_i(s, x_-i) - u_i(s', x_-i)``. At an equilibrium in
    the box, ``D_{s,s'} <= 0`` whenever ``s'`` is in the support (equality when ``s`` is
    too). Each ``D`` is multilinear in the other players' coordinates, so the set of
    values of one coordinate ``t`` for which some point of the box satisfies
    ``D <= 0`` is the union, over the vertices of the remaining coordinates, of the
    segments where the affine function ``t -> D`` is non-positive. Its hull is an exact
    (hull-consistent) contraction of the box; an empty hull excludes the box.
    """
    sy = ctx.systems
    n = len(sy.shape)
    off = sy.offsets
    batch, dim = lo.shape
    width = hi - lo
    ys = []
    nv = []
    for i in range(n):
        loi, hii = lo[:, off[i] : off[i + 1]], hi[:, off[i] : off[i + 1]]
        verts = loi[:, None, :] + ctx.bits[i][None] * (hii - loi)[:, None, :]
        ys.append(np.concatenate([verts, ((loi + hii) / 2)[:, None, :]], axis=1))
        nv.append(ctx.bits[i].shape[0])
    rows, sels = _rows(ctx, sup, ys)
    excluded = np.zeros(batch, dtype=bool)
    t_lo = np.zeros((batch, dim))
    t_hi = np.ones((batch, dim))
    f = np.zeros((batch, dim))
    jlo = np.zeros((batch, dim, dim))
    jhi = np.zeros((batch, dim, dim))
    fvs = []
    for i in range(n):
        others = [k for k in range(n) if k != i]
        w = contract(ctx.moved[i], [rows[k] for k in others])
        m_i = sy.shape[i]
        sel, dirs = sels[i]
        used = sy.slots[i][sup] >= 0
        flat = w[(slice(None), slice(None), *(slice(0, nv[k]) for k in others))].reshape(
            batch, m_i, -1
        )
        # Constraints W(s) - W(s') <= 0 for every s' in the support (rows q) and every s.
        fs = sel @ flat  # (B, q, V)
        fvs.append(dirs @ flat)
        diff = flat[:, None, :, :] - fs[:, :, None, :]  # (B, q, m_i, V)
        vmin = diff.min(axis=3)
        excluded |= np.any(used[:, :, None] & (vmin > EPS), axis=(1, 2))
        # Vertex bits run over the others' slots in order, lowest bit first.
        coords = [off[k] + q for k in reversed(others) for q in range(sy.dims[k])]
        if coords:
            # Only constraints that hold at some vertices and fail at others contract.
            cross = used[:, :, None] & (vmin <= EPS) & (diff.max(axis=3) > EPS)
            bi, qi, si = np.nonzero(cross & ~excluded[:, None, None])
            if bi.size:
                lo_c, hi_c = _hull(diff[bi, qi, si], len(coords))
                low = np.zeros((batch, len(coords)))
                high = np.ones((batch, len(coords)))
                np.maximum.at(low, bi, lo_c)
                np.minimum.at(high, bi, hi_c)
                t_lo[:, coords] = np.maximum(t_lo[:, coords], low)
                t_hi[:, coords] = np.minimum(t_hi[:, coords], high)
        mid = w[(slice(None), slice(None), *(nv[k] for k in others))]  # (B, m_i)
        f[:, off[i] : off[i + 1]] = (dirs @ mid[:, :, None])[:, :, 0]
        for pos, k in enumerate(others):
            if not (sy.dims[k] and sy.dims[i]):
                continue  # a player with one support strategy has no coordinates
            cut: list[Any] = [slice(0, nv[j]) for j in others]
            cut[pos] = slice(nv[k] + 1, None)
            block = w[(slice(None), slice(None), *cut)]  # (B, m_i, ..., d_k, ...)
            block = np.moveaxis(block, 2 + pos, -1).reshape(batch, m_i, -1)
            e = (dirs @ block).reshape(batch, sy.dims[i], -1, sy.dims[k])
            jlo[:, off[i] : off[i + 1], off[k] : off[k + 1]] = e.min(axis=2)
            jhi[:, off[i] : off[i + 1], off[k] : off[k + 1]] = e.max(axis=2)
    inactive = ~sy.active[sup]
    b_idx, s_idx = np.nonzero(inactive)
    jlo[b_idx, s_idx, s_idx] = 1.0
    jhi[b_idx, s_idx, s_idx] = 1.0
    if PRECONDITION and dim >= PRECONDITION_DIM:
        p_lo, p_hi, p_out = _preconditioned(ctx, fvs, jlo, jhi, ~excluded)
        excluded |= p_out
        t_lo = np.maximum(t_lo, p_lo)
        t_hi = np.minimum(t_hi, p_hi)
    excluded |= np.any(t_lo > t_hi, axis=1)
    t_lo, t_hi = np.clip(t_lo, 0.0, 1.0), np.clip(t_hi, 0.0, 1.0)
    new_lo = np.where(width > 0, lo + t_lo * width, lo)
    new_hi = np.where(width > 0, np.minimum(lo + t_hi * width, hi), hi)
    return BoxEval(excluded, new_lo, new_hi, f, jlo, jhi)


PRECONDITION = True
#: Systems with fewer unknowns skip it: there it costs more time than it saves boxes.
PRECONDITION_DIM = 7


def _preconditioned(
    ctx: Context, fvs: list[np.ndarray], jlo: np.ndarray, jhi: np.ndarray, live: np.ndarray
):
    """Hull consistency of the preconditioned equations ``Y F = 0``, ``Y = mid(J)^-1``.

    Each row of ``Y F`` is a linear combination of multilinear functions, hence
    multilinear: its exact range over the box is spanned by its values at the box's
    vertices, as for the single equations. Near a root, row r of ``Y F`` depends mainly
    on coordinate r, so narrowing coordinate r to where row r can vanish (along the
    edges in direction r) contracts like interval Newton, without its overestimation.
    Returns (lo, hi) in units of the box's widths (B, D) and the boxes excluded.
    """
    sy = ctx.systems
    jc = (jlo + jhi) / 2
    batch, dim = jc.shape[:2]
    lo = np.zeros((batch, dim))
    hi = np.ones((batch, dim))
    out = np.zeros(batch, dtype=bool)
    det = np.linalg.det(jc)
    ok = live & np.isfinite(det) & (np.abs(det) > 1e-200)
    if not ok.any():
        return lo, hi, out
    rows = np.flatnonzero(ok)
    y = np.linalg.inv(jc[rows])
    ok_rows = np.all(np.isfinite(y), axis=(1, 2))
    rows, y = rows[ok_rows], y[ok_rows]
    count = rows.size
    if not count:
        return lo, hi, out
    n = len(sy.dims)
    off = sy.offsets
    sizes = [2**d for d in sy.dims]
    # Values of Y F at every vertex of the box, axes (player 0, ..., player n-1), each
    # player's vertex index holding its slot q in bit q (the order of box_eval).
    total = np.zeros((count, dim, *sizes))
    for i, fv in enumerate(fvs):
        if sy.dims[i]:
            g = y[:, :, off[i] : off[i + 1]] @ fv[rows]  # (R, D, V_i)
            total += np.expand_dims(
                g.reshape(count, dim, *(sizes[k] for k in range(n) if k != i)), 2 + i
            )
    total = total.reshape(count, dim, -1)
    slack = (EPS * (1 + dim)) * np.abs(y).sum(axis=2)  # (R, D)
    for i in range(n):
        for q in range(sy.dims[i]):
            r = off[i] + q
            edges = total[:, r].reshape(count, -1, 2, 2 ** (q + sum(sy.dims[i + 1 :])))
            s = slack[:, r, None, None, None]
            # Row r vanishes at t only if it is <= s at some vertex and >= -s at some
            # vertex: intersect the hulls of the two inequalities. Coordinate r narrows
            # only where one of them fails on a whole face.
            below, above = edges <= s, edges >= -s
            need = np.zeros(count, dtype=bool)
            for v in (below, above):
                need |= ~(v[:, :, 0].any(axis=(1, 2)) & v[:, :, 1].any(axis=(1, 2)))
            if not need.any():
                continue
            pick = np.flatnonzero(need)
            a = edges[pick, :, 0].reshape(pick.size, -1)
            b = edges[pick, :, 1].reshape(pick.size, -1)
            sp = slack[pick, r, None]
            lo1, hi1 = _segments(a, b, sp)
            lo2, hi2 = _segments(-a, -b, sp)
            lo[rows[pick], r] = np.maximum(lo1, lo2)
            hi[rows[pick], r] = np.minimum(hi1, hi2)
    out[rows] = np.any(lo[rows] > hi[rows], axis=1)
    return lo, hi, out


@cache
def _edges_at(bits: tuple[int, ...], total: int) -> tuple[np.ndarray, np.ndarray]:
    """Vertex indices (of ``total`` bits) of the edges flipping each of ``bits``."""
    v = np.arange(2**total)
    low = np.stack([v[(v >> j) & 1 == 0] for j in bits])
    return low, low | (1 << np.array(bits))[:, None]


def _segments(a: np.ndarray, b: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hull of ``{t in [0, 1]: a + t (b - a) <= s}`` over edges (the last axis).

    ``a`` and ``b`` hold the values at the lower and upper ends of each edge, ``s`` the
    slack (broadcast against ``a``'s leading axes, with a last axis of length one).
    Along one edge the set is ``[0, 1]``, ``[0, r]``, ``[r, 1]`` or empty; an empty hull
    comes back as lo > hi. The crossings r are computed only where the hull is not
    simply [0, 1] (some lower and some upper end hold), which is most places.
    """
    s = np.broadcast_to(s, (*a.shape[:-1], 1))
    a_ok: np.ndarray = np.asarray(a <= s)
    b_ok: np.ndarray = np.asarray(b <= s)
    any_a: np.ndarray = np.asarray(a_ok.any(axis=-1))
    any_b: np.ndarray = np.asarray(b_ok.any(axis=-1))
    t_lo = np.where(any_a, 0.0, np.inf)
    t_hi = np.where(any_b, 1.0, -np.inf)
    need = ~(any_a & any_b)
    if need.any():
        aa, bb, ss = a[need], b[need], s[need]
        with np.errstate(divide="ignore", invalid="ignore"):
            # Where exactly one end holds, a != b and the crossing lies in [0, 1].
            cross = (ss - aa) / (bb - aa)
        low = np.where(b_ok[need], cross, np.inf).min(axis=-1)
        high = np.where(a_ok[need], cross, -np.inf).max(axis=-1)
        t_lo[need] = np.where(any_a[need], 0.0, low)
        t_hi[need] = np.where(any_b[need], 1.0, high)
    return t_lo, t_hi


def _hull(rows: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Hull-consistent ranges of the ``k`` coordinates a constraint depends on.

    ``rows`` (N, 2**k) holds, for N constraints ``D <= 0``, the values at the vertices
    of the box of those coordinates (bit j of a vertex index is coordinate j at its
    upper end). Along each edge in direction j, ``D`` is affine in ``t in [0, 1]``, so
    the constraint holds on a segment of it (:func:`_segments`). The hull of these
    segments over the edges is returned as (lo, hi) arrays of shape (N, k), in units of
    the box's width.
    """
    count = rows.shape[0]
    if k <= 4:  # few corners: one pass over every edge beats finding the ones that matter
        low, high = _edges_at(tuple(range(k)), k)
        return _segments(rows[:, low], rows[:, high], np.full((count, 1, 1), EPS))
    ok = rows <= EPS
    lo = np.zeros((count, k))
    hi = np.ones((count, k))
    # Coordinate j is narrowed only where its lower or its upper face holds nowhere.
    need = np.zeros((count, k), dtype=bool)
    for j in range(k):
        faces = ok.reshape(count, -1, 2, 2**j)
        need[:, j] = ~(faces[:, :, 0].any(axis=(1, 2)) & faces[:, :, 1].any(axis=(1, 2)))
    r, c = np.nonzero(need)
    if r.size:
        low, high = _edges_at(tuple(range(k)), k)
        a = rows[r[:, None], low[c]]
        b = rows[r[:, None], high[c]]
        lo[r, c], hi[r, c] = _segments(a, b, np.full((r.size, 1), EPS))
    return lo, hi


# --------------------------------------------------------------------------- Krawczyk
def krawczyk(ev: BoxEval, lo: np.ndarray, hi: np.ndarray, usable: np.ndarray):
    """Krawczyk operator K(X) = y - Y F(y) + (I - Y J(X))(X - y), Y = mid(J(X))^-1.

    Returns (unique, empty, new_lo, new_hi, centre): ``unique`` where K(X) lies inside
    the interior of X (exactly one root, Krawczyk 1969), ``empty`` where K(X) misses X.
    """
    dim = lo.shape[1]
    jc = (ev.jlo + ev.jhi) / 2
    jr = (ev.jhi - ev.jlo) / 2
    eye = np.eye(dim)
    det = np.linalg.det(jc)
    ok = usable & np.isfinite(det) & (np.abs(det) > 1e-200)
    jc_safe = np.where(ok[:, None, None], jc, eye)
    y_inv = np.linalg.inv(jc_safe)
    ok &= np.all(np.isfinite(y_inv), axis=(1, 2))
    mid = (lo + hi) / 2
    rad = (hi - lo) / 2
    centre = mid - (y_inv @ ev.f[:, :, None])[:, :, 0]
    m = np.abs(eye - y_inv @ jc) + np.abs(y_inv) @ jr
    krad = (m @ rad[:, :, None])[:, :, 0]
    krad = krad * (1 + 1e-10) + 1e-15
    klo, khi = centre - krad, centre + krad
    flat = rad == 0
    inside = np.all(flat | ((klo > lo) & (khi < hi)), axis=1)
    miss = np.any(~flat & ((khi < lo) | (klo > hi)), axis=1)
    unique = ok & inside
    empty = ok & miss & ~unique
    new_lo = np.where(ok[:, None] & ~flat, np.maximum(lo, klo), lo)
    new_hi = np.where(ok[:, None] & ~flat, np.minimum(hi, khi), hi)
    return unique, empty, new_lo, new_hi, centre


def newton(ctx: Context, sup: np.ndarray, y: np.ndarray, steps: int = 8, lstsq: bool = False):
    """Newton (or min-norm Gauss-Newton) iterations, each point until its step vanishes.

    Returns the points, their residual norms, Jacobians and deviation gains.
    """
    y = y.copy()
    live = np.arange(sup.size)
    for _ in range(steps):
        if not live.size:
            break
        f, jac, _, _ = point_eval(ctx, sup[live], y[live])
        if lstsq:
            step = (np.linalg.pinv(jac, rcond=1e-12) @ f[:, :, None])[:, :, 0]
        else:
            det = np.abs(np.linalg.det(jac))
            good = np.isfinite(det) & (det > 1e-200)
            step = np.zeros((live.size, y.shape[1]))
            if good.any():
                step[good] = np.linalg.solve(jac[good], f[good][:, :, None])[:, :, 0]
        step = np.where(np.isfinite(step), step, 0.0)
        y[live] -= step
        live = live[np.abs(step).max(axis=1, initial=0.0) > 1e-15]
    f, jac, gains, _ = point_eval(ctx, sup, y)
    return y, np.abs(f).max(axis=1, initial=0.0), jac, gains
