"""The result types of every solver: one :class:`Equilibrium`, and :class:`Equilibria`."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from triangle.games.normal_form import NormalFormGame

__all__ = ["Equilibria", "Equilibrium"]


@dataclass(frozen=True, eq=False)
class Equilibrium:
    """A Nash equilibrium of a normal-form game.

    Attributes
    ----------
    profile
        One probability array per player, in player order (floats, or ``Fraction``
        objects when solved exactly).
    payoffs
        Each player's expected payoff.
    players, strategies
        The names, copied from the game, for display and :meth:`as_dict`.
    regret
        The largest gain any player could make by deviating, as measured by the
        independent check that every solver runs before returning (0 when exact).

    Examples
    --------
    >>> import triangle as tri
    >>> g = tri.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]],
    ...                                      players=("Even", "Odd"),
    ...                                      strategies=(("H", "T"), ("H", "T")))
    >>> eq = tri.equilibria(g)[0]
    >>> eq
    Equilibrium(Even: 0.5 H + 0.5 T; Odd: 0.5 H + 0.5 T; payoffs 0, 0)
    >>> eq.is_pure, eq.support
    (False, (('H', 'T'), ('H', 'T')))
    """

    profile: tuple[np.ndarray, ...]
    payoffs: np.ndarray
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    regret: float = 0.0

    @classmethod
    def from_profile(
        cls, game: NormalFormGame, profile: tuple[np.ndarray, ...], regret: float = 0.0
    ) -> Equilibrium:
        """Build an equilibrium record for ``profile`` of ``game`` (payoffs computed here).

        Does not check the profile: solvers call :func:`triangle.solvers.verify.verified` instead.
        """
        from triangle.games.profiles import expected_payoffs

        exact = all(p.dtype == object for p in profile)
        payoffs = expected_payoffs(game.exact_payoffs if exact else game.payoffs, profile)
        for p in profile:
            p.setflags(write=False)
        payoffs.setflags(write=False)
        return cls(tuple(profile), payoffs, game.players, game.strategies, float(regret))

    @property
    def is_pure(self) -> bool:
        """True when every player plays one strategy with probability one."""
        return all(int(np.count_nonzero(p)) == 1 for p in self.profile)

    @property
    def is_exact(self) -> bool:
        """True when probabilities are exact fractions."""
        return all(p.dtype == object for p in self.profile)

    @property
    def support(self) -> tuple[tuple[str, ...], ...]:
        """The names of the strategies each player plays with positive probability."""
        return tuple(
            tuple(s for s, x in zip(names, p) if x > 0)
            for names, p in zip(self.strategies, self.profile)
        )

    def as_dict(self) -> dict[str, dict[str, Any]]:
        """``{player: {strategy: probability}}`` over the support, by names.

        >>> import triangle as tri
        >>> g = tri.NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]],
        ...                                      players=("A", "B"))
        >>> tri.pure_equilibria(g)[0].as_dict()
        {'A': {'s1': 1.0}, 'B': {'s1': 1.0}}
        """
        return {
            player: {s: _plain(x) for s, x in zip(names, p) if x > 0}
            for player, names, p in zip(self.players, self.strategies, self.profile)
        }

    def __repr__(self) -> str:
        parts = []
        for player, names, p in zip(self.players, self.strategies, self.profile):
            terms = [(s, x) for s, x in zip(names, p) if x > 0]
            if len(terms) == 1:
                parts.append(f"{player}: {terms[0][0]}")
            else:
                parts.append(f"{player}: " + " + ".join(f"{_fmt(x)} {s}" for s, x in terms))
        pay = ", ".join(_fmt(v) for v in self.payoffs)
        return f"Equilibrium({'; '.join(parts)}; payoffs {pay})"


class Equilibria(list):
    """A list of :class:`Equilibrium`, with what the solver learnt about the game.

    Attributes
    ----------
    degenerate
        True when the game is degenerate (a mixed strategy with more pure best responses
        than its support size): equilibria may then form continua, and the list holds
        their extreme points (two players) or the isolated equilibria (N players).
    components
        For two-player games, the maximal connected sets of equilibria, each given as
        the indices (into this list) of its extreme equilibria.
    method
        The algorithm that produced the list.
    notes
        Anything the user should know (non-isolated solutions skipped, and so on).

    >>> import triangle as tri
    >>> pennies = tri.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> eqs = tri.equilibria(pennies)
    >>> len(eqs), eqs.method, eqs.degenerate, eqs.components
    (1, 'vertex_enumeration', False, ((0,),))
    >>> eqs[0].profile
    (array([0.5, 0.5]), array([0.5, 0.5]))
    """

    def __init__(
        self,
        items: list[Equilibrium] = (),  # type: ignore[assignment]
        *,
        degenerate: bool = False,
        components: tuple[tuple[int, ...], ...] | None = None,
        method: str = "",
        notes: tuple[str, ...] = (),
    ) -> None:
        super().__init__(items)
        self.degenerate = degenerate
        self.components = components
        self.method = method
        self.notes = tuple(notes)

    def __repr__(self) -> str:
        body = ",\n ".join(repr(e) for e in self)
        flag = ", degenerate" if self.degenerate else ""
        return f"Equilibria([{body}]{flag})" if self else f"Equilibria([]{flag})"


def _plain(x: Any) -> Any:
    return x if isinstance(x, Fraction) else float(x)


def _fmt(x: Any) -> str:
    if isinstance(x, Fraction):
        return str(x)
    x = float(x)
    return f"{x:.6g}" if x != 0 else "0"
