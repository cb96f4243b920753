"""The build as a user runs it: `cablegraph build` in a child process, timed with peak RSS;
then a rebuild with nothing changed, a rebuild after changing 1% of the documents, the
N-Quads export, and the raw engine's bulk load of that export (`oxigraph load`)."""

from __future__ import annotations

import json
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import psutil
    import pyoxigraph

from bench import corpus
from bench.procs import RunResult, run_measured

BIN = Path(sys.executable).parent
_BUILT = re.compile(r"built: (?P<summary>[^;]*);\s*(?P<triples>\d+) triples loaded in (?P<seconds>[\d.]+) s")


@dataclass
class BuildRun:
    label: str
    seconds: float
    cpu_seconds: float
    peak_rss: int
    returncode: int
    summary: str
    triples: int | None
    tail: str
    segments: int = 1  # runs of the harness the build took (see full_build)

    @classmethod
    def of(cls, label: str, run: RunResult) -> BuildRun:
        match = _BUILT.search(run.stdout)
        return cls(
            label,
            run.seconds,
            run.cpu_seconds,
            run.peak_rss,
            run.returncode,
            match["summary"] if match else "",
            int(match["triples"]) if match else None,
            run.tail,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "seconds": round(self.seconds, 2),
            "cpu_seconds": round(self.cpu_seconds, 1),
            "peak_rss_mib": round(self.peak_rss / 2**20, 1),
            "returncode": self.returncode,
            "summary": self.summary,
            "triples": self.triples,
            "tail": self.tail if self.returncode else "",
            "segments": self.segments,
        }


def cablegraph(*args: str) -> list[str]:
    return [str(BIN / "cablegraph"), *args]


def full_build(docs: Path, store: Path, workers: int, env: dict[str, str], journal: Path | None = None) -> BuildRun:
    """A build from an empty store. With a `journal`, the build may span several runs of the
    harness: each run is a segment whose time and CPU are written down every few seconds, and a
    run that finds an unfinished journal goes on with the same store (`cablegraph build` keeps
    every graph a killed build committed and skips it). The build then counts every segment:
    the wall and CPU time up to each interrupted segment's last heartbeat, plus the last one.

    Why: at 100,000 documents a build takes longer than one sitting on a shared machine.
    """
    state = json.loads(journal.read_text(encoding="utf-8")) if journal is not None and journal.exists() else None
    if state is None:
        shutil.rmtree(store, ignore_errors=True)
        for beside in store.parent.glob(
            f"{store.name}.catalogue.sqlite*"
        ):  # a full build starts with no catalogue either
            beside.unlink()
        state = {"segments": []}
    segment = {"started": time.time(), "seen": time.time(), "cpu_seconds": 0.0, "peak_rss": 0, "finished": False}
    state["segments"].append(segment)

    def heartbeat(cpu_seconds: float, peak_rss: int) -> None:
        segment.update(seen=time.time(), cpu_seconds=cpu_seconds, peak_rss=peak_rss)
        _write_journal(journal, state)

    _write_journal(journal, state)
    run = run_measured(
        cablegraph("build", str(docs), "--store", str(store), "--workers", str(workers)),
        env,
        heartbeat=heartbeat if journal is not None else None,
    )
    earlier = state["segments"][:-1]
    segment.update(seen=time.time(), cpu_seconds=run.cpu_seconds, peak_rss=run.peak_rss, finished=True)
    built = BuildRun.of("full", run)
    built.seconds += sum(s["seen"] - s["started"] for s in earlier)
    built.cpu_seconds += sum(s["cpu_seconds"] for s in earlier)
    built.peak_rss = max([built.peak_rss, *(s["peak_rss"] for s in earlier)])
    built.segments = len(state["segments"])
    if journal is not None:
        if run.returncode == 0:
            journal.unlink(missing_ok=True)
        else:
            _write_journal(journal, state)
    return built


def _write_journal(journal: Path | None, state: dict[str, Any]) -> None:
    if journal is not None:
        temporary = journal.with_suffix(".tmp")
        temporary.write_text(json.dumps(state), encoding="utf-8")
        temporary.replace(journal)  # a kill mid-write leaves the previous journal


def rebuild(docs: Path, store: Path, workers: int, env: dict[str, str], label: str) -> BuildRun:
    return BuildRun.of(
        label, run_measured(cablegraph("build", str(docs), "--store", str(store), "--workers", str(workers)), env)
    )


def changed_indices(size: int, fraction: float = 0.01) -> list[int]:
    """Every (1/fraction)-th document: spread over the corpus, the same each run."""
    step = max(1, round(1 / fraction))
    return list(range(step // 2, size, step)) or [0]


def incremental(
    root: Path, size: int, seed: int, store: Path, workers: int, env: dict[str, str]
) -> tuple[BuildRun, int]:
    """Change 1% of the documents, rebuild, and put the originals back in the corpus folder."""
    indices = changed_indices(size)
    corpus.revise(root, size, indices, seed, revision=1)
    try:
        run = rebuild(root / "docs", store, workers, env, "incremental")
    finally:
        corpus.revise(root, size, indices, seed, revision=0)
    return run, len(indices)


@dataclass
class Export:
    seconds: float
    cpu_seconds: float
    quads: int
    bytes: int
    returncode: int
    tail: str


def export_nquads(store: Path, target: Path, env: dict[str, str]) -> Export:
    run = run_measured(cablegraph("export", "--format", "nq", "--store", str(store), "-o", str(target)), env)
    quads = 0
    if target.exists():
        with target.open("rb") as handle:
            quads = sum(1 for _ in handle)
    return Export(
        run.seconds, run.cpu_seconds, quads, target.stat().st_size if target.exists() else 0, run.returncode, run.tail
    )


def oxigraph_load(dump: Path, location: Path) -> RunResult:
    shutil.rmtree(location, ignore_errors=True)
    return run_measured([str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(dump)])


# --- loading into Virtuoso: one Graph Store Protocol request per graph, or its own bulk loader (issue 22) ---

VIRTUOSO_BUFFERS = 170_000  # 8 KiB pages of cache (1.3 GiB): Virtuoso's advice is two thirds of free memory, this
# is what a 14-million-quad load needs not to thrash on a shared 24 GiB machine


@dataclass
class VirtuosoLoad:
    method: str  # "per-graph" (one HTTP PUT each) or "bulk" (N-Quads files, ld_add / rdf_loader_run)
    graphs: int
    quads: int  # in the engine afterwards, counted by SPARQL
    seconds: float  # wall, from the first request to the last answer and the checkpoint
    client_cpu_seconds: float  # this process: reading the graphs from the embedded store, writing requests or files
    engine_cpu_seconds: float  # virtuoso-t
    checkpoint_seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {k: round(v, 2) if isinstance(v, float) else v for k, v in self.__dict__.items()}


def virtuoso_loads(
    store: Path, work: Path, methods: tuple[str, ...] = ("per-graph", "bulk"), limit: int | None = None
) -> list[VirtuosoLoad]:
    """Load every graph of an embedded `store` into a new Virtuoso database, once per method, and
    time it. Both read the same graphs from the store the same way (their cost is in the client
    CPU of each); the per-graph load PUTs each graph's N-Triples, the bulk load writes files of
    1,000,000 quads for Virtuoso's loader, as `cablegraph build` does with CABLEGRAPH_BULK_LOAD."""
    return [_virtuoso_load(store, work / f"virtuoso-{method}", method, limit) for method in methods]


def _virtuoso_load(store_path: Path, folder: Path, method: str, limit: int | None) -> VirtuosoLoad:
    import pyoxigraph as ox

    from cablegraph.graph.build.bulk import as_nquads
    from cablegraph.graph.store.bulk_virtuoso import VirtuosoBulkLoader
    from cablegraph.graph.store.remote import RemoteGraphStore

    source = ox.Store.read_only(str(store_path))
    graphs = sorted(g.value for g in source.named_graphs())[:limit]
    with _virtuoso(folder) as (engine, http_port, sql_port):
        loader = (
            VirtuosoBulkLoader(folder / "load", f"127.0.0.1:{sql_port}", "dba", "dba") if method == "bulk" else None
        )
        if loader is not None:
            loader.folder.mkdir()
        remote = RemoteGraphStore(
            f"http://127.0.0.1:{http_port}/sparql",
            f"http://127.0.0.1:{http_port}/sparql-graph-crud-auth",
            timeout_s=3600,
            union_parameter=None,
            credentials=("dba", "dba"),
            bulk_loader=loader,
        )
        engine_cpu = sum(engine.cpu_times()[:2])
        started, cpu = time.monotonic(), time.process_time()
        batch: list[str] = []
        quads = 0
        for iri in graphs:
            body = _graph_ntriples(source, iri)
            if loader is None:
                remote.replace_graph_ntriples(iri, body)
                continue
            lines = body.count("\n")
            if batch and quads + lines > loader.batch_quads:
                remote.bulk_load_nquads("".join(batch).encode("utf-8"), [])
                batch, quads = [], 0
            batch.append(as_nquads(body, iri))
            quads += lines
        if batch:
            remote.bulk_load_nquads("".join(batch).encode("utf-8"), [])
        checkpoint = time.monotonic()
        (loader or VirtuosoBulkLoader(folder, f"127.0.0.1:{sql_port}", "dba", "dba"))._isql("checkpoint;")
        ended = time.monotonic()
        result = VirtuosoLoad(
            method,
            len(graphs),
            remote.quad_count(),
            ended - started,
            time.process_time() - cpu,
            sum(engine.cpu_times()[:2]) - engine_cpu,
            ended - checkpoint,
        )
        remote.close()
    return result


def _graph_ntriples(source: pyoxigraph.Store, iri: str) -> str:
    """One named graph of `source` as N-Triples."""
    import pyoxigraph as ox

    data = ox.serialize(
        (
            ox.Triple(q.subject, q.predicate, q.object)
            for q in source.quads_for_pattern(None, None, None, ox.NamedNode(iri))
        ),
        format=ox.RdfFormat.N_TRIPLES,
    )
    assert data is not None  # without an output, serialize returns the bytes
    return data.decode("utf-8")


class _virtuoso:
    """A new Virtuoso database in `folder` on free loopback ports (the test suite's recipe,
    tests/graph/conftest.py, with a bigger cache); stopped on exit."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __enter__(self) -> tuple[psutil.Process, int, int]:
        import subprocess

        import httpx
        import psutil

        from bench.procs import free_port
        from tests.graph.conftest import HIDE_SYSTEM_GRAPHS, virtuoso_ini

        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        http_port, sql_port = free_port(), free_port()
        ini = virtuoso_ini(self.folder, sql_port, http_port).replace(
            "NumberOfBuffers = 20000", f"NumberOfBuffers = {VIRTUOSO_BUFFERS}"
        )
        (self.folder / "virtuoso.ini").write_text(
            ini.replace("MaxDirtyBuffers = 15000", f"MaxDirtyBuffers = {VIRTUOSO_BUFFERS * 3 // 4}"), encoding="utf-8"
        )
        self.process = subprocess.Popen(
            ["virtuoso-t", "-f", "-c", "virtuoso.ini"],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(600):
            try:
                if (
                    httpx.post(f"http://127.0.0.1:{http_port}/sparql", data={"query": "ASK {}"}, timeout=5).status_code
                    == 200
                ):
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        (self.folder / "hide.sql").write_text(HIDE_SYSTEM_GRAPHS, encoding="utf-8")
        subprocess.run(
            ["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba", str(self.folder / "hide.sql")],
            capture_output=True,
            timeout=120,
            check=True,
        )
        return psutil.Process(self.process.pid), http_port, sql_port

    def __exit__(self, *exc: object) -> None:
        import subprocess

        self.process.terminate()
        try:
            self.process.wait(120)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        shutil.rmtree(self.folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    """`python -m bench.build virtuoso STORE [--limit N] [--out FILE]`: both loads into Virtuoso."""
    import argparse
    import os

    parser = argparse.ArgumentParser(prog="python -m bench.build")
    parser.add_argument("what", choices=["virtuoso"])
    parser.add_argument(
        "store", type=Path, help="an embedded store built by `cablegraph build` (e.g. var/bench/size-10000/store)"
    )
    parser.add_argument("--limit", type=int, default=None, help="load only the first N graphs")
    parser.add_argument("--methods", default="per-graph,bulk")
    parser.add_argument("--work", type=Path, default=Path("var/bench/virtuoso-load"))
    parser.add_argument("--out", type=Path, default=None, help="append the results here as one JSON line")
    options = parser.parse_args(argv)
    print("| method | graphs | quads | wall s | client CPU s | engine CPU s | of which checkpoint s | quads/s |")
    print("|---|---|---|---|---|---|---|---|", flush=True)
    for method in options.methods.split(","):  # each written down as it ends: a per-graph load at 10,000 takes a while
        load = os.getloadavg()
        [r] = virtuoso_loads(options.store, options.work, (method,), options.limit)
        print(
            f"| {r.method} | {r.graphs:,} | {r.quads:,} | {r.seconds:,.1f} | {r.client_cpu_seconds:,.1f} | {r.engine_cpu_seconds:,.1f} | "
            f"{r.checkpoint_seconds:,.1f} | {r.quads / r.seconds:,.0f} |",
            flush=True,
        )
        if options.out is not None:
            entry = {
                "store": str(options.store),
                "load_at_start": [round(x, 2) for x in load],
                "load_at_end": [round(x, 2) for x in os.getloadavg()],
                **r.as_dict(),
            }
            with options.out.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(entry) + "\n")


if __name__ == "__main__":
    main()
