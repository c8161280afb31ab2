"""Named scenarios: full sets of factor values, each change cited or assumed.

A :class:`Scenario` starts from the registry's 2025 baselines (or from another scenario,
its ``base``) and overrides some factors. Each override carries its provenance like a
factor does: a verbatim quote when the value comes from an article, a reason when the
modeller chose it. The shipped scenarios (``triangle/data/scenarios.toml``) are the 2025
baseline, one per article where it states or clearly implies other values, and
``"1972"``, the mirror case of the Nixon-Kissinger opening (the courted junior partner,
China, sits in the "Russia" seat).

Your own calibrations use the same schema and the same checks: write them in a TOML file
and read it with :meth:`Scenario.from_toml`, or derive one with
:meth:`Scenario.with_values`. Pass the :class:`Scenario` itself wherever a scenario is
taken (``triangle.analyze.analyze``, ``Claim.check``, ``evaluate_claims(base=...)``, the
sensitivity functions' ``at=``), or register it under its name with
:meth:`ScenarioRegistry.register` so that names work too (``triangle analyze --scenario``).
A value outside a factor's plausible range is an error unless you allow it
(``allow_out_of_range=True``); the scenario then records that it is outside.

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
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Union

from triangle.errors import (
    InvalidArgumentError,
    InvalidArgumentTypeError,
    RegistryDataError,
    UnknownNameError,
    closest_names,
    unknown_name,
)
from triangle.games.aliases import NumberLike
from triangle.games.normal_form import NormalFormGame
from triangle.models._scenario_data import (
    MODEL_DEFAULTS,
    MODEL_OPTIONS,
    NAME,
    SCENARIO_FIELDS,
    Override,
    as_value,
    check_fields,
    check_scenario_parts,
    parse_override,
    read_toml,
    scenario_toml,
    values_digest,
)
from triangle.models.factors import FactorValues, factors
from triangle.registries import (
    Entry,
    Registry,
    TomlData,
    check_flag,
    check_mapping,
    check_sequence,
    load_toml,
)

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "MODEL_OPTIONS", "Override", "Point", "PointLike", "Scenario", "ScenarioRegistry",
    "resolve_point", "scenarios", "values_digest",
]


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
        Only what the scenario changes: factor id -> :class:`Override` (those of its
        ``base`` included).
    labels
        Display names of the players (e.g. ``{"Russia": "China (1972)"}``).
    options
        Keyword arguments for :func:`triangle.models.simultaneous` that the scenario
        implies (e.g. ``{"china_punishes": "us"}`` for article 002); those left out take
        the model's defaults, written out.
    year
        The year the scenario describes.
    base
        The name of the scenario this one started from, or ``None`` (the registry's values).
    source
        Where it (or, for one made by :meth:`with_values`, the scenario it started from)
        was defined: ``"triangle/data/scenarios.toml"``, your file, or ``""`` (in Python).

    Examples
    --------
    >>> import triangle as tri
    >>> s = tri.scenarios["baseline"]
    >>> s.values["china_import_share"], len(s.overrides)
    (0.4, 0)
    >>> s.with_values({"hedge_depth": 0.7}).values["hedge_depth"]
    0.7
    >>> s.with_values(hedge_depth=0.7).overrides["hedge_depth"].reason
    'user value'
    """

    __slots__ = (
        "_ranges", "_values", "base", "description", "labels", "name", "options", "overrides",
        "source", "title", "year",
    )

    name: str
    title: str
    description: str
    overrides: Mapping[str, Override]
    labels: Mapping[str, str]
    options: Mapping[str, Any]
    year: int
    base: str | None
    source: str
    _values: Mapping[str, float]
    _ranges: Mapping[str, tuple[float, float]]

    def __init__(
        self,
        name: str,
        title: str,
        description: str,
        overrides: Mapping[str, Override] | None = None,
        labels: Mapping[str, str] | None = None,
        options: Mapping[str, Any] | None = None,
        year: int = 2025,
        *,
        base: Scenario | None = None,
        source: str = "",
    ) -> None:
        merged, labels, options = check_scenario_parts(
            name, title, description, overrides, labels, options, year, base, source,
            Scenario,
        )
        self.name = name
        self.title = title
        self.description = description
        self.overrides = MappingProxyType(merged)
        self.labels = MappingProxyType(dict(labels or {}))
        self.options = MappingProxyType({**MODEL_DEFAULTS, **dict(options or {})})
        self.year = int(year)
        self.base = base.name if base is not None else None
        self.source = str(source)
        values = dict(factors.baseline())
        values.update({fid: float(o.value) for fid, o in merged.items()})
        self._values = MappingProxyType(values)
        ranges = factors.ranges()
        ranges.update({fid: o.range for fid, o in merged.items()})
        self._ranges = MappingProxyType(ranges)

    # ------------------------------------------------------------- reading
    @property
    def values(self) -> FactorValues:
        """Every factor's value in this scenario, ``{id: value}`` (a fresh copy)."""
        return FactorValues(self._values)

    def ranges(self) -> dict[str, tuple[float, float]]:
        """Each factor's plausible range in this scenario's world (a fresh copy)."""
        return dict(self._ranges)

    @property
    def region(self) -> Mapping[str, tuple[float, float]]:
        """The sub-box of :meth:`ranges` that the scenario's words support, ``{id: (lo, hi)}``.

        A factor whose override gives a ``region`` (with the quote it rests on) takes it;
        every other factor keeps its whole plausible range in the scenario's world, since
        the article says nothing that narrows it. The baseline's region is the whole box.
        Sample it with :meth:`sample`, or pass it as ``ranges=`` to any sensitivity
        function (``triangle.sensitivity.claim_robustness(region=...)`` does this per
        article).

        >>> import triangle as tri
        >>> r = tri.scenarios["heybatov_000"].region
        >>> r["irreversibility"], r["sanctions_relief"] == tri.factors["sanctions_relief"].range
        ((0.9, 1.0), True)
        >>> dict(tri.scenarios["baseline"].region) == tri.factors.ranges()
        True
        """
        box = dict(self._ranges)
        box.update({fid: o.region for fid, o in self.overrides.items() if o.region is not None})
        return MappingProxyType(box)

    @property
    def narrowed(self) -> tuple[str, ...]:
        """The factors whose range the scenario's words narrow (those with a ``region``).

        >>> import triangle as tri
        >>> "beijing_unease" in tri.scenarios["petrenko_002"].narrowed
        True
        """
        return tuple(fid for fid, o in self.overrides.items() if o.region is not None)

    def sample(
        self, n: int, *, seed: int | np.random.Generator | None = None, prior: str = "uniform"
    ) -> dict[str, np.ndarray]:
        """``n`` samples of every factor over this scenario's :attr:`region`.

        The same draws as ``triangle.sample_factors(n, seed=seed, ranges=self.region,
        prior=prior)`` (see :mod:`triangle.sensitivity.sampling` for the priors): a dict of
        1-D arrays, one per factor, ready for :func:`triangle.sweep` or
        :func:`triangle.verdicts.claims.evaluate_claims` (with ``base=self``).

        >>> import triangle as tri
        >>> s = tri.scenarios["heybatov_000"].sample(1000, seed=0)
        >>> bool(s["irreversibility"].min() >= 0.9), len(s["irreversibility"])
        (True, 1000)
        """
        # the sampler lives a layer up (sensitivity); imported on call, as a facade does
        from triangle.sensitivity.sampling import sample_factors

        return sample_factors(n, seed=seed, ranges=dict(self.region), prior=prior,
                              modes=self.values)

    @property
    def digest(self) -> str:
        """A fingerprint of the values and options (:func:`values_digest`)."""
        return values_digest(self._values, self.options)

    @property
    def outside(self) -> tuple[str, ...]:
        """The factors set outside their plausible range (with permission), by id."""
        return tuple(fid for fid, o in self.overrides.items() if o.outside)

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

    # ------------------------------------------------------------- deriving
    def with_values(
        self,
        values: Mapping[Any, Any] | None = None,
        /,
        *,
        name: str | None = None,
        reason: str = "user value",
        allow_out_of_range: bool = False,
        **factor_values: NumberLike,
    ) -> Scenario:
        """A new scenario with some factors set, as assumed values with ``reason``.

        Give the values as a mapping, as keywords, or both. Each must lie in the factor's
        plausible range in this scenario's world; ``allow_out_of_range=True`` accepts it
        anyway (the new scenario's :attr:`outside` lists it, and its range widens to it).

        >>> import triangle as tri
        >>> s = tri.scenarios["baseline"].with_values(sanctions_relief=0.9, name="mine")
        >>> s.name, s.base, s.values["sanctions_relief"]
        ('mine', 'baseline', 0.9)
        >>> tri.scenarios["baseline"].with_values(sanctions_relief=5)
        Traceback (most recent call last):
        ...
        triangle.errors.InvalidArgumentError: sanctions_relief = 5 is outside its plausible ...
        >>> tri.scenarios["baseline"].with_values(sanctions_relief=5,
        ...                                       allow_out_of_range=True).outside
        ('sanctions_relief',)
        """
        if values is not None:
            check_mapping(values, "values")
        allow_out_of_range = check_flag(allow_out_of_range, "allow_out_of_range")
        if name is not None and (not isinstance(name, str) or not name.strip()):
            raise InvalidArgumentError(
                f"name is a non-empty string (or None for '{self.name}+'); got {name!r}."
            )
        given: dict[str, Any] = {}
        for key, v in (*(values or {}).items(), *factor_values.items()):
            fid = getattr(key, "name", key)  # a factor's sympy symbol names it too
            if fid in given:
                raise InvalidArgumentError(f"{fid} is given twice; give each factor once.")
            if fid not in factors:
                raise unknown_name("factor", fid, factors)
            given[fid] = as_value(fid, v)
        overrides = dict(self.overrides)
        for fid, x in given.items():
            old = overrides.get(fid)
            low, high = old.declared_range if old else factors[fid].range
            if not low <= x <= high and not allow_out_of_range:
                raise InvalidArgumentError(
                    f"{fid} = {x:g} is outside its plausible range [{low:g}, {high:g}] "
                    f"({factors[fid].unit}) in scenario {self.name!r}; give a value in the "
                    f"range, or allow values out of range (allow_out_of_range=True)."
                )
            overrides[fid] = Override(
                fid, x, "assumed", (), reason, old.low if old else None,
                old.high if old else None, allow_out_of_range=allow_out_of_range,
            )
        return Scenario(
            name or f"{self.name}+", self.title, self.description, overrides, self.labels,
            self.options, self.year, base=self, source=self.source,
        )

    # ------------------------------------------------------------- files
    @classmethod
    def from_toml(
        cls,
        path_or_text: str | os.PathLike[str],
        *,
        name: str | None = None,
        allow_out_of_range: bool = False,
        articles: str | os.PathLike[str] | None = None,
    ) -> Scenario:
        """Read a scenario from a TOML file (a path) or from TOML text.

        The schema is that of the shipped ``triangle/data/scenarios.toml``: one or more
        ``[[scenario]]`` tables (``name``, ``title``, ``description``; optional ``year``,
        ``base`` (a scenario to start from), ``options``, ``labels``), each with its
        ``[[scenario.override]]`` tables (``factor``, ``value``, ``provenance``, and a
        ``reason`` or ``sources`` quotes; optional ``low``/``high``, the range of the
        scenario's world). Every error names the file, the scenario, the override and the
        field; an unknown name suggests the closest.

        Parameters
        ----------
        path_or_text
            A path to the file, or the TOML text itself (text holds a newline).
        name
            Which scenario of the file (needed when it holds several).
        allow_out_of_range
            Accept values outside their factor's plausible range (they are recorded).
        articles
            A folder with the five article files: each quote must then be verbatim in its
            article (the check the package's own data pass in its test suite).

        Examples
        --------
        >>> text = '''
        ... [[scenario]]
        ... name = "relief_first"
        ... title = "Full relief"
        ... description = "Heybatov's values, with sanctions lifted in full."
        ... base = "heybatov_000"
        ...
        ... [[scenario.override]]
        ... factor = "sanctions_relief"
        ... value = 1.0
        ... provenance = "assumed"
        ... reason = "What if Washington lifted every sanction?"
        ... '''
        >>> s = Scenario.from_toml(text)
        >>> s.name, s.base, s.values["sanctions_relief"], s.values["irreversibility"]
        ('relief_first', 'heybatov_000', 1.0, 1.0)
        >>> Scenario.from_toml(text.replace("sanctions_relief", "sanction_relief"))
        Traceback (most recent call last):
        ...
        triangle.errors.UnknownNameError: <scenario text>: scenario 'relief_first': override ...
        """
        found = ScenarioRegistry.from_toml(
            path_or_text, allow_out_of_range=allow_out_of_range, articles=articles
        )
        if name is not None:
            return found[name]
        if len(found) != 1:
            raise RegistryDataError(
                f"{found.source}: holds {len(found)} scenarios ({', '.join(found)}); choose "
                f"one by name."
            )
        return next(iter(found.values()))

    def to_toml(self) -> str:
        """This scenario as a TOML file that :meth:`from_toml` reads back (all overrides,
        those of its base included).

        >>> import triangle as tri
        >>> s = tri.scenarios["1972"]
        >>> Scenario.from_toml(s.to_toml()) == s
        True
        """
        return scenario_toml(self)

    # ------------------------------------------------------------- protocol
    def __reduce__(self) -> tuple[Any, ...]:  # mapping proxies do not pickle
        return (_rebuild, (self.name, self.title, self.description, dict(self.overrides),
                           dict(self.labels), dict(self.options), self.year, self.base,
                           self.source))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scenario):
            return NotImplemented
        return (self.name, dict(self._values), dict(self.options), dict(self.region)) == (
            other.name, dict(other._values), dict(other.options), dict(other.region)
        )

    def __hash__(self) -> int:
        return hash(self.name)

    def __repr__(self) -> str:
        changed = ", ".join(f"{k}={o.value:g}" for k, o in self.overrides.items())
        return f"<Scenario {self.name!r} ({self.year}): {changed or 'registry baselines'}>"

    def _repr_html_(self) -> str:  # the values it sets, with their articles (issue 13)
        from triangle.games.display import scenario_html

        return scenario_html(self)


def _rebuild(name: str, title: str, description: str, overrides: dict[str, Override],
             labels: dict[str, str], options: dict[str, Any], year: int, base: str | None,
             source: str) -> Scenario:
    s = Scenario(name, title, description, overrides, labels, options, year, source=source)
    s.base = base
    return s


# --------------------------------------------------------------------- reading files
def _parse_scenario(
    entry: Entry,
    *,
    allow_out_of_range: bool = False,
    known: Mapping[str, Scenario] | None = None,
    articles: Path | None = None,
) -> Scenario:
    check_fields(entry, *SCENARIO_FIELDS)
    base = None
    if "base" in entry:
        if known is None or entry["base"] not in known:
            names = list(known or {})
            raise UnknownNameError(
                f"{entry.where}, field 'base': {unknown_name('scenario', entry['base'], names)}"
            )
        base = known[entry["base"]]
    overrides: dict[str, Override] = {}
    for o in entry.entries("override", kind="override", key="factor"):
        overrides[o["factor"]] = parse_override(o, allow_out_of_range, articles)
    with entry.context():
        return Scenario(
            name=entry["name"],
            title=entry["title"],
            description=entry["description"],
            overrides=overrides,
            labels=entry.field("labels", dict, None),
            options=entry.field("options", dict, None),
            year=entry.field("year", int, 2025 if base is None else base.year),
            base=base,
            source=entry.source,
        )


def _parse_file(
    data: TomlData,
    *,
    allow_out_of_range: bool = False,
    known: Mapping[str, Scenario] | None = None,
    articles: Path | None = None,
) -> list[Scenario]:
    for key in data:
        if key != "scenario":
            close = closest_names(key, ["scenario"], n=1)
            hint = " (did you mean [[scenario]]?)" if close else ""
            raise RegistryDataError(
                f"{data.source}: unknown table {key!r}{hint}; a scenario file holds "
                f"[[scenario]] tables, each followed by its [[scenario.override]] tables."
            )
    entries = data.entries("scenario", kind="scenario", key="name")
    if not entries:
        raise RegistryDataError(f"{data.source}: no [[scenario]] table; nothing to read.")
    seen: dict[str, Scenario] = dict(known or {})
    out = []
    for entry in entries:
        name = entry.get("name")
        if not isinstance(name, str) or not NAME.match(name):
            raise entry.error(
                "a scenario name is letters, digits and _ . + - (no spaces), starting with a "
                f"letter or digit; got {name!r}.", field="name"
            )
        s = _parse_scenario(entry, allow_out_of_range=allow_out_of_range, known=seen,
                            articles=articles)
        seen[s.name] = s
        out.append(s)
    return out


class ScenarioRegistry(Registry[Scenario]):
    """A mapping from scenario name to :class:`Scenario`, in file order.

    Read-only as a mapping (``scenarios["x"] = ...`` raises); :meth:`register` adds your
    own scenarios, under names the shipped ones do not use.

    >>> import triangle as tri
    >>> "baseline" in tri.scenarios and "1972" in tri.scenarios
    True
    """

    kind = "scenario"
    key = "name"

    def __init__(self, items: Iterable[Scenario] | Mapping[str, Scenario], *,
                 source: str = "") -> None:
        super().__init__(items)
        self.source = source
        self._fixed = frozenset(self._items)

    @classmethod
    def from_package_data(cls) -> ScenarioRegistry:
        """The scenarios shipped in ``triangle/data/scenarios.toml``.

        >>> list(ScenarioRegistry.from_package_data()) == list(scenarios)[:7]
        True
        """
        data = load_toml("scenarios.toml")
        return cls(_parse_file(data), source=data.source)

    @classmethod
    def from_toml(
        cls,
        path_or_text: str | os.PathLike[str],
        *,
        allow_out_of_range: bool = False,
        articles: str | os.PathLike[str] | None = None,
    ) -> ScenarioRegistry:
        """Every scenario of a TOML file (or text), checked (see :meth:`Scenario.from_toml`).

        A ``base`` may name a scenario of :data:`scenarios` or one earlier in the file.

        >>> found = ScenarioRegistry.from_toml(scenarios["1972"].to_toml())
        >>> list(found), found.source
        (['1972'], '<scenario text>')
        """
        data = read_toml(path_or_text)
        folder = None if articles is None else Path(articles)
        return cls(_parse_file(data, allow_out_of_range=allow_out_of_range,
                               known=scenarios, articles=folder), source=data.source)

    @property
    def shipped(self) -> tuple[str, ...]:
        """The names this registry was built with (the package's, for :data:`scenarios`)."""
        return tuple(n for n in self._items if n in self._fixed)

    def register(self, scenario: Scenario, *, replace: bool = False) -> Scenario:
        """Add your scenario under its name, so that every function taking a scenario name
        (and ``triangle ... --scenario NAME``) finds it. Returns the scenario.

        A shipped name cannot be taken; a name you registered before is replaced only
        with ``replace=True``. Registration lasts for the Python session.

        >>> import triangle as tri
        >>> mine = tri.scenarios["baseline"].with_values(sanctions_relief=0.9, name="mine")
        >>> _ = tri.scenarios.register(mine)
        >>> tri.claims["c000_pivot_unlikely_for_now"].check("mine").scenario
        'mine'
        >>> tri.scenarios.unregister("mine")
        """
        if not isinstance(scenario, Scenario):
            raise InvalidArgumentTypeError(
                f"register takes a Scenario (e.g. Scenario.from_toml(path)); got "
                f"{type(scenario).__name__}."
            )
        name = scenario.name
        if not NAME.match(name):
            raise InvalidArgumentError(
                f"scenario name {name!r}: use letters, digits and _ . + - (no spaces), so the "
                f"name works on a command line."
            )
        if name in self._fixed:
            raise InvalidArgumentError(
                f"{name!r} is a shipped scenario; give yours another name "
                f"(with_values(..., name=...) or name = ... in its file)."
            )
        if name in self._items and not replace and self._items[name] is not scenario:
            raise InvalidArgumentError(
                f"a scenario {name!r} is already registered; pass replace=True to replace it."
            )
        self._items[name] = scenario
        return scenario

    def unregister(self, name: str) -> None:
        """Remove a scenario you registered (shipped ones stay)."""
        if name in self._fixed:
            raise InvalidArgumentError(f"{name!r} is a shipped scenario; it cannot be removed.")
        if name not in self._items:
            raise unknown_name("registered scenario", name,
                               [n for n in self._items if n not in self._fixed])
        del self._items[name]

    def _summary(self) -> str:
        return ", ".join(self)


@functools.lru_cache(maxsize=1)
def _load() -> ScenarioRegistry:
    return ScenarioRegistry.from_package_data()


#: The package's scenarios (and those you register): name -> :class:`Scenario`.
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
        values[name] = as_value(name, v)
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
    check_sequence(extra, "extra")
    if isinstance(at, Point):
        return at
    if at is None:
        if base is None:
            return Point(factors.baseline(), factors.ranges(), {}, None)
        at, base = base, None  # a mapping as base: values over the registry's baseline
    if isinstance(at, str):
        at = scenarios[at]
    if isinstance(at, Scenario):
        return _scenario_point(at)
    if not isinstance(at, Mapping):
        if isinstance(getattr(at, "values", None), Mapping):
            return _scenario_point(at)
        raise InvalidArgumentTypeError(  # a TypeError too
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
        values[name] = as_value(name, v)
    return Point(values, start.ranges, dict(start.options), None, {})
