"""Who runs next in the query pool: bookkeeping only, no processes and no clock of its own, so that
every rule can be tested step by step. The rules:
- Each query is guessed SHORT, LONG or HEAVY before it runs (graph/sparql/cost.py: what the same
  text cost last time, else its shape). HEAVY ones (cross products, and queries known to run past
  `light_s`) wait for the heavy lane (`heavy` places) and never take a worker meant for others.
- The pool keeps `workers + heavy` processes. LONG and HEAVY queries together leave one process
  to SHORT ones, so a lookup never waits behind a scan, only behind other lookups.
- A query whose worker has spent `light_s` (1 s) of CPU on it moves to the heavy lane; if the lane
  is full it is stopped at once (503 + Retry-After, `Overloaded`). CPU time, not wall-clock time:
  on a machine busy with other work a lookup takes longer but costs the same. A SHORT query past
  `short_s` of CPU counts as LONG. A worker's CPU priority follows its query's lane (nice 0, 5,
  10), so on two cores the server and the lookups get the processor first.
- The waiting line is ordered by a key: arrival time, plus a delay for LONG (0.25 s) and HEAVY
  (1 s) queries (short queries first, but a long one that has waited does not starve), plus 0.1 s
  for each query of the same client already waiting (clients take turns). A client runs at most
  `workers - 1` (at least one) queries outside the heavy lane at a time.
- At most `queue` queries wait. When one more arrives, the client with the most queries waiting
  gives way: its newest waiting query is refused (503), unless the newcomer's client has nearly as
  many waiting, then the newcomer is. A query waits at most `timeout_s` for a worker (503).

Separate from `pool` (which runs the processes and measures them) because these rules are pure
decisions over tickets and counts.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cablegraph.graph.sparql.cost import Cost

if TYPE_CHECKING:
    from cablegraph.graph.query.worker_process import WorkerProcess


@dataclass(eq=False)
class Ticket:
    """One query in line or running: who asked, its guessed cost, and the lane it counts in."""

    client: str | None
    cost: Cost
    arrived: float
    key: float = 0.0
    lane: Cost | None = None  # set while running: the cost it is counted as
    future: asyncio.Future[WorkerProcess] | None = None
    cpu_s: float = 0.0  # CPU time its worker has spent on it, as last seen


class QueueFull(Exception):
    """The newcomer gives way: the line is full and its client has as many waiting as any."""


@dataclass
class Scheduler:
    """Who runs next: bookkeeping only (no processes, no clock of its own), so that every rule
    can be tested step by step. `size` processes; at most `heavy` queries in the heavy lane; LONG
    and HEAVY queries leave `reserve` processes to SHORT ones; a client has at most `client_share`
    queries running outside the heavy lane; at most `queue` wait."""

    size: int
    heavy: int
    queue: int
    client_share: int
    reserve: int = 1
    long_delay_s: float = 0.25
    heavy_delay_s: float = 1.0
    client_step_s: float = 0.1
    waiting: list[Ticket] = field(default_factory=list)
    lanes: dict[Cost, int] = field(default_factory=lambda: dict.fromkeys(Cost, 0))
    _client_light: dict[str | None, int] = field(default_factory=dict)
    _client_waiting: dict[str | None, int] = field(default_factory=dict)

    def admit(self, ticket: Ticket) -> Ticket | None:
        """Put the ticket in line. Returns a waiting ticket of another client that gives way for it
        when the line is full; raises QueueFull when the newcomer itself must."""
        if ticket.cost is Cost.HEAVY and self.heavy == 0:
            ticket.cost = Cost.LONG  # no heavy lane: it runs as a long query until the time limit
        ahead = self._client_waiting.get(ticket.client, 0)
        delay = {Cost.SHORT: 0.0, Cost.LONG: self.long_delay_s, Cost.HEAVY: self.heavy_delay_s}[ticket.cost]
        ticket.key = ticket.arrived + delay + ahead * self.client_step_s
        if len(self.waiting) < self.queue or self._startable(ticket):
            self._enqueue(ticket)
            return None
        crowded = max(self._client_waiting, key=lambda client: self._client_waiting[client], default=None)
        if crowded is None or crowded == ticket.client or self._client_waiting[crowded] < ahead + 2:
            raise QueueFull
        newest = max((t for t in self.waiting if t.client == crowded), key=lambda t: t.arrived)
        self.withdraw(newest)
        self._enqueue(ticket)
        return newest

    def _enqueue(self, ticket: Ticket) -> None:
        self.waiting.append(ticket)
        self._client_waiting[ticket.client] = self._client_waiting.get(ticket.client, 0) + 1

    def _startable(self, ticket: Ticket) -> bool:
        """Could start now, if a process is idle (a newcomer that can start never counts as waiting)."""
        return self.lanes[Cost.SHORT] + self.lanes[Cost.LONG] + self.lanes[Cost.HEAVY] < self.size and self._eligible(
            ticket
        )

    def _eligible(self, ticket: Ticket) -> bool:
        if ticket.cost is not Cost.HEAVY and self._client_light.get(ticket.client, 0) >= self.client_share:
            return False
        if ticket.cost is Cost.SHORT:
            return True
        if self.lanes[Cost.LONG] + self.lanes[Cost.HEAVY] >= self.size - self.reserve:
            return False
        return ticket.cost is Cost.LONG or self.lanes[Cost.HEAVY] < self.heavy

    def next(self) -> Ticket | None:
        """The waiting ticket to start on an idle process (smallest key among those allowed to
        start), now counted as running; None when none may start."""
        best = None
        for ticket in self.waiting:
            if (best is None or ticket.key < best.key) and self._eligible(ticket):
                best = ticket
        if best is None:
            return None
        self.withdraw(best)
        best.lane = best.cost
        self.lanes[best.lane] += 1
        if best.lane is not Cost.HEAVY:
            self._client_light[best.client] = self._client_light.get(best.client, 0) + 1
        return best

    def withdraw(self, ticket: Ticket) -> None:
        """Out of line (started, timed out, cancelled or given way); a no-op when it is not in line."""
        try:
            self.waiting.remove(ticket)
        except ValueError:
            return
        left = self._client_waiting.get(ticket.client, 0) - 1
        if left > 0:
            self._client_waiting[ticket.client] = left
        else:
            self._client_waiting.pop(ticket.client, None)  # memory stays bounded by the clients in line

    def overran(self, ticket: Ticket) -> None:
        """A SHORT query that has run past short_s counts as LONG from now on."""
        if ticket.lane is Cost.SHORT:
            self.lanes[Cost.SHORT] -= 1
            self.lanes[Cost.LONG] += 1
            ticket.lane = Cost.LONG

    def promote(self, ticket: Ticket) -> bool:
        """Move a running query to the heavy lane; False when the lane is full, or when a short
        query moving there would take the process kept for short ones (long ones hold the rest)."""
        if ticket.lane is Cost.HEAVY:
            return True
        if self.lanes[Cost.HEAVY] >= self.heavy:
            return False
        if ticket.lane is Cost.SHORT and self.lanes[Cost.LONG] + self.lanes[Cost.HEAVY] >= self.size - self.reserve:
            return False
        assert ticket.lane is not None, "only a running query is promoted"
        self.lanes[ticket.lane] -= 1
        self.lanes[Cost.HEAVY] += 1
        ticket.lane = Cost.HEAVY
        self._release_light(ticket.client)
        return True

    def finished(self, ticket: Ticket) -> None:
        if ticket.lane is None:
            return
        self.lanes[ticket.lane] -= 1
        if ticket.lane is not Cost.HEAVY:
            self._release_light(ticket.client)
        ticket.lane = None

    def _release_light(self, client: str | None) -> None:
        held = self._client_light.get(client, 0) - 1
        if held > 0:
            self._client_light[client] = held
        else:
            self._client_light.pop(client, None)
