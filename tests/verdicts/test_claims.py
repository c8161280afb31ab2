"""The articles' claims: the data, the vectorised checks, and their agreement with the solvers."""

from __future__ import annotations

import collections
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import triangle as tri
from tests.data_text import CLAIM
from tests.paths import SOURCES
from triangle.solvers.dominance import dominated_strategies
from triangle.verdicts import checks as claim_checks
from triangle.verdicts import claims as claim_registry
from triangle.verdicts.checks import CHECKS, ClaimCheckError, ClaimContext
from triangle.verdicts.claims import KINDS, ClaimResult, evaluate_claims

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


ARTICLES = [f"00{i}" for i in range(5)]
PLAYERS = ("US", "Russia", "China")
STRATEGIES = (("engage", "condition", "pressure"), ("pivot", "hedge", "stay"),
              ("reward", "hold", "punish"))


def raw_claims() -> list[dict]:
    path = Path(tri.__file__).parent / "data" / "claims.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))["claim"]


def random_samples(k: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {f.id: rng.uniform(f.low, f.high, k) for f in tri.factors.values()}


def point(samples: dict[str, np.ndarray], k: int) -> dict[str, float]:
    return {n: float(v[k]) for n, v in samples.items()}


# --------------------------------------------------------------------- the data
def test_at_least_25_claims_and_3_per_article():
    assert len(tri.claims) >= 25
    per = collections.Counter(c.source[:3] for c in tri.claims.values())
    assert sorted(per) == ARTICLES
    assert min(per.values()) >= 3


def test_ids_unique_and_kinds_valid():
    ids = [c["id"] for c in raw_claims()]
    assert len(ids) == len(set(ids))
    assert list(tri.claims) == ids
    for c in tri.claims.values():
        assert c.kind in KINDS
        assert c.id.startswith(f"c{c.source[:3]}_")
        assert c.statement and c.factors
        assert c.scenario == ("1972" if c.kind == "historical" else "baseline")
    assert {c.kind for c in tri.claims.values()} == set(KINDS)


@pytest.mark.skipif(not SOURCES.is_dir(), reason="the article files are not in ../shared/sources")
def test_quotes_are_verbatim():
    for c in tri.claims.values():
        text = (SOURCES / c.source).read_text(encoding="utf-8")
        assert c.quote in text, c.id


@pytest.mark.skipif(not SOURCES.is_dir(), reason="the article files are not in ../shared/sources")
def test_every_quote_has_its_file_and_position():
    """The claim's own quote, the merged claims' and the other articles' quotes: each is
    verbatim in its file at the position the data give (issue 9 item 5)."""
    for c in tri.claims.values():
        for q in c.quotes:
            text = (SOURCES / q.source).read_text(encoding="utf-8")
            assert q.position >= 0 and text[q.position:q.position + len(q.quote)] == q.quote, (
                c.id, q.id, q.quote[:40])


def test_merged_ids_resolve_with_a_clear_message():
    merged = tri.claims.merged
    assert merged, "the claims data list no merged claims"
    for old, new in merged.items():
        assert old not in tri.claims and new in tri.claims
        with pytest.raises(tri.errors.MergedClaimError, match=f"merged into '{new}'"):
            tri.claims[old]
        with pytest.raises(KeyError):  # still a mapping's missing key
            tri.claims[old]
        assert tri.claims.resolve(old).id == new
    # every merged quote is about the same article set as some claim, and no id is reused
    olds = [q.id for c in tri.claims.values() for q in c.merged_from]
    assert len(olds) == len(set(olds))


def test_structural_reasons_and_sets_are_data():
    for c in tri.claims.values():
        assert not set(c.sets) & set(c.factors), c.id  # a factor the check sets is not named
        for f in c.sets:
            assert f in tri.factors, (c.id, f)
        for other in c.equivalent_to:
            assert other in tri.claims and c.id in tri.claims[other].equivalent_to
    assert sum(bool(c.structural) for c in tri.claims.values()) <= len(tri.claims) // 4


def _verdict_classes(n: int, seed: int) -> list[tuple[str, list[tuple[str, str]]]]:
    """Per box (baseline claims on the registry's ranges, historical ones on 1972's) and
    form, the pairs of claims whose verdicts agree at every one of ``n`` samples (constant
    verdicts left out: they are the structural ones, reported apart)."""
    from triangle.verdicts.forms import FORMS

    rng = np.random.default_rng(seed)
    boxes = {
        "baseline": {f.id: f.range for f in tri.factors.values()},
        "1972": tri.scenarios["1972"].ranges(),
    }
    found = []
    for scenario, box in boxes.items():
        ids = [c.id for c in tri.claims.values() if c.scenario == scenario]
        samples = {f: rng.uniform(lo, hi, n) for f, (lo, hi) in box.items()}
        for form in FORMS:
            out = tri.evaluate_claims(samples, ids, base=scenario, form=form)
            varying = [i for i in ids if out[i].any() and not out[i].all()]
            pairs = [(a, b) for j, a in enumerate(varying) for b in varying[j + 1:]
                     if np.array_equal(out[a], out[b])]
            found.append((f"{scenario}/{form}", pairs))
    return found


def _undeclared(found: list[tuple[str, list[tuple[str, str]]]]) -> list[str]:
    return [f"{where}: {a} = {b}" for where, pairs in found for a, b in pairs
            if b not in tri.claims[a].equivalent_to]


def test_no_two_claims_identical_unless_declared_10k():
    assert not _undeclared(_verdict_classes(10_000, seed=7))


@pytest.mark.slow
def test_no_two_claims_identical_unless_declared_100k():
    assert not _undeclared(_verdict_classes(100_000, seed=8))


def test_factors_registered():
    for c in tri.claims.values():
        for f in c.factors:
            assert f in tri.factors, (c.id, f)


def test_contradictions_exist_are_symmetric_and_across_articles():
    for c in tri.claims.values():
        for other in c.contradicts:
            assert other in tri.claims, (c.id, other)
            assert c.id in tri.claims[other].contradicts, (c.id, other)
            assert tri.claims[other].source != c.source


def test_every_claim_has_exactly_one_check():
    assert set(CHECKS) == set(tri.claims)


def test_registry_is_a_read_only_mapping_with_suggestions():
    with pytest.raises(tri.UnknownNameError, match="c003_pivot_not_worth_it"):
        tri.claims["c003_pivot_not_worth_i"]
    with pytest.raises(KeyError):
        tri.claims["nothing like it"]
    with pytest.raises(TypeError):
        tri.claims["x"] = None  # type: ignore[index]
    assert {c.source[:3] for c in tri.claims.by_source("002")} == {"002"}
    assert all(c.kind == "dominance" for c in tri.claims.by_kind("dominance"))
    with pytest.raises(tri.UnknownNameError):
        tri.claims.by_kind("dominant")


# --------------------------------------------------------------------- the checks on the model
def test_each_check_returns_a_bool_array_of_shape_k():
    samples = random_samples(64, seed=1)
    ctx = ClaimContext(samples)
    for cid, fn in CHECKS.items():
        mask = fn(ctx).mask
        assert mask.dtype == bool and mask.shape == (64,), cid


def test_evaluate_claims_shapes_and_chunks(monkeypatch):
    samples = random_samples(50, seed=2)
    whole = evaluate_claims(samples)
    assert set(whole) == set(tri.claims)
    monkeypatch.setattr(claim_registry, "_CHUNK", 7)
    chunked = evaluate_claims(samples)
    for cid in whole:
        assert whole[cid].shape == (50,)
        np.testing.assert_array_equal(whole[cid], chunked[cid])


def test_single_point_check_agrees_with_batch():
    samples = random_samples(6, seed=3)
    batch = evaluate_claims(samples)
    for k in range(6):
        values = point(samples, k)
        for cid, claim in tri.claims.items():
            result = claim.check(values)
            assert isinstance(result, ClaimResult) and isinstance(result.holds, bool)
            assert result.holds == bool(batch[cid][k]), (cid, k, result.detail)
            assert result.detail.startswith("holds: " if result.holds else "fails: ")


def test_check_accepts_names_scenarios_and_partial_dicts():
    claim = tri.claims["c004_aligning_lacks_logic"]
    by_name = claim.check("baseline")
    assert by_name.scenario == "baseline"
    assert claim.check(tri.scenarios["baseline"]).holds == by_name.holds
    assert claim.check({}).holds == by_name.holds  # missing factors: the claim's scenario
    assert claim.holds() == by_name.holds
    assert tri.claims["c000_no_choice_in_1972"].check().scenario == "1972"
    with pytest.raises(tri.UnknownNameError):
        claim.check("basline")
    with pytest.raises(TypeError):
        claim.check(3.0)


def test_evaluate_claims_fills_missing_factors_from_base():
    base = dict(tri.scenarios["baseline"].values)
    out = evaluate_claims({"sanctions_relief": np.array([base["sanctions_relief"]] * 2)})
    for cid, claim in tri.claims.items():
        if claim.kind != "historical":
            assert out[cid].tolist() == [claim.holds("baseline")] * 2, cid


def test_context_validates_samples():
    with pytest.raises(ClaimCheckError, match="different lengths"):
        ClaimContext({"sanctions_relief": np.zeros(2), "deterrence": np.zeros(3)})
    with pytest.raises(ClaimCheckError, match="no values"):
        ClaimContext({"sanctions_relief": np.zeros(2)})
    with pytest.raises(ClaimCheckError, match="1-D"):
        ClaimContext({"sanctions_relief": np.zeros((2, 2))}, base=tri.scenarios["baseline"].values)


# ------------------------------------------------------------ the checks against the solvers
def substituted(values: dict[str, float]) -> tri.NormalFormGame:
    game = claim_checks.model_game()
    return game.subs({n: values[n] for n in game.factors})


def russia_responses_by_solver(game: tri.NormalFormGame, us: str) -> set[str]:
    """Independently: Russia's moves in pure equilibria of the Russia-China game after ``us``."""
    a = game.strategy_index("US", us)
    sub = tri.NormalFormGame(game.payoffs[1:, a], players=PLAYERS[1:], strategies=STRATEGIES[1:])
    eqs = tri.pure_equilibria(sub)
    if eqs:
        return {e.support[0][0] for e in eqs}
    best = set()
    for c in range(3):  # no pure equilibrium: Russia's best replies to some Chinese move
        col = sub.payoffs[0][:, c]
        best |= {STRATEGIES[1][r] for r in range(3) if col[r] >= col.max() - 1e-9}
    return best


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_responses_and_equilibria_match_the_solvers(seed):
    samples = random_samples(4, seed)
    ctx = ClaimContext(samples)
    for k in range(4):
        game = substituted(point(samples, k))
        for us in STRATEGIES[0]:
            got = {s for s, m in zip(STRATEGIES[1], ctx.responses("Russia", us)[k]) if m}
            assert got == russia_responses_by_solver(game, us)
        cells = {tuple(int(np.argmax(p)) for p in e.profile) for e in tri.pure_equilibria(game)}
        assert cells == {tuple(int(i) for i in c) for c in np.argwhere(ctx.equilibria[k])}


@pytest.mark.parametrize("seed", [21, 22])
def test_dominance_claims_match_dominated_strategies(seed):
    samples = random_samples(5, seed)
    verdicts = evaluate_claims(
        samples, ["c004_aligning_lacks_logic", "c002_risks_outweigh_gains"]
    )
    for k in range(5):
        game = substituted(point(samples, k))
        u = game.payoffs
        hedge_over_pivot = bool(np.all(u[1][:, 1, :] > u[1][:, 0, :] + 1e-9))
        assert verdicts["c004_aligning_lacks_logic"][k] == hedge_over_pivot
        pressure_over_engage = bool(np.all(u[0][2] > u[0][0] + 1e-9))
        assert verdicts["c002_risks_outweigh_gains"][k] == pressure_over_engage
        if hedge_over_pivot:  # the core's dominance solver agrees that pivot is dominated
            dominated = dominated_strategies(game, "Russia", mixed=False)
            assert "pivot" in {d.strategy for d in dominated}


@pytest.mark.parametrize("seed", [41, 42])
def test_policy_claims_match_a_brute_force_over_the_follower_games(seed):
    """'a pays the US more on the path than b', against the pure equilibria of the
    Russia-China game each US move leaves, found cell by cell on the substituted game."""
    samples = random_samples(6, seed)
    ids = ["c001_balance_engagement_deterrence", "c002_consistent_support_serves_us",
           "c003_allies_over_deals", "c001_condition_dominates_engage"]
    verdicts = evaluate_claims(samples, ids)
    for k in range(6):
        u = np.array(substituted(point(samples, k)).payoffs, dtype=float)
        values = {}
        for a, move in enumerate(STRATEGIES[0]):
            cells = [(r, c) for r in range(3) for c in range(3)
                     if u[1][a][r][c] >= u[1][a][:, c].max() - 1e-9
                     and u[2][a][r][c] >= u[2][a][r, :].max() - 1e-9]
            values[move] = [u[0][a][r][c] for r, c in cells]

        def beats(x, ys, values=values):
            return all(values[m] for m in (x, *ys)) and all(
                min(values[x]) > max(values[y]) + 1e-9 for y in ys)

        assert verdicts[ids[0]][k] == beats("condition", ("engage", "pressure"))
        assert verdicts[ids[1]][k] == beats("pressure", ("engage", "condition"))
        assert verdicts[ids[2]][k] == beats("pressure", ("engage",))
        assert verdicts[ids[3]][k] == beats("condition", ("engage",))


def test_comparative_statics_match_finite_differences():
    """The compiled derivative agrees with a central difference of the substituted games."""
    samples = random_samples(3, seed=31)
    ctx = ClaimContext(samples)
    factor = "us_policy_reversal_risk"
    h = 1e-5
    for k in range(3):
        values = point(samples, k)
        up = substituted({**values, factor: values[factor] + h}).payoffs
        down = substituted({**values, factor: values[factor] - h}).payoffs
        np.testing.assert_allclose(ctx.grad(factor)[k], (up - down) / (2 * h), atol=1e-5)
    result = evaluate_claims(samples, ["c000_reversal_risk_lowers_pivot"])
    g = ctx.grad(factor)[:, 1]
    gap = g[:, :2, 0, :] - g[:, :2, 2, :]  # engagement moves, pivot - stay, every China move
    np.testing.assert_array_equal(result["c000_reversal_risk_lowers_pivot"],
                                  gap.reshape(3, -1).max(axis=1) < -claim_checks.TOL)


# --------------------------------------------------------------------- the vocabulary on toy games
def toy_game(u) -> tri.NormalFormGame:
    return tri.NormalFormGame(u, players=PLAYERS, strategies=STRATEGIES)


payoff_tables = arrays(np.int64, (3, 3, 3, 3), elements=st.integers(-2, 2))


@settings(max_examples=60, deadline=None)
@given(payoff_tables)
def test_vocabulary_on_numeric_toy_games(u):
    game = toy_game(u)
    ctx = ClaimContext({}, game=game)
    assert ctx.u.shape == (1, 3, 3, 3, 3)
    for us in STRATEGIES[0]:
        got = {s for s, m in zip(STRATEGIES[1], ctx.responses("Russia", us)[0]) if m}
        assert got == russia_responses_by_solver(game, us)
    # dominance, best replies and comparisons against plain loops
    expect = all(u[1, a, 1, c] > u[1, a, 0, c] for a in range(3) for c in range(3))
    assert bool(claim_checks.dominates(ctx, "Russia", "hedge", "pivot").mask[0]) == expect
    expect = all(u[2, a, 0, 2] >= u[2, a, 0, :].max() for a in range(3))
    assert bool(claim_checks.best_reply(ctx, "China", "punish", russia="pivot").mask[0]) == expect
    eqs = tri.pure_equilibria(game)
    expect = bool(eqs) and all(e.support[1][0] in ("hedge", "stay") for e in eqs)
    part = claim_checks.in_every_equilibrium(ctx, "x", russia=("hedge", "stay"))
    assert bool(part.mask[0]) == expect


def test_slope_on_a_symbolic_toy_game():
    x, y = sympy.symbols("x y")
    u = np.zeros((3, 3, 3, 3), dtype=object)
    u[1, :, 0, :] = 2 * x - y  # Russia's pivot
    u[1, :, 2, :] = x * y      # Russia's stay
    ctx = ClaimContext({"x": np.array([1.0, 1.0]), "y": np.array([1.0, 3.0])}, game=toy_game(u))
    part = claim_checks.slope(ctx, "x", +1, "Russia", "pivot", "stay")
    np.testing.assert_allclose(part.margin, [2 - 1, 2 - 3])  # d/dx (2x - y - xy) = 2 - y
    assert part.mask.tolist() == [True, False]
    assert claim_checks.slope(ctx, "z", 0, "Russia", "pivot").mask.all()  # absent factor
    assert not claim_checks.slope(ctx, "z", +1, "Russia", "pivot").mask.any()


def test_verdict_detail_says_why():
    x = sympy.Symbol("x")
    u = np.zeros((3, 3, 3, 3), dtype=object)
    u[1, :, 1, :] = x
    ctx = ClaimContext({"x": np.array([-1.0, 1.0])}, game=toy_game(u))
    verdict = claim_checks.Verdict(claim_checks.dominates(ctx, "Russia", "hedge", "pivot"),
                                   claim_checks.avoids(ctx, "pivot"))
    assert verdict.mask.tolist() == [False, True]
    assert verdict.detail(0).startswith("fails: for Russia, hedge strictly dominates pivot")
    assert "margin -1" in verdict.detail(0)
    assert verdict.detail(1).startswith("holds: ")
    assert "after engage: hedge" in verdict.detail(1)


def test_context_checks_the_game():
    wrong = tri.NormalFormGame(np.zeros((3, 3, 3, 3)), players=("A", "B", "C"),
                               strategies=STRATEGIES)
    with pytest.raises(ClaimCheckError, match="players"):
        ClaimContext({}, game=wrong)


def test_counterfactual_context_is_cached_and_overrides():
    samples = random_samples(3, seed=41)
    ctx = ClaimContext(samples)
    top = ctx.at(sanctions_relief=1.0)
    assert top is ctx.at(sanctions_relief=1.0)
    assert np.all(top.values["sanctions_relief"] == 1.0)
    np.testing.assert_array_equal(ctx.values["deterrence"], top.values["deterrence"])
    with pytest.raises(tri.UnknownNameError):
        ctx.at(sanction_relief=1.0)


def test_factors_and_contradictions_listed_once_per_claim():
    for c in tri.claims.values():
        assert len(set(c.factors)) == len(c.factors), c.id
        assert len(set(c.contradicts)) == len(c.contradicts), c.id


@settings(max_examples=40, deadline=None)
@given(arrays(np.int64, (7, 3, 3, 3, 3), elements=st.integers(-2, 2)))
def test_cell_major_kernel_matches_pure_equilibria_batch(u):
    cells = np.moveaxis(u.astype(float), 0, -1)
    np.testing.assert_array_equal(
        np.moveaxis(claim_checks.pure_mask(cells), -1, 0), tri.pure_equilibria_batch(u)
    )


def test_payoffs_match_the_cores_compiled_function():
    samples = random_samples(5, seed=51)
    ctx = ClaimContext(samples)
    game = claim_checks.model_game()
    expected = game.compiled()(*[samples[n] for n in game.factors])
    np.testing.assert_allclose(ctx.u, expected, rtol=1e-12, atol=1e-12)


def test_derived_contexts_equal_fresh_ones():
    samples = random_samples(9, seed=52)
    ctx = ClaimContext(samples)
    top = ctx.at(sanctions_relief=1.0, rift_depth=0.1)
    fresh = ClaimContext({**samples, "sanctions_relief": np.ones(9), "rift_depth": np.full(9, 0.1)})
    for us in STRATEGIES[0]:  # computed lazily from the changed cells only
        np.testing.assert_array_equal(top.responses("Russia", us), fresh.responses("Russia", us))
    np.testing.assert_allclose(top.u, fresh.u, rtol=1e-12)
    variant_game = claim_checks.model_game(china_punishes="us")
    variant = ctx.variant(variant_game)
    np.testing.assert_allclose(
        variant.payoff("US", "engage", "hedge", "punish"),
        ClaimContext(samples, game=variant_game).payoff("US", "engage", "hedge", "punish"),
        rtol=1e-12,
    )
    np.testing.assert_allclose(variant.u, ClaimContext(samples, game=variant_game).u, rtol=1e-12)


def test_derived_contexts_fall_back_like_fresh_ones():
    """Where a Russia-China game has no pure equilibrium, a derived context (which computes
    only the cells after the US move) and a fresh one (all moves at once) agree."""
    samples = random_samples(4000, seed=52)
    # 002's reading of punish (China presses the US): since issue 9 China's reward is never
    # a best reply in the simultaneous game, and games without a pure equilibrium are rare
    # in 000's reading (about 0.1% of the box after condition) but common in 002's
    game = tri.models.simultaneous("us")
    top = ClaimContext(samples, game=game).at(sanctions_relief=1.0, rift_depth=0.1)
    fresh = ClaimContext({**samples, "sanctions_relief": np.ones(4000),
                          "rift_depth": np.full(4000, 0.1)}, game=game)
    for us in STRATEGIES[0]:
        for player in PLAYERS[1:]:
            np.testing.assert_array_equal(top.responses(player, us), fresh.responses(player, us))
        np.testing.assert_array_equal(top.subgame_equilibria(us), fresh.subgame_equilibria(us))
    assert not all(fresh.has_subgame_equilibrium(us).all() for us in STRATEGIES[0])


def test_knife_edge_verdicts_are_flagged_not_presented_as_support():
    """At a tie found by bisection, a claim that holds only there says so; off it, it fails."""
    import triangle as tri

    claim = tri.claims["c002_china_outbids"]
    base = dict(tri.scenarios["baseline"].values)
    for fid in claim.factors:  # a factor along which the verdict changes at the baseline
        lo, hi = tri.factors[fid].range
        ends = [claim.holds(dict(base, **{fid: x})) for x in (lo, hi)]
        if ends[0] != ends[1]:
            break
    else:
        return  # the model leaves no such factor: nothing to bisect (checked by labels tests)
    good, bad = (lo, hi) if ends[0] else (hi, lo)
    for _ in range(80):
        mid = 0.5 * (good + bad)
        if claim.holds(dict(base, **{fid: mid})):
            good = mid
        else:
            bad = mid
    r = claim.check(dict(base, **{fid: good}))
    assert r.holds and r.knife_edge == ("knife-edge" in r.detail)
    assert not claim.holds(dict(base, **{fid: bad}))
    assert not tri.claims["c000_pivot_unlikely_for_now"].check().knife_edge or "knife-edge" in (
        tri.claims["c000_pivot_unlikely_for_now"].check().detail)


def test_misspelt_factor_ids_in_claim_checks_raise():
    import pytest as _pytest

    import triangle as tri
    from triangle.errors import UnknownNameError

    with _pytest.raises(UnknownNameError, match="sanctions_relief"):
        tri.claims["c000_china_punishes_pivot"].check({"sanction_relief": 1.0})


# ------------------------------------------------------------ the user's own claims
_MY_CLAIM = CLAIM


def test_load_claims_reads_and_checks_a_users_file(tmp_path):
    from triangle.errors import ClaimDataError, TriangleError, UnknownNameError

    path = tmp_path / "mine.toml"
    path.write_text(_MY_CLAIM)
    mine = tri.load_claims(path)
    assert list(mine) == ["my_pivot_unlikely"]
    assert mine["my_pivot_unlikely"].factors == ("sanctions_relief",)
    assert "my_pivot_unlikely" not in tri.claims  # the package's claims are not touched
    bad = {
        "[[claims]]": (_MY_CLAIM.replace("[[claim]]", "[[claims]]"), TriangleError),
        "unknown field": (_MY_CLAIM + 'sorce = "x"\n', ClaimDataError),
        "unknown kind": (_MY_CLAIM.replace('"equilibrium"', '"equilibrum"'), ClaimDataError),
        "unknown factor": (_MY_CLAIM.replace("sanctions_relief", "sanctions_relif"),
                           UnknownNameError),
        "package id": (_MY_CLAIM.replace("my_pivot_unlikely", "c003_pivot_not_worth_it"),
                       ClaimDataError),
        "unknown article": (_MY_CLAIM.replace("000_7475e70f1ac1d690.txt", "nope.txt"),
                            ClaimDataError),
    }
    for case, (text, error) in bad.items():
        path.write_text(text)
        with pytest.raises(error, match=r"mine\.toml"):
            tri.load_claims(path)
        assert case


@pytest.mark.skipif(not SOURCES.is_dir(), reason="the article files are not in ../shared/sources")
def test_load_claims_checks_quotes_against_the_articles(tmp_path):
    from triangle.errors import RegistryDataError

    path = tmp_path / "mine.toml"
    path.write_text(_MY_CLAIM)
    assert list(tri.load_claims(path, articles=SOURCES)) == ["my_pivot_unlikely"]
    path.write_text(_MY_CLAIM.replace("seems unlikely", "seems very unlikely"))
    with pytest.raises(RegistryDataError, match="not verbatim"):
        tri.load_claims(path, articles=SOURCES)


def test_a_users_claim_is_evaluated_with_its_registered_check(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(_MY_CLAIM)
    mine = tri.load_claims(path)
    reference = claim_checks.CHECKS["c000_pivot_unlikely_for_now"]
    claim_checks.check("my_pivot_unlikely")(reference)
    try:
        samples = {"sanctions_relief": np.array([0.2, 0.8])}
        got = evaluate_claims(samples, claims=list(mine.values()))
        want = evaluate_claims(samples, claims=["c000_pivot_unlikely_for_now"])
        assert np.array_equal(got["my_pivot_unlikely"], want["c000_pivot_unlikely_for_now"])
    finally:
        del claim_checks.CHECKS["my_pivot_unlikely"]
