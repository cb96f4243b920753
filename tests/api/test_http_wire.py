"""The HTTP wire, as a hostile or merely slow client meets it (HARDENING.md §8, issue 16 item 6): slow and
trickling clients are cut off, real SPARQL clients work, and every rejection is problem+json, the parser's too."""

import socket
import time

import pytest

from cablegraph.api.settings import Settings
from tests.api.serving import serving

BASE = "http://127.0.0.1:8000/"


@pytest.fixture(scope="module", params=["httptools", "h11"])
def live_server(sample_store_path, request):
    settings = Settings(
        base_iri=BASE,
        store=sample_store_path,
        query_workers=1,
        header_timeout_s=1.0,
        body_timeout_s=1.0,
        max_request_line_bytes=4096,
    )
    with serving(settings, request.param) as url:
        yield url


def test_slow_clients_are_cut_off(live_server):
    import httpx

    host, port = live_server.removeprefix("http://").split(":")
    assert httpx.get(f"{live_server}/sparql", params={"query": "ASK {}"}, timeout=30).status_code == 200  # warm
    slow = [socket.create_connection((host, int(port))) for _ in range(10)]
    for connection in slow:
        connection.sendall(b"GET /sparql?query=ASK")
    started = time.monotonic()
    assert httpx.get(f"{live_server}/sparql", params={"query": "ASK {}"}).status_code == 200
    assert time.monotonic() - started < 1
    time.sleep(1.5)
    for connection in slow:
        connection.settimeout(2)
        assert connection.recv(1024) == b""  # closed by the server
        connection.close()


def test_real_clients(live_server):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore
    from SPARQLWrapper import JSON, SPARQLWrapper

    wrapper = SPARQLWrapper(f"{live_server}/sparql")
    wrapper.setQuery("PREFIX cg: <https://w3id.org/cablegraph/ns#> SELECT (COUNT(?t) AS ?n) WHERE { ?t a cg:Telegram }")
    wrapper.setReturnFormat(JSON)
    assert wrapper.query().convert()["results"]["bindings"][0]["n"]["value"] == "5"
    store = SPARQLStore(f"{live_server}/sparql")
    rows = list(
        store.query("SELECT ?title WHERE { ?t <http://purl.org/dc/terms/title> ?title } ORDER BY ?title LIMIT 1")
    )
    assert str(rows[0][0]).startswith("Cable No. 3355")


# Issue 16, item 6: every rejection is problem+json, the HTTP parser's too.


def _raw(url: str, request: bytes, trickle: bytes = b"", wait_s: float = 10.0) -> tuple[bytes, float]:
    """Send a raw request (then `trickle`, one byte a second) and read until the server closes."""
    host, port = url.removeprefix("http://").split(":")
    started = time.monotonic()
    with socket.create_connection((host, int(port))) as connection:
        connection.sendall(request)
        connection.settimeout(0.5)
        answer = b""
        for byte in trickle:
            try:
                connection.sendall(bytes([byte]))
            except OSError:
                break
            try:
                chunk = connection.recv(65536)
                if not chunk:
                    break
                answer += chunk
            except TimeoutError:
                pass
            time.sleep(0.5)
        connection.settimeout(wait_s)
        while True:
            try:
                chunk = connection.recv(65536)
            except (TimeoutError, ConnectionResetError):
                break
            if not chunk:
                break
            answer += chunk
    return answer, time.monotonic() - started


def _problem(answer: bytes) -> tuple[int, dict]:
    import json

    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    assert b"content-type: application/problem+json" in head.lower(), head
    return status, json.loads(body)


def test_an_overlong_request_line_is_414_problem_json(live_server):
    import httpx

    long_query = "ASK {} #" + "x" * 20_000  # longer than the fixture's 4,096-byte request line
    answer, _ = _raw(live_server, f"GET /sparql?query={long_query} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    status, body = _problem(answer)
    assert status == 414 and body["status"] == 414 and "4096" in body["detail"]
    assert httpx.get(f"{live_server}/sparql", params={"query": "ASK {}"}).status_code == 200


def test_the_parsers_own_rejection_is_problem_json(live_server):
    answer, _ = _raw(live_server, b"GET /sparql?query=ASK HTTP/1.1\r\nHost x\r\n\r\n")  # a header without a colon
    status, body = _problem(answer)
    assert status == 400 and body["status"] == 400


def test_an_overlong_head_is_431_problem_json(live_server):
    headers = "".join(f"X-Filler-{i}: {'y' * 1000}\r\n" for i in range(80))  # 80 KB, past the 64 KiB of headers
    answer, _ = _raw(live_server, f"GET /healthz HTTP/1.1\r\nHost: x\r\n{headers}\r\n".encode())
    status, _ = _problem(answer)
    assert status == 431


def test_an_oversized_body_is_413_problem_json(client, live_server):
    big = "ASK {}" + " " * (2 * 1024 * 1024)
    response = client.post("/sparql", content=big, headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413 and response.headers["content-type"] == "application/problem+json"
    answer, _ = _raw(
        live_server,
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 2000000\r\n\r\nASK {}",
    )
    status, body = _problem(answer)
    assert status == 413 and "1048576" in body["detail"]


def test_a_trickled_body_is_cut_off_with_408(live_server):
    request = (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\n"
    )
    answer, seconds = _raw(live_server, request, trickle=b"ASK {}" + b" " * 20)
    status, body = _problem(answer)
    assert status == 408 and "1 s" in body["detail"]
    assert seconds < 8  # cut off at the 1 s deadline, not after the 26 bytes of trickle


@pytest.mark.parametrize("path", ["/api/telegrams", "/api/network", "/api/timeline", "/api/places", "/api/units"])
def test_an_impossible_date_is_422(client, path):
    for bad in ("1950-13-45", "1950-02-30", "1950-00"):
        response = client.get(path, params={"start": bad})
        assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json", (
            path,
            bad,
        )
    assert client.get(path, params={"start": "1950-02-28", "end": "1951"}).status_code == 200


def test_deeply_nested_reconcile_json_is_400(client):
    nested = "[" * 100_000 + "]" * 100_000
    response = client.post("/reconcile", data={"queries": nested})
    assert response.status_code == 400 and response.headers["content-type"] == "application/problem+json"
    assert "nested too deeply" in response.json()["detail"]


def test_a_symlink_loop_is_reported_by_name_by_build(tmp_path, seeds_dir):
    import shutil

    from typer.testing import CliRunner

    from cablegraph.cli.app import app

    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    (corpus / "sub").mkdir()
    (corpus / "sub" / "back").symlink_to("..")  # a folder that leads back to the corpus
    (corpus / "self.txt").symlink_to("self.txt")  # a file that points at itself
    built = CliRunner(env={"COLUMNS": "300"}).invoke(app, ["build", str(corpus), "--store", str(tmp_path / "store")])
    assert built.exit_code == 1, built.output
    assert "sub/back: symbolic link loop" in built.output and "self.txt: symbolic link loop" in built.output
    assert "5 loaded" in built.output
