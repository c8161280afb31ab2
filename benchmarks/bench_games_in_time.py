"""Games in time: backward induction, minmax values and subgame-perfect payoff sets.

Run by hand (not part of the test suite):

    python benchmarks/bench_games_in_time.py [--repeats 3] [--seed 0]

1. Backward induction on random two-player binary trees (payoffs standard normal, so no
   ties) against pygambit's ``lcp_solve`` on the same extensive game (sequence form,
   floating point), which finds *one* Nash equilibrium, not all subgame-perfect ones: the
   ratio compares the cost of solving a tree, not the same answer. Trees are built
   before timing for both libraries; pygambit runs once, on depth 6 only (depth 8 ran for minutes).
2. Backward induction on the triangle models at the 2025 baseline.
3. The mixed minmax value of random two-player games: ``triangle.minmax_values`` (an LP,
   then the exact check) against one bare ``scipy.optimize.linprog`` per player.
4. ``RepeatedGame.equilibrium_payoffs`` (outer approximation, 64 directions) on
   QuantEcon's prisoner's dilemma.

CPU seconds (``time.process_time``), the best of ``--repeats`` runs.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import triangle as tri

try:
    import pygambit as gbt
except ImportError:  # pragma: no cover - optional anchor
    gbt = None


def best_of(fn, repeats: int) -> float:
    best = np.inf
    for _ in range(repeats):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def binary_tree(depth: int, rng: np.random.Generator):
    def node(d: int, k: int):
        if d == depth:
            return tuple(float(x) for x in rng.standard_normal(2))
        player = "A" if d % 2 == 0 else "B"
        return (player, {"l": node(d + 1, 2 * k), "r": node(d + 1, 2 * k + 1)})

    return node(0, 0)


def gambit_tree(data, players=("A", "B")):
    game = gbt.Game.new_tree(players=list(players))
    counter = [0]

    def fill(node, item):
        player, moves = item
        game.append_move(node, game.players[player], list(moves))
        for child, (_, sub) in zip(node.children, moves.items()):
            if isinstance(sub, tuple) and isinstance(sub[0], str):
                fill(child, sub)
            else:
                counter[0] += 1
                outcome = game.add_outcome(f"o{counter[0]}", list(sub))
                game.set_outcome(child, outcome)

    fill(game.root, data)
    return game


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)

    print("1. backward induction on random binary trees (CPU seconds)")
    print("| depth | leaves | triangle | pygambit lcp_solve | triangle / pygambit |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for depth in (6, 8, 10, 14):
        data = binary_tree(depth, rng)
        game = tri.SequentialGame(data, players=("A", "B"))
        ours = best_of(game.subgame_perfect_equilibria, args.repeats)
        if gbt is not None and depth <= 6:  # lcp_solve takes seconds at 64 leaves, minutes at 256
            g = gambit_tree(data)
            theirs = best_of(lambda g=g: gbt.nash.lcp_solve(g, rational=False), 1)
            ratio = f"{ours / theirs:.2g}"
            theirs_s = f"{theirs:.4f}"
        else:
            theirs_s, ratio = "n/a", "n/a"
        print(f"| {depth} | {2**depth} | {ours:.4f} | {theirs_s} | {ratio} |")

    print("\n2. the triangle models at baseline (CPU seconds: subs + solve, solve only)")
    sc = tri.scenarios["baseline"]
    for name, build in [
        ("sequential", tri.models.sequential),
        ("china_first", tri.models.china_first),
        ("irreversible_pivot", tri.models.irreversible_pivot),
        ("election_2028", tri.models.election_2028),
    ]:
        tree = build()
        both = best_of(lambda t=tree: t.subs(sc).subgame_perfect_equilibria(), args.repeats)
        numeric = tree.subs(sc)
        solve = best_of(numeric.subgame_perfect_equilibria, args.repeats)
        print(f"  {name}: {len(numeric.leaves)} leaves, {both:.3f} s, solve {solve:.4f} s")

    print("\n3. mixed minmax of 100 random 10 x 10 games (ms per game)")
    from scipy.optimize import linprog

    games = [tri.NormalFormGame(rng.integers(-9, 10, size=(2, 10, 10))) for _ in range(100)]

    def ours():
        for g in games:
            tri.minmax_values(g)

    def anchor():
        for g in games:
            for i in range(2):
                a = np.asarray(g.payoffs[i], dtype=float)
                a = a if i == 0 else a.T
                m, n = a.shape
                linprog(
                    np.r_[np.zeros(n), 1.0],
                    A_ub=np.c_[a, -np.ones(m)],
                    b_ub=np.zeros(m),
                    A_eq=np.r_[np.ones(n), 0.0][None],
                    b_eq=[1.0],
                    bounds=[(0, None)] * n + [(None, None)],
                    method="highs",
                )

    t_ours, t_anchor = best_of(ours, args.repeats), best_of(anchor, args.repeats)
    exact = sum(m.exact for g in games for m in tri.minmax_values(g))
    print(
        f"  triangle {1e3 * t_ours / 100:.2f} ms (exact for {exact} of 200 values), "
        f"bare linprog {1e3 * t_anchor / 100:.2f} ms, ratio {t_ours / t_anchor:.2f}"
    )

    print("\n4. equilibrium_payoffs, prisoner's dilemma [[9, 1], [10, 3]] (CPU seconds)")
    pd = tri.NormalFormGame.from_bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    for delta in (0.3, 0.75, 0.9):
        t = best_of(lambda d=delta: tri.RepeatedGame(pd, d).equilibrium_payoffs(), args.repeats)
        print(f"  delta {delta}: {t:.3f} s")


if __name__ == "__main__":
    main()
