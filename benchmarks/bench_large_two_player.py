"""All extreme equilibria of larger two-player games: lexicographic search against lrsnash.

Run by hand (not part of the test suite), where lrslib is installed for the anchor:

    python benchmarks/bench_large_two_player.py [--games 5] [--seed 0] [--skip-small]

(pycddlib and python-flint, for the last two tables, are optional: install them in the
benchmark environment only.)

For each family it times, in CPU seconds per game, ``lexicographic_search`` (exact
results, independent check included) and lrsnash on the same games in the same run,
interleaved game by game (lrsnash's CPU time is its child-process time, start-up
included), and counts the games whose equilibrium sets differ. It then times the first
9 x 9 game in a fresh process (vertex enumeration builds its index tables there),
small games, where vertex enumeration's vectorised base scan is the faster method, the
crossover sizes behind the hand-over thresholds, the arithmetic options for one pivot
and, where pycddlib is installed, a library's vertex enumeration of the same polytopes.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import statistics
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

import triangle as tri
from triangle.solvers._multimodular import reduce_in_place
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
import triangle.solvers.vertex_enumeration as ve
from triangle.solvers.{module} import {func}
if {scan}:  # lift the hand-over thresholds: the base scan itself
    ve.MAX_BASES = ve.EXACT_MAX_BASES = 10**6
rng = np.random.default_rng(0)
g = tri.NormalFormGame.from_bimatrix(rng.integers(0, 100, (9, 9)), rng.integers(0, 100, (9, 9)))
start = time.process_time(); {func}(g, exact={exact}); first = time.process_time() - start
start = time.process_time(); {func}(g, exact={exact}); second = time.process_time() - start
print(first, second)
"""


def first_call() -> list[dict]:
    rows = []
    for module, func, scan in [("vertex_enumeration", "vertex_enumeration", True),
                               ("vertex_enumeration", "vertex_enumeration", False),
                               ("lexicographic_search", "lexicographic_search", False)]:
        for exact in (False, True):
            code = FIRST_CALL.format(module=module, func=func, exact=exact, scan=scan)
            out = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout.split()
            name = f"{func} (base scan)" if scan else func
            rows.append({"method": name, "exact": exact, "first_s": float(out[0]),
                         "second_s": float(out[1])})
    return rows


def crossover(rng, count=20) -> list[str]:
    """ms per game of the base scan (thresholds lifted) and of lexicographic search."""
    import triangle.solvers.vertex_enumeration as ve

    lines = []
    saved = ve.MAX_BASES, ve.EXACT_MAX_BASES
    ve.MAX_BASES = ve.EXACT_MAX_BASES = 10**6
    try:
        for m, n in [(6, 6), (7, 7), (6, 9), (8, 8), (5, 12), (8, 9), (4, 20)]:
            games = [tri.NormalFormGame.from_bimatrix(rng.integers(0, 100, (m, n)),
                                                      rng.integers(0, 100, (m, n)))
                     for _ in range(count)]
            cells = []
            for solve in (vertex_enumeration, lexicographic_search):
                for exact in (False, True):
                    solve(games[0], exact=exact)
                    start = time.process_time()
                    for g in games:
                        solve(g, exact=exact)
                    cells.append((time.process_time() - start) / count * 1e3)
            lines.append(f"| {m} x {n} | {math.comb(m + n, m)} | " + " | ".join(
                f"{c:.1f}" for c in cells) + " |")
    finally:
        ve.MAX_BASES, ve.EXACT_MAX_BASES = saved
    return lines


def _best(run, repeats: int = 5) -> float:
    """The smallest CPU time of ``repeats`` runs (one-off costs and other jobs excluded)."""
    times = []
    for _ in range(repeats):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def arithmetic(rng, bases=1000) -> list[str]:
    """One pivot of 15 x 16 tableaux of 31-digit integers, per representation (best of 5)."""
    r, c, primes = 15, 16, [2147483647, 2147483629, 2147483587, 2147483579]
    ints = np.array([[[int(v) * 10**25 + 7 for v in row] for row in mat]
                     for mat in rng.integers(1, 10**6, (bases, r, c))], dtype=object)
    res = np.stack([np.array([[[int(v) % p for v in row] for row in mat] for mat in ints],
                             dtype=np.int64) for p in primes], axis=1)
    p4 = np.array(primes)[None, :, None, None]
    dinv = res[:, :, 0, 0].copy()

    def objects():
        (ints * ints[:, :1, :1] - ints[:, :, :1] * ints[:, :1, :]) // ints[:, :1, :1]

    def residues():
        new = res * res[:, :, :1, :1]
        new -= res[:, :, :, :1] * res[:, :, :1, :]
        new %= p4
        new *= dinv[:, :, None, None]
        new %= p4

    def blocked():  # as triangle.solvers._lex_vertices._pivot: 1 MB blocks, scalar moduli
        new = res.copy()
        for lo in range(0, bases, 128):
            part = new[lo : lo + 128]
            part *= res[lo : lo + 128, :, :1, :1]
            part -= res[lo : lo + 128, :, :, :1] * res[lo : lo + 128, :, :1, :]
            for lvl, p in enumerate(primes):
                one = part[:, lvl]
                reduce_in_place(one, p)
                one *= dinv[lo : lo + 128, lvl, None, None]
                reduce_in_place(one, p)

    per = _best(objects) / bases
    lines = [f"| numpy object arrays of Python ints, {bases} bases at once | "
             f"{per * 1e6:.1f} us per pivot ({per / (r * c) * 1e9:.0f} ns per entry) |"]
    lines.append(f"| residues modulo 4 primes < 2^31, int64, `%` by an array | "
                 f"{_best(residues) / bases * 1e6:.1f} us per pivot |")
    lines.append(f"| the same, reduced by a scalar modulus (libdivide) in 1 MB blocks | "
                 f"{_best(blocked) / bases * 1e6:.1f} us per pivot |")
    try:
        import flint
    except ImportError:
        lines.append("| python-flint | not installed |")
    else:
        t = flint.fmpz_mat([[int(v) for v in row] for row in ints[0]])

        def fmpz():
            for _ in range(200):
                col = flint.fmpz_mat([[t[i, 5]] for i in range(r)])
                row = flint.fmpz_mat([[t[3, j] for j in range(c)]])
                _ = t * t[3, 5] - col * row

        lines.append(f"| python-flint {flint.__version__} `fmpz_mat`, one basis at a time "
                     f"(no division) | {_best(fmpz) / 200 * 1e6:.1f} us per pivot |")
    return lines


def cddlib(rng) -> list[str]:
    """All vertices of one 15 x 15 best-response polytope with pycddlib, if installed."""
    try:
        import cdd
        import cdd.gmp
    except ImportError:
        return ["| pycddlib | not installed |"]
    from triangle.solvers._lex_vertices import polytope_vertices

    lines = []
    for m in (12, 15):
        w = rng.integers(1, 101, (m, m))
        rows = [[0] + [int(i == s) for i in range(m)] for s in range(m)]
        rows += [[1] + [-int(w[s, j]) for s in range(m)] for j in range(m)]
        for name, lib, conv in (("float", cdd, float), ("exact (GMP)", cdd.gmp, Fraction)):
            start = time.process_time()
            mat = lib.matrix_from_array([[conv(v) for v in r] for r in rows],
                                        rep_type=lib.RepType.INEQUALITY)
            count = len(lib.copy_generators(lib.polyhedron_from_matrix(mat)).array)
            lines.append(f"| {m} x {m} | pycddlib {name} | {count} | "
                         f"{time.process_time() - start:.2f} |")
        start = time.process_time()
        count = len(polytope_vertices(w.tolist()).labels) + 1
        lines.append(f"| {m} x {m} | lexicographic search (exact) | {count} | "
                     f"{time.process_time() - start:.2f} |")
    return lines


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
    parser.add_argument("--arithmetic-only", action="store_true",
                        help="only the arithmetic and library tables")
    args = parser.parse_args()
    if args.arithmetic_only:
        rng = np.random.default_rng(args.seed)
        print("\n".join(arithmetic(rng)))
        print("\n".join(cddlib(rng)))
        return 0
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
        print("\nCrossover, ms per game (20 games): | size | bases | scan float | scan exact "
              "| lexicographic float | lexicographic exact |")
        print("\n".join(crossover(rng)))
    print("\nArithmetic of one pivot")
    print("\n".join(arithmetic(rng)))
    print("\nA library instead: vertices of one polytope (CPU s) | size | method | count | s |")
    print("\n".join(cddlib(rng)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
