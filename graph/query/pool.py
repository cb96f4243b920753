"""Untrusted SPARQL runs in worker processes that can be killed.

pyoxigraph cannot cancel a query, and a query that burns the CPU keeps burning after
the client has gone; so each query goes to a worker process holding a read-only handle
on the store. A worker that overruns the wall-clock limit is killed and replaced; the
next query is answered at once by another worker; so is one whose memory grows past its
limit (a cross product can take gigabytes in seconds).

Which query runs next is decided by a `Scheduler` (below), so that a few runaway queries cannot
starve the lookups and no client can crowd out the others:
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

Each query reports its engine time (from the hand-over to the worker to its answer, never the
time waiting for one) on an `EngineClock`, which is what a client is charged for.

Known-small queries run in the server process (`inline_s`, issue 21): a query text that has run
to completion in a worker (sandboxed, killable) using at most `inline_s` of CPU, with an answer of
at most `INLINE_MAX_BYTES`, is run again on the server's own read-only handle, on the event loop,
without queueing: the store does not change while served, so the same text does the same work. A
lookup then costs no process hop (two wake-ups and a pipe each way), which on a busy machine was
most of its latency. A text that ever takes more than four times `inline_s` there (wall-clock
time) goes back to the workers; one that fails too.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing as mp
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from cablegraph.graph.errors import GraphError, QueryError, StoreError
from cablegraph.graph.sparql.cost import Cost, CostBook
from cablegraph.graph.query.execute import QueryAnswer, QueryJob, execute

_CONTEXT = mp.get_context("spawn")  # fork is unsafe with the server's threads
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_WATCH_S = 0.1  # how often a running query's worker memory is looked at
INLINE_MAX_BYTES = 256 * 1024  # largest answer a query run in the server process may have had in a worker
_INLINE_KEPT = 4096  # query texts remembered as small enough to run in the server process


class Overloaded(GraphError):
    """Every worker is busy and the queue is full, or a query turned heavy while the heavy lane was full."""

    def __init__(self, retry_after: int, message: str = "all query workers are busy; retry later") -> None:
        self.retry_after = retry_after
        super().__init__(message)


@dataclass
class EngineClock:
    """Seconds a query spent in a worker: what its client is charged, whatever it waited before."""

    seconds: float = 0.0


def _worker_main(store_path: str, conn, parent_pid: int) -> None:  # runs in the child process
    from cablegraph.graph.query.sandbox import die_with_parent, forbid_network
    from cablegraph.graph.store.embedded import GraphStore

    die_with_parent(parent_pid)
    forbid_network()
    store = GraphStore.open(store_path, read_only=True)
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        started = time.process_time()  # the query's CPU time goes back with its answer: what it costs, however busy the machine
        try:
            answer = ("ok", execute(store, job))
        except QueryError as error:
            answer = ("query", (str(error), error.kind, error.line, error.column))
        except StoreError as error:
            answer = ("store", str(error))
        except Exception as error:  # report, stay alive for the next query
            answer = ("query", (f"query failed: {error}", "evaluation", None, None))
        conn.send((*answer, time.process_time() - started))


class _Worker:
    """A query process. Started from the event loop's thread: the kernel's parent-death signal
    follows the thread that started a child, and executor threads come and go."""

    def __init__(self, store_path: Path) -> None:
        parent, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=_worker_main, args=(str(store_path), child, os.getpid()), daemon=True)
        self.process.start()
        child.close()
        self.conn = parent
        self.niceness = 0

    def renice(self, niceness: int) -> bool:
        """Set the worker's CPU priority; False where the kernel does not allow it."""
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid, niceness)
        except OSError:  # raising a priority again needs CAP_SYS_NICE; or the process is gone
            return False
        self.niceness = niceness
        return True

    def wait_ready(self, timeout: float = 120.0) -> _Worker:
        """Block until the child has opened the store, so its start-up never counts against a query."""
        if not self.conn.poll(timeout) or self.conn.recv()[0] != "ready":
            raise StoreError(f"query worker did not start within {timeout:g} s")
        return self

    def rss_bytes(self) -> int:
        """Resident memory of the worker (0 where /proc cannot tell)."""
        try:
            with open(f"/proc/{self.process.pid}/statm", "rb") as statm:
                return int(statm.read().split()[1]) * _PAGE
        except (OSError, ValueError, IndexError):
            return 0

    def cpu_seconds(self) -> float | None:
        """CPU time the worker has used so far (None where /proc cannot tell)."""
        try:
            with open(f"/proc/{self.process.pid}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime
        except (OSError, ValueError, IndexError):
            return None

    def kill(self) -> None:
        self.process.kill()
        self.process.join(2)
        self.conn.close()


@dataclass
class PoolStats:
    completed: int = 0
    timed_out: int = 0
    out_of_memory: int = 0
    refused: int = 0  # waited past timeout_s, or gave way in a full line
    replaced: int = 0
    shed_heavy: int = 0  # stopped on turning heavy while the heavy lane was full
    heavy_now: int = 0
    inline: int = 0  # queries run in the server process (known small)
    started: dict[str, int] = field(default_factory=lambda: {cost.name: 0 for cost in Cost})  # queries handed to a worker, by guessed cost


@dataclass(eq=False)
class Ticket:
    """One query in line or running: who asked, its guessed cost, and the lane it counts in."""

    client: str | None
    cost: Cost
    arrived: float
    key: float = 0.0
    lane: Cost | None = None  # set while running: the cost it is counted as
    future: asyncio.Future | None = None
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
    lanes: dict[Cost, int] = field(default_factory=lambda: {cost: 0 for cost in Cost})
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
        return self.lanes[Cost.SHORT] + self.lanes[Cost.LONG] + self.lanes[Cost.HEAVY] < self.size and self._eligible(ticket)

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


_NICENESS = {Cost.SHORT: 0, Cost.LONG: 5, Cost.HEAVY: 10}  # CPU priority of a worker by its query's lane (0: the server's)


def _may_raise_priority() -> bool:
    """Whether this process may give a worker its priority back after lowering it: root, the
    CAP_SYS_NICE capability, or an RLIMIT_NICE that reaches niceness 0."""
    if os.geteuid() == 0:
        return True
    try:
        import resource

        if resource.getrlimit(resource.RLIMIT_NICE)[0] >= 20:
            return True
        with open("/proc/self/status", encoding="ascii") as status:
            effective = next(line for line in status if line.startswith("CapEff:"))
        return bool(int(effective.split()[1], 16) >> 23 & 1)  # CAP_SYS_NICE
    except (OSError, ValueError, StopIteration, AttributeError):
        return False


class QueryPool:
    def __init__(self, store_path: Path, workers: int = 2, queue: int = 64, timeout_s: float = 30.0, memory_mb: int | None = None,
                 heavy: int = 1, light_s: float = 1.0, short_s: float | None = None, inline_store=None, inline_s: float = 0.0) -> None:
        """`inline_store`, `inline_s`: the server's read-only store and the CPU time under which a
        query known from a worker runs on it in this process (0: every query goes to a worker)."""
        self.store_path = store_path
        self.inline_store = inline_store if inline_s > 0 else None
        self.inline_s = inline_s
        self._inline: OrderedDict[bytes, None] = OrderedDict()
        self.memory_bytes = memory_mb * 1024 * 1024 if memory_mb else None
        self.size = workers + heavy
        self.heavy_limit = heavy
        self.light_s = light_s
        self.short_s = short_s if short_s is not None else light_s / 20
        self.queue_limit = queue
        self.timeout_s = timeout_s
        self.client_share = max(1, workers - 1)  # no client may take every light worker
        self.scheduler = Scheduler(self.size, heavy, queue, self.client_share, reserve=1 if self.size > 1 else 0)
        self.costs = CostBook()
        self.stats = PoolStats()
        self._may_raise = _may_raise_priority()
        self._idle: list[_Worker] | None = None
        self._all: set[_Worker] = set()
        self._spare: _Worker | None = None
        self._lock = threading.Lock()

    async def start(self) -> None:
        """Start the workers and one warm spare, and wait until all have opened the store."""
        self._idle = []
        loop = asyncio.get_running_loop()
        workers = [_Worker(self.store_path) for _ in range(self.size + 1)]
        for worker in workers:
            await loop.run_in_executor(None, worker.wait_ready)
            self._all.add(worker)
        self._spare = workers.pop()
        self._idle.extend(workers)

    def close(self) -> None:
        for worker in list(self._all):
            worker.kill()
        self._all.clear()

    @property
    def busy(self) -> int:
        return self.size - (len(self._idle) if self._idle is not None else 0)

    def _overloaded(self, message: str = "all query workers are busy; retry later") -> Overloaded:
        self.stats.refused += 1
        return Overloaded(max(1, int(self.timeout_s / 2)), message)

    async def run(self, job: QueryJob, clock: EngineClock | None = None, client: str | None = None) -> QueryAnswer:
        """The job's answer; `clock` gets the seconds the job spent in a worker, whether it succeeds or not."""
        assert self._idle is not None, "QueryPool.start() was not awaited"
        clock = clock if clock is not None else EngineClock()
        loop = asyncio.get_running_loop()
        key = _cost_key(job)
        if self.inline_store is not None and self._inline:
            digest = CostBook._key(key)
            if digest in self._inline:
                return self._run_inline(job, digest, clock)
        ticket = Ticket(client, self.costs.cost(key, self.short_s, self.light_s), loop.time(), future=loop.create_future())
        try:
            gave_way = self.scheduler.admit(ticket)
        except QueueFull:
            raise self._overloaded(f"{self.queue_limit} queries are waiting for a worker, and this client has as many of them as any") from None
        if gave_way is not None and not gave_way.future.done():
            gave_way.future.set_exception(self._overloaded("the queue is full and this client has the most queries waiting; retry later"))
        self._dispatch()
        try:
            async with asyncio.timeout(self.timeout_s):
                worker = await ticket.future
        except TimeoutError:
            self._abandon(ticket)
            raise self._overloaded() from None
        except BaseException:  # given way (Overloaded), or cancelled: the client went away
            self._abandon(ticket)
            raise
        self.stats.started[ticket.cost.name] += 1
        try:
            return await self._run_on(worker, job, clock, ticket, key)
        finally:
            self.scheduler.finished(ticket)
            self._sync()
            self._dispatch()

    def _run_inline(self, job: QueryJob, digest: bytes, clock: EngineClock) -> QueryAnswer:
        """Run a known-small query on the server's store, in this thread (see the module's docstring)."""
        self._inline.move_to_end(digest)
        started = time.monotonic()  # wall-clock time: the thread's CPU clock is a system call, dear in some sandboxes
        try:
            answer = execute(self.inline_store, job)
        except BaseException:
            self._inline.pop(digest, None)  # not what it was in the worker: back to the workers
            raise
        finally:
            took = time.monotonic() - started
            clock.seconds += took
        if took > 4 * self.inline_s:  # (or a busy machine: then a worker measures it again)
            self._inline.pop(digest, None)
        self.stats.inline += 1
        return answer

    def _remember_small(self, key: str, cpu_s: float, answer: QueryAnswer) -> None:
        if self.inline_store is None or cpu_s > self.inline_s or len(answer.body) > INLINE_MAX_BYTES:
            return
        self._inline[CostBook._key(key)] = None
        while len(self._inline) > _INLINE_KEPT:
            self._inline.popitem(last=False)

    def _dispatch(self) -> None:
        """Start waiting queries on idle workers, best first."""
        while self._idle:
            ticket = self.scheduler.next()
            if ticket is None:
                break
            if ticket.future.done():  # its wait ended (cancelled) just now: not started after all
                self.scheduler.finished(ticket)
                continue
            ticket.future.set_result(self._idle.pop())
        self._sync()

    def _abandon(self, ticket: Ticket) -> None:
        """The ticket's wait ended without running: out of line, and a worker it was handed goes back."""
        self.scheduler.withdraw(ticket)
        future = ticket.future
        if future.done() and not future.cancelled() and future.exception() is None:
            self.scheduler.finished(ticket)
            self._idle.append(future.result())
        self._dispatch()

    def _sync(self) -> None:
        self.stats.heavy_now = self.scheduler.lanes[Cost.HEAVY]

    async def _run_on(self, worker: _Worker, job: QueryJob, clock: EngineClock, ticket: Ticket, key: str) -> QueryAnswer:
        if not worker.process.is_alive():  # died while idle (killed from outside): not this query's fault
            worker = await self._replace(worker)
        try:
            status, payload, ticket.cpu_s = await self._call(worker, job, clock, ticket)
        except _WorkerLost as lost:
            # Stopped past the light lane's time, or for its memory: heavy next time. Stopped at the time
            # limit, it is charged the CPU it had: on a machine busy with other work that may be little.
            self.costs.record(key, ticket.cpu_s if lost.timed_out else max(ticket.cpu_s, self.light_s))
            self._idle.append(await self._replace(worker))
            if lost.lane_full:
                self.stats.shed_heavy += 1
                raise Overloaded(max(1, int(self.timeout_s / 2)), f"the query ran past {self.light_s:g} s while the {self.heavy_limit} "
                                 "slot(s) for long queries were taken, and was stopped; retry later") from None
            if lost.memory:
                self.stats.out_of_memory += 1
                limit = self.memory_bytes // (1024 * 1024) if self.memory_bytes else 0
                raise QueryError(f"the query needed more than the {limit} MiB a query may use and was stopped", "memory") from None
            if lost.timed_out:
                self.stats.timed_out += 1
                raise QueryError(f"the query ran longer than the {self.timeout_s:g} s limit and was stopped", "timeout") from None
            raise QueryError("the query worker stopped unexpectedly", "crashed") from None
        self.costs.record(key, ticket.cpu_s)
        self._idle.append(await self._restored(worker))
        self.stats.completed += 1
        if status == "ok":
            self._remember_small(key, ticket.cpu_s, payload)
            return payload
        if status == "store":
            raise StoreError(payload)
        message, kind, line, column = payload
        raise QueryError(message, kind, line, column)

    def _prioritise(self, worker: _Worker, ticket: Ticket) -> None:
        """A worker's CPU priority follows its query's lane, so that on two cores the server and
        the lookups get the processor before a scan, and a scan before a cross product. A long
        query's worker is lowered only where its priority can be given back afterwards; a heavy
        one's always (where it cannot be given back, the worker is replaced after its query)."""
        niceness = _NICENESS[ticket.lane]
        if niceness > worker.niceness and (ticket.lane is Cost.HEAVY or self._may_raise):
            worker.renice(niceness)

    async def _restored(self, worker: _Worker) -> _Worker:
        """The worker at the server's CPU priority again; where raising a priority is not allowed
        (it needs CAP_SYS_NICE), the warm spare takes its place."""
        if worker.niceness and not worker.renice(0):
            return await self._replace(worker)
        return worker

    async def _call(self, worker: _Worker, job: QueryJob, clock: EngineClock, ticket: Ticket):
        """Send the job and wait for the answer on the event loop itself (no thread per query):
        the pipe's descriptor wakes the loop when the worker writes.

        A query's lane follows the CPU time its worker spends on it, where /proc tells (else the
        wall-clock time): on a machine busy with other work a lookup takes longer but costs the
        same, and must not be taken for a heavy query. The time limit is wall-clock time."""
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        sent = loop.time()
        cpu_before = worker.cpu_seconds()
        self._prioritise(worker, ticket)
        try:
            worker.conn.send(job)
            descriptor = worker.conn.fileno()
        except (EOFError, OSError, BrokenPipeError) as error:
            raise _WorkerLost(timed_out=False) from error
        loop.add_reader(descriptor, lambda: ready.done() or ready.set_result(None))
        deadline = sent + self.timeout_s
        try:
            while not ready.done():  # wake every _WATCH_S to look at the worker's memory and lane
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise _WorkerLost(timed_out=True)
                try:
                    await asyncio.wait_for(asyncio.shield(ready), min(remaining, _WATCH_S, self.short_s))
                except TimeoutError:
                    if self.memory_bytes and worker.rss_bytes() > self.memory_bytes:
                        raise _WorkerLost(timed_out=False, memory=True) from None
                    cpu_now = worker.cpu_seconds() if cpu_before is not None else None
                    ran = cpu_now - cpu_before if cpu_now is not None else loop.time() - sent
                    ticket.cpu_s = ran
                    if ticket.lane is Cost.SHORT and ran >= self.short_s:
                        self.scheduler.overran(ticket)
                        self._prioritise(worker, ticket)
                    if ticket.lane is not Cost.HEAVY and ran >= self.light_s:
                        if not self.scheduler.promote(ticket):
                            raise _WorkerLost(timed_out=False, lane_full=True) from None
                        self._prioritise(worker, ticket)
                        self._sync()
                        self._dispatch()  # its client's turn outside the heavy lane is free again
        finally:
            clock.seconds += loop.time() - sent
            loop.remove_reader(descriptor)
            with contextlib.suppress(OSError):  # closed under it: the pool is closing
                os.set_blocking(descriptor, True)  # uvloop leaves a watched descriptor non-blocking: recv would stop mid-answer
            if not ready.done():
                ready.cancel()
        try:
            return worker.conn.recv()  # the worker writes its whole answer at once
        except (EOFError, OSError, BrokenPipeError) as error:
            raise _WorkerLost(timed_out=False) from error

    async def _replace(self, worker: _Worker) -> _Worker:
        """Kill the lost worker (in the background); the warm spare takes its place at once, a new
        spare starts behind."""
        loop = asyncio.get_running_loop()
        with self._lock:
            self._all.discard(worker)
            replacement, self._spare = self._spare, None
        loop.run_in_executor(None, worker.kill)
        if replacement is not None and not replacement.process.is_alive():
            replacement = None
        if replacement is None:  # two losses in a row (or a dead spare): wait for a fresh worker
            replacement = await loop.run_in_executor(None, _Worker(self.store_path).wait_ready)
            self._all.add(replacement)
        self.stats.replaced += 1
        asyncio.get_running_loop().create_task(self._new_spare())
        return replacement

    async def _new_spare(self) -> None:
        spare = await asyncio.get_running_loop().run_in_executor(None, _Worker(self.store_path).wait_ready)
        with self._lock:
            self._all.add(spare)
            if self._spare is None:
                self._spare = spare
                return
        spare.kill()


def _cost_key(job: QueryJob) -> str:
    """What a query's cost depends on: its text and its dataset."""
    return "\x00".join((job.query, repr(job.default_graphs), repr(job.named_graphs), str(job.union_default_graph)))


class _WorkerLost(Exception):
    def __init__(self, timed_out: bool, memory: bool = False, lane_full: bool = False) -> None:
        self.timed_out = timed_out
        self.memory = memory
        self.lane_full = lane_full
