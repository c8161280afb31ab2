"""All equilibria of random 5 x 5 bimatrix games: triangle against nashpy and pygambit.

Run by hand (not part of the test suite):

    python benchmarks/bench_two_player.py [--games 300] [--nashpy-games 20] [--seed 0]

For two payoff families (standard normal; integers in [0, 9], often degenerate) it times,
in CPU milliseconds per game, ``triangle.vertex_enumeration`` in floating point and in
exact mode, nashpy's ``vertex_enumeration`` (on fewer games: it is slow) and pygambit's
``enummixed_solve(rational=False)`` when pygambit imports. Games are built before timing
for every library; each timing is the median of ``--repeats`` interleaved passes. It
also counts the games whose equilibrium sets differ from pygambit's (pygambit may
list an equilibrium twice in degenerate games: sets are compared).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings

import nashpy
import numpy as np

import triangle as tri
from triangle.solvers.vertex_enumeration import vertex_enumeration

try:
    import pygambit as gbt
except ImportError:  # pragma: no cover - optional anchor
    gbt = None


def make_games(family: str, count: int, rng: np.random.Generator) -> list[tuple]:
    if family == "normal":
        return [(rng.standard_normal((5, 5)), rng.standard_normal((5, 5))) for _ in range(count)]
    return [
        (rng.integers(0, 10, (5, 5)).astype(float), rng.integers(0, 10, (5, 5)).astype(float))
        for _ in range(count)
    ]


def per_game_ms(solvers: dict, repeats: int) -> dict[str, float]:
    """Median CPU milliseconds per game of each solver, timed in interleaved passes.

    ``solvers`` maps a name to ``(solve, items)``. CPU time of this process
    (``time.process_time``) and interleaving keep the figures comparable when other
    work shares the machine.
    """
    for solve, items in solvers.values():
        solve(items[0])  # warm caches (index tables are built once per game shape)
    passes: dict[str, list[float]] = {name: [] for name in solvers}
    for _ in range(repeats):
        for name, (solve, items) in solvers.items():
            start = time.process_time()
            for item in items:
                solve(item)
            passes[name].append((time.process_time() - start) / len(items) * 1e3)
    return {name: statistics.median(values) for name, values in passes.items()}


def as_set(profiles, digits: int = 6) -> set[tuple[float, ...]]:
    return {
        tuple(np.round(np.concatenate([np.asarray(p, float) for p in prof]), digits))
        for prof in profiles
    }


def gambit_profiles(game) -> list[tuple[np.ndarray, np.ndarray]]:
    result = gbt.nash.enummixed_solve(game, rational=False)
    return [
        tuple(np.array([float(eq[s]) for s in player.strategies]) for player in game.players)
        for eq in result.equilibria
    ]


def nashpy_solve(game) -> list:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return list(game.vertex_enumeration())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=300)
    parser.add_argument("--nashpy-games", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, "
          f"pygambit {gbt.__version__ if gbt else 'not installed'}")
    rows = []
    for family in ("normal", "integer"):
        pairs = make_games(family, args.games, rng)
        games = [tri.NormalFormGame.from_bimatrix(a, b) for a, b in pairs]
        few = [nashpy.Game(a, b) for a, b in pairs[: args.nashpy_games]]
        solvers = {
            "triangle float": (vertex_enumeration, games),
            "triangle exact": (lambda g: vertex_enumeration(g, exact=True), games),
        }
        mismatches = None
        if gbt is not None:
            gambit_games = [gbt.Game.from_arrays(a, b) for a, b in pairs]
            solvers["pygambit enummixed(float)"] = (
                lambda g: gbt.nash.enummixed_solve(g, rational=False),
                gambit_games,
            )
            mismatches = sum(
                as_set(e.profile for e in vertex_enumeration(g)) != as_set(gambit_profiles(gg))
                for g, gg in zip(games, gambit_games)
            )
        times = per_game_ms(solvers, args.repeats)
        times.update(per_game_ms({"nashpy vertex_enumeration": (nashpy_solve, few)}, 1))
        counts = {name: len(items) for name, (_, items) in solvers.items()}
        counts["nashpy vertex_enumeration"] = len(few)
        results = {name: (times[name], counts[name]) for name in times}
        degenerate = sum(vertex_enumeration(g).degenerate for g in games)
        anchor = results.get("pygambit enummixed(float)", (None,))[0]
        for name, (ms, count) in results.items():
            ratio = f"{ms / anchor:6.2f}" if anchor else "   n/a"
            rows.append((family, name, count, ms, ratio))
        rows.append((family, f"(degenerate games: {degenerate}; set mismatches with pygambit: "
                             f"{'n/a' if mismatches is None else mismatches})", None, None, None))
    print(f"{'payoffs':8} {'method':28} {'games':>5} {'ms/game':>9} {'/pygambit':>9}")
    for family, name, count, ms, ratio in rows:
        if count is None:
            print(f"{family:8} {name}")
        else:
            print(f"{family:8} {name:28} {count:5d} {ms:9.3f} {ratio:>9}")


if __name__ == "__main__":
    main()
