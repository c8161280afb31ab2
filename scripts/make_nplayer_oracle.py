"""Regenerate tests/data/nplayer_gambit.json: pygambit's answers on larger N-player games.

The test suite (tests/solvers/test_n_player_large.py) reads these stored answers, and
calls pygambit live only where it is installed (``pytest -m oracle``). Run this script by
hand after changing the game set or upgrading pygambit:

    pip install "pygambit>=16.3"
    python scripts/make_nplayer_oracle.py            # writes tests/data/nplayer_gambit.json

Games (seed 20250612, ``numpy.random.default_rng``): four players 2x2x2x2 and 3x3x3x3,
three players 4x4x4, five players 2x2x2x2x2, all with uniform [0, 1) payoffs
(nondegenerate with probability one); and 2x2x2x2 games with integer payoffs in -1..1
(ties: degenerate). Solvers ``enumpure``, ``enumpoly`` (support enumeration with
polynomial systems) and ``gnm`` (global Newton), each in a child process with a time
limit (the helpers of scripts/make_gambit_oracle.py); a solver that times out or fails
is recorded as such, with no equilibria. Equilibria are stored as flat lists of floats,
players in order.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_gambit_oracle import generate_plan, write_oracle

SEED = 20250612
OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "nplayer_gambit.json"
SOLVERS = ("enumpure", "enumpoly", "gnm")

#: (label, shape, number of games, integer payoffs?)
PLAN = [
    ("4p-float", (2, 2, 2, 2), 8, False),
    ("4p-int", (2, 2, 2, 2), 4, True),
    ("4p-float", (3, 3, 3, 3), 4, False),
    ("3p-float", (4, 4, 4), 4, False),
    ("5p-float", (2, 2, 2, 2, 2), 3, False),
]


def generate(timeout: float) -> dict:
    return generate_plan(
        [(*row, SOLVERS) for row in PLAN], seed=SEED, timeout=timeout,
        generator="scripts/make_nplayer_oracle.py", integers=(-1, 2),
    )


def main() -> None:
    write_oracle(generate, __doc__, 120.0, OUT)


if __name__ == "__main__":
    main()
