"""Private kernel of support enumeration: every solution of many indifference systems at once.

Notation. A support profile ``S = (S_1, ..., S_n)`` fixes the strategies each player
uses. Player i's probabilities on ``S_i`` are written with ``d_i = |S_i| - 1`` free
coordinates ``y_i`` (one *slot* per support strategy ``f_q`` other than the first one, the
*base* ``b_i``): ``x_i = e_{b_i} + sum_q y_{i,q} (e_{f_q} - e_{b_i})``. Player i's
indifference equations ``g_{i,q}(y) = u_i(f_q, x_-i) - u_i(b_i, x_-i) = 0`` do not involve
``y_i`` and are affine in every other player's block, hence *multilinear*: of degree at
most one in every single coordinate. So are the differences ``u_i(s, x_-i) - u_i(s', x_-i)``
for any two strategies, and every entry of the Jacobian. Over a box of coordinates, the
exact range of such a function is spanned by its values at the box's vertices. This
module turns that fact into a complete subdivision solver, run on the boxes of all
support profiles of a game together (one numpy pass per level):

1. exclusion and contraction: at an equilibrium, support strategies tie and no strategy
   does better than a support strategy. A box on which one of these (multilinear)
   conditions fails everywhere is discarded; otherwise each coordinate is narrowed to
   the hull of the values for which the condition can hold somewhere in the box, which
   the vertex values give exactly (hull consistency). Boxes outside the product of
   simplices, or on its boundary (a support probability below ``BOUNDARY``), go too;
2. the Krawczyk operator (Krawczyk 1969; Moore 1977), with the exact Jacobian ranges,
   proves that a box holds exactly one root (Newton's method then polishes it), or
   that it holds none, or shrinks it;
3. a box that did not shrink by half is bisected across its side of largest "smear"
   (width times the sensitivity of the equations), a little off centre.

Nothing that holds a root is ever discarded, and every regular (nonsingular) root is
eventually certified by step 2. Roots that are not regular never are: boxes that get
narrower than ``W_MIN``, or supports whose boxes multiply beyond ``CAP`` (a continuum of
solutions), are resolved by Gauss-Newton steps from the boxes' centres. Each solution
reached is classified: regular (isolated, by the inverse function theorem), on a
continuum (stepping along the Jacobian's null space and pulling back lands on other
equilibria), or a singular isolated root.

Payoffs are expected to be scaled to [0, 1] per player (the caller does it), so that the
absolute slacks below are meaningful.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from math import prod
from typing import Any

import numpy as np

#: Slack of the exclusion test, in units of the [0, 1]-scaled payoffs (rounding only).
EPS = 1e-12
#: Probabilities below this count as zero: such points belong to smaller supports.
BOUNDARY = 1e-9
#: Boxes narrower than this without a Krawczyk verdict are resolved by Gauss-Newton.
W_MIN = 1e-7
#: A support with more live boxes than this is resolved by Gauss-Newton (a continuum).
CAP = 512
#: A support whose boxes exceed this count with nothing found is given up (and reported).
GIVE_UP = 8 * CAP
#: The same for structurally singular supports (they hold no isolated root).
CAP_SINGULAR = 16
#: Where a box is bisected, as a fraction of its width.
_CUT = 0.4871
#: Singular points probed per support for a continuum.
PROBES = 16
#: Singular solutions with a support probability below this are left to smaller supports.
SINGULAR_MARGIN = 1e-6
#: Slack (scaled payoffs) within which a best-reply constraint counts as tight in probes.
TIGHT = 1e-8
#: Relative singular-value threshold below which a Jacobian counts as singular.
SINGULAR = 1e-8


@dataclass(frozen=True)
class Systems:
    """The indifference systems of ``P`` support profiles of one game shape."""

    shape: tuple[int, ...]
    support: tuple[np.ndarray, ...]  # per player (P, m_i) bool
    base: tuple[np.ndarray, ...]  # per player (P,) int, first strategy of the support
    dirs: tuple[np.ndarray, ...]  # per player (P, m_i - 1, m_i): e_f - e_b per active slot
    active: np.ndarray  # (P, D) bool, active slots (D = sum(m_i - 1))
    offsets: tuple[int, ...]  # slot offsets per player, length n + 1
    singular: np.ndarray  # (P,) structurally singular (some d_i > sum of the others')

    @property
    def size(self) -> int:
        return int(self.active.shape[0])

    def profile(self, p: int, y: np.ndarray) -> tuple[np.ndarray, ...]:
        """Probability vectors of support profile ``p`` at coordinates ``y``."""
        out = []
        for i, m in enumerate(self.shape):
            x = np.zeros(m)
            x[self.base[i][p]] = 1.0
            x += y[self.offsets[i] : self.offsets[i + 1]] @ self.dirs[i][p]
            out.append(x)
        return tuple(out)


def build_systems(shape: tuple[int, ...], support: list[np.ndarray]) -> Systems:
    """Index arrays for support profiles given as boolean masks ``(P, m_i)`` per player."""
    bases, dirs, d = [], [], []
    for i, m in enumerate(shape):
        mask = support[i]
        count = mask.shape[0]
        b = np.argmax(mask, axis=1)
        free = mask.copy()
        free[np.arange(count), b] = False
        rows, cols = np.nonzero(free)
        rank = (np.cumsum(free, axis=1) - 1)[rows, cols]
        di = np.zeros((count, m - 1, m))
        di[rows, rank, cols] = 1.0
        di[rows, rank, b[rows]] = -1.0
        bases.append(b)
        dirs.append(di)
        d.append(free.sum(axis=1))
    dd = np.stack(d, axis=1)
    total = dd.sum(axis=1, keepdims=True)
    singular = np.any(dd > total - dd, axis=1)
    offsets = tuple(int(v) for v in np.concatenate([[0], np.cumsum([m - 1 for m in shape])]))
    active = np.concatenate(
        [np.arange(m - 1)[None, :] < dd[:, i : i + 1] for i, m in enumerate(shape)], axis=1
    )
    return Systems(
        tuple(shape),
        tuple(support),
        tuple(bases),
        tuple(dirs),
        active,
        offsets,
        singular,
    )


# --------------------------------------------------------------------------- evaluation
def contract(ui: np.ndarray, zs: list[np.ndarray]) -> np.ndarray:
    """``ui`` (m_i, m_a, m_b, ...) contracted with rows ``zs[k]`` (B, R_k, m_k) per other player.

    Returns (B, m_i, R_a, R_b, ...): player i's payoff from each own strategy when the
    others play the given rows (mixed strategies, or directions for derivatives).
    """
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
class _Context:
    """Per-game data shared by every level: moved payoff tensors and vertex bit patterns."""

    systems: Systems
    moved: list[np.ndarray]  # u_i with player i's axis first
    bits: list[np.ndarray]  # (2^(m_i-1), m_i-1) vertex patterns

    @classmethod
    def build(cls, payoffs: np.ndarray, systems: Systems) -> _Context:
        n = payoffs.shape[0]
        moved = [np.ascontiguousarray(np.moveaxis(payoffs[i], i, 0)) for i in range(n)]
        bits = []
        for m in systems.shape:
            k = m - 1
            bits.append(((np.arange(2**k)[:, None] >> np.arange(k)[None, :]) & 1).astype(float))
        return cls(systems, moved, bits)


def _rows(ctx: _Context, sup: np.ndarray, ys: list[np.ndarray]) -> list[np.ndarray]:
    """Rows fed to the contraction: mixed strategies at the points ``ys[i]`` (B, R_i, d),
    followed by the slot directions (derivative rows)."""
    sy = ctx.systems
    out = []
    for i in range(len(sy.shape)):
        dirs = sy.dirs[i][sup]
        base = np.zeros((sup.size, 1, sy.shape[i]))
        base[np.arange(sup.size), 0, sy.base[i][sup]] = 1.0
        x = base + ys[i] @ dirs
        out.append(np.concatenate([x, dirs], axis=1))
    return out


def _point_eval(ctx: _Context, sup: np.ndarray, y: np.ndarray):
    """At points: residuals F (B, D), Jacobian J (B, D, D), and per player the gains of
    each strategy over the base (B, m_i) with their gradients (B, m_i, D)."""
    sy = ctx.systems
    n = len(sy.shape)
    off = sy.offsets
    ys = [y[:, None, off[i] : off[i + 1]] for i in range(n)]
    rows = _rows(ctx, sup, ys)
    batch, dim = y.shape
    f = np.zeros((batch, dim))
    jac = np.zeros((batch, dim, dim))
    gains, grads = [], []
    for i in range(n):
        others = [k for k in range(n) if k != i]
        w = contract(ctx.moved[i], [rows[k] for k in others])  # (B, m_i, 1 + m_k - 1, ...)
        dirs = sy.dirs[i][sup]
        base = sy.base[i][sup][:, None]
        wp = w[(slice(None), slice(None)) + (0,) * len(others)]  # (B, m_i)
        f[:, off[i] : off[i + 1]] = (dirs @ wp[:, :, None])[:, :, 0]
        gains.append(wp - np.take_along_axis(wp, base, axis=1))
        grad = np.zeros((batch, sy.shape[i], dim))
        for pos, k in enumerate(others):
            idx: list[Any] = [0] * len(others)
            idx[pos] = slice(1, None)
            key: tuple[Any, ...] = (slice(None), slice(None), *idx)
            block = w[key]  # (B, m_i, m_k - 1)
            jac[:, off[i] : off[i + 1], off[k] : off[k + 1]] = dirs @ block
            grad[:, :, off[k] : off[k + 1]] = block - np.take_along_axis(
                block, base[:, :, None], axis=1
            )
        grads.append(grad)
    inactive = ~sy.active[sup]
    jac[inactive, :] = 0.0
    b_idx, s_idx = np.nonzero(inactive)
    jac[b_idx, s_idx, s_idx] = 1.0
    return f, jac, gains, grads


@cache
def _pairs(m: int) -> tuple[np.ndarray, np.ndarray]:
    """All ordered pairs (s, s') of distinct strategies."""
    first, second = np.nonzero(~np.eye(m, dtype=bool))
    return first, second


@dataclass
class _BoxEval:
    excluded: np.ndarray  # (B,)
    lo: np.ndarray  # (B, D) the box contracted by hull consistency
    hi: np.ndarray
    f: np.ndarray  # (B, D) at the midpoint of the original box
    jlo: np.ndarray  # (B, D, D) range of the Jacobian over the original box
    jhi: np.ndarray


def _box_eval(ctx: _Context, sup: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> _BoxEval:
    """Exclusion, contraction and Krawczyk data for a batch of boxes.

    For player i, let ``D_{s,s'} = u_i(s, x_-i) - u_i(s', x_-i)``. At an equilibrium in
    the box, ``D_{s,s'} <= 0`` whenever ``s'`` is in the support (equality when ``s`` is
    too). Each ``D`` is multilinear in the other players' coordinates, so the set of
    values of one coordinate ``t`` for which some point of the box satisfies
    ``D <= 0`` is the union, over the vertices of the remaining coordinates, of the
    half-lines where the affine function ``t -> D`` is non-positive. Its hull is an exact
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
    rows = _rows(ctx, sup, ys)
    excluded = np.zeros(batch, dtype=bool)
    t_lo = np.zeros((batch, dim))
    t_hi = np.ones((batch, dim))
    f = np.zeros((batch, dim))
    jlo = np.zeros((batch, dim, dim))
    jhi = np.zeros((batch, dim, dim))
    for i in range(n):
        others = [k for k in range(n) if k != i]
        w = contract(ctx.moved[i], [rows[k] for k in others])
        m_i = sy.shape[i]
        verts = w[(slice(None), slice(None), *(slice(0, nv[k]) for k in others))]
        flat = verts.reshape(batch, m_i, -1)
        # Constraints W(s) - W(s') <= 0 for every s' in the support and s != s'.
        first, second = _pairs(m_i)
        diff = flat[:, first] - flat[:, second]  # (B, m(m-1), V)
        support = sy.support[i][sup]
        need = support[:, second]
        excluded |= np.any(need & (diff.min(axis=2) > EPS), axis=1)
        # Vertex bits run over the others' slots in order, lowest bit first.
        coords = [off[k] + q for k in reversed(others) for q in range(sy.shape[k] - 1)]
        if coords:
            lo_c, hi_c = _hull(diff, need, len(coords))
            t_lo[:, coords] = np.maximum(t_lo[:, coords], lo_c)
            t_hi[:, coords] = np.minimum(t_hi[:, coords], hi_c)
        dirs = sy.dirs[i][sup]
        mid = w[(slice(None), slice(None), *(nv[k] for k in others))]
        f[:, off[i] : off[i + 1]] = (dirs @ mid[:, :, None])[:, :, 0]
        for pos, k in enumerate(others):
            if sy.shape[k] == 1:
                continue  # a player with one strategy has no coordinates
            cut: list[Any] = [slice(0, nv[j]) for j in others]
            cut[pos] = slice(nv[k] + 1, None)
            key: tuple[Any, ...] = (slice(None), slice(None), *cut)
            block = w[key]  # (B, m_i, ..., m_k - 1, ...)
            block = np.moveaxis(block, 2 + pos, -1).reshape(batch, m_i, -1, sy.shape[k] - 1)
            e = np.einsum("bqs,bsvr->bqvr", dirs, block)
            jlo[:, off[i] : off[i + 1], off[k] : off[k + 1]] = e.min(axis=2)
            jhi[:, off[i] : off[i + 1], off[k] : off[k + 1]] = e.max(axis=2)
    excluded |= np.any(t_lo > t_hi, axis=1)
    t_lo, t_hi = np.clip(t_lo, 0.0, 1.0), np.clip(t_hi, 0.0, 1.0)
    new_lo = np.where(width > 0, lo + t_lo * width, lo)
    new_hi = np.where(width > 0, np.minimum(lo + t_hi * width, hi), hi)
    inactive = ~sy.active[sup]
    b_idx, s_idx = np.nonzero(inactive)
    jlo[b_idx, s_idx, s_idx] = 1.0
    jhi[b_idx, s_idx, s_idx] = 1.0
    return _BoxEval(excluded, new_lo, new_hi, f, jlo, jhi)


def _hull(diff: np.ndarray, need: np.ndarray, k: int):
    """Hull-consistent ranges of the ``k`` coordinates that ``diff`` depends on.

    ``diff`` (B, P, 2**k) holds, for P constraints ``D <= 0`` (those with ``need``), the
    values at the vertices of the box of those coordinates (bit j of a vertex index is
    coordinate j at its upper end). For each coordinate, the values of t in [0, 1] for
    which some vertex of the others gives ``a + t (b - a) <= EPS`` form a union of
    half-lines; its hull, intersected over the needed constraints, is returned as
    (lo, hi) arrays of shape (B, k), in units of the box's width.
    """
    low_idx, high_idx = _edges(k)
    a = diff[:, :, low_idx]  # (B, P, k, 2**(k-1))
    d = diff[:, :, high_idx] - a
    r = (EPS - a) / np.where(d == 0, 1.0, d)
    ok_flat = (d == 0) & (a <= EPS)
    # Left rays t <= r (d > 0) and right rays t >= r (d < 0); an edge along which the
    # constraint holds everywhere covers [0, 1].
    left = np.where(ok_flat, 1.0, np.where(d > 0, r, -np.inf)).max(axis=-1)
    right = np.where(ok_flat, 0.0, np.where(d < 0, r, np.inf)).min(axis=-1)
    has_left, has_right = left >= 0, right <= 1
    lo = np.where(has_left, 0.0, np.where(has_right, right, np.inf))
    hi = np.where(has_right, 1.0, np.where(has_left, left, -np.inf))
    lo = np.where(need[:, :, None], lo, 0.0).max(axis=1, initial=0.0)
    hi = np.where(need[:, :, None], hi, 1.0).min(axis=1, initial=1.0)
    return lo, hi


@cache
def _edges(k: int) -> tuple[np.ndarray, np.ndarray]:
    """Vertex indices of the edges along each of k coordinates: (k, 2**(k-1)) each."""
    v = np.arange(2**k)
    low = np.stack([v[(v >> j) & 1 == 0] for j in range(k)])
    return low, low | (1 << np.arange(k))[:, None]


# --------------------------------------------------------------------------- Krawczyk
def _krawczyk(ev: _BoxEval, lo: np.ndarray, hi: np.ndarray, usable: np.ndarray):
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


def _newton(ctx: _Context, sup: np.ndarray, y: np.ndarray, steps: int = 8, lstsq: bool = False):
    """Newton (or min-norm Gauss-Newton) iterations, each point until its step vanishes.

    Returns the points, their residual norms, Jacobians and deviation gains.
    """
    y = y.copy()
    live = np.arange(sup.size)
    for _ in range(steps):
        if not live.size:
            break
        f, jac, _, _ = _point_eval(ctx, sup[live], y[live])
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
    f, jac, gains, _ = _point_eval(ctx, sup, y)
    return y, np.abs(f).max(axis=1, initial=0.0), jac, gains


# --------------------------------------------------------------------------- driver
@dataclass
class Solutions:
    """What the kernel found: roots (support index, coordinates, regular?) and continua."""

    roots: list[tuple[int, np.ndarray, bool]] = field(default_factory=list)
    continua: list[tuple[int, np.ndarray]] = field(default_factory=list)
    unresolved: dict[int, int] = field(default_factory=dict)
    boxes: int = 0
    levels: int = 0


def _bisect(sup, lo, hi, split, smear):
    """Cut each chosen box in two across its side of largest smear."""
    s_sup, s_lo, s_hi = sup[split], lo[split], hi[split]
    rows = np.arange(s_sup.size)
    axis = np.argmax(smear, axis=1)
    # Cut a little off centre, so that roots with small denominators (1/2, 1/3) do not
    # fall on a cut, where no box could hold them in its interior.
    cut = s_lo[rows, axis] + _CUT * (s_hi[rows, axis] - s_lo[rows, axis])
    upper_lo, lower_hi = s_lo.copy(), s_hi.copy()
    upper_lo[rows, axis] = cut
    lower_hi[rows, axis] = cut
    keep = ~split
    return (
        np.concatenate([sup[keep], s_sup, s_sup]),
        np.concatenate([lo[keep], s_lo, upper_lo]),
        np.concatenate([hi[keep], lower_hi, s_hi]),
    )


def _simplex_tighten(sy: Systems, sup, lo, hi):
    """Clip boxes to the product of simplices (the base probability must stay >= 0)."""
    keep = np.ones(sup.size, dtype=bool)
    off = sy.offsets
    for i in range(len(sy.shape)):
        loi, hii = lo[:, off[i] : off[i + 1]], hi[:, off[i] : off[i + 1]]
        total = loi.sum(axis=1, keepdims=True)
        # Boxes on the boundary (some support probability below BOUNDARY throughout)
        # belong to smaller supports.
        keep &= total[:, 0] <= 1 - BOUNDARY
        act = sy.active[sup, off[i] : off[i + 1]]
        keep &= ~np.any(act & (hii < BOUNDARY), axis=1)
        np.minimum(hii, np.maximum(1 - (total - loi), loi), out=hii)
    return keep


def solve(payoffs: np.ndarray, systems: Systems, feas_tol: float = 1e-9) -> Solutions:
    """Every isolated solution (in the open product of simplices) of every system."""
    ctx = _Context.build(payoffs, systems)
    sy = systems
    out = Solutions()
    sup = np.arange(sy.size)
    lo = np.zeros(sy.active.shape)
    hi = sy.active.astype(float)
    # A structurally singular support has no isolated root: a few boxes suffice to find
    # a point of its continuum, if it has one.
    cap = np.where(sy.singular, CAP_SINGULAR, CAP)
    tiny: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    found_sup: list[np.ndarray] = []
    found_y: list[np.ndarray] = []
    while sup.size:
        out.levels += 1
        out.boxes += sup.size
        keep = _simplex_tighten(sy, sup, lo, hi)
        sup, lo, hi = sup[keep], lo[keep], hi[keep]
        if not sup.size:
            break
        ev = _box_eval(ctx, sup, lo, hi)
        keep = ~ev.excluded
        sup, lo, hi = sup[keep], lo[keep], hi[keep]
        ev = _BoxEval(
            ev.excluded[keep], ev.lo[keep], ev.hi[keep], ev.f[keep], ev.jlo[keep], ev.jhi[keep]
        )
        if not sup.size:
            break
        width0 = (hi - lo).max(axis=1)
        # Sensitivity of the equations to each coordinate, for choosing where to cut.
        colmag = np.maximum(np.abs(ev.jlo), np.abs(ev.jhi)).max(axis=1)
        unique, empty, k_lo, k_hi, centre = _krawczyk(ev, lo, hi, ~sy.singular[sup])
        # Both the hull-consistent box and the Krawczyk box hold every root of the box.
        lo, hi = np.maximum(ev.lo, k_lo), np.minimum(ev.hi, k_hi)
        empty |= np.any(lo > hi, axis=1) & ~unique
        if unique.any():
            found_sup.append(sup[unique])
            found_y.append(centre[unique])
        keep = ~(unique | empty)
        sup, lo, hi, width0, colmag = sup[keep], lo[keep], hi[keep], width0[keep], colmag[keep]
        keep = _simplex_tighten(sy, sup, lo, hi)  # contracted boxes may now lie on a face
        sup, lo, hi, width0, colmag = sup[keep], lo[keep], hi[keep], width0[keep], colmag[keep]
        if not sup.size:
            break
        width = hi - lo
        wmax = width.max(axis=1)
        small = wmax < W_MIN
        if small.any():
            tiny.append((sup[small], lo[small], hi[small]))
        counts = np.bincount(sup[~small], minlength=sy.size)
        crowded = (counts > cap) & (counts > 0)
        stop = small.copy()
        if crowded.any():
            # Resolve crowded supports from their boxes' centres; one where nothing is
            # found goes on being subdivided, with a larger allowance.
            sel = ~small & crowded[sup]
            done = _classify(ctx, sup[sel], lo[sel], hi[sel], out, feas_tol)
            for p in np.flatnonzero(crowded):
                if p in done:
                    stop |= sup == p
                elif counts[p] > GIVE_UP:
                    out.unresolved[int(p)] = int(counts[p])
                    stop |= sup == p
                else:
                    cap[p] *= 4
        if stop.any():
            keep = ~stop
            sup, lo, hi, width, wmax, width0, colmag = (
                sup[keep],
                lo[keep],
                hi[keep],
                width[keep],
                wmax[keep],
                width0[keep],
                colmag[keep],
            )
        # Bisect boxes that Krawczyk did not shrink to less than half their width.
        split = wmax > 0.5 * width0
        if split.any():
            sup, lo, hi = _bisect(sup, lo, hi, split, width[split] * (colmag[split] + 1e-3))
    if found_sup:
        fs = np.concatenate(found_sup)
        fy, res, _, _ = _newton(ctx, fs, np.concatenate(found_y))
        inside = _interior(sy, fs, fy, margin=BOUNDARY)
        for p, y, r, ok in zip(fs, fy, res, inside):
            if r < 1e-9 and ok:
                out.roots.append((int(p), y, True))
            elif r >= 1e-9:  # pragma: no cover - Krawczyk guarantees Newton's convergence
                tiny.append((np.array([p]), y[None], y[None]))
    if tiny:
        t_sup = np.concatenate([t[0] for t in tiny])
        t_lo = np.concatenate([t[1] for t in tiny])
        t_hi = np.concatenate([t[2] for t in tiny])
        done = _classify(ctx, t_sup, t_lo, t_hi, out, feas_tol)
        for p in np.unique(t_sup):
            if int(p) not in done:
                out.unresolved[int(p)] = int(np.sum(t_sup == p))
    return out


def _classify(ctx: _Context, sup, lo, hi, out: Solutions, feas_tol: float) -> set[int]:
    """Gauss-Newton from the centres of boxes; sort the points they reach into regular
    roots, singular isolated roots and continua (``out``). Returns the supports where
    Newton's method converged."""
    sy = ctx.systems
    y, res, jac, gains = _newton(ctx, sup, (lo + hi) / 2, steps=60, lstsq=True)
    conv = res < 1e-10
    feasible = conv & _interior(sy, sup, y) & _no_gain(sy, sup, gains, feas_tol)
    f_sup, f_y, f_jac = sup[feasible], y[feasible], jac[feasible]
    s = np.linalg.svd(f_jac, compute_uv=False)
    regular = s[:, -1] > SINGULAR * np.maximum(s[:, 0], 1e-300)
    for p, yy in zip(f_sup[regular], f_y[regular]):
        out.roots.append((int(p), yy, True))
    # A singular solution close to a face is the trace of a solution set of that face
    # (a smaller support), not a root of this support's system: leave it to that face.
    singular = ~regular & _interior(sy, f_sup, f_y, margin=SINGULAR_MARGIN)
    for p in np.unique(f_sup[singular]):
        pts = _distinct(f_y[singular][f_sup[singular] == p])
        # Probe a spread of the distinct singular points; on a support found to hold a
        # continuum, the unprobed singular points are taken to lie on it.
        pick = np.unique(np.linspace(0, len(pts) - 1, min(len(pts), PROBES)).astype(int))
        psup = np.full(pick.size, p)
        on = _probe_continuum(ctx, psup, pts[pick], feas_tol)
        if not on.any() and pick.size < len(pts):
            pick = np.arange(len(pts))
            psup = np.full(pick.size, p)
            on = _probe_continuum(ctx, psup, pts, feas_tol)
        if on.any():
            best = pts[pick][on][np.argmax(_min_probability(sy, psup[on], pts[pick][on]))]
            out.continua.append((int(p), best))
        for yy, cont in zip(pts[pick], on):
            if not cont:
                out.roots.append((int(p), yy, False))
    # Supports where Newton's method lands on solutions: settled, whether these are
    # equilibria or not (solutions on a face, or with a better reply, belong elsewhere).
    return {int(p) for p in sup[conv]}


def _distinct(pts: np.ndarray, tol: float = 1e-7) -> np.ndarray:
    keep: list[np.ndarray] = []
    for q in pts:
        if not any(np.abs(q - k).max() < tol for k in keep):
            keep.append(q)
            if len(keep) > 4 * PROBES:
                break
    return np.array(keep)


def _min_probability(sy: Systems, sup: np.ndarray, y: np.ndarray) -> np.ndarray:
    low = np.full(sup.size, np.inf)
    for i in range(len(sy.shape)):
        yi = y[:, sy.offsets[i] : sy.offsets[i + 1]]
        act = sy.active[sup, sy.offsets[i] : sy.offsets[i + 1]]
        low = np.minimum(low, np.where(act, yi, np.inf).min(axis=1, initial=np.inf))
        low = np.minimum(low, 1 - np.where(act, yi, 0).sum(axis=1))
    return low


def _interior(sy: Systems, sup: np.ndarray, y: np.ndarray, margin: float = BOUNDARY) -> np.ndarray:
    ok = np.ones(sup.size, dtype=bool)
    for i in range(len(sy.shape)):
        yi = y[:, sy.offsets[i] : sy.offsets[i + 1]]
        act = sy.active[sup, sy.offsets[i] : sy.offsets[i + 1]]
        ok &= np.all(~act | (yi > margin), axis=1)
        ok &= (1 - np.where(act, yi, 0).sum(axis=1)) > margin
    return ok


def _no_gain(sy: Systems, sup: np.ndarray, gains: list[np.ndarray], tol: float) -> np.ndarray:
    ok = np.ones(sup.size, dtype=bool)
    for i, g in enumerate(gains):
        ok &= np.all(sy.support[i][sup] | (g <= tol), axis=1)
    return ok


def _probe_continuum(ctx: _Context, sup: np.ndarray, y: np.ndarray, feas_tol: float) -> np.ndarray:
    """Whether each singular solution lies on a continuum of equilibria.

    Step a distance h along null vectors of the Jacobian (both ways), first those that
    also keep the tight best-reply constraints tight, then any, and pull back onto the
    solution set with min-norm Gauss-Newton: landing about h away from the start on a
    point that is still an equilibrium (positive probabilities, no better reply) means
    that the equilibria there form a continuum; otherwise the point is an isolated,
    singular, root.
    """
    sy = ctx.systems
    _, jac, gains, grads = _point_eval(ctx, sup, y)
    act = sy.active[sup]
    tight = [
        (~sy.support[i][sup] & (g > -TIGHT))[:, :, None] * grad
        for i, (g, grad) in enumerate(zip(gains, grads))
    ]
    h = 1e-5
    result = np.zeros(sup.size, dtype=bool)
    for matrix in (np.concatenate([jac, *tight], axis=1), jac):
        _, s, vt = np.linalg.svd(matrix)
        scale = np.maximum(s[:, 0], 1e-300)
        for j in range(vt.shape[1] - 1, -1, -1):
            null = (s[:, j] <= SINGULAR * scale) & ~result
            if not null.any():
                break
            v = vt[:, j, :] * act
            for sign in (1.0, -1.0):
                yy, res, _, g = _newton(ctx, sup, y + sign * h * v, steps=60, lstsq=True)
                dist = np.abs(yy - y).max(axis=1)
                ok = (res < 1e-10) & (dist > h / 4) & _interior(sy, sup, yy)
                ok &= _no_gain(sy, sup, g, feas_tol + TIGHT)
                result |= null & ok
    return result
