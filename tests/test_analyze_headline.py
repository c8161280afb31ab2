"""The report's headline counts findings only, the structural claims and the verdicts at
an edge apart (issue 9, items 2 and 4)."""

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


def _edge(report):
    """The claims whose simultaneous verdict at the point is at an edge (point_edges)."""
    return {c.id for c in report.claims if report.edges.at_edge(c.id, "simultaneous")}


def test_without_labels_the_claims_data_decides(report):
    declared = [c.id for c in report.claims if tri.claims[c.id].structural]
    assert report.structural() == declared
    edge = _edge(report) - set(declared)
    findings = [c for c in report.claims if c.id not in declared and c.id not in edge]
    expected = f"{sum(c.holds for c in findings)} of {len(findings)} findings hold"
    assert report.headline().startswith(expected)
    assert (f"{len(declared)} structural apart)" in report.headline()) == bool(declared)
    assert (f"({len(edge)} at an edge" in report.headline()) == bool(edge)


def test_with_labels_the_labels_decide(report):
    chosen = {report.claims[0].id, report.claims[-1].id}
    labelled = dataclasses.replace(report, by_form=_rows(report, chosen), edges=None)
    assert set(labelled.structural()) == chosen
    findings = [c for c in report.claims if c.id not in chosen]
    assert labelled.headline() == (f"{sum(c.holds for c in findings)} of {len(findings)} "
                                   f"findings hold (2 structural apart)")
    none = dataclasses.replace(report, by_form=_rows(report, set()), edges=None)
    assert none.headline() == (f"{sum(c.holds for c in report.claims)} of "
                               f"{len(report.claims)} findings hold")
    # with the edges: a verdict at an edge is counted apart, before the structural ones
    edged = dataclasses.replace(report, by_form=_rows(report, set()))
    edge = _edge(report)
    findings = [c for c in report.claims if c.id not in edge]
    assert edged.headline() == (f"{sum(c.holds for c in findings)} of {len(findings)} "
                                f"findings hold ({len(edge)} at an edge apart)")


def test_the_baseline_verdicts_at_an_edge_are_shown_so_in_every_rendering(report):
    """Issue 9, item 4: the 2025 baseline sits within 2% of the switch where Russia meets
    001's conditions; the verdicts that change there are not findings at the point."""
    edge = _edge(report)
    assert edge == {"c001_relief_as_bargaining_tool", "c004_promising_path"}
    four = {"trump_normalization_wish", "sanctions_relief", "russia_economic_distress",
            "ukraine_concessions"}
    assert set(report.edges.factor_ids()) == four
    text = report.to_text().splitlines()
    for cid in edge:
        [k] = [k for k, line in enumerate(text) if f" {cid} " in line
               and line.startswith("  edge ")]
        row = text[k]
        while text[k + 1].startswith(" " * 6):  # a long row is wrapped
            k += 1
            row += " " + text[k].strip()
        assert "at an edge (" in row and "of the region" in row, row
        assert all(f in row for f in four), row
    assert not any(line.startswith("  edge ") for line in text if "c003_" in line)
    markdown, latex = report.to_markdown(), report.to_latex("claims")
    for cid in edge:
        [row] = [line for line in markdown.splitlines() if line.startswith(f"| `{cid}` | ")
                 and "findings" not in line and " kind " not in line][:1]
        assert "at an edge (" in row, row
    assert latex.count("at an edge (") == len(edge)
    assert report._repr_html_().count("at an edge (") == len(edge)
    data = report.to_dict()
    assert {e["factor"] for e in data["edges"]["factors"]} == four
    rows = {c["id"]: c for c in data["claims"]}
    for cid, row in rows.items():
        sim = row["by_form"]["simultaneous"]
        assert isinstance(sim["at_scenario"], bool) and isinstance(row["holds"], bool)
        assert (cid in edge) == bool(sim["at_edge"]), cid
        assert set(row["at_edge"]) >= set(sim["at_edge"])
        if sim["at_edge"]:
            assert 0 < sim["region_share"] < 1
    # the shares are those of claim_robustness over the region (here: the plausible box)
    from triangle.report.by_form import REGION_SAMPLES
    from triangle.verdicts.robustness import claim_robustness

    table = claim_robustness(REGION_SAMPLES, seed=0, claims=sorted(edge), region="baseline",
                             at_baseline=False)
    for r in table.rows:
        assert rows[r.id]["by_form"]["simultaneous"]["region_share"] == r.share


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
