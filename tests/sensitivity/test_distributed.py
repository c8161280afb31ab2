"""Sweeps on Dask: a local cluster on loopback gives exactly the in-process result."""

import numpy as np
import pytest
import sympy

import triangle as tri
from triangle.sensitivity import sample_factors, sweep

# One xdist worker runs them all: the module's Dask cluster starts once, not in each worker.
pytestmark = pytest.mark.xdist_group("dask")

a, b, c = sympy.symbols("a b c")
RANGES = {"a": (-2, 2), "b": (0, 3), "c": (0, 1)}


def game():
    rng = np.random.default_rng(0)
    u = np.empty((3, 3, 3, 3), dtype=object)
    for idx in np.ndindex(u.shape):
        k = rng.integers(-3, 4, size=3)
        u[idx] = int(k[0]) * a + int(k[1]) * b * (1 - c) + int(k[2])
    return tri.NormalFormGame(u)


@pytest.fixture(scope="module")
def client():
    # imported here, not at collection (every xdist worker collects; one runs these tests);
    # every test takes this fixture, so each is skipped without distributed as before
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, protocol="tcp",
        host="127.0.0.1", dashboard_address=":0",  # a free port: xdist workers run side by side
    )
    with cluster, distributed.Client(cluster) as c:
        yield c


@pytest.mark.slow
def test_client_sweep_equals_in_process(client):
    g = game()
    s = sample_factors(150_000, factors=g, ranges=RANGES, seed=0)  # three tasks
    expected = sweep(g, s)
    seen = []
    got = sweep(g, s, client=client, progress=lambda done, total: seen.append(done))
    np.testing.assert_array_equal(got, expected)
    assert got.shape == expected.shape and seen[-1] == 150_000 and len(seen) == 3
    # held factors travel too
    np.testing.assert_array_equal(sweep(g, {"a": s["a"][:10]}, at={"b": 1, "c": 0.5},
                                        client=client),
                                  sweep(g, {"a": s["a"][:10]}, at={"b": 1, "c": 0.5}))


def test_scheduler_address_and_local_schedulers(client):
    g = game()
    s = sample_factors(1000, factors=g, ranges=RANGES, seed=1)
    expected = sweep(g, s)
    np.testing.assert_array_equal(sweep(g, s, scheduler=client.scheduler.address), expected)
    for name in ("threads", "synchronous"):
        np.testing.assert_array_equal(sweep(g, s, scheduler=name), expected)


def test_bad_dask_arguments(client):
    g = game()
    s = sample_factors(10, factors=g, ranges=RANGES, seed=1)
    with pytest.raises(ValueError, match="either client= or scheduler="):
        sweep(g, s, client=client, scheduler="threads")
    with pytest.raises(tri.sensitivity.InvalidSampleError):  # validated before any task
        sweep(g, {"a": [np.nan]}, at={"b": 0, "c": 0}, client=client)


@pytest.mark.parametrize("how", ["synchronous", "threads", "client"])
def test_payoffs_that_are_not_finite_are_refused_with_the_sample_and_factors(client, how):
    # before: the Dask path returned inf (and NaN for 0 * inf) where the in-process sweep
    # refused; finite factors can still overflow
    x, y = sympy.symbols("x y")
    g = tri.NormalFormGame([[[x * y, 1]], [[0, 2 * x]]])
    samples = {"x": [1.0, 2.0, 1e200], "y": [1.0, 3.0, 1e200]}
    where = {"client": client} if how == "client" else {"scheduler": how}
    with pytest.raises(tri.errors.InvalidSampleError,
                       match=r"not finite at sample 2 .*'x': 1e\+200, 'y': 1e\+200"):
        sweep(g, samples, **where)
    ok = {"x": [1.0, 2.0], "y": [1.0, 3.0]}
    np.testing.assert_array_equal(sweep(g, ok, **where), sweep(g, ok))
