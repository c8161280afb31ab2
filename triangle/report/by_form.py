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

Prior sensitivity: with labels, each claim's share on each form is also computed under the
log-uniform and triangular priors (:data:`triangle.sensitivity.sampling.PRIORS`, the same
ranks; :func:`triangle.verdicts.robustness.claim_robustness`), and ``by_form[form]``
gains ``"by_prior"`` (prior -> ``{"share", "label"}``) and ``"prior_sensitive"`` (the
label is not the same under every prior; a structural label, decided by the box and not
by a prior, never is).

>>> rows = claims_by_form("baseline", labels=0, claims_=["c004_promising_path"])
>>> sorted(rows[0].as_dict())  # doctest: +NORMALIZE_WHITESPACE
['by_form', 'deciding', 'equivalent_to', 'id', 'order_dependent', 'source', 'statement',
 'structural_reason']
>>> rows[0].by_form["us_first"]["label"]  # labels=0: verdicts at the scenario only
'not computed'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from triangle.models.factors import factors as factor_registry
from triangle.models.scenarios import PointLike, resolve_point
from triangle.verdicts.claims import Claim, claims, evaluate_claims
from triangle.verdicts.forms import FORMS, available_forms, form_applies, form_spec

__all__ = [
    "NOT_APPLICABLE",
    "PRIOR_NOTE",
    "ClaimForms",
    "by_form_json",
    "by_form_latex",
    "by_form_markdown",
    "by_form_text",
    "cache_info",
    "claims_by_form",
]

#: The label of a claim on a form that does not judge it.
NOT_APPLICABLE = "not applicable"

#: Said under every table: what the shares and the prior flag mean.
PRIOR_NOTE = ("shares under the uniform prior; 'prior-sensitive' marks a label that changes "
              "under the log-uniform or triangular prior (same ranks)")

_SHORT = {"simultaneous": "sim", "us_first": "US 1st", "china_first": "CN 1st",
          "bayesian": "bayes", "repeated": "rep"}


@dataclass(frozen=True)
class ClaimForms:
    """One claim on every form (:func:`claims_by_form`); :meth:`as_dict` is its JSON row.

    ``by_form[form]`` is ``{"at_scenario": bool | None, "share": float | None, "label":
    str}`` (``None`` and ``"not applicable"`` where the form does not judge the claim,
    ``"not computed"`` where labels were not asked for), plus ``"reason"`` when not
    applicable and ``"tie_dependent"`` (a share) where ties matter. ``deciding[form]`` is a
    list of ``{"factor", "importance", "shift", "provenance"}``.
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
        }

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
) -> list[ClaimForms]:
    """Every claim on every form: the verdict at ``scenario``, the share, label and why.

    ``labels`` samples of each claim's plausible box give the share, the label and the
    deciding factors (:func:`triangle.verdicts.labels.claim_verdicts`, seeded, with
    ``search`` points looking for a flip and ``vacuity`` for the vacuity test); ``0``
    skips them (the verdicts at the scenario only, labels ``"not computed"``). ``forms``
    defaults to every form available (:func:`triangle.verdicts.forms.available_forms`).
    ``order_dependent`` is true when the verdicts of two move-order forms differ at the
    scenario or somewhere in the sampled box.

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


# --------------------------------------------------------------------- renderings
def _cell(v: Mapping[str, Any], mark: tuple[str, str] = ("holds", "FAILS")) -> str:
    if v["label"] == NOT_APPLICABLE:
        return "n/a"
    verdict = mark[0] if v["at_scenario"] else mark[1]
    if v["share"] is None:
        return verdict
    flag = " (prior-sensitive)" if v.get("prior_sensitive") else ""
    return f"{verdict} {v['label']} {100 * v['share']:.0f}%{flag}"


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
    if any(r.by_form[form]["label"] == "not computed" for r in judged):
        # without labels nothing says which claims are structural on this form: do not
        # call the count findings
        held = sum(bool(r.by_form[form]["at_scenario"]) for r in judged)
        return (f"{form}: {held} of {len(judged)} claims hold (labels not computed: "
                f"structural claims not set apart)")
    findings = [r for r in judged if r.by_form[form]["label"] != "structural"]
    held = sum(bool(r.by_form[form]["at_scenario"]) for r in findings)
    apart = len(judged) - len(findings)
    return f"{form}: {held} of {len(findings)} findings hold" + (
        f" ({apart} structural apart)" if apart else "")


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
    out.append(f"  note: {PRIOR_NOTE}")
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
    return "\n".join(out)


def by_form_json(rows: Sequence[ClaimForms]) -> list[dict[str, Any]]:
    """The rows as JSON-ready data (:meth:`ClaimForms.as_dict`).

    >>> import json
    >>> rows = claims_by_form("baseline", labels=0, claims_=["c004_promising_path"])
    >>> json.dumps(by_form_json(rows))[:9]
    '[{"id": "'
    """
    return [r.as_dict() for r in rows]

