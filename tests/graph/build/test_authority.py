"""The authority graph: one way to ask who held a post when, and labels for our own vocabulary."""

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from cablegraph.graph.build.authority import authority_graph
from cablegraph.ontology import CG, ORG


def test_vocabulary_terms_have_english_and_russian_labels(context, minter):
    graph = authority_graph(context.authority, context.gazetteer, minter, context.organisations)
    assert Literal("division", lang="en") in set(
        graph.objects(CG.Division, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))
    )
    assert {
        label.language for label in graph.objects(CG.Division, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))
    } == {"en", "ru"}
    assert graph.value(CG.Telegram, RDFS.label) is not None


def test_post_holders_are_asked_through_dated_holdings_only(context, minter):
    graph = authority_graph(context.authority, context.gazetteer, minter, context.organisations)
    assert not list(graph.triples((None, ORG.heldBy, None))) and not list(graph.triples((None, ORG.holds, None)))
    holdings = list(graph.subjects(CG.post, minter.post("soviet-ambassador-china")))
    assert holdings and all(graph.value(h, URIRef("https://schema.org/startDate")) is not None for h in holdings)


def test_every_label_in_the_samples_carries_a_language_tag(sample_store):
    rows = sample_store.select("""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?entity ?label WHERE { ?entity rdfs:label|skos:prefLabel|skos:altLabel ?label FILTER(LANG(?label) = "") } LIMIT 5""")
    assert rows == []


def test_native_script_names_are_tagged_by_their_script(context, minter):
    graph = authority_graph(context.authority, context.gazetteer, minter, context.organisations)
    mao = {
        label.language: str(label)
        for label in graph.objects(minter.person("mao-zedong"), URIRef("http://www.w3.org/2004/02/skos/core#altLabel"))
    }
    assert mao.get("zh") and "毛" in mao["zh"]
