"""Lexicographic search: lrsnash's stored and live answers, vertex enumeration, properties."""

import importlib.util
import json
import math
import shutil
from fractions import Fraction as F
from unittest.mock import patch

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import triangle as tri
import triangle.solvers._lex_vertices as lex
import triangle.solvers.vertex_enumeration as ve
from tests.paths import DATA, REPO
from triangle.errors import InvalidGameError, SymbolicGameError, UnsupportedGameError
from triangle.solvers._lex_vertices import exact_tableau, polytope_vertices
from triangle.solvers._multimodular import moduli_for
from triangle.solvers.lexicographic_search import lexicographic_search
from triangle.solvers.vertex_enumeration import EXACT_MAX_BASES, MAX_BASES, vertex_enumeration

ORACLE = json.loads((DATA / "lrsnash_oracle.json").read_text())["games"]
LRSNASH = shutil.which("lrsnash")


def game(a, b):
    return tri.NormalFormGame.from_bimatrix(a, b)


def profiles(eqs):
    """The equilibria as tuples of Python values (Fractions stay exact), in order."""
    return [tuple(tuple(p.tolist()) for p in e.profile) for e in eqs]


def lrs_set(pairs):
    return {(tuple(F(v) for v in x), tuple(F(v) for v in y)) for x, y in pairs}


def load_script():
    """scripts/make_lrs_oracle.py as a module (its game maker and lrsnash runner)."""
    path = REPO / "scripts" / "make_lrs_oracle.py"
    spec = importlib.util.spec_from_file_location("make_lrs_oracle", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def base_scan(g, exact):
    """Vertex enumeration's own base scan, whatever the size (it hands large games to us)."""
    with patch.object(ve, "MAX_BASES", 10**6), patch.object(ve, "EXACT_MAX_BASES", 10**6):
        return vertex_enumeration(g, exact=exact)


def same_as_vertex_enumeration(g, exact=True):
    """Our result equals vertex enumeration's: profiles, order, flags, components, notes."""
    ours, theirs = lexicographic_search(g, exact=exact), base_scan(g, exact)
    assert theirs.method == "vertex_enumeration"
    if exact:
        assert profiles(ours) == profiles(theirs)
    else:
        assert len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            assert np.allclose(np.concatenate(a.profile), np.concatenate(b.profile), atol=1e-9)
    assert ours.degenerate == theirs.degenerate
    assert ours.components == theirs.components
    assert ours.notes == theirs.notes
    return ours


# ----------------------------------------------------------------- literature games
def test_literature_games_match_vertex_enumeration():
    bos = game([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    assert profiles(same_as_vertex_enumeration(bos)) == [
        ((1, 0), (1, 0)),
        ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3))),
        ((0, 1), (0, 1)),
    ]
    # von Stengel (2007), the 3 x 2 example and its degenerate variant (see
    # test_vertex_enumeration for the derivations): a segment of equilibria and a point.
    same_as_vertex_enumeration(game([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]]))
    eqs = same_as_vertex_enumeration(game([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]]))
    assert eqs.degenerate and eqs.components == ((0, 1), (2,))
    assert eqs.method == "lexicographic_search"
    zero = same_as_vertex_enumeration(game(np.zeros((2, 2)), np.zeros((2, 2))))
    assert len(zero) == 4 and zero.components == ((0, 1, 2, 3),)
    same_as_vertex_enumeration(game([[1, 5, 2]], [[0, 3, 3]]))
    same_as_vertex_enumeration(game([[2]], [[-1]]))
    rps_a = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    [eq] = same_as_vertex_enumeration(game(rps_a, (-np.array(rps_a)).tolist()))
    assert profiles([eq]) == [((F(1, 3),) * 3, (F(1, 3),) * 3)]


def test_float_results_are_floats_and_exact_results_fractions():
    g = game([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    assert all(p.dtype == float for e in lexicographic_search(g) for p in e.profile)
    exact = lexicographic_search(g, exact=True)
    assert all(isinstance(v, F) for e in exact for p in e.profile for v in p)


def test_more_than_62_labels():
    # 1 x 70 and 70 x 1: labels no longer fit one machine word; keys switch to colex ranks.
    wide = np.zeros((1, 70))
    wide[0, [3, 40, 69]] = 1.0
    eqs = same_as_vertex_enumeration(game(np.zeros((1, 70)), wide))
    assert [int(np.argmax(e.profile[1])) for e in eqs] == [3, 40, 69]
    same_as_vertex_enumeration(game(wide.T, np.zeros((70, 1))))


def test_byte_keys_of_large_bases():
    # 33 x 33: C(66, 33) > 2**62 bases, so bases are keyed by their bytes. The constant
    # game's polytope is a simplex whose constraints coincide: few lexicographic bases.
    v = polytope_vertices([[1] * 33 for _ in range(33)])
    assert lex._Keys(33, 33).mode == "bytes"
    assert len(v.labels) == 33 and v.bases == 34
    assert (v.labels[:, 33:].all(axis=1)).all()  # every constraint tight at every vertex


def test_sizes_the_base_scan_hands_over():
    # 10 x 10, 5 x 20 and 4 x 31 were refused (more than 50,000 bases); equilibria() and
    # vertex_enumeration now hand them to lexicographic search. lrsnash's stored answers
    # (test_stored_lrsnash_answers checks lexicographic_search itself on these games).
    for shape in ([10, 10], [5, 20], [4, 31]):
        assert math.comb(sum(shape), shape[0]) > 50_000
        entry = next(e for e in ORACLE if e["shape"] == shape)
        assert math.prod(shape) <= 150  # so that test_stored_lrsnash_answers runs it quickly
        g = game(entry["A"], entry["B"])
        for eqs in (
            tri.equilibria(g, exact=True),
            vertex_enumeration(g, exact=True),
            tri.equilibria(g, method="lexicographic_search", exact=True),
        ):
            assert eqs.method == "lexicographic_search"
            assert set(profiles(eqs)) == lrs_set(entry["equilibria"])


def test_thresholds_of_the_hand_over():
    # 7 x 7 (3,432 bases) goes to lexicographic search in exact mode only; 8 x 9 (24,310)
    # in both; 6 x 6 (924) in neither.
    assert math.comb(14, 7) > EXACT_MAX_BASES and math.comb(14, 7) < MAX_BASES
    assert math.comb(17, 8) > MAX_BASES and math.comb(12, 6) < EXACT_MAX_BASES
    rng = np.random.default_rng(2)
    for (m, n), methods in [
        ((6, 6), ("vertex_enumeration", "vertex_enumeration")),
        ((7, 7), ("vertex_enumeration", "lexicographic_search")),
        ((8, 9), ("lexicographic_search", "lexicographic_search")),
    ]:
        g = game(rng.integers(0, 100, (m, n)), rng.integers(0, 100, (m, n)))
        found = tuple(tri.equilibria(g, exact=exact).method for exact in (False, True))
        assert found == methods
    with pytest.raises(UnsupportedGameError, match="lexicographic search"):
        tri.equilibria(tri.NormalFormGame(np.zeros((3, 2, 2, 2))), method="lexicographic_search")


# ----------------------------------------------------------------- lrsnash
def _oracle_ids(entry):
    m, n = entry["shape"]
    return f"{entry['family']}-{m}x{n}-{entry['seed']}"


@pytest.mark.parametrize(
    "entry",
    [
        pytest.param(e, marks=pytest.mark.slow) if e["shape"][0] * e["shape"][1] > 150 else e
        for e in ORACLE
    ],
    ids=_oracle_ids,
)
def test_stored_lrsnash_answers(entry):
    g = game(entry["A"], entry["B"])
    eqs = lexicographic_search(g, exact=True)
    assert entry["reported"] == len(entry["equilibria"])
    assert set(profiles(eqs)) == lrs_set(entry["equilibria"])
    assert len(set(profiles(eqs))) == len(eqs)
    m, n = entry["shape"]
    if math.comb(m + n, m) <= 50_000:
        assert profiles(eqs) == profiles(base_scan(g, exact=True))


def test_oracle_covers_random_degenerate_and_large_games():
    families = {(e["family"], tuple(e["shape"])) for e in ORACLE}
    assert ("random", (15, 15)) in families and ("degenerate", (12, 12)) in families
    assert sum(e["family"] == "degenerate" for e in ORACLE) >= 10
    script = load_script()
    for e in ORACLE:  # the stored games are the script's seeded games
        a, b = script.make_game(e["family"], *e["shape"], e["seed"])
        assert a.tolist() == e["A"] and b.tolist() == e["B"]


@pytest.mark.skipif(LRSNASH is None, reason="lrsnash (Debian package lrslib) is not installed")
@pytest.mark.parametrize("seed", range(4))
def test_live_lrsnash(seed):
    script = load_script()
    rng = np.random.default_rng(seed)
    for hi, (m, n) in [(100, (6, 6)), (100, (9, 11)), (3, (7, 7)), (2, (3, 12))]:
        a, b = rng.integers(0, hi, (m, n)), rng.integers(0, hi, (m, n))
        theirs = script.lrsnash(a, b, timeout=60)
        eqs = lexicographic_search(game(a, b), exact=True)
        assert set(profiles(eqs)) == lrs_set(theirs["equilibria"]), (a.tolist(), b.tolist())


@pytest.mark.slow
def test_two_by_three_hundred():
    # lrsnash (lrslib 7.1) prints no equilibrium for 2 x n games past n of about 300; the
    # base scan (45,451 bases, thresholds lifted) finds the same 15 as the search.
    rng = np.random.default_rng(0)
    g = game(rng.integers(0, 100, (2, 300)), rng.integers(0, 100, (2, 300)))
    eqs = same_as_vertex_enumeration(g)
    assert len(eqs) == 15


# ----------------------------------------------------------------- errors
def test_errors():
    with pytest.raises(UnsupportedGameError, match="support_enumeration"):
        lexicographic_search(tri.NormalFormGame(np.zeros((3, 2, 2, 2))))
    x = sympy.Symbol("x")
    with pytest.raises(SymbolicGameError, match="substitute"):
        lexicographic_search(game([[x, 0], [0, 1]], [[1, 0], [0, 1]]))
    with pytest.raises(ValueError, match="tol"):
        lexicographic_search(game([[1]], [[1]]), tol=-1)
    irrational = tri.NormalFormGame([[[sympy.sqrt(2), 0], [0, 1]], [[1, 0], [0, 1]]])
    with pytest.raises(InvalidGameError, match="irrational"):
        lexicographic_search(irrational, exact=True)
    # In floating point, irrational payoffs are read by their binary values.
    eqs = lexicographic_search(irrational)
    assert len(eqs) == len(base_scan(irrational, exact=False))


@pytest.mark.slow  # 30 solves of 600-digit games; the quick loop keeps the polytope check below
def test_payoffs_of_hundreds_of_digits():
    # 1e300 and 1e-300 read as decimals make integers of 600 digits: minors beyond the
    # float range, where the ratio test ranks by log2 magnitudes. Same sets as the scan.
    values = [0.0, 1.0, 1.78964e-296, 2.2250738585072014e-308, -1.0, 1e-300, 3.5, 1e300, 7.0]
    rng = np.random.default_rng(3)
    for _ in range(30):
        m, n = (int(v) for v in rng.integers(1, 5, 2))
        g = game(rng.choice(values, (m, n)), rng.choice(values, (m, n)))
        assert profiles(lexicographic_search(g, exact=True)) == profiles(base_scan(g, True))


def test_entries_of_hundreds_of_digits_leave_the_float_range():
    # Such entries do leave the float range (shift > 0), with the same vertices as small ones.
    huge = polytope_vertices([[10**600, 1, 2], [1, 10**600, 2]])
    small = polytope_vertices([[5, 1, 2], [1, 5, 2]])
    assert huge.moduli.shift > 0 and small.moduli.shift == 0
    assert {tuple(r) for r in huge.labels.tolist()} == {tuple(r) for r in small.labels.tolist()}


# ----------------------------------------------------------------- arithmetic internals
def test_residue_arithmetic_round_trips():
    rng = np.random.default_rng(1)
    mod = moduli_for(300)
    values = [int(v) * 10**80 + int(w) for v, w in rng.integers(-(10**9), 10**9, (200, 2))]
    values += [0, 1, -1, 2**299, -(2**299)]
    res = mod.reduce(np.array(values, dtype=object))
    digits = mod.digits(res, axis=0)
    assert [mod.value(digits[:, i]) for i in range(len(values))] == values
    assert mod.sign(digits, axis=0).tolist() == [int(np.sign(v)) for v in values]
    approx = mod.approx(digits, axis=0) * 2.0**mod.shift
    assert np.allclose(approx, [float(v) for v in values], rtol=1e-12, atol=0)
    inv = mod.inverse(res, axis=0)
    prod = inv * res % mod.primes[:, None]
    assert ((prod == 1) | (res == 0)).all()


def test_pivots_equal_exact_tableaux_and_rebuild():
    # Every batch the search pivots equals the exact tableau of its bases; forcing the
    # rare rebuild (a determinant divisible by a prime) gives the same tableaux.
    rng = np.random.default_rng(3)
    w = (rng.integers(0, 100, (5, 6)) + 1).tolist()
    mod = moduli_for(lex.hadamard_bits(w))
    seen = []
    original = lex._pivot

    def checked(batch, parent, row, column, bas, cob, mod_, w_):
        out = original(batch, parent, row, column, bas, cob, mod_, w_)
        broken = lex._Batch(batch.res.copy(), batch.det.copy(), batch.cob, batch.bas)
        broken.det[:, 0] = 0  # pretend every parent determinant is divisible by p_1
        rebuilt = original(broken, parent, row, column, bas, cob, mod_, w_)
        assert np.array_equal(rebuilt.res, out.res) and np.array_equal(rebuilt.det, out.det)
        for i in range(min(len(out), 3)):
            ints, size = exact_tableau(w_, out.bas[i].tolist(), out.cob[i].tolist())
            assert np.array_equal(out.res[i], mod.reduce(ints))
            det = mod.reduce(np.array([size], dtype=object))[:, 0]
            assert out.det[i].tolist() == det.tolist()
        seen.append(len(out))
        return out

    lex._pivot = checked
    try:
        polytope_vertices(w)
    finally:
        lex._pivot = original
    assert sum(seen) > 10


def test_python_tie_breaking_agrees_with_numpy(monkeypatch):
    # Degenerate games need the lexicographic rule: the numpy path and the exact Python
    # comparison it falls back to give the same vertices.
    rng = np.random.default_rng(11)
    cases = [(rng.integers(0, 3, (6, 6)) + 1).tolist() for _ in range(5)]
    fast = [polytope_vertices(w) for w in cases]
    monkeypatch.setattr(lex, "_lex_ties", lambda *args: np.full(len(args[5]), -1))
    slow = [polytope_vertices(w) for w in cases]
    for a, b in zip(fast, slow):
        assert {tuple(r) for r in a.labels.tolist()} == {tuple(r) for r in b.labels.tolist()}
        assert a.bases == b.bases


# ----------------------------------------------------------------- properties
@st.composite
def integer_games(draw, max_size=5):
    """Small integer payoffs: ties, hence degenerate games, are frequent."""
    m = draw(st.integers(1, max_size))
    n = draw(st.integers(1, max_size))
    hi = draw(st.sampled_from([1, 2, 3, 9, 99]))
    a = draw(arrays(np.int64, (m, n), elements=st.integers(-hi, hi)))
    b = draw(arrays(np.int64, (m, n), elements=st.integers(0, hi)))
    return game(a, b)


@st.composite
def float_games(draw, max_size=4):
    m = draw(st.integers(2, max_size))
    n = draw(st.integers(2, max_size))
    elements = st.floats(-10, 10, allow_nan=False, allow_subnormal=False, width=32)
    a = draw(arrays(np.float64, (m, n), elements=elements))
    b = draw(arrays(np.float64, (m, n), elements=elements))
    return game(a, b)


quick = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@quick
@given(integer_games())
def test_equal_to_vertex_enumeration_exact(g):
    eqs = same_as_vertex_enumeration(g)
    for e in eqs:
        assert max(tri.regret(g, e.profile)) == 0 and all(sum(p) == 1 for p in e.profile)


@quick
@given(integer_games())
def test_equal_to_vertex_enumeration_float(g):
    eqs = same_as_vertex_enumeration(g, exact=False)
    assert all(tri.is_equilibrium(g, e.profile, tol=1e-9) for e in eqs)


@quick
@given(float_games())
def test_float_games_are_solved_as_their_decimals(g):
    # Floats are read as the decimals they print as: the float results are the exact
    # equilibria of that game, rounded (vertex enumeration's float mode instead counts
    # payoffs within 1e-10 of the best as ties, so it is compared in exact mode).
    ours, exact = lexicographic_search(g), base_scan(g, exact=True)
    assert ours.degenerate == exact.degenerate

    def rounded(eqs):  # each profile as a tuple of floats (Fractions correctly rounded)
        return [tuple(float(v) for v in np.concatenate(e.profile)) for e in eqs]

    assert sorted(rounded(ours)) == sorted(rounded(exact))
    groups = [
        {frozenset(rounded(eqs)[i] for i in c) for c in eqs.components} for eqs in (ours, exact)
    ]
    assert groups[0] == groups[1]
    assert all(tri.is_equilibrium(g, e.profile, tol=1e-9) for e in ours)


@quick
@given(integer_games(), st.randoms(use_true_random=False))
def test_permuting_strategies_permutes_equilibria(g, rnd):
    m, n = g.shape
    rows, cols = list(range(m)), list(range(n))
    rnd.shuffle(rows)
    rnd.shuffle(cols)
    h = tri.NormalFormGame(g.exact_payoffs[:, rows][:, :, cols])
    before, after = lexicographic_search(g, exact=True), lexicographic_search(h, exact=True)

    def permuted(p):
        x, y = p
        return (tuple(x[i] for i in rows), tuple(y[j] for j in cols))

    assert {permuted(p) for p in profiles(before)} == set(profiles(after))
    comps = {frozenset(permuted(profiles(before)[i]) for i in c) for c in before.components}
    assert comps == {frozenset(profiles(after)[i] for i in c) for c in after.components}
    assert before.degenerate == after.degenerate


@quick
@given(integer_games(), st.integers(0, 1), st.sampled_from([2, 3, 7]), st.integers(-5, 5))
def test_positive_affine_transform_changes_nothing(g, player, scale, shift):
    u = g.exact_payoffs.copy()
    u[player] = u[player] * scale + shift
    before = lexicographic_search(g, exact=True)
    after = lexicographic_search(tri.NormalFormGame(u), exact=True)
    assert profiles(before) == profiles(after)
    assert before.components == after.components and before.degenerate == after.degenerate


@quick
@given(integer_games(), st.sampled_from([F(1, 10**12), F(10**12)]))
def test_scaling_by_powers_of_ten_changes_nothing(g, factor):
    before = lexicographic_search(g, exact=True)
    scaled = lexicographic_search(tri.NormalFormGame(g.exact_payoffs * factor), exact=True)
    # The same game typed as floats (``11e-12`` prints as ``1.1e-11``: the decimal is exact;
    # multiplying floats by 1e-12 would not be).
    power = -12 if factor < 1 else 12
    typed = np.vectorize(lambda v: float(f"{int(v)}e{power}"))(g.payoffs)
    as_floats = lexicographic_search(tri.NormalFormGame(typed), exact=True)
    assert profiles(before) == profiles(scaled) == profiles(as_floats)
    assert before.components == scaled.components == as_floats.components
    assert before.degenerate == scaled.degenerate == as_floats.degenerate


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(6, 9), st.integers(6, 9), st.sampled_from([2, 3, 100]), st.integers(0, 2**32))
def test_medium_random_games_equal_vertex_enumeration(m, n, hi, seed):
    rng = np.random.default_rng(seed)
    g = game(rng.integers(0, hi, (m, n)), rng.integers(0, hi, (m, n)))
    same_as_vertex_enumeration(g)
