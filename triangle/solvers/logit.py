"""Logit quantal response equilibrium: the principal branch, traced from the centroid.

A logit QRE at precision ``lam >= 0`` is a profile in which every player plays each
strategy with probability proportional to ``exp(lam * expected payoff)`` against the
others' mixed strategies (McKelvey and Palfrey 1995). At ``lam = 0`` the only QRE is the
centroid (everyone uniform); as ``lam`` grows, the QRE that continue it form the principal
branch, which for almost every game converges to one Nash equilibrium: the one the logit
model selects. ``lam`` is measured in inverse payoff units (see ``docs/explanation/qre.md``).

References: ``mckelvey1995``, ``turocy2005``.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Callable, Iterator, Sequence
from typing import Any, overload

import numpy as np

from triangle.citations import register as _cite
from triangle.errors import (
    InvalidArgumentError,
    InvalidGameError,
    SolverError,
    check_tolerance,
    unknown_name,
)
from triangle.games.normal_form import NormalFormGame, require_numeric
from triangle.games.results import Equilibrium, SolverResult
from triangle.registries import check_flag
from triangle.solvers._logit_kernel import LogitSystem, PathTracer
from triangle.solvers.logit_latex import BranchLatex, QRELatex
from triangle.solvers.verify import regret

__all__ = ["LogitBranch", "LogitQRE", "logit_branch", "logit_qre", "logit_residual"]

#: The independent check of a returned point at lam: |p - logit response(p)| at most CHECK_TOL
#: * (1 + lam * payoff range). A response moves by up to lam times a change of the payoffs, so
#: p is the exact logit response to payoffs within about CHECK_TOL * (range + 1 / lam) of the
#: game's (a backward error), which far along the branch no absolute bound on p could promise.
CHECK_TOL = 1e-8


def check_bound(lam: float, spread: float) -> float:
    """The largest residual :func:`logit_residual` may show at ``lam`` (see ``CHECK_TOL``)."""
    return CHECK_TOL * (1.0 + lam * spread)


class LogitQRE(QRELatex, SolverResult, tuple):
    """A logit QRE: a tuple of probability arrays, one per player, with its ``lam``.

    Behaves as the plain tuple ``profile`` the solvers use (index it, unpack it, pass it to
    :func:`triangle.regret`), and carries the names for display.

    Attributes
    ----------
    lam
        The precision, in the units the call used (inverse payoff units, or inverse payoff
        ranges when ``normalize=True``).
    players, strategies
        Names copied from the game.
    normalized
        Whether ``lam`` is per payoff range (see :func:`logit_qre`).
    residual
        The largest ``|p - logit response(p)|`` measured by the independent check.

    Examples
    --------
    >>> import triangle as tri
    >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                       strategies=(("C", "D"), ("C", "D")))
    >>> q = tri.logit_qre(pd, 1.0)
    >>> q
    LogitQRE(lam=1; Player 1: 0.226751 C + 0.773249 D; Player 2: 0.226751 C + 0.773249 D)
    >>> row, column = q
    >>> q.as_dict()["Player 1"]["D"]
    0.773249...
    """

    lam: float
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    normalized: bool
    residual: float

    def __new__(
        cls,
        profile: Sequence[np.ndarray],
        lam: float,
        players: tuple[str, ...],
        strategies: tuple[tuple[str, ...], ...],
        normalized: bool = False,
        residual: float = 0.0,
    ) -> LogitQRE:
        arrays = []
        for p in profile:
            a = np.array(p, dtype=float)
            a.setflags(write=False)
            arrays.append(a)
        self = super().__new__(cls, arrays)
        self._solved_now()
        self.lam = float(lam)
        self.players = tuple(players)
        self.strategies = tuple(tuple(s) for s in strategies)
        self.normalized = bool(normalized)
        self.residual = float(residual)
        return self

    def as_dict(self) -> dict[str, dict[str, float]]:
        """``{player: {strategy: probability}}``, every strategy included."""
        return {
            player: {s: float(x) for s, x in zip(names, p)}
            for player, names, p in zip(self.players, self.strategies, self)
        }

    def __reduce__(self) -> Any:  # tuple subclasses pickle through __new__'s arguments
        return (
            LogitQRE,
            (tuple(self), self.lam, self.players, self.strategies, self.normalized, self.residual),
        )

    def __repr__(self) -> str:
        parts = [
            f"{player}: " + " + ".join(f"{_fmt(x)} {s}" for s, x in zip(names, p))
            for player, names, p in zip(self.players, self.strategies, self)
        ]
        return f"LogitQRE(lam={_fmt(self.lam)}; {'; '.join(parts)})"

    def _repr_html_(self) -> str:
        unit = " (per payoff range)" if self.normalized else ""
        rows = "".join(
            f"<tr><th>{html.escape(player)}</th>"
            + "".join(f"<td>{html.escape(s)}: {x:.4f}</td>" for s, x in zip(names, p))
            + "</tr>"
            for player, names, p in zip(self.players, self.strategies, self)
        )
        return (
            f"<table><caption>Logit QRE at lam = {_fmt(self.lam)}{unit}</caption>"
            f"{rows}</table>"
        )


class LogitBranch(BranchLatex, SolverResult, Sequence):
    """The principal branch of logit QRE: a sequence of ``(lam, profile)`` points.

    Points run from the centroid (``lam = 0``) along the branch in arc length, so ``lam``
    may decrease where the branch turns back. Iterating gives ``(lam, LogitQRE)`` pairs.

    Attributes
    ----------
    lams
        The ``lam`` of every point, in the order traced.
    profiles
        The :class:`LogitQRE` of every point.
    equilibrium
        The Nash equilibrium the branch selects (an :class:`~triangle.Equilibrium`, whose
        ``regret`` the independent check measured), or None when tracing stopped at
        ``lam_max`` first.
    regret
        The largest regret at the last traced point, in payoff units.
    turning_points
        The ``lam`` values where the branch turns back (``lam`` stops growing) or turns
        forward again; each is also a point of the branch.
    bifurcations
        The ``lam`` values where the branch crosses another branch of QRE (degenerate games
        only); it is continued straight through.
    steps, rejected
        Accepted and refused predictor-corrector steps.
    normalized
        Whether ``lam`` is per payoff range.
    notes
        What the user should know (how the limit was verified, where tracing stopped).

    Examples
    --------
    >>> import triangle as tri
    >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> branch = tri.logit_branch(pd)
    >>> lam, first = branch[0]
    >>> lam, first[0]
    (0.0, array([0.5, 0.5]))
    >>> branch.equilibrium
    Equilibrium(Player 1: s2; Player 2: s2; payoffs 1, 1)
    >>> lam, last = branch[-1]
    >>> bool(tri.regret(pd, last).max() <= 1e-8 * 5)  # maxregret times the payoff range
    True
    """

    def __init__(
        self,
        lams: Sequence[float],
        profiles: Sequence[LogitQRE],
        *,
        equilibrium: Equilibrium | None,
        regret: float,
        turning_points: Sequence[float] = (),
        bifurcations: Sequence[float] = (),
        steps: int = 0,
        rejected: int = 0,
        normalized: bool = False,
        notes: Sequence[str] = (),
    ) -> None:
        self._solved_now()
        self.lams = np.array(lams, dtype=float)
        self.lams.setflags(write=False)
        self.profiles = tuple(profiles)
        self.equilibrium = equilibrium
        self.regret = float(regret)
        self.turning_points = tuple(float(x) for x in turning_points)
        self.bifurcations = tuple(float(x) for x in bifurcations)
        self.steps = int(steps)
        self.rejected = int(rejected)
        self.normalized = bool(normalized)
        self.notes = tuple(notes)

    @overload
    def __getitem__(self, index: int) -> tuple[float, LogitQRE]: ...

    @overload
    def __getitem__(self, index: slice) -> list[tuple[float, LogitQRE]]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [(float(lam), p) for lam, p in zip(self.lams[index], self.profiles[index])]
        return float(self.lams[index]), self.profiles[index]

    def __len__(self) -> int:
        return len(self.profiles)

    def __iter__(self) -> Iterator[tuple[float, LogitQRE]]:
        return zip((float(x) for x in self.lams), self.profiles)

    @property
    def turns_back(self) -> bool:
        """True when ``lam`` decreases somewhere along the branch."""
        return bool(self.turning_points)

    def probabilities(self, player: str | int, strategy: str | int) -> np.ndarray:
        """The probability of one strategy at every point (for plots against :attr:`lams`).

        >>> import triangle as tri
        >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> p = tri.logit_branch(pd).probabilities(0, "s2")
        >>> float(p[0]), bool(p[-1] > 0.999999)
        (0.5, True)
        """
        if not self.profiles:  # pragma: no cover - a branch has its centroid at least
            return np.zeros(0)
        i, j = name_index(self.profiles[0], player, strategy)
        return np.array([p[i][j] for p in self.profiles])

    def __repr__(self) -> str:
        lam = _fmt(self.lams[-1]) if len(self.lams) else "-"
        limit = repr(self.equilibrium) if self.equilibrium is not None else "not reached"
        back = f", turns back at lam {[_fmt(x) for x in self.turning_points]}" * self.turns_back
        return f"LogitBranch({len(self)} points up to lam={lam}{back}; limit {limit})"

    def _repr_html_(self) -> str:
        if not self.profiles:  # pragma: no cover
            return "<p>empty logit branch</p>"
        first = self.profiles[0]
        heads = "".join(
            f"<th>{html.escape(player)}: {html.escape(s)}</th>"
            for player, names in zip(first.players, first.strategies)
            for s in names
        )
        n = len(self)
        shown = sorted(set(np.linspace(0, n - 1, min(n, 12)).round().astype(int).tolist()))
        body = "".join(
            f"<tr><td>{_fmt(self.lams[k])}</td>"
            + "".join(f"<td>{x:.4f}</td>" for p in self.profiles[k] for x in p)
            + "</tr>"
            for k in shown
        )
        unit = " per payoff range" if self.normalized else ""
        limit = html.escape(repr(self.equilibrium)) if self.equilibrium is not None else "-"
        notes = "".join(f"<li>{html.escape(s)}</li>" for s in self.notes)
        return (
            f"<table><caption>Principal logit branch: {n} points (lam{unit}); "
            f"limit {limit}</caption><tr><th>lam</th>{heads}</tr>{body}</table>"
            + (f"<ul>{notes}</ul>" if notes else "")
        )


def name_index(names: Any, player: str | int, strategy: str | int) -> tuple[int, int]:
    """Indices of a player and one of its strategies, by name or index, on an object with
    ``players`` and ``strategies`` (a game or a result, which outlives its game)."""
    players, strategies = tuple(names.players), tuple(names.strategies)
    i = _lookup(player, players, "player")
    return i, _lookup(strategy, strategies[i], f"strategy of {players[i]!r}")


def _lookup(key: str | int, known: tuple[str, ...], kind: str) -> int:
    if isinstance(key, (int, np.integer)) and not isinstance(key, (bool, np.bool_)):
        if -len(known) <= key < len(known):
            return int(key) % len(known)
        raise InvalidArgumentError(
            f"{kind} index {key} is out of range: there are {len(known)} ({', '.join(known)})."
        )
    if isinstance(key, str):
        if key in known:
            return known.index(key)
        raise unknown_name(kind, key, known)
    raise InvalidArgumentError(f"a {kind} is given by name (str) or index (int); got {key!r}.")


# --------------------------------------------------------------------- validation
def numeric_game(game: Any, what: str) -> NormalFormGame:
    """Check that ``game`` is a numeric :class:`NormalFormGame` (shared with ``logit_fit``)."""
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(
            f"{what} takes a NormalFormGame; got {type(game).__name__}. Build one with "
            f"triangle.NormalFormGame(payoffs) or NormalFormGame.from_bimatrix(A, B)."
        )
    require_numeric(game, what)
    return game


def positive(name: str, value: Any, minimum: float = 0.0, strict: bool = True) -> float:
    """``value`` as a finite float above ``minimum`` (or at least it when not strict)."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    v = float(value) if ok else math.nan
    if not (math.isfinite(v) and (v > minimum if strict else v >= minimum)):
        bound = f"> {minimum:g}" if strict else f">= {minimum:g}"
        raise InvalidArgumentError(f"{name} must be a finite number {bound}; got {value!r}.")
    return v


def payoff_unit(payoffs: np.ndarray) -> float:
    """The payoff range (largest minus smallest payoff), the unit the tracer works in.

    The branch is traced on the payoffs divided by it, so that the step control (lengths
    in ``(x, lam)``) behaves the same for a game in dollars and in cents; ``lam`` is
    converted back for the user. 1 when every payoff is equal.
    """
    spread = float(np.ptp(payoffs))
    if 0 < spread < 1e-100:
        raise InvalidGameError(
            f"the payoffs differ by at most {spread:.3g}, too little for the logit tracer "
            f"(lam would have to exceed 1e100); multiply them by a large constant first "
            f"(lam scales inversely)."
        )
    return spread if spread > 0 else 1.0


def _lam_values(lam: Any) -> tuple[list[float], bool]:
    if isinstance(lam, (str, bytes)):
        raise InvalidArgumentError(f"lam must be a number >= 0 or a sequence of them; got {lam!r}.")
    scalar = np.ndim(lam) == 0
    try:
        arr = np.asarray(lam, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise InvalidArgumentError(
            f"lam must be a number >= 0 or a sequence of them; got {lam!r}."
        ) from None
    if isinstance(lam, (bool, np.bool_)) or (
        not scalar and np.asarray(lam).dtype.kind not in "iuf"
    ):
        raise InvalidArgumentError(f"lam must be numbers >= 0; got {lam!r}.")
    bad = [x for x in arr.tolist() if not (math.isfinite(x) and x >= 0)]
    if bad:
        hint = (
            " For the limit lam -> infinity use triangle.logit_branch(game).equilibrium."
            if any(x == math.inf for x in bad)
            else ""
        )
        raise InvalidArgumentError(
            f"lam must be finite and >= 0 (the logit precision); got {bad[0]!r}.{hint}"
        )
    return arr.tolist(), scalar


# --------------------------------------------------------------------- the check
def logit_residual(game: NormalFormGame, profile: Any, lam: float) -> float:
    """How far ``profile`` is from being a logit QRE at ``lam``: ``max |p - response(p)|``.

    The response of player ``i`` is ``exp(lam * u_i(s, p_-i))`` normalised over ``i``'s
    strategies ``s``. Computed in probability space from the payoff array, independently
    of the log-coordinate equations the tracer solves; every point
    :func:`logit_qre` and :func:`logit_branch` return passes it at ``1e-8 * (1 + lam * R)``,
    ``R`` the payoff range (a backward error: ``p`` is the logit response to payoffs within
    about ``1e-8 * (R + 1 / lam)`` of the game's).

    >>> import triangle as tri
    >>> pennies = tri.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> logit_residual(pennies, ([0.5, 0.5], [0.5, 0.5]), 3.0)
    0.0
    >>> round(logit_residual(pennies, ([1.0, 0.0], [0.5, 0.5]), 3.0), 6)
    0.5
    """
    from triangle.games.profiles import as_profile

    game = numeric_game(game, "logit_residual")
    lam = positive("lam", lam, strict=False)
    prof = as_profile(game, profile)
    return _residual(game.payoffs, tuple(np.asarray(p, dtype=float) for p in prof), lam)


def _residual(payoffs: np.ndarray, prof: tuple[np.ndarray, ...], lam: float) -> float:
    worst = 0.0
    n = len(prof)
    letters = "abcdefghijklmnopqrstuvwxyz"[:n]
    for i, p in enumerate(prof):
        # Player i's payoff from each pure strategy: its payoff array contracted with every
        # other player's mixed strategy (written out here, apart from the tracer's kernel).
        if n == 2:
            v = lam * (payoffs[0] @ prof[1] if i == 0 else prof[0] @ payoffs[1])
        else:
            others = ",".join(letters[k] for k in range(n) if k != i)
            spec = f"{letters},{others}->{letters[i]}"
            v = lam * np.einsum(spec, payoffs[i], *(prof[k] for k in range(n) if k != i))
        w = np.exp(v - v.max())
        worst = max(worst, float(np.abs(p - w / w.sum()).max()))
    return worst


def make_point(
    game: NormalFormGame,
    system: LogitSystem,
    z: np.ndarray,
    unit: float,
    normalized: bool,
    lam: float | None = None,
    spread: float | None = None,
) -> LogitQRE:
    """Turn a traced point (``lam`` per ``unit`` of payoff) into a checked
    :class:`LogitQRE`, raising if the check fails; ``lam`` overrides the user's value,
    ``spread`` is the game's payoff range (computed when not given)."""
    probs = tuple(p / p.sum() for p in (np.exp(x) for x in system.split(z[:-1])))
    lam_game = float(z[-1]) / unit
    if lam is None:
        lam = float(z[-1]) if normalized else lam_game
    res = _residual(game.payoffs, probs, lam_game)
    if spread is None:
        spread = float(np.ptp(game.payoffs))
    bound = check_bound(lam_game, spread)
    if not res <= bound:
        raise SolverError(
            f"the logit tracer produced a point at lam = {lam:.6g} that fails the independent "
            f"check (|p - response| = {res:.3g} > {bound:.3g}). Please report this with "
            f"the game."
        )
    return LogitQRE(probs, lam, game.players, game.strategies, normalized, res)


def _tracer(
    game: NormalFormGame, first_step: float, max_accel: float
) -> tuple[LogitSystem, PathTracer, float]:
    unit = payoff_unit(game.payoffs)
    system = LogitSystem(game.payoffs / unit)
    return system, PathTracer(system, first_step, max_accel), unit


def _lam_minus(target: float) -> Callable[[np.ndarray, np.ndarray], float]:
    """The landing criterion ``lam - target`` (zero where the branch reaches ``target``)."""

    def criterion(z: np.ndarray, t: np.ndarray) -> float:
        return float(z[-1]) - target

    return criterion


# --------------------------------------------------------------------- logit_qre
def logit_qre(
    game: NormalFormGame,
    lam: float | Sequence[float] | np.ndarray,
    *,
    normalize: bool = False,
    first_step: float = 0.03,
    max_accel: float = 1.1,
    max_steps: int = 100_000,
) -> LogitQRE | list[LogitQRE]:
    """The logit QRE on the principal branch at precision ``lam`` (or at each of several).

    Parameters
    ----------
    game
        A numeric :class:`~triangle.NormalFormGame` with any number of players.
    lam
        A number ``>= 0`` or a sequence of them. ``lam`` is in inverse payoff units: a
        player facing a payoff difference ``d`` between two strategies plays them in the
        odds ``exp(lam * d)`` (given the others' play), so doubling every payoff has the
        effect of doubling ``lam``.
    normalize
        If True, ``lam`` is per payoff range: the game's payoffs are first divided by
        ``max - min`` over all players' payoffs, so ``lam`` means the same for a game in
        dollars and in cents (the convention of some estimation work; pygambit does not
        normalise).
    first_step, max_accel
        The first arc-length step and the largest growth of the step between accepted
        steps (pygambit's names and defaults). Lengths are measured in the tracer's
        coordinates, where the payoffs are divided by their range (whatever
        ``normalize`` says), so the same steps serve games on any payoff scale.
    max_steps
        Accepted steps allowed before giving up (a :class:`~triangle.errors.SolverError`).

    Returns
    -------
    LogitQRE or list of LogitQRE
        One profile (a tuple of probability arrays) for a number, a list in the input's
        order for a sequence.

    Notes
    -----
    The branch is traced from the centroid (:func:`logit_branch` describes how) and each
    requested ``lam`` is located on it where the branch first reaches it, as
    pygambit's ``logit_solve_lambda`` does: where the branch turns back in ``lam``, a value
    is reached more than once, and the first point (the one the branch passes through
    first) is the one on the principal branch's way from the centroid. Each point passes
    :func:`logit_residual` (at ``1e-8 * (1 + lam * payoff range)``).

    Examples
    --------
    Matching pennies stays at the centroid for every ``lam``:

    >>> import triangle as tri
    >>> pennies = tri.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> [q[0].tolist() for q in tri.logit_qre(pennies, [0.5, 5.0])]
    [[0.5, 0.5], [0.5, 0.5]]

    In the prisoner's dilemma defection grows more likely with ``lam``:

    >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [round(float(q[0][1]), 4) for q in tri.logit_qre(pd, [0, 0.5, 2])]
    [0.5, 0.6614, 0.9002]

    Normalising by the payoff range (5 here) rescales ``lam``:

    >>> a = tri.logit_qre(pd, 2.5, normalize=True)
    >>> b = tri.logit_qre(pd, 0.5)
    >>> bool(abs(a[0] - b[0]).max() < 1e-12)
    True
    """
    _cite("mckelvey1995", "turocy2005")
    game = numeric_game(game, "logit_qre")
    targets, scalar = _lam_values(lam)
    first_step = positive("first_step", first_step)
    max_accel = positive("max_accel", max_accel, 1.0, strict=False)
    max_steps = int(positive("max_steps", max_steps, 1.0, strict=False))
    system, tracer, unit = _tracer(game, first_step, max_accel)
    spread = float(np.ptp(game.payoffs))
    found: dict[float, LogitQRE] = {}
    # (lam inside the tracer, lam as asked), in increasing order
    pending = sorted((x if normalize else x * unit, x) for x in set(targets))
    while pending and pending[0][1] == 0.0:
        found[0.0] = make_point(game, system, tracer.z, unit, normalize, spread=spread)
        pending.pop(0)
    while pending:
        if tracer.steps >= max_steps:
            raise SolverError(
                f"logit_qre reached max_steps = {max_steps} before lam = {pending[0][1]:g}; "
                f"raise max_steps or ask for a smaller lam."
            )
        tracer.advance()
        # Targets are met in increasing order: the first crossing of each is the first
        # accepted step whose lam reaches it (lam starts at 0 below every target).
        while pending and tracer.lam >= pending[0][0]:
            target, asked = pending.pop(0)
            z = tracer.land(_lam_minus(target), 1e-13 * (1 + target))[0]
            z = tracer.fix_lam(z, target)
            found[asked] = make_point(game, system, z, unit, normalize, lam=asked, spread=spread)
    out = [found[x] for x in targets]
    return out[0] if scalar else out


# --------------------------------------------------------------------- logit_branch
def logit_branch(
    game: NormalFormGame,
    lam_max: float | None = None,
    *,
    maxregret: float = 1e-8,
    tol: float = 1e-9,
    normalize: bool = False,
    first_step: float = 0.03,
    max_accel: float = 1.1,
    max_steps: int = 100_000,
) -> LogitBranch:
    """Trace the principal branch of logit QRE from the centroid toward its Nash limit.

    Algorithm (McKelvey and Palfrey 1995; Turocy 2005, "A dynamic homotopy interpretation
    of the logistic quantal response equilibrium correspondence", GEB 51; the path
    following of Allgower and Georg 1990, as Gambit implements it):

    1. Unknowns: the log-probabilities ``x`` of every strategy and ``lam``. Equations: each
       player's probabilities sum to one, and ``x_ij - x_i0 = lam * (u_ij - u_i0)``. Their
       solutions through the centroid at ``lam = 0`` form a curve, parametrised here by
       arc length in ``(x, lam)``, so the curve may turn back in ``lam``.
    2. Predictor: a step of length ``h`` along the unit tangent, the null vector of the
       Jacobian, oriented to keep its direction (``lam`` increasing at the start).
    3. Corrector, back onto the curve with corrections orthogonal to the previous tangent
       (Keller's pseudo-arclength condition): the chord method first, reusing the
       Jacobian of the predicted point as Gambit does (it contracts only where that
       Jacobian still describes the curve, so slow contraction flags a step that went too
       far), then Newton's method to polish the point to ``1e-11``; the last LU
       factorisation gives the new tangent.
    4. Step control against jumping branches: a step is refused and ``h`` halved when the
       first correction is long, the corrector contracts slowly or needs many iterations,
       the tangent turns by more than 10 degrees, or the curve's orientation (the sign of
       ``det [J; t]``) changes, which happens only across a point where the Jacobian loses
       rank; accepted steps grow ``h`` by at most ``max_accel``. An orientation change that
       persists down to steps of ``1e-4`` is a genuine bifurcation (degenerate games): the
       branch is continued straight through it and ``notes`` says where.
    5. Stop when the largest regret is at most ``maxregret`` times the payoff range (as
       pygambit's ``logit_solve_branch``), or at ``lam_max``.
    6. The limit: on the strategies the last point plays with non-negligible probability,
       Newton's method solves the equilibrium (indifference) equations from the last
       point; the solution is accepted when it is close to the last point and its regret
       (:func:`triangle.regret`, the independent check) is at most ``tol``. Otherwise the
       last point itself is reported, with its regret, which is at most ``maxregret``
       times the payoff range.

    Parameters
    ----------
    game
        A numeric :class:`~triangle.NormalFormGame` with any number of players.
    lam_max
        Stop where the branch first reaches this ``lam`` (then ``equilibrium`` is None
        unless the regret criterion was met before).
    maxregret
        Stop when no player can gain more than ``maxregret`` times the payoff range.
    tol
        The regret (payoff units) the polished limit equilibrium must pass.
    normalize, first_step, max_accel, max_steps
        As in :func:`logit_qre`.

    Returns
    -------
    LogitBranch
        The points ``(lam, profile)`` and the limit ``equilibrium``.

    Examples
    --------
    The branch selects the risk-dominant equilibrium of a stag hunt:

    >>> import triangle as tri
    >>> stag = tri.NormalFormGame.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]],
    ...                                         strategies=(("stag", "hare"),) * 2)
    >>> branch = tri.logit_branch(stag)
    >>> branch.equilibrium
    Equilibrium(Player 1: hare; Player 2: hare; payoffs 3, 3)
    >>> bool(tri.is_equilibrium(stag, branch.equilibrium, tol=1e-9))
    True

    Stop early to plot the probabilities up to ``lam = 2``:

    >>> part = tri.logit_branch(stag, lam_max=2)
    >>> float(part.lams[-1]), part.equilibrium is None
    (2.0, True)
    """
    check_flag(normalize, "normalize")
    _cite("mckelvey1995", "turocy2005")
    game = numeric_game(game, "logit_branch")
    maxregret = positive("maxregret", maxregret)
    tol = check_tolerance(tol)
    first_step = positive("first_step", first_step)
    max_accel = positive("max_accel", max_accel, 1.0, strict=False)
    max_steps = int(positive("max_steps", max_steps, 1.0, strict=False))
    if lam_max is not None:
        lam_max = positive("lam_max", lam_max)
    system, tracer, unit = _tracer(game, first_step, max_accel)
    spread = float(np.ptp(game.payoffs))
    points = [make_point(game, system, tracer.z, unit, normalize, spread=spread)]
    turning: list[float] = []
    # Regrets inside the tracer are per payoff range: compare them with maxregret itself.
    worst = system.max_regret(tracer.probs(), tracer.devs)
    notes: list[str] = []
    reached = worst <= maxregret
    stop_at = None if lam_max is None else (lam_max if normalize else lam_max * unit)
    while not reached:
        if tracer.steps >= max_steps:
            raise SolverError(
                f"logit_branch reached max_steps = {max_steps} at lam = {points[-1].lam:.6g} "
                f"with regret {worst:.3g} x the payoff range > maxregret = {maxregret:g}; raise "
                f"max_steps or maxregret, or pass lam_max."
            )
        tracer.advance()
        if stop_at is not None and tracer.lam >= stop_at:
            z = tracer.land(_lam_minus(stop_at), 1e-13 * (1 + stop_at))[0]
            z = tracer.fix_lam(z, stop_at)
            points.append(make_point(game, system, z, unit, normalize, lam=lam_max, spread=spread))
            worst = float(regret(game, points[-1]).max()) / unit
            notes.append(
                f"tracing stopped at lam_max = {lam_max:g} (regret {worst * unit:.3g})."
            )
            break
        if (tracer.t[-1] < 0) != (tracer.prev[1][-1] < 0):  # type: ignore[index]
            # lam turned inside the last step: add the turning point itself (dlam/ds = 0).
            fold = tracer.land(lambda z, t: float(t[-1]), 1e-12)[0]
            points.append(make_point(game, system, fold, unit, normalize, spread=spread))
            turning.append(points[-1].lam)
        points.append(make_point(game, system, tracer.z, unit, normalize, spread=spread))
        worst = system.max_regret(tracer.probs(), tracer.devs)
        reached = worst <= maxregret
    bifurcations = [x if normalize else x / unit for x in tracer.bifurcations]
    if bifurcations:
        notes.append(
            f"the branch passes through a bifurcation at lam = "
            f"{', '.join(f'{x:.6g}' for x in bifurcations)} (the game is degenerate: "
            f"other branches of QRE cross it there); it was continued straight through, so "
            f"the limit is that of the smooth continuation."
        )
    equilibrium = None
    if reached:
        equilibrium, note = _limit(game, system, points[-1], tol, spread)
        notes.append(note)
    return LogitBranch(
        [p.lam for p in points],
        points,
        equilibrium=equilibrium,
        regret=worst * unit,
        turning_points=turning,
        bifurcations=bifurcations,
        steps=tracer.steps,
        rejected=tracer.rejected,
        normalized=normalize,
        notes=notes,
    )


def _limit(
    game: NormalFormGame, system: LogitSystem, last: LogitQRE, tol: float, spread: float
) -> tuple[Equilibrium, str]:
    """The Nash equilibrium the branch tends to: polished on the support, else the last point."""
    for threshold in (1e-6, 1e-3, 1e-9):
        support = [np.flatnonzero(p > threshold) for p in last]
        if any(len(s) == 0 for s in support):  # pragma: no cover - probabilities sum to one
            continue
        prof = _solve_on_support(system, [np.asarray(p) for p in last], support)
        if prof is None or max(float(np.abs(a - b).max()) for a, b in zip(prof, last)) > 1e-4:
            continue
        worst = float(regret(game, prof).max())
        if worst <= tol:
            return Equilibrium.from_profile(game, prof, regret=worst), (
                f"limit solved on its support from the last point (lam = {last.lam:.6g}); "
                f"regret {worst:.3g} <= tol {tol:g} by the independent check."
            )
    prof = tuple(np.array(p) for p in last)
    worst = float(regret(game, prof).max())
    return Equilibrium.from_profile(game, prof, regret=worst), (
        f"the limit is the last traced point (lam = {last.lam:.6g}), an approximate "
        f"equilibrium with regret {worst:.3g} (at most maxregret times the payoff range "
        f"{spread:.3g}); solving on its support did not reach tol = {tol:g}."
    )


def _solve_on_support(
    system: LogitSystem, probs: list[np.ndarray], support: list[np.ndarray]
) -> tuple[np.ndarray, ...] | None:
    """Newton (least squares) on: supports sum to one, support strategies indifferent."""
    sizes = [len(s) for s in support]
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
    q = np.concatenate([p[s] / p[s].sum() for p, s in zip(probs, support)])
    n = system.n
    for _ in range(30):
        full = []
        for i in range(n):
            v = np.zeros(system.shape[i])
            v[support[i]] = q[offsets[i] : offsets[i + 1]]
            full.append(v)
        g, devs = system.pairs(full)
        o = system.offsets
        rows, jac_rows = [], []
        for i in range(n):
            s = support[i]
            row = np.zeros(len(q))
            row[offsets[i] : offsets[i + 1]] = 1.0
            rows.append(full[i].sum() - 1.0)
            jac_rows.append(row)
            for j in s[1:]:
                rows.append(devs[i][j] - devs[i][s[0]])
                row = np.zeros(len(q))
                for k in range(n):
                    if k != i:
                        mat = g[o[i] : o[i + 1], o[k] : o[k + 1]]
                        row[offsets[k] : offsets[k + 1]] = (mat[j] - mat[s[0]])[support[k]]
                jac_rows.append(row)
        f = np.array(rows)
        if float(np.abs(f).max()) <= 1e-15 * max(1.0, float(np.abs(system.payoffs).max())):
            break
        step = np.linalg.lstsq(np.array(jac_rows), f, rcond=None)[0]
        q = q - step
        if float(np.abs(step).max()) <= 1e-15:
            break
    if not np.all(np.isfinite(q)) or q.min() < -1e-12:
        return None
    q = np.clip(q, 0.0, None)
    out = []
    for i in range(n):
        v = np.zeros(system.shape[i])
        v[support[i]] = q[offsets[i] : offsets[i + 1]]
        out.append(v / v.sum())
    return tuple(out)


def _fmt(x: float) -> str:
    x = float(x)
    return f"{x:.6g}" if x != 0 else "0"
