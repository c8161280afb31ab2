"""Every claim on every model form, as the reports show it (issue 9, item 7).

For each claim: its verdict on each form at the scenario asked for (historical claims at
their own scenario), and over the claim's plausible box the share of the box in which it
holds, the label (``structural`` apart from the findings, ``robust``, ``contested``,
``rare``: :mod:`triangle.verdicts.labels`), the deciding factors with their provenance
(``cited`` / ``assumed``), and whether the verdict depends on the order of moves
(``order_dependent``). A form that does not judge a claim (the repeated form judges the
claims about time only) shows ``not applicable`` with its reason, never a verdict.

:func:`claims_by_form` computes the rows (:class:`ClaimForms`); :func:`by_form_text`,
:func:`by_form_markdown`, :func:`by_form_latex` and :func:`by_form_json` render them.
The JSON rows have the stable keys ``id``, ``source``, ``statement``, ``by_form`` (form
-> ``{"at_scenario", "share", "label"}``), ``order_dependent`` and ``deciding`` (form ->
factors), as :func:`triangle.verdicts.labels.verdicts_json`.

Point verdicts at an edge (issue 9, item 4): a verdict at the scenario that changes within
2% of some factor's range around the point (:func:`triangle.verdicts.edges.point_edges`)
is not a finding at that point. Its cell keeps ``"at_scenario"`` (the verdict computed
there) and gains ``"at_edge"`` (the factors along which it changes; empty elsewhere) and
``"region_share"`` (the share of the scenario's region, on that form, in which the claim
holds: :func:`triangle.verdicts.robustness.claim_robustness` with ``region=``); the
renderings show "at an edge" with that share instead of holds / FAILS, and the headline
counts such verdicts apart, as it sets the structural ones apart.

Prior sensitivity: with labels, each claim's share on each form is also computed under the
log-uniform and triangular priors (:data:`triangle.sensitivity.sampling.PRIORS`, the same
ranks; :func:`triangle.verdicts.robustness.claim_robustness`), and ``by_form[form]``
gains ``"by_prior"`` (prior -> ``{"share", "label"}``) and ``"prior_sensitive"`` (the
label is not the same under every prior; a structural label, decided by the box and not
by a prior, never is).

>>> rows = claims_by_form("baseline", labels=0, claims_=["c004_promising_path"])
>>> sorted(rows[0].as_dict())  # doctest: +NORMALIZE_WHITESPACE
['at_edge', 'by_form', 'deciding', 'equivalent_to', 'id', 'order_dependent', 'source',
 'statement', 'structural_reason']
>>> rows[0].by_form["us_first"]["label"]  # labels=0: verdicts at the scenario only
'not computed'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from triangle.models.factors import factors as factor_registry
from triangle.models.scenarios import PointLike, Scenario, resolve_point, scenarios
from triangle.verdicts.claims import Claim, claims, evaluate_claims
from triangle.verdicts.edges import PointEdges, point_edges
from triangle.verdicts.forms import FORMS, available_forms, form_applies, form_spec

__all__ = [
    "EDGE_NOTE",
    "NOT_APPLICABLE",
    "PRIOR_NOTE",
    "REGION_SAMPLES",
    "ClaimForms",
    "by_form_json",
    "by_form_latex",
    "by_form_markdown",
    "by_form_text",
    "cache_info",
    "claims_by_form",
    "share_text",
]

#: The label of a claim on a form that does not judge it.
NOT_APPLICABLE = "not applicable"

#: Said under every table: what the shares and the prior flag mean.
PRIOR_NOTE = ("shares under the uniform prior; 'prior-sensitive' marks a label that changes "
              "under the log-uniform or triangular prior (same ranks)")

#: Samples of the scenario's region for the share of a claim whose point verdict is at an
#: edge, when no labels are asked for (with labels, as many as the labels').
REGION_SAMPLES = 2_000

#: Said under a table with a verdict at an edge.
EDGE_NOTE = ("'at an edge': the verdict at the scenario changes within 2% of a factor's range "
             "around it, a side no source decides, so it is not a finding there; the share of "
             "the scenario's region in which the claim holds on that form stands in its place, "
             "and the count sets it apart")

_SHORT = {"simultaneous": "sim", "us_first": "US 1st", "china_first": "CN 1st",
          "bayesian": "bayes", "repeated": "rep"}


@dataclass(frozen=True)
class ClaimForms:
    """One claim on every form (:func:`claims_by_form`); :meth:`as_dict` is its JSON row.

    ``by_form[form]`` is ``{"at_scenario": bool | None, "share": float | None, "label":
    str}`` (``None`` and ``"not applicable"`` where the form does not judge the claim,
    ``"not computed"`` where labels were not asked for), plus ``"reason"`` when not
    applicable, ``"tie_dependent"`` (a share) where ties matter, ``"at_edge"`` (the factors
    within 2% of whose range around the point the verdict changes; module docs) and, where
    that list is not empty, ``"region_share"``. ``deciding[form]`` is a list of
    ``{"factor", "importance", "shift", "provenance"}``.
    """

    id: str
    source: str
    statement: str
    kind: str
    scenario: str
    by_form: Mapping[str, Mapping[str, Any]]
    order_dependent: bool
    deciding: Mapping[str, Sequence[Mapping[str, Any]]] = field(default_factory=dict)
    equivalent_to: tuple[str, ...] = ()
    structural_reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The claim's JSON row (stable keys; module docs), with the claim's declared
        equivalents and the reason its data gives for a structural verdict."""
        return {
            "id": self.id,
            "source": self.source,
            "statement": self.statement,
            "by_form": {f: dict(v) for f, v in self.by_form.items()},
            "order_dependent": self.order_dependent,
            "deciding": {f: [dict(d) for d in v] for f, v in self.deciding.items()},
            "equivalent_to": list(self.equivalent_to),
            "structural_reason": self.structural_reason,
            "at_edge": self.at_edge(),
        }

    def at_edge(self, form: str | None = None) -> list[str]:
        """The factors along which the point verdict on ``form`` (on any form: ``None``)
        changes within the neighbourhood (empty: not at an edge).

        >>> rows = claims_by_form("baseline", labels=0, claims_=["c004_promising_path"],
        ...                       forms=["simultaneous", "us_first"])
        >>> rows[0].at_edge("us_first"), len(rows[0].at_edge("simultaneous"))
        ([], 4)
        """
        cells = [self.by_form[form]] if form is not None else list(self.by_form.values())
        return sorted({f for v in cells for f in v.get("at_edge", ())})

    def judged(self) -> list[str]:
        """The forms that judge this claim."""
        return [f for f, v in self.by_form.items() if v["label"] != NOT_APPLICABLE]


# --------------------------------------------------------------------- the labels' cache
# The labels of a group of claims on a group of forms (seconds each, the Bayesian form's
# most) do not depend on the scenario: they sample each claim's plausible box. One process
# asks for the same ones again and again (``triangle claims``, ``analyze`` and the report
# each judge every claim on every form), so they are kept here, keyed by everything that
# decides them: the sample sizes, the seed, the forms (and the builder each is registered
# with), the claims (the objects, not only their ids), the priors, and every factor's range
# and baseline value. The verdicts at the scenario are cheap and always recomputed.
_CACHE: dict[tuple[Any, ...], tuple[Any, ...]] = {}
_CACHE_SIZE = 32
_STATS = {"hits": 0, "misses": 0}


def cache_info() -> dict[str, int]:
    """Hits, misses and entries of the per-process cache of the claims' labels by form.

    >>> before = cache_info()
    >>> _ = claims_by_form("baseline", labels=50, search=20, vacuity=10,
    ...                    claims_=["c003_pivot_not_worth_it"], forms=["simultaneous"])
    >>> _ = claims_by_form("1972", labels=50, search=20, vacuity=10,
    ...                    claims_=["c003_pivot_not_worth_it"], forms=["simultaneous"])
    >>> after = cache_info()  # the labels do not depend on the scenario: the second reuses
    >>> after["misses"] - before["misses"], after["hits"] - before["hits"]
    (1, 1)
    """
    return {**_STATS, "entries": len(_CACHE)}


def _box_digest() -> tuple[Any, ...]:
    """Every factor's range and baseline (the registry's and the belief factors')."""
    from triangle.models.beliefs import BELIEF_FACTORS

    out = []
    for reg in (factor_registry, BELIEF_FACTORS):
        for fid in reg:
            f = reg[fid]
            out.append((fid, float(f.low), float(f.high), float(f.value)))
    return tuple(out)


def _labelled(fs: list[str], members: list[str], *, labels: int, seed: int, search: int,
              vacuity: int) -> tuple[list[Any], dict[str, Any]]:
    """The rows of :func:`claim_verdicts` and the tables of :func:`claim_robustness` under
    the other priors, for ``members`` on ``fs`` (cached; see above)."""
    from triangle.sensitivity.sampling import PRIORS
    from triangle.verdicts.labels import claim_verdicts
    from triangle.verdicts.robustness import claim_robustness

    objects = tuple(claims[c] for c in members)
    specs = tuple(form_spec(f) for f in fs)
    key = (labels, seed, search, vacuity, tuple(fs), tuple(members), tuple(PRIORS),
           tuple(id(o) for o in objects), tuple(id(s) for s in specs), _box_digest())
    hit = _CACHE.get(key)
    # the objects are kept with the entry, so their ids cannot be reused while it lives
    if hit is not None and all(a is b for a, b in zip(hit[0], objects + specs)):
        _STATS["hits"] += 1
        return hit[1], hit[2]
    _STATS["misses"] += 1
    rows = claim_verdicts(labels, seed=seed, claims_=members, forms=fs, search=search,
                          vacuity=vacuity)
    # the shares only: the verdicts at the baseline are the uniform rows' (``at_baseline``)
    tables = {prior: claim_robustness(labels, seed=seed, claims=members, forms=fs,
                                      prior=prior, at_baseline=False) for prior in PRIORS[1:]}
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = (objects + specs, rows, tables)
    return rows, tables


def _forms(forms: Iterable[str] | None) -> tuple[str, ...]:
    return available_forms() if forms is None else tuple(form_spec(f).name for f in forms)


def _at_scenario(chosen: list[Claim], point: Any, form: str) -> dict[str, bool]:
    """Each claim's verdict on ``form`` at ``point`` (historical claims at their scenario)."""
    out: dict[str, bool] = {}
    mine = [c for c in chosen if c.kind != "historical" and form_applies(form, c.id)]
    if mine:
        got = evaluate_claims({}, mine, base=point, form=form)
        out.update({cid: bool(v[0]) for cid, v in got.items()})
    for c in chosen:
        if c.kind == "historical" and form_applies(form, c.id):
            out[c.id] = bool(c.check(form=form).holds)
    return out


def claims_by_form(
    scenario: PointLike = "baseline",
    *,
    labels: int = 20_000,
    seed: int = 0,
    forms: Iterable[str] | None = None,
    claims_: Iterable[str] | None = None,
    search: int = 2_000,
    vacuity: int = 200,
    edges: PointEdges | bool = True,
) -> list[ClaimForms]:
    """Every claim on every form: the verdict at ``scenario``, the share, label and why.

    ``labels`` samples of each claim's plausible box give the share, the label and the
    deciding factors (:func:`triangle.verdicts.labels.claim_verdicts`, seeded, with
    ``search`` points looking for a flip and ``vacuity`` for the vacuity test); ``0``
    skips them (the verdicts at the scenario only, labels ``"not computed"``). ``forms``
    defaults to every form available (:func:`triangle.verdicts.forms.available_forms`).
    ``order_dependent`` is true when the verdicts of two move-order forms differ at the
    scenario or somewhere in the sampled box. ``edges`` (default ``True``: computed here;
    or a :class:`~triangle.verdicts.edges.PointEdges` already computed at the scenario;
    ``False``: not looked for) marks the verdicts at the scenario that change within 2% of
    a factor's range (module docs) and gives their share in the scenario's region.

    >>> rows = claims_by_form("baseline", labels=500, search=100, vacuity=50,
    ...                       claims_=["c003_pivot_not_worth_it"], forms=["simultaneous"])
    >>> row = rows[0].as_dict()["by_form"]["simultaneous"]
    >>> row["at_scenario"], row["label"] in ("structural", "robust", "contested", "rare")
    (True, True)
    """
    forms = _forms(forms)
    point = resolve_point(scenario)
    name = point.name or "custom values"
    ids = list(claims) if claims_ is None else list(claims_)
    chosen = [claims[c] for c in ids]
    at = {f: _at_scenario(chosen, point, f) for f in forms}
    if edges is True:
        edges = point_edges(point, forms=forms, claims=ids)
    near = _edge_cells(edges or None, scenario, point, forms, chosen, labels or REGION_SAMPLES,
                       seed)
    found: dict[str, dict[str, Any]] = {}  # claim -> form -> FormVerdict
    priors: dict[tuple[str, str], dict[str, float]] = {}  # (claim, form) -> prior -> share
    disagree: dict[str, bool] = {}
    if labels > 0:
        from triangle.verdicts.labels import label_of

        # forms that judge every claim are labelled together (their disagreement over the
        # same points is the order dependence); a form judging some claims, on its own
        common = [f for f in forms if all(form_applies(f, c) for c in ids)]
        groups: list[tuple[list[str], list[str]]] = [(common, ids)] if common else []
        groups += [([f], [c for c in ids if form_applies(f, c)]) for f in forms
                   if f not in common]
        for fs, members in groups:
            if not members:
                continue
            rows, tables = _labelled(fs, members, labels=labels, seed=seed, search=search,
                                     vacuity=vacuity)
            for row in rows:
                found.setdefault(row.id, {}).update(row.by_form)
                if fs is common:
                    disagree[row.id] = row.disagreement > 0
            for prior, table in tables.items():
                for f in fs:
                    for r in table[f].rows:
                        priors.setdefault((r.id, f), {})[prior] = float(r.share)
    out = []
    for c in chosen:
        by_form: dict[str, dict[str, Any]] = {}
        deciding: dict[str, list[dict[str, Any]]] = {}
        for f in forms:
            if not form_applies(f, c.id):
                by_form[f] = {"at_scenario": None, "share": None, "label": NOT_APPLICABLE,
                              "reason": form_spec(f).note or "the form does not judge it"}
                continue
            v = found.get(c.id, {}).get(f)
            cell: dict[str, Any] = {"at_scenario": at[f][c.id],
                                    "share": None if v is None else float(v.share),
                                    "label": "not computed" if v is None else v.label}
            if v is not None and v.tie_dependent > 0:
                cell["tie_dependent"] = float(v.tie_dependent)
            cell["at_edge"] = list(near.get((c.id, f), ((), None))[0])
            if cell["at_edge"]:
                cell["region_share"] = near[(c.id, f)][1]
            if v is not None and (c.id, f) in priors:
                structural = v.label == "structural"
                by_prior = {"uniform": {"share": float(v.share), "label": v.label}}
                for prior, share in priors[(c.id, f)].items():
                    by_prior[prior] = {"share": share,
                                       "label": v.label if structural else
                                       label_of(share, constant=False)}
                cell["by_prior"] = by_prior
                cell["prior_sensitive"] = len({p["label"] for p in by_prior.values()}) > 1
            by_form[f] = cell
            deciding[f] = [] if v is None else [
                {"factor": d["factor"], "importance": float(d["importance"]),
                 "shift": float(d["shift"]),
                 "provenance": factor_registry[d["factor"]].provenance}
                for d in v.deciding
            ]
        moves = [f for f in forms if f in FORMS and by_form[f]["at_scenario"] is not None]
        order = len({by_form[f]["at_scenario"] for f in moves}) > 1 or disagree.get(c.id, False)
        where = c.scenario if c.kind == "historical" else name
        out.append(ClaimForms(c.id, c.source, c.statement, c.kind, where, by_form, order,
                              deciding, tuple(getattr(c, "equivalent_to", ())),
                              str(getattr(c, "structural", ""))))
    return out


def _region_of(world: str, scenario: PointLike, point: Any) -> Scenario | None:
    """The scenario whose region a claim's share is taken over: the scenario asked for
    (a historical claim: its own), or ``None`` (values given: the plausible box)."""
    if world != (point.name or "custom values") and world in scenarios:
        return scenarios[world]
    if isinstance(scenario, Scenario):
        return scenario
    return scenarios.get(point.name, None)


def _edge_cells(edges: PointEdges | None, scenario: PointLike, point: Any,
                forms: Sequence[str], chosen: list[Claim], n: int,
                seed: int) -> dict[tuple[str, str], tuple[tuple[str, ...], float]]:
    """``(claim, form) -> (factors, share in the region)`` for the verdicts at an edge."""
    from triangle.verdicts.robustness import claim_robustness

    if edges is None:
        return {}
    ids = {c.id for c in chosen}
    groups: dict[tuple[str, str], list[Any]] = {}
    for e in edges.claims:
        if e.claim in ids and e.form in forms:
            groups.setdefault((e.scenario, e.form), []).append(e)
    out = {}
    for (world, form), members in groups.items():
        region = _region_of(world, scenario, point)
        kwargs: dict[str, Any] = ({"region": region} if region is not None
                                  else {"ranges": dict(point.ranges)})
        table = claim_robustness(n, seed=seed, claims=[e.claim for e in members], form=form,
                                 at_baseline=False, **kwargs)
        share = {r.id: float(r.share) for r in table.rows}
        out.update({(e.claim, form): (e.factors, share[e.claim]) for e in members})
    return out


# --------------------------------------------------------------------- renderings
def _cell(v: Mapping[str, Any], mark: tuple[str, str] = ("holds", "FAILS")) -> str:
    if v["label"] == NOT_APPLICABLE:
        return "n/a"
    verdict = mark[0] if v["at_scenario"] else mark[1]
    if v.get("at_edge"):  # not a finding at the point: the region's share in its place
        verdict = f"at an edge, {share_text(v['region_share'])} of region;"
    if v["share"] is None:
        return verdict.rstrip(";")
    flag = " (prior-sensitive)" if v.get("prior_sensitive") else ""
    return f"{verdict} {v['label']} {share_text(v['share'])}{flag}"


def share_text(share: float) -> str:
    """A share as a per cent with one decimal: the labels' bounds are 5% and 95%, so a
    whole per cent would show a contested 94.6% as "95%".

    >>> share_text(0.946), share_text(1.0), share_text(0.0004)
    ('94.6%', '100.0%', '0.0%')
    """
    return f"{100 * share:.1f}%"


def _deciding_text(row: ClaimForms, limit: int = 3) -> str:
    """The deciding factors of the first form that has some, with their provenance."""
    for f in row.deciding:
        items = row.deciding[f][:limit]
        if items:
            return ", ".join(
                f"{d['factor']} ({'+' if d['shift'] > 0 else '-'}{d['importance']:.2f}, "
                f"{d['provenance']})" for d in items)
    return ""


def _forms_of(rows: Sequence[ClaimForms]) -> list[str]:
    return list(rows[0].by_form) if rows else list(FORMS)


def _headline(rows: Sequence[ClaimForms], form: str) -> str:
    judged = [r for r in rows if r.by_form[form]["label"] != NOT_APPLICABLE]
    # a verdict at an edge is not a finding at the point: counted apart
    edge = [r for r in judged if r.by_form[form].get("at_edge")]
    judged = [r for r in judged if not r.by_form[form].get("at_edge")]
    at_edge = f"{len(edge)} at an edge" if edge else ""
    if any(r.by_form[form]["label"] == "not computed" for r in judged):
        # without labels nothing says which claims are structural on this form: do not
        # call the count findings
        held = sum(bool(r.by_form[form]["at_scenario"]) for r in judged)
        return (f"{form}: {held} of {len(judged)} claims hold ("
                + (f"{at_edge} apart; " if edge else "")
                + "labels not computed: structural claims not set apart)")
    findings = [r for r in judged if r.by_form[form]["label"] != "structural"]
    held = sum(bool(r.by_form[form]["at_scenario"]) for r in findings)
    apart = [at_edge] if edge else []
    if len(judged) > len(findings):
        apart.append(f"{len(judged) - len(findings)} structural")
    return f"{form}: {held} of {len(findings)} findings hold" + (
        f" ({', '.join(apart)} apart)" if apart else "")


def _edge_text(row: ClaimForms) -> str:
    """The forms on which the claim's point verdict is at an edge, and along which factors."""
    on = [f for f in row.by_form if row.by_form[f].get("at_edge")]
    if not on:
        return ""
    return (f"at an edge on {', '.join(_SHORT.get(f, f) for f in on)} (within 2% of the "
            f"range of {', '.join(row.at_edge())})")


def by_form_text(rows: Sequence[ClaimForms]) -> str:
    """The table for a terminal (lines <= 100 characters where the ids allow).

    >>> rows = claims_by_form("baseline", labels=0, claims_=["c004_promising_path"])
    >>> print(by_form_text(rows))  # doctest: +ELLIPSIS
    Claims on every form (verdict at the scenario; label and share over the plausible box)
    ...
      c004_promising_path ... order-dependent...
    """
    forms = _forms_of(rows)
    out = ["Claims on every form (verdict at the scenario; label and share over the "
           "plausible box)"]
    out += ["  " + "; ".join(_headline(rows, f) for f in forms)]
    out += ["  forms: " + ", ".join(f"{_SHORT.get(f, f)} = {f}" for f in forms)]
    for r in rows:
        flag = "  order-dependent" if r.order_dependent else ""
        where = f", at {r.scenario}" if r.kind == "historical" else ""
        out.append(f"  {r.id}  [{r.source[:3]}{where}]{flag}")
        out.append("      " + " | ".join(f"{_SHORT.get(f, f)}: {_cell(r.by_form[f])}"
                                         for f in forms))
        decide = _deciding_text(r)
        if decide:
            out.append(f"      deciding: {decide}")
        if _edge_text(r):
            out.append(f"      {_edge_text(r)}")
    out.append(f"  note: {PRIOR_NOTE}")
    if any(_edge_text(r) for r in rows):
        out.append(f"  note: {EDGE_NOTE}")
    return "\n".join(out)


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def by_form_markdown(rows: Sequence[ClaimForms]) -> str:
    """The table as Markdown (one column per form).

    >>> rows = claims_by_form("baseline", labels=0, claims_=["c004_promising_path"])
    >>> print(by_form_markdown(rows).splitlines()[2])  # doctest: +ELLIPSIS
    | claim | article | simultaneous | us_first | china_first | ... order-dependent | ...
    """
    forms = _forms_of(rows)
    out = ["Verdict at the scenario; label and share of the plausible box in which the claim "
           "holds; structural verdicts follow from the model's construction and are not "
           "findings.", ""]
    out += ["| claim | article | " + " | ".join(forms) + " | order-dependent | "
            "deciding factors (provenance) |"]
    out += ["|---|---|" + "---|" * len(forms) + "---|---|"]
    for r in rows:
        cells = " | ".join(_cell(r.by_form[f]) for f in forms)
        out.append(f"| `{r.id}` | {r.source[:3]} | {cells} | "
                   f"{'yes' if r.order_dependent else 'no'} | {_md(_deciding_text(r))} |")
    out += ["", "; ".join(_headline(rows, f) for f in forms) + ".", "", f"*{PRIOR_NOTE}.*"]
    edges = [f"`{r.id}` {_edge_text(r)}" for r in rows if _edge_text(r)]
    if edges:
        out += ["", f"*{EDGE_NOTE}.* " + "; ".join(edges) + "."]
    return "\n".join(out)


def _tex(text: str) -> str:
    for a, b in (("\\", "\\textbackslash{}"), ("_", "\\_"), ("%", "\\%"), ("&", "\\&"),
                 ("#", "\\#")):
        text = text.replace(a, b)
    return text


def by_form_latex(rows: Sequence[ClaimForms]) -> str:
    """The table as LaTeX (booktabs), one column per form.

    >>> rows = claims_by_form("baseline", labels=0, claims_=["c004_promising_path"])
    >>> "\\\\toprule" in by_form_latex(rows)
    True
    """
    forms = _forms_of(rows)
    out = ["\\begin{tabular}{ll" + "l" * len(forms) + "l}", "\\toprule",
           "claim & article & " + " & ".join(_tex(f) for f in forms)
           + " & order-dependent \\\\", "\\midrule"]
    for r in rows:
        cells = " & ".join(_tex(_cell(r.by_form[f], ("holds", "fails"))) for f in forms)
        out.append(f"\\texttt{{{_tex(r.id)}}} & {r.source[:3]} & {cells} & "
                   f"{'yes' if r.order_dependent else 'no'} \\\\")
    out += ["\\bottomrule", "\\end{tabular}", f"% {PRIOR_NOTE}"]
    edges = [f"% {r.id}: {_edge_text(r)}" for r in rows if _edge_text(r)]
    if edges:
        out += [f"% {EDGE_NOTE}", *edges]
    return "\n".join(out)


def by_form_json(rows: Sequence[ClaimForms]) -> list[dict[str, Any]]:
    """The rows as JSON-ready data (:meth:`ClaimForms.as_dict`).

    >>> import json
    >>> rows = claims_by_form("baseline", labels=0, claims_=["c004_promising_path"])
    >>> json.dumps(by_form_json(rows))[:9]
    '[{"id": "'
    """
    return [r.as_dict() for r in rows]

