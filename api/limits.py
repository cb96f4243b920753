"""Per-client budgets: query seconds and errors per minute, after the limits WDQS publishes, and
queries at once.

A client over budget is answered 429 with Retry-After; others are unaffected. Each client's
window keeps a running total, so checking a budget costs the same at 1 or 1,000 queries a second.
The seconds charged are engine seconds (the pool's `EngineClock`): time spent waiting for a worker
is the server's doing, and charging it made well-behaved clients pay for a busy server. Because a
budget is only charged when a query ends, a burst of queries sent at once would all pass the check;
`ClientSlots` limits how many one client has in flight, as they arrive.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field

WINDOW_S = 60.0


@dataclass
class _Window:
    """Charges of the last WINDOW_S seconds, oldest first, and their running sum."""

    charges: deque[tuple[float, float]] = field(default_factory=deque)
    total: float = 0.0
    failures: deque[float] = field(default_factory=deque)

    def expire(self, now: float) -> None:
        cutoff = now - WINDOW_S
        while self.charges and self.charges[0][0] <= cutoff:
            self.total -= self.charges.popleft()[1]
        while self.failures and self.failures[0] <= cutoff:
            self.failures.popleft()
        if not self.charges:
            self.total = 0.0  # no drift from float subtraction

    @property
    def empty(self) -> bool:
        return not self.charges and not self.failures


@dataclass
class ClientBudget:
    query_seconds: float
    errors: int
    _windows: dict[str, _Window] = field(default_factory=dict)

    def retry_after(self, client: str, now: float | None = None) -> int | None:
        """Seconds the client must wait, or None when it may query now."""
        now = time.monotonic() if now is None else now
        window = self._windows.get(client)
        if window is None:
            return None
        window.expire(now)
        if window.empty:
            del self._windows[client]  # forget quiet clients: memory stays bounded by the active ones
            return None
        if window.total >= self.query_seconds:
            return max(1, int(window.charges[0][0] + WINDOW_S - now) + 1)
        if len(window.failures) >= self.errors:
            return max(1, int(window.failures[0] + WINDOW_S - now) + 1)
        return None

    def charge(self, client: str, seconds: float, failed: bool, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        window = self._windows.setdefault(client, _Window())
        window.charges.append((now, seconds))
        window.total += seconds
        if failed:
            window.failures.append(now)


@dataclass
class ClientSlots:
    """Queries each client has running or waiting; at most `limit` at once."""

    limit: int
    _held: dict[str, int] = field(default_factory=dict)

    def acquire(self, client: str) -> bool:
        """Take a slot for the client, or False when it has `limit` queries in flight already."""
        held = self._held.get(client, 0)
        if held >= self.limit:
            return False
        self._held[client] = held + 1
        return True

    def release(self, client: str) -> None:
        held = self._held.get(client, 0) - 1
        if held > 0:
            self._held[client] = held
        else:
            self._held.pop(client, None)  # memory stays bounded by the clients with queries in flight

    def held(self, client: str) -> int:
        return self._held.get(client, 0)


@dataclass
class HeavyLane:
    """Queries shaped like cross products (graph.query_cost: HEAVY) running where no worker pool
    schedules them (a remote engine, or queries in the server process): at most `limit` at once,
    the rest 503, so a few runaway queries cannot take every connection the engine will serve.
    Used from the event loop only, like ClientSlots."""

    limit: int
    running: int = 0

    def enter(self) -> bool:
        if self.running >= self.limit:
            return False
        self.running += 1
        return True

    def leave(self) -> None:
        self.running = max(0, self.running - 1)
