"""What a linked-data IRI dereferences to, and the dataset description (VoID + DCAT)."""

from __future__ import annotations

import gzip
import hashlib
import io
from dataclasses import dataclass
from datetime import UTC, datetime

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, XSD

from cablegraph.graph.store.convert import to_rdflib
from cablegraph.graph.store.either import AnyStore
from cablegraph.graph.views.licence import DATA_LICENCE, DATA_TERMS, TEXTS_TERMS
from cablegraph.ontology import CG, DCAT, PREFIXES, VOID, IriMinter, ontology_graph

SPDX = "http://spdx.org/rdf/terms#"


def describe(store: AnyStore, minter: IriMinter, iri: str) -> Graph:
    """A telegram: its whole named graph and its links. Anything else: its triples, the
    parts minted under its IRI (an evidence's target and selectors), and the statements
    that point at it."""
    graph = _bound(Graph())
    doc_id = minter.doc_id_of(iri)
    if doc_id is not None and iri == str(minter.telegram(doc_id)):
        graph += store.graph(str(minter.graph(doc_id)))
        for triple in store.graph(str(minter.links_graph())).triples((URIRef(iri), None, None)):
            graph.add(triple)
        return graph
    parts = ""
    if doc_id is not None:  # a part of a telegram: its own parts live in the same named graph
        parts = f"""UNION {{ GRAPH <{minter.graph(doc_id)}> {{ ?x ?p4 ?o4 FILTER(STRSTARTS(STR(?x), "{iri}/")) }} }}"""
    query = f"""
    CONSTRUCT {{ <{iri}> ?p ?o . ?s ?p3 <{iri}> . ?x ?p4 ?o4 }}
    WHERE {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p3 <{iri}> FILTER(?p3 != <{RDF.object}>) }} {parts} }}"""
    triples = store.query(query)
    assert isinstance(triples, ox.QueryTriples | list), (
        "a CONSTRUCT query gives triples (a remote store a list of them)"
    )
    for found in triples:
        graph.add((to_rdflib(found.subject), to_rdflib(found.predicate), to_rdflib(found.object)))
    return graph


def exists(store: AnyStore, iri: str) -> bool:
    return bool(store.query(f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}"))


@dataclass(frozen=True)
class Dump:
    body: bytes
    sha256: str
    media_type: str = "application/n-quads"


def nquads_dump(store: AnyStore) -> Dump:
    raw = io.BytesIO()
    store.dump(raw)
    body = gzip.compress(raw.getvalue(), mtime=0)
    return Dump(body, hashlib.sha256(body).hexdigest())


def dataset_description(
    store: AnyStore, minter: IriMinter, dump: Dump, modified: datetime | None = None, server: str | None = None
) -> Graph:
    """VoID and DCAT: the dataset and its IRI space under the minted base; the endpoint, dump and
    sitemap under `server`, the address the description is served from (default: the minted base)."""
    base = server or minter.base
    dataset = minter.dataset()
    graph = _bound(Graph())
    add = graph.add
    add((dataset, RDF.type, VOID.Dataset))
    add((dataset, RDF.type, DCAT.Dataset))
    add((dataset, DCTERMS.title, Literal("cablegraph: historical diplomatic and military telegrams", lang="en")))
    add(
        (
            dataset,
            DCTERMS.description,
            Literal(
                "Telegrams between Moscow, Beijing and Pyongyang, 1945-1953, as an RDF knowledge graph: one named graph per "
                "telegram, every statement with its evidence as a Web Annotation.",
                lang="en",
            ),
        )
    )
    add((dataset, DCTERMS.license, URIRef(DATA_LICENCE)))  # the data we write; the texts are the sources' (licence.py)
    add((dataset, DCTERMS.rights, Literal(f"{DATA_TERMS} {TEXTS_TERMS}", lang="en")))
    add(
        (
            dataset,
            DCTERMS.modified,
            Literal((modified or datetime.now(UTC)).replace(microsecond=0).isoformat(), datatype=XSD.dateTime),
        )
    )
    add((dataset, VOID.sparqlEndpoint, URIRef(base + "sparql")))
    add((dataset, VOID.uriSpace, Literal(minter.base + "id/")))
    add((dataset, VOID.dataDump, URIRef(base + "dumps/cablegraph.nq.gz")))
    add((dataset, RDFS.seeAlso, URIRef(base + "sitemap.xml")))
    add((dataset, VOID.triples, Literal(store.quad_count(), datatype=XSD.integer)))
    for prefix in ("cg", "rico", "schema", "oa", "prov", "org", "geo", "wgs84", "skos", "dcterms"):
        add((dataset, VOID.vocabulary, URIRef(PREFIXES[prefix])))
    _describe_partitions(graph, store, dataset)
    distribution = URIRef(base + "dumps/cablegraph.nq.gz")
    add((dataset, DCAT.distribution, distribution))
    add((distribution, RDF.type, DCAT.Distribution))
    add((distribution, DCAT.downloadURL, distribution))
    add((distribution, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/application/n-quads")))
    add((distribution, DCAT.compressFormat, URIRef("https://www.iana.org/assignments/media-types/application/gzip")))
    add((distribution, DCAT.byteSize, Literal(len(dump.body), datatype=XSD.nonNegativeInteger)))
    checksum = URIRef(f"{distribution}#checksum")
    add((distribution, URIRef(SPDX + "checksum"), checksum))
    add((checksum, URIRef(SPDX + "algorithm"), URIRef(SPDX + "checksumAlgorithm_sha256")))
    add((checksum, URIRef(SPDX + "checksumValue"), Literal(dump.sha256, datatype=XSD.hexBinary)))
    return graph


def _describe_partitions(graph: Graph, store: AnyStore, dataset: URIRef) -> None:
    """VoID statistics: a partition per class with its entity count, the property count, an example."""
    add = graph.add
    rows = store.select(
        "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY ?class"
    )
    add((dataset, VOID.classes, Literal(len(rows), datatype=XSD.integer)))
    for row in rows:
        cls = str(row["class"])
        partition = URIRef(f"{dataset}/class/{hashlib.sha1(cls.encode()).hexdigest()[:10]}")
        add((dataset, VOID.classPartition, partition))
        add((partition, VOID["class"], URIRef(cls)))
        add((partition, VOID.entities, Literal(row["n"], datatype=XSD.integer)))
    properties = store.select("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }")
    add((dataset, VOID.properties, Literal(properties[0]["n"], datatype=XSD.integer)))
    first = store.select(f"SELECT ?t WHERE {{ ?t a <{CG.Telegram}> }} ORDER BY ?t LIMIT 1")
    if first:
        add((dataset, VOID.exampleResource, URIRef(str(first[0]["t"]))))


def ontology_document() -> Graph:
    return ontology_graph()


def _bound(graph: Graph) -> Graph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph
