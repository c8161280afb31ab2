"""Finitely repeated games: subgame-perfect play when the last period is known.

A deal that ends at a known date (an election, the end of a term) is a finitely
repeated game. Its pure-strategy subgame-perfect equilibria are found by backward
induction on *sets* of continuation payoffs (the finite-horizon form of Abreu, Pearce
and Stacchetti 1990; Benoit and Krishna 1985):

1. After the last period nothing is left: ``W_{T+1} = {0}``.
2. In period ``t``, a pure profile ``a`` followed by a continuation ``w`` in ``W_{t+1}``
   is subgame perfect iff no player gains by deviating once and then receiving their
   worst continuation: ``u_i(a) + delta w_i >= d_i(a) + delta min(W_{t+1})_i``, where
   ``d_i(a)`` is the best payoff ``i`` can get by deviating from ``a``.
3. ``W_t`` collects the discounted sums ``u(a) + delta w`` of all such pairs.

If the stage game has a unique Nash equilibrium, ``W_t`` is a single point and only
that equilibrium is ever played: cooperation unravels from the end (Selten's chain
store logic). Several stage equilibria let "carrot and stick" continuations sustain
cooperation early on. Payoffs are exact (fractions) for rational games and discount.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from triangle.errors import InvalidGameError, SolverError
from triangle.games.normal_form import require_numeric
from triangle.games.repeated import probability_like

if TYPE_CHECKING:
    from triangle.games.normal_form import NormalFormGame

__all__ = ["FiniteHorizon", "finite_horizon"]


@dataclass(frozen=True, eq=False)
class FiniteHorizon:
    """Pure-strategy subgame-perfect play of a game repeated ``periods`` times.

    Attributes
    ----------
    periods
        The number of periods ``T``.
    payoffs
        ``payoffs[t]`` (``t = 0`` is the first period) is an array ``(k, n)`` of the
        discounted sums of payoffs from period ``t`` on, one row per subgame-perfect
        continuation (sorted, without repeats).
    playable
        ``playable[t]``: the profiles (strategy names) that some subgame-perfect
        equilibrium of the game starting in period ``t`` plays in that period.
    discount
        The (effective) discount factor used.
    """

    periods: int
    payoffs: tuple[np.ndarray, ...]
    playable: tuple[tuple[tuple[str, ...], ...], ...]
    discount: Any

    def sustains(self, profile: Any) -> tuple[bool, ...]:
        """For each period, whether ``profile`` (strategy names) can be played then.

        >>> import triangle as tri
        >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> finite_horizon(pd, 0.9, 2).sustains(("s2", "s2"))
        (True, True)
        """
        key = tuple(profile)
        return tuple(key in p for p in self.playable)

    def last_period_sustaining(self, profile: Any) -> int | None:
        """The last period (1-based) in which ``profile`` can still be played, or None.

        >>> import triangle as tri
        >>> pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> print(finite_horizon(pd, 0.9, 3).last_period_sustaining(("s1", "s1")))
        None
        """
        flags = self.sustains(profile)
        last = [t + 1 for t, ok in enumerate(flags) if ok]
        return last[-1] if last else None

    def __repr__(self) -> str:
        counts = ", ".join(str(len(p)) for p in self.playable)
        return f"<FiniteHorizon {self.periods} periods, playable profiles per period: {counts}>"


def finite_horizon(
    game: NormalFormGame, discount: Any, periods: int, max_payoffs: int = 100_000
) -> FiniteHorizon:
    """Backward induction on the sets of subgame-perfect continuation payoffs.

    ``discount`` is the (effective) discount factor, in ``[0, 1]`` (1: no discounting is
    fine over a finite horizon). Raises :class:`~triangle.errors.SolverError` if more
    than ``max_payoffs`` distinct continuation payoffs appear in one period.

    >>> import triangle as tri
    >>> # Benoit-Krishna style: two stage equilibria make "cooperate" playable early.
    >>> g = tri.NormalFormGame.from_bimatrix(
    ...     [[4, 0, 0], [5, 1, 0], [0, 0, 3]], [[4, 5, 0], [0, 1, 0], [0, 0, 3]],
    ...     strategies=(("C", "D", "P"), ("C", "D", "P")))
    >>> result = finite_horizon(g, 1, 3)
    >>> result.sustains(("C", "C"))
    (True, True, False)
    """
    if isinstance(periods, bool) or not isinstance(periods, (int, np.integer)) or periods < 1:
        raise InvalidGameError(f"periods must be a positive integer; got {periods!r}.")
    require_numeric(game, "finite_horizon")
    d = probability_like(discount, "discount factor", numeric=True)
    try:
        u = game.exact_payoffs
        delta: Any = Fraction(int(d.p), int(d.q)) if d.is_Rational else Fraction(float(d))
    except InvalidGameError:
        u = np.asarray(game.payoffs, dtype=float)
        delta = float(d)
    n = game.n_players
    cells = list(itertools.product(*(range(m) for m in game.shape)))
    stage = {c: tuple(u[(i, *c)] for i in range(n)) for c in cells}
    best_dev = {}
    for c in cells:
        best_dev[c] = tuple(
            max(u[(i, *c[:i], a, *c[i + 1 :])] for a in range(game.shape[i])) for i in range(n)
        )
    zero = Fraction(0) if isinstance(delta, Fraction) else 0.0
    cont: list[tuple] = [tuple(zero for _ in range(n))]
    payoffs: list[np.ndarray] = []
    playable: list[tuple[tuple[str, ...], ...]] = []
    for t in range(periods - 1, -1, -1):
        worst = tuple(min(w[i] for w in cont) for i in range(n))
        values: set[tuple] = set()
        ok_cells = []
        for c in cells:
            gain = [best_dev[c][i] - stage[c][i] for i in range(n)]
            found = False
            for w in cont:
                if all(delta * (w[i] - worst[i]) >= gain[i] for i in range(n)):
                    values.add(tuple(stage[c][i] + delta * w[i] for i in range(n)))
                    found = True
            if found:
                ok_cells.append(c)
            if len(values) > max_payoffs:
                raise SolverError(
                    f"more than max_payoffs={max_payoffs} distinct continuation payoffs in "
                    f"period {t + 1}; "
                    f"shorten the horizon or raise max_payoffs."
                )
        if (
            not values
        ):  # pragma: no cover - a finite game always has an equilibrium path... in mixed
            raise SolverError(
                f"no pure-strategy subgame-perfect continuation exists from period {t + 1}: "
                f"the stage "
                f"game has no pure Nash equilibrium."
            )
        cont = sorted(values)
        payoffs.append(np.array([[float(x) for x in w] for w in cont]))
        playable.append(
            tuple(tuple(game.strategies[i][j] for i, j in enumerate(c)) for c in ok_cells)
        )
    payoffs.reverse()
    playable.reverse()
    return FiniteHorizon(
        periods=periods, payoffs=tuple(payoffs), playable=tuple(playable), discount=d
    )
