"""Kernel of the logit QRE solvers: the equations in log-probability coordinates and the
predictor-corrector path follower that traces their solution curve.

Private to :mod:`triangle.solvers` (used by :mod:`triangle.solvers.logit` and
:mod:`triangle.solvers.logit_fit`); the public functions validate their input first.

The unknowns are ``z = (x, lam)`` with ``x`` the log-probabilities of every player's
strategies, stacked in player order (``M = m_1 + ... + m_n`` of them). For each player
``i`` with strategies ``0 .. m_i - 1`` there are ``m_i`` equations (Turocy 2005, section 3,
as Gambit's ``nfglogit.cc`` writes them):

- ``sum_j exp(x_ij) - 1 = 0``, and
- ``x_ij - x_i0 - lam * (u_ij(p) - u_i0(p)) = 0`` for ``j >= 1``,

where ``u_ij(p)`` is player i's expected payoff from strategy j against the others' mixed
strategies ``p = exp(x)``. These are ``M`` equations in ``M + 1`` unknowns: their solutions
form curves, and the one through the centroid at ``lam = 0`` is the principal branch.
Log coordinates keep every probability positive and turn the approach to a Nash
equilibrium (probabilities of inferior strategies falling like ``exp(-lam * gap)``) into
straight lines, so the arc length grows with ``lam`` and steps can grow with it.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy.linalg import lapack

from triangle.errors import SolverError

__all__ = [
    "LogitSystem",
    "PathTracer",
    "lu",
    "lu_solve",
    "solve",
    "solve_at_lam",
    "tangent_and_step",
]


class LogitSystem:
    """The logit equations of one numeric game (payoffs as a float array ``(n, m_1..m_n)``).

    Equations are ordered with the ``n`` sum-to-one rows first, then the ratio rows of each
    player in turn. With ``G`` the block matrix whose block ``(i, k)`` (``i != k``) holds
    player i's payoffs against player k's pure strategies, the others mixing, and ``D`` the
    matrix of differences ``row j - row 0`` within each player, the ratio rows are
    ``D x - lam * D u`` with ``u = G p / (n - 1)``, and their Jacobian in ``x`` is
    ``D - lam * (D G) diag(p)``: for two players ``G`` is constant, so the Jacobian costs one
    product.
    """

    def __init__(self, payoffs: np.ndarray) -> None:
        self.payoffs = np.ascontiguousarray(payoffs, dtype=float)
        self.n = self.payoffs.shape[0]
        self.shape = tuple(int(m) for m in self.payoffs.shape[1:])
        self.offsets = tuple(int(o) for o in np.concatenate([[0], np.cumsum(self.shape)]))
        self.size = self.offsets[-1]
        size, o = self.size, self.offsets
        self._slices = [slice(o[i], o[i + 1]) for i in range(self.n)]
        self._sum = np.zeros((self.n, size))
        diff_rows = []
        for i, m in enumerate(self.shape):
            self._sum[i, o[i] : o[i + 1]] = 1.0
            for j in range(1, m):
                row = np.zeros(size)
                row[o[i] + j], row[o[i]] = 1.0, -1.0
                diff_rows.append(row)
        self._diff = np.array(diff_rows).reshape(-1, size)
        # For each pair of players {i, k}: player i's payoffs with axes i and k first and the
        # others' axes flattened last, stacked on player k's the other way round, so that
        # blocks (i, k) and (k, i) of G come from one matrix-vector product with the
        # others' joint distribution, written into G through precomputed flat indices.
        self._pairs: list[tuple[list[int], np.ndarray, np.ndarray]] = []
        for i in range(self.n):
            for k in range(i + 1, self.n):
                stacked, index = [], []
                for a, b in ((i, k), (k, i)):
                    t = np.ascontiguousarray(np.moveaxis(self.payoffs[a], (a, b), (0, 1)))
                    stacked.append(t.reshape(self.shape[a] * self.shape[b], -1))
                    rows = np.arange(o[a], o[a + 1])[:, None] * size
                    index.append((rows + np.arange(o[b], o[b + 1])[None, :]).ravel())
                others = [m for m in range(self.n) if m not in (i, k)]
                self._pairs.append((others, np.vstack(stacked), np.concatenate(index)))
        self._g_const = self._g_matrix(None) if self.n == 2 else None
        self._dg_const = self._diff @ self._g_const if self._g_const is not None else None

    # ----------------------------------------------------------------- helpers
    def split(self, v: np.ndarray) -> list[np.ndarray]:
        """Cut a stacked vector into one block per player."""
        return [v[cut] for cut in self._slices]

    def centroid(self) -> np.ndarray:
        """The starting point ``z`` at ``lam = 0``: log of the uniform profile."""
        x = np.concatenate([np.full(m, -math.log(m)) for m in self.shape])
        return np.append(x, 0.0)

    def _g_matrix(self, probs: list[np.ndarray] | None) -> np.ndarray:
        g = np.zeros(self.size * self.size)
        for others, stacked, index in self._pairs:
            if probs is None or not others:  # two players: the payoff matrices themselves
                g[index] = stacked[:, 0]
                continue
            joint = probs[others[0]]
            for m in others[1:]:  # the others' joint distribution, in axis order
                joint = np.multiply.outer(joint, probs[m]).ravel()
            g[index] = stacked @ joint
        return g.reshape(self.size, self.size)

    def pairs(self, probs: list[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
        """The block matrix ``G`` at ``probs`` and each player's payoff from each pure
        strategy (a list of arrays, one per player)."""
        g = self._g_const if self._g_const is not None else self._g_matrix(probs)
        u = g @ np.concatenate(probs) / (self.n - 1)
        return g, self.split(u)

    # ----------------------------------------------------------------- the equations
    def evaluate(self, z: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
        """The residual ``H(z)`` (length M), its Jacobian ``(M, M + 1)``, and the payoffs
        of each pure strategy at ``p = exp(x)``."""
        lam = z[-1]
        x = z[:-1]
        p = np.exp(x)
        probs = self.split(p)
        if self._g_const is not None:
            g, dg = self._g_const, self._dg_const
        else:
            g = self._g_matrix(probs)
            dg = self._diff @ g
        u = g @ p / (self.n - 1)
        n = self.n
        res = np.empty(self.size)
        jac = np.empty((self.size, self.size + 1))
        res[:n] = self._sum @ p - 1.0
        jac[:n, :-1] = self._sum * p
        jac[:n, -1] = 0.0
        gain = self._diff @ u
        res[n:] = self._diff @ x - lam * gain
        jac[n:, :-1] = self._diff - lam * dg * p
        jac[n:, -1] = -gain
        return res, jac, self.split(u)

    def residual(self, z: np.ndarray) -> np.ndarray:
        """The residual ``H(z)`` alone (the chord iterations need no Jacobian)."""
        x = z[:-1]
        p = np.exp(x)
        g = self._g_const if self._g_const is not None else self._g_matrix(self.split(p))
        u = g @ p / (self.n - 1)
        res = np.empty(self.size)
        res[: self.n] = self._sum @ p - 1.0
        res[self.n :] = self._diff @ x - z[-1] * (self._diff @ u)
        return res

    def gains(self, theta_devs: list[np.ndarray], lam: float) -> np.ndarray:
        """Derivative of ``H`` with respect to a payoff parameter whose derivative tensor
        gives the pure-strategy payoffs ``theta_devs`` (one array per player)."""
        out = np.zeros(self.size)
        out[self.n :] = -lam * (self._diff @ np.concatenate(theta_devs))
        return out

    def max_regret(self, probs: list[np.ndarray], devs: list[np.ndarray]) -> float:
        """The largest gain of a unilateral deviation (in this system's payoff units)."""
        return max(float(d.max() - d @ p) for d, p in zip(devs, probs))


# LAPACK is called directly, one right-hand side at a time: these systems are small (tens
# of unknowns), where numpy.linalg.solve and scipy.linalg.lu_solve spend 10-1000 times
# longer in wrappers and in OpenBLAS's threaded multi-column triangular solves (measured
# on a loaded 2-core machine: dgetrs with one column 0.5 us, with two 3 ms).
def lu(a: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """LU factors of a square matrix, or None when it is singular or not finite."""
    if not np.all(np.isfinite(a)):
        return None
    factors, piv, info = lapack.dgetrf(a)
    return None if info != 0 else (factors, piv)


def lu_solve(factors: tuple[np.ndarray, np.ndarray], b: np.ndarray) -> np.ndarray:
    """Solve with the factors of :func:`lu` (one right-hand side)."""
    x, _ = lapack.dgetrs(factors[0], factors[1], b)
    return x


def solve(a: np.ndarray, b: np.ndarray) -> np.ndarray | None:
    """``a^{-1} b`` for a vector or the columns of a matrix ``b``; None if ``a`` is singular."""
    factors = lu(a)
    if factors is None:
        return None
    if b.ndim == 1:
        return lu_solve(factors, b)
    return np.column_stack([lu_solve(factors, np.ascontiguousarray(c)) for c in b.T])


def tangent_and_step(
    jac: np.ndarray, res: np.ndarray, t_ref: np.ndarray
) -> tuple[np.ndarray, np.ndarray, float]:
    """The unit tangent at a point (oriented like ``t_ref``), the Newton correction, and
    the sign of ``det [J; t_ref]``.

    All three come from one LU factorisation of the Jacobian bordered by ``t_ref``
    (Allgower and Georg 1990, *Numerical Continuation Methods*; Keller's pseudo-arclength
    corrector):
    ``[J; t_ref] v = (0, 1)`` gives the tangent direction (``t_ref . v = 1 > 0`` keeps the
    orientation), and ``[J; t_ref] d = (H, 0)`` the correction, orthogonal to ``t_ref``.
    ``det [J; v] = |c|^2 / det [J; t_ref]`` (``c`` the cofactors of the last row, parallel
    to ``v``), so the sign says whether ``v`` has the curve's intrinsic orientation; that
    orientation is constant along a regular curve, turning points in ``lam`` included,
    and changes only where ``J`` loses rank: a bifurcation (Allgower and Georg 1990).
    The correction is infinite when the bordered matrix is singular.
    """
    size = jac.shape[0]
    bordered = np.empty((size + 1, size + 1))
    bordered[:size] = jac
    bordered[size] = t_ref
    factors = lu(bordered)
    if factors is None:
        return t_ref, np.full(size + 1, np.inf), 0.0
    rhs = np.zeros(size + 1)
    rhs[:size] = res
    step = lu_solve(factors, rhs)
    rhs[:] = 0.0
    rhs[size] = 1.0
    v = lu_solve(factors, rhs)
    swaps = int(np.count_nonzero(factors[1] != np.arange(size + 1)))
    sign = float(np.prod(np.sign(np.diag(factors[0])))) * (-1.0) ** swaps
    return v / math.sqrt(float(v @ v)), step, sign


class PathTracer:
    """Predictor-corrector continuation along the solution curve of a :class:`LogitSystem`.

    The step-size control is that of Allgower and Georg 1990, as in Gambit's
    ``PathTracer``: a step is refused, and the step length halved, when the first chord
    correction exceeds ``MAX_DIST``, when the chord iteration contracts by less than
    ``MAX_CONTR`` per iteration or needs more than ``MAX_ITER`` iterations, when the
    tangent turns by more than ``MAX_TURN`` radians, or when the orientation of the curve
    (the sign of ``det [J; t]``) changes: the signs that the predictor left the
    neighbourhood where the corrector converges to the branch it came from. Accepted steps
    grow by at most ``max_accel``, slowed by how close the statistics came to their limits.
    The tangent keeps its direction (positive scalar product with the previous one), which
    lets the branch turn back in ``lam``.
    """

    MAX_DIST = 0.4
    MAX_CONTR = 0.6
    ETA = 1e-5
    MAX_ITER = 10
    MAX_TURN = math.pi / 18
    CHORD_TOL = 1e-6
    POLISH = 1e-7
    TOL = 1e-11
    H_MIN = 1e-12
    H_BIF = 1e-4

    def __init__(self, system: LogitSystem, first_step: float, max_accel: float) -> None:
        self.system = system
        self.max_accel = max_accel
        self.h = first_step
        z = system.centroid()
        res, jac, devs = system.evaluate(z)
        # At lam = 0 the Jacobian in x is nonsingular, so bordering by the lam axis works and
        # orients the start toward increasing lam.
        up = np.zeros(system.size + 1)
        up[-1] = 1.0
        t, _, sign = tangent_and_step(jac, res, up)
        self.z, self.t, self.devs = z, t, devs
        self.orientation = sign  # the sign of det [J; t] along the branch
        self.bifurcations: list[float] = []
        self.prev: tuple[np.ndarray, np.ndarray] | None = None
        self.last_h = 0.0
        self.steps = 0
        self.rejected = 0

    @property
    def lam(self) -> float:
        return float(self.z[-1])

    def probs(self, z: np.ndarray | None = None) -> list[np.ndarray]:
        return [np.exp(x) for x in self.system.split((self.z if z is None else z)[:-1])]

    def correct(
        self, u: np.ndarray, t_ref: np.ndarray, strict: bool = True
    ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray], float, float] | None:
        """Bring the predicted point ``u`` back onto the curve, corrections orthogonal to
        ``t_ref``; None if the step is refused (``strict``) or the corrector fails.

        Two phases. First the chord method, as in Gambit: the bordered Jacobian at the
        predicted point is factorised once and reused, so the iteration contracts only
        where that Jacobian still describes the curve, and its contraction rate is a
        faithful test that the predictor stayed in the basin of the branch it came from
        (full Newton would converge from much farther, to whichever branch is nearest).
        Then, from within ``CHORD_TOL`` of the curve, Newton's method polishes the point to
        ``TOL``, and the Jacobian there gives the tangent.

        Returns the point, its unit tangent (oriented like ``t_ref``), the pure-strategy
        payoffs there, the deceleration factor for the next step and the orientation sign
        (see :func:`tangent_and_step`).
        """
        decel = 1.0 / self.max_accel
        u = u.copy()
        size = self.system.size
        res, jac, _ = self.system.evaluate(u)
        bordered = np.empty((size + 1, size + 1))
        bordered[:size] = jac
        bordered[size] = t_ref
        factors = lu(bordered)
        if factors is None:
            return None
        rhs = np.zeros(size + 1)
        previous = 0.0
        for it in range(1, 4 * self.MAX_ITER):
            rhs[:size] = res
            step = lu_solve(factors, rhs)
            dist = math.sqrt(float(step @ step))
            if not np.isfinite(dist):
                return None
            u -= step
            if dist >= self.MAX_DIST and strict:
                return None
            decel = max(decel, math.sqrt(dist / self.MAX_DIST) * self.max_accel)
            if it >= 2:
                contraction = dist / (previous + self.ETA)
                if strict and (contraction > self.MAX_CONTR or it > self.MAX_ITER):
                    return None
                decel = max(decel, math.sqrt(contraction / self.MAX_CONTR) * self.max_accel)
            if dist <= self.CHORD_TOL * max(1.0, float(np.abs(u).max())):
                break
            previous = dist
            res = self.system.residual(u)
        else:
            return None
        for _ in range(8):
            res, jac, devs = self.system.evaluate(u)
            t, step, sign = tangent_and_step(jac, res, t_ref)
            dist = math.sqrt(float(step @ step))
            if not np.isfinite(dist):
                return None
            u -= step
            # Relative tolerance: far along the branch |x| and lam grow, and so does rounding.
            # A Newton step below POLISH leaves an error of the order of its square, far
            # below TOL, so the point is accepted without one more evaluation.
            size_u = max(1.0, float(np.abs(u).max()))
            if dist <= self.TOL * size_u or dist <= self.POLISH * size_u:
                return u, t, devs, decel, sign
        return None

    def advance(self) -> None:
        """Take one accepted predictor-corrector step (refused steps are retried shorter)."""
        while True:
            if self.h < self.H_MIN:
                raise SolverError(
                    f"the logit branch tracer's step fell below {self.H_MIN:g} at lam = "
                    f"{self.lam:.6g} ({self.steps} steps): the branch may pass through a "
                    f"bifurcation there. Please report this with the game."
                )
            out = self.correct(self.z + self.h * self.t, self.t)
            if out is not None:
                z, t, devs, decel, sign = out
                turn = math.acos(min(1.0, max(-1.0, float(t @ self.t))))
                # An orientation flip means the step passed a point where J loses rank, or
                # jumped to another branch: shorter steps tell the two apart. A flip that
                # persists down to H_BIF is a genuine bifurcation (degenerate games): the
                # branch is continued straight through it, and the point is recorded. (Much
                # shorter steps would creep up to the singular point, where the tangent is
                # undefined and the corrector fails.)
                flipped = sign != self.orientation
                small = self.h <= self.H_BIF * max(1.0, float(np.abs(self.z).max()))
                if turn <= self.MAX_TURN and (not flipped or small):
                    if flipped:
                        self.orientation = sign
                        self.bifurcations.append(float(z[-1]))
                    self.prev = (self.z, self.t)
                    self.last_h = self.h
                    self.z, self.t, self.devs = z, t, devs
                    self.h = self.h / min(max(decel, turn / self.MAX_TURN), self.max_accel)
                    self.steps += 1
                    return
            self.rejected += 1
            self.h /= 2.0

    def land(
        self, criterion: Callable[[np.ndarray, np.ndarray], float], ftol: float
    ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
        """The point of the last step's arc where ``criterion(z, t)`` changes sign.

        ``criterion`` has opposite signs (or a zero) at the two ends of the last accepted
        step; the zero is found by the Illinois variant of regula falsi on the predictor
        length, each trial point being corrected back onto the branch.
        """
        if self.prev is None:
            raise SolverError("land() needs one accepted step first.")  # pragma: no cover
        z0, t0 = self.prev
        a, fa = 0.0, criterion(z0, t0)
        b, fb = self.last_h, criterion(self.z, self.t)
        best = (self.z, self.t, self.devs) if abs(fb) <= abs(fa) else None
        if fa == 0.0:
            return z0, t0, self.system.evaluate(z0)[2]
        for _ in range(100):
            if fb == 0.0 or abs(fb) <= ftol:
                break
            s = b - fb * (b - a) / (fb - fa)
            out = self.correct(z0 + s * t0, t0, strict=False)
            if out is None:  # pragma: no cover - the step was accepted, so this converges
                raise SolverError("could not correct a point inside an accepted step.")
            z, t, devs = out[:3]
            fs = criterion(z, t)
            best = (z, t, devs)
            if fs * fb < 0:
                a, fa = b, fb
            else:
                fa /= 2.0
            b, fb = s, fs
            if abs(b - a) <= 1e-15 * max(1.0, self.last_h):
                break
        if best is None:  # pragma: no cover
            raise SolverError("the landing search did not move.")
        return best

    def fix_lam(self, z: np.ndarray, lam: float) -> np.ndarray:
        """Polish ``z`` with ``lam`` held fixed (see :func:`solve_at_lam`)."""
        return solve_at_lam(self.system, z, lam)


def solve_at_lam(system: LogitSystem, z: np.ndarray, lam: float, iterations: int = 8) -> np.ndarray:
    """Newton's method on the square system in ``x`` with ``lam`` held fixed, from ``z``.

    Keeps the best point found (the starting one if no step reduces the residual: near a
    turning point the square system is singular).
    """
    z = z.copy()
    z[-1] = lam
    res, jac, _ = system.evaluate(z)
    best, best_norm = z, float(np.abs(res).max())
    for _ in range(iterations):
        step = solve(jac[:, :-1], res)
        if step is None:
            break
        trial = z.copy()
        trial[:-1] -= step
        res, jac, _ = system.evaluate(trial)
        norm = float(np.abs(res).max())
        if not norm < best_norm:
            break
        z, best, best_norm = trial, trial, norm
        if norm <= 1e-14 * max(1.0, float(np.abs(z).max())):
            break
    return best
