"""The principal logit QRE branch: triangle.logit_branch against pygambit's logit_solve_branch.

Run by hand (not part of the test suite):

    python benchmarks/bench_qre.py [--games 50] [--seed 0] [--repeats 3]

Two families of games with uniform [0, 1) payoffs (``numpy.random.default_rng(seed)``):
3x3 (two players) and 2x2x2 (three players). For each game it times, in CPU milliseconds
per game (median of ``--repeats`` interleaved passes, games built before timing):

- ``triangle.logit_branch(game)``: the branch from the centroid until the regret is at
  most 1e-8 times the payoff range, every point checked independently
  (``logit_residual``), and the limit solved on its support and checked by
  ``triangle.regret``;
- pygambit's ``logit_solve_branch(game)`` with the same stopping rule (``maxregret``
  1e-8, relative to the payoff range) and the same ``first_step`` and ``max_accel``;
- ``triangle.logit_qre(game, lams)`` and pygambit's ``logit_solve_lambda(game, lams)`` at
  ``lams = [0.5, 1, 2, 5, 10]``.

It then reports the number of points per branch, the largest difference between the two
limits and between the two QRE at each ``lam``.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

import numpy as np

import triangle as tri

try:
    import pygambit as gbt
except ImportError:  # pragma: no cover - the anchor is optional
    gbt = None

LAMS = [0.5, 1.0, 2.0, 5.0, 10.0]


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


def flat(profile) -> np.ndarray:
    return np.concatenate([np.asarray(p, dtype=float) for p in profile])


def gambit_flat(game, profile) -> np.ndarray:
    return np.array([float(profile[s]) for p in game.players for s in p.strategies])


def family(shape: tuple[int, ...], args: argparse.Namespace) -> list[str]:
    rng = np.random.default_rng(args.seed)
    payoffs = [rng.random((len(shape), *shape)) for _ in range(args.games)]
    ours = [tri.NormalFormGame(u) for u in payoffs]
    solvers = {
        "triangle.logit_branch": (tri.logit_branch, ours),
        "triangle.logit_qre (5 lam)": (lambda g: tri.logit_qre(g, LAMS), ours),
    }
    theirs = []
    if gbt is not None:
        theirs = [gbt.Game.from_arrays(*u) for u in payoffs]
        solvers["pygambit logit_solve_branch"] = (gbt.qre.logit_solve_branch, theirs)
        solvers["pygambit logit_solve_lambda (5 lam)"] = (
            lambda g: gbt.qre.logit_solve_lambda(g, LAMS),
            theirs,
        )
    tri.logit_branch(ours[0])  # warm up imports
    ms = per_game_ms(solvers, args.repeats)
    label = "x".join(map(str, shape))
    rows = []
    anchors = {
        "triangle.logit_branch": "pygambit logit_solve_branch",
        "pygambit logit_solve_branch": "pygambit logit_solve_branch",
        "triangle.logit_qre (5 lam)": "pygambit logit_solve_lambda (5 lam)",
        "pygambit logit_solve_lambda (5 lam)": "pygambit logit_solve_lambda (5 lam)",
    }
    for name, value in ms.items():
        base = ms.get(anchors[name])
        ratio = f"{value / base:.2f}" if base else "-"
        rows.append(f"| {label} | `{name}` | {args.games} | {value:.2f} | {ratio} |")
    ours_points = [len(tri.logit_branch(g)) for g in ours]
    line = f"{label}: points per branch, triangle {statistics.mean(ours_points):.1f}"
    if theirs:
        their_points, limit_gap, qre_gap = [], 0.0, 0.0
        for g, t in zip(ours, theirs):
            branch = tri.logit_branch(g)
            gb = gbt.qre.logit_solve_branch(t)
            their_points.append(len(gb))
            limit = gambit_flat(t, gbt.nash.logit_solve(t).equilibria[0])
            gap = float(np.abs(flat(branch.equilibrium.profile) - limit).max())
            limit_gap = max(limit_gap, gap)
            for q, r in zip(tri.logit_qre(g, LAMS), gbt.qre.logit_solve_lambda(t, LAMS)):
                qre_gap = max(qre_gap, float(np.abs(flat(q) - gambit_flat(t, r.profile)).max()))
        line += (
            f", pygambit {statistics.mean(their_points):.1f}; largest difference of the "
            f"limits {limit_gap:.2g}, of the QRE at the 5 lam {qre_gap:.2g}"
        )
    return [*rows, "", line]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    version = gbt.__version__ if gbt is not None else "not installed"
    print(
        f"Python {platform.python_version()}, numpy {np.__version__}, pygambit {version}; "
        f"CPU ms per game, median of {args.repeats} interleaved passes, seed {args.seed}\n"
    )
    print("| game | method | games | ms/game | / pygambit |")
    print("| --- | --- | ---: | ---: | ---: |")
    notes = []
    for shape in ((3, 3), (2, 2, 2)):
        lines = family(shape, args)
        cut = lines.index("")
        print("\n".join(lines[:cut]))
        notes += lines[cut + 1 :]
    print()
    print("\n".join(notes))


if __name__ == "__main__":
    main()
