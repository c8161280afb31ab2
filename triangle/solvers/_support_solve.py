"""Private: every solution of a stream of indifference systems, by box subdivision.

The systems of one group (:class:`triangle.solvers._support_systems.Systems`) are solved
together, one numpy pass per level over the boxes of every support profile in a *pool*:

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

Support profiles enter the pool as they are generated, while it holds fewer than
``POOL`` boxes, and leave it when their last box is gone; each level is evaluated in
batches of bounded memory. So memory stays bounded whatever the number of profiles.

Nothing that holds a root is ever discarded, and every regular (nonsingular) root is
eventually certified by step 2. Roots that are not regular never are: boxes that get
narrower than ``W_MIN``, or supports whose boxes multiply beyond ``CAP`` (a continuum of
solutions), are resolved by Gauss-Newton steps from the boxes' centres. Each solution
reached is classified: regular (isolated, by the inverse function theorem), on a
continuum (stepping along the Jacobian's null space and pulling back lands on other
equilibria), or a singular isolated root.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from triangle.solvers._support_candidates import Chunk
from triangle.solvers._support_systems import (
    Context,
    Systems,
    box_bytes,
    box_eval,
    contract,
    krawczyk,
    newton,
    point_eval,
)

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
#: New support profiles enter the pool while it holds fewer live boxes than this.
POOL = 8192
#: Index rows kept before settled profiles are forgotten.
ROWS = 65536
#: Points per batch of Gauss-Newton classification.
CLASSIFY_BATCH = 4096
#: Memory for the temporaries of one evaluation batch, in bytes.
BATCH_BYTES = 48 * 2**20

Key = tuple[tuple[int, ...], ...]


@dataclass
class Solutions:
    """What the kernel found, by support profile: roots (key, coordinates' profile,
    regular?), a point of each continuum, and unresolved box counts."""

    roots: list[tuple[Key, tuple[np.ndarray, ...], bool]] = field(default_factory=list)
    continua: dict[Key, tuple[np.ndarray, ...]] = field(default_factory=dict)
    unresolved: dict[Key, int] = field(default_factory=dict)
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


def _evaluate(ctx: Context, sup, lo, hi, batch: int):
    """Exclusion, contraction and Krawczyk on every box, ``batch`` boxes at a time.

    Returns (excluded, lo, hi, colmag, unique, empty, centre), where lo and hi are the
    boxes narrowed by both hull consistency and Krawczyk, and colmag the sensitivity of
    the equations to each coordinate (for choosing where to cut).
    """
    sy = ctx.systems
    parts = []
    for start in range(0, sup.size, batch):
        sl = slice(start, start + batch)
        s, a, b = sup[sl], lo[sl], hi[sl]
        ev = box_eval(ctx, s, a, b)
        colmag = np.maximum(np.abs(ev.jlo), np.abs(ev.jhi)).max(axis=1)
        unique, empty, k_lo, k_hi, centre = krawczyk(ev, a, b, ~sy.singular[s])
        # Both the hull-consistent box and the Krawczyk box hold every root of the box.
        new_lo, new_hi = np.maximum(ev.lo, k_lo), np.minimum(ev.hi, k_hi)
        unique &= ~ev.excluded
        empty |= np.any(new_lo > new_hi, axis=1) & ~unique
        parts.append((ev.excluded, new_lo, new_hi, colmag, unique, empty, centre))
    return tuple(np.concatenate(p) for p in zip(*parts))


def solve_stream(
    payoffs: np.ndarray,
    systems: Systems,
    stream: Iterable[Chunk],
    done: Callable[[float], None] | None = None,
    feas_tol: float = 1e-9,
) -> Solutions:
    """Every isolated solution (in the open product of simplices) of every system whose
    support profile ``stream`` yields (one group: they must fit ``systems``' dims).

    ``done(work)`` is called as support profiles are settled, with the sum of their
    chunks' weights (pruned profiles included).
    """
    ctx = Context.build(payoffs, systems)
    sy = systems
    out = Solutions()
    batch = max(16, BATCH_BYTES // box_bytes(sy.shape, sy.dims))
    dim = sy.dim
    sup = np.zeros(0, dtype=np.intp)
    lo = np.zeros((0, dim))
    hi = np.zeros((0, dim))
    cap = np.zeros(0, dtype=np.int64)
    weight = np.zeros(0)
    tiny: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    found_sup: list[np.ndarray] = []
    found_y: list[np.ndarray] = []
    source = iter(stream)
    exhausted = False
    live = np.zeros(0, dtype=np.intp)  # supports with boxes in the pool
    while True:
        # Admit new support profiles (one box each) while the pool has room.
        while not exhausted and sup.size < POOL and live.size < max(1, POOL // 8):
            chunk = next(source, None)
            if chunk is None:
                exhausted = True
                break
            if done is not None and chunk.visited > chunk.size:
                done((chunk.visited - chunk.size) * chunk.pruned_weight)
            if not chunk.size:
                continue
            new = sy.append(chunk.support)
            cap = np.concatenate([cap, np.where(sy.singular[new], CAP_SINGULAR, CAP)])
            weight = np.concatenate([weight, np.broadcast_to(chunk.weight, new.shape)])
            sup = np.concatenate([sup, new])
            lo = np.concatenate([lo, np.zeros((new.size, dim))])
            hi = np.concatenate([hi, sy.active[new].astype(float)])
            live = np.concatenate([live, new])
        if not sup.size:
            break
        if sy.size > ROWS:
            # Forget the settled profiles (their index rows would grow without bound).
            keep = np.unique(np.concatenate([sup, *found_sup, *(t[0] for t in tiny)]))
            remap = sy.compact(keep)
            sup, live, cap, weight = remap[sup], remap[live], cap[keep], weight[keep]
            found_sup[:] = [remap[f] for f in found_sup]
            tiny[:] = [(remap[t[0]], t[1], t[2]) for t in tiny]
        sup, lo, hi = _level(ctx, sup, lo, hi, cap, batch, out, tiny, found_sup, found_y, feas_tol)
        still = np.unique(sup)
        if done is not None and still.size < live.size:
            done(float(weight[np.setdiff1d(live, still, assume_unique=True)].sum()))
        live = still
    if found_sup:
        fs = np.concatenate(found_sup)
        fy, res, _, _ = newton(ctx, fs, np.concatenate(found_y))
        inside = _interior(sy, fs, fy, margin=BOUNDARY)
        for p, y, r, ok in zip(fs, fy, res, inside):
            if r < 1e-9 and ok:
                out.roots.append((sy.key(p), sy.profile(p, y), True))
            elif r >= 1e-9:  # pragma: no cover - Krawczyk guarantees Newton's convergence
                tiny.append((np.array([p]), y[None], y[None]))
    if tiny:
        t_sup = np.concatenate([t[0] for t in tiny])
        t_lo = np.concatenate([t[1] for t in tiny])
        t_hi = np.concatenate([t[2] for t in tiny])
        settled_, _ = _classify(ctx, t_sup, t_lo, t_hi, out, feas_tol)
        for p in np.unique(t_sup):
            if int(p) not in settled_:
                out.unresolved[sy.key(p)] = int(np.sum(t_sup == p))
    return out


def _level(ctx, sup, lo, hi, cap, batch, out, tiny, found_sup, found_y, feas_tol):
    """One level of the search on every live box; returns the boxes of the next level."""
    sy = ctx.systems
    out.levels += 1
    out.boxes += sup.size
    keep = _simplex_tighten(sy, sup, lo, hi)
    sup, lo, hi = sup[keep], lo[keep], hi[keep]
    if not sup.size:
        return sup, lo, hi
    width0 = (hi - lo).max(axis=1)
    excluded, lo, hi, colmag, unique, empty, centre = _evaluate(ctx, sup, lo, hi, batch)
    if unique.any():
        found_sup.append(sup[unique])
        found_y.append(centre[unique])
    keep = ~(unique | empty | excluded)
    sup, lo, hi, width0, colmag = sup[keep], lo[keep], hi[keep], width0[keep], colmag[keep]
    keep = _simplex_tighten(sy, sup, lo, hi)  # contracted boxes may now lie on a face
    sup, lo, hi, width0, colmag = sup[keep], lo[keep], hi[keep], width0[keep], colmag[keep]
    if not sup.size:
        return sup, lo, hi
    width = hi - lo
    wmax = width.max(axis=1)
    small = wmax < W_MIN
    if small.any():
        tiny.append((sup[small], lo[small], hi[small]))
    counts = np.bincount(sup[~small], minlength=cap.size)
    crowded = counts > cap
    stop = small.copy()
    if crowded.any():
        # Resolve crowded supports from their boxes' centres; one where nothing singular
        # is found goes on being subdivided, with a larger allowance.
        sel = ~small & crowded[sup]
        # Only singular solutions settle a crowded support: where Newton finds regular
        # roots only, the boxes are many because the roots are, and Krawczyk will
        # certify each of them.
        _, settled = _classify(ctx, sup[sel], lo[sel], hi[sel], out, feas_tol)
        for p in np.flatnonzero(crowded):
            if p in settled:
                stop |= sup == p
            elif counts[p] > GIVE_UP:
                out.unresolved[sy.key(p)] = int(counts[p])
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
    return sup, lo, hi


# --------------------------------------------------------------------------- classification
def _classify(
    ctx: Context, sup, lo, hi, out: Solutions, feas_tol: float
) -> tuple[set[int], set[int]]:
    """Gauss-Newton from the centres of boxes; sort the points they reach into regular
    roots, singular isolated roots and continua (``out``). Returns the supports where
    Newton's method converged, and those where it reached a singular solution."""
    sy = ctx.systems
    if not sup.size:
        return set(), set()
    parts = []
    for k in range(0, sup.size, CLASSIFY_BATCH):
        part = slice(k, k + CLASSIFY_BATCH)
        centres = (lo[part] + hi[part]) / 2
        parts.append(newton(ctx, sup[part], centres, steps=60, lstsq=True))
    y = np.concatenate([p[0] for p in parts])
    res = np.concatenate([p[1] for p in parts])
    jac = np.concatenate([p[2] for p in parts])
    gains = [np.concatenate([p[3][i] for p in parts]) for i in range(len(sy.shape))]
    conv = res < 1e-10
    feasible = conv & _interior(sy, sup, y) & _no_gain(sy, sup, gains, feas_tol)
    f_sup, f_y, f_jac = sup[feasible], y[feasible], jac[feasible]
    s = np.linalg.svd(f_jac, compute_uv=False)
    regular = s[:, -1] > SINGULAR * np.maximum(s[:, 0], 1e-300)
    for p, yy in zip(f_sup[regular], f_y[regular]):
        out.roots.append((sy.key(p), sy.profile(p, yy), True))
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
            out.continua.setdefault(sy.key(p), sy.profile(p, best))
        for yy, cont in zip(pts[pick], on):
            if not cont:
                out.roots.append((sy.key(p), sy.profile(p, yy), False))
    # Supports where Newton's method lands on solutions: settled, whether these are
    # equilibria or not (solutions on a face, or with a better reply, belong elsewhere);
    # and those where it lands on singular solutions (a continuum, or a singular root).
    c_sup = sup[conv]
    sv = np.linalg.svd(jac[conv], compute_uv=False)
    flat = sv[:, -1] <= SINGULAR * np.maximum(sv[:, 0], 1e-300)
    return {int(p) for p in c_sup}, {int(p) for p in c_sup[flat]}


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


def _probe_continuum(ctx: Context, sup: np.ndarray, y: np.ndarray, feas_tol: float) -> np.ndarray:
    """Whether each singular solution lies on a continuum of equilibria.

    Step a distance h along null vectors of the Jacobian (both ways), first those that
    also keep the tight best-reply constraints tight, then any, and pull back onto the
    solution set with min-norm Gauss-Newton: landing about h away from the start on a
    point that is still an equilibrium (positive probabilities, no better reply) means
    that the equilibria there form a continuum; otherwise the point is an isolated,
    singular, root.
    """
    sy = ctx.systems
    _, jac, gains, grads = point_eval(ctx, sup, y)
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
                yy, res, _, g = newton(ctx, sup, y + sign * h * v, steps=60, lstsq=True)
                dist = np.abs(yy - y).max(axis=1)
                ok = (res < 1e-10) & (dist > h / 4) & _interior(sy, sup, yy)
                ok &= _no_gain(sy, sup, g, feas_tol + TIGHT)
                result |= null & ok
    return result


# --------------------------------------------------------------------------- isolation
#: Strategies outside a support whose payoff is within this of the best (unit payoffs)
#: are ties: equilibria on a larger support may approach the point through them.
TIE = 1e-8
#: Larger supports tried per point (the tied strategies' subsets), at most.
MAX_APPROACHES = 64


def approached_from(
    u: np.ndarray, key: Key, prof: tuple[np.ndarray, ...], feas_tol: float
) -> tuple[Key, tuple[np.ndarray, ...]] | None:
    """A larger support whose equilibria come arbitrarily close to the equilibrium
    ``prof`` of support ``key`` (so that ``prof`` is a point of a continuum, not an
    isolated equilibrium), with the nearest one found (about 1e-5 away); or ``None``
    when none does.

    Equilibria near ``prof`` keep its support and may add only its tied strategies (best
    replies outside the support). For each such larger support ``T``, a point a distance
    ``eps`` away with mass ``eps`` on the added strategies is pulled onto ``T``'s
    indifference equations by min-norm Gauss-Newton; landing within a few ``eps`` of
    ``prof`` on an equilibrium that keeps every strategy of ``T`` (for ``eps`` = 1e-3
    and 1e-5) shows equilibria of support ``T`` accumulating at ``prof``. ``u`` are the
    unit payoffs the systems use. With more than ``log2(MAX_APPROACHES)`` tied strategies,
    only each one alone and all of them together are tried.
    """
    n = u.shape[0]
    shape = u.shape[1:]
    ties: list[list[int]] = []
    for i in range(n):
        ui = np.moveaxis(u[i], i, 0)
        dev = contract(ui, [prof[k][None, None, :] for k in range(n) if k != i]).reshape(-1)
        best = dev.max()
        ties.append([j for j in range(shape[i]) if j not in key[i] and dev[j] >= best - TIE])
    flat = [(i, j) for i in range(n) for j in ties[i]]
    if 2 ** len(flat) <= MAX_APPROACHES:
        subsets: Iterable[int] = range(1, 2 ** len(flat))
    else:  # too many ties for every subset: each tied strategy alone, then all of them
        subsets = [*(1 << b for b in range(len(flat))), 2 ** len(flat) - 1]
    for bits in subsets:
        added = [flat[b] for b in range(len(flat)) if bits >> b & 1]
        support = tuple(
            tuple(sorted({*key[i], *(j for p, j in added if p == i)})) for i in range(n)
        )
        witness = _accumulates(u, support, prof, added, feas_tol)
        if witness is not None:
            return support, witness
    return None


def _accumulates(u, support, prof, added, feas_tol):
    shape = u.shape[1:]
    n = len(shape)
    sy = Systems(shape, tuple(len(s) - 1 for s in support), capacity=1)
    masks = tuple(np.isin(np.arange(m), s)[None, :] for m, s in zip(shape, support))
    p = sy.append(masks)
    ctx = Context.build(u, sy)
    for eps in (1e-3, 1e-5):
        y = np.zeros((1, sy.dim))
        for i in range(n):
            new = [j for q, j in added if q == i]
            x = prof[i] * (1 - eps * bool(new))
            for j in new:
                x[j] += eps / len(new)
            # coordinates: the probabilities of the support's strategies after the base
            y[0, sy.offsets[i] : sy.offsets[i + 1]] = x[list(support[i][1:])]
        yy, res, _, gains = newton(ctx, p, y, steps=60, lstsq=True)
        near = np.abs(yy - y).max() <= 10 * eps
        if not (res[0] < 1e-10 and near and _interior(sy, p, yy, margin=eps * 1e-3)[0]
                and _no_gain(sy, p, gains, feas_tol + TIGHT)[0]):
            return None
    return sy.profile(int(p[0]), yy[0])
