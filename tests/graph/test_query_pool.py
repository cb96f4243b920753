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
