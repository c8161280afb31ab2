"""All equilibria of random N-player games: triangle's support enumeration against pygambit.

Run by hand (not part of the test suite):

    python benchmarks/bench_n_player.py [--games 100] [--seed 0] [--repeats 3]
    python benchmarks/bench_n_player.py --sizes 2x2x2x2:50,4x4x4:5,3x3x3x3:5,5x5x5:1 \\
        --repeats 1 --baseline 7f49fa1 --timeout 600

Games have uniform [0, 1) payoffs (``numpy.random.default_rng(seed)``), so they are
nondegenerate with probability one. Without ``--sizes`` it times 3x3x3 games (``--games``
of them). It times, in CPU milliseconds per game, ``triangle.equilibria`` (support
enumeration; its time includes the independent check of every equilibrium) and
pygambit's ``enumpoly_solve`` and ``gnm_solve``, all on games built before timing, as
the median of ``--repeats`` interleaved passes. pygambit's solvers run in a child process
with ``--timeout`` seconds per game (their CPU time is measured in the child; a game that
times out counts its limit). ``--baseline REV`` also times the support enumeration of an
earlier commit (its two modules loaded from git), in a child process too.

It then compares the equilibrium sets game by game: every equilibrium of ``enumpoly``
or ``gnm`` that is one (regret below 1e-6) must be among ours; ``enumpoly``'s answers
that are not equilibria (it accepts regrets up to 1e-4 of the payoff range) are counted
apart. Generic games have an odd number of equilibria (Wilson 1971). Finally it prints
``estimate_support_enumeration``'s estimate beside the measured time.
"""

from __future__ import annotations

import argparse
import importlib.util
import multiprocessing as mp
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

import numpy as np

import triangle as tri
from triangle.solvers.support_enumeration import estimate_support_enumeration

try:
    import pygambit as gbt
except ImportError:  # pragma: no cover - the anchor is optional
    gbt = None

MATCH = 1e-6
#: Address-space limit of each child run, in bytes.
MEMORY_LIMIT = 12 * 2**30
REPO = Path(__file__).resolve().parents[1]


def flat(eq) -> np.ndarray:
    return np.concatenate([np.asarray(p, dtype=float) for p in eq.profile])


def contains(vecs, v) -> bool:
    return any(np.abs(w - v).max() < MATCH for w in vecs)


# ---------------------------------------------------------------------------- solvers
def gambit_run(name: str, u: np.ndarray):
    """(CPU seconds, equilibria as flat vectors) of one pygambit solver on one game."""
    solve = getattr(gbt.nash, f"{name}_solve")
    solve(gbt.Game.from_arrays(*np.random.default_rng(1).random((3, 2, 2, 2))))  # warm up
    game = gbt.Game.from_arrays(*u)
    start = time.process_time()
    result = solve(game)
    seconds = time.process_time() - start
    vecs = [
        [float(eq[p][s]) for p in game.players for s in p.strategies] for eq in result.equilibria
    ]
    return seconds, vecs


def load_baseline(rev: str):
    """support_enumeration of commit ``rev`` (its module and its kernel, from git)."""
    def show(path: str) -> str:
        return subprocess.run(
            ["git", "show", f"{rev}:{path}"], cwd=REPO, check=True, capture_output=True,
            text=True,
        ).stdout

    kernel_src = show("triangle/solvers/_support_systems.py")
    module_src = show("triangle/solvers/support_enumeration.py")
    tmp = Path(tempfile.mkdtemp()) / "baseline_support_systems.py"
    tmp.write_text(kernel_src)
    spec = importlib.util.spec_from_file_location("baseline_support_systems", tmp)
    kernel = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = kernel
    spec.loader.exec_module(kernel)
    import triangle.solvers as solvers_package

    solvers_package.baseline_support_systems = kernel
    module_src = module_src.replace(
        "from triangle.solvers import _support_systems as kernel",
        "from triangle.solvers import baseline_support_systems as kernel",
    )
    module = types.ModuleType("baseline_support_enumeration")
    sys.modules[module.__name__] = module
    exec(compile(module_src, module.__name__, "exec"), module.__dict__)
    return module.support_enumeration


def baseline_run(rev: str, u: np.ndarray):
    solve = load_baseline(rev)
    solve(tri.NormalFormGame(np.random.default_rng(1).random((3, 2, 2, 2))))  # warm up
    start = time.process_time()
    result = solve(tri.NormalFormGame(u))
    return time.process_time() - start, [flat(e).tolist() for e in result]


def _child(target, args, queue):  # pragma: no cover - runs in a child process
    # The machine is shared: a run that would fill memory fails with MemoryError here.
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    try:
        queue.put(("ok", target(*args)))
    except BaseException as exc:  # report anything, MemoryError included
        queue.put(("error", f"{type(exc).__name__}: {exc}"))


def in_child(target, args, timeout: float):
    """Run ``target(*args)`` in a child process: ("ok", value), ("timeout", None) or
    ("error", message)."""
    queue: mp.Queue = mp.Queue()
    proc = mp.Process(target=_child, args=(target, args, queue))
    proc.start()
    try:
        status, value = queue.get(timeout=timeout)
    except Exception:
        status, value = "timeout", None
    proc.join(1)
    if proc.is_alive():
        proc.kill()
        proc.join()
    return status, value


# ---------------------------------------------------------------------------- one size
def bench_size(shape, count, seed, repeats, timeout, baseline):
    rng = np.random.default_rng(seed)
    payoffs = [rng.random((len(shape), *shape)) for _ in range(count)]
    ours = [tri.NormalFormGame(u) for u in payoffs]
    tri.equilibria(ours[0])  # warm up imports and caches
    times: dict[str, list[float]] = {"triangle": []}
    answers: dict[str, list] = {}
    failures: dict[str, int] = {}
    names = []
    if gbt is not None:
        names += ["enumpoly", "gnm"]
    if baseline:
        names.append("baseline")
    for name in names:
        times[name] = []
        failures[name] = 0
    for _ in range(repeats):
        start = time.process_time()
        mine = [tri.equilibria(g) for g in ours]
        times["triangle"].append((time.process_time() - start) / count)
        answers["triangle"] = mine
        for name in names:
            total, vecs, failed = 0.0, [], 0
            for u in payoffs:
                if name == "baseline":
                    status, value = in_child(baseline_run, (baseline, u), timeout)
                else:
                    status, value = in_child(gambit_run, (name, u), timeout)
                if status == "ok":
                    total += value[0]
                    vecs.append([np.array(v) for v in value[1]])
                else:
                    total += timeout if status == "timeout" else 0.0
                    vecs.append(None)
                    failed += 1
            times[name].append(total / count)
            answers[name] = vecs
            failures[name] = failed
    ms = {name: 1e3 * statistics.median(v) for name, v in times.items()}
    label = "x".join(map(str, shape))
    print(f"\n{count} random {label} games (seed {seed}), CPU ms per game, median of {repeats} "
          f"interleaved passes:")
    base = ms.get("enumpoly")
    for name, value in ms.items():
        ratio = f"  ({value / base:6.2f} x enumpoly)" if base else ""
        fail = f"  [{failures[name]} timed out or failed]" if failures.get(name) else ""
        print(f"  {name:10s} {value:12.2f}{ratio}{fail}")

    # Equilibrium sets.
    mine = [[flat(e) for e in r] for r in answers["triangle"]]
    counts = {"triangle": sum(map(len, mine))}
    odd = sum(len(m) % 2 for m in mine)
    line = f"  equilibria: triangle {counts['triangle']} (odd count in {odd} of {count} games)"
    problems = []
    for name in names:
        true = false = missed = 0
        for k, vecs in enumerate(answers[name]):
            if vecs is None:
                continue
            for v in vecs:
                regret = max(tri.regret(ours[k], np.split(v, np.cumsum(shape)[:-1])))
                if regret > MATCH:
                    false += 1
                    continue
                true += 1
                if not contains(mine[k], v):
                    missed += 1
                    problems.append(f"  game {k}: {name} found {np.round(v, 4).tolist()} "
                                    f"(regret {regret:.1e}), triangle did not")
        line += f"; {name} {true}" + (f" (+{false} with regret > 1e-6)" if false else "")
        line += f", of which triangle misses {missed}"
    print(line)
    print("\n".join(problems) if problems else "  triangle finds every equilibrium the others do")
    estimates = [estimate_support_enumeration(g).seconds for g in ours]
    print(f"  estimate_support_enumeration: {1e3 * statistics.mean(estimates):.1f} ms per game "
          f"(measured {ms['triangle']:.1f})")
    return ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=100, help="3x3x3 games without --sizes")
    parser.add_argument("--sizes", default=None, help="e.g. 2x2x2x2:50,4x4x4:5,5x5x5:1")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per child run")
    parser.add_argument("--baseline", default=None, help="a git revision to time as well")
    args = parser.parse_args()
    sizes = [("3x3x3", args.games)] if args.sizes is None else [
        (s.split(":")[0], int(s.split(":")[1])) for s in args.sizes.split(",")
    ]
    for label, count in sizes:
        shape = tuple(int(x) for x in label.split("x"))
        bench_size(shape, count, args.seed, args.repeats, args.timeout, args.baseline)


if __name__ == "__main__":
    main()
