"""Per-client budgets: query seconds and errors per minute, after the limits WDQS publishes.

A client over budget is answered 429 with Retry-After; others are unaffected.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from dataclasses import dataclass, field

WINDOW_S = 60.0


@dataclass
class ClientBudget:
    query_seconds: float
    errors: int
    _spent: dict[str, deque[tuple[float, float]]] = field(default_factory=lambda: defaultdict(deque))
    _failed: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))

    def retry_after(self, client: str, now: float | None = None) -> int | None:
        """Seconds the client must wait, or None when it may query now."""
        now = time.monotonic() if now is None else now
        spent, failed = self._spent[client], self._failed[client]
        while spent and spent[0][0] <= now - WINDOW_S:
            spent.popleft()
        while failed and failed[0] <= now - WINDOW_S:
            failed.popleft()
        if sum(seconds for _, seconds in spent) >= self.query_seconds:
            return max(1, int(spent[0][0] + WINDOW_S - now) + 1)
        if len(failed) >= self.errors:
            return max(1, int(failed[0] + WINDOW_S - now) + 1)
        return None

    def charge(self, client: str, seconds: float, failed: bool, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        self._spent[client].append((now, seconds))
        if failed:
            self._failed[client].append(now)
