"""Optional dependencies (SALib, matplotlib, Dask), imported only when a function needs them."""

from __future__ import annotations

import importlib
from types import ModuleType

from triangle.errors import MissingDependencyError

__all__ = ["MissingDependencyError", "require"]


def require(module: str, extra: str, feature: str) -> ModuleType:
    """Import ``module`` or raise a :class:`MissingDependencyError` naming the extra to install.

    >>> require("numpy", "core", "arrays").__name__
    'numpy'
    >>> require("not_a_module_xyz", "plot", "plots")
    Traceback (most recent call last):
    ...
    triangle.errors.MissingDependencyError: plots need ... "strategic-triangle[plot]"
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingDependencyError(
            f"{feature} need the optional dependency {module.split('.')[0]!r}; install it "
            f'with: pip install "strategic-triangle[{extra}]"'
        ) from None
