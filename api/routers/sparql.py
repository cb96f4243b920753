"""SPARQL 1.1 Protocol endpoint: query by GET, POST form and POST direct; read-only.

The default graph is the union of all named graphs (one per telegram, plus the
authority graph) unless `default-graph-uri` names graphs. SERVICE, updates and
over-deep queries are refused before the engine sees them. A browser asking for HTML without
a query gets the reading room's SPARQL editor; every other client the service description.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from cablegraph.api.deps import Services, get_services
from cablegraph.api.links import absolute
from cablegraph.api.negotiation import choose
from cablegraph.api.openapi import media
from cablegraph.api.routers import pages
from cablegraph.graph.errors import QueryError
from cablegraph.graph.query.execute import GRAPH_MEDIA, SOLUTION_MEDIA, QueryAnswer, QueryJob, execute
from cablegraph.graph.query.pool import EngineClock, Overloaded
from cablegraph.graph.sparql.cost import Cost, estimate
from cablegraph.graph.sparql.guard import check_query
from cablegraph.graph.sparql.service_description import service_description
from cablegraph.graph.sparql.text_match import MAX_MATCHES, TextMatchError, expand_text_matches, has_text_match
from cablegraph.graph.store.embedded import GraphStore
from cablegraph.graph.store.remote import RemoteGraphStore

router = APIRouter(tags=["sparql"])

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
_GRAPH_URIS = [
    {
        "name": name,
        "in": "query",
        "required": False,
        "schema": {"type": "array", "items": {"type": "string", "format": "uri"}},
        "description": f"RDF dataset of the query ({name})",
    }
    for name in ("default-graph-uri", "named-graph-uri")
]
QUERY_PARAMETERS = {
    "parameters": [
        {
            "name": "query",
            "in": "query",
            "required": False,
            "schema": {"type": "string"},
            "description": "A SPARQL 1.1 query; without it, the service description",
        },
        *_GRAPH_URIS,
    ]
}
QUERY_BODY = {
    "parameters": _GRAPH_URIS,
    "requestBody": {
        "required": True,
        "content": {
            DIRECT: {"schema": {"type": "string"}},
            FORM: {
                "schema": {
                    "type": "object",
                    "required": ["query"],
                    "properties": {
                        "query": {"type": "string"},
                        "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                    },
                }
            },
        },
    },
}


@router.get(
    "/sparql",
    summary="SPARQL 1.1 query (GET), or the service description without a query",
    responses=media(*SOLUTION_MEDIA, *GRAPH_MEDIA),
    openapi_extra=QUERY_PARAMETERS,
)
async def sparql_get(request: Request, services: Services = Depends(get_services)) -> Response:
    params = _url_parameters(request)
    if "update" in params:
        raise QueryError("SPARQL Update is not allowed: this endpoint is read-only", "update")
    if not params.get("query"):
        if choose(request.headers.get("accept"), [*GRAPH_MEDIA, "text/html"]) == "text/html":  # a browser: the editor
            example = params.get("example", [""])[0]
            return pages.sparql_page(request, int(example) if example.isdigit() else None)
        return _service_description(request, services)
    query = query_of_get(params, services.settings.max_query_length)
    return await _answer(request, services, query, params)


@router.post(
    "/sparql",
    summary="SPARQL 1.1 query (POST form or POST direct)",
    responses=media(*SOLUTION_MEDIA, *GRAPH_MEDIA),
    openapi_extra=QUERY_BODY,
)
async def sparql_post(request: Request, services: Services = Depends(get_services)) -> Response:
    body = await request.body()
    query, params = query_of_post(request.headers.get("content-type", ""), body, _url_parameters(request))
    return await _answer(request, services, query, params)


@router.api_route("/sparql", methods=["PUT", "DELETE", "PATCH"], include_in_schema=False)
async def sparql_other() -> Response:
    raise HTTPException(405, "this endpoint answers queries by GET and POST only", headers={"Allow": "GET, POST"})


def _url_parameters(request: Request) -> dict[str, list[str]]:
    """The URL's parameters, each with all its values, from the parse Starlette has made already."""
    parsed = request.query_params
    return {key: parsed.getlist(key) for key in parsed}


def query_of_get(params: dict[str, list[str]], max_length: int) -> str:
    """The query of a GET (SPARQL 1.1 Protocol §2.1.1), which has a `query` parameter."""
    if "update" in params:
        raise QueryError("SPARQL Update is not allowed: this endpoint is read-only", "update")
    query = _single(params.get("query", []))
    if len(query) > max_length:
        raise HTTPException(414, f"the query is longer than {max_length} characters; POST it instead")
    return query


def query_of_post(content_type: str, body: bytes, params: dict[str, list[str]]) -> tuple[str, dict[str, list[str]]]:
    """The query of a POST, by form or direct (§2.1.2, §2.1.3), and every parameter it carries."""
    media, _, parameters = content_type.partition(";")
    media = media.strip().lower()
    if media == FORM:
        form = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
        if "update" in form:
            raise QueryError("SPARQL Update is not allowed: this endpoint is read-only", "update")
        if "query" in params:
            raise HTTPException(400, "the query must be in the form body, not the URL, for a form POST")
        for key, values in form.items():
            params.setdefault(key, []).extend(values)
        return _single(params.get("query", [])), params
    if media == DIRECT:
        charset = _charset(parameters)
        if charset not in ("utf-8", "utf8", None):
            raise HTTPException(415, f"queries must be UTF-8, not {charset}")
        try:
            query = body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise HTTPException(400, "the query is not valid UTF-8") from error
        if "query" in params:
            raise HTTPException(400, "a direct POST carries the query in the body only")
        return query, params
    if media == UPDATE:
        raise QueryError("SPARQL Update is not allowed: this endpoint is read-only", "update")
    if not media:
        raise HTTPException(400, "a POST to /sparql needs a Content-Type (application/sparql-query or a form)")
    raise HTTPException(415, f"unsupported Content-Type {media!r}: use {DIRECT} or {FORM}")


def _single(queries: list[str]) -> str:
    if len(queries) != 1:
        raise HTTPException(400, "exactly one `query` parameter is required")
    if not queries[0].strip():
        raise HTTPException(400, "the query is empty")
    return queries[0]


def _charset(parameters: str) -> str | None:
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


async def _answer(request: Request, services: Services, query: str, params: dict[str, list[str]]) -> Response:
    client = request.client.host if request.client else "unknown"
    answer = await answer_query(
        services, query, params, request.headers.get("accept"), client, str(request.url.replace(query=""))
    )
    media_type = answer.media_type + ("; charset=utf-8" if answer.media_type.startswith("text/") else "")
    return Response(answer.body, media_type=media_type, headers=answer.headers)


async def answer_query(
    services: Services, query: str, params: dict[str, list[str]], accept: str | None, client: str, base_iri: str
) -> QueryAnswer:
    """Check, run and answer one query: what every way of asking /sparql comes down to (the routes
    above, and the lean path in api/front.py). The answer's headers are the response's."""
    form = check_query(query, services.query_limits)
    graphs = params.get("default-graph-uri") or None
    named = params.get("named-graph-uri") or None
    for name in ("default-graph-uri", "named-graph-uri"):
        for uri in params.get(name, ()):
            try:
                ox.NamedNode(uri)
            except ValueError as error:
                raise HTTPException(400, f"{name} {uri!r} is not an absolute IRI: {error}") from None
    truncated_text_match = False
    if has_text_match(query):
        try:
            query, truncated_text_match = await run_in_threadpool(
                expand_text_matches, query, services.catalogue.matching_iris
            )
        except TextMatchError as error:
            raise HTTPException(400, str(error)) from None
    offers = _GRAPH_OFFERS if form in ("CONSTRUCT", "DESCRIBE") else _SOLUTION_OFFERS
    media = choose(accept, offers)
    if media is None:
        raise HTTPException(406, f"no acceptable format; this query answers in: {', '.join(offers)}")
    job = QueryJob(
        query,
        solution_media=media if media in SOLUTION_MEDIA else "application/sparql-results+json",
        graph_media=media if media in GRAPH_MEDIA else "text/turtle",
        max_rows=services.settings.max_rows,
        union_default_graph=services.settings.union_default_graph,
        default_graphs=tuple(graphs) if graphs else None,
        named_graphs=tuple(named) if named else None,
        base_iri=base_iri,
    )
    answer = await _run_for_client(client, services, job)
    headers = {**answer.headers, "Vary": "Accept"}
    if truncated_text_match:
        headers["X-Cablegraph-TextMatch-Truncated"] = str(MAX_MATCHES)
    return QueryAnswer(answer.body, answer.media_type, headers)


_GRAPH_OFFERS = list(GRAPH_MEDIA)
_SOLUTION_OFFERS = list(SOLUTION_MEDIA)


async def _run_for_client(client: str, services: Services, job: QueryJob) -> QueryAnswer:
    """Run the job within the client's limits: refused (429) when its budget for the minute is spent
    or it has `client_concurrent` queries in flight already; charged the engine time it used, and
    an error when the query itself failed (not when the server was too busy to run it)."""
    wait = services.budget.retry_after(client)
    if wait is not None:
        raise HTTPException(
            429, "this client has used its query budget for the minute", headers={"Retry-After": str(wait)}
        )
    if not services.slots.acquire(client):
        raise HTTPException(
            429,
            f"this client has {services.settings.client_concurrent} queries in flight already; wait for one to finish",
            headers={"Retry-After": "1"},
        )
    clock = EngineClock()
    failed = True
    try:
        if services.pool is not None:
            answer = await services.pool.run(job, clock, client)
        else:
            answer = await _run_in_process(services, job, clock)
        failed = False
    except Overloaded:
        failed = False  # the server's state, not the client's query
        raise
    finally:
        services.slots.release(client)
        services.budget.charge(client, clock.seconds, failed)
    return answer


async def _run_in_process(services: Services, job: QueryJob, clock: EngineClock) -> QueryAnswer:
    """Run where no worker pool schedules queries (a remote store, or CABLEGRAPH_QUERY_WORKERS=0): a
    query shaped like a cross product waits for no one: it runs when the heavy lane has room
    (CABLEGRAPH_QUERY_HEAVY_WORKERS at once), else it is refused (503) before the engine sees it."""
    heavy = estimate(job.query) is Cost.HEAVY
    if heavy and not services.heavy_lane.enter():
        raise Overloaded(
            5, "a query shaped like a cross product is running already, and the heavy lane is full; retry later"
        )
    try:
        return await run_in_threadpool(_timed, services.store, job, clock)
    finally:
        if heavy:
            services.heavy_lane.leave()


def _timed(store: GraphStore | RemoteGraphStore, job: QueryJob, clock: EngineClock) -> QueryAnswer:
    """Run in-process (no workers), timing the engine alone, not the wait for a thread."""
    started = time.monotonic()
    try:
        return execute(store, job)
    finally:
        clock.seconds += time.monotonic() - started


def _service_description(request: Request, services: Services) -> Response:
    media = choose(request.headers.get("accept"), list(GRAPH_MEDIA))
    if media is None:
        raise HTTPException(406, "the service description is available as RDF only")
    endpoint = absolute(request, "sparql")  # as this server is reached (api/links.py), not as its IRIs were minted
    graph = service_description(endpoint, services.settings.max_rows)
    fmt = GRAPH_MEDIA[media]
    body = graph.serialize(format=_RDFLIB_FORMATS[fmt], encoding="utf-8")
    return Response(body, media_type=fmt.media_type, headers={"Vary": "Accept"})


_RDFLIB_FORMATS = {
    ox.RdfFormat.TURTLE: "turtle",
    ox.RdfFormat.N_TRIPLES: "nt",
    ox.RdfFormat.N_QUADS: "nquads",
    ox.RdfFormat.TRIG: "trig",
    ox.RdfFormat.JSON_LD: "json-ld",
    ox.RdfFormat.RDF_XML: "xml",
}
