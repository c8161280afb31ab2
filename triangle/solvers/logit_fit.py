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

from triangle.citations import register as _cite
from triangle.errors import InvalidArgumentError, SymbolicGameError, unknown_name
from triangle.games.aliases import CountsLike
from triangle.games.normal_form import NormalFormGame
from triangle.games.results import SolverResult
from triangle.solvers._logit_kernel import LogitSystem
from triangle.solvers._logit_profile import (
    FactorModel,
    FitSettings,
    branch_scores,
    fit_factors,
    fit_on_branch,
    score_hessian,
)
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
        What the user should know (identification, boundaries, edges of pieces).
    piece
        Where the payoffs are piecewise in the fitted factors (a ``step`` of the triangle's
        terms): the smooth piece the estimate lies in, e.g. ``"0.512658 <= sanctions_relief
        <= 1"``; empty when every payoff is smooth in them.
    pieces
        Every piece fitted, ``(piece, largest log-likelihood on it)``; the estimate is the
        best of them (empty when the payoffs are smooth in the fitted factors).
    edge
        The fitted factors whose estimate lies on an edge of its piece: a switch of the
        payoffs (the likelihood jumps there; the estimate is the piece's supremum,
        approached from inside) or an end of the factor's bounds. Their standard errors
        are NaN and the others' are conditional on them (see ``notes``).

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
    piece: str = ""
    pieces: tuple[tuple[str, float], ...] = field(default_factory=tuple)
    edge: tuple[str, ...] = field(default_factory=tuple)
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
        extra += f", piece={self.piece!r}" if self.piece else ""
        extra += f", edge={self.edge!r}" if self.edge else ""
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
        pieces = "".join(
            f"<tr><td>{html.escape(p)}</td><td>{ll:.6g}</td>"
            f"<td>{'estimate' if p == self.piece else ''}</td></tr>"
            for p, ll in self.pieces
        )
        return (
            f"<table><caption>Logit QRE fit{unit}: log-likelihood {self.loglik:.6g}, "
            f"{_fmt(self.n_obs)} observations</caption>"
            f"<tr><th>parameter</th><th>estimate</th><th>std. error</th></tr>{rows}</table>"
            + (
                "<table><caption>Smooth pieces of the payoffs fitted</caption><tr><th>piece"
                f"</th><th>log-likelihood</th><th></th></tr>{pieces}</table>"
                if pieces
                else ""
            )
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


# --------------------------------------------------------------------- logit_fit
def logit_fit(
    game: NormalFormGame,
    counts: CountsLike,
    *,
    factors: Sequence[str] | None = None,
    at: Mapping[str, float] | Any = None,
    bounds: Mapping[str, tuple[float, float]] | None = None,
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
    2. With ``factors``: maximise this profile likelihood over the factors (BFGS, or
       L-BFGS-B within ``bounds``), with the gradient of the envelope theorem,
       ``n . dx/dtheta`` at the inner optimum, where ``dx/dtheta = -H_x^{-1} H_theta``
       (implicit function theorem on the logit equations ``H``).
       Where a payoff is piecewise in a fitted factor (``triangle.models.terms.step``:
       the triangle's Ukraine steps switch on where relief outweighs their cost) the
       payoffs, and the likelihood, jump at the switch, and a gradient search would stay
       on its starting side. The switches along the fitted factors are found
       (:func:`~triangle.games.symbolic.piecewise_edges`, the other factors at ``at``),
       the likelihood is maximised on each smooth piece, bounded to it, and the best
       piece is kept (``fit.piece``; every piece's best in ``fit.pieces``). Where a switch
       moves with several fitted factors (a surface), each combination of branches is
       fitted as a smooth game from the start and the best fit lying in its own piece is
       kept; ``fit.notes`` says so.
    3. Standard errors: the observed information is minus the Hessian of the
       log-likelihood in ``(lam, factors)`` (on the estimate's piece), by central
       differences of the exact score; its inverse is the covariance. A factor whose
       estimate lies on an edge of its piece (a switch, or an end of its bounds) is not
       an interior optimum: it is listed in ``fit.edge``, its standard error is NaN and
       the others' are conditional on it. The probabilities' standard errors follow by
       the delta method, ``dp/dphi = p * dx/dphi``.

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
    bounds
        ``{factor: (low, high)}``: where each fitted factor is estimated (either end may be
        infinite). Default: the scenario's plausible range when ``at`` is a scenario (unless
        its world fixes the factor to one value), else ``[0, inf)`` for a factor declared
        non-negative, else unbounded.
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

    Across a step of the payoffs the fit compares the pieces: here the bonus jumps by 2
    where it passes 1, the start (0.5) is below and the truth (1.5) above.

    >>> from triangle.models.terms import step
    >>> g = tri.NormalFormGame.from_bimatrix([[b + 2 * step(b - 1), 0], [0, 1]],
    ...                                      [[1, 0], [0, 1]])
    >>> truth = tri.logit_qre(g.subs({"bonus": 1.5}), 1.5)
    >>> fit = tri.logit_fit(g, [500 * truth[0], 500 * truth[1]], factors=["bonus"],
    ...                     at={"bonus": 0.5})
    >>> round(fit.lam, 4), round(fit.factors["bonus"], 4), fit.piece
    (1.5, 1.5, '1 <= bonus')
    >>> [(piece, round(ll, 1)) for piece, ll in fit.pieces]
    [('bonus <= 1', -693.1), ('1 <= bonus', -290.2)]
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
    if model is None and bounds is not None:
        raise InvalidArgumentError(
            "bounds= bounds fitted factors, but none are fitted; name them with factors=[...]."
        )
    notes: list[str] = []
    piece = ""
    pieces: tuple[tuple[str, float], ...] = ()
    edge: tuple[str, ...] = ()
    # lam as the user measures it: per payoff range with normalize=True, else per payoff
    scale = payoff_unit(game.payoffs) if (normalize and model is None) else 1.0
    if model is None:
        inner = fit_on_branch(np.asarray(game.payoffs, float) / scale, n_flat, maxregret, trace)
        theta = theta0
    else:
        low, high = _bounds(game, fitted, at, bounds)
        found = fit_factors(model, theta0, low, high,
                            FitSettings(n_flat, maxregret, trace, notes))
        # the piece's smooth payoffs from here on: its standard errors are one piece's
        theta, inner, model = found.theta, found.inner, found.model
        piece, pieces, edge = found.piece, found.pieces, found.edge
    fit_model = model

    def payoffs_at(theta: np.ndarray) -> np.ndarray:
        if fit_model is None:
            return np.asarray(game.payoffs, float)
        return fit_model.payoffs(theta)

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
        _, _, dx = branch_scores(model, payoffs, theta, inner.z, lam, n_flat, scale)
        hess = score_hessian(model, payoffs_at, theta, inner.z, lam, n_flat, scale)
        info = -(hess + hess.T) / 2
        # a factor on an edge of its piece is held there: the information of the others
        free = np.array([True] + [f not in edge for f in fitted])
        eig = np.linalg.eigvalsh(info[np.ix_(free, free)])
        if eig.min() > 1e-9 * max(1.0, abs(eig).max()):
            cov[np.ix_(free, free)] = np.linalg.inv(info[np.ix_(free, free)])
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
        held = np.where(np.outer(free, free), cov, 0.0)  # conditional on edge factors
        var = np.einsum("ij,jk,ik->i", grad, held, grad)
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
        piece=piece,
        pieces=pieces,
        edge=edge,
    )


def _setup(
    game: NormalFormGame, factors: Sequence[str] | None, at: Any
) -> tuple[list[str], FactorModel | None, np.ndarray]:
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
    return fitted, FactorModel(game, fitted, values), theta0


def _bounds(
    game: NormalFormGame, fitted: list[str], at: Any, bounds: Mapping[str, Any] | None
) -> tuple[np.ndarray, np.ndarray]:
    """The box the fitted factors are estimated in: ``bounds``, else the scenario's
    plausible ranges, else ``[0, inf)`` for a factor declared non-negative."""
    low, high = np.full(len(fitted), -np.inf), np.full(len(fitted), np.inf)
    ranges = getattr(at, "ranges", None)
    given: Mapping[str, Any] = ranges() if callable(ranges) else {}
    for k, f in enumerate(fitted):
        lo, hi = (float(x) for x in given[f]) if f in given else (math.nan, math.nan)
        if lo < hi:  # a range fixed to one value (a world without the factor) bounds nothing
            low[k], high[k] = lo, hi
        elif game.factors[f].is_nonnegative:
            low[k] = 0.0
    if bounds is None:
        return low, high
    if not isinstance(bounds, Mapping):
        raise InvalidArgumentError(
            f"bounds maps fitted factors to (low, high); got {bounds!r}."
        )
    for name, pair in bounds.items():
        if name not in fitted:
            raise unknown_name("fitted factor", name, fitted)
        try:
            lo, hi = (float(x) for x in pair)
        except (TypeError, ValueError):
            lo = hi = math.nan
        if not lo < hi:
            raise InvalidArgumentError(
                f"bounds[{name!r}] must be (low, high) with low < high (either may be "
                f"infinite); got {pair!r}."
            )
        low[fitted.index(name)], high[fitted.index(name)] = lo, hi
    return low, high


def _fmt(x: float) -> str:
    x = float(x)
    return f"{x:.6g}" if x != 0 else "0"
