"""Logit QRE: closed forms, the Nash limit, properties, the fit, and pygambit's answers.

Stored answers (tests/data/logit_gambit.json, written by scripts/make_logit_oracle.py)
run everywhere; the tests marked ``oracle`` call pygambit itself and are skipped where it
is not installed.
"""

import json
import math
import pickle

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import triangle as tri
from tests.paths import DATA
from triangle.errors import (
    InvalidArgumentError,
    InvalidGameError,
    SymbolicGameError,
    UnknownNameError,
)
from triangle.solvers.logit import LogitBranch, LogitQRE, check_bound, logit_residual
from triangle.solvers.logit_fit import LogitFit
from triangle.testing import games

ORACLE = json.loads((DATA / "logit_gambit.json").read_text())
GAMES = {g["name"]: g for g in ORACLE["games"]}
FAST = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def pd() -> tri.NormalFormGame:
    return tri.NormalFormGame.from_bimatrix(
        [[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=(("C", "D"), ("C", "D"))
    )


def pennies() -> tri.NormalFormGame:
    return tri.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])


def stag() -> tri.NormalFormGame:
    return tri.NormalFormGame.from_bimatrix(
        [[4, 0], [3, 3]], [[4, 3], [0, 3]], strategies=(("stag", "hare"),) * 2
    )


def stored(name: str) -> tri.NormalFormGame:
    return tri.NormalFormGame(np.array(GAMES[name]["payoffs"], dtype=float))


def flat(profile) -> np.ndarray:
    return np.concatenate([np.asarray(p, dtype=float) for p in profile])


def split(game: tri.NormalFormGame, v) -> tuple[np.ndarray, ...]:
    return tuple(np.split(np.asarray(v, dtype=float), np.cumsum(game.shape)[:-1]))


# ---------------------------------------------------------------------------- closed forms


def test_matching_pennies_stays_at_the_centroid_for_every_lam():
    for q in tri.logit_qre(pennies(), [0.0, 0.3, 1.0, 7.5, 40.0, 1e4]):
        assert np.allclose(flat(q), 0.5, atol=1e-12)
    branch = tri.logit_branch(pennies())
    # The centroid is already an equilibrium: the branch's limit is reached at once.
    assert len(branch) == 1 and np.allclose(flat(branch.equilibrium.profile), 0.5)


@pytest.mark.parametrize("lam_at", np.linspace(0.55, 0.97, 8))
def test_symmetric_2x2_inverse_closed_form(lam_at):
    """A symmetric 2x2 game whose gain of s2 over s1 is d(q) = a + b q against q = P(s2):
    the symmetric QRE with P(s2) = p has lam = logit(p) / d(p), by hand."""
    game = pd()  # u(C) = 3 - 3q, u(D) = 5 - 4q against q = P(D): d(q) = 2 - q
    p = float(lam_at)
    lam = math.log(p / (1 - p)) / (2 - p)
    q = tri.logit_qre(game, lam)
    assert q[0][1] == pytest.approx(p, abs=1e-10) and q[1][1] == pytest.approx(p, abs=1e-10)


def test_indifferent_opponent_gives_a_closed_form():
    """Player 2's payoffs are constant, so it stays uniform; player 1 then answers the
    uniform mix: P(row r) proportional to exp(lam * mean(A[r]))."""
    a = np.array([[2.0, -1.0, 0.5], [0.0, 1.0, 3.0]])
    game = tri.NormalFormGame.from_bimatrix(a, np.full_like(a, 4.0))
    for lam in (0.2, 1.0, 3.0):
        q = tri.logit_qre(game, lam)
        w = np.exp(lam * a.mean(axis=1))
        assert np.allclose(q[0], w / w.sum(), atol=1e-12)
        assert np.allclose(q[1], 1 / 3, atol=1e-12)


@pytest.mark.parametrize("shape", [(2, 2, 2), (3, 2, 4), (2, 2, 2, 2)])
def test_independent_decisions_are_a_softmax_each(shape):
    """Payoffs that depend on the own strategy only: each player's QRE is its softmax."""
    rng = np.random.default_rng(3)
    n = len(shape)
    own = [rng.normal(size=m) for m in shape]
    u = np.zeros((n, *shape))
    for i in range(n):
        u[i] = np.expand_dims(own[i], [k for k in range(n) if k != i])
    game = tri.NormalFormGame(u)
    for lam in (0.5, 2.0):
        q = tri.logit_qre(game, lam)
        for i in range(n):
            w = np.exp(lam * own[i])
            assert np.allclose(q[i], w / w.sum(), atol=1e-11)


def test_lam_zero_is_the_centroid_and_scalar_or_list_shapes():
    g = stored("3x3-float-0")
    q = tri.logit_qre(g, 0)
    assert isinstance(q, LogitQRE) and np.allclose(flat(q), 1 / 3)
    many = tri.logit_qre(g, np.array([2.0, 0.5, 2.0]))
    assert isinstance(many, list) and len(many) == 3
    assert [x.lam for x in many] == [2.0, 0.5, 2.0]
    assert np.array_equal(flat(many[0]), flat(many[2]))


# ---------------------------------------------------------------------------- the limit


def test_limit_selects_the_risk_dominant_equilibrium_of_a_stag_hunt():
    branch = tri.logit_branch(stag())
    assert branch.equilibrium.support == (("hare",), ("hare",))
    assert tri.is_equilibrium(stag(), branch.equilibrium, tol=1e-9)


def test_limit_of_the_prisoners_dilemma_and_the_stopping_rule():
    game = pd()
    branch = tri.logit_branch(game, maxregret=1e-6)
    _, last = branch[-1]
    assert tri.regret(game, last).max() <= 1e-6 * 5  # maxregret times the payoff range
    assert tri.regret(game, branch[-2][1]).max() > 1e-6 * 5  # it stopped at the first such
    assert branch.equilibrium.support == (("D",), ("D",))


@pytest.mark.parametrize("name", ["4x4-int-4", "2x2x2-float-5"])
def test_limit_of_a_mixed_equilibrium_is_polished_on_its_support(name):
    game = stored(name)
    branch = tri.logit_branch(game)
    eq = branch.equilibrium
    assert eq.regret <= 1e-9 and tri.is_equilibrium(game, eq, tol=1e-9)
    assert any(len(s) > 1 for s in eq.support)
    assert np.abs(flat(eq.profile) - flat(branch.profiles[-1])).max() < 1e-4
    assert "independent check" in branch.notes[-1]


@FAST
@given(games(n_players=(2, 3), min_strategies=2, max_strategies=3, payoffs="floats",
             degenerate=False))
def test_limit_is_one_of_the_isolated_equilibria(game):
    """Generic games: the branch's limit is a Nash equilibrium that support enumeration
    (an independent solver) also finds."""
    branch = tri.logit_branch(game)
    eq = branch.equilibrium
    assert tri.is_equilibrium(game, eq, tol=1e-9)
    found = tri.equilibria(game)
    assert min(np.abs(flat(e.profile) - flat(eq.profile)).max() for e in found) < 1e-6


# ---------------------------------------------------------------------------- properties


@FAST
@given(games(n_players=(2, 3), max_strategies=3, payoffs="floats"), st.floats(0.0, 6.0))
def test_points_are_interior_sum_to_one_and_solve_the_logit_equations(game, lam):
    assume(not 0 < np.ptp(game.payoffs) < 1e-100)  # refused: see test_tiny_payoff_ranges
    q = tri.logit_qre(game, lam)
    spread = float(np.ptp(game.payoffs))
    for p in q:
        assert p.min() > 0 and abs(p.sum() - 1) < 1e-12
    assert logit_residual(game, q, lam) <= check_bound(lam, spread)
    assert q.residual == pytest.approx(logit_residual(game, q, lam), abs=1e-15)


@FAST
@given(games(n_players=(2, 3), max_strategies=3, payoffs="floats"))
def test_every_traced_point_is_a_qre(game):
    assume(not 0 < np.ptp(game.payoffs) < 1e-100)
    branch = tri.logit_branch(game, maxregret=1e-6)
    spread = float(np.ptp(game.payoffs))
    assert branch.lams[0] == 0.0 and np.allclose(flat(branch.profiles[0]), flat(
        [np.full(m, 1 / m) for m in game.shape]))
    for lam, q in branch:
        assert all(abs(p.sum() - 1) < 1e-12 for p in q)
        if lam * spread < 500:  # beyond, exp underflows: probabilities may print as 0.0
            assert min(p.min() for p in q) > 0
        assert logit_residual(game, q, lam) <= check_bound(lam, spread)


@FAST
@given(
    games(n_players=(2, 3), max_strategies=3, payoffs="floats"),
    st.floats(0.1, 4.0),
    st.floats(0.25, 8.0),
    st.floats(-5.0, 5.0),
)
def test_lam_is_in_inverse_payoff_units(game, lam, k, shift):
    """Scaling payoffs by k is scaling lam by k; adding a constant changes nothing; with
    normalize=True lam is per payoff range, so the scale drops out."""
    assume(not 0 < np.ptp(game.payoffs) < 1e-100)
    u = np.asarray(game.payoffs)
    scaled = tri.NormalFormGame(k * u + shift)
    base = flat(tri.logit_qre(game, lam))
    assert np.allclose(flat(tri.logit_qre(scaled, lam / k)), base, atol=1e-8)
    norm = flat(tri.logit_qre(game, lam, normalize=True))
    assert np.allclose(flat(tri.logit_qre(scaled, lam, normalize=True)), norm, atol=1e-8)


# ---------------------------------------------------------------------------- turning back


def test_a_branch_that_turns_back_in_lam():
    game = stored("fold-2x2x2")
    branch = tri.logit_branch(game)
    assert branch.turns_back and len(branch.turning_points) == 2
    top, bottom = branch.turning_points
    assert top > bottom
    lams = branch.lams
    assert np.any(np.diff(lams) < 0)
    # Three points of the branch share lam = 2.2; logit_qre gives the first one.
    q = tri.logit_qre(game, 2.2)
    crossings = [k for k in range(len(lams) - 1) if (lams[k] - 2.2) * (lams[k + 1] - 2.2) < 0]
    assert len(crossings) == 3

    def distance(k):  # from q to the nearer end of the k-th crossing step
        return min(np.abs(flat(q) - flat(branch.profiles[j])).max() for j in (k, k + 1))

    first, second, third = (distance(k) for k in crossings)
    assert first < 0.1 and second > 2 * first and third > 2 * first
    # The turning points are points of the branch, where lam is locally extreme.
    i, k = (int(np.flatnonzero(lams == x)[0]) for x in (top, bottom))
    assert lams[i - 1] < top and lams[i + 1] < top
    assert lams[k - 1] > bottom and lams[k + 1] > bottom


def test_lam_max_stops_the_branch_exactly_where_it_first_reaches_it():
    game = stored("fold-2x2x2")
    part = tri.logit_branch(game, lam_max=2.2)
    assert part.lams[-1] == 2.2 and part.equilibrium is None
    assert np.allclose(flat(part.profiles[-1]), flat(tri.logit_qre(game, 2.2)), atol=1e-12)
    assert not part.turns_back and "lam_max" in part.notes[-1]


# ---------------------------------------------------------------------------- results


def test_result_objects_display_and_behave():
    branch = tri.logit_branch(stag())
    q = branch.profiles[5]
    assert "stag" in q._repr_html_() and "Logit QRE" in q._repr_html_()
    assert repr(q).startswith("LogitQRE(lam=")
    copy = pickle.loads(pickle.dumps(q))
    assert np.array_equal(flat(copy), flat(q)) and copy.lam == q.lam and copy.players == q.players
    assert tri.regret(stag(), q).shape == (2,)  # a profile the package accepts as is
    assert isinstance(branch, LogitBranch) and len(branch[2:5]) == 3
    html = branch._repr_html_()
    assert "<table>" in html and "hare" in html and "limit" in html
    p = branch.probabilities("Player 1", "hare")
    assert p.shape == (len(branch),) and p[0] == 0.5 and p[-1] > 0.999
    with pytest.raises(UnknownNameError, match="did you mean"):
        branch.probabilities("Player 1", "hares")
    assert "LogitBranch(" in repr(branch)


# ---------------------------------------------------------------------------- errors


@pytest.mark.parametrize("lam", [-1.0, math.nan, "1", True])
def test_bad_lam_is_refused(lam):
    with pytest.raises(InvalidArgumentError, match="lam"):
        tri.logit_qre(pd(), lam)


def test_infinite_lam_points_to_the_branch():
    with pytest.raises(InvalidArgumentError, match="logit_branch"):
        tri.logit_qre(pd(), [1.0, math.inf])


def test_tiny_payoff_ranges_are_refused_and_equal_payoffs_stay_at_the_centroid():
    with pytest.raises(InvalidGameError, match="multiply them"):
        tri.logit_branch(tri.NormalFormGame([[[0.0], [1e-300]], [[0.0], [0.0]]]))
    flat_game = tri.NormalFormGame(np.full((2, 2, 3), 7.0))
    assert np.allclose(flat(tri.logit_qre(flat_game, 5.0)), [0.5, 0.5, 1 / 3, 1 / 3, 1 / 3])
    assert len(tri.logit_branch(flat_game)) == 1


def test_a_bifurcation_of_a_degenerate_game_is_passed_straight_through():
    """Both players' payoffs are symmetric with a tie: the symmetric branch meets a
    pitchfork of asymmetric QRE near lam = 3.44; the tracer continues straight through
    and says so (step halving alone would creep up to the singular point)."""
    a = np.array([[-2.5649194940924405, 0.0], [-0.8593226235056957, -2.3882835543523625e-207]])
    b = np.array([[-2.5649194940924405, -0.8593226235056957],
                  [-0.8593226235056957, -0.8593226235056957]])
    branch = tri.logit_branch(tri.NormalFormGame.from_bimatrix(a, b))
    assert len(branch.bifurcations) == 1
    assert branch.bifurcations[0] == pytest.approx(3.4417, abs=1e-3)
    assert any("bifurcation" in note for note in branch.notes)
    for _, q in branch:
        assert abs(q[0][0] - q[1][0]) < 1e-6  # the symmetric branch, on both sides


def test_games_must_be_numeric_normal_form_games():
    x = sympy.Symbol("x")
    with pytest.raises(SymbolicGameError, match="subs"):
        tri.logit_qre(tri.NormalFormGame.from_bimatrix([[x, 0]], [[0, 1]]), 1.0)
    with pytest.raises(InvalidGameError, match="NormalFormGame"):
        tri.logit_branch([[1, 0], [0, 1]])
    with pytest.raises(InvalidArgumentError, match="maxregret"):
        tri.logit_branch(pd(), maxregret=0)
    with pytest.raises(InvalidArgumentError, match="max_accel"):
        tri.logit_qre(pd(), 1.0, max_accel=0.5)


# ---------------------------------------------------------------------------- the fit


def test_fit_recovers_lam_from_expected_counts():
    """Counts proportional to the QRE at lam make that QRE the exact maximiser."""
    game = stored("3x3-float-0")
    truth = tri.logit_qre(game, 1.7)
    fit = tri.logit_fit(game, [1000 * p for p in truth])
    assert isinstance(fit, LogitFit) and fit.boundary is None
    assert fit.lam == pytest.approx(1.7, rel=1e-7)
    assert np.allclose(flat(fit.profile), flat(truth), atol=1e-8)


def test_fit_standard_error_is_the_curvature_of_the_log_likelihood():
    game, counts = pd(), [[30, 70], [25, 75]]
    n = np.concatenate(counts)
    fit = tri.logit_fit(game, counts)
    h = 1e-3
    ll = [n @ np.log(flat(q)) for q in tri.logit_qre(game, [fit.lam - h, fit.lam, fit.lam + h])]
    curvature = (ll[0] - 2 * ll[1] + ll[2]) / h**2
    assert fit.lam_se == pytest.approx(1 / math.sqrt(-curvature), rel=1e-4)
    assert fit.loglik == pytest.approx(ll[1], abs=1e-9)
    # Four times the data: half the standard error, the same estimate.
    more = tri.logit_fit(game, [[120, 280], [100, 300]])
    assert more.lam == pytest.approx(fit.lam, rel=1e-7)
    assert more.lam_se == pytest.approx(fit.lam_se / 2, rel=1e-5)


def test_fit_profile_standard_errors_follow_the_delta_method():
    game, counts = pd(), [[30, 70], [25, 75]]
    fit = tri.logit_fit(game, counts)
    h = 1e-6
    hi, lo = tri.logit_qre(game, [fit.lam + h, fit.lam - h])
    slope = (flat(hi) - flat(lo)) / (2 * h)
    assert np.allclose(flat(fit.profile_se), np.abs(slope) * fit.lam_se, rtol=1e-5)


def test_fit_at_the_boundaries():
    zero = tri.logit_fit(pd(), [[70, 30], [60, 40]])  # cooperation: worse than uniform play
    assert zero.lam == 0.0 and zero.boundary == "zero"
    assert any("boundary" in note for note in zero.notes)
    inf = tri.logit_fit(pd(), [[0, 50], [0, 50]])  # only the Nash strategies
    assert inf.lam == math.inf and inf.boundary == "infinity" and math.isnan(inf.lam_se)
    assert inf.profile[0][1] > 0.999999


def test_fit_factors_of_a_symbolic_game():
    b = sympy.Symbol("bonus")
    game = tri.NormalFormGame.from_bimatrix(
        [[b, 0, 1], [0, 1, 0]], [[1, 0, 0], [0, 2, 1]]
    )
    truth = tri.logit_qre(game.subs({"bonus": 2.5}), 1.2)
    counts = [2000 * p for p in truth]
    fit = tri.logit_fit(game, counts, factors=["bonus"], at={"bonus": 1.5})
    assert fit.lam == pytest.approx(1.2, rel=1e-5)
    assert fit.factors["bonus"] == pytest.approx(2.5, rel=1e-5)
    assert fit.params == ("lam", "bonus") and fit.cov.shape == (2, 2)
    assert np.all(np.linalg.eigvalsh(fit.cov) > 0) and fit.factor_se["bonus"] > 0
    lo, hi = fit.confint()["bonus"]
    assert lo < 2.5 < hi
    assert "bonus" in fit._repr_html_() and "bonus=" in repr(fit)


def test_fit_a_factor_of_the_triangle_model_at_a_scenario():
    """The simultaneous model: counts drawn from the QRE with sanctions relief at 0.9 times
    its baseline give back lam and that factor, the rest held at the scenario.

    Since issue 9 item 3c the payoffs jump where Russia starts to meet 001's conditions
    (sanctions_relief 0.51 at the baseline); the fit compares the smooth pieces on either
    side, and a truth across the jump from the start (1.3 times the baseline) is tested in
    tests/solvers/test_logit_fit_pieces.py."""
    model = tri.models.simultaneous()
    base = tri.scenarios["baseline"]
    values = {k: v for k, v in base.values.items() if k in model.factors}
    truth = 0.9 * values["sanctions_relief"]
    q = tri.logit_qre(model.subs({**values, "sanctions_relief": truth}), 0.8)
    fit = tri.logit_fit(model, [1000 * p for p in q], factors=["sanctions_relief"], at=base)
    assert fit.lam == pytest.approx(0.8, rel=1e-5)
    assert fit.factors["sanctions_relief"] == pytest.approx(truth, rel=1e-4)
    assert fit.factor_se["sanctions_relief"] > 0 and not fit.notes and not fit.edge
    assert fit.piece.startswith("0.2 <= sanctions_relief <= ") and len(fit.pieces) == 2


def test_fit_reports_a_factor_that_is_not_identified():
    s = sympy.Symbol("scale")
    game = tri.NormalFormGame.from_bimatrix([[3 * s, 0], [5 * s, s]], [[3 * s, 5 * s], [0, s]])
    fit = tri.logit_fit(game, [[30, 70], [25, 75]], factors=["scale"], at={"scale": 1.0})
    assert any("not separately identified" in note for note in fit.notes)
    assert math.isnan(fit.lam_se) and math.isnan(fit.factor_se["scale"])
    # The product lam * scale is what the data pin down.
    single = tri.logit_fit(pd(), [[30, 70], [25, 75]])
    assert fit.lam * fit.factors["scale"] == pytest.approx(single.lam, rel=1e-4)


@pytest.mark.parametrize(
    ("counts", "match"),
    [
        ([[3, -1], [2, 2]], "must be a finite number >= 0"),
        ([[3, 1, 0], [2, 2]], "need 2 numbers"),
        ([[0, 0], [0, 0]], "every count is zero"),
        ([[1, 2]], "one entry per player"),
        ([[1, math.nan], [1, 1]], "finite"),
        ([["a", 1], [1, 1]], "must be numbers"),
        ({"Player 1": {"D": 2, "DD": 1}}, "did you mean"),
    ],
)
def test_bad_counts_are_refused(counts, match):
    with pytest.raises((InvalidArgumentError, UnknownNameError), match=match):
        tri.logit_fit(pd(), counts)


def test_counts_by_name_and_missing_players():
    a = tri.logit_fit(pd(), {"Player 1": {"C": 30, "D": 70}, "Player 2": [25, 75]})
    b = tri.logit_fit(pd(), [[30, 70], [25, 75]])
    assert a.lam == b.lam
    only_row = tri.logit_fit(pd(), {"Player 1": [30, 70]})
    assert only_row.n_obs == 100


def test_fit_argument_errors():
    x, y = sympy.symbols("x y")
    game = tri.NormalFormGame.from_bimatrix([[x, 0], [0, y]], [[1, 0], [0, 1]])
    with pytest.raises(SymbolicGameError, match="factors="):
        tri.logit_fit(game, [[1, 2], [2, 1]])
    with pytest.raises(UnknownNameError, match="did you mean"):
        tri.logit_fit(game, [[1, 2], [2, 1]], factors=["xx"], at={"x": 1, "y": 1})
    with pytest.raises(UnknownNameError, match="did you mean 'y'"):
        tri.logit_fit(game, [[1, 2], [2, 1]], factors=["x"], at={"x": 1, "yy": 1})
    with pytest.raises(InvalidArgumentError, match=r"no value for the factors \['y'\]"):
        tri.logit_fit(game, [[1, 2], [2, 1]], factors=["x"], at={"x": 1})
    with pytest.raises(InvalidArgumentError, match="numeric"):
        tri.logit_fit(pd(), [[1, 2], [2, 1]], factors=["x"])
    with pytest.raises(InvalidArgumentError, match="normalize"):
        tri.logit_fit(game, [[1, 2], [2, 1]], factors=["x"], at={"x": 1, "y": 1},
                      normalize=True)
    with pytest.raises(InvalidArgumentError, match="level"):
        tri.logit_fit(pd(), [[1, 2], [2, 1]]).confint(1.5)


def test_fit_with_normalized_lam():
    raw = tri.logit_fit(pd(), [[30, 70], [25, 75]])
    norm = tri.logit_fit(pd(), [[30, 70], [25, 75]], normalize=True)
    assert norm.lam == pytest.approx(5 * raw.lam, rel=1e-6)  # the payoff range is 5
    assert norm.lam_se == pytest.approx(5 * raw.lam_se, rel=1e-4)
    assert norm.normalized and norm.profile.normalized


# ---------------------------------------------------------------------------- pygambit


@pytest.mark.parametrize("name", sorted(GAMES))
def test_stored_pygambit_answers(name):
    entry = GAMES[name]
    game = stored(name)
    lams = [x["lam"] for x in entry["lambda"]]
    for q, theirs in zip(tri.logit_qre(game, lams), entry["lambda"]):
        assert np.abs(flat(q) - np.array(theirs["profile"])).max() < 1e-6, q.lam
    branch = tri.logit_branch(game)
    limit = flat(branch.equilibrium.profile)
    assert min(np.abs(limit - np.array(s)).max() for s in entry["solve"]) < 1e-5
    last = np.array(entry["branch"]["last_profile"])
    assert np.abs(flat(branch.profiles[-1]) - last).max() < 1e-5
    turns = entry["branch"]["turns"]
    if turns:  # pygambit samples the branch; our turning points are exact
        assert branch.turns_back
        assert max(branch.turning_points) >= max(turns) - 1e-9
        assert min(branch.turning_points) <= min(turns) + 1e-9
    est = entry["estimate"]
    fit = tri.logit_fit(game, est["counts"])
    assert fit.lam == pytest.approx(est["lam"], rel=1e-3, abs=1e-6)
    # pygambit's profile is on the branch to its corrector's tolerance only.
    assert fit.loglik == pytest.approx(est["log_like"], abs=1e-5)


@pytest.mark.oracle
@pytest.mark.parametrize("shape", [(3, 3), (2, 2, 2), (2, 3, 2)])
def test_live_pygambit(shape):
    gbt = pytest.importorskip("pygambit")
    rng = np.random.default_rng(99)
    for _ in range(3):
        u = rng.normal(size=(len(shape), *shape)).round(4)
        ours = tri.NormalFormGame(u)
        theirs = gbt.Game.from_arrays(*u)

        def as_flat(profile, g=theirs):
            return np.array([float(profile[s]) for p in g.players for s in p.strategies])

        lams = [0.3, 1.0, 4.0]
        for q, t in zip(tri.logit_qre(ours, lams), gbt.qre.logit_solve_lambda(theirs, lams)):
            assert np.abs(flat(q) - as_flat(t.profile)).max() < 1e-6
        limit = as_flat(gbt.nash.logit_solve(theirs).equilibria[0])
        assert np.abs(flat(tri.logit_branch(ours).equilibrium.profile) - limit).max() < 1e-5
        counts = [rng.integers(1, 30, size=m) for m in shape]
        data = theirs.mixed_strategy_profile(data=[c.tolist() for c in counts])
        est = gbt.qre.logit_estimate(data)
        assert tri.logit_fit(ours, counts).lam == pytest.approx(est.lam, rel=1e-3, abs=1e-6)
