"""Maximum-likelihood fit of the logit QRE to observed play: ``lam`` and, for a game with
free factors, the factors too, with standard errors.

The model: each observed choice of player ``i`` is strategy ``j`` with the probability
``p_ij`` of the logit QRE on the principal branch. With counts ``n_ij`` the log-likelihood
is ``sum n_ij log p_ij``; in the log-probability coordinates the tracer uses it is linear,
``n . x``, and its derivative along the branch is ``n . dx/ds``.

References: ``mckelvey1995``.
"""

from __future__ import annotations

import html
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy
from scipy import optimize

from triangle.citations import register as _cite
from triangle.errors import InvalidArgumentError, SolverError, SymbolicGameError, unknown_name
from triangle.games.aliases import CountsLike
from triangle.games.normal_form import NormalFormGame
from triangle.games.profiles import deviation_payoffs
from triangle.games.results import SolverResult
from triangle.solvers._logit_kernel import LogitSystem, PathTracer, solve, solve_at_lam
from triangle.solvers.logit import LogitQRE, make_point, payoff_unit, positive
from triangle.solvers.logit_latex import FitLatex

__all__ = ["LogitFit", "logit_fit"]


# --------------------------------------------------------------------- result
@dataclass(frozen=True, eq=False)
class LogitFit(FitLatex, SolverResult):
    """The maximum-likelihood logit QRE for observed counts of play.

    Attributes
    ----------
    lam
        The estimate of ``lam`` (``inf`` when the likelihood still rises at the Nash
        limit; see ``boundary``).
    lam_se
        Its standard error, from the observed information (the negative Hessian of the
        log-likelihood at the estimate); NaN when undefined.
    factors, factor_se
        The fitted factors and their standard errors, by name (empty for a numeric game).
    params, estimates, cov
        The parameters in order (``"lam"`` first, then the factors), their estimates and
        the covariance matrix, the inverse of the observed information.
    loglik
        The log-likelihood at the estimate (``sum n_ij log p_ij``).
    n_obs
        The number of observations (the sum of the counts).
    profile
        The fitted QRE (a :class:`~triangle.solvers.logit.LogitQRE`).
    profile_se
        Standard errors of the fitted probabilities, by the delta method (one array per
        player).
    boundary
        ``None`` for an interior estimate, ``"zero"`` when the likelihood is largest at
        ``lam = 0``, ``"infinity"`` when it rises all along the branch; standard errors at
        a boundary do not carry their usual meaning.
    normalized
        Whether ``lam`` is per payoff range.
    notes
        What the user should know (identification, boundaries).

    Examples
    --------
    >>> import triangle as tri
    >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                       strategies=(("C", "D"), ("C", "D")))
    >>> fit = tri.logit_fit(pd, [[30, 70], [25, 75]])
    >>> round(fit.lam, 4), round(fit.lam_se, 4)  # pygambit's logit_estimate: lam 0.7603
    (0.7603, 0.143)
    >>> lo, hi = fit.confint()["lam"]
    >>> bool(lo < fit.lam < hi)
    True
    """

    lam: float
    lam_se: float
    factors: dict[str, float]
    factor_se: dict[str, float]
    params: tuple[str, ...]
    estimates: np.ndarray
    cov: np.ndarray
    loglik: float
    n_obs: float
    profile: LogitQRE
    profile_se: tuple[np.ndarray, ...]
    boundary: str | None = None
    normalized: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)
    # when it was fitted, for its provenance (SolverResult.provenance)
    _created: float = field(default_factory=time.time, repr=False, compare=False)

    def confint(self, level: float = 0.95) -> dict[str, tuple[float, float]]:
        """Wald confidence intervals ``estimate -/+ z * se`` for every parameter.

        >>> import triangle as tri
        >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> sorted(tri.logit_fit(pd, [[30, 70], [25, 75]]).confint(0.9))
        ['lam']
        """
        from scipy.stats import norm

        if not (isinstance(level, float | int) and 0 < level < 1):
            raise InvalidArgumentError(f"level must be a number in (0, 1); got {level!r}.")
        z = float(norm.ppf(0.5 + level / 2))
        se = np.sqrt(np.diag(self.cov)) if self.cov.size else np.zeros(0)
        return {
            name: (float(est - z * s), float(est + z * s))
            for name, est, s in zip(self.params, self.estimates, se)
        }

    def __repr__(self) -> str:
        parts = [f"lam={_fmt(self.lam)} (se {_fmt(self.lam_se)})"]
        parts += [f"{k}={_fmt(v)} (se {_fmt(self.factor_se[k])})" for k, v in self.factors.items()]
        extra = f", boundary={self.boundary!r}" if self.boundary else ""
        fit = f"loglik={self.loglik:.6g}, n={_fmt(self.n_obs)}{extra}"
        return f"LogitFit({', '.join(parts)}; {fit})"

    def _repr_html_(self) -> str:
        se = np.sqrt(np.diag(self.cov)) if self.cov.size else np.zeros(0)
        rows = "".join(
            f"<tr><td>{html.escape(name)}</td><td>{_fmt(est)}</td><td>{_fmt(s)}</td></tr>"
            for name, est, s in zip(self.params, self.estimates, se)
        )
        unit = " (lam per payoff range)" if self.normalized else ""
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in self.notes)
        return (
            f"<table><caption>Logit QRE fit{unit}: log-likelihood {self.loglik:.6g}, "
            f"{_fmt(self.n_obs)} observations</caption>"
            f"<tr><th>parameter</th><th>estimate</th><th>std. error</th></tr>{rows}</table>"
            + self.profile._repr_html_()
            + (f"<ul>{notes}</ul>" if notes else "")
        )


# --------------------------------------------------------------------- counts
def as_counts(game: NormalFormGame, counts: Any) -> tuple[np.ndarray, ...]:
    """Read observed counts: one entry per player (or a mapping by player), each a
    sequence of one count per strategy or a mapping by strategy name.

    >>> import triangle as tri
    >>> g = tri.NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]],
    ...                                      players=("A", "B"))
    >>> as_counts(g, {"A": [3, 1], "B": {"s2": 4}})
    (array([3., 1.]), array([0., 4.]))
    """
    n = game.n_players
    shape_hint = ", ".join(f"{p!r}: {m} counts" for p, m in zip(game.players, game.shape))
    if isinstance(counts, Mapping):
        entries: list[Any] = [None] * n
        for player, entry in counts.items():
            entries[game.player_index(player)] = entry
    elif isinstance(counts, (str, bytes)) or not hasattr(counts, "__len__") or len(counts) != n:
        raise InvalidArgumentError(
            f"counts give one entry per player ({n}: {shape_hint}); got {counts!r}. Pass a "
            f"list of per-player count lists or a mapping {{player: counts}}."
        )
    else:
        entries = list(counts)
    out = []
    for i, entry in enumerate(entries):
        m, player = game.shape[i], game.players[i]
        if entry is None:
            out.append(np.zeros(m))
            continue
        if isinstance(entry, Mapping):
            v = np.zeros(m)
            for strategy, c in entry.items():
                v[game.strategy_index(i, strategy)] = _count(c, player, strategy)
        else:
            try:
                v = np.asarray(entry, dtype=float)
            except (TypeError, ValueError):
                raise InvalidArgumentError(
                    f"counts of {player!r} must be numbers; got {entry!r}."
                ) from None
            if v.shape != (m,):
                raise InvalidArgumentError(
                    f"{player!r} has {m} strategies {game.strategies[i]}, so its counts need "
                    f"{m} numbers; got shape {v.shape}: {entry!r}."
                )
            for s, c in zip(game.strategies[i], v.tolist()):
                _count(c, player, s)
        out.append(v)
    total = sum(float(v.sum()) for v in out)
    if not total > 0:
        raise InvalidArgumentError(
            f"every count is zero: there is nothing to fit. Give how often each strategy was "
            f"observed ({shape_hint})."
        )
    return tuple(out)


def _count(c: Any, player: str, strategy: str) -> float:
    ok = isinstance(c, (int, float, np.integer, np.floating)) and not isinstance(c, bool)
    v = float(c) if ok else math.nan
    if not (math.isfinite(v) and v >= 0):
        raise InvalidArgumentError(
            f"the count of {player!r} playing {strategy!r} must be a finite number >= 0; "
            f"got {c!r}."
        )
    return v


# --------------------------------------------------------------------- the model
class _Model:
    """Payoffs (and their derivatives) as functions of the fitted factors."""

    def __init__(self, game: NormalFormGame, fitted: list[str], values: dict[str, float]) -> None:
        self.game, self.fitted = game, fitted
        symbols = list(game.factors.values())
        self.names = [s.name for s in symbols]
        self.values = values
        flat = list(game.payoffs.flat)
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
class _Inner:
    lam: float
    z: np.ndarray
    loglik: float
    boundary: str | None
    system: LogitSystem


def _fit_on_branch(
    payoffs: np.ndarray, n_flat: np.ndarray, maxregret: float, trace: dict[str, Any]
) -> _Inner:
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
        return _Inner(math.inf, z, end_ll, "infinity", raw)
    boundary = "zero" if best_z[-1] == 0.0 else None
    z = np.append(best_z[:-1], best_z[-1] / unit)
    return _Inner(float(z[-1]), z, best_ll, boundary, raw)


def _scores(
    model: _Model | None,
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


# --------------------------------------------------------------------- logit_fit
def logit_fit(
    game: NormalFormGame,
    counts: CountsLike,
    *,
    factors: Sequence[str] | None = None,
    at: Mapping[str, float] | Any = None,
    normalize: bool = False,
    maxregret: float = 1e-8,
    first_step: float = 0.03,
    max_accel: float = 1.1,
    max_steps: int = 100_000,
) -> LogitFit:
    """Fit ``lam`` (and named factors of a parameterised game) to observed play.

    Maximum likelihood over the principal branch of logit QRE, as pygambit's
    ``logit_estimate`` (Bland and Turocy 2023, "Quantal response equilibrium as a
    structural model for estimation: the missing manual"):

    1. Trace the branch from the centroid (:func:`~triangle.logit_branch`), watching the
       derivative of the log-likelihood along it, ``n . dx/ds``. Where it turns from
       positive to negative inside a step, locate the local maximum on the arc (regula
       falsi, each trial corrected onto the branch); keep the largest over the whole
       branch. The branch can turn back in ``lam``: maximising along the arc, not over
       ``lam``, keeps every point of it in the race.
    2. With ``factors``: maximise this profile likelihood over the factors (BFGS), with
       the gradient of the envelope theorem, ``n . dx/dtheta`` at the inner optimum, where
       ``dx/dtheta = -H_x^{-1} H_theta`` (implicit function theorem on the logit
       equations ``H``).
    3. Standard errors: the observed information is minus the Hessian of the
       log-likelihood in ``(lam, factors)``, by central differences of the exact score;
       its inverse is the covariance. The probabilities' standard errors follow by the
       delta method, ``dp/dphi = p * dx/dphi``.

    Parameters
    ----------
    game
        A :class:`~triangle.NormalFormGame`: numeric, or symbolic with ``factors`` named.
    counts
        How often each strategy was observed: one entry per player (or a mapping from
        player names), each a sequence of one count per strategy or a mapping from
        strategy names. Counts are non-negative numbers (weights are allowed); a player
        may have none.
    factors
        Names of the game's factors to fit with ``lam`` (symbolic games only).
    at
        Values of the game's factors (a mapping by name, or a scenario): the starting
        values of the fitted ones and the fixed values of the others. Every factor needs one.
    normalize
        Measure ``lam`` per payoff range (numeric games only; see
        :func:`~triangle.logit_qre`).
    maxregret, first_step, max_accel, max_steps
        As in :func:`~triangle.logit_branch` (the branch is traced to its end).

    Returns
    -------
    LogitFit
        Estimates, standard errors, the fitted profile.

    Examples
    --------
    Counts generated from the QRE at ``lam = 1`` give back about 1:

    >>> import triangle as tri
    >>> stag = tri.NormalFormGame.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]])
    >>> q = tri.logit_qre(stag, 1.0)
    >>> counts = [1000 * q[0], 1000 * q[1]]
    >>> fit = tri.logit_fit(stag, counts)
    >>> round(fit.lam, 6), fit.boundary
    (1.0, None)

    A factor of a symbolic game is fitted with ``lam``:

    >>> import sympy
    >>> b = sympy.Symbol("bonus")
    >>> g = tri.NormalFormGame.from_bimatrix([[b, 0], [0, 1]], [[1, 0], [0, 1]])
    >>> truth = tri.logit_qre(g.subs({"bonus": 2}), 1.5)
    >>> fit = tri.logit_fit(g, [500 * truth[0], 500 * truth[1]], factors=["bonus"],
    ...                     at={"bonus": 1.5})
    >>> round(fit.lam, 4), round(fit.factors["bonus"], 4)
    (1.5, 2.0)
    """
    _cite("mckelvey1995")
    from triangle.solvers.logit import numeric_game

    if not isinstance(game, NormalFormGame):
        numeric_game(game, "logit_fit")  # raises the package's message for non-games
    data = as_counts(game, counts)
    n_flat = np.concatenate(data)
    maxregret = positive("maxregret", maxregret)
    trace = {
        "first_step": positive("first_step", first_step),
        "max_accel": positive("max_accel", max_accel, 1.0, strict=False),
        "max_steps": int(positive("max_steps", max_steps, 1.0, strict=False)),
    }
    fitted, model, theta0 = _setup(game, factors, at)
    if model is not None and normalize:
        raise InvalidArgumentError(
            "normalize=True cannot be combined with fitted factors: the payoff range moves "
            "with the factors. Fit lam in payoff units (normalize=False)."
        )
    notes: list[str] = []

    def payoffs_at(theta: np.ndarray) -> np.ndarray:
        return model.payoffs(theta) if model is not None else np.asarray(game.payoffs, float)

    # lam as the user measures it: per payoff range with normalize=True, else per payoff
    scale = payoff_unit(game.payoffs) if (normalize and model is None) else 1.0
    if model is None:
        inner = _fit_on_branch(payoffs_at(theta0) / scale, n_flat, maxregret, trace)
        theta = theta0
    else:
        theta, inner = _outer(model, theta0, n_flat, maxregret, trace, notes)
    payoffs = payoffs_at(theta)
    k = 1 + len(fitted)
    cov = np.full((k, k), np.nan)
    profile_se: tuple[np.ndarray, ...]
    if inner.boundary == "infinity":
        notes.append(
            f"the likelihood rises all along the branch (lam = {inner.z[-1]:.6g} at its end): "
            f"the data are best fitted by the Nash limit, so lam has no finite estimate."
        )
        profile_game = NormalFormGame(payoffs, game.players, game.strategies)
        profile = make_point(profile_game, inner.system, inner.z, scale, normalize)
        profile_se = tuple(np.full(len(p), np.nan) for p in profile)
    else:
        lam = inner.lam
        _, _, dx = _scores(model, payoffs, theta, inner.z, lam, n_flat, scale)
        hess = _hessian(model, payoffs_at, theta, inner.z, lam, n_flat, scale)
        info = -(hess + hess.T) / 2
        eig = np.linalg.eigvalsh(info)
        if eig.min() > 1e-9 * max(1.0, abs(eig).max()):
            cov = np.linalg.inv(info)
        else:
            notes.append(
                "the observed information is singular or not positive definite: the "
                "parameters are not separately identified by these data (for example a "
                "factor that scales every payoff, as lam does); standard errors are NaN."
            )
        if inner.boundary == "zero":
            notes.append(
                "the likelihood is largest at lam = 0 (play no better than uniform): the "
                "estimate is on the boundary, where standard errors lose their usual meaning."
            )
        profile_game = NormalFormGame(payoffs, game.players, game.strategies)
        system = LogitSystem(payoffs / scale)
        profile = make_point(profile_game, system, inner.z, scale, normalize)
        flat_p = np.concatenate(profile)
        grad = flat_p[:, None] * dx  # dp/dphi by the delta method
        var = np.einsum("ij,jk,ik->i", grad, cov, grad)
        profile_se = tuple(np.split(np.sqrt(np.maximum(var, 0.0)), np.cumsum(game.shape)[:-1]))
    se = np.sqrt(np.maximum(np.diag(cov), 0.0)) if not np.isnan(cov).all() else np.full(k, np.nan)
    estimates = np.array([inner.lam, *theta], dtype=float)
    return LogitFit(
        lam=float(inner.lam),
        lam_se=float(se[0]),
        factors={f: float(v) for f, v in zip(fitted, theta)},
        factor_se={f: float(s) for f, s in zip(fitted, se[1:])},
        params=("lam", *fitted),
        estimates=estimates,
        cov=cov,
        loglik=float(np.dot(n_flat, np.log(np.concatenate(profile)))),
        n_obs=float(n_flat.sum()),
        profile=profile,
        profile_se=profile_se,
        boundary=inner.boundary,
        normalized=normalize,
        notes=tuple(notes),
    )


def _setup(
    game: NormalFormGame, factors: Sequence[str] | None, at: Any
) -> tuple[list[str], _Model | None, np.ndarray]:
    known = game.factors
    if factors is None:
        if game.is_symbolic:
            raise SymbolicGameError(
                f"logit_fit needs numeric payoffs, but this game depends on the factors "
                f"{', '.join(known)}: substitute values first (game.subs(...)), or fit some "
                f"with factors=[...] and give every factor a value with at={{...}}."
            )
        if at is not None:
            raise InvalidArgumentError(
                "at= gives factor values, but this game is numeric and no factors are fitted."
            )
        return [], None, np.zeros(0)
    if isinstance(factors, str):
        factors = [factors]
    fitted = list(factors)
    if not game.is_symbolic:
        raise InvalidArgumentError(
            f"factors={fitted!r} were named, but this game is numeric (it has no factors); "
            f"build it with sympy symbols to fit them."
        )
    if not fitted:
        raise InvalidArgumentError("factors is empty; name at least one factor to fit.")
    for f in fitted:
        if f not in known:
            raise unknown_name("factor", f, known)
    if len(set(fitted)) != len(fitted):
        raise InvalidArgumentError(f"factors must not repeat; got {fitted!r}.")
    if at is not None and not isinstance(at, Mapping):
        at = getattr(at, "values", at)  # a scenario
    if not isinstance(at, Mapping):
        raise InvalidArgumentError(
            f"at must map every factor ({', '.join(known)}) to a value: starting values for "
            f"the fitted ones, fixed values for the others; got {at!r}."
        )
    # A full assignment (a scenario's values) covers factors this game may not use: those
    # are skipped; in a plain mapping an unknown name is a mistake worth reporting.
    full = getattr(at, "assigns_all_factors", False)
    values: dict[str, float] = {}
    for name, value in at.items():
        key = getattr(name, "name", name)
        if key in known:
            values[key] = positive(f"the value of factor {key!r}", value, -math.inf)
        elif not full:
            raise unknown_name("factor", key, known)
    missing = [f for f in known if f not in values]
    if missing:
        raise InvalidArgumentError(
            f"at gives no value for the factors {missing}; every factor needs one (a "
            f"starting value if fitted, a fixed value otherwise)."
        )
    theta0 = np.array([values[f] for f in fitted])
    return fitted, _Model(game, fitted, values), theta0


def _outer(
    model: _Model,
    theta0: np.ndarray,
    n_flat: np.ndarray,
    maxregret: float,
    trace: dict[str, Any],
    notes: list[str],
) -> tuple[np.ndarray, _Inner]:
    """Maximise the profile likelihood over the factors (BFGS, envelope-theorem gradient)."""
    cache: dict[bytes, tuple[float, np.ndarray, _Inner]] = {}

    def evaluate(theta: np.ndarray) -> tuple[float, np.ndarray, _Inner]:
        key = np.asarray(theta, float).tobytes()
        if key not in cache:
            payoffs = model.payoffs(theta)
            inner = _fit_on_branch(payoffs, n_flat, maxregret, trace)
            lam = inner.z[-1] if inner.boundary == "infinity" else inner.lam
            _, score, _ = _scores(model, payoffs, theta, inner.z, float(lam), n_flat, 1.0)
            cache[key] = (-inner.loglik, -score[1:], inner)
        return cache[key]

    scale = max(1.0, float(n_flat.sum()))
    result = optimize.minimize(
        lambda th: evaluate(th)[:2],
        theta0,
        jac=True,
        method="BFGS",
        options={"gtol": 1e-7 * scale, "maxiter": 200},
    )
    theta = np.asarray(result.x, dtype=float)
    _, grad, inner = evaluate(theta)
    if not result.success and float(np.abs(grad).max()) > 1e-4 * scale:
        notes.append(
            f"the optimiser over the factors stopped early ({result.message}); the "
            f"largest score is {float(np.abs(grad).max()):.3g}."
        )
    return theta, inner


def _hessian(
    model: _Model | None,
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
            cols.append((trial[j], _scores(model, payoffs, th, z, trial[0], n_flat, scale)[1]))
        (a, sa), (b, sb) = cols
        hess[:, j] = (sa - sb) / (a - b)
    return hess


def _fmt(x: float) -> str:
    x = float(x)
    return f"{x:.6g}" if x != 0 else "0"
