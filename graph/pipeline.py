"""The ingest use case: files -> documents -> facts -> validated named graphs -> store.

A document that cannot be read, or whose graph has SHACL violations, is reported
and held back; the others still load, and a document that fails keeps the graph
it had from an earlier build. Documents whose text and build fingerprint have not
changed since the last build are skipped. Documents no longer in the corpus are
dropped from the store (unless `prune=False`).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from rdflib import Literal

from cablegraph.extract import (
    DEFAULT_EXTRACTORS,
    Document,
    DocumentParseError,
    ExtractionContext,
    document_id,
    read_document,
    run_extractors,
)
from cablegraph.extract.parse import read_text, text_checksum
from cablegraph.graph.authority import authority_graph
from cablegraph.graph.catalogue import Catalogue, RefreshReport, Summary, summary_of
from cablegraph.graph.links import LinkReport, corpus_checks, link_references
from cablegraph.graph.mapping import BuildInfo, to_ntriples, to_triples
from cablegraph.graph.store import GraphStore
from cablegraph.graph.validate import ValidationResult, validate
from cablegraph.ontology import CG, IriMinter, sparql_prefixes

DOCUMENT_SUFFIXES = (".txt",)  # in folders; files named explicitly are read whatever their suffix


def software_version() -> str:
    try:
        return version("cablegraph")
    except PackageNotFoundError:  # running from a source tree without installation
        return "0+unknown"


class Outcome(StrEnum):
    LOADED = "loaded"
    UNCHANGED = "unchanged"
    HELD_BACK = "held-back"  # SHACL violations: not loaded
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


@dataclass
class IngestReport:
    documents: list[DocumentReport] = field(default_factory=list)
    links: LinkReport | None = None
    corpus_issues: list[str] = field(default_factory=list)
    catalogue: RefreshReport | None = None
    seconds: float = 0.0

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

    def totals(self) -> str:
        links = f", {self.links.resolved} references resolved, {self.links.unseen} unseen" if self.links else ""
        return f"{self.triples} triples loaded in {self.seconds:.1f} s{links}"


def find_documents(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Telegram files under the given files and folders, in a stable order."""
    for path in map(Path, paths):
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.is_file() and found.suffix.lower() in DOCUMENT_SUFFIXES and not _hidden(found, path):
                    yield found
        else:
            yield path


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
) -> IngestReport:
    """Build `paths` into `store`. With `workers` > 1 the extraction, mapping and validation of
    documents run in that many processes (each loads the authority data named by `context_files`);
    loading stays in this process, one transaction per document."""
    started = time.monotonic()
    context = context or ExtractionContext.load(*context_files)
    build = BuildInfo.now(software_version())
    fingerprint = build_fingerprint(context, extractors, minter)
    report = IngestReport()
    store.replace_graph(authority_graph(context.authority, context.gazetteer, minter, context.organisations))
    known = {} if force else _loaded_fingerprints(store)
    seen: dict[str, str] = {}
    preparer = _Preparer(context, extractors, minter, build, fingerprint)

    def finish(outcome: DocumentReport) -> None:
        report.documents.append(outcome)
        if progress:
            progress(outcome)

    def to_prepare() -> Iterator[tuple[Path, Document]]:
        for path in find_documents(paths):
            outcome, document = _screen(path, minter, fingerprint, known, seen)
            if outcome is not None:
                finish(outcome)
            else:
                yield path, document

    # an embedded store's catalogue takes each summary as its graph loads; a remote store's is the server's
    catalogue = Catalogue.beside(store.path) if getattr(store, "path", None) is not None else None
    try:
        for path, prepared in _prepare_all(to_prepare(), preparer, workers, context_files, (extractors, minter.base, build, fingerprint)):
            outcome = _load(path, prepared, store)
            if catalogue is not None and outcome.outcome is Outcome.LOADED and prepared.summary is not None:
                catalogue.record(prepared.summary)
            finish(outcome)
        if prune:
            for graph in store.named_graphs():
                doc_id = minter.doc_id_of(graph)
                if doc_id is not None and doc_id not in seen:
                    store.drop_graph(graph)
                    finish(DocumentReport("", doc_id, Outcome.REMOVED, "no longer in the corpus"))
        report.links = link_references(store, minter)
        report.corpus_issues = corpus_checks(store, minter)
        if catalogue is not None:
            report.catalogue = catalogue.refresh(store, minter)
    finally:
        if catalogue is not None:
            catalogue.close()
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


class _Preparer:
    """Extract, map and validate one document: the expensive part, safe to run in a worker process."""

    def __init__(self, context, extractors, minter, build, fingerprint) -> None:
        self.context, self.extractors, self.minter, self.build, self.fingerprint = context, extractors, minter, build, fingerprint

    def __call__(self, document: Document) -> Prepared:
        graph_iri = str(self.minter.graph(document.doc_id))
        try:
            identifier, triples = to_triples(run_extractors(document, self.context, self.extractors), self.minter, self.build)
        except Exception as error:  # an extractor bug must not sink the batch; report it with the file
            return Prepared(document.doc_id, graph_iri, None, 0, error=f"extraction failed: {type(error).__name__}: {error}")
        triples.append((identifier, CG.buildFingerprint, Literal(self.fingerprint)))  # no other triple has this predicate
        result = validate(triples)
        if not result.conforms:
            return Prepared(document.doc_id, graph_iri, None, len(triples), result.violations, result.warnings)
        return Prepared(document.doc_id, graph_iri, to_ntriples(triples), len(triples), (), result.warnings, summary=summary_of(graph_iri, triples))


_WORKER_PREPARER: _Preparer | None = None


def _init_worker(context_files, extractors, base, build, fingerprint) -> None:
    global _WORKER_PREPARER
    _WORKER_PREPARER = _Preparer(ExtractionContext.load(*context_files), extractors, IriMinter(base), build, fingerprint)


def _prepare_in_worker(document: Document) -> Prepared:
    assert _WORKER_PREPARER is not None
    return _WORKER_PREPARER(document)


def _prepare_all(items: Iterator[tuple[Path, Document]], preparer: _Preparer, workers: int, context_files, settings) -> Iterator[tuple[Path, Prepared]]:
    if workers <= 1:
        for path, document in items:
            yield path, preparer(document)
        return
    extractors, base, build, fingerprint = settings
    window = 4 * workers  # documents in flight: bounded memory whatever the corpus size
    with ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker,
        initargs=(context_files, extractors, base, build, fingerprint),
    ) as pool:
        pending: deque = deque()
        for path, document in items:
            pending.append((path, pool.submit(_prepare_in_worker, document)))
            if len(pending) >= window:
                path, future = pending.popleft()
                yield path, future.result()
        while pending:
            path, future = pending.popleft()
            yield path, future.result()


def _screen(path: Path, minter: IriMinter, fingerprint: str, known, seen) -> tuple[DocumentReport | None, Document | None]:
    """Read a file and decide whether it needs work: failed, duplicate and unchanged documents end here."""
    if known and (doc_id := _unchanged(path, minter, fingerprint, known, seen)) is not None:
        seen[doc_id] = str(path)
        return DocumentReport(str(path), doc_id, Outcome.UNCHANGED), None
    try:
        document = read_document(path)
    except DocumentParseError as error:
        doc_id = _id_or_none(path)
        if doc_id is not None:
            seen.setdefault(doc_id, str(path))  # keep its graph from an earlier build: nothing is lost
        return DocumentReport(str(path), doc_id, Outcome.FAILED, error.reason), None
    doc_id = document.doc_id
    if doc_id in seen:
        message = f"document id {doc_id!r} is already used by {seen[doc_id]}; rename one of the files"
        return DocumentReport(str(path), doc_id, Outcome.FAILED, message), None
    seen[doc_id] = str(path)
    if known.get(str(minter.graph(doc_id))) == (document.checksum, fingerprint):
        return DocumentReport(str(path), doc_id, Outcome.UNCHANGED), None
    return None, document


def _unchanged(path: Path, minter: IriMinter, fingerprint: str, known, seen) -> str | None:
    """The document id, when the file holds the very text its loaded graph was built from (and no
    other file has taken its id): the outcome read_document would lead to, without parsing.

    Why: parsing costs a few ms a document; an incremental build of 100,000 files would spend
    minutes parsing the unchanged ones. Anything else goes the full way.
    """
    try:
        text = read_text(path)
        doc_id = document_id(path)
    except DocumentParseError:
        return None
    if doc_id in seen or not text.strip():
        return None
    return doc_id if known.get(str(minter.graph(doc_id))) == (text_checksum(text), fingerprint) else None


def _load(path: Path, prepared: Prepared, store: GraphStore) -> DocumentReport:
    if prepared.error is not None:
        return DocumentReport(str(path), prepared.doc_id, Outcome.FAILED, prepared.error)
    if prepared.ntriples is None:
        return DocumentReport(str(path), prepared.doc_id, Outcome.HELD_BACK, "SHACL violations", prepared.triples, prepared.violations, prepared.warnings)
    store.replace_graph_ntriples(prepared.graph, prepared.ntriples)
    return DocumentReport(str(path), prepared.doc_id, Outcome.LOADED, "", prepared.triples, (), prepared.warnings)


def _id_or_none(path: Path) -> str | None:
    try:
        return document_id(path)
    except DocumentParseError:
        return None


def _loaded_fingerprints(store: GraphStore) -> dict[str, tuple[str, str]]:
    rows = store.select(
        sparql_prefixes()
        + "SELECT ?g ?sum ?fp WHERE { GRAPH ?g { ?g cg:sha256 ?sum ; cg:buildFingerprint ?fp } }",
        union_default_graph=False,
    )
    return {row["g"]: (row["sum"], row["fp"]) for row in rows}
