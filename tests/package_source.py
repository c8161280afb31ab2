"""The package's modules, parsed once per process (the layer and citation-key tests).

Both tests walk the syntax tree of every module of ``triangle``; they share one xdist
worker (the ``layers`` group) and these parses.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path


@functools.cache
def parsed(path: Path) -> ast.Module:
    """The module at ``path``, parsed (shared: callers only read the tree)."""
    return ast.parse(path.read_text(encoding="utf-8"))
