"""Where no worker pool schedules queries (a remote store), a query shaped like a cross product
runs only while the heavy lane has room; the next is refused (503) before the engine hears of it,
and lookups go on."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from cablegraph.api.deps import Services
from cablegraph.api.routers.sparql import _run_in_process
from cablegraph.api.settings import Settings
from cablegraph.graph.query.execute import QueryJob
from cablegraph.graph.query.pool import EngineClock, Overloaded
from cablegraph.graph.store.remote import RemoteGraphStore

CROSS_PRODUCT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LOOKUP = "SELECT ?date WHERE { <http://127.0.0.1:8000/id/telegram/000> <http://purl.org/dc/terms/date> ?date }"
EMPTY = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": []}}).encode()


class _SlowEngine(BaseHTTPRequestHandler):
    heard: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        self.heard.append(body)
        time.sleep(1.0 if "%3Fg+%3Fh" in body or "?g ?h" in body else 0)
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(EMPTY)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def services():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SlowEngine)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _SlowEngine.heard = []
    url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    yield Services(Settings(store_url=url, query_heavy_workers=1), RemoteGraphStore(url, read_only=True))
    server.shutdown()


def _job(query: str) -> QueryJob:
    return QueryJob(query, "application/sparql-results+json", "text/turtle", 10_000)


def test_a_second_cross_product_is_refused_while_one_runs_and_lookups_go_on(services):
    async def scenario():
        first = asyncio.create_task(_run_in_process(services, _job(CROSS_PRODUCT), EngineClock()))
        await asyncio.sleep(0.3)  # the first is at the engine now
        with pytest.raises(Overloaded):
            await _run_in_process(services, _job(CROSS_PRODUCT.replace("?i", "?j")), EngineClock())
        looked_up = await _run_in_process(services, _job(LOOKUP), EngineClock())
        return await first, looked_up

    first, looked_up = asyncio.run(scenario())
    assert (
        json.loads(first.body)["results"]["bindings"] == [] and json.loads(looked_up.body)["results"]["bindings"] == []
    )
    assert len(_SlowEngine.heard) == 2, "the refused cross product reached the engine"
    assert services.heavy_lane.running == 0
    # the lane is free again once the first has answered
    again = asyncio.run(_run_in_process(services, _job(CROSS_PRODUCT), EngineClock()))
    assert again.media_type == "application/sparql-results+json" and len(_SlowEngine.heard) == 3
