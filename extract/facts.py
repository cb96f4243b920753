"""Facts extracted from a document, each carrying its evidence.

A fact says something about the telegram (its sender, a date, a number, an
archival location); its evidence says where it was read: which text version,
which characters, which rule, how sure. The same fact read in several versions
is one fact with several pieces of evidence (`merge_facts`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Union

from cablegraph.extract.dates import PartialDate
from cablegraph.extract.document import Document, Field, TextVersion


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


def evidence_in_field(document: Document, header_field: Field, start: int, end: int, rule: str, confidence: float = 1.0) -> Evidence:
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

    def key(self) -> tuple:
        return ("agent", self.role, self.agent)


@dataclass(frozen=True)
class DateFact:
    kind: DateKind
    date: PartialDate
    evidence: tuple[Evidence, ...] = ()

    def key(self) -> tuple:
        return ("date", self.kind, self.date)


@dataclass(frozen=True)
class NumberFact:
    value: str
    kind: NumberKind
    evidence: tuple[Evidence, ...] = ()
    readings: tuple[str, ...] = ()  # the other values the title or another version prints for this number

    def key(self) -> tuple:
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

    def key(self) -> tuple:
        return ("archive", self.repository, self.fond, self.opis, self.delo, self.folios)


@dataclass(frozen=True)
class FieldFact:
    """A catalogue field kept as data: source_url, record_id, title, citation, summary."""

    name: str
    value: str
    evidence: tuple[Evidence, ...] = ()

    def key(self) -> tuple:
        return ("field", self.name, self.value)


@dataclass(frozen=True)
class EmbeddedMessageFact:
    sender: AgentFact | None
    recipient: AgentFact | None
    date: PartialDate | None
    evidence: tuple[Evidence, ...] = ()

    def key(self) -> tuple:
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

    def key(self) -> tuple:
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

    def key(self) -> tuple:
        return ("handling", self.action, self.agent.person if self.agent else None, self.date, self.time)


@dataclass(frozen=True)
class CopyFact:
    """One entry of the distribution list: copy number(s) or a count, and who received them."""

    holder: AgentFact | None
    number: str | None
    count: int | None
    evidence: tuple[Evidence, ...] = ()

    def key(self) -> tuple:
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

    def key(self) -> tuple:
        return ("classification", self.mark)


@dataclass(frozen=True)
class PlaceFact:
    """A place named in the telegram: a gazetteer id, or "u-..." for a place-like name it lacks."""

    place: str
    as_written: tuple[str, ...]
    evidence: tuple[Evidence, ...] = ()

    def key(self) -> tuple:
        return ("place", self.place)


@dataclass(frozen=True)
class OrganisationFact:
    organisation: str
    as_written: tuple[str, ...]
    evidence: tuple[Evidence, ...] = ()

    def key(self) -> tuple:
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

    def key(self) -> tuple:
        if self.name:
            return ("unit", self.unit_type, self.name)
        return ("unit", self.unit_type, self.count, self.count_max, self.affiliation, self.place)


Fact = Union[
    AgentFact,
    DateFact,
    NumberFact,
    ArchiveRefFact,
    FieldFact,
    EmbeddedMessageFact,
    ReferenceFact,
    HandlingFact,
    CopyFact,
    ClassificationFact,
    PlaceFact,
    OrganisationFact,
    UnitFact,
]


def merge_facts(facts: list[Fact]) -> list[Fact]:
    """One fact per key, its evidence the union of all, in first-seen order. Each key's facts are
    gathered first and joined once: a document naming one place 10,000 times stays linear.
    Numbers that disagree between versions are then linked as readings of one number."""
    groups: dict[tuple, list[Fact]] = {}
    for fact in facts:
        groups.setdefault(fact.key(), []).append(fact)
    return link_number_readings([group[0] if len(group) == 1 else _joined(group) for group in groups.values()])


# The title's unstated "No." is the cipher number the transcript prints ("Cable No. 3355" / "№ 3305").
_NUMBER_FAMILY = {NumberKind.TELEGRAM: NumberKind.CIPHER}


def link_number_readings(facts: list[Fact]) -> list[Fact]:
    """Numbers of one kind that the title and the versions print differently (No. 2950 in the title,
    № 39 in the transcript, No. 3950 in the translation) are readings of one number: each keeps its
    value and evidence and names the others. Only when no version prints two of them: two numbers
    of one kind in one text are two numbers."""
    families: dict[NumberKind, list[NumberFact]] = {}
    for fact in facts:
        if isinstance(fact, NumberFact):
            families.setdefault(_NUMBER_FAMILY.get(fact.kind, fact.kind), []).append(fact)
    linked: dict[int, tuple[str, ...]] = {}
    for members in families.values():
        values = list(dict.fromkeys(f.value for f in members))
        if len(values) < 2:
            continue
        versions = [{e.version for e in f.evidence} for f in members]
        if sum(len(v) for v in versions) != len(set().union(*versions)):
            continue
        for fact in members:
            linked[id(fact)] = tuple(v for v in values if v != fact.value)
    if not linked and not any(isinstance(f, NumberFact) and f.readings for f in facts):
        return facts
    return [
        replace(f, readings=linked.get(id(f), ())) if isinstance(f, NumberFact) and f.readings != linked.get(id(f), ()) else f
        for f in facts
    ]


def _joined(group: list[Fact]) -> Fact:
    first = group[0]
    fact = replace(first, evidence=_one_per_span(tuple(e for f in group for e in f.evidence)))
    if isinstance(first, (PlaceFact, OrganisationFact, UnitFact, AgentFact)):
        fact = replace(fact, as_written=tuple(dict.fromkeys(w for f in group for w in f.as_written)))
    if isinstance(first, UnitFact):
        fact = replace(
            fact,
            qualifiers=tuple(dict.fromkeys(q for f in group for q in f.qualifiers)),
            equipment_count=next((f.equipment_count for f in group if f.equipment_count), first.equipment_count),
            affiliation=next((f.affiliation for f in group if f.affiliation), None),
            place=next((f.place for f in group if f.place), None),
        )
    if isinstance(first, CopyFact):
        fact = _joined_copies(group, fact)
    if isinstance(first, AgentFact):
        fact = replace(
            fact,
            post=next((f.post for f in group if f.post), None),
            pseudonym=next((f.pseudonym for f in group if f.pseudonym), None),
        )
    return fact


def _joined_copies(group: list[CopyFact], fact: CopyFact) -> CopyFact:
    """One holder's entries: the copy numbers of all versions ("1, 2"), the count the largest any
    version states or the numbers imply, the holder's evidence from every version."""
    numbers = list(dict.fromkeys(f.number for f in group if f.number))
    numbers.sort(key=lambda n: (len(n), n))
    counted = [f.count for f in group if f.count is not None]
    singles = sum(1 for n in numbers if n.isdigit())
    count = max([*counted, singles]) if counted or singles == len(numbers) and numbers else None
    holder = fact.holder
    holders = [f.holder for f in group if f.holder is not None]
    if holder is not None:
        holder = replace(
            holder,
            as_written=tuple(dict.fromkeys(w for h in holders for w in h.as_written)),
            evidence=_one_per_span(tuple(e for h in holders for e in h.evidence)),
        )
    return replace(fact, holder=holder, number=", ".join(numbers) or None, count=count)


def _one_per_span(evidence: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    """The evidence of one fact, one piece per span of text: when two rules read the same
    characters (a signature both the addressing and the letterhead rules find), the first stays."""
    kept: dict[tuple[str, int, int], Evidence] = {}
    for piece in evidence:
        kept.setdefault((piece.version, piece.start, piece.end), piece)
    return tuple(kept.values())


def reconcile_roles(facts: list[Fact]) -> list[Fact]:
    """A person read as recipient (or sender) in one place and as intermediary in another, while
    others are the recipients (senders), is an intermediary: "to the Soviet Ambassador" (title) +
    "ПЕКИН СОВПОСОЛ / Передайте Чжоу Энляю" (text). That reading's evidence joins the intermediary fact."""
    agents = [f for f in facts if isinstance(f, AgentFact)]
    intermediaries = {f.person: f for f in agents if f.role is AgentRole.INTERMEDIARY and f.person}
    by_role = {
        role: {f.person for f in agents if f.role is role and f.person} for role in (AgentRole.RECIPIENT, AgentRole.SENDER)
    }
    result: list[Fact] = []
    absorbed: dict[str, AgentFact] = {}
    for fact in facts:
        if (
            isinstance(fact, AgentFact)
            and fact.role in by_role
            and fact.person in intermediaries
            and by_role[fact.role] - {fact.person}
        ):
            # also "Zhou Enlai to Filippov via Roshchin", signed ROSHCHIN: the signer relayed it
            absorbed[fact.person] = fact
            continue
        result.append(fact)
    # "Terebin to Stalin [via Kuznetsov]": Kuznetsov is Stalin's pseudonym, so the message went to
    # him directly; one who is a telegram's only recipient does not also relay it.
    recipients = {f.agent for f in result if isinstance(f, AgentFact) and f.role is AgentRole.RECIPIENT}
    if len(recipients) == 1:
        result = [
            f for f in result
            if not (isinstance(f, AgentFact) and f.role is AgentRole.INTERMEDIARY and f.agent in recipients and f.agent not in absorbed)
        ]
    for index, fact in enumerate(result):
        if isinstance(fact, AgentFact) and fact.role is AgentRole.INTERMEDIARY and fact.person in absorbed:
            extra = absorbed[fact.person]
            result[index] = replace(
                fact,
                as_written=tuple(dict.fromkeys((*extra.as_written, *fact.as_written))),
                post=fact.post or extra.post,
                evidence=tuple(dict.fromkeys((*extra.evidence, *fact.evidence))),
            )
    return result


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document."""

    document: Document
    facts: tuple[Fact, ...] = field(default_factory=tuple)

    def of_type(self, kind: type) -> list:
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
    "link_number_readings",
    "merge_facts",
    "reconcile_roles",
]
