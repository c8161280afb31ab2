"""Independent verification: regret of a profile, and the equilibrium test every solver uses.

Tolerances are relative: a player's regret is compared with ``tol`` times that player's
payoff range (``max - min`` of its payoffs), computed on the payoffs mapped onto [0, 1]
(:func:`triangle.games.scale.unit_payoffs`), so that scaling or shifting a game never
changes which profiles pass. Pure profiles of games with rational payoffs are checked
exactly, by the same rule the pure solver uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any

import numpy as np

from triangle.errors import SolverError
from triangle.games.aliases import ProfileLike
from triangle.games.normal_form import NormalFormGame, require_numeric
from triangle.games.profiles import as_profile, deviation_payoffs
from triangle.games.results import Equilibrium
from triangle.games.scale import check_relative_tolerance, payoff_spans, unit_payoffs

__all__ = [
    "is_equilibrium",
    "pure_cell",
    "regret",
    "relative_regret",
    "relative_regrets",
    "verified",
]


def regret(game: NormalFormGame, profile: ProfileLike) -> np.ndarray:
    """Each player's largest gain from a unilateral deviation to a pure strategy.

    Computed in exact arithmetic when the profile and the payoffs are exact (names,
    indices or fractions), then returned as floats; in floating point, on the payoffs
    mapped onto [0, 1] and scaled back, so that no payoff size overflows.

    >>> import triangle as tri
    >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> tri.regret(pd, ("s1", "s1"))
    array([2., 2.])
    """
    require_numeric(game, "regret")
    prof = as_profile(game, profile)
    rel, exact = _relative(game, prof)
    spans = payoff_spans(game.exact_payoffs if exact else np.asarray(game.payoffs, float))
    with np.errstate(over="ignore"):
        return np.array([float(r * s) if exact else float(r) * float(s) if r else 0.0
                         for r, s in zip(rel, spans)])


def relative_regret(game: NormalFormGame, profile: ProfileLike) -> np.ndarray:
    """Each player's regret divided by that player's payoff range (0 for a constant player).

    The quantity every tolerance of the package bounds: it does not change when a
    player's payoffs are scaled or shifted.

    >>> import triangle as tri
    >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> relative_regret(pd, ("s1", "s1")).tolist()
    [0.4, 0.4]
    >>> relative_regret(pd, ("s1", "s1")).tolist() == relative_regret(
    ...     tri.NormalFormGame(pd.payoffs * 1e-12 + 7), ("s1", "s1")).tolist()
    True
    """
    require_numeric(game, "relative_regret")
    rel, _ = _relative(game, as_profile(game, profile))
    return np.array([float(r) for r in rel], dtype=float)


def pure_cell(prof: tuple[np.ndarray, ...]) -> tuple[int, ...] | None:
    """The strategy indices of a pure profile (every entry 0 or 1), else None.

    >>> pure_cell((np.array([0., 1.]), np.array([1., 0.])))
    (1, 0)
    >>> pure_cell((np.array([0.5, 0.5]), np.array([1., 0.]))) is None
    True
    """
    cell = []
    for p in prof:
        ones = [j for j, x in enumerate(p) if x == 1]
        if len(ones) != 1 or any(x != 0 for j, x in enumerate(p) if j != ones[0]):
            return None
        cell.append(ones[0])
    return tuple(cell)


def _relative(
    game: NormalFormGame, prof: tuple[np.ndarray, ...], cache: dict[str, Any] | None = None
) -> tuple[list[Any], bool]:
    """Relative regrets (Fractions when computed exactly, else floats), and whether exact.

    Exact when the payoffs are rational and the profile is exact, or pure (then only the
    payoffs at the profile's cell and its deviations are read: cheap). ``cache`` keeps
    the payoff ranges and unit payoffs across the profiles of one check.
    """
    cache = {} if cache is None else cache
    n = game.n_players
    cell = pure_cell(prof)
    if game.has_exact_payoffs and cell is not None:
        u = game.exact_payoffs
        if "spans" not in cache:
            cache["spans"] = payoff_spans(u)
        spans = cache["spans"]
        out = []
        for i in range(n):
            index: tuple[Any, ...] = (i, *cell[:i], slice(None), *cell[i + 1 :])
            line = u[index]
            gain = max(line) - line[cell[i]]
            out.append(Fraction(gain) / spans[i] if spans[i] else Fraction(0))
        return out, True
    if game.has_exact_payoffs and all(p.dtype == object for p in prof):
        if "exact_unit" not in cache:
            cache["exact_unit"] = unit_payoffs(game.exact_payoffs)
        v = cache["exact_unit"]
    else:
        if "unit" not in cache:
            cache["unit"] = unit_payoffs(np.asarray(game.payoffs, dtype=float))
        v = cache["unit"]
        prof = tuple(np.asarray(p, dtype=float) for p in prof)
    out = []
    for i in range(n):
        dev = deviation_payoffs(v, prof, i)
        out.append(max(dev) - np.dot(dev, prof[i]))
    return out, v.dtype == object


def relative_regrets(
    game: NormalFormGame, prof: tuple[np.ndarray, ...], cache: dict[str, Any] | None = None
) -> list[Any]:
    """The relative regrets :func:`verified` bounds, of a parsed profile (the test other
    solvers use to agree with the check exactly; ``cache`` as :func:`verified` keeps it).

    >>> import triangle as tri
    >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [float(r) for r in relative_regrets(pd, (np.array([0., 1.]), np.array([0., 1.])))]
    [0.0, 0.0]
    """
    return _relative(game, prof, cache)[0]


def is_equilibrium(game: NormalFormGame, profile: ProfileLike, tol: float = 1e-9) -> bool:
    """Whether no player gains more than ``tol`` times its payoff range by deviating.

    >>> import triangle as tri
    >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> tri.is_equilibrium(pd, ("s2", "s2")), tri.is_equilibrium(pd, ("s1", "s1"))
    (True, False)
    """
    tol = check_relative_tolerance(tol)
    require_numeric(game, "is_equilibrium")
    rel, _ = _relative(game, as_profile(game, profile))
    return bool(max(rel) <= tol)


def verified(
    game: NormalFormGame, profiles: Iterable[tuple[np.ndarray, ...]], tol: float, solver: str
) -> list[Equilibrium]:
    """Check every candidate profile independently and wrap it as an :class:`Equilibrium`.

    The check bounds each player's regret by ``tol`` times its payoff range (see the
    module docstring). A candidate that fails it is a solver bug, never a result: raise.
    The regret recorded is in payoff units.
    """
    out = []
    spans: np.ndarray | None = None
    cache: dict[str, Any] = {}
    for prof in profiles:
        rel, _ = _relative(game, prof, cache)
        worst = max(rel)
        if worst > tol:
            raise SolverError(
                f"{solver} produced a profile with regret {float(worst):.3g} (relative to the "
                f"payoff range) > tol {tol:.3g}: {[p.tolist() for p in prof]}. Please report "
                f"this with the game."
            )
        if spans is None:
            spans = payoff_spans(np.asarray(game.payoffs, dtype=float))
        with np.errstate(over="ignore"):
            absolute = max(float(r) * float(s) if r else 0.0 for r, s in zip(rel, spans))
        out.append(Equilibrium.from_profile(game, prof, regret=absolute))
    return out
