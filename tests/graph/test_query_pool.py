"""The query pool stops a query whose worker grows past its memory limit, and keeps serving."""

import asyncio

import pytest

from cablegraph.graph.errors import QueryError
from cablegraph.graph.query_exec import QueryJob
from cablegraph.graph.query_pool import QueryPool

CROSS_PRODUCT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"  # sorting needs every row in memory


def job(query: str, max_rows: int = 100) -> QueryJob:
    return QueryJob(query, solution_media="application/sparql-results+json", graph_media="text/turtle", max_rows=max_rows,
                    union_default_graph=True, default_graphs=None, named_graphs=None, base_iri="http://127.0.0.1/sparql")


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
    about a second but spends milliseconds in the engine."""
    from cablegraph.graph.query_pool import EngineClock

    async def scenario():
        pool = QueryPool(sample_store_path, workers=1, queue=2, timeout_s=1.0, heavy=0, light_s=5.0)
        await pool.start()
        try:
            loop = asyncio.get_running_loop()
            runaway_clock, ask_clock = EngineClock(), EngineClock()
            runaway = asyncio.ensure_future(pool.run(job(RUNAWAY), runaway_clock))
            await asyncio.sleep(0.1)
            started = loop.time()
            answer = await pool.run(job("ASK {}"), ask_clock)
            waited = loop.time() - started
            assert b"true" in answer.body
            with pytest.raises(QueryError):
                await runaway
            assert waited > 0.7, waited  # it did wait for the runaway's worker
            assert ask_clock.seconds < 0.3, ask_clock.seconds  # and is not charged for that
            assert 0.9 <= runaway_clock.seconds < 2.0, runaway_clock.seconds
        finally:
            pool.close()

    asyncio.run(scenario())


def test_heavy_lane_keeps_a_worker_for_short_queries(sample_store_path):
    """A query past light_s takes the heavy lane; a second one past it while the lane is full is
    stopped at once (Overloaded), so the light worker is free for the next short query."""
    from cablegraph.graph.query_pool import Overloaded

    async def scenario():
        pool = QueryPool(sample_store_path, workers=1, queue=4, timeout_s=4.0, heavy=1, light_s=0.5)
        await pool.start()
        try:
            loop = asyncio.get_running_loop()
            first = asyncio.ensure_future(pool.run(job(RUNAWAY)))
            await asyncio.sleep(0.8)
            assert pool.stats.heavy_now == 1
            started = loop.time()
            with pytest.raises(Overloaded):
                await pool.run(job(RUNAWAY))
            assert loop.time() - started < 2.0  # stopped on turning heavy, not at the time limit
            started = loop.time()
            assert b"true" in (await pool.run(job("ASK {}"))).body
            assert loop.time() - started < 1.0
            with pytest.raises(QueryError) as stopped:
                await first
            assert stopped.value.kind == "timeout"
            assert pool.stats.shed_heavy == 1 and pool.stats.heavy_now == 0
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
            assert pool._gates == {}
        finally:
            pool.close()

    asyncio.run(scenario())
