"""Boundary failures still open in the paper area (see tests/test_boundary.py).

``(module.callable, parameter): (owner, "kind kind ...", reason)``. Remove a line
once the entry point passes; the boundary test fails on any failure not listed.
"""

OPEN: dict[tuple[str, str], tuple[str, str, str]] = {}
