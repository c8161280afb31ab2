"""The per-process cache of the claims' labels by form (triangle.report.by_form).

A cached result must equal a fresh one, and changing anything that decides the labels
must miss the cache.
"""

from __future__ import annotations

import pytest

from triangle.report import by_form
from triangle.report.by_form import cache_info, claims_by_form

# edges=False: the cache keeps the labels only (the edges of the point are computed per
# call, tests/verdicts/test_edges.py), and looking for them would double each call here
SMALL = {"labels": 60, "search": 20, "vacuity": 10, "seed": 0,
         "claims_": ["c003_pivot_not_worth_it", "c004_promising_path"],
         "forms": ["simultaneous", "us_first"], "edges": False}


@pytest.fixture(autouse=True)
def cache_clear(monkeypatch):
    """Each test starts from an empty cache of its own; the process's cache (shared by the
    other tests) is put back afterwards."""

    def clear():
        monkeypatch.setattr(by_form, "_CACHE", {})
        monkeypatch.setattr(by_form, "_STATS", {"hits": 0, "misses": 0})

    clear()
    return clear


def _json(rows):
    return [r.as_dict() for r in rows]


def test_cached_rows_equal_fresh_rows(cache_clear):
    fresh = _json(claims_by_form("baseline", **SMALL))
    assert cache_info()["misses"] >= 1 and cache_info()["hits"] == 0
    again = claims_by_form("baseline", **SMALL)
    assert cache_info()["hits"] >= 1
    assert _json(again) == fresh
    # the rows handed out are fresh objects: changing one does not change the cache
    again[0].by_form["simultaneous"]["label"] = "tampered"
    assert _json(claims_by_form("baseline", **SMALL)) == fresh
    cache_clear()
    assert _json(claims_by_form("baseline", **SMALL)) == fresh


def test_scenario_changes_only_the_verdicts_at_the_scenario(cache_clear):
    here = _json(claims_by_form("baseline", **SMALL))
    there = claims_by_form("heybatov_000", **SMALL)
    assert cache_info()["hits"] >= 1  # the labels sample the claims' boxes, not the scenario
    cache_clear()
    assert _json(there) == _json(claims_by_form("heybatov_000", **SMALL))
    assert [r["id"] for r in here] == [r.id for r in there]


@pytest.mark.parametrize("change", [
    {"labels": 61}, {"search": 21}, {"vacuity": 11}, {"seed": 1},
    {"forms": ["simultaneous", "china_first"]}, {"claims_": ["c003_pivot_not_worth_it"]},
])
def test_every_key_input_misses(change):
    claims_by_form("baseline", **SMALL)
    before = cache_info()["misses"]
    claims_by_form("baseline", **{**SMALL, **change})
    assert cache_info()["misses"] > before


def test_a_changed_factor_range_misses(monkeypatch):
    claims_by_form("baseline", **SMALL)
    before = cache_info()["misses"]
    digest = by_form._box_digest()
    monkeypatch.setattr(by_form, "_box_digest", lambda: (*digest, ("extra", 0.0, 1.0, 0.5)))
    claims_by_form("baseline", **SMALL)
    assert cache_info()["misses"] > before


def test_a_changed_prior_set_misses(monkeypatch):
    from triangle.sensitivity import sampling

    claims_by_form("baseline", **SMALL)
    before = cache_info()["misses"]
    monkeypatch.setattr(sampling, "PRIORS", tuple(sampling.PRIORS[:2]))
    rows = claims_by_form("baseline", **SMALL)
    assert cache_info()["misses"] > before
    cell = rows[0].by_form["simultaneous"]
    assert set(cell["by_prior"]) == {"uniform", sampling.PRIORS[1]}
