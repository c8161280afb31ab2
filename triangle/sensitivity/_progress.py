"""Progress reporting for long runs: off by default, a stderr bar, or the caller's callback."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

Progress = bool | Callable[[int, int], Any] | None


class Reporter:
    """Calls ``callback(done, total)``, or draws a throttled bar on stderr, or does nothing.

    >>> seen = []
    >>> r = Reporter(lambda done, total: seen.append((done, total)), total=10)
    >>> r.advance(4); r.advance(6); r.close()
    >>> seen
    [(4, 10), (10, 10)]
    """

    def __init__(self, progress: Progress, total: int, label: str = "sweep") -> None:
        if progress is not None and not isinstance(progress, bool) and not callable(progress):
            raise TypeError(
                f"progress must be True, False or a callable(done, total); got {progress!r}."
            )
        self._callback = progress if callable(progress) else None
        self._bar = progress is True
        self.total = total
        self.done = 0
        self.label = label
        self._last = 0.0

    def advance(self, count: int) -> None:
        self.done += count
        if self._callback is not None:
            self._callback(self.done, self.total)
        elif self._bar:
            now = time.monotonic()
            if now - self._last > 0.1 or self.done >= self.total:
                self._last = now
                share = self.done / self.total if self.total else 1.0
                filled = int(30 * share)
                sys.stderr.write(
                    f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] "
                    f"{100 * share:5.1f}% ({self.done:,}/{self.total:,})"
                )
                sys.stderr.flush()

    def close(self) -> None:
        if self._bar:
            sys.stderr.write("\n")
            sys.stderr.flush()
