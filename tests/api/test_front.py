"""The lean /sparql path (api/front.py) does for a query what the app's stack does for every
other route: CORS headers, the body limit, problem+json errors; and the stack still answers the
rest of /sparql (issue 21)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from cablegraph.api.app import create_app
from cablegraph.api.front import LeanSparql
from cablegraph.api.settings import Settings
from tests.conftest import BASE

ASK = {"query": "ASK { ?s ?p ?o }"}


@pytest.fixture
def taken(monkeypatch) -> list[bool]:
    """Whether the lean path took each request."""
    seen: list[bool] = []
    original = LeanSparql.__call__

    async def recording(self, scope, receive, send):
        result = await original(self, scope, receive, send)
        seen.append(result)
        return result

    monkeypatch.setattr(LeanSparql, "__call__", recording)
    return seen


@pytest.fixture(scope="module")
def narrow(sample_store_path):
    """CORS for one origin only, a small body limit, no worker processes (queries in a thread)."""
    settings = Settings(
        base_iri=BASE,
        store=sample_store_path,
        query_workers=0,
        cors_origins=["https://allowed.example"],
        max_body_bytes=2048,
    )
    with TestClient(create_app(settings)) as client:
        yield client


def test_queries_take_the_lean_path_and_the_rest_the_app(client, taken):
    assert client.get("/sparql", params=ASK).status_code == 200
    assert (
        client.post("/sparql", content=ASK["query"], headers={"Content-Type": "application/sparql-query"}).status_code
        == 200
    )
    assert client.get("/sparql", headers={"Accept": "text/turtle"}).status_code == 200  # service description
    assert client.get("/api/telegrams").status_code == 200
    assert taken == [True, True, False, False]


def test_an_answer_carries_the_headers_the_stack_gave_it(client):
    response = client.get("/sparql", params=ASK, headers={"Origin": "https://anywhere.example"})
    assert response.status_code == 200
    assert response.json() == {"head": {}, "boolean": True}
    assert response.headers["content-type"] == "application/sparql-results+json"
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["access-control-expose-headers"] == "Link, ETag, X-SPARQL-MaxRows, Retry-After"
    assert response.headers["vary"] == "Accept, Origin"
    # the same CORS headers as CORSMiddleware puts on a route of the stack
    through_stack = client.get("/api/telegrams", headers={"Origin": "https://anywhere.example"})
    cors = {k: v for k, v in through_stack.headers.items() if k.startswith("access-control-")}
    assert cors == {k: v for k, v in response.headers.items() if k.startswith("access-control-")}
    assert "Origin" in through_stack.headers["vary"]


def test_text_answers_say_their_charset(client):
    response = client.get(
        "/sparql", params={"query": "SELECT ?x WHERE { BIND(1 AS ?x) }"}, headers={"Accept": "text/csv"}
    )
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.text == "x\r\n1\r\n"


def test_only_allowed_origins_are_mirrored(narrow):
    allowed = narrow.get("/sparql", params=ASK, headers={"Origin": "https://allowed.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://allowed.example"
    other = narrow.get("/sparql", params=ASK, headers={"Origin": "https://other.example"})
    assert other.status_code == 200 and "access-control-allow-origin" not in other.headers
    assert other.headers["access-control-expose-headers"].startswith("Link")
    plain = narrow.get("/sparql", params=ASK)
    assert "access-control-expose-headers" not in plain.headers and plain.headers["vary"] == "Accept, Origin"


def test_a_preflight_is_answered_by_the_stack(narrow):
    response = narrow.options(
        "/sparql",
        headers={
            "Origin": "https://allowed.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "https://allowed.example"


def test_a_declared_oversized_body_is_413_without_reading_it(narrow):
    response = narrow.post(
        "/sparql",
        content=b"ASK {} #" + b"x" * 4000,
        headers={"Content-Type": "application/sparql-query", "Origin": "https://allowed.example"},
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["connection"] == "close"
    assert response.headers["access-control-allow-origin"] == "https://allowed.example"
    assert response.json()["detail"] == "the request body is larger than the 2048 bytes accepted"


def test_a_streamed_oversized_body_is_413(narrow):
    def chunks():
        yield b"ASK {} #"
        for _ in range(10):
            yield b"x" * 500

    response = narrow.post("/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413
    assert response.json()["status"] == 413


@pytest.mark.parametrize(
    ("request_kwargs", "status", "title"),
    [
        ({"params": {"query": "SELECT * WHERE { ?s ?p }"}}, 400, "SPARQL query syntax"),
        ({"params": {"query": "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }"}}, 400, "SPARQL query refused"),
        ({"params": {"query": "ASK {}", "update": "CLEAR ALL"}}, 405, "SPARQL query update"),
        ({"params": {"query": ["ASK {}", "ASK {}"]}}, 400, "Bad Request"),
        ({"params": {"query": "ASK {}"}, "headers": {"Accept": "image/png"}}, 406, "Not Acceptable"),
        ({"params": {"query": "ASK {}", "default-graph-uri": "not an iri"}}, 400, "Bad Request"),
    ],
)
def test_errors_are_problems(narrow, request_kwargs, status, title):
    response = narrow.get("/sparql", **request_kwargs)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["title"] == title
    assert response.headers["vary"] == "Origin"


def test_post_errors_are_problems(narrow):
    response = narrow.post("/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert response.status_code == 415 and response.json()["detail"].startswith("unsupported Content-Type 'text/plain'")
    response = narrow.post("/sparql", content=b"\xff", headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 400 and response.json()["detail"] == "the query is not valid UTF-8"


def test_the_row_cap_header_is_exposed(sample_store_path):
    with TestClient(
        create_app(Settings(base_iri=BASE, store=sample_store_path, query_workers=0, max_rows=3))
    ) as client:
        response = client.get(
            "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Origin": "https://a.example"}
        )
    assert response.headers["x-sparql-maxrows"] == "3"
    assert len(response.json()["results"]["bindings"]) == 3


def test_a_repeated_lookup_runs_in_the_server_process(client):
    """Issue 21: the second time, a small query skips the worker (CABLEGRAPH_QUERY_INLINE_MS)."""
    pool = client.app.state.services.pool
    query = {"query": "SELECT ?p WHERE { ?s ?p ?o } LIMIT 3"}
    before = pool.stats.inline
    first = client.get("/sparql", params=query)
    second = client.get("/sparql", params=query)
    assert first.status_code == second.status_code == 200 and first.content == second.content
    assert pool.stats.inline == before + 1
