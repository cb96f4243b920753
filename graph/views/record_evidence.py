"""The evidence behind one statement of a telegram record: its reified `rdf:Statement` and the
Web Annotations (text position, quote, rule, confidence) that point at it.

Separate from `records` because it reads the provenance layer of the graph (OA, PROV), which every
field of the record shares, while `records` maps the telegram's own properties to fields.
"""

from __future__ import annotations

from rdflib import RDF, Graph
from rdflib.namespace import PROV
from rdflib.term import Node

from cablegraph.graph.views.record_models import EvidenceOut, version_order
from cablegraph.graph.views.record_vocabulary import literal_float, literal_int
from cablegraph.graph.views.triple_index import TripleIndex
from cablegraph.ontology import CG, OA


def find_statement(graph: Graph | TripleIndex, subject: Node, predicate: Node, obj: Node) -> Node | None:
    """The reified statement of (subject, predicate, obj), None when the triple has none."""
    for statement in graph.subjects(RDF.subject, subject):
        if (statement, RDF.predicate, predicate) in graph and (statement, RDF.object, obj) in graph:
            return statement
    return None


def statement_evidence(graph: Graph | TripleIndex, statement: Node | None) -> list[EvidenceOut]:
    """The annotations on a statement, in text order; the same span read by two rules by rule,
    not by the order the engine gave them."""
    if statement is None:
        return []
    found = [_annotation_evidence(graph, annotation) for annotation in graph.subjects(OA.hasBody, statement)]
    return sorted(found, key=lambda e: (version_order(e.version), e.start, e.end, e.rule or "", -(e.confidence or 0.0)))


def _annotation_evidence(graph: Graph | TripleIndex, annotation: Node) -> EvidenceOut:
    target = graph.value(annotation, OA.hasTarget)
    version = graph.value(target, OA.hasSource)
    start = end = None
    quote = ""
    for selector in graph.objects(target, OA.hasSelector):
        if (selector, RDF.type, OA.TextPositionSelector) in graph:
            start, end = _position(graph.value(selector, OA.start)), _position(graph.value(selector, OA.end))
        elif (selector, RDF.type, OA.TextQuoteSelector) in graph:
            quote = str(graph.value(selector, OA.exact))
    activity = graph.value(annotation, PROV.wasGeneratedBy)
    extractor = graph.value(activity, PROV.wasAssociatedWith) if activity is not None else None
    rule = graph.value(extractor, CG.extractorVersion) if extractor is not None else None
    confidence = graph.value(annotation, CG.confidence)
    return EvidenceOut(
        version=str(graph.value(version, CG.versionKey)),
        start=start or 0,
        end=end or 0,
        quote=quote,
        rule=None if rule is None else str(rule),
        confidence=None if confidence is None else literal_float(confidence),
    )


def _position(node: Node | None) -> int:
    """A selector's start or end (a selector always has both)."""
    assert node is not None, "a text position selector without start or end"
    return literal_int(node)
