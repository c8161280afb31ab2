"""Pure equilibria of a million random 3x3x3 games at once, against a pygambit loop.

Run by hand (not part of the test suite):

    python benchmarks/bench_pure_batch.py [--games 1000000] [--anchor 2000] [--seed 0]

Payoffs are uniform [0, 1) (``numpy.random.default_rng(seed)``), generated before timing.
``triangle.pure_equilibria_batch`` marks the pure equilibria of all ``--games`` games in
one call (best of ``--repeats`` runs, wall clock and CPU time). The anchor builds each of
the first ``--anchor`` games with pygambit (``Game.from_arrays``) and runs
``enumpure_solve`` on it, the loop a user without a batch function would write; it is
timed in CPU seconds and compared per game. Both must mark the same profiles.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import triangle as tri

try:
    import pygambit as gbt
except ImportError:  # pragma: no cover - the anchor is optional
    gbt = None


def gambit_loop(payoffs: np.ndarray) -> list[set[tuple[int, ...]]]:
    out = []
    for u in payoffs:
        game = gbt.Game.from_arrays(*u)
        found = set()
        for eq in gbt.nash.enumpure_solve(game).equilibria:
            found.add(
                tuple(
                    next(j for j, s in enumerate(p.strategies) if eq[p][s] == 1)
                    for p in game.players
                )
            )
        out.append(found)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=1_000_000)
    parser.add_argument("--anchor", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    payoffs = np.random.default_rng(args.seed).random((args.games, 3, 3, 3, 3))
    wall, cpu = [], []
    for _ in range(args.repeats):
        w, c = time.perf_counter(), time.process_time()
        mask = tri.pure_equilibria_batch(payoffs)
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    ours_us = min(cpu) / args.games * 1e6
    print(f"pure_equilibria_batch, {args.games} games: best of {args.repeats}: "
          f"{min(wall):.3f} s wall ({args.games / min(wall) / 1e6:.2f} M games/s), "
          f"{min(cpu):.3f} s CPU ({args.games / min(cpu) / 1e6:.2f} M games/s); "
          f"{int(mask.sum())} pure equilibria")
    if gbt is None:
        print("pygambit is not installed: no anchor.")
        return
    c = time.process_time()
    theirs = gambit_loop(payoffs[: args.anchor])
    gambit_us = (time.process_time() - c) / args.anchor * 1e6
    same = all(
        found == {tuple(int(x) for x in cell) for cell in np.argwhere(m)}
        for found, m in zip(theirs, mask[: args.anchor])
    )
    print(f"pygambit build + enumpure_solve loop, {args.anchor} games: {gambit_us:.1f} us CPU "
          f"per game; triangle {ours_us:.3f} us CPU per game; ratio {gambit_us / ours_us:.0f} x; "
          f"same equilibria: {same}")


if __name__ == "__main__":
    main()
