"""Every result carries its provenance, and every output of it says so (issue 13, item 2).

The walk finds every public class with a notebook display (``_repr_html_``) in
``triangle`` and its subpackages. Each is either a result type, built here by a
builder (most are shared with ``tests/test_citations_results.py``), or listed in
:data:`NOT_RESULTS` with the reason it is not a result (a game, a registry, a base
class, input data). A new class with a display and neither fails the test.

For every result: ``provenance`` has the stable JSON form (``version``, ``values``),
and the result's outputs carry it: the HTML display, ``to_latex`` (``%`` lines above
the table), the JSON forms (``to_dict``, ``to_json``, ``details``) and ``to_markdown``,
for each of those the type has.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest
import sympy

import triangle as tri
from tests.test_citations_results import BOS, RESULTS, TOY
from triangle.errors import NoProvenanceError, TriangleError

#: Classes with a display that are not results, each with the reason.
NOT_RESULTS: dict[str, str] = {
    "triangle.games.normal_form.NormalFormGame": "a game: the input of a solver",
    "triangle.games.bayesian.BayesianGame": "a game: the input of a solver",
    "triangle.games.signaling.SignalingGame": "a game: the input of a solver",
    "triangle.games.display.TableDisplay": "the base class of result displays",
    "triangle.models.factors.FactorRegistry": "the registry of factors (package data)",
    "triangle.models.provenance.Provenance": "the provenance itself",
    "triangle.models.scenarios.Scenario": "input data: a set of factor values with its "
                                          "digest and sources",
    "triangle.verdicts.claims.Claim": "input data: a claim quoted from an article",
}

a, b = sympy.symbols("a b")


def explanation() -> Any:
    return tri.explain(tri.models.simultaneous(), ("engage", "stay", "hold"), "Russia",
                       values="1972")


def report() -> Any:
    from triangle.report.page import build_report

    return build_report("baseline", samples=50, nearest=0, resolution=5)


#: Result types by qualified name -> a builder of one instance.
BUILDERS: dict[str, Callable[[], Any]] = {
    "triangle.analyze.Analysis": RESULTS["Analysis"],
    "triangle.games.results.Equilibria": RESULTS["Equilibria"],
    "triangle.games.results.Equilibrium": RESULTS["Equilibrium"],
    "triangle.games.results.SubgamePerfectEquilibria": RESULTS["SubgamePerfectEquilibria"],
    "triangle.games.results.SubgamePerfectEquilibrium": RESULTS["SubgamePerfectEquilibrium"],
    "triangle.games.results.ConditionalEquilibria": RESULTS["ConditionalEquilibria"],
    "triangle.models.explain.Explanation": explanation,
    "triangle.report.page.Report": report,
    "triangle.sensitivity.global_indices.MorrisIndices": RESULTS["MorrisIndices"],
    "triangle.sensitivity.global_indices.SobolIndices": RESULTS["SobolIndices"],
    "triangle.sensitivity.local.EquilibriumSensitivity": RESULTS["EquilibriumSensitivity"],
    "triangle.sensitivity.local.LocalValues": RESULTS["LocalValues"],
    "triangle.sensitivity.regimes.RegimeMap": RESULTS["RegimeMap"],
    "triangle.sensitivity.thresholds.Thresholds": RESULTS["Thresholds"],
    "triangle.sensitivity.tornado.Tornado": RESULTS["Tornado"],
    "triangle.solvers.bayesian.BayesianEquilibria": RESULTS["BayesianEquilibria"],
    "triangle.solvers.logit.LogitBranch": RESULTS["LogitBranch"],
    "triangle.solvers.logit.LogitQRE": RESULTS["LogitQRE"],
    "triangle.solvers.logit_fit.LogitFit": lambda: tri.logit_fit(BOS, [[30, 10], [12, 28]]),
    "triangle.solvers.repeated_abreu_sannikov.PayoffSet": RESULTS["PayoffSet"],
    "triangle.solvers.signaling.PerfectBayesianEquilibria": RESULTS["PerfectBayesianEquilibria"],
    "triangle.verdicts.claims.ClaimResult": RESULTS["ClaimResult"],
    "triangle.verdicts.labels.ClaimVerdicts": RESULTS["ClaimVerdicts"],
    "triangle.verdicts.robustness.RobustnessTable": RESULTS["RobustnessTable"],
    "triangle.verdicts.edges.PointEdges": lambda: tri.point_edges("op_ed_003", forms=[]),
}

#: Outputs known to lack the provenance, in files another helper owns this session:
#: ``(result type, output method): reason``. The check fails once an entry is mended
#: (remove it then), so the list cannot outlive the gap.
GAPS: dict[tuple[str, str], str] = {}

#: Builders that take seconds (the report page computes an analysis and a robustness table).
SLOW = {"triangle.report.page.Report"}


def displayed_classes() -> dict[str, type]:
    """Every public class with ``_repr_html_`` defined in a public module of ``triangle``."""
    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(tri.__path__, "triangle."):
        if any(part.startswith("_") for part in info.name.split(".")[1:]):
            continue
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if (inspect.isclass(obj) and not name.startswith("_")
                    and obj.__module__ == module.__name__ and hasattr(obj, "_repr_html_")):
                found[f"{obj.__module__}.{name}"] = obj
    return dict(sorted(found.items()))


def test_the_walk_finds_the_displays():
    found = displayed_classes()
    assert len(found) >= 30
    for name in ("triangle.games.results.Equilibria", "triangle.analyze.Analysis",
                 "triangle.sensitivity.thresholds.Thresholds"):
        assert name in found


def test_every_display_is_a_result_with_a_builder_or_listed_with_a_reason():
    found = displayed_classes()
    neither = sorted(set(found) - set(BUILDERS) - set(NOT_RESULTS))
    assert not neither, (f"result types without a provenance check (add a builder to "
                         f"BUILDERS, or a reason to NOT_RESULTS if not a result): {neither}")
    stale = sorted((set(BUILDERS) | set(NOT_RESULTS)) - set(found))
    assert not stale, f"listed but no longer a public class with a display: {stale}"
    assert all(reason.strip() for reason in NOT_RESULTS.values())


def check_provenance(name: str, obj: Any) -> None:
    """The result's provenance and every output it has carry the stable record."""
    cls = displayed_classes()[name]
    assert isinstance(obj, cls), (name, type(obj))
    provenance = getattr(obj, "provenance", None)
    assert provenance is not None, f"{name} has no provenance"
    data = json.loads(json.dumps(provenance.to_dict()))
    assert data["version"] == tri.__version__, name
    assert isinstance(data["values"], dict), name
    assert all(isinstance(v, float) for v in data["values"].values()), name
    assert data["digest"] and data["date"], name
    digest = data["digest"]
    page = obj._repr_html_()
    assert "Provenance" in page and digest in page, f"{name}: the HTML lacks the provenance"
    if hasattr(obj, "to_latex"):
        lines = obj.to_latex().splitlines()
        assert lines[0].startswith("% provenance: triangle "), (name, lines[0])
        assert f"values digest {digest}" in lines[0], name
        comments = [line for line in lines if line.startswith("%")]
        values = ", ".join(line.removeprefix("% values: ") for line in comments[1:])
        for fid in data["values"]:
            assert f"{fid}=" in values, f"{name}: {fid} missing from the % values lines"
    for method in ("to_dict", "details", "to_json"):
        if hasattr(obj, method):
            out = getattr(obj, method)()
            out = json.loads(out) if isinstance(out, str) else json.loads(json.dumps(out))
            if (name, method) in GAPS:
                assert "provenance" not in out, f"{name}.{method} is mended: drop it from GAPS"
                continue
            assert out["provenance"]["version"] == tri.__version__, (name, method)
            assert out["provenance"]["values"] == data["values"], (name, method)
    if hasattr(obj, "to_markdown"):
        assert "### Provenance" in obj.to_markdown(), name


@pytest.mark.parametrize("name", sorted(set(BUILDERS) - SLOW))
def test_every_result_carries_its_provenance_in_every_output(name):
    check_provenance(name, BUILDERS[name]())


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SLOW))
def test_slow_results_carry_their_provenance(name):
    check_provenance(name, BUILDERS[name]())


@pytest.mark.slow
def test_the_report_cites_what_it_shows():
    from tests.test_citations_bibtex import strict_parse

    page = report()
    text = tri.cite(page)
    assert f"version {tri.__version__}" in text
    entries = strict_parse(tri.cite(page, format="bibtex"))
    assert set(tri.citations.keys_of(page.analysis)) <= set(entries)
    assert "triangle" in entries and len(entries) > 3


def test_the_report_cannot_be_built_without_a_provenance():
    """The fast stand-in for the slow check: ``provenance`` is a required field."""
    import dataclasses

    from triangle.report.page import Report

    field = {f.name: f for f in dataclasses.fields(Report)}["provenance"]
    assert field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING


def test_the_values_are_those_the_result_used():
    """The full factor values by id: of the point given, or of the scenario."""
    ts = tri.sensitivity.thresholds(TOY, "a", 0, {"Player 2": "s1"}, at={"a": 0.5, "b": -1})
    assert ts.provenance.values == {"a": 0.5, "b": -1.0}
    loc = tri.sensitivity.local_sensitivity(4 * a + b).at({"a": 1, "b": 2})
    assert loc.provenance.values == {"a": 1.0, "b": 2.0}
    ex = explanation()
    assert ex.provenance.scenario == "1972"
    assert ex.provenance.values == {k: float(v) for k, v in ex.values.items()}
    assert ex.provenance.values["rift_depth"] == tri.scenarios["1972"].values["rift_depth"]
    verdicts = RESULTS["ClaimVerdicts"]()
    claim = tri.claims[verdicts.id]
    assert verdicts.provenance.samples == 200 and verdicts.provenance.seed == 0
    assert verdicts.provenance.scenario == (claim.scenario or "baseline")


def test_a_result_without_a_recorder_raises_the_package_error(monkeypatch):
    from triangle.games import results

    eqs = tri.equilibria(BOS)
    monkeypatch.setattr(results, "_PROVENANCE_OF_RUN", [])
    with pytest.raises(NoProvenanceError, match="import triangle") as info:
        eqs.provenance  # noqa: B018 (the property is what is tested)
    assert isinstance(info.value, TriangleError) and isinstance(info.value, RuntimeError)
