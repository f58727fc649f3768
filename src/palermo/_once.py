"""Two small concurrency helpers: a value made once, and a pause of the
garbage collector that many threads can share."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["Once", "gc_paused"]

T = TypeVar("T")


class Once(Generic[T]):
    """A value made on first use, once, even when many threads ask at once.

    >>> calls = []
    >>> once = Once(lambda: calls.append(1) or "made")
    >>> once.get(), once.get(), len(calls)
    ('made', 'made', 1)
    """

    __slots__ = ("_lock", "_make", "_value")

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._lock = threading.Lock()
        self._value: T | None = None

    def get(self) -> T:
        """The value, made now if it was not made before."""
        value = self._value
        if value is None:
            with self._lock:
                if self._value is None:
                    self._value = self._make()
                value = self._value
        return value


class _GCPause:
    """A re-entrant, thread-safe pause of the cyclic garbage collector.

    The first thread in turns the collector off (if it was on); the last one
    out turns it back on. Counting under one lock means that loads in many
    threads at once always leave the collector as they found it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._depth = 0
        self._was_enabled = False

    def __enter__(self) -> None:
        with self._lock:
            if self._depth == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._depth += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._depth -= 1
            if self._depth == 0 and self._was_enabled:
                gc.enable()


gc_paused = _GCPause()
"""Use as ``with gc_paused:`` around work that makes many objects and no cycles."""
