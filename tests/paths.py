"""Paths the tests share: the repository, its docs, the test data and the articles."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
DATA = Path(__file__).resolve().parent / "data"
#: The five articles live in ../shared/sources beside the checkout (absent in some clones).
SOURCES = REPO.parent / "shared" / "sources"
