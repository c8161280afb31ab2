"""Write tests/data/bayesian_gambit.json: pygambit's Bayesian equilibria of seeded games.

For each game, pygambit's ``enummixed_solve(rational=True)`` (every extreme equilibrium,
exact) runs on the ex-ante (Harsanyi) normal form that ``BayesianGame.to_normal_form``
builds, scaled to integer payoffs (a positive factor per game: same equilibria). Each
equilibrium, a mixture of plans, is mapped to behaviour (the probability that a type
plays an action is the total probability of the plans that give it that action) and the
distinct behaviours are stored as fractions. tests/solvers/test_bayesian_equilibria.py
compares them with ``triangle.bayesian_equilibria(game, exact=True)``.

Games (``numpy.random.default_rng(SEED)``): two players with types (1, 2) or (2, 2) and
2 or 3 actions each; integer payoffs in -5..5; a correlated prior of integer weights
1..9, normalised; plus the Bayesian battle of the sexes (Osborne 2004, 273.1) and the
entry game of Fudenberg and Tirole (1991, example 6.1) at a prior of 1/4.

    pip install "pygambit>=16.3"
    python scripts/make_bayesian_gambit.py
"""

from __future__ import annotations

import argparse
import json
import math
from fractions import Fraction
from pathlib import Path

import numpy as np

SEED = 20250110
OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "bayesian_gambit.json"
#: (types, actions, number of games)
PLAN = [
    ((1, 2), (2, 2), 6),
    ((2, 2), (2, 2), 8),
    ((1, 2), (3, 2), 4),
    ((2, 2), (2, 3), 4),
    ((2, 2), (3, 3), 3),
]


def textbook() -> list[dict]:
    meet = [[[2, 0], [0, 1]], [[1, 0], [0, 2]]]
    avoid = [[[2, 0], [0, 1]], [[0, 2], [1, 0]]]
    entry = [[[[0, 2], [2, 3]], [[3, 7], [4, 6]]], [[[-1, 0], [1, 0]], [[-1, 0], [1, 0]]]]
    return [
        {
            "id": "osborne-bos",
            "payoffs": [[[meet[i], avoid[i]]] for i in range(2)],
            "prior": [["1/2", "1/2"]],
        },
        {  # Fudenberg-Tirole 6.1 with the low type's payoffs doubled (integers; same game)
            "id": "fudenberg-tirole-entry",
            "payoffs": [[[x] for x in player] for player in entry],
            "prior": [["1/4"], ["3/4"]],
        },
    ]


def seeded() -> list[dict]:
    rng = np.random.default_rng(SEED)
    out = []
    for types, actions, count in PLAN:
        for k in range(count):
            u = rng.integers(-5, 6, size=(2, *types, *actions))
            w = rng.integers(1, 10, size=types)
            prior = [[str(Fraction(int(x), int(w.sum()))) for x in row] for row in w]
            out.append(
                {
                    "id": f"{'x'.join(map(str, types))}-{'x'.join(map(str, actions))}-{k}",
                    "payoffs": u.tolist(),
                    "prior": prior,
                }
            )
    return out


def build(entry: dict):
    import triangle as tri

    prior = np.array([[Fraction(x) for x in row] for row in entry["prior"]], dtype=object)
    return tri.BayesianGame(np.array(entry["payoffs"]), prior)


def gambit_behaviours(game) -> tuple[list, int]:
    """pygambit's extreme equilibria of the Harsanyi form, as distinct behaviours."""
    import pygambit as gbt

    from triangle.games.bayesian import plans

    nf = game.to_normal_form()
    exact = nf.exact_payoffs
    scale = math.lcm(*(x.denominator for x in exact.flat))
    arrays = [np.vectorize(lambda x: int(x * scale), otypes=[object])(exact[i]) for i in range(2)]
    g = gbt.Game.from_arrays(*(a.astype(int) for a in arrays))
    result = gbt.nash.enummixed_solve(g, rational=True)
    rows = [plans(t, a) for t, a in zip(game.n_types, game.n_actions)]
    seen = []
    for eq in result.equilibria:
        behaviour = []
        for i, player in enumerate(g.players):
            sigma = [Fraction(eq[s]) for s in player.strategies]
            b = [[Fraction(0)] * game.n_actions[i] for _ in range(game.n_types[i])]
            for prob, plan in zip(sigma, rows[i]):
                for t, a in enumerate(plan):
                    b[t][a] += prob
            behaviour.append([[str(x) for x in row] for row in b])
        if behaviour not in seen:
            seen.append(behaviour)
    return seen, len(result.equilibria)


def main() -> None:
    import pygambit

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    games = []
    for entry in textbook() + seeded():
        behaviours, count = gambit_behaviours(build(entry))
        entry["gambit_equilibria"] = count
        entry["behaviours"] = behaviours
        games.append(entry)
        print(entry["id"], count, "plan-space equilibria,", len(behaviours), "behaviours")
    data = {
        "generator": "scripts/make_bayesian_gambit.py",
        "pygambit": pygambit.__version__,
        "seed": SEED,
        "solver": "enummixed_solve(rational=True) on the Harsanyi form",
        "games": games,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=1) + "\n")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e3:.0f} kB, {len(games)} games)")


if __name__ == "__main__":
    main()
