"""Models and solvers register what they use, so ``triangle.cite()`` lists exactly that."""

import triangle as tri
from triangle.citations import reset_used, used


def test_solving_the_model_registers_articles_and_algorithms():
    reset_used()
    game = tri.models.simultaneous()
    tri.equilibria(game.subs(tri.scenarios["baseline"]))
    keys = set(used())
    assert {"heybatov2025", "petrenko2025", "harper2025"} <= keys
    assert {"mckelvey1996", "porter2008"} <= keys
    assert "avis2010" not in keys  # no two-player game was solved
    tri.equilibria(tri.NormalFormGame.from_bimatrix([[1, 0]], [[0, 1]]))
    assert "avis2010" in used()
    assert "McKelvey" in tri.cite() and "Nash, J." not in tri.cite()
    reset_used()
    assert tri.cite() == ""
