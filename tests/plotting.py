"""Matplotlib for the tests that draw, imported when one draws rather than at collection.

Importing pyplot costs about half a second, and every pytest-xdist worker collects every
test module; the tests that draw and the docstring examples that draw (the ``pyplot``
group, :data:`PYPLOT` and ``PYPLOT_DOCTESTS`` in ``tests/conftest.py``) run in one worker,
so only that worker imports it.
"""

from __future__ import annotations

from types import ModuleType

import pytest

#: The xdist group of every test that draws.
PYPLOT = pytest.mark.xdist_group("pyplot")


def pyplot() -> ModuleType:
    """``matplotlib.pyplot`` on the Agg backend (no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt
