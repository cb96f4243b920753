import gzip
import re
import xml.etree.ElementTree as ElementTree

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


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/rdf+xml", "xml")])
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
    evidence = re.search(r"<(http://127\.0\.0\.1:8000/id/telegram/001_86e2695bae78fc10/evidence/[0-9a-f]+)>", turtle).group(1)
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
    locations = [e.text for e in ElementTree.fromstring(client.get("/" + sitemap.split("/", 3)[3]).content).iter() if e.tag.endswith("loc")]
    telegrams = [loc for loc in locations if "/id/telegram/" in loc]
    assert len(telegrams) == 5
    for location in telegrams:
        response = client.get("/" + location.split("/", 3)[3], headers={"Accept": "text/turtle"})
        graph = Graph().parse(data=response.text, format="turtle")
        assert (URIRef(location), RDF.type, CG.Telegram) in graph


def test_ontology_dereferences(client):
    graph = Graph().parse(data=client.get("/ns", headers={"Accept": "text/turtle"}).text, format="turtle")
    assert (CG.Telegram, None, None) in graph
    assert "Sitemap:" in client.get("/robots.txt").text
