import csv
import io

import pytest

COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
TELEGRAMS = "PREFIX cg: <https://w3id.org/cablegraph/ns#> SELECT ?t WHERE { ?t a cg:Telegram } ORDER BY ?t"


def test_get_count_is_not_zero(client):
    response = client.get("/sparql", params={"query": COUNT_ALL})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) > 1000


def test_sparql_returns_the_five_telegrams(client):
    response = client.post("/sparql", content=TELEGRAMS, headers={"Content-Type": "application/sparql-query"})
    iris = [b["t"]["value"] for b in response.json()["results"]["bindings"]]
    assert iris == [
        f"http://127.0.0.1:8000/id/telegram/{name}"
        for name in (
            "000_fb5d5a73bc23db73",
            "001_86e2695bae78fc10",
            "002_8407d3f3e1911c0a",
            "003_1913699800420464",
            "004_2d287dbd93c7e576",
        )
    ]


def test_post_form(client):
    response = client.post("/sparql", data={"query": "ASK { ?s ?p ?o }"})
    assert response.status_code == 200 and response.json() == {"head": {}, "boolean": True}


def test_stalin_to_mao_whatever_the_name(client):
    query = """
    PREFIX schema: <https://schema.org/> PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT ?date WHERE {
      ?t schema:sender <http://127.0.0.1:8000/id/person/stalin> ;
         schema:recipient <http://127.0.0.1:8000/id/person/mao-zedong> ; dcterms:date ?date }
    ORDER BY ?date"""
    response = client.get("/sparql", params={"query": query})
    dates = [b["date"]["value"] for b in response.json()["results"]["bindings"]]
    # 004 went to the Soviet ambassador "for Zhou Enlai or Mao Zedong": Mao is a recipient there too
    assert dates == ["1950-07-13", "1950-10-01", "1951-07-03", "1951-09-12"]


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("*/*", "application/sparql-results+json"),
        ("text/*, text/csv;q=0", "text/tab-separated-values"),
    ],
)
def test_select_formats(client, accept, media):
    response = client.get("/sparql", params={"query": TELEGRAMS}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)


def test_csv_rows(client):
    response = client.get("/sparql", params={"query": TELEGRAMS}, headers={"Accept": "text/csv"})
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["t"] and len(rows) == 6


def test_construct_as_turtle(client):
    query = "PREFIX cg: <https://w3id.org/cablegraph/ns#> CONSTRUCT { ?t a cg:Telegram } WHERE { ?t a cg:Telegram }"
    response = client.get("/sparql", params={"query": query}, headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    assert "001_86e2695bae78fc10" in response.text


def test_unacceptable_format_is_406(client):
    response = client.get("/sparql", params={"query": TELEGRAMS}, headers={"Accept": "application/foo"})
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/problem+json"


def test_syntax_error_is_400_with_position(client):
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400
    body = response.json()
    assert body["line"] == 1 and body["column"] > 0


def test_service_is_refused(client):
    response = client.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"})
    assert response.status_code == 400 and "SERVICE" in response.json()["detail"]


def test_updates_are_refused_and_nothing_changes(client):
    before = client.get("/sparql", params={"query": COUNT_ALL}).json()
    assert (
        client.post("/sparql", content="DROP ALL", headers={"Content-Type": "application/sparql-update"}).status_code
        == 405
    )
    assert client.post("/sparql", data={"update": 'INSERT DATA { <a:b> <a:c> "x" }'}).status_code == 405
    assert client.put("/sparql", content="x").status_code == 405
    assert client.get("/sparql", params={"query": COUNT_ALL}).json() == before


def test_protocol_errors(client):
    assert client.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D").status_code == 400
    assert client.post("/sparql", content="ASK {}", headers={"Content-Type": "text/plain"}).status_code == 415
    assert (
        client.post(
            "/sparql", content="ASK {}", headers={"Content-Type": "application/sparql-query; charset=UTF-16"}
        ).status_code
        == 415
    )


def test_service_description_without_query(client):
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert "UnionDefaultGraph" in response.text


def test_default_graph_uri_restricts_the_dataset(client):
    graph = "http://127.0.0.1:8000/graph/telegram/002_8407d3f3e1911c0a"
    response = client.get("/sparql", params={"query": TELEGRAMS, "default-graph-uri": graph})
    assert [b["t"]["value"] for b in response.json()["results"]["bindings"]] == [
        "http://127.0.0.1:8000/id/telegram/002_8407d3f3e1911c0a"
    ]


def test_text_match_answers_from_the_full_text_index(client):
    query = """PREFIX cg: <https://w3id.org/cablegraph/ns#> PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT ?date WHERE { ?t cg:textMatch "Мао Цзэдуну" ; dcterms:date ?date . FILTER(STR(?date) < "1951") } ORDER BY ?date"""
    rows = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}).json()[
        "results"
    ]["bindings"]
    assert [row["date"]["value"] for row in rows] == ["1950-07-13", "1950-10-01", "1950-10-03"]
    spelled = query.replace("Мао Цзэдуну", "Mao Tse-tung")
    assert (
        client.get("/sparql", params={"query": spelled}, headers={"Accept": "application/sparql-results+json"}).json()[
            "results"
        ]["bindings"]
        == rows
    )
    other_prefix = query.replace("PREFIX cg:", "PREFIX cgns:").replace("?t cg:textMatch", "?t cgns:textMatch")
    assert (
        client.get(
            "/sparql", params={"query": other_prefix}, headers={"Accept": "application/sparql-results+json"}
        ).json()["results"]["bindings"]
        == rows
    )


def test_text_match_with_a_variable_for_its_words_is_a_problem_not_an_empty_answer(client):
    query = "PREFIX cg: <https://w3id.org/cablegraph/ns#> SELECT ?t WHERE { ?t cg:textMatch ?words }"
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "string as its object" in response.json()["detail"]
