"""A bounded load test on loopback: mixed SPARQL and API traffic, with a hostile client.

15 ordinary clients send a weighted mix of lookups, filters, aggregates and API calls; one
hostile client sends, every few seconds, a query built to hurt (deep nesting, a cross product
that must time out, a SERVICE clause, an over-long query, an update, a catastrophic regex), and
beside that keeps cross products at `cross_share` (1%) of all requests, on up to three more
connections (issue 16's load: 16 clients, 1% hostile cross products).
Counted: every status, 5xx other than the documented 503, p50/p99 per kind, and the server's
RSS after warm-up and at the end: of the server process alone (where a leak would stay) and of
the tree with its query workers (which a hostile query can swell until it is killed), each as the
median over a 30-second window, so that one sample taken mid-query does not decide the result.

Each client connects from its own loopback address (127.0.0.2, 127.0.0.3, ...; the hostile one
from 127.0.0.250), so the server's per-client budgets and limits apply as to real clients; the
statuses are also counted per kind (lookup, other SPARQL, API), for issue 16's fairness target:
lookups and /api answer 503 or 429 in under 1% of requests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.client import Connection, Endpoint, percentile
from bench.queries import PREFIXES, Probe, api_paths, lookup_query, queries

SPARQL_JSON = "application/sparql-results+json"


def hostile_requests(probe: Probe) -> list[tuple[str, str]]:
    """(name, path) of requests a public endpoint must survive."""
    deep = PREFIXES + "SELECT * WHERE " + "{ " * 150 + "?s ?p ?o " + "} " * 150
    cross = PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    service = PREFIXES + "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    regex = PREFIXES + 'SELECT ?t WHERE { ?v schema:text ?text FILTER(REGEX(?text, "(a+)+$")) } LIMIT 1'
    long = PREFIXES + "SELECT * WHERE { ?s ?p ?o } #" + "x" * 70_000
    update = PREFIXES + "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    bad = "SELECT WHERE {"
    return [
        (name, "/sparql?" + urlencode({"query": text}))
        for name, text in (
            ("deep_nesting", deep),
            ("cross_product", cross),
            ("service", service),
            ("regex", regex),
            ("too_long", long),
            ("update", update),
            ("syntax_error", bad),
        )
    ]


def ordinary_mix(probe: Probe) -> list[tuple[str, str, str, float]]:
    """(kind, name, path, weight) of the ordinary clients' requests."""
    by_key = {q.key: q for q in queries(probe)}
    mix: list[tuple[str, str, str, float]] = []
    for doc_id in probe.lookups:
        mix.append(
            (
                "sparql",
                "lookup",
                "/sparql?" + urlencode({"query": lookup_query(probe, doc_id)}),
                30 / len(probe.lookups),
            )
        )
    for key, weight in (
        ("sender_dates", 8),
        ("q6_archive", 5),
        ("q3_thread", 5),
        ("reply_chain", 4),
        ("fulltext", 3),
        ("network", 2),
        ("map", 2),
        ("q1_stalin_mao", 4),
        ("q7_evidence", 3),
    ):
        mix.append(("sparql", key, "/sparql?" + urlencode({"query": by_key[key].text}), weight))
    for key, path in api_paths(probe):
        mix.append(("api", key, path, 24 / 5))
    return mix


@dataclass
class LoadResult:
    duration_s: float
    clients: int
    requests: int
    per_second: float
    statuses: dict[str, int]
    server_errors_other_than_503: int
    status_503: int
    connection_errors: int
    latency_ms: dict[str, dict[str, float | None]]
    hostile: dict[str, dict[str, int]]
    rss_mib: dict[str, float]
    rss_growth_percent: float | None  # the tree (server and query workers), window medians
    server_process_growth_percent: float | None = None
    settings: dict[str, str] = field(default_factory=dict)
    statuses_by_kind: dict[str, dict[str, int]] = field(default_factory=dict)  # lookup, sparql, api
    refused_percent: dict[str, float] = field(default_factory=dict)  # 503 + 429, per kind
    cross_product_percent: float | None = None  # hostile cross products, % of all requests

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Traffic:
    """What the client threads share: the requests they send, the stop signal, and what they count
    (added under one lock)."""

    endpoint: Endpoint
    mix: list[tuple[str, str, str, float]]
    hostile: list[tuple[str, str]]
    cross_share: float
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter[int | str] = field(default_factory=Counter)
    latencies: dict[str, list[float]] = field(
        default_factory=lambda: {"sparql": [], "api": [], "hostile": [], "lookup": []}
    )
    by_kind: dict[str, Counter[str]] = field(
        default_factory=lambda: {"lookup": Counter(), "sparql": Counter(), "api": Counter()}
    )
    sent: Counter[str] = field(default_factory=Counter)  # requests sent so far: ordinary, and paced cross products

    def __post_init__(self) -> None:
        self.weights = [m[3] for m in self.mix]
        self.cross_name = f"cross_product_{self.cross_share:.0%}"
        self.hostile_statuses: dict[str, Counter[str]] = {name: Counter() for name, _ in self.hostile}
        self.hostile_statuses[self.cross_name] = Counter()

    def ordinary(self, seed: int) -> None:
        """One ordinary client, from its own loopback address, until stopped; counts are merged at the end."""
        rng = random.Random(seed)
        connection = Connection(self.endpoint, timeout=120, source=f"127.0.0.{seed + 2}")
        local: dict[str, list[float]] = {"sparql": [], "api": [], "lookup": []}
        counts: Counter[int | str] = Counter()
        kinds: dict[str, Counter[str]] = {kind: Counter() for kind in self.by_kind}
        while not self.stop.is_set():
            kind, name, path, _ = rng.choices(self.mix, self.weights)[0]
            with self.lock:
                self.sent["ordinary"] += 1
            answer = connection.get(path, SPARQL_JSON if kind == "sparql" else "application/json")
            status = answer.status or "connection-error"
            counts[status] += 1
            kinds["lookup" if name == "lookup" else kind][str(status)] += 1
            if 200 <= answer.status < 300:
                local[kind].append(answer.seconds)
                if name == "lookup":
                    local["lookup"].append(answer.seconds)
        connection.close()
        with self.lock:
            self.statuses.update(counts)
            for kind, values in local.items():
                self.latencies[kind].extend(values)
            for kind, counted in kinds.items():
                self.by_kind[kind].update(counted)

    def attacker(self) -> None:
        """The hostile client: one request of `hostile_requests` every 3 seconds, in turn."""
        connection = Connection(self.endpoint, timeout=120, source="127.0.0.250")
        i = 0
        while not self.stop.wait(3.0):
            name, path = self.hostile[i % len(self.hostile)]
            i += 1
            answer = connection.get(path, SPARQL_JSON)
            self._count_hostile(name, answer.status, answer.seconds)
        connection.close()

    def cross_products(self) -> None:
        """Cross products from the hostile client's address, paced to cross_share of all requests."""
        cross_path = dict(self.hostile)["cross_product"]
        connection = Connection(self.endpoint, timeout=120, source="127.0.0.250")
        last = time.monotonic()
        while not self.stop.is_set():
            with self.lock:
                due = self.sent["cross"] < self.cross_share * (self.sent["ordinary"] + self.sent["cross"])
                if due:
                    self.sent["cross"] += 1
            if not due:
                self.stop.wait(0.05)
                continue
            if time.monotonic() - last > 4.0:
                connection.close()  # the server closes a connection idle for 5 s: a new one, not a stale one
            answer = connection.get(cross_path, SPARQL_JSON)
            last = time.monotonic()
            self._count_hostile(self.cross_name, answer.status, answer.seconds)
        connection.close()

    def _count_hostile(self, name: str, status: int, seconds: float) -> None:
        with self.lock:
            self.statuses[status or "connection-error"] += 1
            self.hostile_statuses[name][str(status or "connection-error")] += 1
            self.latencies["hostile"].append(seconds)

    def threads(self, clients: int, cross_connections: int) -> list[threading.Thread]:
        threads = [threading.Thread(target=self.ordinary, args=(n,), daemon=True) for n in range(clients - 1)]
        threads.append(threading.Thread(target=self.attacker, daemon=True))
        threads += [
            threading.Thread(target=self.cross_products, daemon=True)
            for _ in range(cross_connections if self.cross_share > 0 else 0)
        ]
        return threads


def run(
    endpoint: Endpoint,
    probe: Probe,
    server_rss: Callable[[], tuple[int, int]],
    duration_s: float,
    clients: int = 16,
    warmup_s: float | None = None,
    cross_share: float = 0.01,
    cross_connections: int = 3,
) -> LoadResult:
    """The load test: `clients` - 1 ordinary clients and a hostile one for `duration_s`, sampling RSS every 2 s."""
    warmup_s = warmup_s if warmup_s is not None else min(60.0, duration_s / 5)
    traffic = _Traffic(endpoint, ordinary_mix(probe), hostile_requests(probe), cross_share)
    threads = traffic.threads(clients, cross_connections)
    started = time.monotonic()
    for thread in threads:
        thread.start()
    samples: list[tuple[float, int, int]] = []  # (seconds, server process, tree)
    while time.monotonic() - started < duration_s:
        time.sleep(2.0)
        samples.append((time.monotonic() - started, *server_rss()))
    traffic.stop.set()
    for thread in threads:
        thread.join(130)
    elapsed = time.monotonic() - started
    return _result(traffic, clients, elapsed, _RssGrowth.of(samples, duration_s, warmup_s))


@dataclass(frozen=True)
class _RssGrowth:
    """The server's RSS after warm-up and at the end, as medians over a window, and how much it grew."""

    rss_mib: dict[str, float]
    tree_percent: float | None  # the server and its query workers
    server_process_percent: float | None

    @classmethod
    def of(cls, samples: list[tuple[float, int, int]], duration_s: float, warmup_s: float) -> _RssGrowth:
        window = min(30.0, max(4.0, (duration_s - warmup_s) / 4))
        early = [s for s in samples if warmup_s <= s[0] < warmup_s + window]
        late = [s for s in samples if s[0] >= duration_s - window]
        base_main, end_main = _median(early, 1), _median(late, 1)
        baseline, final = _median(early, 2), _median(late, 2)
        peak_after = max((s[2] for s in samples if s[0] >= warmup_s), default=0)
        rss_mib = {
            "after_warmup": _mib(baseline),
            "final": _mib(final),
            "peak_after_warmup": _mib(peak_after),
            "server_process_after_warmup": _mib(base_main),
            "server_process_final": _mib(end_main),
        }
        growth = round(100 * (final / baseline - 1), 1) if baseline else None
        main_growth = round(100 * (end_main / base_main - 1), 1) if base_main else None
        return cls(rss_mib, growth, main_growth)


def _result(traffic: _Traffic, clients: int, elapsed: float, rss: _RssGrowth) -> LoadResult:
    statuses, hostile_statuses = traffic.statuses, traffic.hostile_statuses
    total = sum(statuses.values())
    server_errors = sum(v for k, v in statuses.items() if isinstance(k, int) and k >= 500 and k != 503)
    summary: dict[str, dict[str, float | None]] = {
        kind: {"count": len(v), "p50": _pct(v, 50), "p99": _pct(v, 99)} for kind, v in traffic.latencies.items()
    }
    by_kind = traffic.by_kind
    refused = {kind: round(100 * (c["503"] + c["429"]) / max(1, sum(c.values())), 2) for kind, c in by_kind.items()}
    cross = sum(hostile_statuses[traffic.cross_name].values()) + sum(hostile_statuses["cross_product"].values())
    return LoadResult(
        round(elapsed, 1),
        clients,
        total,
        round(total / elapsed, 1),
        {str(k): v for k, v in statuses.items()},
        server_errors,
        statuses.get(503, 0),
        statuses.get("connection-error", 0),
        summary,
        {name: dict(counts) for name, counts in hostile_statuses.items()},
        rss.rss_mib,
        rss.tree_percent,
        rss.server_process_percent,
        statuses_by_kind={kind: dict(c) for kind, c in by_kind.items()},
        refused_percent=refused,
        cross_product_percent=round(100 * cross / max(1, total), 2),
    )


def _median(samples: list[tuple[float, int, int]], column: int) -> int:
    return int(statistics.median(s[column] for s in samples)) if samples else 0


def _mib(count: int) -> float:
    return round(count / 2**20, 1)


def _pct(values: list[float], pct: float) -> float | None:
    return round(percentile(sorted(v * 1000 for v in values), pct), 1) if values else None


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.loadtest", description=main.__doc__)
    parser.add_argument("--size", type=int, default=1000, help="corpus size whose store var/bench holds")
    parser.add_argument("--workdir", type=Path, default=Path("var/bench"))
    parser.add_argument("--duration", type=float, default=300.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=10.0, help="CABLEGRAPH_QUERY_TIMEOUT_S")
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", help="another server setting (environment)"
    )
    parser.add_argument("--out", type=Path, default=None, help="JSON results (default var/bench/size-N/load-test.json)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """`python -m bench.loadtest`: the load test alone, against a store a bench run has built
    (var/bench/size-N/store): prints the results section and writes them as JSON."""
    from bench.procs import free_port
    from bench.queries import probe_from_manifest
    from bench.report_serving import load_section
    from bench.run_record import BASE_IRI, cablegraph_env
    from bench.run_serving import cablegraph_server

    args = _parse(argv)
    root, work = args.workdir / f"corpus-{args.size}", args.workdir / f"size-{args.size}"
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    probe = probe_from_manifest(manifest, BASE_IRI)
    settings = {"CABLEGRAPH_QUERY_TIMEOUT_S": str(args.timeout), **dict(s.split("=", 1) for s in args.set)}
    port = free_port()
    env = dict(cablegraph_env(root), **settings)
    server = cablegraph_server(work / "store", port, env, work / "cablegraph-load.log")
    load_before = os.getloadavg()
    if not server.start(timeout=600):
        raise SystemExit(server.error)
    try:
        result = run(
            Endpoint("cablegraph", port, "/sparql"),
            probe,
            lambda: (server.own_rss, server.rss),
            args.duration,
            args.clients,
        )
    finally:
        server.stop()
    result.settings = settings
    entry = {"load_test": result.as_dict(), "load_average": {"start": load_before, "end": os.getloadavg()}}
    out = args.out or work / "load-test.json"
    out.write_text(json.dumps(entry, indent=1), encoding="utf-8")
    print("\n".join(load_section(entry)))
    print(
        f"Hostile cross products: {result.cross_product_percent}% of all requests. Statuses by kind: {result.statuses_by_kind}."
    )
    print(f"load average at start {load_before}, at end {entry['load_average']['end']}; JSON in {out}")


if __name__ == "__main__":
    main()
