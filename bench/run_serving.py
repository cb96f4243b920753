"""The serving steps of a benchmark run: start cablegraph and its peers, time them, run the load test.

Separate from `bench.run`, which makes the corpus and builds, exports and loads the store, because
this part owns running servers: it starts cablegraph, `oxigraph serve-read-only` and rdflib-endpoint
over the same data, measures SPARQL and JSON API latency, throughput and wrk, and always stops them.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench import loadtest
from bench.client import Endpoint, hammer, measure
from bench.procs import Server, free_port
from bench.queries import Probe, api_paths, lookup_query, probe_from_manifest, queries
from bench.run_record import BASE_IRI, Options, Run, log, note_load
from bench.wrk import compare, wrk_available

Live = list[tuple[Server, Endpoint]]


@dataclass(frozen=True)
class SizeFiles:
    """Where one size's store, N-Quads dump, oxigraph store and logs are."""

    store: Path
    dump: Path
    oxigraph_dir: Path
    work: Path


def cablegraph_server(store: Path, port: int, env: dict[str, str], log_path: Path) -> Server:
    """`cablegraph serve` over `store` on 127.0.0.1:`port`, from this interpreter's environment."""
    command = [str(Path(sys.executable).parent / "cablegraph"), "serve", "--store", str(store)]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    return Server("cablegraph", command, f"http://127.0.0.1:{port}/sparql", env, log_path)


def _oxigraph(files: SizeFiles) -> tuple[Server, Endpoint]:
    port = free_port()
    command = [str(Path(sys.executable).parent / "oxigraph"), "serve-read-only", "--location", str(files.oxigraph_dir)]
    command += ["--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    server = Server(
        "oxigraph", command, f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", None, files.work / "oxigraph-serve.log"
    )
    return server, Endpoint("oxigraph", port, "/query")


def _rdflib_endpoint(files: SizeFiles) -> tuple[Server, Endpoint]:
    port = free_port()
    command = [str(Path(sys.executable).parent / "rdflib-endpoint"), "serve", str(files.dump)]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    server = Server(
        "rdflib-endpoint",
        command,
        f"http://127.0.0.1:{port}/?query=ASK%7B%7D",
        None,
        files.work / "rdflib-endpoint.log",
    )
    return server, Endpoint("rdflib-endpoint", port, "/")


def _servers(options: Options, files: SizeFiles, env: dict[str, str], quads: int) -> tuple[Live, dict[str, str]]:
    """The servers to time (cablegraph, then its peers) and the peers skipped, with why."""
    port = free_port()
    cg_env = dict(env, CABLEGRAPH_CLIENT_QUERY_SECONDS="1000000", CABLEGRAPH_CLIENT_ERRORS="1000000")
    cablegraph = cablegraph_server(files.store, port, cg_env, files.work / "cablegraph-serve.log")
    servers: Live = [(cablegraph, Endpoint("cablegraph", port, "/sparql"))]
    skipped: dict[str, str] = {}
    if options.peers:
        servers.append(_oxigraph(files))
        if quads <= options.rdflib_max_quads:
            servers.append(_rdflib_endpoint(files))
        else:
            skipped["rdflib-endpoint"] = (
                f"not run: {quads:,} quads exceed --rdflib-max-quads {options.rdflib_max_quads:,} (in-memory rdflib needs roughly 1.5 KB per quad)"
            )
    return servers, skipped


def serve_and_time(
    run: Run, size: int, entry: dict[str, Any], manifest: dict[str, Any], files: SizeFiles, env: dict[str, str]
) -> None:
    """Every timing over the live servers, once per size (`timed`), then the load test if asked for."""
    options = run.options
    probe = probe_from_manifest(manifest, BASE_IRI)
    if entry.get("timed"):
        if options.load_test and "load_test" not in entry:
            _load_test(run, size, entry, probe, files, env)
        return
    servers, skipped = _servers(options, files, env, entry.get("export", {}).get("quads", 0))
    entry["servers"] = {name: {"skipped": why} for name, why in skipped.items()}
    try:
        live = _start(run, size, entry, servers)
        _time_sparql(run, size, entry, probe, live)
        _time_api(run, entry, probe, live)
        for server, _ in live:
            entry["servers"][server.name]["rss_after_queries_mib"] = round(server.rss / 2**20, 1)
            entry["servers"][server.name]["memory_after_queries"] = _memory(server)
        _time_throughput(run, size, entry, probe, live)
        _wrk(run, size, entry, probe, live)
        entry["timed"] = True
    finally:
        for server, _ in servers:
            server.stop()
    if options.load_test:
        _load_test(run, size, entry, probe, files, env)


def _start(run: Run, size: int, entry: dict[str, Any], servers: Live) -> Live:
    """Start each server and note its start-up time and idle memory; those that answered are live."""
    live: Live = []
    for server, endpoint in servers:
        log(f"size {size}: starting {server.name}")
        ok = server.start(timeout=1800)
        entry["servers"][server.name] = {
            "startup_s": round(server.startup_seconds, 2),
            "rss_idle_mib": round(server.rss / 2**20, 1),
            "memory_idle": _memory(server),
            "error": server.error,
        }
        if ok:
            live.append((server, endpoint))
        run.save()
    return live


def _time_sparql(run: Run, size: int, entry: dict[str, Any], probe: Probe, live: Live) -> None:
    options = run.options
    entry["probe"] = {"lookup": probe.lookup, "thread": probe.thread, "sender": probe.sender, "word": probe.word}
    entry["sparql"] = {}
    note_load(entry, "sparql")
    for query in queries(probe):
        cells = {}
        for server, endpoint in live:
            path, accept = endpoint.sparql(query.text)
            cells[server.name] = asdict(
                measure(endpoint, path, accept, options.warmup, options.runs, options.cell_budget_s)
            )
        entry["sparql"][query.key] = {"title": query.title, "group": query.group, "servers": cells}
        log(f"size {size}: {query.key}: " + ", ".join(f"{n} {c['median_ms']} ms" for n, c in cells.items()))
        run.save()


def _time_api(run: Run, entry: dict[str, Any], probe: Probe, live: Live) -> None:
    options = run.options
    cablegraph = next(((s, e) for s, e in live if s.name == "cablegraph"), None)
    entry["api"] = {}
    if cablegraph is None:
        return
    _, endpoint = cablegraph
    for key, path in api_paths(probe):
        entry["api"][key] = {"path": path} | asdict(
            measure(endpoint, path, "application/json", options.warmup, options.runs, options.cell_budget_s)
        )
    entry["api_search_filters"] = _search_is_filtering(endpoint, probe)
    run.save()


def _time_throughput(run: Run, size: int, entry: dict[str, Any], probe: Probe, live: Live) -> None:
    options = run.options
    entry["throughput"] = {}
    for server, endpoint in live:
        log(f"size {size}: throughput, {options.clients} clients, {options.throughput_s:.0f} s, {server.name}")
        note_load(entry, f"throughput_{server.name}")
        paths = [endpoint.sparql(lookup_query(probe, doc_id)) for doc_id in probe.lookups]
        result = hammer(endpoint, paths, options.clients, options.throughput_s)
        entry["throughput"][server.name] = asdict(result) | {
            "rss_after_mib": round(server.rss / 2**20, 1),
            "memory_after": _memory(server),
        }
        run.save()


def _wrk(run: Run, size: int, entry: dict[str, Any], probe: Probe, live: Live) -> None:
    """Latency and throughput with wrk, cablegraph and oxigraph interleaved (bench/wrk.py): the
    Python client above cannot load a server past ~2,300 requests/s."""
    endpoints = [e for s, e in live if s.name in ("cablegraph", "oxigraph")]
    if not wrk_available() or len(endpoints) < 1:
        entry["wrk"] = {"skipped": "wrk is not installed (apt-get install wrk)" if not wrk_available() else "no server"}
        return
    log(f"size {size}: wrk, {run.options.wrk_rounds} rounds x {run.options.wrk_seconds:g} s per step and server")
    note_load(entry, "wrk")
    comparisons = compare(endpoints, probe, run.options.wrk_rounds, run.options.wrk_seconds)
    entry["wrk"] = {
        "rounds": run.options.wrk_rounds,
        "seconds": run.options.wrk_seconds,
        "steps": [asdict(c) for c in comparisons],
    }
    run.save()


def _memory(server: Server) -> dict[str, float] | None:
    memory = server.memory
    return memory.as_mib() if memory is not None else None


def _search_is_filtering(endpoint: Endpoint, probe: Probe) -> dict[str, Any]:
    """Whether /api/telegrams?q= narrows the list (a route that ignores q would answer everything)."""
    from bench.client import Connection, rows_of

    connection = Connection(endpoint)
    try:

        def total(path: str) -> int | None:
            answer = connection.get(path, keep_body=True)
            if answer.status != 200:
                return None
            try:
                found: int | None = json.loads(answer.body).get("total")
                return found
            except (ValueError, AttributeError):
                return rows_of(answer.body)

        everything = total("/api/telegrams?limit=1")
        matching = total(f"/api/telegrams?limit=1&q={probe.word.capitalize()}")
        nothing = total("/api/telegrams?limit=1&q=zzqxnotaword")
    finally:
        connection.close()
    return {
        "total": everything,
        "matching": matching,
        "nonsense_word": nothing,
        "filters": matching is not None and everything is not None and (nothing or 0) < everything,
    }


def _load_test(run: Run, size: int, entry: dict[str, Any], probe: Probe, files: SizeFiles, env: dict[str, str]) -> None:
    options = run.options
    port = free_port()
    # The shipped per-client budgets and limits: each client has its own address (issue 16's fairness target).
    settings = {"CABLEGRAPH_QUERY_TIMEOUT_S": str(options.load_timeout_s)}
    server = cablegraph_server(files.store, port, dict(env, **settings), files.work / "cablegraph-load.log")
    log(f"size {size}: load test, {options.load_clients} clients, {options.load_duration_s:.0f} s")
    note_load(entry, "load_test")
    if not server.start(timeout=600):
        entry["load_test"] = {"error": server.error}
        return
    try:
        result = loadtest.run(
            Endpoint("cablegraph", port, "/sparql"),
            probe,
            lambda: (server.own_rss, server.rss),
            options.load_duration_s,
            options.load_clients,
        )
        result.settings = settings
        entry["load_test"] = result.as_dict()
    finally:
        server.stop()
    run.save()
