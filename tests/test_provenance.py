"""Provenance: every quote the package rests on is verbatim in its article.

One test over every quoted object: factors, payoff terms, scenario overrides, claims and
the model's stances. Each quote must be an exact substring of its article file in
``../shared/sources`` (curly apostrophes and non-breaking spaces included), so that a
reader finds the sentence with a plain text search. Without the articles the test is
skipped on a developer's machine but fails in CI (``CI`` set), where a missing folder
would otherwise let every quote go unchecked.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

import triangle as tri
from tests.paths import SOURCES
from triangle.models.configurations import STANCE_SOURCES, WORLD_STANCES
from triangle.models.factors import ARTICLES
from triangle.models.terms import load_terms


def quoted_objects() -> Iterator[tuple[str, str, str]]:
    """``(what, article file, quote)`` for every quote of the package's data."""
    for f in tri.factors.values():
        for s in f.sources:
            yield f"factor {f.id!r}", s.file, s.quote
    for t in load_terms():
        for s in t.sources:
            yield f"term {t.id!r}", s.file, s.quote
    for scenario in tri.scenarios.values():
        for fid, override in scenario.overrides.items():
            for s in override.sources:
                yield f"scenario {scenario.name!r}, override {fid!r}", s.file, s.quote
    for c in tri.claims.values():
        yield f"claim {c.id!r}", c.source, c.quote
    for st in STANCE_SOURCES:
        yield f"stance of {st.player} {'/'.join(st.strategies)} ({st.stance})", st.file, st.quote
    for w in WORLD_STANCES.values():
        yield f"stance of the {w.name} world (US and the third seat)", w.file, w.quote
    for fid, region, source in region_quotes():
        yield f"region {fid} {region}", source.file, source.quote


def region_quotes() -> Iterator[tuple[str, tuple[float, float], object]]:
    """``(scenario/factor, region, source)`` for every narrowed range of every scenario."""
    for scenario in tri.scenarios.values():
        for fid in scenario.narrowed:
            override = scenario.overrides[fid]
            for s in override.sources:
                yield f"{scenario.name}/{fid}", scenario.region[fid], s


def test_every_quote_is_verbatim_in_its_article():
    if not SOURCES.is_dir():
        if os.environ.get("CI"):
            pytest.fail(
                f"CI is set but the article files are not at {SOURCES}: the quotes cannot be "
                f"checked. Put the five articles in ../shared/sources beside the checkout."
            )
        pytest.skip(f"the article files are not at {SOURCES} (set CI to make this a failure)")
    texts = {name: (SOURCES / name).read_text(encoding="utf-8") for name in ARTICLES}
    quotes = list(quoted_objects())
    kinds = {what.split()[0] for what, _, _ in quotes}
    assert kinds == {"factor", "term", "scenario", "claim", "stance", "region"}, kinds
    missing = [
        f"{what}: {file}: {quote[:70]!r}"
        for what, file, quote in quotes
        if file not in texts or quote not in texts[file]
    ]
    assert not missing, "quotes not found verbatim in their article:\n" + "\n".join(missing)


def test_every_narrowed_range_rests_on_a_quote_found_at_its_position():
    """Each article region (a narrowed range) names its quote: file and position in it."""
    if not SOURCES.is_dir():
        pytest.skip("needs the article files")
    narrowed = {name for name, _, _ in region_quotes()}
    expected = {f"{s.name}/{fid}" for s in tri.scenarios.values() for fid in s.narrowed}
    assert narrowed == expected and narrowed  # every region has at least one quote
    for name, region, source in region_quotes():
        scenario = tri.scenarios[name.split("/")[0]]
        low, high = scenario.ranges()[name.split("/")[1]]
        assert low <= region[0] <= region[1] <= high and (region[0], region[1]) != (low, high), (
            f"{name}: region {region} narrows nothing in [{low}, {high}]")
        text = (SOURCES / source.file).read_text(encoding="utf-8")
        position = text.find(source.quote)
        assert position >= 0, f"{name}: {source.quote[:60]!r} not in {source.file}"
        assert text[position:position + len(source.quote)] == source.quote


def test_missing_articles_fail_in_ci_and_skip_elsewhere(monkeypatch, tmp_path):
    import tests.test_provenance as this

    monkeypatch.setattr(this, "SOURCES", tmp_path / "no_articles_here")
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        this.test_every_quote_is_verbatim_in_its_article()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        this.test_every_quote_is_verbatim_in_its_article()


def test_a_quote_that_is_not_verbatim_is_reported(monkeypatch, tmp_path):
    """The check compares exact text: one changed character is a failure."""
    import tests.test_provenance as this

    if not SOURCES.is_dir():
        pytest.skip("needs the article files")
    for name in ARTICLES:  # copies of the articles, with one quoted sentence altered
        text = (SOURCES / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(text.replace("’", "'"), encoding="utf-8")
    monkeypatch.setattr(this, "SOURCES", tmp_path)
    with pytest.raises(AssertionError, match="not found verbatim"):
        this.test_every_quote_is_verbatim_in_its_article()
