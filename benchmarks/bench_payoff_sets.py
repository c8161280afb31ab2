"""Subgame-perfect payoff sets: triangle's Abreu-Sannikov against QuantEcon's, same run.

Run by hand (not part of the test suite), in an environment where quantecon is installed
(it is not a dependency of triangle; it pulls in numba):

    pip install quantecon
    python benchmarks/bench_payoff_sets.py [--repeats 5] [--sizes 10 20 40]

1. The games of tests/data/quantecon_payoff_sets.json (QuantEcon's own test games, the
   Abreu-Sannikov example at several discount factors, textbook games and seeded random
   integer games). For each: ``triangle.solvers.repeated_abreu_sannikov.abreu_sannikov``
   (default ``tol=1e-10``), QuantEcon's ``RepeatedGame.equilibrium_payoffs()`` with its
   defaults (``tol=1e-12``, ``max_iter=500``), and triangle's outer approximation
   (``outer_payoff_set``, 64 directions, the method ``RepeatedGame.equilibrium_payoffs``
   uses by default). QuantEcon's numba functions are compiled before timing (the
   compile time is reported once). QuantEcon starts its threat point at each player's
   lowest payoff, triangle at the pure minmax (closer to the answer, so fewer
   iterations); a second QuantEcon column passes it the same start (``u_init``), to
   compare the two implementations of the iteration like for like. Games where
   QuantEcon raises (no pure equilibrium, or Qhull refusing a set that is a point or a
   segment) are timed for triangle only.
2. Seeded random integer games of growing size (``--sizes``, n x n, payoffs in -5..9,
   discount 0.9).

CPU milliseconds per call (``time.process_time``): each call is repeated until 0.2 s
have passed, and the best of ``--repeats`` such rounds is kept. The Hausdorff distance
between the two exact sets is printed beside the times, and that of the outer
approximation to the exact set.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np

import triangle as tri
from triangle.solvers.repeated_abreu_sannikov import abreu_sannikov, outer_payoff_set

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "quantecon_payoff_sets.json"


def per_call(fn, repeats: int, budget: float = 0.2) -> float:
    """Best-of-``repeats`` CPU seconds per call, each round running ``fn`` for ``budget`` s."""
    best = np.inf
    for _ in range(repeats):
        calls, start = 0, time.process_time()
        while True:
            fn()
            calls += 1
            elapsed = time.process_time() - start
            if elapsed >= budget:
                break
        best = min(best, elapsed / calls)
    return best


def quantecon_runner(a, b, delta, u_init=None):
    import quantecon.game_theory as gt

    rpg = gt.RepeatedGame(gt.NormalFormGame(np.stack([np.asarray(a), np.asarray(b)], -1)), delta)
    options = {} if u_init is None else {"u_init": u_init}

    def run():
        hull = rpg.equilibrium_payoffs(options=options)
        return hull.points[hull.vertices]

    try:
        run()
    except Exception as exc:  # no pure equilibrium, or Qhull on a point or a segment
        return None, type(exc).__name__
    return run, None


def row(label, a, b, delta, repeats):
    game = tri.NormalFormGame.from_bimatrix(a, b)
    exact = abreu_sannikov(game, delta)
    outer = outer_payoff_set(game, delta)
    t_ours = per_call(lambda: abreu_sannikov(game, delta), repeats)
    t_outer = per_call(lambda: outer_payoff_set(game, delta), repeats)
    run, failure = quantecon_runner(a, b, delta)
    if run is None:
        t_qe = t_qe_mm = float("nan")
        gap, ratio, ratio_mm = failure, "", ""
    else:
        t_qe = per_call(run, repeats)
        gap = f"{exact.distance_to(run()):.1e}"
        ratio = f"{t_ours / t_qe:.2f}"
        # like for like: QuantEcon started from the same threat point, the pure minmax
        run_mm, _ = quantecon_runner(a, b, delta, u_init=exact.minmax)
        t_qe_mm = per_call(run_mm, repeats)
        ratio_mm = f"{t_ours / t_qe_mm:.2f}"
    size = f"{len(a)}x{len(a[0])}"
    print(
        f"| {label} | {size} | {delta:g} | {len(exact.vertices)} | {exact.iterations} | "
        f"{1e3 * t_ours:.3f} | {1e3 * t_qe:.3f} | {ratio} | {1e3 * t_qe_mm:.3f} | {ratio_mm} | "
        f"{gap} | {1e3 * t_outer:.1f} | {exact.distance_to(outer):.3f} |",
        flush=True,
    )
    return t_ours, t_qe, t_qe_mm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10, 20, 40])
    args = parser.parse_args()

    import numba
    import quantecon

    print(
        f"Python {platform.python_version()}, numpy {np.__version__}, quantecon "
        f"{quantecon.__version__}, numba {numba.__version__}; CPU ms per call, best of "
        f"{args.repeats}"
    )
    oracle = json.loads(DATA.read_text())
    start = time.perf_counter()
    entry = oracle["games"][0]
    quantecon_runner(entry["A"], entry["B"], entry["delta"])  # numba compiles here
    print(f"QuantEcon first call (numba compilation): {time.perf_counter() - start:.1f} s wall")
    head = (
        "| game | size | delta | vertices | iterations | triangle ms | QuantEcon ms | "
        "/ QuantEcon | QuantEcon from minmax ms | / that | distance | outer (64) ms | "
        "outer - exact |"
    )
    print(head)
    print("| --- | --- |" + " ---: |" * 11)
    times = []
    for entry in oracle["games"]:
        times.append(row(entry["id"], entry["A"], entry["B"], entry["delta"], args.repeats))
    rng = np.random.default_rng(2026)
    for n in args.sizes:
        a, b = rng.integers(-5, 10, size=(2, n, n)).tolist()
        times.append(row(f"random {n}x{n}", a, b, 0.9, args.repeats))
    t = np.array([x for x in times if np.isfinite(x[1])])
    print(
        f"geometric mean over {len(t)} games of triangle / QuantEcon: "
        f"{np.exp(np.mean(np.log(t[:, 0] / t[:, 1]))):.2f}; of triangle / QuantEcon from the "
        f"pure minmax: {np.exp(np.mean(np.log(t[:, 0] / t[:, 2]))):.2f}"
    )


if __name__ == "__main__":
    main()
