"""Several servers, one remote store: `cablegraph build` writes the store and the catalogue file,
every server opens that file read-only, and they answer alike — before and after a later build,
which running servers follow without a restart. A server never reads the catalogue back from the
engine, and says which command makes it when it is missing or of another schema.

The store is the recording endpoint of tests/api/conftest.py; tests/graph/store/test_remote.py
runs two servers in front of Oxigraph server and Virtuoso too.
"""

from __future__ import annotations

import shutil
import sqlite3

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from cablegraph.api.app import create_app
from cablegraph.api.settings import Settings
from cablegraph.cli.app import app as cli
from cablegraph.graph.catalogue import database as catalogue_module
from cablegraph.graph.catalogue.database import CatalogueError
from tests.api.conftest import serve_endpoint
from tests.conftest import BASE

ROUTES = (
    "/api/telegrams?limit=500",
    "/api/telegrams?q=Мао",
    "/api/telegrams?person=stalin&role=sent",
    "/api/people",
    "/api/people/stalin",
    "/api/places",
    "/api/network",
    "/api/timeline?granularity=month",
    "/api/units",
    "/api/telegrams/002_8407d3f3e1911c0a",
)
QUERIES = (
    "SELECT ?t ?date WHERE { ?t a <https://w3id.org/cablegraph/ns#Telegram> ; <http://purl.org/dc/terms/date> ?date } ORDER BY ?date ?t",
    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    "ASK { <http://127.0.0.1:8000/id/person/stalin> ?p ?o }",
)
PAGE = "/doc/telegram/001_86e2695bae78fc10"


@pytest.fixture(scope="module")
def built(seeds_dir, tmp_path_factory):
    """The seeds built by `cablegraph build` into an empty remote store, with the catalogue file."""
    with serve_endpoint(ox.Store()) as endpoint:
        catalogue = tmp_path_factory.mktemp("state") / "catalogue.sqlite"
        env = {
            "CABLEGRAPH_STORE_URL": endpoint.query_url,
            "CABLEGRAPH_STORE_GSP_URL": endpoint.graph_store_url,
            "CABLEGRAPH_CATALOGUE": str(catalogue),
            "CABLEGRAPH_BASE_IRI": BASE,
        }
        result = CliRunner().invoke(cli, ["build", str(seeds_dir)], env=env)
        assert result.exit_code == 0, result.output
        assert f"catalogue: {catalogue}" in result.output
        yield endpoint, catalogue, env


def _settings(built) -> Settings:
    endpoint, catalogue, _ = built
    return Settings(base_iri=BASE, store_url=endpoint.query_url, catalogue=catalogue)


def _answers(server: TestClient) -> dict[str, object]:
    """What a client sees: /sparql, the JSON API, a linked-data page in Turtle and HTML, and the ETag."""
    seen: dict[str, object] = {}
    for query in QUERIES:
        response = server.post("/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"})
        assert response.status_code == 200, response.text[:300]
        seen[query] = response.json()
    for route in ROUTES:
        response = server.get(route)
        assert response.status_code == 200, (route, response.text[:300])
        seen[route] = response.json()
    turtle = server.get(PAGE + ".ttl")
    assert turtle.status_code == 200
    seen["page"] = turtle.text
    seen["etag"] = turtle.headers["etag"]
    html = server.get(PAGE, headers={"Accept": "text/html"})
    assert html.status_code == 200 and "Roshchin" in html.text
    seen["html"] = html.text
    return seen


def test_two_servers_of_one_store_and_catalogue_answer_alike_and_follow_a_later_build(
    built, client, seeds_dir, tmp_path, monkeypatch
):
    endpoint, _catalogue, env = built
    monkeypatch.setattr(catalogue_module, "FOLLOW_S", 0.0)  # look at the file on every read, not once a second
    with TestClient(create_app(_settings(built))) as first:
        before = len(endpoint.seen())
        with TestClient(create_app(_settings(built))) as second:
            started = endpoint.seen()[before:]
            assert not [text for _, text in started if "sha256" in text], (
                "a server read the catalogue back from the store"
            )
            assert len(started) <= 2, started  # the minted base, and nothing else
            one, two = _answers(first), _answers(second)
            assert one == two
            for route in ROUTES:  # and as the embedded store's server answers
                assert one[route] == client.get(route).json(), route
            listed = len(endpoint.seen())
            assert second.get("/api/telegrams", params={"q": "Мао", "limit": 3}).status_code == 200
            assert len(endpoint.seen()) == listed, "a search went to the store, not the catalogue"

            corpus = tmp_path / "corpus"
            shutil.copytree(seeds_dir, corpus)
            (corpus / "003_1913699800420464.txt").unlink()
            result = CliRunner().invoke(cli, ["build", str(corpus)], env=env)
            assert result.exit_code == 0, result.output
            removed = [text for method, text in endpoint.seen()[listed:] if method == "DELETE"]
            assert removed == [BASE + "graph/telegram/003_1913699800420464"]
            after_one, after_two = _answers(first), _answers(second)
            assert after_one == after_two
            assert after_one["etag"] != one["etag"]
            assert (
                len(after_one["/api/telegrams?limit=500"]["items"]) == len(one["/api/telegrams?limit=500"]["items"]) - 1
            )
            assert second.get("/api/telegrams/003_1913699800420464").status_code == 404


def test_a_server_of_a_remote_store_without_its_catalogue_says_which_command_makes_it(built, tmp_path):
    endpoint, _, _ = built
    for settings in (
        Settings(base_iri=BASE, store_url=endpoint.query_url),
        Settings(base_iri=BASE, store_url=endpoint.query_url, catalogue=tmp_path / "none.sqlite"),
    ):
        before = len(endpoint.seen())
        with pytest.raises(CatalogueError, match="cablegraph build") as error, TestClient(create_app(settings)):
            pass
        assert "CABLEGRAPH_CATALOGUE" in str(error.value)
        assert not [text for _, text in endpoint.seen()[before:] if "sha256" in text]


def test_a_catalogue_of_another_schema_is_refused_not_rebuilt_by_the_server(built, tmp_path):
    endpoint, catalogue, env = built
    old = tmp_path / "old.sqlite"
    shutil.copy(catalogue, old)
    with sqlite3.connect(old) as db:
        db.execute("UPDATE meta SET value = '12' WHERE key = 'schema'")
    settings = Settings(base_iri=BASE, store_url=endpoint.query_url, catalogue=old)
    with pytest.raises(CatalogueError, match=r"schema 12.*cablegraph build"), TestClient(create_app(settings)):
        pass
    with sqlite3.connect(old) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == ("12",)  # untouched
    result = CliRunner().invoke(
        cli, ["catalogue"], env={**env, "CABLEGRAPH_CATALOGUE": str(old)}
    )  # the command that makes it
    assert result.exit_code == 0, result.output
    with TestClient(create_app(settings)) as server:
        assert server.get("/api/telegrams").json()["total"] >= 4


def test_serve_stops_before_starting_without_the_catalogue(built, tmp_path):
    endpoint, _, _ = built
    env = {"CABLEGRAPH_STORE_URL": endpoint.query_url, "CABLEGRAPH_CATALOGUE": str(tmp_path / "missing.sqlite")}
    result = CliRunner().invoke(cli, ["serve"], env=env)
    assert result.exit_code == 1
    assert "no catalogue at" in result.output and "cablegraph build" in result.output


def test_a_build_into_a_remote_store_needs_a_catalogue_file(built, seeds_dir):
    endpoint, _, env = built
    before = len(endpoint.seen())
    result = CliRunner().invoke(cli, ["build", str(seeds_dir)], env={**env, "CABLEGRAPH_CATALOGUE": None})
    assert result.exit_code == 1 and "CABLEGRAPH_CATALOGUE" in result.output and "nothing built" in result.output
    assert [m for m, _ in endpoint.seen()[before:] if m in ("PUT", "DELETE")] == []
