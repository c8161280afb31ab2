"""Every isolated Nash equilibrium of an N-player game, by support enumeration."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from triangle.citations import register as _cite
from triangle.errors import check_tolerance
from triangle.games.normal_form import NormalFormGame, require_numeric
from triangle.games.profiles import deviation_payoffs
from triangle.games.results import Equilibria
from triangle.solvers import _support_systems as kernel
from triangle.solvers.pure import pure_candidates
from triangle.solvers.verify import verified

__all__ = ["support_enumeration"]

#: Support profiles handed to the kernel at once (bounds its memory on large games).
_CHUNK = 4096
#: A root whose regret exceeds tol but not this fraction of the payoff range is noted.
_NEAR = 1e-6


def support_enumeration(game: NormalFormGame, exact: bool = False, tol: float = 1e-9) -> Equilibria:
    """Every isolated Nash equilibrium of a finite game with any number of players.

    Algorithm (support enumeration over polynomial systems: McKelvey and McLennan 1996,
    "Computation of equilibria in finite games", Handbook of Computational Economics I,
    section 6; the method of Gambit's ``enumpoly``), with the pruning of Porter, Nudelman
    and Shoham 2008, "Simple search methods for finding a Nash equilibrium", GEB 63:

    1. Scale each player's payoffs to [0, 1] (a positive affine map: same equilibria).
    2. Pure profiles: equilibria where every strategy is a best reply (ties count).
    3. List every profile of supports ``(S_1, ..., S_n)`` with some player mixing; drop
       those in which a support strategy of some player is *conditionally strictly
       dominated* by one of its strategies, given the others' supports (Porter et al.).
    4. On each remaining support, the unknowns are the probabilities on the supports
       (one per player eliminated by summing to one); the equations say that each
       player is indifferent among its support strategies. They are multilinear
       (degree at most one in every unknown), and no equation involves its own player's
       unknowns. A support where one player has more free probabilities than all others
       together (``|S_i| - 1 > sum_{j != i} (|S_j| - 1)``) has no isolated solution: its
       equations leave a line through every solution free (it is still searched, to
       report continua).
    5. Solve all systems at once by subdivision of the box of free probabilities
       (``triangle.solvers._support_systems``). The indifference conditions, and "no
       strategy beats a support strategy", are multilinear, so their exact ranges over
       a box come from its vertices: a box where one fails everywhere is discarded, and
       each coordinate is narrowed to where they can hold (hull consistency). The
       Krawczyk test (interval Newton) certifies boxes holding exactly one root, which
       Newton's method then polishes; other boxes are bisected. This is complete for
       regular roots: no box holding a root is discarded, and each regular root ends up
       in a certified box. Boxes that stay uncertified (singular roots, continua) are
       resolved by Gauss-Newton from their centres: a root with nonsingular Jacobian is
       isolated (inverse function theorem); a singular one is probed along its
       Jacobian's null space and reported as a continuum when equilibria lie nearby.
    6. Keep solutions with all support probabilities positive (above 1e-9: smaller ones
       belong to the smaller support) and no profitable deviation outside the support,
       and check each one independently (:func:`triangle.solvers.verify.verified`).

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
    are); ``result.notes`` names each support holding one, with one of its points. The
    notes also name singular isolated roots and any region left unresolved.
    ``result.degenerate`` is set when any of these occur, or when a listed equilibrium
    gives some player a best reply outside its support (a tie).

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
    require_numeric(game, "support_enumeration")
    tol = check_tolerance(tol)
    found = _solve_supports(_scaled(np.asarray(game.payoffs, dtype=float)))
    notes: list[str] = []
    degenerate = bool(found.continua or found.unresolved)

    candidates = _pure_candidates(game, tol)
    roots = _dedupe(found.roots)
    regrets, _ = _regrets(game, [prof for _, prof, _ in roots], tol)
    for (key, prof, regular), worst in zip(roots, regrets):
        if worst > tol:
            if worst <= _NEAR * _payoff_range(game):
                notes.append(
                    f"{_profile_text(game, prof)} solves the equations of its support, but "
                    f"its regret {worst:.2g} exceeds tol = {tol:g} (rounding, at this payoff "
                    f"scale); pass a larger tol to keep it."
                )
            continue
        candidates.append((key, prof))
        if not regular:
            degenerate = True
            notes.append(
                f"{_profile_text(game, prof)} is a singular root of its support's equations "
                f"(isolated, but not regular: a small change of payoffs may split or remove it)."
            )
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
    _, ties = _regrets(
        game, [tuple(np.asarray(p, dtype=float) for p in e.profile) for e in eqs], tol
    )
    degenerate = degenerate or bool(np.any(ties))
    return Equilibria(eqs, degenerate=degenerate, method="support_enumeration", notes=tuple(notes))


@dataclass
class _Found:
    roots: list[tuple[tuple, tuple[np.ndarray, ...], bool]] = field(default_factory=list)
    continua: dict[tuple, tuple[np.ndarray, ...]] = field(default_factory=dict)
    unresolved: dict[tuple, int] = field(default_factory=dict)


def _solve_supports(u: np.ndarray) -> _Found:
    """Steps 3-5: candidate supports, then the kernel on chunks of them."""
    shape = u.shape[1:]
    found = _Found()
    supports = _candidate_supports(u)
    for start in range(0, supports[0].shape[0], _CHUNK):
        systems = kernel.build_systems(shape, [s[start : start + _CHUNK] for s in supports])
        sol = kernel.solve(u, systems)
        for p, y, regular in sol.roots:
            found.roots.append((_key(systems, p), _clean(systems.profile(p, y)), regular))
        for p, y in sol.continua:
            found.continua.setdefault(_key(systems, p), _clean(systems.profile(p, y)))
        for p, count in sol.unresolved.items():
            found.unresolved[_key(systems, p)] = count
    return found


def _payoff_range(game: NormalFormGame) -> float:
    u = np.asarray(game.payoffs, dtype=float)
    return float(max(np.ptp(u[i]) for i in range(u.shape[0])) or 1.0)


def _regrets(game: NormalFormGame, profiles: list, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """Regret of each profile, and whether some player has a best reply (within tol)
    outside its support; all profiles at once."""
    if not profiles:
        return np.zeros(0), np.zeros(0, dtype=bool)
    u = np.asarray(game.payoffs, dtype=float)
    n = u.shape[0]
    xs = [np.stack([p[k] for p in profiles]) for k in range(n)]  # (C, m_k)
    regret = np.zeros(len(profiles))
    tie = np.zeros(len(profiles), dtype=bool)
    for i in range(n):
        ui = np.moveaxis(u[i], i, 0)
        dev = kernel.contract(ui, [xs[k][:, None, :] for k in range(n) if k != i])
        dev = dev.reshape(len(profiles), -1)  # (C, m_i)
        best = dev.max(axis=1)
        regret = np.maximum(regret, best - np.einsum("cs,cs->c", dev, xs[i]))
        tie |= np.any((xs[i] == 0) & (dev >= best[:, None] - tol), axis=1)
    return regret, tie


# --------------------------------------------------------------------------- supports
def _scaled(u: np.ndarray) -> np.ndarray:
    """Each player's payoffs mapped affinely onto [0, 1] (constant payoffs onto 0)."""
    out = np.empty_like(u)
    for i in range(u.shape[0]):
        low, high = u[i].min(), u[i].max()
        out[i] = (u[i] - low) / (high - low) if high > low else 0.0
    return out


def _subsets(m: int) -> np.ndarray:
    """All non-empty subsets of range(m) as boolean rows, smallest first."""
    codes = np.arange(1, 2**m)
    rows = ((codes[:, None] >> np.arange(m)[None, :]) & 1).astype(bool)
    order = np.lexsort((codes, rows.sum(axis=1)))
    return rows[order]


def _candidate_supports(u: np.ndarray) -> list[np.ndarray]:
    """Support profiles with some player mixing and no conditionally dominated strategy.

    Returns one boolean mask array ``(P, m_i)`` per player.
    """
    n = u.shape[0]
    shape = u.shape[1:]
    subsets = [_subsets(m) for m in shape]
    grid = np.indices([s.shape[0] for s in subsets]).reshape(n, -1)  # (n, P)
    sizes = np.stack([subsets[i].sum(axis=1)[grid[i]] for i in range(n)])
    keep = np.any(sizes > 1, axis=0)
    for i in range(n):
        others = [k for k in range(n) if k != i]
        ui = np.moveaxis(u[i], i, 0).reshape(shape[i], -1)  # (m_i, T)
        diff = ui[:, None, :] - ui[None, :, :]  # [s', s, t] = u(s', t) - u(s, t)
        # Masks of the others' support products, for every combination of their subsets.
        counts = [subsets[k].shape[0] for k in others]
        combo = np.ones((1, 1), dtype=bool)
        for k in others:
            combo = (combo[:, None, :, None] & subsets[k][None, :, None, :]).reshape(
                combo.shape[0] * subsets[k].shape[0], -1
            )
        worst = np.where(combo[:, None, None, :], diff[None], np.inf).min(axis=3)
        dominated = np.any(worst > 0, axis=1)  # (C, m_i): s strictly beaten on S_-i
        flat = np.ravel_multi_index(tuple(grid[k] for k in others), counts)
        bad = np.any(dominated[flat] & subsets[i][grid[i]], axis=1)
        keep &= ~bad
    return [subsets[i][grid[i][keep]] for i in range(n)]


def _key(systems: kernel.Systems, p: int) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(int(j) for j in np.flatnonzero(s[p])) for s in systems.support)


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
