"""Our SPARQL results writers (they cap rows, so the engine's own cannot be used) say what the engine's say."""

import json

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegraph.graph import results

_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
_TERMS = st.one_of(
    st.builds(lambda s: ox.NamedNode("http://example.org/" + "".join(c for c in s if c.isalnum())), _TEXT),
    st.builds(ox.Literal, _TEXT),
    st.builds(lambda s, lang: ox.Literal(s, language=lang), _TEXT, st.sampled_from(["en", "ru", "zh-Hans"])),
    st.builds(lambda s, dt: ox.Literal(s, datatype=ox.NamedNode(dt)), _TEXT,
              st.sampled_from(["http://www.w3.org/2001/XMLSchema#date", "http://example.org/type#ü"])),
)


def _store_with(objects) -> ox.Store:
    store = ox.Store()
    for index, obj in enumerate(objects):
        store.add(ox.Quad(ox.NamedNode(f"http://example.org/s{index}"), ox.NamedNode("http://example.org/p"), obj))
    return store


@settings(max_examples=150, deadline=None)
@given(st.lists(_TERMS, max_size=8))
def test_json_results_equal_the_engines(objects):
    store = _store_with(objects)
    query = "SELECT ?s ?o ?missing WHERE { ?s ?p ?o OPTIONAL { ?s <http://example.org/none> ?missing } } ORDER BY ?s"
    ours = json.loads(results.to_json(results.collect(store.query(query), 1000)))
    engine = json.loads(store.query(query).serialize(format=ox.QueryResultsFormat.JSON))
    assert ours == engine


def test_json_results_cap_rows_and_keep_text_as_written():
    store = _store_with([ox.Literal('Мао "Цзэдун"\n\t\\'), ox.Literal("x", language="ru"), ox.NamedNode("http://example.org/a")])
    solutions = results.collect(store.query("SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?s"), 2)
    body = results.to_json(solutions)
    assert solutions.truncated and "Мао".encode() in body  # not \\u-escaped
    assert json.loads(body) == {"head": {"vars": ["o"]}, "results": {"bindings": [
        {"o": {"type": "literal", "value": 'Мао "Цзэдун"\n\t\\'}}, {"o": {"type": "literal", "value": "x", "xml:lang": "ru"}}]}}
