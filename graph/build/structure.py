"""Whether a file read as a document is a telegram at all.

Why: any text file under a corpus folder parses (the reader is lenient, as OCR'd pages must be),
so a file of noise, a stray log or a base64 blob would load as an empty telegram with a few SHACL
warnings. A telegram has at least one of: a date, a title, a correspondent (sender, recipient or
intermediary), or a header (a catalogue field, a telegram number, an archive reference). A file
with none of them is held back with that reason, not loaded.
"""

from __future__ import annotations

from cablegraph.extract.facts import AgentFact, AgentRole, ArchiveRefFact, DateFact, Extraction, FieldFact, NumberFact

_CORRESPONDENTS = (AgentRole.SENDER, AgentRole.RECIPIENT, AgentRole.INTERMEDIARY)
NO_STRUCTURE = "no telegram structure: no date, no title, no correspondent, no header"


def _has_header(extraction: Extraction) -> bool:
    header = extraction.document.header
    fields = (
        header.title,
        header.date,
        header.citation,
        header.source_url,
        header.summary,
        header.record_id,
        header.rights,
        header.doc_type,
    )
    return (
        any(f is not None for f in fields)
        or bool(header.extra)
        or any(isinstance(fact, (FieldFact, NumberFact, ArchiveRefFact)) for fact in extraction.facts)
    )


def structure_problem(extraction: Extraction) -> str | None:
    """Why this extraction is not a telegram (`NO_STRUCTURE`), or None when it has telegram structure."""
    for fact in extraction.facts:
        if isinstance(fact, DateFact):
            return None
        if isinstance(fact, AgentFact) and fact.role in _CORRESPONDENTS:
            return None
    if _has_header(extraction):
        return None
    return NO_STRUCTURE
