"""Named scenarios: full sets of factor values, each change cited or assumed.

A :class:`Scenario` starts from the registry's 2025 baselines and overrides some factors.
Each override carries its provenance like a factor does: a verbatim quote when the value
comes from an article, a reason when the modeller chose it. The shipped scenarios
(``triangle/data/scenarios.toml``) are the 2025 baseline, one per article where it
states or clearly implies other values, and ``"1972"``, the mirror case of the
Nixon-Kissinger opening (the courted junior partner, China, sits in the "Russia" seat).

>>> import triangle as tri
>>> s = tri.scenarios["1972"]
>>> s.label("Russia"), s.label("China")
('China (1972)', 'USSR')
>>> s.values["rift_depth"] > tri.scenarios["baseline"].values["rift_depth"]
True
>>> tri.scenarios["1973"]
Traceback (most recent call last):
...
triangle.errors.UnknownNameError: unknown scenario '1973'; did you mean '1972'?
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from triangle.errors import unknown_name
from triangle.games.normal_form import NormalFormGame
from triangle.models.factors import (
    PROVENANCES,
    FactorValues,
    RegistryDataError,
    Source,
    factors,
    load_toml,
)

__all__ = ["Override", "Scenario", "ScenarioRegistry", "scenarios"]


@dataclass(frozen=True)
class Override:
    """One factor value a scenario changes, with its provenance.

    ``low``/``high`` give the plausible range in the scenario's world when it differs
    from the registry's 2025 range (``None``: the registry's).
    """

    factor: str
    value: float
    provenance: str
    sources: tuple[Source, ...] = ()
    reason: str = ""
    low: float | None = None
    high: float | None = None

    def __post_init__(self) -> None:
        where = f"override of {self.factor!r}"
        if self.factor not in factors:
            raise unknown_name("factor", self.factor, factors)
        v = self.value
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(v):
            raise RegistryDataError(f"{where}: the value must be a finite number; got {v!r}.")
        if self.provenance not in PROVENANCES:
            raise RegistryDataError(f"{where}: provenance is 'cited' or 'assumed'.")
        if self.provenance == "cited" and not self.sources:
            raise RegistryDataError(f"{where}: a cited value needs a quote.")
        if self.provenance == "assumed" and not self.reason.strip():
            raise RegistryDataError(f"{where}: an assumed value needs a reason.")
        low, high = self.range
        if not low <= v <= high:
            raise RegistryDataError(
                f"{where}: value {v} is outside the range [{low}, {high}]; give the range of "
                f"the scenario's world with low/high."
            )

    @property
    def range(self) -> tuple[float, float]:
        """The plausible range in the scenario (the registry's unless overridden)."""
        f = factors[self.factor]
        return (
            f.low if self.low is None else float(self.low),
            f.high if self.high is None else float(self.high),
        )


class Scenario:
    """A named, complete set of factor values.

    Attributes
    ----------
    name, title, description
        Identifier, short title and what the scenario represents.
    values
        Every registry factor's value (a fresh :class:`~triangle.models.factors.FactorValues`
        on each access): the registry's baseline for the factors the scenario does not set.
    overrides
        Only what the scenario changes: factor id -> :class:`Override`.
    labels
        Display names of the players (e.g. ``{"Russia": "China (1972)"}``).
    options
        Keyword arguments for :func:`triangle.models.simultaneous` that the scenario
        implies (e.g. ``{"china_punishes": "us"}`` for article 002).
    year
        The year the scenario describes.

    Examples
    --------
    >>> import triangle as tri
    >>> s = tri.scenarios["baseline"]
    >>> s.values["china_import_share"], len(s.overrides)
    (0.4, 0)
    >>> s.with_values({"hedge_depth": 0.7}).values["hedge_depth"]
    0.7
    """

    __slots__ = (
        "_values", "description", "labels", "name", "options", "overrides", "title", "year"
    )

    def __init__(
        self,
        name: str,
        title: str,
        description: str,
        overrides: Mapping[str, Override] | None = None,
        labels: Mapping[str, str] | None = None,
        options: Mapping[str, Any] | None = None,
        year: int = 2025,
    ) -> None:
        self.name = name
        self.title = title
        self.description = description
        self.overrides = MappingProxyType(dict(overrides or {}))
        self.labels = MappingProxyType(dict(labels or {}))
        self.options = MappingProxyType(dict(options or {}))
        self.year = int(year)
        values = dict(factors.baseline())
        for fid, o in self.overrides.items():
            if fid != o.factor:
                raise RegistryDataError(
                    f"scenario {name!r}: override keyed {fid!r} is for {o.factor!r}."
                )
            values[fid] = float(o.value)
        self._values = MappingProxyType(values)

    @property
    def values(self) -> FactorValues:
        """Every factor's value in this scenario, ``{id: value}`` (a fresh copy)."""
        return FactorValues(self._values)

    def ranges(self) -> dict[str, tuple[float, float]]:
        """Each factor's plausible range in this scenario's world."""
        out = factors.ranges()
        out.update({fid: o.range for fid, o in self.overrides.items()})
        return out

    def label(self, player: str) -> str:
        """The display name of a player in this scenario."""
        return self.labels.get(player, player)

    def game(self) -> NormalFormGame:
        """The simultaneous model (with this scenario's options) at this scenario's values.

        >>> import triangle as tri
        >>> tri.scenarios["petrenko_002"].game().is_symbolic
        False
        """
        from triangle.models.simultaneous import simultaneous

        return simultaneous(**self.options).subs(self.values)

    def relabel(self, game: NormalFormGame) -> NormalFormGame:
        """A copy of ``game`` with the players renamed for display (terms are not kept).

        >>> import triangle as tri
        >>> s = tri.scenarios["1972"]
        >>> s.relabel(s.game()).players
        ('US', 'China (1972)', 'USSR')
        """
        return NormalFormGame(
            game.payoffs, players=[self.label(p) for p in game.players], strategies=game.strategies
        )

    def with_values(
        self, values: Mapping[str, float], *, name: str | None = None, reason: str = "user value"
    ) -> Scenario:
        """A new scenario with some factors set (as assumed values with ``reason``)."""
        overrides = dict(self.overrides)
        for fid, v in values.items():
            f = factors[fid]
            old = overrides.get(fid)
            low = min(f.low, float(v), old.range[0] if old else f.low)
            high = max(f.high, float(v), old.range[1] if old else f.high)
            overrides[fid] = Override(fid, float(v), "assumed", (), reason, low, high)
        return Scenario(
            name or f"{self.name}+", self.title, self.description, overrides, self.labels,
            self.options, self.year,
        )

    def __reduce__(self) -> tuple[Any, ...]:  # mapping proxies do not pickle
        return (
            Scenario,
            (self.name, self.title, self.description, dict(self.overrides), dict(self.labels),
             dict(self.options), self.year),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scenario):
            return NotImplemented
        return (self.name, dict(self._values), dict(self.options)) == (
            other.name, dict(other._values), dict(other.options)
        )

    def __hash__(self) -> int:
        return hash(self.name)

    def __repr__(self) -> str:
        changed = ", ".join(f"{k}={o.value:g}" for k, o in self.overrides.items())
        return f"<Scenario {self.name!r} ({self.year}): {changed or 'registry baselines'}>"


def _parse_scenario(raw: Mapping[str, Any]) -> Scenario:
    name = raw.get("name", "?")
    known = {"name", "title", "description", "year", "labels", "options", "override"}
    extra = sorted(set(raw) - known)
    if extra:
        raise RegistryDataError(f"scenario {name!r}: unknown fields {extra}.")
    overrides: dict[str, Override] = {}
    for o in raw.get("override", []):
        fid = o.get("factor", "?")
        if fid in overrides:
            raise RegistryDataError(f"scenario {name!r} overrides {fid!r} twice.")
        overrides[fid] = Override(
            factor=fid,
            value=float(o["value"]),
            provenance=o["provenance"],
            sources=tuple(Source(s["file"], s["quote"]) for s in o.get("sources", [])),
            reason=o.get("reason", ""),
            low=o.get("low"),
            high=o.get("high"),
        )
    return Scenario(
        name=name,
        title=raw["title"],
        description=raw["description"],
        overrides=overrides,
        labels=raw.get("labels", {}),
        options=raw.get("options", {}),
        year=raw.get("year", 2025),
    )


class ScenarioRegistry(Mapping[str, Scenario]):
    """A read-only mapping from scenario name to :class:`Scenario`.

    >>> import triangle as tri
    >>> "baseline" in tri.scenarios and "1972" in tri.scenarios
    True
    """

    def __init__(self, items: Mapping[str, Scenario]) -> None:
        self._by_name = dict(items)

    @classmethod
    def from_package_data(cls) -> ScenarioRegistry:
        """The scenarios shipped in ``triangle/data/scenarios.toml``."""
        out: dict[str, Scenario] = {}
        for raw in load_toml("scenarios.toml").get("scenario", []):
            s = _parse_scenario(raw)
            if s.name in out:
                raise RegistryDataError(f"scenario {s.name!r} appears more than once.")
            out[s.name] = s
        return cls(out)

    def __getitem__(self, name: str) -> Scenario:
        try:
            return self._by_name[name]
        except (KeyError, TypeError):
            raise unknown_name("scenario", name, self._by_name) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)

    def __repr__(self) -> str:
        return f"<ScenarioRegistry: {', '.join(self._by_name)}>"


@functools.lru_cache(maxsize=1)
def _load() -> ScenarioRegistry:
    return ScenarioRegistry.from_package_data()


#: The package's scenarios: name -> :class:`Scenario`.
scenarios: ScenarioRegistry = _load()
