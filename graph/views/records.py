"""The telegram record (BRIEF §4), read back from the store.

The record is built from the graph, never from the extractor's objects, so
`cablegraph export`, `/api/telegrams/{id}` and SPARQL always agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from cablegraph.ontology.concepts import CLASSIFICATION_MARKS, UNIT_TYPES
from cablegraph.graph.store.embedded import GraphStore
from cablegraph.ontology import CG, OA, RICO, SCHEMA, WGS84, IriMinter, sparql_prefixes


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


_ROLE_FIELDS = {
    SCHEMA.sender: "senders",
    SCHEMA.recipient: "recipients",
    CG.viaIntermediary: "intermediaries",
    SCHEMA.mentions: "persons",
    SCHEMA.translator: "translators",
}


class RecordReader:
    """Reads telegram records from a store; authority labels are loaded once."""

    def __init__(self, store: GraphStore, minter: IriMinter) -> None:
        self.store = store
        self.minter = minter

    @cached_property
    def authority(self) -> Graph:
        return self.store.graph(str(self.minter.authority_graph()))

    @cached_property
    def links(self) -> Graph:
        return self.store.graph(str(self.minter.links_graph()))

    def doc_ids(self, limit: int | None = None, offset: int = 0) -> list[str]:
        """Telegram ids ordered by date, then id."""
        query = sparql_prefixes() + (
            "SELECT ?id WHERE { GRAPH ?g { ?t a cg:Telegram ; dcterms:identifier ?id . OPTIONAL { ?t dcterms:date ?d } } }"
            " ORDER BY ?d ?id"
        )
        if limit is not None:
            query += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        return [row["id"] for row in self.store.select(query, union_default_graph=False)]

    def count(self) -> int:
        rows = self.store.select(
            sparql_prefixes() + "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { GRAPH ?g { ?t a cg:Telegram } }",
            union_default_graph=False,
        )
        return int(rows[0]["n"]) if rows else 0

    def record(self, doc_id: str, with_text: bool = False) -> TelegramRecord | None:
        graph = TripleIndex(self.store.graph_triples(str(self.minter.graph(doc_id))))
        if len(graph) == 0:
            return None
        return _RecordBuilder(graph, self.authority, self.links, self.minter, doc_id, with_text).build()


class TripleIndex:
    """A graph's triples by subject and predicate, and by predicate and object: the lookups a record
    is built from, without rdflib's general store (adding to it was half of a record's time)."""

    def __init__(self, triples: Iterable[tuple]) -> None:
        self._out: dict = {}
        self._in: dict = {}
        self._size = 0
        for s, p, o in triples:
            self._out.setdefault(s, {}).setdefault(p, []).append(o)
            self._in.setdefault((p, o), []).append(s)
            self._size += 1

    def __len__(self) -> int:
        return self._size

    def __contains__(self, triple: tuple) -> bool:
        s, p, o = triple
        return o in self._out.get(s, {}).get(p, ())

    def objects(self, subject, predicate) -> Iterator:
        return iter(self._out.get(subject, {}).get(predicate, ()))

    def subjects(self, predicate, obj) -> Iterator:
        return iter(self._in.get((predicate, obj), ()))

    def value(self, subject, predicate):
        found = self._out.get(subject, {}).get(predicate)
        return found[0] if found else None


class _RecordBuilder:
    def __init__(self, graph: Graph | TripleIndex, authority: Graph, links: Graph, minter: IriMinter, doc_id: str, with_text: bool) -> None:
        self.g = graph
        self.authority = authority
        self.links = links
        self.minter = minter
        self.doc_id = doc_id
        self.tel = minter.telegram(doc_id)
        self.with_text = with_text

    def value(self, subject, predicate) -> str | None:
        found = self.g.value(subject, predicate)
        return None if found is None else str(found)

    def build(self) -> TelegramRecord:
        record = TelegramRecord(
            id=self.doc_id,
            iri=str(self.tel),
            title=self.value(self.tel, DCTERMS.title),
            source_url=self.value(self.tel, SCHEMA.url),
            record_id=self.value(self.tel, CG.recordId),
            date=self.value(self.tel, DCTERMS.date) or self.value(self.tel, SCHEMA.dateCreated),
            citation=self.value(self.tel, DCTERMS.bibliographicCitation),
            summary=self.value(self.tel, DCTERMS.abstract),
        )
        agents: dict[str, list[AgentOut]] = defaultdict(list)
        for predicate, field_name in _ROLE_FIELDS.items():
            for obj in self.g.objects(self.tel, predicate):
                agents[field_name].append(self.agent(self.tel, predicate, obj))
        for field_name, items in agents.items():
            setattr(record, field_name, sorted(items, key=lambda a: _first_position(a.evidence)))
        record.numbers = sorted(
            (self.number(node) for node in self.g.objects(self.tel, RICO.hasOrHadIdentifier)),
            key=lambda n: _first_position(n.evidence),
        )
        record.archive_refs = sorted(
            (self.archive_ref(node) for node in self.g.objects(self.tel, CG.archivalLocation)),
            key=lambda a: _first_position(a.evidence),
        )
        record.embedded_messages = [self.embedded(node) for node in self.g.subjects(CG.relayedIn, self.tel)]
        record.places = sorted((self.place(p) for p in self.g.objects(self.tel, CG.mentionsPlace)), key=lambda p: _first_position(p.evidence))
        record.organisations = sorted(
            (self.organisation(o) for o in self.g.objects(self.tel, CG.mentionsOrganisation)), key=lambda o: _first_position(o.evidence)
        )
        record.military_units = sorted((self.unit(u) for u in self.g.objects(self.tel, CG.mentionsUnit)), key=lambda u: _first_position(u.evidence))
        record.references = sorted(
            (self.reference(node) for node in self.g.objects(self.tel, DCTERMS.references)),
            key=lambda r: _first_position(r.evidence),
        )
        record.classification = sorted(
            {_CLASSIFICATION_LABELS[mark] for mark in self.g.objects(self.tel, CG.classificationMark) if mark in _CLASSIFICATION_LABELS}
        )
        record.copies = sorted((self.copy(node) for node in self.g.objects(self.tel, CG.copy)), key=lambda c: _first_position(c.evidence))
        record.handling = sorted((self.handling(node) for node in self.g.objects(self.tel, CG.handling)), key=lambda h: _first_position(h.evidence))
        record.dates = sorted(
            (
                DateOut(kind=kind, date=str(value), evidence=self.evidence(self.statement(self.tel, predicate, value)))
                for predicate, kind in _DATE_KINDS.items()
                for value in self.g.objects(self.tel, predicate)
            ),
            key=lambda d: (d.date, d.kind),
        )
        record.versions = sorted((self.version(node) for node in self.g.objects(self.tel, RICO.hasOrHadInstantiation)), key=lambda v: _version_order(v.key))
        languages = [v.language for v in record.versions if v.kind != "catalogue" and v.kind != "translation"]
        record.language = languages[0] if languages else None
        return record

    # --- pieces -----------------------------------------------------------------------

    def statement(self, subject, predicate, obj) -> URIRef | None:
        for statement in self.g.subjects(RDF.subject, subject):
            if (statement, RDF.predicate, predicate) in self.g and (statement, RDF.object, obj) in self.g:
                return statement
        return None

    def evidence(self, statement) -> list[EvidenceOut]:
        if statement is None:
            return []
        found = []
        for annotation in self.g.subjects(OA.hasBody, statement):
            target = self.g.value(annotation, OA.hasTarget)
            version = self.g.value(target, OA.hasSource)
            start = end = None
            quote = ""
            for selector in self.g.objects(target, OA.hasSelector):
                if (selector, RDF.type, OA.TextPositionSelector) in self.g:
                    start, end = int(self.g.value(selector, OA.start)), int(self.g.value(selector, OA.end))
                elif (selector, RDF.type, OA.TextQuoteSelector) in self.g:
                    quote = str(self.g.value(selector, OA.exact))
            activity = self.g.value(annotation, PROV.wasGeneratedBy)
            extractor = self.g.value(activity, PROV.wasAssociatedWith) if activity is not None else None
            rule = self.g.value(extractor, CG.extractorVersion) if extractor is not None else None
            confidence = self.g.value(annotation, CG.confidence)
            found.append(
                EvidenceOut(
                    version=str(self.g.value(version, CG.versionKey)),
                    start=start or 0,
                    end=end or 0,
                    quote=quote,
                    rule=None if rule is None else str(rule),
                    confidence=None if confidence is None else float(confidence),
                )
            )
        # in text order; the same span read by two rules by rule, not by the order the engine gave them
        return sorted(found, key=lambda e: (_version_order(e.version), e.start, e.end, e.rule or "", -(e.confidence or 0.0)))

    def agent(self, subject, predicate, obj) -> AgentOut:
        statement = self.statement(subject, predicate, obj)
        written = sorted({str(w) for w in self.g.objects(statement, CG.asWritten)}) if statement is not None else []
        post = self.g.value(statement, CG.viaPost) if statement is not None else None
        label, aliases = self.labels(obj)
        return AgentOut(
            id=_local_id(obj),
            iri=str(obj),
            label=label,
            aliases=aliases,
            as_written=written,
            post=None if post is None else PostOut(id=_local_id(post), iri=str(post), **dict(zip(("label", "aliases"), self.labels(post)))),
            evidence=self.evidence(statement),
        )

    def labels(self, iri) -> tuple[str, list[str]]:
        """English label first; every other name (Russian, aliases, pseudonyms) as aliases."""
        for graph in (self.authority, self.g):
            names = [*graph.objects(iri, RDFS.label), *graph.objects(iri, SKOS.prefLabel)]
            if not names:
                continue
            english = [n for n in names if getattr(n, "language", None) in ("en", None)]
            main = str((english or names)[0])
            aliases = {str(n) for n in names}
            aliases |= {str(a) for a in graph.objects(iri, SKOS.altLabel)}
            aliases |= {str(p) for p in graph.objects(iri, CG.pseudonym)}
            return main, sorted(aliases - {main})
        return _local_id(iri), []

    def number(self, node) -> NumberOut:
        kind = self.g.value(node, CG.numberKind)
        return NumberOut(
            value=str(self.g.value(node, RICO.textualValue)),
            kind=_number_kind(kind),
            readings=sorted({str(self.g.value(other, RICO.textualValue)) for other in self.g.objects(node, CG.otherReading)}),
            evidence=self.evidence(self.statement(self.tel, RICO.hasOrHadIdentifier, node)),
        )

    def archive_ref(self, node) -> ArchiveRefOut:
        repository = self.g.value(node, CG.repository)
        code = self.authority.value(repository, SKOS.notation) if repository is not None else None
        return ArchiveRefOut(
            repository=str(code) if code is not None else _local_id(repository).upper(),
            fond=self.value(node, CG.fond),
            opis=self.value(node, CG.opis),
            delo=self.value(node, CG.delo),
            folios=self.value(node, CG.folios),
            evidence=self.evidence(self.statement(self.tel, CG.archivalLocation, node)),
        )

    def embedded(self, node) -> EmbeddedMessageOut:
        sender = self.g.value(node, SCHEMA.sender)
        recipient = self.g.value(node, SCHEMA.recipient)
        return EmbeddedMessageOut(
            from_=None if sender is None else self.agent(node, SCHEMA.sender, sender),
            to=None if recipient is None else self.agent(node, SCHEMA.recipient, recipient),
            date=self.value(node, SCHEMA.dateCreated),
            evidence=self.evidence(self.statement(node, CG.relayedIn, self.tel)),
        )

    def reference(self, node) -> ReferenceOut:
        sender = self.g.value(node, SCHEMA.sender)
        recipient = self.g.value(node, SCHEMA.recipient)
        resolved = self.links.value(node, OWL.sameAs)
        return ReferenceOut(
            date=self.value(node, SCHEMA.dateCreated),
            number=self.value(node, CG.referencedNumber),
            from_=None if sender is None else self.bare_agent(sender),
            to=None if recipient is None else self.bare_agent(recipient),
            resolved=None if resolved is None else self.minter.doc_id_of(str(resolved)),
            evidence=self.evidence(self.statement(self.tel, DCTERMS.references, node)),
        )

    def place(self, iri) -> PlaceOut:
        statement = self.statement(self.tel, CG.mentionsPlace, iri)
        label, aliases = self.labels(iri)
        lat = self.authority.value(iri, WGS84.lat)
        lon = self.authority.value(iri, WGS84.long)
        return PlaceOut(
            id=_local_id(iri),
            iri=str(iri),
            label=label,
            aliases=aliases,
            lat=None if lat is None else float(lat),
            lon=None if lon is None else float(lon),
            evidence=self.evidence(statement),
        )

    def organisation(self, iri) -> OrganisationOut:
        statement = self.statement(self.tel, CG.mentionsOrganisation, iri)
        label, aliases = self.labels(iri)
        written = sorted({str(w) for w in self.g.objects(statement, CG.asWritten)}) if statement is not None else []
        return OrganisationOut(id=_local_id(iri), iri=str(iri), label=label, aliases=aliases, as_written=written, evidence=self.evidence(statement))

    def unit(self, node) -> UnitOut:
        statement = self.statement(self.tel, CG.mentionsUnit, node)
        kind = self.g.value(node, CG.unitType)
        count = self.g.value(node, CG.unitCount)
        count_max = self.g.value(node, CG.unitCountMax)
        place = self.g.value(node, CG.unitPlace)
        equipment = self.g.value(node, CG.equipmentCount)
        return UnitOut(
            text=str(self.g.value(node, RDFS.label)),
            type=_UNIT_TYPES.get(kind),
            count=None if count is None else int(count),
            count_max=None if count_max is None else int(count_max),
            affiliation=self.value(node, CG.affiliation),
            qualifiers=sorted(str(q) for q in self.g.objects(node, CG.qualifier)),
            place=None if place is None else _local_id(place),
            equipment_count=None if equipment is None else int(equipment),
            as_written=sorted({str(w) for w in self.g.objects(statement, CG.asWritten)}) if statement is not None else [],
            evidence=self.evidence(statement),
        )

    def bare_agent(self, iri) -> AgentOut:
        label, aliases = self.labels(iri)
        return AgentOut(id=_local_id(iri), iri=str(iri), label=label, aliases=aliases)

    def copy(self, node) -> HolderCopyOut:
        holder = self.g.value(node, CG.copyHolder)
        count = self.g.value(node, CG.copyCount)
        return HolderCopyOut(
            holder=None if holder is None else self.agent(node, CG.copyHolder, holder),
            number=self.value(node, CG.copyNumber),
            count=None if count is None else int(count),
            evidence=self.evidence(self.statement(self.tel, CG.copy, node)),
        )

    def handling(self, node) -> HandlingOut:
        agent = self.g.value(node, PROV.wasAssociatedWith)
        return HandlingOut(
            action=str(self.g.value(node, CG.handlingAction)),
            agent=None if agent is None else self.agent(node, PROV.wasAssociatedWith, agent),
            date=self.value(node, DCTERMS.date),
            time=self.value(node, CG.timeOfDay),
            evidence=self.evidence(self.statement(self.tel, CG.handling, node)),
        )

    def version(self, node) -> VersionOut:
        kind = self.g.value(node, CG.versionKind)
        text = self.g.value(node, SCHEMA.text) if self.with_text else None
        return VersionOut(
            key=str(self.g.value(node, CG.versionKey)),
            kind=_kebab(str(kind).rsplit("#", 1)[-1]),
            language=str(self.g.value(node, DCTERMS.language)),
            iri=str(node),
            text=None if text is None else str(text),
        )


def _local_id(iri) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def _kebab(name: str) -> str:
    return "".join(f"-{c.lower()}" if c.isupper() and i else c.lower() for i, c in enumerate(name))


_CLASSIFICATION_LABELS = {concept: label for label, concept in CLASSIFICATION_MARKS.items()}
_UNIT_TYPES = {concept: code for code, concept in UNIT_TYPES.items()}
_DATE_KINDS = {DCTERMS.date: "document", SCHEMA.dateCreated: "written", SCHEMA.dateSent: "sent", SCHEMA.dateReceived: "received"}

_NUMBER_KINDS = {
    CG.CipherNumber: "cipher",
    CG.UnstatedNumber: "telegram",
    CG.OutgoingNumber: "outgoing",
    CG.IncomingNumber: "incoming",
    CG.DispatchNumber: "dispatch",
}


def _number_kind(kind) -> str:
    return _NUMBER_KINDS.get(kind, "telegram")


def _version_order(key: str) -> tuple[int, int]:
    if key == "trailer":
        return (2, 0)
    return (0 if key == "v0" else 1, int(key[1:]) if key[1:].isdigit() else 0)


def _first_position(evidence: list[EvidenceOut]) -> tuple:
    return (_version_order(evidence[0].version), evidence[0].start) if evidence else ((9, 0), 0)


__all__ = ["RecordReader", "TelegramRecord"]
