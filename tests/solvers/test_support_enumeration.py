"""Support enumeration for N players: literature games, exactness, degeneracy, properties."""

import importlib.util
import itertools
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import triangle as tri
from triangle.errors import InvalidArgumentError, SymbolicGameError
from triangle.solvers.support_enumeration import support_enumeration

# ---------------------------------------------------------------------------- games


def mckelvey_mclennan() -> np.ndarray:
    """The 2x2x2 example of McKelvey and McLennan, as shipped in Gambit's catalogue
    (catalog/gamefiles/2x2x2.nfg: "2x2x2 Example from McKelvey-McLennan, with 9 Nash
    equilibria, 2 totally mixed"). Outcomes not listed pay zero to everybody."""
    u = np.zeros((3, 2, 2, 2))
    u[:, 0, 0, 0] = (9, 8, 12)
    u[:, 1, 1, 0] = (9, 8, 2)
    u[:, 1, 0, 1] = (3, 4, 6)
    u[:, 0, 1, 1] = (3, 4, 6)
    return u


def nau_2004() -> np.ndarray:
    """Nau, Gomez Canovas and Hansen (2004, IJGT), as in Gambit's catalogue
    (catalog/nau2004/2x2x2.nfg): "3 pure, 2 incompletely mixed, and a continuum of
    completely mixed NE"."""
    u = np.zeros((3, 2, 2, 2))
    u[:, 0, 0, 0] = (0, 0, 2)
    u[:, 1, 0, 0] = (3, 0, 0)
    u[:, 0, 1, 0] = (0, 3, 0)
    u[:, 0, 0, 1] = (1, 1, 0)
    u[:, 1, 1, 1] = (0, 0, 3)
    return u


def jordan_pennies() -> np.ndarray:
    """Jordan's (1993) three-player matching pennies: 1 wants to match 2, 2 to match 3,
    3 to mismatch 1. Its only equilibrium has everybody mix half and half."""
    u = np.zeros((3, 2, 2, 2))
    for a, b, c in itertools.product(range(2), repeat=3):
        u[:, a, b, c] = (1 if a == b else -1, 1 if b == c else -1, 1 if c != a else -1)
    return u


def brute_force_pure(u: np.ndarray) -> set[tuple[int, ...]]:
    n = u.shape[0]
    found = set()
    for cell in itertools.product(*map(range, u.shape[1:])):
        if all(
            u[(i, *cell)] >= u[(i, *cell[:i], d, *cell[i + 1 :])]
            for i in range(n)
            for d in range(u.shape[1 + i])
        ):
            found.add(cell)
    return found


def flat(eq) -> np.ndarray:
    return np.concatenate([np.asarray(p, dtype=float) for p in eq.profile])


def same_sets(a, b, tol=1e-7) -> bool:
    fa, fb = [flat(e) for e in a], [flat(e) for e in b]
    return len(fa) == len(fb) and all(any(np.abs(x - y).max() < tol for y in fb) for x in fa)


# ---------------------------------------------------------------------------- literature


def test_mckelvey_mclennan_nine_equilibria_two_totally_mixed():
    g = tri.NormalFormGame(mckelvey_mclennan())
    eqs = support_enumeration(g, exact=True)
    assert len(eqs) == 9 and not eqs.degenerate and eqs.notes == ()
    pure = {tuple(int(np.argmax(p)) for p in e.profile) for e in eqs if e.is_pure}
    assert pure == brute_force_pure(mckelvey_mclennan())
    totally_mixed = [e for e in eqs if all(len(s) == 2 for s in e.support)]
    # Derive the totally mixed equilibria independently: each player indifferent.
    p, q, r = sympy.symbols("p q r")  # probabilities of strategy 1
    x = [(p, 1 - p), (q, 1 - q), (r, 1 - r)]
    u = mckelvey_mclennan().astype(int)

    def pay(i, own):
        total = 0
        for cell in itertools.product(range(2), repeat=3):
            if cell[i] != own:
                continue
            weight = sympy.Integer(1)
            for k in range(3):
                if k != i:
                    weight *= x[k][cell[k]]
            total += int(u[(i, *cell)]) * weight
        return total

    system = [sympy.expand(pay(i, 0) - pay(i, 1)) for i in range(3)]
    solutions = sympy.solve(system, [p, q, r], dict=True)
    interior = {
        (s[p], s[q], s[r]) for s in solutions if all(0 < s[v] < 1 for v in (p, q, r))
    }
    got = {tuple(sympy.Rational(e.profile[i][0]) for i in range(3)) for e in totally_mixed}
    assert got == interior and len(got) == 2
    assert all(e.is_exact and e.regret == 0 for e in eqs)


def test_jordan_matching_pennies_unique_mixed():
    eqs = support_enumeration(tri.NormalFormGame(jordan_pennies()), exact=True)
    assert len(eqs) == 1
    assert [list(p) for p in eqs[0].profile] == [[Fraction(1, 2)] * 2] * 3


def test_nau_continuum_is_reported_not_listed():
    g = tri.NormalFormGame(nau_2004())
    eqs = support_enumeration(g)
    assert {tuple(int(np.argmax(p)) for p in e.profile) for e in eqs} == brute_force_pure(
        nau_2004()
    )
    assert all(e.is_pure for e in eqs) and len(eqs) == 3
    assert eqs.degenerate
    full = [n for n in eqs.notes if "{s1, s2}; Player 2: {s1, s2}; Player 3: {s1, s2}" in n]
    assert len(full) == 1 and "continuum" in full[0]


def test_irrational_equilibrium_floats_with_note():
    u = np.array(
        [
            [[[8, 0], [1, 2]], [[1, 8], [8, 5]]],
            [[[0, 0], [3, 4]], [[6, 4], [2, 1]]],
            [[[6, 7], [0, 1]], [[4, 3], [8, 5]]],
        ]
    )
    g = tri.NormalFormGame(u)
    eqs = support_enumeration(g, exact=True)
    mixed = [e for e in eqs if all(len(s) == 2 for s in e.support)]
    assert len(mixed) == 1 and not mixed[0].is_exact
    assert any("irrational" in n for n in eqs.notes)
    assert all(e.is_exact for e in eqs if e is not mixed[0])
    # The exact totally mixed solution is algebraic of degree 2: compare with sympy.
    p, q, r = sympy.symbols("p q r")
    x = [(p, 1 - p), (q, 1 - q), (r, 1 - r)]
    system = []
    for i in range(3):
        diff = 0
        for cell in itertools.product(range(2), repeat=3):
            weight = sympy.Integer(1 if cell[i] == 0 else -1)
            for k in range(3):
                if k != i:
                    weight *= x[k][cell[k]]
            diff += int(u[(i, *cell)]) * weight
        system.append(sympy.expand(diff))
    exact = [
        s for s in sympy.solve(system, [p, q, r], dict=True)
        if all(v.is_real and 0 < v < 1 for v in s.values())
    ]
    assert len(exact) == 1 and not all(v.is_Rational for v in exact[0].values())
    got = [float(mixed[0].profile[i][0]) for i in range(3)]
    assert np.allclose(got, [float(exact[0][v]) for v in (p, q, r)], atol=1e-12)


def test_two_player_classics_exact():
    rps = tri.NormalFormGame.from_bimatrix(
        [[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [[0, 1, -1], [-1, 0, 1], [1, -1, 0]]
    )
    (eq,) = support_enumeration(rps, exact=True)
    assert all(list(p) == [Fraction(1, 3)] * 3 for p in eq.profile)
    bos = tri.NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    eqs = support_enumeration(bos, exact=True)
    assert [list(e.profile[0]) for e in eqs] == [[1, 0], [0, 1], [Fraction(2, 3), Fraction(1, 3)]]
    pd = tri.NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    assert [e.support for e in support_enumeration(pd)] == [(("s2",), ("s2",))]


def test_von_stengel_degenerate_game_reports_continuum():
    # von Stengel (2007, AGT ch. 3): with (3, 3) in the first row, the row strategy T
    # makes the column player indifferent, and a segment of equilibria appears.
    g = tri.NormalFormGame.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])
    eqs = support_enumeration(g, exact=True)
    assert eqs.degenerate
    assert any("continuum" in n and "Player 1: {s1}; Player 2: {s1, s2}" in n for n in eqs.notes)
    assert all(tri.is_equilibrium(g, e.profile, tol=0) for e in eqs)


def test_four_players_and_single_strategy_players():
    rng = np.random.default_rng(4)
    u = rng.random((4, 2, 2, 2, 2))
    g = tri.NormalFormGame(u)
    eqs = support_enumeration(g)
    assert len(eqs) % 2 == 1  # generic games have an odd number of equilibria
    assert all(tri.is_equilibrium(g, e.profile) for e in eqs)
    # A player with a single strategy changes nothing: compare with the 2-player game.
    v = rng.random((3, 1, 3, 3))
    three = support_enumeration(tri.NormalFormGame(v))
    two = support_enumeration(tri.NormalFormGame(v[1:, 0]))
    assert [flat(e)[1:].round(9).tolist() for e in three] == [
        flat(e).round(9).tolist() for e in two
    ]


def test_bad_input():
    x = sympy.Symbol("x")
    with pytest.raises(SymbolicGameError):
        support_enumeration(tri.NormalFormGame([[[x, 0]], [[0, 1]]]))
    with pytest.raises(InvalidArgumentError, match="tol"):
        support_enumeration(tri.NormalFormGame(jordan_pennies()), tol=-1)


def test_dispatch_from_equilibria():
    g = tri.NormalFormGame(jordan_pennies())
    eqs = tri.equilibria(g)
    assert eqs.method == "support_enumeration" and len(eqs) == 1


@pytest.mark.skipif(
    importlib.util.find_spec("triangle.solvers.vertex_enumeration") is None,
    reason="triangle.solvers.vertex_enumeration is not written yet",
)
@pytest.mark.parametrize("seed", range(12))
def test_two_players_agree_with_vertex_enumeration(seed):
    rng = np.random.default_rng(seed)
    m1, m2 = rng.integers(2, 6, size=2)
    g = tri.NormalFormGame.from_bimatrix(rng.random((m1, m2)), rng.random((m1, m2)))
    ours = support_enumeration(g)
    theirs = tri.equilibria(g, method="vertex_enumeration")
    assert not ours.degenerate
    assert same_sets(ours, theirs)


# ---------------------------------------------------------------------------- properties

shapes = st.sampled_from([(2, 2, 2), (2, 2, 3), (3, 2, 2), (2, 3, 3), (2, 2, 2, 2), (3, 3)])


@st.composite
def games(draw, integer=None):
    shape = draw(shapes)
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    if integer is None:
        integer = draw(st.booleans())
    u = rng.integers(-2, 3, size=(len(shape), *shape)) if integer else rng.random(
        (len(shape), *shape)
    )
    return np.asarray(u, dtype=float)


@settings(max_examples=30, deadline=None)
@given(games())
def test_every_equilibrium_verifies_and_pure_ones_are_all_there(u):
    g = tri.NormalFormGame(u)
    eqs = support_enumeration(g)
    assert all(tri.is_equilibrium(g, e.profile) for e in eqs)
    pure = {tuple(int(np.argmax(p)) for p in e.profile) for e in eqs if e.is_pure}
    assert pure == brute_force_pure(u)


@settings(max_examples=20, deadline=None)
@given(games(integer=False), st.integers(0, 3), st.floats(0.1, 10), st.floats(-5, 5))
def test_positive_affine_map_of_one_player_changes_nothing(u, player, scale, shift):
    player %= u.shape[0]
    v = u.copy()
    v[player] = scale * v[player] + shift
    a = support_enumeration(tri.NormalFormGame(u))
    b = support_enumeration(tri.NormalFormGame(v))
    assert same_sets(a, b)


@settings(max_examples=20, deadline=None)
@given(games(integer=False), st.randoms(use_true_random=False))
def test_permuting_strategies_permutes_equilibria(u, random):
    n = u.shape[0]
    perms = [random.sample(range(m), m) for m in u.shape[1:]]
    v = u
    for i, perm in enumerate(perms):
        v = np.take(v, perm, axis=1 + i)
    a = support_enumeration(tri.NormalFormGame(u))
    b = support_enumeration(tri.NormalFormGame(v))
    assert len(a) == len(b)
    for e in b:
        back = np.concatenate([np.asarray(e.profile[i])[np.argsort(perms[i])] for i in range(n)])
        assert any(np.abs(back - flat(x)).max() < 1e-7 for x in a)


@pytest.mark.slow
@settings(max_examples=15, deadline=None)
@given(games(integer=True))
def test_exact_mode_agrees_with_floats(u):
    g = tri.NormalFormGame(u.astype(int))
    exact = support_enumeration(g, exact=True)
    floats = support_enumeration(g)
    assert same_sets(exact, floats)
    assert all(tri.is_equilibrium(g, e.profile, tol=0) for e in exact if e.is_exact)


@settings(max_examples=25, deadline=None)
@given(games(), st.integers(1, 6))
def test_pure_batch_agrees_with_single_games(u, k):
    rng = np.random.default_rng(k)
    batch = np.stack([u] + [np.round(rng.random(u.shape) * 4) for _ in range(k)])
    mask = tri.pure_equilibria_batch(batch)
    for game, cells in zip(batch, mask):
        single = {tuple(int(np.argmax(p)) for p in e.profile) for e in tri.pure_equilibria(
            tri.NormalFormGame(game)
        )}
        assert single == {tuple(int(c) for c in cell) for cell in np.argwhere(cells)}


# ------------------------------------------------------- points of continua (issue 11)
# A 5x5 game with three components of equilibria (vertex enumeration: 15 extreme
# equilibria in components of 6, 2 and 7), found by a search over small integer games.
# Support enumeration listed six equilibria, two of them mixed and called "singular
# root ... (isolated)", while its notes reported continua through all of them.
CONTINUA_5X5 = np.array([
    [[0, 1, 0, 2, 2], [1, 2, 2, 2, 0], [1, 1, 1, 2, 1], [2, 1, 1, 1, 0], [0, 2, 0, 1, 1]],
    [[0, 1, 0, 0, 1], [2, 0, 0, 2, 2], [2, 0, 2, 0, 2], [2, 0, 2, 0, 2], [2, 2, 2, 1, 2]],
], dtype=float)


def _flat(profile):
    return np.concatenate([np.asarray(p, dtype=float) for p in profile])


def test_points_of_a_continuum_are_not_presented_as_isolated():
    g = tri.NormalFormGame(CONTINUA_5X5)
    eqs = tri.equilibria(g, method="support_enumeration")
    assert eqs.degenerate and all(e.is_pure for e in eqs) and len(eqs) == 4
    assert not any("singular root" in n for n in eqs.notes)
    flagged = [n for n in eqs.notes if "is not isolated" in n]
    assert len(flagged) == 6  # the four pure ones (listed) and the two mixed ones
    assert sum("listed only because pure equilibria always are" in n for n in flagged) == 4
    assert all(tri.is_equilibrium(g, e.profile) for e in eqs)
    # each of them lies in a component with several extreme equilibria
    ve = tri.equilibria(g, exact=True)
    big = {k for comp in ve.components if len(comp) > 1 for k in comp}
    for e in eqs:
        [k] = [k for k, v in enumerate(ve) if np.abs(_flat(v.profile) - _flat(e.profile)).max()
               < 1e-9]
        assert k in big


def test_the_nearby_equilibrium_that_shows_a_point_is_not_isolated_passes_the_check():
    from triangle.games.scale import unit_payoffs
    from triangle.solvers._support_solve import approached_from

    g = tri.NormalFormGame(CONTINUA_5X5)
    point = (np.eye(5)[2], np.array([0.5, 0, 0, 0, 0.5]))  # s3 against 1/2 s1 + 1/2 s5
    support, near = approached_from(unit_payoffs(g.payoffs), ((2,), (0, 4)), point, 1e-9)
    assert all(set(s) > set(k) or s == k for s, k in zip(support, ((2,), (0, 4))))
    assert support != ((2,), (0, 4))
    assert tri.is_equilibrium(g, near)
    assert 0 < np.abs(_flat(near) - _flat(point)).max() < 1e-3
    # an isolated equilibrium has no such neighbour: matching pennies
    pennies = tri.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    half = (np.array([0.5, 0.5]), np.array([0.5, 0.5]))
    assert approached_from(unit_payoffs(pennies.payoffs), ((0, 1), (0, 1)), half, 1e-9) is None


@pytest.mark.parametrize("seed", [
    # 40 small degenerate games in the quick loop (four seeds), 80 in CI
    pytest.param(s, marks=[] if s < 4 else [pytest.mark.slow]) for s in range(8)
])
def test_listed_mixed_equilibria_are_the_isolated_ones_of_vertex_enumeration(seed):
    # small integer payoffs: mostly degenerate games with continua
    rng = np.random.default_rng(seed)
    for _ in range(10):
        m, n = rng.integers(2, 5, 2)
        g = tri.NormalFormGame.from_bimatrix(rng.integers(0, 3, (m, n)),
                                             rng.integers(0, 3, (m, n)))
        ours = tri.equilibria(g, method="support_enumeration")
        ve = tri.equilibria(g, exact=True)
        points = [_flat(e.profile) for e in ve]
        isolated = [points[c[0]] for c in ve.components if len(c) == 1]
        for e in ours:
            x = _flat(e.profile)
            if not e.is_pure:
                assert any(np.abs(x - p).max() < 1e-7 for p in isolated), (g.payoffs, e)
        for p in isolated:  # and every isolated equilibrium is listed
            assert any(np.abs(_flat(e.profile) - p).max() < 1e-7 for e in ours)
