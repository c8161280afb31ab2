"""Sequential games: building and validating trees, backward induction, the normal form."""

import itertools
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import triangle as tri
from triangle.errors import (
    InvalidGameError,
    SolverError,
    SymbolicGameError,
    TriangleError,
    UnknownNameError,
)
from triangle.games.sequential import CHANCE, Decision, InvalidTreeError, Leaf

ENTRY = (
    "Entrant",
    {
        "out": (0, 2),
        "in": ("Incumbent", {"fight": (-1, -1), "accommodate": (1, 1)}),
    },
)


# --------------------------------------------------------------------------- building
def test_nested_data_and_node_objects_build_the_same_game():
    data = tri.SequentialGame(ENTRY)
    objects = tri.SequentialGame(
        Decision(
            "Entrant",
            {
                "out": Leaf(0, 2),
                "in": Decision(
                    "Incumbent",
                    {"fight": Leaf(-1, -1), "accommodate": Leaf({"Entrant": 1, "Incumbent": 1})},
                ),
            },
        )
    )
    assert data.players == objects.players == ("Entrant", "Incumbent")
    assert data.leaves == objects.leaves
    assert [data.payoffs_at(h) for h in data.leaves] == [
        objects.payoffs_at(h) for h in objects.leaves
    ]


def test_players_default_to_order_of_first_move_and_can_be_given():
    g = tri.SequentialGame(("B", {"x": ("A", {"y": (1, 2)})}))
    assert g.players == ("B", "A")
    g2 = tri.SequentialGame(("B", {"x": ("A", {"y": (1, 2, 3)})}), players=("A", "B", "C"))
    assert g2.players == ("A", "B", "C")
    assert g2.plans("C") == ("(no move)",)


def test_named_nodes_label_strategies():
    g = tri.SequentialGame(
        ("A", {"l": ("B", {"x": (1, 1), "y": (0, 0)}, "B after l"), "r": (2, 0)})
    )
    assert g.decision_nodes("B") == ("B after l",)
    eq = g.subgame_perfect_equilibria()[0]
    assert eq.strategies["B"] == {"B after l": "x"}


def test_shared_subtree_objects_are_copies_not_cycles():
    sub = Decision("B", {"x": (1, 1), "y": (0, 2)})
    g = tri.SequentialGame(("A", {"l": sub, "r": sub}))
    assert g.decision_nodes("B") == ("l", "r")
    assert len(g.subgame_perfect_equilibria()) == 2  # A is indifferent between l and r


# --------------------------------------------------------------------------- validation
def cyclic():
    node = Decision("A", {"stop": (1, 0)})
    node.moves["again"] = ("B", {"back": node})
    return node


@pytest.mark.parametrize(
    ("tree", "fragment"),
    [
        (cyclic(), "cycle"),
        (("A", {"l": (), "r": (1, 1)}), "no payoffs"),
        (("A", {"l": None}), "no payoffs"),
        (("A", {"l": (1, 2, 3)}), "3 payoffs but the game has 2 players"),
        (("A", {"l": {"A": 1, "C": 2}}), "unknown player 'C'"),
        ((CHANCE, {"h": (0.5, (1, 1)), "t": (0.6, (0, 0))}), "sum to 1"),
        ((CHANCE, {"h": (-0.5, (1, 1)), "t": (1.5, (0, 0))}), "[0, 1]"),
        (
            (CHANCE, {"h": (sympy.Symbol("p"), (1, 1)), "t": (sympy.Symbol("p"), (0, 0))}),
            "sum to 1",
        ),
        (("A", [("l", (1, 1)), ("l", (0, 0))]), "duplicate move names ['l']"),
        (("Bob", {"l": (1, 1)}), "unknown player 'Bob'; did you mean 'B'"),
        (("A", {}), "has no moves"),
        (("A", {"l": ("x", 1)}), "expected a number"),
        (("A", {"l": (float("nan"), 1)}), "finite"),
        ((CHANCE, {"h": ((1, 1),)}), "(probability, child) pair"),
    ],
)
def test_malformed_trees_raise_package_errors(tree, fragment):
    with pytest.raises(InvalidTreeError, match=None) as info:
        tri.SequentialGame(tree, players=("A", "B"))
    assert fragment in str(info.value)
    assert isinstance(info.value, TriangleError) and isinstance(info.value, ValueError)


def test_bad_player_lists_and_reserved_name():
    with pytest.raises(InvalidTreeError, match="reserved"):
        tri.SequentialGame(("A", {"l": (1, 1)}), players=("A", "chance"))
    with pytest.raises(InvalidTreeError, match="unique"):
        tri.SequentialGame(("A", {"l": (1, 1)}), players=("A", "A"))
    with pytest.raises(InvalidTreeError, match="node names must be unique"):
        tri.SequentialGame(("A", {"l": ("B", {"x": (1, 1)}, "n"), "r": ("B", {"x": (1, 1)}, "n")}))


# --------------------------------------------------------------------------- backward induction
def test_entry_deterrence_has_the_textbook_equilibrium():
    eqs = tri.SequentialGame(ENTRY).subgame_perfect_equilibria()
    assert len(eqs) == 1 and eqs.ties == ()
    eq = eqs[0]
    assert eq.path == (("in", "accommodate"),)
    assert eq.strategies == {"Entrant": {"root": "in"}, "Incumbent": {"in": "accommodate"}}
    assert eq.payoffs == (1, 1)


def test_centipede_unravels():
    # Rosenthal's centipede: every player takes at the first chance.
    tree = (0, 0)
    for k in range(5, 0, -1):
        player = "A" if k % 2 else "B"
        take = (k + 1, k - 1) if player == "A" else (k - 1, k + 1)
        tree = (player, {f"take{k}": take, f"pass{k}": tree})
    tree = tri.SequentialGame(tree, players=("A", "B"))
    eqs = tree.subgame_perfect_equilibria()
    assert len(eqs) == 1
    assert eqs[0].path == (("take1",),)
    assert all(move.startswith("take") for s in eqs[0].strategies.values() for move in s.values())


def test_ties_give_every_equilibrium_and_are_reported():
    g = tri.SequentialGame(("A", {"l": ("B", {"x": (1, 0), "y": (3, 0)}), "r": (2, 1)}))
    eqs = g.subgame_perfect_equilibria()
    # B is indifferent; A's best move depends on B's choice: two equilibria, two paths.
    assert {e.path for e in eqs} == {(("r",),), (("l", "y"),)}
    assert [(t.node, t.player, t.moves) for t in eqs.ties] == [("l", "B", ("x", "y"))]
    assert eqs.notes


def test_chance_node_expected_payoffs_are_exact():
    g = tri.SequentialGame(
        (
            "A",
            {
                "gamble": (
                    CHANCE,
                    {"win": (Fraction(1, 3), (3, 0)), "lose": (Fraction(2, 3), (0, 3))},
                ),
                "safe": (Fraction(1), 1),
            },
        ),
        players=("A", "B"),
    )
    eqs = g.subgame_perfect_equilibria()
    assert len(eqs) == 2  # 1 = 1: a tie at the root
    gamble = next(e for e in eqs if e.strategies["A"]["root"] == "gamble")
    assert gamble.payoffs == (1, 2)
    assert gamble.outcome == {
        ("gamble", "win"): sympy.Rational(1, 3),
        ("gamble", "lose"): sympy.Rational(2, 3),
    }


def test_float_payoffs_compare_by_their_decimal_value():
    g = tri.SequentialGame(("A", {"l": (0.1 + 0.2, 0), "r": (0.3, 1)}), players=("A", "B"))
    # 0.1 + 0.2 is 0.30000000000000004 as a float: A strictly prefers l, no false tie.
    assert len(g.subgame_perfect_equilibria()) == 1


def test_too_many_ties_raise_instead_of_exhausting_memory():
    tree = (0, 0)
    for _ in range(12):
        tree = ("A", {"a": tree, "b": tree})  # shared objects: copies, every node a tie
    g = tri.SequentialGame(tree, players=("A", "B"))
    with pytest.raises(SolverError, match="max_equilibria"):
        g.subgame_perfect_equilibria(max_equilibria=1000)


@pytest.mark.slow
def test_distinct_outcomes_merge_off_path_ties():
    # A exits at every level, so B's ties (between identical subtrees) are all off the path
    tree = (0, 0)
    for k in range(10):
        tree = ("A", {"exit": (k + 1, 0), "on": ("B", {"x": tree, "y": tree})})
    g = tri.SequentialGame(tree, players=("A", "B"))
    with pytest.raises(SolverError, match="distinct='outcomes'"):
        g.subgame_perfect_equilibria()
    eqs = g.subgame_perfect_equilibria(distinct="outcomes")
    assert [e.path for e in eqs] == [(("exit",),)]
    assert len(eqs.ties) == 2**10 - 1 and eqs.notes
    small = tri.SequentialGame(("A", {"l": ("B", {"x": (1, 0), "y": (3, 0)}), "r": (2, 1)}))
    every = small.subgame_perfect_equilibria()
    merged = small.subgame_perfect_equilibria(distinct="outcomes")
    assert {(e.path, e.payoffs) for e in every} == {(e.path, e.payoffs) for e in merged}
    with pytest.raises(UnknownNameError, match="distinct"):
        small.subgame_perfect_equilibria(distinct="paths")


def test_symbolic_tree_needs_conditions_not_numbers():
    x = sympy.Symbol("x")
    g = tri.SequentialGame(("A", {"l": (x, 0), "r": (1, 1)}), players=("A", "B"))
    with pytest.raises(SymbolicGameError, match="subgame_perfect_conditions"):
        g.subgame_perfect_equilibria()
    with pytest.raises(InvalidGameError):
        g.subs({"x": 1}).subgame_perfect_conditions()


# --------------------------------------------------------------------------- symbolic pieces
def test_one_factor_conditions_are_intervals_and_match_substitution():
    x = sympy.Symbol("x")
    g = tri.SequentialGame(
        (
            "A",
            {
                "l": ("B", {"u": (x, 2 - x), "d": (1, 1)}),
                "r": (sympy.Rational(1, 2), 0),
            },
        )
    )
    pieces = g.subgame_perfect_conditions()
    assert all(p.region is not None for p in pieces)
    for value in [sympy.Rational(k, 4) for k in range(-8, 12)]:
        expected = {
            e.normal_form_profile for e in g.subs({"x": value}).subgame_perfect_equilibria()
        }
        got = {p.equilibrium.normal_form_profile for p in pieces if p.holds_at({"x": value})}
        assert got == expected, value


def test_symbolic_chance_probability_is_kept_in_unit_interval():
    p = sympy.Symbol("p")
    g = tri.SequentialGame(
        (
            "US",
            {
                "deal": (CHANCE, {"keep": (1 - p, (3, 2)), "reverse": (p, (0, -1))}),
                "nodeal": (1, 0),
            },
        ),
        players=("US", "Russia"),
    )
    outcomes = dict((path, cond) for cond, path in g.subgame_perfect_conditions().outcomes())
    deal = outcomes[(("deal", "keep"), ("deal", "reverse"))]
    assert deal == sympy.And(p >= 0, p <= sympy.Rational(2, 3))
    assert outcomes[(("nodeal",),)] == sympy.And(p >= sympy.Rational(2, 3), p <= 1)


def test_two_factor_linear_conditions_are_pruned_by_linear_programming():
    a, b = sympy.symbols("a b")
    g = tri.SequentialGame(
        (
            "A",
            {
                "l": ("B", {"u": (a, b), "d": (b, a)}),
                "r": (0, 0),
            },
        )
    )
    pieces = g.subgame_perfect_conditions()
    # B picks u iff b >= a; A then compares a (or b) with 0: four pieces, all feasible.
    assert len(pieces) == 4
    for values in [{"a": 1, "b": 2}, {"a": -1, "b": 2}, {"a": 2, "b": -3}, {"a": -2, "b": -1}]:
        expected = {e.normal_form_profile for e in g.subs(values).subgame_perfect_equilibria()}
        got = {p.equilibrium.normal_form_profile for p in pieces if p.holds_at(values)}
        assert got == expected, values
    bounded = g.subgame_perfect_conditions(bounds={"a": (1, 2), "b": (-2, -1)})
    # there B prefers d (a > b) and A then prefers r (0 > b): one piece survives the LP
    assert len(bounded) == 1
    assert bounded[0].equilibrium.strategies == {"A": {"root": "r"}, "B": {"l": "d"}}


def test_condition_solved_for_one_factor():
    a, b = sympy.symbols("a b")
    g = tri.SequentialGame(("A", {"l": (2 * a + b, 0), "r": (1, 0)}), players=("A", "B"))
    conditions = {p.equilibrium.path: p.condition for p in g.subgame_perfect_conditions()}
    assert conditions[(("l",),)] == (a >= sympy.Rational(1, 2) - b / 2)


# --------------------------------------------------------------------------- normal form
def test_normal_form_names_plans_readably_and_contains_spe():
    g = tri.SequentialGame(
        (
            "A",
            {
                "l": ("B", {"x": (1, 1), "y": (0, 0)}),
                "r": ("B", {"x": (2, 0), "y": (0, 2)}),
            },
        )
    )
    nf = g.to_normal_form()
    assert nf.strategies == (("l", "r"), ("l:x, r:x", "l:x, r:y", "l:y, r:x", "l:y, r:y"))
    assert nf.payoffs[:, 1, 1].tolist() == [0.0, 2.0]  # r then y
    for eq in g.subgame_perfect_equilibria():
        assert tri.is_equilibrium(nf, eq.normal_form_profile)


def test_normal_form_refuses_huge_tables():
    tree = (0, 0)
    for _ in range(6):
        tree = ("A", {"a": ("B", {"x": tree, "y": (1, 1)}), "b": (0, 1)})
    g = tri.SequentialGame(tree)
    with pytest.raises(InvalidGameError, match="max_profiles"):
        g.to_normal_form(max_profiles=1000)


def test_subgame_keeps_labels():
    g = tri.SequentialGame(ENTRY)
    sub = g.subgame("in")
    assert sub.decision_nodes() == ("in",)
    assert sub.players == g.players


# --------------------------------------------------------------------------- generated trees
@st.composite
def trees(draw, n_players=None):
    n = draw(st.integers(2, 3)) if n_players is None else n_players
    players = tuple("ABC"[:n])
    budget = [draw(st.integers(2, 7))]  # decision/chance nodes still allowed

    def node(depth):
        if depth >= 3 or budget[0] <= 0 or (depth > 0 and draw(st.integers(0, 2)) == 0):
            return tuple(draw(st.integers(-2, 2)) for _ in range(n))
        budget[0] -= 1
        k = draw(st.integers(1, 3))
        moves = [f"m{j}" for j in range(k)]
        if draw(st.integers(0, 4)) == 0:
            weights = [draw(st.integers(0, 3)) for _ in moves]
            if sum(weights) == 0:
                weights[0] = 1
            total = sum(weights)
            return (
                CHANCE,
                {m: (Fraction(w, total), node(depth + 1)) for m, w in zip(moves, weights)},
            )
        return (draw(st.sampled_from(players)), {m: node(depth + 1) for m in moves})

    return tri.SequentialGame(node(0), players=players)


def brute_force_spe(game):
    """Pure profiles of plans that are Nash equilibria in every subgame (by the normal forms)."""
    nf = game.to_normal_form(exact=True)
    plans = [game.tree.plans(i) for i in range(game.n_players)]
    decision = [n for n in game.tree.nodes if n.kind == "decision"]
    node_lists = [[n for n in decision if n.player == i] for i in range(game.n_players)]
    subgames = [n.label for n in game.tree.nodes if n.kind != "leaf"]
    sub_nash = {}
    for label in subgames:
        sub = game.subgame(label)
        sub_nf = sub.to_normal_form(exact=True)
        sub_nash[label] = {
            tuple(next(iter(names)) for names in eq.support)
            for eq in tri.pure_equilibria(sub_nf, tol=0)
        }
    found = set()
    for profile in itertools.product(*plans):
        chosen = {}
        for i, (_, choice) in enumerate(profile):
            for node, j in zip(node_lists[i], choice):
                chosen[node.label] = node.moves[j]
        ok = True
        for label in subgames:
            sub = game.subgame(label)
            names = []
            for i in range(game.n_players):
                mine = [n for n in sub.tree.nodes if n.kind == "decision" and n.player == i]
                if not mine:
                    names.append("(no move)")
                elif len(mine) == 1:
                    names.append(chosen[mine[0].label])
                else:
                    names.append(", ".join(f"{n.label}:{chosen[n.label]}" for n in mine))
            if tuple(names) not in sub_nash[label]:
                ok = False
                break
        if ok:
            found.add(tuple(name for name, _ in profile))
    assert nf.shape == tuple(len(p) for p in plans)
    return found


@settings(max_examples=60, deadline=None)
@given(trees())
def test_backward_induction_agrees_with_normal_form_nash_checks(game):
    eqs = game.subgame_perfect_equilibria()
    nf = game.to_normal_form(exact=True)
    for eq in eqs:
        assert tri.is_equilibrium(nf, eq.normal_form_profile, tol=0)
        # the equilibrium payoffs are the normal form's payoffs at that cell
        cell = tuple(nf.strategy_index(i, s) for i, s in enumerate(eq.normal_form_profile))
        assert [Fraction(x) for x in nf.exact_payoffs[(slice(None), *cell)]] == [
            Fraction(int(v.p), int(v.q)) for v in eq.payoffs
        ]
    assert {eq.normal_form_profile for eq in eqs} == brute_force_spe(game)
    merged = game.subgame_perfect_equilibria(distinct="outcomes")
    assert {(e.path, e.payoffs) for e in merged} == {(e.path, e.payoffs) for e in eqs}
    assert len(merged) == len({(e.path, e.payoffs) for e in eqs})
    assert len({eq.normal_form_profile for eq in eqs}) == len(eqs)  # no duplicates


# --------------------------------------------------------------------------- the public tree
def test_the_compiled_tree_is_public_and_solvers_take_it():
    from triangle.games.tree import CompiledTree, compile_tree, plan_name
    from triangle.solvers.backward_induction import backward_induction

    game = tri.SequentialGame(ENTRY)
    tree = game.tree
    assert isinstance(tree, CompiledTree)
    assert tree.players == game.players and tree.n_players == 2
    assert [n.label for n in tree.nodes] == ["root", "out", "in", "in/fight", "in/accommodate"]
    assert tree.nodes[2].children == (3, 4) and tree.nodes[3].parent == 2
    assert compile_tree(ENTRY).nodes == tree.nodes
    # plan names are the normal form's strategy names
    for i, player in enumerate(game.players):
        mine = [tree.nodes[k] for k in tree.decision_nodes(i)]
        assert tuple(plan_name(mine, c) for _, c in tree.plans(i)) == game.plans(player)
    by_game, by_tree = backward_induction(game), backward_induction(tree)
    assert [(e.path, e.payoffs, e.strategies) for e in by_game] == [
        (e.path, e.payoffs, e.strategies) for e in by_tree
    ]
    with pytest.raises(InvalidGameError, match="SequentialGame"):
        backward_induction(game.to_normal_form())


def test_conditional_solver_takes_the_tree_and_keeps_its_old_import_path():
    from triangle.solvers import backward_induction as bi
    from triangle.solvers.conditional_backward_induction import conditional_backward_induction

    x = sympy.Symbol("x")
    game = tri.SequentialGame(("A", {"l": (x, 0), "r": (1, 2)}), players=("A", "B"))
    assert bi.conditional_backward_induction is conditional_backward_induction
    pieces = conditional_backward_induction(game.tree)
    assert [(str(p.condition), p.equilibrium.path) for p in pieces] == [
        (str(p.condition), p.equilibrium.path) for p in game.subgame_perfect_conditions()
    ]
    with pytest.raises(AttributeError):
        bi.no_such_solver  # noqa: B018


def test_result_types_import_from_the_solver_and_the_results_module():
    from triangle.games import results
    from triangle.solvers import backward_induction as bi

    for name in ("Tie", "SubgamePerfectEquilibrium", "SubgamePerfectEquilibria",
                 "ConditionalEquilibrium", "ConditionalEquilibria"):
        assert getattr(bi, name) is getattr(results, name)
    eqs = tri.SequentialGame(ENTRY).subgame_perfect_equilibria()
    assert isinstance(eqs, results.SubgamePerfectEquilibria)


# --------------------------------------------------------------------------- deep trees
def _chain(depth, named):
    """A chain: at level k the mover stops (payoffs 2k+1, 2k: no ties) or continues."""
    node = (0, 1)
    for k in range(depth, 0, -1):
        player = "A" if k % 2 else "B"
        node = Decision(player, {"s": (2 * k + 1, 2 * k), "c": node},
                        name=f"n{k}" if named else None)
    return node


@pytest.mark.slow
def test_a_20000_deep_chain_builds_and_solves_in_linear_memory():
    # before: each node kept its whole history (and the walk its ancestors), about
    # 4 GiB for this chain; now the nodes share one path
    import tracemalloc

    depth = 20_000
    chain = _chain(depth, named=True)
    tracemalloc.start()
    try:
        game = tri.SequentialGame(chain, players=("A", "B"))
        [eq] = tri.backward_induction(game)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 200 * 2**20, peak
    deepest = game.tree.nodes[-1]
    assert deepest.history == ("c",) * depth and deepest.label == "/".join(deepest.history)
    # stopping later pays both more, so everyone continues until the last mover stops
    assert eq.path == (("c",) * (depth - 1) + ("s",),)
    assert eq.strategies["A"]["n1"] == "c" and eq.strategies["B"][f"n{depth}"] == "s"


def test_node_names_stay_unique_in_large_trees():
    # past 1000 nodes the default labels are not all written out: a given name that
    # equals an unnamed node's history is still caught, as are clashes of given names
    chain = _chain(600, named=False)
    tri.SequentialGame(chain, players=("A", "B"))
    clash = Decision("A", {"x": chain, "y": Decision("B", {"z": (0, 0)}, name="x/c/s")})
    with pytest.raises(InvalidTreeError, match="unique"):
        tri.SequentialGame(clash, players=("A", "B"))
    twice = Decision("A", {"x": chain, "y": Decision("B", {"z": (0, 0)}, name="x")},
                     name="x")
    with pytest.raises(InvalidTreeError, match="unique"):
        tri.SequentialGame(twice, players=("A", "B"))
    slash = Decision("A", {"x/c": (0, 0), "x": Decision("B", {"c": chain})})
    with pytest.raises(InvalidTreeError, match="unique"):
        tri.SequentialGame(slash, players=("A", "B"))


def test_histories_and_labels_of_a_deep_tree_are_exact():
    # histories are rebuilt from shared paths with a stored tuple every 256 levels
    depth = 700
    node = (0, 0)
    for k in range(depth, 0, -1):
        node = ("A", {f"stop{k}": (k, 0), f"go{k}": node})
    tree = tri.SequentialGame(node, players=("A", "B")).tree
    decisions = [n for n in tree.nodes if n.kind == "decision"]
    for k in (0, 1, 255, 256, 257, 511, 512, 699):
        expected = tuple(f"go{j}" for j in range(1, k + 1))
        assert decisions[k].history == expected
        assert decisions[k].label == ("/".join(expected) or "root")
    assert tree.nodes[-1].history == (*(f"go{j}" for j in range(1, depth + 1)),)


def test_a_deep_tree_converts_back_to_nodes_without_recursion():
    # before: to_nodes recursed once per level (RecursionError past ~1000 levels)
    tree = tri.SequentialGame(_chain(3000, named=False), players=("A", "B")).tree
    back = tree.to_nodes(lambda e: 2 * e)
    node, depth = back, 0
    while isinstance(node, Decision):
        node, depth = dict(node.moves)["c"], depth + 1
    assert depth == 3000 and node.payoffs == (0, 2)
