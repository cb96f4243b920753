"""Authority data (people, posts, places, repositories) as one named graph of its own.

Document graphs point at these IRIs; the labels, aliases, pseudonyms, post
holdings and coordinates live here once, not in every document.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from cablegraph.extract import Authority, Gazetteer
from cablegraph.extract.organisations import Organisations
from cablegraph.extract.textutil import script_language
from cablegraph.ontology import CG, GEO, ORG, RICO, SCHEMA, WGS84, WIKIDATA, IriMinter, ontology_graph

REPOSITORY_NAMES = {
    "APRF": ("Archive of the President of the Russian Federation", "Архив Президента Российской Федерации"),
    "RGASPI": (
        "Russian State Archive of Socio-Political History",
        "Российский государственный архив социально-политической истории",
    ),
    "AVPRF": ("Archive of Foreign Policy of the Russian Federation", "Архив внешней политики Российской Федерации"),
    "RGANI": ("Russian State Archive of Contemporary History", "Российский государственный архив новейшей истории"),
    "GARF": ("State Archive of the Russian Federation", "Государственный архив Российской Федерации"),
    "TsAMO": (
        "Central Archive of the Ministry of Defence of the Russian Federation",
        "Центральный архив Министерства обороны РФ",
    ),
    "RGVA": ("Russian State Military Archive", "Российский государственный военный архив"),
    "RGAE": ("Russian State Archive of the Economy", "Российский государственный архив экономики"),
}


def _vocabulary_labels(graph: Graph) -> None:
    """The English and Russian labels of every term of our vocabulary (classes, properties, unit
    types, step types, number kinds, version kinds), so that a query can print "division" or
    "дивизия" instead of cutting a name out of an IRI."""
    for term, predicate, label in ontology_graph().triples((None, None, None)):
        if predicate in (RDFS.label, SKOS.prefLabel) and isinstance(label, Literal) and str(term).startswith(str(CG)):
            graph.add((term, predicate, label))


def _named(
    graph: Graph, iri: URIRef, classes: Iterable[URIRef], label: str, label_ru: str | None, aliases: Iterable[str]
) -> None:
    """Types, English label, Russian preferred label and every other name of an authority entity."""
    for cls in classes:
        graph.add((iri, RDF.type, cls))
    graph.add((iri, RDFS.label, Literal(label, lang="en")))
    graph.add((iri, SKOS.prefLabel, Literal(label, lang="en")))
    if label_ru:
        graph.add((iri, SKOS.prefLabel, Literal(label_ru, lang="ru")))
    for alias in aliases:
        graph.add((iri, SKOS.altLabel, Literal(alias, lang=script_language(alias))))


def authority_graph(
    authority: Authority, gazetteer: Gazetteer, minter: IriMinter, organisations: Organisations | None = None
) -> Graph:
    graph = Graph(identifier=minter.authority_graph())
    _vocabulary_labels(graph)
    _people(graph, authority, minter)
    _posts(graph, authority, minter)
    _places(graph, gazetteer, minter)
    _organisations(graph, organisations, minter)
    _repositories(graph, minter)
    return graph


def _people(graph: Graph, authority: Authority, minter: IriMinter) -> None:
    add = graph.add
    for person in authority.people.values():
        iri = minter.person(person.id)
        _named(graph, iri, (SCHEMA.Person, RICO.Person, PROV.Agent), person.label, person.label_ru, person.aliases)
        for pseudonym in person.pseudonyms:
            add((iri, CG.pseudonym, Literal(pseudonym.name, lang="en")))
            if pseudonym.name_ru:
                add((iri, CG.pseudonym, Literal(pseudonym.name_ru, lang="ru")))
        if person.wikidata:
            add((iri, OWL.sameAs, WIKIDATA[person.wikidata]))


def _posts(graph: Graph, authority: Authority, minter: IriMinter) -> None:
    """Posts, with who held each and when."""
    add = graph.add
    for post in authority.posts.values():
        iri = minter.post(post.id)
        _named(
            graph, iri, (CG.Post, ORG.Post, RICO.Position), post.label, post.label_ru, (*post.names_en, *post.names_ru)
        )
        if post.place:
            add((iri, CG.postPlace, minter.place(post.place)))
        for number, holding in enumerate(post.holders, start=1):
            node = minter.post(f"{post.id}/holding-{number}")
            holder = minter.person(holding.person)
            add((node, RDF.type, CG.PostHolding))
            add((node, CG.post, iri))
            add((node, CG.holder, holder))
            add((node, SCHEMA.startDate, Literal(holding.start.isoformat(), datatype=XSD.date)))
            add((node, SCHEMA.endDate, Literal(holding.end.isoformat(), datatype=XSD.date)))
            add((node, CG.approximateDates, Literal(holding.approximate)))


def _places(graph: Graph, gazetteer: Gazetteer, minter: IriMinter) -> None:
    """Places, with their coordinates, GeoNames match and the period a name was in use."""
    add = graph.add
    for place in gazetteer.places.values():
        iri = minter.place(place.id)
        geometry = minter.place(f"{place.id}/geometry")
        _named(graph, iri, (SCHEMA.Place, GEO.Feature), place.label, place.label_ru, place.aliases)
        add((iri, SCHEMA.additionalType, Literal(place.type)))
        add((iri, WGS84.lat, Literal(place.lat, datatype=XSD.decimal)))
        add((iri, WGS84.long, Literal(place.lon, datatype=XSD.decimal)))
        add((iri, GEO.hasGeometry, geometry))
        add((geometry, RDF.type, GEO.Geometry))
        add((geometry, GEO.asWKT, Literal(f"POINT({place.lon} {place.lat})", datatype=GEO.wktLiteral)))
        if place.geonames_iri:  # the GeoNames feature this place is (or was a name of)
            add((iri, SKOS.exactMatch, URIRef(place.geonames_iri)))
        if place.valid_from or place.valid_until:  # the period the name (or the state) was in use
            name = minter.place(f"{place.id}/name")
            add((iri, RICO.hasOrHadPlaceName, name))
            add((name, RDF.type, RICO.PlaceName))
            add((name, RICO.textualValue, Literal(place.label, lang="en")))
            if place.valid_from:
                add((name, RICO.usedFromDate, Literal(place.valid_from.isoformat(), datatype=XSD.date)))
            if place.valid_until:
                add((name, RICO.usedToDate, Literal(place.valid_until.isoformat(), datatype=XSD.date)))


def _organisations(graph: Graph, organisations: Organisations | None, minter: IriMinter) -> None:
    for organisation in organisations.items.values() if organisations else ():
        iri = minter.organisation(organisation.id)
        classes = (ORG.Organization, RICO.CorporateBody, PROV.Agent)
        _named(graph, iri, classes, organisation.label, organisation.label_ru, organisation.aliases)
        graph.add((iri, SCHEMA.additionalType, Literal(organisation.type)))
        if organisation.parent:
            graph.add((iri, ORG.subOrganizationOf, minter.organisation(organisation.parent)))


def _repositories(graph: Graph, minter: IriMinter) -> None:
    add = graph.add
    for code, (label_en, label_ru) in REPOSITORY_NAMES.items():
        iri = minter.repository(code)
        add((iri, RDF.type, RICO.CorporateBody))
        add((iri, RDFS.label, Literal(label_en, lang="en")))
        add((iri, SKOS.prefLabel, Literal(label_en, lang="en")))
        add((iri, SKOS.prefLabel, Literal(label_ru, lang="ru")))
        add((iri, SKOS.notation, Literal(code)))  # "APRF": a code, not a name in a language
