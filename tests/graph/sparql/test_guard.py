import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegraph.graph.errors import QueryError
from cablegraph.graph.sparql.guard import QueryLimits, check_query, code_of

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


@pytest.mark.parametrize(
    ("query", "form"),
    [("ASK {}", "ASK"), ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"), ("DESCRIBE <a:b>", "DESCRIBE")],
)
def test_query_form(query, form):
    assert check_query(query) == form


def _rdflib_finds_service(query: str) -> bool | None:
    """The oracle: rdflib's SPARQL parser (which expands codepoint escapes, §19.2) and its algebra.
    None when rdflib cannot parse the query."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        algebra = translateQuery(parseQuery(query)).algebra
    except Exception:
        return None

    def walk(node) -> bool:
        if isinstance(node, CompValue):
            return node.name == "ServiceGraphPattern" or any(walk(value) for value in node.values())
        if isinstance(node, (list, tuple)):
            return any(walk(value) for value in node)
        return False

    return walk(algebra)


def _refused(query: str) -> bool:
    try:
        check_query(query)
    except QueryError:
        return True
    return False


# Pieces a hostile client glues together: every way to end a comment, every quote form with escapes,
# IRIs that look like comparisons, numbers and keywords glued to SERVICE, codepoint escapes.
_PIECES = [
    " ",
    "\n",
    "\r",
    "\t",
    "# c",
    "#",
    ".",
    ";",
    "?s ?p ?o",
    "?x ?y 1",
    "?x ?y 1.5e3",
    "?x ?y true",
    "?x a ?t",
    "SERVICE",
    "service",
    "SeRvIcE",
    "\\u0053ERVICE",
    "\\u0053",
    "ERVICE",
    "SILENT",
    "1SERVICE",
    "trueSERVICE",
    f"<{CANARY}>",
    "<http://e/SERVICE>",
    "{ ?a ?b ?c }",
    "{",
    "}",
    "(",
    ")",
    '"',
    "'",
    '"""',
    "'''",
    '"SERVICE <x:y> { }"',
    "'a\\'b'",
    '"\\u0022"',
    '"é SERVICE"',
    "FILTER(?x<1)",
    "FILTER(?c<(1)&&?c>?c)",
    "?c<1)SERVICE?u#>",
    "ex:p",
    "ex:SERVICE",
    "_:b",
    "@en",
    "$v",
]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=10))
def test_the_guard_refuses_every_query_in_which_rdflib_finds_service(pieces):
    query = "PREFIX ex: <http://e/> SELECT * WHERE { " + " ".join(pieces) + " }"
    if _rdflib_finds_service(query):
        assert _refused(query), query


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([p for p in _PIECES if "ERVICE" not in p.upper() and "0053" not in p]), max_size=10))
def test_without_the_word_nothing_is_refused_as_service(pieces):
    query = "PREFIX ex: <http://e/> SELECT * WHERE { " + " ".join(pieces) + " }"
    try:
        check_query(query)
    except QueryError as refused:
        assert "SERVICE" not in str(refused)


@pytest.mark.parametrize(
    "query",
    [
        # The two reproductions of issue 16: a comment ended by CR, a keyword glued to a number.
        f"SELECT ?x WHERE {{ # c\rSERVICE <{CANARY}> {{ ?x ?y ?z }} }}",
        f"SELECT ?x WHERE {{ ?s ?p 1SERVICE<{CANARY}>{{ ?x ?y ?z }} }} LIMIT 1",
        f"SELECT ?x WHERE {{ ?s ?p 1.5e3SERVICE<{CANARY}>{{ ?x ?y ?z }} }}",
        f"SELECT ?x WHERE {{ ?s ?p trueSERVICE<{CANARY}>{{ ?x ?y ?z }} }}",
        # Codepoint escapes, expanded before parsing (§19.2): in a keyword, and closing a string early.
        f"SELECT ?x WHERE {{ ?s ?p ?o . \\u0053ERVICE <{CANARY}> {{ ?x ?y ?z }} }}",
        f'SELECT ?x WHERE {{ ?s ?p "\\u0022 . }} SERVICE <{CANARY}> {{ ?x ?y ?z }} #" }}',
        f"SELECT ?x WHERE {{ # \\u000D SERVICE <{CANARY}> {{ ?x ?y ?z }} }}",
        # "<" read as an operator: the IRI-looking token hides SERVICE and a comment hides its ">".
        "SELECT ?x WHERE { ?s ?p ?c FILTER(?c<1)SERVICE?u#>\n{ ?x ?y ?z } }",
        # A string broken by CR ends there for the parser.
        f"SELECT ?x WHERE {{ ?s ?p 'a\rSERVICE <{CANARY}> {{ ?x ?y ?z }} }}",
    ],
)
def test_grammar_readings_that_bypassed_the_old_guard_are_refused(query):
    with pytest.raises(QueryError, match="SERVICE"):
        check_query(query)
    if (oracle := _rdflib_finds_service(query)) is not None and "\r" not in query and "#>" not in query:
        assert oracle, query  # where rdflib parses it, rdflib agrees there is a SERVICE


@pytest.mark.parametrize("depth", [101, 500, 5000])
@pytest.mark.parametrize(
    "shape",
    [
        "FILTER({open}1{close})",
        "FILTER(?c<{open}1{close}&&?c>?c)",  # brackets inside what a lexer may take for an IRI
        "FILTER({bangs}true)",  # unary operators nest in the parser like brackets
        "FILTER(1{minus}1)",
    ],
)
def test_nesting_is_measured_however_it_is_written(depth, shape):
    query = (
        "SELECT * WHERE { ?c ?p ?o "
        + shape.format(open="(" * depth, close=")" * depth, bangs="!" * depth, minus="-" * depth)
        + " }"
    )
    with pytest.raises(QueryError, match="nesting too deep"):
        check_query(query, QueryLimits(max_nesting=100))


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=12), st.sampled_from(["(", "{ ", "[ :p "]))
def test_the_guard_measures_the_parsed_depth(depth, opener):
    if opener == "(":
        query = "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * depth + "1" + ")" * depth + ") }"
    elif opener == "{ ":
        query = "SELECT * WHERE " + "{ " * depth + "?s ?p ?o" + " }" * depth
    else:
        query = "PREFIX : <http://e/> SELECT * WHERE { ?s :p " + "[ :p " * depth + "1" + " ]" * depth + " }"
    assert _rdflib_finds_service(query) is False  # the query is valid (rdflib's own recursion stops deeper ones)
    with pytest.raises(QueryError, match="nesting too deep"):
        check_query(query, QueryLimits(max_nesting=depth - 1 if depth > 1 else 0))
    check_query(query, QueryLimits(max_nesting=depth + 2))


def test_a_long_hostile_query_is_lexed_in_linear_time():
    import time

    for hostile in ('"' + "\\" * 60_000, '"""' + '\\"' * 30_000, "'" + "a\\" * 30_000, "<" * 60_000, "#" * 60_000):
        started = time.perf_counter()
        assert len(code_of(hostile)) == len(hostile)
        assert time.perf_counter() - started < 1.0, hostile[:10]
