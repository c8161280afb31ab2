"""BibTeX that compiles: a strict reader over everything ``cite`` can print.

The reader refuses what BibTeX or LaTeX would choke on or silently mangle: unbalanced
braces, the characters ``_ & % #`` unescaped (outside the verbatim fields ``doi`` and
``url``, which biblatex and the url package read as they are), entries without a key,
a title, or an author (an entry with no author must give ``key`` for sorting, or an
editor), duplicate keys and duplicate fields.
"""

from __future__ import annotations

import re

import pytest

import triangle as tri
from triangle.citations import references

VERBATIM = {"doi", "url", "eprint"}
ENTRY = re.compile(r"@([a-z]+)\{([^,\s{}]*),\n(.*?)\n\}(?:\n\n|\Z)", re.S)
FIELD = re.compile(r"  ([a-z]+) = (\{.*\}|[a-z]{3})")


class StrictBibError(ValueError):
    pass


def balanced(text: str) -> bool:
    depth = 0
    for i, ch in enumerate(text):
        if ch in "{}" and i and text[i - 1] == "\\":
            continue
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def strict_parse(text: str) -> dict[str, dict[str, str]]:
    """Parse ``cite(..., format="bibtex")`` output, refusing anything BibTeX would not take."""
    entries: dict[str, dict[str, str]] = {}
    pos = 0
    for m in ENTRY.finditer(text):
        if m.start() != pos:
            raise StrictBibError(f"text between entries at {pos}: {text[pos:m.start()]!r}")
        pos = m.end()
        kind, key, body = m.groups()
        if not key:
            raise StrictBibError(f"an @{kind} entry has no key")
        if key in entries:
            raise StrictBibError(f"duplicate key {key}")
        fields: dict[str, str] = {}
        for line in body.split(",\n"):
            f = FIELD.fullmatch(line)
            if not f:
                raise StrictBibError(f"{key}: malformed field line {line!r}")
            name, value = f.groups()
            if name in fields:
                raise StrictBibError(f"{key}: field {name} twice")
            if value.startswith("{") and not balanced(value):
                raise StrictBibError(f"{key}: unbalanced braces in {name}")
            if name not in VERBATIM:
                bare = re.search(r"(?<!\\)[_&%#]", value)
                if bare:
                    raise StrictBibError(f"{key}: bare {bare.group(0)!r} in {name}")
            fields[name] = value
        if "title" not in fields:
            raise StrictBibError(f"{key}: no title")
        if not ({"author", "editor", "key"} & set(fields)):
            raise StrictBibError(f"{key}: no author, editor or key (BibTeX cannot sort it)")
        entries[key] = fields
    if pos != len(text):
        raise StrictBibError(f"trailing text: {text[pos:]!r}")
    return entries


@pytest.mark.parametrize("bad", [
    "@misc{k,\n  title = {a_b},\n  key = {k}\n}",
    "@misc{k,\n  title = {A & B},\n  key = {k}\n}",
    "@misc{k,\n  title = {{A}},\n  note = {x}\n}",
    "@misc{,\n  title = {A},\n  key = {k}\n}",
    "@misc{k,\n  title = {A {B},\n  key = {k}\n}",
    "@misc{k,\n  title = {A},\n  title = {B},\n  key = {k}\n}",
])
def test_the_strict_reader_refuses(bad):
    with pytest.raises(StrictBibError):
        strict_parse(bad)


def test_every_shipped_entry_is_strict_bibtex():
    text = tri.cite(*references, format="bibtex")
    entries = strict_parse(text)
    assert set(entries) == set(references)
    assert "triangle" in entries and tri.__version__ in entries["triangle"]["version"]


def test_the_articles_notes_are_escaped_and_authorless_entries_have_a_key():
    entries = strict_parse(tri.cite("heybatov2025", "geopoliticalmonitor2025",
                                    "trumpsequel2025", format="bibtex"))
    assert r"000\_7475e70f1ac1d690.txt" in entries["heybatov2025"]["note"]
    assert "key" in entries["geopoliticalmonitor2025"] and "key" in entries["trumpsequel2025"]
    # the plain-text form shows the file name as a reader writes it
    assert "000_7475e70f1ac1d690.txt" in tri.cite("heybatov2025")
