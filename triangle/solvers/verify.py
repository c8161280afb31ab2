"""Independent verification: regret of a profile, and the equilibrium test every solver uses."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from triangle.errors import SolverError, check_tolerance
from triangle.games.aliases import ProfileLike
from triangle.games.normal_form import NormalFormGame, require_numeric
from triangle.games.profiles import as_profile, deviation_payoffs
from triangle.games.results import Equilibrium

__all__ = ["is_equilibrium", "regret", "verified"]


def regret(game: NormalFormGame, profile: ProfileLike) -> np.ndarray:
    """Each player's largest gain from a unilateral deviation to a pure strategy.

    Computed in exact arithmetic when the profile and the payoffs are exact (names,
    indices or fractions), then returned as floats.

    >>> import triangle as tri
    >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> tri.regret(pd, ("s1", "s1"))
    array([2., 2.])
    """
    require_numeric(game, "regret")
    prof = as_profile(game, profile)
    return _regret(game, prof).astype(float)


def _regret(game: NormalFormGame, prof: tuple[np.ndarray, ...]) -> np.ndarray:
    exact = all(p.dtype == object for p in prof) and game.has_exact_payoffs
    u = game.exact_payoffs if exact else game.payoffs
    if not exact:
        prof = tuple(p.astype(float) for p in prof)
    gains = []
    for i in range(game.n_players):
        dev = deviation_payoffs(u, prof, i)
        gains.append(max(dev) - np.dot(dev, prof[i]))
    return np.array(gains, dtype=object if exact else float)


def is_equilibrium(game: NormalFormGame, profile: ProfileLike, tol: float = 1e-9) -> bool:
    """Whether no player gains more than ``tol`` by deviating from ``profile``.

    >>> import triangle as tri
    >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> tri.is_equilibrium(pd, ("s2", "s2")), tri.is_equilibrium(pd, ("s1", "s1"))
    (True, False)
    """
    tol = check_tolerance(tol)
    require_numeric(game, "is_equilibrium")
    return bool(max(_regret(game, as_profile(game, profile))) <= tol)


def verified(
    game: NormalFormGame, profiles: Iterable[tuple[np.ndarray, ...]], tol: float, solver: str
) -> list[Equilibrium]:
    """Check every candidate profile independently and wrap it as an :class:`Equilibrium`.

    A candidate that fails the check is a solver bug, never a result: raise.
    """
    out = []
    for prof in profiles:
        r = _regret(game, prof)
        worst = max(r)
        if worst > tol:
            raise SolverError(
                f"{solver} produced a profile with regret {float(worst):.3g} > tol {tol:.3g}: "
                f"{[p.tolist() for p in prof]}. Please report this with the game."
            )
        out.append(Equilibrium.from_profile(game, prof, regret=float(worst)))
    return out
