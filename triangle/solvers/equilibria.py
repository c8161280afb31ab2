"""``equilibria``: every equilibrium of a game, with the right algorithm for its size."""

from __future__ import annotations

import numpy as np

from triangle.errors import SolverError, UnsupportedGameError
from triangle.games.normal_form import NormalFormGame, require_numeric
from triangle.games.results import Equilibria
from triangle.games.scale import check_relative_tolerance, unit_payoffs
from triangle.progress import Progress, check_progress
from triangle.registries import check_choice, check_flag
from triangle.solvers.lexicographic_search import check_max_seconds
from triangle.solvers.verify import verified

__all__ = ["equilibria"]

_METHODS = ("auto", "vertex_enumeration", "lexicographic_search", "support_enumeration", "pure")


def equilibria(
    game: NormalFormGame,
    method: str = "auto",
    exact: bool = False,
    tol: float = 1e-9,
    *,
    progress: Progress = None,
    max_seconds: float | None = 3600.0,
) -> Equilibria:
    """All Nash equilibria of a finite game, each checked independently before it is returned.

    - Two players (``method="auto"`` or ``"vertex_enumeration"``): every extreme
      equilibrium, by enumerating the vertices of the two best-response polytopes
      (Avis, Rosenberg, Savani and von Stengel 2010). Degenerate games are flagged
      (``result.degenerate``) and their continua reported as ``result.components``.
      Games with many bases go to ``"lexicographic_search"`` (the same result, at a
      cost that follows the number of vertices), which can also be asked for directly.
    - Any number of players (``"support_enumeration"``, the default for three or more):
      every isolated equilibrium, by enumerating support profiles and solving the
      polynomial indifference conditions on each.
    - ``"pure"``: only the pure equilibria.

    ``exact=True`` computes with fractions and returns exact probabilities for rational
    payoffs. ``tol`` is the regret allowed in the independent check, relative to each
    player's payoff range (``max - min`` of its payoffs): a game scaled by any positive
    factor or shifted by a constant has the same equilibria. An empty list for a finite
    game (which always has an equilibrium) is never returned: it raises ``SolverError``,
    unless the notes say why (support enumeration lists isolated equilibria only).

    Long runs: ``progress`` (``True`` for a bar on stderr, or a callable ``(done,
    total)``) and ``max_seconds`` (``None`` for no limit) go to the search that may run
    long (lexicographic search, support enumeration), which refuses work over the limit
    with a :class:`~triangle.errors.WorkLimitError` that says what to do.

    >>> import triangle as tri
    >>> rps = tri.NormalFormGame.from_bimatrix(
    ...     [[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [[0, 1, -1], [-1, 0, 1], [1, -1, 0]])
    >>> [eq] = tri.equilibria(rps, exact=True)
    >>> eq.as_dict()["Player 1"]
    {'s1': Fraction(1, 3), 's2': Fraction(1, 3), 's3': Fraction(1, 3)}
    """
    check_flag(exact, "exact")
    check_progress(progress)
    check_max_seconds(max_seconds)
    check_choice(method, "method", _METHODS)
    require_numeric(game, "equilibria")
    check_relative_tolerance(tol)
    if method == "pure":
        from triangle.solvers.pure import pure_equilibria

        return pure_equilibria(game, tol=tol)
    if method == "auto":
        method = "vertex_enumeration" if game.n_players == 2 else "support_enumeration"
    if method in ("vertex_enumeration", "lexicographic_search"):
        if game.n_players != 2:
            raise UnsupportedGameError(
                f"{method.replace('_', ' ')} solves two-player games; this one has "
                f"{game.n_players} players. Use method='support_enumeration'."
            )
        if method == "lexicographic_search":
            from triangle.solvers.lexicographic_search import lexicographic_search

            return _not_empty(game, lexicographic_search(
                game, exact=exact, tol=tol, progress=progress, max_seconds=max_seconds
            ))
        from triangle.solvers.vertex_enumeration import vertex_enumeration

        return _not_empty(game, vertex_enumeration(
            game, exact=exact, tol=tol, progress=progress, max_seconds=max_seconds
        ))
    from triangle.solvers.support_enumeration import support_enumeration

    # Support enumeration compares regrets with tol in payoff units: hand it the game
    # with each player's payoffs mapped onto [0, 1] (the same equilibria), so that tol is
    # relative to the payoff range at every scale, then check every profile on the game
    # itself.
    unit = _unit_game(game, exact)
    found = support_enumeration(
        unit, exact=exact, tol=tol, progress=progress, max_seconds=max_seconds
    )
    eqs = Equilibria(
        verified(game, [e.profile for e in found], tol, "support_enumeration"),
        degenerate=found.degenerate,
        components=found.components,
        method=found.method,
        notes=found.notes,
    )
    return _not_empty(game, eqs)


def _unit_game(game: NormalFormGame, exact: bool) -> NormalFormGame:
    if exact and game.has_exact_payoffs:
        payoffs = unit_payoffs(game.exact_payoffs)
    else:
        payoffs = unit_payoffs(np.asarray(game.payoffs, dtype=float))
    return NormalFormGame(payoffs, players=game.players, strategies=game.strategies)


def _not_empty(game: NormalFormGame, eqs: Equilibria) -> Equilibria:
    """Every finite game has an equilibrium (Nash 1951): an empty list is an error."""
    if len(eqs) == 0 and not eqs.notes:
        raise SolverError(
            f"no equilibrium found for a finite game of shape {game.shape}, which must have "
            f"one; please report this with the game. Meanwhile try another method, e.g. "
            f"exact=True."
        )
    return eqs
