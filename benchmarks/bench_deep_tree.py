"""Backward induction on a deep chain: time of each step (peak memory: run under
``/usr/bin/time -v``).

A chain of ``depth`` decision nodes alternating between two players; at level ``k`` the
mover stops (payoffs ``2k+1, 2k``, no ties) or continues. With default labels (no node
names) every node's label is its history of moves, so labels are as long as the tree is
deep.

Usage::

    /usr/bin/time -v python benchmarks/bench_deep_tree.py --depth 20000
    /usr/bin/time -v python benchmarks/bench_deep_tree.py --depth 20000 --named
    /usr/bin/time -v python benchmarks/bench_deep_tree.py --depth 20000 --unlimited
    python benchmarks/bench_deep_tree.py --depth 20000 --labels  # also read every label

Without ``--unlimited``, a chain whose labels exceed ``MAX_LABEL_CHARS`` is refused
(the time to the refusal is printed).
"""

from __future__ import annotations

import argparse
import time

import triangle as tri
from triangle.errors import WorkLimitError
from triangle.games.tree import Decision


def chain(depth: int, named: bool) -> object:
    node: object = (0, 1)
    for k in range(depth, 0, -1):
        player = "A" if k % 2 else "B"
        node = Decision(player, {"s": (2 * k + 1, 2 * k), "c": node},
                        name=f"n{k}" if named else None)
    return node


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--depth", type=int, default=20_000)
    parser.add_argument("--named", action="store_true", help="give every node a short name")
    parser.add_argument("--unlimited", action="store_true",
                        help="max_label_chars=None: write every label, however long")
    parser.add_argument("--labels", action="store_true",
                        help="also read every player's strategy (all labels rendered)")
    args = parser.parse_args()
    t0 = time.perf_counter()
    game = tri.SequentialGame(chain(args.depth, args.named), players=("A", "B"))
    t1 = time.perf_counter()
    limit = {"max_label_chars": None} if args.unlimited else {}
    try:
        [eq] = tri.backward_induction(game, **limit)
    except WorkLimitError as exc:
        print(f"depth {args.depth}: build {t1 - t0:.2f} s, refused after "
              f"{time.perf_counter() - t1:.2f} s: {str(exc)[:100]}...")
        return
    t2 = time.perf_counter()
    assert eq.path == (("c",) * (args.depth - 1) + ("s",),)
    print(f"depth {args.depth} ({'named' if args.named else 'default labels'}): "
          f"build {t1 - t0:.2f} s, solve {t2 - t1:.2f} s")
    if args.labels:
        total = sum(len(label) for plan in eq.strategies.values() for label in plan)
        t3 = time.perf_counter()
        print(f"every strategy label read ({total:,} characters): {t3 - t2:.2f} s")


if __name__ == "__main__":
    main()
