"""Pure equilibria (single and batch) and dominance, against brute force and known games."""

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import triangle as tri
from triangle.errors import InvalidGameError, SymbolicGameError


def brute_force_pure(u: np.ndarray) -> set[tuple[int, ...]]:
    """Check every profile and every unilateral deviation, one by one."""
    n, shape = u.shape[0], u.shape[1:]
    found = set()
    for cell in itertools.product(*map(range, shape)):
        ok = True
        for i in range(n):
            for dev in range(shape[i]):
                other = list(cell)
                other[i] = dev
                if u[(i, *other)] > u[(i, *cell)]:
                    ok = False
        if ok:
            found.add(cell)
    return found


game_arrays = st.tuples(
    st.integers(2, 3),
    st.integers(1, 3),
    st.integers(1, 3),
    st.integers(1, 3),
    st.integers(0, 2**32 - 1),
)


def make(spec):
    n, m1, m2, m3, seed = spec
    shape = (m1, m2, m3)[:n] if n == 3 else (m1, m2)
    rng = np.random.default_rng(seed)
    return rng.integers(-2, 3, size=(len(shape), *shape)).astype(float)


@given(game_arrays)
def test_pure_matches_brute_force_with_ties(spec):
    u = make(spec)
    eqs = tri.pure_equilibria(tri.NormalFormGame(u))
    got = {tuple(int(np.argmax(p)) for p in e.profile) for e in eqs}
    assert got == brute_force_pure(u)
    for e in eqs:
        assert e.is_pure and tri.is_equilibrium(tri.NormalFormGame(u), e.profile, tol=0)


@given(st.integers(1, 5), game_arrays)
def test_batch_agrees_with_single(k, spec):
    rng = np.random.default_rng(spec[-1])
    base = make(spec)
    batch = np.stack(
        [base] + [rng.integers(-2, 3, size=base.shape).astype(float) for _ in range(k)]
    )
    mask = tri.pure_equilibria_batch(batch)
    assert mask.shape == (k + 1, *base.shape[1:])
    for j in range(k + 1):
        assert {tuple(map(int, c)) for c in np.argwhere(mask[j])} == brute_force_pure(batch[j])


def test_batch_chunks_consistently():
    rng = np.random.default_rng(1)
    u = rng.integers(0, 3, size=(40_000, 3, 2, 2, 2)).astype(float)
    mask = tri.pure_equilibria_batch(u)
    for j in rng.choice(len(u), 25, replace=False):
        assert {tuple(map(int, c)) for c in np.argwhere(mask[j])} == brute_force_pure(u[j])


def test_literature_pure_equilibria():
    pd = tri.NormalFormGame.from_bimatrix(
        [[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=(("C", "D"), ("C", "D"))
    )
    assert [e.support for e in tri.pure_equilibria(pd)] == [(("D",), ("D",))]
    pennies = tri.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    assert tri.pure_equilibria(pennies) == []
    # A 3-player coordination game: only the two all-match profiles are equilibria; in any
    # mismatched profile some player gains by joining the others.
    u = np.zeros((3, 2, 2, 2))
    u[:, 0, 0, 0] = 1
    u[:, 1, 1, 1] = 2
    assert [e.support for e in tri.pure_equilibria(tri.NormalFormGame(u))] == [
        (("s1",),) * 3,
        (("s2",),) * 3,
    ]


def test_batch_bad_input():
    with pytest.raises(InvalidGameError, match="shape"):
        tri.pure_equilibria_batch(np.zeros((3, 2, 2)))
    with pytest.raises(InvalidGameError, match="finite"):
        tri.pure_equilibria_batch(np.full((1, 2, 2, 2), np.nan))


def test_symbolic_game_refused():
    import sympy

    g = tri.NormalFormGame([[[sympy.Symbol("x"), 0]], [[0, 0]]])
    with pytest.raises(SymbolicGameError, match="subs"):
        tri.pure_equilibria(g)


# ----------------------------------------------------------------------------- dominance
def test_mixed_dominance_textbook():
    # B is dominated by 1/2 T + 1/2 M but by neither pure strategy (Fudenberg & Tirole 1991, ch. 2).
    g = tri.NormalFormGame.from_bimatrix(
        [[3, 0], [0, 3], [1, 1]], [[1, 0], [0, 1], [0, 0]], strategies=(("T", "M", "B"), ("L", "R"))
    )
    assert tri.dominated_strategies(g, 0, mixed=False) == []
    [d] = tri.dominated_strategies(g, 0)
    assert d.strategy == "B" and d.strict and d.margin == pytest.approx(0.5)
    assert d.dominator == pytest.approx({"T": 0.5, "M": 0.5})


def test_weak_dominance():
    g = tri.NormalFormGame.from_bimatrix(
        [[1, 1], [1, 0]], [[0, 0], [0, 0]], strategies=(("a", "b"), ("l", "r"))
    )
    assert tri.dominated_strategies(g, 0) == []
    [d] = tri.dominated_strategies(g, 0, strict=False)
    assert (d.strategy, d.dominator, d.strict) == ("b", {"a": 1.0}, False)


def test_iterated_elimination_order_and_game():
    # Player 2's R is dominated by M; then player 1's D; then player 2's L (classic example).
    g = tri.NormalFormGame.from_bimatrix(
        [[1, 1, 0], [0, 0, 2]], [[0, 2, 1], [3, 1, 0]], strategies=(("U", "D"), ("L", "M", "R"))
    )
    res = tri.iterated_elimination(g)
    assert [(d.player, d.strategy) for d in res.eliminated] == [
        ("Player 2", "R"),
        ("Player 1", "D"),
        ("Player 2", "L"),
    ]
    assert res.game.strategies == (("U",), ("M",))


@given(game_arrays)
def test_strict_elimination_keeps_every_pure_equilibrium(spec):
    u = make(spec)
    g = tri.NormalFormGame(u)
    reduced = tri.iterated_elimination(g).game
    names = lambda eqs: {e.support for e in eqs}  # noqa: E731
    assert names(tri.pure_equilibria(reduced)) == names(tri.pure_equilibria(g))
    for d in tri.dominated_strategies(g):
        i = g.player_index(d.player)
        mat = np.moveaxis(g.payoffs[i], i, 0).reshape(g.shape[i], -1)
        sigma = np.array([d.dominator.get(s, 0.0) for s in g.strategies[i]])
        assert (sigma @ mat - mat[g.strategy_index(i, d.strategy)] > 0).all()


@pytest.mark.parametrize("tol", [-1.0, float("nan"), float("inf"), "small"])
def test_every_solver_refuses_a_bad_tolerance(tol):
    from triangle.errors import InvalidArgumentError

    g = tri.NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    for call in (
        lambda: tri.pure_equilibria(g, tol=tol),
        lambda: tri.pure_equilibria_batch(g.payoffs[None], tol=tol),
        lambda: tri.equilibria(g, tol=tol),
        lambda: tri.equilibria(g, method="support_enumeration", tol=tol),
        lambda: tri.is_equilibrium(g, ("s1", "s1"), tol=tol),
        lambda: tri.dominated_strategies(g, tol=tol),
        lambda: tri.iterated_elimination(g, tol=tol),
    ):
        with pytest.raises(InvalidArgumentError, match="tol must be"):
            call()
