"""Regenerate tests/data/logit_gambit.json: pygambit's logit QRE answers on fixed games.

The test suite (tests/solvers/test_logit.py) compares ``triangle.logit_qre``,
``triangle.logit_branch`` and ``triangle.logit_fit`` with these stored answers everywhere,
and with pygambit itself where it is installed. Run by hand after changing the game set
or upgrading pygambit:

    pip install "pygambit>=16.3"
    python scripts/make_logit_oracle.py            # writes tests/data/logit_gambit.json

Games: the prisoner's dilemma, a stag hunt, matching pennies, two games whose principal
branch turns back in ``lam`` (a 2x2x2 and a 3x3 found by tracing seeded integer games),
and seeded random games (``numpy.random.default_rng(20250601)``): 3x3 and 4x4 with uniform
[0, 1) payoffs and with integers in 0..9, 2x2x2 and 3x3x3 uniform, 2x2x2x2 uniform.

For each game the file records, from pygambit (payoffs as given, ``lam`` unnormalised):

- ``lambda``: ``logit_solve_lambda`` at a grid of ``lam`` values (the first point of the
  principal branch at each ``lam``), profiles as flat lists, players in order;
- ``branch``: ``logit_solve_branch`` summary: number of points, largest ``lam``, the
  ``lam`` values where ``lam`` stops increasing, and the last point;
- ``solve``: the equilibrium ``logit_solve`` returns (the branch's limit);
- ``estimate``: ``logit_estimate`` (fixed-point method) for seeded integer counts.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

SEED = 20250601
OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "logit_gambit.json"
LAMS = [0.1, 0.5, 1.0, 2.0, 5.0, 10.0]

FIXED = {
    "prisoners-dilemma": [[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
    "stag-hunt": [[[4, 0], [3, 3]], [[4, 3], [0, 3]]],
    "matching-pennies": [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]],
    # Found by tracing seeded integer games for a branch on which lam decreases somewhere.
    "fold-2x2x2": [
        [[[9, 0], [8, 2]], [[9, 1], [6, 4]]],
        [[[2, 3], [4, 5]], [[7, 2], [3, 0]]],
        [[[2, 3], [8, 7]], [[7, 2], [2, 4]]],
    ],
    "fold-3x3": [[[1, 7, 3], [2, 4, 6], [6, 0, 7]], [[4, 9, 5], [9, 2, 6], [3, 8, 6]]],
}
EXTRA_LAMS = {"fold-2x2x2": [2.1, 2.2, 2.3, 2.4], "fold-3x3": [0.7386, 0.73865, 0.7387]}

#: (label, shape, integer payoffs?)
RANDOM = [
    ("3x3-float", (3, 3), False),
    ("3x3-float", (3, 3), False),
    ("3x3-int", (3, 3), True),
    ("4x4-float", (4, 4), False),
    ("4x4-int", (4, 4), True),
    ("2x2x2-float", (2, 2, 2), False),
    ("2x2x2-float", (2, 2, 2), False),
    ("3x3x3-float", (3, 3, 3), False),
    ("2x2x2x2-float", (2, 2, 2, 2), False),
]


def flat(game, profile) -> list[float]:
    return [float(profile[s]) for p in game.players for s in p.strategies]


def record(name: str, payoffs: np.ndarray, rng: np.random.Generator) -> dict:
    import pygambit as gbt

    game = gbt.Game.from_arrays(*payoffs)
    lams = sorted(set(LAMS + EXTRA_LAMS.get(name, [])))
    at = gbt.qre.logit_solve_lambda(game, lams)
    branch = gbt.qre.logit_solve_branch(game)
    branch_lams = [float(p.lam) for p in branch]
    turns = [
        branch_lams[k]
        for k in range(1, len(branch_lams) - 1)
        if (branch_lams[k] - branch_lams[k - 1]) * (branch_lams[k + 1] - branch_lams[k]) < 0
    ]
    solved = gbt.nash.logit_solve(game).equilibria
    counts = [rng.integers(0, 40, size=m).tolist() for m in payoffs.shape[1:]]
    for c in counts:
        c[0] += 1  # no player without observations
    data = game.mixed_strategy_profile(data=counts)
    est = gbt.qre.logit_estimate(data)
    return {
        "name": name,
        "payoffs": payoffs.tolist(),
        "lambda": [{"lam": float(q.lam), "profile": flat(game, q.profile)} for q in at],
        "branch": {
            "points": len(branch),
            "max_lam": max(branch_lams),
            "turns": turns,
            "last_lam": branch_lams[-1],
            "last_profile": flat(game, branch[-1].profile),
        },
        "solve": [flat(game, eq) for eq in solved],
        "estimate": {
            "counts": counts,
            "lam": float(est.lam),
            "log_like": float(est.log_like),
            "profile": flat(game, est.profile),
        },
    }


def main() -> None:
    import pygambit as gbt

    rng = np.random.default_rng(SEED)
    games = []
    for name, payoffs in FIXED.items():
        games.append(record(name, np.array(payoffs, dtype=float), rng))
    for k, (label, shape, integers) in enumerate(RANDOM):
        n = len(shape)
        u = (
            rng.integers(0, 10, size=(n, *shape)).astype(float)
            if integers
            else rng.random((n, *shape)).round(6)  # six decimals: exact in JSON and in floats
        )
        games.append(record(f"{label}-{k}", u, rng))
    OUT.write_text(
        json.dumps(
            {"pygambit": gbt.__version__, "seed": SEED, "games": games}, indent=1
        )
        + "\n"
    )
    print(f"wrote {OUT} ({len(games)} games)")


if __name__ == "__main__":
    main()
