"""The references the package ships, and ``cite``: exactly what a result used, as text or BibTeX.

The bibliography (``triangle/data/references.bib``) holds the five articles the models
are built from (each entry's ``note`` names its file in ``sources/``) and the literature
the models and solvers draw on. Models and solvers call :func:`register` with the keys
they rely on; ``cite()`` with no arguments then gives every reference used in the
session, in the manner of PyBaMM's citations.

>>> import triangle as tri
>>> print(tri.cite("dittmer1981"))
Dittmer, L. (1981). The Strategic Triangle: An Elementary Game-Theoretical Analysis.
World Politics, 33(4). https://doi.org/10.2307/2010133
>>> article_for_file("003_7949c245d6586df2.txt")
'trumpsequel2025'

The package itself is the entry ``"triangle"`` (its version is the installed one), and
every result type of the package cites exactly what it used (``cite(result)``):

>>> print(cite("triangle"))  # doctest: +ELLIPSIS
The triangle developers (2026). triangle: ... version 0.1.0...
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any, Literal

from triangle.errors import (
    BibliographyError,
    InvalidArgumentTypeError,
    UncitableError,
    unknown_name,
)

__all__ = [
    "METHOD_REFERENCES",
    "PACKAGE_KEY",
    "BibliographyError",
    "Citations",
    "Reference",
    "UncitableError",
    "article_for_file",
    "citation_label",
    "cite",
    "keys_of",
    "parse_bibtex",
    "references",
    "register",
    "reset_used",
    "used",
]


_FILE_RE = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")
# Characters BibTeX (and the LaTeX it writes) reads as commands unless escaped.
_SPECIAL_RE = re.compile(r"(?<!\\)([_&%#])")
# Fields that biblatex and the url package read verbatim: escaping would print the backslash.
_VERBATIM = frozenset({"doi", "url", "eprint"})

#: The bibliography key of the package itself (``cite("triangle")``).
PACKAGE_KEY = "triangle"
_PACKAGE_YEAR = "2026"  # the year of the first release (CITATION.cff says the same)
_PACKAGE_TITLE = "triangle: game theory of the US-Russia-China strategic triangle"
_PACKAGE_AUTHOR = "The triangle developers"

#: The literature each solver method rests on, by the ``method`` its results record.
METHOD_REFERENCES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "vertex_enumeration": ("nash1951", "avis2010", "vonstengel2007"),
    "lexicographic_search": ("nash1951", "avis2010", "vonstengel2007"),
    "support_enumeration": ("nash1951", "mckelvey1996", "porter2008"),
    "pure": ("nash1951",),
    "pure_equilibria": ("nash1951",),
    "backward_induction": ("selten1975", "kuhn1953"),
    "logit": ("mckelvey1995", "turocy2005"),
    "logit_fit": ("mckelvey1995",),
    "bayesian": ("harsanyi1967", "fudenberg1991"),
    "signaling": ("cho1987", "fudenberg1991"),
    "abreu_sannikov": ("abreu1990", "abreu2014", "judd2003"),
    "sobol": ("sobol2001", "saltelli2002", "saltelli2010", "herman2017"),
    "morris": ("morris1991", "campolongo2007", "herman2017"),
    "repeated": ("friedman1971", "fudenberg1991"),
    "payoff_sets": ("abreu1990", "judd2003"),
    "dominance": ("fudenberg1991",),
})

# Result types that do not say what they used (no ``__cite__``): the method by type name,
# so that ``cite(result)`` works for every result type of the package.
_RESULT_METHODS: Mapping[str, str] = MappingProxyType({
    "triangle.solvers.logit.LogitQRE": "logit",
    "triangle.solvers.logit.LogitBranch": "logit",
    "triangle.solvers.logit_fit.LogitFit": "logit_fit",
    "triangle.solvers.bayesian.BayesianEquilibria": "bayesian",
    "triangle.solvers.bayesian.BayesianEquilibrium": "bayesian",
    "triangle.solvers.signaling.PerfectBayesianEquilibria": "signaling",
    "triangle.solvers.signaling.PerfectBayesianEquilibrium": "signaling",
    "triangle.solvers.signaling_conditions.ConditionalPerfectBayesianEquilibria": "signaling",
    "triangle.solvers.signaling_conditions.ConditionalPerfectBayesianEquilibrium": "signaling",
    "triangle.solvers.repeated_abreu_sannikov.PayoffSet": "abreu_sannikov",
    "triangle.solvers.repeated_payoff_sets.PayoffSetApproximation": "payoff_sets",
    "triangle.solvers.repeated_minmax.Minmax": "repeated",
    "triangle.solvers.repeated_finite.FiniteHorizon": "repeated",
    "triangle.solvers.repeated_simulation.Simulation": "repeated",
    "triangle.games.repeated.Threshold": "repeated",
    "triangle.models.repeated.InTimeSummary": "repeated",
    "triangle.solvers.dominance.EliminationResult": "dominance",
})
_MONTHS = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May",
    "jun": "June", "jul": "July", "aug": "August", "sep": "September", "oct": "October",
    "nov": "November", "dec": "December",
}  # fmt: skip


# --------------------------------------------------------------------- one reference
@dataclass(frozen=True, eq=False)
class Reference:
    """One bibliography entry: its key, BibTeX type and raw fields (braces kept).

    >>> r = references["cartwright1956"]
    >>> r.authors
    ('Cartwright, Dorwin', 'Harary, Frank')
    >>> r.year, r.entry_type
    ('1956', 'article')
    """

    key: str
    entry_type: str
    fields: Mapping[str, str]

    def get(self, name: str) -> str | None:
        """A field as plain text (braces and simple LaTeX removed), or None if absent."""
        raw = self.fields.get(name)
        return None if raw is None else _plain(raw)

    @property
    def title(self) -> str:
        """The title, as plain text."""
        return self.get("title") or ""

    @property
    def year(self) -> str | None:
        """The year, as written."""
        return self.get("year")

    @property
    def authors(self) -> tuple[str, ...]:
        """The authors as ``"Last, First"`` strings, in order (empty if none named)."""
        return _names(self.fields.get("author"))

    @property
    def editors(self) -> tuple[str, ...]:
        """The editors as ``"Last, First"`` strings, in order."""
        return _names(self.fields.get("editor"))

    @property
    def source_file(self) -> str | None:
        """For the articles modelled: the file name of the copy in ``sources/``."""
        match = _FILE_RE.search(self.get("note") or "")
        return match.group(0) if match else None

    @property
    def label(self) -> str:
        """Author (or, without one, the entry's ``key`` field) and year, as a reader cites it.

        >>> references["heybatov2025"].label, references["geopoliticalmonitor2025"].label
        ('Heybatov (2025)', 'Geopolitical Monitor (2025)')
        >>> references["avis2010"].label
        'Avis et al. (2010)'
        """
        names = [n.split(",")[0] for n in (self.authors or self.editors)]
        if len(names) > 2:
            who = f"{names[0]} et al."
        elif names:
            who = " and ".join(names)
        else:
            who = self.get("key") or self.key
        return f"{who} ({self.year or 'n.d.'})"

    def text(self) -> str:
        """A plain-text reference (author-year, APA-like).

        >>> print(references["fudenberg1991"].text())
        Fudenberg, D., & Tirole, J. (1991). Game Theory. MIT Press.
        """
        year = self.year or "n.d."
        head = f"{_author_list(self.authors)} ({year}). {_sentence(self.title)}"
        if not self.authors and self.editors:
            eds = "(Ed.)" if len(self.editors) == 1 else "(Eds.)"
            head = f"{_author_list(self.editors)} {eds}. ({year}). {_sentence(self.title)}"
        elif not self.authors:
            head = f"{self.title} ({year})."
        parts = [head]
        kind = self.entry_type
        if kind == "article":
            journal = self.get("journal") or ""
            vol = self.get("volume")
            num = self.get("number")
            where = journal + (f", {vol}" if vol else "") + (f"({num})" if vol and num else "")
            if self.get("pages"):
                where += f", {self.get('pages')}"
            parts.append(_sentence(where))
        elif kind in ("incollection", "inbook", "inproceedings"):
            eds = _editor_list(self.editors)
            book = self.get("booktitle") or ""
            extra = []
            if self.get("chapter"):
                extra.append(f"ch. {self.get('chapter')}")
            if self.get("volume"):
                extra.append(f"vol. {self.get('volume')}")
            if self.get("pages"):
                extra.append(f"pp. {self.get('pages')}")
            series = self.get("series")
            if series:
                extra.append(f"{series} {self.get('number') or ''}".strip())
            book += f" ({', '.join(extra)})" if extra else ""
            parts.append(_sentence(f"In {eds}, {book}" if eds else f"In {book}"))
            if self.get("publisher"):
                parts.append(_sentence(self.get("publisher") or ""))
        elif kind == "book":
            if self.get("publisher"):
                parts.append(_sentence(self.get("publisher") or ""))
        else:
            for name in ("howpublished", "note"):
                if self.get(name):
                    parts.append(_sentence(self.get(name) or ""))
        if self.get("doi"):
            parts.append(f"https://doi.org/{self.get('doi')}")
        elif self.get("url"):
            parts.append(self.get("url") or "")
        return " ".join(p for p in parts if p)

    def bibtex(self) -> str:
        """The entry as BibTeX, fields in their shipped order.

        >>> print(references["axelrod1984"].bibtex())
        @book{axelrod1984,
          author = {Axelrod, Robert},
          title = {The Evolution of Cooperation},
          publisher = {Basic Books},
          address = {New York},
          year = {1984}
        }
        """
        body = ",\n".join(
            f"  {name} = {value}"
            if name == "month" and value in _MONTHS
            else f"  {name} = {{{value if name in _VERBATIM else _escape(value)}}}"
            for name, value in self.fields.items()
        )
        return f"@{self.entry_type}{{{self.key},\n{body}\n}}"

    def __repr__(self) -> str:
        return f"Reference({self.key!r}: {self.text()})"


# --------------------------------------------------------------------- parsing
def parse_bibtex(text: str) -> dict[str, Reference]:
    """Parse BibTeX entries (``@type{key, name = {value} | "value" | word, ...}``).

    ``@comment`` blocks and text outside entries are skipped; ``@string`` and
    ``@preamble`` are not supported (the shipped file does not use them).

    >>> refs = parse_bibtex('@book{k, title = {A {Nested} Title}, year = 2001}')
    >>> refs["k"].fields["title"], refs["k"].year
    ('A {Nested} Title', '2001')
    """
    if not isinstance(text, str):  # a number or None has no entries to find
        raise InvalidArgumentTypeError(f"BibTeX text is a string; got {type(text).__name__}.")
    entries: dict[str, Reference] = {}
    pos = 0
    while True:
        at = text.find("@", pos)
        if at < 0:
            return entries
        if _in_comment_line(text, at):
            pos = text.find("\n", at) + 1 if "\n" in text[at:] else len(text)
            continue
        m = re.compile(r"@\s*([A-Za-z]+)\s*([{(])").match(text, at)
        if not m:
            raise BibliographyError(
                f"malformed entry at line {_line(text, at)}: expected @type{{key, ...}}."
            )
        kind = m.group(1).lower()
        close = "}" if m.group(2) == "{" else ")"
        if kind == "comment":
            pos = _skip_braced(text, m.end() - 1)
            continue
        if kind in ("string", "preamble"):
            raise BibliographyError(
                f"@{kind} at line {_line(text, at)} is not supported by this parser."
            )
        key_end = text.find(",", m.end())
        if key_end < 0:
            raise BibliographyError(f"entry at line {_line(text, at)} has no key.")
        key = text[m.end() : key_end].strip()
        if not key or re.search(r"[\s{}]", key):
            raise BibliographyError(f"entry at line {_line(text, at)} has a malformed key {key!r}.")
        if key in entries:
            raise BibliographyError(f"duplicate key {key!r} at line {_line(text, at)}.")
        fields, pos = _fields(text, key_end + 1, close, key)
        entries[key] = Reference(key, kind, MappingProxyType(fields))


def _in_comment_line(text: str, at: int) -> bool:
    start = text.rfind("\n", 0, at) + 1
    return text[start:at].lstrip().startswith("%")


def _fields(text: str, pos: int, close: str, key: str) -> tuple[dict[str, str], int]:
    fields: dict[str, str] = {}
    name_re = re.compile(r"\s*([A-Za-z][\w-]*)\s*=\s*")
    while True:
        pos = _skip_space(text, pos)
        if pos >= len(text):
            raise BibliographyError(f"entry {key!r} is not closed (missing {close!r}).")
        if text[pos] == close:
            return fields, pos + 1
        m = name_re.match(text, pos)
        if not m:
            raise BibliographyError(
                f"entry {key!r}: expected 'name = value' at line {_line(text, pos)}."
            )
        name = m.group(1).lower()
        pos = m.end()
        if pos >= len(text):
            raise BibliographyError(f"entry {key!r}: field {name!r} has no value.")
        if text[pos] == "{":
            end = _skip_braced(text, pos)
            value = text[pos + 1 : end - 1]
        elif text[pos] == '"':
            end = pos + 1
            depth = 0
            while end < len(text) and not (text[end] == '"' and depth == 0):
                depth += {"{": 1, "}": -1}.get(text[end], 0)
                end += 1
            value = text[pos + 1 : end]
            end += 1
        else:
            m2 = re.compile(r"[\w.-]+").match(text, pos)
            if not m2:
                raise BibliographyError(
                    f"entry {key!r}: malformed value of {name!r} at line {_line(text, pos)}."
                )
            value, end = m2.group(0), m2.end()
        if name in fields:
            raise BibliographyError(f"entry {key!r} gives the field {name!r} twice.")
        fields[name] = " ".join(value.split())
        pos = _skip_space(text, end)
        if pos < len(text) and text[pos] == ",":
            pos += 1


def _skip_braced(text: str, pos: int) -> int:
    """Index just past the brace group opening at ``pos``."""
    depth = 0
    for i in range(pos, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    raise BibliographyError(f"unbalanced braces from line {_line(text, pos)}.")


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


# --------------------------------------------------------------------- formatting helpers
_LATEX = ((r"\&", "&"), ("---", "—"), ("--", "–"), ("~", " "), (r"\%", "%"), (r"\_", "_"))


def _plain(value: str) -> str:
    if value in _MONTHS:
        return _MONTHS[value]
    for old, new in _LATEX:
        value = value.replace(old, new)
    return value.replace("{", "").replace("}", "")


def _escape(value: str) -> str:
    """Escape the characters LaTeX reads as commands (``_ & % #``), unless already escaped.

    >>> print(_escape(r"Issues & Studies, 000_x.txt, 5\\% off"))
    Issues \\& Studies, 000\\_x.txt, 5\\% off
    """
    return _SPECIAL_RE.sub(r"\\\1", value)


def _names(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    if raw.startswith("{") and raw.endswith("}") and _skip_braced(raw, 0) == len(raw):
        return (_plain(raw),)  # a corporate author, ``{{The triangle developers}}``
    out = []
    for name in re.split(r"\s+and\s+", _plain(raw)):
        parts = [p.strip() for p in name.split(",")]
        if len(parts) == 1:  # "First Last"
            words = parts[0].split()
            parts = [words[-1], " ".join(words[:-1])]
        elif len(parts) == 3:  # "Last, Jr., First"
            parts = [f"{parts[0]} {parts[1]}", parts[2]]
        out.append(", ".join(p for p in parts if p))
    return tuple(out)


def _initials(first: str) -> str:
    out = []
    for word in first.split():
        pieces = [p for p in word.split("-") if p]
        out.append("-".join(p[0] + "." for p in pieces))
    return " ".join(out)


def _short(name: str) -> str:
    last, _, first = name.partition(", ")
    if last.endswith(" Jr."):
        return f"{last[:-4]}, {_initials(first)}, Jr."
    return f"{last}, {_initials(first)}" if first else last


def _author_list(names: tuple[str, ...]) -> str:
    short = [_short(n) for n in names]
    if len(short) <= 1:
        return "".join(short)
    return ", ".join(short[:-1]) + ", & " + short[-1]


def _editor_list(names: tuple[str, ...]) -> str:
    if not names:
        return ""
    short = []
    for n in names:
        last, _, first = n.partition(", ")
        short.append(f"{_initials(first)} {last}".strip())
    joined = short[0] if len(short) == 1 else ", ".join(short[:-1]) + " & " + short[-1]
    return f"{joined} ({'Ed.' if len(short) == 1 else 'Eds.'})"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in '.?!”"' else text + "."


# --------------------------------------------------------------------- the shipped bibliography
class _References(Mapping[str, Reference]):
    """Read-only mapping from key to :class:`Reference`, parsed on first use."""

    def __getitem__(self, key: str) -> Reference:
        entries = _load()
        if key not in entries:
            raise unknown_name("reference", key, entries)
        return entries[key]

    def __iter__(self) -> Iterator[str]:
        return iter(_load())

    def __len__(self) -> int:
        return len(_load())

    def __repr__(self) -> str:
        return f"<references: {len(self)} entries from triangle/data/references.bib>"


@functools.cache
def _load() -> dict[str, Reference]:
    text = (
        resources.files("triangle").joinpath("data", "references.bib").read_text(encoding="utf-8")
    )
    entries = parse_bibtex(text)
    entries[PACKAGE_KEY] = _package_reference()
    return entries


def _package_reference() -> Reference:
    """The package's own entry, with the installed version (CITATION.cff says the same)."""
    from triangle._version import __version__

    return Reference(PACKAGE_KEY, "misc", MappingProxyType({
        "author": f"{{{_PACKAGE_AUTHOR}}}",
        "title": _PACKAGE_TITLE,
        "year": _PACKAGE_YEAR,
        "version": __version__,
        "howpublished": f"Python package strategic-triangle, version {__version__}",
        "note": "Imported as triangle; not the mesh generator of the same name",
    }))


@functools.cache
def _files() -> dict[str, str]:
    return {r.source_file: k for k, r in _load().items() if r.source_file}


#: Every shipped reference, by key (read-only).
references: Mapping[str, Reference] = _References()


def article_for_file(name: str) -> str:
    """The bibliography key of an article, from its file name in ``sources/`` (or a path).

    >>> article_for_file("sources/000_7475e70f1ac1d690.txt")
    'heybatov2025'
    """
    base = os.path.basename(str(name))
    files = _files()
    if base not in files:
        raise unknown_name("article file", base, files)
    return files[base]


def citation_label(source: str) -> str:
    """An article (file name or key) as a table shows it: author and year, then the key.

    >>> citation_label("000_7475e70f1ac1d690.txt")
    'Heybatov (2025) [heybatov2025]'
    >>> citation_label("003_7949c245d6586df2.txt")
    'Trump sequel (2025) [trumpsequel2025]'
    """
    ref = references[_key_for_string(source)]
    return f"{ref.label} [{ref.key}]"


# --------------------------------------------------------------------- the session's citations
_USED: dict[str, None] = {}  # insertion-ordered set of keys registered this session


def register(*keys: str) -> None:
    """Record that the current session used these references (models and solvers call this).

    >>> register("nash1951")
    >>> "nash1951" in used()
    True
    """
    for key in keys:
        references[key]  # unknown keys raise, with suggestions
        _USED[key] = None


def used() -> tuple[str, ...]:
    """The keys registered in this session, in the order they were first registered.

    >>> saved = used()
    >>> reset_used()
    >>> register("nash1951", "axelrod1984")
    >>> register("nash1951")  # already there: keeps its place
    >>> used()
    ('nash1951', 'axelrod1984')
    >>> reset_used(); register(*saved)  # put the session's citations back
    """
    return tuple(_USED)


def reset_used() -> None:
    """Forget the references registered so far (for a fresh analysis, or in tests).

    >>> saved = used()
    >>> register("nash1951")
    >>> reset_used()
    >>> used(), cite() == ""  # nothing to cite any more
    ((), True)
    >>> register(*saved)  # put the session's citations back
    """
    _USED.clear()


class Citations(str):
    """The text :func:`cite` returns; it displays as itself (no quotes) at the prompt.

    >>> c = cite("fudenberg1991")
    >>> c
    Fudenberg, D., & Tirole, J. (1991). Game Theory. MIT Press.
    >>> isinstance(c, str), c.startswith("Fudenberg")
    (True, True)
    """

    def __repr__(self) -> str:
        return str(self)


def cite(*items: Any, format: Literal["text", "bibtex"] = "text") -> Citations:
    """The references of exactly the given keys or objects, as text or BibTeX.

    Each item is a bibliography key, an article's file name, a :class:`Reference`, or
    an object that carries citations: one with a ``__cite__()`` method (returning keys
    or items), a ``sources`` attribute (a factor's or a term's sources, each with a
    ``file``; or keys), a ``source`` attribute (a claim's article file), or ``terms``
    (a model game: every article its payoff terms cite). Iterables of items are
    flattened. With no item, cite every reference registered in the session
    (:func:`register`); the result is empty if none has been.

    Entries come sorted by first author (or title) and year, once each: in text, one
    line each; in BibTeX, separated by blank lines, ready for a ``.bib`` file.

    >>> print(cite("nash1951", "000_7475e70f1ac1d690.txt"))
    Heybatov, T. (2025). Anti-China alliance between the U.S. and Russia – Is it possible
    and What would it lead to? Opinion article; outlet not named in the text. Source file:
    000_7475e70f1ac1d690.txt.
    Nash, J. (1951). Non-Cooperative Games. Annals of Mathematics, 54(2), 286–295.
    https://doi.org/10.2307/1969529
    >>> print(cite("nash1951", format="bibtex"))  # doctest: +ELLIPSIS
    @article{nash1951,
      author = {Nash, John},
    ...
    >>> cite("nash1950")
    Traceback (most recent call last):
    ...
    triangle.errors.UnknownNameError: unknown reference 'nash1950'; did you mean 'nash1951'...
    """
    # a string first: an array compared with "text" would be an array, not a bool
    if not isinstance(format, str) or format not in ("text", "bibtex"):
        raise BibliographyError(f"format must be 'text' or 'bibtex'; got {format!r}.")
    keys = list(dict.fromkeys(_keys(items))) if items else list(_USED)
    refs = sorted((references[k] for k in keys), key=_sort_key)
    if format == "text":
        return Citations("\n".join(r.text() for r in refs))
    return Citations("\n\n".join(r.bibtex() for r in refs))


def keys_of(*items: Any) -> tuple[str, ...]:
    """The bibliography keys :func:`cite` would print for ``items``, in first-seen order.

    >>> keys_of("nash1951", "000_7475e70f1ac1d690.txt", "nash1951")
    ('nash1951', 'heybatov2025')
    """
    return tuple(dict.fromkeys(_keys(items)))


def _sort_key(ref: Reference) -> tuple[str, str, str]:
    first = (ref.authors or ref.editors or (ref.title,))[0]
    return (first.casefold(), ref.year or "", ref.key)


def _keys(items: Iterable[Any]) -> Iterator[str]:
    for item in items:
        yield from _keys_of(item)


def _keys_of(item: Any) -> Iterator[str]:
    if isinstance(item, Reference):
        yield item.key
        return
    if isinstance(item, str):
        yield _key_for_string(item)
        return
    if hasattr(item, "__cite__"):
        yield from _keys(item.__cite__())
        return
    kind = f"{type(item).__module__}.{type(item).__qualname__}"
    if kind in _RESULT_METHODS:
        yield PACKAGE_KEY
        yield from METHOD_REFERENCES[_RESULT_METHODS[kind]]
        return
    overrides = getattr(item, "overrides", None)
    if isinstance(overrides, Mapping):  # a scenario: the package and its values' articles
        yield PACKAGE_KEY
        for override in overrides.values():
            for entry in getattr(override, "sources", ()):
                yield from _source_keys(entry)
        return
    found = False
    for attr in ("sources", "source", "terms"):
        value = getattr(item, attr, None)
        if value is None:
            continue
        found = True
        single = isinstance(value, (str, Mapping)) or not isinstance(value, Iterable)
        for entry in [value] if single else value:
            yield from _source_keys(entry)
    if found:
        return
    if isinstance(item, Mapping) and "file" in item:
        yield from _source_keys(item)
        return
    if isinstance(item, Iterable):
        yield from _keys(item)
        return
    raise UncitableError(
        f"cannot cite {type(item).__name__} object {item!r}: it carries no sources; give "
        f"bibliography keys, article file names, or objects with sources (factors, terms, "
        f"claims, model games)."
    )


def _source_keys(entry: Any) -> Iterator[str]:
    """Keys from one source entry: a key or file name, an object or mapping with ``file``."""
    if isinstance(entry, str):
        yield _key_for_string(entry)
    elif isinstance(entry, Mapping):
        if "file" in entry:
            yield article_for_file(entry["file"])
        if "key" in entry:
            yield _key_for_string(entry["key"])
    elif hasattr(entry, "file"):
        yield article_for_file(entry.file)
    else:
        yield from _keys_of(entry)  # a nested object (e.g. a term) with its own sources


def _key_for_string(text: str) -> str:
    if text in references:
        return text
    if _FILE_RE.search(os.path.basename(text)):
        return article_for_file(text)
    references[text]  # raises UnknownNameError with suggestions
    return text  # pragma: no cover
