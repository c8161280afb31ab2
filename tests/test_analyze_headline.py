"""The report's headline counts findings only, the structural claims apart (issue 9)."""

from __future__ import annotations

import dataclasses

import pytest

import triangle as tri
from triangle.analyze import analyze

# One xdist worker runs them all: the module's analysis is computed once, not in each worker.
pytestmark = pytest.mark.xdist_group("analyze_headline")


@pytest.fixture(scope="module")
def report():
    return analyze("baseline", nearest=0)  # labels=0: the claims' data decides


def _rows(report, structural):
    """By-form rows whose simultaneous label is ``structural`` for the claims given."""
    return [dataclasses.replace(r, by_form={**r.by_form, "simultaneous": {
        **r.by_form["simultaneous"],
        "label": "structural" if r.id in structural else "robust"}}) for r in report.by_form]


def test_without_labels_the_claims_data_decides(report):
    declared = [c.id for c in report.claims if tri.claims[c.id].structural]
    assert report.structural() == declared
    findings = [c for c in report.claims if c.id not in declared]
    expected = f"{sum(c.holds for c in findings)} of {len(findings)} findings hold"
    assert report.headline().startswith(expected)
    assert (f"({len(declared)} structural apart)" in report.headline()) == bool(declared)


def test_with_labels_the_labels_decide(report):
    chosen = {report.claims[0].id, report.claims[-1].id}
    labelled = dataclasses.replace(report, by_form=_rows(report, chosen))
    assert set(labelled.structural()) == chosen
    findings = [c for c in report.claims if c.id not in chosen]
    assert labelled.headline() == (f"{sum(c.holds for c in findings)} of {len(findings)} "
                                   f"findings hold (2 structural apart)")
    none = dataclasses.replace(report, by_form=_rows(report, set()))
    assert none.headline() == (f"{sum(c.holds for c in report.claims)} of "
                               f"{len(report.claims)} findings hold")


def test_every_rendering_gives_the_same_headline_and_sets_the_structural_apart(report):
    chosen = {report.claims[0].id}
    labelled = dataclasses.replace(report, by_form=_rows(report, chosen))
    head = labelled.headline()
    text = labelled.to_text()
    assert f"Claims: {head}" in text
    [row] = [line for line in text.splitlines() if f" {report.claims[0].id} " in line
             and line.lstrip().startswith(("holds", "FAILS"))]
    assert row.endswith("(structural, apart)")
    markdown = labelled.to_markdown()
    assert f"### Claims: {head}" in markdown
    assert f"`{report.claims[0].id}`" in markdown.split("(structural, apart)")[0].splitlines()[-1]
    latex = labelled.to_latex("claims")
    assert head in latex and "(structural, apart)" in latex
    assert f"Claims: {head}" in labelled._repr_html_()
    # the structural claim comes last in every table
    rows = labelled._tables()["claims"][1]
    assert rows[-1][0] == report.claims[0].id
