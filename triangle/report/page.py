"""The report page: one standalone HTML file for a scenario.

:func:`build_report` computes everything the page shows (the analysis, the claims'
robustness, a tornado chart and a regime map) and returns a :class:`Report`;
:meth:`Report.to_html` renders it as one page with its styles, figures (inline SVG) and
data (a JSON script element) inside, so it opens without a network and can be mailed or
archived as it is.
"""

from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triangle.analyze import Analysis, analyze
from triangle.models.factors import factors
from triangle.models.provenance import Provenance
from triangle.models.scenarios import PointLike, Scenario, resolve_point, scenarios
from triangle.progress import Progress
from triangle.registries import check_count
from triangle.report.svg import FAILS, HOLDS, regime_svg, robustness_svg, tornado_svg
from triangle.report.tables import PRIOR, robustness_at
from triangle.sensitivity.outcomes import gap
from triangle.sensitivity.regimes import RegimeMap, regime_map
from triangle.sensitivity.tornado import Tornado, tornado
from triangle.verdicts.context import model_game
from triangle.verdicts.labels import MAX_SAMPLES
from triangle.verdicts.robustness import RobustnessTable

__all__ = ["SECTIONS", "Report", "build_report", "figures", "json_for_script", "page_data"]

#: The sections of the page, by ``id``, in order, with their headings.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("summary", "In brief"),
    ("equilibria", "Equilibria"),
    ("responses", "Russia's response to each US move"),
    ("claims", "The articles' claims"),
    ("robustness", "How robust is each claim?"),
    ("tornado", "What moves Russia's gain from pivoting"),
    ("regime-map", "Regime map"),
    ("thresholds", "Factors nearest to changing the outcome"),
    ("provenance", "Provenance"),
)

#: The tornado chart's outcome: Russia's gain from pivoting rather than staying, when the
#: US engages on conditions and China holds (the comparison the tutorial makes).
TORNADO_GIVEN = {"US": "condition", "China": "hold"}


@dataclass(frozen=True)
class Report:
    """Everything the report page shows, as data.

    Attributes
    ----------
    scenario
        The scenario (a :class:`~triangle.Scenario`).
    analysis
        :func:`triangle.analyze.analyze` at the scenario.
    robustness
        Every claim's robustness in the scenario's world (:func:`robustness_at`).
    tornado
        Russia's gain from pivoting instead of staying (US conditions, China holds), each
        factor alone across its range.
    regime
        The pure equilibria over two factors, the others at the scenario.
    provenance
        What produced the page (with the seed and number of samples).
    """

    scenario: Scenario
    analysis: Analysis
    robustness: RobustnessTable
    tornado: Tornado
    regime: RegimeMap
    provenance: Provenance

    def to_html(self) -> str:
        """The page, as one HTML document (styles, figures and data inside).

        >>> page = build_report("baseline", samples=50, nearest=0, resolution=5).to_html()
        >>> page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
        True
        """
        from triangle.report.html import render_page

        return render_page(self)

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write :meth:`to_html` to ``path`` (UTF-8) and return the path.

        >>> import tempfile, pathlib
        >>> folder = tempfile.TemporaryDirectory()
        >>> r = build_report("baseline", samples=50, nearest=0, resolution=5)
        >>> r.write(pathlib.Path(folder.name) / "page.html").stat().st_size > 50_000
        True
        >>> folder.cleanup()
        """
        out = Path(path)
        out.write_text(self.to_html(), encoding="utf-8")
        return out

    def __cite__(self) -> tuple[Any, ...]:
        """What the page used (``triangle.cite(report)``): the package, the model's
        articles and methods, the claims' articles, the sensitivity runs."""
        return ("triangle", self.analysis, self.robustness, self.tornado, self.regime)

    def _repr_html_(self) -> str:
        # the page in a frame: its styles stay out of the notebook's
        return (f'<iframe srcdoc="{html.escape(self.to_html())}" title="triangle report" '
                f'style="width:100%;height:640px;border:1px solid #ccc"></iframe>')


def build_report(
    scenario: PointLike = "baseline",
    *,
    samples: int = 2000,
    seed: int = 0,
    nearest: int = 8,
    regime_factors: tuple[str, str] | None = None,
    resolution: int = 41,
    progress: Progress = False,
) -> Report:
    """Compute the report of a scenario: analysis, robustness, tornado and regime map.

    Parameters
    ----------
    scenario
        A scenario name, a :class:`~triangle.Scenario` of your own, or factor values.
    samples, seed
        The claims' robustness sample (a modest default: the page takes seconds; at
        most :data:`~triangle.verdicts.labels.MAX_SAMPLES`).
    nearest
        How many factors nearest to changing the equilibria to list.
    regime_factors
        The two factors of the regime map; by default the two nearest to changing the
        equilibria, completed by the largest swings of the tornado chart.
    resolution
        Grid points per axis of the regime map (2 to 1,000).

    >>> r = build_report("1972", samples=200, nearest=0, resolution=11)
    >>> r.analysis.scenario, r.robustness.n, r.regime.regimes.shape
    ('1972', 200, (11, 11))
    """
    check_count(samples, "samples", maximum=MAX_SAMPLES)  # the claims' robustness sample
    check_count(seed, "seed", minimum=0)
    check_count(nearest, "nearest", minimum=0)
    check_count(resolution, "resolution", minimum=2, maximum=1_000)
    at = scenarios[scenario] if isinstance(scenario, str) else scenario
    point = resolve_point(at)
    own = at if isinstance(at, Scenario) else _as_scenario(point)
    analysis = analyze(own, nearest=nearest, labels=samples)
    robustness = robustness_at(own, samples, seed=seed, progress=progress)
    game = model_game(**point.options)
    outcome = gap(game, "Russia", "pivot", "stay", TORNADO_GIVEN)
    bars = tornado(game, outcome, at=point, ranges=point.ranges)
    x, y = regime_factors or _regime_pair(analysis, bars, point.ranges)
    rmap = regime_map(game, x, y, at=point, ranges=point.ranges, resolution=resolution,
                      allow_out_of_range=True)
    prov = Provenance.collect(own, seed=seed, samples=samples, prior=PRIOR)
    return Report(own, analysis, robustness, bars, rmap, prov)


def _as_scenario(point: Any) -> Scenario:
    """Values given as a mapping (or a resolved point), as a scenario the page can show."""
    name = point.name or "custom"
    start = Scenario(name, "Factor values given", "Factor values given in Python.",
                     options=point.options, labels=point.labels)
    changed = {k: v for k, v in point.values.items() if k in factors and v != factors[k].value}
    return start.with_values(changed, name=name, reason="given in Python",
                             allow_out_of_range=True)


def _regime_pair(analysis: Analysis, bars: Tornado, ranges: Any) -> tuple[str, str]:
    chosen: list[str] = []
    for name in [n.factor for n in analysis.nearest] + bars.ranking():
        lo, hi = ranges[name]
        if name not in chosen and hi > lo:
            chosen.append(name)
    if len(chosen) < 2:  # pragma: no cover - every model factor has a range
        chosen += [f for f in factors if f not in chosen][: 2 - len(chosen)]
    return chosen[0], chosen[1]


def json_for_script(data: Any) -> str:
    """JSON that cannot close the ``<script>`` element holding it.

    >>> text = json_for_script({"a": "</script>"})
    >>> "</" in text, json.loads(text)
    (False, {'a': '</script>'})
    """
    return json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")


def page_data(report: Report) -> dict[str, Any]:
    """The page's data (embedded as JSON): the analysis, robustness and provenance.

    >>> r = build_report("baseline", samples=50, nearest=0, resolution=5)
    >>> sorted(page_data(r))[:3]
    ['analysis', 'colours', 'provenance']
    """
    return {
        "analysis": report.analysis.to_dict(),
        "robustness": report.robustness.as_dict(),
        "tornado": {"outcome": report.tornado.outcome, "at_scenario": report.tornado.baseline,
                    "bars": [b.__dict__ for b in report.tornado.bars]},
        "regime_map": {"x": report.regime.x, "y": report.regime.y,
                       "labels": list(report.regime.labels), "share": report.regime.share()},
        "provenance": report.provenance.to_dict(),
        "colours": {"holds": HOLDS, "fails": FAILS},
    }


def figures(report: Report) -> dict[str, str]:
    """The page's three figures as SVG text, by id.

    >>> r = build_report("baseline", samples=50, nearest=0, resolution=5)
    >>> sorted(figures(r))
    ['fig-regime-map', 'fig-robustness', 'fig-tornado']
    """
    point = resolve_point(report.scenario)
    mark = (point.values[report.regime.x], point.values[report.regime.y])
    russia = report.analysis.label("Russia")
    return {
        "fig-robustness": robustness_svg(
            report.robustness, title="Share of the plausible factor space where each claim "
                                     "holds"),
        "fig-tornado": tornado_svg(
            report.tornado, title=f"{russia}'s gain from pivoting rather than staying",
            outcome=f"{russia}'s payoff from pivot minus stay (US condition, "
                    f"{report.analysis.label('China')} hold)"),
        "fig-regime-map": regime_svg(
            report.regime, mark=mark,
            title=f"Pure equilibria over {report.regime.x} and {report.regime.y}"),
    }
