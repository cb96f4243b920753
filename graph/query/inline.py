"""Known-small queries run in the server process (`inline_s`, issue 21).

A query text that has run to completion in a worker (sandboxed, killable) using at most `inline_s`
of CPU, with an answer of at most `INLINE_MAX_BYTES`, is run again on the server's own read-only
handle, on the event loop, without queueing: the store does not change while served, so the same
text does the same work. A lookup then costs no process hop (two wake-ups and a pipe each way),
which on a busy machine was most of its latency. A text that ever takes more than four times
`inline_s` there (wall-clock time) goes back to the workers; one that fails too.

Separate from `pool` because it is a shortcut past the workers with its own memory of texts; the
pool asks it first and tells it what each worker run cost.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import TYPE_CHECKING

from cablegraph.graph.query.execute import QueryAnswer, QueryJob, execute
from cablegraph.graph.sparql.cost import CostBook
from cablegraph.graph.store.embedded import GraphStore

if TYPE_CHECKING:
    from cablegraph.graph.query.pool import EngineClock

INLINE_MAX_BYTES = 256 * 1024  # largest answer a query run in the server process may have had in a worker
_INLINE_KEPT = 4096  # query texts remembered as small enough to run in the server process


class InlineRunner:
    """The query texts known to be small, and the server's store they run on (None: every query
    goes to a worker)."""

    def __init__(self, store: GraphStore | None, inline_s: float) -> None:
        self.store = store if inline_s > 0 else None
        self.inline_s = inline_s
        self._known: OrderedDict[bytes, None] = OrderedDict()

    def known(self, key: str) -> bytes | None:
        """The digest of the query's cost key when it may run here, else None."""
        if self.store is None or not self._known:
            return None
        digest = CostBook._key(key)
        return digest if digest in self._known else None

    def run(self, job: QueryJob, digest: bytes, clock: EngineClock) -> QueryAnswer:
        """Run a known-small query on the server's store, in this thread."""
        assert self.store is not None, "known() returns a digest only when there is a store"
        self._known.move_to_end(digest)
        started = time.monotonic()  # wall-clock time: the thread's CPU clock is a system call, dear in some sandboxes
        try:
            answer = execute(self.store, job)
        except BaseException:
            self._known.pop(digest, None)  # not what it was in the worker: back to the workers
            raise
        finally:
            took = time.monotonic() - started
            clock.seconds += took
        if took > 4 * self.inline_s:  # (or a busy machine: then a worker measures it again)
            self._known.pop(digest, None)
        return answer

    def remember(self, key: str, cpu_s: float, answer: QueryAnswer) -> None:
        """A worker answered the query: remember its text when it was small enough to run here."""
        if self.store is None or cpu_s > self.inline_s or len(answer.body) > INLINE_MAX_BYTES:
            return
        self._known[CostBook._key(key)] = None
        while len(self._known) > _INLINE_KEPT:
            self._known.popitem(last=False)
