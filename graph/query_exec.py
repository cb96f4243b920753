"""Run one SPARQL query and serialise its answer: the same code in-process and in a query worker."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from cablegraph.graph import results
from cablegraph.graph.query_guard import code_of
from cablegraph.graph.store import GraphStore

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
_REGISTERED = {"application/json": "application/sparql-results+json", "application/xml": "application/sparql-results+xml"}


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


def execute(store: GraphStore, job: QueryJob) -> QueryAnswer:
    # FROM / FROM NAMED in the query define the dataset (SPARQL 1.1 §13.2): then no union default graph.
    union = job.union_default_graph and not _DATASET_CLAUSE.search(code_of(job.query))
    answer = store.query(
        job.query,
        union_default_graph=union,
        default_graphs=job.default_graphs,
        named_graphs=job.named_graphs,
        base_iri=job.base_iri,
    )
    if isinstance(answer, ox.QueryBoolean):
        fmt = SOLUTION_MEDIA[job.solution_media]
        return QueryAnswer(results.boolean(bool(answer), fmt), _REGISTERED.get(job.solution_media, job.solution_media))
    if isinstance(answer, ox.QuerySolutions):
        fmt = SOLUTION_MEDIA[job.solution_media]
        solutions = results.collect(answer, job.max_rows)
        headers = {"X-SPARQL-MaxRows": str(job.max_rows)} if solutions.truncated else {}
        return QueryAnswer(results.WRITERS[fmt](solutions), _REGISTERED.get(job.solution_media, job.solution_media), headers)
    fmt = GRAPH_MEDIA[job.graph_media]
    return QueryAnswer(ox.serialize(answer, format=fmt), fmt.media_type)
