"""``triangle claims --format json`` in the quick loop: the same checks as
``tests/test_cli.py::test_claims_formats_and_scenario[json]`` (marked slow: its default
``--labels 20000`` labels every claim on every form), with the labels skipped
(``--labels 0``), which none of these checks reads."""

from __future__ import annotations

import contextlib
import io
import json

import triangle as tri
from triangle.cli import main
from triangle.verdicts.forms import FORMS


def test_claims_json_at_a_scenario_without_labels():
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["claims", "--samples", "100", "--seed", "3", "--format", "json",
                       "--scenario", "petrenko_002", "--labels", "0"])
    assert status == 0, err.getvalue()
    data = json.loads(out.getvalue())
    assert data["scenario"] == "petrenko_002" and data["samples"] == 100
    assert data["provenance"]["seed"] == 3 and data["provenance"]["samples"] == 100
    assert data["provenance"]["options"] == {"china_punishes": "us"}
    assert {c["id"] for c in data["claims"]} == set(tri.claims)
    for c in data["claims"]:
        claim = tri.claims[c["id"]]
        where = "petrenko_002" if claim.scenario == "baseline" else claim.scenario
        assert c["holds_at_baseline"] == claim.holds(where)
        for form, v in c["by_form"].items():
            if v["label"] != "not applicable":
                assert v["label"] == "not computed" and v["share"] is None
                assert v["at_scenario"] == claim.holds(where, form=form), (c["id"], form)
        assert set(c["by_form"]) >= set(FORMS) and isinstance(c["order_dependent"], bool)
    # the verdicts at an edge (issue 9, item 4): at 002's point the Bayesian form's verdict on
    # 004's promising path sits on a tie; it is marked, with the share in 002's region
    edges = {(c["id"], f) for c in data["claims"] for f, v in c["by_form"].items()
             if v.get("at_edge")}
    assert edges == {(e["claim"], e["form"]) for e in data["edges"]["claims"]}
    assert ("c004_promising_path", "bayesian") in edges
    cell = next(c for c in data["claims"] if c["id"] == "c004_promising_path")["by_form"]
    assert "deterrence" in cell["bayesian"]["at_edge"] and cell["bayesian"]["at_scenario"] is False
    assert 0 < cell["bayesian"]["region_share"] < 1 and "region_share" not in cell["us_first"]


def test_the_robustness_table_says_which_verdicts_at_the_scenario_are_at_an_edge():
    from triangle.report.commands import _edge_note

    edges = tri.point_edges("baseline", forms=["simultaneous"],
                            claims=["c003_pivot_not_worth_it", "c004_promising_path"])
    note = _edge_note(edges, "\n", "")
    assert note.startswith("\nAt an edge (the verdict at the scenario changes within 2%")
    assert note.endswith(": c004_promising_path.")
    assert _edge_note(tri.point_edges("op_ed_003", forms=["simultaneous"]), "", "") == ""
