"""The factor registry: every factor the five articles cite that moves a payoff.

Each :class:`Factor` has a sympy symbol (named by its id), a 2025 baseline value, a
plausible range, a unit, and its provenance: ``"cited"`` when the number comes from an
article (with the verbatim quote), ``"assumed"`` when it is a weight the modeller chose
(with the reason for the value and for the range). The registry is package data
(``triangle/data/factors.toml``), read once with :mod:`importlib.resources`.

>>> import triangle as tri
>>> f = tri.factors["china_import_share"]
>>> f.value, f.provenance, f.unit
(0.4, 'cited', 'share of Russian imports (0-1)')
>>> f.sources[0].file
'003_7949c245d6586df2.txt'
>>> try:
...     tri.factors["china_import_shares"]
... except KeyError as err:  # an UnknownNameError
...     print(err)
unknown factor 'china_import_shares'; did you mean 'china_import_share', ...
"""

from __future__ import annotations

import functools
import keyword
import math
import numbers
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sympy

from triangle.errors import RegistryDataError, unknown_name
from triangle.games.symbolic import piecewise_branches, register_known_names
from triangle.registries import Entry, Registry, check_tables, load_toml

__all__ = [
    "PROVENANCES",
    "Factor",
    "FactorRegistry",
    "FactorValues",
    "RegistryDataError",
    "Source",
    "articles_folder",
    "check_quotes",
    "factors",
    "load_factors",
    "load_toml",
    "parse_factor",
    "parse_sources",
    "sign_on_ranges",
]

#: The two kinds of provenance a number can have.
PROVENANCES = ("cited", "assumed")

#: The article files the package cites (``sources/`` of the project), by their first digits.
ARTICLES = (
    "000_7475e70f1ac1d690.txt",
    "001_9d7b1575e19265cf.txt",
    "002_12ed3abe8702bf10.txt",
    "003_7949c245d6586df2.txt",
    "004_81f2a95097f2191c.txt",
)


@dataclass(frozen=True)
class Source:
    """A verbatim quote from one of the articles.

    ``file`` is the article's file name (e.g. ``"003_7949c245d6586df2.txt"``) and
    ``quote`` an exact substring of it (curly apostrophes and non-breaking spaces
    included), so a reader can find the sentence with a plain text search.

    >>> Source("004_81f2a95097f2191c.txt", "4,000 km border").article
    '004'
    """

    file: str
    quote: str

    def __post_init__(self) -> None:
        if self.file not in ARTICLES:
            raise RegistryDataError(
                f"a source names one of the article files {', '.join(ARTICLES)}; got {self.file!r}."
            )
        if not isinstance(self.quote, str) or not self.quote.strip():
            raise RegistryDataError(f"a source needs a non-empty quote; got {self.quote!r}.")

    @property
    def article(self) -> str:
        """The article's number, ``"000"`` to ``"004"``."""
        return self.file[:3]

    def __str__(self) -> str:
        return f'{self.file}: "{self.quote}"'


@dataclass(frozen=True)
class Factor:
    """One factor of the strategic triangle, with its value, range and provenance.

    Attributes
    ----------
    id
        Identifier and sympy symbol name (``snake_case``).
    name, description
        A short title and what the factor measures, in plain words.
    symbol
        ``sympy.Symbol(id, real=True, nonnegative=True)`` (``positive=True`` when the
        range excludes 0), so that signs of derivatives can be proved.
    value
        The 2025 baseline.
    low, high
        The plausible range (``low <= value <= high``).
    unit
        What one unit of the value is. Payoff units ("pu") are each player's own.
    provenance
        ``"cited"`` (the number is in an article) or ``"assumed"`` (a modeller's weight).
    sources
        Verbatim quotes the factor rests on (at least one).
    reason
        Why this value and this range (required for assumed factors).
    player
        Whose payoff the factor is valued in (``"US"``, ``"Russia"``, ``"China"``), or
        ``""`` for a number that is not a payoff (a share, a length, years).
    notes
        What the factor merges, caveats, disagreements between the articles.

    >>> f = factors["china_import_share"]
    >>> f.symbol, f.low <= f.value <= f.high, f.provenance
    (china_import_share, True, 'cited')
    >>> f.symbol.is_positive  # the range excludes 0
    True
    """

    id: str
    name: str
    description: str
    symbol: sympy.Symbol
    value: float
    low: float
    high: float
    unit: str
    provenance: str
    sources: tuple[Source, ...]
    reason: str = ""
    player: str = ""
    notes: str = ""
    articles: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        where = f"factor {self.id!r}"
        if not _is_factor_id(self.id):
            raise RegistryDataError(f"{where}: {_ID_RULE}")
        for attr in ("value", "low", "high"):
            v = getattr(self, attr)
            if isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(v):
                raise RegistryDataError(f"{where}: {attr} must be a finite number; got {v!r}.")
        if not self.low <= self.value <= self.high:
            raise RegistryDataError(
                f"{where}: the range must contain the baseline (low <= value <= high); "
                f"got low={self.low}, value={self.value}, high={self.high}."
            )
        if self.provenance not in PROVENANCES:
            raise RegistryDataError(
                f"{where}: provenance is 'cited' or 'assumed'; got {self.provenance!r}."
            )
        if self.provenance == "assumed" and not self.reason.strip():
            raise RegistryDataError(
                f"{where}: an assumed value needs a reason (why this value, why this range)."
            )
        if not self.sources:
            raise RegistryDataError(f"{where}: give at least one source quote.")
        if not self.unit.strip():
            raise RegistryDataError(f"{where}: give a unit.")
        if self.symbol.name != self.id:
            raise RegistryDataError(f"{where}: the symbol must be named {self.id!r}.")
        if not self.articles:
            object.__setattr__(
                self, "articles", tuple(sorted({s.article for s in self.sources}))
            )

    @property
    def range(self) -> tuple[float, float]:
        """``(low, high)``.

        >>> factors["china_import_share"].range
        (0.25, 0.4)
        """
        return (self.low, self.high)

    def __repr__(self) -> str:
        return (
            f"Factor({self.id!r}, value={self.value:g}, range=[{self.low:g}, {self.high:g}], "
            f"{self.provenance}, articles {', '.join(self.articles)})"
        )


class FactorValues(dict):
    """A value for every factor of the registry (a scenario's or the baseline).

    A plain ``dict`` of factor id to number, marked as a *full* assignment: when passed
    to :meth:`triangle.NormalFormGame.subs`, the factors a game does not use are skipped
    instead of being reported as unknown (a model variant or a restricted game uses only
    some of them).

    >>> import triangle as tri
    >>> v = tri.factors.baseline()
    >>> v["china_import_share"], v.assigns_all_factors
    (0.4, True)
    >>> (v | {"sanctions_relief": 0.9}).assigns_all_factors  # copies stay full assignments
    True
    """

    assigns_all_factors = True

    def copy(self) -> FactorValues:
        """A copy that is still marked as a full assignment."""
        return FactorValues(self)

    def __or__(self, other: Any) -> FactorValues:
        return FactorValues({**self, **other})


def _symbol(fid: str, low: float) -> sympy.Symbol:
    if low > 0:
        return sympy.Symbol(fid, real=True, positive=True)
    if low >= 0:
        return sympy.Symbol(fid, real=True, nonnegative=True)
    return sympy.Symbol(fid, real=True)


def parse_sources(entry: Mapping[str, Any], field: str = "sources") -> tuple[Source, ...]:
    """The verbatim quotes of one data entry: its ``field``, a list of ``{file, quote}`` tables.

    Errors name the file, the entry and the field when ``entry`` is an
    :class:`~triangle.registries.Entry` (as :func:`~triangle.registries.load_toml` gives).

    >>> from triangle.registries import Entry
    >>> raw = {"id": "x", "sources": [{"file": "004_81f2a95097f2191c.txt", "quote": "4,000 km"}]}
    >>> parse_sources(Entry(raw, kind="factor"))[0].article
    '004'
    >>> parse_sources(Entry({"id": "x", "sources": [{"quote": "q"}]}, kind="factor"))
    Traceback (most recent call last):
    ...
    triangle.errors.RegistryDataError: factor 'x', field 'sources': each source is a table ...
    """
    item = entry if isinstance(entry, Entry) else Entry(entry)
    raw = item.get(field, [])
    if not isinstance(raw, list):
        raise item.error("must be a list of {file, quote} tables.", field=field)
    out = []
    for one in raw:
        if not isinstance(one, Mapping) or set(one) != {"file", "quote"}:
            raise item.error(
                f"each source is a table with 'file' and 'quote' (and nothing else); got {one!r}.",
                field=field,
            )
        with item.context():
            out.append(Source(one["file"], one["quote"]))
    return tuple(out)


#: What a factor id is; a Python keyword (``lambda``) is refused, as no term could name it.
_ID_RULE = "ids are lower-case identifiers (snake_case), not Python keywords such as 'lambda'."


def _is_factor_id(fid: str) -> bool:
    """Whether ``fid`` can be a factor id: a lower-case identifier a term expression can use."""
    return fid.isidentifier() and fid.islower() and not keyword.iskeyword(fid)


def parse_factor(raw: Mapping[str, Any]) -> Factor:
    """Build a :class:`Factor` from one ``[[factor]]`` table of ``factors.toml``.

    >>> raw = load_toml("factors.toml")["factor"][0]
    >>> parse_factor(raw).id
    'sanctions_relief'
    """
    entry = raw if isinstance(raw, Entry) else Entry(raw, kind="factor")
    entry.check_fields(
        required=("id", "name", "description", "value", "low", "high", "unit", "provenance"),
        optional=("sources", "reason", "player", "notes"),
    )
    fid = entry.field("id", str)
    if not _is_factor_id(fid):
        raise entry.error(_ID_RULE, field="id")
    value, low, high = (float(entry.field(k, (int, float))) for k in ("value", "low", "high"))
    text = {k: entry.field(k, str) for k in ("name", "description", "unit", "provenance")}
    optional = {k: entry.field(k, str, "") for k in ("reason", "player", "notes")}
    with entry.context():
        return Factor(
            id=fid, symbol=_symbol(fid, low), value=value, low=low, high=high,
            sources=parse_sources(entry), **text, **optional,
        )


class FactorRegistry(Registry[Factor]):
    """A read-only mapping from factor id to :class:`Factor`, in registry order.

    >>> import triangle as tri
    >>> len(tri.factors) >= 30
    True
    >>> tri.factors.symbols()["power_asymmetry"].is_nonnegative
    True
    >>> tri.factors.ranges()["power_asymmetry"]
    (5.0, 9.0)
    """

    kind = "factor"

    @classmethod
    def from_package_data(cls) -> FactorRegistry:
        """The registry shipped in ``triangle/data/factors.toml``.

        >>> len(FactorRegistry.from_package_data()) == len(factors)
        True
        """
        data = load_toml("factors.toml")
        check_tables(data, FACTOR_TABLES)
        return cls(parse_factor(entry) for entry in data.entries("factor", kind="factor"))

    @classmethod
    def from_toml(
        cls, path: str | os.PathLike[str], *, articles: str | os.PathLike[str] | None = None
    ) -> FactorRegistry:
        """Your own factors from a TOML file, checked (see :func:`load_factors`)."""
        return load_factors(path, articles=articles)

    # Views (the registry and its factors are immutable, so each view is built once and
    # handed out as a fresh copy: every point resolved asks for them)
    @functools.cached_property
    def _baseline(self) -> dict[str, float]:
        return {fid: f.value for fid, f in self._items.items()}

    @functools.cached_property
    def _ranges(self) -> dict[str, tuple[float, float]]:
        return {fid: f.range for fid, f in self._items.items()}

    def baseline(self) -> FactorValues:
        """Every factor's 2025 baseline value, ``{id: value}`` (a fresh copy)."""
        return FactorValues(self._baseline)

    def symbols(self) -> dict[str, sympy.Symbol]:
        """Every factor's sympy symbol, ``{id: symbol}``."""
        return {fid: f.symbol for fid, f in self._items.items()}

    def ranges(self) -> dict[str, tuple[float, float]]:
        """Every factor's plausible range, ``{id: (low, high)}`` (a fresh copy)."""
        return dict(self._ranges)

    def cited(self) -> tuple[Factor, ...]:
        """The factors whose values come from the articles."""
        return tuple(f for f in self._items.values() if f.provenance == "cited")

    def assumed(self) -> tuple[Factor, ...]:
        """The weights the modeller chose (each with a reason)."""
        return tuple(f for f in self._items.values() if f.provenance == "assumed")

    def to_markdown(self) -> str:
        """A Markdown table of the registry (id, value, range, unit, provenance, articles).

        >>> import triangle as tri
        >>> print(tri.factors.to_markdown().splitlines()[0])
        | id | value | range | unit | provenance | articles |
        """
        rows = ["| id | value | range | unit | provenance | articles |", "| --- " * 6 + "|"]
        for f in self._items.values():
            rows.append(
                f"| `{f.id}` | {f.value:g} | {f.low:g} – {f.high:g} | {f.unit} | "
                f"{f.provenance} | {', '.join(f.articles)} |"
            )
        return "\n".join(rows)

    def _summary(self) -> str:
        n_cited = len(self.cited())
        n = len(self)
        return f"{n} factors ({n_cited} cited, {n - n_cited} assumed)"

    def _repr_html_(self) -> str:
        import html

        head = "<tr><th>id</th><th>value</th><th>range</th><th>unit</th><th>provenance</th></tr>"
        body = "".join(
            f"<tr><td title='{html.escape(f.description)}'><code>{f.id}</code></td>"
            f"<td>{f.value:g}</td><td>{f.low:g} – {f.high:g}</td>"
            f"<td>{html.escape(f.unit)}</td><td>{f.provenance}</td></tr>"
            for f in self._items.values()
        )
        return f"<table>{head}{body}</table>"


#: The tables a factors file may hold.
FACTOR_TABLES = ("factor",)


def articles_folder(articles: str | os.PathLike[str] | None = None) -> Path | None:
    """The folder holding the five article files, or ``None`` when it is not available.

    ``articles`` if given (it must exist), else ``$TRIANGLE_SOURCES``, else
    ``../shared/sources`` beside a checkout of the package. The articles are not shipped
    with the package, so an installed copy usually has none.

    >>> articles_folder("/no/such/folder")
    Traceback (most recent call last):
    ...
    triangle.errors.RegistryDataError: articles='/no/such/folder' is not a folder holding ...
    """
    if articles is not None:
        if not isinstance(articles, (str, os.PathLike)):
            raise RegistryDataError(
                f"articles is the folder of the five article files (a path); got "
                f"{type(articles).__name__} {articles!r}."
            )
        folder = Path(articles)
        if not all((folder / name).is_file() for name in ARTICLES):
            raise RegistryDataError(
                f"articles={str(articles)!r} is not a folder holding the five article files "
                f"({', '.join(ARTICLES)})."
            )
        return folder
    for candidate in (os.environ.get("TRIANGLE_SOURCES"),
                      Path(__file__).resolve().parents[3] / "shared" / "sources"):
        if candidate and all((Path(candidate) / name).is_file() for name in ARTICLES):
            return Path(candidate)
    return None


def check_quotes(
    quoted: Iterable[tuple[str, Source]], articles: str | os.PathLike[str] | None = None
) -> bool:
    """Check that every quote is verbatim in its article; ``False`` when none can be read.

    ``quoted`` yields ``(where, source)`` pairs (``where`` names the entry in messages).
    With the articles available (:func:`articles_folder`), an edited or invented quote
    raises :class:`~triangle.errors.RegistryDataError`; without them only the form is
    checked (an article file name and a non-empty quote, as :class:`Source` requires)
    and the result is ``False``: the quotes are then not verified.

    >>> import triangle as tri
    >>> checked = check_quotes((f.id, s) for f in tri.factors.values() for s in f.sources)
    >>> checked in (True, False)
    True
    """
    folder = articles_folder(articles)
    if folder is None:
        return False
    texts = {name: _article(folder / name) for name in ARTICLES}
    for where, source in quoted:
        if source.quote not in texts[source.file]:
            raise RegistryDataError(
                f"{where}: the quote {source.quote[:70]!r} is not verbatim in {source.file} "
                f"(read from {folder}); copy it from the article exactly (curly apostrophes "
                f"and non-breaking spaces included)."
            )
    return True


@functools.lru_cache(maxsize=8)
def _article(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def load_factors(
    path: str | os.PathLike[str], *, articles: str | os.PathLike[str] | None = None
) -> FactorRegistry:
    """Your own factors, from a TOML file laid out as ``triangle/data/factors.toml``.

    Each ``[[factor]]`` is checked as the package's are (fields, types, range, provenance,
    quotes); the file may hold no other table, and no id of the package's factors (extend
    the model with new ids). Quotes are checked verbatim against the articles when they
    are available (see :func:`check_quotes`); otherwise only their form is checked.
    Use the result as ``registry=`` of :func:`triangle.models.terms.parse_expression` or
    ``factors=`` of :func:`triangle.models.terms.load_terms`.

    >>> import pathlib, tempfile
    >>> text = '''
    ... [[factor]]
    ... id = "border_trade"
    ... name = "Border trade"
    ... description = "Trade across the Russia-China border."
    ... value = 0.5
    ... low = 0.2
    ... high = 0.8
    ... unit = "share (0-1)"
    ... provenance = "assumed"
    ... reason = "A modeller's weight."
    ... sources = [{file = "004_81f2a95097f2191c.txt", quote = "4,000 km border"}]
    ... '''
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "mine.toml"
    >>> _ = path.write_text(text, encoding="utf-8")
    >>> mine = load_factors(path)
    >>> mine["border_trade"].range
    (0.2, 0.8)
    >>> _ = path.write_text(text.replace("[[factor]]", "[[factors]]"), encoding="utf-8")
    >>> load_factors(path)
    Traceback (most recent call last):
    ...
    triangle.errors.RegistryDataError: ...mine.toml: unknown table [factors]; did you mean ...
    """
    data = load_toml(Path(path))
    check_tables(data, FACTOR_TABLES)
    entries = data.entries("factor", kind="factor")
    if not entries:
        raise RegistryDataError(f"{data.source}: no [[factor]] table; give at least one factor.")
    for entry in entries:
        if entry.id in factors:
            raise entry.error(
                "this id is one of the package's factors; give your own factor a new id "
                "(a scenario overrides the package's values).", field="id"
            )
    registry = FactorRegistry(parse_factor(entry) for entry in entries)
    check_quotes(
        ((f"{data.source}: factor {f.id!r}", s) for f in registry.values() for s in f.sources),
        articles,
    )
    return registry


@functools.lru_cache(maxsize=1)
def _load() -> FactorRegistry:
    return FactorRegistry.from_package_data()


#: The package's factor registry (stable): factor id -> :class:`Factor`.
factors: FactorRegistry = _load()
register_known_names(lambda name: name in factors, names=lambda: factors)  # subs skips them


def sign_on_ranges(expr: Any, registry: Mapping[str, Factor] | None = None) -> int | None:
    """The sign an expression provably keeps over the factors' plausible ranges.

    Returns ``1`` (``expr >= 0`` everywhere on the box of ranges and not identically 0),
    ``-1`` (``expr <= 0``), ``0`` (identically zero) or ``None`` when the sign cannot be
    proved this way (it may change, or the proof needs more than this test).

    The test is a certificate, not a search. Sums and products are signed from their
    parts; a part whose sign does not follow from its structure (such as ``1 - x``) is
    checked by writing each factor ``x`` with range ``[a, b]`` as ``a + (b - a) t / (1 + t)``
    with ``t >= 0`` (which sweeps ``[a, b)``), putting the part over a common denominator,
    and proving that numerator and denominator are polynomials in the ``t``'s whose
    coefficients all have one sign (by continuity the result also holds at ``x = b``).
    Parts with more than 8 factors are not expanded (the answer is then ``None``).

    >>> import triangle as tri
    >>> x = tri.factors["us_policy_reversal_risk"].symbol
    >>> sign_on_ranges(1 - x), sign_on_ranges(x - 0.5), sign_on_ranges(x - x)
    (1, None, 0)
    """
    registry = factors if registry is None else registry
    expr = sympy.sympify(expr)
    if expr == 0:
        return 0
    for sym in expr.free_symbols:
        if sym.name not in registry:
            raise unknown_name("factor", sym.name, registry)
    if expr.has(sympy.Piecewise):
        return _sign_by_branches(expr, registry)
    return _sign(expr, registry)


#: Most piecewise parts an expression may have for :func:`_sign_by_branches` (2**n cases).
_MAX_PIECEWISE = 4


def _sign_by_branches(expr: sympy.Expr, registry: Mapping[str, Factor]) -> int | None:
    """The sign of an expression with piecewise parts (``step``), proved on every branch.

    Each combination of branches is signed as a polynomial over the *whole* box (stronger
    than needed: a branch only holds where its condition does). At every point the
    expression equals one of these combinations, so a sign that every combination keeps
    is the expression's. Combinations that disagree, or an unproved one, give ``None``:
    the caller then falls back to search, never to a wrong proof.
    """
    if len(expr.atoms(sympy.Piecewise)) > _MAX_PIECEWISE:
        return None
    signs = set()
    for branch in piecewise_branches(expr):
        if branch.has(sympy.Piecewise):  # nested: not handled
            return None
        signs.add(0 if branch == 0 else _sign(branch, registry))
        if None in signs or len(signs) > 1:
            return None
    return signs.pop()


def _sign(expr: sympy.Expr, registry: Mapping[str, Factor]) -> int | None:
    """Sign by structure first (sums and products of signed parts), certificate last."""
    if expr.is_Number:
        return 1 if expr > 0 else (-1 if expr < 0 else 0)
    if expr.is_Symbol:
        f = registry[expr.name]
        return 1 if f.low >= 0 else (-1 if f.high <= 0 else None)
    if expr.is_Mul:
        sign = 1
        for arg in expr.args:
            s = _sign(arg, registry)
            if s is None:
                return _certificate(expr, registry)
            sign *= s
        return sign
    if expr.is_Add:
        signs = {_sign(arg, registry) for arg in expr.args} - {0}
        if len(signs) == 1 and None not in signs:
            return signs.pop()
        return _certificate(expr, registry)
    if expr.is_Pow and expr.exp.is_Integer:
        s = _sign(expr.base, registry)
        if s is not None:
            return s ** abs(int(expr.exp)) if s else 0
    return _certificate(expr, registry)


#: Above this many factors the certificate's polynomials grow too large to expand quickly.
_CERTIFICATE_MAX_FACTORS = 8


def _certificate(expr: sympy.Expr, registry: Mapping[str, Factor]) -> int | None:
    if len(expr.free_symbols) > _CERTIFICATE_MAX_FACTORS:
        return None
    subs = {}
    for sym in expr.free_symbols:
        f = registry[sym.name]
        t = sympy.Symbol(f"_t_{sym.name}", nonnegative=True)
        lo, hi = sympy.nsimplify(f.low), sympy.nsimplify(f.high)
        subs[sym] = lo + (hi - lo) * t / (1 + t)
    num, den = sympy.fraction(sympy.together(expr.xreplace(subs)))
    signs = []
    for part in (num, den):
        part = sympy.expand(part)
        if part == 0:
            return 0
        gens = sorted(part.free_symbols, key=lambda s: s.name)
        coeffs = sympy.Poly(part, *gens).coeffs() if gens else [part]
        if all(c >= 0 for c in coeffs):
            signs.append(1)
        elif all(c <= 0 for c in coeffs):
            signs.append(-1)
        else:
            return None
    return signs[0] * signs[1]
