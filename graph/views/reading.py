"""What the reading room shows of a telegram: every reified statement of its named graph
with its evidence (annotation IRI, version, character offsets), the Turtle of one statement
with its evidence, and the text of a version cut into nested highlighted spans.

Statements are read from the document's named graph, so the reader highlights exactly what
SPARQL and the linked-data IRIs serve.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Node

from cablegraph.graph.store.either import AnyStore
from cablegraph.graph.views.record_vocabulary import literal_float, literal_int
from cablegraph.ontology import CG, OA, PREFIXES, RICO, SCHEMA, IriMinter

RELATIONS = {  # predicate -> how the reader names the fact
    SCHEMA.sender: "sender",
    SCHEMA.recipient: "recipient",
    CG.viaIntermediary: "intermediary",
    SCHEMA.mentions: "person mentioned",
    SCHEMA.translator: "translator",
    CG.mentionsPlace: "place",
    CG.mentionsOrganisation: "organisation",
    CG.mentionsUnit: "military unit",
    RICO.hasOrHadIdentifier: "telegram number",
    CG.archivalLocation: "archive citation",
    CG.classificationMark: "classification",
    CG.copy: "copy",
    CG.copyHolder: "copy holder",
    CG.handling: "handling",
    PROV.wasAssociatedWith: "handled by",
    CG.relayedIn: "relayed in",
    DCTERMS.references: "refers to",
    DCTERMS.title: "title",
    DCTERMS.date: "date",
    DCTERMS.abstract: "summary",
    DCTERMS.bibliographicCitation: "citation",
    SCHEMA.url: "source URL",
    SCHEMA.dateCreated: "date written",
    SCHEMA.dateSent: "date sent",
    SCHEMA.dateReceived: "date received",
    CG.recordId: "record id",
}
PAGES = {"person": "/doc/person/", "place": "/doc/place/", "telegram": "/doc/telegram/"}
_SHORT = 90  # longest value shown whole in a fact's name


@dataclass(frozen=True)
class Evidence:
    """One Web Annotation of a statement: where in which version it was read."""

    iri: str
    key: str
    version: str
    start: int
    end: int
    quote: str
    rule: str | None = None
    confidence: float | None = None


@dataclass
class Fact:
    """A reified statement of the telegram's graph and all of its evidence."""

    key: str
    iri: str
    relation: str
    value: str
    href: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(frozen=True)
class Piece:
    """A step through a version's text: plain `text`, or the opening or closing of a mark."""

    kind: str  # "text" | "open" | "close"
    text: str = ""
    fact: str = ""
    evidence: str = ""
    first: bool = True


def local_key(iri: str) -> str:
    """The last path segment of an IRI.

    >>> local_key("http://127.0.0.1:8000/id/person/stalin")
    'stalin'
    """
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def page_of(iri: str, minter: IriMinter) -> str | None:
    """The reading-room page of a person, place or telegram IRI, None for anything else.

    >>> page_of("http://127.0.0.1:8000/id/place/beijing", IriMinter("http://127.0.0.1:8000/"))
    '/doc/place/beijing'
    """
    prefix = minter.base + "id/"
    if not str(iri).startswith(prefix):
        return None
    kind, _, key = str(iri)[len(prefix) :].partition("/")
    if kind in PAGES and key and "/" not in key:
        return PAGES[kind] + key
    return None


def telegram_facts(store: AnyStore, minter: IriMinter, doc_id: str) -> list[Fact]:
    """Every statement of the telegram's graph that carries evidence, in reading order."""
    graph = store.graph(str(minter.graph(doc_id)))
    own = minter.base + "id/telegram/"
    named = {
        o
        for o in graph.objects()
        if isinstance(o, URIRef) and o.startswith(minter.base + "id/") and not o.startswith(own)
    }
    labels = _labels(store, named)
    facts = []
    for statement in set(graph.subjects(RDF.type, RDF.Statement)):
        evidence = _evidence(graph, statement)
        if not evidence:
            continue
        predicate, obj = graph.value(statement, RDF.predicate), graph.value(statement, RDF.object)
        facts.append(
            Fact(
                key=local_key(str(statement)),
                iri=str(statement),
                relation=_relation(predicate),
                value=_shown(graph, labels, obj, minter.base),
                href=page_of(str(obj), minter) if isinstance(obj, URIRef) else None,
                evidence=evidence,
            )
        )
    return sorted(facts, key=lambda f: (f.evidence[0].version, f.evidence[0].start, f.relation))


def _relation(predicate: Node | None) -> str:
    """How the reader names a fact's predicate: its own name, else its IRI's last segment."""
    known = RELATIONS.get(predicate) if isinstance(predicate, URIRef) else None
    return known if known is not None else local_key(str(predicate)).rpartition("#")[2]


def _evidence(graph: Graph, statement: Node) -> list[Evidence]:
    found = []
    for annotation in graph.subjects(OA.hasBody, statement):
        target = graph.value(annotation, OA.hasTarget)
        version = graph.value(graph.value(target, OA.hasSource), CG.versionKey)
        start = end = None
        quote = ""
        for selector in graph.objects(target, OA.hasSelector):
            if (selector, RDF.type, OA.TextPositionSelector) in graph:
                start, end = _int(graph.value(selector, OA.start)), _int(graph.value(selector, OA.end))
            elif (selector, RDF.type, OA.TextQuoteSelector) in graph:
                quote = str(graph.value(selector, OA.exact))
        if version is None or start is None or end is None:
            continue
        activity = graph.value(annotation, PROV.wasGeneratedBy)
        extractor = graph.value(activity, PROV.wasAssociatedWith) if activity is not None else None
        rule = graph.value(extractor, CG.extractorVersion) if extractor is not None else None
        confidence = graph.value(annotation, CG.confidence)
        found.append(
            Evidence(
                str(annotation),
                local_key(str(annotation)),
                str(version),
                start,
                end,
                quote,
                None if rule is None else str(rule),
                None if confidence is None else literal_float(confidence),
            )
        )
    return sorted(found, key=lambda e: (e.version, e.start))


def _labels(store: AnyStore, iris: set[URIRef]) -> dict[str, str]:
    if not iris:
        return {}
    values = " ".join(f"<{iri}>" for iri in iris)
    query = f"""SELECT ?x ?l WHERE {{ VALUES ?x {{ {values} }} GRAPH ?g {{ ?x <{RDFS.label}> ?l }}
      BIND(IF(LANG(?l) = "en" || LANG(?l) = "", 0, 1) AS ?rank) }} ORDER BY ?x ?rank"""
    labels: dict[str, str] = {}
    for row in store.select(query, union_default_graph=False):
        labels.setdefault(str(row["x"]), str(row["l"]))
    return labels


def _shown(graph: Graph, labels: dict[str, str], obj: Node | None, base: str) -> str:
    """A fact's value as a reader names it: a literal as written, a named thing by its label,
    an IRI outside this dataset (a source URL) whole, a node of the telegram described."""
    if isinstance(obj, Literal) or (isinstance(obj, URIRef) and not str(obj).startswith(base)):
        text = str(obj)
    elif str(obj) in labels:
        text = labels[str(obj)]
    else:
        text = _node_label(graph, labels, obj)
    text = " ".join(text.split())
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"


def _node_label(graph: Graph, labels: dict[str, str], node: Node | None) -> str:
    """A name for a node minted inside the telegram (number, citation, copy, handling, ...)."""
    own = graph.value(node, RDFS.label) or graph.value(node, RICO.textualValue) or graph.value(node, SKOS.prefLabel)
    if own is not None:
        return str(own)
    value = {
        p: graph.value(node, p)
        for p in (
            CG.repository,
            CG.fond,
            CG.opis,
            CG.delo,
            CG.folios,
            CG.copyHolder,
            CG.copyCount,
            CG.copyNumber,
            CG.handlingAction,
            DCTERMS.date,
            CG.timeOfDay,
            CG.referencedNumber,
            SCHEMA.dateCreated,
        )
    }
    if value[CG.repository] is not None:
        parts = [("f.", CG.fond), ("op.", CG.opis), ("d.", CG.delo), ("l.", CG.folios)]
        return (
            local_key(str(value[CG.repository])).upper()
            + " "
            + ", ".join(f"{a} {value[p]}" for a, p in parts if value[p] is not None)
        )
    if value[CG.copyHolder] is None and value[CG.copyNumber] is None and value[CG.copyCount] is not None:
        count = _int(value[CG.copyCount])
        return f"{count} copies, holders not named" if count > 1 else "one copy, holder not named"
    if value[CG.copyHolder] is not None or value[CG.copyNumber] is not None:
        holder = (
            labels.get(str(value[CG.copyHolder]), local_key(str(value[CG.copyHolder])))
            if value[CG.copyHolder] is not None
            else "a holder not named"
        )
        number = f" (copy No. {value[CG.copyNumber]})" if value[CG.copyNumber] is not None else ""
        times = f" ×{value[CG.copyCount]}" if value[CG.copyCount] is not None and _int(value[CG.copyCount]) > 1 else ""
        return holder + number + times
    if value[CG.handlingAction] is not None:
        return " ".join(str(value[p]) for p in (CG.handlingAction, DCTERMS.date, CG.timeOfDay) if value[p] is not None)
    if value[CG.referencedNumber] is not None or value[SCHEMA.dateCreated] is not None:
        number = f"No. {value[CG.referencedNumber]}" if value[CG.referencedNumber] is not None else "a telegram"
        date = f" of {value[SCHEMA.dateCreated]}" if value[SCHEMA.dateCreated] is not None else ""
        return number + date
    name = local_key(str(node)).rpartition("#")[2]
    return "".join(f" {c.lower()}" if c.isupper() and i else c.lower() for i, c in enumerate(name))


def fact_turtle(store: AnyStore, minter: IriMinter, doc_id: str, key: str) -> str | None:
    """Turtle of one statement of the telegram's graph: the asserted triple and the reified
    statement first, then each evidence annotation with its target and selectors."""
    statement = minter.part(doc_id, "statement", key)
    graph = store.graph(str(minter.graph(doc_id)))
    if (statement, RDF.type, RDF.Statement) not in graph:
        return None
    head, evidence = Graph(), Graph()
    subject, predicate, obj = (graph.value(statement, p) for p in (RDF.subject, RDF.predicate, RDF.object))
    if (subject, predicate, obj) in graph:
        assert subject is not None and predicate is not None and obj is not None, "a statement names its triple"
        head.add((subject, predicate, obj))
    head += graph.triples((statement, None, None))
    for annotation in graph.subjects(OA.hasBody, statement):
        evidence += graph.triples((annotation, None, None))
        target = graph.value(annotation, OA.hasTarget)
        evidence += graph.triples((target, None, None))
        for selector in graph.objects(target, OA.hasSelector):
            evidence += graph.triples((selector, None, None))
    whole = _bound(Graph())
    whole += head
    whole += evidence
    prefixes = [line for line in whole.serialize(format="turtle").splitlines() if line.startswith("@prefix")]
    return "\n".join(prefixes) + "\n\n" + _body(head) + "\n\n" + _body(evidence) + "\n"


def _bound(graph: Graph) -> Graph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph


def _body(graph: Graph) -> str:
    """Turtle statements without the prefix lines (the caller writes them once)."""
    lines = _bound(graph).serialize(format="turtle").splitlines()
    return "\n".join(line for line in lines if not line.startswith("@prefix")).strip()


def nest_spans(text: str, spans: list[tuple[int, int, str, str]]) -> list[Piece]:
    """Cut `text` into text pieces and properly nested marks for (start, end, fact, evidence)
    spans; a span that crosses the end of an enclosing one is split in two (the second piece
    is a continuation, `first` False).

    >>> [(p.kind, p.text or p.fact) for p in nest_spans("abcdef", [(0, 4, "x", "1"), (2, 6, "y", "2")])]
    [('open', 'x'), ('text', 'ab'), ('open', 'y'), ('text', 'cd'), ('close', 'y'), ('close', 'x'), ('open', 'y'), ('text', 'ef'), ('close', 'y')]
    """
    queue = [
        (start, -end, fact, evidence, True) for start, end, fact, evidence in spans if 0 <= start < end <= len(text)
    ]
    heapq.heapify(queue)
    pieces: list[Piece] = []
    stack: list[tuple[int, str, str]] = []  # (end, fact, evidence) of the open marks
    position = 0

    def advance(to: int) -> None:
        nonlocal position
        if to > position:
            pieces.append(Piece("text", text[position:to]))
            position = to

    while queue or stack:
        next_start = queue[0][0] if queue else len(text) + 1
        if stack and stack[-1][0] <= next_start:
            end, fact, evidence = stack.pop()
            advance(end)
            pieces.append(Piece("close", fact=fact, evidence=evidence))
            continue
        start, negative_end, fact, evidence, first = heapq.heappop(queue)
        end = -negative_end
        advance(start)
        if stack and end > stack[-1][0]:  # crosses the enclosing mark: the rest opens after it
            heapq.heappush(queue, (stack[-1][0], -end, fact, evidence, False))
            end = stack[-1][0]
        if end > start:
            pieces.append(Piece("open", fact=fact, evidence=evidence, first=first))
            stack.append((end, fact, evidence))
    advance(len(text))
    return pieces


__all__ = ["Evidence", "Fact", "Piece", "fact_turtle", "local_key", "nest_spans", "page_of", "telegram_facts"]


def _int(node: Node | None) -> int:
    """An integer literal's value, as int(literal) reads it (int(None) failed too)."""
    if node is None:
        raise TypeError("no integer value")
    return literal_int(node)
