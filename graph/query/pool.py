"""Untrusted SPARQL runs in worker processes that can be killed.

pyoxigraph cannot cancel a query, and a query that burns the CPU keeps burning after
the client has gone; so each query goes to a worker process holding a read-only handle
on the store. A worker that overruns the wall-clock limit is killed and replaced; the
next query is answered at once by another worker; so is one whose memory grows past its
limit (a cross product can take gigabytes in seconds).

Which query runs next is decided by a `Scheduler` (graph/query/scheduler.py, whose docstring gives
the rules), so that a few runaway queries cannot starve the lookups and no client can crowd out the
others; this module runs the processes, watches their CPU time and memory, and applies its verdicts.

Each query reports its engine time (from the hand-over to the worker to its answer, never the
time waiting for one) on an `EngineClock`, which is what a client is charged for.

Known-small queries skip the workers and run in the server process (graph/query/inline.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from cablegraph.graph.errors import GraphError, QueryError, StoreError
from cablegraph.graph.query.execute import QueryAnswer, QueryJob
from cablegraph.graph.query.inline import InlineRunner
from cablegraph.graph.query.scheduler import QueueFull, Scheduler, Ticket
from cablegraph.graph.query.worker_process import WorkerProcess, WorkerReply, may_raise_priority
from cablegraph.graph.sparql.cost import Cost, CostBook
from cablegraph.graph.store.embedded import GraphStore

_WATCH_S = 0.1  # how often a running query's worker memory is looked at


class Overloaded(GraphError):
    """Every worker is busy and the queue is full, or a query turned heavy while the heavy lane was full."""

    def __init__(self, retry_after: int, message: str = "all query workers are busy; retry later") -> None:
        self.retry_after = retry_after
        super().__init__(message)


@dataclass
class EngineClock:
    """Seconds a query spent in a worker: what its client is charged, whatever it waited before."""

    seconds: float = 0.0


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
    started: dict[str, int] = field(
        default_factory=lambda: {cost.name: 0 for cost in Cost}
    )  # queries handed to a worker, by guessed cost


_NICENESS = {
    Cost.SHORT: 0,
    Cost.LONG: 5,
    Cost.HEAVY: 10,
}  # CPU priority of a worker by its query's lane (0: the server's)


class QueryPool:
    def __init__(
        self,
        store_path: Path,
        workers: int = 2,
        queue: int = 64,
        timeout_s: float = 30.0,
        memory_mb: int | None = None,
        heavy: int = 1,
        light_s: float = 1.0,
        short_s: float | None = None,
        inline_store: GraphStore | None = None,
        inline_s: float = 0.0,
    ) -> None:
        """`inline_store`, `inline_s`: the server's read-only store and the CPU time under which a
        query known from a worker runs on it in this process (0: every query goes to a worker)."""
        self.store_path = store_path
        self.inline = InlineRunner(inline_store, inline_s)
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
        self._may_raise = may_raise_priority()
        self._idle: list[WorkerProcess] | None = None
        self._all: set[WorkerProcess] = set()
        self._spare: WorkerProcess | None = None
        self._lock = threading.Lock()

    async def start(self) -> None:
        """Start the workers and one warm spare, and wait until all have opened the store."""
        self._idle = []
        loop = asyncio.get_running_loop()
        workers = [WorkerProcess(self.store_path) for _ in range(self.size + 1)]
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
        digest = self.inline.known(key)
        if digest is not None:
            answer = self.inline.run(job, digest, clock)
            self.stats.inline += 1
            return answer
        ticket = Ticket(
            client, self.costs.cost(key, self.short_s, self.light_s), loop.time(), future=loop.create_future()
        )
        try:
            gave_way = self.scheduler.admit(ticket)
        except QueueFull:
            raise self._overloaded(
                f"{self.queue_limit} queries are waiting for a worker, and this client has as many of them as any"
            ) from None
        if gave_way is not None and not _future(gave_way).done():
            _future(gave_way).set_exception(
                self._overloaded("the queue is full and this client has the most queries waiting; retry later")
            )
        self._dispatch()
        try:
            async with asyncio.timeout(self.timeout_s):
                worker = await _future(ticket)
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

    def _dispatch(self) -> None:
        """Start waiting queries on idle workers, best first."""
        while self._idle:
            ticket = self.scheduler.next()
            if ticket is None:
                break
            if _future(ticket).done():  # its wait ended (cancelled) just now: not started after all
                self.scheduler.finished(ticket)
                continue
            _future(ticket).set_result(self._idle.pop())
        self._sync()

    def _abandon(self, ticket: Ticket) -> None:
        """The ticket's wait ended without running: out of line, and a worker it was handed goes back."""
        self.scheduler.withdraw(ticket)
        future = _future(ticket)
        if future.done() and not future.cancelled() and future.exception() is None:
            self.scheduler.finished(ticket)
            self._idle_workers().append(future.result())
        self._dispatch()

    def _idle_workers(self) -> list[WorkerProcess]:
        assert self._idle is not None, "QueryPool.start() was not awaited"
        return self._idle

    def _sync(self) -> None:
        self.stats.heavy_now = self.scheduler.lanes[Cost.HEAVY]

    async def _run_on(
        self, worker: WorkerProcess, job: QueryJob, clock: EngineClock, ticket: Ticket, key: str
    ) -> QueryAnswer:
        if not worker.process.is_alive():  # died while idle (killed from outside): not this query's fault
            worker = await self._replace(worker)
        try:
            status, payload, ticket.cpu_s = await self._call(worker, job, clock, ticket)
        except _WorkerLost as lost:
            # Stopped past the light lane's time, or for its memory: heavy next time. Stopped at the time
            # limit, it is charged the CPU it had: on a machine busy with other work that may be little.
            self.costs.record(key, ticket.cpu_s if lost.timed_out else max(ticket.cpu_s, self.light_s))
            self._idle_workers().append(await self._replace(worker))
            if lost.lane_full:
                self.stats.shed_heavy += 1
                raise Overloaded(
                    max(1, int(self.timeout_s / 2)),
                    f"the query ran past {self.light_s:g} s while the {self.heavy_limit} "
                    "slot(s) for long queries were taken, and was stopped; retry later",
                ) from None
            if lost.memory:
                self.stats.out_of_memory += 1
                limit = self.memory_bytes // (1024 * 1024) if self.memory_bytes else 0
                raise QueryError(
                    f"the query needed more than the {limit} MiB a query may use and was stopped", "memory"
                ) from None
            if lost.timed_out:
                self.stats.timed_out += 1
                raise QueryError(
                    f"the query ran longer than the {self.timeout_s:g} s limit and was stopped", "timeout"
                ) from None
            raise QueryError("the query worker stopped unexpectedly", "crashed") from None
        self.costs.record(key, ticket.cpu_s)
        self._idle_workers().append(await self._restored(worker))
        self.stats.completed += 1
        if status == "ok":
            assert isinstance(payload, QueryAnswer)
            self.inline.remember(key, ticket.cpu_s, payload)
            return payload
        if status == "store":
            raise StoreError(str(payload))
        assert isinstance(payload, tuple)
        message, kind, line, column = payload
        raise QueryError(message, kind, line, column)

    def _prioritise(self, worker: WorkerProcess, ticket: Ticket) -> None:
        """A worker's CPU priority follows its query's lane, so that on two cores the server and
        the lookups get the processor before a scan, and a scan before a cross product. A long
        query's worker is lowered only where its priority can be given back afterwards; a heavy
        one's always (where it cannot be given back, the worker is replaced after its query)."""
        assert ticket.lane is not None, "only a running query has a worker"
        niceness = _NICENESS[ticket.lane]
        if niceness > worker.niceness and (ticket.lane is Cost.HEAVY or self._may_raise):
            worker.renice(niceness)

    async def _restored(self, worker: WorkerProcess) -> WorkerProcess:
        """The worker at the server's CPU priority again; where raising a priority is not allowed
        (it needs CAP_SYS_NICE), the warm spare takes its place."""
        if worker.niceness and not worker.renice(0):
            return await self._replace(worker)
        return worker

    async def _call(self, worker: WorkerProcess, job: QueryJob, clock: EngineClock, ticket: Ticket) -> WorkerReply:
        """Send the job and wait for the answer on the event loop itself (no thread per query):
        the pipe's descriptor wakes the loop when the worker writes.

        A query's lane follows the CPU time its worker spends on it, where /proc tells (else the
        wall-clock time): on a machine busy with other work a lookup takes longer but costs the
        same, and must not be taken for a heavy query. The time limit is wall-clock time."""
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()
        sent = loop.time()
        cpu_before = worker.cpu_seconds()
        self._prioritise(worker, ticket)
        try:
            worker.conn.send(job)
            descriptor = worker.conn.fileno()
        except (EOFError, OSError, BrokenPipeError) as error:
            raise _WorkerLost(timed_out=False) from error

        def wake() -> None:
            if not ready.done():
                ready.set_result(None)

        loop.add_reader(descriptor, wake)
        deadline = sent + self.timeout_s
        try:
            while not ready.done():  # wake every _WATCH_S to look at the worker's memory and lane
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise _WorkerLost(timed_out=True)
                try:
                    await asyncio.wait_for(asyncio.shield(ready), min(remaining, _WATCH_S, self.short_s))
                except TimeoutError:
                    self._look_at(worker, ticket, cpu_before, loop.time() - sent)
        finally:
            clock.seconds += loop.time() - sent
            loop.remove_reader(descriptor)
            with contextlib.suppress(OSError):  # closed under it: the pool is closing
                # uvloop leaves a watched descriptor non-blocking: recv would stop mid-answer
                os.set_blocking(descriptor, True)
            if not ready.done():
                ready.cancel()
        try:
            reply: WorkerReply = worker.conn.recv()  # the worker writes its whole answer at once
        except (EOFError, OSError, BrokenPipeError) as error:
            raise _WorkerLost(timed_out=False) from error
        return reply

    def _look_at(self, worker: WorkerProcess, ticket: Ticket, cpu_before: float | None, waited: float) -> None:
        """Between wake-ups of a running query: stop it past its memory limit; move it to the lane its
        CPU time (else the wall-clock time `waited`) has reached, or stop it when that lane is full."""
        if self.memory_bytes and worker.rss_bytes() > self.memory_bytes:
            raise _WorkerLost(timed_out=False, memory=True) from None
        cpu_now = worker.cpu_seconds() if cpu_before is not None else None
        ran = cpu_now - cpu_before if cpu_now is not None and cpu_before is not None else waited
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

    async def _replace(self, worker: WorkerProcess) -> WorkerProcess:
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
            replacement = await loop.run_in_executor(None, WorkerProcess(self.store_path).wait_ready)
            self._all.add(replacement)
        self.stats.replaced += 1
        asyncio.get_running_loop().create_task(self._new_spare())
        return replacement

    async def _new_spare(self) -> None:
        spare = await asyncio.get_running_loop().run_in_executor(None, WorkerProcess(self.store_path).wait_ready)
        with self._lock:
            self._all.add(spare)
            if self._spare is None:
                self._spare = spare
                return
        spare.kill()


def _future(ticket: Ticket) -> asyncio.Future[WorkerProcess]:
    """The future a ticket of the pool's own is handed its worker on (every such ticket has one)."""
    assert ticket.future is not None, "a pool ticket is made with its future"
    return ticket.future


def _cost_key(job: QueryJob) -> str:
    """What a query's cost depends on: its text and its dataset."""
    return "\x00".join((job.query, repr(job.default_graphs), repr(job.named_graphs), str(job.union_default_graph)))


class _WorkerLost(Exception):
    def __init__(self, timed_out: bool, memory: bool = False, lane_full: bool = False) -> None:
        self.timed_out = timed_out
        self.memory = memory
        self.lane_full = lane_full
