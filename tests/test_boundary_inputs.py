"""Bad and extreme inputs to the scenarios, samplers, sweeps and outcomes (issue 11).

Each case is one a reviewer may replay: NaN, infinity, a value outside its factor's
range, a misspelt factor, an empty or a huge size, a flag that is not a bool. Every one
must raise an error of the package (never a plain Python exception) whose message says
what was wrong; the cases that are meaningful are checked to give the right answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import triangle as tri
from triangle.errors import TriangleError, UnknownNameError
from triangle.models.configurations import configuration_of
from triangle.models.dittmer import amity_game, amity_stances, classify
from triangle.models.repeated import deal_years, threshold_hazard, us_russia
from triangle.models.scenarios import Scenario, resolve_point
from triangle.sensitivity import outcomes
from triangle.sensitivity.batch import solve_batch, solve_sweep
from triangle.sensitivity.global_indices import morris_indices, sobol_indices
from triangle.sensitivity.regimes import regime_map
from triangle.sensitivity.sampling import (
    iter_uniform_samples,
    log_uniform_factors,
    prior_values,
    sample_factors,
)
from triangle.sensitivity.sweep import sweep, sweep_chunks
from triangle.sensitivity.tornado import tornado

GAME = tri.models.simultaneous()
PIVOT = outcomes.plays(GAME, "Russia", "pivot")
BASE = tri.scenarios["baseline"]
NAN, INF = float("nan"), float("inf")
ONE = ["hedge_depth"]

REFUSED: list[tuple[str, Callable[[], Any], str]] = [
    # (what, call, words of the message)
    ("a share above 1", lambda: BASE.with_values(sanctions_relief=5), "[0.2, 1]"),
    ("NaN", lambda: BASE.with_values(sanctions_relief=NAN), "finite"),
    ("a bool", lambda: BASE.with_values(sanctions_relief=True), "finite real number"),
    ("text", lambda: BASE.with_values(sanctions_relief="0.5"), "finite real number"),
    ("an array", lambda: BASE.with_values(sanctions_relief=np.array([0.5])), "finite real"),
    ("a complex", lambda: BASE.with_values(sanctions_relief=0.5 + 0j), "finite real"),
    ("a misspelt factor", lambda: BASE.with_values(sanction_relief=0.5),
     "did you mean 'sanctions_relief'"),
    ("a factor twice", lambda: BASE.with_values({"sanctions_relief": 0.5},
                                                sanctions_relief=0.6), "given twice"),
    ("an empty name", lambda: BASE.with_values(sanctions_relief=0.5, name=""), "non-empty"),
    ("a flag as text", lambda: BASE.with_values(sanctions_relief=5, allow_out_of_range="yes"),
     "True or False"),
    ("values not a mapping", lambda: BASE.with_values([("sanctions_relief", 0.5)]),
     "mapping"),
    ("register a number", lambda: tri.scenarios.register(3), "takes a Scenario"),
    ("a year 10**17", lambda: Scenario("x", "X", "d", year=10**17), "year from 1900"),
    ("a negative year", lambda: Scenario("x", "X", "d", year=-5), "year from 1900"),
    ("a base by name", lambda: Scenario("x", "X", "d", base="baseline"), "Scenario"),
    ("overrides a list", lambda: Scenario("x", "X", "d", overrides=[1]), "mapping"),
    ("a point misspelt", lambda: resolve_point({"hedge_dept": 1}), "did you mean"),
    ("a point at infinity", lambda: resolve_point({"hedge_depth": INF}), "finite"),
    ("an empty scenario name", lambda: resolve_point(""), "unknown scenario"),
    # samplers
    ("n too large", lambda: sample_factors(10**9), "in chunks"),
    ("n a float", lambda: sample_factors(2.0, factors=ONE), "non-negative integer"),
    ("a NaN range", lambda: sample_factors(4, factors=ONE, ranges={"hedge_depth": (NAN, 1)}),
     "finite"),
    ("an infinite range", lambda: sample_factors(4, factors=ONE,
                                                 ranges={"hedge_depth": (0, INF)}), "finite"),
    ("a triple range", lambda: sample_factors(4, factors=ONE,
                                              ranges={"hedge_depth": (0, 1, 2)}), "pair"),
    ("ranges an array", lambda: sample_factors(4, ranges=np.zeros((2, 2))), "ranges maps"),
    ("a misspelt range", lambda: sample_factors(4, ranges={"hedge_dept": (0, 1)}),
     "did you mean 'hedge_depth'"),
    ("no factors", lambda: sample_factors(4, factors=[]), "factors is empty"),
    ("a misspelt mode", lambda: sample_factors(4, factors=ONE, prior="triangular",
                                               modes={"hedge_dept": 0.5}), "did you mean"),
    ("a NaN mode", lambda: sample_factors(4, factors=ONE, prior="triangular",
                                          modes={"hedge_depth": NAN}), "finite"),
    ("a mode outside", lambda: sample_factors(4, factors=ONE, prior="triangular",
                                              modes={"hedge_depth": 50}), "outside"),
    ("a misspelt method", lambda: sample_factors(4, factors=ONE, method="latn"),
     "did you mean 'latin'"),
    ("a method array", lambda: sample_factors(4, factors=ONE, method=np.zeros(3)),
     "method is a string"),
    ("a misspelt prior", lambda: sample_factors(4, factors=ONE, prior="uniforn"),
     "did you mean 'uniform'"),
    ("a negative seed", lambda: sample_factors(4, factors=ONE, seed=-1), "seed"),
    ("chunks of 0", lambda: iter_uniform_samples(4, chunk_size=0, factors=ONE), "chunk_size"),
    ("chunks of NaN", lambda: iter_uniform_samples(4, chunk_size=NAN, factors=ONE),
     "chunk_size"),
    ("n NaN in chunks", lambda: iter_uniform_samples(NAN, chunk_size=2, factors=ONE), "n must"),
    ("ranks above 1", lambda: prior_values(np.array([1.5]), 0, 1), "[0, 1]"),
    ("ranks NaN", lambda: prior_values(np.array([NAN]), 0, 1), "finite"),
    ("low above high", lambda: prior_values(np.array([0.5]), 1, 0), "low <= high"),
    ("ranges a number", lambda: log_uniform_factors(3), "ranges maps"),
    # sweeps and batches
    ("no samples", lambda: sweep(GAME, {}), "samples is empty"),
    ("samples 2-D", lambda: sweep(GAME, {"hedge_depth": [[0.5]]}), "1-D"),
    ("a NaN sample", lambda: sweep(GAME, {"hedge_depth": [NAN]}), "finite"),
    ("a sample outside", lambda: sweep(GAME, {"hedge_depth": [50.0]}), "allow_out_of_range"),
    ("a misspelt sample", lambda: sweep(GAME, {"hedge_dept": [0.5]}), "did you mean"),
    ("boolean samples", lambda: sweep(GAME, {"hedge_depth": [True]}), "real numbers"),
    ("a misspelt point", lambda: sweep(GAME, {"hedge_depth": [0.5]}, at={"hedge_dept": 1}),
     "did you mean"),
    ("a misspelt range", lambda: sweep(GAME, {"hedge_depth": [0.5]},
                                       ranges={"hedge_dept": (0, 1)}), "did you mean"),
    ("chunk NaN", lambda: sweep(GAME, {"hedge_depth": [0.5]}, chunk_size=NAN), "chunk_size"),
    ("a flag NaN", lambda: sweep(GAME, {"hedge_depth": [0.5]}, allow_out_of_range=NAN),
     "True or False"),
    ("a misspelt scheduler", lambda: sweep(GAME, {"hedge_depth": [0.5]}, scheduler="thread"),
     "did you mean 'threads'"),
    ("a client that is not one", lambda: sweep(GAME, {"hedge_depth": [0.5]}, client=3),
     "distributed.Client"),
    ("progress as text", lambda: sweep_chunks(GAME, {"hedge_depth": [0.5]}, progress="yes"),
     "progress"),
    ("tol NaN", lambda: solve_sweep(GAME, {"hedge_depth": [0.5]}, tol=NAN), "tol"),
    ("tol -1", lambda: solve_sweep(GAME, {"hedge_depth": [0.5]}, tol=-1), "tol"),
    ("mixed NaN", lambda: solve_sweep(GAME, {"hedge_depth": [0.5]}, mixed=NAN),
     "True or False"),
    ("payoffs a set", lambda: solve_batch(GAME.subs(BASE), {1, 2}), "set"),
    ("payoffs text", lambda: solve_batch(GAME.subs(BASE), "payoffs"), "real array"),
    ("payoffs NaN", lambda: solve_batch(GAME.subs(BASE), np.full((1, 3, 3, 3, 3), NAN)),
     "finite"),
    ("payoffs complex", lambda: solve_batch(GAME.subs(BASE), np.ones((1, 3, 3, 3, 3)) * 1j),
     "complex"),
    # maps, charts, outcomes
    ("a grid of 10**12", lambda: regime_map(GAME, "hedge_depth", "sanctions_relief",
                                            resolution=10**6), "grid points"),
    ("a resolution of 0", lambda: regime_map(GAME, "hedge_depth", "sanctions_relief",
                                             resolution=(0, 3)), "at least 1"),
    ("a NaN grid", lambda: regime_map(GAME, "hedge_depth", "sanctions_relief",
                                      x_values=[NAN, 1], resolution=3), "finite"),
    ("a grid outside", lambda: regime_map(GAME, "hedge_depth", "sanctions_relief",
                                          x_values=[50, 60], resolution=3), "outside"),
    ("a misspelt axis", lambda: regime_map(GAME, "hedge_dept", "sanctions_relief"),
     "did you mean 'hedge_depth'"),
    ("an axis as a list", lambda: regime_map(GAME, ["hedge_depth"], "sanctions_relief"),
     "x (a factor of the game) is a string"),
    ("not an outcome", lambda: regime_map(GAME, "hedge_depth", "sanctions_relief",
                                          outcome="pivot"), "is an Outcome"),
    ("a game by name", lambda: regime_map("baseline", "hedge_depth", "sanctions_relief"),
     "NormalFormGame"),
    ("10**9 points", lambda: tornado(GAME, outcomes.plays(GAME, "Russia", "pivot"),
                                     points=10**9), "at most"),
    ("a misspelt factor", lambda: tornado(GAME, outcomes.plays(GAME, "Russia", "pivot"),
                                          factors=["hedge_dept"]), "did you mean"),
    ("a factor twice", lambda: tornado(GAME, outcomes.plays(GAME, "Russia", "pivot"),
                                       factors=["hedge_depth", "hedge_depth"]), "twice"),
    ("factors a number", lambda: tornado(GAME, outcomes.plays(GAME, "Russia", "pivot"),
                                         factors=NAN), "list or tuple"),
    ("a misspelt player", lambda: outcomes.plays(GAME, "Rusia", "pivot"), "did you mean"),
    ("a misspelt given", lambda: outcomes.plays(GAME, "Russia", "pivot",
                                                given={"Chna": "hold"}), "did you mean"),
    ("given fixes the player", lambda: outcomes.plays(GAME, "Russia", "pivot",
                                                      given={"Russia": "pivot"}),
     "not 'Russia'"),
    ("given a list", lambda: outcomes.equilibrium_set(GAME, given=["US"]), "mapping"),
    ("a gap without given", lambda: outcomes.gap(GAME, "Russia", "pivot", "stay", None),
     "given maps"),
    ("a misspelt range, Sobol'", lambda: sobol_indices(GAME, PIVOT, n=8,
                                                       ranges={"hedge_dept": (0, 1)}),
     "ranges: unknown factor 'hedge_dept'"),
    ("a misspelt range, Morris", lambda: morris_indices(GAME, PIVOT, trajectories=2,
                                                        ranges={"hedge_dept": (0, 1)}),
     "ranges: unknown factor 'hedge_dept'"),
    ("a misspelt range, tornado", lambda: tornado(GAME, PIVOT, ranges={"hedge_dept": (0, 1)}),
     "ranges: unknown factor 'hedge_dept'"),
    ("a misspelt range, map", lambda: regime_map(GAME, "hedge_depth", "sanctions_relief",
                                                 ranges={"hedge_dept": (0, 1)}),
     "ranges: unknown factor 'hedge_dept'"),
    ("n not a power of two", lambda: sobol_indices(GAME, PIVOT, n=3), "power of two"),
    ("n of 2**40", lambda: sobol_indices(GAME, PIVOT, n=2**40), "runs of the outcome"),
    ("a category for Sobol'", lambda: sobol_indices(GAME, outcomes.equilibrium_set(GAME), n=8),
     "real or boolean"),
    ("a factor in two groups", lambda: sobol_indices(
        GAME, PIVOT, n=8, groups={"a": ["hedge_depth"], "b": ["hedge_depth"]}), "two groups"),
    ("a group of a number", lambda: sobol_indices(GAME, PIVOT, n=8, groups={"a": 0.5}),
     "list or tuple"),
    ("odd Morris levels", lambda: morris_indices(GAME, PIVOT, trajectories=2, levels=3),
     "even"),
    ("10**9 trajectories", lambda: morris_indices(GAME, PIVOT, trajectories=10**9),
     "runs of the outcome"),
    # the Dittmer readings and the repeated game
    ("stances of a number", lambda: configuration_of(("engage", "pivot", "hold"),
                                                     stances={"US": 3}), "stances['US']"),
    ("a game by name", lambda: configuration_of(("engage", "pivot", "hold"), game="baseline"),
     "takes a game"),
    ("a misspelt strategy", lambda: configuration_of(("engag", "pivot", "hold")),
     "did you mean 'engage'"),
    ("a sign of NaN", lambda: classify({("US", "Russia"): NAN, ("US", "China"): 1,
                                        ("Russia", "China"): 1}), "+1 (amity)"),
    ("players NaN", lambda: amity_game(NAN), "list or tuple"),
    ("a role value of inf", lambda: amity_game(role_values={"pivot": INF}), "finite"),
    ("a misspelt role", lambda: amity_game(role_values={"pivt": 1}), "did you mean 'pivot'"),
    ("a strategy of NaN", lambda: amity_stances(NAN), "strategy is a string"),
    ("a misspelt Russian move", lambda: us_russia(china={"pivt": "hold", "hedge": "hold",
                                                         "stay": "reward"}),
     "did you mean 'pivot'"),
    ("a game of a number", lambda: us_russia(game=3), "takes a game"),
    ("a horizon array", lambda: us_russia(horizon=np.zeros(2)), "horizon is a string"),
    ("a repeated game by name", lambda: threshold_hazard(repeated="us"), "RepeatedGame"),
    ("a misspelt punishment", lambda: threshold_hazard(punishment="grm"),
     "did you mean 'grim'"),
    ("a reversal above 1", lambda: deal_years(1.5, 0.15, 4), "reversal must be"),
    ("a zero rate", lambda: deal_years(0.5, 0.0, 4), "rate must be > 0"),
    ("a NaN term", lambda: deal_years(0.5, 0.15, NAN), "finite"),
]


@pytest.mark.parametrize("what, call, words", REFUSED, ids=[r[0] for r in REFUSED])
def test_a_bad_input_is_refused_clearly(what: str, call: Callable[[], Any], words: str):
    with np.errstate(all="ignore"), pytest.raises(TriangleError) as err:
        call()
    assert words in str(err.value), (what, str(err.value))


def test_an_unknown_name_is_still_a_key_error():
    with pytest.raises(KeyError):
        sample_factors(4, ranges={"hedge_dept": (0, 1)})
    with pytest.raises(UnknownNameError):
        sweep(GAME, {"hedge_depth": [0.5]}, ranges={"hedge_dept": (0, 1)})


def test_the_meaningful_extremes_give_the_right_answer():
    assert sample_factors(0, factors=ONE)["hedge_depth"].shape == (0,)
    # a range for a registry factor the game does not use is allowed (one set of ranges
    # serves several models), and the sweep is unchanged by it
    u = sweep(GAME, {"hedge_depth": [0.5]})
    assert (u == sweep(GAME, {"hedge_depth": [0.5]},
                       ranges={"annual_discount_rate": (0.05, 0.3)})).all()
    assert solve_batch(GAME.subs(BASE), np.zeros((0, 3, 3, 3, 3))).pure.shape == (0, 3, 3, 3)
    big = solve_batch(GAME.subs(BASE), GAME.subs(BASE).payoffs[None] * 1e300)
    assert big.profiles(0) == solve_batch(GAME.subs(BASE), GAME.subs(BASE).payoffs[None]
                                          ).profiles(0)
    low = BASE.with_values(sanctions_relief=0.2)  # the end of the range is inside it
    assert low.values["sanctions_relief"] == 0.2 and low.outside == ()
    chunks = iter_uniform_samples(5, chunk_size=2, factors=ONE, seed=3)
    assert sum(c.shape[1] for c, _ in chunks) == 5
