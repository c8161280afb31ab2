"""Priors stated: each claim's share and label under each sampling distribution.

A share ("the claim holds in 70% of the plausible space") is a share *under a weighting*
of that space. :func:`prior_sensitivity` reports every claim's share and label under the
three priors of :data:`triangle.sensitivity.sampling.PRIORS` (uniform; log-uniform for
weights whose range spans more than a factor of 4 with a positive lower bound, the others
uniform; triangular, peaked at the baseline, or at a region's scenario values), on the same
draws (ranks), and flags the claims whose label changes with the prior
(``prior_dependent``). Such a claim's grade (robust, contested, rare) is a consequence of
how the space is weighted, not only of the model: report it with the prior.

A ``structural`` verdict (the same everywhere in the box, see
:mod:`triangle.verdicts.labels`) cannot change with the prior, since every prior here has a
positive density on the whole box: pass the structural claims' ids (``structural=``,
e.g. from :func:`triangle.verdicts.labels.claim_verdicts`) to label them so; the others are
graded by their share (:func:`triangle.verdicts.labels.label_of`).

>>> t = prior_sensitivity(400, seed=0, claims=["c003_pivot_not_worth_it"])
>>> sorted(t["c003_pivot_not_worth_it"].shares)
['log-uniform', 'triangular', 'uniform']
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from triangle.errors import InvalidArgumentError, InvalidArgumentTypeError, unknown_name
from triangle.models.scenarios import Scenario, scenarios
from triangle.registries import check_count, check_names, check_sequence, check_text
from triangle.sensitivity.sampling import (
    MAX_VALUES,
    PRIORS,
    Seed,
    check_prior,
    log_uniform_factors,
)
from triangle.verdicts.claims import claims as claim_registry
from triangle.verdicts.labels import label_of
from triangle.verdicts.robustness import claim_robustness

__all__ = ["PriorRow", "PriorSensitivity", "prior_sensitivity"]


@dataclass(frozen=True)
class PriorRow:
    """One claim under each prior: share, 95% interval and label per prior name.

    ``prior_dependent`` is true when the labels differ between priors; ``clear`` when,
    moreover, the intervals of the differing shares do not overlap (a difference that
    more samples would not remove).
    """

    id: str
    source: str
    shares: dict[str, float]
    intervals: dict[str, tuple[float, float]]
    labels: dict[str, str]

    @property
    def prior_dependent(self) -> bool:
        """Whether the claim's label changes with the prior."""
        return len(set(self.labels.values())) > 1

    @property
    def clear(self) -> bool:
        """Whether some two priors give shares whose 95% intervals do not overlap."""
        ivs = list(self.intervals.values())
        return any(a[1] < b[0] or b[1] < a[0] for a in ivs for b in ivs)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "source": self.source,
                "by_prior": {p: {"share": self.shares[p], "interval": list(self.intervals[p]),
                                 "label": self.labels[p]} for p in self.shares},
                "prior_dependent": self.prior_dependent}


@dataclass(frozen=True)
class PriorSensitivity:
    """Every claim's share and label under each prior (rows in the claims' order)."""

    rows: tuple[PriorRow, ...]
    priors: tuple[str, ...]
    n: int
    seed: Any
    form: str
    region: str | None
    log_uniform: tuple[str, ...]

    def __getitem__(self, claim_id: str) -> PriorRow:
        for row in self.rows:
            if row.id == claim_id:
                return row
        raise unknown_name("claim", claim_id, [r.id for r in self.rows])

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def changed(self) -> tuple[str, ...]:
        """The ids of the claims whose label changes with the prior."""
        return tuple(r.id for r in self.rows if r.prior_dependent)

    def as_dict(self) -> dict[str, Any]:
        return {"samples": self.n, "seed": self.seed, "form": self.form, "region": self.region,
                "priors": list(self.priors), "log_uniform_factors": list(self.log_uniform),
                "claims": [r.as_dict() for r in self.rows]}

    def to_json(self, indent: int | None = 2) -> str:
        """The table as JSON: ``claims[i]["by_prior"][prior] = {share, interval, label}``."""
        return json.dumps(self.as_dict(), indent=indent)

    def to_text(self) -> str:
        """One claim a line: the share and label under each prior, ``*`` where it changes.

        >>> t = prior_sensitivity(300, seed=0, claims=["c003_pivot_not_worth_it"])
        >>> print(t.to_text())  # doctest: +ELLIPSIS
        Claims under each prior: 300 samples (seed 0), simultaneous form, plausible box.
        ...
        """
        where = "plausible box" if self.region is None else f"region of {self.region!r}"
        head = [f"Claims under each prior: {self.n:,} samples (seed {self.seed}), "
                f"{self.form} form, {where}.",
                f"log-uniform applies to {len(self.log_uniform)} factors (range > 4x, low > 0);"
                f" the others stay uniform. * = the label changes with the prior.", ""]
        width = max([len(r.id) for r in self.rows] + [5])
        cols = "  ".join(f"{p:>22}" for p in self.priors)
        lines = [*head, f"{'claim':<{width}}  {cols}"]
        for r in self.rows:
            cells = "  ".join(f"{100 * r.shares[p]:5.1f}% {r.labels[p]:>15}" for p in self.priors)
            lines.append(f"{r.id:<{width}}  {cells}{'  *' if r.prior_dependent else ''}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


def prior_sensitivity(
    n: int = 20_000,
    *,
    seed: Seed = 0,
    claims: Iterable[str] | None = None,
    form: str = "simultaneous",
    region: str | Scenario | None = None,
    priors: Iterable[str] = PRIORS,
    structural: Iterable[str] = (),
    progress: bool = False,
) -> PriorSensitivity:
    """Each claim's share and label under each prior, and whether the label changes.

    Parameters
    ----------
    n, seed
        Samples per prior; the same ranks are drawn under every prior (same seed).
    claims
        Claim ids (default: every claim).
    form
        The model form the claims are judged on (:data:`triangle.verdicts.forms.FORMS`).
    region
        A scenario whose region is sampled (an article's sub-box), as in
        :func:`~triangle.verdicts.robustness.claim_robustness`.
    priors
        Names among :data:`~triangle.sensitivity.sampling.PRIORS` (default all three).
    structural
        Ids of claims known to be structural on this form: labelled ``"structural"``
        under every prior (a verdict constant on the box does not depend on the weights).

    Returns
    -------
    PriorSensitivity
        Rows with ``shares``, ``intervals``, ``labels`` per prior and ``prior_dependent``;
        ``.changed`` lists the claims whose label changes with the prior.

    >>> t = prior_sensitivity(300, seed=0, claims=["c003_pivot_not_worth_it"],
    ...                       priors=["uniform", "triangular"])
    >>> t.priors, isinstance(t["c003_pivot_not_worth_it"].prior_dependent, bool)
    (('uniform', 'triangular'), True)
    >>> prior_sensitivity(10, priors=["logarithmic"])
    Traceback (most recent call last):
    ...
    triangle.errors.UnknownNameError: unknown prior 'logarithmic'; ...
    """
    check_text(form, "form")
    check_count(n, "n", maximum=MAX_VALUES)  # the sampler refuses n x factors beyond it
    if claims is not None and not isinstance(claims, str):
        check_sequence(claims, "claims")
    if region is not None and not isinstance(region, (str, Scenario)):
        raise InvalidArgumentTypeError(
            f"region is a scenario name or a Scenario (whose region is sampled); got "
            f"{type(region).__name__} {repr(region)[:60]}.")
    if not isinstance(priors, str):
        check_sequence(priors, "priors")
    names = tuple(check_prior(p) for p in ([priors] if isinstance(priors, str) else priors))
    if not names:
        raise InvalidArgumentError(f"priors names at least one prior among {PRIORS}; got none.")
    if not isinstance(structural, str):
        check_sequence(structural, "structural")
    fixed = set(check_names("claim", [structural] if isinstance(structural, str) else structural,
                            claim_registry, argument="structural"))
    # the shares only: nothing here reads the verdict at the baseline (``at_baseline``)
    tables = {p: claim_robustness(n, seed=seed, claims=claims, form=form, region=region,
                                  prior=p, progress=progress, top=0, at_baseline=False)
              for p in names}
    first = tables[names[0]]
    rows = []
    for row in first.rows:
        shares = {p: tables[p][row.id].share for p in names}
        rows.append(PriorRow(
            row.id, row.source, shares, {p: tables[p][row.id].interval for p in names},
            {p: label_of(shares[p], row.id in fixed) for p in names}))
    where = first.region
    box = None
    if where is not None:
        box = dict((region if isinstance(region, Scenario) else scenarios[where]).region)
    return PriorSensitivity(tuple(rows), names, int(n), first.seed, form, where,
                            tuple(log_uniform_factors(box)))

