"""Bayesian and signalling games: triangle against pygambit in the same run.

Run by hand (not part of the test suite):

    python benchmarks/bench_bayesian.py [--games 100] [--repeats 3] [--seed 0]

1. All Bayesian Nash equilibria of two-player Bayesian games with 2 types and 3 actions
   per player (integer payoffs in 0..9, an independent prior with random rational
   marginals): ``triangle.bayesian_equilibria`` in floating point (vertex enumeration
   on the behaviour strategies, the sequence form) and in exact mode (the 9 x 9
   Harsanyi form by vertex enumeration, plans mapped to behaviour); every equilibrium
   is checked type by type. Anchor: pygambit's
   ``enummixed_solve`` (float and rational) on the same Harsanyi form, built before
   timing (so only its solving is charged to it). The sets of behaviours are compared.
2. All perfect Bayesian equilibria of signalling games with 2 types, 3 messages and 3
   actions (integer payoffs in 0..9, a random rational prior): ``perfect_bayesian_
   equilibria`` (exact). pygambit has no PBE solver; anchors on the same game's
   extensive form (built before timing): ``enumpure_solve`` (the pure Nash equilibria of
   its strategic form), ``lcp_solve`` (one Nash equilibrium, sequence form) and
   ``enummixed_solve`` (every extreme Nash equilibrium of the 9 x 27 strategic form).
   Every pure PBE must be among pygambit's pure Nash equilibria.

Times are CPU milliseconds per game (``time.process_time``), the median of ``--repeats``
interleaved passes, after one warm-up call per solver.
"""

from __future__ import annotations

import argparse
import math
import platform
import statistics
import sys
import time
from fractions import Fraction

import numpy as np

import triangle as tri
from triangle.games.bayesian import plans

try:
    import pygambit as gbt
except ImportError:  # pragma: no cover - optional anchor
    gbt = None


def bayesian_games(count: int, rng: np.random.Generator) -> list[tri.BayesianGame]:
    out = []
    for _ in range(count):
        a, b = (Fraction(int(x), 10) for x in rng.integers(1, 10, 2))
        prior = np.array([[a * b, a * (1 - b)], [(1 - a) * b, (1 - a) * (1 - b)]], dtype=object)
        out.append(tri.BayesianGame(rng.integers(0, 10, (2, 2, 2, 3, 3)), prior))
    return out


def signaling_games(count: int, rng: np.random.Generator) -> list[tri.SignalingGame]:
    out = []
    for _ in range(count):
        p = Fraction(int(rng.integers(1, 10)), 10)
        out.append(
            tri.SignalingGame(
                rng.integers(0, 10, (2, 2, 3, 3)), [p, 1 - p], ("t1", "t2"),
                ("m1", "m2", "m3"), ("a1", "a2", "a3"),
            )
        )
    return out


def gambit_strategic(nf: tri.NormalFormGame):
    exact = nf.exact_payoffs
    scale = math.lcm(*(x.denominator for x in exact.flat))
    return gbt.Game.from_arrays(*(np.vectorize(lambda x: int(x * scale))(exact[i]) for i in (0, 1)))


def gambit_extensive(game: tri.SignalingGame):
    """The signalling game as a pygambit tree: chance, the sender per type, the receiver
    with one information set per message."""
    u, prior = game.exact_payoffs, game.exact_prior
    g = gbt.Game.new_tree(players=list(game.players))
    g.append_move(g.root, g.players.chance, list(game.types))
    g.set_chance_probs(g.root.infoset, [gbt.Rational(p.numerator, p.denominator) for p in prior])
    receiver_sets: dict[int, object] = {}
    for t, type_ in enumerate(game.types):
        node = g.root.children[type_]
        g.append_move(node, g.players[game.players[0]], list(game.messages))
        for m, msg in enumerate(game.messages):
            child = node.children[msg]
            if m in receiver_sets:
                g.append_infoset(child, receiver_sets[m])
            else:
                g.append_move(child, g.players[game.players[1]], list(game.actions))
                receiver_sets[m] = child.infoset
            for a, act in enumerate(game.actions):
                outcome = g.add_outcome(
                    f"{type_}|{msg}|{act}", [int(u[0, t, m, a]), int(u[1, t, m, a])]
                )
                g.set_outcome(child.children[act], outcome)
    return g


def per_game_ms(solvers: dict, repeats: int) -> dict[str, float]:
    for solve, items in solvers.values():
        solve(items[0])  # warm caches (vertex enumeration's index tables per shape)
    passes: dict[str, list[float]] = {name: [] for name in solvers}
    for _ in range(repeats):
        for name, (solve, items) in solvers.items():
            start = time.process_time()
            for item in items:
                solve(item)
            passes[name].append((time.process_time() - start) / len(items) * 1e3)
    return {name: statistics.median(v) for name, v in passes.items()}


def behaviour_key(strategy_rows: list, digits: int = 6) -> tuple:
    return tuple(round(float(x), digits) for rows in strategy_rows for row in rows for x in row)


def ours_behaviours(game: tri.BayesianGame) -> set:
    return {
        behaviour_key([list(eq.strategy[p].values()) for p in game.players])
        for eq in tri.bayesian_equilibria(game)
    }


def gambit_behaviours(game: tri.BayesianGame, gg) -> set:
    rows = [plans(t, a) for t, a in zip(game.n_types, game.n_actions)]
    out = set()
    for eq in gbt.nash.enummixed_solve(gg, rational=False).equilibria:
        behaviour = []
        for i, player in enumerate(gg.players):
            b = np.zeros((game.n_types[i], game.n_actions[i]))
            for prob, plan in zip((float(eq[s]) for s in player.strategies), rows[i]):
                for t, a in enumerate(plan):
                    b[t, a] += prob
            behaviour.append(b)
        out.add(behaviour_key(behaviour))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=100)
    parser.add_argument("--signaling-games", type=int, default=100)
    parser.add_argument("--gambit-mixed-games", type=int, default=10,
                        help="signalling games for pygambit's slow enummixed anchor")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    print(f"Python {sys.version.split()[0]}, numpy {np.__version__}, "
          f"pygambit {gbt.__version__ if gbt else 'absent'}, {platform.processor() or 'cpu'}")

    games = bayesian_games(args.games, rng)
    solvers = {
        "bayesian_equilibria (float)": (tri.bayesian_equilibria, games),
        "bayesian_equilibria(exact=True)": (
            lambda g: tri.bayesian_equilibria(g, exact=True), games),
    }
    if gbt:
        strategic = [gambit_strategic(g.to_normal_form()) for g in games]
        solvers["pygambit enummixed_solve(rational=False)"] = (
            lambda gg: gbt.nash.enummixed_solve(gg, rational=False), strategic)
        solvers["pygambit enummixed_solve(rational=True)"] = (
            lambda gg: gbt.nash.enummixed_solve(gg, rational=True), strategic)
    times = per_game_ms(solvers, args.repeats)
    anchor = times.get("pygambit enummixed_solve(rational=False)")
    print(f"\nBayesian games, 2 players x 2 types x 3 actions, {len(games)} games")
    print("| method | ms/game | / pygambit float |\n| --- | ---: | ---: |")
    for name, ms in times.items():
        ratio = f"{ms / anchor:.3g}" if anchor else "-"
        print(f"| {name} | {ms:.3f} | {ratio} |")
    if gbt:
        mismatches = sum(
            ours_behaviours(g) != gambit_behaviours(g, gg) for g, gg in zip(games, strategic)
        )
        counts = [len(tri.bayesian_equilibria(g)) for g in games]
        print(f"behaviour sets differing from pygambit's: {mismatches} of {len(games)}; "
              f"equilibria per game: mean {statistics.mean(counts):.2f}, max {max(counts)}")

    sgames = signaling_games(args.signaling_games, rng)
    solvers = {"perfect_bayesian_equilibria (exact)": (
        lambda g: g.perfect_bayesian_equilibria(), sgames)}
    if gbt:
        trees = [gambit_extensive(g) for g in sgames]
        solvers["pygambit enumpure_solve (tree)"] = (gbt.nash.enumpure_solve, trees)
        solvers["pygambit lcp_solve (tree, one NE)"] = (
            lambda gg: gbt.nash.lcp_solve(gg, rational=False), trees)
        mixed = trees[: args.gambit_mixed_games]
        solvers["pygambit enummixed_solve (9 x 27)"] = (
            lambda gg: gbt.nash.enummixed_solve(gg, rational=False), mixed)
    times = per_game_ms(solvers, args.repeats)
    ours = times["perfect_bayesian_equilibria (exact)"]
    print(f"\nSignalling games, 2 types x 3 messages x 3 actions, {len(sgames)} games "
          f"(pygambit enummixed on the first {args.gambit_mixed_games})")
    print("| method | ms/game | ours / it |\n| --- | ---: | ---: |")
    for name, ms in times.items():
        print(f"| {name} | {ms:.3f} | {ours / ms:.3g} |")
    results = [g.perfect_bayesian_equilibria() for g in sgames]
    counts = [len(r) for r in results]
    hybrids = sum(eq.kind == "hybrid" for r in results for eq in r)
    print(f"PBE per game: mean {statistics.mean(counts):.2f}, max {max(counts)}; "
          f"hybrids {hybrids}; intuitive {sum(bool(eq.intuitive) for r in results for eq in r)}")
    if gbt:
        missing = 0
        for g, r in zip(sgames, results):
            nf = gambit_strategic(g.to_normal_form())
            pure = {
                tuple(next(k for k, s in enumerate(p.strategies) if eq[s] == 1) for p in nf.players)
                for eq in gbt.nash.enumpure_solve(nf).equilibria
            }
            names = [g.to_normal_form().strategies[i] for i in (0, 1)]
            for eq in r:
                if eq.is_pure:
                    send = "/".join(max(row, key=row.get) for row in eq.sender.values())
                    answer = "/".join(max(row, key=row.get) for row in eq.receiver.values())
                    missing += (names[0].index(send), names[1].index(answer)) not in pure
        print(f"pure PBE not among pygambit's pure Nash equilibria: {missing}")


if __name__ == "__main__":
    main()
