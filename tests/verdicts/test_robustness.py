"""Claim robustness: shares, deciding factors against analytic indices, reproducibility, CLI."""

import json

import numpy as np
import pytest

from tests.plotting import PYPLOT, pyplot
from triangle.errors import UnknownNameError
from triangle.sensitivity import (
    InvalidSampleError,
    claim_robustness,
    sample_factors,
)
from triangle.verdicts.robustness import wilson_interval

RANGES = {"x": (0, 1), "y": (0, 1), "z": (10, 20)}


def toy_claims(samples, ids):
    x, y, z = samples["x"], samples["y"], samples["z"]
    verdicts = {
        "x_high": x > 0.7,                     # share 0.3; x alone decides (S1 = 1)
        "sum_large": x + y > 1,                # share 0.5; S1 = 1/3 for x and y (E[Y|x] = x)
        "window": np.abs(y - 0.5) < 0.25,      # share 0.5; y decides, but shift is 0
        "z_low": z < 12.5,                     # share 0.25
    }
    return {i: verdicts[i] for i in ids}


IDS = ["x_high", "sum_large", "window", "z_low"]


def table(n=40_000, seed=3, **kw):
    return claim_robustness(n, seed=seed, claims=IDS, evaluate=toy_claims, ranges=RANGES,
                            factors=["x", "y", "z"], **kw)


def test_shares_and_intervals():
    t = table()
    expected = {"x_high": 0.3, "sum_large": 0.5, "window": 0.5, "z_low": 0.25}
    for cid, share in expected.items():
        row = t[cid]
        assert row.interval[0] <= share <= row.interval[1]
        assert abs(row.share - share) < 0.01
        assert row.holds_at_baseline is None  # own claims: no baseline check
    assert t.factors == ("x", "y", "z") and t.n == 40_000 and len(t) == 4


def test_deciding_factors_match_analytic_first_order_indices():
    t = table(n=100_000)
    top = {r.id: r.deciding[0] for r in t.rows}
    assert top["x_high"].factor == "x" and 0.8 < top["x_high"].importance <= 1.0
    assert top["x_high"].shift == pytest.approx(0.5, abs=0.01)  # 0.85 - 0.35
    two = {f.factor: f for f in t["sum_large"].deciding[:2]}
    assert set(two) == {"x", "y"}
    for f in two.values():
        assert f.importance == pytest.approx(1 / 3, abs=0.01) and f.shift > 0
    window = t["window"].deciding[0]
    assert window.factor == "y" and window.importance > 0.5 and abs(window.shift) < 0.01
    z = t["z_low"].deciding[0]
    assert z.factor == "z" and z.shift < 0
    # a factor that plays no part explains (almost) nothing
    others = {f.factor: f.importance for f in t["x_high"].deciding[1:]}
    assert all(v < 1e-3 for v in others.values())


def test_same_seed_same_table_whatever_the_chunks():
    a = table(n=5000, seed=7, chunk_size=1000)
    b = table(n=5000, seed=7, chunk_size=4096)
    assert [r.share for r in a.rows] == [r.share for r in b.rows]
    for ra, rb in zip(a.rows, b.rows):
        assert [f.factor for f in ra.deciding] == [f.factor for f in rb.deciding]
        # single-precision chunk products: equal to rounding across chunk sizes
        np.testing.assert_allclose([f.importance for f in ra.deciding],
                                   [f.importance for f in rb.deciding], rtol=1e-5)
    again = table(n=5000, seed=7, chunk_size=1000)
    assert again.to_json() == a.to_json()  # bit for bit with the same chunks
    c = table(n=5000, seed=8)
    assert [r.share for r in a.rows] != [r.share for r in c.rows]
    # the samples are those of sample_factors with the same seed
    s = sample_factors(5000, seed=7, ranges=RANGES, factors=["x", "y", "z"])
    assert a["x_high"].share == pytest.approx(float(np.mean(s["x"] > 0.7)))


@PYPLOT
def test_outputs_text_json_and_plot():
    plt = pyplot()
    t = table(n=2000)
    data = json.loads(t.to_json())
    assert data["samples"] == 2000 and data["seed"] == 3
    assert [c["id"] for c in data["claims"]] == IDS
    assert set(data["claims"][0]) >= {"id", "share", "interval", "deciding", "holds_at_baseline"}
    text = t.to_text()
    assert "x_high" in text and "x (+," in text
    ax = t.plot()
    assert len(ax.get_yticklabels()) == 4
    plt.close("all")


def test_errors():
    with pytest.raises(InvalidSampleError, match="positive integer"):
        claim_robustness(0, evaluate=toy_claims, claims=IDS, ranges=RANGES)
    with pytest.raises(InvalidSampleError, match="name the claims"):
        claim_robustness(10, evaluate=toy_claims, ranges=RANGES)
    with pytest.raises(UnknownNameError):
        table(n=10)["no_such_claim"]
    assert wilson_interval(0, 0) == (0.0, 1.0)


# --------------------------------------------------------------------------- real claims
def real_claims():
    try:
        from triangle.verdicts.claims import claims
    except ImportError:  # pragma: no cover - before the claims land
        pytest.skip("the claims are not available")
    return claims


def test_real_claims_table():
    claims = real_claims()
    t = claim_robustness(3000, seed=0)
    assert [r.id for r in t.rows] == list(claims)
    for r in t.rows:
        assert 0 <= r.interval[0] <= r.share <= r.interval[1] <= 1
        assert r.source == claims[r.id].source
        assert r.holds_at_baseline == claims[r.id].check().holds
        assert len(r.deciding) <= 3


@pytest.mark.slow  # two claims runs on every form; tests/test_cli.py runs the command
def test_claims_command(capsys):
    real_claims()
    from triangle.cli import COMMANDS, main

    if "claims" not in COMMANDS:
        pytest.skip("the claims subcommand is not registered")
    assert main(["claims", "--samples", "500", "--seed", "1", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["samples"] == 500 and data["seed"] == 1 and data["claims"]
    assert main(["claims", "--samples", "500"]) == 0
    assert "Claim robustness" in capsys.readouterr().out


def test_historical_claims_are_sampled_in_their_own_world():
    """A 1972 claim is judged over the 1972 scenario's ranges, not over 2025's."""
    import triangle as tri
    from triangle.verdicts.robustness import claim_robustness

    cid = "c000_no_choice_in_1972"
    assert tri.claims[cid].scenario == "1972"
    table = claim_robustness(4_000, seed=3, claims=[cid])
    own = tri.scenarios["1972"].ranges()
    rng = np.random.default_rng(11)
    samples = {f: rng.uniform(*own[f], size=4_000) for f in tri.factors}
    direct = tri.evaluate_claims(samples, [cid], base="1972")[cid].mean()
    assert abs(table[cid].share - direct) < 0.05  # two independent Monte Carlo estimates
    in_2025 = tri.evaluate_claims(
        {f: rng.uniform(*tri.factors.ranges()[f], size=4_000) for f in tri.factors}, [cid]
    )[cid].mean()
    if abs(direct - in_2025) > 0.1:  # where the world matters, the table is in 1972's
        assert abs(table[cid].share - direct) < abs(table[cid].share - in_2025)


# --------------------------------------------------------------------- priors and regions
def test_each_prior_weights_the_same_ranks():
    """Issue 9, item 6: the share under each prior, on the same draws (ranks)."""
    uniform = table(prior="uniform")
    tri_ = table(prior="triangular")  # toy factors: peaks at the centres of their ranges
    assert uniform.prior == "uniform" and tri_.prior == "triangular"
    # x > 0.7 under a triangle peaked at 0.5: (0.3 ** 2) / (2 * 0.5 * 0.5) = 0.18
    assert abs(tri_["x_high"].share - 0.18) < 0.01
    # z in (10, 20) spans a factor of 2: log-uniform leaves it uniform, as x and y (0 in range)
    assert table(prior="log-uniform")["z_low"].share == uniform["z_low"].share
    assert json.loads(tri_.to_json())["prior"] == "triangular"
    assert "triangular prior" in tri_.to_text()


def test_a_misspelt_prior_suggests_the_closest():
    with pytest.raises(UnknownNameError, match="did you mean 'triangular'"):
        table(n=100, prior="triangle")


def test_log_uniform_draws_weights_spanning_more_than_four_on_a_log_scale():
    from triangle.sensitivity.sampling import log_uniform_factors

    ids = ["sanctions_relief", "deterrence", "arms_control", "us_commitment_years"]
    logs = log_uniform_factors()
    assert {"sanctions_relief", "deterrence"} <= set(logs)
    assert "arms_control" not in logs and "us_commitment_years" not in logs  # 0 in range; 2x
    u = sample_factors(20_000, factors=ids, seed=0)
    lg = sample_factors(20_000, factors=ids, seed=0, prior="log-uniform")
    assert np.median(lg["sanctions_relief"]) == pytest.approx(np.sqrt(0.2 * 1.0), rel=0.02)
    assert (lg["arms_control"] == u["arms_control"]).all()
    assert (np.argsort(lg["sanctions_relief"]) == np.argsort(u["sanctions_relief"])).all()


def test_shares_over_an_article_region_are_those_of_its_samples():
    """Issue 9, item 4: claim_robustness(region=...) samples the article's sub-box and
    judges the claims with the scenario's model (002: China presses the US)."""
    import triangle as tri
    from triangle.verdicts.claims import evaluate_claims

    ids = ["c003_pivot_not_worth_it", "c004_us_only_hedge"]
    ids = [c for c in ids if c in tri.claims]
    s = tri.scenarios["petrenko_002"]
    t = claim_robustness(3_000, seed=5, claims=ids, region="petrenko_002")
    assert t.region == "petrenko_002" and "region of scenario 'petrenko_002'" in t.to_text()
    verdicts = evaluate_claims(s.sample(3_000, seed=5), ids, base=s)
    for cid in ids:
        assert t[cid].share == pytest.approx(float(np.mean(verdicts[cid])))
        assert t[cid].holds_at_baseline == tri.claims[cid].check(s).holds
    with pytest.raises(InvalidSampleError, match="not both"):
        claim_robustness(100, claims=ids, region="petrenko_002", ranges={"x": (0, 1)})


def test_prior_sensitivity_flags_labels_that_change_with_the_prior():
    """Issue 9, item 6: each claim's label under each prior, flagged when it changes."""
    import triangle as tri
    from triangle.verdicts.priors import prior_sensitivity

    ids = [c for c in ("c003_pivot_not_worth_it", "c004_us_only_hedge") if c in tri.claims]
    t = prior_sensitivity(2_000, seed=1, claims=ids, structural=ids[:1])
    assert t.priors == ("uniform", "log-uniform", "triangular") and len(t) == len(ids)
    assert "sanctions_relief" in t.log_uniform and "arms_control" not in t.log_uniform
    first = t[ids[0]]
    assert set(first.labels.values()) == {"structural"} and not first.prior_dependent
    for cid in ids:
        row = t[cid]
        for p in t.priors:
            alone = claim_robustness(2_000, seed=1, claims=[cid], prior=p)[cid]
            assert row.shares[p] == alone.share and row.intervals[p] == alone.interval
        assert row.prior_dependent == (len(set(row.labels.values())) > 1)
        assert (cid in t.changed) == row.prior_dependent
    data = json.loads(t.to_json())
    assert set(data["claims"][0]["by_prior"]) == set(t.priors)
    assert "* = the label changes" in t.to_text()


def test_one_table_per_article_region():
    import triangle as tri

    ids = [c for c in ("c003_pivot_not_worth_it",) if c in tri.claims]
    tables = claim_robustness(500, seed=2, claims=ids, regions="articles")
    assert list(tables) == [s.name for s in tri.scenarios.values() if s.narrowed]
    assert "baseline" not in tables and "1972" in tables and len(tables) == 6
    for name, t in tables.items():
        assert t.region == name
        assert t[ids[0]].share == claim_robustness(500, seed=2, claims=ids,
                                                   region=name)[ids[0]].share


def test_at_baseline_false_gives_the_same_shares_without_the_baseline_column():
    import triangle as tri

    ids = ["c003_pivot_not_worth_it", next(c.id for c in tri.claims.values()
                                           if c.scenario != "baseline")]
    full = claim_robustness(300, seed=4, claims=ids, forms=["simultaneous", "us_first"])
    bare = claim_robustness(300, seed=4, claims=ids, forms=["simultaneous", "us_first"],
                            at_baseline=False)
    for form, table in full.items():
        for cid in ids:
            assert table[cid].holds_at_baseline == tri.claims[cid].check(form=form).holds
            assert bare[form][cid].holds_at_baseline is None
            assert bare[form][cid].share == table[cid].share
            assert bare[form][cid].deciding == table[cid].deciding
    with pytest.raises(TypeError, match="at_baseline is True or False"):
        claim_robustness(10, claims=ids, at_baseline="no")
