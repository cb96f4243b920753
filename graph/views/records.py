"""The telegram record (BRIEF §4), read back from the store.

The record is built from the graph, never from the extractor's objects, so
`cablegraph export`, `/api/telegrams/{id}` and SPARQL always agree.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property

from rdflib import OWL, RDFS, Graph
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Node

from cablegraph.graph.store.either import AnyStore
from cablegraph.graph.views.record_evidence import find_statement, statement_evidence
from cablegraph.graph.views.record_models import (
    AgentOut,
    ArchiveRefOut,
    DateOut,
    EmbeddedMessageOut,
    EvidenceOut,
    HandlingOut,
    HolderCopyOut,
    NumberOut,
    OrganisationOut,
    PlaceOut,
    PostOut,
    ReferenceOut,
    TelegramRecord,
    UnitOut,
    VersionOut,
    first_position,
    version_order,
)
from cablegraph.graph.views.record_vocabulary import (
    CLASSIFICATION_LABELS,
    DATE_KINDS,
    ROLE_FIELDS,
    UNIT_TYPE_CODES,
    kebab_case,
    literal_float,
    literal_int,
    local_id,
    number_kind,
)
from cablegraph.graph.views.triple_index import TripleIndex
from cablegraph.ontology import CG, RICO, SCHEMA, WGS84, IriMinter, sparql_prefixes


class RecordReader:
    """Reads telegram records from a store; authority labels are loaded once."""

    def __init__(self, store: AnyStore, minter: IriMinter) -> None:
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
        return [str(row["id"]) for row in self.store.select(query, union_default_graph=False)]

    def count(self) -> int:
        rows = self.store.select(
            sparql_prefixes() + "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { GRAPH ?g { ?t a cg:Telegram } }",
            union_default_graph=False,
        )
        return int(str(rows[0]["n"])) if rows else 0

    def record(self, doc_id: str, with_text: bool = False) -> TelegramRecord | None:
        graph = TripleIndex(self.store.graph_triples(str(self.minter.graph(doc_id))))
        if len(graph) == 0:
            return None
        return _RecordBuilder(graph, self.authority, self.links, self.minter, doc_id, with_text).build()


class _RecordBuilder:
    def __init__(
        self,
        graph: Graph | TripleIndex,
        authority: Graph,
        links: Graph,
        minter: IriMinter,
        doc_id: str,
        with_text: bool,
    ) -> None:
        self.g = graph
        self.authority = authority
        self.links = links
        self.minter = minter
        self.doc_id = doc_id
        self.tel = minter.telegram(doc_id)
        self.with_text = with_text

    def value(self, subject: Node | None, predicate: Node) -> str | None:
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
        for predicate, field_name in ROLE_FIELDS.items():
            for obj in self.g.objects(self.tel, predicate):
                agents[field_name].append(self.agent(self.tel, predicate, obj))
        for field_name, items in agents.items():
            setattr(record, field_name, sorted(items, key=lambda a: first_position(a.evidence)))
        record.numbers = sorted(
            (self.number(node) for node in self.g.objects(self.tel, RICO.hasOrHadIdentifier)),
            key=lambda n: first_position(n.evidence),
        )
        record.archive_refs = sorted(
            (self.archive_ref(node) for node in self.g.objects(self.tel, CG.archivalLocation)),
            key=lambda a: first_position(a.evidence),
        )
        record.embedded_messages = [self.embedded(node) for node in self.g.subjects(CG.relayedIn, self.tel)]
        self._add_mentions(record)
        self._add_handling(record)
        return record

    def _add_mentions(self, record: TelegramRecord) -> None:
        """Places, organisations, units and other telegrams the text mentions; its classification."""
        record.places = sorted(
            (self.place(p) for p in self.g.objects(self.tel, CG.mentionsPlace)),
            key=lambda p: first_position(p.evidence),
        )
        record.organisations = sorted(
            (self.organisation(o) for o in self.g.objects(self.tel, CG.mentionsOrganisation)),
            key=lambda o: first_position(o.evidence),
        )
        record.military_units = sorted(
            (self.unit(u) for u in self.g.objects(self.tel, CG.mentionsUnit)), key=lambda u: first_position(u.evidence)
        )
        record.references = sorted(
            (self.reference(node) for node in self.g.objects(self.tel, DCTERMS.references)),
            key=lambda r: first_position(r.evidence),
        )
        record.classification = sorted(
            {
                CLASSIFICATION_LABELS[mark]
                for mark in self.g.objects(self.tel, CG.classificationMark)
                if mark in CLASSIFICATION_LABELS
            }
        )

    def _add_handling(self, record: TelegramRecord) -> None:
        """How the telegram was handled and dated, and its versions (which give its language)."""
        record.copies = sorted(
            (self.copy(node) for node in self.g.objects(self.tel, CG.copy)), key=lambda c: first_position(c.evidence)
        )
        record.handling = sorted(
            (self.handling(node) for node in self.g.objects(self.tel, CG.handling)),
            key=lambda h: first_position(h.evidence),
        )
        record.dates = sorted(
            (
                DateOut(kind=kind, date=str(value), evidence=self.evidence(self.statement(self.tel, predicate, value)))
                for predicate, kind in DATE_KINDS.items()
                for value in self.g.objects(self.tel, predicate)
            ),
            key=lambda d: (d.date, d.kind),
        )
        record.versions = sorted(
            (self.version(node) for node in self.g.objects(self.tel, RICO.hasOrHadInstantiation)),
            key=lambda v: version_order(v.key),
        )
        languages = [v.language for v in record.versions if v.kind not in {"catalogue", "translation"}]
        record.language = languages[0] if languages else None

    # --- pieces -----------------------------------------------------------------------

    def statement(self, subject: Node, predicate: Node, obj: Node) -> Node | None:
        return find_statement(self.g, subject, predicate, obj)

    def evidence(self, statement: Node | None) -> list[EvidenceOut]:
        return statement_evidence(self.g, statement)

    def agent(self, subject: Node, predicate: Node, obj: Node) -> AgentOut:
        statement = self.statement(subject, predicate, obj)
        written = sorted({str(w) for w in self.g.objects(statement, CG.asWritten)}) if statement is not None else []
        post = self.g.value(statement, CG.viaPost) if statement is not None else None
        label, aliases = self.labels(obj)
        return AgentOut(
            id=local_id(obj),
            iri=str(obj),
            label=label,
            aliases=aliases,
            as_written=written,
            post=None if post is None else self.post(post),
            evidence=self.evidence(statement),
        )

    def post(self, iri: Node) -> PostOut:
        label, aliases = self.labels(iri)
        return PostOut(id=local_id(iri), iri=str(iri), label=label, aliases=aliases)

    def labels(self, iri: Node) -> tuple[str, list[str]]:
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
        return local_id(iri), []

    def number(self, node: Node) -> NumberOut:
        kind = self.g.value(node, CG.numberKind)
        return NumberOut(
            value=str(self.g.value(node, RICO.textualValue)),
            kind=number_kind(kind),
            readings=sorted(
                {str(self.g.value(other, RICO.textualValue)) for other in self.g.objects(node, CG.otherReading)}
            ),
            evidence=self.evidence(self.statement(self.tel, RICO.hasOrHadIdentifier, node)),
        )

    def archive_ref(self, node: Node) -> ArchiveRefOut:
        repository = self.g.value(node, CG.repository)
        code = self.authority.value(repository, SKOS.notation) if repository is not None else None
        return ArchiveRefOut(
            repository=str(code) if code is not None else local_id(repository).upper(),
            fond=self.value(node, CG.fond),
            opis=self.value(node, CG.opis),
            delo=self.value(node, CG.delo),
            folios=self.value(node, CG.folios),
            evidence=self.evidence(self.statement(self.tel, CG.archivalLocation, node)),
        )

    def embedded(self, node: Node) -> EmbeddedMessageOut:
        sender = self.g.value(node, SCHEMA.sender)
        recipient = self.g.value(node, SCHEMA.recipient)
        message = EmbeddedMessageOut(
            to=None if recipient is None else self.agent(node, SCHEMA.recipient, recipient),
            date=self.value(node, SCHEMA.dateCreated),
            evidence=self.evidence(self.statement(node, CG.relayedIn, self.tel)),
        )
        message.from_ = None if sender is None else self.agent(node, SCHEMA.sender, sender)  # "from" is its alias
        return message

    def reference(self, node: Node) -> ReferenceOut:
        sender = self.g.value(node, SCHEMA.sender)
        recipient = self.g.value(node, SCHEMA.recipient)
        resolved = self.links.value(node, OWL.sameAs)
        reference = ReferenceOut(
            date=self.value(node, SCHEMA.dateCreated),
            number=self.value(node, CG.referencedNumber),
            to=None if recipient is None else self.bare_agent(recipient),
            resolved=None if resolved is None else self.minter.doc_id_of(str(resolved)),
            evidence=self.evidence(self.statement(self.tel, DCTERMS.references, node)),
        )
        reference.from_ = None if sender is None else self.bare_agent(sender)  # "from" is its alias
        return reference

    def place(self, iri: Node) -> PlaceOut:
        statement = self.statement(self.tel, CG.mentionsPlace, iri)
        label, aliases = self.labels(iri)
        lat = self.authority.value(iri, WGS84.lat)
        lon = self.authority.value(iri, WGS84.long)
        return PlaceOut(
            id=local_id(iri),
            iri=str(iri),
            label=label,
            aliases=aliases,
            lat=None if lat is None else literal_float(lat),
            lon=None if lon is None else literal_float(lon),
            evidence=self.evidence(statement),
        )

    def organisation(self, iri: Node) -> OrganisationOut:
        statement = self.statement(self.tel, CG.mentionsOrganisation, iri)
        label, aliases = self.labels(iri)
        written = sorted({str(w) for w in self.g.objects(statement, CG.asWritten)}) if statement is not None else []
        return OrganisationOut(
            id=local_id(iri),
            iri=str(iri),
            label=label,
            aliases=aliases,
            as_written=written,
            evidence=self.evidence(statement),
        )

    def unit(self, node: Node) -> UnitOut:
        statement = self.statement(self.tel, CG.mentionsUnit, node)
        kind = self.g.value(node, CG.unitType)
        count = self.g.value(node, CG.unitCount)
        count_max = self.g.value(node, CG.unitCountMax)
        place = self.g.value(node, CG.unitPlace)
        equipment = self.g.value(node, CG.equipmentCount)
        return UnitOut(
            text=str(self.g.value(node, RDFS.label)),
            type=UNIT_TYPE_CODES.get(kind),
            count=None if count is None else literal_int(count),
            count_max=None if count_max is None else literal_int(count_max),
            affiliation=self.value(node, CG.affiliation),
            qualifiers=sorted(str(q) for q in self.g.objects(node, CG.qualifier)),
            place=None if place is None else local_id(place),
            equipment_count=None if equipment is None else literal_int(equipment),
            as_written=sorted({str(w) for w in self.g.objects(statement, CG.asWritten)})
            if statement is not None
            else [],
            evidence=self.evidence(statement),
        )

    def bare_agent(self, iri: Node) -> AgentOut:
        label, aliases = self.labels(iri)
        return AgentOut(id=local_id(iri), iri=str(iri), label=label, aliases=aliases)

    def copy(self, node: Node) -> HolderCopyOut:
        holder = self.g.value(node, CG.copyHolder)
        count = self.g.value(node, CG.copyCount)
        return HolderCopyOut(
            holder=None if holder is None else self.agent(node, CG.copyHolder, holder),
            number=self.value(node, CG.copyNumber),
            count=None if count is None else literal_int(count),
            evidence=self.evidence(self.statement(self.tel, CG.copy, node)),
        )

    def handling(self, node: Node) -> HandlingOut:
        agent = self.g.value(node, PROV.wasAssociatedWith)
        return HandlingOut(
            action=str(self.g.value(node, CG.handlingAction)),
            agent=None if agent is None else self.agent(node, PROV.wasAssociatedWith, agent),
            date=self.value(node, DCTERMS.date),
            time=self.value(node, CG.timeOfDay),
            evidence=self.evidence(self.statement(self.tel, CG.handling, node)),
        )

    def version(self, node: Node) -> VersionOut:
        kind = self.g.value(node, CG.versionKind)
        text = self.g.value(node, SCHEMA.text) if self.with_text else None
        return VersionOut(
            key=str(self.g.value(node, CG.versionKey)),
            kind=kebab_case(str(kind).rsplit("#", 1)[-1]),
            language=str(self.g.value(node, DCTERMS.language)),
            iri=str(node),
            text=None if text is None else str(text),
        )


__all__ = ["RecordReader"]
