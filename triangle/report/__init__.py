"""The report: one standalone HTML page for a scenario, and the tables the command prints.

``triangle report`` (or :func:`build_report` then :meth:`Report.write`) computes, for a
scenario (a shipped one, your own file, values you set):

- the equilibria of the simultaneous model and Russia's response to each US move
  (:func:`triangle.analyze.analyze`);
- every claim's verdict on every model form, its label and share over the plausible box,
  and whether it depends on the order of moves (:mod:`triangle.report.by_form`);
- every claim's robustness over the scenario's plausible factor space
  (:func:`robustness_at`, a modest seeded sample);
- a tornado chart of Russia's gain from pivoting, and a regime map of the pure equilibria
  over two factors (:mod:`triangle.sensitivity`);
- the nearest thresholds and the full provenance (version, commit, every factor value and
  their digest, seed, samples, date, versions).

The page needs no network: styles, figures (inline SVG in the colour-blind-safe
Okabe-Ito palette) and the data (JSON) are inside it. The same tables come as Markdown
and LaTeX (booktabs) for a paper: :func:`robustness_markdown`, :func:`robustness_latex`.

>>> from triangle.report import build_report
>>> report = build_report("baseline", samples=100, nearest=0, resolution=9)
>>> page = report.to_html()
>>> page.startswith("<!DOCTYPE html>"), page.count("<svg "), 'id="provenance"' in page
(True, 3, True)
"""

from triangle.report.page import SECTIONS, Report, build_report
from triangle.report.svg import OKABE_ITO
from triangle.report.tables import (
    article_label,
    robustness_at,
    robustness_latex,
    robustness_markdown,
)

__all__ = [
    "OKABE_ITO",
    "SECTIONS",
    "Report",
    "article_label",
    "build_report",
    "robustness_at",
    "robustness_latex",
    "robustness_markdown",
]
