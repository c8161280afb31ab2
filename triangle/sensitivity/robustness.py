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

from ..errors import unknown_name
from ._inputs import InvalidSampleError, Ranges, resolve_ranges
from ._progress import Progress, Reporter
from .sampling import Seed, _factor_names, iter_uniform_samples

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
    seed: Any
    factors: tuple[str, ...] = field(default=())

    def __getitem__(self, claim_id: str) -> ClaimRobustness:
        for row in self.rows:
            if row.id == claim_id:
                return row
        raise unknown_name("claim", claim_id, [r.id for r in self.rows])

    def __len__(self) -> int:
        return len(self.rows)

    def as_dict(self) -> dict[str, Any]:
        return {"samples": self.n, "seed": self.seed, "factors": list(self.factors),
                "claims": [r.as_dict() for r in self.rows]}

    def to_json(self, indent: int | None = 2) -> str:
        """The table as JSON (``{"samples", "seed", "factors", "claims": [...]}``)."""
        return json.dumps(self.as_dict(), indent=indent)

    def to_text(self) -> str:
        """A plain-text table, one claim a line."""
        head = (f"Claim robustness: {self.n:,} samples of {len(self.factors)} factors, "
                f"independent and uniform over their plausible ranges (seed {self.seed}).\n"
                f"share: where the claim holds (95% interval); deciding factors: first-order "
                f"Sobol' index, + if it holds more at high values.\n")
        width = max([len(r.id) for r in self.rows] + [5])
        lines = [head, f"{'claim':<{width}}  art  baseline  share   95% interval    "
                       f"deciding factors"]
        for r in self.rows:
            base = {True: "holds", False: "fails", None: "-"}[r.holds_at_baseline]
            article = r.source[:3]
            lo, hi = r.interval
            lines.append(
                f"{r.id:<{width}}  {article:<3}  {base:<8}  {100 * r.share:5.1f}%  "
                f"[{100 * lo:5.1f}, {100 * hi:5.1f}]  "
                + ", ".join(str(f) for f in r.deciding)
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()

    def plot(self, ax: Any = None) -> Any:
        """Bar chart of the shares (see :func:`triangle.sensitivity.plots.plot_robustness`)."""
        from .plots import plot_robustness

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
    return (max(0.0, centre - half), min(1.0, centre + half))


def _features(unit: np.ndarray) -> np.ndarray:
    """Orthonormal Legendre features of degree 1..DEGREE of each column, ``(c, d * DEGREE)``."""
    z = 2.0 * unit - 1.0
    z2 = z * z
    polys = [
        math.sqrt(3) * z,
        math.sqrt(5) * (1.5 * z2 - 0.5),
        math.sqrt(7) * (2.5 * z2 - 1.5) * z,
        math.sqrt(9) * ((4.375 * z2 - 3.75) * z2 + 0.375),
    ][:DEGREE]
    return np.concatenate(polys, axis=1)


class _Accumulator:
    """Streaming sums for the shares, the Legendre projections and the shifts."""

    def __init__(self, d: int, c: int) -> None:
        self.n = 0
        self.holds = np.zeros(c)
        self.phi_y = np.zeros((d * DEGREE, c))
        self.phi = np.zeros(d * DEGREE)
        self.u_y = np.zeros((d, c))
        self.u = np.zeros(d)

    def add(self, unit: np.ndarray, y: np.ndarray) -> None:
        phi = _features(unit)
        self.n += y.shape[0]
        self.holds += y.sum(axis=0)
        self.phi_y += phi.T @ y
        self.phi += phi.sum(axis=0)
        self.u_y += unit.T @ y
        self.u += unit.sum(axis=0)

    def influence(self, d: int) -> tuple[np.ndarray, np.ndarray]:
        """``(importance (d, c), shift (d, c))``."""
        n = max(self.n, 1)
        p = self.holds / n
        var = p * (1 - p)
        cov_phi = self.phi_y / n - np.outer(self.phi / n, p)  # (d*DEGREE, c)
        power = (cov_phi**2).reshape(DEGREE, d, -1).sum(axis=0)
        cov_u = self.u_y / n - np.outer(self.u / n, p)
        with np.errstate(divide="ignore", invalid="ignore"):
            importance = np.where(var > 0, power / var, 0.0)
            shift = np.where(var > 0, cov_u / var, 0.0)
        return np.clip(importance, 0.0, 1.0), shift


def _claims_registry() -> Mapping[str, Any]:
    import triangle

    reg = getattr(triangle, "claims", None)
    if reg is None:
        from ..claim_registry import claims as reg
    return reg


def _default_evaluate(samples: Mapping[str, np.ndarray], ids: list[str]) -> dict[str, Any]:
    from ..claim_registry import evaluate_claims

    return evaluate_claims(samples, ids)


def _baseline_verdicts(chosen: list[Any], ids: list[str],
                       evaluate: Callable[..., Mapping[str, Any]] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for cid, claim in zip(ids, chosen):
        check = getattr(claim, "check", None)
        if evaluate is None and callable(check):
            out[cid] = bool(check().holds)
    return out


def claim_robustness(
    n: int = 100_000,
    *,
    seed: Seed = 0,
    claims: Iterable[str] | None = None,
    factors: Iterable[str] | None = None,
    ranges: Ranges | None = None,
    top: int = 3,
    chunk_size: int = CHUNK,
    progress: Progress = False,
    evaluate: Callable[[Mapping[str, np.ndarray], list[str]], Mapping[str, Any]] | None = None,
) -> RobustnessTable:
    """The share of the plausible factor space in which each claim holds, and why.

    Parameters
    ----------
    n
        Monte Carlo samples (independent, uniform over each factor's plausible range).
    seed
        Makes the table reproducible; the samples are those of
        ``triangle.sample_factors(n, seed=seed)`` whatever ``chunk_size``.
    claims
        Claim ids (default: every claim in :data:`triangle.claims`).
    factors, ranges
        The factors to vary (default: every registry factor; the others stay at the
        baseline) and range overrides.
    top
        How many deciding factors to report per claim.
    evaluate
        ``evaluate(samples, claim_ids) -> {id: bool array}``; default
        :func:`triangle.claim_registry.evaluate_claims`. Giving one lets the table serve
        claims of your own.

    >>> import numpy as np
    >>> def toy(samples, ids):  # "holds when x is above 0.7", "holds when y is below 0.5"
    ...     return {"x_high": samples["x"] > 0.7, "y_low": samples["y"] < 0.5}
    >>> t = claim_robustness(20_000, seed=1, claims=["x_high", "y_low"], evaluate=toy,
    ...                      ranges={"x": (0, 1), "y": (0, 1)})
    >>> round(t["x_high"].share, 2), t["x_high"].deciding[0].factor
    (0.3, 'x')
    >>> print(t["y_low"].deciding[0])
    y (-, 0.86)
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise InvalidSampleError(f"n must be a positive integer; got {n!r}.")
    registry = _claims_registry() if evaluate is None else {}
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
    names = _factor_names(factors, ranges)
    box = resolve_ranges(ranges, names)
    lo = np.array([box[f][0] for f in names])
    width = np.array([box[f][1] - box[f][0] for f in names])
    safe = np.where(width > 0, width, 1.0)
    run = evaluate or _default_evaluate
    acc = _Accumulator(len(names), len(ids))
    report = Reporter(progress, int(n), label="claims")
    for block in iter_uniform_samples(int(n), chunk_size=chunk_size, factors=names, seed=seed,
                                      ranges=ranges):
        verdicts = run(block, ids)
        y = np.empty((len(next(iter(block.values()))), len(ids)))
        for j, cid in enumerate(ids):
            y[:, j] = np.asarray(verdicts[cid], dtype=bool)
        unit = (np.stack([block[f] for f in names], axis=1) - lo) / safe
        acc.add(unit, y)
        report.advance(y.shape[0])
    report.close()
    importance, shift = acc.influence(len(names))
    baseline = _baseline_verdicts(chosen, ids, evaluate)
    rows = []
    for j, cid in enumerate(ids):
        order = np.argsort(-importance[:, j], kind="stable")[:top]
        deciding = tuple(
            FactorInfluence(names[k], float(importance[k, j]), float(shift[k, j]))
            for k in order if importance[k, j] > 0
        )
        claim = chosen[j]
        rows.append(ClaimRobustness(
            cid, getattr(claim, "source", ""), getattr(claim, "statement", ""),
            baseline.get(cid), float(acc.holds[j] / acc.n),
            wilson_interval(int(acc.holds[j]), acc.n), deciding))
    seed_repr = seed if isinstance(seed, (int, np.integer)) or seed is None else repr(seed)
    return RobustnessTable(tuple(rows), int(n), seed_repr, tuple(names))


# --------------------------------------------------------------------------- the command
def configure_parser(parser: Any) -> None:
    """Options of ``triangle claims``."""
    parser.add_argument("--samples", type=int, default=100_000, metavar="N",
                        help="Monte Carlo samples of the factors (default 100000)")
    parser.add_argument("--seed", type=int, default=0, metavar="S",
                        help="random seed (default 0): the same seed gives the same table")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="output format (default text)")
    parser.add_argument("--progress", action="store_true", help="show a progress bar on stderr")


def run_command(args: Any) -> int:
    """Print the robustness table of every claim (``triangle claims``)."""
    table = claim_robustness(args.samples, seed=args.seed, progress=args.progress)
    print(table.to_json() if args.format == "json" else table.to_text())
    return 0
