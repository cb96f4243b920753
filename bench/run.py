"""One benchmark run: for each size, corpus -> stages -> build -> export -> servers -> timings.

Results are written after every step (results.json), so a step that fails or a run that is
stopped still leaves what was measured. Servers are always stopped.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench import build, corpus, hotspots, loadtest, machine, stages
from bench.client import Endpoint, hammer, measure
from bench.procs import Server, free_port
from bench.queries import Probe, api_paths, lookup_query, probe_from_manifest, queries
from bench.wrk import compare, wrk_available

BASE_IRI = "http://127.0.0.1:8000/"


@dataclass
class Options:
    sizes: list[int]
    workdir: Path
    out: Path
    seed: int = 1950
    workers: int = 2
    runs: int = 30
    warmup: int = 3
    cell_budget_s: float = 60.0
    stage_sample: int = 100
    hotspot_sample: int = 20
    extraction_sample: int = 200
    throughput_s: float = 20.0
    clients: int = 8
    wrk_rounds: int = 3  # interleaved wrk runs per step and server (bench/wrk.py), when wrk is installed
    wrk_seconds: float = 5.0
    peers: bool = True
    rdflib_max_quads: int = 6_000_000
    load_test: bool = False
    load_duration_s: float = 300.0
    load_clients: int = 16
    load_timeout_s: float = 10.0
    quick: bool = False
    resume: bool = False  # go on with the results in `out`: steps already measured are not run again
    command: str = ""


@dataclass
class Run:
    options: Options
    results: dict = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)

    def save(self) -> None:
        from bench import report

        self.results["elapsed_s"] = round(time.monotonic() - self.started, 1)
        self.options.out.mkdir(parents=True, exist_ok=True)
        (self.options.out / "results.json").write_text(
            json.dumps(self.results, indent=1, ensure_ascii=False, default=str), encoding="utf-8"
        )
        (self.options.out / "results.md").write_text(report.render(self.results), encoding="utf-8")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] (load {os.getloadavg()[0]:.1f}) {message}", flush=True)


def _note_load(entry: dict, step: str) -> None:
    """One-minute load average when a step starts (above 2 on this 2-core machine, something else
    competed), and the commit it measures."""
    entry.setdefault("load_average", {})[step] = round(os.getloadavg()[0], 2)
    entry.setdefault("commits", {})[step] = machine.head()


def execute(options: Options) -> dict:
    run = Run(options)
    settings = {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(options).items()}
    run.results = {"machine": machine.describe().as_dict(), "options": settings, "sizes": {}}
    earlier = options.out / "results.json"
    if options.resume and earlier.exists():
        kept = json.loads(earlier.read_text(encoding="utf-8"))
        run.results["sizes"] = kept.get("sizes", {})
        run.results["resumed"] = [
            *kept.get("resumed", []),
            {"date": kept["machine"]["date"], "commit": kept["machine"]["commit"], "elapsed_s": kept.get("elapsed_s")},
        ]
    run.save()
    for size in options.sizes:
        entry: dict = run.results["sizes"].setdefault(str(size), {})
        entry.pop("error", None)
        try:
            _one_size(run, size, entry)
        except Exception as error:  # noqa: BLE001 - keep what was measured, say what broke
            entry["error"] = f"{type(error).__name__}: {error}"
            log(f"size {size}: {entry['error']}")
        run.save()
    run.results["machine"]["load_at_end"] = tuple(round(x, 2) for x in os.getloadavg())
    run.results["machine"]["commit_at_end"] = machine.describe().commit  # others may commit while a run goes on
    run.save()
    return run.results


def _env(root: Path, **more: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "CABLEGRAPH_AUTHORITY_FILES": json.dumps([str((root / "authority.toml").resolve())]),
            "CABLEGRAPH_BASE_IRI": BASE_IRI,
            **more,
        }
    )
    return env


def ensure_corpus(root: Path, size: int, seed: int) -> dict:
    manifest_path = root / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if (
            manifest.get("spec", {}).get("size") == size
            and manifest["spec"].get("seed") == seed
            and manifest.get("generator") == corpus.GENERATOR_VERSION
        ):
            manifest["reused"] = True
            return manifest
    shutil.rmtree(root, ignore_errors=True)
    return corpus.generate(root, size, seed)


def _spread(items: list, count: int) -> list:
    if count >= len(items):
        return list(items)
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def _one_size(run: Run, size: int, entry: dict) -> None:
    options = run.options
    root = options.workdir / f"corpus-{size}"
    work = options.workdir / f"size-{size}"
    work.mkdir(parents=True, exist_ok=True)
    log(f"size {size}: corpus")
    manifest = ensure_corpus(root, size, options.seed)
    entry["corpus"] = {
        "documents": size,
        "megabytes": round(manifest["bytes"] / 1e6, 1),
        "generation_s": manifest["seconds"],
        "reused": bool(manifest.get("reused")),
        "correspondents": 200,
        "references": sum(1 for d in manifest["documents"] if d["refers_to"]),
        "web_layout": sum(1 for d in manifest["documents"] if d["layout"] == "web"),
    }
    run.save()
    paths = [root / "docs" / d["path"] for d in manifest["documents"]]
    authority = (str((root / "authority.toml").resolve()),)
    env = _env(root)

    if "stages" not in entry:
        log(f"size {size}: stage profile on {min(size, options.stage_sample)} documents")
        _note_load(entry, "stages")
        entry["stages"] = stages.profile_stages(
            _spread(paths, options.stage_sample), authority, BASE_IRI, work
        ).as_dict()
        run.save()
    if "extract_hotspots" not in entry:
        log(f"size {size}: extraction hot spots on {min(size, options.hotspot_sample)} documents")
        hot = _spread(paths, options.hotspot_sample)
        entry["extract_hotspots"] = {
            "extractors": hotspots.extractor_costs(hot, authority),
            "functions": hotspots.hot_functions(hot, authority),
        }
        run.save()
    sample = _spread(paths, options.extraction_sample)
    entry.setdefault("extraction", [])
    for workers in (1, 2)[len(entry["extraction"]) :]:
        log(f"size {size}: extraction throughput, {workers} worker(s), {len(sample)} documents")
        _note_load(entry, f"extraction_{workers}")
        entry["extraction"].append(stages.extraction_throughput(sample, authority, workers).as_dict())
        run.save()

    store = work / "store"
    if entry.get("build", {}).get("returncode") != 0:
        log(f"size {size}: full build ({options.workers} workers)")
        _note_load(entry, "build")
        full = build.full_build(root / "docs", store, options.workers, env, journal=work / "build-journal.json")
        entry["build"] = full.as_dict() | {
            "workers": options.workers,
            "docs_per_s": round(size / full.seconds, 2),
            "cpu_ms_per_document": round(1000 * full.cpu_seconds / size, 1),
        }
        run.save()
    if entry["build"]["triples"] is None:
        raise RuntimeError(f"build failed: {entry['build']['tail']}")
    if "noop_rebuild" not in entry:
        log(f"size {size}: rebuild with nothing changed")
        _note_load(entry, "noop_rebuild")
        entry["noop_rebuild"] = build.rebuild(root / "docs", store, options.workers, env, "noop").as_dict()
        run.save()
    if "incremental" not in entry:
        log(f"size {size}: incremental rebuild after changing 1%")
        _note_load(entry, "incremental")
        changed, count = build.incremental(root, size, options.seed, store, options.workers, env)
        entry["incremental"] = changed.as_dict() | {
            "changed_documents": count,
            "percent_of_full": round(100 * changed.seconds / entry["build"]["seconds"], 1),
        }
        run.save()

    dump = work / "dump.nq"
    oxigraph_dir = work / "oxigraph"
    if options.peers and "export" not in entry:  # the peers serve the export; cablegraph alone needs none
        log(f"size {size}: export N-Quads")
        exported = build.export_nquads(store, dump, env)
        entry["export"] = {
            "seconds": round(exported.seconds, 2),
            "cpu_seconds": round(exported.cpu_seconds, 1),
            "quads": exported.quads,
            "megabytes": round(exported.bytes / 1e6, 1),
            "returncode": exported.returncode,
        }
        run.save()
    if options.peers and "oxigraph_load" not in entry:
        log(f"size {size}: oxigraph load")
        loaded = build.oxigraph_load(dump, oxigraph_dir)
        entry["oxigraph_load"] = {
            "seconds": round(loaded.seconds, 2),
            "cpu_seconds": round(loaded.cpu_seconds, 1),
            "peak_rss_mib": round(loaded.peak_rss / 2**20, 1),
            "returncode": loaded.returncode,
            "tail": loaded.tail if loaded.returncode else "",
        }
        run.save()
    _serve_and_time(run, size, entry, manifest, store, dump, oxigraph_dir, env, work)


def _servers(
    options: Options, size: int, store: Path, dump: Path, oxigraph_dir: Path, env: dict, work: Path, quads: int
):
    bin_dir = Path(sys.executable).parent
    servers: list[tuple[Server, Endpoint]] = []
    port = free_port()
    cg_env = dict(env, CABLEGRAPH_CLIENT_QUERY_SECONDS="1000000", CABLEGRAPH_CLIENT_ERRORS="1000000")
    servers.append(
        (
            Server(
                "cablegraph",
                [
                    str(bin_dir / "cablegraph"),
                    "serve",
                    "--store",
                    str(store),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                ],
                f"http://127.0.0.1:{port}/sparql",
                cg_env,
                work / "cablegraph-serve.log",
            ),
            Endpoint("cablegraph", port, "/sparql"),
        )
    )
    skipped: dict[str, str] = {}
    if options.peers:
        port = free_port()
        servers.append(
            (
                Server(
                    "oxigraph",
                    [
                        str(bin_dir / "oxigraph"),
                        "serve-read-only",
                        "--location",
                        str(oxigraph_dir),
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--union-default-graph",
                    ],
                    f"http://127.0.0.1:{port}/query?query=ASK%7B%7D",
                    None,
                    work / "oxigraph-serve.log",
                ),
                Endpoint("oxigraph", port, "/query"),
            )
        )
        if quads <= options.rdflib_max_quads:
            port = free_port()
            servers.append(
                (
                    Server(
                        "rdflib-endpoint",
                        [
                            str(bin_dir / "rdflib-endpoint"),
                            "serve",
                            str(dump),
                            "--host",
                            "127.0.0.1",
                            "--port",
                            str(port),
                        ],
                        f"http://127.0.0.1:{port}/?query=ASK%7B%7D",
                        None,
                        work / "rdflib-endpoint.log",
                    ),
                    Endpoint("rdflib-endpoint", port, "/"),
                )
            )
        else:
            skipped["rdflib-endpoint"] = (
                f"not run: {quads:,} quads exceed --rdflib-max-quads {options.rdflib_max_quads:,} (in-memory rdflib needs roughly 1.5 KB per quad)"
            )
    return servers, skipped


def _serve_and_time(
    run: Run, size: int, entry: dict, manifest: dict, store: Path, dump: Path, oxigraph_dir: Path, env: dict, work: Path
) -> None:
    options = run.options
    probe = probe_from_manifest(manifest, BASE_IRI)
    if entry.get("timed"):
        if options.load_test and "load_test" not in entry:
            _load_test(run, size, entry, probe, store, env, work)
        return
    servers, skipped = _servers(
        options, size, store, dump, oxigraph_dir, env, work, entry.get("export", {}).get("quads", 0)
    )
    entry["servers"] = {name: {"skipped": why} for name, why in skipped.items()}
    live: list[tuple[Server, Endpoint]] = []
    try:
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
        entry["probe"] = {"lookup": probe.lookup, "thread": probe.thread, "sender": probe.sender, "word": probe.word}
        entry["sparql"] = {}
        _note_load(entry, "sparql")
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
        cablegraph = next(((s, e) for s, e in live if s.name == "cablegraph"), None)
        entry["api"] = {}
        if cablegraph is not None:
            server, endpoint = cablegraph
            for key, path in api_paths(probe):
                entry["api"][key] = {"path": path} | asdict(
                    measure(endpoint, path, "application/json", options.warmup, options.runs, options.cell_budget_s)
                )
            entry["api_search_filters"] = _search_is_filtering(endpoint, probe)
            run.save()
        for server, _ in live:
            entry["servers"][server.name]["rss_after_queries_mib"] = round(server.rss / 2**20, 1)
            entry["servers"][server.name]["memory_after_queries"] = _memory(server)
        entry["throughput"] = {}
        for server, endpoint in live:
            log(f"size {size}: throughput, {options.clients} clients, {options.throughput_s:.0f} s, {server.name}")
            _note_load(entry, f"throughput_{server.name}")
            paths = [endpoint.sparql(lookup_query(probe, doc_id)) for doc_id in probe.lookups]
            result = hammer(endpoint, paths, options.clients, options.throughput_s)
            entry["throughput"][server.name] = asdict(result) | {
                "rss_after_mib": round(server.rss / 2**20, 1),
                "memory_after": _memory(server),
            }
            run.save()
        _wrk(run, size, entry, probe, live)
        entry["timed"] = True
    finally:
        for server, _ in servers:
            server.stop()
    if options.load_test:
        _load_test(run, size, entry, probe, store, env, work)


def _wrk(run: Run, size: int, entry: dict, probe: Probe, live: list[tuple[Server, Endpoint]]) -> None:
    """Latency and throughput with wrk, cablegraph and oxigraph interleaved (bench/wrk.py): the
    Python client above cannot load a server past ~2,300 requests/s."""
    endpoints = [e for s, e in live if s.name in ("cablegraph", "oxigraph")]
    if not wrk_available() or len(endpoints) < 1:
        entry["wrk"] = {"skipped": "wrk is not installed (apt-get install wrk)" if not wrk_available() else "no server"}
        return
    log(f"size {size}: wrk, {run.options.wrk_rounds} rounds x {run.options.wrk_seconds:g} s per step and server")
    _note_load(entry, "wrk")
    comparisons = compare(endpoints, probe, run.options.wrk_rounds, run.options.wrk_seconds)
    entry["wrk"] = {
        "rounds": run.options.wrk_rounds,
        "seconds": run.options.wrk_seconds,
        "steps": [asdict(c) for c in comparisons],
    }
    run.save()


def _memory(server: Server) -> dict | None:
    memory = server.memory
    return memory.as_mib() if memory is not None else None


def _search_is_filtering(endpoint: Endpoint, probe: Probe) -> dict:
    """Whether /api/telegrams?q= narrows the list (a route that ignores q would answer everything)."""
    from bench.client import Connection, rows_of

    connection = Connection(endpoint)
    try:
        import json as _json

        def total(path: str) -> int | None:
            answer = connection.get(path, keep_body=True)
            if answer.status != 200:
                return None
            try:
                return _json.loads(answer.body).get("total")
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


def _load_test(run: Run, size: int, entry: dict, probe: Probe, store: Path, env: dict, work: Path) -> None:
    options = run.options
    port = free_port()
    # The shipped per-client budgets and limits: each client has its own address (issue 16's fairness target).
    settings = {"CABLEGRAPH_QUERY_TIMEOUT_S": str(options.load_timeout_s)}
    server = Server(
        "cablegraph",
        [
            str(Path(sys.executable).parent / "cablegraph"),
            "serve",
            "--store",
            str(store),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        f"http://127.0.0.1:{port}/sparql",
        dict(env, **settings),
        work / "cablegraph-load.log",
    )
    log(f"size {size}: load test, {options.load_clients} clients, {options.load_duration_s:.0f} s")
    _note_load(entry, "load_test")
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
