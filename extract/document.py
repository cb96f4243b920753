"""The typed shape of one telegram document as read from disk.

A document is a header (catalogue fields) plus several text versions of the
same message. Every field keeps the characters it was read from, so facts
extracted later can always point back at the exact source text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class VersionKind(StrEnum):
    """What a text version is, in the archive's own terms."""

    CATALOGUE = "catalogue"  # the archive's record: title, citation, summary
    SCAN_TRANSCRIPT = "scan-transcript"  # transcript of the scan, with OCR noise and clerical marks
    PUBLISHED_TRANSCRIPT = "published-transcript"  # an edited transcript from a document collection
    TRANSCRIPT = "transcript"  # a transcript whose provenance the file does not say
    TRANSLATION = "translation"


class Layout(StrEnum):
    EXPORT = "export"  # "Citation: / Summary: / Contents:" export of the archive
    WEBPAGE = "webpage"  # title, body, "Document Information / Source / Rights / ..."


@dataclass(frozen=True)
class TextVersion:
    """One version of the message; `offset` is where its text starts in the source file."""

    key: str
    kind: VersionKind
    language: str
    text: str
    offset: int

    @property
    def end(self) -> int:
        return self.offset + len(self.text)


@dataclass(frozen=True)
class Field:
    """A header field: its cleaned value and where each character of it came from.

    `positions[i]` is the offset, in the version `version`, of `value[i]`; cleaning
    (markdown marks, line breaks) therefore never loses the way back to the source.
    """

    name: str
    value: str
    version: str
    positions: tuple[int, ...]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the version of `value[start:end]`."""
        if not self.positions or start >= end:
            raise ValueError(f"empty span {start}:{end} in field {self.name}")
        return self.positions[start], self.positions[end - 1] + 1


@dataclass(frozen=True)
class Header:
    title: Field | None = None
    date: Field | None = None
    citation: Field | None = None
    source_url: Field | None = None
    summary: Field | None = None
    credits: Field | None = None
    original_language: Field | None = None
    contents: tuple[str, ...] = ()
    record_id: Field | None = None
    rights: Field | None = None
    doc_type: Field | None = None
    language: Field | None = None
    extra: tuple[Field, ...] = ()


@dataclass(frozen=True)
class Document:
    doc_id: str
    path: str
    text: str
    checksum: str
    layout: Layout
    header: Header
    versions: tuple[TextVersion, ...] = field(default_factory=tuple)

    def version(self, key: str) -> TextVersion:
        for version in self.versions:
            if version.key == key:
                return version
        raise KeyError(f"{self.doc_id} has no text version {key!r}")

    @property
    def body_versions(self) -> tuple[TextVersion, ...]:
        return tuple(v for v in self.versions if v.kind is not VersionKind.CATALOGUE)
