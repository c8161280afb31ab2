"""Every vertex of ``{z >= 0 : W^T z <= 1}`` by lexicographic pivoting, in exact arithmetic.

The polytope (``W`` a ``d x r`` matrix of positive integers, so it is bounded) is
perturbed lexicographically (Avis and Fukuda 1992; the rule lrs uses): the right-hand
side becomes ``1 + (eps, eps**2, ..., eps**r)``, which makes every feasible basis
non-degenerate and the perturbed polytope simple. Its vertices are the
*lexicographically feasible* bases; each has exactly ``d`` neighbours (one per
non-basic variable, leaving row chosen by the lexicographic ratio test), the graph
they form is connected, and every vertex of the original polytope is the point of at
least one of them. A search over that graph (with a set of the bases already seen)
therefore visits every vertex, at a cost proportional to the number of such bases (the
number of vertices when the polytope is simple), not to the number of all bases.

Arithmetic is exact: the tableau is kept in integer form (Edmonds/Bareiss pivoting,
every entry a minor of ``[1 | W^T]``), as residues modulo as many 31-bit primes as the
Hadamard bound of those minors needs (:mod:`triangle.solvers._multimodular`), so a pivot
is a few ``int64`` array operations on a whole batch of bases at once. Signs, zero
tests and the ratio test are exact: floating point only ranks candidates, and rows it
cannot separate are compared exactly, by residues (a tie of two ratios is a zero minor,
Sylvester's identity) or, failing that, with the Python integers rebuilt from them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from triangle.solvers._multimodular import Moduli, moduli_for, reduce_in_place

__all__ = ["PolytopeVertices", "exact_tableau", "hadamard_bits", "polytope_vertices"]

#: Memory budget (int64 entries) of one batch's tableaux; bounds temporaries to ~100 MB.
_BATCH_ENTRIES = 2**20
#: Entries pivoted per block (about a megabyte of int64: the passes stay in cache).
_BLOCK_ENTRIES = 2**17
#: Relative margin within which two floating-point ratios count as a possible tie.
_NEAR = 1e-9


@dataclass(frozen=True)
class PolytopeVertices:
    """Vertices of ``{z >= 0 : W^T z <= 1}`` other than the origin.

    ``labels`` is ``(V, d + r)`` bool: label ``s < d`` when ``z_s = 0``, label ``d + j``
    when constraint ``j`` is tight. ``bases`` counts the lexicographically feasible bases
    visited (the origin's included). Points are rebuilt exactly by :meth:`point`.

    >>> v = polytope_vertices([[2, 1], [1, 2]])
    >>> v.bases, sorted(v.point(i) for i in range(len(v.labels)))
    (4, [[0, 1], [1, 0], [1, 1]])
    """

    labels: np.ndarray
    rhs: np.ndarray  # (V, k, r) residues of the right-hand side of a basis of each vertex
    basic: np.ndarray  # (V, r) the basic variable of each row of that basis
    moduli: Moduli
    bases: int

    def point(self, i: int) -> list[int]:
        """Integer weights proportional to vertex ``i`` (``z`` times the basis determinant)."""
        d = self.labels.shape[1] - self.basic.shape[1]
        digits = self.moduli.digits(self.rhs[i], axis=0)  # (k, r)
        out = [0] * d
        for row, var in enumerate(self.basic[i].tolist()):
            if var < d:
                out[var] = self.moduli.value(digits[:, row])
        return out


def hadamard_bits(w: list[list[int]], size: int | None = None) -> int:
    """Bits of a bound on every minor of ``[1 | W^T]`` (of order ``size`` at most).

    Hadamard's bound: a minor is at most the product of the norms of its columns. A
    basis with ``j`` variables ``z`` basic has entries that are minors of order ``j + 1``
    at most, so fewer primes suffice to read them.

    >>> hadamard_bits([[3, 4]])  # minors 1, 3, 4 and 1*4 - 1*3 (bound: sqrt(2) * 5)
    4
    """
    d, r = len(w), len(w[0])
    squares = sorted((sum(v * v for v in row) for row in w), reverse=True)
    size = min(r, d + 1) if size is None else max(1, min(size, r, d + 1))
    bound_sq = r * math.prod(squares[: size - 1]) if size <= d else r * math.prod(squares)
    bound_sq = max(bound_sq, math.prod(squares[:size]))
    return (bound_sq.bit_length() + 1) // 2 + 1


def polytope_vertices(
    w: list[list[int]], tick: Callable[[int], None] | None = None
) -> PolytopeVertices:
    """Every vertex of ``{z >= 0 : W^T z <= 1}`` but the origin (``W`` positive integers).

    ``tick(bases)`` is called after every batch of bases (progress, time limits).

    >>> v = polytope_vertices([[2, 1], [1, 2]])  # z1, z2 >= 0, 2 z1 + z2 <= 1, ...
    >>> sorted(v.labels.astype(int).tolist())
    [[0, 0, 1, 1], [0, 1, 1, 0], [1, 0, 0, 1]]
    """
    d, r = len(w), len(w[0])
    mod = moduli_for(hadamard_bits(w))
    # The primes a basis with j variables z basic needs: a prefix of mod's (same list).
    prefixes = [moduli_for(hadamard_bits(w, j + 1)) for j in range(d + 1)]
    if any(p.radix_primes != mod.radix_primes[: p.k] for p in prefixes):
        raise AssertionError("moduli are not prefixes of one list of primes")
    k = mod.k
    tableau = np.array([[1] + [w[s][j] for s in range(d)] for j in range(r)], dtype=object)
    keys = _Keys(d, r)
    start = _Batch(
        res=mod.reduce(tableau)[None],
        det=np.ones((1, k), dtype=np.int64),
        cob=np.arange(d)[None],
        bas=(d + np.arange(r))[None],
    )
    visited = set(keys.of(start.bas, start.cob).tolist())
    stack = [start]
    per_batch = max(1, _BATCH_ENTRIES // (k * r * (d + 1)))
    found_labels, found_rhs, found_basic = [], [], []
    points: set[bytes] = set()
    n_bases = 0
    while stack:
        batch = stack.pop()
        if len(batch) > per_batch:
            stack.append(batch.take(slice(per_batch, None)))
            batch = batch.take(slice(0, per_batch))
        n_bases += len(batch)
        if tick is not None:
            tick(len(batch))
        sign, leave = _ratio_tests(batch, mod, prefixes)
        # The point of each basis: non-basic variables and zero basic variables are tight.
        labels = np.zeros((len(batch), d + r), dtype=bool)
        np.put_along_axis(labels, batch.cob, True, axis=1)
        np.put_along_axis(labels, batch.bas, sign[:, :, 0] == 0, axis=1)
        # A vertex is known by its labels; keep one basis of each (degenerate vertices
        # have many), and not the origin.
        new = []
        for i, key in enumerate(_as_void(np.packbits(labels, axis=1)).tolist()):
            if key not in points:
                points.add(key)
                new.append(i)
        keep = np.array(new, dtype=np.intp)
        keep = keep[~labels[keep, :d].all(axis=1)]
        found_labels.append(labels[keep])
        found_rhs.append(batch.res[keep, :, :, 0])  # a copy: the batch can be freed
        found_basic.append(batch.bas[keep])
        # Neighbours: column c enters, row leave[b, c] leaves. Only their keys are built
        # for all of them; bases and tableaux only for the ones not seen before.
        parent = np.repeat(np.arange(len(batch)), d)
        column = np.tile(np.arange(d), len(batch))
        row = leave.ravel()
        fresh = []
        nkeys = keys.neighbours(batch.bas, batch.cob, parent, row, column).tolist()
        for i, key in enumerate(nkeys):
            if key not in visited:
                visited.add(key)
                fresh.append(i)
        if not fresh:
            continue
        first = np.array(fresh)
        for lo in range(0, first.size, per_batch):
            pick = first[lo : lo + per_batch]
            at = np.arange(len(pick))
            bas, cob = batch.bas[parent[pick]].copy(), batch.cob[parent[pick]].copy()
            out_var = bas[at, row[pick]]
            bas[at, row[pick]] = cob[at, column[pick]]
            cob[at, column[pick]] = out_var
            stack.append(_pivot(batch, parent[pick], row[pick], column[pick], bas, cob, mod, w))
    return PolytopeVertices(
        np.concatenate(found_labels),
        np.concatenate(found_rhs),
        np.concatenate(found_basic),
        mod,
        n_bases,
    )


# --------------------------------------------------------------------- batches of bases
@dataclass
class _Batch:
    res: np.ndarray  # (K, k, r, 1 + d): residues of the integer tableau [rhs | non-basic]
    det: np.ndarray  # (K, k): residues of the (positive) basis determinant
    cob: np.ndarray  # (K, d): the non-basic variable of each tableau column
    bas: np.ndarray  # (K, r): the basic variable of each tableau row

    def __len__(self) -> int:
        return len(self.cob)

    def take(self, idx: slice) -> _Batch:
        return _Batch(self.res[idx], self.det[idx], self.cob[idx], self.bas[idx])


def _ratio_tests(
    batch: _Batch, mod: Moduli, prefixes: list[Moduli]
) -> tuple[np.ndarray, np.ndarray]:
    """Signs of the tableau entries, and the lexicographic leaving row of every column."""
    # Mixed-radix digits: each basis reads only the primes its entries need (their
    # higher digits are zero), so Garner's quadratic cost follows the basis's size.
    n_b, _, r, width = batch.res.shape
    sign = np.empty((n_b, r, width), dtype=np.int8)
    mag = np.empty((n_b, r, width))
    by_k = {p.k: p for p in prefixes}
    need = np.array([p.k for p in prefixes])[(batch.bas < batch.cob.shape[1]).sum(axis=1)]
    groups: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for k in np.unique(need).tolist():
        sel = np.flatnonzero(need == k)
        digits = by_k[k].digits(batch.res[sel, :k], axis=1)
        groups[k] = (sel, digits)
        sign[sel] = by_k[k].sign(digits, axis=1)
        if mod.shift:  # log2 magnitudes, on the scale of all the primes
            padded = np.zeros((len(sel), mod.k, r, width), dtype=np.int64)
            padded[:, :k] = digits
            mag[sel] = mod.log2abs(padded, axis=1)
        else:  # shift 0 for every prefix: the values themselves
            mag[sel] = by_k[k].approx(digits, axis=1)

    def digits_of(b: int) -> np.ndarray:
        """The digits ``(k_b, r, 1 + d)`` of basis ``b`` (for the exact comparisons)."""
        sel, digits = groups[int(need[b])]
        return digits[int(np.searchsorted(sel, b))]

    pos = sign[:, :, 1:] > 0
    if not pos.any(axis=1).all():  # cannot happen for positive W: the polytope is bounded
        raise AssertionError("lexicographic search met an unbounded direction")
    ratio = np.where(pos, _ratio_keys(sign[:, :, :1], mag[:, :, :1], mag[:, :, 1:], mod), np.inf)
    near = pos & _near_best(ratio, mod)
    leave = np.argmax(near, axis=1)
    hard = np.argwhere(near.sum(axis=1) > 1)
    if hard.size:
        det_digits = mod.digits(batch.det, axis=1)
        hb, hc = hard[:, 0], hard[:, 1]
        rows = near[hb, :, hc]
        chosen = _lex_ties(batch, sign, mag, det_digits, mod, hb, hc, rows)
        for h in np.flatnonzero(chosen < 0).tolist():
            b, c = int(hb[h]), int(hc[h])
            chosen[h] = _lex_min_row(
                batch, digits_of(b), det_digits, mod, b, c, np.flatnonzero(rows[h])
            )
        leave[hb, hc] = chosen
    return sign, leave


def _ratio_keys(
    num_sign: np.ndarray, num: np.ndarray, den: np.ndarray, mod: Moduli
) -> np.ndarray:
    """Floats ordered as the ratios ``num / den`` (``den > 0``), from magnitudes."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if not mod.shift:
            return np.where(num_sign == 0, 0.0, num / den)
        # sign * (C + log2|num| - log2 den) with C above any log ratio: monotone in the ratio
        offset = 2.0 * len(mod.radix) * 31 + 4
        return np.where(num_sign == 0, 0.0, num_sign * (offset + num - den))


def _near_best(keys: np.ndarray, mod: Moduli) -> np.ndarray:
    """Which keys floating point cannot tell from the smallest (rows on axis 1)."""
    best = keys.min(axis=1, keepdims=True)
    if mod.shift:  # log2 magnitudes are accurate to about 1e-12 absolute
        return keys <= best + 1e-6
    return keys <= best + _NEAR * np.abs(best)


def _lex_ties(
    batch: _Batch,
    sign: np.ndarray,
    mag: np.ndarray,
    det_digits: np.ndarray,
    mod: Moduli,
    hb: np.ndarray,
    hc: np.ndarray,
    cand: np.ndarray,
) -> np.ndarray:
    """The lexicographic ratio test of many tied columns at once; -1 where undecided.

    Floats rank the candidate rows column by column (the right-hand side, then the
    slack columns); the rows a float cannot separate from the smallest are kept only
    when they tie with it exactly: ``(v_i T_a - v_a T_i) / det`` is a minor of the
    payoffs (Sylvester's identity), so its residues are all zero exactly when it is.
    Anything else (a near tie that is not a tie, a determinant divisible by a prime)
    is left to the exact Python comparison.
    """
    nh, r = cand.shape
    d = batch.cob.shape[1]
    rows = np.arange(r)
    p3 = mod.primes[None, :, None]
    det_mag = (
        mod.log2abs(det_digits[hb], axis=1) if mod.shift else mod.approx(det_digits[hb], axis=1)
    )
    dinv_all = mod.inverse(batch.det[hb], axis=1)
    result = np.full(nh, -1)
    live = np.arange(nh)  # the pairs still undecided, shrinking column by column
    for q in range(r + 1):
        b, c, cnd = hb[live], hc[live], cand[live]
        piv_m = mag[b, :, 1 + c]  # (n, r): the pivot column, positive on candidates
        piv_r = batch.res[b, :, :, 1 + c]  # (n, k, r)
        det_r = batch.det[b]
        if q == 0:
            vs, vm, vr = sign[b, :, 0], mag[b, :, 0], batch.res[b, :, :, 0]
        else:  # the column of slack q - 1: a tableau column, or det times a unit vector
            var = d + q - 1
            cob = batch.cob[b]
            in_cob = (cob == var).any(axis=1)
            where = np.argmax(cob == var, axis=1)
            unit = rows[None, :] == np.argmax(batch.bas[b] == var, axis=1)[:, None]
            vs = np.where(in_cob[:, None], sign[b, :, 1 + where], unit.astype(np.int8))
            vm = np.where(in_cob[:, None], mag[b, :, 1 + where], det_mag[live, None])
            vr = np.where(
                in_cob[:, None, None],
                batch.res[b, :, :, 1 + where],
                np.where(unit[:, None, :], det_r[:, :, None], 0),
            )
        ratio = np.where(cnd, _ratio_keys(vs, vm, np.where(cnd, piv_m, 1.0), mod), np.inf)
        near = cnd & _near_best(ratio, mod)
        arg = np.argmin(ratio, axis=1)
        single = near.sum(axis=1) == 1
        result[live[single]] = arg[single]
        sub = np.flatnonzero(~single)
        if sub.size == 0:
            break
        # Keep a pair only if every near row ties exactly with the smallest.
        dinv = dinv_all[live[sub]]
        a_sub = arg[sub]
        cross = (
            vr[sub] * piv_r[sub, :, a_sub][:, :, None]
            - vr[sub, :, a_sub][:, :, None] * piv_r[sub]
        )
        cross = cross % p3 * dinv[:, :, None] % p3
        exact = ~(near[sub] & ~(cross == 0).all(axis=1)).any(axis=1)
        exact &= (det_r[sub] != 0).all(axis=1)
        keep = sub[exact]
        cand[live[keep]] = near[keep]
        live = live[keep]
        if live.size == 0:
            break
    return result


def _lex_min_row(
    batch: _Batch,
    digits: np.ndarray,
    det_digits: np.ndarray,
    mod: Moduli,
    b: int,
    c: int,
    rows: np.ndarray,
) -> int:
    """The lexicographic ratio test of column ``c`` of basis ``b`` in exact integers.

    ``digits`` are basis ``b``'s mixed-radix digits, ``(k_b, r, 1 + d)``. Rows are
    compared by ``(rhs_i, (B^-1)_i1, ..., (B^-1)_ir) / T_ic``: the right-hand
side, then the columns of the initial (slack) variables in order.
    """
    d, r = batch.cob.shape[1], batch.bas.shape[1]

    def value(i: int, j: int) -> int:
        return mod.value(digits[:, i, j])

    pivots = {i: value(i, 1 + c) for i in rows.tolist()}
    cands = list(pivots)

    def keep_min(column: dict[int, int]) -> list[int]:
        # minimise column[i] / pivots[i] (pivots positive): exact cross-multiplication
        best = cands[0]
        for i in cands[1:]:
            if column[i] * pivots[best] < column[best] * pivots[i]:
                best = i
        return [i for i in cands if column[i] * pivots[best] == column[best] * pivots[i]]

    cands = keep_min({i: value(i, 0) for i in cands})
    cob = batch.cob[b].tolist()
    bas = batch.bas[b].tolist()
    det = mod.value(det_digits[b])
    for j in range(r):
        if len(cands) == 1:
            break
        var = d + j
        if var in cob:
            q = cob.index(var)
            cands = keep_min({i: value(i, 1 + q) for i in cands})
        else:
            home = bas.index(var)
            cands = keep_min({i: (det if i == home else 0) for i in cands})
    if len(cands) != 1:  # rows of a basis inverse are independent: ties always break
        raise AssertionError("lexicographic ratio test left a tie")
    return cands[0]


def _pivot(
    batch: _Batch,
    parent: np.ndarray,
    row: np.ndarray,
    column: np.ndarray,
    bas: np.ndarray,
    cob: np.ndarray,
    mod: Moduli,
    w: list[list[int]],
) -> _Batch:
    """Integer (Edmonds) pivots of the parents' tableaux, all residues at once.

    ``T'[i, j] = (T[i, j] T[r, c] - T[i, c] T[r, j]) / det`` off the pivot row and
    column; the pivot row stays; the column of the leaving variable is ``-T[i, c]``
    with ``det`` in the pivot row; the new determinant is ``T[r, c]``.
    """
    n = len(parent)
    at = np.arange(n)
    new = batch.res[parent]  # a gather: a new array, pivoted in place
    col = 1 + column
    piv = new[at, :, row, col]  # (n, k)
    colc = new[at, :, :, col]  # (n, k, r)
    rowr = new[at, :, row, :]  # (n, k, 1 + d)
    det = batch.det[parent]
    dinv = mod.inverse(det, axis=1)
    # Each product of two residues is below 2**62, so is their difference: one reduction.
    # Blocks of about a megabyte stay in cache through the seven passes.
    step = max(8, _BLOCK_ENTRIES // new[0].size)
    for lo in range(0, n, step):
        blk = slice(lo, lo + step)
        part = new[blk]
        part *= piv[blk, :, None, None]
        part -= colc[blk, :, :, None] * rowr[blk, :, None, :]
        for lvl, p in enumerate(mod.radix_primes):  # a scalar modulus per prime: libdivide
            one = part[:, lvl]
            reduce_in_place(one, p)
            one *= dinv[blk, lvl, None, None]
            reduce_in_place(one, p)
    new[at, :, row, :] = rowr
    new[at, :, :, col] = (-colc) % mod.primes[None, :, None]
    new[at, :, row, col] = det
    out = _Batch(new, piv.copy(), cob, bas)
    # A parent determinant divisible by a prime (about one basis in 2**31 per prime) has
    # no modular inverse: rebuild those children exactly from their bases.
    for i in np.flatnonzero((det == 0).any(axis=1)).tolist():
        ints, size = exact_tableau(w, out.bas[i].tolist(), out.cob[i].tolist())
        out.res[i] = mod.reduce(ints)
        out.det[i] = mod.reduce(np.array([size], dtype=object))[:, 0]
    return out


def exact_tableau(w: list[list[int]], bas: list[int], cob: list[int]) -> tuple[np.ndarray, int]:
    """The integer tableau ``|det D| D^-1 [1 | N]`` of a basis, and ``|det D|``, exactly.

    ``D`` holds the columns of ``[W^T | I]`` of the basic variables (row ``i`` for
    ``bas[i]``), ``N`` those of the non-basic ones in the order ``cob``. Gaussian
    elimination in fractions: slow, for the rare rebuild and for tests.

    >>> exact_tableau([[2, 1], [1, 2]], bas=[0, 3], cob=[2, 1])  # z_0 and slack 1 basic
    (array([[1, 1, 1],
           [1, -1, 3]], dtype=object), 2)
    """
    from fractions import Fraction

    d, r = len(w), len(w[0])

    def column(v: int) -> list[int]:
        return [w[v][j] for j in range(r)] if v < d else [int(j == v - d) for j in range(r)]

    cols_d = [column(v) for v in bas]
    rhs_cols = [[1] * r] + [column(v) for v in cob]
    # Augmented [D | 1 N] in rows j, eliminated to [I | D^-1 (1 N)].
    aug = [
        [Fraction(cols_d[i][j]) for i in range(r)] + [Fraction(c[j]) for c in rhs_cols]
        for j in range(r)
    ]
    det = Fraction(1)
    for i in range(r):
        p = next(a for a in range(i, r) if aug[a][i] != 0)
        if p != i:
            aug[i], aug[p] = aug[p], aug[i]
            det = -det
        det *= aug[i][i]
        piv = aug[i][i]
        aug[i] = [v / piv for v in aug[i]]
        for a in range(r):
            if a != i and aug[a][i] != 0:
                f = aug[a][i]
                aug[a] = [va - f * vi for va, vi in zip(aug[a], aug[i])]
    size = abs(det)
    ints = np.empty((r, 1 + d), dtype=object)
    for i in range(r):
        for q in range(1 + d):
            v = aug[i][r + q] * size
            if v.denominator != 1:  # Cramer: every entry is a minor, an integer
                raise AssertionError("integer tableau entry is not an integer")
            ints[i, q] = int(v)
    return ints, int(size)


# --------------------------------------------------------------------- keys of bases
class _Keys:
    """Exact integer keys of sets of basic variables (for the visited set)."""

    def __init__(self, d: int, r: int) -> None:
        self.d, self.r = d, r
        total = d + r
        self.mode = "bits" if total <= 62 else "colex"
        size = min(d, r)
        if self.mode == "colex" and math.comb(total, size) >= 2**62:
            self.mode = "bytes"
        if self.mode == "colex":
            self.comb = np.array(
                [[math.comb(v, j) for j in range(size + 1)] for v in range(total + 1)],
                dtype=np.int64,
            )
        self.bits = 1 << np.arange(min(total, 62), dtype=np.int64)  # used in "bits" mode

    def of(self, bas: np.ndarray, cob: np.ndarray) -> np.ndarray:
        """Keys of bases: of their basic set, or of the non-basic one when it is smaller."""
        chosen = bas if self.r <= self.d else cob
        if self.mode == "bits":
            return self.bits[chosen].sum(axis=1)
        return self._of_sets(chosen)

    def neighbours(
        self, bas: np.ndarray, cob: np.ndarray, parent: np.ndarray, row: np.ndarray,
        column: np.ndarray,
    ) -> np.ndarray:
        """Keys of the bases reached by pivoting ``(row, column)`` of bases ``parent``."""
        enter, leave = cob[parent, column], bas[parent, row]
        if self.mode == "bits":  # one variable in, one out: the same flips on either set
            return self.of(bas, cob)[parent] ^ self.bits[enter] ^ self.bits[leave]
        at = np.arange(len(parent))
        if self.r <= self.d:
            chosen = bas[parent]
            chosen[at, row] = enter
        else:
            chosen = cob[parent]
            chosen[at, column] = leave
        return self._of_sets(chosen)

    def _of_sets(self, chosen: np.ndarray) -> np.ndarray:
        chosen = np.sort(chosen, axis=1)
        if self.mode == "colex":
            return self.comb[chosen, np.arange(1, chosen.shape[1] + 1)].sum(axis=1)
        return _as_void(chosen.astype(np.int32))


def _as_void(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a)
    return a.view(np.dtype((np.void, a.dtype.itemsize * a.shape[1]))).ravel()
