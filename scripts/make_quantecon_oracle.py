"""Regenerate tests/data/quantecon_payoff_sets.json: QuantEcon's subgame-perfect payoff sets.

QuantEcon's ``RepeatedGame.equilibrium_payoffs`` implements the algorithm of Abreu and
Sannikov (2014) for two-player repeated games with perfect monitoring and public
randomisation. The test suite (tests/solvers/test_abreu_sannikov.py) compares
``triangle.solvers.repeated_abreu_sannikov.abreu_sannikov`` with the answers stored here,
and the benchmark (benchmarks/bench_payoff_sets.py) times both on the same games.
quantecon is not a dependency of triangle: install it by hand, in a separate environment
if you like (it pulls in numba), then run

    pip install quantecon
    python scripts/make_quantecon_oracle.py     # writes tests/data/quantecon_payoff_sets.json

Games: QuantEcon's own test games (the example of Abreu and Sannikov 2014 at delta 0.3,
the prisoner's dilemma at 0.9, a game without a pure subgame-perfect equilibrium at
0.05), the Abreu-Sannikov game at higher discount factors, textbook games (prisoner's
dilemma, battle of the sexes, chicken, stag hunt, a discrete Cournot duopoly) and seeded
random integer games (``numpy.random.default_rng(SEED)``). QuantEcon runs with
``max_iter=MAX_ITER`` (its default of 500 can stop before convergence at high discount
factors) and its default ``tol``. Where QuantEcon raises (its ``ValueError`` for a game
with no pure subgame-perfect equilibrium, or Qhull's error when the set is a point or a
segment) the entry records the status and message, with no vertices.
"""

from __future__ import annotations

import json
import platform
from pathlib import Path

import numpy as np

SEED = 20260701
MAX_ITER = 20_000
OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "quantecon_payoff_sets.json"


def cournot(levels: tuple[int, ...], intercept: int, cost: int) -> tuple[list, list]:
    """A discrete Cournot duopoly: profit q_i * (intercept - q_1 - q_2 - cost)."""
    a = [[q1 * (intercept - q1 - q2 - cost) for q2 in levels] for q1 in levels]
    b = [[q2 * (intercept - q1 - q2 - cost) for q2 in levels] for q1 in levels]
    return a, b


def games() -> list[dict]:
    """The game set: id, row player's matrix A, column player's matrix B, discount."""
    as_a = [[16, 3, 0], [21, 10, -1], [9, 5, -5]]
    as_b = [[9, 13, 3], [1, 4, 0], [0, -4, -15]]
    pd_a, pd_b = [[9, 1], [10, 3]], [[9, 10], [1, 3]]
    out = [
        ("quantecon_abreu_sannikov_0.3", as_a, as_b, 0.3),
        ("quantecon_prisoners_dilemma_0.9", pd_a, pd_b, 0.9),
        ("quantecon_no_pure_spe_0.05", [[1, -1], [-2, 1]], [[-1, 2], [2, 0]], 0.05),
        ("abreu_sannikov_0.5", as_a, as_b, 0.5),
        ("abreu_sannikov_0.7", as_a, as_b, 0.7),
        ("abreu_sannikov_0.9", as_a, as_b, 0.9),
        ("prisoners_dilemma_0.75", pd_a, pd_b, 0.75),
        ("prisoners_dilemma_0.15", pd_a, pd_b, 0.15),
        ("battle_of_the_sexes_0.9", [[2, 0], [0, 1]], [[1, 0], [0, 2]], 0.9),
        ("chicken_0.5", [[3, 1], [4, 0]], [[3, 4], [1, 0]], 0.5),
        ("stag_hunt_0.4", [[4, 0], [3, 2]], [[4, 3], [0, 2]], 0.4),
    ]
    ca, cb = cournot((2, 3, 4, 6), 16, 1)
    out += [("cournot_4_0.5", ca, cb, 0.5), ("cournot_4_0.8", ca, cb, 0.8)]
    rng = np.random.default_rng(SEED)
    for shape, delta in [
        ((2, 3), 0.6),
        ((3, 3), 0.4),
        ((3, 3), 0.8),
        ((4, 4), 0.6),
        ((2, 5), 0.7),
        ((5, 5), 0.85),
        ((6, 6), 0.5),
    ]:
        a = rng.integers(-5, 10, size=shape).tolist()
        b = rng.integers(-5, 10, size=shape).tolist()
        out.append((f"random_{shape[0]}x{shape[1]}_{delta}", a, b, delta))
    return [dict(id=i, A=a, B=b, delta=d) for i, a, b, d in out]


def quantecon_set(a: list, b: list, delta: float) -> dict:
    """QuantEcon's answer for one game: status, and vertices in its (counter-clockwise) order."""
    import quantecon.game_theory as gt

    bimatrix = np.stack([np.array(a), np.array(b)], axis=-1)
    rpg = gt.RepeatedGame(gt.NormalFormGame(bimatrix), delta)
    try:
        hull = rpg.equilibrium_payoffs(options={"max_iter": MAX_ITER})
    except ValueError as exc:  # QuantEcon's "no incentive-compatible payoff vector"
        return {"status": "no_pure_spe", "message": str(exc), "vertices": []}
    except Exception as exc:  # Qhull on a point or segment
        return {"status": "error", "message": f"{type(exc).__name__}: {exc}"[:300], "vertices": []}
    return {"status": "ok", "vertices": hull.points[hull.vertices].tolist()}


def main() -> None:
    import numba
    import quantecon

    entries = []
    for game in games():
        answer = quantecon_set(game["A"], game["B"], game["delta"])
        entries.append({**game, **answer})
        print(f"{game['id']:36s} {answer['status']:12s} {len(answer['vertices'])} vertices")
    data = {
        "generator": "scripts/make_quantecon_oracle.py",
        "quantecon": quantecon.__version__,
        "numba": numba.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "seed": SEED,
        "options": {"max_iter": MAX_ITER, "tol": "QuantEcon's default (1e-12)"},
        "games": entries,
    }
    OUT.write_text(json.dumps(data, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
