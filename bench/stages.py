"""Where a build's time goes, measured in-process on a sample of documents.

The build runs read -> extract -> map -> validate -> serialize -> load per document, then
corpus-level steps (reference links, corpus checks, the catalogue). Timing the pipeline's own
functions one document at a time, single-threaded, gives each stage's share without the noise
of process pools; the full `cablegraph build` is timed separately (bench.build).

Also: extraction throughput (read + extract, no RDF) with 1 and 2 worker processes.
"""

from __future__ import annotations

import multiprocessing
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cablegraph.extract import ExtractionContext
    from cablegraph.graph.build.mapping import BuildInfo
    from cablegraph.graph.store.embedded import GraphStore
    from cablegraph.ontology import IriMinter

STAGES = ("read", "extract", "map", "validate", "serialize", "load")


@dataclass
class StageProfile:
    documents: int
    context_load_s: float
    warmup_s: float = 0.0  # the first document: lazy models, compiled patterns and shapes
    seconds: dict[str, float] = field(default_factory=dict)  # per stage, wall clock, summed over the sample
    cpu_seconds: dict[str, float] = field(default_factory=dict)  # per stage, CPU time of this process
    corpus_steps_s: dict[str, float] = field(default_factory=dict)  # once over the sample's store
    triples: int = 0
    held_back: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def per_document_ms(self) -> float:
        return 1000 * sum(self.seconds.values()) / max(1, self.documents)

    def shares(self) -> dict[str, float]:
        """Shares of CPU time: on a shared machine, wall-clock shares move with whatever else runs."""
        times = self.cpu_seconds if sum(self.cpu_seconds.values()) else self.seconds
        total = sum(times.values()) or 1.0
        return {stage: round(100 * times.get(stage, 0.0) / total, 1) for stage in STAGES}

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "context_load_s": round(self.context_load_s, 2),
            "warmup_s": round(self.warmup_s, 2),
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
            "cpu_seconds": {k: round(v, 3) for k, v in self.cpu_seconds.items()},
            "share_percent": self.shares(),
            "per_document_ms": round(self.per_document_ms, 1),
            "per_document_cpu_ms": round(1000 * sum(self.cpu_seconds.values()) / max(1, self.documents), 1),
            "per_document_stage_cpu_ms": {
                k: round(1000 * v / max(1, self.documents), 2) for k, v in self.cpu_seconds.items()
            },
            "per_document_stage_ms": {k: round(1000 * v / max(1, self.documents), 2) for k, v in self.seconds.items()},
            "corpus_steps_s": {k: round(v, 3) for k, v in self.corpus_steps_s.items()},
            "triples_per_document": round(self.triples / max(1, self.documents)),
            "held_back": self.held_back,
            "errors": self.errors[:10],
        }


def profile_stages(paths: list[Path], authority_files: tuple[str, ...], base: str, workdir: Path) -> StageProfile:
    from cablegraph.extract import DEFAULT_EXTRACTORS, ExtractionContext, read_document, run_extractors
    from cablegraph.graph.build.authority import authority_graph
    from cablegraph.graph.build.mapping import BuildInfo, to_triples
    from cablegraph.graph.build.pipeline import build_fingerprint, software_version
    from cablegraph.graph.build.validate import validate
    from cablegraph.graph.store.embedded import GraphStore
    from cablegraph.ontology import IriMinter

    started = time.perf_counter()
    context = ExtractionContext.load(authority_files)
    minter = IriMinter(base)
    build = BuildInfo.now(software_version())
    fingerprint = build_fingerprint(context, DEFAULT_EXTRACTORS, minter)
    profile = StageProfile(
        len(paths),
        time.perf_counter() - started,
        seconds=dict.fromkeys(STAGES, 0.0),
        cpu_seconds=dict.fromkeys(STAGES, 0.0),
    )
    store_dir = workdir / "stage-store"
    shutil.rmtree(store_dir, ignore_errors=True)
    store = GraphStore.open(store_dir)
    store.replace_graph(authority_graph(context.authority, context.gazetteer, minter, context.organisations))
    if paths:  # warm-up: compiled patterns and shapes are built on first use, once per process
        warm = time.perf_counter()
        validate(to_triples(run_extractors(read_document(paths[0]), context), minter, build)[1])
        profile.warmup_s = time.perf_counter() - warm
    for path in paths:
        _time_document(path, context, minter, build, fingerprint, store, profile)
    _corpus_steps(store, minter, profile)
    del store
    shutil.rmtree(store_dir, ignore_errors=True)
    return profile


def _time_document(
    path: Path,
    context: ExtractionContext,
    minter: IriMinter,
    build: BuildInfo,
    fingerprint: str,
    store: GraphStore,
    profile: StageProfile,
) -> None:
    """One document through every stage as the build takes it, wall and CPU time added per stage."""
    from rdflib import Literal

    from cablegraph.extract import read_document, run_extractors
    from cablegraph.graph.build.mapping import to_triples
    from cablegraph.graph.build.ntriples import to_ntriples
    from cablegraph.graph.build.validate import validate
    from cablegraph.ontology import CG

    marks: list[tuple[float, float]] = []

    def mark() -> None:
        marks.append((time.perf_counter(), time.process_time()))

    mark()
    document = read_document(path)
    mark()
    extraction = run_extractors(document, context)
    mark()
    identifier, triples = to_triples(extraction, minter, build)  # as the build does (preparation.Preparer)
    triples.append((identifier, CG.buildFingerprint, Literal(fingerprint)))
    mark()
    result = validate(triples)
    mark()
    body = to_ntriples(triples)
    mark()
    if result.conforms:
        store.replace_graph_ntriples(str(identifier), body)
    else:
        profile.held_back += 1
    mark()
    for stage, (start, end) in zip(STAGES, pairwise(marks), strict=True):
        profile.seconds[stage] += end[0] - start[0]
        profile.cpu_seconds[stage] += end[1] - start[1]
    profile.triples += len(triples)


def _corpus_steps(store: GraphStore, minter: IriMinter, profile: StageProfile) -> None:
    """The steps run once per build over the whole store; each is optional (the code base moves)."""
    from cablegraph.graph.build import links

    steps: list[tuple[str, Callable[[], object]]] = [
        ("link_references", lambda: links.link_references(store, minter)),
        ("corpus_checks", lambda: links.corpus_checks(store, minter)),
    ]
    try:
        from cablegraph.graph.catalogue.database import Catalogue

        def refresh() -> None:
            assert store.path is not None  # the store was opened from a folder
            catalogue = Catalogue.beside(store.path)
            try:
                catalogue.refresh(store, minter)
            finally:
                catalogue.close()

        steps.append(("catalogue_refresh", refresh))
    except ImportError:
        pass
    for name, step in steps:
        started = time.perf_counter()
        try:
            step()
        except Exception as error:  # noqa: BLE001 - a moving code base: report, do not stop the benchmark
            profile.errors.append(f"{name}: {type(error).__name__}: {error}")
        profile.corpus_steps_s[name] = time.perf_counter() - started


# --- extraction throughput --------------------------------------------------------------

_CONTEXT: ExtractionContext | None = None  # loaded by _init in each pool worker


def _init(authority_files: tuple[str, ...], warm: str) -> None:
    global _CONTEXT  # noqa: PLW0603 -- each pool worker loads the context once, in its initializer
    from cablegraph.extract import ExtractionContext, read_document, run_extractors

    _CONTEXT = ExtractionContext.load(authority_files)
    run_extractors(read_document(warm), _CONTEXT)


def _ready(_: int) -> int:
    time.sleep(0.5)  # long enough that each worker takes one
    return 0


def _extract(path: str) -> tuple[int, float]:
    from cablegraph.extract import read_document, run_extractors

    started = time.process_time()
    assert _CONTEXT is not None  # _init ran in this worker
    facts = len(run_extractors(read_document(path), _CONTEXT).facts)
    return facts, time.process_time() - started


@dataclass
class Throughput:
    workers: int
    documents: int
    seconds: float
    facts_per_document: float
    cpu_ms_per_document: float = 0.0

    @property
    def per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "workers": self.workers,
            "documents": self.documents,
            "seconds": round(self.seconds, 2),
            "docs_per_s": round(self.per_second, 2),
            "facts_per_document": round(self.facts_per_document, 1),
            "cpu_ms_per_document": round(self.cpu_ms_per_document, 1),
        }


def extraction_throughput(paths: list[Path], authority_files: tuple[str, ...], workers: int) -> Throughput:
    """Read + extract in `workers` spawned processes, timed after every worker has loaded its context."""
    with ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init,
        initargs=(authority_files, str(paths[0])),
    ) as pool:
        list(pool.map(_ready, range(workers)))
        started = time.perf_counter()
        done = list(pool.map(_extract, map(str, paths), chunksize=1))
        seconds = time.perf_counter() - started
    count = max(1, len(done))
    return Throughput(
        workers, len(paths), seconds, sum(f for f, _ in done) / count, 1000 * sum(c for _, c in done) / count
    )
