"""SPARQL 1.1 Service Description of our endpoint."""

from __future__ import annotations

from rdflib import RDF, Graph, Literal, Namespace, URIRef

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")


def service_description(endpoint: str, max_rows: int) -> Graph:
    """The service at `endpoint`: the URL it is reached at (the public URL or the request's origin,
    api/links.py), not the base of the minted IRIs, so that a client can follow it."""
    graph = Graph()
    graph.bind("sd", SD)
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "N-Quads", "TriG", "JSON-LD", "RDF_XML"):  # fmt: skip
        graph.add((service, SD.resultFormat, FORMATS[name]))
    graph.add(
        (
            service,
            URIRef("http://www.w3.org/2000/01/rdf-schema#comment"),
            Literal(
                f"Read-only. The default graph is the union of all named graphs. SERVICE is refused. At most {max_rows} rows per answer."
            ),
        )
    )
    return graph
