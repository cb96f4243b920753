"""What the graph's concepts and IRIs are called in a telegram record: classification marks,
unit types, date and number kinds by their short codes, entities by the last segment of their IRI.

Separate from `records` so that the mapping from vocabulary to record values is in one place,
apart from the code that walks the graph.
"""

from __future__ import annotations

from rdflib.namespace import DCTERMS
from rdflib.term import Literal, Node, URIRef

from cablegraph.ontology import CG, SCHEMA
from cablegraph.ontology.concepts import CLASSIFICATION_MARKS, UNIT_TYPES


def local_id(iri: object) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def kebab_case(name: str) -> str:
    return "".join(f"-{c.lower()}" if c.isupper() and i else c.lower() for i, c in enumerate(name))


CLASSIFICATION_LABELS: dict[Node | None, str] = {concept: label for label, concept in CLASSIFICATION_MARKS.items()}
UNIT_TYPE_CODES: dict[Node | None, str] = {concept: code for code, concept in UNIT_TYPES.items()}
DATE_KINDS = {
    DCTERMS.date: "document",
    SCHEMA.dateCreated: "written",
    SCHEMA.dateSent: "sent",
    SCHEMA.dateReceived: "received",
}

ROLE_FIELDS = {  # the record's list of agents in each role
    SCHEMA.sender: "senders",
    SCHEMA.recipient: "recipients",
    CG.viaIntermediary: "intermediaries",
    SCHEMA.mentions: "persons",
    SCHEMA.translator: "translators",
}

_NUMBER_KINDS = {
    CG.CipherNumber: "cipher",
    CG.UnstatedNumber: "telegram",
    CG.OutgoingNumber: "outgoing",
    CG.IncomingNumber: "incoming",
    CG.DispatchNumber: "dispatch",
}


def number_kind(kind: Node | None) -> str:
    return _NUMBER_KINDS.get(kind, "telegram") if isinstance(kind, URIRef) else "telegram"


def literal_int(node: Node) -> int:
    """A literal's value as an int, read as `int(literal)` reads it."""
    assert isinstance(node, Literal), f"not a literal: {node!r}"
    return int(node.toPython())


def literal_float(node: Node) -> float:
    """A literal's value as a float, read as `float(literal)` reads it."""
    assert isinstance(node, Literal), f"not a literal: {node!r}"
    return float(node.toPython())
