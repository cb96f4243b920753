"""Records are read from an index of the graph's triples: the same records rdflib's Graph gives."""

import pytest
from rdflib import Literal, URIRef

from cablegraph.graph.views.records import RecordReader, _RecordBuilder
from cablegraph.graph.views.triple_index import TripleIndex


@pytest.fixture(scope="module")
def reader(sample_store, minter):
    return RecordReader(sample_store, minter)


def test_every_seed_record_is_the_one_an_rdflib_graph_gives(reader, sample_store, minter):
    ids = reader.doc_ids()
    assert len(ids) == 5
    for doc_id in ids:
        graph = sample_store.graph(str(minter.graph(doc_id)))
        by_rdflib = _RecordBuilder(graph, reader.authority, reader.links, minter, doc_id, True).build()
        by_index = reader.record(doc_id, with_text=True)
        assert by_index == by_rdflib
        assert by_index.senders and by_index.versions and any(v.text for v in by_index.versions)


def test_a_missing_telegram_has_no_record(reader):
    assert reader.record("no-such-telegram") is None


def test_the_index_answers_like_a_graph():
    a, b, p, q = URIRef("http://e/a"), URIRef("http://e/b"), URIRef("http://e/p"), URIRef("http://e/q")
    index = TripleIndex([(a, p, Literal("1")), (a, p, Literal("2")), (b, p, Literal("1")), (a, q, b)])
    assert len(index) == 4
    assert index.value(a, p) == Literal("1") and index.value(b, q) is None and index.value(None, p) is None
    assert list(index.objects(a, p)) == [Literal("1"), Literal("2")]
    assert list(index.subjects(p, Literal("1"))) == [a, b]
    assert (a, q, b) in index and (b, q, a) not in index


def test_a_reference_is_asked_one_way_and_counts_once(sample_store):
    rows = sample_store.select("""PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX cg: <https://w3id.org/cablegraph/ns#>
        SELECT ?ref ?target ?unseen WHERE { ?t dcterms:identifier "002_8407d3f3e1911c0a" ; dcterms:references ?ref .
          OPTIONAL { ?ref owl:sameAs ?target } OPTIONAL { ?ref cg:unseen ?unseen } }""")
    assert len(rows) == 1  # the described telegram only: no shortcut edge to the resolved one
    assert str(rows[0]["target"]).endswith("/id/telegram/001_86e2695bae78fc10") and "unseen" not in rows[0]
