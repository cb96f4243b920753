"""A store remembers the base its IRIs were minted with (its authority graph's IRI)."""

from cablegraph.extract import ExtractionContext
from cablegraph.graph.build.authority import authority_graph
from cablegraph.graph.store.build_base import minted_bases
from cablegraph.graph.store.embedded import GraphStore
from cablegraph.ontology import IriMinter
from tests.conftest import BASE


def test_the_sample_store_names_the_base_it_was_built_with(sample_store):
    assert minted_bases(sample_store) == [BASE]


def test_an_empty_store_names_none_and_a_mixed_one_names_each(context: ExtractionContext):
    store = GraphStore.in_memory()
    assert minted_bases(store) == []
    for base in ("https://example.org/cablegraph/", "http://localhost:9123/"):
        store.replace_graph(authority_graph(context.authority, context.gazetteer, IriMinter(base)))
    assert minted_bases(store) == ["http://localhost:9123/", "https://example.org/cablegraph/"]
