"""The report page (``triangle report``), claim robustness at a scenario, and the tables.

The page is checked as text (sections, figures, escaping, no network, palette), its
numbers against the model solved independently, and, in headless Chromium, as a browser
lays it out. Chromium is Debian's ``chromium`` package: the browser test skips without
it on a developer's machine and fails in CI (``CI`` set), where it must run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

import triangle as tri
from triangle.cli import main
from triangle.models.provenance import Provenance
from triangle.models.scenarios import Scenario
from triangle.report import SECTIONS, Report, build_report, robustness_at
from triangle.report.svg import OKABE_ITO
from triangle.report.tables import robustness_latex, robustness_markdown
from triangle.verdicts.forms import FORMS
from triangle.verdicts.robustness import claim_robustness

# Under pytest-xdist these tests share one worker: they label the claims at the shared size
# (``label_samples``), and the labels are cached per process.
pytestmark = pytest.mark.xdist_group("labels")


@pytest.fixture(scope="module")
def baseline_report(label_samples: int) -> Report:
    # the shared label size: the labels (seconds) are computed once per process
    return build_report("baseline", samples=label_samples, resolution=15)


@pytest.fixture(scope="module")
def page(baseline_report: Report) -> str:
    return baseline_report.to_html()


class Structure(HTMLParser):
    """Element ids, figures and their svg children, and script contents of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.stack: list[str] = []
        self.figures: dict[str, dict[str, str]] = {}
        self.svg_in: dict[str, int] = {}
        self.scripts: dict[str, str] = {}
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "figure" and "id" in a:
            self.figures[a["id"]] = a
        if tag == "svg":
            for fid in (s for s in self.stack if s in self.figures):
                self.svg_in[fid] = self.svg_in.get(fid, 0) + 1
        if tag == "script":
            self._script = a.get("id", "anonymous")
            self.scripts[self._script] = ""
        if tag == "figure":
            self.stack.append(a.get("id", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure" and self.stack:
            self.stack.pop()
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self.scripts[self._script] += data


def structure(text: str) -> Structure:
    s = Structure()
    s.feed(text)
    return s


FIGURES = ("fig-robustness", "fig-tornado", "fig-regime-map")


# --------------------------------------------------------------------- the page as text
def test_the_page_has_every_section_and_figure(page):
    s = structure(page)
    assert [sid for sid in s.ids if sid in dict(SECTIONS)] == [sid for sid, _ in SECTIONS]
    for fid in FIGURES:
        assert s.svg_in.get(fid) == 1, fid
    assert "claims-by-form" in s.ids  # every claim on every model form
    assert "data-pending" not in page and 'class="pending"' not in page
    table = page[page.index('id="claims-by-form"'):]
    table = table[:table.index("</table>")]
    for form in FORMS:
        assert f"<th>{form}</th>" in table
    assert table.count("<tr>") == len(tri.claims) + 1  # header and one row per claim
    for claim in tri.claims:
        assert claim in page


def test_the_figures_are_well_formed_svg_in_the_palette(page):
    svgs = re.findall(r"<svg .*?</svg>", page, flags=re.S)
    assert len(svgs) == 3
    allowed = {c.lower() for _, c in OKABE_ITO} | {"#fff", "#ffffff", "#000", "#000000",
                                                  "none", "#999999"}
    for svg in svgs:
        root = ET.fromstring(svg)  # well-formed XML, not only tolerated HTML
        assert root.get("viewBox") and root.find("{http://www.w3.org/2000/svg}title") is not None
        for colour in re.findall(r'fill="([^"]+)"', svg):
            grey = re.fullmatch(r"#(?:([0-9a-f])\1\1|([0-9a-f]{2})\2\2)", colour.lower())
            assert colour.lower() in allowed or grey, colour


def test_the_page_needs_no_network(page):
    assert not re.search(r"<(link|img|iframe)\b", page)
    assert not re.search(r'\b(src|href)\s*=\s*"(?!#)', page)
    assert "@import" not in page and "url(" not in page


def test_the_page_data_and_provenance(page, baseline_report, label_samples):
    data = json.loads(structure(page).scripts["report-data"])
    prov = data["provenance"]
    assert prov["version"] == tri.__version__ and prov["samples"] == label_samples
    assert prov["seed"] == 0 and prov["values"] == dict(tri.scenarios["baseline"].values)
    assert prov["digest"] == tri.scenarios["baseline"].digest
    for key in ("commit", "date", "python", "numpy", "sympy", "prior"):
        assert key in prov
    assert prov["digest"] in page and prov["date"] in page
    assert data["analysis"]["scenario"] == "baseline"
    assert len(data["robustness"]["claims"]) == len(tri.claims)
    assert f"triangle report --scenario baseline --samples {label_samples} --seed 0" in page
    for fid in tri.factors:
        assert f"<code>{fid}</code>" in page  # every factor value is shown


def test_verdicts_at_an_edge_are_shown_so_on_the_page(page, baseline_report):
    """Issue 9, item 4: the baseline's verdicts that change within 2% of a factor's range
    are shown "at an edge" with the region's share, and counted apart in the summary."""
    a = baseline_report.analysis
    edge = [c for c in a.claims if a.edges.at_edge(c.id, "simultaneous")]
    assert {c.id for c in edge} == {"c001_relief_as_bargaining_tool", "c004_promising_path"}
    held = sum(c.holds for c in a.claims if c not in edge)
    assert f'<div class="big">{held} of {len(a.claims) - len(edge)}</div>' in page
    assert f"{len(edge)} at an edge, counted apart" in page
    assert page.count("✓ holds") + page.count("✗ fails") > 0
    for c in edge:  # the claims table: the badge says "at an edge", with the factors
        row = page.split(f"<code>{c.id}</code><details>")[1].split("</tr>")[0]
        assert "at an edge (" in row and "of the region" in row and "holds</span>" not in row
    robustness = page.split('id="fig-robustness"')[1]
    for c in edge:  # the robustness table's column "at the scenario" too
        row = robustness.split(f"<code>{c.id}</code>")[1].split("</tr>")[0]
        assert "at an edge (" in row, row
    data = json.loads(structure(page).scripts["report-data"])
    assert {e["factor"] for e in data["analysis"]["edges"]["factors"]} == {
        "trump_normalization_wish", "sanctions_relief", "russia_economic_distress",
        "ukraine_concessions"}


def test_the_numbers_match_the_model(baseline_report):
    r = baseline_report
    game = tri.scenarios["baseline"].game()
    u = game.payoffs[1]
    c, h = game.strategy_index("US", "condition"), game.strategy_index("China", "hold")
    pivot, stay = (game.strategy_index("Russia", s) for s in ("pivot", "stay"))
    assert r.tornado.baseline == pytest.approx(u[c, pivot, h] - u[c, stay, h])
    values = tri.scenarios["baseline"].values
    label = r.regime.label_at(values[r.regime.x], values[r.regime.y])
    expected = {"/".join(s[0] for s in e.support) for e in tri.pure_equilibria(game)}
    assert set(label.split(" | ")) == expected
    # the regime map's axes: a factor that changes the equilibria comes first
    first = r.analysis.nearest[0].factor if r.analysis.nearest else r.tornado.ranking()[0]
    assert r.regime.x == first and r.regime.y != r.regime.x
    for row in r.robustness.rows:
        claim = tri.claims[row.id]
        assert row.holds_at_baseline == claim.holds(claim.scenario)


def test_user_text_is_escaped_everywhere(label_samples):
    text = """
[[scenario]]
name = "odd"
title = "<script>alert('title')</script>"
description = "A </script> and & in <b>text</b>."

[[scenario.override]]
factor = "hedge_depth"
value = 0.3
provenance = "assumed"
reason = "</script><img src=x onerror=alert(1)>"
"""
    s = Scenario.from_toml(text)
    # the labels do not depend on the scenario: at the shared size they come from the cache
    page = build_report(s, samples=label_samples, nearest=0, resolution=5).to_html()
    assert "<script>alert" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in page
    data = json.loads(structure(page).scripts["report-data"])
    assert data["analysis"]["scenario"] == "odd"
    assert page.count("</script>") == 2  # the data and the layout check, nothing else


@pytest.mark.slow  # builds a report (seconds); the shared page stands for the rest
def test_a_users_scenario_out_of_range_is_marked_and_reproducible(tmp_path):
    s = tri.scenarios["baseline"].with_values(sanctions_relief=1.4, allow_out_of_range=True,
                                             name="relief_plus")
    report = build_report(s, samples=50, nearest=0, resolution=5)
    page = report.to_html()
    assert "outside its range" in page and "--allow-out-of-range" in page
    assert "scenario.toml" in page and report.provenance.outside == ("sanctions_relief",)
    # the TOML the page shows reads back to the same values
    toml = re.search(r"<pre>(.*?)</pre>", page, flags=re.S).group(1)
    import html as html_module

    back = Scenario.from_toml(html_module.unescape(toml), allow_out_of_range=True)
    assert back.digest == s.digest
    assert isinstance(report._repr_html_(), str) and report._repr_html_().startswith("<iframe")


@pytest.mark.slow  # builds a report (seconds); the shared page stands for the rest
def test_values_given_as_a_mapping():
    report = build_report({"beijing_unease": 1.6}, samples=50, nearest=0, resolution=5)
    assert report.scenario.values["beijing_unease"] == 1.6
    assert report.provenance.values["beijing_unease"] == 1.6


# --------------------------------------------------------------------- robustness at a scenario
def test_robustness_at_the_baseline_is_claim_robustness():
    plain = claim_robustness(400, seed=5)
    assert robustness_at("baseline", 400, seed=5) == plain
    copy = tri.scenarios["baseline"].with_values({}, name="copy")  # not shipped: other path
    mine = robustness_at(copy, 400, seed=5)
    for a, b in zip(plain.rows, mine.rows):
        assert (a.id, a.share, a.holds_at_baseline, a.source) == (
            b.id, b.share, b.holds_at_baseline, b.source)
        assert [f.factor for f in a.deciding] == [f.factor for f in b.deciding]


def test_robustness_at_another_world_samples_its_ranges():
    n, seed = 300, 2
    table = robustness_at("1972", n, seed=seed)
    plain = claim_robustness(n, seed=seed)
    world = tri.scenarios["1972"]
    samples = tri.sample_factors(n, seed=seed, ranges=world.ranges())
    direct = tri.evaluate_claims(samples, base="1972")
    for row in table.rows:
        claim = tri.claims[row.id]
        assert row.share == pytest.approx(float(np.mean(direct[row.id])), abs=1e-12), row.id
        if claim.scenario != "baseline":  # claims about 1972 do not depend on the scenario
            assert row.share == plain[row.id].share
        assert row.holds_at_baseline == claim.holds(
            "1972" if claim.scenario == "baseline" else claim.scenario)


def test_robustness_tables_for_a_paper():
    t = robustness_at("baseline", 100, seed=0)
    md = robustness_markdown(t)
    assert md.count("\n| `c0") == len(tri.claims)
    assert "Heybatov (2025)" in md and "000_7475e70f1ac1d690.txt" not in md
    tex = robustness_latex(t, provenance=Provenance.collect("baseline", seed=0, samples=100))
    body = tex[tex.index("\\begin{tabular}"):tex.index("\\end{tabular}")]
    assert "_" not in body.replace("\\_", "")  # every underscore escaped
    assert tex.splitlines()[0].startswith("% triangle ")


# --------------------------------------------------------------------- the command
@pytest.mark.slow  # builds a report (seconds); the shared page stands for the rest
def test_report_command_writes_one_file(tmp_path, capsys):
    target = tmp_path / "page.html"
    status = main(["report", "--scenario", "1972", "--samples", "100", "--resolution", "9",
                   "--nearest", "0", "-o", str(target)])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert captured.out == "" and f"wrote {target}" in captured.err
    text = target.read_text(encoding="utf-8")
    assert "China (1972)" in text and "USSR" in text  # the seats relabelled
    assert json.loads(structure(text).scripts["report-data"])["provenance"]["scenario"] == "1972"


@pytest.mark.parametrize("argv, words", [
    (["--map", "sanction_relief", "hedge_depth"], ["did you mean 'sanctions_relief'"]),
    (["--map", "hedge_depth", "hedge_depth"], ["two different factors"]),
    (["--samples", "0"], ["--samples", "whole number >= 1"]),
    (["--set", "hedge_depth=2"], ["--allow-out-of-range"]),
])
def test_report_usage_errors(argv, words, capsys, tmp_path):
    assert main(["report", "-o", str(tmp_path / "x.html"), *argv]) == 2
    err = capsys.readouterr().err
    for word in words:
        assert word in err
    assert not (tmp_path / "x.html").exists()


# --------------------------------------------------------------------- in a browser
def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def browser(*args: str, profile: Path) -> subprocess.CompletedProcess:
    exe = chromium()
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but Chromium is missing: install Debian's `chromium` "
                        "(apt-get install -y chromium) so the report page is rendered.")
        pytest.skip("Chromium is not installed (Debian: apt-get install -y chromium)")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={profile}"]
    return subprocess.run([exe, *flags, *args], capture_output=True, text=True, timeout=180,
                          check=False)


@pytest.mark.slow  # a browser; the page's structure is checked in the quick loop
def test_the_page_renders_in_headless_chromium(page, tmp_path):
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    done = browser("--window-size=1280,2000", "--dump-dom", path.as_uri(),
                   profile=tmp_path / "profile")
    assert done.returncode == 0, done.stderr[-2000:]
    dom = structure(done.stdout)
    for sid, _ in SECTIONS:
        assert sid in dom.ids, sid
    for fid in FIGURES:
        assert dom.svg_in.get(fid) == 1, fid
        size = dom.figures[fid].get("data-rendered")  # set by the page as laid out
        assert size, (fid, "the layout check did not run")
        width, height = map(int, size.split("x"))
        assert width > 300 and height > 150, (fid, size)
    shot = tmp_path / "page.png"
    done = browser("--window-size=1280,3000", f"--screenshot={shot}", path.as_uri(),
                   profile=tmp_path / "profile")
    assert done.returncode == 0 and shot.stat().st_size > 20_000, done.stderr[-2000:]
