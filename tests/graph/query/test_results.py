"""Our SPARQL results writers (they cap rows, so the engine's own cannot be used) say what the engine's say."""

import csv
import io
import json

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegraph.graph.query import results

_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
_TERMS = st.one_of(
    st.builds(lambda s: ox.NamedNode("http://example.org/" + "".join(c for c in s if c.isalnum())), _TEXT),
    st.builds(ox.Literal, _TEXT),
    st.builds(lambda s, lang: ox.Literal(s, language=lang), _TEXT, st.sampled_from(["en", "ru", "zh-Hans"])),
    st.builds(
        lambda s, dt: ox.Literal(s, datatype=ox.NamedNode(dt)),
        _TEXT,
        st.sampled_from(["http://www.w3.org/2001/XMLSchema#date", "http://example.org/type#ü"]),
    ),
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
    store = _store_with(
        [ox.Literal('Мао "Цзэдун"\n\t\\'), ox.Literal("x", language="ru"), ox.NamedNode("http://example.org/a")]
    )
    solutions = results.collect(store.query("SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?s"), 2)
    body = results.to_json(solutions)
    assert solutions.truncated and "Мао".encode() in body  # not \\u-escaped
    assert json.loads(body) == {
        "head": {"vars": ["o"]},
        "results": {
            "bindings": [
                {"o": {"type": "literal", "value": 'Мао "Цзэдун"\n\t\\'}},
                {"o": {"type": "literal", "value": "x", "xml:lang": "ru"}},
            ]
        },
    }


# --- The cap applied by the engine (issue 21) ---------------------------------------------------

import pytest

from cablegraph.graph.query.execute import SOLUTION_MEDIA, QueryJob, execute
from cablegraph.graph.store.embedded import GraphStore

_MEDIA = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
# literals that hold each format's row boundary: JSON '},{"' and '},{}', CSV and TSV line breaks, XML tags
_AWKWARD = st.sampled_from(['},{"a', "},{}", "a\r\nb", "x\ny", '"q",\r\n"', "<result>", "&lt;", "\t", ""])


def _graph_store(objects) -> GraphStore:
    store = GraphStore.in_memory()
    for index, obj in enumerate(objects):
        store._store.add(
            ox.Quad(
                ox.NamedNode(f"http://example.org/s{index:03}"),
                ox.NamedNode("http://example.org/p"),
                obj,
                ox.NamedNode("http://example.org/g"),
            )
        )
    return store


def _rows(body: bytes, fmt: ox.QueryResultsFormat) -> list[tuple]:
    if fmt == ox.QueryResultsFormat.CSV:  # lossy: the engine does not read it back
        import csv
        import io

        return [tuple(row) for row in csv.reader(io.StringIO(body.decode("utf-8"), newline=""))][1:]
    return [
        tuple(solution[v].value if solution[v] is not None else None for v in parsed.variables)
        for parsed in [ox.parse_query_results(body, format=fmt)]
        for solution in parsed
    ]


@settings(max_examples=120, deadline=None)
@given(
    st.lists(st.one_of(_TERMS, st.builds(ox.Literal, _AWKWARD)), max_size=9),
    st.integers(1, 10),
    st.sampled_from(sorted(_MEDIA)),
    st.sampled_from(["", "LIMIT 3", "LIMIT 50", "OFFSET 2", "LIMIT 4 OFFSET 1"]),
    st.booleans(),
)
def test_the_engines_capped_answer_is_the_first_rows_and_says_when_it_was_cut(
    objects, max_rows, media, modifiers, empty_rows
):
    """Whatever the literals hold, the answer has the rows a Python cut would keep, in order, and
    the truncation header exactly when rows were left out."""
    store = _graph_store(objects)
    fmt = _MEDIA[media]
    # ?none is never bound: with empty_rows the answer is rows without a binding at all
    project = "?none" if empty_rows else "?s ?o ?none"
    query = (
        f"SELECT {project} WHERE {{ ?s ?p ?o OPTIONAL {{ ?s <http://example.org/x> ?none }} }} ORDER BY ?s {modifiers}"
    )
    answer = execute(store, QueryJob(query, media, "text/turtle", max_rows=max_rows))
    everything = _rows(store.query(query).serialize(format=fmt), fmt)
    assert _rows(answer.body, fmt) == everything[:max_rows]
    assert answer.headers.get("X-SPARQL-MaxRows") == (str(max_rows) if len(everything) > max_rows else None)
    assert answer.media_type == media


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o }\nLIMIT 11\n"),
        (
            "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s OFFSET 5",
            "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s OFFSET 5\nLIMIT 11\n",
        ),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 500 OFFSET 2", "SELECT * WHERE { ?s ?p ?o } LIMIT 11 OFFSET 2"),
        ("SELECT * WHERE { ?s ?p ?o } limit 10", "SELECT * WHERE { ?s ?p ?o } limit 10"),  # within the cap: as written
        (
            "SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 500 } }",
            "SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 500 } }\nLIMIT 11\n",
        ),
        ("SELECT * WHERE { ?s ?p ?o } # LIMIT 3", "SELECT * WHERE { ?s ?p ?o } # LIMIT 3\nLIMIT 11\n"),
        ('SELECT * WHERE { ?s ?p "LIMIT 3 }" }', 'SELECT * WHERE { ?s ?p "LIMIT 3 }" }\nLIMIT 11\n'),
        (
            "SELECT * WHERE { ?s ?p ?o } VALUES ?s { <urn:a> }",
            "SELECT * WHERE { ?s ?p ?o } \nLIMIT 11\nVALUES ?s { <urn:a> }",
        ),
        (
            "SELECT * WHERE { VALUES ?s { <urn:a> } ?s ?p ?o }",
            "SELECT * WHERE { VALUES ?s { <urn:a> } ?s ?p ?o }\nLIMIT 11\n",
        ),
        (
            "PREFIX limit: <urn:x#> SELECT * WHERE { ?s limit:LIMIT ?limit }",
            "PREFIX limit: <urn:x#> SELECT * WHERE { ?s limit:LIMIT ?limit }\nLIMIT 11\n",
        ),
        ("ASK { ?s ?p ?o }", None),
        ("CONSTRUCT WHERE { ?s ?p ?o }", None),
        (
            "SELECT * WHERE { ?s ?p ?o } L\\u0049MIT 500",
            None,
        ),  # the engine expands escapes: not rewritten, cut in Python
    ],
)
def test_the_cap_is_a_top_level_limit_one_past_max_rows(query, expected):
    assert results.capped_query(query, 10) == expected


def test_a_query_with_escapes_is_cut_in_python():
    store = _graph_store([ox.Literal(str(n)) for n in range(30)])
    query = 'SELECT ?o WHERE { ?s ?p ?o FILTER(?o != "\\u0041") } ORDER BY ?s'
    answer = execute(store, QueryJob(query, "text/csv", "text/turtle", max_rows=10))
    assert answer.body.decode().split("\r\n")[:3] == ["o", "0", "1"]
    assert answer.body.count(b"\r\n") == 11 and answer.headers == {"X-SPARQL-MaxRows": "10"}


def test_a_syntax_error_is_reported_where_the_query_has_it():
    store = _graph_store([])
    with pytest.raises(Exception) as failed:
        execute(
            store, QueryJob("SELECT * WHERE { ?s ?p }", "application/sparql-results+json", "text/turtle", max_rows=10)
        )
    assert failed.value.kind == "syntax" and failed.value.line == 1


def test_every_solution_media_type_has_a_cap_reader():
    assert set(SOLUTION_MEDIA.values()) == set(_MEDIA.values())


@pytest.mark.parametrize("media", sorted(_MEDIA))
@pytest.mark.parametrize("max_rows", [1, 2, 3])
def test_literals_holding_row_boundaries_do_not_move_the_cut(media, max_rows):
    store = _graph_store([ox.Literal("},{}\r\n},{}"), ox.Literal('a\r\n"b"\r\n'), ox.Literal("<result>")])
    query = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?s"
    answer = execute(store, QueryJob(query, media, "text/turtle", max_rows=max_rows))
    rows = _rows(answer.body, _MEDIA[media])
    assert [row[0] for row in rows] == ["},{}\r\n},{}", 'a\r\n"b"\r\n', "<result>"][:max_rows]
    assert len(rows) == max_rows
    assert ("X-SPARQL-MaxRows" in answer.headers) == (max_rows < 3)


def test_a_quoted_triple_is_written_in_xml_and_csv():
    """RDF-star: the Python writers used to fail on a quoted triple (it has no `.value`)."""
    quoted = ox.Triple(
        ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), ox.Literal("o", language="en")
    )
    solutions = results.Solutions(["t"], [[quoted]], truncated=False)
    xml = results.to_xml(solutions).decode("utf-8")
    assert (
        '<binding name="t"><triple><subject><uri>http://example.org/s</uri></subject>'
        "<predicate><uri>http://example.org/p</uri></predicate>"
        '<object><literal xml:lang="en">o</literal></object></triple></binding>'
    ) in xml
    rows = list(csv.reader(io.StringIO(results.to_csv(solutions).decode("utf-8"))))
    assert rows == [["t"], ['<http://example.org/s> <http://example.org/p> "o"@en']]
