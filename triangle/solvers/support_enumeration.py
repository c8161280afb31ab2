"""Every isolated Nash equilibrium of an N-player game, by support enumeration.

The public face: :func:`support_enumeration` and :func:`estimate_support_enumeration`.
The work is done by private modules of this package: ``_support_candidates`` (support
profiles generated lazily, pruned by conditional dominance, smallest first),
``_support_plan`` (groups and the cost estimate), ``_support_solve`` (the box search,
streamed) and ``_support_systems`` (the indifference systems and their box tests).

References: ``mckelvey1996``, ``porter2008``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from triangle.citations import register as _cite
from triangle.errors import WorkLimitError
from triangle.games.normal_form import NormalFormGame, require_numeric
from triangle.games.profiles import deviation_payoffs
from triangle.games.results import Equilibria
from triangle.games.scale import check_relative_tolerance, unit_payoffs
from triangle.progress import Progress, Reporter, check_progress
from triangle.registries import check_flag
from triangle.solvers import _support_candidates as candidates
from triangle.solvers._support_plan import (
    PROFILE_SECONDS,
    Group,
    Plan,
    SupportWork,
    make_plan,
)
from triangle.solvers._support_solve import approached_from, solve_stream
from triangle.solvers._support_systems import Systems, contract
from triangle.solvers.lexicographic_search import check_max_seconds
from triangle.solvers.pure import pure_candidates
from triangle.solvers.verify import relative_regrets, verified

__all__ = ["SupportWork", "estimate_support_enumeration", "support_enumeration"]

#: Support profiles generated (and pruned) at once.
_CHUNK = 1024
#: Default limit on the estimated CPU seconds (``max_seconds``).
MAX_SECONDS = 3600.0
#: Seconds the estimate may spend listing and pruning before it answers "at least".
_ESTIMATE_BUDGET = 5.0
#: Memory this machine can give a run (2-core, 24 GiB; leave room for the rest).
MAX_MEMORY = 16 * 2**30
#: A root whose regret exceeds tol but not this fraction of the payoff range is noted.
_NEAR = 1e-6


def support_enumeration(
    game: NormalFormGame,
    exact: bool = False,
    tol: float = 1e-9,
    *,
    progress: Progress = None,
    max_seconds: float | None = MAX_SECONDS,
) -> Equilibria:
    """Every isolated Nash equilibrium of a finite game with any number of players.

    Algorithm (support enumeration over polynomial systems: McKelvey and McLennan 1996,
    "Computation of equilibria in finite games", Handbook of Computational Economics I,
    section 6; the method of Gambit's ``enumpoly``), with the pruning of Porter, Nudelman
    and Shoham 2008, "Simple search methods for finding a Nash equilibrium", GEB 63:

    1. Scale each player's payoffs to [0, 1] (a positive affine map: same equilibria).
    2. Pure profiles: equilibria where every strategy is a best reply (ties count).
    3. Generate the profiles of supports ``(S_1, ..., S_n)`` with some player mixing,
       lazily, grouped by support sizes, smallest total first and balanced first
       (Porter et al.'s order); drop those in which a support strategy of some player
       is *conditionally strictly dominated* by one of its strategies, given the
       others' supports (Porter et al.). Nothing holds the list of all profiles.
    4. On each remaining support, the unknowns are the probabilities on the supports
       (one per player eliminated by summing to one); the equations say that each
       player is indifferent among its support strategies. They are multilinear
       (degree at most one in every unknown), and no equation involves its own player's
       unknowns. A support where one player has more free probabilities than all others
       together (``|S_i| - 1 > sum_{j != i} (|S_j| - 1)``) has no isolated solution: its
       equations leave a line through every solution free (it is still searched, to
       report continua).
    5. Solve the systems by subdivision of the box of free probabilities, many at once
       (one numpy pass per level over the boxes of a pool of supports that new ones
       join as others finish, in batches of bounded memory). The indifference
       conditions, "no strategy beats a support strategy", and any linear combination
       of them are multilinear, so their exact ranges over a box come from its
       vertices: a box where one fails everywhere is discarded, and each coordinate is
       narrowed to where they can hold (hull consistency), also for the equations
       preconditioned by the inverse midpoint Jacobian (which narrows like interval
       Newton near a root, without its overestimation). The Krawczyk test (interval
       Newton) certifies boxes holding exactly one root, which Newton's method then
       polishes; other boxes are bisected. This is complete for regular roots: no box
       holding a root is discarded, and each regular root ends up in a certified box.
       Boxes that stay uncertified (singular roots, continua) are resolved by
       Gauss-Newton from their centres: a root with nonsingular Jacobian is isolated
       (inverse function theorem); a singular one is probed along its Jacobian's null
       space and reported as a continuum when equilibria lie nearby.
    6. Keep solutions with all support probabilities positive (above 1e-9: smaller ones
       belong to the smaller support) and no profitable deviation outside the support,
       and check each one independently (:func:`triangle.solvers.verify.verified`).

    Before step 3 the work is estimated (:func:`estimate_support_enumeration`); a game
    whose estimate exceeds ``max_seconds``, or the memory of this machine, is refused
    with :class:`~triangle.errors.WorkLimitError` instead of running for hours. Memory
    stays bounded during the search whatever the number of profiles. An interruption
    (``KeyboardInterrupt``) propagates at once and leaves nothing behind.

    Why subdivision rather than elimination: a lex Groebner basis (sympy, over the
    rationals) of the single full-support system of a 3x3x3 integer game took 3.6 s
    here, and elimination needs special cases on degenerate supports, while the vertex
    test is sound for every multilinear system, runs vectorised over all supports of a
    game at once, and the Krawczyk certificate says which roots are isolated.

    ``exact=True``: each equilibrium is rebuilt as fractions (continued fractions of the
    floating-point root, refined to 60 digits with mpmath when needed) and accepted only
    if it passes an exact check (indifference on the support, no better reply outside).
    Three-player games can have irrational equilibria: those come back as floats, with
    a note in ``result.notes``.

    Degenerate games: continua of equilibria are not listed (pure equilibria always
    are); ``result.notes`` names each support holding one, with one of its points. A
    root of one support that equilibria of a larger support approach (through the
    strategies tied at it) is a point of a continuum too: it is not listed (a pure one
    is, with a note). The notes also name singular isolated roots and any region left
    unresolved.
    ``result.degenerate`` is set when any of these occur, or when a listed equilibrium
    gives some player a best reply outside its support (a tie).

    Parameters
    ----------
    game : NormalFormGame
        A numeric game with any number of players.
    exact : bool, default False
        Rebuild the equilibria in rational arithmetic where they are rational.
    tol : float, default 1e-9
        Regret tolerance of the independent check, relative to each player's payoff
        range (``max - min``), so a game and the game scaled or shifted give the same
        equilibria; ``0 <= tol < 1``.
    progress : bool or callable, optional
        ``True`` draws a bar on stderr, a callable receives ``(done, total)`` in
        estimated microseconds of work (so the bar moves with time); off by default.
    max_seconds : float or None, default 3600
        Refuse games whose estimated CPU time exceeds this; ``None`` for no limit.

    Returns
    -------
    Equilibria
        The equilibria, pure ones first, with ``degenerate`` and ``notes``.

    Raises
    ------
    WorkLimitError
        The estimate exceeds ``max_seconds`` or the memory of this machine.
    InvalidArgumentError
        A bad ``tol`` or ``max_seconds``.

    >>> import triangle as tri
    >>> import numpy as np
    >>> u = np.zeros((3, 2, 2, 2))         # McKelvey and McLennan's 2x2x2 example (Gambit)
    >>> u[:, 0, 0, 0], u[:, 1, 1, 0] = (9, 8, 12), (9, 8, 2)
    >>> u[:, 1, 0, 1], u[:, 0, 1, 1] = (3, 4, 6), (3, 4, 6)
    >>> eqs = support_enumeration(tri.NormalFormGame(u), exact=True)
    >>> len(eqs), sum(e.is_pure for e in eqs), eqs.degenerate
    (9, 4, False)
    >>> eqs[-1].as_dict()
    {'Player 1': {'s1': Fraction(2, 5), 's2': Fraction(3, 5)},
     'Player 2': {'s1': Fraction(1, 2), 's2': Fraction(1, 2)},
     'Player 3': {'s1': Fraction(1, 3), 's2': Fraction(2, 3)}}
    """
    _cite("mckelvey1996", "porter2008")
    check_flag(exact, "exact")
    require_numeric(game, "support_enumeration")
    tol = check_relative_tolerance(tol)
    progress = check_progress(progress)
    budget = check_max_seconds(max_seconds)
    u = _scaled(np.asarray(game.payoffs, dtype=float))
    plan = make_plan(u, budget)
    _refuse_if_too_large(game, plan.work, budget)
    found = _solve_supports(u, plan, progress)
    notes: list[str] = []
    degenerate = bool(found.continua or found.unresolved)

    candidates = _pure_candidates(game, tol)
    roots = _dedupe(found.roots)
    # The check's own test (regret relative to each player's payoff range, on the unit
    # payoffs), so that the filter is scale-free and never disagrees with `verified`.
    cache: dict[str, Any] = {}
    singular: list[tuple[np.ndarray, ...]] = []
    for key, prof, regular in roots:
        worst = float(max(relative_regrets(game, prof, cache)))
        if worst > tol:
            if worst <= _NEAR:
                notes.append(
                    f"{_profile_text(game, prof)} solves the equations of its support, but "
                    f"its regret {worst:.2g} (relative to the payoff range) exceeds "
                    f"tol = {tol:g} (rounding); pass a larger tol to keep it."
                )
            continue
        candidates.append((key, prof))
        if not regular:
            singular.append(prof)
    # A listed point where equilibria of a larger support accumulate is a point of a
    # continuum, not an isolated equilibrium: it is not listed as one (a pure one is
    # listed, as pure equilibria always are, with the note).
    kept = []
    for key, prof in candidates:
        near = approached_from(u, key, prof, 1e-9)
        if near is None:
            kept.append((key, prof))
            if any(prof is q for q in singular):
                degenerate = True
                notes.append(
                    f"{_profile_text(game, prof)} is a singular root of its support's "
                    f"equations (isolated, but not regular: a small change of payoffs may "
                    f"split or remove it)."
                )
            continue
        degenerate = True
        pure = all(len(s) == 1 for s in key)
        if pure:
            kept.append((key, prof))
        notes.append(
            f"{_profile_text(game, prof)} is not isolated: equilibria on the support "
            f"{_support_text(game, near[0])} come arbitrarily close to it (it is a point of "
            f"a continuum), so "
            + ("it is listed only because pure equilibria always are." if pure else
               "it is not listed.")
        )
    candidates = kept
    for key, prof in found.continua.items():
        notes.append(
            f"a continuum of equilibria on the support {_support_text(game, key)}, through "
            f"{_profile_text(game, prof)}; its points are not isolated, so none is listed."
        )
    for key, count in found.unresolved.items():
        notes.append(
            f"the support {_support_text(game, key)} was not fully resolved: in {count} "
            f"box(es) Newton's method found no solution, so an equilibrium there (isolated "
            f"or not) cannot be ruled out."
        )
    candidates.sort(key=lambda kp: (sum(len(s) for s in kp[0]), kp[0]))
    keys = [key for key, _ in candidates]
    profiles = [prof for _, prof in candidates]
    if exact:
        profiles, irrational = _exact_profiles(game, keys, profiles)
        for prof in irrational:
            notes.append(
                f"{_profile_text(game, prof)} has irrational probabilities (no rational "
                f"solution of its support's equations nearby): returned as floats."
            )
    eqs = verified(game, profiles, tol, "support_enumeration")
    # Degenerate also when a player has a best reply outside the support (a tie).
    ties = _ties(u, [tuple(np.asarray(p, dtype=float) for p in e.profile) for e in eqs], tol)
    degenerate = degenerate or bool(np.any(ties))
    return Equilibria(eqs, degenerate=degenerate, method="support_enumeration", notes=tuple(notes))


def estimate_support_enumeration(game: NormalFormGame) -> SupportWork:
    """What :func:`support_enumeration` would cost on ``game``, without solving it.

    Counts the support profiles, prunes them by conditional dominance (exactly on small
    games, from a sample on large ones) and applies a cost model fitted on random games
    (``triangle.solvers._support_plan``): the boxes a profile needs grow with its
    number of unknowns and with the multihomogeneous Bezout number of its equations.
    Estimates are within a factor of about three on random games, and measured on a
    loaded 2-core machine, so a quiet one is faster.

    Parameters
    ----------
    game : NormalFormGame
        A numeric game with any number of players.

    Returns
    -------
    SupportWork
        Profiles, candidates after pruning, largest system, seconds and memory.

    >>> import numpy as np, triangle as tri
    >>> g = tri.NormalFormGame(np.random.default_rng(0).random((3, 5, 5, 5)))
    >>> work = estimate_support_enumeration(g)
    >>> work.profiles, work.unknowns, work.seconds < 600
    (29666, 12, True)
    """
    require_numeric(game, "estimate_support_enumeration")
    # Past a few seconds of listing and pruning alone, say "at least" and stop there.
    return make_plan(_scaled(np.asarray(game.payoffs, dtype=float)), _ESTIMATE_BUDGET).work


@dataclass
class _Found:
    roots: list[tuple[tuple, tuple[np.ndarray, ...], bool]] = field(default_factory=list)
    continua: dict[tuple, tuple[np.ndarray, ...]] = field(default_factory=dict)
    unresolved: dict[tuple, int] = field(default_factory=dict)


def _solve_supports(u: np.ndarray, plan: Plan, progress: Progress) -> _Found:
    """Steps 3-5: candidate supports, group by group, streamed through the kernel.

    Progress is counted in estimated microseconds of work, so that the bar moves with
    time (a full support of a 5x5x5 game is one profile but a tenth of the work).
    """
    shape = u.shape[1:]
    found = _Found()
    tables = plan.tables
    assert tables is not None
    prune = 1e6 * PROFILE_SECONDS
    total = sum(
        candidates.profile_count(shape, sig) * prune + count * 1e6 * each
        for g in plan.groups
        for sig, count, each in zip(g.signatures, g.survivors, g.seconds)
    )
    report = Reporter(progress, max(1, math.ceil(total)), label="support enumeration")
    carry = [0.0]

    def done(work: float) -> None:
        # The reporter counts whole units: carry the fractions.
        carry[0] += work
        whole = int(carry[0])
        carry[0] -= whole
        report.advance(whole)

    try:
        for g in plan.groups:
            stream = _stream(u, tables, g, prune)
            sol = solve_stream(u, Systems(shape, g.dims), stream, done)
            for key, prof, regular in sol.roots:
                found.roots.append((key, _clean(prof), regular))
            for key, prof in sol.continua.items():
                found.continua.setdefault(key, _clean(prof))
            found.unresolved.update(sol.unresolved)
        report.advance(report.total - report.done)
    finally:
        report.close()
    return found


def _stream(u: np.ndarray, tables: list[np.ndarray], group: Group, prune: float):
    """The chunks of one group: the profiles the plan listed in one chunk, then the
    others generated ``_CHUNK`` at a time. Weights are estimated microseconds."""
    shape = u.shape[1:]
    listed = [
        (sig, masks, each)
        for sig, masks, each in zip(group.signatures, group.listed, group.seconds)
        if masks is not None
    ]
    if listed:
        yield candidates.Chunk(
            listed[0][0],
            tuple(np.concatenate([m[i] for _, m, _ in listed]) for i in range(len(shape))),
            sum(candidates.profile_count(shape, sig) for sig, _, _ in listed),
            np.concatenate([np.full(m[0].shape[0], 1e6 * each) for _, m, each in listed]),
            prune,
        )
    for sig, masks, each in zip(group.signatures, group.listed, group.seconds):
        if masks is None:
            yield from candidates.chunks(u, tables, sig, _CHUNK, 1e6 * each, prune)


def _refuse_if_too_large(game: NormalFormGame, work: SupportWork, budget: float | None) -> None:
    """Raise WorkLimitError, with advice, for work over the budget or the machine."""
    over_time = budget is not None and work.seconds > budget
    over_memory = work.memory > MAX_MEMORY
    if not (over_time or over_memory):
        return
    limit = (
        f"more than max_seconds={budget:g}"
        if over_time
        else f"more than the {MAX_MEMORY / 2**30:.0f} GiB this machine can give it"
    )
    raise WorkLimitError(
        f"support enumeration of this game would take too long ({work}), {limit}. "
        f"Reduce the game first (triangle.iterated_elimination removes dominated "
        f"strategies; drop strategies nobody plays), look for one equilibrium instead "
        f"(triangle.logit_branch follows the logit path to one), or, if the estimate is "
        f"acceptable, pass max_seconds=None (or a larger number) with progress=True."
    )


def _ties(u: np.ndarray, profiles: list, tol: float) -> np.ndarray:
    """Whether some player has a best reply (within ``tol`` of the best, on the unit
    payoffs ``u``: relative to its payoff range) outside its support; all profiles at once."""
    if not profiles:
        return np.zeros(0, dtype=bool)
    n = u.shape[0]
    xs = [np.stack([p[k] for p in profiles]) for k in range(n)]  # (C, m_k)
    tie = np.zeros(len(profiles), dtype=bool)
    for i in range(n):
        ui = np.moveaxis(u[i], i, 0)
        dev = contract(ui, [xs[k][:, None, :] for k in range(n) if k != i])
        dev = dev.reshape(len(profiles), -1)  # (C, m_i)
        best = dev.max(axis=1)
        tie |= np.any((xs[i] == 0) & (dev >= best[:, None] - tol), axis=1)
    return tie


# --------------------------------------------------------------------------- supports
def _scaled(u: np.ndarray) -> np.ndarray:
    """Each player's payoffs mapped affinely onto [0, 1] (constant payoffs onto 0): the
    package's one normalisation (no overflow near the floating-point range)."""
    return unit_payoffs(u)


# --------------------------------------------------------------------------- candidates
def _pure_candidates(game: NormalFormGame, tol: float):
    return [(tuple((j,) for j in cell), prof) for cell, prof in pure_candidates(game, tol)]


def _dedupe(found):
    out: list[tuple[tuple, tuple[np.ndarray, ...], bool]] = []
    for key, prof, regular in found:
        flat = np.concatenate(prof)
        if any(k == key and np.abs(np.concatenate(q) - flat).max() < 1e-7 for k, q, _ in out):
            continue
        out.append((key, prof, regular))
    return out


def _clean(prof: tuple[np.ndarray, ...]) -> tuple[np.ndarray, ...]:
    """Clip rounding noise: probabilities in [0, 1] summing to one."""
    out = []
    for x in prof:
        x = np.clip(x, 0.0, None)
        out.append(x / x.sum())
    return tuple(out)


# --------------------------------------------------------------------------- exact mode
def _exact_profiles(game, keys, profiles):
    """Rational forms of the equilibria, where one passes the exact check."""
    u = game.exact_payoffs
    out, irrational = [], []
    for key, prof in zip(keys, profiles):
        exact = _rational(u, key, prof)
        if exact is None:
            exact = _rational(u, key, _refine(u, key, prof), limits=(10**12, 10**20))
        if exact is None:
            irrational.append(prof)
            out.append(prof)
        else:
            out.append(exact)
    return out, irrational


def _rational(u, key, prof, limits=(10**4, 10**8)):
    for limit in limits:
        vectors = []
        for support, x in zip(key, prof):
            v = np.array([Fraction(0)] * len(x), dtype=object)
            for j in support[1:]:
                v[j] = Fraction(x[j]).limit_denominator(limit)
            v[support[0]] = 1 - sum(v[j] for j in support[1:])
            vectors.append(v)
        cand = tuple(vectors)
        if _exact_equilibrium(u, key, cand):
            return cand
    return None


def _exact_equilibrium(u, key, prof) -> bool:
    for i, (support, x) in enumerate(zip(key, prof)):
        if any(x[j] <= 0 for j in support):
            return False
        dev = deviation_payoffs(u, prof, i)
        value = dev[support[0]]
        if any(dev[j] != value for j in support) or max(dev) > value:
            return False
    return True


def _refine(u, key, prof, digits: int = 60):
    """Newton's method in mpmath on the support's indifference equations."""
    import mpmath

    with mpmath.workdps(digits):
        um = np.vectorize(lambda q: mpmath.mpf(q.numerator) / q.denominator, otypes=[object])(u)
        free = [(i, j) for i, s in enumerate(key) for j in s[1:]]
        y = [mpmath.mpf(float(prof[i][j])) for i, j in free]

        def profile_of(vals):
            out = []
            for i, s in enumerate(key):
                x = np.array([mpmath.mpf(0)] * len(prof[i]), dtype=object)
                for (pi, j), v in zip(free, vals):
                    if pi == i:
                        x[j] = v
                x[s[0]] = mpmath.mpf(1) - sum(x[j] for j in s[1:])
                out.append(x)
            return out

        def residual(*vals):
            x = profile_of(vals)
            res: list[Any] = []
            for i, s in enumerate(key):
                dev = deviation_payoffs(um, tuple(x), i)
                res.extend(dev[j] - dev[s[0]] for j in s[1:])
            return res

        try:
            root = mpmath.findroot(residual, y, tol=mpmath.mpf(10) ** (-digits + 5))
        except (ZeroDivisionError, ValueError):
            return prof
        vals = [root] if len(free) == 1 else list(root)
        x = profile_of(vals)
    return tuple(np.array([_mp_fraction(v) for v in xi], dtype=object) for xi in x)


def _mp_fraction(v) -> Fraction:
    """The exact binary value of an mpmath number."""
    man, exp = v.man_exp
    return Fraction(int(man)) * Fraction(2) ** int(exp)


# --------------------------------------------------------------------------- text
def _support_text(game: NormalFormGame, key) -> str:
    return "; ".join(
        f"{p}: {{{', '.join(names[j] for j in s)}}}"
        for p, names, s in zip(game.players, game.strategies, key)
    )


def _profile_text(game: NormalFormGame, prof) -> str:
    parts = []
    for p, names, x in zip(game.players, game.strategies, prof):
        terms = [f"{float(v):.6g} {s}" for s, v in zip(names, x) if v > 0]
        parts.append(f"{p}: " + " + ".join(terms))
    return "(" + "; ".join(parts) + ")"
