"""Sweeps and claim robustness at a million samples, against pygambit in the same run.

Run from the repository root (takes about a minute):

    python benchmarks/bench_sweep.py                 # 1,000,000 samples
    python benchmarks/bench_sweep.py --samples 200000 --anchor 300   # quicker
    python benchmarks/bench_sweep.py --clock cpu     # CPU time, on a loaded machine

What is timed (wall clock, ``time.perf_counter``, or with ``--clock cpu`` the process's
CPU time, ``time.process_time``, which other jobs on a shared machine inflate far less;
the best of ``--repeat`` runs as ``timeit`` does, after one small warm-up call that
compiles the model):

- ``sweep``: payoffs of the simultaneous model at N factor samples, (N, 3, 3, 3, 3);
- ``sweep + pure_equilibria_batch``: the public composition;
- ``solve_sweep``: the same work fused chunk by chunk (no N x 81 payoff array);
- the core path it replaces: ``game.compiled()`` + ``pure_equilibria_batch`` (sample-major);
- the anchor: pygambit, per sample, ``Game.from_arrays`` + ``nash.enumpure_solve`` on the
  numeric payoffs (given to it precomputed, so only building and solving are charged);
- ``claim_robustness``: every claim at N samples (and ``evaluate_claims`` alone).

Ratios are per sample. The load average is printed: other processes on the machine
slow every figure alike, so compare ratios from one run.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np

import triangle as tri
from triangle.models import simultaneous
from triangle.sensitivity import claim_robustness, sample_factors, solve_sweep, sweep

REPEAT = 3
CLOCK = time.perf_counter


def timed(fn, *args, **kwargs):
    """The best time of REPEAT runs (other processes only ever add time), and the result."""
    best, out = float("inf"), None
    for _ in range(REPEAT):
        out = None  # free the previous result first
        start = CLOCK()
        out = fn(*args, **kwargs)
        best = min(best, CLOCK() - start)
    return best, out


def pygambit_solve(payoffs: np.ndarray) -> int:
    import pygambit as gbt

    found = 0
    for u in payoffs:
        game = gbt.Game.from_arrays(u[0], u[1], u[2])
        found += len(gbt.nash.enumpure_solve(game).equilibria)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--anchor", type=int, default=1000, help="samples solved by pygambit")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best kept)")
    parser.add_argument("--skip-claims", action="store_true")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="wall clock (default) or the process's CPU time")
    args = parser.parse_args()
    n = args.samples
    global REPEAT, CLOCK
    REPEAT = args.repeat
    CLOCK = time.process_time if args.clock == "cpu" else time.perf_counter

    print(f"python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f} at start; clock: {args.clock}")
    game = simultaneous()
    print(f"model: simultaneous(), {len(game.factors)} factors, payoffs {game.payoffs.shape}")

    start = CLOCK()  # once: the compiled kernel is cached afterwards
    sweep(game, sample_factors(8, factors=game, seed=1))
    t_compile = CLOCK() - start
    t_sample, samples = timed(sample_factors, n, factors=game, seed=args.seed)

    t_sweep, u = timed(sweep, game, samples)
    t_pure, mask = timed(tri.pure_equilibria_batch, u)
    ours = t_sweep + t_pure
    del u
    t_both, _ = timed(lambda: tri.pure_equilibria_batch(sweep(game, samples)))
    t_fused, sol = timed(solve_sweep, game, samples)
    assert np.array_equal(sol.pure, mask)

    # the core path before this layer (sample-major payoffs): on a slice, scaled
    m = min(n, 200_000)
    arrays = [samples[name][:m] for name in game.factors]
    game.compiled()(*(a[:8] for a in arrays))
    t_core_eval, u_core = timed(game.compiled(), *arrays)
    t_core_pure, mask_core = timed(tri.pure_equilibria_batch, u_core)
    assert np.array_equal(mask_core, mask[:m])
    core_per = (t_core_eval + t_core_pure) / m

    anchor = sweep(game, {k: v[: args.anchor] for k, v in samples.items()})
    anchor = np.ascontiguousarray(anchor)
    try:
        t_gambit, found = timed(pygambit_solve, anchor)
        gambit_per = t_gambit / len(anchor)
        expected = int(mask[: args.anchor].sum())
        assert found == expected, (found, expected)  # the same equilibria
    except ImportError:
        gambit_per = float("nan")

    per = t_both / n
    fused_per = t_fused / n
    rows = [
        ("compile the model (first sweep of 8 samples)", t_compile, None),
        (f"sample_factors({n:,})", t_sample, None),
        (f"sweep({n:,})", t_sweep, None),
        ("pure_equilibria_batch on it", t_pure, None),
        (f"sweep + pure_equilibria_batch ({n:,}, sum of the two)", ours, ours / n),
        (f"pure_equilibria_batch(sweep(...)) ({n:,}, one expression)", t_both, t_both / n),
        (f"solve_sweep ({n:,}, fused)", t_fused, fused_per),
        (f"core compiled() + pure_equilibria_batch (per sample, {m:,})", None, core_per),
        (f"pygambit from_arrays + enumpure_solve (per sample, {args.anchor:,})", None,
         gambit_per),
    ]
    print("\n| step | seconds | us per sample |\n| --- | ---: | ---: |")
    for name, secs, each in rows:
        s = f"{secs:.2f}" if secs is not None else ""
        e = f"{each * 1e6:.3f}" if each is not None else ""
        print(f"| {name} | {s} | {e} |")
    print(f"\nspeed-up per sample over pygambit: pure_equilibria_batch(sweep(...)) "
          f"{gambit_per / per:,.0f}x, solve_sweep {gambit_per / fused_per:,.0f}x; "
          f"over the core path: {core_per / per:.1f}x and {core_per / fused_per:.1f}x")
    print(f"share of samples with a pure equilibrium: {sol.has_pure.mean():.4f}")

    if not args.skip_claims:
        from triangle.verdicts.claims import claims, evaluate_claims

        claim_robustness(1000, seed=args.seed)  # compile the checks
        REPEAT = min(REPEAT, 2)
        t_claims, table = timed(claim_robustness, n, seed=args.seed)
        block = sample_factors(min(n, 100_000), seed=args.seed)
        t_eval, _ = timed(evaluate_claims, block)
        print(f"\nclaim_robustness({n:,}) over {len(claims)} claims and "
              f"{len(table.factors)} factors: {t_claims:.2f} s "
              f"(evaluate_claims alone: {t_eval / len(next(iter(block.values()))) * 1e6:.2f} "
              f"us per sample)")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
