"""A remote engine that is slow or stops a query at its own limits is a 503 to the client (try
later), as the embedded store's time limit is; only a broken engine is a store error (500)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cablegraph.graph.errors import QueryError, StoreError
from cablegraph.graph.store.remote import RemoteGraphStore

ANSWERS = {
    "/slow": (200, "", 2.0),
    "/cost": (
        500,
        "Virtuoso 42000 Error SQ200: The estimated execution time 37 (sec) exceeds the limit of 5 (sec).",
        0,
    ),
    "/timeout": (500, "Virtuoso S1T00 Error SR171: Transaction timed out", 0),
    "/broken": (500, "Virtuoso 08C01 Error CL: Cluster: No connection to the host", 0),
}


class _Engine(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        status, body, delay = ANSWERS[self.path]
        time.sleep(delay)
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(body.encode())
        except OSError:
            pass  # the client gave up waiting

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def engine():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Engine)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("path", ["/slow", "/cost", "/timeout"])
def test_a_query_stopped_by_time_or_the_engine_limits_is_a_timeout(engine, path):
    store = RemoteGraphStore(engine + path, timeout_s=0.5, read_only=True)
    with pytest.raises(QueryError) as raised:
        store.query("SELECT * WHERE { ?s ?p ?o . ?a ?b ?c }")
    assert raised.value.kind == "timeout"


def test_a_broken_engine_is_a_store_error(engine):
    store = RemoteGraphStore(engine + "/broken", timeout_s=0.5, read_only=True)
    with pytest.raises(StoreError, match="answered 500"):
        store.query("SELECT * WHERE { ?s ?p ?o }")


def test_the_timeout_is_answered_503_with_retry_after(engine):
    from cablegraph.api.errors import query_problem
    from cablegraph.api.settings import Settings

    store = RemoteGraphStore(engine + "/cost", timeout_s=0.5, read_only=True)
    with pytest.raises(QueryError) as raised:
        store.query("SELECT * WHERE { ?s ?p ?o . ?a ?b ?c }")
    answer = query_problem(raised.value, Settings())
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "5"
    assert answer.media_type == "application/problem+json"
