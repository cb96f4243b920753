from pathlib import Path

from rdflib import RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from cablegraph.ontology import CG, ontology_graph
from cablegraph.ontology.generate import NAMESPACE, local_terms, render_terms


def test_terms_py_is_generated_from_the_turtle():
    generated = render_terms(ontology_graph())
    on_disk = (Path(__file__).resolve().parent.parent / "ontology" / "terms.py").read_text(encoding="utf-8")
    assert generated == on_disk, "run `python -m cablegraph.ontology.generate`"


def test_every_term_has_english_and_russian_label_and_definition():
    graph: Graph = ontology_graph()
    for name in local_terms(graph):
        iri = URIRef(NAMESPACE + name)
        labels = {link.language for link in graph.objects(iri, RDFS.label)} | {
            link.language for link in graph.objects(iri, SKOS.prefLabel)
        }
        definitions = {d.language for d in graph.objects(iri, SKOS.definition)}
        assert {"en", "ru"} <= labels, name
        assert {"en", "ru"} <= definitions, name


def test_code_uses_only_declared_terms():
    assert str(CG.Telegram) == NAMESPACE + "Telegram"
    try:
        CG.NoSuchTerm  # noqa: B018
    except AttributeError:
        pass
    else:
        raise AssertionError("CG must fail on undeclared terms")


def test_every_local_term_in_the_data_is_declared(sample_store):
    declared = {URIRef(NAMESPACE + name) for name in local_terms(ontology_graph())}
    used = set()
    for row in sample_store.select("SELECT DISTINCT ?p WHERE { ?s ?p ?o }"):
        used.add(URIRef(row["p"]))
    for row in sample_store.select("SELECT DISTINCT ?o WHERE { ?s ?p ?o FILTER(isIRI(?o)) }"):
        used.add(URIRef(row["o"]))
    local = {term for term in used if str(term).startswith(NAMESPACE)}
    assert local and local <= declared, sorted(local - declared)
