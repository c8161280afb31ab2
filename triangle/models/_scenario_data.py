"""The data of a scenario, apart from the class: overrides, model options, TOML in and out.

A private helper of :mod:`triangle.models.scenarios` (which re-exports :class:`Override`
and :func:`values_digest`): it keeps that module to the :class:`Scenario` class, its
registry and the point resolver. Nothing here knows the :class:`Scenario` class, so
there is no import cycle.
"""

from __future__ import annotations

import errno
import hashlib
import inspect
import json
import math
import numbers
import os
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import sympy

from triangle.errors import (
    InvalidArgumentError,
    InvalidArgumentTypeError,
    RegistryDataError,
    UnknownNameError,
    closest_names,
    unknown_name,
)
from triangle.models.factors import PROVENANCES, Source, factors, parse_sources
from triangle.models.simultaneous import CHINA_PUNISHES, PLAYERS, simultaneous
from triangle.registries import Entry, TomlData, check_mapping

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = [
    "MODEL_DEFAULTS", "MODEL_OPTIONS", "NAME", "OVERRIDE_FIELDS", "SCENARIO_FIELDS", "Override",
    "as_value", "check_fields", "check_labels", "check_options", "parse_override", "read_toml",
    "scenario_toml", "toml_value", "values_digest",
]

#: The options of the model a scenario may set, and the values each may take.
MODEL_OPTIONS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {"china_punishes": tuple(CHINA_PUNISHES)}
)

#: What the model does when a scenario leaves an option out (``simultaneous``'s defaults),
#: filled in so that two scenarios with the same model have the same options and digest.
MODEL_DEFAULTS: Mapping[str, Any] = MappingProxyType(
    {k: inspect.signature(simultaneous).parameters[k].default for k in MODEL_OPTIONS}
)

#: The fields of a ``[[scenario]]`` table and of a ``[[scenario.override]]`` table:
#: (required, optional).
SCENARIO_FIELDS = (("name", "title", "description"),
                   ("year", "base", "labels", "options", "override"))
OVERRIDE_FIELDS = (("factor", "value", "provenance"),
                   ("sources", "reason", "low", "high", "region"))

#: Names that work on a command line and in a file name: no spaces, no quotes.
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+-]*\Z")


def _finite(x: Any) -> bool:
    return not isinstance(x, bool) and isinstance(x, numbers.Real) and math.isfinite(x)


@dataclass(frozen=True)
class Override:
    """One factor value a scenario changes, with its provenance.

    ``low``/``high`` give the plausible range in the scenario's world when it differs
    from the registry's 2025 range (``None``: the registry's). A value outside that range
    is refused unless ``allow_out_of_range`` is true; :attr:`outside` then says so and
    :attr:`range` widens to include the value.

    ``region`` is the part of that range the article's words support, ``(low, high)``
    (``None``: the words do not narrow the range). It must hold the value, lie in the
    range, and rest on the override's quotes (``sources``): a region is a reading of the
    text, so it is never given without one. The scenario's region is the box of these
    narrowed ranges (:attr:`triangle.models.scenarios.Scenario.region`).

    >>> o = Override("sanctions_relief", 0.9, "assumed", reason="my reading")
    >>> o.range, o.outside
    ((0.2, 1.0), False)
    >>> Override("sanctions_relief", 5, "assumed", reason="my reading")
    Traceback (most recent call last):
    ...
    triangle.errors.RegistryDataError: override 'sanctions_relief', field 'value': 5 is outside ...
    >>> Override("sanctions_relief", 5, "assumed", reason="stress test",
    ...          allow_out_of_range=True).range
    (0.2, 5.0)
    >>> q = Source("000_7475e70f1ac1d690.txt", "were lifted")
    >>> Override("sanctions_relief", 0.9, "assumed", (q,), "lifted", region=(0.8, 1.0)).region
    (0.8, 1.0)
    >>> Override("sanctions_relief", 0.9, "assumed", reason="lifted", region=(0.8, 1.0))
    Traceback (most recent call last):
    ...
    triangle.errors.RegistryDataError: override 'sanctions_relief', field 'region': a region ...
    """

    factor: str
    value: float
    provenance: str
    sources: tuple[Source, ...] = ()
    reason: str = ""
    low: float | None = None
    high: float | None = None
    allow_out_of_range: bool = False
    region: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        where = f"override {self.factor!r}"
        if self.factor not in factors:
            raise unknown_name("factor", self.factor, factors)
        for name in ("value", "low", "high"):
            v = getattr(self, name)
            if (v is not None or name == "value") and not _finite(v):
                raise RegistryDataError(
                    f"{where}, field {name!r}: expected a finite number; got {v!r}."
                )
        if self.provenance not in PROVENANCES:
            raise RegistryDataError(
                f"{where}, field 'provenance': 'cited' (with a quote in sources) or 'assumed' "
                f"(with a reason); got {self.provenance!r}."
            )
        if self.provenance == "cited" and not self.sources:
            raise RegistryDataError(
                f"{where}, field 'sources': a cited value needs a quote (sources = [{{file, "
                f"quote}}]); or make it 'assumed' with a reason."
            )
        if self.provenance == "assumed" and not str(self.reason).strip():
            raise RegistryDataError(
                f"{where}, field 'reason': an assumed value needs a reason (why this value)."
            )
        low, high = self.declared_range
        if low > high:
            raise RegistryDataError(f"{where}: the range needs low <= high; got [{low}, {high}].")
        if self.outside and not self.allow_out_of_range:
            unit = factors[self.factor].unit
            raise RegistryDataError(
                f"{where}, field 'value': {self.value:g} is outside the plausible range "
                f"[{low:g}, {high:g}] ({unit}); give a value in the range, give the range of "
                f"the scenario's world with low/high, or allow values out of range "
                f"(allow_out_of_range=True)."
            )
        if self.region is not None:
            self._check_region(where)

    def _check_region(self, where: str) -> None:
        region = self.region
        if (not isinstance(region, (tuple, list)) or len(region) != 2
                or not all(_finite(x) for x in region)):
            raise RegistryDataError(
                f"{where}, field 'region': expected [low, high], two finite numbers; got "
                f"{region!r}."
            )
        lo, hi = float(region[0]), float(region[1])
        object.__setattr__(self, "region", (lo, hi))  # frozen: normalise once, here
        low, high = self.range
        if not low <= lo <= self.value <= hi <= high:
            raise RegistryDataError(
                f"{where}, field 'region': [{lo:g}, {hi:g}] must hold the value "
                f"{self.value:g} and lie in the plausible range [{low:g}, {high:g}]; give "
                f"a region around the value, inside the range."
            )
        if not self.sources:
            raise RegistryDataError(
                f"{where}, field 'region': a region is what the article's words support, "
                f"so it needs their quote (sources = [{{file, quote}}]); without one, leave "
                f"the region out (the whole range stays plausible)."
            )

    @property
    def declared_range(self) -> tuple[float, float]:
        """The plausible range in the scenario's world: ``low``/``high``, else the registry's."""
        f = factors[self.factor]
        return (
            f.low if self.low is None else float(self.low),
            f.high if self.high is None else float(self.high),
        )

    @property
    def outside(self) -> bool:
        """Whether the value lies outside :attr:`declared_range` (allowed explicitly)."""
        low, high = self.declared_range
        return not low <= self.value <= high

    @property
    def range(self) -> tuple[float, float]:
        """The range sampled and swept in the scenario: the declared one, widened to the
        value when the value is (by permission) outside it."""
        low, high = self.declared_range
        return (min(low, float(self.value)), max(high, float(self.value)))


def as_value(name: str, value: Any) -> float:
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


def values_digest(values: Mapping[str, Any], options: Mapping[str, Any] | None = None) -> str:
    """A short fingerprint of a full set of factor values and model options.

    The first 16 hexadecimal digits of the SHA-256 of their canonical JSON (keys sorted,
    floats written exactly), so two runs with the same digest used the same numbers.

    >>> import triangle as tri
    >>> d = values_digest(tri.factors.baseline(), {"china_punishes": "russia"})
    >>> len(d), d == tri.scenarios["baseline"].digest
    (16, True)
    """
    check_mapping(values, "values")
    if options is not None:
        check_mapping(options, "options")
    floats = {str(k): as_value(str(k), values[k]) for k in sorted(values, key=str)}
    try:
        canonical = json.dumps(
            {"values": floats,
             "options": {str(k): (options or {})[k] for k in sorted(options or {}, key=str)}},
            sort_keys=True, separators=(",", ":"), allow_nan=False,
        )
    except (TypeError, ValueError):
        raise InvalidArgumentError(
            f"options must map option names to text or numbers; got {options!r}."
        ) from None
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


#: The years a scenario may describe (the model's worlds are 1972 and 2025).
YEARS = (1900, 2100)


def check_scenario_parts(
    name: Any, title: Any, description: Any, overrides: Any, labels: Any, options: Any,
    year: Any, base: Any, source: Any, scenario_type: type,
) -> tuple[dict[str, Override], Any, Any]:
    """The checks of a :class:`~triangle.models.scenarios.Scenario`'s parts, each refused
    with the scenario and the field named; returns its overrides merged over its base's,
    and its labels and options (the base's when not given)."""
    for attr, text in (("name", name), ("title", title), ("description", description)):
        if not isinstance(text, str) or not text.strip():
            raise InvalidArgumentError(
                f"scenario {name!r}, field {attr!r}: expected a non-empty string; got "
                f"{text!r}."
            )
    if isinstance(year, bool) or not isinstance(year, numbers.Integral):
        raise InvalidArgumentError(
            f"scenario {name!r}, field 'year': expected a whole number; got {year!r}."
        )
    if not YEARS[0] <= int(year) <= YEARS[1]:  # the 1972 world or the 2025 one: a real year
        raise InvalidArgumentError(
            f"scenario {name!r}, field 'year': expected a year from {YEARS[0]} to "
            f"{YEARS[1]}; got {year}."
        )
    if base is not None and not isinstance(base, scenario_type):
        raise InvalidArgumentTypeError(
            f"scenario {name!r}, field 'base': expected a Scenario (e.g. "
            f"triangle.scenarios['baseline']) or None; got {type(base).__name__} "
            f"{repr(base)[:60]}."
        )
    if overrides is not None and not isinstance(overrides, Mapping):
        raise InvalidArgumentTypeError(
            f"scenario {name!r}, field 'overrides': expected a mapping {{factor id: "
            f"Override}}; got {type(overrides).__name__} {repr(overrides)[:60]}."
        )
    if not isinstance(source, str):
        raise InvalidArgumentTypeError(
            f"scenario {name!r}, field 'source': expected the file it came from (a "
            f"string); got {type(source).__name__} {repr(source)[:60]}."
        )
    base_: Any = base  # checked above: a Scenario or None
    merged = dict(base_.overrides) if base_ is not None else {}
    merged.update(overrides or {})
    for fid, o in merged.items():
        if not isinstance(o, Override) or fid != o.factor:
            raise RegistryDataError(
                f"scenario {name!r}: overrides map a factor id to its Override; got "
                f"{fid!r}: {o!r}."
            )
    if labels is None and base_ is not None:
        labels = base_.labels
    if options is None and base_ is not None:
        options = base_.options
    for what, check, given in (("labels", check_labels, labels),
                               ("options", check_options, options)):
        if given is not None and not isinstance(given, Mapping):
            raise InvalidArgumentError(
                f"scenario {name!r}, field {what!r}: expected a table; got {given!r}."
            )
        try:
            check(given or {})
        except (UnknownNameError, InvalidArgumentError) as exc:
            raise type(exc)(f"scenario {name!r}, field {what!r}: {exc}") from None
    return merged, labels, options


def check_options(options: Mapping[str, Any]) -> None:
    for key, value in options.items():
        if key not in MODEL_OPTIONS:
            raise unknown_name("model option", key, MODEL_OPTIONS)
        if not isinstance(value, str) or value not in MODEL_OPTIONS[key]:
            raise InvalidArgumentError(
                f"option {key} is one of {', '.join(map(repr, MODEL_OPTIONS[key]))}; got "
                f"{value!r}."
            )


def check_labels(labels: Mapping[str, Any]) -> None:
    for player, label in labels.items():
        if player not in PLAYERS:
            raise unknown_name("player", player, PLAYERS)
        if not isinstance(label, str) or not label.strip():
            raise InvalidArgumentError(
                f"the label of {player} must be a non-empty string; got {label!r}."
            )


# --------------------------------------------------------------------- TOML
def toml_value(value: Any) -> str:
    """A TOML value: strings as basic strings (JSON escapes are TOML escapes), exact floats."""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else toml_value(key)


def scenario_toml(s: Any) -> str:
    """A scenario as TOML text in the schema of ``scenarios.toml`` (all its overrides)."""
    out = []
    if s.base:
        out.append(f"# started from scenario {s.base!r}; every override is written out")
    if s.outside:
        out.append("# values outside their plausible range: read with allow_out_of_range "
                   "(--allow-out-of-range on the command line)")
    out += ["[[scenario]]", f"name = {toml_value(s.name)}", f"title = {toml_value(s.title)}",
            f"description = {toml_value(s.description)}", f"year = {s.year}"]
    for key in ("options", "labels"):
        table = getattr(s, key)
        if table:
            inner = ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in table.items())
            out.append(f"{key} = {{ {inner} }}")
    for o in s.overrides.values():
        out += ["", "[[scenario.override]]", f"factor = {toml_value(o.factor)}",
                f"value = {toml_value(float(o.value))}",
                f"provenance = {toml_value(o.provenance)}"]
        for key in ("low", "high"):
            if getattr(o, key) is not None:
                out.append(f"{key} = {toml_value(float(getattr(o, key)))}")
        if o.region is not None:
            out.append(f"region = [{toml_value(o.region[0])}, {toml_value(o.region[1])}]")
        if o.reason:
            out.append(f"reason = {toml_value(o.reason)}")
        if o.sources:
            quotes = ",\n".join(
                f"  {{file = {toml_value(q.file)}, quote = {toml_value(q.quote)}}}"
                for q in o.sources
            )
            out.append(f"sources = [\n{quotes},\n]")
    return "\n".join(out) + "\n"


def read_toml(path_or_text: str | os.PathLike[str]) -> TomlData:
    """Parse a user's scenario file (a path) or TOML text; never a package file by name."""
    text_given = isinstance(path_or_text, str) and (
        "\n" in path_or_text or path_or_text.lstrip().startswith("[")
    )
    if text_given:
        source, text = "<scenario text>", str(path_or_text)
    else:
        if not isinstance(path_or_text, (str, os.PathLike)):
            raise TypeError(
                f"a scenario file is a path or TOML text; got {type(path_or_text).__name__}."
            )
        path = Path(path_or_text)
        source = str(path)
        if not path.is_file():
            raise FileNotFoundError(errno.ENOENT, f"no scenario file at {source!r}")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise RegistryDataError(
                f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8."
            ) from None
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryDataError(f"{source}: not valid TOML: {exc}.") from None
    return TomlData(parsed, source=source)


def check_fields(entry: Entry, required: Iterable[str], optional: Iterable[str]) -> None:
    """Like ``Entry.check_fields``, with the closest known field suggested for a typo."""
    known = [*required, *optional]
    for key in entry:
        if key not in known:
            close = closest_names(key, known, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise entry.error(f"unknown field {key!r}; {hint}known fields: {', '.join(known)}.")
    entry.check_fields(required)
    for key in ("name", "title", "description", "base", "factor", "provenance", "reason"):
        if key in entry:
            entry.field(key, str)


def verbatim(sources: Iterable[Source], articles: Path, entry: Entry) -> None:
    for s in sources:
        path = articles / s.file
        if not path.is_file():
            raise entry.error(f"no article file {s.file!r} in {str(articles)!r}.",
                              field="sources")
        if s.quote not in path.read_text(encoding="utf-8"):
            raise entry.error(f"the quote {s.quote[:60]!r} is not verbatim in {s.file}.",
                              field="sources")


def parse_override(o: Entry, allow_out_of_range: bool, articles: Path | None) -> Override:
    check_fields(o, *OVERRIDE_FIELDS)
    fid = o["factor"]
    if fid not in factors:
        raise UnknownNameError(f"{o.where}, field 'factor': {unknown_name('factor', fid, factors)}")
    value = o.field("value", (int, float))
    low, high = (o.field(k, (int, float), None) for k in ("low", "high"))
    region = o.field("region", list, None)
    if region is not None:
        if len(region) != 2 or not all(_finite(x) for x in region):
            raise o.error(f"expected [low, high], two numbers; got {region!r}.", field="region")
        region = (float(region[0]), float(region[1]))
    sources = parse_sources(o)
    if articles is not None:
        verbatim(sources, articles, o)
    with o.context():
        return Override(
            factor=fid,
            value=float(value),
            provenance=o["provenance"],
            sources=sources,
            reason=o.get("reason", ""),
            low=None if low is None else float(low),
            high=None if high is None else float(high),
            allow_out_of_range=allow_out_of_range,
            region=region,
        )
