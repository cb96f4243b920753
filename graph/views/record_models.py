"""The telegram record's shape: the typed models `/api/telegrams/{id}`, `cablegraph export` and
the CMIF and evaluation views share, and the order their lists are in (text order, by version).

Separate from `records` (which reads the store and fills these in) so that users of the record's
shape need not import the reader, and the reader stays about reading.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class EvidenceOut(BaseModel):
    version: str
    start: int
    end: int
    quote: str
    rule: str | None = None
    confidence: float | None = None


class PostOut(BaseModel):
    """The office a telegram was addressed through ("Soviet Ambassador in Hanoi"), named, not a slug."""

    id: str
    iri: str
    label: str
    aliases: list[str] = []


class AgentOut(BaseModel):
    id: str
    iri: str
    label: str
    aliases: list[str] = []
    as_written: list[str] = []
    post: PostOut | None = None
    evidence: list[EvidenceOut] = []


class NumberOut(BaseModel):
    value: str
    kind: str
    readings: list[str] = []  # the other values printed for the same number (title vs transcript vs translation)
    evidence: list[EvidenceOut] = []


class ReferenceOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    date: str | None = None
    number: str | None = None
    from_: AgentOut | None = Field(default=None, alias="from")
    to: AgentOut | None = None
    resolved: str | None = None
    evidence: list[EvidenceOut] = []


class EmbeddedMessageOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    from_: AgentOut | None = Field(default=None, alias="from")
    to: AgentOut | None = None
    date: str | None = None
    evidence: list[EvidenceOut] = []


class PlaceOut(BaseModel):
    id: str
    iri: str
    label: str
    aliases: list[str] = []
    lat: float | None = None
    lon: float | None = None
    evidence: list[EvidenceOut] = []


class HolderCopyOut(BaseModel):
    holder: AgentOut | None = None
    number: str | None = None
    count: int | None = None
    evidence: list[EvidenceOut] = []


class HandlingOut(BaseModel):
    action: str
    agent: AgentOut | None = None
    date: str | None = None
    time: str | None = None
    evidence: list[EvidenceOut] = []


class DateOut(BaseModel):
    kind: str
    date: str
    evidence: list[EvidenceOut] = []


class UnitOut(BaseModel):
    text: str
    type: str | None = None
    count: int | None = None
    count_max: int | None = None
    affiliation: str | None = None
    qualifiers: list[str] = []
    place: str | None = None
    equipment_count: int | None = None
    as_written: list[str] = []
    evidence: list[EvidenceOut] = []


class OrganisationOut(BaseModel):
    id: str
    iri: str
    label: str
    aliases: list[str] = []
    as_written: list[str] = []
    evidence: list[EvidenceOut] = []


class ArchiveRefOut(BaseModel):
    repository: str
    fond: str | None = None
    opis: str | None = None
    delo: str | None = None
    folios: str | None = None
    evidence: list[EvidenceOut] = []


class VersionOut(BaseModel):
    key: str
    kind: str
    language: str
    iri: str
    text: str | None = None


class TelegramRecord(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    id: str
    iri: str
    title: str | None = None
    source_url: str | None = None
    record_id: str | None = None
    date: str | None = None
    citation: str | None = None
    summary: str | None = None
    numbers: list[NumberOut] = []
    senders: list[AgentOut] = []
    recipients: list[AgentOut] = []
    intermediaries: list[AgentOut] = []
    persons: list[AgentOut] = []
    references: list[ReferenceOut] = []
    embedded_messages: list[EmbeddedMessageOut] = []
    places: list[PlaceOut] = []
    military_units: list[UnitOut] = []
    organisations: list[OrganisationOut] = []
    archive_refs: list[ArchiveRefOut] = []
    language: str | None = None
    translators: list[AgentOut] = []
    classification: list[str] = []
    copies: list[HolderCopyOut] = []
    handling: list[HandlingOut] = []
    dates: list[DateOut] = []
    versions: list[VersionOut] = []


def version_order(key: str) -> tuple[int, int]:
    if key == "trailer":
        return (2, 0)
    return (0 if key == "v0" else 1, int(key[1:]) if key[1:].isdigit() else 0)


def first_position(evidence: list[EvidenceOut]) -> tuple[tuple[int, int], int]:
    return (version_order(evidence[0].version), evidence[0].start) if evidence else ((9, 0), 0)
