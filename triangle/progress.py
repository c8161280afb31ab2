"""Progress reporting for long runs: off by default, a bar on stderr, or the caller's callback.

One reporter for every layer (solvers, sweeps, claim robustness): ``progress`` is ``None``
or ``False`` (silent), ``True`` (a throttled bar on stderr) or a callable ``(done, total)``.

>>> seen = []
>>> r = Reporter(lambda done, total: seen.append((done, total)), total=10)
>>> r.advance(4); r.advance(6); r.close()
>>> seen
[(4, 10), (10, 10)]
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from triangle.errors import InvalidProgressError

__all__ = ["Progress", "Reporter", "check_progress"]

#: What a ``progress=`` argument takes.
Progress = bool | Callable[[int, int], Any] | None


def check_progress(progress: Any) -> Progress:
    """Return ``progress`` if it is None, a bool or a callable ``(done, total)``, else raise.

    >>> check_progress(True)
    True
    >>> check_progress("yes")
    Traceback (most recent call last):
    ...
    triangle.errors.InvalidProgressError: progress must be True, False, None or a callable...
    """
    if progress is None or isinstance(progress, bool) or callable(progress):
        return progress
    raise InvalidProgressError(
        f"progress must be True, False, None or a callable(done, total); got {progress!r}."
    )


class Reporter:
    """Calls ``callback(done, total)``, or draws a throttled bar on stderr, or does nothing.

    >>> seen = []
    >>> r = Reporter(lambda done, total: seen.append((done, total)), total=10)
    >>> r.advance(4); r.advance(6); r.close()
    >>> seen
    [(4, 10), (10, 10)]
    """

    def __init__(self, progress: Progress, total: int, label: str = "working") -> None:
        progress = check_progress(progress)
        self._callback = progress if callable(progress) else None
        self._bar = progress is True
        self.total = total
        self.done = 0
        self.label = label
        self._last = 0.0
        self._drawn = False

    def advance(self, count: int) -> None:
        """Record ``count`` more units done and report (a bar redraws at most every 0.1 s)."""
        if count <= 0:
            return
        self.done = min(self.total, self.done + count) if self.total else self.done + count
        if self._callback is not None:
            self._callback(self.done, self.total)
        elif self._bar:
            now = time.monotonic()
            if now - self._last > 0.1 or self.done >= self.total:
                self._last = now
                self._drawn = True
                share = self.done / self.total if self.total else 1.0
                filled = int(30 * share)
                sys.stderr.write(
                    f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] "
                    f"{100 * share:5.1f}% ({self.done:,}/{self.total:,})"
                )
                sys.stderr.flush()

    def close(self) -> None:
        """End the bar's line (also after an interruption)."""
        if self._bar and self._drawn:
            sys.stderr.write("\n")
            sys.stderr.flush()
