"""bench/wrk.py drives wrk and reads its numbers; the report judges issue 21's targets from them."""

from __future__ import annotations

import http.server
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `bench` is a top-level folder run as `python -m bench`, not an installed package
    sys.path.insert(0, str(ROOT))

from bench import report_serving, report_targets
from bench.client import Endpoint
from bench.wrk import run_wrk, wrk_available


@pytest.mark.skipif(not wrk_available(), reason="wrk is not installed")
def test_wrk_cycles_through_the_paths_and_reports_its_percentiles():
    seen: list[tuple[str, str]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            seen.append((self.path, self.headers["Accept"]))
            status = 404 if self.path == "/missing" else 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        endpoint = Endpoint("test", server.server_address[1], "/sparql")
        result = run_wrk(endpoint, ["/a?x=1", "/b", "/missing"], connections=1, seconds=1, accept="text/csv")
    finally:
        server.shutdown()
    assert len(seen) - 1 <= result.requests <= len(seen) and result.requests > 3  # one may be in flight when wrk stops
    assert {path for path, _ in seen} == {"/a?x=1", "/b", "/missing"} and {accept for _, accept in seen} == {"text/csv"}
    assert (
        result.non2xx in {(missing := sum(1 for path, _ in seen if path == "/missing")), missing - 1}
        and result.non2xx > 0
    )
    assert 0 < result.p50_ms <= result.p90_ms <= result.p99_ms and result.per_second > 0


def _step(key: str, cablegraph: dict, oxigraph: dict) -> dict:
    return {
        "key": key,
        "title": key,
        "connections": 1,
        "runs": {
            "cablegraph": [dict(cablegraph, non2xx=0, p99_ms=9.0)],
            "oxigraph": [dict(oxigraph, non2xx=0, p99_ms=3.0)],
        },
    }


def test_issue_21_targets_are_judged_from_the_wrk_medians():
    entry = {
        "wrk": {
            "rounds": 1,
            "seconds": 5,
            "steps": [
                _step("lookup_1c", {"p50_ms": 0.9, "per_second": 900.0}, {"p50_ms": 0.5, "per_second": 1800.0}),
                _step("lookup_8c", {"p50_ms": 8.0, "per_second": 800.0}, {"p50_ms": 4.0, "per_second": 2000.0}),
            ],
        }
    }
    assert report_targets._wrk_latency(entry) == ("0.90 vs 0.50 ms (1.80×), wrk, 1 connection", False)
    assert report_targets._wrk_throughput(entry) == ("800 vs 2,000 req/s (0.40×), wrk, 8 connections", True)
    section = "\n".join(report_serving.wrk_section(entry))
    assert "| lookup_1c | 1 | 0.90 / 0.50 (1.80×) | 9.00 / 3.00 (3.00×) | 900.00 / 1,800.00 (0.50×) |" in section
