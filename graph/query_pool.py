"""Untrusted SPARQL runs in worker processes that can be killed.

pyoxigraph cannot cancel a query, and a query that burns the CPU keeps burning after
the client has gone; so each query goes to a worker process holding a read-only handle
on the store. A worker that overruns the wall-clock limit is killed and replaced; the
next query is answered at once by another worker; so is one whose memory grows past its
limit (a cross product can take gigabytes in seconds).

Two lanes, so that a few runaway queries cannot starve the lookups. Every query starts as a
light one; one that has run `light_s` (1 s) becomes heavy. The pool keeps `workers + heavy`
processes and lets at most `heavy` queries be heavy at once, so at least `workers` processes
are always free for light queries. A query that turns heavy while the heavy lane is full is
stopped at once (503 + Retry-After, `Overloaded`): it would otherwise hold a light worker. The
lanes are counts, not separate processes, so nothing moves: which query may run on is decided
when its time is looked at (every 0.1 s, beside its memory). And no client may hold every light
worker: a client's light queries run at most `workers - 1` at a time (at least one), the rest
wait their turn; a query that turns heavy gives its client's turn back.

At most `workers + heavy` queries run and at most `queue` wait; beyond that the pool refuses
(the endpoint answers 503). Each query reports its engine time (from the hand-over to the
worker to its answer, never the time waiting for one) on an `EngineClock`, which is what a
client is charged for.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from cablegraph.graph.errors import GraphError, QueryError, StoreError
from cablegraph.graph.query_exec import QueryAnswer, QueryJob, execute

_CONTEXT = mp.get_context("spawn")  # fork is unsafe with the server's threads
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
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


def _worker_main(store_path: str, conn, parent_pid: int) -> None:  # runs in the child process
    from cablegraph.graph.sandbox import die_with_parent, forbid_network
    from cablegraph.graph.store import GraphStore

    die_with_parent(parent_pid)
    forbid_network()
    store = GraphStore.open(store_path, read_only=True)
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", execute(store, job)))
        except QueryError as error:
            conn.send(("query", (str(error), error.kind, error.line, error.column)))
        except StoreError as error:
            conn.send(("store", str(error)))
        except Exception as error:  # report, stay alive for the next query
            conn.send(("query", (f"query failed: {error}", "evaluation", None, None)))


class _Worker:
    """A query process. Started from the event loop's thread: the kernel's parent-death signal
    follows the thread that started a child, and executor threads come and go."""

    def __init__(self, store_path: Path) -> None:
        parent, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=_worker_main, args=(str(store_path), child, os.getpid()), daemon=True)
        self.process.start()
        child.close()
        self.conn = parent

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

    def kill(self) -> None:
        self.process.kill()
        self.process.join(2)
        self.conn.close()


@dataclass
class PoolStats:
    completed: int = 0
    timed_out: int = 0
    out_of_memory: int = 0
    refused: int = 0
    replaced: int = 0
    shed_heavy: int = 0  # stopped on turning heavy while the heavy lane was full
    heavy_now: int = 0


class QueryPool:
    def __init__(self, store_path: Path, workers: int = 2, queue: int = 8, timeout_s: float = 30.0, memory_mb: int | None = None,
                 heavy: int = 1, light_s: float = 1.0) -> None:
        self.store_path = store_path
        self.memory_bytes = memory_mb * 1024 * 1024 if memory_mb else None
        self.size = workers + heavy
        self.heavy_limit = heavy
        self.light_s = light_s
        self.queue_limit = queue
        self.timeout_s = timeout_s
        self.stats = PoolStats()
        self._idle: asyncio.Queue[_Worker] | None = None
        self._waiting = 0
        self.client_share = max(1, workers - 1)  # no client may take every light worker
        self._gates: dict[str, _Gate] = {}
        self._all: set[_Worker] = set()
        self._spare: _Worker | None = None
        self._lock = threading.Lock()

    async def start(self) -> None:
        """Start the workers and one warm spare, and wait until all have opened the store."""
        self._idle = asyncio.Queue()
        loop = asyncio.get_running_loop()
        workers = [_Worker(self.store_path) for _ in range(self.size + 1)]
        for worker in workers:
            await loop.run_in_executor(None, worker.wait_ready)
            self._all.add(worker)
        self._spare = workers.pop()
        for worker in workers:
            self._idle.put_nowait(worker)

    def close(self) -> None:
        for worker in list(self._all):
            worker.kill()
        self._all.clear()

    @property
    def busy(self) -> int:
        return self.size - (self._idle.qsize() if self._idle else 0)

    async def run(self, job: QueryJob, clock: EngineClock | None = None, client: str | None = None) -> QueryAnswer:
        """The job's answer; `clock` gets the seconds the job spent in a worker, whether it succeeds or not.
        A `client` has at most `client_share` light queries running; its others wait their turn."""
        assert self._idle is not None, "QueryPool.start() was not awaited"
        clock = clock if clock is not None else EngineClock()
        if self._idle.empty() and self._waiting >= self.queue_limit:
            self.stats.refused += 1
            raise Overloaded(retry_after=max(1, int(self.timeout_s / 2)))
        lease = _Lease(self._gates, client, self.client_share)
        try:
            async with asyncio.timeout(self.timeout_s):
                await lease.take()  # a client's turn: waiting for it takes no place in the queue
                self._waiting += 1
                try:
                    worker = await self._idle.get()
                finally:
                    self._waiting -= 1
        except TimeoutError as error:
            lease.release()
            self.stats.refused += 1
            raise Overloaded(retry_after=max(1, int(self.timeout_s / 2))) from error
        except BaseException:  # cancelled: the client went away
            lease.release()
            raise
        try:
            return await self._run_on(worker, job, clock, lease)
        finally:
            lease.release()

    async def _run_on(self, worker: _Worker, job: QueryJob, clock: EngineClock, lease: _Lease) -> QueryAnswer:
        if not worker.process.is_alive():  # died while idle (killed from outside): not this query's fault
            worker = await self._replace(worker)
        try:
            status, payload = await self._call(worker, job, clock, lease)
        except _WorkerLost as lost:
            self._idle.put_nowait(await self._replace(worker))
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
        self._idle.put_nowait(worker)
        self.stats.completed += 1
        if status == "ok":
            return payload
        if status == "store":
            raise StoreError(payload)
        message, kind, line, column = payload
        raise QueryError(message, kind, line, column)

    async def _call(self, worker: _Worker, job: QueryJob, clock: EngineClock, lease: _Lease):
        """Send the job and wait for the answer on the event loop itself (no thread per query):
        the pipe's descriptor wakes the loop when the worker writes."""
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        sent = loop.time()
        try:
            worker.conn.send(job)
            descriptor = worker.conn.fileno()
        except (EOFError, OSError, BrokenPipeError) as error:
            raise _WorkerLost(timed_out=False) from error
        loop.add_reader(descriptor, lambda: ready.done() or ready.set_result(None))
        deadline = sent + self.timeout_s
        heavy = False
        try:
            while not ready.done():  # wake every _WATCH_S to look at the worker's memory and lane
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise _WorkerLost(timed_out=True)
                try:
                    await asyncio.wait_for(asyncio.shield(ready), min(remaining, _WATCH_S))
                except TimeoutError:
                    if self.memory_bytes and worker.rss_bytes() > self.memory_bytes:
                        raise _WorkerLost(timed_out=False, memory=True) from None
                    if not heavy and loop.time() - sent >= self.light_s:
                        if self.stats.heavy_now >= self.heavy_limit:
                            raise _WorkerLost(timed_out=False, lane_full=True) from None
                        heavy = True
                        self.stats.heavy_now += 1
                        lease.release()  # no longer holds one of its client's light workers
        finally:
            clock.seconds += loop.time() - sent
            if heavy:
                self.stats.heavy_now -= 1
            loop.remove_reader(descriptor)
            os.set_blocking(descriptor, True)  # uvloop leaves a watched descriptor non-blocking: recv would stop mid-answer
            if not ready.done():
                ready.cancel()
        try:
            return worker.conn.recv()  # the worker writes its whole answer at once
        except (EOFError, OSError, BrokenPipeError) as error:
            raise _WorkerLost(timed_out=False) from error

    async def _replace(self, worker: _Worker) -> _Worker:
        """Kill the lost worker; the warm spare takes its place at once, a new spare starts behind."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, worker.kill)
        with self._lock:
            self._all.discard(worker)
            replacement, self._spare = self._spare, None
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


class _Gate:
    """One client's light queries: a semaphore, and how many queries use it (to forget idle clients)."""

    def __init__(self, share: int) -> None:
        self.semaphore = asyncio.Semaphore(share)
        self.users = 0


class _Lease:
    """A query's turn at its client's gate (none without a client), given back once: when the
    query turns heavy or ends. The last lease of a client forgets its gate, so memory stays
    bounded by the clients with queries in flight."""

    def __init__(self, gates: dict[str, _Gate], client: str | None, share: int) -> None:
        self.gates, self.client, self.held = gates, client, False
        self.gate = gates.setdefault(client, _Gate(share)) if client is not None else None
        if self.gate is not None:
            self.gate.users += 1

    async def take(self) -> None:
        if self.gate is not None:
            await self.gate.semaphore.acquire()
            self.held = True

    def release(self) -> None:
        gate, self.gate = self.gate, None
        if gate is None:
            return
        if self.held:
            gate.semaphore.release()
            self.held = False
        gate.users -= 1
        if gate.users == 0 and self.gates.get(self.client) is gate:
            del self.gates[self.client]


class _WorkerLost(Exception):
    def __init__(self, timed_out: bool, memory: bool = False, lane_full: bool = False) -> None:
        self.timed_out = timed_out
        self.memory = memory
        self.lane_full = lane_full
