"""A first game: build it, solve it, check the answer (run: python examples/first_game.py)."""

import triangle as tri

# Battle of the sexes with named players and strategies.
bos = tri.NormalFormGame.from_bimatrix(
    [[2, 0], [0, 1]],
    [[1, 0], [0, 2]],
    players=("Washington", "Moscow"),
    strategies=(("summit", "sanctions"), ("summit", "sanctions")),
)
print(bos, end="\n\n")

# Every extreme equilibrium, in exact arithmetic.
eqs = tri.equilibria(bos, exact=True)
for eq in eqs:
    print(eq)
assert len(eqs) == 3 and all(tri.is_equilibrium(bos, eq.profile, tol=0) for eq in eqs)

# A three-player game with a mixed equilibrium: every answer passed an independent check.
matching = tri.NormalFormGame(
    [[[[1, 0], [0, 0]], [[0, 0], [0, 1]]]] * 3,
    players=("US", "Russia", "China"),
)
print(tri.equilibria(matching))
