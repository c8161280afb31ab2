"""The package's data, read one way: one TOML loader and one registry base.

Factors, terms, scenarios, claims and the model's stances are TOML files in
``triangle/data``. :func:`load_toml` reads any of them (or a file of your own) into a
:class:`TomlData`, whose :meth:`~TomlData.entries` checks an array of tables (each entry
keyed, no duplicates, no unknown or missing fields). Every error it raises is a
:class:`~triangle.errors.RegistryDataError` that names the file, the entry and the field,
so a mistake in a data file is found without a search.

:class:`Registry` is the read-only mapping the registries share (``triangle.factors``,
``triangle.scenarios``, ``triangle.claims``): id -> entry in file order, and an unknown id
raises :class:`~triangle.errors.UnknownNameError` with the closest ids.

>>> data = load_toml("factors.toml")
>>> data.source
'triangle/data/factors.toml'
>>> entry = data.entries("factor", kind="factor")[0]
>>> entry.where
"triangle/data/factors.toml: factor 'sanctions_relief'"
>>> print(entry.error("must be a finite number", field="value"))
triangle/data/factors.toml: factor 'sanctions_relief', field 'value': must be a finite number
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import numpy as np

from triangle.errors import (
    DataFileNotFoundError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    RegistryDataError,
    TriangleError,
    closest_names,
    unknown_name,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = [
    "Entry",
    "Registry",
    "TomlData",
    "check_choice",
    "check_container",
    "check_count",
    "check_flag",
    "check_mapping",
    "check_names",
    "check_real_array",
    "check_sequence",
    "check_tables",
    "check_text",
    "check_unique",
    "load_toml",
    "package_data_files",
]

#: The folder of the package's data files, as ``importlib.resources`` names it.
_PACKAGE, _FOLDER = "triangle", "data"

E = TypeVar("E")


def package_data_files() -> tuple[str, ...]:
    """The names of the TOML files shipped in ``triangle/data``, sorted.

    >>> "factors.toml" in package_data_files()
    True
    """
    folder = resources.files(_PACKAGE).joinpath(_FOLDER)
    return tuple(sorted(p.name for p in folder.iterdir() if p.name.endswith(".toml")))


def load_toml(name_or_path: str | os.PathLike[str]) -> TomlData:
    """Parse a TOML data file: one of the package's, by name, or a file of your own.

    Parameters
    ----------
    name_or_path
        A bare file name of ``triangle/data`` (``"factors.toml"``, ``"terms.toml"``,
        ``"scenarios.toml"``, ``"claims.toml"``, ``"stances.toml"``), read with
        :mod:`importlib.resources` so it works from a wheel or a zip; or a path
        (a :class:`pathlib.Path`, or any string that is not a package file name).

    Returns
    -------
    TomlData
        The parsed tables (a ``dict``) with :attr:`TomlData.source`, the file's name as
        errors give it.

    Raises
    ------
    RegistryDataError
        The file is not valid TOML (the message names the file, line and column).
    DataFileNotFoundError
        No package data file has that name and no file is at that path (a
        ``RegistryDataError`` and a ``FileNotFoundError``).

    Examples
    --------
    >>> data = load_toml("factors.toml")
    >>> entry = next(f for f in data["factor"] if f["id"] == "china_import_share")
    >>> entry["value"], entry["provenance"]
    (0.4, 'cited')
    >>> load_toml("factor.toml")
    Traceback (most recent call last):
    ...
    triangle.errors.DataFileNotFoundError: no TOML file 'factor.toml': not a package data ...
    """
    if not isinstance(name_or_path, (str, os.PathLike)):
        raise InvalidArgumentTypeError(
            f"a data file is a package file name or a path; got "
            f"{type(name_or_path).__name__} {name_or_path!r}."
        )
    if isinstance(name_or_path, str) and name_or_path in package_data_files():
        source = f"{_PACKAGE}/{_FOLDER}/{name_or_path}"
        text = (
            resources.files(_PACKAGE).joinpath(_FOLDER, name_or_path).read_text(encoding="utf-8")
        )
    else:
        path = Path(name_or_path)
        if not path.is_file():
            close = closest_names(path.name, package_data_files())
            hint = f"did you mean {', '.join(map(repr, close))}?" if close else (
                f"package files: {', '.join(package_data_files())}"
            )
            raise DataFileNotFoundError(
                f"no TOML file {str(name_or_path)!r}: not a package data file ({hint}) and no "
                f"file at that path."
            )
        source = str(path)
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


class TomlData(dict):
    """A parsed TOML file that remembers where it came from.

    A plain ``dict`` of the file's tables, plus :attr:`source` (the file as errors name
    it) and :meth:`entries`, which checks an array of tables.

    >>> data = load_toml("scenarios.toml")
    >>> [e.id for e in data.entries("scenario", kind="scenario", key="name")][:2]
    ['baseline', 'heybatov_000']
    """

    def __init__(self, tables: Mapping[str, Any] | None = None, *, source: str = "") -> None:
        super().__init__(check_mapping({} if tables is None else tables, "tables"))
        self.source = check_text(source, "source")

    def entries(
        self,
        table: str,
        *,
        kind: str,
        key: str = "id",
        required: Iterable[str] = (),
        optional: Iterable[str] | None = None,
        error: type[TriangleError] = RegistryDataError,
    ) -> list[Entry]:
        """The tables of one array (``[[table]]``), checked, as :class:`Entry` objects.

        Parameters
        ----------
        table
            The array's name (``"factor"`` for ``[[factor]]``). A missing array gives ``[]``.
        kind
            What one entry is, in words, for messages (``"factor"``).
        key
            The field that identifies an entry (``"id"``; ``"name"`` for scenarios). Every
            entry must have it, and no two the same.
        required, optional
            Fields each entry must have, and those it may have. With ``optional=None``
            any other field is allowed; otherwise an unknown field raises.
        error
            The exception raised (a :class:`~triangle.errors.RegistryDataError` by default;
            the claims use their own family).

        >>> data = TomlData({"factor": [{"id": "a"}, {"id": "a"}]}, source="mine.toml")
        >>> data.entries("factor", kind="factor")
        Traceback (most recent call last):
        ...
        triangle.errors.RegistryDataError: mine.toml: factor 'a': the id 'a' appears more than once.
        """
        return _entries(
            self.get(table, []), self.source, table, kind, key, required, optional, error
        )


def _entries(
    raw: Any,
    source: str,
    table: str,
    kind: str,
    key: str,
    required: Iterable[str],
    optional: Iterable[str] | None,
    error: type[TriangleError],
) -> list[Entry]:
    if not isinstance(raw, list) or not all(isinstance(r, Mapping) for r in raw):
        raise error(
            f"{source}: [[{table}]] must be an array of tables (each entry written "
            f"[[{table}]] then its fields); got {type(raw).__name__}."
        )
    out: list[Entry] = []
    seen: set[Any] = set()
    for i, item in enumerate(raw):
        entry = Entry(item, source=source, kind=kind, key=key, error=error)
        if key not in item:
            raise error(
                f"{source}: {kind} number {i + 1} (of [[{table}]]) has no {key!r}; give each "
                f"{kind} one."
            )
        if entry.id in seen:
            raise entry.error(f"the {key} {entry.id!r} appears more than once.")
        seen.add(entry.id)
        entry.check_fields(required, optional)
        out.append(entry)
    return out


class Entry(dict):
    """One table of a data file (a factor, a term, a claim...), remembering where it is.

    A plain ``dict`` of the entry's fields, plus what errors need to name it: the file
    (:attr:`source`), what it is (:attr:`kind`) and its id (the field :attr:`key`).
    A plain mapping works too: ``Entry(raw, kind="factor")`` (no file).

    >>> e = Entry({"id": "x", "value": "high"}, source="mine.toml", kind="factor")
    >>> print(e.error("must be a finite number; got 'high'.", field="value"))
    mine.toml: factor 'x', field 'value': must be a finite number; got 'high'.
    >>> e.check_fields(required=("id", "value", "unit"))
    Traceback (most recent call last):
    ...
    triangle.errors.RegistryDataError: mine.toml: factor 'x': missing unit.
    """

    def __init__(
        self,
        fields: Mapping[str, Any],
        *,
        source: str = "",
        kind: str = "entry",
        key: str = "id",
        error: type[TriangleError] = RegistryDataError,
    ) -> None:
        super().__init__(check_mapping(fields, "fields"))
        self.source = check_text(source, "source")
        self.kind = check_text(kind, "kind")
        self.key = check_text(key, "key")
        self.error_type = error

    @property
    def id(self) -> Any:
        """The entry's identifier (the value of its :attr:`key` field), ``"?"`` if absent."""
        return self.get(self.key, "?")

    @property
    def where(self) -> str:
        """``"<file>: <kind> '<id>'"`` (without the file when there is none)."""
        name = f"{self.kind} {self.id!r}"
        return f"{self.source}: {name}" if self.source else name

    def error(self, message: str, *, field: str | None = None) -> TriangleError:
        """The exception for a problem of this entry (or of one of its fields); raise it."""
        where = self.where + (f", field {field!r}" if field else "")
        return self.error_type(f"{where}: {message}")

    def check_fields(
        self, required: Iterable[str] = (), optional: Iterable[str] | None = None
    ) -> None:
        """Raise unless every ``required`` field is present and (given ``optional``) no other."""
        required = tuple(required)
        missing = [k for k in required if k not in self]
        if missing:
            raise self.error(f"missing {', '.join(missing)}.")
        if optional is not None:
            known = {*required, *optional, self.key}
            extra = sorted(set(self) - known)
            if extra:
                raise self.error(f"unknown fields {extra}; known: {sorted(known)}.")

    def entries(
        self,
        field: str,
        *,
        kind: str,
        key: str = "id",
        required: Iterable[str] = (),
        optional: Iterable[str] | None = None,
    ) -> list[Entry]:
        """The tables of an array inside this entry (``[[scenario.override]]``), checked.

        Their errors name this entry too: ``"<file>: scenario 'x': override 'f': ..."``.

        >>> e = Entry({"name": "s", "override": [{"factor": "f"}, {"factor": "f"}]},
        ...           source="mine.toml", kind="scenario", key="name")
        >>> e.entries("override", kind="override", key="factor")
        Traceback (most recent call last):
        ...
        triangle.errors.RegistryDataError: mine.toml: scenario 's': override 'f': the factor ...
        """
        return _entries(
            self.get(field, []), self.where, f"{self.kind}.{field}", kind, key, required,
            optional, self.error_type,
        )

    def field(self, name: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        """The value of a field, checked to be of ``kind`` (``default`` when absent).

        >>> Entry({"id": "x", "tags": "a"}, kind="claim").field("tags", list)
        Traceback (most recent call last):
        ...
        triangle.errors.RegistryDataError: claim 'x', field 'tags': expected list; got str 'a'.
        """
        if name not in self:
            if default is ...:
                raise self.error("missing.", field=name)
            return default
        value = self[name]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        # a bool is an int to isinstance, but true/false is never a number in our data
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            want = " or ".join(k.__name__ for k in kinds)
            raise self.error(f"expected {want}; got {type(value).__name__} {value!r}.", field=name)
        return value

    @contextlib.contextmanager
    def context(self) -> Iterator[Entry]:
        """Re-raise a package error from building this entry with its file and entry named.

        Validation written without knowing the file (a dataclass's own checks) says
        ``"factor 'x': ..."``; inside this context the message becomes
        ``"<file>: factor 'x': ..."``, of the same exception class.

        >>> e = Entry({"id": "x"}, source="mine.toml", kind="factor")
        >>> with e.context():
        ...     raise RegistryDataError("give a unit.")
        Traceback (most recent call last):
        ...
        triangle.errors.RegistryDataError: mine.toml: factor 'x': give a unit.
        """
        try:
            yield self
        except TriangleError as exc:
            message = str(exc)
            if self.source and message.startswith(self.source):
                raise
            own = f"{self.kind} {self.id!r}"
            if message.startswith(own):
                new = f"{self.source}: {message}" if self.source else message
            else:
                new = f"{self.where}: {message}"
            raise type(exc)(new) from None


class Registry(Mapping[str, E]):
    """A read-only mapping from id to entry, in file order: the base of every registry.

    Subclasses set :attr:`kind` (used in messages, ``"factor"``), :attr:`key` (the
    attribute of an entry that is its id) and, when they need one, :attr:`error`.
    Build one from entries (their ids read from :attr:`key`) or from a mapping.

    >>> from types import SimpleNamespace as Item
    >>> class Colours(Registry):
    ...     kind = "colour"
    >>> colours = Colours([Item(id="red"), Item(id="blue")])
    >>> list(colours), colours
    (['red', 'blue'], <Colours: 2 colours>)
    >>> colours["bleu"]
    Traceback (most recent call last):
    ...
    triangle.errors.UnknownNameError: unknown colour 'bleu'; did you mean 'blue'?
    >>> Colours([Item(id="red"), Item(id="red")])
    Traceback (most recent call last):
    ...
    triangle.errors.RegistryDataError: colour id 'red' appears more than once.
    """

    #: What one entry is, in words ("factor", "scenario", "claim").
    kind: ClassVar[str] = "entry"
    #: The attribute of an entry that is its id.
    key: ClassVar[str] = "id"
    #: The exception raised for duplicate ids.
    error: ClassVar[type[TriangleError]] = RegistryDataError

    def __init__(self, items: Iterable[E] | Mapping[str, E]) -> None:
        pairs: Iterable[tuple[str, E]]
        if isinstance(items, Mapping):
            pairs = items.items()
        else:
            items = list(check_sequence(items, f"the {self.kind}s"))  # once: may be a generator
            for item in items:
                if not hasattr(item, self.key):
                    raise InvalidArgumentTypeError(
                        f"a registry of {self.kind}s holds entries with the attribute "
                        f"{self.key!r}; got "
                        f"{type(item).__name__} {repr(item)[:60]}."
                    )
            pairs = ((getattr(item, self.key), item) for item in items)
        by_id: dict[str, E] = {}
        for ident, item in pairs:
            if ident in by_id:
                raise self.error(f"{self.kind} id {ident!r} appears more than once.")
            by_id[ident] = item
        self._items = by_id

    # Mapping protocol
    def __getitem__(self, ident: str) -> E:
        try:
            return self._items[ident]
        except (KeyError, TypeError):
            raise unknown_name(self.kind, ident, self._items) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, ident: object) -> bool:
        try:
            return ident in self._items
        except TypeError:  # an unhashable key is simply not an id
            return False

    # Display
    def _summary(self) -> str:
        """What :meth:`__repr__` says after the class name (override for more)."""
        return f"{len(self)} {self.kind}s"

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self._summary()}>"


# --------------------------------------------------------------------- the boundary resolvers
# One set of checks every public entry point calls on what a user passes: names in a
# mapping (each used or refused with the closest known names), containers that would be
# reinterpreted silently (sets, masked or complex arrays), and real arrays. They live in
# this bottom layer so that games, solvers, models and the claims share them.


def _name(key: Any) -> Any:
    """A name as a user may give it: a string, or an object with ``.name`` (a sympy symbol)."""
    return getattr(key, "name", key)


def _iterable(value: Any, what: str) -> Iterable[Any]:
    """``value`` if it is a collection of names (any iterable but a string), else an error."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise InvalidArgumentTypeError(
            f"{what}: expected a collection of names; got {type(value).__name__} "
            f"{repr(value)[:60]}."
        )
    return value


def check_flag(value: Any, what: str) -> bool:
    """``value`` as a bool if it is one (``True``/``False``, numpy's too), else a clear error.

    A NaN, a string or an object is truthy in Python: taken as a flag it would switch an
    option on silently.

    >>> check_flag(False, "irreversible")
    False
    >>> check_flag(float("nan"), "irreversible")
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidArgumentTypeError: irreversible is True or False; got float nan.
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise InvalidArgumentTypeError(
        f"{what} is True or False; got {type(value).__name__} {value!r}."
    )


def check_count(
    value: Any, what: str, *, minimum: int = 1, maximum: int | None = None, none: bool = False
) -> int | None:
    """``value`` as an int if it is a whole number in ``[minimum, maximum]``, else a clear error.

    One check for every count a caller gives (``n``, ``samples``, ``max_nodes``) and for
    seeds (``minimum=0``); ``none=True`` lets ``None`` through (a default or "no limit").
    A bool, a float (even NaN or infinity) or a string is refused.

    >>> check_count(8, "n")
    8
    >>> check_count(None, "seed", minimum=0, none=True) is None
    True
    >>> check_count(float("nan"), "n")
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidArgumentTypeError: n must be a whole number >= 1; got float nan.
    >>> check_count(10**12, "n", maximum=10**7)
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidArgumentError: n must be at most 10000000; got 1000000000000. ...
    """
    if value is None and none:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise InvalidArgumentTypeError(
            f"{what} must be a whole number >= {minimum}; got {type(value).__name__} {value!r}."
        )
    if value < minimum:
        raise InvalidArgumentError(f"{what} must be at least {minimum}; got {value}.")
    if maximum is not None and value > maximum:
        raise InvalidArgumentError(
            f"{what} must be at most {maximum}; got {value}. Ask for less, or work in "
            f"chunks (the sweeps and samplers stream)."
        )
    return int(value)


def check_sequence(value: Any, what: str) -> Any:
    """Refuse what is not an ordered collection (a list, a tuple, ...); return ``value``.

    A number, ``None``, a string (read as its letters), a set (no order) or a masked or
    complex array is refused where a list of items, notes or components is taken.

    >>> check_sequence(("a note",), "notes")
    ('a note',)
    >>> check_sequence(float("nan"), "items")
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidArgumentTypeError: items is a list or tuple; got float nan.
    """
    check_container(value, what, InvalidArgumentTypeError)
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise InvalidArgumentTypeError(
            f"{what} is a list or tuple; got {type(value).__name__} {value!r}."
        )
    return value


def check_text(value: Any, what: str) -> str:
    """``value`` if it is a string, else a clear error (a label, a method name).

    >>> check_text(3.0, "method")
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidArgumentTypeError: method is a string; got float 3.0.
    """
    if not isinstance(value, str):
        raise InvalidArgumentTypeError(f"{what} is a string; got {type(value).__name__} {value!r}.")
    return value


def check_choice(value: Any, what: str, choices: Iterable[str]) -> str:
    """``value`` if it is one of ``choices`` (an option such as ``method``), else a clear error.

    A non-string (an array, NaN, an object) is refused as a type error before any
    comparison (``array in ("a", "b")`` would raise numpy's "truth value is ambiguous");
    an unknown string is refused with the closest choices.

    >>> check_choice("sobol", "method", ("random", "sobol", "latin"))
    'sobol'
    >>> check_choice("sobl", "method", ("random", "sobol", "latin"))
    Traceback (most recent call last):
    ...
    triangle.errors.UnknownNameError: method: unknown choice 'sobl'; did you mean 'sobol'?
    >>> check_choice(float("nan"), "method", ("random", "sobol"))
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidArgumentTypeError: method is one of 'random', 'sobol'; got float nan.
    """
    choices = tuple(_iterable(choices, "choices"))
    if not isinstance(value, str):
        shown = repr(value)
        raise InvalidArgumentTypeError(
            f"{what} is one of {', '.join(map(repr, choices))}; got {type(value).__name__} "
            f"{shown[:60]}."
        )
    if value not in choices:
        err = unknown_name("choice", value, choices)
        err.args = (f"{what}: {err}",)
        raise err
    return value


def check_mapping(value: Any, what: str) -> Mapping[str, Any]:
    """Refuse anything but a mapping where one is expected (``{name: value}``).

    >>> check_mapping([("x", 1)], "samples")
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidArgumentTypeError: samples must be a mapping {name: value}; got list.
    """
    if not isinstance(value, Mapping):
        raise InvalidArgumentTypeError(
            f"{what} must be a mapping {{name: value}}; got {type(value).__name__}."
        )
    return value


def check_names(
    kind: str, names: Iterable[Any], known: Iterable[str], *, argument: str = ""
) -> list[Any]:
    """Refuse the first of ``names`` (or a mapping's keys) that is not in ``known``.

    Returns the names as given (sympy symbols read by their ``.name``). The error is an
    :class:`~triangle.errors.UnknownNameError` naming the closest known names; with
    ``argument`` it also says which argument held the name.

    >>> check_names("factor", {"hedge_depth": 1}, ["hedge_depth", "rift_depth"])
    ['hedge_depth']
    >>> check_names("factor", {"hedge_dept": 1}, ["hedge_depth"], argument="ranges")
    Traceback (most recent call last):
    ...
    triangle.errors.UnknownNameError: ranges: unknown factor 'hedge_dept'; did you mean ...
    """
    if isinstance(names, (str, bytes)):
        names = [names]
    if not isinstance(names, Iterable):
        raise InvalidArgumentTypeError(
            f"{argument or kind + ' names'}: expected names (a list, or a mapping keyed by "
            f"name); got {type(names).__name__} {names!r}."
        )
    known = list(_iterable(known, f"the known {kind} names"))
    allowed = set(known)
    out = []
    for key in names:
        name = _name(key)
        try:
            ok = name in allowed
        except TypeError:  # unhashable: never a name
            ok = False
        if not ok:
            err = unknown_name(kind, name, known)
            if argument:
                err.args = (f"{argument}: {err}",)
            raise err
        out.append(name)
    return out


def check_unique(
    kind: str, names: Iterable[Any], *, error: type[TriangleError] = InvalidArgumentError
) -> list[Any]:
    """Refuse a name given twice (a player twice in a profile: which value was meant?).

    >>> check_unique("player", ["US", "Russia"])
    ['US', 'Russia']
    >>> check_unique("player", ["US", "Russia", "US"])
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidArgumentError: the player 'US' is given twice; give each player once.
    """
    seen: list[Any] = []
    for name in _iterable(names, f"the {kind} names"):
        if name in seen:
            raise error(f"the {kind} {name!r} is given twice; give each {kind} once.")
        seen.append(name)
    return seen


def check_container(
    value: Any, what: str, error: type[TriangleError] = InvalidArgumentError
) -> Any:
    """Refuse containers that numpy would reinterpret silently; return ``value`` unchanged.

    A set (or frozenset) has no order, so it cannot stand for a sequence; a masked
    array loses its mask when converted; a complex array loses its imaginary part.

    >>> check_container([0.5, 0.5], "profile")
    [0.5, 0.5]
    >>> check_container({0, 1}, "profile")
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidArgumentError: profile: a set has no order; got {0, 1}. Give a list ...
    >>> check_container(np.ma.array([1.0, 2.0], mask=[1, 0]), "payoffs")
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidArgumentError: payoffs: a masked array would lose its mask; ...
    """
    if isinstance(value, (set, frozenset)):
        raise error(
            f"{what}: a set has no order; got {value!r}. Give a list or tuple, in order."
        )
    if isinstance(value, np.ma.MaskedArray):
        raise error(
            f"{what}: a masked array would lose its mask; fill the masked entries "
            f"(a.filled(value)) or drop them (a.compressed()) first."
        )
    if isinstance(value, (complex, np.complexfloating)) or (
        isinstance(value, np.ndarray) and value.dtype.kind == "c"
    ):
        raise error(
            f"{what}: complex numbers are not payoffs, probabilities or factor values; got "
            f"dtype {getattr(value, 'dtype', type(value).__name__)}. Pass the real part "
            f"(a.real) if that is what you mean."
        )
    if isinstance(value, (list, tuple)):  # one level down: the entries of a profile, rows
        for item in value:
            if isinstance(item, (set, frozenset, np.ma.MaskedArray, complex)) or (
                isinstance(item, np.ndarray) and item.dtype.kind == "c"
            ):
                check_container(item, what, error)
    return value


def check_real_array(
    value: Any,
    what: str,
    *,
    ndim: int | None = None,
    error: type[TriangleError] = InvalidArgumentError,
) -> np.ndarray:
    """``value`` as a finite real ``float64`` array (of ``ndim`` dimensions if given).

    >>> check_real_array([1, 2], "x")
    array([1., 2.])
    >>> check_real_array([1.0, float("nan")], "samples of 'x'")
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidArgumentError: samples of 'x' must be finite; entry 1 is nan ...
    >>> check_real_array([[1.0]], "x", ndim=1)
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidArgumentError: x must be a 1-D array; got shape (1, 1).
    """
    check_container(value, what, error)
    try:
        arr = np.asarray(value)
    except ValueError:  # ragged nesting
        raise error(f"{what} must be a rectangular array of numbers; got {value!r}.") from None
    if arr.dtype.kind not in "iuf":
        raise error(
            f"{what} must be real numbers; got dtype {arr.dtype}"
            + (f" ({value!r})." if arr.size < 8 else ".")
        )
    if ndim is not None and arr.ndim != ndim:
        raise error(f"{what} must be a {ndim}-D array; got shape {arr.shape}.")
    arr = arr.astype(np.float64, copy=False)
    finite = np.isfinite(arr)
    if not finite.all():
        k = int(np.argmin(finite.ravel()))
        raise error(
            f"{what} must be finite; entry {k} is {arr.ravel()[k]} "
            f"({int((~finite).sum())} non-finite in all)."
        )
    return arr


def check_tables(data: Mapping[str, Any], known: Iterable[str]) -> None:
    """Refuse a top-level table of a data file that the file's schema does not have.

    ``[[terms]]`` for ``[[term]]`` would otherwise be skipped and the model left empty.

    >>> check_tables(TomlData({"terms": []}, source="mine.toml"), ["term"])
    Traceback (most recent call last):
    ...
    triangle.errors.RegistryDataError: mine.toml: unknown table [terms]; did you mean [term]? ...
    """
    check_mapping(data, "data (the tables of a file)")
    known = list(_iterable(known, "the known tables"))
    source = getattr(data, "source", "") or "data file"
    for name in data:
        if name not in known:
            close = closest_names(name, known)
            hint = f"did you mean [{close[0]}]? " if close else ""
            raise RegistryDataError(
                f"{source}: unknown table [{name}]; {hint}the file may hold "
                f"{', '.join(f'[{k}]' for k in known)}."
            )
