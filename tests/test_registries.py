"""The one TOML loader and the one registry base: errors name the file, entry and field."""

from __future__ import annotations

import pytest

import triangle as tri
from triangle.errors import ClaimDataError, RegistryDataError, UnknownNameError
from triangle.models.factors import FactorRegistry, parse_factor
from triangle.models.scenarios import ScenarioRegistry
from triangle.models.terms import load_terms
from triangle.registries import Entry, Registry, TomlData, load_toml, package_data_files
from triangle.verdicts.claims import ClaimRegistry


def test_package_files_and_user_files(tmp_path):
    assert {"factors.toml", "terms.toml", "scenarios.toml", "claims.toml", "stances.toml"} <= set(
        package_data_files()
    )
    data = load_toml("claims.toml")
    assert isinstance(data, TomlData) and data.source == "triangle/data/claims.toml"
    mine = tmp_path / "mine.toml"
    mine.write_text('[[term]]\nid = "x"\n', encoding="utf-8")
    for given in (mine, str(mine)):
        assert load_toml(given) == {"term": [{"id": "x"}]}
        assert load_toml(given).source == str(mine)


def test_loader_errors_name_the_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[factor]]\nid = 'x'\nvalue = \n", encoding="utf-8")
    with pytest.raises(RegistryDataError, match=r"bad\.toml: not valid TOML.*line 3"):
        load_toml(bad)
    with pytest.raises(FileNotFoundError, match=r"did you mean 'factors\.toml'"):
        load_toml("factor.toml")
    with pytest.raises(FileNotFoundError, match="no file at that path"):
        load_toml(tmp_path / "absent.toml")


def test_entries_are_checked():
    def data(*items, table="factor"):
        return TomlData({table: list(items)}, source="f.toml")

    with pytest.raises(RegistryDataError, match=r"f\.toml: factor number 2 .* has no 'id'"):
        data({"id": "a"}, {"name": "b"}).entries("factor", kind="factor")
    with pytest.raises(RegistryDataError, match=r"f\.toml: factor 'a': the id 'a' appears more"):
        data({"id": "a"}, {"id": "a"}).entries("factor", kind="factor")
    with pytest.raises(RegistryDataError, match=r"f\.toml: factor 'a': missing unit"):
        data({"id": "a"}).entries("factor", kind="factor", required=("id", "unit"))
    with pytest.raises(RegistryDataError, match=r"factor 'a': unknown fields \['colour'\]"):
        data({"id": "a", "colour": 1}).entries("factor", kind="factor", optional=("unit",))
    with pytest.raises(ClaimDataError, match="array of tables"):
        TomlData({"claim": 3}, source="c.toml").entries("claim", kind="claim", error=ClaimDataError)
    assert TomlData({}, source="e.toml").entries("factor", kind="factor") == []
    entries = data({"id": "a", "unit": "pu"}, {"id": "b"}).entries("factor", kind="factor")
    assert [e.id for e in entries] == ["a", "b"] and entries[0]["unit"] == "pu"
    assert entries[0].where == "f.toml: factor 'a'"


def test_entry_errors_name_entry_and_field():
    e = Entry({"id": "x", "tags": "a", "flag": True}, source="f.toml", kind="claim")
    err = e.error("must be a list.", field="tags")
    assert isinstance(err, RegistryDataError)
    assert str(err) == "f.toml: claim 'x', field 'tags': must be a list."
    with pytest.raises(RegistryDataError, match="field 'tags': expected list; got str"):
        e.field("tags", list)
    with pytest.raises(RegistryDataError, match="field 'flag': expected int"):
        e.field("flag", int)  # true/false is never a number
    assert e.field("absent", str, "default") == "default"
    with pytest.raises(RegistryDataError, match="field 'absent': missing"):
        e.field("absent", str)
    unknown = pytest.raises(UnknownNameError, match=r"^f\.toml: claim 'x': unknown factor 'y'")
    with unknown, e.context():
        raise tri.errors.unknown_name("factor", "y", ["z"])
    with pytest.raises(RegistryDataError, match=r"^f\.toml: claim 'x': bad\.$"), e.context():
        raise RegistryDataError("claim 'x': bad.")  # not named twice


def test_a_malformed_data_file_names_file_entry_and_field(tmp_path):
    raw = dict(load_toml("factors.toml")["factor"][0])
    raw["value"] = 99.0
    entry = TomlData({"factor": [raw]}, source="my_factors.toml").entries("factor", kind="factor")
    with pytest.raises(RegistryDataError, match=rf"^my_factors\.toml: factor '{raw['id']}': "):
        parse_factor(entry[0])
    terms = tmp_path / "my_terms.toml"
    terms.write_text(
        '[[term]]\nid = "us_x"\nplayer = "US"\nexpression = "hedge_depth"\n'
        'description = "a term of mine"\n'
        'sources = [{file = "000_7475e70f1ac1d690.txt"}]\n',
        encoding="utf-8",
    )
    with pytest.raises(RegistryDataError, match=r"my_terms\.toml: term 'us_x', field 'sources'"):
        load_terms(terms)


def test_the_registries_share_one_base():
    for registry, cls, kind in [
        (tri.factors, FactorRegistry, "factor"),
        (tri.scenarios, ScenarioRegistry, "scenario"),
        (tri.claims, ClaimRegistry, "claim"),
    ]:
        assert isinstance(registry, cls) and isinstance(registry, Registry)
        first = next(iter(registry))
        assert registry[first] is next(iter(registry.values()))
        with pytest.raises(UnknownNameError, match=f"unknown {kind} .*did you mean '{first}'"):
            registry[first + "x"]
        assert [] not in registry and first in registry  # unhashable keys are simply absent
        with pytest.raises(TypeError):
            registry[first] = None  # type: ignore[index]
    assert repr(tri.claims) == f"<ClaimRegistry: {len(tri.claims)} claims>"
    assert repr(tri.scenarios).startswith("<ScenarioRegistry: baseline, ")
    assert "cited" in repr(tri.factors)
    with pytest.raises(ClaimDataError, match="appears more than once"):
        ClaimRegistry([tri.claims[first], tri.claims[first]])


@pytest.mark.parametrize("call, words", [
    (lambda: Entry(float("nan")), "fields must be a mapping"),
    (lambda: Entry({"id": "x"}, source=3), "source is a string"),
    (lambda: Entry({"id": "x"}, key=["id"]), "key is a string"),
    (lambda: TomlData([("factor", [])]), "tables must be a mapping"),
    (lambda: TomlData({}, source=None), "source is a string"),
    (lambda: ScenarioRegistry(3), "list or tuple"),
    (lambda: ScenarioRegistry([object()]), "with the attribute 'name'"),
    (lambda: FactorRegistry(["hedge_depth"]), "with the attribute 'id'"),
    (lambda: load_toml(3.5), "package file name or a path"),
    (lambda: load_toml("factor.toml"), "did you mean 'factors.toml'"),
])
def test_the_registry_base_refuses_what_it_cannot_hold(call, words):
    from triangle.errors import TriangleError

    with pytest.raises(TriangleError) as err:
        call()
    assert words in str(err.value), str(err.value)


def test_the_resolvers_refuse_a_non_collection_of_names():
    from triangle.errors import InvalidArgumentTypeError
    from triangle.registries import check_choice, check_names, check_tables, check_unique

    for call in (lambda: check_names("factor", ["a"], 3.0),
                 lambda: check_unique("player", float("nan")),
                 lambda: check_choice("a", "method", None),
                 lambda: check_tables(3, ["factor"]),
                 lambda: check_tables({"factor": []}, "factor")):
        with pytest.raises(InvalidArgumentTypeError):
            call()
    # sets and registries are collections of names too
    assert check_names("factor", ["a"], {"a", "b"}) == ["a"]
    assert check_names("factor", ["hedge_depth"], tri.factors) == ["hedge_depth"]
