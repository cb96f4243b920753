"""Facts extracted from a document, each carrying its evidence.

A fact says something about the telegram (its sender, a date, a number, an
archival location); its evidence says where it was read: which text version,
which characters, which rule, how sure. The same fact read in several versions
is one fact with several pieces of evidence (`merge_facts`, extract/fact_merging.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeAlias, TypeVar

from cablegraph.extract.dates import PartialDate
from cablegraph.extract.document import Document, Field, TextVersion

# What makes two facts one: the fact's type, then the values that identify it.
FactKey = tuple[object, ...]


@dataclass(frozen=True, order=True)
class Evidence:
    version: str
    start: int
    end: int
    quote: str
    rule: str
    confidence: float = 1.0


def evidence_in(version: TextVersion, start: int, end: int, rule: str, confidence: float = 1.0) -> Evidence:
    return Evidence(version.key, start, end, version.text[start:end], rule, confidence)


def evidence_in_field(
    document: Document, header_field: Field, start: int, end: int, rule: str, confidence: float = 1.0
) -> Evidence:
    """Evidence for `header_field.value[start:end]`, pointing at the characters it was cleaned from."""
    version = document.version(header_field.version)
    source_start, source_end = header_field.source_span(start, end)
    return evidence_in(version, source_start, source_end, rule, confidence)


class AgentRole(StrEnum):
    SENDER = "sender"
    RECIPIENT = "recipient"
    INTERMEDIARY = "intermediary"
    MENTIONED = "mentioned"
    TRANSLATOR = "translator"
    HANDLER = "handler"  # a clerk who deciphered, typed or certified the telegram
    COPY_HOLDER = "copy-holder"


class DateKind(StrEnum):
    DOCUMENT = "document"  # the archive's date of the document
    WRITTEN = "written"  # the date the text bears
    SENT = "sent"
    RECEIVED = "received"
    HANDLED = "handled"  # deciphered, typed, checked


class NumberKind(StrEnum):
    CIPHER = "cipher"  # number of the ciphered telegram (ШИФРТЕЛЕГРАММА №)
    TELEGRAM = "telegram"  # a telegram number of unstated kind ("Cable No. 3355")
    OUTGOING = "outgoing"  # the sender's outgoing number, usually beside the signature
    INCOMING = "incoming"  # registration on arrival (Вх. №)
    DISPATCH = "dispatch"  # the cipher office's dispatch number (отп. ... №)


@dataclass(frozen=True)
class AgentFact:
    role: AgentRole
    person: str | None  # authority id; "u-..." for people not in the authority data
    as_written: tuple[str, ...]  # every form this document writes the name in
    post: str | None = None
    pseudonym: str | None = None
    evidence: tuple[Evidence, ...] = ()
    organisation: str | None = None  # an organisation as correspondent ("Romanian Embassy in Pyongyang")
    label: str | None = None  # the name of a person, post or organisation the authority data does not hold
    aliases: tuple[str, ...] = ()  # its other names (an organisation's canonical variants)

    @property
    def agent(self) -> str | None:
        """The id of whoever this is: the person, else the organisation, else the post."""
        return self.person or self.organisation or self.post

    def key(self) -> FactKey:
        return ("agent", self.role, self.agent)


@dataclass(frozen=True)
class DateFact:
    kind: DateKind
    date: PartialDate
    evidence: tuple[Evidence, ...] = ()

    def key(self) -> FactKey:
        return ("date", self.kind, self.date)


@dataclass(frozen=True)
class NumberFact:
    value: str
    kind: NumberKind
    evidence: tuple[Evidence, ...] = ()
    readings: tuple[str, ...] = ()  # the other values the title or another version prints for this number

    def key(self) -> FactKey:
        # One number read in two versions is one fact; the same digits in title and body stay apart
        # only when their kinds differ.
        return ("number", self.kind, self.value)


@dataclass(frozen=True)
class ArchiveRefFact:
    repository: str
    fond: str | None
    opis: str | None
    delo: str | None
    folios: str | None
    evidence: tuple[Evidence, ...] = ()

    def key(self) -> FactKey:
        return ("archive", self.repository, self.fond, self.opis, self.delo, self.folios)


@dataclass(frozen=True)
class FieldFact:
    """A catalogue field kept as data: source_url, record_id, title, citation, summary."""

    name: str
    value: str
    evidence: tuple[Evidence, ...] = ()

    def key(self) -> FactKey:
        return ("field", self.name, self.value)


@dataclass(frozen=True)
class EmbeddedMessageFact:
    sender: AgentFact | None
    recipient: AgentFact | None
    date: PartialDate | None
    evidence: tuple[Evidence, ...] = ()

    def key(self) -> FactKey:
        return (
            "embedded",
            self.sender.person if self.sender else None,
            self.recipient.person if self.recipient else None,
            self.date,
        )


@dataclass(frozen=True)
class ReferenceFact:
    """An earlier telegram the text refers to ("your telegram of 8 September", "ваш № 4581")."""

    number: str | None
    date: PartialDate | None
    sender: str | None  # person id of who wrote the referenced telegram, when the text says ("your", "my")
    recipient: str | None
    evidence: tuple[Evidence, ...] = ()
    voice: str = "addressee"  # "addressee" ("your telegram") or "writer" ("my telegram")
    within: str | None = None  # sender id of the embedded message that makes the reference, if any

    def key(self) -> FactKey:
        return ("reference", self.number, self.date, self.sender, self.recipient)


class HandlingAction(StrEnum):
    DECIPHERED = "deciphered"
    TYPED = "typed"
    CERTIFIED = "certified"
    DISPATCHED = "dispatched"
    RECEIVED = "received"
    TRANSMITTED = "transmitted"


@dataclass(frozen=True)
class HandlingFact:
    """A clerical step: who deciphered, typed, certified or sent the telegram, and when."""

    action: HandlingAction
    agent: AgentFact | None
    date: PartialDate | None
    time: str | None  # "12:50"
    evidence: tuple[Evidence, ...] = ()

    def key(self) -> FactKey:
        return ("handling", self.action, self.agent.person if self.agent else None, self.date, self.time)


@dataclass(frozen=True)
class CopyFact:
    """One entry of the distribution list: copy number(s) or a count, and who received them."""

    holder: AgentFact | None
    number: str | None
    count: int | None
    evidence: tuple[Evidence, ...] = ()

    def key(self) -> FactKey:
        # One holder's copies are one entry however many versions list them ("Stalin (2)" in the
        # translation, "Экз. № 1 / № 2 — Тов. Сталину" in the transcript); entries without a holder
        # (copies to file) stay apart by number.
        if self.holder is not None and self.holder.agent is not None:
            return ("copy", self.holder.agent)
        return ("copy", None, self.number)


@dataclass(frozen=True)
class ClassificationFact:
    """A classification, precedence or handling mark, canonical (``mark``) and as written."""

    mark: str
    evidence: tuple[Evidence, ...] = ()

    def key(self) -> FactKey:
        return ("classification", self.mark)


@dataclass(frozen=True)
class PlaceFact:
    """A place named in the telegram: a gazetteer id, or "u-..." for a place-like name it lacks."""

    place: str
    as_written: tuple[str, ...]
    evidence: tuple[Evidence, ...] = ()

    def key(self) -> FactKey:
        return ("place", self.place)


@dataclass(frozen=True)
class OrganisationFact:
    organisation: str
    as_written: tuple[str, ...]
    evidence: tuple[Evidence, ...] = ()

    def key(self) -> FactKey:
        return ("organisation", self.organisation)


@dataclass(frozen=True)
class UnitFact:
    """A mention of military units: "пять-шесть дивизий", "the air division in Shanghai"."""

    unit_type: str  # division, air-division, fighter-division, corps, army, army-group, regiment, brigade, ...
    count: int | None
    count_max: int | None
    affiliation: str | None  # chinese, north-korean, south-korean, soviet, american, british, un
    as_written: tuple[str, ...]
    qualifiers: tuple[str, ...] = ()  # volunteer, jet fighter, battle-ready, several, 1st, 2nd ...
    place: str | None = None
    equipment_count: int | None = None  # "24 штуки": aircraft
    evidence: tuple[Evidence, ...] = ()
    # What identifies the formation whatever the wording: a named force ("pla", "stavka"), the
    # designations ("1st+2nd", "304th", "5th"), a commander ("Белов"). Unnamed formations are told
    # apart by type, count, affiliation and place.
    name: str | None = None

    def key(self) -> FactKey:
        if self.name:
            return ("unit", self.unit_type, self.name)
        return ("unit", self.unit_type, self.count, self.count_max, self.affiliation, self.place)


Fact: TypeAlias = (
    AgentFact
    | DateFact
    | NumberFact
    | ArchiveRefFact
    | FieldFact
    | EmbeddedMessageFact
    | ReferenceFact
    | HandlingFact
    | CopyFact
    | ClassificationFact
    | PlaceFact
    | OrganisationFact
    | UnitFact
)
_Kind = TypeVar("_Kind")


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document."""

    document: Document
    facts: tuple[Fact, ...] = field(default_factory=tuple)

    def of_type(self, kind: type[_Kind]) -> list[_Kind]:
        return [f for f in self.facts if isinstance(f, kind)]

    def agents(self, role: AgentRole) -> list[AgentFact]:
        return [f for f in self.of_type(AgentFact) if f.role is role]

    def field(self, name: str) -> FieldFact | None:
        return next((f for f in self.of_type(FieldFact) if f.name == name), None)


__all__ = [
    "AgentFact",
    "AgentRole",
    "ArchiveRefFact",
    "ClassificationFact",
    "CopyFact",
    "DateFact",
    "DateKind",
    "EmbeddedMessageFact",
    "Evidence",
    "Extraction",
    "Fact",
    "FactKey",
    "FieldFact",
    "HandlingAction",
    "HandlingFact",
    "NumberFact",
    "NumberKind",
    "OrganisationFact",
    "PlaceFact",
    "ReferenceFact",
    "UnitFact",
    "evidence_in",
    "evidence_in_field",
]
