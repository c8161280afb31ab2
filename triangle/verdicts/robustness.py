"""Claim robustness: where in the plausible factor space each article's claim holds.

For every claim, a seeded Monte Carlo sample of all factors (independent, uniform over
their plausible ranges) gives the *share* of the space in which the claim holds, with a
95% Wilson interval, and the *deciding factors*.

Which factors decide a claim: for a 0/1 outcome ``Y`` (the claim holds) and a factor
``X`` drawn uniformly, the first-order Sobol' index ``S = Var(E[Y | X]) / Var(Y)`` is the
share of the claim's variance that ``X`` explains on its own, whatever the shape of the
dependence (a threshold, a window, a slope). We estimate ``E[Y | X]`` by its projection
on the first four orthonormal Legendre polynomials of ``X`` (a polynomial-chaos
estimate, Sudret 2008), which needs one matrix product per chunk of samples and no
extra model runs; by Parseval, ``S`` is the sum of the squared projections over
``Var(Y)``. Degree four captures about 90% of a sharp threshold's share and all of a
smooth one's, so the estimate is a slight underestimate for step-like claims, which does
not change the ranking. The *shift*, ``E[u | holds] - E[u | fails]`` with ``u`` the
factor's position in its range (0 = low, 1 = high), gives the direction: positive when
the claim holds more often at high values. A plain difference in means would miss a
factor that matters only inside a window (shift near 0, index large); the index catches it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from triangle.errors import InvalidSampleError, unknown_name
from triangle.games.aliases import AxesLike, FrameLike, ProvenanceLike, RobustnessResult
from triangle.models.scenarios import Scenario, scenarios
from triangle.progress import Progress, Reporter
from triangle.registries import check_flag
from triangle.sensitivity.sampling import (
    Seed,
    check_prior,
    factor_names,
    iter_uniform_samples,
    prior_values,
)
from triangle.verdicts.claims import claims as claim_registry
from triangle.verdicts.claims import evaluate_claims
from triangle.verdicts.forms import FORMS, check_form

#: Factor id -> (low, high): ranges that replace the registry's (as in the sensitivity
#: functions' ``ranges=``).
Ranges = Mapping[str, tuple[float, float]]

__all__ = [
    "ClaimRobustness",
    "FactorInfluence",
    "RobustnessTable",
    "claim_robustness",
    "configure_parser",
    "run_command",
]

#: Degree of the Legendre projection used for the deciding factors.
DEGREE = 4

#: Factors explaining less than this share of a claim's variance alone are not listed.
MIN_IMPORTANCE = 0.01

#: Samples on which the deciding factors are estimated (the shares use all samples).
INFLUENCE_SAMPLES = 1 << 18

#: Samples per chunk: the verdicts and features of one chunk stay near the CPU cache.
CHUNK = 1 << 15


@dataclass(frozen=True)
class FactorInfluence:
    """How much one factor decides a claim.

    ``importance``: the first-order Sobol' index (share of the claim's variance the factor
    explains alone, 0 to 1). ``shift``: mean position in the range where the claim holds
    minus where it fails (positive: holds more at high values).
    """

    factor: str
    importance: float
    shift: float

    def __str__(self) -> str:
        sign = "+" if self.shift > 0 else "-"
        return f"{self.factor} ({sign}, {self.importance:.2f})"


@dataclass(frozen=True)
class ClaimRobustness:
    """One row of the table: a claim, its baseline verdict, its share and deciding factors."""

    id: str
    source: str
    statement: str
    holds_at_baseline: bool | None
    share: float
    interval: tuple[float, float]
    deciding: tuple[FactorInfluence, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "statement": self.statement,
            "holds_at_baseline": self.holds_at_baseline,
            "share": self.share,
            "interval": list(self.interval),
            "deciding": [
                {"factor": f.factor, "importance": f.importance, "shift": f.shift}
                for f in self.deciding
            ],
        }


@dataclass(frozen=True)
class RobustnessTable:
    """Every claim's robustness over ``n`` samples (``seed``); rows in the claims' order."""

    rows: tuple[ClaimRobustness, ...]
    n: int
    seed: int | str | None  # the seed given, or the repr of a Generator
    factors: tuple[str, ...] = field(default=())
    prior: str = "uniform"
    region: str | None = None

    def __getitem__(self, claim_id: str) -> ClaimRobustness:
        for row in self.rows:
            if row.id == claim_id:
                return row
        raise unknown_name("claim", claim_id, [r.id for r in self.rows])

    def __len__(self) -> int:
        return len(self.rows)

    def as_dict(self) -> dict[str, Any]:
        return {"samples": self.n, "seed": self.seed, "factors": list(self.factors),
                "prior": self.prior, "region": self.region,
                "claims": [r.as_dict() for r in self.rows]}

    # ----------------------------------------------------- notebook and paper (issue 13)
    _title = "Claim robustness"

    @property
    def provenance(self) -> ProvenanceLike:
        """The run: the scenario whose region was sampled (or the baseline), the seed, the
        samples and the prior, with the package and the versions (dated when asked).

        >>> def toy(samples, ids):
        ...     return {"x_high": samples["x"] > 0.7}
        >>> t = claim_robustness(100, seed=1, claims=["x_high"], evaluate=toy,
        ...                      factors=["x"], ranges={"x": (0, 1)})
        >>> p = t.provenance
        >>> p.seed, p.samples, p.prior, p.scenario
        (1, 100, 'uniform', 'baseline')
        """
        from triangle.models.provenance import Provenance

        return Provenance.collect(getattr(self, "region", None) or "baseline", seed=self.seed,
                                  samples=self.n, prior=getattr(self, "prior", "uniform"),
                                  form="claim robustness")

    def _summary(self) -> str:
        return (f"{len(self.rows)} claims, {self.n:,} samples of {len(self.factors)} factors "
                f"(seed {self.seed}, {getattr(self, 'prior', 'uniform')})")

    def _table(self) -> tuple[list[str], list[list[Any]]]:
        from triangle.citations import citation_label

        def article(source: str) -> str:
            try:
                return citation_label(source)
            except KeyError:  # not one of the articles (a toy claim)
                return source or "-"

        rows = []
        for r in self.rows:
            at = {True: "holds", False: "fails", None: "-"}[r.holds_at_baseline]
            lo, hi = r.interval
            rows.append([r.id, article(r.source), at, f"{r.share:.1%}",
                         f"{lo:.1%} to {hi:.1%}", ", ".join(str(f) for f in r.deciding)])
        return (["claim", "article", "at the point", "share", "95% interval",
                 "deciding factors"], rows)

    def _repr_html_(self) -> str:
        from triangle.games.display import html_of

        return html_of(self)

    def to_latex(self, caption: str | None = None, label: str | None = None) -> str:
        """The table in LaTeX (booktabs), articles as author and year with their key.

        >>> def toy(samples, ids):
        ...     return {"x_high": samples["x"] > 0.7}
        >>> t = claim_robustness(100, seed=1, claims=["x_high"], evaluate=toy,
        ...                      factors=["x"], ranges={"x": (0, 1)})
        >>> text = t.to_latex()
        >>> "toprule" in text, "x" + chr(92) + "_high & -" in text  # chr(92): a backslash
        (True, True)
        """
        from triangle.games.display import latex_of

        return latex_of(self, caption, label)

    def to_frame(self) -> FrameLike:
        """The table as a :class:`pandas.DataFrame` (the ``pandas`` extra)."""
        from triangle.games.display import frame_of

        return frame_of(self)

    def __cite__(self) -> tuple[str, ...]:
        from triangle.citations import METHOD_REFERENCES, article_for_file

        articles = [article_for_file(r.source) for r in self.rows
                    if r.source.endswith(".txt")]  # toy claims have no article
        return ("triangle", *articles, *METHOD_REFERENCES["sobol"][:2])

    def to_json(self, indent: int | None = 2) -> str:
        """The table as JSON (``{"samples", "seed", "factors", "claims": [...], "provenance"}``).

        >>> import json
        >>> def toy(samples, ids):  # "holds when x is above 0.7"
        ...     return {"x_high": samples["x"] > 0.7}
        >>> t = claim_robustness(2_000, seed=1, claims=["x_high"], evaluate=toy,
        ...                      factors=["x"], ranges={"x": (0, 1)})
        >>> data = json.loads(t.to_json())
        >>> data["samples"], data["factors"], data["claims"][0]["share"]
        (2000, ['x'], 0.2905)
        >>> data["provenance"]["seed"], "version" in data["provenance"]
        (1, True)
        """
        # as_dict stays the bare table: the report page embeds it beside its own provenance.
        return json.dumps({**self.as_dict(), "provenance": self.provenance.to_dict()},
                          indent=indent)

    def to_text(self) -> str:
        """A plain-text table, one claim a line.

        >>> def toy(samples, ids):  # "holds when x is above 0.7"
        ...     return {"x_high": samples["x"] > 0.7}
        >>> t = claim_robustness(2_000, seed=1, claims=["x_high"], evaluate=toy,
        ...                      factors=["x"], ranges={"x": (0, 1)})
        >>> print(t.to_text())  # doctest: +ELLIPSIS
        Claim robustness: 2,000 samples of 1 factors, independent and uniform ... (seed 1).
        share: where the claim holds (95% interval); deciding factors: ...
        <BLANKLINE>
        claim   art  baseline  share   95% interval    deciding factors
        x_high       -          29.0%  [ 27.1,  31.1]  x (+, 0.84)
        """
        law = "uniform" if self.prior == "uniform" else f"{self.prior} prior"
        where = ("their plausible ranges" if self.region is None
                 else f"the region of scenario {self.region!r}")
        head = (f"Claim robustness: {self.n:,} samples of {len(self.factors)} factors, "
                f"independent and {law} over {where} (seed {self.seed}).\n"
                f"share: where the claim holds (95% interval); deciding factors: first-order "
                f"Sobol' index, + if it holds more at high values.\n")
        width = max([len(r.id) for r in self.rows] + [5])
        lines = [head, f"{'claim':<{width}}  art  baseline  share   95% interval    "
                       f"deciding factors"]
        for r in self.rows:
            base = {True: "holds", False: "fails", None: "-"}[r.holds_at_baseline]
            article = r.source[:3]
            lo, hi = r.interval
            if r.deciding:
                why = ", ".join(str(f) for f in r.deciding)
            elif r.share in (0.0, 1.0):
                why = "(never changes)"
            else:
                why = "(no factor explains 1% alone: interactions)"
            lines.append(
                f"{r.id:<{width}}  {article:<3}  {base:<8}  {100 * r.share:5.1f}%  "
                f"[{100 * lo:5.1f}, {100 * hi:5.1f}]  {why}"
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()

    def plot(self, ax: AxesLike = None) -> AxesLike:
        """Bar chart of the shares (see :func:`triangle.sensitivity.plots.plot_robustness`)."""
        from triangle.sensitivity.plots import plot_robustness

        return plot_robustness(self, ax=ax)


def wilson_interval(successes: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """The Wilson score interval of a binomial share (95% by default).

    >>> [round(v, 4) for v in wilson_interval(50, 100)]
    [0.4038, 0.5962]
    """
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if successes == 0 else min(p, max(0.0, centre - half))
    high = 1.0 if successes == n else max(p, min(1.0, centre + half))
    return (low, high)


#: Orthonormal Legendre polynomials on [-1, 1] (uniform weight) as rows of coefficients of
#: z^0..z^4: phi_k(z) = sum_j LEGENDRE[k - 1, j] z^j, E[phi_k(z)^2] = 1 for z ~ U(-1, 1).
LEGENDRE = np.array([
    [0.0, 1.0, 0.0, 0.0, 0.0],
    [-0.5, 0.0, 1.5, 0.0, 0.0],
    [0.0, -1.5, 0.0, 2.5, 0.0],
    [0.375, 0.0, -3.75, 0.0, 4.375],
])[:DEGREE] * np.sqrt(2 * np.arange(1, DEGREE + 1) + 1)[:, None]


class _Accumulator:
    """Streaming raw moments ``sum z^k`` and ``sum z^k Y`` (z = 2u - 1), one pass.

    The Legendre projections are linear in these moments, so four matrix products per
    chunk (``z^k`` times the verdicts) are all the work; the polynomials are applied to
    the totals at the end.
    """

    def __init__(self, d: int, c: int) -> None:
        self.n = 0
        self.holds = np.zeros(c)
        self.zk_y = np.zeros((DEGREE + 1, d, c))  # k = 0..DEGREE (k = 0 unused for y)
        self.zk = np.zeros((DEGREE + 1, d))

    def add(self, unit_t: np.ndarray, y_t: np.ndarray) -> None:
        """``unit_t``: (d, c) positions in [0, 1]; ``y_t``: (claims, c) verdicts as 0/1.

        One single-precision matrix product per chunk (the powers of z stacked against
        the verdicts), accumulated in double precision: the rounding error of a chunk's
        sums, about 1e-6 of a moment, is far below the sampling noise of the estimate.
        """
        d, c = unit_t.shape
        self.n += c
        self.holds += y_t.sum(axis=1)
        powers = np.empty((DEGREE * d, c), dtype=np.float32)
        z = powers[:d]
        np.multiply(unit_t, 2.0, out=z, casting="same_kind")
        z -= 1.0
        for k in range(1, DEGREE):
            np.multiply(powers[(k - 1) * d: k * d], z, out=powers[k * d: (k + 1) * d])
        products = powers @ y_t.astype(np.float32).T  # (DEGREE * d, claims)
        self.zk_y[1:] += products.reshape(DEGREE, d, -1)
        self.zk[1:] += powers.sum(axis=1, dtype=np.float64).reshape(DEGREE, d)

    def influence(self) -> tuple[np.ndarray, np.ndarray]:
        """``(importance (d, c), shift (d, c))``."""
        n = max(self.n, 1)
        p = self.holds / n
        var = p * (1 - p)
        m_y = self.zk_y / n  # E[z^k Y]
        m = self.zk / n  # E[z^k]
        m_y[0] = p  # E[z^0 Y]
        m[0] = 1.0
        # E[phi_k Y] - E[phi_k] E[Y], for each degree k, factor and claim
        cov = np.einsum("kj,jdc->kdc", LEGENDRE, m_y) - np.einsum(
            "kj,jd,c->kdc", LEGENDRE, m, p)
        # each squared projection carries sampling noise of about Var(Y)/n: remove it
        power = (cov**2).sum(axis=0) - DEGREE * var / n
        cov_u = (m_y[1] - np.outer(m[1], p)) / 2  # u = (z + 1) / 2
        with np.errstate(divide="ignore", invalid="ignore"):
            importance = np.where(var > 0, power / var, 0.0)
            shift = np.where(var > 0, cov_u / var, 0.0)
        return np.clip(importance, 0.0, 1.0), shift


def _default_evaluate(
    samples: Mapping[str, np.ndarray], ids: list[str], form: str = "simultaneous"
) -> dict[str, Any]:
    return evaluate_claims(samples, ids, form=form) if ids else {}


def _evaluate_in(scenario: Any, samples: Mapping[str, np.ndarray], ids: list[str],
                 form: str = "simultaneous") -> Any:
    return evaluate_claims(samples, ids, base=scenario, form=form)


def _world_of(claim: Any, region: Scenario | None) -> str:
    """The scenario whose region a claim is sampled over: its own world (1972 for a
    historical claim), else the ``region`` asked for, else the baseline."""
    own = getattr(claim, "scenario", "baseline")
    if own != "baseline":
        return str(own)
    return "baseline" if region is None else region.name


def _worlds(
    chosen: list[Any], ids: list[str], region: Scenario | None, ranges: Ranges | None
) -> dict[str, list[str]]:
    """Claims sampled over another box than ``ranges``: scenario name -> claim ids."""
    out: dict[str, list[str]] = {}
    for cid, claim in zip(ids, chosen):
        world = _world_of(claim, region)
        if world == "baseline" or (ranges is not None and region is None):
            continue
        out.setdefault(world, []).append(cid)
    return out


def _in_world(scen: Scenario, names: list[str], unit_t: np.ndarray, prior: str,
              region: bool) -> dict[str, np.ndarray]:
    """The unit ranks mapped onto a scenario's region (``region``) or its whole plausible
    box, under ``prior`` (triangular peaks: the scenario's values)."""
    box, peaks = (scen.region if region else scen.ranges()), scen.values
    return {name: prior_values(unit_t[k], *box[name], prior, peaks.get(name))
            for k, name in enumerate(names)}


def _baseline_verdicts(chosen: list[Any], ids: list[str],
                       evaluate: Callable[..., Mapping[str, Any]] | None,
                       form: str = "simultaneous",
                       region: Scenario | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for cid, claim in zip(ids, chosen):
        check = getattr(claim, "check", None)
        if evaluate is None and callable(check):
            world = _world_of(claim, region)
            at = None if world == getattr(claim, "scenario", "baseline") else scenarios[world]
            out[cid] = bool(check(at, form=form).holds)
    return out


def _region(region: str | Scenario | None) -> Scenario | None:
    if region is None or isinstance(region, Scenario):
        return region
    if not isinstance(region, str):
        raise TypeError(f"region is a scenario name or a Scenario; got {type(region).__name__}.")
    return scenarios[region]


def claim_robustness(
    n: int = 100_000,
    *,
    seed: Seed = 0,
    claims: Iterable[str] | None = None,
    factors: Iterable[str] | None = None,
    ranges: Ranges | None = None,
    top: int = 3,
    chunk_size: int = CHUNK,
    influence_samples: int = INFLUENCE_SAMPLES,
    progress: Progress = False,
    evaluate: Callable[[Mapping[str, np.ndarray], list[str]], Mapping[str, Any]] | None = None,
    form: str = "simultaneous",
    forms: Iterable[str] | None = None,
    region: str | Scenario | None = None,
    prior: str = "uniform",
    regions: Iterable[str] | str | None = None,
    at_baseline: bool = True,
) -> RobustnessResult:
    """The share of the plausible factor space in which each claim holds, and why.

    Parameters
    ----------
    n
        Monte Carlo samples (independent, uniform over each factor's plausible range).
        A claim about another world (a historical claim, whose own scenario is 1972) is
        evaluated on the same unit samples mapped onto that scenario's ranges, unless
        ``ranges`` is given.
    seed
        Makes the table reproducible; the samples are those of
        ``triangle.sample_factors(n, seed=seed)`` whatever ``chunk_size``.
    claims
        Claim ids (default: every claim in :data:`triangle.claims`).
    factors, ranges
        The factors to vary (default: every registry factor; the others stay at the
        baseline) and range overrides.
    top
        How many deciding factors to report per claim (those explaining at least 1% of
        the claim's variance alone).
    influence_samples
        The deciding factors are estimated on the first ``influence_samples`` samples
        (all of them when ``n`` is smaller): at the default 2**18 the estimates' standard
        error is below 0.005, well under the 0.01 needed to be listed, and the cost of
        the estimate stops growing with ``n``. The shares always use all ``n``.
    evaluate
        ``evaluate(samples, claim_ids) -> {id: bool array}``; default
        :func:`triangle.verdicts.claims.evaluate_claims`. Giving one lets the table serve
        claims of your own.
    form, forms
        The model form the claims are judged on (:data:`triangle.verdicts.forms.FORMS`;
        default ``"simultaneous"``). With ``forms`` (names, or ``"all"``), the result is
        ``{form: RobustnessTable}``, one table per form over the same samples.
    region
        A scenario (name or :class:`~triangle.models.scenarios.Scenario`): sample its
        :attr:`~triangle.models.scenarios.Scenario.region`, the sub-box its article's
        words support, and judge the claims with its model options (whom China
        punishes). The "baseline" column is then the verdict at the scenario's point.
        A historical claim stays in its own world (1972's plausible box) unless
        ``region`` is that world (then its region). Not with ``ranges``.
    prior
        The sampling distribution of each factor (:data:`triangle.sensitivity.sampling.PRIORS`):
        ``"uniform"`` (default), ``"log-uniform"`` (for weights spanning more than a
        factor of 4 with a positive lower bound; the others uniform) or ``"triangular"``
        (peaked at the baseline, or at the region's scenario values). The ranks are the
        same under every prior, so the deciding factors are ranked on the same draws.
    regions
        Scenario names, or ``"articles"`` (every scenario whose words narrow a range:
        one per article, and 1972): the result is ``{name: RobustnessTable}``, one table
        per region over the same ranks (the shares per article region).
    at_baseline
        ``False`` leaves the baseline column empty (``None``) instead of judging each
        claim once more at the baseline: for callers that want the shares only (the
        shares under other priors, next to a table that has the column).

    Returns
    -------
    RobustnessTable, or ``{form: RobustnessTable}`` when ``forms`` is given, or
    ``{region: ...}`` of those when ``regions`` is given.

    >>> import numpy as np
    >>> def toy(samples, ids):  # "holds when x is above 0.7", "holds when y is below 0.5"
    ...     return {"x_high": samples["x"] > 0.7, "y_low": samples["y"] < 0.5}
    >>> t = claim_robustness(20_000, seed=1, claims=["x_high", "y_low"], evaluate=toy,
    ...                      factors=["x", "y"], ranges={"x": (0, 1), "y": (0, 1)})
    >>> round(t["x_high"].share, 2), t["x_high"].deciding[0].factor
    (0.3, 'x')
    >>> print(t["y_low"].deciding[0])
    y (-, 0.86)
    >>> t = claim_robustness(20_000, seed=1, claims=["x_high"], evaluate=toy,
    ...                      factors=["x", "y"], ranges={"x": (0, 1), "y": (0, 1)},
    ...                      prior="triangular")
    >>> round(t["x_high"].share, 2)  # peaked at the centre: less mass above 0.7
    0.18
    """
    if regions is not None:
        chosen_regions = ([s.name for s in scenarios.values() if s.narrowed]
                          if regions == "articles"
                          else [regions] if isinstance(regions, str) else list(regions))
        return {
            name: claim_robustness(n, seed=seed, claims=claims, factors=factors, top=top,
                                   chunk_size=chunk_size, influence_samples=influence_samples,
                                   progress=progress, form=form, forms=forms, region=name,
                                   prior=prior, at_baseline=at_baseline)
            for name in chosen_regions
        }
    if forms is not None:
        names_of = FORMS if forms == "all" else ([forms] if isinstance(forms, str) else forms)
        if evaluate is not None:
            raise InvalidSampleError("forms= judges the package's claims; drop evaluate=.")
        return {
            f: claim_robustness(n, seed=seed, claims=claims, factors=factors, ranges=ranges,
                                top=top, chunk_size=chunk_size,
                                influence_samples=influence_samples, progress=progress, form=f,
                                region=region, prior=prior, at_baseline=at_baseline)
            for f in (check_form(f) for f in names_of)
        }
    check_form(form)
    check_prior(prior)
    check_flag(at_baseline, "at_baseline")
    where = _region(region)
    if where is not None and ranges is not None:
        raise InvalidSampleError(
            "give region= (a scenario's region) or ranges= (your own box), not both."
        )
    if where is not None and evaluate is not None:
        raise InvalidSampleError("region= judges the package's claims; drop evaluate=.")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise InvalidSampleError(f"n must be a positive integer; got {n!r}.")
    registry: Mapping[str, Any] = claim_registry if evaluate is None else {}
    if claims is None:
        if evaluate is not None:
            raise InvalidSampleError("with evaluate=, name the claims: claims=[ids].")
        ids = list(registry)
    else:
        ids = [claims] if isinstance(claims, str) else list(claims)
        for cid in ids:
            if evaluate is None and cid not in registry:
                raise unknown_name("claim", cid, registry)
    chosen = [registry.get(cid) for cid in ids]
    names = factor_names(factors, ranges)  # sorted: the rows of each chunk's unit samples
    def run(block: Mapping[str, np.ndarray], wanted: list[str]) -> Mapping[str, Any]:
        if evaluate is not None:
            return evaluate(block, wanted)
        return _default_evaluate(block, wanted, form)

    # A claim about another world (1972) is sampled over that world's plausible box, and
    # every claim of the world asked for with region= over that scenario's region, from
    # the same unit ranks, with the scenario's values for the factors left out.
    worlds = _worlds(chosen, ids, where, ranges) if evaluate is None else {}
    elsewhere = {cid for group in worlds.values() for cid in group}
    acc = _Accumulator(len(names), len(ids))
    holds = np.zeros(len(ids))
    report = Reporter(progress, int(n), label="claims")
    for unit_t, block in iter_uniform_samples(int(n), chunk_size=chunk_size, factors=names,
                                              seed=seed, ranges=ranges, prior=prior):
        rows = unit_t.shape[1]
        here = [c for c in ids if c not in elsewhere]
        verdicts = dict(run(block, here)) if here else {}
        for world, group in worlds.items():
            asked = where is not None and world == where.name
            scen = where if asked and where is not None else scenarios[world]
            verdicts.update(_evaluate_in(scen, _in_world(scen, names, unit_t, prior, asked),
                                         group, form))
        y_t = np.empty((len(ids), rows))
        for j, cid in enumerate(ids):
            y_t[j] = np.asarray(verdicts[cid], dtype=bool)
        holds += y_t.sum(axis=1)
        keep = min(rows, max(influence_samples - acc.n, 0))
        if keep:
            acc.add(unit_t[:, :keep], y_t[:, :keep])
        report.advance(rows)
    report.close()
    importance, shift = acc.influence()
    baseline = _baseline_verdicts(chosen, ids, evaluate, form, where) if at_baseline else {}
    rows = []
    for j, cid in enumerate(ids):
        order = np.argsort(-importance[:, j], kind="stable")[:top]
        deciding = tuple(
            FactorInfluence(names[k], float(importance[k, j]), float(shift[k, j]))
            for k in order if importance[k, j] >= MIN_IMPORTANCE
        )
        claim = chosen[j]
        rows.append(ClaimRobustness(
            cid, getattr(claim, "source", ""), getattr(claim, "statement", ""),
            baseline.get(cid), float(holds[j] / n), wilson_interval(int(holds[j]), int(n)),
            deciding))
    seed_repr = seed if isinstance(seed, (int, np.integer)) or seed is None else repr(seed)
    return RobustnessTable(tuple(rows), int(n), seed_repr, tuple(names), prior,
                           None if where is None else where.name)


# --------------------------------------------------------------------------- the command
def configure_parser(parser: Any) -> None:
    """Options of ``triangle claims``.

    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="triangle claims")
    >>> configure_parser(parser)
    >>> vars(parser.parse_args(["--samples", "500", "--format", "json"]))
    {'samples': 500, 'seed': 0, 'format': 'json', 'progress': False}
    """
    parser.add_argument("--samples", type=int, default=100_000, metavar="N",
                        help="Monte Carlo samples of the factors (default 100000)")
    parser.add_argument("--seed", type=int, default=0, metavar="S",
                        help="random seed (default 0): the same seed gives the same table")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="output format (default text)")
    parser.add_argument("--progress", action="store_true", help="show a progress bar on stderr")


def run_command(args: Any) -> int:
    """Print the robustness table of every claim (``triangle claims``).

    >>> import argparse
    >>> args = argparse.Namespace(samples=20, seed=0, format="text", progress=False)
    >>> run_command(args)  # doctest: +ELLIPSIS
    Claim robustness: 20 samples of ... factors, independent and uniform ... (seed 0).
    ...
    claim ... art  baseline  share   95% interval    deciding factors
    ...
    0
    """
    table = claim_robustness(args.samples, seed=args.seed, progress=args.progress)
    print(table.to_json() if args.format == "json" else table.to_text())
    return 0
