"""Claim robustness at any scenario, and the tables the command and the report page print.

:func:`robustness_at` is :func:`triangle.verdicts.robustness.claim_robustness` in the
world of a scenario: the claims checked at the scenario are sampled over the scenario's
plausible ranges with its model options (whom China punishes), the claims about another
world (1972) over that world's ranges, from the same seeded unit samples; the "baseline"
column becomes the verdict at the scenario. At the shipped baseline it is
``claim_robustness`` itself.

:func:`robustness_markdown` and :func:`robustness_latex` (booktabs) render a table for a
paper, :func:`scenarios_text` / :func:`scenarios_markdown` / :func:`scenarios_json` the
list of scenarios; :func:`article_label` turns an article's file name into
"Heybatov (2025)".
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from triangle.citations import article_for_file, references
from triangle.models.provenance import Provenance
from triangle.models.scenarios import PointLike, Scenario, resolve_point, scenarios
from triangle.progress import Progress
from triangle.registries import check_count
from triangle.verdicts.claims import claims, evaluate_claims
from triangle.verdicts.labels import MAX_SAMPLES
from triangle.verdicts.robustness import RobustnessTable, claim_robustness

__all__ = [
    "article_label",
    "latex_escape",
    "robustness_at",
    "robustness_latex",
    "robustness_markdown",
    "scenario_articles",
    "scenarios_json",
    "scenarios_markdown",
    "scenarios_text",
]

#: The sampling distribution of :func:`robustness_at`, as the provenance records it.
PRIOR = "uniform over each factor's plausible range, independent"


# --------------------------------------------------------------------- articles
def article_label(source: str) -> str:
    """An article's file name as a reader cites it: author (or outlet) and year.

    >>> article_label("000_7475e70f1ac1d690.txt")
    'Heybatov (2025)'
    >>> article_label("001_9d7b1575e19265cf.txt")
    'Geopolitical Monitor (2025)'
    >>> article_label("not an article")
    'not an article'
    """
    try:
        ref = references[article_for_file(source)]
    except KeyError:  # not one of the five articles: show it as it is
        return source
    if ref.authors:
        who = ref.authors[0].split(",")[0]
        who += " et al." if len(ref.authors) > 2 else (
            f" and {ref.authors[1].split(',')[0]}" if len(ref.authors) == 2 else "")
    else:
        outlet = (ref.get("howpublished") or ref.key).split(";")[0].split("(")[0].strip()
        who = outlet or ref.key
    return f"{who} ({ref.year or 'n.d.'})"


def scenario_articles(scenario: Scenario) -> list[str]:
    """The article files a scenario's values quote, in article order.

    >>> scenario_articles(scenarios["heybatov_000"])
    ['000_7475e70f1ac1d690.txt']
    """
    files = {s.file for o in scenario.overrides.values() for s in o.sources}
    return sorted(files)


# --------------------------------------------------------------------- robustness
def robustness_at(
    at: PointLike = "baseline",
    n: int = 2000,
    *,
    seed: int = 0,
    progress: Progress = False,
) -> RobustnessTable:
    """Every claim's robustness in the world of a scenario (see the module's docstring).

    ``n`` samples (at most :data:`MAX_SAMPLES`), drawn with ``seed``.

    >>> t = robustness_at("petrenko_002", 200, seed=0)
    >>> len(t) == len(claims), t.n, t.seed
    (True, 200, 0)
    >>> isinstance(t["c002_no_rift_today"].holds_at_baseline, bool)
    True
    """
    check_count(n, "n", maximum=MAX_SAMPLES)
    check_count(seed, "seed", minimum=0)
    scenario = scenarios[at] if isinstance(at, str) else at
    if scenario is scenarios["baseline"]:  # the package's own table, exactly
        return claim_robustness(n, seed=seed, progress=progress)
    point = resolve_point(scenario)
    ranges = {k: (float(lo), float(hi)) for k, (lo, hi) in point.ranges.items()}
    worlds: dict[str, list[str]] = {}
    for cid, claim in claims.items():
        if claim.scenario != "baseline":
            worlds.setdefault(claim.scenario, []).append(cid)

    def evaluate(samples: Mapping[str, np.ndarray], chosen: list[str]) -> dict[str, Any]:
        own = [c for c in chosen if claims[c].scenario == "baseline"]
        out = dict(evaluate_claims(samples, own, base=point)) if own else {}
        for world, ids in worlds.items():
            ids = [c for c in ids if c in chosen]
            if ids:  # the same unit samples, mapped onto that world's ranges
                out.update(evaluate_claims(_remap(samples, ranges, scenarios[world].ranges()),
                                           ids, base=world))
        return out

    table = claim_robustness(n, seed=seed, claims=list(claims), ranges=ranges,
                             evaluate=evaluate, progress=progress)
    rows = []
    for row in table.rows:
        claim = claims[row.id]
        where = scenario if claim.scenario == "baseline" else claim.scenario
        rows.append(dataclasses.replace(
            row, source=claim.source, statement=claim.statement,
            holds_at_baseline=claim.check(where).holds))
    return dataclasses.replace(table, rows=tuple(rows))


def _remap(samples: Mapping[str, np.ndarray], frm: Mapping[str, tuple[float, float]],
           to: Mapping[str, tuple[float, float]]) -> dict[str, np.ndarray]:
    out = {}
    for name, values in samples.items():
        lo, hi = frm[name]
        new_lo, new_hi = to[name]
        unit = (np.asarray(values) - lo) / (hi - lo) if hi > lo else np.zeros(np.shape(values))
        out[name] = new_lo + unit * (new_hi - new_lo)
    return out


def _verdict(holds: bool | None) -> str:
    return {True: "holds", False: "fails", None: "-"}[holds]


def _deciding(row: Any, code: str = "`") -> str:
    if row.deciding:
        return ", ".join(f"{code}{f.factor}{code} ({'+' if f.shift > 0 else '-'}, "
                         f"{f.importance:.2f})" for f in row.deciding)
    if row.share in (0.0, 1.0):
        return "never changes"
    return "no factor explains 1% alone (interactions)"


def robustness_markdown(table: RobustnessTable, *, scenario: str = "baseline",
                        provenance: Provenance | None = None) -> str:
    """A robustness table in Markdown, with its provenance.

    >>> t = robustness_at("baseline", 100, seed=0)
    >>> print(robustness_markdown(t).splitlines()[0])
    ## Claim robustness at scenario `baseline` (100 samples, seed 0)
    """
    out = [f"## Claim robustness at scenario `{scenario}` ({table.n:,} samples, "
           f"seed {table.seed})", "",
           f"Share of the plausible factor space ({PRIOR}) where each claim holds, with its "
           f"95% Wilson interval. Deciding factors: first-order Sobol' index; + when the "
           f"claim holds more often at high values.", "",
           "| claim | article | at the scenario | share | 95% interval | deciding factors |",
           "|---|---|---|---|---|---|"]
    for r in table.rows:
        lo, hi = r.interval
        out.append(f"| `{r.id}` | {article_label(r.source)} | {_verdict(r.holds_at_baseline)} "
                   f"| {r.share:.1%} | {lo:.1%} to {hi:.1%} | {_deciding(r)} |")
    if provenance is not None:
        out += ["", provenance.to_markdown()]
    return "\n".join(out)


_LATEX = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
          "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
          "^": r"\textasciicircum{}"}


def latex_escape(text: str) -> str:
    r"""Text safe in LaTeX: its ten special characters escaped.

    >>> print(latex_escape("c000_x & 50% {a}"))
    c000\_x \& 50\% \{a\}
    """
    return "".join(_LATEX.get(ch, ch) for ch in str(text))


def robustness_latex(table: RobustnessTable, *, scenario: str = "baseline",
                     provenance: Provenance | None = None) -> str:
    r"""A robustness table as a LaTeX ``table`` with booktabs rules (``\usepackage{booktabs}``).

    The provenance goes in comments above the table, so the source file records it.

    >>> t = robustness_at("baseline", 100, seed=0)
    >>> text = robustness_latex(t)
    >>> "\\toprule" in text and "\\texttt{c000\\_pivot\\_unlikely\\_for\\_now}" in text
    True
    """
    out = []
    if provenance is not None:
        out += [f"% {line}" for line in provenance.summary().split("; ")]
        out.append(f"% factor values: {json.dumps(dict(provenance.values))}")
    caption = (f"Claim robustness at scenario \\texttt{{{latex_escape(scenario)}}}: share of "
               f"the plausible factor space where each claim holds ({table.n:,} samples, "
               f"seed {latex_escape(str(table.seed))}; 95\\% Wilson intervals). Deciding "
               f"factors: first-order Sobol' index; + when the claim holds more often at "
               f"high values.").replace(",", "{,}")
    out += [r"\begin{table}[htbp]", r"\centering", r"\small",
            f"\\caption{{{caption}}}", r"\label{tab:claim-robustness}",
            r"\begin{tabular}{@{}lllrlp{5.2cm}@{}}", r"\toprule",
            r"Claim & Article & At the scenario & Share & 95\% interval & Deciding factors \\",
            r"\midrule"]
    for r in table.rows:
        lo, hi = r.interval
        deciding = latex_escape(_deciding(r, code="")) if not r.deciding else ", ".join(
            f"\\texttt{{{latex_escape(f.factor)}}} ({'+' if f.shift > 0 else '--'}, "
            f"{f.importance:.2f})" for f in r.deciding)
        out.append(
            f"\\texttt{{{latex_escape(r.id)}}} & {latex_escape(article_label(r.source))} & "
            f"{_verdict(r.holds_at_baseline)} & {100 * r.share:.1f}\\% & "
            f"{100 * lo:.1f}--{100 * hi:.1f}\\% & {deciding} \\\\")
    out += [r"\bottomrule", r"\end{tabular}", r"\end{table}"]
    return "\n".join(out)


# --------------------------------------------------------------------- the scenarios
def _scenario_rows(items: Iterable[Scenario]) -> list[dict[str, Any]]:
    rows = []
    for s in items:
        files = scenario_articles(s)
        rows.append({
            "name": s.name, "year": s.year, "title": s.title,
            "articles": [{"file": f, "label": article_label(f), "key": article_for_file(f)}
                         for f in files],
            "options": dict(s.options), "labels": dict(s.labels), "base": s.base,
            "source": s.source, "overrides": len(s.overrides), "outside": list(s.outside),
            "digest": s.digest,
        })
    return rows


def _draws_on(row: Mapping[str, Any]) -> str:
    if row["articles"]:
        return ", ".join(a["label"] for a in row["articles"])
    return "the registry's values" if not row["overrides"] else "values assumed, no quote"


def scenarios_text(items: Iterable[Scenario]) -> str:
    """The scenarios for a terminal: two lines each.

    >>> print(scenarios_text([scenarios["baseline"]]))
    baseline (2025): 2025 baseline
        draws on the registry's values; china_punishes='russia'
    """
    out = []
    for row in _scenario_rows(items):
        extra = [f"{k}={v!r}" for k, v in row["options"].items()]
        if row["base"]:
            extra.append(f"starts from {row['base']}")
        if row["source"] and not row["source"].startswith("triangle/data/"):
            extra.append(f"from {row['source']}")
        if row["outside"]:
            extra.append("outside the plausible range: " + ", ".join(row["outside"]))
        out.append(f"{row['name']} ({row['year']}): {row['title']}")
        out.append(f"    draws on {_draws_on(row)}; {'; '.join(extra)}")
    return "\n".join(out)


def scenarios_markdown(items: Iterable[Scenario]) -> str:
    """The scenarios as a Markdown table.

    >>> print(scenarios_markdown([scenarios["baseline"]]))
    | scenario | year | title | draws on | model |
    |---|---|---|---|---|
    | `baseline` | 2025 | 2025 baseline | the registry's values | china_punishes='russia' |
    """
    out = ["| scenario | year | title | draws on | model |", "|---|---|---|---|---|"]
    for row in _scenario_rows(items):
        model = ", ".join(f"{k}={v!r}" for k, v in row["options"].items())
        out.append(f"| `{row['name']}` | {row['year']} | {row['title'].replace('|', '/')} | "
                   f"{_draws_on(row)} | {model} |")
    return "\n".join(out)


def scenarios_json(items: Iterable[Scenario]) -> str:
    """The scenarios as JSON: a list of objects (name, year, title, articles, ...).

    >>> json.loads(scenarios_json([scenarios["petrenko_002"]]))[0]["articles"][0]["label"]
    'Petrenko (2025)'
    """
    return json.dumps(_scenario_rows(items), indent=2, ensure_ascii=False)
