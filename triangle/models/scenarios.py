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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Union

import sympy

from triangle.errors import InvalidArgumentError, RegistryDataError, unknown_name
from triangle.games.normal_form import NormalFormGame
from triangle.models.factors import PROVENANCES, FactorValues, Source, factors, parse_sources
from triangle.registries import Entry, Registry, load_toml

__all__ = [
    "Override", "Point", "PointLike", "Scenario", "ScenarioRegistry", "resolve_point", "scenarios"
]


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
        "_ranges", "_values", "description", "labels", "name", "options", "overrides", "title",
        "year",
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
        ranges = factors.ranges()
        ranges.update({fid: o.range for fid, o in self.overrides.items()})
        self._ranges = MappingProxyType(ranges)

    @property
    def values(self) -> FactorValues:
        """Every factor's value in this scenario, ``{id: value}`` (a fresh copy)."""
        return FactorValues(self._values)

    def ranges(self) -> dict[str, tuple[float, float]]:
        """Each factor's plausible range in this scenario's world (a fresh copy)."""
        return dict(self._ranges)

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


def _parse_scenario(entry: Entry) -> Scenario:
    entry.check_fields(
        required=("name", "title", "description"),
        optional=("year", "labels", "options", "override"),
    )
    overrides: dict[str, Override] = {}
    for o in entry.entries(
        "override",
        kind="override",
        key="factor",
        required=("factor", "value", "provenance"),
        optional=("sources", "reason", "low", "high"),
    ):
        value = float(o.field("value", (int, float)))
        with o.context():
            overrides[o["factor"]] = Override(
                factor=o["factor"],
                value=value,
                provenance=o["provenance"],
                sources=parse_sources(o),
                reason=o.get("reason", ""),
                low=o.get("low"),
                high=o.get("high"),
            )
    with entry.context():
        return Scenario(
            name=entry["name"],
            title=entry["title"],
            description=entry["description"],
            overrides=overrides,
            labels=entry.get("labels", {}),
            options=entry.get("options", {}),
            year=entry.get("year", 2025),
        )


class ScenarioRegistry(Registry[Scenario]):
    """A read-only mapping from scenario name to :class:`Scenario`, in file order.

    >>> import triangle as tri
    >>> "baseline" in tri.scenarios and "1972" in tri.scenarios
    True
    """

    kind = "scenario"
    key = "name"

    @classmethod
    def from_package_data(cls) -> ScenarioRegistry:
        """The scenarios shipped in ``triangle/data/scenarios.toml``.

        >>> list(ScenarioRegistry.from_package_data()) == list(scenarios)
        True
        """
        data = load_toml("scenarios.toml")
        return cls(
            _parse_scenario(e) for e in data.entries("scenario", kind="scenario", key="name")
        )

    def _summary(self) -> str:
        return ", ".join(self)


@functools.lru_cache(maxsize=1)
def _load() -> ScenarioRegistry:
    return ScenarioRegistry.from_package_data()


#: The package's scenarios: name -> :class:`Scenario`.
scenarios: ScenarioRegistry = _load()


# --------------------------------------------------------------------- the point resolver
#: What a point may be given as: ``None``, a scenario name, a :class:`Scenario` (or any
#: object with a ``values`` mapping), a mapping of factor ids to numbers, or a :class:`Point`.
PointLike = Union["Point", Scenario, Mapping[Any, Any], str, None]


@dataclass(frozen=True, eq=False)
class Point:
    """One point of factor space, resolved once: values, their ranges, the model's options.

    Build it with :func:`resolve_point`, then pass it down: every function that takes
    ``at=`` (or ``values=``) accepts a :class:`Point` as it is.

    Attributes
    ----------
    values
        A value for every registry factor (and for the extra ids given), as floats.
    ranges
        Each registry factor's plausible range at this point: the scenario's own (its
        world, as ``"1972"``'s) or, for a mapping of values, those of its ``base``.
    options
        The keyword arguments of :func:`triangle.models.simultaneous` the point implies
        (whom China punishes, ``{"china_punishes": "us"}`` for article 002).
    name
        The scenario's name, or ``None`` for values given as a mapping.
    labels
        Display names of the players in the scenario's world (``{"Russia": "China (1972)"}``).

    >>> p = resolve_point("petrenko_002")
    >>> p.name, p.options["china_punishes"], p.values["china_import_share"]
    ('petrenko_002', 'us', 0.4)
    >>> resolve_point("1972").label("Russia")
    'China (1972)'
    """

    values: FactorValues
    ranges: Mapping[str, tuple[float, float]]
    options: Mapping[str, Any]
    name: str | None = None
    labels: Mapping[str, str] = field(default_factory=dict)

    def label(self, player: str) -> str:
        """The display name of a player at this point (its own name unless relabelled)."""
        return self.labels.get(player, player)

    def game(self) -> NormalFormGame:
        """The simultaneous model with this point's options, at this point's values.

        >>> resolve_point({"sanctions_relief": 0.9}).game().is_symbolic
        False
        """
        from triangle.models.simultaneous import simultaneous

        return simultaneous(**self.options).subs(self.values)


def _as_value(name: str, value: Any) -> float:
    """A factor's value as a finite float (sympy and numpy numbers too; never a bool)."""
    if type(value) is float and math.isfinite(value):  # the common case, without ABC checks
        return value
    if isinstance(value, (numbers.Real, sympy.Basic)) and not isinstance(value, bool):
        try:
            x = float(value)
        except TypeError:  # a sympy expression that is not a number
            x = math.nan
        if math.isfinite(x) and not (isinstance(value, sympy.Basic) and not value.is_real):
            return x
    raise InvalidArgumentError(
        f"the value of factor {name!r} must be a finite real number; got {value!r}."
    )


def _scenario_point(scenario: Any) -> Point:
    if isinstance(scenario, Scenario):  # checked when it was built: no need to check again
        return Point(
            scenario.values,
            scenario.ranges(),
            dict(scenario.options),
            scenario.name,
            dict(scenario.labels),
        )
    # a scenario-like object: its .values, and its ranges() when it has them
    own = getattr(scenario, "ranges", None)
    ranges = own() if callable(own) else factors.ranges()
    values = FactorValues()
    for key, v in scenario.values.items():
        name = getattr(key, "name", key)
        if name not in factors:
            raise unknown_name("factor", name, factors)
        values[name] = _as_value(name, v)
    return Point(
        values=FactorValues({**factors.baseline(), **values}),
        ranges=dict(ranges),
        options=dict(getattr(scenario, "options", None) or {}),
        name=getattr(scenario, "name", None),
        labels=dict(getattr(scenario, "labels", None) or {}),
    )


def resolve_point(
    at: PointLike,
    *,
    base: str | Scenario | None = "baseline",
    extra: Iterable[str] = (),
) -> Point:
    """Turn what a user passed as a point into a :class:`Point`: the one resolver.

    Parameters
    ----------
    at
        ``None`` (the ``base`` point); a scenario name of :data:`scenarios`; a
        :class:`Scenario` (or any object with a ``values`` mapping, and optionally
        ``ranges()``, ``options``, ``name`` and ``labels``); a mapping of factor ids (or
        sympy symbols) to numbers, completed from ``base``; or a :class:`Point`, returned
        as it is.
    base
        Where a mapping's missing factors (and its ranges and options) come from: a
        scenario name, a :class:`Scenario`, or ``None`` for the registry's baselines
        (its ranges, the default model). Also the point of ``at=None``.
    extra
        Ids outside the registry that a mapping may set (a game's own symbols); they
        have no baseline, so they are in :attr:`Point.values` only when given.

    Raises
    ------
    UnknownNameError
        An unknown scenario name, or a misspelt factor id (with the closest ids).
    InvalidArgumentError
        A value that is not a finite real number.
    TypeError
        ``at`` is none of the above.

    Examples
    --------
    >>> p = resolve_point({"sanctions_relief": 0.9}, base="1972")
    >>> p.values["sanctions_relief"], p.values["rift_depth"], p.name, p.ranges["rift_depth"]
    (0.9, 0.8, None, (0.7, 1.0))
    >>> resolve_point(None, base=None).name is None
    True
    >>> resolve_point({"sanction_relief": 0.9})
    Traceback (most recent call last):
    ...
    triangle.errors.UnknownNameError: unknown factor 'sanction_relief'; did you mean ...
    """
    if isinstance(at, Point):
        return at
    if at is None:
        if base is None:
            return Point(factors.baseline(), factors.ranges(), {}, None)
        at = base
    if isinstance(at, str):
        at = scenarios[at]
    if isinstance(at, Scenario):
        return _scenario_point(at)
    if not isinstance(at, Mapping):
        if isinstance(getattr(at, "values", None), Mapping):
            return _scenario_point(at)
        raise TypeError(
            f"a point is a scenario name, a Scenario, a mapping of factor ids to numbers or "
            f"None; got {type(at).__name__}."
        )
    start = resolve_point(None, base=base)
    known = set(start.values) | set(extra)
    values = FactorValues(start.values)
    for key, v in at.items():
        name = getattr(key, "name", key)
        if name not in known:
            raise unknown_name("factor", name, sorted(known))
        values[name] = _as_value(name, v)
    return Point(values, start.ranges, dict(start.options), None, {})
