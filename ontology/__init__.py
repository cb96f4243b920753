"""The cablegraph vocabulary, as data (cablegraph.ttl) and as code (CG), and IRI minting."""

from functools import cache
from typing import Any

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from cablegraph.ontology.iris import IriMinter, slug
from cablegraph.ontology.source import ontology_text
from cablegraph.ontology.terms import CG

ONTOLOGY_IRI = "https://w3id.org/cablegraph/ns"
RICO = Namespace("https://www.ica.org/standards/RiC/ontology#")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
WGS84 = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
WIKIDATA = Namespace("http://www.wikidata.org/entity/")

PREFIXES = {
    "cg": str(CG._NS),
    "rico": str(RICO),
    "schema": str(SCHEMA),
    "oa": str(OA),
    "org": str(ORG),
    "geo": str(GEO),
    "wgs84": str(WGS84),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "void": str(VOID),
    "dcat": str(DCAT),
    "wd": str(WIKIDATA),
}


@cache
def ontology_graph() -> Graph:
    """The ontology as an rdflib Graph (parsed once)."""
    return Graph().parse(data=ontology_text(), format="turtle")


@cache
def jsonld_context() -> dict[str, Any]:
    """The JSON-LD context served with every JSON-LD document (never fetched from elsewhere)."""
    import json
    from importlib import resources

    context: dict[str, Any] = json.loads(
        resources.files("cablegraph.ontology").joinpath("context.jsonld").read_text(encoding="utf-8")
    )
    return context


def sparql_prefixes() -> str:
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())


__all__ = [
    "CG",
    "DCAT",
    "GEO",
    "OA",
    "ONTOLOGY_IRI",
    "ORG",
    "PREFIXES",
    "RICO",
    "SCHEMA",
    "VOID",
    "WGS84",
    "WIKIDATA",
    "IriMinter",
    "jsonld_context",
    "ontology_graph",
    "slug",
    "sparql_prefixes",
]
