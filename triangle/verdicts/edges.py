"""Point verdicts at an edge: does the answer change within a small move of the point?

A scenario's point value is a reading of its article, not a measurement. Where the
equilibrium set, or a claim's verdict, changes within a few per cent of a factor's range
around the point, the verdict *at the point* is not a finding: a reading just as
defensible on the other side of the switch gives the other answer, and no source decides
the side (issue 9, item 4). :func:`point_edges` finds those factors and verdicts; the
reports show such a verdict as "at an edge" and give the claim's share in the scenario's
region instead (:mod:`triangle.report.by_form`).

For each factor with a non-degenerate range at the point (the scenario's own ranges),
one at a time, the neighbourhood is ``value +- within * (high - low)``, clipped to the
range. Along it:

- the equilibrium set: every player's pure best-reply sets (hence the pure equilibria of
  the simultaneous model) and the subgame-perfect outcomes of the sequential forms
  (:func:`triangle.verdicts.forms.spe_outcomes` on ``"us_first"`` and
  ``"china_first"``), compared with the point's. The search is a grid of
  :data:`GRID` points on either side (the package's one best-reply test,
  :func:`triangle.solvers.pure.best_reply_mask`), each change located by bisection; on
  the factors where the pure equilibria change, their switches are then replaced by the
  exact thresholds of :func:`triangle.sensitivity.thresholds.thresholds` (roots per branch
  and the jumps of ``step``, exact rational arithmetic), which also adds any the grid
  stepped over. Finding every switch exactly on every factor costs about three seconds
  of CPU per point (the 52 factors of the model at the baseline, measured); the grid a
  tenth of that, so it decides which factors are searched exactly. A change the
  classifier does not read (a player's best replies off the equilibria, a subgame-perfect
  outcome, the Bayesian form's equilibria) keeps its bisected value, within a few ulps of
  the switch (within the best-reply tolerance where the point itself is a tie: the
  changes into the point's set and out of it are then one switch at the point).
- the Bayesian form's equilibrium set: the cells some pure Bayesian equilibrium plays at
  a type profile of positive prior (the claims' reading of that form), at the belief
  priors' baselines.
- every claim's verdict on every form (:func:`triangle.verdicts.claims.evaluate_claims`
  over the same grid, vectorised; the ``"repeated"`` form only for the claims it judges),
  compared with the verdict at the point. A historical claim is judged at its own
  scenario (1972), as the reports judge it, so its neighbourhood is that point's.

>>> edges = point_edges("baseline", forms=["simultaneous"])
>>> edges.factor_ids()
('russia_economic_distress', 'sanctions_relief', 'trump_normalization_wish', 'ukraine_concessions')
>>> edges.at_edge("c001_relief_as_bargaining_tool", "simultaneous")[:2]
('russia_economic_distress', 'sanctions_relief')
>>> edges.at_edge("c003_pivot_not_worth_it", "simultaneous")
()
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from triangle.errors import InvalidArgumentError, unknown_name
from triangle.games.normal_form import NormalFormGame
from triangle.models.factors import factors as factor_registry
from triangle.models.provenance import Provenance
from triangle.models.scenarios import Point, PointLike, Scenario, resolve_point, scenarios
from triangle.models.simultaneous import STRATEGIES
from triangle.registries import check_sequence, check_text
from triangle.sensitivity.outcomes import NO_PURE
from triangle.solvers.pure import best_reply_mask
from triangle.verdicts.bayesian_form import BayesianContext
from triangle.verdicts.claims import Claim, evaluate_claims
from triangle.verdicts.claims import claims as claim_registry
from triangle.verdicts.context import TOL, model_game
from triangle.verdicts.forms import (
    available_forms,
    check_form,
    form_applies,
    form_spec,
    form_tree,
    spe_outcomes,
)

__all__ = ["GRID", "ClaimEdge", "FactorEdge", "PointEdges", "Switch", "point_edges"]

#: Grid points on each side of the point, per factor (the changes are then bisected).
GRID = 40

#: The parts of the equilibrium set compared, in the order :class:`Switch` names them.
#: The Bayesian form's part is the cells some pure Bayesian equilibrium plays at a type
#: profile of positive prior (``BayesianContext.equilibria_cells``, the claims' reading).
PARTS: tuple[str, ...] = ("US best replies", "Russia best replies", "China best replies",
                          "pure equilibria", "us_first outcomes", "china_first outcomes",
                          "Bayesian equilibria")

_TREES = ("us_first", "china_first")
_BISECT = 60  # halvings of a grid step: far below any threshold's rounding


@dataclass(frozen=True)
class Switch:
    """One change of the equilibrium set along a factor.

    ``value`` is where it changes (``exact``: a threshold of the exact classifier;
    otherwise bisected to machine precision between two grid points); ``changes`` the
    parts of the equilibrium set that differ on its two sides (:data:`PARTS`); ``below``
    and ``above`` the pure equilibria just below and just above it.
    """

    value: float
    exact: bool
    changes: tuple[str, ...]
    below: str
    above: str

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {"value": self.value, "exact": self.exact, "changes": list(self.changes),
                "pure_equilibria_below": self.below, "pure_equilibria_above": self.above}


@dataclass(frozen=True)
class FactorEdge:
    """A factor along which the equilibrium set changes within the neighbourhood.

    ``value`` is the point's value, ``window`` the neighbourhood searched (clipped to
    ``range``), ``switches`` every change found in it, nearest the point first.
    """

    factor: str
    name: str
    value: float
    window: tuple[float, float]
    range: tuple[float, float]
    switches: tuple[Switch, ...]

    @property
    def distance(self) -> float:
        """The nearest switch's distance from the point, as a share of the range."""
        lo, hi = self.range
        return min(abs(s.value - self.value) for s in self.switches) / (hi - lo)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {"factor": self.factor, "name": self.name, "value": self.value,
                "window": list(self.window), "range": list(self.range),
                "share_of_range": self.distance,
                "switches": [s.to_dict() for s in self.switches]}


@dataclass(frozen=True)
class ClaimEdge:
    """A claim whose verdict on ``form`` changes within the neighbourhood of ``scenario``
    (its own scenario for a historical claim) along ``factors``; ``holds`` is the
    verdict at the point."""

    claim: str
    form: str
    scenario: str
    holds: bool
    factors: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {"claim": self.claim, "form": self.form, "scenario": self.scenario,
                "holds_at_point": self.holds, "factors": list(self.factors)}


@dataclass(frozen=True)
class PointEdges:
    """What changes within ``within`` of each factor's range around a point
    (:func:`point_edges`).

    Attributes
    ----------
    scenario
        The point's scenario name (``"custom values"`` for a mapping).
    within
        The neighbourhood's half-width, as a share of each factor's range.
    factors
        The factors along which the equilibrium set changes (:class:`FactorEdge`).
    claims
        The point verdicts that change (:class:`ClaimEdge`), one per claim and form.
    forms
        The forms whose claims were judged.
    searched
        The factors searched (those with a non-degenerate range).
    provenance
        What produced the result (:class:`~triangle.models.provenance.Provenance`: the
        package, the point's values and their digest, the date).

    Examples
    --------
    >>> edges = point_edges("geopolitical_monitor_001", forms=["china_first"])
    >>> edges.claim_ids(), round(edges.factors[0].distance, 4)
    (('c001_relief_as_bargaining_tool',), 0.0136)
    >>> edges.factors[0].switches[0].changes  # the US's best replies only: not its equilibria
    ('US best replies',)
    >>> sorted(edges.to_dict())[:3]
    ['claims', 'factors', 'forms']
    >>> print(edges.lines()[0])  # doctest: +ELLIPSIS
    Point verdicts at 'geopolitical_monitor_001': what changes within 2% of a range (54 factors, ...
    """

    scenario: str
    within: float
    factors: tuple[FactorEdge, ...]
    claims: tuple[ClaimEdge, ...]
    forms: tuple[str, ...]
    searched: tuple[str, ...] = field(default=())
    provenance: Provenance | None = None

    def factor_ids(self) -> tuple[str, ...]:
        """The ids of the factors along which the equilibrium set changes, sorted."""
        return tuple(sorted(e.factor for e in self.factors))

    def at_edge(self, claim: str, form: str = "simultaneous") -> tuple[str, ...]:
        """The factors along which the claim's point verdict on ``form`` changes (empty:
        the verdict is the same throughout the neighbourhood)."""
        for c in self.claims:
            if c.claim == claim and c.form == form:
                return c.factors
        return ()

    def claim_ids(self, form: str | None = None) -> tuple[str, ...]:
        """The claims with a point verdict at an edge (on ``form``, or on any form)."""
        return tuple(dict.fromkeys(c.claim for c in self.claims
                                   if form is None or c.form == form))

    def __bool__(self) -> bool:
        return bool(self.factors or self.claims)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (what the reports' top-level ``"edges"`` holds)."""
        return {"scenario": self.scenario, "within": self.within,
                "grid_points_per_side": GRID, "forms": list(self.forms),
                "factors": [e.to_dict() for e in self.factors],
                "claims": [c.to_dict() for c in self.claims],
                "provenance": None if self.provenance is None else self.provenance.to_dict()}

    def lines(self) -> list[str]:
        """The text form, as lines (:meth:`__str__`)."""
        out = [f"Point verdicts at {self.scenario!r}: what changes within {self.within:.0%} "
               f"of a range ({len(self.searched)} factors, one at a time)"]
        if not self.factors:
            out.append("  the equilibrium set is the same throughout the neighbourhood")
        for e in self.factors:
            out.append(f"  {e.factor} = {e.value:.4g} (range {e.range[0]:g} to {e.range[1]:g}):")
            for s in e.switches:
                how = "exact" if s.exact else "bisected"
                pure = (f"pure equilibria {s.below!r} below, {s.above!r} above"
                        if "pure equilibria" in s.changes else
                        f"pure equilibria {s.below!r} on both sides")
                out.append(f"    switch at {s.value:.6g} ({how}; "
                           f"{abs(s.value - e.value) / (e.range[1] - e.range[0]):.1%} "
                           f"of range): {', '.join(s.changes)}; {pure}")
        if self.claims:
            out.append("  point verdicts at an edge (claim, form: factors)")
            for c in self.claims:
                where = f" [{c.scenario}]" if c.scenario != self.scenario else ""
                verdict = "holds" if c.holds else "fails"
                out.append(f"    {c.claim}{where} on {c.form} ({verdict} at the point): "
                           f"{', '.join(c.factors)}")
        else:
            out.append("  no point verdict changes within the neighbourhood")
        if self.provenance is not None:
            out.append(f"  Provenance: {self.provenance.summary()}")
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def __repr__(self) -> str:
        return (f"PointEdges({self.scenario!r}, within={self.within}, "
                f"factors={list(self.factor_ids())}, "
                f"claims={[(c.claim, c.form) for c in self.claims]})")

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td><code>{html.escape(e.factor)}</code></td><td>{e.value:.4g}</td>"
            f"<td>{', '.join(f'{s.value:.6g}' for s in e.switches)}</td>"
            f"<td>{html.escape('; '.join(', '.join(s.changes) for s in e.switches))}</td></tr>"
            for e in self.factors)
        verdicts = "".join(
            f"<tr><td><code>{html.escape(c.claim)}</code></td><td>{html.escape(c.form)}</td>"
            f"<td>{'holds' if c.holds else 'fails'}</td>"
            f"<td>{html.escape(', '.join(c.factors))}</td></tr>" for c in self.claims)
        return (f"<div><strong>Point verdicts at {html.escape(repr(self.scenario))}</strong>: "
                f"what changes within {self.within:.0%} of each factor's range"
                f"<table><tr><th>factor</th><th>value</th><th>switches</th><th>what changes"
                f"</th></tr>{rows}</table><table><tr><th>claim</th><th>form</th>"
                f"<th>at the point</th><th>at an edge along</th></tr>{verdicts}</table>"
                + ("" if self.provenance is None else
                   f"<details><summary>Provenance</summary>{self.provenance._repr_html_()}"
                   f"</details>") + "</div>")


# --------------------------------------------------------------------- the neighbourhood
def _window(point: Point, fid: str, within: float) -> tuple[float, float, float, float]:
    lo, hi = (float(v) for v in point.ranges[fid])
    x, step = float(point.values[fid]), within * (hi - lo)
    return lo, hi, max(lo, x - step), min(hi, x + step)


def _grid(point: Point, names: Sequence[str], within: float) -> tuple[dict[str, np.ndarray], int]:
    """Every factor's neighbourhood, one block of ``2 * GRID + 2`` samples per factor (the
    point first), the other factors at the point: ``(samples, block size)``."""
    size = 2 * GRID + 2
    k = len(names) * size
    samples = {f: np.full(k, float(v)) for f, v in point.values.items()}
    for j, fid in enumerate(names):
        lo, hi = (float(v) for v in point.ranges[fid])
        x = float(point.values[fid])
        samples[fid][j * size:(j + 1) * size] = np.concatenate(
            [[x], np.clip(np.linspace(x - within * (hi - lo), x + within * (hi - lo),
                                      2 * GRID + 1), lo, hi)])
    return samples, size


def _payoffs(game: NormalFormGame, samples: Mapping[str, np.ndarray]) -> np.ndarray:
    """``(K, 3, 3, 3, 3)`` payoffs at the samples (the one compiled evaluator)."""
    return np.asarray(game.compiled()(*(samples[f] for f in game.factors)), dtype=float)


def _signature(game: NormalFormGame, samples: Mapping[str, np.ndarray]) -> list[np.ndarray]:
    """Each part of the equilibrium set (:data:`PARTS`) at K samples, ``(K, ...)`` masks."""
    u = _payoffs(game, samples)
    k = u.shape[0]
    best = [best_reply_mask(u, i, TOL).reshape(k, -1) for i in range(3)]
    parts = [*best, best[0] & best[1] & best[2]]
    for form in _TREES:
        tree = form_tree(form)
        c = tree.cells
        pay = np.stack([u[:, i, c[:, 0], c[:, 1], c[:, 2]].T for i in range(3)])
        parts.append(spe_outcomes(tree, pay).T)
    bayes = BayesianContext(dict(samples), game=game).equilibria_cells
    parts.append(bayes.reshape(-1, k).T)
    return parts


def _pure_text(mask: np.ndarray) -> str:
    cells = [np.unravel_index(i, tuple(len(s) for s in STRATEGIES)) for i in np.flatnonzero(mask)]
    return " | ".join("/".join(STRATEGIES[p][j] for p, j in enumerate(c)) for c in cells) \
        or NO_PURE


#: Halvings per batch of :func:`_bisect`: every midpoint the next five halvings may visit
#: (31 per change) in one evaluation, about a third of the time of five evaluations (the
#: cost of one is mostly its fixed part).
_LEVELS = 5


def _bisect(sig: Any, left: np.ndarray, a: np.ndarray, b: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray]:
    """Halve every ``[a, b]`` until the signature ``sig`` changes between its ends, at most
    :data:`_BISECT` times (stopping once every interval is down to a few ulps): ``a`` moves
    to the midpoint where the signature there is ``left``'s (the signature at the first
    ``a``), ``b`` otherwise.

    The same halvings as one after the other, batched: each batch evaluates the midpoints
    of the whole binary tree of the next :data:`_LEVELS` halvings, each computed as
    ``(lo + hi) / 2`` of the interval it halves (so the same floats as the halving that
    reaches it computes), then follows each interval's path down the tree.

    >>> sig = lambda x: (x >= 0.3)[:, None]
    >>> a, b = _bisect(sig, sig(np.array([0.0])), np.array([0.0]), np.array([1.0]))
    >>> bool(a[0] < 0.3 <= b[0]), float(b[0] - a[0]) < 1e-15
    (True, True)
    """
    eps = 4 * np.finfo(float).eps
    halvings = 0
    cols = np.arange(len(a))
    while halvings < _BISECT:
        levels = min(_LEVELS, _BISECT - halvings)
        nodes = 2 ** levels  # heap order: node j halves (lo[j], hi[j]); 2j, 2j+1 its halves
        lo, hi, mid = (np.empty((nodes, len(a))) for _ in range(3))
        lo[1], hi[1] = a, b
        for j in range(1, nodes):
            mid[j] = (lo[j] + hi[j]) / 2
            if 2 * j < nodes:
                lo[2 * j], hi[2 * j] = lo[j], mid[j]
                lo[2 * j + 1], hi[2 * j + 1] = mid[j], hi[j]
        rows = sig(mid[1:].ravel())
        same_at = (rows == np.tile(left, (nodes - 1, 1))).all(axis=1).reshape(nodes - 1,
                                                                              len(a))
        node = np.ones(len(a), dtype=int)
        for _ in range(levels):
            here = mid[node, cols]
            same = same_at[node - 1, cols]
            a, b = np.where(same, here, a), np.where(same, b, here)
            node = 2 * node + same
            halvings += 1
            if np.all(b - a <= eps * np.maximum(1.0, np.abs(a))):
                return a, b
    return a, b


def _factor_edges(game: NormalFormGame, point: Point, names: Sequence[str],
                  within: float) -> list[FactorEdge]:
    samples, size = _grid(point, names, within)
    parts = _signature(game, samples)
    whole = np.concatenate(parts, axis=1)
    found: dict[int, list[tuple[float, float]]] = {}
    pairs: list[tuple[int, float, float]] = []
    for j, fid in enumerate(names):
        block = whole[j * size:(j + 1) * size]
        if not (block[1:] != block[0]).any():
            continue
        xs = samples[fid][j * size:(j + 1) * size]
        order = np.argsort(xs, kind="stable")
        xs, rows = xs[order], block[order]
        for m in range(len(xs) - 1):
            if xs[m] < xs[m + 1] and (rows[m] != rows[m + 1]).any():
                pairs.append((j, float(xs[m]), float(xs[m + 1])))
        found[j] = []
    if not pairs:
        return []
    # bisect every change at once: one batch of payoffs per halving
    which = np.array([p[0] for p in pairs])
    a = np.array([p[1] for p in pairs])
    b = np.array([p[2] for p in pairs])

    def sig(x: np.ndarray) -> np.ndarray:
        # x: one value per change, or several (``_bisect``'s batches: change n at n, n + P, ...)
        at = {f: np.full(len(x), float(v)) for f, v in point.values.items()}
        for n, j in enumerate(np.tile(which, len(x) // len(which))):
            at[names[j]][n] = x[n]
        return np.concatenate(_signature(game, at), axis=1)

    left = sig(a)
    a, b = _bisect(sig, left, a, b)
    below, above = _parts_at(game, point, names, which, a), _parts_at(game, point, names,
                                                                      which, b)
    out = []
    for j in sorted(found):
        fid = names[j]
        lo, hi, wa, wb = _window(point, fid, within)
        switches: list[Switch] = []
        for n in np.flatnonzero(which == j):
            changes = tuple(PARTS[p] for p in range(len(PARTS))
                            if (below[p][n] != above[p][n]).any())
            value = float(b[n]) if abs(b[n] - point.values[fid]) < abs(a[n] - point.values[fid]) \
                else float(a[n])
            here = Switch(value, False, changes, _pure_text(below[3][n]),
                          _pure_text(above[3][n]))
            last = switches[-1] if switches else None
            x = float(point.values[fid])
            if last is not None and last.value <= x <= value \
                    and value - last.value <= 1e-6 * (hi - lo):
                # the point itself is a tie (a third set, between the two sides', within
                # the best-reply tolerance of it): the changes into it and out of it are
                # one switch at the point
                here = Switch(x, False, tuple(dict.fromkeys(last.changes + changes)),
                              last.below, here.above)
                switches[-1] = here
            else:
                switches.append(here)
        switches = _exact(game, point, fid, (wa, wb), switches, hi - lo)
        x = float(point.values[fid])
        switches.sort(key=lambda s: (abs(s.value - x), s.value))
        out.append(FactorEdge(fid, factor_registry[fid].name if fid in factor_registry else fid,
                              x, (wa, wb), (lo, hi), tuple(switches)))
    return out


def _parts_at(game: NormalFormGame, point: Point, names: Sequence[str], which: np.ndarray,
              x: np.ndarray) -> list[np.ndarray]:
    at = {f: np.full(len(x), float(v)) for f, v in point.values.items()}
    for n, j in enumerate(which):
        at[names[j]][n] = x[n]
    return _signature(game, at)


def _exact(game: NormalFormGame, point: Point, fid: str, window: tuple[float, float],
           switches: list[Switch], width: float) -> list[Switch]:
    """The bisected switches, those of the pure equilibria replaced by the exact
    classifier's thresholds (and any threshold the grid stepped over added)."""
    from triangle.sensitivity.thresholds import thresholds

    if not any("pure equilibria" in s.changes for s in switches):
        return switches  # the classifier reads the pure equilibria only (a second or so)
    # asked over the whole range, as the nearest thresholds of a point ask (one answer,
    # memoised by the classifier, serves both), then read in the window
    low, high = point.ranges[fid]
    box = (float(low), float(high))
    found = [t for t in thresholds(game, fid, at=dict(point.values), within=box,
                                   ranges=dict(point.ranges))
             if window[0] <= t.value <= window[1]]
    out = list(switches)
    for t in found:
        near = [k for k, s in enumerate(out) if abs(s.value - t.value) <= 1e-9 * width]
        if near:
            k = near[0]
            out[k] = Switch(float(t.value), True, out[k].changes, t.below, t.above)
        else:
            out.append(Switch(float(t.value), True, ("pure equilibria",), t.below, t.above))
    return out


# --------------------------------------------------------------------- the claims
def _claim_edges(chosen: Sequence[Claim], point: Point, name: str, forms: Sequence[str],
                 within: float) -> list[ClaimEdge]:
    worlds: dict[str, list[Claim]] = {}
    for c in chosen:
        worlds.setdefault(c.scenario if c.kind == "historical" else "", []).append(c)
    out = []
    for world, members in worlds.items():
        here = point if not world else resolve_point(scenarios[world])
        names = [f for f in sorted(here.ranges) if here.ranges[f][1] > here.ranges[f][0]]
        samples, size = _grid(here, names, within)
        for form in forms:
            judged = [c for c in members if form_applies(form, c.id)]
            if not judged:
                continue
            got = evaluate_claims(samples, judged, base=here, form=form)
            for c in judged:
                blocks = got[c.id].reshape(len(names), size)
                moved = tuple(names[j] for j in np.flatnonzero((blocks != blocks[:, :1]).any(
                    axis=1)))
                if moved:
                    out.append(ClaimEdge(c.id, form, world or name, bool(blocks[0, 0]), moved))
    order = {c.id: k for k, c in enumerate(chosen)}
    return sorted(out, key=lambda e: (order[e.claim], forms.index(e.form)))


def point_edges(
    at: PointLike = "baseline",
    *,
    within: float = 0.02,
    forms: Iterable[str] | None = None,
    claims: Iterable[str] | None = None,
    factors: Iterable[str] | None = None,
) -> PointEdges:
    """The factors and point verdicts that change within ``within`` of each factor's range.

    Parameters
    ----------
    at
        The point: a scenario name, a :class:`~triangle.Scenario`, a mapping of factor
        values (completed from the baseline) or a resolved point
        (:func:`triangle.models.resolve_point`).
    within
        The neighbourhood's half-width as a share of each factor's range, in (0, 0.5]
        (default 0.02: issue 9's 2%). It is clipped to the range.
    forms
        The forms whose claims are judged (default: every form available,
        :func:`triangle.verdicts.forms.available_forms`; ``[]`` judges no claim).
    claims
        Claim ids (default: every claim). A historical claim is judged at its own
        scenario's point, as the reports judge it.
    factors
        The factors moved (default: every factor with a non-degenerate range at the point).

    Returns
    -------
    PointEdges
        The factors along which the equilibrium set changes (each with its switches and
        what changes there), and every claim whose verdict on a form changes (with the
        factors along which it does).

    Raises
    ------
    InvalidArgumentError
        ``within`` outside (0, 0.5].
    UnknownNameError
        An unknown scenario, form, claim or factor (with the closest names).

    Examples
    --------
    >>> edges = point_edges("heybatov_000", forms=["us_first"], factors=["sanctions_relief"])
    >>> edges.factors, edges.claims
    ((), ())
    >>> point_edges("baseline", within=0.7)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidArgumentError: within is a share of each factor's range ...; got 0.7.
    >>> point_edges("baseline", factors=["sanction_relief"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    triangle.errors.UnknownNameError: unknown factor 'sanction_relief'; did you mean ...
    """
    if isinstance(within, bool) or not isinstance(within, (int, float, np.floating)) \
            or not 0 < float(within) <= 0.5:
        raise InvalidArgumentError(
            f"within is a share of each factor's range in (0, 0.5] (0.02 is 2%); got "
            f"{within!r}.")
    within = float(within)
    point = resolve_point(at)
    name = point.name or "custom values"
    chosen_forms = available_forms() if forms is None else tuple(
        check_form(check_text(f, "each of forms")) for f in check_sequence(forms, "forms"))
    if claims is None:
        chosen = list(claim_registry.values())
    else:
        chosen = []
        for cid in check_sequence(claims, "claims"):
            if check_text(cid, "each of claims") not in claim_registry:
                raise unknown_name("claim", cid, claim_registry)
            chosen.append(claim_registry[cid])
    movable = [f for f in sorted(point.ranges) if point.ranges[f][1] > point.ranges[f][0]]
    if factors is not None:
        wanted = [check_text(f, "each of factors") for f in check_sequence(factors, "factors")]
        for fid in wanted:
            if fid not in point.ranges:
                raise unknown_name("factor", fid, point.ranges)
        movable = [f for f in movable if f in wanted]
    game = model_game(**point.options)
    # the same question again (every analyze and report of a scenario asks it) is answered
    # from the per-process memo; the objects the answer rests on are kept with the entry,
    # so their ids cannot be reused while it lives
    worlds = [scenarios[c.scenario] for c in chosen
              if c.kind == "historical" and c.scenario in scenarios]
    objects = (game, *chosen, *(form_spec(f) for f in chosen_forms), *worlds)
    key = (_frozen(point.values), _frozen(point.ranges), _frozen(point.options), name, within,
           tuple(chosen_forms), tuple(movable), factors is None,
           tuple(id(o) for o in objects))
    hit = _MEMO.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], objects)):
        return hit[1]
    in_game = [f for f in movable if f in game.factors]
    found = _factor_edges(game, point, in_game, within) if in_game else []
    verdicts: list[ClaimEdge] = []
    if chosen and chosen_forms:
        if factors is None:
            verdicts = _claim_edges(chosen, point, name, chosen_forms, within)
        else:  # the factors asked for only (a historical claim's world keeps its own)
            restricted = Point(point.values, {f: point.ranges[f] if f in movable else
                                              (point.values[f], point.values[f])
                                              for f in point.ranges}, point.options,
                               point.name, point.labels)
            verdicts = _claim_edges([c for c in chosen if c.kind != "historical"],
                                    restricted, name, chosen_forms, within)
    record = Provenance.collect(at if isinstance(at, (str, Scenario)) else point)
    result = PointEdges(name, within, tuple(found), tuple(verdicts), tuple(chosen_forms),
                        tuple(movable), record)
    if len(_MEMO) >= _MEMO_SIZE:
        _MEMO.pop(next(iter(_MEMO)))
    _MEMO[key] = (objects, result)
    return result


#: point_edges' answers in this process, by question (see there).
_MEMO: dict[tuple[Any, ...], tuple[tuple[Any, ...], PointEdges]] = {}
_MEMO_SIZE = 32


def _frozen(mapping: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(sorted((k, tuple(v) if isinstance(v, (tuple, list)) else v)
                        for k, v in mapping.items()))
