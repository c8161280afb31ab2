"""Claims over many samples, and ``triangle analyze`` end to end.

Run from the repository root:

    python benchmarks/bench_claims.py                   # 1,000,000 samples
    python benchmarks/bench_claims.py --samples 200000  # quicker

What is timed (``time.perf_counter`` for wall clock, ``time.process_time`` for the CPU
time of this process, which other jobs on the machine disturb less):

- ``evaluate_claims``: every claim of ``triangle.claims`` at N uniform samples of every
  factor within its plausible range, on every form available
  (:func:`triangle.verdicts.forms.available_forms`: ``simultaneous``, ``us_first``,
  ``china_first``, and the ``bayesian`` and ``repeated`` forms where they exist; the
  repeated form judges the claims about time only), after a small warm-up call per form
  that compiles the model and the derivatives;
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
from pathlib import Path

import numpy as np

# this checkout's package, whatever an editable install elsewhere points to
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import triangle as tri
from triangle.report.by_form import claims_by_form
from triangle.verdicts.forms import available_forms, form_applies
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
    parser.add_argument("--skip-labels", action="store_true")
    parser.add_argument("--forms", default=None,
                        help="comma-separated forms to time (default: every available form)")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores "
          f"(triangle from {Path(tri.__file__).parent})")
    forms = available_forms() if args.forms is None else tuple(args.forms.split(","))

    rng = np.random.default_rng(args.seed)
    samples = {f.id: rng.uniform(f.low, f.high, args.samples) for f in tri.factors.values()}
    tri.evaluate_claims({n: v[:100] for n, v in samples.items()})  # compile once
    total_wall = total_cpu = 0.0
    for form in forms:
        tri.evaluate_claims({n: v[:100] for n, v in samples.items()}, form=form)
        wall, cpu = timed(lambda form=form: tri.evaluate_claims(samples, form=form))
        total_wall, total_cpu = total_wall + wall, total_cpu + cpu
        judged = sum(form_applies(form, c) for c in tri.claims)
        print(f"evaluate_claims form={form}: {judged} claims x {args.samples:,} "
              f"samples: {wall:.2f} s wall, {cpu:.2f} s CPU "
              f"({cpu / args.samples * 1e6:.2f} us/sample)")
    print(f"all claims on all {len(forms)} forms ({', '.join(forms)}): {total_wall:.2f} s wall, "
          f"{total_cpu:.2f} s CPU")
    if args.skip_labels:
        return
    wall, cpu = timed(lambda: claim_verdicts(args.label_samples))
    print(f"structural labels (claim_verdicts({args.label_samples:,}): shares, search, "
          f"vacuity) for all claims on the three move orders: {wall:.2f} s wall, "
          f"{cpu:.2f} s CPU")
    wall, cpu = timed(lambda: claims_by_form("baseline", labels=args.label_samples,
                                             search=4_000, vacuity=1_000))
    print(f"labels for all claims on all {len(forms)} forms (claims_by_form, as the reports: "
          f"the same search and vacuity, each form's own claims): {wall:.2f} s wall, "
          f"{cpu:.2f} s CPU")

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
