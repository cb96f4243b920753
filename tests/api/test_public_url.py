"""Links follow the server, IRIs follow the build (issue 20, item 3).

The sample store is built with http://127.0.0.1:8000/ (tests/conftest.py) and served here at
another address: every link the server writes about itself uses that address (or the public URL),
the RDF keeps the minted IRIs, and the server warns once that those IRIs will not dereference here.
"""

from __future__ import annotations

import gzip
import logging
import re
from urllib.parse import urljoin
from xml.etree import ElementTree

import pytest
from fastapi.testclient import TestClient
from lxml import html
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from cablegraph.api.app import create_app
from cablegraph.api.links import origin_warning, same_base
from cablegraph.api.server import unencoded_url_detail
from cablegraph.api.settings import Settings
from cablegraph.ontology import CG, VOID
from tests.conftest import BASE

ORIGIN = "http://localhost:9123"
PUBLIC = "https://example.org/cablegraph/"
SD = "http://www.w3.org/ns/sparql-service-description#"


def _client(sample_store_path, base_url: str = ORIGIN, root_path: str = "", **settings) -> TestClient:
    app = create_app(Settings(store=sample_store_path, query_workers=0, **{"base_iri": BASE, **settings}))
    return TestClient(app, base_url=base_url, root_path=root_path)


@pytest.fixture(scope="module")
def elsewhere(sample_store_path):
    """The sample store served at http://localhost:9123."""
    with _client(sample_store_path) as client:
        yield client


@pytest.fixture(scope="module")
def published(sample_store_path):
    """The same, behind a proxy that publishes it at https://example.org/cablegraph/."""
    with _client(sample_store_path, public_url=PUBLIC) as client:
        yield client


def _void(client: TestClient) -> tuple[Graph, URIRef]:
    void = Graph().parse(data=client.get("/.well-known/void", headers={"Accept": "text/turtle"}).text, format="turtle")
    return void, next(void.subjects(RDF.type, VOID.Dataset))


def _server_links(client: TestClient) -> dict[str, list[str]]:
    """Every link the server writes about itself, absolute, by where it was found."""
    void, dataset = _void(client)
    sd = Graph().parse(data=client.get("/sparql", headers={"Accept": "text/turtle"}).text, format="turtle")
    first = client.get("/api/telegrams", params={"limit": 2})
    second = client.get("/api/telegrams", params={"limit": 2, "offset": 2})
    manifest = client.get("/reconcile").json()
    sitemap = ElementTree.fromstring(client.get("/sitemap.xml").content)
    redirect = client.get("/id/person/stalin", follow_redirects=False)
    page = client.get("/telegrams", params={"limit": 2})
    tree = html.fromstring(page.text)
    return {
        "void": [
            str(void.value(dataset, VOID.sparqlEndpoint)),
            str(void.value(dataset, VOID.dataDump)),
            str(void.value(dataset, RDFS.seeAlso)),
        ],
        "service description": [str(o) for o in sd.objects(None, URIRef(SD + "endpoint"))],
        "api": [
            first.json()["next"],
            second.json()["prev"],
            second.json()["next"],
            first.json()["items"][0]["record"],
            *re.findall(r"<([^>]+)>", first.headers["link"] + second.headers["link"]),
        ],
        "manifest": [
            manifest["view"]["url"],
            manifest["preview"]["url"],
            manifest["suggest"]["entity"]["service_url"] + "/",
        ],
        "sitemap": [e.text for e in sitemap.iter() if e.tag.endswith("loc")],
        "robots": re.findall(r"Sitemap: (\S+)", client.get("/robots.txt").text),
        "303": [
            urljoin(str(redirect.url), redirect.headers["location"]),
            *re.findall(r"<([^>]+)>", redirect.headers["link"]),
        ],
        "page": [
            urljoin(str(page.url), href)
            for href in tree.xpath("//a/@href | //link/@href | //script/@src | //form/@action")
            if not href.startswith(("#", "http://127.0.0.1:8000/"))
        ],
    }


def test_every_link_about_the_server_uses_the_address_it_was_reached_at(elsewhere):
    found = _server_links(elsewhere)
    for where, urls in found.items():
        assert urls, where
        assert all(url.startswith(ORIGIN + "/") for url in urls), (where, urls)
    assert found["void"] == [f"{ORIGIN}/sparql", f"{ORIGIN}/dumps/cablegraph.nq.gz", f"{ORIGIN}/sitemap.xml"]
    assert found["service description"] == [f"{ORIGIN}/sparql"]
    assert found["api"][:3] == [
        f"{ORIGIN}/api/telegrams?limit=2&offset=2",
        f"{ORIGIN}/api/telegrams?limit=2&offset=0",
        f"{ORIGIN}/api/telegrams?limit=2&offset=4",
    ]
    assert found["manifest"][0] == f"{ORIGIN}/id/{{{{id}}}}"
    assert found["303"][0] == f"{ORIGIN}/doc/person/stalin"
    assert f"{ORIGIN}/telegrams?limit=2&offset=2" in found["page"] and f"{ORIGIN}/sparql" in found["page"]


def test_the_links_lead_somewhere_on_this_server(elsewhere):
    found = _server_links(elsewhere)
    for url in [*found["void"], *found["sitemap"][:2], found["303"][0]]:
        assert elsewhere.get(url.removeprefix(ORIGIN), headers={"Accept": "text/turtle"}).status_code == 200, url
    for url in [*found["api"], *found["manifest"][2:]]:
        assert elsewhere.get(url.removeprefix(ORIGIN)).status_code == 200, url


def test_a_public_url_replaces_the_request_origin_everywhere(published):
    found = _server_links(published)
    for where, urls in found.items():
        assert urls and all(url.startswith(PUBLIC) for url in urls), (where, urls)
    assert found["void"][0] == PUBLIC + "sparql" and found["service description"] == [PUBLIC + "sparql"]
    assert found["303"][0] == PUBLIC + "doc/person/stalin"
    page = html.fromstring(published.get("/").text)
    assert page.xpath("//nav[@aria-label='Main']//a/@href")[1] == PUBLIC + "telegrams"
    assert page.xpath("//body/@data-root") == [PUBLIC]


def test_a_root_path_prefixes_page_links_and_api_links(sample_store_path):
    with _client(sample_store_path, base_url="http://localhost:9123", root_path="/cg") as client:
        tree = html.fromstring(client.get("/cg/telegrams", params={"limit": 2}).text)
        assert tree.xpath("//nav[@aria-label='Main']//a/@href")[:2] == ["/cg/", "/cg/telegrams"]
        assert tree.xpath("//body/@data-root") == ["/cg/"]  # where the scripts fetch and link from
        assert tree.xpath("//a[@rel='next']/@href") == ["/cg/telegrams?limit=2&offset=2"]
        assert (
            client.get("/cg/api/telegrams", params={"limit": 2}).json()["next"]
            == f"{ORIGIN}/cg/api/telegrams?limit=2&offset=2"
        )
        assert client.get("/cg/id/person/stalin", follow_redirects=False).headers["location"] == "/cg/doc/person/stalin"
        editor = html.fromstring(client.get("/cg/sparql", headers={"Accept": "text/html"}).text)
        assert editor.xpath("//div[@id='yasgui']/@data-endpoint") == ["/cg/sparql"]  # the editor queries this server
        assert set(editor.xpath("//form/@action")) == {"/cg/sparql"}
        assert all(src.startswith("/cg/static/") for src in editor.xpath("//script/@src"))


def test_the_rdf_keeps_the_minted_iris(elsewhere, published):
    for client in (elsewhere, published):
        void, dataset = _void(client)
        assert dataset == URIRef(BASE + "id/dataset") and void.value(dataset, VOID.uriSpace) == Literal(BASE + "id/")
        stalin = Graph().parse(data=client.get("/doc/person/stalin.ttl").text, format="turtle")
        assert (URIRef(BASE + "id/person/stalin"), None, None) in stalin
        dump = gzip.decompress(client.get("/dumps/cablegraph.nq.gz").content)
        assert (
            b"<" + BASE.encode() + b"id/telegram/" in dump
            and b"localhost:9123" not in dump
            and b"example.org/cablegraph" not in dump
        )
        telegram = Graph().parse(
            data=client.get("/doc/telegram/001_86e2695bae78fc10", headers={"Accept": "text/turtle"}).text,
            format="turtle",
        )
        assert (URIRef(BASE + "id/telegram/001_86e2695bae78fc10"), RDF.type, CG.Telegram) in telegram
    assert published.get("/reconcile").json()["identifierSpace"] == BASE + "id/"


def test_minted_iris_shown_in_pages_link_to_this_server(elsewhere):
    tree = html.fromstring(elsewhere.get("/doc/person/stalin", headers={"Accept": "text/html"}).text)
    identifier = tree.xpath(f"//a[normalize-space(.)='{BASE}id/person/stalin']")[0]
    assert identifier.get("href") == "/id/person/stalin"  # the IRI as text, this server's page as the link
    generic = html.fromstring(elsewhere.get("/doc/dataset", headers={"Accept": "text/html"}).text)
    assert "/id/dataset" in generic.xpath("//a/@href") and not [
        h for h in generic.xpath("//a/@href") if h.startswith(BASE)
    ]
    card = html.fromstring(elsewhere.get("/reconcile/preview", params={"id": "person/stalin"}).text)
    assert card.xpath("//a/@href") == [f"{ORIGIN}/id/person/stalin"]


def test_a_warning_once_when_reached_under_another_origin(sample_store_path, caplog):
    caplog.set_level(logging.WARNING, logger="cablegraph.api")
    with _client(sample_store_path, base_url="http://localhost:9123") as client:
        assert not caplog.records  # nothing at start: no public URL to compare
        client.get("/healthz")
        client.get("/api/telegrams")
    warnings = [r.getMessage() for r in caplog.records if r.name == "cablegraph.api"]
    assert len(warnings) == 1
    assert BASE in warnings[0] and "http://localhost:9123/" in warnings[0] and "will not dereference" in warnings[0]
    assert "CABLEGRAPH_BASE_IRI=http://localhost:9123/" in warnings[0] and "CABLEGRAPH_PUBLIC_URL" in warnings[0]


def test_no_warning_when_reached_at_the_build_base(sample_store_path, caplog):
    caplog.set_level(logging.WARNING, logger="cablegraph.api")
    with _client(sample_store_path, base_url="http://127.0.0.1:8000") as client:
        assert client.get("/api/telegrams").status_code == 200
    with _client(sample_store_path, base_url="http://localhost:9123", public_url=BASE) as client:
        assert client.get("/api/telegrams").json()["items"][0]["record"].startswith(BASE + "api/")
    assert not [r for r in caplog.records if r.name == "cablegraph.api"]


def test_a_public_url_other_than_the_base_is_warned_at_start(sample_store_path, caplog):
    caplog.set_level(logging.WARNING, logger="cablegraph.api")
    with _client(sample_store_path, public_url=PUBLIC):
        warnings = [r.getMessage() for r in caplog.records if r.name == "cablegraph.api"]
    assert len(warnings) == 1 and f"published at {PUBLIC} (CABLEGRAPH_PUBLIC_URL)" in warnings[0]
    assert f"CABLEGRAPH_BASE_IRI={PUBLIC}" in warnings[0]


def test_the_store_keeps_its_base_whatever_the_setting_says_at_serve_time(sample_store_path, caplog):
    caplog.set_level(logging.WARNING, logger="cablegraph.api")
    with _client(sample_store_path, base_url="http://127.0.0.1:8000", base_iri="http://elsewhere.example/") as client:
        assert (
            client.get("/id/person/stalin", follow_redirects=False).status_code == 303
        )  # looked up under the build's base
        _void_graph, dataset = _void(client)
        assert dataset == URIRef(BASE + "id/dataset")
    warnings = [r.getMessage() for r in caplog.records if r.name == "cablegraph.api"]
    assert (
        len(warnings) == 1 and "CABLEGRAPH_BASE_IRI is http://elsewhere.example/" in warnings[0] and BASE in warnings[0]
    )


def test_bases_compare_by_origin_and_path():
    assert same_base("http://LOCALHOST:80/", "http://localhost/")
    assert same_base("https://example.org/cg", "https://example.org:443/cg/")
    assert not same_base("http://127.0.0.1:8000/", "http://localhost:8000/")
    assert not same_base("http://example.org/a/", "http://example.org/b/")
    assert origin_warning(BASE, "http://127.0.0.1:8000/", public=False) is None


def test_a_raw_non_ascii_url_is_told_how_to_encode_itself():
    detail = unencoded_url_detail("GET /id/person/Мао?x=Сталин HTTP/1.1".encode())
    assert (
        "percent-encoded" in detail and "/id/person/%D0%9C%D0%B0%D0%BE?x=%D0%A1%D1%82%D0%B0%D0%BB%D0%B8%D0%BD" in detail
    )
    assert "/id/person/Мао" in detail
    assert unencoded_url_detail(b"GET /id/person/mao HTTP/1.1") is None
    assert unencoded_url_detail(b"\xff\xfe") is None
