"""The query pool stops a query whose worker grows past its memory limit, and keeps serving."""

import asyncio
import os

import pytest

from cablegraph.graph.errors import QueryError
from cablegraph.graph.query.execute import QueryJob
from cablegraph.graph.query.inline import INLINE_MAX_BYTES
from cablegraph.graph.query.pool import QueryPool

CROSS_PRODUCT = (
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"  # sorting needs every row in memory
)


def job(query: str, max_rows: int = 100) -> QueryJob:
    return QueryJob(
        query,
        solution_media="application/sparql-results+json",
        graph_media="text/turtle",
        max_rows=max_rows,
        union_default_graph=True,
        default_graphs=None,
        named_graphs=None,
        base_iri="http://127.0.0.1/sparql",
    )


def test_a_query_past_the_memory_limit_is_stopped_and_the_pool_goes_on(sample_store_path):
    async def scenario():
        pool = QueryPool(sample_store_path, workers=1, queue=2, timeout_s=60, memory_mb=400)
        await pool.start()
        try:
            started = asyncio.get_running_loop().time()
            with pytest.raises(QueryError) as stopped:
                await pool.run(job(CROSS_PRODUCT))
            assert stopped.value.kind == "memory" and "400 MiB" in str(stopped.value)
            assert asyncio.get_running_loop().time() - started < 30  # well before the time limit
            answer = await pool.run(job("ASK { ?s ?p ?o }"))
            assert b"true" in answer.body
            assert (pool.stats.out_of_memory, pool.stats.replaced) == (1, 1)
        finally:
            pool.close()

    asyncio.run(scenario())


def test_large_answers_arrive_whole_under_uvloop(sample_store_path):
    """uvloop leaves a descriptor it watched non-blocking; an answer larger than the pipe's buffer
    must still be read whole (the server runs on uvloop)."""
    import uvloop

    async def scenario():
        pool = QueryPool(sample_store_path, workers=1, queue=2, timeout_s=60)
        await pool.start()
        try:
            for _ in range(3):
                answer = await pool.run(job("SELECT * WHERE { ?s ?p ?o } LIMIT 5000", max_rows=5000))
                assert len(answer.body) > 500_000 and answer.body.rstrip().endswith(b"}")
        finally:
            pool.close()

    uvloop.run(scenario())


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z . ?d ?t ?w }"


def test_time_waiting_for_a_worker_is_not_engine_time(sample_store_path):
    """Issue 16: a client is charged for engine time; the ASK queued behind a runaway waits
    more than a second but spends milliseconds in the engine."""
    from cablegraph.graph.query.pool import EngineClock

    async def scenario():
        pool = QueryPool(sample_store_path, workers=1, queue=2, timeout_s=2.0, heavy=0, light_s=5.0)
        await pool.start()
        try:
            loop = asyncio.get_running_loop()
            runaway_clock, ask_clock = EngineClock(), EngineClock()
            runaway = asyncio.ensure_future(pool.run(job(RUNAWAY), runaway_clock))
            await asyncio.sleep(0.5)  # its wait ends 0.5 s after the runaway's limit: room for the spare to take over
            started = loop.time()
            answer = await pool.run(job("ASK {}"), ask_clock)
            waited = loop.time() - started
            assert b"true" in answer.body
            with pytest.raises(QueryError):
                await runaway
            assert waited > 1.0, waited  # it did wait for the runaway's worker
            assert ask_clock.seconds < 0.3, ask_clock.seconds  # and is not charged for that
            assert 1.9 <= runaway_clock.seconds < 3.0, runaway_clock.seconds
        finally:
            pool.close()

    asyncio.run(scenario())


async def _until(condition, within_s: float = 30.0) -> None:
    """Wait until the pool's state says so (its lanes follow CPU time, which a busy machine hands
    out slowly): the tests assert what happens, not how fast."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within_s
    while not condition():
        assert loop.time() < deadline, "the pool never got there"
        await asyncio.sleep(0.05)


def test_heavy_lane_keeps_a_worker_for_short_queries(sample_store_path):
    """A query past light_s takes the heavy lane; a second one past it while the lane is full is
    stopped at once (Overloaded), so the light workers are free for the next short query. (The
    runaway is known here as a LONG query, as if it had once taken a tenth of a second: a cross
    product guessed from its shape waits for the heavy lane instead, see the next test.)"""
    from cablegraph.graph.query.pool import Overloaded, _cost_key

    async def scenario():
        pool = QueryPool(sample_store_path, workers=2, queue=4, timeout_s=8.0, heavy=1, light_s=0.3)
        await pool.start()
        try:
            pool.costs.record(_cost_key(job(RUNAWAY)), 0.1)
            first = asyncio.ensure_future(pool.run(job(RUNAWAY), client="a"))
            await _until(lambda: pool.stats.heavy_now == 1)
            with pytest.raises(Overloaded):
                await pool.run(job(RUNAWAY), client="b")
            assert pool.stats.shed_heavy == 1 and not first.done()  # stopped on turning heavy, not at the time limit
            assert b"true" in (await pool.run(job("ASK {}"))).body
            with pytest.raises(QueryError) as stopped:
                await first
            assert stopped.value.kind == "timeout"
            assert pool.stats.heavy_now == 0
        finally:
            pool.close()

    asyncio.run(scenario())


def test_cross_products_wait_for_the_heavy_lane_and_never_take_a_light_worker(sample_store_path):
    """Guessed HEAVY from their shape, a burst of cross products runs one at a time in the heavy
    lane, at a lower CPU priority; lookups meanwhile find the light workers free."""
    from cablegraph.graph.query.pool import Overloaded
    from cablegraph.graph.sparql.cost import Cost

    async def scenario():
        pool = QueryPool(sample_store_path, workers=2, queue=8, timeout_s=2.0, heavy=1, light_s=0.5)
        await pool.start()
        try:
            burst = [asyncio.ensure_future(pool.run(job(RUNAWAY), client="greedy")) for _ in range(3)]
            await _until(lambda: any(w.niceness for w in pool._all))
            assert pool.scheduler.lanes == {Cost.SHORT: 0, Cost.LONG: 0, Cost.HEAVY: 1}
            assert len(pool.scheduler.waiting) == 2
            running = [w for w in pool._all if w.niceness]
            assert len(running) == 1 and os.getpriority(os.PRIO_PROCESS, running[0].process.pid) == 10
            for _ in range(5):
                assert b"true" in (await pool.run(job("ASK {}"), client="polite")).body
            assert pool.stats.started["HEAVY"] == 1 and pool.stats.started["SHORT"] == 5
            outcomes = await asyncio.gather(*burst, return_exceptions=True)
            # The first is stopped at the time limit. The others wait for the lane as long: one of
            # them always gives up (503); the other may win the lane in the instant the first is stopped
            # (both deadlines fall at 2 s), and is then stopped in its turn.
            kinds = [type(o) for o in outcomes]
            assert kinds[0] is QueryError and Overloaded in kinds[1:], outcomes
            assert set(kinds[1:]) <= {QueryError, Overloaded}, outcomes
            assert not any(w.niceness for w in pool._all if w.process.is_alive() and w is not pool._spare)
        finally:
            pool.close()

    asyncio.run(scenario())


def test_what_a_query_cost_decides_its_lane_next_time(sample_store_path):
    """A lookup is learned SHORT; a query stopped at the time limit is HEAVY from then on."""
    from cablegraph.graph.query.pool import _cost_key
    from cablegraph.graph.sparql.cost import Cost

    async def scenario():
        pool = QueryPool(sample_store_path, workers=2, queue=8, timeout_s=4.0, heavy=1, light_s=0.2)
        await pool.start()
        try:
            chain = "SELECT (COUNT(*) AS ?n) WHERE { ?a a ?t . ?b a ?t . ?c a ?t . ?d a ?t . ?e a ?t }"  # one part, no ?s ?p ?o: LONG by shape
            assert pool.costs.cost(_cost_key(job(chain)), pool.short_s, pool.light_s) is Cost.LONG
            with pytest.raises(QueryError):
                await pool.run(job(chain))
            assert pool.costs.cost(_cost_key(job(chain)), pool.short_s, pool.light_s) is Cost.HEAVY
            lookup = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"  # LONG by shape (a scan), but it stops at once
            await pool.run(job(lookup))
            assert pool.costs.cost(_cost_key(job(lookup)), pool.short_s, pool.light_s) is Cost.SHORT
        finally:
            pool.close()

    asyncio.run(scenario())


def test_one_client_cannot_take_every_light_worker(sample_store_path):
    """A client's runaways run one light query at a time (workers - 1), so another client's ASK
    finds a light worker at any moment of the burst."""

    async def scenario():
        pool = QueryPool(sample_store_path, workers=2, queue=8, timeout_s=3.0, heavy=1, light_s=0.5)
        await pool.start()
        try:
            loop = asyncio.get_running_loop()
            burst = [asyncio.ensure_future(pool.run(job(RUNAWAY), client="greedy")) for _ in range(4)]
            for _ in range(6):
                await asyncio.sleep(0.3)
                started = loop.time()
                assert b"true" in (await pool.run(job("ASK {}"), client="polite")).body
                assert loop.time() - started < 1.0
            outcomes = await asyncio.gather(*burst, return_exceptions=True)
            assert all(isinstance(o, (QueryError, Exception)) for o in outcomes)
            assert pool.scheduler._client_light == {} and pool.scheduler.waiting == []
        finally:
            pool.close()

    asyncio.run(scenario())


def test_known_small_queries_run_in_the_server_process(sample_store_path, sample_store):
    """Issue 21: a query that ran small in a worker runs on the server's own handle next time, with
    the same answer; large answers and failures keep going to the workers."""
    lookup = job("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 5")
    large = job("SELECT * WHERE { ?s ?p ?o } LIMIT 5000", max_rows=5000)
    failing = job("SELECT * WHERE { ?s ?p ?o FILTER(<urn:unknown-function>(?o)) }")

    async def scenario():
        pool = QueryPool(sample_store_path, workers=1, queue=2, timeout_s=60, inline_store=sample_store, inline_s=0.5)
        await pool.start()
        try:
            first = await pool.run(lookup)
            assert (pool.stats.completed, pool.stats.inline) == (1, 0)
            from cablegraph.graph.query.pool import EngineClock

            clock = EngineClock()
            again = await pool.run(lookup, clock)
            assert pool.stats.inline == 1 and again.body == first.body and again.headers == first.headers
            assert 0 < clock.seconds < 0.5  # charged as in a worker
            for _ in range(2):
                assert len((await pool.run(large)).body) > INLINE_MAX_BYTES
                with pytest.raises(QueryError):
                    await pool.run(failing)
            assert pool.stats.inline == 1 and pool.stats.completed == 5
        finally:
            pool.close()

    asyncio.run(scenario())


def test_without_an_inline_store_every_query_goes_to_a_worker(sample_store_path):
    async def scenario():
        pool = QueryPool(sample_store_path, workers=1, queue=2, timeout_s=60)
        await pool.start()
        try:
            for _ in range(3):
                await pool.run(job("ASK {}"))
            assert (pool.stats.completed, pool.stats.inline) == (3, 0)
        finally:
            pool.close()

    asyncio.run(scenario())
