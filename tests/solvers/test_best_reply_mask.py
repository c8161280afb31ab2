"""The one best-reply mask, against a cell-by-cell reference, in every layout and chunking."""

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import triangle as tri
from triangle.errors import InvalidArgumentError, InvalidGameError, UnknownNameError
from triangle.solvers.pure import best_reply_mask


def reference(u: np.ndarray, players, tol: float) -> np.ndarray:
    """One game ``(n, m..)``: each listed player's strategy within ``tol`` times its payoff
    range (max - min in that game) of its best."""
    shape = u.shape[1:]
    out = np.ones(shape, dtype=bool)
    for cell in itertools.product(*map(range, shape)):
        for i in players:
            best = max(u[(i, *cell[:i], t, *cell[i + 1:])] for t in range(shape[i]))
            if best - u[(i, *cell)] > (u[i].max() - u[i].min()) * tol:
                out[cell] = False
    return out


batches = st.tuples(
    st.sampled_from([(2, 2), (2, 3), (3, 1), (2, 2, 2), (3, 3, 3), (2, 1, 3), (2, 2, 2, 2)]),
    st.integers(1, 6),
    st.integers(0, 2**32 - 1),
    st.sampled_from([0.0, 1e-9, 0.5]),
)


def draw(shape, k, seed):
    """K games with many ties (small integers) and some near-ties (a tiny offset)."""
    rng = np.random.default_rng(seed)
    u = rng.integers(-2, 3, size=(k, len(shape), *shape)).astype(float)
    return u + rng.choice([0.0, 1e-12], size=u.shape)


@given(batches)
def test_every_layout_and_player_choice_matches_the_reference(spec):
    shape, k, seed, tol = spec
    u = draw(shape, k, seed)
    n = len(shape)
    cells = np.ascontiguousarray(np.moveaxis(u, 0, -1))
    choices = [None, 0, n - 1, [0, n - 1], [], range(n)]
    for player in choices:
        players = list(range(n)) if player is None else (
            [player] if isinstance(player, int) else list(player))
        want = np.stack([reference(g, players, tol) for g in u])
        got = {
            "C order": best_reply_mask(u, player, tol),
            "sweep's view": best_reply_mask(np.moveaxis(cells, -1, 0), player, tol),
            "cell": np.moveaxis(best_reply_mask(cells, player, tol, layout="cell"), -1, 0),
        }
        for name, mask in got.items():
            np.testing.assert_array_equal(mask, want, err_msg=f"{name}, player={player}")


@pytest.mark.parametrize("k", [1023, 1025, 8193, 20_000])
def test_chunk_boundaries_change_nothing(k):
    u = draw((3, 3, 3), k, seed=k)
    cells = np.ascontiguousarray(np.moveaxis(u, 0, -1))
    # a per-game loop over 27 profiles, written without the kernel
    ref = np.ones((k, 3, 3, 3), dtype=bool)
    for i in range(3):
        ui = np.moveaxis(u[:, i], 1 + i, 1)  # (k, own, others...)
        ok = ui >= ui.max(axis=1, keepdims=True)
        ref &= np.moveaxis(ok, 1, 1 + i)
    np.testing.assert_array_equal(best_reply_mask(u, tol=0.0), ref)
    np.testing.assert_array_equal(tri.pure_equilibria_batch(u, tol=0.0), ref)
    np.testing.assert_array_equal(
        np.moveaxis(best_reply_mask(cells, tol=0.0, layout="cell"), -1, 0), ref)
    np.testing.assert_array_equal(tri.pure_equilibria_batch(np.moveaxis(cells, -1, 0), 0.0), ref)


def test_out_is_written_and_returned():
    u = draw((2, 2), 5, seed=1)
    out = np.zeros((5, 2, 2), dtype=bool)
    assert best_reply_mask(u, 1, out=out) is out
    np.testing.assert_array_equal(out, best_reply_mask(u, 1))
    cells = np.moveaxis(u, 0, -1)
    out_c = np.zeros((2, 2, 5), dtype=bool)
    assert best_reply_mask(cells, layout="cell", out=out_c) is out_c
    np.testing.assert_array_equal(np.moveaxis(out_c, -1, 0), tri.pure_equilibria_batch(u))


def test_ties_within_tol_count():
    u = np.zeros((1, 2, 2, 2))
    u[0, 0, 0, :] = [1.0, 1.0]
    u[0, 0, 1, :] = [1.0 - 1e-10, 0.5]
    mask = best_reply_mask(u, 0, tol=1e-9)[0]
    assert mask.tolist() == [[True, True], [True, False]]
    assert best_reply_mask(u, 0, tol=0.0)[0].tolist() == [[True, True], [False, False]]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"payoffs": np.zeros((2, 2, 2))}, InvalidGameError, "shape"),
        ({"payoffs": np.zeros((4, 3, 2, 2))}, InvalidGameError, "strategy axes"),
        ({"payoffs": np.zeros((1, 2, 2, 2)), "layout": "cell"}, InvalidGameError, "layout"),
        ({"payoffs": np.zeros((1, 2, 2, 2)), "layout": "rows"}, UnknownNameError, "layout"),
        ({"payoffs": np.zeros((1, 2, 2, 2)), "player": 2}, InvalidArgumentError, "0..1"),
        ({"payoffs": np.zeros((1, 2, 2, 2)), "player": True}, InvalidArgumentError, "index"),
        ({"payoffs": np.zeros((1, 2, 2, 2)), "tol": -1.0}, InvalidArgumentError, "tol"),
        ({"payoffs": np.zeros((1, 2, 2, 2)), "out": np.zeros((1, 2, 2))}, InvalidArgumentError,
         "out"),
    ],
)
def test_bad_input_says_what_was_expected(kwargs, error, match):
    with pytest.raises(error, match=match):
        best_reply_mask(**kwargs)


def test_non_finite_payoffs_are_reported_at_their_first_sample():
    u = np.zeros((3000, 2, 2, 2))
    u[2500, 1, 0, 1] = np.nan
    u[1500, 0, 1, 1] = np.inf
    with pytest.raises(InvalidGameError, match=r"inf at index \(1500, 0, 1, 1\)"):
        tri.pure_equilibria_batch(u)
    cells = np.ascontiguousarray(np.moveaxis(u, 0, -1))
    with pytest.raises(InvalidGameError, match=r"inf at index \(1500, 0, 1, 1\)"):
        tri.pure_equilibria_batch(np.moveaxis(cells, -1, 0))


def test_the_mask_is_relative_and_never_overflows():
    pd = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], dtype=float)
    want = best_reply_mask(pd[None])
    for factor in (1e-300, 1e-12, 1e12, 1e300, 3.4e307):
        np.testing.assert_array_equal(best_reply_mask(pd[None] * factor), want)
        np.testing.assert_array_equal(best_reply_mask(pd[None] * factor - factor), want)
    assert want[0].tolist() == [[False, False], [False, True]]
