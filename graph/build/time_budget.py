"""A wall-clock budget for the work on one document.

A text no rule was written for (a megabyte of whitespace, a pasted log) must not stall a build:
past its budget the document is held back with that reason and the rest load. SIGALRM interrupts
Python code and the regular-expression engine alike; it only reaches the main thread, so the
budget holds where builds extract (the main thread, or a worker process's main thread) and is
skipped, with nothing lost, elsewhere.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import NoReturn


class OverBudget(BaseException):
    """A BaseException, like KeyboardInterrupt: a library's `except Exception` (a lazy model load
    that falls back on failure) must not swallow it and run on past the budget."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"extraction took longer than {seconds:g} s (CABLEGRAPH_EXTRACT_TIMEOUT_S)")


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise OverBudget in the block once `seconds` have passed (None or 0: no budget)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> NoReturn:
        raise OverBudget(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
