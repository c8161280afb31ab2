"""Gambit's .nfg and .efg files: reading, writing, round trips, files pygambit wrote.

The files under tests/data/gambit/ were written by pygambit (scripts/make_gambit_files.py);
the payoffs expected of them are the rules that script builds them from, restated here.
Tests marked ``oracle`` hand our files to pygambit itself (skipped where it is absent).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import random
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import triangle as tri
from tests.paths import DATA
from triangle.errors import (
    GambitFormatError,
    InvalidArgumentError,
    SymbolicGameError,
    TriangleError,
    UnsupportedGameError,
)
from triangle.games.gambit import read_gambit, to_efg, to_nfg
from triangle.games.sequential import SequentialGame
from triangle.games.tree import CHANCE, Chance, Decision, Leaf

FILES = DATA / "gambit"
F = Fraction


# --------------------------------------------------------------------------- helpers
def same_normal_form(a: tri.NormalFormGame, b: tri.NormalFormGame) -> None:
    assert a.players == b.players
    assert a.strategies == b.strategies
    assert np.array_equal(a.payoffs, b.payoffs)
    try:
        exact = a.exact_payoffs
    except tri.InvalidGameError:  # irrational payoffs have no exact form
        return
    assert (exact == b.exact_payoffs).all()


def same_tree(a: SequentialGame, b: SequentialGame) -> None:
    assert a.players == b.players
    assert a.leaves == b.leaves
    assert a.decision_nodes() == b.decision_nodes()
    for leaf in a.leaves:
        assert a.payoffs_at(leaf) == b.payoffs_at(leaf)
    assert str(a) == str(b)  # moves, chance probabilities and node names, depth first


def leaf_payoffs(game: SequentialGame) -> dict[str, tuple]:
    return {"/".join(h): game.payoffs_at(h) for h in game.leaves}


# --------------------------------------------------------------------------- .nfg, both versions
# The example game of Gambit's format documentation (Selten 1975, figure 2), in both versions.
SELTEN_PAYOFFS = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
{ "Player 1" "Player 2" } { 3 2 }

1 1 0 2 0 2 1 1 0 3 2 0
"""
SELTEN_OUTCOMES = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form" { "Player 1" "Player 2" }

{
{ "1" "2" "3" }
{ "1" "2" }
}

{
{ "" 1, 1 }
{ "" 0, 2 }
{ "" 0, 2 }
{ "" 1, 1 }
{ "" 0, 3 }
{ "" 2, 0 }
}
1 2 3 4 5 6
"""


def test_payoff_version_lists_profiles_first_player_fastest():
    game = read_gambit(SELTEN_PAYOFFS)
    assert isinstance(game, tri.NormalFormGame)
    assert game.players == ("Player 1", "Player 2")
    assert game.strategies == (("1", "2", "3"), ("1", "2"))
    # profiles (1,1) (2,1) (3,1) (1,2) (2,2) (3,2) carry (1,1) (0,2) (0,2) (1,1) (0,3) (2,0)
    assert game.payoffs[0].tolist() == [[1, 1], [0, 0], [0, 2]]
    assert game.payoffs[1].tolist() == [[1, 1], [2, 3], [2, 0]]


def test_outcome_version_is_the_same_game():
    same_normal_form(read_gambit(SELTEN_OUTCOMES), read_gambit(SELTEN_PAYOFFS))


def test_outcome_zero_is_the_null_outcome_and_outcomes_may_repeat():
    text = 'NFG 1 R "" { "a" "b" } { 2 2 } "" { { "w" 2 -1 } } 1 0 0 1'
    game = read_gambit(text)
    assert game.payoffs[0].tolist() == [[2, 0], [0, 2]]
    assert game.payoffs[1].tolist() == [[-1, 0], [0, -1]]


def test_labels_escapes_whitespace_and_comment():
    text = (
        'NFG\t1\r\nR "A \\"quoted\\" title"\n{ "Ro\\\\w"\n"Col \\"C\\""\n}\n{{"up""down"}\n'
        '{ "left" }}\n"a comment\nover two lines, with \\"quotes\\" and { braces }"\n'
        "  1\n2\n\n3   4"
    )
    game = read_gambit(text)
    assert game.players == ("Ro\\w", 'Col "C"')
    assert game.strategies == (("up", "down"), ("left",))
    assert game.payoffs[:, :, 0].tolist() == [[1, 3], [2, 4]]


def test_empty_and_repeated_labels_get_default_names():
    game = read_gambit('NFG 1 R "" { "" "x" "x" } { { "" "s" "s" } { "a" } { "b" } } ' + "0 " * 9)
    # as pygambit 16.7 renames them
    assert game.players == ("_1", "x_1", "x_2")
    assert game.strategies[0] == ("_1", "s_1", "s_2")


def test_numbers_are_read_exactly():
    text = 'NFG 1 R "" { "a" "b" } { 2 2 } 1/3 0.1 -2.5e-1 +4 .5 -0 7. 1E2'
    game = read_gambit(text)
    exact = game.exact_payoffs
    assert exact[:, 0, 0].tolist() == [F(1, 3), F(1, 10)]
    assert exact[:, 1, 0].tolist() == [F(-1, 4), 4]
    assert exact[:, 0, 1].tolist() == [F(1, 2), 0]
    assert exact[:, 1, 1].tolist() == [7, 100]
    assert game.payoffs[0, 0, 0] == 1 / 3


def test_integer_files_take_the_integer_path():
    assert read_gambit(SELTEN_PAYOFFS).exact_payoffs[0, 2, 1] == 2


# --------------------------------------------------------------------------- .efg
ENTRY = """EFG 2 R "Entry" { "Entrant" "Incumbent" } ""
p "" 1 1 "" { "out" "in" } 0
t "" 1 "stay out" { 0, 2 }
p "" 2 1 "" { "fight" "accommodate" } 0
t "" 2 "war" { -1 -1 }
t "" 3 "peace" { 1, 1 }
"""


def test_efg_personal_and_terminal_nodes():
    game = read_gambit(ENTRY)
    assert isinstance(game, SequentialGame)
    assert game.players == ("Entrant", "Incumbent")
    assert leaf_payoffs(game) == {"out": (0, 2), "in/fight": (-1, -1), "in/accommodate": (1, 1)}
    assert [e.path for e in game.subgame_perfect_equilibria()] == [(("in", "accommodate"),)]


def test_efg_chance_inner_outcomes_and_reused_outcomes():
    text = """EFG 2 R "" { "A" "B" }
    c "start" 1 "" { "h" 1/4 "t" 0.75 } 5 "entry fee" { -1, 0 }
    p "A moves" 1 1 "" { "l" "r" } 0
    t "" 1 "one" { 2 3 }
    t "" 0
    t "" 1
    """
    game = read_gambit(text)
    assert leaf_payoffs(game) == {"h/l": (1, 3), "h/r": (-1, 0), "t": (1, 3)}
    assert str(game).splitlines()[:2] == ["chance @ start", "├─ h [1/4]: A @ A moves"]


def test_efg_reused_information_set_of_chance_and_default_action_names():
    text = """EFG 2 R "" { "A" }
    c "" 1 "" { "" 1/2 "" 1/2 } 0
    c "" 1 0
    t "" 1 "x" { 1 }
    t "" 2 "y" { 2 }
    t "" 3 "z" { 3 }
    """
    game = read_gambit(text)
    assert game.leaves == (("_1", "_1"), ("_1", "_2"), ("_2",))
    assert game.payoffs_at(("_1", "_2")) == (2,)


def test_imperfect_information_is_refused_with_a_reason():
    with pytest.raises(UnsupportedGameError, match=r"imperfect information.*not supported yet"):
        read_gambit(FILES / "matching_pennies.efg")
    with pytest.raises(UnsupportedGameError, match=r"lines 5, 8"):
        read_gambit(FILES / "matching_pennies.efg")


def test_player_called_chance_is_renamed():
    game = read_gambit('EFG 2 R "" { "chance" "B" } p "" 1 1 "" { "a" } 0 t "" 1 "o" { 1 2 }')
    assert game.players == ("chance_1", "B")


# --------------------------------------------------------------------------- files pygambit wrote
def test_pygambit_prisoners_dilemma():
    game = read_gambit(FILES / "prisoners_dilemma.nfg")
    assert game.players == ("Row", "Column")
    assert game.strategies == (("cooperate", "defect"),) * 2
    assert game.payoffs.tolist() == [[[3, 0], [5, 1]], [[3, 5], [0, 1]]]


def test_pygambit_three_players_exact():
    game = read_gambit(str(FILES / "three_players.nfg"))
    assert game.players == ("A", 'B "the second"', "C\\D")
    assert game.shape == (2, 3, 2)
    exact = game.exact_payoffs
    for a, b, c in np.ndindex(2, 3, 2):  # the rule the script builds the payoffs from
        assert exact[0, a, b, c] == F(a + 1, 3)
        assert exact[1, a, b, c] == F(b, 4)
        assert exact[2, a, b, c] == F(-3, 2) * c + a - b


def test_pygambit_entry():
    game = read_gambit(FILES / "entry.efg")
    assert leaf_payoffs(game) == {"out": (0, 2), "in/fight": (-1, -1), "in/accommodate": (1, 1)}


def test_pygambit_chance_tree_sums_inner_outcomes():
    game = read_gambit(FILES / "chance.efg")
    assert game.players == ("A", "B")
    assert leaf_payoffs(game) == {
        "x/l": (F(1, 3), F(1, 4)),
        "x/r": (0, 1),
        "y/u": (3, 2),  # the toll (1, 2) at the inner node plus (2, 0)
        "y/d": (1, 2),  # no outcome of its own: the toll alone
        "z": (F(-1, 2), 4),
    }
    assert game.decision_nodes() == ("x", "after y")
    assert "├─ x [1/3]" in str(game) and "└─ z [1/2]" in str(game)


def test_pygambit_three_player_tree():
    game = read_gambit(FILES / "three_players.efg")
    assert game.players == ("P1", "P2", "P3")
    assert leaf_payoffs(game) == {
        "a/c": (1, 2, 3),
        "a/d": (0, 0, 1),
        "b/heads/e": (3, 1, 0),
        "b/heads/f": (-1, 5, 2),
        "b/tails": (2, 2, 2),
    }
    assert "heads [2/5]" in str(game)
    nf = game.to_normal_form()
    # P3 picks f after heads (2 > 0); the chance node is worth 0.4 (-1, 5, 2) + 0.6 (2, 2, 2)
    assert nf.exact_payoffs[:, 1, 0, 1].tolist() == [F(4, 5), F(16, 5), 2]


# --------------------------------------------------------------------------- writing
def test_nfg_text_and_exact_numbers():
    game = tri.NormalFormGame(
        np.array([[[F(1, 3), 0.25]], [[-2, F(1, 2**30)]]], dtype=object),
        players=("x", "y"),
        strategies=(("only",), ("l", "r")),
    )
    text = to_nfg(game, title='a "title"', comment="c")
    assert text.splitlines()[0] == 'NFG 1 R "a \\"title\\"" { "x" "y" }'
    assert text.splitlines()[-2:] == ["1/3 -2", f"0.25 1/{2**30}"]
    same_normal_form(read_gambit(text), game)


def test_to_nfg_writes_the_path(tmp_path: Path):
    game = tri.NormalFormGame.from_bimatrix([[1, 2]], [[3, 4]])
    path = tmp_path / "g.nfg"
    text = to_nfg(game, path)
    assert path.read_text(encoding="utf-8") == text
    same_normal_form(read_gambit(path), game)
    same_normal_form(read_gambit(str(path)), game)
    with path.open() as handle:
        same_normal_form(read_gambit(handle), game)
    same_normal_form(read_gambit(io.BytesIO(text.encode())), game)


def test_facade_methods_write_the_same_text(tmp_path: Path):
    nf = read_gambit(FILES / "three_players.nfg")
    assert nf.to_gambit(title="t") == to_nfg(nf, title="t")
    tree = read_gambit(FILES / "chance.efg")
    path = tmp_path / "chance.efg"
    assert tree.to_gambit(path, comment="c") == to_efg(tree, comment="c")
    same_tree(read_gambit(path), tree)
    x = sympy.Symbol("x")
    with pytest.raises(SymbolicGameError, match=r"subs"):
        tri.NormalFormGame([[[x, 0]], [[0, 1]]]).to_gambit()
    with pytest.raises(SymbolicGameError, match=r"subs"):
        SequentialGame(("A", {"l": (x, 0), "r": (0, 1)}), players=("A", "B")).to_gambit()


def test_irrational_payoffs_are_written_as_decimals():
    game = tri.NormalFormGame([[[sympy.sqrt(2), 1]], [[0, sympy.pi]]])
    back = read_gambit(to_nfg(game))
    assert np.array_equal(back.payoffs, game.payoffs)


def test_symbolic_games_are_refused():
    x = sympy.Symbol("x")
    with pytest.raises(SymbolicGameError, match=r"subs"):
        to_nfg(tri.NormalFormGame([[[x, 0]], [[0, 1]]]))
    with pytest.raises(SymbolicGameError, match=r"factors p"):
        p = sympy.Symbol("p")
        to_efg(SequentialGame((CHANCE, {"h": (p, (1, 0)), "t": (1 - p, (0, 1))}), ("A", "B")))


def test_writers_check_the_game_type():
    with pytest.raises(InvalidArgumentError, match="to_efg"):
        to_nfg(read_gambit(ENTRY))
    with pytest.raises(InvalidArgumentError, match="to_nfg"):
        to_efg(read_gambit(SELTEN_PAYOFFS))


# --------------------------------------------------------------------------- round trips
names = st.text(min_size=1, max_size=6)


@st.composite
def normal_form_games(draw):
    n = draw(st.integers(2, 4))
    shape = tuple(draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)))
    kind = draw(st.sampled_from(["int", "fraction", "float"]))
    size = n * int(np.prod(shape))
    if kind == "int":
        values = draw(st.lists(st.integers(-10**20, 10**20), min_size=size, max_size=size))
    elif kind == "fraction":
        values = draw(st.lists(st.fractions(max_denominator=10**6).filter(lambda f: abs(f) < 10**9),
                               min_size=size, max_size=size))
    else:
        values = draw(st.lists(st.floats(allow_nan=False, allow_infinity=False),
                               min_size=size, max_size=size))
    payoffs = np.empty(size, dtype=object)
    payoffs[:] = values
    players = draw(st.lists(names, min_size=n, max_size=n, unique=True))
    strategies = [draw(st.lists(names, min_size=m, max_size=m, unique=True)) for m in shape]
    return tri.NormalFormGame(payoffs.reshape(n, *shape), players=players, strategies=strategies)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(normal_form_games())
def test_normal_form_round_trip(game):
    same_normal_form(read_gambit(to_nfg(game)), game)


MOVES = ("a", "b", 'c "q"', "d\\", "é", "two words")
#: Labels pygambit 16.7 reads back as written (printable ASCII, no backslash).
PYGAMBIT_MOVES = ("a", "b", 'c "q"', "two words")


def random_tree(rng: random.Random, players: tuple[str, ...], depth: int = 0, moves=MOVES):
    """A random perfect-information tree with chance moves, exact payoffs and some names."""
    kind = rng.random()
    if depth >= 3 or kind < 0.3:
        return Leaf(tuple(F(rng.randint(-9, 9), rng.choice([1, 1, 2, 3])) for _ in players))
    chosen = rng.sample(moves, rng.randint(1, 3))
    name = f"node {rng.random():.6f}" if rng.random() < 0.3 else None
    if kind < 0.5:
        weights = [rng.randint(1, 4) for _ in chosen]
        return Chance([(m, (F(w, sum(weights)), random_tree(rng, players, depth + 1, moves)))
                       for m, w in zip(chosen, weights)], name=name)
    return Decision(rng.choice(players),
                    [(m, random_tree(rng, players, depth + 1, moves)) for m in chosen], name=name)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**9), st.integers(1, 4))
def test_tree_round_trip(seed, n):
    players = tuple(f"P{i}" for i in range(1, n + 1))
    game = SequentialGame(random_tree(random.Random(seed), players), players=players)
    same_tree(read_gambit(to_efg(game)), game)


def test_tree_round_trip_keeps_names_and_float_payoffs():
    game = SequentialGame(
        ("US", {
            "engage": ("Russia", {"pivot": Leaf(0.1, 2.5, name="pivot leaf"), "stay": (0, 2)},
                       "Russia decides"),
            "wait": (CHANCE, {"calm": (F(1, 3), (1, 1)), "crisis": (F(2, 3), (-1, 0))}),
        }),
        players=("US", "Russia"),
    )
    back = read_gambit(to_efg(game, title="t", comment="c"))
    same_tree(back, game)
    assert back.decision_nodes() == ("root", "Russia decides")
    assert back.payoffs_at(["engage", "pivot"]) == (F(1, 10), F(5, 2))


def test_tree_with_irrational_probabilities_sums_to_one_on_disk():
    half = sympy.sqrt(2) / 2
    game = SequentialGame((CHANCE, {"h": (half, (1, 0)), "t": (1 - half, (0, 1))}), ("A", "B"))
    back = read_gambit(to_efg(game))  # the last probability is written as 1 minus the others
    assert back.leaves == game.leaves
    expected = game.to_normal_form(exact=False).payoffs
    assert np.allclose(back.to_normal_form(exact=False).payoffs, expected, rtol=0, atol=1e-15)


def test_leaf_only_tree_round_trips():
    game = SequentialGame(Leaf(1, 2), players=("A", "B"))
    same_tree(read_gambit(to_efg(game)), game)


# --------------------------------------------------------------------------- malformed files
MALFORMED = [
    ('NFG 2 R "" { "a" "b" } { 1 1 } 1 2', r"line 1, column 5: expected the version number 1"),
    ('NFG 1 X "" { "a" "b" } { 1 1 } 1 2', r"line 1, column 7: expected 'R'"),
    ('NFG 1 R { "a" "b" } { 1 1 } 1 2', r"expected the game's title"),
    ('NFG 1 R "" { "a" "b" }\n{ 1 0 } 1 2', r"line 2, column 5: expected a number of strategies"),
    ('NFG 1 R "" { "a" "b" } { 1 } 1 2', r"expected the strategies of player 2"),
    ('NFG 1 R "" { "a" "b" } { 1 1 1 } 1 2', r"'}': the game has 2 players"),
    ('NFG 1 R "" { "a" "b" } { 1 1 }\n1 2 3', r"line 2, column 5: expected the end of the file"),
    ('NFG 1 R "" { "a" "b" } { 2 1 }\n1 2 x', r"line 2, column 5: expected 4 payoffs"),
    ('NFG 1 R "" { "a" "b" } { 1 1 }\n1 1/0', r"line 2, column 3: the fraction 1/0 divides"),
    ('NFG 1 R "" { "a" "b" } { 1 1 }\n1 1e9999', r"out of range"),
    ('NFG 1 R "" { "a" "b" } { 1 1 }\n1 2..3', r"'2..3' is not a number"),
    ('NFG 1 R "" { "a" "b" } { 1 1 } { { "" 1 } } 1', r"expected the payoff of player 2"),
    ('NFG 1 R "" { "a" "b" } { 1 1 } { { "" 1 2 3 } } 1', r"expected '}' after the 2 payoffs"),
    ('NFG 1 R "" { "a" "b" } { 1 1 } { { "" 1 2 } } 2', r"outcome number from 0 to 1"),
    ('NFG 1 R "" { "a" "b" } { 2 2 } { { "" 1 2 } } 1', r"4 outcome numbers"),
    ('NFG 1 R "" { "a" "b }\n{ 1 1 } 1 2', r"line 1, column 18: a quoted label never ends"),
    ('NFG 1 R "" { } { } 1', r"at least one player"),
    ("\nGAME 1", r"line 2, column 1: expected 'NFG' or 'EFG'"),
    ('EFG 2 R "" { "A" }\np "" 1 1 "" { "a" "b" } 0\nt "" 1 "x" { 1 }',
     r"line 3, column \d+: expected a node.*The personal node on line 2 has 1 more child"),
    ('EFG 2 R "" { "A" }\nq "" 1 1 "" { "a" } 0', r"line 2, column 1: expected a node"),
    ('EFG 2 R "" { "A" }\np "" 2 1 "" { "a" } 0', r"line 2, column 6: expected the number of the"
     r" player who moves \(1 to 1\)"),
    ('EFG 2 R "" { "A" }\np "" 1 1 0', r"line 2, column 10: expected the information set's name"),
    ('EFG 2 R "" { "A" }\np "" 1 1 "" { } 0', r"expected an action name"),
    ('EFG 2 R "" { "A" }\nt "" 4', r"line 2, column 6: expected an outcome given earlier"),
    ('EFG 2 R "" { "A" }\nt "" 1 "o" { 1 2 }', r"expected '}' after the 1 payoffs"),
    ('EFG 2 R "" { "A" }\nc "" 1 "" { "a" 1/2 "b" 1/3 } 0', r"line 2, column 11: the chance "
     r"probabilities 1/2, 1/3 sum to 5/6, not 1"),
    ('EFG 2 R "" { "A" }\nc "" 1 "" { "a" 3/2 "b" -1/2 } 0', r"a number from 0 to 1"),
    ('EFG 2 R "" { "A" }\np "" 1 1 "" { "a" } 0 t "" 0\nt "" 0', r"line 3, column 1: expected "
     r"the end of the file \(the tree is complete\)"),
    ('EFG 2 R "" { "A" }\np "" 1 1 "i" { "a" } 0 p "" 1 1 "i" { "a" "b" } 0',
     r"expected 1 actions, as information set 1 of player 1 has"),
]


@pytest.mark.parametrize(("text", "message"), MALFORMED)
def test_malformed_files_name_the_line(text, message):
    with pytest.raises(GambitFormatError, match=message):
        read_gambit(text)


def test_file_errors_name_the_file(tmp_path: Path):
    path = tmp_path / "bad.efg"
    path.write_text('EFG 2 R "" { "A" }\n\np "" 1 1 "" { "a" } 0\n')
    with pytest.raises(GambitFormatError, match=r"bad.efg: line 4, column 1: expected a node"):
        read_gambit(path)


@pytest.mark.parametrize(
    ("source", "error", "message"),
    [
        ("#AGG\n3\n", UnsupportedGameError, "action-graph"),
        ("<?xml version='1.0'?><gambit:document/>", UnsupportedGameError, "read_gbt"),
        ('NFG 1 R "" { "alone" } { 2 } 1 2', UnsupportedGameError, "one player"),
        ("no_such_file.nfg", GambitFormatError, "neither an existing file"),
        (42, InvalidArgumentError, "got int"),
    ],
)
def test_unusable_sources(source, error, message):
    with pytest.raises(error, match=message):
        read_gambit(source)


CORPUS = [
    SELTEN_PAYOFFS,
    SELTEN_OUTCOMES,
    ENTRY,
    *(p.read_text(encoding="utf-8") for p in sorted(FILES.iterdir())),
]
NOISE = st.sampled_from(list('{}",\\ \n0123456789-+./eEpctRNFG"x'))


@st.composite
def corrupted(draw):
    text = draw(st.sampled_from(CORPUS))
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 8)))
        action = draw(st.sampled_from(["delete", "insert", "replace", "truncate", "duplicate"]))
        if action == "delete":
            text = text[:i] + text[j:]
        elif action == "insert":
            text = text[:i] + draw(st.text(NOISE, min_size=1, max_size=4)) + text[i:]
        elif action == "replace":
            text = text[:i] + draw(NOISE) + text[i + 1:]
        elif action == "truncate":
            text = text[:i]
        else:
            text = text[:j] + text[i:j] + text[j:]
    return text


@settings(max_examples=300, deadline=None)
@given(corrupted())
def test_corruptions_raise_only_package_errors(text):
    try:
        game = read_gambit(text)
    except TriangleError:
        return
    assert isinstance(game, (tri.NormalFormGame, SequentialGame))


def test_read_gambit_is_public():
    assert tri.read_gambit is read_gambit
    assert issubclass(GambitFormatError, ValueError)


# --------------------------------------------------------------------------- live pygambit
def pygambit_tree_payoffs(g) -> dict[str, tuple]:
    """Each terminal history of a pygambit tree and its payoffs (outcomes summed on the path)."""
    players = list(g.players)
    out = {}
    for node in g.nodes:
        if not node.is_terminal:
            continue
        history, total, at = [], [Fraction(0)] * len(players), node
        while at is not None:
            # pygambit 16.7: a node without outcome has a null one, which raises KeyError
            with contextlib.suppress(KeyError):
                total = [t + Fraction(at.outcome[p]) for t, p in zip(total, players)]
            if at.prior_action is not None:
                history.append(at.prior_action.label)
            at = at.parent
        out["/".join(reversed(history))] = tuple(total)
    return out


def pygambit_tables(g) -> np.ndarray:
    return np.array([np.vectorize(Fraction, otypes=[object])(a) for a in g.to_arrays()])


@pytest.mark.oracle
def test_pygambit_reads_our_nfg():
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(7)
    for shape in [(2, 2), (3, 2, 2), (2, 2, 2, 2)]:
        payoffs = np.empty((len(shape), *shape), dtype=object)
        numerators, denominators = rng.integers(-20, 20, (2, payoffs.size))
        payoffs.flat[:] = [F(int(a), abs(int(b)) + 1) for a, b in zip(numerators, denominators)]
        game = tri.NormalFormGame(payoffs, players=[f'P "{i}"' for i in range(len(shape))])
        g = gbt.read_nfg(io.StringIO(to_nfg(game, title="ours")))
        assert [p.label for p in g.players] == list(game.players)
        assert [[s.label for s in p.strategies] for p in g.players] == [list(s) for s in
                                                                         game.strategies]
        assert (pygambit_tables(g) == game.exact_payoffs).all()


@pytest.mark.oracle
@pytest.mark.parametrize("seed", range(8))
def test_pygambit_reads_our_efg(seed):
    gbt = pytest.importorskip("pygambit")
    players = ("P1", "P2", "P3")
    tree = random_tree(random.Random(seed), players, moves=PYGAMBIT_MOVES)
    game = SequentialGame(tree, players=players)
    g = gbt.read_efg(io.StringIO(to_efg(game)))
    ours = {k: tuple(F(v) for v in vs) for k, vs in leaf_payoffs(game).items()}
    assert pygambit_tree_payoffs(g) == ours


@pytest.mark.oracle
@pytest.mark.parametrize("path", sorted(FILES.iterdir()), ids=lambda p: p.name)
def test_stored_files_agree_with_pygambit(path):
    gbt = pytest.importorskip("pygambit")
    compare_with_pygambit(gbt, path)


def compare_with_pygambit(gbt, path: Path) -> None:
    if path.suffix == ".nfg":
        g = gbt.read_nfg(str(path))
        ours = read_gambit(path)
        for mine, theirs in zip(ours.players, g.players):
            if "\\" not in mine:  # pygambit 16.7 reads the backslash it writes as three
                assert mine == theirs.label
        assert (pygambit_tables(g) == ours.exact_payoffs).all()
        return
    g = gbt.read_efg(str(path))
    if any(len(infoset.members) > 1 for infoset in g.infosets if not infoset.is_chance):
        with pytest.raises(UnsupportedGameError, match="imperfect information"):
            read_gambit(path)
        return
    ours = read_gambit(path)
    theirs = pygambit_tree_payoffs(g)
    mine = {k: tuple(F(v) for v in vs) for k, vs in leaf_payoffs(ours).items()}
    if set(mine) == set(theirs):  # distinct action labels: compare leaf by leaf
        assert mine == theirs
    else:  # empty or repeated action labels, which the reader renames
        assert sorted(mine.values()) == sorted(theirs.values())


def catalog_files() -> list[Path]:
    # find_spec locates pygambit without importing it (about a second, at every collection)
    spec = importlib.util.find_spec("pygambit")
    if spec is None or not spec.submodule_search_locations:
        return []
    root = Path(next(iter(spec.submodule_search_locations))) / "catalog_data"
    return sorted(p for p in root.rglob("*") if p.suffix in (".nfg", ".efg"))


@pytest.mark.oracle
@pytest.mark.parametrize("path", catalog_files(), ids=lambda p: p.name)
def test_pygambit_catalog_reads_the_same(path):
    """Every game shipped in pygambit's catalog: same payoffs, or refused as imperfect."""
    gbt = pytest.importorskip("pygambit")
    compare_with_pygambit(gbt, path)
