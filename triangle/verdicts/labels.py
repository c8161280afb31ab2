"""Structural results apart from findings: each claim's label on each model form.

A claim's verdict that is the same everywhere in the plausible box is a consequence of
how the model is built, not a finding about the world: it is labelled ``"structural"``,
reported on its own and never counted in the headline ("n of N hold"). The other labels
grade the share of the box in which the claim holds: ``"robust"`` (at least 95%),
``"rare"`` (at most 5%), ``"contested"`` in between (:data:`LABELS`, stable strings).

Whether a verdict can change is decided by search, with the evidence kept
(:class:`Evidence`): a Monte Carlo sample of the box (the claim's own scenario's box for
a historical claim), random vertices of the box (as many as the sample; the same on every
form), as many points piled up near the vertices (each factor drawn from a Beta(0.1, 0.1)
over its range), the ends of a flip found on another form, and a directed search toward the
boundary (from the points nearest to it by the checks' margins, each factor moved to
either end of its range, twice). A flip is kept as a pair of points, one where the
claim holds and one where it fails, bisected along the segment between them to within
``1e-6`` of the boundary. Where no flip is found, a proof is tried
(:func:`triangle.verdicts.proofs.prove`: the check run on the payoff expressions, each
comparison settled by :func:`triangle.models.factors.sign_on_ranges`); a proved verdict
is ``structural`` with ``Evidence.kind == "proof"``, an unproved one the search never saw
change is ``structural`` with ``Evidence.kind == "search"`` (evidence, not a proof: the
points examined are counted).

Every label comes with the deciding factors (first-order Sobol' indices, as
:func:`triangle.verdicts.robustness.claim_robustness` computes them), each marked
``cited`` or ``assumed`` (:attr:`triangle.models.factors.Factor.provenance`). The
vacuity test lists the factors a claim names that never change its verdict on a form.

>>> label_of(0.97, constant=False), label_of(1.0, constant=True), label_of(0.5, False)
('robust', 'structural', 'contested')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from triangle.errors import InvalidSampleError
from triangle.models.factors import factors as factor_registry
from triangle.models.provenance import Provenance
from triangle.models.scenarios import scenarios
from triangle.registries import check_count, check_sequence, check_text
from triangle.verdicts.claims import Claim, claims, evaluate_claims, tie_dependence
from triangle.verdicts.forms import FORMS, check_form, form_check
from triangle.verdicts.proofs import prove
from triangle.verdicts.robustness import claim_robustness

__all__ = [
    "LABELS",
    "ClaimVerdicts",
    "Evidence",
    "FormVerdict",
    "claim_verdicts",
    "headline",
    "label_of",
    "verdicts_json",
    "verdicts_markdown",
]

#: The labels, stable strings: the first is apart from the findings.
LABELS: tuple[str, ...] = ("structural", "robust", "contested", "rare")

#: A claim holding in at least this share of the box is robust; at most 1 - this, rare.
ROBUST = 0.95

#: The most samples (``n``) a call of :func:`claim_verdicts` may ask for (drawn in chunks).
MAX_SAMPLES = 10_000_000

#: The most search or vacuity points per claim and form (held in memory at once).
MAX_POINTS = 1_000_000


def label_of(share: float, constant: bool) -> str:
    """The label of a claim on one form from its share and whether its verdict can change.

    >>> label_of(0.03, constant=False)
    'rare'
    """
    if constant:
        return "structural"
    if share >= ROBUST:
        return "robust"
    if share <= 1 - ROBUST:
        return "rare"
    return "contested"


@dataclass(frozen=True)
class Evidence:
    """Why a label is what it is.

    ``kind``: ``"flip"`` (a point where the claim holds and one where it fails, both in
    the box, ``holds_at`` / ``fails_at``, within ``gap`` of each other along a segment),
    ``"proof"`` (every comparison the check makes has a sign proved over the box:
    :func:`triangle.verdicts.proofs.prove`) or ``"search"`` (no flip found among
    ``points`` points; evidence, not a proof).
    """

    kind: str
    points: int
    holds_at: Mapping[str, float] | None = None
    fails_at: Mapping[str, float] | None = None
    gap: float | None = None

    def as_dict(self) -> dict[str, Any]:
        """The evidence as plain data (JSON-ready)."""
        return {"kind": self.kind, "points": self.points,
                "holds_at": None if self.holds_at is None else dict(self.holds_at),
                "fails_at": None if self.fails_at is None else dict(self.fails_at),
                "gap": self.gap}


@dataclass(frozen=True)
class FormVerdict:
    """One claim on one form: the verdict at its scenario, the share, the label, why.

    ``tie_dependent`` is the share of the search points at which tied subgame-perfect
    paths give the claim different verdicts (:func:`triangle.verdicts.claims.tie_dependence`).
    """

    at_scenario: bool
    share: float
    label: str
    evidence: Evidence
    deciding: tuple[dict[str, Any], ...] = ()
    vacuous: tuple[str, ...] = ()
    tie_dependent: float = 0.0


@dataclass(frozen=True)
class ClaimVerdicts:
    """One claim on every form (:func:`claim_verdicts`); :meth:`as_dict` is the report's JSON.

    ``disagreement`` is the share of the sampled box in which two forms give different
    verdicts; ``order_dependent`` is true when that share is positive or the verdicts at
    the claim's scenario differ between forms. ``provenance`` records the run (the
    claim's scenario with every factor value, the seed, the samples, the prior, the date,
    the versions): in :meth:`details` (stable key ``provenance``), folded in the HTML
    display and in ``%`` lines above :meth:`to_latex`. :meth:`as_dict` stays the report's
    row (the report records the provenance once, at its top).
    """

    id: str
    source: str
    statement: str
    by_form: Mapping[str, FormVerdict]
    order_dependent: bool
    disagreement: float
    vacuous: tuple[str, ...] = field(default=())
    equivalent_to: tuple[str, ...] = ()
    structural_reason: str = ""
    provenance: Provenance | None = field(default=None, compare=False)

    @property
    def structural(self) -> bool:
        """Whether the claim is structural on every form judged."""
        return all(v.label == "structural" for v in self.by_form.values())

    def as_dict(self) -> dict[str, Any]:
        """The claim's row of the JSON report (stable keys).

        ``{"id", "source", "statement", "by_form": {form: {"at_scenario", "share",
        "label"}}, "order_dependent", "deciding": {form: [{"factor", "importance",
        "shift", "provenance"}]}, "equivalent_to": [ids], "structural_reason": str}``
        (``structural_reason``: why the claim's verdict cannot change in the box, from the
        claim's data; empty when it can).
        """
        return {
            "id": self.id,
            "source": self.source,
            "statement": self.statement,
            "by_form": {
                f: {"at_scenario": v.at_scenario, "share": v.share, "label": v.label}
                for f, v in self.by_form.items()
            },
            "order_dependent": self.order_dependent,
            "deciding": {f: [dict(d) for d in v.deciding] for f, v in self.by_form.items()},
            "equivalent_to": list(self.equivalent_to),
            "structural_reason": self.structural_reason,
        }

    def details(self) -> dict[str, Any]:
        """:meth:`as_dict` with the evidence of each label and the vacuity test."""
        out = self.as_dict()
        out["disagreement"] = self.disagreement
        out["evidence"] = {f: v.evidence.as_dict() for f, v in self.by_form.items()}
        out["vacuous"] = {f: list(v.vacuous) for f, v in self.by_form.items()}
        out["vacuous_on_every_form"] = list(self.vacuous)
        out["tie_dependent"] = {f: v.tie_dependent for f, v in self.by_form.items()}
        out["provenance"] = None if self.provenance is None else self.provenance.to_dict()
        return out

    # ----------------------------------------------------- notebook and paper (issue 13)
    _title = "Claim on every form"

    def _summary(self) -> str:
        from triangle.citations import citation_label

        order = "order-dependent" if self.order_dependent else "the same on every form"
        return f"{self.id}, {citation_label(self.source)}: {order}"

    def _table(self) -> tuple[list[str], list[list[Any]]]:
        return (["form", "at the scenario", "share of the box", "label", "deciding"],
                [[form, "holds" if v.at_scenario else "fails", f"{v.share:.1%}", v.label,
                  ", ".join(str(d.get("factor", "")) for d in v.deciding) or "-"]
                 for form, v in self.by_form.items()])

    def _notes(self) -> tuple[str, ...]:
        return (self.statement,)

    def _repr_html_(self) -> str:
        from triangle.games.display import html_of

        return html_of(self)

    def to_latex(self, caption: str | None = None, label: str | None = None) -> str:
        """The claim on every form as a booktabs table, its provenance in ``%`` lines."""
        from triangle.games.display import latex_of

        return latex_of(self, caption, label)

    def __cite__(self) -> tuple[str, ...]:
        from triangle.citations import article_for_file

        return ("triangle", article_for_file(self.source), "selten1975", "nash1951")


# --------------------------------------------------------------------- the box
def _box(claim: Claim) -> dict[str, tuple[float, float]]:
    if claim.scenario == "baseline":
        return {fid: f.range for fid, f in factor_registry.items()}
    return scenarios[claim.scenario].ranges()


def _uniform(box: Mapping[str, tuple[float, float]], n: int,
             rng: np.random.Generator) -> dict[str, np.ndarray]:
    return {fid: rng.uniform(lo, hi, n) for fid, (lo, hi) in box.items()}


def _vertices(box: Mapping[str, tuple[float, float]], n: int,
              rng: np.random.Generator) -> dict[str, np.ndarray]:
    return {fid: np.where(rng.random(n) < 0.5, lo, hi) for fid, (lo, hi) in box.items()}


def _near_vertices(box: Mapping[str, tuple[float, float]], n: int,
                   rng: np.random.Generator) -> dict[str, np.ndarray]:
    # Beta(0.1, 0.1) piles the points up near both ends of every range but keeps them
    # inside: a flip that needs several factors near (not at) an end is found here.
    return {fid: lo + (hi - lo) * rng.beta(0.1, 0.1, n) for fid, (lo, hi) in box.items()}


def _concat(*parts: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def _take(points: Mapping[str, np.ndarray], index: Any) -> dict[str, np.ndarray]:
    return {k: np.asarray(v)[index] for k, v in points.items()}


def _judge(claim: Claim, form: str, points: Mapping[str, np.ndarray]) -> np.ndarray:
    return evaluate_claims(points, [claim], base=claim.scenario, form=form)[claim.id]


def _coordinate_moves(points: Mapping[str, np.ndarray],
                      box: Mapping[str, tuple[float, float]]) -> dict[str, np.ndarray]:
    """Every point with one factor moved to either end of its range (2 d copies each)."""
    m = len(next(iter(points.values())))
    blocks = []
    for fid, (lo, hi) in box.items():
        for end in (lo, hi):
            moved = {k: v.copy() for k, v in points.items()}
            moved[fid] = np.full(m, end)
            blocks.append(moved)
    return _concat(*blocks)


#: Bisection steps judged in one batch: the midpoints of the next ``_LEVELS`` steps
#: whichever way each goes (``2 ** _LEVELS - 1`` points), so a 20-step bisection costs
#: 3 calls of :func:`evaluate_claims` instead of 20 (a call costs about the same for 1
#: point as for a hundred). The walk through them takes the same steps as one at a time.
_LEVELS = 7


def _bisect(claim: Claim, form: str, good: dict[str, float], bad: dict[str, float],
            steps: int = 20) -> tuple[dict[str, float], dict[str, float], float]:
    """Narrow a holds/fails pair along the segment between them (module docs)."""
    lo_t, hi_t = 0.0, 1.0  # t = 0 holds, t = 1 fails
    done = 0
    while done < steps:
        levels = min(_LEVELS, steps - done)
        # the midpoints in heap order: node i's halves are nodes 2i + 1 (holds: go up)
        # and 2i + 2 (fails: go down), each computed as the one-step walk would
        bounds = [(lo_t, hi_t)]
        mids: list[float] = []
        for i in range((1 << levels) - 1):
            lo, hi = bounds[i]
            mid = 0.5 * (lo + hi)
            mids.append(mid)
            bounds += [(mid, hi), (lo, mid)]
        t = np.array(mids)
        verdict = _judge(claim, form, {k: good[k] + t * (bad[k] - good[k]) for k in good})
        node = 0
        for _ in range(levels):
            if verdict[node]:
                lo_t = mids[node]
                node = 2 * node + 1
            else:
                hi_t = mids[node]
                node = 2 * node + 2
        done += levels

    def point(t: float) -> dict[str, float]:
        return {k: float(good[k] + t * (bad[k] - good[k])) for k in good}

    return point(lo_t), point(hi_t), hi_t - lo_t


def _search(claim: Claim, form: str, n: int, rng: np.random.Generator,
            first: np.ndarray | None = None,
            points: Mapping[str, np.ndarray] | None = None,
            corners: Mapping[str, np.ndarray] | None = None) -> Evidence:
    """Look for a point where the claim holds and one where it fails (module docs).

    ``corners`` (default: ``n`` random vertices of the box) are judged when the uniform
    points give one verdict only: verdicts that change only near the corners (a pivot that
    needs several factors at an end at once) are found there.
    """
    box = _box(claim)
    if points is None:
        points = _uniform(box, n, rng)
    if first is None:
        first = _judge(claim, form, points)
    seen = [(points, first)]
    if first.all() or not first.any():
        if corners is None:
            corners = _vertices(box, max(n, 256), rng)
        seen.append((corners, _judge(claim, form, corners)))
        if all(v.all() == first.all() and v.any() == first.any() for _, v in seen):
            near = _near_vertices(box, max(n, 256), rng)
            seen.append((near, _judge(claim, form, near)))
        start = _take(points, rng.choice(len(first), size=min(16, len(first)), replace=False))
        for _ in range(2):  # directed: each factor to either end, then again from there
            moved = _coordinate_moves(start, box)
            verdict = _judge(claim, form, moved)
            seen.append((moved, verdict))
            if verdict.all() != first.all() or verdict.any() != first.any():
                break
            start = _take(moved, rng.choice(len(verdict), size=16, replace=False))
    total = sum(len(v) for _, v in seen)
    good = bad = None
    for pts, verdict in seen:
        if good is None and verdict.any():
            good = {k: float(v[int(np.argmax(verdict))]) for k, v in pts.items()}
        if bad is None and not verdict.all():
            bad = {k: float(v[int(np.argmin(verdict))]) for k, v in pts.items()}
    if good is None or bad is None:
        return Evidence("search", total)
    holds_at, fails_at, gap = _bisect(claim, form, good, bad)
    return Evidence("flip", total, holds_at, fails_at, gap)


# --------------------------------------------------------------------- the verdicts
def claim_verdicts(
    n: int = 20_000,
    *,
    seed: int = 0,
    claims_: Iterable[str] | None = None,
    forms: Iterable[str] = FORMS,
    search: int = 4_000,
    vacuity: int = 1_000,
) -> list[ClaimVerdicts]:
    """Every claim on every form: verdict at its scenario, share, label, deciding factors.

    ``n`` samples give the shares and deciding factors
    (:func:`~triangle.verdicts.robustness.claim_robustness`, seeded); ``search`` points
    per claim and form look for a flip (module docs); ``vacuity`` points per factor and
    form test whether each factor a claim names can change its verdict (at the low, middle
    and high end of its range, the others at the same points).

    >>> rows = claim_verdicts(2_000, claims_=["c004_promising_path"], search=200,
    ...                       vacuity=100)
    >>> sorted(rows[0].as_dict()["by_form"]) == sorted(FORMS)
    True
    >>> rows[0].as_dict()["by_form"]["us_first"]["label"] in LABELS
    True
    """
    _check_sizes(n=n, search=search, vacuity=vacuity)
    check_count(seed, "seed", minimum=0)
    forms = tuple(check_form(check_text(f, "each of forms"))
                  for f in check_sequence(forms, "forms"))
    if not forms:
        raise InvalidSampleError(f"forms: give at least one form, e.g. {FORMS}.")
    if claims_ is None:
        ids = list(claims)
    else:
        ids = [check_text(c, "each of claims_") for c in check_sequence(claims_, "claims_")]
    chosen = [claims[c] for c in ids]
    tables = claim_robustness(n, seed=seed, claims=ids, forms=forms)
    rng = np.random.default_rng(seed)
    records: dict[str, Provenance] = {}  # one per scenario: the claims of a world share it
    out = []
    for claim in chosen:
        world = claim.scenario or "baseline"
        if world not in records:
            records[world] = Provenance.collect(world, seed=seed, samples=n, prior="uniform",
                                                form="claim verdicts: " + ", ".join(forms))
        box = _box(claim)
        points = _uniform(box, search, rng)
        verdicts = {f: _judge(claim, f, points) for f in forms}
        # the verdict at the claim's scenario: claim_robustness's baseline column holds
        # ``claim.check(form=f).holds`` (the claim's own world, no region asked for)
        at = {f: bool(tables[f][claim.id].holds_at_baseline) for f in forms}
        per_form: dict[str, FormVerdict] = {}
        corners = _vertices(box, max(search, 256), rng)  # the same vertices on every form
        found = {f: _search(claim, f, search, rng, first=verdicts[f], points=points,
                            corners=corners)
                 for f in forms}
        found = _share_flips(claim, found)
        # a proof (payoffs and derivatives only) holds on every form; tried where no flip
        proof = None
        if any(ev.kind == "search" for ev in found.values()):
            proof = prove(claim.id)
        for f in forms:
            row = tables[f][claim.id]
            ev = found[f]
            if proof is not None and form_check(f, claim.id) is None:  # proved that check
                ev = Evidence("proof", ev.points)
            constant = ev.kind == "proof" or (ev.kind == "search" and row.share in (0.0, 1.0))
            deciding = tuple(
                {"factor": d.factor, "importance": d.importance, "shift": d.shift,
                 "provenance": factor_registry[d.factor].provenance}
                for d in row.deciding
            )
            vac = _vacuous(claim, f, box, vacuity, rng, ev)
            split = tie_dependence(points, [claim], base=claim.scenario, form=f)[claim.id]
            per_form[f] = FormVerdict(at[f], row.share, label_of(row.share, constant), ev,
                                      deciding, vac, float(split.mean()))
        stacked = np.stack([verdicts[f] for f in forms])
        disagree = float(np.mean(stacked.any(axis=0) & ~stacked.all(axis=0)))
        order = disagree > 0 or len(set(at.values())) > 1
        everywhere = tuple(x for x in claim.factors
                           if all(x in per_form[f].vacuous for f in forms))
        out.append(ClaimVerdicts(claim.id, claim.source, claim.statement, per_form, order,
                                 disagree, everywhere, claim.equivalent_to, claim.structural,
                                 records[world]))
    return out


def _check_sizes(**sizes: Any) -> None:
    """Refuse a size that is not a whole number from 1 to its cap (:data:`MAX_SAMPLES` for
    ``n``, :data:`MAX_POINTS` for the others): the search and vacuity points of a claim
    and form are held in memory at once, so more would exhaust a machine's memory."""
    for what, value in sizes.items():
        # a whole number (a bool, float or string is refused); the range is checked below
        check_count(value, what, minimum=-(2**63))
        cap = MAX_SAMPLES if what == "n" else MAX_POINTS
        if not 1 <= value <= cap:
            raise InvalidSampleError(
                f"{what} must be between 1 and {cap:,}; got {value}. The defaults are "
                f"n 20,000, search 4,000 and vacuity 1,000."
            )


def _share_flips(claim: Claim, found: dict[str, Evidence]) -> dict[str, Evidence]:
    """Where one form's search found no flip, try the points of the other forms' flips.

    Both ends of a flip found on one form lie next to a boundary of the claim's verdict;
    judged on another form, they often straddle its boundary too (the forms share the
    payoffs). A pair that does is bisected as any flip; the evidence counts the points.
    """
    ends = [(ev.holds_at, ev.fails_at) for ev in found.values() if ev.kind == "flip"]
    if not ends:
        return found
    out = dict(found)
    for form, ev in found.items():
        if ev.kind != "search":
            continue
        pts = [p for pair in ends for p in pair if p is not None]
        at = {k: np.array([p[k] for p in pts]) for k in pts[0]}
        verdict = _judge(claim, form, at)
        if verdict.any() and not verdict.all():
            good = pts[int(np.argmax(verdict))]
            bad = pts[int(np.argmin(verdict))]
            holds_at, fails_at, gap = _bisect(claim, form, dict(good), dict(bad))
            out[form] = Evidence("flip", ev.points + len(pts), holds_at, fails_at, gap)
    return out


def _vacuous(claim: Claim, form: str, box: Mapping[str, tuple[float, float]], k: int,
             rng: np.random.Generator, evidence: Evidence) -> tuple[str, ...]:
    """The factors the claim names whose value never changes its verdict at the points.

    The points: ``k`` uniform ones, and the two ends of a flip (next to the boundary,
    where a factor that matters at all changes the verdict when moved to an end).
    """
    base = _uniform(box, k, rng)
    for end in (evidence.holds_at, evidence.fails_at):
        if end is not None:
            base = _concat(base, {n: np.array([end[n]]) for n in base})
    k = len(next(iter(base.values())))
    named = [fid for fid in claim.factors if fid in box]
    if not named:
        return ()
    # every factor's three levels are judged in one batch (a verdict at a point does not
    # depend on the other points of its batch)
    levels = [dict(base, **{fid: np.full(k, x)}) for fid in named
              for x in (box[fid][0], 0.5 * (box[fid][0] + box[fid][1]), box[fid][1])]
    verdicts = _judge(claim, form, _concat(*levels)).reshape(len(named), 3, k)
    return tuple(fid for fid, verdict in zip(named, verdicts) if (verdict == verdict[0]).all())


def headline(rows: Iterable[ClaimVerdicts], form: str = "simultaneous") -> dict[str, int]:
    """The headline counts on one form: findings only (structural claims apart).

    >>> headline([], "us_first")
    {'findings': 0, 'hold': 0, 'structural': 0}
    """
    check_form(form)
    findings = hold = structural = 0
    for row in rows:
        v = row.by_form.get(form)
        if v is None:
            continue
        if v.label == "structural":
            structural += 1
            continue
        findings += 1
        hold += int(v.at_scenario)
    return {"findings": findings, "hold": hold, "structural": structural}


def verdicts_json(n: int = 20_000, *, seed: int = 0, claims_: Iterable[str] | None = None,
                  forms: Iterable[str] = FORMS) -> list[dict[str, Any]]:
    """The report's ``claims`` list (stable): one :meth:`ClaimVerdicts.as_dict` per claim.

    The arguments are those of :func:`claim_verdicts` (checked there).

    >>> rows = verdicts_json(1_000, claims_=["c003_pivot_not_worth_it"])
    >>> sorted(rows[0])  # doctest: +NORMALIZE_WHITESPACE
    ['by_form', 'deciding', 'equivalent_to', 'id', 'order_dependent', 'source', 'statement',
     'structural_reason']
    """
    return [r.as_dict() for r in claim_verdicts(n, seed=seed, claims_=claims_, forms=forms)]


def verdicts_markdown(rows: Iterable[ClaimVerdicts], forms: Iterable[str] = FORMS) -> str:
    """The verdict table per form, as markdown (the table in ``docs/explanation/claims.md``).

    Each cell is ``holds``/``FAILS`` at the claim's scenario, the label and the share;
    structural rows are listed after the findings.

    >>> print(verdicts_markdown([]).splitlines()[0])
    | claim | simultaneous | us_first | china_first | order-dependent |
    """
    forms = tuple(forms)
    head = "| claim | " + " | ".join(forms) + " | order-dependent |"
    rule = "| --- | " + " | ".join("---" for _ in forms) + " | --- |"
    rows = list(rows)

    def line(r: ClaimVerdicts) -> str:
        cells = []
        for f in forms:
            v = r.by_form[f]
            cells.append(f"{'holds' if v.at_scenario else 'FAILS'}, {v.label} {v.share:.1%}")
        return f"| `{r.id}` | " + " | ".join(cells) + f" | {'yes' if r.order_dependent else ''} |"

    findings = [line(r) for r in rows if not r.structural]
    apart = [line(r) for r in rows if r.structural]
    return "\n".join([head, rule, *findings, *apart])


if __name__ == "__main__":  # python -m triangle.verdicts.labels [n]: the docs' table
    import sys

    table = claim_verdicts(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
    print(verdicts_markdown(table))
    for form in FORMS:
        print(f"\n{form}: {headline(table, form)}")
    vac = {r.id: r.vacuous for r in table if r.vacuous}
    print("\nfactors named that never change the verdict on any form:", vac)
