"""Untrusted SPARQL runs in worker processes that can be killed.

pyoxigraph cannot cancel a query, and a query that burns the CPU keeps burning after
the client has gone; so each query goes to a worker process holding a read-only handle
on the store. A worker that overruns the wall-clock limit is killed and replaced; the
next query is answered at once by another worker; so is one whose memory grows past its
limit (a cross product can take gigabytes in seconds). At most `workers` queries run and at
most `queue` wait; beyond that the pool refuses (the endpoint answers 503).
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
    """Every worker is busy and the queue is full."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__("all query workers are busy; retry later")


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


class QueryPool:
    def __init__(self, store_path: Path, workers: int = 2, queue: int = 8, timeout_s: float = 30.0, memory_mb: int | None = None) -> None:
        self.store_path = store_path
        self.memory_bytes = memory_mb * 1024 * 1024 if memory_mb else None
        self.size = workers
        self.queue_limit = queue
        self.timeout_s = timeout_s
        self.stats = PoolStats()
        self._idle: asyncio.Queue[_Worker] | None = None
        self._waiting = 0
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

    async def run(self, job: QueryJob) -> QueryAnswer:
        assert self._idle is not None, "QueryPool.start() was not awaited"
        if self._idle.empty() and self._waiting >= self.queue_limit:
            self.stats.refused += 1
            raise Overloaded(retry_after=max(1, int(self.timeout_s / 2)))
        self._waiting += 1
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout=self.timeout_s)
        except TimeoutError as error:
            self.stats.refused += 1
            raise Overloaded(retry_after=max(1, int(self.timeout_s / 2))) from error
        finally:
            self._waiting -= 1
        try:
            status, payload = await self._call(worker, job)
        except _WorkerLost as lost:
            self._idle.put_nowait(await self._replace(worker))
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

    async def _call(self, worker: _Worker, job: QueryJob):
        """Send the job and wait for the answer on the event loop itself (no thread per query):
        the pipe's descriptor wakes the loop when the worker writes."""
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        try:
            worker.conn.send(job)
            descriptor = worker.conn.fileno()
        except (EOFError, OSError, BrokenPipeError) as error:
            raise _WorkerLost(timed_out=False) from error
        loop.add_reader(descriptor, lambda: ready.done() or ready.set_result(None))
        deadline = loop.time() + self.timeout_s
        try:
            while not ready.done():  # wake every _WATCH_S to look at the worker's memory
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise _WorkerLost(timed_out=True)
                try:
                    await asyncio.wait_for(asyncio.shield(ready), min(remaining, _WATCH_S))
                except TimeoutError:
                    if self.memory_bytes and worker.rss_bytes() > self.memory_bytes:
                        raise _WorkerLost(timed_out=False, memory=True) from None
        finally:
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


class _WorkerLost(Exception):
    def __init__(self, timed_out: bool, memory: bool = False) -> None:
        self.timed_out = timed_out
        self.memory = memory
