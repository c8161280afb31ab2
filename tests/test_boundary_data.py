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
from tests.data_text import CLAIM
from tests.paths import SOURCES
from triangle.errors import InvalidTermError, RegistryDataError, TriangleError, UnknownNameError
from triangle.models.factors import ARTICLES, FactorRegistry, load_factors
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


# ------------------------------------------------------------------ files of one's own, extreme
#: A factor file, each with one mistake, and words of the message (file, entry, field).
BAD_FACTORS = {
    "value nan": (("value = 0.5", "value = nan"), "value must be a finite number"),
    "value inf": (("value = 0.5", "value = inf"), "value must be a finite number"),
    "value outside": (("value = 0.5", "value = 5"), "border_trade"),
    "low above high": (("low = 0.2", "low = 0.9"), "border_trade"),
    "low nan": (("low = 0.2", "low = nan"), "low must be a finite number"),
    "high inf": (("high = 0.8", "high = inf"), "high must be a finite number"),
    "value true": (("value = 0.5", "value = true"), "field 'value'"),
    "value a list": (("value = 0.5", "value = [0.5]"), "field 'value'"),
    "no value": (("value = 0.5\n", ""), "value"),
    "no id": (('id = "border_trade"\n', ""), "has no 'id'"),
    "an unknown field": (("value = 0.5", "value = 0.5\nvalu = 1"), "valu"),
    "a misspelt provenance": (('provenance = "assumed"', 'provenance = "asumed"'),
                              "provenance"),
    "sources a number": (("sources = [", "sources = 3 #["), "sources"),
    "an unknown article": (("004_81f2a95097f2191c.txt", "009_x.txt"), "009_x.txt"),
    "an empty id": (('id = "border_trade"', 'id = ""'), "id"),
    "an id E": (("border_trade", "E"), "snake_case"),
}


@pytest.mark.parametrize("case", sorted(BAD_FACTORS))
def test_a_bad_factor_file_is_refused_with_the_file_named(write, case) -> None:
    (old, new), words = BAD_FACTORS[case]
    assert old in FACTOR
    with pytest.raises(RegistryDataError) as err:
        load_factors(write(FACTOR.replace(old, new, 1)))
    assert "mine.toml: " in str(err.value) and words in str(err.value), str(err.value)
    with pytest.raises(RegistryDataError, match=r"again\.toml: "):  # the registry's reader
        FactorRegistry.from_toml(write(FACTOR.replace(old, new, 1), "again.toml"))


def test_a_factor_file_twice_and_a_table_that_is_not_an_array(write) -> None:
    with pytest.raises(RegistryDataError, match="appears more than once"):
        load_factors(write(FACTOR + FACTOR))
    with pytest.raises(RegistryDataError, match="array of tables"):
        load_factors(write("factor = 3\n"))


BAD_TERMS = {
    "an unknown factor": (("border_trade *", "border_trad *"), "border_trad"),
    "an empty expression": (('"2 * border_trade * china_import_share"', '""'), "expression"),
    "nan": (('"2 * border_trade * china_import_share"', '"nan"'), "unknown factor 'nan'"),
    "oo": (('"2 * border_trade * china_import_share"', '"oo"'), "unknown factor 'oo'"),
    "zoo": (('"2 * border_trade * china_import_share"', '"zoo * border_trade"'),
            "unknown factor 'zoo'"),
    "an import": (('"2 * border_trade * china_import_share"', '"__import__(\'os\')"'),
                  "expression"),
    "a lambda": (('"2 * border_trade * china_import_share"', '"lambda: 1"'), "expression"),
    "an attribute": (('"2 * border_trade * china_import_share"', '"border_trade.func"'),
                     "expression"),
    "a call": (('"2 * border_trade * china_import_share"', '"exp(border_trade)"'),
               "expression"),
    "a comparison": (('"2 * border_trade * china_import_share"', '"border_trade > 1"'),
                     "expression"),
    "1e400": (('"2 * border_trade * china_import_share"', '"1e400 * border_trade"'),
              "expression"),
    "I": (('"2 * border_trade * china_import_share"', '"I * border_trade"'),
          "unknown factor 'I'"),
    "a number, not text": (('"2 * border_trade * china_import_share"', "2"), "expression"),
    "a NaN weight": (('provenance = "assumed"', 'provenance = "assumed"\nweight = nan'),
                     "weight"),
    "twice": (("", ""), "more than once"),
}


@pytest.mark.parametrize("case", sorted(BAD_TERMS))
def test_a_bad_term_file_is_refused_with_the_term_named(write, case) -> None:
    (old, new), words = BAD_TERMS[case]
    text = TERM + TERM if case == "twice" else TERM.replace(old, new, 1)
    mine = load_factors(write(FACTOR, "factors.toml"))
    with pytest.raises(TriangleError) as err:
        load_terms(write(text), factors=mine)
    assert "mine.toml" in str(err.value) and words in str(err.value), str(err.value)


def test_a_term_for_an_unknown_player_or_strategy_is_refused_when_the_game_is_built(
    write,
) -> None:
    mine = load_factors(write(FACTOR, "factors.toml"))
    shape = {"players": ("US", "Russia"), "strategies": (("engage",), ("hedge", "stay"))}
    for old, new, close in (('player = "Russia"', 'player = "Rusia"', "'Russia'"),
                            ('Russia = ["hedge"]', 'Russia = ["hedg"]', "'hedge'"),
                            ("when = { Russia", "when = { Rusia", "'Russia'")):
        terms = load_terms(write(TERM.replace(old, new)), factors=mine)
        with pytest.raises(UnknownNameError, match=f"did you mean {close}"):
            build_game(terms, **shape)


CLAIM_FILE = CLAIM

BAD_CLAIMS = {
    "a misspelt kind": (('kind = "equilibrium"', 'kind = "equilibrum"'), "kind"),
    "a misspelt factor": (('"sanctions_relief"]', '"sanction_relief"]'),
                          "did you mean 'sanctions_relief'"),
    "factors as text": (('factors = ["sanctions_relief"]', 'factors = "sanctions_relief"'),
                        "factors"),
    "an unknown article": (("000_7475e70f1ac1d690.txt", "009.txt"), "source"),
    "an empty quote": (("quote = \"an anti-China alliance between the U.S. and Russia seems "
                        "unlikely for now\"", 'quote = ""'), "quote"),
    "a package id": (("my_pivot_unlikely", "c000_pivot_unlikely_for_now"), "package"),
    "no statement": (('statement = "Russia does not pivot now."\n', ""), "statement"),
    "a misspelt field": (("kind =", "knd ="), "missing kind"),
    "a misspelt table": (("[[claim]]", "[[claims]]"), "did you mean [claim]"),
}


@pytest.mark.parametrize("case", sorted(BAD_CLAIMS))
def test_a_bad_claim_file_is_refused_with_the_claim_named(write, case) -> None:
    from triangle.verdicts.claims import load_claims

    (old, new), words = BAD_CLAIMS[case]
    assert old in CLAIM_FILE
    with pytest.raises(TriangleError) as err:
        load_claims(write(CLAIM_FILE.replace(old, new, 1)))
    assert "mine.toml" in str(err.value) and words in str(err.value), str(err.value)


#: Claim files once accepted silently (or refused with a plain ValueError), each with
#: its mistake and words of the message (the field named).
MORE_BAD_CLAIMS = {
    "no factors": (('factors = ["sanctions_relief"]', "factors = []"),
                   "field 'factors': name at least one factor"),
    "a factor twice": (('factors = ["sanctions_relief"]',
                        'factors = ["sanctions_relief", "sanctions_relief"]'),
                       "field 'factors': the id 'sanctions_relief' is given twice"),
    "contradicts an unknown claim": (('kind = "equilibrium"',
                                      'kind = "equilibrium"\ncontradicts = ["c000_nope"]'),
                                     "field 'contradicts': unknown claim 'c000_nope'"),
    "contradicts a claim given as a number": (('kind = "equilibrium"',
                                               'kind = "equilibrium"\ncontradicts = [3]'),
                                              "field 'contradicts'"),
    "equivalent to itself": (('kind = "equilibrium"',
                              'kind = "equilibrium"\nequivalent_to = ["my_pivot_unlikely"]'),
                             "field 'equivalent_to': a claim cannot name itself"),
    "a negative position": (('kind = "equilibrium"', 'kind = "equilibrium"\nposition = -5'),
                            "field 'position'"),
    "a fractional position": (('kind = "equilibrium"', 'kind = "equilibrium"\nposition = 2.5'),
                              "field 'position'"),
    "a NaN position": (('kind = "equilibrium"', 'kind = "equilibrium"\nposition = nan'),
                       "field 'position'"),
    "a NaN position of a merged quote": (
        ('kind = "equilibrium"', 'kind = "equilibrium"\nalso_quoted = [{source = '
         '"000_7475e70f1ac1d690.txt", quote = "unlikely for now", position = nan}]'),
        "field 'also_quoted'"),
    "an empty id": (('id = "my_pivot_unlikely"', 'id = ""'), "field 'id'"),
    "an id with a space": (('id = "my_pivot_unlikely"', 'id = "my pivot"'), "field 'id'"),
    "an empty file": ((CLAIM_FILE, ""), "no [[claim]] table"),
}


@pytest.mark.parametrize("case", sorted(MORE_BAD_CLAIMS))
def test_more_bad_claim_files_are_refused_with_the_field_named(write, case) -> None:
    from triangle.verdicts.claims import ClaimDataError, load_claims

    (old, new), words = MORE_BAD_CLAIMS[case]
    assert old in CLAIM_FILE
    with pytest.raises(TriangleError) as err:
        load_claims(write(CLAIM_FILE.replace(old, new, 1)))
    assert isinstance(err.value, (ClaimDataError, UnknownNameError)), repr(err.value)
    assert "mine.toml: " in str(err.value) and words in str(err.value), str(err.value)


def test_a_claim_may_contradict_its_files_and_the_packages_claims(write) -> None:
    from triangle.verdicts.claims import claims, load_claims

    package = next(iter(claims))
    second = CLAIM_FILE.replace("my_pivot_unlikely", "my_other")
    text = CLAIM_FILE.replace('kind = "equilibrium"',
                              f'kind = "equilibrium"\ncontradicts = ["my_other", "{package}"]'
                              '\nposition = 0') + second
    mine = load_claims(write(text))
    assert mine["my_pivot_unlikely"].contradicts == ("my_other", package)
    assert mine["my_pivot_unlikely"].position == 0


@pytest.mark.parametrize("ident", ["lambda", "class", "none_"])
def test_a_factor_id_that_is_a_python_keyword(write, ident) -> None:
    text = FACTOR.replace("border_trade", ident)
    if ident == "none_":  # an identifier near a keyword is fine
        assert ident in load_factors(write(text))
        return
    with pytest.raises(RegistryDataError, match=rf"mine\.toml: factor '{ident}', field 'id'"):
        load_factors(write(text))


SCENARIO_FILE = """
[[scenario]]
name = "mine"
title = "Mine"
description = "x"

[[scenario.override]]
factor = "sanctions_relief"
value = 0.9
provenance = "assumed"
reason = "r"
"""

BAD_SCENARIOS = {
    "a year 10**17": (('description = "x"', 'description = "x"\nyear = 99999999999999999'),
                      "year from 1900"),
    "a negative year": (('description = "x"', 'description = "x"\nyear = -5'),
                        "year from 1900"),
    "a fractional year": (('description = "x"', 'description = "x"\nyear = 2025.5'),
                          "field 'year'"),
    "overrides a number": (('[[scenario.override]]\nfactor = "sanctions_relief"\nvalue = 0.9\n'
                            'provenance = "assumed"\nreason = "r"\n', "override = 3\n"),
                           "array of tables"),
    "a base of its own name": (('description = "x"', 'description = "x"\nbase = "mine"'),
                               "base"),
    "a base as a number": (('description = "x"', 'description = "x"\nbase = 3'), "base"),
    "labels a number": (('description = "x"', 'description = "x"\nlabels = 3'), "labels"),
    "an empty label": (('description = "x"', 'description = "x"\nlabels = { Russia = "" }'),
                       "non-empty"),
    "an option as a number": (('description = "x"',
                               'description = "x"\noptions = { china_punishes = 3 }'),
                              "'russia', 'us'"),
    "an option as a list": (('description = "x"',
                             'description = "x"\noptions = { china_punishes = ["us"] }'),
                            "'russia', 'us'"),
    "a NaN region": (('reason = "r"', 'reason = "r"\nregion = [nan, 1.0]'), "region"),
    "a region of text": (('reason = "r"', 'reason = "r"\nregion = ["a", "b"]'), "region"),
    "an infinite low": (('reason = "r"', 'reason = "r"\nlow = -inf\nhigh = 1.0'), "finite"),
    "a low as text": (('reason = "r"', 'reason = "r"\nlow = "0"\nhigh = 1.0'), "field 'low'"),
    "sources of numbers": (('reason = "r"', 'reason = "r"\nsources = [3]'), "sources"),
    "a title as a number": (('title = "Mine"', "title = 3"), "title"),
    "no description": (('description = "x"\n', ""), "description"),
    "scenario a number": ((SCENARIO_FILE, "scenario = 3\n"), "array of tables"),
    "scenario a list of numbers": ((SCENARIO_FILE, "scenario = [1, 2]\n"), "array of tables"),
    "a flag as text": (('reason = "r"', 'reason = "r"\nallow_out_of_range = "yes"'),
                       "allow_out_of_range"),
    "another top-level table": ((SCENARIO_FILE, SCENARIO_FILE + "\n[meta]\nx = 1\n"),
                                "meta"),
}


@pytest.mark.parametrize("case", sorted(BAD_SCENARIOS))
def test_a_bad_scenario_file_is_refused(write, case) -> None:
    from triangle.models.scenarios import Scenario, ScenarioRegistry

    (old, new), words = BAD_SCENARIOS[case]
    assert old in SCENARIO_FILE
    path = write(SCENARIO_FILE.replace(old, new, 1))
    for reader in (Scenario.from_toml, ScenarioRegistry.from_toml):
        with pytest.raises(TriangleError) as err:
            reader(path)
        assert words in str(err.value), str(err.value)
