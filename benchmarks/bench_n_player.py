"""All equilibria of random 3x3x3 games: triangle's support enumeration against pygambit.

Run by hand (not part of the test suite):

    python benchmarks/bench_n_player.py [--games 100] [--seed 0] [--repeats 3]

Games have uniform [0, 1) payoffs (``numpy.random.default_rng(seed)``), so they are
nondegenerate with probability one. It times, in CPU milliseconds per game,
``triangle.equilibria`` (support enumeration; its time includes the independent check
of every equilibrium) and pygambit's ``enumpoly_solve``, both on games built before
timing, as the median of ``--repeats`` interleaved passes. It then compares the
equilibrium sets game by game and lists every disagreement: for each equilibrium only
one side found, whether pygambit's ``gnm_solve`` (a homotopy method) also found it and
its regret as measured by ``triangle.regret``.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import triangle as tri

try:
    import pygambit as gbt
except ImportError:  # pragma: no cover - the anchor is optional
    gbt = None

MATCH = 1e-6


def vectors(game, result) -> list[np.ndarray]:
    return [
        np.array([float(eq[p][s]) for p in game.players for s in p.strategies])
        for eq in result.equilibria
    ]


def flat(eq) -> np.ndarray:
    return np.concatenate([np.asarray(p, dtype=float) for p in eq.profile])


def contains(vecs, v) -> bool:
    return any(np.abs(w - v).max() < MATCH for w in vecs)


def per_game_ms(solvers: dict, repeats: int) -> dict[str, float]:
    """Median over interleaved passes of the CPU milliseconds per game of each solver."""
    passes: dict[str, list[float]] = {name: [] for name in solvers}
    for _ in range(repeats):
        for name, (solve, items) in solvers.items():
            start = time.process_time()
            for item in items:
                solve(item)
            passes[name].append((time.process_time() - start) / len(items) * 1e3)
    return {name: statistics.median(v) for name, v in passes.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    payoffs = [rng.random((3, 3, 3, 3)) for _ in range(args.games)]
    ours = [tri.NormalFormGame(u) for u in payoffs]
    solvers = {"triangle.equilibria": (tri.equilibria, ours)}
    theirs = []
    if gbt is not None:
        theirs = [gbt.Game.from_arrays(*u) for u in payoffs]
        solvers["pygambit enumpoly_solve"] = (gbt.nash.enumpoly_solve, theirs)
    tri.equilibria(ours[0])  # warm up imports
    ms = per_game_ms(solvers, args.repeats)
    print(f"{args.games} random 3x3x3 games (seed {args.seed}), CPU ms per game, median of "
          f"{args.repeats} interleaved passes:")
    base = ms.get("pygambit enumpoly_solve")
    for name, value in ms.items():
        ratio = f"  ({value / base:.2f} x pygambit)" if base else ""
        print(f"  {name:28s} {value:8.2f}{ratio}")

    counts = {"triangle": 0, "enumpoly": 0}
    odd = {"triangle": 0, "enumpoly": 0}  # generic games have an odd number (Wilson 1971)
    lines = []
    differ = 0
    for k, game in enumerate(ours):
        mine = [flat(e) for e in tri.equilibria(game)]
        counts["triangle"] += len(mine)
        odd["triangle"] += len(mine) % 2
        if gbt is None:
            continue
        poly = vectors(theirs[k], gbt.nash.enumpoly_solve(theirs[k]))
        counts["enumpoly"] += len(poly)
        odd["enumpoly"] += len(poly) % 2
        only_ours = [v for v in mine if not contains(poly, v)]
        only_theirs = [v for v in poly if not contains(mine, v)]
        if not (only_ours or only_theirs):
            continue
        differ += 1
        gnm = vectors(theirs[k], gbt.nash.gnm_solve(theirs[k]))
        for side, vs in (("triangle only", only_ours), ("enumpoly only", only_theirs)):
            for v in vs:
                prof = np.split(v, [3, 6])
                lines.append(
                    f"  game {k:3d}: {side}: {np.round(v, 4).tolist()} regret "
                    f"{max(tri.regret(game, prof)):.1e}, gnm found it: {contains(gnm, v)}"
                )
    print(f"equilibria found: triangle {counts['triangle']} (odd count in {odd['triangle']} "
          f"games)" + (f", enumpoly {counts['enumpoly']} (odd count in {odd['enumpoly']} games)"
                       if gbt is not None else ""))
    if gbt is not None:
        print(f"games whose equilibrium sets differ: {differ} of {args.games}; found by one side "
              f"only: triangle {sum('triangle only' in x for x in lines)} (gnm also found "
              f"{sum('triangle only' in x and x.endswith('True') for x in lines)}), enumpoly "
              f"{sum('enumpoly only' in x for x in lines)}")
        print("\n".join(lines))


if __name__ == "__main__":
    main()
