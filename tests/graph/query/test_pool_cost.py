"""Issue 16, fair load: the cost a query is guessed at before it runs (graph/sparql/cost.py)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegraph.graph.sparql.cost import Cost, CostBook, estimate, shape

P = "PREFIX cg: <https://w3id.org/cablegraph/ns#> PREFIX schema: <https://schema.org/> PREFIX dcterms: <http://purl.org/dc/terms/>\n"
T = "<http://127.0.0.1:8000/id/telegram/tg1>"


@pytest.mark.parametrize(
    "query",
    [
        "ASK {}",
        "SELECT WHERE {",  # unreadable: the engine says so at once
        f"SELECT ?p ?o WHERE {{ {T} ?p ?o }}",  # the one-telegram lookup
        f"DESCRIBE {T}",
        P + f"SELECT ?o WHERE {{ {T} schema:sender ?s . ?s schema:name ?o }}",
        P + f"SELECT ?t WHERE {{ ?t dcterms:references {T} . ?t a cg:Telegram }}",  # pinned by its object
        P
        + f"SELECT * WHERE {{ {T} schema:sender ?s OPTIONAL {{ ?s schema:name ?n }} }}",  # the OPTIONAL hangs off a pinned part
        P
        + f"SELECT ?k ?o WHERE {{ {{ {T} dcterms:references ?o BIND(1 AS ?k) }} UNION {{ ?o dcterms:references {T} }} }}",
        P + 'SELECT ?t WHERE { ?t schema:name "Stalin"@en ; dcterms:date ?d }',
        P + f"CONSTRUCT {{ ?s ?p ?o . ?a ?b ?c }} WHERE {{ {T} ?p ?o BIND({T} AS ?s) }}",  # a template matches nothing
    ],
)
def test_lookups_are_short(query):
    assert estimate(query) is Cost.SHORT


@pytest.mark.parametrize(
    "query",
    [
        "ASK { ?s ?p ?o }",  # one scan of the store
        P + "SELECT ?s (COUNT(?t) AS ?n) WHERE { ?t schema:sender ?s } GROUP BY ?s",
        P + f"SELECT ?t ?d WHERE {{ ?t schema:sender {T} ; dcterms:date ?d }} ORDER BY ?d",
        P + f"SELECT ?t WHERE {{ {T} (dcterms:references|^dcterms:references)+ ?t }}",  # a path closure
        P + 'SELECT ?v WHERE { ?v schema:text ?x FILTER(CONTAINS(LCASE(?x), "andong")) }',
        P + "SELECT ?t WHERE { ?t a cg:Telegram }",  # a class pins nothing
        P + "SELECT * WHERE { { ?a a cg:Telegram } UNION { ?b a cg:Person } }",  # a union, not a product
        P + f"SELECT * WHERE {{ {{ SELECT ?t WHERE {{ ?t dcterms:references {T} }} }} }}",  # a subquery
    ],
)
def test_scans_sorts_and_groups_are_long(query):
    assert estimate(query) is Cost.LONG


@pytest.mark.parametrize(
    "query",
    [
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",  # the load test's hostile query
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i",
        "SELECT * WHERE { ?a ?b ?c . ?c ?e ?f }",  # two scans joined: as bad
        P + "SELECT * WHERE { ?a a cg:Telegram . ?b a cg:Telegram }",  # two parts sharing nothing
        P + "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } GRAPH ?h { ?x ?y ?z } }",
        "select * where { _:a ?p ?o . ?s ?q _:b }",  # blank nodes are variables
    ],
)
def test_cross_products_are_heavy(query):
    assert estimate(query) is Cost.HEAVY


def test_the_shape_reads_patterns_with_their_abbreviations():
    found = shape(
        P
        + f'SELECT * WHERE {{ ?t a cg:Telegram ; schema:sender ?s, {T} ; dcterms:title "x"^^<urn:t> . FILTER(?s != ?t) }}'
    )
    assert len(found.patterns) == 4
    assert [p.pinned for p in found.patterns] == [False, False, True, True]
    assert found.pinned() and not found.cross_product() and not found.costly


def test_the_book_keeps_the_fastest_run_and_forgets_the_oldest_text():
    book = CostBook(size=2)
    assert book.seconds("q1") is None
    book.record("q1", 0.2)
    book.record("q1", 0.004)
    book.record("q1", 0.3)  # a busy moment: the query itself did not get slower
    assert book.seconds("q1") == 0.004
    assert book.cost("q1", short_s=0.05, light_s=1.0) is Cost.SHORT
    book.record("q2", 0.5)
    assert book.cost("q2", short_s=0.05, light_s=1.0) is Cost.LONG
    book.record("q3", 12.0)
    assert book.cost("q3", short_s=0.05, light_s=1.0) is Cost.HEAVY
    assert book.seconds("q1") is None  # the least recently used of three, with room for two
    assert book.cost("ASK { ?a ?b ?c . ?d ?e ?f }", 0.05, 1.0) is Cost.HEAVY  # unknown: from its shape


_pieces = st.sampled_from(
    [
        "{",
        "}",
        "(",
        ")",
        "[",
        "]",
        ".",
        ";",
        ",",
        "?a",
        "?b",
        "_:x",
        "<urn:x>",
        "cg:p",
        "a",
        '"s"',
        "@en",
        "^^",
        "FILTER",
        "OPTIONAL",
        "UNION",
        "VALUES",
        "SELECT",
        "CONSTRUCT",
        "WHERE",
        "+",
        "*",
        "|",
        "/",
        "^",
        "!",
        "1",
        "# c\n",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_pieces, max_size=60), st.text(max_size=40))
def test_any_text_gets_a_cost_and_the_reading_ends(pieces, noise):
    """Whatever the text (the guard has let it through, or not yet looked), the guess ends and
    names a cost: it never raises and never loops."""
    assert estimate(" ".join(pieces) + noise) in Cost


def test_a_query_too_long_to_read_cheaply_is_long():
    from cablegraph.graph.sparql.cost import MAX_TOKENS

    many = "SELECT * WHERE { " + " . ".join(f"?s{i} ?p{i} ?o{i}" for i in range(MAX_TOKENS)) + " }"
    assert shape(many) is None and estimate(many) is Cost.LONG  # the pool still stops it past light_s
    assert estimate("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } #" + "x" * 60_000) is Cost.HEAVY  # a comment is one token
