"""Regenerate tests/data/gambit/: game files written by pygambit itself.

tests/games/test_gambit_files.py reads these files with ``triangle.read_gambit`` and checks
the payoffs below, so the reader is tested on Gambit's own output (pygambit writes the
*outcome* version of .nfg files; the payoff version is tested from hand-written text).
Run by hand after upgrading pygambit:

    pip install "pygambit>=16.7"
    python scripts/make_gambit_files.py          # writes tests/data/gambit/*.nfg, *.efg

The games (their payoffs are repeated, as expectations, in the test module):

- ``prisoners_dilemma.nfg``: two players with named strategies;
- ``three_players.nfg``: 2 x 3 x 2 strategies, payoffs with fractions (1/3), decimals
  (0.25, -1.5) and integers, labels with a quote and a backslash;
- ``entry.efg``: the entry game (perfect information);
- ``chance.efg``: a chance move (1/3, 1/6, 1/2), an outcome at an inner node (Gambit adds
  it to every payoff below), decimal payoffs, a node label;
- ``three_players.efg``: three players, a chance move with decimal probabilities;
- ``matching_pennies.efg``: an information set with two nodes (imperfect information),
  which ``read_gambit`` refuses.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pygambit as gbt

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "gambit"


def prisoners_dilemma() -> gbt.Game:
    game = gbt.Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]], title="Prisoner's dilemma")
    for player, name in zip(game.players, ("Row", "Column")):
        player.label = name
        for strategy, label in zip(player.strategies, ("cooperate", "defect")):
            strategy.label = label
    return game


def three_players() -> gbt.Game:
    game = gbt.Game.new_table([2, 3, 2], title='Three players, "exact" numbers')
    players = list(game.players)  # pygambit 16.7 indexes players by label only
    for player, name in zip(players, ("A", 'B "the second"', "C\\D")):
        player.label = name
    for profile_number, outcome in enumerate(game.outcomes):
        outcome.label = f"o{profile_number + 1}"
    # payoff of player i at profile (a, b, c): a simple rule with fractions and decimals
    for a in range(2):
        for b in range(3):
            for c in range(2):
                outcome = game[a, b, c]
                outcome[players[0]] = gbt.Rational(a + 1, 3)
                outcome[players[1]] = Decimal(b) / 4
                outcome[players[2]] = Decimal("-1.5") * c + a - b
    return game


def entry() -> gbt.Game:
    game = gbt.Game.new_tree(players=["Entrant", "Incumbent"], title="Entry")
    game.append_move(game.root, "Entrant", ["out", "in"])
    inside = game.root.children["in"]
    game.append_move(inside, "Incumbent", ["fight", "accommodate"])
    game.set_outcome(game.root.children["out"], game.add_outcome("stay out", [0, 2]))
    game.set_outcome(inside.children["fight"], game.add_outcome("war", [-1, -1]))
    game.set_outcome(inside.children["accommodate"], game.add_outcome("peace", [1, 1]))
    return game


def chance() -> gbt.Game:
    game = gbt.Game.new_tree(players=["A", "B"], title="Chance and an inner outcome")
    game.append_move(game.root, game.players.chance, ["x", "y", "z"])
    game.set_chance_probs(
        game.root.infoset, [gbt.Rational(1, 3), gbt.Rational(1, 6), gbt.Rational(1, 2)]
    )
    x, y, z = (game.root.children[a] for a in ("x", "y", "z"))
    game.append_move(x, "A", ["l", "r"])
    game.append_move(y, "B", ["u", "d"])
    y.label = "after y"
    game.set_outcome(y, game.add_outcome("toll", [1, 2]))  # added to both leaves below y
    game.set_outcome(x.children["l"], game.add_outcome("xl", [gbt.Rational(1, 3), "0.25"]))
    game.set_outcome(x.children["r"], game.add_outcome("xr", [0, 1]))
    game.set_outcome(y.children["u"], game.add_outcome("yu", [2, 0]))
    # y/d has no outcome of its own: its payoffs are the toll
    game.set_outcome(z, game.add_outcome("z", ["-0.5", 4]))
    return game


def three_player_tree() -> gbt.Game:
    game = gbt.Game.new_tree(players=["P1", "P2", "P3"], title="Three players")
    game.append_move(game.root, "P1", ["a", "b"])
    a, b = game.root.children["a"], game.root.children["b"]
    game.append_move(a, "P2", ["c", "d"])
    game.append_move(b, game.players.chance, ["heads", "tails"])
    game.set_chance_probs(b.infoset, [Decimal("0.4"), Decimal("0.6")])
    game.append_move(b.children["heads"], "P3", ["e", "f"])
    payoffs = {
        a.children["c"]: [1, 2, 3],
        a.children["d"]: [0, 0, 1],
        b.children["heads"].children["e"]: [3, 1, 0],
        b.children["heads"].children["f"]: [-1, 5, 2],
        b.children["tails"]: [2, 2, 2],
    }
    for k, (node, values) in enumerate(payoffs.items()):
        game.set_outcome(node, game.add_outcome(f"o{k + 1}", values))
    return game


def matching_pennies() -> gbt.Game:
    game = gbt.Game.new_tree(players=["Matcher", "Mismatcher"], title="Matching pennies")
    game.append_move(game.root, "Matcher", ["H", "T"])
    # both of the mismatcher's nodes in one information set: he does not see the coin
    game.append_move(list(game.root.children), "Mismatcher", ["h", "t"])
    for first in ("H", "T"):
        for second in ("h", "t"):
            node = game.root.children[first].children[second]
            win = 1 if first.lower() == second else -1
            game.set_outcome(node, game.add_outcome(first + second, [win, -win]))
    return game


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    tables = {"prisoners_dilemma": prisoners_dilemma(), "three_players": three_players()}
    trees = {
        "entry": entry(),
        "chance": chance(),
        "three_players": three_player_tree(),
        "matching_pennies": matching_pennies(),
    }
    for name, game in tables.items():
        game.to_nfg(str(OUT / f"{name}.nfg"))
    for name, game in trees.items():
        game.to_efg(str(OUT / f"{name}.efg"))
    print(f"pygambit {gbt.__version__}: wrote {len(tables) + len(trees)} files to {OUT}")


if __name__ == "__main__":
    main()
