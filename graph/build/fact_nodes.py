"""Facts that become nodes of their own in a document graph: numbers, archival locations, embedded
messages, units, the telegrams a document refers to, handling and copies.

Why separate: each of these facts mints a node inside the document's graph and describes it
(its type, its values, its dates), then links the telegram to it through one evidenced statement.
The graph builder (graph/build/mapping.py) keeps what is said of the telegram directly (agents,
dates, fields, places, organisations, classification) and the evidence pattern itself; these
writers reach it only through `FactWriter`.
"""

from __future__ import annotations

from typing import Protocol, TypeAlias

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV
from rdflib.term import Node

from cablegraph.extract import (
    AgentFact,
    ArchiveRefFact,
    CopyFact,
    EmbeddedMessageFact,
    Evidence,
    Extraction,
    HandlingFact,
    NumberFact,
    NumberKind,
    PartialDate,
    ReferenceFact,
    UnitFact,
)
from cablegraph.extract.textutil import script_language
from cablegraph.graph.build.rdf_dates import date_literal
from cablegraph.ontology import CG, RICO, SCHEMA, IriMinter
from cablegraph.ontology.concepts import UNIT_TYPES
from cablegraph.ontology.iris import digest, slug

NUMBER_KINDS = {
    NumberKind.CIPHER: CG.CipherNumber,
    NumberKind.TELEGRAM: CG.UnstatedNumber,
    NumberKind.OUTGOING: CG.OutgoingNumber,
    NumberKind.INCOMING: CG.IncomingNumber,
    NumberKind.DISPATCH: CG.DispatchNumber,
}


class FactWriter(Protocol):
    """What these writers need of the graph builder (mapping.GraphBuilder)."""

    extraction: Extraction
    doc_id: str
    minter: IriMinter
    telegram: URIRef

    def add(self, s: Node, p: Node, o: Node) -> None: ...

    def statement(self, subject: URIRef, predicate: URIRef, obj: Node, evidence: tuple[Evidence, ...]) -> URIRef: ...

    def bounds(self, node: URIRef, date: PartialDate) -> None: ...

    def agent_iri(self, fact: AgentFact) -> URIRef: ...


NodeFact: TypeAlias = (
    ArchiveRefFact | CopyFact | EmbeddedMessageFact | HandlingFact | NumberFact | ReferenceFact | UnitFact
)


def write_node_fact(writer: FactWriter, fact: NodeFact) -> None:
    """The node of `fact`, described, and the telegram's evidenced statement that links to it."""
    if isinstance(fact, NumberFact):
        write_number(writer, fact)
    elif isinstance(fact, ArchiveRefFact):
        write_archive_ref(writer, fact)
    elif isinstance(fact, EmbeddedMessageFact):
        write_embedded(writer, fact)
    elif isinstance(fact, ReferenceFact):
        write_reference(writer, fact)
    elif isinstance(fact, HandlingFact):
        write_handling(writer, fact)
    elif isinstance(fact, CopyFact):
        write_copy(writer, fact)
    else:
        write_unit(writer, fact)


def _as_written(writer: FactWriter, statement: URIRef, forms: tuple[str, ...]) -> None:
    for written in forms:
        writer.add(statement, CG.asWritten, Literal(written))


def _number_node(writer: FactWriter, fact: NumberFact) -> URIRef:
    return writer.minter.part(writer.doc_id, "number", f"{fact.kind}-{slug(fact.value)}")


def write_number_readings(writer: FactWriter) -> None:
    """Readings of one number that disagree (title No. 3355, transcript № 3305) name each other."""
    numbers = [f for f in writer.extraction.facts if isinstance(f, NumberFact)]
    nodes = {f.value: _number_node(writer, f) for f in numbers}
    for fact in numbers:
        for other in fact.readings:
            if other in nodes:
                writer.add(_number_node(writer, fact), CG.otherReading, nodes[other])


def write_number(writer: FactWriter, fact: NumberFact) -> None:
    node = _number_node(writer, fact)
    writer.add(node, RDF.type, CG.TelegramNumber)
    writer.add(node, RDF.type, RICO.Identifier)
    writer.add(node, RICO.textualValue, Literal(fact.value))
    writer.add(node, CG.numberKind, NUMBER_KINDS[fact.kind])
    writer.statement(writer.telegram, RICO.hasOrHadIdentifier, node, fact.evidence)


def write_archive_ref(writer: FactWriter, fact: ArchiveRefFact) -> None:
    add = writer.add
    node = writer.minter.part(writer.doc_id, "archival-location", digest(*fact.key()))
    repository = writer.minter.repository(fact.repository)
    add(node, RDF.type, CG.ArchivalLocation)
    add(node, CG.repository, repository)
    for predicate, value in (
        (CG.fond, fact.fond),
        (CG.opis, fact.opis),
        (CG.delo, fact.delo),
        (CG.folios, fact.folios),
    ):
        if value is not None:
            add(node, predicate, Literal(value))
    if fact.delo is not None:
        # Non-Soviet archives may give no fond ("PRC FMA 11298", "AMAE, Folder 784/1978"): no "fNone" level
        if fact.fond is not None:
            levels = [f"f{fact.fond}", f"op{fact.opis or 0}", f"d{fact.delo}"]
        else:
            levels = [f"op{fact.opis}"] * (fact.opis is not None) + [f"d{fact.delo}"]
        record_set = writer.minter.record_set(fact.repository, *levels)
        add(record_set, RDF.type, RICO.RecordSet)
        parts = (("f", fact.fond), ("op", fact.opis), ("d", fact.delo))
        label = ", ".join(f"{prefix}. {value}" for prefix, value in parts if value is not None)
        add(record_set, RDFS.label, Literal(f"{fact.repository}, {label}", lang="en"))
        add(record_set, CG.repository, repository)
        add(node, CG.inRecordSet, record_set)
    writer.statement(writer.telegram, CG.archivalLocation, node, fact.evidence)


def write_embedded(writer: FactWriter, fact: EmbeddedMessageFact) -> None:
    node = writer.minter.part(writer.doc_id, "embedded", digest(*fact.key()))
    writer.add(node, RDF.type, CG.EmbeddedMessage)
    writer.add(node, RDF.type, RICO.Record)
    writer.add(node, RDF.type, SCHEMA.Message)
    writer.add(node, CG.relayedIn, writer.telegram)
    for agent, predicate in ((fact.sender, SCHEMA.sender), (fact.recipient, SCHEMA.recipient)):
        if agent is not None:
            statement = writer.statement(node, predicate, writer.agent_iri(agent), agent.evidence)
            _as_written(writer, statement, agent.as_written)
    if fact.date is not None and fact.date.year is not None:
        writer.add(node, SCHEMA.dateCreated, date_literal(fact.date))
        writer.bounds(node, fact.date)
    writer.statement(node, CG.relayedIn, writer.telegram, fact.evidence)


def write_unit(writer: FactWriter, fact: UnitFact) -> None:
    add = writer.add
    node = writer.minter.part(writer.doc_id, "unit", digest(*fact.key()))
    add(node, RDF.type, CG.UnitMention)
    add(node, CG.unitType, UNIT_TYPES[fact.unit_type])
    add(node, RDFS.label, Literal(fact.as_written[0], lang=script_language(fact.as_written[0])))
    if fact.count is not None:
        add(node, CG.unitCount, Literal(fact.count, datatype=XSD.integer))
    if fact.count_max is not None:
        add(node, CG.unitCountMax, Literal(fact.count_max, datatype=XSD.integer))
    if fact.affiliation:
        add(node, CG.affiliation, Literal(fact.affiliation))
    for qualifier in fact.qualifiers:
        add(node, CG.qualifier, Literal(qualifier))
    if fact.place:
        add(node, CG.unitPlace, writer.minter.place(fact.place))
    if fact.equipment_count is not None:
        add(node, CG.equipmentCount, Literal(fact.equipment_count, datatype=XSD.integer))
    statement = writer.statement(writer.telegram, CG.mentionsUnit, node, fact.evidence)
    _as_written(writer, statement, fact.as_written)


def write_reference(writer: FactWriter, fact: ReferenceFact) -> None:
    node = writer.minter.part(writer.doc_id, "reference", digest(*fact.key()))
    for cls in (CG.DescribedTelegram, RICO.Record, SCHEMA.Message):
        writer.add(node, RDF.type, cls)
    if fact.number:
        writer.add(node, CG.referencedNumber, Literal(fact.number))
    if fact.date is not None and fact.date.year is not None:
        writer.add(node, SCHEMA.dateCreated, date_literal(fact.date))
        writer.bounds(node, fact.date)
    if fact.sender:
        writer.add(node, SCHEMA.sender, writer.minter.person(fact.sender))
    if fact.recipient:
        writer.add(node, SCHEMA.recipient, writer.minter.person(fact.recipient))
    writer.statement(writer.telegram, DCTERMS.references, node, fact.evidence)


def write_handling(writer: FactWriter, fact: HandlingFact) -> None:
    key = digest(fact.action, fact.agent.person if fact.agent else None, fact.date, fact.time)
    node = writer.minter.part(writer.doc_id, "handling", key)
    writer.add(node, RDF.type, CG.Handling)
    writer.add(node, RDF.type, PROV.Activity)
    writer.add(node, CG.handlingAction, Literal(fact.action.value))
    if fact.date is not None and fact.date.year is not None:
        writer.add(node, DCTERMS.date, date_literal(fact.date))
        writer.bounds(node, fact.date)
    if fact.time:
        writer.add(node, CG.timeOfDay, Literal(fact.time))
    if fact.agent is not None:
        agent = writer.agent_iri(fact.agent)
        statement = writer.statement(node, PROV.wasAssociatedWith, agent, fact.agent.evidence)
        _as_written(writer, statement, fact.agent.as_written)
    writer.statement(writer.telegram, CG.handling, node, fact.evidence)


def write_copy(writer: FactWriter, fact: CopyFact) -> None:
    node = writer.minter.part(writer.doc_id, "copy", digest(*fact.key()))
    writer.add(node, RDF.type, CG.CopyDistribution)
    writer.add(node, RDF.type, RICO.Instantiation)
    if fact.number:
        writer.add(node, CG.copyNumber, Literal(fact.number))
    if fact.count is not None:
        writer.add(node, CG.copyCount, Literal(fact.count, datatype=XSD.integer))
    if fact.holder is not None:
        holder = writer.agent_iri(fact.holder)
        writer.add(writer.telegram, SCHEMA.ccRecipient, holder)
        statement = writer.statement(node, CG.copyHolder, holder, fact.holder.evidence)
        _as_written(writer, statement, fact.holder.as_written)
    writer.statement(writer.telegram, CG.copy, node, fact.evidence)
