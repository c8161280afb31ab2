"""Claims over many samples, and ``triangle analyze`` end to end.

Run from the repository root:

    python benchmarks/bench_claims.py                   # 1,000,000 samples
    python benchmarks/bench_claims.py --samples 200000  # quicker

What is timed (``time.perf_counter`` for wall clock, ``time.process_time`` for the CPU
time of this process, which other jobs on the machine disturb less):

- ``evaluate_claims``: every claim of ``triangle.claims`` at N uniform samples of every
  factor within its plausible range, on every form (``simultaneous``, ``us_first``,
  ``china_first``; after a small warm-up call that compiles the model and the
  derivatives);
- ``claim_verdicts``: every claim's label on every form (shares, the search for a flip
  with its evidence, the vacuity test);
- one claim's single-point ``Claim.check`` (a context of one sample);
- ``triangle analyze`` (the installed command, text format) in a fresh process, wall clock,
  with and without the search for the nearest factors.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time

import numpy as np

import triangle as tri
from triangle.verdicts.forms import FORMS
from triangle.verdicts.labels import claim_verdicts


def timed(fn, repeat: int = 1) -> tuple[float, float]:
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        fn()
        best_wall = min(best_wall, time.perf_counter() - w)
        best_cpu = min(best_cpu, time.process_time() - c)
    return best_wall, best_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--label-samples", type=int, default=20_000)
    parser.add_argument("--skip-analyze", action="store_true")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")

    rng = np.random.default_rng(args.seed)
    samples = {f.id: rng.uniform(f.low, f.high, args.samples) for f in tri.factors.values()}
    tri.evaluate_claims({n: v[:100] for n, v in samples.items()})  # compile once
    total_wall = total_cpu = 0.0
    for form in FORMS:
        tri.evaluate_claims({n: v[:100] for n, v in samples.items()}, form=form)
        wall, cpu = timed(lambda form=form: tri.evaluate_claims(samples, form=form))
        total_wall, total_cpu = total_wall + wall, total_cpu + cpu
        print(f"evaluate_claims form={form}: {len(tri.claims)} claims x {args.samples:,} "
              f"samples: {wall:.2f} s wall, {cpu:.2f} s CPU "
              f"({cpu / args.samples * 1e6:.2f} us/sample)")
    print(f"all claims on all {len(FORMS)} forms: {total_wall:.2f} s wall, "
          f"{total_cpu:.2f} s CPU")
    wall, cpu = timed(lambda: claim_verdicts(args.label_samples))
    print(f"structural labels (claim_verdicts({args.label_samples:,}): shares, search, "
          f"vacuity) for all claims and forms: {wall:.2f} s wall, {cpu:.2f} s CPU")

    claim = tri.claims["c003_pivot_not_worth_it"]
    wall, cpu = timed(lambda: claim.check("baseline"), repeat=20)
    print(f"Claim.check at one point: {wall * 1e3:.1f} ms wall, {cpu * 1e3:.1f} ms CPU")

    if args.skip_analyze:
        return
    exe = shutil.which("triangle")
    cmd = [exe] if exe else [sys.executable, "-m", "triangle.cli"]
    for extra in ([], ["--nearest", "0"]):
        w = time.perf_counter()
        subprocess.run([*cmd, "analyze", *extra], check=True, capture_output=True)
        print(f"triangle analyze {' '.join(extra)}: {time.perf_counter() - w:.2f} s wall")


if __name__ == "__main__":
    main()
