"""A remote store for the API tests that needs no engine installed: a SPARQL endpoint on 127.0.0.1
that answers from an in-memory Oxigraph holding the samples, and records every request it gets.

What a server sends to its remote store (and what it must not send) is then a list to assert on:
refused queries never reach it, and a server's start-up reads no catalogue from it.
"""

from __future__ import annotations

import http.server
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import pytest

from cablegraph.api.settings import Settings
from cablegraph.graph.catalogue.database import Catalogue
from cablegraph.graph.store.embedded import GraphStore
from cablegraph.graph.store.remote import RemoteGraphStore
from tests.conftest import BASE


@dataclass
class RecordingEndpoint:
    base: str
    store: ox.Store
    requests: list[tuple[str, str]] = field(default_factory=list)  # (method, the query or the graph named)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    @property
    def graph_store_url(self) -> str:
        return f"{self.base}/store"

    def seen(self) -> list[tuple[str, str]]:
        with self.lock:
            return list(self.requests)


class _RecordingHandler(http.server.BaseHTTPRequestHandler):
    """Answers from `self.endpoint.store` and records each request; `endpoint` is set per server by `_handler`."""

    endpoint: RecordingEndpoint

    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self._query(parse_qs(urlsplit(self.path).query))

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length") or 0)).decode("utf-8")
        if self.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            self._query(parse_qs(body, keep_blank_values=True))
        else:
            self._query({"query": [body]})

    def do_PUT(self):
        graph = parse_qs(urlsplit(self.path).query)["graph"][0]
        body = self.rfile.read(int(self.headers.get("content-length") or 0))
        self._record("PUT", graph)
        name = ox.NamedNode(graph)
        self.endpoint.store.remove_graph(name)
        self.endpoint.store.load(body, format=ox.RdfFormat.N_TRIPLES, to_graph=name)
        self._send(204, b"", "text/plain")

    def do_DELETE(self):
        graph = parse_qs(urlsplit(self.path).query)["graph"][0]
        self._record("DELETE", graph)
        name = ox.NamedNode(graph)
        found = self.endpoint.store.contains_named_graph(name)
        if found:
            self.endpoint.store.remove_graph(name)
        self._send(204 if found else 404, b"", "text/plain")

    def _query(self, params: dict[str, list[str]]) -> None:
        text = params.get("query", [""])[0]
        self._record(self.command, text)
        try:
            answer = self.endpoint.store.query(
                text,
                use_default_graph_as_union=params.get("union-default-graph") == ["true"],
                default_graph=[ox.NamedNode(g) for g in params.get("default-graph-uri", [])] or None,
                named_graphs=[ox.NamedNode(g) for g in params.get("named-graph-uri", [])] or None,
            )
        except SyntaxError as error:
            self._send(400, str(error).encode("utf-8"), "text/plain")
            return
        if isinstance(answer, (ox.QuerySolutions, ox.QueryBoolean)):
            self._send(200, answer.serialize(format=ox.QueryResultsFormat.JSON), "application/sparql-results+json")
        else:
            self._send(200, answer.serialize(format=ox.RdfFormat.N_TRIPLES), "application/n-triples")

    def _record(self, method: str, what: str) -> None:
        with self.endpoint.lock:
            self.endpoint.requests.append((method, what))

    def _send(self, status: int, body: bytes, media: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _handler(endpoint: RecordingEndpoint) -> type[_RecordingHandler]:
    return type("Handler", (_RecordingHandler,), {"endpoint": endpoint})


@contextmanager
def serve_endpoint(store: ox.Store) -> Iterator[RecordingEndpoint]:
    """`store` behind a recording SPARQL 1.1 endpoint (Query and Graph Store protocols) on 127.0.0.1."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), None)
    endpoint = RecordingEndpoint(f"http://127.0.0.1:{server.server_address[1]}", store)
    server.RequestHandlerClass = _handler(endpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield endpoint
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def recording_endpoint(sample_store_path) -> Iterator[RecordingEndpoint]:
    """The samples behind a recording endpoint."""
    dumped = io.BytesIO()
    GraphStore.open(sample_store_path, read_only=True).dump(dumped, ox.RdfFormat.N_QUADS)
    memory = ox.Store()
    memory.load(dumped.getvalue(), format=ox.RdfFormat.N_QUADS)
    with serve_endpoint(memory) as endpoint:
        yield endpoint


@pytest.fixture(scope="session")
def remote_catalogue(recording_endpoint, minter, tmp_path_factory) -> Path:
    """The catalogue of the endpoint's samples, made as `cablegraph catalogue` makes it."""
    path = tmp_path_factory.mktemp("remote-catalogue") / "catalogue.sqlite"
    catalogue = Catalogue(path)
    catalogue.refresh(RemoteGraphStore(recording_endpoint.query_url), minter)
    catalogue.close()
    return path


@pytest.fixture(scope="session")
def remote_settings(recording_endpoint, remote_catalogue) -> Settings:
    """A server of the recording endpoint, as an operator would set it up."""
    return Settings(base_iri=BASE, store_url=recording_endpoint.query_url, catalogue=remote_catalogue)
