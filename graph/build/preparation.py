"""The per-document part of a build: read, extract, map and validate one file into a graph ready to load.

Why separate: this is the expensive part of a build and the only part that runs in worker
processes (each loads the authority data once, `_init_worker`); the build itself
(graph/build/pipeline.py) decides which files need it, loads what it returns and reports.
Nothing here touches the store.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from rdflib import Literal

from cablegraph.extract import (
    DocumentParseError,
    ExtractionContext,
    document_id,
    parse_document,
    read_document,
    run_extractors,
)
from cablegraph.graph.build.mapping import BuildInfo, to_triples
from cablegraph.graph.build.ntriples import to_ntriples
from cablegraph.graph.build.structure import structure_problem
from cablegraph.graph.build.time_budget import OverBudget, time_budget
from cablegraph.graph.build.validate import ValidationResult, validate
from cablegraph.graph.catalogue.summary import Summary, summary_of
from cablegraph.ontology import CG, IriMinter

DEFAULT_EXTRACT_TIMEOUT_S = 30.0  # a document's extraction budget in a build (CABLEGRAPH_EXTRACT_TIMEOUT_S)


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


class WorkerSettings(NamedTuple):
    """What a worker process needs, besides the authority files, to prepare documents as the build does."""

    extractors: tuple[str, ...]
    base: str
    build: BuildInfo
    fingerprint: str
    timeout_s: float | None


# Touches what the extractors build on first use: both NER models, the Russian morphology (a
# heading's addressee), the fuzzy index (a misspelled known name), the name and place tries.
_WARM_UP_TEXT = (
    "Telegram from Zhou Enlai to Stalin\n\nThe delegation will arrive in Moscow on Monday. Filipov agrees.\n\n"
    "ШИФРТЕЛЕГРАММА № 1\nПекин, товарищу Рощину\n\nТоварищу Сталину. Делегация прибудет в Москву.\n\nФилипов\n"
)


class Preparer:
    """Extract, map and validate one document: the expensive part, safe to run in a worker process."""

    def __init__(
        self,
        context: ExtractionContext,
        extractors: tuple[str, ...],
        minter: IriMinter,
        build: BuildInfo,
        fingerprint: str,
        timeout_s: float | None = DEFAULT_EXTRACT_TIMEOUT_S,
    ) -> None:
        self.context, self.extractors, self.minter, self.build, self.fingerprint = (
            context,
            extractors,
            minter,
            build,
            fingerprint,
        )
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
        except Exception as error:  # noqa: BLE001 (an extractor bug must not sink the batch; report it with the file)
            return Prepared(
                document.doc_id, graph_iri, None, 0, error=f"extraction failed: {type(error).__name__}: {error}"
            )
        triples.append(
            (identifier, CG.buildFingerprint, Literal(self.fingerprint))
        )  # no other triple has this predicate
        result = validate(triples)
        if not result.conforms:
            return Prepared(document.doc_id, graph_iri, None, len(triples), result.violations, result.warnings)
        summary = summary_of(graph_iri, triples)
        return Prepared(
            document.doc_id, graph_iri, to_ntriples(triples), len(triples), (), result.warnings, summary=summary
        )


_WORKER_PREPARER: list[Preparer] = []  # the worker process's one preparer, made by _init_worker


def _init_worker(context_files: tuple[tuple[str, ...], tuple[str, ...]], settings: WorkerSettings) -> None:
    context = ExtractionContext.load(*context_files)
    extractors, base, build, fingerprint, timeout_s = settings
    _WORKER_PREPARER[:] = [Preparer(context, extractors, IriMinter(base), build, fingerprint, timeout_s)]


def _prepare_in_worker(path: Path) -> Prepared:
    assert _WORKER_PREPARER, "the pool's initializer makes the preparer"
    return _WORKER_PREPARER[0](path)


def prepare_all(
    paths: Iterator[Path],
    preparer: Preparer,
    workers: int,
    context_files: tuple[tuple[str, ...], tuple[str, ...]],
    settings: WorkerSettings,
) -> Iterator[tuple[Path, Prepared]]:
    """Each path with its prepared graph, in order. Workers read the files themselves: a path is
    cheaper to send than a parsed document, and the reading is spread over the workers too."""
    if workers <= 1:
        for path in paths:
            yield path, preparer(path)
        return
    window = 4 * workers  # documents in flight: bounded memory whatever the corpus size
    with ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker,
        initargs=(context_files, settings),
    ) as pool:  # fmt: skip
        pending: deque[tuple[Path, Future[Prepared]]] = deque()
        for path in paths:
            pending.append((path, pool.submit(_prepare_in_worker, path)))
            if len(pending) >= window:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
