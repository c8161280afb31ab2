"""Provenance: what produced a result, recorded with it so that it can be reproduced and cited.

A :class:`Provenance` holds the package's version, the git commit when the package runs
from a checkout, the model and its form, the scenario (its name, the scenario it started
from, the file it came from), every factor value and their digest, the values set outside
their plausible range, the seed, samples and prior of a sampled result, the date, and the
versions of Python, numpy and sympy. Its JSON form (:meth:`Provenance.to_dict`) is the
stable ``provenance`` key of the package's JSON outputs; :meth:`Provenance.summary` and
:meth:`Provenance.to_markdown` are its renderings.

>>> p = Provenance.collect("1972", seed=0, samples=2000, prior="uniform")
>>> p.scenario, p.values["rift_depth"], p.samples
('1972', 0.9, 2000)
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from triangle._version import __version__
from triangle.games.results import register_provenance
from triangle.models.scenarios import PointLike, Scenario, resolve_point, scenarios, values_digest

__all__ = ["Provenance"]


@functools.lru_cache(maxsize=1)
def _git_commit() -> tuple[str | None, bool | None]:
    """(commit, modified) of the checkout the package runs from; (None, None) if none."""
    root = Path(__file__).resolve().parents[2]  # triangle/models/provenance.py -> the checkout
    if not (root / ".git").exists():
        return None, None
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True,
                              text=True, timeout=10, check=True).stdout.strip()
        status = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True, text=True, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):  # no git, or not a repository after all
        return None, None
    return head or None, bool(status.strip())


def _now(at: float | None = None) -> str:
    """The date of a run (UTC, ISO 8601); ``SOURCE_DATE_EPOCH`` fixes it for reproducible files.

    ``at`` is the time (seconds since the epoch) the result was made; default now.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        when = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc)
    elif at is not None:
        when = datetime.datetime.fromtimestamp(at, tz=datetime.timezone.utc)
    else:
        when = datetime.datetime.now(tz=datetime.timezone.utc)
    return when.isoformat(timespec="seconds")


@dataclass(frozen=True)
class Provenance:
    """What produced a result: enough to reproduce it and to cite it.

    Attributes
    ----------
    version
        The package's version.
    values
        Every factor's value, by id (all of them, not only those a scenario changes).
    digest
        :func:`triangle.models.scenarios.values_digest` of ``values`` and ``options``.
    scenario, base, source
        The scenario's name (``None`` for a mapping of values), the scenario it started
        from, and the file it came from (``""`` for the package's or one built in Python).
    options
        The model's options (whom China punishes).
    outside
        Factors set outside their plausible range (allowed explicitly).
    model, form
        The model and its form (``"simultaneous"``).
    seed, samples, prior
        For sampled results (claim robustness): the seed, the number of samples and the
        sampling distribution; ``None`` otherwise.
    commit, modified
        The git commit when run from a checkout, and whether its tracked files were
        modified; ``None`` otherwise.
    date
        When the result was computed (UTC, ISO 8601; ``SOURCE_DATE_EPOCH`` fixes it).
    python, numpy, sympy
        The versions that computed it.

    >>> p = Provenance.collect("baseline")
    >>> p.version == __version__, p.scenario, len(p.values) == len(scenarios["baseline"].values)
    (True, 'baseline', True)
    >>> p.digest == scenarios["baseline"].digest
    True
    >>> sorted(p.to_dict())[:4]
    ['base', 'commit', 'date', 'digest']
    """

    version: str
    values: Mapping[str, float]
    digest: str
    scenario: str | None = None
    base: str | None = None
    source: str = ""
    options: Mapping[str, Any] = field(default_factory=dict)
    outside: tuple[str, ...] = ()
    model: str = "triangle.models.simultaneous"
    form: str = "simultaneous"
    seed: Any = None
    samples: int | None = None
    prior: str | None = None
    commit: str | None = None
    modified: bool | None = None
    date: str = ""
    python: str = ""
    numpy: str = ""
    sympy: str = ""

    @classmethod
    def collect(cls, at: PointLike = "baseline", **run: Any) -> Provenance:
        """The provenance of a result computed now at ``at`` (a scenario name, a
        :class:`~triangle.Scenario`, a mapping of values or a resolved point); ``run``
        sets ``seed``, ``samples``, ``prior``, ``model`` or ``form``.

        >>> p = Provenance.collect({"sanctions_relief": 0.9}, seed=1, samples=500)
        >>> p.scenario is None, p.values["sanctions_relief"], p.seed, p.samples
        (True, 0.9, 1, 500)
        """
        import numpy
        import sympy

        scenario = scenarios[at] if isinstance(at, str) else at
        point = resolve_point(scenario)
        commit, modified = _git_commit()
        own = scenario if isinstance(scenario, Scenario) else None
        return cls(
            version=__version__,
            values={k: float(v) for k, v in point.values.items()},
            digest=values_digest(point.values, point.options),
            scenario=point.name,
            base=own.base if own else None,
            source=own.source if own else "",
            options=dict(point.options),
            outside=own.outside if own else (),
            commit=commit,
            modified=modified,
            date=_now(),
            python=sys.version.split()[0],
            numpy=numpy.__version__,
            sympy=sympy.__version__,
            **run,
        )

    @classmethod
    def of_run(cls, values: Mapping[str, Any] | None = None, *, when: float | None = None,
               **fields: Any) -> Provenance:
        """The provenance of a result computed on any game, at ``values`` (by factor or
        symbol name; empty for a numeric game): the package, the date (``when``, seconds
        since the epoch; default now) and the versions, with ``fields`` (``model``,
        ``form``, ``scenario``, ``seed``, ``samples``, ``prior``) as given.

        >>> p = Provenance.of_run({"a": 1}, form="tornado", seed=3)
        >>> p.values, p.form, p.seed, p.digest == values_digest({"a": 1.0}, {})
        ({'a': 1.0}, 'tornado', 3, True)
        """
        import numpy
        import sympy

        commit, modified = _git_commit()
        point = {k: float(v) for k, v in (values or {}).items()}
        return cls(version=__version__, values=point,
                   digest=values_digest(point, fields.get("options") or {}),
                   commit=commit, modified=modified, date=_now(when),
                   python=sys.version.split()[0], numpy=numpy.__version__,
                   sympy=sympy.__version__, **fields)

    @property
    def shipped(self) -> bool:
        """Whether the values are those of a shipped scenario, under its name."""
        name = self.scenario
        return name in scenarios.shipped and scenarios[name].digest == self.digest

    @property
    def user_source(self) -> str:
        """The file the scenario came from, unless it is the package's own data."""
        return "" if self.source.startswith("triangle/data/") else self.source

    def replace(self, **changes: Any) -> Provenance:
        """A copy with some fields changed (for instance ``seed`` and ``samples``).

        >>> Provenance.collect("baseline").replace(seed=7).seed
        7
        """
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (stable key ``provenance`` in every JSON output).

        >>> import json
        >>> data = json.loads(json.dumps(Provenance.collect("1972").to_dict()))
        >>> data["scenario"], data["values"]["rift_depth"], data["options"]
        ('1972', 0.9, {'china_punishes': 'russia'})
        """
        out = dataclasses.asdict(self)
        out["values"] = dict(self.values)
        out["options"] = dict(self.options)
        out["outside"] = list(self.outside)
        return out

    def summary(self) -> str:
        """One sentence: version, commit, scenario, digest, run, date and versions.

        >>> Provenance("0.1.0", {}, "0123abcd", "baseline", date="2025-01-01").summary()
        "triangle 0.1.0; scenario 'baseline'; values digest 0123abcd; 2025-01-01"
        """
        parts = [f"triangle {self.version}"]
        if self.commit:
            parts[0] += f" (commit {self.commit[:12]}{', modified' if self.modified else ''})"
        where = (f"scenario {self.scenario!r}" if self.scenario
                 else "factor values given" if self.values
                 else "no factor values (a game given as numbers)")
        if self.user_source:
            where += f" from {self.user_source}"
        parts.append(where)
        parts.append(f"values digest {self.digest}")
        if self.outside:
            parts.append("outside the plausible range: " + ", ".join(self.outside))
        if self.samples is not None:
            parts.append(f"{self.samples:,} samples, seed {self.seed}, {self.prior or 'uniform'}")
        parts.append(self.date)
        if self.python:
            parts.append(f"Python {self.python}, numpy {self.numpy}, sympy {self.sympy}")
        return "; ".join(parts)

    def to_latex(self) -> str:
        """``%`` comment lines for a ``.tex`` file: the summary, then every factor value.

        >>> print(Provenance("0.1.0", {"a": 0.5}, "0123abcd", "baseline",
        ...                  date="2025-01-01").to_latex())
        % provenance: triangle 0.1.0; scenario 'baseline'; values digest 0123abcd; 2025-01-01
        % values: a=0.5
        """
        out = [f"% provenance: {self.summary()}"]
        items = [f"{k}={v:g}" for k, v in self.values.items()]
        for start in range(0, len(items), 6):  # short comment lines
            out.append("% values: " + ", ".join(items[start:start + 6]))
        return "\n".join(out)

    def _repr_html_(self) -> str:
        import html

        values = "".join(f"<tr><td><code>{html.escape(k)}</code></td><td>{v:g}</td></tr>"
                         for k, v in self.values.items())
        return (f"<div><b>Provenance</b> {html.escape(self.summary())}"
                f"<details><summary>All {len(self.values)} factor values</summary>"
                f"<table>{values}</table></details></div>")

    def to_markdown(self) -> str:
        """A Markdown section: the run in a table, every factor value in a folded table.

        >>> text = Provenance.collect("baseline").to_markdown()
        >>> text.splitlines()[0], "| `sanctions_relief` | 0.5 |" in text
        ('### Provenance', True)
        """
        rows = [("package", f"triangle {self.version}"),
                ("commit", (self.commit or "not a checkout")
                 + (" (tracked files modified)" if self.modified else "")),
                ("scenario", f"`{self.scenario}`" if self.scenario
                 else "factor values given" if self.values else "none (a game given as numbers)"),
                ("model", f"`{self.model}` ({self.form})"),
                ("options", ", ".join(f"{k}={v!r}" for k, v in self.options.items()) or "-"),
                ("values digest", f"`{self.digest}`")]
        if self.user_source:
            rows.insert(3, ("scenario file", f"`{self.user_source}`"))
        if self.base:
            rows.insert(3, ("started from", f"`{self.base}`"))
        if self.outside:
            rows.append(("outside the plausible range", ", ".join(f"`{f}`" for f in self.outside)))
        if self.samples is not None:
            rows.append(("samples, seed, prior", f"{self.samples:,}, {self.seed}, "
                                                 f"{self.prior or 'uniform'}"))
        rows += [("date", self.date),
                 ("versions", f"Python {self.python}, numpy {self.numpy}, sympy {self.sympy}")]
        out = ["### Provenance", "", "| | |", "|---|---|"]
        out += [f"| {k} | {v} |" for k, v in rows]
        out += ["", f"<details><summary>All {len(self.values)} factor values</summary>", "",
                "| factor | value |", "|---|---|"]
        out += [f"| `{k}` | {v:g} |" for k, v in self.values.items()]
        out += ["", "</details>"]
        return "\n".join(out)


# Solver results on a game given as numbers (games layer) get their provenance from here.
register_provenance(lambda when: Provenance.of_run(None, when=when))
