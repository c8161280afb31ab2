"""Global sensitivity indices (Sobol' and Morris) of an outcome over the plausible ranges.

Both use SALib (the ``sensitivity`` extra), imported only here. The model runs are one
:func:`triangle.sweep` of the sample matrix SALib designs, so the cost is that of the
compiled payoffs, not of sympy.

- Sobol' (Saltelli 2002; Saltelli et al. 2010 estimators): ``S1`` is the share of the
  outcome's variance due to one factor alone, ``ST`` the share involving it at all
  (alone or through interactions). ``n`` base samples cost ``n (d + 2)`` model runs
  (``n (2d + 2)`` with second-order indices).
- Morris (Morris 1991; Campolongo et al. 2007): elementary effects along random
  one-at-a-time trajectories; ``mu_star`` (mean absolute effect) ranks factors,
  ``sigma`` signals non-linearity or interactions. ``r`` trajectories cost
  ``r (d + 1)`` runs: a cheap screening before Sobol'.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from triangle.citations import METHOD_REFERENCES
from triangle.errors import InvalidGameError, unknown_name
from triangle.games.aliases import AxesLike, FrameLike
from triangle.games.display import TableDisplay
from triangle.games.normal_form import NormalFormGame
from triangle.models.provenance import Provenance
from triangle.models.scenarios import PointLike
from triangle.registries import check_count, check_flag, check_sequence
from triangle.sensitivity._inputs import (
    InvalidSampleError,
    Ranges,
    check_factor_list,
    check_range_names,
    registry_range,
)
from triangle.sensitivity._optional import require
from triangle.sensitivity._records import game_references, run_provenance
from triangle.sensitivity.outcomes import Outcome, check_normal_form, check_outcome
from triangle.sensitivity.sampling import Seed
from triangle.sensitivity.sweep import sweep_chunks

__all__ = ["MorrisIndices", "SobolIndices", "morris_indices", "sobol_indices"]


@dataclass(frozen=True)
class SobolIndices(TableDisplay):
    """First-order (``S1``) and total (``ST``) Sobol' indices with 95% confidence half-widths.

    Arrays follow ``factors``. ``constant`` lists factors left out because their range
    has zero width; ``runs`` is the number of model evaluations; ``seed`` the seed that
    reproduces the run (drawn from the operating system when none was given). With
    ``groups``, the indices are those of groups of factors (SALib's ``groups``):
    ``factors`` then names the groups and ``groups`` maps each to its factors.

    >>> import sympy, triangle as tri
    >>> from triangle.sensitivity import outcomes
    >>> a, b = sympy.symbols("a b")
    >>> g = tri.NormalFormGame.from_bimatrix([[4 * a + b, 0], [0, 0]], [[0, 0], [0, 0]])
    >>> out = outcomes.gap(g, 0, "s1", "s2", {"Player 2": "s1"})
    >>> s = sobol_indices(g, out, n=64, ranges={"a": (0, 1), "b": (0, 1)}, seed=0)
    >>> s.factors, s.runs, s.ranking()  # runs = n * (factors + 2)
    (('a', 'b'), 256, ['a', 'b'])
    >>> sorted(s.as_dict()["a"])
    ['S1', 'S1_conf', 'ST', 'ST_conf']
    >>> free = sobol_indices(g, out, n=64, ranges={"a": (0, 1), "b": (0, 1)})  # no seed
    >>> again = sobol_indices(g, out, n=64, ranges={"a": (0, 1), "b": (0, 1)},
    ...                       seed=free.seed)  # the seed drawn is stored: the run repeats
    >>> bool((again.S1 == free.S1).all() and (again.S1_conf == free.S1_conf).all())
    True
    """

    outcome: str
    factors: tuple[str, ...]
    S1: np.ndarray
    S1_conf: np.ndarray
    ST: np.ndarray
    ST_conf: np.ndarray
    runs: int
    constant: tuple[str, ...] = ()
    seed: int | None = None
    groups: Mapping[str, tuple[str, ...]] | None = None
    provenance: Provenance | None = field(default=None, compare=False)
    references: tuple[str, ...] = ("triangle", *METHOD_REFERENCES["sobol"])

    _title = "Sobol' indices"

    def _summary(self) -> str:
        return f"of {self.outcome!r}: {self.runs:,} runs, seed {self.seed}; largest ST first"

    def _table(self) -> tuple[list[str], list[list[Any]]]:
        return (["group" if self.groups else "factor", "S1", "S1 conf", "ST", "ST conf"],
                [[self.factors[k], float(self.S1[k]), float(self.S1_conf[k]),
                  float(self.ST[k]), float(self.ST_conf[k])]
                 for k in np.argsort(-self.ST, kind="stable")])

    def __cite__(self) -> tuple[str, ...]:
        return self.references

    def ranking(self) -> list[str]:
        """Factors (or groups) by decreasing total index."""
        return [self.factors[k] for k in np.argsort(-self.ST, kind="stable")]

    def as_dict(self) -> dict[str, dict[str, float]]:
        """``{factor: {"S1": ..., "S1_conf": ..., "ST": ..., "ST_conf": ...}}``."""
        return {f: {"S1": float(self.S1[k]), "S1_conf": float(self.S1_conf[k]),
                    "ST": float(self.ST[k]), "ST_conf": float(self.ST_conf[k])}
                for k, f in enumerate(self.factors)}

    def to_df(self) -> FrameLike:
        """The indices as a :class:`pandas.DataFrame`, one row per factor (or group).

        Columns ``S1``, ``S1_conf``, ``ST``, ``ST_conf`` (and ``factors``, each group's
        members, when grouped). Needs pandas (``pip install "strategic-triangle[pandas]"``).

        >>> import numpy as np
        >>> s = SobolIndices("gap", ("a", "b"), np.array([.8, .1]), np.array([.05, .05]),
        ...                  np.array([.85, .15]), np.array([.05, .05]), 1024)
        >>> s.to_df()
                S1  S1_conf    ST  ST_conf
        factor
        a       0.8     0.05  0.85     0.05
        b       0.1     0.05  0.15     0.05
        """
        pd = require("pandas", "pandas", "tables as DataFrames")
        df = pd.DataFrame({"S1": self.S1, "S1_conf": self.S1_conf, "ST": self.ST,
                           "ST_conf": self.ST_conf},
                          index=pd.Index(list(self.factors),
                                         name="group" if self.groups else "factor"))
        if self.groups:
            df["factors"] = [", ".join(self.groups[f]) for f in self.factors]
        return df

    def plot(self, ax: AxesLike = None, **kwargs: Any) -> AxesLike:
        """Bar chart of S1 and ST (see :func:`triangle.sensitivity.plots.plot_indices`)."""
        from triangle.sensitivity.plots import plot_indices

        return plot_indices(self, ax=ax, **kwargs)


@dataclass(frozen=True)
class MorrisIndices(TableDisplay):
    """Morris elementary-effect statistics: ``mu``, ``mu_star``, ``sigma``, ``mu_star_conf``.

    Arrays follow ``factors``; ``constant``, ``runs`` and ``seed`` as in
    :class:`SobolIndices`.

    >>> import sympy, triangle as tri
    >>> from triangle.sensitivity import outcomes
    >>> a, b = sympy.symbols("a b")
    >>> g = tri.NormalFormGame.from_bimatrix([[4 * a + b, 0], [0, 0]], [[0, 0], [0, 0]])
    >>> out = outcomes.gap(g, 0, "s1", "s2", {"Player 2": "s1"})
    >>> m = morris_indices(g, out, trajectories=4, ranges={"a": (0, 1), "b": (0, 1)}, seed=0)
    >>> m.factors, m.runs, m.mu.round(6).tolist()  # runs = trajectories * (factors + 1)
    (('a', 'b'), 12, [4.0, 1.0])
    """

    outcome: str
    factors: tuple[str, ...]
    mu: np.ndarray
    mu_star: np.ndarray
    sigma: np.ndarray
    mu_star_conf: np.ndarray
    runs: int
    constant: tuple[str, ...] = ()
    seed: int | None = None
    provenance: Provenance | None = field(default=None, compare=False)
    references: tuple[str, ...] = ("triangle", *METHOD_REFERENCES["morris"])

    _title = "Morris elementary effects"

    def _summary(self) -> str:
        return (f"of {self.outcome!r}: {self.runs:,} runs, seed {self.seed}; "
                f"largest mu* first")

    def _table(self) -> tuple[list[str], list[list[Any]]]:
        return (["factor", "mu", "mu*", "sigma", "mu* conf"],
                [[self.factors[k], float(self.mu[k]), float(self.mu_star[k]),
                  float(self.sigma[k]), float(self.mu_star_conf[k])]
                 for k in np.argsort(-self.mu_star, kind="stable")])

    def __cite__(self) -> tuple[str, ...]:
        return self.references

    def ranking(self) -> list[str]:
        """Factors by decreasing ``mu_star``."""
        return [self.factors[k] for k in np.argsort(-self.mu_star, kind="stable")]

    def to_df(self) -> FrameLike:
        """The statistics as a :class:`pandas.DataFrame`, one row per factor.

        Columns ``mu``, ``mu_star``, ``sigma``, ``mu_star_conf`` (SALib's names). Needs
        pandas (``pip install "strategic-triangle[pandas]"``).

        >>> import numpy as np
        >>> m = MorrisIndices("gap", ("a", "b"), np.array([4., -1.]), np.array([4., 1.]),
        ...                   np.array([0., 0.]), np.array([0.1, 0.1]), 12)
        >>> m.to_df()
                 mu  mu_star  sigma  mu_star_conf
        factor
        a       4.0      4.0    0.0           0.1
        b      -1.0      1.0    0.0           0.1
        """
        pd = require("pandas", "pandas", "tables as DataFrames")
        return pd.DataFrame({"mu": self.mu, "mu_star": self.mu_star, "sigma": self.sigma,
                             "mu_star_conf": self.mu_star_conf},
                            index=pd.Index(list(self.factors), name="factor"))

    def plot(self, ax: AxesLike = None, **kwargs: Any) -> AxesLike:
        """mu_star against sigma (see :func:`triangle.sensitivity.plots.plot_indices`)."""
        from triangle.sensitivity.plots import plot_indices

        return plot_indices(self, ax=ax, **kwargs)


#: The most runs (outcome evaluations) one call of the indices may ask for.
MAX_RUNS = 10**7
#: The most levels of a Morris grid.
MAX_LEVELS = 1_000


def _check_runs(runs: int, what: str, value: int) -> None:
    """Refuse a call whose outcome evaluations would not fit in memory and minutes."""
    if runs > MAX_RUNS:
        raise InvalidSampleError(
            f"{what}={value} needs {runs:,} runs of the outcome, more than {MAX_RUNS:,} "
            f"(the sample alone would not fit in memory); ask for fewer."
        )


def _problem(game: NormalFormGame, factors: Iterable[str] | None, ranges: Ranges | None,
             groups: Mapping[str, Iterable[str]] | None = None
             ) -> tuple[dict[str, Any], dict[str, float], dict[str, tuple[str, ...]]]:
    symbols = check_normal_form(game, "the global indices").factors
    members = _check_groups(groups, symbols)
    asked = check_factor_list(factors, symbols)
    check_range_names(ranges, symbols)
    wanted = list(symbols) if asked is None else asked
    grouped = [f for fs in members.values() for f in fs]
    wanted += [f for f in grouped if f not in wanted]
    named = set(grouped) | set(asked or ())  # asked for by name: a range is needed
    boxes: dict[str, tuple[float, float]] = {}
    for n in wanted:
        if n not in symbols:
            raise unknown_name("factor of the game", n, symbols)
        box = registry_range(n, ranges)
        if box is not None:
            boxes[n] = box
        elif n in named:
            raise InvalidSampleError(
                f"factor {n!r} has no plausible range; give one with ranges={{{n!r}: "
                f"(low, high)}}."
            )
    names = list(boxes)
    varied = [n for n in names if boxes[n][1] > boxes[n][0]]
    constant = {n: boxes[n][0] for n in names if n not in varied}  # held at their one value
    if not varied:
        raise InvalidSampleError(
            "no factor to vary: give factors whose ranges have positive width."
        )
    problem: dict[str, Any] = {"num_vars": len(varied), "names": varied,
                               "bounds": [list(boxes[n]) for n in varied]}
    if not members:
        return problem, constant, {}
    label = {f: g for g, fs in members.items() for f in fs}
    for g, fs in members.items():
        if not any(f in varied for f in fs):
            raise InvalidSampleError(
                f"group {g!r} has no factor whose range has positive width ({list(fs)}); "
                "give it one that varies, or leave the group out."
            )
    for n in varied:
        if n in members and n not in label:
            raise InvalidSampleError(
                f"the group name {n!r} is also the id of a factor in no group; such a "
                "factor is a group of its own under its id, so choose another group name."
            )
    if len({label.get(n, n) for n in varied}) < 2:
        raise InvalidSampleError(
            f"the groups {dict(members)} leave one group to vary, whose indices are 1 by "
            "definition; give at least two groups (a factor in no group is a group of "
            "its own)."
        )
    # an ungrouped factor is a group of its own, named after it (as in SALib)
    problem["groups"] = [label.get(n, n) for n in varied]
    out: dict[str, tuple[str, ...]] = {}
    for n, g in zip(varied, problem["groups"]):
        out[g] = (*out.get(g, ()), n)
    return problem, constant, out


def _check_groups(groups: Mapping[str, Iterable[str]] | None, symbols: Any
                  ) -> dict[str, tuple[str, ...]]:
    if groups is None:
        return {}
    if not isinstance(groups, Mapping):
        raise InvalidSampleError(
            f"groups must be a dict {{group name: [factor ids]}}; got {type(groups).__name__}."
        )
    members: dict[str, tuple[str, ...]] = {}
    seen: dict[str, str] = {}
    for g, fs in groups.items():
        fs = (fs,) if isinstance(fs, str) else tuple(check_sequence(fs, f"groups[{g!r}]"))
        if not isinstance(g, str) or not fs:
            raise InvalidSampleError(
                f"each group needs a name (a string) and at least one factor; got {g!r}: "
                f"{list(fs)}."
            )
        for f in fs:
            if f not in symbols:
                raise unknown_name("factor of the game", f, symbols)
            if f in seen:
                raise InvalidSampleError(
                    f"factor {f!r} is in two groups ({seen[f]!r} and {g!r}); a factor "
                    "belongs to one group."
                )
            seen[f] = g
        members[g] = fs
    return members


def _evaluate(game: NormalFormGame, outcome: Outcome, names: list[str], x: np.ndarray,
              at: Any, chunk_size: int | None, constant: dict[str, float]) -> np.ndarray:
    if outcome.kind == "category":
        raise InvalidGameError(
            "global indices need a real or boolean outcome (a payoff gap, or "
            "outcomes.plays(...)); a category has no variance."
        )
    samples = {n: x[:, k] for k, n in enumerate(names)}
    samples.update({n: np.full(len(x), v) for n, v in constant.items()})
    parts = [np.asarray(outcome(u), dtype=float)
             for _, u in sweep_chunks(game, samples, at=at, chunk_size=chunk_size,
                                      allow_out_of_range=True)]
    return np.concatenate(parts) if parts else np.zeros(0)


def _resolve_seed(seed: Seed) -> int:
    """The int seed that repeats the run: ``seed`` itself, or one drawn for ``None``.

    ``None`` draws fresh entropy from the operating system (never the global numpy
    state); a Generator gives one draw of its own. Either way the run is repeated by
    passing the returned int back as ``seed``.
    """
    if seed is None:
        return int(np.random.SeedSequence().entropy)  # type: ignore[arg-type]
    if isinstance(seed, np.random.Generator):
        return int(seed.integers(2**63))
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool) and seed >= 0:
        return int(seed)
    raise InvalidSampleError(
        f"seed must be a non-negative int, a numpy.random.Generator or None; got {seed!r}."
    )


def _rng_seed(seed: int) -> int:
    """The int seed handed to SALib, derived from the run's seed.

    Never 0: SALib's Sobol' analysis reads a falsy seed as none and then draws its
    bootstrap from the global numpy state.
    """
    return max(1, int(np.random.default_rng(seed).integers(2**31 - 1)))


def sobol_indices(
    game: NormalFormGame,
    outcome: Outcome,
    *,
    n: int = 1024,
    factors: Iterable[str] | None = None,
    at: PointLike = None,
    ranges: Ranges | None = None,
    seed: Seed = None,
    second_order: bool = False,
    chunk_size: int | None = None,
    groups: Mapping[str, Iterable[str]] | None = None,
) -> SobolIndices:
    """Sobol' indices of ``outcome`` over the factors' plausible ranges (SALib).

    ``n`` is the number of base samples (a power of two, for the Sobol' sequence);
    factors not varied are held at ``at``. The run is reproducible: the result's
    ``seed`` is ``seed``, or the one drawn from the operating system when ``seed`` is
    ``None``; pass it back to repeat the run.

    ``groups`` (SALib's ``groups``), ``{name: [factor ids]}``, gives the indices of
    groups of factors varied together: ``S1`` of a group is the share of variance due to
    its factors jointly, ``ST`` the share involving any of them. A factor in no group is
    a group of its own under its id. ``n`` base samples then cost ``n (g + 2)`` runs for
    ``g`` groups.

    >>> import sympy, triangle as tri
    >>> from triangle.sensitivity import outcomes
    >>> a, b = sympy.symbols("a b")
    >>> g = tri.NormalFormGame.from_bimatrix([[4 * a + b, 0], [0, 0]], [[0, 0], [0, 0]])
    >>> out = outcomes.gap(g, 0, "s1", "s2", {"Player 2": "s1"})
    >>> s = sobol_indices(g, out, n=256, ranges={"a": (0, 1), "b": (0, 1)}, seed=0)
    >>> s.ranking(), s.S1.round(1).tolist()   # variances 16:1
    (['a', 'b'], [0.9, 0.1])
    >>> c = sympy.Symbol("c")
    >>> g3 = tri.NormalFormGame.from_bimatrix([[4 * a + b + c, 0], [0, 0]], [[0, 0], [0, 0]])
    >>> out3 = outcomes.gap(g3, 0, "s1", "s2", {"Player 2": "s1"})
    >>> sg = sobol_indices(g3, out3, n=256, ranges={"a": (0, 1), "b": (0, 1), "c": (0, 1)},
    ...                    groups={"minor": ["b", "c"]}, seed=0)
    >>> sg.factors, sg.groups, sg.runs, sg.S1.round(1).tolist()   # variances 16:2
    (('a', 'minor'), {'a': ('a',), 'minor': ('b', 'c')}, 1024, [0.9, 0.1])
    """
    salib_sample = require("SALib.sample.sobol", "sensitivity", "Sobol' indices")
    salib_analyze = require("SALib.analyze.sobol", "sensitivity", "Sobol' indices")
    check_outcome(outcome, "sobol_indices(outcome=...)")
    check_count(n, "n", minimum=2)
    if n & (n - 1):
        raise InvalidSampleError(
            f"n must be a power of two (the Sobol' sequence's balance needs it); got {n}."
        )
    second_order = check_flag(second_order, "second_order")
    problem, constant, members = _problem(game, factors, ranges, groups)
    k = len(set(problem.get("groups", problem["names"])))
    _check_runs(n * (2 * k + 2 if second_order else k + 2), "n", n)
    used = _resolve_seed(seed)
    s = _rng_seed(used)
    x = salib_sample.sample(problem, n, calc_second_order=second_order, seed=s)
    y = _evaluate(game, outcome, problem["names"], x, at, chunk_size, constant)
    record = run_provenance(game, at, form="Sobol' indices", model=outcome.name, seed=used,
                            samples=len(y), prior="uniform over the ranges")
    refs = (*game_references(game), *METHOD_REFERENCES["sobol"])
    labels = tuple(members) if members else tuple(problem["names"])
    if np.var(y) == 0:  # the outcome never moves: every index is zero
        z = np.zeros(len(labels))
        return SobolIndices(outcome.name, labels, z, z, z, z, len(y), tuple(constant),
                            used, members or None, record, refs)
    res = salib_analyze.analyze(problem, y, calc_second_order=second_order, seed=s)
    return SobolIndices(outcome.name, labels, np.asarray(res["S1"]),
                        np.asarray(res["S1_conf"]), np.asarray(res["ST"]),
                        np.asarray(res["ST_conf"]), len(y), tuple(constant), used,
                        members or None, record, refs)


def morris_indices(
    game: NormalFormGame,
    outcome: Outcome,
    *,
    trajectories: int = 64,
    levels: int = 4,
    factors: Iterable[str] | None = None,
    at: PointLike = None,
    ranges: Ranges | None = None,
    seed: Seed = None,
    chunk_size: int | None = None,
) -> MorrisIndices:
    """Morris elementary effects of ``outcome`` over the factors' plausible ranges (SALib).

    ``trajectories`` one-at-a-time paths on a grid of ``levels`` values per factor cost
    ``trajectories (d + 1)`` runs. The result's ``seed`` repeats the run (drawn from the
    operating system when ``seed`` is ``None``).

    >>> import sympy, triangle as tri
    >>> from triangle.sensitivity import outcomes
    >>> a, b = sympy.symbols("a b")
    >>> g = tri.NormalFormGame.from_bimatrix([[4 * a + b, 0], [0, 0]], [[0, 0], [0, 0]])
    >>> out = outcomes.gap(g, 0, "s1", "s2", {"Player 2": "s1"})
    >>> m = morris_indices(g, out, trajectories=8, ranges={"a": (0, 1), "b": (0, 1)}, seed=0)
    >>> m.ranking(), m.mu_star.round(6).tolist()
    (['a', 'b'], [4.0, 1.0])
    """
    salib_sample = require("SALib.sample.morris", "sensitivity", "Morris indices")
    salib_analyze = require("SALib.analyze.morris", "sensitivity", "Morris indices")
    check_outcome(outcome, "morris_indices(outcome=...)")
    check_count(trajectories, "trajectories", minimum=2)
    check_count(levels, "levels", minimum=2, maximum=MAX_LEVELS)
    if levels % 2:  # SALib: an odd grid biases the sample (and only warns)
        raise InvalidSampleError(
            f"levels must be even (an odd grid of levels biases the Morris sample); got "
            f"{levels}. Use {levels + 1}."
        )
    problem, constant, _ = _problem(game, factors, ranges)
    _check_runs(trajectories * (problem["num_vars"] + 1), "trajectories", trajectories)
    used = _resolve_seed(seed)
    s = _rng_seed(used)
    x = salib_sample.sample(problem, trajectories, num_levels=levels, seed=s)
    y = _evaluate(game, outcome, problem["names"], x, at, chunk_size, constant)
    res = salib_analyze.analyze(problem, x, y, num_levels=levels, seed=s)
    return MorrisIndices(outcome.name, tuple(problem["names"]), np.asarray(res["mu"]),
                         np.asarray(res["mu_star"]), np.asarray(res["sigma"]),
                         np.asarray(res["mu_star_conf"]), len(y), tuple(constant), used,
                         run_provenance(game, at, form="Morris elementary effects",
                                        model=outcome.name, seed=used, samples=len(y),
                                        prior=f"{levels}-level grid over the ranges"),
                         (*game_references(game), *METHOD_REFERENCES["morris"]))
