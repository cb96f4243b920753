import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegraph.graph.errors import QueryError
from cablegraph.graph.query_guard import QueryLimits, check_query, code_of

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


def _reference_code_of(query: str) -> str:
    """The guard's first lexer, a character at a time: slow and plain, so the fast one is checked against it."""
    from cablegraph.graph.query_guard import _IRI, _PNAME, _VARIABLE

    out, i, n = [], 0, len(query)
    while i < n:
        ch = query[i]
        if ch == "#":
            end = query.find("\n", i)
            end = n if end == -1 else end
        elif ch in "\"'":
            delimiter = ch * 3 if query.startswith(ch * 3, i) else ch
            end = i + len(delimiter)
            while end < n:
                if query[end] == "\\":
                    end += 2
                    continue
                if query.startswith(delimiter, end):
                    end += len(delimiter)
                    break
                if len(delimiter) == 1 and query[end] == "\n":
                    break
                end += 1
            end = min(end, n)
        elif ch == "<" and (match := _IRI.match(query, i)):
            end = match.end()
        else:
            out.append(ch)
            i += 1
            continue
        out.append(" " * (end - i))
        i = end
    code = _VARIABLE.sub(lambda m: " " * len(m.group()), "".join(out))
    return _PNAME.sub(lambda m: " " * len(m.group()) if ":" in m.group() else m.group(), code)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("\"'#<>\\\n {}()?$:ab.SERVICE")), max_size=60))
def test_the_lexer_blanks_what_a_plain_lexer_blanks(query):
    assert code_of(query) == _reference_code_of(query)
    assert len(code_of(query)) == len(query)


def test_a_long_hostile_query_is_lexed_in_linear_time():
    import time

    for hostile in ('"' + "\\" * 60_000, '"""' + '\\"' * 30_000, "'" + "a\\" * 30_000, "<" * 60_000, "#" * 60_000):
        started = time.perf_counter()
        assert len(code_of(hostile)) == len(hostile)
        assert time.perf_counter() - started < 1.0, hostile[:10]


_REFERENCE_KEYWORD = re.compile(
    r"(?<![\w:?$])(SELECT|CONSTRUCT|DESCRIBE|ASK|SERVICE|INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)(?![\w:])", re.IGNORECASE
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["SELECT", "select", "Service", "DROP", "ask", "x", "_", "1", ":", "?", "$", " ", "{", "é", "-", "with"]), max_size=12))
def test_keywords_are_found_where_a_look_around_regex_finds_them(parts):
    from cablegraph.graph.query_guard import _keywords

    code = "".join(parts)
    expected = [m.group(1).upper() for m in _REFERENCE_KEYWORD.finditer(code)]
    assert _keywords(code) == expected
