"""A griffe extension for the API page: the package's docstrings as the numpydoc reader meant.

The docstrings are written for ``help()``, doctest and numpydoc; griffe's numpy parser
reads three habits of theirs differently. This extension rewrites each docstring before
it is parsed (the source files are not touched):

- Sphinx roles (``:func:`x```, ``:class:`~a.B```) become code spans (griffe would
  print the role literally).
- Doctest blocks outside an ``Examples`` section are fenced as ``pycon`` code, so that
  Markdown neither joins their lines into a paragraph nor reads ``x[0][1]`` as a link.
  A doctest block that follows a ``Parameters``-like section opens an ``Examples``
  section (griffe would otherwise read ``>>> ...`` as parameters).
- Prose after a ``Parameters``-like section opens a ``Notes`` section (griffe would read
  each of its lines as a parameter that the signature does not have).

mkdocs.yml loads it (``extensions: [scripts/griffe_numpydoc.py]``).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

SECTIONS = {
    "parameters", "other parameters", "returns", "yields", "receives", "raises", "warns",
    "attributes", "methods", "functions", "classes", "modules", "examples", "notes",
    "references", "see also", "warnings",
}
LISTS = {"parameters", "other parameters", "returns", "yields", "receives", "raises", "warns",
         "attributes", "methods", "functions", "classes", "modules"}
ROLE = re.compile(r":(?:py:)?(?:func|class|meth|mod|attr|data|exc|obj|const|term|ref)"
                  r":`(~?)([^`]+)`")
# An entry of a list section: ``name``, ``a, b``, ``*args``, ``name : type``.
ENTRY = re.compile(r"\*{0,2}[A-Za-z_][\w.]*(\s*,\s*\*{0,2}[A-Za-z_][\w.]*)*(\s*:.*)?")


def _role(m: re.Match[str]) -> str:
    tilde, target = m.groups()
    if "<" in target and target.endswith(">"):  # :func:`text <target>`
        return f"`{target.split('<')[0].strip()}`"
    return f"`{target.rsplit('.', 1)[-1] if tilde else target}`"


def _header(lines: list[str], i: int) -> str | None:
    if i + 1 < len(lines) and re.fullmatch(r"\s*-{3,}\s*", lines[i + 1]):
        name = lines[i].strip().lower()
        if name in SECTIONS:
            return name
    return None


def rewrite(text: str) -> str:
    r"""The docstring as griffe's numpy parser should read it.

    >>> print(rewrite("See :func:`~a.b.f`.\n\n>>> f(1)\n2"))
    See `f`.
    <BLANKLINE>
    ```pycon
    >>> f(1)
    2
    ```
    """
    text = ROLE.sub(_role, text)
    lines = text.splitlines()
    out: list[str] = []
    section: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        name = _header(lines, i)
        if name:
            section = name
            out += [line, lines[i + 1]]
            i += 2
            continue
        stripped = line.lstrip()
        top = len(line) == len(stripped)
        after_blank = not out or not out[-1].strip()
        if section in LISTS and top and after_blank and stripped:
            if stripped.startswith(">>>"):
                out += ["Examples", "--------"]
                section = "examples"
            elif not ENTRY.fullmatch(stripped):
                out += ["Notes", "-----"]
                section = "notes"
        if stripped.startswith(">>>") and section != "examples" and after_blank:
            indent = line[: len(line) - len(stripped)]
            block = []
            while i < len(lines) and lines[i].strip():
                block.append(lines[i])
                i += 1
            out += [f"{indent}```pycon", *block, f"{indent}```"]
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


class NumpydocDocstrings(griffe.Extension):
    """Rewrite every docstring with :func:`rewrite` before griffe parses it."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = rewrite(obj.docstring.value)
