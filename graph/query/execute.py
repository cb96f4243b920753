"""Run one SPARQL query and serialise its answer: the same code in-process and in a query worker."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

import pyoxigraph as ox

from cablegraph.graph.errors import QueryError
from cablegraph.graph.query import results
from cablegraph.graph.sparql.guard import code_of

if TYPE_CHECKING:  # a query worker imports this module: it needs neither the remote store nor httpx
    from cablegraph.graph.store.either import AnyStore

SOLUTION_MEDIA: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_MEDIA: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
_REGISTERED = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
}


@dataclass(frozen=True)
class QueryJob:
    query: str
    solution_media: str  # chosen for SELECT/ASK
    graph_media: str  # chosen for CONSTRUCT/DESCRIBE
    max_rows: int
    union_default_graph: bool = True
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    base_iri: str | None = None  # relative IRIs in the query resolve against the endpoint's URL


@dataclass(frozen=True)
class QueryAnswer:
    body: bytes
    media_type: str
    headers: dict[str, str] = field(default_factory=dict)


_DATASET_CLAUSE = re.compile(r"(?i)(?<![\w:?$])FROM(?![\w:])")


@lru_cache(maxsize=256)
def _has_dataset_clause(query: str) -> bool:
    return _DATASET_CLAUSE.search(code_of(query)) is not None


def execute(store: AnyStore, job: QueryJob) -> QueryAnswer:
    """The job's answer, written by the engine. A SELECT is run with a LIMIT one past the cap
    (graph/query/results.py), so the engine never makes more rows than are needed to say it was cut."""
    # FROM / FROM NAMED in the query define the dataset (SPARQL 1.1 §13.2): then no union default graph.
    union = job.union_default_graph and not _has_dataset_clause(job.query)
    capped = results.capped_query(job.query, job.max_rows)
    try:
        answer = _run(store, job, capped or job.query, union)
    except QueryError as error:
        if capped is None or capped is job.query or error.kind != "syntax":
            raise
        capped = None  # the rewrite did not read: the query's own error, or its answer cut in Python
        answer = _run(store, job, job.query, union)
    if isinstance(answer, ox.QueryBoolean):
        fmt = SOLUTION_MEDIA[job.solution_media]
        return QueryAnswer(results.boolean(bool(answer), fmt), _REGISTERED.get(job.solution_media, job.solution_media))
    if isinstance(answer, ox.QuerySolutions):
        fmt = SOLUTION_MEDIA[job.solution_media]
        media = _REGISTERED.get(job.solution_media, job.solution_media)
        if capped is None:
            solutions = results.collect(answer, job.max_rows)
            headers = {"X-SPARQL-MaxRows": str(job.max_rows)} if solutions.truncated else {}
            return QueryAnswer(results.WRITERS[fmt](solutions), media, headers)
        body = _written(lambda: answer.serialize(format=fmt))
        if not results.more_rows_than(body, fmt, job.max_rows):
            return QueryAnswer(body, media)
        return QueryAnswer(results.drop_last_row(body, fmt), media, {"X-SPARQL-MaxRows": str(job.max_rows)})
    graph_fmt = GRAPH_MEDIA[job.graph_media]
    return QueryAnswer(_written(lambda: ox.serialize(answer, format=graph_fmt)), graph_fmt.media_type)


def _run(
    store: AnyStore, job: QueryJob, text: str, union: bool
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list[ox.Triple]:
    return store.query(
        text,
        union_default_graph=union,
        default_graphs=job.default_graphs,
        named_graphs=job.named_graphs,
        base_iri=job.base_iri,
    )


def _written(serialize: Callable[[], bytes | None]) -> bytes:
    """Serialising runs the query (the engine evaluates lazily), so its failures are the query's,
    reported as a query worker reports any failure while evaluating (a refused socket is an OSError)."""
    try:
        body = serialize()
    except (OSError, ValueError, RuntimeError) as error:
        raise QueryError(f"query failed: {error}", "evaluation") from error
    assert body is not None, "serialised without an output: the bytes come back"
    return body
