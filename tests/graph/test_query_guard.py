import pytest

from cablegraph.graph.errors import QueryError
from cablegraph.graph.query_guard import QueryLimits, check_query

CANARY = "http://127.0.0.1:9/x"


@pytest.mark.parametrize(
    "query",
    [
        f"SELECT * WHERE {{ SERVICE <{CANARY}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{CANARY}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service <{CANARY}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?e {{ <{CANARY}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{CANARY}> {{ ?s ?p ?o }} }} }} }}",
        f"ASK {{ FILTER EXISTS {{ SERVICE <{CANARY}> {{ ?s ?p ?o }} }} }}",
        f"PREFIX ex: <http://e/> SELECT * WHERE {{ ?s ex:p ?o . SeRvIcE <{CANARY}> {{ ?s ?p ?o }} }}",
    ],
)
def test_service_is_refused_in_every_spelling(query):
    with pytest.raises(QueryError) as raised:
        check_query(query)
    assert raised.value.kind == "refused"
    assert "SERVICE" in str(raised.value)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * WHERE { ?s ?p "SERVICE <http://x/>" } # SERVICE',
        "SELECT ?service WHERE { ?service ?p ?o }",
        "PREFIX service: <http://e/> SELECT * WHERE { ?s service:p ?o }",
        "SELECT * WHERE { ?s <http://e/SERVICE> ?o }",
        "SELECT * WHERE { ?s ?p '''multi\nline SERVICE''' }",
    ],
)
def test_the_word_elsewhere_is_fine(query):
    assert check_query(query) == "SELECT"


def test_nesting_is_capped():
    deep = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    with pytest.raises(QueryError, match="nesting too deep"):
        check_query(deep, QueryLimits(max_nesting=100))


def test_length_is_capped():
    with pytest.raises(QueryError) as raised:
        check_query("SELECT * WHERE { ?s ?p ?o }" + " " * 200, QueryLimits(max_length=100))
    assert raised.value.kind == "too-large"


@pytest.mark.parametrize("update", ["DROP ALL", 'INSERT DATA { <a:b> <a:c> "x" }', "CLEAR DEFAULT", "LOAD <http://x/>"])
def test_updates_are_refused(update):
    with pytest.raises(QueryError) as raised:
        check_query(update)
    assert raised.value.kind == "update"


@pytest.mark.parametrize(("query", "form"), [("ASK {}", "ASK"), ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"), ("DESCRIBE <a:b>", "DESCRIBE")])
def test_query_form(query, form):
    assert check_query(query) == form
