"""Text in, facts out: read telegram documents and extract what they say, with evidence.

Pure Python: no RDF, no I/O beyond reading text files.
"""

from cablegraph.extract.authority import Authority
from cablegraph.extract.authority_records import Person, Post
from cablegraph.extract.context import ExtractionContext
from cablegraph.extract.dates import PartialDate, find_dates, parse_date
from cablegraph.extract.document import Document, Field, Header, Layout, TextVersion, VersionKind
from cablegraph.extract.errors import AuthorityError, DocumentParseError, ExtractError
from cablegraph.extract.facts import (
    AgentFact,
    AgentRole,
    ArchiveRefFact,
    ClassificationFact,
    CopyFact,
    DateFact,
    DateKind,
    EmbeddedMessageFact,
    Evidence,
    Extraction,
    Fact,
    FieldFact,
    HandlingAction,
    HandlingFact,
    NumberFact,
    NumberKind,
    OrganisationFact,
    PlaceFact,
    ReferenceFact,
    UnitFact,
)
from cablegraph.extract.gazetteer import Gazetteer, Place
from cablegraph.extract.parse import document_id, parse_document, read_document
from cablegraph.extract.registry import DEFAULT_EXTRACTORS, available_extractors, run_extractors

__all__ = [
    "DEFAULT_EXTRACTORS",
    "AgentFact",
    "AgentRole",
    "ArchiveRefFact",
    "Authority",
    "AuthorityError",
    "ClassificationFact",
    "CopyFact",
    "DateFact",
    "DateKind",
    "Document",
    "DocumentParseError",
    "EmbeddedMessageFact",
    "Evidence",
    "ExtractError",
    "Extraction",
    "ExtractionContext",
    "Fact",
    "Field",
    "FieldFact",
    "Gazetteer",
    "HandlingAction",
    "HandlingFact",
    "Header",
    "Layout",
    "NumberFact",
    "NumberKind",
    "OrganisationFact",
    "PartialDate",
    "Person",
    "Place",
    "PlaceFact",
    "Post",
    "ReferenceFact",
    "TextVersion",
    "UnitFact",
    "VersionKind",
    "available_extractors",
    "document_id",
    "find_dates",
    "parse_date",
    "parse_document",
    "read_document",
    "run_extractors",
]
