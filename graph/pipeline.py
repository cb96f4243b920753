"""The ingest use case: files -> documents -> facts -> validated named graphs -> store.

A document that cannot be read, or whose graph has SHACL violations, is reported
and held back; the others still load, and a document that fails keeps the graph
it had from an earlier build. Documents whose text and build fingerprint have not
changed since the last build are skipped. Documents no longer in the corpus are
dropped from the store (unless `prune=False`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
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
    read_document,
    run_extractors,
)
from cablegraph.graph.authority import authority_graph
from cablegraph.graph.links import LinkReport, link_references
from cablegraph.graph.mapping import BuildInfo, to_named_graph
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

    def count(self, outcome: Outcome) -> int:
        return sum(1 for d in self.documents if d.outcome is outcome)

    @property
    def ok(self) -> bool:
        return not any(d.outcome in (Outcome.FAILED, Outcome.HELD_BACK) for d in self.documents)

    def summary(self) -> str:
        parts = [f"{self.count(o)} {o.value}" for o in Outcome if self.count(o)]
        return ", ".join(parts) or "no documents"


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
) -> IngestReport:
    context = context or ExtractionContext.load()
    build = BuildInfo.now(software_version())
    fingerprint = build_fingerprint(context, extractors, minter)
    report = IngestReport()
    store.replace_graph(authority_graph(context.authority, context.gazetteer, minter, context.organisations))
    known = {} if force else _loaded_fingerprints(store)
    seen: dict[str, str] = {}
    for path in find_documents(paths):
        outcome = _ingest_one(path, store, minter, context, extractors, build, fingerprint, known, seen)
        report.documents.append(outcome)
        if progress:
            progress(outcome)
    if prune:
        for graph in store.named_graphs():
            doc_id = minter.doc_id_of(graph)
            if doc_id is not None and doc_id not in seen:
                store.drop_graph(graph)
                outcome = DocumentReport("", doc_id, Outcome.REMOVED, "no longer in the corpus")
                report.documents.append(outcome)
                if progress:
                    progress(outcome)
    report.links = link_references(store, minter)
    return report


def _ingest_one(path, store, minter, context, extractors, build, fingerprint, known, seen) -> DocumentReport:
    try:
        document = read_document(path)
    except DocumentParseError as error:
        doc_id = _id_or_none(path)
        if doc_id is not None:
            seen.setdefault(doc_id, str(path))  # keep its graph from an earlier build: nothing is lost
        return DocumentReport(str(path), doc_id, Outcome.FAILED, error.reason)
    doc_id = document.doc_id
    if doc_id in seen:
        message = f"document id {doc_id!r} is already used by {seen[doc_id]}; rename one of the files"
        return DocumentReport(str(path), doc_id, Outcome.FAILED, message)
    seen[doc_id] = str(path)
    if known.get(str(minter.graph(doc_id))) == (document.checksum, fingerprint):
        return DocumentReport(str(path), doc_id, Outcome.UNCHANGED)
    try:
        extraction = run_extractors(document, context, extractors)
        graph = to_named_graph(extraction, minter, build)
    except Exception as error:  # an extractor bug must not sink the batch; report it with the file
        return DocumentReport(str(path), doc_id, Outcome.FAILED, f"extraction failed: {type(error).__name__}: {error}")
    graph.add((graph.identifier, CG.buildFingerprint, Literal(fingerprint)))
    result = validate(graph)
    if not result.conforms:
        return DocumentReport(str(path), doc_id, Outcome.HELD_BACK, "SHACL violations", len(graph), result.violations, result.warnings)
    store.replace_graph(graph)
    return DocumentReport(str(path), doc_id, Outcome.LOADED, "", len(graph), (), result.warnings)


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
