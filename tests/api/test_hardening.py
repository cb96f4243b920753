"""The reliability cases of HARDENING.md §8, against the app as served (query workers on)."""

import concurrent.futures
import http.server
import socket
import threading
import time

import pytest
from fastapi.testclient import TestClient

from cablegraph.api.app import create_app
from cablegraph.api.settings import Settings

BASE = "http://127.0.0.1:8000/"
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z . ?d ?t ?w }"


@pytest.fixture(scope="module")
def canary():
    """A tiny HTTP server on 127.0.0.1 that records every request it gets."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], requests
    server.shutdown()


@pytest.fixture(scope="module")
def strict_client(sample_store_path):
    """One worker, a queue of one, a two-second limit: small enough to exercise every limit."""
    settings = Settings(
        base_iri=BASE,
        store=sample_store_path,
        query_workers=1,
        query_queue=1,
        query_timeout_s=2.0,
        max_rows=10,
        client_errors=1000,
        client_concurrent=100,  # one client plays many here: the pool's limits are tested
    )
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}",
        "select * where {{ service <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ VALUES ?e {{ <http://127.0.0.1:{port}/> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }} }} }}",
        "ASK {{ FILTER EXISTS {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }} }}",
        # Issue 16's bypasses: a comment ended by CR, a keyword glued to a number, a codepoint escape.
        "SELECT ?x WHERE {{ # c\rSERVICE <http://127.0.0.1:{port}/x> {{ ?x ?y ?z }} }}",
        "SELECT ?x WHERE {{ ?s ?p 1SERVICE<http://127.0.0.1:{port}/x>{{ ?x ?y ?z }} }} LIMIT 1",
        "SELECT ?x WHERE {{ ?s ?p ?o . \\u0053ERVICE <http://127.0.0.1:{port}/x> {{ ?x ?y ?z }} }}",
    ],
)
def test_service_is_refused_and_never_called(client, canary, template):
    port, requests = canary
    response = client.post(
        "/sparql", content=template.format(port=port), headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 400 and "SERVICE" in response.json()["detail"]
    assert requests == []


def test_the_word_service_in_a_literal_is_fine(client):
    response = client.post(
        "/sparql",
        content='SELECT * WHERE { ?s ?p "SERVICE <http://x/>" } # SERVICE',
        headers={"Content-Type": "application/sparql-query"},
    )
    assert response.status_code == 200


def test_no_dataset_fetching(client, canary):
    port, requests = canary
    response = client.get("/sparql", params={"query": f"ASK FROM <http://127.0.0.1:{port}/g.ttl> {{ ?s ?p ?o }}"})
    assert response.status_code == 200 and response.json()["boolean"] is False
    response = client.get(
        "/sparql", params={"query": "ASK { ?s ?p ?o }", "default-graph-uri": f"http://127.0.0.1:{port}/g.ttl"}
    )
    assert response.status_code == 200 and response.json()["boolean"] is False
    assert requests == []


def test_runaway_query_is_stopped_and_the_next_answers_at_once(strict_client):
    started = time.monotonic()
    response = strict_client.get("/sparql", params={"query": CROSS_PRODUCT})
    assert time.monotonic() - started < 4
    assert response.status_code == 503 and response.headers["content-type"] == "application/problem+json"
    assert response.json()["limit_s"] == 2.0 and "Retry-After" in response.headers
    pool = strict_client.app.state.services.pool
    assert pool.stats.timed_out >= 1 and all(w.process.is_alive() for w in pool._all)
    started = time.monotonic()
    assert strict_client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize(
    "deep",
    [
        "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
        # Brackets between "<" and ">" that the old guard took for an IRI (issue 16).
        "SELECT * WHERE { ?c ?p ?o FILTER(?c<" + "(" * 5000 + "1" + ")" * 5000 + "&&?c>?c) }",
        "SELECT * WHERE { ?c ?p ?o FILTER(" + "!" * 5000 + "true) }",
    ],
)
def test_deep_nesting_is_refused_and_the_server_lives(client, deep):
    response = client.post("/sparql", content=deep, headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 400 and "nesting too deep" in response.json()["detail"]
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200


def test_size_limits(client, sample_store_path):
    big = "ASK {}" + " " * (2 * 1024 * 1024)
    assert client.post("/sparql", content=big, headers={"Content-Type": "application/sparql-query"}).status_code == 413
    with TestClient(create_app(Settings(store=sample_store_path, query_workers=0, max_query_length=1000))) as small:
        long_query = "ASK {}" + "#" * 2000
        assert small.get("/sparql", params={"query": long_query}).status_code == 414
        assert small.post("/sparql", data={"query": long_query}).status_code == 413
    assert client.get("/api/telegrams", params={"limit": 1_000_000}).status_code == 422
    assert client.get("/healthz").status_code == 200


def test_row_cap_is_explicit(strict_client):
    response = strict_client.get("/sparql", params={"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"})
    assert len(response.json()["results"]["bindings"]) == 10
    assert response.headers["X-SPARQL-MaxRows"] == "10"
    small = strict_client.get("/sparql", params={"query": "SELECT * WHERE { BIND(1 AS ?x) }"})
    assert "X-SPARQL-MaxRows" not in small.headers


def test_overload_sheds_with_503_not_500(strict_client):
    def slow(_):
        return strict_client.get("/sparql", params={"query": CROSS_PRODUCT})

    with concurrent.futures.ThreadPoolExecutor(6) as executor:
        statuses = [r.status_code for r in executor.map(slow, range(6))]
    assert 500 not in statuses and set(statuses) <= {503}
    assert strict_client.get("/healthz").status_code == 200
    assert strict_client.get("/sparql", params={"query": "ASK {}"}).status_code == 200


def test_per_client_budget(sample_store_path):
    settings = Settings(base_iri=BASE, store=sample_store_path, query_workers=0, client_errors=3)
    app = create_app(settings)
    with TestClient(app, client=("10.0.0.1", 1)) as greedy, TestClient(app, client=("10.0.0.2", 1)) as other:
        for _ in range(3):
            assert greedy.get("/sparql", params={"query": "SELECT ?x WHERE {"}).status_code == 400
        refused = greedy.get("/sparql", params={"query": "ASK {}"})
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
        assert other.get("/sparql", params={"query": "ASK {}"}).status_code == 200


def test_every_error_has_the_problem_shape(client):
    for response in (
        client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"}),
        client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "application/foo"}),
        client.post("/sparql", content="ASK {}", headers={"Content-Type": "text/plain"}),
        client.get("/api/telegrams/missing"),
        client.get("/no/such/route"),
        client.delete("/sparql"),
    ):
        assert response.headers["content-type"] == "application/problem+json", response.url
        body = response.json()
        assert body["status"] == response.status_code and body["title"]


def test_catastrophic_regex_finishes_or_times_out(strict_client):
    query = 'SELECT * WHERE { BIND("aaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" AS ?o) FILTER(REGEX(?o, "^(a+)+$")) }'
    started = time.monotonic()
    response = strict_client.get("/sparql", params={"query": query})
    assert response.status_code in (200, 503) and time.monotonic() - started < 4


def test_cors_on_read_routes(client):
    response = client.get("/api/telegrams", headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    preflight = client.options(
        "/sparql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200 and "POST" in preflight.headers["access-control-allow-methods"]


def test_xml_bombs_are_rejected_at_build(tmp_path, seeds_dir, context, minter):
    import shutil

    from cablegraph.graph.build.pipeline import Outcome, ingest
    from cablegraph.graph.store.embedded import GraphStore

    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    levels = "".join(f'<!ENTITY l{i} "&l{i - 1};&l{i - 1};&l{i - 1};&l{i - 1};&l{i - 1};">' for i in range(1, 7))
    bomb = f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">{levels}]><r>&l6;</r>'
    (corpus / "bomb.txt").write_text(bomb, encoding="utf-8")
    started = time.monotonic()
    report = ingest([corpus], GraphStore.in_memory(), minter, context)
    assert time.monotonic() - started < 30
    [failed] = [d for d in report.documents if d.outcome is Outcome.FAILED]
    assert failed.path.endswith("bomb.txt") and "entity declarations are not allowed" in failed.message
    assert report.count(Outcome.LOADED) == 5


def test_no_remote_jsonld_contexts(tmp_path, canary):
    from cablegraph.graph.errors import StoreError
    from cablegraph.graph.store.embedded import GraphStore

    port, requests = canary
    document = tmp_path / "remote.jsonld"
    document.write_text(
        f'{{"@context": "http://127.0.0.1:{port}/ctx", "@id": "http://e/a", "p": "x"}}', encoding="utf-8"
    )
    with pytest.raises(StoreError):
        GraphStore.in_memory().load_file(document)
    assert requests == []


def test_dataset_iri_dereferences(client):
    response = client.get("/id/dataset", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and "void:Dataset" in response.text


def test_killed_query_worker_is_replaced(strict_client):
    pool = strict_client.app.state.services.pool

    def kill_soon():
        time.sleep(0.5)
        for worker in list(pool._all):
            if worker is not pool._spare:
                worker.process.kill()

    threading.Thread(target=kill_soon).start()
    response = strict_client.get("/sparql", params={"query": CROSS_PRODUCT})
    assert response.status_code in (500, 503) and response.headers["content-type"] == "application/problem+json"
    assert strict_client.get("/sparql", params={"query": "ASK {}"}).status_code == 200


def test_a_service_call_past_the_guard_never_leaves_the_worker(sample_store_path, canary):
    """Issue 16, defence in depth: the guard is bypassed by handing the pool a job directly; the
    worker's seccomp filter makes the engine's socket fail, so the listener sees nothing."""
    import asyncio

    from cablegraph.graph.errors import QueryError
    from cablegraph.graph.query.execute import QueryJob
    from cablegraph.graph.query.pool import QueryPool

    port, requests = canary
    job = QueryJob(
        f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}",
        "application/sparql-results+json",
        "text/turtle",
        max_rows=10,
    )

    async def run() -> str:
        pool = QueryPool(sample_store_path, workers=1, queue=1, timeout_s=10)
        await pool.start()
        try:
            with pytest.raises(QueryError) as failed:
                await pool.run(job)
            return str(failed.value)
        finally:
            pool.close()

    message = asyncio.run(run())
    assert requests == [], message
    assert "ermission denied" in message or "13" in message, message


def test_the_cli_query_cannot_reach_the_network(sample_store_path, canary, monkeypatch):
    """`cablegraph query` runs the engine in its own process: the same filter holds there."""
    import subprocess
    import sys

    port, requests = canary
    code = (
        "import cablegraph.graph.sparql.guard as g; g.check_query = lambda q, *a, **k: 'SELECT';"
        "import cablegraph.cli.query as q; q.check_query = g.check_query; import cablegraph.cli.app as c; c.main()"
    )
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}"
    done = subprocess.run(
        [sys.executable, "-c", code, "query", query, "--store", str(sample_store_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0, done.stdout
    assert requests == []


def test_workers_die_with_a_killed_server(sample_store_path, tmp_path):
    """Issue 16: after SIGKILL of `cablegraph serve`, no query worker is left within 2 s."""
    import os
    import signal
    import subprocess
    import sys

    import psutil

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cablegraph.cli.app",
            "serve",
            "--store",
            str(sample_store_path),
            "--port",
            str(port),
            "--host",
            "127.0.0.1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        import httpx

        for _ in range(300):
            try:
                if (
                    httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": "ASK {}"}, timeout=1).status_code
                    == 200
                ):
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        workers = psutil.Process(server.pid).children(recursive=True)
        assert workers, "the server started no query worker"
        os.kill(server.pid, signal.SIGKILL)
        server.wait(5)
        _gone, alive = psutil.wait_procs(workers, timeout=2)
        assert alive == [], [p.pid for p in alive]
    finally:
        if server.poll() is None:
            server.kill()
