"""The worker side of the query pool: the child process that opens the store read-only and answers
queries sent down a pipe, and the parent's handle on it (start, CPU priority, memory and CPU time
read from /proc, kill).

Separate from `pool` because this is what runs in (or reads) another process; the pool decides
which query goes where and when a worker is killed.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from multiprocessing.connection import Connection
from pathlib import Path

from cablegraph.graph.errors import QueryError, StoreError
from cablegraph.graph.query.execute import QueryAnswer, execute

_CONTEXT = mp.get_context("spawn")  # fork is unsafe with the server's threads
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

QueryErrorDetail = tuple[str, str, int | None, int | None]  # message, kind, line, column
WorkerPayload = QueryAnswer | str | QueryErrorDetail  # by status: "ok", "store", "query"
WorkerReply = tuple[str, WorkerPayload, float]  # status, payload, CPU seconds the query took


def _worker_main(store_path: str, conn: Connection, parent_pid: int) -> None:  # runs in the child process
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
        # the query's CPU time goes back with its answer: what it costs, however busy the machine
        started = time.process_time()
        answer: tuple[str, WorkerPayload]
        try:
            answer = ("ok", execute(store, job))
        except QueryError as error:
            answer = ("query", (str(error), error.kind, error.line, error.column))
        except StoreError as error:
            answer = ("store", str(error))
        except Exception as error:  # noqa: BLE001 - report, stay alive for the next query
            answer = ("query", (f"query failed: {error}", "evaluation", None, None))
        conn.send((*answer, time.process_time() - started))


class WorkerProcess:
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
            pid = self.process.pid
            assert pid is not None, "the process is started in __init__"
            os.setpriority(os.PRIO_PROCESS, pid, niceness)
        except OSError:  # raising a priority again needs CAP_SYS_NICE; or the process is gone
            return False
        self.niceness = niceness
        return True

    def wait_ready(self, timeout: float = 120.0) -> WorkerProcess:
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


def may_raise_priority() -> bool:
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
