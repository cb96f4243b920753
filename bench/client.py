"""A small, light HTTP client for timing: one keep-alive connection per thread.

http.client rather than httpx because at 1,000+ requests/s on two cores the client's own
cost shows in the numbers; the same client is used for every server, so ratios stay fair.
"""

from __future__ import annotations

import http.client
import json
import math
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

SPARQL_JSON = "application/sparql-results+json"


@dataclass(frozen=True)
class Endpoint:
    """One server, and the path its SPARQL query service answers on."""

    name: str
    port: int
    sparql_path: str
    host: str = "127.0.0.1"

    def sparql(self, query: str) -> tuple[str, str]:
        return f"{self.sparql_path}?{urlencode({'query': query})}", SPARQL_JSON


@dataclass
class Answer:
    status: int
    seconds: float
    body: bytes = b""
    error: str | None = None


class Connection:
    """A keep-alive connection that reconnects after any failure."""

    def __init__(self, endpoint: Endpoint, timeout: float = 120.0, source: str | None = None) -> None:
        """`source`: the local address to connect from (127.0.0.x), so one machine plays many clients."""
        self.endpoint, self.timeout, self.source = endpoint, timeout, source
        self._conn: http.client.HTTPConnection | None = None

    def get(self, path: str, accept: str = "application/json", keep_body: bool = False) -> Answer:
        started = time.perf_counter()
        try:
            if self._conn is None:
                self._conn = http.client.HTTPConnection(
                    self.endpoint.host,
                    self.endpoint.port,
                    timeout=self.timeout,
                    source_address=(self.source, 0) if self.source else None,
                )
            self._conn.request("GET", path, headers={"Accept": accept})
            response = self._conn.getresponse()
            body = response.read()
            if response.getheader("connection", "").lower() == "close":
                self.close()
            return Answer(response.status, time.perf_counter() - started, body if keep_body else b"")
        except (OSError, http.client.HTTPException) as error:
            self.close()
            return Answer(0, time.perf_counter() - started, error=f"{type(error).__name__}: {error}")

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def rows_of(body: bytes) -> int | None:
    """Rows in a SPARQL JSON answer (or items/features/links in our JSON), for a sanity check."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if isinstance(data, dict):
        if "results" in data:
            return len(data["results"].get("bindings", []))
        for key in ("items", "features", "links"):
            if key in data:
                return len(data[key])
    if isinstance(data, list):
        return len(data)
    return None


@dataclass
class Latency:
    runs: int
    median_ms: float | None
    p95_ms: float | None
    mean_ms: float | None
    max_ms: float | None
    statuses: dict[str, int] = field(default_factory=dict)
    rows: int | None = None
    note: str = ""

    @classmethod
    def of(cls, seconds: list[float], statuses: Counter[int | str | None], rows: int | None, note: str = "") -> Latency:
        if not seconds:
            return cls(0, None, None, None, None, {str(k): v for k, v in statuses.items()}, rows, note)
        ms = sorted(s * 1000 for s in seconds)
        return cls(
            len(ms),
            round(statistics.median(ms), 2),
            round(percentile(ms, 95), 2),
            round(statistics.fmean(ms), 2),
            round(ms[-1], 2),
            {str(k): v for k, v in statuses.items()},
            rows,
            note,
        )


def percentile(ordered: list[float], pct: float) -> float:
    """Nearest-rank percentile of sorted values."""
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), math.ceil(pct / 100 * len(ordered))))
    return ordered[rank - 1]


def measure(
    endpoint: Endpoint, path: str, accept: str, warmup: int, runs: int, budget_s: float, timeout: float = 120.0
) -> Latency:
    """Median and p95 over `runs` sequential requests after `warmup`; stops early past `budget_s`."""
    connection = Connection(endpoint, timeout)
    statuses: Counter[int | str | None] = Counter()
    first = connection.get(path, accept, keep_body=True)
    statuses[first.status or first.error] += 1
    rows = rows_of(first.body) if first.status == 200 else None
    if first.status != 200:
        connection.close()
        detail = first.error or first.body[:200].decode("utf-8", "replace")
        return Latency.of([], statuses, None, f"status {first.status}: {detail}")
    for _ in range(max(0, warmup - 1)):
        statuses[connection.get(path, accept).status] += 1
    seconds: list[float] = []
    started = time.monotonic()
    note = ""
    for _ in range(runs):
        answer = connection.get(path, accept)
        statuses[answer.status or answer.error] += 1
        if answer.status == 200:
            seconds.append(answer.seconds)
        if time.monotonic() - started > budget_s:
            note = f"stopped after {len(seconds)} runs (time budget {budget_s:.0f} s)"
            break
    connection.close()
    return Latency.of(seconds, statuses, rows, note)


@dataclass
class Throughput:
    clients: int
    seconds: float
    requests: int
    ok: int
    per_second: float
    p50_ms: float | None
    p99_ms: float | None
    statuses: dict[str, int]


def hammer(
    endpoint: Endpoint, paths: list[tuple[str, str]], clients: int, duration_s: float, timeout: float = 60.0
) -> Throughput:
    """`clients` threads, each on its own connection, cycling through `paths` for `duration_s`."""
    stop = threading.Event()
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: Counter[int | str] = Counter()

    def worker(offset: int) -> None:
        connection = Connection(endpoint, timeout)
        mine: list[float] = []
        counts: Counter[int | str] = Counter()
        i = offset
        while not stop.is_set():
            path, accept = paths[i % len(paths)]
            i += clients
            answer = connection.get(path, accept)
            counts[answer.status or "error"] += 1
            if answer.status == 200:
                mine.append(answer.seconds)
        connection.close()
        with lock:
            latencies.extend(mine)
            statuses.update(counts)

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(duration_s)
    stop.set()
    for thread in threads:
        thread.join(timeout + 5)
    elapsed = time.monotonic() - started
    ordered = sorted(s * 1000 for s in latencies)
    total = sum(statuses.values())
    return Throughput(
        clients,
        round(elapsed, 2),
        total,
        len(ordered),
        round(len(ordered) / elapsed, 1),
        round(percentile(ordered, 50), 2) if ordered else None,
        round(percentile(ordered, 99), 2) if ordered else None,
        {str(k): v for k, v in statuses.items()},
    )
