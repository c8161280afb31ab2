"""Safe data files (issue 11, item 3): one schema per file, bounded expressions, own files.

A file of one's own (factors, terms) is checked as the package's are: an unknown table
(``[[terms]]`` for ``[[term]]``) is refused with the closest name instead of being
skipped, a field of the wrong type raises the package's ``RegistryDataError`` (never a
bare ``KeyError``/``TypeError``), expressions are bounded before they are evaluated, and
quotes are checked verbatim against the articles when these are available.
"""

from __future__ import annotations

import copy
import importlib
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import triangle as tri
from tests.paths import SOURCES
from triangle.errors import InvalidTermError, RegistryDataError, TriangleError, UnknownNameError
from triangle.models.factors import ARTICLES, load_factors
from triangle.models.terms import build_game, load_terms, parse_expression

QUOTE = "4,000 km border"
FACTOR = f'''
[[factor]]
id = "border_trade"
name = "Border trade"
description = "Trade across the Russia-China border."
value = 0.5
low = 0.2
high = 0.8
unit = "share (0-1)"
provenance = "assumed"
reason = "A modeller's weight."
sources = [{{file = "004_81f2a95097f2191c.txt", quote = "{QUOTE}"}}]
'''
TERM = f'''
[[term]]
id = "trade_gain"
player = "Russia"
when = {{ Russia = ["hedge"] }}
expression = "2 * border_trade * china_import_share"
description = "Border trade pays Russia when it hedges."
provenance = "assumed"
reason = "A modeller's term."
sources = [{{file = "004_81f2a95097f2191c.txt", quote = "{QUOTE}"}}]
'''
HAVE_ARTICLES = SOURCES.is_dir() and all((SOURCES / a).is_file() for a in ARTICLES)


@pytest.fixture
def write(tmp_path: Path):
    def _write(text: str, name: str = "mine.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A refusal must come at once: a parser that evaluates 9**9**9 never returns."""

    def stop(*_: object) -> None:
        raise TimeoutError("the data file was not refused within 5 s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(5)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_own_factors_and_terms_build_a_game(write) -> None:
    mine = load_factors(write(FACTOR, "factors.toml"))
    terms = load_terms(write(TERM, "terms.toml"), factors=mine)
    game = build_game(terms, players=("US", "Russia"), strategies=(("engage",), ("hedge", "stay")))
    assert set(game.factors) == {"border_trade", "china_import_share"}


@pytest.mark.parametrize(
    ("loader", "text", "wrong", "right"),
    [("factors", FACTOR, "[[factors]]", "[factor]"), ("terms", TERM, "[[terms]]", "[term]")],
)
def test_a_misspelt_table_is_refused_not_skipped(write, loader, text, wrong, right) -> None:
    path = write(text.replace(f"[{right}]", wrong))
    with pytest.raises(RegistryDataError, match=rf"unknown table .*did you mean \{right}"):
        load_factors(path) if loader == "factors" else load_terms(path)


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('value = 0.5', 'value = "high"', "value"),
        ('name = "Border trade"', "name = 1", "name"),
        ('unit = "share (0-1)"', "unit = [1]", "unit"),
        ('id = "border_trade"', 'id = "Border Trade"', "id"),
        ('reason = "A modeller\'s weight."', "reason = 3", "reason"),
    ],
)
def test_malformed_factor_fields_name_file_entry_and_field(write, old, new, field) -> None:
    with pytest.raises(RegistryDataError, match=rf"mine.toml: factor .*field '{field}'"):
        load_factors(write(FACTOR.replace(old, new)))


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('when = { Russia = ["hedge"] }', 'when = "hedge"', "when"),
        ('player = "Russia"', "player = 2", "player"),
        ('provenance = "assumed"', 'provenance = "assumed"\nvariants = "us"', "variants"),
        ('provenance = "assumed"', 'provenance = "assumed"\nrequires = [1]', "requires"),
    ],
)
def test_malformed_term_fields_name_file_entry_and_field(write, old, new, field) -> None:
    with pytest.raises(RegistryDataError, match=rf"mine.toml: term 'trade_gain', field '{field}'"):
        load_terms(write(TERM.replace(old, new)))


def test_a_factor_file_may_not_redefine_the_packages(write) -> None:
    with pytest.raises(RegistryDataError, match="one of the package's factors"):
        load_factors(write(FACTOR.replace('"border_trade"', '"hedge_depth"')))


@pytest.mark.parametrize(
    "expression", ["9**9**9", "2**10**10", "hedge_depth**hedge_depth", "1/0", "1e300 * 2",
                   "(" * 1000 + "1" + ")" * 1000, " + ".join(["hedge_depth"] * 500)],
)
def test_unbounded_expressions_are_refused_at_once(write, expression) -> None:
    with pytest.raises(InvalidTermError):
        parse_expression(expression)
    with pytest.raises(TriangleError, match=r"mine\.toml: term 'trade_gain'"):
        load_terms(write(TERM.replace("2 * border_trade * china_import_share", expression)))
    # the package's own loader of shorthands goes through the same parser
    assert parse_expression("china_lifeline") == parse_expression("10 * china_import_share")


def test_bounded_powers_still_parse() -> None:
    assert str(parse_expression("(1 + hedge_depth)**2 / 4")) == "(hedge_depth + 1)**2/4"
    assert parse_expression("hedge_depth**-2") == tri.factors["hedge_depth"].symbol ** -2


@pytest.mark.skipif(not HAVE_ARTICLES, reason=f"the articles are not at {SOURCES}")
def test_an_edited_quote_is_detected(write) -> None:
    edited = FACTOR.replace(QUOTE, "4,001 km border")
    with pytest.raises(RegistryDataError, match=r"not verbatim in 004_81f2a95097f2191c\.txt"):
        load_factors(write(edited), articles=SOURCES)
    with pytest.raises(RegistryDataError, match="not verbatim"):
        load_terms(write(TERM.replace(QUOTE, "4,001 km border"), "t.toml"), articles=SOURCES,
                   factors=load_factors(write(FACTOR, "f.toml")))
    assert load_factors(write(FACTOR), articles=SOURCES)  # the verbatim quote passes


def test_a_missing_articles_folder_is_an_error_when_named(write, tmp_path: Path) -> None:
    with pytest.raises(RegistryDataError, match="not a folder holding the five article files"):
        load_factors(write(FACTOR), articles=tmp_path / "nowhere")


# ------------------------------------------------------------------ the shipped files
def shipped_with(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, change: Any) -> None:
    """Make ``module`` read the shipped ``name`` changed by ``change(tables)``."""
    from triangle.registries import TomlData, load_toml

    data = load_toml(name)
    changed = TomlData(change(copy.deepcopy(dict(data))), source=data.source)
    monkeypatch.setattr(module, "load_toml", lambda _: changed)


def test_a_claim_naming_an_unknown_factor_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import triangle.verdicts.claims as claims_module

    def misspell(tables: dict) -> dict:
        tables["claim"][0]["factors"] = ["hedge_dept"]
        return tables

    shipped_with(monkeypatch, claims_module, "claims.toml", misspell)
    with pytest.raises(UnknownNameError, match=r"claims\.toml: claim .*did you mean 'hedge_depth'"):
        claims_module.load_claims()


@pytest.mark.parametrize(
    ("module_name", "file", "table", "loader"),
    [
        ("triangle.verdicts.claims", "claims.toml", "claim", "load_claims"),
        ("triangle.models.configurations", "stances.toml", "world", "_load_world_stances"),
        ("triangle.models.configurations", "stances.toml", "source", "_load_stance_sources"),
    ],
)
def test_a_misspelt_table_of_a_shipped_file_is_refused(
    monkeypatch: pytest.MonkeyPatch, module_name: str, file: str, table: str, loader: str
) -> None:
    module = importlib.import_module(module_name)

    def rename(tables: dict) -> dict:
        tables[table + "s"] = tables.pop(table)
        return tables

    shipped_with(monkeypatch, module, file, rename)
    with pytest.raises(RegistryDataError, match=rf"unknown table \[{table}s\]"):
        getattr(module, loader).__wrapped__() if hasattr(
            getattr(module, loader), "__wrapped__") else getattr(module, loader)()
