"""All extreme equilibria of larger two-player games: lexicographic search against lrsnash.

Run by hand (not part of the test suite), where lrslib is installed for the anchor:

    python benchmarks/bench_large_two_player.py [--games 5] [--seed 0] [--skip-small]

For each family it times, in CPU seconds per game, ``lexicographic_search`` (exact
results, independent check included) and lrsnash on the same games in the same run,
interleaved game by game (lrsnash's CPU time is its child-process time, start-up
included), and counts the games whose equilibrium sets differ. It then times the first
9 x 9 game in a fresh process (vertex enumeration builds its index tables there) and
small games, where vertex enumeration's vectorised base scan is the faster method.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

import triangle as tri
from triangle.solvers.lexicographic_search import lexicographic_search
from triangle.solvers.vertex_enumeration import vertex_enumeration

REPO = Path(__file__).resolve().parents[1]


def load_oracle_script():
    """scripts/make_lrs_oracle.py: its lrsnash runner (one parser for tests and benchmark)."""
    spec = importlib.util.spec_from_file_location(
        "make_lrs_oracle", REPO / "scripts" / "make_lrs_oracle.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FAMILIES = [
    # (label, m, n, payoff range): "random" integers in [0, hi)
    ("random 12 x 12, [0, 100)", 12, 12, 100),
    ("random 15 x 15, [0, 100)", 15, 15, 100),
    ("random 12 x 12, [0, 10)", 12, 12, 10),
    ("degenerate 12 x 12, [0, 3)", 12, 12, 3),
    ("random 10 x 10, [0, 100)", 10, 10, 100),
    ("random 5 x 20, [0, 100)", 5, 20, 100),
    ("random 4 x 31, [0, 100)", 4, 31, 100),
    ("random 2 x 300, [0, 100)", 2, 300, 100),
]


def as_set(eqs) -> set:
    return {tuple(tuple(p.tolist()) for p in e.profile) for e in eqs}


def lrs_set(pairs) -> set:
    return {(tuple(Fraction(v) for v in x), tuple(Fraction(v) for v in y)) for x, y in pairs}


def run_family(label, m, n, hi, games, rng, lrs) -> dict:
    ours_t, lrs_t, counts, differ = [], [], [], 0
    for _ in range(games):
        a, b = rng.integers(0, hi, (m, n)), rng.integers(0, hi, (m, n))
        g = tri.NormalFormGame.from_bimatrix(a, b)
        start = time.process_time()
        eqs = lexicographic_search(g, exact=True)
        ours_t.append(time.process_time() - start)
        counts.append(len(eqs))
        if lrs is not None:
            theirs = lrs.lrsnash(a, b, timeout=600)
            lrs_t.append(theirs["cpu_seconds"])
            if as_set(eqs) != lrs_set(theirs["equilibria"]):
                differ += 1
                print(f"  sets differ on {label}: ours {len(eqs)}, lrsnash "
                      f"{len(theirs['equilibria'])}", flush=True)
    row = {
        "family": label,
        "games": games,
        "equilibria (median)": statistics.median(counts),
        "ours_s": statistics.median(ours_t),
        "lrsnash_s": statistics.median(lrs_t) if lrs_t else None,
        "differ": differ,
    }
    if lrs_t:
        row["ratio"] = row["ours_s"] / max(row["lrsnash_s"], 1e-3)
    return row


FIRST_CALL = """
import time, numpy as np, triangle as tri
from triangle.solvers.{module} import {func}
rng = np.random.default_rng(0)
g = tri.NormalFormGame.from_bimatrix(rng.integers(0, 100, (9, 9)), rng.integers(0, 100, (9, 9)))
start = time.process_time(); {func}(g, exact={exact}); first = time.process_time() - start
start = time.process_time(); {func}(g, exact={exact}); second = time.process_time() - start
print(first, second)
"""


def first_call() -> list[dict]:
    rows = []
    for module, func in [("vertex_enumeration", "vertex_enumeration"),
                         ("lexicographic_search", "lexicographic_search")]:
        for exact in (False, True):
            out = subprocess.run(
                [sys.executable, "-c", FIRST_CALL.format(module=module, func=func, exact=exact)],
                capture_output=True, text=True, check=True,
            ).stdout.split()
            rows.append({"method": func, "exact": exact, "first_s": float(out[0]),
                         "second_s": float(out[1])})
    return rows


def small_games(rng, count=100) -> list[dict]:
    rows = []
    for m, hi in [(3, 10), (5, 10), (5, 100), (7, 100)]:
        games = [tri.NormalFormGame.from_bimatrix(rng.integers(0, hi, (m, m)),
                                                  rng.integers(0, hi, (m, m)))
                 for _ in range(count)]
        for solve in (vertex_enumeration, lexicographic_search):
            for exact in (False, True):
                solve(games[0], exact=exact)  # warm caches (index tables per shape)
                start = time.process_time()
                for g in games:
                    solve(g, exact=exact)
                ms = (time.process_time() - start) / count * 1e3
                rows.append({"size": f"{m} x {m}, [0, {hi})", "method": solve.__name__,
                             "exact": exact, "ms": ms})
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--games", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-small", action="store_true")
    args = parser.parse_args()
    try:
        lrs = load_oracle_script()
        lrs.lrsnash(np.ones((1, 1), int), np.ones((1, 1), int))
    except RuntimeError as exc:
        print(f"no anchor: {exc}")
        lrs = None
    rng = np.random.default_rng(args.seed)
    rows = []
    for label, m, n, hi in FAMILIES:
        games = args.games if m * n <= 225 else max(1, args.games // 2)
        row = run_family(label, m, n, hi, games, rng, lrs)
        rows.append(row)
        print(json.dumps(row), flush=True)
    print("\n| games | count | equilibria (median) | lexicographic_search s | lrsnash s | ratio "
          "| sets differ |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        lrs_s = f"{r['lrsnash_s']:.3f}" if r["lrsnash_s"] is not None else "-"
        ratio = f"{r['ratio']:.2f}" if "ratio" in r else "-"
        print(f"| {r['family']} | {r['games']} | {r['equilibria (median)']} | "
              f"{r['ours_s']:.3f} | {lrs_s} | {ratio} | {r['differ']} |")
    print("\nFirst 9 x 9 game in a fresh process (CPU s): first call, second call")
    for r in first_call():
        print(f"| {r['method']} | exact={r['exact']} | {r['first_s']:.3f} | {r['second_s']:.3f} |")
    if not args.skip_small:
        print("\nSmall games, ms per game (100 games each, warm)")
        for r in small_games(rng):
            print(f"| {r['size']} | {r['method']} | exact={r['exact']} | {r['ms']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
