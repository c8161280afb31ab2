"""Test ids that are the same in every process.

pytest-xdist stops a run whose workers collect different test ids, and ``ids=repr`` of an
``object()`` holds its memory address, which differs between processes.
"""

from __future__ import annotations

import re
from typing import Any

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def stable_repr(value: Any) -> str:
    """``repr(value)`` without memory addresses.

    >>> stable_repr(object())
    '<object object>'
    >>> stable_repr({1, 2})
    '{1, 2}'
    """
    return _ADDRESS.sub("", repr(value))
