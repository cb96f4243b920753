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

import random
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
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

    def as_dict(self) -> dict:
        return asdict(self)


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
    warmup_s = warmup_s if warmup_s is not None else min(60.0, duration_s / 5)
    mix = ordinary_mix(probe)
    weights = [m[3] for m in mix]
    hostile = hostile_requests(probe)
    stop = threading.Event()
    lock = threading.Lock()
    statuses: Counter = Counter()
    latencies: dict[str, list[float]] = {"sparql": [], "api": [], "hostile": []}
    hostile_statuses: dict[str, Counter] = {name: Counter() for name, _ in hostile}
    errors = Counter()
    by_kind: dict[str, Counter] = {"lookup": Counter(), "sparql": Counter(), "api": Counter()}
    latencies["lookup"] = []
    cross_name = f"cross_product_{cross_share:.0%}"
    hostile_statuses[cross_name] = Counter()
    sent = Counter()  # requests sent so far: ordinary, and paced cross products

    def ordinary(seed: int) -> None:
        rng = random.Random(seed)
        connection = Connection(endpoint, timeout=120, source=f"127.0.0.{seed + 2}")
        local: dict[str, list[float]] = {"sparql": [], "api": [], "lookup": []}
        counts: Counter = Counter()
        kinds: dict[str, Counter] = {kind: Counter() for kind in by_kind}
        while not stop.is_set():
            kind, name, path, _ = rng.choices(mix, weights)[0]
            with lock:
                sent["ordinary"] += 1
            answer = connection.get(path, SPARQL_JSON if kind == "sparql" else "application/json")
            status = answer.status or "connection-error"
            counts[status] += 1
            kinds["lookup" if name == "lookup" else kind][str(status)] += 1
            if 200 <= answer.status < 300:
                local[kind].append(answer.seconds)
                if name == "lookup":
                    local["lookup"].append(answer.seconds)
        connection.close()
        with lock:
            statuses.update(counts)
            for kind, values in local.items():
                latencies[kind].extend(values)
            for kind, counted in kinds.items():
                by_kind[kind].update(counted)

    def attacker() -> None:
        connection = Connection(endpoint, timeout=120, source="127.0.0.250")
        i = 0
        while not stop.wait(3.0):
            name, path = hostile[i % len(hostile)]
            i += 1
            answer = connection.get(path, SPARQL_JSON)
            with lock:
                statuses[answer.status or "connection-error"] += 1
                hostile_statuses[name][str(answer.status or "connection-error")] += 1
                latencies["hostile"].append(answer.seconds)
        connection.close()

    cross_path = dict(hostile)["cross_product"]

    def cross_products() -> None:
        """Cross products from the hostile client's address, paced to cross_share of all requests."""
        connection = Connection(endpoint, timeout=120, source="127.0.0.250")
        last = time.monotonic()
        while not stop.is_set():
            with lock:
                due = sent["cross"] < cross_share * (sent["ordinary"] + sent["cross"])
                if due:
                    sent["cross"] += 1
            if not due:
                stop.wait(0.05)
                continue
            if time.monotonic() - last > 4.0:
                connection.close()  # the server closes a connection idle for 5 s: a new one, not a stale one
            answer = connection.get(cross_path, SPARQL_JSON)
            last = time.monotonic()
            with lock:
                statuses[answer.status or "connection-error"] += 1
                hostile_statuses[cross_name][str(answer.status or "connection-error")] += 1
                latencies["hostile"].append(answer.seconds)
        connection.close()

    threads = [threading.Thread(target=ordinary, args=(n,), daemon=True) for n in range(clients - 1)]
    threads.append(threading.Thread(target=attacker, daemon=True))
    threads += [
        threading.Thread(target=cross_products, daemon=True) for _ in range(cross_connections if cross_share > 0 else 0)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    samples: list[tuple[float, int, int]] = []  # (seconds, server process, tree)
    while time.monotonic() - started < duration_s:
        time.sleep(2.0)
        samples.append((time.monotonic() - started, *server_rss()))
    stop.set()
    for thread in threads:
        thread.join(130)
    elapsed = time.monotonic() - started
    total = sum(statuses.values())
    server_errors = sum(v for k, v in statuses.items() if isinstance(k, int) and k >= 500 and k != 503)
    window = min(30.0, max(4.0, (duration_s - warmup_s) / 4))
    early = [s for s in samples if warmup_s <= s[0] < warmup_s + window]
    late = [s for s in samples if s[0] >= duration_s - window]
    base_main, end_main = _median(early, 1), _median(late, 1)
    baseline, final = _median(early, 2), _median(late, 2)
    peak_after = max((s[2] for s in samples if s[0] >= warmup_s), default=0)
    growth = round(100 * (final / baseline - 1), 1) if baseline else None
    main_growth = round(100 * (end_main / base_main - 1), 1) if base_main else None
    summary = {kind: {"count": len(v), "p50": _pct(v, 50), "p99": _pct(v, 99)} for kind, v in latencies.items()}
    errors["connection"] = statuses.get("connection-error", 0)
    refused = {kind: round(100 * (c["503"] + c["429"]) / max(1, sum(c.values())), 2) for kind, c in by_kind.items()}
    return LoadResult(
        round(elapsed, 1),
        clients,
        total,
        round(total / elapsed, 1),
        {str(k): v for k, v in statuses.items()},
        server_errors,
        statuses.get(503, 0),
        errors["connection"],
        summary,
        {name: dict(counts) for name, counts in hostile_statuses.items()},
        {
            "after_warmup": _mib(baseline),
            "final": _mib(final),
            "peak_after_warmup": _mib(peak_after),
            "server_process_after_warmup": _mib(base_main),
            "server_process_final": _mib(end_main),
        },
        growth,
        main_growth,
        statuses_by_kind={kind: dict(c) for kind, c in by_kind.items()},
        refused_percent=refused,
        cross_product_percent=round(
            100
            * (sum(hostile_statuses[cross_name].values()) + sum(hostile_statuses["cross_product"].values()))
            / max(1, total),
            2,
        ),
    )


def _median(samples: list[tuple[float, int, int]], column: int) -> int:
    return int(statistics.median(s[column] for s in samples)) if samples else 0


def _mib(count: int) -> float:
    return round(count / 2**20, 1)


def _pct(values: list[float], pct: float) -> float | None:
    return round(percentile(sorted(v * 1000 for v in values), pct), 1) if values else None


def main(argv: list[str] | None = None) -> None:
    """`python -m bench.loadtest`: the load test alone, against a store a bench run has built
    (var/bench/size-N/store): prints the results section and writes them as JSON."""
    import argparse
    import json
    import os
    import sys
    from pathlib import Path

    from bench.client import Endpoint
    from bench.procs import Server, free_port
    from bench.queries import probe_from_manifest
    from bench.report_serving import load_section
    from bench.run_record import BASE_IRI, cablegraph_env

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
    args = parser.parse_args(argv)
    root, work = args.workdir / f"corpus-{args.size}", args.workdir / f"size-{args.size}"
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    probe = probe_from_manifest(manifest, BASE_IRI)
    settings = {"CABLEGRAPH_QUERY_TIMEOUT_S": str(args.timeout), **dict(s.split("=", 1) for s in args.set)}
    port = free_port()
    server = Server(
        "cablegraph",
        [
            str(Path(sys.executable).parent / "cablegraph"),
            "serve",
            "--store",
            str(work / "store"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        f"http://127.0.0.1:{port}/sparql",
        dict(cablegraph_env(root), **settings),
        work / "cablegraph-load.log",
    )
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
