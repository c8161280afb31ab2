"""The profile likelihood of a logit fit over the fitted factors (private to
:mod:`triangle.solvers.logit_fit`).

The payoffs as functions of the factors (``FactorModel``), the maximum-likelihood point
of the principal branch for given payoffs (``fit_on_branch``), the scores by the implicit
function theorem (``branch_scores``) and their central differences (``score_hessian``),
and the maximisation over the factors on each smooth piece of the payoffs
(``fit_factors``, the pieces from :mod:`triangle.solvers._logit_pieces`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import sympy
from scipy import optimize

from triangle.errors import InvalidArgumentError, SolverError
from triangle.games.normal_form import NormalFormGame
from triangle.games.profiles import deviation_payoffs
from triangle.solvers._logit_kernel import LogitSystem, PathTracer, solve, solve_at_lam
from triangle.solvers._logit_pieces import in_piece, smooth_pieces
from triangle.solvers.logit import payoff_unit


# --------------------------------------------------------------------- the model
class FactorModel:
    """Payoffs (and their derivatives) as functions of the fitted factors."""

    def __init__(
        self,
        game: NormalFormGame,
        fitted: list[str],
        values: dict[str, float],
        payoffs: np.ndarray | None = None,
    ) -> None:
        self.game, self.fitted = game, fitted
        symbols = list(game.factors.values())
        self.names = [s.name for s in symbols]
        self.values = values
        # a piece's payoffs (its piecewise parts replaced by their branches), else the game's
        flat = list((game.payoffs if payoffs is None else payoffs).flat)
        self.shape = game.payoffs.shape
        self._payoffs = sympy.lambdify(symbols, flat, modules="numpy", cse=True)
        derivs = [sympy.diff(e, game.factors[f]) for f in fitted for e in flat]
        self._derivs = sympy.lambdify(symbols, derivs, modules="numpy", cse=True)

    def _args(self, theta: np.ndarray) -> list[float]:
        vals = dict(self.values)
        vals.update(zip(self.fitted, (float(t) for t in theta)))
        return [vals[n] for n in self.names]

    def payoffs(self, theta: np.ndarray) -> np.ndarray:
        u = np.array([float(c) for c in self._payoffs(*self._args(theta))]).reshape(self.shape)
        if not np.all(np.isfinite(u)):
            raise SolverError(
                f"the payoffs are not finite at factors {dict(zip(self.fitted, theta))}; "
                f"constrain the factors or start nearer their plausible values."
            )
        return u

    def derivatives(self, theta: np.ndarray) -> list[np.ndarray]:
        d = np.array([float(c) for c in self._derivs(*self._args(theta))])
        return list(d.reshape(len(self.fitted), *self.shape))


@dataclass
class BranchFit:
    lam: float
    z: np.ndarray
    loglik: float
    boundary: str | None
    system: LogitSystem


def fit_on_branch(
    payoffs: np.ndarray, n_flat: np.ndarray, maxregret: float, trace: dict[str, Any]
) -> BranchFit:
    """The point of the principal branch with the largest likelihood (global, by tracing).

    Traced on the payoffs divided by their range (see ``payoff_unit``); the point returned
    has ``lam`` in the units of ``payoffs``.
    """
    unit = payoff_unit(payoffs)
    system = LogitSystem(payoffs / unit)
    tracer = PathTracer(system, trace["first_step"], trace["max_accel"])
    scale = max(1.0, float(n_flat.sum()))

    def slope(z: np.ndarray, t: np.ndarray) -> float:
        return float(n_flat @ t[:-1])

    def loglik(z: np.ndarray) -> float:
        return float(n_flat @ z[:-1])

    best_ll, best_z = loglik(tracer.z), tracer.z
    g_prev = slope(tracer.z, tracer.t)
    while system.max_regret(tracer.probs(), tracer.devs) > maxregret:
        if tracer.steps >= trace["max_steps"]:
            raise SolverError(
                f"logit_fit traced max_steps = {trace['max_steps']} steps (lam = "
                f"{tracer.lam:.6g}) without reaching the end of the branch; raise max_steps."
            )
        tracer.advance()
        g = slope(tracer.z, tracer.t)
        if g_prev > 0 >= g:  # a local maximum of the likelihood inside the last step
            z = tracer.land(slope, 1e-12 * scale)[0]
            if loglik(z) > best_ll:
                best_ll, best_z = loglik(z), z
        g_prev = g
    end_ll = loglik(tracer.z)
    raw = LogitSystem(payoffs)
    if g_prev > 0 and end_ll >= best_ll:
        z = np.append(tracer.z[:-1], tracer.z[-1] / unit)
        return BranchFit(math.inf, z, end_ll, "infinity", raw)
    boundary = "zero" if best_z[-1] == 0.0 else None
    z = np.append(best_z[:-1], best_z[-1] / unit)
    return BranchFit(float(z[-1]), z, best_ll, boundary, raw)


def branch_scores(
    model: FactorModel | None,
    payoffs: np.ndarray,
    theta: np.ndarray,
    z: np.ndarray,
    lam: float,
    n_flat: np.ndarray,
    scale: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The point at ``lam`` near ``z`` (Newton), the score of every parameter there
    (``n . dx/dphi`` by the implicit function theorem) and ``dx/dphi``."""
    system = LogitSystem(payoffs / scale)
    z = solve_at_lam(system, z, lam)
    res, jac, _ = system.evaluate(z)
    if float(np.abs(res).max()) > 1e-8 * max(1.0, float(np.abs(z).max())):
        raise SolverError(
            f"could not solve the logit equations near the estimate at lam = {lam:.6g} (a "
            f"turning point of the branch?); standard errors are unavailable there."
        )
    columns = [jac[:, -1]]
    if model is not None:
        probs = tuple(np.exp(x) for x in system.split(z[:-1]))
        for d in model.derivatives(theta):
            devs = [deviation_payoffs(d / scale, probs, i) for i in range(len(probs))]
            columns.append(system.gains(devs, lam))
    dx = solve(jac[:, :-1], np.column_stack(columns))
    if dx is None:
        raise SolverError(
            f"the logit equations are singular at lam = {lam:.6g} (a turning point of the "
            f"branch); standard errors are unavailable there."
        )
    dx = -dx
    return z, n_flat @ dx, dx


@dataclass
class FactorFit:
    theta: np.ndarray
    inner: BranchFit
    model: FactorModel
    piece: str
    pieces: tuple[tuple[str, float], ...]
    edge: tuple[str, ...]


@dataclass(frozen=True)
class FitSettings:
    """What every fit over the factors shares, piece after piece: the observed counts
    (flat), the largest regret that ends a branch, the tracer's settings, and the list
    the fit writes its notes to."""

    n_flat: np.ndarray
    maxregret: float
    trace: dict[str, Any]
    notes: list[str]


def fit_factors(
    model: FactorModel,
    theta0: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    settings: FitSettings,
) -> FactorFit:
    """Maximise the profile likelihood over the factors, on each smooth piece of the
    payoffs along them (``_logit_pieces``), and keep the best."""
    game, notes = model.game, settings.notes
    try:
        pieces = smooth_pieces(game.payoffs, game.factors, model.fitted, model.values, low, high)
    except ValueError as exc:
        raise InvalidArgumentError(str(exc)) from None
    if not pieces:
        return _whole_fit(model, theta0, low, high, settings, ())
    exact = pieces[0].exact
    fits = []
    for piece in pieces:
        sub = FactorModel(game, model.fitted, model.values, payoffs=piece.payoffs)
        sub_notes: list[str] = []  # kept only for the piece that wins
        start = piece.start(theta0)
        theta, inner = _maximise(sub, start, piece.low, piece.high,
                                 replace(settings, notes=sub_notes))
        point = {game.factors[k]: v for k, v in model.values.items()}
        point.update({game.factors[f]: float(t) for f, t in zip(model.fitted, theta)})
        attained = in_piece(piece, point)  # False only on a switch the piece excludes
        ok = piece.exact or attained
        fits.append((inner.loglik, ok, piece, sub, theta, inner, sub_notes, attained))
    listed = tuple((p.description, float(ll)) for ll, ok, p, *_ in fits if ok)
    valid = [f for f in fits if f[1]]
    if not exact:
        notes.append(
            "the payoffs switch on surfaces in the fitted factors (where a step of the "
            "payoffs turns, several fitted factors move the switch): each combination of "
            f"branches ({len(pieces)}) was fitted as a smooth game from the start and the "
            f"best fit lying in its own piece kept ({len(valid)} did); a maximum on a "
            "switch between pieces is not located."
        )
    if not valid:
        notes.append(
            "no piece's own maximum lies inside it: the likelihood is largest on a switch "
            "between pieces, which this fit does not locate; the estimate is a local fit of "
            "the piecewise game from the start."
        )
        return _whole_fit(model, theta0, low, high, settings, listed)
    _, _, piece, sub, theta, inner, sub_notes, attained = max(valid, key=lambda f: f[0])
    notes.extend(sub_notes)
    edge = _edges(model.fitted, theta, piece.low, piece.high, piece.switch_low,
                  piece.switch_high, piece.description, notes, attained)
    return FactorFit(theta, inner, sub, piece.description, listed, edge)


def _whole_fit(
    model: FactorModel,
    theta0: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    settings: FitSettings,
    listed: tuple[tuple[str, float], ...],
) -> FactorFit:
    """The fit of the whole game from the start, as one piece (smooth payoffs, or no
    piece whose own maximum lies inside it)."""
    theta, inner = _maximise(model, theta0, low, high, settings)
    flat = (False,) * len(theta)
    edge = _edges(model.fitted, theta, low, high, flat, flat, "", settings.notes)
    return FactorFit(theta, inner, model, "", listed, edge)


def _maximise(
    model: FactorModel,
    theta0: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    settings: FitSettings,
) -> tuple[np.ndarray, BranchFit]:
    """Maximise the profile likelihood of a smooth model over the factors within a box
    (BFGS where unbounded, else L-BFGS-B), with the envelope-theorem gradient."""
    n_flat = settings.n_flat
    cache: dict[bytes, tuple[float, np.ndarray, BranchFit]] = {}

    def evaluate(theta: np.ndarray) -> tuple[float, np.ndarray, BranchFit]:
        key = np.asarray(theta, float).tobytes()
        if key not in cache:
            payoffs = model.payoffs(theta)
            inner = fit_on_branch(payoffs, n_flat, settings.maxregret, settings.trace)
            lam = inner.z[-1] if inner.boundary == "infinity" else inner.lam
            _, score, _ = branch_scores(model, payoffs, theta, inner.z, float(lam), n_flat, 1.0)
            cache[key] = (-inner.loglik, -score[1:], inner)
        return cache[key]

    scale = max(1.0, float(n_flat.sum()))
    bounded = bool(np.isfinite(low).any() or np.isfinite(high).any())
    if bounded:
        result = optimize.minimize(
            lambda th: evaluate(th)[:2],
            np.clip(theta0, low, high),
            jac=True,
            method="L-BFGS-B",
            bounds=[(lo if np.isfinite(lo) else None, hi if np.isfinite(hi) else None)
                    for lo, hi in zip(low, high)],
            options={"gtol": 1e-7 * scale, "ftol": 1e-15, "maxiter": 200},
        )
    else:
        result = optimize.minimize(
            lambda th: evaluate(th)[:2],
            theta0,
            jac=True,
            method="BFGS",
            options={"gtol": 1e-7 * scale, "maxiter": 200},
        )
    theta = np.asarray(result.x, dtype=float)
    _, grad, inner = evaluate(theta)
    free = ~(np.isclose(theta, low, rtol=0, atol=1e-9) | np.isclose(theta, high, rtol=0,
                                                                    atol=1e-9))
    largest = float(np.abs(grad[free]).max()) if free.any() else 0.0
    if not result.success and largest > 1e-4 * scale:
        settings.notes.append(
            f"the optimiser over the factors stopped early ({result.message}); the "
            f"largest score is {largest:.3g}."
        )
    return theta, inner


def _edges(
    fitted: list[str],
    theta: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    switch_low: tuple[bool, ...],
    switch_high: tuple[bool, ...],
    piece: str,
    notes: list[str],
    attained: bool = True,
) -> tuple[str, ...]:
    """The fitted factors at an edge of their box, each with a note saying which edge."""
    out = []
    for k, name in enumerate(fitted):
        for end, switch in ((low[k], switch_low[k]), (high[k], switch_high[k])):
            if not (np.isfinite(end) and abs(theta[k] - end) <= 1e-9 * max(1.0, abs(end))):
                continue
            out.append(name)
            if switch:
                where = (
                    "the payoffs there are this piece's, so the estimate is its maximum"
                    if attained
                    else "at the switch itself the payoffs are the next piece's, so the "
                    "estimate is this piece's supremum, approached from inside"
                )
                notes.append(
                    f"{name} = {theta[k]:.6g} is on an edge of its piece ({piece}) where "
                    f"the payoffs switch and the likelihood jumps ({where}). Its standard "
                    f"error is NaN; the others' are conditional on it."
                )
            else:
                notes.append(
                    f"{name} = {theta[k]:.6g} is at an end of its bounds ({end:.6g}: the "
                    f"scenario's plausible range, the factor's sign, or bounds=): a "
                    f"boundary estimate. Its standard error is NaN; the others' are "
                    f"conditional on it."
                )
            break
    return tuple(out)


def score_hessian(
    model: FactorModel | None,
    payoffs_at: Any,
    theta: np.ndarray,
    z: np.ndarray,
    lam: float,
    n_flat: np.ndarray,
    scale: float,
) -> np.ndarray:
    """Central differences of the exact score (forward at lam = 0)."""
    phi = np.array([lam, *theta], dtype=float)
    k = len(phi)
    hess = np.empty((k, k))
    for j in range(k):
        h = 1e-5 * max(1.0, abs(phi[j]))
        cols = []
        for sign in (1.0, -1.0):
            trial = phi.copy()
            trial[j] += sign * h
            if j == 0 and trial[0] < 0:  # lam stays >= 0: forward difference
                trial[0] = phi[0]
            th = trial[1:]
            payoffs = payoffs_at(th)
            score = branch_scores(model, payoffs, th, z, trial[0], n_flat, scale)[1]
            cols.append((trial[j], score))
        (a, sa), (b, sb) = cols
        hess[:, j] = (sa - sb) / (a - b)
    return hess
