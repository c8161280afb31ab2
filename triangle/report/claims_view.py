"""The claims of ``triangle analyze`` as the reports list them: one verdict per claim.

A claim's verdict at the scenario (on the simultaneous form; historical claims at their
own scenario) is shown as ``holds`` or ``FAILS``, except where it is not a finding:

- *structural* (the same verdict everywhere in the plausible box: a consequence of the
  model's construction), listed last and counted apart;
- *at an edge* (the verdict changes within 2% of some factor's range around the point,
  :func:`triangle.verdicts.edges.point_edges`): shown as "at an edge" with the factors and
  the claim's share in the scenario's region in place of holds / FAILS, and counted
  apart.

:func:`claim_lines`, :func:`claim_markdown` and :func:`claim_rows` render them for
:meth:`triangle.analyze.Analysis.to_text`, ``to_markdown`` and the tables of
``to_latex`` / ``to_frame`` / the notebook view; :func:`headline` is the count.

>>> import dataclasses, triangle as tri
>>> from triangle.analyze import ClaimVerdict, analyze
>>> a = analyze("baseline", nearest=0, claims=False)
>>> headline(a), claim_lines(a)
('0 of 0 findings hold', [])
>>> claim = ClaimVerdict("c004_promising_path", "004_81f2a95097f2191c.txt", "equilibrium",
...                      False, "", "baseline", "")
>>> edges = tri.point_edges("baseline", forms=["simultaneous"], claims=[claim.id])
>>> a = dataclasses.replace(a, claims=[claim], edges=edges)
>>> headline(a)
'0 of 0 findings hold (1 at an edge apart)'
>>> print(claim_lines(a)[0])  # doctest: +NORMALIZE_WHITESPACE
  edge   c004_promising_path  004  equilibrium  at an edge (russia_economic_distress,
  sanctions_relief, trump_normalization_wish, ukraine_concessions)
"""

from __future__ import annotations

from typing import Any

from triangle.citations import citation_label

__all__ = ["at_edge", "claim_lines", "claim_markdown", "claim_rows", "edge_verdict",
           "headline", "region_share"]


def at_edge(analysis: Any, claim: str) -> tuple[str, ...]:
    """The factors along which the claim's verdict in ``analysis.claims`` (the
    simultaneous form) changes within the neighbourhood of the point (empty: none).

    >>> from triangle.analyze import analyze
    >>> at_edge(analyze("baseline", nearest=0, claims=False), "c004_promising_path")
    ()
    """
    edges = getattr(analysis, "edges", None)
    return () if edges is None else edges.at_edge(claim, "simultaneous")


def region_share(analysis: Any, claim: str) -> float | None:
    """The claim's share in the scenario's region on the simultaneous form, where its
    verdict at the point is at an edge (``None`` elsewhere).

    >>> from triangle.analyze import analyze
    >>> region_share(analyze("baseline", nearest=0, claims=False), "c004_promising_path")
    """
    for row in getattr(analysis, "by_form", []) or []:
        if row.id == claim:
            share = row.by_form.get("simultaneous", {}).get("region_share")
            return None if share is None else float(share)
    return None


def edge_verdict(analysis: Any, claim: str) -> str:
    """``"at an edge (f, g; holds in 58% of the region)"`` for a verdict at an edge, else
    ``""``.

    >>> from triangle.analyze import analyze
    >>> edge_verdict(analyze("baseline", nearest=0, claims=False), "c004_promising_path")
    ''
    """
    factors = at_edge(analysis, claim)
    if not factors:
        return ""
    share = region_share(analysis, claim)
    where = "" if share is None else f"; holds in {share:.0%} of the region"
    return f"at an edge ({', '.join(factors)}{where})"


def headline(analysis: Any) -> str:
    """The count of findings that hold at the scenario, the verdicts at an edge and the
    structural claims apart (:meth:`triangle.analyze.Analysis.headline`).

    >>> from triangle.analyze import analyze
    >>> headline(analyze("baseline", nearest=0, claims=False))
    '0 of 0 findings hold'
    """
    apart = set(analysis.structural())
    edge = [c for c in analysis.claims if c.id not in apart and at_edge(analysis, c.id)]
    findings = [c for c in analysis.claims if c.id not in apart and c not in edge]
    notes = ([f"{len(edge)} at an edge"] if edge else []) + (
        [f"{len(apart)} structural"] if apart else [])
    return (f"{sum(c.holds for c in findings)} of {len(findings)} findings hold"
            + (f" ({', '.join(notes)} apart)" if notes else ""))


def _ordered(analysis: Any) -> list[Any]:
    apart = set(analysis.structural())
    return sorted(analysis.claims, key=lambda c: c.id in apart)  # the structural last


def claim_lines(analysis: Any) -> list[str]:
    """The claims' lines of the text report (the module's example shows one).

    >>> from triangle.analyze import analyze
    >>> claim_lines(analyze("baseline", nearest=0, claims=False))
    []
    """
    apart = set(analysis.structural())
    out = []
    for c in _ordered(analysis):
        edge = edge_verdict(analysis, c.id)
        mark = "edge" if edge else "holds" if c.holds else "FAILS"
        where = f" [{c.scenario}]" if c.scenario != analysis.scenario else ""
        note = "  (knife-edge: holds only on an exact tie)" if c.knife_edge else ""
        note += "  (structural, apart)" if c.id in apart else ""
        note += f"  {edge}" if edge else ""
        out.append(f"  {mark:5}  {c.id:42} {c.source[:3]}  {c.kind}{where}{note}")
    return out


def _verdict(analysis: Any, c: Any, apart: set[str]) -> str:
    edge = edge_verdict(analysis, c.id)
    verdict = edge or (("holds (tie)" if c.knife_edge else "holds") if c.holds else "fails")
    return verdict + (" (structural, apart)" if c.id in apart else "")


def claim_markdown(analysis: Any) -> list[str]:
    """The claims' table of the Markdown report.

    >>> from triangle.analyze import analyze
    >>> claim_markdown(analyze("baseline", nearest=0, claims=False))[0]
    '| claim | article | kind | verdict | why |'
    """
    apart = set(analysis.structural())
    out = ["| claim | article | kind | verdict | why |", "|---|---|---|---|---|"]
    for c in _ordered(analysis):
        verdict = _verdict(analysis, c, apart)
        if c.scenario != analysis.scenario:
            verdict += f" (at {c.scenario})"
        why = analysis.relabel(c.detail).replace("|", "\\|")
        out.append(f"| `{c.id}` | {citation_label(c.source)} | {c.kind} | {verdict} | {why} |")
    return out


def claim_rows(analysis: Any) -> list[list[Any]]:
    """The claims' table rows (claim, article, kind, verdict, why) of LaTeX, pandas, HTML.

    >>> from triangle.analyze import analyze
    >>> claim_rows(analyze("baseline", nearest=0, claims=False))
    []
    """
    apart = set(analysis.structural())
    return [[c.id, citation_label(c.source), c.kind, _verdict(analysis, c, apart),
             analysis.relabel(c.detail)] for c in _ordered(analysis)]
