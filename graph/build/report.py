"""What a build reports: each document's outcome and reason, and the build's totals.

Why separate: the report is what the command line prints and writes (`cablegraph build --report`)
and what tests and callers read; it holds no build logic. The build (graph/build/pipeline.py)
fills it, and re-exports its names, since every caller of `ingest` reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from cablegraph.graph.build.links import LinkReport
from cablegraph.graph.build.validate import ValidationResult
from cablegraph.graph.catalogue.database import RefreshReport


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

    def as_json(self) -> dict[str, object]:
        """The document's line of a build report (`cablegraph build --report`)."""
        reason = self.message or (f"{len(self.violations)} SHACL violation(s)" if self.violations else "")
        return {
            "path": self.path or None,
            "id": self.doc_id,
            "outcome": self.outcome.value,
            "reason": reason or None,
            "triples": self.triples,
            "violations": [str(v) for v in self.violations],
            "warnings": [str(w) for w in self.warnings],
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
    bulk_recovered: list[str] = field(
        default_factory=list
    )  # graphs an interrupted bulk load left, dropped to be built again

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

    def as_json(self) -> dict[str, object]:
        """Every document with its outcome and reason: what a user reads to learn what was held back and why."""
        return {
            "summary": {o.value: self.count(o) for o in Outcome},
            "found": self.found,
            "triples": self.triples,
            "seconds": round(self.seconds, 3),
            "prune_skipped": self.prune_skipped,
            "corpus_issues": list(self.corpus_issues),
            "bulk_loaded": self.bulk_loaded,
            "bulk_recovered": list(self.bulk_recovered),
            "documents": [d.as_json() for d in self.documents],
        }

    def totals(self) -> str:
        links = f", {self.links.resolved} references resolved, {self.links.unseen} unseen" if self.links else ""
        return f"{self.triples} triples loaded in {self.seconds:.1f} s{links}"
