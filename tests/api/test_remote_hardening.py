"""Hardening holds on a remote store: what the embedded store's server refuses, a server of a
remote store refuses with the same status, and the engine never hears of it.

The remote store is the recording endpoint of tests/api/conftest.py (the samples in an in-memory
Oxigraph behind HTTP), so "never reaches the engine" is a list of requests that must not grow.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from cablegraph.api.app import create_app

DIRECT = {"Content-Type": "application/sparql-query"}
DEEP = "(" * 5000 + "1" + ")" * 5000
# name -> (method, path, request arguments): each is refused before any engine sees the query
REFUSED = {
    "SERVICE": (
        "POST",
        "/sparql",
        {"content": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }", "headers": DIRECT},
    ),
    "SERVICE SILENT, lower case, by GET": (
        "GET",
        "/sparql",
        {"params": {"query": "select * where { service silent <http://127.0.0.1:9/> { ?s ?p ?o } }"}},
    ),
    "SERVICE ?variable": (
        "POST",
        "/sparql",
        {"data": {"query": "SELECT * WHERE { VALUES ?e { <http://127.0.0.1:9/> } SERVICE ?e { ?s ?p ?o } }"}},
    ),
    "SERVICE in FILTER EXISTS": (
        "POST",
        "/sparql",
        {"content": "ASK { FILTER EXISTS { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }", "headers": DIRECT},
    ),
    "SERVICE as a codepoint escape": (
        "POST",
        "/sparql",
        {
            "content": "SELECT ?x WHERE { ?s ?p ?o . \\u0053ERVICE <http://127.0.0.1:9/x> { ?x ?y ?z } }",
            "headers": DIRECT,
        },
    ),
    "SERVICE after a comment ended by CR": (
        "POST",
        "/sparql",
        {"content": "SELECT ?x WHERE { # c\rSERVICE <http://127.0.0.1:9/x> { ?x ?y ?z } }", "headers": DIRECT},
    ),
    "update= by GET": ("GET", "/sparql", {"params": {"update": "DROP ALL"}}),
    "update= in a form": ("POST", "/sparql", {"data": {"update": 'INSERT DATA { <http://a/b> <http://a/c> "x" }'}}),
    "an application/sparql-update body": (
        "POST",
        "/sparql",
        {"content": "DROP ALL", "headers": {"Content-Type": "application/sparql-update"}},
    ),
    "an update as the query": (
        "GET",
        "/sparql",
        {"params": {"query": 'INSERT DATA { <http://a/b> <http://a/c> "x" }'}},
    ),
    "DELETE WHERE as the query": ("POST", "/sparql", {"content": "DELETE WHERE { ?s ?p ?o }", "headers": DIRECT}),
    "PUT to /sparql": (
        "PUT",
        "/sparql",
        {"content": '<http://a/b> <http://a/c> "x" .', "headers": {"Content-Type": "application/n-triples"}},
    ),
    "nesting too deep": ("POST", "/sparql", {"content": f"SELECT * WHERE {{ FILTER({DEEP}) }}", "headers": DIRECT}),
    "brackets inside '<' ... '>'": (
        "POST",
        "/sparql",
        {"content": f"SELECT * WHERE {{ ?c ?p ?o FILTER(?c<{DEEP}&&?c>?c) }}", "headers": DIRECT},
    ),
    "a run of unary operators": (
        "POST",
        "/sparql",
        {"content": "SELECT * WHERE { ?c ?p ?o FILTER(" + "!" * 5000 + "true) }", "headers": DIRECT},
    ),
    "a query too long for a POST": ("POST", "/sparql", {"content": "ASK {}" + " " * 70_000, "headers": DIRECT}),
    "a body over the limit": ("POST", "/sparql", {"content": "ASK {}" + " " * (2 * 1024 * 1024), "headers": DIRECT}),
}


@pytest.fixture(scope="module")
def remote(remote_settings):
    with TestClient(create_app(remote_settings)) as client:
        yield client


@pytest.mark.parametrize("name", list(REFUSED))
def test_refused_with_the_embedded_stores_status_and_never_sent_to_the_engine(name, remote, client, recording_endpoint):
    method, path, arguments = REFUSED[name]
    before = recording_endpoint.seen()
    got = remote.request(method, path, **arguments)
    assert recording_endpoint.seen() == before, f"{name} reached the engine"
    want = client.request(method, path, **arguments)
    assert 400 <= got.status_code < 500 and got.status_code == want.status_code, (
        name,
        got.status_code,
        want.status_code,
        got.text[:200],
    )
    assert got.headers["content-type"] == "application/problem+json"
    if "detail" in want.json():
        assert got.json()["detail"] == want.json()["detail"]


def test_an_allowed_query_does_reach_the_engine(remote, recording_endpoint):
    """The control: the endpoint records what a server sends it."""
    query = "ASK { ?t a <https://w3id.org/cablegraph/ns#Telegram> }"
    response = remote.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200 and response.json()["boolean"] is True
    assert any(query in text for _, text in recording_endpoint.seen())


def test_the_word_service_in_a_literal_still_reaches_the_engine(remote, recording_endpoint):
    query = 'SELECT * WHERE { ?s ?p "SERVICE <http://x/>" } # SERVICE'
    response = remote.post("/sparql", content=query, headers=DIRECT)
    assert response.status_code == 200 and response.json()["results"]["bindings"] == []
    assert any(query in text for _, text in recording_endpoint.seen())
