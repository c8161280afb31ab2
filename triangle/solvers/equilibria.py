"""``equilibria``: every equilibrium of a game, with the right algorithm for its size."""

from __future__ import annotations

from triangle.errors import InvalidGameError, UnsupportedGameError, check_tolerance
from triangle.games.normal_form import NormalFormGame, require_numeric
from triangle.games.results import Equilibria

__all__ = ["equilibria"]

_METHODS = ("auto", "vertex_enumeration", "lexicographic_search", "support_enumeration", "pure")


def equilibria(
    game: NormalFormGame, method: str = "auto", exact: bool = False, tol: float = 1e-9
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
    payoffs. ``tol`` is the regret allowed in the independent check (floats only).

    >>> import triangle as tri
    >>> rps = tri.NormalFormGame.from_bimatrix(
    ...     [[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [[0, 1, -1], [-1, 0, 1], [1, -1, 0]])
    >>> [eq] = tri.equilibria(rps, exact=True)
    >>> eq.as_dict()["Player 1"]
    {'s1': Fraction(1, 3), 's2': Fraction(1, 3), 's3': Fraction(1, 3)}
    """
    if method not in _METHODS:
        raise InvalidGameError(f"unknown method {method!r}; choose one of {', '.join(_METHODS)}.")
    require_numeric(game, "equilibria")
    check_tolerance(tol)
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

            return lexicographic_search(game, exact=exact, tol=tol)
        from triangle.solvers.vertex_enumeration import vertex_enumeration

        return vertex_enumeration(game, exact=exact, tol=tol)
    from triangle.solvers.support_enumeration import support_enumeration

    return support_enumeration(game, exact=exact, tol=tol)
