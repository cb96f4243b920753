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
import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from rdflib import Literal

from cablegraph.extract import (
    DEFAULT_EXTRACTORS,
    DocumentParseError,
    ExtractionContext,
    document_id,
    parse_document,
    read_document,
    run_extractors,
)
from cablegraph.extract.parse import read_text, text_checksum
from cablegraph.graph.build.authority import authority_graph
from cablegraph.graph.build.bulk import Batcher, BulkMode, Work, can_bulk_load, nquads_of
from cablegraph.graph.catalogue.database import Catalogue, RefreshReport, Summary, summary_of
from cablegraph.graph.build.links import LinkReport, corpus_checks, link_references
from cablegraph.graph.build.mapping import BuildInfo, to_ntriples, to_triples
from cablegraph.graph.store.embedded import GraphStore
from cablegraph.graph.build.structure import structure_problem
from cablegraph.graph.build.time_budget import OverBudget, time_budget
from cablegraph.graph.build.validate import ValidationResult, validate
from cablegraph.ontology import CG, IriMinter, sparql_prefixes

DEFAULT_EXTRACT_TIMEOUT_S = 30.0  # a document's extraction budget in a build (CABLEGRAPH_EXTRACT_TIMEOUT_S)
_LOADS_IN_FLIGHT = 8  # graphs handed to the loading thread and not yet settled: bounded memory
DOCUMENT_SUFFIXES = (".txt",)  # in folders; files named explicitly are read whatever their suffix


def software_version() -> str:
    try:
        return version("cablegraph")
    except PackageNotFoundError:  # running from a source tree without installation
        return "0+unknown"


class Outcome(StrEnum):
    LOADED = "loaded"
    UNCHANGED = "unchanged"
    HELD_BACK = "held-back"  # SHACL violations, or no telegram structure: not loaded
    FAILED = "failed"  # could not be read or extracted
    REMOVED = "removed"  # no longer in the corpus


@dataclass(frozen=True)
class DocumentReport:
    path: str
    doc_id: str | None
    outcome: Outcome
    message: str = ""
    triples: int = 0
    violations: tuple[ValidationResult, ...] = ()
    warnings: tuple[ValidationResult, ...] = ()

    def as_json(self) -> dict:
        """The document's line of a build report (`cablegraph build --report`)."""
        reason = self.message or (f"{len(self.violations)} SHACL violation(s)" if self.violations else "")
        return {
            "path": self.path or None, "id": self.doc_id, "outcome": self.outcome.value, "reason": reason or None,
            "triples": self.triples, "violations": [str(v) for v in self.violations], "warnings": [str(w) for w in self.warnings],
        }


@dataclass
class IngestReport:
    documents: list[DocumentReport] = field(default_factory=list)
    links: LinkReport | None = None
    corpus_issues: list[str] = field(default_factory=list)
    catalogue: RefreshReport | None = None
    seconds: float = 0.0
    found: int = 0  # documents found under the paths, whatever became of them
    prune_skipped: str | None = None  # why documents no longer in the corpus were kept
    bulk_loaded: int = 0  # documents loaded through the store's bulk loader
    bulk_recovered: list[str] = field(default_factory=list)  # graphs an interrupted bulk load left, dropped to be built again

    def count(self, outcome: Outcome) -> int:
        return sum(1 for d in self.documents if d.outcome is outcome)

    @property
    def ok(self) -> bool:
        return not any(d.outcome in (Outcome.FAILED, Outcome.HELD_BACK) for d in self.documents)

    @property
    def triples(self) -> int:
        return sum(d.triples for d in self.documents if d.outcome is Outcome.LOADED)

    def summary(self) -> str:
        parts = [f"{self.count(o)} {o.value}" for o in Outcome if self.count(o)]
        return ", ".join(parts) or "no documents"

    def as_json(self) -> dict:
        """Every document with its outcome and reason: what a user reads to learn what was held back and why."""
        return {
            "summary": {o.value: self.count(o) for o in Outcome}, "found": self.found, "triples": self.triples,
            "seconds": round(self.seconds, 3), "prune_skipped": self.prune_skipped, "corpus_issues": list(self.corpus_issues),
            "bulk_loaded": self.bulk_loaded, "bulk_recovered": list(self.bulk_recovered),
            "documents": [d.as_json() for d in self.documents],
        }

    def totals(self) -> str:
        links = f", {self.links.resolved} references resolved, {self.links.unseen} unseen" if self.links else ""
        return f"{self.triples} triples loaded in {self.seconds:.1f} s{links}"


def find_documents(paths: Iterable[str | Path], on_loop: Callable[[Path], None] | None = None) -> Iterator[Path]:
    """Telegram files under the given files and folders, in a stable order. Symbolic links to
    folders are not followed; one that loops (to itself, or to a folder it is in) is handed to
    `on_loop`, so that the build names it rather than skipping it silently."""
    for path in map(Path, paths):
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.is_file() and found.suffix.lower() in DOCUMENT_SUFFIXES and not _hidden(found, path):
                    yield found
                elif on_loop is not None and found.is_symlink() and not _hidden(found, path) and _loops(found):
                    on_loop(found)
        else:
            yield path


def documents_to_drop(paths: Iterable[str | Path], store: GraphStore, minter: IriMinter) -> tuple[int, list[str]]:
    """How many documents are under `paths`, and the ids of the store's documents that a pruning
    build of them would drop: asked before a build, so a user can confirm or stop it."""
    found: set[str] = set()
    count = 0
    for path in find_documents(paths):
        count += 1
        try:
            found.add(document_id(path))
        except DocumentParseError:
            continue
    stored = (minter.doc_id_of(graph) for graph in store.named_graphs())
    return count, sorted(doc_id for doc_id in stored if doc_id is not None and doc_id not in found)


def _loops(link: Path) -> bool:
    """Whether the link cannot be resolved for a loop, or leads to a folder that contains it."""
    try:
        target = link.resolve(strict=True)
    except (RuntimeError, OSError) as error:  # RuntimeError: Python 3.11's "Symlink loop"; OSError: ELOOP
        return isinstance(error, RuntimeError) or getattr(error, "errno", None) == 40
    return target.is_dir() and link.parent.resolve().is_relative_to(target)


def _hidden(found: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in found.relative_to(root).parts)


def build_fingerprint(context: ExtractionContext, extractors: tuple[str, ...], minter: IriMinter) -> str:
    digest = hashlib.sha256()
    for part in (software_version(), minter.base, *extractors):
        digest.update(part.encode("utf-8") + b"\x00")
    digest.update(repr(sorted(context.authority.people.items())).encode("utf-8"))
    digest.update(repr(sorted(context.authority.posts.items())).encode("utf-8"))
    digest.update(repr(sorted(context.gazetteer.places.items())).encode("utf-8"))
    digest.update(repr(sorted(context.organisations.items.items())).encode("utf-8"))
    return digest.hexdigest()[:16]


def ingest(
    paths: Iterable[str | Path],
    store: GraphStore,
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
    build = BuildInfo.now(software_version())
    fingerprint = build_fingerprint(context, extractors, minter)
    report = IngestReport()
    batcher: Batcher[tuple[Path, Prepared]] | None = None
    existing: set[str] = set()  # graphs in the store before the build: replaced one by one, never bulk loaded
    if bulk is not BulkMode.OFF and can_bulk_load(store):
        report.bulk_recovered = store.recover_bulk_load()  # graphs a killed bulk load may have left part-written
        existing = set(store.named_graphs())
        batcher = Batcher(bulk, store.bulk_batch_quads, fresh=not any(minter.doc_id_of(graph) for graph in existing))
    store.replace_graph(authority_graph(context.authority, context.gazetteer, minter, context.organisations))
    known = {} if force else _loaded_fingerprints(store)
    seen: dict[str, str] = {}
    preparer = _Preparer(context, extractors, minter, build, fingerprint, extract_timeout_s)

    def finish(outcome: DocumentReport) -> None:
        report.documents.append(outcome)
        if progress:
            progress(outcome)

    found: dict[str, int] = {}  # path -> position, to report in file order whatever finished first

    def to_prepare() -> Iterator[Path]:
        for path in find_documents(paths):
            found[str(path)] = len(found)
            outcome = _screen(path, minter, fingerprint, known, seen)
            if outcome is not None:
                finish(outcome)
            else:
                yield path

    # the catalogue takes each summary as its graph loads; servers of a remote store open the build's file
    if catalogue_path is not None:
        catalogue = Catalogue(catalogue_path)
    else:
        catalogue = Catalogue.beside(store.path) if getattr(store, "path", None) is not None else None

    def settle(work: Work[tuple[Path, Prepared]], loading: Future[list[DocumentReport]]) -> None:
        for (path, prepared), outcome in zip(work.items, loading.result(), strict=True):
            if catalogue is not None and outcome.outcome is Outcome.LOADED and prepared.summary is not None:
                catalogue.record(prepared.summary)
            finish(outcome)

    try:
        # The store loads in a thread of its own (the engine releases the GIL), so this process reads
        # the workers' answers and keeps the catalogue while the previous graph (or batch) is written.
        with ThreadPoolExecutor(1, thread_name_prefix="cablegraph-load") as loader:
            loading: deque[tuple[Work[tuple[Path, Prepared]], Future[list[DocumentReport]]]] = deque()

            def submit(work: Work[tuple[Path, Prepared]]) -> None:
                if work.bulk:  # one batch in the loader at a time: bounded memory
                    while loading:
                        settle(*loading.popleft())
                loading.append((work, loader.submit(_load_work, work, store)))

            for path, prepared in _prepare_all(to_prepare(), preparer, workers, context_files, (extractors, minter.base, build, fingerprint, extract_timeout_s)):
                if batcher is not None and prepared.ntriples is not None and prepared.graph not in existing:
                    for work in batcher.add((path, prepared), prepared.triples):
                        submit(work)
                else:
                    submit(Work([(path, prepared)], bulk=False))
                while loading and (len(loading) > _LOADS_IN_FLIGHT or loading[0][1].done()):
                    settle(*loading.popleft())
            for work in batcher.close() if batcher is not None else ():
                submit(work)
            while loading:
                settle(*loading.popleft())
        report.bulk_loaded = batcher.loaded_in_bulk if batcher is not None else 0
        report.found = len(found)
        if prune and not found:
            report.prune_skipped = "no document was found under the paths given: nothing dropped"
        elif prune:
            for graph in store.named_graphs():
                doc_id = minter.doc_id_of(graph)
                if doc_id is not None and doc_id not in seen:
                    store.drop_graph(graph)
                    finish(DocumentReport("", doc_id, Outcome.REMOVED, "no longer in the corpus"))
        if report.count(Outcome.LOADED) or report.count(Outcome.REMOVED) or not store.has_graph(str(minter.links_graph())):
            report.links = link_references(store, minter)  # else the links graph of the last build still holds
        report.corpus_issues = corpus_checks(store, minter)
        if catalogue is not None:
            report.catalogue = catalogue.refresh(store, minter)
        store.flush()  # readers open the store read-only: leave them no log to replay
    finally:
        if catalogue is not None:
            catalogue.close()
    report.documents.sort(key=lambda outcome: found.get(outcome.path, len(found)))  # removed ones last
    report.seconds = time.monotonic() - started
    return report


@dataclass(frozen=True)
class Prepared:
    """A document's validated graph as N-Triples (or why it has none), ready to load."""

    doc_id: str
    graph: str
    ntriples: str | None
    triples: int
    violations: tuple[ValidationResult, ...] = ()
    warnings: tuple[ValidationResult, ...] = ()
    error: str | None = None
    summary: Summary | None = None  # what the catalogue keeps of it
    held_back: str | None = None  # why a readable document is not loaded although it has no violation


# Touches what the extractors build on first use: both NER models, the Russian morphology (a
# heading's addressee), the fuzzy index (a misspelled known name), the name and place tries.
_WARM_UP_TEXT = ("Telegram from Zhou Enlai to Stalin\n\nThe delegation will arrive in Moscow on Monday. Filipov agrees.\n\n"
                 "ШИФРТЕЛЕГРАММА № 1\nПекин, товарищу Рощину\n\nТоварищу Сталину. Делегация прибудет в Москву.\n\nФилипов\n")


class _Preparer:
    """Extract, map and validate one document: the expensive part, safe to run in a worker process."""

    def __init__(self, context, extractors, minter, build, fingerprint, timeout_s: float | None = DEFAULT_EXTRACT_TIMEOUT_S) -> None:
        self.context, self.extractors, self.minter, self.build, self.fingerprint = context, extractors, minter, build, fingerprint
        self.timeout_s = timeout_s
        self._warm = False

    def warm_up(self) -> None:
        """Load the models the extractors use (English NER, Russian morphology) before the first
        document's time budget starts: loading them takes seconds on a busy machine, and the
        budget is for a document's own text, not for the worker's start."""
        if not self._warm:
            self._warm = True
            run_extractors(parse_document(_WARM_UP_TEXT, "warm-up"), self.context, self.extractors)

    def __call__(self, path: Path) -> Prepared:
        doc_id = document_id(path)  # the caller has checked that the name gives one
        graph_iri = str(self.minter.graph(doc_id))
        try:
            document = read_document(path)
        except DocumentParseError as error:
            return Prepared(doc_id, graph_iri, None, 0, error=error.reason)
        try:
            self.warm_up()
            with time_budget(self.timeout_s):
                extraction = run_extractors(document, self.context, self.extractors)
            problem = structure_problem(extraction)
            if problem is not None:
                return Prepared(document.doc_id, graph_iri, None, 0, held_back=problem)
            identifier, triples = to_triples(extraction, self.minter, self.build)
        except OverBudget as error:
            return Prepared(document.doc_id, graph_iri, None, 0, error=str(error))
        except Exception as error:  # an extractor bug must not sink the batch; report it with the file
            return Prepared(document.doc_id, graph_iri, None, 0, error=f"extraction failed: {type(error).__name__}: {error}")
        triples.append((identifier, CG.buildFingerprint, Literal(self.fingerprint)))  # no other triple has this predicate
        result = validate(triples)
        if not result.conforms:
            return Prepared(document.doc_id, graph_iri, None, len(triples), result.violations, result.warnings)
        return Prepared(document.doc_id, graph_iri, to_ntriples(triples), len(triples), (), result.warnings, summary=summary_of(graph_iri, triples))


_WORKER_PREPARER: _Preparer | None = None


def _init_worker(context_files, extractors, base, build, fingerprint, timeout_s) -> None:
    global _WORKER_PREPARER
    _WORKER_PREPARER = _Preparer(ExtractionContext.load(*context_files), extractors, IriMinter(base), build, fingerprint, timeout_s)


def _prepare_in_worker(path: Path) -> Prepared:
    assert _WORKER_PREPARER is not None
    return _WORKER_PREPARER(path)


def _prepare_all(paths: Iterator[Path], preparer: _Preparer, workers: int, context_files, settings) -> Iterator[tuple[Path, Prepared]]:
    """Each path with its prepared graph, in order. Workers read the files themselves: a path is
    cheaper to send than a parsed document, and the reading is spread over the workers too."""
    if workers <= 1:
        for path in paths:
            yield path, preparer(path)
        return
    extractors, base, build, fingerprint, timeout_s = settings
    window = 4 * workers  # documents in flight: bounded memory whatever the corpus size
    with ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker,
        initargs=(context_files, extractors, base, build, fingerprint, timeout_s),
    ) as pool:
        pending: deque = deque()
        for path in paths:
            pending.append((path, pool.submit(_prepare_in_worker, path)))
            if len(pending) >= window:
                path, future = pending.popleft()
                yield path, future.result()
        while pending:
            path, future = pending.popleft()
            yield path, future.result()


def _screen(path: Path, minter: IriMinter, fingerprint: str, known, seen) -> DocumentReport | None:
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


def _unchanged(path: Path, minter: IriMinter, fingerprint: str, known) -> bool:
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


def _load_work(work: Work[tuple[Path, Prepared]], store: GraphStore) -> list[DocumentReport]:
    """Load one batch through the bulk loader, or one document in its own transaction."""
    if work.bulk:
        store.bulk_load_nquads(nquads_of([prepared for _, prepared in work.items]), [prepared.graph for _, prepared in work.items])
        return [DocumentReport(str(path), p.doc_id, Outcome.LOADED, "", p.triples, (), p.warnings) for path, p in work.items]
    return [_load(path, prepared, store) for path, prepared in work.items]


def _load(path: Path, prepared: Prepared, store: GraphStore) -> DocumentReport:
    if prepared.error is not None:
        return DocumentReport(str(path), prepared.doc_id, Outcome.FAILED, prepared.error)
    if prepared.held_back is not None:
        return DocumentReport(str(path), prepared.doc_id, Outcome.HELD_BACK, prepared.held_back)
    if prepared.ntriples is None:
        return DocumentReport(str(path), prepared.doc_id, Outcome.HELD_BACK, "SHACL violations", prepared.triples, prepared.violations, prepared.warnings)
    store.replace_graph_ntriples(prepared.graph, prepared.ntriples)
    return DocumentReport(str(path), prepared.doc_id, Outcome.LOADED, "", prepared.triples, (), prepared.warnings)


def _loaded_fingerprints(store: GraphStore) -> dict[str, tuple[str, str]]:
    rows = store.select(
        sparql_prefixes()
        + "SELECT ?g ?sum ?fp WHERE { GRAPH ?g { ?g cg:sha256 ?sum ; cg:buildFingerprint ?fp } }",
        union_default_graph=False,
    )
    return {row["g"]: (row["sum"], row["fp"]) for row in rows}
