"""Regenerate tests/data/gambit_oracle.json: pygambit's answers on seeded games.

pygambit 16.7 has no wheel for every Python and builds from source in minutes, so the
test suite reads stored answers (tests/solvers/test_gambit_oracle.py) and runs pygambit live only
where it is installed (``pytest -m oracle``). Run this script by hand after changing the
game set or upgrading pygambit:

    pip install "pygambit>=16.3"
    python scripts/make_gambit_oracle.py            # writes tests/data/gambit_oracle.json

Games (seed 20250101, ``numpy.random.default_rng``):

- two players, 3x3, 4x4, 5x5: uniform [0, 1) payoffs (nondegenerate) and integer payoffs
  in -2..2 (degenerate: ties, continua); solvers ``enumpure`` and ``enummixed`` (exact
  rational arithmetic, converted to floats);
- three players, 2x2x2 and 3x3x3: uniform payoffs, and integer payoffs in -2..2 (ties);
  four players 2x2x2x2, uniform; solvers ``enumpure``, ``enumpoly`` and ``gnm``.

Each solver runs in a child process with a time limit (``enumpoly`` can run for a long
time on degenerate games); a solver that times out or fails is recorded as such, with
no equilibria. Equilibria are stored as flat lists of floats, players in order.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

SEED = 20250101
OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "gambit_oracle.json"

#: (label, shape, number of games, integer payoffs?, solvers)
PLAN = [
    ("2p-float", (3, 3), 6, False, ("enumpure", "enummixed")),
    ("2p-float", (4, 4), 6, False, ("enumpure", "enummixed")),
    ("2p-float", (5, 5), 6, False, ("enumpure", "enummixed")),
    ("2p-int", (3, 3), 6, True, ("enumpure", "enummixed")),
    ("2p-int", (4, 4), 6, True, ("enumpure", "enummixed")),
    ("2p-int", (5, 5), 6, True, ("enumpure", "enummixed")),
    ("3p-float", (2, 2, 2), 10, False, ("enumpure", "enumpoly", "gnm")),
    ("3p-float", (3, 3, 3), 25, False, ("enumpure", "enumpoly", "gnm")),
    ("3p-int", (2, 2, 2), 10, True, ("enumpure", "enumpoly", "gnm")),
    ("3p-int", (3, 3, 3), 10, True, ("enumpure", "enumpoly", "gnm")),
    ("4p-float", (2, 2, 2, 2), 5, False, ("enumpure", "enumpoly", "gnm")),
]


def gambit_game(payoffs: np.ndarray):
    import pygambit as gbt

    arrays = [payoffs[i] for i in range(payoffs.shape[0])]
    if np.all(payoffs == np.round(payoffs)):
        arrays = [a.astype(int) for a in arrays]
    return gbt.Game.from_arrays(*arrays)


def run_solver(name: str, payoffs: np.ndarray) -> list[list[float]]:
    """One pygambit solver on one game: its equilibria as flat float lists."""
    import pygambit as gbt

    game = gambit_game(payoffs)
    if name == "enummixed":
        result = gbt.nash.enummixed_solve(game, rational=True)
    else:
        result = getattr(gbt.nash, f"{name}_solve")(game)
    return [
        [float(eq[p][s]) for p in game.players for s in p.strategies] for eq in result.equilibria
    ]


def _child(name, payoffs, queue):  # pragma: no cover - runs in a child process
    try:
        queue.put(("ok", run_solver(name, payoffs)))
    except Exception as exc:
        queue.put(("error", f"{type(exc).__name__}: {exc}"))


def timed_run(name: str, payoffs: np.ndarray, timeout: float) -> dict:
    queue: mp.Queue = mp.Queue()
    proc = mp.Process(target=_child, args=(name, payoffs, queue))
    start = time.perf_counter()
    proc.start()
    try:
        status, value = queue.get(timeout=timeout)
    except Exception:
        status, value = "timeout", f"no answer within {timeout} s"
    proc.join(1)
    if proc.is_alive():
        proc.kill()
        proc.join()
    out = {"status": status, "seconds": round(time.perf_counter() - start, 3)}
    if status == "ok":
        out["equilibria"] = [[round(x, 15) for x in eq] for eq in value]
    else:
        out["message"] = value
    return out


def generate_plan(
    plan: list, *, seed: int, timeout: float, generator: str, integers: tuple[int, int] = (-2, 3)
) -> dict:
    """Draw the games of ``plan`` (label, shape, count, integer payoffs?, solvers) in order
    from one seeded generator, run each solver on each game with a time limit, and return
    the oracle file's content. Shared by the N-player oracle script."""
    import pygambit

    rng = np.random.default_rng(seed)
    games = []
    for label, shape, count, integer, solvers in plan:
        for k in range(count):
            size = (len(shape), *shape)
            u = rng.integers(*integers, size=size).astype(float) if integer else rng.random(size)
            entry = {
                "id": f"{label}-{'x'.join(map(str, shape))}-{k}",
                "shape": list(shape),
                "integer": integer,
                "payoffs": u.astype(int).tolist() if integer else u.tolist(),
                "solvers": {name: timed_run(name, u, timeout) for name in solvers},
            }
            games.append(entry)
            print(
                entry["id"],
                {n: (s["status"], s["seconds"]) for n, s in entry["solvers"].items()},
                flush=True,
            )
    return {
        "generator": generator,
        "pygambit": pygambit.__version__,
        "seed": seed,
        "timeout_seconds": timeout,
        "games": games,
    }


def generate(timeout: float) -> dict:
    return generate_plan(
        PLAN, seed=SEED, timeout=timeout, generator="scripts/make_gambit_oracle.py"
    )


def write_oracle(generate: Callable[[float], dict], doc: str, timeout: float, out: Path) -> None:
    """The command line of an oracle script: ``--timeout`` and ``--out``, then write."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=timeout, help="seconds per solver run")
    parser.add_argument("--out", type=Path, default=out)
    args = parser.parse_args()
    data = generate(args.timeout)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e3:.0f} kB, {len(data['games'])} games)")


def main() -> None:
    write_oracle(generate, __doc__, 20.0, OUT)


if __name__ == "__main__":
    main()
