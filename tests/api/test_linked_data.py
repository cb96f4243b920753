import gzip
import re
from xml.etree import ElementTree

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from cablegraph.ontology import CG, VOID

TELEGRAM = "http://127.0.0.1:8000/id/telegram/001_86e2695bae78fc10"


def test_id_redirects_with_303_and_vary(client):
    response = client.get("/id/person/stalin", headers={"Accept": "application/ld+json"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/doc/person/stalin"
    assert "Accept" in response.headers["vary"]
    assert 'rel="alternate"; type="text/turtle"' in response.headers["link"]


def test_unknown_iri_is_404(client):
    response = client.get("/id/person/nobody-at-all", follow_redirects=False)
    assert response.status_code == 404 and response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("accept", "fmt"), [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/rdf+xml", "xml")]
)
def test_telegram_description_parses_in_each_format(client, accept, fmt):
    response = client.get("/id/telegram/001_86e2695bae78fc10", headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    graph = Graph().parse(data=response.text, format=fmt)
    assert (URIRef(TELEGRAM), RDF.type, CG.Telegram) in graph
    assert len(graph) > 300  # the whole named graph: versions, statements, evidence


def test_jsonld_uses_our_context_and_matches_turtle(client):
    turtle = Graph().parse(data=client.get("/doc/person/stalin.ttl").text, format="turtle")
    response = client.get("/doc/person/stalin", headers={"Accept": "application/ld+json"})
    assert isinstance(response.json()["@context"], dict)  # inline: nothing to fetch
    jsonld = Graph().parse(data=response.text, format="json-ld")
    assert set(jsonld) == set(turtle)


def test_html_for_browsers_and_evidence_parts(client):
    page = client.get("/id/person/stalin", headers={"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Joseph Stalin" in page.text
    turtle = client.get("/doc/telegram/001_86e2695bae78fc10.ttl").text
    evidence = re.search(
        r"<(http://127\.0\.0\.1:8000/id/telegram/001_86e2695bae78fc10/evidence/[0-9a-f]+)>", turtle
    ).group(1)
    path = evidence.split("/id/", 1)[1]
    graph = Graph().parse(data=client.get(f"/doc/{path}.ttl").text, format="turtle")
    assert any("TextQuoteSelector" in str(o) for o in graph.objects())


def test_etag_and_not_modified(client):
    first = client.get("/doc/person/stalin.ttl")
    assert client.get("/doc/person/stalin.ttl", headers={"If-None-Match": first.headers["etag"]}).status_code == 304


def test_void_dump_and_a_harvester_crawl(client):
    void = Graph().parse(data=client.get("/.well-known/void").text, format="turtle")
    dataset = next(void.subjects(RDF.type, VOID.Dataset))
    assert int(void.value(dataset, VOID.triples)) > 1000
    dump_url = str(void.value(dataset, VOID.dataDump))
    dump = client.get("/" + dump_url.split("/", 3)[3])
    assert gzip.decompress(dump.content).count(b"\n") == int(void.value(dataset, VOID.triples))
    sitemap = str(next(void.objects(dataset, URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso"))))
    locations = [
        e.text
        for e in ElementTree.fromstring(client.get("/" + sitemap.split("/", 3)[3]).content).iter()
        if e.tag.endswith("loc")
    ]
    telegrams = [loc for loc in locations if "/id/telegram/" in loc]
    assert len(telegrams) == 5
    for location in telegrams:  # this server's URLs, as reached; the RDF holds the IRIs as minted
        assert location.startswith("http://testserver/id/telegram/")
        response = client.get("/" + location.split("/", 3)[3], headers={"Accept": "text/turtle"})
        graph = Graph().parse(data=response.text, format="turtle")
        assert (URIRef("http://127.0.0.1:8000/" + location.split("/", 3)[3]), RDF.type, CG.Telegram) in graph


def test_ontology_dereferences(client):
    graph = Graph().parse(data=client.get("/ns", headers={"Accept": "text/turtle"}).text, format="turtle")
    assert (CG.Telegram, None, None) in graph
    assert "Sitemap:" in client.get("/robots.txt").text


def test_void_states_the_licence_of_our_data_apart_from_the_texts(client):
    from rdflib.namespace import DCTERMS

    void = Graph().parse(data=client.get("/.well-known/void").text, format="turtle")
    dataset = next(void.subjects(RDF.type, VOID.Dataset))
    assert str(void.value(dataset, DCTERMS.license)) == "https://creativecommons.org/licenses/by/4.0/"
    rights = str(void.value(dataset, DCTERMS.rights))
    assert "The data cablegraph writes" in rights and "CC BY 4.0" in rights
    assert "texts of the documents" in rights and "not covered by that licence" in rights and "copyright" in rights


def test_the_dump_is_typed_as_the_gzip_file_it_is(client):
    dump = client.get("/dumps/cablegraph.nq.gz")
    assert dump.headers["content-type"] == "application/gzip" and "content-encoding" not in dump.headers
    assert dump.content[:2] == b"\x1f\x8b" and b"<http://127.0.0.1:8000/" in gzip.decompress(dump.content)
    documented = client.get("/openapi.json").json()["paths"]["/dumps/cablegraph.nq.gz"]["get"]["responses"]["200"][
        "content"
    ]
    assert list(documented) == ["application/gzip"]


def test_raw_cyrillic_in_a_url_is_a_problem_with_a_body(sample_store_path):
    """A client that sends the IRI path unescaped (GET /id/person/Мао) gets a problem+json 400 that
    says what is wrong, from the real server's HTTP parser, not a bare 400."""
    import json
    import socket
    import threading
    import time

    import uvicorn

    from cablegraph.api.server import uvicorn_config
    from cablegraph.api.settings import Settings

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn_config(
        Settings(
            base_iri="http://127.0.0.1:8000/", store=sample_store_path, query_workers=0, host="127.0.0.1", port=port
        )
    )
    config.log_level = "warning"
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(600):
            if server.started:
                break
            time.sleep(0.1)
        for path in ("/id/person/Мао", "/api/telegrams?q=Мао"):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
                connection.sendall(
                    b"GET " + path.encode("utf-8") + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                )
                answer = b""
                while chunk := connection.recv(65536):
                    answer += chunk
            head, _, body = answer.partition(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 400") and b"content-type: application/problem+json" in head.lower(), (
                answer
            )
            problem = json.loads(body)
            assert problem["status"] == 400 and problem["title"] and problem["detail"]
            assert "percent-encoded" in problem["detail"] and "%D0%9C%D0%B0%D0%BE" in problem["detail"], problem
    finally:
        server.should_exit = True
        thread.join(10)
