"""The ingest use case: files -> documents -> facts -> validated named graphs -> store.

A document that cannot be read, or whose graph has SHACL violations, is reported
and held back; the others still load, and a document that fails keeps the graph
it had from an earlier build. Documents whose text and build fingerprint have not
changed since the last build are skipped. Documents no longer in the corpus are
dropped from the store (unless `prune=False`), but never by a build that found no document at
all: an empty or mistyped folder must not empty the store. A file with no telegram structure
(`structure.py`) is held back with that reason.
"""

from __future__ import annotations

import hashlib
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TypeAlias

from cablegraph.extract import DEFAULT_EXTRACTORS, DocumentParseError, ExtractionContext, document_id
from cablegraph.extract.parse import read_text, text_checksum
from cablegraph.graph.build.authority import authority_graph
from cablegraph.graph.build.bulk import Batcher, BulkMode, Work, can_bulk_load, nquads_of
from cablegraph.graph.build.document_files import find_documents
from cablegraph.graph.build.links import corpus_checks, link_references
from cablegraph.graph.build.mapping import BuildInfo
from cablegraph.graph.build.preparation import (
    DEFAULT_EXTRACT_TIMEOUT_S,
    Prepared,
    Preparer,
    WorkerSettings,
    prepare_all,
)
from cablegraph.graph.build.report import DocumentReport, IngestReport, Outcome
from cablegraph.graph.catalogue.database import Catalogue
from cablegraph.graph.store.either import AnyStore
from cablegraph.ontology import IriMinter, sparql_prefixes

# The report's names are re-exported: every caller of `ingest` reads them (the command line, the tests).
__all__ = ["DocumentReport", "IngestReport", "Outcome", "build_fingerprint", "ingest", "software_version"]

_LOADS_IN_FLIGHT = 8  # graphs handed to the loading thread and not yet settled: bounded memory


def software_version() -> str:
    try:
        return version("cablegraph")
    except PackageNotFoundError:  # running from a source tree without installation
        return "0+unknown"


def build_fingerprint(context: ExtractionContext, extractors: tuple[str, ...], minter: IriMinter) -> str:
    digest = hashlib.sha256()
    for part in (software_version(), minter.base, *extractors):
        digest.update(part.encode("utf-8") + b"\x00")
    digest.update(repr(sorted(context.authority.people.items())).encode("utf-8"))
    digest.update(repr(sorted(context.authority.posts.items())).encode("utf-8"))
    digest.update(repr(sorted(context.gazetteer.places.items())).encode("utf-8"))
    digest.update(repr(sorted(context.organisations.items.items())).encode("utf-8"))
    return digest.hexdigest()[:16]


_Work: TypeAlias = Work[tuple[Path, Prepared]]  # one document, or one bulk batch, with what it came from
_Fingerprints: TypeAlias = dict[object, tuple[object, object]]  # graph -> (text checksum, build fingerprint) as loaded


def ingest(
    paths: Iterable[str | Path],
    store: AnyStore,
    minter: IriMinter,
    context: ExtractionContext | None = None,
    extractors: tuple[str, ...] = DEFAULT_EXTRACTORS,
    prune: bool = True,
    force: bool = False,
    progress: Callable[[DocumentReport], None] | None = None,
    workers: int = 1,
    context_files: tuple[tuple[str, ...], tuple[str, ...]] = ((), ()),
    extract_timeout_s: float | None = DEFAULT_EXTRACT_TIMEOUT_S,
    catalogue_path: str | Path | None = None,
    bulk: BulkMode = BulkMode.AUTO,
) -> IngestReport:
    """Build `paths` into `store`. With `workers` > 1 the extraction, mapping and validation of
    documents run in that many processes (each loads the authority data named by `context_files`);
    loading stays in this process: new documents of a fresh or large build in batches through the
    store's bulk loader, when it has one (graph/build/bulk.py says when), every other one in its own
    transaction. The catalogue is kept at `catalogue_path` (default: beside an embedded store; none
    for a remote store unless given)."""
    started = time.monotonic()
    context = context or ExtractionContext.load(*context_files)
    preparer, settings = _preparer(context, extractors, minter, extract_timeout_s)
    report = IngestReport()
    batcher, existing = _bulk_batcher(store, minter, bulk, report)
    store.replace_graph(authority_graph(context.authority, context.gazetteer, minter, context.organisations))
    known: _Fingerprints = {} if force else _loaded_fingerprints(store)
    seen: dict[str, str] = {}

    def finish(outcome: DocumentReport) -> None:
        report.documents.append(outcome)
        if progress:
            progress(outcome)

    found: dict[str, int] = {}  # path -> position, to report in file order whatever finished first

    def to_prepare() -> Iterator[Path]:
        for path in find_documents(paths):
            found[str(path)] = len(found)
            outcome = _screen(path, minter, preparer.fingerprint, known, seen)
            if outcome is not None:
                finish(outcome)
            else:
                yield path

    catalogue = _open_catalogue(store, catalogue_path)  # it takes each summary as its graph loads
    try:
        prepared = prepare_all(to_prepare(), preparer, workers, context_files, settings)
        report.bulk_loaded = _load_all(prepared, _Loading(store, catalogue, finish), batcher, existing)
        report.found = len(found)
        _prune(report, store, minter, prune, seen, finish)
        _after_loading(report, store, minter, catalogue)
    finally:
        if catalogue is not None:
            catalogue.close()
    report.documents.sort(key=lambda outcome: found.get(outcome.path, len(found)))  # removed ones last
    report.seconds = time.monotonic() - started
    return report


def _bulk_batcher(
    store: AnyStore, minter: IriMinter, bulk: BulkMode, report: IngestReport
) -> tuple[Batcher[tuple[Path, Prepared]] | None, set[str]]:
    """The batcher of a store that can bulk load (None for one that cannot, or with bulk off), and the
    graphs in the store before the build: those are replaced one by one, never bulk loaded."""
    if bulk is BulkMode.OFF or not can_bulk_load(store):
        return None, set()
    report.bulk_recovered = store.recover_bulk_load()  # graphs a killed bulk load may have left part-written
    existing = set(store.named_graphs())
    fresh = not any(minter.doc_id_of(graph) for graph in existing)
    return Batcher(bulk, store.bulk_batch_quads, fresh=fresh), existing


def _open_catalogue(store: AnyStore, catalogue_path: str | Path | None) -> Catalogue | None:
    """The catalogue at `catalogue_path`, else beside an embedded store; servers of a remote store open the build's file."""
    if catalogue_path is not None:
        return Catalogue(catalogue_path)
    store_path = getattr(store, "path", None)
    return Catalogue.beside(store_path) if store_path is not None else None


class _Loading:
    """Graphs handed to the loading thread and not yet settled, settled in the order they were handed over.

    The store loads in a thread of its own (the engine releases the GIL), so the build reads the
    workers' answers and keeps the catalogue while the previous graph (or batch) is written.
    """

    def __init__(self, store: AnyStore, catalogue: Catalogue | None, finish: Callable[[DocumentReport], None]) -> None:
        self.store, self.catalogue, self.finish = store, catalogue, finish
        self.pending: deque[tuple[_Work, Future[list[DocumentReport]]]] = deque()

    def submit(self, loader: ThreadPoolExecutor, work: _Work) -> None:
        if work.bulk:  # one batch in the loader at a time: bounded memory
            self.settle_all()
        self.pending.append((work, loader.submit(_load_work, work, self.store)))

    def settle_done(self) -> None:
        """Settle what has loaded, and wait for the oldest while too many are in flight."""
        while self.pending and (len(self.pending) > _LOADS_IN_FLIGHT or self.pending[0][1].done()):
            self._settle_oldest()

    def settle_all(self) -> None:
        while self.pending:
            self._settle_oldest()

    def _settle_oldest(self) -> None:
        work, loading = self.pending.popleft()
        for (_, prepared), outcome in zip(work.items, loading.result(), strict=True):
            if self.catalogue is not None and outcome.outcome is Outcome.LOADED and prepared.summary is not None:
                self.catalogue.record(prepared.summary)
            self.finish(outcome)


def _load_all(
    prepared: Iterator[tuple[Path, Prepared]],
    loading: _Loading,
    batcher: Batcher[tuple[Path, Prepared]] | None,
    existing: set[str],
) -> int:
    """Load every prepared document: new ones through the batcher (when there is one), the others one by one.
    Answers how many went through the bulk loader."""
    with ThreadPoolExecutor(1, thread_name_prefix="cablegraph-load") as loader:
        for path, document in prepared:
            if batcher is not None and document.ntriples is not None and document.graph not in existing:
                for work in batcher.add((path, document), document.triples):
                    loading.submit(loader, work)
            else:
                loading.submit(loader, Work([(path, document)], bulk=False))
            loading.settle_done()
        for work in batcher.close() if batcher is not None else ():
            loading.submit(loader, work)
        loading.settle_all()
    return batcher.loaded_in_bulk if batcher is not None else 0


def _preparer(
    context: ExtractionContext, extractors: tuple[str, ...], minter: IriMinter, timeout_s: float | None
) -> tuple[Preparer, WorkerSettings]:
    """The build's preparer, and what worker processes need to make their own."""
    build = BuildInfo.now(software_version())
    fingerprint = build_fingerprint(context, extractors, minter)
    settings = WorkerSettings(extractors, minter.base, build, fingerprint, timeout_s)
    return Preparer(context, extractors, minter, build, fingerprint, timeout_s), settings


def _prune(
    report: IngestReport,
    store: AnyStore,
    minter: IriMinter,
    prune: bool,
    seen: dict[str, str],
    finish: Callable[[DocumentReport], None],
) -> None:
    """Drop the documents no longer in the corpus, unless the build found none at all (`report.found`)."""
    if prune and not report.found:
        report.prune_skipped = "no document was found under the paths given: nothing dropped"
    if not prune or not report.found:
        return
    for graph in store.named_graphs():
        doc_id = minter.doc_id_of(graph)
        if doc_id is not None and doc_id not in seen:
            store.drop_graph(graph)
            finish(DocumentReport("", doc_id, Outcome.REMOVED, "no longer in the corpus"))


def _after_loading(report: IngestReport, store: AnyStore, minter: IriMinter, catalogue: Catalogue | None) -> None:
    """The corpus-level steps once every document is settled: links, checks, the catalogue, a flush."""
    if report.count(Outcome.LOADED) or report.count(Outcome.REMOVED) or not store.has_graph(str(minter.links_graph())):
        report.links = link_references(store, minter)  # else the links graph of the last build still holds
    report.corpus_issues = corpus_checks(store, minter)
    if catalogue is not None:
        report.catalogue = catalogue.refresh(store, minter)
    store.flush()  # readers open the store read-only: leave them no log to replay


def _screen(
    path: Path, minter: IriMinter, fingerprint: str, known: _Fingerprints, seen: dict[str, str]
) -> DocumentReport | None:
    """Decide whether a file needs work: files without a usable name, duplicates and unchanged
    documents end here; the others are read by whoever prepares them."""
    try:
        doc_id = document_id(path)
    except DocumentParseError as error:
        return DocumentReport(str(path), None, Outcome.FAILED, error.reason)
    if doc_id in seen:
        message = f"document id {doc_id!r} is already used by {seen[doc_id]}; rename one of the files"
        return DocumentReport(str(path), doc_id, Outcome.FAILED, message)
    seen[doc_id] = str(path)  # a file that then fails to read keeps its graph from an earlier build
    if known and _unchanged(path, minter, fingerprint, known):
        return DocumentReport(str(path), doc_id, Outcome.UNCHANGED)
    return None


def _unchanged(path: Path, minter: IriMinter, fingerprint: str, known: _Fingerprints) -> bool:
    """Whether the file holds the very text its loaded graph was built from, under the same build
    fingerprint: the decision a full read would reach, without parsing.

    Why: parsing costs a few ms a document; an incremental build of 100,000 files would spend
    minutes parsing the unchanged ones. Anything else goes the full way.
    """
    try:
        text = read_text(path)
    except DocumentParseError:
        return False
    return bool(text.strip()) and known.get(str(minter.graph(document_id(path)))) == (text_checksum(text), fingerprint)


def _load_work(work: _Work, store: AnyStore) -> list[DocumentReport]:
    """Load one batch through the bulk loader, or one document in its own transaction."""
    if work.bulk:
        store.bulk_load_nquads(
            nquads_of([prepared for _, prepared in work.items]), [prepared.graph for _, prepared in work.items]
        )
        return [
            DocumentReport(str(path), p.doc_id, Outcome.LOADED, "", p.triples, (), p.warnings) for path, p in work.items
        ]
    return [_load(path, prepared, store) for path, prepared in work.items]


def _load(path: Path, prepared: Prepared, store: AnyStore) -> DocumentReport:
    if prepared.error is not None:
        return DocumentReport(str(path), prepared.doc_id, Outcome.FAILED, prepared.error)
    if prepared.held_back is not None:
        return DocumentReport(str(path), prepared.doc_id, Outcome.HELD_BACK, prepared.held_back)
    if prepared.ntriples is None:
        return DocumentReport(
            str(path),
            prepared.doc_id,
            Outcome.HELD_BACK,
            "SHACL violations",
            prepared.triples,
            prepared.violations,
            prepared.warnings,
        )
    store.replace_graph_ntriples(prepared.graph, prepared.ntriples)
    return DocumentReport(str(path), prepared.doc_id, Outcome.LOADED, "", prepared.triples, (), prepared.warnings)


def _loaded_fingerprints(store: AnyStore) -> _Fingerprints:
    rows = store.select(
        sparql_prefixes() + "SELECT ?g ?sum ?fp WHERE { GRAPH ?g { ?g cg:sha256 ?sum ; cg:buildFingerprint ?fp } }",
        union_default_graph=False,
    )
    return {row["g"]: (row["sum"], row["fp"]) for row in rows}
