"""CITATION.cff: valid Citation File Format 1.2.0, and the same package as ``cite("triangle")``.

The schema is the official CFF 1.2.0 JSON schema (``$id``
https://citation-file-format.github.io/1.2.0/schema.json), stored in ``tests/data`` so that
the check needs no network.
"""

from __future__ import annotations

import json

import pytest

import triangle as tri
from tests.paths import REPO
from triangle.citations import references

jsonschema = pytest.importorskip("jsonschema")
yaml = pytest.importorskip("yaml")

SCHEMA = REPO / "tests" / "data" / "cff-1.2.0-schema.json"
CFF = REPO / "CITATION.cff"


@pytest.fixture(scope="module")
def cff() -> dict:
    return yaml.safe_load(CFF.read_text(encoding="utf-8"))


def test_the_schema_is_the_official_one():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"
    jsonschema.Draft7Validator.check_schema(schema)


def test_citation_cff_is_valid(cff):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(cff), key=str)
    assert not errors, "\n".join(e.message for e in errors)


def test_the_validator_catches_a_broken_file(cff):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    broken = {k: v for k, v in cff.items() if k != "authors"}
    broken["cff-version"] = "1.2"
    messages = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(broken)]
    assert any("authors" in m for m in messages) and len(messages) >= 2


def test_citation_cff_agrees_with_the_package_entry(cff):
    entry = references["triangle"]
    assert str(cff["version"]) == tri.__version__ == entry.get("version")
    assert cff["title"] == entry.title
    assert [a["name"] for a in cff["authors"]] == list(entry.authors)
    assert str(cff["date-released"]).startswith(entry.year)
    assert tri.__version__ in tri.cite("triangle")
