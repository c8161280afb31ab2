"""Store lrsnash's equilibria of seeded two-player games in tests/data/lrsnash_oracle.json.

Run by hand where lrslib is installed (Debian: ``apt-get install lrslib``):

    python scripts/make_lrs_oracle.py

Each entry holds the game (integer payoff matrices ``A`` and ``B``), how it was made
(family, size, seed), lrsnash's extreme equilibria as pairs of probability vectors
written as fraction strings, the lrslib version line, and the CPU seconds lrsnash took.
The tests in tests/solvers/test_lexicographic_search.py compare
``triangle.solvers.lexicographic_search`` with these answers, and run lrsnash live on
smaller games when it is installed (they import :func:`lrsnash` from this file).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "lrsnash_oracle.json"

#: (family, m, n, seed): "random" payoffs are integers in [0, 99]; "degenerate" in
#: [0, 2] (many ties); "coordination" is the identity for both players (2**n - 1
#: equilibria); "wide" are 2 x n games.
GAMES = [
    *(("random", m, n, s) for (m, n) in [(3, 3), (4, 6), (6, 4), (7, 7)] for s in range(3)),
    *(("random", m, n, s) for (m, n) in [(8, 8), (10, 10), (5, 20), (4, 31)] for s in range(2)),
    ("random", 12, 12, 0),
    ("random", 15, 15, 0),
    *(("degenerate", m, m, s) for m in (4, 6, 8) for s in range(3)),
    ("degenerate", 10, 10, 0),
    ("degenerate", 12, 12, 0),
    ("coordination", 8, 8, 0),
    ("wide", 2, 60, 0),
]


def make_game(family: str, m: int, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The payoff matrices of one seeded game (integers)."""
    rng = np.random.default_rng([m, n, seed, len(family)])
    if family == "random" or family == "wide":
        return rng.integers(0, 100, (m, n)), rng.integers(0, 100, (m, n))
    if family == "degenerate":
        return rng.integers(0, 3, (m, n)), rng.integers(0, 3, (m, n))
    if family == "coordination":
        eye = np.eye(m, n, dtype=np.int64)
        return eye, eye.copy()
    raise ValueError(f"unknown family {family!r}")


def lrsnash(a: np.ndarray, b: np.ndarray, timeout: float = 600) -> dict:
    """Run lrsnash on the bimatrix game ``(a, b)``: its equilibria and CPU seconds.

    lrsnash prints blocks separated by blank lines: lines ``2 y_1 ... y_n v`` (column
    strategies, with the row player's payoff) then lines ``1 x_1 ... x_m u`` (row
    strategies, with the column player's payoff); every pair ``(x, y)`` of a block is an
    extreme equilibrium (a degenerate game may list several of each).
    """
    exe = shutil.which("lrsnash")
    if exe is None:
        raise RuntimeError("lrsnash is not installed (Debian package lrslib)")
    m, n = a.shape
    text = f"{m} {n}\n\n" + "\n".join(" ".join(str(int(v)) for v in row) for row in a)
    text += "\n\n" + "\n".join(" ".join(str(int(v)) for v in row) for row in b) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "game.txt")
        with open(path, "w") as fh:
            fh.write(text)
        before = os.times()
        proc = subprocess.run(
            [exe, path], capture_output=True, text=True, timeout=timeout, check=False
        )
        after = os.times()
    cpu = (after.children_user + after.children_system) - (
        before.children_user + before.children_system
    )
    pairs = []
    xs: list[list[str]] = []
    ys: list[list[str]] = []
    version = ""
    # A block (ended by a blank line) of lines "2 ..." then lines "1 ...": every pair of
    # a listed x with a listed y is an equilibrium (a product set of a degenerate game).
    for line in [*proc.stdout.splitlines(), ""]:
        tokens = line.split()
        if line.startswith("*lrsnash:"):
            version = line.strip("* ")
        if not tokens:
            pairs.extend((x, y) for y in ys for x in xs)
            xs, ys = [], []
            continue
        if tokens[0] not in ("1", "2"):
            continue
        values = [str(Fraction(t)) for t in tokens[1:]]
        (ys if tokens[0] == "2" else xs).append(values[: n if tokens[0] == "2" else m])
    found = re.search(r"Number of equilibria found:\s*(\d+)", proc.stdout)
    return {
        "equilibria": [list(p) for p in pairs],
        "reported": int(found.group(1)) if found else None,
        "returncode": proc.returncode,
        "version": version,
        "cpu_seconds": round(cpu, 4),
    }


def main() -> int:
    entries = []
    for family, m, n, seed in GAMES:
        a, b = make_game(family, m, n, seed)
        start = time.perf_counter()
        result = lrsnash(a, b)
        print(
            f"{family:12s} {m:2d} x {n:2d} seed {seed}: {len(result['equilibria'])} "
            f"equilibria, {result['cpu_seconds']:.3f} s CPU "
            f"({time.perf_counter() - start:.2f} s wall)",
            flush=True,
        )
        entries.append(
            {
                "family": family,
                "shape": [m, n],
                "seed": seed,
                "A": a.tolist(),
                "B": b.tolist(),
                **result,
            }
        )
    OUT.write_text(json.dumps({"generator": "scripts/make_lrs_oracle.py", "games": entries}))
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
