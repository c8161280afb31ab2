"""The shipped bibliography, its parser, and ``cite``."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

import triangle as tri
from tests.paths import SOURCES
from triangle import citations as bib
from triangle.citations import (
    BibliographyError,
    Citations,
    UncitableError,
    article_for_file,
    cite,
    parse_bibtex,
    references,
)

SHARED = SOURCES.parent

# The five articles (shared/sources/README.md): file -> (author surname or None, title start)
ARTICLES = {
    "000_7475e70f1ac1d690.txt": ("Heybatov", "Anti-China alliance"),
    "001_9d7b1575e19265cf.txt": (None, "Trump’s Russia Strategy"),
    "002_12ed3abe8702bf10.txt": ("Petrenko", "Could Trump “Turn” Russia"),
    "003_7949c245d6586df2.txt": (None, "[Untitled"),
    "004_81f2a95097f2191c.txt": ("Harper", "Putin’s Strategic Balancing Act"),
}

# The literature DESIGN.md and the issues name: (surname of an author or editor, year).
LITERATURE = [
    ("Dittmer", "1981"), ("Dittmer", "1987"), ("Wu", "1996"), ("Heider", "1946"),
    ("Cartwright", "1956"), ("Harary", "1956"), ("Fearon", "1995"), ("Snyder", "1984"),
    ("Crawford", "2011"), ("Izumikawa", "2013"), ("Kuik", "2008"), ("Tessman", "2012"),
    ("McFaul", "2025"), ("Medeiros", "2025"), ("Abreu", "1990"), ("Stacchetti", "1990"),
    ("Judd", "2003"), ("Conklin", "2003"), ("Nash", "1951"), ("von Stengel", "2007"),
    ("Nisan", "2007"), ("Avis", "2010"), ("McKelvey", "1996"), ("Porter", "2008"),
    ("Lemke", "1964"), ("Fudenberg", "1991"), ("Friedman", "1971"), ("Axelrod", "1984"),
]  # fmt: skip

MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"}  # fmt: skip


@pytest.fixture
def fresh_session():
    saved = bib.used()
    bib.reset_used()
    yield
    bib.reset_used()
    bib.register(*saved)


def find(surname, year):
    return [
        r
        for r in references.values()
        if r.year == year and any(n.split(",")[0] == surname for n in r.authors + r.editors)
    ]


# --------------------------------------------------------------------- the shipped file
def test_every_entry_parses_with_the_basic_fields():
    assert len(references) >= 35
    for key, ref in references.items():
        # the package's own entry is the one key without a year: cite("triangle")
        assert ref.key == key and (re.fullmatch(r"[a-z]+\d{4}[a-z]*", key)
                                   or key == bib.PACKAGE_KEY)
        assert ref.title and re.fullmatch(r"\d{4}", ref.year or "")
        assert ref.entry_type in {"article", "book", "incollection", "misc"}
        assert ref.authors or ref.editors or ref.entry_type == "misc"
        for name in ref.authors + ref.editors:
            # "Last, First", except the package's corporate author
            assert ", " in name or key == bib.PACKAGE_KEY, (key, name)
        if ref.entry_type == "article":
            assert ref.get("journal") and ref.get("volume")
        assert ref.text().startswith((ref.authors + ref.editors + (ref.title,))[0].split(",")[0])


@pytest.mark.parametrize("file", sorted(ARTICLES))
def test_every_article_file_has_an_entry(file):
    key = article_for_file(file)
    ref = references[key]
    assert ref.source_file == file and ref.year == "2025"
    surname, title = ARTICLES[file]
    assert ref.title.startswith(title)
    assert (ref.authors[0].split(",")[0] if ref.authors else None) == surname
    assert article_for_file(f"../shared/sources/{file}") == key


@pytest.mark.skipif(not (SHARED / "sources").is_dir(), reason="no article files here")
def test_the_files_on_disk_are_all_covered():
    files = sorted(p.name for p in (SHARED / "sources").glob("*.txt"))
    assert files == sorted(ARTICLES)
    readme = (SHARED / "sources" / "README.md").read_text(encoding="utf-8")
    for name in ("Heybatov", "Petrenko", "Harper", "Geopolitical Monitor"):
        assert name in readme
        assert name in cite(*files)


@pytest.mark.parametrize(("surname", "year"), LITERATURE)
def test_the_literature_is_there(surname, year):
    assert find(surname, year), f"no reference by {surname} in {year}"


@pytest.mark.skipif(not (SHARED / "DESIGN.md").is_file(), reason="no DESIGN.md beside the checkout")
def test_every_work_design_md_names_is_there():
    text = (SHARED / "DESIGN.md").read_text(encoding="utf-8")
    mentions = set(re.findall(r"\b([A-Z][a-z]+) (1[89]\d\d|20[0-2]\d)\b", text)) - {
        (m, y) for m, y in re.findall(r"\b([A-Z][a-z]+) (\d{4})\b", text) if m in MONTHS
    }
    assert mentions, "the pattern found no author-year mention"
    for surname, year in mentions:
        assert find(surname, year), f"DESIGN.md cites {surname} {year}; add it to references.bib"


def test_metadata_of_the_anchor_entries():
    d = references["dittmer1981"]
    assert (d.get("journal"), d.get("volume"), d.get("number")) == ("World Politics", "33", "4")
    w = references["wu1996"]
    assert (w.get("journal"), w.get("volume"), w.get("number")) == ("Issues & Studies", "32", "10")
    assert references["mcfaul2025"].get("howpublished").startswith("Foreign Affairs")
    assert references["vonstengel2007"].get("chapter") == "3"


# --------------------------------------------------------------------- cite
def test_cite_text_and_bibtex_round_trip():
    keys = ["nash1951", "dittmer1981", "heybatov2025", "fudenberg1991", "dittmer1987"]
    text = cite(*keys)
    assert isinstance(text, Citations) and repr(text) == str(text)
    lines = text.splitlines()
    assert len(lines) == len(keys)
    assert [line.split(" (")[0] for line in lines] == sorted(line.split(" (")[0] for line in lines)
    bibtex = cite(*keys, format="bibtex")
    again = parse_bibtex(bibtex)
    assert set(again) == set(keys)
    for key in keys:
        assert dict(again[key].fields) == dict(references[key].fields)
        assert again[key].entry_type == references[key].entry_type


def test_the_whole_file_round_trips():
    everything = cite(*references, format="bibtex")
    again = parse_bibtex(everything)
    assert {k: dict(r.fields) for k, r in again.items()} == {
        k: dict(r.fields) for k, r in references.items()
    }


def test_cite_deduplicates_and_accepts_files_and_references():
    one = cite("heybatov2025")
    assert cite("heybatov2025", "000_7475e70f1ac1d690.txt", references["heybatov2025"]) == one
    assert cite(["heybatov2025", ("heybatov2025",)]) == one


def test_cite_objects_that_carry_sources():
    quote = SimpleNamespace(file="004_81f2a95097f2191c.txt", quote="...")
    factor = SimpleNamespace(id="border", sources=[quote])
    assert cite(factor) == cite("harper2025")
    term = SimpleNamespace(sources=({"file": "003_7949c245d6586df2.txt", "quote": "..."},))
    game = SimpleNamespace(terms=[term, SimpleNamespace(sources=[quote])])
    assert cite(game) == cite("trumpsequel2025", "harper2025")
    claim = SimpleNamespace(source="002_12ed3abe8702bf10.txt")
    assert cite(claim) == cite("petrenko2025")

    class Model:
        def __cite__(self):
            return ["nash1951", claim]

    assert cite(Model()) == cite("nash1951", "petrenko2025")
    assert cite(SimpleNamespace(sources=["snyder1984"])) == cite("snyder1984")


def test_cite_a_game_with_terms_of_the_models():
    models = pytest.importorskip("triangle.models")
    if not hasattr(models, "simultaneous"):
        pytest.skip("triangle.models.simultaneous is not there yet")
    g = models.simultaneous()
    text = cite(g)
    assert text and "Source file:" in text


def test_cite_factors_of_the_registry():
    factors = getattr(tri, "factors", None)
    if factors is None:
        pytest.skip("triangle.factors is not there yet")
    for fid, f in factors.items():
        files = {s.file if hasattr(s, "file") else s["file"] for s in f.sources}
        text = cite(f)
        assert len(text.splitlines()) == len(files), fid
        for file in files:
            assert file in text


def test_uncitable_and_unknown():
    with pytest.raises(UncitableError, match="carries no sources") as info:
        cite(42)
    assert isinstance(info.value, TypeError)
    with pytest.raises(KeyError, match=r"did you mean .*'dittmer1981'"):
        cite("dittmer1918")
    with pytest.raises(tri.UnknownNameError, match="unknown article file"):
        article_for_file("005_0000000000000000.txt")
    with pytest.raises(BibliographyError, match="'text' or 'bibtex'"):
        cite("nash1951", format="apa")
    with pytest.raises(KeyError):
        references["nope"]


def test_session_registry(fresh_session):
    assert cite() == "" and cite(format="bibtex") == ""
    bib.register("nash1951", "dittmer1981")
    bib.register("nash1951")
    assert bib.used() == ("nash1951", "dittmer1981")
    assert cite() == cite("nash1951", "dittmer1981")
    with pytest.raises(KeyError, match="did you mean"):
        bib.register("nash1952")
    tri.dittmer.classify({("A", "B"): 1, ("A", "C"): 1, ("B", "C"): 1})
    assert {"wu1996", "cartwright1956"} <= set(bib.used())
    bib.reset_used()
    assert bib.used() == ()


# --------------------------------------------------------------------- the parser
def test_parser_features():
    text = """
    % a comment with an @ sign
    @comment{ignored {nested}}
    @Article{a2000,
      Author = "Doe, Jane and Roe, Richard",
      title = {A {B} "quoted" title},
      year = 2000,
      month = jan,
    }
    @book(b2001, title = {T}, year = {2001})
    """
    refs = parse_bibtex(text)
    assert list(refs) == ["a2000", "b2001"]
    a = refs["a2000"]
    assert a.entry_type == "article" and a.authors == ("Doe, Jane", "Roe, Richard")
    assert a.fields["title"] == 'A {B} "quoted" title' and a.title == 'A B "quoted" title'
    assert a.year == "2000" and a.get("month") == "January"
    assert "month = jan" in a.bibtex()
    assert refs["b2001"].text() == "T (2001)."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("@article{a, title = {x}", "not closed"),
        ("@article{a, title = {x}, title = {y}}", "twice"),
        ("@article{a, title = {x}}\n@book{a, title = {y}}", "duplicate key"),
        ("@article{a title = {x}, year = 1}", "malformed key"),
        ("@article{a, title = {x}", "not closed"),
        ("@article{a, = {x}}", "name = value"),
        ("@string{x = {y}}", "not supported"),
        ("@article{a, title = {unbalanced}", "not closed"),
        ("@article{a, title = {x{y}", "unbalanced braces"),
        ("@ {a, b}", "malformed entry"),
    ],
)
def test_parser_errors(text, message):
    with pytest.raises(BibliographyError, match=message):
        parse_bibtex(text)


def test_name_forms():
    refs = parse_bibtex(
        "@book{k, author = {Jane Q. Doe and von Stengel, Bernhard and Howson, Jr., Joseph T.},"
        " title = {T}, year = {1999}}"
    )
    assert refs["k"].authors == ("Doe, Jane Q.", "von Stengel, Bernhard", "Howson Jr., Joseph T.")
    assert refs["k"].text().startswith("Doe, J. Q., von Stengel, B., & Howson, J. T., Jr. (1999).")
    assert references["wu1996"].text().startswith("Wu, Y.-S. (1996).")
