"""Places in the authority graph link to GeoNames and say when their period name was in use."""

from rdflib import XSD, Literal, URIRef
from rdflib.namespace import SKOS

from cablegraph.extract.organisations import Organisations
from cablegraph.graph.build.authority import authority_graph
from cablegraph.ontology import RICO


def test_stalingrad_links_to_volgograds_geonames_feature_with_its_dates(context, minter):
    graph = authority_graph(context.authority, context.gazetteer, minter, Organisations.load())
    stalingrad = minter.place("stalingrad")
    assert (stalingrad, SKOS.exactMatch, URIRef("https://sws.geonames.org/472757/")) in graph
    assert (minter.place("volgograd"), SKOS.exactMatch, URIRef("https://sws.geonames.org/472757/")) in graph
    name = graph.value(stalingrad, RICO.hasOrHadPlaceName)
    assert graph.value(name, RICO.usedFromDate) == Literal("1925-04-10", datatype=XSD.date)
    assert graph.value(name, RICO.usedToDate) == Literal("1961-11-10", datatype=XSD.date)
    assert str(graph.value(name, RICO.textualValue)) == "Stalingrad"
    assert {str(o) for o in graph.objects(stalingrad, SKOS.altLabel)} >= {"Volgograd", "Сталинград"}
